"""Tables printed without ruling lines on a page of prose: a goal and target table under "Tabel 3.2 Tujuan, Sasaran
dan Target ...", with paragraphs above and below it.

The text strategy of ``pdf_text_tables`` on the whole page would cut the paragraphs into columns too, so the table's
block is found first: from a line opening with a numbered caption over a kind's header words
(``pdf_pages.opens_caption_over_header``, the kinds printed under prose) down to where the column alignment stops:
the first line of prose (a line nearly as wide as the page's text with no gap wider than a column gap), the next
caption, or a vertical gap far wider than the lines' (the page foot). Only the characters of that block go to the
text strategy, whose column boundaries come from the alignment of the header and body words (bounded by the
block's own ends); wrapped cell text is folded back into its row, the header's lines into one header row, and a
block without a numeric column is dropped (``_block_tables``). The tables found are
marked ``prose_block``: the pipeline accepts their rows only when their columns type-check
(``header.type_check``), else a header-not-understood note names the page; a caption under which no table could be
read (an unruled table with no column of numbers: nothing to align the columns on) is named in a
caption-without-table note (``pipeline._header_caption_notes``).

Not read: an unruled table running on to the next page (the next page has no caption to start a block from).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import replace
from typing import Any

from pdfplumber.utils.text import chars_to_textmap

from ..model import BBox, Cell
from .pdf_finder import DEFAULT_TEXT_SETTINGS, _edge, _find_tables
from .pdf_grid import MIN_TABLE_COLS, MIN_TABLE_ROWS, _build_cells, _cluster
from .pdf_objects import PageObjects
from .pdf_pages import opens_caption_over_header
from .pdf_text_tables import _NUMERIC_CELL_RE, _has_anchor, _merge_continuation_rows, _union

PROSE_WIDTH_SHARE = 0.6  # a line at least this share of the page's text width ...
COLUMN_GAP_CHARS = 1.6  # ... with no gap wider than this many of its median character widths is prose
MAX_ROW_GAP_LINES = 2.5  # a vertical gap wider than this many line heights ends the block (page foot, a figure)
MAX_CAPTION_GAP_LINES = 6.0  # the header starts within this many line heights under its caption


def _text_lines(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The page's lines of text (pdfplumber's), top to bottom, each with its characters (none on a blank page:
    pdfplumber's text map cannot be made of no characters)."""
    if not chars:
        return []
    textmap = chars_to_textmap(chars)
    lines = textmap.extract_text_lines(strip=True, return_chars=True)
    return [line for line in lines if line["text"].strip()]


def _widest_gap(line: dict[str, Any]) -> float:
    inked = sorted((c for c in line["chars"] if c["text"].strip()), key=lambda c: c["x0"])
    return max((b["x0"] - a["x1"] for a, b in zip(inked, inked[1:])), default=0.0)


def is_prose_line(line: dict[str, Any], text_left: float, text_right: float) -> bool:
    """A line of a paragraph: nearly as wide as the page's text and without a gap as wide as a column gap."""
    inked = [c for c in line["chars"] if c["text"].strip()]
    if not inked or line["x1"] - line["x0"] < PROSE_WIDTH_SHARE * (text_right - text_left):
        return False
    char_width = statistics.median(c["x1"] - c["x0"] for c in inked)
    return _widest_gap(line) <= COLUMN_GAP_CHARS * char_width


def table_block(lines: list[dict[str, Any]], caption: int) -> list[dict[str, Any]]:
    """The lines of the table under the caption line ``caption``: down to the first line of prose, the next
    caption or a gap far wider than the lines' (see the module doc)."""
    texts = [line["text"] for line in lines]
    left, right = min(line["x0"] for line in lines), max(line["x1"] for line in lines)
    block: list[dict[str, Any]] = []
    above = lines[caption]
    for k in range(caption + 1, len(lines)):
        line = lines[k]
        height = max(above["bottom"] - above["top"], 1.0)
        limit = MAX_ROW_GAP_LINES if block else MAX_CAPTION_GAP_LINES
        if line["top"] - above["bottom"] > limit * height or opens_caption_over_header(texts, k):
            break
        if is_prose_line(line, left, right):
            if block:
                break
            continue  # the caption's second line, or a sentence between caption and table
        block.append(line)
        above = line
    return block


