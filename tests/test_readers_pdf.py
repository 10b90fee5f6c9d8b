"""The PDF reader on the real documents in ../shared/realdocs, the rendered seed sample and broken files.

Cell values below were checked by eye against the page images (pdftoppm -r 110).
"""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest

from extractor.errors import InputError
from extractor.model import Cell, RawTable
from extractor.readers.pdf import (
    DEFAULT_LINES_SETTINGS,
    DEFAULT_TEXT_SETTINGS,
    TEXT_TOLERANCES,
    candidate_pages,
    document_candidates,
    pdf_page_texts,
    read_pdf,
)
from extractor.readers.pdf_finder import _intersections_to_cells
from extractor.readers.pdf_grid import _build_cells, _cell_text, split_numbered_rows
from extractor.readers.pdf_objects import page_objects
from extractor.readers.pdf_pages import captions_over_headers
from extractor.readers.pdf_text_tables import _merge_continuation_rows

ROOT = Path(__file__).resolve().parents[1]
REALDOCS = ROOT.parent / "shared" / "realdocs"
SATPOL = REALDOCS / "banyuwangi_renstra_2025-2029_satpolpp.pdf"
KEC = REALDOCS / "banyuwangi_renstra_2025-2029_kec-banyuwangi.pdf"
RENJA = REALDOCS / "cianjur_dkp_renja_2016.pdf"
RENSTRA_OLD = REALDOCS / "cianjur_dkp_renstra_2011-2016.pdf"
SAMPLE = ROOT / "samples" / "renstra_dinkop_magetan_2024-2026.pdf"

realdocs = pytest.mark.realdocs


def need(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path.name} not available ({path.parent} absent)")


def cell_at(table: RawTable, row: int, col: int) -> Cell:
    origin = table.origin_grid()[row][col]
    assert origin is not None, f"no cell at ({row}, {col})"
    return origin


# ----------------------------------------------------------------------------------- settings as data


def test_settings_are_plain_dicts() -> None:
    assert DEFAULT_LINES_SETTINGS["snap_tolerance"] > 0
    assert DEFAULT_TEXT_SETTINGS["vertical_strategy"] == "text"


# ----------------------------------------------------------------------------------- candidate pages


def test_candidate_pages_on_synthetic_texts() -> None:
    prose = "Dalam rangka mencapai tujuan dan sasaran yang telah ditetapkan, perangkat daerah menyusun " * 5
    table_page = "Tabel 4.3 Rencana Program, Kegiatan dan Pendanaan\n" + " ".join(["1.500.000 12 90 %"] * 40)
    continuation = " ".join(["Jumlah laporan 12 12 600,000,000 12 750,000,000"] * 20)
    toc = "DAFTAR TABEL\nTabel T-C.27 Rencana Program ......................... 40\n" + "Tabel 1 ........ 2\n" * 5
    texts = [prose, toc, prose, table_page, continuation, continuation, prose, prose]
    # "tujuan dan sasaran" in prose is not a caption; the list of tables is skipped.
    assert candidate_pages(texts) == [4, 5, 6]


def test_a_program_list_under_prose_is_a_candidate() -> None:
    """Dinsos PPKB p.82: a page of prose ending with "Tabel 4.1 Program Prioritas ..." over a five-column header
    and one row. A caption named inside a sentence, or over another kind's header, makes no page of prose a
    candidate."""
    prose = "Berikut ini adalah daftar Program Prioritas Dinas yang disusun untuk mendukung pencapaian tujuan. " * 6
    header = ("Tujuan Sasaran Tujuan Sasaran Program\nPemerintah Pemerintah Perangkat Perangkat Prioritas\n"
              "Daerah Daerah Daerah Daerah\nMeningkatnya taraf Berkurang Beban Meningkatkan Program perlindungan\n")
    listed = prose + "\nTabel 4.1 Program Prioritas Renstra Dinas Sosial\n" + header
    in_a_sentence = prose + " sebagaimana dalam tabel 4.1 berikut\n" + header
    other_kind = prose + "\nTabel 4.2 Daftar Program\nNo Program Prioritas Target Tahun 2025 Rp\n"  # yearly: no list
    assert candidate_pages([prose, listed, prose]) == [2]
    assert candidate_pages([prose, in_a_sentence, other_kind, prose]) == []
    # no candidate, but a table to account for (pipeline: a caption-without-table note when nothing was read)
    assert captions_over_headers(in_a_sentence) == []
    [named] = captions_over_headers(in_a_sentence, referenced=True)
    assert named.endswith("sebagaimana dalam tabel 4.1 berikut")


