"""PDF reader: text-layer PDFs -> one RawTable per table per page, cells as printed (no cleaning).

The only modules that import pdfplumber / pypdfium2: this one and ``pdf_objects``.

Passes that keep long documents cheap:

1. ``pdf_page_texts`` reads every page's text with pypdfium2 (a few ms a page).
2. ``candidate_pages`` picks the pages worth the table finder: pages naming a TC table (label such as
   "T-C.27", a title from mappings/tables.json, or the header words of a kind on a page that looks tabular),
   plus the pages after them while they still look like the same table (numbers, codes, or the same odd
   page size).
3. ``read_pdf`` reads those pages only, one at a time: ``pdf_objects.page_objects`` takes the page's
   characters and line art from pdfium (in C, 10-40 ms a page where pdfminer took 0.3-1 s) in pdfplumber's
   coordinates and dict shapes, and pdfplumber's table functions (edge merging, intersections, cells into
   tables, word extraction for the text strategy) find the tables in them. With 12 candidate pages or more
   and two cores, pages are read in two forked worker processes (``workers``/``RENSTRA_PDF_WORKERS``).
   Two steps are done here rather than by pdfplumber, with the same results and without its per-call cost:
   a cell's text (``_cell_text``, pdfplumber's ``extract_text`` rules) and cells from intersections
   (``_intersections_to_cells``).

Table finding per page:

* Ruled tables: pdfplumber's table finder with ``DEFAULT_LINES_SETTINGS`` (the lines strategy's tolerances),
  fed with the page's rules as explicit edges (``_rule_edges``) instead of pdfplumber's own edges, because
  (1) Word draws cell and paragraph backgrounds as filled rectangles a few points high whose edges split a
  cell into phantom rows: a filled, unstroked rectangle or path thicker than ``SHADING_MIN_THICKNESS`` is
  dropped, thin ones are the rules; (2) pdfplumber takes a line as horizontal only when both ends have
  exactly the same y, and a page drawn through a scaling matrix loses its whole ruling to 1e-8 differences.
  When a table runs on to the next page, the cells of its last (or first) row have no closing rule and
  columns merged across the whole page have no horizontal rule at all; pdfplumber finds no cell there. If
  text inside the table's box falls outside every cell, or vertical rules run beside the table along most
  of its height, the table is searched again with closing lines along its top and bottom over the full
  ruled width.
* Unruled tables: on a candidate page where the lines strategy finds nothing but the page is clearly tabular,
  pdfplumber's "text" strategy (``DEFAULT_TEXT_SETTINGS``). When the page has two or more long horizontal
  rules with the same ends (rows ruled, columns not: Cianjur Renja pp.14-18), the table is the band between
    the first and the last, its columns come from the text and its rows from the rules. Without rules, text
  that wraps inside a cell comes out as extra rows; they are folded back (``_merge_continuation_rows``): a
  row with no text in any *anchor* column (a column whose filled cells are mostly numbers) continues the
  row above and is appended to it line by line. An unruled text table with no anchor column is dropped
  (prose cut into columns).

Cells: grid positions come from the cell boxes against the table's row/column boundaries (the sorted,
clustered cell edges), so a merged cell appears once with its rowspan/colspan. A cell's text is made of the
characters whose centre lies in its box, line breaks kept ("12.084.498.9\\n48").
"""

from __future__ import annotations

import bisect
import itertools
import json
import os
import re
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from pdfplumber.table import (
    TableSettings,
    cells_to_tables,
    edges_to_intersections,
    words_to_edges_h,
    words_to_edges_v,
)
from pdfplumber.utils import crop_to_bbox, extract_words, filter_edges
from pdfplumber.utils.text import LIGATURES, chars_to_textmap

from ..errors import InputError
from ..model import BBox, Cell, RawTable
from .isolated import PageFailure, run_isolated
from .pdf_objects import PageObjects, PathPiece, page_objects

# pdfplumber table settings, kept as data so that callers (and tests) can see and vary them.
DEFAULT_LINES_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "edge_min_length": 3,
    "intersection_tolerance": 3,
}
DEFAULT_TEXT_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "text",
    "horizontal_strategy": "text",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 5,
    "min_words_vertical": 3,
    "min_words_horizontal": 1,
    "text_x_tolerance": 2,
    "text_y_tolerance": 2,
}
TEXT_X_TOL = 3.0  # points: a gap wider than this between two characters ends a word (a cell's text)
TEXT_Y_TOL = 2.5  # points: characters whose tops differ by no more than this are on one line
TEXT_TOLERANCES: dict[str, float] = {"x_tolerance": TEXT_X_TOL, "y_tolerance": TEXT_Y_TOL}
SHADING_MIN_THICKNESS = 2.0  # points: a filled rectangle at least this thick in both directions is shading
LONG_RULE_SHARE = 0.3  # a horizontal rule this share of the page wide can bound an unruled-column table
RULE_SLANT = 0.5  # points: a segment whose ends differ this little in y (x) is a horizontal (vertical) rule
BOUNDARY_TOLERANCE = 2.0  # points: cell edges closer than this are one row/column boundary
MAX_CONTEXT_LINES = 6
MIN_TABLE_ROWS = 2
MIN_TABLE_COLS = 2

