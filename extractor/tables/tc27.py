"""tc_to_rows for TC.27 (Rencana Program, Kegiatan dan Pendanaan Indikatif) and its 2025-layout equivalents.

Each body row becomes a Row with: level, code (canonical), code_raw (as printed), name, indicator, unit,
baseline, per-year target and rp, target_akhir, rp_akhir, pd, tujuan, sasaran, page, flags.
"""

from __future__ import annotations

import re
from collections.abc import Container
from typing import Any

from ..codes import find_code_prefix, parse_code
from ..fields import LEVELS, TOTAL_LEVEL
from ..header import ColumnField
from ..model import BodyRow, Flag, LogicalTable, Row
from ..parse import join_cell_lines, split_indicator_unit
from ..sections import carry_section
from ..textnorm import collapse, has_two_words
from .code_stairs import CodeStairs
from .generic import (
    DEFAULT_OPTIONS,
    CellReading,
    TableOptions,
    boxes_of,
    column_formats,
    extra_cells,
    extra_keys,
    read_cells,
    table_vocabulary,
)
from .levels import Position, levels_by_parent, levels_by_position, levels_by_reference, position_of
from .unruled_merges import join_unruled_merges

TEXT_FIELDS = ("name", "indicator", "unit", "pd", "tujuan", "sasaran", "tujuan_rpjmd", "sasaran_rpjmd",
               "indikator_tujuan", "indikator_sasaran", "kelompok_sasaran", "lokasi", "sumber_dana", "keterangan")
CONTRACT_DEFAULTS = (("baseline", None), ("target_akhir", None), ("rp_akhir", None), ("pd", ""), ("tujuan", ""),
                     ("sasaran", ""))
FILL_DOWN = ("tujuan", "sasaran", "tujuan_rpjmd", "sasaran_rpjmd", "indikator_tujuan", "indikator_sasaran",
             "program")
# an outline number before the level word counts for nothing: "I.PROGRAM ...", "1. Kegiatan ...", "a) Sub Kegiatan"
_OUTLINE_PREFIX = r"^\s*(?:(?:[IVXLC]{1,5}|\d{1,3}|[a-z])(?:\.\d{1,3})*(?:[.)]\s*|\s+))?"
# a row naming itself the total of the table or of its amounts, and nothing else
_TOTAL_NAME = re.compile(r"^(?:sub\s*-?\s*)?(?:jumlah|total|grand\s+total)(?:\s+(?:total|keseluruhan|seluruhnya|"
                         r"semua|anggaran|belanja|pagu(?:\s+indikatif)?|dana|pendanaan|kebutuhan\s+dana|rp\.?|"
                         r"rupiah|program|kegiatan|sub\s*kegiatan|perangkat\s+daerah|opd|skpd|renstra))*\s*:?$",
                         re.IGNORECASE)


def is_total_name(name: str) -> bool:
    """Whether a row's name says it is a total ("JUMLAH", "Total Keseluruhan", "Jumlah Pagu Indikatif"); a name
    that goes on ("Jumlah Usaha Mikro ...", an indicator) is none."""
    return bool(_TOTAL_NAME.match(collapse(name)))


_LEVEL_WORDS = (
    ("sub_kegiatan", re.compile(_OUTLINE_PREFIX + r"sub\s*\.?\s*kegiatan\b", re.IGNORECASE)),
    ("kegiatan", re.compile(_OUTLINE_PREFIX + r"kegiatan\b", re.IGNORECASE)),
    ("program", re.compile(_OUTLINE_PREFIX + r"program\b", re.IGNORECASE)),
    ("bidang_urusan", re.compile(_OUTLINE_PREFIX + r"(urusan\s+pemerintah(an)?\s+)?bidang\b", re.IGNORECASE)),
    ("urusan", re.compile(_OUTLINE_PREFIX + r"urusan\b", re.IGNORECASE)),
)


def _level_from_name(name: str) -> str | None:
    for level, pattern in _LEVEL_WORDS:
        if pattern.match(name):
            return level
    return None


_ITEM_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?$")  # "2", "1.", "1.1": an item's number, not its name
_ONE_LEVEL_HEADER = re.compile(r"^[a-z\s.]+$")  # "SUB KEGIATAN": no "/", "dan" or "," joining several levels


def header_level(columns: list[ColumnField]) -> str | None:
    """The level a name column's header names alone ("SUB KEGIATAN", "Kegiatan"), or None ("Program/Kegiatan",
    "Uraian", "Program dan Kegiatan")."""
    names = [collapse(c.header).lower() for c in columns if c.field == "name"]
    if len(names) != 1 or not _ONE_LEVEL_HEADER.match(names[0]) or re.search(r"\bdan\b", names[0]):
        return None
    level = _level_from_name(names[0])
    return level if level in ("program", "kegiatan", "sub_kegiatan") else None


