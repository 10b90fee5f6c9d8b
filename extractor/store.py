"""Where `renstra batch` reads documents and writes outputs: a folder on this machine, or any fsspec URL.

    store = open_store("s3://bucket/out")      # or "out/", "file:///data/out", "memory://out", "gs://..."
    store.write_text("summary.json", text)    # whole or nothing
    with store.staging("doc-0123456789") as folder:
        write_outputs(result, folder)        # published as OUTDIR/doc-0123456789 only when the block succeeds

A plain path (or ``file://``) is a LocalStore: a temporary folder inside OUTDIR renamed into place, files
written beside their target and renamed over it (atomic on one file system). Any other scheme is a
RemoteStore through fsspec (an optional dependency: ``pip install 'renstra[cluster]'``): each document's
outputs are written on local disk, uploaded under a temporary prefix ``OUTDIR/.partial-<folder>-<token>/``,
then copied over the final prefix key by key (one request each, server-side), the final prefix's keys the new
set does not have deleted, and the temporary prefix removed. A run killed between those copies can leave a
folder that mixes the old and the new files of the same document; the manifest (written only after the
whole set is published) then does not list it at this tool version and a re-run converts it again. Single
files (manifest, summary) are one PUT each, which object stores make visible whole or not at all.

Inputs: ``local_input`` gives a reader a path on this machine (a remote document is downloaded, under its own
file name, into a temporary folder removed afterwards).
"""

from __future__ import annotations

import errno
import glob
import hashlib
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import InputError, OutputError

PARTIAL_PREFIX = ".partial-"
CLUSTER_EXTRA = "pip install 'renstra[cluster]'"
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]+)://")
_GLOB_CHARS = re.compile(r"[*?\[]")


def url_scheme(text: str) -> str:
    """The scheme of a URL ('s3', 'memory', 'file'), '' for a plain path."""
    match = _SCHEME.match(text)
    return match.group(1).lower() if match else ""


def is_url(text: str | os.PathLike[str]) -> bool:
    """True for a URL that fsspec opens (s3://, gs://, memory://, ...); False for a path and for file://."""
    return url_scheme(os.fspath(text)) not in ("", "file")


def local_path(text: str | os.PathLike[str]) -> Path:
    """A plain path, or the path of a file:// URL."""
    text = os.fspath(text)
    return Path(text[len("file://"):]) if url_scheme(text) == "file" else Path(text).expanduser()


def source_name(source: str | os.PathLike[str]) -> str:
    """The file name of a path or a URL (the part after the last slash)."""
    return PurePosixPath(os.fspath(source).rstrip("/")).name


def filesystem(url: str) -> tuple[Any, str]:
    """fsspec's file system for URL and the path inside it; InputError naming the extra when fsspec (or the
    package of that scheme, s3fs for s3://, gcsfs for gs://) is not installed."""
    try:
        import fsspec  # type: ignore[import-untyped]
    except ImportError:
        raise InputError(f"{url}: reading and writing URLs needs fsspec: {CLUSTER_EXTRA}") from None
    try:
        return fsspec.core.url_to_fs(url)
    except ImportError as exc:  # fsspec says which package: "Please install gcsfs to access Google Storage"
        hint = f"; {CLUSTER_EXTRA}" if url_scheme(url) in ("s3", "s3a") else ""  # the extra brings s3fs
        raise InputError(f"{url}: {url_scheme(url)}:// needs a package that is not installed ({exc}){hint}") from None
    except ValueError as exc:
        raise InputError(f"{url}: {exc}") from None


def check_shared(locations: list[str | os.PathLike[str]]) -> None:
    """InputError for a memory:// location: it lives inside one process, and a batch converts each document in a
    process of its own (use a folder or an object store the workers share)."""
    for location in locations:
        if url_scheme(os.fspath(location)) == "memory":
            raise InputError(f"{os.fspath(location)}: memory:// is private to one process and each document is "
                             f"converted in a process of its own; use a folder or an object store (s3://, gs://)")


def open_store(outdir: str | os.PathLike[str]) -> LocalStore | RemoteStore:
    """The store of OUTDIR: RemoteStore for a URL fsspec opens, LocalStore for a path or file://."""
    if is_url(outdir):
        return RemoteStore(os.fspath(outdir))
    return LocalStore(local_path(outdir))


