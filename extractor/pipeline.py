"""run / extract: the one place that knows the order of the stages.

document -> readers (RawTable) -> recognise (kind per raw table) -> stitch (LogicalTable) -> header mapping ->
tables/* (Row) -> audit (Finding) -> match (optional) -> Result
"""

from __future__ import annotations

import hashlib
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import REPLACEMENT, count_surrogates, printable, without_surrogates
from .gcpolicy import fewer_collections
from .header import (
    BodySaid,
    ColumnField,
    HeaderCheck,
    Period,
    calendar_years,
    check_header,
    confirm_by_body,
    document_period,
    find_period,
    map_columns,
    misread_header_years,
    relative_year_map,
    resolve_years,
    type_check,
)
from .model import DocumentInfo, Flag, LogicalTable, Note, RawTable, Result, Row, Table
from .nomenclature import Nomenclature
from .ocr_codes import mend_ocr_urusan
from .ocr_sums import check_ocr_sums
from .readers import ReadDocument, read_document
from .readers.pdf_pages import captions_over_headers
from .recognise import captions_on_pages, raw_to_tc
from .sections import split_sections
from .settings import ExtractSettings, MatchSettings
from .stitch import stitch
from .tables import TableOptions, rows_for
from .tables.generic import header_in_body
from .tables.program_list import codes_from_lists, listed_not_funded
from .tc_specs import load_specs
from .transpose import turned
from .unclaimed import picture_notes, unclaimed_program_notes

Progress = Callable[[int, int], None]  # (pages scanned, pages in all): the only way the library reports progress
NomenclatureArg = Nomenclature | str | Path | None  # a list, a stored or bundled name, a path, or "none"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class DocumentContext:
    """What a table's header needs from the rest of its document: the plan period its title prints, and the
    calendar years of its tables of past years (TC.23/TC.24), to read relative years ("Tahun 1") by."""

    period: Period | None = None
    past_years: tuple[int, ...] = ()


def document_context(page_texts: list[str] | None, logical: list[LogicalTable]) -> DocumentContext:
    """The plan period the document prints most often (its pages, or without pages the text above its tables),
    and the calendar years of the first past-years table that prints some."""
    texts = page_texts or ["\n".join(f.context) for t in logical for f in t.fragments]
    specs = load_specs()
    past: list[int] = []
    for table in logical:
        spec = specs.kinds[table.kind]
        if spec.past and not past:
            past = calendar_years(map_columns(table.header, table.fragments[0].n_cols, spec))
    return DocumentContext(period=document_period(texts), past_years=tuple(past))


def _table_period(logical: LogicalTable, context: DocumentContext) -> Period | None:
    """The period printed in the table's own caption or the lines above it, else the document's."""
    own = [("its caption", logical.caption or "")] + [("the lines above it", "\n".join(f.context))
                                                       for f in logical.fragments[:1]]
    return find_period(own) or context.period


def _resolve_years(logical: LogicalTable, columns: list[ColumnField],
                   context: DocumentContext) -> tuple[list[ColumnField], list[Note]]:
    spec = load_specs().kinds[logical.kind]
    page = logical.pages[0] if logical.pages else None
    indexes = sorted({c.year_index for c in columns if c.year_index is not None})
    if not indexes:
        return columns, []
    years, how = relative_year_map(columns, spec, _table_period(logical, context), list(context.past_years))
    printed = f"Tahun {indexes[0]}..{indexes[-1]}"
    if not years:
        return columns, [Note("year-index-kept", f"{logical.kind}: the header prints relative years ({printed}) and "
                              f"no period or calendar years were found to read them by: the years stay "
                              f"{indexes[0]}..{indexes[-1]}", page)]
    resolved = resolve_years(columns, years)
    return resolved, [Note("relative-years", f"{logical.kind}: {printed} read as {years[indexes[0]]}.."
                           f"{years[indexes[-1]]}, by {how}", page)]


def _rp_scale(columns: list[ColumnField]) -> tuple[int | None, list[Note]]:
    scales = {c.scale for c in columns if c.field and c.scale}
    if not scales:
        return None, []
    if len(scales) > 1:
        return None, [Note("amounts-scaled", f"amounts are printed in different units per column "
                                             f"({sorted(scales)}): values kept as printed")]
    scale = scales.pop()
    return scale, [Note("amounts-scaled", f"the header prints amounts in units of {scale:,} Rupiah: values are kept "
                                          f"as printed; multiply by rp_scale ({scale}) for Rupiah")]


