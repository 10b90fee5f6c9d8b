"""Matching a Result's rows to a nomenclature: which list (given, or the bundled one that fits best), then
TC.27 rows and TC.24's program names; a summary goes into ``result.matching``.

Choosing a list when none is given:

* jenis (provincial or kab/kota): the kegiatan segment of the printed kegiatan / sub kegiatan codes (1 = provinsi,
  2 = kab/kota); without codes, "Provinsi" against "Kabupaten/Kota" in the printed names; without either, every
  list competes on fit.
* version: among the lists of that jenis (bundled, and imported ones), the one that knows the largest share of the
  printed codes with their names (``match.best_version``); without codes, the one that matches the most rows by
  name; the newer list on a tie.

Printed codes the chosen list does not know and no replacement map retires are counted in the summary (and a
``codes-unknown`` note): they usually belong to a nomenclature update that is not bundled.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .codes import level_of_code
from .errors import ReferenceDataError, first_line
from .fields import TOTAL_LEVEL
from .match import MatchResult, VersionFit, apply_matches, best_version, match_rows
from .model import ListOrigin, Matching, Note, Result, Row
from .nomenclature import (
    Nomenclature,
    Replacement,
    StoredInfo,
    available_nomenclatures,
    load_replacements,
    load_stored,
    resolve_nomenclature,
)
from .settings import MatchSettings
from .tables.program_list import confirm_suggested_codes
from .textnorm import normalize_name

NO_NOMENCLATURE = "none"  # --nomenclature none: matching turned off
ACCEPTED = ("exact", "name_variant", "code_suggested")
_JENIS_WORDS = {"PROV": "provinsi", "KABKOT": "kabupaten/kota"}
_SHOWN_UNKNOWN = 10  # unknown codes listed by value in the summary


@dataclass(frozen=True)
class Choice:
    """The list matched against and why."""

    nomenclature: Nomenclature
    name: str  # the stored/bundled name, or the path or version label of a given list
    origin: ListOrigin
    reason: str
    fits: tuple[dict[str, Any], ...] = ()


def _tc24_rows(rows: list[Row]) -> list[Row]:
    """TC.24 rows carry names only, and its kegiatan are mostly pre-2021 ones with no current counterpart: only
    its program rows are matched (by name, with the legacy crosswalk)."""
    return [row for row in rows if (row.data.get("name") or "").strip().lower().startswith("program")]


def rows_to_match(result: Result) -> list[tuple[str, list[Row]]]:
    """(kind, rows) per matched table: TC.27 rows but its extra indicator lines, TC.24's program rows."""
    out = []
    for table in result.tables:
        if table.kind == "TC.27":  # an extra indicator line or a total is no nomenclature entry: nothing to match
            out.append((table.kind, [r for r in table.rows if r.data.get("level") not in ("indicator", TOTAL_LEVEL)]))
        elif table.kind == "TC.24":
            out.append((table.kind, _tc24_rows(table.rows)))
    return out


def matchable_rows(result: Result) -> list[Row]:
    """Every row as the matcher reads it (TC.27 rows, TC.24 program rows seen as programs without code)."""
    return [r for kind, rows in rows_to_match(result) for r in _as_matched(kind, rows)]


def _as_matched(kind: str, rows: list[Row]) -> list[Row]:
    """What the matcher reads: a TC.24 program row is seen as a program without code (its own data untouched,
    its flags list shared so match flags land on the row)."""
    if kind != "TC.24":
        return rows
    return [Row(data={**r.data, "level": "program", "code": None, "code_raw": ""}, flags=r.flags) for r in rows]


def _apply(kind: str, rows: list[Row], results: list[MatchResult]) -> None:
    seen = _as_matched(kind, rows)
    apply_matches(seen, results)
    for row, view in zip(rows, seen):
        row.match = view.match


def load_nomenclature_arg(nomenclature: Nomenclature | str | Path) -> Nomenclature:
    if isinstance(nomenclature, Nomenclature):
        return nomenclature
    return resolve_nomenclature(str(nomenclature))


# ------------------------------------------------------------------------------------------------ the choice


def jenis_evidence(rows: list[Row]) -> tuple[str | None, str]:
    """("PROV" | "KABKOT" | None, why) from the codes' kegiatan segment, else from the words in the names."""
    segments: Counter[str] = Counter()
    for row in rows:
        parts = str(row.data.get("code") or "").split(".")
        if len(parts) >= 5 and parts[3] in ("1", "2"):
            segments[parts[3]] += 1
    total = sum(segments.values())
    if total:
        seg, n = segments.most_common(1)[0]
        if n * 3 >= total * 2:
            jenis = "PROV" if seg == "1" else "KABKOT"
            return jenis, f"kegiatan segment {seg} in {n} of {total} printed kegiatan/sub kegiatan codes"
    words: Counter[str] = Counter()
    for row in rows:
        name = normalize_name(str(row.data.get("name") or ""))
        words.update(j for j, w in _JENIS_WORDS.items() if w in name.split())
    prov, kab = words["PROV"], words["KABKOT"]
    if prov != kab:
        jenis = "PROV" if prov > kab else "KABKOT"
        return jenis, f"'Provinsi' in {prov} printed names, 'Kabupaten/Kota' in {kab}"
    return None, "neither the codes nor the names say provinsi or kab/kota"


