"""Discrepancy report between a Renstra before and after perubahan: a keyed, plain-data comparison.

Both sides are the JSON contract that ``renstra extract`` writes (Result.to_dict); a Result is turned into
that dict first, so a DOCX before can be compared with a PDF after or with a stored JSON. Never rendered strings:
numbers are compared as the parsed values in the JSON ("3,149,889,939" and "3.149.889.939" are equal), texts with
whitespace and case folded (a difference only there is ``cosmetic``, kept apart from the changes; so is one that
vanishes when spaces, line breaks, words broken by a narrow column and list bullets are taken out: two renderings
of one plan, a Word original and its PDF, are one plan).

Tables are paired by kind (and variant: the *sebelum* of BEFORE with the *sesudah* of AFTER). Rows are paired:

* TC.27: by canonical code (in document order when a code repeats); the leftovers, level by level from the top,
  by fuzzy name within the same (paired) parent and level -> ``code_changed`` for a renumbered row, never an
  added-and-removed pair; a row keeping its code under a new name is ``renamed``;
* tables without codes (TC.23-26, TC.28, IKU): by the same folded label and number, then by label alone, then by
  fuzzy label, then by the same number (``indikator_no``, ``no``) at the same depth.

A parent's Rp change that its children's changes explain (their deltas sum to the parent's delta for the same
field and year) lists those children's keys in ``caused_by``.
"""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeGuard, get_args

from rapidfuzz import fuzz

from . import __version__
from .errors import InputError
from .fields import LEVEL_RANK
from .model import Result
from .settings import DiffSettings
from .textnorm import collapse, normalize_name

DIFF_SCHEMA_VERSION = "1.0"
DiffKind = Literal["added", "removed", "renamed", "code_changed", "value_changed", "text_changed", "cosmetic"]
KINDS: tuple[DiffKind, ...] = get_args(DiffKind)
PairStatus = Literal["same", "changed", "added", "removed"]

SKIP_FIELDS = frozenset({"years", "page", "flags", "raw", "code_raw", "indicator_raw", "boxes"})
SKIP_PREFIXES = ("match_",)
NUMBER_KEY_FIELDS = ("indikator_no", "sasaran_no", "no")  # row numbers of the tables without codes
ROLLUP_FIELDS = frozenset({"rp", "rp_akhir"})  # parent totals that children explain
LABEL_FIELDS: dict[str, tuple[str, ...]] = {
    "TC.23": ("indikator",),
    "TC.24": ("name", "code"),
    "TC.25": ("indikator", "sasaran", "tujuan"),
    "TC.26": ("strategi", "sasaran", "arah_kebijakan", "tujuan"),
    "TC.27": ("name", "indicator"),
    "TC.28": ("indikator", "sasaran"),
    "IKU": ("indikator", "sasaran", "rumus"),
    "PROGRAM-LIST": ("name", "indicator"),
}
DEFAULT_LABEL_FIELDS = ("name", "indikator", "indicator", "sasaran", "tujuan", "strategi")
LEAF_RANK = 5  # an indicator line, or a row of unknown level: child of the row above
# Group cells printed once over their rows (vertically merged): filled down before comparing, outer group first;
# a new outer value restarts the inner groups (a new tujuan has no sasaran yet).
FILL_DOWN: dict[str, tuple[tuple[str, ...], ...]] = {
    "TC.25": (("no", "tujuan"), ("sasaran_no", "sasaran")),
    "TC.26": (("tujuan",),),
}
# Filled-down fields: one change of a group (a reworded tujuan) is reported once per table, not once per row.
GROUP_FIELDS = frozenset({"no", "tujuan", "sasaran_no", "sasaran", "tujuan_rpjmd", "sasaran_rpjmd", "indikator_tujuan",
                          "indikator_sasaran"})


