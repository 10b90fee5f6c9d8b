"""Cells told apart by their shading (extractor/readers/pdf_shading.py), on boxes as the lines strategy gives
them. The real pages (BPBD pp.42 and 59) are in test_tables_realdocs.py, the rendered header band in the zoo
(``header_band``)."""

from __future__ import annotations

from typing import Any

from extractor.readers.pdf_shading import band_above, split_by_shading

# a ruled table of three columns (x 0-50-100-150): a header box over all three, two body rows of cells
HEADER = (0.0, 0.0, 150.0, 20.0)
BODY = [(0.0, 20.0, 50.0, 40.0), (50.0, 20.0, 100.0, 40.0), (100.0, 20.0, 150.0, 40.0),
        (0.0, 40.0, 50.0, 60.0), (50.0, 40.0, 100.0, 60.0), (100.0, 40.0, 150.0, 60.0)]
CELL_SHADES = [(0.2, 0.2, 49.8, 19.8), (50.2, 0.2, 99.8, 19.8), (100.2, 0.2, 149.8, 19.8)]
PARAGRAPH_SHADES = [(5.0, 2.0, 45.0, 10.0), (55.0, 2.0, 95.0, 10.0)]  # inset from the cells' sides


def word(text: str, x0: float, top: float, width: float = 5.0) -> list[dict[str, Any]]:
    return [{"text": ch, "x0": x0 + k * width, "x1": x0 + (k + 1) * width, "top": top, "bottom": top + 8}
            for k, ch in enumerate(text)]


def test_a_box_tiled_by_cell_backgrounds_is_those_cells() -> None:
    chars = word("No", 10, 5) + word("Uraian", 55, 5) + word("Rp", 110, 5)
    boxes = split_by_shading([HEADER, *BODY], CELL_SHADES + PARAGRAPH_SHADES, chars)
    assert boxes is not None
    assert boxes[:3] == [(0.0, 0.0, 50.0, 20.0), (50.0, 0.0, 100.0, 20.0), (100.0, 0.0, 150.0, 20.0)]
    assert boxes[3:] == BODY


def test_one_background_over_a_merged_cell_leaves_it_whole() -> None:
    """A banded row or a heading across the table: one cell in Word, one background."""
    assert split_by_shading([HEADER, *BODY], [(0.2, 0.2, 149.8, 19.8)], word("Sasaran 1", 10, 5)) is None


def test_backgrounds_leaving_a_gap_leave_the_box_whole() -> None:
    assert split_by_shading([HEADER, *BODY], CELL_SHADES[:2], []) is None  # a third of the box uncovered


def test_a_word_running_over_the_cells_sides_leaves_the_box_whole() -> None:
    """A spreadsheet's text runs on over the empty cells beside it: cut at their sides it would be garbage."""
    chars = word("URUSANPEMERINTAHAN", 10, 5)  # 10 .. 100: over the side at 50
    assert split_by_shading([HEADER, *BODY], CELL_SHADES, chars) is None


def test_a_band_of_cell_backgrounds_above_the_rules_is_the_header() -> None:
    """The rules start under the header: its cells are the backgrounds stacked on the table's top edge (a group
    over two columns above two cells), and the table's box grows over them."""
    body = [(x0, top + 30, x1, bottom + 30) for x0, top, x1, bottom in BODY]
    bbox = (0.0, 50.0, 150.0, 90.0)
    band = [(0.2, 10.2, 49.8, 49.8), (50.2, 10.2, 149.8, 29.8), (50.2, 30.2, 99.8, 49.8), (100.2, 30.2, 149.8, 49.8)]
    chars = word("No", 10, 20) + word("2024", 80, 15) + word("Target", 55, 35) + word("Rp", 110, 35)
    found = band_above(body, band, bbox, chars)
    assert found is not None
    pieces, grown = found
    assert grown == (0.0, 10.2, 150.0, 90.0)
    assert sorted(pieces) == [(0.0, 10.2, 50.0, 50.0), (50.0, 10.2, 150.0, 30.2), (50.0, 30.2, 100.0, 50.0),
                              (100.0, 30.2, 150.0, 50.0)]
    # a single background (a shaded caption line) is no header band
    assert band_above(body, [(0.2, 30.2, 149.8, 49.8)], bbox, chars) is None
    # nor are backgrounds that do not reach the table
    assert band_above(body, [(0.2, 5.0, 49.8, 20.0), (50.2, 5.0, 149.8, 20.0)], bbox, chars) is None


def test_a_swarm_of_backgrounds_is_no_header() -> None:
    """A damaged or absurd page: 20,000 tiny backgrounds over and above the table. A box or band made of more than
    MAX_PIECES backgrounds is left as the rules give it (and the work stays bounded: never all pairs of them)."""
    swarm = [(float(x), float(y), x + 2.5, y + 2.5) for x in range(0, 150, 3) for y in range(-200, 20, 1)][:20000]
    assert split_by_shading([HEADER, *BODY], swarm, []) is None
    assert band_above(BODY, swarm, (0.0, 20.0, 150.0, 60.0), []) is None
    # the column-aligned backgrounds of a real band are found among a few stray ones
    band = [(0.2, 0.2, 49.8, 19.8), (50.2, 0.2, 99.8, 19.8), (100.2, 0.2, 149.8, 19.8)]
    found = band_above(BODY, band + [(5.0, 5.0, 7.0, 7.0)] * 3, (0.0, 20.0, 150.0, 60.0), [])
    assert found is not None and len(found[0]) == 3
