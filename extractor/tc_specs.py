"""The table kinds as data: caption patterns, titles, header signatures and header synonyms.

Loaded from mappings/tables.json and mappings/headers.json; code elsewhere never spells a caption or a header
word. A new TC table kind is a new entry there (plus a row normaliser in extractor/tables/ if it needs one).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import ReferenceDataError
from .textnorm import collapse

__all__ = ["HeaderRule", "HeaderVocabulary", "KindSpec", "Specs", "collapse", "load_specs", "mappings_dir"]


def mappings_dir() -> Path:
    """The mappings/ folder: beside the package in a checkout or an editable install, else the copy a regular
    install puts under <prefix>/share/renstra/mappings (pyproject.toml data-files)."""
    beside = Path(__file__).resolve().parent.parent / "mappings"
    if beside.is_dir():
        return beside
    return Path(sys.prefix) / "share" / "renstra" / "mappings"


MAPPINGS_DIR = mappings_dir()
_FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class HeaderRule:
    """One line of mappings/headers.json: the field a column holds when every pattern it gives matches.

    ``leaf`` is matched against the lowest header cell with its years taken out, ``group`` against the cells
    above it, ``path`` against both joined with ' | ', ``pattern`` against the header as printed (years kept).
    ``yearly``: "" (never yearly), "yes" (yearly when the header has a year) or "required" (the rule needs one).
    """

    field: str
    pattern: re.Pattern[str] | None = None
    leaf: re.Pattern[str] | None = None
    group: re.Pattern[str] | None = None
    path: re.Pattern[str] | None = None
    yearly: str = ""

    @property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(p for p in (self.pattern, self.leaf, self.group, self.path) if p is not None)


@dataclass(frozen=True)
class HeaderVocabulary:
    """The words every kind shares: relative-year forms and the units amounts are printed in."""

    relative_years: tuple[re.Pattern[str], ...]
    scales: tuple[tuple[int, re.Pattern[str]], ...]
    measure: re.Pattern[str] | None = None  # a cell that is only a measure word ("Target", "Rp.", "Pagu")
    words: frozenset[str] = frozenset()  # header words the nomenclature's words lack ("baseline", "rupiah")
    achieved: re.Pattern[str] | None = None  # words of what was achieved ("Realisasi", "Capaian Kinerja")


@dataclass(frozen=True)
class KindSpec:
    kind: str
    titles: tuple[re.Pattern[str], ...]
    header_all: tuple[re.Pattern[str], ...]
    header_any: tuple[re.Pattern[str], ...]
    header_none: tuple[re.Pattern[str], ...]
    rules: tuple[HeaderRule, ...]
    essentials: tuple[tuple[str, ...], ...] = ()  # every group needs one of its fields typed (self-check)
    past: bool = False  # the table reports years before the plan (TC.23, TC.24)
    stand_ins: tuple[tuple[str, str], ...] = ()  # (field, the field whose column holds it when no column has it)
    under_prose: bool = False  # printed as a short table on a page of prose: its header under a caption counts

    def header_signature_matches(self, text: str) -> bool:
        """True when ``text`` (a header, or a page's text) has every ``header_all`` pattern, one of the
        ``header_any`` patterns (when the kind lists any) and none of the ``header_none`` patterns."""
        if not all(p.search(text) for p in self.header_all):
            return False
        if self.header_any and not any(p.search(text) for p in self.header_any):
            return False
        return not any(p.search(text) for p in self.header_none)


@dataclass(frozen=True)
class Specs:
    label: re.Pattern[str]
    kinds: dict[str, KindSpec]
    vocabulary: HeaderVocabulary
    documents: dict[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)  # plan type -> its names


def _compile(patterns: list[str], where: str) -> tuple[re.Pattern[str], ...]:
    try:
        return tuple(re.compile(p, _FLAGS) for p in patterns)
    except re.error as exc:
        raise ReferenceDataError(f"{where}: bad pattern ({exc})") from None


def _load_json(name: str) -> dict:
    path = MAPPINGS_DIR / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReferenceDataError(f"{path}: cannot read the table mapping ({exc})") from None


_YEARLY = {False: "", None: "", True: "yes", "required": "required"}


def _expand(pattern: str, words: dict[str, list[str]]) -> str:
    """{name} in a header pattern -> the alternation of the words listed under _words[name]."""
    return re.sub(r"\{(\w+)\}", lambda m: "(?:" + "|".join(words[m.group(1)]) + ")" if m.group(1) in words
                  else m.group(0), pattern)


def _rule(entry: dict, kind: str, words: dict[str, list[str]]) -> HeaderRule:
    where = f"headers.json {kind} {entry.get('field')}"
    if "field" not in entry or not any(k in entry for k in ("pattern", "leaf", "group", "path")):
        raise ReferenceDataError(f"{where}: a rule needs a field and a pattern")
    if entry.get("year") not in _YEARLY:
        raise ReferenceDataError(f"{where}: year must be true, false or \"required\"")
    compiled = {k: _compile([_expand(entry[k], words)], where)[0] for k in ("pattern", "leaf", "group", "path")
                if k in entry}
    return HeaderRule(entry["field"], yearly=_YEARLY[entry.get("year")], **compiled)


def _vocabulary(headers: dict) -> HeaderVocabulary:
    scales = tuple((int(factor), p) for factor, patterns in headers.get("_scales", {}).items()
                   for p in _compile(patterns, "headers.json _scales"))
    words = headers.get("_words", {})
    measure = _expand(r"^(?:{rp}|{target}|realisasi|rasio|%|awal|akhir)\.?(\s*\(.*\))?$", words)
    return HeaderVocabulary(relative_years=_compile(headers.get("_relative_years", []), "headers.json _relative_years"),
                            scales=scales, measure=_compile([measure], "headers.json _words")[0],
                            words=frozenset(w.lower() for w in headers.get("_header_words", [])),
                            achieved=_compile([_expand("{achieved}", words)], "headers.json _words")[0]
                            if "achieved" in words else None)


@lru_cache(maxsize=1)
def load_specs() -> Specs:
    tables = _load_json("tables.json")
    headers = _load_json("headers.json")
    words = headers.get("_words", {})
    kinds: dict[str, KindSpec] = {}
    for kind, entry in tables["kinds"].items():
        rules = tuple(_rule(r, kind, words) for r in headers.get(kind, []))
        kinds[kind] = KindSpec(
            kind=kind,
            titles=_compile(entry.get("titles", []), f"tables.json {kind}"),
            header_all=_compile(entry.get("header_all", []), f"tables.json {kind}"),
            header_any=_compile(entry.get("header_any", []), f"tables.json {kind}"),
            header_none=_compile(entry.get("header_none", []), f"tables.json {kind}"),
            rules=rules,
            essentials=tuple(tuple(group) for group in entry.get("essentials", [])),
            past=bool(entry.get("past")),
            stand_ins=tuple(entry.get("stand_ins", {}).items()),
            under_prose=bool(entry.get("under_prose")),
        )
    documents = {name: _compile(patterns, f"tables.json documents {name}")
                 for name, patterns in tables.get("documents", {}).items()}
    return Specs(label=_compile([tables["label_pattern"]], "tables.json label_pattern")[0], kinds=kinds,
                 vocabulary=_vocabulary(headers), documents=documents)
