"""Load extracted JSON outputs into a relational database (SQLite or PostgreSQL) with SQLAlchemy Core.

    report = load_outputs("out/", "renstra.sqlite")            # a plain path is a SQLite file
    report = load_outputs("out/", "postgresql://user@host/db")  # any SQLAlchemy URL

The schema is described in docs/database.md. A document is keyed by the sha256 of its source file; loading it
again deletes everything stored for that sha256 and inserts it anew, in one transaction per document, so a
re-load is idempotent and a failed load leaves the previous rows in place. A diff JSON (top-level
"differences" list, written by ``renstra diff``) is loaded into ``diffs`` the same way, keyed by its file.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection, Engine

from .errors import ExtractorError, InputError, OutputError, first_line

JSONType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

ROW_TEXT_FIELDS = ("level", "code", "code_raw", "name", "indicator", "unit", "pd", "tujuan", "sasaran")
ROW_NUMBER_FIELDS = ("baseline", "target_akhir", "rp_akhir")
MATCH_TEXT_FIELDS = ("match_status", "match_code", "match_name", "match_method", "match_runner_up_code",
                     "match_runner_up_name", "match_message")
MATCH_NUMBER_FIELDS = ("match_score", "match_runner_up_score")
_ROW_OWN = set(ROW_TEXT_FIELDS) | set(ROW_NUMBER_FIELDS) | set(MATCH_TEXT_FIELDS) | set(MATCH_NUMBER_FIELDS) | {
    "years", "raw", "flags", "page"}

metadata = sa.MetaData()

documents = sa.Table(
    "documents", metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("file", sa.Text, nullable=False),
    sa.Column("format", sa.String(16)),
    sa.Column("pages", sa.Integer),
    sa.Column("tool_version", sa.String(32)),
    sa.Column("schema_version", sa.String(16)),
    sa.Column("matching_status", sa.String(32)),
    sa.Column("matching", JSONType),
    sa.Column("source", sa.Text),  # the JSON file it was loaded from
    sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
)

tables = sa.Table(
    "tables", metadata,
    sa.Column("document_sha256", sa.String(64), sa.ForeignKey("documents.sha256", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("table_index", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("variant", sa.String(32)),
    sa.Column("caption", sa.Text),
    sa.Column("pages", JSONType),
    sa.Column("years", JSONType),
    sa.Column("how_found", sa.String(32)),
    sa.Column("confidence", sa.Float),
    sa.Column("columns", JSONType),
    sa.Column("n_rows", sa.Integer, nullable=False),
)

rows = sa.Table(
    "rows", metadata,
    sa.Column("document_sha256", sa.String(64), primary_key=True),
    sa.Column("table_index", sa.Integer, primary_key=True),
    sa.Column("row_index", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    *[sa.Column(name, sa.Text) for name in ROW_TEXT_FIELDS],
    *[sa.Column(name, sa.Float) for name in ROW_NUMBER_FIELDS],
    sa.Column("page", sa.Integer),
    sa.Column("flags", JSONType, nullable=False),
    sa.Column("fields", JSONType, nullable=False),  # every other field of the row (kind-specific)
    sa.Column("raw", JSONType, nullable=False),  # printed text of each parsed value
    *[sa.Column(name, sa.Text) for name in MATCH_TEXT_FIELDS],
    *[sa.Column(name, sa.Float) for name in MATCH_NUMBER_FIELDS],
    sa.ForeignKeyConstraint(["document_sha256", "table_index"], ["tables.document_sha256", "tables.table_index"],
                            ondelete="CASCADE"),
    sa.Index("ix_rows_code", "code"),
    sa.Index("ix_rows_kind", "kind"),
)

yearly_values = sa.Table(
    "yearly_values", metadata,
    sa.Column("document_sha256", sa.String(64), primary_key=True),
    sa.Column("table_index", sa.Integer, primary_key=True),
    sa.Column("row_index", sa.Integer, primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("field", sa.String(32), primary_key=True),
    sa.Column("value", sa.Float),
    sa.Column("text", sa.Text),  # a value that is not a number, as given
    sa.Column("raw", sa.Text),  # the printed text
    sa.ForeignKeyConstraint(["document_sha256", "table_index", "row_index"],
                            ["rows.document_sha256", "rows.table_index", "rows.row_index"], ondelete="CASCADE"),
)

findings = sa.Table(
    "findings", metadata,
    sa.Column("document_sha256", sa.String(64), sa.ForeignKey("documents.sha256", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("finding_index", sa.Integer, primary_key=True),
    sa.Column("check_name", sa.String(32)),
    sa.Column("table_kind", sa.String(16)),
    sa.Column("row_index", sa.Integer),
    sa.Column("code", sa.Text),
    sa.Column("field", sa.String(64)),
    sa.Column("year", sa.Integer),
    sa.Column("page", sa.Integer),
    sa.Column("printed", sa.Float),
    sa.Column("expected", sa.Float),
    sa.Column("difference", sa.Float),
    sa.Column("message", sa.Text),
)

notes = sa.Table(
    "notes", metadata,
    sa.Column("document_sha256", sa.String(64), sa.ForeignKey("documents.sha256", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("note_index", sa.Integer, primary_key=True),
    sa.Column("table_index", sa.Integer),  # None for a document-level note
    sa.Column("code", sa.String(64)),
    sa.Column("message", sa.Text),
    sa.Column("page", sa.Integer),
)

diffs = sa.Table(
    "diffs", metadata,
    sa.Column("source", sa.Text, primary_key=True),  # the diff JSON file, relative to the loaded folder
    sa.Column("diff_index", sa.Integer, primary_key=True),
    sa.Column("document_before", sa.String(64)),  # sha256 of each side when the diff names it
    sa.Column("document_after", sa.String(64)),
    sa.Column("mode", sa.String(16)),  # "documents" or "variants"
    sa.Column("table_kind", sa.String(16)),
    sa.Column("variant_before", sa.String(32)),
    sa.Column("variant_after", sa.String(32)),
    sa.Column("key", sa.Text),  # the row's code or label
    sa.Column("level", sa.String(32)),
    sa.Column("name", sa.Text),
    sa.Column("field", sa.String(64)),
    sa.Column("year", sa.Integer),
    sa.Column("change", sa.String(32)),  # the difference's kind: added, removed, value_changed, ...
    sa.Column("value_before", JSONType),
    sa.Column("value_after", JSONType),
    sa.Column("page_before", sa.Integer),
    sa.Column("page_after", sa.Integer),
    sa.Column("data", JSONType, nullable=False),  # the whole difference as written
    sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
)

_CHILDREN = (yearly_values, rows, findings, notes, tables)  # deleted in this order before the document


@dataclass
class LoadReport:
    """What load_outputs did: documents and diffs loaded, JSON files skipped (not ours), failures."""

    documents: list[str] = field(default_factory=list)  # sha256 of each loaded document
    diffs: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, one-line error)


# ------------------------------------------------------------------------------------------------ engine


def database_url(db: str | os.PathLike[str]) -> str:
    """A SQLAlchemy URL from a URL or a plain path (a SQLite file). postgresql:// uses psycopg (version 3)."""
    text = os.fspath(db)
    if "://" not in text:
        return "sqlite:///" + str(Path(text).expanduser().resolve())
    for prefix in ("postgresql://", "postgres://"):
        if text.startswith(prefix):
            return "postgresql+psycopg://" + text[len(prefix):]
    return text


