"""Cells of a found table: from cell boxes and the page's characters to ``Cell``s with grid positions and text.

Grid positions come from the cell boxes against the table's row/column boundaries (the sorted, clustered
cell edges), so a merged cell appears once with its rowspan/colspan. A cell's text is made of the characters
whose centre lies in its box, line breaks kept ("12.084.498.9\\n48"), by pdfplumber's ``extract_text`` rules
(``_cell_text``) without its per-call cost.
"""

from __future__ import annotations

import bisect
import itertools
import re
import statistics
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any

import numpy as np
from pdfplumber.utils.text import LIGATURES

from ..model import BBox, Cell

TEXT_X_TOL = 3.0  # points: a gap wider than this between two characters ends a word (a cell's text)
TEXT_Y_TOL = 2.5  # points: characters whose tops differ by no more than this are on one line
TEXT_TOLERANCES: dict[str, float] = {"x_tolerance": TEXT_X_TOL, "y_tolerance": TEXT_Y_TOL}


BOUNDARY_TOLERANCE = 2.0  # points: cell edges closer than this are one row/column boundary


MIN_TABLE_ROWS = 2
MIN_TABLE_COLS = 2
MAX_MARGIN_LINES = 2  # lines a running header above (a footer, page number below) a page's table body may hold


def _cluster(values: Iterable[float], tol: float = BOUNDARY_TOLERANCE) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _nearest(bounds: list[float], v: float) -> int:
    i = bisect.bisect_left(bounds, v)
    if i == 0:
        return 0
    if i == len(bounds):
        return len(bounds) - 1
    return i if bounds[i] - v < v - bounds[i - 1] else i - 1


