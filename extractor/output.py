"""Outputs: the JSON document (the contract for everything downstream), one CSV per table kind, findings.csv,
matches.csv, and pandas DataFrames. Every file is written atomically (temporary file, then rename).

CSV files are UTF-8 with a byte-order mark so that Excel opens them with the right characters, one line per row,
years as columns; text cells that a spreadsheet would run as a formula are made safe.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .errors import OutputError
from .files import atomic_path as atomic_path  # re-exported: the writers of other files import it from here
from .files import file_mode, new_temp, removed_on_error, short_name
from .files import write_atomic as write_atomic
from .gcpolicy import fewer_collections
from .model import Note, Result

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "result.schema.json"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[-+]?\d[\d.,]*%?$")


def result_to_dict(result: Result) -> dict[str, Any]:
    """The JSON document (Result.to_dict): the contract for everything downstream."""
    return result.to_dict()


def safe_cell(value: Any) -> Any:
    """A text cell a spreadsheet would evaluate ("=1+1", "@SUM(..)", "+62...") gets a leading apostrophe.

    Numbers, the "-" placeholder and number-like text stay as they are.
    """
    if not isinstance(value, str) or not value or value == "-":
        return value
    if value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def kind_slug(kind: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", kind.lower())


def record_columns(records: Iterable[dict[str, Any]]) -> list[str]:
    """Every key of the records, in the order they first appear."""
    cols: list[str] = []
    for rec in records:
        for k in rec:
            if k not in cols:
                cols.append(k)
    return cols


def csv_text(records: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    cols = columns or record_columns(records)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for rec in records:
        writer.writerow({k: safe_cell("" if rec.get(k) is None else rec.get(k)) for k in cols})
    return buf.getvalue()


def _name_max(folder: Path) -> int:
    """The longest file name (bytes) the file system of FOLDER (or its nearest existing parent) takes."""
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            try:
                return int(os.pathconf(candidate, "PC_NAME_MAX"))
            except (OSError, ValueError, AttributeError):
                break
    return 255


def output_stem(stem: str, suffixes: Iterable[str], name_max: int) -> str:
    """STEM, shortened when STEM + the longest of SUFFIXES would pass NAME_MAX bytes: cut at a character
    boundary and ended by 8 hex of the full stem's sha256, so two long names sharing a beginning stay apart."""
    longest = max((len(os.fsencode(sfx)) for sfx in suffixes), default=0)
    if len(os.fsencode(stem)) + longest <= name_max:
        return stem
    import hashlib

    digest = hashlib.sha256(os.fsencode(stem)).hexdigest()[:8]
    budget = max(1, name_max - longest - len(digest) - 1)
    cut = os.fsencode(stem)[:budget].decode("utf-8", "ignore")  # a character cut in two is dropped
    return f"{cut}-{digest}"


def output_files(result: Result, outdir: str | Path) -> list[tuple[Path, str, str]]:
    """What write_outputs writes: (path, text, encoding) per file, names checked against the file system's
    limit first (a long input name is shortened, with a note in the result)."""
    out = Path(outdir)
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for table in result.tables:
        by_kind.setdefault(table.kind, []).extend(table.records())
    matches = matches_records(result)
    suffixes = [".json", ".xlsx", ".findings.csv", *(f".{kind_slug(k)}.csv" for k in by_kind)]
    suffixes += [".matches.csv"] if matches is not None else []
    full = Path(result.document.file).stem
    stem = output_stem(full, suffixes, _name_max(out))
    if stem != full and not any(n.code == "output-name-shortened" for n in result.notes):
        result.notes.append(Note("output-name-shortened", f"the file name is too long for the output files: they "
                                                          f"are named {stem}.*"))
    files = [(out / f"{stem}.json", json.dumps(result_to_dict(result), ensure_ascii=False, indent=1) + "\n", "utf-8")]
    files += [(out / f"{stem}.{kind_slug(kind)}.csv", csv_text(records), "utf-8-sig")
              for kind, records in by_kind.items()]
    files.append((out / f"{stem}.findings.csv", csv_text([f.to_dict() for f in result.findings], FINDING_COLUMNS),
                  "utf-8-sig"))
    if matches is not None:
        files.append((out / f"{stem}.matches.csv", csv_text(matches, MATCH_COLUMNS), "utf-8-sig"))
    return files


@fewer_collections()
def write_outputs(result: Result, outdir: str | Path) -> list[Path]:
    """Write <stem>.json, <stem>.<kind>.csv per table kind, <stem>.findings.csv, <stem>.matches.csv and the
    workbook <stem>.xlsx (extractor.workbook).

    The set is written as a whole or not at all: every file goes to a temporary name first, and only when all
    are written are they renamed into place; a failure removes the temporary files and puts back any file a
    rename had replaced. OutputError names the file that failed.
    """
    from .workbook import save_workbook  # imports this module

    files = output_files(result, outdir)
    json_path = files[0][0]
    workbook = json_path.with_name(json_path.name[: -len(".json")] + ".xlsx")
    temps: list[tuple[Path, Path]] = []
    try:
        for path, text, encoding in files:
            temps.append((_write_temp(path, text, encoding), path))
        temps.append((_temp_beside(workbook, lambda tmp: save_workbook(result, tmp)), workbook))
        _rename_all(temps)
    finally:
        for tmp, _path in temps:
            tmp.unlink(missing_ok=True)
    return [path for path, _text, _encoding in files] + [workbook]


def _temp_beside(path: Path, fill: Callable[[Path], None]) -> Path:
    """A temporary file beside PATH, filled by ``fill`` (renamed into place with the others by _rename_all);
    removed again when filling fails. Errors become OutputError naming the file."""
    tmp = new_temp(path)
    with removed_on_error(tmp, path):
        fill(tmp)
        os.chmod(tmp, file_mode())
    return tmp


def _write_temp(path: Path, text: str, encoding: str) -> Path:
    def fill(tmp: Path) -> None:
        with tmp.open("w", encoding=encoding, newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())

    return _temp_beside(path, fill)


def _rename_all(temps: list[tuple[Path, Path]]) -> None:
    """Rename every temporary file over its target; on a failure, undo the renames already done."""
    done: list[tuple[Path, Path | None]] = []  # target, backup of the file it replaced
    path = temps[0][1] if temps else Path()
    try:
        for tmp, path in temps:
            backup = None
            if path.exists():
                backup = path.with_name(f".{short_name(path.name)}.{os.getpid()}.bak")
                os.replace(path, backup)
            done.append((path, backup))
            os.replace(tmp, path)
    except OSError as exc:
        for path, backup in reversed(done):
            try:
                if backup is not None:
                    os.replace(backup, path)
                else:
                    path.unlink(missing_ok=True)
            except OSError:
                pass
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    for _path, backup in done:
        if backup is not None:
            backup.unlink(missing_ok=True)


FINDING_COLUMNS = ["check", "table", "row", "code", "field", "year", "page", "printed", "expected", "difference",
                   "message"]
MATCH_COLUMNS = ["kind", "page", "level", "code", "code_raw", "name", "match_status", "match_code", "match_name",
                 "match_score", "match_method", "match_runner_up_code", "match_runner_up_name",
                 "match_runner_up_score", "match_message"]


def matches_records(result: Result) -> list[dict[str, Any]] | None:
    """Every matched row whose status is not 'exact', with what the tool suggests; None when matching was off."""
    if result.matching is None or result.matching.status != "done":
        return None
    return [{"kind": table.kind, "page": row.page, **row.fields()} for table in result.tables for row in table.rows
            if row.match is not None and row.match.status != "exact"]
