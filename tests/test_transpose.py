"""A TC.23/TC.24 printed with its years as rows ("Tahun | Pagu Anggaran | Realisasi | Rasio") is read turned round.

Pengairan Banyuwangi 2025-2029, "Tabel 6. Anggaran dan Realisasi Pendanaan Pelayanan Dinas Pekerjaan Umum
Pengairan" (PDF p.46, printed 39), values read from the page image (pdftoppm -r 80): before, its year column was
not typed and the table had no years.
"""

from __future__ import annotations

import pytest
from conftest import extracted, realdoc

from extractor.model import BodyRow, LogicalTable, Result
from extractor.transpose import caption_subject, turned, years_as_rows


def _logical(header: list[str], rows: list[list[str]]) -> LogicalTable:
    body = [BodyRow(cells=tuple(r), page=4, fragment=0, source_row=i) for i, r in enumerate(rows)]
    return LogicalTable(kind="TC.24", caption="Tabel 2.5 Anggaran dan Realisasi", fragments=[], header=[header],
                        body=body)


def test_a_table_with_years_as_rows_is_turned() -> None:
    table = _logical(["Tahun", "Anggaran", "Realisasi"], [["2020", "10", "9"], ["2021", "20", "18"]])
    assert years_as_rows(table)
    out, notes = turned(table)
    assert out.header == [["Uraian", "2020", "2020", "2021", "2021"],
                          ["Uraian", "Anggaran", "Realisasi", "Anggaran", "Realisasi"]]
    assert [b.cells for b in out.body] == [("Anggaran dan Realisasi", "10", "9", "20", "18")]
    assert [n.code for n in notes] == ["years-as-rows"]


def test_a_program_table_is_left_alone() -> None:
    table = _logical(["Program", "2020", "2021"], [["Program A", "10", "9"], ["Program B", "20", "18"]])
    assert not years_as_rows(table)
    assert turned(table) == (table, [])
    one_year = _logical(["Tahun", "Anggaran"], [["2020", "10"], ["Jumlah", "10"]])
    assert not years_as_rows(one_year)  # one year row: nothing to turn


def test_caption_subject() -> None:
    assert caption_subject("Tabel 6. Anggaran dan Realisasi") == "Anggaran dan Realisasi"
    assert caption_subject("Tabel 2.1.6 Anggaran") == "Anggaran"
    assert caption_subject(None) == ""


@pytest.mark.realdocs
def test_pengairan_tc24_years_as_rows() -> None:
    result = extracted(realdoc("banyuwangi_renstra_2025-2029_pengairan.pdf"))
    assert isinstance(result, Result)
    table = next(t for t in result.tables if t.kind == "TC.24" and t.pages == [46])
    assert table.years == [2020, 2021, 2022, 2023, 2024]
    assert len(table.rows) == 1
    row = table.rows[0]
    assert row.data["name"] == "Anggaran dan Realisasi Pendanaan Pelayanan Dinas Pekerjaan Umum Pengairan"
    printed = {2020: (169_426_136_800, 150_660_055_532, 0.89), 2021: (264_903_747_585, 255_855_003_497, 0.97),
               2022: (248_571_235_314, 240_811_535_616, 0.97), 2023: (210_297_505_087, 201_299_041_535, 0.96),
               2024: (255_604_519_211, 200_323_890_887, 0.78)}
    for year, values in printed.items():
        got = row.years[year]
        assert (got["target_rp"], got["realisasi_rp"], got["rasio_rp"]) == values
    assert (row.data["rata_anggaran"], row.data["rata_realisasi"]) == (7, 4)  # "Rata-rata Pertumbuhan": 7%, 4%
    assert "years-as-rows" in [n.code for n in table.notes]
