"""TC.27 codes read by OCR checked against the hierarchy the table prints (``mend_ocr_urusan``).

A code extends the code of the row it sits under: a sub kegiatan 6.01.01.2.05.0006 follows kegiatan 6.01.01.2.05,
which follows program 6.01.01. OCR of small print misreads the urusan digit that opens every code ('6' read '5'
or '8' on a whole page): 5.01.01.2.07 under program 6.01.01 is such a misread. When a code read by OCR differs
from the nearest coded row above it with a shorter code (its ancestor, as mended) only in that first digit, the
bidang after it is the same, the two digits are ones OCR confuses (``CONFUSED``), and the ancestor's urusan is
the one most codes of that bidang in the table print (an ancestor misread itself mends nothing), the code takes
the ancestor's urusan, flagged ``ocr-corrected`` with the code as read; the table's first code (no code above
it) takes the urusan two thirds of its bidang's codes print. Two OCRed rows printing one code are both flagged
``ocr-low-confidence`` on the code (one of them is misread), and so are the codes under them; so are an OCRed
code whose parent the table does not print and the row of the parent's level above it that reads otherwise
(``_flag_strays``). Nothing else is changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .codes import level_of, parent_code_of
from .model import Flag, Row, Table

CONFUSED = frozenset({frozenset("56"), frozenset("68"), frozenset("38"), frozenset("08"), frozenset("09"),
                      frozenset("17"), frozenset("69")})


TOP_SHARE = 2 / 3


def _mended(code: str, ancestor: str) -> str | None:
    """``code`` with ``ancestor``'s urusan, when only that digit (a confusable one) keeps it from the same bidang."""
    mine, theirs = code.split("."), ancestor.split(".")
    if len(mine) <= len(theirs) or len(theirs) < 2 or mine[1] != theirs[1] or mine[0] == theirs[0]:
        return None
    if frozenset(mine[0] + theirs[0]) not in CONFUSED:
        return None
    return ".".join([theirs[0], *mine[1:]])


def _mend_row(row: Row, ancestor: str, top: bool = False) -> None:
    """``ancestor``: the code the row sits under (``top``: the urusan.bidang its bidang's codes print)."""
    code = row.data.get("code") or ""
    meant = _mended(code, ancestor) if not top else _mended(code + ".0", ancestor)
    meant = meant[: -len(".0")] if top and meant else meant
    if meant is None:
        return
    row.data["code"] = meant
    row.data["level"] = level_of(meant)
    row.flags.append(Flag("ocr-corrected", "code", f"OCR read {code}; under {ancestor} printed above, its urusan "
                                                   f"digit '{code.split('.')[0]}' is a misread "
                                                   f"'{ancestor.split('.')[0]}': read as {meant}"))


def mend_ocr_urusan(tables: Iterable[Table], ocr_pages: Iterable[int]) -> None:
    """Give the codes of OCRed TC.27 rows the urusan of the code they sit under; see the module's docstring."""
    pages = set(ocr_pages)
    for table in tables:
        if table.kind != "TC.27":
            continue
        codes = [r.data["code"] for r in table.rows if r.data.get("code") and "." in r.data["code"]]
        urusan = {bidang: n.most_common(1)[0][0] for bidang, n in _urusan_counts(codes).items()}
        above: list[str] = []  # the coded rows above, as mended
        for row in table.rows:
            code = row.data.get("code")
            if not code or "." not in code:
                continue
            ancestor = next((c for c in reversed(above) if len(c.split(".")) < len(code.split("."))), None)
            if row.page in pages and ancestor is not None and urusan.get(ancestor.split(".")[1]) == ancestor[0]:
                _mend_row(row, ancestor)
            above.append(row.data["code"])
        coded = [r for r in table.rows if r.data.get("code") and "." in r.data["code"]]
        if coded and coded[0].page in pages:  # the table's first code: the urusan most codes of its bidang print
            _mend_top_row(coded[0], [r.data["code"] for r in coded[1:]])
        _flag_repeated(table, pages)
        _flag_strays(table, pages)


def _mend_top_row(row: Row, codes: list[str]) -> None:
    """The first code of a table (no code above it) takes the urusan at least ``TOP_SHARE`` of the codes of its
    bidang print, when the two digits are confusable."""
    code = row.data["code"]
    bidang = code.split(".")[1]
    counts = _urusan_counts(codes).get(bidang, Counter())
    first, n = counts.most_common(1)[0] if counts else ("", 0)
    if first and first != code.split(".")[0] and n >= TOP_SHARE * sum(counts.values()):
        _mend_row(row, f"{first}.{bidang}", top=True)


def _flag_repeated(table: Table, pages: set[int]) -> None:
    """Two coded rows of a table printing one code (a kegiatan's '2.06' read '2.05'): both flagged
    ``ocr-low-confidence`` on the code, one of them is misread."""
    seen: dict[str, list[Row]] = {}
    for row in table.rows:
        if row.data.get("code") and row.page in pages:
            seen.setdefault(row.data["code"], []).append(row)
    for code, rows in seen.items():
        if len(rows) < 2:
            continue
        where = ", ".join(f"p.{r.page}" for r in rows)
        under = [r for r in table.rows if r.page in pages and (r.data.get("code") or "").startswith(code + ".")]
        for row in rows + under:
            row.flags.append(Flag("ocr-low-confidence", "code", f"code {code} read on {len(rows)} rows ({where}): "
                                                                f"one of them (and the codes under it) is misread; "
                                                                f"check the scan"))


def _flag_strays(table: Table, pages: set[int]) -> None:
    """An OCRed code whose parent the table does not print, under a row of the parent's level that reads
    otherwise (sub kegiatan 6.01.01.2.08.0001 under kegiatan 6.01.01.2.03: '8' read '3'): both codes are
    flagged ``ocr-low-confidence``, one of them is misread."""
    printed = {r.data["code"] for r in table.rows if r.data.get("code")}
    above: list[Row] = []
    for row in table.rows:
        code = row.data.get("code") or ""
        parent = parent_code_of(code) if "." in code else None
        if row.page in pages and parent and parent.count(".") >= 2 and parent not in printed:
            depth = parent.count(".")
            near = next((r for r in reversed(above) if r.data["code"].count(".") == depth), None)
            if near is not None and parent_code_of(near.data["code"]) == parent_code_of(parent):
                message = (f"code {code} printed under {near.data['code']}, and the table prints no {parent}: one "
                           "of the two codes is misread; check the scan")
                for r in (row, near):
                    if not any(f.code == "ocr-low-confidence" and f.field == "code" for f in r.flags):
                        r.flags.append(Flag("ocr-low-confidence", "code", message))
        if code:
            above.append(row)


def _urusan_counts(codes: list[str]) -> dict[str, Counter[str]]:
    """Per bidang number, how many codes print each urusan digit before it."""
    out: dict[str, Counter[str]] = {}
    for code in codes:
        first, bidang = code.split(".")[:2]
        out.setdefault(bidang, Counter())[first] += 1
    return out
