"""Settings as plain dataclasses with named defaults. Imports nothing from the package."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, TypeVar

DEFAULT_NUMBER_FORMAT = "auto"  # "auto" decides per column and document; "id" = 1.234,5 ; "en" = 1,234.5
NUMBER_FORMATS = ("auto", "id", "en")
DEFAULT_FUZZY_THRESHOLD = 85.0
DEFAULT_NAME_VARIANT_THRESHOLD = 90.0
DEFAULT_AMBIGUITY_MARGIN = 3.0
DEFAULT_AUDIT_TOLERANCE = 0.5  # absolute tolerance for Rp sums (Rupiah)
DEFAULT_RATIO_TOLERANCE = 1.0  # percentage points allowed between a printed ratio and realisation/target*100

T = TypeVar("T")


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
            raise ValueError(f"{cls.__name__}: unknown setting(s) {names}; known: {', '.join(sorted(known))}")
        return cls(**value)
    raise TypeError(f"{cls.__name__}.resolve takes None, a dict or a {cls.__name__}, not {type(value).__name__}")


@dataclass(frozen=True)
class ExtractSettings:
    number_format: str = DEFAULT_NUMBER_FORMAT
    kinds: tuple[str, ...] = ()  # restrict to these table kinds; empty = all
    progress: bool = False  # print progress (pages scanned, tables found) to stderr
    audit: bool = True

    def __post_init__(self) -> None:
        if self.number_format not in NUMBER_FORMATS:
            raise ValueError(f"number_format must be one of {', '.join(NUMBER_FORMATS)}, not {self.number_format!r}")

    @classmethod
    def resolve(cls, value: ExtractSettings | dict[str, Any] | None) -> ExtractSettings:
        return _resolve(cls, value)


@dataclass(frozen=True)
class MatchSettings:
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD
    name_variant_threshold: float = DEFAULT_NAME_VARIANT_THRESHOLD
    ambiguity_margin: float = DEFAULT_AMBIGUITY_MARGIN

    def __post_init__(self) -> None:
        for name in ("fuzzy_threshold", "name_variant_threshold"):
            v = getattr(self, name)
            if not 0 <= v <= 100:
                raise ValueError(f"{name} must be between 0 and 100, not {v}")
        if self.ambiguity_margin < 0:
            raise ValueError(f"ambiguity_margin must be >= 0, not {self.ambiguity_margin}")

    @classmethod
    def resolve(cls, value: MatchSettings | dict[str, Any] | None) -> MatchSettings:
        return _resolve(cls, value)
