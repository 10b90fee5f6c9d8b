"""Bulk conversion: many documents, in parallel, one output folder each, a summary, re-runs that skip what is done.

    summary = run_batch(["docs/", "more/*.pdf"], "out/", workers=2)

Layout of OUTDIR::

    out/
      manifest.json                 # sha256 -> folder, tool version, counts: what a re-run may skip
      summary.json, summary.csv     # one line per document of the last run: ok | failed | skipped
      <stem>-<sha256[:10]>/         # what write_outputs writes for that document (JSON, CSVs)

Each document is extracted in a process of its own (WORKERS at a time) with a time limit (--timeout, or
--seconds-per-page times a PDF's page count when more) and a memory cap (--memory), its own temporary folder
(removed afterwards, whatever happened: LibreOffice and OCR leave theirs there) and its stderr kept out of the
batch's output, and written into a hidden temporary folder inside OUTDIR, which is renamed into place only when
complete: an interrupted or failing run never leaves a half-written folder and never touches a folder written
before. A document that cannot be read is recorded with
its one-line error (failure ``bad_input``) and the batch goes on; one that runs out of time or memory is stopped
and recorded (``time_limit``, ``memory_limit``); a defect in the tool (an exception that is not an InputError, a
crashed process) is recorded as "internal error: ..." (``internal_error``) with its traceback in summary.json and
in OUTDIR/internal-errors.log.
Ctrl-C cancels pending work, stops the workers, removes their partial folders, writes the summary of what
finished and raises BatchInterrupted (a KeyboardInterrupt that carries the summary).

INPUTS and OUTDIR may also be URLs (s3://, gs://, memory://, file://) read and written through fsspec
(extractor/store.py), and the documents may run on a Dask cluster instead of the local pool
(``cluster=``, extractor/executor.py); the per-document work is the same (run_one / convert_document).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any

from . import __version__
from .errors import ExtractorError, InputError, first_line, printable
from .executor import open_backend
from .output import csv_text
from .settings import DEFAULT_MEMORY_GB, DEFAULT_SECONDS_PER_PAGE, DEFAULT_TIMEOUT, MAX_COUNTED_PAGES
from .store import PARTIAL_PREFIX as PARTIAL_PREFIX  # where it was defined before store.py
from .store import (
    Source,
    check_shared,
    find_documents,
    input_sha256,
    input_size,
    local_input,
    open_store,
    source_name,
)

MANIFEST = "manifest.json"
SUMMARY_JSON = "summary.json"
SUMMARY_CSV = "summary.csv"
STATUSES = ("ok", "failed", "skipped")
FAILURES = ("bad_input", "internal_error", "time_limit", "memory_limit")
INTERNAL_ERRORS_LOG = "internal-errors.log"
SUMMARY_COLUMNS = ["file", "sha256", "status", "tables", "rows", "findings", "error", "seconds", "output"]


@dataclass
class DocumentStatus:
    """One document's line in the summary."""

    file: str
    sha256: str | None
    status: str  # ok | failed | skipped
    failure: str = ""  # for a failed document: bad_input | internal_error | time_limit | memory_limit
    tables: int = 0
    rows: int = 0
    findings: int = 0
    error: str = ""
    seconds: float = 0.0
    output: str = ""  # folder under OUTDIR, "" when nothing was written
    detail: str = ""  # traceback of an internal error (summary.json only)
    peak_rss_mib: float = 0.0  # the worker's peak resident memory when it finished this document (summary.json)
    peak_child_rss_mib: float = 0.0  # the largest peak of the programs it ran (Tesseract, LibreOffice)
    cpu_seconds: float = 0.0  # CPU time of its process and the programs it ran (independent of the machine's load)
    worker: int = 0  # process id of the worker that converted it


