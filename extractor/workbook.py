"""One Excel workbook per document: a sheet per table, a Findings sheet and a Notes sheet.

The sheets hold the same records as the CSV files (Table.records), with the header in plain words
(mappings/labels.json), numbers as numbers (Rp with thousands grouping, targets with the precision they were
printed with), a frozen header with filters, and every flagged cell filled and carrying the flag's message as a
comment. Written atomically like every other output.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import ReferenceDataError
from .files import atomic_path
from .model import Result, Row, Table
from .output import FINDING_COLUMNS, kind_slug, record_columns, safe_cell
from .tc_specs import MAPPINGS_DIR

MAX_SHEET_NAME = 31  # Excel's limit
FLAG_FILL = "FFF2CC"
HEADER_FILL = "D9E1F2"
_YEARLY = re.compile(r"^(?P<field>[a-z_]+)_(?P<year>\d{4})$")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
RP_FORMAT = "#,##0"
MAX_DECIMALS = 6


@lru_cache(maxsize=1)
def _label_data() -> tuple[dict[str, str], frozenset[str]]:
    path = MAPPINGS_DIR / "labels.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return ({str(k): str(v) for k, v in data["fields"].items()}, frozenset(data["amount_fields"]))
    except (OSError, ValueError, KeyError, AttributeError) as exc:
        raise ReferenceDataError(f"{path}: cannot read the column labels ({exc})") from None


def labels() -> dict[str, str]:
    """Field -> plain words for column headers (mappings/labels.json)."""
    return _label_data()[0]


def amount_fields() -> frozenset[str]:
    """The fields holding Rupiah amounts (shown with thousands grouping)."""
    return _label_data()[1]


def column_label(column: str) -> str:
    """'rp_2024' -> 'Rp 2024', 'target_akhir' -> 'Target akhir periode'; unknown fields keep their name."""
    names = labels()
    m = _YEARLY.match(column)
    if m and m.group("field") in names:
        return f"{names[m.group('field')]} {m.group('year')}"
    return names.get(column, column)


def flag_column(flag_field: str) -> str:
    """A flag's field ('2024.rp', 'code') as the record column it concerns ('rp_2024', 'code')."""
    year, _, name = flag_field.partition(".")
    if name and year.isdigit():
        return f"{name}_{year}"
    return flag_field


def _decimals(raw: str | None, value: float | int) -> int:
    """How many decimals a number was printed with ('80,10' -> 2, '1.500.000' -> 0, '4' -> 0)."""
    m = re.search(r"[.,](\d+)\s*%?\s*$", (raw or "").strip())
    if not m:
        return 0
    whole = float(value).is_integer()
    if whole and len(m.group(1)) == 3:  # a thousands group, not a fraction
        return 0
    return min(len(m.group(1)), MAX_DECIMALS)


def _number_format(column: str, value: Any, raw: str | None) -> str | None:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    m = _YEARLY.match(column)
    field = m.group("field") if m else column
    if field in amount_fields():
        return RP_FORMAT
    places = _decimals(raw, value)
    return "0." + "0" * places if places else "0"


def _raw_key(column: str) -> str:
    m = _YEARLY.match(column)
    return f"{m.group('year')}.{m.group('field')}" if m else column


def sheet_names(tables: list[Table]) -> list[str]:
    """A unique, Excel-legal sheet name per table: 'TC.27', 'TC.25 sesudah', 'TC.27 (2)'."""
    names: list[str] = []
    for table in tables:
        base = _BAD_SHEET_CHARS.sub("-", table.kind + (f" {table.variant}" if table.variant else ""))[:MAX_SHEET_NAME]
        name, n = base, 2
        while name.lower() in (x.lower() for x in names) or name.lower() in ("findings", "notes"):
            suffix = f" ({n})"
            name = base[: MAX_SHEET_NAME - len(suffix)] + suffix
            n += 1
        names.append(name)
    return names


def _style_header(ws: Any, n_cols: int) -> None:
    from openpyxl.styles import Font, PatternFill

    fill = PatternFill("solid", fgColor=HEADER_FILL)
    for c in range(1, n_cols + 1):
        cell = ws.cell(row=1, column=c)
        cell.font = Font(bold=True)
        cell.fill = fill
    ws.freeze_panes = "A2"
    if n_cols and ws.max_row > 1:
        ws.auto_filter.ref = ws.dimensions


def _write_table(ws: Any, table: Table) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    records = table.records()
    columns = record_columns(records)
    ws.append([column_label(c) for c in columns])
    flag_fill = PatternFill("solid", fgColor=FLAG_FILL)
    for r, (row, rec) in enumerate(zip(table.rows, records), start=2):
        ws.append([safe_cell(rec.get(c)) for c in columns])
        for c, column in enumerate(columns, start=1):
            fmt = _number_format(column, rec.get(column), row.raw.get(_raw_key(column)))
            if fmt:
                ws.cell(row=r, column=c).number_format = fmt
        for column, messages in _flags_by_column(row).items():
            if column in columns:
                cell = ws.cell(row=r, column=columns.index(column) + 1)
                cell.fill = flag_fill
                cell.comment = Comment("\n".join(messages)[:2000], "renstra")
    _style_header(ws, len(columns))


def _flags_by_column(row: Row) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for flag in row.flags:
        out.setdefault(flag_column(flag.field), []).append(f"{flag.code}: {flag.message}")
    return out


def _write_plain(ws: Any, columns: list[str], records: list[dict[str, Any]]) -> None:
    ws.append([column_label(c) for c in columns])
    for r, rec in enumerate(records, start=2):
        ws.append([safe_cell(rec.get(c)) for c in columns])
        for c, column in enumerate(columns, start=1):
            fmt = _number_format(column, rec.get(column), None)
            if fmt:
                ws.cell(row=r, column=c).number_format = fmt
    _style_header(ws, len(columns))


NOTE_COLUMNS = ["table", "code", "page", "message"]


def _note_records(result: Result) -> list[dict[str, Any]]:
    out = [{"table": "", **n.to_dict()} for n in result.notes]
    for table, name in zip(result.tables, sheet_names(result.tables)):
        out.extend({"table": name, **n.to_dict()} for n in table.notes)
    return out


def build_workbook(result: Result) -> Any:
    """The document's workbook (an openpyxl Workbook, not yet saved)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.worksheets[0])
    for table, name in zip(result.tables, sheet_names(result.tables)):
        _write_table(wb.create_sheet(name), table)
    _write_plain(wb.create_sheet("Findings"), FINDING_COLUMNS, [f.to_dict() for f in result.findings])
    _write_plain(wb.create_sheet("Notes"), NOTE_COLUMNS, _note_records(result))
    return wb


def write_workbook(result: Result, path: str | Path) -> Path:
    """Write the document's workbook to ``path`` (atomically) and return the path."""
    target = Path(path)
    workbook = build_workbook(result)
    with atomic_path(target) as tmp:
        workbook.save(tmp)
    return target


def workbook_name(result: Result) -> str:
    return f"{Path(result.document.file).stem}.xlsx"


__all__ = ["build_workbook", "column_label", "kind_slug", "sheet_names", "write_workbook", "workbook_name"]
