"""TC.23-TC.26 and TC.28 in the 2025 layout (Banyuwangi Renstra 2025-2029): recognised under their own captions
("Tabel 2.1.3 Kinerja Pelayanan Perangkat Daerah", "Tabel 2.1.6 Anggaran dan Realisasi Pendanaan ...", "Tabel 3.1
Tujuan dan Sasaran ...", "Tabel 3.3 Arah Kebijakan ...", "TABEL 4.4 INDIKATOR KINERJA UTAMA" ...), and rows pinned
that were checked by eye against the page images (pdftoppm -r 60/90 of the page named in each test).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import extracted

from extractor.model import Result, Row, Table

REALDOCS = Path(__file__).resolve().parents[1].parent / "shared" / "realdocs"
SATPOLPP = "banyuwangi_renstra_2025-2029_satpolpp.pdf"
KECAMATAN = "banyuwangi_renstra_2025-2029_kec-banyuwangi.pdf"

pytestmark = pytest.mark.realdocs


def doc(name: str) -> Result:
    path = REALDOCS / name
    if not path.exists():
        pytest.skip(f"{path} not present (the shared real documents live beside the repository)")
    return extracted(path)  # type: ignore[return-value]


def table_on(result: Result, kind: str, page: int) -> Table:
    tables = [t for t in result.tables_of(kind) if page in t.pages]
    assert len(tables) == 1, [(t.kind, t.pages) for t in result.tables]
    return tables[0]


def row_named(table: Table, field: str, start: str) -> Row:
    rows = [r for r in table.rows if (r.data.get(field) or "").startswith(start)]
    assert len(rows) == 1, [r.data.get(field) for r in table.rows]
    return rows[0]


def printed(row: Row, *keys: str) -> list[str]:
    return [row.raw.get(k, "") for k in keys]


# ------------------------------------------------------------------------------------------ Satpol PP (58 pages)


def test_satpolpp_kinds_found() -> None:
    result = doc(SATPOLPP)
    found = {(t.kind, t.pages[0]) for t in result.tables if t.kind not in ("TC.27", "PROGRAM-LIST")}
    # TC.28 p.27 "TABEL 4.3 INDIKATOR KINERJA DAERAH", p.56 "... UTAMA", p.57 "TABEL 4.5 INDIKATOR KINERJA KUNCI"
    assert found == {("TC.23", 26), ("TC.25", 37), ("TC.26", 39), ("TC.28", 27), ("TC.28", 56), ("TC.28", 57)}
    # p.42-47 "Teknik Merumuskan Program/Kegiatan/Subkegiatan" and p.56 "Daftar Subkegiatan Prioritas": lists
    assert [t.pages[0] for t in result.tables_of("PROGRAM-LIST")] == [42, 56]
    # p.42-46 "TABEL 4.2.1 TEKNIK MERUMUSKAN PROGRAM / KEGIATAN" is no TC.25 (its header holds program/kegiatan)
    assert not [t for t in result.tables_of("TC.25") if 42 in t.pages]


def test_satpolpp_tc23_page_26() -> None:
    """Tabel 2.1.3 Kinerja Pelayanan Perangkat Daerah: indicators with targets / realisations / ratios 2022-2026."""
    table = table_on(doc(SATPOLPP), "TC.23", 26)
    assert table.years == [2022, 2023, 2024, 2025, 2026]
    assert len(table.rows) == 6
    row = row_named(table, "indikator", "Persentase gangguan Trantibum")
    assert row.data["indikator"] == "Persentase gangguan Trantibum yang dapat diselesaikan"
    assert row.data["ikk_lppd"] == "√"
    assert [row.years[y]["target"] for y in table.years] == [100] * 5
    assert [row.years[y]["rasio"] for y in table.years] == [100] * 5
    row = row_named(table, "indikator", "Persentase Pencapaian Mutu Minimal")
    assert printed(row, "2024.realisasi", "2025.realisasi", "2024.rasio", "2025.rasio", "2026.rasio") == [
        "97,83%", "97,86%", "97,83%", "97,86%", "100%"]
    assert (row.years[2024]["realisasi"], row.years[2025]["rasio"]) == (97.83, 97.86)
    assert printed(row, "2022.rasio", "2023.rasio") == ["0%", "0%"]
    # the first row shares its ruled band with the column-number row "1 2 3 ... 22" (p.26 image)
    first = table.rows[0]
    assert first.data["no"] == "1" and first.data["tujuan_pd"] == "√"
    assert first.data["indikator"] == "Persentase meningkatnya ketenteraman dan ketertiban umum serta pelindungan " \
                                      "masyarakat"
    assert [first.years[y]["target"] for y in table.years] == [None, 80, 85, 90, 95]
    assert [first.years[y]["realisasi"] for y in table.years] == [None, 99.47, 99.57, 99.67, 102.14]
    assert [first.years[y]["rasio"] for y in table.years] == [None, 124.34, 117.14, 110.74, 107.52]


def test_satpolpp_tc25_page_37() -> None:
    """Tabel 3.1 Tujuan dan Sasaran Renstra 2025-2029: two Indikator columns (tujuan's, sasaran's)."""
    table = table_on(doc(SATPOLPP), "TC.25", 37)
    assert table.years == [2025, 2026, 2027, 2028, 2029, 2030]
    assert len(table.rows) == 5
    row = row_named(table, "indikator_sasaran", "Persentase Perda dan Perkada")
    assert row.data["indikator_sasaran"] == "Persentase Perda dan Perkada yang ditegakkan (%)"
    assert [row.years[y]["target"] for y in table.years] == [100] * 6
    assert (row.data["ikd_rpjmd"], row.data["ikk_rpjmd"], row.data["iup"]) == ("-", "-", "-")
    row = row_named(table, "indikator_sasaran", "Nilai SAKIP")
    assert row.data["indikator_sasaran"] == "Nilai SAKIP Perangkat Daerah (Angka)"
    assert printed(row, *(f"{y}.target" for y in table.years)) == ["85", "85,5", "86", "86,5", "87", "87,5"]
    assert [row.years[y]["target"] for y in table.years] == [85, 85.5, 86, 86.5, 87, 87.5]
    first = table.rows[0]
    assert first.data["indikator_tujuan"] == "Indeks Penyelenggaraan Ketentraman dan Ketertiban Umum"
    # printed in one band with the column numbers "1 2 3 ... 14" (p.37 image): the numbers are not data
    assert first.data["no"] == "1" and first.data["tujuan"].startswith("Terwujudnya ketenteraman")
    assert [first.years[y]["target"] for y in table.years] == [81, 81.5, 82, 82.5, 83, 83.5]


def test_satpolpp_tc26_page_39() -> None:
    """Tabel 3.3 Arah Kebijakan Renstra 2025-2029: one NSPK, six arah kebijakan of the Renstra."""
    table = table_on(doc(SATPOLPP), "TC.26", 39)
    assert len(table.rows) == 6
    assert table.rows[0].data["no"] == "1"
    assert table.rows[0].data["nspk"] == "Penyelenggaraan ketenteraman dan ketertiban umum, perlindungan masyarakat"
    assert table.rows[0].data["arah_kebijakan"].startswith("Menyeleraskan Program dan Kegiatan dalam pengoptimalan")
    assert table.rows[4].data["arah_kebijakan"] == "Membangun citra positif Satpol PP kepada masyarakat."
    assert table.rows[5].data["arah_kebijakan"] == (
        "Identifikasi dan pengumpulan data warga negara penerima layanan dasar")


def test_satpolpp_tc28_page_56() -> None:
    """TABEL 4.4 INDIKATOR KINERJA UTAMA: baseline 2024 and targets 2025-2030."""
    table = table_on(doc(SATPOLPP), "TC.28", 56)
    assert table.years == [2024, 2025, 2026, 2027, 2028, 2029, 2030]
    row = row_named(table, "indikator", "Indeks Penyelenggaraan")
    assert row.data["indikator"] == "Indeks Penyelenggaraan Ketenteraman dan Ketertiban Umum (IPPKU)"
    assert row.data["satuan"] == "Indeks"
    assert row.raw["2024.kondisi_awal"] == "80,73" and row.years[2024]["kondisi_awal"] == 80.73
    assert [row.years[y]["target"] for y in range(2025, 2031)] == [81, 81.5, 82, 82.5, 83, 83.5]


def test_satpolpp_key_indicator_tables_pages_27_and_57() -> None:
    """The 2025 layout's other key-indicator tables, read as TC.28 like the IKU: "TABEL 4.3 INDIKATOR KINERJA
    DAERAH" (p.27) and "TABEL 4.5 INDIKATOR KINERJA KUNCI" (p.57, with a STATUS column kept under extra)."""
    ikd = table_on(doc(SATPOLPP), "TC.28", 27)
    sakip = row_named(ikd, "indikator", "Nilai SAKIP")
    assert sakip.data["satuan"] == "Angka" and sakip.years[2024]["kondisi_awal"] == 84.78
    assert [sakip.years[y]["target"] for y in range(2025, 2031)] == [85, 85.5, 86, 86.5, 87, 87.5]
    ikk = table_on(doc(SATPOLPP), "TC.28", 57)
    perda = row_named(ikk, "indikator", "Persentase Perda dan Perkada")
    assert perda.data["satuan"] == "%" and perda.data["extra"] == {"status": "positif"}
    assert [perda.years[y]["target"] for y in range(2025, 2031)] == [100] * 6
    assert ikk.pages == [57] and 57 not in table_on(doc(SATPOLPP), "TC.28", 56).pages


