"""run / extract: the one place that knows the order of the stages.

document -> readers (RawTable) -> recognise (kind per raw table) -> stitch (LogicalTable) -> header mapping ->
tables/* (Row) -> audit (Finding) -> match (optional) -> Result
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .header import map_columns
from .model import DocumentInfo, LogicalTable, Note, Result, Table
from .readers import read_document
from .recognise import captions_on_pages, raw_to_tc
from .settings import ExtractSettings
from .stitch import stitch
from .tables import rows_for
from .tc_specs import load_specs

Progress = Callable[[int, int], None]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _stderr_progress(name: str) -> Progress:
    def report(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\r{name}: pages scanned {done}/{total}", end=end, file=sys.stderr, flush=True)

    return report


def logical_to_table(logical: LogicalTable, number_format: str = "auto", reference: Any = None) -> Table:
    spec = load_specs().kinds[logical.kind]
    logical.number_format = number_format
    logical.reference = reference
    n_cols = logical.fragments[0].n_cols
    columns = map_columns(logical.header, n_cols, spec)
    rows, notes, years, columns = rows_for(logical, columns)
    return Table(
        kind=logical.kind,
        caption=logical.caption,
        pages=logical.pages,
        years=years,
        rows=rows,
        variant=logical.variant,
        columns=[c.key or "" for c in columns],
        how_found=logical.how_found,
        confidence=logical.confidence,
        notes=notes,
    )


def _caption_notes(page_texts: list[str] | None, tables: list[Table]) -> list[Note]:
    """A caption printed on a page with no table of its kind on that page or the next one."""
    if not page_texts:
        return []
    notes = []
    seen: set[tuple[str, int]] = set()
    for page, caption in captions_on_pages(page_texts):
        near = any(t.kind == caption.kind and set(t.pages) & {page, page + 1} for t in tables)
        if not near and (caption.kind, page) not in seen:
            seen.add((caption.kind, page))
            notes.append(Note("caption-without-table",
                              f"page {page}: caption '{caption.text[:120]}' ({caption.kind}) has no table under it",
                              page))
    return notes


def extract(path: str | Path, settings: ExtractSettings | dict[str, Any] | None = None,
            nomenclature: Any = None, match_settings: Any = None) -> Result:
    """Extract every TC table of one PDF or DOCX document.

    ``nomenclature`` (a Nomenclature, a stored name or a path) turns on matching of TC.27 rows.
    Raises InputError for a document that cannot be read; doubtful values inside a readable document are flags.
    """
    opts = ExtractSettings.resolve(settings)
    p = Path(path)
    progress = _stderr_progress(p.name) if opts.progress else None
    doc = read_document(p, progress=progress)
    logical, notes = stitch(raw_to_tc(doc.tables))
    reference = _reference(nomenclature)
    tables = [logical_to_table(t, opts.number_format, reference) for t in logical]
    notes = list(notes) + _caption_notes(doc.page_texts, tables)
    if opts.kinds:
        tables = [t for t in tables if t.kind in opts.kinds]
        notes = [n for n in notes if n.code != "caption-without-table" or any(k in n.message for k in opts.kinds)]
    if doc.ocr is not None:  # values read from scanned pages carry the flags "ocr" / "ocr-low-confidence"
        from .readers.ocr import flag_ocr_rows

        flag_ocr_rows((row for t in tables for row in t.rows), doc.ocr)
    if opts.progress:
        print(f"{p.name}: {len(tables)} table(s) found", file=sys.stderr)
    result = Result(
        document=DocumentInfo(file=p.name, sha256=file_sha256(p), format=doc.format, pages=doc.pages),
        tables=tables,
        notes=notes,
    )
    if opts.audit:
        from .audit import audit_result

        result.findings = audit_result(result)
    _match(result, reference if reference is not None else nomenclature, match_settings)
    return result


def _reference(nomenclature: Any) -> Any:
    """The nomenclature given for matching, loaded once: it also decides codes wrapped inside their cell."""
    if nomenclature is None:
        return None
    from .nomenclature import Nomenclature, resolve_nomenclature

    return nomenclature if isinstance(nomenclature, Nomenclature) else resolve_nomenclature(str(nomenclature))


def _match(result: Result, nomenclature: Any, match_settings: Any) -> None:
    if nomenclature is None:
        result.matching = {"status": "skipped",
                           "message": "no nomenclature given: rows were not matched; pass --nomenclature NAME|PATH "
                                      "(see 'renstra nomenclature import')"}
        result.notes.append(Note("matching-skipped", result.matching["message"]))
        return
    from .matching import match_result

    match_result(result, nomenclature, match_settings)
