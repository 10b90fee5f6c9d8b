"""Header understanding by structure: header grids as real documents print them (issue 10), typed column by
column. The year comes from any header level (calendar or relative), the measure from the lowest cell, the group
words above only give context."""

from __future__ import annotations

import pytest

from extractor.header import (
    ColumnField,
    Period,
    check_header,
    confirm_by_body,
    document_period,
    header_of,
    header_row_count,
    header_scale,
    map_columns,
    rejoin_header_cell,
    relative_year_map,
    resolve_years,
)
from extractor.model import Cell, RawTable
from extractor.tc_specs import load_specs


def keys(grid: list[list[str]], kind: str = "TC.27") -> list[str | None]:
    spec = load_specs().kinds[kind]
    n = header_row_count(grid, spec)
    assert n == len(grid), f"header rows {n} of {len(grid)}"
    return [c.key for c in map_columns(grid, len(grid[0]), spec)]


def test_group_words_do_not_make_a_rupiah_column_a_name() -> None:
    grid = [["Kode", "Program/Kegiatan", "Target Kinerja Program dan Kerangka Pendanaan",
             "Target Kinerja Program dan Kerangka Pendanaan"],
            ["Kode", "Program/Kegiatan", "2021", "2021"],
            ["Kode", "Program/Kegiatan", "Target", "Rupiah"]]
    assert keys(grid) == ["code", "name", "2021.target", "2021.rp"]


@pytest.mark.parametrize("word", ["Rupiah", "Dana", "Pagu", "Pagu Indikatif", "Kebutuhan Dana", "Anggaran", "Rp.",
                                  "(Rp.)", "Rp (dlm Juta)", "(Rp. 000)", "Rp x 1000", "Alokasi Dana", "Keuangan",
                                  "Keu.", "Target Keuangan", "Jumlah (Rp)", "Nilai (Rp)"])
def test_rupiah_synonyms(word: str) -> None:
    grid = [["Program", "2024", "2024"], ["Program", "Target", word]]
    assert keys(grid) == ["name", "2024.target", "2024.rp"]


@pytest.mark.parametrize("word", ["K", "Kinerja", "Target", "Capaian", "Targe\nt", "T", "Tgt", "Fisik", "Target Fisik",
                                  "Target Capaian", "Capaian Target", "Target Kinerja Program", "Kinerja (K)",
                                  "Target (%)", "Target Output", "Volume"])
def test_target_synonyms(word: str) -> None:
    grid = [["Program", "2024", "2024"], ["Program", word, "Rp"]]
    assert keys(grid) == ["name", "2024.target", "2024.rp"]


@pytest.mark.parametrize("label", ["Tahun 1", "Tahun-1", "TAHUN 1", "Th. ke-1", "Tahun n+1"])
def test_relative_years_keep_their_index_until_resolved(label: str) -> None:
    second = label.replace("1", "2")
    grid = [["Program", label, label, second, second], ["Program", "Target", "Rp", "Target", "Rp"]]
    assert keys(grid) == ["name", "1.target", "1.rp", "2.target", "2.rp"]


def test_tahun_ke_over_numbers() -> None:
    grid = [["Uraian"] + ["Anggaran pada Tahun ke-"] * 3 + ["Realisasi Anggaran pada Tahun ke-"] * 3
            + ["Rasio antara Realisasi dan Anggaran Tahun ke-"] * 3,
            ["Uraian", "1", "2", "3", "1", "2", "3", "1", "2", "3"]]
    assert keys(grid, "TC.24") == ["name", "1.target_rp", "2.target_rp", "3.target_rp", "1.realisasi_rp",
                                   "2.realisasi_rp", "3.realisasi_rp", "1.rasio_rp", "2.rasio_rp", "3.rasio_rp"]


def test_tc24_calendar_years_under_tahun_ke() -> None:
    grid = [["Uraian", "Anggaran pada Tahun ke-", "Anggaran pada Tahun ke-", "Realisasi Anggaran pada Tahun ke-",
             "Rasio antara Realisasi dan Anggaran Tahun ke-"],
            ["Uraian", "2020", "2021", "2020", "2020"]]
    assert keys(grid, "TC.24") == ["name", "2020.target_rp", "2021.target_rp", "2020.realisasi_rp", "2020.rasio_rp"]


