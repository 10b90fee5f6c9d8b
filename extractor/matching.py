"""rows_to_matched: apply nomenclature matching to the rows of a Result (TC.27, and TC.24's program names)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from .match import apply_matches, match_rows
from .model import Result, Row
from .nomenclature import Nomenclature, resolve_nomenclature
from .settings import MatchSettings

MATCHED_KINDS = ("TC.27", "TC.24")


def _tc24_rows(rows: list[Row]) -> list[Row]:
    """TC.24 rows carry names only, and its kegiatan are mostly pre-2021 ones with no current counterpart: only
    its program rows are matched (by name, with the legacy crosswalk), each marked with level 'program'."""
    out = []
    for row in rows:
        name = (row.data.get("name") or "").strip()
        if not name.lower().startswith("program"):
            continue
        row.data.setdefault("level", "program")
        row.data.setdefault("code", None)
        row.data.setdefault("code_raw", "")
        out.append(row)
    return out


def load_nomenclature_arg(nomenclature: Nomenclature | str | Path) -> Nomenclature:
    if isinstance(nomenclature, Nomenclature):
        return nomenclature
    return resolve_nomenclature(str(nomenclature))


def match_result(result: Result, nomenclature: Nomenclature | str | Path,
                 settings: MatchSettings | dict[str, Any] | None = None) -> None:
    """Match the TC.27 (and TC.24) rows of ``result`` in place; a summary goes into ``result.matching``."""
    nom = load_nomenclature_arg(nomenclature)
    opts = MatchSettings.resolve(settings)
    statuses: Counter[str] = Counter()
    for table in result.tables:
        if table.kind not in MATCHED_KINDS:
            continue
        if table.kind == "TC.27":  # an extra indicator line is no nomenclature entry: nothing to match
            rows = [r for r in table.rows if r.data.get("level") != "indicator"]
        else:
            rows = _tc24_rows(table.rows)
        results = match_rows(rows, nom, opts)
        apply_matches(rows, results)
        statuses.update(f"{table.kind}:{r.status}" for r in results)
    result.matching = {
        "status": "done",
        "nomenclature": nom.version,
        "source": str(getattr(nom, "source", "")),
        "counts": dict(sorted(statuses.items())),
    }
