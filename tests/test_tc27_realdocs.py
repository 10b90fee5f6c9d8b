"""TC.27 (and its 2025-layout equivalent) on real published PDFs. Every expected value below was read by eye from
the page image (pdftoppm -r 80) of the page named in the comment, not from the tool's output."""

from __future__ import annotations

import pytest
from conftest import extracted, realdoc

from extractor.model import Result, Row, Table

pytestmark = pytest.mark.realdocs

KEC = "banyuwangi_renstra_2025-2029_kec-banyuwangi.pdf"
SATPOL = "banyuwangi_renstra_2025-2029_satpolpp.pdf"
YEARS_2025 = (2025, 2026, 2027, 2028, 2029, 2030)


def _result(name: str) -> Result:
    return extracted(realdoc(name))  # one extraction per document per test session, shared with other modules


def funding_table(name: str, first_page: int) -> Table:
    tables = [t for t in _result(name).tables if t.pages and t.pages[0] == first_page]
    assert len(tables) == 1, [(t.kind, t.pages[:3]) for t in _result(name).tables]
    return tables[0]


def row_with(table: Table, code: str | None = None, name: str | None = None, nth: int = 0) -> Row:
    found = [r for r in table.rows if (code is None or r.data.get("code") == code)
             and (name is None or (r.data.get("name") or "").startswith(name))]
    assert len(found) > nth, (code, name, len(found))
    return found[nth]


def rp(row: Row) -> list[float | int | None]:
    return [row.years.get(y, {}).get("rp") for y in sorted(row.years)]


def targets(row: Row) -> list[float | int | None]:
    return [row.years.get(y, {}).get("target") for y in sorted(row.years)]


# ---------------------------------------------------------------- Kecamatan Banyuwangi, Tabel 4.3 pp. 84-133


def test_kec_one_table_over_fifty_pages() -> None:
    table = funding_table(KEC, 84)
    assert table.kind == "TC.27"
    assert table.pages == list(range(84, 134))
    assert table.years == [2026, 2027, 2028, 2029, 2030]
    codes = [r.data["code"] for r in table.rows if r.data.get("code")]
    assert len(codes) > 350
    assert all(c.count(".") in (1, 2, 4, 5) for c in codes)  # canonical dotted codes only


@pytest.mark.parametrize(("page", "name", "amounts"), [
    # Tabel 4.2 (pp.71-81): Rp 2025-2030 in a column four to five digits wide, wrapped over lines
    (72, "Penyediaan Gaji dan Tunjangan ASN", [16_447_874_576] * 6),  # "16447/87457/6", "1644/7874/576"
    (79, "Peningkatan Efektifitas", [745_319_450, 745_319_450, 782_585_423, 821_714_694, 862_800_428,
                                     905_940_450]),  # "745,3/19,45/0" ... "862,80/0,428", "905,9/40,45/0"
    (80, "Peningkatan Partisipasi", [90_000_000, 90_000_000, 94_500_000, 99_225_000, 104_186_250,
                                     109_395_563]),  # "90,00/0,000" ... "109,3/95,56/3"
])
def test_kec_tabel_4_2_wrapped_amounts(page: int, name: str, amounts: list[int]) -> None:
    table = funding_table(KEC, 71)
    row = row_with(table, name=name)
    assert row.page == page
    assert [row.years[y]["rp"] for y in YEARS_2025] == amounts
    assert not [f for f in row.flags if f.code == "unparsed-number" and f.field.endswith(".rp")]


