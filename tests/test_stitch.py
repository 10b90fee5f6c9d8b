"""Stitching the pages of one table: repeated headers dropped, split rows joined, columns mapped by header."""

from __future__ import annotations

from dataclasses import replace

from extractor.header import is_column_number_row
from extractor.model import Cell, Note, RawTable
from extractor.pipeline import _caption_notes, logical_to_table
from extractor.recognise import raw_to_tc
from extractor.stitch import stitch

HEADER = [["KODE", "PROGRAM/ KEGIATAN", "INDIKATOR", "2024", "2024", "2025", "2025"],
          ["", "", "", "Target", "Rp", "Target", "Rp"],
          ["1", "2", "3", "4", "5", "6", "7"]]


def page(number: int | None, rows: list[list[str]], context: tuple[str, ...] = (), index: int = 0) -> RawTable:
    cells = tuple(Cell(text=t, row=r, col=c) for r, row in enumerate(rows) for c, t in enumerate(row))
    return RawTable(source="doc.pdf", format="pdf", index=index, page=number, n_rows=len(rows),
                    n_cols=max(len(r) for r in rows), cells=cells, context=context)


def test_pages_become_one_table_without_repeated_headers() -> None:
    first = page(10, HEADER + [["2.17", "BIDANG", "", "", "100", "", "200"]], ("Tabel TC. 27",), 0)
    second = page(11, HEADER + [["2.17.01", "PROGRAM X", "Jumlah // Unit", "1", "50", "2", "60"]], (), 1)
    tables, notes = stitch(raw_to_tc([first, second]))
    assert len(tables) == 1 and notes == []
    table = tables[0]
    assert table.kind == "TC.27" and table.pages == [10, 11]
    assert [row.cells[0] for row in table.body] == ["2.17", "2.17.01"]
    assert [row.page for row in table.body] == [10, 11]


def test_row_split_by_a_page_break_is_joined() -> None:
    first = page(10, HEADER + [["2.17.01", "PROGRAM PENUNJANG URUSAN", "Persentase", "80", "1,000", "81", "1,100"]],
                 ("Tabel TC. 27",), 0)
    second = page(11, HEADER + [["", "PEMERINTAHAN DAERAH", "pemenuhan", "", "", "", ""],
                                ["2.17.01.2.01", "Perencanaan", "Jumlah // Dokumen", "8", "45", "8", "45"]], (), 1)
    table = stitch(raw_to_tc([first, second]))[0][0]
    assert len(table.body) == 2
    assert table.body[0].cells[1] == "PROGRAM PENUNJANG URUSAN\nPEMERINTAHAN DAERAH"
    assert table.body[0].cells[2] == "Persentase\npemenuhan"
    assert table.body[0].page == 10


def test_continuation_page_mapped_by_its_own_header() -> None:
    first = page(10, HEADER + [["2.17", "BIDANG", "", "", "100", "", "200"]], ("Tabel TC. 27",), 0)
    narrower = [["KODE", "PROGRAM/ KEGIATAN", "INDIKATOR", "2025", "2025"],  # this page prints no 2024 block
                ["", "", "", "Target", "Rp"]]
    second = page(11, narrower + [["2.17.01", "PROGRAM X", "Jumlah", "2", "60"]], (), 1)
    table = stitch(raw_to_tc([first, second]))[0][0]
    assert table.body[1].cells == ("2.17.01", "PROGRAM X", "Jumlah", "", "", "2", "60")


def test_caption_of_another_table_stops_the_stitch() -> None:
    first = page(10, HEADER + [["2.17", "BIDANG", "", "", "100", "", "200"]], ("Tabel TC. 27",), 0)
    other = page(11, [["No", "Nama Barang", "Jumlah"], ["1", "Meja", "4"]], ("Tabel 2.5", "Daftar Sarana"), 1)
    tables, _ = stitch(raw_to_tc([first, other]))
    assert len(tables) == 1 and len(tables[0].body) == 1


def test_word_tables_with_text_between_are_two_tables() -> None:
    def word(rows: list[list[str]], context: tuple[str, ...], index: int) -> RawTable:
        cells = tuple(Cell(text=t, row=r, col=c) for r, row in enumerate(rows) for c, t in enumerate(row))
        return RawTable(source="d.docx", format="docx", index=index, page=None, n_rows=len(rows),
                        n_cols=len(rows[0]), cells=cells, context=context)

    a = word(HEADER + [["2.17", "BIDANG", "", "", "100", "", "200"]], ("Tabel TC. 27",), 0)
    b = word([["1", "Meja", "4", "", "", "", ""]], ("Sumber daya lain ...",), 1)
    tables, _ = stitch(raw_to_tc([a, b]))
    assert len(tables) == 1 and len(tables[0].body) == 1


def test_first_row_drawn_with_the_column_numbers() -> None:
    """Satpol PP p.26: no rule between the column-number row and the first data row, so each cell reads
    "<column number>\\n<value>"; the numbers are dropped, the values kept."""
    rows = [["No", "Indikator", "Target 2023", "Realisasi 2023", "Rasio 2023"],
            ["1\n1", "2\nPersentase meningkatnya", "3\n80%", "4\n99,4\n7%", "5\n124,34\n%"],
            ["2", "Persentase gangguan", "100%", "100%", "100%"]]
    cells = tuple(Cell(text=t, row=r, col=c) for r, row in enumerate(rows) for c, t in enumerate(row))
    raw = RawTable(source="d.pdf", format="pdf", index=0, page=26, n_rows=3, n_cols=5, cells=cells,
                   context=("Tabel 2.1.3 Pencapaian Kinerja Pelayanan",))
    table = stitch(raw_to_tc([raw]))[0][0]
    assert table.body[0].cells == ("1", "Persentase meningkatnya", "80%", "99,4\n7%", "124,34\n%")
    assert table.body[1].cells[0] == "2"