def _fit(info: StoredInfo, nom: Nomenclature, rows: list[Row], settings: MatchSettings) -> dict[str, Any]:
    version: VersionFit = best_version(rows, [nom], settings)[0]
    results = match_rows(rows, nom, settings) if not version.total else []
    by_name = sum(1 for r in results if r.status in ACCEPTED)
    return {"list": info.name, "origin": info.origin, "jenis": info.jenis, "year": info.year,
            "codes": version.total, "codes_known": version.found, "codes_named": version.named,
            "share": round(version.share, 3), "names_matched": by_name if results else None}


def _fit_key(fit: dict[str, Any]) -> tuple[float, int, int, int]:
    return (fit["share"], fit["codes_known"], fit["names_matched"] or 0, fit["year"] or 0)


def choose_nomenclature(rows: list[Row], settings: MatchSettings | None = None,
                        lists: list[StoredInfo] | None = None) -> Choice:
    """The available list (imported or bundled) that fits these rows best, with the reason in words."""
    opts = MatchSettings.resolve(settings)
    infos = available_nomenclatures() if lists is None else lists
    jenis, jenis_why = jenis_evidence(rows)
    pool = [i for i in infos if jenis is None or i.jenis in (jenis, None)] or infos
    loaded, unreadable = [], []
    for info in pool:
        try:
            loaded.append((info, load_stored(info)))
        except ReferenceDataError as exc:  # a broken imported list must not stop every extraction
            unreadable.append(f"{info.name} not used ({first_line(str(exc))[:160]})")
    if not loaded:
        raise ReferenceDataError("no nomenclature list could be read: " + "; ".join(unreadable))
    fits = sorted(((_fit(i, nom, rows, opts), i, nom) for i, nom in loaded), key=lambda p: _fit_key(p[0]),
                  reverse=True)
    best_fit, best, best_nom = fits[0]
    kind = {"PROV": "provinsi", "KABKOT": "kab/kota"}.get(jenis or "", "")
    reason = f"{kind}: {jenis_why}" if jenis else f"{jenis_why}; the lists compete on fit"
    reason += "; " + _version_reason(best_fit, [f for f, _i, _n in fits[1:]])
    reason += "".join(f"; {u}" for u in unreadable)
    return Choice(best_nom, best.name, best.origin, reason, tuple(f for f, _i, _n in fits))


def _version_reason(best: dict[str, Any], others: list[dict[str, Any]]) -> str:
    if best["codes"]:
        why = f"{best['list']} knows {best['codes_named']} of {best['codes']} printed codes with their names"
        rest = [f"{o['list']}: {o['codes_named']}" for o in others]
    else:
        why = f"no printed codes; {best['list']} matches {best['names_matched']} names"
        rest = [f"{o['list']}: {o['names_matched']}" for o in others]
    if others and _fit_key(others[0])[:3] == _fit_key(best)[:3]:
        why += " (a tie: the newer list is taken)"
    return why + (f" ({', '.join(rest)})" if rest else "")


# ------------------------------------------------------------------------------------------------ matching


def skip_matching(result: Result, message: str) -> None:
    result.matching = Matching("skipped", message)
    result.notes.append(Note("matching-skipped", message))


def match_result(result: Result, nomenclature: Nomenclature | str | Path | None = None,
                 settings: MatchSettings | dict[str, Any] | None = None) -> None:
    """Match the TC.27 (and TC.24) rows of ``result`` in place; a summary goes into ``result.matching``.

    ``nomenclature``: a Nomenclature, a stored/bundled name or a path; None chooses the best-fitting available list.
    """
    opts = MatchSettings.resolve(settings)
    groups = rows_to_match(result)
    every = matchable_rows(result)
    if nomenclature is None:
        if not every:
            result.matching = Matching("skipped", "no TC.27 or TC.24 program rows to match")
            return
        choice = choose_nomenclature(every, opts)
    else:
        nom = load_nomenclature_arg(nomenclature)
        label = str(nomenclature) if not isinstance(nomenclature, Nomenclature) else nom.version
        choice = Choice(nom, label, "given", "given with --nomenclature")
    newer = newer_replacements(choice)
    statuses: Counter[str] = Counter()
    for kind, rows in groups:
        _apply(kind, rows, match_rows(_as_matched(kind, rows), choice.nomenclature, opts, newer))
        if kind == "TC.27":  # a code the document's own list prints, confirmed by the name's match
            confirmed = confirm_suggested_codes(rows, result.tables)
            _apply(kind, confirmed, match_rows(confirmed, choice.nomenclature, opts, newer))
        statuses.update(f"{kind}:{r.match.status}" for r in rows if r.match is not None)
    unknown = unknown_codes(every, choice.nomenclature)
    elsewhere = known_elsewhere(unknown, choice)
    retired = Counter(newer[str(r.data["code"])][0] for r in every
                      if not _replaced(r) and str(r.data.get("code")) in newer)
    result.matching = Matching(
        "done",
        message=unknown_message(unknown, elsewhere, choice.name) if unknown else "",
        nomenclature=choice.nomenclature.version,
        list_name=choice.name,
        origin=choice.origin,
        jenis=choice.nomenclature.jenis,
        source=str(choice.nomenclature.source or ""),
        reason=choice.reason,
        fits=list(choice.fits),
        counts=dict(sorted(statuses.items())),
        codes_unknown=len(unknown),
        unknown_codes=unknown[:_SHOWN_UNKNOWN],
        unknown_codes_in_other_lists=elsewhere,
        retired_in_newer_lists=dict(retired),
    )
    if unknown:
        result.notes.append(Note("codes-unknown", result.matching.message))


