"""Build the sample Renstra (DOCX + PDF) from the seed text and the hand-checked truth CSVs.

    python samples/make_samples.py                    # samples/renstra_dinkop_magetan_2024-2026.docx + .pdf
    python samples/make_samples.py --variant sebelum  # the *_sebelum variant (samples/sebelum_changes.json)
    python samples/make_samples.py --no-pdf           # DOCX only

The prose (headings, paragraphs, lists) and the non-TC tables (Tabel 2.2-2.5, 3.1, 3.2) come from the seed
(``../shared/seed/000_0bbde49619283af3.txt``, read, never copied). Each TC table comes from ``samples/truth/*.csv``
and is laid out like the original: caption lines as printed, multi-row headers with gridSpan/vMerge, header rows
repeated on every page (``w:tblHeader``), ruled ("Table Grid"). TC.24 and TC.27 sit in landscape sections.
TC.27 is one Word table at 7pt: KODE over 5 cells where the seed splits the code, one cell spanning the 5 KODE
columns where the seed prints it joined, TUJUAN/SASARAN merged vertically over each programme.
TC.25 *Sesudah Perubahan* keeps the original's defect: 11 grid columns, rows 3-4 printed two cells to the right.

Layout decisions beyond the seed: TC.25 headers span "Tujuan" and "Sasaran" over their number column (the seed's
"3"/"5" header cells are read as the rendering of those spans); TC.28 prints sasaran and italic indicator in one
cell as the seed does; the IKU formula is printed as readable text.

The DOCX is byte-for-byte deterministic (fixed core properties, fixed zip timestamps); the PDF carries
LibreOffice's own creation date.
"""

from __future__ import annotations

import argparse
import copy
import csv
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Pt
from docx.table import Table, _Cell

SAMPLES = Path(__file__).resolve().parent
REPO = SAMPLES.parent
SEED = REPO.parent / "shared" / "seed" / "000_0bbde49619283af3.txt"
TRUTH = SAMPLES / "truth"
CHANGES = SAMPLES / "sebelum_changes.json"
BASENAME = "renstra_dinkop_magetan_2024-2026"
FIXED_TIME = datetime(2024, 1, 15, 8, 0, 0, tzinfo=timezone.utc)
ZIP_TIME = (2024, 1, 15, 8, 0, 0)
FONT = "Arial"

TC27_NUMS = [
    "baseline", "target_2024", "rp_2024", "target_2025", "rp_2025",
    "target_2026", "rp_2026", "target_akhir", "rp_akhir",
]  # fmt: skip
ROMAN_CHAPTER = re.compile(r"^BAB (I|II|III|IV|V|VI|VII|VIII)( [A-Z ]+)?$")
SUBHEADING = re.compile(r"^\d+(\.\d+)+\.?\s+\S")
CAPTION = re.compile(r"^(Tabel|Table)\s+(TC|\d)")

# caption line in the seed -> truth table printed under it
TC_CAPTIONS = {
    "Tabel TC. 23": "tc23",
    "Tabel TC 24": "tc24",
    "Sebelum Perubahan": "tc25_sebelum",
    "Sesudah Perubahan": "tc25_sesudah",
    "Tabel TC. 26": "tc26",
    "Tabel TC. 27": "tc27",
    "Tabel TC. 28": "tc28",
    "Table 7.1 IKU": "iku",
}
LANDSCAPE = {"Tabel TC 24", "Tabel TC. 27"}

Rows = list[dict[str, str]]


# ---------------------------------------------------------------- seed reading


@dataclass
class Block:
    kind: str  # "text" or "table"
    line: int
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


def seed_to_blocks(lines: list[str]) -> list[Block]:
    """Paragraph lines and tab-separated table blocks (blank lines inside a table keep it going)."""
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line:
            rows: list[list[str]] = []
            start = i
            while i < len(lines) and ("\t" in lines[i] or not lines[i].strip()):
                if lines[i].strip():
                    rows.append(lines[i].split("\t"))
                i += 1
            blocks.append(Block("table", start + 1, rows=rows))
            continue
        if line.strip():
            blocks.append(Block("text", i + 1, text=line.strip()))
        i += 1
    return blocks