@dataclass
class BatchSummary:
    outdir: Path | str  # a URL for an object store
    documents: list[DocumentStatus] = field(default_factory=list)
    started: str = ""
    finished: str = ""
    seconds: float = 0.0
    workers: int = 1
    interrupted: bool = False
    cluster: str = ""  # the Dask scheduler's address; "" for the process pool of this machine

    def count(self, status: str) -> int:
        return sum(1 for d in self.documents if d.status == status)

    @property
    def ok(self) -> int:
        return self.count("ok")

    @property
    def failed(self) -> int:
        return self.count("failed")

    @property
    def skipped(self) -> int:
        return self.count("skipped")

    def to_dict(self) -> dict[str, Any]:
        return {
            "tool": {"name": "renstra", "version": __version__},
            "outdir": str(self.outdir),
            "started": self.started,
            "finished": self.finished,
            "seconds": round(self.seconds, 3),
            "workers": self.workers,
            "cluster": self.cluster,
            "interrupted": self.interrupted,
            "counts": {s: self.count(s) for s in STATUSES},
            "failures": {f: sum(1 for d in self.documents if d.failure == f) for f in FAILURES},
            "documents": [asdict(d) for d in self.documents],
        }


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C during run_batch: the summary of what finished has been written; it is in ``summary``."""

    def __init__(self, summary: BatchSummary):
        super().__init__("batch interrupted")
        self.summary = summary


# ------------------------------------------------------------------------------------------------ inputs


def collect_inputs(inputs: Iterable[str | os.PathLike[str]]) -> tuple[list[Source], list[DocumentStatus]]:
    """The documents named by INPUTS (folders searched recursively for document suffixes, globs, files, and the
    same for URLs: s3://bucket/prefix/, s3://bucket/**/*.pdf); store.find_documents says how. Images (scans as
    .png/.tif) are read only when named as files: folders of Renstra hold logos and photos too.

    A file named explicitly is taken whatever its suffix (the reader then says why it cannot be read); a name
    that matches nothing becomes a failed entry. Order is kept, duplicates (same resolved path) dropped.
    """
    from .readers import DOCUMENT_SUFFIXES

    found, unmatched = find_documents(inputs, tuple(s.lower() for s in DOCUMENT_SUFFIXES))
    return found, [DocumentStatus(text, None, "failed", failure="bad_input", error=f"{text}: {error}")
                   for text, error in unmatched]


def folder_name(path: Source, sha256: str) -> str:
    """The output folder of a document: its file stem (made file-system safe) and the first 10 hex of its sha256."""
    stem = re.sub(r"[^\w.-]+", "_", PurePosixPath(source_name(path)).stem, flags=re.UNICODE).strip("._")
    stem = stem or "document"
    return f"{stem[:80]}-{sha256[:10]}"


# ------------------------------------------------------------------------------------------------ worker

_NOMENCLATURE_CACHE: dict[str, Any] = {}


def _nomenclature(key: str | None) -> Any:
    if key is None or key == "none":  # None: the pipeline chooses the best-fitting list; "none": no matching
        return key
    if key not in _NOMENCLATURE_CACHE:
        from .nomenclature import resolve_nomenclature

        _NOMENCLATURE_CACHE[key] = resolve_nomenclature(key)
    return _NOMENCLATURE_CACHE[key]


def convert_document(path: str, outdir: str, folder: str, nomenclature: str | None = None,
                     on_pages: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Extract one document (a path or a URL) into OUTDIR/FOLDER (a folder or a URL), all files or none (see
    extractor/store.py). Never raises for a bad document. ``on_pages`` is told a PDF's page count before
    its pages are read (the batch sets the document's time limit from it).

    Returns the fields of a DocumentStatus (without file and sha256). Runs in a worker process.
    """
    from .output import write_outputs
    from .pipeline import extract

    start = time.perf_counter()
    out: dict[str, Any] = {"status": "failed"}
    try:
        store = open_store(outdir)
        with local_input(path) as local:
            if on_pages is not None:
                _tell_page_count(local, on_pages)
            result = extract(local, nomenclature=_nomenclature(nomenclature))
        with store.staging(folder) as tmp:
            write_outputs(result, tmp)
        out.update(status="ok", output=folder, tables=len(result.tables),
                   rows=sum(len(t.rows) for t in result.tables), findings=len(result.findings))
    except ExtractorError as exc:
        out["error"] = printable(first_line(str(exc))) or type(exc).__name__
        out["failure"] = "bad_input"
    except MemoryError:
        out["error"] = f"{printable(source_name(path))}: needs more memory than a worker may use (--memory)"
        out["failure"] = "memory_limit"
    except Exception as exc:  # a defect in the tool: recorded, with its traceback, never hidden
        out["error"] = f"internal error: {type(exc).__name__}: {first_line(str(exc))}"
        out["detail"] = traceback.format_exc()
        out["failure"] = "internal_error"
    finally:
        out["seconds"] = round(time.perf_counter() - start, 3)
        out["peak_rss_mib"] = _peak_rss_mib()
        out["peak_child_rss_mib"] = _peak_rss_mib(children=True)
        out["cpu_seconds"] = _cpu_seconds()
        out["worker"] = os.getpid()
    return out