# What makes page text look like a table (see _page_stats).
_NUMBER_RE = re.compile(r"^[(\-]?\d[\d.,]*%?\)?$")
_CODE_RE = re.compile(r"\b\d{1,2}(?:\.(?:\d{1,4}|X{1,2}|x{1,2})){2,}\b")
_LEADER_RE = re.compile(r"\.{5,}|(?:\. ){4,}")
TABULAR_NUMBER_RATIO = 0.22  # share of tokens that are numbers on a table page (prose: 0.00-0.15)
TABULAR_MIN_CODES = 4  # dotted codes (2.18.01.2.09) on a page of a program table
MIN_TOC_LEADERS = 3  # a page with this many dot leaders is a list of contents/tables, not a table
_CAPTION_WORD_RE = re.compile(r"\b(?:tabel|table|matriks)\b", re.IGNORECASE)
_CAPTION_RE = re.compile(r"\b(?:tabel|table)\s*\.?\s*(?:[A-Z]\s*-\s*)?\d+(?:\.\d+)*", re.IGNORECASE)
CAPTION_WINDOW = 200  # characters after "Tabel" in which a title counts as a caption


def _mappings_path() -> Path:
    from ..tc_specs import MAPPINGS_DIR

    return MAPPINGS_DIR / "tables.json"


@lru_cache(maxsize=1)
def load_table_patterns() -> dict[str, Any]:
    """The caption/title/header patterns of mappings/tables.json, compiled.

    Returns ``{"label": Pattern, "titles": [Pattern], "headers": [(kind, all, any, none)]}``.
    """
    path = _mappings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # a broken install, not a user error
        raise RuntimeError(f"cannot read table patterns {path}: {exc}") from exc
    flags = re.IGNORECASE
    titles: list[re.Pattern[str]] = []
    headers: list[tuple[str, list[re.Pattern[str]], list[re.Pattern[str]], list[re.Pattern[str]]]] = []
    for kind, spec in raw["kinds"].items():
        titles.extend(re.compile(t, flags) for t in spec.get("titles", []) if not t.startswith("^"))
        headers.append(
            (
                kind,
                [re.compile(p, flags) for p in spec.get("header_all", [])],
                [re.compile(p, flags) for p in spec.get("header_any", [])],
                [re.compile(p, flags) for p in spec.get("header_none", [])],
            )
        )
    return {"label": re.compile(raw["label_pattern"], flags), "titles": titles, "headers": headers}


# --------------------------------------------------------------------------------------------- opening


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
    layer that images cover, how the picture looks (``readers.ocr.ScanLook``: can it be a scanned table?)."""

    text: str
    size: tuple[float, float]
    scan: Any = None


@dataclass
class PdfScreen:
    """Every page's ``PageScreen``, and the pages that could not be read (their text is empty)."""

    pages: list[PageScreen]
    failures: list[PageFailure] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [p.text for p in self.pages]


_SCREEN_CACHE: dict[tuple[str, int, int], PdfScreen] = {}  # the last two documents' screens
BAD_PAGE_ERRORS: tuple[type[BaseException], ...] = (pdfium.PdfiumError, InputError, MemoryError)