@dataclass
class Difference:
    table: str
    variant_before: str | None
    variant_after: str | None
    key: str
    level: str | None
    name: str | None
    field: str | None
    year: int | None
    before: Any
    after: Any
    kind: DiffKind
    page_before: int | None
    page_after: int | None
    # dataclasses.field: the attribute ``field`` above shadows the name inside this class body
    caused_by: list[str] = dataclasses.field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RowPair:
    """One row of the aligned table: both sides (flattened), or one of them for an added/removed row."""

    key: str
    level: str | None
    name: str | None
    status: PairStatus
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    changed: list[str] = field(default_factory=list)  # flat field ids ("name", "rp_2025") that differ
    cosmetic: list[str] = field(default_factory=list)
    page_before: int | None = None
    page_after: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TableDiff:
    table: str
    variant_before: str | None
    variant_after: str | None
    caption_before: str | None
    caption_after: str | None
    columns: list[str]  # flat field ids in display order
    rows: list[RowPair]
    columns_added: list[str] = field(default_factory=list)  # fields only the after table has (not compared)
    columns_removed: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return table_label(self.table, self.variant_before, self.variant_after)

    def to_dict(self) -> dict[str, Any]:
        return {"table": self.table, "label": self.label, "variant_before": self.variant_before,
                "variant_after": self.variant_after, "caption_before": self.caption_before,
                "caption_after": self.caption_after, "columns": list(self.columns),
                "columns_added": list(self.columns_added), "columns_removed": list(self.columns_removed),
                "rows": [r.to_dict() for r in self.rows]}


@dataclass
class DiffResult:
    before: dict[str, Any]  # document info of each side (file, sha256, format, pages)
    after: dict[str, Any]
    mode: str  # "documents" or "variants"
    differences: list[Difference]
    cosmetic: list[Difference]
    tables: list[TableDiff]
    tables_added: list[str]
    tables_removed: list[str]
    settings: DiffSettings = field(default_factory=DiffSettings)

    @property
    def summary(self) -> dict[str, Any]:
        by_kind: dict[str, int] = {k: 0 for k in KINDS if k != "cosmetic"}
        by_table = {t.label: 0 for t in self.tables}
        for d in self.differences:
            by_kind[d.kind] += 1
            label = table_label(d.table, d.variant_before, d.variant_after)
            by_table[label] = by_table.get(label, 0) + 1
        return {"total": len(self.differences), "cosmetic": len(self.cosmetic), "by_kind": by_kind,
                "by_table": by_table, "tables_compared": len(self.tables),
                "tables_added": len(self.tables_added), "tables_removed": len(self.tables_removed)}

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": DIFF_SCHEMA_VERSION,
            "tool": {"name": "renstra", "version": __version__},
            "mode": self.mode,
            "before": self.before,
            "after": self.after,
            "settings": asdict(self.settings),
            "summary": self.summary,
            "tables_added": list(self.tables_added),
            "tables_removed": list(self.tables_removed),
            "differences": [d.to_dict() for d in self.differences],
            "cosmetic": [d.to_dict() for d in self.cosmetic],
            "tables": [t.to_dict() for t in self.tables],
        }


def table_label(kind: str, variant_before: str | None, variant_after: str | None) -> str:
    """A table's name in plain words: 'TC.27', 'TC.25 (sesudah)', 'TC.25 (sebelum before, sesudah after)'."""
    if variant_before == variant_after:
        return kind if variant_before is None else f"{kind} ({variant_before})"
    return f"{kind} ({variant_before or 'no variant'} before, {variant_after or 'no variant'} after)"


# ---------------------------------------------------------------- loading