def test_goal_and_formula_tables_under_prose_are_candidates() -> None:
    """Pengairan p.72: prose ending with "Tabel 10. Target kinerja capaian indikator tujuan tahun 2025-2030" over
    a Tujuan | Indikator Tujuan | Baseline | Target header (TC.25, printed under prose); p.74 "Tabel 11. Formulasi
    Sasaran 1" over No | Sasaran | Indikator | Formulasi (IKU). Prose naming the same words without a caption line
    stays out."""
    prose = "Untuk mengukur capaian dari tujuan ini, digunakan indikator Indeks Kepuasan Layanan. " * 6
    goal = ("\nTabel 10. Target kinerja capaian indikator tujuan tahun 2025-2030\n"
            "Indikator Baseline Target\nTujuan\nTujuan\n2024 2025 2026 2027 2028 2029 2030\n"
            "Mewujudkan Indeks 82,05 82,2 82,35 82,5 82,65 82,8 82,95\n")
    formula = "Tabel 11. Formulasi Sasaran 1\nNo Sasaran Indikator Formulasi\n1 Meningkatnya daya Presentase\n"
    no_caption = prose + "\nTujuan, indikator tujuan dan target tahunan disajikan sebagai berikut.\n"
    assert candidate_pages([prose, prose + goal, prose, formula + prose, prose]) == [2, 4]
    assert candidate_pages([prose, no_caption, prose]) == []


def test_candidate_pages_follow_an_odd_page_size() -> None:
    texts = ["Tabel T-C.27 Matriks " + "12 " * 50, "Tugas dan fungsi kelurahan", "prose " * 50]
    sizes = [(842, 595), (842, 595), (595, 842)]
    assert candidate_pages(texts, sizes + [(595, 842)] * 3) == [1, 2]
    assert candidate_pages(texts) == [1]


@realdocs
def test_candidates_kec_banyuwangi() -> None:
    need(KEC)
    pages, n = document_candidates(KEC)
    assert n == 133
    assert set(range(84, 134)) <= set(pages)  # TC.27 matrix, codes on every page
    assert set(range(71, 83)) <= set(pages)  # "Tabel 4.3. Matrik Rencana Program" of the Kecamatan
    assert not set(range(1, 21)) & set(pages)  # prose, table of contents
    assert len(pages) < 80


@realdocs
def test_candidates_satpolpp() -> None:
    need(SATPOL)
    pages, n = document_candidates(SATPOL)
    assert n == 58
    assert set(range(48, 55)) <= set(pages)  # Tabel 4.2 Rencana Program/Kegiatan/Sb Kegiatan dan Pendanaan
    assert 26 in pages  # Tabel 2.1.3 Kinerja Pelayanan (TC.23-like)
    assert not set(range(1, 26)) & set(pages)


@realdocs
def test_candidates_cianjur() -> None:
    need(RENJA)
    need(RENSTRA_OLD)
    renja, _ = document_candidates(RENJA)
    # checked: p3 contents, pp.13-18 Tabel 2.1 (realisation report), 19-20 Tabel 2.2, p22 "Pencapaian Kinerja"
    assert set(renja) <= {3, 13, 14, 15, 16, 17, 18, 19, 20, 22}
    old, _ = document_candidates(RENSTRA_OLD)
    assert old == [44]  # the caption of Tabel 5.1 ... with no table under it


# ------------------------------------------------------------------------------ ruled tables, real docs


@pytest.fixture(scope="module")
def satpol() -> dict[int, list[RawTable]]:
    need(SATPOL)
    tables, n = read_pdf(SATPOL, pages=[48, 49, 54])
    assert n == 58
    out: dict[int, list[RawTable]] = {}
    for t in tables:
        out.setdefault(t.page or 0, []).append(t)
    return out


@realdocs
def test_satpol_p48_header_and_context(satpol: dict[int, list[RawTable]]) -> None:
    (t,) = satpol[48]
    assert t.format == "pdf" and t.page == 48 and t.index == 0
    assert t.n_cols == 22
    assert t.context[-1] == "Tabel 4.2 Rencana Program/Kegiatan/Sb Kegiatan dan Pendanaan"
    head = cell_at(t, 0, 5)
    assert head.text == "BIDANG URUSAN / PROGRAM / OUTCOME /\nKEGIATAN / SUBKEGIATAN OUTPUT"
    assert head.rowspan == 3 and head.colspan == 1
    years = cell_at(t, 0, 9)
    assert years.text.startswith("TARGET DAN PAGU INDIKATIF") and years.colspan == 12
    assert [cell_at(t, 1, c).text for c in (9, 11, 13)] == ["2025", "2026", "2027"]
    assert cell_at(t, 1, 9).colspan == 2
    assert [cell_at(t, 2, c).text for c in (9, 10)] == ["TARGET", "PAGU (Rp)"]


