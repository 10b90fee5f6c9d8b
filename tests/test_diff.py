"""The diff engine on tiny inline documents (the extract JSON form), one test per kind of difference."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from extractor.diff import (
    DiffSettings,
    as_document,
    compare,
    compare_variants,
    fill_down,
    load_result_json,
    pair_rows,
)
from extractor.errors import InputError
from extractor.model import DocumentInfo, Result, Row, Table

TRUTH = Path(__file__).resolve().parent.parent / "samples" / "truth"


def doc(*tables: dict[str, Any], name: str = "doc.json") -> dict[str, Any]:
    return {"document": {"file": name, "sha256": "0" * 64, "format": "json", "pages": 1}, "tables": list(tables)}


def table(kind: str, rows: list[dict[str, Any]], variant: str | None = None) -> dict[str, Any]:
    return {"kind": kind, "variant": variant, "caption": f"Tabel {kind}", "pages": [1], "years": [2024, 2025],
            "rows": rows}


def tc27(level: str, code: str | None, name: str, rp: tuple[Any, Any] = (None, None), page: int = 1,
         **extra: Any) -> dict[str, Any]:
    row = {"level": level, "code": code, "code_raw": code or "", "name": name, "indicator": extra.pop("indicator", ""),
           "unit": extra.pop("unit", None), "baseline": extra.pop("baseline", None),
           "years": {"2024": {"target": None, "rp": rp[0]}, "2025": {"target": None, "rp": rp[1]}},
           "target_akhir": None, "rp_akhir": extra.pop("rp_akhir", None), "pd": extra.pop("pd", "DINKOP"),
           "page": page, "flags": [], "raw": extra.pop("raw", {})}
    row.update(extra)
    return row


def base_tc27() -> list[dict[str, Any]]:
    return [
        tc27("program", "2.17.03", "PROGRAM PENGAWASAN DAN PEMERIKSAAN KOPERASI", (100, 200)),
        tc27("kegiatan", "2.17.03.2.01", "Pemeriksaan dan Pengawasan Koperasi", (100, 200)),
        tc27("sub_kegiatan", "2.17.03.2.01.0001", "Pemeriksaan dan Pengawasan Koperasi Simpan Pinjam", (60, 120)),
        tc27("sub_kegiatan", "2.17.03.2.01.0002", "Penilaian Kesehatan Koperasi Simpan Pinjam", (40, 80)),
    ]


def only(result: Any, kind: str | None = None) -> list[Any]:
    return [d for d in result.differences if kind is None or d.kind == kind]


def test_identical_documents_give_an_empty_report() -> None:
    result = compare(doc(table("TC.27", base_tc27())), doc(table("TC.27", base_tc27())))
    assert result.differences == [] and result.cosmetic == []
    assert result.summary["total"] == 0
    assert [r.status for r in result.tables[0].rows] == ["same"] * 4


def test_renamed_row_keeps_its_code() -> None:
    after = base_tc27()
    after[3]["name"] = "Penilaian Kesehatan KSP/USP Koperasi"
    (d,) = only(compare(doc(table("TC.27", base_tc27())), doc(table("TC.27", after))))
    assert (d.kind, d.key, d.field, d.level) == ("renamed", "2.17.03.2.01.0002", "name", "sub_kegiatan")
    assert (d.before, d.after) == ("Penilaian Kesehatan Koperasi Simpan Pinjam", "Penilaian Kesehatan KSP/USP Koperasi")


def test_renumbered_row_is_code_changed_not_added_and_removed() -> None:
    after = base_tc27()
    after[3]["code"] = "2.17.03.2.01.0005"
    result = compare(doc(table("TC.27", base_tc27())), doc(table("TC.27", after)))
    (d,) = only(result)
    assert (d.kind, d.key, d.field, d.before, d.after) == (
        "code_changed", "2.17.03.2.01.0005", "code", "2.17.03.2.01.0002", "2.17.03.2.01.0005")
    assert result.summary["by_kind"]["added"] == result.summary["by_kind"]["removed"] == 0


def test_renumbered_parent_carries_its_children() -> None:
    after = base_tc27()
    for row in after:
        row["code"] = row["code"].replace("2.17.03", "2.17.04", 1)
    result = compare(doc(table("TC.27", base_tc27())), doc(table("TC.27", after)))
    assert {d.kind for d in result.differences} == {"code_changed"}
    assert [d.after for d in result.differences] == [r["code"] for r in after]


def test_renamed_and_renumbered_in_another_parent_is_added_and_removed() -> None:
    before = base_tc27()
    after = base_tc27()
    after[3] = tc27("sub_kegiatan", "2.17.03.2.01.0009", "Pelatihan Pengawas Koperasi", (40, 80))
    kinds = sorted(d.kind for d in compare(doc(table("TC.27", before)), doc(table("TC.27", after))).differences)
    assert kinds == ["added", "removed"]


def test_added_and_removed_rows() -> None:
    after = base_tc27()[:3] + [tc27("sub_kegiatan", "2.17.03.2.01.0003", "Pengawasan Koperasi Simpan Pinjam Baru",
                                    (40, 80), page=2)]
    result = compare(doc(table("TC.27", base_tc27())), doc(table("TC.27", after)))
    removed, added = only(result, "removed"), only(result, "added")
    assert [(d.key, d.page_before, d.page_after) for d in removed] == [("2.17.03.2.01.0002", 1, None)]
    assert [(d.key, d.page_before, d.page_after, d.name) for d in added] == [
        ("2.17.03.2.01.0003", None, 2, "Pengawasan Koperasi Simpan Pinjam Baru")]
    statuses = [r.status for r in result.tables[0].rows]
    assert statuses.count("added") == 1 and statuses.count("removed") == 1


def test_value_changed_per_field_and_year_with_cause() -> None:
    after = base_tc27()
    after[2]["years"]["2025"]["rp"] = 150  # +30
    after[1]["years"]["2025"]["rp"] = 230  # kegiatan +30: explained by its sub-kegiatan
    after[0]["years"]["2025"]["rp"] = 230  # program +30: explained by its kegiatan
    after[3]["baseline"] = 7
    result = compare(doc(table("TC.27", base_tc27())), doc(table("TC.27", after)))
    by_key = {(d.key, d.field, d.year): d for d in result.differences}
    assert set(by_key) == {("2.17.03", "rp", 2025), ("2.17.03.2.01", "rp", 2025),
                           ("2.17.03.2.01.0001", "rp", 2025), ("2.17.03.2.01.0002", "baseline", None)}
    assert all(d.kind == "value_changed" for d in result.differences)
    assert (by_key["2.17.03.2.01", "rp", 2025].before, by_key["2.17.03.2.01", "rp", 2025].after) == (200, 230)
    assert by_key["2.17.03", "rp", 2025].caused_by == ["2.17.03.2.01"]
    assert by_key["2.17.03.2.01", "rp", 2025].caused_by == ["2.17.03.2.01.0001"]
    assert by_key["2.17.03.2.01.0001", "rp", 2025].caused_by == []


def test_parent_change_the_children_do_not_explain_has_no_cause() -> None:
    after = base_tc27()
    after[2]["years"]["2024"]["rp"] = 70  # +10
    after[1]["years"]["2024"]["rp"] = 125  # +25: not the children's +10
    result = compare(doc(table("TC.27", base_tc27())), doc(table("TC.27", after)))
    parent = next(d for d in result.differences if d.key == "2.17.03.2.01")
    assert parent.caused_by == []


def test_added_child_explains_parent_total() -> None:
    after = base_tc27()
    after.append(tc27("sub_kegiatan", "2.17.03.2.01.0003", "Pengawasan Koperasi Baru", (0, 50)))
    after[1]["years"]["2025"]["rp"] = 250
    result = compare(doc(table("TC.27", base_tc27())), doc(table("TC.27", after)))
    parent = next(d for d in result.differences if d.key == "2.17.03.2.01")
    assert parent.caused_by == ["2.17.03.2.01.0003"]


def test_number_formatting_is_no_difference() -> None:
    before = base_tc27()
    after = base_tc27()
    before[0]["raw"] = {"2024.rp": "3,149,889,939"}
    after[0]["raw"] = {"2024.rp": "3.149.889.939"}
    before[0]["years"]["2024"]["rp"] = after[0]["years"]["2024"]["rp"] = 3149889939
    before[1]["years"]["2024"]["rp"], after[1]["years"]["2024"]["rp"] = 80.1, 80.10000000001
    result = compare(doc(table("TC.27", before)), doc(table("TC.27", after)))
    assert result.differences == [] and result.cosmetic == []


def test_spacing_and_case_are_cosmetic_not_changes() -> None:
    after = base_tc27()
    after[0]["name"] = "  Program  Pengawasan dan\nPemeriksaan   KOPERASI "
    after[1]["pd"] = "dinkop"
    result = compare(doc(table("TC.27", base_tc27())), doc(table("TC.27", after)))
    assert result.differences == []
    assert [(d.kind, d.key, d.field) for d in result.cosmetic] == [
        ("cosmetic", "2.17.03", "name"), ("cosmetic", "2.17.03.2.01", "pd")]
    assert result.summary["total"] == 0 and result.summary["cosmetic"] == 2


def test_text_changed_fields() -> None:
    after = base_tc27()
    after[2]["indicator"] = "Jumlah koperasi yang diperiksa"
    after[2]["unit"] = "Unit"
    after[3]["pd"] = "BAPPEDA"
    result = compare(doc(table("TC.27", base_tc27())), doc(table("TC.27", after)))
    assert [(d.kind, d.key, d.field, d.before, d.after) for d in result.differences] == [
        ("text_changed", "2.17.03.2.01.0001", "indicator", "", "Jumlah koperasi yang diperiksa"),
        ("text_changed", "2.17.03.2.01.0001", "unit", None, "Unit"),
        ("text_changed", "2.17.03.2.01.0002", "pd", "DINKOP", "BAPPEDA"),
    ]


def test_filled_down_tujuan_change_is_reported_once() -> None:
    before = base_tc27()
    after = base_tc27()
    for row in before:
        row["tujuan"] = "Meningkatkan kualitas koperasi"
    for row in after:
        row["tujuan"] = "Meningkatkan omset koperasi"
    (d,) = compare(doc(table("TC.27", before)), doc(table("TC.27", after))).differences
    assert (d.kind, d.key, d.field) == ("text_changed", "2.17.03", "tujuan")


def tc23(no: str, indikator: str, target: float) -> dict[str, Any]:
    return {"no": no, "indikator": indikator, "years": {"2019": {"target": target}}, "page": 3, "flags": [],
            "raw": {}}


def test_codeless_rows_pair_by_text_when_a_row_is_inserted() -> None:
    before = [tc23("1", "Persentase Koperasi Aktif (%)", 74), tc23("2", "Persentase Pertumbuhan Usaha Mikro", 0.74)]
    after = [tc23("1", "Nilai Omset Usaha Koperasi", 685.625), tc23("2", "Persentase Koperasi  aktif (%)", 74),
             tc23("3", "Persentase Pertumbuhan Usaha Mikro", 0.8)]
    result = compare(doc(table("TC.23", before)), doc(table("TC.23", after)))
    got = [(d.kind, d.key, d.field, d.year, d.before, d.after) for d in result.differences]
    assert got == [
        ("added", "1 Nilai Omset Usaha Koperasi", None, None, None, None),
        ("code_changed", "2 Persentase Koperasi aktif (%)", "no", None, "1", "2"),
        ("code_changed", "3 Persentase Pertumbuhan Usaha Mikro", "no", None, "2", "3"),
        ("value_changed", "3 Persentase Pertumbuhan Usaha Mikro", "target", 2019, 0.74, 0.8),
    ]
    assert [d.field for d in result.cosmetic] == ["indikator"]


def test_codeless_rows_with_the_same_number_pair_even_when_reworded() -> None:
    before = [tc23("1", "Persentase Pertumbuhan Usaha Mikro yang dibina", 1.5)]
    after = [tc23("1", "Jumlah Usaha Mikro Yang Naik Kelas", 2)]
    kinds = [d.kind for d in compare(doc(table("TC.23", before)), doc(table("TC.23", after))).differences]
    assert kinds == ["text_changed", "value_changed"]


def truth_tc25(name: str, variant: str) -> dict[str, Any]:
    def number(text: str) -> float | int | None:
        if not text:
            return None
        value = float(text.replace(".", "").replace(",", ".")) if "," in text or text.count(".") > 1 \
            else float(text.replace(".", "")) if "." in text and len(text.split(".")[1]) == 3 else float(text)
        return int(value) if value.is_integer() else value

    with (TRUTH / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        rows = [{**{k: r[k] for k in ("no", "tujuan", "sasaran_no", "sasaran", "indikator_no", "indikator")},
                 "years": {str(y): {"target": number(r[f"target_{y}"])} for y in (2024, 2025, 2026)},
                 "page": 1, "flags": [], "raw": {}} for r in csv.DictReader(fh)]
    return table("TC.25", rows, variant)


def truth_rows(name: str) -> list[dict[str, str]]:
    with (TRUTH / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_tc25_variants_of_the_truth() -> None:
    """TC.25 Sebelum vs Sesudah as printed in the seed (samples/truth): what a reader must see."""
    seb, ses = truth_rows("tc25_sebelum"), truth_rows("tc25_sesudah")
    result = compare_variants(doc(truth_tc25("tc25_sebelum", "sebelum"), truth_tc25("tc25_sesudah", "sesudah")))
    got = {(d.kind, d.field, d.before, d.after) for d in result.differences}
    assert ("text_changed", "tujuan", seb[0]["tujuan"], ses[0]["tujuan"]) in got
    for i in (2, 3):  # the two sasaran and their indicators, reworded
        assert ("text_changed", "sasaran", seb[i]["sasaran"], ses[i]["sasaran"]) in got
        assert ("text_changed", "indikator", seb[i]["indikator"], ses[i]["indikator"]) in got
    added = [d for d in result.differences if d.kind == "added"]
    assert [d.name for d in added] == ["Nilai SAKIP Dinas Koperasi dan UKM"] == [ses[4]["indikator"]]
    targets = {(d.key.split()[0], d.year): (d.before, d.after) for d in result.differences if d.field == "target"}
    assert targets[("1.2.1", 2024)] == (1.5, 2)
    assert ("1.1.1", 2024) not in targets  # 70 73 75 in both
    assert all(d.table == "TC.25" and (d.variant_before, d.variant_after) == ("sebelum", "sesudah")
               for d in result.differences)
    assert sum(1 for d in result.differences if d.field == "tujuan" and d.before == seb[0]["tujuan"]) == 1


def test_fill_down_restarts_inner_groups() -> None:
    rows = [{"no": "1", "tujuan": "T1", "sasaran_no": "", "sasaran": ""},
            {"no": "", "tujuan": "", "sasaran_no": "1.1", "sasaran": "S1"},
            {"no": "2", "tujuan": "T2", "sasaran_no": "", "sasaran": ""},
            {"no": "", "tujuan": "", "sasaran_no": "", "sasaran": ""}]
    filled = fill_down("TC.25", rows)
    assert [(r["tujuan"], r["sasaran"]) for r in filled] == [("T1", ""), ("T1", "S1"), ("T2", ""), ("T2", "")]
    assert rows[1]["tujuan"] == ""  # the input is not modified


def test_tables_pair_by_kind_and_variant() -> None:
    before = doc(table("TC.25", [tc23("1", "A", 1)], "sebelum"), table("TC.25", [tc23("1", "A", 2)], "sesudah"),
                 table("TC.28", []))
    after = doc(table("TC.25", [tc23("1", "A", 3)]), table("IKU", []))
    result = compare(before, after)
    assert [(t.table, t.variant_before, t.variant_after) for t in result.tables] == [("TC.25", "sebelum", None)]
    assert [d.before for d in result.differences] == [1]
    assert result.tables_added == ["IKU"] and result.tables_removed == ["TC.28"]
    itself = compare(before, before)  # both print both variants: each variant against its namesake
    assert [(t.table, t.variant_before, t.variant_after) for t in itself.tables] == [
        ("TC.25", "sebelum", "sebelum"), ("TC.25", "sesudah", "sesudah"), ("TC.28", None, None)]
    assert itself.differences == []
    single = doc(table("TC.25", [tc23("1", "A", 5)]))
    assert [(t.variant_before, t.variant_after) for t in compare(single, before).tables] == [(None, "sesudah")]


def test_compare_variants_needs_a_table_in_both_variants() -> None:
    with pytest.raises(InputError, match="no table is printed in both variants"):
        compare_variants(doc(table("TC.27", base_tc27())))


def test_accepts_a_result_object() -> None:
    row = Row(data={"level": "program", "code": "2.17.03", "name": "PROGRAM X"}, years={2024: {"rp": 5}}, page=4)
    result_obj = Result(document=DocumentInfo("a.docx", "0" * 64, "docx", None),
                        tables=[Table("TC.27", "Tabel TC.27", [4], [2024], [row])])
    after = doc(table("TC.27", [tc27("program", "2.17.03", "PROGRAM X", (6, None))]))
    (d,) = compare(result_obj, after).differences
    assert (d.kind, d.year, d.before, d.after, d.page_before) == ("value_changed", 2024, 5, 6, 4)
    assert compare(result_obj, after).before["file"] == "a.docx"


def test_result_is_stable_plain_data() -> None:
    after = base_tc27()
    after[3]["name"] = "Penilaian Kesehatan KSP"
    one = compare(doc(table("TC.27", base_tc27())), doc(table("TC.27", after))).to_dict()
    two = compare(doc(table("TC.27", base_tc27())), doc(table("TC.27", after))).to_dict()
    assert json.dumps(one, sort_keys=True) == json.dumps(two, sort_keys=True)
    assert json.loads(json.dumps(one)) == one


def test_pair_rows_alignment_places_removed_rows_where_they_were() -> None:
    before = base_tc27()
    after = [before[0], before[1], before[3]]
    assert pair_rows("TC.27", before, after) == [(0, 0), (1, 1), (2, None), (3, 2)]


def test_load_result_json(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(doc(table("TC.27", base_tc27()))), encoding="utf-8")
    assert load_result_json(good)["tables"][0]["kind"] == "TC.27"
    with pytest.raises(InputError, match="file not found"):
        load_result_json(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not a readable JSON"):
        load_result_json(bad)
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"rows": []}), encoding="utf-8")
    with pytest.raises(InputError, match="renstra extract"):
        load_result_json(wrong)
    with pytest.raises(InputError):
        as_document(42)


def test_settings_resolve() -> None:
    assert DiffSettings.resolve(None) == DiffSettings()
    assert DiffSettings.resolve({"rename_threshold": 90}).rename_threshold == 90
    with pytest.raises(ValueError, match="unknown setting"):
        DiffSettings.resolve({"threshold": 1})
    with pytest.raises(ValueError, match="rename_threshold"):
        DiffSettings(rename_threshold=120)


def test_rename_threshold_controls_pairing() -> None:
    before = [tc27("program", "2.17.03", "PROGRAM A"),
              tc27("kegiatan", "2.17.03.2.01", "Pemeriksaan dan Pengawasan Koperasi")]
    after = [tc27("program", "2.17.03", "PROGRAM A"),
             tc27("kegiatan", "2.17.03.2.02", "Pemeriksaan Pengawasan Koperasi")]
    loose = compare(doc(table("TC.27", before)), doc(table("TC.27", after)))
    strict = compare(doc(table("TC.27", before)), doc(table("TC.27", after)), {"rename_threshold": 99})
    assert {d.kind for d in loose.differences} == {"code_changed", "renamed"}
    assert sorted(d.kind for d in strict.differences) == ["added", "removed"]


def test_rows_without_a_label_pair_by_their_cells() -> None:
    """Rows that only keep cells under 'extra' (a header nobody typed) pair when they print the same, line breaks
    and bullets aside; they were 'removed' and 'added' before."""
    before = [{"extra": {"column 1": "Tujuan", "column 2": "Sasaran"}, "page": None},
              {"extra": {"column 1": "1. Terwujudnya Pelayanan Prima"}, "page": None}]
    after = [{"extra": {"column 1": "Tujuan", "column 2": "Sasaran"}, "page": 64},
             {"extra": {"column 1": "1. Terwujudnya\nPelayanan Prima"}, "page": 64}]
    assert pair_rows("TC.25", before, after) == [(0, 0), (1, 1)]
    changed = [{"extra": {"column 1": "Misi 4"}, "page": 1}]
    assert pair_rows("TC.25", before[:1], changed) == [(0, None), (None, 0)]
