"""Stitching across pages and Word tables on real documents (issue 10, items 4, 7, 9, 11, 13).

Every expected value below was read by eye: BPBD from the page images (pdftoppm -r 150 of the PDF page named in
the comment), the Pekanbaru Word original from the pages of its LibreOffice PDF (soffice --headless --convert-to
pdf, pdftoppm -r 110; PDF page named in the comment), never from the tool's output.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest
from conftest import extracted, realdoc

from extractor.diff import compare, squash
from extractor.model import LogicalTable, Result, Row, Table
from extractor.pipeline import extract
from extractor.readers import read_document
from extractor.recognise import raw_to_tc
from extractor.stitch import stitch

pytestmark = pytest.mark.realdocs

BPBD = "banyuwangi_renstra_2025-2029_bpbd.pdf"
PEKANBARU = "pekanbaru_kec-rumbai_renstra_2017-2022.docx"


def _result(name: str) -> Result:
    return extracted(realdoc(name))


def _table(name: str, kind: str) -> Table:
    tables = [t for t in _result(name).tables if t.kind == kind]
    assert len(tables) == 1, [(t.kind, t.pages[:3]) for t in _result(name).tables]
    return tables[0]


def _row(table: Table, code: str | None = None, name: str | None = None) -> Row:
    found = [r for r in table.rows if (code is None or r.data.get("code") == code)
             and (name is None or " ".join((r.data.get("name") or r.data.get("indikator") or "").split())
                  .startswith(name))]
    assert len(found) == 1, (code, name, len(found))
    return found[0]


def _yearly(row: Row, field: str) -> list[object]:
    return [row.years[y].get(field) for y in sorted(row.years)]


# ---------------------------------------------------------------- BPBD Banyuwangi 2025-2029, TC.27 pp.50-58

# p.56 (printed 55): every column of the page, the whole row; pp.56-58 print one "Program, Kegiatan" column
# where pp.50-55 print two, and their cells were left out before
BPBD_P56 = [
    ("1.05.03.2.01.0008", "Penyusunan Kajian Risiko Bencana Kabupaten/Kota", "Jumlah Dokumen Kajian Risiko",
     "Dokumen", 1, [270000000, 119000000, 119224800, 119233900, 119955500, 123169700]),
    ("1.05.03.2.02", "Pelayanan Pencegahan dan Kesiapsiagaan Terhadap Bencana", "Persentase Respon cepat",
     "%", 85, [977403328, 669000000, 670264100, 670315100, 674372000, 692441300]),
    ("1.05.03.2.02.0015", "Penyediaan Peralatan Perlindungan dan Kesiapsiagaan Terhadap Bencana",
     "Jumlah Peralatan Penyelamatan Diri", "Unit", 25,
     [75000000, 31000000, 31058600, 31061000, 31249000, 32086300]),
    ("1.05.03.2.02.0018", "Gladi Kesiapsiagaan Terhadap Bencana kabupaten/kota", "Jumlah Aparatur dan Warga",
     "Orang", 500, [50000000, 31000000, 31058600, 31061000, 31249000, 32086300]),
    ("1.05.03.2.02.0020", "Penguatan Kapasitas Kawasan untuk Pencegahan", "Jumlah Penguatan Kapasitas",
     "Kawasan", 25, [20000000, 13000000, 13024600, 13025600, 13104400, 13455500]),
    ("1.05.03.2.02.0021", "Pengembangan Kapasitas Tim Reaksi Cepat (TRC)", "Jumlah Pengembangan Kapasitas",
     "Orang", 50, [10000000, 15000000, 15028300, 15029400, 15120400, 15525500]),
    ("1.05.03.2.02.0022", "Penyusunan Rencana Kontijensi Kabupaten/Kota", "Jumlah Penyusunan Rencana Kontijensi",
     "Dokumen", 1, [50000000, 63000000, 63119000, 63123800, 63505800, 65207400]),
    ("1.05.03.2.02.0023", "Penyusunan Rencana Penanggulangan Kedaruratan Bencana", "Jumlah Dokumen Rencana",
     "Dokumen", 1, [75000000, 116000000, 116219200, 116228000, 116931400, 120064500]),
]


@pytest.mark.parametrize(("code", "name", "indicator", "unit", "target", "rp"), BPBD_P56)
def test_bpbd_page_56_rows(code: str, name: str, indicator: str, unit: str, target: int, rp: list[int]) -> None:
    row = _row(_table(BPBD, "TC.27"), code=code)
    assert row.page == 56
    assert " ".join(row.data["name"].split()).startswith(name)
    assert " ".join(row.data["indicator"].split()).startswith(indicator)
    assert row.data["unit"] == unit
    assert _yearly(row, "target") == [target] * 6
    assert _yearly(row, "rp") == rp


@lru_cache(maxsize=1)
def _bpbd_logical() -> LogicalTable:
    tables, _ = stitch(raw_to_tc(read_document(realdoc(BPBD)).tables))
    return next(t for t in tables if t.kind == "TC.27")


def test_bpbd_base_line_column_of_pages_56_to_58_is_kept() -> None:
    """The 'Base Line 2024' cells of pp.56-58 (p.56: 1, 85, 25, 500, 25, 50, 1, 1) stand in the first page's
    'Base Line 2024' column, and no column of the table was left out."""
    _, notes = stitch(raw_to_tc(read_document(realdoc(BPBD)).tables))
    assert not [n for n in notes if n.page in range(50, 59)]
    table = _bpbd_logical()
    base = next(c for c in range(table.n_cols) if "Base Line" in table.header[0][c])
    assert [b.cells[base] for b in table.body if b.page == 56] == ["1", "85", "25", "500", "25", "50", "1", "1"]


def test_bpbd_sub_kegiatan_at_the_foot_of_page_51_is_not_glued_to_the_top_of_page_52() -> None:
    """p.51 ends with a sub-kegiatan (no unit; indicator printed white); p.52 starts with its outcome line,
    which has an indicator and the unit 'Paket': two rows, not one with name and indicator glued."""
    table = _table(BPBD, "TC.27")
    sub = _row(table, name="Sub Kegiatan Penyediaan Peralatan dan Perlengkapan Kantor")
    assert " ".join(sub.data["name"].split()) == "Sub Kegiatan Penyediaan Peralatan dan Perlengkapan Kantor"
    assert sub.page == 51 and not sub.data.get("unit")
    assert _yearly(sub, "target") == [10] * 6
    assert _yearly(sub, "rp") == [15000000, 15000000, 15028300, 15029400, 15120400, 15525500]
    outcome = _row(table, name="Tersedianya peralatan dan perlengkapan kantor")
    assert outcome.page == 52 and outcome.data["unit"] == "Paket"
    indicator = " ".join(outcome.data["indicator"].split())
    assert indicator == "Jumlah paket peralatan dan perlengkapan kantor yang disediakan"
    assert _yearly(outcome, "rp") == [None] * 6


@pytest.mark.parametrize(("name", "target", "rp"), [
    # p.52 (printed 51)
    ("Sub Kegiatan Penyediaan Peralatan Rumah Tangga", 10, [10000000, 5000000, 5009400, 5009800, 5040100, 5175100]),
    ("Sub Kegiatan Penyediaan Bahan Logistik Kantor", 10,
     [225000000, 150000000, 150283400, 150294800, 151204400, 155255900]),
    ("Sub Kegiatan Penyediaan Barang Cetakan dan Penggandaan", 10,
     [10000000, 5000000, 5009400, 5009800, 5040100, 5175100]),
    ("Sub Kegiatan Penyediaan Bahan Bacaan dan Peraturan Perundang", 75,
     [10000000, 5000000, 5009400, 5009800, 5040100, 5175100]),
    ("Sub Kegiatan Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD", 100,
     [170562616, 175000000, 175330700, 175344000, 176405200, 181131900]),
])
def test_bpbd_page_52_sub_kegiatan(name: str, target: int, rp: list[int]) -> None:
    row = _row(_table(BPBD, "TC.27"), name=name)
    assert row.page == 52
    assert _yearly(row, "target") == [target] * 6
    assert _yearly(row, "rp") == rp


def test_bpbd_last_sub_kegiatan_of_page_52_keeps_its_own_name() -> None:
    """p.52 ends with 'Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD'; p.53 starts with its outcome line
    'Terlaksananya penyelenggaraan rapat koordinasi ...' (a row of its own)."""
    table = _table(BPBD, "TC.27")
    row = _row(table, name="Sub Kegiatan Penyelenggaraan Rapat Koordinasi")
    assert " ".join(row.data["name"].split()) == "Sub Kegiatan Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD"
    assert _row(table, name="Terlaksananya penyelenggaraan rapat koordinasi").page == 53


# BPBD Tabel 2.1 (TC.23), p.24 (printed 23): target, realisation and ratio 2020-2024
BPBD_TC23 = [
    ("Persentase pemenuhan kebutuhan penunjang", [75, 80, 93.5, 94, 94.5], [92.8, 91.13, 99, 99, 93.08]),
    ("Cakupan Perencanaan, Penganggaran, dan Evaluasi", [100] * 5, [100, 100, 100, 100, 89.82]),
    ("Cakupan Administrasi Keuangan Perangkat Daerah", [100] * 5, [100, 100, 97.2, 97.22, 91.78]),
    ("Cakupan Administrasi Kepegawaian Perangkat Daerah", [100] * 5, [100, 100, 0, 0, 0]),
    ("Cakupan Administrasi Umum Perangkat Daerah", [100] * 5, [100, 99.1, 98.8, 98.64, 94.28]),
    ("Persentase penyelesaian dokumen kebencanaan", [100] * 5, [95.5, 95.5, 91.25, 90.7, 98.1]),
]


@pytest.mark.parametrize(("name", "target", "realisation"), BPBD_TC23)
def test_bpbd_tc23_rows(name: str, target: list[float], realisation: list[float]) -> None:
    row = _row(_table(BPBD, "TC.23"), name=name)
    assert row.page == 24
    assert _yearly(row, "target") == target
    assert _yearly(row, "realisasi") == realisation
    assert _yearly(row, "rasio") == realisation  # printed equal to the realisation on this page


# ---------------------------------------------------------------- Pekanbaru Kec. Rumbai 2017-2022 (Word original)

# Tabel 6.1 is four Word tables, each repeating a 4-row header ("Sasaaran" in the last three), "Kode Rekening"
# gridSpan=5, Tujuan/Sasaran merged down, an empty spacer row between data rows.
PEKANBARU_ROWS = [
    # PDF p.52 (printed 48): the first Word table
    ("7.01.01", "Program Penunjang Urusan Pemerintah daerah Kabupaten/Kota",
     "Persentase Pelaksanaan Penunjang Urusan", (90, 13008367905), (90, 13726500400), (90, 26734868305)),
    ("7.01.01.2.01.0006", "Sub Kegiatan Koordinasi dan penyusunan Laporan capaian Kinerja",
     "Jumlah laporan capaian kinerja", (3, 5000000), (3, 5000000), (6, 10000000)),
    # PDF p.57 (printed 53): the second Word table
    ("7.01.01.2.09", "Kegiatan Pemeliharaan Barang Milik Daerah Penunjang Urusan",
     "Persentase Pemeliharaan Barang Milik Daerah", (100, 957806679), (100, 1095000000), (100, 2052806679)),
    ("7.01.01.2.09.0006", "Sub Kegiatan Pemeliharaan Peralatan Mesin lainnya",
     "Jumlah peralatan mesin yang dipelihara", (32, 52117200), (32, 75000000), (64, 127117200)),
    ("7.01.01.2.09.0008", "Sub Kegiatan Pemeliharaan asset Tak berwujud", "Jumlah aplikasi yang diUp Grade",
     (2, 25000000), (2, 40000000), (4, 65000000)),
    ("7.01.01.2.09.0011", "Sub Kegiatan Pemeliharaan/Rehabilitasi sarana dan prasarana",
     "Jumlah sarana dan prasarana", (4, 580663479), (4, 630000000), (8, 1210663479)),
    ("7.01.02", "Progam Penyelenggaraan Pemerintahan dan Pelayanan Publik",
     "Persentase penyelenggaraan pemerintahan dan pelayanan publik", (100, 157248979), (100, 182000000),
     (100, 339248979)),
    # PDF p.60 (printed 56): the fourth Word table
    ("7.01.04", "Progam Koordinasi Ketentraman dan Ketertiban Umum", "Persentase koordinasi ketentraman",
     (100, 100000000), (100, 130000000), (100, 230000000)),
    ("7.01.04.2.03.0001", "Sub Kegiatan Sinergitas dengan Kepolisian Negara Republik Indonesia",
     "Terlaksanaya sinergitas antara Kepolisian", (1, 100000000), (1, 130000000), (2, 230000000)),
    ("7.01.05", "Progam Penyelenggaraan Urusan pemerintahan Umum", "Persentase pelayanan urusan pemerintahan",
     (100, 1357641625), (100, 1450000000), (100, 2807641625)),
]


@pytest.mark.parametrize(("code", "name", "indicator", "y2021", "y2022", "akhir"), PEKANBARU_ROWS)
def test_pekanbaru_tc27_rows(code: str, name: str, indicator: str, y2021: tuple[int, int],
                             y2022: tuple[int, int], akhir: tuple[int, int]) -> None:
    row = _row(_table(PEKANBARU, "TC.27"), code=code)
    assert " ".join(row.data["name"].split()).startswith(name)
    assert " ".join(row.data["indicator"].split()).startswith(indicator)
    assert row.data["baseline"] is None  # "N/a"
    assert _yearly(row, "target")[:3] == [None] * 3  # 2018-2020: "N/a"
    assert _yearly(row, "rp")[:3] == [0] * 3  # 2018-2020: "0"
    assert (row.years[2021]["target"], row.years[2021]["rp"]) == y2021
    assert (row.years[2022]["target"], row.years[2022]["rp"]) == y2022
    assert (row.data["target_akhir"], row.data["rp_akhir"]) == akhir


@pytest.mark.parametrize(("code", "tujuan", "sasaran", "indikator_sasaran"), [
    ("7.01.01", "Terwujudnya Reformasi Birokrasi", "Meningkatnya Kualitas Reformasi Birokrasi ( RB )",
     "Nilai Akuntabilitas Kinerja Instansi Pemerintah ( AKIP)"),  # p.52, first Word table
    ("7.01.02", "Terwujudnya Reformasi Birokrasi", "Meningkatnya Kualitas Reformasi Birokrasi ( RB )",
     "Indeks Pelayanan/Indeks Kepuasan Masyarakat"),  # p.57, second Word table, under "Sasaaran"
    ("7.01.04", None, "Meningkatnya peran serta masyarakat dalam pembangunan",
     "Persentase Partisipasi Lembaga Masyarakat dalam Pembangunan"),  # p.60, fourth Word table
])
def test_pekanbaru_sasaran_column_of_every_word_table(code: str, tujuan: str | None, sasaran: str,
                                                       indikator_sasaran: str) -> None:
    """The 'Sasaaran' column of the second to fourth Word tables was left out before, and their reprinted
    headers became rows ('Program dan Kegiatan' under tujuan 'Tujuan')."""
    table = _table(PEKANBARU, "TC.27")
    row = _row(table, code=code)
    if tujuan is not None:
        assert " ".join(row.data["tujuan"].split()) == tujuan
    assert " ".join(row.data["sasaran"].split()) == sasaran
    assert " ".join(row.data["indikator_sasaran"].split()) == indikator_sasaran
    texts = {str(r.data.get(f)).lower() for r in table.rows for f in ("name", "tujuan", "sasaran")}
    assert not texts & {"tujuan", "sasaran", "sasaaran", "program dan kegiatan"}
    assert not [n for n in _result(PEKANBARU).notes if n.code in ("fragment-unplaced", "extra-column")]


def test_pekanbaru_tc25_header_under_a_misi_banner_of_a_two_column_table() -> None:
    """Word table 11 ("Tabel 7.1 Tujuan dan sasaran RPJMD"): a merged "Misi 3 : ..." row over the header "Tujuan |
    Sasaran", then one row whose cells list 3 tujuan and 4 sasaran. Its header was not understood (a banner was
    looked for over three columns or more only); now the row is read, each cell kept whole and flagged as a list."""
    table = _table(PEKANBARU, "TC.25")
    assert table.header["understood"] is True
    assert table.columns == ["tujuan", "sasaran"]
    assert len(table.rows) == 1
    row = table.rows[0]
    assert row.data["tujuan"].startswith("1. Terwujudnya Pelayanan Prima 2. Terwujudnya masyarakat")
    assert row.data["sasaran"].startswith("1. Meningkatnya reformasi birokrasi di Kecamatan")
    assert [(f.code, f.field) for f in row.flags] == [("several-items", "tujuan"), ("several-items", "sasaran")]
    assert "lists 3 numbered items" in row.flags[0].message and "lists 4 numbered" in row.flags[1].message
    assert not [n for n in table.notes if n.code == "header-not-understood"]
    assert [n.message for n in table.notes if n.code == "banner-row"] == [
        "TC.25: printed over the table's header, not a row: 'Misi 3 : Mewujudkan Tata Kelola Kota Cerdas dan "
        "Penyediaan Infrastruktur yang baik'"]


@pytest.fixture(scope="module")
def pekanbaru_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = realdoc(PEKANBARU)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    out = tmp_path_factory.mktemp("pekanbaru_pdf")
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=300)
    return out / (source.stem + ".pdf")


def test_pekanbaru_word_original_and_its_pdf_give_one_plan(pekanbaru_pdf: Path) -> None:
    """Two renderings of one plan: the PDF LibreOffice makes of the Word original (where the table is four Word
    tables over ten pages) gives the same TC.27 rows: codes, levels, every Rp, Tujuan/Sasaran (words broken
    by a narrow column aside)."""
    def plan(result: Result) -> list[tuple[object, ...]]:
        table = next(t for t in result.tables if t.kind == "TC.27")
        return [(r.data.get("code"), r.data.get("level"), tuple(_yearly(r, "rp")), r.data.get("rp_akhir"),
                 squash(r.data.get("tujuan")), squash(r.data.get("sasaran")),
                 squash(r.data.get("indikator_sasaran"))) for r in table.rows]

    docx = plan(_result(PEKANBARU))
    assert len(docx) == 55
    assert plan(extract(pekanbaru_pdf)) == docx


def test_pekanbaru_pdf_tabel_4_1_with_years_broken_in_narrow_columns(pekanbaru_pdf: Path) -> None:
    """PDF p.43 (printed 41), Tabel 4.1: the header prints 'N/o', 'Kondis/i Awal/Renstr/a' and the years broken
    '201/8' ... '202/2' in narrow columns; the table was not recognised (no TC.28 'kondisi'), and then its years
    not typed. Values from the page image."""
    table = next(t for t in extract(pekanbaru_pdf).tables if t.kind == "TC.28" and t.pages[:1] == [43])
    assert table.years == [2018, 2019, 2020, 2021, 2022]
    first = table.rows[0]
    assert " ".join(first.data["indikator"].split()) == "Indeks pelayanan/indeks kepuasan masyarakat"
    assert " ".join(first.data["sasaran"].split()) == "Meningkatnya Kualitas Reformasi Birokrasi ( RB )"
    assert [first.years[y]["target"] for y in table.years] == [None, None, None, 82.5, 83]  # - - - 82,5 83


def test_pekanbaru_diff_of_word_and_pdf(pekanbaru_pdf: Path) -> None:
    """renstra diff of the Word original against its LibreOffice PDF reports no difference (21 before the header
    work, then 3: two rows cut by a page break where the PDF draws no rule, see the two tests below); header
    rows, broken words and bullets are no differences."""
    report = compare(_result(PEKANBARU), extract(pekanbaru_pdf))
    assert not report.tables_added and not report.tables_removed
    assert report.differences == []


def _raw_years(row: Row, years: list[int]) -> list[object]:
    return [row.raw.get(f"{y}.target") for y in years]


def test_pekanbaru_pdf_row_cut_at_the_page_foot_without_a_rule(pekanbaru_pdf: Path) -> None:
    """PDF p.64 (printed 55), Tabel 7.2: row 2 starts at the page foot with no rule between it and row 1 (its
    'No' cell reads '1' / '2', its values 'n/a - - - BB A A' on the line of the '2'); its indikator 'Akuntabilitas
    Kinerja Kecamatan (AKIP)' is printed at the top of p.65 (printed 56) in a one-row piece of the table, above
    Tabel 7.3. Values from the page images."""
    table = next(t for t in extracted(pekanbaru_pdf).tables if t.kind == "TC.28" and t.pages[:1] == [64])
    assert table.pages == [64, 65] and table.years == [2018, 2019, 2020, 2021, 2022]
    first, second = table.rows
    assert first.data["no"] == "1" and second.data["no"] == "2"
    assert squash(first.data["indikator"]) == squash("Indeks pelayanan/indeks kepuasan masyarakat KECAMATAN")
    assert [first.years[y]["target"] for y in table.years] == [None, None, None, 82.5, 83]
    assert first.data["kondisi_akhir"] == 83
    assert " ".join(second.data["indikator"].split()) == "Akuntabilitas Kinerja Kecamatan (AKIP)"
    assert _raw_years(second, table.years) == ["-", "-", "-", "BB", "A"]
    assert second.raw.get("kondisi_awal") == "n/a" and second.raw.get("kondisi_akhir") == "A"
    tabel_7_3 = next(t for t in extracted(pekanbaru_pdf).tables if t.kind == "TC.28" and t.pages[:1] == [65])
    assert [r.data["no"] for r in tabel_7_3.rows] == ["1", "2", "3"]


def test_pekanbaru_pdf_cell_run_on_to_a_page_of_prose(pekanbaru_pdf: Path) -> None:
    """PDF p.48 (printed 46), Strategi dan Arah Kebijakan: the last row's strategi '... Pemberdayaan Lembaga
    kemasyarakat an dalam' ends at the page foot; its last words 'kegiatan pembangunan' are a one-row piece of
    the table at the top of p.49 (printed 47), a page of prose (BAB VI) that no screening takes for a table page."""
    table = next(t for t in extracted(pekanbaru_pdf).tables if t.kind == "TC.26")
    assert table.pages == [47, 48, 49]
    last = table.rows[-1]
    assert squash(last.data["sasaran"]) == squash("Meningkatnya Pemberdayaa n Lembaga Masyarakat")
    assert squash(last.data["strategi"]).endswith(squash("Pemberdayaan Lembaga kemasyarakatan dalam kegiatan "
                                                         "pembangunan"))
    assert squash(last.data["arah_kebijakan"]).endswith(squash("Penunjukan LPM sebagai mitra pelaksana dana "
                                                               "kelurahan"))


# ---------------------------------------------------------------- Dinsos PPKB Banyuwangi 2025-2029

DINSOS = "banyuwangi_renstra_2025-2029_dinsosppkb.pdf"


def test_dinsos_column_numbers_printed_as_negative_numbers_are_no_rows() -> None:
    """Every table page of this document prints its column numbers as '-1 -2 ... -15' (a spreadsheet's '(1)');
    85 rows of TC.27 and TC.28 were made of them (targets -4, -6, ..., Rp -5, -7, ...)."""
    result = _result(DINSOS)
    for table in result.tables:
        for row in table.rows:
            values = [v for year in row.years.values() for v in year.values() if isinstance(v, (int, float))]
            assert not [v for v in values if v < 0], (table.kind, row.page, row.data)
            texts = [str(row.data.get(f) or "") for f in ("name", "indicator", "indikator", "no")]
            assert not any(t.strip().startswith("-1") for t in texts), (table.kind, row.page, row.data)


@pytest.mark.parametrize(("no", "indikator", "satuan", "targets", "page"), [
    # Tabel 4.5 p.180 (printed IV-99) and p.181
    ("2,", "Indeks Peranan Sosial", "Indeks", [0.66, 0.67, 0.68, 0.69, 0.7, 0.71], 180),
    ("3,", "Indeks Pembangunan Berwawasan Kependudukan (IPBK)", "Indeks",
     [70.67, 71.54, 72.41, 73.28, 74.15, 75], 180),
    ("4,", "Indeks Ketimpangan Gender (IKG)", "Indeks", [226, 214, 207, 201, 195, 189], 180),
    ("7,", "Indeks Capaian Kabupaten Layak Anak", "Indeks", [705, 708, 711, 714, 717, 720], 181),
    ("8,", "Tingkat Partisipasi Angkatan Kerja (TPAK) Perempuan", "%",
     [63.36, 63.9, 64.42, 64.94, 65.46, 65.98], 181),
])
def test_dinsos_indicator_table_rows(no: str, indikator: str, satuan: str, targets: list[float], page: int) -> None:
    """The table ends on p.181: the next table (Tabel 4.6, IKK) starts under its own caption there, and its rest
    on p.182 ('lanjut usia terlantar ... | se') is not glued into row 8."""
    tables = [t for t in _result(DINSOS).tables if t.pages and t.pages[0] == 180]
    assert len(tables) == 1 and tables[0].pages == [180, 181]
    row = next(r for r in tables[0].rows if r.data.get("no") == no)
    assert row.page == page
    assert " ".join(row.data["indikator"].split()) == indikator
    assert row.data["satuan"] == satuan
    assert _yearly(row, "target") == targets


def test_pekanbaru_budget_table_is_found() -> None:
    """Tabel 2.3 'Alokasi Anggaran dan Realisasi Serapan pada Periode 2012/2016 disertai rasio anggaran' (PDF p.29)
    is the TC.24 of this plan: two rows, 'Belanja tidak langsung' and 'Belanja langsung' (it was no table)."""
    table = _table(PEKANBARU, "TC.24")
    assert [" ".join(r.data["name"].split()) for r in table.rows] == ["Belanja tidak langsung", "Belanja langsung"]
    # 'Anggaran pada Tahun ke-' and 'Realisasi Anggaran ...' are merged over 2013-2015 only (the Word original's
    # spans): 2012 and 2016 under each print only the year, and continue its run (they were untyped, in 'extra')
    assert [n.code for n in table.notes] == []
    first = table.rows[0]
    assert [first.years[y]["target_rp"] for y in (2012, 2016)] == [4091540934, 5249677649]
    assert [first.years[y]["realisasi_rp"] for y in (2012, 2016)] == [3162209860, 4563881092]
    assert [first.years[y]["rasio_rp"] for y in range(2012, 2017)] == [77.3, 66, 57, 58.5, 66.5]


# ---------------------------------------------------------------- rows at a page's top with no rule above them
# Values read from the page images (pdftoppm -r 110 / -r 70 of the PDF page named).

SEMARANG = "semarang_satpolpp_renstra_2021-2026.pdf"
SUMUT = "sumut_dp3akb_renstra_2024-2026.pdf"
KEC = "banyuwangi_renstra_2025-2029_kec-banyuwangi.pdf"


def test_semarang_first_row_of_a_page_under_open_column_rules() -> None:
    """p.56 (printed 55): the page's first row has column rules but no rule above it (the break left it out);
    it was lost, as was the first row of pp.57-60."""
    table = _table(SEMARANG, "TC.27")
    row = _row(table, name="Koordinasi dan Penyusunan Laporan Capaian Kinerja")
    assert row.page == 56 and row.data["unit"] == "%"
    assert _yearly(row, "target") == [100] * 5
    assert _yearly(row, "rp") == [40000000, 40000000, 103557551, 113913306, 125304637]
    assert sorted({r.page for r in table.rows}) == [55, 56, 57, 58, 59, 60]


def test_semarang_indicator_rows_at_the_top_of_the_last_page() -> None:
    """p.63 (printed 62): rows 9 and 10 of the TC.28 under open column rules, after p.62's table reached the page
    foot; p.63 was not read at all."""
    table = next(t for t in _result(SEMARANG).tables if t.kind == "TC.28")
    assert table.pages[-1] == 63
    nine, ten = table.rows[-2:]
    assert (nine.data["no"], nine.page) == ("9", 63)
    assert " ".join(nine.data["indikator"].split()) == "Persentase perda dan perkada yang ditegakkan"
    assert [nine.raw[f"{y}.target"] for y in table.years] == ["64%", "66%", "68%", "70%", "72%"]
    assert (nine.raw["kondisi_awal"], nine.raw["kondisi_akhir"]) == ("62%", "72%")
    assert (ten.data["no"], ten.page) == ("10", 63)
    assert [ten.raw[f"{y}.target"] for y in table.years] == ["12 kasus", "15 kasus", "18 kasus", "21 kasus",
                                                              "24 kasus"]
    assert (ten.raw["kondisi_awal"], ten.raw["kondisi_akhir"]) == ("6 kasus", "90 kasus")


@pytest.mark.parametrize(("name", "baseline", "baseline_rp", "targets", "rp"), [
    ("Penguatan Jejaring Antar Lembaga Penyedia Layanan Perlindungan Perempuan Kewenangan Provinsi", 2, 129999750,
     [3, 4, 5], [155999700, 167199640, 224639568]),
    ("Pengembangan Kegiatan Masyarakat untuk Peningkatan Kualitas Keluarga", 4, 99944496, [5, 6, 7],
     [109938946, 110932840, 133026124]),
    ("Peningkatan Kapasitas Sumber Daya Lembaga Penyedia Layanan Peningkatan Kualitas Keluarga", 50, 75000000,
     [60, 80, 100], [88000000, 980000000, 115000000]),
])
def test_sumut_last_page_of_tc27(name: str, baseline: int, baseline_rp: int, targets: list[int],
                                 rp: list[int]) -> None:
    """p.59 (printed 55), the TC.27's last page (rows III.3.3 to IV.2.1): a page of prose-like height after
    p.58's table reached the page foot, not read before (6 rows lost)."""
    row = next(r for r in _table(SUMUT, "TC.27").rows if r.page == 59
               and " ".join((r.data.get("name") or "").split()).startswith(name))
    assert row.data["baseline"] == baseline and row.data["baseline_rp"] == baseline_rp
    assert _yearly(row, "target") == targets and _yearly(row, "rp") == rp


def test_bpbd_strategy_row_runs_on_to_a_one_row_piece() -> None:
    """p.44 (printed 43): the TC.26 row of p.43 ends in a one-row piece of the table at the top of p.44
    ('dalam penanggulangan bencana; 3. Belum optimalnya ... 4. Dokumen ... sudah kadaluwarsa')."""
    row = _table(BPBD, "TC.26").rows[-1]
    assert " ".join(row.data["permasalahan"].split()).endswith("Banjir dan Tsunami sudah kadaluwarsa")
    assert " ".join(row.data["strategi"].split()).endswith("perguruan tinggi tentang penanggulangan bencana;")
    assert " ".join(row.data["arah_kebijakan"].split()).endswith("4. Melaksanakan pendataan dan perbaikan akibat "
                                                                  "kejadian bencana.")


def test_kec_banyuwangi_sub_kegiatan_name_runs_on_to_the_next_page() -> None:
    """p.81-82 (printed 76-77): the last sub-kegiatan's name and indicator run on in a one-row piece at the top
    of p.82; whole, the name matches the nomenclature."""
    row = next(r for t in _result(KEC).tables if t.kind == "TC.27" and 81 in t.pages for r in t.rows
               if (r.data.get("name") or "").startswith("Koordinasi/Sinergi dengan Perangkat Daerah yang"))
    assert " ".join(row.data["name"].split()) == (
        "Koordinasi/Sinergi dengan Perangkat Daerah yang Tugas dan Fungsinya di Bidang Penegakan Peraturan "
        "Perundang-Undangan dan/atau Kepolisian Negara Republik Indonesia")
    assert row.page == 81


def test_sumut_tc27_runs_on_to_page_68() -> None:
    """pp.59-68 (printed 55-64) carry programs IV to X of the TC.27 (all lost before: the screening stopped at
    p.58); p.60 IV.3.1 '1 layanan 75.000.000 | 2 layanan 85.000.000 | 3 layanan 90.000.000 | 4 layanan
    120.000.000'."""
    table = _table(SUMUT, "TC.27")
    assert table.pages[-1] == 68 and {59, 60, 68} <= {r.page for r in table.rows}
    row = next(r for r in table.rows if r.page == 60 and (r.data.get("name") or "").startswith(
        "Pelaksanaan Penyediaan Layanan Komprehensif"))
    assert (row.data["baseline"], row.data["baseline_rp"]) == (1, 75000000)
    assert _yearly(row, "target") == [2, 3, 4] and _yearly(row, "rp") == [85000000, 90000000, 120000000]