@realdocs
def test_satpol_p48_body_cells(satpol: dict[int, list[RawTable]]) -> None:
    (t,) = satpol[48]
    g = t.grid()
    # The program row: comma-thousands amounts each in its own PAGU cell.
    program = next(r for r, row in enumerate(g) if row[5].startswith("PROGRAM PENINGKATAN"))
    # A wrapped name stays one cell (the green line shading must not split it into two rows).
    assert g[program][5] == "PROGRAM PENINGKATAN KETENTRAMAN\nDAN KETERTIBAN UMUM"
    assert g[program][10] == "1,500,000,000"
    assert g[program][12] == "1,850,000,000"
    assert g[program][20] == "3,250,000,000"
    assert g[program + 1][5].startswith("Meningkatnya Partisipasi")
    laporan = next(r for r, row in enumerate(g) if row[7] == "Laporan")
    assert g[laporan][8:11] == ["12", "12", "600,000,000"]
    # The first column is merged down past the bottom of the page (no closing rule): text kept, span known.
    first = cell_at(t, 4, 0)
    assert first.text.startswith("Memabangun\nSDM Unggul\nBerkarakter")
    assert first.rowspan == t.n_rows - 4
    assert cell_at(t, 4, 8).text == "80,73"
    assert cell_at(t, 4, 3).colspan == 4  # empty merged block under SASARAN..INDIKATOR OUTCOME


@realdocs
def test_satpol_continuation_pages_keep_all_columns(satpol: dict[int, list[RawTable]]) -> None:
    # pp.49 and 54: the five left columns are open at top and bottom (merges from p.48); still 22 columns.
    for page in (49, 54):
        (t,) = satpol[page]
        assert t.n_cols == 22, page
    g = satpol[49][0].grid()
    assert g[0][6].startswith("Jumlah dokumen hasil")
    assert g[0][10] == "150,000,000"
    assert satpol[49][0].context == ()


@pytest.fixture(scope="module")
def kec() -> dict[int, list[RawTable]]:
    need(KEC)
    tables, _ = read_pdf(KEC, pages=[33, 84, 133])
    out: dict[int, list[RawTable]] = {}
    for t in tables:
        out.setdefault(t.page or 0, []).append(t)
    return out


@realdocs
def test_kec_p84_landscape_matrix(kec: dict[int, list[RawTable]]) -> None:
    (t,) = kec[84]
    assert t.n_cols == 15
    assert t.bbox is not None and t.bbox[2] - t.bbox[0] > t.bbox[3] - t.bbox[1]  # read in landscape
    assert t.context == (
        "TABEL 4.3 RENCANA PROGRAM / KEGIATAN / SUBKEGIATAN DAN PENDANAAN",
        "PEMERINTAH KABUPATEN BANYUWANGI",
    )
    g = t.grid()
    assert g[0][0] == "BIDANG URUSAN / PROGRAM /\nOUTCOME / KEGIATAN /\nSUBKEGIATAN OUTPUT"
    assert g[3][:3] == ["(01)", "(02)", "(03)"]
    assert g[4][0] == "7.01 - KECAMATAN" and g[4][4] == "27.391.532.436"
    assert g[6][2:5] == ["90", "93,7", "20.562.902.192"]
    # A code wrapped inside the PERANGKAT DAERAH cell: one cell, line breaks kept.
    assert g[6][13] == "7.01.0.00.0.00.01.00\n00 - Kecamatan\nBanyuwangi"
    assert g[10][0] == "7.01.01.2.01.0001 - Penyusunan\nDokumen Perencanaan Perangkat\nDaerah"


@realdocs
def test_kec_p33_scaled_drawing(kec: dict[int, list[RawTable]]) -> None:
    # Rules drawn through a matrix (ends differ by 1e-8) and sheared glyphs: still a table, words whole.
    (t,) = kec[33]
    assert t.context[-2] == "Tabel 2.1.6 Anggaran dan Realisasi Pendanaan Pelayanan Kecamatan Banyuwangi"
    g = t.grid()
    assert g[0][0] == "Program/Kegiatan"
    assert g[2][1:6] == ["2020", "2021", "2022", "2023", "2024"]
    assert g[5][4:6] == ["2,500,000", "2,500,000"]


@realdocs
def test_kec_p33_amounts_whole(kec: dict[int, list[RawTable]]) -> None:
    # pdfminer read these glyphs (drawn one by one through a matrix) with a stray space: "7 72,209,700".
    g = kec[33][0].grid()
    assert g[8][9] == "772,209,700"
    assert g[19][3] == "1,451,400,000"


@realdocs
def test_satpol_p39_spaces_in_blank_text_objects() -> None:
    # Each space is a text object of its own; pdfium leaves those out of its text when the gap is narrow.
    need(SATPOL)
    (t,) = read_pdf(SATPOL, pages=[39])[0]
    g = t.grid()
    assert g[0][:4] == ["No", "Operasionalisasi NSPK", "Arah Kebijakan RPJMD", "Arah Kebijakan Renstra PD"]
    assert "hukum kepada masyarakat" in g[3][3].replace("\n", " ")
    assert "Satlinmas serta sarana" in g[5][3].replace("\n", " ")


@realdocs
def test_kec_last_page(kec: dict[int, list[RawTable]]) -> None:
    (t,) = kec[133]
    assert t.n_cols == 15 and t.grid()[0][0].startswith("BIDANG URUSAN")


@realdocs
def test_old_renstra_caption_without_table() -> None:
    need(RENSTRA_OLD)
    tables, n = read_pdf(RENSTRA_OLD)
    assert n == 49 and tables == []


# ------------------------------------------------------------------------------------- text fallback


