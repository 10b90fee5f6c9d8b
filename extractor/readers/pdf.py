"""PDF reader: text-layer PDFs -> one RawTable per table per page, cells as printed (no cleaning).

The only modules that import pdfplumber / pypdfium2: the ``pdf*`` modules of this package.

Passes that keep long documents cheap:

1. ``pdf_screen.pdf_page_texts`` reads every page's text with pypdfium2 (a few ms a page).
2. ``pdf_pages.candidate_pages`` picks the pages worth the table finder: pages naming a TC table (label such as
   "T-C.27", a title from mappings/tables.json, or the header words of a kind on a page that looks tabular),
   plus the pages after them while they still look like the same table (numbers, codes, or the same odd
   page size).
3. ``read_pdf`` reads those pages only, one at a time: ``pdf_objects.page_objects`` takes the page's
   characters and line art from pdfium (in C, 10-40 ms a page where pdfminer took 0.3-1 s) in pdfplumber's
   coordinates and dict shapes, and pdfplumber's table functions (edge merging, intersections, cells into
   tables, word extraction for the text strategy) find the tables in them. With 12 candidate pages or more
   and two cores, pages are read in two forked worker processes (``workers``/``RENSTRA_PDF_WORKERS``).
   Two steps are done here rather than by pdfplumber, with the same results and without its per-call cost:
   a cell's text (``pdf_grid._cell_text``, pdfplumber's ``extract_text`` rules) and cells from intersections
   (``pdf_finder._intersections_to_cells``).
   The screen (1.) already reads the tables of the pages that may hold one (``pdf_pages.may_hold_table``:
   nearly every candidate page) while it has them open (``screened_tables``); ``read_pdf`` takes those and
   reads only the rest, so that a table page is parsed by pdfium once, not twice.

Table finding per page (``_tables_on_page``): ruled tables (``pdf_ruled``), else, on a page that looks
tabular, unruled ones: columns from a TC header (``pdf_header_columns``; a page without a header in the columns
of the table running to the foot of the page before, ``_foot_columns``), else from the text
(``pdf_text_tables``); else, on a page of prose, the unruled tables under its captions (``pdf_prose_tables``).
Their cells are placed on a grid and given their text by ``pdf_grid``. The lines of text above a table are its
context (``_context``).

Module map: ``pdf_screen`` (opening, first pass), ``pdf_pages`` (candidate pages), ``pdf_finder``
(pdfplumber's finder on characters), ``pdf_ruled``, ``pdf_shading`` (cells told apart by their backgrounds where
no rule parts them), ``pdf_header_columns``, ``pdf_text_tables``, ``pdf_grid`` (cells), this module (reading
pages, in child processes).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from pdfplumber.utils.text import chars_to_textmap

from ..errors import InputError
from ..model import BBox, Cell, RawTable
from ..textnorm import collapse
from .isolated import PageFailure, run_isolated
from .pdf_finder import DEFAULT_LINES_SETTINGS, DEFAULT_TEXT_SETTINGS
from .pdf_grid import MAX_MARGIN_LINES, TEXT_TOLERANCES, chars_between, line_count
from .pdf_header_columns import Columns, header_column_tables
from .pdf_objects import PageObjects, page_objects
from .pdf_pages import _is_tabular, _page_sizes, _page_stats, candidate_pages, document_candidates, may_hold_table
from .pdf_prose_tables import prose_block_tables
from .pdf_ruled import _rule_edges, _ruled_tables
from .pdf_screen import (
    BAD_PAGE_ERRORS,
    PageScreen,
    PdfScreen,
    _with_document,
    pdf_page_texts,
    screen_pdf,
    worker_count,
)
from .pdf_shading import shading_boxes
from .pdf_text_tables import _text_tables

__all__ = [  # the reader's public names, importable from here as before the split into pdf_* modules
    "BAD_PAGE_ERRORS",
    "DEFAULT_LINES_SETTINGS",
    "DEFAULT_TEXT_SETTINGS",
    "TEXT_TOLERANCES",
    "PageScreen",
    "PdfScreen",
    "candidate_pages",
    "document_candidates",
    "index_tables",
    "pdf_page_texts",
    "read_pdf",
    "screen_pdf",
]

MAX_CONTEXT_LINES = 6


def _context(objs: PageObjects, chars: list[dict[str, Any]], top_limit: float, table_top: float) -> tuple[str, ...]:
    """The lines of text wholly between ``top_limit`` and the table's top (pdfplumber's text lines)."""
    if table_top - top_limit < 1:
        return ()
    top, width = max(top_limit, 0), objs.width
    region = [c for c in chars_between(chars, top, table_top) if 0 <= c["x0"] <= c["x1"] <= width]
    if not region:
        return ()
    textmap = chars_to_textmap(region)
    lines = [collapse(line["text"]) for line in textmap.extract_text_lines(strip=True, return_chars=False)]
    lines = [line for line in lines if line]
    return tuple(lines[-MAX_CONTEXT_LINES:])


PageTables = list[tuple[BBox, list[Cell], int, int]]


def _tables_on_page(objs: PageObjects, page_text: str,
                    above: Callable[[], Columns | None] | None = None) -> tuple[PageTables, str]:
    """The page's tables (box, cells, rows, columns) top to bottom, and how they were read (``_page_finds``);
    ``above()`` gives the columns of an unruled table running on from the page before."""
    tables, _at_foot, how = _page_finds(objs, _is_tabular(_page_stats(page_text)), above)
    return tables, how


def _page_finds(objs: PageObjects, tabular: bool, above: Callable[[], Columns | None] | None = None
                ) -> tuple[PageTables, Columns | None, str]:
    """The page's tables, the columns of an unruled table (``pdf_header_columns``) running to its foot, and how
    the tables were read: "ruled" tables first, else "unruled" ones on a page that looks tabular (from a TC
    header's columns, else from the text), else the unruled tables under captions of a page of "prose"."""
    chars = objs.chars
    h_edges, v_edges = _rule_edges(objs)
    tables = _ruled_tables(chars, h_edges, v_edges, shading_boxes(objs))
    at_foot = None
    how = "ruled"
    if not tables and tabular:
        tables, at_foot = header_column_tables(chars, objs.height, above)
        tables = tables or _text_tables(objs, chars, h_edges)
        how = "unruled"
    elif not tables:
        tables = prose_block_tables(objs, chars)
        how = "prose"
    tables.sort(key=lambda t: (t[0][1], t[0][0]))
    return tables, at_foot, how


# document -> page number -> the columns of an unruled table running to that page's foot (pages of one
# document are read in order in one process: a header printed on the first page only is found once)
_FOOT_COLUMNS: weakref.WeakKeyDictionary[pdfium.PdfDocument, dict[int, Columns | None]] = \
    weakref.WeakKeyDictionary()


MAX_PAGES_UNDER_HEADER = 30  # pages without a header an unruled table may run on over, after its header's page


def _foot_columns(doc: pdfium.PdfDocument, number: int, depth: int = 0) -> Columns | None:
    """The columns of an unruled table read from its header (on page ``number`` or, through tabular pages
    without a header, before it) that runs to the foot of page ``number``."""
    known = _FOOT_COLUMNS.setdefault(doc, {})
    if number < 1 or depth > MAX_PAGES_UNDER_HEADER:
        return None
    if number not in known:
        known[number] = None  # a page being read does not look back at itself
        page = doc[number - 1]
        try:
            textpage = page.get_textpage()
            try:
                objs = page_objects(page, textpage)
                tabular = _is_tabular(_page_stats(textpage.get_text_range()))
            finally:
                textpage.close()
        finally:
            page.close()
        known[number] = _page_finds(objs, tabular, lambda: _foot_columns(doc, number - 1, depth + 1))[1]
    return known[number]


def read_pdf(
    path: str | Path,
    pages: Iterable[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    workers: int | None = None,
    failures: list[PageFailure] | None = None,
    follow_tables: bool = False,
) -> tuple[list[RawTable], int]:
    """Tables on ``pages`` (1-based; default: ``candidate_pages``), and the document's page count.

    ``progress(done, total)`` is called as pages are read. Raises InputError for unusable files.

    Pages are read in child processes (``readers.isolated``): a page that fails, even by crashing pdfium, is
    added to ``failures`` and the other pages are read; without a ``failures`` list, the first failure raises
    InputError (internal errors included, named as such).

    ``workers``: processes reading pages side by side (default: ``RENSTRA_PDF_WORKERS`` or 2 when the machine
    has two cores). Used only for ``PARALLEL_MIN_PAGES`` pages or more; the tables are the same either way.

    ``follow_tables``: also read the page after a page whose last table reaches the page foot
    (``RawTable.reaches_page_foot``), and so on: a table may run on over pages of prose-like text (strategies,
    policies) that no page screening takes for a table page. Of such a page only the table at its top is kept
    (the continuation), not tables further down under text of their own.
    """
    path = Path(path)
    screen = screen_pdf(path)
    texts = pdf_page_texts(path)
    n_pages = len(texts)
    if pages is None:
        wanted = candidate_pages(texts, _page_sizes(path))
    else:
        wanted = sorted({p for p in pages if 1 <= p <= n_pages})
    skip = {f.item for f in screen.failures}
    reader = _PageReader(path, texts, workers, failures, progress, _screened(screen, str(path)))
    following = False
    while wanted := [p for p in wanted if p not in skip]:
        reader.read(wanted, only_top=following)
        skip.update(wanted)
        wanted, following = (_run_on_pages(reader.by_page, n_pages), True) if follow_tables else ([], False)
    by_page = reader.by_page
    return index_tables(t for number in sorted(by_page) for t in by_page[number]), n_pages


def _screened(screen: PdfScreen, source: str) -> dict[int, list[RawTable]]:
    """The tables the screen read (``screened_tables``), by page, named after ``source``."""
    return {number: [replace(t, source=source) for t in page.tables]
            for number, page in enumerate(screen.pages, 1) if page.tables is not None}


def _run_on_pages(by_page: dict[int, list[RawTable]], n_pages: int) -> list[int]:
    """The pages after read pages whose last table reaches the page foot, not read yet."""
    return sorted(n + 1 for n, tables in by_page.items()
                  if tables and tables[-1].reaches_page_foot and n + 1 <= n_pages and n + 1 not in by_page)


def _top_table(tables: list[RawTable]) -> list[RawTable]:
    """The page's first table when it starts at the top of the page (nothing above it but a running header)."""
    return tables[:1] if tables and len(tables[0].context) <= MAX_MARGIN_LINES else []


class _PageReader:
    """Reads pages of one PDF in child processes, keeping their tables by page and their failures."""

    def __init__(self, path: Path, texts: list[str], workers: int | None, failures: list[PageFailure] | None,
                 progress: Callable[[int, int], None] | None, screened: dict[int, list[RawTable]] | None = None):
        self.path, self.texts, self.workers, self.failures, self.progress = path, texts, workers, failures, progress
        self.by_page: dict[int, list[RawTable]] = {}
        self.screened = screened or {}  # tables the screen read (by page): taken as they are
        self.done = self.total = 0

    def read(self, wanted: list[int], only_top: bool = False) -> None:
        """Read the ``wanted`` pages; with ``only_top``, keep of each page only the table at its top."""
        source, texts = str(self.path), self.texts

        def tables_of(doc: pdfium.PdfDocument, number: int) -> list[RawTable]:
            return _page_tables(doc, number, texts[number - 1], source)

        self.total += len(wanted)
        for number in wanted:
            if number in self.screened:
                self._keep(number, self.screened[number], only_top)
        to_read = [n for n in wanted if n not in self.screened]
        per_page = _with_document(self.path, tables_of)
        for number, value in run_isolated(per_page, to_read, worker_count(self.workers, len(to_read)),
                                          BAD_PAGE_ERRORS):
            if isinstance(value, PageFailure):
                self._failed(number, value)
                self._count()
            else:
                self._keep(number, value, only_top)

    def _keep(self, number: int, tables: list[RawTable], only_top: bool) -> None:
        self.by_page[number] = _top_table(tables) if only_top else tables
        self._count()

    def _count(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)

    def _failed(self, number: int, failure: PageFailure) -> None:
        if self.failures is None:
            kind = "internal error" if failure.code != "page-failed" else "unreadable"
            raise InputError(f"{self.path}: page {number} {kind} ({failure.reason})")
        self.failures.append(failure)


def index_tables(tables: Iterable[RawTable]) -> list[RawTable]:
    """The tables (in page order) indexed 0, 1, ... across the document."""
    return [replace(t, index=k) for k, t in enumerate(tables)]


def _page_tables(doc: pdfium.PdfDocument, number: int, text: str, source: str) -> list[RawTable]:
    """The RawTables of page ``number`` (1-based), indexed from 0."""
    page = doc[number - 1]
    try:
        objs = page_objects(page)
    finally:
        page.close()
    return _tables_from_objects(objs, number, text, source, lambda: _foot_columns(doc, number - 1))


def screened_tables(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, number: int,
                    text: str) -> tuple[RawTable, ...] | None:
    """The tables of a page the screen has open (``screen_pdf(path, read_tables=screened_tables)``), when its
    text says it may hold one (``pdf_pages.may_hold_table``); None for other pages. Their source is left empty:
    ``read_pdf`` names it."""
    if not may_hold_table(text):
        return None
    doc = page.pdf
    return tuple(_tables_from_objects(page_objects(page, textpage), number, text, "",
                                      lambda: _foot_columns(doc, number - 1)))


def _tables_from_objects(objs: PageObjects, number: int, text: str, source: str,
                         above: Callable[[], Columns | None] | None = None) -> list[RawTable]:
    """The RawTables of page ``number`` from its characters and line art, indexed from 0."""
    out: list[RawTable] = []
    previous_bottom = 0.0
    tables, how = _tables_on_page(objs, text, above)
    for bbox, cells, n_rows, n_cols in tables:
        out.append(
            RawTable(
                source=source,
                format="pdf",
                index=len(out),
                page=number,
                n_rows=n_rows,
                n_cols=n_cols,
                cells=tuple(cells),
                context=_context(objs, objs.chars, previous_bottom, bbox[1]),
                bbox=tuple(round(v, 2) for v in bbox),  # type: ignore[arg-type]
                row_pages=(number,) * n_rows,
                reaches_page_foot=line_count(objs.chars, bbox[3], objs.height) <= MAX_MARGIN_LINES,
                prose_block=how == "prose",
                unruled=how == "unruled",
            )
        )
        previous_bottom = bbox[3]
    return out
