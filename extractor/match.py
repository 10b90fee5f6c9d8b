"""Matching the rows of a TC.27 table to a nomenclature (Kepmendagri code list).

Per row (document order), by code first, then by name:

* the code is in the list (directly, or a bidang's ``2.17.01...`` through the generic ``X.XX.01...``): the printed
  name is compared with the entry's name -> ``exact`` / ``name_variant`` / ``conflict`` (the name clearly names a
  sibling entry, or is far from the code's name);
* the code is not in the list but its own replacement map, or that of a newer list (``newer``), retires it ->
  ``replaced``;
* no code, a malformed one, or an unknown one: the name is searched within the same level, under the parent
  (the code's own parent when it exists, else the nearest preceding matched row of the level above), widening
  to the bidang when nothing fits (and, for a program without code, to every program) -> ``code_suggested`` or
  ``not_found``; a name without code that is cut short, or run on into the next column, is the one entry of the
  scope it starts like (method ``prefix``); an unknown code's cut name is only shown as runner-up;
* a program without code whose name is a pre-2021 name -> ``legacy_suggestion`` (crosswalk or nearest current
  program), never accepted automatically.

Two scorers (rapidfuzz, on textnorm-normalised names), chosen by measurement on the seed document's rows
against nomenklatur-2023.csv (see settings.py for the numbers):

* confirming a code's name: ``token_set_ratio`` -- tolerant of truncated names and trailing spill-over
  ("... Perangkat Daerah Dokumen", "// Unit Usaha");
* searching by name: ``token_sort_ratio`` -- does not give 100 to a short name contained in a longer one, which
  ``token_set_ratio`` and ``WRatio`` do ("Pengembangan Usaha Mikro" inside any longer Usaha Mikro name).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from .codes import level_of_code, parent_code_of
from .errors import ReferenceDataError
from .fields import LEVELS
from .model import MATCH_METHODS, MATCH_STATUSES, Flag, MatchMethod, MatchResult, MatchStatus, Row
from .nomenclature import Entry, Nomenclature, Replacement
from .settings import MatchSettings
from .tc_specs import MAPPINGS_DIR

STATUSES = MATCH_STATUSES
METHODS = MATCH_METHODS
LEGACY_CROSSWALK = MAPPINGS_DIR / "legacy_programs.csv"

_confirm_scorer = fuzz.token_set_ratio
_search_scorer = fuzz.token_sort_ratio


@dataclass(frozen=True)
class LegacyProgram:
    legacy_name: str
    current_code: str
    current_name: str
    note: str


@dataclass(frozen=True)
class VersionFit:
    version: str
    share: float  # codes found with a matching name / rows with a code
    found: int  # codes present in the list
    named: int  # ... of which the printed name matches
    total: int  # rows with a code
    nomenclature: Nomenclature


@dataclass(frozen=True)
class RetiredCode:
    index: int  # position in rows
    code: str
    printed_name: str
    old_name: str
    change: str  # "replaced" | "retired" | "renamed"
    new_code: str | None
    new_name: str | None


@dataclass(frozen=True)
class _Cand:
    code: str
    name: str
    score: float


# ------------------------------------------------------------------------------------------------- crosswalk


def load_legacy_crosswalk(path: str | Path | None = None) -> list[LegacyProgram]:
    """Read mappings/legacy_programs.csv (legacy_name, current_code, current_name, note)."""
    p = Path(path) if path else LEGACY_CROSSWALK
    return list(_load_crosswalk(str(p)))


@lru_cache(maxsize=4)
def _load_crosswalk(path: str) -> tuple[LegacyProgram, ...]:
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise ReferenceDataError(f"{path}: unreadable ({exc.strerror or exc})") from exc
    need = {"legacy_name", "current_code", "current_name", "note"}
    if rows and not need <= set(rows[0]):
        raise ReferenceDataError(f"{path}: unknown layout (need columns {', '.join(sorted(need))})")
    return tuple(
        LegacyProgram(r["legacy_name"].strip(), r["current_code"].strip(), r["current_name"].strip(), r["note"].strip())
        for r in rows
        if r.get("legacy_name", "").strip()
    )


def _crosswalk_hit(nom: Nomenclature, norm: str, settings: MatchSettings) -> tuple[LegacyProgram, float] | None:
    """The crosswalk line whose legacy name fits the printed one (fuzzy_threshold), or that the printed name starts
    with (the next column run into it, as for current names: prefix_min_words, extended_min_share)."""
    table = _load_crosswalk(str(LEGACY_CROSSWALK))
    if not table or not norm:
        return None
    names = [nom.normalize(x.legacy_name) for x in table]
    hit = process.extractOne(norm, names, scorer=fuzz.token_sort_ratio, score_cutoff=settings.fuzzy_threshold)
    if hit is not None:
        return table[hit[2]], float(hit[1])
    words = len(norm.split())
    starts = [i for i, name in enumerate(names) if norm.startswith(name + " ")
              and len(name.split()) >= max(settings.prefix_min_words, settings.extended_min_share * words)]
    if not starts:
        return None
    i = max(starts, key=lambda k: len(names[k]))
    return table[i], float(fuzz.token_sort_ratio(norm, names[i]))


# ------------------------------------------------------------------------------------------------- matching


def _level_above(level: str) -> str | None:
    i = LEVELS.index(level) if level in LEVELS else -1
    return LEVELS[i - 1] if i > 0 else None


def _search(
    nom: Nomenclature, norm: str, level: str, scope: Sequence[str | None], settings: MatchSettings
) -> list[_Cand]:
    """Candidates by name in the first scope (a parent code, a bidang prefix, None = whole level) that has one at
    or above the fuzzy threshold; else those of the narrowest non-empty scope. Sorted best first, the regular
    kegiatan segment first among equal scores, identical names collapsed."""
    best: list[_Cand] = []
    for prefix in scope:
        codes, names = _scope_index(nom, level, prefix)
        if not codes:
            continue
        found = process.extract(norm, names, scorer=_search_scorer, limit=8)
        cands = [_Cand(codes[i], nom.entries[codes[i]].name, float(s)) for _n, s, i in found]
        cands.sort(key=lambda c: (-c.score, _segment(c.code) != nom.regular_segment, c.code))
        if not cands:
            continue
        if not best or cands[0].score >= settings.fuzzy_threshold:
            best = cands  # the narrowest scope's candidates are kept unless a wider scope has a real match
        if cands[0].score >= settings.fuzzy_threshold:
            break
    out: list[_Cand] = []
    seen: set[str] = set()
    for c in best:
        n = nom.normalized(c.code)
        if n in seen:  # a kegiatan variant (segment 3/4) with the same name as the regular one
            continue
        seen.add(n)
        out.append(c)
    return out


def _segment(code: str) -> str | None:
    parts = code.split(".")
    return parts[3] if len(parts) >= 5 else None


def _scope_index(nom: Nomenclature, level: str, prefix: str | None) -> tuple[list[str], list[str]]:
    if prefix is None:
        return nom.index(level)
    if prefix in nom.entries and level_of_code(prefix) == _level_above(level):
        codes = [e.code for e in nom.children(prefix) if e.level == level]
        names = [nom.normalized(c) for c in codes]
    else:
        codes, names = nom.index(level, prefix)
    if prefix.count(".") == 1 and not prefix.startswith("X"):  # a bidang also uses the generic supporting block
        gcodes, gnames = nom.index(level, "X.XX")
        return codes + gcodes, names + gnames
    return codes, names


def _corrections(printed: str, corrected: str) -> str:
    """'a -> b, ...' for the words spelling correction changed (same word count on both sides)."""
    pairs = [f"{a} -> {b}" for a, b in zip(printed.split(), corrected.split()) if a != b]
    return ", ".join(pairs)


def _bidang_of(code: str | None) -> str | None:
    if not code:
        return None
    parts = code.split(".")
    return ".".join(parts[:2]) if len(parts) >= 2 else None


class _Matcher:
    def __init__(self, nom: Nomenclature, settings: MatchSettings,
                 newer: dict[str, tuple[str, Replacement]] | None = None) -> None:
        self.nom = nom
        self.s = settings
        # old code -> (where, replacement): the list's own map first, then the maps of newer lists
        self.replacements = {**(newer or {}), **{c: (nom.version, r) for c, r in nom.replacements.items()}}
        self.context: dict[str, str] = {}  # level -> matched list code of the latest row at that level
        self.doc_context: dict[str, str] = {}  # level -> printed canonical code of the latest row at that level
        self.as_printed = ""  # the current row's normalised name without spelling correction

    def match(self, data: dict[str, object]) -> MatchResult:
        level = str(data.get("level") or "")
        code = data.get("code") or None
        code = str(code) if code else None
        name = str(data.get("name") or "")
        norm = self.nom.normalize(name)
        self.as_printed = self.nom.normalize(name, correct=False)  # an exact match needs no spelling correction
        flags: list[str] = []
        notes: list[str] = []
        code_level = level_of_code(code) if code else None
        if code and code_level is None:
            notes.append(f"code {code!r} is malformed")
            flags.append("code-unknown")
            code = None
        if code and level in LEVELS and code_level != level:
            notes.append(f"code {code} has the shape of a {code_level}, the row says {level}")
        if not level and code:
            level = code_level or ""
        result = self._match(level, code, name, norm, flags, notes)
        self._remember(level, code, result)
        return result

    def _remember(self, level: str, code: str | None, result: MatchResult) -> None:
        if level not in LEVELS:
            return
        i = LEVELS.index(level)
        for deeper in LEVELS[i:]:
            self.context.pop(deeper, None)
            self.doc_context.pop(deeper, None)
        if result.matched_code and result.status in ("exact", "name_variant", "code_suggested", "replaced"):
            self.context[level] = result.matched_code
        if code:
            self.doc_context[level] = code

    def _match(
        self, level: str, code: str | None, name: str, norm: str, flags: list[str], notes: list[str]
    ) -> MatchResult:
        """By code (in the list, or retired by a replacement map), then a pre-2021 program name, then by name."""
        entry, how = self.nom.lookup(code)
        if entry is not None:
            return self._confirm(entry, how, norm, flags, notes)
        if code:
            retired = self.replacements.get(code)
            if retired is not None:
                return self._replaced(code, retired[1], retired[0], norm, flags, notes)
            flags.append("code-unknown")
            notes.append(f"code {code} is not in {self.nom.version}")
        if level == "program" and code is None:
            hit = _crosswalk_hit(self.nom, norm, self.s)
            if hit is not None:
                return self._legacy_crosswalk(hit[0], hit[1], norm, flags, notes)
        return self._by_name(level, code, norm, flags, notes)

    def _by_name(self, level: str, code: str | None, norm: str, flags: list[str], notes: list[str]) -> MatchResult:
        """The entry whose name fits in the row's scope; else one whose name starts like the printed one; else a
        nearest current program for a program without code; else not_found with the best candidate shown."""
        level = self._level_by_name(level, code, norm, notes)
        cands = _search(self.nom, norm, level, self._scope(level, code), self.s) if norm and level in LEVELS else []
        best = cands[0] if cands else None
        second = cands[1] if len(cands) > 1 else None
        if best is not None and best.score >= self.s.fuzzy_threshold:
            return self._suggested(best, second, flags, notes)
        shortened = self._shortened(norm, level, code)
        if shortened is not None and code:  # a code of a version the list lacks: the cut name is only shown
            return self._not_found(shortened, notes, flags)
        if shortened is not None:
            notes.insert(0, f"the printed name and {shortened.code}'s name start the same way (one is cut or run on)")
            runner = next((c for c in cands if c.code != shortened.code), None)
            return self._result("code_suggested", shortened, "prefix", runner, notes, flags)
        if level == "program" and code is None and best is not None and best.score >= self.s.legacy_floor:
            notes.insert(0, f"no code and no current program fits; nearest current program {best.code} (not accepted)")
            return self._result("legacy_suggestion", best, "fuzzy", second, notes, flags)
        if not norm:
            notes.append("no name to search")
        elif level not in LEVELS:
            notes.append("the row has no level (urusan ... sub kegiatan) to search the name at")
        return self._not_found(best, notes, flags)

    def _suggested(self, best: _Cand, second: _Cand | None, flags: list[str], notes: list[str]) -> MatchResult:
        """code_suggested by name (a runner-up within ambiguity_margin flags it ambiguous)."""
        if second is not None and best.score - second.score < self.s.ambiguity_margin:
            flags.append("ambiguous-match")
            notes.append(f"{best.code} and {second.code} fit the name almost equally")
        method: MatchMethod = "exact-name" if self.as_printed == self.nom.normalized(best.code) else "fuzzy"
        notes.insert(0, f"name matches {best.code}")
        return self._result("code_suggested", best, method, second, notes, flags)

    def _level_by_name(self, level: str, code: str | None, norm: str, notes: list[str]) -> str:
        """The row's level; for a row printed with neither code nor level word ("2 | Penyediaan Gaji dan Tunjangan
        ASN"), the level below program whose entry fits its name best, when one fits (the level from the
        nomenclature); "" when none does."""
        if level in LEVELS or code is not None or not norm:
            return level
        best_level, best_score = "", 0.0
        for candidate in LEVELS[LEVELS.index("program") + 1:]:
            cands = _search(self.nom, norm, candidate, self._scope(candidate, None), self.s)
            if cands and cands[0].score >= self.s.fuzzy_threshold and cands[0].score > best_score:
                best_level, best_score = candidate, cands[0].score
        if best_level:
            notes.append(f"no code and no level printed: searched as {best_level.replace('_', ' ')}, the level "
                         "whose name fits")
        return best_level

    @staticmethod
    def _not_found(best: _Cand | None, notes: list[str], flags: list[str]) -> MatchResult:
        """not_found, with the best candidate by name as runner-up (shown, never accepted)."""
        flags.append("no-match")
        if best is not None:
            notes.append(f"best candidate by name: {best.code} {best.name!r} ({best.score:.1f})")
        return MatchResult(
            "not_found",
            None,
            None,
            None,
            "none",
            best.code if best else None,
            best.name if best else None,
            round(best.score, 1) if best else None,
            "; ".join(notes),
            tuple(dict.fromkeys(flags)),
        )

    def _shortened(self, norm: str, level: str, code: str | None) -> _Cand | None:
        """An entry whose name the printed name starts or ends the same way as, in the narrowest scope that has one:

        * shortened: the one entry whose name starts with the whole printed name, when the printed name has at least
          ``prefix_min_words`` words and ``prefix_min_share`` of the entry's words (a name cut at a page or cell
          edge, or printed without its trailing "Tingkat Kabupaten/Kota");
        * lengthened: the longest entry name (``prefix_min_words`` words or more) the printed name starts with,
          covering ``extended_min_share`` of the printed words (the next column's text run into the name).
        """
        words = norm.split()
        if len(words) < self.s.prefix_min_words or level not in LEVELS:
            return None
        for prefix in self._scope(level, code):
            codes, names = _scope_index(self.nom, level, prefix)
            cut: dict[str, str] = {}  # name -> first code of that name (variants and renumbered twins share one)
            longer: dict[str, str] = {}
            for i, name in enumerate(names):
                if name.startswith(norm + " ") and len(words) >= self.s.prefix_min_share * len(name.split()):
                    cut.setdefault(name, codes[i])
                elif (norm.startswith(name + " ") and len(name.split()) >= self.s.prefix_min_words
                      and len(name.split()) >= self.s.extended_min_share * len(words)):
                    longer.setdefault(name, codes[i])
            if len(cut) > 1:
                return None  # several entries start that way: not a decision to take
            hits = cut or dict(sorted(longer.items(), key=lambda item: -len(item[0]))[:1])
            if hits:
                name, hit = next(iter(hits.items()))
                return _Cand(hit, self.nom.entries[hit].name, float(_search_scorer(norm, name)))
        return None

    def _scope(self, level: str, code: str | None) -> list[str | None]:
        nom = self.nom
        scope: list[str | None] = []
        parent = parent_code_of(code) if code else None
        if parent:
            pentry, _how = nom.lookup(parent)
            if pentry is not None:
                scope.append(pentry.code)
        above = _level_above(level)
        if above and above in self.context:
            scope.append(self.context[above])
        matched_program = self.context.get("program", "")
        bidang = (_bidang_of(code) or self.doc_context.get("bidang_urusan")
                  or (_bidang_of(matched_program) if not matched_program.startswith("X") else None))
        if bidang and level not in ("urusan", "bidang_urusan"):
            scope.append(bidang)
        if (not scope or level in ("urusan", "bidang_urusan") or (code is None and not self.context)
                or (code is None and level == "program")):  # program names are few and distinct across bidang
            scope.append(None)
        return list(dict.fromkeys(scope))

    def _confirm(self, entry: Entry, how: MatchMethod, norm: str, flags: list[str], notes: list[str]) -> MatchResult:
        nom = self.nom
        if not norm:
            notes.insert(0, "no name printed; matched by code only")
            return MatchResult("exact", entry.code, entry.name, None, how, message="; ".join(notes), flags=tuple(flags))
        official = nom.normalized(entry.code)
        confirm = float(_confirm_scorer(norm, official))
        strict = float(_search_scorer(norm, official))
        rival = self._rival(entry.code, entry.level, norm, strict)
        if rival is not None:
            notes.insert(
                0,
                f"code {entry.code} names {entry.name!r} but the printed name matches {rival.code} ({rival.score:.1f})",
            )
            return self._result("conflict", _Cand(entry.code, entry.name, confirm), how, rival, notes, flags)
        if self.as_printed == official:
            return self._result("exact", _Cand(entry.code, entry.name, 100.0), how, None, notes, flags)
        if confirm >= self.s.name_variant_threshold:
            notes.insert(0, "printed name differs slightly from the list")
            if self.as_printed != norm:  # the score says how far the printed words are, before correction
                notes.append(f"misspelt words read as list words: {_corrections(self.as_printed, norm)}")
                confirm = float(_confirm_scorer(self.as_printed, official))
            return self._result("name_variant", _Cand(entry.code, entry.name, confirm), how, None, notes, flags)
        notes.insert(0, f"the printed name is far from the name of {entry.code} ({confirm:.1f})")
        cands = _search(nom, norm, entry.level, [entry.parent_code] if entry.parent_code else [None], self.s)
        other = next((c for c in cands if c.code != entry.code), None)
        return self._result("conflict", _Cand(entry.code, entry.name, confirm), how, other, notes, flags)

    def _rival(self, code: str, level: str, norm: str, own: float) -> _Cand | None:
        """A sibling whose name fits the printed name clearly better than the code's own entry does."""
        parent = parent_code_of(code)
        cands = _search(self.nom, norm, level, [parent] if parent else [None], self.s)
        own_norm = self.nom.normalized(code)
        for c in cands:
            if c.code == code or self.nom.normalized(c.code) == own_norm:
                continue
            if c.score >= self.s.fuzzy_threshold and c.score - own > self.s.ambiguity_margin:
                return c
            break
        return None

    def _replaced(self, code: str, rep: Replacement, where: str, norm: str, flags: list[str],
                  notes: list[str]) -> MatchResult:
        new = self.nom.entries.get(rep.new_code) or Entry(rep.new_code, "sub_kegiatan", rep.new_name)
        old_score = float(_confirm_scorer(norm, self.nom.normalize(rep.old_name))) if norm else None
        notes.insert(0, f"code {code} ({rep.old_name!r}) was replaced by {new.code} in {where}")
        if old_score is not None and old_score < self.s.name_variant_threshold:
            notes.append(f"the printed name differs from the retired code's name ({old_score:.1f})")
        flags.append("code-unknown")
        return MatchResult(
            "replaced",
            new.code,
            new.name,
            round(old_score, 1) if old_score is not None else None,
            "exact-code",
            message="; ".join(notes),
            flags=tuple(dict.fromkeys(flags)),
        )

    def _legacy_crosswalk(
        self, item: LegacyProgram, score: float, norm: str, flags: list[str], notes: list[str]
    ) -> MatchResult:
        entry, _how = self.nom.lookup(item.current_code)
        code = entry.code if entry else item.current_code
        cname = entry.name if entry else item.current_name
        notes.insert(0, f"pre-2021 program name; crosswalk suggests {code} (not accepted automatically): {item.note}")
        cands = _search(self.nom, norm, "program", [None], self.s)
        other = next((c for c in cands if c.code != code), None)
        return self._result("legacy_suggestion", _Cand(code, cname, score), "crosswalk", other, notes, flags)

    @staticmethod
    def _result(
        status: MatchStatus, best: _Cand, method: MatchMethod, runner: _Cand | None, notes: list[str], flags: list[str]
    ) -> MatchResult:
        return MatchResult(
            status,
            best.code,
            best.name,
            round(best.score, 1),
            method,
            runner.code if runner else None,
            runner.name if runner else None,
            round(runner.score, 1) if runner else None,
            "; ".join(notes),
            tuple(dict.fromkeys(flags)),
        )


def match_rows(rows: list[Row], nom: Nomenclature, settings: MatchSettings | None = None,
               newer: dict[str, tuple[str, Replacement]] | None = None) -> list[MatchResult]:
    """Match the rows of one TC.27 table (document order) against ``nom``; one MatchResult per row.

    ``newer``: old code -> (list label, Replacement) from the maps of lists newer than ``nom``: a printed code
    ``nom`` does not know but a newer list retires is ``replaced`` by that list's code."""
    matcher = _Matcher(nom, MatchSettings.resolve(settings), newer)
    return [matcher.match(row.data) for row in rows]


_FLAG_FIELD = {"no-match": "name", "ambiguous-match": "name", "code-unknown": "code"}


def apply_matches(rows: list[Row], results: list[MatchResult]) -> None:
    """Set each row's ``match`` and attach the result's flags (once)."""
    if len(rows) != len(results):
        raise ValueError(f"apply_matches: {len(rows)} rows but {len(results)} results")
    for row, res in zip(rows, results):
        row.match = res
        for fc in res.flags:
            flag = Flag(fc, _FLAG_FIELD.get(fc, "name"), res.message or res.status)
            if not any(f.code == flag.code and f.field == flag.field for f in row.flags):
                row.flags.append(flag)


# ------------------------------------------------------------------------------------------------- versions


def best_version(
    rows: list[Row], noms: Sequence[Nomenclature], settings: MatchSettings | None = None
) -> list[VersionFit]:
    """Rank lists by how well a document's codes fit: share of rows with a code whose code is in the list and
    whose printed name matches the entry's (confirming scorer >= name_variant_threshold). Best first."""
    s = MatchSettings.resolve(settings)
    coded = [(str(r.data["code"]), str(r.data.get("name") or "")) for r in rows if r.data.get("code")]
    out: list[VersionFit] = []
    for nom in noms:
        found = named = 0
        for code, name in coded:
            entry, _how = nom.lookup(code)
            if entry is None:
                continue
            found += 1
            norm = nom.normalize(name)
            if not norm or _confirm_scorer(norm, nom.normalized(entry.code)) >= s.name_variant_threshold:
                named += 1
        total = len(coded)
        out.append(VersionFit(nom.version, named / total if total else 0.0, found, named, total, nom))
    out.sort(key=lambda v: (-v.share, -v.found))
    return out


def retired_codes(
    rows: list[Row],
    older: Nomenclature,
    newer: Nomenclature,
    replacements: Iterable[Replacement] | dict[str, Replacement] | None = None,
    settings: MatchSettings | None = None,
) -> list[RetiredCode]:
    """Rows whose code (valid in ``older``) the ``newer`` list retires (with its replacement when the map gives
    one) or renames (name confirming score below name_variant_threshold)."""
    s = MatchSettings.resolve(settings)
    reps = _replacement_map(newer, replacements)
    out: list[RetiredCode] = []
    for i, row in enumerate(rows):
        code = str(row.data.get("code") or "")
        old, _how = older.lookup(code)
        if old is None:
            continue
        printed = str(row.data.get("name") or "")
        new, _how = newer.lookup(code)
        if new is None:
            rep = reps.get(code) or reps.get(old.code)
            out.append(_retired(i, code, printed, old, rep, newer))
        elif _confirm_scorer(older.normalized(old.code), newer.normalize(new.name)) < s.name_variant_threshold:
            out.append(RetiredCode(i, code, printed, old.name, "renamed", new.code, new.name))
    return out


def _replacement_map(newer: Nomenclature,
                     replacements: Iterable[Replacement] | dict[str, Replacement] | None) -> dict[str, Replacement]:
    """old code -> Replacement: the newer list's own map, the map given, or the lines given for its jenis."""
    if replacements is None:
        return dict(newer.replacements)
    if isinstance(replacements, dict):
        return dict(replacements)
    return {r.old_code: r for r in replacements if not (newer.jenis and r.jenis and r.jenis != newer.jenis)}


def _retired(i: int, code: str, printed: str, old: Entry, rep: Replacement | None, newer: Nomenclature) -> RetiredCode:
    """A code the newer list no longer has: replaced (named by the newer list when it has the new code) or retired."""
    if rep is None:
        return RetiredCode(i, code, printed, old.name, "retired", None, None)
    name = newer.entries[rep.new_code].name if rep.new_code in newer.entries else rep.new_name
    return RetiredCode(i, code, printed, old.name, "replaced", rep.new_code, name)
