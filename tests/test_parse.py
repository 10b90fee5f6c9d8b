"""Cell parsers in extractor/parse.py, on cell texts taken from real documents.

Sources quoted in the comments:
  seed     = ../shared/seed/000_0bbde49619283af3.txt (Perubahan Renstra Dinas Koperasi dan UM Kab. Magetan 2024-2026);
             "line N" is the line of that text file
  satpolpp = ../shared/realdocs/banyuwangi_renstra_2025-2029_satpolpp.pdf
  kec-bwi  = ../shared/realdocs/banyuwangi_renstra_2025-2029_kec-banyuwangi.pdf
  renja    = ../shared/realdocs/cianjur_dkp_renja_2016.pdf
Page numbers (p.N) are PDF pages; cell texts are as pdfplumber / pdftotext -layout print them.
"""

from __future__ import annotations

import pytest

from extractor.errors import FLAG_CODES
from extractor.parse import (
    ParsedNumber,
    detect_number_format,
    join_cell_lines,
    parse_number,
    parse_year_range,
    split_indicator_unit,
)


def codes(parsed: ParsedNumber) -> list[str]:
    return [f.code for f in parsed.flags]


# ----------------------------------------------------------------------------------------- parse_number


@pytest.mark.parametrize(
    "text, fmt, value, unit",
    [
        ("832.222,8", "auto", 832222.8, None),  # seed line 717, TC.25 "Nilai omset koperasi (juta rupiah)" 2024
        ("848.867,3", "id", 848867.3, None),  # seed line 717, 2025
        ("3,149,889,939", "auto", 3149889939, None),  # seed line 780, TC.27 PROGRAM PENUNJANG, Rp 2024
        ("3,149,889,939", "en", 3149889939, None),
        ("17,829,669,817", "en", 17829669817, None),  # seed line 779, TC.27 bidang 2.17, Rp akhir
        ("3.149.889.939", "auto", 3149889939, None),  # the same amount in Indonesian grouping
        ("27.391.532.436", "id", 27391532436, None),  # kec-bwi p.84, 7.01 KECAMATAN pagu 2026
        ("9.610.000.000", "auto", 9610000000, None),  # satpolpp p.21, Tanah
        ("0,9", "auto", 0.9, None),  # seed line 878, TC.27 program 2.17.08 target 2024
        ("0,9", "mixed", 0.9, None),
        ("80.1", "auto", 80.1, None),  # seed line 780, TC.27 program 2.17.01 target 2025
        ("80.1", "mixed", 80.1, None),
        ("93,7", "id", 93.7, None),  # kec-bwi p.84, Persentase pemenuhan kebutuhan penunjang, 2026
        ("62,8", "auto", 62.8, None),  # seed line 424, TC.23 Persentase Koperasi Aktif, realisasi 2019
        ("85.14", "en", 85.14, None),  # seed line 440, TC.24 rasio capaian 2019
        ("94.71", "en", 94.71, None),  # satpolpp p.50, Nilai target 2025
        ("38,669,151,263.83", "en", 38669151263.83, None),  # satpolpp p.50, pagu 2028
        ("38,669,151,263.83", "auto", 38669151263.83, None),
        ("16,447,874,576.00", "auto", 16447874576, None),  # kec-bwi p.33, Penyediaan Gaji: whole -> int
        ("5.00", "en", 5, None),  # satpolpp p.50, target written with decimals -> int
        ("1.000,00", "id", 1000, None),
        ("95,61 %", "auto", 95.61, "%"),
        ("95.61%", "auto", 95.61, "%"),
        ("1.07%", "auto", 1.07, "%"),  # renja p.14 "penurunan sekitar 1.07%"
        ("Rp 1.500.000", "auto", 1500000, None),
        ("Rp. 1,500,000,-", "auto", 1500000, None),
        ("Rp. 14.468.993.100,-", "auto", 14468993100, None),  # renja p.12, pagu belanja langsung
        ("1.350.000,-", "id", 1350000, None),  # renja p.14, Penyediaan Jasa (",-": no cents)
        ("Rp.6.499.823.562,-", "auto", 6499823562, None),  # renja p.12, no space after "Rp."
        ("(1.000)", "id", -1000, None),
        ("-1.000", "id", -1000, None),
        ("-1,000", "en", -1000, None),
        ("(1,500,000)", "auto", -1500000, None),
        ("-0,5", "auto", -0.5, None),
        ("80", "auto", 80, None),  # seed line 780, TC.27 baseline
        ("1920", "auto", 1920, None),  # satpolpp p.51, Penyediaan Gaji dan Tunjangan ASN target (Orang/Bulan)
        ("0", "id", 0, None),
    ],
)
def test_parse_number_reads_without_doubt(text: str, fmt: str, value: float, unit: str | None) -> None:
    parsed = parse_number(text, fmt, field="x")
    assert parsed.value == value
    assert type(parsed.value) is type(value)
    assert parsed.unit == unit
    assert parsed.raw == text
    assert parsed.flags == ()


