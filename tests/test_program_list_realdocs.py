"""Lists of programs without yearly columns (PROGRAM-LIST), read end to end from real documents.

Values read from the page images (pdftoppm -r 80), never from the tool's output:
- Satpol PP Banyuwangi 2025-2029: "TABEL 4.2.1 Teknik Merumuskan Program / Kegiatan / Subkegiatan" (PDF pp.42-47,
  printed 38-43: NSPK | Tujuan | Sasaran | Outcome | Output | Indikator | Program/Kegiatan/Subkegiatan as
  "code - name" | Keterangan) and "TABEL 4.3 Daftar Subkegiatan Prioritas" (p.56); its funding table (pp.48-54)
  prints names only.
- Kec. Banyuwangi 2025-2029: "Tabel 4.1. Program, Kegiatan dan Sub Kegiatan Renstra" (p.66, printed 61:
  NO | PROGRAM PRIORITAS | SUB KEGIATAN | PAGU ANGGARAN (RP)), taken for a TC.27 before.
- Dinsos PPKB Banyuwangi 2025-2029: "Tabel 4.1 Program Prioritas Renstra ..." (pp.82-83, printed IV-1, IV-2:
  Tujuan Pemerintah Daerah | Sasaran Pemerintah Daerah | Tujuan Perangkat Daerah | Sasaran Perangkat Daerah |
  Program Prioritas), one program a row, no code.
"""

from __future__ import annotations

import re

import pytest
from conftest import extracted, realdoc

from extractor.model import Result, Row, Table

pytestmark = pytest.mark.realdocs

SATPOL = "banyuwangi_renstra_2025-2029_satpolpp.pdf"
KECAMATAN = "banyuwangi_renstra_2025-2029_kec-banyuwangi.pdf"
DINSOS = "banyuwangi_renstra_2025-2029_dinsosppkb.pdf"


def _result(name: str) -> Result:
    result = extracted(realdoc(name))
    assert isinstance(result, Result)
    return result


def _table(name: str, kind: str, first_page: int) -> Table:
    found = [t for t in _result(name).tables if t.kind == kind and t.pages and t.pages[0] == first_page]
    assert len(found) == 1, [(t.kind, t.pages[:2]) for t in _result(name).tables]
    return found[0]


def _text(value: object) -> str:
    return " ".join(str(value or "").split())


def _coded(table: Table, code: str) -> list[Row]:
    return [r for r in table.rows if r.data.get("code") == code]


# p.42-47: every sub kegiatan code the list prints (the 23 codes of the document)
SATPOL_SUB_KEGIATAN = {
    "1.05.02.2.01.0003", "1.05.02.2.01.0004", "1.05.02.2.01.0006", "1.05.02.2.01.0010", "1.05.02.2.01.0015",
    "1.05.02.2.01.0017", "1.05.02.2.02.0010", "1.05.02.2.02.0011", "1.05.02.2.02.0012", "1.05.02.2.03.0006",
    "1.05.01.2.01.0001", "1.05.01.2.01.0007", "1.05.01.2.02.0001", "1.05.01.2.02.0003", "1.05.01.2.06.0001",
    "1.05.01.2.06.0002", "1.05.01.2.06.0003", "1.05.01.2.06.0004", "1.05.01.2.06.0009", "1.05.01.2.08.0001",
    "1.05.01.2.08.0002", "1.05.01.2.08.0004", "1.05.01.2.09.0001",
}


def test_satpol_teknik_merumuskan_is_a_program_list_with_every_code() -> None:
    table = _table(SATPOL, "PROGRAM-LIST", 42)
    assert table.pages == [42, 43, 44, 45, 46, 47]
    assert table.header["understood"] and not table.years
    assert {r.data["code"] for r in table.rows if r.data.get("level") == "sub_kegiatan"} == SATPOL_SUB_KEGIATAN


