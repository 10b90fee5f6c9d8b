"""Which pages of a PDF are worth the table finder (``candidate_pages``), from their text alone.

A page starts a run when it names a TC table (a label such as "T-C.27", a title from mappings/tables.json, or
the header words of a kind on a page that looks tabular) and is not a list of contents; the run goes on over
the pages after it while they still look like the same table (numbers, codes, or the same odd page size).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from ..tc_specs import load_specs
from ..textnorm import collapse
from .pdf_screen import pdf_page_texts, screen_pdf

# What makes page text look like a table (see _page_stats).
_NUMBER_RE = re.compile(r"^[(\-]?\d[\d.,]*%?\)?$")
_CODE_RE = re.compile(r"\b\d{1,2}(?:\.(?:\d{1,4}|X{1,2}|x{1,2})){2,}\b")
_LEADER_RE = re.compile(r"\.{5,}|(?:\. ){4,}")
TABULAR_NUMBER_RATIO = 0.22  # share of tokens that are numbers on a table page (prose: 0.00-0.15)
TABULAR_MIN_CODES = 4  # dotted codes (2.18.01.2.09) on a page of a program table
MIN_TOC_LEADERS = 3  # a page with this many dot leaders is a list of contents/tables, not a table
_CAPTION_WORD_RE = re.compile(r"\b(?:tabel|table|matriks)\b", re.IGNORECASE)
_CAPTION_RE = re.compile(r"\b(?:tabel|table)\s*\.?\s*(?:[A-Z]\s*-\s*)?\d+(?:\.\d+)*", re.IGNORECASE)
# a line of prose ending by naming a table: "... digambarkan dalam tabel 4.1", "... pada Tabel 3.2 berikut:"
_REFERENCE_END_RE = re.compile(r"\S\s+(?:tabel|table)\s*\.?\s*\d+(?:\.\d+)*\s*(?:berikut|di\s*bawah\s*ini)?\s*[.:]?$",
                               re.IGNORECASE)
CAPTION_WINDOW = 200  # characters after "Tabel" in which a title counts as a caption
MAX_CAPTION_WINDOW_LINES = 12  # lines from a caption line in which its table's header is looked for


@lru_cache(maxsize=1)
def _unanchored_titles() -> tuple[re.Pattern[str], ...]:
    """The kinds' titles that may stand anywhere in a page's text (a title anchored with "^" is matched by the
    recogniser against a caption's start, not here)."""
    return tuple(t for spec in load_specs().kinds.values() for t in spec.titles if not t.pattern.startswith("^"))


def compile_patterns() -> None:
    """Load the TC specs and compile the titles ``may_hold_table`` looks for (before page workers are forked,
    so that they share them)."""
    _unanchored_titles()


def _page_stats(text: str) -> dict[str, float]:
    """How tabular a page's text looks: its tokens, the share of them that are numbers, its dotted codes and dot
    leaders (a fresh dict: the counts are remembered for the last pages, asked of each page several times)."""
    return dict(_counted_stats(text))


@lru_cache(maxsize=64)
def _counted_stats(text: str) -> tuple[tuple[str, float], ...]:
    tokens = text.split()
    numbers = sum(1 for t in tokens if _NUMBER_RE.match(t))
    return (
        ("tokens", len(tokens)),
        ("number_ratio", numbers / len(tokens) if tokens else 0.0),
        ("codes", len(_CODE_RE.findall(text))),
        ("leaders", len(_LEADER_RE.findall(text))),
    )


def _is_tabular(stats: dict[str, float]) -> bool:
    if stats["tokens"] < 10:
        return False
    return stats["number_ratio"] >= TABULAR_NUMBER_RATIO or stats["codes"] >= TABULAR_MIN_CODES


def _caption_over_header(text: str) -> bool:
    """A line opening with a numbered caption, followed (within ``CAPTION_WINDOW`` characters) by the header of a
    kind printed under prose (tables.json ``under_prose``): "Tabel 4.1 Program Prioritas ..." / "Tujuan | Sasaran
    | ... | Program Prioritas", a short list of programs on a page of prose. The recogniser judges it by its
    header. A caption named inside a sentence ("... digambarkan dalam tabel 4.1") opens no line."""
    return bool(captions_over_headers(text))


def captions_over_headers(text: str, referenced: bool = False) -> list[str]:
    """The lines of a page's text that open with a numbered caption over the header words of a kind printed under
    prose (``opens_caption_over_header``), as printed; none on a list of contents or tables (dot leaders). With
    ``referenced`` also the lines of prose that end by naming the table printed under them ("... yang dapat
    digambarkan dalam tabel 4.1" over its header): no caption for reading the page, but a table to account for."""
    if _page_stats(text)["leaders"] >= MIN_TOC_LEADERS:
        return []
    lines = text.splitlines()
    return [collapse(lines[i]) for i in range(len(lines)) if opens_caption_over_header(lines, i)
            or (referenced and _REFERENCE_END_RE.search(lines[i].strip()) and _over_header(lines[i + 1:]))]


def opens_caption_over_header(lines: Sequence[str], i: int) -> bool:
    """Whether line ``i`` opens with a numbered caption followed (within ``CAPTION_WINDOW`` characters of it and
    the lines after it) by the header words of a kind printed under prose (``_caption_over_header``)."""
    return bool(_CAPTION_RE.match(lines[i].strip())) and _over_header(lines[i:])


def _over_header(lines: Sequence[str]) -> bool:
    """Whether the first ``CAPTION_WINDOW`` characters of ``lines`` hold the header words of a kind printed under
    prose."""
    window = collapse(" ".join(lines[:MAX_CAPTION_WINDOW_LINES]))[:CAPTION_WINDOW]
    return any(spec.header_signature_matches(window) for spec in load_specs().kinds.values() if spec.under_prose)


def _names_table(flat: str, tabular: bool, text: str = "") -> bool:
    """Does the page name a TC table?

    Yes for a label ("T-C.27") anywhere; for a title inside a caption (the ``CAPTION_WINDOW`` characters
    from a word "Tabel"/"Table"/"Matriks" on); on a page of prose for a caption line over the header of a kind
    printed under prose (``_caption_over_header``); on a tabular page also for a title anywhere, a numbered
    caption ("Tabel 2.1.3") or a kind's header words. Titles alone are not enough on prose pages:
    "tujuan dan sasaran" is common prose.
    """
    specs = load_specs()
    if specs.label.search(flat):
        return True
    if tabular:
        windows = [flat]
    else:
        windows = [flat[m.start() : m.start() + CAPTION_WINDOW] for m in _CAPTION_WORD_RE.finditer(flat)]
    if any(t.search(w) for w in windows for t in _unanchored_titles()):
        return True
    if not tabular:
        return _caption_over_header(text)
    if _CAPTION_RE.search(flat):  # a numbered table caption on a tabular page: let the recogniser judge
        return True
    return any(spec.header_signature_matches(flat) for spec in specs.kinds.values())


def may_hold_table(text: str) -> bool:
    """Whether a page's text alone makes it a page ``candidate_pages`` may pick: it starts a run (names a TC table
    and is no list of contents) or looks tabular (a run may go on over it). The screen reads the tables of such
    a page while it has it open (``pdf.screened_tables``): most are table pages, and a page read twice costs
    its parsing twice."""
    stats = _page_stats(text)
    tabular = _is_tabular(stats)
    return tabular or (stats["leaders"] < MIN_TOC_LEADERS and _names_table(collapse(text), tabular))


def candidate_pages(texts: Sequence[str], sizes: Sequence[tuple[float, float]] | None = None) -> list[int]:
    """1-based numbers of the pages worth searching for tables.

    A page starts a run when it names a TC table (``_names_table``) and is not a list of contents (dot
    leaders). The run goes on over the following pages while they look tabular (many numbers or dotted
    codes) or, when page ``sizes`` are given, while they keep the unusual (e.g. landscape) size of the
    page before them. A blank page does not end a run (a browser prints one between two tables).
    """
    usual = statistics.mode(sizes) if sizes else None
    out: list[int] = []
    in_run = False
    for i, text in enumerate(texts):
        st = _page_stats(text)
        if in_run and not text.strip():
            continue  # a blank page: the run goes on past it
        tabular = _is_tabular(st)
        starts = st["leaders"] < MIN_TOC_LEADERS and _names_table(collapse(text), tabular, text)
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
