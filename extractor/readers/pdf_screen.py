"""Opening a PDF and the first pass over it (the screen): every page's text (pypdfium2, a few ms a page) and
size, and a look at the pages without a text layer (``readers.ocr_look.ScanLook``).

A file that is certainly not a readable PDF fails early with a clear message (``_check_file``); a page that
cannot be read (a pdfium error, or pdfium crashing the child process reading it) is a ``PageFailure`` and an
empty text. ``_with_document`` opens the document once in each child process of ``readers.isolated``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from ..errors import InputError
from .isolated import PageFailure, run_isolated


def _check_file(path: Path) -> None:
    """Fail early, with a clear message, on what is certainly not a readable PDF."""
    if not path.exists():
        raise InputError(f"{path}: file not found")
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if not head:
        raise InputError(f"{path}: empty file")
    if b"%PDF-" not in head:
        raise InputError(f"{path}: not a PDF (no %PDF header)")


def _pdfium_error(path: Path, exc: Exception) -> InputError:
    msg = str(exc)
    if "password" in msg.lower():
        return InputError(f"{path}: encrypted PDF (a password is needed)")
    reason = msg.replace("PDFium: Success", "PDFium gave no reason").strip().rstrip(".")  # pdfium's code 0
    return InputError(f"{path}: corrupt or truncated PDF ({reason})")


@dataclass(frozen=True)
class PageScreen:
    """What the first pass learns about one page: its text, its size (points) and, for a page without a text
    layer that images cover, how the picture looks (``readers.ocr.ScanLook``: can it be a scanned table?); with
    ``screen_pdf(read_tables=...)``, the tables of a page that may hold one (None: not read).

    A page whose text layer is only a caption over pictures (``ocr_look.is_caption_only``) is looked at only
    when asked (``unlooked``; ``PdfScreen.look_at``): only the OCR policy asks, for a page beside a page it OCRs
    (``pdf_document._table_parts``). Its render is most of the screen's cost of such a page (30-40 ms), and
    reports carry many of them (a cover, a chart or an organisation chart under its "Gambar" title)."""

    text: str
    size: tuple[float, float]
    scan: Any = None
    tables: tuple[Any, ...] | None = None
    unlooked: bool = False  # a caption page over pictures, ``scan`` not taken yet
    hidden_text: bool = False  # a scan under another program's invisible OCR text: that text is not used ("")


@dataclass
class PdfScreen:
    """Every page's ``PageScreen``, and the pages that could not be read (their text is empty)."""

    pages: list[PageScreen]
    failures: list[PageFailure] = field(default_factory=list)
    path: Path | None = None  # the PDF screened, for the looks taken later (``look_at``)

    @property
    def texts(self) -> list[str]:
        return [p.text for p in self.pages]

    def look_at(self, numbers: Iterable[int]) -> None:
        """The looks (``PageScreen.scan``) of the pages ``numbers`` (1-based) that were left for later
        (``PageScreen.unlooked``), taken in a child process as the screen's were; a page whose look fails is
        added to ``failures`` (its text is kept) and has no look."""
        todo = sorted({n for n in numbers if 1 <= n <= len(self.pages) and self.pages[n - 1].unlooked})
        if not todo or self.path is None:
            return
        for number, value in run_isolated(_with_document(self.path, _look_at_page), todo, 1, BAD_PAGE_ERRORS):
            if isinstance(value, PageFailure):
                self.failures.append(value)
                value = None
            self.pages[number - 1] = replace(self.pages[number - 1], scan=value, unlooked=False)


_SCREEN_CACHE: dict[tuple[str, int, int], PdfScreen] = {}  # the last two documents' screens
_OWN_OCR: set[str] = set()  # PDFs our OCR wrote (readers/ocr.py): their invisible text is ours, and used


def mark_own_ocr(path: str | Path) -> None:
    """Say that the PDF at PATH was written by our OCR: its invisible text layer is read as text, where the
    invisible text of any other scan is not (``PageScreen.hidden_text``)."""
    _OWN_OCR.add(str(Path(path).resolve()))


BAD_PAGE_ERRORS: tuple[type[BaseException], ...] = (pdfium.PdfiumError, InputError, MemoryError)


ReadTables = Callable[[pdfium.PdfPage, pdfium.PdfTextPage, int, str], Any]


def screen_pdf(path: str | Path, read_tables: ReadTables | None = None) -> PdfScreen:
    """The text of every page (pypdfium2), in page order, and a look at the pages without text.

    Raises InputError for a file that cannot be opened at all; a page that cannot be read (a pdfium error,
    or pdfium crashing the process: the pages are read in a child process) is a ``PageFailure`` and an
    empty text. The screen of the last document read is kept (keyed by path, size and modification time):
    the pipeline asks for the texts again when it reads the tables.

    ``read_tables(page, textpage, number, text)``, when given, is called on every page while it is open, for
    its tables (``PageScreen.tables``; ``pdf.screened_tables``), so that a table page is not parsed a second
    time to read them. A page whose tables fail (an exception, a crash, past the time limit) is screened again
    without them: its tables are read, and their failure reported, with the others (``read_pdf``).
    """
    path = Path(path)
    _check_file(path)
    try:
        st = path.stat()
        key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    except OSError:
        key = None
    if key is not None and key in _SCREEN_CACHE:
        return _SCREEN_CACHE[key]
    screen = _screen(path, read_tables)
    if key is not None:
        while len(_SCREEN_CACHE) >= 2:  # a document and its OCRed pages
            _SCREEN_CACHE.pop(next(iter(_SCREEN_CACHE)))
        _SCREEN_CACHE[key] = screen
    return screen