def _read_code(cells: tuple[str, ...], code_cols: list[int], name: str, name_cell: str = "",
               known: Container[str] | None = None, words: Container[str] | None = None) -> tuple[Any, str]:
    """(ParsedCode or None, name) from the code cells, or from a "code name" cell (SIPD form). ``name_cell``
    is the name cell as printed (its line breaks show a code wrapped onto the name's first line)."""
    parts = [cells[i] for i in code_cols if i < len(cells)]
    if any(p.strip() for p in parts):
        return parse_code(parts, known=known), name
    found = find_code_prefix(name_cell or name, known=known, words=words) if name else None
    if found is not None:
        parsed, rest = found
        return parsed, rest
    return None, name


def _code_raw(cells: tuple[str, ...], code_cols: list[int]) -> str:
    """The code as printed: its non-empty cells joined by '|' (one merged cell has no '|')."""
    parts = [collapse(join_cell_lines(cells[i], "code")) for i in code_cols if i < len(cells)]
    printed = "|".join(p for p in parts if p)
    return printed or ""


class _RowBuilder:
    def __init__(self, columns: list[ColumnField], formats: dict[int, str],
                 known: Container[str] | None = None, words: Container[str] | None = None) -> None:
        self.columns = columns
        self.formats = formats
        self.known = known
        self.words = words
        self.reading = CellReading(skip=frozenset({"code", "no"}), yearly=frozenset({"target", "rp"}),
                                   code_led=frozenset({"pd"}), units_from_numbers=True, numbers_first=True,
                                   words=words)
        self.code_cols = [c.index for c in columns if c.field == "code"]
        self.stairs = CodeStairs(len(self.code_cols))
        self.extra_keys = extra_keys(columns)
        self.no_cols = [c.index for c in columns if c.field == "no"]
        self.name_cols = [c.index for c in columns if c.field == "name"]
        self.position: Position | None = None  # where the last built row stands in the outline
        self.header_level = header_level(columns)  # the level the name column's header names, if one

    def build(self, body_row: BodyRow) -> Row:
        numbered = self._item_number(body_row.cells)
        columns = self.columns if numbered is None else [c for c in self.columns if c.index != numbered]
        row = read_cells(body_row.cells, columns, self.formats, self.reading)
        if numbered is not None:  # the item number printed in the name's first column: kept apart, first
            row.data = {"no": collapse(body_row.cells[numbered]), **row.data}
        data, years, flags = row.data, row.years, row.flags
        name = data.get("name", "") or self._text_in_number_column(body_row.cells)
        name_cell = next((body_row.cells[c.index] for c in self.columns if c.field == "name"
                          and c.index < len(body_row.cells) and body_row.cells[c.index].strip()), "")
        if collapse(join_cell_lines(name_cell, "text", self.words)) != name:
            name_cell = ""  # the name spans several cells: read the code from the joined name
        code_cells = self._code_cells(body_row.cells)
        parsed, name = _read_code(code_cells, self.code_cols, name, name_cell, self.known, self.words)
        if code_cells is not body_row.cells and parsed is not None and parsed.canonical:
            printed = _code_raw(body_row.cells, self.code_cols)
            flags.append(Flag("odd-code", "code", f"only its own segment printed ('{printed}'), the segments "
                                                  f"before it taken from the rows above: {parsed.canonical}"))
        no_cols = self.no_cols + ([numbered] if numbered is not None else [])
        self.position = position_of(body_row, no_cols, self.code_cols, name_cell or name)
        data["name"] = collapse(name)
        data["code"] = parsed.canonical if parsed is not None else None
        data["code_raw"] = (_code_raw(body_row.cells, self.code_cols) or parsed.raw) if parsed is not None else ""
        if parsed is not None:
            flags.extend(parsed.flags)
        self._indicator(data, flags)
        self._level(data, parsed, years, flags, self.header_level)
        extra = extra_cells(body_row.cells, self.extra_keys)
        if extra:
            data["extra"] = extra
        row.page, row.boxes = body_row.page, boxes_of(body_row, self.columns)
        carry_section(row, body_row.section)
        return row

    def _code_cells(self, cells: tuple[str, ...]) -> tuple[str, ...]:
        """The row's cells with its code cells completed from the rows above when the table prints its codes as a
        staircase (``code_stairs``), else the cells as printed."""
        parts = [cells[i] if i < len(cells) else "" for i in self.code_cols]
        completed = self.stairs.complete(parts)
        if completed is None:
            return cells
        out = list(cells)
        for i, text in zip(self.code_cols, completed):
            if i < len(out):
                out[i] = text
        return tuple(out)

    def _item_number(self, cells: tuple[str, ...]) -> int | None:
        """The column of the row's item number when the name's header spans a numbering column and the name
        ("Program dan Kegiatan" over "2 | Penyediaan Gaji ..."): the first name column holding only an outline
        number while the next holds the name. None otherwise."""
        if len(self.name_cols) < 2:
            return None
        first, rest = self.name_cols[0], self.name_cols[1:]
        if first >= len(cells) or not _ITEM_NUMBER.match(collapse(cells[first])):
            return None
        return first if any(i < len(cells) and cells[i].strip() for i in rest) else None

    def _text_in_number_column(self, cells: tuple[str, ...]) -> str:
        """A name printed in a cell merged over the 'No' column and the name column (an office heading row):
        its text stands in the 'No' column only."""
        for col in self.columns:
            if col.field == "no" and col.index < len(cells):
                text = collapse(join_cell_lines(cells[col.index], "text"))
                if has_two_words(text):
                    return text
        return ""

    @staticmethod
    def _indicator(data: dict[str, Any], flags: list[Flag]) -> None:
        cell = data.get("indicator", "")
        data["indicator_raw"] = cell
        indicator, unit = split_indicator_unit(cell) if cell else ("", None)
        data["indicator"] = indicator
        if unit and not data.get("unit"):
            data["unit"] = unit
        data.setdefault("unit", None)
        if data["unit"] == "":
            data["unit"] = None

    @staticmethod
    def _level(data: dict[str, Any], parsed: Any, years: dict[int, dict[str, Any]], flags: list[Flag],
               by_header: str | None = None) -> None:
        if parsed is not None and parsed.level:
            data["level"] = parsed.level
            return
        if is_total_name(data.get("name", "")):
            data["level"] = TOTAL_LEVEL  # the table's total (audit.audit_totals checks it)
            return
        by_name = _level_from_name(data.get("name", ""))
        if by_name:
            data["level"] = by_name
            flags.append(Flag("level-guessed", "level", f"no code; level '{by_name}' read from the name"))
        elif by_header and data.get("name"):
            data["level"] = by_header
            flags.append(Flag("level-guessed", "level", f"no code; level '{by_header}' read from the name "
                                                        "column's header"))
        elif not data.get("name") and (data.get("indicator") or years):
            data["level"] = "indicator"  # an extra indicator line of the row above (2025 layout)
        else:
            data["level"] = None
            flags.append(Flag("level-guessed", "level", "no code and no level word in the name: level unknown"))


