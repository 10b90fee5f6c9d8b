"""tc_to_rows for the tables without a normaliser of their own (TC.23, TC.24, TC.26, IKU), and the pieces the
per-kind normalisers (tc25.py, tc28.py) share: one Row per body row, one field per mapped column, numbers parsed
where the field is numeric, yearly fields under ``years``, the printed text of every number in ``raw``.

A row printed some cells to the right of its header (a badly made table: the last values stand under columns with
no header) is moved back where the header says, and flagged ``shifted-cells``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..fields import NUMERIC_FIELDS
from ..header import ColumnField, header_row_count, map_columns
from ..model import BBox, BodyRow, Flag, LogicalTable, Row, union_box
from ..parse import column_format, join_cell_lines, parse_number
from ..tc_specs import collapse, load_specs

MAX_SHIFT = 3
MAX_BANNER_ROWS = 4


def _is_banner(cells: list[str]) -> bool:
    """One text over the whole width (a merged cell: only its first position holds the text), or a label and
    its text over the rest ("VISI (RPJMD) | : Terwujudnya ...") in a table of four columns or more."""
    filled = sum(1 for c in cells if c.strip())
    if len(cells) < 3 or not cells[0].strip():
        return False
    return filled == 1 or (filled == 2 and len(cells) >= 4 and bool(cells[1].strip()))


def header_in_body(table: LogicalTable, columns: list[ColumnField]) -> tuple[LogicalTable, list[ColumnField]]:
    """A table whose header nobody understood because full-width banner rows ("Visi : ...", "Misi : ...") stand
    above it: its header is the first body row(s) after the banners that the kind's rules map; the rows above and
    the header rows are dropped from the body."""
    if any(c.field for c in columns) or not table.body:
        return table, columns
    spec = load_specs().kinds[table.kind]
    grid = [list(b.cells) for b in table.body]
    banners = 0
    while banners < min(MAX_BANNER_ROWS, len(grid) - 1) and _is_banner(grid[banners]):
        banners += 1
    for start in range(banners, -1, -1):  # the header right under the last banner first
        n = header_row_count(grid[start:], spec)
        found = map_columns(grid[start:start + n], len(columns), spec) if n else []
        if sum(1 for c in found if c.field) >= 2:
            return replace(table, body=table.body[start + n:]), found
    return table, columns


def column_formats(body: list[BodyRow], columns: list[ColumnField], forced: str = "auto") -> dict[int, str]:
    """The number format ("id", "en" or "auto") of every numeric column: as the user forced it, else decided from
    all of the column's cells (parse.column_format)."""
    out = {}
    for col in columns:
        if col.field in NUMERIC_FIELDS:
            if forced in ("id", "en"):
                out[col.index] = forced
            else:
                out[col.index] = column_format(join_cell_lines(r.cells[col.index], "number") for r in body
                                               if col.index < len(r.cells))
    return out


def _unreadable(cells: tuple[str, ...], columns: list[ColumnField], formats: dict[int, str]) -> int:
    """How many non-empty cells of numeric columns are not numbers."""
    bad = 0
    for col in columns:
        if col.field in NUMERIC_FIELDS and col.index < len(cells) and cells[col.index].strip():
            parsed = parse_number(join_cell_lines(cells[col.index], "number"), formats.get(col.index, "auto"))
            if parsed.value is None and any(f.code == "unparsed-number" for f in parsed.flags):
                bad += 1
    return bad


def realign(cells: tuple[str, ...], columns: list[ColumnField],
            formats: dict[int, str]) -> tuple[tuple[str, ...], Flag | None]:
    """A row whose last cells stand under columns without a header, and whose numeric columns hold text, moved
    left until its last cell is under the last named column (only when that leaves no cell behind and makes every
    numeric cell a number). Returns the cells (moved or not) and the flag saying what was done."""
    named = [c.index for c in columns if c.field is not None]
    if not named:
        return cells, None
    last_named = max(named)
    filled = [i for i, c in enumerate(cells) if c.strip()]
    if not filled or filled[-1] <= last_named:
        return cells, None
    shift = filled[-1] - last_named
    if shift > MAX_SHIFT or _unreadable(cells, columns, formats) == 0:
        return cells, None
    if any(c.strip() for c in cells[:shift]):
        return cells, Flag("unplaced-cell", "", f"cells printed {shift} column(s) past the last header column "
                                                f"could not be moved back: {[collapse(c) for c in cells[-shift:]]}")
    moved = tuple(cells[shift:]) + ("",) * shift
    if _unreadable(moved, columns, formats):
        return cells, None
    return moved, Flag("shifted-cells", "", f"the row was printed {shift} column(s) right of its header; "
                                            f"moved back {shift} column(s)")


