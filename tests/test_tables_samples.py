"""TC.23, TC.24, TC.25 (both variants), TC.26, TC.28 and IKU end to end on the sample DOCX and its PDF.

Every truth cell (samples/truth/*.csv, read from the seed by hand) is compared with the extracted row: text columns
with Row.data, numeric columns with the printed string (Row.raw) and the value a reader of the seed gives it.
A truth column named ``<field>_<year>`` is the yearly field ``Row.years[year][field]`` (raw key ``"<year>.<field>"``).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import truth_rows

from extractor.model import Result, Row, Table

_YEARLY = re.compile(r"^(?P<field>.+)_(?P<year>(19|20)\d\d)$")

# kind, variant, truth file, text columns, number format of the printed numbers (read off the truth files: TC.23 and
# TC.25 print "62,8" / "832.222,8" (dot thousands, decimal comma); TC.24 prints "3,199,000,000" / "85.14")
TABLES: list[tuple[str, str | None, str, tuple[str, ...], str]] = [
    ("TC.23", None, "tc23.csv", ("no", "indikator"), "id"),
    ("TC.24", None, "tc24.csv", ("name",), "en"),
    ("TC.25", "sebelum", "tc25_sebelum.csv", ("no", "tujuan", "sasaran_no", "sasaran", "indikator_no", "indikator"),
     "id"),
    ("TC.25", "sesudah", "tc25_sesudah.csv", ("no", "tujuan", "sasaran_no", "sasaran", "indikator_no", "indikator"),
     "id"),
    ("TC.26", None, "tc26.csv", ("tujuan", "sasaran", "strategi", "arah_kebijakan"), "id"),
    ("TC.28", None, "tc28.csv", ("no", "sasaran", "indikator"), "id"),
    ("IKU", None, "iku.csv", ("sasaran", "indikator", "rumus"), "id"),
]
IDS = [f"{k}-{v}" if v else k for k, v, *_ in TABLES]


def expected_value(printed: str, fmt: str) -> float | int | None:
    """The value of a printed number, by the table's printed format ('-', '##' and blanks have none)."""
    if printed in ("", "-", "##"):
        return None
    if fmt == "id":
        assert re.fullmatch(r"\d+|\d{1,3}(\.\d{3})*(,\d+)?", printed), printed
        text = printed.replace(".", "").replace(",", ".")
    else:
        assert re.fullmatch(r"\d+|\d{1,3}(,\d{3})*(\.\d+)?", printed), printed
        text = printed.replace(",", "")
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def the_table(result: Result, kind: str, variant: str | None) -> Table:
    tables = [t for t in result.tables_of(kind) if t.variant == variant]
    assert len(tables) == 1, f"{kind} {variant}: {len(tables)} tables"
    return tables[0]


def where(column: str) -> tuple[str, int | None]:
    m = _YEARLY.match(column)
    return (m.group("field"), int(m.group("year"))) if m else (column, None)


def value_of(row: Row, field: str, year: int | None) -> Any:
    return row.years.get(year, {}).get(field) if year is not None else row.data.get(field)


@pytest.mark.parametrize("kind, variant, truth_file, text_columns, fmt", TABLES, ids=IDS)
def test_every_cell(sample_result: Result, kind: str, variant: str | None, truth_file: str,
                    text_columns: tuple[str, ...], fmt: str) -> None:
    truth = truth_rows(truth_file)
    rows = the_table(sample_result, kind, variant).rows
    assert len(rows) == len(truth)
    for n, (expected, row) in enumerate(zip(truth, rows, strict=True)):
        for column, printed in expected.items():
            field, year = where(column)
            if column in text_columns:
                assert (row.data.get(column) or "") == printed, (n, column)
                continue
            key = f"{year}.{field}" if year is not None else field
            assert row.raw.get(key, "") == printed, (n, column)
            assert value_of(row, field, year) == expected_value(printed, fmt), (n, column, printed)


@pytest.mark.parametrize("kind, variant, truth_file, text_columns, fmt", TABLES, ids=IDS)
def test_no_extra_fields(sample_result: Result, kind: str, variant: str | None, truth_file: str,
                         text_columns: tuple[str, ...], fmt: str) -> None:
    """Nothing is read into a field the truth does not have (a leaked header or a misplaced cell would be)."""
    columns = set(truth_rows(truth_file)[0])
    for row in the_table(sample_result, kind, variant).rows:
        for field, value in row.data.items():
            if field.startswith("match_"):  # written by the matching (on by default), not read from the page
                continue
            assert field in columns or value in ("", None), (field, value)
        for year, values in row.years.items():
            for field, value in values.items():
                assert f"{field}_{year}" in columns or value is None, (year, field, value)


def test_years(sample_result: Result) -> None:
    assert the_table(sample_result, "TC.23", None).years == [2019, 2020, 2021, 2022]
    assert the_table(sample_result, "TC.24", None).years == [2019, 2020, 2021, 2022, 2023]
    assert the_table(sample_result, "TC.25", "sesudah").years == [2024, 2025, 2026]
    assert the_table(sample_result, "TC.28", None).years == [2023, 2024, 2025, 2026]


def test_tc24_overflow_cells_are_flagged_nulls(sample_result: Result) -> None:
    """'##' (seed lines 506, 514, 517) stays in the 2021 target K column, value null, with an overflow-cell flag."""
    rows = the_table(sample_result, "TC.24", None).rows
    overflow = [(n, f.field) for n, r in enumerate(rows) for f in r.flags if f.code == "overflow-cell"]
    names = [r.data["name"] for r in rows]
    expected = [names.index(n) for n in (
        "Kegiatan Penilaian Kesehatan Koperasi Simpan Pinjam/Unit Simpan Pinjam Koperasi yang Wilayah "
        "Keanggotaannya dalam 1 (Satu) Daerah Kabupaten/Kota",
        "Kegiatan Pengembangan Usaha Mikro dengan Orientasi Peningkatan Skala Usaha Menjadi Usaha Kecil",
        "Kegiatan Pemberdayaan Usaha Mikro yang Dilakukan Melalui Pendataan, Kemitraan, KemudahanPerijinan, "
        "Penguatan Kelembagaan dan Koordinasi dengan Para Pemangku Kepentingan")]
    assert overflow == [(n, "2021.target_k") for n in expected]
    for n in expected:
        assert rows[n].raw["2021.target_k"] == "##"
        assert rows[n].years[2021]["target_k"] is None


def test_tc24_no_header_rows_in_data(sample_result: Result) -> None:
    for row in the_table(sample_result, "TC.24", None).rows:
        assert row.data["name"] and not re.fullmatch(r"\(?\d+\)?", row.data["name"])


def test_tc25_sesudah_shifted_rows_are_flagged(sample_result: Result) -> None:
    rows = the_table(sample_result, "TC.25", "sesudah").rows
    shifted = [n for n, r in enumerate(rows) if any(f.code == "shifted-cells" for f in r.flags)]
    assert shifted == [2, 3]  # seed lines 719-720, printed two cells to the right
    assert not any(f.code == "unparsed-number" for r in rows for f in r.flags)
    sebelum = the_table(sample_result, "TC.25", "sebelum").rows
    assert not any(f.code == "shifted-cells" for r in sebelum for f in r.flags)