def _tell_page_count(path: Path, on_pages: Callable[[int], None]) -> None:
    """``on_pages(n)`` for a PDF of n pages; nothing for other files or a PDF that cannot be opened (extract
    says why)."""
    if path.suffix.lower() != ".pdf":
        return
    from .readers.pdf_screen import pdf_page_count

    try:
        pages = pdf_page_count(path)
    except InputError:
        return
    on_pages(pages)


def _peak_rss_mib(children: bool = False) -> float:
    try:
        import resource

        who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
        return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # KiB on Linux
    except (ImportError, OSError):  # not on this platform
        return 0.0


def _cpu_seconds() -> float:
    """User and system CPU seconds of this process and its waited-for children (a document's process is new)."""
    try:
        import resource

        used = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
        return round(sum(u.ru_utime + u.ru_stime for u in used), 3)
    except (ImportError, OSError):
        return 0.0


# ------------------------------------------------------------------------------------------------ manifest


Store = Any  # store.LocalStore | store.RemoteStore


def read_manifest(outdir: str | os.PathLike[str]) -> dict[str, Any]:
    """The manifest of OUTDIR ({"documents": {sha256: entry}}); an empty one when absent or unreadable."""
    return _manifest_of(open_store(outdir))


def _manifest_of(store: Store) -> dict[str, Any]:
    try:
        data = json.loads(store.read_text(MANIFEST) or "null")
        if isinstance(data, dict) and isinstance(data.get("documents"), dict):
            return data
    except ValueError:
        pass
    return {"documents": {}}


def _write_manifest(store: Store, manifest: dict[str, Any]) -> None:
    manifest["tool"] = {"name": "renstra", "version": __version__}
    store.write_text(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def _remember(manifest: dict[str, Any], status: DocumentStatus) -> None:
    manifest["documents"][status.sha256] = {
        "file": source_name(status.file), "folder": status.output, "version": __version__,
        "tables": status.tables, "rows": status.rows, "findings": status.findings, "converted": _now(),
    }


def _already_done(manifest: dict[str, Any], sha: str, store: Store, suffix: str) -> dict[str, Any] | None:
    entry = manifest["documents"].get(sha)
    if not isinstance(entry, dict) or entry.get("version") != __version__:
        return None
    if PurePosixPath(str(entry.get("file", ""))).suffix.lower() != suffix.lower():
        return None
    folder = entry.get("folder")
    if not folder or not store.has_json(str(folder)):
        return None
    return entry


def write_summary(summary: BatchSummary) -> None:
    """summary.json and summary.csv in the summary's OUTDIR, each written atomically."""
    store = open_store(summary.outdir)
    store.write_text(SUMMARY_JSON, json.dumps(summary.to_dict(), ensure_ascii=False, indent=1) + "\n")
    records = [{k: v for k, v in asdict(d).items() if k in SUMMARY_COLUMNS} for d in summary.documents]
    store.write_text(SUMMARY_CSV, csv_text(records, SUMMARY_COLUMNS), encoding="utf-8-sig")


def _clean_partials(outdir: str | os.PathLike[str]) -> None:
    """Remove the temporary folders of unfinished documents; an older output moved aside is put back if needed."""
    open_store(outdir).clean_partials()


# ------------------------------------------------------------------------------------------------ running

Report = Callable[[DocumentStatus], None]


class _Progress:
    """A rich progress bar on stderr with done / failed / skipped counts (nothing when disabled)."""

    def __init__(self, total: int, enabled: bool):
        self.counts = {s: 0 for s in STATUSES}
        self._bar: Any = None
        if enabled and total:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(TextColumn("[bold]renstra batch"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.description}"), TimeElapsedColumn(),
                                 console=Console(stderr=True), transient=False)
            self._task = self._bar.add_task(self._text(), total=total)
            self._bar.start()

    def _text(self) -> str:
        return f"ok {self.counts['ok']} · failed {self.counts['failed']} · skipped {self.counts['skipped']}"

    def advance(self, status: str) -> None:
        self.counts[status] = self.counts.get(status, 0) + 1
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=self._text())

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _mp_context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    # fork after threads (the progress bar has one) is unsafe; forkserver/spawn start clean workers
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        ctx.set_forkserver_preload(["extractor.pipeline", "extractor.output"])  # each document's process starts warm
    return ctx