@pytest.mark.parametrize(("code", "page", "name", "indicator"), [
    # p.44 (printed 40), first row: it was glued to the last row of p.43 before
    ("1.05.02.2.01.0015", 44, "Pencegahan Gangguan Ketenteraman dan Ketertiban Umum Melalui Deteksi Dini dan "
     "Cegah Dini, Pembinaan dan Penyuluhan, Pelaksanaan Patroli, Pengamanan, dan Pengawalan",
     "Jumlah Laporan Gangguan Ketenteraman dan Ketertiban Umum yang Dicegah Melalui Deteksi Dini"),
    ("1.05.02.2.03.0006", 44, "Pengembangan Kapasitas dan Karier PPNS", "Jumlah Laporan Hasil Pengembangan"),
    ("1.05.02.2.01.0010", 43, "Peningkatan Kapasitas SDM Satuan Polisi Pamong Praja melalui Pendidikan",
     "Jumlah Aparatur Satpol PP yang mengikuti Pendidikan dan Pelatihan Dasar Polisi Pamong Praja"),
])
def test_satpol_program_list_rows(code: str, page: int, name: str, indicator: str) -> None:
    rows = _coded(_table(SATPOL, "PROGRAM-LIST", 42), code)
    assert len(rows) == 1
    row = rows[0]
    assert (row.page, row.data["level"]) == (page, "sub_kegiatan")
    assert _text(row.data["name"]).startswith(name)
    assert _text(row.data["name"]).count(" - ") == 0  # one row, not two glued
    assert _text(row.data["indicator"]).replace("umlah", "Jumlah", 1).startswith(indicator) or \
        _text(row.data["indicator"]).startswith(indicator)


@pytest.mark.parametrize(("code", "page", "name"), [
    # p.44 (printed 40): the three cells of the kegiatan, each "1.05.02.2.02 - Penegakan Peraturan / Daerah / ...",
    # and a sub kegiatan; the space after "Penegakan" in the Indikator column lies over the first letter of the line
    ("1.05.02.2.02", 44, "Penegakan Peraturan Daerah Kabupaten/Kota dan Peraturan Bupati/Wali Kota"),
    ("1.05.02.2.02.0010", 44, "Sosialisasi Penegakan Peraturan Daerah dan Peraturan Kepala Daerah"),
    # p.45 (printed 41): "1.05.01 - PROGRAM / PENUNJANG / URUSAN / ..." beside "kebutuhan penunjang"
    ("1.05.01", 45, "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"),
])
def test_satpol_program_list_no_letter_cut_off_its_word(code: str, page: int, name: str) -> None:
    rows = [r for r in _coded(_table(SATPOL, "PROGRAM-LIST", 42), code) if r.page == page]
    assert rows
    assert {_text(r.data["name"]) for r in rows} == {name}


def test_satpol_priority_list() -> None:
    """p.56: NO | PROGRAM PRIORITAS | OUTCOME | KEGIATAN / SUBKEGIATAN | KETERANGAN, one program over 9 lines."""
    table = _table(SATPOL, "PROGRAM-LIST", 56)
    coded = [r for r in table.rows if r.data.get("code")]
    assert [r.data["code"] for r in coded] == [
        "1.05.02.2.01", "1.05.02.2.01.0004", "1.05.02.2.01.0015", "1.05.02.2.01.0017", "1.05.02.2.02",
        "1.05.02.2.02.0010", "1.05.02.2.02.0011", "1.05.02.2.03", "1.05.02.2.03.0006"]
    assert {_text(r.data["program"]) for r in coded} == {
        "1.05.02 - PROGRAM PENINGKATAN KETENTERAMAN DAN KETERTIBAN UMUM"}
    assert _text(coded[0].data["outcome"]) == "Meningkatnya Partisipasi Masyarakat Dalam Penegakan Perda"
    assert _text(coded[-1].data["name"]) == "Pengembangan Kapasitas dan Karier PPNS"


def test_satpol_funding_rows_take_the_code_printed_beside_their_name() -> None:
    """The funding table (p.48-54) prints names only: a row takes the code the lists print for its name, flagged;
    a name the lists do not print ("Dukungan Operasional Sekretariat PPNS", p.50) gets none."""
    funding = _table(SATPOL, "TC.27", 48)
    row = next(r for r in funding.rows if _text(r.data["name"]).startswith(
        "Sub Kegiatan Pemberdayaan Perlindungan Masyarakat"))
    assert row.data["code"] == "1.05.02.2.01.0004"
    assert row.data["code_raw"] == ""
    assert [f.code for f in row.flags if f.code == "code-from-document"] == ["code-from-document"]
    # p.49: Dokumen | baseline 1 | 2025: 1, 200,000,000 | 2026: 1, 250,000,000
    assert [(row.years[y]["target"], row.years[y]["rp"]) for y in (2025, 2026)] == [(1, 200_000_000),
                                                                                   (1, 250_000_000)]
    ppns = next(r for r in funding.rows if _text(r.data["name"]).startswith("Sub Kegiatan Dukungan Operasional"))
    assert ppns.data["code"] is None
    printed = {r.data["code"] for t in _result(SATPOL).tables if t.kind == "PROGRAM-LIST" for r in t.rows}
    assert {r.data["code"] for r in funding.rows if r.data.get("code")} <= printed