def screen_pdf(path: str | Path) -> PdfScreen:
    """The text of every page (pypdfium2), in page order, and a look at the pages without text.

    Raises InputError for a file that cannot be opened at all; a page that cannot be read (a pdfium error,
    or pdfium crashing the process: the pages are read in a child process) is a ``PageFailure`` and an
    empty text. The screen of the last document read is kept (keyed by path, size and modification time):
    the pipeline asks for the texts again when it reads the tables.
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
    screen = _screen(path)
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


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise _pdfium_error(path, exc) from None
    except Exception as exc:  # noqa: BLE001 - any library failure to open the file is an unreadable input
        raise InputError(f"{path}: corrupt PDF ({type(exc).__name__}: {exc})") from None


def _screen(path: Path) -> PdfScreen:
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
    failures = []
    import numpy  # noqa: F401 - for look_at_scan: imported once here, not in each worker that meets an image page
    from PIL import Image  # noqa: F401 - (the outputs' workbook library imports numpy anyway)

    per_page = _with_document(path, _screen_page)
    workers = _worker_count(None, n)  # two cores read a long document's pages side by side, as read_pdf does
    for number, value in run_isolated(per_page, list(range(1, n + 1)), workers, BAD_PAGE_ERRORS):
        if isinstance(value, PageFailure):
            failures.append(value)
        else:
            pages[number] = value
    out = [pages.get(i + 1) or PageScreen("", (float(sizes[i][0]), float(sizes[i][1]))) for i in range(n)]
    return PdfScreen(out, failures)


def _screen_page(doc: pdfium.PdfDocument, number: int) -> PageScreen:
    from .ocr import has_text_layer, look_at_scan

    page = doc[number - 1]
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
        finally:
            textpage.close()
        width, height = page.get_size()
        scan = None if has_text_layer(text) else look_at_scan(page)
    finally:
        page.close()
    return PageScreen(text, (width, height), scan)


def _with_document(path: Path, per_page: Callable[[pdfium.PdfDocument, Any], Any]) -> Callable[[Any], Any]:
    """``per_page(doc, item)`` as a function of the item alone, opening ``path`` once in the process that
    calls it (a child of run_isolated: pdfium documents never cross processes or threads)."""
    held: dict[str, pdfium.PdfDocument] = {}

    def run(item: Any) -> Any:
        if "doc" not in held:
            held["doc"] = _open(path)
        return per_page(held["doc"], item)

    return run


# ------------------------------------------------------------------------------------ candidate pages


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _page_stats(text: str) -> dict[str, float]:
    tokens = text.split()
    numbers = sum(1 for t in tokens if _NUMBER_RE.match(t))
    return {
        "tokens": len(tokens),
        "number_ratio": numbers / len(tokens) if tokens else 0.0,
        "codes": len(_CODE_RE.findall(text)),
        "leaders": len(_LEADER_RE.findall(text)),
    }


def _is_tabular(stats: dict[str, float]) -> bool:
    if stats["tokens"] < 10:
        return False
    return stats["number_ratio"] >= TABULAR_NUMBER_RATIO or stats["codes"] >= TABULAR_MIN_CODES


def _names_table(flat: str, tabular: bool) -> bool:
    """Does the page name a TC table?

    Yes for a label ("T-C.27") anywhere; for a title inside a caption (the ``CAPTION_WINDOW`` characters
    from a word "Tabel"/"Table"/"Matriks" on); on a tabular page also for a title anywhere, a numbered
    caption ("Tabel 2.1.3") or a kind's header words. Titles alone are not enough on prose pages:
    "tujuan dan sasaran" is common prose.
    """
    pats = load_table_patterns()
    if pats["label"].search(flat):
        return True
    if tabular:
        windows = [flat]
    else:
        windows = [flat[m.start() : m.start() + CAPTION_WINDOW] for m in _CAPTION_WORD_RE.finditer(flat)]
    if any(t.search(w) for w in windows for t in pats["titles"]):
        return True
    if not tabular:
        return False
    if _CAPTION_RE.search(flat):  # a numbered table caption on a tabular page: let the recogniser judge
        return True
    for _kind, all_, any_, none in pats["headers"]:
        if all(p.search(flat) for p in all_) and (not any_ or any(p.search(flat) for p in any_)):
            if not any(p.search(flat) for p in none):
                return True
    return False


def candidate_pages(texts: Sequence[str], sizes: Sequence[tuple[float, float]] | None = None) -> list[int]:
    """1-based numbers of the pages worth searching for tables.

    A page starts a run when it names a TC table (``_names_table``) and is not a list of contents (dot
    leaders). The run goes on over the following pages while they look tabular (many numbers or dotted
    codes) or, when page ``sizes`` are given, while they keep the unusual (e.g. landscape) size of the
    page before them.
    """
    stats = [_page_stats(t) for t in texts]
    usual = statistics.mode(sizes) if sizes else None
    out: list[int] = []
    in_run = False
    for i, text in enumerate(texts):
        st = stats[i]
        tabular = _is_tabular(st)
        starts = st["leaders"] < MIN_TOC_LEADERS and _names_table(_collapse(text), tabular)
        continues = False
        if in_run and st["tokens"] > 0:
            same_odd_size = sizes is not None and len(sizes) > i and sizes[i] == sizes[i - 1] and sizes[i] != usual
            continues = tabular or same_odd_size
        if starts or continues:
            out.append(i + 1)
            in_run = True
        else:
            in_run = False
    return out


def _page_sizes(path: Path) -> list[tuple[float, float]]:
    return [(round(p.size[0]), round(p.size[1])) for p in screen_pdf(path).pages]


def document_candidates(path: str | Path) -> tuple[list[int], int]:
    """``candidate_pages`` of a file (with page sizes), and its page count."""
    path = Path(path)
    texts = pdf_page_texts(path)
    return candidate_pages(texts, _page_sizes(path)), len(texts)


# ------------------------------------------------------------------------------------------- grids


def _cluster(values: Iterable[float], tol: float = BOUNDARY_TOLERANCE) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _nearest(bounds: list[float], v: float) -> int:
    i = bisect.bisect_left(bounds, v)
    if i == 0:
        return 0
    if i == len(bounds):
        return len(bounds) - 1
    return i if bounds[i] - v < v - bounds[i - 1] else i - 1


class _Grid:
    """Cell boxes placed on row/column boundaries; finds the cell under a point."""

    def __init__(self, boxes: Sequence[BBox]):
        self.xs = _cluster(x for b in boxes for x in (b[0], b[2]))
        self.ys = _cluster(y for b in boxes for y in (b[1], b[3]))
        self.n_rows = max(len(self.ys) - 1, 0)
        self.n_cols = max(len(self.xs) - 1, 0)
        self.places: list[tuple[int, int, int, int]] = []  # row, col, rowspan, colspan per box
        self.owner: list[list[int | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for k, (x0, top, x1, bottom) in enumerate(boxes):
            r0, r1 = _nearest(self.ys, top), _nearest(self.ys, bottom)
            c0, c1 = _nearest(self.xs, x0), _nearest(self.xs, x1)
            r1, c1 = max(r1, r0 + 1), max(c1, c0 + 1)
            self.places.append((r0, c0, r1 - r0, c1 - c0))
            for r in range(r0, min(r1, self.n_rows)):
                for c in range(c0, min(c1, self.n_cols)):
                    if self.owner[r][c] is None:
                        self.owner[r][c] = k

    def cell_at(self, x: float, y: float) -> int | None:
        if not self.xs or x < self.xs[0] or x > self.xs[-1] or y < self.ys[0] or y > self.ys[-1]:
            return None
        c = min(max(bisect.bisect_right(self.xs, x) - 1, 0), self.n_cols - 1)
        r = min(max(bisect.bisect_right(self.ys, y) - 1, 0), self.n_rows - 1)
        return self.owner[r][c]


def _assign_chars(grid: _Grid, chars: Iterable[dict[str, Any]], bbox: BBox) -> tuple[list[list[dict]], int]:
    """Characters per cell box (by centre), and how many inside ``bbox`` fell in no cell."""
    per_cell: list[list[dict]] = [[] for _ in grid.places]
    lost = 0
    x0, top, x1, bottom = bbox
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            continue
        k = grid.cell_at(cx, cy)
        if k is None:
            if ch["text"].strip():
                lost += 1
        else:
            per_cell[k].append(ch)
    return per_cell, lost


def _value_clusters(items: list[dict[str, Any]], key: str, tolerance: float) -> list[list[dict[str, Any]]]:
    """Items grouped by ``key``: sorted distinct values chained while each is within ``tolerance`` of the one
    before; groups in value order, items inside a group in their input order (pdfplumber's cluster_objects)."""
    ids: dict[float, int] = {}
    last: float | None = None
    group = -1
    for value in sorted({item[key] for item in items}):
        if last is None or value > last + tolerance:
            group += 1
        ids[value] = group
        last = value
    out: list[list[dict[str, Any]]] = [[] for _ in range(group + 1)]
    for item in items:
        out[ids[item[key]]].append(item)
    return out


def _words(chars: list[dict[str, Any]], x_tol: float, y_tol: float) -> list[tuple[float, str]]:
    """(top, text) of the words of ``chars``, in the order pdfplumber's WordExtractor makes them.

    Characters run in groups of the same uprightness; an upright group is cut into lines by ``top`` and each
    line read left to right; a word ends at a blank, a step back, a gap wider than ``x_tol`` or a jump of
    ``top`` beyond ``y_tol``. Other characters: lines by ``x0``, read top to bottom, tolerances swapped.
    """
    words: list[tuple[float, str]] = []
    for upright, run in itertools.groupby(chars, key=itemgetter("upright")):
        group = list(run)
        line_key, along, start, end, across = (
            ("top", "x0", "x0", "x1", "top") if upright else ("x0", "top", "top", "bottom", "x0")
        )
        gap, drift = (x_tol, y_tol) if upright else (y_tol, x_tol)
        for line in _value_clusters(group, line_key, y_tol if upright else x_tol):
            line.sort(key=itemgetter(along))
            word: list[dict[str, Any]] = []
            for ch in line:
                if ch["text"].isspace():
                    if word:
                        words.append(_word(word))
                    word = []
                    continue
                if word:
                    prev = word[-1]
                    if ch[start] < prev[start] or ch[start] > prev[end] + gap or abs(ch[across] - prev[across]) > drift:
                        words.append(_word(word))
                        word = []
                word.append(ch)
            if word:
                words.append(_word(word))
    return words


def _word(chars: list[dict[str, Any]]) -> tuple[float, str]:
    return min(c["top"] for c in chars), "".join(LIGATURES.get(c["text"], c["text"]) for c in chars)


def _cell_text(chars: list[dict[str, Any]]) -> str:
    """The text of a cell's characters: what pdfplumber's ``extract_text(chars, **TEXT_TOLERANCES)`` gives
    (words cut as above, then lines of words by ``top``, words joined by a space), without its per-call cost;
    blank lines dropped, line ends stripped."""
    if not chars:
        return ""
    words = [{"top": top, "text": text} for top, text in _words(chars, TEXT_X_TOL, TEXT_Y_TOL)]
    lines = (" ".join(w["text"] for w in line).strip() for line in _value_clusters(words, "top", TEXT_Y_TOL))
    return "\n".join(line for line in lines if line)


def _build_cells(boxes: Sequence[BBox], chars: list[dict[str, Any]], bbox: BBox) -> tuple[list[Cell], _Grid, int]:
    grid = _Grid(boxes)
    per_cell, lost = _assign_chars(grid, chars, bbox)
    cells = [
        Cell(
            text=_cell_text(per_cell[k]),
            row=r,
            col=c,
            rowspan=rs,
            colspan=cs,
            bbox=tuple(round(v, 2) for v in boxes[k]),  # type: ignore[arg-type]
        )
        for k, (r, c, rs, cs) in enumerate(grid.places)
    ]
    cells.sort(key=lambda cell: (cell.row, cell.col))
    return cells, grid, lost


# ------------------------------------------------------------------------------------------ strategies


def _edge(orientation: str, x0: float, x1: float, top: float, bottom: float) -> dict[str, Any]:
    return {
        "object_type": "rule_edge",  # "_edge" in the type: pdfplumber takes it as an edge, unchanged
        "orientation": orientation,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
    }


def _is_shading(path: PathPiece) -> bool:
    """A filled, unstroked rectangle or path thicker than a rule: a background, not a border."""
    if not path.fill or path.stroke:
        return False
    x0, top, x1, bottom = path.bbox
    return min(x1 - x0, bottom - top) >= SHADING_MIN_THICKNESS


def _rule_edges(objs: PageObjects) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The page's rules as exact horizontal and vertical edges (shading left out).

    pdfplumber's own edges take a line as horizontal only when its two ends have exactly the same y; in
    PDFs drawn through a scaling matrix (Kec. Banyuwangi p.33) they differ by 1e-8 and the whole ruling
    is lost. Here a segment is horizontal (vertical) when its ends differ by at most RULE_SLANT in y (x).
    Every side of every subpath counts (a rectangle's four sides, a polyline's segments).
    """
    h: list[dict[str, Any]] = []
    v: list[dict[str, Any]] = []
    for path in objs.paths:
        if _is_shading(path):
            continue
        pts = path.points
        for (xa, ya), (xb, yb) in zip(pts, pts[1:]):
            if abs(ya - yb) <= RULE_SLANT and abs(xa - xb) > 0:
                y = (ya + yb) / 2
                h.append(_edge("h", min(xa, xb), max(xa, xb), y, y))
            elif abs(xa - xb) <= RULE_SLANT and abs(ya - yb) > 0:
                x = (xa + xb) / 2
                v.append(_edge("v", x, x, min(ya, yb), max(ya, yb)))
    return h, v


def _ruled_extent(v_edges: list[dict[str, Any]], bbox: BBox) -> BBox:
    """The table box widened to the vertical rules that run along most of its height.

    A column whose cells are open at both ends on this page (a merge running on from the page before to
    the page after) has rules on its sides but no horizontal rule at all, so pdfplumber leaves it out.
    """
    x0, top, x1, bottom = bbox
    height = bottom - top
    covered: dict[int, float] = {}  # x (whole points) -> length of rule segments inside the table's height
    for edge in v_edges:
        shared = min(edge["bottom"], bottom) - max(edge["top"], top)
        if shared > 0:
            covered[round(edge["x0"])] = covered.get(round(edge["x0"]), 0.0) + shared
    for x, length in covered.items():
        if length >= 0.5 * height:
            x0, x1 = min(x0, x), max(x1, x)
    return (x0, top, x1, bottom)


def _lines_settings(h_edges: list[dict[str, Any]], v_edges: list[dict[str, Any]]) -> dict[str, Any]:
    return dict(
        DEFAULT_LINES_SETTINGS,
        vertical_strategy="explicit",
        horizontal_strategy="explicit",
        explicit_vertical_lines=v_edges,
        explicit_horizontal_lines=h_edges,
    )


def _find_tables(settings: dict[str, Any], chars: list[dict[str, Any]]) -> list[tuple[BBox, list[BBox]]]:
    """pdfplumber's table finder on a list of characters instead of a page: (table box, cell boxes) each.

    The steps of pdfplumber's ``TableFinder``, with its own functions: edges (explicit edges as given; the
    "text" strategy's edges from the words of ``chars``), merged (snapped and joined), short ones dropped,
    intersections, cells, cells grouped into tables.
    """
    ts = TableSettings.resolve(settings)
    words: list[dict[str, Any]] = []
    if "text" in (ts.vertical_strategy, ts.horizontal_strategy):
        words = extract_words(chars, **(ts.text_settings or {}))
    edges: list[dict[str, Any]] = []
    for orientation, strategy, explicit in (
        ("v", ts.vertical_strategy, ts.explicit_vertical_lines),
        ("h", ts.horizontal_strategy, ts.explicit_horizontal_lines),
    ):
        if strategy == "text":
            if orientation == "v":
                edges += words_to_edges_v(words, word_threshold=ts.min_words_vertical)
            else:
                edges += words_to_edges_h(words, word_threshold=ts.min_words_horizontal)
        elif strategy != "explicit":
            raise ValueError(f"strategy {strategy!r} needs a pdfplumber page; use explicit edges")
        edges += [e for e in explicit or [] if isinstance(e, dict) and e["orientation"] == orientation]
    edges = _merge_edges(edges, ts.snap_x_tolerance, ts.snap_y_tolerance, ts.join_x_tolerance, ts.join_y_tolerance)
    edges = filter_edges(edges, min_length=ts.edge_min_length)
    intersections = edges_to_intersections(edges, ts.intersection_x_tolerance, ts.intersection_y_tolerance)
    out: list[tuple[BBox, list[BBox]]] = []
    for group in cells_to_tables(_intersections_to_cells(intersections)):
        bbox = (
            min(c[0] for c in group),
            min(c[1] for c in group),
            max(c[2] for c in group),
            max(c[3] for c in group),
        )
        out.append((bbox, list(group)))
    return out


def _merge_edges(edges: list[dict[str, Any]], snap_x: float, snap_y: float, join_x: float,
                 join_y: float) -> list[dict[str, Any]]:
    """pdfplumber's ``merge_edges``: the same edges, in the same order, with the same coordinates to the last bit,
    in a third of the time (pdfplumber rebuilds every edge dict from its items for each move; a dense page has
    1,000-2,000 edges). Edges within the snap tolerance of each other across their line are moved to their mean
    position, then edges on one line that touch or overlap (within the join tolerance) are joined."""
    if snap_x > 0 or snap_y > 0:
        v = _snap([e for e in edges if e["orientation"] == "v"], "x0", snap_x)
        h = _snap([e for e in edges if e["orientation"] == "h"], "top", snap_y)
        edges = v + h
    lines: dict[tuple[str, float], list[dict[str, Any]]] = {}
    for e in edges:
        lines.setdefault((e["orientation"], e["x0"] if e["orientation"] == "v" else e["top"]), []).append(e)
    out: list[dict[str, Any]] = []
    for key in sorted(lines):
        out.extend(_join_line(lines[key], key[0], join_x if key[0] == "h" else join_y))
    return out


def _snap(edges: list[dict[str, Any]], key: str, tolerance: float) -> list[dict[str, Any]]:
    """pdfplumber's ``snap_objects(edges, key, tolerance)``: edges clustered by ``key`` (sorted distinct values
    chained while each is within ``tolerance`` of the one before), each cluster moved to its mean; clusters in
    value order, edges of a cluster in input order."""
    cluster_of: dict[float, int] = {}
    last: float | None = None
    n = 0
    for value in sorted({e[key] for e in edges}):
        if last is None or value > last + tolerance:
            n += 1
        cluster_of[value] = n - 1
        last = value
    clusters: list[list[dict[str, Any]]] = [[] for _ in range(n)]
    for e in edges:
        clusters[cluster_of[e[key]]].append(e)
    out: list[dict[str, Any]] = []
    for cluster in clusters:
        mean = sum(e[key] for e in cluster) / len(cluster)
        out.extend(_moved(e, key, mean - e[key]) for e in cluster)
    return out


def _moved(edge: dict[str, Any], key: str, shift: float) -> dict[str, Any]:
    """pdfplumber's ``move_object``: ``edge`` moved by ``shift`` across its line (x for key "x0", y for "top")."""
    if key == "x0":
        return {**edge, "x0": edge["x0"] + shift, "x1": edge["x1"] + shift}
    out = {**edge, "top": edge["top"] + shift, "bottom": edge["bottom"] + shift}
    if "doctop" in edge:
        out["doctop"] = edge["doctop"] + shift
    if "y0" in edge:
        out["y0"], out["y1"] = edge["y0"] - shift, edge["y1"] - shift
    return out


