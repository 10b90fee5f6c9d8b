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


class _Formats:
    """The workbook's cell formats, made once each: XlsxWriter gives a cell one format, so a flagged amount
    needs a format of its own (number format and flag fill)."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.header = workbook.add_format({"bold": True, "bg_color": f"#{HEADER_FILL}"})
        self._made: dict[tuple[str | None, bool], Any] = {}

    def of(self, number_format: str | None, flagged: bool = False) -> Any:
        key = (number_format, flagged)
        if key not in self._made:
            spec: dict[str, Any] = {"num_format": number_format} if number_format else {}
            if flagged:
                spec.update({"bg_color": f"#{FLAG_FILL}", "pattern": 1})
            self._made[key] = self.workbook.add_format(spec) if spec else None
        return self._made[key]


def _write_header(ws: Any, labels: list[str], n_rows: int, formats: _Formats) -> None:
    """The header row in bold on a fill, frozen, with filters over the sheet when it has rows."""
    ws.write_row(0, 0, labels, formats.header)
    ws.freeze_panes(1, 0)
    if labels and n_rows:
        ws.autofilter(0, 0, n_rows, len(labels) - 1)


MAX_CELL_CHARS = 32_767  # Excel's limit for the text of one cell
MAX_COMMENT_CHARS = 2000
CUT_MARK = " [...]"


def write_cell(ws: Any, r: int, c: int, value: Any, cell_format: Any, comment: str = "") -> None:
    """One value, with ``comment`` (a flag's messages) when given; a text longer than a cell can hold is cut,
    marked and said so in the comment (the JSON and CSV files keep it whole): XlsxWriter would cut it without a
    word."""
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        cut = (f"cut: the text has {len(value):,} characters, more than a cell holds; the JSON and CSV files hold "
               "it whole")
        comment = f"{cut}\n{comment}" if comment else cut
        value = value[: MAX_CELL_CHARS - len(CUT_MARK)] + CUT_MARK
    if value is not None:
        ws.write(r, c, value, cell_format)
    elif cell_format is not None:
        ws.write_blank(r, c, None, cell_format)
    if comment:
        ws.write_comment(r, c, comment[:MAX_COMMENT_CHARS], {"author": "renstra"})


def _write_table(ws: Any, table: Table, formats: _Formats) -> None:
    records = table.records()
    columns = record_columns(records)
    _write_header(ws, [column_label(c) for c in columns], len(records), formats)
    for r, (row, rec) in enumerate(zip(table.rows, records), start=1):
        flagged = {column: messages for column, messages in _flags_by_column(row).items() if column in columns}
        for c, column in enumerate(columns):
            fmt = _number_format(column, rec.get(column), row.raw.get(_raw_key(column)))
            write_cell(ws, r, c, safe_cell(rec.get(column)), formats.of(fmt, column in flagged),
                        "\n".join(flagged.get(column, ())))


def _flags_by_column(row: Row) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for flag in row.flags:
        out.setdefault(flag_column(flag.field), []).append(f"{flag.code}: {flag.message}")
    return out


def _write_plain(ws: Any, columns: list[str], records: list[dict[str, Any]], formats: _Formats) -> None:
    _write_header(ws, [column_label(c) for c in columns], len(records), formats)
    for r, rec in enumerate(records, start=1):
        for c, column in enumerate(columns):
            write_cell(ws, r, c, safe_cell(rec.get(column)), formats.of(_number_format(column, rec.get(column), None)))


NOTE_COLUMNS = ["table", "code", "page", "message"]


def _note_records(result: Result) -> list[dict[str, Any]]:
    out = [{"table": "", **n.to_dict()} for n in result.notes]
    for table, name in zip(result.tables, sheet_names(result.tables)):
        out.extend({"table": name, **n.to_dict()} for n in table.notes)
    return out


# Text is written as text: a value starting with "=" is no formula (safe_cell also marks it), one that looks like a
# web address no link, one that looks like a number stays as printed.
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
                    "nan_inf_to_errors": True, "in_memory": True}


def save_workbook(result: Result, path: str | Path) -> None:
    """Write the document's workbook to ``path`` as it is (XlsxWriter: a writer only, a fraction of openpyxl's
    time). Raises OSError when the file cannot be written."""
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    workbook = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    formats = _Formats(workbook)
    for table, name in zip(result.tables, sheet_names(result.tables)):
        _write_table(workbook.add_worksheet(name), table, formats)
    _write_plain(workbook.add_worksheet("Findings"), FINDING_COLUMNS, [f.to_dict() for f in result.findings], formats)
    _write_plain(workbook.add_worksheet("Notes"), NOTE_COLUMNS, _note_records(result), formats)
    try:
        workbook.close()
    except FileCreateError as exc:
        raise OSError(str(exc)) from exc


def write_workbook(result: Result, path: str | Path) -> Path:
    """Write the document's workbook to ``path`` (atomically) and return the path."""
    target = Path(path)
    with atomic_path(target) as tmp:
        save_workbook(result, tmp)
    return target


def workbook_name(result: Result) -> str:
    return f"{Path(result.document.file).stem}.xlsx"


__all__ = ["column_label", "kind_slug", "save_workbook", "sheet_names", "write_workbook", "workbook_name"]
