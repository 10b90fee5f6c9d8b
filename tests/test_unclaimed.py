"""A table of programs and kegiatan that is none of the kinds the tool reads is named in a ``table-not-claimed``
note, never left out silently; other tables the tool does not read (staff, assets) are left out without one.

The document written here follows Semarang's Renstra (realdocs, PDF p.52, "Tabel 5.1.1 Rencana Program dan
Kegiatan": No. | Program, Kegiatan dan Sub Kegiatan | Tahun ke- 1 ... 5, targets without indicator, code or Rp),
with a staff table before it; its values are the ones that page prints. Read as DOCX, and as the PDF LibreOffice
makes of it (skipped without LibreOffice), and the real page itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import extracted, realdoc

from extractor import extract
from extractor.readers.convert import convert_file, find_soffice

STAFF_HEADER = ["No", "Golongan", "Jumlah"]
STAFF_ROWS = [["1", "Golongan IV", "7"], ["2", "Golongan III", "29"], ["3", "Golongan II", "12"]]
PLAN_ROWS = [
    ["I", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", *["100 %"] * 5],
    ["I", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", *["100 %"] * 5],
    ["1", "Penyusunan Dokumen Perencanaan Perangkat Daerah", *["1 dok"] * 5],
    ["2", "Koordinasi dan Penyusunan Dokumen RKA-SKPD", *["1 dok"] * 5],
    ["II", "Administrasi Keuangan Perangkat Daerah", *["100 %"] * 5],
    ["7", "Penyediaan Gaji dan Tunjangan ASN", *["100 %"] * 5],
]
PROSE = ("Dari program tersebut diatas dijabarkan menjadi kegiatan Satuan Polisi Pamong Praja yang tersebar setiap "
         "tahunnya selama 2021-2026, dengan rincian kegiatan dan jadwal sebagaimana tabel berikut.")


def _grid_table(doc: object, rows: list[list[str]], widths_cm: list[float]) -> object:
    from docx.shared import Cm

    table = doc.add_table(rows=len(rows), cols=len(rows[0]))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.autofit = False
    for c, width in enumerate(widths_cm):
        table.columns[c].width = Cm(width)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text, cell.width = value, Cm(widths_cm[c])
    return table


def _write_docx(path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.styles["Normal"].font.name = "DejaVu Sans"
    doc.add_paragraph("Tabel 2.2.1.3 Jumlah Personil Berdasarkan Golongan")
    _grid_table(doc, [STAFF_HEADER, *STAFF_ROWS], [1.2, 6.0, 2.0])
    doc.add_paragraph(PROSE)
    doc.add_paragraph("Tabel 5.1.1")
    doc.add_paragraph("Rencana Program dan Kegiatan Satuan Polisi Pamong Praja")
    header = ["No.", "Program, Kegiatan dan Sub Kegiatan", "Tahun ke-", "", "", "", ""]
    years = ["", "", "1", "2", "3", "4", "5"]
    table = _grid_table(doc, [header, years, *PLAN_ROWS], [1.2, 7.0, *[1.6] * 5])
    table.cell(0, 2).merge(table.cell(0, 6))  # type: ignore[attr-defined]
    table.cell(0, 0).merge(table.cell(1, 0))  # type: ignore[attr-defined]
    table.cell(0, 1).merge(table.cell(1, 1))  # type: ignore[attr-defined]
    doc.add_paragraph(PROSE)
    doc.save(str(path))


@pytest.fixture(scope="module")
def plan_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("unclaimed") / "rencana_program.docx"
    _write_docx(path)
    return path


def _unclaimed(path: Path) -> list[str]:
    result = extract(path)
    assert not result.tables  # neither table is a TC table
    return [n.message for n in result.notes if n.code == "table-not-claimed"]


def test_a_plan_without_indicator_code_or_rp_is_named_not_dropped_docx(plan_docx: Path) -> None:
    notes = _unclaimed(plan_docx)
    assert len(notes) == 1, notes  # the plan; the staff table gets none
    assert notes[0].startswith("table 2 of the document: a table of programs and kegiatan 'Tabel 5.1.1 Rencana "
                               "Program dan Kegiatan Satuan Polisi Pamong Praja' (7 columns, 8 printed rows")
    assert "No. | Program, Kegiatan dan Sub Kegiatan | Tahun ke-" in notes[0]
    assert "its rows were not extracted" in notes[0]


def test_a_plan_without_indicator_code_or_rp_is_named_not_dropped_pdf(plan_docx: Path, tmp_path: Path) -> None:
    if find_soffice() is None:
        pytest.skip("LibreOffice is not installed")
    pdf = convert_file(plan_docx, tmp_path, "pdf")
    notes = _unclaimed(pdf)
    assert len(notes) == 1, notes
    assert notes[0].startswith("page 1: a table of programs and kegiatan 'Tabel 5.1.1 Rencana Program dan Kegiatan "
                               "Satuan Polisi Pamong Praja' (7 columns, 8 printed rows")


@pytest.mark.realdocs
def test_semarang_tabel_5_1_1_is_named() -> None:
    """Semarang PDF pp.52-54: Tabel 5.1.1 (29 + 34 numbered rows under a three-row header on each page) is no TC
    table; its T-C.27 (pp.55-60) is read. Every other real document prints no such table."""
    result = extracted(realdoc("semarang_satpolpp_renstra_2021-2026.pdf"))
    notes = [n for n in result.notes if n.code == "table-not-claimed"]
    assert [(n.page, n.message.split(":")[0]) for n in notes] == [(52, "pages 52-54")]
    assert "'Tabel 5.1.1 Rencana Program dan Kegiatan Satuan Polisi Pamong Praja'" in notes[0].message
    assert "No. | Program, Kegiatan dan Sub Kegiatan | Tahun ke- / 1 | 2 | 3 | 4 | 5" in notes[0].message
    assert [t.pages for t in result.tables if t.kind == "TC.27"] == [[55, 56, 57, 58, 59, 60]]


def _png(path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("L", (900, 600), 255)
    draw = ImageDraw.Draw(image)
    for y in range(0, 600, 40):  # the rules of a table, as a picture shows them
        draw.line([(0, y), (899, y)], fill=0)
    image.save(path)
    return path


def test_a_word_table_pasted_as_a_picture_is_named(tmp_path: Path) -> None:
    """A Word document prints its TC.27 as a picture under its caption (as the Inspektorat Renstra did before it
    became a PDF), and a TC.25 as a table. The TC.25 is read; the picture gets a note saying the TC.27 was not
    read and how to have it read. A picture under a caption whose table was read, or under no caption, gets none."""
    from docx import Document
    from docx.shared import Cm

    picture = _png(tmp_path / "table.png")
    doc = Document()
    doc.add_paragraph("Gambar 1. Struktur organisasi")
    doc.add_picture(str(picture), width=Cm(15))  # under no TC caption: a chart, a photo
    doc.add_paragraph("Tabel T-C.27")
    doc.add_paragraph("Rencana Program, Kegiatan dan Pendanaan Dinas Koperasi Tahun 2024 - 2026")
    doc.add_picture(str(picture), width=Cm(15))
    doc.add_paragraph("Tabel T-C.25 Tujuan dan Sasaran Jangka Menengah Pelayanan")
    doc.add_picture(str(picture), width=Cm(15))  # its table is read below
    table = doc.add_table(rows=2, cols=4)
    table.style = "Table Grid"
    for c, (head, value) in enumerate(zip(["Tujuan", "Sasaran", "Indikator Sasaran", "Target 2024"],
                                          ["Meningkatnya ekonomi", "Meningkatnya koperasi sehat",
                                           "Persentase koperasi sehat", "80"])):
        table.cell(0, c).text, table.cell(1, c).text = head, value
    path = tmp_path / "picture.docx"
    doc.save(str(path))
    result = extract(path)
    assert [t.kind for t in result.tables] == ["TC.25"]
    [note] = [n.message for n in result.notes if n.code == "table-as-picture"]
    assert note.startswith("a picture (15 x 10 cm) stands under the caption 'Rencana Program, Kegiatan dan Pendanaan "
                           "Dinas Koperasi Tahun 2024 - 2026' (TC.27), and no TC.27 table was read")
