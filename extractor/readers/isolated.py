"""Run one function over the pages of a document in forked child processes, so that one page can never sink
the document: an exception on a page and a crash of the process on a page (pdfium aborts the whole process on
some damaged pages, and it is not thread-safe, so it must never run in two threads at once) both come back as
that page's ``PageFailure``; the pages after it are read by a fresh child.

The children are forked (they inherit the parent's imports, nothing is pickled but the results), each opens
its own pdfium document, and each streams one result per item through a pipe, so that when a child dies the
parent knows which item killed it. Where the system cannot fork, the items are read in this process (the
exceptions are still caught per item; a crash then ends the program).
"""

from __future__ import annotations

import faulthandler
import gc
import multiprocessing
import os
import signal
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from ..gcpolicy import THRESHOLDS

PAGE_FAILED = "page-failed"  # the input's fault (a damaged page, a tool that refused it)
INTERNAL_ERROR = "internal-error"  # our defect: any other exception


@dataclass(frozen=True)
class PageFailure:
    """Why one item (a page) could not be read: ``code`` is PAGE_FAILED or INTERNAL_ERROR."""

    item: Any
    code: str
    reason: str
    traceback: str = ""


def failure_of(item: Any, exc: BaseException, bad_input: tuple[type[BaseException], ...]) -> PageFailure:
    """A PageFailure for ``exc``: PAGE_FAILED for the ``bad_input`` kinds, INTERNAL_ERROR with its traceback
    for anything else."""
    text = " ".join(str(exc).split())[:300] or type(exc).__name__
    if isinstance(exc, bad_input):
        return PageFailure(item, PAGE_FAILED, text)
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return PageFailure(item, INTERNAL_ERROR, f"{type(exc).__name__}: {text}", trace)