def test_kec_page_84_rows() -> None:
    table = funding_table(KEC, 84)
    bidang = row_with(table, "7.01")
    assert bidang.data["level"] == "bidang_urusan"
    assert rp(bidang)[0] == 27_391_532_436 and rp(bidang)[-1] == 28_351_316_001
    program = row_with(table, "7.01.01")
    assert rp(program)[:2] == [20_562_902_192, 20_614_657_377] and rp(program)[-1] == 21_522_685_757
    assert program.data["outcome"].startswith("Meningkatnya Kualitas Penunjang Urusan Pemerintahan Daerah")
    assert program.data["indicator"].startswith("Persentase pemenuhan kebutuhan penunjang")
    assert program.data["unit"] == "%" and program.data["baseline"] == 90
    assert targets(program) == [93.7, 94.9, 96.1, 97.3, 98.5]  # printed "93,7" ... "98,5"
    assert program.data["pd"] == "7.01.0.00.0.00.01.0000 - Kecamatan Banyuwangi"  # wrapped SKPD code joined
    kegiatan = row_with(table, "7.01.01.2.01")
    assert rp(kegiatan) == [4_000_000] * 5
    assert kegiatan.data["indicator"] == "Jumlah Dokumen Perencanaan Perangkat Daerah"
    assert kegiatan.data["unit"] == "Dokumen" and kegiatan.data["baseline"] == 1
    second = table.rows[table.rows.index(kegiatan) + 1]  # its second indicator line
    assert second.data["level"] == "indicator" and second.data["parent_code"] == "7.01.01.2.01"
    assert second.data["indicator"] == "Jumlah Laporan Evaluasi Kinerja Perangkat Daerah"
    assert second.data["unit"] == "Laporan" and targets(second) == [7] * 5
    assert rp(row_with(table, "7.01.01.2.01.0001")) == [2_500_000] * 5
    gaji = row_with(table, "7.01.01.2.02.0001")
    assert rp(gaji) == [16_447_874_576] * 5 and targets(gaji) == [89] * 5 and gaji.data["unit"] == "Orang/bulan"


def test_kec_page_100_kelurahan_section() -> None:
    table = funding_table(KEC, 84)
    opening = next(r for r in table.rows if (r.data.get("pd") or "").endswith("Kelurahan Kebalenan"))
    assert opening.page == 100
    assert opening.data["pd"] == "7.01.0.00.0.00.01.0010 - Kelurahan Kebalenan"
    assert opening.data["level"] == "indicator" and opening.data["parent_code"] == "7.01.01"
    assert rp(opening)[0] == 20_562_902_192
    after = table.rows[table.rows.index(opening) + 1]
    assert after.data["code"] == "7.01.01.2.06" and rp(after) == [17_500_000] * 5
    assert after.data["pd_section"] == opening.data["pd"]


def test_kec_page_133_last_programs() -> None:
    table = funding_table(KEC, 84)
    program = row_with(table, "7.01.04")
    assert program.page == 133
    assert rp(program) == [58_913_418] * 5 and targets(program) == [92, 94, 96, 98, 98]
    assert program.data["baseline"] == 100 and program.data["unit"] == "%"
    assert rp(row_with(table, "7.01.04.2.02.0001")) == [58_913_418] * 5
    assert rp(row_with(table, "7.01.06")) == [0] * 5


# ------------------------------------------------------- Satpol PP, Tabel 4.2 pp. 48-54 (comma thousands)


def test_satpol_one_table_and_years() -> None:
    table = funding_table(SATPOL, 48)
    assert table.kind == "TC.27" and table.pages == list(range(48, 55))
    assert table.years == list(YEARS_2025)


def test_satpol_page_48_amounts() -> None:
    table = funding_table(SATPOL, 48)
    program = row_with(table, name="PROGRAM PENINGKATAN KETENTRAMAN DAN KETERTIBAN UMUM")
    assert program.data["level"] == "program"
    assert rp(program) == [1_500_000_000, 1_850_000_000, 2_200_000_000, 2_550_000_000, 2_900_000_000,
                           3_250_000_000]
    kegiatan = row_with(table, name="Kegiatan Penanganan Gangguan Ketentraman dan Ketertiban Umum")
    assert kegiatan.data["level"] == "kegiatan"
    assert kegiatan.data["indicator"] == "Jumlah Laporan Pelanggaran dan Pengaduan Trantibum Yang Ditangani"
    assert kegiatan.data["unit"] == "Laporan" and kegiatan.data["baseline"] == 12
    assert rp(kegiatan)[0] == 600_000_000 and rp(kegiatan)[-1] == 1_350_000_000
    sub = row_with(table, name="Sub Kegiatan Koordinasi Penyelenggaraan Ketentraman")
    assert sub.data["level"] == "sub_kegiatan" and sub.data["unit"] == "Dokumen"
    assert rp(sub) == [150_000_000, 175_000_000, 200_000_000, 225_000_000, 250_000_000, 275_000_000]


