"""Kepmendagri nomenclature codes: read them as printed, give them one canonical dotted form.

Canonical forms (Kepmendagri 900.1.15.5-1317/2023, as in the nomenclature CSVs): urusan ``2``, bidang urusan
``2.17``, program ``2.17.03``, kegiatan ``2.17.03.2.01``, sub-kegiatan ``2.17.03.2.01.0001``; the generic
supporting block that every bidang uses is coded ``X``, ``X.XX``, ``X.XX.01...``.

Documents print codes in many ways: split over cells (["2", "17", "03", "2.01", "01"]), joined with spaces
("2 17 03 2.01 01"), dotted ("2.17.03.2.01.01") or in SIPD form ("2.17.03.2.01.0001"), wrapped inside a cell,
with odd sub-kegiatan parts ("013", "000 2", "01"), or in front of the name in one cell ("1.01.01 PROGRAM ...").
Unusual forms are read and flagged "odd-code"; what cannot be read is flagged "unparsed-code" with the raw
text kept. A narrow column wraps a code before its last digits ("2.08.02.2.02.000" / "8", or onto the name's first
line: "1.06.01.2.01.000" / "1 - Penyusunan ..."): the lines are joined when together they make a well-shaped code
(``decide_code_wrap``), flagged "wrapped-value" when the printed digits were a code on their own too. No I/O; the
parsers never raise on any input text.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from dataclasses import dataclass

from .model import Flag
from .parse import join_cell_lines

_LEVEL_BY_SEGMENTS = {1: "urusan", 2: "bidang_urusan", 3: "program", 5: "kegiatan", 6: "sub_kegiatan"}
SUPPORTING_PROGRAM = "01"  # "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH": listed once, as X.XX.01

CANONICAL_RE = re.compile(r"(?:[1-9]|X)(?:\.(?:\d{2}|XX)(?:\.\d{2}(?:\.[1-9]\.\d{2}(?:\.\d{4})?)?)?)?")
# SKPD / unit codes: urusan.bidang + two more urusan.bidang pairs + unit + sub-unit ("2.18.0.00.0.00.01.0000")
_SKPD_RE = re.compile(r"[0-9X]\.[0-9X]{2}\.\d\.\d{2}\.\d\.\d{2}\.\d{2}\.\d{2,4}")
_CODE_CHARS = re.compile(r"[0-9Xx.\s]*")
# a sub-kegiatan whose last segment OCR or a narrow font split by a space ("6.01.03.2.01.000 1 - Perumusan"): the
# digits before the name's separator belong to the code (parse_code reads "000 1" as 0001, flagged)
_SPLIT_SUB_PREFIX = re.compile(
    r"^(?P<code>[0-9Xx]{1,4}(?:\.[0-9Xx]{1,4}){4}\.\d{1,3} \d{1,3})(?=\s*[-–—:])(?P<rest>.*)$", re.DOTALL)
# a kegiatan whose "2.01" lost its dot to OCR ("6.01.03.201 - Perumusan"): a code's fourth segment is one digit,
# 1 or 2, so three digits there starting with one of them are that digit and the kegiatan number
_LOST_KEGIATAN_DOT = re.compile(r"^(\d{1,2}\.\d{2}\.\d{2}\.)([12])(\d{2})(?=$|[\s.\-–—:])")
_DOTTED_PREFIX = re.compile(r"^(?P<code>[0-9Xx]{1,4}(?:\.[0-9Xx]{1,4})+)\.?(?=$|[\s\-–—:|])(?P<rest>.*)$", re.DOTALL)
_SPACED_PREFIX = re.compile(r"^(?P<code>[0-9X](?: [0-9X]{1,4}(?:\.\d{2})?){2,})(?= )(?P<rest>.*)$", re.DOTALL)
_URUSAN_PREFIX = re.compile(
    r"^(?P<code>[1-9X])(?=\s*[-–—:]\s*[^\W\d_]|\s+URUSAN\b)(?P<rest>.*)$", re.IGNORECASE | re.DOTALL
)
_NAME_SEPARATOR = re.compile(r"^[\s\-–—:|]+")


@dataclass(frozen=True)
class ParsedCode:
    """A code read from one or more printed cells.

    ``canonical`` is the dotted form (None when unreadable), ``level`` one of LEVELS (None when unreadable),
    ``raw`` the printed text (cells joined with one space), ``flags`` "odd-code" / "unparsed-code".
    """

    canonical: str | None
    level: str | None
    raw: str
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class _Token:
    text: str
    part: int  # index of the printed cell it came from
    after_space: bool  # separated from the previous token by a space inside the same cell


def _tokens(texts: list[str]) -> list[_Token]:
    """Split printed cells into code segments, remembering the cell and whether a space came before."""
    out: list[_Token] = []
    for i, text in enumerate(texts):
        for j, chunk in enumerate(text.split()):
            for k, piece in enumerate(chunk.split(".")):
                if piece:
                    out.append(_Token(piece, i, j > 0 and k == 0))
    return out


def _unparsed(raw: str, field: str, why: str) -> ParsedCode:
    return ParsedCode(None, None, raw, (Flag("unparsed-code", field, f"{raw!r} is not a nomenclature code: {why}"),))


def _not_a_code_reason(raw: str, compact: str) -> str:
    """Say why a text with other characters than digits, dots, spaces and X is not a code."""
    if "," in compact and re.fullmatch(r"[\d.,\s-]+", compact):
        return "it is an amount or a decimal number (it contains ',')"
    if re.search(r"[A-Za-z]", compact):
        return "it contains letters (for a 'code name' cell use find_code_prefix)"
    return "it contains characters that codes never have"


def _first_token_problem(tok: str) -> str:
    if re.fullmatch(r"(?:19|20)\d{2}", tok):
        return f"'{tok}' is a year"
    if tok.isdigit():
        return f"'{tok}' is a plain number (an urusan code is one digit or X)"
    return f"'{tok}' cannot start a code (an urusan code is one digit or X)"


def _read_sub(tokens: list[_Token], field: str) -> tuple[str | None, list[Flag], str]:
    """The 4-digit sub-kegiatan segment from the tokens after the kegiatan. Returns (segment, flags, problem)."""
    first = tokens[0]
    if any(t.part != first.part or not t.after_space for t in tokens[1:]):
        return None, [], "it has more segments than a sub-kegiatan code"
    if not all(t.text.isdigit() for t in tokens):
        return None, [], "its sub-kegiatan part is not digits"
    printed = " ".join(t.text for t in tokens)
    digits = "".join(t.text for t in tokens)
    if len(digits) > 4:
        if len(digits.lstrip("0")) > 4:
            return None, [], f"its sub-kegiatan part '{printed}' has more than four digits"
        digits = digits[-4:]
    elif len(digits) == 4 and len(tokens) == 1:
        return digits, [], ""
    seg = digits.zfill(4)
    why = []
    if len(tokens) > 1:
        why.append("with spaces inside")
    if len(digits) != 4 or len(printed.replace(" ", "")) != 4:
        why.append(f"with {len(printed.replace(' ', ''))} digits instead of 4")
    msg = f"sub-kegiatan printed as '{printed}' ({', '.join(why)}); read as {seg}"
    return seg, [Flag("odd-code", field, msg)], ""


def _check_segments(tokens: list[_Token]) -> str:
    """Return a problem with the urusan .. kegiatan segments, or "" when they are well formed."""
    widths = [(1, "urusan"), (2, "bidang urusan"), (2, "program"), (1, "kegiatan type"), (2, "kegiatan number")]
    for tok, (width, name) in zip(tokens, widths):
        t = tok.text
        generic = name in ("urusan", "bidang urusan") and t == "X" * width
        if not generic and not (t.isdigit() and len(t) == width):
            return f"its {name} segment '{t}' should be {width} digit{'s' if width > 1 else ''}"
    if len(tokens) >= 2 and (tokens[0].text == "X") != (tokens[1].text == "XX"):
        return "a generic code is written X.XX (both urusan and bidang as X)"
    if tokens[0].text == "0":
        return "urusan 0 does not exist"
    if len(tokens) == 4:
        return "it stops inside the kegiatan segment (a kegiatan is written like 2.01)"
    return ""


def _assemble(tokens: list[_Token], raw: str, field: str, flags: list[Flag]) -> ParsedCode:
    if len(tokens) >= 6:
        sub, sub_flags, problem = _read_sub(tokens[5:], field)
        if sub is None:
            return _unparsed(raw, field, problem)
        flags.extend(sub_flags)
        segs = [t.text for t in tokens[:3]] + [f"{tokens[3].text}.{tokens[4].text}", sub]
    elif len(tokens) == 5:
        segs = [t.text for t in tokens[:3]] + [f"{tokens[3].text}.{tokens[4].text}"]
    else:
        segs = [t.text for t in tokens]
    canonical = ".".join(segs)
    return ParsedCode(canonical, level_of(canonical), raw, tuple(flags))


def _parse_texts(texts: list[str], field: str) -> ParsedCode:
    raw = " ".join(texts)
    compact = " ".join(t.strip(" -–—:") for t in texts).strip()
    if not compact:
        return ParsedCode(None, None, raw)  # only dashes: a blank code cell
    if not _CODE_CHARS.fullmatch(compact):
        return _unparsed(raw, field, _not_a_code_reason(raw, compact))
    flags: list[Flag] = []
    if "x" in compact:
        flags.append(Flag("odd-code", field, f"{raw!r}: generic code written with a lower-case x; read as X"))
        compact = compact.replace("x", "X")
    if _SKPD_RE.fullmatch(compact.replace(" ", "")):
        return _unparsed(
            raw, field, "it is an SKPD / unit code (urusan.bidang.x.xx.x.xx.unit.sub-unit), not a program code"
        )
    tokens = _tokens([t.strip(" -–—:").replace("x", "X") for t in texts])
    if not tokens:
        return _unparsed(raw, field, "it has no digits")
    if not (tokens[0].text in "123456789X" and len(tokens[0].text) == 1):
        return _unparsed(raw, field, _first_token_problem(tokens[0].text))
    problem = _check_segments(tokens[:5])
    if problem:
        return _unparsed(raw, field, problem)
    if _mixed_separators(tokens[:3]):
        flags.append(
            Flag(
                "odd-code",
                field,
                f"{raw!r} mixes dots and spaces in its urusan/bidang/program segments; read with "
                f"{'.'.join(t.text for t in tokens[:3])} as its first segments (it may be a kegiatan and "
                "sub-kegiatan printed without the cells before them)",
            )
        )
    return _assemble(tokens, raw, field, flags)


def _mixed_separators(head: list[_Token]) -> bool:
    """True when the first segments are joined partly by dots and partly by spaces ("2.01 01")."""
    seps = [t.after_space or t.part != prev.part for prev, t in zip(head, head[1:])]
    return len(set(seps)) > 1


# ------------------------------------------------------------------------------------ codes wrapped in a cell

_SKPD_FULL_RE = re.compile(r"[0-9X]\.[0-9X]{2}\.\d\.\d{2}\.\d\.\d{2}\.\d{2}\.\d{4}")
_LEADING_DIGITS = re.compile(r"^[0-9.]+(?=$|\s|[-–—:|])")
_LINE_SPLIT = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class WrapDecision:
    """Whether the digits at the head of a cell's next line belong to the code on the line above.

    ``verdict``: "join" (the shape says so), "join-unsure" (both readings are codes: joined, flagged, the flag
    saying which reading a nomenclature knows), "no-shape" (the digits make no well-shaped code together).
    ``flag`` is the "wrapped-value" flag of an unsure join.
    """

    verdict: str
    joined: str
    flag: Flag | None = None


def _well_shaped(text: str) -> bool:
    """A code printed whole in its canonical dotted form (four-digit sub-kegiatan), or a whole SKPD code."""
    t = text.replace("x", "X")
    return bool(CANONICAL_RE.fullmatch(t) or _SKPD_FULL_RE.fullmatch(t))


def _readable_alone(text: str) -> str | None:
    """The canonical code a text reads as on its own, None when it is no code or an impossible one
    (a sub-kegiatan 0000 or a kegiatan 00 does not exist: "1.06.01.2.01.000" is a wrapped 0001 ... 0009)."""
    try:
        parsed = _parse_texts([text.replace("x", "X")], "code")
    except Exception:
        return None
    code = parsed.canonical
    if code is None:
        return None
    segs = code.split(".")
    if (len(segs) == 6 and segs[5] == "0000") or (len(segs) >= 5 and segs[4] == "00"):
        return None
    return code


def _in(code: str, known: Container[str]) -> bool:
    try:
        return code in known or generic_form(code) in known
    except (ValueError, TypeError):
        return False


def decide_code_wrap(head: str, tail: str, field: str = "code", known: Container[str] | None = None) -> WrapDecision:
    """Decide whether ``tail`` (the digits that open the next line of a cell) ends the code ``head`` printed on
    the line above, as in a narrow column: "2.08.02.2.02.000" / "8", "1.06.01.2.01.000" / "1 - Penyusunan ...",
    "2.18.0.00.0.00.01.00" / "00".

    A break at a dot always joins. Otherwise the joined digits must form a well-shaped code; when the code as
    printed is impossible on its own (no code, sub-kegiatan 0000) the shape decides. When both readings are
    codes the well-shaped (printed in full) reading wins, flagged "wrapped-value"; the flag says which reading
    ``known`` (a nomenclature's codes) holds. The list does not overrule the shape: documents use codes of
    other list versions (a 0012 missing from the 2023 list while its 0001 is there was printed "001" / "2").
    """
    joined = head + tail
    if head.endswith(".") or tail.startswith("."):
        return WrapDecision("join", joined)
    if not _well_shaped(joined):
        return WrapDecision("no-shape", joined)
    alone = _readable_alone(head)
    if alone is None:
        return WrapDecision("join", joined)
    whole = parse_code_text(joined) or joined
    why = f"{alone} is also a code; the joined digits are the well-shaped code"
    if known is not None:
        whole_known, alone_known = _in(whole, known), _in(alone, known)
        if whole_known != alone_known:
            why = (f"{whole if whole_known else alone} is in the nomenclature and "
                   f"{alone if whole_known else whole} is not{'' if whole_known else '; kept as printed in full'}")
    return WrapDecision("join-unsure", joined, _wrap_flag(field, head, tail, whole, why))


def _wrap_flag(field: str, head: str, tail: str, code: str, why: str) -> Flag:
    return Flag("wrapped-value", field, f"code {head!r} with {tail!r} from the next line of its cell read as {code} "
                                        f"({why})")


def parse_code_text(text: str) -> str | None:
    """The canonical code of one printed code text, None when it is none (a convenience over parse_code)."""
    return parse_code([text]).canonical if text else None


def join_code_lines(text: str, field: str = "code", known: Container[str] | None = None) -> tuple[str, list[Flag]]:
    """A code cell's text with its line breaks joined, and a "wrapped-value" flag for each unsure join.

    A break inside a code ("2.08.02.2.02.000" / "8") is joined, flagged when ``decide_code_wrap`` is unsure of it
    (both readings are codes); every other break as ``join_cell_lines(text, "code")`` joins it.
    """
    lines = [ln for ln in (join_cell_lines(x, "code") for x in _LINE_SPLIT.split(text)) if ln]
    if len(lines) < 2:
        return (lines[0] if lines else ""), []
    out = lines[0]
    flags: list[Flag] = []
    for nxt in lines[1:]:
        m = _LEADING_DIGITS.match(nxt)
        inside = " " not in out or out.endswith(".") or nxt[0] == "."  # a break inside one dotted code
        if m is not None and inside and re.search(r"[0-9.]$", out):
            decision = decide_code_wrap(out.rsplit(" ", 1)[-1], m.group(0), field, known)
            out += nxt  # joined whatever the decision: a digit below a code cell's digits continues it
            flags.extend([decision.flag] if decision.flag else [])
            continue
        out = join_cell_lines(out + "\n" + nxt, "code")
    return out, flags


def split_wrapped_code_prefix(text: str, field: str = "code",
                              known: Container[str] | None = None) -> tuple[str, list[Flag]]:
    """For a "code name" cell whose code wrapped onto the name's first line ("1.06.01.2.01.000" / "1 - Penyusunan
    Dokumen ..."), the cell text with the code's last digits moved back onto the code's line; other cells
    unchanged. Only when the first line is a dotted code alone; when ``decide_code_wrap`` does not join, the
    two lines are kept apart by a space."""
    lines = _LINE_SPLIT.split(text.strip())
    if len(lines) < 2:
        return text, []
    first = lines[0].strip()
    m = _LEADING_DIGITS.match(lines[1].strip())
    if not re.fullmatch(r"[0-9Xx]{1,4}(?:\.[0-9Xx]{1,4})+\.?", first) or m is None:
        return text, []
    decision = decide_code_wrap(first, m.group(0), field, known)
    if decision.verdict == "no-shape":  # the next line opens the name: keep them apart
        return "\n".join([f"{first} {lines[1].strip()}", *lines[2:]]), []
    rest = lines[1].strip()[m.end():]
    return "\n".join([decision.joined + rest, *lines[2:]]), [decision.flag] if decision.flag else []


def parse_code(parts: Sequence[str], field: str = "code", known: Container[str] | None = None) -> ParsedCode:
    """Read a code from its printed cells (one or more strings, some may be empty). Never raises.

    ["2", "17", "03", "2.01", "01"], "2 17 03 2.01 01" and "2.17.03.2.01.01" all give 2.17.03.2.01.0001 with an
    "odd-code" flag for the two-digit sub-kegiatan; "013" and "000 2" are read as 0013 and 0002, flagged.
    All parts empty gives canonical None without a flag (a blank code cell). Years ("2024"), amounts
    ("3,149,889,939"), numbers ("80", "1.122") and SKPD codes ("2.18.0.00.0.00.01.0000") give canonical None
    with "unparsed-code" saying why. A code wrapped inside its cell is joined (see ``join_code_lines``;
    ``known``, the codes of a nomenclature, decides a wrap that the shape leaves open).
    """
    if isinstance(parts, str):
        parts = [parts]
    wrap_flags: list[Flag] = []
    try:
        joined = [join_code_lines(p if isinstance(p, str) else str(p), field, known) for p in parts]
    except Exception:  # a non-iterable or odd object: read its text
        joined = [join_code_lines(str(parts), field, known)]
    texts = [t for t, _ in joined if t.strip()]
    wrap_flags = [f for _, flags in joined for f in flags]
    if not texts:
        return ParsedCode(None, None, "")
    try:
        parsed = _parse_texts(texts, field)
    except Exception as exc:  # a defect here must not stop a whole document
        return _unparsed(" ".join(texts), field, f"internal error while reading it ({type(exc).__name__}: {exc})")
    if wrap_flags:
        parsed = ParsedCode(parsed.canonical, parsed.level, parsed.raw, (*parsed.flags, *wrap_flags))
    if parsed.canonical is None:
        cleaned = [t for t in (_STRAY_MARKS.sub(" ", t).strip() for t in texts) if t]
        if cleaned and cleaned != texts:  # a stray quote or bar read into the cell (OCR): read it without them
            again = _parse_texts(cleaned, field)
            if again.canonical is not None:
                flag = Flag("odd-code", field, f"{' '.join(texts)!r}: stray marks left out, read as {again.canonical}")
                return ParsedCode(again.canonical, again.level, " ".join(texts), (*again.flags, flag))
        return _by_digit_shape(texts, field) or parsed
    return parsed


# A kegiatan or sub-kegiatan code whose spaces were lost or misplaced (OCR: "2 1704 2.01 02", "2 17 01 2.0802"):
# urusan 1 digit, bidang 2, program 2, kegiatan d(.)dd, sub-kegiatan 2-4 digits, with nothing left over.
_DIGIT_SHAPE = re.compile(r"^(\d)(\d{2})(\d{2})(\d)\.?(\d{2})(\d{2,4})?$")
_STRAY_MARKS = re.compile(r"[|'\"`]+")
_CODE_NOISE = re.compile(r"[\s|'\"`]+")


def _by_digit_shape(texts: list[str], field: str) -> ParsedCode | None:
    """A last reading of a code that no segmentation fits: its digits in the only order a code can have them.
    Only for text made of digits, one dot at most and spaces; always flagged."""
    raw = " ".join(texts)
    squeezed = _CODE_NOISE.sub("", raw)
    if not squeezed or squeezed.count(".") > 1 or "," in raw or re.search(r"[^\d.]", squeezed):
        return None
    m = _DIGIT_SHAPE.match(squeezed)
    if m is None or (m.group(6) is None and "." not in squeezed):
        return None
    tokens = [t for t in _CODE_NOISE.split(raw) if t]
    segments = 5 if m.group(6) else 4  # urusan, bidang, program, kegiatan (d.dd), sub-kegiatan
    if len(tokens) >= segments:
        return None  # as many pieces as a code has: a misread piece, not a lost space; leave it unread
    urusan, bidang, program, segment, kegiatan, sub = m.groups()
    canonical = f"{urusan}.{bidang}.{program}.{segment}.{kegiatan}" + (f".{int(sub):04d}" if sub else "")
    flag = Flag("odd-code", field, f"{raw!r} fits no code as printed (spaces lost or misplaced); read by the order "
                                   f"of its digits as {canonical}")
    return ParsedCode(canonical, "sub_kegiatan" if sub else "kegiatan", raw, (flag,))


def find_code_prefix(text: str, field: str = "code", known: Container[str] | None = None,
                     words: Container[str] | None = None) -> tuple[ParsedCode, str] | None:
    """For a cell that starts with a code and goes on with a name, the code and the name. Never raises.

    "2.17.03.2.01.0001 Pengawasan ..." -> (2.17.03.2.01.0001, "Pengawasan ..."); "1.05.02 - PROGRAM ..." ->
    (1.05.02, "PROGRAM ..."); "2 17 03 2.01 01 Pengawasan" (spaced form, at least a program). A lone urusan digit
    counts only before " - " or "URUSAN". Returns None when the text does not start with a readable code
    ("1.1 Nilai omset", "2024 - 2026", "80 Dokumen"), except for an SKPD code, which comes back unparsed with
    its name so that the caller sees what it was. Meant for name cells: a numbering that happens to have the
    shape of a code ("1.10 ...") cannot be told from a bidang code by its text alone. A code wrapped onto the
    name's first line ("1.06.01.2.01.000" / "1 - Penyusunan ...") is joined (``split_wrapped_code_prefix``);
    ``words`` rejoins the name's words broken by a narrow column (see parse.join_cell_lines).
    """
    try:
        unwrapped, wrap_flags = split_wrapped_code_prefix(text if isinstance(text, str) else str(text), field, known)
        s = join_cell_lines(unwrapped, "code", words)
        dot = _LOST_KEGIATAN_DOT.match(s)
        if dot:
            s = _LOST_KEGIATAN_DOT.sub(r"\1\2.\3", s, count=1)
            printed, meant = dot.group(2) + dot.group(3), f"{dot.group(2)}.{dot.group(3)}"
            wrap_flags = [*wrap_flags, Flag("odd-code", field, f"kegiatan printed as '{printed}' (without its dot); "
                                                               f"read as {meant}")]
        for pattern in (_SPLIT_SUB_PREFIX, _DOTTED_PREFIX, _SPACED_PREFIX, _URUSAN_PREFIX):
            m = pattern.match(s)
            if not m:
                continue
            code = parse_code([m.group("code")], field)
            name = _NAME_SEPARATOR.sub("", m.group("rest")).strip()
            if code.canonical is not None:
                if wrap_flags:
                    code = ParsedCode(code.canonical, code.level, code.raw, (*code.flags, *wrap_flags))
                return code, name
            if _SKPD_RE.fullmatch(m.group("code")):
                return code, name
        return None
    except Exception:  # never raise on cell text
        return None


def _check_canonical(canonical: str) -> list[str]:
    if not isinstance(canonical, str) or not CANONICAL_RE.fullmatch(canonical):
        raise ValueError(f"{canonical!r} is not a canonical nomenclature code (like 2.17.03.2.01.0001)")
    return canonical.split(".")


def level_of(canonical: str) -> str:
    """The level of a canonical code: urusan, bidang_urusan, program, kegiatan or sub_kegiatan.

    Raises ValueError for a text that is not a canonical code (use parse_code on printed text).
    """
    return _LEVEL_BY_SEGMENTS[len(_check_canonical(canonical))]


def level_of_code(code: str) -> str | None:
    """The level of a canonical code, None for a text that is not one (a printed cell, a list's odd code)."""
    try:
        return level_of(code)
    except ValueError:
        return None


def parent_of(canonical: str) -> str | None:
    """The canonical code one level up (a kegiatan's parent is its program); None for an urusan.

    Raises ValueError for a text that is not a canonical code (``parent_code_of`` takes any dotted code).
    """
    _check_canonical(canonical)
    return parent_code_of(canonical)


def parent_code_of(code: str) -> str | None:
    """The dotted code one level up, by the segments alone: a kegiatan (five segments, 2.17.03.2.01) drops two
    to its program, every other code one; None for a code of one segment (an urusan)."""
    segs = code.split(".")
    if len(segs) <= 1:
        return None
    drop = 2 if len(segs) == 5 else 1
    return ".".join(segs[:-drop])


def generic_form(canonical: str) -> str:
    """The code under which the nomenclature lists this code.

    Programs, kegiatan and sub-kegiatan of the supporting program 01 are listed once for all bidang as
    X.XX.01...: "2.17.01.2.01.0001" -> "X.XX.01.2.01.0001". Every other code (including urusan and bidang,
    which have their own entries; X and X.XX are only placeholders) is returned unchanged.
    """
    segs = _check_canonical(canonical)
    if len(segs) >= 3 and segs[2] == SUPPORTING_PROGRAM:
        return ".".join(["X", "XX", *segs[2:]])
    return canonical