def load_result_json(path: str | Path) -> dict[str, Any]:
    """The JSON that ``renstra extract`` wrote, checked to have the shape the comparison needs."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{p}: file not found") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{p}: not a readable JSON file ({exc})") from None
    except RecursionError:
        raise InputError(f"{p}: not a readable JSON file (nested too deep)") from None
    return as_document(data, str(p))


def as_document(doc: Any, where: str = "document") -> dict[str, Any]:
    """A Result or an extract JSON dict -> the dict form; InputError for anything else."""
    if isinstance(doc, dict):
        tables = doc.get("tables")
        if not isinstance(tables, list) or not all(isinstance(t, dict) and isinstance(t.get("rows"), list)
                                                   and "kind" in t for t in tables):
            raise InputError(f"{where}: not an extract result (needs 'tables' with 'kind' and 'rows'); "
                             f"write one with 'renstra extract FILE -o DIR'")
        problem = result_shape_problem(tables)
        if problem:
            raise InputError(f"{where}: not an extract result as 'renstra extract' writes it ({problem})")
        return doc
    if isinstance(doc, Result):
        return doc.to_dict()
    raise InputError(f"{where}: not an extract result (a Result or the JSON object 'renstra extract' writes), "
                     f"but a {type(doc).__name__}")


_ROW_CONTAINERS = {"years": dict, "raw": dict, "flags": list, "extra": dict, "boxes": dict}  # not plain values
_PLAIN = (str, int, float, bool, type(None))


def result_shape_problem(tables: list[Any]) -> str:
    """What in TABLES is not the shape write_outputs gives ('' when all is well): the comparison reads every
    row field as a plain value, the years as {year: {field: value}}."""
    for t, table in enumerate(tables):
        if not isinstance(table, dict) or not isinstance(table.get("rows"), list):
            return f"table {t} is not an object with a list of 'rows'"
        if not isinstance(table.get("kind"), str) or not isinstance(table.get("variant"), (str, type(None))):
            return f"table {t}: 'kind' and 'variant' must be text"
        for r, row in enumerate(table["rows"]):
            problem = _row_shape_problem(row)
            if problem:
                return f"table {t} row {r}{problem}"
    return ""


def _row_shape_problem(row: Any) -> str:
    """What in one row is not the shape write_outputs gives, said after 'table T row R' ('' when all is well)."""
    if not isinstance(row, dict):
        return f" is a {type(row).__name__}, not an object"
    for key, value in row.items():
        expected = _ROW_CONTAINERS.get(key)
        if expected is not None:
            if not isinstance(value, (expected, type(None))):
                return f": '{key}' must be a {expected.__name__}"
        elif not isinstance(value, _PLAIN):
            return f": '{key}' must be a plain value, not a {type(value).__name__}"
    years = row.get("years") or {}
    if not all(isinstance(v, (dict, type(None))) and all(isinstance(x, _PLAIN) for x in (v or {}).values())
               for v in years.values()):
        return ": 'years' must map each year to its plain values"
    return ""


def load_document(path: str | Path, extract: Callable[[Path], Result] | None = None) -> dict[str, Any]:
    """One side of a comparison from a file: an extract JSON, or a document that ``extract`` (pipeline.extract,
    given by the caller: the comparison sits above the readers and knows none of them) reads now."""
    p = Path(path)
    if p.suffix.lower() == ".json" or extract is None:
        return load_result_json(p)
    return extract(p).to_dict()


# ---------------------------------------------------------------- values


def fold(text: Any) -> str:
    """Whitespace collapsed, case folded, NFKC: what a cosmetic difference leaves unchanged."""
    if text is None:
        return ""
    return collapse(unicodedata.normalize("NFKC", str(text))).casefold()


_BULLETS = re.compile("[\u2022\u2023\u25aa\u25ab\u25cf\u25cb\u25a0\u25a1\u25ba\u27a2\u2043\u2219\u00b7"
                      "\uf0b7\uf0a7\uf0d8]")  # list bullets, and the Symbol-font ones Word writes


def squash(text: Any) -> str:
    """``fold`` with every space and list bullet taken out: the same text laid out differently (a line break, a
    word broken by a narrow column, "Pemeliharaan/ Rehabilitasi", a Word list rendered with its bullets)."""
    return "".join(_BULLETS.sub(" ", fold(text)).split())


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _numbers_equal(a: Any, b: Any, tolerance: float) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= tolerance


def _scalar_fields(row: dict[str, Any]) -> list[str]:
    return [k for k in row if k not in SKIP_FIELDS and not k.startswith(SKIP_PREFIXES)]


def _years(row: dict[str, Any]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for year, values in (row.get("years") or {}).items():
        try:
            out[int(year)] = dict(values or {})
        except (TypeError, ValueError):
            continue
    return out


def flat_row(row: dict[str, Any]) -> dict[str, Any]:
    """The comparable values of one row: scalar fields, then yearly fields as ``<field>_<year>``."""
    out = {k: row[k] for k in _scalar_fields(row)}
    for year, values in sorted(_years(row).items()):
        for name, value in values.items():
            out[f"{name}_{year}"] = value
    return out


# ---------------------------------------------------------------- rows: identity and hierarchy


@dataclass
class _Item:
    index: int
    row: dict[str, Any]
    code: str | None
    label: str
    label_norm: str
    number: str
    rank: int
    parent: int | None = None  # index of the parent row on the same side


def _label(kind: str, row: dict[str, Any]) -> str:
    for name in LABEL_FIELDS.get(kind, DEFAULT_LABEL_FIELDS):
        value = row.get(name)
        if value not in (None, ""):
            return collapse(str(value))
    return ""


def _number(row: dict[str, Any]) -> str:
    for name in NUMBER_KEY_FIELDS:
        value = row.get(name)
        if value not in (None, ""):
            return str(value).strip().rstrip(".")
    return ""


def fill_down(kind: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Copies of the rows with the kind's group cells (FILL_DOWN) carried into the rows they are merged over."""
    groups = FILL_DOWN.get(kind, ())
    carried: dict[str, Any] = {}
    out = []
    for row in rows:
        new = dict(row)
        for depth, group in enumerate(groups):
            if any(row.get(name) not in (None, "") for name in group):
                for inner in groups[depth:]:
                    for name in inner:
                        carried.pop(name, None)
                carried.update({name: row.get(name) for name in group})
            for name in group:
                if new.get(name) in (None, "") and carried.get(name) not in (None, ""):
                    new[name] = carried[name]
        out.append(new)
    return out