class _Grid:
    """Cell boxes placed on row/column boundaries; finds the cell under a point."""

    def __init__(self, boxes: Sequence[BBox]):
        self.xs = _cluster(x for b in boxes for x in (b[0], b[2]))
        self.ys = _cluster(y for b in boxes for y in (b[1], b[3]))
        self.n_rows = max(len(self.ys) - 1, 0)
        self.n_cols = max(len(self.xs) - 1, 0)
        self.places: list[tuple[int, int, int, int]] = []  # row, col, rowspan, colspan per box
        self.owner: list[list[int | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        self.lines: list[list[tuple[float, str]]] | None = None  # per box, its text's lines (_build_cells)
        for k, (x0, top, x1, bottom) in enumerate(boxes):
            r0, r1 = _nearest(self.ys, top), _nearest(self.ys, bottom)
            c0, c1 = _nearest(self.xs, x0), _nearest(self.xs, x1)
            r1, c1 = max(r1, r0 + 1), max(c1, c0 + 1)
            self.places.append((r0, c0, r1 - r0, c1 - c0))
            for r in range(r0, min(r1, self.n_rows)):
                for c in range(c0, min(c1, self.n_cols)):
                    if self.owner[r][c] is None:
                        self.owner[r][c] = k

    def cell_at(self, x: float, y: float) -> int | None:
        if not self.xs or x < self.xs[0] or x > self.xs[-1] or y < self.ys[0] or y > self.ys[-1]:
            return None
        c = min(max(bisect.bisect_right(self.xs, x) - 1, 0), self.n_cols - 1)
        r = min(max(bisect.bisect_right(self.ys, y) - 1, 0), self.n_rows - 1)
        return self.owner[r][c]


class _Centres:
    """The centres of a page's characters as arrays; the last list's are kept (a page's tables are built from
    the same list of characters one after the other)."""

    def __init__(self) -> None:
        self.chars: list[dict[str, Any]] | None = None
        self.x: Any = None
        self.y: Any = None
        self.top: Any = None
        self.bottom: Any = None

    def of(self, chars: list[dict[str, Any]]) -> _Centres:
        if self.chars is not chars or len(self.x) != len(chars):
            x0, x1, self.top, self.bottom = (np.fromiter(map(itemgetter(key), chars), np.float64, len(chars))
                                             for key in ("x0", "x1", "top", "bottom"))
            self.x = (x0 + x1) / 2
            self.y = (self.top + self.bottom) / 2
            self.chars = chars
        return self


def chars_between(chars: list[dict[str, Any]], top: float, bottom: float) -> list[dict[str, Any]]:
    """The characters lying wholly between ``top`` and ``bottom`` (``top <= ch["top"]`` and ``ch["bottom"] <=
    bottom``), in their order: one comparison of arrays instead of a pass over the page's characters for each
    table."""
    if not chars:
        return []
    at = _CENTRES.of(chars)
    return [chars[i] for i in np.flatnonzero((at.top >= top) & (at.bottom <= bottom)).tolist()]


_CENTRES = _Centres()


def _assign_chars(grid: _Grid, chars: list[dict[str, Any]], bbox: BBox) -> tuple[list[list[dict]], int]:
    """Characters per cell box (by centre), and how many inside ``bbox`` fell in no cell: ``_Grid.cell_at`` of
    every character at once (same comparisons, in float64 as Python's)."""
    if grid.n_rows == 0 or grid.n_cols == 0 or not chars:
        return _assign_chars_one_by_one(grid, chars, bbox)
    centres = _CENTRES.of(chars)
    x0, top, x1, bottom = bbox
    cx, cy = centres.x, centres.y
    xs, ys = np.asarray(grid.xs), np.asarray(grid.ys)
    inside = (x0 <= cx) & (cx <= x1) & (top <= cy) & (cy <= bottom)
    on_grid = inside & (cx >= xs[0]) & (cx <= xs[-1]) & (cy >= ys[0]) & (cy <= ys[-1])
    idx = np.flatnonzero(on_grid)
    cols = np.clip(np.searchsorted(xs, cx[idx], side="right") - 1, 0, grid.n_cols - 1)
    rows = np.clip(np.searchsorted(ys, cy[idx], side="right") - 1, 0, grid.n_rows - 1)
    owner = np.array([[-1 if k is None else k for k in row] for row in grid.owner], dtype=np.int64)
    owners = owner[rows, cols]
    per_cell: list[list[dict]] = [[] for _ in grid.places]
    for i, k in zip(idx.tolist(), owners.tolist()):
        if k >= 0:
            per_cell[k].append(chars[i])
    inside[idx[owners >= 0]] = False  # left: inside the table, in no cell
    lost = sum(1 for i in np.flatnonzero(inside).tolist() if chars[i]["text"].strip())
    return per_cell, lost


def _assign_chars_one_by_one(grid: _Grid, chars: Iterable[dict[str, Any]], bbox: BBox) -> tuple[list[list[dict]], int]:
    """``_assign_chars`` character by character (a grid without rows or columns)."""
    per_cell: list[list[dict]] = [[] for _ in grid.places]
    lost = 0
    x0, top, x1, bottom = bbox
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            continue
        k = grid.cell_at(cx, cy)
        if k is None:
            if ch["text"].strip():
                lost += 1
        else:
            per_cell[k].append(ch)
    return per_cell, lost


def line_count(chars: list[dict[str, Any]], top: float, bottom: float) -> int:
    """How many lines of text the page prints wholly between ``top`` and ``bottom`` (any width)."""
    tops = [ch for ch in chars_between(chars, top, bottom) if ch["text"].strip()]
    return len(_value_clusters(tops, "top", TEXT_Y_TOL))


def _value_clusters(items: Sequence[Any], key: str | int, tolerance: float) -> list[list[Any]]:
    """Items grouped by ``key`` (a dict key, or a tuple index): sorted distinct values chained while each is
    within ``tolerance`` of the one before; groups in value order, items inside a group in their input order
    (pdfplumber's cluster_objects)."""
    value_of = itemgetter(key)
    ids: dict[float, int] = {}
    last: float | None = None
    group = -1
    for value in sorted({value_of(item) for item in items}):
        if last is None or value > last + tolerance:
            group += 1
        ids[value] = group
        last = value
    out: list[list[Any]] = [[] for _ in range(group + 1)]
    for item in items:
        out[ids[value_of(item)]].append(item)
    return out


def _words(chars: list[dict[str, Any]], x_tol: float, y_tol: float) -> list[tuple[float, str]]:
    """(top, text) of the words of ``chars``, in the order pdfplumber's WordExtractor makes them.

    Characters run in groups of the same uprightness; an upright group is cut into lines by ``top`` and each
    line read left to right; a word ends at a blank (not one lying over a glyph: ``_without_stray_blanks``,
    where pdfplumber would cut the word), a step back, a gap wider than ``x_tol`` or a jump of
    ``top`` beyond ``y_tol``. Other characters: lines by ``x0``, read top to bottom, tolerances swapped.
    """
    words: list[tuple[float, str]] = []
    for upright, run in itertools.groupby(chars, key=itemgetter("upright")):
        group = list(run)
        line_key, along, start, end, across = (
            ("top", "x0", "x0", "x1", "top") if upright else ("x0", "top", "top", "bottom", "x0")
        )
        gap, drift = (x_tol, y_tol) if upright else (y_tol, x_tol)
        for line in _value_clusters(group, line_key, y_tol if upright else x_tol):
            line.sort(key=itemgetter(along))
            line = _without_stray_blanks(line, start, end)
            word: list[dict[str, Any]] = []
            prev: dict[str, Any] | None = None  # the word's last character
            for ch in line:
                if ch["text"].isspace():
                    if word:
                        words.append(_word(word))
                    word, prev = [], None
                    continue
                if prev is not None and (ch[start] < prev[start] or ch[start] > prev[end] + gap
                                         or abs(ch[across] - prev[across]) > drift):
                    words.append(_word(word))
                    word = []
                word.append(ch)
                prev = ch
            if word:
                words.append(_word(word))
    return words


OWN_BLANK_SLACK = 1.0  # points: a word's blank starts within this of the end of the word's last glyph


def _without_stray_blanks(line: list[dict[str, Any]], start: str, end: str) -> list[dict[str, Any]]:
    """A line's characters (sorted along it) without the blanks of words printed in the next cell: a word's
    trailing space that ran over the edge of its cell ("Penegakan " of the column before, its space over the "P"
    of "Peraturan", one point lower) separates no words here and would cut one ("P eraturan"). Such a blank
    starts over the first half of the glyph before it and no glyph of the line ends where it starts; a word's
    own blank starts at the end of the word's last glyph (kerned into it a little; an OCR word's over the next
    word when Tesseract's boxes overlap)."""
    ends: list[float] | None = None  # where the line's glyphs end: made when a blank is first in doubt
    out: list[dict[str, Any]] = []
    glyph: dict[str, Any] | None = None  # the last non-blank character of the line so far
    for ch in line:
        if not ch["text"].isspace():
            glyph = ch
        elif glyph is not None and ch[start] < (glyph[start] + glyph[end]) / 2:
            if ends is None:
                ends = [c[end] for c in line if not c["text"].isspace()]
            at = ch[start]
            if all(abs(e - at) > OWN_BLANK_SLACK for e in ends):
                continue
        out.append(ch)
    return out


def _word(chars: list[dict[str, Any]]) -> tuple[float, str]:
    texts = [c["text"] for c in chars]
    text = "".join(texts)
    if not text.isascii():  # a ligature glyph is read as its letters ("ﬁ" -> "fi")
        text = "".join(LIGATURES.get(t, t) for t in texts)
    return min(map(itemgetter("top"), chars)), text


def _cell_text(chars: list[dict[str, Any]]) -> str:
    """The text of a cell's characters: what pdfplumber's ``extract_text(chars, **TEXT_TOLERANCES)`` gives
    (words cut as above, then lines of words by ``top``, words joined by a space), without its per-call cost;
    blank lines dropped, line ends stripped."""
    return "\n".join(text for _top, text in _line_tops(chars))


_ITEM_NUMBER = re.compile(r"(\d{1,3})[.)]?")  # "2", "2.", "2)": a row's item number in a No column


def _line_tops(chars: list[dict[str, Any]]) -> list[tuple[float, str]]:
    """(top, text) of each line of a cell's characters, top to bottom, blank lines left out (a cell written up or
    down the page read in its own direction: ``_turned_upright``)."""
    if not chars:
        return []
    x_tol = TEXT_X_TOL
    if chars[0].get("direction") and (turned := _turned_upright(chars)) is not chars:
        # turned text is printed without its blanks: a word ends at a gap of a fraction of the font size
        chars, x_tol = turned, min(TEXT_X_TOL, TURNED_WORD_GAP * statistics.median(c["size"] for c in turned))
    lines = _value_clusters(_words(chars, x_tol, TEXT_Y_TOL), 0, TEXT_Y_TOL)  # (top, text) words by top
    out = [(min(top for top, _text in line), " ".join(text for _top, text in line).strip()) for line in lines]
    return [(top, text) for top, text in out if text]


TURNED_WORD_GAP = 0.2  # of the font size: a gap this wide between two glyphs of turned text ends a word


def _turned_upright(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The characters of a cell written a quarter turned (a narrow column's header written bottom to top, or top to
    bottom), as they would stand read upright: along the line becomes left to right, its lines top to bottom. The
    characters as they are when not all of the cell's printed ones are turned the same way (a mixed cell is read as
    printed)."""
    directions = {c.get("direction") for c in chars if not c["text"].isspace()}
    if len(directions) != 1 or None in directions:
        return chars
    if directions == {"btt"}:  # read up the page; its lines follow one another left to right
        return [{**c, "x0": -c["bottom"], "x1": -c["top"], "top": c["x0"], "bottom": c["x1"], "upright": True}
                for c in chars]
    return [{**c, "x0": c["top"], "x1": c["bottom"], "top": -c["x1"], "bottom": -c["x0"], "upright": True}
            for c in chars]


def _numbered_row_starts(lines: list[tuple[float, str]]) -> list[float]:
    """The tops of the 2nd, 3rd, ... lines of a No cell whose every line is an item number, consecutive and
    rising ("1" / "2"): rows whose rule was not drawn. Empty when the cell is not such a cell."""
    numbers = [_ITEM_NUMBER.fullmatch(text) for _top, text in lines]
    if len(lines) < 2 or not all(numbers):
        return []
    values = [int(m.group(1)) for m in numbers if m]
    if any(b != a + 1 for a, b in zip(values, values[1:])):
        return []
    return [top for top, _text in lines[1:]]


def split_numbered_rows(boxes: Sequence[BBox], chars: list[dict[str, Any]], bbox: BBox,
                        grid: _Grid | None = None) -> list[BBox]:
    """The cell boxes with rows split where the rule between two rows was not drawn (Word and LibreOffice
    leave it out where a row is cut by a page break, so the row at the page foot runs into the row above):
    the table's first column holds the rows' item numbers, and one cell of it holds two or more ("1" / "2"),
    each on a line of its own. Every cell of that grid row is cut just above the top of each later number's
    line, so the text printed beside a number goes with its row. The boxes as given when nothing is split.

    ``grid``: the grid ``_build_cells`` made of these boxes, characters and table box, whose cells' lines are
    taken as they are (not placed and read a second time)."""
    if grid is None or grid.lines is None:
        grid = _Grid(boxes)
        per_cell, _lost = _assign_chars(grid, chars, bbox)
        grid.lines = [_line_tops(per_cell[k]) if place[1] == 0 else [] for k, place in enumerate(grid.places)]
    cuts: dict[int, list[float]] = {}  # grid row -> the y where a row starts inside it
    for k, (r, c, rowspan, colspan) in enumerate(grid.places):
        if c == 0 and rowspan == 1 and colspan == 1:
            starts = _numbered_row_starts(grid.lines[k])
            if starts:
                cuts[r] = [y - TEXT_Y_TOL / 2 for y in starts]
    if not cuts:
        return list(boxes)
    out: list[BBox] = []
    for k, (r, _c, rowspan, _colspan) in enumerate(grid.places):
        if rowspan != 1 or r not in cuts:
            out.append(boxes[k])
            continue
        x0, top, x1, bottom = boxes[k]
        edges = [top] + [y for y in cuts[r] if top < y < bottom] + [bottom]
        out.extend((x0, a, x1, b) for a, b in zip(edges, edges[1:]))
    return out


def _build_cells(boxes: Sequence[BBox], chars: list[dict[str, Any]], bbox: BBox) -> tuple[list[Cell], _Grid, int]:
    """The cells of the boxes with their text (the characters inside ``bbox`` placed by centre), the grid they lie
    on (with each cell's lines, ``_Grid.lines``), and how many characters inside the table fell in no cell."""
    grid = _Grid(boxes)
    per_cell, lost = _assign_chars(grid, chars, bbox)
    grid.lines = [_line_tops(chars_in) for chars_in in per_cell]
    cells = [
        Cell(
            text="\n".join(text for _top, text in grid.lines[k]),  # _cell_text
            row=r,
            col=c,
            rowspan=rs,
            colspan=cs,
            bbox=tuple(round(v, 2) for v in boxes[k]),  # type: ignore[arg-type]
        )
        for k, (r, c, rs, cs) in enumerate(grid.places)
    ]
    cells.sort(key=lambda cell: (cell.row, cell.col))
    return cells, grid, lost