@realdocs
def test_renja_unruled_columns_text_strategy() -> None:
    # Cianjur Renja p.14: rows ruled, no vertical rules; wrapped names stay in their row.
    need(RENJA)
    (t,) = read_pdf(RENJA, pages=[14])[0]
    g = t.grid()
    assert g[0][:6] == ["No", "Program", "Kegiatan", "Target\nanggaran", "Realisasi\nanggaran", "%"]
    assert g[1][:3] == ["1.", "Pelayanan\nAdministrasi\nPerkantoran", "Penyediaan Jasa\nSurat Menyurat"]
    assert g[1][3:6] == ["1.350.000,-", "1.350.000,-", "100"]
    assert g[3][2:6] == [
        "Penyediaan jasa\nperalatan dan\nperlengkapan\nkantor",
        "78.000.000,-",
        "71.889.180,-",
        "92.17",
    ]
    assert t.context[-2:] == ("Tabel 2.1", "Laporan Realisasi Kinerja Tahun 2014")


def test_merge_continuation_rows() -> None:
    cells = [
        Cell("Program", 0, 0), Cell("Target", 0, 1), Cell("Rp", 0, 2),
        Cell("Penyediaan Jasa", 1, 0), Cell("12", 1, 1), Cell("1.500.000", 1, 2),
        Cell("Surat Menyurat", 2, 0),
        Cell("Penyediaan Alat", 3, 0), Cell("4", 3, 1), Cell("2.000.000", 3, 2),
        Cell("Tulis", 4, 0), Cell("", 4, 1),
    ]  # fmt: skip
    merged, n_rows = _merge_continuation_rows(cells, 5, 3)
    grid = RawTable("x", "pdf", 0, 1, n_rows, 3, tuple(merged)).grid()
    assert grid == [
        ["Program", "Target", "Rp"],
        ["Penyediaan Jasa\nSurat Menyurat", "12", "1.500.000"],
        ["Penyediaan Alat\nTulis", "4", "2.000.000"],
    ]


# ------------------------------------------------------------------------------- the rendered seed


@pytest.mark.skipif(not SAMPLE.exists(), reason="samples/renstra_dinkop_magetan_2024-2026.pdf not built yet")
def test_sample_tc27_ruled_19_columns() -> None:
    pages, _ = document_candidates(SAMPLE)
    assert set(range(29, 34)) <= set(pages)
    tables, _ = read_pdf(SAMPLE, pages=range(29, 34))
    assert [t.page for t in tables] == [29, 30, 31, 32, 33]
    assert "Tabel TC. 27" in tables[0].context
    for t in tables:
        assert t.n_cols == 19
        g = t.grid(fill_merged=True)
        assert g[0][:3] == ["TUJUAN", "SASARAN", "KODE"] and g[0][6] == "KODE"
        assert g[0][7].startswith("URUSAN/ BIDANG URUSAN/") and g[0][8].startswith("INDIKATOR")
        assert g[0][9].startswith("Baselin") and g[0][18].startswith("PERANGK")
        assert [g[1][c] for c in (10, 12, 14)] == ["2024", "2025", "2026"]
        assert [g[2][c].replace("\n", "") for c in (10, 11)] == ["Target", "Rp"]
    # A code printed in five cells comes out in five cells (p.33), and where the seed merged the five
    # cells (p.30, "2 17 01 2.08") it comes out as one cell spanning five columns.
    g33 = tables[4].grid()
    assert any(row[2:7] == ["2", "17", "07", "2.01", "03"] for row in g33)
    merged = [c for c in tables[1].cells if c.text == "2 17 01 2.08"]
    assert merged and merged[0].colspan == 5


# ------------------------------------------------------------------ pdfium objects vs pdfplumber's own


@pytest.mark.skipif(not SAMPLE.exists(), reason="samples/renstra_dinkop_magetan_2024-2026.pdf not built yet")
@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_page_objects_where_pdfplumber_puts_the_characters(rotation: int) -> None:
    """Every character from pdfium lies within 1 pt of pdfplumber's (pdfminer's) character, /Rotate included
    (the page as displayed: ``turn_sideways=False``). By default a page displayed sideways (/Rotate 90 or 270 on
    this landscape page) is read turned back upright: the landscape page's size, every character upright; one
displayed upside down (180) is turned a half."""
    import io

    pdfplumber = pytest.importorskip("pdfplumber")
    pypdf = pytest.importorskip("pypdf")
    import pypdfium2 as pdfium

    writer = pypdf.PdfWriter()
    writer.add_page(pypdf.PdfReader(str(SAMPLE)).pages[29])
    writer.pages[0].rotate(rotation)
    buf = io.BytesIO()
    writer.write(buf)
    data = buf.getvalue()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        theirs = [c for c in page.chars if c["text"].strip()]
        size = (page.width, page.height)
    doc = pdfium.PdfDocument(data)
    try:
        objs = page_objects(doc[0], turn_sideways=False)
        read = page_objects(doc[0])
    finally:
        doc.close()
    if rotation in (90, 270):
        assert read.turn == 360 - rotation and (read.width, read.height) == pytest.approx(size[::-1], abs=0.01)
    else:  # upside down (180): turned a half, the same size
        assert read.turn == rotation and (read.width, read.height) == pytest.approx(size, abs=0.01)
    assert all(c["upright"] for c in read.chars if c["text"].strip())
    assert (objs.width, objs.height) == pytest.approx(size, abs=0.01)
    ours = [c for c in objs.chars if c["text"].strip()]
    assert len(ours) == len(theirs)
    by_text: dict[str, list[dict]] = {}
    for c in theirs:
        by_text.setdefault(c["text"], []).append(c)
    for c in ours:
        assert any(all(abs(c[k] - d[k]) < 1 for k in ("x0", "top", "bottom")) for d in by_text[c["text"]]), c
    assert {bool(c["upright"]) for c in ours} == {bool(c["upright"]) for c in theirs}