def _items(kind: str, rows: list[dict[str, Any]]) -> list[_Item]:
    items = []
    stack: list[_Item] = []  # open ancestors, by rank
    for i, row in enumerate(rows):
        code = row.get("code") or None
        label = _label(kind, row)
        rank = LEVEL_RANK.get(str(row.get("level")), LEAF_RANK) if "level" in row else LEAF_RANK
        item = _Item(i, row, str(code) if code else None, label, normalize_name(label), _number(row), rank)
        if "level" in row:
            if rank < LEAF_RANK:
                while stack and stack[-1].rank >= rank:
                    stack.pop()
            item.parent = stack[-1].index if stack else None  # a leaf: the nearest coded row above it
            if rank < LEAF_RANK:
                stack.append(item)
        items.append(item)
    return items


def _key(item: _Item, items: list[_Item]) -> str:
    if item.code:
        return item.code
    text = " ".join(p for p in (item.number, item.label) if p)
    if item.rank == LEAF_RANK and item.parent is not None and items[item.parent].code:
        text = f"{items[item.parent].code} / {text or 'row'}"
    return text or f"row {item.index + 1}"


def _similarity(a: _Item, b: _Item) -> float:
    if not a.label_norm or not b.label_norm:
        return 0.0
    return float(fuzz.token_sort_ratio(a.label_norm, b.label_norm))


# ---------------------------------------------------------------- rows: pairing


class _Pairing:
    def __init__(self, before: list[_Item], after: list[_Item]) -> None:
        self.before, self.after = before, after
        self.b2a: dict[int, int] = {}
        self.a2b: dict[int, int] = {}

    def pair(self, b: int, a: int) -> None:
        self.b2a[b] = a
        self.a2b[a] = b

    def free_before(self, pred: Callable[[_Item], bool] = lambda _: True) -> list[_Item]:
        return [i for i in self.before if i.index not in self.b2a and pred(i)]

    def free_after(self, pred: Callable[[_Item], bool] = lambda _: True) -> list[_Item]:
        return [i for i in self.after if i.index not in self.a2b and pred(i)]

    def same_parent(self, b: _Item, a: _Item) -> bool:
        if b.parent is None or a.parent is None:
            return b.parent is None and a.parent is None
        return self.b2a.get(b.parent) == a.parent

    def by_equal(self, key: Callable[[_Item], Any], pred: Callable[[_Item], bool] = lambda _: True) -> None:
        """Pair rows with the same non-empty key, in document order (the n-th with the n-th)."""
        waiting: dict[Any, list[_Item]] = {}
        for item in self.free_after(pred):
            k = key(item)
            if k:
                waiting.setdefault(k, []).append(item)
        for item in self.free_before(pred):
            k = key(item)
            if k and waiting.get(k):
                self.pair(item.index, waiting[k].pop(0).index)

    def by_score(self, candidates: Iterator[tuple[float, _Item, _Item]]) -> None:
        """Greedy: the best-scoring candidate pairs first, ties to the pair nearest in document order."""
        ranked = sorted(candidates, key=lambda c: (-c[0], abs(c[1].index - c[2].index), c[1].index, c[2].index))
        for _, b, a in ranked:
            if b.index not in self.b2a and a.index not in self.a2b:
                self.pair(b.index, a.index)


