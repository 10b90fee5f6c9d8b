"""The objects passed between pipeline stages.

document -> RawTable (readers/) -> LogicalTable (recognise.py + stitch.py) -> Row (tables/*) -> outputs

Every stage keeps positions (page, row index) so that an output value can be traced back to where it was
printed. This module imports nothing from the package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points


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
    ``page`` is 1-based; DOCX has no pages, so it is None there.
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
    how_found: str = "caption"  # "caption", "title", "header", "continuation"
    number_format: str = "auto"  # "auto" decides per column; "id" / "en" when the user says so
    reference: Any = None  # the nomenclature given for matching (codes and names), or None: decides code wraps

    @property
    def pages(self) -> list[int]:
        return sorted({p for f in self.fragments for p in ([f.page] if f.page else [])})

    @property
    def n_cols(self) -> int:
        """Columns of the stitched table: the first fragment's, and any extra column a later fragment added."""
        return max([self.fragments[0].n_cols if self.fragments else 0] + [len(h) for h in self.header]
                   + [len(b.cells) for b in self.body[:1]])


@dataclass
class Row:
    """A normalised row of any TC table.

    ``data`` holds the kind's fields (for TC.27: level, code, code_raw, name, indicator, unit, baseline,
    target_akhir, rp_akhir, pd, tujuan, sasaran). ``years`` maps a year to that year's fields
    ({"target": 4, "rp": 35000000}). ``raw`` keeps the printed text of every parsed value, keyed like
    "baseline" or "2024.rp", and of a text field whose words broken by a narrow column were rejoined ("name").
    Numbers are int when whole, float otherwise, None when blank or unreadable.
    ``boxes`` says where each value was printed on ``page`` (keyed like ``raw``; PDF only), so a reviewer can be
    shown the cell.
    """

    data: dict[str, Any]
    years: dict[int, dict[str, Any]] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    page: int | None = None
    flags: list[Flag] = field(default_factory=list)
    boxes: dict[str, BBox] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.data)
        out["years"] = {str(y): dict(v) for y, v in sorted(self.years.items())}
        out["page"] = self.page
        out["flags"] = [f.to_dict() for f in self.flags]
        out["raw"] = dict(self.raw)
        if self.boxes:
            out["boxes"] = {k: [round(v, 1) for v in box] for k, box in self.boxes.items()}
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
    how_found: str = "caption"
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

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame, years spread into columns (target_2024, rp_2024, ...)."""
        from .output import table_to_dataframe  # pandas stays at the edge

        return table_to_dataframe(self)


@dataclass
class Finding:
    """An arithmetic inconsistency found by the audit: reported, never corrected."""

    check: str  # e.g. "children-sum", "years-sum", "ratio"
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
class Result:
    """Everything extracted from one document."""

    document: DocumentInfo
    tables: list[Table]
    notes: list[Note] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    matching: dict[str, Any] = field(default_factory=dict)
    tracebacks: list[str] = field(default_factory=list)  # of the internal-error notes (not in the JSON)

    def tables_of(self, kind: str) -> list[Table]:
        return [t for t in self.tables if t.kind == kind]

    def to_dict(self) -> dict[str, Any]:
        from .output import result_to_dict

        return result_to_dict(self)
