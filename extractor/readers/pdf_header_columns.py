"""Unruled tables read from their header: a table printed without any ruling line (a borderless Word table turned
PDF), whose columns are kept apart by white space alone, and whose header names a TC kind.

pdfplumber's text strategy cuts such a table wherever the words of a few lines happen to line up, so wrapped
header words fall into columns of their own ("/kegia", "tan/sub"). Here the columns come from the header:

1. the page's words, in lines (by their tops);
2. a header: a line whose words stand in ``MIN_COLUMNS`` or more *segments* (words closer than
   ``SEGMENT_GAP`` times the font size are one segment), with the lines under it that hold no body number
   (a year or a word is header; "2", "2.17", "4.500.000" start the body), whose words carry a kind's header
   signature (mappings/tables.json);
3. the columns: header segments grouped by horizontal overlap across the header lines (a header cell wrapped
   over several lines is one column: "Pagu 2024" / "(Rp)");
4. the body: the lines under the header while every gap between two columns' header words keeps a white
   stretch down all of them (``MIN_GUTTER`` wide): the column boundary is the middle of the widest one; the
   first line that closes a gap (prose, a footer) or stands far below the line above ends the table;
5. rows: a line with text in an *anchor* column (mostly numbers or codes) starts a row; a line with none
   continues the row above (wrapped names and indicators);
6. the cells: the columns' x-boundaries against the rows' y-boundaries as cell boxes, given their text by
   ``pdf_grid`` like every other table.

A table with no anchor column, fewer than ``MIN_TABLE_ROWS`` rows, or whose columns find no white gap under the
header, is not read here (``pdf_text_tables`` tries the page).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pdfplumber.utils import extract_words

from ..model import BBox, Cell
from ..tc_specs import Specs, load_specs
from ..textnorm import collapse
from .pdf_grid import MAX_MARGIN_LINES, MIN_TABLE_ROWS, TEXT_Y_TOL, _build_cells, _value_clusters, line_count
from .pdf_text_tables import _NUMERIC_CELL_RE

MIN_COLUMNS = 4  # header segments on the header's first line (a title or caption line is one segment)
SEGMENT_GAP = 0.6  # share of the font size: words closer than this are one header segment (a space is ~0.35)
WORD_X_TOL = 1.5  # points: a wider gap between two characters ends a word (cells of two columns never touch)
MIN_GUTTER = 1.0  # points: the narrowest white stretch that keeps two columns apart down the whole table
MAX_HEADER_LINES = 6  # lines a wrapped header may take
MAX_LINE_GAP = 4.0  # share of the font size: a line further below the one above ends the table
ALIGN_TOLERANCE = 1.5  # points: two lines of one header cell start, centre or end this close
ANCHOR_SHARE = 0.6  # share of a column's filled lines that are numbers or codes, for an anchor column
_BODY_NUMBER = re.compile(r"^[(\-]?\d[\d.,]*%?\)?$")  # "2", "2.17", "4.500.000", "80,1": body, unless a year
_YEAR = re.compile(r"^\(?(19|20)\d\d\)?$")


@dataclass(frozen=True)
class Word:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]  # left to right

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)


@dataclass(frozen=True)
class Span:
    """A horizontal stretch of header words (a segment, or a column's header words over its lines)."""

    x0: float
    x1: float
    text: str

    def overlaps(self, other: Span) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1


@dataclass(frozen=True)
class HeaderColumns:
    """A header found on a page: its lines and its columns' header words, left to right."""

    first: int  # index of its first line
    end: int  # index of the first line after it
    columns: tuple[Span, ...]


Table = tuple[BBox, list[Cell], int, int]  # (table box, cells, rows, columns), as the other finders give


@dataclass(frozen=True)
class Columns:
    """Where an unruled table's columns lie: its left end, the boundaries between its columns, its right end."""

    xs: tuple[float, ...]


def header_column_tables(chars: list[dict[str, Any]], page_height: float,
                         above: Callable[[], Columns | None] | None = None,
                         specs: Specs | None = None) -> tuple[list[Table], Columns | None]:
    """The unruled tables of a page whose header names a TC kind (see the module docstring), and the columns of
    the last one when it runs to the page foot (the next page may go on without a header).

    A page with no such header whose body lines fit the columns of the table running to the foot of the page
    before (``above()``, asked only then) gets those columns: a header printed on the first page only."""
    specs = specs or load_specs()
    lines = page_lines(chars)
    out: list[tuple[Table, Columns]] = []
    i = 0
    while i < len(lines):
        header = find_header(lines, i, specs)
        if header is None:
            i += 1
            continue
        table = _read_body(chars, lines, header)
        if table is None:
            i = header.end
            continue
        out.append((table[0], table[2]))
        i = table[1]
    if not out and above is not None and (columns := above()) is not None:
        found = _read_under_columns(chars, lines, columns)
        out = [(found, columns)] if found else []
    if not out:
        return [], None
    (bbox, *_rest), columns = out[-1]
    at_foot = line_count(chars, bbox[3], page_height) <= MAX_MARGIN_LINES
    return [t for t, _c in out], columns if at_foot else None


def page_lines(chars: list[dict[str, Any]]) -> list[Line]:
    """The page's upright words in lines, top to bottom, each left to right."""
    upright = [c for c in chars if c.get("upright", True)]
    words = [Word(w["x0"], w["x1"], w["top"], w["bottom"], w["text"], w["bottom"] - w["top"])
             for w in extract_words(upright, x_tolerance=WORD_X_TOL, y_tolerance=TEXT_Y_TOL)]
    groups = _value_clusters([{"top": w.top, "word": w} for w in words], "top", TEXT_Y_TOL)
    return [Line(tuple(sorted((g["word"] for g in group), key=lambda w: w.x0))) for group in groups]


def segments(line: Line) -> list[Span]:
    """A line's words chained while the gap between two is under ``SEGMENT_GAP`` times the font size."""
    out: list[Span] = []
    run: list[Word] = []
    for word in line.words:
        if run and word.x0 - run[-1].x1 > SEGMENT_GAP * max(word.size, run[-1].size):
            out.append(_span(run))
            run = []
        run.append(word)
    if run:
        out.append(_span(run))
    return out


def _span(words: Sequence[Word]) -> Span:
    return Span(min(w.x0 for w in words), max(w.x1 for w in words), " ".join(w.text for w in words))


def _is_body_line(line: Line) -> bool:
    """A line holding a number that is no year ("2", "2.17", "4.500.000"): a body line, not a header line."""
    return any(_BODY_NUMBER.match(w.text) and not _YEAR.match(w.text) for w in line.words)


def find_header(lines: Sequence[Line], i: int, specs: Specs) -> HeaderColumns | None:
    """The header starting at line ``i``: the line has ``MIN_COLUMNS`` segments or more, the lines under it
    (up to ``MAX_HEADER_LINES``, while no body number and no wide vertical gap) are its wrapped words, and
    its columns' words carry a kind's header signature."""
    if len(segments(lines[i])) < MIN_COLUMNS or _is_body_line(lines[i]):
        return None
    header = [segments(lines[i])]
    end = i + 1
    while end < min(len(lines), i + MAX_HEADER_LINES) and not _is_body_line(lines[end]) \
            and not _far_below(lines[end - 1], lines[end]) and continues_header(header, segments(lines[end])):
        header.append(segments(lines[end]))
        end += 1
    columns = column_groups(header)
    if len(columns) < MIN_COLUMNS:
        return None
    text = " | ".join(collapse(c.text).lower() for c in columns)
    if not any(spec.header_signature_matches(text) for spec in specs.kinds.values()):
        return None
    return HeaderColumns(i, end, tuple(columns))


def _aligned(a: Span, b: Span) -> bool:
    """Two lines of one cell: the same left end, centre or right end (left, centred or right-aligned)."""
    return min(abs(a.x0 - b.x0), abs(a.x1 - b.x1), abs((a.x0 + a.x1) - (b.x0 + b.x1)) / 2) <= ALIGN_TOLERANCE


def continues_header(above: list[list[Span]], line: list[Span]) -> bool:
    """Whether a line under header lines is more of the header: each of its segments is aligned with a header
    segment it lies under (a wrapped header cell), or lies with another of its segments under one header
    segment (a group header over its columns), or has no header word above it; at least one is not the
    last. A body line wrapped under the header ("Kantor" under "Program/Kegiatan/Sub Kegiatan") starts at the
    cell's left edge, not where the header's centred words start."""
    placed = False
    for seg in line:
        over = [s for row in above for s in row if s.overlaps(seg)]
        if not over:
            continue
        group = any(sum(1 for t in line if t.overlaps(s)) >= 2 for s in over)
        if not (group or any(_aligned(seg, s) for s in over)):
            return False
        placed = True
    return placed


def column_groups(lines: list[list[Span]]) -> list[Span]:
    """The header's columns: segments of different lines joined when they overlap horizontally (a header cell
    wrapped over several lines), left to right, their text line by line. A segment over two or more
    segments of one other line (a group header over its columns) is left out."""
    flat = [(k, s) for k, line in enumerate(lines) for s in line]
    spanning = {n for n, (k, s) in enumerate(flat)
                if any(sum(1 for t in other if s.overlaps(t)) >= 2 for j, other in enumerate(lines) if j != k)}
    parent = list(range(len(flat)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    kept = [n for n in range(len(flat)) if n not in spanning]
    for a in kept:
        for b in kept:
            if a < b and flat[a][0] != flat[b][0] and flat[a][1].overlaps(flat[b][1]):
                parent[root(a)] = root(b)
    groups: dict[int, list[tuple[int, Span]]] = {}
    for n in kept:
        groups.setdefault(root(n), []).append(flat[n])
    columns = []
    for members in groups.values():
        members.sort(key=lambda m: (m[0], m[1].x0))
        columns.append(Span(min(s.x0 for _k, s in members), max(s.x1 for _k, s in members),
                            " ".join(s.text for _k, s in members)))
    columns.sort(key=lambda c: c.x0)
    # groups that still overlap (a chain through lines) are one column
    merged: list[Span] = []
    for c in columns:
        if merged and merged[-1].overlaps(c):
            last = merged.pop()
            c = Span(last.x0, max(last.x1, c.x1), f"{last.text} {c.text}")
        merged.append(c)
    return merged


def _far_below(above: Line, line: Line) -> bool:
    size = statistics.median(w.size for w in line.words)
    return line.top - above.bottom > MAX_LINE_GAP * size


def _free(stretches: list[tuple[float, float]], words: Sequence[Word]) -> list[tuple[float, float]]:
    """The white ``stretches`` with the words' extents taken out (stretches narrower than MIN_GUTTER dropped)."""
    for w in words:
        cut: list[tuple[float, float]] = []
        for a, b in stretches:
            if w.x1 <= a or w.x0 >= b:
                cut.append((a, b))
                continue
            cut += [(a, w.x0)] if w.x0 - a >= MIN_GUTTER else []
            cut += [(w.x1, b)] if b - w.x1 >= MIN_GUTTER else []
        stretches = cut
    return stretches


def _width(stretch: tuple[float, float]) -> float:
    return stretch[1] - stretch[0]


def _middle(stretch: tuple[float, float]) -> float:
    return (stretch[0] + stretch[1]) / 2


def body_extent(lines: Sequence[Line], header: HeaderColumns) -> tuple[int, list[float]]:
    """(index of the first line after the table, the boundaries between its columns): the lines under the
    header while every gap between two columns' header words keeps a white stretch down all of them."""
    cols = header.columns
    gaps = [[(a.x1, b.x0)] for a, b in zip(cols, cols[1:])]
    end = header.end
    while end < len(lines) and not _far_below(lines[end - 1], lines[end]):
        narrowed = [_free(g, lines[end].words) for g in gaps]
        if not all(narrowed):
            break
        gaps, end = narrowed, end + 1
    bounds = [_middle(max(g, key=_width)) for g in gaps]
    return end, bounds


def _column_texts(line: Line, bounds: list[float]) -> dict[int, str]:
    texts: dict[int, list[str]] = {}
    for w in line.words:
        col = sum(1 for b in bounds if (w.x0 + w.x1) / 2 > b)
        texts.setdefault(col, []).append(w.text)
    return {c: " ".join(t) for c, t in texts.items()}


def anchor_columns(lines: Sequence[Line], bounds: list[float]) -> set[int]:
    """Columns whose filled lines are mostly numbers or codes (at least 2 of them, ANCHOR_SHARE or more)."""
    per_column: dict[int, list[str]] = {}
    for line in lines:
        for col, text in _column_texts(line, bounds).items():
            per_column.setdefault(col, []).append(text)
    return {col for col, texts in per_column.items()
            if (n := sum(1 for t in texts if _NUMERIC_CELL_RE.match(t))) >= 2 and n >= ANCHOR_SHARE * len(texts)}


def row_starts(lines: Sequence[Line], bounds: list[float], anchors: set[int]) -> list[int]:
    """Indexes (into ``lines``) of the lines that start a row: the first, and every line with text in an anchor
    column; the others continue the row above."""
    return [k for k, line in enumerate(lines) if k == 0 or anchors & set(_column_texts(line, bounds))]


def _read_body(chars: list[dict[str, Any]], lines: Sequence[Line],
               header: HeaderColumns) -> tuple[Table, int, Columns] | None:
    """The table under ``header``, the index of the line after it and its columns; None when its body does not
    hold."""
    end, bounds = body_extent(lines, header)
    body = lines[header.end:end]
    table_lines = lines[header.first:end]
    x0 = min(w.x0 for line in table_lines for w in line.words) - 1
    x1 = max(w.x1 for line in table_lines for w in line.words) + 1
    columns = Columns((x0, *bounds, x1))
    found = _table(chars, body, columns, lines[header.first:header.end])
    return (found, end, columns) if found else None


def _fits(line: Line, columns: Columns) -> bool:
    """Whether no word of the line crosses a boundary of the columns or sticks out of the table."""
    left, *bounds, right = columns.xs
    return all(left <= w.x0 and w.x1 <= right and not any(w.x0 < b < w.x1 for b in bounds) for w in line.words)


def _read_under_columns(chars: list[dict[str, Any]], lines: Sequence[Line], columns: Columns) -> Table | None:
    """The table at the top of a page without a header, in the columns of the page before: from the first line
    that fits them (a running header above it may not) down while the lines fit."""
    start = next((k for k, line in enumerate(lines[:MAX_MARGIN_LINES + 1]) if _fits(line, columns)), None)
    if start is None:
        return None
    end = start + 1
    while end < len(lines) and _fits(lines[end], columns) and not _far_below(lines[end - 1], lines[end]):
        end += 1
    return _table(chars, lines[start:end], columns, [])


def _table(chars: list[dict[str, Any]], body: Sequence[Line], columns: Columns,
           header: Sequence[Line]) -> Table | None:
    """The cells of a table of ``header`` lines (one grid row; none on a page without a header) over ``body``
    lines in ``columns``; None without an anchor column or with fewer than MIN_TABLE_ROWS rows."""
    bounds = list(columns.xs[1:-1])
    anchors = anchor_columns(body, bounds)
    if not anchors or not body:
        return None
    starts = row_starts(body, bounds, anchors)
    if len(starts) + bool(header) < MIN_TABLE_ROWS:
        return None
    top = (header[0] if header else body[0]).top - 1
    bottom = body[-1].bottom + 1
    row_tops = [(body[k - 1].bottom + body[k].top) / 2 for k in starts if k]
    if header:
        row_tops.insert(0, (header[-1].bottom + body[0].top) / 2)
    ys = [top, *row_tops, bottom]
    xs = columns.xs
    boxes: list[BBox] = [(xa, ya, xb, yb) for ya, yb in zip(ys, ys[1:]) for xa, xb in zip(xs, xs[1:])]
    bbox: BBox = (xs[0], top, xs[-1], bottom)
    cells, grid, _lost = _build_cells(boxes, chars, bbox)
    return bbox, cells, grid.n_rows, grid.n_cols
