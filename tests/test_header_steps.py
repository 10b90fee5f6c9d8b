"""The steps of header.py on small hand-made header cells (issue 15 item 7): column-number rows, year/measure
cells, where a header block ends, a column's levels, structure reading, periods. Expected values follow the rules
the module's docstrings state (and the header forms real documents print, quoted there); test_header.py checks the
whole mapping of header grids to fields."""

from __future__ import annotations

import pytest

from extractor.header import (
    ColumnField,
    Period,
    calendar_years,
    column_levels,
    column_numbers,
    find_period,
    header_row_count,
    is_column_number_row,
    is_year_or_measure,
    is_years_row,
    read_levels,
)
from extractor.tc_specs import load_specs


@pytest.mark.parametrize("cells, numbers", [
    (["1", "2", "3", "4"], [1, 2, 3, 4]),
    (["(1)", "(2)", "(3)"], [1, 2, 3]),
    (["-1", "-2", "-3"], [1, 2, 3]),  # a spreadsheet read "(1)" as minus one
    (["(13)", "-14", "(15)"], [13, 14, 15]),  # dresses mixed
    (["1", "2", "5 9 11 13", "14"], [1, 2, 5, 9, 11, 13, 14]),  # narrow columns merged into one cell
    (["", "1", "", "2", "3"], [1, 2, 3]),  # empty cells do not count
])
def test_column_numbers_in_their_dresses(cells: list[str], numbers: list[int]) -> None:
    assert column_numbers(cells) == numbers
    assert is_column_number_row(cells)


@pytest.mark.parametrize("cells", [
    ["1", "2"],  # fewer than three numbers
    ["Program", "1", "2", "3"],  # a word
    ["1", "1", "0", "0"],  # small numbers of a data row: they do not rise
    ["(3)", "(2)", "(1)"],  # bracketed numbers falling
    ["2024", "2025", "2026"],  # years are no column numbers (two digits at most)
    [],
])
def test_rows_that_are_no_column_numbers(cells: list[str]) -> None:
    assert column_numbers(cells) is None
    assert not is_column_number_row(cells)


def test_a_column_number_wrapped_in_a_narrow_cell_still_counts() -> None:
    # "2\n0" is 20 printed over two lines: read as it stands the row does not rise, squashed it does
    assert column_numbers(["18", "19", "2\n0", "21"]) is None
    assert is_column_number_row(["18", "19", "2\n0", "21"])


@pytest.mark.parametrize("text", ["2024", "Tahun 1", "Th. ke-2", "Target", "Targe\nt", "Rp.", "(Rp)", "K", "%",
                                  "Pagu 2024 (Rp)", "K 2024", "Realisasi", "Tahun"])
def test_years_and_measure_words(text: str) -> None:
    assert is_year_or_measure(text)


@pytest.mark.parametrize("text", ["", "Program", "Uraian", "Indikator Kinerja Program", "1.02.01", "Kode",
                                  "x" * 100])
def test_words_that_are_neither_year_nor_measure(text: str) -> None:
    assert not is_year_or_measure(text)


@pytest.mark.parametrize("cells, expected", [
    (["2024", "2025", "2026"], True),
    (["Target", "Rp", "Target", "Rp"], True),
    (["Tahun 1", "", "Tahun 2"], True),
    (["Target", "(1)", "Rp"], True),  # a column number beside measure words
    (["(1)", "(2)", "(3)"], False),  # column numbers alone are no years row
    (["Program", "2024"], False),
    (["", ""], False),
])
def test_years_rows(cells: list[str], expected: bool) -> None:
    assert is_years_row(cells) is expected


TC27 = "TC.27"


def header_rows(grid: list[list[str]]) -> int:
    return header_row_count(grid, load_specs().kinds[TC27])


def test_header_block_ends_at_the_first_data_row() -> None:
    grid = [["Kode", "Program/Kegiatan", "Target", "Rp"],
            ["1.02.01", "Program Penunjang Urusan", "80%", "1.500.000,00"]]
    assert header_rows(grid) == 1


def test_column_number_row_belongs_to_the_header_and_closes_it() -> None:
    grid = [["Kode", "Program/Kegiatan", "2024", "2024"],
            ["Kode", "Program/Kegiatan", "Target", "Rp"],
            ["(1)", "(2)", "(3)", "(4)"],
            ["1.02.01", "Program Penunjang Urusan", "80", "1500"]]
    assert header_rows(grid) == 3


def test_a_table_without_a_header() -> None:
    assert header_rows([["1.02.01", "Program Penunjang Urusan", "80", "1.500.000,00"]]) == 0


def test_empty_rows_under_the_header_are_not_header() -> None:
    grid = [["Kode", "Program/Kegiatan", "Target", "Rp"],
            ["", "", "", ""],
            ["1.02.01", "Program Penunjang Urusan", "80", "1.500.000,00"]]
    assert header_rows(grid) == 1


def test_column_levels_drop_repeats_of_a_merge_and_the_column_numbers() -> None:
    rows = [["Kode", "Target Kinerja", "Target Kinerja"],
            ["Kode", "2024", "2025"],
            ["Kode", "Targe\nt", "Rp"],
            ["(1)", "(2)", "(3)"]]
    assert column_levels(rows, 3) == [["kode"], ["target kinerja", "2024", "targe t"], ["target kinerja", "2025", "rp"]]
    assert column_levels(rows, 3, line_sep="")[1][-1] == "target"  # a word a narrow column broke, glued
    assert column_levels(rows, 4)[3] == []  # a column past the rows' end has no header


