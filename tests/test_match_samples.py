"""Matching end to end: the sample documents (DOCX and PDF) against the official lists in ../shared/nomenclature.

Expected codes were checked by hand in the CSVs (grep), not taken from the tool's output.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import docx
import pytest
from conftest import NOMENCLATURE, SAMPLE_DOCX, SAMPLE_PDF

from extractor.match import best_version, retired_codes
from extractor.model import Result, Row
from extractor.nomenclature import Nomenclature, load_nomenclature, load_replacements
from extractor.pipeline import extract

LIST_2023 = NOMENCLATURE / "nomenklatur-2023.csv"
LIST_2027 = NOMENCLATURE / "nomenklatur-2027-kabkota.csv"
MAP_2027 = NOMENCLATURE / "mapping-2027-subkegiatan-sebelumnya.csv"

pytestmark = pytest.mark.skipif(not LIST_2023.exists(), reason=f"{NOMENCLATURE} not present")


@lru_cache(maxsize=2)
def nom_2023() -> Nomenclature:
    return load_nomenclature(LIST_2023)


@lru_cache(maxsize=1)
def nom_2027() -> Nomenclature:
    nom = load_nomenclature(LIST_2027)
    nom.set_replacements(load_replacements(MAP_2027))
    return nom


@lru_cache(maxsize=4)
def matched(path: str, which: str) -> Result:
    return extract(path, {"kinds": ("TC.27",)}, nomenclature=nom_2023() if which == "2023" else nom_2027())


def rows_by_code(result: Result) -> dict[str, Row]:
    return {r.data["code"]: r for r in result.tables_of("TC.27")[0].rows}


@pytest.fixture(params=[SAMPLE_DOCX, SAMPLE_PDF], ids=["docx", "pdf"])
def sample_2023(request: pytest.FixtureRequest) -> dict[str, Row]:
    return rows_by_code(matched(str(request.param), "2023"))


def test_every_row_has_a_status(sample_2023: dict[str, Row]) -> None:
    assert len(sample_2023) == 74
    allowed = {"exact", "name_variant", "code_suggested", "conflict", "replaced", "legacy_suggestion", "not_found"}
    assert all(r.match.status in allowed for r in sample_2023.values())


def test_typo_rows_are_name_variants(sample_2023: dict[str, Row]) -> None:
    typo = sample_2023["2.17.03.2.01.0003"]  # printed "Pengutan Tata Kelola Kelembagaan Koperasi"
    assert typo.match.status == "name_variant"
    assert typo.match.matched_name == "Penguatan Tata Kelola Kelembagaan Koperasi"
    glued = sample_2023["2.17.05.2.01.0001"]  # printed "... Kapasitas dan KompetensiSDM Koperasi"
    assert glued.match.status in ("exact", "name_variant")
    assert glued.match.matched_code == "2.17.05.2.01.0001"


def test_supporting_program_resolves_through_generic_block(sample_2023: dict[str, Row]) -> None:
    block = {c: r for c, r in sample_2023.items() if c.startswith("2.17.01")}
    assert len(block) == 24
    for code, row in block.items():
        assert row.match.status in ("exact", "name_variant"), code
        assert row.match.matched_code == "X.XX." + code[len("2.17."):]
        assert row.match.method == "generic-code"


@pytest.mark.parametrize("code", ["2.17.07.2.01.0013", "2.17.07.2.01.0015", "2.17.08.2.01.0002",
                                  "2.17.08.2.01.0003", "2.17.08.2.01.0006"])
def test_odd_codes_resolve(sample_2023: dict[str, Row], code: str) -> None:
    row = sample_2023[code]  # printed "013", "015", "000 2", "000 3", "000 6"
    assert row.match.status in ("exact", "name_variant")
    assert row.match.matched_code == code


@pytest.mark.parametrize("code, candidate", [
    ("2.17.03.2.01.0001", "2.17.03.2.01.0004"),
    ("2.17.04.2.01.0002", "2.17.04.2.01.0001"),
    ("2.17.07.2.01.0001", "2.17.07.2.01.0004"),
])
def test_codes_missing_from_2023_are_unknown_with_a_candidate(sample_2023: dict[str, Row], code: str,
                                                             candidate: str) -> None:
    row = sample_2023[code]
    assert row.match.status == "not_found" and row.match.matched_code is None
    assert any(f.code == "code-unknown" for f in row.flags)
    assert row.match.runner_up_code == candidate  # the best candidate by name, never accepted


def test_replacements_from_the_2027_update() -> None:
    if not LIST_2027.exists():
        pytest.skip(f"{LIST_2027} not present")
    rows = rows_by_code(matched(str(SAMPLE_DOCX), "2027"))
    # mapping-2027-subkegiatan-sebelumnya.csv: 0022 replaces 2.17.07.2.01.0003, 0025 replaces 2.17.08.2.01.0002
    for old, new in [("2.17.07.2.01.0003", "2.17.07.2.01.0022"), ("2.17.08.2.01.0002", "2.17.08.2.01.0025")]:
        assert rows[old].match.status == "replaced"
        assert rows[old].match.matched_code == new


def test_document_fits_2023_better_than_2027() -> None:
    if not LIST_2027.exists():
        pytest.skip(f"{LIST_2027} not present")
    rows = extract(SAMPLE_DOCX, {"kinds": ("TC.27",)}).tables_of("TC.27")[0].rows
    ranking = best_version(rows, [nom_2027(), nom_2023()])
    assert ranking[0].nomenclature is nom_2023() and ranking[0].share > ranking[1].share
    retired = {r.code: r for r in retired_codes(rows, nom_2023(), nom_2027(), nom_2027().replacements)}
    assert retired["2.17.07.2.01.0003"].new_code == "2.17.07.2.01.0022"


def _write_tc27(path: Path, rows: list[tuple[str, str]]) -> None:
    """A minimal Renstra DOCX: a TC.27 caption and a table with a code cell, a name and one year."""
    document = docx.Document()
    document.add_paragraph("Tabel TC. 27")
    document.add_paragraph("Rencana Program, Kegiatan dan Pendanaan Indikatif")
    table = document.add_table(rows=2 + len(rows), cols=5)
    header = ["KODE", "PROGRAM/ KEGIATAN/ SUB KEGIATAN", "INDIKATOR", "2024", "2024"]
    for c, text in enumerate(header):
        table.cell(0, c).text = text
    for c, text in enumerate(["", "", "", "Target", "Rp"]):
        table.cell(1, c).text = text
    for r, (code, name) in enumerate(rows, start=2):
        for c, text in enumerate([code, name, "Jumlah // Unit", "1", "10,000,000"]):
            table.cell(r, c).text = text
    document.save(str(path))


def test_swapped_and_invented_names_are_never_confident(tmp_path: Path) -> None:
    path = tmp_path / "swapped.docx"
    _write_tc27(path, [
        ("2.17", "URUSAN PEMERINTAHAN BIDANG KOPERASI, USAHA KECIL, DAN MENENGAH"),
        ("2.17.03", "PROGRAM PENGAWASAN DAN PEMERIKSAAN KOPERASI"),
        ("2.17.03.2.01", "Pemeriksaan dan Pengawasan Koperasi, Koperasi Simpan Pinjam/Unit Simpan Pinjam Koperasi "
                         "yang Wilayah Keanggotaannya dalam Daerah Kabupaten/Kota"),
        # 0003 and 0004 with each other's names
        ("2.17.03.2.01.0003", "Pelaksanaan Proses Pemeriksaan dan Pengawasan Koperasi yang Wilayah Keanggotaannya "
                              "dalam Daerah Kabupaten/Kota"),
        ("2.17.03.2.01.0004", "Penguatan Tata Kelola Kelembagaan Koperasi"),
        ("2.17.03.2.01.0002", "Pembangunan Jembatan Layang Antar Pulau"),  # invented name on a real code
        ("2.17.03.2.01.0099", "Pengadaan Kapal Selam untuk Koperasi Nelayan"),  # invented code and name
    ])
    rows = rows_by_code(extract(path, nomenclature=nom_2023()))
    assert rows["2.17.03"].match.status == "exact"
    assert rows["2.17.03.2.01.0003"].match.status == "conflict"
    assert rows["2.17.03.2.01.0004"].match.status == "conflict"
    assert rows["2.17.03.2.01.0002"].match.status in ("conflict", "not_found")
    assert rows["2.17.03.2.01.0099"].match.status == "not_found"
    for code in ("2.17.03.2.01.0003", "2.17.03.2.01.0004", "2.17.03.2.01.0002", "2.17.03.2.01.0099"):
        assert rows[code].match.status not in ("exact", "name_variant", "code_suggested"), code