def extra_keys(columns: list[ColumnField]) -> dict[int, str]:
    """The key under 'extra' of every untyped column: its header text ('column N' without one; a header printed
    over several columns gets ' #2', ' #3' ...)."""
    keys: dict[int, str] = {}
    seen: dict[str, int] = {}
    for col in columns:
        if col.field is None:
            base = col.header or f"column {col.index + 1}"
            seen[base] = seen.get(base, 0) + 1
            keys[col.index] = base if seen[base] == 1 else f"{base} #{seen[base]}"
    return keys


def extra_cells(cells: tuple[str, ...], keys: dict[int, str]) -> dict[str, str]:
    """The text of the cells no header column took, keyed by their header: kept, never dropped."""
    return {key: collapse(join_cell_lines(cells[i], "text")) for i, key in keys.items()
            if i < len(cells) and cells[i].strip()}


def build_row(cells: tuple[str, ...], columns: list[ColumnField], formats: dict[int, str],
              page: int | None) -> Row:
    """One Row from the cells of one body row."""
    data: dict[str, Any] = {}
    years: dict[int, dict[str, Any]] = {}
    raw: dict[str, str] = {}
    flags: list[Flag] = []
    for col in columns:
        if col.field is None or col.index >= len(cells):
            continue
        cell = cells[col.index]
        if col.field in NUMERIC_FIELDS:
            text = join_cell_lines(cell, "number")
            key = col.key or col.field
            # the raw cell goes to the parser: it joins a wrapped number itself and refuses two stacked values
            parsed = parse_number(cell, formats.get(col.index, "auto"), field=key)
            flags.extend(parsed.flags)
            if text:
                raw[key] = text
            if col.year is not None:
                years.setdefault(col.year, {})[col.field] = parsed.value
            else:
                data[col.field] = parsed.value
        else:
            text = collapse(join_cell_lines(cell, "text"))
            data[col.field] = f"{data[col.field]} {text}".strip() if data.get(col.field) else text
    extra = extra_cells(cells, extra_keys(columns))
    if extra:
        data["extra"] = extra
    return Row(data=data, years=years, raw=raw, page=page, flags=flags)


def boxes_of(body_row: BodyRow, columns: list[ColumnField]) -> dict[str, BBox]:
    """Where each field of the row was printed (keyed like Row.raw: "name", "2024.rp"); empty without positions."""
    out: dict[str, BBox] = {}
    for col in columns:
        if col.field is None or col.index >= len(body_row.boxes):
            continue
        box = union_box(out.get(col.key or col.field), body_row.boxes[col.index])
        if box is not None:
            out[col.key or col.field] = box
    return out


def has_content(row: Row) -> bool:
    if any(isinstance(v, str) and v for v in row.data.values()) or row.data.get("extra"):
        return True
    return bool(row.raw)


def rows_with_source(table: LogicalTable, columns: list[ColumnField]) -> list[tuple[BodyRow, Row]]:
    """(body row, its Row) for every body row with content, in order (tables.rows_for has already looked for a
    header inside the body)."""
    formats = column_formats(table.body, columns, forced=table.number_format)
    out = []
    for body_row in table.body:
        cells, flag = realign(body_row.cells, columns, formats)
        row = build_row(cells, columns, formats, body_row.page)
        row.boxes = boxes_of(body_row, columns)
        if flag is not None:
            row.flags.append(flag)
        if has_content(row):
            out.append((body_row, row))
    return out


def generic_rows(table: LogicalTable, columns: list[ColumnField]) -> list[Row]:
    return [row for _, row in rows_with_source(table, columns)]
