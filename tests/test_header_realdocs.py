"""Header understanding on real documents whose headers print relative years ("Tahun 1 ... 5"), "Kondisi Awal"
with Target and Rp, and "Tahun ke- | 1 ... 5" in TC.23/TC.24. Every expected value was read by eye from the page
image (pdftoppm -r 70..110) of the page named in the comment, not from the tool's output."""

from __future__ import annotations

import pytest
from conftest import extracted, realdoc

from extractor.model import Result, Row, Table

pytestmark = pytest.mark.realdocs

SEMARANG = "semarang_satpolpp_renstra_2021-2026.pdf"
SUMUT = "sumut_dp3akb_renstra_2024-2026.pdf"
M = 1_000_000


def _result(name: str) -> Result:
    return extracted(realdoc(name))


def table_of(name: str, kind: str, first_page: int) -> Table:
    tables = [t for t in _result(name).tables if t.kind == kind and t.pages and t.pages[0] == first_page]
    assert len(tables) == 1, [(t.kind, t.pages[:3]) for t in _result(name).tables]
    return tables[0]


def row_named(table: Table, field: str, start: str) -> Row:
    found = [r for r in table.rows if " ".join((r.data.get(field) or "").split()).lower().startswith(start.lower())]
    assert len(found) == 1, (start, len(found))
    return found[0]


def yearly(row: Row, field: str, years: tuple[int, ...]) -> list[object]:
    return [row.years.get(y, {}).get(field) for y in years]


# Semarang T-C.27, pp.54-55 of the print (PDF pp.55-56): "Tahun 1 ... Tahun 5" of the 2021-2026 Renstra,
# each with Target | Rp. (name, unit, baseline, targets Tahun 1..5, Rp Tahun 1..5)
SEMARANG_TC27 = [
    ("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "%", 100, [100] * 5,
     [23_014_137_000, 22_357_916_000, 23_675_212_000, 24_985_971_000, 29_605_193_000]),
    ("Perencanaan, Penganggaran, dan Evaluasi Kinerja", "%", 100, [100] * 5,
     [135 * M, 125 * M, 258_596_596, 274_123_877, 301_536_265]),
    ("Penyusunan Dokumen Perencanaan Perangkat Daerah", "Dokumen", 1, [1] * 5,
     [35 * M, 35 * M, 71_176_643, 78_294_307, 86_123_738]),
    ("Koordinasi dan Penyusunan Dokumen RKA-SKPD", "Dokumen", 1, [1] * 5,
     [25 * M, 15 * M, 25_286_394, 27_815_033, 30_596_536]),
    ("Koordinasi dan Penyusunan Dokumen Perubahan RKA-SKPD", "Dokumen", 1, [1] * 5,
     [15 * M, 15 * M, 18_576_008, 20_433_609, 22_476_970]),
    ("Koordinasi dan Penyusunan DPA-SKPD", "Dokumen", 1, [1] * 5,
     [10 * M, 10 * M, 20 * M, 16_833_811, 18_517_192]),
    ("Administrasi Keuangan Perangkat Daerah", "%", 100, [100] * 5,
     [20_899_622_996, 20_899_622_996, 20_960_493_216, 20_998_450_880, 24_886_574_101]),
    ("Penyediaan Gaji dan Tunjangan ASN", "%", 100, [100] * 5, [20_658_062_996] * 4 + [24_512_147_430]),
    ("Sosialisasi Peraturan Perundang-Undangan", "kegiatan", 14, [2, 2, 3, 4, 6],
     [24 * M, 24 * M, 40 * M, 120 * M, 219_615_000]),
    ("Penyediaan Komponen Instalasi Listrik", "jenis", 15, [15] * 5,
     [26_932_028, 26_931_931, 32_587_124, 32_587_124, 32_587_124]),
    ("Fasilitasi Kunjungan Tamu", "orang", 600, [600, 600, 600, 1200, 1200],
     [40 * M, 40 * M, 60 * M, 150_047_071, 181_182_375]),
]
PLAN_YEARS = (2022, 2023, 2024, 2025, 2026)


def test_semarang_relative_years_resolved_by_the_period() -> None:
    table = table_of(SEMARANG, "TC.27", 55)
    assert table.years == list(PLAN_YEARS)
    assert table.header["understood"] and not table.header["untyped"]
    assert any(n.code == "relative-years" and "2021-2026" in n.message for n in table.notes)


@pytest.mark.parametrize(("name", "unit", "baseline", "targets", "rps"), SEMARANG_TC27)
def test_semarang_tc27_rows(name: str, unit: str, baseline: int, targets: list[int], rps: list[int]) -> None:
    row = row_named(table_of(SEMARANG, "TC.27", 55), "name", name)
    assert (row.data["unit"], row.data["baseline"]) == (unit, baseline)
    assert yearly(row, "target", PLAN_YEARS) == targets
    assert yearly(row, "rp", PLAN_YEARS) == rps
    assert row.data["pd"] == "SATPOL PP"