def _pair_coded(p: _Pairing, threshold: float) -> None:
    """TC.27: code first; then, rank by rank from the top, by fuzzy name under the same parent and level."""
    p.by_equal(lambda i: i.code)
    for rank in sorted({i.rank for i in p.before} | {i.rank for i in p.after}):
        def at_rank(item: _Item, rank: int = rank) -> bool:
            return item.rank == rank

        cands = ((s, b, a) for b in p.free_before(at_rank) for a in p.free_after(at_rank)
                 if p.same_parent(b, a) and _level_compatible(b, a)
                 for s in (_similarity(b, a),) if s >= threshold)
        p.by_score(cands)


def _level_compatible(b: _Item, a: _Item) -> bool:
    lb, la = b.row.get("level"), a.row.get("level")
    return lb == la or lb is None or la is None


def _pair_uncoded(p: _Pairing, settings: DiffSettings) -> None:
    p.by_equal(lambda i: (i.number, fold(i.label)) if i.label else None)  # the same text, spacing/case aside
    p.by_equal(lambda i: fold(i.label))
    p.by_equal(lambda i: squash(i.label))  # laid out differently (line breaks, broken words, bullets)
    p.by_equal(lambda i: (i.number, i.label_norm) if i.label_norm else None)
    p.by_equal(lambda i: i.label_norm)

    def scored() -> Iterator[tuple[float, _Item, _Item]]:
        for b in p.free_before():
            for a in p.free_after():
                s = _similarity(b, a)
                if s >= settings.rename_threshold:
                    yield s + (settings.number_bonus if b.number and b.number == a.number else 0.0), b, a

    p.by_score(scored())
    p.by_equal(lambda i: (i.number, i.rank) if i.number else None)
    p.by_equal(lambda i: None if i.label or i.number else _content(i.row))  # no label: the same cells


def _content(row: dict[str, Any]) -> str:
    """A row's comparable values laid out as one text, spaces, line breaks and bullets aside: two rows with no
    label (only cells kept under 'extra', say) that print the same are one row."""
    def texts(value: Any) -> Iterator[str]:
        if isinstance(value, dict):
            for key in sorted(value):
                yield str(key)
                yield from texts(value[key])
        else:
            yield str(value)

    return squash("|".join(texts(flat_row(row))))


def _align(kind: str, before: list[dict[str, Any]], after: list[dict[str, Any]], opts: DiffSettings
           ) -> tuple[list[_Item], list[_Item], list[tuple[int | None, int | None]]]:
    ib, ia = _items(kind, fill_down(kind, before)), _items(kind, fill_down(kind, after))
    p = _Pairing(ib, ia)
    if any(i.code for i in ib) or any(i.code for i in ia):
        _pair_coded(p, opts.rename_threshold)
        _pair_leftover_leaves(p, opts)
    else:
        _pair_uncoded(p, opts)
    return ib, ia, _aligned(p)


def pair_rows(kind: str, before: list[dict[str, Any]], after: list[dict[str, Any]],
              settings: DiffSettings | dict[str, Any] | None = None) -> list[tuple[int | None, int | None]]:
    """The aligned (before index, after index) pairs of two tables' rows, in display order."""
    return _align(kind, before, after, DiffSettings.resolve(settings))[2]


def _pair_leftover_leaves(p: _Pairing, settings: DiffSettings) -> None:
    """Code-less lines of a coded table (indicator lines): by folded label under the same parent."""
    def leaf(item: _Item) -> bool:
        return item.code is None

    cands = ((s, b, a) for b in p.free_before(leaf) for a in p.free_after(leaf)
             if p.same_parent(b, a) for s in (_similarity(b, a),) if s >= settings.rename_threshold)
    p.by_score(cands)
    # lines with no label (a total line, an indicator continuing its row) under one parent: in order, by their
    # label laid out alike
    waiting: dict[tuple[int, str], list[_Item]] = {}
    for a in p.free_after(leaf):
        if a.parent is not None:
            waiting.setdefault((a.parent, squash(a.label)), []).append(a)
    for b in p.free_before(leaf):
        parent = p.b2a.get(b.parent) if b.parent is not None else None
        if parent is not None and waiting.get((parent, squash(b.label))):
            p.pair(b.index, waiting[(parent, squash(b.label))].pop(0).index)


