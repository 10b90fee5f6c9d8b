"""The row normalisers of tables/* on small hand-made tables (issue 15 item 7): one Row per body row, numbers
parsed and kept as printed, untyped cells kept under 'extra', rows printed right of their header moved back,
banner rows above a header, TC.25 numbering columns, TC.28 sasaran/indicator cells, TC.27 levels from codes and
indicator lines folded into their row. Expected values follow the rules in the modules' docstrings; the
end-to-end tests (test_tables_samples, test_tc27_*) check the same on real documents."""

from __future__ import annotations

import pytest

from extractor.header import ColumnField
from extractor.model import BodyRow, LogicalTable, Row
from extractor.tables.generic import (
    build_row,
    column_formats,
    extra_keys,
    has_content,
    header_in_body,
    realign,
)
from extractor.tables.levels import Position, levels_by_position
from extractor.tables.tc25 import listed_items, tc25_columns
from extractor.tables.tc27 import fold_indicator_rows, tc27_rows
from extractor.tables.tc28 import split_sasaran_indicator, tc28_rows


def col(index: int, field: str | None, year: int | None = None, header: str = "") -> ColumnField:
    return ColumnField(index=index, field=field, year=year, header=header or (field or ""))


def body(*rows: tuple[str, ...]) -> list[BodyRow]:
    return [BodyRow(cells=cells, page=3, fragment=0, source_row=i) for i, cells in enumerate(rows)]


def table(kind: str, *rows: tuple[str, ...]) -> LogicalTable:
    return LogicalTable(kind=kind, caption=None, fragments=[], header=[], body=body(*rows))


# ------------------------------------------------------------------------------------------------ generic

INDICATOR_COLUMNS = [col(0, "no"), col(1, "indikator"), col(2, "target", 2024), col(3, "target", 2025),
                     col(4, None, header="keterangan")]


def test_build_row_types_every_cell_by_its_column() -> None:
    row = build_row(("1", "Persentase\nkoperasi sehat", "75,5", "80", "lihat\ncatatan"), INDICATOR_COLUMNS, {}, 7)
    assert row.data == {"no": "1", "indikator": "Persentase koperasi sehat", "extra": {"keterangan": "lihat catatan"}}
    assert row.years == {2024: {"target": 75.5}, 2025: {"target": 80}}
    assert row.raw == {"2024.target": "75,5", "2025.target": "80"}  # the printed text of every number
    assert row.page == 7 and row.flags == []


def test_build_row_keeps_an_unreadable_number_as_printed_and_flags_it() -> None:
    row = build_row(("2", "Jumlah UMKM", "n/a", "", ""), INDICATOR_COLUMNS, {}, None)
    assert row.years == {2024: {"target": None}, 2025: {"target": None}}
    assert row.raw == {"2024.target": "n/a"}  # an empty cell prints nothing to keep
    assert [(f.code, f.field) for f in row.flags] == [("unparsed-number", "2024.target")]
    assert "extra" not in row.data  # an empty untyped cell adds nothing


def test_build_row_joins_a_text_field_printed_over_two_columns() -> None:
    columns = [col(0, "name"), col(1, "name"), col(2, "target", 2024)]
    assert build_row(("Program", "Kesehatan", "5"), columns, {}, None).data == {"name": "Program Kesehatan"}


def test_build_row_reads_numbers_in_the_column_format_given() -> None:
    columns = [col(0, "name"), col(1, "target", 2024)]
    assert build_row(("a", "1.500"), columns, {1: "id"}, None).years[2024]["target"] == 1500
    assert build_row(("a", "1.500"), columns, {1: "en"}, None).years[2024]["target"] == 1.5


def test_extra_keys_name_untyped_columns_by_their_header() -> None:
    columns = [col(0, "name"), col(1, None, header="keterangan"), col(2, None, header="keterangan"),
               col(3, None, header=""), col(4, "target", 2024)]
    assert extra_keys(columns) == {1: "keterangan", 2: "keterangan #2", 3: "column 4"}


def test_column_formats_only_for_numeric_columns() -> None:
    columns = [col(0, "name"), col(1, "target", 2024), col(2, "target", 2025)]
    rows = body(("a", "1.500.000", "2,000,000"), ("b", "2.750.000", "3,250,000"))
    assert column_formats(rows, columns) == {1: "id", 2: "en"}
    assert column_formats(rows, columns, forced="id") == {1: "id", 2: "id"}  # as the user says


