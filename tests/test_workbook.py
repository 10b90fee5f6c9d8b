"""The per-document Excel workbook: same values as the CSV files, flagged cells marked, opens in LibreOffice."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import SAMPLE_PDF, extracted, realdoc
from openpyxl import load_workbook

from extractor.output import write_outputs
from extractor.readers import convert as convert_mod
from extractor.workbook import column_label, sheet_names

STEM = SAMPLE_PDF.stem


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wb")
    write_outputs(extracted(SAMPLE_PDF), out)  # type: ignore[arg-type]
    return out


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def _same(csv_text: str, cell: object) -> bool:
    if cell is None:
        return csv_text == ""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return csv_text != "" and float(csv_text) == float(cell)
    return str(cell) == csv_text


def test_workbook_has_a_sheet_per_table_and_findings_and_notes(written: Path) -> None:
    wb = load_workbook(written / f"{STEM}.xlsx")
    assert wb.sheetnames == ["TC.23", "TC.24", "TC.25 sebelum", "TC.25 sesudah", "TC.26", "TC.27", "TC.28", "IKU",
                             "Findings", "Notes"]
    ws = wb["TC.27"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert ws.max_row == 75  # header + the 74 rows of the truth
    assert wb["Findings"].max_row == 39  # header + the sample's 38 findings (tests/test_audit.py pins them)


@pytest.mark.parametrize("kind,sheet", [("tc27", "TC.27"), ("tc24", "TC.24"), ("tc23", "TC.23")])
def test_workbook_values_equal_the_csv(written: Path, kind: str, sheet: str) -> None:
    rows = _csv(written / f"{STEM}.{kind}.csv")
    ws = load_workbook(written / f"{STEM}.xlsx")[sheet]
    header = [c.value for c in ws[1]]
    assert header == [column_label(k) for k in rows[0].keys()]
    for rec, xl_row in zip(rows, ws.iter_rows(min_row=2, values_only=True), strict=True):
        for (key, text), value in zip(rec.items(), xl_row, strict=True):
            assert _same(text, value), (sheet, key, text, value)


def test_amounts_grouped_targets_keep_printed_decimals_flags_commented(written: Path) -> None:
    ws = load_workbook(written / f"{STEM}.xlsx")["TC.27"]
    header = [c.value for c in ws[1]]
    rp24, target25, code = header.index("Rp 2024"), header.index("Target 2025"), header.index("Kode")
    program = ws[4]  # row 3 of the truth: program 2.17.01, target 2025 printed "80.1", Rp "3,149,889,939"
    assert program[code].value == "2.17.01"
    assert program[rp24].value == 3149889939 and program[rp24].number_format == "#,##0"
    assert program[target25].value == 80.1 and program[target25].number_format == "0.0"
    odd = ws[7]  # 2.17.01.2.01.0007 printed "07": flagged odd-code, the cell is filled and commented
    assert odd[code].value == "2.17.01.2.01.0007"
    assert odd[code].comment is not None and "odd-code" in odd[code].comment.text
    assert odd[code].fill.fgColor.rgb.endswith("FFF2CC")


def test_sheet_names_are_unique_and_legal() -> None:
    from extractor.model import Table

    tables = [Table(kind="TC.27", caption=None, pages=[], years=[], rows=[]) for _ in range(3)]
    tables.append(Table(kind="TC.25", caption=None, pages=[], years=[], rows=[], variant="a/b:c" * 10))
    names = sheet_names(tables)
    assert names[:3] == ["TC.27", "TC.27 (2)", "TC.27 (3)"]
    assert len(names[3]) <= 31 and "/" not in names[3] and ":" not in names[3]


@pytest.mark.skipif(convert_mod.find_soffice() is None, reason="LibreOffice not installed")
def test_libreoffice_opens_the_workbook(written: Path, tmp_path: Path) -> None:
    """LibreOffice reads the workbook and writes it back out with every sheet and the same TC.27 values."""
    again = convert_mod.convert_file(written / f"{STEM}.xlsx", tmp_path, "xlsx", "xlsx:Calc MS Excel 2007 XML")
    ours = load_workbook(written / f"{STEM}.xlsx")
    theirs = load_workbook(again)
    assert theirs.sheetnames == ours.sheetnames
    mine = list(ours["TC.27"].iter_rows(values_only=True))
    lo = list(theirs["TC.27"].iter_rows(values_only=True))
    assert len(lo) == len(mine) == 75
    for a, b in zip(mine, lo, strict=True):
        assert [x if x not in ("", None) else None for x in a] == [x if x not in ("", None) else None for x in b]


def test_workbook_of_a_real_document(tmp_path: Path) -> None:
    path = realdoc("banyuwangi_renstra_2025-2029_kec-banyuwangi.pdf")
    result = extracted(path)
    write_outputs(result, tmp_path)  # type: ignore[arg-type]
    wb = load_workbook(tmp_path / f"{path.stem}.xlsx")
    tc27 = [n for n in wb.sheetnames if n.startswith("TC.27")]
    assert tc27 and sum(wb[n].max_row - 1 for n in tc27) == sum(
        len(t.rows) for t in result.tables_of("TC.27"))  # type: ignore[attr-defined]


def test_text_cells_stay_text(tmp_path: Path) -> None:
    """A name that would be a formula, one that looks like a web address and number-like text (a code "07", an
    indicator "1.500") are written as the text they are: no formula, no link, no number; a flagged empty cell is
    filled."""
    from extractor.model import DocumentInfo, Flag, Result, Row, Table
    from extractor.workbook import write_workbook

    names = ["=SUM(A1:A9)", "http://contoh.go.id/renstra", "07", "1.500"]
    rows = [Row(data={"level": "program", "name": name, "indicator": None}) for name in names]
    rows[0].flags.append(Flag(code="unparsed-number", field="indicator", message="text in a numeric column"))
    table = Table(kind="TC.27", caption=None, pages=[1], years=[], rows=rows)
    result = Result(document=DocumentInfo(file="x.pdf", sha256="0", format="pdf", pages=1), tables=[table])
    path = write_workbook(result, tmp_path / "x.xlsx")
    ws = load_workbook(path)["TC.27"]
    header = [c.value for c in ws[1]]
    names_col = header.index(column_label("name"))
    values = [ws.cell(row=r, column=names_col + 1) for r in range(2, 6)]
    assert [c.value for c in values] == ["'=SUM(A1:A9)", *names[1:]]  # safe_cell marks the formula
    assert all(c.data_type == "s" and c.hyperlink is None for c in values)
    flagged = ws.cell(row=2, column=header.index(column_label("indicator")) + 1)
    assert flagged.value is None and flagged.fill.fgColor.rgb.endswith("FFF2CC")


def test_a_text_longer_than_a_cell_is_cut_and_said_so(tmp_path: Path) -> None:
    """Excel holds at most 32,767 characters in a cell: a longer text (a damaged document's run-on cell) is cut
    with a mark and a comment naming its length; the CSV keeps it whole; a flag's message stays in the comment."""
    from extractor.model import DocumentInfo, Flag, Result, Row, Table

    long_name = "Program " + "penanggulangan bencana " * 2000
    row = Row(data={"level": "program", "name": long_name, "indicator": None})
    row.flags.append(Flag(code="unparsed-code", field="name", message="a code cell that could not be read"))
    table = Table(kind="TC.27", caption=None, pages=[1], years=[], rows=[row])
    result = Result(document=DocumentInfo(file="long.pdf", sha256="0", format="pdf", pages=1), tables=[table])
    write_outputs(result, tmp_path)
    ws = load_workbook(tmp_path / "long.xlsx")["TC.27"]
    cell = ws.cell(row=2, column=[c.value for c in ws[1]].index(column_label("name")) + 1)
    assert len(cell.value) == 32767 and cell.value.endswith(" [...]") and long_name.startswith(cell.value[:-6])
    assert f"{len(long_name):,} characters" in cell.comment.text and "unparsed-code" in cell.comment.text
    assert _csv(tmp_path / "long.tc27.csv")[0]["name"] == long_name
