"""Spreadsheets: the workbook samples give the DOCX's TC.27 rows (values), whether or not formulas are cached."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import SAMPLE_DOCX, SAMPLES, extracted

from extractor.readers import convert as convert_mod
from extractor.readers.xlsx import formulas_without_values, read_workbook, render_value

WORKBOOK = SAMPLES / "renstra_tc27_magetan.xlsx"
NOCACHE = SAMPLES / "renstra_tc27_magetan_nocache.xlsx"
needs_lo = pytest.mark.skipif(convert_mod.find_soffice() is None, reason="LibreOffice not installed")


def value_key(row) -> tuple:
    """What must agree between a workbook and the DOCX: values, level, code, name, indicator (not raw text)."""
    d = row.data
    years = tuple(sorted((y, tuple(sorted(v.items()))) for y, v in row.years.items()))
    return (d["level"], d["code"], d["name"], d["indicator"], d.get("unit"), d.get("baseline"),
            d.get("target_akhir"), d.get("rp_akhir"), d.get("pd"), d.get("tujuan"), d.get("sasaran"), years)


def reference() -> list[tuple]:
    return [value_key(r) for r in extracted(SAMPLE_DOCX).tables_of("TC.27")[0].rows]


def test_samples_are_what_they_say() -> None:
    assert formulas_without_values(WORKBOOK) == 0
    assert formulas_without_values(NOCACHE) > 100  # openpyxl writes formulas, never their values


def test_cached_workbook_gives_docx_rows() -> None:
    result = extracted(WORKBOOK)
    assert result.document.format == "xlsx"
    rows = result.tables_of("TC.27")[0].rows
    assert len(rows) == 74
    assert [value_key(r) for r in rows] == reference()


@needs_lo
def test_uncached_workbook_is_recalculated() -> None:
    rows = extracted(NOCACHE).tables_of("TC.27")[0].rows
    assert [value_key(r) for r in rows] == reference()
    bidang = next(r for r in rows if r.data["code"] == "2.17")
    assert bidang.years[2026]["rp"] == 7_564_889_939  # a SUM formula, computed by LibreOffice


def test_both_sheets_found() -> None:
    result = extracted(WORKBOOK)
    assert [t.kind for t in result.tables] == ["TC.27", "TC.28"]
    tc28 = result.tables_of("TC.28")[0]
    assert len(tc28.rows) == 2


def test_audit_still_finds_the_printed_inconsistencies() -> None:
    """Where the seed's number is not the sum, the workbook holds the number: the audit finds the same."""
    def found(result) -> set:
        return {(f.check, f.code, f.field, f.year) for f in result.findings if f.table == "TC.27"}

    assert found(extracted(WORKBOOK)) == found(extracted(SAMPLE_DOCX))
    assert ("children-sum", "2.17.04", "rp", 2024) in found(extracted(WORKBOOK))


def test_merges_hidden_rows_and_columns() -> None:
    tables = read_workbook(WORKBOOK)
    tc27 = tables[0]
    assert tc27.n_cols == 19  # the hidden notes column is left out
    assert tc27.n_rows == 3 + 74  # the hidden draft row is left out
    assert not any("DRAFT" in c.text for c in tc27.cells)
    kode = next(c for c in tc27.cells if c.text == "KODE")
    assert (kode.row, kode.col, kode.rowspan, kode.colspan) == (0, 2, 3, 5)
    capaian = next(c for c in tc27.cells if c.text.startswith("CAPAIAN"))
    assert capaian.colspan == 8
    assert tc27.context[-3].startswith("Tabel TC. 27")
    assert tables[1].index >= 1000 and tables[1].context[0].startswith("Tabel TC. 28")


@pytest.mark.parametrize("value, fmt, text", [
    (3149889939, "#,##0", "3149889939"),
    (3149889939.0, "General", "3149889939"),
    (80.1, "General", "80.1"),
    (2.125, "General", "2.1250"),
    (0.75, "0%", "75%"),
    (None, "General", ""),
    (" Tabel TC. 27 ", "General", "Tabel TC. 27"),
    (dt.datetime(2024, 1, 15), "yyyy-mm-dd", "2024-01-15"),
])
def test_render_value(value: object, fmt: str, text: str) -> None:
    assert render_value(value, fmt) == text


def test_hidden_sheet_and_blocks(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws["A1"] = "Tabel 1"
    ws.append([])
    ws.append(["No", "Nama", "Nilai"])
    ws.append([1, "a", 10])
    ws.append([])
    ws.append(["Tabel 2"])
    ws.append(["Kode", "Uraian"])
    ws.append(["1.01", "b"])
    hidden = wb.create_sheet("hidden")
    hidden.append(["x", "y"])
    hidden.append(["1", "2"])
    hidden.sheet_state = "hidden"
    path = tmp_path / "blocks.xlsx"
    wb.save(path)
    tables = read_workbook(path)
    assert [(t.n_rows, t.n_cols, t.context) for t in tables] == [(2, 3, ("Tabel 1",)), (2, 2, ("Tabel 2",))]


@needs_lo
@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_legacy_spreadsheets(tmp_path: Path, suffix: str) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_legacy_samples", SAMPLES / "make_legacy_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    path = module.make(tmp_path, (suffix,))[suffix]
    from extractor.pipeline import extract

    result = extract(path)
    assert result.document.format == suffix
    assert [value_key(r) for r in result.tables_of("TC.27")[0].rows] == reference()
