"""The whole output of the samples equals the golden in tests/golden (see make_golden.py for what it holds).

A change that moves the output on purpose rewrites the golden with ``python3 tests/golden/make_golden.py`` and the
moved lines are reviewed in the same commit; a change that moves it by accident fails here, naming the lines.
"""

from __future__ import annotations

import difflib
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"


def _maker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_golden", GOLDEN / "make_golden.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKER = _maker()


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return MAKER.outputs(tmp_path_factory.mktemp("golden"))


def test_golden_lists_every_file_it_keeps() -> None:
    kept = {p.name for p in GOLDEN.iterdir() if p.suffix in (".json", ".md")}
    assert kept == set(MAKER.DOCUMENTS) | set(MAKER.DIFFS)


@pytest.mark.parametrize("name", sorted(set(MAKER.DOCUMENTS) | set(MAKER.DIFFS)))
def test_output_equals_golden(written: dict[str, str], name: str) -> None:
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    if written[name] == expected:
        return
    lines = list(difflib.unified_diff(expected.splitlines(), written[name].splitlines(), f"golden/{name}",
                                      "written now", lineterm="", n=2))
    shown = "\n".join(lines[:80]) + (f"\n... {len(lines) - 80} more diff lines" if len(lines) > 80 else "")
    pytest.fail(f"the output moved from tests/golden/{name}; if intended, run 'python3 tests/golden/make_golden.py' "
                f"and review the diff in the same commit:\n{shown}", pytrace=False)


def test_normalised_drops_only_what_depends_on_the_machine() -> None:
    result = {"tool": {"name": "renstra", "version": "9.9"}, "matching": {"source": "/x/y/list.csv", "list": "L"},
              "tables": [{"rows": [{"name": "A", "boxes": {"name": [1, 2, 3, 4]}, "flags": []}]}]}
    assert MAKER.normalised(result) == {"tool": {"name": "renstra", "version": "<version>"},
                                        "matching": {"source": "list.csv", "list": "L"},
                                        "tables": [{"rows": [{"name": "A", "flags": []}]}]}
