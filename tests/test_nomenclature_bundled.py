"""The nomenclature lists shipped in the package, the automatic choice of a list, and the CLI end to end.

Expected codes come from the list files themselves (the shared copies in ../shared/nomenclature, read here with
the csv module) and from the sample's truth (samples/truth/tc27.csv), never from the tool's output.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import NOMENCLATURE, SAMPLE_DOCX, SAMPLE_PDF, truth_rows

from extractor.cli import main
from extractor.errors import NOTE_CODES
from extractor.match import match_rows
from extractor.matching import choose_nomenclature, jenis_evidence
from extractor.model import Row
from extractor.nomenclature import (
    available_nomenclatures,
    bundled_dir,
    bundled_nomenclatures,
    import_nomenclature,
    resolve_nomenclature,
)
from extractor.pipeline import extract

BUNDLED = {"2023-kabkota": "nomenklatur-2023.csv", "2027-kabkota": "nomenklatur-2027-kabkota.csv",
           "2027-provinsi": "nomenklatur-2027-provinsi.csv"}
MAP_2027 = "mapping-2027-subkegiatan-sebelumnya.csv"


def run(*args: str, env: dict[str, str] | None = None) -> object:
    return CliRunner().invoke(main, list(args), env=env)


def _map_kabkot() -> dict[str, str]:
    """previous_code -> code for the KABKOT lines of the 2027 map (read with csv, not with the package)."""
    with (bundled_dir() / MAP_2027).open(encoding="utf-8") as fh:
        return {r["previous_code"]: r["code"] for r in csv.DictReader(fh) if r["jenis_pemda"] == "KABKOT"}


def _codes(file: str) -> set[str]:
    with (bundled_dir() / file).open(encoding="utf-8") as fh:
        return {r["code"] for r in csv.DictReader(fh)}


def test_bundled_lists_are_the_shared_files() -> None:
    infos = {i.name: i for i in bundled_nomenclatures()}
    assert set(infos) == set(BUNDLED)
    assert infos["2023-kabkota"].entries == 4367 and infos["2027-kabkota"].entries == 4507
    assert infos["2027-provinsi"].entries == 5220  # the row counts of shared SOURCES.md
    assert (infos["2023-kabkota"].jenis, infos["2027-provinsi"].jenis) == ("KABKOT", "PROV")
    assert infos["2027-kabkota"].year == 2027 and infos["2023-kabkota"].replacements is None
    assert (bundled_dir() / "SOURCES.md").exists()
    for name, file in [*BUNDLED.items(), ("map", MAP_2027)]:
        shared = NOMENCLATURE / file
        if shared.exists():
            assert hashlib.sha256((bundled_dir() / file).read_bytes()).digest() == \
                hashlib.sha256(shared.read_bytes()).digest(), name


def test_a_bundled_name_resolves_with_its_replacement_map() -> None:
    nom = resolve_nomenclature("2027-kabkota")
    assert nom.jenis == "KABKOT" and nom.replacements["2.17.07.2.01.0003"].new_code == "2.17.07.2.01.0022"
    assert resolve_nomenclature("2023-kabkota").replacements == {}


def test_an_imported_list_wins_over_a_bundled_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RENSTRA_DATA_DIR", str(tmp_path))
    small = tmp_path / "small.csv"
    small.write_text("code,level,name,parent_code,version,kinerja,indikator,satuan\n"
                     "2,urusan,URUSAN DUA,,my 2023,,,\n2.17,bidang_urusan,KOPERASI,2,my 2023,,,\n", encoding="utf-8")
    import_nomenclature(small, "2023-kabkota")
    names = [(i.name, i.origin) for i in available_nomenclatures()]
    assert ("2023-kabkota", "imported") in names and ("2023-kabkota", "bundled") not in names
    assert resolve_nomenclature("2023-kabkota").version == "my 2023"
    listing = run("nomenclature", "list", env={"RENSTRA_DATA_DIR": str(tmp_path)}).output
    assert "shadowed by the imported list" in listing and "2027-provinsi" in listing


def test_nomenclature_show_prints_parents_and_replacement() -> None:
    out = run("nomenclature", "show", "2.17.07.2.01.0003").output
    assert "2023-kabkota:" in out and "  2.17.07  program  PROGRAM PEMBERDAYAAN USAHA" in out
    assert "Fasilitasi Kemudahan Perizinan Usaha Mikro" in out
    assert "replaced by 2.17.07.2.01.0022 Pembinaan dan Fasilitasi Perizinan Berusaha bagi UMKM" in out
    missing = run("nomenclature", "show", "2.08.02.2.02.0008")  # a 2024/2025 code no bundled list holds
    assert missing.exit_code == 1 and "in none of 2023-kabkota, 2027-kabkota, 2027-provinsi" in missing.output


def _row(level: str, code: str | None, name: str) -> Row:
    return Row(data={"level": level, "code": code, "code_raw": code or "", "name": name})


def test_jenis_from_codes_then_names() -> None:
    kab = [_row("kegiatan", "1.05.02.2.01", "x"), _row("sub_kegiatan", "1.05.02.2.01.0003", "y")]
    assert jenis_evidence(kab)[0] == "KABKOT"
    prov = [_row("kegiatan", "2.08.02.1.01", "x"), _row("sub_kegiatan", "2.08.02.1.01.0001", "y")]
    assert jenis_evidence(prov)[0] == "PROV"
    named = [_row("program", None, "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH PROVINSI")]
    assert jenis_evidence(named) == ("PROV", "'Provinsi' in 1 printed names, 'Kabupaten/Kota' in 0")
    assert jenis_evidence([_row("program", None, "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH")])[0] is None


def test_a_provincial_program_chooses_the_provincial_list() -> None:
    rows = [_row("program", None, "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH PROVINSI"),
            _row("kegiatan", None, "Administrasi Keuangan Perangkat Daerah")]
    choice = choose_nomenclature(rows)
    assert choice.name == "2027-provinsi" and choice.reason.startswith("provinsi:")


@pytest.mark.parametrize("path", [SAMPLE_DOCX, SAMPLE_PDF], ids=["docx", "pdf"])
def test_the_sample_chooses_the_2023_list(path: Path) -> None:
    """The sample prints 2024-2026 codes: the 2023 list knows more of them than the 2027 one (which retires
    2.17.07.2.01.0002-0015 and 2.17.08.2.01.0002-0006)."""
    result = extract(path, {"kinds": ("TC.27",)})
    m = result.matching
    assert m.status == "done" and m.list_name == "2023-kabkota" and m.origin == "bundled"
    assert m.reason.startswith("kab/kota: kegiatan segment 2 in ")
    fits = {f["list"]: f for f in m.fits}
    assert set(fits) == {"2023-kabkota", "2027-kabkota"}  # the provincial list is not a candidate
    assert fits["2023-kabkota"]["codes_named"] > fits["2027-kabkota"]["codes_named"]
    # codes of the sample absent from every bundled list (truth codes checked against the list files)
    truth_codes = {r["code"] for r in truth_rows("tc27.csv") if r["code"]}
    nowhere = sorted(c for c in truth_codes if c not in _codes(BUNDLED["2023-kabkota"])
                     and c not in _codes(BUNDLED["2027-kabkota"]) and c not in _map_kabkot()
                     and not c.startswith("2.17.01"))
    assert m.codes_unknown == len(nowhere) > 0
    assert set(m.unknown_codes) <= set(nowhere)
    assert any(n.code == "codes-unknown" and f"{len(nowhere)} printed code(s)" in n.message for n in result.notes)
    assert "codes-unknown" in NOTE_CODES
    retired = {c for c in truth_codes if c in _codes(BUNDLED["2023-kabkota"]) and c in _map_kabkot()}
    assert m.retired_in_newer_lists == {"2027-kabkota": len(retired)} and len(retired) == 8


def test_cli_with_the_2027_list_gives_the_replaced_rows(tmp_path: Path) -> None:
    """End to end: every truth code that the 2027 list lacks and its map retires is 'replaced' by the map's code."""
    result = run("extract", str(SAMPLE_DOCX), "-o", str(tmp_path), "--nomenclature", "2027-kabkota",
                 "--kind", "TC.27")
    assert result.exit_code == 0, result.output
    assert "matching: 2027-kabkota (given); " in result.output and "replaced 8" in result.output
    reps, in_2027 = _map_kabkot(), _codes(BUNDLED["2027-kabkota"])
    expected = {c: reps[c] for c in (r["code"] for r in truth_rows("tc27.csv")) if c in reps and c not in in_2027}
    assert len(expected) == 8
    doc = json.loads((tmp_path / f"{SAMPLE_DOCX.stem}.json").read_text(encoding="utf-8"))
    rows = [r for t in doc["tables"] for r in t["rows"]]
    replaced = {r["code"]: r["match_code"] for r in rows if r.get("match_status") == "replaced"}
    assert replaced == expected
    with (tmp_path / f"{SAMPLE_DOCX.stem}.matches.csv").open(encoding="utf-8-sig") as fh:
        lines = [r for r in csv.DictReader(fh) if r["match_status"] == "replaced"]
    assert {r["code"]: r["match_code"] for r in lines} == expected


