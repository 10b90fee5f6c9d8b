"""OCRed TC.27 amounts against the table's own sums (extractor/ocr_sums.py), on the figures of the Inspektorat
Renstra p.54 (program 6.01.03 and its two kegiatan, read by eye from the page image; each coded row's amount is
printed again on the outcome line under it)."""

from __future__ import annotations

from extractor.model import Row, Table
from extractor.ocr_sums import check_ocr_sums

YEAR = 2027


def _row(level: str | None, code: str | None, rp: int, page: int = 54) -> Row:
    return Row({"level": level, "code": code}, years={YEAR: {"rp": rp}}, page=page)


def _table(program_rp: int, kegiatan_02_line: int) -> Table:
    rows = [
        _row("program", "6.01.03", program_rp),
        _row("indicator", None, 4_718_899_300),  # its outcome line (read alike or not: not used for the parent)
        _row("kegiatan", "6.01.03.2.01", 1_100_074_600),
        _row("indicator", None, 1_100_074_600),
        _row("kegiatan", "6.01.03.2.02", 3_618_824_700),
        _row("indicator", None, kegiatan_02_line),
    ]
    return Table(kind="TC.27", caption=None, pages=[54], years=[YEAR], rows=rows)


def _flags(row: Row) -> set[str]:
    return {f.code for f in row.flags if f.field == f"{YEAR}.rp"}


def test_a_parent_misread_one_digit_off_its_confirmed_children_takes_their_sum() -> None:
    """6.01.03 2027 is printed 4.718.899.300 (= 1.100.074.600 + 3.618.824.700); OCR read 4.718.890.300."""
    table = _table(4_718_890_300, 3_618_824_700)
    check_ocr_sums([table], [54])
    program = table.rows[0]
    assert program.years[YEAR]["rp"] == 4_718_899_300
    (flag,) = [f for f in program.flags if f.code == "ocr-corrected"]
    assert "4,718,890,300" in flag.message  # what OCR read is kept
    assert not any(_flags(r) for r in table.rows[1:])


def test_a_failed_sum_with_an_unconfirmed_child_flags_every_amount_it_involves() -> None:
    """The second kegiatan's outcome line reads another amount: which value is wrong is open; all flagged."""
    table = _table(4_718_890_300, 3_618_324_700)
    check_ocr_sums([table], [54])
    assert table.rows[0].years[YEAR]["rp"] == 4_718_890_300  # nothing changed
    for i in (0, 2, 4):
        assert _flags(table.rows[i]) == {"ocr-sum-mismatch"}, i


def test_a_document_sum_far_off_is_flagged_not_corrected() -> None:
    """A parent more than two digits off the sum (the document's own arithmetic) keeps its amount, flagged."""
    table = _table(4_800_000_000, 3_618_824_700)
    check_ocr_sums([table], [54])
    assert table.rows[0].years[YEAR]["rp"] == 4_800_000_000
    assert _flags(table.rows[0]) == {"ocr-sum-mismatch"}


def test_rows_not_read_by_ocr_are_left_to_the_audit() -> None:
    table = _table(4_718_890_300, 3_618_824_700)
    check_ocr_sums([table], [12])
    assert table.rows[0].years[YEAR]["rp"] == 4_718_890_300 and not any(r.flags for r in table.rows)


def test_urusan_misread_on_a_page_takes_the_urusan_of_the_code_above() -> None:
    """Inspektorat pp.51-53: OCR reads the urusan '6' of every code as '5'; 5.01.01.2.07 under program 6.01.01
    (printed on p.49) is 6.01.01.2.07, flagged with the code as read. A code under an ancestor of another bidang,
    or a digit OCR does not confuse, is left as read."""
    from extractor.ocr_codes import mend_ocr_urusan

    rows = [Row({"level": "program", "code": "6.01.01"}, page=49),
            Row({"level": "kegiatan", "code": "6.01.01.2.05"}, page=50),
            Row({"level": "sub_kegiatan", "code": "5.01.01.2.05.0006"}, page=51),
            Row({"level": "kegiatan", "code": "5.01.01.2.07"}, page=51),
            Row({"level": "sub_kegiatan", "code": "5.01.01.2.07.0005"}, page=51),
            Row({"level": "program", "code": "2.02.01"}, page=51),
            Row({"level": "kegiatan", "code": "4.01.01.2.01"}, page=51),
            Row({"level": "program", "code": "6.01.03"}, page=54),  # most pages read the 6 right
            Row({"level": "kegiatan", "code": "6.01.03.2.01"}, page=54),
            Row({"level": "sub_kegiatan", "code": "6.01.03.2.01.0001"}, page=54)]
    table = Table(kind="TC.27", caption=None, pages=[49, 50, 51, 54], years=[], rows=rows)
    mend_ocr_urusan([table], [49, 50, 51, 54])
    assert [r.data["code"] for r in rows[:7]] == ["6.01.01", "6.01.01.2.05", "6.01.01.2.05.0006", "6.01.01.2.07",
                                                  "6.01.01.2.07.0005", "2.02.01", "4.01.01.2.01"]
    (flag,) = [f for f in rows[3].flags if f.code == "ocr-corrected"]
    assert "OCR read 5.01.01.2.07" in flag.message


def test_a_blank_amount_beside_read_ones_is_flagged() -> None:
    row = Row({"level": "sub_kegiatan", "code": "6.01.02.2.02.0002"}, page=54,
              years={2026: {"rp": None}, 2027: {"rp": 2_250_243_700}, 2028: {"rp": 2_250_414_600}})
    table = Table(kind="TC.27", caption=None, pages=[54], years=[2026, 2027, 2028], rows=[row])
    check_ocr_sums([table], [54])
    assert {(f.code, f.field) for f in row.flags} == {("ocr-missing-value", "2026.rp")}


def test_the_tables_first_code_takes_the_urusan_of_its_bidang_and_repeated_codes_are_doubted() -> None:
    """Inspektorat p.49 opens with '8.01 - INSPEKTORAT DAERAH' (6.01 read by OCR); p.50 reads kegiatan 2.06 as
    2.05, so 6.01.01.2.05 is printed twice: both, and the codes under them, are flagged."""
    from extractor.ocr_codes import mend_ocr_urusan

    codes = ["8.01", "6.01.01", "6.01.01.2.01", "6.01.01.2.05", "6.01.01.2.05.0009", "6.01.01.2.05",
             "6.01.01.2.05.0001"]
    rows = [Row({"level": None, "code": c}, page=50) for c in codes]
    mend_ocr_urusan([Table(kind="TC.27", caption=None, pages=[50], years=[], rows=rows)], [50])
    assert rows[0].data["code"] == "6.01" and rows[0].data["level"] == "bidang_urusan"
    doubted = [r.data["code"] for r in rows if any(f.code == "ocr-low-confidence" for f in r.flags)]
    assert doubted == ["6.01.01.2.05", "6.01.01.2.05.0009", "6.01.01.2.05", "6.01.01.2.05.0001"]