# ------------------------------------------------------------------------------------------------ inputs


Source = Path | str  # a document: a path on this machine or a URL


def find_documents(inputs: Iterable[str | os.PathLike[str]], suffixes: tuple[str, ...]
                   ) -> tuple[list[Source], list[tuple[str, str]]]:
    """The documents INPUTS name (see batch.collect_inputs), duplicates dropped, and (input, why) for each input
    that names none."""
    found: list[Source] = []
    unmatched: list[tuple[str, str]] = []
    for item in inputs:
        text = os.fspath(item)
        files, error = _expand(text, suffixes)
        found.extend(files)
        if error:
            unmatched.append((text, error))
    seen: set[Source] = set()
    unique = []
    for f in found:
        key = f.resolve() if isinstance(f, Path) else f
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, unmatched


def _expand(text: str, suffixes: tuple[str, ...]) -> tuple[list[Source], str]:
    """The documents one input names, or why none ('' when some were found)."""
    if is_url(text):
        urls: list[Source] = list(expand_url(text, suffixes))
        return urls, "" if urls else "no document matches"
    p = local_path(text)
    if p.is_dir():
        return list(_documents_under(p, suffixes)), ""
    if p.exists():
        return [p], ""
    if not _GLOB_CHARS.search(text):
        return [], "no such file or folder"
    matches = sorted(Path(m) for m in glob.glob(str(p), recursive=True))
    files: list[Source] = [m for m in matches if m.is_file() and m.suffix.lower() in suffixes]
    for m in matches:
        if m.is_dir():
            files.extend(f for f in _documents_under(m, suffixes))
    return files, "" if files else "no document matches"


