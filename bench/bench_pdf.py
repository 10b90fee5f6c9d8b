"""Time and peak memory of the PDF reader against plain pdfplumber and plain pypdfium2.

    python bench/bench_pdf.py FILE.pdf [FILE.pdf ...]

For each file, three runs, each in its own subprocess (so that ru_maxrss is that run's peak):

  (a) read_pdf        extractor.readers.pdf.read_pdf with its default candidate pages
  (b) pdfplumber      pdfplumber extract_tables() on every page (closing each page)
  (c) pypdfium2 text  text of every page with pypdfium2

Printed: total seconds, ms per document page, peak RSS (MiB), and ratios against (b).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run_a(path: str) -> dict[str, float]:
    from extractor.readers.pdf import read_pdf

    tables, n = read_pdf(path)
    return {"pages": n, "tables": len(tables)}


def _run_b(path: str) -> dict[str, float]:
    import pdfplumber

    count = 0
    with pdfplumber.open(path) as pdf:
        n = len(pdf.pages)
        for page in pdf.pages:
            count += len(page.extract_tables())
            page.close()
    return {"pages": n, "tables": count}


def _run_c(path: str) -> dict[str, float]:
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
    return {"pages": n, "chars": chars}


RUNS = {"a": ("read_pdf (candidates)", _run_a), "b": ("pdfplumber all pages", _run_b), "c": ("pypdfium2 text", _run_c)}


def _child(which: str, path: str) -> None:
    sys.path.insert(0, str(ROOT))
    start = time.perf_counter()
    info = RUNS[which][1](path)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"seconds": seconds, "peak_mib": peak_kib / 1024, **info}))


def _measure(which: str, path: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", which, path], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _baseline_mib() -> float:
    """Peak RSS of a child that only imports the libraries: subtracted to show what the work itself costs."""
    code = "import resource, pdfplumber, pypdfium2; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return int(out.strip()) / 1024


def bench(path: str) -> None:
    base = _baseline_mib()
    results = {k: _measure(k, path) for k in ("a", "b", "c")}
    n = results["b"]["pages"]
    ref = results["b"]
    print(f"\n{Path(path).name}: {int(n)} pages (import-only RSS {base:.0f} MiB)")
    print(f"{'run':24} {'total s':>8} {'ms/page':>8} {'peak MiB':>9} {'time/(b)':>9} {'mem/(b)':>8}  found")
    for key, (label, _fn) in RUNS.items():
        r = results[key]
        found = f"{int(r['tables'])} tables" if "tables" in r else f"{int(r['chars'])} chars"
        print(
            f"({key}) {label:20} {r['seconds']:8.2f} {1000 * r['seconds'] / n:8.1f} {r['peak_mib']:9.0f}"
            f" {r['seconds'] / ref['seconds']:9.3f} {r['peak_mib'] / ref['peak_mib']:8.2f}  {found}"
        )


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "--child":
        _child(argv[1], argv[2])
        return 0
    if not argv:
        print(__doc__)
        return 2
    for path in argv:
        bench(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
