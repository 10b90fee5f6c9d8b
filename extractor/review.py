"""A review page: one self-contained HTML file per document for checking the doubtful values by eye.

On top a summary (tables found, TC.27 rows per level, each program's Rp per year as bars, counts of flags and
findings); then every flagged value and every audit finding with the crop of the page image around the cell it
was read from (rendered with pypdfium2 from Row.page and Row.boxes; a DOCX has no pages, so the row's text is
shown instead); then each table's rows. Images are inline (data: URLs): the page needs no network.
"""

from __future__ import annotations

import base64
import html
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .fields import LEVELS as ROW_LEVELS
from .files import atomic_path
from .model import BBox, Finding, Result, Row, Table, union_box
from .textnorm import collapse
from .workbook import flag_column

CROP_DPI = 150
MARGIN_X = 70.0  # points of page shown left and right of the cell
MARGIN_Y = 28.0
MAX_CROPS = 400  # a document with more doubtful values shows the first ones and says how many are left
MAX_CROP_PIXELS = 2_000_000
LEVELS = (*ROW_LEVELS, "indicator")


@dataclass(frozen=True)
class ReviewItem:
    """One value to check: where it is, what the tool says about it."""

    table: str
    row_index: int
    row: Row
    field: str  # the Row.raw / Row.boxes key ("2024.rp", "code"), "" for the whole row
    what: str  # "flag" or "finding"
    code: str
    message: str


def _finding_key(finding: Finding) -> str:
    return f"{finding.year}.{finding.field}" if finding.year is not None else finding.field


def _table_label(table: Table, n: int) -> str:
    pages = f"pp.{table.pages[0]}-{table.pages[-1]}" if table.pages else "no pages"
    return f"{table.kind}{' ' + table.variant if table.variant else ''} ({pages}) #{n + 1}"


def review_items(result: Result) -> list[ReviewItem]:
    """Every flagged value and every audit finding, table by table, in row order."""
    items: list[ReviewItem] = []
    for n, table in enumerate(result.tables):
        label = _table_label(table, n)
        for i, row in enumerate(table.rows):
            items.extend(ReviewItem(label, i, row, f.field, "flag", f.code, f.message) for f in row.flags)
        for finding in result.findings:
            if finding.table != table.kind or finding.row >= len(table.rows):
                continue
            row = table.rows[finding.row]
            if row.page != finding.page or row.data.get("code") != finding.code:
                continue
            items.append(ReviewItem(label, finding.row, row, _finding_key(finding), "finding", finding.check,
                                    finding.message))
    return items


def _box(item: ReviewItem) -> BBox | None:
    """The cell's box, or the whole row's when the flag names no field (or the field has no box)."""
    if item.field and item.field in item.row.boxes:
        return item.row.boxes[item.field]
    box: BBox | None = None
    for b in item.row.boxes.values():
        box = union_box(box, b)
    return box


