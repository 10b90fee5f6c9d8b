"""Unruled tables read from their header: a table printed without any ruling line (a borderless Word table turned
PDF), whose columns are kept apart by white space alone, and whose header names a TC kind.

pdfplumber's text strategy cuts such a table wherever the words of a few lines happen to line up, so wrapped
header words fall into columns of their own ("/kegia", "tan/sub"). Here the columns come from the header:

1. the page's words, in lines (by their tops);
2. a header: a line whose words stand in ``MIN_COLUMNS`` or more *segments* (words closer than
   ``SEGMENT_GAP`` times the font size are one segment), with the lines under it that hold no body number
   (a year or a word is header; "2", "2.17", "4.500.000" start the body) and whose segments are aligned with
   the header segment above them (a wrapped header cell: same left end, centre or right end) or stand under a
   group header; the header's words must carry a kind's header signature (mappings/tables.json);
3. header cells: segments on consecutive lines, one aligned under the other; *leaves* are the cells with no
   cell under them, one per column ("Target" and "Rp" under "2024"; "Kode" alone); the other cells are group
   headers, each over the columns whose leaves stand under it and are nearer to it than to the other group
   cells of its line ("2024" over its Target and Rp, a caption over the years): merged header cells, as the
   lines of a ruled table give them;
4. the body: the lines under the header while every gap between two leaves keeps a white stretch down all of
   them (``GUTTER`` times the font size wide): the column boundary is the middle of the widest one; the first line that
   closes a gap (prose, a footer) or stands far below the line above ends the table, unless it is a heading
   printed across the table (one run of words, "Sasaran 1: ...", with the body going on under it: a merged row
   of a Word table without borders), which is a row of one cell over every column (``pipeline`` keeps its text
   in a ``section-row`` note, as for every table);
5. rows: a line with text in an *anchor* column (mostly numbers or codes; in a left-aligned one, text starting
   at the column's left edge) starts a row; a line with none continues the row above (wrapped names,
   indicators, the end of a wrapped code);
6. the cells: the columns' x-boundaries against the rows' y-boundaries (and the header cells' boxes) as cell
   boxes, given their text by ``pdf_grid`` like every other table.

A page without such a header whose lines fit the columns of the unruled table running to the foot of the page
before (the header printed on the first page only) is read in those columns (``header_column_tables``' ``above``).
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
GUTTER = 0.4  # share of the font size: the narrowest white stretch that keeps two columns apart down the whole
# table (the zoo's borderless tables leave 0.45 at the least; a space is 0.32 in DejaVu Sans, 0.28 in Liberation)
MAX_HEADER_LINES = 6  # lines a wrapped header may take
MAX_LINE_GAP = 4.0  # share of the font size: a line further below the one above ends the table
NEAR_CELL = 2.0  # points: a header cell this close beside-under another stands under it ("Rp" under "2024")
ALIGN_TOLERANCE = 1.5  # points: two lines of one header cell start, centre or end this close
ANCHOR_SHARE = 0.6  # share of a column's filled lines that are numbers or codes, for an anchor column
GOES_ON_LINES = 4  # lines after the one that ended an unruled table in which its body may go on
BAND_KIND_SHARE = 0.8  # share of a band's words that are numbers (or words) for the band to be of that kind
MAX_SECTION_LINES = 2  # lines a heading printed across an unruled table's body ("Sasaran 1: ...") may take
MIN_SECTION_WORDS = 3  # words of such a heading's line (a label and a few words of text)
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

    def overlaps(self, other: Span | HeaderCell) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1


@dataclass(frozen=True)
class HeaderCell:
    """A header cell: its segments on consecutive lines, one under the other (a wrapped cell)."""

    x0: float
    x1: float
    first: int  # index of its first line among the header's lines
    last: int  # index of its last line
    text: str

    def overlaps(self, other: HeaderCell | Span) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1

    def distance(self, x0: float, x1: float) -> float:
        """How far the cell is from the stretch x0..x1 (0 when they overlap)."""
        return max(0.0, x0 - self.x1, self.x0 - x1)


@dataclass(frozen=True)
class HeaderColumns:
    """A header found on a page: its lines, its cells, and its columns (the cells with no header cell under
    them), left to right."""

    first: int  # index of its first line
    end: int  # index of the first line after it
    cells: tuple[HeaderCell, ...]
    columns: tuple[HeaderCell, ...]


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
    cells = header_cells(header)
    columns = leaf_cells(cells)
    if len(columns) < MIN_COLUMNS:
        return None
    text = " | ".join(collapse(c.text).lower() for c in cells)
    if not any(spec.header_signature_matches(text) for spec in specs.kinds.values()):
        return None
    return HeaderColumns(i, end, tuple(cells), tuple(columns))


def _aligned(a: Span, b: Span) -> bool:
    """Two lines of one cell: the same left end, centre or right end (left, centred or right-aligned)."""
    return min(abs(a.x0 - b.x0), abs(a.x1 - b.x1), abs((a.x0 + a.x1) - (b.x0 + b.x1)) / 2) <= ALIGN_TOLERANCE


def continues_header(above: list[list[Span]], line: list[Span]) -> bool:
    """Whether a line under header lines is more of the header: none of its segments lies under a header
    segment without being aligned with it (a wrapped header cell) or sharing it with another segment of the
    line (a group header over its columns), and at least one is placed so, or stands under a group header
    between it and its neighbour ("Target" and "Rp" under "2024"). A body line wrapped under the header
    ("Kantor" under "Program/Kegiatan/Sub Kegiatan") starts at the cell's left edge, not where the header's
    centred words start."""
    placed = False
    for seg in line:
        over = [s for row in above for s in row if s.overlaps(seg)]
        if not over:
            # under a group header standing between it and another segment ("2024" over "Target" and "Rp")
            placed = placed or any(_between(s, seg, t) for row in above for s in row for t in _beside(seg, line))
            continue
        group = any(sum(1 for t in line if t.overlaps(s)) >= 2 for s in over)
        if not (group or any(_aligned(seg, s) for s in over)):
            return False
        placed = True
    return placed


def _beside(item: HeaderCell | Span, line: Sequence[HeaderCell | Span]) -> list[HeaderCell | Span]:
    """The items of a line next to ``item``, left and right (none between them)."""
    left = [t for t in line if t.x1 <= item.x0]
    right = [t for t in line if t.x0 >= item.x1]
    return [*([max(left, key=lambda t: t.x1)] if left else []), *([min(right, key=lambda t: t.x0)] if right else [])]


def _between(upper: Span | HeaderCell, a: Span | HeaderCell, b: Span | HeaderCell) -> bool:
    """Whether ``upper`` overlaps the stretch from ``a`` to ``b`` (two cells of a line under it) without
    overlapping either: a group header centred over them."""
    return not upper.overlaps(a) and not upper.overlaps(b) and upper.x0 < max(a.x1, b.x1) \
        and min(a.x0, b.x0) < upper.x1


def header_cells(lines: list[list[Span]]) -> list[HeaderCell]:
    """The header's cells: a segment continues the cell whose last segment is on the line above, overlapping and
    aligned with it (a wrapped cell), else starts a cell."""
    chains: list[list[tuple[int, Span]]] = []
    for k, line in enumerate(lines):
        for seg in line:
            above = next((c for c in chains if c[-1][0] == k - 1 and c[-1][1].overlaps(seg)
                          and _aligned(c[-1][1], seg)), None)
            if above is None:
                chains.append([(k, seg)])
            else:
                above.append((k, seg))
    return [HeaderCell(min(s.x0 for _k, s in c), max(s.x1 for _k, s in c), c[0][0], c[-1][0],
                       " ".join(s.text for _k, s in c)) for c in chains]


def _over(upper: HeaderCell, lower: HeaderCell, near: float, cells: Sequence[HeaderCell]) -> bool:
    """Whether ``lower`` stands under ``upper`` (on a later line, overlapping it or within ``near``, or with
    ``upper`` between it and another cell of its line)."""
    if lower.first <= upper.last:
        return False
    return upper.distance(lower.x0, lower.x1) <= near or any(
        _between(upper, lower, other) for other in _beside(lower, [c for c in cells if c.first == lower.first]))


def leaf_cells(cells: list[HeaderCell]) -> list[HeaderCell]:
    """The header cells with no cell under them, left to right: one per column ("Target" and "Rp" under "2024";
    "Kode" alone). Leaves that overlap are one column."""
    near = NEAR_CELL
    leaves = sorted((c for c in cells if not any(_over(c, d, near, cells) for d in cells if d is not c)),
                    key=lambda c: c.x0)
    merged: list[HeaderCell] = []
    for c in leaves:
        if merged and merged[-1].overlaps(c):
            last = merged.pop()
            c = HeaderCell(last.x0, max(last.x1, c.x1), min(last.first, c.first), max(last.last, c.last),
                           f"{last.text} {c.text}")
        merged.append(c)
    return merged


def _far_below(above: Line, line: Line) -> bool:
    size = statistics.median(w.size for w in line.words)
    return line.top - above.bottom > MAX_LINE_GAP * size


def _free(stretches: list[tuple[float, float]], words: Sequence[Word], least: float) -> list[tuple[float, float]]:
    """The white ``stretches`` with the words' extents taken out (stretches narrower than ``least`` dropped)."""
    for w in words:
        cut: list[tuple[float, float]] = []
        for a, b in stretches:
            if w.x1 <= a or w.x0 >= b:
                cut.append((a, b))
                continue
            cut += [(a, w.x0)] if w.x0 - a >= least else []
            cut += [(w.x1, b)] if b - w.x1 >= least else []
        stretches = cut
    return stretches