def _documents_under(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    return sorted(f for f in folder.rglob("*") if f.is_file() and f.suffix.lower() in suffixes
                  and not f.name.startswith("~$"))


def expand_url(text: str, suffixes: tuple[str, ...]) -> list[str]:
    """The documents a URL names: a file, every supported file under a prefix, or the matches of a glob
    (``**`` reaches into sub-prefixes). Sorted; [] when nothing matches."""
    fs, path = filesystem(text)
    if _GLOB_CHARS.search(path):
        matches = sorted(fs.glob(path))
        explicit = False
    elif fs.isdir(path):
        matches, explicit = [path], False
    elif fs.exists(path):
        return [text]
    else:
        return []
    found: list[str] = []
    for match in matches:
        names = sorted(fs.find(match)) if fs.isdir(match) else [match]
        found += [n for n in names if explicit or _supported_name(n, suffixes)]
    return [fs.unstrip_protocol(n) for n in found]


def _supported_name(name: str, suffixes: tuple[str, ...]) -> bool:
    base = source_name(name)
    return PurePosixPath(base).suffix.lower() in suffixes and not base.startswith("~$")


def input_sha256(source: str | Path) -> str:
    """The sha256 of a document's bytes (a local file or a URL)."""
    if not is_url(source):
        from .pipeline import file_sha256

        return file_sha256(Path(source))
    fs, path = filesystem(str(source))
    digest = hashlib.sha256()
    with fs.open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_size(source: str | Path) -> int:
    """Bytes of a document (0 when it cannot be asked)."""
    try:
        if not is_url(source):
            return Path(source).stat().st_size
        fs, path = filesystem(str(source))
        return int(fs.size(path) or 0)
    except (OSError, InputError, ValueError):
        return 0


@contextmanager
def local_input(source: str | Path) -> Iterator[Path]:
    """A path on this machine holding the document: the file itself, or a download of the URL into a
    temporary folder (removed when the block ends) under the document's own name, so that the result names
    the same file whichever way it was read."""
    if not is_url(source):
        yield Path(source)
        return
    fs, path = filesystem(str(source))
    folder = Path(tempfile.mkdtemp(prefix="renstra-input-"))
    try:
        target = folder / (source_name(str(source)) or "document")
        try:
            fs.get_file(path, str(target))
        except FileNotFoundError:
            raise InputError(f"{source}: no such file") from None
        except OSError as exc:
            raise InputError(f"{source}: cannot be read ({exc.strerror or exc})") from None
        yield target
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# ------------------------------------------------------------------------------------------------ stores


class LocalStore:
    """OUTDIR on this machine (or a shared mount): renames within one file system publish whole outputs."""

    def __init__(self, root: Path):
        self.root = root
        self.location: Path | str = root  # what the summary names
        self.manifest_every = 0.0  # seconds between manifest writes: every document (a local rename is cheap)

    def __str__(self) -> str:
        return str(self.root)

    def display(self, name: str) -> str:
        return str(self.root / name)

    def prepare(self) -> None:
        """Create OUTDIR and check that it can be written (OutputError otherwise)."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, probe = tempfile.mkstemp(prefix=".probe-", dir=self.root)
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            raise OutputError(f"{self.root}: cannot write outputs there ({exc.strerror or exc})") from None

    def read_text(self, name: str) -> str | None:
        try:
            return (self.root / name).read_text(encoding="utf-8")
        except (OSError, ValueError):
            return None

    def write_text(self, name: str, text: str, encoding: str = "utf-8") -> None:
        from .output import write_atomic

        write_atomic(self.root / name, text, encoding=encoding)

    def append_text(self, name: str, text: str) -> None:
        try:
            with (self.root / name).open("a", encoding="utf-8", errors="replace") as fh:
                fh.write(text)
        except OSError:
            pass  # a log line; what it says is in the summary too

    def has_json(self, folder: str) -> bool:
        return (self.root / folder).is_dir() and any((self.root / folder).glob("*.json"))

    @contextmanager
    def staging(self, folder: str) -> Iterator[Path]:
        """A new private folder inside OUTDIR to write a document's outputs into; renamed to OUTDIR/FOLDER when
        the block ends without an error (an older folder there replaced only then), removed otherwise."""
        try:
            tmp = Path(tempfile.mkdtemp(prefix=f"{PARTIAL_PREFIX}{folder}-", dir=self.root))
            umask = os.umask(0o022)
            os.umask(umask)
            os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes it private; the final folder is an ordinary one
        except OSError as exc:
            raise OutputError(f"{self.root}: cannot write outputs there ({exc.strerror or exc})") from None
        try:
            yield tmp
            try:
                _place(tmp, self.root / folder)
            except OSError as exc:
                raise OutputError(f"{self.root / folder}: cannot write ({exc.strerror or exc})") from None
        finally:
            shutil.rmtree(tmp, ignore_errors=True)  # gone already when placed

    def clean_partials(self) -> None:
        """Remove the temporary folders of unfinished documents; an older output moved aside is put back."""
        for p in sorted(self.root.glob(PARTIAL_PREFIX + "old-*")):
            final = self.root / p.name[len(PARTIAL_PREFIX + "old-"):].rsplit("-", 1)[0]
            if p.is_dir() and not final.exists():
                try:
                    os.replace(p, final)
                except OSError:
                    pass
        for p in self.root.glob(PARTIAL_PREFIX + "*"):
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)


def _place(tmp: Path, final: Path) -> None:
    """Move a complete temporary folder to its final name; an older folder there is replaced only afterwards."""
    old: Path | None = None
    if final.exists() and not final.is_dir():
        raise FileExistsError(errno.EEXIST, "a file of that name is in the way", str(final))
    if final.exists():
        old = final.with_name(f"{PARTIAL_PREFIX}old-{final.name}-{os.getpid()}")
        os.replace(final, old)
    try:
        os.replace(tmp, final)
    except OSError:
        if old is not None:
            os.replace(old, final)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


class RemoteStore:
    """OUTDIR as an fsspec URL (s3://bucket/out, gs://..., memory://...): see the module docstring."""

    def __init__(self, url: str):
        self.url = url.rstrip("/")
        self.location: Path | str = self.url
        self.fs, path = filesystem(self.url)
        self.path = path.rstrip("/")
        # 20,000 entries make a 6 MB manifest (~300 bytes each): one PUT of it per document would upload ~60 GB over
        # the run. A run killed
        # between two writes loses at most this many seconds of entries (those documents are converted again).
        self.manifest_every = 10.0
        self._json_folders: set[str] | None = None

    def __str__(self) -> str:
        return self.url

    def display(self, name: str) -> str:
        return f"{self.url}/{name}"

    def _key(self, name: str) -> str:
        return f"{self.path}/{name}"

    def _failed(self, what: str, exc: Exception) -> OutputError:
        return OutputError(f"{self.display(what)}: cannot write ({getattr(exc, 'strerror', None) or exc})")

    def prepare(self) -> None:
        probe = f".probe-{uuid.uuid4().hex}"
        try:
            self.fs.makedirs(self.path, exist_ok=True)
            self.fs.pipe_file(self._key(probe), b"")
            self.fs.rm_file(self._key(probe))
        except Exception as exc:  # fsspec back ends raise their own errors (botocore's, PermissionError, ...)
            raise OutputError(f"{self.url}: cannot write outputs there ({exc})") from None

    def read_text(self, name: str) -> str | None:
        try:
            return bytes(self.fs.cat_file(self._key(name))).decode("utf-8")
        except (OSError, ValueError):
            return None

    def write_text(self, name: str, text: str, encoding: str = "utf-8") -> None:
        try:
            self.fs.pipe_file(self._key(name), text.encode(encoding))
        except Exception as exc:
            raise self._failed(name, exc) from None

    def append_text(self, name: str, text: str) -> None:
        try:
            self.fs.pipe_file(self._key(name), ((self.read_text(name) or "") + text).encode("utf-8"))
        except Exception:  # a log line; what it says is in the summary too
            pass

    def has_json(self, folder: str) -> bool:
        """Whether OUTDIR/FOLDER holds a JSON file; OUTDIR is listed once (a re-run of 20,000 documents asks for
        each: one listing, not 20,000 requests). For planning, before this run writes anything."""
        if self._json_folders is None:
            self._json_folders = {rel.split("/", 1)[0] for rel, _key in self.json_files() if "/" in rel}
        return folder in self._json_folders

    @contextmanager
    def staging(self, folder: str) -> Iterator[Path]:
        """A local temporary folder to write a document's outputs into, published to OUTDIR/FOLDER when the
        block ends without an error."""
        tmp = Path(tempfile.mkdtemp(prefix=f"renstra-out-{folder[:40]}-"))
        try:
            yield tmp
            self._publish(tmp, folder)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def _publish(self, local: Path, folder: str) -> None:
        partial = self._key(f"{PARTIAL_PREFIX}{folder}-{uuid.uuid4().hex[:12]}")
        final = self._key(folder)
        names = sorted(p.name for p in local.iterdir() if p.is_file())
        try:
            for name in names:
                self.fs.put_file(str(local / name), f"{partial}/{name}")
            old = {PurePosixPath(k).name for k in self._find(final)}
            for name in names:
                self.fs.copy(f"{partial}/{name}", f"{final}/{name}")
            for name in sorted(old - set(names)):
                self.fs.rm_file(f"{final}/{name}")
        except Exception as exc:
            raise self._failed(folder, exc) from None
        finally:
            self._remove(partial)

    def _find(self, prefix: str) -> list[str]:
        try:
            return list(self.fs.find(prefix))
        except (OSError, ValueError):
            return []

    def _remove(self, prefix: str) -> None:
        keys = self._find(prefix)
        try:
            if keys:
                self.fs.rm(keys)
            if self.fs.isdir(prefix):
                self.fs.rm(prefix, recursive=True)
        except (OSError, ValueError):
            pass

    def clean_partials(self) -> None:
        """Remove the temporary prefixes of documents whose upload did not finish."""
        try:
            entries = self.fs.ls(self.path, detail=False)
        except (OSError, ValueError):
            return
        for entry in entries:
            if PurePosixPath(entry).name.startswith(PARTIAL_PREFIX):
                self._remove(entry.rstrip("/"))

    def json_files(self) -> list[tuple[str, str]]:
        """Every JSON under OUTDIR outside hidden prefixes: (path relative to OUTDIR, full key)."""
        out = []
        for key in sorted(self._find(self.path)):
            rel = key[len(self.path):].lstrip("/")
            if rel.endswith(".json") and not any(part.startswith(".") for part in rel.split("/")):
                out.append((rel, key))
        return out

    def read_key(self, key: str) -> bytes:
        return bytes(self.fs.cat_file(key))