class PageCrops:
    """Crops of the pages of one PDF, each page rendered once (pages are visited in order)."""

    def __init__(self, path: Path) -> None:
        import pypdfium2 as pdfium

        self._pdf = pdfium.PdfDocument(str(path))
        self._page_no: int | None = None
        self._image: Any = None
        self._scale = 1.0

    def close(self) -> None:
        self._pdf.close()

    def _render(self, page_no: int) -> None:
        from .readers.ocr import render_scale
        from .readers.pdf_objects import reading_turn

        if self._page_no == page_no:
            return
        page = self._pdf[page_no - 1]
        width, height = page.get_size()
        self._scale = render_scale(width, height, CROP_DPI)
        self._image = page.render(scale=self._scale).to_pil().convert("RGB")
        turn = reading_turn(page)  # a page read turned (sideways text): its boxes are on the page turned so
        if turn:
            self._image = self._image.rotate(-turn, expand=True)  # PIL turns counter-clockwise
        self._page_no = page_no
        page.close()

    def crop(self, page_no: int, box: BBox) -> str:
        """A PNG data URL of the page around ``box`` with the cell outlined."""
        from PIL import ImageDraw

        self._render(page_no)
        s = self._scale
        x0, top, x1, bottom = box
        w, h = self._image.size
        area = (max(0, int((x0 - MARGIN_X) * s)), max(0, int((top - MARGIN_Y) * s)),
                min(w, int((x1 + MARGIN_X) * s)), min(h, int((bottom + MARGIN_Y) * s)))
        if (area[2] - area[0]) * (area[3] - area[1]) > MAX_CROP_PIXELS:  # a cell merged down a whole page
            area = (area[0], area[1], area[2], min(area[3], area[1] + MAX_CROP_PIXELS // max(1, area[2] - area[0])))
        piece = self._image.crop(area)
        ImageDraw.Draw(piece).rectangle((x0 * s - area[0], top * s - area[1], x1 * s - area[0],
                                         bottom * s - area[1]), outline=(220, 30, 30), width=2)
        buf = io.BytesIO()
        piece.save(buf, format="PNG", optimize=True)
        return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _e(value: Any) -> str:
    return html.escape("" if value is None else collapse(str(value)))


def _row_text(row: Row) -> str:
    parts = [str(row.data.get(k)) for k in ("code", "name", "indicator") if row.data.get(k)]
    parts += [f"{k}: {v}" for k, v in row.raw.items()]
    return " | ".join(parts)


def _items_html(items: list[ReviewItem], crops: PageCrops | None) -> list[str]:
    out = [f"<h2>To check ({len(items)})</h2>"]
    if len(items) > MAX_CROPS:
        out.append(f'<p class="muted">The first {MAX_CROPS} are shown with their page image; '
                   f"{len(items) - MAX_CROPS} more are listed in the tables below.</p>")
    order = sorted(range(len(items[:MAX_CROPS])), key=lambda k: (items[k].row.page or 0, k))  # each page once
    pictures: dict[int, str] = {}
    for k in order:
        item = items[k]
        box = _box(item)
        if crops is not None and item.row.page and box is not None:
            pictures[k] = f'<img class="crop" alt="page {item.row.page}" src="{crops.crop(item.row.page, box)}">'
    for k, item in enumerate(items[:MAX_CROPS]):
        printed = item.row.raw.get(item.field, "")
        evidence = pictures.get(k) or f'<pre class="rowtext">{_e(_row_text(item.row))}</pre>'
        out.append(f'<div class="item {item.what}"><p><b>{_e(item.table)}</b>, row {item.row_index + 1}, page '
                   f"{_e(item.row.page or '-')}: <code>{_e(item.row.data.get('code') or '')}</code> "
                   f"{_e(item.row.data.get('name') or '')}</p><p><span class=\"tag\">{item.what}: {_e(item.code)}"
                   f"</span> {_e(item.field)} {('printed <code>' + _e(printed) + '</code>') if printed else ''}"
                   f" — {_e(item.message)}</p>{evidence}</div>")
    return out


def _program_totals(result: Result) -> list[tuple[str, str, dict[int, float]]]:
    out = []
    for table in result.tables_of("TC.27"):
        for row in table.rows:
            if row.data.get("level") == "program":
                rp = {y: float(v["rp"]) for y, v in row.years.items() if isinstance(v.get("rp"), (int, float))}
                out.append((row.data.get("code") or "", row.data.get("name") or "", rp))
    return out


def _bars(rp: dict[int, float], top: float) -> str:
    parts = [f'<svg class="bars" width="{len(rp) * 22 + 8}" height="74" role="img">']
    for i, (year, value) in enumerate(sorted(rp.items())):
        h = 0 if top <= 0 else value / top * 60
        parts.append(f'<rect x="{6 + i * 22}" y="{60 - h:.1f}" width="16" height="{h:.1f}"><title>{year}: Rp '
                     f"{value:,.0f}</title></rect><text x=\"{4 + i * 22}\" y=\"72\" font-size=\"8\">{year}</text>")
    return "".join(parts) + "</svg>"


def _summary_html(result: Result, items: list[ReviewItem]) -> list[str]:
    out = ["<h2>Summary</h2><table><tr><th>table</th><th>pages</th><th>rows</th><th>notes</th></tr>"]
    for n, table in enumerate(result.tables):
        out.append(f"<tr><td>{_e(_table_label(table, n))}</td><td>{_e(', '.join(map(str, table.pages)))}</td>"
                   f'<td class="num">{len(table.rows)}</td><td>{_e("; ".join(x.message for x in table.notes))}'
                   "</td></tr>")
    out.append("</table>")
    levels = Counter(r.data.get("level") for t in result.tables_of("TC.27") for r in t.rows)
    if levels:
        out.append("<table><tr>" + "".join(f"<th>{lv}</th>" for lv in LEVELS) + "</tr><tr>"
                   + "".join(f'<td class="num">{levels.get(lv, 0)}</td>' for lv in LEVELS) + "</tr></table>")
    counts = Counter(i.what for i in items)
    out.append(f'<p><b id="n-flags">{counts.get("flag", 0)}</b> flagged value(s), <b id="n-findings">'
               f'{counts.get("finding", 0)}</b> audit finding(s), {len(result.notes)} document note(s).</p>')
    programs = _program_totals(result)
    if programs:
        top = max((v for _, _, rp in programs for v in rp.values()), default=0.0)
        out.append("<h3>Rp per program and year</h3><table>")
        out += [f"<tr><td>{_e(code)}<br>{_e(name)}</td><td>{_bars(rp, top)}</td></tr>" for code, name, rp in programs]
        out.append("</table>")
    out += [f'<p class="note">note: {_e(n.message)}</p>' for n in result.notes]
    return out


def _tables_html(result: Result) -> list[str]:
    out = ["<h2>Tables</h2>"]
    for n, table in enumerate(result.tables):
        records = table.records()
        cols = [c for c in (records[0].keys() if records else []) if c not in ("kind", "variant", "flags")]
        out.append(f"<h3>{_e(_table_label(table, n))}</h3><div class=\"wide\"><table><tr>"
                   + "".join(f"<th>{_e(c)}</th>" for c in cols) + "</tr>")
        for row, rec in zip(table.rows, records):
            flagged = {flag_column(f.field) for f in row.flags}
            out.append("<tr>" + "".join(f'<td class="{"flag" if c in flagged else ""}">{_e(rec.get(c))}</td>'
                                        for c in cols) + "</tr>")
        out.append("</table></div>")
    return out


_CSS = """
body{font-family:system-ui,Arial,sans-serif;margin:1.5em;color:#222;background:#fff}
table{border-collapse:collapse;margin:.4em 0;font-size:.82em}th,td{border:1px solid #bbb;padding:.2em .4em;
vertical-align:top}th{background:#f0f0f0}.num{text-align:right}.wide{overflow-x:auto}td.flag{background:#fff2cc}
.item{border:1px solid #ccc;border-radius:4px;padding:.4em .7em;margin:.6em 0}.item.finding{border-color:#c55}
.tag{background:#eee;border-radius:3px;padding:0 .3em}img.crop{max-width:100%;border:1px solid #999}
pre.rowtext{white-space:pre-wrap;background:#f7f7f7;padding:.4em}.muted{color:#777}svg.bars rect{fill:#2f6db5}
"""


def review_html(result: Result, document: str | Path | None = None) -> str:
    """The review page of ``result``; ``document`` is the PDF it came from (crops need it; None shows row text)."""
    items = review_items(result)
    path = Path(document) if document is not None else None
    crops = PageCrops(path) if path is not None and path.suffix.lower() == ".pdf" else None
    try:
        body = _summary_html(result, items) + _items_html(items, crops) + _tables_html(result)
    finally:
        if crops is not None:
            crops.close()
    title = _e(result.document.file)
    return "\n".join(['<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">',
                      f"<title>Review — {title}</title><style>{_CSS}</style></head><body>",
                      f"<h1>Review: {title}</h1>", *body, "</body></html>"]) + "\n"


def write_review(result: Result, document: str | Path | None, outdir: str | Path, stem: str | None = None) -> Path:
    """Write <stem>.review.html into ``outdir`` (atomically) and return its path; ``stem`` defaults to the
    document's name without its suffix."""
    target = Path(outdir) / f"{stem or Path(result.document.file).stem}.review.html"
    with atomic_path(target) as tmp:
        tmp.write_text(review_html(result, document), encoding="utf-8")
    return target
