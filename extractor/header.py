"""Multi-row table headers: where the header block ends, and which canonical field each column holds.

A column's header is the list of its header cells top to bottom (merged cells counted once), lower-cased:
["target kinerja program dan kerangka pendanaan", "tahun 1", "rp"]. It is read by structure (read_levels): a year
comes from any level, calendar ("2024") or relative ("Tahun 1", "Th. ke-1", "Tahun n+1", "Tahun ke- | 1"); the
lowest cell left once the years are out is the leaf and names the measure ("rp"); the cells above it are group
words and give only context. The kind's rules in mappings/headers.json turn that into a field and a year.

A relative year stays its index until the table's period resolves it (relative_year_map, called by the
pipeline with the document's period); the body confirms the header (confirm_by_body); check_header is the
self-check every Table carries (Table.header, and a header-not-understood note when it fails).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from .codes import find_code_prefix
from .fields import NUMERIC_FIELDS
from .model import RawTable
from .parse import join_cell_lines
from .tc_specs import HeaderRule, KindSpec, collapse, load_specs, mappings_dir
from .textnorm import has_two_words, load_words

YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-9]\d)(?!\d)")
COLUMN_NUMBER = re.compile(r"^(\(?\s*\d{1,2}\s*\)?|-\d{1,2})$")  # "7", "(7)", "-7" (a spreadsheet's "(7)")
MAX_HEADER_ROWS = 8
_THOUSANDS_UNIT = re.compile(r"\(\s*rp\.?\s*[0.]+\s*\)|\bx\s*1\.?000\b")  # "(Rp. 000)", "Rp x 1000"
MAX_HEADER_CELL_CHARS = 90
_EMPTY_BRACKETS = re.compile(r"\(\s*[-–]?\s*\)")
_YEAR_WORDS_AT_END = re.compile(r"\b(pada\s+)?(tahun|th\.?)(\s*ke)?\s*-?\s*$")  # "Anggaran pada Tahun ke-"
_SMALL_NUMBER = re.compile(r"^[1-9]$")
_YEAR_WORD = re.compile(r"\b(tahun|th\.?)\b")


@dataclass(frozen=True)
class ColumnField:
    """What one source column holds: a canonical field, and a year when the field is yearly.

    ``year_index`` is the relative year printed in the header ("Tahun 2" -> 2); until the table's period resolves
    it, ``year`` holds that index (1..9, never mistaken for a calendar year). ``scale`` is the unit the column's
    amounts are printed in (1000 for "(Rp. 000)", 1000000 for "juta"), None for plain Rupiah.
    """

    index: int
    field: str | None  # None: the header says nothing we know
    year: int | None
    header: str  # the joined header text, for the report
    year_index: int | None = None
    scale: int | None = None

    @property
    def key(self) -> str | None:
        if self.field is None:
            return None
        return f"{self.year}.{self.field}" if self.year is not None else self.field


_COLUMN_NUMBER_CELL = re.compile(r"^(\s*(\(?\s*\d{1,2}\s*\)?|-\d{1,2})\s*)+$")


def column_numbers(cells: list[str]) -> list[int] | None:
    """The column numbers a row prints, in order, or None when it is no column-number row.

    Column numbers come in several dresses: '1 2 3 ...', '(1) (2) ...', '-1 -2 ...' (a spreadsheet read "(1)"
    as minus one), a mix of them ('(13) | -14'), or several in one cell where a reader merged narrow columns
    ('5 9 11 13'). Plain single numbers must mostly rise; the other dresses must rise almost strictly, so that a
    data row of small numbers is not taken for one."""
    values = [c.strip() for c in cells if c.strip()]
    if not values or not all(_COLUMN_NUMBER_CELL.match(v) for v in values):
        return None
    numbers = [int(n) for v in values for n in re.findall(r"\d{1,2}", v)]
    if len(numbers) < 3:
        return None
    steps = list(zip(numbers, numbers[1:]))
    plain = len(numbers) == len(values) and not any(v.startswith("-") for v in values)
    if plain:
        ok = sum(1 for a, b in steps if b >= a) >= 0.7 * len(steps)
    else:
        ok = sum(1 for a, b in steps if b > a) >= 0.9 * len(steps)
    return numbers if ok else None


def is_column_number_row(cells: list[str]) -> bool:
    """'1 2 3 ...', '(1) (2) ...' or '-1 -2 ...' printed under a header (see column_numbers); also when a narrow
    cell wrapped a number over lines ("2\n0" is 20)."""
    if column_numbers(cells) is not None:
        return True
    return column_numbers(["".join(c.split()) for c in cells]) is not None


MEASURE_WORDS = frozenset(
    {"k", "rp", "rp.", "(rp)", "target", "pagu", "pagu (rp)", "realisasi", "rasio", "%", "kinerja", "satuan", "tahun"}
)


# a relative year's count as printed: a digit, a Roman numeral or an ordinal word ("Tahun III", "Tahun Kedua")
_COUNTS = {**{str(n): n for n in range(1, 10)}, "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "pertama": 1,
           "kesatu": 1, "kedua": 2, "ketiga": 3, "keempat": 4, "kelima": 5, "keenam": 6}


def _relative_year(text: str) -> int | None:
    """The relative year a header cell prints ("Tahun 1", "TAHUN-2", "Th. ke-3", "Tahun n+1" -> 1, "Tahun III" -> 3,
    "Tahun Kedua" -> 2), or None."""
    for pattern in load_specs().vocabulary.relative_years:
        m = pattern.search(text)
        if m:
            return _COUNTS.get(m.group("n").lower())
    return None


@lru_cache(maxsize=8192)  # header cells repeat on every page of a table; the specs never change in a process
def _without_years(text: str) -> str:
    """A header cell with its calendar and relative years, and the words that only announce them, taken out."""
    t = YEAR.sub(" ", text)
    for pattern in load_specs().vocabulary.relative_years:
        t = pattern.sub(" ", t)
    t = _EMPTY_BRACKETS.sub(" ", t)
    t = _YEAR_WORDS_AT_END.sub("", collapse(t))
    return collapse(t).strip(" -:/")


@lru_cache(maxsize=8192)
def is_year_or_measure(text: str) -> bool:
    """A cell that is a year, a relative year, a measure word or both ("2024", "Tahun 1", "Target", "Targe/t",
    "Rp.", "Pagu 2024 (Rp)", "K 2024")."""
    t = collapse(text).lower()
    if not t or len(t) > MAX_HEADER_CELL_CHARS:
        return False
    if t in MEASURE_WORDS or YEAR.fullmatch(t):
        return True
    rest = _without_years(t)
    had_year = rest != t
    measure = load_specs().vocabulary.measure
    squashed = "".join(collapse(text).lower().splitlines()).replace(" ", "")
    if measure is not None and (measure.match(rest) or measure.match(_without_years(squashed))):
        return True
    return had_year and not rest


def is_years_row(cells: list[str]) -> bool:
    """A row of years and/or measure words ('2024 | 2025', 'Target | Rp | Target | Rp', 'Tahun 1 | Tahun 2')."""
    values = [collapse(c).lower() for c in cells if c.strip()]
    if not values:
        return False
    known = all(is_year_or_measure(v) or COLUMN_NUMBER.match(v) for v in values)
    return known and any(is_year_or_measure(v) for v in values)


def squashed_lines(text: str) -> str:
    """A header cell with its line breaks taken out: a narrow column breaks words and years anywhere ("Kondis" /
    "i Awal", "201" / "8"); the lines glued together read them whole."""
    return collapse("".join(text.splitlines()))


MAX_REMEMBERED_CELLS = 20_000
_HEADER_WORDS: dict[int, tuple[KindSpec, dict[str, bool]]] = {}  # per kind spec: cell text -> header word?


def _cell_is_header_word(text: str, spec: KindSpec) -> bool:
    """Whether a cell, as printed or with its line breaks taken out, is a header word of ``spec``'s kind;
    remembered per spec (a table's header is repeated on each of its pages)."""
    held = _HEADER_WORDS.get(id(spec))
    if held is None or held[0] is not spec:
        held = _HEADER_WORDS[id(spec)] = (spec, {})
    known = held[1]
    if len(known) > MAX_REMEMBERED_CELLS:  # a long batch: start again rather than grow
        known.clear()
    if text not in known:
        known[text] = any(_is_header_word(form, spec) for form in dict.fromkeys((text, squashed_lines(text))))
    return known[text]


def _is_header_word(text: str, spec: KindSpec) -> bool:
    t = collapse(text).lower()
    if not t or len(t) > MAX_HEADER_CELL_CHARS:
        return False
    if is_year_or_measure(t):
        return True
    if re.search(r"\d", _THOUSANDS_UNIT.sub("", _without_years(t))):  # a header word carries no numbers but years
        return False
    return any(p.search(t) for rule in spec.rules for p in rule.patterns) or any(
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


@dataclass(frozen=True)
class RowLook:
    """What a table's leading row is, whatever the kind: empty; a row of column numbers, years or measure
    words (``numbers``; ``column_numbers`` when it prints column numbers); a row of data (an amount or a
    decimal); else its distinct cells (a merged cell once), to be judged as header words of a kind."""

    empty: bool = False
    numbers: bool = False
    column_numbers: bool = False
    data: bool = False
    distinct: tuple[str, ...] = ()


def header_row_looks(grid: list[list[str]]) -> list[RowLook]:
    """``RowLook`` of each of the first MAX_HEADER_ROWS rows: what ``header_row_count`` asks of a row that does
    not depend on the kind, made once for a table that is tried against every kind."""
    looks = []
    for r, cells in enumerate(grid[:MAX_HEADER_ROWS]):
        values = [c for c in cells if c.strip()]
        if not values:
            looks.append(RowLook(empty=True))
            continue
        # the row without the cells filled down from a vertical merge above ("Program/Kegiatan" over 5 rows)
        own = [c if r == 0 or i >= len(grid[r - 1]) or c != grid[r - 1][i] else "" for i, c in enumerate(cells)]
        glued = [squashed_lines(c) for c in own]  # years broken by a narrow column: "201" / "8"
        if any(is_column_number_row(x) or is_years_row(x) for x in (cells, own)) or is_years_row(glued):
            looks.append(RowLook(numbers=True, column_numbers=any(is_column_number_row(x) for x in (cells, own))))
            continue
        distinct = tuple(dict.fromkeys(collapse(c) for c in values))  # a merged cell counts once
        looks.append(RowLook(data=_looks_like_data(cells), distinct=distinct))
    return looks


def header_row_count(grid: list[list[str]], spec: KindSpec, looks: list[RowLook] | None = None) -> int:
    """How many leading rows of a table are header (including column-number rows); ``looks``: the grid's
    ``header_row_looks`` when the caller has them."""
    count = 0
    numbered = False
    for look in looks if looks is not None else header_row_looks(grid):
        if look.empty:
            count += 1
            continue
        if look.numbers:
            count += 1
            numbered = numbered or look.column_numbers
            continue
        if numbered or look.data:  # after a column-number row only numbers/years/measures
            break
        words = sum(1 for c in look.distinct if _cell_is_header_word(c, spec))
        if words / len(look.distinct) > 0.5:
            count += 1
            continue
        break
    # trailing empty rows are not header
    while count and not any(c.strip() for c in grid[count - 1]):
        count -= 1
    return count


def column_levels(header_rows: list[list[str]], n_cols: int, line_sep: str = " ") -> list[list[str]]:
    """The header cells of each column, top to bottom, lower-cased (repeats from vertical merges dropped)."""
    out = []
    rows = [row for row in header_rows if not is_column_number_row(row)]  # once, not once per column
    for c in range(n_cols):
        parts: list[str] = []
        for row in rows:
            t = collapse(line_sep.join(row[c].splitlines())).lower() if c < len(row) else ""
            if t and (not parts or parts[-1] != t):
                parts.append(t)
        out.append(parts)
    return out


@dataclass(frozen=True)
class HeaderParts:
    """One column's header read by structure: the year it names, and the measure words without the years."""

    printed: str  # the cells joined with " | ", years kept (what the older 'pattern' rules read)
    leaf: str  # the lowest cell with words left once its years are out: the measure ("target", "pagu (rp)")
    group: str  # the cells above the leaf: context only ("target kinerja program dan kerangka pendanaan")
    year: int | None  # a calendar year printed at any level (the lowest one that prints one)
    year_index: int | None  # a relative year ("tahun 2" -> 2), when no calendar year is printed

    @property
    def path(self) -> str:
        return f"{self.group} | {self.leaf}" if self.group else self.leaf


def read_levels(levels: list[str]) -> HeaderParts:
    """Split a column's header cells into years and words: the year from any level, the measure from the leaf."""
    year = index = None
    words: list[str] = []
    for i, level in enumerate(levels):
        found = YEAR.findall(level)
        if found:
            year = int(found[-1])
        rel = _relative_year(YEAR.sub(" ", level))
        if rel is None and _SMALL_NUMBER.match(level) and i and _YEAR_WORD.search(levels[i - 1]):
            rel = int(level)  # "Anggaran pada Tahun ke- | 1"
        if COLUMN_NUMBER.match(level):  # a column number printed in the header cell ("(3)")
            index = index if rel is None else rel
            continue
        if rel is not None:
            index = rel
        rest = _without_years(level)
        if rest:
            words.append(rest)
    return HeaderParts(printed=" | ".join(levels), leaf=words[-1] if words else "",
                       group=" | ".join(words[:-1]), year=year, year_index=None if year is not None else index)


def _rule_matches(rule: HeaderRule, parts: HeaderParts) -> bool:
    if rule.yearly == "required" and parts.year is None and parts.year_index is None:
        return False
    checks = ((rule.pattern, parts.printed), (rule.leaf, parts.leaf), (rule.group, parts.group),
              (rule.path, parts.path))
    return all(p.search(text) for p, text in checks if p is not None) and bool(parts.printed)


def _apply_rules(parts: HeaderParts, spec: KindSpec) -> tuple[str | None, int | None, int | None]:
    """(field, year, year index) by the first of the kind's rules that matches."""
    for rule in spec.rules:
        if _rule_matches(rule, parts):
            if not rule.yearly:
                return rule.field, None, None
            if parts.year is not None:
                return rule.field, parts.year, None
            return rule.field, parts.year_index, parts.year_index
    return None, None, None


def _as_one_text(parts: HeaderParts) -> HeaderParts:
    """The header cells read as one text: a long header wrapped over header rows ("Data Capaian" / "pada Tahun
    Awal" / "Perencanaan") whose last piece names nothing."""
    return replace(parts, leaf=parts.path.replace(" | ", " "), group="")


def header_scale(text: str) -> int | None:
    """The factor amounts are printed in, by the unit a header names ("(Rp. 000)" -> 1000, "juta" -> 10**6)."""
    for factor, pattern in load_specs().vocabulary.scales:
        if pattern.search(text):
            return factor
    return None


def _numbered_years(levels: list[list[str]]) -> list[list[str]]:
    """A group printed over a run of columns numbered 1, 2, 3 ... ("Capaian | 1 ... 5") counts its years:
    the numbers become "tahun N", so that read_levels takes them as relative years."""
    out = [list(x) for x in levels]
    c = 0
    while c < len(levels):
        lv = levels[c]
        if len(lv) >= 2 and lv[-1] == "1":
            run = c
            while (run + 1 < len(levels) and len(levels[run + 1]) >= 2 and levels[run + 1][:-1] == lv[:-1]
                   and levels[run + 1][-1] == str(run + 2 - c)):
                run += 1
            if run > c:
                for k in range(c, run + 1):
                    out[k][-1] = f"tahun {k - c + 1}"
                c = run + 1
                continue
        c += 1
    return out


MULTI_COLUMN_FIELDS = frozenset({"code"})  # the one field printed legally over several columns (code segments)
MAX_SAME_TEXT_COLUMNS = 2


def map_columns(header_rows: list[list[str]], n_cols: int, spec: KindSpec) -> list[ColumnField]:
    """The field of every column, by the kind's rules, read by structure: the year from any header level, the
    measure from the lowest one (see mappings/headers.json)."""
    fields: list[ColumnField] = []
    levels = _numbered_years(column_levels(header_rows, n_cols))
    squashed = _numbered_years(column_levels(header_rows, n_cols, line_sep=""))
    for c, lv in enumerate(levels):
        parts = read_levels(lv)
        # a narrow column breaks words anywhere ("PERANGKA|T DAERAH", "Targe|t"): the lines glued together next;
        # a header without a year may be one text wrapped over header rows ("Data Capaian | pada Tahun Awal")
        glued = read_levels(squashed[c])
        # a year broken by a narrow column ("201" / "8") is read from the glued lines first
        attempts = [glued, parts] if glued.year is not None and parts.year is None else [parts, glued]
        if parts.year is None and parts.year_index is None:
            attempts += [_as_one_text(a) for a in attempts]
        field = year = index = None
        for attempt in attempts:
            field, year, index = _apply_rules(attempt, spec)
            if field is not None:
                break
        scale = header_scale(parts.printed) if field is not None else None
        if field is None:
            year, index = parts.year or parts.year_index, parts.year_index
        fields.append(ColumnField(index=c, field=field, year=year, header=parts.printed, year_index=index,
                                  scale=scale))
    return _year_before_plan(_complete_year_runs(_with_stand_ins(_one_column_per_field(fields), spec)), spec)


def _complete_year_runs(columns: list[ColumnField]) -> list[ColumnField]:
    """A column that prints only a year, beside a run of columns of one field whose years its own continues
    ('2012' before '2013 | 2014 | 2015' under 'Anggaran pada Tahun ke-', a merge in the Word original spanning
    three of the five years: Pekanbaru's TC.24), takes that field, unless a column already has it for that year."""
    out = list(columns)
    taken: set[tuple[str, int | None]] = {(c.field, c.year) for c in out if c.field}
    changed = True
    while changed:
        changed = False
        for i, col in enumerate(out):
            if col.field is not None or col.year is None:
                continue
            for j, step in ((i + 1, 1), (i - 1, -1)):
                field = out[j].field if 0 <= j < len(out) else None
                if field and out[j].year == col.year + step and (
                        out[j].year_index is None) == (col.year_index is None):
                    key = (field, col.year)
                    if key not in taken:
                        out[i] = replace(col, field=field)
                        taken.add(key)
                        changed = True
                        break
    return out


def _year_before_plan(columns: list[ColumnField], spec: KindSpec) -> list[ColumnField]:
    """The baseline printed as one column of the year before the plan ("Capaian Kinerja Tahun 2023",
    "Realisasi 2023" beside Target | Rp under 2024, 2025 and 2026), in a kind with a baseline and no column
    typed so: that column is the baseline, not a target of a year the plan does not cover. Only a single
    column of a calendar year before every year the table prints a Target and an Rp for; typed a target, or
    untyped with a word of what was achieved."""
    if spec.past or any(c.field == "baseline" for c in columns) or not any(r.field == "baseline" for r in spec.rules):
        return columns
    paired = {c.year for c in columns if c.field == "target" and c.year is not None} & {
        c.year for c in columns if c.field == "rp" and c.year is not None}
    if len(paired) < 2:
        return columns
    by_year: dict[int, list[int]] = {}
    for i, c in enumerate(columns):
        if c.year is not None and c.year_index is None:
            by_year.setdefault(c.year, []).append(i)
    before = [y for y in by_year if y < min(paired) and len(by_year[y]) == 1]
    if len(before) != 1:
        return columns
    i = by_year[before[0]][0]
    col = columns[i]
    achieved = load_specs().vocabulary.achieved
    if not (col.field == "target" or (col.field is None and achieved is not None and achieved.search(col.header))):
        return columns
    out = list(columns)
    out[i] = replace(col, field="baseline", year=None)
    return out


def _with_stand_ins(columns: list[ColumnField], spec: KindSpec) -> list[ColumnField]:
    """A field of the kind no column was typed with, taken by the one column of its stand-in (tables.json
    stand_ins): "Program Prioritas" is the programs' group beside a "Kegiatan / Subkegiatan" column, and the
    listed items themselves where no other column names them."""
    out = list(columns)
    for field, stand_in in spec.stand_ins:
        holders = [i for i, col in enumerate(out) if col.field == stand_in]
        if len(holders) == 1 and not any(col.field == field for col in out):
            out[holders[0]] = replace(out[holders[0]], field=field)
    return out


def _one_column_per_field(columns: list[ColumnField]) -> list[ColumnField]:
    """A single-valued field (name, indicator, pd ...) read from one header cell spread over three columns or more
    is a group header read as a leaf ("Target Kinerja Program dan Kerangka Pendanaan" over the year columns):
    those columns are left untyped rather than glued into one value."""
    out = list(columns)
    by_text: dict[tuple[str, str], list[int]] = {}
    for i, col in enumerate(columns):
        if col.field and col.field not in MULTI_COLUMN_FIELDS and col.year is None:
            by_text.setdefault((col.field, col.header), []).append(i)
    for indexes in by_text.values():
        if len(indexes) > MAX_SAME_TEXT_COLUMNS:
            for i in indexes:
                out[i] = replace(out[i], field=None)
    return out


def resolve_years(columns: list[ColumnField], years: dict[int, int]) -> list[ColumnField]:
    """The columns with their relative years ("Tahun 1" -> index 1) replaced by calendar years."""
    return [replace(c, year=years[c.year_index]) if c.year_index in years else c for c in columns]


@lru_cache(maxsize=1)
def header_words() -> frozenset[str]:
    """The words a header word broken by a narrow column may be rejoined into: the nomenclature's
    (mappings/words.txt) and the header words it lacks (mappings/headers.json _header_words)."""
    return load_words(mappings_dir() / "words.txt") | load_specs().vocabulary.words


# a year a narrow column cut over two lines ("201" / "8", "20" / "18"): the pieces make four digits
_CUT_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{0,2})[ \t]*\n[ \t]*(\d{1,3})(?!\d)")


def _glued_years(text: str) -> str:
    return _CUT_YEAR.sub(lambda m: m.group(1) + m.group(2) if len(m.group(1) + m.group(2)) == 4 else m.group(0),
                         text)


@lru_cache(maxsize=8192)  # header_grid is made for each raw table again when it is recognised and stitched
def rejoin_header_cell(text: str) -> str:
    """A header cell with the words a narrow column broke over lines rejoined ("Targe" / "t" -> "Target",
    "TUJUA" / "N" -> "TUJUAN", "cap" / "aian" -> "capaian"), never two real words, and a year cut the same way
    ("201" / "8" -> "2018"); a cell of one line is kept."""
    if "\n" not in text.strip():
        return text
    return join_cell_lines(_glued_years(text), "text", header_words())


def misread_header_years(raw: RawTable) -> list[tuple[str, int]]:
    """(year as printed, year meant) for each year ``header_grid`` mends in the header rows of ``raw``."""
    rows = raw.grid(fill_merged=True)[:MAX_HEADER_ROWS]
    return sorted({v for row in rows for v in misread_years([rejoin_header_cell(c) for c in row]).values()})


def header_grid(raw: RawTable) -> list[list[str]]:
    """The table's grid with merged cells filled, broken words rejoined and a misread year mended
    (``misread_years``) in the rows a header may hold: what the header of any kind is read from (made once
    per table, then counted per kind)."""
    filled = raw.grid(fill_merged=True)
    head = [[rejoin_header_cell(c) for c in row] for row in filled[:MAX_HEADER_ROWS]]
    for row in head:
        for c, (_printed, year) in misread_years(row).items():
            row[c] = str(year)
    return head + filled[MAX_HEADER_ROWS:]


_YEAR_CELL = re.compile(r"^\s*((?:19|20)\d\d)\s*$")
MIN_YEAR_RUN = 4


def misread_years(row: list[str]) -> dict[int, tuple[str, int]]:
    """Column -> (year as printed, year meant) for the one year of a header row that breaks the run of
    consecutive years the row prints (at least ``MIN_YEAR_RUN``), between two of them (or at an end, when every
    year heads the same two or more columns), and differs from the year its place in the run asks for in one
    digit: '2023' between 2028 and 2030 is a 2029 that OCR (or a
    typo) lost. Nothing when two or more years break the run, or the year meant is printed elsewhere in the
    row."""
    groups: list[tuple[list[int], str]] = []  # a merged year cell fills the columns under it: one group
    for c, text in enumerate(row):
        m = _YEAR_CELL.match(text)
        if not m:
            continue
        if groups and groups[-1][1] == m.group(1) and groups[-1][0][-1] == c - 1:
            groups[-1][0].append(c)
        else:
            groups.append(([c], m.group(1)))
    if len(groups) < MIN_YEAR_RUN:
        return {}
    years = [int(y) for _cols, y in groups]
    widths = {len(cols) for cols, _y in groups}
    for start in sorted({y - k for k, y in enumerate(years)}):
        off = [k for k, y in enumerate(years) if y != start + k]
        # an end year may be a total's ("akhir 2026"), unless every year heads as many columns (Target | Rp)
        if len(off) != 1 or (off[0] in (0, len(years) - 1) and (len(widths) > 1 or widths == {1})):
            continue
        k = off[0]
        printed, meant = groups[k][1], str(start + k)
        if meant not in row and sum(a != b for a, b in zip(printed, meant)) == 1:
            return {c: (printed, start + k) for c in groups[k][0]}
    return {}


def header_of(raw: RawTable, spec: KindSpec) -> tuple[int, list[list[str]]]:
    """(number of header rows, the header rows with merged cells filled and broken words rejoined) of one raw
    table."""
    grid = header_grid(raw)
    n = header_row_count(grid, spec)
    return n, grid[:n]


_PERIOD = re.compile(r"(?<!\d)(19[89]\d|20\d\d)\s*(?:-|–|—|s\.?\s*/?\s*d\.?|sampai(?:\s+dengan)?|hingga)\s*"
                     r"(19[89]\d|20\d\d)(?!\d)", re.IGNORECASE)
MAX_PERIOD_SPAN = 6


@dataclass(frozen=True)
class Period:
    """The years a plan covers as its title or caption prints them ("2021-2026"), and where that was read."""

    start: int
    end: int
    where: str


def _periods(text: str) -> list[tuple[int, int]]:
    found = [(int(m.group(1)), int(m.group(2))) for m in _PERIOD.finditer(text or "")]
    return [(a, b) for a, b in found if 1 <= b - a <= MAX_PERIOD_SPAN]


def find_period(texts: list[tuple[str, str]]) -> Period | None:
    """The first plan period ("2021-2026", "Tahun 2024 - 2026", "2025 s/d 2029") in (where, text) pairs, in order."""
    for where, text in texts:
        found = _periods(text)
        if found:
            return Period(found[0][0], found[0][1], where)
    return None


def document_period(texts: list[str]) -> Period | None:
    """The period a document prints most often ("2021-2026" in its title, running heads and text); earlier
    periods it reviews (RPJMD 2016-2021, Renstra 2019-2023) are printed less often."""
    counts: dict[tuple[int, int], int] = {}
    for text in texts:
        for period in _periods(text):
            counts[period] = counts.get(period, 0) + 1
    if not counts:
        return None
    (start, end), n = max(counts.items(), key=lambda kv: kv[1])  # max keeps the first printed on a tie
    return Period(start, end, f"the period the document prints most often, {n} time(s)")


def relative_year_map(columns: list[ColumnField], spec: KindSpec, period: Period | None,
                      past_years: list[int]) -> tuple[dict[int, int], str]:
    """Calendar year of each relative year index of a table, and how it was decided ("" when it was not).

    A plan table (TC.27, TC.25, TC.28) counts its years so that the last one is the period's last year:
    "Tahun 1..5" of a 2021-2026 plan are 2022-2026 (2021 is the base year), "Tahun 1..3" of 2024-2026 are
    2024-2026. A table of past years (TC.23, TC.24) takes the calendar years printed in the table itself, or
    those of the document's other past tables, when they are as many as its relative years."""
    indexes = sorted({c.year_index for c in columns if c.year_index is not None})
    if not indexes:
        return {}, ""
    n = max(indexes)
    if spec.past:
        own = sorted({c.year for c in columns if c.field and c.year is not None and c.year_index is None})
        for years, where in ((own, "the calendar years printed in the same table"),
                             (past_years, "the calendar years of the document's other TC.23/TC.24 tables")):
            if len(years) == n:
                return {k: years[k - 1] for k in indexes}, where
        return {}, ""
    if period is None:
        return {}, ""
    first = period.end - n + 1 if n <= period.end - period.start + 1 else period.start
    how = (f"the plan period {period.start}-{period.end} ({period.where}); the last year counted as the period's "
           f"end" if first != period.start or n == period.end - period.start + 1
           else f"the plan period {period.start}-{period.end} ({period.where}), counted from its first year")
    return {k: first + k - 1 for k in indexes}, how


def calendar_years(columns: list[ColumnField]) -> list[int]:
    """The calendar years a table's typed columns print (relative ones left out)."""
    return sorted({c.year for c in columns if c.field and c.year is not None and c.year_index is None})


# a number as parse.parse_number reads one: "Rp. 1.500.000", "95,61 %", "(1.000)", "1.350.000,-" (no cents)
NUMBER_CELL = re.compile(r"^[-+(]?\s*(rp\.?\s*)?\d[\d.,\s]*?([.,]-+)?\s*%?\)?$", re.IGNORECASE)
_AMOUNT_CELL = re.compile(r"^(rp\.?\s*)?\d{1,3}([.,]\d{3}){1,}(,\d+)?$|^\d{5,}$", re.IGNORECASE)
ONE_VALUE_TEXT_FIELDS = frozenset({"name", "indicator", "indikator", "pd", "lokasi", "tujuan", "sasaran", "unit",
                                   "satuan"})
MIN_BODY_CELLS = 3
NUMBER_SHARE = 0.6


def _share(cells: list[str], pattern: re.Pattern[str]) -> tuple[int, float]:
    filled = [collapse("".join(c.split("\n"))) for c in cells if c.strip()]
    if not filled:
        return 0, 0.0
    return len(filled), sum(1 for c in filled if pattern.match(c)) / len(filled)


@dataclass(frozen=True)
class BodySaid:
    """What the body said against one column's header: ``untyped`` when the column was left untyped (its cells
    kept under 'extra'), else the column was typed from its cells."""

    text: str
    untyped: bool


def confirm_by_body(columns: list[ColumnField], body: list[tuple[str, ...]]
                    ) -> tuple[list[ColumnField], list[BodySaid]]:
    """The body confirms the header: a text column (name, indicator, ...) whose cells are mostly numbers is not
    that field (left untyped, its cells kept under 'extra'); an untyped column of amounts under a year, right of
    that year's target, is its Rp. Returns the columns and what was changed, for the table's note.

    A text column beside one of the same field may be its numbering ("1.1" before the sasaran) and is kept, unless
    it stands under a year: "Target Kinerja Sasaran | 2024 | 2025 | 2026" typed sasaran by the group's word holds
    the yearly targets, which would otherwise be glued into the sasaran."""
    out = list(columns)
    said: list[BodySaid] = []
    named = _code_and_name_column(columns, body)
    if named is not None:
        i, col = named
        out[i] = replace(col, field="name")
        said.append(BodySaid(f"column {col.index + 1} '{col.header}' holds each row's code and name ('2.17.01 "
                             "PROGRAM ...'): read as the name, the code taken from its start", untyped=False))

    for i, col in enumerate(columns):
        cells = [row[col.index] for row in body if col.index < len(row)]
        beside = {c.field for c in columns[max(i - 1, 0):i + 2] if c is not col}
        if col.field in ONE_VALUE_TEXT_FIELDS and (col.field not in beside or col.year is not None):
            filled, share = _share(cells, NUMBER_CELL)
            if filled >= MIN_BODY_CELLS and share >= NUMBER_SHARE:
                out[i] = replace(col, field=None)
                said.append(BodySaid(f"column {col.index + 1} '{col.header}' holds numbers, not {col.field}: left "
                                     "untyped", untyped=True))
        elif col.field is None and col.year is not None and i and out[i - 1].field == "target" \
                and out[i - 1].year == col.year:
            filled, share = _share(cells, _AMOUNT_CELL)
            if filled >= MIN_BODY_CELLS and share >= NUMBER_SHARE:
                out[i] = replace(col, field="rp")
                said.append(BodySaid(f"column {col.index + 1} '{col.header}' (no measure word) holds amounts right "
                                     f"of the {col.year} target: read as its Rp", untyped=False))
    return out, said


CODE_AND_NAME_SHARE = 0.6  # of a code column's filled cells that start with a code and go on in words


def with_code_and_name(columns: list[ColumnField], body: list[tuple[str, ...]]) -> list[ColumnField]:
    """The columns with a code column that holds each row's code and name (``_code_and_name_column``) typed as the
    name (the code is then read from the name's start): what the stitcher must know to join a name cut by a page
    break."""
    named = _code_and_name_column(columns, body)
    if named is None:
        return columns
    i, col = named
    return [*columns[:i], replace(col, field="name"), *columns[i + 1:]]


def _code_and_name_column(columns: list[ColumnField], body: list[tuple[str, ...]]) -> tuple[int, ColumnField] | None:
    """The table's one code column, when no column holds the names and most of its cells are a code followed by
    the row's name ("Kode dan Nama Program/Kegiatan" over "2.17.01 PROGRAM PENUNJANG ..."), with its place."""
    codes = [(i, c) for i, c in enumerate(columns) if c.field == "code"]
    if len(codes) != 1 or any(c.field == "name" for c in columns):
        return None
    i, col = codes[0]
    cells = [collapse(join_cell_lines(row[col.index], "text")) for row in body if col.index < len(row)]
    filled = [c for c in cells if c]
    if len(filled) < MIN_BODY_CELLS:
        return None
    with_names = sum(1 for c in filled if (found := find_code_prefix(c)) is not None and has_two_words(found[1]))
    return (i, col) if with_names >= CODE_AND_NAME_SHARE * len(filled) else None


TYPED_NUMBER_SHARE = 0.8  # a numeric column of a table read without ruling lines: this share of numbers at least
_BLANK_CELL = re.compile(r"^[-\u2013\u2014.\s]*$")  # "", "-", "–": nothing printed
# text columns whose cells never end in a bare number ("... Kabupaten/Kota", not "... 2"); a unit or a PD may
PROSE_FIELDS = frozenset({"name", "tujuan", "sasaran", "indikator_tujuan", "indikator_sasaran"})
_ENDS_IN_NUMBER = re.compile(r"(^|\s)\d{1,3}$")  # "2", "Meningkatnya 2": a short bare number at the end
STRAY_NUMBER_SHARE = 0.2
MIN_STRAY_NUMBERS = 3
# a text ending in two numbers or more: "... dalam pembangunan 36% 71% 100%"
_GLUED_NUMBERS = re.compile(r"[^\d\s.,%()-]\s+[-(]?\d[\d.,]*%?\)?(\s+[-(]?\d[\d.,]*%?\)?)+$")


def type_check(columns: list[ColumnField], body: list[tuple[str, ...]], untyped_numbers: bool = True
               ) -> tuple[str, ...]:
    """What the cells of a table read without ruling lines say against its columns (each a reason): a column of
    a numeric field (target, baseline ...) whose cells are not nearly all numbers, a column left untyped that
    holds numbers, a text cell ending in a run of numbers (values glued into a name), a text column (name,
    tujuan, sasaran ...) many of whose cells are a bare number or end in one (a neighbour's code or value read
    into it: "Meningkatnya 2", "2" where the code "2.17" lost its "2"), or no numeric column at all. Such a
    table's column boundaries came from the alignment of its words alone: its rows are not to be trusted
    (pipeline: none are kept; the header-not-understood note says why). ``untyped_numbers=False``: a column left
    untyped that holds numbers is no reason (columns cut under a header's words: such a column is a header word
    nobody mapped, "%", kept under 'extra' with a columns-untyped note, not a boundary in doubt)."""
    reasons: list[str] = []
    for col in columns:
        cells = [row[col.index] for row in body if col.index < len(row) and not _BLANK_CELL.match(row[col.index])]
        where = f"column {col.index + 1} '{col.header}'"
        if not cells:
            continue
        _filled, share = _share(cells, NUMBER_CELL)
        if col.field in NUMERIC_FIELDS and share < TYPED_NUMBER_SHARE:
            reasons.append(f"{where} ({col.key}) holds text")
        elif col.field is None and share >= NUMBER_SHARE:
            if untyped_numbers:
                reasons.append(f"{where} holds numbers under no field")
        elif col.field not in NUMERIC_FIELDS and any(_GLUED_NUMBERS.search(collapse(c)) for c in cells):
            reasons.append(f"{where} ({col.field}) has numbers glued to its text")
        elif col.field in PROSE_FIELDS:
            stray = sum(1 for c in cells if _ENDS_IN_NUMBER.search(collapse(c)))
            if stray >= MIN_STRAY_NUMBERS and stray >= STRAY_NUMBER_SHARE * len(cells):
                reasons.append(f"{where} ({col.field}) ends in a bare number in {stray} of {len(cells)} cells")
    if not any(col.field in NUMERIC_FIELDS for col in columns):
        reasons.append("no column of numbers was typed")
    return tuple(reasons)


@dataclass(frozen=True)
class HeaderCheck:
    """How well a table's header was understood: what the self-check found."""

    columns: int
    typed: int
    untyped: tuple[str, ...]  # the header words of columns nobody typed
    missing: tuple[tuple[str, ...], ...]  # the kind's essential fields with no column (one of each group;
    # "rp@year": an Rp column under a year)
    mistyped: tuple[str, ...] = ()  # what the cells say against the columns (type_check; unruled tables only)

    @property
    def understood(self) -> bool:
        return not self.missing and not self.mistyped

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"understood": self.understood, "columns": self.columns, "typed": self.typed,
                                  "untyped": list(self.untyped), "missing": [" or ".join(g) for g in self.missing]}
        if self.mistyped:
            out["mistyped"] = list(self.mistyped)
        return out


def check_header(columns: list[ColumnField], spec: KindSpec, mistyped: tuple[str, ...] = ()) -> HeaderCheck:
    """The self-check: columns typed, header words nobody typed, the kind's essential fields not found, and what
    the cells say against the columns (``mistyped``, from ``type_check``)."""
    fields = {c.field for c in columns if c.field} | {f"{c.field}@year" for c in columns if c.field and c.year}
    untyped = tuple(dict.fromkeys(c.header for c in columns if c.field is None and c.header))
    missing = tuple(group for group in spec.essentials if not fields & set(group))
    return HeaderCheck(columns=len(columns), typed=sum(1 for c in columns if c.field), untyped=untyped,
                       missing=missing, mistyped=mistyped)
