"""One reader per input format, all returning RawTable lists. ``read_document`` picks the reader by suffix."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import REPLACEMENT, InputError, count_surrogates, without_surrogates
from ..model import Note, RawTable

if TYPE_CHECKING:  # readers.ocr imports this package's readers: only the type is needed here
    from .docx import Picture
    from .ocr import OcrReport

Progress = Callable[[int, int], None]

DOCUMENT_SUFFIXES = (".pdf", ".docx", ".doc", ".odt", ".xlsx", ".xlsm", ".xls", ".ods")  # what batch looks for
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")  # scans as images: read when named (readers/image.py)
SUPPORTED_SUFFIXES = DOCUMENT_SUFFIXES + IMAGE_SUFFIXES


@dataclass
class ReadDocument:
    """What a reader gives the pipeline: the raw tables, the page count, and (PDF) the text of each page."""

    tables: list[RawTable]
    pages: int | None
    format: str
    page_texts: list[str] | None = None
    ocr: OcrReport | None = None  # when pages were OCRed (pipeline flags their values)
    notes: list[Note] = field(default_factory=list)  # pages skipped, not read or failed; sheet parts missing
    tracebacks: list[str] = field(default_factory=list)  # of the internal-error notes
    pictures: list[Picture] = field(default_factory=list)  # (DOCX) pictures as large as a table, what was read
    blank_pages: frozenset[int] = frozenset()  # (PDF) pages with nothing printed: a table runs on past them


def check_file(p: Path) -> None:
    """InputError naming the file when there is no file to open: missing, a folder, or empty. Every reader's
    first check (read_document runs it before any reader; a reader called directly runs it itself)."""
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a folder, not a document")
    if p.stat().st_size == 0:
        raise InputError(f"{p.name}: the file is empty")


def check_path(path: str | Path) -> Path:
    """The path, or an InputError naming it when it cannot be a document we read."""
    p = Path(path)
    suffix = p.suffix.lower()
    if p.is_file() and suffix not in SUPPORTED_SUFFIXES:
        raise InputError(
            f"{p.name}: unsupported file type '{suffix or '(none)'}'; supported: {', '.join(SUPPORTED_SUFFIXES)}"
        )
    check_file(p)
    return p


def with_following_pages(pages: list[int], page_count: int) -> list[int]:
    """The candidate pages plus the page after each run of them: a table may end with a few rows on a page that
    is otherwise prose, and that page does not look tabular on its own."""
    chosen = set(pages)
    chosen.update(p + 1 for p in pages if p + 1 <= page_count and p + 1 not in chosen)
    return sorted(chosen)


def read_document(path: str | Path, progress: Progress | None = None, ocr: str = "auto") -> ReadDocument:
    """Read every table of a document. Raises InputError (one line, naming the file) for unusable input.

    ``ocr``: "auto", "always" or "never", see ``readers.pdf_document.plan_ocr`` (PDF) and
    ``readers.docx_pictures.choose`` (a Word document's pictures).
    Text that is not valid Unicode (lone surrogates from a font's broken ToUnicode map) is replaced by U+FFFD
    here, for every reader, with a note; the pipeline flags the values that hold one.
    """
    return _valid_text(_read(check_path(path), progress, ocr))


def _valid_text(doc: ReadDocument) -> ReadDocument:
    replaced = sum(count_surrogates(c.text) for t in doc.tables for c in t.cells)
    replaced += sum(count_surrogates(line) for t in doc.tables for line in t.context)
    replaced += sum(count_surrogates(text) for text in doc.page_texts or ())
    if not replaced:
        if any(count_surrogates(t.source) for t in doc.tables):  # a file name with bytes that are not UTF-8
            doc.tables = [replace(t, source=without_surrogates(t.source)) for t in doc.tables]
        return doc
    doc.tables = [replace(t, source=without_surrogates(t.source),
                          cells=tuple(replace(c, text=without_surrogates(c.text)) for c in t.cells),
                          context=tuple(without_surrogates(line) for line in t.context)) for t in doc.tables]
    if doc.page_texts is not None:
        doc.page_texts = [without_surrogates(text) for text in doc.page_texts]
    doc.notes.append(Note("replaced-characters", f"{replaced} character(s) that are not valid Unicode (a font's "
                                                 f"broken ToUnicode map) were replaced by {REPLACEMENT}; the values "
                                                 f"holding one are flagged 'replaced-character'"))
    return doc


def _read(p: Path, progress: Progress | None, ocr: str) -> ReadDocument:
    suffix = p.suffix.lower()
    if suffix == ".docx":
        from .docx import read_docx_document

        tables, pictures = read_docx_document(p)
        return _with_pictures(ReadDocument(tables=tables, pages=None, format="docx", pictures=pictures), p.name,
                              ocr, progress)
    if suffix in (".doc", ".odt"):
        from .convert import converted
        from .docx import read_docx_document

        with converted(p) as docx_path:
            tables, pictures = read_docx_document(docx_path)
        return _with_pictures(ReadDocument(tables=[replace(t, source=p.name) for t in tables], pages=None,
                                           format=suffix[1:], pictures=pictures), p.name, ocr, progress)
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        from .xlsx import read_workbook_notes

        tables, notes = read_workbook_notes(p)
        return ReadDocument(tables=tables, pages=None, format=suffix[1:], notes=notes)
    from .pdf_document import read_pdf_document

    if suffix in IMAGE_SUFFIXES:
        return _read_image(p, progress, ocr)
    return read_pdf_document(p, progress, ocr)


def _with_pictures(doc: ReadDocument, source: str, ocr: str, progress: Progress | None) -> ReadDocument:
    """A Word document's tables pasted as pictures read by OCR (readers/docx_pictures.py), when it has any."""
    if not doc.pictures:
        return doc
    from .docx_pictures import read_pictures

    return read_pictures(doc, source, ocr, progress)


def _read_image(p: Path, progress: Progress | None, ocr: str) -> ReadDocument:
    """A scan delivered as an image file: read as the scanned PDF of its images (readers/image.py), under the
    image's own name."""
    from .image import image_pdf
    from .pdf_document import read_pdf_document

    with image_pdf(p) as pdf:
        try:
            doc = read_pdf_document(pdf, progress, ocr)
        except InputError as exc:
            raise InputError(str(exc).replace(str(pdf), p.name).replace(pdf.name, p.name)) from None
    doc.tables = [replace(t, source=p.name) for t in doc.tables]
    doc.format = p.suffix.lower()[1:]
    return doc