@dataclass
class _Job:
    path: Source
    sha256: str
    folder: str
    retried: bool = False  # kept for callers that build jobs; a document is never run twice


@dataclass
class _Running:
    """One document being converted in its own process, with its own temporary folder."""

    job: _Job
    process: Any
    conn: Any  # the parent's end of the pipe the page count and the result come back on
    tmpdir: Path
    started: float
    limit: float | None  # seconds this document may take (Limits.for_pages once its page count is known)
    result: dict[str, Any] | None = None

    def overdue(self) -> bool:
        return self.limit is not None and time.monotonic() - self.started > self.limit


@dataclass
class Limits:
    """What one document may use: seconds of wall time and bytes of address space (None: no limit)."""

    timeout: float | None = DEFAULT_TIMEOUT
    memory: int | None = int(DEFAULT_MEMORY_GB * 1024**3)
    seconds_per_page: float = DEFAULT_SECONDS_PER_PAGE  # a PDF of many pages gets this much per page, if more

    def for_pages(self, pages: int) -> float | None:
        """The time limit of a document of PAGES pages: ``timeout``, or ``seconds_per_page`` per page when that
        is more (a 300-page scan is OCRed page by page); None without a limit."""
        if self.timeout is None:
            return None
        return max(self.timeout, min(pages, MAX_COUNTED_PAGES) * self.seconds_per_page)


def _status_from(job: _Job, fields: dict[str, Any]) -> DocumentStatus:
    status = DocumentStatus(file=str(job.path), sha256=job.sha256, status=fields.get("status", "failed"))
    for key in ("failure", "tables", "rows", "findings", "error", "seconds", "output", "detail", "peak_rss_mib",
                "peak_child_rss_mib", "cpu_seconds", "worker"):
        if key in fields:
            setattr(status, key, fields[key])
    return status