def test_unknown_codes_are_never_a_confident_match() -> None:
    """Dinsos PPKB 2025-2029 prints codes of a version between the bundled lists (none holds them)."""
    rows = [_row("program", "2.08.02", "PROGRAM PEMBERDAYAAN SOSIAL"),
            _row("kegiatan", "2.08.02.2.02", "Pemberdayaan Sosial Komunitas Adat Terpencil (KAT)"),
            _row("sub_kegiatan", "2.08.02.2.02.0008", "Pengadaan Bibit Tanaman Langka untuk Taman Kota")]
    nom = resolve_nomenclature("2027-kabkota")
    assert nom.lookup("2.08.02.2.02.0008")[0] is None
    res = match_rows(rows, nom)[2]
    assert res.status == "not_found" and res.matched_code is None and "code-unknown" in res.flags
    assert res.runner_up_code is not None  # the best candidate by name is shown, never accepted


def test_a_document_with_codes_of_a_missing_version_says_so(tmp_path: Path) -> None:
    """Codes and names as the Dinsos PPKB Renstra 2025-2029 prints them (pp.142, 150: a version between the
    bundled lists; `renstra nomenclature show` finds them in none)."""
    from test_match_samples import _write_tc27

    path = tmp_path / "dinsos.docx"
    _write_tc27(path, [
        ("2.08", "URUSAN PEMERINTAHAN BIDANG PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK"),
        ("2.08.02", "PROGRAM PENGARUSUTAMAAN GENDER DAN PEMBERDAYAAN PEREMPUAN"),
        ("2.08.02.2.02", "Pemberdayaan Perempuan Bidang Politik, Hukum, Sosial, dan Ekonomi pada Organisasi "
                         "Kemasyarakatan Kewenangan Kabupaten/Kota"),
        ("2.08.02.2.02.0008", "Sosialisasi Peningkatan Partisipasi Perempuan di Bidang Politik, Hukum, Sosial dan "
                              "Ekonomi Kewenangan Kabupaten/Kota"),
        ("2.08.07", "PROGRAM PERLINDUNGAN KHUSUS ANAK"),
        ("2.08.07.2.02", "Penyediaan Layanan bagi Anak yang Memerlukan Perlindungan Khusus yang Memerlukan "
                         "Koordinasi Tingkat Daerah Kabupaten/Kota"),
        ("2.08.07.2.02.0013", "Layanan pendampingan korban bagi Anak Korban Kekerasan Tingkat Kabupaten/Kota"),
    ])
    # mapping-2027-subkegiatan-sebelumnya.csv: KABKOT 2.08.07.2.02.0016 replaces 2.08.07.2.02.0013; 0008 is nowhere
    # nearest by name: 2023 0001 "Sosialisasi Peningkatan Partisipasi Perempuan di Bidang Politik, Hukum, Sosial
    # dan Ekonomi" (0004 has the same name); 2027 0013 "Advokasi dan sosialisasi pemberdayaan perempuan di bidang
    # politik..."
    nearest = {"2027-kabkota": "2.08.02.2.02.0013", "2023-kabkota": "2.08.02.2.02.0001"}
    for given, used in ((None, "2027-kabkota"), ("2023-kabkota", "2023-kabkota")):
        result = extract(path, nomenclature=given)  # chosen (a tie on codes: the newer), or the older list given
        m = result.matching
        assert m.list_name == used and m.jenis == "KABKOT" and m.codes_unknown == 1
        assert m.unknown_codes == ["2.08.02.2.02.0008"] and m.unknown_codes_in_other_lists == {}
        note = next(n for n in result.notes if n.code == "codes-unknown")
        assert "1 are in no available list" in note.message and "renstra nomenclature import" in note.message
        rows = {r.data["code"]: r for r in result.tables_of("TC.27")[0].rows}
        unknown = rows["2.08.02.2.02.0008"]
        assert unknown.data["name"].endswith("Ekonomi Kewenangan Kabupaten/Kota")  # printed code and name kept
        assert unknown.match.status == "not_found" and unknown.match.matched_code is None
        assert unknown.match.runner_up_code == nearest[used]
        assert any(f.code == "code-unknown" for f in unknown.flags)
        retired = rows["2.08.07.2.02.0013"]
        assert (retired.match.status, retired.match.matched_code) == ("replaced", "2.08.07.2.02.0016")
        assert rows["2.08.02"].match.status == "exact"