def _aligned(p: _Pairing) -> list[tuple[int | None, int | None]]:
    """After rows in order; each removed row right after the pair of the before row above it."""
    out: list[tuple[int | None, int | None]] = [(p.a2b.get(a.index), a.index) for a in p.after]
    position = {pair: n for n, pair in enumerate(out)}
    inserts: dict[int, list[tuple[int | None, int | None]]] = {}
    anchor = -1
    for item in p.before:
        if item.index in p.b2a:
            anchor = position[(item.index, p.b2a[item.index])]
        else:
            inserts.setdefault(anchor, []).append((item.index, None))
    merged = list(inserts.get(-1, []))
    for n, pair in enumerate(out):
        merged.append(pair)
        merged.extend(inserts.get(n, []))
    return merged


# ---------------------------------------------------------------- rows: comparing


@dataclass
class _TableContext:
    kind: str
    variant_before: str | None
    variant_after: str | None
    opts: DiffSettings
    reported: set[tuple[str, str, str]] = field(default_factory=set)  # group changes already reported
    common: set[str] = field(default_factory=set)  # flat field ids both tables have: the only ones compared

    def first_report(self, name: str, before: Any, after: Any) -> bool:
        """False for a group field's change (field, before, after) this table already reported on a row above."""
        if name not in GROUP_FIELDS:
            return True
        mark = (name, fold(before), fold(after))
        if mark in self.reported:
            return False
        self.reported.add(mark)
        return True

    def difference(self, b: _Item | None, a: _Item | None, key: str, kind: DiffKind, field_name: str | None = None,
                   year: int | None = None, before: Any = None, after: Any = None) -> Difference:
        item = a or b
        assert item is not None
        return Difference(table=self.kind, variant_before=self.variant_before, variant_after=self.variant_after,
                          key=key, level=item.row.get("level"), name=item.label or None, field=field_name,
                          year=year, before=before, after=after, kind=kind,
                          page_before=b.row.get("page") if b else None, page_after=a.row.get("page") if a else None)


def _field_kind(name: str, before: Any, after: Any, tolerance: float) -> DiffKind | None:
    """The kind of difference between two values of one field, None when they agree."""
    if _is_number(before) or _is_number(after):
        if _is_number(before) and _is_number(after) or before is None or after is None:
            return None if _numbers_equal(before, after, tolerance) else "value_changed"
        return "value_changed"
    tb = "" if before is None else str(before)
    ta = "" if after is None else str(after)
    if tb == ta:
        return None
    if fold(tb) == fold(ta) or squash(tb) == squash(ta):
        return "cosmetic"
    if name == "code" or name in NUMBER_KEY_FIELDS:
        return "code_changed"
    return "renamed" if name == "name" else "text_changed"


def _compare_values(ctx: _TableContext, b: _Item, a: _Item, key: str, pair: RowPair) -> list[Difference]:
    out = []
    names = list(dict.fromkeys(["code", "name"] + _scalar_fields(a.row) + _scalar_fields(b.row)))
    for name in names:
        if name not in ctx.common:
            continue
        vb, va = b.row.get(name), a.row.get(name)
        kind = _field_kind(name, vb, va, ctx.opts.value_tolerance)
        if kind and ctx.first_report(name, vb, va):
            out.append(ctx.difference(b, a, key, kind, name, None, vb, va))
            (pair.cosmetic if kind == "cosmetic" else pair.changed).append(name)
    yb, ya = _years(b.row), _years(a.row)
    for year in sorted(set(yb) | set(ya)):
        fb, fa = yb.get(year, {}), ya.get(year, {})
        for name in dict.fromkeys(list(fa) + list(fb)):
            if f"{name}_{year}" not in ctx.common:
                continue
            vb, va = fb.get(name), fa.get(name)
            kind = _field_kind(name, vb, va, ctx.opts.value_tolerance)
            if kind:
                out.append(ctx.difference(b, a, key, kind, name, year, vb, va))
                (pair.cosmetic if kind == "cosmetic" else pair.changed).append(f"{name}_{year}")
    return out


def _value_of(item: _Item | None, name: str, year: int | None) -> float:
    if item is None:
        return 0.0
    value = _years(item.row).get(year, {}).get(name) if year is not None else item.row.get(name)
    return float(value) if _is_number(value) else 0.0


