"""What OCR tells the rest (``OcrReport``): per OCRed page, every word with its confidence and box in PDF points.

``low_confidence_cells`` turns that into the cells holding a word read below ``LOW_CONFIDENCE`` (or any
character below ``LOW_CHAR_CONFIDENCE``); ``flag_ocr_rows`` puts on every value of a row from an OCRed page the
flag ``ocr``, and ``ocr-low-confidence`` on the values printed in such cells. A value is never corrected: the
audit's sums then point at likely misreads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..model import BBox, Flag, RawTable, Row
from .isolated import PageFailure

LOW_CONFIDENCE = 80.0  # word confidence (0-100) below which a cell is flagged ocr-low-confidence
LOW_CHAR_CONFIDENCE = 60.0  # any character below this flags its cell too


@dataclass(frozen=True)
class OcrWord:
    text: str
    confidence: float  # word confidence, 0-100
    min_char_confidence: float
    bbox: BBox  # PDF points, top-left origin (as pdfplumber)


@dataclass
class OcrReport:
    """What OCR did to a document: the pages it read and every word with its confidence."""

    pages: list[int]
    words: dict[int, list[OcrWord]] = field(default_factory=dict)
    skew: dict[int, float] = field(default_factory=dict)  # degrees turned back, per page
    rotation: dict[int, int] = field(default_factory=dict)  # degrees turned for orientation, per page
    low_cells: list[tuple[int, str, float]] = field(default_factory=list)  # page, cell text, confidence
    failures: list[PageFailure] = field(default_factory=list)  # of the pages not read


def _inside(word: BBox, cell: BBox) -> bool:
    cx, cy = (word[0] + word[2]) / 2, (word[1] + word[3]) / 2
    return cell[0] <= cx <= cell[2] and cell[1] <= cy <= cell[3]


def low_confidence_cells(tables: Sequence[RawTable], report: OcrReport) -> list[tuple[int, str, float]]:
    """(page, cell text, lowest confidence) for every cell on an OCRed page that holds a doubtful word."""
    out = []
    for table in tables:
        if table.page not in report.words:
            continue
        words = report.words[table.page]
        for cell in table.cells:
            if not cell.text or cell.bbox is None:
                continue
            inside = [w for w in words if _inside(w.bbox, cell.bbox)]
            doubtful = [w for w in inside if w.confidence < LOW_CONFIDENCE
                        or w.min_char_confidence < LOW_CHAR_CONFIDENCE]
            if doubtful:
                low = min(min(w.confidence, w.min_char_confidence) for w in doubtful)
                out.append((table.page, cell.text, round(low, 1)))
    report.low_cells = out
    return out


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _parts(printed: str) -> set[str]:
    """The printed text, and its cells when it was joined from several ('2|17|01' of a split code)."""
    return {_norm(x) for x in re.split(r"[|\n]", printed)} | {_norm(printed)}


def flag_ocr_rows(rows: Iterable[Row], report: OcrReport) -> None:
    """Flag the values of rows printed on OCRed pages: ``ocr`` on every value, ``ocr-low-confidence`` on those
    whose printed text is the text of a doubtful cell on the same page.

    A row knows its page and printed texts but not its cells, so a value is matched to a doubtful cell by
    page and text: the same doubtful text printed twice on a page flags both (over-flagging, never under).
    """
    ocr_pages = set(report.pages)
    doubtful: dict[int, dict[str, float]] = {}
    for page, text, conf in report.low_cells:
        key = _norm(text)
        per_page = doubtful.setdefault(page, {})
        per_page[key] = min(conf, per_page.get(key, 100.0))
    for row in rows:
        if row.page not in ocr_pages:
            continue
        have = {(f.code, f.field) for f in row.flags}
        fields = list(row.raw)
        for name in ("code", "name", "indicator"):
            if (row.data.get(name) or row.data.get(f"{name}_raw")) and name not in fields:
                fields.append(name)
        on_page = doubtful.get(row.page, {})
        for name in fields:
            if ("ocr", name) not in have:
                row.flags.append(Flag("ocr", name, f"read by OCR from page {row.page}"))
            printed = row.raw.get(name) or row.data.get(f"{name}_raw") or row.data.get(name)
            parts = _parts(printed) if isinstance(printed, str) else set()
            hit = min((on_page[x] for x in parts if x in on_page), default=None)  # lowest: any order
            if hit is not None and ("ocr-low-confidence", name) not in have:
                row.flags.append(Flag("ocr-low-confidence", name,
                                      f"OCR read '{printed}' on page {row.page} with confidence "
                                      f"{hit:.0f}/100: check it against the scan"))