def _replaced(row: Row) -> bool:
    return row.match is not None and row.match.status == "replaced"


def unknown_codes(rows: list[Row], nom: Nomenclature) -> list[str]:
    """Printed canonical codes the list does not know and its replacement map does not retire, in order."""
    out: list[str] = []
    for row in rows:
        code = row.data.get("code")
        if not code or _replaced(row):
            continue
        entry, _how = nom.lookup(str(code))
        if entry is None and level_of_code(str(code)) is not None and code not in out:
            out.append(str(code))
    return out


def newer_replacements(choice: Choice) -> dict[str, tuple[str, Replacement]]:
    """old code -> (list name, Replacement) from the maps of available lists of the chosen list's jenis that are
    newer than it (by year); the newest list's line wins. Empty when the chosen list's year is unknown."""
    infos = {i.name: i for i in available_nomenclatures()}
    own = infos.get(choice.name)
    if own is None or own.year is None or choice.origin == "given" and own.path != Path(str(
            choice.nomenclature.source or "")):
        return {}
    out: dict[str, tuple[str, Replacement]] = {}
    newer = sorted((i for i in infos.values() if i.replacements and i.year and i.year > own.year
                    and i.jenis == own.jenis), key=lambda i: i.year or 0)
    for info in newer:
        jenis = info.jenis
        for rep in load_replacements(info.replacements) if info.replacements else []:
            if not jenis or not rep.jenis or rep.jenis == jenis:
                out[rep.old_code] = (info.name, rep)
    return out


def known_elsewhere(codes: list[str], choice: Choice) -> dict[str, str]:
    """code -> the first other available list of the same jenis that knows it (an older or newer version)."""
    if not codes:
        return {}
    jenis = choice.nomenclature.jenis
    others = [i for i in available_nomenclatures() if i.name != choice.name and i.jenis in (jenis, None)]
    out: dict[str, str] = {}
    for info in others:
        try:
            nom = load_stored(info)
        except ReferenceDataError:  # unreadable: choose_nomenclature already says so in its reason
            continue
        for code in codes:
            if code not in out and nom.lookup(code)[0] is not None:
                out[code] = info.name
    return out


def unknown_message(unknown: list[str], elsewhere: dict[str, str], list_name: str) -> str:
    """The per-document summary of printed codes the list does not know."""
    nowhere = [c for c in unknown if c not in elsewhere]
    parts = [f"{len(unknown)} printed code(s) are not in {list_name}"]
    if elsewhere:
        lists = ", ".join(sorted(set(elsewhere.values())))
        parts.append(f"{len(elsewhere)} of them are in {lists} ({_some(list(elsewhere))}; pass --nomenclature to "
                     f"match against that list)")
    if nowhere:
        parts.append(f"{len(nowhere)} are in no available list ({_some(nowhere)}): a nomenclature version that is not "
                     f"bundled; their rows keep the printed code and show the best candidate by name. Import that "
                     f"list with 'renstra nomenclature import FILE --name NAME' and pass --nomenclature NAME")
    return "; ".join(parts)


def _some(codes: list[str]) -> str:
    return ", ".join(codes[:3]) + (", ..." if len(codes) > 3 else "")


def summary_line(matching: Matching | None) -> str:
    """One line for the CLI: the list, why, and the status counts."""
    if matching is None or matching.status != "done":
        return f"matching skipped: {matching.message if matching else ''}"
    counts: Counter[str] = Counter()
    for key, n in matching.counts.items():
        counts[key.split(":", 1)[-1]] += n
    shown = ", ".join(f"{status} {n}" for status, n in counts.most_common())
    how = "given" if matching.origin == "given" else f"chosen: {matching.reason}"
    line = f"matching: {matching.list_name} ({how}); {shown or 'no rows'}"
    for name, n in matching.retired_in_newer_lists.items():
        line += f"; {n} printed code(s) are retired in {name} (its replacements: --nomenclature {name})"
    return line
