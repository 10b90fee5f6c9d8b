"""A wide table printed in halves: all its rows with the left columns first, then the same rows with the columns
that did not fit (a spreadsheet printed "down, then over", a Word table cut in two side by side).

The pages of the second half print a header of their own that names none of the first half's columns (for a TC.27:
"Target 2026 | Pagu 2026 | Target Akhir | Pagu Akhir | PD" after "Kode | Program | ... | Pagu 2025"), and no name
or code. They are not more rows of the table: appended as rows, their numbers stood in the code, name and indicator
columns. ``stitch`` reads them as a table of their own (``prints_other_columns``; a second half printed with no
header at all is known by the bare numbers it prints where the table prints its names, ``numbers_where_names``)
and ``join_halves`` sets their columns beside the first half's, row by row in order, when both halves hold as many
rows (a headerless half's cells untyped, under 'extra'); otherwise nothing is joined and a note says what was left
out.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from .header import NUMBER_CELL, ColumnField
from .model import LogicalTable, Note, RawTable
from .textnorm import collapse, has_two_words

MIN_OWN_COLUMNS = 2  # typed columns a second half's header names at least
ROW_FIELDS = frozenset({"name", "code", "no"})  # fields that make a fragment rows of a table, not its other columns


def prints_other_columns(columns: list[ColumnField], own: list[ColumnField]) -> bool:
    """Whether a fragment whose own header types the columns ``own`` is the other half of the table whose typed
    ``columns`` are given: its header names at least ``MIN_OWN_COLUMNS`` fields, none of them one of ``columns``
    and none that starts a row (name, code, no)."""
    typed = [c for c in own if c.key is not None]
    keys = {c.key for c in typed}
    if len(keys) < MIN_OWN_COLUMNS or any(c.field in ROW_FIELDS for c in typed):
        return False
    return not keys & {c.key for c in columns if c.key is not None}


TEXT_FIELDS = frozenset({"name", "indikator", "indicator"})  # the columns that name a row
MIN_NAME_CELLS = 3  # cells a headerless page puts under one of the table's text columns to be judged
NUMBER_SHARE = 0.8  # ... at least this share of them bare numbers


def numbers_where_names(columns: list[ColumnField], raw: RawTable, colmap: list[int] | None) -> bool:
    """Whether a page printing no header of its own holds bare numbers where the table prints the names of its
    rows: no cell it puts under the table's name or indicator columns is two words, and under one of them at
    least ``MIN_NAME_CELLS`` cells are mostly bare numbers (``colmap`` places the page's columns on the table's;
    None: the same columns). Such a page is no rows of the table: its other columns, printed apart, headerless."""
    text_columns = {c.index for c in columns if c.field in TEXT_FIELDS}
    under: dict[int, list[str]] = {}
    for cell in raw.cells:
        target = colmap[cell.col] if colmap is not None and cell.col < len(colmap) else cell.col
        if target in text_columns and cell.text.strip():
            under.setdefault(target, []).append(collapse(cell.text))
    if any(has_two_words(text) for texts in under.values() for text in texts):
        return False
    return any(len(texts) >= MIN_NAME_CELLS and sum(1 for t in texts if NUMBER_CELL.match(t)) >= NUMBER_SHARE
               * len(texts) for texts in under.values())


def join_halves(table: LogicalTable, half: LogicalTable, start: int = 0, width: int | None = None) -> Note:
    """Set the columns of ``half`` beside the rows of ``table`` from row ``start`` on, row by row, when both hold as
    many rows (``table`` is changed in place); the note says what was joined, or why nothing was. ``width``: the
    table's own columns, when an earlier half of the same columns was joined already (a spreadsheet printed
    "over, then down": each block of rows, then its half); this half must then print that half's header."""
    pages = _pages(half)
    words = " | ".join(dict.fromkeys(h for row in half.header for h in row if h.strip()))[:160]
    over = f"header '{words}'" if words else "no header over them: their cells are kept in each row under 'extra'"
    rows = table.body[start:]
    own = len(table.header[0]) if table.header else max((len(b.cells) for b in rows), default=0)
    width = own if width is None else width
    side = len(half.header[0]) if half.header else max((len(b.cells) for b in half.body), default=0)
    again = own > width  # an earlier half's columns stand right of the table's already
    if len(half.body) != len(rows) or (again and [r[width:] for r in table.header[-len(half.header):]]
                                         != [_padded(r, own - width, "") for r in half.header]):
        return Note("columns-not-joined",
                    f"{table.kind}: the columns printed apart on {pages} ({over}) hold {len(half.body)} "
                    f"rows, the table {len(rows)}{' since the last half' if start else ''}: not joined, their "
                    "values were not extracted", half.pages[0] if half.pages else None)
    if not again:
        depth = max(len(table.header), len(half.header))
        table.header = [_padded(_row_at(table.header, r, depth), width, "")
                        + _padded(_row_at(half.header, r, depth), side, "") for r in range(depth)]
    side = own - width if again else side
    table.body[start:] = [
        replace(row, cells=tuple(_padded(list(row.cells), width, "") + _padded(list(other.cells), side, "")),
                merged_from_above=tuple(_padded(list(row.merged_from_above), width, False)
                                        + _padded(list(other.merged_from_above), side, False)),
                boxes=tuple(_padded(list(row.boxes), width, None)) + (None,) * side)  # another page
        for row, other in zip(rows, half.body)]
    table.fragments.extend(half.fragments)
    return Note("columns-joined", f"{table.kind}: the columns printed apart on {pages} ({over}) were set "
                                  f"beside the table's, row by row in order ({len(rows)} rows each)",
                half.pages[0] if half.pages else None)


def _pages(table: LogicalTable) -> str:
    """Where a table is printed: its pages, or (a Word document) its place among the document's tables."""
    pages = table.pages
    if not pages:
        return f"table {table.fragments[0].index + 1} of the document" if table.fragments else "a table of its own"
    return f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}-{pages[-1]}"


def _row_at(header: list[list[str]], r: int, depth: int) -> list[str]:
    """Header row ``r`` of a header padded to ``depth`` rows at the top (its first row repeated: read as one
    merged cell)."""
    if not header:
        return []
    return header[max(0, r - (depth - len(header)))]


T = TypeVar("T")


def _padded(values: list[T], width: int, fill: T) -> list[T]:
    """``values`` cut or filled with ``fill`` to ``width``."""
    return values[:width] + [fill] * (width - len(values))
