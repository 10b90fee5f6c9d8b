"""Official code lists (Kepmendagri nomenclature): loading, checking, storing.

Three layouts are read, detected from the header row (CSV or XLSX alike):

* ``csv``: our own layout (nomenklatur-*.csv): code, level, name, parent_code, version, kinerja, indikator, satuan.
* ``kepmendagri``: the lampiran spreadsheet, split code columns URUSAN/UNSUR, BIDANG URUSAN/BIDANG UNSUR,
  PROGRAM, KEGIATAN ("2.01"), SUB KEGIATAN (integer), then NOMENKLATUR URUSAN (the name) ... SATUAN.
* ``sipd``: the SIPD export, one row per sub kegiatan, cells "code name" in BIDANG, PROGRAM, KEGIATAN,
  SUBKEGIATAN, rows for PROV and KABKOT (JENIS PEMDA). One code can mean different things for PROV and KABKOT,
  so one jenis is loaded at a time (``jenis=``; default: inferred from the version label, else KABKOT).

Canonical codes are dotted (``2``, ``2.17``, ``2.17.03``, ``2.17.03.2.01``, ``2.17.03.2.01.0001``). The supporting
program is held generically as ``X.XX.01...`` exactly as the lists print it; ``Nomenclature.lookup`` resolves a
document's ``2.17.01.2.01.0001`` against ``X.XX.01.2.01.0001``.

Bundled lists ship inside the package (``extractor/data/nomenclature``, named in its ``lists.json``, provenance in
its SOURCES.md); imported lists live in ``platformdirs.user_data_dir("renstra")/nomenclature`` (or
``$RENSTRA_DATA_DIR/nomenclature``). A name resolves to an imported list first, then to a bundled one.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .codes import generic_form, level_of_code, parent_code_of
from .errors import OutputError, ReferenceDataError, first_line
from .fields import LEVELS
from .files import write_atomic
from .model import ListOrigin, MatchMethod
from .textnorm import collapse, normalize_name, split_glued, vocabulary_of

CSV_COLUMNS = ("code", "level", "name", "parent_code", "version", "kinerja", "indikator", "satuan")
JENIS = ("KABKOT", "PROV")

# The source lists carry urusan names only in the kepmendagri/csv layouts; the SIPD export has no urusan rows,
# so these (from the 2023 lampiran) are used for the urusan entries derived from its codes.
URUSAN_NAMES: dict[str, str] = {
    "1": "URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR",
    "2": "URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR",
    "3": "URUSAN PEMERINTAHAN PILIHAN",
    "4": "UNSUR PENDUKUNG URUSAN PEMERINTAHAN",
    "5": "UNSUR PENUNJANG URUSAN PEMERINTAHAN",
    "6": "UNSUR PENGAWASAN URUSAN PEMERINTAHAN",
    "7": "UNSUR KEWILAYAHAN",
    "8": "UNSUR PEMERINTAHAN UMUM",
    "9": "UNSUR KEKHUSUSAN",
    "X": "URUSAN X.XX",
}

# Code shapes per level, for checking list files (which may hold anything); extractor/codes.py owns parsing
# of printed document codes and is used for those.
_SHAPES: dict[str, re.Pattern[str]] = {
    "urusan": re.compile(r"^(?:\d|X)$"),
    "bidang_urusan": re.compile(r"^(?:\d\.\d{2}|X\.XX)$"),
    "program": re.compile(r"^(?:\d\.\d{2}|X\.XX)\.\d{2}$"),
    "kegiatan": re.compile(r"^(?:\d\.\d{2}|X\.XX)\.\d{2}\.\d\.\d{2}$"),
    "sub_kegiatan": re.compile(r"^(?:\d\.\d{2}|X\.XX)\.\d{2}\.\d\.\d{2}\.\d{4}$"),
}
_CELL_CODE = re.compile(r"^\s*([0-9X]+(?:\.[0-9X]+)*)\s+(.*)$", re.DOTALL)


# Abbreviations printed either way by documents and lists; expanded on both sides before names are compared.
ABBREVIATIONS: dict[str, str] = {
    "perda": "peraturan daerah",
    "perkada": "peraturan kepala daerah",
    "umkm": "usaha mikro kecil dan menengah",
    "skpd": "satuan kerja perangkat daerah",
    "walikota": "wali kota",
}
# Phrases that name the same thing (a kab/kota's head is its bupati / wali kota), replaced after ABBREVIATIONS.
SYNONYMS: dict[str, str] = {"bupati/wali kota": "kepala daerah", "bupati/walikota": "kepala daerah"}
_MIN_CORRECTED = 6  # shorter printed words are never spelling-corrected (too many near neighbours)


def expand_abbreviations(text: str) -> str:
    """Expand ABBREVIATIONS in a normalised name, also inside "a/b" alternatives ("bupati/walikota"), then
    replace SYNONYMS."""
    words = []
    for word in text.split():
        words.append("/".join(ABBREVIATIONS.get(part, part) for part in word.split("/")))
    out = " ".join(words)
    for phrase, same in SYNONYMS.items():
        out = re.sub(rf"\b{re.escape(phrase)}\b", same, out)
    return out


def _comparable(name: str | None) -> str:
    """normalize_name, abbreviations expanded, and trailing numbers dropped (a table's figures run into the name
    cell: "PROGRAM ... KABUPATEN/KOTA 100 23.014.137. 000"; no kab/kota list name ends with a number)."""
    return re.sub(r"(?:\s+\d+)+$", "", expand_abbreviations(normalize_name(name)))


@dataclass(frozen=True)
class Entry:
    code: str
    level: str  # urusan | bidang_urusan | program | kegiatan | sub_kegiatan
    name: str
    unit: str | None = None

    @property
    def parent_code(self) -> str | None:
        return parent_code_of(self.code)


@dataclass(frozen=True)
class Replacement:
    """One line of a replacement map: ``old_code`` was retired by the newer list and replaced by ``new_code``."""

    old_code: str
    old_name: str
    new_code: str
    new_name: str
    jenis: str | None = None


@dataclass
class Nomenclature:
    """One version of the code list, indexed for lookups and name matching."""

    version: str
    entries: dict[str, Entry]
    source: str | None = None
    layout: str | None = None
    jenis: str | None = None
    replacements: dict[str, Replacement] = field(default_factory=dict)
    _by_level: dict[str, list[Entry]] = field(default_factory=dict, repr=False)
    _children: dict[str, list[Entry]] = field(default_factory=dict, repr=False)
    _norm: dict[str, str] = field(default_factory=dict, repr=False)
    _vocab: set[str] = field(default_factory=set, repr=False)
    _words: set[str] = field(default_factory=set, repr=False)
    _word_list: list[str] = field(default_factory=list, repr=False)
    _corrections: dict[str, str] = field(default_factory=dict, repr=False)
    _index: dict[tuple[str, str | None], tuple[list[str], list[str]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_level = {level: [] for level in LEVELS}
        self._children = {}
        for entry in self.entries.values():
            self._by_level.setdefault(entry.level, []).append(entry)
            parent = entry.parent_code
            if parent is not None:
                self._children.setdefault(parent, []).append(entry)
        base = {code: _comparable(e.name) for code, e in self.entries.items()}
        self._vocab = vocabulary_of(base.values())
        self._norm = {code: split_glued(n, self._vocab) for code, n in base.items()}
        self._words = {w for n in self._norm.values() for w in n.split()}
        self._word_list = sorted(w for w in self._words if len(w) >= _MIN_CORRECTED - 1 and "/" not in w)
        self._corrections = {}

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, code: object) -> bool:
        return code in self.entries

    def get(self, code: str | None) -> Entry | None:
        return self.entries.get(code) if code else None

    def lookup(self, code: str | None) -> tuple[Entry | None, MatchMethod]:
        """The entry for a document's code: ("exact-code" | "generic-code" | "none")."""
        if not code:
            return None, "none"
        if code in self.entries:
            return self.entries[code], "exact-code"
        try:
            generic: str | None = generic_form(code)  # extractor.codes: 2.17.01... -> X.XX.01...
        except ValueError:
            generic = None
        if generic and generic != code and generic in self.entries:
            return self.entries[generic], "generic-code"
        return None, "none"

    def by_level(self, level: str) -> list[Entry]:
        return list(self._by_level.get(level, []))

    def children(self, code: str) -> list[Entry]:
        return list(self._children.get(code, []))

    def normalized(self, code: str) -> str:
        """The normalised name of an entry (see textnorm), as used for matching."""
        return self._norm[code]

    def normalize(self, text: str | None, correct: bool = True) -> str:
        """Normalise a printed name the same way as this list's names (``_comparable``, its glued-word vocabulary),
        then repair what printing does to words: a word broken in two by the PDF ("PEMBERDAYAA N") is rejoined
        when the two halves make a word of the list, and a word the list does not know is corrected to the one
        list word within one edit or swap of two letters (two from 9 letters on; "Penbyediaan" -> "penyediaan",
        "Keluarag" -> "keluarga") when that word is
        unique. ``correct=False`` leaves misspelt words as printed (what an ``exact`` match compares)."""
        words = self._rejoin(split_glued(_comparable(text), self._vocab).split())
        return " ".join(self._correct(w) for w in words) if correct else " ".join(words)

    @property
    def words(self) -> set[str]:
        """Every word of the list's normalised names (for repairing broken or misspelt printed words)."""
        return set(self._words)

    def _rejoin(self, words: list[str]) -> list[str]:
        out: list[str] = []
        for word in words:
            if out and (out[-1] not in self._words or word not in self._words) and out[-1] + word in self._words:
                out[-1] += word
            else:
                out.append(word)
        return out

    def _correct(self, word: str) -> str:
        if word in self._words or len(word) < _MIN_CORRECTED or not word.isalpha():
            return word
        hit = self._corrections.get(word)
        if hit is None:
            limit = 1 if len(word) < 9 else 2
            near = process.extract(word, self._word_list, scorer=OSA.distance, limit=2, score_cutoff=limit)
            unique = near and (len(near) == 1 or near[0][1] < near[1][1])
            hit = self._corrections[word] = str(near[0][0]) if unique else word
        return hit

    def index(self, level: str, prefix: str | None = None) -> tuple[list[str], list[str]]:
        """(codes, normalised names) of one level, optionally only codes starting with ``prefix + "."``; cached."""
        key = (level, prefix)
        hit = self._index.get(key)
        if hit is None:
            entries = self._by_level.get(level, [])
            if prefix:
                entries = [e for e in entries if e.code.startswith(prefix + ".")]
            hit = ([e.code for e in entries], [self._norm[e.code] for e in entries])
            self._index[key] = hit
        return hit

    @property
    def regular_segment(self) -> str:
        """The kegiatan segment of ordinary kegiatan: 1 for a provincial list, 2 otherwise (3/4/... are variants)."""
        return "1" if self.jenis == "PROV" else "2"

    def counts(self) -> dict[str, int]:
        return {level: len(self._by_level.get(level, [])) for level in LEVELS}

    def set_replacements(self, replacements: Iterable[Replacement]) -> None:
        """Attach a replacement map (old code -> new code), keeping lines of this list's jenis whose new code exists."""
        kept: dict[str, Replacement] = {}
        for rep in replacements:
            if self.jenis and rep.jenis and rep.jenis != self.jenis:
                continue
            if rep.new_code not in self.entries:
                continue
            kept[rep.old_code] = rep
        self.replacements = kept