def _width(stretch: tuple[float, float]) -> float:
    return stretch[1] - stretch[0]


def _middle(stretch: tuple[float, float]) -> float:
    return (stretch[0] + stretch[1]) / 2


def body_extent(lines: Sequence[Line], header: HeaderColumns) -> tuple[int, list[float], frozenset[int]]:
    """(index of the first line after the table, the boundaries between its columns, the indexes of its section
    lines): the lines under the header while every gap between two columns' header words keeps a white stretch
    down all of them, past the headings printed across the table (``_section_lines``)."""
    cols = header.columns
    gaps = [[(a.x1, b.x0)] for a, b in zip(cols, cols[1:])]
    least = GUTTER * statistics.median(w.size for line in lines[header.first:header.end] for w in line.words)
    end = header.end
    sections: set[int] = set()
    while end < len(lines) and not _far_below(lines[end - 1], lines[end]):
        narrowed = [_free(g, lines[end].words, least) for g in gaps]
        if all(narrowed):
            gaps, end = narrowed, end + 1
            continue
        across = _section_lines(lines, end, gaps, least)
        if not across:
            break
        sections.update(range(end, end + across))
        end += across
    body = [line for k, line in enumerate(lines[header.end:end], start=header.end) if k not in sections]
    bounds = [_middle(_boundary(g, body, a.x0, b.x1)) for g, a, b in zip(gaps, cols, cols[1:])]
    return end, bounds, frozenset(sections)


