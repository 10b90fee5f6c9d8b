"""Shared fixtures: the sample documents, the seed truth, and the read-only shared material beside the repo."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import settings

# Fuzz tests check that parsers never raise, not how fast they are: no per-example deadline, which made them
# flaky on a loaded 2-core machine (speed is measured in bench/, never asserted by a test).
settings.register_profile("renstra", deadline=None)
settings.load_profile("renstra")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
TRUTH = SAMPLES / "truth"
SHARED = ROOT.parent / "shared"
REALDOCS = SHARED / "realdocs"
NOMENCLATURE = SHARED / "nomenclature"
SAMPLE_DOCX = SAMPLES / "renstra_dinkop_magetan_2024-2026.docx"
SAMPLE_PDF = SAMPLES / "renstra_dinkop_magetan_2024-2026.pdf"


def truth_rows(name: str) -> list[dict[str, str]]:
    with (TRUTH / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=16)
def _extract_cached(path: str) -> object:
    from extractor.pipeline import extract

    return extract(path)


def extracted(path: Path) -> object:
    """The Result of a sample, extracted once per test session (the pipeline is pure)."""
    return _extract_cached(str(path))


@pytest.fixture(params=["docx", "pdf"])
def sample_result(request: pytest.FixtureRequest) -> object:
    return extracted(SAMPLE_DOCX if request.param == "docx" else SAMPLE_PDF)


def realdoc(name: str) -> Path:
    path = REALDOCS / name
    if not path.exists():
        pytest.skip(f"{path} not present (the shared real documents live beside the repository)")
    return path