def test_one_row_header_year_and_measure_in_one_cell() -> None:
    grid = [["Kode", "Program", "Indikator", "Baseline 2023", "Target 2024", "Pagu 2024 (Rp)", "Target 2025",
             "Pagu 2025 (Rp)", "Target Akhir Renstra", "Pagu Akhir Renstra (Rp)", "PD Penanggung Jawab"]]
    assert keys(grid) == ["code", "name", "indicator", "baseline", "2024.target", "2024.rp", "2025.target",
                          "2025.rp", "target_akhir", "rp_akhir", "pd"]


def test_one_row_header_relative_and_short() -> None:
    grid = [["Kode", "Program dan Kegiatan", "Base Line 2024", "TARGET TAHUN 1", "DANA TAHUN 1", "K 2026",
             "Rp 2026"]]
    assert keys(grid) == ["code", "name", "baseline", "1.target", "1.rp", "2026.target", "2026.rp"]


def test_calendar_year_with_its_relative_label() -> None:
    grid = [["Program", "2025 (Tahun-1)", "2025 (Tahun-1)"], ["Program", "Target", "Rp"]]
    assert keys(grid) == ["name", "2025.target", "2025.rp"]


def test_kondisi_awal_with_target_and_rp_and_end_of_period() -> None:
    grid = [["No", "Program", "Kondisi Awal", "Kondisi Awal", "Target", "Target",
             "Kondisi Kinerja pada Akhir Periode Renstra", "Kondisi Kinerja pada Akhir Periode Renstra"],
            ["No", "Program", "Kondisi Awal", "Kondisi Awal", "2024", "2024",
             "Kondisi Kinerja pada Akhir Periode Renstra", "Kondisi Kinerja pada Akhir Periode Renstra"],
            ["No", "Program", "Target", "Rp.", "Target", "Rp.", "Target", "Rp"]]
    assert keys(grid) == ["no", "name", "baseline", "baseline_rp", "2024.target", "2024.rp", "target_akhir",
                          "rp_akhir"]


@pytest.mark.parametrize(("header", "expected"), [
    (["Nomor Rekening", "Program/Kegiatan"], ["code", "name"]),
    (["No. Rek", "Program/Kegiatan", "Lokasi Kegiatan", "Sumber Dana", "Unit Pelaksana", "Kinerja Awal"],
     ["code", "name", "lokasi", "sumber_dana", "pd", "baseline"]),  # 'Lokasi Kegiatan' is no name
    (["Kode", "Uraian", "Sumber Pendanaan", "Pelaksana", "Lokasi"], ["code", "name", "sumber_dana", "pd", "lokasi"]),
])
def test_other_regions_words(header: list[str], expected: list[str]) -> None:
    assert keys([header]) == expected


@pytest.mark.parametrize("label", ["Capaian Kinerja Tahun 2023", "Realisasi 2023", "Kondisi Kinerja 2023"])
def test_one_column_of_the_year_before_the_plan_is_the_baseline(label: str) -> None:
    grid = [["Kode", "Program", label, "2024", "2024", "2025", "2025"],
            ["Kode", "Program", label, "Target", "Rp", "Target", "Rp"]]
    assert keys(grid) == ["code", "name", "baseline", "2024.target", "2024.rp", "2025.target", "2025.rp"]


def test_a_year_of_the_plan_printed_with_target_and_rp_stays_a_year() -> None:
    grid = [["Kode", "Program", "2023", "2023", "2024", "2024", "2025", "2025"],
            ["Kode", "Program", "Target", "Rp", "Target", "Rp", "Target", "Rp"]]
    assert keys(grid) == ["code", "name", "2023.target", "2023.rp", "2024.target", "2024.rp", "2025.target",
                          "2025.rp"]
    # a target column of a year after the first the table pays for is no baseline either
    grid = [["Kode", "Program", "2024", "2024", "2025", "2025", "2026"],
            ["Kode", "Program", "Target", "Rp", "Target", "Rp", "Target"]]
    assert keys(grid)[-1] == "2026.target"


