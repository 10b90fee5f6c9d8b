"""Captions, titles and header signatures: which TC kind a table is."""

from __future__ import annotations

import pytest

from extractor.model import Cell, RawTable
from extractor.recognise import caption_kind, captions_on_pages, find_caption, header_kind


@pytest.mark.parametrize("line, kind", [
    ("Tabel TC. 27", "TC.27"),  # the seed
    ("Tabel T-C.27", "TC.27"),
    ("Tabel: 6.2 (TC 27)", "TC.27"),
    ("Tabel TC,28", "TC.28"),  # the seed's list of tables
    ("Tabel TC 24", "TC.24"),  # the seed
    ("Tabel 4.2 Rencana Program/Kegiatan/Sb Kegiatan dan Pendanaan", "TC.27"),  # Satpol PP p.48
    ("TABEL 4.3 RENCANA PROGRAM / KEGIATAN / SUBKEGIATAN DAN PENDANAAN PEMERINTAH KABUPATEN BANYUWANGI", "TC.27"),
    ("Tabel 4.3. Matrik Rencana Program, Kegiatan dan Pendanaan Kecamatan Banyuwangi", "TC.27"),
    ("Perubahan Rencana Program, Kegiatan dan Pendanaan Indikatif Dinas Koperasi dan Usaha Mikro", "TC.27"),
    ("Tabel 2.1.6 Anggaran dan Realisasi Pendanaan Pelayanan Kecamatan Banyuwangi", "TC.24"),
    ("Table 7.1 IKU", "IKU"),
])
def test_caption_spellings(line: str, kind: str) -> None:
    cap = caption_kind(line)
    assert cap is not None and cap.kind == kind


@pytest.mark.parametrize("line", [
    "Tabel di bawah ini menunjukkan Indikator Kinerja Dinas Koperasi dan Usaha Mikro Kabupaten Magetan yang "
    "mengacu pada Sasaran SKPD Tahun 2024-2026.",  # seed, BAB VII prose
    "Dalam tabel TC. 23 diatas dapat dilihat bahwa fungsi pelayanan",
    "Tabel 2.2",
    "",
])
def test_not_captions(line: str) -> None:
    assert caption_kind(line) is None


def test_nearest_caption_and_variant() -> None:
    context = ("Dalam tabel TC. 23 diatas dapat dilihat ...", "Tabel TC. 25", "Tujuan dan Sasaran Jangka Menengah",
               "Tahun 2024 – 2026", "Sebelum Perubahan")
    cap, variant = find_caption(context)
    assert cap is not None and cap.kind == "TC.25" and variant == "sebelum"


def test_other_table_caption_stops_the_search() -> None:
    cap, _ = find_caption(("Tabel TC. 24", "some text", "Tabel 3.1", "Permasalahan Pelayanan"))
    assert cap is None


def test_caption_over_two_lines_and_list_of_tables() -> None:
    page = "Dengan ditetapkannya tujuan\nTabel 5.1\nRencana Program, Kegiatan, Indikator Kinerja, Kelompok " \
           "Sasaran, dan Pendanaan Indikatif\nDKP Kabupaten Cianjur tahun 2011-2016"  # Cianjur Renstra p.44
    toc = "DAFTAR TABEL\nTabel TC.27 Rencana Program Kegiatan dan Pendanaan indikatif ..... 42\n"
    found = captions_on_pages([page, toc])
    assert [(p, c.kind) for p, c in found] == [(1, "TC.27")]


def _table(rows: list[list[str]]) -> RawTable:
    cells = tuple(Cell(text=t, row=r, col=c) for r, row in enumerate(rows) for c, t in enumerate(row))
    return RawTable(source="t", format="docx", index=0, page=None, n_rows=len(rows), n_cols=len(rows[0]),
                    cells=cells)


def test_header_signature_tc27_vs_tc24() -> None:
    tc27 = _table([["KODE", "PROGRAM/ KEGIATAN", "INDIKATOR", "Baseline", "2024", "2024"],
                   ["", "", "", "", "Target", "Rp"],
                   ["2", "URUSAN", "", "", "", ""]])
    tc24 = _table([["Program/Kegiatan", "Target Renstra", "Realisasi Capaian", "Rasio Capaian"],
                   ["", "K", "K", "K"],
                   ["Program X", "74", "63", "85.14"]])
    assert header_kind(tc27) == ("TC.27", 2)
    assert header_kind(tc24)[0] == "TC.24"


def test_header_words_and_years_broken_by_a_narrow_column() -> None:
    """'Kondis' / 'i Awal' and '201' / '8' (a Word table's narrow columns in its PDF): the header is still a TC.28
    header of two rows (the years row counts)."""
    raw = _table([["N\no", "Indikator\nSasaran", "Kondis\ni Awal", "Target Kinerja", "Target Kinerja"],
                ["N\no", "Indikator\nSasaran", "Kondis\ni Awal", "201\n8", "201\n9"],
                ["1.", "Indeks pelayanan", "N/A", "82,5", "83"]])
    assert header_kind(raw) == ("TC.28", 2)
