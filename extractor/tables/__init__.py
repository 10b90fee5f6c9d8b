"""Row normalisers, one per table kind that needs its own; every other kind uses the generic one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..header import ColumnField
from ..model import LogicalTable, Row
from .generic import DEFAULT_OPTIONS, TableOptions, generic_rows
from .tc25 import tc25_rows
from .tc27 import table_years, tc27_rows
from .tc28 import tc28_rows

__all__ = ["NORMALISERS", "TableOptions", "TableRows", "rows_for"]

NORMALISERS: dict[str, Callable[[LogicalTable, list[ColumnField], TableOptions], list[Row]]] = {
    "TC.25": tc25_rows,
    "TC.27": tc27_rows,
    "PROGRAM-LIST": tc27_rows,  # codes, names and levels as in TC.27; no yearly columns
    "TC.28": tc28_rows,
}


@dataclass(frozen=True)
class TableRows:
    """The normalised rows of one stitched table and the years its columns print."""

    rows: list[Row]
    years: list[int]


def rows_for(table: LogicalTable, columns: list[ColumnField], options: TableOptions = DEFAULT_OPTIONS) -> TableRows:
    """The rows of a stitched table whose columns are understood (pipeline.logical_to_table has mapped the
    header, looked for one inside the body and resolved its years)."""
    rows = NORMALISERS.get(table.kind, generic_rows)(table, columns, options)
    return TableRows(rows, table_years(columns))