def _join_line(edges: list[dict[str, Any]], orientation: str, tolerance: float) -> list[dict[str, Any]]:
    """pdfplumber's ``join_edge_group``: edges on one line joined where they touch or overlap within
    ``tolerance`` (an edge extended keeps its other values; its length follows)."""
    start, end = ("x0", "x1") if orientation == "h" else ("top", "bottom")
    ordered = sorted(edges, key=itemgetter(start))
    joined = [ordered[0]]
    for e in ordered[1:]:
        last = joined[-1]
        if e[start] > last[end] + tolerance:
            joined.append(e)
        elif e[end] > last[end]:
            joined[-1] = _extended(last, end, e[end])
    return joined


def _extended(edge: dict[str, Any], end: str, value: float) -> dict[str, Any]:
    """pdfplumber's ``resize_object(edge, end, value)`` for the far end of an edge ("x1" or "bottom")."""
    out = dict(edge)
    out[end] = value
    if end == "x1":
        out["width"] = value - edge["x0"]
    else:
        diff = value - edge["bottom"]
        out["height"] = edge["height"] + diff
        if "y0" in edge:
            out["y0"] = edge["y0"] - diff
    return out


def _intersections_to_cells(intersections: dict[tuple[float, float], dict[str, list[dict[str, Any]]]]) -> list[BBox]:
    """pdfplumber's ``intersections_to_cells``, the same cells in the same order, in a fraction of the time.

    For each intersection (in x, then y order), the smallest cell it is the top-left corner of: the first
    intersection below it joined to it by a vertical edge, then the first to its right joined by a horizontal
    edge, such that the corner opposite is an intersection joined to both. Two intersections are joined when
    they share an edge (edges compared by their boxes). pdfplumber's version rebuilds the edge sets for every
    pair it tries (35 ms of a dense landscape page); here they are built once.
    """
    v_sets = {p: frozenset((e["x0"], e["top"], e["x1"], e["bottom"]) for e in d["v"]) for p, d in intersections.items()}
    h_sets = {p: frozenset((e["x0"], e["top"], e["x1"], e["bottom"]) for e in d["h"]) for p, d in intersections.items()}
    points = sorted(intersections)
    below: dict[float, list[tuple[float, float]]] = {}
    right: dict[float, list[tuple[float, float]]] = {}
    for p in points:  # columns in y order, rows in x order (points are sorted by x, then y)
        below.setdefault(p[0], []).append(p)
    for p in sorted(points, key=lambda q: (q[1], q[0])):
        right.setdefault(p[1], []).append(p)
    column_index = {p: i for col in below.values() for i, p in enumerate(col)}
    row_index = {p: i for row in right.values() for i, p in enumerate(row)}
    cells: list[BBox] = []
    for pt in points:
        below_pts = below[pt[0]][column_index[pt] + 1 :]
        right_pts = right[pt[1]][row_index[pt] + 1 :]
        found = None
        for b in below_pts:
            if v_sets[pt].isdisjoint(v_sets[b]):
                continue
            for r in right_pts:
                if h_sets[pt].isdisjoint(h_sets[r]):
                    continue
                corner = (r[0], b[1])
                if corner in intersections and not v_sets[corner].isdisjoint(v_sets[r]):
                    if not h_sets[corner].isdisjoint(h_sets[b]):
                        found = (pt[0], pt[1], corner[0], corner[1])
                        break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def _ruled_tables(
    chars: list[dict[str, Any]], h_edges: list[dict[str, Any]], v_edges: list[dict[str, Any]]
) -> list[tuple[BBox, list[Cell], int, int]]:
    if len(h_edges) < 2 or len(v_edges) < 2:
        return []
    found = _find_tables(_lines_settings(h_edges, v_edges), chars)
    out = []
    for bbox, boxes in found:
        cells, grid, lost = _build_cells(boxes, chars, bbox)
        extent = _ruled_extent(v_edges, bbox)
        if lost or extent[0] < bbox[0] - BOUNDARY_TOLERANCE or extent[2] > bbox[2] + BOUNDARY_TOLERANCE:
            # Close the table along its top and bottom (over the full ruled width) and search again.
            x0, top, x1, bottom = extent
            closing = [_edge("h", x0, x1, top, top), _edge("h", x0, x1, bottom, bottom)]
            again = _find_tables(_lines_settings(h_edges + closing, v_edges), chars)
            again = [t for t in again if _overlap(t[0], bbox) > 0.5]
            if again:
                bbox, boxes = max(again, key=lambda t: len(t[1]))
                cells, grid, lost = _build_cells(boxes, chars, bbox)
        if grid.n_rows >= MIN_TABLE_ROWS and grid.n_cols >= MIN_TABLE_COLS:
            out.append((bbox, cells, grid.n_rows, grid.n_cols))
    return out