@pytest.mark.parametrize(
    "text", ["", "-", "–", "—", "   ", " - ", "\n", "Rp -", "Rp.      -"]
)  # seed lines 422-445 (TC.23/TC.24) print "-" for none; a spreadsheet's accounting format prints "Rp -"
def test_blanks_are_none_without_flag(text: str) -> None:
    parsed = parse_number(text)
    assert parsed.value is None
    assert parsed.flags == ()


@pytest.mark.parametrize("text", ["##", "###", "#####"])  # seed line 506 (TC.24): "##" before 231,515,250
def test_overflow_cells(text: str) -> None:
    parsed = parse_number(text, field="2024.target")
    assert parsed.value is None
    assert codes(parsed) == ["overflow-cell"]
    assert parsed.flags[0].field == "2024.target"


@pytest.mark.parametrize(
    "text, fmt, value",
    [
        ("1.122", "auto", 1122),  # seed line 785, TC.27 2.17.01.2.02.01 target akhir (294 + 378 + 450 = 1122)
        ("1.122", "mixed", 1122),
        ("1.122", "unknown", 1122),
        ("320.634", "auto", 320634),  # seed line 718, TC.25 "Nilai omset usaha mikro yg dibina (Juta Rupiah)"
        ("685.625", "auto", 685625),  # seed line 423, TC.23 Nilai Omset target 2019
        ("1.055", "auto", 1055),  # satpolpp p.21, "Alat kantor dan rumah tangga" count
        ("1,500", "auto", 1500),
        ("-1.000", "auto", -1000),
    ],
)
def test_ambiguous_numbers_are_read_as_thousands_and_flagged(text: str, fmt: str, value: int) -> None:
    parsed = parse_number(text, fmt, field="target_akhir")
    assert parsed.value == value
    assert codes(parsed) == ["ambiguous-number"]
    message = parsed.flags[0].message
    assert str(value).lstrip("-") in message  # the chosen reading
    assert "decimal" in message and "thousands" in message  # both readings are said
    assert "three digits" in message  # and why


@pytest.mark.parametrize(
    "text, fmt, value",
    [
        ("1.122", "id", 1122),
        ("1.122", "en", 1.122),
        ("1,500", "en", 1500),
        ("1,500", "id", 1.5),
        ("320.634", "id", 320634),  # seed TC.25 is an Indonesian-format table ("832.222,8" in the same column)
    ],
)
def test_an_explicit_format_decides_ambiguous_values(text: str, fmt: str, value: float) -> None:
    parsed = parse_number(text, fmt)
    assert parsed.value == value
    assert parsed.flags == ()


