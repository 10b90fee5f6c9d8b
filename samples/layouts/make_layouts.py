"""The layout zoo: the seed's TC.27 (samples/truth/tc27.csv, 74 rows) printed in the layouts real Renstra use.

    python samples/layouts/make_layouts.py              # DOCX + XLSX + PDF of every layout into samples/layouts/build/
    python samples/layouts/make_layouts.py --no-pdf     # without LibreOffice
    python samples/layouts/make_layouts.py --out DIR --only seed one_row

Every layout is data (``LAYOUTS``, a list of dicts); one renderer per format writes it: ``write_docx``
(python-docx, with the helpers of samples/make_samples.py), ``write_xlsx`` (openpyxl) and the PDF is the DOCX
converted by LibreOffice headless, all files in ONE soffice run. The header wording is copied from real
documents (../shared/realdocs/: Semarang T-C 27 with "Tahun 1 ... 5", the Pekanbaru Word original with "Kode
Rekening" and plain column numbers, the 2025 Banyuwangi layout with "code - name" cells, "(01)" numbers and
TARGET / PAGU, the issue's one-row "Target 2024 | Pagu 2024 (Rp)" and e-planning "TARGET TAHUN 1 | DANA TAHUN 1").

A layout dict:

- ``name``, ``what`` (one line for the README), ``caption`` (the lines printed above the table),
- ``columns``: each ``{"head": (texts top to bottom), "cell": what the body prints, "width": points}``;
  a head shorter than the header's depth reaches down to the last header row; neighbouring columns whose heads
  start alike share the merged cell (``KODE`` over five columns, a year over Target/Rp). ``cell`` is a truth
  column (``name``, ``indicator_cell``, ``indicator``, ``unit``, ``pd``, ``tujuan``, ``sasaran``, ``baseline``,
  ``target_2024``, ``rp_2024``, ..., ``target_akhir``, ``rp_akhir``) or ``code_cells`` (five KODE cells, the
  seed's mix: split where the seed splits, one cell over the five where it prints the code joined),
  ``code_split`` (always five cells), ``code_spaced`` ("2 17 01 2.01 01" in one cell), ``code`` (dotted,
  "2.17.01.2.01.0001"), ``code_generic`` (dotted, the supporting programme's rows as "x.xx.01..."),
  ``code_name`` ("2.17.01 - PROGRAM ..."), ``empty`` (an empty code cell) or one of ``EXTRA_CELLS``;
- ``numbers``: the column-number row under the header: None, ``plain`` (1 2 ...), ``paren`` ((1) (2) ...)
  or ``paren0`` ((01) (02) ...); one number per merged leaf (the five KODE cells have one);
- ``number_style``: ``seed`` (as the seed prints: "3,149,889,939", "80.1") or ``id`` ("3.149.889.939", "80,1");
- ``rp_scale``: 1, 1000 (printed in thousands, rounded) or 1_000_000 (millions with two decimals);
- ``orientation``, ``font`` (pt), ``repeat_header`` (header rows repeat on every PDF page), ``bold_levels``
  (urusan to kegiatan rows in bold, as documents without codes print them).

``expected_code`` and ``rp_printed`` say what a layout prints where it differs from the truth; the test
(tests/test_layouts.py) builds its expectations from the truth with them. Scaled amounts are printed rounded
to what the unit can show (3,149,889,939 in thousands: 3,149,890; in millions: 3.149,89).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent
sys.path.insert(0, str(SAMPLES))

import make_samples as ms  # noqa: E402

BUILD = HERE / "build"
TRUTH_CSV = SAMPLES / "truth" / "tc27.csv"
YEARS = (2024, 2025, 2026)
CODE_GROUP_CELLS = ("code_cells", "code_split")  # one column spec -> five KODE columns
CODE_WIDTH = 5
LOKASI = "Kabupaten Magetan"
INDIKATOR_SASARAN = "Persentase capaian sasaran strategis"
EXTRA_CELLS = ("lokasi", "indikator_sasaran", "keterangan", "kelompok_sasaran", "sumber_dana")
KELOMPOK_SASARAN = "Pelaku usaha mikro"
SUMBER_DANA = "APBD"
GENERIC_PREFIX = ("2.17.01", "x.xx.01")  # the supporting programme of every bidang, printed generically
# Every PDF is rendered in DejaVu Sans, named explicitly: "Arial" falls back to whatever the machine has
# (Liberation Sans where installed, DejaVu Sans on a bare Debian with LibreOffice --no-install-recommends, as
# in CI), and a wider font breaks other words: the zoo must render the same everywhere.
FONT = "DejaVu Sans"
TITLE = "RENCANA STRATEGIS DINAS KOPERASI, USAHA KECIL DAN MENENGAH KABUPATEN MAGETAN TAHUN 2024 - 2026"
SEED_CAPTION = [
    "Tabel TC. 27",
    "Perubahan Rencana Program, Kegiatan dan Pendanaan Indikatif Dinas Koperasi dan Usaha Mikro Kabupaten Magetan",
    "Tahun 2024 – 2026",
]
# Semarang's T-C 27 caption, naming the plan's period: relative years ("Tahun 1", "Tahun I") are resolved by it
PERIOD_CAPTION = ["Tabel T-C 27.", "Rencana Program, Kegiatan, dan Pendanaan Dinas Koperasi, Usaha Kecil dan Menengah",
                  "Kabupaten Magetan Renstra 2024-2026"]
Row = dict[str, str]
Layout = dict[str, Any]


# ---------------------------------------------------------------- column building blocks (data)


def col(head: str | tuple[str, ...], cell: str, width: float) -> dict[str, Any]:
    return {"head": (head,) if isinstance(head, str) else head, "cell": cell, "width": width}


def yearly(group: str | None, labels: Iterable[str], target: str, rp: str, wt: float, wrp: float,
           akhir: str | None = None) -> list[dict[str, Any]]:
    """Target/Rp pairs under each year label (and the end-of-period pair under ``akhir``)."""
    blocks = [(label, f"target_{y}", f"rp_{y}") for label, y in zip(labels, YEARS)]
    if akhir is not None:
        blocks.append((akhir, "target_akhir", "rp_akhir"))
    top = (group,) if group else ()
    return [c for label, t, r in blocks for c in (col((*top, label, target), t, wt), col((*top, label, rp), r, wrp))]


def one_row_years(target: str, rp: str, wt: float, wrp: float, akhir: tuple[str, str] | None,
                  labels: Iterable[object] = YEARS) -> list[dict[str, Any]]:
    """One header row: "Target 2024 | Pagu 2024 (Rp)" (``{}`` takes each of ``labels``: the year, or 1, 2, 3
    where the plan's years are counted); ``akhir`` the end-of-period pair."""
    cols = [c for y, label in zip(YEARS, labels)
            for c in (col(target.format(label), f"target_{y}", wt), col(rp.format(label), f"rp_{y}", wrp))]
    if akhir:
        cols += [col(akhir[0], "target_akhir", wt), col(akhir[1], "rp_akhir", wrp)]
    return cols


SEED_NAME = "URUSAN/ BIDANG URUSAN/ PROGRAM/ KEGIATAN/ SUB KEGIATAN"
SEED_INDICATOR = "INDIKATOR PROGRAM/ KEGIATAN/ SUB KEGIATAN"
SEED_GROUP = "CAPAIAN KINERJA DAN KERANGKA PENDANAAN"
SEED_AKHIR = "Kondisi Kinerja Pada Akhir Periode Renstra Perangkat Daerah"
SEED_PD = "PERANGKAT DAERAH PENANGGUNG JAWAB"


def seed_columns(rp: str = "Rp", name_w: float = 102, ind_w: float = 106, tujuan_w: float = 52,
                 sasaran_w: float = 62, code: dict[str, Any] | None = None, wt: float = 25.5, wrp: float = 51.5,
                 after_indicator: list[dict[str, Any]] | None = None,
                 tail: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The seed's own TC.27 columns (samples/make_samples.py tc27_header), with the given changes."""
    return [
        col("TUJUAN", "tujuan", tujuan_w),
        col("SASARAN", "sasaran", sasaran_w),
        code or col("KODE", "code_cells", 18),
        col(SEED_NAME, "name", name_w),
        col(SEED_INDICATOR, "indicator_cell" if after_indicator is None else "indicator", ind_w),
        *(after_indicator or []),
        col("Baseline (2023)", "baseline", 32),
        *yearly(SEED_GROUP, (str(y) for y in YEARS), "Target", rp, wt, wrp, akhir=SEED_AKHIR),
        *(tail if tail is not None else [col(SEED_PD, "pd", 44)]),
    ]


def one_row_columns() -> list[dict[str, Any]]:
    """One header row: Kode | Program/Kegiatan/Sub Kegiatan | Indikator Kinerja | Baseline 2023 | Target 2024 |
    Pagu 2024 (Rp) | ... | Target/Pagu Akhir Renstra | PD Penanggung Jawab."""
    return [col("Kode", "code", 70), col("Program/Kegiatan/Sub Kegiatan", "name", 150),
            col("Indikator Kinerja", "indicator_cell", 150), col("Baseline 2023", "baseline", 35),
            *one_row_years("Target {}", "Pagu {} (Rp)", 30, 55, ("Target Akhir Renstra", "Pagu Akhir Renstra (Rp)")),
            col("PD Penanggung Jawab", "pd", 44)]


LAYOUTS: list[Layout] = [
    {"name": "seed", "what": "the seed's own 3-row header, KODE over 5 cells (joined in one where the seed joins)",
     "columns": seed_columns()},
    {"name": "one_row", "what": "one header row: Baseline 2023 | Target 2024 | Pagu 2024 (Rp) | ... | Target/Pagu "
     "Akhir Renstra | PD Penanggung Jawab; dotted code; dot thousands",
     "number_style": "id", "columns": one_row_columns()},
    {"name": "relative_years", "what": "Semarang T-C 27: Tahun 1..3 with Target | Rp, caption 'Renstra 2024-2026', "
     "code segments in 5 cells, Satuan and Lokasi columns, plain column numbers",
     "caption": PERIOD_CAPTION,
     "numbers": "plain", "number_style": "id", "columns": [
         col("Tujuan", "tujuan", 40), col("Sasaran", "sasaran", 45), col("Kode", "code_split", 15),
         col("Program, Kegiatan, dan Sub Kegiatan", "name", 90),
         col("Indikator Kinerja, Tujuan, Sasaran, Program (outcome), Kegiatan, dan Sub Kegiatan (output)",
             "indicator", 95),
         col("Satuan", "unit", 32), col("Data Capaian pada Tahun Awal Perencanaan", "baseline", 35),
         *yearly("Target Kinerja Program dan Kerangka Pendanaan", ("Tahun 1", "Tahun 2", "Tahun 3"), "Target", "Rp",
                 25, 50, akhir="Kondisi Kinerja pada akhir periode Renstra Perangkat Daerah"),
         col("Unit Kerja Perangkat Daerah Penanggung jawab", "pd", 40), col("Lokasi", "lokasi", 40)]},
    {"name": "classic_portrait", "what": "Permendagri 86/2017 classic on A4 portrait (21 columns): Indikator Sasaran, "
     "Kode Rekening over 5 empty cells, Target | Rupiah, PD then Lokasi, plain column numbers, bold parent rows",
     "caption": ["Tabel 6.1.", "Rencana Program, Kegiatan, Indikator Kinerja, Kelompok Sasaran dan Pendanaan "
                 "Indikatif Dinas Koperasi, Usaha Kecil dan Menengah Kabupaten Magetan"],
     "orientation": "portrait", "font": 5.5, "numbers": "plain", "bold_levels": True, "number_style": "id",
     "columns": [
         col("Tujuan", "tujuan", 24), col("Sasaran", "sasaran", 24), col("Indikator Sasaran", "indikator_sasaran", 24),
         {**col("Kode Rekening", "code_split", 8), "code_mode": "empty"},
         col("Program, Kegiatan dan Sub kegiatan", "name", 52),
         col("Indikator Kinerja Program (outcome) dan Kegiatan (output)", "indicator_cell", 52),
         col("Data Capaian pada Tahun Awal Perencanaan", "baseline", 18),
         *yearly("Target Kinerja Program dan Kerangka Pendanaan", (str(y) for y in YEARS), "Target", "Rupiah",
                 15, 34),
         col(("Kondisi Kinerja pada Akhir Periode Renstra", "Target"), "target_akhir", 15),
         col(("Kondisi Kinerja pada Akhir Periode Renstra", "Rupiah"), "rp_akhir", 34),
         col("Unit Kerja SKPD Penanggung Jawab", "pd", 26), col("Lokasi", "lokasi", 25)]},
    {"name": "rp_thousands", "what": "the seed's header with Rp columns headed '(Rp. 000)', amounts printed in "
     "thousands", "rp_scale": 1000, "columns": seed_columns(rp="(Rp. 000)", wrp=41.5, ind_w=146)},
    {"name": "rp_millions", "what": "one-row header 'Rp (dlm Juta)' per year, amounts in millions with two "
     "decimals, dot thousands", "rp_scale": 1_000_000, "number_style": "id", "columns": [
         col("Kode", "code", 70), col("Program/Kegiatan/Sub Kegiatan", "name", 150),
         col("Indikator Kinerja", "indicator_cell", 150), col("Baseline 2023", "baseline", 35),
         *one_row_years("Target {}", "Rp {} (dlm Juta)", 30, 55, ("Target Akhir Renstra", "Rp Akhir (dlm Juta)")),
         col("PD Penanggung Jawab", "pd", 44)]},
    {"name": "satuan_column", "what": "the seed's header with SATUAN as its own column after the indicator",
     "columns": seed_columns(name_w=92, ind_w=86, after_indicator=[col("SATUAN", "unit", 30)])},
    {"name": "code_name_2025", "what": "2025 Banyuwangi layout: 'code - name' in one cell, TARGET | PAGU under each "
     "year, (01)..(n) column numbers, PERANGKAT DAERAH and KETERANGAN",
     "caption": ["TABEL 4.3 RENCANA PROGRAM / KEGIATAN / SUBKEGIATAN DAN PENDANAAN",
                 "PEMERINTAH KABUPATEN MAGETAN"],
     "numbers": "paren0", "number_style": "id", "columns": [
         col("BIDANG URUSAN / PROGRAM / OUTCOME / KEGIATAN / SUBKEGIATAN OUTPUT", "code_name", 180),
         col("INDIKATOR OUTCOME / OUTPUT", "indicator_cell", 150), col("BASELINE TAHUN 2023", "baseline", 35),
         *yearly("TARGET DAN PAGU INDIKATIF TAHUN", (str(y) for y in YEARS), "TARGET", "PAGU", 28, 55,
                 akhir="KONDISI AKHIR"),
         col("PERANGKAT DAERAH", "pd", 50), col("KETERANGAN", "keterangan", 43)]},
    {"name": "code_joined", "what": "the seed's header with the code joined in one KODE cell ('2 17 01 2.01 01')",
     "columns": seed_columns(code=col("KODE", "code_spaced", 60), name_w=120, ind_w=118)},
    {"name": "code_generic", "what": "dotted code in one column, the supporting programme's rows as 'x.xx.01...'",
     "columns": seed_columns(code=col("KODE", "code_generic", 72), name_w=112, ind_w=114)},
    {"name": "pd_then_lokasi", "what": "the seed's header with PERANGKAT DAERAH PENANGGUNG JAWAB then LOKASI",
     "columns": seed_columns(name_w=84, ind_w=84, tail=[col(SEED_PD, "pd", 40), col("LOKASI", "lokasi", 44)])},
    {"name": "lokasi_then_pd", "what": "the seed's header with LOKASI then PERANGKAT DAERAH PENANGGUNG JAWAB",
     "columns": seed_columns(name_w=84, ind_w=84, tail=[col("LOKASI", "lokasi", 44), col(SEED_PD, "pd", 40)])},
    {"name": "narrow_columns", "what": "the seed's header with narrow text columns: the PDF breaks words inside "
     "body cells ('PEMERINTA HAN', 'Meningkatk an'), the header's words stay whole",
     "columns": seed_columns(name_w=44, ind_w=50, tujuan_w=34, sasaran_w=36)},
    {"name": "narrow_header", "what": "the seed's header at 8pt in narrow columns: the PDF breaks header words too "
     "('Targe t', 'TUJUA N', 'Baseli ne'), as Semarang's T-C 27 prints 'Targe/t'", "font": 8.0,
     "columns": seed_columns(name_w=60, ind_w=66, tujuan_w=34, sasaran_w=36, wt=30, wrp=59)},
    {"name": "sections", "what": "one_row's columns, ruled, with a heading row merged across the table over each "
     "program's rows ('Sasaran 1: ...')", "sections": True, "number_style": "id", "columns": one_row_columns()},
    {"name": "header_first_page", "what": "the seed's header printed on the first page only (not repeated)",
     "repeat_header": False, "columns": seed_columns()},
    {"name": "column_numbers", "what": "the seed's header with a (1) (2) ... (n) row under it",
     "numbers": "paren", "columns": seed_columns()},
    {"name": "eplanning_relative", "what": "e-planning template, one row: SASARAN | KODE | PROGRAM DAN KEGIATAN | "
     "SATUAN | INDIKATOR | DATA CAPAIAN AWAL | TARGET TAHUN 1 | DANA TAHUN 1 | ... | LOKASI | KETERANGAN, "
     "x.xx codes", "caption": ["Rencana Program dan Kegiatan Renstra 2024-2026"], "number_style": "id",
     "columns": [
         col("SASARAN", "sasaran", 55), col("KODE", "code_generic", 66), col("PROGRAM DAN KEGIATAN", "name", 115),
         col("SATUAN", "unit", 32), col("INDIKATOR", "indicator", 100), col("DATA CAPAIAN AWAL", "baseline", 32),
         *one_row_years("TARGET TAHUN {}", "DANA TAHUN {}", 28, 52, ("TARGET AKHIR", "DANA AKHIR"), (1, 2, 3)),
         col("LOKASI", "lokasi", 40), col("KETERANGAN", "keterangan", 30)]},
    {"name": "measure_groups", "what": "targets and amounts in two groups, each over its years: Target Kinerja "
     "(2024 | 2025 | 2026 | Akhir) then Pagu Indikatif (Rp) (2024 | ... | Akhir), the measure above the years",
     "number_style": "id", "columns": [
         col("Kode", "code", 66), col("Program/Kegiatan/Sub Kegiatan", "name", 140),
         col("Indikator Kinerja", "indicator_cell", 140), col("Baseline 2023", "baseline", 32),
         *(col(("Target Kinerja", label), key, 27) for label, key in
           [*((str(y), f"target_{y}") for y in YEARS), ("Akhir Renstra", "target_akhir")]),
         *(col(("Pagu Indikatif (Rp)", label), key, 55) for label, key in
           [*((str(y), f"rp_{y}") for y in YEARS), ("Akhir Renstra", "rp_akhir")]),
         col("PD Penanggung Jawab", "pd", 44)]},
    {"name": "name_per_level", "what": "a name column per level: Program | Kegiatan | Sub Kegiatan, each row's name "
     "in the column of its level (urusan and bidang urusan under Program)", "number_style": "id", "columns": [
         col("Kode", "code", 62), col("Program", "name_program", 70), col("Kegiatan", "name_kegiatan", 70),
         col("Sub Kegiatan", "name_sub_kegiatan", 70), col("Indikator Kinerja", "indicator_cell", 100),
         col("Baseline 2023", "baseline", 30),
         *one_row_years("Target {}", "Pagu {} (Rp)", 25, 50, ("Target Akhir Renstra", "Pagu Akhir Renstra (Rp)")),
         col("PD Penanggung Jawab", "pd", 36)]},
    {"name": "synonyms", "what": "the Permendagri 54/2010 wording and other names for the same columns: Tolok Ukur "
     "Kinerja, Sat., Kelompok Sasaran, Capaian Awal, Kebutuhan Dana, Unit Penanggung Jawab",
     "number_style": "id", "columns": [
         col("Kode", "code", 62), col("Program dan Kegiatan", "name", 120),
         col("Tolok Ukur Kinerja", "indicator", 100), col("Sat.", "unit", 30),
         col("Kelompok Sasaran", "kelompok_sasaran", 50), col("Capaian Awal", "baseline", 30),
         *yearly(None, (f"Tahun {y}" for y in YEARS), "Target", "Kebutuhan Dana", 25, 50,
                 akhir="Kondisi Akhir Periode"),
         col("Unit Penanggung Jawab", "pd", 40)]},
    {"name": "regional_words", "what": "other regions' words for the same columns: No. Rek, the baseline as "
     "'Capaian Kinerja Tahun 2023' (one column of the year before the plan), 'T | Alokasi Dana' under each year, "
     "Lokasi Kegiatan, Sumber Dana, Unit Pelaksana",
     "number_style": "id", "columns": [
         col("No. Rek", "code", 62), col("Program/Kegiatan/Sub Kegiatan", "name", 110),
         col("Indikator Kinerja", "indicator_cell", 110), col("Capaian Kinerja Tahun 2023", "baseline", 44),
         *yearly(None, (str(y) for y in YEARS), "T", "Alokasi Dana", 22, 50, akhir="Akhir Periode Renstra"),
         col("Lokasi Kegiatan", "lokasi", 40), col("Sumber Dana", "sumber_dana", 30),
         col("Unit Pelaksana", "pd", 40)]},
    {"name": "relative_roman", "what": "relative years in Roman numerals, 'Tahun I | Tahun II | Tahun III' each "
     "over Target | Rp, caption 'Renstra 2024-2026'",
     "caption": PERIOD_CAPTION,
     "number_style": "id", "columns": [
         col("Kode", "code", 66), col("Program, Kegiatan, dan Sub Kegiatan", "name", 140),
         col("Indikator Kinerja", "indicator_cell", 140), col("Data Capaian Awal", "baseline", 32),
         *yearly("Target Kinerja dan Kerangka Pendanaan", ("Tahun I", "Tahun II", "Tahun III"), "Target", "Rp", 27, 55,
                 akhir="Kondisi Kinerja Akhir Periode"),
         col("Unit Kerja Penanggung Jawab", "pd", 44)]},
    {"name": "relative_words", "what": "relative years as ordinal words, one header row: 'Target Tahun Pertama | "
     "Pagu Tahun Pertama | ... Ketiga', caption 'Renstra 2024-2026'",
     "caption": PERIOD_CAPTION,
     "number_style": "id", "columns": [
         col("Kode", "code", 66), col("Program/Kegiatan/Sub Kegiatan", "name", 140),
         col("Indikator Kinerja", "indicator_cell", 140), col("Baseline", "baseline", 32),
         *one_row_years("Target Tahun {}", "Pagu Tahun {} (Rp)", 30, 55, ("Target Akhir", "Pagu Akhir (Rp)"),
                        ("Pertama", "Kedua", "Ketiga")),
         col("PD Penanggung Jawab", "pd", 44)]},
    {"name": "halves", "what": "one_row's columns too wide for the page, printed in halves: every row with Kode .. "
     "Pagu 2025 first, then, on pages of their own, the same rows with Target 2026 .. PD under a header of their own "
     "(a spreadsheet printed 'down, then over'; the XLSX is the sheet itself)", "number_style": "id", "halves": 8,
     "columns": [col("Kode", "code", 80), col("Program/Kegiatan/Sub Kegiatan", "name", 190),
                 col("Indikator Kinerja", "indicator_cell", 190), col("Baseline 2023", "baseline", 45),
                 *one_row_years("Target {}", "Pagu {} (Rp)", 45, 80, ("Target Akhir Renstra",
                                                                      "Pagu Akhir Renstra (Rp)")),
                 col("PD Penanggung Jawab", "pd", 80)]},
    {"name": "horizontal_rules", "what": "one_row's columns with rules between the rows only, none between the "
     "columns (Word's plain and light table styles)", "ruled": "horizontal", "number_style": "id",
     "columns": one_row_columns()},
    {"name": "striped", "what": "one_row's columns without any rule, every other row on a light gray band (a "
     "spreadsheet's banded rows)", "ruled": False, "shading": "D9D9D9", "number_style": "id",
     "columns": one_row_columns()},
    {"name": "header_band", "what": "the seed's 3-row header on a coloured band, every header cell shaded and no "
     "rule between header cells (the body ruled): cells told apart by their shading", "header_band": "F79646",
     "columns": seed_columns()},
    {"name": "continued", "what": "one_row's table cut into Word tables of 20 rows, each on pages of its own under "
     "the caption 'Tabel TC. 27 (Lanjutan)' and its own header", "continued": 20,
     "continued_caption": "Tabel TC. 27 (Lanjutan)", "number_style": "id", "columns": one_row_columns()},
    {"name": "vertical_header", "what": "one_row's columns with the headers of the number columns turned a quarter "
     "in a tall header row (Word's text direction): bottom to top over the targets, top to bottom over the amounts",
     "vertical_header": True, "number_style": "id", "columns": one_row_columns()},
    {"name": "code_own_segment", "what": "the seed's header, KODE over 5 cells, each row printing only its own "
     "segment in its level's cell (2 | 17 | 01 | 2.01 | 0001 down a staircase), the parents' cells left blank",
     "columns": seed_columns(code={**col("KODE", "code_split", 15), "code_mode": "own"})},
    {"name": "code_name_plain", "what": "code and name in one cell, parted by a blank only ('2.17.01 PROGRAM "
     "PENUNJANG ...'), one header row", "number_style": "id", "columns": [
         col("Kode dan Nama Program/Kegiatan/Sub Kegiatan", "code_name_plain", 220),
         col("Indikator Kinerja", "indicator_cell", 150), col("Baseline 2023", "baseline", 35),
         *one_row_years("Target {}", "Pagu {} (Rp)", 30, 55, ("Target Akhir Renstra", "Pagu Akhir Renstra (Rp)")),
         col("PD Penanggung Jawab", "pd", 44)]},
    {"name": "unruled", "what": "one header row as one_row, printed without any ruling line (a Word table without "
     "borders): columns kept apart by white space alone", "ruled": False, "number_style": "id",
     "columns": one_row_columns()},
    {"name": "unruled_sections", "what": "unruled as above, with a heading printed across the table over each "
     "program's rows ('Sasaran 1: ...', one merged cell over every column, no border)", "ruled": False,
     "sections": True, "number_style": "id", "columns": one_row_columns()},
    {"name": "unruled_seed_header", "what": "the seed's 3-row header (the group over the years, each year over "
     "Target | Rp, KODE over 5 cells) in a table without borders, without the TUJUAN and SASARAN merges",
     "ruled": False, "columns": seed_columns(name_w=150, ind_w=150)[2:]},
    {"name": "unruled_goals", "what": "the seed's 3-row header with TUJUAN and SASARAN merged down each program's "
     "rows, in a table without borders", "ruled": False, "columns": seed_columns(name_w=100, ind_w=100)},
    {"name": "unruled_header_once", "what": "unruled as above, its header printed on the first page only: the "
     "later pages' columns kept apart by white space, with no header over them", "ruled": False,
     "repeat_header": False, "number_style": "id", "columns": one_row_columns()},
]

DEFAULTS: Layout = {"caption": SEED_CAPTION, "orientation": "landscape", "font": 6.0, "numbers": None,
                    "number_style": "seed", "rp_scale": 1, "repeat_header": True, "bold_levels": False, "ruled": True,
                    "sections": False, "halves": 0, "shading": "", "continued": 0, "continued_caption": "",
                    "vertical_header": False, "header_band": ""}


def layout(name: str) -> Layout:
    found = next(spec for spec in LAYOUTS if spec["name"] == name)
    return {**DEFAULTS, **found}


def layout_names() -> list[str]:
    return [spec["name"] for spec in LAYOUTS]


# ---------------------------------------------------------------- what a layout prints


def read_truth() -> list[Row]:
    with TRUTH_CSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def code_segments(row: Row) -> list[str]:
    """The five KODE cells of a row (the seed's split cells, or its joined string cut at spaces)."""
    printed = row["code_cells"]
    if "|" in printed or " " not in printed:
        parts = printed.split("|")
    else:
        parts = printed.split(" ")
    return parts + [""] * (CODE_WIDTH - len(parts))


def seed_joins(row: Row) -> bool:
    return "|" not in row["code_cells"] and " " in row["code_cells"]


def generic_code(code: str) -> str:
    real, generic = GENERIC_PREFIX
    return generic + code[len(real):] if code == real or code.startswith(real + ".") else code


def expected_code(spec: Layout, row: Row) -> str:
    """The canonical code a reader of this layout gives the row ("" when the layout prints none)."""
    cells = {c["cell"] for c in spec["columns"]}
    if any(c.get("code_mode") == "empty" for c in spec["columns"]):
        return ""
    if "code_generic" in cells:
        return generic_code(row["code"]).upper()
    return row["code"]


def rp_printed(rupiah: int, scale: int) -> tuple[int | float, int]:
    """(the number printed for an amount at ``scale``, the rupiah that printed number stands for)."""
    if scale == 1:
        return rupiah, rupiah
    if scale == 1000:
        thousands = round(rupiah / 1000)
        return thousands, thousands * 1000
    hundredths = round(rupiah / 10_000)  # millions with two decimals
    return hundredths / 100, hundredths * 10_000


def seed_number(printed: str) -> int | float | None:
    """The value of a seed-printed number (tests/test_tc27_samples.py reads them the same)."""
    special = {"80.1": 80.1, "0,9": 0.9, "1.122": 1122}
    if printed in ("", "-"):
        return None
    return special.get(printed, None) or int(printed.replace(",", ""))


def format_number(value: int | float, style: str, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.translate(str.maketrans(",.", ".,")) if style == "id" else text


def number_text(spec: Layout, field: str, printed: str) -> str:
    """A truth number as this layout prints it."""
    if printed in ("", "-"):
        return printed
    if field.startswith("rp"):
        scaled, _ = rp_printed(int(printed.replace(",", "")), spec["rp_scale"])
        return format_number(scaled, spec["number_style"], 2 if spec["rp_scale"] == 1_000_000 else 0)
    if spec["number_style"] == "id" and printed == "80.1":
        return "80,1"
    return printed  # targets: "0,9" and "1.122" read the same in both styles


def number_value(spec: Layout, field: str, printed: str) -> int | float | str | None:
    """A truth number as a spreadsheet cell holds it (a number; "-" stays text)."""
    if printed in ("", "-"):
        return printed or None
    if field.startswith("rp"):
        return rp_printed(int(printed.replace(",", "")), spec["rp_scale"])[0]
    return seed_number(printed)


# a name column per level: each row prints its name in the column of its level (urusan and bidang in the first)
NAME_LEVEL_CELLS = {"name_program": ("urusan", "bidang_urusan", "program"), "name_kegiatan": ("kegiatan",),
                    "name_sub_kegiatan": ("sub_kegiatan",)}
NUMBER_CELLS = ("baseline", *(f"{m}_{y}" for y in YEARS for m in ("target", "rp")), "target_akhir", "rp_akhir")


# cells the truth does not hold as they are printed: made from the truth row
DERIVED_CELLS: dict[str, Any] = {
    "code": lambda row: row["code"],
    "code_generic": lambda row: generic_code(row["code"]),
    "code_spaced": lambda row: " ".join(p for p in code_segments(row) if p),
    "code_name": lambda row: f"{row['code']} - {row['name']}",
    "code_name_plain": lambda row: f"{row['code']} {row['name']}",
    "lokasi": lambda row: LOKASI if row["level"] not in ("urusan", "bidang_urusan") else "",
    "kelompok_sasaran": lambda row: KELOMPOK_SASARAN if row["level"] in ("program", "kegiatan", "sub_kegiatan") else "",
    "sumber_dana": lambda row: SUMBER_DANA if row["level"] in ("program", "kegiatan", "sub_kegiatan") else "",
    "indikator_sasaran": lambda row: INDIKATOR_SASARAN if row["tujuan"] else "",
    "keterangan": lambda row: "",
    "empty": lambda row: "",
}


def cell_text(spec: Layout, column: dict[str, Any], row: Row) -> str:
    cell = column["cell"]
    if cell in NUMBER_CELLS:
        return number_text(spec, cell, row[cell])
    if cell in NAME_LEVEL_CELLS:
        return row["name"] if row["level"] in NAME_LEVEL_CELLS[cell] else ""
    if cell in DERIVED_CELLS:
        return str(DERIVED_CELLS[cell](row))
    return row[cell]


# ---------------------------------------------------------------- grid: columns -> header cells and body cells


def expand(spec: Layout) -> list[dict[str, Any]]:
    """The layout's columns with each KODE group spec expanded to its five cells (``part`` 0..4)."""
    out: list[dict[str, Any]] = []
    for column in spec["columns"]:
        if column["cell"] in CODE_GROUP_CELLS:
            out += [{**column, "part": k} for k in range(CODE_WIDTH)]
        else:
            out.append(column)
    return out


def header_cells(columns: list[dict[str, Any]]) -> tuple[list[ms.HeaderCell], int]:
    """Merged header cells of the columns, and the header depth (see the module notes)."""
    depth = max(len(c["head"]) for c in columns)
    cells: list[ms.HeaderCell] = []
    for level in range(depth):
        start = 0
        while start < len(columns):
            head = columns[start]["head"]
            if len(head) <= level:
                start += 1
                continue
            end = start + 1
            while end < len(columns) and columns[end]["head"][: level + 1] == head[: level + 1] and head[level]:
                end += 1
            group = columns[start:end]
            is_leaf = all(len(c["head"]) == level + 1 for c in group)
            rowspan = depth - level if is_leaf else 1
            cells.append(ms.HeaderCell(head[level], level, start, rowspan=rowspan, colspan=end - start))
            start = end
    return cells, depth


def number_cells(columns: list[dict[str, Any]], style: str, row: int) -> list[ms.HeaderCell]:
    """The column-number row: one number per leaf (the five cells of one KODE spec share one)."""
    cells: list[ms.HeaderCell] = []
    start = 0
    while start < len(columns):
        end = start + 1
        while end < len(columns) and "part" in columns[end] and columns[end].get("part", 0) > 0:
            end += 1
        n = len(cells) + 1
        text = {"plain": str(n), "paren": f"({n})", "paren0": f"({n:02d})"}[style]
        cells.append(ms.HeaderCell(text, row, start, colspan=end - start))
        start = end
    return cells


def body_cells(spec: Layout, columns: list[dict[str, Any]], rows: list[Row]) -> list[ms.HeaderCell]:
    """Every body cell as (text, row, col, spans); row 0 is the first body row."""
    out: list[ms.HeaderCell] = []
    spans = ms.tc27_programme_spans(rows)
    merged = {"tujuan", "sasaran", "indikator_sasaran"}
    for r, row in enumerate(rows):
        for c, column in enumerate(columns):
            cell = column["cell"]
            if cell in merged:
                continue
            if "part" in column:
                out += code_part(spec, column, row, r, c)
            else:
                out.append(ms.HeaderCell(cell_text(spec, column, row), r, c))
    for c, column in enumerate(columns):
        if column["cell"] in merged:
            for first, last in spans:
                out.append(ms.HeaderCell(cell_text(spec, column, rows[first]), first, c, rowspan=last - first + 1))
    return out


def code_part(spec: Layout, column: dict[str, Any], row: Row, r: int, c: int) -> list[ms.HeaderCell]:
    part = column["part"]
    if column.get("code_mode") == "empty":
        return [ms.HeaderCell("", r, c)]
    if column.get("code_mode") == "own":  # only the row's own segment, in its level's cell; the parents' left blank
        segments = [p for p in code_segments(row) if p]
        own = segments[-1] if len(segments) - 1 == part else ""
        return [ms.HeaderCell(own.zfill(4) if part == CODE_WIDTH - 1 and own else own, r, c)]
    if column["cell"] == "code_cells" and seed_joins(row):
        return [ms.HeaderCell(row["code_cells"], r, c, colspan=CODE_WIDTH)] if part == 0 else []
    return [ms.HeaderCell(code_segments(row)[part], r, c)]


def is_bold(spec: Layout, row: Row) -> bool:
    return bool(spec["bold_levels"]) and row["level"] != "sub_kegiatan"


def section_headings(spec: Layout, rows: list[Row]) -> dict[int, str]:
    """With ``sections``: the heading printed across the table above each program row, by truth row index."""
    if not spec["sections"]:
        return {}
    programs = [r for r, row in enumerate(rows) if row["level"] == "program"]
    return {r: f"Sasaran {k}: Meningkatnya kinerja {rows[r]['name'].split(' ', 1)[-1].lower()}"
            for k, r in enumerate(programs, start=1)}


def table_rows(spec: Layout, rows: list[Row]) -> tuple[list[int | str], dict[int, int]]:
    """The body as printed: truth row indexes with the section headings (text) among them, and where each truth
    row stands in it."""
    headings = section_headings(spec, rows)
    if headings and any(c["cell"] in ("tujuan", "sasaran", "indikator_sasaran") for c in spec["columns"]):
        raise ValueError(f"layout {spec['name']}: section headings cannot cross the merged tujuan/sasaran cells")
    order: list[int | str] = []
    for r in range(len(rows)):
        if r in headings:
            order.append(headings[r])
        order.append(r)
    return order, {item: k for k, item in enumerate(order) if isinstance(item, int)}


# ---------------------------------------------------------------- renderers


PAGE_WIDTH = {"landscape": 796.5, "portrait": 481.8}  # points between the margins of ms.format_section


def write_docx(spec: Layout, rows: list[Row], path: Path) -> None:
    columns = expand(spec)
    cut = spec["halves"] or len(columns)
    halves = [part for part in (columns[:cut], columns[cut:]) if part]
    if len(halves) > 1 and (spec["sections"] or spec["numbers"] or ms.tc27_programme_spans(rows) and any(
            c["cell"] in ("tujuan", "sasaran", "indikator_sasaran") for c in columns)):
        raise ValueError(f"layout {spec['name']}: a table printed in halves has no merges, sections or numbers row")
    for part in halves:
        width = sum(c["width"] for c in part)
        if width > PAGE_WIDTH[spec["orientation"]]:  # LibreOffice would let the table run off the page: clipped
            raise ValueError(f"layout {spec['name']}: columns {width}pt wider than the {spec['orientation']} page")
    doc = Document()
    ms.configure_styles(doc)
    for style in ("Normal", "Heading 1", "Heading 2", "List Bullet"):
        doc.styles[style].font.name = FONT
    doc.styles["Normal"].element.rPr.rFonts.set(ms.qn("w:eastAsia"), FONT)
    ms.format_section(doc.sections[0], landscape=spec["orientation"] == "landscape")
    ms.set_core_properties(doc, "sesudah")
    doc.core_properties.title = f"Layout zoo: {spec['name']}"
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(TITLE).bold = True
    for line in spec["caption"]:
        par = doc.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        par.paragraph_format.keep_with_next = True
        par.add_run(line).bold = True
    step = spec["continued"] or len(rows)
    chunks = [rows[i:i + step] for i in range(0, len(rows), step)]
    if len(chunks) > 1 and len(halves) > 1:
        raise ValueError(f"layout {spec['name']}: a table is printed in halves or in parts, not both")
    for k, (part, chunk) in enumerate((part, chunk) for part in halves for chunk in chunks):
        if k:  # the columns that did not fit, or the next rows: on pages of their own
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        if k and len(chunks) > 1:  # the next part under a caption saying it continues the table
            par = doc.add_paragraph()
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            par.add_run(spec["continued_caption"]).bold = True
        _docx_table(doc, spec, part, chunk)
    path.write_bytes(ms.deterministic_bytes(doc))


def _docx_table(doc: Any, spec: Layout, columns: list[dict[str, Any]], rows: list[Row]) -> None:
    """One Word table of ``columns`` (all the layout's, or one half of them) over every row."""
    head, depth = header_cells(columns)
    if spec["numbers"]:
        head += number_cells(columns, spec["numbers"], depth)
        depth += 1
    size = spec["font"]
    order, at = table_rows(spec, rows)
    table = ms.new_table(doc, depth + len(order), len(columns))
    _rules(table, spec["ruled"])
    ms.write_header(table, head, depth, size, repeat=spec["repeat_header"])
    cell = ms.cell_grid(table)  # the body's cells, before any of its (non-overlapping) merges
    for bc in body_cells(spec, columns, rows):
        top = depth + at[bc.row]
        target = cell(top, bc.col)
        if bc.rowspan > 1 or bc.colspan > 1:
            target = target.merge(cell(top + bc.rowspan - 1, bc.col + bc.colspan - 1))
        ms.set_cell_text(target, bc.text, size, bold=is_bold(spec, rows[bc.row]))
    for k, item in enumerate(order):
        if isinstance(item, str):  # a section heading: one cell over every column
            ms.set_cell_text(cell(depth + k, 0).merge(cell(depth + k, len(columns) - 1)), item, size, bold=True)
    _dress(spec, table, cell, columns, depth, len(order))
    ms.set_fixed_layout(table, [c["width"] for c in columns])


def _dress(spec: Layout, table: Any, cell: Any, columns: list[dict[str, Any]], depth: int, body_rows: int) -> None:
    """The layout's turned header words, coloured header band and banded body rows."""
    if spec["vertical_header"]:
        _vertical_number_headers(table, cell, columns, depth)
    if spec["header_band"]:
        _header_band(table, depth, spec["header_band"])
    if spec["shading"]:  # every other body row on a light gray band
        for k in range(1, body_rows, 2):
            for c in range(len(columns)):
                _shade(cell(depth + k, c), spec["shading"])


def _vertical_number_headers(table: Any, cell: Any, columns: list[dict[str, Any]], depth: int) -> None:
    """The header cells over the number columns written turned a quarter (Word's text direction, as narrow columns
    are often headed): bottom to top over the targets and the baseline (btLr), top to bottom over the amounts
    (tbRl); the header rows made tall enough for them."""
    for c, column in enumerate(columns):
        if column["cell"] in NUMBER_CELLS:
            direction = ms.OxmlElement("w:textDirection")
            direction.set(ms.qn("w:val"), "tbRl" if column["cell"].startswith("rp") else "btLr")
            cell(depth - 1, c)._tc.get_or_add_tcPr().append(direction)
    for r in range(depth):
        height = ms.OxmlElement("w:trHeight")
        height.set(ms.qn("w:val"), "1500")
        height.set(ms.qn("w:hRule"), "atLeast")
        table.rows[r]._tr.get_or_add_trPr().append(height)


def _rules(table: Any, ruled: bool | str) -> None:
    """The table's borders: every rule (True), rules between the rows only ("horizontal"), or none (False)."""
    if not ruled:
        table.style = None  # "Normal Table": no borders, the columns kept apart by white space alone
    elif ruled == "horizontal":
        _horizontal_rules_only(table)


def _shade(cell: Any, fill: str) -> None:
    shading = ms.OxmlElement("w:shd")
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
        shading.set(ms.qn(key), value)
    cell._tc.get_or_add_tcPr().append(shading)


def _header_band(table: Any, depth: int, fill: str) -> None:
    """The header rows on a coloured band: every header cell shaded, no rule between header cells (only the
    band's top and the rule under it), as templates whose header is a strip of colour print it."""
    for r in range(depth):
        seen: set[int] = set()
        for cell in table.rows[r].cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            _shade(cell, fill)
            borders = ms.OxmlElement("w:tcBorders")
            for edge in ("top", "left", "bottom", "right"):
                if (edge == "top" and r == 0) or (edge == "bottom" and r == depth - 1):
                    continue
                line = ms.OxmlElement(f"w:{edge}")
                line.set(ms.qn("w:val"), "nil")
                borders.append(line)
            cell._tc.get_or_add_tcPr().append(borders)


def _horizontal_rules_only(table: Any) -> None:
    """Borders above and below the table and between its rows, none between its columns (Word's plain and "light"
    table styles)."""
    table.style = None
    borders = ms.OxmlElement("w:tblBorders")
    for edge in ("top", "bottom", "insideH"):
        line = ms.OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            line.set(ms.qn(key), value)
        borders.append(line)
    for edge in ("left", "right", "insideV"):
        line = ms.OxmlElement(f"w:{edge}")
        line.set(ms.qn("w:val"), "nil")
        borders.append(line)
    table._tbl.tblPr.append(borders)


THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def xlsx_value(spec: Layout, column: dict[str, Any], row: Row, text: str) -> Any:
    cell = column["cell"]
    if cell in NUMBER_CELLS:
        return number_value(spec, cell, row[cell])
    return text or None


def write_xlsx(spec: Layout, rows: list[Row], path: Path) -> None:
    """The table on one sheet as a spreadsheet user keeps it: caption lines above, merges, numbers as numbers."""
    wb = Workbook()
    ws = wb.active
    ws.title = "TC.27"
    columns = expand(spec)
    width = len(columns)
    for i, line in enumerate(spec["caption"], start=1):
        ws.cell(row=i, column=1, value=line).font = Font(bold=True)
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=width)
    top = len(spec["caption"]) + 2  # a blank row between the caption and the table
    head, depth = header_cells(columns)
    if spec["numbers"]:
        head += number_cells(columns, spec["numbers"], depth)
        depth += 1
    for hc in head:
        place(ws, hc, top + hc.row, hc.text).font = Font(bold=True)
    order, at = table_rows(spec, rows)
    for bc in body_cells(spec, columns, rows):
        row = rows[bc.row]
        value = xlsx_value(spec, columns[bc.col], row, bc.text)
        target = place(ws, bc, top + depth + at[bc.row], value)
        target.font = Font(bold=is_bold(spec, row))
        if columns[bc.col]["cell"].startswith("rp"):
            target.number_format = "#,##0.00" if spec["rp_scale"] == 1_000_000 else "#,##0"
    _headings_and_borders(ws, order, top, depth, width)
    for c, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = max(4.0, column["width"] / 5)
    wb.properties.creator = "renstra samples/layouts/make_layouts.py"
    wb.save(path)


def _headings_and_borders(ws: Any, order: list[int | str], top: int, depth: int, width: int) -> None:
    """The section headings (one merged cell over every column) and a thin border round every cell of the table."""
    for k, item in enumerate(order):
        if isinstance(item, str):
            heading = ms.HeaderCell(item, k, 0, colspan=width)
            place(ws, heading, top + depth + k, item).font = Font(bold=True)
    for r in range(top, top + depth + len(order)):
        for c in range(1, width + 1):
            ws.cell(row=r, column=c).border = BORDER


def place(ws: Any, hc: ms.HeaderCell, sheet_row: int, value: Any) -> Any:
    target = ws.cell(row=sheet_row, column=hc.col + 1, value=value)
    target.alignment = Alignment(wrap_text=True, vertical="top")
    if hc.rowspan > 1 or hc.colspan > 1:
        ws.merge_cells(start_row=sheet_row, start_column=hc.col + 1, end_row=sheet_row + hc.rowspan - 1,
                       end_column=hc.col + hc.colspan)
    return target


# ---------------------------------------------------------------- build


def source_digest() -> str:
    """A digest of everything the zoo is built from: a cache of built files is valid while it holds."""
    h = hashlib.sha256()
    for path in (Path(__file__), Path(ms.__file__), TRUTH_CSV):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def build(out: Path, names: list[str] | None = None, pdf: bool = True) -> dict[str, dict[str, Path]]:
    """Write every layout (or ``names``) as DOCX, XLSX and (with ``pdf``) PDF into ``out``: {name: {fmt: path}}."""
    out.mkdir(parents=True, exist_ok=True)
    rows = read_truth()
    built: dict[str, dict[str, Path]] = {}
    for name in names or layout_names():
        spec = layout(name)
        docx_path, xlsx_path = out / f"tc27_{name}.docx", out / f"tc27_{name}.xlsx"
        write_docx(spec, rows, docx_path)
        write_xlsx(spec, rows, xlsx_path)
        built[name] = {"docx": docx_path, "xlsx": xlsx_path}
    if pdf:
        pdfs = ms.convert_all_to_pdf([paths["docx"] for paths in built.values()], out)
        for paths, pdf_path in zip(built.values(), pdfs, strict=True):
            paths["pdf"] = pdf_path
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=BUILD)
    parser.add_argument("--no-pdf", action="store_true", help="DOCX and XLSX only (no LibreOffice)")
    parser.add_argument("--only", nargs="*", choices=layout_names(), help="these layouts only")
    args = parser.parse_args(argv)
    built = build(args.out, args.only, pdf=not args.no_pdf)
    for name, paths in built.items():
        print(name, " ".join(str(p.relative_to(args.out)) for p in paths.values()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