def _explain(diffs: list[tuple[int, Difference]], pairs: list[tuple[_Item | None, _Item | None]],
             keys: list[str], opts: DiffSettings) -> None:
    """Fill ``caused_by`` of a parent's Rp change that its children's changes add up to."""
    pair_of_b = {b.index: n for n, (b, _) in enumerate(pairs) if b is not None}
    pair_of_a = {a.index: n for n, (_, a) in enumerate(pairs) if a is not None}
    children: dict[int, list[int]] = {}
    for n, (b, a) in enumerate(pairs):
        parent = (pair_of_a.get(a.parent) if a is not None and a.parent is not None
                  else pair_of_b.get(b.parent) if b is not None and b.parent is not None else None)
        if parent is not None:
            children.setdefault(parent, []).append(n)
    for n, d in diffs:
        if d.kind != "value_changed" or d.field not in ROLLUP_FIELDS or n not in children:
            continue
        parent_delta = _value_of(pairs[n][1], d.field, d.year) - _value_of(pairs[n][0], d.field, d.year)
        deltas = [(c, _value_of(pairs[c][1], d.field, d.year) - _value_of(pairs[c][0], d.field, d.year))
                  for c in children[n]]
        moved = [keys[c] for c, delta in deltas if abs(delta) > opts.value_tolerance]
        if moved and abs(sum(delta for _, delta in deltas) - parent_delta) <= opts.sum_tolerance:
            d.caused_by = moved


def compare_tables(kind: str, before: dict[str, Any], after: dict[str, Any],
                   settings: DiffSettings | dict[str, Any] | None = None) -> tuple[TableDiff, list[Difference]]:
    """Compare two tables of one kind (table dicts of the extract JSON): the aligned rows and the differences."""
    opts = DiffSettings.resolve(settings)
    fields_b = list(dict.fromkeys(k for r in before["rows"] for k in flat_row(r)))
    fields_a = list(dict.fromkeys(k for r in after["rows"] for k in flat_row(r)))
    ctx = _TableContext(kind, before.get("variant"), after.get("variant"), opts, common=set(fields_a) & set(fields_b))
    ib, ia, aligned = _align(kind, before["rows"], after["rows"], opts)
    pairs = [(ib[b] if b is not None else None, ia[a] if a is not None else None) for b, a in aligned]
    keys = [_key(a, ia) if a is not None else _key(b, ib) for b, a in pairs]  # type: ignore[arg-type]
    diffs: list[tuple[int, Difference]] = []
    rows: list[RowPair] = []
    for n, ((b, a), key) in enumerate(zip(pairs, keys)):
        item = a or b
        assert item is not None
        pair = RowPair(key=key, level=item.row.get("level"), name=item.label or None, status="same",
                       before=flat_row(b.row) if b else None, after=flat_row(a.row) if a else None,
                       page_before=b.row.get("page") if b else None, page_after=a.row.get("page") if a else None)
        if a is None or b is None:
            pair.status = "added" if b is None else "removed"
            diffs.append((n, ctx.difference(b, a, key, pair.status)))
        else:
            diffs.extend((n, d) for d in _compare_values(ctx, b, a, key, pair))
            pair.status = "changed" if pair.changed else "same"
        rows.append(pair)
    _explain(diffs, pairs, keys, opts)
    table = TableDiff(kind, ctx.variant_before, ctx.variant_after, before.get("caption"), after.get("caption"),
                      list(dict.fromkeys(fields_a + fields_b)), rows,
                      columns_added=[f for f in fields_a if f not in ctx.common],
                      columns_removed=[f for f in fields_b if f not in ctx.common])
    return table, [d for _, d in diffs]


# ---------------------------------------------------------------- documents


def _table_name(table: dict[str, Any]) -> str:
    return f"{table['kind']} ({table['variant']})" if table.get("variant") else str(table["kind"])


def _choose(tables: list[dict[str, Any]], variant: str) -> dict[str, Any]:
    for wanted in (variant, None):
        for t in tables:
            if t.get("variant") == wanted:
                return t
    return tables[0]