def read_truth(name: str) -> Rows:
    with (TRUTH / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------- low-level docx helpers


def set_cell_text(cell: _Cell, text: str, size: float, bold: bool = False, italic_tail: str = "") -> None:
    """Replace a cell's content with one paragraph (``italic_tail`` goes on a second line, in italics)."""
    par = cell.paragraphs[0]
    for run in list(par.runs):
        run._r.getparent().remove(run._r)
    par.paragraph_format.space_after = Pt(0)
    par.paragraph_format.space_before = Pt(0)
    run = par.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    if italic_tail:
        run.add_break()
        tail = par.add_run(italic_tail)
        tail.italic = True
        tail.font.size = Pt(size)
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)


def mark_header_row(table: Table, index: int) -> None:
    tr_pr = table.rows[index]._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def set_fixed_layout(table: Table, widths_pt: list[float]) -> None:
    """Fixed column widths (gridCol and every cell) and narrow cell margins, so that LibreOffice keeps them."""
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", 0), ("left", 28), ("bottom", 0), ("right", 28)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(twips))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.append(margins)
    for col, width in zip(table.columns, widths_pt):
        col.width = Pt(width)
    for row in table.rows:
        for idx, cell in enumerate(row.cells):
            if idx < len(widths_pt):
                cell.width = Pt(widths_pt[idx])


def new_table(doc: DocumentObject, n_rows: int, n_cols: int) -> Table:
    table = doc.add_table(rows=n_rows, cols=n_cols)
    table.style = "Table Grid"
    return table


@dataclass
class HeaderCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


def cell_grid(table: Table) -> Callable[[int, int], _Cell]:
    """``cell(row, col)`` of the table as it is now, looked up in one pass (``table.cell`` walks the whole table
    on every call). Cells stay valid through merges that do not overlap one another."""
    grid = table._cells
    n_cols = len(table.columns)
    return lambda row, col: grid[row * n_cols + col]


def write_header(table: Table, cells: list[HeaderCell], n_header_rows: int, size: float, repeat: bool = True) -> None:
    """The header cells, merged; ``repeat`` marks the header rows to repeat on every page (``w:tblHeader``)."""
    cell = cell_grid(table)
    for hc in cells:
        top_left = cell(hc.row, hc.col)
        if hc.rowspan > 1 or hc.colspan > 1:
            top_left = top_left.merge(cell(hc.row + hc.rowspan - 1, hc.col + hc.colspan - 1))
        set_cell_text(top_left, hc.text, size, bold=True)
        top_left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for r in range(n_header_rows if repeat else 0):
        mark_header_row(table, r)


def write_body_row(table: Table, row_index: int, values: list[str], size: float, first_col: int = 0) -> None:
    cells = table.rows[row_index].cells
    for offset, value in enumerate(values):
        set_cell_text(cells[first_col + offset], value, size)


def merge_down(table: Table, col: int, first: int, last: int, text: str, size: float) -> None:
    """One vertically merged cell (vMerge restart + continue) holding ``text``."""
    cell = table.cell(first, col)
    if last > first:
        cell = cell.merge(table.cell(last, col))
    set_cell_text(cell, text, size)


def year_header(first_col: int, years: list[str], row: int, span: int = 2) -> list[HeaderCell]:
    return [HeaderCell(y, row, first_col + span * i, colspan=span) for i, y in enumerate(years)]


# ---------------------------------------------------------------- TC tables


def add_tc23(doc: DocumentObject, rows: Rows) -> Table:
    size = 7.0
    table = new_table(doc, 3 + len(rows), 17)
    years = ["2019", "2020", "2021", "2022"]
    head = [
        HeaderCell("No", 0, 0, rowspan=2),
        HeaderCell("Indikator Kinerja sesuai tugas dan fungsi Dinas Koperasi dan UM", 0, 1, rowspan=2),
        HeaderCell("Target SPM", 0, 2, rowspan=2),
        HeaderCell("Target IKK", 0, 3, rowspan=2),
        HeaderCell("Target Indikator or Lainnya", 0, 4, rowspan=2),
        HeaderCell("Target Renstra Dinkop Tahun ke n", 0, 5, colspan=4),
        HeaderCell("Realisasi Capaian Tahun ke n", 0, 9, colspan=4),
        HeaderCell("Rasio Capaian pada Tahun n", 0, 13, colspan=4),
    ]
    head += [HeaderCell(y, 1, 5 + 4 * block + i) for block in range(3) for i, y in enumerate(years)]
    head += [HeaderCell(str(n + 1), 2, n) for n in range(17)]
    write_header(table, head, 3, size)
    fields = list(rows[0].keys())
    for r, row in enumerate(rows):
        write_body_row(table, 3 + r, [row[f] for f in fields], size)
    set_fixed_layout(table, [14, 110, 24, 24, 30] + [22.0] * 12)
    return table


