"""Settings as plain dataclasses with named defaults. Imports nothing from the package."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, TypeVar

DEFAULT_NUMBER_FORMAT = "auto"  # "auto" decides per column and document; "id" = 1.234,5 ; "en" = 1,234.5
NUMBER_FORMATS = ("auto", "id", "en")
DEFAULT_OCR = "auto"  # PDF pages without text: "auto" OCRs those that can hold a table (readers/pdf_document.py)
OCR_MODES = ("auto", "always", "never")
# Matching thresholds (extractor/match.py). Measured on the 74 TC.27 rows of the seed document against
# nomenklatur-2023.csv, names normalised by textnorm (bench/bench_match.py --thresholds prints these figures).
# Searching by name (no/unknown code) uses token_sort_ratio: true pairs score >= 92.2 (except a truncated name
# and an expanded abbreviation that only the code can confirm), while printed names of codes the list lacks
# score at most 87.0 against their nearest sibling ("Penghargaan Kesehatan KSP/USP ..." vs 2.17.04.2.01.0001
# "Pelaksanaan Penilaian Kesehatan KSP/USP ..."); random pairs of the same level: p99 63.9. 90 sits between.
# Re-measured on the real documents (bench/bench_match.py --realdocs): of 527 TC.27 rows whose printed code the
# chosen bundled list confirms, searched by name alone, the true entry scores >= 90 for all but 2 (p05 100; the 2
# are names cut to 3-4 words of 7-13, 54.4 and 59.3, that no threshold can reach); the nearest wrong sibling
# scores p90 87.4, p99 94.3, max 97.9 (near-identical siblings such as X.XX.01.2.09.0010/0011), but the true entry
# leads it by >= 2.1 (p05 11.4): the best candidate wins, and a lead under ambiguity_margin is flagged. 90 stays.
DEFAULT_FUZZY_THRESHOLD = 90.0
# Confirming a found code's name uses token_set_ratio (tolerates truncation and spill-over words): true pairs
# score >= 92.9 (a trailing "// Unit Usaha"); "Penghargaan Kesehatan KSP/USP ..." against 2.17.04.2.01.0001
# scores 89.7. 91 sits between. (A sibling that fits better by token_sort_ratio still makes it a conflict.)
DEFAULT_NAME_VARIANT_THRESHOLD = 91.0
# Best vs runner-up (token_sort_ratio) among siblings: true pairs lead their best sibling by >= 9.6 points
# (2.17.06.2.01.0007/0008 differ by one word), except 2.17.08 printed with 2.17.07's name (a conflict);
# 5 flags a suggestion whose runner-up is within about half of that.
DEFAULT_AMBIGUITY_MARGIN = 5.0
# A program printed without a code and not in mappings/legacy_programs.csv gets the nearest current program as
# a legacy suggestion only from this score on: invented program names scored <= 61.0 against all programs,
# legacy names 53.6-80.5 (they overlap; below the floor the row is not_found with the nearest as runner-up).
DEFAULT_LEGACY_FLOOR = 65.0
# A printed name without code that is the start of exactly one entry's name in its scope (cut at a cell or page
# edge, or printed without a trailing "Tingkat Kabupaten/Kota") is that entry from this many words and this share
# of the entry's words on; a printed name that starts with an entry's whole name (the next column run into it) from
# extended_min_share of the printed words on. On the real documents these decide 6 rows, all right by reading:
# cut, Satpol PP "Administrasi Keuangan Perangkat" 3 of 4 words and "Koordinasi Penyelenggaraan ... Masyrakat" 9 of
# 11; run on, BPBD names followed by "Tersedianya ..." 5/10, 8/16, 9/19 words and a Kecamatan program followed by
# its kegiatan 5/11 (0.45-0.5). The two cut names the 0.5 share leaves out (0.31, 0.43, see above) carry a code
# that matches them anyway. No measured wrong decision; the rule never accepts for a row with an unknown code.
DEFAULT_PREFIX_MIN_WORDS = 3
DEFAULT_PREFIX_MIN_SHARE = 0.5
DEFAULT_EXTENDED_MIN_SHARE = 0.4
DEFAULT_AUDIT_TOLERANCE = 0.5  # absolute tolerance for Rp sums (Rupiah)
DEFAULT_RATIO_TOLERANCE = 1.0  # percentage points allowed between a printed ratio and realisation/target*100

T = TypeVar("T")


class SettingsError(ValueError):
    """A setting with a value it cannot take (the CLI reports it as one line, like bad input)."""



def _resolve(cls: type[T], value: T | dict[str, Any] | None) -> T:
    if value is None:
        return cls()
    if isinstance(value, cls):
        return value
    if isinstance(value, dict):
        known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        unknown = sorted(set(value) - known)
        if unknown:
            names = ", ".join(unknown)
            raise SettingsError(f"{cls.__name__}: unknown setting(s) {names}; known: {', '.join(sorted(known))}")
        return cls(**value)
    raise TypeError(f"{cls.__name__}.resolve takes None, a dict or a {cls.__name__}, not {type(value).__name__}")


@dataclass(frozen=True)
class ExtractSettings:
    number_format: str = DEFAULT_NUMBER_FORMAT
    kinds: tuple[str, ...] = ()  # restrict to these table kinds; empty = all
    audit: bool = True
    ocr: str = DEFAULT_OCR

    def __post_init__(self) -> None:
        if self.number_format not in NUMBER_FORMATS:
            raise SettingsError(f"number_format must be one of {', '.join(NUMBER_FORMATS)}, not {self.number_format!r}")
        if self.ocr not in OCR_MODES:
            raise SettingsError(f"ocr must be one of {', '.join(OCR_MODES)}, not {self.ocr!r}")

    @classmethod
    def resolve(cls, value: ExtractSettings | dict[str, Any] | None) -> ExtractSettings:
        return _resolve(cls, value)


@dataclass(frozen=True)
class MatchSettings:
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD
    name_variant_threshold: float = DEFAULT_NAME_VARIANT_THRESHOLD
    ambiguity_margin: float = DEFAULT_AMBIGUITY_MARGIN
    legacy_floor: float = DEFAULT_LEGACY_FLOOR
    prefix_min_words: int = DEFAULT_PREFIX_MIN_WORDS
    prefix_min_share: float = DEFAULT_PREFIX_MIN_SHARE
    extended_min_share: float = DEFAULT_EXTENDED_MIN_SHARE

    def __post_init__(self) -> None:
        for name in ("fuzzy_threshold", "name_variant_threshold", "legacy_floor"):
            v = getattr(self, name)
            if not 0 <= v <= 100:
                raise SettingsError(f"{name} must be between 0 and 100, not {v}")
        if self.ambiguity_margin < 0:
            raise SettingsError(f"ambiguity_margin must be >= 0, not {self.ambiguity_margin}")

    @classmethod
    def resolve(cls, value: MatchSettings | dict[str, Any] | None) -> MatchSettings:
        return _resolve(cls, value)


# Batch conversion (extractor/batch.py): the limits of one document's worker
DEFAULT_TIMEOUT = 600.0  # seconds for one document, at least (a 130-page text PDF takes ~6 s)
DEFAULT_SECONDS_PER_PAGE = 4.0  # ... or this much per page of a PDF when more (a 300-page scan OCRed: ~660 s)
MAX_COUNTED_PAGES = 20_000  # a page count above this (a damaged page tree) does not raise the limit further
DEFAULT_MEMORY_GB = 3.0  # address space of one worker (RLIMIT_AS)

# Revision diffs (extractor/diff.py)
DEFAULT_RENAME_THRESHOLD = 80.0  # token_sort_ratio on normalised names to pair two leftover rows (renamed/renumbered)
DEFAULT_NUMBER_BONUS = 5.0  # added to the fuzzy score of two code-less rows that carry the same number
DEFAULT_VALUE_TOLERANCE = 1e-6  # two parsed numbers closer than this are equal
DEFAULT_SUM_TOLERANCE = 0.5  # Rupiah: children deltas explain a parent delta within this
DIFF_FORMATS = ("json", "csv", "md", "html", "xlsx")  # the reports a diff writes ("all": every one)
DEFAULT_BEFORE_VARIANT = "sebelum"
DEFAULT_AFTER_VARIANT = "sesudah"


@dataclass(frozen=True)
class DiffSettings:
    rename_threshold: float = DEFAULT_RENAME_THRESHOLD
    number_bonus: float = DEFAULT_NUMBER_BONUS
    value_tolerance: float = DEFAULT_VALUE_TOLERANCE
    sum_tolerance: float = DEFAULT_SUM_TOLERANCE
    before_variant: str = DEFAULT_BEFORE_VARIANT
    after_variant: str = DEFAULT_AFTER_VARIANT

    def __post_init__(self) -> None:
        if not 0 <= self.rename_threshold <= 100:
            raise SettingsError(f"rename_threshold must be between 0 and 100, not {self.rename_threshold}")
        for name in ("number_bonus", "value_tolerance", "sum_tolerance"):
            if getattr(self, name) < 0:
                raise SettingsError(f"{name} must be >= 0, not {getattr(self, name)}")

    @classmethod
    def resolve(cls, value: DiffSettings | dict[str, Any] | None) -> DiffSettings:
        return _resolve(cls, value)
