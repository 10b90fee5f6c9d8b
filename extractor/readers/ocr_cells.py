"""Amounts and codes read a second time, cell by cell (``reread_amount_cells``).

Tesseract reads a page of small print as lines of text, and a line running through a table joins an amount to
the words beside it: digits a few pixels high are then confused ('8' read '3', '6' read '5'). Each cell of the
ruled grid whose page reading is an amount (``MIN_AMOUNT_DIGITS`` digits or more, nothing but digits and
separators) is cut out, enlarged ``CELL_SCALE`` times, stacked with the others and read again as one line of
digits (a digits-only character set). Where the two readings agree, or differ in their number of digits (a
rule's remnant read as a '1'), nothing changes. Where they differ in some digits, the cell's reading is kept
(it is the better one on the Inspektorat picture table, 129 ppi: 4.718.899.300 where the page read
4.718.890.300), with a confidence below ``LOW_CONFIDENCE``: the value is flagged ocr-low-confidence, and the
table's sums (``ocr_sums``) check it.

Codes go in the same run (``code_runs``): a line of a grid box opening with digits and dots that Tesseract read
in pieces or doubted ("6.01" "02.202" "0002" for 6.01.02.2.02.0002, blurred small print) is cut out whole and
read again; a second reading that is a well-shaped code (``codes.CANONICAL_RE``) replaces the pieces, doubted
where it differs from them (Inspektorat pp.49-55: 43 coded rows, 37 codes right -> 48 rows, 47 right).
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path
from typing import Any

from ..codes import CANONICAL_RE
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
    """The page's pieces with each amount cell whose second reading differs taking that reading, doubted, and
    each code read in pieces or doubted taking its second reading when that is a well-shaped code
    (``code_runs``). Amounts and codes are read in one Tesseract run (digits and separators only)."""
    owners = []
    crops: list[_Box] = []
    for _box, inside in _amount_cells(horizontal, vertical, pieces):
        ink = _ink_box(gray, _box)
        if ink is not None:
            crops.append(ink)
            owners.append(inside)
    runs = code_runs(horizontal, vertical, pieces)
    crops += [_run_box(gray, [pieces[i] for i in run]) for run in runs]
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
        confidence = min(LOW_CONFIDENCE - 1, min(p.confidence for p in new))
        added.append(_merged(old, _as_printed(new_digits, old_text), confidence,
                             min(p.min_char_confidence for p in new)))
    for k, run in enumerate(runs, start=len(owners)):
        piece = _code_reading([pieces[i] for i in run], readings.get(k, []))
        if piece is not None:
            replaced.update(run)
            added.append(piece)
    return [p for i, p in enumerate(pieces) if i not in replaced] + added


def _merged(old: list[_Piece], text: str, confidence: float, min_char_confidence: float) -> _Piece:
    """One piece of ``text`` over the boxes of ``old`` (sorted by x)."""
    box = (min(p.box[0] for p in old), min(p.box[1] for p in old), max(p.box[2] for p in old),
           max(p.box[3] for p in old))
    return _Piece(text, box, old[0].line_height, confidence, min(min_char_confidence, confidence))


_CODE_START = re.compile(r"^\d{1,2}\.\d")  # "6.01", "2.17.03": how a code opens; an amount "2.250.243.700" also
_CODE_PART = re.compile(r"^[\d.]+[-–—]?$")  # a code's dash can be read joined to it: "6.01.01.201.0006-"
_DASH = re.compile(r"[-–—]$")
_AMOUNT_SHAPE = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
CODE_MARGIN_PX = 8
MAX_CODE_GAP = 1.0  # pieces of one code at most this far apart (times the line's height)


def code_runs(horizontal: list[_Rule], vertical: list[_Rule], pieces: list[_Piece]) -> list[list[int]]:
    """Codes to read again: in a box of the ruled grid, the digits-and-dots pieces that open a line ("6.01",
    "02.202", "0002": a code Tesseract read in pieces, or with low confidence), as indexes of ``pieces`` (sorted
    by x). A code read whole and surely, and an amount, are not read again."""
    xs, ys = _axis(vertical), _axis(horizontal)
    boxes: dict[tuple[int, int], list[int]] = {}
    for i, p in enumerate(pieces):
        cx, cy = (p.box[0] + p.box[2]) / 2, (p.box[1] + p.box[3]) / 2
        boxes.setdefault((bisect.bisect(xs, cx), bisect.bisect(ys, cy)), []).append(i)
    runs = []
    for inside in boxes.values():
        for i in inside:
            run = _run_from(i, inside, pieces)
            texts = [pieces[k].text for k in run]
            doubted = len(run) > 1 or pieces[i].confidence < LOW_CONFIDENCE
            if run and doubted and not _AMOUNT_SHAPE.match("".join(texts)):
                runs.append(run)
    return runs


def _run_from(i: int, inside: list[int], pieces: list[_Piece]) -> list[int]:
    """The digits-and-dots pieces of a code opening its line at piece ``i`` ([] when ``i`` opens no code): they
    open like a code ("6.01") or are followed by the dash that sets a code off from its name ("601.01 -")."""
    first = pieces[i]
    if not _CODE_PART.match(first.text) or not any(ch.isdigit() for ch in first.text):
        return []
    top, bottom = first.box[1], first.box[3]
    line = sorted((k for k in inside if top <= (pieces[k].box[1] + pieces[k].box[3]) / 2 <= bottom),
                  key=lambda k: pieces[k].box[0])
    if line[0] != i:
        return []  # a code opens a line: digits after words are a number in the text
    run = [i]
    for k in line[1:]:
        gap = pieces[k].box[0] - pieces[run[-1]].box[2]
        if _DASH.search(pieces[run[-1]].text) or not _CODE_PART.match(pieces[k].text) or \
                gap > MAX_CODE_GAP * (bottom - top):
            break
        run.append(k)
    after = line[len(run)] if len(run) < len(line) else None
    dashed = _DASH.search(pieces[run[-1]].text) or (after is not None and _DASH.match(pieces[after].text))
    return run if _CODE_START.match(first.text) or dashed else []


def _run_box(gray: Any, run: list[_Piece]) -> _Box:
    """The cut-out of a code read in pieces: their boxes joined, ``CODE_MARGIN_PX`` wider (Tesseract's boxes can
    stop short of a code's first digit, and a digit cut at the edge is lost: "6.01" read "01"), within the page."""
    height, width = gray.shape[:2]
    m = CODE_MARGIN_PX
    return (max(min(p.box[0] for p in run) - m, 0), max(min(p.box[1] for p in run) - 3, 0),
            min(max(p.box[2] for p in run) + m, width), min(max(p.box[3] for p in run) + 3, height))


def _code_reading(run: list[_Piece], new: list[_Piece]) -> _Piece | None:
    """The code's second reading as one piece, when it is a well-shaped code (codes.CANONICAL_RE) within
    ``MAX_CODE_DIGITS_OFF`` digits of the page reading: as confident as the page reading where both agree,
    doubted (below ``LOW_CONFIDENCE``) where they differ. None: the page reading stays."""
    text = "".join(p.text for p in sorted(new, key=lambda p: p.box[0])).rstrip(".")
    old = "".join(p.text for p in run).rstrip(".-–—")
    if not new or "." not in text or not CANONICAL_RE.fullmatch(text):
        return None
    if abs(len(_digits(text)) - len(_digits(old))) > MAX_CODE_DIGITS_OFF:
        return None
    if text == old:
        confidence = min(p.confidence for p in run)
    else:
        confidence = min(LOW_CONFIDENCE - 1, min(p.confidence for p in [*run, *new]))
    return _merged(run, text, confidence, min(p.min_char_confidence for p in [*run, *new]))


MAX_CODE_DIGITS_OFF = 2
