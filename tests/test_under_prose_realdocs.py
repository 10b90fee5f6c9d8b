"""Short tables printed inside the prose chapters (goal and target tables, strategy tables, indicator formulas),
read end to end through ``python3 -m extractor extract`` (the JSON a user gets).

A page of prose is read when a line opens with a numbered caption over the header words of a kind printed under
prose (tables.json ``under_prose``: TC.25, TC.26, TC.28, IKU, PROGRAM-LIST). Values read from the page images
(pdftoppm -r 80/100 of the page named in each test), never from the tool's output:
- Pengairan Banyuwangi 2025-2029 p.72 (printed 65) "Tabel 10. Target kinerja capaian indikator tujuan tahun
  2025-2030": Tujuan | Indikator Tujuan | Baseline 2024 | Target 2025 ... 2030, one row under prose;
  pp.74-75 (printed 67-68) "Tabel 11/12. Formulasi Sasaran 1/2": No | Sasaran | Indikator | Formulasi.
- Sumatera Utara DP3AKB 2024-2026 pp.45-47 (printed 41-43) "Tabel 5.1 Sasaran, Target Kinerja, Kebijakan dan
  Program": No | Tujuan | Sasaran | Indikator | Target Kinerja Sasaran 2024 2025 2026 | Strategi | Kebijakan |
  Program. Before, a reading of it by its header glued the yearly targets into the sasaran ("... pembangunan 36%
  71% 100%"): "Target Kinerja Sasaran" over the years is a target, not the sasaran.
- Inspektorat Banyuwangi 2025-2029 p.44 (printed 3): prose ending "... yang dapat digambarkan dalam tabel 4.1"
  over a ruled table (NSPK dan Sasaran RPJMD yang Relevan | Tujuan OPD | Sasaran OPD | Outcome | Nama Program |
  Nama Kegiatan / Sub Kegiatan) with no caption of its own. Not read: a table named only inside a sentence makes
  no page of prose a candidate (test_readers_pdf), and its one row stacks two kegiatan and four sub kegiatan in one
  cell, which would be read as one glued name. The note names the page.
"""

from __future__ import annotations

import json
import subprocess
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

REALDOCS = Path(__file__).resolve().parents[1].parent / "shared" / "realdocs"
PENGAIRAN = "banyuwangi_renstra_2025-2029_pengairan.pdf"
INSPEKTORAT = "banyuwangi_renstra_2025-2029_inspektorat.pdf"
SUMUT = "sumut_dp3akb_renstra_2024-2026.pdf"

pytestmark = pytest.mark.realdocs


@lru_cache(maxsize=4)
def _json(name: str, out: str) -> dict[str, Any]:
    path = REALDOCS / name
    subprocess.run([sys.executable, "-m", "extractor", "extract", str(path), "-o", out, "-q"], check=True,
                   cwd=Path(__file__).resolve().parents[1], capture_output=True)
    return json.loads((Path(out) / f"{path.stem}.json").read_text(encoding="utf-8"))