def test_no_row_name_holds_numbers() -> None:
    for doc, page in ((SEMARANG, 55), (SUMUT, 53)):
        for row in table_of(doc, "TC.27", page).rows:
            assert not any(ch.isdigit() for ch in row.data.get("name", "")[:1]), row.data["name"]


# Sumatera Utara Tabel 6.1, pp.49-50 of the print (PDF pp.53-54): KONDISI AWAL (TARGET | Rp.) and 2024..2026.
# (name, baseline, unit, baseline Rp, targets 2024..2026, Rp 2024..2026)
SUMUT_TC27 = [
    ("Penyusunan Dokumen Perencanaan Perangkat Daerah", 11, "dokumen", 61_520_000, [11, 11, 11],
     [94_128_000, 138_779_200, 138_779_200]),
    ("Evaluasi Kinerja Perangkat Daerah", 3, "laporan", 45 * M, [3, 3, 3], [55 * M, 70 * M, 70 * M]),
    ("Penyediaan Gaji dan Tunjangan ASN", 13, "kali", 14_144_199_000, [13, 13, 13], [16_973_038_800] * 3),
    ("Pelaksanaan Penatausahaan dan Pengujian", 12, "bulan", 301_440_000, [12, 12, 12], [331_584_000] * 3),
    ("Pendidikan dan Pelatihan Pegawai", 7, "orang", 226_100_000, [7, 7, 7], [248_710_000] * 3),
    ("Pengadaan Pakaian Dinas", 41, "pcs", 140_650_000, [100, 100, 100], [154_715_000] * 3),
    ("Penyediaan Jasa Surat Menyurat", 12, "bulan", 12 * M, [12, 12, 12], [13_200_000] * 3),
    ("Penyediaan Komponen Instalasi", 20, "unit", 20_725_552, [30, 35, 40], [22_798_107, 25_077_918, 25_077_918]),
    ("Penyediaan Peralatan dan Perlengkapan", 3, "unit", 253_747_087, [5, 7, 10],
     [279_121_796, 307_033_975, 307_033_975]),
    ("Penyediaan Bahan Logistik Kantor", 150, "buah", 299_389_637, [160, 170, 180],
     [329_328_601, 362_261_461, 362_261_461]),
    ("Penyediaan Barang Cetakan dan Penggandaan", 100, "buah", 30_021_600, [120, 130, 140],
     [33_023_760, 36_326_136, 36_326_136]),
]
SUMUT_YEARS = (2024, 2025, 2026)


@pytest.mark.parametrize(("name", "baseline", "unit", "baseline_rp", "targets", "rps"), SUMUT_TC27)
def test_sumut_tc27_rows(name: str, baseline: int, unit: str, baseline_rp: int, targets: list[int],
                         rps: list[int]) -> None:
    table = table_of(SUMUT, "TC.27", 53)
    assert table.years == list(SUMUT_YEARS)
    row = row_named(table, "name", name)
    assert (row.data["baseline"], row.data["unit"], row.data["baseline_rp"]) == (baseline, unit, baseline_rp)
    assert yearly(row, "target", SUMUT_YEARS) == targets
    assert yearly(row, "rp", SUMUT_YEARS) == rps


def test_sumut_office_heading_row_keeps_its_name_and_amounts() -> None:
    # p.49: "Dinas Pemberdayaan Perempuan, ..." printed over the No, name and indicator columns
    row = row_named(table_of(SUMUT, "TC.27", 53), "name", "Dinas Pemberdayaan Perempuan")
    assert row.data["baseline_rp"] == 23_419_645_021
    assert yearly(row, "rp", SUMUT_YEARS) == [30_000 * M, 33_000 * M, 33_990 * M]


# Semarang T-C.23 p.22 of the print (PDF p.23), rows 6-10: target, realisasi, rasio of Tahun 2017..2021
PAST = (2017, 2018, 2019, 2020, 2021)
SEMARANG_TC23 = [
    ("Presentase Rukun Tetangga", [84, 87, 89, 93, 94], [97, 80, 83, 83, None], [115, 92, 93, 89, None]),
    ("Persentase peningkatan Siskamling", [58.9, 59.01, 59.11, 59.22, 59.44], [31.72, 31.82, 31.88, 31.88, 31.88],
     [54, 54, 54, 54, None]),
    ("Cakupan pengendalian penanganan", [78, 83, 85, 90, 95], [98, 92, 93, 93, None], [126, 111, 109, 103, None]),
    ("Jumlah peraturan perundang", [26, 27, 28, 29, 30], [26, 28, 29, 31, 31], [100, 104, 104, 107, None]),
    ("Jumlah Linmas", [3144, 3510, 3876, 4242, 4608], [4035, 4221, 4974, 4471, None], [128, 120, 128, 105, None]),
]


