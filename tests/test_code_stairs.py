"""Codes printed as a staircase (tables/code_stairs.py): each row prints its own segment in its level's column.
The zoo's ``code_own_segment`` layout checks every truth cell end to end; here, the rules on their own."""

from __future__ import annotations

from extractor.tables.code_stairs import CodeStairs


def test_a_staircase_takes_the_segments_above() -> None:
    stairs = CodeStairs(5)
    rows = [["2", "", "", "", ""], ["", "17", "", "", ""], ["", "", "01", "", ""], ["", "", "", "2.01", ""],
            ["", "", "", "", "0001"], ["", "", "", "", "0007"], ["", "", "", "2.02", ""], ["", "", "", "", "0001"]]
    assert [stairs.complete(r) for r in rows] == [
        None, ["2", "17", "", "", ""], ["2", "17", "01", "", ""], ["2", "17", "01", "2.01", ""],
        ["2", "17", "01", "2.01", "0001"], ["2", "17", "01", "2.01", "0007"], ["2", "17", "01", "2.02", ""],
        ["2", "17", "01", "2.02", "0001"]]


def test_no_staircase_without_the_segments_above_or_with_whole_codes() -> None:
    partial = CodeStairs(5)  # a table that never prints the urusan and bidang cells (Semarang's T-C 27)
    assert [partial.complete(r) for r in (["", "", "01.", "", ""], ["", "", "01.", "01.", "06."])] == [None, None]
    whole = CodeStairs(5)
    assert [whole.complete(r) for r in (["2", "17", "01", "", ""], ["2", "17", "01", "2.01", ""])] == [None, None]
    assert CodeStairs(2).complete(["", "01"]) is None  # two code cells are no staircase
