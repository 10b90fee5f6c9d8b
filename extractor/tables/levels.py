"""The level of a TC.27 row printed without a readable code, from where the row stands in the table's outline.

Some layouts print no Kepmendagri code: an outline number in the "No" column (I, I.1, I.1.1), or only the last
segments of the code, each in its own cell ("01." / "01. 01." / "01. 01. 02."). Rows of one depth share a level.
A depth takes its level from the rows of that depth whose level is known (from a code or from the words the name
starts with: "PROGRAM ...", "Kegiatan ..."); a depth without such a row takes the level next to the nearest known
depth (one depth deeper, one level deeper). A table with no known depth at all reads its deepest depth as
sub-kegiatan. In a table with (almost) no code, a row still without a level takes the level under which the
nomenclature given for matching lists its name. Every level read this way is flagged "level-guessed", saying how.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..fields import LEVELS, TOTAL_LEVEL
from ..model import BodyRow, Flag, Row
from ..textnorm import collapse

# "I", "IV.2", "I.1.1", "1.2", "1.2.3." in a "No" cell; a lone arabic number is a serial number, not an outline
_OUTLINE_NO = re.compile(r"^(?P<num>[IVXLC]{1,5}(?:\.\d{1,3})*|\d{1,3}(?:\.\d{1,3})+)\.?$")
_OUTLINE_NAME = re.compile(r"^(?P<num>[IVXLC]{1,5}(?:\.\d{1,3})*)(?:\.\s*|\s+)(?=[A-Za-z])")
_UNKNOWN_LEVEL = "no code and no level word in the name: level unknown"


@dataclass(frozen=True)
class Position:
    """Where a row stands: ``how`` ("outline" or "code cells"), its ``depth`` (1 = outermost) and what was
    printed (the outline number, or the code cells joined by '|')."""

    how: str
    depth: int
    printed: str


def _outline(text: str, pattern: re.Pattern[str]) -> Position | None:
    m = pattern.match(collapse(text))
    if m is None:
        return None
    num = m.group("num")
    return Position("outline", num.count(".") + 1, num)


def position_of(body_row: BodyRow, no_cols: list[int], code_cols: list[int], name_cell: str) -> Position | None:
    """The outline number of a row (its "No" cell, or a roman outline number opening its name: "I.PROGRAM ..."),
    else the depth of its deepest filled code cell; None when the row shows neither."""
    cells = body_row.cells
    for i in no_cols:
        if i < len(cells) and (pos := _outline(cells[i], _OUTLINE_NO)):
            return pos
    if name_cell and (pos := _outline(name_cell, _OUTLINE_NAME)):
        return pos
    filled = [k for k, i in enumerate(code_cols) if i < len(cells) and cells[i].strip(" .-\n")]
    if filled:
        printed = "|".join(collapse(cells[code_cols[k]]) for k in filled)
        return Position("code cells", max(filled) + 1, printed)
    return None


def _known_level(row: Row) -> str | None:
    """The level a row has from its code or from its name's first words (not from a guess by position)."""
    level = row.data.get("level")
    if level not in LEVELS:
        return None
    return level


def _depth_levels(items: list[tuple[Row, Position]]) -> dict[int, tuple[str, str]]:
    """depth -> (level, why) for one kind of position in one table."""
    depths = sorted({p.depth for _, p in items})
    votes: dict[int, Counter[str]] = {d: Counter() for d in depths}
    for row, pos in items:
        if (level := _known_level(row)) is not None:
            votes[pos.depth][level] += 1
    anchored = {d: v.most_common(1)[0][0] for d, v in votes.items() if v}
    if not _consistent(votes):
        return {}  # the depths do not follow the levels (two depths hold programs, one depth two levels)
    if not anchored:
        return _unanchored_levels(depths)
    out = {d: (lv, f"the rows of depth {d} with a code or a level word are '{lv}'") for d, lv in anchored.items()}
    ranks = {d: r for r, d in enumerate(depths)}
    for d in depths:
        if d in out:
            continue
        nearest = min(anchored, key=lambda a: (abs(ranks[a] - ranks[d]), a))
        index = LEVELS.index(anchored[nearest]) + ranks[d] - ranks[nearest]
        if 0 <= index < len(LEVELS):
            out[d] = (LEVELS[index], f"depth {nearest} is '{anchored[nearest]}'")
    return out


def _unanchored_levels(depths: list[int]) -> dict[int, tuple[str, str]]:
    """depth -> (level, why) when no row of any depth has a known level: the deepest of two or more depths is
    sub-kegiatan, the two above it kegiatan and program; one depth alone is a serial numbering, no outline."""
    if len(depths) < 2:
        return {}
    why = f"the deepest of {len(depths)} depths is read as sub-kegiatan"
    return {d: (LEVELS[-1 - rank], why) for rank, d in enumerate(reversed(depths)) if rank < 3}


def _consistent(votes: dict[int, Counter[str]]) -> bool:
    """True when each depth holds one known level and deeper depths hold deeper levels."""
    if any(len(v) > 1 for v in votes.values()):
        return False
    indices = [LEVELS.index(next(iter(v))) for _, v in sorted(votes.items()) if v]
    return all(a < b for a, b in zip(indices, indices[1:]))


