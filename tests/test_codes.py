"""Nomenclature codes in extractor/codes.py, on code cells as real documents print them.

Sources quoted in the comments:
  seed     = ../shared/seed/000_0bbde49619283af3.txt, table TC.27 (split code cells, or codes joined with spaces);
             "seed line N" is the line of that text file
  satpolpp = ../shared/realdocs/banyuwangi_renstra_2025-2029_satpolpp.pdf ("code - name" cells)
  kec-bwi  = ../shared/realdocs/banyuwangi_renstra_2025-2029_kec-banyuwangi.pdf ("code - name" cells, SKPD codes)
  nomenklatur = ../shared/nomenclature/nomenklatur-2023.csv
"""

from __future__ import annotations

import pytest

from extractor.codes import ParsedCode, find_code_prefix, generic_form, level_of, parent_of, parse_code
from extractor.errors import FLAG_CODES


def flag_codes(parsed: ParsedCode) -> list[str]:
    return [f.code for f in parsed.flags]


@pytest.mark.parametrize(
    "parts, canonical, level",
    [
        (["2", "", "", "", ""], "2", "urusan"),  # seed line 778: TC.27 first row (urusan 2, other code cells empty)
        (["2", "17"], "2.17", "bidang_urusan"),  # seed line 779: TC.27 bidang row
        (["2", "17", "01"], "2.17.01", "program"),  # seed line 780: TC.27 PROGRAM PENUNJANG
        (["2", "17", "01", "2.01"], "2.17.01.2.01", "kegiatan"),  # seed line 781: "2.01" = kegiatan type 2 + number 01
        (["2 17 01 2.08"], "2.17.01.2.08", "kegiatan"),  # seed line 805: code joined with spaces in one cell
        (["2 17 02"], "2.17.02", "program"),  # seed line 812: PROGRAM PELAYANAN IZIN USAHA SIMPAN PINJAM
        (["2.17.03.2.01.0001"], "2.17.03.2.01.0001", "sub_kegiatan"),  # SIPD form
        (["1.05.02.2.01.0003"], "1.05.02.2.01.0003", "sub_kegiatan"),  # satpolpp p.43
        (["1.05.02.2.01 -"], "1.05.02.2.01", "kegiatan"),  # satpolpp p.42 "1.05.02.2.01 -" before a wrapped name
        (["7.01.01"], "7.01.01", "program"),  # kec-bwi p.84
        (["X.XX.01.2.01.0001"], "X.XX.01.2.01.0001", "sub_kegiatan"),  # nomenklatur generic block
        (["X.XX"], "X.XX", "bidang_urusan"),
        (["X"], "X", "urusan"),
        (["2.17.03.2.01.\n0001"], "2.17.03.2.01.0001", "sub_kegiatan"),  # wrapped inside its cell
        (["2.17.03.2.01.00\n01"], "2.17.03.2.01.0001", "sub_kegiatan"),
        (["1.01.02.1.01.0001"], "1.01.02.1.01.0001", "sub_kegiatan"),  # provinsi kegiatan type 1
    ],
)
def test_regular_codes(parts: list[str], canonical: str, level: str) -> None:
    parsed = parse_code(parts)
    assert (parsed.canonical, parsed.level) == (canonical, level)
    assert parsed.flags == ()