@pytest.mark.parametrize(
    "text, fmt, value",
    [
        ("80.1", "id", 80.1),  # seed TC.27: "80.1" among Indonesian-format cells
        ("0,9", "en", 0.9),  # seed TC.27: "0,9" among "3,149,889,939"
        ("3,149,889,939", "id", 3149889939),
        ("832.222,8", "en", 832222.8),
        ("61.43", "id", 61.43),  # renja p.14: "61.43" next to "66.000.000,-"
    ],
)
def test_values_that_contradict_the_column_format_are_read_by_shape_and_flagged(
    text: str, fmt: str, value: float
) -> None:
    parsed = parse_number(text, fmt)
    assert parsed.value == value
    assert codes(parsed) == ["ambiguous-number"]
    assert fmt in parsed.flags[0].message


def test_wrapped_amount_is_joined_and_flagged() -> None:
    # kec-bwi / realdocs README: Rupiah amounts wrap inside narrow cells ("12.084.498.9" / "48")
    parsed = parse_number("12.084.498.9\n48", "id", field="2026.rp")
    assert parsed.value == 12084498948
    assert codes(parsed) == ["wrapped-value"]
    assert parse_number("12.084.498.\n948").value == 12084498948
    assert parse_number("12.084\n.498.948").value == 12084498948


def test_two_stacked_values_are_not_glued() -> None:
    # seed TC.27 prints target and Rp side by side; a reader that merges them gives "4\n35,000,000"
    parsed = parse_number("4\n35,000,000", "en")
    assert parsed.value is None
    assert codes(parsed) == ["unparsed-number"]
    assert "'4'" in parsed.flags[0].message and "'35,000,000'" in parsed.flags[0].message


@pytest.mark.parametrize("text, value", [
    # Kec. Banyuwangi TC.27 (pp.72-81), Rp cells of a narrow column, every line a number on its own
    ("16447\n87457\n6", 16_447_874_576),  # p.72, Gaji dan Tunjangan ASN 2025 (TC.24 p.33 prints 16,447,874,576)
    ("1644\n7874\n576", 16_447_874_576),  # p.72, the same amount in the 2027 column
    ("20000\n000", 20_000_000),  # p.75, Jasa Surat Menyurat 2025: no amount starts with "000"
    ("10,00\n0,000", 10_000_000),  # p.79, Sinkronisasi Program Kerja 2025
    ("745,3\n19,45\n0", 745_319_450),  # p.79, Peningkatan Efektifitas 2025
    ("862,80\n0,428", 862_800_428),  # p.79, 2029
    ("109,3\n95,56\n3", 109_395_563),  # p.80, Peningkatan Partisipasi 2030
])
def test_amount_wrapped_in_a_narrow_column_is_joined_and_flagged(text: str, value: int) -> None:
    parsed = parse_number(text, field="2025.rp", amount=True)
    assert parsed.value == value
    assert codes(parsed) == ["wrapped-value"]
    assert parse_number(text, field="2025.target").value is None  # not an amount column: two values, or one?


@pytest.mark.parametrize("text", [
    "4\n35,000,000",  # target and Rp merged: the first line does not fill the column
    "50.000.000\n8.416.000.000",  # Inspektorat p.52 (OCR): two amounts, glued they make irregular groups
    "52.901.255\n1",
    "95999\n600",  # two lines of bare digits may be two values (Kec. p.73 prints 95,999,600: left flagged)
    "150000\n150000\n150000",  # three equal lines: three values as likely as one
    "100\n100\n100",
])
def test_amount_lines_that_may_be_two_values_stay_unread(text: str) -> None:
    parsed = parse_number(text, field="2025.rp", amount=True)
    assert parsed.value is None
    assert codes(parsed) == ["unparsed-number"]


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("58 Dokumen", 58, "Dokumen"),
        ("12 Laporan", 12, "Laporan"),  # seed TC.27 units ("// Laporan") printed next to a target
        ("58\nDokumen", 58, "Dokumen"),
        ("1920 Orang/bulan", 1920, "Orang/bulan"),  # satpolpp p.50 unit "Orang/bulan" with its target
    ],
)
def test_unit_inside_number(text: str, value: int, unit: str) -> None:
    parsed = parse_number(text)
    assert (parsed.value, parsed.unit) == (value, unit)
    assert codes(parsed) == ["unit-in-number"]