# ----------------------------------------------------------------------------------------------- reading


def _read_rows(path: Path) -> list[list[Any]]:
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            import openpyxl

            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                ws = wb.worksheets[0]
                return [list(r) for r in ws.iter_rows(values_only=True)]
            finally:
                wb.close()
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
        return [list(r) for r in csv.reader(io.StringIO(text))]
    except FileNotFoundError as exc:
        raise ReferenceDataError(f"{path}: file not found") from exc
    except (OSError, UnicodeDecodeError, csv.Error, ValueError, KeyError) as exc:
        raise ReferenceDataError(
            f"{path}: unreadable ({type(exc).__name__}: {first_line(str(exc))[:120]})"
        ) from exc
    except Exception as exc:  # zipfile.BadZipFile and openpyxl's own errors
        raise ReferenceDataError(f"{path}: unreadable ({type(exc).__name__})") from exc


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return collapse(str(value))


def _header_key(row: list[Any]) -> list[str]:
    return [_cell(v).upper() for v in row]


def _detect_layout(header: list[str]) -> str | None:
    cols = set(header)
    if {"CODE", "LEVEL", "NAME"} <= cols:
        return "csv"
    if "NOMENKLATUR URUSAN" in cols and "SUB KEGIATAN" in cols and "PROGRAM" in cols:
        return "kepmendagri"
    if "JENIS PEMDA" in cols and "SUBKEGIATAN" in cols and "KEGIATAN" in cols:
        return "sipd"
    return None


