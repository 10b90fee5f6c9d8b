"""The diff end to end on the Magetan sample (samples/*.docx/.pdf, built from the seed and samples/truth).

* a copy of the sample's JSON that differs only in spacing, case and number formatting: no change at all;
* the sample alone (compare_variants): TC.25 Sebelum vs Sesudah Perubahan as samples/truth prints them;
* the *sebelum* sample against the sample, in all four DOCX/PDF pairings: exactly the changes documented in
  samples/sebelum_changes.json, nothing missing, nothing extra.

Where the extraction of a table does not yet match the truth (so the diff cannot be judged on it), the test is
marked xfail with the reason, and runs for real as soon as the extraction is right.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from test_diff import truth_rows, truth_tc25

from extractor.diff import DiffResult, compare, compare_tables, compare_variants, fold, load_result_json

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
BASE = "renstra_dinkop_magetan_2024-2026"
CHANGES = SAMPLES / "sebelum_changes.json"
TABLES = {"tc23": "TC.23", "tc24": "TC.24", "tc25": "TC.25", "tc26": "TC.26", "tc27": "TC.27", "tc28": "TC.28",
          "iku": "IKU"}
KIND = {"renamed": "renamed", "renumbered": "code_changed", "value_changed": "value_changed",
        "unit_changed": "text_changed", "reworded": "text_changed", "row_added": "added", "row_removed": "removed"}
PRINTED_FORMS = {"code_cells", "indicator_cell"}  # the printed cell of a change already listed under its field
_EN_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+$")

pytestmark = pytest.mark.slow


def _sample(stem: str, ext: str) -> Path:
    path = SAMPLES / f"{stem}.{ext}"
    if not path.exists():
        pytest.skip(f"{path.name} not built yet (python samples/make_samples.py)")
    return path


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Extract JSON dicts of the samples, each extracted once per test session (as 'renstra extract' writes it)."""
    from extractor.output import result_to_dict
    from extractor.pipeline import extract

    cache: dict[tuple[str, str], dict[str, Any]] = {}

    def get(variant: str, ext: str) -> dict[str, Any]:
        if (variant, ext) not in cache:
            stem = BASE + ("_sebelum" if variant == "sebelum" else "")
            cache[variant, ext] = json.loads(json.dumps(result_to_dict(extract(_sample(stem, ext)))))
        return cache[variant, ext]

    return get


# ---------------------------------------------------------------- formatting only


def _reformat_number(text: str) -> str:
    """'3,149,889,939' <-> '3.149.889.939', '80.1' -> '80,1': the same value written the other way."""
    return text.translate(str.maketrans({",": ".", ".": ","}))


def _restyle(text: str) -> str:
    words = text.split()
    return "  " + "   ".join(w.upper() if i % 2 else w.lower() for i, w in enumerate(words)) + " \n"


def test_spacing_case_and_number_format_give_an_empty_report(extracted: Any, tmp_path: Path) -> None:
    original = extracted("sesudah", "docx")
    copy_ = copy.deepcopy(original)
    touched = 0
    for table in copy_["tables"]:
        for row in table["rows"]:
            for key, value in row.items():
                if isinstance(value, str) and value.strip() and key not in ("code", "code_raw", "level"):
                    row[key] = _restyle(value)
                    touched += 1
            row["raw"] = {k: _reformat_number(v) for k, v in row.get("raw", {}).items()}
    assert touched > 100
    path = tmp_path / "restyled.json"
    path.write_text(json.dumps(copy_, ensure_ascii=False), encoding="utf-8")
    result = compare(original, load_result_json(path))
    assert result.differences == [], [(d.table, d.key, d.field, d.kind) for d in result.differences[:10]]
    assert result.summary["total"] == 0 and len(result.cosmetic) > 100
    assert {d.kind for d in result.cosmetic} == {"cosmetic"}


# ---------------------------------------------------------------- TC.25 variants inside one document