def _check_notes(logical: LogicalTable, check: HeaderCheck, body_said: list[BodySaid]) -> list[Note]:
    page = logical.pages[0] if logical.pages else None
    where = f"{logical.kind}" + (f" p{page}" if page else "")
    untyped = f"header words nobody typed: {list(check.untyped)}" if check.untyped else "no header words"
    notes = []
    if check.mistyped:
        notes.append(Note("header-not-understood", f"{where}: a table printed without ruling lines whose columns "
                          f"do not fit its cells ({'; '.join(check.mistyped)}): its rows were not read; check the "
                          f"page by eye", page))
    elif not check.understood:
        missing = "; ".join(" or ".join(g) for g in check.missing)
        notes.append(Note("header-not-understood", f"{where}: header not understood ({check.typed} of "
                          f"{check.columns} columns typed; no column for {missing}); {untyped}", page))
    elif check.untyped or any(s.untyped for s in body_said):
        said = "; ".join(s.text for s in body_said if s.untyped)
        notes.append(Note("columns-untyped", f"{where}: {untyped}{'; ' + said if said else ''}; their cells are "
                          f"kept in each row under 'extra'", page))
    typed = "; ".join(s.text for s in body_said if not s.untyped)
    if typed and not check.mistyped:
        notes.append(Note("columns-from-body", f"{where}: {typed}", page))
    return notes


def logical_to_table(logical: LogicalTable, number_format: str = "auto",
                     context: DocumentContext | None = None, reference: Nomenclature | None = None) -> Table:
    """One recognised, stitched table turned into rows: its header read by structure (relative years resolved
    by the document's period), confirmed by its body, and checked (Table.header, and a header-not-understood
    note when the kind's essential fields were not found). ``reference``: a nomenclature the user gave, to
    decide codes wrapped inside their cell."""
    spec = load_specs().kinds[logical.kind]
    turn_notes: list[Note] = []
    if spec.past:
        logical, turn_notes = turned(logical)
    n_cols = logical.n_cols
    columns = map_columns(logical.header, n_cols, spec)
    banner_notes: list[Note] = []
    if logical.kind != "TC.27":
        logical, columns, banners = header_in_body(logical, columns)
        banner_notes = [Note("banner-row", f"{logical.kind}: printed over the table's header, not a row: "
                                           f"'{text}'", logical.pages[0] if logical.pages else None)
                        for text in banners]
    logical, section_notes = split_sections(logical)
    columns, year_notes = _resolve_years(logical, columns, context or DocumentContext())
    body_cells = [b.cells for b in logical.body]
    columns, body_said = confirm_by_body(columns, body_cells)
    normalised = rows_for(logical, columns, TableOptions(number_format, reference))
    prose = any(raw.prose_block for raw in logical.fragments)
    unruled = prose or any(raw.unruled for raw in logical.fragments)
    check = check_header(columns, spec, type_check(columns, body_cells, untyped_numbers=prose) if unruled else ())
    rows = [] if check.mistyped else normalised.rows
    rp_scale, scale_notes = _rp_scale(columns)
    notes = (turn_notes + banner_notes + section_notes + _misread_year_notes(logical) + year_notes + scale_notes
             + _check_notes(logical, check, body_said))
    return Table(
        kind=logical.kind,
        caption=logical.caption,
        pages=logical.pages,
        years=normalised.years,
        rows=rows,
        variant=logical.variant,
        columns=[c.key or "" for c in columns],
        how_found=logical.how_found,
        confidence=logical.confidence,
        notes=notes,
        header=check.to_dict(),
        rp_scale=rp_scale,
    )


def _misread_year_notes(logical: LogicalTable) -> list[Note]:
    """A ``year-misread`` note for each header year mended on a page of the table (``header.misread_years``)."""
    return [Note("year-misread", f"{logical.kind} page {raw.page}: the header prints '{printed}' where its run of "
                                 f"years asks for {year} (one digit off): read as {year}", raw.page)
            for raw in logical.fragments for printed, year in misread_header_years(raw)]


def _tables_isolated(logical: list[LogicalTable], number_format: str, context: DocumentContext | None = None,
                     reference: Nomenclature | None = None) -> tuple[list[Table], list[Note], list[str]]:
    """``logical_to_table`` of each table; a table whose rows cannot be made (a defect of ours in a header
    mapping or a cell parser) is left out with an ``internal-error`` note naming it and its pages, and its
    traceback, so that one table never sinks the others."""
    tables, notes, tracebacks = [], [], []
    for t in logical:
        try:
            tables.append(logical_to_table(t, number_format, context, reference))
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
    return notes + _header_caption_notes(page_texts, tables, {page for _kind, page in seen})


