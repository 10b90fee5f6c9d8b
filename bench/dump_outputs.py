"""Dump the outputs of `extract` on every real document and sample into a folder, and compare two such folders.

    python bench/dump_outputs.py dump OUTDIR [--no-tesseract] [FILE ...]
    python bench/dump_outputs.py diff BEFORE AFTER

``dump`` runs ``python -m extractor extract FILE -o OUTDIR/<file name> -q`` on each file (default: every
document in ../shared/realdocs and the PDFs and DOCX in samples/), one after the other, and writes its exit
code and stderr beside the outputs (``exit.txt``), with a long page time limit (RENSTRA_PAGE_TIMEOUT=900 unless
set: on a busy machine an OCR page can pass the default 60 s). ``--no-tesseract`` hides Tesseract
(RENSTRA_TESSERACT names no program). ``diff`` compares the JSON (parsed, keys whose names say they hold a time
left out, the folder of the checkout that ran it cut from paths), the CSV files, the notes of the errors log
(tracebacks differ by line numbers) and the exit codes of the two folders, and prints every difference; exit
code 1 when there is one. Workbooks are not compared (they carry their creation time; they are written from
the same data as the CSV files).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REALDOCS = ROOT.parent / "shared" / "realdocs"
CHECKOUT = re.compile(r"^/\S*?/extractor/")
TIME_KEYS = ("time", "timestamp", "seconds", "elapsed", "created", "duration")


def default_files() -> list[Path]:
    real = sorted(p for p in REALDOCS.glob("*") if p.suffix.lower() in (".pdf", ".docx"))
    samples = sorted(p for p in (ROOT / "samples").glob("*") if p.suffix.lower() in (".pdf", ".docx"))
    return real + samples


def dump(outdir: Path, files: list[Path], no_tesseract: bool) -> None:
    env = dict(os.environ)
    env.setdefault("RENSTRA_PAGE_TIMEOUT", "900")  # a loaded machine must not turn a slow OCR page into a failure
    if no_tesseract:
        env["RENSTRA_TESSERACT"] = "renstra-dump-no-such-tesseract"
    for path in files:
        target = outdir / path.name
        target.mkdir(parents=True, exist_ok=True)
        run = subprocess.run([sys.executable, "-m", "extractor", "extract", str(path), "-o", str(target), "-q"],
                             cwd=ROOT, env=env, capture_output=True, text=True)
        (target / "exit.txt").write_text(f"{run.returncode}\n{run.stderr}", encoding="utf-8")
        print(f"{path.name}: exit {run.returncode}", flush=True)


def _without_times(value: Any) -> Any:
    """The parsed JSON without the keys that hold a time, and with the folder of the checkout that ran it (the
    bundled list's path in ``matching.source``) cut off."""
    if isinstance(value, dict):
        return {k: _without_times(v) for k, v in value.items() if not any(t in k.lower() for t in TIME_KEYS)}
    if isinstance(value, list):
        return [_without_times(v) for v in value]
    if isinstance(value, str):
        return CHECKOUT.sub("<checkout>/extractor/", value)
    return value


def _first_difference(a: Any, b: Any, where: str = "") -> str | None:
    """Where the two parsed JSON values first differ, and how."""
    if type(a) is not type(b):
        return f"{where}: {a!r:.120} != {b!r:.120}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{where}.{key}: only in {'after' if key not in a else 'before'}"
            found = _first_difference(a[key], b[key], f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} items != {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            found = _first_difference(x, y, f"{where}[{i}]")
            if found:
                return found
        return None
    return None if a == b else f"{where}: {a!r:.120} != {b!r:.120}"


def _comparable(path: Path) -> Any:
    if path.suffix == ".json":
        return _without_times(json.loads(path.read_text(encoding="utf-8")))
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.name.endswith(".errors.log"):  # the notes' lines, not the tracebacks' line numbers
        return [line for line in text.splitlines() if line.startswith("page")]
    return text.splitlines()


def diff(before: Path, after: Path) -> int:
    differences = 0
    for doc in sorted({p.name for p in before.iterdir()} | {p.name for p in after.iterdir()}):
        a, b = before / doc, after / doc
        names = {p.name for side in (a, b) for p in side.glob("*") if p.suffix != ".xlsx"}
        for name in sorted(names):
            if not (a / name).exists() or not (b / name).exists():
                print(f"{doc}/{name}: only in {'after' if not (a / name).exists() else 'before'}")
                differences += 1
                continue
            x, y = _comparable(a / name), _comparable(b / name)
            if name == "exit.txt":
                x, y = x[:1], y[:1]
            found = _first_difference(x, y)
            if found:
                print(f"{doc}/{name}{found}")
                differences += 1
    print(f"{differences} difference(s)")
    return 1 if differences else 0


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "diff":
        return diff(Path(argv[1]), Path(argv[2]))
    if len(argv) >= 2 and argv[0] == "dump":
        rest = argv[2:]
        no_tesseract = "--no-tesseract" in rest
        files = [Path(p).resolve() for p in rest if p != "--no-tesseract"] or default_files()
        dump(Path(argv[1]).resolve(), files, no_tesseract)
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