def _tc25_matches_truth(table: dict[str, Any], truth: str) -> str | None:
    """None when the extracted TC.25 prints what samples/truth/<truth>.csv says, else what differs."""
    expected = [(fold(r["tujuan"]), fold(r["sasaran"]), fold(r["indikator"])) for r in truth_rows(truth)]
    got = [(fold(r.get("tujuan")), fold(r.get("sasaran")), fold(r.get("indikator"))) for r in table["rows"]]
    if got != expected:
        bad = next(((g, e) for g, e in zip(got, expected) if g != e), (len(got), len(expected)))
        return f"extracted {table['kind']} ({table.get('variant')}) differs from samples/truth/{truth}.csv: {bad}"
    return None


def _tc25(doc: dict[str, Any], variant: str | None) -> dict[str, Any]:
    return next(t for t in doc["tables"] if t["kind"] == "TC.25" and t.get("variant") == variant)


def _projection(result_or_diffs: Any) -> list[tuple[Any, ...]]:
    diffs = result_or_diffs.differences if isinstance(result_or_diffs, DiffResult) else result_or_diffs
    return sorted((d.kind, d.field or "", d.year or 0, fold(d.before), fold(d.after), fold(d.name)) for d in diffs)


def _truth_tc25_diffs(before_variant: str | None) -> list[Any]:
    _, diffs = compare_tables("TC.25", truth_tc25("tc25_sebelum", before_variant), truth_tc25("tc25_sesudah",
                                                                                               "sesudah"))
    return [d for d in diffs if d.kind != "cosmetic"]


@pytest.mark.parametrize("ext", ["docx", "pdf"])
def test_sample_variants_report_the_tc25_changes(extracted: Any, ext: str) -> None:
    doc = extracted("sesudah", ext)
    result = compare_variants(doc)
    assert [t.table for t in result.tables] == ["TC.25"]
    problems = [p for p in (_tc25_matches_truth(_tc25(doc, "sebelum"), "tc25_sebelum"),
                            _tc25_matches_truth(_tc25(doc, "sesudah"), "tc25_sesudah")) if p]
    if problems:
        pytest.xfail("TC.25 extraction not yet right: " + "; ".join(problems))
    seb, ses = truth_rows("tc25_sebelum"), truth_rows("tc25_sesudah")
    got = {(d.kind, d.field, fold(d.before), fold(d.after)) for d in result.differences}
    assert ("text_changed", "tujuan", fold(seb[0]["tujuan"]), fold(ses[0]["tujuan"])) in got
    for i in (2, 3):
        assert ("text_changed", "sasaran", fold(seb[i]["sasaran"]), fold(ses[i]["sasaran"])) in got
        assert ("text_changed", "indikator", fold(seb[i]["indikator"]), fold(ses[i]["indikator"])) in got
    assert [d.name for d in result.differences if d.kind == "added"] == ["Nilai SAKIP Dinas Koperasi dan UKM"]
    assert _projection(result) == _projection(_truth_tc25_diffs("sebelum"))


# ---------------------------------------------------------------- sebelum sample vs sesudah sample


def _number(text: str) -> int | float:
    if _EN_GROUPED.match(text):
        return int(text.replace(",", ""))
    value = float(text)
    return int(value) if value.is_integer() else value


def expected_changes(table: str) -> list[tuple[Any, ...]]:
    """The documented changes of one table as (kind, key, field, year, before, after) of the diff."""
    out = []
    for change in json.loads(CHANGES.read_text(encoding="utf-8")):
        if TABLES.get(change["table"]) != table or change["field"] in PRINTED_FORMS:
            continue
        kind = KIND[change["kind"]]
        year = change.get("year")
        field = change["field"]
        before, after = change["before"], change["after"]
        if kind in ("added", "removed"):
            field, before, after = None, None, None
        elif kind == "value_changed":
            field = field[: -len(f"_{year}")] if year is not None else field
            before, after = _number(before), _number(after)
        out.append((kind, change["key"], field, year, before, after))
    return sorted(out, key=repr)


PAIRINGS = [("docx", "docx"), ("docx", "pdf"), ("pdf", "docx"), ("pdf", "pdf")]


def _pair(extracted: Any, before_ext: str, after_ext: str) -> DiffResult:
    if not CHANGES.exists():
        pytest.skip("samples/sebelum_changes.json not written yet")
    return compare(extracted("sebelum", before_ext), extracted("sesudah", after_ext))


