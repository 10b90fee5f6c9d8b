"""Join the fragments of one logical table (one per PDF page, or several Word tables) into one LogicalTable.

Repeated header rows and column-number rows ("1 2 3 ...", "(01) (02) ...") are dropped, row order is kept, a row
that a page break split in two is joined, and a vertical merge (TUJUAN, SASARAN) crossing a page break is kept
as one value (the normaliser fills it down).
"""

from __future__ import annotations

import re

from .header import COLUMN_NUMBER, header_of, is_column_number_row, is_years_row, map_columns
from .model import BodyRow, LogicalTable, Note, RawTable
from .recognise import Recognised
from .tc_specs import collapse, load_specs

_TABLE_LINE = re.compile(r"^\s*(tabel|table)\s+\S", re.IGNORECASE)
_STARTS_A_ROW = re.compile(r"^\s*(sub\s*\.?\s*kegiatan|kegiatan|program|urusan)\b", re.IGNORECASE)
NUMERIC_FIELDS = frozenset({"baseline", "target", "rp", "target_akhir", "rp_akhir",
                            # TC.23 / TC.24 / TC.25 / TC.28: a row with any of these is a row of its own
                            "realisasi", "rasio", "target_k", "target_rp", "realisasi_k", "realisasi_rp",
                            "rasio_k", "rasio_rp", "kondisi_awal", "kondisi_akhir"})
MAX_COLUMN_DRIFT = 3


def _adjacent(prev: RawTable, cur: RawTable) -> bool:
    if prev.page is not None and cur.page is not None:
        return cur.page in (prev.page, prev.page + 1)
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
        out.append(best)
    return out


def _is_repeated_header(rows: list[list[str]], keys: list[str | None], first_header: set[tuple[str, ...]]) -> bool:
    """Whether the rows a continuation page starts with are a header: one of them repeats the first page's
    header, or they name at least half of the page's columns (and three)."""
    if any(_norm_row(r) in first_header for r in rows):
        return True
    named = sum(1 for k in keys if k is not None)
    return named >= max(3, len(keys) / 2)


def _map_by_header(first_keys: list[str | None], frag_keys: list[str | None]) -> list[int] | None:
    """Map a continuation page's columns onto the first page's by their header keys ("2022.realisasi_rp"):
    the n-th column with a key goes to the n-th column of the first page with that key, -1 when it has none.
    None when the headers agree column for column, or when too few of the page's columns could be mapped."""
    if frag_keys == first_keys:
        return None
    positions: dict[str | None, list[int]] = {}
    for i, key in enumerate(first_keys):
        positions.setdefault(key, []).append(i)
    seen: dict[str | None, int] = {}
    out = []
    for i, key in enumerate(frag_keys):
        if key is None:  # a column the header says nothing about: keep it where it stands, if that is free
            out.append(i if i < len(first_keys) and first_keys[i] is None else -1)
            continue
        n = seen.get(key, 0)
        seen[key] = n + 1
        places = positions.get(key, [])
        out.append(places[n] if n < len(places) else -1)
    mapped = sum(1 for k, t in zip(frag_keys, out) if k is not None and t >= 0)
    known = sum(1 for k in frag_keys if k is not None)
    return out if known and mapped >= 0.6 * known else None


def _column_edges(raw: RawTable) -> list[tuple[float, float]] | None:
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


def _body_rows(raw: RawTable, skip: int, header_rows: set[tuple[str, ...]], n_cols: int,
               colmap: list[int] | None) -> list[BodyRow]:
    grid = raw.grid(fill_merged=False)
    filled = raw.grid(fill_merged=True)
    covered = raw.origin_grid()
    rows: list[BodyRow] = []
    for r in range(skip, raw.n_rows):
        cells = grid[r]
        if not any(c.strip() for c in cells):
            continue
        if is_column_number_row(cells) or _norm_row(filled[r]) in header_rows:
            continue
        if r == skip:
            cells = _drop_column_numbers(cells)
        out = [""] * n_cols
        merged = [False] * n_cols
        for c, text in enumerate(cells):
            target = colmap[c] if colmap is not None else c
            if target < 0 or target >= n_cols:
                continue
            if text:
                out[target] = f"{out[target]}\n{text}" if out[target] else text
            origin = covered[r][c]
            if origin is not None and origin.row < r:
                merged[target] = True
        rows.append(BodyRow(cells=tuple(out), page=raw.page_of_row(r), fragment=raw.index, source_row=r,
                            merged_from_above=tuple(merged)))
    return rows


