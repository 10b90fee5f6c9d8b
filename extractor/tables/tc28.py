"""tc_to_rows for TC.28 (Indikator Kinerja Perangkat Daerah yang mengacu pada tujuan dan sasaran RPJMD) and the
2025 layout's "Indikator Kinerja Utama" table.

Fields: no, sasaran, indikator, satuan, kondisi_awal (yearly when its header prints the year), target per year,
kondisi_akhir (and in the 2025 layouts keterangan, rumus, sumber_data, pd).

Some documents print the sasaran and, on the line below it in italics, its indicator in one "Indikator" cell
("Meningkatnya Produktivitas Koperasi" / "Persentase koperasi sehat"). When the table has no sasaran column, such
a cell is split: the indicator starts at the first line that begins like an indicator ("Persentase", "Jumlah",
"Indeks", ...), or, for a cell of exactly two lines, at the second line.
"""

from __future__ import annotations

import re

from ..header import ColumnField
from ..model import LogicalTable, Row
from ..parse import join_cell_lines
from ..textnorm import collapse
from .generic import DEFAULT_OPTIONS, TableOptions, rows_with_source

INDICATOR_START = re.compile(
    r"^\s*(persentase|presentase|prosentase|persentasi|jumlah|indeks|index|nilai|rasio|rata|tingkat|angka|cakupan|"
    r"capaian|proporsi|predikat|opini|skor|laju|luas|panjang|banyaknya)\b", re.IGNORECASE)
SASARAN_START = re.compile(r"^\s*(meningkat|menurun|terwujud|tercapai|tercipta|terlaksana|terkendali|berkurang|"
                           r"bertambah|terpenuhi|optimal|peningkatan|penurunan)", re.IGNORECASE)


def split_sasaran_indicator(cell: str) -> tuple[str, str] | None:
    """(sasaran, indikator) of a cell printing both, or None when the cell is one indicator."""
    lines = [line.strip() for line in cell.splitlines() if line.strip()]
    if len(lines) < 2 or not SASARAN_START.match(lines[0]):
        return None
    at = next((i for i in range(1, len(lines)) if INDICATOR_START.match(lines[i])), None)
    if at is None and len(lines) == 2:
        at = 1
    if at is None:
        return None
    return (collapse(join_cell_lines("\n".join(lines[:at]), "text")),
            collapse(join_cell_lines("\n".join(lines[at:]), "text")))


def tc28_rows(table: LogicalTable, columns: list[ColumnField], options: TableOptions = DEFAULT_OPTIONS) -> list[Row]:
    pairs = rows_with_source(table, columns, options)
    indicator_cols = [c.index for c in columns if c.field == "indikator"]
    if any(c.field == "sasaran" for c in columns) or len(indicator_cols) != 1:
        return [row for _, row in pairs]
    col = indicator_cols[0]
    for body, row in pairs:
        split = split_sasaran_indicator(body.cells[col]) if col < len(body.cells) else None
        if split is not None:
            row.data["sasaran"], row.data["indikator"] = split
    return [row for _, row in pairs]
