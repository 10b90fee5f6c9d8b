"""The outputs of `extract`: the JSON contract (validated against its schema), the CSVs, DataFrames, atomicity."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import pytest
from conftest import NOMENCLATURE, SAMPLE_DOCX, SAMPLE_PDF, extracted

from extractor.errors import OutputError
from extractor.output import SCHEMA_PATH, result_to_dict, safe_cell, write_atomic, write_outputs
from extractor.pipeline import extract

SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.mark.parametrize("sample", [SAMPLE_DOCX, SAMPLE_PDF], ids=["docx", "pdf"])
def test_json_matches_schema(sample: Path) -> None:
    doc = result_to_dict(extracted(sample))
    jsonschema.validate(doc, SCHEMA)
    assert doc["document"]["format"] == sample.suffix[1:]
    tc27 = next(t for t in doc["tables"] if t["kind"] == "TC.27")
    row = next(r for r in tc27["rows"] if r["code"] == "2.17.01.2.02.0001")
    assert row["years"]["2024"] == {"target": 294, "rp": 2_323_889_939}
    assert row["raw"]["2024.rp"] == "2,323,889,939" and row["target_akhir"] == 1122


def test_json_with_matching_matches_schema() -> None:
    nom = NOMENCLATURE / "nomenklatur-2023.csv"
    if not nom.exists():
        pytest.skip(f"{nom} not present")
    doc = result_to_dict(extract(SAMPLE_DOCX, nomenclature=nom))
    jsonschema.validate(doc, SCHEMA)
    assert doc["matching"]["status"] == "done"
    statuses = {r["match_status"] for t in doc["tables"] if t["kind"] == "TC.27" for r in t["rows"]}
    assert "exact" in statuses and None not in statuses


def test_written_files(tmp_path: Path) -> None:
    written = write_outputs(extracted(SAMPLE_DOCX), tmp_path)
    names = sorted(p.name for p in written)
    stem = SAMPLE_DOCX.stem
    assert f"{stem}.json" in names and f"{stem}.tc27.csv" in names and f"{stem}.findings.csv" in names
    raw = (tmp_path / f"{stem}.tc27.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM so that Excel reads the characters right"
    with (tmp_path / f"{stem}.tc27.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 74
    assert {"target_2024", "rp_2024", "target_2026", "rp_2026", "target_akhir", "rp_akhir"} <= set(rows[0])
    bidang = next(r for r in rows if r["code"] == "2.17")
    assert bidang["rp_2025"] == "5299889939" and bidang["level"] == "bidang_urusan"
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file left behind"


def test_dataframe_api() -> None:
    table = extracted(SAMPLE_DOCX).tables_of("TC.27")[0]
    frame = table.to_dataframe()
    assert len(frame) == 74
    program = frame[frame["code"] == "2.17.04"].iloc[0]
    assert program["rp_2024"] == 550_000_000 and program["name"] == "PROGRAM PENILAIAN KESEHATAN KSP/USP KOPERASI"


@pytest.mark.parametrize("value, safe", [
    ("=1+1", "'=1+1"), ("@SUM(A1)", "'@SUM(A1)"), ("+62 812", "'+62 812"), ("-x", "'-x"),
    ("-", "-"), ("-1.000", "-1.000"), ("80.1", "80.1"), (1122, 1122), ("DINKOP", "DINKOP"),
])
def test_formula_safety(value: object, safe: object) -> None:
    assert safe_cell(value) == safe


def test_atomic_write_keeps_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")

    with pytest.raises(TypeError):
        write_atomic(target, 123)  # type: ignore[arg-type]  # a failure in the middle of writing
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_unwritable_output_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot write"):
        write_outputs(extracted(SAMPLE_DOCX), blocker / "out")