def _char(text: str, x0: float, top: float, upright: bool = True, w: float = 5, h: float = 8) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + w, "top": top, "bottom": top + h, "doctop": top, "upright": upright}


def _a_blank_over_a_glyph(chars: list[dict]) -> bool:
    """True when a blank starts over the first half of a glyph of about the same line."""
    def over(blank: dict, glyph: dict) -> bool:
        start, end, across = ("x0", "x1", "top") if glyph["upright"] else ("top", "bottom", "x0")
        near = abs(blank[across] - glyph[across]) <= 2 * TEXT_TOLERANCES["y_tolerance"] + 3
        return near and glyph[start] <= blank[start] < (glyph[start] + glyph[end]) / 2

    blanks = [c for c in chars if c["text"].isspace()]
    return any(over(b, g) for b in blanks for g in chars if not g["text"].isspace() and g["upright"] == b["upright"])


def test_a_blank_run_over_from_the_next_cell_cuts_no_word() -> None:
    """Satpol PP p.44: "Penegakan " of the Indikator column runs over the cell edge; its space lies over the "P"
    that starts "Peraturan" one point lower in the next cell. A word's own blank, just after its last glyph (even
    kerned into it a little), still cuts."""
    peraturan = _word_chars("Peraturan", 100, 10.9)
    stray = _char(" ", 100.3, 10, w=0)
    assert _cell_text([stray, *peraturan, *_word_chars("Daerah", 150, 10.9)]) == "Peraturan Daerah"
    kerned = [*_word_chars("Perda", 100, 10), _char(" ", 124.7, 10, w=2), *_word_chars("Kota", 127, 10)]
    assert _cell_text(kerned) == "Perda Kota"


def test_cell_text_same_as_pdfplumber() -> None:
    from pdfplumber.utils import extract_text

    rnd = random.Random(7)
    cases = [
        [_char("1", 0, 0), _char("2", 5, 0), _char(" ", 10, 0), _char("3", 12, 0.4)],
        [_char("a", 0, 0), _char("b", 9, 0), _char("c", 14, 2.4), _char("d", 0, 3)],  # wide gap, drifting line
        [_char("x", 0, 0, upright=False), _char("y", 0.5, 8, upright=False), _char("z", 9, 0, upright=False)],
        [_char("ﬁ", 0, 0), _char("n", 5, 0), _char("e", 0, 10), _char("d", 2, 10)],  # ligature, a step back
    ]
    for _ in range(600):  # about half have a blank over a glyph, left out below
        chars = []
        for _ in range(rnd.randint(1, 25)):
            chars.append(
                _char(
                    rnd.choice("ab1. ,"),
                    rnd.choice([0, 4, 5, 9, 13, 20]) + rnd.random(),
                    rnd.choice([0, 2, 3, 9, 11]) + rnd.random(),
                    upright=rnd.random() > 0.15,
                )
            )
        cases.append(chars)
    for chars in cases:
        if _a_blank_over_a_glyph(chars):
            continue  # pdfplumber cuts a word there; we do not (test_a_blank_run_over_from_the_next_cell_...)
        x_tol, y_tol = TEXT_TOLERANCES["x_tolerance"], TEXT_TOLERANCES["y_tolerance"]
        text = extract_text(chars, x_tolerance=x_tol, y_tolerance=y_tol)
        expected = "\n".join(line.strip() for line in text.split("\n") if line.strip())
        assert _cell_text(chars) == expected, chars