def test_tc26_isu_strategis_is_not_strategi() -> None:
    grid = [["No", "Isu Strategis", "Strategi", "Arah Kebijakan"]]
    assert keys(grid, "TC.26") == ["no", "isu_strategis", "strategi", "arah_kebijakan"]


@pytest.mark.parametrize(("text", "scale"), [("(Rp. 000)", 1000), ("Rp x 1000", 1000), ("Rp (dlm Juta)", 1000000),
                                             ("Pagu (Rp)", None), ("Rp.", None)])
def test_scale_of_amounts(text: str, scale: int | None) -> None:
    assert header_scale(text.lower()) == scale


def _cols(*spec: tuple[str | None, int | None, int | None]) -> list[ColumnField]:
    return [ColumnField(index=i, field=f, year=y, header="", year_index=ix) for i, (f, y, ix) in enumerate(spec)]


def test_plan_relative_years_end_at_the_period_end() -> None:
    spec = load_specs().kinds["TC.27"]
    cols = _cols(("name", None, None), *[("target", k, k) for k in range(1, 6)])
    years, how = relative_year_map(cols, spec, Period(2021, 2026, "title"), [])
    assert years == {1: 2022, 2: 2023, 3: 2024, 4: 2025, 5: 2026} and "2021-2026" in how
    three = _cols(("name", None, None), *[("rp", k, k) for k in range(1, 4)])
    assert relative_year_map(three, spec, Period(2024, 2026, "title"), [])[0] == {1: 2024, 2: 2025, 3: 2026}
    assert [c.key for c in resolve_years(three, {1: 2024, 2: 2025, 3: 2026})] == ["name", "2024.rp", "2025.rp",
                                                                                  "2026.rp"]


def test_without_a_period_the_index_stays() -> None:
    spec = load_specs().kinds["TC.27"]
    assert relative_year_map(_cols(("target", 1, 1)), spec, None, []) == ({}, "")


def test_past_tables_take_their_own_calendar_years() -> None:
    spec = load_specs().kinds["TC.24"]
    cols = _cols(*[("target_rp", y, None) for y in (2019, 2020, 2021)], *[("rasio_rp", k, k) for k in (1, 2, 3)])
    assert relative_year_map(cols, spec, Period(2024, 2026, "x"), [])[0] == {1: 2019, 2: 2020, 3: 2021}
    only_relative = _cols(*[("rasio_rp", k, k) for k in (1, 2)])
    assert relative_year_map(only_relative, spec, None, [2017, 2018])[0] == {1: 2017, 2: 2018}
    assert relative_year_map(only_relative, spec, Period(2024, 2026, "x"), [2017, 2018, 2019])[0] == {}


def test_document_period_is_the_most_printed() -> None:
    texts = ["Renstra Tahun 2021- 2026", "RPJMD 2016-2021 dan Renstra 2021-2026", "RPJPN 2005-2025, 2021 - 2026"]
    period = document_period(texts)
    assert period is not None and (period.start, period.end) == (2021, 2026)
    assert document_period(["no period here, only 2024"]) is None


def test_body_confirms_header() -> None:
    cols = [ColumnField(0, "name", None, "program"), ColumnField(1, "target", 2024, "2024 | target"),
            ColumnField(2, None, 2024, "2024 | ")]
    body = [("43 44,8 46,8", "4", "35.000.000"), ("12", "5", "1.250.000"), ("7,5", "1", "2.000.000.000")]
    out, said = confirm_by_body(cols, body)
    assert [c.key for c in out] == [None, "2024.target", "2024.rp"] and len(said) == 2
    text_body = [("Program Penunjang", "4", ""), ("Kegiatan A", "5", ""), ("Sub Kegiatan B", "1", "")]
    assert confirm_by_body(cols, text_body)[0][0].field == "name"