SHIFT_COLUMNS = [col(0, "no"), col(1, "indikator"), col(2, "target", 2024), col(3, "target", 2025),
                 col(4, None), col(5, None)]


def test_a_row_printed_right_of_its_header_is_moved_back_and_flagged() -> None:
    cells, flag = realign(("", "", "1", "Jumlah UMKM", "80", "90"), SHIFT_COLUMNS, {})
    assert cells == ("1", "Jumlah UMKM", "80", "90", "", "")
    assert flag is not None and flag.code == "shifted-cells"


def test_a_row_that_reads_well_is_not_moved() -> None:
    # its numeric cells are numbers: the text under the untyped column is just extra
    assert realign(("1", "Jumlah UMKM", "80", "90", "", "catatan"), SHIFT_COLUMNS, {}) == (
        ("1", "Jumlah UMKM", "80", "90", "", "catatan"), None)


def test_a_row_that_cannot_move_back_stays_and_is_flagged() -> None:
    cells = ("1", "", "2", "Jumlah UMKM", "80", "90")  # moving it back would drop the "1"
    moved, flag = realign(cells, SHIFT_COLUMNS, {})
    assert moved == cells
    assert flag is not None and flag.code == "unplaced-cell"


def test_has_content() -> None:
    assert not has_content(Row(data={"no": "", "indikator": ""}))
    assert has_content(Row(data={"indikator": "Jumlah UMKM"}))
    assert has_content(Row(data={}, raw={"2024.target": "n/a"}))  # an unreadable number is content
    assert has_content(Row(data={"extra": {"keterangan": "x"}}))


def test_header_under_banner_rows_is_found_in_the_body() -> None:
    raw = table("TC.27",
                ("VISI : Terwujudnya Koperasi yang Mandiri", "", "", ""),
                ("Kode", "Program/Kegiatan", "Target", "Rp"),
                ("1.02.01", "Program Penunjang", "80", "1.500.000"))
    found_table, columns, banners = header_in_body(raw, [col(i, None) for i in range(4)])
    assert [c.field for c in columns] == ["code", "name", "target", "rp"]
    assert banners == ["VISI : Terwujudnya Koperasi yang Mandiri"]
    assert [b.cells[0] for b in found_table.body] == ["1.02.01"]  # banner and header rows out of the body


def test_a_banner_over_a_two_column_table() -> None:
    raw = table("TC.25",
                ("Misi 3 : Mewujudkan Tata Kelola Kota Cerdas", ""),
                ("Tujuan", "Sasaran"),
                ("Terwujudnya Pelayanan Prima", "Meningkatnya reformasi birokrasi"))
    found_table, columns, banners = header_in_body(raw, [col(i, None) for i in range(2)])
    assert [c.field for c in columns] == ["tujuan", "sasaran"]
    assert banners == ["Misi 3 : Mewujudkan Tata Kelola Kota Cerdas"]
    assert [b.cells[0] for b in found_table.body] == ["Terwujudnya Pelayanan Prima"]


def test_a_header_already_understood_is_kept() -> None:
    raw = table("TC.27", ("Kode", "Program/Kegiatan"), ("1.02.01", "Program Penunjang"))
    columns = [col(0, "code"), col(1, "name")]
    assert header_in_body(raw, columns) == (raw, columns, [])


# --------------------------------------------------------------------------------------------------- TC.25


def test_tc25_numbering_columns_are_named_by_the_text_column_after_them() -> None:
    raw = table("TC.25",
                ("Meningkatkan kualitas pelayanan", "1.1", "Meningkatnya kepuasan", "1.1.1", "Indeks kepuasan", "80"),
                ("", "1.2", "Meningkatnya akuntabilitas", "1.2.1", "Nilai SAKIP", "75"))
    columns = [col(0, "tujuan"), col(1, "tujuan"), col(2, "sasaran"), col(3, "sasaran"), col(4, "indikator"),
               col(5, "target", 2024)]
    assert [c.field for c in tc25_columns(raw, columns)] == ["tujuan", "sasaran_no", "sasaran", "indikator_no",
                                                             "indikator", "target"]


