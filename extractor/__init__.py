"""renstra: turn Indonesian regional planning documents (Renstra) into clean, checked data.

    >>> from extractor import extract, write_outputs
    >>> result = extract("samples/renstra_dinkop_magetan_2024-2026.pdf")
    >>> result.tables_of("TC.27")[0].to_dataframe()

The heavy modules are imported on first use, so ``import extractor`` stays cheap.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = [
    "ExtractSettings",
    "ExtractorError",
    "InputError",
    "MatchSettings",
    "ReferenceDataError",
    "Result",
    "Table",
    "compare",
    "compare_variants",
    "extract",
    "load_nomenclature",
    "write_outputs",
]

_LAZY = {
    "extract": ("pipeline", "extract"),
    "write_outputs": ("output", "write_outputs"),
    "compare": ("diff", "compare"),
    "compare_variants": ("diff", "compare_variants"),
    "load_nomenclature": ("nomenclature", "load_nomenclature"),
    "Result": ("model", "Result"),
    "Table": ("model", "Table"),
    "ExtractSettings": ("settings", "ExtractSettings"),
    "MatchSettings": ("settings", "MatchSettings"),
    "ExtractorError": ("errors", "ExtractorError"),
    "InputError": ("errors", "InputError"),
    "ReferenceDataError": ("errors", "ReferenceDataError"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(f".{module}", __name__), attr)
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")
