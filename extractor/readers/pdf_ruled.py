"""Ruled tables: the page's rules as explicit edges, and the tables the lines strategy finds on them.

pdfplumber's table finder runs with ``DEFAULT_LINES_SETTINGS`` (the lines strategy's tolerances), fed with the
page's rules as explicit edges (``_rule_edges``) instead of pdfplumber's own edges, because (1) Word draws cell
and paragraph backgrounds as filled rectangles a few points high whose edges split a cell into phantom rows: a
filled, unstroked rectangle or path thicker than ``SHADING_MIN_THICKNESS`` is dropped, thin ones are the rules;
(2) pdfplumber takes a line as horizontal only when both ends have exactly the same y, and a page drawn through
a scaling matrix loses its whole ruling to 1e-8 differences. When a table runs on to the next page, the cells
of its last (or first) row have no closing rule and columns merged across the whole page have no horizontal
rule at all; pdfplumber finds no cell there. If text inside the table's box falls outside every cell, or
vertical rules run beside the table along most of its height, the table is searched again with closing lines
along its top and bottom over the full ruled width.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import BBox, Cell
from .pdf_finder import DEFAULT_LINES_SETTINGS, _edge, _find_tables
from .pdf_grid import (
    BOUNDARY_TOLERANCE,
    MAX_MARGIN_LINES,
    MIN_TABLE_COLS,
    MIN_TABLE_ROWS,
    _build_cells,
    line_count,
    split_numbered_rows,
)
from .pdf_objects import SHADING_MIN_THICKNESS, PageObjects, PathPiece
from .pdf_shading import band_above, split_by_shading

RULE_SLANT = 0.5  # points: a segment whose ends differ this little in y (x) is a horizontal (vertical) rule


def _is_shading(path: PathPiece) -> bool:
    """A filled, unstroked rectangle or path thicker than a rule: a background, not a border."""
    if not path.fill or path.stroke:
        return False
    xs, ys = zip(*path.points)
    return max(xs) - min(xs) >= SHADING_MIN_THICKNESS and max(ys) - min(ys) >= SHADING_MIN_THICKNESS


def _rule_edges(objs: PageObjects) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The page's rules as exact horizontal and vertical edges (shading left out).

    pdfplumber's own edges take a line as horizontal only when its two ends have exactly the same y; in
    PDFs drawn through a scaling matrix (Kec. Banyuwangi p.33) they differ by 1e-8 and the whole ruling
    is lost. Here a segment is horizontal (vertical) when its ends differ by at most RULE_SLANT in y (x).
    Every side of every subpath counts (a rectangle's four sides, a polyline's segments).
    """
    h: list[dict[str, Any]] = []
    v: list[dict[str, Any]] = []
    for path in objs.paths:  # a page of Word borders has ~500 thin filled rectangles: the loop is kept lean
        if not path.thin and _is_shading(path):
            continue
        points = iter(path.points)
        xa, ya = next(points)
        for xb, yb in points:
            dx, dy = abs(xa - xb), abs(ya - yb)
            if dy <= RULE_SLANT and dx > 0:
                y = (ya + yb) / 2
                h.append(_edge("h", xa if xa < xb else xb, xb if xa < xb else xa, y, y))
            elif dx <= RULE_SLANT and dy > 0:
                x = (xa + xb) / 2
                v.append(_edge("v", x, x, ya if ya < yb else yb, yb if ya < yb else ya))
            xa, ya = xb, yb
    return h, v


def _ruled_extent(v_edges: list[dict[str, Any]], bbox: BBox) -> BBox:
    """The table box widened to the vertical rules that run along most of its height.

    A column whose cells are open at both ends on this page (a merge running on from the page before to
    the page after) has rules on its sides but no horizontal rule at all, so pdfplumber leaves it out.
    """
    x0, top, x1, bottom = bbox
    height = bottom - top
    rules = _rules_of(v_edges)
    covered: dict[int, float] = {}  # x (whole points) -> length of rule segments inside the table's height
    for _x, rule_top, rule_bottom, at in rules:
        shared = min(rule_bottom, bottom) - max(rule_top, top)
        if shared > 0:
            covered[at] = covered.get(at, 0.0) + shared
    for x, length in covered.items():
        if length >= 0.5 * height:
            x0, x1 = min(x0, x), max(x1, x)
    return (x0, _rules_end(rules, (x0, top, x1, bottom), above=True), x1,
            _rules_end(rules, (x0, top, x1, bottom), above=False))


