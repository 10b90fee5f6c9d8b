"""Build the spreadsheet samples: TC.27 (and TC.28 on a second sheet) of the Magetan Renstra as an Excel user keeps it.

    python samples/make_workbook.py   # samples/renstra_tc27_magetan.xlsx and samples/renstra_tc27_magetan_nocache.xlsx

Layout: the TC.27 and TC.28 tables of the sample DOCX (samples/renstra_dinkop_magetan_2024-2026.docx, read
with the project's DOCX reader) cell for cell, merges as merged ranges (KODE over five columns, the years over
Target/Rp, TUJUAN/SASARAN down each programme), the caption lines in merged cells above each table.
Values: numbers come from samples/truth/tc27.csv and tc28.csv as numbers ("3,149,889,939" -> 3149889939,
"80.1" -> 80.1, "0,9" -> 0.9, "1.122" -> 1122: the value a reader of the seed gives it).

Formulas, as an Excel user would write them: each parent's Rp of a year is ``=SUM(...)`` of its children's
cells (a kegiatan: its sub kegiatan rows; a programme: its kegiatan; the bidang urusan: its programmes) and
the end-of-period Rp is ``=SUM`` of the three years -- but only where the seed's printed number *is* that sum.
Where the seed prints something else (2.17.04 in 2024, 2.17.03.2.01, 2.17.07 in 2026, ...) the printed
number is typed in, as the document has it: the audit must still find those.

A hidden row (a draft line) under the TC.27 header and a hidden notes column at its right test that hidden
rows and columns are left out.

Two files: ``renstra_tc27_magetan_nocache.xlsx`` straight from openpyxl (its formulas have no cached values:
openpyxl cannot compute), and ``renstra_tc27_magetan.xlsx``, the same workbook recalculated and saved by
LibreOffice headless (which stores each formula's value, as Excel does).
"""

from __future__ import annotations

import csv
import shutil
import sys
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

SAMPLES = Path(__file__).resolve().parent
REPO = SAMPLES.parent
sys.path.insert(0, str(REPO))

from extractor.readers.convert import converted  # noqa: E402
from extractor.readers.docx import read_docx  # noqa: E402

DOCX = SAMPLES / "renstra_dinkop_magetan_2024-2026.docx"
OUT = SAMPLES / "renstra_tc27_magetan.xlsx"
OUT_NOCACHE = SAMPLES / "renstra_tc27_magetan_nocache.xlsx"
SPECIAL = {"80.1": 80.1, "0,9": 0.9, "1.122": 1122}
TC27_VALUE_COLS = {9: "baseline", 10: "target_2024", 11: "rp_2024", 12: "target_2025", 13: "rp_2025",
                   14: "target_2026", 15: "rp_2026", 16: "target_akhir", 17: "rp_akhir"}
RP_COLS = {2024: 11, 2025: 13, 2026: 15}
RP_AKHIR = 17
TOP = 5  # first sheet row of the table (caption lines above it)
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def number(printed: str) -> int | float | None:
    if printed in ("", "-"):
        return None
    if printed in SPECIAL:
        return SPECIAL[printed]
    return int(printed.replace(",", ""))


def truth(name: str) -> list[dict[str, str]]:
    with (SAMPLES / "truth" / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def parent_code(code: str) -> str | None:
    parts = code.split(".")
    if len(parts) <= 1:
        return None
    if len(parts) == 6:  # sub kegiatan 2.17.01.2.01.0001 -> kegiatan 2.17.01.2.01
        return ".".join(parts[:5])
    if len(parts) == 5:  # kegiatan -> programme 2.17.01
        return ".".join(parts[:3])
    return ".".join(parts[:-1])


def caption(ws: object, lines: list[str], width: int) -> None:
    for i, line in enumerate(lines, start=1):
        ws.cell(row=i, column=1, value=line).font = Font(bold=True)  # type: ignore[attr-defined]
        ws.cell(row=i, column=1).alignment = Alignment(horizontal="center")  # type: ignore[attr-defined]
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=width)  # type: ignore[attr-defined]


def place(ws: object, raw: object, sheet_row: dict[int, int]) -> None:
    """The raw table's cells at their sheet rows, merges as merged ranges, every cell ruled."""
    for cell in raw.cells:  # type: ignore[attr-defined]
        r, c = sheet_row[cell.row], cell.col + 1
        target = ws.cell(row=r, column=c, value=cell.text or None)  # type: ignore[attr-defined]
        target.alignment = Alignment(wrap_text=True, vertical="top")
        if cell.rowspan > 1 or cell.colspan > 1:
            last_row = sheet_row[cell.row + cell.rowspan - 1]
            ws.merge_cells(start_row=r, start_column=c, end_row=last_row,  # type: ignore[attr-defined]
                           end_column=c + cell.colspan - 1)
    for r in sheet_row.values():
        for c in range(1, raw.n_cols + 1):  # type: ignore[attr-defined]
            ws.cell(row=r, column=c).border = BORDER  # type: ignore[attr-defined]


