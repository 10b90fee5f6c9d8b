"""textnorm's name normalisation on small hand-made names (issue 15 item 7): leading codes and level words,
case, spaces, hyphen and slash gaps, spelling variants, glued words. The forms are those the module's docstring
names as printed by real documents and the official lists; test_textnorm.py checks broken words."""

from __future__ import annotations

import pytest

from extractor.textnorm import broken_word_at, normalize_name, split_glued, strip_code_prefix, vocabulary_of


@pytest.mark.parametrize("text, rest", [
    ("2.17.03.2.01 Pemeriksaan Kesehatan", "Pemeriksaan Kesehatan"),
    ("X.XX.01 PROGRAM PENUNJANG", "PROGRAM PENUNJANG"),  # a code of any urusan
    ("2 17 03 Kegiatan Pelatihan", "Kegiatan Pelatihan"),  # segments printed apart
    ("  1.02 Program Kesehatan", "Program Kesehatan"),
])
def test_strip_code_prefix(text: str, rest: str) -> None:
    assert strip_code_prefix(text) == rest


@pytest.mark.parametrize("text", [
    "Program Penunjang",  # no code
    "2024 Target",  # a year is no code
    "1.02.01",  # a code alone: nothing after it to keep
    "Pemeriksaan 2.17.03",  # only a leading code counts
])
def test_strip_code_prefix_leaves_text_without_a_leading_code(text: str) -> None:
    assert strip_code_prefix(text) == text


@pytest.mark.parametrize("printed, normalised", [
    ("2.17.03 PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/ KOTA",
     "penunjang urusan pemerintahan daerah kabupaten/kota"),
    ("Peningkatan KompetensiSDM", "peningkatan kompetensi sdm"),  # camelCase glue split
    ("Penyusunan Peraturan Perundang- Undangan", "penyusunan peraturan perundang undangan"),
    ("Sub Kegiatan Penyediaan Ijin Usaha", "penyediaan izin usaha"),  # level word and spelling variant
    ("Kegiatan   Pengelolaan\nKeuangan", "pengelolaan keuangan"),  # runs of spaces and line breaks
    ("Koordinasi Kab/Kota", "koordinasi kabupaten/kota"),
    ("Pengawasan KSP / USP", "pengawasan ksp/usp"),  # "/" kept, its spaces gone
    ("Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik",
     "penyediaan jasa komunikasi sumber daya air dan listrik"),  # punctuation becomes a space
    ("", ""),
    (None, ""),
])
def test_normalize_name(printed: str | None, normalised: str) -> None:
    assert normalize_name(printed) == normalised


def test_the_same_name_printed_two_ways_normalises_alike() -> None:
    assert normalize_name("PROGRAM PENGEMBANGAN UMKM") == normalize_name("Program  Pengembangan UMKM")
    assert normalize_name("Kabupaten/ Kota") == normalize_name("Kabupaten/Kota")


def test_split_glued_splits_two_known_words() -> None:
    vocabulary = {"kompetensi", "sdm", "usaha", "kecil", "pelayanan", "umum", "dan"}
    assert split_glued("peningkatan kompetensisdm", vocabulary) == "peningkatan kompetensi sdm"
    assert split_glued("usahakecil dan menengah", vocabulary) == "usaha kecil dan menengah"
    assert split_glued("pelayanan umumdan", vocabulary) == "pelayanan umum dan"


@pytest.mark.parametrize("text", [
    "pelayanan",  # a known word stays whole
    "abcdefghij",  # not two known words
    "usahaxkecil",  # two known words with a letter between
    "usaha/kecil",  # alternatives stay as printed
    "dan",  # too short to be two words
])
def test_split_glued_keeps_what_is_not_two_known_words(text: str) -> None:
    assert split_glued(text, {"usaha", "kecil", "pelayanan", "dan"}) == text


def test_vocabulary_leaves_out_glued_words_of_the_lists() -> None:
    # the official lists contain glued words ("umumdan"): out of the vocabulary, so they are split on both sides
    names = ["urusan umum dan keuangan", "umumdan pelayanan", "ksp/usp di"]
    assert vocabulary_of(names) == {"urusan", "umum", "dan", "keuangan", "pelayanan"}


def test_broken_word_needs_letters_on_both_sides_of_the_break() -> None:
    vocabulary = {"target", "tahunan"}
    assert broken_word_at("Tahun 2024", "an", vocabulary) is None  # the line ends in digits
    assert broken_word_at("Targ", "2024", vocabulary) is None  # the next line starts with digits
    assert broken_word_at("Targ", "et 2024", vocabulary) == "Target"
    assert broken_word_at("TARG", "ET", vocabulary) == "TARGET"  # both pieces in capitals
    assert broken_word_at("Targ", "Et", vocabulary) is None  # a capital starts a new word
