"""Whole files or nothing: a temporary file beside the target, then a rename over it (atomic on one file
system). Every file the tool writes (outputs, reports, stored nomenclature lists) goes through here. Imports
only the package's errors."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError


def file_mode() -> int:
    """The mode a new file gets under the current umask (mkstemp makes 0600; written files get the usual)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def short_name(name: str) -> str:
    """A file name's first characters, for a temporary name beside it that stays under the length limit."""
    return name[:40]


def new_temp(path: Path) -> Path:
    """An empty temporary file beside ``path`` (same folder, so a rename over ``path`` is atomic)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{short_name(path.name)}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(f"{path.parent}: cannot write outputs there ({exc.strerror or exc})") from None
    return Path(name)


@contextmanager
def removed_on_error(tmp: Path, path: Path) -> Iterator[None]:
    """The temporary file is removed when the block fails; an OSError becomes OutputError naming ``path``."""
    try:
        yield
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write the whole file to; renamed over ``path`` only when the block
    ends without an error, removed otherwise. Errors become OutputError naming the file."""
    tmp = new_temp(path)
    with removed_on_error(tmp, path):
        yield tmp
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)


def write_atomic(path: Path, data: str | bytes, encoding: str = "utf-8") -> None:
    """Write a whole file or nothing: a temporary file in the same folder, then a rename over the target.
    ``data`` as text (written in ``encoding``, line ends as given) or as bytes."""
    with atomic_path(path) as tmp, tmp.open("wb") as fh:  # a failure on the way leaves the target as it was
        fh.write(data if isinstance(data, bytes) else str.encode(data, encoding))  # line ends as given
        fh.flush()
        os.fsync(fh.fileno())