# ----------------------------------------------------------------------------------- Kecamatan (133 pages)


def test_kecamatan_kinds_found() -> None:
    result = doc(KECAMATAN)
    found = {(t.kind, t.pages[0]) for t in result.tables if t.kind != "TC.27"}
    assert {("TC.23", 32), ("TC.24", 33), ("TC.25", 55), ("TC.26", 59), ("TC.28", 69)} <= found


def test_kecamatan_tc23_page_32() -> None:
    """Tabel 2.1.5 Pencapaian Kinerja Pelayanan: 8 indicators, Target NSPK / IKK / Lainnya, 2020-2024."""
    table = table_on(doc(KECAMATAN), "TC.23", 32)
    assert table.years == [2020, 2021, 2022, 2023, 2024]
    assert len(table.rows) == 8
    row = table.rows[0]
    assert row.data["indikator"] == "Indeks Kepuasan Masyarakat /IKM (Indikator tujuan)"
    assert printed(row, "target_nspk", "target_ikk", "target_lainnya") == ["-", "-", "-"]
    assert printed(row, *(f"{y}.target" for y in table.years)) == ["85", "90", "90,1", "90,62", "91,33"]
    assert [row.years[y]["realisasi"] for y in table.years] == [86, 97.89, 98.02, 94.04, 94.87]
    assert [row.years[y]["rasio"] for y in table.years] == [101.2, 108.7, 108.8, 103.7, 103.87]
    row = row_named(table, "indikator", "Nilai Sakip")
    assert [row.years[y]["rasio"] for y in table.years] == [106, 84.32, 95.37, 98.45, 99.55]
    assert table.rows[7].data["indikator"] == "Program Koordinasi Ketentraman dan Ketertiban Umum"