def test_read_levels_relative_year_from_any_level_measure_from_the_leaf() -> None:
    # the module docstring's example: the group words above the leaf give only context
    parts = read_levels(["target kinerja program dan kerangka pendanaan", "tahun 1", "rp"])
    assert (parts.year, parts.year_index) == (None, 1)
    assert parts.leaf == "rp"
    assert parts.group == "target kinerja program dan kerangka pendanaan"
    assert parts.path == "target kinerja program dan kerangka pendanaan | rp"


def test_read_levels_calendar_year_wins_over_a_relative_one() -> None:
    parts = read_levels(["tahun 1", "2024", "target"])
    assert (parts.year, parts.year_index, parts.leaf) == (2024, None, "target")


def test_read_levels_year_inside_the_measure_cell() -> None:
    parts = read_levels(["pagu 2024 (rp)"])
    assert (parts.year, parts.leaf, parts.group) == (2024, "pagu (rp)", "")


def test_read_levels_number_under_tahun_ke_is_a_relative_year() -> None:
    # "Anggaran pada Tahun ke-" over "1": the words announcing the year go, the number is its index
    parts = read_levels(["anggaran pada tahun ke-", "1"])
    assert (parts.year, parts.year_index, parts.leaf) == (None, 1, "anggaran")


def test_read_levels_column_number_in_a_header_cell_is_no_year() -> None:
    parts = read_levels(["satuan", "(5)"])
    assert (parts.year, parts.year_index, parts.leaf) == (None, None, "satuan")


@pytest.mark.parametrize("text, start, end", [
    ("RENCANA STRATEGIS DINAS KOPERASI 2021-2026", 2021, 2026),
    ("Tahun 2024 - 2026", 2024, 2026),
    ("RENSTRA 2025 s/d 2029", 2025, 2029),
    ("periode 2019 sampai dengan 2023", 2019, 2023),
    ("2016 – 2021", 2016, 2021),
])
def test_find_period(text: str, start: int, end: int) -> None:
    assert find_period([("judul", text)]) == Period(start, end, "judul")


def test_find_period_takes_the_first_place_that_prints_one() -> None:
    texts = [("caption", "Tabel T-C.27"), ("title", "Renstra 2024-2026"), ("context", "RPJMD 2021-2026")]
    assert find_period(texts) == Period(2024, 2026, "title")


@pytest.mark.parametrize("text", ["2010-2030", "2026-2024", "2024-2024", "tahun 2024", "halaman 12-20", ""])
def test_no_period(text: str) -> None:
    # spans longer than a plan's, backwards, empty, or numbers that are no years
    assert find_period([("x", text)]) is None


def test_calendar_years_leave_out_relative_and_untyped_columns() -> None:
    columns = [ColumnField(0, "name", None, "program"),
               ColumnField(1, "target", 2025, "2025 | target"),
               ColumnField(2, "rp", 2024, "2024 | rp"),
               ColumnField(3, "target", 2024, "2024 | target"),
               ColumnField(4, "target", 3, "tahun 3 | target", year_index=3),
               ColumnField(5, None, 2030, "2030")]
    assert calendar_years(columns) == [2024, 2025]


def test_a_year_cut_over_two_lines_by_a_narrow_column_is_glued() -> None:
    """Pekanbaru's Tabel 4.1 prints '201' / '8' in a narrow year column: the header reads 2018. Two whole years
    or numbers that do not make a year stay apart."""
    from extractor.header import rejoin_header_cell

    assert rejoin_header_cell("201\n8") == "2018"
    assert rejoin_header_cell("20\n18") == "2018"
    assert rejoin_header_cell("Tahun\n201\n9") == "Tahun 2019"
    assert rejoin_header_cell("2018\n2019") == "2018 2019"
    assert rejoin_header_cell("1\n2") == "1 2"
    assert rejoin_header_cell("201\n8123") == "201 8123"


def test_misread_year_in_a_run_of_years_is_mended() -> None:
    """Inspektorat Renstra p.52 (a picture table read by OCR) prints 2026 2027 2028 2029 2030 over its Target/Pagu
    pairs; OCR reads the 2029 as '2023'. A year between two of a run, one digit off the year its place asks
    for, is that year; an end year (a total's) or two misfits are left as printed."""
    from extractor.header import misread_years

    row = ["", "", "", "2026", "2026", "2027", "2027", "2028", "2028", "2023", "2023", "2030", "2030", ""]
    assert misread_years(row) == {9: ("2023", 2029), 10: ("2023", 2029)}
    assert misread_years(["2026", "2027", "2028", "2029", "2030"]) == {}
    assert misread_years(["2019", "2020", "2021", "2022", "2023", "2025"]) == {}  # an end year: kept
    pairs = ["", "2026", "2026", "2027", "2027", "2028", "2028", "2029", "2029", "2039", "2039"]
    assert misread_years(pairs) == {9: ("2039", 2030), 10: ("2039", 2030)}  # p.53: each year over Target | Pagu
    assert misread_years(["2026", "2021", "2028", "2023", "2030"]) == {}  # two misfits: kept
    assert misread_years(["2026", "2027", "2031", "2029", "2030"]) == {}  # two digits off 2028: kept