def add_tc24(doc: DocumentObject, rows: Rows) -> Table:
    size = 5.5
    table = new_table(doc, 5 + len(rows), 29)
    t_years = ["2019", "2020", "2021", "2022", "2023"]
    head = [
        HeaderCell("Program/Kegiatan", 0, 0, rowspan=4),
        HeaderCell("Target Renstra Perangkat Daerah kabupaten/kota Tahun ke-", 0, 1, colspan=10),
        HeaderCell("Realisasi Capaian Tahun Ke-", 0, 11, colspan=10),
        HeaderCell("Rasio Capaian pada Tahun Ke-", 0, 21, colspan=8),
        HeaderCell("(3)", 4, 0),
    ]
    for first, n_years in ((1, 5), (11, 5), (21, 4)):
        head += year_header(first, [str(i + 1) for i in range(n_years)], 1)
        head += year_header(first, t_years[:n_years], 2)
    head += year_header(1, [f"({n})" for n in range(7, 21)], 3)
    head += [HeaderCell("K" if c % 2 else "Rp", 4, c) for c in range(1, 29)]
    write_header(table, head, 5, size)
    fields = list(rows[0].keys())
    for r, row in enumerate(rows):
        write_body_row(table, 5 + r, [row[f] for f in fields], size)
    widths = [92.0] + [17.0, 38.5] * 10 + [17.0, 17.0] * 4
    set_fixed_layout(table, widths)
    return table


def tc25_groups(rows: Rows) -> list[tuple[int, int]]:
    """(first, last) row index of each tujuan (a row printing a No starts one)."""
    starts = [i for i, row in enumerate(rows) if row["no"]]
    return [(s, (starts[k + 1] - 1) if k + 1 < len(starts) else len(rows) - 1) for k, s in enumerate(starts)]


def add_tc25(doc: DocumentObject, rows: Rows, shifted: set[int], n_cols: int) -> Table:
    """TC.25; rows in ``shifted`` are printed two cells to the right (the original's defect), in ``n_cols`` columns."""
    size = 8.0
    table = new_table(doc, 3 + len(rows), n_cols)
    head = [
        HeaderCell("No", 0, 0, rowspan=2),
        HeaderCell("Tujuan", 0, 1, rowspan=2, colspan=2),
        HeaderCell("Sasaran", 0, 3, rowspan=2, colspan=2),
        HeaderCell("Indikator Tujuan/Sasaran", 0, 5, rowspan=2),
        HeaderCell("Target Kinerja Tujuan/Sasaran Pada Tahun Ke -", 0, 6, colspan=3),
    ]
    head += [HeaderCell(y, 1, 6 + i) for i, y in enumerate(["2024", "2025", "2026"])]
    head += [HeaderCell(str(n + 1), 2, n) for n in range(9)]
    write_header(table, head, 3, size)
    for r, row in enumerate(rows):
        rest = [row[f] for f in ("sasaran_no", "sasaran", "indikator_no", "indikator")]
        rest += [row["target_2024"], row["target_2025"], row["target_2026"]]
        write_body_row(table, 3 + r, rest, size, first_col=4 if r in shifted else 2)
    for first, last in tc25_groups(rows):
        merge_down(table, 0, 3 + first, 3 + last, rows[first]["no"], size)
        merge_down(table, 1, 3 + first, 3 + last, rows[first]["tujuan"], size)
    widths = [16.0, 80, 22, 80, 28, 92, 44, 44, 44] + [16.0] * (n_cols - 9)
    set_fixed_layout(table, widths)
    return table


