"""Row normalisers, one per table kind that needs its own; every other kind uses the generic one."""

from __future__ import annotations

from collections.abc import Callable

from ..header import ColumnField
from ..model import LogicalTable, Note, Row
from .generic import generic_rows, header_in_body
from .tc25 import tc25_rows
from .tc27 import table_years, tc27_rows
from .tc28 import tc28_rows

NORMALISERS: dict[str, Callable[[LogicalTable, list[ColumnField]], list[Row]]] = {
    "TC.25": tc25_rows,
    "TC.27": tc27_rows,
    "PROGRAM-LIST": tc27_rows,  # codes, names and levels as in TC.27; no yearly columns
    "TC.28": tc28_rows,
}


def rows_for(table: LogicalTable,
             columns: list[ColumnField]) -> tuple[list[Row], list[Note], list[int], list[ColumnField]]:
    """(rows, notes, years, columns) of a stitched table; the columns as finally understood (a header found
    inside the body replaces the one above it)."""
    notes: list[Note] = []  # the header self-check (pipeline.logical_to_table) says what was not understood
    if table.kind != "TC.27":
        table, columns = header_in_body(table, columns)
    rows = NORMALISERS.get(table.kind, generic_rows)(table, columns)
    return rows, notes, table_years(columns), columns