def test_self_check_lists_untyped_words_and_missing_essentials() -> None:
    spec = load_specs().kinds["TC.27"]
    cols = [ColumnField(0, "name", None, "program"), ColumnField(1, None, None, "kolom aneh"),
            ColumnField(2, "rp", None, "pagu anggaran (rp)")]
    check = check_header(cols, spec)
    assert not check.understood and check.untyped == ("kolom aneh",)
    assert check.to_dict()["missing"] == ["target@year or rp@year"]
    ok = check_header(cols + [ColumnField(3, "rp", 2025, "2025 | rp")], spec)
    assert ok.understood and ok.typed == 3


def test_uncaptioned_template_sheet_is_a_tc27_by_its_header_shape(tmp_path: object) -> None:
    """An e-planning import template filled in by an office (issue 10, item 5): one sheet, no caption, no title,
    relative years and no period anywhere: a TC.27 by its header, its years kept as the printed index, noted."""
    from pathlib import Path

    from openpyxl import Workbook

    from extractor.pipeline import extract

    wb = Workbook()
    ws = wb.active
    header = ["SASARAN", "KODE", "PROGRAM DAN KEGIATAN", "SATUAN", "INDIKATOR", "DATA CAPAIAN AWAL"]
    for k in (1, 2):
        header += [f"TARGET TAHUN {k}", f"DANA TAHUN {k}"]
    ws.append(header + ["LOKASI", "KETERANGAN"])
    ws.append(["Meningkatnya tata kelola", "x.xx.01", "PROGRAM PENUNJANG URUSAN", "%", "Persentase layanan", 90,
               95, 1500000, 100, 1600000, "Kantor", ""])
    ws.append(["", "x.xx.01.2.01.0001", "Penyusunan Dokumen Perencanaan", "Dokumen", "Jumlah dokumen", 2,
               2, 25000000, 3, 30000000, "Kantor", "-"])
    path = Path(str(tmp_path)) / "template.xlsx"
    wb.save(path)
    result = extract(path, {"audit": False})
    (table,) = result.tables_of("TC.27")
    assert table.how_found == "header" and table.years == [1, 2]
    assert [n.code for n in table.notes] == ["year-index-kept"]
    assert table.header["understood"] and not table.header["untyped"]
    row = next(r for r in table.rows if r.data["name"].startswith("Penyusunan"))
    assert (row.data["baseline"], row.data["lokasi"]) == (2, "Kantor")
    assert row.years == {1: {"target": 2, "rp": 25000000}, 2: {"target": 3, "rp": 30000000}}


def test_cli_warns_and_strict_exits_2_when_a_header_is_not_understood(tmp_path: object) -> None:
    """A funding list with no year columns is found as a TC.27 but cannot be understood as one: the CLI says so
    (even with -q), the JSON carries the note, and --strict exits 2. (A list of priority programs, "PROGRAM
    PRIORITAS | SUB KEGIATAN | PAGU", is a PROGRAM-LIST now, understood: this list names no priority.)"""
    import json
    from pathlib import Path

    from click.testing import CliRunner
    from openpyxl import Workbook

    from extractor.cli import main

    wb = Workbook()
    ws = wb.active
    ws.append(["NO", "PROGRAM", "SUB KEGIATAN", "PAGU ANGGARAN (RP)"])
    ws.append([1, "Program Penunjang Urusan", "Penyediaan Komponen Instalasi Listrik", 97997500])
    ws.append(["", "", "Penyediaan Peralatan dan Perlengkapan Kantor", 168052200])
    folder = Path(str(tmp_path))
    wb.save(folder / "list.xlsx")
    loose = CliRunner().invoke(main, ["extract", str(folder / "list.xlsx"), "-o", str(folder / "a"), "-q"])
    assert loose.exit_code == 0 and "warning: TC.27" in loose.output and "target@year or rp@year" in loose.output
    doc = json.loads((folder / "a" / "list.json").read_text(encoding="utf-8"))
    (table,) = doc["tables"]
    assert table["header"]["understood"] is False
    assert [n["code"] for n in table["notes"]] == ["header-not-understood"]
    strict = CliRunner().invoke(main, ["extract", str(folder / "list.xlsx"), "-o", str(folder / "b"), "-q",
                                       "--strict"])
    assert strict.exit_code == 2


