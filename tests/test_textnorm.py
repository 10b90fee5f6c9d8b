"""Words broken by a narrow column (issue 10 item 6): rejoined from a vocabulary, never two real words.

The broken forms are quoted from real documents in ../shared/realdocs (page named in each comment) and from the issue.
"""

from __future__ import annotations

import pytest

from extractor.parse import join_cell_lines
from extractor.tc_specs import mappings_dir
from extractor.textnorm import broken_word_at, load_words, words_of_cells

# words a document prints whole elsewhere, and words of the nomenclature
VOCABULARY = {"meningkatkan", "meningkatnya", "target", "rehabilitasi", "penyusunan", "pengendalian", "kinerja",
              "perangkat", "daerah", "pemerintahan", "pemerintah", "pemeliharaan", "dokumen", "perencanaan",
              "sarana", "prasarana", "masyarakat", "ketentraman", "umum", "kualitas", "gedung", "kota", "kabupaten",
              "kewenangan", "koperasi", "kegiatan", "biaya", "usaha", "unit", "sdm"}


@pytest.mark.parametrize(
    "cell, joined",
    [
        ("Meningkatk\nan kualitas", "Meningkatkan kualitas"),  # issue 10 item 6
        ("Meningkatn\nya kualitas", "Meningkatnya kualitas"),  # issue 10 item 6
        ("pengendalia\nn", "pengendalian"),  # one letter: joined even without a vocabulary
        ("Targ\net", "Target"),  # semarang p.55 header cell "Targ" / "et"
        ("Pemeliharaan/Rehabilita\nsi Sarana", "Pemeliharaan/Rehabilitasi Sarana"),  # sumut p.55
        ("Penyusu\nnan Dokumen\nPerenca\nnaan", "Penyusunan Dokumen Perencanaan"),  # kec-banyuwangi p.71
        ("URUSAN PEMERINTAH\nAN DAERAH", "URUSAN PEMERINTAHAN DAERAH"),  # in capitals, both pieces in capitals
        ("Pemelih\naraan/R\nehabilita\nsi Gedung", "Pemeliharaan/Rehabilitasi Gedung"),  # kec-banyuwangi p.76: 4 pieces
        ("meningkat\nkan\nketertiban\numum dan\nketentrama\nn\nmasyaraka\nt", "meningkatkan ketertiban umum dan "
                                                                            "ketentraman masyarakat"),  # semarang p.55
        # the zoo's narrow columns (samples/layouts, PDF): a lone capital or a camel-glued tail goes on its token
        ("DAERAH KABUPATEN/K\nOTA", "DAERAH KABUPATEN/KOTA"),
        ("Kapasitas dan KompetensiS\nDM Koperasi", "Kapasitas dan KompetensiSDM Koperasi"),
        ("Usaha koperasiKewe\nnangan Kabupaten", "Usaha koperasiKewenangan Kabupaten"),
        # punctuation at a line start, a slash at either end of a break
        ("Jasa Pemeliharaan\n, Biaya Pemeliharaan", "Jasa Pemeliharaan, Biaya Pemeliharaan"),
        ("Pemeliharaan\n/Rehabilitasi Gedung", "Pemeliharaan/Rehabilitasi Gedung"),
        ("DAERAH KABUPATEN/\nKOTA", "DAERAH KABUPATEN/KOTA"),
        ("Kabupaten/Kota /\n/ Unit Usaha", "Kabupaten/Kota // Unit Usaha"),
    ],
)
def test_broken_word_is_rejoined(cell: str, joined: str) -> None:
    assert join_cell_lines(cell, "text", VOCABULARY) == joined


@pytest.mark.parametrize(
    "cell",
    [
        "Kinerja\nPerangkat Daerah",  # two real words
        "Pemerintah\nDaerah",
        "Dokumen\ndan Laporan",  # 'dan' is a word
        "Sarana\nPrasarana",  # 'Sarana' + 'Prasarana' are words, capitalised continuation
        "Jumlah\nKPM",  # an upper-case continuation after a mixed-case word is a new word
        "Penyediaan\n2 unit",  # digits are no word piece
        "Gedung\ndan\nSarana",  # a one-word middle line that is a word
        "Dinas A\nBC Kota",  # a lone capital standing alone is a word of its own
        "KEGIATAN/ SUB\nKEGIATAN",  # two real words in capitals
    ],
)
def test_two_words_stay_apart(cell: str) -> None:
    assert join_cell_lines(cell, "text", VOCABULARY) == cell.replace("\n", " ")


def test_without_a_vocabulary_only_the_hyphen_and_one_letter_rules_join() -> None:
    assert join_cell_lines("Meningkatk\nan kualitas", "text") == "Meningkatk an kualitas"
    assert join_cell_lines("Perenca-\nnaan", "text") == "Perencanaan"


def test_short_fragment_after_a_non_word_is_joined_even_if_the_whole_is_unknown() -> None:
    # "Operasio" / "nal": neither piece is a word; the whole is not in the vocabulary either (kec-banyuwangi p.76)
    assert broken_word_at("Dukungan Operasio", "nal Kantor", VOCABULARY) == "Operasional"
    assert broken_word_at("Dukungan Operasional", "ini", VOCABULARY) is None  # 'ini' is a word


def test_document_words_leave_out_the_pieces_next_to_a_line_break() -> None:
    words = words_of_cells(["Meningkatk\nan kualitas pelayanan\nmasyarakat umum", "Dokumen"])
    assert words == {"kualitas", "umum", "dokumen"}


def test_the_nomenclature_vocabulary_ships_with_the_mappings() -> None:
    words = load_words(mappings_dir() / "words.txt")
    assert {"rehabilitasi", "penyusunan", "pengendalian", "perencanaan"} <= words
    assert len(words) > 3000
    assert load_words(mappings_dir() / "no-such-file.txt") == frozenset()