def add_tc26(doc: DocumentObject, rows: Rows) -> Table:
    size = 8.0
    table = new_table(doc, 1 + len(rows), 4)
    labels = ["Tujuan", "Sasaran", "Strategi", "Arah Kebijakan"]
    write_header(table, [HeaderCell(t, 0, c) for c, t in enumerate(labels)], 1, size)
    for r, row in enumerate(rows):
        write_body_row(table, 1 + r, [row["sasaran"], row["strategi"], row["arah_kebijakan"]], size, first_col=1)
    merge_down(table, 0, 1, len(rows), rows[0]["tujuan"], size)
    set_fixed_layout(table, [90, 110, 110, 170])
    return table


def tc27_header() -> list[HeaderCell]:
    head = [
        HeaderCell("TUJUAN", 0, 0, rowspan=3),
        HeaderCell("SASARAN", 0, 1, rowspan=3),
        HeaderCell("KODE", 0, 2, rowspan=3, colspan=5),
        HeaderCell("URUSAN/ BIDANG URUSAN/ PROGRAM/ KEGIATAN/ SUB KEGIATAN", 0, 7, rowspan=3),
        HeaderCell("INDIKATOR PROGRAM/ KEGIATAN/ SUB KEGIATAN", 0, 8, rowspan=3),
        HeaderCell("Baseline (2023)", 0, 9, rowspan=3),
        HeaderCell("CAPAIAN KINERJA DAN KERANGKA PENDANAAN", 0, 10, colspan=8),
        HeaderCell("PERANGKAT DAERAH PENANGGUNG JAWAB", 0, 18, rowspan=3),
    ]
    blocks = ["2024", "2025", "2026", "Kondisi Kinerja Pada Akhir Periode Renstra Perangkat Daerah"]
    head += year_header(10, blocks, 1)
    head += [HeaderCell("Target" if c % 2 == 0 else "Rp", 2, c) for c in range(10, 18)]
    return head


def tc27_programme_spans(rows: Rows) -> list[tuple[int, int]]:
    """(first, last) row index of each programme with its kegiatan and sub kegiatan rows."""
    spans: list[tuple[int, int]] = []
    for i, row in enumerate(rows):
        if row["level"] == "program":
            spans.append((i, i))
        elif row["level"] in ("kegiatan", "sub_kegiatan") and spans:
            spans[-1] = (spans[-1][0], i)
    return spans


def add_tc27(doc: DocumentObject, rows: Rows) -> Table:
    size = 7.0
    n_head = 3
    table = new_table(doc, n_head + len(rows), 19)
    write_header(table, tc27_header(), n_head, size)
    for r, row in enumerate(rows):
        tr = n_head + r
        if "|" in row["code_cells"] or " " not in row["code_cells"]:  # split over the KODE cells ("2" alone too)
            write_body_row(table, tr, row["code_cells"].split("|"), size, first_col=2)
        else:
            joined = table.cell(tr, 2).merge(table.cell(tr, 6))
            set_cell_text(joined, row["code_cells"], size)
        values = [row["name"], row["indicator_cell"], *[row[f] for f in TC27_NUMS], row["pd"]]
        write_body_row(table, tr, values, size, first_col=7)
    for first, last in tc27_programme_spans(rows):
        merge_down(table, 0, n_head + first, n_head + last, rows[first]["tujuan"], size)
        merge_down(table, 1, n_head + first, n_head + last, rows[first]["sasaran"], size)
    widths = [52, 62] + [18.0] * 5 + [102, 106, 32] + [25.5, 51.5] * 4 + [44]
    set_fixed_layout(table, widths)
    return table


def add_tc28(doc: DocumentObject, rows: Rows) -> Table:
    size = 8.0
    table = new_table(doc, 2 + len(rows), 7)
    head = [
        HeaderCell("No", 0, 0, rowspan=2),
        HeaderCell("Indikator", 0, 1, rowspan=2),
        HeaderCell("Kondisi Kinerja pada awal", 0, 2),
        HeaderCell("Target capaian setiap Tahun", 0, 3, colspan=3),
        HeaderCell("Kondisi Kinerja pada akhir periode RPJMD", 0, 6, rowspan=2),
    ]
    head += [HeaderCell(y, 1, 2 + i) for i, y in enumerate(["2023", "2024", "2025", "2026"])]
    write_header(table, head, 2, size)
    for r, row in enumerate(rows):
        cells = table.rows[2 + r].cells
        set_cell_text(cells[0], row["no"], size)
        set_cell_text(cells[1], row["sasaran"], size, italic_tail=row["indikator"])
        values = [row[f] for f in ("kondisi_awal_2023", "target_2024", "target_2025", "target_2026", "kondisi_akhir")]
        write_body_row(table, 2 + r, values, size, first_col=2)
    set_fixed_layout(table, [20, 170, 55, 40, 40, 40, 80])
    return table