def _is_split_row(row: BodyRow, fields: list[str | None]) -> bool:
    """The first row of a page that only continues the text of the row above (no code, no number)."""
    for value, field in zip(row.cells, fields):
        if value.strip() and field in NUMERIC_FIELDS | {"code", "no"}:
            return False
        if field == "name" and _STARTS_A_ROW.match(value):
            return False  # "Sub Kegiatan ..." at the top of a page is a new row, not the end of the one above
    return any(v.strip() for v in row.cells)


def _join(prev: BodyRow, cont: BodyRow) -> BodyRow:
    cells = tuple(f"{a}\n{b}" if a and b else a or b for a, b in zip(prev.cells, cont.cells))
    return BodyRow(cells=cells, page=prev.page, fragment=prev.fragment, source_row=prev.source_row,
                   merged_from_above=prev.merged_from_above)


def _continues(current: LogicalTable, last: RawTable, rec: Recognised) -> bool:
    """Whether a fragment continues the current table: adjacent, no caption of its own, same kind if known."""
    raw = rec.raw
    if not _adjacent(last, raw):
        return False
    if raw.format == "docx" and raw.context:
        return False  # text between two Word tables: they are two tables
    if any(_TABLE_LINE.match(line) for line in raw.context):
        return False  # a caption of some other table sits above it
    if rec.how_found == "continuation?":
        return True
    return rec.how_found == "header" and rec.kind == current.kind and rec.variant in (None, current.variant)


def stitch(recognised: list[Recognised]) -> tuple[list[LogicalTable], list[Note]]:
    """Group recognised fragments into logical tables, in document order."""
    specs = load_specs()
    tables: list[LogicalTable] = []
    notes: list[Note] = []
    current: LogicalTable | None = None
    last: RawTable | None = None
    header_set: set[tuple[str, ...]] = set()
    fields: list[str | None] = []
    keys: list[str | None] = []
    for rec in recognised:
        raw = rec.raw
        continues = current is not None and last is not None and _continues(current, last, rec)
        if rec.kind is not None and not continues:
            spec = specs.kinds[rec.kind]
            n_header, header = header_of(raw, spec) if rec.header_rows else (0, [])
            current = LogicalTable(kind=rec.kind, caption=rec.caption, fragments=[raw], header=header, body=[],
                                   variant=rec.variant, how_found=rec.how_found)
            header_set = {_norm_row(h) for h in header if not is_years_row(h)}
            columns = map_columns(header, raw.n_cols, spec)
            fields = [c.field for c in columns]
            keys = [c.key for c in columns]
            current.body.extend(_body_rows(raw, n_header, header_set, raw.n_cols, None))
            tables.append(current)
            last = raw
        elif continues and current is not None:
            first = current.fragments[0]
            if abs(raw.n_cols - first.n_cols) > MAX_COLUMN_DRIFT and rec.how_found == "continuation?":
                last = None
                current = None
                continue
            spec = specs.kinds[current.kind]
            n_header, frag_header = header_of(raw, spec)
            frag_keys = [c.key for c in map_columns(frag_header, raw.n_cols, spec)] if n_header else []
            if n_header and not _is_repeated_header(frag_header, frag_keys, header_set):
                n_header, frag_keys = 0, []  # a first data row with header-like words ("Sub Kegiatan ...")
            colmap = _column_map(first, raw)
            if n_header:  # a page that repeats its own header: map its columns by what the header says
                by_header = _map_by_header(keys, frag_keys)
                if by_header is not None:
                    colmap = by_header
                    if -1 in by_header:
                        notes.append(Note("fragment-unplaced", f"page {raw.page}: {by_header.count(-1)} column(s) of "
                                          f"this page's {current.kind} header have no column on its first page; "
                                          f"their cells were left out", raw.page))
            body = _body_rows(raw, n_header, header_set, first.n_cols, colmap)
            if body and current.body and _is_split_row(body[0], fields) and raw.page != last.page:
                current.body[-1] = _join(current.body[-1], body[0])
                body = body[1:]
            current.fragments.append(raw)
            current.body.extend(body)
            last = raw
        elif rec.how_found == "continuation?":
            continue
        else:
            last = None
    return tables, notes
