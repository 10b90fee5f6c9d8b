"""run / extract: the one place that knows the order of the stages.

document -> readers (RawTable) -> recognise (kind per raw table) -> stitch (LogicalTable) -> header mapping ->
tables/* (Row) -> audit (Finding) -> match (optional) -> Result
"""

from __future__ import annotations

import hashlib
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .header import map_columns
from .model import DocumentInfo, LogicalTable, Note, RawTable, Result, Table
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


def logical_to_table(logical: LogicalTable, number_format: str = "auto") -> Table:
    spec = load_specs().kinds[logical.kind]
    logical.number_format = number_format
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


def _tables_isolated(logical: list[LogicalTable], number_format: str) -> tuple[list[Table], list[Note], list[str]]:
    """``logical_to_table`` of each table; a table whose rows cannot be made (a defect of ours in a header
    mapping or a cell parser) is left out with an ``internal-error`` note naming it and its pages, and its
    traceback, so that one table never sinks the others."""
    tables, notes, tracebacks = [], [], []
    for t in logical:
        try:
            tables.append(logical_to_table(t, number_format))
        except Exception as exc:  # noqa: BLE001 - our defect: kept apart from bad input, never hidden
            pages = f"pages {t.pages[0]}-{t.pages[-1]}" if t.pages else "no page numbers"
            message = " ".join(str(exc).split())[:200]
            notes.append(Note("internal-error", f"{t.kind} ({pages}): internal error while reading its rows "
                                                f"({type(exc).__name__}: {message}): a defect in renstra, not in "
                                                "the document; the other tables were read",
                              t.pages[0] if t.pages else None))
            tracebacks.append(f"{t.kind} ({pages}):\n" + traceback.format_exc())
    return tables, notes, tracebacks


def _unrecognised_ocr_tables(raw: list[RawTable], tables: list[Table], ocr_pages: list[int]) -> list[Note]:
    """A table OCR rebuilt on a scanned page that ended in no TC table: its header was likely misread, and
    the rows printed there are missing from the output. (A scan of a table of another kind, a list of staff,
    gets the note too: better a page to look at than rows lost without a word.)"""
    placed = {p for t in tables for p in t.pages}
    pages = sorted({t.page for t in raw if t.page in ocr_pages and t.n_rows >= 3} - placed)
    return [Note("ocr-no-table", f"page {p}: a table was rebuilt by OCR but not recognised as a TC table (its "
                                 "header may be misread): its rows are not in the output; check the page by eye", p)
            for p in pages]


def _doubtful_ocr_tables(tables: list[Table], ocr_pages: list[int]) -> list[Note]:
    """A TC table read wholly by OCR whose rebuild went wrong in a way the rows cannot show: rows but not one
    code (the code column's header was misread), or years that are not consecutive (a '2029' read '2023').
    Its rows are kept, every value flagged ``ocr``; the note says not to trust them without the scan."""
    notes = []
    for t in tables:
        if not t.pages or not set(t.pages) <= set(ocr_pages) or not t.rows:
            continue
        problems = []
        if "code" in {c for c in t.columns} or t.kind == "TC.27":
            if not any(r.data.get("code") for r in t.rows):
                problems.append("no code was read")
        years = sorted(t.years)
        if years and years != list(range(years[0], years[0] + len(years))):
            problems.append(f"its years are not consecutive ({', '.join(map(str, years))})")
        if problems:
            notes.append(Note("ocr-table-doubtful", f"{t.kind} (pages {t.pages[0]}-{t.pages[-1]}): rebuilt by OCR, "
                                                    f"but {' and '.join(problems)}: its rows are kept, each value "
                                                    "flagged ocr; check them against the scan", t.pages[0]))
    return notes


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
    doc = read_document(p, progress=progress, ocr=opts.ocr)
    logical, notes = stitch(raw_to_tc(doc.tables))
    tables, failed, tracebacks = _tables_isolated(logical, opts.number_format)
    notes = list(doc.notes) + list(notes) + failed + _caption_notes(doc.page_texts, tables)
    if doc.ocr is not None:
        notes += _unrecognised_ocr_tables(doc.tables, tables, doc.ocr.pages)
        notes += _doubtful_ocr_tables(tables, doc.ocr.pages)
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
        tracebacks=doc.tracebacks + tracebacks,
    )
    if opts.audit:
        from .audit import audit_result

        result.findings = audit_result(result)
    _match(result, nomenclature, match_settings)
    return result


def _match(result: Result, nomenclature: Any, match_settings: Any) -> None:
    if nomenclature is None:
        result.matching = {"status": "skipped",
                           "message": "no nomenclature given: rows were not matched; pass --nomenclature NAME|PATH "
                                      "(see 'renstra nomenclature import')"}
        result.notes.append(Note("matching-skipped", result.matching["message"]))
        return
    from .matching import match_result

    match_result(result, nomenclature, match_settings)
