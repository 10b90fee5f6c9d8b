"""Export into the e-planning import template: one row per code, years in order, parents carry their children's sums."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLE_DOCX, extracted, truth_rows
from openpyxl import load_workbook

from extractor.cli import main
from extractor.errors import InputError, ReferenceDataError
from extractor.export import export_rows, load_layout
from extractor.output import result_to_dict, write_outputs


@pytest.fixture(scope="module")
def sheet() -> tuple[list[str], list[list[object]]]:
    return export_rows(result_to_dict(extracted(SAMPLE_DOCX)), load_layout("renstra-template"))  # type: ignore[arg-type]


def _by_code(sheet: tuple[list[str], list[list[object]]]) -> dict[str, dict[str, object]]:
    header, rows = sheet
    return {str(r[1]): dict(zip(header, r, strict=True)) for r in rows if r[1]}


def test_header_is_the_template(sheet: tuple[list[str], list[list[object]]]) -> None:
    header, _ = sheet
    years = [h for y in range(1, 6) for h in (f"TARGET TAHUN {y}", f"DANA TAHUN {y}")]
    assert header == ["SASARAN", "KODE", "PROGRAM DAN KEGIATAN", "SATUAN", "INDIKATOR", "DATA CAPAIAN AWAL", *years,
                      "LOKASI", "KETERANGAN"]


def test_one_row_per_truth_row_and_generic_codes_written_lower_x(sheet: tuple[list[str], list[list[object]]]) -> None:
    truth = truth_rows("tc27.csv")
    _, rows = sheet
    assert len(rows) == len(truth)
    codes = [str(r[1]) for r in rows if r[1]]
    assert "x.xx.01.2.01.0001" in codes and "2.17.01.2.01.0001" not in codes  # the supporting program, generic form
    assert "2.17.03.2.01.0001" in codes  # a bidang's own program keeps its code


def test_years_in_order_three_year_plan_fills_tahun_1_to_3(sheet: tuple[list[str], list[list[object]]]) -> None:
    row = _by_code(sheet)["x.xx.01"]  # program 2.17.01, truth: 2024/2025/2026 targets 80 / 80.1 / 81
    assert (row["TARGET TAHUN 1"], row["TARGET TAHUN 2"], row["TARGET TAHUN 3"]) == (80, 80.1, 81)
    assert row["TARGET TAHUN 4"] is None and row["DANA TAHUN 5"] is None


def _truth_leaf_sum(prefix: str, year: int) -> int:
    """The sum of the printed Rp of the sub-kegiatan under ``prefix`` in the truth (what a parent must carry)."""
    return sum(int(r[f"rp_{year}"].replace(",", "")) for r in truth_rows("tc27.csv")
               if r["level"] == "sub_kegiatan" and r["code"].startswith(prefix + ".") and r[f"rp_{year}"])


def test_parents_carry_the_sum_of_their_children(sheet: tuple[list[str], list[list[object]]]) -> None:
    rows = _by_code(sheet)
    # kegiatan 2.17.03.2.01 printed 70,000,000 in 2024; its sub-kegiatan add up to 140,000,000 (the audit's finding)
    assert rows["2.17.03.2.01"]["DANA TAHUN 1"] == 140_000_000 == _truth_leaf_sum("2.17.03.2.01", 2024)
    # program 2.17.04 printed 550,000,000 in 2024: it carries the sum of its kegiatan, each the sum of its leaves
    assert rows["2.17.04"]["DANA TAHUN 1"] == _truth_leaf_sum("2.17.04", 2024) != 550_000_000
    assert rows["2.17.07"]["DANA TAHUN 3"] == _truth_leaf_sum("2.17.07", 2026)
    # a leaf keeps its printed value: 2.17.01.2.01.0001 Rp 35,000,000 in 2024 (truth row 5)
    assert rows["x.xx.01.2.01.0001"]["DANA TAHUN 1"] == 35_000_000


def test_cli_export_writes_the_sheet(tmp_path: Path) -> None:
    write_outputs(extracted(SAMPLE_DOCX), tmp_path)  # type: ignore[arg-type]
    json_path = tmp_path / f"{SAMPLE_DOCX.stem}.json"
    res = CliRunner().invoke(main, ["export", str(json_path), "--to", "renstra-template", "-o",
                                    str(tmp_path / "import.xlsx")])
    assert res.exit_code == 0, res.output
    ws = load_workbook(tmp_path / "import.xlsx").active
    assert ws.title == "Renstra" and ws.max_row == 75


def test_unknown_layout_and_no_tc27_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match="unknown export layout 'nope'"):
        load_layout("nope")
    with pytest.raises(InputError, match="no TC.27"):
        export_rows({"document": {"file": "x.pdf"}, "tables": []}, load_layout("renstra-template"))
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    res = CliRunner().invoke(main, ["export", str(bad), "-o", str(tmp_path / "o.xlsx")])
    assert res.exit_code == 1 and "not a readable JSON file" in res.output
    assert not (tmp_path / "o.xlsx").exists()


def test_export_reads_back_through_our_spreadsheet_reader(tmp_path: Path,
                                                          sheet: tuple[list[str], list[list[object]]]) -> None:
    """Round trip: the written sheet, extracted again (a caption-less template: a TC.27 by its header shape),
    gives the same rows: code, name, indicator, unit, baseline and every year's target and Rp."""
    from extractor.codes import generic_form
    from extractor.export import export_result
    from extractor.pipeline import extract

    path = export_result(result_to_dict(extracted(SAMPLE_DOCX)), "renstra-template", tmp_path / "import.xlsx")
    (table,) = extract(path).tables_of("TC.27")
    header, rows = sheet
    assert len(table.rows) == len(rows)
    assert table.years == [1, 2, 3, 4, 5]  # TAHUN 1..5 with no period printed: kept as the plan's year numbers
    for row, written in zip(table.rows, rows, strict=True):
        w = dict(zip(header, written, strict=True))
        printed = str(w["KODE"] or "")
        assert (row.data["code"] or "") == (generic_form(printed.replace("x.xx", "X.XX")) if printed else "")
        assert row.data["name"] == (w["PROGRAM DAN KEGIATAN"] or "")
        assert (row.data.get("indicator") or "") == (w["INDIKATOR"] or "")
        assert row.data.get("baseline") == w["DATA CAPAIAN AWAL"]
        for n in range(1, 6):
            assert row.years[n]["target"] == w[f"TARGET TAHUN {n}"]
            assert row.years[n]["rp"] == w[f"DANA TAHUN {n}"]