def connect(db: str | os.PathLike[str] | Engine) -> Engine:
    """An engine for DB with the schema created (idempotent). OutputError when it cannot be reached."""
    if isinstance(db, Engine):
        engine = db
    else:
        url = database_url(db)
        try:
            engine = sa.create_engine(url)
        except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
            raise OutputError(f"{_safe_url(url)}: not a usable database URL ({_first_line(exc)})") from None
        if engine.dialect.name == "sqlite":
            sa.event.listen(engine, "connect", _sqlite_pragmas)
    try:
        metadata.create_all(engine)
    except sa.exc.SQLAlchemyError as exc:
        raise OutputError(f"{_safe_url(str(engine.url))}: cannot open the database ({_first_line(exc)})") from None
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _safe_url(url: str) -> str:
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url


def _first_line(exc: BaseException) -> str:
    return first_line(str(getattr(exc, "orig", None) or exc)) or type(exc).__name__


# ------------------------------------------------------------------------------------------------ records


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _row_record(sha: str, t_index: int, r_index: int, kind: str, row: dict[str, Any]) -> dict[str, Any]:
    rec: dict[str, Any] = {"document_sha256": sha, "table_index": t_index, "row_index": r_index, "kind": kind}
    extra = {k: v for k, v in row.items() if k not in _ROW_OWN}
    for name in ROW_TEXT_FIELDS + MATCH_TEXT_FIELDS:
        rec[name] = _text(row.get(name))
    for name in ROW_NUMBER_FIELDS + MATCH_NUMBER_FIELDS:
        value = row.get(name)
        rec[name] = _number(value)
        if value is not None and rec[name] is None:  # text where a number was expected: keep it
            extra[name] = value
    rec["page"] = _int(row.get("page"))
    rec["flags"] = row.get("flags") or []
    rec["fields"] = extra
    rec["raw"] = row.get("raw") or {}
    return rec


