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
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Cell, Note, RawTable

MAX_CONTEXT_LINES = 6
SHEET_INDEX_GAP = 1000  # raw table indices of sheet k start at k * SHEET_INDEX_GAP
MAX_SHEET_COLUMNS = 16384  # XFD, the last column a sheet can have
MAX_SHEET_ROWS = 1_048_576
# Bounds on what a workbook may ask for; a real Renstra table has a few dozen columns and a few thousand rows.
MAX_MERGED_CELLS = 1_000_000  # positions covered by merged ranges in all sheets (openpyxl makes one object each)
MAX_TABLE_COLUMNS = 1_000
MAX_TABLE_CELLS = 2_000_000  # rows x columns of one table
_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")
_MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([^\"]{1,40})\"")
_SHEET_NAME = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"")


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


def _stored_cells(ws: Any) -> dict[tuple[int, int], Any]:
    """The cells the sheet's XML holds, by (row, column). openpyxl keeps them in ``_cells``; asking it for
    ``ws.cell()`` or ``iter_rows()`` would create a cell for every position up to max_row x max_column (a lone
    cell at XFD1048576 makes that 17 billion)."""
    return ws._cells


def check_parts(path: Path) -> list[str]:
    """Before openpyxl loads a workbook: refuse one whose merged ranges cover more than MAX_MERGED_CELLS positions
    (openpyxl creates an object per merged position), and return the names of the sheets the workbook lists
    but whose part is missing (openpyxl skips them without a word)."""
    import zipfile
    import zlib

    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            merged = 0
            for name in sorted(n for n in names if _SHEET_PART.match(n)):
                for ref in _MERGE_REF.findall(zf.read(name)):
                    merged += _area(ref.decode("ascii"))
                    if merged > MAX_MERGED_CELLS:
                        raise InputError(f"{path.name}: refused, merged cells in {name} cover more than "
                                         f"{MAX_MERGED_CELLS:,} positions (e.g. {ref.decode('ascii')}): a damaged "
                                         f"or hostile file")
            listed = _listed_sheets(zf.read("xl/workbook.xml")) if "xl/workbook.xml" in names else []
    except InputError:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError, ValueError) as exc:
        raise InputError(f"{path.name}: not a readable spreadsheet ({type(exc).__name__}: {exc})") from None
    return listed


def _area(ref: str) -> int:
    from openpyxl.utils.cell import range_boundaries

    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
    except (ValueError, TypeError):
        return 0
    rows = (max_row or MAX_SHEET_ROWS) - (min_row or 1) + 1  # "A:A" (no rows given) is the whole column
    cols = (max_col or MAX_SHEET_COLUMNS) - (min_col or 1) + 1
    return max(1, rows) * max(1, cols)


def _listed_sheets(workbook_xml: bytes) -> list[str]:
    import html

    return [html.unescape(m.decode("utf-8", "replace")) for m in _SHEET_NAME.findall(workbook_xml)]


def formulas_without_values(path: str | Path) -> int:
    """How many formula cells of an .xlsx have no cached value (a workbook written by openpyxl has none)."""
    p = Path(path)
    check_parts(p)
    formulas = _open(p, data_only=False)
    values = _open(p, data_only=True)
    missing = 0
    for ws in formulas.worksheets:
        cached = _stored_cells(values[ws.title])
        for key, cell in _stored_cells(ws).items():
            if cell.data_type == "f" and getattr(cached.get(key), "value", None) is None:
                missing += 1
    return missing


def read_workbook(path: str | Path) -> list[RawTable]:
    """Every table of every sheet, sheets in workbook order. Raises InputError for unusable files."""
    return read_workbook_notes(path)[0]


