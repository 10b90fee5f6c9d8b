"""pdfplumber's table finder on a list of characters instead of a page: edges -> intersections -> cells ->
tables, with pdfplumber's own functions, except cells from intersections (``_intersections_to_cells``: the
same cells in a fraction of the time). The settings of the two strategies used are kept here as data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pdfplumber.table import (
    TableSettings,
    cells_to_tables,
    edges_to_intersections,
    merge_edges,
    words_to_edges_h,
    words_to_edges_v,
)
from pdfplumber.utils import extract_words, filter_edges

from ..model import BBox

# pdfplumber table settings, kept as data so that callers (and tests) can see and vary them.
DEFAULT_LINES_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "edge_min_length": 3,
    "intersection_tolerance": 3,
}
DEFAULT_TEXT_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "text",
    "horizontal_strategy": "text",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 5,
    "min_words_vertical": 3,
    "min_words_horizontal": 1,
    "text_x_tolerance": 2,
    "text_y_tolerance": 2,
}


def _edge(orientation: str, x0: float, x1: float, top: float, bottom: float) -> dict[str, Any]:
    return {
        "object_type": "rule_edge",  # "_edge" in the type: pdfplumber takes it as an edge, unchanged
        "orientation": orientation,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
    }


def _find_tables(settings: dict[str, Any], chars: list[dict[str, Any]]) -> list[tuple[BBox, list[BBox]]]:
    """pdfplumber's table finder on a list of characters instead of a page: (table box, cell boxes) each.

    The steps of pdfplumber's ``TableFinder``, with its own functions: edges (explicit edges as given; the
    "text" strategy's edges from the words of ``chars``), merged (snapped and joined), short ones dropped,
    intersections, cells, cells grouped into tables.
    """
    ts = TableSettings.resolve(settings)
    words: list[dict[str, Any]] = []
    if "text" in (ts.vertical_strategy, ts.horizontal_strategy):
        words = extract_words(chars, **(ts.text_settings or {}))
    edges: list[dict[str, Any]] = []
    for orientation, strategy, explicit in (
        ("v", ts.vertical_strategy, ts.explicit_vertical_lines),
        ("h", ts.horizontal_strategy, ts.explicit_horizontal_lines),
    ):
        if strategy == "text":
            if orientation == "v":
                edges += words_to_edges_v(words, word_threshold=ts.min_words_vertical)
            else:
                edges += words_to_edges_h(words, word_threshold=ts.min_words_horizontal)
        elif strategy != "explicit":
            raise ValueError(f"strategy {strategy!r} needs a pdfplumber page; use explicit edges")
        edges += [e for e in explicit or [] if isinstance(e, dict) and e["orientation"] == orientation]
    edges = merge_edges(
        edges,
        snap_x_tolerance=ts.snap_x_tolerance,
        snap_y_tolerance=ts.snap_y_tolerance,
        join_x_tolerance=ts.join_x_tolerance,
        join_y_tolerance=ts.join_y_tolerance,
    )
    edges = filter_edges(edges, min_length=ts.edge_min_length)
    intersections = edges_to_intersections(edges, ts.intersection_x_tolerance, ts.intersection_y_tolerance)
    out: list[tuple[BBox, list[BBox]]] = []
    for group in cells_to_tables(_intersections_to_cells(intersections)):
        bbox = (
            min(c[0] for c in group),
            min(c[1] for c in group),
            max(c[2] for c in group),
            max(c[3] for c in group),
        )
        out.append((bbox, list(group)))
    return out


def _intersections_to_cells(intersections: dict[tuple[float, float], dict[str, list[dict[str, Any]]]]) -> list[BBox]:
    """pdfplumber's ``intersections_to_cells``, the same cells in the same order, in a fraction of the time.

    For each intersection (in x, then y order), the smallest cell it is the top-left corner of: the first
    intersection below it joined to it by a vertical edge, then the first to its right joined by a horizontal
    edge, such that the corner opposite is an intersection joined to both. Two intersections are joined when
    they share an edge (edges compared by their boxes). pdfplumber's version rebuilds the edge sets for every
    pair it tries (35 ms of a dense landscape page); here they are built once.
    """
    v_sets = {p: frozenset((e["x0"], e["top"], e["x1"], e["bottom"]) for e in d["v"]) for p, d in intersections.items()}
    h_sets = {p: frozenset((e["x0"], e["top"], e["x1"], e["bottom"]) for e in d["h"]) for p, d in intersections.items()}
    points = sorted(intersections)
    below: dict[float, list[tuple[float, float]]] = {}
    right: dict[float, list[tuple[float, float]]] = {}
    for p in points:  # columns in y order, rows in x order (points are sorted by x, then y)
        below.setdefault(p[0], []).append(p)
    for p in sorted(points, key=lambda q: (q[1], q[0])):
        right.setdefault(p[1], []).append(p)
    column_index = {p: i for col in below.values() for i, p in enumerate(col)}
    row_index = {p: i for row in right.values() for i, p in enumerate(row)}
    cells: list[BBox] = []
    for pt in points:
        below_pts = below[pt[0]][column_index[pt] + 1 :]
        right_pts = right[pt[1]][row_index[pt] + 1 :]
        found = _cell_from(pt, below_pts, right_pts, v_sets, h_sets)
        if found:
            cells.append(found)
    return cells


def _cell_from(pt: tuple[float, float], below_pts: list[tuple[float, float]], right_pts: list[tuple[float, float]],
               v_sets: Mapping[tuple[float, float], frozenset[tuple[float, ...]]],
               h_sets: Mapping[tuple[float, float], frozenset[tuple[float, ...]]]) -> BBox | None:
    """The smallest cell whose top-left corner is ``pt`` (see ``_intersections_to_cells``), or None. ``v_sets``
    and ``h_sets`` hold the edges of every intersection, so a corner missing from them is no intersection."""
    for b in below_pts:
        if v_sets[pt].isdisjoint(v_sets[b]):
            continue
        for r in right_pts:
            if h_sets[pt].isdisjoint(h_sets[r]):
                continue
            corner = (r[0], b[1])
            if corner in v_sets and not v_sets[corner].isdisjoint(v_sets[r]):
                if not h_sets[corner].isdisjoint(h_sets[b]):
                    return (pt[0], pt[1], corner[0], corner[1])
    return None
