"""Codes a funding table does not print, from the document's own lists of programs.

Some 2025-format Renstra print their funding table (TC.27) with names only, and the codes of the same programs,
kegiatan and sub kegiatan in a PROGRAM-LIST table ("Teknik Merumuskan Program/Kegiatan/Subkegiatan", "Daftar
Subkegiatan Prioritas": "1.05.02.2.01.0004 - Pemberdayaan ..."). A TC.27 row without a code takes the code printed
beside the same name (same level; the name equal, cut, or one word spelt differently; one candidate only),
flagged ``code-from-document`` with the page it was read from; ``code_raw`` stays empty (this table prints none).
After matching, a row still without code takes the code the nomenclature matched its name to when the document's
list prints that code at the same level, no other row holds it, and it sits under the row's parent: two sources
agree (``confirm_suggested_codes``). A printed code that no funding row holds is named in a
``listed-not-funded`` note.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from ..codes import generic_form
from ..fields import LEVEL_RANK
from ..model import Flag, Note, Row, Table
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
    printed_name: str = ""  # as printed


def printed_codes(tables: list[Table]) -> list[PrintedCode]:
    """Every (code, level, name) the document's PROGRAM-LIST tables print."""
    found: dict[tuple[str, str], PrintedCode] = {}
    for table in tables:
        if table.kind != "PROGRAM-LIST":
            continue
        for row in table.rows:
            code, level, name = row.data.get("code"), row.data.get("level"), normalize_name(row.data.get("name"))
            if code and level in CODED_LEVELS and name:
                found.setdefault((code, name), PrintedCode(code, level, name, row.page, str(row.data["name"])))
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


def _give_code(row: Row, found: PrintedCode, how: str = "beside the same name") -> None:
    row.data["code"] = found.code
    row.data["code_raw"] = row.data.get("code_raw") or ""
    row.data["level"] = found.level
    row.flags = [f for f in row.flags if f.code != "level-guessed"]
    where = f" on p.{found.page}" if found.page else ""
    row.flags.append(Flag("code-from-document", "code", f"this table prints no code; {found.code} is printed {how} "
                                                        f"in the document's list of programs{where}"))


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


def _parent_codes(rows: list[Row]) -> list[str | None]:
    """For each row, the code of the nearest row above it of a higher level (None when that row has no code)."""
    parents: list[str | None] = []
    above: dict[int, str | None] = {}  # level rank -> the code of the last row of that level
    for row in rows:
        rank = LEVEL_RANK.get(str(row.data.get("level")), len(LEVEL_RANK))
        higher = [r for r in above if r < rank]
        parents.append(above[max(higher)] if higher else None)
        if rank < len(LEVEL_RANK):
            above = {r: c for r, c in above.items() if r < rank}
            above[rank] = row.data.get("code") or None
    return parents


def _instance(generic: str, printed: dict[str, PrintedCode]) -> PrintedCode | None:
    """The one printed code of a generic nomenclature entry ("X.XX.01.2.02", listed once for every bidang) with
    the document's own urusan and bidang ("1.05.01.2.02"); None when the document prints none or several."""
    found = [p for code, p in printed.items() if code != generic and _generic(code) == generic]
    return found[0] if len(found) == 1 else None


def _generic(code: str) -> str | None:
    try:
        return generic_form(code)
    except ValueError:
        return None


def _confirmed(row: Row, parent: str | None, printed: dict[str, PrintedCode], held: set[str]) -> PrintedCode | None:
    """The printed code the nomenclature suggested for this uncoded row, when nothing speaks against it."""
    match = row.match
    if row.data.get("code") or match is None or match.status != "code_suggested" or not match.matched_code:
        return None
    found = printed.get(match.matched_code) or _instance(match.matched_code, printed)
    level = row.data.get("level")
    if found is None or found.code in held or level not in (None, found.level):
        return None
    if parent is not None and not found.code.startswith(parent + "."):
        return None
    return found


def confirm_suggested_codes(rows: list[Row], tables: list[Table]) -> list[Row]:
    """TC.27 ``rows`` (matched, in table order) without code whose name the nomenclature matched to a code the
    document's own lists print take that code (flag ``code-from-document``); the rows that took one."""
    printed = {p.code: p for p in printed_codes(tables)}
    if not printed:
        return []
    held = {str(r.data["code"]) for r in rows if r.data.get("code")}
    taken = []
    for row, parent in zip(rows, _parent_codes(rows)):
        found = _confirmed(row, parent, printed, held)
        if found is None:
            continue
        score = row.match.score if row.match is not None else None
        _give_code(row, found, f"for the nomenclature entry whose name this name matches (score {score})")
        held.add(found.code)
        taken.append(row)
    return taken


def listed_not_funded(tables: list[Table], shown: int = 10) -> list[Note]:
    """A note naming the sub kegiatan the document's lists print but no row of its funding table (TC.27) holds."""
    funding = [t for t in tables if t.kind == "TC.27"]
    if not funding:
        return []
    held = {r.data.get("code") for t in funding for r in t.rows}
    missing = sorted({(p.code, p.printed_name) for p in printed_codes(tables)
                      if p.level == "sub_kegiatan" and p.code not in held})
    if not missing:
        return []
    uncoded = sum(1 for t in funding for r in t.rows
                  if r.data.get("level") == "sub_kegiatan" and not r.data.get("code"))
    names = "; ".join(f"{code} {name}" for code, name in missing[:shown])
    more = f" and {len(missing) - shown} more" if len(missing) > shown else ""
    return [Note("listed-not-funded", f"{len(missing)} sub kegiatan printed in the document's list of programs have "
                                      f"no row with their code in its funding table (TC.27; {uncoded} of its sub "
                                      f"kegiatan rows have no code): {names}{more}")]