def _boundary(stretches: list[tuple[float, float]], body: Sequence[Line], left: float,
              right: float) -> tuple[float, float]:
    """The white stretch, of those left between two columns' header words (``left``: the left header's start,
    ``right``: the right header's end), that parts the two columns: the widest of those where the body's words
    change kind, words on one side and numbers on the other ("... pelayanan publik" | "2" under "KODE", whose
    header is centred over the five cells of the code "2 | 17 | 01 | 2.01 | 01", the first far left of it),
    else the widest. Several stretches stand between two columns when one of them is several columns of
    numbers under one header word (the code's cells), or when its text never reaches its edge."""
    if len(stretches) == 1:
        return stretches[0]
    ends = [left] + [b for _a, b in stretches]
    starts = [a for a, _b in stretches] + [right]
    kinds = [_band_kind(body, ends[k], starts[k]) for k in range(len(stretches) + 1)]
    changes = [s for k, s in enumerate(stretches) if None not in (kinds[k], kinds[k + 1]) and kinds[k] != kinds[k + 1]]
    return max(changes or stretches, key=_width)


def _band_kind(body: Sequence[Line], x0: float, x1: float) -> str | None:
    """"number" or "text": what most (BAND_KIND_SHARE) of the body's words between ``x0`` and ``x1`` (by their
    centres) are; None when neither is, or there is no word."""
    words = [w.text for line in body for w in line.words if x0 <= (w.x0 + w.x1) / 2 <= x1]
    if not words:
        return None
    numbers = sum(1 for t in words if _BODY_NUMBER.match(t))
    if numbers >= BAND_KIND_SHARE * len(words):
        return "number"
    return "text" if len(words) - numbers >= BAND_KIND_SHARE * len(words) else None