# Funding rows (pp.48-50) whose names differ from the list's by a typo, a cut or an abbreviation, and the code
# the list prints for the same sub kegiatan (page images: p.48 "Koordinasi Penyelenggaraan ... Serta Perlindungan
# Masyrakat"; p.49 "Penbyediaan Layanan Dasar ... Penegakan PERDA dan Peraturan Kepala Daerah"; p.50 "Pengawasan Atas
# Kepatuhan Terhadap Pelaksanaan Peraturan Daerah Bupati/Wali Kota"; list p.43-44).
@pytest.mark.parametrize(("start", "code"), [
    ("Sub Kegiatan Koordinasi Penyelenggaraan Ketentraman", "1.05.02.2.01.0003"),
    ("Sub Kegiatan Penbyediaan Layanan Dasar", "1.05.02.2.01.0017"),
    ("Sub Kegiatan Pengawasan Atas Kepatuhan", "1.05.02.2.02.0012"),
    ("Kegiatan Administrasi Keuangan Perangkat", "1.05.01.2.02"),  # the list's 1.05.01.2.02 for X.XX.01.2.02
])
def test_satpol_funding_rows_take_the_printed_code_their_name_matches(start: str, code: str) -> None:
    funding = _table(SATPOL, "TC.27", 48)
    row = next(r for r in funding.rows if _text(r.data["name"]).startswith(start))
    assert row.data["code"] == code
    flags = [f for f in row.flags if f.code == "code-from-document"]
    assert len(flags) == 1 and code in flags[0].message


def test_satpol_listed_sub_kegiatan_without_funding_row_are_named() -> None:
    """Six sub kegiatan of the list (pp.43-45) have no row in the funding table (pp.48-54 print none of their
    names: "Penyusunan Dokumen Perencanaan", "Evaluasi Kinerja Perangkat Daerah", "Penatausahaan", "Kerja Sama
    antar Lembaga", "Peningkatan Kapasitas SDM", "Karier PPNS"): a note names them, and only them."""
    notes = [n for n in _result(SATPOL).notes if n.code == "listed-not-funded"]
    assert len(notes) == 1
    named = set(re.findall(r"\d\.\d\d\.\d\d\.\d\.\d\d\.\d{4}", notes[0].message))
    assert named == {"1.05.01.2.01.0001", "1.05.01.2.01.0007", "1.05.01.2.02.0003", "1.05.02.2.01.0006",
                     "1.05.02.2.01.0010", "1.05.02.2.03.0006"}
    funding = _table(SATPOL, "TC.27", 48)
    assert {r.data["code"] for r in funding.rows if r.data.get("level") == "sub_kegiatan"} & named == set()


@pytest.mark.parametrize(("name", "program", "pagu"), [
    ("Penyediaan Komponen Instalasi Listrik/Penerangan Bangunan Kantor",
     "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", 97_997_500),  # 97.997.500,00
    ("Penyediaan Jasa Pelayanan Umum Kantor", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
     1_404_000_000),  # 1.404.000.000,00
    ("Pemeliharaan/Rehabilitasi Gedung Kantor dan Bangunan Lainnya",
     "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", 1_837_478_508),
    ("Pelaksanaan Urusan Pemerintahan yang Terkait dengan Kewenangan Lain yang Dilimpahkan",
     "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik", 79_310_400),
])
def test_kecamatan_priority_list_with_pagu(name: str, program: str, pagu: int) -> None:
    """p.66: no longer a TC.27 with no years; each sub kegiatan under its program, with its pagu."""
    assert not [t for t in _result(KECAMATAN).tables if t.kind == "TC.27" and 66 in t.pages]
    table = _table(KECAMATAN, "PROGRAM-LIST", 66)
    row = next(r for r in table.rows if _text(r.data["name"]) == name)
    assert _text(row.data["program"]) == program
    assert row.data["rp"] == pagu
    assert row.data["level"] == "sub_kegiatan"  # the column's header, "SUB KEGIATAN"


