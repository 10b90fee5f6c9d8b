"""Matching on real published Renstra (extract with no flag: the bundled list that fits is chosen).

The names below were read from the page images (pdftoppm -r 70/80) of the pages named; the expected codes were
found by reading the bundled list files (grep on the official names), not taken from the tool's output. The
rows are looked up by the start of their printed name, so the pins hold while the extraction of other columns
improves.
"""

from __future__ import annotations

import pytest
from conftest import extracted, realdoc

from extractor.model import Result, Row

pytestmark = pytest.mark.realdocs

SATPOL = "banyuwangi_renstra_2025-2029_satpolpp.pdf"
BPBD = "banyuwangi_renstra_2025-2029_bpbd.pdf"
KEC = "banyuwangi_renstra_2025-2029_kec-banyuwangi.pdf"
ACCEPTED = ("exact", "name_variant", "code_suggested")

# Satpol PP, Tabel 4.2 pp. 48-54: no codes printed. (start of the printed name, the list entry it names)
SATPOL_ROWS = [
    ("URUSAN PEMERINTAHAN BIDANG Ketentraman, Ketertiban Umum", "1.05"),
    ("PROGRAM PENINGKATAN KETENTRAMAN DAN KETERTIBAN UMUM", "1.05.02"),
    ("Kegiatan Penanganan Gangguan Ketentraman dan Ketertiban Umum", "1.05.02.2.01"),
    # p.48: printed without the list's trailing "Tingkat Kabupaten/Kota", and "Masyrakat"
    ("Sub Kegiatan Koordinasi Penyelenggaraan Ketentraman", "1.05.02.2.01.0003"),
    ("Sub Kegiatan Pemberdayaan Perlindungan Masyarakat", "1.05.02.2.01.0004"),
    ("Sub Kegiatan Pencegahan Gangguan Ketentraman", "1.05.02.2.01.0015"),
    ("Sub Kegiatan Penbyediaan Layanan Dasar", "1.05.02.2.01.0017"),  # p.49: typo and "PERDA"
    ("Kegiatan Penegakan Peraturan Daerah Kabupaten", "1.05.02.2.02"),
    ("Sub Kegiatan Sosialisasi Penegakan Peraturan Daerah", "1.05.02.2.02.0010"),  # "Kepalaq"
    ("Sub Kegiatan Penangangan Atas Pelanggaran", "1.05.02.2.02.0011"),
    ("Sub Kegiatan Pengawasan Atas Kepatuhan", "1.05.02.2.02.0012"),  # p.50: "... Peraturan Daerah Bupati/Wali Kota"
    ("Kegiatan Pembinaan Penyidik Pegawai Negeri Sipil", "1.05.02.2.03"),
    ("Sub Kegiatan Dukungan Operasional Sekretariat PPNS", "1.05.02.2.03.0005"),
    ("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "X.XX.01"),
    ("Kegiatan Perencanaan, Penganggaran, dan Evaluasi Kinerja", "X.XX.01.2.01"),
    ("Sub Kegiatan Koordinasi dan Penyusunan Laporan Capaian Kinerja", "X.XX.01.2.01.0006"),
    ("Kegiatan Administrasi Keuangan Perangkat", "X.XX.01.2.02"),  # p.50: cut at the page end, "Daerah" lost
    ("Sub Kegiatan Penyediaan Gaji dan Tunjangan ASN", "X.XX.01.2.02.0001"),
    ("Kegiatan Administrasi Kepegawaian Perangkat Daerah", "X.XX.01.2.05"),
    ("Sub Kegiatan Pengadaan Pakaian Dinas", "X.XX.01.2.05.0002"),
    ("Kegiatan Administrasi Umum Perangkat Daerah", "X.XX.01.2.06"),
    ("Sub Kegiatan Penyediaan Komponen Instalasi Listrik", "X.XX.01.2.06.0001"),
    ("Sub Kegiatan Penyediaan Peralatan dan Perlengkapan Kantor", "X.XX.01.2.06.0002"),
    ("Sub Kegiatan Penyediaan Peralatan Rumah Tangga", "X.XX.01.2.06.0003"),
    ("Sub Kegiatan Penyediaan Bahan Logistik Kantor", "X.XX.01.2.06.0004"),
    ("Sub Kegiatan Penyediaan Barang Cetakan dan Penggandaan", "X.XX.01.2.06.0005"),
    ("Sub Kegiatan Penyediaan Bahan Bacaan", "X.XX.01.2.06.0006"),
    ("Sub Kegiatan Penyelenggaraan Rapat Koordinasi", "X.XX.01.2.06.0009"),
    ("Kegiatan Pengadaan Barang Milik Daerah", "X.XX.01.2.07"),
    ("Sub Kegiatan Pengadaan Mebel", "X.XX.01.2.07.0005"),
    ("Kegiatan Penyediaan Jasa Penunjang Urusan", "X.XX.01.2.08"),
    ("Sub Kegiatan Penyediaan Jasa Surat Menyurat", "X.XX.01.2.08.0001"),
    ("Sub Kegiatan Penyediaan Jasa Komunikasi", "X.XX.01.2.08.0002"),
    ("Sub Kegiatan Penyediaan Jasa Peralatan dan Perlengkapan Kantor", "X.XX.01.2.08.0003"),
    ("Sub Kegiatan Penyediaan Jasa Pelayanan Umum Kantor", "X.XX.01.2.08.0004"),
    ("Kegiatan Pemeliharaan Barang Milik Daerah", "X.XX.01.2.09"),
    ("Sub Kegiatan Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan, dan Pajak", "X.XX.01.2.09.0001"),
    ("Sub Kegiatan Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan, Pajak", "X.XX.01.2.09.0002"),
    ("Sub Kegiatan Pemeliharaan/Rehabilitasi Gedung Kantor", "X.XX.01.2.09.0009"),
]


def _result(name: str) -> Result:
    return extracted(realdoc(name))


def _tc27_rows(result: Result) -> list[Row]:
    return [r for t in result.tables_of("TC.27") for r in t.rows if r.data.get("level") != "indicator"]


def _named(rows: list[Row], start: str) -> Row:
    found = [r for r in rows if (r.data.get("name") or "").startswith(start)]
    assert len(found) == 1, (start, [r.data.get("name") for r in found])
    return found[0]


def test_satpol_chooses_a_kabkota_list_by_its_names() -> None:
    """The funding table prints no code; its rows now carry the codes the document's lists print beside their
    names (code-from-document, pp.42-47), so the list is chosen by those codes (kegiatan segment 2)."""
    m = _result(SATPOL).matching
    assert m.status == "done" and m.jenis == "KABKOT"
    assert m.reason.startswith("kab/kota: kegiatan segment 2 in ")
    assert m.list_name == "2027-kabkota"  # both kab/kota lists know the same codes: the newer one is taken


@pytest.mark.parametrize("start, code", SATPOL_ROWS, ids=[c for _s, c in SATPOL_ROWS])
def test_satpol_every_row_gets_its_entry(start: str, code: str) -> None:
    """Every row gets its entry: 'exact' where it carries the code the document's lists print beside its name
    (flagged code-from-document), else suggested by its name."""
    row = _named(_tc27_rows(_result(SATPOL)), start)
    from_document = any(f.code == "code-from-document" for f in row.flags)
    statuses = ("exact", "name_variant") if from_document else ("code_suggested",)
    assert row.match is not None
    assert row.match.status in statuses and row.match.matched_code == code


def test_satpol_no_confident_match_outside_the_read_entries() -> None:
    expected = {code for _start, code in SATPOL_ROWS}
    for row in _tc27_rows(_result(SATPOL)):
        if row.fields().get("match_status") in ACCEPTED:
            assert row.match.matched_code in expected, (row.data["name"], row.match.matched_code)


def test_bpbd_chooses_2027_by_its_codes_and_gets_a_replacement() -> None:
    result = _result(BPBD)
    m = result.matching
    assert m.list_name == "2027-kabkota" and m.reason.startswith("kab/kota: kegiatan segment 2 in ")
    fits = {f["list"]: f for f in m.fits}
    assert fits["2027-kabkota"]["codes_named"] > fits["2023-kabkota"]["codes_named"]
    rows = _tc27_rows(result)
    # p.57: 1.05.03.2.02.0028 "Pelatihan Pencegahan dan Mitigasi Bencana Kabupaten/Kota"; the 2027 map gives 0030
    mitigasi = next(r for r in rows if r.data.get("code") == "1.05.03.2.02.0028")
    assert (mitigasi.match.status, mitigasi.match.matched_code) == ("replaced", "1.05.03.2.02.0030")
    assert m.codes_unknown == 0
    for row in rows:
        if row.data.get("code"):
            assert row.match.status in ("exact", "name_variant", "replaced"), row.data["code"]


def test_bpbd_names_run_into_the_next_column_still_match() -> None:
    """pp.51-53: the next column's text ("Tersedianya ...") is run into the name; the entry is its start."""
    rows = _tc27_rows(_result(BPBD))
    for start, code in [("Sub Kegiatan Penyediaan Peralatan dan Perlengkapan Kantor", "X.XX.01.2.06.0002"),
                        ("Sub Kegiatan Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD", "X.XX.01.2.06.0009"),
                        ("Sub Kegiatan Penyediaan Jasa Komunikasi", "X.XX.01.2.08.0002")]:
        row = _named(rows, start)
        assert (row.match.status, row.match.matched_code) == ("code_suggested", code), start


def test_kec_banyuwangi_every_printed_code_is_exact() -> None:
    result = _result(KEC)
    table = next(t for t in result.tables_of("TC.27") if t.pages and t.pages[0] == 84)
    coded = [r for r in table.rows if r.data.get("code") and r.data.get("level") != "indicator"]
    assert len(coded) > 350
    assert result.matching.jenis == "KABKOT" and result.matching.codes_unknown == 0
    assert {r.match.status for r in coded} == {"exact"}
    program = next(r for r in coded if r.data["code"] == "7.01.01")  # the penunjang program, via X.XX.01
    assert program.match.matched_code == "X.XX.01" and program.match.method == "generic-code"


def test_sumut_provincial_renstra_chooses_the_provincial_list() -> None:
    """Sumatera Utara DP3AKB 2024-2026 (Tabel 6.1 p.53): outline numbers, no codes; "PROGRAM PENUNJANG URUSAN
    PEMERINTAHAN DAERAH PROVINSI" is the provincial list's X.XX.01 (nomenklatur-2027-provinsi.csv)."""
    result = _result("sumut_dp3akb_renstra_2024-2026.pdf")
    m = result.matching
    assert (m.jenis, m.list_name) == ("PROV", "2027-provinsi") and m.reason.startswith("provinsi: 'Provinsi' in ")
    row = _named(_tc27_rows(result), "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH PROVINSI")
    assert (row.match.status, row.match.matched_code) == ("code_suggested", "X.XX.01")