def tc27_rows(table: LogicalTable, columns: list[ColumnField], options: TableOptions = DEFAULT_OPTIONS) -> list[Row]:
    """Normalise the body of a stitched TC.27 table."""
    builder = _RowBuilder(columns, column_formats(table.body, columns, options.number_format), options.reference,
                          table_vocabulary(table, columns, TEXT_FIELDS))
    rows: list[Row] = []
    positions: list[Position | None] = []
    carried: dict[str, str] = {}
    body, joined = join_unruled_merges(table, columns)
    unread: list[str] = []  # text of body rows that made no row, since the last row kept
    for k, body_row in enumerate(body):
        row = builder.build(body_row)
        for field in joined.get(k, ()):
            row.flags.append(Flag("wrapped-value", field, "a cell merged down rows in a table without ruling "
                                                          "lines: the lines beside consecutive rows joined as one "
                                                          "value; check where it ends"))
        if _has_content(row):
            positions.append(builder.position)
            _fill_down(row, carried)
            rows.append(row)
            _say_unread(row, unread)
        elif text := " | ".join(collapse(c) for c in body_row.cells if c.strip()):
            unread.append(text)  # text that makes no row (words where the code stands): said on the next row
    if unread and rows:
        _say_unread(rows[-1], unread)
    levels_by_position(rows, positions)
    levels_by_reference(rows, options.reference)
    levels_by_parent(rows)
    rows = fold_indicator_rows(rows)
    _complete_contract(rows, table_years(columns))
    _mark_pd_sections(rows)
    return rows


def _say_unread(row: Row, unread: list[str]) -> None:
    """An ``unplaced-cell`` flag on ``row`` for each text in ``unread`` (body rows near it that made no row: no
    code, name, indicator or number, only words where the code stands), which is then emptied."""
    for text in unread:
        row.flags.append(Flag("unplaced-cell", "row", f"printed on a body row of its own near this row, in no column "
                                                      f"it could be read from, and kept here: '{text[:200]}'"))
    unread.clear()


