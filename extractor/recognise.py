"""raw_to_tc: decide which TC table kind each raw table is, from its caption, its title or its header.

Captions come in many spellings ("Tabel TC. 27", "Tabel T-C.27", "Tabel: 6.2 (TC 27)", "Tabel TC,28"); newer
documents print only a title ("Rencana Program/Kegiatan/Sub Kegiatan dan Pendanaan"); tables in an appendix have
neither near them, so the header decides. A raw table with no caption and no known header that directly follows
a recognised one is marked as its possible continuation; stitch.py decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from .header import header_grid, header_of, header_row_count, header_row_looks, squashed_lines
from .model import HowFound, RawTable
from .tc_specs import Specs, load_specs
from .textnorm import collapse

MAX_CAPTION_LINE = 250
# The order in which header signatures are tried: the more specific first (TC.24's header also holds
# "Program" and "Rp", like TC.27's; a list of programs without yearly columns, "Program Prioritas | Sub Kegiatan |
# Pagu (Rp)", is no funding table).
HEADER_PRIORITY = ("TC.24", "TC.23", "PROGRAM-LIST", "TC.27", "TC.26", "TC.28", "TC.25", "IKU")
_TABLE_WORD = re.compile(r"^\s*(tabel|table|tabe\.)\b", re.IGNORECASE)
_BEFORE_LABEL = re.compile(r"^\s*((tabel|table|tabe\.)\s*[:.]?\s*([0-9][0-9.]*\s*)?\(?)?\s*$", re.IGNORECASE)
NUMBERED_CAPTION = re.compile(r"^\s*(tabel|table|tabe\.)\s*[:.]?\s*([0-9IVX]|T\s*-?\s*C)", re.IGNORECASE)
_VARIANTS = (
    ("sebelum", re.compile(r"\bsebelum\s+perubahan\b", re.IGNORECASE)),
    ("sesudah", re.compile(r"\b(sesudah|setelah)\s+perubahan\b", re.IGNORECASE)),
)


@dataclass(frozen=True)
class Caption:
    kind: str
    text: str
    how: Literal["caption", "title"]  # a TC label, or the title's words


@dataclass(frozen=True)
class Recognised:
    raw: RawTable
    kind: str | None
    how_found: HowFound
    caption: str | None
    variant: str | None
    header_rows: int  # leading header rows of this raw table (0 when unknown)


def caption_kind(line: str, specs: Specs | None = None) -> Caption | None:
    """The table kind a caption or title line names, if any."""
    specs = specs or load_specs()
    text = collapse(line)
    if not text or len(text) > MAX_CAPTION_LINE:
        return None
    m = specs.label.search(text)
    if m and _BEFORE_LABEL.match(text[: m.start()]):
        return Caption(kind=f"TC.{m.group(1)}", text=text, how="caption")
    if _TABLE_WORD.match(text) and not NUMBERED_CAPTION.match(text):
        return None  # "Tabel di bawah ini menunjukkan ..." is prose, not a caption
    for kind, spec in specs.kinds.items():
        if any(p.search(text) for p in spec.titles):
            if kind == "IKU" and not _TABLE_WORD.match(text):
                continue  # "IKU" alone in prose is no caption
            return Caption(kind=kind, text=text, how="title")
    return None


def find_caption(context: tuple[str, ...], specs: Specs | None = None) -> tuple[Caption | None, str | None]:
    """The nearest caption above a table (searching upwards) and the variant label nearest to it."""
    variant = None
    for i in range(len(context) - 1, -1, -1):
        line = context[i]
        if variant is None:
            for name, pattern in _VARIANTS:
                if pattern.search(line) and len(line) < MAX_CAPTION_LINE:
                    variant = name
        cap = caption_kind(line, specs)
        if cap is None and _TABLE_WORD.match(line):
            return None, variant  # the nearest caption names some other table (Tabel 2.2 ...)
        if cap is not None:
            # a title under its label ("Tabel TC. 27" / "Perubahan Rencana Program ..."): start at the label
            for j in range(i - 1, max(i - 3, -1), -1):
                label = caption_kind(context[j], specs)
                if label is not None and label.how == "caption" and label.kind == cap.kind:
                    i, cap = j, label
                    break
            # a caption printed over several lines: keep the lines from it down to the table
            text = " ".join(collapse(x) for x in context[i:] if len(x) < MAX_CAPTION_LINE)
            return Caption(kind=cap.kind, text=text, how=cap.how), variant
    return None, variant


def header_kind(raw: RawTable, specs: Specs | None = None) -> tuple[str | None, int]:
    """The kind whose header signature the table's first rows carry, and the number of header rows."""
    specs = specs or load_specs()
    grid = header_grid(raw)  # header_of's grid, made once for all kinds
    looks = header_row_looks(grid)  # so is what its rows are, whatever the kind
    for kind in HEADER_PRIORITY:
        spec = specs.kinds[kind]
        n = header_row_count(grid, spec, looks)
        rows = grid[:n]
        if n == 0:
            continue
        # each cell as printed and with its line breaks taken out (words broken by a narrow column: "Kondis" / "i")
        forms = (form for row in rows for c in row if c.strip() for form in dict.fromkeys((collapse(c),
                                                                                       squashed_lines(c))))
        text = " | ".join(form.lower() for form in forms)
        if spec.header_signature_matches(text):
            return kind, n
    return None, 0


