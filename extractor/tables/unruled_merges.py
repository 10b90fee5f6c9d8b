"""Cells merged down rows in a table printed without ruling lines (a Word table without borders: TUJUAN and
SASARAN merged over a program's rows). Nothing on the page shows where such a cell ends: its lines stand beside
the rows they happen to reach, and the reader gives each row the lines beside it ("Meningkatkan omset koperasi
dan usaha" on the program's row, "mikro" on the next). In a group column (``GROUP_FIELDS``) of such a table
that leaves some rows empty (one value per group, not per row), each run of consecutive rows holding text is one
value: joined into the run's first row (the rows under it take it by filling down) and flagged
``wrapped-value``, since two groups whose texts touch cannot be told apart.
"""

from __future__ import annotations

from dataclasses import replace

from ..header import ColumnField
from ..model import BodyRow, LogicalTable

GROUP_FIELDS = ("tujuan", "sasaran", "tujuan_rpjmd", "sasaran_rpjmd", "indikator_tujuan", "indikator_sasaran")


def join_unruled_merges(table: LogicalTable, columns: list[ColumnField]) -> tuple[list[BodyRow], dict[int, list[str]]]:
    """The body with the runs of a group column's pieces joined (see the module docstring), and, per body row
    index, the fields whose value was joined there. The body as given for a table read with ruling lines."""
    body = list(table.body)
    if not any(f.unruled or f.prose_block for f in table.fragments):
        return body, {}
    joined: dict[int, list[str]] = {}
    for col in columns:
        if col.field not in GROUP_FIELDS:
            continue
        filled = [k for k, row in enumerate(body) if col.index < len(row.cells) and row.cells[col.index].strip()]
        if not filled or len(filled) == len(body):
            continue  # a value on every row: one per row, nothing merged
        runs: list[list[int]] = []
        for k in filled:
            if runs and runs[-1][-1] == k - 1:
                runs[-1].append(k)
            else:
                runs.append([k])
        for run in runs:
            if len(run) < 2:
                continue
            first = run[0]
            text = "\n".join(body[k].cells[col.index].strip() for k in run)
            body[first] = _with_cell(body[first], col.index, text)
            for k in run[1:]:
                body[k] = _with_cell(body[k], col.index, "")
            joined.setdefault(first, []).append(col.field)
    return body, joined


def _with_cell(row: BodyRow, index: int, text: str) -> BodyRow:
    cells = list(row.cells)
    cells[index] = text
    return replace(row, cells=tuple(cells))
