"""Property tests: the cell parsers never raise, and formatted numbers read back to themselves."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from extractor.codes import ParsedCode, find_code_prefix, parse_code
from extractor.errors import FLAG_CODES
from extractor.parse import (
    LINE_KINDS,
    ParsedNumber,
    detect_number_format,
    join_cell_lines,
    parse_number,
    parse_year_range,
    split_indicator_unit,
)

# Text that looks like table cells: digits, separators, signs, units, codes, line breaks, odd Unicode.
CELLISH = st.text(alphabet="0123456789.,-–—()%# \n\r\tRpX xDokumen/:\u00a0\u2212", max_size=40)
ANY_TEXT = st.one_of(st.text(max_size=80), CELLISH)
FORMATS = st.sampled_from(["auto", "id", "en", "mixed", "unknown", "", "bogus"])


SAFETY_NET = "internal error while reading it ("  # how the parsers' safety net words a defect it caught


def _flags_known(flags: tuple, *printed: str) -> bool:
    """Every flag is from the catalog, and none reports a defect caught by the parsers' safety net (the text
    read, echoed in a message, taken out first: a cell may well print those words)."""
    def said(message: str) -> str:
        for text in printed:
            message = message.replace(text, "")
        return message

    return all(f.code in FLAG_CODES and SAFETY_NET not in said(f.message) for f in flags)


@settings(max_examples=400)
@given(ANY_TEXT, FORMATS)
@example("9" * 5000, "auto")
@example("1" + ".000" * 40, "id")
@example("(", "auto")
@example("Rp", "auto")
@example("Rp. -", "auto")
@example(",-", "auto")
@example("internal error while reading it (x)", "auto")  # words a cell may print, echoed in a flag's message
def test_parse_number_never_raises(text: str, fmt: str) -> None:
    parsed = parse_number(text, fmt, field="f")
    assert isinstance(parsed, ParsedNumber)
    assert parsed.raw == text
    assert parsed.value is None or isinstance(parsed.value, (int, float))
    assert _flags_known(parsed.flags, text)
    if parsed.value is None and parsed.flags == ():
        blank = re.sub(r"^rp\.?\s*(?=\S)", "", text.strip(), flags=re.IGNORECASE)  # "Rp -" as "-"
        assert blank in ("", "-", "–", "—", "−", "--", "---")


@settings(max_examples=300)
@given(st.lists(ANY_TEXT, max_size=8))
def test_detect_number_format_never_raises(texts: list[str]) -> None:
    assert detect_number_format(texts) in ("id", "en", "mixed", "unknown")


@settings(max_examples=300)
@given(ANY_TEXT, st.sampled_from(LINE_KINDS))
def test_join_cell_lines_never_raises(text: str, kind: str) -> None:
    joined = join_cell_lines(text, kind)
    assert "\n" not in joined and "\r" not in joined
    assert joined == joined.strip()


@settings(max_examples=300)
@given(ANY_TEXT)
def test_split_indicator_unit_never_raises(text: str) -> None:
    indicator, unit = split_indicator_unit(text)
    assert isinstance(indicator, str)
    assert unit is None or (isinstance(unit, str) and unit)


@settings(max_examples=300)
@given(st.lists(ANY_TEXT, max_size=7))
def test_parse_code_never_raises(parts: list[str]) -> None:
    parsed = parse_code(parts)
    assert isinstance(parsed, ParsedCode)
    assert _flags_known(parsed.flags, *parts, " ".join(parts))
    assert (parsed.canonical is None) == (parsed.level is None)


@settings(max_examples=300)
@given(ANY_TEXT)
def test_find_code_prefix_never_raises(text: str) -> None:
    found = find_code_prefix(text)
    if found is not None:
        parsed, name = found
        assert isinstance(parsed, ParsedCode) and isinstance(name, str)
        assert _flags_known(parsed.flags, text)


@settings(max_examples=200)
@given(ANY_TEXT)
def test_parse_year_range_never_raises(text: str) -> None:
    found = parse_year_range(text)
    assert found is None or found[0] <= found[1]


CODE_SEGMENTS = st.tuples(
    st.integers(1, 9),
    st.integers(1, 99),
    st.integers(1, 99),
    st.integers(1, 9),
    st.integers(1, 99),
    st.integers(1, 9999),
)


@given(CODE_SEGMENTS)
def test_sipd_codes_read_back(segs: tuple[int, int, int, int, int, int]) -> None:
    u, b, p, t, k, s = segs
    canonical = f"{u}.{b:02d}.{p:02d}.{t}.{k:02d}.{s:04d}"
    assert parse_code([canonical]) == ParsedCode(canonical, "sub_kegiatan", canonical)
    assert parse_code([str(u), f"{b:02d}", f"{p:02d}", f"{t}.{k:02d}", f"{s:04d}"]).canonical == canonical
    found = find_code_prefix(f"{canonical} Nama Sub Kegiatan")
    assert found is not None and found[0].canonical == canonical and found[1] == "Nama Sub Kegiatan"


INTS = st.integers(min_value=-(10**15), max_value=10**15)


def _en(n: int) -> str:
    return f"{n:,}"


def _id(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@given(INTS)
def test_formatted_ints_read_back_with_their_format(n: int) -> None:
    for text, fmt in ((_en(n), "en"), (_id(n), "id")):
        parsed = parse_number(text, fmt)
        assert parsed.value == n and type(parsed.value) is int, text
        assert parsed.flags == ()


@given(INTS)
def test_formatted_ints_read_back_under_auto(n: int) -> None:
    # under "auto" the value is the same; a single separator ("1.122") is flagged as ambiguous
    for text in (_en(n), _id(n)):
        parsed = parse_number(text)
        assert parsed.value == n
        assert [f.code for f in parsed.flags] in ([], ["ambiguous-number"])


@given(INTS, st.integers(min_value=1, max_value=99))
def test_formatted_decimals_read_back(n: int, cents: int) -> None:
    sign = "-" if n < 0 else ""
    en = f"{sign}{abs(n):,}.{cents:02d}"
    idn = f"{sign}{abs(n):,}".replace(",", ".") + f",{cents:02d}"
    expected = int(f"{sign}{abs(n)}") + (1 if n >= 0 else -1) * cents / 100
    for text, fmt in ((en, "en"), (idn, "id")):
        parsed = parse_number(text, fmt)
        assert parsed.value is not None and abs(parsed.value - expected) <= abs(expected) * 1e-15 + 1e-9, text
        assert parsed.flags == ()