@pytest.mark.parametrize(
    "text, value",
    [
        ("Rp 2,5 Milyar", 2_500_000_000),
        ("3,1 M", 3_100_000_000),  # "M" after a Rupiah amount: miliar
        ("450 juta", 450_000_000),
        ("450 jt.", 450_000_000),
        ("1,25 Triliun", 1_250_000_000_000),
        ("750 ribu", 750_000),
        ("0,75 M", 750_000_000),
    ],
)
def test_word_of_magnitude_after_an_amount_multiplies_it(text: str, value: int) -> None:
    parsed = parse_number(text, amount=True)
    assert parsed.value == value and isinstance(parsed.value, int) and parsed.unit is None
    assert codes(parsed) == ["unit-in-number"] and f"{value:,}" in parsed.flags[0].message


def test_word_of_magnitude_only_in_a_rupiah_column() -> None:
    """'45 juta' as a target (people, say) keeps its number and its unit; '12 Dokumen' in an Rp column too."""
    assert (parse_number("45 juta").value, parse_number("45 juta").unit) == (45, "juta")
    assert (parse_number("12 Dokumen", amount=True).value, parse_number("12 Dokumen", amount=True).unit) == (
        12, "Dokumen")


@pytest.mark.parametrize(("text", "fmt", "value", "whole"), [
    ("50,000.000", "en", 50000, 50_000_000),  # OCR of a 96 dpi screenshot: the dots of 50.000.000 read as a comma
    ("75.000,000", "id", 75000, 75_000_000),  # OCR of the scanned sample's TC.27 pasted into Word
    ("12.500", "en", 12.5, 12_500),
    ("2520074.200", "id", 2520074.2, 2_520_074_200),  # Inspektorat's picture table, one dot lost
])
def test_a_rupiah_amount_with_three_decimals_is_doubted(text: str, fmt: str, value: float, whole: int) -> None:
    """No budget is kept in thousandths of a Rupiah: an amount read with three decimals is kept as read and
    flagged with the reading as thousands. Targets (not amounts) and whole amounts are not."""
    parsed = parse_number(text, fmt, "2026.rp", amount=True)
    assert parsed.value == value
    doubt = [f.message for f in parsed.flags if f.code == "ambiguous-number" and "three decimals" in f.message]
    assert doubt == [f"{text!r}: a Rupiah amount read with three decimals ({value:,}); its last group is more likely "
                     f"thousands ({whole:,})"]
    assert not [f for f in parse_number(text, fmt, "2026.target").flags if "three decimals" in f.message]
    for plain in ("50.000.000", "50,000,000", "1.234,56", "Rp 125.000.000,00"):
        assert not [f for f in parse_number(plain, fmt, amount=True).flags if "three decimals" in f.message], plain


@pytest.mark.parametrize(
    "text",
    [
        "NA",  # satpolpp p.50 baseline "NA"
        "89,3405,300",  # kec-bwi p.33 (TC.24-like table): irregular grouping, a typo in the document
        "2019-2023",
        "DINKOP",  # seed line 780, TC.27 PD column
        "12.084.49",  # a wrapped amount cut short
        "1,234.567.8",
        "80 (Baik)",
        "> 80",
        "1 500 000",
    ],
)
def test_unparsed_numbers_keep_raw(text: str) -> None:
    parsed = parse_number(text, field="baseline")
    assert parsed.value is None
    assert parsed.raw == text
    assert codes(parsed) == ["unparsed-number"]
    assert repr(text) in parsed.flags[0].message


def test_non_string_input_does_not_raise() -> None:
    assert parse_number(None).value is None  # type: ignore[arg-type]
    assert parse_number(12).value == 12  # type: ignore[arg-type]