def add_iku(doc: DocumentObject, rows: Rows) -> Table:
    size = 8.0
    table = new_table(doc, 1 + len(rows), 3)
    labels = ["Sasaran", "Indikator Kinerja", "Rumus Perhitungan"]
    write_header(table, [HeaderCell(t, 0, c) for c, t in enumerate(labels)], 1, size)
    for r, row in enumerate(rows):
        write_body_row(table, 1 + r, [row["sasaran"], row["indikator"], row["rumus"]], size)
    set_fixed_layout(table, [130, 130, 210])
    return table


def add_plain_table(doc: DocumentObject, rows: list[list[str]]) -> Table:
    """A non-TC table of the seed, cell texts as printed, short rows padded on the right."""
    n_cols = max(len(r) for r in rows)
    table = new_table(doc, len(rows), n_cols)
    for r, row in enumerate(rows):
        write_body_row(table, r, row + [""] * (n_cols - len(row)), 8.0)
    mark_header_row(table, 0)
    return table


# ---------------------------------------------------------------- document


def set_orientation(doc: DocumentObject, landscape: bool) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    format_section(section, landscape)


def format_section(section: Section, landscape: bool) -> None:
    long_side, short_side = Cm(29.7), Cm(21.0)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width = long_side if landscape else short_side
    section.page_height = short_side if landscape else long_side
    margin = Cm(0.8) if landscape else Cm(2.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, margin)


def add_rich_paragraph(doc: DocumentObject, text: str, style: str | None = None) -> None:
    """A paragraph with the seed's **bold** and *italic* markers turned into runs."""
    par = doc.add_paragraph(style=style)
    for part in re.split(r"(\*\*[^*]+\*\*|\*[^*]+\*)", text):
        if not part:
            continue
        if part.startswith("**"):
            par.add_run(part[2:-2]).bold = True
        elif part.startswith("*"):
            par.add_run(part[1:-1]).italic = True
        else:
            par.add_run(part)


def add_title_page(doc: DocumentObject, variant: str) -> None:
    lines = [
        ("RENCANA STRATEGIS" if variant == "sebelum" else "PERUBAHAN RENCANA STRATEGIS", 20),
        ("DINAS KOPERASI, USAHA KECIL DAN MENENGAH", 16),
        ("KABUPATEN MAGETAN", 16),
        ("TAHUN 2024 - 2026", 16),
        ("", 12),
        ("DINAS KOPERASI, USAHA KECIL DAN MENENGAH", 12),
        ("KABUPATEN MAGETAN", 12),
        ("JALAN TRIPANDITA NO 15 MAGETAN", 12),
    ]
    for _ in range(6):
        doc.add_paragraph()
    for text, size in lines:
        par = doc.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = par.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


TableMaker = Callable[[DocumentObject, Rows], Table]
TC_MAKERS: dict[str, TableMaker] = {
    "tc23": add_tc23,
    "tc24": add_tc24,
    "tc25_sebelum": lambda doc, rows: add_tc25(doc, rows, set(), 9),
    "tc25_sesudah": lambda doc, rows: add_tc25(doc, rows, {2, 3}, 11),
    "tc26": add_tc26,
    "tc27": add_tc27,
    "tc28": add_tc28,
    "iku": add_iku,
}