def read_workbook_notes(path: str | Path) -> tuple[list[RawTable], list[Note]]:
    """read_workbook, with the notes on what could not be read (a sheet whose part is missing)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in (".xls", ".ods"):
        from .convert import converted

        with converted(p, target="xlsx", recalc=True) as xlsx:
            return _read_xlsx(xlsx, p.name)
    if formulas_without_values(p):
        from .convert import INSTALL_HINT, converted, find_soffice

        if find_soffice() is None:
            raise InputError(f"{p.name}: its formulas have no saved values (written by a program that does not "
                             f"compute them); recalculating them needs LibreOffice "
                             f"(Debian/Ubuntu: {INSTALL_HINT})")
        with converted(p, target="xlsx", recalc=True) as xlsx:
            return _read_xlsx(xlsx, p.name, listed=check_parts(p))  # LibreOffice drops a sheet it cannot find
    return _read_xlsx(p, p.name)


def _read_xlsx(path: Path, source: str, listed: list[str] | None = None) -> tuple[list[RawTable], list[Note]]:
    """The tables of an .xlsx; LISTED: the sheet names the original workbook lists (default: this one's)."""
    listed_here = check_parts(path)
    listed = listed_here if listed is None else listed
    wb = _open(path, data_only=True)
    out: list[RawTable] = []
    for k, ws in enumerate(wb.worksheets):
        if ws.sheet_state != "visible":
            continue
        out.extend(_sheet_tables(ws, source, k * SHEET_INDEX_GAP))
    return out, _missing_sheet_notes(Path(source), listed, wb.sheetnames)


def _missing_sheet_notes(path: Path, listed: list[str], loaded: list[str]) -> list[Note]:
    return [Note("sheet-missing", f"{path.name}: sheet '{name}' is listed in the workbook but its data part is "
                                  f"missing (a damaged file); it was not read")
            for name in listed if name not in loaded]


def _sheet_tables(ws: Any, source: str, first_index: int) -> list[RawTable]:
    hidden_rows = {r for r, dim in ws.row_dimensions.items() if dim.hidden}
    hidden_cols = _hidden_columns(ws)
    texts: dict[int, dict[int, str]] = {}  # row -> column -> text, visible non-empty cells only
    for (r, c), cell in _stored_cells(ws).items():
        if r in hidden_rows or c in hidden_cols:
            continue
        text = render_value(cell.value, getattr(cell, "number_format", "General"))
        if text:
            texts.setdefault(r, {})[c] = text
    if not texts:
        return []
    last_row = max(texts)
    merges = [(rng.min_row, rng.min_col, min(rng.max_row, last_row), rng.max_col) for rng in ws.merged_cells.ranges
              if rng.min_row <= last_row]
    continued = {r for m in merges for r in range(m[0] + 1, m[2] + 1)} - hidden_rows
    rows = sorted(set(texts) | continued)
    blocks: list[list[int]] = []
    for r in rows:
        if blocks and _adjacent(blocks[-1][-1], r, hidden_rows):
            blocks[-1].append(r)
        else:
            blocks.append([r])
    sheet = _Sheet(ws.title, texts, merges, hidden_cols)
    tables: list[RawTable] = []
    context: list[str] = []
    for block in blocks:
        start = 0
        while start < len(block) and len(texts.get(block[start], {})) <= 1:
            context.extend(texts.get(block[start], {}).values())
            start += 1
        body = block[start:]
        if len(body) < 2:
            continue  # a lone row is text, not a table
        tables.append(_raw_table(sheet, body, source, first_index + len(tables),
                                 tuple(line for line in context if line)[-MAX_CONTEXT_LINES:]))
        context = []
    return tables


@dataclass
class _Sheet:
    title: str
    texts: dict[int, dict[int, str]]
    merges: list[tuple[int, int, int, int]]  # min_row, min_col, max_row, max_col
    hidden_cols: set[int]


def _adjacent(prev: int, r: int, hidden_rows: set[int]) -> bool:
    """Whether row r follows row prev with only hidden rows between them."""
    gap = r - prev - 1
    return gap <= len(hidden_rows) and all(x in hidden_rows for x in range(prev + 1, r))


def _hidden_columns(ws: Any) -> set[int]:
    from openpyxl.utils import column_index_from_string

    hidden: set[int] = set()
    for letter, dim in ws.column_dimensions.items():
        if not dim.hidden:
            continue
        # a <col min= max=> group hides a range under the letter of its first column
        first = dim.min or column_index_from_string(letter)
        last = min(max(dim.max or first, first), MAX_SHEET_COLUMNS)
        hidden.update(range(first, last + 1))
    return hidden


def _raw_table(sheet: _Sheet, body: list[int], source: str, index: int, context: tuple[str, ...]) -> RawTable:
    first_row, last_row = body[0], body[-1]
    in_body = set(body)
    spans = [m for m in sheet.merges if m[0] in in_body and m[1] not in sheet.hidden_cols]
    used = [c for r in body for c in sheet.texts.get(r, {})]
    first_col = min(used + [m[1] for m in spans])
    last_col = max(used + [m[3] for m in spans if m[3] not in sheet.hidden_cols])
    width = last_col - first_col + 1 - sum(1 for c in sheet.hidden_cols if first_col <= c <= last_col)
    if width > MAX_TABLE_COLUMNS or width * len(body) > MAX_TABLE_CELLS:
        from openpyxl.utils import get_column_letter

        raise InputError(f"{source}: refused, sheet '{sheet.title}' has a table over "
                         f"{get_column_letter(first_col)}{first_row}:{get_column_letter(last_col)}{last_row} "
                         f"({len(body):,} rows x {width:,} columns), past the limit of {MAX_TABLE_COLUMNS:,} columns "
                         f"or {MAX_TABLE_CELLS:,} cells: a stray far cell or merge, or a damaged file")
    tcols = [c for c in range(first_col, last_col + 1) if c not in sheet.hidden_cols]
    col_at = {c: i for i, c in enumerate(tcols)}
    row_at = {r: i for i, r in enumerate(body)}
    covered: set[tuple[int, int]] = set()
    origin: dict[tuple[int, int], tuple[int, int]] = {}
    for r0, c0, r1, c1 in sheet.merges:
        if r1 < first_row or r0 > last_row or c1 < first_col or c0 > last_col:
            continue
        rows_in = [r for r in body if r0 <= r <= r1]
        cols_in = [c for c in tcols if c0 <= c <= c1]
        covered.update((r, c) for r in rows_in for c in cols_in if (r, c) != (r0, c0))
        if r0 in row_at and c0 in col_at:
            origin[(r0, c0)] = (max(1, len(rows_in)), max(1, len(cols_in)))
    cells: list[Cell] = []
    for r in body:
        for c in tcols:
            if (r, c) in covered:
                continue
            rowspan, colspan = origin.get((r, c), (1, 1))
            cells.append(Cell(text=sheet.texts.get(r, {}).get(c, ""), row=row_at[r], col=col_at[c], rowspan=rowspan,
                              colspan=colspan))
    return RawTable(source=source, format="xlsx", index=index, page=None, n_rows=len(body), n_cols=len(tcols),
                    cells=tuple(cells), context=context)
