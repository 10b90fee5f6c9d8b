"""tc_to_rows for the tables without a normaliser of their own (TC.23-26, TC.28, IKU): one Row per body row,
one field per mapped column, numbers parsed where the field is numeric, yearly fields under ``years``."""

from __future__ import annotations

from typing import Any

from ..header import ColumnField
from ..model import Flag, LogicalTable, Row
from ..parse import detect_number_format, join_cell_lines, parse_number
from ..tc_specs import collapse

NUMERIC_FIELDS = frozenset({
    "target", "realisasi", "rasio", "target_k", "target_rp", "realisasi_k", "realisasi_rp", "rasio_k", "rasio_rp",
    "kondisi_awal", "kondisi_akhir", "target_spm", "target_ikk", "target_lainnya", "baseline",
})


def _formats(table: LogicalTable, columns: list[ColumnField]) -> dict[int, str]:
    out = {}
    for col in columns:
        if col.field in NUMERIC_FIELDS:
            fmt = detect_number_format(join_cell_lines(r.cells[col.index], "number") for r in table.body
                                       if col.index < len(r.cells))
            out[col.index] = fmt if fmt in ("id", "en") else "auto"
    return out


def generic_rows(table: LogicalTable, columns: list[ColumnField]) -> list[Row]:
    formats = _formats(table, columns)
    rows = []
    for body_row in table.body:
        data: dict[str, Any] = {}
        years: dict[int, dict[str, Any]] = {}
        raw: dict[str, str] = {}
        flags: list[Flag] = []
        for col in columns:
            if col.field is None or col.index >= len(body_row.cells):
                continue
            cell = body_row.cells[col.index]
            if col.field in NUMERIC_FIELDS:
                text = join_cell_lines(cell, "number")
                key = col.key or col.field
                parsed = parse_number(cell, formats.get(col.index, "auto"), field=key)
                flags.extend(parsed.flags)
                if text:
                    raw[key] = text
                if col.year is not None:
                    years.setdefault(col.year, {})[col.field] = parsed.value
                else:
                    data[col.field] = parsed.value
            else:
                text = collapse(join_cell_lines(cell, "text"))
                data[col.field] = f"{data[col.field]} {text}".strip() if data.get(col.field) else text
        rows.append(Row(data=data, years=years, raw=raw, page=body_row.page, flags=flags))
    return rows