# ---------------------------------------------------------------- issue 10: stitching across pages and Word tables


def spanned(number: int | None, cells: list[tuple[str, int, int, int, int]], n_rows: int, n_cols: int,
            context: tuple[str, ...] = (), index: int = 0, fmt: str = "pdf") -> RawTable:
    """A raw table from (text, row, col, rowspan, colspan) cells: merged cells as a reader reports them."""
    return RawTable(source=f"doc.{fmt}", format=fmt, index=index, page=number, n_rows=n_rows, n_cols=n_cols,
                    cells=tuple(Cell(text=t, row=r, col=c, rowspan=rs, colspan=cs) for t, r, c, rs, cs in cells),
                    context=context)


def test_a_column_the_first_page_has_and_the_next_lacks_shifts_nothing() -> None:
    """BPBD pp.50-58: the first pages print an indented second 'Program, Kegiatan' column that pp.56-58 lack;
    'Base Line 2024' has no key yet. Aligning the two headers places every column, and nothing is left out."""
    first = page(50, [["Kode", "Program, Kegiatan", "Program, Kegiatan", "Indikator", "Satuan", "Base Line 2024",
                       "2025", "2025"],
                      ["", "", "", "", "", "", "Target", "Rp."],
                      ["1.05.01", "Program Penunjang", "", "Persentase", "Nilai", "92,5", "92,5", "4.605.640.000"]],
                 ("Tabel 4.1 Rencana Program, Kegiatan, dan Pendanaan",), 0)
    later = page(51, [["Kode", "Program, Kegiatan", "Indikator", "Satuan", "Base Line 2024", "2025", "2025"],
                      ["", "", "", "", "", "Target", "Rp."],
                      ["1.05.03.2.01.0008", "Penyusunan Kajian", "Jumlah Dokumen", "Dokumen", "1", "1",
                       "270.000.000"]], (), 1)
    tables, notes = stitch(raw_to_tc([first, later]))
    assert notes == []
    assert tables[0].body[1].cells == ("1.05.03.2.01.0008", "Penyusunan Kajian", "", "Jumlah Dokumen", "Dokumen",
                                       "1", "1", "270.000.000")


def test_a_misspelt_header_word_maps_to_its_column() -> None:
    """Pekanbaru DOCX: the second Word table prints 'Sasaaran'; its column is Sasaran all the same."""
    header = [["Tujuan", "Sasaran", "Kode", "Program", "2018", "2018"], ["", "", "", "", "Target", "Rp"]]
    first = page(None, header + [["T1", "S1", "7.01.01", "Program A", "90 %", "1.000"]], ("Tabel 6.1 T-C.27",), 0)
    misspelt = [["Tujuan", "Sasaaran", "Kode", "Program dan Kegiatan", "2018", "2018"],
                ["", "", "", "", "Target", "Rp"]]
    second = page(None, misspelt + [["T2", "S2", "7.01.02", "Program B", "80 %", "2.000"]], (), 1)
    tables, notes = stitch(raw_to_tc([first, second]))
    assert notes == [] and len(tables) == 1
    assert tables[0].body[1].cells == ("T2", "S2", "7.01.02", "Program B", "80 %", "2.000")


def test_a_column_with_no_counterpart_is_kept_as_an_extra_column() -> None:
    """A continuation page with a column its first page never printed ('Lokasi'): the column's cells are kept
    in an extra column under that header, and a note says so (they were dropped before)."""
    first = page(10, HEADER + [["2.17", "BIDANG", "", "", "100", "", "200"]], ("Tabel TC. 27",), 0)
    wider = [["KODE", "PROGRAM/ KEGIATAN", "INDIKATOR", "2024", "2024", "2025", "2025", "LOKASI"],
             ["", "", "", "Target", "Rp", "Target", "Rp", ""]]
    second = page(11, wider + [["2.17.01", "PROGRAM X", "Jumlah", "1", "50", "2", "60", "Kec. Rumbai"]], (), 1)
    tables, notes = stitch(raw_to_tc([first, second]))
    table = tables[0]
    assert [n.code for n in notes] == ["extra-column"] and "lokasi" in notes[0].message
    assert table.n_cols == 8
    assert table.body[0].cells[-1] == "" and table.body[1].cells[-1] == "Kec. Rumbai"
    assert table.body[1].cells[:7] == ("2.17.01", "PROGRAM X", "Jumlah", "1", "50", "2", "60")
    assert table.header[0][-1] == "LOKASI"


def test_a_header_reprinted_inside_a_word_table_is_no_data() -> None:
    """Pekanbaru DOCX: the first Word table reprints its 4-row header (spelt a little differently) where a page
    broke; those rows are header, not a program 'Program dan Kegiatan' with tujuan 'Tujuan'."""
    header = [["Tujuan", "Sasaran", "Kode Rekening", "Program, Kegiatan dan Sub Kegiatan", "2018", "2018"],
              ["", "", "", "", "Target", "Rp"], ["1", "2", "3", "4", "5", "6"]]
    reprint = [["Tujuan", "Sasaaran", "Kode Rekening", "Program dan Kegiatan", "2018", "2018"],
               ["", "", "", "", "Target", "Rp"], ["1", "2", "3", "4", "5", "6"]]
    rows = header + [["T1", "S1", "7.01.01", "Program A", "90 %", "1.000"]] + reprint + [
        ["", "", "7.01.01.2.05", "Kegiatan B", "100 %", "398.571.380"]]
    table = stitch(raw_to_tc([page(None, rows, ("Tabel 6.1 T-C.27",), 0)]))[0][0]
    assert [b.cells[2] for b in table.body] == ["7.01.01", "7.01.01.2.05"]