@pytest.mark.parametrize("cell, text", [
    ("TUJUA\nN", "TUJUAN"), ("Targe\nt", "Target"), ("Baseli\nne\n(2023\n)", "Baseline (2023)"),
    ("PERANG\nKAT\nDAERAH\nPENANG\nGUNG\nJAWAB", "PERANGKAT DAERAH PENANGGUNG JAWAB"),
    ("Data\nCap\naian\nPad\na\nTah\nun\nAwal\nPere\nncan\naan", "Data Capaian Pada Tahun Awal Perencanaan"),
    ("TARGE\nT TAHUN\n1", "TARGET TAHUN 1"),
    ("Kondisi Kinerja\nPada Akhir", "Kondisi Kinerja Pada Akhir"),  # real words stay apart
    ("201\n8", "2018"), ("Tahun\n202\n2", "Tahun 2022"),  # Pekanbaru PDF p.43: years broken in narrow columns
    ("1\n2", "1 2"), ("2018\n2019", "2018 2019"),  # digits that make no year stay apart
])
def test_header_words_broken_by_a_narrow_column_are_rejoined(cell: str, text: str) -> None:
    """The zoo's narrow_header, classic_portrait and eplanning_relative PDFs (samples/layouts) print these."""
    assert rejoin_header_cell(cell) == text


def test_a_header_with_broken_words_is_found_and_typed() -> None:
    """narrow_header PDF p.1: 'TUJUA|N', 'Targe|t', 'Baseli|ne': the header is found (it was 0 rows) and typed."""
    rows = [["TUJUA\nN", "KODE", "URUSAN/\nPROGRAM/\nKEGIATAN", "Baseli\nne\n(2023\n)", "2024", "2024"],
            ["TUJUA\nN", "KODE", "URUSAN/\nPROGRAM/\nKEGIATAN", "Baseli\nne\n(2023\n)", "Targe\nt", "Rp"],
            ["Meningkatkan", "2.17.01", "PROGRAM A", "80", "80", "3,149,889,939"]]
    raw = RawTable(source="t.pdf", format="pdf", index=0, page=1, n_rows=3, n_cols=6,
                   cells=tuple(Cell(t, r, c) for r, row in enumerate(rows) for c, t in enumerate(row)))
    spec = load_specs().kinds["TC.27"]
    n, header = header_of(raw, spec)
    assert n == 2
    assert [c.key for c in map_columns(header, 6, spec)] == ["tujuan", "code", "name", "baseline", "2024.target",
                                                            "2024.rp"]


@pytest.mark.parametrize(("header", "expected"), [
    # Dinsos PPKB p.82 "Tabel 4.1 Program Prioritas": the programs are the items listed
    (["Tujuan Pemerintah Daerah", "Sasaran Pemerintah Daerah", "Tujuan Perangkat Daerah",
      "Sasaran Perangkat Daerah", "Program Prioritas"],
     ["tujuan_rpjmd", "sasaran_rpjmd", "tujuan", "sasaran", "name"]),
    # Satpol PP p.56: beside a Kegiatan / Subkegiatan column the program is the items' group
    (["NO", "PROGRAM PRIORITAS", "OUTCOME", "KEGIATAN / SUBKEGIATAN", "KETERANGAN"],
     ["no", "program", "outcome", "name", "keterangan"]),
])
def test_program_prioritas_is_the_name_only_where_nothing_else_is(header: list[str], expected: list[str]) -> None:
    spec = load_specs().kinds["PROGRAM-LIST"]
    assert [c.key for c in map_columns([header], len(header), spec)] == expected