@pytest.mark.parametrize(("before_ext", "after_ext"), PAIRINGS)
def test_sebelum_vs_sesudah_tc27_is_the_documented_change_list(extracted: Any, before_ext: str,
                                                               after_ext: str) -> None:
    result = _pair(extracted, before_ext, after_ext)
    got = sorted(((d.kind, d.key, d.field, d.year, d.before, d.after) for d in result.differences
                  if d.table == "TC.27"), key=repr)
    assert got == expected_changes("TC.27")
    causes = {(d.key, d.field, d.year): d.caused_by for d in result.differences if d.table == "TC.27"}
    for parent, child in (("2.17", "2.17.05"), ("2.17.05", "2.17.05.2.01"), ("2.17.05.2.01", "2.17.05.2.01.0001")):
        assert causes[parent, "rp", 2025] == [child]
        assert causes[parent, "rp_akhir", None] == [child]


@pytest.mark.parametrize(("before_ext", "after_ext"), PAIRINGS)
def test_sebelum_vs_sesudah_tc25_is_the_replaced_table(extracted: Any, before_ext: str, after_ext: str) -> None:
    result = _pair(extracted, before_ext, after_ext)
    (table,) = [t for t in result.tables if t.table == "TC.25"]
    assert (table.variant_before, table.variant_after) == (None, "sesudah")
    problems = [p for p in (_tc25_matches_truth(_tc25(extracted("sebelum", before_ext), None), "tc25_sebelum"),
                            _tc25_matches_truth(_tc25(extracted("sesudah", after_ext), "sesudah"), "tc25_sesudah"))
                if p]
    if problems:
        pytest.xfail("TC.25 extraction not yet right: " + "; ".join(problems))
    tc25 = [d for d in result.differences if d.table == "TC.25"]
    assert _projection(tc25) == _projection(_truth_tc25_diffs(None))


@pytest.mark.parametrize(("before_ext", "after_ext"), PAIRINGS)
def test_sebelum_vs_sesudah_other_tables_unchanged(extracted: Any, before_ext: str, after_ext: str) -> None:
    """TC.23, TC.24, TC.26, TC.28 and IKU are the same in both documents: no difference at all."""
    result = _pair(extracted, before_ext, after_ext)
    assert result.tables_added == [] and result.tables_removed == []
    others = [d for d in result.differences if d.table not in ("TC.25", "TC.27")]
    if others and before_ext != after_ext:
        same_doc = compare(extracted("sesudah", before_ext), extracted("sesudah", after_ext))
        tables = sorted({d.table for d in same_doc.differences if d.table not in ("TC.25", "TC.27")})
        if tables:
            pytest.xfail(f"DOCX and PDF extraction of the same document still disagree on {', '.join(tables)}")
    assert others == [], [(d.table, d.kind, d.key) for d in others[:10]]


def test_html_shows_where_the_money_moved_and_the_hierarchy(extracted: Any) -> None:
    """The sample's documented Rp changes of programs are the chart's programs; changed rows sit under their
    program and kegiatan in the hierarchy view."""
    from extractor.diff_money import program_money
    from extractor.diff_render import diff_to_html

    result = _pair(extracted, "docx", "docx")
    documented = {c["key"] for c in json.loads(CHANGES.read_text(encoding="utf-8"))
                  if c["table"] == "tc27" and (c["field"] or "").startswith("rp_") and c["key"].count(".") == 2}
    (tc27,) = [t for t in result.tables if t.table == "TC.27"]
    moved = program_money(tc27)
    assert {m.key for m in moved} == documented == {"2.17.05"}
    assert moved[0].before[1] == 125_000_000 and moved[0].after[1] == 150_000_000  # 2025, as documented
    page = diff_to_html(result)
    assert page.count('<tr class="program-money">') == 1 and "<svg" in page
    tree = page[page.index("In the hierarchy: TC.27"):]
    # the documented target change 40 -> 50 in 2025 of 2.17.05.2.01.0001 shown after its program and kegiatan
    assert tree.index(">2.17.05<") < tree.index(">2.17.05.2.01<") < tree.index(">2.17.05.2.01.0001<")
    assert "40 → 50" in tree
    assert "->" not in page  # table labels read as words
