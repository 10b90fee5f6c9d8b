"""Codes a funding table does not print, from the document's own lists of programs.

Some 2025-format Renstra print their funding table (TC.27) with names only, and the codes of the same programs,
kegiatan and sub kegiatan in a PROGRAM-LIST table ("Teknik Merumuskan Program/Kegiatan/Subkegiatan", "Daftar
Subkegiatan Prioritas": "1.05.02.2.01.0004 - Pemberdayaan ..."). A TC.27 row without a code takes the code printed
beside the same name (same level; the name equal, cut, or one word spelt differently; one candidate only),
flagged ``code-from-document`` with the page it was read from; ``code_raw`` stays empty (this table prints none).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from ..model import Flag, Row, Table
from ..textnorm import normalize_name

SAME_WORD = 80.0  # rapidfuzz ratio of two words taken for one spelt two ways ("Penbyediaan" / "Penyediaan")
MIN_CUT_WORDS = 4  # a name cut or run on ("... Masyarakat" / "... Masyarakat Tingkat Kabupaten/Kota") this long
CODED_LEVELS = ("program", "kegiatan", "sub_kegiatan")


@dataclass(frozen=True)
class PrintedCode:
    code: str
    level: str
    name: str  # normalised
    page: int | None


def printed_codes(tables: list[Table]) -> list[PrintedCode]:
    """Every (code, level, name) the document's PROGRAM-LIST tables print."""
    found: dict[tuple[str, str], PrintedCode] = {}
    for table in tables:
        if table.kind != "PROGRAM-LIST":
            continue
        for row in table.rows:
            code, level, name = row.data.get("code"), row.data.get("level"), normalize_name(row.data.get("name"))
            if code and level in CODED_LEVELS and name:
                found.setdefault((code, name), PrintedCode(code, level, name, row.page))
    return list(found.values())


def same_name(a: str, b: str) -> bool:
    """Two normalised names of one entry: equal; one the other cut or run on (the first words, at least
    MIN_CUT_WORDS); or the same words with one spelt differently. Never two names that differ by a real word
    ("Pengadaan Barang ..." / "Pemeliharaan Barang ...", "Penyediaan Jasa Peralatan" / "Penyediaan Peralatan")."""
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    short, long = sorted((wa, wb), key=len)
    if len(short) != len(long):
        return len(short) >= MIN_CUT_WORDS and long[:len(short)] == short
    differ = [(x, y) for x, y in zip(wa, wb) if x != y]
    return len(differ) == 1 and fuzz.ratio(*differ[0]) >= SAME_WORD


def _best(name: str, level: str | None, printed: list[PrintedCode]) -> PrintedCode | None:
    """The one printed code whose name is this name (its level agreeing), or None when none or two are."""
    codes = {p.code: p for p in printed if level in (None, p.level) and same_name(name, p.name)}
    return next(iter(codes.values())) if len(codes) == 1 else None


def _give_code(row: Row, found: PrintedCode) -> None:
    row.data["code"] = found.code
    row.data["code_raw"] = row.data.get("code_raw") or ""
    row.data["level"] = found.level
    row.flags = [f for f in row.flags if f.code != "level-guessed"]
    where = f" on p.{found.page}" if found.page else ""
    row.flags.append(Flag("code-from-document", "code", f"this table prints no code; {found.code} is printed beside "
                                                        f"the same name in the document's list of programs{where}"))


def codes_from_lists(tables: list[Table]) -> int:
    """Give the uncoded TC.27 rows the codes the document's lists print beside their names; how many got one."""
    printed = printed_codes(tables)
    if not printed:
        return 0
    given = 0
    for table in tables:
        if table.kind != "TC.27":
            continue
        for row in table.rows:
            level = row.data.get("level")
            if row.data.get("code") or level not in (None, *CODED_LEVELS):
                continue
            found = _best(normalize_name(row.data.get("name")), level, printed)
            if found is not None:
                _give_code(row, found)
                given += 1
    return given
