"""The objects passed between pipeline stages.

document -> RawTable (readers/) -> LogicalTable (recognise.py + stitch.py) -> Row (tables/*) -> outputs

Every stage keeps positions (page, row index) so that an output value can be traced back to where it was
printed. This module imports nothing from the package but its version (for the JSON's "tool").

The closed vocabularies are Literal aliases (their values are the strings the JSON carries).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from . import __version__

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points
SCHEMA_VERSION = "1.0"  # of the JSON a Result is written as (schema/result.schema.json)
# how a table was found: a "TC.27" caption, a title's words, its header, a continuation of the table before it
# (recognise: "continuation?" until stitching decides), or not at all ("none": a layout table)
HowFound = Literal["caption", "title", "header", "continuation?", "none"]
# the audit's checks: a parent's Rp against its children, a row's end-of-period value against its years, a ratio
AuditCheck = Literal["children-sum", "total-sum", "years-sum", "ratio"]
# where the list matched against comes from: the user's data folder, the package, or given by path or object
ListOrigin = Literal["imported", "bundled", "given"]
MatchStatus = Literal["exact", "name_variant", "code_suggested", "conflict", "replaced", "legacy_suggestion",
                      "not_found"]
MatchMethod = Literal["exact-code", "generic-code", "exact-name", "fuzzy", "prefix", "crosswalk", "none"]
MATCH_STATUSES: tuple[MatchStatus, ...] = get_args(MatchStatus)
MATCH_METHODS: tuple[MatchMethod, ...] = get_args(MatchMethod)
# the JSON row's field order: these first (then the years), these after the years, then the rest as they come
LEADING_FIELDS = ("level", "code", "code_raw", "name", "indicator", "unit", "baseline")
TRAILING_FIELDS = ("target_akhir", "rp_akhir", "pd", "tujuan", "sasaran")


def union_box(a: BBox | None, b: BBox | None) -> BBox | None:
    """The smallest box holding both (either may be None)."""
    if a is None or b is None:
        return a or b
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


@dataclass(frozen=True)
class Cell:
    """One cell as the reader saw it. ``row``/``col`` are the top-left grid position; spans cover merges.

    ``text`` keeps line breaks inside the cell ("12.084.498.9\\n48"): joining them is the parser's job,
    because a break inside a number or code is joined without a space and a break inside prose with one.
    """

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    bbox: BBox | None = None


@dataclass(frozen=True)
class RawTable:
    """A table as one reader found it: one page of a PDF table, or one whole Word table.

    ``context`` holds the lines of text printed just above the table (nearest last): captions live there.
    ``page`` is 1-based; DOCX has no pages, so it is None there. ``reaches_page_foot`` (PDF): nothing but a page
    footer is printed under the table, so it may run on to the next page. ``prose_block`` and ``unruled``: its
    columns come from white space alone; its rows count only when its columns type-check (pipeline).
    """

    source: str
    format: str
    index: int
    page: int | None
    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]
    context: tuple[str, ...] = ()
    bbox: BBox | None = None
    row_pages: tuple[int | None, ...] = ()  # page per grid row when a reader knows it (a DOCX table has none)
    reaches_page_foot: bool = False
    prose_block: bool = False  # PDF: read without ruling lines from a block of a page of prose (pdf_prose_tables)
    unruled: bool = False  # PDF: read without ruling lines on a page that looks tabular (its columns from white space)

    def grid(self, fill_merged: bool = False) -> list[list[str]]:
        """The table as a list of rows of strings.

        With ``fill_merged`` the text of a merged cell is repeated in every position it covers (useful for
        headers: "2024" over Target and Rp); otherwise only its top-left position holds the text.
        """
        out = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for cell in self.cells:
            if fill_merged:
                for r in range(cell.row, min(cell.row + cell.rowspan, self.n_rows)):
                    for c in range(cell.col, min(cell.col + cell.colspan, self.n_cols)):
                        out[r][c] = cell.text
            elif cell.row < self.n_rows and cell.col < self.n_cols:
                out[cell.row][cell.col] = cell.text
        return out

    def origin_grid(self) -> list[list[Cell | None]]:
        """For every grid position, the Cell that covers it (None for an empty position)."""
        out: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, min(cell.row + cell.rowspan, self.n_rows)):
                for c in range(cell.col, min(cell.col + cell.colspan, self.n_cols)):
                    out[r][c] = cell
        return out

    def page_of_row(self, row: int) -> int | None:
        if self.row_pages and row < len(self.row_pages):
            return self.row_pages[row]
        return self.page


@dataclass(frozen=True)
class Flag:
    """Something the tool is unsure of, kept next to the value it concerns (never guessed away).

    ``code`` comes from the catalog in errors.FLAG_CODES.
    """

    code: str
    field: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "field": self.field, "message": self.message}


@dataclass(frozen=True)
class Note:
    """A document-level remark: a caption with no table under it, a table kind not found, matching skipped."""

    code: str
    message: str
    page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "page": self.page}


@dataclass(frozen=True)
class BodyRow:
    """One data row of a stitched table: the cell texts per column, with where it came from."""

    cells: tuple[str, ...]
    page: int | None
    fragment: int  # index of the RawTable it came from
    source_row: int  # row index inside that RawTable
    merged_from_above: tuple[bool, ...] = ()  # per column: this position is covered by a vertical merge
    boxes: tuple[BBox | None, ...] = ()  # per column: where on the page its cell was printed (PDF only)
    section: str = ""  # the heading printed across the table above it ("Sasaran 1: ..."; extractor.sections)


@dataclass
class LogicalTable:
    """One recognised table, stitched across pages, before its rows are normalised."""

    kind: str  # "TC.23" ... "TC.28", "IKU", "PROGRAM-LIST" (programs listed without yearly columns)
    caption: str | None
    fragments: list[RawTable]
    header: list[list[str]]  # header rows (merged cells filled), one list per header row
    body: list[BodyRow]
    variant: str | None = None  # "sebelum" / "sesudah" when a document prints the table twice
    confidence: float = 1.0
    how_found: HowFound = "caption"

    @property
    def pages(self) -> list[int]:
        return sorted({p for f in self.fragments for p in ([f.page] if f.page else [])})

    @property
    def n_cols(self) -> int:
        """Columns of the stitched table: the first fragment's, and any extra column a later fragment added."""
        return max([self.fragments[0].n_cols if self.fragments else 0] + [len(h) for h in self.header]
                   + [len(b.cells) for b in self.body[:1]])


