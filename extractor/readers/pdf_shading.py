"""Cells told apart by their shading where no rule parts them.

Word paints each cell's background as one filled rectangle over the cell's whole area (and each paragraph's
as a smaller one inside it). A header printed on a coloured band often has no rule between its cells (or
white ones, or only some: BPBD Banyuwangi pp.42 and 59), so the lines strategy finds one box over the whole
band, every header word in one cell. Where such a box is tiled by cell-sized shading rectangles that meet the
table's own column boundaries, those rectangles are its cells (``split_by_shading``). A merged cell is one
cell in Word and has one background: a box under one rectangle (a banded row, a heading across the table)
is left whole, as is a box the rectangles do not cover.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any

from ..model import BBox
from .pdf_objects import SHADING_MIN_THICKNESS, PageObjects

SNAP = 2.0  # points: a rectangle's side this close to a column boundary (or the box's edge) lies on it
MIN_COVER = 0.9  # share of the box the rectangles (and the cells found inside it) must cover
MAX_OVERLAP = 0.05  # share of a rectangle another one may overlap (the same background painted twice is one)
MIN_PIECES = 2
MAX_PIECES = 300  # backgrounds one box (or one band) may be made of: more is a damaged page, not a header


def shading_boxes(objs: PageObjects) -> list[BBox]:
    """The page's filled, unstroked rectangles at least ``SHADING_MIN_THICKNESS`` thick both ways (backgrounds),
    as boxes (x0, top, x1, bottom): those ``page_objects`` left out of the paths, and any kept among them."""
    out: list[BBox] = list(objs.backgrounds)
    for path in objs.paths:
        if path.thin or not path.fill or path.stroke or not 4 <= len(path.points) <= 5:
            continue
        xs = {round(x, 1) for x, _y in path.points}
        ys = {round(y, 1) for _x, y in path.points}
        if len(xs) != 2 or len(ys) != 2:
            continue  # not an axis-aligned rectangle
        x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
        if x1 - x0 >= SHADING_MIN_THICKNESS and bottom - top >= SHADING_MIN_THICKNESS:
            out.append((x0, top, x1, bottom))
    return out


def _snap(value: float, targets: Sequence[float]) -> float | None:
    best = min(targets, key=lambda t: abs(t - value), default=None)
    return best if best is not None and abs(best - value) <= SNAP else None


def _inside(outer: BBox, inner: BBox, tol: float = SNAP) -> bool:
    return (inner[0] >= outer[0] - tol and inner[1] >= outer[1] - tol and inner[2] <= outer[2] + tol
            and inner[3] <= outer[3] + tol)


def _area(box: BBox) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def _shared(a: BBox, b: BBox) -> float:
    return _area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))


def _tiles(box: BBox, inner: list[BBox], shadings: Sequence[BBox], columns: list[float]) -> list[BBox] | None:
    """The cells of ``box`` by its shading: rectangles inside it whose sides lie on the table's ``columns``,
    snapped to them and to the box's top and bottom, clear of the cells found inside it; None unless at
    least MIN_PIECES of them cover the box (with those cells)."""
    pieces: list[BBox] = []
    for shade in shadings:
        if not _inside(box, shade):
            continue
        x0, x1 = _snap(shade[0], columns), _snap(shade[2], columns)
        if x0 is None or x1 is None or x1 <= x0:
            continue  # a paragraph's background, inset from the cell's sides
        top = box[1] if abs(shade[1] - box[1]) <= SNAP else shade[1]
        bottom = box[3] if abs(shade[3] - box[3]) <= SNAP else shade[3]
        piece = (x0, top, x1, bottom)
        if any(_shared(piece, cell) > MAX_OVERLAP * _area(piece) for cell in inner):
            continue
        if any(_shared(piece, seen) > MAX_OVERLAP * min(_area(piece), _area(seen)) for seen in pieces):
            continue  # painted twice, or a smaller background over a larger one
        pieces.append(piece)
    covered = sum(_area(p) for p in pieces) + sum(_area(c) for c in inner)
    if len(pieces) < MIN_PIECES or covered < MIN_COVER * _area(box):
        return None
    return pieces


def split_by_shading(boxes: Sequence[BBox], shadings: Sequence[BBox],
                     chars: Sequence[dict[str, Any]] = ()) -> list[BBox] | None:
    """The table's cell boxes with every box that spans columns and is tiled by cell backgrounds replaced by
    those backgrounds (see the module docstring); None when no box is. A box is left whole where a word of
    ``chars`` would be cut by the new cells' sides (a spreadsheet's text runs on over the empty cells beside
    it, whose backgrounds are their own)."""
    if not shadings or len(boxes) < 2:
        return None
    columns = sorted({x for b in boxes for x in (b[0], b[2])})
    by_top = sorted(shadings, key=lambda s: s[1])
    tops = [s[1] for s in by_top]
    out: list[BBox] = []
    changed = False
    for k, box in enumerate(boxes):
        tiles = None
        inside = bisect.bisect_left(columns, box[2] - SNAP) - bisect.bisect_right(columns, box[0] + SNAP)
        if inside > 0:  # the box spans two columns or more: a merged cell, or cells no rule parts
            band = by_top[bisect.bisect_left(tops, box[1] - SNAP):bisect.bisect_right(tops, box[3] + SNAP)]
            shades = [s for s in band if _inside(box, s)]
            if MIN_PIECES <= len(shades) <= MAX_PIECES:
                inner = [b for j, b in enumerate(boxes) if j != k and _inside(box, b, tol=0.5)]
                tiles = _tiles(box, inner, shades, columns)
                if tiles is not None and _cuts_words(chars, box, tiles):
                    tiles = None
        if tiles is None:
            out.append(box)
        else:
            out.extend(tiles)
            changed = True
    return out if changed else None


def band_above(boxes: Sequence[BBox], shadings: Sequence[BBox], bbox: BBox,
               chars: Sequence[dict[str, Any]] = ()) -> tuple[list[BBox], BBox] | None:
    """Header cells printed on a coloured band above the ruled table with no rule around them at all (the rules
    start under the header): the cell backgrounds stacked on the table's top edge whose sides lie on its column
    boundaries, and the table's box grown over them; None when there are fewer than MIN_PIECES of them or
    they leave gaps in the band (less than MIN_COVER of it)."""
    if not shadings or not boxes:
        return None
    x0, top, x1, _bottom = bbox
    columns = sorted({x for b in boxes for x in (b[0], b[2])})
    candidates: list[BBox] = []
    for shade in shadings:
        if shade[1] >= top - SNAP or shade[3] > top + SNAP:
            continue
        left, right = _snap(shade[0], columns), _snap(shade[2], columns)
        if left is not None and right is not None and right > left:
            candidates.append((left, shade[1], right, shade[3]))
    if len(candidates) > MAX_PIECES:
        return None
    pieces = _stacked(candidates, top)
    if len(pieces) < MIN_PIECES:
        return None
    band_top = min(p[1] for p in pieces)
    pieces = [(p[0], band_top if abs(p[1] - band_top) <= SNAP else p[1], p[2], p[3]) for p in pieces]
    band = (x0, band_top, x1, top)
    if sum(_area(p) for p in pieces) < MIN_COVER * _area(band) or _cuts_words(chars, band, pieces):
        return None
    return pieces, (x0, band_top, x1, bbox[3])


def _stacked(candidates: list[BBox], top: float) -> list[BBox]:
    """The candidates that stand on ``top`` or on one taken already (bottoms snapped), one per place."""
    pieces: list[BBox] = []
    edges = [top]  # where a piece may stand: the table's top, and the tops of the pieces taken
    grown = True
    while grown:
        grown = False
        for cand in candidates:
            base = _snap(cand[3], edges)
            if base is None or any(_shared(cand, p) > MAX_OVERLAP * min(_area(cand), _area(p)) for p in pieces):
                continue
            pieces.append((cand[0], cand[1], cand[2], base))
            edges.append(cand[1])
            grown = True
    return pieces


WORD_GAP = 1.0  # points: letters closer than this along a line are one word


def _piece_at(pieces: Sequence[BBox], x: float, y: float) -> int | None:
    return next((k for k, p in enumerate(pieces) if p[0] <= x <= p[2] and p[1] <= y <= p[3]), None)


def _cuts_words(chars: Sequence[dict[str, Any]], box: BBox, pieces: Sequence[BBox]) -> bool:
    """Whether two letters of one word printed in ``box`` fall in two of ``pieces``."""
    inside = sorted((ch for ch in chars if ch["text"].strip() and box[0] <= (ch["x0"] + ch["x1"]) / 2 <= box[2]
                     and box[1] <= (ch["top"] + ch["bottom"]) / 2 <= box[3]),
                    key=lambda ch: (round(ch["top"]), ch["x0"]))
    for a, b in zip(inside, inside[1:]):
        if abs(a["top"] - b["top"]) > 1.0 or b["x0"] - a["x1"] > WORD_GAP:
            continue
        y = (a["top"] + a["bottom"]) / 2
        left, right = _piece_at(pieces, (a["x0"] + a["x1"]) / 2, y), _piece_at(pieces, (b["x0"] + b["x1"]) / 2, y)
        if left is not None and right is not None and left != right:
            return True
    return False