def test_a_text_field_under_years_holding_numbers_is_no_text() -> None:
    """Sumut p.45 read without a target rule: "Target Kinerja Sasaran | 2024 | 2025 | 2026" typed sasaran by the
    group's word. Side by side with the sasaran they would pass for its numbering column; under a year, cells of
    numbers are no sasaran: left untyped (kept under 'extra'), not glued into the sasaran."""
    cols = [ColumnField(0, "sasaran", None, "sasaran")] + [
        ColumnField(k, "sasaran", year, f"target kinerja sasaran | {year}") for k, year in ((1, 2024), (2, 2025),
                                                                                            (3, 2026))]
    body = [("Meningkatnya implementasi PUG", "36%", "71%", "100%"), ("Meningkatnya upaya pencegahan", "9", "8", "7"),
            ("Meningkatnya kualitas layanan", "33%", "67%", "100%")]
    out, said = confirm_by_body(cols, body)
    assert [c.field for c in out] == ["sasaran", None, None, None] and len(said) == 3
    numbering = [ColumnField(0, "sasaran", None, "sasaran"), ColumnField(1, "sasaran", None, "sasaran")]
    numbered = [("1.1", "Meningkatnya A"), ("1.2", "Meningkatnya B"), ("2.1", "Meningkatnya C")]
    assert [c.field for c in confirm_by_body(numbering, numbered)[0]] == ["sasaran", "sasaran"]  # no year: kept


def test_goal_targets_beside_a_strategy_are_targets() -> None:
    """Sumut p.45 "Tabel 5.1 Sasaran, Target Kinerja, Kebijakan dan Program" (a TC.26 by Strategi | Kebijakan)."""
    header = [["No", "Tujuan", "Sasaran", "Indikator", "Target Kinerja Sasaran", "Target Kinerja Sasaran",
               "Target Kinerja Sasaran", "Strategi", "Kebijakan", "Program"],
              ["No", "Tujuan", "Sasaran", "Indikator", "2024", "2025", "2026", "Strategi", "Kebijakan", "Program"]]
    spec = load_specs().kinds["TC.26"]
    assert [c.key for c in map_columns(header, 10, spec)] == [
        "no", "tujuan", "sasaran", "indikator", "2024.target", "2025.target", "2026.target", "strategi",
        "arah_kebijakan", "program"]


def test_type_check_a_text_column_ending_in_bare_numbers_is_in_doubt() -> None:
    """Unruled columns: a sasaran column many of whose cells end in a short bare number holds a neighbour's
    code digit ("Meningkatnya 2", "2" where the code column reads "17 01"); names that merely hold a number
    inside, or a few that end in one, are not in doubt."""
    from extractor.header import type_check

    cols = [ColumnField(0, "sasaran", None, "sasaran"), ColumnField(1, "code", None, "kode"),
            ColumnField(2, "name", None, "program"), ColumnField(3, "rp", 2024, "2024 | rp")]
    shifted = [("2", "17", "URUSAN KOPERASI", "4.964.889"), ("Meningkatnya 2", "17 01", "PROGRAM X", "3.149.889"),
               ("akuntabilitas", "", "", ""), ("pelayanan 2", "17 01 2.01", "Perencanaan", "45.000"),
               ("", "17 01 2.01 01", "Penyusunan", "35.000")]
    [reason] = type_check(cols, shifted)
    assert reason == "column 1 'sasaran' (sasaran) ends in a bare number in 3 of 4 cells"
    right = [("", "2.17", "URUSAN KOPERASI", "4.964.889"), ("Meningkatnya 2 layanan", "2.17.01", "PROGRAM X", "1"),
             ("", "2.17.01.2.01", "Rehabilitasi SD 1", "45.000"), ("", "2.17.01.2.02", "Tahap 2", "35.000"),
             ("", "2.17.01.2.03", "Gedung A", "5"), ("", "2.17.01.2.04", "Gedung B", "5"),
             ("", "2.17.01.2.05", "Gedung C", "5"), ("", "2.17.01.2.06", "Gedung D", "5"),
             ("", "2.17.01.2.07", "Gedung E", "5"), ("", "2.17.01.2.08", "Gedung F", "5"),
             ("", "2.17.01.2.09", "Gedung G", "5")]
    assert type_check(cols, right) == ()