def test_tc25_a_second_text_column_is_not_a_numbering_column() -> None:
    raw = table("TC.25", ("Meningkatkan kualitas", "pelayanan publik", "Indeks kepuasan"))
    columns = [col(0, "tujuan"), col(1, "tujuan"), col(2, "indikator")]
    assert [c.field for c in tc25_columns(raw, columns)] == ["tujuan", "tujuan", "indikator"]


def test_tc25_two_indicator_columns_belong_to_tujuan_and_sasaran() -> None:
    raw = table("TC.25", ("Meningkatkan kualitas", "Indeks kepuasan", "Meningkatnya akuntabilitas", "Nilai SAKIP"))
    columns = [col(0, "tujuan"), col(1, "indikator"), col(2, "sasaran"), col(3, "indikator")]
    assert [c.field for c in tc25_columns(raw, columns)] == ["tujuan", "indikator_tujuan", "sasaran",
                                                             "indikator_sasaran"]


# --------------------------------------------------------------------------------------------------- TC.28


def test_tc28_cell_with_sasaran_above_its_indicator_is_split() -> None:
    # the module docstring's example: the sasaran, and on the line below it the indicator
    assert split_sasaran_indicator("Meningkatnya Produktivitas Koperasi\nPersentase koperasi sehat") == (
        "Meningkatnya Produktivitas Koperasi", "Persentase koperasi sehat")
    # a sasaran wrapped over two lines: the indicator starts at the line that begins like one
    assert split_sasaran_indicator("Meningkatnya kualitas\npelayanan publik\nIndeks kepuasan masyarakat") == (
        "Meningkatnya kualitas pelayanan publik", "Indeks kepuasan masyarakat")
    # two lines: the second is the indicator, whatever its first word
    assert split_sasaran_indicator("Meningkatnya daya saing\nUMKM naik kelas") == (
        "Meningkatnya daya saing", "UMKM naik kelas")


def test_tc28_cells_that_are_one_indicator_are_not_split() -> None:
    assert split_sasaran_indicator("Persentase koperasi sehat") is None  # one line
    assert split_sasaran_indicator("Jumlah UMKM\nyang dibina") is None  # no sasaran word first
    # three lines and none begins like an indicator: where it starts is unknown
    assert split_sasaran_indicator("Meningkatnya daya\nsaing UMKM\nyang dibina") is None


def test_tc28_rows_split_only_without_a_sasaran_column() -> None:
    cell = "Meningkatnya Produktivitas Koperasi\nPersentase koperasi sehat"
    raw = table("TC.28", ("1", cell, "80"))
    rows = tc28_rows(raw, [col(0, "no"), col(1, "indikator"), col(2, "target", 2024)])
    assert (rows[0].data["sasaran"], rows[0].data["indikator"]) == ("Meningkatnya Produktivitas Koperasi",
                                                                    "Persentase koperasi sehat")
    with_sasaran = [col(0, "sasaran"), col(1, "indikator"), col(2, "target", 2024)]
    rows = tc28_rows(table("TC.28", ("Sasaran A", cell, "80")), with_sasaran)
    assert rows[0].data["sasaran"] == "Sasaran A"
    assert rows[0].data["indikator"] == "Meningkatnya Produktivitas Koperasi Persentase koperasi sehat"


# --------------------------------------------------------------------------------------------------- TC.27

TC27_COLUMNS = [col(0, "code"), col(1, "name"), col(2, "indicator"), col(3, "unit"), col(4, "target", 2024),
                col(5, "rp", 2024)]


def test_tc27_levels_from_the_codes_and_numbers_parsed() -> None:
    raw = table("TC.27",
                ("1.02.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "Persentase capaian", "%", "100",
                 "1.500.000"),
                ("1.02.01.1.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja", "Jumlah dokumen", "Dokumen", "5",
                 "250.000"),
                ("1.02.01.1.01.0001", "Penyusunan Dokumen Perencanaan", "Jumlah dokumen", "Dokumen", "2", "100.000"))
    rows = tc27_rows(raw, TC27_COLUMNS)
    assert [r.data["level"] for r in rows] == ["program", "kegiatan", "sub_kegiatan"]
    assert [r.data["code"] for r in rows] == ["1.02.01", "1.02.01.1.01", "1.02.01.1.01.0001"]
    assert rows[0].years == {2024: {"target": 100, "rp": 1500000}}
    assert rows[2].data["unit"] == "Dokumen" and rows[2].years[2024] == {"target": 2, "rp": 100000}
    assert rows[1].raw["2024.rp"] == "250.000"
    # every row carries the contract's fields, empty where the layout prints none
    assert rows[0].data["baseline"] is None and rows[0].data["pd"] == ""