def test_printed_names_are_repaired_before_comparing() -> None:
    nom = resolve_nomenclature("2023-kabkota")
    # 1.05.02.2.01.0017 in the list: "... Penegakan Peraturan Daerah dan Perturan kepala daerah" (its own typo)
    official = nom.normalized("1.05.02.2.01.0017")
    printed = "Sub Kegiatan Penbyediaan Layanan Dasar Dalam Rangka Dampak Penegakan PERDA dan Peraturan Kepala Daerah"
    assert nom.normalize(printed).split()[:2] == ["penyediaan", "layanan"]  # one letter too many: corrected
    assert "peraturan daerah" in nom.normalize(printed) and "perda" not in nom.normalize(printed)
    assert nom.normalize(printed, correct=False).startswith("penbyediaan")  # what an exact match compares
    assert official.startswith("penyediaan layanan dasar")
    assert nom.normalize("PROGRAM PEMBERDAYAA N SOSIAL") == nom.normalized("1.06.02")  # word broken by the PDF
    assert nom.normalize("Program Pembinanan Keluarag Berencana (KB)") == nom.normalized("2.14.03")  # swapped letters
    assert nom.normalize("PROGRAM PENINGKATAN KETENTERAMAN DAN KETERTIBAN UMUM 10 10 10") == nom.normalized("1.05.02")
    assert "usaha mikro kecil dan menengah" in nom.normalized("2.17.08")  # "PROGRAM PENGEMBANGAN UMKM"
    assert nom.normalize("Kota") == "kota"  # short words are never corrected


def test_a_broken_imported_list_does_not_stop_extraction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "nomenclature"
    store.mkdir()
    (store / "2025-kabkota.csv").write_text("code,level,name\n2.17,program,WRONG LEVEL\n", encoding="utf-8")
    (store / "2025-kabkota.json").write_text(json.dumps({"name": "2025-kabkota", "jenis": "KABKOT"}), encoding="utf-8")
    monkeypatch.setenv("RENSTRA_DATA_DIR", str(tmp_path))
    m = extract(SAMPLE_DOCX, {"kinds": ("TC.27",)}).matching
    assert m.status == "done" and m.list_name == "2023-kabkota"
    assert "2025-kabkota not used (" in m.reason and "2025-kabkota" not in {f["list"] for f in m.fits}