def test_kecamatan_tc24_page_33() -> None:
    """Tabel 2.1.6 Anggaran dan Realisasi Pendanaan: Anggaran / Realisasi (Rp) and Rasio per year, Rata-rata."""
    table = table_on(doc(KECAMATAN), "TC.24", 33)
    assert table.years == [2020, 2021, 2022, 2023, 2024]
    assert table.rows[0].data["name"] == "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"
    row = row_named(table, "name", "Penyediaan Gaji dan Tunjangan ASN")
    assert printed(row, "2022.target_rp", "2023.target_rp", "2024.target_rp") == [
        "16,447,874,576.00", "12,722,186,843.00", "16,447,874,576.00"]
    assert [row.years[y]["realisasi_rp"] for y in (2022, 2023, 2024)] == [12_686_491_756, 11_960_502_525,
                                                                           12_309_824_463]
    assert printed(row, "2022.rasio_rp", "2023.rasio_rp", "2024.rasio_rp") == ["92%", "95%", "75%"]
    assert (row.data["rata_anggaran"], row.data["rata_realisasi"]) == (87, 87)
    row = row_named(table, "name", "Penyediaan Bahan Logistik Kantor")
    assert [row.years[y]["target_rp"] for y in (2022, 2023, 2024)] == [260_893_093, 122_500_000, 115_797_000]
    assert [row.years[y]["realisasi_rp"] for y in (2022, 2023, 2024)] == [234_090_500, 119_509_200, 112_314_450]
    assert [row.years[y]["rasio_rp"] for y in (2022, 2023, 2024)] == [88, 98, 97]