def test_a_page_top_row_that_fills_an_empty_column_is_a_row_of_its_own() -> None:
    """BPBD pp.51-52: the last sub-kegiatan of p.51 has no unit; p.52 starts with its outcome line in the second
    name column, with indicator and unit. That line is a row of its own, not the end of the sub-kegiatan."""
    header = [["Kode", "Program", "Program", "Indikator", "Satuan", "2025", "2025"],
              ["", "", "", "", "", "Target", "Rp."]]
    first = page(51, header + [["", "Sub Kegiatan Penyediaan Peralatan", "", "Jumlah peralatan", "", "10",
                                "15.000.000"]], ("Tabel 4.1 Rencana Program, Kegiatan, dan Pendanaan",), 0)
    second = page(52, header + [["", "", "Tersedianya peralatan", "Jumlah paket peralatan", "Paket", "", ""]], (), 1)
    table = stitch(raw_to_tc([first, second]))[0][0]
    assert [b.cells[1:5] for b in table.body] == [
        ("Sub Kegiatan Penyediaan Peralatan", "", "Jumlah peralatan", ""),
        ("", "Tersedianya peralatan", "Jumlah paket peralatan", "Paket")]


def test_a_vertical_merge_cut_by_a_page_break_is_one_value() -> None:
    """TUJUAN 'Meningkatkan omset koperasi' at the foot of p.10 and 'dan usaha mikro' at the top of p.11 (each a
    merged cell over its page's rows) is one value for every row of the group, on both pages."""
    head = [("Tujuan", 0, 0, 1, 1), ("Kode", 0, 1, 1, 1), ("Program", 0, 2, 1, 1), ("2024", 0, 3, 1, 2),
            ("Target", 1, 3, 1, 1), ("Rp", 1, 4, 1, 1)]
    first = spanned(10, head + [("Meningkatkan omset koperasi", 2, 0, 2, 1),
                                ("2.17.01", 2, 1, 1, 1), ("PROGRAM A", 2, 2, 1, 1), ("80", 2, 3, 1, 1),
                                ("1.000", 2, 4, 1, 1),
                                ("2.17.01.2.01", 3, 1, 1, 1), ("Kegiatan B", 3, 2, 1, 1), ("8", 3, 3, 1, 1),
                                ("45", 3, 4, 1, 1)], 4, 5, ("Tabel TC. 27",), 0)
    second = spanned(11, head + [("dan usaha mikro", 2, 0, 2, 1),
                                 ("2.17.01.2.01.0001", 2, 1, 1, 1), ("Sub C", 2, 2, 1, 1), ("4", 2, 3, 1, 1),
                                 ("35", 2, 4, 1, 1),
                                 ("2.17.01.2.01.0002", 3, 1, 1, 1), ("Sub D", 3, 2, 1, 1), ("4", 3, 3, 1, 1),
                                 ("10", 3, 4, 1, 1)], 4, 5, (), 1)
    logical = stitch(raw_to_tc([first, second]))[0][0]
    rows = logical_to_table(logical).rows
    assert [r.data["code"] for r in rows] == ["2.17.01", "2.17.01.2.01", "2.17.01.2.01.0001", "2.17.01.2.01.0002"]
    assert {r.data["tujuan"] for r in rows} == {"Meningkatkan omset koperasi dan usaha mikro"}


def test_a_new_value_at_the_top_of_a_page_is_not_joined_to_the_merge_above() -> None:
    head = [("Tujuan", 0, 0, 1, 1), ("Kode", 0, 1, 1, 1), ("Program", 0, 2, 1, 1), ("2024", 0, 3, 1, 1)]
    first = spanned(10, head + [("Meningkatkan omset koperasi", 1, 0, 2, 1), ("2.17.01", 1, 1, 1, 1),
                                ("PROGRAM A", 1, 2, 1, 1), ("1.000", 1, 3, 1, 1), ("2.17.01.2.01", 2, 1, 1, 1),
                                ("Kegiatan B", 2, 2, 1, 1), ("45", 2, 3, 1, 1)], 3, 4, ("Tabel TC. 27",), 0)
    second = spanned(11, head + [("Meningkatnya kualitas layanan", 1, 0, 1, 1), ("2.17.02", 1, 1, 1, 1),
                                 ("PROGRAM C", 1, 2, 1, 1), ("35", 1, 3, 1, 1)], 2, 4, (), 1)
    body = stitch(raw_to_tc([first, second]))[0][0].body
    assert [b.cells[0] for b in body] == ["Meningkatkan omset koperasi", "", "Meningkatnya kualitas layanan"]


def test_a_header_only_table_gives_no_rows() -> None:
    """A printed T-C.27 header with nothing under it but its column numbers, or with dotted placeholders."""
    empty = page(20, HEADER, ("Tabel TC. 27",), 0)
    dotted = page(30, HEADER + [["....", "..........", "……", "...", "...", "...", "..."],
                                ["", "__________", "-", "", "", "", ""]], ("Tabel TC. 27",), 1)
    tables, _ = stitch(raw_to_tc([empty, dotted]))
    assert [len(t.body) for t in tables] == [0, 0]
    assert [len(logical_to_table(t).rows) for t in tables] == [0, 0]


