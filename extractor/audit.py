"""The arithmetic audit: printed figures checked against each other, reported as Findings, never corrected.

TC.27: each parent's Rp against the sum of its children (bidang/programs, program/kegiatan, kegiatan/sub
kegiatan) per year and at the end of the period; each total row ("JUMLAH") against the sum of the highest-level
rows above it; each row's end-of-period Rp against the sum of its years; the end-of-period target against the sum
of its years where the indicator is a count.
TC.23 / TC.24: each printed ratio against realisation / target x 100, within rounding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .fields import LEVEL_RANK, LEVELS, TOTAL_LEVEL
from .model import AuditCheck, Finding, Result, Row, Table
from .settings import DEFAULT_AUDIT_TOLERANCE, DEFAULT_RATIO_TOLERANCE

CHILD_LEVEL = dict(zip(LEVELS[1:-1], LEVELS[2:]))  # the level a row's amount is the sum of (not an urusan's)
_NOT_A_COUNT = re.compile(r"^\s*(persentase|presentase|persentasi|prosentase|indeks|index|rasio|nilai|tingkat|"
                          r"angka|rata|skor|predikat|opini|capaian)", re.IGNORECASE)
_PERCENT_UNITS = {"%", "persen", "indeks", "index", "nilai", "poin", "skor", "rasio", "predikat"}


def _num(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _children(rows: list[Row], i: int) -> list[int]:
    """Indexes of the rows directly under row i (by code prefix), in the rows that follow it; none when a row of
    the children's level without a code stands in its block (a table that prints names only and whose codes came
    from the document's lists: the sum of the coded children is not the parent's sum)."""
    parent = rows[i].data
    code, level = parent.get("code"), parent.get("level")
    want = CHILD_LEVEL.get(level or "")
    if not code or not want:
        return []
    out = []
    for j in range(i + 1, len(rows)):
        d = rows[j].data
        c = d.get("code")
        if LEVEL_RANK.get(d.get("level") or "", 9) <= LEVEL_RANK[level or ""]:
            break  # the next row at the parent's level or above ends its block
        if not c:
            if d.get("level") == want:
                return []
            continue
        if not c.startswith(code + "."):
            continue
        if d.get("level") == want:
            out.append(j)
    return out


def _finding(check: AuditCheck, table: Table, i: int, field: str, year: int | None, printed: float, expected: float,
             message: str) -> Finding:
    row = table.rows[i]
    return Finding(check=check, table=table.kind, row=i, code=row.data.get("code"), field=field, year=year,
                   page=row.page, printed=printed, expected=expected, message=message)


def _rp_values(row: Row, years: list[int]) -> Iterator[tuple[str, int | None, float | None]]:
    for y in years:
        yield "rp", y, _num(row.years.get(y, {}).get("rp"))
    yield "rp_akhir", None, _num(row.data.get("rp_akhir"))


def audit_children(table: Table, tolerance: float = DEFAULT_AUDIT_TOLERANCE) -> list[Finding]:
    findings = []
    for i, row in enumerate(table.rows):
        kids = _children(table.rows, i)
        if not kids:
            continue
        for field, year, printed in _rp_values(row, table.years):
            if printed is None:
                continue
            values = [v for k in kids for f, y, v in _rp_values(table.rows[k], table.years) if (f, y) == (field, year)]
            known = [v for v in values if v is not None]
            if not known:
                continue
            expected = sum(known)
            if abs(printed - expected) > tolerance:
                where = f"{year}" if year else "end of period"
                findings.append(_finding(
                    "children-sum", table, i, field, year, printed, expected,
                    f"{row.data.get('level')} {row.data.get('code')} prints {printed:,.0f} for {where}; its "
                    f"{len(known)} {CHILD_LEVEL[row.data['level']]} rows add up to {expected:,.0f}"))
    return findings


def _top_rows(rows: list[Row], start: int, end: int) -> list[int]:
    """Indexes of the coded rows at the highest level printed among rows ``start``..``end`` (exclusive): the rows
    whose amounts a total of those rows adds up."""
    coded = [i for i in range(start, end) if rows[i].data.get("code") and rows[i].data.get("level") in LEVEL_RANK]
    if not coded:
        return []
    top = min(LEVEL_RANK[rows[i].data["level"]] for i in coded)
    return [i for i in coded if LEVEL_RANK[rows[i].data["level"]] == top]


def audit_totals(table: Table, tolerance: float = DEFAULT_AUDIT_TOLERANCE) -> list[Finding]:
    """Each total row ("JUMLAH", "TOTAL KESELURUHAN") against the sum of the highest-level rows above it, since the
    total before it; a last total after several is also right when it adds up every such row of the table."""
    findings = []
    totals = [i for i, row in enumerate(table.rows) if row.data.get("level") == TOTAL_LEVEL]
    for k, i in enumerate(totals):
        blocks = [_top_rows(table.rows, totals[k - 1] + 1 if k else 0, i)]
        if k and k == len(totals) - 1:
            blocks.append(_top_rows(table.rows, 0, i))  # a grand total under subtotals
        for field, year, printed in _rp_values(table.rows[i], table.years):
            if printed is None or not blocks[0]:
                continue
            sums = [sum(v for j in block for f, y, v in _rp_values(table.rows[j], table.years)
                        if (f, y) == (field, year) and v is not None) for block in blocks]
            if all(abs(printed - expected) > tolerance for expected in sums):
                level = table.rows[blocks[0][0]].data["level"].replace("_", " ")
                where = f"{year}" if year else "end of period"
                hint = ("; it is 100 times that sum: the cents printed without their decimal comma?"
                        if sums[0] and abs(printed - 100 * sums[0]) <= tolerance else "")
                findings.append(_finding(
                    "total-sum", table, i, field, year, printed, sums[0],
                    f"'{table.rows[i].data.get('name')}' prints {printed:,.0f} for {where}; the {len(blocks[0])} "
                    f"{level} rows above it add up to {sums[0]:,.0f}{hint}"))
    return findings


def is_count_indicator(row: Row) -> bool:
    indicator = row.data.get("indicator") or ""
    unit = (row.data.get("unit") or "").strip().lower()
    if _NOT_A_COUNT.match(indicator) or unit in _PERCENT_UNITS or "%" in unit or "%" in indicator:
        return False
    return indicator.lower().startswith("jumlah") or bool(unit)


def audit_years(table: Table, tolerance: float = DEFAULT_AUDIT_TOLERANCE) -> list[Finding]:
    findings = []
    for i, row in enumerate(table.rows):
        checks = [("rp", "rp_akhir", True), ("target", "target_akhir", is_count_indicator(row))]
        for year_field, total_field, applies in checks:
            printed = _num(row.data.get(total_field))
            if not applies or printed is None:
                continue
            values = [_num(row.years.get(y, {}).get(year_field)) for y in table.years]
            known = [v for v in values if v is not None]
            if len(known) < 2:
                continue
            expected = sum(known)
            if abs(printed - expected) > tolerance:
                last = known[-1]
                hint = (f"; it equals the last year's {year_field}, as for a level rather than a count"
                        if abs(printed - last) <= tolerance else "")
                findings.append(_finding(
                    "years-sum", table, i, total_field, None, printed, expected,
                    f"{row.data.get('level')} {row.data.get('code')}: end-of-period {year_field} {printed:,.2f} is "
                    f"not the sum of its years ({expected:,.2f}){hint}"))
    return findings


RATIO_FIELDS = {
    "TC.23": [("rasio", "realisasi", "target")],
    "TC.24": [("rasio_k", "realisasi_k", "target_k"), ("rasio_rp", "realisasi_rp", "target_rp")],
}


def audit_ratios(table: Table, tolerance: float = DEFAULT_RATIO_TOLERANCE) -> list[Finding]:
    findings = []
    for i, row in enumerate(table.rows):
        for year, values in sorted(row.years.items()):
            for ratio_f, real_f, target_f in RATIO_FIELDS.get(table.kind, []):
                ratio, real, target = (_num(values.get(f)) for f in (ratio_f, real_f, target_f))
                if ratio is None or real is None or not target:
                    continue
                expected = real / target * 100
                if abs(ratio - expected) > tolerance and abs(ratio - round(expected)) > tolerance:
                    findings.append(_finding(
                        "ratio", table, i, ratio_f, year, ratio, round(expected, 2),
                        f"'{row.data.get('name') or row.data.get('indikator')}' {year}: printed ratio {ratio:g} but "
                        f"{real_f} / {target_f} x 100 = {expected:.2f}"))
    return findings


def audit_table(table: Table) -> list[Finding]:
    if table.kind == "TC.27":
        return audit_children(table) + audit_years(table) + audit_totals(table)
    if table.kind in RATIO_FIELDS:
        return audit_ratios(table)
    return []


def audit_result(result: Result) -> list[Finding]:
    return [f for t in result.tables for f in audit_table(t)]