@dataclass
class Writer:
    """Walks the seed blocks and writes them, swapping each TC table block for its truth table."""

    doc: DocumentObject
    truth: dict[str, Rows]
    pending_tc: str | None = None
    landscape: bool = False
    in_sistematika: bool = False
    in_front_matter: bool = True
    after_chapter: bool = False
    caption_open: bool = False
    fresh_page: bool = True
    variant: str = "sesudah"
    skip_table: bool = False

    def text(self, block: Block) -> None:
        text = block.text
        if self.variant == "sebelum" and text in ("Sebelum Perubahan", "Sesudah Perubahan"):
            # the sebelum document prints one TC.25 (the Sebelum table) and no Sebelum/Sesudah labels
            self.pending_tc = "tc25_sebelum" if text == "Sebelum Perubahan" else None
            self.skip_table = text == "Sesudah Perubahan"
            return
        if text in LANDSCAPE:
            set_orientation(self.doc, landscape=True)
            self.landscape = self.fresh_page = True
        if text in TC_CAPTIONS:
            self.pending_tc = TC_CAPTIONS[text]
        if self.in_sistematika and text == "BAB II":
            self.in_sistematika = False
        style = self.style_for(text)
        if text == "1.4 Sistematika Penulisan":
            self.in_sistematika = True
        if text == "BAB I":
            self.in_front_matter = False
        starts_chapter = style == "Heading 1" and not self.after_chapter
        if starts_chapter and not self.fresh_page:
            self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        self.after_chapter = style == "Heading 1"
        self.caption_open = style == "Caption"
        self.fresh_page = False
        if style == "Caption":
            par = self.doc.add_paragraph()
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            par.paragraph_format.keep_with_next = True
            par.add_run(text).bold = True
        elif text.startswith("- "):
            add_rich_paragraph(self.doc, text[2:], style="List Bullet")
        else:
            add_rich_paragraph(self.doc, text, style=style)

    def style_for(self, text: str) -> str | None:
        if text in ("KATA PENGANTAR", "DAFTAR ISI", "DAFTAR TABEL"):
            return "Heading 1"
        if not self.in_sistematika and ROMAN_CHAPTER.match(text):
            return "Heading 1"
        if self.after_chapter and text.isupper() and len(text) < 90:
            return "Heading 1"
        if not self.in_sistematika and SUBHEADING.match(text) and len(text) < 230:
            return "Heading 2"
        if CAPTION.match(text) or text in TC_CAPTIONS:
            return "Caption"
        if self.caption_open and len(text) < 130 and not text.endswith("."):
            return "Caption"
        return None

    def table(self, block: Block) -> None:
        self.after_chapter = self.caption_open = self.fresh_page = False
        if self.skip_table:
            self.skip_table = False
            return
        if self.in_front_matter:  # DAFTAR ISI / DAFTAR TABEL entries are tab-separated lines, not tables
            for row in block.rows:
                self.doc.add_paragraph("\t".join(c for c in row if c))
            return
        if self.pending_tc:
            TC_MAKERS[self.pending_tc](self.doc, self.truth[self.pending_tc])
            self.pending_tc = None
        else:
            add_plain_table(self.doc, block.rows)
        self.doc.add_paragraph()
        if self.landscape:
            set_orientation(self.doc, landscape=False)
            self.landscape = False
            self.fresh_page = True


def configure_styles(doc: DocumentObject) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for name in ("Heading 1", "Heading 2", "List Bullet"):
        doc.styles[name].font.name = FONT
    doc.styles["Heading 1"].font.size = Pt(14)
    doc.styles["Heading 2"].font.size = Pt(12)


def set_core_properties(doc: DocumentObject, variant: str) -> None:
    props = doc.core_properties
    props.author = "Dinas Koperasi dan Usaha Mikro Kabupaten Magetan (sample built by renstra)"
    props.last_modified_by = "renstra samples/make_samples.py"
    props.title = "Perubahan Rencana Strategis Dinas Koperasi dan Usaha Mikro Kabupaten Magetan 2024-2026"
    if variant == "sebelum":
        props.title = "Rencana Strategis Dinas Koperasi dan Usaha Mikro Kabupaten Magetan 2024-2026 (sebelum)"
    props.subject = "Sample document for the renstra extractor"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.revision = 1


def build_document(lines: list[str], truth: dict[str, Rows], variant: str) -> DocumentObject:
    doc = Document()
    configure_styles(doc)
    format_section(doc.sections[0], landscape=False)
    set_core_properties(doc, variant)
    add_title_page(doc, variant)
    writer = Writer(doc, truth, variant=variant)
    start = next(i for i, line in enumerate(lines) if line.strip() == "KATA PENGANTAR")
    for block in seed_to_blocks(lines[start:]):
        if block.kind == "text":
            writer.text(block)
        else:
            writer.table(block)
    return doc