def _overlap(a: BBox, b: BBox) -> float:
    """Share of the smaller box covered by the intersection."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return w * h / smaller if smaller > 0 else 0.0


def _long_rules(h_edges: list[dict[str, Any]], page_width: float) -> list[tuple[float, float, float]]:
    """Horizontal rules (y, x0, x1) at least LONG_RULE_SHARE of the page wide, joining collinear segments.

    Word draws a row border of an unruled-column table as one short segment per cell; joined, they give
    the table's row rules and its vertical extent.
    """
    by_y: dict[int, list[tuple[float, float]]] = {}
    for e in h_edges:
        by_y.setdefault(round(e["top"]), []).append((e["x0"], e["x1"]))
    spans: list[tuple[float, float, float]] = []
    for y in sorted(by_y):
        segments = sorted(by_y[y])
        x0, x1 = segments[0]
        for a, b in segments[1:] + [(float("inf"), float("inf"))]:
            if a - x1 <= BOUNDARY_TOLERANCE:
                x1 = max(x1, b)
                continue
            if x1 - x0 >= LONG_RULE_SHARE * page_width and not (spans and y - spans[-1][0] <= BOUNDARY_TOLERANCE):
                spans.append((float(y), x0, x1))
            x0, x1 = a, b
    return spans


def _text_tables(
    objs: PageObjects, chars: list[dict[str, Any]], h_edges: list[dict[str, Any]]
) -> list[tuple[BBox, list[Cell], int, int]]:
    """Tables without vertical rules: columns from the text; rows from horizontal rules when there are two
    or more long ones (the table is then searched between the first and the last), else from the text."""
    settings = dict(DEFAULT_TEXT_SETTINGS)
    region = chars
    rules = _long_rules(h_edges, objs.width)
    # The band of one table: the most rules sharing the same left and right ends (a footer rule differs).
    groups: dict[tuple[int, int], list[tuple[float, float, float]]] = {}
    for rule in rules:
        key = next((k for k in groups if abs(k[0] - rule[1]) <= 5 and abs(k[1] - rule[2]) <= 5), None)
        groups.setdefault(key or (round(rule[1]), round(rule[2])), []).append(rule)
    rules = max(groups.values(), key=len) if groups else []
    rows_ruled = len(rules) >= 2
    if rows_ruled:
        # Columns from the text inside the ruled band, then a clean explicit grid: those columns (plus the
        # band's ends) as full-height lines, the rules as rows. Text-derived column edges stop at the
        # words, short of the first and last rule, which would lose the first and last rows.
        x0, x1 = min(r[1] for r in rules), max(r[2] for r in rules)
        top, bottom = rules[0][0], rules[-1][0]
        region = crop_to_bbox(chars, (x0, top - 1, x1, bottom + 1))
        found = _find_tables(settings, region)
        xs = _cluster([x0, x1] + [x for _bbox, boxes in found for c in boxes for x in (c[0], c[2])])
        settings = dict(
            DEFAULT_TEXT_SETTINGS,
            vertical_strategy="explicit",
            horizontal_strategy="explicit",
            explicit_vertical_lines=[_edge("v", x, x, top, bottom) for x in xs],
            explicit_horizontal_lines=[_edge("h", x0, x1, y, y) for y, _a, _b in rules],
        )
    out = []
    for bbox, boxes in _find_tables(settings, region):
        cells, grid, _lost = _build_cells(boxes, chars, bbox)
        n_rows = grid.n_rows
        if not rows_ruled:
            if not _has_anchor(cells, grid.n_rows, grid.n_cols):
                continue  # no numeric column and no rules at all: prose cut into columns, not a table
            cells, n_rows = _merge_continuation_rows(cells, grid.n_rows, grid.n_cols)
        if n_rows >= MIN_TABLE_ROWS and grid.n_cols >= MIN_TABLE_COLS:
            out.append((bbox, cells, n_rows, grid.n_cols))
    return out


_NUMERIC_CELL_RE = re.compile(r"^[(\-]?[\d.,%\s]*\d[\d.,%\s]*\)?$")


def _anchor_columns(rows: list[dict[int, Cell]], n_cols: int) -> set[int]:
    """Columns whose filled cells are mostly numbers (at least 2 of them, 60% or more)."""
    anchors = set()
    for c in range(n_cols):
        texts = [row[c].text for row in rows if c in row and row[c].text]
        numeric = sum(1 for t in texts if _NUMERIC_CELL_RE.match(t))
        if numeric >= 2 and numeric >= 0.6 * len(texts):
            anchors.add(c)
    return anchors


def _has_anchor(cells: list[Cell], n_rows: int, n_cols: int) -> bool:
    rows: list[dict[int, Cell]] = [{} for _ in range(n_rows)]
    for cell in cells:
        rows[cell.row][cell.col] = cell
    return bool(_anchor_columns(rows, n_cols))


def _merge_continuation_rows(cells: list[Cell], n_rows: int, n_cols: int) -> tuple[list[Cell], int]:
    """Fold wrapped text back into its row (text-strategy tables, whose cells never span).

    Rule: once the table has anchor columns (mostly numeric), a row with text but nothing in any anchor
    column continues the row above: each of its cell texts is appended to the cell of the same column
    above, after a line break, and the boxes are joined. A row above that is itself anchor-less (a header
    or section row) still takes the continuation; the first row never does.
    """
    rows: list[dict[int, Cell]] = [{} for _ in range(n_rows)]
    for cell in cells:
        rows[cell.row][cell.col] = cell
    anchors = _anchor_columns(rows, n_cols)
    if not anchors:
        return cells, n_rows
    merged: list[dict[int, Cell]] = []
    for row in rows:
        has_text = any(c.text for c in row.values())
        is_continuation = merged and has_text and not any(row.get(a) and row[a].text for a in anchors)
        if not is_continuation:
            merged.append(dict(row))
            continue
        above = merged[-1]
        for col, cell in row.items():
            if col not in above:
                above[col] = cell
                continue
            prev = above[col]
            text = "\n".join(t for t in (prev.text, cell.text) if t)
            above[col] = Cell(text, prev.row, prev.col, prev.rowspan, prev.colspan, _union(prev.bbox, cell.bbox))
    out = [Cell(c.text, r, c.col, 1, c.colspan, c.bbox) for r, row in enumerate(merged) for c in row.values()]
    out.sort(key=lambda cell: (cell.row, cell.col))
    return out, len(merged)


def _union(a: BBox | None, b: BBox | None) -> BBox | None:
    if a is None or b is None:
        return a or b
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _context(objs: PageObjects, chars: list[dict[str, Any]], top_limit: float, table_top: float) -> tuple[str, ...]:
    """The lines of text wholly between ``top_limit`` and the table's top (pdfplumber's text lines)."""
    if table_top - top_limit < 1:
        return ()
    top, width = max(top_limit, 0), objs.width
    region = [c for c in chars if top <= c["top"] and c["bottom"] <= table_top and 0 <= c["x0"] <= c["x1"] <= width]
    if not region:
        return ()
    textmap = chars_to_textmap(region)
    lines = [_collapse(line["text"]) for line in textmap.extract_text_lines(strip=True, return_chars=False)]
    lines = [line for line in lines if line]
    return tuple(lines[-MAX_CONTEXT_LINES:])


# ----------------------------------------------------------------------------------------------- read


def _tables_on_page(objs: PageObjects, page_text: str) -> list[tuple[BBox, list[Cell], int, int]]:
    chars = objs.chars
    h_edges, v_edges = _rule_edges(objs)
    tables = _ruled_tables(chars, h_edges, v_edges)
    if not tables and _is_tabular(_page_stats(page_text)):
        tables = _text_tables(objs, chars, h_edges)
    tables.sort(key=lambda t: (t[0][1], t[0][0]))
    return tables


def read_pdf(
    path: str | Path,
    pages: Iterable[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    workers: int | None = None,
    failures: list[PageFailure] | None = None,
) -> tuple[list[RawTable], int]:
    """Tables on ``pages`` (1-based; default: ``candidate_pages``), and the document's page count.

    ``progress(done, total)`` is called as pages are read. Raises InputError for unusable files.

    Pages are read in child processes (``readers.isolated``): a page that fails, even by crashing pdfium, is
    added to ``failures`` and the other pages are read; without a ``failures`` list, the first failure raises
    InputError (internal errors included, named as such).

    ``workers``: processes reading pages side by side (default: ``RENSTRA_PDF_WORKERS`` or 2 when the machine
    has two cores). Used only for ``PARALLEL_MIN_PAGES`` pages or more; the tables are the same either way.
    """
    path = Path(path)
    screen = screen_pdf(path)
    texts = pdf_page_texts(path)
    n_pages = len(texts)
    if pages is None:
        wanted = candidate_pages(texts, _page_sizes(path))
    else:
        wanted = sorted({p for p in pages if 1 <= p <= n_pages})
    failed_before = {f.item for f in screen.failures}
    wanted = [p for p in wanted if p not in failed_before]
    source = str(path)

    def tables_of(doc: pdfium.PdfDocument, number: int) -> list[RawTable]:
        return _page_tables(doc, number, texts[number - 1], source)

    by_page: dict[int, list[RawTable]] = {}
    done = 0
    per_page = _with_document(path, tables_of)
    for number, value in run_isolated(per_page, wanted, _worker_count(workers, len(wanted)), BAD_PAGE_ERRORS):
        if isinstance(value, PageFailure):
            if failures is None:
                kind = "internal error" if value.code != "page-failed" else "unreadable"
                raise InputError(f"{path}: page {number} {kind} ({value.reason})")
            failures.append(value)
        else:
            by_page[number] = value
        done += 1
        if progress is not None:
            progress(done, len(wanted))
    return index_tables(t for number in sorted(by_page) for t in by_page[number]), n_pages


PARALLEL_MIN_PAGES = 12  # fewer candidate pages are read by one child process: a second one costs more


def _worker_count(requested: int | None, n_pages: int) -> int:
    if requested is None:
        env = os.environ.get("RENSTRA_PDF_WORKERS", "").strip()
        requested = int(env) if env.isdigit() else min(2, os.cpu_count() or 1)
    if requested < 2 or n_pages < PARALLEL_MIN_PAGES:
        return 1
    return min(requested, 4)


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
    out: list[RawTable] = []
    previous_bottom = 0.0
    for bbox, cells, n_rows, n_cols in _tables_on_page(objs, text):
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
            )
        )
        previous_bottom = bbox[3]
    return out