@pytest.mark.parametrize(
    "parts, canonical, said",
    [
        # seed TC.27: every sub-kegiatan is printed with a two-digit part (line 782)
        (["2", "17", "01", "2.01", "01"], "2.17.01.2.01.0001", "'01'"),
        (["2 17 03 2.01 01"], "2.17.03.2.01.0001", "'01'"),  # seed line 827, spaced form
        (["2", "17", "01", "2.01 01"], "2.17.01.2.01.0001", "'01'"),  # kegiatan and sub in one cell "2.01 01"
        (["2.17.03.2.01.01"], "2.17.03.2.01.0001", "'01'"),  # dotted with two-digit sub
        (["2 17 01 2.08 02"], "2.17.01.2.08.0002", "'02'"),  # seed line 806
        # seed lines 876-877: three-digit sub-kegiatan parts
        (["2", "17", "07", "2.01", "013"], "2.17.07.2.01.0013", "'013'"),
        (["2", "17", "07", "2.01", "015"], "2.17.07.2.01.0015", "'015'"),
        # seed lines 881-883: a four-digit part with a space inside
        (["2", "17", "08", "2.01", "000 2"], "2.17.08.2.01.0002", "'000 2'"),
        (["2", "17", "08", "2.01", "000 3"], "2.17.08.2.01.0003", "'000 3'"),
        (["2", "17", "08", "2.01", "000 6"], "2.17.08.2.01.0006", "'000 6'"),
        (["2 17 08 2.01 000 6"], "2.17.08.2.01.0006", "'000 6'"),
        (["2.17.08.2.01.00006"], "2.17.08.2.01.0006", "'00006'"),
        (["x.xx.01"], "X.XX.01", "lower-case x"),
    ],
)
def test_odd_codes_are_read_and_flagged(parts: list[str], canonical: str, said: str) -> None:
    parsed = parse_code(parts, field="code")
    assert parsed.canonical == canonical
    assert parsed.level == level_of(canonical)
    assert flag_codes(parsed) == ["odd-code"]
    assert said in parsed.flags[0].message
    assert parsed.flags[0].field == "code"
    if parsed.level == "sub_kegiatan":
        assert canonical[-4:] in parsed.flags[0].message  # says what it was read as


def test_a_lone_mixed_form_is_flagged() -> None:
    # "2.01 01" alone (the cells before it empty): read as 2.01.01, but said to be doubtful
    parsed = parse_code(["", "", "", "2.01 01"])
    assert parsed.canonical == "2.01.01"
    assert flag_codes(parsed) == ["odd-code"]
    assert "kegiatan" in parsed.flags[0].message


@pytest.mark.parametrize(
    "parts, reason",
    [
        (["2024"], "year"),  # seed TC.27 header year (line 774) in a code column
        (["3,149,889,939"], "amount"),  # seed line 780 Rp value, as if shifted into a code column
        (["80"], "plain number"),  # seed line 780 baseline, as if shifted into a code column
        (["80.1"], "plain number"),  # seed line 780, target 2025
        (["1.122"], "bidang"),  # seed line 785, target akhir
        (["12.084.498.948"], "plain number"),
        (["2.18.0.00.0.00.01.0000"], "SKPD"),  # realdocs README: SIPD unit code
        (["2.18.0.00.0.00.01.00\n00"], "SKPD"),  # the same, wrapped inside its cell
        (["7.01.0.00.0.00.01.00\n00"], "SKPD"),  # kec-bwi p.84, PD column
        (["2.17.03.2"], "kegiatan"),
        (["2", "17", "03", "2.01", "01", "02"], "more segments"),
        (["2.17.03.2.01.00.01"], "more segments"),
        (["DINKOP"], "letters"),  # seed TC.27 PD column (line 778)
        (["2.17.03.2.01.0001 Pengawasan"], "find_code_prefix"),
        (["1.1"], "bidang"),  # seed line 721, TC.25 sasaran numbering
        (["1.2.1"], "bidang"),  # seed TC.25 indicator numbering (line 720)
        (["2.17.03.2.01.12345"], "four digits"),
        (["0.01"], "urusan"),
        (["X.17"], "X.XX"),
    ],
)
def test_non_codes_are_unparsed_with_a_reason(parts: list[str], reason: str) -> None:
    parsed = parse_code(parts, field="code")
    assert parsed.canonical is None and parsed.level is None
    assert flag_codes(parsed) == ["unparsed-code"]
    assert reason in parsed.flags[0].message
    assert parsed.raw  # the printed text is kept


@pytest.mark.parametrize("parts", [[], [""], ["", "", ""], ["  ", "\n"], ["-"]])
def test_blank_code_cells_give_nothing_and_no_flag(parts: list[str]) -> None:
    parsed = parse_code(parts)
    assert parsed.canonical is None
    assert parsed.flags == ()


def test_a_single_string_is_one_part() -> None:
    assert parse_code("2.17.03").canonical == "2.17.03"  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------- find_code_prefix