def _header_caption_notes(page_texts: list[str], tables: list[Table], noted: set[int]) -> list[Note]:
    """A caption line over the header words of a kind printed under prose (the rule that makes a page of prose a
    candidate), or a sentence ending by naming the table under it, on a page where no table was read: printed
    without ruling lines and without a column of numbers, or named only in a sentence (such a page is no
    candidate: "tabel 4.1" inside prose is mostly a reference elsewhere); never silent."""
    with_tables = {p for t in tables for p in t.pages}
    notes = []
    for page, text in enumerate(page_texts, start=1):
        if page in with_tables or page in noted:
            continue
        for line in captions_over_headers(text, referenced=True)[:1]:
            notes.append(Note("caption-without-table", f"page {page}: '{line[-120:]}' stands over the header words "
                                                       "of a table, but no table was read under it (printed without "
                                                       "ruling lines and without a column of numbers, or named only "
                                                       "in a sentence?): check the page by eye", page))
    return notes


FIRST_PAGES = 6  # where a document says what it is (cover, foreword, contents)
RENJA_MAJORITY = 3  # a document naming itself a Renja this many times more often than a Renstra is a Renja
MIN_NAMINGS = 5


def plan_type(page_texts: list[str] | None) -> tuple[str | None, dict[str, int]]:
    """What the first pages call the document ("renja" or "renstra", None when they do not say clearly), and how
    often each name is printed there."""
    text = "\n".join((page_texts or [])[:FIRST_PAGES])
    counts = {name: sum(len(p.findall(text)) for p in patterns) for name, patterns in load_specs().documents.items()}
    renja, renstra = counts.get("renja", 0), counts.get("renstra", 0)
    if renja >= MIN_NAMINGS and renja >= RENJA_MAJORITY * renstra:
        return "renja", counts
    return ("renstra" if renstra else None), counts


def not_renstra_tables(page_texts: list[str] | None, tables: list[Table]) -> tuple[list[Table], list[Note]]:
    """A Renja holds no Renstra TC table: its tables found only by a title or a header are left out, with a
    note; a table under a printed TC label ("T-C.27") is kept."""
    kind, counts = plan_type(page_texts)
    if kind != "renja":
        return tables, []
    kept = [t for t in tables if t.how_found == "caption"]
    dropped = [t for t in tables if t.how_found != "caption"]
    found = "; ".join(f"{t.kind} p{t.pages[0] if t.pages else '?'} ({len(t.rows)} rows)" for t in dropped)
    message = (f"the document names itself a Renja {counts.get('renja', 0)} times in its first pages and a Renstra "
               f"{counts.get('renstra', 0)} times: it is an annual work plan, not a Renstra; "
               + (f"tables that look like TC tables were not claimed: {found}" if dropped
                  else "no Renstra TC table was found"))
    return kept, [Note("not-a-renstra", message)]


@fewer_collections()
def extract(path: str | Path, settings: ExtractSettings | dict[str, Any] | None = None,
            nomenclature: NomenclatureArg = None, match_settings: MatchSettings | dict[str, Any] | None = None,
            progress: Progress | None = None) -> Result:
    """Extract every TC table of one PDF or DOCX document.

    ``nomenclature`` (a Nomenclature, a stored name or a path) turns on matching of TC.27 rows.
    ``progress`` is called with (pages scanned, pages in all) while a PDF is read; the library prints nothing.
    Raises InputError for a document that cannot be read; doubtful values inside a readable document are flags.
    """
    opts = ExtractSettings.resolve(settings)
    p = Path(path)
    doc = read_document(p, progress=progress, ocr=opts.ocr)
    tables, notes, tracebacks = _document_tables(doc, opts, _reference(nomenclature))
    notes += _file_name_notes(p.name)
    _flag_doubtful_text(doc, tables)
    result = Result(
        document=DocumentInfo(file=without_surrogates(p.name), sha256=file_sha256(p), format=doc.format,
                              pages=doc.pages),
        tables=tables,
        notes=notes,
        tracebacks=doc.tracebacks + tracebacks,
    )
    if opts.audit:
        from .audit import audit_result

        result.findings = audit_result(result)
    _match(result, nomenclature, match_settings)  # the name as given (the loaded list is cached)
    result.notes += listed_not_funded(result.tables)
    return result