def _infer_jenis(label: str | None) -> str | None:
    if not label:
        return None
    up = label.upper()
    if "PROV" in up:
        return "PROV"
    if "KABKOT" in up or "KAB/KOTA" in up or "KABUPATEN/KOTA" in up or "KABKOTA" in up:
        return "KABKOT"
    return None


_Raw = tuple[str, str, str, str | None, int]  # code, level, name, unit, source row (1-based)


def _parse_csv_layout(rows: list[list[Any]], header: list[str]) -> tuple[list[_Raw], str | None]:
    idx = {h.lower(): i for i, h in enumerate(header)}
    out: list[_Raw] = []
    versions: Counter[str] = Counter()
    for n, row in enumerate(rows[1:], start=2):
        if not any(_cell(v) for v in row):
            continue

        def col(name: str, row: list[Any] = row) -> str:
            i = idx.get(name)
            return _cell(row[i]) if i is not None and i < len(row) else ""

        out.append((col("code"), col("level"), col("name"), col("satuan") or None, n))
        v = col("version")
        if v:
            versions[re.sub(r"\s*\[.*?\]\s*$", "", v)] += 1
    version = versions.most_common(1)[0][0] if versions else None
    return out, version


def _pad(value: Any, width: int) -> str:
    s = _cell(value)
    if re.fullmatch(r"\d+(?:\.0+)?", s):
        return str(int(float(s))).zfill(width)
    return s