def test_all_flag_codes_are_in_the_catalog() -> None:
    texts = ["1.122", "##", "58 Dokumen", "NA", "12.084.498.9\n48", "80.1"]
    for text in texts:
        for flag in parse_number(text, "id").flags:
            assert flag.code in FLAG_CODES


# -------------------------------------------------------------------------------- detect_number_format


@pytest.mark.parametrize(
    "texts, expected",
    [
        (["3,149,889,939"], "en"),
        (["832.222,8"], "id"),
        (["0,9"], "id"),
        (["80.1"], "en"),
        (["1.122"], "unknown"),
        (["3,149"], "unknown"),
        (["1.122", "3,149", "80", "", "-", "##"], "unknown"),
        # seed lines 780-878, TC.27 target 2024 column: "80", "8", "4", "87", "294", ..., "0,9"
        (["80", "8", "4", "4", "87", "294", "0,9", "10", "100"], "id"),
        # seed line 780 target 2025 "80.1" with line 878 "0,9": the evidence conflicts
        (["80", "80.1", "8", "0,9", "1"], "mixed"),
        # seed TC.27 Rp columns
        (["4,964,889,939", "3,149,889,939", "45,000,000", "35,000,000", "1.122"], "en"),
        # seed lines 717-722, TC.25 "sesudah" 2024 column
        (["832.222,8", "320.634", "70", "2", "91,3", "83"], "id"),
        # kec-bwi p.84: "93,7" target with "20.562.902.192" pagu
        (["93,7", "20.562.902.192", "4.000.000", "1"], "id"),
        # satpolpp p.50: "94.71", "33,403,866,765", "NA"
        (["NA", "94.71", "33,403,866,765", "100"], "en"),
        # renja p.14 mixes "1.350.000,-" and "61.43"
        (["1.350.000,-", "66.000.000,-", "61.43", "100"], "mixed"),
        ([], "unknown"),
        (["12.084.498.9\n48"], "id"),
    ],
)
def test_detect_number_format(texts: list[str], expected: str) -> None:
    assert detect_number_format(texts) == expected
    assert detect_number_format(iter(texts)) == expected  # any iterable, read once


# ------------------------------------------------------------------------------------- join_cell_lines


@pytest.mark.parametrize(
    "text, kind, expected",
    [
        ("12.084.498.9\n48", "number", "12.084.498.948"),  # realdocs README (kec-bwi)
        ("58\nDokumen", "number", "58 Dokumen"),
        ("Rp\n1.500.000", "number", "Rp 1.500.000"),
        ("2.18.0.00.0.00.01.00\n00", "code", "2.18.0.00.0.00.01.0000"),  # realdocs README
        ("7.01.0.00.0.00.01.00\n00 - Kecamatan\nBanyuwangi", "code", "7.01.0.00.0.00.01.0000 - Kecamatan Banyuwangi"),
        ("2.17.03.2.01.\n0001", "code", "2.17.03.2.01.0001"),
        ("2 17 03\n2.01 01", "code", "2 17 03 2.01 01"),  # spaced codes wrap at a space (seed TC.27 style)
        (
            "7.01.01 - PROGRAM PENUNJANG\nURUSAN PEMERINTAHAN DAERAH",
            "code",
            "7.01.01 - PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH",
        ),
        ("Perenca-\nnaan", "text", "Perencanaan"),
        (
            "Persentase pemenuhan kebutuhan\npenunjang Perangkat Daerah (%)",
            "text",
            "Persentase pemenuhan kebutuhan penunjang Perangkat Daerah (%)",
        ),  # kec-bwi p.84
        ("Dokumen RKA-\nSKPD", "text", "Dokumen RKA-SKPD"),
        (
            "Peraturan Perundang-\nundangan",
            "text",
            "Peraturan Perundang-undangan",
        ),  # seed line 799 (2.17.01.2.06.06), as a wrapped cell would print it
        ("Perundang-\nUndangan", "text", "Perundang-Undangan"),
        ("Covid-\n19", "text", "Covid-19"),
        ("Penyelenggaraa\nn", "text", "Penyelenggaraan"),  # satpolpp p.42 indicator cell ("Penyelenggaraa" / "n")
        ("Orang/Bula\nn", "text", "Orang/Bulan"),  # satpolpp p.51 satuan cell
        # nomenklatur-2023.csv X.XX.01.2.02.0007 kinerja prints "Semestera n SKPD": a word broken without hyphen
        ("Bulanan/Triwulanan/Semestera\nn SKPD", "text", "Bulanan/Triwulanan/Semesteran SKPD"),
        ("Pemerin-\ntahan Daerah", "text", "Pemerintahan Daerah"),
        ("7.01.01 -\nPROGRAM", "text", "7.01.01 - PROGRAM"),
        ("  Jumlah   Dokumen \r\n\r\n Perencanaan ", "text", "Jumlah Dokumen Perencanaan"),
        ("", "text", ""),
        ("\n\n", "number", ""),
    ],
)
def test_join_cell_lines(text: str, kind: str, expected: str) -> None:
    assert join_cell_lines(text, kind) == expected


