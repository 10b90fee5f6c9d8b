"""Tesseract's hOCR as pieces of text with boxes and confidences: a word is split where its characters are far
apart or a vertical rule runs between them (a code printed over narrow cells: "2 17 01"), and a lone O or l
among digits is read as the digit it stands for. A piece keeps within its line's top and bottom (``_within_line``).
"""

from __future__ import annotations

import re
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, replace

# Characters of one Tesseract word this far apart (times the word's height) are two words: Tesseract joins
# "2 17 01" (a code printed with narrow spaces, or over narrow cells) into "21701".
SPLIT_DIGITS = 0.26  # between digits: inside a number the gap is 1-4 px of a 21 px height, a space 6-12 px
SPLIT_LETTERS = 0.6
_DIGITISH = re.compile(r"^[0-9OoIl|]$")  # no "." or ",": a gap beside a narrow mark is no space
_BBOX = re.compile(r"bbox (\d+) (\d+) (\d+) (\d+)")
_WCONF = re.compile(r"x_wconf (\d+(?:\.\d+)?)")
_CBOX = re.compile(r"x_bboxes (\d+) (\d+) (\d+) (\d+)")
_CCONF = re.compile(r"x_conf (\d+(?:\.\d+)?)")


@dataclass
class _Piece:
    """Characters of one word that sit together (a word split where its characters are far apart)."""

    text: str
    box: tuple[int, int, int, int]
    line_height: float
    confidence: float
    min_char_confidence: float


def _parse_hocr(hocr: str, cuts: Sequence[tuple[float, int, int, int, int]] = ()) -> list[_Piece]:
    """Tesseract's words as pieces: a word is split where its characters are far apart (``_splits``) or where
    a vertical rule of ``cuts`` runs between two of them (a code read across narrow cells: "2|17|01")."""
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", hocr))
    pieces: list[_Piece] = []
    for line in root.iter():
        if "ocr_line" not in (line.get("class") or "") and line.get("class") not in ("ocr_caption", "ocr_header",
                                                                                     "ocr_textfloat"):
            continue
        size = re.search(r"x_size ([\d.]+)", line.get("title", ""))
        line_height = float(size.group(1)) if size else 0.0
        line_box = _BBOX.search(line.get("title", ""))
        for word in line.iter():
            if (word.get("class") or "") == "ocrx_word":
                found = _word_pieces(word, line_height, cuts)
                pieces.extend(_within_line(p, int(line_box.group(2)), int(line_box.group(4))) if line_box else p
                              for p in found)
    return pieces


def _within_line(piece: _Piece, top: int, bottom: int) -> _Piece:
    """``piece`` with its top and bottom kept within its line's. Tesseract's character boxes (so its word boxes)
    sometimes reach into the lines above and below (a word of a table cell 37 px tall on a 20 px line): a piece
    written that tall would sit on the next line's baseline, and its characters would be read interleaved with
    that line's ("T6u.0ju1a n")."""
    x0, y0, x1, y1 = piece.box
    if y0 >= top and y1 <= bottom or min(y1, bottom) <= max(y0, top):
        return piece
    return replace(piece, box=(x0, max(y0, top), x1, min(y1, bottom)))


def _word_pieces(word: ET.Element, line_height: float,
                 cuts: Sequence[tuple[float, int, int, int, int]]) -> list[_Piece]:
    """The pieces of one hOCR word: its characters grouped (``_splits``), or the whole word when Tesseract gave
    no character boxes."""
    title = word.get("title", "")
    conf_m = _WCONF.search(title)
    conf = float(conf_m.group(1)) if conf_m else 0.0
    chars = _word_chars(word, conf)
    if not chars:
        text = "".join(word.itertext()).strip()
        b = _BBOX.search(title)
        if text and b:
            box = tuple(int(v) for v in b.groups())
            return [_Piece(text, box, line_height, conf, conf)]  # type: ignore[arg-type]
        return []
    pieces: list[_Piece] = []
    height = statistics.median(b[3] - b[1] for _t, b, _c in chars) or 1
    group = [chars[0]]
    for prev, cur in zip(chars, chars[1:]):
        if _splits(prev, cur, height, cuts):
            pieces.append(_make_piece(group, line_height, conf))
            group = []
        group.append(cur)
    pieces.append(_make_piece(group, line_height, conf))
    return pieces


def _word_chars(word: ET.Element, conf: float) -> list[tuple[str, tuple[int, ...], float]]:
    """(text, box, confidence) of each character of an hOCR word that has a box (the word's confidence when the
    character has none)."""
    chars = []
    for ch in word.iter():
        if (ch.get("class") or "") == "ocrx_cinfo" and ch.text:
            b, c = _CBOX.search(ch.get("title", "")), _CCONF.search(ch.get("title", ""))
            if b:
                chars.append((ch.text, tuple(int(v) for v in b.groups()), float(c.group(1)) if c else conf))
    return chars


def _splits(prev: tuple[str, tuple[int, ...], float], cur: tuple[str, tuple[int, ...], float], height: float,
            cuts: Sequence[tuple[float, int, int, int, int]]) -> bool:
    numeric = _DIGITISH.match(prev[0]) and _DIGITISH.match(cur[0])
    if cur[1][0] - prev[1][2] > (SPLIT_DIGITS if numeric else SPLIT_LETTERS) * height:
        return True
    mid_y = (cur[1][1] + cur[1][3]) / 2
    left, right = (prev[1][0] + prev[1][2]) / 2, (cur[1][0] + cur[1][2]) / 2
    return any(left < x < right and top <= mid_y <= bottom for x, top, bottom, _f, _l in cuts)


def _make_piece(chars: list[tuple[str, tuple[int, ...], float]], line_height: float, conf: float) -> _Piece:
    box = (min(b[0] for _t, b, _c in chars), min(b[1] for _t, b, _c in chars),
           max(b[2] for _t, b, _c in chars), max(b[3] for _t, b, _c in chars))
    return _Piece(_digits_in_context("".join(t for t, _b, _c in chars)), box, line_height, conf,
                  min(c for _t, _b, c in chars))


_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1"})
_NUMERIC_WORD = re.compile(r"^[\d.,()\-%]*\d[\d.,()\-%]*$")


def _digits_in_context(text: str) -> str:
    """'O1', '2.O1', '1O,000' -> digits: Tesseract's Indonesian model reads a lone 0 or 1 among digits as a
    letter. Only a word that is all digits once those letters are read as digits is changed (never 'DINKOP').
    The word keeps its confidence, which is low in such cases, so the value is still flagged."""
    if not any(ch.isdigit() for ch in text):
        return text
    mapped = text.translate(_DIGIT_LOOKALIKES)
    return mapped if mapped != text and _NUMERIC_WORD.match(mapped) else text