def levels_by_position(rows: list[Row], positions: list[Position | None]) -> int:
    """Give each row without a level of its own (no readable code, no level word) the level of its depth.
    ``positions`` is aligned with ``rows``. Returns how many rows got a level this way."""
    groups: dict[str, list[tuple[Row, Position]]] = {}
    for row, pos in zip(rows, positions):
        if pos is not None:
            groups.setdefault(pos.how, []).append((row, pos))
    placed = 0
    for how, items in groups.items():
        levels = _depth_levels(items)
        for row, pos in items:
            if (_known_level(row) is not None or row.data.get("code") or pos.depth not in levels
                    or row.data.get("level") == TOTAL_LEVEL):
                continue
            level, why = levels[pos.depth]
            _place(row, level, f"no code; level '{level}' from its {how} '{pos.printed}' (depth {pos.depth}: {why})")
            placed += 1
    return placed


def _place(row: Row, level: str, why: str) -> None:
    """Give ``row`` the level found for it, its 'level unknown' flag replaced by one saying how."""
    row.data["level"] = level
    row.flags = [f for f in row.flags if not (f.code == "level-guessed" and f.message == _UNKNOWN_LEVEL)]
    row.flags.append(Flag("level-guessed", "level", why))


def _levels_by_normalised_name(reference: Any) -> dict[str, set[str]]:
    """normalised name -> the levels under which the nomenclature lists it (cached on the reference)."""
    cached = getattr(reference, "_levels_by_name_cache", None)
    if cached is not None:
        return cached
    out: dict[str, set[str]] = {}
    for code, entry in reference.entries.items():
        out.setdefault(reference.normalized(code), set()).add(entry.level)
    try:
        object.__setattr__(reference, "_levels_by_name_cache", out)
    except (AttributeError, TypeError):
        pass
    return out


def _prints_no_codes(rows: list[Row]) -> bool:
    """A table whose named rows print (almost) no code: one in ten at most."""
    named = [r for r in rows if r.data.get("name")]
    coded = [r for r in named if r.data.get("code")]
    return bool(named) and len(coded) * 10 <= len(named)


def _available_references() -> list[Any]:
    """The lists matching can choose from (imported and bundled), for a table read before the list is chosen."""
    from ..errors import ReferenceDataError
    from ..nomenclature import available_nomenclatures, load_stored

    out = []
    for info in available_nomenclatures():
        try:
            out.append(load_stored(info))
        except ReferenceDataError:
            continue  # a broken imported list gives no level; matching says so
    return out


def levels_by_reference(rows: list[Row], reference: Any) -> int:
    """In a table that prints (almost) no code, give a row still without a level the level under which the
    nomenclature lists its name (the same name after normalisation, listed at one level only). Without a
    nomenclature given, every list matching may choose is asked, and they must agree. Returns how many rows got
    a level this way."""
    if not _prints_no_codes(rows) or (reference is not None and not hasattr(reference, "entries")):
        return 0  # a table with codes: its rows without one are outcome lines, whatever their names say
    if not any(r.data.get("level") is None and r.data.get("name") for r in rows):
        return 0
    references = [reference] if reference is not None else _available_references()
    placed = 0
    for row in rows:
        name = row.data.get("name") or ""
        if row.data.get("level") is not None or not name:
            continue
        levels: set[str] = set()
        for ref in references:
            levels |= _levels_by_normalised_name(ref).get(ref.normalize(name), set())
        if len(levels) != 1:
            continue
        level = next(iter(levels))
        _place(row, level, f"no code; level '{level}': the nomenclature lists this name as a "
                           f"{level.replace('_', '-')}")
        placed += 1
    return placed


def _has_own_rp(row: Row) -> bool:
    """Whether a row prints an amount of its own (yearly, end of period, or an Rp column without a year)."""
    if any(row.data.get(key) is not None for key in ("rp", "rp_akhir")):
        return True
    return any(values.get("rp") is not None for values in row.years.values())


def _entities_print_amounts(rows: list[Row]) -> bool:
    """Whether the rows whose level is known print amounts of their own (most of them): where they do not, the
    amounts stand on the outcome line printed under each of them (the 2025 layout: "Sub Kegiatan X", then
    "Tersedianya X" with indicator, targets and Rp), and a line with amounts is no row of its own."""
    known = [r for r in rows if r.data.get("level") in LEVELS[2:]]
    return bool(known) and sum(1 for r in known if _has_own_rp(r)) * 2 >= len(known)


def levels_by_parent(rows: list[Row]) -> int:
    """In a table that prints (almost) no code, a named row with amounts of its own that neither its code, its
    words nor the nomenclature placed takes its place under the row above whose level is known: a sub-kegiatan
    beside a sub-kegiatan, the level under a kegiatan, program or bidang. Flagged "level-guessed", saying so.
    Rows without amounts of their own (outcome lines) are left alone, and so is every row of a table whose
    programs, kegiatan and sub-kegiatan print their amounts on the outcome line under them. Returns how many rows
    got a level."""
    if not _prints_no_codes(rows) or not _entities_print_amounts(rows):
        return 0
    placed = 0
    above: Row | None = None
    for row in rows:
        level = row.data.get("level")
        if level in LEVELS:
            above = row
            continue
        if level is not None or above is None or not row.data.get("name") or not _has_own_rp(row):
            continue
        parent = above.data["level"]
        mine = parent if parent == LEVELS[-1] else LEVELS[LEVELS.index(parent) + 1]
        _place(row, mine, f"no code, no level word, name not in the nomenclature: level '{mine}' by its place "
                          f"under the {parent.replace('_', '-')} '{above.data.get('name', '')[:60]}'")
        above = row
        placed += 1
    return placed