def _signal_name(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return signal.Signals(-exitcode).name
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit code {exitcode}"


def _child(conn: Connection, func: Callable[[Any], Any], items: Sequence[Any], start: int,
           bad_input: tuple[type[BaseException], ...]) -> None:
    faulthandler.disable()  # a crash here is reported by the parent as a note, not as a stack dump on stderr
    gc.set_threshold(*THRESHOLDS)  # for good: the child ends with its items (see gcpolicy)
    try:
        for k in range(start, len(items)):
            try:
                conn.send((k, True, func(items[k])))
            except Exception as exc:  # noqa: BLE001 - every failure goes back to the parent as data
                conn.send((k, False, failure_of(items[k], exc, bad_input)))
    finally:
        conn.close()


ITEM_TIME_LIMIT = 60.0  # CPU seconds for one page (an OCR'd page of small print takes ~10 s; a normal page < 1 s)
WALL_FACTOR = 10.0  # a page may take this many times its CPU limit in wall time (one that waits, using no CPU)
WAIT_STEP = 5.0
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
MAX_PROCESS_DEPTH = 3  # a page's child, the programs it runs (Tesseract), and theirs


def cpu_seconds(pid: int, depth: int = MAX_PROCESS_DEPTH) -> float | None:
    """CPU seconds (user + system) used so far by process ``pid``, its waited-for children, and its live
    descendants (``depth`` levels down), from /proc; None where /proc does not say (not Linux, or gone).

    A page's time is measured in CPU, not on the wall clock: on a loaded machine (a batch of many documents, a
    shared server) a page waits for a core, and a wall-clock limit would fail pages that are only slow to be
    scheduled, so that the same document gave different rows from run to run."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        own = sum(int(x) for x in fields[11:15]) / _CLOCK_TICKS  # utime, stime, cutime, cstime
    except (OSError, ValueError, IndexError):
        return None
    if depth > 0:
        for child in _children(pid):
            own += cpu_seconds(child, depth - 1) or 0.0
    return own


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            return [int(x) for x in fh.read().split()]
    except (OSError, ValueError):
        return []


def item_time_limit() -> float:
    """ITEM_TIME_LIMIT, or RENSTRA_PAGE_TIMEOUT seconds when set to a positive number."""
    try:
        value = float(os.environ.get("RENSTRA_PAGE_TIMEOUT", ""))
    except ValueError:
        return ITEM_TIME_LIMIT
    return value if value > 0 else ITEM_TIME_LIMIT


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class _Lane:
    """One child working through ``items`` in order, restarted after the item that killed it."""

    def __init__(self, func: Callable[[Any], Any], items: Sequence[Any],
                 bad_input: tuple[type[BaseException], ...]) -> None:
        self.func, self.items, self.bad_input = func, items, bad_input
        self.next = 0  # first item without a result
        self.conn: Connection | None = None
        self.proc: Any = None
        self.since = time.monotonic()  # when the item the child is on was started
        self.cpu_since: float | None = None  # the child's CPU seconds then (None: not known here)
        self._start()

    def _start(self) -> None:
        if self.next >= len(self.items):
            self.conn = None
            return
        ctx = multiprocessing.get_context("fork")
        reader, writer = ctx.Pipe(duplex=False)
        self.proc = ctx.Process(target=_child, args=(writer, self.func, self.items, self.next, self.bad_input),
                                daemon=True)
        gc.freeze()  # the parent's objects out of the child's collections: they stay shared, not copied
        try:
            self.proc.start()
        finally:
            gc.unfreeze()
        writer.close()
        self.conn = reader
        self._mark()

    def _mark(self) -> None:
        """The child starts on its next item now."""
        self.since = time.monotonic()
        self.cpu_since = cpu_seconds(self.proc.pid) if self.proc is not None else None

    def receive(self) -> list[tuple[Any, Any]]:
        """What the child has sent (item, result or PageFailure); on its death, the failure of the item it was
        on, and a new child for the rest."""
        assert self.conn is not None
        try:
            k, ok, value = self.conn.recv()
        except (EOFError, OSError):
            self.conn.close()
            self.proc.join()
            out: list[tuple[Any, Any]] = []
            if self.next < len(self.items):
                item = self.items[self.next]
                out.append((item, PageFailure(item, PAGE_FAILED, "the PDF library crashed on this page "
                                                                 f"({_signal_name(self.proc.exitcode)})")))
                self.next += 1
            self._start()
            return out
        self.next = k + 1
        self._mark()
        return [(self.items[k], value)]

    def overdue(self, limit: float) -> list[tuple[Any, Any]]:
        """The item the child has been on past its limit (a page the PDF library loops on) as a failure, its
        child killed and a new one started for the rest; nothing when it is within the limit. The limit is
        ``limit`` CPU seconds (the child's and its programs'), or WALL_FACTOR times that on the wall clock for a
        page that waits without using CPU; only the wall clock where CPU time cannot be read."""
        if self.conn is None:
            return []
        why = self._past_limit(limit)
        if why is None:
            return []
        self.stop()
        item = self.items[self.next]
        self.next += 1
        self._start()
        return [(item, PageFailure(item, PAGE_FAILED, f"reading this page {why}: stopped (the PDF library did "
                                                      "not finish it)"))]

    def _past_limit(self, limit: float) -> str | None:
        wall = time.monotonic() - self.since
        now = cpu_seconds(self.proc.pid) if self.cpu_since is not None else None
        if now is None or self.cpu_since is None:
            return f"took longer than {limit:g} s" if wall > limit else None
        if now - self.cpu_since > limit:
            return f"used more than {limit:g} s of CPU"
        if wall > limit * WALL_FACTOR:
            return f"took longer than {limit * WALL_FACTOR:g} s"
        return None

    def stop(self) -> None:
        if self.conn is not None:
            self.conn.close()
        if self.proc is not None and self.proc.is_alive():
            self.proc.kill()
            self.proc.join()


def run_isolated(func: Callable[[Any], Any], items: Sequence[Any], workers: int = 1,
                 bad_input: tuple[type[BaseException], ...] = (),
                 time_limit: float | None = None) -> Iterator[tuple[Any, Any]]:
    """(item, func(item) or a PageFailure) for every item, in the order they finish (in item order with one
    worker). ``workers`` children share the items (item k goes to child k % workers). An item that runs past
    ``time_limit`` seconds (default ITEM_TIME_LIMIT, env RENSTRA_PAGE_TIMEOUT) fails and the rest go on."""
    limit = time_limit if time_limit is not None else item_time_limit()
    if not items:
        return
    if not can_fork():
        yield from _run_inline(func, items, bad_input)
        return
    yield from _run_lanes(func, items, max(1, min(workers, len(items))), bad_input, limit)


def _run_inline(func: Callable[[Any], Any], items: Sequence[Any],
                bad_input: tuple[type[BaseException], ...]) -> Iterator[tuple[Any, Any]]:
    """Without fork: the items in this process, a failure caught per item (a crash is not contained)."""
    for item in items:
        try:
            yield item, func(item)
        except Exception as exc:  # noqa: BLE001
            yield item, failure_of(item, exc, bad_input)


def _run_lanes(func: Callable[[Any], Any], items: Sequence[Any], n: int,
               bad_input: tuple[type[BaseException], ...], limit: float) -> Iterator[tuple[Any, Any]]:
    """The items shared by ``n`` child processes (item k to child k % n), results as they arrive."""
    lanes = [_Lane(func, items[i::n], bad_input) for i in range(n)]
    try:
        while True:
            active = {lane.conn: lane for lane in lanes if lane.conn is not None}
            if not active:
                return
            ready = wait(list(active), timeout=min(limit, WAIT_STEP))
            for conn in ready:
                yield from active[conn].receive()  # type: ignore[index]
            for lane in active.values():
                if lane.conn not in ready:
                    yield from lane.overdue(limit)
    finally:
        for lane in lanes:
            lane.stop()