def test_a_kind_asked_for_that_the_document_lacks_is_named() -> None:
    """Satpol PP prints no TC.24 (its list of tables, p.4, names a "T-C. 24 Anggaran dan Realisasi Pendanaan", but
    no page prints it): asked for, a note says so."""
    from extractor.pipeline import extract

    result = extract(realdoc(SATPOL), {"kinds": ("TC.27", "TC.24")}, nomenclature="none")
    assert {t.kind for t in result.tables} == {"TC.27"}
    assert [n.message for n in result.notes if n.code == "table-not-found"] == [
        "no TC.24 table was found in the document"]


DINSOS_PRIORITY_PROGRAMS = [  # pp.82-83, column Program Prioritas, top to bottom
    "Program perlindungan dan jaminan sosial", "Program penanganan warga negara migran korban tindak kekerasan",
    "Program rehabilitasi sosial", "Program pengarusutamaan gender dan pemberdayaan perempuan",
    "Program perlindungan perempuan", "Program peningkatan kualitas keluarga", "Program pemenuhan hak anak",
    "Program pemberdayaan dan peningkatan keluarga sejahtera", "Program pemberdayaan sosial",
    "Program pengendalian penduduk", "Program pembinaan keluarga berencana (KB)",
]


def test_dinsos_priority_programs_are_the_list_items() -> None:
    """The only item column, "Program Prioritas", holds the names (it was typed as the programs' group: 0 rows)."""
    table = _table(DINSOS, "PROGRAM-LIST", 82)
    assert table.pages == [82, 83]
    assert table.header["understood"]
    assert table.columns == ["tujuan_rpjmd", "sasaran_rpjmd", "tujuan", "sasaran", "name"]
    assert [_text(r.data["name"]) for r in table.rows] == DINSOS_PRIORITY_PROGRAMS
    assert {r.data["level"] for r in table.rows} == {"program"}
    first, migran, pengendalian = table.rows[0], table.rows[1], table.rows[9]
    assert (first.page, migran.page) == (82, 83)
    assert _text(first.data["tujuan_rpjmd"]) == "Meningkatnya taraf kesejahteraan sosial masyarakat"
    assert _text(first.data["sasaran_rpjmd"]) == "Berkurang Beban Pengeluaran Masyarakat Miskin dan Rentan"
    assert _text(first.data["sasaran"]) == "Meningkatnya kemandirian dan integrasi sosial KPM dalam masyarakat"
    # the Tujuan Perangkat Daerah cell runs on over the page break: one value
    assert _text(migran.data["tujuan"]) == (
        "Meningkatkan kualitas pembangunan sosial yang berkeadilan melalui penguatan peranan sosial masyarakat, "
        "pembangunan berwawasan kependudukan, serta pengurangan ketimpangan gender")
    assert _text(migran.data["sasaran_rpjmd"]) == "Meningkatnya Peranan Sosial masyarakat"
    assert _text(migran.data["sasaran"]) == "Meningkatnya kualitas pemberdayaan perempuan dan Perlindungan Anak"
    assert _text(pengendalian.data["tujuan_rpjmd"]) == "Meningkatnya daya saing sumber daya manusia"
    assert _text(pengendalian.data["sasaran_rpjmd"]) == "Kesehatan berkualitas dan Merata"
    assert _text(pengendalian.data["sasaran"]) == "Meningkatnya Keberhasilan Pembangunan Keluarga"


def test_satpol_unit_line_is_kept_in_a_flag_not_dropped() -> None:
    """Satpol PP p.42 prints the unit's own line in the program list, "1.05.0.00.0.00.01.0000 - Satuan Polisi
    Pamong Praja": no program code, no name column, so it makes no row. It used to vanish without a word; it is
    now kept, word for word, in an unplaced-cell flag on the row after it."""
    table = _table(SATPOL, "PROGRAM-LIST", 42)
    said = [f.message for r in table.rows for f in r.flags if f.code == "unplaced-cell"]
    assert any(m.endswith("'1.05.0.00.0.00.01.0000 - Satuan Polisi Pamong Praja'") for m in said), said