def _document_tables(doc: ReadDocument, opts: ExtractSettings,
                     reference: Nomenclature | None) -> tuple[list[Table], list[Note], list[str]]:
    """The document's tables (of the kinds asked for), its notes, and the tracebacks of the tables that failed."""
    recognised = raw_to_tc(doc.tables)
    logical, notes = stitch(recognised, doc.blank_pages)
    ocr_pages = frozenset(doc.ocr.pages) if doc.ocr is not None else frozenset()  # unclaimed: ocr-no-table's
    notes += unclaimed_program_notes(recognised, logical, ocr_pages)
    context = document_context(doc.page_texts, logical)
    tables, failed, tracebacks = _tables_isolated(logical, opts.number_format, context, reference)
    caption_notes = _caption_notes(doc.page_texts, tables)  # a table not claimed below still stands there
    caption_notes += picture_notes(doc.pictures, tables)
    tables, plan_notes = not_renstra_tables(doc.page_texts, tables)
    codes_from_lists(tables)
    notes = list(doc.notes) + list(notes) + failed + plan_notes + caption_notes
    if doc.ocr is not None:
        notes += _unrecognised_ocr_tables(doc.tables, tables, doc.ocr.pages)
        notes += _doubtful_ocr_tables(tables, doc.ocr.pages)
    if opts.kinds:
        tables = [t for t in tables if t.kind in opts.kinds]
        notes = [n for n in notes if n.code != "caption-without-table" or any(k in n.message for k in opts.kinds)]
    return tables, notes + _not_found_notes(tables, opts.kinds, len(doc.tables)), tracebacks


def _not_found_notes(tables: list[Table], kinds: tuple[str, ...], seen: int) -> list[Note]:
    """A note when no table was found at all, or none of a kind asked for: an empty output is never silent."""
    if not tables:
        asked = f" of the kind(s) asked for ({', '.join(kinds)})" if kinds else ""
        return [Note("table-not-found", f"no Renstra table{asked} was found in the document ({seen} table(s) or "
                                        f"table-like block(s) seen, none recognised)")]
    found = {t.kind for t in tables}
    return [Note("table-not-found", f"no {kind} table was found in the document") for kind in kinds
            if kind not in found]


def _file_name_notes(name: str) -> list[Note]:
    if not count_surrogates(name):
        return []
    return [Note("replaced-characters", f"the file name has bytes that are not UTF-8; they are written as "
                                        f"{REPLACEMENT} in the outputs ('{printable(name)}')")]


def _flag_doubtful_text(doc: ReadDocument, tables: list[Table]) -> None:
    """Values read from scanned pages carry the flags "ocr" / "ocr-low-confidence"; values holding a character
    the reader replaced (not valid Unicode) "replaced-character"."""
    if doc.ocr is not None:
        from .readers.ocr import flag_ocr_rows

        flag_ocr_rows((row for t in tables for row in t.rows), doc.ocr)
        mend_ocr_urusan(tables, doc.ocr.pages)
        check_ocr_sums(tables, doc.ocr.pages)
    if any(n.code == "replaced-characters" for n in doc.notes):
        flag_replaced_characters(row for t in tables for row in t.rows)


def flag_replaced_characters(rows: Iterable[Row]) -> None:
    """Flag every value that holds U+FFFD put there by the reader for a character that is not valid Unicode."""
    for row in rows:
        fields = [k for k, v in row.data.items() if isinstance(v, str) and REPLACEMENT in v]
        fields += [k for k, v in row.raw.items() if REPLACEMENT in v and k not in fields]
        for name in fields:
            row.flags.append(Flag("replaced-character", name, f"'{name}' held characters that are not valid "
                                                              f"Unicode; they were replaced by {REPLACEMENT}"))


def _reference(nomenclature: NomenclatureArg) -> Nomenclature | None:
    """The nomenclature the user gave, loaded once: it also decides codes wrapped inside their cell. None when
    none was given (the list for matching is then chosen after extraction, by fit) or matching is off."""
    from .matching import NO_NOMENCLATURE
    from .nomenclature import resolve_nomenclature

    if nomenclature is None or (isinstance(nomenclature, str) and nomenclature.strip().lower() == NO_NOMENCLATURE):
        return None
    return nomenclature if isinstance(nomenclature, Nomenclature) else resolve_nomenclature(str(nomenclature))


def _match(result: Result, nomenclature: NomenclatureArg,
           match_settings: MatchSettings | dict[str, Any] | None) -> None:
    """Match against ``nomenclature`` (a Nomenclature, a stored or bundled name, a path); None chooses the bundled
    or imported list that fits the document best; "none" turns matching off."""
    from .matching import NO_NOMENCLATURE, match_result, skip_matching

    if isinstance(nomenclature, str) and nomenclature.strip().lower() == NO_NOMENCLATURE:
        skip_matching(result, "matching turned off (--nomenclature none): rows were not matched")
        return
    match_result(result, nomenclature, match_settings)
