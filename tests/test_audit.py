"""The arithmetic audit on the sample (DOCX and PDF): the exact list of findings, worked out by hand from the seed.

TC.27 (samples/truth/tc27.csv, every parent against its children, every row's end of period against its years):
- bidang 2.17 prints 4,964,889,939 / 5,299,889,939 / 7,564,889,939 / 17,829,669,817, the sums of its 8 programs:
  nothing. Every row's Rp akhir equals the sum of its three years: nothing.
- Parents whose Rp differs from the sum of their children (printed / sum):
  program 2.17.03 (one kegiatan 2.17.03.2.01 at 70M / 80M / 100M / 250M): 2025 120M / 80M, 2026 120M / 100M,
    akhir 310M / 250M (2024 70M agrees);
  kegiatan 2.17.03.2.01 (4 sub kegiatan at 35M / 40M / 50M / 125M each): 70M / 140M, 80M / 160M, 100M / 200M,
    250M / 500M;
  program 2.17.04 (kegiatan 2.17.04.2.01 at 200M / 200M / 220M / 620M): 550M / 200M, 660M / 200M, 770M / 220M,
    1,980M / 620M;
  kegiatan 2.17.04.2.01 (sub kegiatan 0001-0003): 200M / 365M, 200M / 365M, 220M / 390M, 620M / 1,120M;
  kegiatan 2.17.06.2.01 (sub kegiatan 0001-0008): 140M / 250M, 170M / 300M, 225M / 400M, 535M / 950M;
  program 2.17.07 (kegiatan 2.17.07.2.01 at 455M / 500M / 550M / 1,505M): 2026 2,550M / 550M, akhir
    3,505M / 1,505M (2024 and 2025 agree);
  kegiatan 2.17.07.2.01 (9 sub kegiatan): 455M / 555M, 500M / 600M, 550M / 675M, 1,505M / 1,830M;
  kegiatan 2.17.08.2.01 (4 sub kegiatan at 225M / 250M / 275M / 750M): 450M / 900M, 500M / 1,000M,
    550M / 1,100M, 1,500M / 3,000M.
- Count indicators whose end-of-period target is not the sum of the years (percent/index indicators and rows
  without an indicator are not counts): 2.17.03 "Jumlah Koperasi aktif" 72 / 555+560+563; 2.17.05.2.03 and
  2.17.05.2.03.0001 50 / 25x3; 2.17.07.2.01 750 / 50x3; 2.17.08.2.01 10 / 10x3.
TC.23 (samples/truth/tc23.csv): row 1 "Nilai Omset" prints ratios 120 / 101 / 110 / 120 while its realisations
over its targets give 870.110 / 685.625 = 126.91 %, 801.884 / 740.500 = 108.29 %, 941.770 / 801.790 = 117.46 %,
1.098.536 / 873.840 = 125.71 %. Every other TC.23 ratio is within a point (84 for 62,8 / 74 = 84.86; 142 for
1,4 / 0,98 = 142.86 ...).
TC.24 (samples/truth/tc24.csv): every printed ratio is within a point of realisation / target x 100 (103 for
82 / 80 = 102.5; 12.31 for 393,743,250 / 3,199,000,000; 1050 for 21 / 2); the three ratios over a '##' target
cannot be checked: nothing.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLE_DOCX

from extractor.model import Result, Row, Table

M = 1_000_000
CHILDREN = [  # code, [(field, year, printed, sum of children)]
    ("2.17.03", [("rp", 2025, 120 * M, 80 * M), ("rp", 2026, 120 * M, 100 * M), ("rp_akhir", None, 310 * M, 250 * M)]),
    ("2.17.03.2.01", [("rp", 2024, 70 * M, 140 * M), ("rp", 2025, 80 * M, 160 * M), ("rp", 2026, 100 * M, 200 * M),
                      ("rp_akhir", None, 250 * M, 500 * M)]),
    ("2.17.04", [("rp", 2024, 550 * M, 200 * M), ("rp", 2025, 660 * M, 200 * M), ("rp", 2026, 770 * M, 220 * M),
                 ("rp_akhir", None, 1980 * M, 620 * M)]),
    ("2.17.04.2.01", [("rp", 2024, 200 * M, 365 * M), ("rp", 2025, 200 * M, 365 * M), ("rp", 2026, 220 * M, 390 * M),
                      ("rp_akhir", None, 620 * M, 1120 * M)]),
    ("2.17.06.2.01", [("rp", 2024, 140 * M, 250 * M), ("rp", 2025, 170 * M, 300 * M), ("rp", 2026, 225 * M, 400 * M),
                      ("rp_akhir", None, 535 * M, 950 * M)]),
    ("2.17.07", [("rp", 2026, 2550 * M, 550 * M), ("rp_akhir", None, 3505 * M, 1505 * M)]),
    ("2.17.07.2.01", [("rp", 2024, 455 * M, 555 * M), ("rp", 2025, 500 * M, 600 * M), ("rp", 2026, 550 * M, 675 * M),
                      ("rp_akhir", None, 1505 * M, 1830 * M)]),
    ("2.17.08.2.01", [("rp", 2024, 450 * M, 900 * M), ("rp", 2025, 500 * M, 1000 * M), ("rp", 2026, 550 * M, 1100 * M),
                      ("rp_akhir", None, 1500 * M, 3000 * M)]),
]
YEARS = [("2.17.03", 72, 1678), ("2.17.05.2.03", 50, 75), ("2.17.05.2.03.0001", 50, 75), ("2.17.07.2.01", 750, 150),
         ("2.17.08.2.01", 10, 30)]
RATIOS = [(2019, 120, 126.91), (2020, 101, 108.29), (2021, 110, 117.46), (2022, 120, 125.71)]  # TC.23 row 1

EXPECTED = sorted(
    [("children-sum", "TC.27", code, f, y, float(p), float(e)) for code, items in CHILDREN for f, y, p, e in items]
    + [("years-sum", "TC.27", code, "target_akhir", None, float(p), float(e)) for code, p, e in YEARS]
    + [("ratio", "TC.23", None, "rasio", y, float(p), e) for y, p, e in RATIOS],
    key=repr)


def _key(f: object) -> tuple:
    return (f.check, f.table, f.code, f.field, f.year, f.printed, f.expected)  # type: ignore[attr-defined]


def test_exact_findings(sample_result: Result) -> None:
    assert len(EXPECTED) == 38
    assert sorted((_key(f) for f in sample_result.findings), key=repr) == EXPECTED


def test_spot_findings_from_the_brief(sample_result: Result) -> None:
    found = {_key(f) for f in sample_result.findings}
    assert ("children-sum", "TC.27", "2.17.04", "rp", 2024, 550e6, 200e6) in found
    assert ("children-sum", "TC.27", "2.17.03.2.01", "rp", 2024, 70e6, 140e6) in found
    assert ("children-sum", "TC.27", "2.17.07", "rp", 2026, 2550e6, 550e6) in found


def test_nothing_where_the_figures_agree(sample_result: Result) -> None:
    codes = {(f.check, f.code) for f in sample_result.findings}
    assert ("children-sum", "2.17") not in codes  # the bidang equals the sum of its programs
    assert not [f for f in sample_result.findings if f.check == "years-sum" and f.field == "rp_akhir"]
    assert not [f for f in sample_result.findings if f.table == "TC.24"]


def test_finding_rows_point_at_their_table_rows(sample_result: Result) -> None:
    for f in sample_result.findings:
        table = sample_result.tables_of(f.table)[0]
        row = table.rows[f.row]
        assert row.data.get("code") == f.code
        assert row.page == f.page
    level_hint = [f for f in sample_result.findings if f.code == "2.17.08.2.01" and f.check == "years-sum"]
    assert "last year" in level_hint[0].message  # 10 / 10 / 10 -> 10: a level, not a count


def test_cli_writes_the_findings_csv(tmp_path: Path) -> None:
    from extractor.cli import main

    result = CliRunner().invoke(main, ["extract", str(SAMPLE_DOCX), "-o", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    path = tmp_path / f"{SAMPLE_DOCX.stem}.findings.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 38
    assert [r["check"] for r in rows].count("children-sum") == 29
    assert [r["check"] for r in rows].count("years-sum") == 5
    assert [r["check"] for r in rows].count("ratio") == 4
    row = next(r for r in rows if r["code"] == "2.17.04" and r["year"] == "2024")
    assert (row["table"], row["field"], float(row["printed"]), float(row["expected"]), float(row["difference"])) == (
        "TC.27", "rp", 550e6, 200e6, 350e6)
    ratio = next(r for r in rows if r["check"] == "ratio" and r["year"] == "2019")
    assert (ratio["table"], ratio["code"], float(ratio["printed"]), float(ratio["expected"])) == (
        "TC.23", "", 120.0, 126.91)


def _funding(rows: list[tuple[str, str | None, int]]) -> Table:
    return Table(kind="TC.27", caption=None, pages=[1], years=[2025],
                 rows=[Row(data={"level": level, "code": code}, years={2025: {"rp": rp}}) for level, code, rp in rows])


def test_a_parent_whose_children_are_not_all_coded_is_not_summed() -> None:
    """Satpol PP funding table (pp.48-54) prints names only; its rows take the codes the document's lists print,
    and some kegiatan get none ("Kegiatan Administrasi Keuangan Perangkat", p.50). Program 1.05.01 prints
    33,403,866,765: its coded kegiatan alone add up to far less, which says nothing about the document."""
    from extractor.audit import audit_children

    partly = _funding([("program", "1.05.01", 300), ("kegiatan", "1.05.01.2.01", 100), ("kegiatan", None, 150),
                       ("kegiatan", "1.05.01.2.06", 50)])
    assert audit_children(partly) == []
    wholly = _funding([("program", "1.05.01", 300), ("kegiatan", "1.05.01.2.01", 100),
                       ("kegiatan", "1.05.01.2.06", 50)])
    assert [(f.code, f.printed, f.expected) for f in audit_children(wholly)] == [("1.05.01", 300, 150)]


def test_total_rows_against_the_highest_level_rows_above_them() -> None:
    """A total row ("JUMLAH", "TOTAL KESELURUHAN") adds up the highest-level rows above it (since the total before
    it); a last total under subtotals may add up all of them."""
    from extractor.audit import audit_totals

    right = _funding([("program", "1.05.01", 300), ("kegiatan", "1.05.01.2.01", 300), ("program", "1.05.02", 200),
                      ("total", None, 500)])
    assert audit_totals(right) == []
    wrong = _funding([("program", "1.05.01", 300), ("program", "1.05.02", 200), ("total", None, 50000)])
    [finding] = audit_totals(wrong)
    assert (finding.check, finding.row, finding.year, finding.printed, finding.expected) == (
        "total-sum", 2, 2025, 50000, 500)
    assert finding.message.endswith("add up to 500; it is 100 times that sum: the cents printed without their decimal "
                                    "comma?")
    subtotals = _funding([("program", "1.05.01", 300), ("total", None, 300), ("program", "1.05.02", 200),
                          ("total", None, 200), ("total", None, 500)])
    assert audit_totals(subtotals) == []


def test_total_names() -> None:
    from extractor.tables.tc27 import is_total_name

    totals = ["JUMLAH", "Total", "TOTAL KESELURUHAN", "Jumlah Total", "Jumlah Pagu Indikatif", "SUB TOTAL",
              "Sub-Total Program", "Grand Total", "JUMLAH :"]
    assert [n for n in totals if not is_total_name(n)] == []
    names = ["Jumlah Usaha Mikro yang naik kelas", "Total Fertility Rate (TFR)", "Jumlah Koperasi aktif",
             "Program Penunjang", "Totalitas Pelayanan"]
    assert [n for n in names if is_total_name(n)] == []


@pytest.mark.realdocs
def test_pengairan_total_row_is_a_total_checked_against_the_bidang() -> None:
    """Pengairan TC.27 p.90 prints "TOTAL KESELURUHAN" 19.908.355.700.300 (2026) ... 20.605.933.020.000 (2030) under
    bidang 1.03 (p.89: 199.083.557.003 ... 206.059.330.200): 100 times the bidang each year. It was an indicator
    line of program 1.03.03 carrying 19.9 trillion; now a total, no entry of the hierarchy, and the audit says so."""
    from conftest import extracted, realdoc

    result = extracted(realdoc("banyuwangi_renstra_2025-2029_pengairan.pdf"))
    (table,) = [t for t in result.tables if t.kind == "TC.27" and 90 in t.pages]
    [total] = [r for r in table.rows if r.data.get("name") == "TOTAL KESELURUHAN"]
    assert total.data["level"] == "total" and "parent_code" not in total.data and total.match is None
    assert [total.years[y]["rp"] for y in (2026, 2030)] == [19_908_355_700_300, 20_605_933_020_000]
    found = [(f.year, f.printed, f.expected) for f in result.findings if f.check == "total-sum"]
    assert found == [(2026, 19_908_355_700_300, 199_083_557_003), (2027, 19_945_971_730_000, 199_459_717_300),
                     (2028, 19_947_486_540_000, 199_474_865_400), (2029, 20_068_214_050_000, 200_682_140_500),
                     (2030, 20_605_933_020_000, 206_059_330_200)]
