"""A Renja (annual work plan) is no Renstra: its tables are not claimed as Renstra TC tables, and a note says so.

The Cianjur Renja 2016 (../shared/realdocs) names itself "Renja" / "Rencana Kerja" on its first pages (p.2-6,
read with pdftotext) and holds a realisation table (p.14), an evaluation table (p.19) and "Tabel 2.2 Pencapaian
Kinerja Pelayanan" (p.22): before, they came out as a TC.24 with no years and two TC.23.
"""

from __future__ import annotations

import pytest
from conftest import extracted, realdoc

from extractor.model import Result, Table
from extractor.pipeline import not_renstra_tables, plan_type


def _table(how_found: str) -> Table:
    return Table(kind="TC.23", caption=None, pages=[3], years=[], rows=[], how_found=how_found)


def test_a_renstra_that_mentions_its_renja_stays_a_renstra() -> None:
    pages = ["RENCANA STRATEGIS DINAS X 2025-2029", "Renstra ini menjadi acuan Renja. Renja tahunan ... Renstra"]
    assert plan_type(pages)[0] == "renstra"
    tables = [_table("title")]
    assert not_renstra_tables(pages, tables) == (tables, [])


def test_a_renja_keeps_only_tables_under_a_printed_tc_label() -> None:
    pages = ["RENCANA KERJA (RENJA) DINAS X TAHUN 2016", "Renja ini ... Renja SKPD ... rencana kerja ... Renja",
             "sesuai Renstra"]
    kind, counts = plan_type(pages)
    assert (kind, counts) == ("renja", {"renja": 6, "renstra": 1})
    labelled, guessed = _table("caption"), _table("header")
    kept, notes = not_renstra_tables(pages, [labelled, guessed])
    assert kept == [labelled]
    assert [n.code for n in notes] == ["not-a-renstra"]
    assert "TC.23 p3 (0 rows)" in notes[0].message


def test_pages_that_say_nothing_decide_nothing() -> None:
    assert plan_type([]) == (None, {"renja": 0, "renstra": 0})
    assert plan_type(["Renja Renja"])[0] is None  # too few to decide


@pytest.mark.realdocs
def test_cianjur_renja_claims_no_tc_table() -> None:
    result = extracted(realdoc("cianjur_dkp_renja_2016.pdf"))
    assert isinstance(result, Result)
    assert result.tables == []
    note = next(n for n in result.notes if n.code == "not-a-renstra")
    for table in ("TC.24 p14", "TC.23 p19", "TC.23 p22"):
        assert table in note.message
    assert "TC.24 p14 (0 rows)" not in note.message  # its unruled columns type-check ("1.350.000,-" is a number)
    assert not [n for n in result.notes if n.code == "caption-without-table"]