@pytest.mark.parametrize(("page", "name", "target_rp", "realisasi_rp", "rasio_rp"), [
    # p.33 (printed 28), 2022 / 2023 / 2024; the blank after each amount of the column before lay over the first
    # digit and cut it off its amount ("2 0,000,000", "1 ,419,000,000")
    (33, "Penyediaan Jasa Surat Menyurat", [21_550_000, 20_000_000, 22_100_000],
     [21_550_000, 20_000_000, 22_100_000], [100, 100, 100]),
    (33, "Penyediaan Jasa Pelayanan Umum Kantor", [1_451_400_000, 1_419_000_000, 1_356_750_000],
     [1_382_700_000, 1_411_000_000, 1_356_750_000], [95, 99, 100]),
    (33, "Pemeliharaan/Rehabilitasi Gedung Kantor dan Bangunan Lainnya", [1_617_023_276, 2_262_119_000,
     2_255_033_232], [1_613_142_367, 2_255_033_232, 774_822_098], [100, 100, 41]),
    # p.34 (printed 29): its 2022 Anggaran column is not printed
    (34, "Pembangunan Sarana dan Prasarana di Kelurahan", [None, 5_050_000_000, 4_961_358_700],
     [212_074_000, 5_032_809_543, 4_934_210_317], [100, 100, 99]),
])
def test_kecamatan_tc24_amounts_whole(page: int, name: str, target_rp: list, realisasi_rp: list,
                                      rasio_rp: list) -> None:
    row = row_named(table_on(doc(KECAMATAN), "TC.24", 33), "name", name)
    assert row.page == page
    years = (2022, 2023, 2024)
    assert [row.years[y]["target_rp"] for y in years] == target_rp
    assert [row.years[y]["realisasi_rp"] for y in years] == realisasi_rp
    assert [row.years[y]["rasio_rp"] for y in years] == rasio_rp
    assert not [f for f in row.flags if f.code in ("ambiguous-number", "unparsed-number")]


def test_kecamatan_tc25_page_55() -> None:
    """Tabel 3.1 Matrik Tujuan dan Sasaran: SASARAN RPJMD, TUJUAN/SASARAN, INDIKATOR, SATUAN, BASELINE 2024."""
    table = table_on(doc(KECAMATAN), "TC.25", 55)
    assert table.years == [2024, 2025, 2026, 2027, 2028, 2029, 2030]
    row = table.rows[0]
    assert row.data["sasaran_rpjmd"] == "Terwujudnya Layanan Publik yang Prima"
    assert row.data["tujuan_sasaran"].startswith("Meningkatnya Kualitas Pelayanan Publik (Tujuan)")
    assert row.data["indikator"].startswith("Indeks Kinerja Wilayah (IKW)")


