"""The level of TC.27 rows printed without a code (issue 10 item 8): from the outline number, from the depth of the
filled code cells, or from the nomenclature. Inline rows shaped like the real layouts named in the comments."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.model import BodyRow, Flag, Row
from extractor.tables.levels import Position, levels_by_parent, levels_by_position, levels_by_reference, position_of

NOMENCLATURE = Path(__file__).resolve().parents[2] / "shared" / "nomenclature" / "nomenklatur-2023.csv"
UNKNOWN = Flag("level-guessed", "level", "no code and no level word in the name: level unknown")


def body(*cells: str) -> BodyRow:
    return BodyRow(cells=cells, page=1, fragment=0, source_row=0)


def row(name: str, level: str | None = None, code: str | None = None) -> Row:
    flags = [] if level else [UNKNOWN]
    return Row(data={"name": name, "level": level, "code": code}, flags=list(flags))


@pytest.mark.parametrize(
    "cells, no_cols, code_cols, name, expected",
    [
        (("I.1.1", "Penyusunan Dokumen"), [0], [], "Penyusunan Dokumen", Position("outline", 3, "I.1.1")),
        (("II", "PROGRAM X"), [0], [], "PROGRAM X", Position("outline", 1, "II")),
        (("1.2.", "Nama"), [0], [], "Nama", Position("outline", 2, "1.2")),
        (("3", "Nama"), [0], [], "Nama", None),  # a serial number, not an outline
        (("", "I.PROGRAM PENUNJANG"), [], [], "I.PROGRAM PENUNJANG", Position("outline", 1, "I")),
        (("01\n.", "", "01\n.", "Nama"), [], [0, 1, 2], "Nama", Position("code cells", 3, "01 .|01 .")),
        (("", "", "", "Jumlah laporan"), [], [0, 1, 2], "", None),  # an indicator line shows no position
    ],
)
def test_position_of(cells: tuple[str, ...], no_cols: list[int], code_cols: list[int], name: str,
                     expected: Position | None) -> None:
    assert position_of(body(*cells), no_cols, code_cols, name) == expected


def test_outline_depths_follow_the_program_named_by_its_level_word() -> None:
    # sumut_dp3akb_renstra_2024-2026.pdf p.53: I PROGRAM ..., I.1 a kegiatan, I.1.1 a sub-kegiatan
    rows = [row("PROGRAM PENUNJANG", "program"), row("Perencanaan"), row("Penyusunan Dokumen"), row("Evaluasi")]
    positions = [Position("outline", 1, "I"), Position("outline", 2, "I.1"), Position("outline", 3, "I.1.1"),
                 Position("outline", 3, "I.1.2")]
    assert levels_by_position(rows, positions) == 3
    assert [r.data["level"] for r in rows] == ["program", "kegiatan", "sub_kegiatan", "sub_kegiatan"]
    assert [f.code for f in rows[1].flags] == ["level-guessed"]
    assert "'I.1'" in rows[1].flags[0].message and "depth 1 is 'program'" in rows[1].flags[0].message


def test_outline_without_any_known_level_reads_its_deepest_depth_as_sub_kegiatan() -> None:
    rows = [row("A"), row("B"), row("C")]
    positions = [Position("outline", 1, "I"), Position("outline", 2, "I.1"), Position("outline", 3, "I.1.1")]
    levels_by_position(rows, positions)
    assert [r.data["level"] for r in rows] == ["program", "kegiatan", "sub_kegiatan"]


def test_inconsistent_depths_are_left_alone() -> None:
    # semarang_satpolpp_renstra_2021-2026.pdf pp.55-58: one program prints one code cell, another three, and the
    # kegiatan under the first print two: the depth of the code cells says nothing there
    rows = [row("PROGRAM PENUNJANG", "program"), row("Perencanaan"), row("PROGRAM PENINGKATAN", "program")]
    positions = [Position("code cells", 1, "01."), Position("code cells", 3, "01.|01."),
                 Position("code cells", 3, "01.|05.|02.")]
    assert levels_by_position(rows, positions) == 0
    assert rows[1].data["level"] is None and rows[1].flags == [UNKNOWN]


def test_one_depth_of_serial_numbers_gives_no_level() -> None:
    rows = [row("A"), row("B")]
    assert levels_by_position(rows, [Position("outline", 1, "I"), Position("outline", 1, "II")]) == 0


def test_level_from_the_nomenclature_in_a_table_without_codes() -> None:
    if not NOMENCLATURE.exists():
        pytest.skip(f"{NOMENCLATURE} not present")
    from extractor.nomenclature import load_nomenclature

    nom = load_nomenclature(NOMENCLATURE)
    # names as the nomenklatur-2023 list prints them (X.XX.01.2.01 and X.XX.01.2.01.0001), and an outcome line
    rows = [row("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", "program"),
            row("Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah"),
            row("Penyusunan Dokumen Perencanaan Perangkat Daerah"), row("Tersusunnya dokumen perencanaan")]
    assert levels_by_reference(rows, nom) == 2
    assert [r.data["level"] for r in rows] == ["program", "kegiatan", "sub_kegiatan", None]
    assert "the nomenclature lists this name as a sub-kegiatan" in rows[2].flags[-1].message
    coded = [row("X", "program", code="1.01.01")] + [row("Penyusunan Dokumen Perencanaan Perangkat Daerah")]
    assert levels_by_reference(coded, nom) == 0  # a table with codes: a row without one is an outcome line


@pytest.mark.parametrize(
    "name, level",
    [
        ("I.PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "program"),  # kec-banyuwangi p.71, Kode column blank
        ("II. PROGRAM PENYELENGGARAAN PEMERINTAHAN", "program"),  # kec-banyuwangi p.78
        ("1. Kegiatan Penanganan Gangguan", "kegiatan"),
        ("a) Sub Kegiatan Koordinasi", "sub_kegiatan"),
        ("Programmer", None),
        ("1 Penyusunan Dokumen Perencanaan", None),  # no level word: the outline or the nomenclature decides
    ],
)
def test_level_word_after_an_outline_number(name: str, level: str | None) -> None:
    from extractor.tables.tc27 import _level_from_name

    assert _level_from_name(name) == level


def with_rp(r: Row, rp: int | None = 1_000_000) -> Row:
    r.years = {2024: {"target": 1, "rp": rp}}
    return r


def test_level_from_the_lists_matching_may_choose_when_none_was_given() -> None:
    """classic_portrait (samples/layouts): Kode Rekening left empty, no list given: a kegiatan and a sub-kegiatan
    name of the seed are looked up in the bundled lists (they agree on the level)."""
    rows = [row("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", "program"),
            row("Administrasi Keuangan Perangkat Daerah"), row("Penyediaan Gaji dan Tunjangan ASN"),
            row("Tersusunnya dokumen perencanaan")]
    assert levels_by_reference(rows, None) == 2
    assert [r.data["level"] for r in rows] == ["program", "kegiatan", "sub_kegiatan", None]


def test_level_by_place_under_the_row_above_in_a_table_without_codes() -> None:
    """classic_portrait: a sub-kegiatan whose printed name the lists do not know ('Penyediaan Barang Cetak dan
    Penggandaan' without 'Kantor') takes its place under the kegiatan above, beside a sub-kegiatan; a line
    without amounts of its own (an outcome line) is left alone, and so is every row of a table with codes."""
    rows = [row("PROGRAM X", "program"), with_rp(row("Administrasi Umum Perangkat Daerah", "kegiatan")),
            with_rp(row("Penyediaan Barang Cetak dan Penggandaan")), with_rp(row("Penyediaan Lain")),
            with_rp(row("Tersedianya barang"), rp=None)]
    assert levels_by_parent(rows) == 2
    assert [r.data["level"] for r in rows] == ["program", "kegiatan", "sub_kegiatan", "sub_kegiatan", None]
    assert "by its place under the kegiatan 'Administrasi Umum Perangkat Daerah'" in rows[2].flags[-1].message
    under_program = [with_rp(row("PROGRAM X", "program")), with_rp(row("Kegiatan tanpa nama baku"))]
    assert levels_by_parent(under_program) == 1 and under_program[1].data["level"] == "kegiatan"
    coded = [row("X", "program", code="1.01.01")] + [with_rp(row(f"Baris {k}")) for k in range(3)]
    assert levels_by_parent(coded) == 0