def test_column_number_rows_in_other_dresses_are_no_data() -> None:
    """'(1) (2) ...', '-1 -2 ...' (a spreadsheet's reading of '(1)'), '(1) ... (13) -14', and numbers of narrow
    columns merged into one cell ('5 9 11 13'), at the top of the first page and of a continuation page."""
    header = HEADER[:2]
    first = page(112, header + [["-1", "-2", "-3", "-4", "-5", "-6", "-7"],
                                ["2.17", "BIDANG", "", "", "100", "", "200"]], ("Tabel TC. 27",), 0)
    second = page(113, header + [["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "-7"],
                                 ["2.17.01", "PROGRAM X", "Jumlah", "1", "50", "2", "60"]], (), 1)
    third = page(114, [["4", "5 9 11 13", "14 15", "16", "17", "18", "19"],
                       ["2.17.01.2.01", "Kegiatan Y", "Jumlah", "1", "20", "2", "30"]], (), 2)
    table = stitch(raw_to_tc([first, second, third]))[0][0]
    assert [b.cells[0] for b in table.body] == ["2.17", "2.17.01", "2.17.01.2.01"]


def test_column_numbers_are_told_from_small_data() -> None:
    assert is_column_number_row(["-1", "-2", "-3", "-4"])
    assert is_column_number_row(["(16)", "(17)", "-18", "-19", "-20"])
    assert is_column_number_row(["4", "5 9 11 13", "14"])
    assert not is_column_number_row(["-5", "10", "-3"])  # not rising: values
    assert not is_column_number_row(["1", "Persentase", "80"])
    assert not is_column_number_row(["3 1", "2"])


def test_a_caption_printed_in_the_first_row_of_the_grid() -> None:
    """A caption inside the table's grid (a merged first row) is the table's caption: the table is recognised
    with its header under it, and no 'caption without table' note is raised for it."""
    title = "Tabel T-C.27 Rencana Program, Kegiatan dan Pendanaan"
    cells = [(title, 0, 0, 1, 7)] + [(t, r + 1, c, 1, 1) for r, row in enumerate(HEADER + [
        ["2.17.01", "PROGRAM X", "Jumlah", "1", "50", "2", "60"]]) for c, t in enumerate(row)]
    raw = spanned(40, cells, 5, 7)
    rec = raw_to_tc([raw])[0]
    assert (rec.kind, rec.how_found, rec.caption) == ("TC.27", "caption", title)
    tables = [logical_to_table(t) for t in stitch([rec])[0]]
    assert [r.data["code"] for r in tables[0].rows] == ["2.17.01"]
    texts = [""] * 39 + [f"{title}\nKODE PROGRAM ..."]
    assert _caption_notes(texts, tables) == []


def test_a_first_page_whose_header_differs_slightly_is_not_lost() -> None:
    """No caption; the first page's header says 'Dana' where the later pages say 'Rp': whether a signature
    recognises it (Dana is a Rupiah word) or its columns align with the next page's header, it is the table's first
    page."""
    first = page(10, [["Kode", "Program/Kegiatan", "Indikator", "2024", "2024"], ["", "", "", "Target", "Dana"],
                      ["2.17.01", "PROGRAM X", "Jumlah", "1", "50"]], (), 0)
    second = page(11, [["Kode", "Program/Kegiatan", "Indikator", "2024", "2024"], ["", "", "", "Target", "Rp"],
                       ["2.17.01.2.01", "Kegiatan Y", "Jumlah", "2", "60"]], (), 1)
    recognised = raw_to_tc([first, second])
    assert [r.how_found for r in recognised][1] == "header"
    tables, notes = stitch(recognised)
    assert len(tables) == 1 and notes == []
    assert tables[0].pages == [10, 11]
    assert [b.cells for b in tables[0].body] == [("2.17.01", "PROGRAM X", "Jumlah", "1", "50"),
                                                  ("2.17.01.2.01", "Kegiatan Y", "Jumlah", "2", "60")]


def test_an_unrelated_table_before_a_header_is_not_taken_for_its_first_page() -> None:
    other = page(10, [["No", "Nama Barang", "Jumlah"], ["1", "Meja", "4"]], (), 0)
    second = page(11, HEADER + [["2.17.01.2.01", "Kegiatan Y", "Jumlah", "2", "60", "3", "70"]], (), 1)
    tables, _ = stitch(raw_to_tc([other, second]))
    assert len(tables) == 1 and tables[0].pages == [11]


def test_a_caption_over_two_grid_rows_and_a_header_reprinted_below() -> None:
    """Pekanbaru DOCX Tabel 5.1: 'Tabel 5.1' / 'Strategi dan Arah Kebijakan ...' printed in the grid's first rows,
    an empty row, the header, and the header again before the second tujuan: two strategy rows, no header row."""
    rows = [["Tabel 5.1", "", "", ""], ["Strategi dan Arah Kebijakan Kecamatan", "", "", ""], ["", "", "", ""],
            ["TUJUAN", "SASARAN", "STRATEGI", "KEBIJAKAN"],
            ["Terwujudnya Reformasi Birokrasi", "Meningkatnya Kualitas RB", "Pelayanan Terpadu", "Survei layanan"],
            ["TUJUAN", "SASARAN", "STRATEGI", "KEBIJAKAN"],
            ["Terwujudnya masyarakat berdaya", "Meningkatnya peran serta", "Partisipasi", "Pembinaan"]]
    raw = page(None, rows, ("Persentase Lembaga Kemasyarakatan yang aktif;",), 0)
    rec = raw_to_tc([raw])[0]
    assert rec.kind == "TC.26" and rec.raw.n_rows == 4
    table = logical_to_table(stitch([rec])[0][0])
    assert [r.data["tujuan"] for r in table.rows] == ["Terwujudnya Reformasi Birokrasi",
                                                      "Terwujudnya masyarakat berdaya"]


def test_an_unrecognised_table_under_its_own_caption_ends_the_table_above() -> None:
    """Dinsos p.181: the TC.28 ends and an unrecognised 'Tabel 4.6 ... (IKK)' starts on the same page; its rest
    on p.182 belongs to it, not to the TC.28 (its first line was glued into the last TC.28 row)."""
    tc28 = [["No", "Indikator", "Kondisi Awal", "2025", "2026"], ["8,", "Tingkat Partisipasi", "60", "63,36", "63,9"]]
    other = [["Nomor", "Ukuran", "Banyaknya"], ["3,", "Persentase (%)", "Persenta"]]
    rest = [["", "lanjut usia terlantar", "se"], ["4,", "Persentase pemerlu", "%"]]
    raws = [page(181, tc28, ("Tabel T-C.28",), 0), page(181, other, ("Tabel 4.6 Daftar Ukuran Lain",), 1),
            page(182, rest, (), 2)]
    tables, _ = stitch(raw_to_tc(raws))
    assert [(t.kind, len(t.body)) for t in tables] == [("TC.28", 1)]
    assert tables[0].body[0].cells[1] == "Tingkat Partisipasi"


def test_a_page_top_row_with_amounts_is_a_row_of_its_own_whatever_its_header() -> None:
    """Cianjur p.14-15: the amount columns' header ('Target anggaran') may be typed by nobody; a page-top row
    with amounts in them is a new row, not the end of the last row of the page before."""
    header = [["No", "Program", "Kegiatan", "Target anggaran", "Realisasi anggaran", "%"]]
    first = page(14, header + [["1.", "Pelayanan Administrasi", "Penyediaan jasa perizinan", "78.000.000,-",
                                "71.889.180,-", "92.17"]], ("Tabel 2.3 Anggaran dan Realisasi Pendanaan",), 0)
    second = page(15, header + [["", "", "Penyediaan jasa pemeliharaan", "701.220.000,-", "538.528.491,-",
                                 "76.79"]], (), 1)
    table = stitch(raw_to_tc([first, second]))[0][0]
    assert [b.cells[3] for b in table.body] == ["78.000.000,-", "701.220.000,-"]


def test_values_written_in_lower_case_are_joined_across_a_page_only_when_left_open() -> None:
    head = [("Tujuan", 0, 0, 1, 1), ("Kode", 0, 1, 1, 1), ("Program", 0, 2, 1, 1), ("2024", 0, 3, 1, 1)]

    def pages(foot: str, top: str) -> list[str]:
        first = spanned(10, head + [(foot, 1, 0, 2, 1), ("2.17.01", 1, 1, 1, 1), ("PROGRAM A", 1, 2, 1, 1),
                                    ("1.000", 1, 3, 1, 1), ("2.17.01.2.01", 2, 1, 1, 1), ("Kegiatan B", 2, 2, 1, 1),
                                    ("45", 2, 3, 1, 1)], 3, 4, ("Tabel TC. 27",), 0)
        second = spanned(11, head + [(top, 1, 0, 2, 1), ("2.17.02", 1, 1, 1, 1), ("PROGRAM C", 1, 2, 1, 1),
                                     ("35", 1, 3, 1, 1), ("2.17.02.2.01", 2, 1, 1, 1), ("Kegiatan D", 2, 2, 1, 1),
                                     ("5", 2, 3, 1, 1)], 3, 4, (), 1)
        return [b.cells[0] for b in stitch(raw_to_tc([first, second]))[0][0].body]

    assert pages("meningkatnya ketertiban umum", "meningkatnya pelayanan") == [
        "meningkatnya ketertiban umum", "", "meningkatnya pelayanan", ""]
    assert pages("meningkatnya ketertiban umum dan", "ketentraman masyarakat") == [
        "meningkatnya ketertiban umum dan\nketentraman masyarakat", "", "", ""]


MERGE_HEAD = [("Tujuan", 0, 0, 1, 1), ("Sasaran", 0, 1, 1, 1), ("Kode", 0, 2, 1, 1), ("Program", 0, 3, 1, 1),
              ("2024", 0, 4, 1, 1)]


def _stitched_groups(foot: tuple[str, str], top: tuple[str, str],
                     rows_on_top: int = 2) -> tuple[list[tuple[str, str]], list[Note]]:
    """TUJUAN/SASARAN of one group: a group over p.3's rows 1-2, then a group whose first row is p.3's last
    (``foot``, cells of one row: the page break cut the merge) and whose rest is merged at the top of p.4 (``top``).
    The rows' (tujuan, sasaran) after stitching and filling down, and the stitch's notes."""
    first = spanned(3, MERGE_HEAD + [
        ("Meningkatkan omset koperasi dan usaha mikro", 1, 0, 2, 1),
        ("Meningkatnya Produktivitas Koperasi", 1, 1, 2, 1),
        ("2.17.04", 1, 2, 1, 1), ("PROGRAM A", 1, 3, 1, 1), ("1.000", 1, 4, 1, 1),
        ("2.17.04.2.01", 2, 2, 1, 1), ("Kegiatan B", 2, 3, 1, 1), ("45", 2, 4, 1, 1),
        (foot[0], 3, 0, 1, 1), (foot[1], 3, 1, 1, 1), ("2.17.05", 3, 2, 1, 1), ("PROGRAM C", 3, 3, 1, 1),
        ("2.000", 3, 4, 1, 1)], 4, 5, ("Tabel TC. 27",), 0)
    body = [(top[0], 1, 0, rows_on_top, 1), (top[1], 1, 1, rows_on_top, 1)]
    for k in range(rows_on_top):
        body += [(f"2.17.05.2.0{k + 1}", 1 + k, 2, 1, 1), (f"Kegiatan {k}", 1 + k, 3, 1, 1), ("5", 1 + k, 4, 1, 1)]
    second = spanned(4, MERGE_HEAD + body, 1 + rows_on_top, 5, (), 1)
    tables, notes = stitch(raw_to_tc([first, second]))
    return [(r.data["tujuan"], r.data["sasaran"]) for r in logical_to_table(tables[0]).rows], notes


def _group_pages(foot: tuple[str, str], top: tuple[str, str]) -> list[tuple[str, str]]:
    return _stitched_groups(foot, top)[0]


def test_a_merge_cut_right_after_its_first_row_is_one_value() -> None:
    """code_generic PDF pp.2-3: the group's first row is the last of p.2, so its TUJUAN/SASARAN there are cells
    of one row ('Meningkatkan omset koperasi', 'Meningkatnya Produktivitas'); the rest ('dan usaha mikro',
    'Koperasi') is merged over the top rows of p.3. 'Koperasi' starts upper-case: the join is confirmed by the
    value the column prints whole for another group."""
    got = _group_pages(("Meningkatkan omset koperasi", "Meningkatnya Produktivitas"), ("dan usaha mikro", "Koperasi"))
    assert got[2:] == [("Meningkatkan omset koperasi dan usaha mikro", "Meningkatnya Produktivitas Koperasi")] * 3


def test_a_group_of_one_row_at_a_page_foot_is_not_joined_to_the_next_group() -> None:
    """Two whole values, each printed whole elsewhere or not continuing: never joined."""
    got = _group_pages(("Meningkatkan omset koperasi dan usaha mikro", "Meningkatnya Produktivitas Koperasi"),
                       ("Meningkatnya kualitas koperasi", "Meningkatnya Pertumbuhan Usaha"))
    assert got[2] == ("Meningkatkan omset koperasi dan usaha mikro", "Meningkatnya Produktivitas Koperasi")
    assert got[3:] == [("Meningkatnya kualitas koperasi", "Meningkatnya Pertumbuhan Usaha")] * 2
    # a piece that is a whole value of its own elsewhere in the column is no rest, even in lower case
    got = _group_pages(("Meningkatkan omset koperasi dan usaha mikro", "Meningkatnya Produktivitas"),
                       ("Meningkatnya kualitas koperasi", "meningkatnya Produktivitas Koperasi"))
    assert got[2][1] == "Meningkatnya Produktivitas"


def test_a_row_cut_by_a_page_break_inside_its_amounts_and_code_is_one_row() -> None:
    """narrow_header PDF pp.1-2: the last row of p.1 prints '2.0' and '2,328,389,93'; the top row of p.2 the rest
    ('2', '9') and the rest of the name. One row, its numbers whole; a number that does not complete one
    ('45' under '1.000') is a row of its own."""
    header = [["KODE", "KODE", "PROGRAM/ KEGIATAN", "2024", "2024"], ["", "", "", "Target", "Rp"]]
    first = page(1, header + [["2.17.01", "2.0", "Administrasi", "87", "2,328,389,93"]], ("Tabel TC. 27",), 0)
    second = page(2, header + [["", "2", "Keuangan Perangkat Daerah", "", "9"],
                               ["2.17.01", "2.02.01", "Penyediaan Gaji", "294", "2,323,889,939"]], (), 1)
    table = logical_to_table(stitch(raw_to_tc([first, second]))[0][0])
    assert [r.data["name"] for r in table.rows] == ["Administrasi Keuangan Perangkat Daerah", "Penyediaan Gaji"]
    assert table.rows[0].years[2024]["rp"] == 2328389939
    assert table.rows[0].data["code"] == "2.17.01.2.02"
    third = page(2, header + [["", "", "Lanjutan", "", "45"]], (), 1)
    assert len(stitch(raw_to_tc([first, third]))[0][0].body) == 2


def test_a_repeated_header_word_fallen_into_the_first_body_row_is_no_data() -> None:
    """narrow_columns PDF p.2: the repeated header cell prints 'URUSAN/ ... KEGIATAN/ SUB' and its last word
    'KEGIATAN' lands in the first body row, above the rest of the indicator cut by the page break."""
    header = [["KODE", "URUSAN/ PROGRAM/ KEGIATAN/ SUB KEGIATAN", "INDIKATOR", "2024", "2024"],
              ["", "", "", "Target", "Rp"]]
    short = [header[0][:1] + ["URUSAN/ PROGRAM/ KEGIATAN/ SUB"] + header[0][2:], header[1]]
    first = page(1, header + [["2.17.01.2.02.0007", "Koordinasi Laporan", "Jumlah Laporan", "2", "4,500,000"]],
                 ("Tabel TC. 27",), 0)
    second = page(2, short + [["", "KEGIATAN", "Keuangan SKPD", "", ""],
                              ["2.17.01.2.05", "Administrasi Kepegawaian", "Jumlah Pegawai", "30", "35,000,000"]],
                  (), 1)
    body = stitch(raw_to_tc([first, second]))[0][0].body
    assert [b.cells[1:3] for b in body] == [("Koordinasi Laporan", "Jumlah Laporan\nKeuangan SKPD"),
                                            ("Administrasi Kepegawaian", "Jumlah Pegawai")]


def test_pieces_kept_apart_that_may_be_one_value_get_a_note() -> None:
    """'Meningkatnya Produktivitas' at a page foot reads as the start of 'Meningkatnya Produktivitas Koperasi'
    printed for another group, but 'Usaha Baru' at the top of the next page makes no known value and continues
    nothing: kept as two values, with a note saying so (never a silent guess either way)."""
    got, notes = _stitched_groups(("Meningkatkan omset koperasi dan usaha mikro", "Meningkatnya Produktivitas"),
                                  ("Meningkatnya kualitas koperasi", "Usaha Baru"))
    assert got[2][1] == "Meningkatnya Produktivitas" and got[3][1] == "Usaha Baru"
    assert [n.code for n in notes] == ["merge-split-unsure"]
    assert "'meningkatnya produktivitas koperasi'" in notes[0].message and notes[0].page == 4


def test_a_header_with_broken_words_reprinted_in_the_body_is_no_data() -> None:
    """A header whose words a narrow column broke ('TUJUA|N', 'Targe|t') is read rejoined; reprinted inside the
    body as printed (a page break inside one table), it is still the header, not two data rows."""
    header = [["TUJUA\nN", "KODE", "PROGRAM/ KEGIATAN", "2024", "2024"],
              ["TUJUA\nN", "KODE", "PROGRAM/ KEGIATAN", "Targe\nt", "Rp"]]
    rows = header + [["Meningkatkan", "2.17.01", "PROGRAM A", "80", "1.000.000"]] + header + [
        ["", "2.17.01.2.01", "Kegiatan B", "8", "45.000"]]
    table = stitch(raw_to_tc([page(1, rows, ("Tabel TC. 27",), 0)]))[0][0]
    assert [b.cells[1] for b in table.body] == ["2.17.01", "2.17.01.2.01"]
    assert table.header[-1][0] == "TUJUAN" and table.header[-1][3] == "Target"


INDICATOR_HEADER = [["No", "Indikator", "Kondisi Kinerja Awal", "Target Capaian Setiap Tahun",
                     "Target Capaian Setiap Tahun", "Kondisi Kinerja Pada Akhir Periode"],
                    ["", "", "", "2021", "2022", ""]]


def _foot(table: RawTable) -> RawTable:
    return replace(table, reaches_page_foot=True)


def test_a_row_cut_at_the_page_foot_gets_its_label_from_the_next_page() -> None:
    """Pekanbaru PDF pp.64-65 (Tabel 7.2): row 2's number and values at the foot of p.64 with no indikator, its
    indikator in a one-row piece of the table at the top of p.65: one row."""
    first = _foot(page(64, INDICATOR_HEADER + [["1", "Indeks kepuasan", "n/a", "82,5", "83", "83"],
                                               ["2", "", "n/a", "BB", "A", "A"]], ("Tabel 7.2 Indikator Kinerja",), 0))
    top = page(65, [["", "Akuntabilitas Kinerja Kecamatan (AKIP)", "", "", "", ""]], (), 1)
    (table,), _ = stitch(raw_to_tc([first, top]))
    assert table.pages == [64, 65]
    assert [b.cells[:2] for b in table.body] == [("1", "Indeks kepuasan"),
                                                 ("2", "Akuntabilitas Kinerja Kecamatan (AKIP)")]


def test_a_label_at_the_top_of_a_page_under_a_labelled_row_is_a_row_of_its_own() -> None:
    """The same top row under a row that has its indikator is the next row (its number left blank)."""
    first = _foot(page(64, INDICATOR_HEADER + [["1", "Indeks kepuasan", "n/a", "82,5", "83", "83"],
                                               ["2", "Nilai SAKIP", "", "", "", ""]], ("Tabel 7.2 Indikator",), 0))
    top = page(65, [["", "", "n/a", "BB", "A", "A"], ["", "Akuntabilitas", "", "", "", ""]], (), 1)
    (table,), _ = stitch(raw_to_tc([first, top]))
    assert [b.cells[1] for b in table.body] == ["Indeks kepuasan", "Nilai SAKIP", "", "Akuntabilitas"]


def test_one_row_at_a_page_top_continues_only_a_table_that_reached_the_page_foot() -> None:
    """A one-row piece at the top of a page is the rest of the table above only when that table ran to the foot
    of its page; after a table that ended higher up (text under it), it is some other box."""
    rows = INDICATOR_HEADER + [["1", "Indeks kepuasan", "n/a", "82,5", "83", "83"], ["2", "", "n/a", "BB", "A", "A"]]
    top = page(65, [["", "Akuntabilitas Kinerja Kecamatan (AKIP)", "", "", "", ""]], (), 1)
    (table,), _ = stitch(raw_to_tc([page(64, rows, ("Tabel 7.2 Indikator Kinerja",), 0), top]))
    assert table.pages == [64] and [b.cells[1] for b in table.body] == ["Indeks kepuasan", ""]
    far = replace(top, page=66)
    (table,), _ = stitch(raw_to_tc([_foot(page(64, rows, ("Tabel 7.2 Indikator Kinerja",), 0)), far]))
    assert table.pages == [64]


def test_a_header_reprinted_on_an_ocred_page_is_no_data() -> None:
    """Inspektorat p.52 read by OCR: its header's top row garbled, its years row and its column numbers
    ("(07) | (0g) | (03 | 19)") misread; none of them is a data row."""
    from extractor.stitch import _is_header_text_row, _is_year_header_row, _misread_column_numbers

    assert _misread_column_numbers(["(07)", "(0g)", "(03", "(og)", "(05)", "19)", "(11)", "(12)"])
    assert not _misread_column_numbers(["Jumlah (Dokumen)", "6", "6", "42.297.000", "6"])
    assert _is_year_header_row(["", "", "", "2026", "", "2027", "", "2028", "", "2023", "", "2030", ""])
    assert not _is_year_header_row(["Tersedianya", "2026", "12", "123.920.000"])
    assert _is_header_text_row(("BIDANG URUSAM1 P ROGRA M", "INDIKATOR DUTCOME", "BASELINE TAHUN 2024", ""))
    assert not _is_header_text_row(("Cakupan", "Jumlah Laporan", "12", "10.789.013.500"))


# ---------------------------------------------------------------- pages on the first page's column lines

CODE_XS = [0.0, 10.0, 20.0, 30.0, 45.0, 60.0, 160.0, 260.0, 290.0, 350.0]  # five KODE columns, name .. Rp


def ruled(number: int, rows: list[list[tuple[str, int]]], xs: list[float], context: tuple[str, ...] = (),
          index: int = 0) -> RawTable:
    """A PDF page's table whose cells stand on the column lines ``xs``; each cell is (text, columns spanned)."""
    cells, n_cols = [], 0
    for r, row in enumerate(rows):
        c = 0
        for text, span in row:
            box = (xs[c], 10.0 * r, xs[c + span], 10.0 * r + 10)
            cells.append(Cell(text=text, row=r, col=c, colspan=span, bbox=box))
            c += span
        n_cols = max(n_cols, c)
    return RawTable(source="doc.pdf", format="pdf", index=index, page=number, n_rows=len(rows), n_cols=n_cols,
                    cells=tuple(cells), context=context, reaches_page_foot=True)


def first_code_page() -> RawTable:
    header = [[("KODE", 5), ("PROGRAM/ KEGIATAN", 1), ("INDIKATOR", 1), ("2024", 2)],
              [("", 5), ("", 1), ("", 1), ("Target", 1), ("Rp", 1)]]
    body = [[("2", 1), ("17", 1), ("01", 1), ("2.01", 1), ("01", 1), ("Penyusunan Dokumen", 1), ("Jumlah", 1),
             ("4", 1), ("35,000,000", 1)]]
    return ruled(1, header + body, CODE_XS, ("Tabel TC. 27",), 0)


def test_a_page_without_the_rules_between_merged_columns_goes_on_the_table() -> None:
    """Every row of page 2 prints its code in one cell over the five KODE columns (a browser's print draws no rule
    between them there): 5 columns where page 1 has 9, on page 1's column lines. It goes on the table (it was the
    end of it, the rest dropped without a word), each cell under the first of the columns it spans."""
    joined = [[("2 17 01 2.01 07", 1), ("Evaluasi Kinerja", 1), ("Jumlah Laporan", 1), ("4", 1), ("10,000,000", 1)]]
    second = ruled(2, joined, [0.0, 60.0, 160.0, 260.0, 290.0, 350.0], index=1)
    third = ruled(3, [[("2", 1), ("17", 1), ("01", 1), ("2.02", 1), ("", 1), ("Administrasi Keuangan", 1),
                       ("Jumlah", 1), ("87", 1), ("2,328,389,939", 1)]], CODE_XS, index=2)
    tables, notes = stitch(raw_to_tc([first_code_page(), second, third]))
    assert notes == [] and len(tables) == 1 and tables[0].pages == [1, 2, 3]
    body = tables[0].body
    assert [row.cells[0] for row in body] == ["2", "2 17 01 2.01 07", "2"]
    assert [row.cells[5] for row in body] == ["Penyusunan Dokumen", "Evaluasi Kinerja", "Administrasi Keuangan"]
    assert body[1].cells[8] == "10,000,000"


def test_a_page_on_other_column_lines_is_not_joined_and_says_so() -> None:
    """Rows of figures on other column lines go unread, with a note; boxes of text (a diagram of goals drawn as a
    table, Kec. Banyuwangi p.56) without one."""
    lines = [0.0, 70.0, 140.0, 210.0, 350.0]
    other = ruled(2, [[("a", 1), ("b", 1), ("1.250.000", 1), ("80,5", 1)]], lines, index=1)
    tables, notes = stitch(raw_to_tc([first_code_page(), other]))
    assert len(tables) == 1 and tables[0].pages == [1]
    assert [(n.code, n.page) for n in notes] == [("continuation-not-joined", 2)]
    assert "4 columns where TC.27 has 9" in notes[0].message
    boxes = ruled(2, [[("Sasaran PD", 1), ("1. Meningkatnya", 1), ("", 1), ("2. Meningkatnya", 1)]], lines, index=1)
    assert stitch(raw_to_tc([first_code_page(), boxes]))[1] == []


def test_a_table_runs_on_past_a_blank_page() -> None:
    """A browser prints a blank page between two tables it cuts a long one into (the zoo's `continued`)."""
    third = ruled(3, [[("2", 1), ("17", 1), ("01", 1), ("2.02", 1), ("", 1), ("Administrasi Keuangan", 1),
                       ("Jumlah", 1), ("87", 1), ("2,328,389,939", 1)]], CODE_XS, index=1)
    tables, _notes = stitch(raw_to_tc([first_code_page(), third]), blank_pages=frozenset({2}))
    assert len(tables) == 1 and tables[0].pages == [1, 3] and len(tables[0].body) == 2
    tables, _notes = stitch(raw_to_tc([first_code_page(), third]))  # page 2 printed something: not the same table
    assert tables[0].pages == [1]
