# ruff: noqa: E501  (small CSV fixtures written one row per line)
"""Loading, checking and storing nomenclature lists (the three layouts in ../shared/nomenclature)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.errors import ReferenceDataError
from extractor.nomenclature import (
    Entry,
    Nomenclature,
    import_nomenclature,
    list_nomenclatures,
    load_nomenclature,
    load_replacements,
    resolve_nomenclature,
    validate,
)

NOM_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "nomenclature"
needs_lists = pytest.mark.skipif(
    not (NOM_DIR / "nomenklatur-2023.csv").exists(), reason=f"shared nomenclature lists not found at {NOM_DIR}"
)
KEPMENDAGRI = NOM_DIR / "source" / "kepmendagri-1317-2023-subkegiatan-kabkota.xlsx"
SIPD = NOM_DIR / "source" / "sipd-nomenklatur-subkegiatan-pemutakhiran-2027.xlsx"

COUNTS_2023 = {"urusan": 10, "bidang_urusan": 45, "program": 188, "kegiatan": 729, "sub_kegiatan": 3395}
COUNTS_2027_KABKOT = {"urusan": 10, "bidang_urusan": 45, "program": 189, "kegiatan": 713, "sub_kegiatan": 3550}
COUNTS_2027_PROV = {"urusan": 10, "bidang_urusan": 50, "program": 217, "kegiatan": 912, "sub_kegiatan": 4031}


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(["code,level,name,parent_code,version,kinerja,indikator,satuan", *lines]) + "\n")
    return path


@needs_lists
def test_csv_layout_2023() -> None:
    nom = load_nomenclature(NOM_DIR / "nomenklatur-2023.csv")
    assert nom.layout == "csv"
    assert nom.counts() == COUNTS_2023
    assert nom.version.startswith("Kepmendagri 900.1.15.5-1317 Tahun 2023")
    assert nom.jenis == "KABKOT"
    assert nom.entries["2.17.03.2.01.0003"] == Entry(
        "2.17.03.2.01.0003", "sub_kegiatan", "Penguatan Tata Kelola Kelembagaan Koperasi", "Unit Usaha"
    )
    assert nom.entries["2.17.08"].name == "PROGRAM PENGEMBANGAN UMKM"
    assert [e.code for e in nom.children("2.17.03.2.01")] == ["2.17.03.2.01.0003", "2.17.03.2.01.0004"]
    assert nom.children("2.17.05.2.03") == []
    entry, how = nom.lookup("2.17.01.2.02.0001")
    assert (entry.code if entry else None, how) == ("X.XX.01.2.02.0001", "generic-code")
    assert nom.lookup("2.17.03.2.01.0001") == (None, "none")
    assert validate(nom) == []


@needs_lists
def test_csv_layout_2027_both_lists() -> None:
    kab = load_nomenclature(NOM_DIR / "nomenklatur-2027-kabkota.csv")
    prov = load_nomenclature(NOM_DIR / "nomenklatur-2027-provinsi.csv")
    assert kab.counts() == COUNTS_2027_KABKOT and kab.jenis == "KABKOT"
    assert prov.counts() == COUNTS_2027_PROV and prov.jenis == "PROV"
    assert kab.entries["2.17.07.2.01.0022"].name == "Pembinaan dan Fasilitasi Perizinan Berusaha bagi UMKM"
    assert "2.17.07.2.01.0003" not in kab
    assert prov.entries["5.07"].level == "bidang_urusan"


@needs_lists
@pytest.mark.skipif(not KEPMENDAGRI.exists(), reason="Kepmendagri lampiran spreadsheet absent")
def test_kepmendagri_layout_matches_csv() -> None:
    nom = load_nomenclature(KEPMENDAGRI)
    assert nom.layout == "kepmendagri"
    assert nom.counts() == COUNTS_2023
    csv_nom = load_nomenclature(NOM_DIR / "nomenklatur-2023.csv")
    assert set(nom.entries) == set(csv_nom.entries)
    assert nom.entries["X.XX.01.2.01.0001"].name == "Penyusunan Dokumen Perencanaan Perangkat Daerah"
    assert nom.entries["2.17.02"].name == "PROGRAM PELAYANAN IZIN USAHA SIMPAN PINJAM"  # spaces collapsed
    assert nom.entries["2.17.04.2.01.0001"].unit == "Unit Usaha"


@needs_lists
@pytest.mark.skipif(not SIPD.exists(), reason="SIPD export spreadsheet absent")
def test_sipd_layout_both_jenis() -> None:
    kab = load_nomenclature(SIPD)  # default KABKOT
    assert kab.layout == "sipd" and kab.jenis == "KABKOT"
    assert kab.counts() == COUNTS_2027_KABKOT
    assert kab.entries["2.17.08.2.01.0025"].name.startswith("Penyusunan Konsep dan Kebijakan Pengembangan UMKM")
    assert kab.entries["2"].name == "URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR"
    prov = load_nomenclature(SIPD, jenis="PROV")
    assert prov.counts() == COUNTS_2027_PROV
    assert prov.entries["X.XX.01"].name == "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH PROVINSI"
    assert validate(kab) == [] and validate(prov) == []


@needs_lists
def test_replacements() -> None:
    reps = load_replacements(NOM_DIR / "mapping-2027-subkegiatan-sebelumnya.csv")
    assert len(reps) == 346
    kab = {r.old_code: r for r in reps if r.jenis == "KABKOT"}
    assert kab["2.17.07.2.01.0003"].new_code == "2.17.07.2.01.0022"
    nom = load_nomenclature(NOM_DIR / "nomenklatur-2027-kabkota.csv")
    nom.set_replacements(reps)
    assert nom.replacements["2.17.08.2.01.0002"].new_code == "2.17.08.2.01.0025"
    assert all(r.jenis == "KABKOT" for r in nom.replacements.values())


def test_duplicate_code_rejected(tmp_path: Path) -> None:
    p = _write(
        tmp_path / "dup.csv",
        ["2,urusan,URUSAN DUA,,t,,,", "2.17,bidang_urusan,KOPERASI,2,t,,,", "2.17,bidang_urusan,LAGI,2,t,,,"],
    )
    with pytest.raises(ReferenceDataError, match=r"dup\.csv: .*duplicate code 2\.17"):
        load_nomenclature(p)


def test_missing_parent_rejected(tmp_path: Path) -> None:
    p = _write(tmp_path / "orphan.csv", ["2,urusan,URUSAN DUA,,t,,,", "2.17.03,program,PROGRAM X,2.17,t,,,"])
    with pytest.raises(ReferenceDataError, match=r"orphan\.csv: .*parent 2\.17 of 2\.17\.03 missing"):
        load_nomenclature(p)


def test_level_inconsistent_with_code_rejected(tmp_path: Path) -> None:
    p = _write(tmp_path / "level.csv", ["2,urusan,URUSAN DUA,,t,,,", "2.17,program,KOPERASI,2,t,,,"])
    with pytest.raises(ReferenceDataError, match="level program inconsistent"):
        load_nomenclature(p)


def test_unreadable_and_unknown_layout(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match="not found"):
        load_nomenclature(tmp_path / "absent.csv")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ReferenceDataError, match=r"bad\.xlsx: unreadable"):
        load_nomenclature(bad)
    other = tmp_path / "other.csv"
    other.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(ReferenceDataError, match=r"other\.csv: unknown layout"):
        load_nomenclature(other)
    msg = ""
    try:
        load_nomenclature(other)
    except ReferenceDataError as exc:
        msg = str(exc)
    assert "\n" not in msg


def test_validate_reports_problems() -> None:
    nom = Nomenclature(
        "t",
        {
            "2": Entry("2", "urusan", "URUSAN DUA"),
            "2.17.03": Entry("2.17.03", "program", "PROGRAM"),
            "2.17.03.2.01": Entry("2.17.03.2.01", "sub_kegiatan", "K"),
        },
    )
    problems = validate(nom)
    assert any("parent 2.17 of 2.17.03 missing" in p for p in problems)
    assert any("level sub_kegiatan inconsistent" in p for p in problems)


def test_import_list_resolve_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RENSTRA_DATA_DIR", str(tmp_path / "data"))
    src = _write(
        tmp_path / "small.csv",
        [
            "2,urusan,URUSAN DUA,,small v1,,,",
            "2.17,bidang_urusan,KOPERASI,2,small v1,,,",
            "2.17.03,program,PROGRAM PENGAWASAN,2.17,small v1,,,",
        ],
    )
    assert list_nomenclatures() == []
    stored = import_nomenclature(src, "small")
    assert stored == tmp_path / "data" / "nomenclature" / "small.csv"
    assert stored.read_bytes() == src.read_bytes()
    infos = list_nomenclatures()
    assert [(i.name, i.version, i.entries) for i in infos] == [("small", "small v1", 3)]
    assert infos[0].counts["program"] == 1
    nom = resolve_nomenclature("small")
    assert nom.entries["2.17.03"].name == "PROGRAM PENGAWASAN" and nom.version == "small v1"
    assert resolve_nomenclature(str(src)).version == "small v1"  # a path works too
    with pytest.raises(ReferenceDataError, match="stored: small"):
        resolve_nomenclature("nope")
    assert not [p for p in (tmp_path / "data" / "nomenclature").iterdir() if p.name.endswith(".tmp")]


def test_import_rejects_broken_list_and_bad_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RENSTRA_DATA_DIR", str(tmp_path / "data"))
    broken = _write(tmp_path / "broken.csv", ["2.17,bidang_urusan,KOPERASI,2,t,,,"])
    with pytest.raises(ReferenceDataError, match="parent 2 of 2.17 missing"):
        import_nomenclature(broken, "broken")
    with pytest.raises(ReferenceDataError, match="letters, digits"):
        import_nomenclature(broken, "../evil")
    assert list_nomenclatures() == []


@needs_lists
@pytest.mark.skipif(not KEPMENDAGRI.exists(), reason="Kepmendagri lampiran spreadsheet absent")
def test_import_converts_spreadsheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RENSTRA_DATA_DIR", str(tmp_path))
    import_nomenclature(KEPMENDAGRI, "kep2023", version="Kepmendagri 900.1.15.5-1317 Tahun 2023")
    nom = resolve_nomenclature("kep2023")
    assert nom.layout == "csv" and nom.counts() == COUNTS_2023
    assert nom.version == "Kepmendagri 900.1.15.5-1317 Tahun 2023"
    assert nom.entries["2.17.03.2.01.0003"].unit == "Unit Usaha"


def test_loaded_list_disk_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bundled list is stored once in the disk cache and read back equal (entries, normalised names, replacement
    map); a changed list file is read afresh; a damaged cache file is rebuilt, never an error; "off" writes none."""
    from extractor import nomenclature as nom_module

    monkeypatch.setenv("RENSTRA_CACHE_DIR", str(tmp_path / "cache"))
    info = next(i for i in nom_module.bundled_nomenclatures() if i.replacements is not None)
    built = nom_module._load_with_replacements(info.path, info.version, info.jenis, info.replacements)
    args = (info.path, info.version, info.jenis, info.replacements, 0.0)
    nom_module._load_cached.cache_clear()
    first = nom_module._load_cached(*args)
    files = list((tmp_path / "cache" / "nomenclature").glob("list-*.pickle"))
    assert len(files) == 1
    nom_module._load_cached.cache_clear()
    again = nom_module._load_cached(*args)
    assert again is not first
    for nom in (first, again):
        assert nom.entries == built.entries and nom.replacements == built.replacements
        assert nom._norm == built._norm and nom._word_list == built._word_list
    assert again.normalize("Program Penunjang Urusan") == built.normalize("Program Penunjang Urusan")
    files[0].write_bytes(b"not a pickle")
    nom_module._load_cached.cache_clear()
    assert nom_module._load_cached(*args).entries == built.entries
    # a list file that changes is read afresh (a new key), not taken from the cache
    copy = _write(tmp_path / "mini.csv", ["1,urusan,URUSAN WAJIB,,v1,,,"])
    assert nom_module.disk_cached("list", (copy,), (), lambda: load_nomenclature(copy)).entries["1"].name == "URUSAN WAJIB"
    _write(copy, ["1,urusan,URUSAN WAJIB PELAYANAN DASAR,,v1,,,"])
    assert nom_module.disk_cached("list", (copy,), (), lambda: load_nomenclature(copy)).entries["1"].name == "URUSAN WAJIB PELAYANAN DASAR"
    monkeypatch.setenv("RENSTRA_CACHE_DIR", "off")
    assert nom_module.cache_dir() is None
    nom_module._load_cached.cache_clear()
    assert nom_module._load_cached(*args).entries == built.entries
    assert len(list((tmp_path / "cache" / "nomenclature").glob("list-*.pickle"))) == 3  # the bundled list, mini.csv twice
    nom_module._load_cached.cache_clear()