def test_join_cell_lines_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="kind must be one of"):
        join_cell_lines("x", "amount")


# -------------------------------------------------------------------------------- split_indicator_unit


@pytest.mark.parametrize(
    "text, indicator, unit",
    [
        (  # seed line 790, TC.27 2.17.01.2.02.07
            "Jumlah Laporan Keuangan Bulanan/Triwulanan/Semesteran SKPD dan Laporan Koordinasi Penyusunan Laporan "
            "Keuangan Bulanan/Triwulanan/Semesteran SKPD // Laporan",
            "Jumlah Laporan Keuangan Bulanan/Triwulanan/Semesteran SKPD dan Laporan Koordinasi Penyusunan Laporan "
            "Keuangan Bulanan/Triwulanan/Semesteran SKPD",
            "Laporan",
        ),
        ("Jumlah Usaha Mikro yang terfasilitasi //Unit Usaha", "Jumlah Usaha Mikro yang terfasilitasi", "Unit Usaha"),
        ("Persentase Koperasi yang mengikuti pelatihan // %", "Persentase Koperasi yang mengikuti pelatihan", "%"),
        (
            "Persentasi UMKM yang telah diberdayakan (%)",
            "Persentasi UMKM yang telah diberdayakan",
            "%",
        ),  # seed line 863
        ("Nilai omset koperasi (juta rupiah)", "Nilai omset koperasi", "juta rupiah"),  # seed line 717, TC.25
        ("Nilai omset usaha mikro yg dibina (Juta Rupiah)", "Nilai omset usaha mikro yg dibina", "Juta Rupiah"),
        (
            "Nilai Omset Usaha Koperasi dan UM yang Dibina (Juta/Rp)",
            "Nilai Omset Usaha Koperasi dan UM yang Dibina",
            "Juta/Rp",
        ),  # seed line 423, TC.23
        ("Persentase Koperasi Aktif (%)", "Persentase Koperasi Aktif", "%"),  # seed line 424, TC.23
        (
            "Jumlah Dokumen Perencanaan Perangkat Daerah (Dokumen)",
            "Jumlah Dokumen Perencanaan Perangkat Daerah",
            "Dokumen",
        ),  # kec-bwi p.84
        ("Indeks Kepuasan Masyarakat (IKM)", "Indeks Kepuasan Masyarakat (IKM)", None),  # satpolpp p.42: acronym
        (
            "PROGRAM PEMBERDAYAAN USAHA MENENGAH, USAHA KECIL, DAN USAHA MIKRO (UMKM)",
            "PROGRAM PEMBERDAYAAN USAHA MENENGAH, USAHA KECIL, DAN USAHA MIKRO (UMKM)",
            None,
        ),  # seed line 863, TC.27 2.17.07
        # seed lines 805/809: unit as a trailing plain word, no marker -> never guessed
        (
            "Jumlah Laporan Pelaksanaan Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah Laporan",
            "Jumlah Laporan Pelaksanaan Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah Laporan",
            None,
        ),
        ("Jumlah Barang Milik Daerah yang Dipelihara Unit", "Jumlah Barang Milik Daerah yang Dipelihara Unit", None),
        ("Jumlah Koperasi aktif", "Jumlah Koperasi aktif", None),  # seed line 821, TC.27 2.17.03
        ("Jumlah X //", "Jumlah X", None),
        ("", "", None),
    ],
)
def test_split_indicator_unit(text: str, indicator: str, unit: str | None) -> None:
    assert split_indicator_unit(text) == (indicator, unit)