@dataclass(frozen=True)
class MatchResult:
    """A row's match to the nomenclature (extractor.match); written out as the row's ``match_*`` fields."""

    status: MatchStatus
    matched_code: str | None
    matched_name: str | None
    score: float | None
    method: MatchMethod
    runner_up_code: str | None = None
    runner_up_name: str | None = None
    runner_up_score: float | None = None
    message: str = ""
    flags: tuple[str, ...] = ()  # FLAG_CODES to attach ("no-match", "ambiguous-match", "code-unknown")

    def to_fields(self) -> dict[str, Any]:
        """The ``match_*`` fields of the JSON row and the CSV line (``match_message`` only when there is one)."""
        out: dict[str, Any] = {
            "match_status": self.status,
            "match_code": self.matched_code,
            "match_name": self.matched_name,
            "match_score": self.score,
            "match_method": self.method,
            "match_runner_up_code": self.runner_up_code,
            "match_runner_up_name": self.runner_up_name,
            "match_runner_up_score": self.runner_up_score,
        }
        if self.message:
            out["match_message"] = self.message
        return out


@dataclass
class Row:
    """A normalised row of any TC table.

    ``data`` holds the kind's fields (for TC.27: level, code, code_raw, name, indicator, unit, baseline,
    target_akhir, rp_akhir, pd, tujuan, sasaran). ``years`` maps a year to that year's fields
    ({"target": 4, "rp": 35000000}). ``raw`` keeps the printed text of every parsed value, keyed like
    "baseline" or "2024.rp", and of a text field whose words broken by a narrow column were rejoined ("name").
    Numbers are int when whole, float otherwise, None when blank or unreadable.
    ``boxes`` says where each value was printed on ``page`` (keyed like ``raw``; PDF only), so a reviewer can be
    shown the cell. ``match`` is its match to the nomenclature (TC.27 rows, TC.24 program rows; None when not
    matched).
    """

    data: dict[str, Any]
    years: dict[int, dict[str, Any]] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    page: int | None = None
    flags: list[Flag] = field(default_factory=list)
    boxes: dict[str, BBox] = field(default_factory=dict)
    match: MatchResult | None = None

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def fields(self) -> dict[str, Any]:
        """The row's fields as the outputs carry them: ``data``, then the match as ``match_*`` fields."""
        return {**self.data, **self.match.to_fields()} if self.match is not None else dict(self.data)

    def flags_text(self) -> str:
        return "; ".join(f"{f.code}:{f.field}: {f.message}" for f in self.flags)

    def to_dict(self) -> dict[str, Any]:
        """The JSON row: the leading fields, the years, the trailing fields, then the rest (page, flags, raw...)."""
        d = self.fields()
        d["years"] = {str(y): dict(v) for y, v in sorted(self.years.items())}
        d["page"] = self.page
        d["flags"] = [f.to_dict() for f in self.flags]
        d["raw"] = dict(self.raw)
        if self.boxes:
            d["boxes"] = {k: [round(v, 1) for v in box] for k, box in self.boxes.items()}
        out: dict[str, Any] = {k: d[k] for k in LEADING_FIELDS if k in d}
        out["years"] = d.pop("years")
        out.update((k, d[k]) for k in TRAILING_FIELDS if k in d)
        out.update((k, v) for k, v in d.items() if k not in out)
        return out


