"""Normalising program / kegiatan / sub-kegiatan names for comparison.

Printed names and the official lists differ in ways that carry no meaning: letter case, runs of spaces and
line breaks, words glued by PDF extraction ("KompetensiSDM", "UMUMDAN", "usahakecil"), hyphen gaps
("Perundang- Undangan"), "Kab/Kota" for "Kabupaten/Kota", a leading code ("2.17.03 PROGRAM ...", the SIPD
"code name" form) and a leading level word ("Program", "Kegiatan", "Sub Kegiatan"). ``normalize_name`` removes
them; ``split_glued`` additionally splits tokens that are two known words run together, given a vocabulary.
Imports nothing from the package.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterable
from pathlib import Path

_LEADING_CODE = re.compile(r"^\s*(?:[0-9X]{1,2}(?:[ .][0-9X]{1,4}){0,6})\s+(?=\D)", re.IGNORECASE)
_LEADING_LEVEL = re.compile(r"^(?:sub\s*kegiatan|kegiatan|program)\b\s*", re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_HYPHEN_GAP = re.compile(r"\s*-\s+|\s+-\s*")
_SLASH_GAP = re.compile(r"\s*/\s*")
_NON_WORD = re.compile(r"[^0-9a-z/]+")

# Spelling variants that mean the same word (left: as sometimes printed, right: as in the lists).
_SPELLING = {
    "ijin": "izin",
    "perijinan": "perizinan",
    "perijanan": "perizinan",
    "tehnologi": "teknologi",
    "kab": "kabupaten",
    "kabupatenkota": "kabupaten/kota",
    "pemerintah": "pemerintahan",
    "keanggotaanya": "keanggotaannya",
    "pekoperasian": "perkoperasian",
}


_TWO_WORDS = re.compile(r"[^\W\d_]{3,}\W+[^\W\d_]{3,}")


def has_two_words(text: str) -> bool:
    """Whether ``text`` holds two words of three letters or more, one after the other (letters of any script):
    text, not a number, a code or an outline number ("I.1.2", "12", "2.17.01")."""
    return _TWO_WORDS.search(text) is not None


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces, stripped."""
    return " ".join(text.split())


def strip_code_prefix(text: str) -> str:
    """Drop a leading nomenclature code ("2.17.03.2.01 Pemeriksaan ...", "X.XX.01 PROGRAM ...")."""
    return _LEADING_CODE.sub("", text, count=1)


def normalize_name(text: str | None) -> str:
    """Lower-cased, space-collapsed name without leading code or level word; punctuation becomes spaces.

    "/" is kept (it separates alternatives such as "KSP/USP") but spaces around it are removed, so
    "Kabupaten/ Kota" and "Kabupaten/Kota" agree.
    """
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    s = strip_code_prefix(collapse(s))
    # glued camelCase ("KompetensiSDM", "koperasiKewenangan") before lower-casing; all-capital runs are left
    s = _CAMEL.sub(" ", s)
    s = s.lower()
    s = _HYPHEN_GAP.sub("-", s)
    s = _SLASH_GAP.sub("/", s)
    for _ in range(2):  # "Sub Kegiatan Program X" is not a thing, but "Kegiatan Sub Kegiatan" might be
        s = _LEADING_LEVEL.sub("", s).strip()
    s = s.replace("-", " ")
    s = _NON_WORD.sub(" ", s)
    words = [_SPELLING.get(w, w) for w in s.split()]
    out = " ".join(words)
    out = re.sub(r"\bkabupaten/ ?kota\b|\bkab/kota\b|\bkabupaten / kota\b", "kabupaten/kota", out)
    return out.strip()


def split_glued(text: str, vocabulary: set[str], min_part: int = 3) -> str:
    """Split every token not in ``vocabulary`` that is exactly two vocabulary words glued together.

    ``text`` is an already normalised name. "kompetensisdm" -> "kompetensi sdm" when both parts are known
    words; a token that cannot be split that way is kept. Parts shorter than ``min_part`` are only
    accepted when they are "dan" or the whole split is unambiguous at one position.
    """
    out: list[str] = []
    for word in text.split():
        if word in vocabulary or len(word) < 2 * min_part or "/" in word:
            out.append(word)
            continue
        splits = [
            (word[:i], word[i:])
            for i in range(min_part, len(word) - min_part + 1)
            if word[:i] in vocabulary and word[i:] in vocabulary
        ]
        if splits:
            left, right = max(splits, key=lambda p: min(len(p[0]), len(p[1])))
            out.extend((left, right))
        else:
            out.append(word)
    return " ".join(out)


def _splittable(word: str, vocabulary: set[str], min_part: int = 3) -> bool:
    return any(word[:i] in vocabulary and word[i:] in vocabulary for i in range(min_part, len(word) - min_part + 1))


