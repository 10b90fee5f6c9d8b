"""Unruled tables read from their header (extractor/readers/pdf_header_columns.py), on pages of characters placed
by hand: what the zoo's borderless layouts (tests/test_layouts.py: unruled, unruled_seed_header,
unruled_header_once) exercise end to end, here one rule at a time."""

from __future__ import annotations

from typing import Any

from extractor.readers.pdf_header_columns import header_column_tables

CHAR_W, SPACE_W, SIZE = 3.0, 2.0, 6.0  # a character 3 pt wide, a space 2 pt (a third of the size), 6 pt high


def words(*placed: tuple[float, float, str]) -> list[dict[str, Any]]:
    """pdfplumber-style characters of words, each given as (x0, top, text)."""
    chars: list[dict[str, Any]] = []
    for x, top, text in placed:
        for ch in text:
            width = SPACE_W if ch == " " else CHAR_W
            chars.append({"text": ch, "x0": x, "x1": x + width, "top": top, "doctop": top, "bottom": top + SIZE,
                          "upright": True, "size": SIZE})
            x += width
    return chars


# columns: Kode at 20, Program/Kegiatan at 100, Target 2024 at 250, Pagu 2024 (Rp) at 300, PD at 400
HEADER = words((20, 100, "Kode"), (100, 100, "Program/Kegiatan"), (250, 100, "Target"), (300, 100, "Pagu 2024"),
               (400, 100, "PD"),
               (253, 108, "2024"), (307.5, 108, "(Rp)"))  # "2024" centred under Target, "(Rp)" under "Pagu 2024"


def body_row(top: float, code: str, name: str, target: str, rp: str) -> list[dict[str, Any]]:
    return words((20, top, code), (100, top, name), (250, top, target), (300, top, rp), (400, top, "DINKOP"))


def grid_of(table: tuple[Any, ...]) -> list[list[str]]:
    _bbox, cells, n_rows, n_cols = table
    grid = [[""] * n_cols for _ in range(n_rows)]
    for c in cells:
        grid[c.row][c.col] = c.text
    return grid


def test_wrapped_header_cells_are_one_column_each_and_wrapped_names_join_their_row() -> None:
    chars = HEADER + body_row(120, "2.17", "Urusan", "80", "3.149.889") + words((100, 128, "Koperasi")) \
        + body_row(140, "2.17.01", "Program", "81", "45.000.000")
    tables, _foot = header_column_tables(chars, 800.0)
    assert len(tables) == 1
    grid = grid_of(tables[0])
    assert grid[0] == ["Kode", "Program/Kegiatan", "Target\n2024", "Pagu 2024\n(Rp)", "PD"]
    assert grid[1] == ["2.17", "Urusan\nKoperasi", "80", "3.149.889", "DINKOP"]
    assert grid[2] == ["2.17.01", "Program", "81", "45.000.000", "DINKOP"]


def test_a_year_over_target_and_rp_is_one_merged_header_cell() -> None:
    header = words((20, 100, "Kode"), (100, 100, "Program"), (270, 100, "2024"), (400, 100, "PD"),
                   (250, 112, "Target"), (300, 112, "Rp"))
    chars = header + body_row(130, "2.17", "Urusan", "80", "3.149.889") \
        + body_row(140, "2.17.01", "Program", "81", "45.000.000")
    tables, _foot = header_column_tables(chars, 800.0)
    assert len(tables) == 1
    _bbox, cells, n_rows, n_cols = tables[0]
    year = next(c for c in cells if c.text == "2024")
    assert (year.row, year.colspan) == (0, 2)
    assert {c.text for c in cells if c.row == 1 and c.text} == {"Target", "Rp"}
    kode = next(c for c in cells if c.text == "Kode")
    assert kode.rowspan == 2
    assert (n_rows, n_cols) == (4, 5)


def test_a_heading_across_the_columns_inside_the_table_is_a_row_of_one_cell() -> None:
    """A heading printed over every column (a merged row of a table without borders) with the table going on
    under it: one row of one cell over the 5 columns, and the rows under it read in their columns (before, the
    table was given up here and the page left to the text strategy)."""
    heading = "Sasaran: meningkatnya pelayanan koperasi dan usaha mikro di seluruh kabupaten"
    chars = HEADER + body_row(120, "2.17", "Urusan", "80", "3.149.889") \
        + body_row(130, "2.17.01", "Program", "81", "45.000.000") + words((20, 140, heading)) \
        + body_row(150, "2.17.02", "Program", "8", "9.000") + body_row(160, "2.17.03", "Kegiatan", "9", "1.000")
    (table,) = header_column_tables(chars, 800.0)[0]
    _bbox, cells, n_rows, n_cols = table
    assert (n_rows, n_cols) == (6, 5)
    across = [c for c in cells if c.row == 3]
    assert [(c.text, c.col, c.colspan) for c in across] == [(heading, 0, 5)]
    assert grid_of(table)[4:] == [["2.17.02", "Program", "8", "9.000", "DINKOP"],
                                  ["2.17.03", "Kegiatan", "9", "1.000", "DINKOP"]]


def test_a_line_across_the_columns_that_is_no_heading_still_ends_the_table_search() -> None:
    """A line crossing the columns as several runs of words (two cells' worth of text run together, not one
    heading) with the table going on under it: still no header-column table here, not a table cut short."""
    chars = HEADER + body_row(120, "2.17", "Urusan", "80", "3.149.889") \
        + body_row(130, "2.17.01", "Program", "81", "45.000.000") \
        + words((20, 140, "Sasaran: meningkatnya pelayanan koperasi"), (240, 140, "dan usaha mikro di kabupaten")) \
        + body_row(150, "2.17.02", "Program", "8", "9.000") + body_row(160, "2.17.03", "Kegiatan", "9", "1.000")
    assert header_column_tables(chars, 800.0)[0] == []


def test_a_page_without_a_header_takes_the_columns_of_the_page_before() -> None:
    first = HEADER + body_row(120, "2.17", "Urusan", "80", "3.149.889") \
        + body_row(140, "2.17.01", "Program", "81", "45.000.000")
    tables, foot = header_column_tables(first, 160.0)  # the table runs to the page foot
    assert tables and foot is not None
    page2 = body_row(20, "2.17.02", "Program", "8", "9.000") + body_row(30, "2.17.03", "Kegiatan", "9", "1.000")
    found, _foot = header_column_tables(page2, 800.0, lambda: foot)
    assert [row for row in grid_of(found[0])] == [["2.17.02", "Program", "8", "9.000", "DINKOP"],
                                                  ["2.17.03", "Kegiatan", "9", "1.000", "DINKOP"]]
    assert header_column_tables(page2, 800.0)[0] == []  # no header, nothing above: not read here