def deterministic_bytes(doc: DocumentObject) -> bytes:
    """The DOCX with every zip entry stamped with the same time, in a fixed order."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()


def convert_to_pdf(docx_path: Path) -> Path:
    return convert_all_to_pdf([docx_path], docx_path.parent)[0]


def convert_all_to_pdf(docx_paths: list[Path], outdir: Path, timeout: float = 600) -> list[Path]:
    """Every DOCX converted to PDF into ``outdir`` by ONE LibreOffice run (its start-up is most of the time)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("soffice (LibreOffice) not found: cannot write the PDF (use --no-pdf)")
    with tempfile.TemporaryDirectory(prefix="lo_profile_") as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *(str(path) for path in docx_paths),
        ]
        subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
    pdfs = [outdir / f"{path.stem}.pdf" for path in docx_paths]
    missing = [pdf.name for pdf in pdfs if not pdf.exists()]
    if missing:
        raise SystemExit(f"LibreOffice did not write {', '.join(missing)}")
    return pdfs


# ---------------------------------------------------------------- variants


def load_truth(variant: str) -> dict[str, Rows]:
    truth = {name: read_truth(name) for name in TC_MAKERS}
    if variant == "sebelum":
        changes = json.loads(CHANGES.read_text(encoding="utf-8"))
        truth = apply_changes_backwards(truth, changes)
    return truth


def rows_for(rows: Rows, change: dict[str, Any]) -> list[int]:
    """Indices of the rows a change touches, keyed by TC.27 code (a reworded sasaran covers the programme's rows)."""
    key = change["key"]
    if change["kind"] == "reworded":
        hits = [i for i, row in enumerate(rows) if row["code"] == key or row["code"].startswith(key + ".")]
    else:
        hits = [i for i, row in enumerate(rows) if row["code"] == key]
    if not hits and change["kind"] != "row_removed":
        raise SystemExit(f"change {change['kind']} {key}: no such row in the sesudah truth")
    return hits


def apply_changes_backwards(truth: dict[str, Rows], changes: list[dict[str, Any]]) -> dict[str, Rows]:
    """The sebelum document's tables: every change turned back from ``after`` to ``before``.

    Keys name rows of the sesudah truth; they are all located before any change is applied, so the order of the
    changes does not matter (a renumbered row is found by its sesudah code).
    """
    out = copy.deepcopy(truth)
    rows = out["tc27"]
    located = [(change, rows_for(rows, change)) for change in changes if change["table"] == "tc27"]
    dropped: set[int] = set()
    inserts: dict[int, list[dict[str, str]]] = {}
    for change, hits in located:
        if change["kind"] == "row_added":
            dropped.update(hits)
        elif change["kind"] == "row_removed":
            anchor = next(i for i, row in enumerate(rows) if row["code"] == change["insert_after"])
            inserts.setdefault(anchor, []).append({k: str(v) for k, v in change["before"].items()})
        else:
            for i in hits:
                if rows[i][change["field"]] != change["after"]:
                    raise SystemExit(f"change {change} does not match the truth ({rows[i][change['field']]!r})")
                rows[i][change["field"]] = change["before"]
    rebuilt: Rows = []
    for i, row in enumerate(rows):
        if i not in dropped:
            rebuilt.append(row)
        rebuilt.extend(inserts.get(i, []))
    out["tc27"] = rebuilt
    return out


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", choices=["sesudah", "sebelum"], default="sesudah")
    parser.add_argument("--no-pdf", action="store_true", help="write the DOCX only")
    args = parser.parse_args(argv)
    if not SEED.exists():
        print(f"seed text not found at {SEED}", file=sys.stderr)
        return 2
    lines = SEED.read_text(encoding="utf-8").split("\n")
    doc = build_document(lines, load_truth(args.variant), args.variant)
    name = BASENAME + ("_sebelum" if args.variant == "sebelum" else "")
    docx_path = SAMPLES / f"{name}.docx"
    docx_path.write_bytes(deterministic_bytes(doc))
    print(f"wrote {docx_path.relative_to(REPO)}")
    if not args.no_pdf:
        print(f"wrote {convert_to_pdf(docx_path).relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