def test_kecamatan_tc26_page_59_header_under_banners() -> None:
    """Tabel 3.2 Penyusunan Strategi dan Arah kebijakan: Visi / Misi / Sasaran banners above the real header."""
    table = table_on(doc(KECAMATAN), "TC.26", 59)
    assert len(table.rows) == 1
    row = table.rows[0]
    assert row.data["tujuan"] == "Meningkatnya Kualitas Pelayanan Publik"
    assert row.data["sasaran"].startswith("1. Meningkatnya Kualitas Layanan Administrasi")
    assert row.data["strategi"].startswith("1. a. Pemanfaatan Teknologi Informasi;")
    assert not any(n.code == "header-not-understood" for n in table.notes)


def test_kecamatan_iku_page_69() -> None:
    """Tabel 4.2.A Indikator Kinerja Utama/IKU: formula, data source and responsible columns."""
    table = table_on(doc(KECAMATAN), "TC.28", 69)
    assert table.columns == ["no", "sasaran", "indikator", "rumus", "sumber_data", "pd"]
    row = table.rows[0]
    assert row.data["indikator"].startswith("Indeks Kinerja Wilayah (IKW)")
    assert row.data["rumus"].startswith("Hasil survei internal + hasil survei eksternal")
    assert row.data["pd"] == "- Camat"


# ----------------------------------------------------------------- key indicators (IKK, IKD) in two more documents

PENGAIRAN = "banyuwangi_renstra_2025-2029_pengairan.pdf"
DINSOS = "banyuwangi_renstra_2025-2029_dinsosppkb.pdf"


def test_pengairan_ikk_and_ikd_page_127() -> None:
    """"Tabel 22. Indikator Kinerja Kunci dan Indikator Kinerja Daerah" (pp.127-128): baseline 2024, 2025-2030."""
    tables = [t for t in doc(PENGAIRAN).tables_of("TC.28") if t.pages[0] == 127]
    assert len(tables) == 1
    table = tables[0]
    assert table.pages == [127, 128] and table.years == [2024, 2025, 2026, 2027, 2028, 2029, 2030]
    akses = row_named(table, "indikator", "Akses Rumah Tangga Perkotaan")
    assert akses.data["satuan"] == "(%)" and akses.years[2024]["kondisi_awal"] == 22.68
    assert [akses.years[y]["target"] for y in range(2025, 2031)] == [29.67, 34.03, 38.38, 42.74, 47.1, 50]
    irigasi = row_named(table, "indikator", "Persentase kondisi irigasi")  # p.128
    assert irigasi.page == 128 and irigasi.years[2024]["kondisi_awal"] == 54.7
    assert [irigasi.years[y]["target"] for y in range(2025, 2031)] == [54.75, 54.8, 54.85, 54.9, 54.95, 55]


def test_dinsos_ikk_pages_181_to_183_and_no_caption_from_the_list_of_tables() -> None:
    """"Tabel 4.6 Indikator Kinerja Kunci (IKK)" (pp.181-183); its entry in the list of tables (p.6, wrapped
    before its dot leaders) is no caption."""
    result = doc(DINSOS)
    table = table_on(result, "TC.28", 182)
    assert table.pages[0] == 181 and table.years == [2025, 2026, 2027, 2028, 2029, 2030]
    ppks = row_named(table, "indikator", "Persentase pemerlu pelayanan kesejahteraan sosial (PPKS)")
    assert ppks.page == 182 and ppks.data["satuan"] == "%"
    assert [ppks.years[y]["target"] for y in range(2025, 2031)] == [60, 60, 61, 62, 63, 64]
    assert not [n for n in result.notes if n.code == "caption-without-table" and n.page == 6]


