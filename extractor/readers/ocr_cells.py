"""Amounts read a second time, cell by cell (``reread_amount_cells``).

Tesseract reads a page of small print as lines of text, and a line running through a table joins an amount to
the words beside it: digits a few pixels high are then confused ('8' read '3', '6' read '5'). Each cell of the
ruled grid whose page reading is an amount (``MIN_AMOUNT_DIGITS`` digits or more, nothing but digits and
separators) is cut out, enlarged ``CELL_SCALE`` times, stacked with the others and read again as one line of
digits (a digits-only character set). Where the two readings agree, or differ in their number of digits (a
rule's remnant read as a '1'), nothing changes. Where they differ in some digits, the cell's reading is kept
(it is the better one on the Inspektorat picture table, 129 ppi: 4.718.899.300 where the page read
4.718.890.300), with a confidence below ``LOW_CONFIDENCE``: the value is flagged ocr-low-confidence, and the
table's sums (``ocr_sums``) check it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .ocr_hocr import _Piece
from .ocr_report import LOW_CONFIDENCE
from .ocr_reread import _axis, canvas_batches
from .ocr_tesseract import _tesseract_hocr

MIN_AMOUNT_DIGITS = 6
CELL_SCALE = 2
CELL_MARGIN_PX = 4  # keep clear of the painted-out rules
DIGITS_ONLY = ("tessedit_char_whitelist=0123456789.,",)
_AMOUNT_TEXT = re.compile(r"^[\d.,]+$")
_Box = tuple[int, int, int, int]
_Rule = tuple[float, int, int, int, int]


def _amount_cells(horizontal: list[_Rule], vertical: list[_Rule], pieces: list[_Piece]) -> list[tuple[_Box, list[int]]]:
    """(grid box, indexes of the pieces in it) for each box whose pieces read as one amount."""
    xs, ys = _axis(vertical), _axis(horizontal)
    out: list[tuple[_Box, list[int]]] = []
    for top, bottom in zip(ys, ys[1:]):
        for left, right in zip(xs, xs[1:]):
            inside = [i for i, p in enumerate(pieces)
                      if left <= (p.box[0] + p.box[2]) / 2 <= right and top <= (p.box[1] + p.box[3]) / 2 <= bottom]
            text = "".join(pieces[i].text for i in sorted(inside, key=lambda i: pieces[i].box[0]))
            if inside and _AMOUNT_TEXT.match(text) and sum(ch.isdigit() for ch in text) >= MIN_AMOUNT_DIGITS:
                out.append(((left, top, right, bottom), inside))
    return out


def _ink_box(gray: Any, box: _Box) -> _Box | None:
    """The box around the ink inside a grid box (margins kept clear of the rules), or None when blank."""
    import numpy as np

    left, top, right, bottom = (box[0] + CELL_MARGIN_PX, box[1] + CELL_MARGIN_PX, box[2] - CELL_MARGIN_PX,
                                box[3] - CELL_MARGIN_PX)
    ink = gray[top:bottom, left:right] < 160
    if ink.size == 0 or not ink.any():
        return None
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    return (left + int(cols[0]) - 3, top + int(rows[0]) - 3, left + int(cols[-1]) + 4, top + int(rows[-1]) + 4)


def _read_stacked(tesseract: str, gray: Any, crops: list[_Box], workdir: Path, src: Path,
                  number: int) -> dict[int, list[_Piece]]:
    """The crops, enlarged and stacked, read as digits: per crop index, the pieces read in it."""
    from PIL import Image

    pad, gap = 20, 60
    found: dict[int, list[_Piece]] = {}
    for part, batch in enumerate(canvas_batches([(c[3] - c[1]) * CELL_SCALE for c in crops], gap)):
        width = max((crops[k][2] - crops[k][0]) * CELL_SCALE for k in batch) + 2 * pad + 100
        height = sum((crops[k][3] - crops[k][1]) * CELL_SCALE + gap for k in batch) + 2 * pad
        canvas = Image.new("L", (width, height), 255)
        spans: list[tuple[int, int, int]] = []
        y = pad
        for k in batch:
            c = crops[k]
            img = Image.fromarray(gray[c[1] : c[3], c[0] : c[2]])
            img = img.resize((img.width * CELL_SCALE, img.height * CELL_SCALE), Image.Resampling.LANCZOS)
            canvas.paste(img, (pad, y))
            spans.append((y, y + img.height, k))
            y += img.height + gap
        png = workdir / f"page{number}-cells{part}.png"
        canvas.save(png)
        for piece in _tesseract_hocr(tesseract, png, workdir / f"page{number}-cells{part}", "6", src, number,
                                     config=DIGITS_ONLY):
            cy = (piece.box[1] + piece.box[3]) / 2
            owner = next((k for y0, y1, k in spans if y0 - gap / 2 <= cy <= y1 + gap / 2), None)
            if owner is not None:
                found.setdefault(owner, []).append(piece)
    return found


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _as_printed(digits: str, like: str) -> str:
    """``digits`` grouped by three with the separator the page reading ``like`` uses ('.' by default)."""
    sep = "," if like.count(",") > like.count(".") else "."
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sep.join(groups)


def reread_amount_cells(tesseract: str, gray: Any, horizontal: list[tuple[float, int, int, int, int]],
                        vertical: list[tuple[float, int, int, int, int]], pieces: list[_Piece], workdir: Path,
                        src: Path, number: int) -> list[_Piece]:
    """The page's pieces with each amount cell whose second reading differs taking that reading, doubted."""
    cells = _amount_cells(horizontal, vertical, pieces)
    crops, owners = [], []
    for _box, inside in cells:
        ink = _ink_box(gray, _box)
        if ink is not None:
            crops.append(ink)
            owners.append(inside)
    if not crops:
        return pieces
    readings = _read_stacked(tesseract, gray, crops, workdir, src, number)
    replaced: set[int] = set()
    added: list[_Piece] = []
    for k, inside in enumerate(owners):
        new = sorted(readings.get(k, []), key=lambda p: p.box[0])
        old = sorted((pieces[i] for i in inside), key=lambda p: p.box[0])
        new_digits, old_text = _digits("".join(p.text for p in new)), "".join(p.text for p in old)
        if len(new_digits) != len(_digits(old_text)) or new_digits == _digits(old_text):
            continue  # agreeing, or of another length (a rule's remnant read as '1'): the page reading stays
        replaced.update(inside)
        box = (min(p.box[0] for p in old), min(p.box[1] for p in old), max(p.box[2] for p in old),
               max(p.box[3] for p in old))
        confidence = min(LOW_CONFIDENCE - 1, min(p.confidence for p in new))
        added.append(_Piece(_as_printed(new_digits, old_text), box, old[0].line_height, confidence,
                            min(min(p.min_char_confidence for p in new), confidence)))
    return [p for i, p in enumerate(pieces) if i not in replaced] + added
