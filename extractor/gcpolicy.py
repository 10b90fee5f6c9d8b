"""Fewer garbage collections while a document is converted.

Reading a document makes many thousands of small objects (a page's characters are dicts, a table's cells and
rows are dataclasses) that live for a page or a table and are then freed by their reference counts. With
Python's default thresholds (700, 10, 10) the collector scans them again and again, promotes them to the old
generation, and then scans the whole old generation (every object the imported libraries hold): about a tenth of
a second per document in the page readers and as much again in the main process. With ``THRESHOLDS`` they are
mostly freed before any collection sees them; reference cycles are still collected, after 50000 allocations
instead of 700.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLDS = (50_000, 20, 20)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """The collector at ``THRESHOLDS`` inside the block (also a decorator), as it was after it."""
    before = gc.get_threshold()
    gc.set_threshold(*THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
