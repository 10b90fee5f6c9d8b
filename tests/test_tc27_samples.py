"""TC.27 end to end on the sample DOCX and its LibreOffice PDF: every field equals the seed's printed value."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import truth_rows

from extractor.model import Result

TRUTH = truth_rows("tc27.csv")
# Printed targets whose reading is not plain digits: the value a reader of the seed gives them.
# "1.122" is 294 + 378 + 450 (its three yearly targets): dot thousands, printed in a comma-thousands document.
SPECIAL_VALUES = {"80.1": 80.1, "0,9": 0.9, "1.122": 1122}


def expected_value(printed: str) -> float | int | None:
    if printed in ("", "-"):
        return None
    if printed in SPECIAL_VALUES:
        return SPECIAL_VALUES[printed]
    assert re.fullmatch(r"\d{1,3}(,\d{3})*", printed), f"unexpected printed number {printed!r}: add it above"
    return int(printed.replace(",", ""))


def tc27(result: Result) -> list:
    tables = result.tables_of("TC.27")
    assert len(tables) == 1, "TC.27 must come out as one table over all its pages"
    return tables[0].rows


def test_row_count_and_levels(sample_result: Result) -> None:
    rows = tc27(sample_result)
    assert len(rows) == 74
    assert Counter(r.data["level"] for r in rows) == {
        "urusan": 1, "bidang_urusan": 1, "program": 8, "kegiatan": 15, "sub_kegiatan": 49}


def test_codes_names_and_texts(sample_result: Result) -> None:
    pdf = sample_result.document.format == "pdf"
    for truth, row in zip(TRUTH, tc27(sample_result), strict=True):
        d = row.data
        assert d["code"] == truth["code"]
        assert d["level"] == truth["level"]
        printed_code = truth["code_cells"]
        if pdf:  # LibreOffice wraps "000 2" in the narrow cell: the space is not in the PDF text
            assert d["code_raw"].replace(" ", "") == printed_code.replace(" ", "")
        else:
            assert d["code_raw"] == printed_code
        assert d["name"] == truth["name"], truth["code"]
        assert d["indicator"] == truth["indicator"], truth["code"]
        assert (d["unit"] or "") == truth["unit"], truth["code"]
        assert d.get("pd", "") == truth["pd"], truth["code"]
        assert d.get("tujuan", "") == truth["tujuan"], truth["code"]
        assert d.get("sasaran", "") == truth["sasaran"], truth["code"]


def test_numbers_printed_and_read(sample_result: Result) -> None:
    for truth, row in zip(TRUTH, tc27(sample_result), strict=True):
        cells = {"baseline": ("baseline", None), "target_akhir": ("target_akhir", None),
                 "rp_akhir": ("rp_akhir", None)}
        for year in (2024, 2025, 2026):
            cells[f"target_{year}"] = ("target", year)
            cells[f"rp_{year}"] = ("rp", year)
        for column, (field, year) in cells.items():
            printed = truth[column]
            key = f"{year}.{field}" if year else field
            assert row.raw.get(key, "") == printed, (truth["code"], column)
            value = row.years.get(year, {}).get(field) if year else row.data.get(field)
            assert value == expected_value(printed), (truth["code"], column, printed, value)


def test_ambiguous_number_is_flagged(sample_result: Result) -> None:
    row = next(r for r in tc27(sample_result) if r.data["code"] == "2.17.01.2.02.0001")
    flags = [f for f in row.flags if f.field == "target_akhir"]
    assert [f.code for f in flags] == ["ambiguous-number"]
    assert "1.122" in flags[0].message


def test_odd_codes_are_flagged(sample_result: Result) -> None:
    odd = {r.data["code"] for r in tc27(sample_result) if any(f.code == "odd-code" for f in r.flags)}
    assert {"2.17.07.2.01.0013", "2.17.07.2.01.0015", "2.17.01.2.01.0001"} <= odd
    if sample_result.document.format == "docx":  # in the PDF, "000 2" wraps to "000" / "2" and reads 0002
        assert {"2.17.08.2.01.0002", "2.17.08.2.01.0003", "2.17.08.2.01.0006"} <= odd


def test_no_header_row_in_data(sample_result: Result) -> None:
    for row in tc27(sample_result):
        text = " ".join(str(v) for v in row.data.values() if isinstance(v, str)).upper()
        assert "KERANGKA PENDANAAN" not in text and "PENANGGUNG" not in text
        assert row.data["name"] not in ("Target", "Rp", "")


def test_pdf_pages_and_years() -> None:
    from conftest import SAMPLE_PDF, extracted

    table = extracted(SAMPLE_PDF).tables_of("TC.27")[0]
    assert table.years == [2024, 2025, 2026]
    assert len(table.pages) >= 4, "TC.27 runs over several landscape pages of the sample PDF"
    assert table.pages == sorted(table.pages)
    pages = [r.page for r in table.rows]
    assert pages == sorted(pages) and set(pages) == set(table.pages)


@pytest.mark.parametrize("code, year, rp", [("2.17.04", 2024, 550_000_000), ("2.17.07", 2026, 2_550_000_000),
                                            ("2.17", 2026, 7_564_889_939)])
def test_spot_values(sample_result: Result, code: str, year: int, rp: int) -> None:
    row = next(r for r in tc27(sample_result) if r.data["code"] == code)
    assert row.years[year]["rp"] == rp