def _section_lines(lines: Sequence[Line], k: int, gaps: list[list[tuple[float, float]]], least: float) -> int:
    """How many lines from ``k`` on are a heading printed across the table ("Sasaran 1: Meningkatnya ...", one
    merged cell over every column, as a Word table without borders prints it): up to ``MAX_SECTION_LINES``
    lines, each crossing the columns as one run of words (``segments``) of at least ``MIN_SECTION_WORDS``
    words, not far below the line above; then the body goes on (the next line keeps every gap and, of the
    ``GOES_ON_LINES`` lines after the heading, at least ``MIN_TABLE_ROWS`` keep them and hold a body number).
    0 when the line at ``k`` is no such heading (prose under the table, a footer: the table ends there)."""

    def keeps(line: Line) -> bool:
        return all(_free(g, line.words, least) for g in gaps)

    n = 0
    while n < MAX_SECTION_LINES and k + n < len(lines) and not keeps(lines[k + n]):
        line = lines[k + n]
        if (len(segments(line)) != 1 or len(line.words) < MIN_SECTION_WORDS
                or (n and _far_below(lines[k + n - 1], line))):
            return 0
        n += 1
    after = lines[k + n:k + n + GOES_ON_LINES]
    if not n or not after or _far_below(lines[k + n - 1], after[0]) or not keeps(after[0]):
        return 0
    return n if sum(1 for line in after if keeps(line) and _is_body_line(line)) >= MIN_TABLE_ROWS else 0


def _column_words(line: Line, bounds: list[float]) -> dict[int, list[Word]]:
    """A line's words per column (by their centres), left to right."""
    words: dict[int, list[Word]] = {}
    for w in line.words:
        words.setdefault(sum(1 for b in bounds if (w.x0 + w.x1) / 2 > b), []).append(w)
    return words


def _column_texts(line: Line, bounds: list[float]) -> dict[int, str]:
    return {c: " ".join(w.text for w in words) for c, words in _column_words(line, bounds).items()}