def pair_tables(before: dict[str, Any], after: dict[str, Any], settings: DiffSettings | None = None
                ) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[str], list[str]]:
    """(pairs, tables added, tables removed) of two documents' tables, by kind and variant.

    Tables without variants pair in order. With variants: a side that prints the table once is paired with the
    other side's *sebelum* (BEFORE) or *sesudah* (AFTER) variant; two sides that both print several variants pair
    each variant with its namesake (so a document compared with itself gives an empty report).
    """
    opts = DiffSettings.resolve(settings)
    by_kind_b: dict[str, list[dict[str, Any]]] = {}
    by_kind_a: dict[str, list[dict[str, Any]]] = {}
    for t in before["tables"]:
        by_kind_b.setdefault(str(t["kind"]), []).append(t)
    for t in after["tables"]:
        by_kind_a.setdefault(str(t["kind"]), []).append(t)
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    added: list[str] = []
    removed: list[str] = []
    for kind in dict.fromkeys(list(by_kind_a) + list(by_kind_b)):
        tb, ta = by_kind_b.get(kind, []), by_kind_a.get(kind, [])
        if not any(t.get("variant") for t in tb + ta) or not tb or not ta:
            pairs.extend(zip(tb, ta))
            added.extend(_table_name(t) for t in ta[len(tb):])
            removed.extend(_table_name(t) for t in tb[len(ta):])
        elif len(tb) == 1 or len(ta) == 1:
            pairs.append((_choose(tb, opts.before_variant), _choose(list(reversed(ta)), opts.after_variant)))
        else:
            left_b = [t for t in tb if not any(a.get("variant") == t.get("variant") for a in ta)]
            left_a = [t for t in ta if not any(b.get("variant") == t.get("variant") for b in tb)]
            pairs.extend((b, next(a for a in ta if a.get("variant") == b.get("variant"))) for b in tb
                         if b not in left_b)
            if len(left_b) == len(left_a) == 1:
                pairs.append((left_b[0], left_a[0]))
            else:
                added.extend(_table_name(t) for t in left_a)
                removed.extend(_table_name(t) for t in left_b)
    return pairs, added, removed


def _result(before: dict[str, Any], after: dict[str, Any], mode: str,
            pairs: list[tuple[dict[str, Any], dict[str, Any]]], added: list[str], removed: list[str],
            opts: DiffSettings) -> DiffResult:
    tables: list[TableDiff] = []
    differences: list[Difference] = []
    cosmetic: list[Difference] = []
    for tb, ta in pairs:
        table, diffs = compare_tables(str(ta["kind"]), tb, ta, opts)
        tables.append(table)
        differences.extend(d for d in diffs if d.kind != "cosmetic")
        cosmetic.extend(d for d in diffs if d.kind == "cosmetic")
    return DiffResult(before=dict(before.get("document") or {}), after=dict(after.get("document") or {}),
                      mode=mode, differences=differences, cosmetic=cosmetic, tables=tables, tables_added=added,
                      tables_removed=removed, settings=opts)


def compare(before: Result | dict[str, Any], after: Result | dict[str, Any],
            settings: DiffSettings | dict[str, Any] | None = None) -> DiffResult:
    """Compare two documents (each a Result or the JSON dict that ``renstra extract`` writes)."""
    opts = DiffSettings.resolve(settings)
    b, a = as_document(before, "before"), as_document(after, "after")
    pairs, added, removed = pair_tables(b, a, opts)
    return _result(b, a, "documents", pairs, added, removed, opts)


def compare_variants(doc: Result | dict[str, Any],
                     settings: DiffSettings | dict[str, Any] | None = None) -> DiffResult:
    """Compare the *sebelum* and *sesudah* variants of every table one Perubahan Renstra prints twice."""
    opts = DiffSettings.resolve(settings)
    d = as_document(doc)
    pairs = []
    for kind in dict.fromkeys(str(t["kind"]) for t in d["tables"]):
        tables = [t for t in d["tables"] if t["kind"] == kind]
        tb = [t for t in tables if t.get("variant") == opts.before_variant]
        ta = [t for t in tables if t.get("variant") == opts.after_variant]
        if tb and ta:
            pairs.append((tb[0], ta[0]))
    if not pairs:
        name = (d.get("document") or {}).get("file") or "the document"
        raise InputError(f"{name}: no table is printed in both variants ({opts.before_variant} and "
                         f"{opts.after_variant}); give a second document to compare with")
    return _result(d, d, "variants", pairs, [], [], opts)
