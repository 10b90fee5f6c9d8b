"""tc_to_rows for TC.25 (Tujuan dan Sasaran Jangka Menengah Pelayanan) and its 2025-layout equivalents.

Fields: no, tujuan, sasaran_no, sasaran, indikator_no, indikator, target per year (and in the 2025 layout
sasaran_rpjmd, tujuan_sasaran, satuan, kondisi_awal, indikator_tujuan / indikator_sasaran).

Headers give no name to the numbering columns: "Tujuan" and "Sasaran" are printed merged over two columns each,
the second of which holds the number of what follows ("1.1" before the sasaran, "1.1.1" before the indicator).
Such a column is named by the text column after it (sasaran_no, indikator_no). Two "Indikator" columns, one after
the tujuan and one after the sasaran, become indikator_tujuan and indikator_sasaran.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..header import ColumnField
from ..model import Flag, LogicalTable, Row
from ..parse import join_cell_lines
from .generic import DEFAULT_OPTIONS, TableOptions, generic_rows

_NUMBERING = re.compile(r"^\d{1,2}(\.\d{1,2}){0,3}\.?$")


def _is_numbering_column(table: LogicalTable, index: int) -> bool:
    values = [join_cell_lines(r.cells[index], "code").strip() for r in table.body if index < len(r.cells)]
    values = [v for v in values if v]
    return bool(values) and all(_NUMBERING.match(v) for v in values)


def tc25_columns(table: LogicalTable, columns: list[ColumnField]) -> list[ColumnField]:
    """The columns with numbering columns and repeated indicator columns given their own names."""
    out = list(columns)
    for i, col in enumerate(columns):
        if i == 0 or col.field is None or col.field != columns[i - 1].field or col.year is not None:
            continue
        if not _is_numbering_column(table, col.index):
            continue
        following = next((c.field for c in columns[i + 1:] if c.field and c.field != col.field), None)
        if following in ("sasaran", "indikator"):
            out[i] = replace(col, field=f"{following}_no")
    indicators = [i for i, c in enumerate(out) if c.field == "indikator"]
    if len(indicators) == 2:
        for i in indicators:
            before = next((c.field for c in reversed(out[:i]) if c.field in ("tujuan", "sasaran")), None)
            if before is not None:
                out[i] = replace(out[i], field=f"indikator_{before}")
    return out


# "1. Terwujudnya ... 2. Meningkatnya ...": an item number at the start or after a space, before a capital
_ITEM_NUMBER = re.compile(r"(?:^|\s)(\d{1,2})[.)]\s+(?=[A-Z])")
LISTED_FIELDS = ("tujuan", "sasaran", "indikator", "indikator_tujuan", "indikator_sasaran")


def listed_items(text: str) -> int:
    """How many items a cell lists when it numbers them 1., 2., 3. ... in order (0 for a plain text): one cell
    holding several goals ("1. Terwujudnya ... 2. Meningkatnya ...")."""
    numbers = [int(m.group(1)) for m in _ITEM_NUMBER.finditer(text)]
    if len(numbers) < 2 or numbers != list(range(1, len(numbers) + 1)):
        return 0
    return len(numbers)


def _flag_listed_cells(row: Row) -> Row:
    for name in LISTED_FIELDS:
        value = row.data.get(name)
        items = listed_items(value) if isinstance(value, str) else 0
        if items:
            row.flags.append(Flag("several-items", name, f"one cell lists {items} numbered items; kept whole as "
                                                         "printed (the table does not pair them with the "
                                                         "other columns)"))
    return row


def tc25_rows(table: LogicalTable, columns: list[ColumnField], options: TableOptions = DEFAULT_OPTIONS) -> list[Row]:
    return [_flag_listed_cells(row) for row in generic_rows(table, tc25_columns(table, columns), options)]