def _left_edges(lines: Sequence[Line], bounds: list[float], anchors: set[int]) -> dict[int, float]:
    """The x where the text of a left-aligned anchor column starts (most of its lines start there, within
    ALIGN_TOLERANCE); right-aligned or centred columns have none."""
    starts: dict[int, list[float]] = {}
    for line in lines:
        for col, words in _column_words(line, bounds).items():
            if col in anchors:
                starts.setdefault(col, []).append(words[0].x0)
    edges = {}
    for col, xs in starts.items():
        edge = min(xs)
        if sum(1 for x in xs if x - edge <= ALIGN_TOLERANCE) >= ANCHOR_SHARE * len(xs):
            edges[col] = edge
    return edges


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
    column (in a left-aligned one, text starting at its left edge: "000" / "2", the end of a code wrapped in
    its last segment, stands further right); the others continue the row above."""
    edges = _left_edges(lines, bounds, anchors)

    def starts_row(line: Line) -> bool:
        return any(col in anchors and (col not in edges or words[0].x0 - edges[col] <= ALIGN_TOLERANCE)
                   for col, words in _column_words(line, bounds).items())

    return [k for k, line in enumerate(lines) if k == 0 or starts_row(line)]


def _read_body(chars: list[dict[str, Any]], lines: Sequence[Line],
               header: HeaderColumns) -> tuple[Table, int, Columns] | None:
    """The table under ``header``, the index of the line after it and its columns; None when its body does not
    hold."""
    end, bounds, sections = body_extent(lines, header)
    body = lines[header.end:end]
    if not body:
        return None
    table_lines = lines[header.first:end]
    x0 = min(w.x0 for line in table_lines for w in line.words) - 1
    x1 = max(w.x1 for line in table_lines for w in line.words) + 1
    columns = Columns((x0, *bounds, x1))
    if _goes_on(lines, end, columns):
        return None  # a line across the columns inside the table (a merged row?): not read here, nor cut short
    top, bottom = lines[header.first].top - 1, (lines[header.end - 1].bottom + body[0].top) / 2
    found = _table(chars, body, columns, (top, header_boxes(header, lines, columns, top, bottom)),
                   frozenset(k - header.end for k in sections))
    return (found, end, columns) if found else None


def header_boxes(header: HeaderColumns, lines: Sequence[Line], columns: Columns, top: float,
                 bottom: float) -> list[BBox]:
    """The boxes of the header's cells between ``top`` and ``bottom``: a leaf over its column, from its row
    down; a group cell ("2024" over "Target" and "Rp", a caption over the years) over the columns whose leaves
    stand under it and are nearer to it than to the other group cells of its line, down to the next cell under
    it. One box per column, over the whole header, when the groups do not make such a grid."""
    xs = columns.xs
    leaves = header.columns
    groups = [c for c in header.cells if any(_over(c, d, NEAR_CELL, header.cells) for d in header.cells
                                             if d is not c)]
    tiers = sorted({g.first for g in groups})
    start = [sum(1 for t in tiers if t < leaf.first) for leaf in leaves]  # the row each column's leaf starts in
    runs = {id(g): _group_run(g, groups, leaves, xs) for g in groups}
    occupied: dict[int, list[int]] = {}  # column -> the rows its group cells start in
    for g in groups:
        for j in runs[id(g)]:
            occupied.setdefault(j, []).append(tiers.index(g.first))
    n_rows = max(start, default=0) + 1
    if any(r >= start[j] for j, rows in occupied.items() for r in rows) or len(leaves) != len(xs) - 1 \
            or n_rows <= len(tiers):
        return [(xa, top, xb, bottom) for xa, xb in zip(xs, xs[1:])]
    header_lines = lines[header.first:header.end]
    row_top = [top] + [min(header_lines[c.first].top for c in [*groups, *leaves]
                           if (tiers.index(c.first) if c in groups else start[leaves.index(c)]) == r) - 0.5
                       for r in range(1, n_rows)]
    row_top.append(bottom)
    boxes: list[BBox] = [(xs[j], row_top[start[j]], xs[j + 1], bottom) for j in range(len(leaves))]
    for g in groups:
        run, r = runs[id(g)], tiers.index(g.first)
        below = min(min([q for q in occupied[j] if q > r], default=start[j]) for j in run)
        boxes.append((xs[run[0]], row_top[r], xs[run[-1] + 1], row_top[below]))
    return boxes


def _group_run(group: HeaderCell, groups: list[HeaderCell], leaves: Sequence[HeaderCell],
               xs: Sequence[float]) -> list[int]:
    """The columns a group cell stands over: from the column under its centre, the neighbours whose leaf stands
    under it and that no other group cell of its line is nearer to."""
    peers = [g for g in groups if g.first == group.first]

    def owned(j: int) -> bool:
        if not 0 <= j < len(leaves) or leaves[j].first <= group.last:
            return False
        return min(peers, key=lambda g: g.distance(xs[j], xs[j + 1])) is group

    centre = (group.x0 + group.x1) / 2
    home = min(max(sum(1 for x in xs[1:-1] if x < centre), 0), len(leaves) - 1)
    if not owned(home):
        return [home]
    lo = hi = home
    while owned(lo - 1):
        lo -= 1
    while owned(hi + 1):
        hi += 1
    return list(range(lo, hi + 1))


def _goes_on(lines: Sequence[Line], end: int, columns: Columns) -> bool:
    """Whether body lines that fit the columns follow the line at ``end`` that ended the table (crossing a
    column boundary, not far below): the table goes on past a line it cannot place."""
    if end >= len(lines) or _far_below(lines[end - 1], lines[end]):
        return False
    after = lines[end + 1:end + 1 + GOES_ON_LINES]
    return sum(1 for line in after if _fits(line, columns) and _is_body_line(line)) >= MIN_TABLE_ROWS


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
    return _table(chars, lines[start:end], columns, None)


def _table(chars: list[dict[str, Any]], body: Sequence[Line], columns: Columns,
           header: tuple[float, list[BBox]] | None, sections: frozenset[int] = frozenset()) -> Table | None:
    """The cells of a table: the ``header`` (its top and its cells' boxes; None on a page without a header) over
    the rows of the ``body`` lines in ``columns``; None without an anchor column or with fewer than
    MIN_TABLE_ROWS rows. The ``sections`` lines (indexes into ``body``: headings printed across the table) are
    rows of one cell over every column, each run of them one row."""
    bounds = list(columns.xs[1:-1])
    anchors = anchor_columns([line for k, line in enumerate(body) if k not in sections], bounds)
    if not anchors or not body:
        return None
    heading_starts = {k for k in sections if k - 1 not in sections}
    after_headings = {k + 1 for k in sections if k + 1 not in sections and k + 1 < len(body)}
    starts = sorted((set(row_starts(body, bounds, anchors)) - sections) | heading_starts | after_headings)
    if len(starts) + bool(header) < MIN_TABLE_ROWS:
        return None
    head_boxes = header[1] if header else []
    top = header[0] if header else body[0].top - 1
    bottom = body[-1].bottom + 1
    ys = [max((b[3] for b in head_boxes), default=top)]
    ys += [(body[k - 1].bottom + body[k].top) / 2 for k in starts if k] + [bottom]
    xs = columns.xs
    spans = [[(xs[0], xs[-1])] if k in heading_starts else list(zip(xs, xs[1:])) for k in starts]
    boxes: list[BBox] = head_boxes + [(xa, ya, xb, yb) for ya, yb, row in zip(ys, ys[1:], spans) for xa, xb in row]
    bbox: BBox = (xs[0], top, xs[-1], bottom)
    cells, grid, _lost = _build_cells(boxes, chars, bbox)
    return bbox, cells, grid.n_rows, grid.n_cols