Rule = tuple[float, float, float, int]  # a vertical rule: x, top, bottom, x in whole points


def _rules_of(v_edges: list[dict[str, Any]]) -> list[Rule]:
    """The vertical edges as ``Rule`` tuples: each edge's values read once for the passes over them all."""
    return [(e["x0"], e["top"], e["bottom"], round(e["x0"])) for e in v_edges]


def _open_end(v_edges: list[dict[str, Any]], bbox: BBox, above: bool) -> float:
    """The table's top (``above``) or bottom, moved to where most of its column rules end when they run on
    past it with no horizontal rule there: the first (last) row of a page whose closing rule the page break
    left out (Semarang p.63: row 9 under open column rules above the table's first rule)."""
    return _rules_end(_rules_of(v_edges), bbox, above)


def _rules_end(rules: list[Rule], bbox: BBox, above: bool) -> float:
    """``_open_end`` of the vertical rules as ``Rule`` tuples."""
    x0, top, x1, bottom = bbox
    edge_at = top if above else bottom
    reach: dict[int, float] = {}  # x (whole points) -> how far its rule runs past the edge
    columns: set[int] = set()  # x (whole points) of the rules along the table
    left, right = x0 - BOUNDARY_TOLERANCE, x1 + BOUNDARY_TOLERANCE
    for x, rule_top, rule_bottom, at in rules:
        if not left <= x <= right:
            continue
        if min(rule_bottom, bottom) - max(rule_top, top) > 0:
            columns.add(at)
        # the rule reaches the edge from outside (or crosses it)
        touches = (top - BOUNDARY_TOLERANCE <= rule_bottom if above else rule_top <= bottom + BOUNDARY_TOLERANCE)
        beyond = edge_at - rule_top if above else rule_bottom - edge_at
        if touches and beyond > BOUNDARY_TOLERANCE:
            reach[at] = max(reach.get(at, 0.0), beyond)
    if len(reach) < max(2, 0.5 * len(columns)):
        return edge_at
    run = sorted(reach.values())[len(reach) // 2]  # the median: one long stray rule moves nothing
    return edge_at - run if above else edge_at + run


def _lines_settings(h_edges: list[dict[str, Any]], v_edges: list[dict[str, Any]]) -> dict[str, Any]:
    return dict(
        DEFAULT_LINES_SETTINGS,
        vertical_strategy="explicit",
        horizontal_strategy="explicit",
        explicit_vertical_lines=v_edges,
        explicit_horizontal_lines=h_edges,
    )


def _ruled_tables(
    chars: list[dict[str, Any]], h_edges: list[dict[str, Any]], v_edges: list[dict[str, Any]],
    shadings: Sequence[BBox] = (),
) -> list[tuple[BBox, list[Cell], int, int]]:
    """The tables the lines strategy finds on the rules: (box, cells, rows, columns). ``shadings``: the page's
    background rectangles (``pdf_shading.shading_boxes``), which part the cells of a band no rule parts."""
    if len(h_edges) < 2 or len(v_edges) < 2:
        return []
    found = _find_tables(_lines_settings(h_edges, v_edges), chars)
    if not found and (closing := _open_ends(v_edges)):
        found = _find_tables(_lines_settings(h_edges + closing, v_edges), chars)
    out = []
    for bbox, boxes in found:
        cells, grid, lost = _build_cells(boxes, chars, bbox)
        extent = _ruled_extent(v_edges, bbox)
        if lost or _wider(extent, bbox):
            # Close the table along its top and bottom (over the full ruled width) and search again.
            x0, top, x1, bottom = extent
            closing = [_edge("h", x0, x1, top, top), _edge("h", x0, x1, bottom, bottom)]
            again = _find_tables(_lines_settings(h_edges + closing, v_edges), chars)
            again = [t for t in again if _overlap(t[0], bbox) > 0.5]
            if again:
                bbox, boxes = max(again, key=lambda t: len(t[1]))
                cells, grid, lost = _build_cells(boxes, chars, bbox)
        shaded = _by_shading(boxes, bbox, shadings, chars)
        if shaded is not None:
            boxes, bbox = shaded
            cells, grid, lost = _build_cells(boxes, chars, bbox)
        split = split_numbered_rows(boxes, chars, bbox, grid)
        if len(split) > len(boxes):
            cells, grid, lost = _build_cells(split, chars, bbox)
        if _enough_rows(grid.n_rows, chars, bbox) and grid.n_cols >= MIN_TABLE_COLS:
            out.append((bbox, cells, grid.n_rows, grid.n_cols))
    return out


MAX_BAND_HEIGHT = 200.0  # points: the most a header band above a table's rules may stand


def _by_shading(boxes: list[BBox], bbox: BBox, shadings: Sequence[BBox], chars: list[dict[str, Any]]
                ) -> tuple[list[BBox], BBox] | None:
    """The cell boxes and table box with the cells told apart by their backgrounds (pdf_shading): boxes tiled by
    them split, a header band above the rules added; None when the backgrounds change nothing."""
    x0, top, x1, bottom = bbox
    near = [s for s in shadings if s[0] < x1 and s[2] > x0 and s[1] < bottom and s[3] > top - MAX_BAND_HEIGHT]
    if len(near) < 2:
        return None
    shaded = split_by_shading(boxes, near, chars)
    band = band_above(shaded or boxes, near, bbox, chars)
    if band is not None:
        return [*(shaded or boxes), *band[0]], band[1]
    return None if shaded is None else (shaded, bbox)


MIN_OPEN_COLUMNS = 3  # column rules sharing one span that make a band of cells without rules across it
MIN_OPEN_HEIGHT = 6.0  # points


def _open_ends(v_edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rules across the top and bottom of the span most column rules share, where no table was found: the rest of
    a row cut by a page break, printed at the next page's top between column rules with no rule above it (a
    browser's print draws none there). Nothing when fewer than MIN_OPEN_COLUMNS rules share a span."""
    spans: dict[tuple[int, int], set[int]] = {}
    for e in v_edges:
        if e["bottom"] - e["top"] >= MIN_OPEN_HEIGHT:
            spans.setdefault((round(e["top"]), round(e["bottom"])), set()).add(round(e["x0"]))
    if not spans:
        return []
    (top, bottom), xs = max(spans.items(), key=lambda item: len(item[1]))
    if len(xs) < MIN_OPEN_COLUMNS:
        return []
    x0, x1 = min(xs), max(xs)
    return [_edge("h", x0, x1, top, top), _edge("h", x0, x1, bottom, bottom)]


def _enough_rows(n_rows: int, chars: list[dict[str, Any]], bbox: BBox) -> bool:
    """Two rows make a table; one row only at the top of the page (nothing above it but a running header):
    the last row of a table cut by the page break, printed on the next page with its own rules (the rest of
    a cell, or a row's label whose number and values stayed at the foot of the page before)."""
    if n_rows >= MIN_TABLE_ROWS:
        return True
    return n_rows == 1 and line_count(chars, 0.0, bbox[1]) <= MAX_MARGIN_LINES


def _wider(extent: BBox, bbox: BBox) -> bool:
    """Whether the ruled extent reaches beyond the table found on any side."""
    return (extent[0] < bbox[0] - BOUNDARY_TOLERANCE or extent[1] < bbox[1] - BOUNDARY_TOLERANCE
            or extent[2] > bbox[2] + BOUNDARY_TOLERANCE or extent[3] > bbox[3] + BOUNDARY_TOLERANCE)


def _overlap(a: BBox, b: BBox) -> float:
    """Share of the smaller box covered by the intersection."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return w * h / smaller if smaller > 0 else 0.0
