"""The second reading of an OCRed page: the ink inside the ruled grid's boxes that no word covers, and the short
words read with low confidence, cut out, stacked on one image, read again and put back (``_second_pass``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .ocr_hocr import _Piece
from .ocr_image import DARK, OCR_DPI, RULE_END_TOL_PX
from .ocr_report import LOW_CONFIDENCE
from .ocr_tesseract import _tesseract_hocr

MIN_UNREAD_INK = 25  # ink pixels left unread in a grid box that are worth a second look
MIN_CROP_PX = 12  # an unread cut-out at least this tall (a digit at 7 pt is ~21 px at OCR_DPI)
MAX_CROP_LINE_PX = 45
MAX_REREAD_CHARS = 8  # a doubted word this short is read again on its own
MAX_REREAD_CROPS = 600  # cut-outs read again per page at most
MAX_CANVAS_HEIGHT = 8000  # pixels: the cut-outs are read in stacks no taller than this


def _axis(rules: list[tuple[float, int, int, int, int]]) -> list[int]:
    out: list[int] = []
    for c in sorted(r[0] for r in rules):
        if not out or c - out[-1] > 2 * RULE_END_TOL_PX:
            out.append(int(round(c)))
    return out


def _unread_boxes(gray: Any, horizontal: list[tuple[float, int, int, int, int]],
                  vertical: list[tuple[float, int, int, int, int]],
                  pieces: list[_Piece]) -> list[tuple[int, int, int, int]]:
    """Boxes around the ink, inside each box of the ruled grid, that no word read covers."""
    import numpy as np

    xs, ys = _axis(vertical), _axis(horizontal)
    if len(xs) < 2 or len(ys) < 2:
        return []
    ink = gray < DARK
    read = np.zeros_like(ink)
    for p in pieces:
        x0, top, x1, bottom = p.box
        read[max(top - 4, 0) : bottom + 5, max(x0 - 4, 0) : x1 + 5] = True
    unread = ink & ~read
    out: list[tuple[int, int, int, int]] = []
    m = 4  # keep clear of the painted-out rules
    for top, bottom in zip(ys, ys[1:]):
        for left, right in zip(xs, xs[1:]):
            box = unread[top + m : bottom - m, left + m : right - m]
            if box.size == 0 or box.sum() < MIN_UNREAD_INK:
                continue
            rows, cols = np.flatnonzero(box.any(axis=1)), np.flatnonzero(box.any(axis=0))
            c = (left + m + int(cols[0]), top + m + int(rows[0]), left + m + int(cols[-1]) + 1,
                 top + m + int(rows[-1]) + 1)
            if MIN_CROP_PX <= c[3] - c[1] <= 3 * MAX_CROP_LINE_PX and c[2] - c[0] >= 4:
                out.append(c)
    return out


def _second_pass(tesseract: str, gray: Any, horizontal: list[tuple[float, int, int, int, int]],
                 vertical: list[tuple[float, int, int, int, int]], pieces: list[_Piece], workdir: Path,
                 src: Path, number: int) -> list[_Piece]:
    """Read again, on their own, what the page run missed or doubted; returns the page's pieces, amended.

    Page segmentation drops what it takes for noise (a lone digit in a narrow cell: the urusan "2" of every
    split code, a one-digit target) and misreads short words it joined to a line of larger text ("17 07"
    beside a bold programme name -> "AT OT"). Two kinds of cut-outs are made: the ink inside the ruled
    grid's boxes that no word covers, and every short word read with low confidence. They are stacked one
    under another on a blank image, read in one Tesseract run as a block of lines, and put back where they
    came from: unread ink adds words; a doubted word is replaced when the second reading is a single word
    read more confidently (its confidence is then the second reading's).
    """
    from PIL import Image

    crops = _reread_crops(gray, horizontal, vertical, pieces)
    if not crops:
        return pieces
    pad, gap = 12, 40
    crops = crops[:MAX_REREAD_CROPS]  # a page of dot leaders or noise has thousands; a table page a few hundred
    placed: list[tuple[int, int, tuple[int, int, int, int], int | None]] = []  # canvas top/bottom, box, piece
    by_crop: dict[int, list[_Piece]] = {}
    groups = canvas_batches([box[3] - box[1] for box, _ in crops], gap)
    for part, batch in enumerate([crops[k] for k in group] for group in groups):
        first = len(placed)
        width = max(c[2] - c[0] for c, _i in batch) + 2 * pad + 200
        height = sum(c[3] - c[1] + gap for c, _i in batch) + 2 * pad
        canvas = Image.new("L", (width, height), 255)
        y = pad
        for c, doubt in batch:
            canvas.paste(Image.fromarray(gray[c[1] : c[3], c[0] : c[2]]), (pad, y))
            placed.append((y, y + c[3] - c[1], c, doubt))
            y += c[3] - c[1] + gap
        png = workdir / f"page{number}-again{part}.png"
        canvas.save(png, dpi=(OCR_DPI, OCR_DPI))
        found = _tesseract_hocr(tesseract, png, workdir / f"page{number}-again{part}", "6", src, number)
        for piece in found:
            cy = (piece.box[1] + piece.box[3]) / 2
            k = next((k for k in range(first, len(placed))
                      if placed[k][0] - gap / 2 <= cy <= placed[k][1] + gap / 2), None)
            if k is None:
                continue
            top, _bottom, c, _i = placed[k]
            dx, dy = c[0] - pad, c[1] - top
            x0, y0, x1, y1 = piece.box
            by_crop.setdefault(k, []).append(_Piece(piece.text, (x0 + dx, y0 + dy, x1 + dx, y1 + dy),
                                                    piece.line_height, piece.confidence, piece.min_char_confidence))
    return _amended(pieces, {k: (placed[k][3], new) for k, new in by_crop.items()})


def _reread_crops(gray: Any, horizontal: list[tuple[float, int, int, int, int]],
                  vertical: list[tuple[float, int, int, int, int]],
                  pieces: list[_Piece]) -> list[tuple[tuple[int, int, int, int], int | None]]:
    """The cut-outs to read again: (page box, index of the doubted piece, or None for ink no word covers)."""
    crops: list[tuple[tuple[int, int, int, int], int | None]] = []  # page box, index of the doubted piece
    crops += [(c, None) for c in _unread_boxes(gray, horizontal, vertical, pieces)]
    for i, p in enumerate(pieces):
        if p.confidence < LOW_CONFIDENCE and len(p.text) <= MAX_REREAD_CHARS:
            x0, top, x1, bottom = p.box
            crops.append(((max(x0 - 3, 0), max(top - 3, 0), x1 + 3, bottom + 3), i))
    return crops


def _amended(pieces: list[_Piece], rereads: dict[int, tuple[int | None, list[_Piece]]]) -> list[_Piece]:
    """The page's pieces with what the cut-outs gave (per cut-out: the doubted piece's index or None, and the
    pieces read in it, in page pixels): unread ink adds words, a doubted word takes a single, surer reading."""
    out = list(pieces)
    for doubted, new in rereads.values():
        if doubted is None:  # ink no word covered; a cut-out also holds read words next to it: not twice
            out.extend(w for w in new if not any(_covered(w.box, p.box) for p in pieces))
        elif len(new) == 1 and new[0].confidence > pieces[doubted].confidence:
            old = pieces[doubted]
            out[doubted] = _Piece(new[0].text, old.box, old.line_height, new[0].confidence,
                                  new[0].min_char_confidence)
    return out


def canvas_batches(heights: list[int], gap: int) -> list[list[int]]:
    """Indexes of cut-outs of these heights, in groups whose stacked height (``gap`` pixels between them) stays
    within ``MAX_CANVAS_HEIGHT`` pixels (Tesseract refuses images over 32767 pixels a side; a tall image is also
    slow to lay out)."""
    batches: list[list[int]] = [[]]
    stacked = 0
    for k, height in enumerate(heights):
        if batches[-1] and stacked + height + gap > MAX_CANVAS_HEIGHT:
            batches.append([])
            stacked = 0
        batches[-1].append(k)
        stacked += height + gap
    return [b for b in batches if b]


def _covered(inner: tuple[int, int, int, int], outer: tuple[int, int, int, int]) -> bool:
    """Does ``outer`` cover a third or more of ``inner`` (the same ink read twice)?"""
    w = min(inner[2], outer[2]) - max(inner[0], outer[0])
    h = min(inner[3], outer[3]) - max(inner[1], outer[1])
    area = max((inner[2] - inner[0]) * (inner[3] - inner[1]), 1)
    return w > 0 and h > 0 and w * h >= area / 3
