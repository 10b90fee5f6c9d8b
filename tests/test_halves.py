"""A wide TC.27 printed in halves (extractor/halves.py): every row with its first columns, then the same rows with
the columns that did not fit, under a header of their own. The zoo's ``halves`` layout (tests/test_layouts.py)
checks every truth cell of a joined table in DOCX and PDF; here, a second half that holds a row less is not joined
and says so, the first half's rows kept whole. Written with python-docx from the seed's first rows
(samples/truth/tc27.csv); before, the second half's rows were appended as rows, their numbers in the code, name and
indicator columns, without a note.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import truth_rows

from extractor import extract
from extractor.cli import main

ROWS = truth_rows("tc27.csv")[:6]
LEFT = ["Kode", "Program/Kegiatan/Sub Kegiatan", "Indikator Kinerja", "Target 2024", "Pagu 2024 (Rp)"]
RIGHT = ["Target 2025", "Pagu 2025 (Rp)", "PD Penanggung Jawab"]


def _table(doc: object, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1 + len(rows), cols=len(header))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for r, values in enumerate([header, *rows]):
        for c, value in enumerate(values):
            table.cell(r, c).text = value


def _write(path: Path, right_rows: int, right_header: bool = True) -> None:
    from docx import Document
    from docx.enum.text import WD_BREAK

    doc = Document()
    doc.add_paragraph("Tabel T-C.27 Rencana Program, Kegiatan dan Pendanaan Dinas Koperasi Tahun 2024 - 2026")
    _table(doc, LEFT, [[r["code"], r["name"], r["indicator"], r["target_2024"], r["rp_2024"]] for r in ROWS])
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    right = [[r["target_2025"], r["rp_2025"], r["pd"]] for r in ROWS[:right_rows]]
    _table(doc, RIGHT, right) if right_header else _table(doc, right[0], right[1:])
    doc.save(str(path))


def _amount(printed: str) -> int | None:
    return int(printed.replace(",", "")) if printed.strip() not in ("", "-") else None


def test_halves_with_as_many_rows_are_joined_row_by_row(tmp_path: Path) -> None:
    path = tmp_path / "halves.docx"
    _write(path, len(ROWS))
    result = extract(path)
    (table,) = result.tables_of("TC.27")
    assert [r.data["code"] for r in table.rows] == [r["code"] for r in ROWS]
    assert [r.years[2025]["rp"] for r in table.rows] == [_amount(r["rp_2025"]) for r in ROWS]
    assert [r.data["pd"] for r in table.rows] == [r["pd"] for r in ROWS]
    [note] = [n.message for n in result.notes if n.code == "columns-joined"]
    assert note == ("TC.27: the columns printed apart on table 2 of the document (header 'Target 2025 | Pagu 2025 "
                    f"(Rp) | PD Penanggung Jawab') were set beside the table's, row by row in order ({len(ROWS)} rows "
                    "each)")


def test_halves_with_other_row_counts_are_not_joined_and_said(tmp_path: Path) -> None:
    path = tmp_path / "halves_short.docx"
    _write(path, len(ROWS) - 1)
    result = extract(path)
    (table,) = result.tables_of("TC.27")
    assert [r.data["code"] for r in table.rows] == [r["code"] for r in ROWS]  # no row of numbers among them
    assert [r.years[2024]["rp"] for r in table.rows] == [_amount(r["rp_2024"]) for r in ROWS]
    assert all(2025 not in r.years or r.years[2025].get("rp") is None for r in table.rows)
    [note] = [n.message for n in result.notes if n.code == "columns-not-joined"]
    assert f"hold {len(ROWS) - 1} rows, the table {len(ROWS)}: not joined" in note
    out = tmp_path / "out"
    strict = CliRunner().invoke(main, ["extract", str(path), "-o", str(out), "--strict", "-q",
                                       "--nomenclature", "none"])
    assert strict.exit_code == 2, strict.output


@pytest.mark.parametrize("right", [["Target 2024", "Pagu 2024 (Rp)"], ["Kode", "Target 2025", "Pagu 2025 (Rp)"]])
def test_a_second_table_sharing_a_column_is_no_half(tmp_path: Path, right: list[str]) -> None:
    """A next table that repeats one of the first table's columns, or prints a code, is rows, not other
    columns: nothing is joined."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("Tabel T-C.27 Rencana Program, Kegiatan dan Pendanaan Dinas Koperasi Tahun 2024 - 2026")
    _table(doc, LEFT, [[r["code"], r["name"], r["indicator"], r["target_2024"], r["rp_2024"]] for r in ROWS])
    _table(doc, right, [["1", "2", "3"][: len(right)]])
    path = tmp_path / "not_halves.docx"
    doc.save(str(path))
    result = extract(path)
    assert not [n for n in result.notes if n.code.startswith("columns-")]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_headerless_half_of_numbers_is_joined_under_extra(tmp_path: Path, fmt: str) -> None:
    """The second half printed without any header (a spreadsheet whose header rows are not repeated on the pages
    printed 'over'): numbers where the table prints its names. Its cells go beside the rows, untyped, under
    'extra'; before, they were rows of their own, '30.000.000' a name and '8' an urusan code."""
    path = tmp_path / "headerless.docx"
    _write(path, len(ROWS), right_header=False)
    if fmt == "pdf":
        from extractor.readers.convert import convert_file, find_soffice

        if find_soffice() is None:
            pytest.skip("LibreOffice is not installed")
        path = convert_file(path, tmp_path, "pdf")
    result = extract(path)
    (table,) = result.tables_of("TC.27")
    assert [r.data["code"] for r in table.rows] == [r["code"] for r in ROWS]
    assert [sorted(r.data["extra"].values()) for r in table.rows] == [
        sorted(v for v in (r["target_2025"], r["rp_2025"], r["pd"]) if v) for r in ROWS]
    [note] = [n.message for n in result.notes if n.code == "columns-joined"]
    assert "(no header over them: their cells are kept in each row under 'extra')" in note


def test_halves_printed_over_then_down_keep_every_row(tmp_path: Path) -> None:
    """A spreadsheet printed "over, then down": the first rows' two halves, then the next rows' two halves. The
    rows stay one table in order, and each block's half goes beside that block's rows."""
    from docx import Document
    from docx.enum.text import WD_BREAK

    doc = Document()
    doc.add_paragraph("Tabel T-C.27 Rencana Program, Kegiatan dan Pendanaan Dinas Koperasi Tahun 2024 - 2026")
    for k, block in enumerate((ROWS[:3], ROWS[3:])):
        if k:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _table(doc, LEFT, [[r["code"], r["name"], r["indicator"], r["target_2024"], r["rp_2024"]] for r in block])
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _table(doc, RIGHT, [[r["target_2025"], r["rp_2025"], r["pd"]] for r in block])
    path = tmp_path / "over_then_down.docx"
    doc.save(str(path))
    result = extract(path)
    (table,) = result.tables_of("TC.27")
    assert [r.data["code"] for r in table.rows] == [r["code"] for r in ROWS]
    assert [r.data.get("pd") for r in table.rows] == [r["pd"] for r in ROWS]
    assert [r.years[2025]["rp"] for r in table.rows] == [_amount(r["rp_2025"]) for r in ROWS]
    assert [n.code for n in result.notes if n.code.startswith("columns-")] == ["columns-joined", "columns-joined"]