def vocabulary_of(names: Iterable[str], min_part: int = 3) -> set[str]:
    """The words (3+ letters) of already-normalised names, without words that are two of them glued.

    The official lists themselves contain glued words ("umumdan", "aksespasar"); leaving them out of the
    vocabulary makes ``split_glued`` split them on both sides of a comparison, so they agree.
    """
    vocab: set[str] = set()
    for name in names:
        vocab.update(w for w in name.split() if len(w) >= min_part and "/" not in w)
    return {w for w in vocab if not _splittable(w, vocab, min_part)}


# ------------------------------------------------------------------------------ words broken by a narrow column

# Indonesian words of up to three letters that stand on their own: a line ending or starting with one of them is no
# broken word ("dan" + "a..." is never joined). The fragments a narrow column leaves ("an", "nya", "si", "et") are
# not in it.
SHORT_WORDS = frozenset({
    "dan", "di", "ke", "dari", "per", "se", "ada", "ini", "itu", "non", "sub", "dll", "dgn", "utk", "tdk", "pd", "yg",
    "oleh", "bagi", "atau", "pada", "pos", "rt", "rw", "km", "ha", "kg", "unit", "dua", "tiga", "ibu", "anak", "air",
    "api", "jam", "hak", "hal", "kab", "kec", "uang", "dana", "aset", "alat", "ok", "tim", "sdm", "ppkb", "asn",
})
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_LEADING_LETTERS = re.compile(r"^([^\W\d_]+)(?=$|[\s,.;:)/-])")
_LETTERS = re.compile(r"[^\W\d_]+")
_CAMEL_TAIL = re.compile(r"^.*[a-z](?=[A-Z])")  # the letters up to the last lower-to-upper step of a glued token


def _real_word(word: str, vocabulary: Container[str]) -> bool:
    return word in SHORT_WORDS or (len(word) >= 4 and word in vocabulary)


def _trailing_letters(text: str) -> str | None:
    """The letters that end ``text`` (or its line before one final line break), None when it ends otherwise: the
    run is matched on the reversed text, so that a long line is not searched from its start."""
    m = _LETTER_RUN.match((text[:-1] if text.endswith("\n") else text)[::-1])
    return m.group(0)[::-1] if m else None


def broken_word_at(prev_line: str, next_line: str, vocabulary: Container[str]) -> str | None:
    """The word a narrow column broke at this line break without a hyphen ("Meningkatk" / "an kualitas",
    "Rehabilita" / "si", "PEMERINTAH" / "AN"), or None when the break falls between two words.

    Joined when the two pieces together are a word of ``vocabulary`` and not both pieces are words on their own
    ("Kinerja" / "Perangkat" stays two words); or, for a short lower-case piece that is no word ("an", "nan",
    "et") after a piece that is none either, even when the whole is not in the vocabulary. Never for two real
    words. Case must carry on: a lower-case continuation, or both pieces in capitals.
    """
    trailing, right_m = _trailing_letters(prev_line), _LEADING_LETTERS.match(next_line)
    if trailing is None or right_m is None:
        return None
    left, right = _CAMEL_TAIL.sub("", trailing), right_m.group(1)  # "koperasiKewe" -> "Kewe"
    attached = len(left) < len(prev_line.rstrip()) and not prev_line.rstrip()[-len(left) - 1].isspace()
    if not (right[0].islower() or (left.isupper() and right.isupper() and (len(left) > 1 or attached))):
        return None  # a lone capital continues only a token ("KABUPATEN/K" / "OTA", "KompetensiS" / "DM")
    low_left, low_right = left.lower(), right.lower()
    if _real_word(low_left, vocabulary) and _real_word(low_right, vocabulary):
        return None
    joined = low_left + low_right
    if joined in vocabulary:
        return left + right
    fragment = right.islower() and len(right) <= 3 and not _real_word(low_right, vocabulary)
    if fragment and len(left) >= 4 and not _real_word(low_left, vocabulary):
        return left + right
    return None


def words_of_cells(cells: Iterable[str], min_len: int = 4) -> set[str]:
    """The words (lower case, ``min_len`` letters or more) that a document prints whole: the words of its cells
    that are not next to a line break inside the cell (such a word may be a piece of a broken one)."""
    words: set[str] = set()
    for cell in cells:
        lines = [ln for ln in str(cell).splitlines() if ln.strip()]
        for i, line in enumerate(lines):
            tokens = _LETTERS.findall(line)
            lo = 1 if i > 0 else 0
            hi = len(tokens) - 1 if i < len(lines) - 1 else len(tokens)
            words.update(t.lower() for t in tokens[lo:hi] if len(t) >= min_len)
    return words


def load_words(path: str | Path) -> frozenset[str]:
    """A vocabulary file: one word a line, '#' lines are comments. A missing file gives an empty vocabulary."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))
