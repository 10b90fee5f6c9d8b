"""Time and peak memory of `renstra extract` on PDFs, against plain pdfplumber and plain pypdfium2.

    python bench/bench_pdf.py [--repeat N] FILE.pdf [FILE.pdf ...]

For each file, each run in its own subprocess (so that ru_maxrss is that run's peak), N times (default 2:
the machine is shared, so a single figure can be off by a lot):

  (a) renstra extract   extractor.pipeline.extract, the whole pipeline (reading, recognising, stitching,
                        normalising; no output files), candidate pages read by two worker processes when
                        there are 12 or more
  (a0) no Tesseract     the same with Tesseract hidden (RENSTRA_TESSERACT names no program): scanned pages
                        that auto would OCR are named in a note instead
  (a1) same, 1 process  the same with RENSTRA_PDF_WORKERS=1
  (b) pdfplumber        pdfplumber extract_tables() on every page (closing each page)
  (c) pypdfium2 text    text of every page with pypdfium2

Printed per run: wall seconds, CPU seconds (user + system, the run's process and its workers: less
sensitive to other work on the machine than wall time, but blind to the gain from two cores), ms per
document page (wall), peak RSS (MiB) of the run's process and of its largest worker (at most two workers run:
the total stays under peak + 2 x worker, shared pages counted twice), and ratios against (b): "x faster" is
(b)'s time over the run's time (wall and CPU), "mem" the run's peak RSS over (b)'s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILES = [
    ROOT / "samples" / "renstra_dinkop_magetan_2024-2026.pdf",
    ROOT.parent / "shared" / "realdocs" / "banyuwangi_renstra_2025-2029_satpolpp.pdf",
    ROOT.parent / "shared" / "realdocs" / "banyuwangi_renstra_2025-2029_kec-banyuwangi.pdf",
    ROOT.parent / "shared" / "realdocs" / "banyuwangi_renstra_2025-2029_pengairan.pdf",  # two scanned pages
    ROOT.parent / "shared" / "realdocs" / "banyuwangi_renstra_2025-2029_dinsosppkb.pdf",  # the longest, 185 pages
]


def _run_a(path: str) -> dict[str, Any]:
    from extractor.pipeline import extract

    result = extract(path)
    unread = [n.code for n in result.notes if n.code.startswith(("ocr", "page-", "internal"))]
    rows = sum(len(t.rows) for t in result.tables)
    found = f"{len(result.tables)} TC tables, {rows} rows" + (f"; notes {', '.join(unread)}" if unread else "")
    return {"pages": result.document.pages or 0, "found": found}


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
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu": usage.ru_utime + usage.ru_stime + workers.ru_utime + workers.ru_stime,
                "peak_mib": usage.ru_maxrss / 1024,  # KiB on Linux
                "worker_mib": workers.ru_maxrss / 1024,
                **info,
            }
        )
    )


def _measure(which: str, path: str) -> dict[str, Any]:
    env = dict(os.environ, RENSTRA_PDF_WORKERS="1" if which == "a1" else os.environ.get("RENSTRA_PDF_WORKERS", ""))
    if which == "a0":
        env["RENSTRA_TESSERACT"] = "renstra-bench-no-such-tesseract"
    out = subprocess.run(
        [sys.executable, __file__, "--child", which, path], check=True, capture_output=True, text=True, env=env
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _baseline_mib() -> float:
    """Peak RSS of a child that only imports the libraries, for reference."""
    code = "import resource, pdfplumber, pypdfium2; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return int(out.strip()) / 1024


def bench(path: str, repeat: int) -> None:
    base = _baseline_mib()
    runs: dict[str, list[dict[str, Any]]] = {k: [] for k in RUNS}
    for _ in range(repeat):  # interleaved, so that a burst of other work hits all three alike
        for key in RUNS:
            runs[key].append(_measure(key, path))
    n = runs["b"][0]["pages"]
    print(f"\n{Path(path).name}: {int(n)} pages (import-only RSS {base:.0f} MiB)")
    print(
        f"{'run':26} {'#':>2} {'wall s':>7} {'cpu s':>7} {'ms/page':>8} {'peak MiB':>9} {'worker':>7}"
        f" {'x faster':>9} {'(cpu)':>7} {'mem':>6}  found"
    )
    for key, (label, _fn) in RUNS.items():
        for i, r in enumerate(runs[key]):
            ref = runs["b"][i]
            worker = f"{r['worker_mib']:7.0f}" if r.get("worker_mib") and key.startswith("a") else f"{'-':>7}"
            print(
                f"{'(' + key + ')':4} {label:21} {i + 1:2} {r['seconds']:7.2f} {r['cpu']:7.2f}"
                f" {1000 * r['seconds'] / n:8.1f} {r['peak_mib']:9.0f} {worker} {ref['seconds'] / r['seconds']:9.2f}"
                f" {ref['cpu'] / r['cpu']:7.2f} {r['peak_mib'] / ref['peak_mib']:6.2f}  {r['found']}"
            )


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "--child":
        _child(argv[1], argv[2])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("files", nargs="*", help="PDF files (default: the sample and both Banyuwangi PDFs)")
    args = parser.parse_args(argv)
    files = args.files or [str(p) for p in DEFAULT_FILES if p.exists()]
    for path in files:
        bench(path, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
