"""Scanned pages: give the pages that have no usable text layer one, so that readers/pdf.py reads them as usual.

Which pages (``pages_needing_ocr``): a page whose text layer holds fewer than ``MIN_TEXT_CHARS`` letters or
digits (or mostly unprintable junk) while images cover at least ``MIN_IMAGE_COVERAGE`` of it and it looks
like paper with print on it (``MIN_PAPER_SHARE`` of it light: a photo cover is no table page). Pages with a
real text layer are never touched, so a mixed document is OCRed page by page and a text PDF not at all.

How a page is OCRed (``ocr_pdf``), with Tesseract and its Indonesian model (``tesseract-ocr-ind``):

1. The page is rendered at ``OCR_DPI`` in grayscale (pypdfium2).
2. Orientation: Tesseract's OSD (``--psm 0``) turns a page printed sideways or upside down upright.
3. Skew: the angle (within +-``MAX_SKEW`` degrees) that makes the row profile of the dark pixels sharpest
   (text lines and table rules then lie on few pixel rows); the image is turned back by it.
4. Table rules: runs of dark pixels at least ``MIN_RULE_PX`` long are the horizontal rules; vertical runs count
   as rules when both their ends meet a horizontal rule (a letter's stem never does). The rules are painted
   out of the image before OCR (Tesseract reads a rule touching a digit as '|', '(' or '1'), and written back
   into the page as thin vector lines: readers/pdf.py finds the ruled table on them as on a born-digital PDF.
5. Tesseract reads the cleaned image (``--psm 3``; hOCR with character boxes and confidences).
6. The new page holds the cleaned image, the vector rules and an invisible text layer: one text object per
   run of characters (a word, split where its characters are far apart, as a code printed over several
   narrow cells is: "2 17 01"), stretched to the width Tesseract measured, so each character lands in its cell.

What comes back besides the PDF (``OcrReport``): per OCRed page, every word with its confidence and box in
PDF points. ``low_confidence_cells`` turns that into the cells holding a word read below
``LOW_CONFIDENCE`` (or any character below ``LOW_CHAR_CONFIDENCE``); ``flag_ocr_rows`` puts on every value
of a row from an OCRed page the flag ``ocr``, and ``ocr-low-confidence`` on the values printed in such cells.
A value is never corrected: the audit's sums then point at likely misreads.

Tesseract is called as a program (``tesseract``), one page per process, up to the number of CPUs at a time.

Module map: ``ocr_look`` (which pages), ``ocr_image`` (render, skew, shading, rules: steps 1, 3, 4),
``ocr_tesseract`` (finding and running Tesseract: steps 2, 5), ``ocr_hocr`` (its words as pieces),
``ocr_reread`` (the second reading of what the first missed or doubted), ``ocr_cells`` (amounts read again
cell by cell), ``ocr_write`` (step 6),
``ocr_report`` (the report and the flags), this module (a page end to end, the document in child processes).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .ocr_cells import reread_amount_cells
from .ocr_image import (
    MAX_RENDER_PIXELS,
    MAX_RENDER_SIDE,
    OCR_DPI,
    _paint_out,
    _skew_angle,
    find_rules,
    flatten_shading,
    render_gray,
    render_scale,
)
from .ocr_look import ScanLook, has_text_layer, look_at_scan, looks_ruled, pages_needing_ocr
from .ocr_report import LOW_CHAR_CONFIDENCE, LOW_CONFIDENCE, OcrReport, OcrWord, flag_ocr_rows, low_confidence_cells
from .ocr_reread import _second_pass
from .ocr_tesseract import (
    INSTALL_HINT,
    _check_tools,
    _orientation,
    _tesseract_hocr,
    find_tesseract,
    ocr_problem,
    tesseract_languages,
)
from .ocr_write import _PageResult, _to_points, _write_page

__all__ = [  # the OCR reader's public names, importable from here as before the split into ocr_* modules
    "INSTALL_HINT",
    "LOW_CHAR_CONFIDENCE",
    "LOW_CONFIDENCE",
    "MAX_RENDER_PIXELS",
    "MAX_RENDER_SIDE",
    "OCR_DPI",
    "OcrReport",
    "OcrWord",
    "ScanLook",
    "find_rules",
    "find_tesseract",
    "flag_ocr_rows",
    "flatten_shading",
    "has_text_layer",
    "look_at_scan",
    "looks_ruled",
    "low_confidence_cells",
    "ocr_pdf",
    "ocr_problem",
    "pages_needing_ocr",
    "render_gray",
    "render_scale",
    "tesseract_languages",
]


def _ocr_page(tesseract: str, doc: Any, src: Path, number: int, workdir: Path) -> _PageResult:
    """OCR page ``number`` of the open pdfium ``doc`` (in a child process of ocr_pdf), at ``OCR_DPI``.

    Small print is not read again from an enlarged render of the whole page: the amounts, where a misread
    digit costs most, are read again enlarged cell by cell (``reread_amount_cells``). A page of small print
    read twice cost twice its Tesseract time and ~2x the memory, and read worse on the Inspektorat picture
    table (pp.51-52: codes right 6/17 -> 15/17, the 2 wrong flagged; p.55: its two rows' codes lost -> read)."""
    return _read_at(tesseract, doc, src, number, workdir, OCR_DPI)


def _read_at(tesseract: str, doc: Any, src: Path, number: int, workdir: Path, dpi: float,
             rotation: int | None = None) -> _PageResult:
    import numpy as np
    from PIL import Image

    page = doc[number - 1]
    try:
        size = page.get_size()
        img = render_gray(page, dpi)
    finally:
        page.close()
    if rotation is None:
        raw_png = workdir / f"page{number}-raw.png"
        img.save(raw_png, dpi=(OCR_DPI, OCR_DPI))
        rotation = _orientation(tesseract, raw_png)
    if rotation:
        img = img.rotate(rotation, expand=True, fillcolor=255)
        if rotation in (90, 270):
            size = (size[1], size[0])
    skew = _skew_angle(img)
    if abs(skew) >= 0.05:
        img = img.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
    gray = flatten_shading(np.asarray(img))
    horizontal, vertical = find_rules(gray)
    clean = Image.fromarray(_paint_out(gray, horizontal, vertical))
    png = workdir / f"page{number}.png"
    clean.save(png, dpi=(OCR_DPI, OCR_DPI))
    pieces = _tesseract_hocr(tesseract, png, workdir / f"page{number}", "3", src, number, vertical)
    pieces = _second_pass(tesseract, np.asarray(clean), horizontal, vertical, pieces, workdir, src, number)
    pieces = reread_amount_cells(tesseract, np.asarray(clean), horizontal, vertical, pieces, workdir, src, number)
    jpeg = workdir / f"page{number}.jpg"
    clean.save(jpeg, quality=60)
    return _PageResult(number, jpeg, size, (clean.width, clean.height), horizontal, vertical, pieces, skew, rotation)


def ocr_pdf(path: str | Path, out: str | Path, pages: Iterable[int] | None = None,
            workers: int | None = None, keep: str | Path | None = None) -> OcrReport:
    """OCR the given pages of ``path`` (default: ``pages_needing_ocr``) and write them, in order, as the pages
    of a new PDF ``out`` (cleaned image, vector rules, invisible text); ``report.pages`` says which page of
    ``path`` each page of ``out`` is. A page that fails (Tesseract refuses it, pdfium fails or crashes on it,
    a defect of ours) is left out and named in ``report.failures``.

    Each page is rendered and read in a child process (``readers.isolated``): pdfium is not thread-safe, so
    the parallelism is ``workers`` processes (default: the CPUs, at most 2), one pdfium document each.
    ``keep`` names a folder that receives the page images and hOCR files (for checking OCR by eye).

    Raises InputError when Tesseract or its Indonesian model is missing.
    """
    import pypdfium2 as pdfium

    from .isolated import PageFailure, run_isolated
    from .pdf_screen import BAD_PAGE_ERRORS, _with_document, mark_own_ocr

    src = Path(path)
    wanted = sorted(set(pages if pages is not None else pages_needing_ocr(src)))
    report = OcrReport(pages=[])
    tesseract = _check_tools(src, wanted) if wanted else ""
    workers = workers or max(1, min(len(wanted), os.cpu_count() or 1, 2))
    results: dict[int, _PageResult] = {}
    with tempfile.TemporaryDirectory(prefix="renstra-ocr-") as tmp_dir:
        tmp = Path(keep or tmp_dir)
        tmp.mkdir(parents=True, exist_ok=True)

        def read(doc: Any, number: int) -> _PageResult:
            return _ocr_page(tesseract, doc, src, number, tmp)

        for number, value in run_isolated(_with_document(src, read), wanted, workers, BAD_PAGE_ERRORS):
            if isinstance(value, PageFailure):
                report.failures.append(value)
            else:
                results[number] = value
        doc = pdfium.PdfDocument.new()
        try:
            for n in sorted(results):
                result = results[n]
                k = _to_points(result)
                report.pages.append(n)
                report.skew[n] = round(result.skew, 2)
                report.rotation[n] = result.rotation
                report.words[n] = [
                    OcrWord(p.text, p.confidence, p.min_char_confidence,
                            (p.box[0] * k, p.box[1] * k, p.box[2] * k, p.box[3] * k))
                    for p in result.pieces
                ]
                _write_page(doc, result, len(doc))
            doc.save(str(out))
            mark_own_ocr(out)
        finally:
            doc.close()
    return report
