"""The import direction of the package: a module imports only modules of its own layer or of a layer below.

Read from the source with ``ast`` (module-level and function-level imports alike: a lazy import is still a
dependency), so a lower layer that reaches up (``model`` importing ``output``, ``diff`` importing ``pipeline`` and
through it every reader) fails here, and a new module must be given its layer.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "extractor"

# Lowest first. A module may import its own layer and the layers before it, never one after it.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    # the objects passed between stages and the vocabularies; "extractor" is the package root (its __version__)
    ("base", ("extractor", "errors", "settings", "textnorm", "fields", "files", "gcpolicy", "model", "tc_specs")),
    ("values", ("parse", "codes", "nomenclature")),  # cell values, codes, the reference lists
    ("readers", ("readers", "readers.*")),  # document -> RawTable
    # RawTable -> LogicalTable -> Row
    ("tables", ("recognise", "header", "stitch", "halves", "sections", "unclaimed", "transpose", "tables", "tables.*")),
    ("checks", ("audit", "ocr_sums", "ocr_codes", "match", "matching")),  # Rows -> findings, matches
    # what is done with a Result or its JSON (written, compared, exported, reviewed): never reads a document itself
    ("outputs", ("output", "workbook", "review", "export", "diff", "diff_money", "diff_render")),
    ("pipeline", ("pipeline",)),  # the order of the stages: document -> Result
    # whole runs: many documents (a pool or Dask, a folder or an object store), a database, the installed tools
    ("services", ("batch", "executor", "store", "db", "doctor")),
    ("cli", ("cli", "__main__")),
]
# The bottom of the base layer imports nothing of ours at all (model only the package's version).
IMPORTS_NOTHING = {"errors", "settings", "textnorm", "fields", "gcpolicy"}
MODEL_IMPORTS = {"extractor"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts) or "extractor"


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, is_package: bool, node: ast.ImportFrom, known: set[str]) -> list[str]:
    """The package modules a ``from ... import`` names (relative or absolute), as names like 'readers.pdf'."""
    if node.level == 0:
        if not (node.module or "").startswith("extractor"):
            return []
        base = (node.module or "").removeprefix("extractor").lstrip(".")
    else:
        here = [] if module == "extractor" else module.split(".")
        package = here if is_package else here[:-1]
        up = package[: len(package) - (node.level - 1)] if node.level > 1 else package
        base = ".".join(up + ([node.module] if node.module else []))
    out = []
    for alias in node.names:  # "from . import x" and "from .readers import ocr" name modules
        sub = f"{base}.{alias.name}" if base else alias.name
        out.append(sub if sub in known else (base or "extractor"))
    return out


def imports_of(module: str, source: str, is_package: bool, known: set[str]) -> set[str]:
    """Every package module ``source`` imports, wherever the import statement stands."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            found.update(_resolve(module, is_package, node, known))
        elif isinstance(node, ast.Import):
            found.update(a.name.removeprefix("extractor").lstrip(".") or "extractor" for a in node.names
                         if a.name.split(".")[0] == "extractor")
    found.discard(module)
    return found


def layer_of(module: str) -> int | None:
    for rank, (_name, patterns) in enumerate(LAYERS):
        for pattern in patterns:
            if module == pattern or (pattern.endswith(".*") and module.startswith(pattern[:-1])):
                return rank
    return None


def violations(modules: dict[str, tuple[str, bool]]) -> list[str]:
    """'a (layer) imports b (higher layer)' for every upward import; modules: name -> (source, is package)."""
    known = set(modules)
    out = []
    for module, (source, is_package) in sorted(modules.items()):
        rank = layer_of(module)
        for target in sorted(imports_of(module, source, is_package, known)):
            target_rank = layer_of(target)
            if rank is None or target_rank is None:
                continue  # reported by test_every_module_has_a_layer
            if target_rank > rank:
                out.append(f"{module} ({LAYERS[rank][0]}) imports {target} ({LAYERS[target_rank][0]})")
            elif module in IMPORTS_NOTHING or (module == "model" and target not in MODEL_IMPORTS):
                out.append(f"{module} must import nothing of the package, but imports {target}")
    return out


def _sources() -> dict[str, tuple[str, bool]]:
    return {m: (p.read_text(encoding="utf-8"), p.name == "__init__.py") for m, p in _modules().items()}


def test_every_module_has_a_layer() -> None:
    assert [m for m in _modules() if layer_of(m) is None] == []


def test_no_lower_layer_imports_a_higher_one() -> None:
    assert violations(_sources()) == []


@pytest.mark.parametrize("module, source, says", [
    ("model", "def f():\n    from .output import result_to_dict\n", "model (base) imports output (outputs)"),
    ("diff", "from .pipeline import extract\n", "diff (outputs) imports pipeline (pipeline)"),
    ("readers.pdf", "from ..stitch import stitch\n", "readers.pdf (readers) imports stitch (tables)"),
    ("match", "import extractor.cli\n", "match (checks) imports cli (cli)"),
    ("settings", "from .errors import InputError\n", "settings must import nothing of the package"),
])
def test_an_upward_import_is_caught(module: str, source: str, says: str) -> None:
    """The checker itself: function-level, parent-relative and absolute imports are all seen."""
    modules = _sources()
    modules[module] = (source, False)
    assert any(v.startswith(says) for v in violations(modules)), violations(modules)
