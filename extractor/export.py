"""Export a TC.27 into the single-sheet import template of an e-planning application.

The layout of each template is data (mappings/export_layouts.json): its columns left to right, the year columns
repeated for year 1..n of the plan, how codes are written, which columns of a parent row carry the sum of its
children. A new application's template is a new entry there, not new code.

Input is the plain-data form of a result (the JSON ``renstra extract`` writes, or ``Result.to_dict()``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .codes import generic_form
from .errors import InputError, ReferenceDataError
from .fields import LEVEL_RANK
from .files import atomic_path
from .output import safe_cell
from .tc_specs import MAPPINGS_DIR


@dataclass(frozen=True)
class ExportColumn:
    header: str
    field: str
    year: int | None = None  # 1-based year of the plan for a per-year column
    sum_children: bool = False


@dataclass(frozen=True)
class ExportLayout:
    name: str
    sheet: str
    years: int
    levels: tuple[str, ...]
    generic_prefix: str | None
    columns: tuple[ExportColumn, ...]


@lru_cache(maxsize=1)
def _layouts_data() -> dict[str, Any]:
    path = MAPPINGS_DIR / "export_layouts.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReferenceDataError(f"{path}: cannot read the export layouts ({exc})") from None
    return {k: v for k, v in data.items() if not k.startswith("_")}


def layout_names() -> list[str]:
    return sorted(_layouts_data())


def load_layout(name: str, years: int | None = None) -> ExportLayout:
    """The layout called ``name`` with its year columns for ``years`` years (at least the template's own number:
    a plan of more years gets more year columns, TAHUN 6 ...); ReferenceDataError naming the known ones."""
    data = _layouts_data()
    if name not in data:
        raise ReferenceDataError(f"unknown export layout {name!r}; known: {', '.join(layout_names())}")
    entry = data[name]
    try:
        n_years = max(int(entry["years"]), years or 0)
        columns: list[ExportColumn] = []
        for col in entry["columns"]:
            if "per_year" in col:
                for n in range(1, n_years + 1):
                    columns.extend(ExportColumn(c["header"].format(n=n), c["field"], n, bool(c.get("sum_children")))
                                   for c in col["per_year"])
            else:
                columns.append(ExportColumn(col["header"], col["field"], None, bool(col.get("sum_children"))))
        return ExportLayout(name=name, sheet=str(entry.get("sheet", name))[:31], years=n_years,
                            levels=tuple(entry["levels"]),
                            generic_prefix=(entry.get("code_style") or {}).get("generic_prefix"),
                            columns=tuple(columns))
    except (KeyError, TypeError, ValueError) as exc:
        raise ReferenceDataError(f"export layout {name!r} is malformed ({exc})") from None


def _tc27(result: dict[str, Any]) -> dict[str, Any]:
    tables = [t for t in result.get("tables", []) if t.get("kind") == "TC.27"]
    if not tables:
        raise InputError(f"{result.get('document', {}).get('file', 'result')}: holds no TC.27 table to export")
    if len(tables) == 1:
        return tables[0]
    # several TC.27 (e.g. a matrix and the funding table): the one with the most coded rows
    return max(tables, key=lambda t: sum(1 for r in t["rows"] if r.get("code")))


def _written_code(code: str | None, layout: ExportLayout) -> str:
    if not code:
        return ""
    if layout.generic_prefix:
        try:
            generic = generic_form(code)
        except ValueError:
            return code
        if generic != code:
            return layout.generic_prefix + generic[len("X.XX"):]
    return code


def _children(rows: list[dict[str, Any]], i: int) -> list[int]:
    """Indexes of the rows directly under row i: the next coded level below it, within its code and block."""
    code, rank = rows[i].get("code"), LEVEL_RANK.get(rows[i].get("level") or "")
    if not code or rank is None:
        return []
    out: list[int] = []
    child_rank: int | None = None
    for j in range(i + 1, len(rows)):
        level = rows[j].get("level") or ""
        if level not in LEVEL_RANK or not rows[j].get("code"):
            continue
        if LEVEL_RANK[level] <= rank or not str(rows[j]["code"]).startswith(code + "."):
            break
        child_rank = LEVEL_RANK[level] if child_rank is None else child_rank
        if LEVEL_RANK[level] == child_rank:
            out.append(j)
    return out


def _year_value(row: dict[str, Any], years: list[int], n: int, field: str) -> Any:
    if n > len(years):
        return None
    return (row.get("years") or {}).get(str(years[n - 1]), {}).get(field)


def _summed(rows: list[dict[str, Any]], years: list[int], column: ExportColumn) -> list[Any]:
    """The column's value for every row, parents carrying the sum of their children (computed bottom up)."""
    values: list[Any] = [_year_value(r, years, column.year, column.field) if column.year else r.get(column.field)
                         for r in rows]
    for i in sorted(range(len(rows)), key=lambda k: -LEVEL_RANK.get(rows[k].get("level") or "", -1)):
        kids = _children(rows, i)
        numbers = [values[j] for j in kids if isinstance(values[j], (int, float))]
        if numbers:
            values[i] = sum(numbers)
    return values


def export_rows(result: dict[str, Any], layout: ExportLayout) -> tuple[list[str], list[list[Any]]]:
    """(header, rows) of the template for the result's TC.27."""
    table = _tc27(result)
    years = sorted(int(y) for y in table.get("years") or [])
    if len(years) > layout.years:
        layout = load_layout(layout.name, len(years))
    rows = [r for r in table["rows"] if (r.get("level") or "") in layout.levels]
    columns: list[list[Any]] = []
    for col in layout.columns:
        if col.sum_children:
            columns.append(_summed(rows, years, col))
        elif col.year is not None:
            columns.append([_year_value(r, years, col.year, col.field) for r in rows])
        elif col.field == "code":
            columns.append([_written_code(r.get("code"), layout) for r in rows])
        else:
            columns.append([r.get(col.field) for r in rows])
    body = [[safe_cell(columns[c][i]) for c in range(len(columns))] for i in range(len(rows))]
    return [c.header for c in layout.columns], body


def export_result(result: dict[str, Any], layout_name: str, path: str | Path) -> Path:
    """Write the result's TC.27 as the ``layout_name`` import sheet to ``path`` (xlsx, atomically)."""
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    from .workbook import WORKBOOK_OPTIONS, write_cell

    layout = load_layout(layout_name)
    header, body = export_rows(result, layout)
    target = Path(path)
    with atomic_path(target) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
        ws = wb.add_worksheet(layout.sheet)
        ws.write_row(0, 0, header)
        for r, row in enumerate(body, start=1):
            for c, value in enumerate(row):
                write_cell(ws, r, c, value, None)
        try:
            wb.close()
        except FileCreateError as exc:
            raise OSError(str(exc)) from exc
    return target