def _fill_down(row: Row, carried: dict[str, str]) -> None:
    """The FILL_DOWN fields a row leaves empty take the value printed last above it (``carried``, updated)."""
    for field in FILL_DOWN:
        if field not in row.data:
            continue
        if row.data[field]:
            carried[field] = row.data[field]
        elif field in carried:
            row.data[field] = carried[field]


def _complete_contract(rows: list[Row], years: list[int]) -> None:
    """Every row carries the whole contract, whatever the layout prints (None / "" where nothing is printed)."""
    for row in rows:
        for key, empty in CONTRACT_DEFAULTS:
            row.data.setdefault(key, empty)
        for year in years:
            values = row.years.setdefault(year, {})
            values.setdefault("target", None)
            values.setdefault("rp", None)


def _mark_pd_sections(rows: list[Row]) -> None:
    """The PD a row falls under (``pd_section``), where a PD is printed once for a whole section."""
    section = None
    for row in rows:
        section = row.data.get("pd") or section
        if "pd" in row.data:
            row.data["pd_section"] = section


_FOLDED_FIELDS = ("indicator", "indicator_raw", "unit", "baseline", "target_akhir", "pd")


def _targets_empty(row: Row) -> bool:
    return all(v.get("target") is None for v in row.years.values()) and row.data.get("baseline") is None


def _is_outcome_line(row: Row) -> bool:
    """A row with no code and no level word: the outcome/indicator lines printed under a program/kegiatan (an
    item with its own number, "2 | Penyediaan Gaji ...", is none)."""
    return not row.data.get("code") and not row.data.get("no") and row.data.get("level") in (None, "indicator")


def _fold(owner: Row, line: Row) -> None:
    """Give ``owner`` (a coded row printed without its indicator) the indicator, targets and outcome of ``line``."""
    if line.data.get("name"):
        owner.data["outcome"] = line.data["name"]
    for field in _FOLDED_FIELDS:
        if line.data.get(field) not in (None, "") and owner.data.get(field) in (None, ""):
            owner.data[field] = line.data[field]
    for year, values in line.years.items():
        mine = owner.years.setdefault(year, {})
        for field, value in values.items():
            if mine.get(field) is None:
                mine[field] = value
            elif value is not None and value != mine[field]:
                owner.flags.append(Flag("unplaced-cell", f"{year}.{field}",
                                        f"the indicator line below prints {value} where the row prints {mine[field]}"))
    owner.raw.update({k: v for k, v in line.raw.items() if k not in owner.raw})
    owner.flags.extend(f for f in line.flags if f.code != "level-guessed")


def fold_indicator_rows(rows: list[Row]) -> list[Row]:
    """Layouts that print a row's indicator on the line(s) under its name (the 2025 layout, many SIPD exports):
    the first such line is folded into the coded row when that row has no indicator and no targets of its own;
    the following ones stay as rows of level 'indicator' with ``parent_code`` naming the row they belong to.
    An outcome line whose PD differs from the section's opens a new PD section (one kelurahan after another)."""
    out: list[Row] = []
    owner: Row | None = None
    program: Row | None = None
    folded_into_owner = False
    section = ""
    for row in rows:
        level = row.data.get("level")
        if level in LEVELS:
            owner, folded_into_owner = row, False
            if level == "program":
                program = row
            section = row.data.get("pd") or section
            out.append(row)
            continue
        pd = row.data.get("pd") or ""
        if owner is not None and _is_outcome_line(row):
            has_own_text = bool(row.data.get("indicator") or row.data.get("name"))
            if not folded_into_owner and has_own_text and not owner.data.get("indicator") and _targets_empty(owner):
                _fold(owner, row)
                folded_into_owner = True
                section = pd or section
                continue
            if pd and section and pd != section and program is not None:
                _open_section(row, program, pd)
                owner = None
            else:
                row.data["level"] = "indicator"
                row.data["parent_code"] = owner.data.get("code")
                row.flags = [f for f in row.flags if f.code != "level-guessed"]
        section = pd or section
        out.append(row)
    return out


def _open_section(row: Row, program: Row, pd: str) -> None:
    row.data["level"] = "indicator"
    row.data["parent_code"] = program.data.get("code")
    row.flags = [f for f in row.flags if f.code != "level-guessed"]
    row.flags.append(Flag("level-guessed", "level", f"outcome line opening the section of PD '{pd}': taken as "
                          f"program {program.data.get('code')}'s, printed above"))



def _has_content(row: Row) -> bool:
    if row.data.get("code") or row.data.get("name") or row.data.get("indicator") or row.data.get("extra"):
        return True
    return any(v is not None for y in row.years.values() for v in y.values())


def table_years(columns: list[ColumnField]) -> list[int]:
    return sorted({c.year for c in columns if c.field and c.year is not None})