def prose_block_tables(objs: PageObjects, chars: list[dict[str, Any]]) -> list[tuple[BBox, list[Cell], int, int]]:
    """The unruled tables of a page of prose, each read from its block under its caption (module doc)."""
    lines = _text_lines(chars)
    texts = [line["text"] for line in lines]
    out = []
    for i in range(len(lines)):
        if not opens_caption_over_header(texts, i):
            continue
        block = table_block(lines, i)
        if block:
            top, bottom = block[0]["top"] - 1, block[-1]["bottom"] + 1
            out += _block_tables([c for c in chars if top <= c["top"] and c["bottom"] <= bottom])
    return out


def _block_tables(region: list[dict[str, Any]]) -> list[tuple[BBox, list[Cell], int, int]]:
    """The tables of one block: columns from the alignment of its words, bounded by the block's own left and right
    ends (the text strategy alone ends the last column at the words aligned there, cutting off a longer header
    word); rows from the lines, wrapped text folded back into its row, the header lines folded into one row."""
    inked = [c for c in region if c["text"].strip()]
    if not inked:
        return []
    x0, x1 = min(c["x0"] for c in inked), max(c["x1"] for c in inked)
    top, bottom = min(c["top"] for c in inked), max(c["bottom"] for c in inked)
    found = _find_tables(DEFAULT_TEXT_SETTINGS, region)
    xs = _cluster([x0, x1] + [x for _bbox, boxes in found for box in boxes for x in (box[0], box[2]) if x0 < x < x1])
    settings = dict(DEFAULT_TEXT_SETTINGS, vertical_strategy="explicit",
                    explicit_vertical_lines=[_edge("v", x, x, top, bottom) for x in xs])
    out = []
    for bbox, boxes in _find_tables(settings, region):
        cells, grid, _lost = _build_cells(boxes, region, bbox)
        if not _has_anchor(cells, grid.n_rows, grid.n_cols):
            continue  # no numeric column: not a table of targets
        cells, n_rows = _merge_continuation_rows(cells, grid.n_rows, grid.n_cols)
        cells, n_rows = _one_header_row(cells, n_rows)
        if n_rows >= MIN_TABLE_ROWS and grid.n_cols >= MIN_TABLE_COLS:
            out.append((bbox, cells, n_rows, grid.n_cols))
    return out


_YEAR_RE = re.compile(r"^(19|20)\d\d$")


def _is_data_number(text: str) -> bool:
    """A number a body cell holds: not a year of the header, not a column number in parentheses."""
    t = text.strip()
    return bool(_NUMERIC_CELL_RE.match(t)) and not _YEAR_RE.match(t) and not t.startswith("(")


def _one_header_row(cells: list[Cell], n_rows: int) -> tuple[list[Cell], int]:
    """Empty rows dropped and the lines above the first row with a number in it (the header, each line a row in
    the text strategy: "Targe" / "t 2026") joined per column into one row, line by line."""
    rows: list[list[Cell]] = [[] for _ in range(n_rows)]
    for cell in cells:
        rows[cell.row].append(cell)
    rows = [row for row in rows if any(c.text for c in row)]
    first_data = next((k for k, row in enumerate(rows) if any(_is_data_number(c.text) for c in row)), len(rows))
    if first_data > 1:
        header: dict[int, Cell] = {}
        for cell in (c for row in rows[:first_data] for c in row):
            above = header.get(cell.col)
            header[cell.col] = cell if above is None else replace(
                above, text="\n".join(t for t in (above.text, cell.text) if t), bbox=_union(above.bbox, cell.bbox))
        rows = [sorted(header.values(), key=lambda c: c.col)] + rows[first_data:]
    out = [replace(c, row=r) for r, row in enumerate(rows) for c in row]
    return out, len(rows)
