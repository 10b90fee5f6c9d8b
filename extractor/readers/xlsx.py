"""Spreadsheet reader: every table on every sheet of a workbook -> RawTable. The only module importing openpyxl.

.xlsx/.xlsm are read directly; .xls and .ods are first converted to .xlsx by LibreOffice (readers/convert.py).

Values are those the spreadsheet shows: ``load_workbook(data_only=True)`` gives the value Excel (or
LibreOffice) cached for each formula. A workbook written by a program that cannot compute (openpyxl, many
exporters) has formulas without cached values; such a workbook is recalculated by LibreOffice headless first
(formulas recalculated on load, see convert.py), so a total is read as its number, never as an empty cell.

Tables on a sheet: the sheet's visible rows are cut into blocks at blank rows. Leading rows of a block with
at most one filled cell (a caption, a title, "Tahun 2024 - 2026") are text above a table, and become the
``context`` of the next table, as the paragraphs above a Word table do; the rest of the block is a table.
Merged ranges (``ws.merged_cells``) become row/column spans; hidden rows and columns are left out (a merge
covering hidden ones spans only its visible positions). Tables on different sheets never continue one
another: their ``index`` values are not consecutive (stitch.py joins only adjacent fragments).

Numbers are rendered as text the cell parsers read exactly, whatever the sheet's display format: an int as
its digits ("3149889939"), a float with a dot as the decimal mark and no grouping ("80.1"; with exactly three
decimals a trailing zero is added, "2.1250", so that it cannot be read as a thousands group), a
percentage-formatted cell as its percent ("75%" for 0.75). Dates are ISO dates. The printed grouping of the
sheet (thousands separators) is therefore not kept in ``raw``: values compare, display strings do not.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Cell, RawTable

MAX_CONTEXT_LINES = 6
SHEET_INDEX_GAP = 1000  # raw table indices of sheet k start at k * SHEET_INDEX_GAP


def render_value(value: Any, number_format: str = "General") -> str:
    """A cell value as the text the parsers expect (see the module notes)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (dt.datetime, dt.date)):
        if isinstance(value, dt.datetime) and value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (int, float)):
        if "%" in (number_format or ""):
            return _number(value * 100) + "%"
        return _number(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _number(value: float | int) -> str:
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    rounded = round(value, 10)
    if rounded == int(rounded):
        return str(int(rounded))
    text = f"{rounded:.10f}".rstrip("0")
    if len(text.split(".")[1]) == 3:
        text += "0"  # "2.125" would read as 2125 (a thousands group): "2.1250" cannot
    return text


def _open(path: Path, data_only: bool) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(str(path), data_only=data_only, read_only=False)
    except Exception as exc:  # noqa: BLE001 - zip, XML and openpyxl errors alike mean an unreadable file
        raise InputError(f"{path.name}: not a readable spreadsheet ({type(exc).__name__}: {exc})") from None


def formulas_without_values(path: str | Path) -> int:
    """How many formula cells of an .xlsx have no cached value (a workbook written by openpyxl has none)."""
    p = Path(path)
    formulas = _open(p, data_only=False)
    values = _open(p, data_only=True)
    missing = 0
    for ws in formulas.worksheets:
        cached = values[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" and cached[cell.coordinate].value is None:
                    missing += 1
    return missing


def read_workbook(path: str | Path) -> list[RawTable]:
    """Every table of every sheet, sheets in workbook order. Raises InputError for unusable files."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in (".xls", ".ods"):
        from .convert import converted

        with converted(p, target="xlsx", recalc=True) as xlsx:
            return _read_xlsx(xlsx, p.name)
    if formulas_without_values(p):
        from .convert import converted, find_soffice

        if find_soffice() is None:
            raise InputError(f"{p.name}: its formulas have no saved values (written by a program that does not "
                             f"compute them); recalculating them needs LibreOffice "
                             f"(Debian/Ubuntu: apt-get install libreoffice-calc-nogui)")
        with converted(p, target="xlsx", recalc=True) as xlsx:
            return _read_xlsx(xlsx, p.name)
    return _read_xlsx(p, p.name)


def _read_xlsx(path: Path, source: str) -> list[RawTable]:
    wb = _open(path, data_only=True)
    out: list[RawTable] = []
    for k, ws in enumerate(wb.worksheets):
        if ws.sheet_state != "visible":
            continue
        out.extend(_sheet_tables(ws, source, k * SHEET_INDEX_GAP))
    return out


def _sheet_tables(ws: Any, source: str, first_index: int) -> list[RawTable]:
    rows = [r for r in range(1, (ws.max_row or 0) + 1) if not ws.row_dimensions[r].hidden]
    cols = [c for c in range(1, (ws.max_column or 0) + 1) if not _col_hidden(ws, c)]
    if not rows or not cols:
        return []
    merges: dict[tuple[int, int], tuple[int, int, int, int]] = {}  # origin -> (min_row, min_col, max_row, max_col)
    covered: set[tuple[int, int]] = set()
    continued: set[int] = set()  # rows covered by a merge from a row above (never blank, then)
    for rng in ws.merged_cells.ranges:
        continued.update(range(rng.min_row + 1, rng.max_row + 1))
        merges[(rng.min_row, rng.min_col)] = (rng.min_row, rng.min_col, rng.max_row, rng.max_col)
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    covered.add((r, c))

    def text(r: int, c: int) -> str:
        cell = ws.cell(row=r, column=c)
        return render_value(cell.value, cell.number_format)

    filled = {r: [c for c in cols if (r, c) not in covered and text(r, c)] for r in rows}
    blocks: list[list[int]] = []
    for r in rows:
        if filled[r] or r in continued:
            if blocks and blocks[-1][-1] == _prev_visible(rows, r):
                blocks[-1].append(r)
            else:
                blocks.append([r])
    tables: list[RawTable] = []
    context: list[str] = []
    for block in blocks:
        start = 0
        while start < len(block) and len(filled[block[start]]) <= 1:
            context.extend(text(block[start], c) for c in filled[block[start]])
            start += 1
        body = block[start:]
        if len(body) < 2:
            continue  # a lone row is text, not a table
        tables.append(_raw_table(ws, body, cols, merges, covered, text, source, first_index + len(tables),
                                 tuple(line for line in context if line)[-MAX_CONTEXT_LINES:]))
        context = []
    return tables


def _prev_visible(rows: list[int], r: int) -> int | None:
    i = rows.index(r)
    return rows[i - 1] if i > 0 else None


def _col_hidden(ws: Any, c: int) -> bool:
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(c)
    dim = ws.column_dimensions.get(letter)
    if dim is not None and dim.hidden:
        return True
    # a <col min= max=> group hides a range under the letter of its first column
    for other in ws.column_dimensions.values():
        if other.hidden and other.min and other.max and other.min <= c <= other.max:
            return True
    return False


def _raw_table(ws: Any, body: list[int], cols: list[int], merges: dict, covered: set, text: Any, source: str,
               index: int, context: tuple[str, ...]) -> RawTable:
    used = [c for c in cols if any((r, c) not in covered and text(r, c) for r in body)]
    spans = [merges[(r, c)] for r in body for c in cols if (r, c) in merges]
    first_col = min(used + [m[1] for m in spans if m[1] in cols])
    last_col = max(used + [m[3] for m in spans if m[3] in cols])
    tcols = [c for c in cols if first_col <= c <= last_col]
    col_at = {c: i for i, c in enumerate(tcols)}
    row_at = {r: i for i, r in enumerate(body)}
    cells: list[Cell] = []
    for r in body:
        for c in tcols:
            if (r, c) in covered:
                continue
            rowspan = colspan = 1
            if (r, c) in merges:
                _r0, _c0, r1, c1 = merges[(r, c)]
                rowspan = max(1, sum(1 for x in body if r <= x <= r1))
                colspan = max(1, sum(1 for x in tcols if c <= x <= c1))
            cells.append(Cell(text=text(r, c), row=row_at[r], col=col_at[c], rowspan=rowspan, colspan=colspan))
    return RawTable(source=source, format="xlsx", index=index, page=None, n_rows=len(body), n_cols=len(tcols),
                    cells=tuple(cells), context=context)
