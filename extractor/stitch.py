"""Join the fragments of one logical table (one per PDF page, or several Word tables) into one LogicalTable.

Repeated header rows (word for word, or a letter off: "Sasaaran"; also reprinted inside one Word table),
column-number rows in every dress ("1 2 3", "(1) (2)", "-1 -2", "5 9 11 13") and placeholder rows ("....") are
dropped; row order is kept. A continuation page's columns are placed by aligning its own header with the first
page's, so a column one page lacks or a misspelt header shifts nothing; a column with no counterpart is kept as
an extra column under its own header (with a note), never dropped. At a page break, a top row that only
continues the text of the row above (no number, no row-starting word, text only where the row above has text)
is joined to it, and a vertical merge (TUJUAN, SASARAN) cut by the break is rejoined into one value (the
normaliser fills it down). An unrecognised fragment right before a table found by its header is its first page
when its own header aligns; an unrecognised table under a caption of its own ends the table above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from .fields import NUMERIC_FIELDS
from .halves import join_halves, numbers_where_names, prints_other_columns
from .header import (
    COLUMN_NUMBER,
    ColumnField,
    header_of,
    is_column_number_row,
    is_years_row,
    map_columns,
    with_code_and_name,
)
from .model import BBox, BodyRow, Cell, LogicalTable, Note, RawTable, union_box
from .recognise import Recognised
from .tc_specs import KindSpec, Specs, collapse, load_specs

_TABLE_LINE = re.compile(r"^\s*(tabel|table)\s+\S", re.IGNORECASE)
# a caption saying the table goes on: "Tabel 4.3 (Lanjutan)", "Lanjutan Tabel T-C.27", "(lanj.)", "(sambungan)"
_CONTINUED = re.compile(r"\blanjutan\b|\(\s*lanj\s*\.?\s*\)|\bsambungan\b|\(\s*continued\s*\)", re.IGNORECASE)
MAX_CONTINUED_LINES = 3  # context lines above a fragment in which a continued caption counts
# a level word, or a dotted code before the name ("1.05.02.2.01.0015 - Pencegahan ...", the SIPD form)
_STARTS_A_ROW = re.compile(r"^\s*(?:(?:sub\s*\.?\s*kegiatan|kegiatan|program|urusan)\b"
                           r"|[0-9X]\.[0-9X]{2}(?:\.\d{1,4})+(?=\s|$|[-\u2013\u2014:]))", re.IGNORECASE)
MAX_COLUMN_DRIFT = 3
SIMILAR_TEXT = 0.8  # two header texts this alike (difflib ratio) are one ("sasaaran" / "sasaran")
MIN_KEYED_FIRST_PAGE = 3  # an unrecognised page is a table's first page only when its header types this many columns
REPEAT_SHARE = 0.7  # a body row whose texts are this much the header's is the header reprinted
_AMOUNT = re.compile(r"\d[.,]\d")
_NUMBER_CELL = re.compile(r"(rp\.?\s*)?-?\d{1,3}([.,]\d{3})+([.,]\d+)?(,-)?|-?\d+[.,]\d+\s*%?", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"[.\u2026_\-\u2013\u2014\s]+")
# a value that ends on a word or mark that cannot end it: the rest is on the next page
_OPEN_END = re.compile(r"(\b(dan|atau|serta|yang|di|ke|dari|untuk|dalam|pada|melalui|dengan|bagi|oleh)|[,/&-])$",
                       re.IGNORECASE)


def _adjacent(prev: RawTable, cur: RawTable, blank: frozenset[int] = frozenset()) -> bool:
    """``cur`` is on the same page as ``prev`` or the next one (blank pages between them left out), or (no pages)
    the next table of the document."""
    if prev.page is not None and cur.page is not None:
        return cur.page in (prev.page, prev.page + 1) or (
            cur.page > prev.page and all(p in blank for p in range(prev.page + 1, cur.page)))
    return cur.index == prev.index + 1


def _norm_row(cells: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(collapse(c).lower() for c in cells)


def _column_map(first: RawTable, frag: RawTable) -> list[int] | None:
    """For each column of ``frag``, the column of ``first`` it corresponds to (None: same layout)."""
    if frag.n_cols == first.n_cols:
        return None
    edges = _column_edges(first)
    if edges is None:
        return [min(c, first.n_cols - 1) for c in range(frag.n_cols)]
    centres = _column_edges(frag)
    if centres is None:
        return [min(c, first.n_cols - 1) for c in range(frag.n_cols)]
    out = []
    for x0, x1 in centres:
        mid = (x0 + x1) / 2
        best = min(range(len(edges)), key=lambda i: 0 if edges[i][0] <= mid <= edges[i][1] else min(
            abs(mid - edges[i][0]), abs(mid - edges[i][1])))
        # a column over several of the first page's (their rules left out on this page) is a merged cell: it
        # stands under the first of them, as a merged cell's text does
        starts = [i for i, (a, b) in enumerate(edges) if abs(a - x0) <= RULING_TOLERANCE and b < x1 - RULING_TOLERANCE]
        out.append(starts[0] if starts else best)
    return out


def _is_repeated_header(rows: list[list[str]], keys: list[str | None], first_header: _HeaderWords) -> bool:
    """Whether the rows a continuation page starts with are a header: one of them repeats the first page's
    header (word for word or nearly: "Sasaaran"), or they name at least half of the page's columns (and three)."""
    if any(first_header.is_repeat(r) for r in rows):
        return True
    named = sum(1 for k in keys if k is not None)
    return named >= max(3, len(keys) / 2)