def test_type_check_amounts_without_cents_are_numbers_and_an_unmapped_number_column_is_kept() -> None:
    """Cianjur Renja p.14 (unruled): "1.350.000,-" in the Rp columns is a number (parse.parse_number reads it),
    not text; its "%" column, a header word nobody mapped, is a reason only for a table from a prose block, whose
    columns come from alignment alone (a table under a header's words keeps it under 'extra')."""
    from extractor.header import type_check

    cols = [ColumnField(0, "name", None, "program"), ColumnField(1, "target_rp", None, "target anggaran"),
            ColumnField(2, "realisasi_rp", None, "realisasi anggaran"), ColumnField(3, None, None, "%")]
    body = [("Penyediaan Jasa Surat Menyurat", "1.350.000,-", "1.350.000,-", "100"),
            ("Penyediaan jasa peralatan", "78.000.000,-", "71.889.180,-", "92.17"),
            ("Penyediaan alat tulis kantor", "12.500.000,-", "12.500.000.-", "100")]
    assert type_check(cols, body, untyped_numbers=False) == ()
    assert type_check(cols, body) == ("column 4 '%' holds numbers under no field",)


@pytest.mark.parametrize("kind", ["TC.25", "TC.28"])
def test_a_bare_year_in_a_table_of_targets_is_that_years_target(kind: str) -> None:
    """A TC.25 or TC.28 printing only the year over each target column ('Kondisi Awal | 2024 | 2025 | Kondisi
    Akhir')."""
    grid = [["No", "Indikator", "Satuan", "Kondisi Awal", "2024", "2025", "2026", "Kondisi Akhir"]]
    assert [c.key for c in map_columns(grid, 8, load_specs().kinds[kind])] == [
        "no", "indikator", "satuan", "kondisi_awal", "2024.target", "2025.target", "2026.target", "kondisi_akhir"]


@pytest.mark.parametrize(("under", "expected"), [
    (["T", "R", "%"], ["target", "realisasi", "rasio"]),
    (["Target", "Capaian", "Capaian (%)"], ["target", "realisasi", "rasio"]),
    (["Tgt.", "Real.", "(%)"], ["target", "realisasi", "rasio"]),
])
def test_tc23_short_words_under_a_year(under: list[str], expected: list[str]) -> None:
    grid = [["No", "Indikator", "2019", "2019", "2019"], ["No", "Indikator", *under]]
    keys = [c.key for c in map_columns(grid, 5, load_specs().kinds["TC.23"])]
    assert keys == ["no", "indikator", *(f"2019.{e}" for e in expected)]


def test_a_year_alone_continues_the_run_beside_it() -> None:
    """A group merged over some of its years only: the years it leaves out take the field of the run they
    continue, on either side; a year already typed for that field is left alone."""
    grid = [["Uraian", "", "Anggaran pada Tahun ke-", "Anggaran pada Tahun ke-", "", "Realisasi", "Realisasi"],
            ["Uraian", "2012", "2013", "2014", "2015", "2012", "2013"]]
    assert keys(grid, "TC.24") == ["name", "2012.target_rp", "2013.target_rp", "2014.target_rp", "2015.target_rp",
                                   "2012.realisasi_rp", "2013.realisasi_rp"]


@pytest.mark.parametrize(("kind", "header", "expected"), [
    ("TC.27", [["Program", "Baseline 2024", "2025", "Target dan Pagu", "Target dan Pagu"],
               ["Program", "Baseline 2024", "2025", "2026", "2026"],
               ["Program", "Baseline 2024", "2025", "Target", "Pagu"]],
     ["name", "baseline", "2025.target", "2026.target", "2026.rp"]),  # Pengairan p.89: 2025 printed alone
    ("TC.23", [["No", "Indikator", "Target SDG's"]], ["no", "indikator", "target_sdgs"]),
    ("TC.24", [["Program", "Rata-rata Pertumbuhan", "Rata-rata Pertumbuhan", "Rata-rata Pertumbuhan"],
               ["Program", "Anggaran", "Realisasi", "Rasio"]], ["name", "rata_anggaran", "rata_realisasi",
                                                                "rata_rasio"]),
    ("TC.25", [["Tujuan", "Sasaran", "Ket"]], ["tujuan", "sasaran", "keterangan"]),
    ("TC.28", [["No", "Tujuan", "Indikator"]], ["no", "tujuan", "indikator"]),
])
def test_words_the_real_documents_print(kind: str, header: list[list[str]], expected: list[str]) -> None:
    assert [c.key for c in map_columns(header, len(header[0]), load_specs().kinds[kind])] == expected