def test_words_broken_by_a_narrow_column_are_rejoined_in_every_kind() -> None:
    """Semarang T-C.25 p.49: the Tujuan column prints "meningkat / kan ketertiban umum dan ketentram / an serta
    perlindung / an masyarak / at" (the page text says "Meningkatkan ketertiban umum dan ketentraman serta
    perlindungan masyarakat"); Dinsos IKK p.181 prints the unit "Persenta / se". Rejoined, the printed text kept."""
    tc25 = table_on(doc("semarang_satpolpp_renstra_2021-2026.pdf"), "TC.25", 49)
    row = next(r for r in tc25.rows if r.data.get("tujuan"))
    assert row.data["tujuan"] == "meningkatkan ketertiban umum dan ketentraman serta perlindungan masyarakat"
    assert row.raw["tujuan"].startswith("meningkat kan ketertiban umum dan ketentram an")
    ikk = table_on(doc(DINSOS), "TC.28", 182)
    lansia = row_named(ikk, "indikator", "Persentase (%) lanjut usia terlantar")
    assert lansia.data["satuan"] == "Persentase" and lansia.raw["satuan"] == "Persenta se"


def test_pengairan_iku_continues_on_the_next_page_under_its_reprinted_header() -> None:
    """"Tabel 21. Indikator Kinerja Utama" (p.126) goes on at the top of p.127 under its header reprinted
    ("Tujuan/Sasaran | Indikator Sasaran | Baseline | Target"), which alone reads like a TC.25's: one table, and
    the sasaran cut by the page break ("... sumber daya air untuk mendukung" / "ketahanan pangan") is one value."""
    result = doc(PENGAIRAN)
    iku = table_on(result, "TC.28", 126)
    assert iku.pages == [126, 127] and not [t for t in result.tables_of("TC.25") if 127 in t.pages]
    irigasi = row_named(iku, "indikator", "Persentase ketersediaan air irigasi")
    assert irigasi.data["sasaran"].endswith("sumber daya air untuk mendukung ketahanan pangan")
    bersih = row_named(iku, "indikator", "Persentase ketersediaan air bersih")
    assert bersih.page == 127 and bersih.data["sasaran"] == "Meningkatnya ketersediaan air bersih"
    assert bersih.years[2024]["kondisi_awal"] == 97.58
    assert [bersih.years[y]["target"] for y in range(2025, 2031)] == [97.6, 97.62, 97.64, 97.66, 97.68, 97.7]


def test_sumut_tujuan_sasaran_table_with_an_isu_strategis_column() -> None:
    """Sumut "Tabel 4.1 Target Kinerja" (p.42): ISU STRATEGIS | TUJUAN | SASARAN | INDIKATOR SASARAN | TARGET
    2024-2026. "Isu strategis" is no strategy column: the table is a TC.25 (unread before), that column kept."""
    table = table_on(doc("sumut_dp3akb_renstra_2024-2026.pdf"), "TC.25", 42)
    assert table.years == [2024, 2025, 2026]
    pprg = row_named(table, "indikator", "Persentase Implementasi PPRG")
    assert pprg.data["sasaran"] == "Meningkatkan Pemberdayaan Perempuan"
    assert pprg.data["isu_strategis"] == "Kesetaraan dan keadilan gender" and not pprg.data.get("extra")
    assert [pprg.years[y]["target"] for y in (2024, 2025, 2026)] == [28, 46, 69]
    tfr = row_named(table, "indikator", "Total Fertility Rate")
    assert [tfr.years[y]["target"] for y in (2024, 2025, 2026)] == [2.42, 2.36, 2.3]


