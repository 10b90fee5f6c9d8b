"""tc_to_rows for the tables without a normaliser of their own (TC.23, TC.24, TC.26, IKU), and the pieces the
per-kind normalisers (tc25.py, tc28.py) share: one Row per body row, one field per mapped column, numbers parsed
where the field is numeric, yearly fields under ``years``, the printed text of every number in ``raw``.

A row printed some cells to the right of its header (a badly made table: the last values stand under columns with
no header) is moved back where the header says, and flagged ``shifted-cells``.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ..fields import AMOUNT_FIELDS, NUMERIC_FIELDS
from ..header import ColumnField, header_row_count, map_columns
from ..model import BBox, BodyRow, Flag, LogicalTable, Row, union_box
from ..parse import column_format, join_cell_lines, parse_number
from ..sections import carry_section
from ..tc_specs import load_specs, mappings_dir
from ..textnorm import collapse, load_words, words_of_cells


@dataclass(frozen=True)
class TableOptions:
    """What the user said that row normalisers use: how numbers are written ("auto" decides per column, "id" /
    "en" when the user says so) and the nomenclature given for matching (codes and names; it decides codes
    wrapped inside their cell and the level of a row printed without a code), or None."""

    number_format: str = "auto"
    reference: Any = None


DEFAULT_OPTIONS = TableOptions()
MAX_SHIFT = 3
MAX_BANNER_ROWS = 4


def _is_banner(cells: list[str]) -> bool:
    """One text over the whole width (a merged cell: only its first position holds the text), or a label and
    its text over the rest ("VISI (RPJMD) | : Terwujudnya ...") in a table of four columns or more."""
    filled = sum(1 for c in cells if c.strip())
    if len(cells) < 2 or not cells[0].strip():
        return False
    return filled == 1 or (filled == 2 and len(cells) >= 4 and bool(cells[1].strip()))


def header_in_body(table: LogicalTable, columns: list[ColumnField]
                   ) -> tuple[LogicalTable, list[ColumnField], list[str]]:
    """A table whose header nobody understood because full-width banner rows ("Visi : ...", "Misi : ...") stand
    above it: its header is the first body row(s) after the banners that the kind's rules map; the rows above and
    the header rows are taken out of the body. The third value: the text of the rows above the header (for a
    note: they are not rows, but what they say is kept)."""
    if any(c.field for c in columns) or not table.body:
        return table, columns, []
    spec = load_specs().kinds[table.kind]
    grid = [list(b.cells) for b in table.body]
    banners = 0
    while banners < min(MAX_BANNER_ROWS, len(grid) - 1) and _is_banner(grid[banners]):
        banners += 1
    for start in range(banners, -1, -1):  # the header right under the last banner first
        n = header_row_count(grid[start:], spec)
        found = map_columns(grid[start:start + n], len(columns), spec) if n else []
        if sum(1 for c in found if c.field) >= 2:
            above = [" | ".join(dict.fromkeys(collapse(c) for c in row if c.strip())) for row in grid[:start]]
            return replace(table, body=table.body[start + n:]), found, [t for t in above if t]
    return table, columns, []


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


@dataclass(frozen=True)
class CellReading:
    """How ``read_cells`` reads a kind's cells; the defaults read every typed column as the generic kinds do.

    ``skip``: fields the kind reads itself (TC.27: code, no). ``yearly``: the numeric fields kept per year when
    their header has one (None: all of them). ``code_led``: text fields whose cell may open with a wrapped code
    ("7.01.0.00.0.00.01.00" / "00 - Kecamatan ..."), joined as a code. ``units_from_numbers``: a unit printed
    with a number ("85 %") becomes the row's ``unit`` when it has none. ``numbers_first``: the numeric fields
    enter ``data`` before the text fields (TC.27's order), not in column order. ``words``: the vocabulary that
    rejoins words broken by a narrow column (the text as printed is then kept under ``raw``)."""

    skip: frozenset[str] = frozenset()
    yearly: frozenset[str] | None = None
    code_led: frozenset[str] = frozenset()
    units_from_numbers: bool = False
    numbers_first: bool = False
    words: Container[str] | None = None


def _read_number(row: Row, col: ColumnField, cell: str, fmt: str, reading: CellReading) -> None:
    field = col.field or ""
    key = col.key or field
    text = join_cell_lines(cell, "number")
    # the raw cell goes to the parser: it joins a wrapped number itself and refuses two stacked values
    parsed = parse_number(cell, fmt, field=key, amount=field in AMOUNT_FIELDS)
    row.flags.extend(parsed.flags)
    if col.year is not None and (reading.yearly is None or field in reading.yearly):
        row.years.setdefault(col.year, {})[field] = parsed.value
    else:
        row.data[field] = parsed.value
    if text:
        row.raw[key] = text
    if reading.units_from_numbers and parsed.unit and not row.data.get("unit"):
        row.data["unit"] = parsed.unit


def _join_texts(row: Row, texts: dict[str, list[str]], printed: dict[str, list[str]]) -> None:
    """Each text field's cells joined; where rejoining broken words changed the text, the printed text under
    ``raw``."""
    for field, values in texts.items():
        row.data[field] = collapse(" ".join(v for v in values if v))
        as_printed = collapse(" ".join(v for v in printed[field] if v))
        if as_printed != row.data[field]:
            row.raw[field] = as_printed


def read_cells(cells: tuple[str, ...], columns: list[ColumnField], formats: dict[int, str],
               reading: CellReading = CellReading()) -> Row:
    """The typed cells of one body row read into a Row (no page, no extra cells yet): numbers parsed (yearly
    ones under ``years``, their printed text under ``raw``, their flags kept), the texts of each field joined."""
    row = Row(data={})
    texts: dict[str, list[str]] = {}
    printed: dict[str, list[str]] = {}
    typed = [c for c in columns if c.field is not None and c.field not in reading.skip and c.index < len(cells)]
    if reading.numbers_first:
        typed.sort(key=lambda c: c.field not in NUMERIC_FIELDS)  # stable: column order within each group
    for col in typed:
        cell, field = cells[col.index], col.field or ""
        if field in NUMERIC_FIELDS:
            _read_number(row, col, cell, formats.get(col.index, "auto"), reading)
            continue
        kind = "code" if field in reading.code_led and cell[:1].isdigit() else "text"
        if field not in texts:
            row.data.setdefault(field, "")  # the field's place in data: where its first column stands
        texts.setdefault(field, []).append(join_cell_lines(cell, kind, reading.words))
        printed.setdefault(field, []).append(join_cell_lines(cell, kind))
    _join_texts(row, texts, printed)
    return row


@lru_cache(maxsize=1)
def nomenclature_words() -> frozenset[str]:
    """The words of the nomenclature's names and indicators (mappings/words.txt)."""
    return load_words(mappings_dir() / "words.txt")


def table_vocabulary(table: LogicalTable, columns: list[ColumnField],
                     fields: Container[str] | None = None) -> set[str]:
    """The words a broken word may be rejoined into: those the table prints whole in its text columns (of
    ``fields``; None: every typed column that holds no number), and the nomenclature's."""
    text_cols = [c.index for c in columns if c.field is not None and
                 (c.field in fields if fields is not None else c.field not in NUMERIC_FIELDS)]
    cells = (r.cells[i] for r in table.body for i in text_cols if i < len(r.cells))
    return words_of_cells(cells) | nomenclature_words()


def build_row(cells: tuple[str, ...], columns: list[ColumnField], formats: dict[int, str],
              page: int | None, reading: CellReading = CellReading()) -> Row:
    """One Row from the cells of one body row (``reading.words``: the vocabulary that rejoins broken words)."""
    row = read_cells(cells, columns, formats, reading)
    row.page = page
    extra = extra_cells(cells, extra_keys(columns))
    if extra:
        row.data["extra"] = extra
    return row


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


def rows_with_source(table: LogicalTable, columns: list[ColumnField],
                     options: TableOptions = DEFAULT_OPTIONS) -> list[tuple[BodyRow, Row]]:
    """(body row, its Row) for every body row with content, in order (pipeline.logical_to_table has already
    looked for a header inside the body)."""
    formats = column_formats(table.body, columns, forced=options.number_format)
    reading = CellReading(words=table_vocabulary(table, columns))
    out = []
    for body_row in table.body:
        cells, flag = realign(body_row.cells, columns, formats)
        row = build_row(cells, columns, formats, body_row.page, reading)
        row.boxes = boxes_of(body_row, columns)
        carry_section(row, body_row.section)
        if flag is not None:
            row.flags.append(flag)
        if has_content(row):
            out.append((body_row, row))
    return out


def generic_rows(table: LogicalTable, columns: list[ColumnField], options: TableOptions = DEFAULT_OPTIONS) -> list[Row]:
    return [row for _, row in rows_with_source(table, columns, options)]