def _extracted(name: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if not (REALDOCS / name).exists():
        pytest.skip(f"{REALDOCS / name} not present (the shared real documents live beside the repository)")
    return _json(name, str(tmp_path_factory.getbasetemp() / "under_prose" / Path(name).stem))


def _table(result: dict[str, Any], kind: str, page: int) -> dict[str, Any]:
    tables = [t for t in result["tables"] if t["kind"] == kind and page in t["pages"]]
    assert len(tables) == 1, [(t["kind"], t["pages"]) for t in result["tables"]]
    return tables[0]


def _targets(row: dict[str, Any], years: range, field: str = "target") -> list[float | None]:
    return [row["years"][str(y)][field] for y in years]


def test_pengairan_goal_targets_under_prose(tmp_path_factory: pytest.TempPathFactory) -> None:
    table = _table(_extracted(PENGAIRAN, tmp_path_factory), "TC.25", 72)
    assert table["pages"] == [72]
    assert table["header"]["understood"]
    assert table["columns"] == ["tujuan", "indikator", "2024.kondisi_awal", "2025.target", "2026.target",
                                "2027.target", "2028.target", "2029.target", "2030.target"]
    [row] = table["rows"]
    assert row["tujuan"] == "Mewujudkan ketersediaan air baku untuk keperluan irigasi dan keperluan lainnya"
    assert row["indikator"] == "Indeks Kepuasan Layanan Pengelolaan Sumber Daya Air"
    assert row["years"]["2024"]["kondisi_awal"] == 82.05
    assert _targets(row, range(2025, 2031)) == [82.2, 82.35, 82.5, 82.65, 82.8, 82.95]
    assert row["raw"]["2026.target"] == "82,35"


@pytest.mark.parametrize(("page", "no", "sasaran", "indikator", "formula_start"), [
    (74, "1", "Meningkatnya daya dukung, daya tampung, dan fungsi sumber daya air untuk mendukung ketahanan pangan",
     "Presentase ketersediaan air irigasi", "Jumlah daerah irigasi yang memiliki FPR kategori cukup"),
    (75, "2", "Meningkatnya akses air bersih", "Presentase ketersediaan air bersih",
     "Jumlah rumah tangga terlayani air bersih"),
])
def test_pengairan_indicator_formulas_under_prose(tmp_path_factory: pytest.TempPathFactory, page: int, no: str,
                                                  sasaran: str, indikator: str, formula_start: str) -> None:
    table = _table(_extracted(PENGAIRAN, tmp_path_factory), "IKU", page)
    assert table["pages"] == [page]  # each formula table is its own table, under its own caption
    [row] = table["rows"]
    assert (row["no"], row["sasaran"], row["indikator"]) == (no, sasaran, indikator)
    assert row["rumus"].startswith(formula_start)
    assert "x 100%" in row["rumus"]


def test_pengairan_prose_pages_without_a_table_stay_out(tmp_path_factory: pytest.TempPathFactory) -> None:
    """p.73 (printed 66) is prose only: no table comes from it."""
    result = _extracted(PENGAIRAN, tmp_path_factory)
    assert not [t for t in result["tables"] if 73 in t["pages"]]


SUMUT_ROWS = [  # pp.45-47, by eye: (page, no, start of the sasaran, start of the indikator, targets 2024-2026)
    (45, "1", "Meningkatnya implementasi Pengarusutamaan Gender", "Persentase Perangkat Daerah yang melaksanakan "
     "PPRG", [36, 71, 100]),
    (45, "2", "Meningkatnya upaya pencegahan kekerasan", "Rasio kekerasan terhadap perempuan (per 100.000)",
     [9, 8, 7]),
    (46, "", "", "Rasio kekerasan terahadap anak (per 100.000)", [16, 15, 14]),
    (46, "", "Meningkatnya kualitas layanan bagi perempuan dan anak korban kekerasan termasuk TPPO",
     "Persentase korban yang mendapatkan layanan sesuai standard", [33, 67, 100]),
    (47, "3", "Meningkatnya implementasi kabupaten/ kota layak anak", "Persentase Perangkat Daerah Berkontribusi",
     [50, 77, 100]),
    (47, "4", "Meningkatnya upaya pengendalian penduduk dan kualitas keluarga", "Angka Kelahiran Total",
     [2.42, 2.36, 2.3]),
]


def test_sumut_goal_strategy_table_under_prose(tmp_path_factory: pytest.TempPathFactory) -> None:
    table = _table(_extracted(SUMUT, tmp_path_factory), "TC.26", 45)
    assert table["pages"] == [45, 46, 47]
    assert table["years"] == [2024, 2025, 2026]
    assert table["columns"] == ["no", "tujuan", "sasaran", "indikator", "2024.target", "2025.target",
                                "2026.target", "strategi", "arah_kebijakan", "program"]
    with_indicator = [r for r in table["rows"] if r.get("indikator")]
    assert len(with_indicator) == len(SUMUT_ROWS)
    for row, (page, no, sasaran, indikator, targets) in zip(with_indicator, SUMUT_ROWS):
        assert row["page"] == page
        assert row.get("no", "") == no
        assert row.get("sasaran", "").startswith(sasaran)
        assert row["indikator"].startswith(indikator)
        assert _targets(row, range(2024, 2027)) == targets
        assert not any(ch.isdigit() for ch in row.get("sasaran", "")), row["sasaran"]  # nothing glued in
    first, fourth = with_indicator[0], with_indicator[5]
    assert first["tujuan"] == "Meningkatkan Implementasi Pengarusutamaan Gender dalam Pembangunan"
    assert first["raw"]["2024.target"] == "36%"
    assert first["strategi"].startswith("Mengoptimalkan pengintegrasian perspektif Gender ke dalam kebijakan")
    assert first["arah_kebijakan"].startswith("pemenuhan standar pelembagaan dan implementasi PUG")
    assert first["program"] == "1. Program Pengarusutamaan Gender dan Pemberdayaan Perempuan"  # its own field
    assert fourth["tujuan"] == "Mewujudkan penduduk tumbuh seimbang dan keluarga berkualitas."
    assert fourth["strategi"].startswith("Penyerasian kebijakan kependudukan dan optimalisasi")
    assert fourth["raw"]["2026.target"] == "2,3"
    # the programs printed in cells of their own under one sasaran (p.45 "2. Program Peningkatan Kualitas
    # Keluarga", p.47 programs 2 and 3) stay rows with their program only, no target made up
    programs_only = [r["program"] for r in table["rows"] if not r.get("indikator")]
    assert programs_only == ["2. Program Peningkatan Kualitas Keluarga",
                             "2. Program Pembinaan Keluarga Berencana (KB)",
                             "3. Program Pemberdayaan dan Peningkatan Keluarga Sejahtera (KS)"]


def test_inspektorat_table_named_in_a_sentence_is_noted(tmp_path_factory: pytest.TempPathFactory) -> None:
    result = _extracted(INSPEKTORAT, tmp_path_factory)
    assert not [t for t in result["tables"] if 44 in t["pages"]]
    [note] = [n for n in result["notes"] if n["code"] == "caption-without-table" and n["page"] == 44]
    assert "dalam tabel 4.1" in note["message"] and "check the page by eye" in note["message"]
