"""Stitching the pages of one table: repeated headers dropped, split rows joined, columns mapped by header."""

from __future__ import annotations

from extractor.model import Cell, RawTable
from extractor.recognise import raw_to_tc
from extractor.stitch import stitch

HEADER = [["KODE", "PROGRAM/ KEGIATAN", "INDIKATOR", "2024", "2024", "2025", "2025"],
          ["", "", "", "Target", "Rp", "Target", "Rp"],
          ["1", "2", "3", "4", "5", "6", "7"]]


def page(number: int, rows: list[list[str]], context: tuple[str, ...] = (), index: int = 0) -> RawTable:
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
