"""The DOCX reader: merged cells from the XML (gridSpan, vMerge, gridBefore), nested tables, context lines."""

from __future__ import annotations

from pathlib import Path

import docx
from conftest import SAMPLE_DOCX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from extractor.readers.docx import read_docx


def _set(cell: object, tag: str, value: str | None) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    el = OxmlElement(tag)
    if value is not None:
        el.set(qn("w:val"), value)
    tc_pr.append(el)


def test_merges_and_nested_tables(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Tabel TC. 27")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "TUJUAN"
    table.cell(0, 1).text = "2024"
    table.cell(1, 0).text = "Meningkatkan omset"
    table.cell(1, 1).text = "a"
    table.cell(1, 2).text = "b"
    table.cell(2, 1).text = "c"
    table.cell(2, 2).text = "d"
    # "2024" spans two grid columns: remove the row's third cell and give the second gridSpan=2
    row0 = table.rows[0]._tr
    row0.remove(row0.tc_lst[2])
    _set(table.cell(0, 1), "w:gridSpan", "2")
    _set(table.cell(1, 0), "w:vMerge", "restart")  # TUJUAN text runs down over two rows
    _set(table.rows[2].cells[0], "w:vMerge", None)  # no value = continue
    inner = table.cell(2, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "x"
    inner.cell(0, 1).text = "y"
    path = tmp_path / "merged.docx"
    document.save(str(path))

    tables, pages = read_docx(path)
    assert pages is None
    outer, nested = tables
    assert outer.context == ("Tabel TC. 27",)
    assert (outer.n_rows, outer.n_cols) == (3, 3)
    span = next(c for c in outer.cells if c.text == "2024")
    assert (span.row, span.col, span.colspan) == (0, 1, 2)
    tujuan = next(c for c in outer.cells if c.text == "Meningkatkan omset")
    assert (tujuan.row, tujuan.col, tujuan.rowspan) == (1, 0, 2)
    assert outer.grid(fill_merged=True)[2][0] == "Meningkatkan omset"
    assert outer.grid()[2][0] == ""
    assert outer.grid()[2][2] == "d", "a nested table's text stays out of its parent cell"
    assert nested.grid() == [["x", "y"]]


def test_sample_tc27_spans() -> None:
    tables, _ = read_docx(SAMPLE_DOCX)
    tc27 = next(t for t in tables if any("TC. 27" in line for line in t.context))
    assert tc27.n_cols == 19
    kode = next(c for c in tc27.cells if c.text == "KODE")
    assert kode.colspan == 5
    joined = next(c for c in tc27.cells if c.text == "2 17 01 2.08")  # a code the seed prints in one cell
    assert joined.colspan == 5
    tujuan = [c for c in tc27.cells if c.col == 0 and c.text.startswith("Meningkatkan omset")]
    assert tujuan and all(c.rowspan > 1 for c in tujuan)
