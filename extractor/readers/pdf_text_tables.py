"""Unruled tables: on a candidate page where the lines strategy finds nothing but the page is clearly tabular,
pdfplumber's "text" strategy (``DEFAULT_TEXT_SETTINGS``).

When the page has two or more long horizontal rules with the same ends (rows ruled, columns not: Cianjur Renja
pp.14-18), the table is the band between the first and the last, its columns come from the text and its rows
from the rules. Without rules, text that wraps inside a cell comes out as extra rows; they are folded back
(``_merge_continuation_rows``): a row with no text in any *anchor* column (a column whose filled cells are
mostly numbers) continues the row above and is appended to it line by line. An unruled text table with no
anchor column is dropped (prose cut into columns).
"""

from __future__ import annotations

import re
from typing import Any

from pdfplumber.utils import crop_to_bbox

from ..model import BBox, Cell
from .pdf_finder import DEFAULT_TEXT_SETTINGS, _edge, _find_tables
from .pdf_grid import BOUNDARY_TOLERANCE, MIN_TABLE_COLS, MIN_TABLE_ROWS, _build_cells, _cluster
from .pdf_objects import PageObjects

LONG_RULE_SHARE = 0.3  # a horizontal rule this share of the page wide can bound an unruled-column table


def _long_rules(h_edges: list[dict[str, Any]], page_width: float) -> list[tuple[float, float, float]]:
    """Horizontal rules (y, x0, x1) at least LONG_RULE_SHARE of the page wide, joining collinear segments.

    Word draws a row border of an unruled-column table as one short segment per cell; joined, they give
    the table's row rules and its vertical extent.
    """
    by_y: dict[int, list[tuple[float, float]]] = {}
    for e in h_edges:
        by_y.setdefault(round(e["top"]), []).append((e["x0"], e["x1"]))
    spans: list[tuple[float, float, float]] = []
    for y in sorted(by_y):
        segments = sorted(by_y[y])
        x0, x1 = segments[0]
        for a, b in segments[1:] + [(float("inf"), float("inf"))]:
            if a - x1 <= BOUNDARY_TOLERANCE:
                x1 = max(x1, b)
                continue
            if x1 - x0 >= LONG_RULE_SHARE * page_width and not (spans and y - spans[-1][0] <= BOUNDARY_TOLERANCE):
                spans.append((float(y), x0, x1))
            x0, x1 = a, b
    return spans


def _text_tables(
    objs: PageObjects, chars: list[dict[str, Any]], h_edges: list[dict[str, Any]]
) -> list[tuple[BBox, list[Cell], int, int]]:
    """Tables without vertical rules: columns from the text; rows from horizontal rules when there are two
    or more long ones (the table is then searched between the first and the last), else from the text."""
    settings = dict(DEFAULT_TEXT_SETTINGS)
    region = chars
    rules = _long_rules(h_edges, objs.width)
    # The band of one table: the most rules sharing the same left and right ends (a footer rule differs).
    groups: dict[tuple[int, int], list[tuple[float, float, float]]] = {}
    for rule in rules:
        key = next((k for k in groups if abs(k[0] - rule[1]) <= 5 and abs(k[1] - rule[2]) <= 5), None)
        groups.setdefault(key or (round(rule[1]), round(rule[2])), []).append(rule)
    rules = max(groups.values(), key=len) if groups else []
    rows_ruled = len(rules) >= 2
    if rows_ruled:
        # Columns from the text inside the ruled band, then a clean explicit grid: those columns (plus the
        # band's ends) as full-height lines, the rules as rows. Text-derived column edges stop at the
        # words, short of the first and last rule, which would lose the first and last rows.
        x0, x1 = min(r[1] for r in rules), max(r[2] for r in rules)
        top, bottom = rules[0][0], rules[-1][0]
        region = crop_to_bbox(chars, (x0, top - 1, x1, bottom + 1))
        found = _find_tables(settings, region)
        xs = _cluster([x0, x1] + [x for _bbox, boxes in found for c in boxes for x in (c[0], c[2])])
        settings = dict(
            DEFAULT_TEXT_SETTINGS,
            vertical_strategy="explicit",
            horizontal_strategy="explicit",
            explicit_vertical_lines=[_edge("v", x, x, top, bottom) for x in xs],
            explicit_horizontal_lines=[_edge("h", x0, x1, y, y) for y, _a, _b in rules],
        )
    out = []
    for bbox, boxes in _find_tables(settings, region):
        cells, grid, _lost = _build_cells(boxes, chars, bbox)
        n_rows = grid.n_rows
        if not rows_ruled:
            if not _has_anchor(cells, grid.n_rows, grid.n_cols):
                continue  # no numeric column and no rules at all: prose cut into columns, not a table
            cells, n_rows = _merge_continuation_rows(cells, grid.n_rows, grid.n_cols)
        if n_rows >= MIN_TABLE_ROWS and grid.n_cols >= MIN_TABLE_COLS:
            out.append((bbox, cells, n_rows, grid.n_cols))
    return out


_NUMERIC_CELL_RE = re.compile(r"^[(\-]?[\d.,%\s]*\d[\d.,%\s]*\)?$")


def _anchor_columns(rows: list[dict[int, Cell]], n_cols: int) -> set[int]:
    """Columns whose filled cells are mostly numbers (at least 2 of them, 60% or more)."""
    anchors = set()
    for c in range(n_cols):
        texts = [row[c].text for row in rows if c in row and row[c].text]
        numeric = sum(1 for t in texts if _NUMERIC_CELL_RE.match(t))
        if numeric >= 2 and numeric >= 0.6 * len(texts):
            anchors.add(c)
    return anchors


def _has_anchor(cells: list[Cell], n_rows: int, n_cols: int) -> bool:
    rows: list[dict[int, Cell]] = [{} for _ in range(n_rows)]
    for cell in cells:
        rows[cell.row][cell.col] = cell
    return bool(_anchor_columns(rows, n_cols))


def _merge_continuation_rows(cells: list[Cell], n_rows: int, n_cols: int) -> tuple[list[Cell], int]:
    """Fold wrapped text back into its row (text-strategy tables, whose cells never span).

    Rule: once the table has anchor columns (mostly numeric), a row with text but nothing in any anchor
    column continues the row above: each of its cell texts is appended to the cell of the same column
    above, after a line break, and the boxes are joined. A row above that is itself anchor-less (a header
    or section row) still takes the continuation; the first row never does.
    """
    rows: list[dict[int, Cell]] = [{} for _ in range(n_rows)]
    for cell in cells:
        rows[cell.row][cell.col] = cell
    anchors = _anchor_columns(rows, n_cols)
    if not anchors:
        return cells, n_rows
    merged: list[dict[int, Cell]] = []
    for row in rows:
        has_text = any(c.text for c in row.values())
        is_continuation = merged and has_text and not any(row.get(a) and row[a].text for a in anchors)
        if not is_continuation:
            merged.append(dict(row))
            continue
        above = merged[-1]
        for col, cell in row.items():
            if col not in above:
                above[col] = cell
                continue
            prev = above[col]
            text = "\n".join(t for t in (prev.text, cell.text) if t)
            above[col] = Cell(text, prev.row, prev.col, prev.rowspan, prev.colspan, _union(prev.bbox, cell.bbox))
    out = [Cell(c.text, r, c.col, 1, c.colspan, c.bbox) for r, row in enumerate(merged) for c in row.values()]
    out.sort(key=lambda cell: (cell.row, cell.col))
    return out, len(merged)


def _union(a: BBox | None, b: BBox | None) -> BBox | None:
    if a is None or b is None:
        return a or b
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
