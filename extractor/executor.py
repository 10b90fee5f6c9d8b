"""Where the documents of a batch are converted: the process pool of this machine (the default) or a Dask
cluster (``--cluster tcp://scheduler:8786``, or ``--cluster local:N`` for a LocalCluster of N worker processes).

Both run the same thing per document: batch.run_one / batch._run_pool start a process of its own for the
document (time limit, memory cap, its own temporary folder) that calls batch.convert_document. On a cluster a
Dask task does that on a worker; the Dask worker itself never reads a document, so a crashing reader fails its
document only. A Dask worker that dies itself (killed, out of memory) fails the documents it was running: the
scheduler must not retry them (``distributed.scheduler.allowed-failures: 0``, set for a LocalCluster here; see
docs/scaling.md for a cluster of your own) and they are recorded as internal errors.

Dask is optional (``pip install 'renstra[cluster]'``); the pool needs nothing.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, first_line
from .store import CLUSTER_EXTRA, source_name

if TYPE_CHECKING:
    from .batch import DocumentStatus, Limits, _Job

Record = Callable[["_Job", "DocumentStatus"], None]
# A LocalCluster's scheduler records a document whose worker died instead of running it again elsewhere; its
# workers may start processes (one per document), which daemon processes may not.
DASK_CONFIG = {"distributed.scheduler.allowed-failures": 0, "distributed.worker.daemon": False}
# The worker processes of a local cluster log only what is critical: on Ctrl-C, a worker whose heartbeat meets the
# scheduler closing logs "Failed to communicate with scheduler" with a traceback, noise on the user's terminal
# (the batch records every document's failure itself). Read from the environment when a worker process imports
# distributed (it is spawned), so it is set for the cluster's life.
LOCAL_WORKER_ENV = {"DASK_DISTRIBUTED__LOGGING__DISTRIBUTED": "critical"}
CONNECT_TIMEOUT = "30s"


class _LostCancelOfSync(logging.Filter):
    """Drops one record of Dask's event loop: distributed's sync() (2026.8) answers Ctrl-C with a loop callback
    that cancels the call it waits for, and that callback raises NameError when the interrupt came before the call
    had begun (its future is not yet assigned); tornado logs it as an error with a traceback. The call it meant to
    cancel ends when the client closes, which the batch does next: the record is noise on the user's terminal,
    and read as a crash. Every other record passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if not isinstance(error, NameError) or error.__traceback__ is None:
            return True
        last = traceback.extract_tb(error.__traceback__)[-1]
        return not (last.name == "cancel" and Path(last.filename).parent.name == "distributed")


@contextmanager
def _lost_cancel_of_sync_dropped() -> Iterator[None]:
    """_LostCancelOfSync on tornado's logger of callback errors for the block (the client's life)."""
    log = logging.getLogger("tornado.application")
    drop = _LostCancelOfSync()
    log.addFilter(drop)
    try:
        yield
    finally:
        log.removeFilter(drop)


class PoolBackend:
    """The documents in processes of this machine, WORKERS at a time."""

    def __init__(self, workers: int | None):
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.address = ""

    def run(self, jobs: list[_Job], outdir: str, nomenclature: str | None, record: Record, limits: Limits) -> None:
        from . import batch

        batch._run_pool(jobs, outdir, self.workers, nomenclature, record, limits)


class DaskBackend:
    """The documents as tasks of a Dask cluster, one per worker thread at a time, largest first."""

    def __init__(self, client: Any):
        self.client = client
        self.address = str(client.scheduler.address)
        self.workers = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()) or 1

    def run(self, jobs: list[_Job], outdir: str, nomenclature: str | None, record: Record, limits: Limits) -> None:
        from distributed import as_completed

        from . import batch

        futures = {}
        run = uuid.uuid4().hex[:8]  # keys of this run only: a client may run several batches
        for rank, job in enumerate(jobs):  # jobs come largest first; a higher priority starts earlier
            future = self.client.submit(batch.run_one, job, outdir, nomenclature, limits, pure=False, retries=0,
                                        priority=len(jobs) - rank, key=f"renstra-{run}-{rank}-{job.sha256[:12]}")
            futures[future] = job
        recorded: set[Any] = set()
        try:
            for future in as_completed(futures):
                recorded.add(future)  # first: Ctrl-C while recording must not record it twice
                record(futures[future], _status_of(future, futures[future]))
        except KeyboardInterrupt:
            self._interrupt(futures, recorded, record)
            raise

    def _interrupt(self, futures: dict[Any, _Job], recorded: set[Any], record: Record) -> None:
        """Ctrl-C: a document that finishes within half a second is recorded (as the pool does), the others are
        cancelled and their processes stopped on the workers."""
        from distributed import wait

        from . import batch

        pending = [f for f in futures if f not in recorded]
        try:
            wait(pending, timeout=0.5)
        except TimeoutError:
            pass
        for future in pending:
            if future.status == "finished":
                record(futures[future], _status_of(future, futures[future]))
        self.client.cancel([f for f in pending if f.status != "finished"])
        try:
            self.client.run(batch.stop_documents)
        except Exception:  # a worker that is gone has nothing left to stop
            pass