def _label(column: ColumnField) -> str:
    """What a column is, for aligning two headers: its key, or its header text when it has no key."""
    return column.key if column.key is not None else f"text:{column.header}"


def _similar(a: str, b: str) -> bool:
    """Two header texts that differ only by a misspelling or a word broken by a narrow column ("targe t"); never
    two that name different years or numbers."""
    if not a or not b or re.findall(r"\d+", a) != re.findall(r"\d+", b):
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILAR_TEXT


def _misspelt(a: str, b: str) -> bool:
    """One header word spelt a little differently ("sasaaran" / "sasaran"): at most one letter in ten changed,
    never a whole word added ("tujuan a" is data, not the header "tujuan")."""
    if abs(len(a) - len(b)) > max(1, len(b) // 10) or re.findall(r"\d+", a) != re.findall(r"\d+", b):
        return False
    changed = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in
                  SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if tag != "equal")
    return changed <= max(1, len(b) // 10)


def _pair_gap(first: list[ColumnField], frag: list[ColumnField]) -> list[int]:
    """Columns between two aligned anchors: in order, a column goes to the first free one of the first page's
    that has its key, or (when either has no key) the same or a similar header text, or the same position
    when both gaps are as wide and neither column says otherwise. -1: no counterpart."""
    out = [-1] * len(frag)
    used: set[int] = set()
    same_width = len(first) == len(frag)
    for j, col in enumerate(frag):
        for i, cand in enumerate(first):
            if i in used:
                continue
            both_keyed = col.key is not None and cand.key is not None
            if (both_keyed and col.key == cand.key) or _similar(col.header, cand.header) or (
                    not both_keyed and same_width and i == j):
                out[j] = i
                used.add(i)
                break
    return out


def _map_by_header(first: list[ColumnField], frag: list[ColumnField]) -> list[int] | None:
    """Map a continuation page's columns onto the first page's by their headers: the two column sequences (keys
    such as "2022.realisasi_rp", or the header text of a column without a key) are aligned, so a column the
    first page has and this page lacks, or a header word misspelt on one page ("Sasaaran"), shifts nothing.
    -1 for a column with no counterpart. None when the headers agree column for column, or when too few of the
    page's typed columns could be placed (the header is then no guide)."""
    a = [_label(c) for c in first]
    b = [_label(c) for c in frag]
    if a == b:
        return None
    out = [-1] * len(frag)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out[j1:j2] = range(i1, i2)
        elif tag == "replace":
            out[j1:j2] = [i1 + k if k >= 0 else -1 for k in _pair_gap(first[i1:i2], frag[j1:j2])]
    _to_first_of_run(out, a)
    mapped = sum(1 for c, t in zip(frag, out) if c.key is not None and t >= 0)
    known = sum(1 for c in frag if c.key is not None)
    return out if known and mapped >= 0.6 * known else None


def _to_first_of_run(targets: list[int], labels: list[str]) -> None:
    """A column placed on the second of two alike columns ("Program" printed over two columns, the second only
    for indented lines) moves to the first when that one is free: a page with one such column holds the names."""
    used = set(targets)
    for j, t in enumerate(targets):
        while t > 0 and labels[t - 1] == labels[t] and t - 1 not in used:
            used.discard(t)
            t -= 1
            used.add(t)
        targets[j] = t


RULING_TOLERANCE = 2.5  # points: two column sides this close are one


def _sides(raw: RawTable) -> list[float]:
    """The x of every cell side of a table, clustered."""
    out: list[float] = []
    for x in sorted(v for cell in raw.cells if cell.bbox is not None for v in (cell.bbox[0], cell.bbox[2])):
        if not out or x - out[-1] > RULING_TOLERANCE:
            out.append(x)
    return out


def same_ruling(first: RawTable, frag: RawTable) -> bool:
    """Whether a page's table stands on the first page's columns though it has fewer of them: it spans the same
    width and every side of its cells is a side of the first page's columns (columns merged on every row of
    the page, as the code's five cells are where each row prints its code in one: a page of them has no rule
    between the five)."""
    ours, theirs = _sides(first), _sides(frag)
    if len(ours) < 2 or len(theirs) < 2 or len(theirs) > len(ours):
        return False
    if abs(ours[0] - theirs[0]) > RULING_TOLERANCE or abs(ours[-1] - theirs[-1]) > RULING_TOLERANCE:
        return False
    return all(min(abs(x - y) for y in ours) <= RULING_TOLERANCE for x in theirs)


def _holds_numbers(raw: RawTable) -> bool:
    """Whether most rows of a table print a number in some cell (rows of figures, not boxes of text: a diagram
    of goals drawn as a table after a TC table is no part of it worth a note)."""
    rows = {cell.row for cell in raw.cells if _NUMBER_CELL.fullmatch(collapse(cell.text))}
    return raw.n_rows > 0 and len(rows) >= max(1, raw.n_rows / 2)


def _not_joined(table: LogicalTable, first: RawTable, frag: RawTable) -> Note:
    pages = f"p.{table.fragments[0].page}" if table.fragments[0].page else "the table before"
    return Note("continuation-not-joined",
                f"{frag.format.upper()} p.{frag.page}: the table printed right after {table.kind} ({pages} ...), "
                f"with no caption or header of its own, has {frag.n_cols} columns where {table.kind} has "
                f"{first.n_cols}, on other column lines: not joined to it, and not read", page=frag.page)


def _column_edges(raw: RawTable) -> list[tuple[float, float]] | None:
    """Each column's left and right side: from the table's cell sides when they make its columns (a column no
    cell of its own spans, merged on every row, still has its sides), else from the cells one column wide."""
    sides = _sides(raw)
    if len(sides) == raw.n_cols + 1:
        return list(zip(sides, sides[1:]))
    edges: list[tuple[float, float] | None] = [None] * raw.n_cols
    for cell in raw.cells:
        if cell.colspan == 1 and cell.bbox is not None and edges[cell.col] is None:
            edges[cell.col] = (cell.bbox[0], cell.bbox[2])
    if any(e is None for e in edges):
        return None
    return [e for e in edges if e is not None]


def _drop_column_numbers(cells: list[str]) -> list[str]:
    """A first data row drawn in one ruled band with the column-number row above it ("1\n1", "9\n80%"): the
    first line of most cells is a column number, rising from left to right; those numbers are dropped, the data
    kept. A cell whose first line is no number ("Indeks\nPenyelenggaraan") stays as it is."""
    firsts = [c.split("\n", 1)[0].strip() for c in cells]
    filled = [i for i, c in enumerate(cells) if c.strip()]
    numbered = [i for i in filled if COLUMN_NUMBER.match(firsts[i])]
    if len(numbered) < 3 or len(numbered) < 0.7 * len(filled) or sum("\n" in cells[i] for i in numbered) < 2:
        return cells
    numbers = [int(re.sub(r"\D", "", firsts[i])) for i in numbered]
    if sum(1 for a, b in zip(numbers, numbers[1:]) if b > a) < 0.7 * (len(numbers) - 1):
        return cells
    out = list(cells)
    for i in numbered:
        out[i] = cells[i].split("\n", 1)[1] if "\n" in cells[i] else ""
    return out


@dataclass
class _HeaderWords:
    """The header texts of a table (its first page's, and every continuation page's), to recognise a header
    repeated inside the body: a Word table that reprints its header rows where a page broke, a PDF page whose
    header a reader did not take for one, or a header spelt a little differently ("Sasaaran")."""

    texts: set[str] = field(default_factory=set)
    rows: set[tuple[str, ...]] = field(default_factory=set)

    def add(self, header: list[list[str]]) -> None:
        for row in header:
            if not is_years_row(row):
                self.rows.add(_norm_row(row))
            self.texts.update(t for t in _norm_row(row) if t)

    def _known(self, text: str) -> bool:
        return text in self.texts or any(_misspelt(text, t) for t in self.texts)

    def is_repeat(self, filled_row: list[str]) -> bool:
        if _norm_row(filled_row) in self.rows:
            return True
        distinct = list(dict.fromkeys(t for t in _norm_row(filled_row) if t))
        if len(distinct) < 3 or any(_AMOUNT.search(t) for t in distinct):
            return False
        return sum(1 for t in distinct if self._known(t)) >= REPEAT_SHARE * len(distinct)


_MISREAD_COLUMN_NUMBER = re.compile(r"^(?=.*[()\[\]])[(\[]?\s*[0-9A-Za-z]{1,3}\s*[)\]]?$")
MIN_YEARS_IN_HEADER_ROW = 3


def _misread_column_numbers(cells: list[str]) -> bool:
    """A column-number row as OCR reads it ("(01) | (oz) | (03 | (og) | 19)"): five cells or more, nearly all
    a bracketed token of one to three characters, half of them holding a digit. No data row looks so."""
    values = [c.strip() for c in cells if c.strip()]
    bracketed = [v for v in values if _MISREAD_COLUMN_NUMBER.match(v)]
    return (len(values) >= 5 and len(bracketed) >= 0.8 * len(values)
            and sum(any(ch.isdigit() for ch in v) for v in bracketed) >= 0.5 * len(bracketed))


def _is_year_header_row(cells: list[str]) -> bool:
    """A row of a header's years (and measure words) only, three years or more: never a data row."""
    years = {m for c in cells for m in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", c)}
    return len(years) >= MIN_YEARS_IN_HEADER_ROW and is_years_row(cells)


def _is_header_text_row(cells: tuple[str, ...]) -> bool:
    """Words and years only, no amount or count: the top row of a header (its group titles)."""
    values = [c for c in cells if c.strip()]
    return bool(values) and not any(_AMOUNT.search(c) for c in values) and not any(
        re.fullmatch(r"\s*\d{1,3}([.,]\d+)?\s*", c) for c in values)


def _is_placeholder_row(cells: list[str]) -> bool:
    """A row printed to be filled in ("....", "…", "___", "-"): no value in it."""
    values = [c.strip() for c in cells if c.strip()]
    return bool(values) and all(_PLACEHOLDER.fullmatch(v) for v in values)


def _body_rows(raw: RawTable, skip: int, header: _HeaderWords, n_cols: int,
               colmap: list[int] | None) -> list[BodyRow]:
    grid = raw.grid(fill_merged=False)
    filled = raw.grid(fill_merged=True)
    covered = raw.origin_grid()
    rows: list[BodyRow] = []
    in_header = False  # inside a header block reprinted in the body: its years and measures rows go too
    for r in range(skip, raw.n_rows):
        cells = grid[r]
        if not any(c.strip() for c in cells):
            continue
        if is_column_number_row(cells) or _is_placeholder_row(cells) or _misread_column_numbers(cells):
            continue
        if header.is_repeat(filled[r]) or (in_header and is_years_row(filled[r])):
            in_header = True
            continue
        if _is_year_header_row(cells):  # a header reprinted on a page, its first row misread (OCR)
            if rows and rows[-1].source_row == r - 1 and _is_header_text_row(rows[-1].cells):
                rows.pop()
            in_header = True
            continue
        in_header = False
        if r == skip:
            cells = _drop_column_numbers(cells)
        rows.append(_placed_row(raw, r, cells, covered[r], n_cols, colmap))
    return rows


def _placed_row(raw: RawTable, r: int, cells: list[str], covered: list[Cell | None], n_cols: int,
                colmap: list[int] | None) -> BodyRow:
    """Row ``r`` of ``raw`` as a BodyRow of the table's ``n_cols`` columns: each cell under the column
    ``colmap`` places it in (cells placed in one column are joined by a line break), with whether a merge from
    the row above covers it and where it was printed."""
    out = [""] * n_cols
    merged = [False] * n_cols
    boxes: list[BBox | None] = [None] * n_cols
    for c, text in enumerate(cells):
        target = colmap[c] if colmap is not None else c
        if target < 0 or target >= n_cols:
            continue
        if text:
            out[target] = f"{out[target]}\n{text}" if out[target] else text
        origin = covered[c]
        if origin is not None and origin.row < r:
            merged[target] = True
        if origin is not None and origin.bbox is not None:
            boxes[target] = union_box(boxes[target], origin.bbox)
    return BodyRow(cells=tuple(out), page=raw.page_of_row(r), fragment=raw.index, source_row=r,
                   merged_from_above=tuple(merged), boxes=tuple(boxes) if any(boxes) else ())


def _is_split_row(prev: BodyRow, row: BodyRow, fields: list[str | None]) -> bool:
    """The first row of a page that only continues the text of the row above: no code, no number, no words
    that start a row, and text only in columns where the row above has text (a row that fills a column the
    row above left empty is a row of its own: BPBD p.52's outcome line under the last sub-kegiatan of p.51),
    or only in the label columns of a row above that has its number but no label at all (a row cut by the
    break: its number and values at the foot of the page, its indicator at the top of the next).
    A number or code cut by the break ("2,328,389,93" / "9", "2.0" / "2") continues the cell above it."""
    unlabelled = _numbered_without_label(prev, fields)
    for c, (value, field_) in enumerate(zip(row.cells, fields)):
        if not value.strip():
            continue
        above = prev.cells[c] if c < len(prev.cells) else ""
        if not above.strip():
            if unlabelled and _is_label(field_):
                continue
            return False
        if _completes_number(above, value) or (field_ == "code" and _completes_code(above, value)):
            continue
        if field_ in NUMERIC_FIELDS | {"code", "no"} or _NUMBER_CELL.fullmatch(collapse(value)):
            return False  # a number, even under a header nobody typed, starts a row of its own
        if field_ == "name" and _STARTS_A_ROW.match(value):
            return False  # "Sub Kegiatan ..." or "1.05.02 - ..." at a page's top starts a row of its own
    return any(v.strip() for v in row.cells)


_ROW_NUMBER = re.compile(r"\d")  # an item number or a code starts with a digit ("2", "2.", "1.05.02")


def _is_label(field_: str | None) -> bool:
    """A column that names its row (program, indicator, sasaran): typed, and neither a number, a code nor an
    item number."""
    return field_ is not None and field_ not in NUMERIC_FIELDS | {"code", "no"}


def _numbered_without_label(row: BodyRow, fields: list[str | None]) -> bool:
    """A row with its item number or code but no text in any label column."""
    numbered = any(f in ("no", "code") and _ROW_NUMBER.match(v.strip()) for v, f in zip(row.cells, fields))
    labelled = any(v.strip() for v, f in zip(row.cells, fields) if _is_label(f))
    return numbered and not labelled


_OPEN_AMOUNT = re.compile(r"\d{1,3}(?P<sep>[.,])(\d{3}(?P=sep))*\d{0,2}")  # "2,328,389,93", "1.606.200."
_CUT_CODE = re.compile(r"(\d+\.)+\d?")  # "2.0", "2.17.": a code segment cut before its last digits


def _completes_number(above: str, below: str) -> bool:
    """Whether ``below`` is the rest of an amount a break cut (``above`` "2,328,389,93" or "1.606.200.",
    ``below`` "9" or "000"): above is an amount whose last group is short, and the two make one well-formed
    amount with one thousands separator."""
    above, below = collapse(above), collapse(below)
    m = _OPEN_AMOUNT.fullmatch(above)
    if m is None or not below.isdigit():
        return False
    sep = re.escape(m.group("sep"))
    return re.fullmatch(rf"\d{{1,3}}({sep}\d{{3}})+", above + below) is not None


def _completes_code(above: str, below: str) -> bool:
    """Whether ``below`` (digits) ends a code segment the break cut ("2.0" / "2", "2.17." / "01")."""
    above, below = collapse(above), collapse(below)
    return bool(above) and _CUT_CODE.fullmatch(above.split()[-1]) is not None and below.isdigit() \
        and len(below) <= 4


def _join(prev: BodyRow, cont: BodyRow) -> BodyRow:
    cells = tuple(f"{a}\n{b}" if a and b else a or b for a, b in zip(prev.cells, cont.cells))
    boxes = prev.boxes
    if prev.boxes and cont.boxes and prev.page == cont.page:  # a row split within one page: one box per cell
        boxes = tuple(union_box(a, b) for a, b in zip(prev.boxes, cont.boxes))
    return BodyRow(cells=cells, page=prev.page, fragment=prev.fragment, source_row=prev.source_row,
                   merged_from_above=prev.merged_from_above, boxes=boxes)


def _open_merges(raw: RawTable, colmap: list[int] | None, merged_columns: set[int]) -> dict[int, int]:
    """Logical column -> grid row where a vertical merge starts that runs to the bottom of the page: a merged
    cell that reaches the last row, or a last-row cell in a column the table merges elsewhere (a group whose
    first row is the page's last: the page break cut its merge before it spanned two rows)."""
    if raw.n_rows == 0:
        return {}
    out: dict[int, int] = {}
    for c, origin in enumerate(raw.origin_grid()[raw.n_rows - 1]):
        if origin is None or not origin.text.strip():
            continue
        target = colmap[c] if colmap is not None else c
        if target >= 0 and (origin.rowspan > 1 or target in merged_columns):
            out[target] = origin.row
    return out


def _merged_columns(rows: list[BodyRow]) -> set[int]:
    """The logical columns in which some body row is covered by a vertical merge (group columns)."""
    return {c for row in rows for c, merged in enumerate(row.merged_from_above) if merged}


def _continues_text(before: str, after: str, known: set[str]) -> bool:
    """Whether ``after`` (the top of a merged cell on a new page) reads as the rest of ``before``: ``before``
    is left open, ``after`` starts lower-case where ``before`` did not, or the two make a value the table
    prints whole in the same column elsewhere ("Meningkatnya Produktivitas" + "Koperasi"); never when either
    is a whole value of its own elsewhere in the column (``known``: the column's other values, case folded)."""
    before, after = collapse(before), collapse(after)
    if not before or not after:
        return False
    if f"{before} {after}".casefold() in known:
        return True
    if before.casefold() in known or after.casefold() in known:
        return False  # either is a whole value of its own elsewhere in the column: two values
    if _OPEN_END.search(before):
        return True
    # a lower-case start continues a value that started upper-case; where values are written all in lower case
    # ("meningkat kan ketertiban umum"), only a value left open says so
    return after[0].islower() and not before[0].islower() and not before.endswith(".")


def _column_values(rows: list[BodyRow], col: int) -> set[str]:
    """The values one logical column holds in ``rows``, whitespace collapsed and case folded."""
    return {collapse(r.cells[col]).casefold() for r in rows if col < len(r.cells) and r.cells[col].strip()}


def _carry_merges(body: list[BodyRow], prev_rows: list[BodyRow], open_merges: dict[int, int],
                  seen: list[BodyRow], notes: list[Note], row_continues: bool = False) -> list[BodyRow]:
    """A vertical merge (TUJUAN, SASARAN) cut by a page break: the text at the top of the next page ("dan usaha
    mikro") is the rest of the value at the foot of the page before ("Meningkatkan omset koperasi"). It is
    joined into the cell where the merge started, and cleared on the new page, so that filling down gives every
    row of the group the whole value. ``seen``: the table's rows so far (their values confirm a join). Two
    pieces kept apart although the first reads as the start of a value printed elsewhere get a note, unless the
    page's first row is joined to the row above as a whole anyway (``row_continues``: the row was cut, not only
    its merged cell)."""
    if not body or not open_merges:
        return body
    first = list(body[0].cells)
    for col, start_row in open_merges.items():
        origin = next((r for r in reversed(prev_rows) if r.source_row == start_row), None)
        if origin is None or col >= len(first) or not first[col].strip():
            continue
        others = [r for r in seen + body[1:] if (r.fragment, r.source_row) != (origin.fragment, origin.source_row)]
        known = _column_values(others, col)
        if _continues_text(origin.cells[col], first[col], known):
            index = prev_rows.index(origin)
            cells = list(origin.cells)
            cells[col] = f"{cells[col]}\n{first[col]}"
            prev_rows[index] = replace(origin, cells=tuple(cells))
            first[col] = ""
        elif not row_continues and (whole := _started_value(origin.cells[col], known)) is not None:
            notes.append(Note("merge-split-unsure", f"page {body[0].page}: column {col + 1}: '{collapse(first[col])}' "
                                                    f"at the top of the page kept apart from "
                                                    f"'{collapse(origin.cells[col])}' at the foot of the page before, "
                                                    f"which reads as the start of '{whole}' printed elsewhere in the "
                                                    f"column", body[0].page))
    if not any(c.strip() for c in first):
        return body[1:]
    return [replace(body[0], cells=tuple(first))] + body[1:]


def _started_value(before: str, known: set[str]) -> str | None:
    """A value of ``known`` that ``before`` is the first words of (and not a whole value itself), or None."""
    start = collapse(before).casefold()
    if not start or start in known:
        return None
    return next((v for v in sorted(known) if v.startswith(start + " ")), None)


def _continues(builder: _Builder, last: RawTable, rec: Recognised, blank: frozenset[int] = frozenset()) -> bool:
    """Whether a fragment continues the current table: adjacent, no caption of its own (or a caption of the same
    kind saying the table goes on: "(Lanjutan)"), same kind if known (or another kind read from a header that
    reprints the current table's); a one-row PDF fragment only right after a page whose table reaches the page
    foot."""
    current, raw = builder.table, rec.raw
    if not _adjacent(last, raw, blank):
        return False
    if rec.how_found == "caption" and rec.kind == current.kind and rec.variant in (None, current.variant) and any(
            _CONTINUED.search(line) for line in raw.context[-MAX_CONTINUED_LINES:]):
        return True  # "Tabel T-C.27 (Lanjutan)": the table goes on under a caption saying so
    if raw.format == "docx" and raw.context:
        return False  # text between two Word tables: they are two tables
    if any(_TABLE_LINE.match(line) for line in raw.context):
        return False  # a caption of some other table sits above it
    if raw.page is not None and raw.n_rows < 2 and not (last.reaches_page_foot and raw.page != last.page):
        return False  # one row at a page's top continues only a table that ran to the foot of the page before
    if rec.how_found == "continuation?":
        return True
    if rec.how_found != "header":
        return False
    return (rec.kind == current.kind and rec.variant in (None, current.variant)) or _reprints_header(builder, rec)


def _reprints_header(builder: _Builder, rec: Recognised) -> bool:
    """The fragment's header rows are the current table's, reprinted (its years rows aside): the kind its header
    suggests on its own ("Tujuan/Sasaran | Indikator Sasaran": TC.25) yields to the table it continues."""
    rows = [r for r in rec.raw.grid(fill_merged=True)[:rec.header_rows] if not is_years_row(r)]
    return bool(rows) and all(_norm_row(r) in builder.header.rows for r in rows)


@dataclass
class _Builder:
    """One logical table being stitched: its header words, column keys and the columns added for a
    continuation page's columns that have no place among the first page's."""

    table: LogicalTable
    columns: list[ColumnField]
    header: _HeaderWords
    width: int
    extras: dict[str, int] = field(default_factory=dict)
    last_colmap: list[int] | None = None  # how the last fragment's columns were placed

    @property
    def fields(self) -> list[str | None]:
        return [c.field for c in self.columns]

    def place_extra(self, column: ColumnField, header_rows: list[list[str]], page: int | None,
                    notes: list[Note]) -> int:
        """The logical column for a column with no counterpart: a new column at the right end of the table,
        headed by the page's own header text (one per distinct header text, shared by later pages)."""
        label = column.header or f"column {column.index + 1}"
        if label in self.extras:
            return self.extras[label]
        index = self.width
        self.width += 1
        self.extras[label] = index
        parts = list(dict.fromkeys(collapse(row[column.index]) for row in header_rows
                                   if column.index < len(row) and row[column.index].strip()))
        if not self.table.header:
            self.table.header = [[]]
        for r, row in enumerate(self.table.header):
            row.extend([""] * (index - len(row)))
            row.append(parts[r] if r < len(parts) else "")
        if len(parts) > len(self.table.header):
            self.table.header[-1][-1] = " ".join(parts[len(self.table.header) - 1:])
        notes.append(Note("extra-column", f"page {page}: column '{label}' of this page's {self.table.kind} header "
                                          f"has no column on its first page; kept as an extra column", page))
        return index

    def adopt_blank_columns(self, frag_columns: list[ColumnField], header_rows: list[list[str]],
                            colmap: list[int] | None, page: int | None, notes: list[Note]) -> None:
        """Type a column the first page's header leaves untyped (its header words lost: OCR read nothing
        there) from a continuation page's header, at the same place, when that page's header names a field
        the table has no column for yet. The table's header takes that page's words there (a note says so)."""
        for column in frag_columns:
            target = colmap[column.index] if colmap is not None else column.index
            if (column.field is None or column.field in self.fields or target >= len(self.columns)
                    or self.columns[target].field is not None):
                continue
            self.columns[target] = replace(column, index=target)
            for r, row in enumerate(self.table.header):
                if r < len(header_rows) and column.index < len(header_rows[r]) and target < len(row):
                    row[target] = header_rows[r][column.index]
            notes.append(Note("header-from-page", f"page {page}: column {target + 1} of the {self.table.kind} "
                                                  f"header on its first page says nothing readable; typed "
                                                  f"'{column.field}' from this page's header ('{column.header}')",
                              page))

    def finish(self) -> None:
        for row in self.table.header:
            row.extend([""] * (self.width - len(row)))
        self.table.body = [b if len(b.cells) >= self.width else replace(
            b, cells=b.cells + ("",) * (self.width - len(b.cells)),
            merged_from_above=b.merged_from_above + (False,) * (self.width - len(b.merged_from_above)))
            for b in self.table.body]


def _has_text(raw: RawTable, column: int, skip: int) -> bool:
    return any(c.text.strip() for c in raw.cells if c.col == column and c.row >= skip)


def _start(rec: Recognised, spec: KindSpec) -> _Builder:
    raw = rec.raw
    n_header, header = header_of(raw, spec) if rec.header_rows else (0, [])
    table = LogicalTable(kind=rec.kind or "", caption=rec.caption, fragments=[raw], header=[list(h) for h in header],
                         body=[], variant=rec.variant, how_found=rec.how_found)
    words = _HeaderWords()
    words.add(header)
    words.add(raw.grid(fill_merged=True)[:n_header])  # as printed too: a header reprinted in the body
    builder = _Builder(table=table, columns=map_columns(header, raw.n_cols, spec), header=words, width=raw.n_cols)
    table.body.extend(_body_rows(raw, n_header, words, raw.n_cols, None))
    builder.columns = with_code_and_name(builder.columns, [b.cells for b in table.body])
    return builder


FragmentHeader = tuple[int, list[list[str]], list[ColumnField]]  # header rows, their text, their columns


def _fragment_header(raw: RawTable, spec: KindSpec) -> FragmentHeader:
    """The header a fragment prints at its top as ``spec`` reads it (0 rows: none), and the columns it types."""
    n_header, header = header_of(raw, spec)
    return n_header, header, map_columns(header, raw.n_cols, spec) if n_header else []


def _append(builder: _Builder, raw: RawTable, last: RawTable, spec: KindSpec, notes: list[Note],
            own: FragmentHeader | None = None) -> None:
    """Add a continuation fragment: its own header (if it repeats one) maps its columns, a column with no
    counterpart becomes an extra column, a row split by the page break is joined, a vertical merge cut by it
    is rejoined. ``own``: the fragment's ``_fragment_header``, when it was read already."""
    table = builder.table
    first = table.fragments[0]
    n_header, frag_header, frag_columns = own or _fragment_header(raw, spec)
    if n_header and not _is_repeated_header(frag_header, [c.key for c in frag_columns], builder.header):
        n_header, frag_columns = 0, []  # a first data row with header-like words ("Sub Kegiatan ...")
    colmap = _column_map(first, raw)
    if n_header:  # a page that repeats its own header: map its columns by what the header says
        builder.header.add(frag_header)
        builder.header.add(raw.grid(fill_merged=True)[:n_header])
        builder.adopt_blank_columns(frag_columns, frag_header, colmap, raw.page, notes)
        by_header = _map_by_header(builder.columns, frag_columns)
        if by_header is not None:
            colmap = [t if t >= 0 or not _has_text(raw, c, n_header) else
                      builder.place_extra(frag_columns[c], frag_header, raw.page, notes)
                      for c, t in enumerate(by_header)]
    body = _body_rows(raw, n_header, builder.header, builder.width, colmap)
    if n_header:
        body = _without_header_overflow(body, frag_columns, colmap, builder.columns)
    prev_rows = [r for r in table.body if r.fragment == last.index]
    if raw.page != last.page:
        open_merges = _open_merges(last, builder.last_colmap, _merged_columns(table.body + body))
        row_continues = bool(body and table.body) and _is_split_row(table.body[-1], body[0], builder.fields)
        body = _carry_merges(body, prev_rows, open_merges, table.body, notes, row_continues)
        _write_back(table, prev_rows)
    if body and table.body and raw.page != last.page and _is_split_row(table.body[-1], body[0], builder.fields):
        table.body[-1] = _join(table.body[-1], body[0])
        body = body[1:]
    table.fragments.append(raw)
    table.body.extend(body)
    builder.last_colmap = colmap


def _last_level(column: ColumnField) -> str:
    return column.header.rsplit(" | ", 1)[-1]


def _without_header_overflow(body: list[BodyRow], frag_columns: list[ColumnField], colmap: list[int] | None,
                             columns: list[ColumnField]) -> list[BodyRow]:
    """A repeated header cell whose last words fell into the first body row (a header cell clipped by its
    row height: "URUSAN/ ... KEGIATAN/ SUB" over "KEGIATAN"): those words are the header's, not data, when with
    them the page's header cell reads as the first page's."""
    if not body:
        return body
    cells = list(body[0].cells)
    for c, column in enumerate(frag_columns):
        target = c if colmap is None else colmap[c] if c < len(colmap) else -1
        if not 0 <= target < min(len(cells), len(columns)) or not cells[target].strip():
            continue
        whole = collapse(f"{_last_level(column)} {collapse(cells[target])}").casefold()
        if _last_level(column) and whole == collapse(_last_level(columns[target])).casefold():
            cells[target] = ""
    if not any(v.strip() for v in cells):
        return body[1:]
    return [replace(body[0], cells=tuple(cells))] + body[1:]


def _write_back(table: LogicalTable, prev_rows: list[BodyRow]) -> None:
    """Put rows changed by _carry_merges back in place (matched by fragment and source row)."""
    by_place = {(r.fragment, r.source_row): r for r in prev_rows}
    table.body = [by_place.get((r.fragment, r.source_row), r) for r in table.body]


def _lost_first_page(pending: Recognised, rec: Recognised, spec: KindSpec) -> int:
    """The header rows of an unrecognised fragment that is the first page of the table ``rec`` starts (0: it is
    not): right before it, no caption between them, and a header of its own whose columns align with ``rec``'s
    (a header that differs slightly, so that no signature recognised it)."""
    raw = rec.raw
    if not _adjacent(pending.raw, raw) or any(_TABLE_LINE.match(line) for line in raw.context):
        return 0
    if raw.format == "docx" and raw.context:
        return 0
    n_header, header = header_of(pending.raw, spec)
    if not n_header:
        return 0
    own = map_columns(header, pending.raw.n_cols, spec)
    _, rec_header = header_of(raw, spec)
    theirs = map_columns(rec_header, raw.n_cols, spec)
    if sum(1 for c in own if c.key is not None) < MIN_KEYED_FIRST_PAGE:
        return 0
    aligned = [c.key for c in own] == [c.key for c in theirs] or _map_by_header(own, theirs) is not None
    return n_header if aligned else 0


def stitch(recognised: list[Recognised], blank_pages: frozenset[int] = frozenset()
           ) -> tuple[list[LogicalTable], list[Note]]:
    """Group recognised fragments into logical tables, in document order; a table runs on past ``blank_pages``
    (pages with nothing printed, as a browser leaves between two tables it prints)."""
    stitcher = _Stitcher(load_specs(), blank=blank_pages)
    for rec in recognised:
        if not stitcher.to_half(rec):
            stitcher.add(rec)
    stitcher.end_table()
    return stitcher.tables, stitcher.notes


def _other_columns(builder: _Builder, rec: Recognised, own: FragmentHeader) -> bool:
    """Whether a fragment prints other columns than the table's: a header of its own naming none of them
    (``halves.prints_other_columns``), or no header and bare numbers where the table prints its names."""
    n_header, _header, columns = own
    if n_header:
        return prints_other_columns(builder.columns, columns)
    return rec.how_found == "continuation?" and numbers_where_names(
        builder.columns, rec.raw, _column_map(builder.table.fragments[0], rec.raw))


@dataclass
class _Half:
    """The other half of a wide table printed in halves (extractor.halves), stitched page by page like a table."""

    builder: _Builder
    last: RawTable


@dataclass
class _Stitcher:
    """The tables stitched so far, and the one being built."""

    specs: Specs
    tables: list[LogicalTable] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    builder: _Builder | None = None
    last: RawTable | None = None
    pending: Recognised | None = None  # the last fragment attached to nothing
    half: _Half | None = None  # the current table's columns printed apart
    own: FragmentHeader | None = None  # the header of the fragment being added, when to_half read it
    after_half: RawTable | None = None  # the last page of a half just joined: the table's next page follows it
    block_start: int = 0  # the first row of the current table that no half has been set beside yet
    blank: frozenset[int] = frozenset()  # pages with nothing printed (stitch)

    def to_half(self, rec: Recognised) -> bool:
        """Take ``rec`` as (more of) the current table's other half, when it is one: it prints other columns than
        the table's (``_other_columns``) and continues the table, or the half begun already."""
        self.own = None
        builder, last = self.builder, self.last
        if builder is None or (self.half is None and (last is None or not _continues(builder, last, rec, self.blank))):
            return False
        spec = self.specs.kinds[builder.table.kind]
        own = self.own = _fragment_header(rec.raw, spec)  # read once: add() takes it on to _append
        if not _other_columns(builder, rec, own):
            self.end_half()  # the table's own columns again (pages printed "over, then down"): the half ends
            return False
        if self.half is None:
            self.half = _Half(_start(replace(rec, kind=builder.table.kind, how_found="header", header_rows=own[0]),
                                     spec), rec.raw)
            return True
        if not _continues(self.half.builder, self.half.last, rec, self.blank):
            self.end_half()
            return False
        _append(self.half.builder, rec.raw, self.half.last, spec, self.notes, own)
        self.half.last = rec.raw
        return True

    def end_half(self) -> None:
        """Set the other half's columns beside the current table's rows, and say so (extractor.halves)."""
        if self.half is not None and self.builder is not None:
            self.builder.finish()
            self.half.builder.finish()
            note = join_halves(self.builder.table, self.half.builder.table, self.block_start, self.builder.width)
            self.notes.append(note)
            if note.code == "columns-joined":
                self.block_start = len(self.builder.table.body)  # the next half goes beside the rows after these
            self.after_half = self.half.last  # the table may go on right after it ("over, then down")
        self.half = None

    def end_table(self) -> None:
        self.end_half()
        if self.builder is not None:
            self.builder.finish()

    def add(self, rec: Recognised) -> None:
        raw = rec.raw
        builder, last = self.builder, self.last
        after, self.after_half = self.after_half, None
        continues = builder is not None and last is not None and _continues(builder, after or last, rec, self.blank)
        if rec.kind is not None and not continues:
            self.end_table()
            spec = self.specs.kinds[rec.kind]
            pending = self.pending
            n_first = _lost_first_page(pending, rec, spec) if pending and rec.how_found == "header" else 0
            if pending is not None and n_first:
                self.builder = _start(replace(pending, kind=rec.kind, how_found="header", variant=rec.variant,
                                              header_rows=n_first), spec)
                _append(self.builder, raw, pending.raw, spec, self.notes)
            else:
                self.builder = _start(rec, spec)
            self.block_start = 0
            self.tables.append(self.builder.table)
            self.last = raw
        elif continues and builder is not None and last is not None:
            first = builder.table.fragments[0]
            if (abs(raw.n_cols - first.n_cols) > MAX_COLUMN_DRIFT and rec.how_found == "continuation?"
                    and not same_ruling(first, raw)):
                if _holds_numbers(raw):  # rows of figures, as the table's go on: say they were not read
                    self.notes.append(_not_joined(builder.table, first, raw))
                self.end_table()
                self.last, self.builder, self.pending = None, None, rec
                return
            _append(builder, raw, last, self.specs.kinds[builder.table.kind], self.notes, self.own)
            self.last = raw
        elif rec.how_found == "continuation?":
            self.pending = rec  # an unrecognised table under a caption of its own, or past the end: the current ends
            self.last = None
            return
        else:
            self.last = None
        self.pending = None
