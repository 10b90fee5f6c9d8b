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
    edges = _merge_edges(edges, ts.snap_x_tolerance, ts.snap_y_tolerance, ts.join_x_tolerance, ts.join_y_tolerance)
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


def _merge_edges(edges: list[dict[str, Any]], snap_x: float, snap_y: float, join_x: float,
                 join_y: float) -> list[dict[str, Any]]:
    """pdfplumber's ``merge_edges``: the same edges, in the same order, with the same coordinates to the last bit,
    in a fraction of the time. Edges within the snap tolerance of each other across their line are moved to their
    mean position, then edges on one line that touch or overlap (within the join tolerance) are joined.

    pdfplumber rebuilds every edge dict for each move; here an edge is only placed (its shift noted), and the
    dicts are made for the joined edges alone (a dense page has 1,000-2,000 edges and a few hundred joined
    ones), by pdfplumber's own steps in its order: moved, then extended edge by edge."""
    placed: list[_Placed]
    if snap_x > 0 or snap_y > 0:
        placed = _snap([e for e in edges if e["orientation"] == "v"], "x0", snap_x)
        placed += _snap([e for e in edges if e["orientation"] == "h"], "top", snap_y)
    else:
        placed = [(e, None, 0.0) for e in edges]
    lines: dict[tuple[str, float], list[_Placed]] = {}
    for item in placed:
        e, key, shift = item
        across = "x0" if e["orientation"] == "v" else "top"
        lines.setdefault((e["orientation"], e[across] + shift if key else e[across]), []).append(item)
    out: list[dict[str, Any]] = []
    for line in sorted(lines):
        out.extend(_join_line(lines[line], line[0], join_x if line[0] == "h" else join_y))
    return out


# an edge, the key it is moved along (None: not moved), and by how much
_Placed = tuple[dict[str, Any], str | None, float]


def _snap(edges: list[dict[str, Any]], key: str, tolerance: float) -> list[_Placed]:
    """pdfplumber's ``snap_objects(edges, key, tolerance)``, the moves noted, not made: edges clustered by ``key``
    (sorted distinct values chained while each is within ``tolerance`` of the one before), each cluster moved to
    its mean; clusters in value order, edges of a cluster in input order."""
    cluster_of: dict[float, int] = {}
    last: float | None = None
    n = 0
    for value in sorted({e[key] for e in edges}):
        if last is None or value > last + tolerance:
            n += 1
        cluster_of[value] = n - 1
        last = value
    clusters: list[list[dict[str, Any]]] = [[] for _ in range(n)]
    for e in edges:
        clusters[cluster_of[e[key]]].append(e)
    out: list[_Placed] = []
    for cluster in clusters:
        mean = sum(e[key] for e in cluster) / len(cluster)
        out.extend((e, key, mean - e[key]) for e in cluster)
    return out


def _moved(edge: dict[str, Any], key: str, shift: float) -> dict[str, Any]:
    """pdfplumber's ``move_object``: ``edge`` moved by ``shift`` across its line (x for key "x0", y for "top")."""
    if key == "x0":
        return {**edge, "x0": edge["x0"] + shift, "x1": edge["x1"] + shift}
    out = {**edge, "top": edge["top"] + shift, "bottom": edge["bottom"] + shift}
    if "doctop" in edge:
        out["doctop"] = edge["doctop"] + shift
    if "y0" in edge:
        out["y0"], out["y1"] = edge["y0"] - shift, edge["y1"] - shift
    return out


def _join_line(placed: list[_Placed], orientation: str, tolerance: float) -> list[dict[str, Any]]:
    """pdfplumber's ``join_edge_group``: the edges of one line joined where they touch or overlap within
    ``tolerance`` (an edge extended keeps its other values; its length follows). A move across the line leaves
    the ends along it as they were, so the joins are decided on the edges as given."""
    start, end = ("x0", "x1") if orientation == "h" else ("top", "bottom")
    ordered = sorted(placed, key=lambda item: item[0][start])
    groups: list[tuple[_Placed, list[float]]] = [(ordered[0], [])]  # a kept edge, and the ends it is extended to
    reach = ordered[0][0][end]
    for item in ordered[1:]:
        e = item[0]
        if e[start] > reach + tolerance:
            groups.append((item, []))
            reach = e[end]
        elif e[end] > reach:
            groups[-1][1].append(e[end])
            reach = e[end]
    out = []
    for (e, key, shift), ends in groups:
        joined = _moved(e, key, shift) if key else e
        for value in ends:
            joined = _extended(joined, end, value)
        out.append(joined)
    return out


def _extended(edge: dict[str, Any], end: str, value: float) -> dict[str, Any]:
    """pdfplumber's ``resize_object(edge, end, value)`` for the far end of an edge ("x1" or "bottom")."""
    out = dict(edge)
    out[end] = value
    if end == "x1":
        out["width"] = value - edge["x0"]
    else:
        diff = value - edge["bottom"]
        out["height"] = edge["height"] + diff
        if "y0" in edge:
            out["y0"] = edge["y0"] - diff
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