def test_satpol_page_50_decimals_and_na() -> None:
    table = funding_table(SATPOL, 48)
    program = row_with(table, name="PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH")
    assert program.page == 50 and program.data["unit"] == "Nilai"
    assert program.data["baseline"] is None  # printed "NA": kept unread, flagged
    assert any(f.code == "unparsed-number" and f.field == "baseline" for f in program.flags)
    assert targets(program) == [94.71, 95.29, 95.86, 96.43, 97, 97.57]
    assert rp(program)[0] == 33_403_866_765 and rp(program)[3] == 38_669_151_263.83
    assert rp(program)[-1] == 42_632_739_268.38
    kegiatan = row_with(table, name="Kegiatan Perencanaan, Penganggaran, dan Evaluasi Kinerja")
    assert kegiatan.data["unit"] == "%" and targets(kegiatan) == [100] * 6
    assert rp(kegiatan) == [72_457_500, 76_080_375, 79_884_394, 83_878_613.44, 88_072_544.11, 92_476_171.31]
    sub = row_with(table, name="Sub Kegiatan Koordinasi dan Penyusunan Laporan Capaian Kinerja")
    assert sub.data["unit"] == "Laporan" and sub.data["baseline"] == 4 and targets(sub)[0] == 5


# ----------------------------------------------------------------------------------- Cianjur: no TC.27 rows


def test_cianjur_renstra_caption_without_table() -> None:
    result = extracted(realdoc("cianjur_dkp_renstra_2011-2016.pdf"))
    assert not any(t.rows for t in result.tables_of("TC.27"))
    notes = [n for n in result.notes if n.code == "caption-without-table"]
    assert len(notes) == 1 and notes[0].page == 44  # printed page 43 is the PDF's 44th
    assert "Tabel 5.1" in notes[0].message and "TC.27" in notes[0].message


def test_cianjur_renja_has_no_funding_table() -> None:
    result = extracted(realdoc("cianjur_dkp_renja_2016.pdf"))
    assert result.tables_of("TC.27") == []


def test_satpol_page_53_rows() -> None:
    """p.53 (read at 160 dpi): rows whose name and indicator line sit at the top of a continuation page."""
    table = funding_table(SATPOL, 48)
    mebel = row_with(table, name="Sub Kegiatan Pengadaan Mebel")  # first row of the page: a row, not a split one
    assert mebel.page == 53 and mebel.data["level"] == "sub_kegiatan"
    assert mebel.data["unit"] == "Unit" and mebel.data["baseline"] == 4 and targets(mebel) == [3] * 6
    assert rp(mebel)[:5] == [10_000_000, 10_500_000, 11_025_000, 11_576_250, 12_155_062.5]
    jasa = row_with(table, name="Kegiatan Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah")
    assert jasa.data["unit"] == "%" and jasa.data["baseline"] == 90 and targets(jasa) == [91, 92, 93, 94, 95, 96]
    assert rp(jasa)[:4] == [2_521_398_919, 2_647_468_865, 2_779_842_308, 2_918_834_423.61]
    surat = row_with(table, name="Sub Kegiatan Penyediaan Jasa Surat Menyurat")
    assert rp(surat) == [5_000_000, 5_250_000, 5_512_500, 5_788_125, 6_077_531.25, 6_381_407.81]
    listrik = row_with(table, name="Sub Kegiatan Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik")
    assert listrik.data["unit"] == "Laporan" and listrik.data["baseline"] == 4 and targets(listrik)[0] == 1
    assert rp(listrik) == [569_999_919, 598_499_915, 628_424_911, 659_846_156.23, 692_838_464.04, 727_480_387.25]
