"""TC.27 codes read by OCR checked against the hierarchy the table prints (``mend_ocr_urusan``).

A code extends the code of the row it sits under: a sub kegiatan 6.01.01.2.05.0006 follows kegiatan 6.01.01.2.05,
which follows program 6.01.01. OCR of small print misreads the urusan digit that opens every code ('6' read '5'
or '8' on a whole page): 5.01.01.2.07 under program 6.01.01 is such a misread. When a code read by OCR differs
from the nearest coded row above it with a shorter code (its ancestor, as mended) only in that first digit, the
bidang after it is the same, the two digits are ones OCR confuses (``CONFUSED``), and the ancestor's urusan is
the one most codes of that bidang in the table print (an ancestor misread itself mends nothing), the code takes
the ancestor's urusan, flagged ``ocr-corrected`` with the code as read. Nothing else is changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .codes import level_of
from .model import Flag, Row, Table

CONFUSED = frozenset({frozenset("56"), frozenset("68"), frozenset("38"), frozenset("08"), frozenset("09"),
                      frozenset("17"), frozenset("69")})


def _mended(code: str, ancestor: str) -> str | None:
    """``code`` with ``ancestor``'s urusan, when only that digit (a confusable one) keeps it from the same bidang."""
    mine, theirs = code.split("."), ancestor.split(".")
    if len(mine) <= len(theirs) or len(theirs) < 2 or mine[1] != theirs[1] or mine[0] == theirs[0]:
        return None
    if frozenset(mine[0] + theirs[0]) not in CONFUSED:
        return None
    return ".".join([theirs[0], *mine[1:]])


def _mend_row(row: Row, ancestor: str) -> None:
    code = row.data.get("code") or ""
    meant = _mended(code, ancestor)
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
            if ancestor is not None and row.page in pages and urusan.get(ancestor.split(".")[1]) == ancestor[0]:
                _mend_row(row, ancestor)
            above.append(row.data["code"])


def _urusan_counts(codes: list[str]) -> dict[str, Counter[str]]:
    """Per bidang number, how many codes print each urusan digit before it."""
    out: dict[str, Counter[str]] = {}
    for code in codes:
        first, bidang = code.split(".")[:2]
        out.setdefault(bidang, Counter())[first] += 1
    return out
