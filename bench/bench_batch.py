"""Throughput and memory of `renstra batch` with 1 and 2 workers (a benchmark, not a test).

    python bench/bench_batch.py                       # the samples + the real documents in ../shared/realdocs
    python bench/bench_batch.py --workers 1 2 4 FILE...

Each configuration runs run_batch in its own subprocess, into a fresh output folder (nothing skipped), so that
the numbers do not share caches or memory. Printed per configuration: wall seconds, documents per minute,
speed-up against the first configuration, the peak resident memory of each worker (ru_maxrss the worker reports
after each document; the largest per worker process), and the parent's peak. Per document: seconds and status.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
REALDOCS = ROOT.parent / "shared" / "realdocs"

CHILD = """
import json, resource, sys, time
from extractor.batch import run_batch
inputs, outdir, workers = json.loads(sys.argv[1]), sys.argv[2], int(sys.argv[3])
start = time.perf_counter()
summary = run_batch(inputs, outdir, workers=workers, force=True, progress=False)
wall = time.perf_counter() - start
print(json.dumps({"wall": wall, "summary": summary.to_dict(),
                  "parent_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def default_inputs() -> list[Path]:
    files = sorted(SAMPLES.glob("renstra_dinkop_magetan_2024-2026.*"))
    files = [f for f in files if f.suffix in (".pdf", ".docx")]
    if REALDOCS.is_dir():
        files += sorted(REALDOCS.glob("*.pdf"))
    return files


def run(inputs: list[Path], workers: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        done = subprocess.run([sys.executable, "-c", CHILD, json.dumps([str(p) for p in inputs]), tmp, str(workers)],
                              cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    args = parser.parse_args(argv)
    inputs = args.files or default_inputs()
    if not inputs:
        sys.exit("no input documents (build the samples or pass files)")
    print(f"{len(inputs)} documents: " + ", ".join(p.name for p in inputs))
    base: float | None = None
    for workers in args.workers:
        res = run(inputs, workers)
        docs = res["summary"]["documents"]
        wall = res["wall"]
        base = base or wall
        per_minute = len(docs) / wall * 60
        by_worker: dict[int, float] = {}
        for d in docs:
            if d["worker"]:
                by_worker[d["worker"]] = max(by_worker.get(d["worker"], 0.0), d["peak_rss_mib"])
        peaks = sorted(by_worker.values(), reverse=True)
        counts = res["summary"]["counts"]
        print(f"\nworkers={workers}: {wall:.1f}s wall, {per_minute:.1f} documents/min, speed-up x{base / wall:.2f}; "
              f"ok {counts['ok']}, failed {counts['failed']}, skipped {counts['skipped']}")
        print(f"  peak RSS per worker (MiB): {', '.join(f'{p:.0f}' for p in peaks)}; "
              f"parent {res['parent_rss_mib']:.0f} MiB")
        for d in sorted(docs, key=lambda d: -d["seconds"]):
            print(f"  {d['seconds']:7.2f}s  {d['status']:7s} {d['rows']:4d} rows  {Path(d['file']).name}"
                  + (f"  ({d['error']})" if d["error"] else ""))


if __name__ == "__main__":
    main()
