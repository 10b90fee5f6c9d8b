"""TC.27 amounts read by OCR checked against the arithmetic the table carries (``check_ocr_sums``).

A parent's Rp (bidang, program, kegiatan) is the sum of its children's, year by year (``audit._children``). OCR
of small print confuses digits ('8' read '3', '6' read '5'), so on rows read by OCR a failed sum is no longer
only a finding of the document: one of its values may be misread, and each value the sum involves gets the
flag ``ocr-sum-mismatch`` (the scan says which is wrong, or that the document's own sum is).

One case is settled by the table itself: every child's amount is *confirmed* (the same amount read again on
the outcome/indicator line printed under it, or its own children adding up to it), and the parent's reading
differs from their sum in at most ``MAX_MISREAD_DIGITS`` digits of the same length, as a misread does (a
document's own wrong sum is rarely one digit off). The parent then takes the sum, flagged ``ocr-corrected``
with what OCR read. Nothing else is changed.

A row whose amount is blank in one year while it has amounts in the others (OCR read nothing in a cell
holding small print) gets ``ocr-missing-value`` on that year: a blank is no zero.
"""

from __future__ import annotations

from collections.abc import Iterable

from .audit import CHILD_LEVEL, _children
from .codes import parent_code_of
from .fields import LEVEL_RANK
from .model import Flag, Row, Table
from .settings import DEFAULT_AUDIT_TOLERANCE

MAX_MISREAD_DIGITS = 2


def _rp(row: Row, year: int) -> float | None:
    value = row.years.get(year, {}).get("rp")
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _rereadings(rows: list[Row], i: int, year: int) -> list[float]:
    """The year's Rp printed again on the uncoded lines under coded row ``i`` (its outcome/indicator lines)."""
    out = []
    for row in rows[i + 1 :]:
        if row.data.get("code"):
            break
        value = _rp(row, year)
        if value is not None:
            out.append(value)
    return out


def _one_misread_off(read: float, meant: float) -> bool:
    """``read`` and ``meant`` are whole amounts of the same number of digits differing in at most
    ``MAX_MISREAD_DIGITS`` of them."""
    a, b = f"{read:.0f}", f"{meant:.0f}"
    return a != b and len(a) == len(b) and sum(x != y for x, y in zip(a, b)) <= MAX_MISREAD_DIGITS


class _Sums:
    """The parent/children checks of one TC.27 table's OCRed rows, deepest parents first."""

    def __init__(self, table: Table, ocr_pages: set[int]) -> None:
        self.rows = table.rows
        self.years = table.years
        self.ocr_pages = ocr_pages
        self.printed = {r.data["code"] for r in table.rows if r.data.get("code")}

    def run(self) -> None:
        parents = [i for i, r in enumerate(self.rows) if r.data.get("code") and self._kids(i)]
        parents.sort(key=lambda i: -LEVEL_RANK.get(self.rows[i].data.get("level") or "", 0))
        for i in parents:
            kids = self._kids(i)
            if not any(self.rows[k].page in self.ocr_pages for k in [i, *kids]):
                continue
            for year in self.years:
                self._check(i, kids, year)

    def _kids(self, i: int) -> list[int]:
        """The rows under row ``i`` by code (``audit._children``), or, for an OCRed row with none, the rows of the
        child level in its block whose codes all name one parent the table does not print, of row ``i``'s own
        parent: its code or theirs is misread (kegiatan 6.01.01.2.08 read 2.03), they are still its children."""
        kids = _children(self.rows, i)
        row = self.rows[i]
        if kids or row.page not in self.ocr_pages:
            return kids
        level = row.data.get("level") or ""
        want, code = CHILD_LEVEL.get(level), row.data.get("code") or ""
        block: list[int] = []
        for j in range(i + 1, len(self.rows)):
            d = self.rows[j].data
            if LEVEL_RANK.get(d.get("level") or "", 9) <= LEVEL_RANK.get(level, 0):
                break
            if d.get("level") == want:
                block.append(j)
        named = {parent_code_of(self.rows[j].data.get("code") or "") for j in block}
        if len(named) != 1 or None in named:
            return []
        (parent,) = named
        same_above = parent is not None and parent_code_of(parent) == parent_code_of(code)
        return block if same_above and parent not in self.printed else []

    def _confirmed(self, k: int, year: int) -> bool:
        """Child ``k``'s amount for ``year`` is read again on its own indicator line, or its children add up to
        it."""
        value = _rp(self.rows[k], year)
        if value is None:
            return False
        if any(abs(v - value) <= DEFAULT_AUDIT_TOLERANCE for v in _rereadings(self.rows, k, year)):
            return True
        kids = _children(self.rows, k)
        values = [_rp(self.rows[j], year) for j in kids]
        if not kids or None in values:
            return False
        return abs(sum(v or 0.0 for v in values) - value) <= DEFAULT_AUDIT_TOLERANCE

    def _check(self, i: int, kids: list[int], year: int) -> None:
        printed = _rp(self.rows[i], year)
        values = [_rp(self.rows[k], year) for k in kids]
        if printed is None or all(v is None for v in values):
            return
        total = sum(v for v in values if v is not None)
        if abs(printed - total) <= DEFAULT_AUDIT_TOLERANCE:
            return
        if None not in values and _one_misread_off(printed, total) and all(self._confirmed(k, year) for k in kids):
            self._correct(i, year, printed, total, len(kids))
            return
        parent = self.rows[i].data
        message = (f"{parent.get('level')} {parent.get('code')} {year}: OCR read {printed:,.0f}, its "
                   f"{len(kids)} children add up to {total:,.0f}: one of these amounts is misread, or the document's "
                   "sum is wrong; check the scan")
        for k in [i, *kids]:
            _add_flag(self.rows[k], Flag("ocr-sum-mismatch", f"{year}.rp", message))

    def _correct(self, i: int, year: int, printed: float, total: float, n_kids: int) -> None:
        row = self.rows[i]
        row.years[year]["rp"] = int(total) if total == int(total) else total
        _add_flag(row, Flag("ocr-corrected", f"{year}.rp",
                            f"OCR read {printed:,.0f}; taken as {total:,.0f}, the sum of its {n_kids} children, each "
                            f"read twice alike (one digit or two off: a misread, not the document's sum)"))


def _add_flag(row: Row, flag: Flag) -> None:
    if not any((f.code, f.field) == (flag.code, flag.field) for f in row.flags):
        row.flags.append(flag)


def _flag_gaps(table: Table, pages: set[int]) -> None:
    for row in table.rows:
        if row.page not in pages:
            continue
        read = [y for y in table.years if _rp(row, y) is not None]
        if len(read) < 2:
            continue
        for year in table.years:
            if year not in read:
                _add_flag(row, Flag("ocr-missing-value", f"{year}.rp", f"OCR read no amount for {year} on page "
                                    f"{row.page} where the row has amounts for {len(read)} other years: check "
                                    "the scan"))


def check_ocr_sums(tables: Iterable[Table], ocr_pages: Iterable[int]) -> None:
    """Flag (``ocr-sum-mismatch``) or settle (``ocr-corrected``) the TC.27 amounts of OCRed rows that break
    the parent = sum of children arithmetic, and flag the amounts OCR left blank (``ocr-missing-value``); see
    the module's docstring."""
    pages = set(ocr_pages)
    for table in tables:
        if table.kind == "TC.27" and pages and any(r.page in pages for r in table.rows):
            _Sums(table, pages).run()
            _flag_gaps(table, pages)
