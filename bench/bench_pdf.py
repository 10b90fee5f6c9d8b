"""Time and peak memory of `renstra extract` on PDFs, with and without Tesseract, against plain pdfplumber.

    python bench/bench_pdf.py [--repeat N] [--warmup N] [--one-process] [FILE.pdf ...]

Default files: the Pengairan Renstra (130 pages, two scanned pages) and the longest real document (Dinas Sosial
PPKB, 185 pages) in ../shared/realdocs. For each file, each run in its own subprocess (so that ru_maxrss is that
run's peak), N times (default 2; the machine is shared, so a single figure can be off by a lot), interleaved, after
an uncounted warm-up round of every kind (--warmup, default 1: otherwise the very first run alone, always ours,
pays for reading the libraries and the file from disk):

  (a)  renstra extract     the command as a user runs it (`renstra extract FILE -o DIR -q`, in-process through
                           the click command): reading, recognising, stitching, normalising, matching against
                           the bundled list that fits best, auditing, and writing the JSON, CSV and workbook
  (a0) no Tesseract        the same with Tesseract hidden from PATH (every PATH folder holding `tesseract`
                           replaced by a copy of it without that program): scanned pages auto would OCR are
                           named in a note instead
  (a1) same, 1 process     (with --one-process) the same as (a) with RENSTRA_PDF_WORKERS=1
  (b)  pdfplumber          pdfplumber extract_tables() on every page (closing each page): the baseline
  (c)  pypdfium2 text      text of every page with pypdfium2: the floor

The package is compiled first (``compileall``, into its __pycache__ folders), as pip compiles it when it installs
it, and as pdfplumber in site-packages is: where PYTHONDONTWRITEBYTECODE is set (some sandboxes), Python would
otherwise compile ~70 modules of ours from source in every renstra run (~0.25 s CPU).

Printed per run: wall seconds, CPU seconds (user + system, the run's process and its children: less sensitive to
other work on the machine than wall time, but blind to the gain from two cores), ms per document page (wall),
peak RSS (MiB) of the run's process and of its largest child (page workers, Tesseract), and ratios against (b):
"x faster" is (b)'s time over the run's time (wall and CPU), "mem" the run's peak RSS over (b)'s. A summary per
file says, with and without Tesseract, the lowest and the median of the ratios over the repeats, the largest
peak RSS, and whether the goal (5x faster than (b), peak RSS under 300 MiB) is met.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REALDOCS = ROOT.parent / "shared" / "realdocs"
DEFAULT_FILES = [
    REALDOCS / "banyuwangi_renstra_2025-2029_pengairan.pdf",  # two scanned pages
    REALDOCS / "banyuwangi_renstra_2025-2029_dinsosppkb.pdf",  # the longest, 185 pages
]
GOAL_SPEEDUP = 5.0
GOAL_PEAK_MIB = 300.0


def _run_a(path: str) -> dict[str, Any]:
    from extractor.cli import main

    with tempfile.TemporaryDirectory(prefix="renstra-bench-") as out:
        main(["extract", path, "-o", out, "-q"], standalone_mode=False)
        data = json.loads(next(Path(out).glob("*.json")).read_text(encoding="utf-8"))
    unread = [n["code"] for n in data["notes"] if n["code"].startswith(("ocr", "page-", "internal"))]
    rows = sum(len(t["rows"]) for t in data["tables"])
    tesseract = "Tesseract" if shutil.which("tesseract") else "no Tesseract"
    found = f"{len(data['tables'])} TC tables, {rows} rows; {tesseract}" + (f"; {', '.join(unread)}" if unread else "")
    return {"pages": data["document"]["pages"] or 0, "found": found}


def _run_b(path: str) -> dict[str, Any]:
    import pdfplumber

    count = 0
    with pdfplumber.open(path) as pdf:
        n = len(pdf.pages)
        for page in pdf.pages:
            count += len(page.extract_tables())
            page.close()
    return {"pages": n, "found": f"{count} tables"}


def _run_c(path: str) -> dict[str, Any]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    chars = 0
    n = len(doc)
    for i in range(n):
        page = doc[i]
        textpage = page.get_textpage()
        chars += len(textpage.get_text_range())
        textpage.close()
        page.close()
    doc.close()
    return {"pages": n, "found": f"{chars} chars"}


RUNS = {
    "a": ("renstra extract", _run_a),
    "a0": ("same, no Tesseract", _run_a),
    "a1": ("same, 1 process", _run_a),
    "b": ("pdfplumber all pages", _run_b),
    "c": ("pypdfium2 text", _run_c),
}


def _child(which: str, path: str) -> None:
    sys.path.insert(0, str(ROOT))
    start = time.perf_counter()
    info = RUNS[which][1](path)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu": usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime,
                "peak_mib": usage.ru_maxrss / 1024,  # KiB on Linux
                "worker_mib": children.ru_maxrss / 1024,
                **info,
            }
        )
    )


def path_without(program: str, folder: Path) -> str:
    """PATH with every folder that holds ``program`` replaced by a folder (made in ``folder``) of links to all
    its other entries: the program is gone, everything else stays."""
    out = []
    for k, entry in enumerate(os.environ.get("PATH", "").split(os.pathsep)):
        if not entry or not (Path(entry) / program).exists():
            out.append(entry)
            continue
        shadow = folder / f"path{k}"
        shadow.mkdir()
        for item in Path(entry).iterdir():
            if item.name != program:
                (shadow / item.name).symlink_to(item)
        out.append(str(shadow))
    return os.pathsep.join(out)


def _measure(which: str, path: str, no_tesseract_path: str) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "RENSTRA_TESSERACT"}
    env["RENSTRA_PDF_WORKERS"] = "1" if which == "a1" else os.environ.get("RENSTRA_PDF_WORKERS", "")
    if which == "a0":
        env["PATH"] = no_tesseract_path
    out = subprocess.run(
        [sys.executable, __file__, "--child", which, path], check=True, capture_output=True, text=True, env=env
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def compile_package() -> None:
    """The package compiled into its __pycache__ folders (``compileall``), as pip compiles it when it installs it.
    Python reads the compiled files even when PYTHONDONTWRITEBYTECODE forbids it to write them."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "extractor")], check=True,
                   stdout=subprocess.DEVNULL)


