"""A past-years table printed with its years as rows, read as one row with its years as columns.

Some Renstra print the TC.23/TC.24 of a whole office as "Tahun | Pagu Anggaran | Realisasi | Rasio" with one row
per year (2020, 2021, ...) and perhaps a summary row ("Rata-rata Pertumbuhan"). The header rules read years from
the header, so such a table is turned round first: one body row named after the table's caption (what the table
is about: the office's total), one column per (year, measure), and a summary row's values under its own label
("Rata-rata Pertumbuhan | Realisasi"). A note says the table was turned.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .model import BodyRow, LogicalTable, Note
from .tc_specs import collapse

_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_YEAR_HEADER = re.compile(r"^tahun(\s+anggaran)?$", re.IGNORECASE)
_CAPTION_LABEL = re.compile(r"^\s*(?:tabel|table)\s*[:.]?\s*[\w.\-]*\d[\w.\-]*\s*[:.]?\s*", re.IGNORECASE)
NAME_HEADER = "Uraian"
MIN_YEAR_ROWS = 2


def _first_cell(row: BodyRow) -> str:
    return collapse(row.cells[0]) if row.cells else ""


def years_as_rows(table: LogicalTable) -> bool:
    """Whether the table prints one row per year: its first column is headed "Tahun" and holds years."""
    if not table.header or not table.body:
        return False
    first = collapse(table.header[-1][0]) if table.header[-1] else ""
    years = sum(1 for row in table.body if _YEAR.match(_first_cell(row)))
    return bool(_YEAR_HEADER.match(first)) and years >= MIN_YEAR_ROWS


def caption_subject(caption: str | None) -> str:
    """The caption without its label: "Tabel 6. Anggaran dan Realisasi ..." -> "Anggaran dan Realisasi ..."."""
    return collapse(_CAPTION_LABEL.sub("", caption or ""))


def turned(table: LogicalTable) -> tuple[LogicalTable, list[Note]]:
    """The table turned round when it prints its years as rows (see the module), else itself."""
    if not years_as_rows(table):
        return table, []
    measures = [collapse(c) for c in table.header[-1][1:]]
    groups, leaves, cells = [NAME_HEADER], [NAME_HEADER], [caption_subject(table.caption)]
    for row in table.body:
        label = _first_cell(row)
        if not label:
            continue
        for measure, value in zip(measures, row.cells[1:]):
            groups.append(label)
            leaves.append(measure)
            cells.append(value)
    first = table.body[0]
    body = [BodyRow(cells=tuple(cells), page=first.page, fragment=first.fragment, source_row=first.source_row)]
    page = table.pages[0] if table.pages else None
    years = [_first_cell(r) for r in table.body if _YEAR.match(_first_cell(r))]
    note = Note("years-as-rows", f"{table.kind}" + (f" p{page}" if page else "") + f": the years are printed as rows "
                f"({years[0]}..{years[-1]}, under '{collapse(table.header[-1][0])}'); read as one row "
                f"named after the caption, with the years as columns", page)
    return replace(table, header=[groups, leaves], body=body), [note]
