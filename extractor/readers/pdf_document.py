"""A whole PDF: which pages are read from their text layer, which are OCRed, and what the notes say about
the rest. ``readers/pdf.py`` reads the tables of text pages, ``readers/ocr.py`` gives scanned pages a text
layer; this module decides between them and puts the two back together in page order.

OCR policy (``plan_ocr``), for the pages with no text layer that images cover:

* ``never``: none is OCRed; they are named in a ``no-text-layer`` note (a PDF with no text at all is refused).
* ``always``: every one is OCRed.
* ``auto`` (the default): in a PDF with no text layer at all, every page that looks like printed paper (not a
  photo) is OCRed. In a PDF with text, an image page is OCRed only when it can hold a table: long ruled lines
  on the cheap render of the screening pass (``ocr.looks_ruled``), or a place inside or next to a run of table
  pages (text pages naming a table or looking tabular, and ruled image pages) with print on it (not a blank page
  under a letterhead: ``MIN_TABLE_INK``). Other image pages (signatures,
  covers, photos) are skipped and named in an ``ocr-skipped`` note.

Without Tesseract, a PDF whose text pages can hold a table is read without its scanned pages (an
``ocr-unavailable`` note names them and the install command); one whose tables can only be on scanned pages
is refused with that command.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from ..errors import InputError
from ..model import Note, RawTable
from . import ReadDocument
from .isolated import INTERNAL_ERROR, PageFailure
from .pdf import PdfScreen, candidate_pages, index_tables, read_pdf, screen_pdf, screened_tables

Progress = Callable[[int, int], None]
# Share of a page's cheap render that is print, below which an unruled image page beside table pages is
# taken for blank (a page holding only a letterhead line: 0.7%); the prose page leading into a scanned table
# has 4.6%, a table page 7%.
MIN_TABLE_INK = 0.02


def _pages_text(pages: Sequence[int], limit: int = 12) -> str:
    shown = ", ".join(map(str, pages[:limit]))
    return f"page{'s' if len(pages) > 1 else ''} {shown}{'...' if len(pages) > limit else ''}"


def plan_ocr(screen: PdfScreen, mode: str, table_pages: Sequence[int]) -> tuple[list[int], list[int]]:
    """(pages to OCR, image pages left unread) under ``mode``; ``table_pages`` are the text pages that can
    hold a table (``pdf.candidate_pages``). Beside the pages chosen, a ruled picture that covers less of its
    page, or lies under a typed caption, is OCRed too (``_table_parts``): a table pasted as pictures, page by
    page, starts under its typed title and ends in a short picture."""
    from .ocr import has_text_layer

    images = [n for n, page in enumerate(screen.pages, 1)
              if page.scan is not None and page.scan.is_image_page and not has_text_layer(page.text)]
    if mode == "never" or not images:
        return [], images
    if mode == "always":
        chosen = images
    elif not any(has_text_layer(page.text) for page in screen.pages):
        chosen = [n for n in images if screen.pages[n - 1].scan.is_scan]
    else:
        chosen = _auto_choice(screen, images, table_pages)
    chosen = _table_parts(screen, chosen)
    return chosen, [n for n in images if n not in chosen]


def _auto_choice(screen: PdfScreen, images: list[int], table_pages: Sequence[int]) -> list[int]:
    """The image pages of a PDF with text that can hold a table: ruled, or inked and beside table pages."""
    scans = [n for n in images if screen.pages[n - 1].scan.is_scan]
    ruled = {n for n in scans if screen.pages[n - 1].scan.ruled}
    tabular = set(table_pages) | ruled
    inked = {n for n in scans if 1 - screen.pages[n - 1].scan.paper >= MIN_TABLE_INK}
    return [n for n in scans if n in ruled or (n in inked and (n - 1 in tabular or n + 1 in tabular))]


def _table_parts(screen: PdfScreen, chosen: list[int]) -> list[int]:
    """``chosen`` with the pages beside them (and beside those, on) that hold a smaller ruled picture or a
    ruled picture under a caption (``ScanLook.is_table_part``)."""
    out = set(chosen)
    grown = True
    while grown:
        beside = {m for n in out for m in (n - 1, n + 1) if 1 <= m <= len(screen.pages)} - out
        screen.look_at(beside)  # caption pages over pictures are looked at only now (PageScreen.unlooked)
        more = {n for n in beside if screen.pages[n - 1].scan is not None and screen.pages[n - 1].scan.is_table_part}
        out |= more
        grown = bool(more)
    return sorted(out)


def failure_notes(failures: Sequence[PageFailure], what: str = "") -> tuple[list[Note], list[str]]:
    """A note per failed page, and the tracebacks of the internal errors."""
    notes, traces = [], []
    for f in sorted(failures, key=lambda f: f.item):
        if f.code == INTERNAL_ERROR:
            notes.append(Note(INTERNAL_ERROR, f"page {f.item}: internal error{what} ({f.reason}): a defect in "
                                              "renstra, not in the document; the other pages were read", f.item))
            traces.append(f"page {f.item}{what}:\n{f.traceback}")
        else:
            notes.append(Note("page-failed", f"page {f.item}: could not be read{what} ({f.reason}); the other "
                                             "pages were read", f.item))
    return notes, traces


def read_pdf_document(path: Path, progress: Progress | None = None, mode: str = "auto") -> ReadDocument:
    """Every table of the PDF ``path``, its text pages read as they are and its scanned pages by OCR."""
    from .ocr import INSTALL_HINT, has_text_layer, ocr_problem

    screen = screen_pdf(path, read_tables=screened_tables)
    texts = list(screen.texts)
    table_pages = candidate_pages(texts)
    to_ocr, unread = plan_ocr(screen, mode, table_pages)
    notes, traces = failure_notes(screen.failures)  # after plan_ocr: the looks it takes may fail
    hidden = [n for n, page in enumerate(screen.pages, 1) if page.hidden_text]
    if hidden:
        notes.append(Note("scan-text-layer", f"{_pages_text(hidden)}: scans under an invisible text layer that "
                                             "another program's OCR laid word by word: that layer is not used, "
                                             "the pages are taken as scanned pages"))
    unreadable = [(n, page.scan) for n, page in enumerate(screen.pages, 1)
                  if page.scan is not None and page.scan.unreadable_text]
    junk = [n for n, scan in unreadable if not scan.stand_in_fonts]
    lost = [n for n, scan in unreadable if scan.stand_in_fonts]
    if junk:
        notes.append(Note("text-unreadable", f"{_pages_text(junk)}: their text layer cannot be read (fonts "
                                             "printed without a map to Unicode: glyph numbers, not letters); "
                                             "taken as scanned pages"))
    if lost:
        notes.append(Note("text-unreadable", f"{_pages_text(lost)}: not read: their text layer is glyph numbers "
                                             "(fonts without a map to Unicode) and their fonts are not embedded, "
                                             "so their picture shows the same glyph numbers as other letters "
                                             "(nothing OCR could read)"))
    has_text = any(t.strip() for t in texts)
    if unread:
        code, why = ("no-text-layer", "--ocr never was given") if mode == "never" else (
            "ocr-skipped", "they cannot hold a table (no ruled lines, not beside table pages); --ocr always reads "
            "them")
        notes.append(Note(code, f"{_pages_text(unread)}: image only, not OCRed: {why}"))
    problem = ocr_problem() if to_ocr else None
    if problem:
        if not table_pages:
            layer = " (their invisible text layer, from another OCR, is not used)" if hidden else (
                " (their text layer cannot be read: fonts without a map to Unicode)" if junk else "")
            raise InputError(f"{path.name}: {_pages_text(to_ocr)} are scanned images{layer} and need OCR, but "
                             f"{problem} (Debian/Ubuntu: {INSTALL_HINT})")
        notes.append(Note("ocr-unavailable", f"{_pages_text(to_ocr)}: scanned, not read: {problem} "
                                             f"(Debian/Ubuntu: {INSTALL_HINT})"))
        to_ocr = []
    if lost and not to_ocr and not any(has_text_layer(t) for t in texts):
        raise InputError(f"{path}: no page can be read: the text layer of {_pages_text(lost)} is glyph numbers "
                         "(fonts without a map to Unicode) in fonts the file does not embed (damaged fonts?)")
    if not has_text and not to_ocr:
        hint = "; --ocr auto would OCR it" if mode == "never" else ""
        raise InputError(f"{path}: has no text layer (scanned?) and no page to OCR{hint}")
    if not to_ocr:
        read = _read(path, texts, table_pages, progress, notes, traces)
    else:
        with tempfile.TemporaryDirectory(prefix="renstra-ocred-") as tmp:
            read = _read_with_ocr(path, screen, texts, to_ocr, Path(tmp), progress, notes, traces)
    return replace(read, blank_pages=blank_pages(screen, read.page_texts or texts))


def blank_pages(screen: PdfScreen, texts: list[str]) -> frozenset[int]:
    """The pages with nothing on them: no text (none read by OCR either) and no picture to look at."""
    return frozenset(n for n, (page, text) in enumerate(zip(screen.pages, texts), 1)
                     if not text.strip() and page.scan is None and not page.unlooked and not page.hidden_text)


def _read(path: Path, texts: list[str], table_pages: list[int], progress: Progress | None, notes: list[Note],
          traces: list[str]) -> ReadDocument:
    from . import with_following_pages

    failures: list[PageFailure] = []
    pages = with_following_pages(table_pages, len(texts))
    tables = read_pdf(path, pages, progress, failures=failures, follow_tables=True)[0] if pages else []
    more_notes, more_traces = failure_notes(failures)
    return ReadDocument(tables=tables, pages=len(texts), format="pdf", page_texts=texts,
                        notes=notes + more_notes, tracebacks=traces + more_traces)


def _read_with_ocr(path: Path, screen: PdfScreen, texts: list[str], to_ocr: list[int], tmp: Path,
                   progress: Progress | None, notes: list[Note], traces: list[str]) -> ReadDocument:
    from . import with_following_pages
    from .ocr import low_confidence_cells, ocr_pdf

    ocred_pdf = tmp / "ocred.pdf"
    report = ocr_pdf(path, ocred_pdf, to_ocr)
    more_notes, more_traces = failure_notes(report.failures, " by OCR")
    notes, traces = notes + more_notes, traces + more_traces
    position = {n: k + 1 for k, n in enumerate(report.pages)}  # page of the document -> page of ocred_pdf
    if report.pages:
        for n, text in zip(report.pages, screen_pdf(ocred_pdf).texts):
            texts[n - 1] = text
    if not any(t.strip() for t in texts):
        raise InputError(f"{path}: has no text layer (scanned?), and OCR read no text on "
                         f"{_pages_text(to_ocr)} either")
    sizes = [(round(p.size[0]), round(p.size[1])) for p in screen.pages]
    pages = with_following_pages(candidate_pages(texts, sizes), len(texts))
    failures: list[PageFailure] = []
    text_pages = [n for n in pages if n not in position and n not in to_ocr]
    tables = read_pdf(path, text_pages, progress, failures=failures, follow_tables=True)[0] if text_pages else []
    ocr_failures: list[PageFailure] = []
    scanned_pages = [position[n] for n in pages if n in position]
    found = read_pdf(ocred_pdf, scanned_pages, progress, failures=ocr_failures)[0] if scanned_pages else []
    scanned = [_moved(t, report.pages, path) for t in found]
    failures += [replace(f, item=report.pages[f.item - 1]) for f in ocr_failures]
    low_confidence_cells(scanned, report)
    more_notes, more_traces = failure_notes(failures)
    notes, traces = notes + more_notes, traces + more_traces
    with_tables = {t.page for t in scanned}
    for n in report.pages:
        scan = screen.pages[n - 1].scan
        if scan is not None and (scan.ruled or scan.ruled_under_shading) and n not in with_tables:
            notes.append(Note("ocr-no-table", f"page {n}: scanned page with ruled lines, OCRed, but no table could "
                                              "be rebuilt from it: check the page by eye", n))
    merged = index_tables(sorted(tables + scanned, key=lambda t: t.page or 0))
    return ReadDocument(tables=merged, pages=len(texts), format="pdf", page_texts=texts, ocr=report,
                        notes=notes, tracebacks=traces)


def _moved(table: RawTable, pages: list[int], path: Path) -> RawTable:
    """A table read from the OCRed copy, put back on its page of the document."""
    return replace(table, source=str(path), page=pages[(table.page or 1) - 1],
                   row_pages=tuple(pages[p - 1] if p else p for p in table.row_pages))
