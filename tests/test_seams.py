"""The typed seams between the library's stages (issue 15 item 3): the library reports progress through its
callback and never prints; a row's match is one typed field, written flat as the match_* fields of the JSON and
CSV; the matching summary is a dataclass whose JSON is the documented block."""

from __future__ import annotations

import pytest
from conftest import SAMPLE_DOCX, SAMPLE_PDF, extracted

from extractor.model import MATCH_METHODS, MATCH_STATUSES, Matching, MatchResult, Result


def test_the_library_prints_nothing_and_reports_pages_through_the_callback(capfd: pytest.CaptureFixture[str]) -> None:
    from extractor.pipeline import extract

    seen: list[tuple[int, int]] = []
    result = extract(SAMPLE_PDF, {"kinds": ("TC.27",)}, nomenclature="none",
                     progress=lambda done, total: seen.append((done, total)))
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
    assert [t.kind for t in result.tables] == ["TC.27"]
    total = seen[-1][1]
    assert seen[-1] == (total, total) and [d for d, _t in seen] == sorted(d for d, _t in seen)
    assert 1 <= total <= 35  # the sample PDF has 35 pages; only those that can hold a table are scanned


def _docx() -> Result:
    result = extracted(SAMPLE_DOCX)
    assert isinstance(result, Result)
    return result


def test_a_rows_match_is_one_field_written_flat() -> None:
    tc27 = _docx().tables_of("TC.27")[0]
    matched = [r for r in tc27.rows if r.data.get("level") != "indicator"]
    assert matched and all(isinstance(r.match, MatchResult) for r in matched)
    assert not any(k.startswith("match_") for r in tc27.rows for k in r.data)  # no longer splatted into data
    records = tc27.records()
    for row, record in zip(tc27.rows, records):
        written = row.to_dict()
        if row.match is None:
            assert not any(k.startswith("match_") for k in written)
            continue
        assert row.match.status in MATCH_STATUSES and row.match.method in MATCH_METHODS
        assert (written["match_status"], written["match_code"], written["match_method"]) == (
            row.match.status, row.match.matched_code, row.match.method)
        assert record["match_status"] == row.match.status and record["match_score"] == row.match.score
        keys = list(written)  # the match after every field of data and the years, before page, flags, raw
        assert keys.index("match_status") == len(row.data) + 1 and keys.index("page") > keys.index("match_status")


def test_the_matching_summary_is_a_dataclass_written_as_the_json_block() -> None:
    result = _docx()
    assert isinstance(result.matching, Matching) and result.matching.status == "done"
    block = result.to_dict()["matching"]
    assert block["list"] == result.matching.list_name == "2023-kabkota"
    assert list(block)[:4] == ["status", "nomenclature", "list", "origin"]
    assert sum(block["counts"].values()) == len([r for t in result.tables for r in t.rows if r.match is not None])
    assert Matching("skipped", "why").to_dict() == {"status": "skipped", "message": "why"}
