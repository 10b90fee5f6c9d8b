"""A table printed without ruling lines between paragraphs (readers/pdf_prose_tables.py), end to end through
``python3 -m extractor extract`` on a PDF that LibreOffice makes from a Word document written here: Word's plain
table style draws no border, so the PDF holds only the words.

Page 1: prose, "Tabel 3.2 Tujuan, Sasaran dan Target Kinerja Perangkat Daerah", a goal/target table (Tujuan |
Sasaran | Indikator | Baseline 2024 | Target 2025 ... 2029, header words broken by the narrow columns, cell text
wrapped over lines, one tujuan spanning two sasaran), prose again. Page 2: the same kind of table whose targets are
words ("Baik", "Sangat Baik"): its columns do not type-check, so no row is read and a note names the page.
Page 3: "Tabel 3.4 Formulasi Sasaran" over No | Sasaran | Indikator | Formulasi, all text: without ruling lines and
without a column of numbers no column boundary can be trusted; no table, a note names the page.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from extractor.readers.convert import convert_file, find_soffice

PROSE = ("Tujuan dan sasaran perangkat daerah disusun untuk menjawab permasalahan pembangunan yang dihadapi, "
         "dengan memperhatikan visi dan misi kepala daerah serta isu strategis yang telah dirumuskan. ")
HEADER = ["Tujuan", "Sasaran", "Indikator", "Baseline 2024", "Target 2025", "Target 2026", "Target 2027",
          "Target 2028", "Target 2029"]
NUMERIC_ROWS = [
    ["Meningkatnya kualitas layanan sumber daya air", "Meningkatnya ketersediaan air irigasi",
     "Persentase ketersediaan air irigasi", "61,5", "62", "63,5", "65", "66,5", "68"],
    ["", "Meningkatnya akses air bersih", "Persentase rumah tangga terlayani air bersih", "78,25", "79", "80",
     "81,5", "83", "85"],
    ["Meningkatnya akuntabilitas kinerja", "Meningkatnya kualitas tata kelola", "Nilai SAKIP perangkat daerah",
     "90,02", "90,64", "90,8", "90,85", "90,9", "90,95"],
]
WORD_ROWS = [
    ["Meningkatnya tata kelola keuangan", "Meningkatnya kualitas laporan keuangan", "Opini BPK", "1",
     "Baik", "Baik", "Sangat Baik", "Sangat Baik", "Sangat Baik"],
    ["", "Meningkatnya kualitas perencanaan", "Predikat evaluasi Renja", "2", "Baik", "Baik", "Baik",
     "Sangat Baik", "Sangat Baik"],
]
WIDTHS_CM = [3.0, 2.8, 2.8, 1.6, 1.3, 1.3, 1.3, 1.3, 1.3]
FORMULA_HEADER = ["No", "Sasaran", "Indikator", "Formulasi"]
FORMULA_ROWS = [["1", "Meningkatnya akses air bersih", "Persentase rumah tangga terlayani air bersih",
                 "Jumlah rumah tangga terlayani dibagi jumlah rumah tangga dikali seratus persen"]]


def _add_table(doc: Any, caption: str, rows: list[list[str]], header: list[str] = HEADER,
               widths: list[float] = WIDTHS_CM) -> None:
    from docx.shared import Cm, Pt

    for _ in range(3):
        doc.add_paragraph(PROSE * 2)
    doc.add_paragraph(caption)
    table = doc.add_table(rows=1 + len(rows), cols=len(header))  # the default style: no border at all
    table.autofit = False
    for c, width in enumerate(widths):
        table.columns[c].width = Cm(width)
    for r, values in enumerate([header] + rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text, cell.width = value, Cm(widths[c])
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(8)
    for _ in range(2):
        doc.add_paragraph(PROSE * 2)


def _write_docx(path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm, Pt

    doc = Document()
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2)
    doc.styles["Normal"].font.name = "DejaVu Sans"  # named: the same rendering on every machine
    doc.styles["Normal"].font.size = Pt(10)
    _add_table(doc, "Tabel 3.2 Tujuan, Sasaran dan Target Kinerja Perangkat Daerah", NUMERIC_ROWS)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _add_table(doc, "Tabel 3.3 Tujuan, Sasaran dan Target Kinerja Tata Kelola", WORD_ROWS)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _add_table(doc, "Tabel 3.4 Formulasi Sasaran", FORMULA_ROWS, FORMULA_HEADER, [1.0, 4.0, 4.0, 7.5])
    doc.save(str(path))


@pytest.fixture(scope="module")
def unruled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if find_soffice() is None:
        pytest.skip("LibreOffice is needed to make the PDF")
    pytest.importorskip("docx")
    tmp = tmp_path_factory.mktemp("unruled")
    _write_docx(tmp / "unruled.docx")
    pdf = convert_file(tmp / "unruled.docx", tmp, "pdf")
    subprocess.run([sys.executable, "-m", "extractor", "extract", str(pdf), "-o", str(tmp / "out"), "-q",
                    "--nomenclature", "none"], check=True, cwd=Path(__file__).resolve().parents[1],
                   capture_output=True)
    return json.loads((tmp / "out" / "unruled.json").read_text(encoding="utf-8"))


def _on_page(result: dict[str, Any], page: int) -> dict[str, Any]:
    tables = [t for t in result["tables"] if page in t["pages"]]
    assert len(tables) == 1, [(t["kind"], t["pages"]) for t in result["tables"]]
    return tables[0]


def test_unruled_goal_table_between_paragraphs_is_read(unruled: dict[str, Any]) -> None:
    table = _on_page(unruled, 1)
    assert table["kind"] == "TC.25" and table["pages"] == [1]
    assert table["header"]["understood"]
    assert table["columns"] == ["tujuan", "sasaran", "indikator", "2024.kondisi_awal", "2025.target", "2026.target",
                                "2027.target", "2028.target", "2029.target"]
    assert len(table["rows"]) == len(NUMERIC_ROWS)  # the paragraphs above and below are no rows
    for row, printed in zip(table["rows"], NUMERIC_ROWS):
        assert [row.get("tujuan", ""), row["sasaran"], row["indikator"]] == printed[:3]
        assert row["raw"]["2024.kondisi_awal"] == printed[3]
        assert [row["raw"][f"{y}.target"] for y in range(2025, 2030)] == printed[4:]
    first, last = table["rows"][0], table["rows"][-1]
    assert first["years"]["2024"]["kondisi_awal"] == 61.5
    assert [first["years"][str(y)]["target"] for y in range(2025, 2030)] == [62, 63.5, 65, 66.5, 68]
    assert [last["years"][str(y)]["target"] for y in range(2025, 2030)] == [90.64, 90.8, 90.85, 90.9, 90.95]


def test_unruled_table_whose_columns_do_not_type_check_is_not_read(unruled: dict[str, Any]) -> None:
    table = _on_page(unruled, 2)
    assert table["rows"] == []
    assert not table["header"]["understood"]
    assert any("holds text" in reason for reason in table["header"]["mistyped"])
    [note] = [n for n in table["notes"] if n["code"] == "header-not-understood"]
    assert note["page"] == 2 and "rows were not read" in note["message"]


def test_unruled_text_only_table_under_a_caption_is_named_in_a_note(unruled: dict[str, Any]) -> None:
    assert not [t for t in unruled["tables"] if 3 in t["pages"]]
    [note] = [n for n in unruled["notes"] if n["code"] == "caption-without-table"]
    assert note["page"] == 3 and "Tabel 3.4 Formulasi Sasaran" in note["message"]