@pytest.mark.parametrize(("indicator", "targets", "realised", "ratios"), SEMARANG_TC23)
def test_semarang_tc23_rows(indicator: str, targets: list[float], realised: list[object],
                            ratios: list[object]) -> None:
    row = row_named(table_of(SEMARANG, "TC.23", 22), "indikator", indicator)
    assert yearly(row, "target", PAST) == targets
    assert yearly(row, "realisasi", PAST) == realised
    assert yearly(row, "rasio", PAST) == ratios


# Semarang T-C.24 p.36 of the print (PDF p.37): "Anggaran / Realisasi Anggaran / Rasio ... Tahun ke- | 1..5", read
# as the years of the document's T-C.23 (2017-2021, the previous Renstra)
SEMARANG_TC24 = [
    ("Belanja tidak langsung", [11_591_358_000, 11_689_659_000, 12_672_730_000, 12_984_432_000, 15_323_034_000],
     [11_013_197_421, 11_544_353_458, 11_886_027_624, 12_401_271_288, 14_298_194_646],
     [95.01, 98.76, 93.79, 95.51, 93.31]),
    ("Belanja langsung", [6_195_761_500, 5_179_656_000, 7_986_075_000, 11_229_546_000, 14_460_942_000],
     [6_116_967_809, 5_117_742_784, 7_752_541_850, 11_076_578_386, 16_310_616_868],
     [98.73, 98.80, 97.08, 98.64, 112.79]),
]


@pytest.mark.parametrize(("name", "budget", "realised", "ratios"), SEMARANG_TC24)
def test_semarang_tc24_rows(name: str, budget: list[int], realised: list[int], ratios: list[float]) -> None:
    table = table_of(SEMARANG, "TC.24", 37)
    assert table.years == list(PAST)
    row = row_named(table, "name", name)
    assert yearly(row, "target_rp", PAST) == budget
    assert yearly(row, "realisasi_rp", PAST) == realised
    assert yearly(row, "rasio_rp", PAST) == ratios


def test_semarang_tc24_pegawai_rows() -> None:
    # p.36: two "- Belanja pegawai" rows, one under each of the rows above
    rows = [r for r in table_of(SEMARANG, "TC.24", 37).rows if (r.data.get("name") or "") == "- Belanja pegawai"]
    assert [yearly(r, "target_rp", PAST)[0] for r in rows] == [11_591_358_000, 2_949_683_000]
    assert yearly(rows[1], "realisasi_rp", PAST)[:3] == [2_935_393_000, 2_318_335_000, 3_487_600_655]
    assert yearly(rows[1], "rasio_rp", PAST) == [99.52, 99.61, 95.94, 9.47, 111.58]


# Sumatera Utara Tabel 2.6 p.29 of the print (PDF p.33): Target 2019..2023 and "Realisasi Capaian Tahun ke | 1..5"
SUMUT_PAST = (2019, 2020, 2021, 2022, 2023)
SUMUT_TC23 = [
    ("Persentase Perangkat Daerah yang melaksanakan PPRG", [53, 60, 66, 85, 100], [53, 60, 66, 96, None]),
    ("Rasio kekerasan terhadap perempuan", [12, 11, 10, 9, 8], [5, 6, 9, 11, None]),
    ("Rasio kekerasan terahadap anak", [21, 19, 18, 17, 16], [22, 20, 18, 19, None]),
    ("Persentase Perangkat Daerah berkontribusi", [19, 42, 58, 77, 100], [15, 38, 54, 69, None]),
    ("TFR/Total Fertility Rate", [2.86, 3.04, 2.98, 2.91, 2.85], [3.04, 3.07, 2.6, 2.48, None]),
]


@pytest.mark.parametrize(("indicator", "targets", "realised"), SUMUT_TC23)
def test_sumut_tc23_rows(indicator: str, targets: list[float], realised: list[object]) -> None:
    row = row_named(table_of(SUMUT, "TC.23", 33), "indikator", indicator)
    assert yearly(row, "target", SUMUT_PAST) == targets
    assert yearly(row, "realisasi", SUMUT_PAST) == realised


def test_sumut_tc24_rows() -> None:
    # Tabel 2.7 p.31 of the print (PDF p.35): Anggaran / Realisasi 2019..2023 and "Capaian | 1..5"
    table = table_of(SUMUT, "TC.24", 35)
    first, second = table.rows
    assert yearly(first, "target_rp", SUMUT_PAST) == [17_640_371_620, 11_517_824_375, 14_800_371_000,
                                                      14_185_726_809, None]
    assert yearly(first, "realisasi_rp", SUMUT_PAST) == [12_823_847_161, 10_205_531_173, 12_718_801_094,
                                                         13_171_102_304, None]
    assert yearly(first, "rasio_rp", SUMUT_PAST) == [73, 89, 86, 93, None]
    assert yearly(second, "target_rp", SUMUT_PAST)[:4] == [14_587_174_234, 14_267_776_131, 14_300_661_000,
                                                           17_116_611_577]
    assert yearly(second, "rasio_rp", SUMUT_PAST) == [96, 95, 81, 94, None]