def test_intersections_to_cells_same_as_pdfplumber() -> None:
    from pdfplumber.table import edges_to_intersections, intersections_to_cells

    def h(y: float, x0: float, x1: float) -> dict:
        return {"orientation": "h", "x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0}

    def v(x: float, top: float, bottom: float) -> dict:
        return {"orientation": "v", "x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0, "height": bottom - top}

    rnd = random.Random(3)
    for _ in range(60):
        xs = sorted(rnd.sample(range(0, 300, 10), rnd.randint(2, 8)))
        ys = sorted(rnd.sample(range(0, 300, 10), rnd.randint(2, 8)))
        edges = []
        for y in ys:  # rows ruled in pieces, some pieces missing (merged cells)
            for a, b in zip(xs, xs[1:]):
                if rnd.random() > 0.2 or y in (ys[0], ys[-1]):
                    edges.append(h(y, a, b))
        for x in xs:
            for a, b in zip(ys, ys[1:]):
                if rnd.random() > 0.2 or x in (xs[0], xs[-1]):
                    edges.append(v(x, a, b))
        inter = edges_to_intersections(edges, 3, 3)
        assert _intersections_to_cells(inter) == intersections_to_cells(inter)


@realdocs
def test_merge_edges_same_as_pdfplumber() -> None:
    """Our merge of a page's rules gives pdfplumber's edges exactly (values to the last bit, order, keys), on
    ruled table pages of three layouts and with one snap or join tolerance turned off."""
    import pypdfium2 as pdfium
    from pdfplumber.table import merge_edges

    from extractor.readers.pdf_finder import _merge_edges
    from extractor.readers.pdf_ruled import _rule_edges

    pengairan = REALDOCS / "banyuwangi_renstra_2025-2029_pengairan.pdf"
    for path, pages in ((pengairan, (50, 119)), (KEC, (33, 84)), (SATPOL, (48,)), (SAMPLE, (29,))):
        need(path)
        doc = pdfium.PdfDocument(str(path))
        for number in pages:
            page = doc[number - 1]
            h, v = _rule_edges(page_objects(page))
            page.close()
            assert len(h) > 15 and len(v) > 5
            for edges in (h + v, v + h[::-1]):
                for tolerances in ((3, 3, 3, 3), (0, 3, 3, 1), (3, 0, 0, 3)):
                    ours = _merge_edges(edges, *tolerances)
                    assert ours == merge_edges(edges, *tolerances)
                    assert [list(e) for e in ours] == [list(e) for e in merge_edges(edges, *tolerances)]
        doc.close()


@pytest.mark.skipif(not SAMPLE.exists(), reason="samples/renstra_dinkop_magetan_2024-2026.pdf not built yet")
def test_worker_processes_read_the_same_tables() -> None:
    pages = list(range(15, 35))
    one, n = read_pdf(SAMPLE, pages=pages, workers=1)
    two, _ = read_pdf(SAMPLE, pages=pages, workers=2)
    assert n == 35 and one and one == two
    assert [t.index for t in two] == list(range(len(two)))
    seen: list[tuple[int, int]] = []
    read_pdf(SAMPLE, pages=pages, progress=lambda done, total: seen.append((done, total)), workers=2)
    assert seen == [(k, len(pages)) for k in range(1, len(pages) + 1)]


# ------------------------------------------------------------------------------------ broken inputs


def _expect_input_error(path: Path, *words: str) -> None:
    with pytest.raises(InputError) as info:
        read_pdf(path)
    message = str(info.value)
    assert path.name in message and "\n" not in message
    for word in words:
        assert word in message.lower()
    with pytest.raises(InputError):
        pdf_page_texts(path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    _expect_input_error(path, "empty")


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "noise.pdf"
    path.write_bytes(random.Random(1).randbytes(5000))
    _expect_input_error(path, "not a pdf")


def test_missing_file(tmp_path: Path) -> None:
    _expect_input_error(tmp_path / "nothere.pdf", "not found")


def test_header_only(tmp_path: Path) -> None:
    path = tmp_path / "stub.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"garbage " * 100)
    _expect_input_error(path, "corrupt")


@realdocs
def test_truncated_real_pdf(tmp_path: Path) -> None:
    need(SATPOL)
    data = SATPOL.read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: int(len(data) * 0.3)])
    with pytest.raises(InputError) as info:
        read_pdf(path)
    assert "truncated.pdf" in str(info.value)


def _small_pdf(tmp_path: Path) -> Path:
    if SAMPLE.exists():
        return SAMPLE
    need(RENJA)
    return RENJA


def test_encrypted_pdf(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    source = _small_pdf(tmp_path)
    reader = pypdf.PdfReader(str(source))
    writer = pypdf.PdfWriter()
    for page in reader.pages[:2]:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    _expect_input_error(path, "encrypted")


def test_image_only_pdf(tmp_path: Path) -> None:
    image_mod = pytest.importorskip("PIL.Image")
    source = _small_pdf(tmp_path)
    try:
        subprocess.run(
            ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(source), str(tmp_path / "page")],
            check=True,
            capture_output=True,
        )
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("pdftoppm not available")
    png = next(tmp_path.glob("page*.png"))
    path = tmp_path / "scan.pdf"
    image_mod.open(png).convert("RGB").save(path, "PDF")
    _expect_input_error(path, "no text layer")


def _word_chars(text: str, x0: float, top: float) -> list[dict]:
    return [_char(ch, x0 + 5 * i, top) for i, ch in enumerate(text)]


def _one_band_table(numbers: list[str]) -> tuple[list[tuple[float, float, float, float]], list[dict]]:
    """A header row (0-20) and one ruled band (20-100) of three columns (0-30, 30-130, 130-160): the band's No
    cell prints ``numbers`` at tops 22 and 80, its indikator two lines at 22 and 40, its values at 50 and 80
    (Pekanbaru PDF p.64: row 2 begins at the page foot and no rule was drawn above it)."""
    boxes = [(0, 0, 30, 20), (30, 0, 130, 20), (130, 0, 160, 20), (0, 20, 30, 100), (30, 20, 130, 100),
             (130, 20, 160, 100)]
    chars = _word_chars("No", 2, 5) + _word_chars("Indikator", 32, 5) + _word_chars("2022", 132, 5)
    chars += _word_chars(numbers[0], 2, 22) + _word_chars(numbers[1], 2, 80)
    chars += _word_chars("Indeks", 32, 22) + _word_chars("kepuasan", 32, 40)
    chars += _word_chars("83", 132, 50) + _word_chars("A", 132, 80)
    return boxes, chars


def test_rows_glued_for_want_of_a_rule_are_split_at_their_numbers() -> None:
    boxes, chars = _one_band_table(["1", "2"])
    split = split_numbered_rows(boxes, chars, (0, 0, 160, 100))
    cells, grid, lost = _build_cells(split, chars, (0, 0, 160, 100))
    assert (grid.n_rows, grid.n_cols, lost) == (3, 3, 0)
    assert [[c.text for c in cells if c.row == r] for r in range(3)] == [
        ["No", "Indikator", "2022"], ["1", "Indeks\nkepuasan", "83"], ["2", "", "A"]]


@pytest.mark.parametrize("numbers", [["1", "1"], ["1", "3"], ["2024", "2025"], ["1", "Dokumen"]])
def test_a_no_cell_without_consecutive_item_numbers_splits_nothing(numbers: list[str]) -> None:
    """'1' / '1' (a column-number row in the band of the first data row), numbers that skip, years, a number
    and its unit: no row boundary."""
    boxes, chars = _one_band_table(numbers)
    assert split_numbered_rows(boxes, chars, (0, 0, 160, 100)) == boxes


def test_a_one_row_table_is_kept_only_at_the_top_of_its_page() -> None:
    """One ruled row under nothing but a running header is the rest of a table cut by the page break (Pekanbaru
    PDF p.49, p.65); under a paragraph it is a framed line of text, not a table."""
    from extractor.readers.pdf_ruled import _enough_rows

    running_header = _word_chars("Renstra", 100, 40)
    paragraph = running_header + _word_chars("Sebagai", 60, 90) + _word_chars("satuan", 60, 110)
    assert _enough_rows(1, running_header, (60, 82, 578, 140))
    assert not _enough_rows(1, paragraph, (60, 130, 578, 190))
    assert _enough_rows(2, paragraph, (60, 130, 578, 190))


def test_a_table_top_moves_to_where_its_open_column_rules_end() -> None:
    """Semarang p.63: column rules run from y=113 down to the table's first rule at 159 with no rule at 113 (the
    page break left it out): the table starts at 113. One long rule alone moves nothing."""
    from extractor.readers.pdf_finder import _edge
    from extractor.readers.pdf_ruled import _open_end

    xs = [113, 141, 315, 396, 456, 515]
    table = (113.0, 159.0, 515.0, 204.0)
    inside = [_edge("v", x, x, 159, 204) for x in xs]
    open_top = [_edge("v", x, x, 113, 158.5) for x in xs]
    assert _open_end(inside + open_top, table, above=True) == pytest.approx(113, abs=1)
    assert _open_end(inside + open_top, table, above=False) == 204
    stray = [_edge("v", 141, 141, 40, 159)]
    assert _open_end(inside + stray, table, above=True) == 159


def _page_of_rectangles(rects: list[tuple[float, float, float, float, bool, bool, float]], rotate: int = 0) -> bytes:
    """A 300 x 200 pt page holding rectangles (x, y, width, height, filled, stroked, turned degrees about their
    corner), drawn with pdfium, saved as a PDF."""
    import math

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument.new()
    page = doc.new_page(300, 200)
    for x, y, w, h, filled, stroked, degrees in rects:
        rect = pdfium_c.FPDFPageObj_CreateNewRect(0, 0, w, h)
        pdfium_c.FPDFPath_SetDrawMode(rect, pdfium_c.FPDF_FILLMODE_WINDING if filled else 0, stroked)
        cos, sin = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
        pdfium_c.FPDFPageObj_Transform(rect, cos, sin, -sin, cos, x, y)
        pdfium_c.FPDFPage_InsertObject(page.raw, rect)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    if rotate:
        page.set_rotation(rotate)
    import io

    out = io.BytesIO()
    doc.save(out)
    page.close()
    doc.close()
    return out.getvalue()


@pytest.mark.parametrize("rotate", [0, 90])
def test_background_rectangles_are_left_unread_and_rules_kept(rotate: int) -> None:
    """A filled, unstroked rectangle thicker than SHADING_MIN_THICKNESS both ways is a background: it is not among
    the page's paths (known from its bounds, its points never read), turned or not, and the rules drawn as thin
    filled rectangles and a stroked frame come out as before; one thicker than the limit by less than the margin
    is read, and left out of the rules as shading. The rule edges are those of the rules alone. Also on a page
    displayed turned a quarter."""
    import pypdfium2 as pdfium

    from extractor.readers.pdf_ruled import _is_shading, _rule_edges

    rects = [
        (10, 10, 200, 40, True, False, 0),  # a shaded cell: a background
        (10, 100, 200, 0.5, True, False, 0),  # a rule drawn as a thin filled rectangle
        (10, 120, 0.5, 60, True, False, 0),  # a vertical one
        (50, 60, 80, 30, False, True, 0),  # a stroked frame: its sides are rules
        (220, 20, 40, 30, True, False, 30),  # a background turned 30 degrees
        (230, 150, 2.005, 40, True, False, 0),  # thicker than 2 pt by less than the margin: read, then dropped
    ]
    doc = pdfium.PdfDocument(_page_of_rectangles(rects, rotate))
    try:
        objs = page_objects(doc[0], turn_sideways=False)
    finally:
        doc.close()
    sizes = sorted(sorted((round(max(x for x, _ in p.points) - min(x for x, _ in p.points), 3),
                           round(max(y for _, y in p.points) - min(y for _, y in p.points), 3))) for p in objs.paths)
    assert sizes == [[0.5, 60.0], [0.5, 200.0], [2.005, 40.0], [30.0, 80.0]]
    assert [p.stroke for p in objs.paths].count(True) == 1
    assert sum(1 for p in objs.paths if _is_shading(p)) == 1  # the one near the limit
    assert sum(1 for p in objs.paths if p.thin) == 2  # the two thin filled rules, known thin from their bounds
    h, v = _rule_edges(objs)
    assert len(h) + len(v) == 3 * 4  # the two thin rules and the frame: four sides each


def test_a_thin_filled_path_is_the_rectangle_of_its_bounds() -> None:
    """A filled path thinner than a rule one way by its bounds is kept as the closed rectangle of those bounds,
    its points not read: a border drawn a tenth of a degree askew is a level rule of its bounds' length, at
    its bounds' top and bottom."""
    import pypdfium2 as pdfium

    from extractor.readers.pdf_ruled import _rule_edges

    doc = pdfium.PdfDocument(_page_of_rectangles([(20, 100, 200, 0.5, True, False, 0.1)]))
    try:
        objs = page_objects(doc[0], turn_sideways=False)
    finally:
        doc.close()
    assert len(objs.paths) == 1 and objs.paths[0].thin
    points = objs.paths[0].points
    assert len(points) == 5 and points[0] == points[-1]
    xs, ys = sorted({x for x, _ in points}), sorted({y for _, y in points})
    assert len(xs) == len(ys) == 2  # upright corners
    assert xs[1] - xs[0] == pytest.approx(200, abs=0.01)
    assert 0.5 < ys[1] - ys[0] < 0.5 + 200 * 0.1 * 3.1416 / 180 + 0.01  # the strip it lies in
    h, v = _rule_edges(objs)
    long_ones = sorted(round(e["top"], 2) for e in h if e["width"] > 100)
    assert long_ones == [round(ys[0], 2), round(ys[1], 2)] and all(e["height"] < 1 for e in v)


def test_merge_edges_same_as_pdfplumber_on_random_edges() -> None:
    """Our merge gives pdfplumber's merged edges exactly (values to the last bit, order, keys) on random edges:
    near and equal positions, overlapping and touching runs, duplicates, edges carrying doctop/y0/y1 or not."""
    from pdfplumber.table import merge_edges

    from extractor.readers.pdf_finder import _merge_edges

    rnd = random.Random(7)

    def edge(orientation: str) -> dict:
        at = rnd.choice([10.0, 10.1, 10.25, 12.9, 13.0, 50.0, 52.5, 100 / 3]) + rnd.choice([0.0, 1e-9, 0.5])
        a = rnd.uniform(0, 200)
        b = a + rnd.choice([0.4, 2.0, 3.0, rnd.uniform(0, 80)])
        x0, x1, top, bottom = (a, b, at, at) if orientation == "h" else (at, at, a, b)
        e = {"object_type": "rule_edge", "orientation": orientation, "x0": x0, "x1": x1, "top": top,
             "bottom": bottom, "width": x1 - x0, "height": bottom - top}
        if rnd.random() < 0.3:
            e.update(doctop=top + 800, y0=900 - bottom, y1=900 - top)
        return e

    for _ in range(300):
        edges = [edge(rnd.choice("hv")) for _ in range(rnd.randint(1, 40))]
        edges += rnd.sample(edges, k=min(len(edges), rnd.randint(0, 5)))  # duplicates
        for tolerances in ((3, 3, 3, 3), (0, 3, 3, 1), (3, 0, 0, 3), (0, 0, 1, 1), (1, 2, 0, 0)):
            ours = _merge_edges(edges, *tolerances)
            theirs = merge_edges(edges, *tolerances)
            assert ours == theirs
            assert [list(e.items()) for e in ours] == [list(e.items()) for e in theirs]