def tc27_sheet(wb: Workbook, raw: object) -> None:
    ws = wb.active
    ws.title = "TC.27"
    rows = truth("tc27.csv")
    n_header = raw.n_rows - len(rows)  # type: ignore[attr-defined]
    assert n_header == 3, n_header
    caption(ws, list(raw.context[-3:]), raw.n_cols)  # type: ignore[attr-defined]
    # sheet rows: header at TOP.., a hidden draft row after it, then the body
    sheet_row = {i: TOP + i for i in range(n_header)}
    hidden = TOP + n_header
    sheet_row.update({n_header + k: hidden + 1 + k for k in range(len(rows))})
    place(ws, raw, sheet_row)
    ws.cell(row=hidden, column=8, value="DRAFT: baris lama, jangan dipakai")
    ws.cell(row=hidden, column=12, value=999999999)
    ws.row_dimensions[hidden].hidden = True
    notes_col = raw.n_cols + 1  # type: ignore[attr-defined]
    ws.cell(row=TOP, column=notes_col, value="Catatan internal")
    ws.column_dimensions[get_column_letter(notes_col)].hidden = True

    code_row = {t["code"]: sheet_row[n_header + k] for k, t in enumerate(rows)}
    children: dict[str, list[str]] = {}
    for t in rows:
        p = parent_code(t["code"])
        if p in code_row:
            children.setdefault(p, []).append(t["code"])
    formulas = 0
    for t in rows:
        r = code_row[t["code"]]
        for c, col in TC27_VALUE_COLS.items():
            value = number(t[col])
            ws.cell(row=r, column=c + 1, value=value)
            ws.cell(row=r, column=c + 1).number_format = "#,##0" if col.startswith("rp") else "General"
        kids = children.get(t["code"], [])
        for year, c in RP_COLS.items():
            printed = number(t[f"rp_{year}"])
            sums = [number(next(x for x in rows if x["code"] == kid)[f"rp_{year}"]) or 0 for kid in kids]
            if kids and printed is not None and printed == sum(sums):
                ws.cell(row=r, column=c + 1, value=_sum_formula(c + 1, [code_row[kid] for kid in kids]))
                formulas += 1
        years = [number(t[f"rp_{y}"]) for y in RP_COLS]
        printed_akhir = number(t["rp_akhir"])
        if printed_akhir is not None and all(v is not None for v in years) and printed_akhir == sum(years):
            first, last = get_column_letter(RP_COLS[2024] + 1), get_column_letter(RP_COLS[2026] + 1)
            ws.cell(row=r, column=RP_AKHIR + 1, value=f"=SUM({first}{r},{get_column_letter(RP_COLS[2025] + 1)}{r},"
                                                     f"{last}{r})")
            formulas += 1
    print(f"TC.27: {len(rows)} rows, {formulas} formulas", file=sys.stderr)


def _sum_formula(col: int, sheet_rows: list[int]) -> str:
    letter = get_column_letter(col)
    rows = sorted(sheet_rows)
    if rows == list(range(rows[0], rows[-1] + 1)):
        return f"=SUM({letter}{rows[0]}:{letter}{rows[-1]})"
    return "=SUM(" + ",".join(f"{letter}{r}" for r in rows) + ")"


def tc28_sheet(wb: Workbook, raw: object) -> None:
    ws = wb.create_sheet("TC.28")
    rows = truth("tc28.csv")
    n_header = raw.n_rows - len(rows)  # type: ignore[attr-defined]
    caption(ws, list(raw.context[-2:]), raw.n_cols)  # type: ignore[attr-defined]
    sheet_row = {i: TOP - 1 + i for i in range(raw.n_rows)}  # type: ignore[attr-defined]
    place(ws, raw, sheet_row)
    for k, t in enumerate(rows):
        r = sheet_row[n_header + k]
        ws.cell(row=r, column=1, value=int(t["no"]))
        for c, col in enumerate(["kondisi_awal_2023", "target_2024", "target_2025", "target_2026", "kondisi_akhir"],
                                start=3):
            ws.cell(row=r, column=c, value=number(t[col]))


def main() -> None:
    tables, _ = read_docx(DOCX)
    tc27 = next(t for t in tables if any("TC. 27" in line for line in t.context))
    tc28 = next(t for t in tables if any("TC. 28" in line for line in t.context))
    wb = Workbook()
    tc27_sheet(wb, tc27)
    tc28_sheet(wb, tc28)
    for ws in wb.worksheets:
        for col in range(1, ws.max_column + 1):
            ws.column_dimensions[get_column_letter(col)].width = 14
    wb.properties.creator = "renstra samples/make_workbook.py"
    wb.save(OUT_NOCACHE)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / OUT.name
        shutil.copyfile(OUT_NOCACHE, copy)
        with converted(copy, target="xlsx", recalc=True) as recalculated:
            shutil.copyfile(recalculated, OUT)
    for path in (OUT, OUT_NOCACHE):
        print(f"{path.relative_to(REPO)}: {path.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
