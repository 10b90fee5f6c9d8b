"""Multi-row table headers: where the header block ends, and which canonical field each column holds.

A column's header is the text of every header row at that column (merged cells repeated), joined top to bottom
with " | " and lower-cased: "capaian kinerja dan kerangka pendanaan | 2024 | target". The kind's rules in
mappings/headers.json turn it into a field ("target") and, for yearly fields, a year (2024).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import RawTable
from .tc_specs import KindSpec, collapse

YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-9]\d)(?!\d)")
COLUMN_NUMBER = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")
_AMOUNTISH = re.compile(r"\d[\d.,]*\d|\d")
MAX_HEADER_ROWS = 8
_THOUSANDS_UNIT = re.compile(r"\(\s*rp\.?\s*[0.]+\s*\)")  # "(Rp. 000)": amounts in thousands
MAX_HEADER_CELL_CHARS = 90


@dataclass(frozen=True)
class ColumnField:
    """What one source column holds: a canonical field, and a year when the field is yearly."""

    index: int
    field: str | None  # None: the header says nothing we know
    year: int | None
    header: str  # the joined header text, for the report

    @property
    def key(self) -> str | None:
        if self.field is None:
            return None
        return f"{self.year}.{self.field}" if self.year is not None else self.field


def is_column_number_row(cells: list[str]) -> bool:
    """'1 2 3 ...' or '(1) (2) ...' printed under a header: small integers, mostly increasing."""
    values = [c.strip() for c in cells if c.strip()]
    if len(values) < 3 or not all(COLUMN_NUMBER.match(v) for v in values):
        return False
    numbers = [int(re.sub(r"\D", "", v)) for v in values]
    rising = sum(1 for a, b in zip(numbers, numbers[1:]) if b >= a)
    return rising >= 0.7 * (len(numbers) - 1)


MEASURE_WORDS = frozenset(
    {"k", "rp", "rp.", "(rp)", "target", "pagu", "pagu (rp)", "realisasi", "rasio", "%", "kinerja", "satuan", "tahun"}
)


def is_years_row(cells: list[str]) -> bool:
    """A row of years and/or measure words ('2024 | 2025', 'Target | Rp | Target | Rp')."""
    values = [collapse(c).lower() for c in cells if c.strip()]
    if not values:
        return False
    known = all(YEAR.fullmatch(v) or v in MEASURE_WORDS or COLUMN_NUMBER.match(v) for v in values)
    return known and any(YEAR.fullmatch(v) or v in MEASURE_WORDS for v in values)


def _cell_is_header_word(text: str, spec: KindSpec) -> bool:
    t = collapse(text).lower()
    if not t or len(t) > MAX_HEADER_CELL_CHARS:
        return False
    if YEAR.fullmatch(t) or t in MEASURE_WORDS:
        return True
    if re.search(r"\d", _THOUSANDS_UNIT.sub("", YEAR.sub("", t))):  # a header word carries no numbers but years
        return False
    return any(rule.pattern.search(t) for rule in spec.rules) or any(
        p.search(t) for p in spec.header_all + spec.header_any)


def _looks_like_data(cells: list[str]) -> bool:
    """A row with an amount or a decimal in it is data, whatever its words."""
    for c in cells:
        t = collapse(c)
        if not t or YEAR.fullmatch(t) or COLUMN_NUMBER.match(t):
            continue
        if re.fullmatch(r"[-\d.,%\s]+", t) and re.search(r"\d[.,]\d", t):
            return True
    return False


def header_row_count(grid: list[list[str]], spec: KindSpec) -> int:
    """How many leading rows of a table are header (including column-number rows)."""
    count = 0
    numbered = False
    for r, cells in enumerate(grid[:MAX_HEADER_ROWS]):
        values = [c for c in cells if c.strip()]
        if not values:
            count += 1
            continue
        # the row without the cells filled down from a vertical merge above ("Program/Kegiatan" over 5 rows)
        own = [c if r == 0 or i >= len(grid[r - 1]) or c != grid[r - 1][i] else "" for i, c in enumerate(cells)]
        if any(is_column_number_row(x) or is_years_row(x) for x in (cells, own)):
            count += 1
            numbered = numbered or any(is_column_number_row(x) for x in (cells, own))
            continue
        if numbered or _looks_like_data(cells):  # after a column-number row only numbers/years/measures
            break
        distinct = list(dict.fromkeys(collapse(c) for c in values))  # a merged cell counts once
        words = sum(1 for c in distinct if _cell_is_header_word(c, spec))
        if words / len(distinct) > 0.5:
            count += 1
            continue
        break
    # trailing empty rows are not header
    while count and not any(c.strip() for c in grid[count - 1]):
        count -= 1
    return count


def column_headers(header_rows: list[list[str]], n_cols: int, line_sep: str = " ") -> list[str]:
    """The joined, lower-cased header text of each column (repeats from vertical merges dropped)."""
    out = []
    rows = [row for row in header_rows if not is_column_number_row(row)]  # once, not once per column
    for c in range(n_cols):
        parts: list[str] = []
        for row in rows:
            t = collapse(line_sep.join(row[c].splitlines())).lower() if c < len(row) else ""
            if t and (not parts or parts[-1] != t):
                parts.append(t)
        out.append(" | ".join(parts))
    return out


def _apply_rules(text: str, spec: KindSpec) -> tuple[str | None, int | None]:
    for rule in spec.rules:
        if text and rule.pattern.search(text):
            year = None
            if rule.yearly:
                years = YEAR.findall(text)
                year = int(years[-1]) if years else None
            return rule.field, year
    return None, None


def map_columns(header_rows: list[list[str]], n_cols: int, spec: KindSpec) -> list[ColumnField]:
    """The field of every column, by the kind's rules."""
    fields: list[ColumnField] = []
    squashed = column_headers(header_rows, n_cols, line_sep="")
    for c, text in enumerate(column_headers(header_rows, n_cols)):
        field, year = _apply_rules(text, spec)
        if field is None and squashed[c] != text:
            # a narrow column breaks words anywhere ("PERANGKA|T DAERAH"): try the lines glued together
            field, year = _apply_rules(squashed[c], spec)
        fields.append(ColumnField(index=c, field=field, year=year, header=text))
    return fields


def header_of(raw: RawTable, spec: KindSpec) -> tuple[int, list[list[str]]]:
    """(number of header rows, the header rows with merged cells filled) of one raw table."""
    filled = raw.grid(fill_merged=True)
    n = header_row_count(filled, spec)
    return n, filled[:n]