def test_dinsos_tc23_urusan_headings_are_noted_not_indicators() -> None:
    """Dinsos Tabel 2.4 (TC.23, p.34) prints a heading across the table over each urusan's indicators ("Urusan
    Bidang Sosial" over indicators 1 and 2, ...). They were rows holding an indicator "Urusan Bidang Sosial" with
    no value; now the 4 rows are the 4 numbered indicators and each heading is a ``section-row`` note naming the
    rows under it (read from the page)."""
    table = table_on(doc(DINSOS), "TC.23", 34)
    assert [r.data.get("no") for r in table.rows] == ["1", "2", "3", "4"]
    assert table.rows[3].data["indikator"] == "Persentase Cakupan KB Aktif"
    assert table.rows[3].years[2020]["realisasi"] == 73.66
    assert [r.data.get("section") for r in table.rows] == [
        "Urusan Bidang Sosial", "Urusan Bidang Sosial", "Urusan Bidang Pemberdayaan Perempuan dan Perlindungan Anak",
        "Urusan Pemerintahan Bidang Pengendalian Penduduk dan Keluarga Berencana"]
    notes = [n.message for n in table.notes if n.code == "section-row"]
    assert notes == [
        "TC.23 p.34: printed across the table, not a row: 'Urusan Bidang Sosial' (over the rows from '1' to '2')",
        "TC.23 p.34: printed across the table, not a row: 'Urusan Bidang Pemberdayaan Perempuan dan Perlindungan "
        "Anak' (over the rows from '3' to '3')",
        "TC.23 p.34: printed across the table, not a row: 'Urusan Pemerintahan Bidang Pengendalian Penduduk dan "
        "Keluarga Berencana' (over the rows from '4' to '4')",
    ]


BPBD = "banyuwangi_renstra_2025-2029_bpbd.pdf"


def test_bpbd_tc25_header_on_a_coloured_band_pages_42_43() -> None:
    """Tabel 4.1 Matriks Tujuan dan Sasaran: the header printed on an orange band with no rule between its cells
    ('Base' over 'Line', 'Target Kinerja' over 2025 .. 2030; p.42 image). Its cells come from their shading
    (pdf_shading): before, the whole header was one cell and the table 'not understood'."""
    table = table_on(doc(BPBD), "TC.25", 42)
    assert table.pages == [42, 43] and table.years == [2025, 2026, 2027, 2028, 2029, 2030]
    assert [n.code for n in table.notes] == []
    assert len(table.rows) == 4
    first = table.rows[0]
    assert first.data["tujuan_sasaran"] == "Menurunnya Risiko Bencana di Kabupaten Banyuwangi"
    assert first.data["indikator"] == "Indeks Risiko Bencana" and first.data["kondisi_awal"] == 145.76
    assert first.raw["2025.target"] == "143,33 - 139,83"  # a range (over three lines): kept, flagged
    assert first.years[2025]["target"] is None and "unparsed-number" in [f.code for f in first.flags]
    sakip = row_named(table, "indikator", "Nilai SAKIP")
    assert sakip.data["kondisi_awal"] == 88.6
    assert [sakip.years[y]["target"] for y in table.years] == [88.6, 88.5, 89.4, 89.8, 90.3, 90.6]
    last = table.rows[3]  # p.43: its Tujuan / Sasaran cell is printed empty
    assert last.data["indikator"] == "Indeks Kepuasan Masyarakat" and not last.data.get("tujuan_sasaran")
    assert [last.years[y]["target"] for y in table.years] == [92.62, 92.82, 93.22, 93.61, 93.8, 93.94]


def test_bpbd_tc28_header_cells_without_rules_page_59() -> None:
    """Tabel 7.1: the header's first row has no rule between its cells, only white ones in its second row; the
    lines strategy gave one box over the whole header (and the second row's cells under it, empty)."""
    table = table_on(doc(BPBD), "TC.28", 59)
    assert table.years == [2024, 2025, 2026, 2027, 2028, 2029, 2030] and [n.code for n in table.notes] == []
    assert [r.data["no"] for r in table.rows] == ["1", "2", "3", "4"]
    row = row_named(table, "indikator", "Indeks Kepuasan")
    assert row.years[2024]["kondisi_awal"] == 91.33 and row.data["kondisi_akhir"] == 93.94
    assert [row.years[y]["target"] for y in range(2025, 2031)] == [92.62, 92.82, 93.22, 93.61, 93.8, 93.94]