@dataclass
class Table:
    """A recognised, normalised table: what a user gets."""

    kind: str
    caption: str | None
    pages: list[int]
    years: list[int]
    rows: list[Row]
    variant: str | None = None
    columns: list[str] = field(default_factory=list)  # canonical field per source column, for the report
    how_found: HowFound = "caption"
    confidence: float = 1.0
    notes: list[Note] = field(default_factory=list)
    header: dict[str, Any] = field(default_factory=dict)  # the header self-check (header.HeaderCheck.to_dict)
    rp_scale: int | None = None  # amounts printed in thousands (1000) or millions: values kept as printed

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "variant": self.variant,
            "caption": self.caption,
            "pages": self.pages,
            "years": self.years,
            "how_found": self.how_found,
            "confidence": round(self.confidence, 3),
            "columns": self.columns,
            "header": dict(self.header),
            "rp_scale": self.rp_scale,
            "notes": [n.to_dict() for n in self.notes],
            "rows": [r.to_dict() for r in self.rows],
        }

    def records(self, document: str | None = None) -> list[dict[str, Any]]:
        """Flat records of the rows (the CSV lines), years spread into columns (target_2024, rp_2024, ...)."""
        year_fields = sorted({f for r in self.rows for y in r.years.values() for f in y})
        return [self._record(row, document, year_fields) for row in self.rows]

    def _record(self, row: Row, document: str | None, year_fields: list[str]) -> dict[str, Any]:
        rec: dict[str, Any] = {} if document is None else {"document": document}
        rec.update(kind=self.kind, variant=self.variant or "", page=row.page)
        fields = row.fields()
        rec.update((k, fields[k]) for k in LEADING_FIELDS if k in fields)
        for year in self.years:
            values = row.years.get(year)
            if values is None:
                rec.update((f"{name}_{year}", None) for name in year_fields)
            else:
                rec.update((f"{name}_{year}", value) for name, value in sorted(values.items()))
        for k, v in fields.items():
            if k == "extra" and isinstance(v, dict):  # cells of untyped columns: one CSV column per header
                rec.update({f"extra: {header}": text for header, text in v.items()})
            elif k not in rec:
                rec[k] = v
        rec["flags"] = row.flags_text()
        return rec

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame, years spread into columns (target_2024, rp_2024, ...)."""
        import pandas as pd  # imported on first use: pandas is slow to import

        return pd.DataFrame.from_records(self.records())


@dataclass
class Finding:
    """An arithmetic inconsistency found by the audit: reported, never corrected."""

    check: AuditCheck
    table: str
    row: int  # index into the table's rows
    code: str | None
    field: str
    year: int | None
    page: int | None
    printed: float | None
    expected: float | None
    message: str

    @property
    def difference(self) -> float | None:
        if self.printed is None or self.expected is None:
            return None
        return self.printed - self.expected

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "table": self.table,
            "row": self.row,
            "code": self.code,
            "field": self.field,
            "year": self.year,
            "page": self.page,
            "printed": self.printed,
            "expected": self.expected,
            "difference": self.difference,
            "message": self.message,
        }


@dataclass
class DocumentInfo:
    file: str
    sha256: str
    format: str
    pages: int | None


@dataclass
class Matching:
    """How the rows were matched (extractor.matching): which list and why, and the status counts; the JSON's
    ``matching`` block. ``status`` "skipped" carries only ``message`` (why)."""

    status: Literal["done", "skipped"]
    message: str = ""
    nomenclature: str | None = None  # the list's version label
    list_name: str = ""  # the stored/bundled name, or the path given ("list" in the JSON)
    origin: ListOrigin | None = None
    jenis: str | None = None  # "PROV" | "KABKOT" | None
    source: str = ""
    reason: str = ""
    fits: list[dict[str, Any]] = field(default_factory=list)  # every candidate list's fit (matching._fit)
    counts: dict[str, int] = field(default_factory=dict)  # "TC.27:exact" -> rows
    codes_unknown: int = 0
    unknown_codes: list[str] = field(default_factory=list)  # the first few
    unknown_codes_in_other_lists: dict[str, str] = field(default_factory=dict)  # code -> list that knows it
    retired_in_newer_lists: dict[str, int] = field(default_factory=dict)  # list -> printed codes it retires

    def to_dict(self) -> dict[str, Any]:
        if self.status != "done":
            return {"status": self.status, "message": self.message}
        out: dict[str, Any] = {
            "status": self.status, "nomenclature": self.nomenclature, "list": self.list_name, "origin": self.origin,
            "jenis": self.jenis, "source": self.source, "reason": self.reason, "fits": list(self.fits),
            "counts": dict(self.counts), "codes_unknown": self.codes_unknown, "unknown_codes": list(self.unknown_codes),
            "unknown_codes_in_other_lists": dict(self.unknown_codes_in_other_lists),
            "retired_in_newer_lists": dict(self.retired_in_newer_lists),
        }
        if self.message:
            out["message"] = self.message
        return out


@dataclass
class Result:
    """Everything extracted from one document."""

    document: DocumentInfo
    tables: list[Table]
    notes: list[Note] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    matching: Matching | None = None  # None until matching ran or was skipped
    tracebacks: list[str] = field(default_factory=list)  # of the internal-error notes (not in the JSON)

    def tables_of(self, kind: str) -> list[Table]:
        return [t for t in self.tables if t.kind == kind]

    def to_dict(self) -> dict[str, Any]:
        """The JSON document: the contract for everything downstream (schema/result.schema.json)."""
        doc = self.document
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "renstra", "version": __version__},
            "document": {"file": doc.file, "sha256": doc.sha256, "format": doc.format, "pages": doc.pages},
            "tables": [t.to_dict() for t in self.tables],
            "notes": [n.to_dict() for n in self.notes],
            "findings": [f.to_dict() for f in self.findings],
            "matching": self.matching.to_dict() if self.matching is not None else {},
        }