def _baseline_mib() -> float:
    """Peak RSS of a child that only imports the libraries, for reference."""
    code = "import resource, pdfplumber, pypdfium2; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return int(out.strip()) / 1024


def _print_runs(runs: dict[str, list[dict[str, Any]]], n: int) -> None:
    print(
        f"{'run':26} {'#':>2} {'wall s':>7} {'cpu s':>7} {'ms/page':>8} {'peak MiB':>9} {'child':>7}"
        f" {'x faster':>9} {'(cpu)':>7} {'mem':>6}  found"
    )
    for key, results in runs.items():
        for i, r in enumerate(results):
            ref = runs["b"][i]
            child = f"{r['worker_mib']:7.0f}" if r.get("worker_mib") and key.startswith("a") else f"{'-':>7}"
            print(
                f"{'(' + key + ')':4} {RUNS[key][0]:21} {i + 1:2} {r['seconds']:7.2f} {r['cpu']:7.2f}"
                f" {1000 * r['seconds'] / n:8.1f} {r['peak_mib']:9.0f} {child} {ref['seconds'] / r['seconds']:9.2f}"
                f" {ref['cpu'] / r['cpu']:7.2f} {r['peak_mib'] / ref['peak_mib']:6.2f}  {r['found']}"
            )


def summary(runs: dict[str, list[dict[str, Any]]]) -> list[str]:
    """One line per renstra run kind: ratios to (b) (lowest and median over the repeats), largest peak RSS of the
    run's process and its children, and whether the goal is met."""
    lines = []
    for key in ("a", "a0", "a1"):
        if key not in runs:
            continue
        pairs = list(zip(runs[key], runs["b"]))
        wall = [b["seconds"] / a["seconds"] for a, b in pairs]
        cpu = [b["cpu"] / a["cpu"] for a, b in pairs]
        peak = max(max(a["peak_mib"], a.get("worker_mib") or 0.0) for a, _b in pairs)
        met = min(statistics.median(wall), statistics.median(cpu)) >= GOAL_SPEEDUP and peak < GOAL_PEAK_MIB
        lines.append(
            f"  {RUNS[key][0]:21} x faster wall {min(wall):5.2f} (median {statistics.median(wall):5.2f}),"
            f" cpu {min(cpu):5.2f} (median {statistics.median(cpu):5.2f}); peak RSS {peak:4.0f} MiB"
            f"  goal ({GOAL_SPEEDUP:.0f}x, < {GOAL_PEAK_MIB:.0f} MiB): {'met' if met else 'NOT met'}"
        )
    return lines


def bench(path: str, repeat: int, keys: list[str], no_tesseract_path: str, warmup: int = 1) -> list[str]:
    base = _baseline_mib()
    for _ in range(warmup):  # not counted: the first process to load the libraries and the file reads them from disk
        for key in keys:
            _measure(key, path, no_tesseract_path)
    runs: dict[str, list[dict[str, Any]]] = {k: [] for k in keys}
    for _ in range(repeat):  # interleaved, so that a burst of other work hits every kind of run alike
        for key in keys:
            runs[key].append(_measure(key, path, no_tesseract_path))
    n = runs["b"][0]["pages"]
    print(f"\n{Path(path).name}: {int(n)} pages (import-only RSS {base:.0f} MiB)")
    _print_runs(runs, n)
    return [f"{Path(path).name}:", *summary(runs)]


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "--child":
        _child(argv[1], argv[2])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=1, help="uncounted rounds of every run kind first (default 1)")
    parser.add_argument("--one-process", action="store_true", help="also run (a1), one page worker")
    parser.add_argument("files", nargs="*", help="PDF files (default: Pengairan and Dinsos PPKB)")
    args = parser.parse_args(argv)
    files = args.files or [str(p) for p in DEFAULT_FILES if p.exists()]
    keys = ["a", "a0", *(["a1"] if args.one_process else []), "b", "c"]
    lines = []
    compile_package()
    with tempfile.TemporaryDirectory(prefix="renstra-bench-path-") as shadows:
        no_tesseract_path = path_without("tesseract", Path(shadows))
        for path in files:
            lines += bench(path, args.repeat, keys, no_tesseract_path, args.warmup)
    print("\nsummary (ratios to pdfplumber extract_tables on every page):")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