MAX_CAPTION_ROWS = 3


def caption_rows(raw: RawTable, specs: Specs | None = None) -> int:
    """How many leading grid rows of a table are its caption printed inside the grid: rows whose only text is
    one cell (often merged across the table) that read, alone or together, as a caption or title ("Tabel
    T-C.27 ...", or "Tabel 5.1" / "Strategi dan Arah Kebijakan"), with the empty rows under them. Never the
    whole table."""
    specs = specs or load_specs()
    grid = raw.grid(fill_merged=False)
    lines: list[str] = []
    found = 0
    for r, row in enumerate(grid[:raw.n_rows - 1]):
        texts = [c for c in row if c.strip()]
        if not texts:
            if found == r:
                found = r + 1  # an empty row under the caption
            continue
        if len(texts) != 1 or len(lines) == MAX_CAPTION_ROWS:
            break
        lines.append(texts[0])
        if caption_kind(" ".join(lines), specs) is not None:
            found = r + 1
    return found


def without_caption_rows(raw: RawTable, n: int) -> RawTable:
    """The table with its first ``n`` grid rows moved into its context (where a caption is looked for)."""
    if n == 0:
        return raw
    lines = tuple(collapse(c.text) for c in sorted(raw.cells, key=lambda c: (c.row, c.col))
                  if c.row < n and c.text.strip())
    cells = tuple(replace(c, row=c.row - n) for c in raw.cells if c.row >= n)
    return replace(raw, n_rows=raw.n_rows - n, cells=cells, context=raw.context + lines,
                   row_pages=raw.row_pages[n:] if raw.row_pages else ())


def raw_to_tc(tables: list[RawTable], specs: Specs | None = None) -> list[Recognised]:
    """Recognise every raw table, in document order. A caption printed inside the grid (its first row) is taken
    out of the grid and read as the table's caption."""
    specs = specs or load_specs()
    out: list[Recognised] = []
    for raw in tables:
        raw = without_caption_rows(raw, caption_rows(raw, specs))
        caption, variant = find_caption(raw.context, specs)
        kind_by_header, n_header = header_kind(raw, specs)
        if caption is not None:
            spec = specs.kinds[caption.kind]
            n = header_of(raw, spec)[0]
            out.append(Recognised(raw, caption.kind, caption.how, caption.text, variant, n))
        elif kind_by_header is not None:
            out.append(Recognised(raw, kind_by_header, "header", None, variant, n_header))
        elif raw.n_rows * raw.n_cols > 1:
            out.append(Recognised(raw, None, "continuation?", None, variant, 0))
        else:
            out.append(Recognised(raw, None, "none", None, variant, 0))  # a 1x1 table is layout
    return out


_DOT_LEADERS = re.compile(r"(\.{4,}|…{2,})")
_ENDS_WITH_PAGE_NUMBER = re.compile(r"[A-Za-z)]\s+\d{1,3}\s*$")


def _is_toc_line(text: str, specs: Specs) -> bool:
    """A list-of-tables entry: dot leaders, or a title followed by a page number."""
    if _DOT_LEADERS.search(text):
        return True
    return bool(_ENDS_WITH_PAGE_NUMBER.search(specs.label.sub("", text)))


CAPTION_LINES = 3  # a caption printed over up to this many lines


def _caption_at(lines: list[str], i: int, specs: Specs) -> Caption | None:
    """The caption starting at line i: the line alone, or with the one or two lines after it (a caption printed
    as "Tabel 5.1" / "Rencana Program, Kegiatan, ... Pendanaan Indikatif"). None for a list-of-tables entry: a
    page number ending its lines, or dot leaders on any line up to the next caption (an entry wrapped before its
    leaders: "Tabel 4.6 Indikator Kinerja Kunci ..." / "Keluarga Berencana ........ IV - 100")."""
    own = lines[i:i + CAPTION_LINES]
    own = own[:next((k for k, line in enumerate(own) if k and _TABLE_WORD.match(line)), len(own))]
    for extra in range(len(own)):
        cap = caption_kind(" ".join(own[:extra + 1]), specs)
        if cap is not None:
            toc = any(_is_toc_line(line, specs) for line in own[:extra + 1])
            return None if toc or any(_DOT_LEADERS.search(line) for line in own) else cap
    return None


def captions_on_pages(page_texts: list[str], specs: Specs | None = None) -> list[tuple[int, Caption]]:
    """Captions of TC tables printed on each page (1-based), leaving out list-of-tables entries."""
    specs = specs or load_specs()
    found: list[tuple[int, Caption]] = []
    for number, text in enumerate(page_texts, start=1):
        lines = [collapse(line) for line in text.splitlines() if line.strip()]
        starts = [i for i, line in enumerate(lines) if _TABLE_WORD.match(line)]
        if len(starts) >= 6:
            continue  # a list of tables, not captions
        for i in starts:
            cap = _caption_at(lines, i, specs)
            if cap is not None:
                found.append((number, cap))
    return found