# ------------------------------------------------------------------------------------ parse_year_range


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Tahun 2024 – 2026", (2024, 2026)),  # seed line 773, TC.27 caption (en dash)
        ("Tahun 2024 - 2026", (2024, 2026)),  # seed line 9, title page ("TAHUN 2024 - 2026")
        ("2024–2026", (2024, 2026)),
        ("Tahun 2019 - 2022", (2019, 2022)),  # seed line 418, TC.23 caption
        (
            "Anggaran dan Realisasi Pendanaan Dinas Koperasi dan Usaha Mikro Tahun 2019-2023",
            (2019, 2023),
        ),  # seed line 64
        ("Renstra Satpol PP Kabupaten Banyuwangi 2025-2029", (2025, 2029)),  # satpolpp footer
        ("Renstra 2011-2016", (2011, 2016)),  # cianjur renstra title
        ("tahun 2024 s.d 2026", (2024, 2026)),
        ("2024 s/d 2026", (2024, 2026)),
        ("Tahun 2026 - 2024", None),
        ("Pasal 272-273", None),
        ("Tahun 2024", None),
        ("", None),
    ],
)
def test_parse_year_range(text: str, expected: tuple[int, int] | None) -> None:
    assert parse_year_range(text) == expected


@pytest.mark.parametrize("text, value", [
    ("1 22,500,000", 122_500_000),  # Kec. Banyuwangi p.33, TC.24 Anggaran 2023: glyph spacing inside the digits
    ("9 7,997,500", 97_997_500),  # Kec. Banyuwangi p.33
])
def test_space_inside_grouped_amount_is_read_and_flagged(text: str, value: int) -> None:
    parsed = parse_number(text)
    assert parsed.value == value
    assert [f.code for f in parsed.flags] == ["ambiguous-number"]


@pytest.mark.parametrize("text, value", [
    ("97,8\n3%", 97.83),  # Satpol PP p.26, TC.23 realisasi 2024, a narrow ratio column
    ("99,4\n7%", 99.47),  # Satpol PP p.26
])
def test_decimal_digit_wrapped_below_its_fraction(text: str, value: float) -> None:
    parsed = parse_number(text)
    assert parsed.value == value and [f.code for f in parsed.flags] == ["wrapped-value"]


def test_stacked_values_still_refused() -> None:
    assert parse_number("4\n35,000,000").value is None  # two values, not one that wrapped


@pytest.mark.parametrize(("text", "low", "high"), [
    ("143,33 - 139,83", "143,33", "139,83"),  # BPBD Tabel 4.1 p.42: a target range, over three lines
    ("143,33\n-\n139,83", "143,33", "139,83"),
    ("80 s.d. 85 %", "80", "85"),
    ("80%-85%", "80", "85"),
])
def test_a_range_is_no_value_and_says_so(text: str, low: str, high: str) -> None:
    parsed = parse_number(text, field="2025.target")
    assert parsed.value is None and parsed.raw == text
    assert [f.code for f in parsed.flags] == ["unparsed-number"]
    assert f"a range of two values ({low} to {high})" in parsed.flags[0].message
