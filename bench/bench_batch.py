"""Throughput and memory of `renstra batch`: 1 process, the pool with 2, a Dask LocalCluster of 2 (a benchmark,
not a test).

    python bench/bench_batch.py                        # the samples + the real documents in ../shared/realdocs
    python bench/bench_batch.py --configs 1 local:4 FILE...   # N: the process pool; local:N: a LocalCluster

Each configuration runs run_batch in its own subprocess, into a fresh output folder (nothing skipped), so that
the numbers do not share caches or memory. Printed per configuration: wall seconds, documents per minute, pages
per second (pages of the converted documents, from their JSON), speed-up against the first configuration, the
peak resident memory of the document processes (ru_maxrss each reports after its document: every document runs
in a process of its own, in the pool and on a Dask worker alike), of the Dask worker processes themselves, and of
the parent. Per document: seconds, pages and status. The cluster needs renstra[cluster] (Dask).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
REALDOCS = ROOT.parent / "shared" / "realdocs"

CHILD = """
import contextlib, json, os, resource, sys, time
from pathlib import Path
from extractor.batch import run_batch
from extractor.executor import open_backend
inputs, outdir, config = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
cluster = config if config.startswith("local:") else None
workers = None if cluster else int(config)
with contextlib.ExitStack() as stack:
    client, worker_rss, begun = None, {}, time.perf_counter()
    if cluster:
        client = stack.enter_context(open_backend(cluster, None)).client
    load = os.getloadavg()[0]
    start = time.perf_counter()
    summary = run_batch(inputs, outdir, workers=workers, force=True, progress=False, cluster=client)
    wall = time.perf_counter() - start
    startup = start - begun
    if client is not None:
        worker_rss = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
pages = {}
for d in summary.documents:
    if d.status == "ok":
        data = json.loads(next((Path(outdir) / d.output).glob("*.json")).read_text(encoding="utf-8"))
        pages[d.file] = data["document"]["pages"] or 0
print(json.dumps({"wall": wall, "load": [load, os.getloadavg()[0]], "summary": summary.to_dict(), "pages": pages,
                  "dask_worker_rss_mib": worker_rss, "startup": startup,
                  "parent_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def default_inputs() -> list[Path]:
    files = sorted(SAMPLES.glob("renstra_dinkop_magetan_2024-2026.*"))
    files = [f for f in files if f.suffix in (".pdf", ".docx")]
    if REALDOCS.is_dir():
        files += sorted(REALDOCS.glob("*.pdf"))
    return files


def run(inputs: list[Path], config: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        done = subprocess.run([sys.executable, "-c", CHILD, json.dumps([str(p) for p in inputs]), tmp, config],
                              cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def describe(config: str) -> str:
    if config.startswith("local:"):
        return f"Dask LocalCluster, {config[len('local:'):]} workers"
    return f"process pool, {config} worker{'s' if config != '1' else ''}"


def report(config: str, res: dict[str, Any], base: float) -> None:
    docs = res["summary"]["documents"]
    wall = res["wall"]
    pages = sum(res["pages"].values())
    counts = res["summary"]["counts"]
    print(f"\n{describe(config)}: {wall:.1f}s wall, {len(docs) / wall * 60:.1f} documents/min, "
          f"{pages / wall:.2f} pages/s ({pages} pages), x{base / wall:.2f} against the first; "
          f"ok {counts['ok']}, failed {counts['failed']}, skipped {counts['skipped']}")
    cpu = sum(d.get("cpu_seconds", 0.0) for d in docs)
    print(f"  CPU: {cpu:.1f} s in the document processes and their programs: {pages / cpu if cpu else 0:.2f} pages "
          f"per CPU-second, {len(docs) / cpu * 60 if cpu else 0:.1f} documents per CPU-minute; machine load "
          f"{res['load'][0]:.1f} -> {res['load'][1]:.1f} (1-min average, {os.cpu_count()} CPUs)")
    peaks = sorted((d["peak_rss_mib"] for d in docs if d["worker"]), reverse=True)
    children = max((d.get("peak_child_rss_mib", 0.0) for d in docs), default=0.0)
    if peaks:
        print(f"  peak RSS of the document processes (MiB): max {peaks[0]:.0f}, median {statistics.median(peaks):.0f}"
              f"; of a program they ran (Tesseract, LibreOffice) max {children:.0f}; "
              f"parent {res['parent_rss_mib']:.0f} MiB")
    if res["dask_worker_rss_mib"]:
        print("  peak RSS of the Dask worker processes (MiB): "
              + ", ".join(f"{v:.0f}" for v in sorted(res["dask_worker_rss_mib"].values(), reverse=True))
              + f"; the cluster started in {res['startup']:.1f}s (not in the wall time)")
    for d in sorted(docs, key=lambda d: -d["seconds"]):
        error = f"  ({d['error']})" if d["error"] else ""
        print(f"  {d['seconds']:7.2f}s ({d.get('cpu_seconds', 0.0):6.1f} CPU) {res['pages'].get(d['file'], 0):4d} p  "
              f"{d['peak_rss_mib']:5.0f} MiB "
              f"(+{d.get('peak_child_rss_mib', 0.0):4.0f})  "
              f"{d['status']:7s} {d['rows']:4d} rows  {Path(d['file']).name}{error}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--configs", nargs="+", default=["1", "2", "local:2"],
                        help="N: the process pool with N workers; local:N: a Dask LocalCluster of N workers")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    args = parser.parse_args(argv)
    inputs = args.files or default_inputs()
    if not inputs:
        sys.exit("no input documents (build the samples or pass files)")
    print(f"{len(inputs)} documents: " + ", ".join(p.name for p in inputs))
    base: float | None = None
    results = {}
    for config in args.configs:
        res = run(inputs, config)
        base = base or res["wall"]
        report(config, res, base)
        results[config] = res
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