def test_tc27_indicator_printed_under_the_row_is_folded_into_it() -> None:
    program = Row(data={"level": "program", "code": "1.02.01", "name": "Program Penunjang"},
                  years={2024: {"target": None}})
    first = Row(data={"level": None, "name": "Meningkatnya kinerja", "indicator": "Nilai SAKIP", "unit": "nilai"},
                years={2024: {"target": 80}}, raw={"2024.target": "80"})
    second = Row(data={"level": None, "name": "", "indicator": "Indeks kepuasan", "unit": "indeks"},
                 years={2024: {"target": 90}})
    out = fold_indicator_rows([program, first, second])
    assert out == [program, second]  # the first line became the program's own indicator
    assert program.data["indicator"] == "Nilai SAKIP" and program.data["unit"] == "nilai"
    assert program.data["outcome"] == "Meningkatnya kinerja"
    assert program.years[2024]["target"] == 80 and program.raw["2024.target"] == "80"
    # the next line stays a row of its own, of level 'indicator', under the program
    assert second.data["level"] == "indicator" and second.data["parent_code"] == "1.02.01"


def test_tc27_a_row_with_its_own_indicator_takes_no_line_from_below() -> None:
    program = Row(data={"level": "program", "code": "1.02.01", "name": "Program Penunjang", "indicator": "Nilai"},
                  years={2024: {"target": 70}})
    line = Row(data={"level": None, "name": "", "indicator": "Indeks kepuasan"}, years={2024: {"target": 90}})
    out = fold_indicator_rows([program, line])
    assert out == [program, line]
    assert program.data["indicator"] == "Nilai" and program.years[2024]["target"] == 70
    assert line.data["level"] == "indicator" and line.data["parent_code"] == "1.02.01"


# -------------------------------------------------------------------------------------------------- levels


def test_depths_without_a_known_level_take_the_level_next_to_a_known_depth() -> None:
    # only depth 2 is known (a kegiatan named by its level word): depth 1 is one level up, depth 3 one down
    rows = [Row(data={"name": "A", "level": None}), Row(data={"name": "Kegiatan B", "level": "kegiatan"}),
            Row(data={"name": "C", "level": None}), Row(data={"name": "D", "level": None})]
    positions = [Position("outline", 1, "I"), Position("outline", 2, "I.1"), Position("outline", 3, "I.1.1"),
                 Position("outline", 3, "I.1.2")]
    assert levels_by_position(rows, positions) == 3
    assert [r.data["level"] for r in rows] == ["program", "kegiatan", "sub_kegiatan", "sub_kegiatan"]
    assert all(f.code == "level-guessed" for r in (rows[0], rows[2], rows[3]) for f in r.flags)
    assert rows[1].flags == []  # a known level is not guessed again


def test_rows_without_a_position_keep_their_level() -> None:
    rows = [Row(data={"name": "PROGRAM A", "level": "program"}), Row(data={"name": "Jumlah", "level": None})]
    assert levels_by_position(rows, [Position("outline", 1, "I"), None]) == 0
    assert rows[1].data["level"] is None


@pytest.mark.parametrize(("text", "items"), [
    ("1. Terwujudnya Pelayanan Prima 2. Terwujudnya masyarakat yang berdaya", 2),
    ("1) Meningkatnya A\n2) Meningkatnya B\n3) Meningkatnya C", 3),
    ("Meningkatnya Kualitas Reformasi Birokrasi ( RB )", 0),
    ("1.1 Meningkatnya kinerja", 0),  # a numbering column's value, not a list
    ("2. Meningkatnya A 3. Meningkatnya B", 0),  # not counted from 1
    ("1. Meningkatnya A 3. Meningkatnya B", 0),  # not in order
    ("Cakupan 1. pelayanan", 0),  # one item
])
def test_listed_items_counts_a_numbered_list_in_one_cell(text: str, items: int) -> None:
    assert listed_items(text) == items