def _status_of(future: Any, job: _Job) -> DocumentStatus:
    """A document's status from its finished (or failed) task."""
    from .batch import DocumentStatus

    if future.status == "finished":
        status: DocumentStatus = future.result()
        return status
    exc = future.exception() if future.status == "error" else None
    name = source_name(job.path)
    if exc is None:
        error = (f"internal error: the Dask task of {name} was {future.status} (the scheduler was lost or "
                 f"restarted); not converted")
    elif type(exc).__name__ == "KilledWorker":
        error = (f"internal error: the Dask worker died while converting {name} (killed, or out of memory); "
                 f"not retried")
    else:
        error = f"internal error: the Dask task of {name} failed: {type(exc).__name__}: {first_line(str(exc))}"
    detail = "".join(traceback.format_exception(exc)) if exc is not None else ""
    return DocumentStatus(str(job.path), job.sha256, "failed", failure="internal_error", error=error, detail=detail)


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise InputError(f"--cluster needs Dask (dask[distributed]): {CLUSTER_EXTRA}") from None
    return distributed


def local_workers(cluster: str) -> int | None:
    """N of 'local:N' (None for an address)."""
    if not cluster.startswith("local:"):
        return None
    try:
        count = int(cluster[len("local:"):])
    except ValueError:
        count = 0
    if count < 1:
        raise InputError(f"--cluster {cluster}: say local:N with N worker processes, N >= 1")
    return count


def _worker_facts() -> dict[str, Any]:
    """Run on every Dask worker before the batch starts: what the checks below need."""
    import multiprocessing

    from . import __version__

    return {"version": __version__, "daemon": bool(multiprocessing.current_process().daemon)}


def check_workers(client: Any) -> None:
    """The scheduler and every worker can run this version of renstra and the workers may start processes;
    InputError saying what to fix."""
    from . import __version__

    client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
    try:  # the scheduler unpickles every task too: it needs renstra as much as the workers
        client.run_on_scheduler(_worker_facts)
        workers = client.run(_worker_facts)
    except Exception as exc:  # distributed passes on a failure to unpickle as a plain Exception
        why = first_line(str(exc)) or type(exc).__name__
        raise InputError(f"the Dask scheduler or workers cannot run renstra ({why}): install renstra "
                         f"{__version__} on the scheduler and on every worker") from None
    for address, facts in workers.items():
        if facts["version"] != __version__:
            raise InputError(f"Dask worker {address} runs renstra {facts['version']}, this is {__version__}: "
                             f"install the same version on every worker")
        if facts["daemon"]:
            raise InputError(f"Dask worker {address} is a daemon process and cannot start one process per "
                             f"document: start the workers with DASK_DISTRIBUTED__WORKER__DAEMON=False")


@contextmanager
def open_backend(cluster: str | Any | None, workers: int | None,
                 announce: Callable[[str], None] | None = None) -> Iterator[PoolBackend | DaskBackend]:
    """The backend for CLUSTER: None -> the process pool (WORKERS processes); 'local:N' -> a LocalCluster of N
    processes, closed at the end; an address -> a client of that scheduler; a distributed.Client -> used as it
    is. The dashboard link goes to ANNOUNCE."""
    if cluster is None:
        yield PoolBackend(workers)
        return
    if not isinstance(cluster, str):
        check_workers(cluster)
        yield DaskBackend(cluster)
        return
    with _client(cluster) as client:
        check_workers(client)
        if announce is not None:
            announce(f"Dask dashboard: {client.dashboard_link}")
        yield DaskBackend(client)


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """SIGINT ignored for the block (in the main thread; elsewhere signals cannot be set and nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Environment variables set for the block (the processes started in it inherit them), then restored."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def _client(cluster: str) -> Iterator[Any]:
    count = local_workers(cluster)
    distributed = _distributed()
    import dask

    # for the cluster's whole life: a LocalCluster's nannies read it again when they restart a worker that died
    with dask.config.set(DASK_CONFIG), ExitStack() as stack:
        stack.enter_context(_lost_cancel_of_sync_dropped())
        if count is not None:
            stack.enter_context(_environment(LOCAL_WORKER_ENV))
            with _sigint_ignored():  # inherited by the workers: Ctrl-C is the batch's to handle, not theirs
                local = distributed.LocalCluster(n_workers=count, threads_per_worker=1, processes=True,
                                                 dashboard_address=":0")
            client = distributed.Client(local)
        else:
            local = None
            try:
                client = distributed.Client(cluster, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as exc:
                raise InputError(f"--cluster {cluster}: no Dask scheduler answers there ({exc})") from None
        try:
            yield client
        finally:
            client.close()
            if local is not None:
                local.close()