def _kegiatan_part(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    s = _cell(value)
    m = re.fullmatch(r"(\d)\.(\d{1,2})", s)
    return f"{m.group(1)}.{m.group(2).zfill(2)}" if m else s


def _parse_kepmendagri(rows: list[list[Any]], header: list[str]) -> list[_Raw]:
    want = {
        "urusan": ("URUSAN/UNSUR", "URUSAN"),
        "bidang": ("BIDANG URUSAN/BIDANG UNSUR", "BIDANG URUSAN"),
        "program": ("PROGRAM",),
        "kegiatan": ("KEGIATAN",),
        "sub": ("SUB KEGIATAN",),
        "name": ("NOMENKLATUR URUSAN",),
        "unit": ("SATUAN",),
    }
    idx: dict[str, int] = {}
    for key, names in want.items():
        for name in names:
            if name in header:
                idx[key] = header.index(name)
                break
    out: list[_Raw] = []
    for n, row in enumerate(rows[1:], start=2):
        vals = {k: (row[i] if i < len(row) else None) for k, i in idx.items()}
        if not any(_cell(v) for v in vals.values()):
            continue
        parts: list[str] = []
        for key, width in (("urusan", 1), ("bidang", 2), ("program", 2)):
            v = _cell(vals.get(key))
            if not v:
                break
            parts.append(v.upper() if key != "program" and not v.isdigit() else _pad(v, width))
        keg = _kegiatan_part(vals.get("kegiatan")) if len(parts) == 3 and _cell(vals.get("kegiatan")) else ""
        if keg:
            parts.append(keg)
            sub = _cell(vals.get("sub"))
            if sub:
                parts.append(_pad(sub, 4))
        code = ".".join(parts)
        level = LEVELS[len(parts) - 1] if 0 < len(parts) <= len(LEVELS) else ""  # one part a level
        out.append((code, level, _cell(vals.get("name")), _cell(vals.get("unit")) or None, n))
    return out


def _parse_sipd(rows: list[list[Any]], header: list[str], jenis: str, path: Path) -> list[_Raw]:
    cols = {name: header.index(name) for name in ("JENIS PEMDA", "BIDANG", "PROGRAM", "KEGIATAN", "SUBKEGIATAN")}
    unit_col = header.index("SATUAN") if "SATUAN" in header else None
    seen: dict[str, tuple[str, int]] = {}
    out: list[_Raw] = []
    levels = (("BIDANG", "bidang_urusan"), ("PROGRAM", "program"), ("KEGIATAN", "kegiatan"))
    for n, row in enumerate(rows[1:], start=2):
        if _cell(row[cols["JENIS PEMDA"]]).upper() != jenis:
            continue
        for col, level in levels:
            m = _CELL_CODE.match(_cell(row[cols[col]]))
            if not m:
                raise ReferenceDataError(
                    f"{path}: row {n}: {col} cell is not 'code name': {_cell(row[cols[col]])[:60]!r}"
                )
            code, name = m.group(1), _cell(m.group(2))
            if code in seen:
                if seen[code][0] != name:
                    raise ReferenceDataError(
                        f"{path}: {jenis} code {code} has two names (rows {seen[code][1]} and {n})"
                    )
                continue
            seen[code] = (name, n)
            out.append((code, level, name, None, n))
        m = _CELL_CODE.match(_cell(row[cols["SUBKEGIATAN"]]))
        if not m:
            raise ReferenceDataError(f"{path}: row {n}: SUBKEGIATAN cell is not 'code name'")
        unit = _cell(row[unit_col]) if unit_col is not None and unit_col < len(row) else ""
        out.append((m.group(1), "sub_kegiatan", _cell(m.group(2)), unit or None, n))
    if not out:
        raise ReferenceDataError(f"{path}: no {jenis} rows in the SIPD export")
    urusan = sorted({code.split(".")[0] for code, *_ in out})
    return [(u, "urusan", URUSAN_NAMES.get(u, f"URUSAN {u}"), None, 0) for u in urusan] + out


def _problems(raw: list[_Raw]) -> list[str]:
    problems: list[str] = []
    first_row: dict[str, int] = {}
    codes: set[str] = set()
    for code, level, name, _unit, n in raw:
        where = f"row {n}" if n else "derived"
        if not code:
            problems.append(f"{where}: empty code")
            continue
        if code in first_row:
            problems.append(f"{where}: duplicate code {code} (first at row {first_row[code]})")
        first_row.setdefault(code, n)
        codes.add(code)
        if level not in LEVELS:
            problems.append(f"{where}: unknown level {level!r} for code {code}")
        elif not _SHAPES[level].match(code):
            problems.append(f"{where}: level {level} inconsistent with code shape {code}")
        if not name:
            problems.append(f"{where}: empty name for code {code}")
    for code, _level, _name, _unit, n in raw:
        parent = parent_code_of(code) if code else None
        if parent is not None and parent not in codes:
            problems.append(f"row {n}: parent {parent} of {code} missing")
    return problems


def load_nomenclature(
    path: str | os.PathLike[str], version: str | None = None, *, jenis: str | None = None
) -> Nomenclature:
    """Read a code list in any of the three layouts; raise ReferenceDataError on any problem."""
    p = Path(path)
    rows = _read_rows(p)
    start = next((i for i, r in enumerate(rows) if any(_cell(v) for v in r)), None)
    if start is None:
        raise ReferenceDataError(f"{p}: empty file")
    rows = rows[start:]
    header = _header_key(rows[0])
    layout = _detect_layout(header)
    if layout is None:
        raise ReferenceDataError(f"{p}: unknown layout (header {', '.join(h for h in header if h)[:100]})")
    label = version
    if layout == "csv":
        raw, file_version = _parse_csv_layout(rows, header)
        label = label or file_version or p.stem
        jenis = jenis or _infer_jenis(label)
    elif layout == "kepmendagri":
        raw = _parse_kepmendagri(rows, header)
        label = label or p.stem
        jenis = jenis or _infer_jenis(label) or "KABKOT"
    else:
        present = {_cell(r[header.index("JENIS PEMDA")]).upper() for r in rows[1:] if r}
        jenis = (jenis or _infer_jenis(label) or ("PROV" if present == {"PROV"} else "KABKOT")).upper()
        if jenis not in JENIS:
            raise ReferenceDataError(f"{p}: jenis must be one of {', '.join(JENIS)}, not {jenis!r}")
        raw = _parse_sipd(rows, header, jenis, p)
        label = label or f"{p.stem} - {jenis}"
    if not raw:
        raise ReferenceDataError(f"{p}: no entries")
    problems = _problems(raw)
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise ReferenceDataError(f"{p}: {problems[0]}{more}")
    entries = {code: Entry(code, level, name, unit) for code, level, name, unit, _n in raw}
    return Nomenclature(version=label, entries=entries, source=str(p), layout=layout, jenis=jenis)


def validate(nom: Nomenclature) -> list[str]:
    """Problems of a loaded list: codes whose shape does not fit the level, missing parents, empty names."""
    raw = [(e.code, e.level, e.name, e.unit, 0) for e in nom.entries.values()]
    problems = [p.replace("derived: ", "") for p in _problems(raw)]
    problems += [f"entry under key {k} has code {e.code}" for k, e in nom.entries.items() if k != e.code]
    return [p.replace("row 0: ", "") for p in problems]


def load_replacements(path: str | os.PathLike[str], jenis: str | None = None) -> list[Replacement]:
    """Read mapping-2027-subkegiatan-sebelumnya.csv (jenis_pemda, code, name, previous_code, previous_name)."""
    p = Path(path)
    rows = _read_rows(p)
    if not rows:
        raise ReferenceDataError(f"{p}: empty file")
    header = [h.lower() for h in _header_key(rows[0])]
    need = ("code", "name", "previous_code", "previous_name")
    missing = [c for c in need if c not in header]
    if missing:
        raise ReferenceDataError(f"{p}: unknown layout (missing column(s) {', '.join(missing)})")
    i = {c: header.index(c) for c in (*need, "jenis_pemda") if c in header}
    out: list[Replacement] = []
    seen: set[tuple[str | None, str]] = set()
    for n, row in enumerate(rows[1:], start=2):
        if not any(_cell(v) for v in row):
            continue
        j = _cell(row[i["jenis_pemda"]]).upper() or None if "jenis_pemda" in i else None
        if jenis and j and j != jenis.upper():
            continue
        old = _cell(row[i["previous_code"]])
        new = _cell(row[i["code"]])
        if level_of_code(old) is None or level_of_code(new) is None:
            raise ReferenceDataError(f"{p}: row {n}: malformed code ({old!r} -> {new!r})")
        if (j, old) in seen:
            raise ReferenceDataError(f"{p}: row {n}: duplicate previous_code {old} ({j})")
        seen.add((j, old))
        out.append(Replacement(old, _cell(row[i["previous_name"]]), new, _cell(row[i["name"]]), j))
    return out


# ----------------------------------------------------------------------------------------------- storing


@dataclass(frozen=True)
class StoredInfo:
    name: str
    path: Path
    version: str
    entries: int
    counts: dict[str, int]
    source: str | None
    imported_at: str
    sha256: str
    jenis: str | None = None
    origin: ListOrigin = "imported"
    year: int | None = None  # the version's year, to order lists (bundled: lists.json; imported: from the label)
    replacements: Path | None = None  # the map of codes this list retires (bundled lists only)


_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def data_dir() -> Path:
    """The user's data directory for renstra ($RENSTRA_DATA_DIR overrides platformdirs)."""
    env = os.environ.get("RENSTRA_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("renstra"))


def _store_dir() -> Path:
    return data_dir() / "nomenclature"


def _to_csv_bytes(nom: Nomenclature) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for e in nom.entries.values():
        w.writerow([e.code, e.level, e.name, e.parent_code or "", nom.version, "", "", e.unit or ""])
    return buf.getvalue().encode("utf-8")


def import_nomenclature(
    path: str | os.PathLike[str], name: str, version: str | None = None, *, jenis: str | None = None
) -> Path:
    """Load and validate a list, then store it (our CSV layout) under ``name``; returns the stored CSV path.

    A CSV already in our layout is stored byte for byte (keeping kinerja/indikator); other layouts are
    converted. Both the CSV and its metadata (.json) are written atomically.
    """
    if not _NAME_RE.match(name):
        raise ReferenceDataError(f"{name!r}: a stored list name uses letters, digits, '.', '_' or '-' only")
    src = Path(path)
    nom = load_nomenclature(src, version, jenis=jenis)
    problems = validate(nom)
    if problems:
        raise ReferenceDataError(
            f"{src}: {problems[0]}" + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")
        )
    data = src.read_bytes() if nom.layout == "csv" else _to_csv_bytes(nom)
    target = _store_dir() / f"{name}.csv"
    meta = {
        "name": name,
        "version": nom.version,
        "jenis": nom.jenis,
        "source": str(src.resolve()),
        "layout": nom.layout,
        "entries": len(nom),
        "counts": nom.counts(),
        "imported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    try:
        write_atomic(target, data)
        write_atomic(target.with_suffix(".json"), json.dumps(meta, indent=2, ensure_ascii=False).encode("utf-8"))
    except OutputError as exc:
        raise ReferenceDataError(f"{target}: cannot store the list ({exc})") from exc
    return target


def _iter_stored() -> Iterator[tuple[Path, dict[str, Any]]]:
    folder = _store_dir()
    if not folder.is_dir():
        return
    for csv_path in sorted(folder.glob("*.csv")):
        meta_path = csv_path.with_suffix(".json")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {"name": csv_path.stem, "version": csv_path.stem}
        yield csv_path, meta


def _year_of(*labels: str | None) -> int | None:
    """The latest 20xx year named in a list's name or version label (how imported lists are ordered)."""
    years = [int(y) for label in labels if label for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", label)]
    return max(years) if years else None


def list_nomenclatures() -> list[StoredInfo]:
    """The imported lists (the user's data folder), by name."""
    out: list[StoredInfo] = []
    for csv_path, meta in _iter_stored():
        name = str(meta.get("name", csv_path.stem))
        version = str(meta.get("version", csv_path.stem))
        out.append(
            StoredInfo(
                name=name,
                path=csv_path,
                version=version,
                entries=int(meta.get("entries", 0)),
                counts=dict(meta.get("counts", {})),
                source=meta.get("source"),
                imported_at=str(meta.get("imported_at", "")),
                sha256=str(meta.get("sha256", "")),
                jenis=meta.get("jenis"),
                year=_year_of(name, version),
            )
        )
    return out


def bundled_dir() -> Path:
    """The folder of the lists shipped in the package (package data, installed with the package)."""
    return Path(__file__).resolve().parent / "data" / "nomenclature"


@lru_cache(maxsize=1)
def _bundled_manifest() -> tuple[dict[str, Any], ...]:
    path = bundled_dir() / "lists.json"
    try:
        items = json.loads(path.read_text(encoding="utf-8"))["lists"]
    except (OSError, ValueError, KeyError) as exc:
        raise ReferenceDataError(f"{path}: the bundled nomenclature manifest is unreadable ({exc})") from exc
    return tuple(items)


def bundled_nomenclatures() -> list[StoredInfo]:
    """The lists shipped in the package (extractor/data/nomenclature/lists.json), with their row counts."""
    out: list[StoredInfo] = []
    for item in _bundled_manifest():
        path = bundled_dir() / item["file"]
        reps = bundled_dir() / item["replacements"] if item.get("replacements") else None
        version, counts = _csv_summary(path)
        out.append(StoredInfo(
            name=item["name"], path=path, version=version, entries=sum(counts.values()), counts=counts,
            source=str(path), imported_at="", sha256="", jenis=item.get("jenis"), origin="bundled",
            year=item.get("year"), replacements=reps,
        ))
    return out


@lru_cache(maxsize=8)
def _csv_summary(path: Path) -> tuple[str, dict[str, int]]:
    """(version label, entries per level) of a list in our CSV layout, without building its indexes."""
    return disk_cached("summary", (path,), (), lambda: _read_csv_summary(path))


def _read_csv_summary(path: Path) -> tuple[str, dict[str, int]]:
    rows = _read_rows(path)
    raw, version = _parse_csv_layout(rows, _header_key(rows[0]))
    counts = Counter(level for _code, level, *_rest in raw)
    return version or path.stem, {level: counts.get(level, 0) for level in LEVELS}


def available_nomenclatures() -> list[StoredInfo]:
    """Every list a name can resolve to: the imported ones, then the bundled ones no imported list shadows."""
    imported = list_nomenclatures()
    names = {info.name for info in imported}
    return imported + [info for info in bundled_nomenclatures() if info.name not in names]


# ------------------------------------------------------------------------------------------ disk cache
# A loaded list (its entries and name indexes: 0.15-0.2 s of parsing and normalising per list, two or three lists
# per extraction) is kept as a pickle in the user's cache folder, keyed by the files it was read from (path, size,
# modification time), the arguments, and the source of the modules that build it, so any change to one of them
# builds it afresh. A cache that cannot be read or written is ignored. $RENSTRA_CACHE_DIR moves the folder;
# "off" turns the cache off.
CACHE_FORMAT = 1
_T = TypeVar("_T")


def cache_dir() -> Path | None:
    """The folder of renstra's disk cache ($RENSTRA_CACHE_DIR, else platformdirs' user cache folder); None when
    $RENSTRA_CACHE_DIR is "off"."""
    env = os.environ.get("RENSTRA_CACHE_DIR", "").strip()
    if env.lower() == "off":
        return None
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("renstra"))


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """A digest of the modules whose code builds a loaded list: a change to them invalidates the cache."""
    from . import textnorm

    digest = hashlib.sha256(str(CACHE_FORMAT).encode())
    for module_file in (__file__, textnorm.__file__):
        digest.update(Path(module_file).read_bytes())
    return digest.hexdigest()


def _cache_key(kind: str, files: tuple[Path | None, ...], args: tuple[Any, ...]) -> str | None:
    parts: list[Any] = [kind, _code_fingerprint(), args]
    for path in files:
        if path is None:
            parts.append(None)
            continue
        try:
            st = path.stat()
        except OSError:
            return None
        parts.append((str(path.resolve()), st.st_size, st.st_mtime_ns))
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()[:40]


def disk_cached(kind: str, files: tuple[Path | None, ...], args: tuple[Any, ...], build: Callable[[], _T]) -> _T:
    """``build()``, or what an earlier call with the same ``kind``, ``files`` (unchanged) and ``args`` built and
    stored in ``cache_dir()``."""
    import pickle

    folder = cache_dir()
    key = _cache_key(kind, files, args) if folder is not None else None
    if folder is None or key is None:
        return build()
    target = folder / "nomenclature" / f"{kind}-{key}.pickle"
    try:
        with target.open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # noqa: BLE001 - a missing, damaged or foreign cache file is rebuilt, never an error
        pass
    value = build()
    try:  # a cache that cannot be written is only a slower next run
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, OutputError):
        pass
    return value


def load_stored(info: StoredInfo) -> Nomenclature:
    """Load an imported or bundled list (a bundled one with its replacement map attached); cached per process."""
    return _load_cached(info.path, info.version, info.jenis, info.replacements, _mtime(info.path))


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


@lru_cache(maxsize=8)
def _load_cached(path: Path, version: str, jenis: str | None, replacements: Path | None,
                 _mtime: float) -> Nomenclature:
    return disk_cached("list", (path, replacements), (version, jenis),
                       lambda: _load_with_replacements(path, version, jenis, replacements))


def _load_with_replacements(path: Path, version: str, jenis: str | None, replacements: Path | None) -> Nomenclature:
    nom = load_nomenclature(path, version, jenis=jenis)
    if replacements is not None:
        nom.set_replacements(load_replacements(replacements))
    return nom


def find_nomenclature(name: str) -> StoredInfo | None:
    """The list stored under ``name``: an imported one wins over a bundled one of the same name."""
    return next((info for info in available_nomenclatures() if info.name == name), None)


def resolve_nomenclature(name_or_path: str | os.PathLike[str]) -> Nomenclature:
    """A stored list by name (imported, else bundled), else a file path; ReferenceDataError naming the lists when
    neither."""
    key = str(name_or_path)
    info = find_nomenclature(key)
    if info is not None:
        return load_stored(info)
    p = Path(key).expanduser()
    if p.exists():
        return load_nomenclature(p)
    known = ", ".join(i.name for i in available_nomenclatures()) or "none"
    raise ReferenceDataError(f"{key}: neither a stored nomenclature (stored: {known}) nor an existing file")


def entry_path(nom: Nomenclature, code: str) -> list[Entry]:
    """The entry for ``code`` (a document's code resolves through the generic block) and its parents, urusan
    first; empty when the list lacks the code."""
    entry, _how = nom.lookup(code)
    out: list[Entry] = []
    while entry is not None:
        out.append(entry)
        entry = nom.get(entry.parent_code)
    return out[::-1]