def pdf_page_texts(path: str | Path) -> list[str]:
    """The text of every page (``screen_pdf``). Raises InputError for unusable files and for a PDF with no
    text on any page (readers.read_document OCRs such a file instead)."""
    path = Path(path)
    texts = screen_pdf(path).texts
    if not any(t.strip() for t in texts):
        raise InputError(f"{path}: has no text layer (scanned?)")
    return list(texts)


def pdf_page_count(path: str | Path) -> int:
    """How many pages the PDF at PATH has (from its page tree: no page is loaded). Raises InputError for a file
    that cannot be opened."""
    doc = _open(Path(path))
    try:
        return len(doc)
    finally:
        doc.close()


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise _pdfium_error(path, exc) from None
    except Exception as exc:  # noqa: BLE001 - any library failure to open the file is an unreadable input
        raise InputError(f"{path}: corrupt PDF ({type(exc).__name__}: {exc})") from None


def _screen(path: Path, read_tables: ReadTables | None = None) -> PdfScreen:
    doc = _open(path)
    try:
        n = len(doc)
        sizes = [doc.get_page_size(i) for i in range(n)]  # from the page dictionaries: no page is loaded
    except Exception as exc:  # noqa: BLE001
        raise InputError(f"{path}: corrupt PDF ({type(exc).__name__}: {exc})") from None
    finally:
        doc.close()
    if n == 0:
        raise InputError(f"{path}: PDF has no pages")
    pages: dict[int, PageScreen] = {}
    _load_before_fork()
    failures = _screen_pages(path, list(range(1, n + 1)), read_tables, pages)
    if failures and read_tables is not None:  # screened again without their tables
        failures = _screen_pages(path, [f.item for f in failures], None, pages)
    out = [pages.get(i + 1) or PageScreen("", (float(sizes[i][0]), float(sizes[i][1]))) for i in range(n)]
    return PdfScreen(out, failures, path)


def _load_before_fork() -> None:
    """Load once, in the process that forks the page workers, what each of them would otherwise load for
    itself (~30 ms a worker): the image libraries and ``ocr_look`` for the pages without text, the TC specs and
    the patterns the screen's table test (``pdf_pages.may_hold_table``) compiles from them."""
    import numpy  # noqa: F401
    from PIL import Image  # noqa: F401

    from . import ocr_look  # noqa: F401
    from .pdf_pages import compile_patterns

    compile_patterns()


def _screen_pages(path: Path, numbers: list[int], read_tables: ReadTables | None,
                  pages: dict[int, PageScreen]) -> list[PageFailure]:
    """Screen pages ``numbers`` into ``pages``; the failures."""

    own_ocr = str(path.resolve()) in _OWN_OCR

    def screen_page(doc: pdfium.PdfDocument, number: int) -> PageScreen:
        return _screen_page(doc, number, read_tables, own_ocr)

    failures = []
    workers = worker_count(None, len(numbers))  # two cores read a long document's pages side by side
    for number, value in run_isolated(_with_document(path, screen_page), numbers, workers, BAD_PAGE_ERRORS):
        if isinstance(value, PageFailure):
            failures.append(value)
        else:
            pages[number] = value
    return failures


def _screen_page(doc: pdfium.PdfDocument, number: int, read_tables: ReadTables | None = None,
                 own_ocr: bool = False) -> PageScreen:
    from .ocr_look import has_pictures, has_text_layer, is_caption_only, look_at_scan, text_is_hidden, unreadable_text

    page = doc[number - 1]
    tables = None
    scan, unlooked = None, False
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            layer = has_text_layer(text)
            if not own_ocr and layer and text_is_hidden(textpage):
                scan = look_at_scan(page)
                if scan is not None and scan.is_scan:  # another program's OCR over a scan: a scanned page
                    return PageScreen("", (width, height), scan, None, hidden_text=True)
                scan = None
            if read_tables is not None:
                tables = read_tables(page, textpage, number, text)
        finally:
            textpage.close()
        if not layer:
            scan = look_at_scan(page, unreadable_text(text))
        elif is_caption_only(text):
            unlooked = has_pictures(page)  # looked at when asked (PdfScreen.look_at)
    finally:
        page.close()
    return PageScreen(text, (width, height), scan, tables, unlooked)


def _look_at_page(doc: pdfium.PdfDocument, number: int) -> Any:
    from .ocr_look import look_at_scan

    page = doc[number - 1]
    try:
        return look_at_scan(page)
    finally:
        page.close()


def _with_document(path: Path, per_page: Callable[[pdfium.PdfDocument, Any], Any]) -> Callable[[Any], Any]:
    """``per_page(doc, item)`` as a function of the item alone, opening ``path`` once in the process that
    calls it (a child of run_isolated: pdfium documents never cross processes or threads)."""
    held: dict[str, pdfium.PdfDocument] = {}

    def run(item: Any) -> Any:
        if "doc" not in held:
            held["doc"] = _open(path)
        return per_page(held["doc"], item)

    return run


PARALLEL_MIN_PAGES = 12  # fewer candidate pages are read by one child process: a second one costs more


def worker_count(requested: int | None, n_pages: int) -> int:
    """How many processes read a document's pages side by side: ``requested``, else ``RENSTRA_PDF_WORKERS``,
    else 2 on a machine with two cores; 1 for fewer than PARALLEL_MIN_PAGES pages; never more than 4."""
    if requested is None:
        env = os.environ.get("RENSTRA_PDF_WORKERS", "").strip()
        requested = int(env) if env.isdigit() else min(2, os.cpu_count() or 1)
    if requested < 2 or n_pages < PARALLEL_MIN_PAGES:
        return 1
    return min(requested, 4)
