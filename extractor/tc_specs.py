"""The table kinds as data: caption patterns, titles, header signatures and header synonyms.

Loaded from mappings/tables.json and mappings/headers.json; code elsewhere never spells a caption or a header
word. A new TC table kind is a new entry there (plus a row normaliser in extractor/tables/ if it needs one).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import ReferenceDataError


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
    field: str
    pattern: re.Pattern[str]
    yearly: bool


@dataclass(frozen=True)
class KindSpec:
    kind: str
    titles: tuple[re.Pattern[str], ...]
    header_all: tuple[re.Pattern[str], ...]
    header_any: tuple[re.Pattern[str], ...]
    header_none: tuple[re.Pattern[str], ...]
    rules: tuple[HeaderRule, ...]


@dataclass(frozen=True)
class Specs:
    label: re.Pattern[str]
    kinds: dict[str, KindSpec]


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


@lru_cache(maxsize=1)
def load_specs() -> Specs:
    tables = _load_json("tables.json")
    headers = _load_json("headers.json")
    kinds: dict[str, KindSpec] = {}
    for kind, entry in tables["kinds"].items():
        rules = tuple(
            HeaderRule(r["field"], _compile([r["pattern"]], f"headers.json {kind}")[0], bool(r.get("year")))
            for r in headers.get(kind, [])
        )
        kinds[kind] = KindSpec(
            kind=kind,
            titles=_compile(entry.get("titles", []), f"tables.json {kind}"),
            header_all=_compile(entry.get("header_all", []), f"tables.json {kind}"),
            header_any=_compile(entry.get("header_any", []), f"tables.json {kind}"),
            header_none=_compile(entry.get("header_none", []), f"tables.json {kind}"),
            rules=rules,
        )
    return Specs(label=_compile([tables["label_pattern"]], "tables.json label_pattern")[0], kinds=kinds)


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces, stripped."""
    return " ".join(text.split())