@pytest.mark.parametrize(
    "text, canonical, name",
    [
        ("2.17.03.2.01.0001 Pengawasan Kekuatan, Kesehatan", "2.17.03.2.01.0001", "Pengawasan Kekuatan, Kesehatan"),
        (
            "1.01.01 PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH",
            "1.01.01",
            "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH",
        ),
        ("7.01 - KECAMATAN", "7.01", "KECAMATAN"),  # kec-bwi p.84
        (  # kec-bwi p.84, as pdfplumber returns the cell
            "7.01.01 - PROGRAM PENUNJANG\nURUSAN PEMERINTAHAN DAERAH\nKABUPATEN/KOTA",
            "7.01.01",
            "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
        ),
        (
            "7.01.01.2.01.0001 - Penyusunan\nDokumen Perencanaan Perangkat\nDaerah",  # kec-bwi p.84
            "7.01.01.2.01.0001",
            "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        ),
        (
            "1.05.02 - PROGRAM\nPENINGKATAN\nKETENTERAMAN",
            "1.05.02",
            "PROGRAM PENINGKATAN KETENTERAMAN",
        ),  # satpolpp p.42
        ("1.05.02.2.01 -", "1.05.02.2.01", ""),  # satpolpp p.42: name wrapped to the following lines
        ("2.17.03.2.01.00\n01 Pengawasan", "2.17.03.2.01.0001", "Pengawasan"),  # code wrapped inside the cell
        ("X.XX.01.2.01.0001 Penyusunan Dokumen Perencanaan", "X.XX.01.2.01.0001", "Penyusunan Dokumen Perencanaan"),
        ("2 17 03 2.01 01 Pengawasan Kekuatan", "2.17.03.2.01.0001", "Pengawasan Kekuatan"),  # seed spaced form
        ("2 URUSAN PEMERINTAH WAJIB YANG TIDAK BERKAITAN", "2", "URUSAN PEMERINTAH WAJIB YANG TIDAK BERKAITAN"),
        ("1 - URUSAN PEMERINTAHAN WAJIB", "1", "URUSAN PEMERINTAHAN WAJIB"),
        ("2.17: Koperasi", "2.17", "Koperasi"),
    ],
)
def test_find_code_prefix(text: str, canonical: str, name: str) -> None:
    found = find_code_prefix(text)
    assert found is not None
    parsed, rest = found
    assert parsed.canonical == canonical
    assert rest == name


def test_find_code_prefix_keeps_odd_flags() -> None:
    found = find_code_prefix("2.17.07.2.01.013 Penyediaan Tempat Promosi")
    assert found is not None
    assert found[0].canonical == "2.17.07.2.01.0013"
    assert flag_codes(found[0]) == ["odd-code"]


def test_find_code_prefix_returns_skpd_codes_unparsed_with_their_name() -> None:
    found = find_code_prefix("7.01.0.00.0.00.01.00\n00 - Kecamatan\nBanyuwangi")  # kec-bwi p.84, PD column
    assert found is not None
    parsed, name = found
    assert parsed.canonical is None
    assert flag_codes(parsed) == ["unparsed-code"] and "SKPD" in parsed.flags[0].message
    assert name == "Kecamatan Banyuwangi"


@pytest.mark.parametrize(
    "text",
    [
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        "1.1 Nilai omset koperasi (juta rupiah)",  # seed TC.25 numbering
        "1.2.1 Persentase Pertumbuhan Usaha Mikro",  # seed TC.25 numbering
        "2024 - 2026",
        "Tahun 2024 - 2026",
        "80 Dokumen",
        "1 (Satu) Daerah Kabupaten/Kota",  # satpolpp: "dalam 1 (Satu) Daerah"
        "3,149,889,939",
        "12.084.498.948",
        "2.17.03.2.01.0001Pengawasan",
        "2 Dokumen",
        "1 - 3 orang",
        "",
    ],
)
def test_find_code_prefix_ignores_non_codes(text: str) -> None:
    assert find_code_prefix(text) is None


# ----------------------------------------------------------------------------- level, parent, generic


@pytest.mark.parametrize(
    "canonical, level, parent",
    [
        ("2", "urusan", None),
        ("2.17", "bidang_urusan", "2"),
        ("2.17.03", "program", "2.17"),
        ("2.17.03.2.01", "kegiatan", "2.17.03"),
        ("2.17.03.2.01.0001", "sub_kegiatan", "2.17.03.2.01"),
        ("X.XX.01.2.01.0001", "sub_kegiatan", "X.XX.01.2.01"),  # nomenklatur parent_code column
        ("X.XX.01", "program", "X.XX"),
        ("X", "urusan", None),
    ],
)
def test_level_and_parent(canonical: str, level: str, parent: str | None) -> None:
    assert level_of(canonical) == level
    assert parent_of(canonical) == parent


@pytest.mark.parametrize(
    "canonical, generic",
    [
        ("2.17.01.2.01.0001", "X.XX.01.2.01.0001"),  # nomenklatur: Penyusunan Dokumen Perencanaan Perangkat Daerah
        ("2.17.01.2.02", "X.XX.01.2.02"),
        ("2.17.01", "X.XX.01"),
        ("7.01.01.2.06.0009", "X.XX.01.2.06.0009"),  # kec-bwi p.84 uses the supporting program under 7.01
        ("2.17.03.2.01.0001", "2.17.03.2.01.0001"),
        ("2.17.02", "2.17.02"),
        ("2.17", "2.17"),  # a bidang has its own entry
        ("2", "2"),
        ("X.XX.01.2.01.0001", "X.XX.01.2.01.0001"),
    ],
)
def test_generic_form(canonical: str, generic: str) -> None:
    assert generic_form(canonical) == generic


@pytest.mark.parametrize("bad", ["", "2.1", "2.17.03.2", "2.17.03.2.01.01", "2024", "2.17.3", "x.xx"])
def test_canonical_helpers_reject_printed_forms(bad: str) -> None:
    for fn in (level_of, parent_of, generic_form):
        with pytest.raises(ValueError, match="not a canonical"):
            fn(bad)


def test_flag_codes_are_in_the_catalog() -> None:
    for parts in (["2.17.03.2.01.01"], ["2024"], ["2.18.0.00.0.00.01.0000"], ["2.01 01"], ["x.xx"]):
        for flag in parse_code(parts).flags:
            assert flag.code in FLAG_CODES


@pytest.mark.parametrize("printed, code", [
    # the scanned sample (samples/renstra_dinkop_magetan_2024-2026_scanned.pdf) as Tesseract reads its code cells
    ("2 1704 2.01", "2.17.04.2.01"),
    ("2 1704 2.01 02", "2.17.04.2.01.0002"),
    ("2 17 01 2.0802", "2.17.01.2.08.0002"),
    ("2 17 012.09", "2.17.01.2.09"),
    ('2 17 01 2.08 03 "', "2.17.01.2.08.0003"),
])
def test_codes_with_lost_spaces_read_by_digit_order(printed: str, code: str) -> None:
    parsed = parse_code([printed])
    assert parsed.canonical == code
    assert "odd-code" in [f.code for f in parsed.flags]


@pytest.mark.parametrize("printed", ["2|717|02|2.02|01", "217", "2 17 01 2.08 03 04 05"])
def test_misread_codes_stay_unread(printed: str) -> None:
    assert parse_code([printed]).canonical is None


# ------------------------------------------------------------------ codes wrapped before their last digits (issue 10)
# dinsos = ../shared/realdocs/banyuwangi_renstra_2025-2029_dinsosppkb.pdf: the first column holds "code - name" and
# is so narrow that the sub-kegiatan code breaks before its last digit ("1.06.01.2.01.000" / "1 - Penyusunan", p.113).


@pytest.mark.parametrize(
    "cell, canonical, name",
    [
        ("1.06.01.2.01.000\n1 - Penyusunan\nDokumen\nPerencanaan", "1.06.01.2.01.0001",
         "Penyusunan Dokumen Perencanaan"),  # dinsos p.113, read from the page image
        ("1.06.01.2.01.000\n6 - Koordinasi\ndan Penyusunan", "1.06.01.2.01.0006", "Koordinasi dan Penyusunan"),
        ("2.08.02.2.02.00\n08 - Nama", "2.08.02.2.02.0008", "Nama"),  # a sub-kegiatan 00 does not exist: a wrap
        ("1.06.01.2.0\n1 - Perencanaan", "1.06.01.2.01", "Perencanaan"),  # a one-digit kegiatan number: a wrap
        ("1.06.01.2.01\n1 Penyusunan", "1.06.01.2.01", "1 Penyusunan"),  # 2.011 is no code: the name's own digit
        ("1.06.01\nPROGRAM PENUNJANG", "1.06.01", "PROGRAM PENUNJANG"),
    ],
)
def test_code_wrapped_onto_the_name_line_is_joined(cell: str, canonical: str, name: str) -> None:
    found = find_code_prefix(cell)
    assert found is not None
    parsed, rest = found
    assert (parsed.canonical, rest) == (canonical, name)
    assert "wrapped-value" not in flag_codes(parsed)  # the shape alone decides these


def test_code_cell_wrapped_before_its_last_digit() -> None:
    parsed = parse_code(["2.08.02.2.02.000\n8"])  # issue 10 item 12: narrow code column
    assert parsed.canonical == "2.08.02.2.02.0008" and parsed.flags == ()


def test_wrap_that_the_shape_leaves_open_is_joined_flagged_and_the_nomenclature_named() -> None:
    # "001" alone reads as sub-kegiatan 0001, "001"+"8" as 0018: both are codes; the code printed in full wins
    unsure = parse_code(["2.08.02.2.02.001\n8"])
    assert unsure.canonical == "2.08.02.2.02.0018"
    assert "wrapped-value" in flag_codes(unsure)
    confirmed = parse_code(["2.08.02.2.02.001\n8"], known={"2.08.02.2.02.0018"})
    assert confirmed.canonical == "2.08.02.2.02.0018"
    assert [f.message for f in confirmed.flags if f.code == "wrapped-value"][0].endswith(
        "(2.08.02.2.02.0018 is in the nomenclature and 2.08.02.2.02.0001 is not)")
    # dinsos p.126 prints 1.06.02.2.03.0012 ("001" / "2"), a code of a later list than the 2023 one, which has
    # only ...0001: the list must not overrule the shape; the flag says what it knows
    other_version = find_code_prefix("1.06.02.2.03.001\n2 - Nama", known={"1.06.02.2.03.0001"})
    assert other_version is not None and other_version[0].canonical == "1.06.02.2.03.0012"
    assert "kept as printed in full" in other_version[0].flags[-1].message


def test_supporting_program_wrap_is_decided_by_its_generic_form() -> None:
    # the nomenclature lists the supporting program's sub-kegiatan once as X.XX.01...
    parsed = parse_code(["1.06.01.2.01.000\n1"], known={"X.XX.01.2.01.0001"})
    assert parsed.canonical == "1.06.01.2.01.0001" and parsed.flags == ()


@pytest.mark.parametrize("text,canonical,name,printed", [
    ("6.01.03.2.01.000 1 - Perumusan Kebijakan", "6.01.03.2.01.0001", "Perumusan Kebijakan", "'000 1'"),
    ("6.01.03.201 - Perumusan Kebijakan Teknis", "6.01.03.2.01", "Perumusan Kebijakan Teknis", "'201'"),
    ("6.01.03.201.0001 - Perumusan", "6.01.03.2.01.0001", "Perumusan", "'201'"),
])
def test_code_prefix_as_ocr_breaks_it(text: str, canonical: str, name: str, printed: str) -> None:
    """Inspektorat Renstra p.54, read by OCR: a space inside the sub-kegiatan's last segment, the kegiatan's dot
    lost. Read, and flagged odd-code naming the printed form."""
    code, rest = find_code_prefix(text)
    assert (code.canonical, rest) == (canonical, name)
    assert any(f.code == "odd-code" and printed in f.message for f in code.flags)


def test_a_three_digit_fourth_segment_not_1_or_2_is_no_kegiatan() -> None:
    assert find_code_prefix("1.02.03.301 - Bukan kegiatan") is None
