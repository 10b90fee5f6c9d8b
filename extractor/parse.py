"""Pure parsers for the text of one table cell: numbers, wrapped lines, indicator units, year ranges.

No I/O and no third-party imports. Nothing here guesses silently: a value that allows two readings, or that
cannot be read, comes back with a ``model.Flag`` (codes from ``errors.FLAG_CODES``) next to it. The parsers
never raise on any input text.

Number formats: ``"id"`` is Indonesian (1.234.567,89: dot groups thousands, comma is the decimal mark);
``"en"`` is English (1,234,567.89). Real documents use both, sometimes in one table (the seed's TC.27 target
columns hold "80.1" next to "0,9"), so a column's format is decided from its unambiguous cells with
``detect_number_format`` and passed to ``parse_number``.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from dataclasses import dataclass, replace

from .model import Flag
from .textnorm import broken_word_at

FORMAT_ID = "id"
FORMAT_EN = "en"
FORMAT_AUTO = "auto"
FORMAT_MIXED = "mixed"
FORMAT_UNKNOWN = "unknown"
LINE_KINDS = ("number", "code", "text")

MAX_DIGITS = 30  # more digits than any Rupiah amount: such text is not read as a number

_BLANKS = frozenset({"", "-", "–", "—", "−", "--", "---"})
_LINE_BREAK = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
_WHITESPACE = re.compile(r"\s+")
_OVERFLOW = re.compile(r"#+")
_RP_PREFIX = re.compile(r"^rp\.?\s*", re.IGNORECASE)
_PARENS = re.compile(r"^\((.*)\)$")
_MINUS = re.compile(r"^[-−–]\s*(?=[0-9.,])")
_NO_CENTS = re.compile(r"(?<=\d)[.,]-+$")  # "1.500.000,-": Rupiah written without cents
_PERCENT = re.compile(r"\s*%$")
_NUMBER_AND_UNIT = re.compile(r"(?P<num>[.,]?\d[\d.,]*)(?:\s*(?P<unit>[^\W\d_].*))?")
_YEAR_RANGE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:[-–—]|s\.?\s?d\.?|s/d|sampai(?:\s+dengan)?|hingga)\s*((?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)
_TRAILING_PAREN = re.compile(r"^(?P<text>.*?\S)\s*\((?P<unit>[^()]{1,40})\)$", re.DOTALL)

# First words of units printed in parentheses after an indicator ("(%)", "(Juta Rupiah)", "(Dokumen)").
# Taken from the satuan column of the nomenclature lists; acronyms that name the indicator itself
# ("(IKM)", "(UMKM)", "(SAKIP)") are deliberately absent, so they stay part of the indicator.
_UNIT_WORDS = frozenset(
    """
    % persen persentase prosentase rp rupiah juta miliar milyar ribu triliun
    dokumen laporan orang unit ruang lembaga paket satuan kegiatan km keluarga rekomendasi peserta ha hektar
    ton berita kelompok objek obyek buku layanan pelaku arsip lokasi rumah kasus desa kelurahan organisasi
    perkara sistem kk titik sertifikat eksemplar konten komunitas bangunan meter m m2 m3 m³ perusahaan
    kebijakan produk koperasi kawasan liter usaha instansi indeks nilai poin skor predikat kali hari bulan
    tahun minggu jam kg gram ekor dosis sambungan jiwa sekolah siswa buah set lembar naskah aplikasi surat
    pengaduan aduan kunjungan pasien penduduk rasio angka tingkat level kategori opini
    """.split()
)


@dataclass(frozen=True)
class ParsedNumber:
    """A number read from a cell. ``value`` is int when whole, float otherwise, None when blank or unreadable.

    ``raw`` is the cell text as given; ``unit`` is "%" for a percentage or the word printed after the number
    ("58 Dokumen" -> "Dokumen", flagged "unit-in-number").
    """

    value: int | float | None
    raw: str
    unit: str | None = None
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class _Pieces:
    """A numeric cell taken apart: sign, the digits with their separators, and what was printed around them."""

    negative: bool
    digits: str
    unit: str | None
    percent: bool


@dataclass(frozen=True)
class _Reading:
    """How the digits-and-separators core of a number reads.

    ``status``: "plain" (no separator), "sure" (only one reading), "ambiguous" (two readings, one chosen),
    "against-format" (the given format cannot read it; read by its own shape), "bad" (not a number).
    ``evidence`` is the format the shape alone proves ("id"/"en"), None when it proves nothing.
    """

    value: int | float | None
    status: str
    evidence: str | None = None
    note: str = ""


# --------------------------------------------------------------------------------------------------- lines


def _lines(text: str) -> list[str]:
    """The non-empty lines of a cell, each with its whitespace collapsed to single spaces."""
    out = []
    for line in _LINE_BREAK.split(text):
        line = _WHITESPACE.sub(" ", line).strip()
        if line:
            out.append(line)
    return out


def _is_reduplication(before: str, after: str) -> bool:
    """True for a hyphen that belongs to the word: "Perundang-undangan", "langkah-langkah"."""
    b = re.sub(r"[^a-z]", "", before.lower())
    a = re.sub(r"[^a-z]", "", after.lower())
    if not a or not b:
        return False
    return any(a.startswith(b[-k:]) for k in range(3, len(b) + 1))


_SLASH_WORD = re.compile(r"/[^\W\d_]")  # a line opening with a slash glued to a word ("/Rehabilitasi"; not "// X")


def _text_boundary(prev: str, nxt: str, words: Container[str] | None = None, after: str = "") -> tuple[str, str]:
    """Join two prose lines: returns (previous line, glue). Handles hyphenated word breaks, and with ``words``
    (a vocabulary) words broken without a hyphen (textnorm.broken_word_at), also over three lines when the middle
    line is one piece ("Pemeliharaan/R" / "ehabilita" / "si"); ``after`` is the line after ``nxt``."""
    if len(prev) >= 2 and prev[-1] in "-\u00ad" and prev[-2].isalpha():
        word_before = prev.rsplit(" ", 1)[-1][:-1]
        word_after = nxt.split(" ", 1)[0]
        if nxt[0].islower() and prev[-2].islower() and not _is_reduplication(word_before, word_after):
            return prev[:-1], ""  # "Perenca-" + "naan" -> "Perencanaan"
        return prev[:-1] + "-", ""  # "RKA-" + "SKPD", "Perundang-" + "undangan": the hyphen is real
    first = nxt.split(" ", 1)[0]
    if nxt[0] in ",.;:)" or (prev[-1] == "/" and nxt[0] == "/") or _SLASH_WORD.match(nxt) and prev[-1].isalpha():
        return prev, ""  # "Pemeliharaan" + ", Biaya", "Kota /" + "/ Unit", "Pemeliharaan" + "/Rehabilitasi"
    if len(prev) >= 2 and prev[-1] == "/" and prev[-2].isalpha() and nxt[0].isalpha():
        return prev, ""  # "KABUPATEN/" + "KOTA": a narrow column breaks after the slash of "Kabupaten/Kota"
    if len(first) == 1 and first.islower() and prev[-1].isalpha():
        return prev, ""  # "Penyelenggaraa" + "n", "Semestera" + "n SKPD": a word broken without a hyphen
    if words is not None and broken_word_at(prev, nxt, words) is not None:
        return prev, ""  # "Meningkatk" + "an", "Rehabilita" + "si": a word broken by a narrow column
    if words is not None and after and nxt.isalpha() and broken_word_at(prev, nxt + after, words) is not None:
        return prev, ""  # "R" + "ehabilita" + "si": the middle piece alone makes no word with either side
    return prev, " "


_NUMBER_END = re.compile(r"[0-9.,]$")
_NUMBER_START = re.compile(r"^[0-9.,)]")
_CODE_END = re.compile(r"[0-9.]$")
_CODE_START = re.compile(r"^[0-9.]")


def _glues(prev: str, nxt: str, kind: str) -> bool:
    """True when a line break inside a number or code falls between two characters of one token."""
    if kind == "number":
        return bool(_NUMBER_END.search(prev) and _NUMBER_START.match(nxt))
    if kind == "code":
        # a dotted code breaks anywhere ("2.18.0.00.0.00.01.00" / "00"); a code printed with spaces
        # ("2 17 03" / "2.01 01") or followed by its name breaks at a space, so keep one there
        return bool(
            _CODE_END.search(prev)
            and _CODE_START.match(nxt)
            and (" " not in prev or prev.endswith(".") or nxt[0] == ".")
        )
    return False


def join_cell_lines(text: str, kind: str, words: Container[str] | None = None) -> str:
    """The text of a cell with its line breaks joined the way the cell's kind needs.

    ``kind`` is "number" (a break between digits or separators is joined without a space:
    "12.084.498.9\\n48" -> "12.084.498.948"; "58\\nDokumen" -> "58 Dokumen"), "code" (a break inside a dotted
    code is joined without a space: "2.18.0.00.0.00.01.00\\n00" -> "2.18.0.00.0.00.01.0000"; other breaks as
    in text) or "text" (lines joined with one space; a hyphenated word break "Perenca-\\nnaan" -> "Perencanaan",
    while a real hyphen stays: "RKA-\\nSKPD", "Perundang-\\nundangan"). Runs of spaces become one space.
    ``words``, a vocabulary (the document's words and the nomenclature's), also rejoins text words broken by a
    narrow column without a hyphen ("Meningkatk" / "an" -> "Meningkatkan"), never two real words.
    """
    if kind not in LINE_KINDS:
        raise ValueError(f"kind must be one of {', '.join(LINE_KINDS)}, not {kind!r}")
    lines = _lines(text if isinstance(text, str) else str(text))
    if not lines:
        return ""
    out = lines[0]
    for i, nxt in enumerate(lines[1:], start=2):
        if _glues(out, nxt, kind):
            out += nxt
        elif kind == "number":
            out += " " + nxt
        else:
            out, glue = _text_boundary(out, nxt, words, lines[i] if i < len(lines) else "")
            out += glue + nxt
    return out


# ------------------------------------------------------------------------------------------------ numbers


def _split_number_text(text: str) -> _Pieces | None:
    """Take "Rp. (1.500.000,-)", "-1.000", "95,61 %", "58 Dokumen" apart; None when it is not number-shaped."""
    s = _RP_PREFIX.sub("", text.strip())
    negative = False
    m = _PARENS.match(s)
    if m:
        negative = True
        s = _RP_PREFIX.sub("", m.group(1).strip())
    m = _MINUS.match(s)
    if m:
        negative = True
        s = s[m.end() :]
    s = _NO_CENTS.sub("", s)
    percent = bool(_PERCENT.search(s))
    if percent:
        s = _PERCENT.sub("", s)
    m = _NUMBER_AND_UNIT.fullmatch(s)
    if not m:
        return None
    unit = m.group("unit")
    return _Pieces(negative, m.group("num"), unit.strip() if unit else None, percent)


def _valid_groups(groups: list[str]) -> bool:
    """Thousands grouping: a first group of 1-3 digits (not a lone leading zero), then groups of exactly 3."""
    first, rest = groups[0], groups[1:]
    if not (first.isdigit() and 1 <= len(first) <= 3) or (first.startswith("0")):
        return False
    return all(len(g) == 3 and g.isdigit() for g in rest)


def _make_value(int_digits: str, frac: str) -> int | float:
    int_digits = int_digits or "0"
    if not frac.strip("0"):
        return int(int_digits)
    return float(f"{int_digits}.{frac}")


def _sep_name(sep: str) -> str:
    return "dot" if sep == "." else "comma"


def _fmt_of_decimal(sep: str) -> str:
    """The format in which ``sep`` is the decimal mark."""
    return FORMAT_EN if sep == "." else FORMAT_ID


def _read_two_kinds(num: str, fmt: str) -> _Reading:
    """Both separators present: the last one is the decimal mark ("1.234,5" id, "1,234.5" en)."""
    last = max(num.rfind("."), num.rfind(","))
    dec = num[last]
    thousands = "," if dec == "." else "."
    int_part, frac = num[:last], num[last + 1 :]
    if dec in int_part or not frac.isdigit() or not _valid_groups(int_part.split(thousands)):
        return _Reading(None, "bad", note="its dots and commas do not form a number (misplaced separators)")
    reading = _fmt_of_decimal(dec)
    value = _make_value(int_part.replace(thousands, ""), frac)
    if fmt in (FORMAT_ID, FORMAT_EN) and fmt != reading:
        return _Reading(value, "against-format", reading, f"only the {reading} reading fits it")
    return _Reading(value, "sure", reading)


def _read_one_kind(num: str, fmt: str) -> _Reading:
    """One kind of separator, once or more: thousands groups, or a decimal mark, or both readings."""
    sep = "." if "." in num else ","
    parts = num.split(sep)
    as_thousands = _fmt_of_decimal("," if sep == "." else ".")  # the format in which sep groups thousands
    as_decimal = _fmt_of_decimal(sep)
    if len(parts) > 2:
        if not _valid_groups(parts):
            return _Reading(None, "bad", note="its digit groups are irregular (thousands groups have three digits)")
        value = int("".join(parts))
        if fmt in (FORMAT_ID, FORMAT_EN) and fmt != as_thousands:
            return _Reading(
                value, "against-format", as_thousands, f"several {_sep_name(sep)}s can only group thousands"
            )
        return _Reading(value, "sure", as_thousands)
    whole, frac = parts
    if not frac.isdigit():
        return _Reading(None, "bad", note="nothing follows its separator")
    decimal_value = _make_value(whole, frac)
    if not _valid_groups(parts):
        if fmt in (FORMAT_ID, FORMAT_EN) and fmt != as_decimal:
            return _Reading(
                decimal_value,
                "against-format",
                as_decimal,
                f"a {_sep_name(sep)} not followed by three digits is a decimal mark",
            )
        return _Reading(decimal_value, "sure", as_decimal)
    thousands_value = int(whole + frac)
    if fmt == as_thousands:
        return _Reading(thousands_value, "sure")
    if fmt == as_decimal:
        return _Reading(decimal_value, "sure")
    note = (
        f"can be read as {thousands_value} ({_sep_name(sep)} as thousands separator, {as_thousands} style) "
        f"or as {decimal_value} ({_sep_name(sep)} as decimal mark, {as_decimal} style); read as {thousands_value} "
        f"because exactly three digits follow its only separator, the shape of a thousands group "
        f"(column format: {fmt or FORMAT_AUTO})"
    )
    return _Reading(thousands_value, "ambiguous", note=note)


def _read_digits(num: str, fmt: str) -> _Reading:
    """Read the digits-and-separators core of a number ("1.234,5") in the given column format."""
    if num[-1] in ".,":
        num = num[:-1]  # "100." : a trailing separator carries nothing
    if sum(c.isdigit() for c in num) > MAX_DIGITS:
        return _Reading(None, "bad", note=f"it has more than {MAX_DIGITS} digits")
    if not num or not any(c.isdigit() for c in num):
        return _Reading(None, "bad", note="it has no digits")
    if num.isdigit():
        return _Reading(int(num), "plain")
    if "." in num and "," in num:
        return _read_two_kinds(num, fmt)
    return _read_one_kind(num, fmt)


def _unparsed(raw: str, field: str, why: str) -> ParsedNumber:
    return ParsedNumber(None, raw, flags=(Flag("unparsed-number", field, f"{raw!r} is not a number: {why}"),))


def _well_formed(line: str, fmt: str) -> bool:
    pieces = _split_number_text(line)
    if pieces is None or pieces.unit:
        return False
    return _read_digits(pieces.digits, fmt).status in ("plain", "sure", "ambiguous")


# "97,8" / "3%": a decimal fraction of one digit whose next digit wrapped onto the line below (narrow ratio
# columns); a stacked second value is never just one or two digits after a fraction
_SHORT_FRACTION_END = re.compile(r"\d[.,]\d$")
_FRACTION_TAIL = re.compile(r"^\d{1,2}\s*%?$")


_MIN_WRAPPED_LINE = 4  # digits: a narrow Rupiah column that wraps a bare amount holds at least this many a line
_SEPARATORS = re.compile(r"[.,]")


def _fills_column(lines: list[str]) -> bool:
    """Lines as a narrow column wraps one run of characters: every line but the last as long as the first (give or
    take one: a separator is narrower than a digit), the last no longer ("4" / "35,000,000" is no wrap)."""
    width = max(len(line) for line in lines[:-1])
    return all(width - len(line) <= 1 for line in lines[:-1]) and len(lines[-1]) <= width


def _wrapped_amount(lines: list[str], fmt: str) -> bool:
    """True when the lines of a cell of Rupiah amounts are one amount a narrow column wrapped, though its lines
    read as numbers on their own ("745,3" / "19,45" / "0", "16447" / "87457" / "6"): every break falls between
    two digits, the lines fill the column (``_fills_column``), and joined they make an amount no two stacked
    values make:
    - thousands groups with two separators or more, all regular ("745,319,450"; two stacked amounts glue into
      irregular groups: "50.000.000" + "8.416.000.000");
    - a line after the first that opens with a zero and another digit ("20000" / "000"): no amount starts so;
    - three lines of bare digits or more, each but the last as long as the first (at least
      ``_MIN_WRAPPED_LINE`` digits), the last shorter ("1644" / "7874" / "576").
    Two lines of bare digits ("95999" / "600") may be two values: not joined here."""
    if len(lines) < 2 or not all(_glues(a, b, "number") for a, b in zip(lines, lines[1:])):
        return False
    joined = "".join(lines)
    pieces = _split_number_text(joined)
    if not _fills_column(lines) or pieces is None or pieces.unit or _read_digits(pieces.digits, fmt).value is None:
        return False
    if any(len(line) > 1 and line[0] == "0" and line[1].isdigit() for line in lines[1:]):
        return True
    if joined.isdigit():
        width = len(lines[0])
        return (len(lines) >= 3 and width >= _MIN_WRAPPED_LINE and all(len(line) == width for line in lines[:-1])
                and len(lines[-1]) < width)
    separators = _SEPARATORS.findall(joined)
    return max(separators.count("."), separators.count(",")) >= 2


def _join_number_lines(lines: list[str], fmt: str, amount: bool = False) -> tuple[str, list[str], str | None]:
    """Join the lines of a numeric cell. Returns (text, glued line pairs, why it may be two values or None).

    A break between digits is either a number that wrapped ("12.084.498.9" / "48") or two values stacked in
    one cell ("4" / "35,000,000"). It is read as a wrap when a line ends or starts with a separator, or when the
    first line is not a number on its own, or (``amount``: a column of Rupiah amounts) when the lines joined are
    an amount no two stacked values make (``_wrapped_amount``); otherwise, when both lines are complete numbers,
    the cell is not guessed at.
    """
    if amount and _wrapped_amount(lines, fmt):
        return "".join(lines), [f"{a!r} + {b!r}" for a, b in zip(lines, lines[1:])], None
    out = lines[0]
    glued: list[str] = []
    for nxt in lines[1:]:
        if not _glues(out, nxt, "number"):
            out += " " + nxt
            continue
        fraction_goes_on = bool(_SHORT_FRACTION_END.search(out) and _FRACTION_TAIL.match(nxt))
        if (not (out[-1] in ".," or nxt[0] in ".,") and not fraction_goes_on
                and _well_formed(out, fmt) and _well_formed(nxt, fmt)):
            return (
                out + nxt,
                glued,
                f"its lines {out!r} and {nxt!r} are each a number (two values, or one that wrapped?)",
            )
        glued.append(f"{out!r} + {nxt!r}")
        out += nxt
    return out, glued, None


def _number_flags(raw: str, field: str, pieces: _Pieces, reading: _Reading, glued: list[str], fmt: str) -> list[Flag]:
    flags: list[Flag] = []
    if glued:
        flags.append(Flag("wrapped-value", field, f"number wrapped inside its cell; joined {', '.join(glued)}"))
    if reading.status == "ambiguous":
        flags.append(Flag("ambiguous-number", field, f"{raw!r} {reading.note}"))
    elif reading.status == "against-format":
        flags.append(
            Flag(
                "ambiguous-number",
                field,
                f"{raw!r} does not fit the column's {fmt} number format ({reading.note}); read as {reading.value}",
            )
        )
    if pieces.unit:
        flags.append(Flag("unit-in-number", field, f"{raw!r}: unit {pieces.unit!r} printed inside the number"))
    return flags


# "143,33 - 139,83", "80 s.d. 85 %": a target printed as a range (no single value)
_RANGE = re.compile(r"(\d[\d.,]*)\s*%?\s*(?:-|–|—|s\.?\s?d\.?|s/d|sampai(?:\s+dengan)?)\s*(\d[\d.,]*)\s*%?",
                    re.IGNORECASE)

# "1 22,500,000": a space inside the leading digit group of a grouped amount, from glyph spacing in the PDF
_SPACED_GROUP = re.compile(r"^\d{1,2} \d{1,2}(?:[.,]\d{3})+(?:[.,]\d{1,2})?$")


def _read_spaced(raw: str, text: str, fmt: str, field: str) -> ParsedNumber:
    """Read a grouped amount with one space inside its first group as one number, flagged: the space is most
    likely glyph spacing, but two values printed side by side cannot be ruled out."""
    joined = text.replace(" ", "")
    parsed = _parse_number(joined, fmt, field)
    if parsed.value is None:
        return _unparsed(raw, field, "it is not shaped like a number")
    doubt = Flag("ambiguous-number", field, f"{raw!r} has a space inside its digits: read as {joined!r} "
                                            f"({parsed.value}); it could also be two values side by side")
    return ParsedNumber(parsed.value, raw, parsed.unit, (*parsed.flags, doubt))


def _parse_number(raw: str, fmt: str, field: str, amount: bool = False) -> ParsedNumber:
    lines = _lines(raw)
    if not lines:
        return ParsedNumber(None, raw)
    glued: list[str] = []
    text = lines[0]
    if len(lines) > 1:
        text, glued, doubt = _join_number_lines(lines, fmt, amount)
        if doubt:
            return _unparsed(raw, field, doubt)
    if text in _BLANKS or _RP_PREFIX.sub("", text) in _BLANKS - {""}:  # "Rp -": an accounting format's blank
        return ParsedNumber(None, raw)
    if _OVERFLOW.fullmatch(text):
        return ParsedNumber(
            None,
            raw,
            flags=(Flag("overflow-cell", field, f"{raw!r}: a spreadsheet overflow printed instead of a value"),),
        )
    return _read_number_text(raw, text, glued, fmt, field, amount)


# Words of magnitude printed after an amount ("2,5 Milyar", "450 juta", "3,1 M"): Rupiah per unit
_MAGNITUDES = {"ribu": 10**3, "rb": 10**3, "juta": 10**6, "jt": 10**6, "miliar": 10**9, "milyar": 10**9,
               "m": 10**9, "triliun": 10**12, "trilyun": 10**12, "t": 10**12}


def _magnitude(unit: str | None) -> int | None:
    """The factor of a word of magnitude after an amount ("Milyar", "jt.", "M"), None for any other unit."""
    return _MAGNITUDES.get(unit.lower().rstrip(".")) if unit else None


def _scaled_amount(value: int | float, factor: int) -> int | float:
    scaled = value * factor
    return int(round(scaled)) if abs(scaled - round(scaled)) < 1e-6 * max(1.0, abs(scaled)) else scaled


def _read_number_text(raw: str, text: str, glued: list[str], fmt: str, field: str,
                      amount: bool = False) -> ParsedNumber:
    """The value of a cell's number text (its lines already joined into ``text``, ``glued`` the joins made).
    In a Rupiah column (``amount``) a word of magnitude after the number multiplies it ("2,5 Milyar" ->
    2500000000), flagged."""
    found = None if amount else _RANGE.fullmatch(text)  # a Rupiah amount is never a range: '51-200.000' is a misread
    if found:
        return _unparsed(raw, field, f"a range of two values ({found.group(1)} to {found.group(2)}), kept as printed")
    pieces = _split_number_text(text)
    if pieces is None and _SPACED_GROUP.match(text):
        return _read_spaced(raw, text, fmt, field)
    if pieces is None:
        return _unparsed(raw, field, "it is not shaped like a number")
    reading = _read_digits(pieces.digits, fmt)
    if reading.value is None:
        return _unparsed(raw, field, reading.note)
    value = reading.value
    if pieces.negative:
        value = -value
        if value == 0:
            value = type(value)(0)  # no "-0.0"
    unit = "%" if pieces.percent else pieces.unit
    factor = _magnitude(unit) if amount and not pieces.percent else None
    if factor is not None:
        flags = _number_flags(raw, field, replace(pieces, unit=None), reading, glued, fmt)
        scaled = _scaled_amount(value, factor)
        flags.append(Flag("unit-in-number", field, f"{raw!r}: {unit!r} after the amount read as x {factor:,}: "
                                                   f"{scaled:,}"))
        return ParsedNumber(scaled, raw, None, tuple(flags))
    flags = _number_flags(raw, field, pieces, reading, glued, fmt)
    if amount:
        flags.extend(_thousandths_doubt(raw, field, pieces.digits, value))
    return ParsedNumber(value, raw, unit, tuple(flags))


_LAST_GROUP_OF_THREE = re.compile(r"[.,]\d{3}$")


def _thousandths_doubt(raw: str, field: str, digits: str, value: int | float) -> list[Flag]:
    """A Rupiah amount read with three decimals ('50,000.000' as 50000): no budget is kept in thousandths of a
    Rupiah, so its last group is more likely thousands with a separator misread (OCR) or mistyped; kept as read,
    flagged with the other reading."""
    whole = int(re.sub(r"\D", "", digits) or 0)
    if not _LAST_GROUP_OF_THREE.search(digits) or value == whole or value == -whole:
        return []
    return [Flag("ambiguous-number", field, f"{raw!r}: a Rupiah amount read with three decimals ({value:,}); its "
                                            f"last group is more likely thousands ({whole:,})")]


def parse_number(text: str, fmt: str = FORMAT_AUTO, field: str = "", amount: bool = False) -> ParsedNumber:
    """Read a numeric cell. Never raises.

    ``fmt`` is the column's number format: "id" or "en" read the separators that way; "auto", "mixed" or
    "unknown" read each value by its own shape, and a value both formats allow ("1.122", "1,500") is read as
    thousands (three digits after a single separator) with an "ambiguous-number" flag saying both readings.
    A value whose shape contradicts an explicit format ("80.1" in an "id" column) is read by its shape and
    flagged too. Blanks ("", "-", "–", "—", and "Rp -" as an accounting format prints a blank amount) give None
    without a flag; "##" gives None with "overflow-cell";
    "Rp", "Rp.", a trailing ",-" and "%" are dropped ("95,61 %" -> 95.61 with unit "%"); "(1.000)" and "-1.000"
    are negative; "58 Dokumen" gives 58 with unit "Dokumen" and "unit-in-number"; anything else gives None with
    "unparsed-number" (the raw text is kept). ``field`` names the value in the flags.

    Lines that are each a number ("4" / "35,000,000") are two values or one that wrapped: not read
    ("unparsed-number"), except in a column of Rupiah amounts (``amount``) when the lines joined are an amount
    no two stacked values make ("745,3" / "19,45" / "0" -> 745319450, flagged "wrapped-value").
    """
    raw = text if isinstance(text, str) else ("" if text is None else str(text))
    try:
        return _parse_number(raw, fmt, field, amount)
    except Exception as exc:  # a defect here must not stop a whole document; say what happened instead
        return _unparsed(raw, field, f"internal error while reading it ({type(exc).__name__}: {exc})")


def _evidence(text: str) -> str | None:
    """The number format one cell proves by its shape ("id", "en"), or None when it proves nothing."""
    pieces = _split_number_text(join_cell_lines(text, "number"))
    if pieces is None:
        return None
    reading = _read_digits(pieces.digits, FORMAT_AUTO)
    return reading.evidence if reading.status == "sure" else None


def number_format_evidence(texts: Iterable[str]) -> dict[str, int]:
    """How many cells prove each format by their shape: {"id": n, "en": m}. Ambiguous cells count for neither."""
    counts = {FORMAT_ID: 0, FORMAT_EN: 0}
    for text in texts:
        try:
            found = _evidence(text if isinstance(text, str) else str(text))
        except Exception:  # evidence is optional: a cell that breaks the reader proves nothing
            found = None
        if found:
            counts[found] += 1
    return counts


def detect_number_format(texts: Iterable[str]) -> str:
    """Decide a column's (or document's) number format from the cells whose shape allows only one reading.

    "3,149,889,939", "80.1", "1,234.5" prove "en"; "832.222,8", "0,9", "3.149.889.939" prove "id"; "1.122",
    "3,149" and plain integers prove nothing. Returns "id", "en", "mixed" (cells prove both, as in the seed's
    TC.27 target columns with "80.1" and "0,9") or "unknown" (no cell proves either).
    """
    counts = number_format_evidence(texts)
    if counts[FORMAT_ID] and counts[FORMAT_EN]:
        return FORMAT_MIXED
    if counts[FORMAT_ID]:
        return FORMAT_ID
    if counts[FORMAT_EN]:
        return FORMAT_EN
    return FORMAT_UNKNOWN


# ------------------------------------------------------------------------------------- indicators, years


MAJORITY = 2.0  # a mixed column follows the format its cells show at least twice as often as the other


def column_format(texts: Iterable[str]) -> str:
    """"id", "en" or "auto" for a column: its unambiguous cells decide; a clear majority decides a mixed column
    (the minority cells are then read by their own shape and flagged by the parser)."""
    texts = list(texts)
    fmt = detect_number_format(texts)
    if fmt in ("id", "en"):
        return fmt
    if fmt == "mixed":
        votes = number_format_evidence(texts)
        if votes["id"] >= MAJORITY * votes["en"]:
            return "id"
        if votes["en"] >= MAJORITY * votes["id"]:
            return "en"
    return "auto"


def _looks_like_unit(candidate: str) -> bool:
    c = candidate.strip()
    if "%" in c:
        return True
    first = re.split(r"[\s/]+", c.lower(), maxsplit=1)[0].strip(".,")
    return first in _UNIT_WORDS


def split_indicator_unit(text: str) -> tuple[str, str | None]:
    """Split an indicator from the unit printed with it.

    "Jumlah Laporan ... SKPD // Laporan" -> ("Jumlah Laporan ... SKPD", "Laporan") (the seed's marker);
    "Persentasi UMKM yang telah diberdayakan (%)" -> (..., "%"); a trailing parenthesised unit word
    ("(Juta Rupiah)", "(Dokumen)") likewise. A parenthesised acronym ("(IKM)") is not a unit, and a unit is never
    guessed from a trailing plain word: without a marker the text comes back unchanged with None.
    """
    s = (text if isinstance(text, str) else str(text)).strip()
    idx = s.rfind("//")
    while idx > 0 and s[idx - 1] == ":":  # "http://..." is not a unit marker
        idx = s.rfind("//", 0, idx - 1)
    if idx >= 0:
        indicator = s[:idx].rstrip(" /")
        unit = s[idx + 2 :].strip(" /")
        return indicator.strip(), unit or None
    m = _TRAILING_PAREN.match(s)
    if m and _looks_like_unit(m.group("unit")):
        return m.group("text").strip(), _WHITESPACE.sub(" ", m.group("unit")).strip()
    return s, None


def parse_year_range(text: str) -> tuple[int, int] | None:
    """The first year range in a text: "Tahun 2024 - 2026", "2024–2026", "2019-2023", "2024 s.d 2026".

    Returns (first, last) or None when there is none, or when the first year is after the last.
    """
    s = text if isinstance(text, str) else str(text)
    for m in _YEAR_RANGE.finditer(s):
        first, last = int(m.group(1)), int(m.group(2))
        if first <= last:
            return first, last
    return None