def _yearly_records(sha: str, t_index: int, r_index: int, row: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    raw = row.get("raw") or {}
    years = row.get("years") or {}
    for year_text, values in years.items():
        year = _int(year_text)
        if year is None or not isinstance(values, dict):
            continue
        for name, value in values.items():
            number = _number(value)
            out.append({"document_sha256": sha, "table_index": t_index, "row_index": r_index, "year": year,
                        "field": str(name), "value": number,
                        "text": None if number is not None or value is None else _text(value),
                        "raw": _text(raw.get(f"{year_text}.{name}"))})
    return out


def _document_records(data: dict[str, Any], source: str) -> dict[sa.Table, list[dict[str, Any]]]:
    doc = data["document"]
    sha = str(doc["sha256"])
    now = datetime.now(timezone.utc)
    tool = data.get("tool") or {}
    matching = data.get("matching") or {}
    out: dict[sa.Table, list[dict[str, Any]]] = {t: [] for t in (documents, *_CHILDREN)}
    out[documents].append({
        "sha256": sha, "file": str(doc.get("file") or ""), "format": doc.get("format"), "pages": _int(doc.get("pages")),
        "tool_version": tool.get("version"), "schema_version": data.get("schema_version"),
        "matching_status": matching.get("status") if isinstance(matching, dict) else None,
        "matching": matching, "source": source, "loaded_at": now,
    })
    note_index = 0
    for note in data.get("notes") or []:
        out[notes].append(_note_record(sha, note_index, None, note))
        note_index += 1
    for t_index, table in enumerate(data.get("tables") or []):
        table_rows = table.get("rows") or []
        out[tables].append({
            "document_sha256": sha, "table_index": t_index, "kind": str(table.get("kind")),
            "variant": table.get("variant"), "caption": table.get("caption"), "pages": table.get("pages") or [],
            "years": table.get("years") or [], "how_found": table.get("how_found"),
            "confidence": _number(table.get("confidence")), "columns": table.get("columns") or [],
            "n_rows": len(table_rows),
        })
        for note in table.get("notes") or []:
            out[notes].append(_note_record(sha, note_index, t_index, note))
            note_index += 1
        for r_index, row in enumerate(table_rows):
            out[rows].append(_row_record(sha, t_index, r_index, str(table.get("kind")), row))
            out[yearly_values].extend(_yearly_records(sha, t_index, r_index, row))
    for f_index, f in enumerate(data.get("findings") or []):
        out[findings].append({
            "document_sha256": sha, "finding_index": f_index, "check_name": f.get("check"),
            "table_kind": f.get("table"),
            "row_index": _int(f.get("row")), "code": _text(f.get("code")), "field": f.get("field"),
            "year": _int(f.get("year")), "page": _int(f.get("page")), "printed": _number(f.get("printed")),
            "expected": _number(f.get("expected")), "difference": _number(f.get("difference")),
            "message": f.get("message"),
        })
    return out


def _note_record(sha: str, index: int, t_index: int | None, note: dict[str, Any]) -> dict[str, Any]:
    return {"document_sha256": sha, "note_index": index, "table_index": t_index, "code": note.get("code"),
            "message": note.get("message"), "page": _int(note.get("page"))}


def _sha_of(value: Any) -> str | None:
    if isinstance(value, dict):
        doc = value.get("document")
        value = value.get("sha256") or (doc.get("sha256") if isinstance(doc, dict) else None)
    return value if isinstance(value, str) and len(value) == 64 else None


def _diff_records(data: dict[str, Any], source: str) -> list[dict[str, Any]]:
    now = datetime.now(timezone.utc)
    out = []
    for i, item in enumerate(data.get("differences") or []):
        d = item if isinstance(item, dict) else {"value": item}
        out.append({
            "source": source, "diff_index": i, "document_before": _sha_of(data.get("before")),
            "document_after": _sha_of(data.get("after")), "mode": _text(data.get("mode")),
            "table_kind": _text(d.get("table")), "variant_before": _text(d.get("variant_before")),
            "variant_after": _text(d.get("variant_after")), "key": _text(d.get("key")),
            "level": _text(d.get("level")), "name": _text(d.get("name")), "field": _text(d.get("field")),
            "year": _int(d.get("year")), "change": _text(d.get("kind")),
            "value_before": d.get("before"), "value_after": d.get("after"),
            "page_before": _int(d.get("page_before")), "page_after": _int(d.get("page_after")),
            "data": d, "loaded_at": now,
        })
    return out


# ------------------------------------------------------------------------------------------------ loading


def is_result(data: Any) -> bool:
    """Whether DATA is an extraction result (the JSON written by write_outputs)."""
    return (isinstance(data, dict) and isinstance(data.get("document"), dict)
            and isinstance(data["document"].get("sha256"), str) and isinstance(data.get("tables"), list))


def is_diff(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("differences"), list)


def load_result(conn: Connection, data: dict[str, Any], source: str = "") -> str:
    """Replace one document (delete by sha256, insert) inside CONN's transaction; returns its sha256."""
    records = _document_records(data, source)
    sha = records[documents][0]["sha256"]
    delete_document(conn, sha)
    conn.execute(documents.insert(), records[documents])
    for table in (tables, rows, yearly_values, findings, notes):
        if records[table]:
            conn.execute(table.insert(), records[table])
    return sha


def delete_document(conn: Connection, sha256: str) -> None:
    for table in _CHILDREN:
        conn.execute(table.delete().where(table.c.document_sha256 == sha256))
    conn.execute(documents.delete().where(documents.c.sha256 == sha256))


def load_diff(conn: Connection, data: dict[str, Any], source: str) -> int:
    records = _diff_records(data, source)
    conn.execute(diffs.delete().where(diffs.c.source == source))
    if records:
        conn.execute(diffs.insert(), records)
    return len(records)


def _json_files(root: Path) -> Iterator[Path]:
    if root.is_file():
        yield root
        return
    for path in sorted(root.rglob("*.json")):
        if not any(part.startswith(".") for part in path.relative_to(root).parts):
            yield path


def _json_sources(outdir: str | os.PathLike[str]) -> Iterator[tuple[str, Callable[[], bytes]]]:
    """Every JSON under OUTDIR (a folder, one file, or a URL: extractor/store.py) outside hidden folders, as
    (its path relative to OUTDIR, a function reading its bytes). InputError when OUTDIR does not exist."""
    from .store import RemoteStore, is_url, local_path

    if is_url(outdir):
        store = RemoteStore(os.fspath(outdir))
        if not store.fs.exists(store.path):
            raise InputError(f"{outdir}: nothing there")
        for source, key in store.json_files():
            yield source, functools.partial(store.read_key, key)
        return
    root = local_path(outdir)
    if not root.exists():
        raise InputError(f"{root}: no such folder")
    for path in _json_files(root):
        yield (path.name if root.is_file() else path.relative_to(root).as_posix()), path.read_bytes


def load_outputs(outdir: str | os.PathLike[str], db: str | os.PathLike[str] | Engine) -> LoadReport:
    """Load every extraction JSON (and diff JSON) under OUTDIR into DB, one transaction per file.

    Other JSON files (manifest.json, summary.json) are skipped. A file that cannot be read or loaded is listed in
    ``failed`` and the others go on. InputError when OUTDIR does not exist, OutputError when DB cannot be used.
    """
    sources = _json_sources(outdir)
    first = next(sources, None)  # InputError now when OUTDIR does not exist, before connecting
    with Loader(db) as loader:
        loader.load_sources(itertools.chain([first] if first else [], sources))
    return loader.report


class Loader:
    """One database kept open while outputs are loaded into it as they come: ``load_outputs`` loads a folder
    at once; ``renstra batch --db`` loads each document's outputs as soon as they are published, while the
    other documents are still being converted. One transaction per JSON file; ``report`` says what was done.
    OutputError when the database cannot be used (then nothing more is loaded)."""

    def __init__(self, db: str | os.PathLike[str] | Engine) -> None:
        self.engine = connect(db)
        self._owned = not isinstance(db, Engine)
        self.report = LoadReport()

    def __enter__(self) -> Loader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._owned:
            self.engine.dispose()

    def load_folder(self, outdir: str | os.PathLike[str], prefix: str = "") -> None:
        """Every JSON under ``outdir`` (a folder or URL); ``prefix`` goes before each file's name in the report."""
        self.load_sources((f"{prefix}{source}", read) for source, read in _json_sources(outdir))

    def load_sources(self, sources: Iterable[tuple[str, Callable[[], bytes]]]) -> None:
        from .diff import result_shape_problem

        for source, read in sources:
            try:
                data = json.loads(read().decode("utf-8"))
            except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
                self.report.failed.append((source, f"{source}: not readable JSON "
                                                   f"({_first_line(exc) or 'nested too deep'})"))
                continue
            problem = result_shape_problem(data["tables"]) if is_result(data) else ""
            if problem:
                self.report.failed.append((source, f"{source}: not an extract result as 'renstra extract' writes "
                                                   f"it ({problem})"))
                continue
            self._load(source, data)

    def _load(self, source: str, data: dict[str, Any]) -> None:
        try:
            if is_result(data):
                with self.engine.begin() as conn:
                    self.report.documents.append(load_result(conn, data, source))
            elif is_diff(data):
                with self.engine.begin() as conn:
                    load_diff(conn, data, source)
                self.report.diffs.append(source)
            else:
                self.report.skipped.append(source)
        except sa.exc.OperationalError as exc:  # the database itself: no point going on
            raise OutputError(f"{_safe_url(str(self.engine.url))}: {_first_line(exc)}") from None
        except (sa.exc.SQLAlchemyError, KeyError, TypeError, AttributeError, ValueError) as exc:
            self.report.failed.append((source, f"{source}: cannot be loaded ({type(exc).__name__}: "
                                               f"{_first_line(exc)})"))


class BatchLoader:
    """``renstra batch --db``: each document's outputs loaded as soon as they are published (converted now, or
    found done by an earlier run; a document is replaced, never doubled) while the others are still being
    converted. Give ``document_done`` to ``run_batch`` as (or inside) its ``report`` callback. A database that
    cannot be used stops the loading, not the conversion: ``stopped`` then says why. ``report``: what was loaded."""

    def __init__(self, outdir: str, db: str | os.PathLike[str] | Engine) -> None:
        self.outdir, self.db = outdir.rstrip("/"), db
        self.loader = Loader(db)
        self.stopped = ""

    @property
    def report(self) -> LoadReport:
        return self.loader.report

    def document_done(self, status: Any) -> None:
        """Load the outputs of one finished document (a ``batch.DocumentStatus``: ok or skipped, with a folder)."""
        if self.stopped or status.status not in ("ok", "skipped") or not status.output:
            return
        try:
            self.loader.load_folder(f"{self.outdir}/{status.output}", prefix=f"{status.output}/")
        except ExtractorError as exc:
            self.stopped = str(exc)
            self.loader.close()

    def close(self) -> None:
        self.loader.close()