def _document_process(conn: Any, path: str, outdir: str, folder: str, nomenclature: str | None, tmpdir: str,
                      memory: int | None, starter: int = 0) -> None:
    """The body of a document's process: its own session (so that a time-out can stop the programs it starts,
    LibreOffice or Tesseract), its own temporary folder, stderr into a file there (a crash dump never reaches
    the batch's output), the memory cap, then convert_document and the result back on CONN."""
    os.setsid()
    _watch_starter(starter)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ["TMPDIR"] = tmpdir
    tempfile.tempdir = tmpdir
    try:
        err = os.open(os.path.join(tmpdir, "stderr.txt"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError:  # the batch was stopped while this process started: its folder is gone already
        os._exit(1)
    os.dup2(err, 2)
    os.close(err)
    sys.stderr = open(2, "w", buffering=1, closefd=False)  # noqa: SIM115 - the process's stderr until it ends
    if memory:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    conn.send(convert_document(path, outdir, folder, nomenclature, on_pages=lambda n: conn.send(("pages", n))))
    conn.close()


def _watch_starter(starter: int) -> None:
    """Stop this document's session (it and the programs it runs) once the process that started it (STARTER: the
    batch, or a Dask worker) is gone: killed, it cannot stop us at the time limit. The forkserver we were forked
    from does not end with it (every child holds it alive), so its end would not tell."""
    import threading

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(starter, 0)
            except ProcessLookupError:
                os.killpg(0, signal.SIGKILL)
            except OSError:  # there but not ours to signal: still there
                pass

    if starter > 0:
        threading.Thread(target=watch, name="renstra-watch-starter", daemon=True).start()


_DOCUMENT_PIDS: set[int] = set()  # the document processes this process has started and not yet finished


def stop_documents() -> int:
    """Kill every document process this process started (and the programs they run); how many. On Ctrl-C a
    Dask batch runs this on every worker."""
    stopped = 0
    for pid in list(_DOCUMENT_PIDS):
        try:
            os.killpg(pid, signal.SIGKILL)
            stopped += 1
        except OSError:
            pass
    return stopped


def _start(ctx: Any, job: _Job, outdir: str, nomenclature: str | None, limits: Limits) -> _Running:
    tmpdir = Path(tempfile.mkdtemp(prefix="renstra-batch-"))
    process = None
    try:
        receive, send = ctx.Pipe(duplex=False)
        process = ctx.Process(target=_document_process,
                              args=(send, str(job.path), str(outdir), job.folder, nomenclature, str(tmpdir),
                                    limits.memory, os.getpid()))
        with _sigint_deferred():  # Ctrl-C during start() would leave a process we cannot name
            process.start()
            _DOCUMENT_PIDS.add(process.pid)
        send.close()
        return _Running(job, process, receive, tmpdir, time.monotonic(), limits.timeout)
    except BaseException:  # Ctrl-C while starting: nothing of this document may stay behind
        if process is not None and process.pid is not None:
            process.kill()
            process.join(5)
        shutil.rmtree(tmpdir, ignore_errors=True)
        raise


@contextmanager
def _sigint_deferred() -> Iterator[None]:
    """SIGINT held back for the time of the block (delivered, as KeyboardInterrupt, when it ends)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _stop(run: _Running) -> None:
    """Kill a document's process and every program it started (its session), then wait for it."""
    try:
        os.killpg(run.process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        run.process.kill()
    run.process.join(5)


def _finish_run(run: _Running, limits: Limits, timed_out: bool) -> DocumentStatus:
    """The status of a document whose process has ended (or was stopped); its temporary folder removed."""
    try:
        if timed_out:
            return DocumentStatus(str(run.job.path), run.job.sha256, "failed", failure="time_limit",
                                  seconds=round(time.monotonic() - run.started, 3),
                                  error=f"{printable(source_name(run.job.path))}: not finished within the time "
                                        f"limit of {run.limit or 0:g}s ({_limit_option(run, limits)}); stopped")
        if run.result is not None:
            return _status_from(run.job, run.result)
        code = run.process.exitcode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        return DocumentStatus(str(run.job.path), run.job.sha256, "failed", failure="internal_error",
                              seconds=round(time.monotonic() - run.started, 3),
                              error=f"internal error: the worker process died while reading this document ({how}; "
                                    f"a crash, or out of memory)",
                              detail=_tail(run.tmpdir / "stderr.txt"))
    finally:
        _DOCUMENT_PIDS.discard(run.process.pid)
        run.conn.close()
        shutil.rmtree(run.tmpdir, ignore_errors=True)


def _limit_option(run: _Running, limits: Limits) -> str:
    """The option that set RUN's time limit."""
    return "--timeout" if run.limit == limits.timeout else "--seconds-per-page"


def _tail(path: Path, limit: int = 4000) -> str:
    try:
        return path.read_bytes()[-limit:].decode("utf-8", "replace")
    except OSError:
        return ""


def _run_pool(jobs: list[_Job], outdir: str | Path, workers: int, nomenclature: str | None,
              record: Callable[[_Job, DocumentStatus], None], limits: Limits | None = None) -> None:
    """Run JOBS, WORKERS at a time, each document in a process of its own with the time and memory LIMITS.

    A process that crashes, runs out of memory or out of time fails its document only; the others go on (no
    document is run twice). Every document's temporary folder is removed whatever happened to it.
    """
    limits = limits or Limits()
    ctx = _mp_context()
    queue = list(jobs)
    running: list[_Running] = []
    try:
        while queue or running:
            while queue and len(running) < max(1, workers):
                running.append(_start(ctx, queue.pop(0), str(outdir), nomenclature, limits))
            _wait_some(running, limits)
            for run in list(running):
                status = _settle(run, limits)
                if status is not None:
                    running.remove(run)
                    record(run.job, status)
    except KeyboardInterrupt:
        _interrupt_pool(running, limits, record)
        raise


def _settle(run: _Running, limits: Limits) -> DocumentStatus | None:
    """The status of a document whose process is done (ended, or stopped at the time limit); None while it runs."""
    if run.result is None and not run.process.is_alive():
        _receive(run, limits)  # a process may end before its result has been read
    timed_out = run.overdue()
    if run.result is None and run.process.is_alive() and not timed_out:
        return None
    if timed_out and run.result is None:
        _stop(run)
    else:
        run.process.join(5)
        if run.process.is_alive():
            _stop(run)
    return _finish_run(run, limits, timed_out and run.result is None)


def _interrupt_pool(running: list[_Running], limits: Limits, record: Callable[[_Job, DocumentStatus], None]) -> None:
    """Ctrl-C: every running document stopped; one written just before Ctrl-C belongs in the summary."""
    for run in running:
        if run.result is None:
            try:
                if run.conn.poll(0.5):
                    run.result = run.conn.recv()
            except (EOFError, OSError):
                pass
        _stop(run)
        if run.result is not None:
            record(run.job, _finish_run(run, limits, False))
        else:
            _DOCUMENT_PIDS.discard(run.process.pid)
            run.conn.close()
            shutil.rmtree(run.tmpdir, ignore_errors=True)


def run_one(job: _Job, outdir: str, nomenclature: str | None, limits: Limits) -> DocumentStatus:
    """One document in a process of its own, exactly as the pool runs it: the task a Dask worker runs."""
    statuses: list[DocumentStatus] = []
    _run_pool([job], outdir, 1, nomenclature, lambda _job, status: statuses.append(status), limits)
    return statuses[0]


def _wait_some(running: list[_Running], limits: Limits) -> None:
    """Block until a result arrives, a process ends, or the nearest time limit passes."""
    from multiprocessing.connection import wait as wait_ready

    deadlines = [r.started + r.limit for r in running if r.limit is not None]
    timeout = max(0.0, min(deadlines) - time.monotonic()) + 0.05 if deadlines else None
    ready = wait_ready([r.conn for r in running if r.result is None] + [r.process.sentinel for r in running],
                       timeout)
    for run in running:
        if run.result is None and run.conn in ready:
            _receive(run, limits)


def _receive(run: _Running, limits: Limits) -> None:
    """What the document's process has sent: its page count (which sets its time limit), then its result."""
    try:
        while run.result is None and run.conn.poll():
            message = run.conn.recv()
            if isinstance(message, tuple) and len(message) == 2 and message[0] == "pages":
                run.limit = limits.for_pages(int(message[1]))
            elif isinstance(message, dict):
                run.result = message
    except (EOFError, OSError):
        pass  # the process died before sending: its exit code says why


def run_batch(inputs: Sequence[str | os.PathLike[str]] | str | os.PathLike[str], outdir: str | os.PathLike[str],
              workers: int | None = None, force: bool = False, nomenclature: str | os.PathLike[str] | None = None,
              progress: bool = True, report: Report | None = None, timeout: float | None = DEFAULT_TIMEOUT,
              memory_gb: float | None = DEFAULT_MEMORY_GB, cluster: str | Any | None = None,
              announce: Callable[[str], None] | None = None,
              seconds_per_page: float = DEFAULT_SECONDS_PER_PAGE) -> BatchSummary:
    """Convert every document named by INPUTS into OUTDIR; see the module docstring for the layout.

    ``workers`` defaults to os.cpu_count(). ``force`` re-converts documents the manifest lists as done with this
    tool version. ``nomenclature`` (a stored name or a path) is checked once before any work starts.
    ``report`` is called with each document's status as it finishes. ``timeout`` (seconds) and ``memory_gb``
    (address space) bound each document's process; None means no limit. A PDF gets ``seconds_per_page`` per
    page instead of ``timeout`` when that is more (0: ``timeout`` alone). A defect of the tool (an exception that
    is not an InputError, a crashed process) is recorded with failure ``internal_error`` and its traceback in
    OUTDIR/internal-errors.log. INPUTS and OUTDIR may be URLs (s3://, gs://, memory://: extractor/store.py).
    ``cluster`` runs the documents on Dask instead of the local pool: a scheduler address, 'local:N' or a
    distributed.Client (extractor/executor.py); ``announce`` gets its dashboard link. Raises OutputError when
    OUTDIR cannot be written, InputError when INPUTS name no document at all, BatchInterrupted on Ctrl-C (after
    writing the summary of what finished).
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    check_shared([outdir, *inputs])
    store = open_store(outdir)
    started = time.perf_counter()
    store.prepare()
    store.clean_partials()  # left by a run that was killed
    files, missing = collect_inputs(inputs)
    if not files and not missing:
        raise InputError("no documents found in " + ", ".join(os.fspath(i) for i in inputs))
    nom_key = _check_nomenclature(nomenclature)
    limits = Limits(timeout, int(memory_gb * 1024**3) if memory_gb else None, seconds_per_page)
    with open_backend(cluster, workers, announce) as backend:
        summary = BatchSummary(outdir=store.location, started=_now(), workers=backend.workers, cluster=backend.address)
        recorder = _Recorder(store, summary, _Progress(len(files) + len(missing), progress), report)
        try:
            for status in missing:
                recorder(None, status)
            jobs = _plan(files, store, recorder.manifest, force, recorder)
            if jobs:
                backend.run(jobs, str(store), nom_key, recorder, limits)
        except KeyboardInterrupt:
            recorder.interrupted(started)
        finally:
            recorder.bar.close()
    if recorder.unwritten:
        recorder.write_manifest()
    store.clean_partials()
    _finish(summary, started)
    return summary


class _Recorder:
    """Takes each document's status as it comes: the summary, the manifest (written at once, so that a killed run
    loses nothing done), the internal-errors log, the progress bar and the caller's report."""

    def __init__(self, store: Store, summary: BatchSummary, bar: _Progress, report: Report | None):
        self.store = store
        self.summary = summary
        self.bar = bar
        self.report = report
        self.manifest = _manifest_of(store)
        self.unwritten = 0  # documents remembered since the manifest was last written
        self.written = time.monotonic()

    def __call__(self, job: _Job | None, status: DocumentStatus) -> None:
        self.summary.documents.append(status)
        if job is not None and status.status == "ok":
            _remember(self.manifest, status)
            self.unwritten += 1
            if time.monotonic() - self.written >= self.store.manifest_every:
                self.write_manifest()
        if status.failure == "internal_error":
            self.store.append_text(INTERNAL_ERRORS_LOG, f"=== {_now()} {printable(status.file)}\n{status.error}\n"
                                                        f"{status.detail.rstrip()}\n\n")
        self.bar.advance(status.status)
        if self.report is not None:
            self.report(status)

    def write_manifest(self) -> None:
        _write_manifest(self.store, self.manifest)
        self.unwritten, self.written = 0, time.monotonic()

    def interrupted(self, started: float) -> None:
        """Ctrl-C: partial outputs removed, the manifest and the summary of what finished written; raises
        BatchInterrupted."""
        self.bar.close()
        self.store.clean_partials()
        self.summary.interrupted = True
        for status in self.summary.documents:  # Ctrl-C may have come while the manifest was being written
            if status.status == "ok" and status.sha256 and status.output:
                _remember(self.manifest, status)
        self.write_manifest()
        _finish(self.summary, started)
        raise BatchInterrupted(self.summary) from None


def _finish(summary: BatchSummary, started: float) -> None:
    summary.finished = _now()
    summary.seconds = time.perf_counter() - started
    write_summary(summary)


def _plan(files: list[Source], store: Store, manifest: dict[str, Any], force: bool,
          record: Callable[[_Job | None, DocumentStatus], None]) -> list[_Job]:
    """Hash every file; record the ones to skip (converted before, or the same content twice); return the rest."""
    jobs: list[_Job] = []
    planned: dict[str, Source] = {}
    for path in files:
        try:
            sha = input_sha256(path)
        except OSError as exc:
            record(None, DocumentStatus(str(path), None, "failed", failure="bad_input",
                                        error=f"{source_name(path)}: cannot be read ({exc.strerror or exc})"))
            continue
        suffix = PurePosixPath(source_name(path)).suffix.lower()
        key = f"{sha}{suffix}"  # the suffix picks the reader: same bytes, other suffix, other result
        if key in planned:
            record(None, DocumentStatus(str(path), sha, "skipped",
                                        error=f"same content as {planned[key]}"))
            continue
        planned[key] = path
        done = None if force else _already_done(manifest, sha, store, suffix)
        if done is not None:
            record(None, DocumentStatus(str(path), sha, "skipped", tables=int(done.get("tables", 0)),
                                        rows=int(done.get("rows", 0)), findings=int(done.get("findings", 0)),
                                        error="already converted with this tool version (use --force to redo)",
                                        output=str(done["folder"])))
            continue
        jobs.append(_Job(path, sha, folder_name(path, sha)))
    # largest first: a long document started last would leave the other workers idle at the end
    jobs.sort(key=lambda j: -input_size(j.path))
    return jobs


def _check_nomenclature(nomenclature: str | os.PathLike[str] | None) -> str | None:
    if nomenclature is None:  # the pipeline chooses the best-fitting list per document
        return None
    if os.fspath(nomenclature).strip().lower() == "none":  # matching off
        return "none"
    from .nomenclature import resolve_nomenclature

    key = os.fspath(nomenclature)
    p = Path(key).expanduser()
    if p.exists():
        key = str(p.resolve())
    resolve_nomenclature(key)  # ReferenceDataError now rather than once per document
    return key


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