def test_export_of_a_real_document_reads_back(tmp_path: Path) -> None:
    """BPBD Renstra 2025-2029 (TC.27 pp.50-58): every coded row of its funding table is one row of the sheet,
    in order, with the same Rp per year, and the sheet reads back to the same codes."""
    from conftest import realdoc

    from extractor.export import export_result
    from extractor.pipeline import extract

    path = realdoc("banyuwangi_renstra_2025-2029_bpbd.pdf")
    result = result_to_dict(extracted(path))  # type: ignore[arg-type]
    tc27 = max((t for t in result["tables"] if t["kind"] == "TC.27"), key=lambda t: sum(1 for r in t["rows"]
                                                                                          if r.get("code")))
    coded = [r for r in tc27["rows"] if r.get("level") in ("urusan", "bidang_urusan", "program", "kegiatan",
                                                          "sub_kegiatan", "indicator")]
    sheet = export_result(result, "renstra-template", tmp_path / "bpbd.xlsx")
    (back,) = [t for t in extract(sheet).tables_of("TC.27")]
    assert len(back.rows) == len(coded)
    first_year = min(int(y) for y in tc27["years"])
    leaves = [(r, b) for r, b in zip(coded, back.rows, strict=True) if r.get("level") == "sub_kegiatan"]
    assert leaves
    for r, b in leaves:  # a leaf keeps its printed Rp; the sheet's TAHUN 1 is the plan's first year
        assert b.years[1]["rp"] == (r["years"].get(str(first_year)) or {}).get("rp")
        assert (b.data["code"] or "").split(".")[2:] == (r["code"] or "").split(".")[2:]
