"""The `renstra` command line: a thin layer over the library; bad input is one line, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import NOMENCLATURE, SAMPLE_DOCX

from extractor.cli import main


def run(*args: str, env: dict[str, str] | None = None) -> object:
    return CliRunner().invoke(main, list(args), env=env)


def test_extract_sample(tmp_path: Path) -> None:
    """No flag: the rows are matched against the bundled list that fits (the sample prints 2023-era codes)."""
    result = run("extract", str(SAMPLE_DOCX), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "TC.27: 74 rows" in result.output
    assert "finding(s)" in result.output and "matching" not in result.output.split("note:")[0]
    assert "matching: 2023-kabkota (chosen: kab/kota" in result.output and "exact " in result.output
    doc = json.loads((tmp_path / f"{SAMPLE_DOCX.stem}.json").read_text(encoding="utf-8"))
    assert doc["matching"]["status"] == "done" and doc["matching"]["list"] == "2023-kabkota"
    tc27 = next(t for t in doc["tables"] if t["kind"] == "TC.27")
    assert all(r["match_status"] for r in tc27["rows"] if r["level"] != "indicator")
    assert (tmp_path / f"{SAMPLE_DOCX.stem}.matches.csv").exists()


def test_extract_nomenclature_none_skips_matching(tmp_path: Path) -> None:
    result = run("extract", str(SAMPLE_DOCX), "-o", str(tmp_path), "--nomenclature", "none", "--kind", "TC.27")
    assert result.exit_code == 0, result.output
    assert "matching skipped" in result.output
    doc = json.loads((tmp_path / f"{SAMPLE_DOCX.stem}.json").read_text(encoding="utf-8"))
    assert doc["matching"]["status"] == "skipped" and "--nomenclature none" in doc["matching"]["message"]
    assert "matching-skipped" in {n["code"] for n in doc["notes"]}
    assert not any("match_status" in r for t in doc["tables"] for r in t["rows"])
    assert not (tmp_path / f"{SAMPLE_DOCX.stem}.matches.csv").exists()


def test_extract_strict_exits_2_on_flags(tmp_path: Path) -> None:
    result = run("extract", str(SAMPLE_DOCX), "-o", str(tmp_path), "--strict", "--kind", "TC.27")
    assert result.exit_code == 2


def test_extract_with_nomenclature(tmp_path: Path) -> None:
    nom = NOMENCLATURE / "nomenklatur-2023.csv"
    if not nom.exists():
        pytest.skip(f"{nom} not present")
    result = run("extract", str(SAMPLE_DOCX), "-o", str(tmp_path), "--nomenclature", str(nom), "--kind", "TC.27")
    assert result.exit_code == 0, result.output
    matches = (tmp_path / f"{SAMPLE_DOCX.stem}.matches.csv").read_text(encoding="utf-8-sig")
    assert "2.17.03.2.01.0003" in matches and "name_variant" in matches  # the "Pengutan" typo row


@pytest.mark.parametrize("name, content, reason", [
    ("empty.pdf", b"", "empty"),
    ("notes.txt", b"hello", "unsupported file type"),
    ("random.pdf", b"\x00\x01garbage" * 100, "PDF"),
    ("fake.docx", b"this is not a zip", "not a DOCX"),
])
def test_bad_input_one_line(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    out = tmp_path / "out"
    result = run("extract", str(path), "-o", str(out))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and name in lines[0] and reason in lines[0]
    assert "Traceback" not in result.output
    assert not out.exists(), "nothing written for a document that could not be read"


def test_missing_file() -> None:
    result = run("extract", "no/such/file.pdf", "-o", "x")
    assert result.exit_code == 1 and "no such file" in result.output


def test_tables_debug_dump() -> None:
    result = run("tables", str(SAMPLE_DOCX))
    assert result.exit_code == 0
    assert "kind=TC.27 how=caption" in result.output


def test_nomenclature_import_and_list(tmp_path: Path) -> None:
    nom = NOMENCLATURE / "nomenklatur-2023.csv"
    if not nom.exists():
        pytest.skip(f"{nom} not present")
    env = {"RENSTRA_DATA_DIR": str(tmp_path)}
    assert "no nomenclature stored" in run("nomenclature", "list", env=env).output
    result = run("nomenclature", "import", str(nom), "--name", "kepmendagri-2023", env=env)
    assert result.exit_code == 0, result.output
    assert "kepmendagri-2023" in run("nomenclature", "list", env=env).output
    out = tmp_path / "out"
    result = run("extract", str(SAMPLE_DOCX), "-o", str(out), "--nomenclature", "kepmendagri-2023", "--kind",
                 "TC.27", env=env)
    assert result.exit_code == 0, result.output


def test_bad_nomenclature_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("hello,world\n1,2\n", encoding="utf-8")
    result = run("extract", str(SAMPLE_DOCX), "-o", str(tmp_path / "o"), "--nomenclature", str(bad))
    assert result.exit_code == 1 and result.output.startswith("Error: ") and "bad.csv" in result.output


def test_version_and_help() -> None:
    assert run("--version").output.startswith("renstra, version")
    help_text = run("--help").output
    for command in ("extract", "tables", "nomenclature", "diff", "batch", "load"):
        assert command in help_text


def test_python_dash_m() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "extractor", "--version"], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0 and done.stdout.startswith("renstra, version")


def _docx_without_renstra_table(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("Rencana Strategis Dinas Contoh 2025-2029: pendahuluan tanpa tabel rencana.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Nama Pegawai", "Jabatan"
    table.cell(1, 0).text, table.cell(1, 1).text = "Budi", "Kepala Seksi"
    document.save(str(path))
    return path


def test_extract_without_any_renstra_table_warns_and_strict_exits_2(tmp_path: Path) -> None:
    """A document with no TC table is never an empty silent success: a warning (even with -q) and a note."""
    doc = _docx_without_renstra_table(tmp_path / "tanpa_tabel.docx")
    quiet = run("extract", str(doc), "-o", str(tmp_path / "out"), "-q")
    assert quiet.exit_code == 0, quiet.output
    assert "warning: no Renstra table was found in the document (1 table(s)" in quiet.output
    written = json.loads((tmp_path / "out" / "tanpa_tabel.json").read_text(encoding="utf-8"))
    assert written["tables"] == [] and [n["code"] for n in written["notes"]] == ["table-not-found"]
    assert run("extract", str(doc), "-o", str(tmp_path / "strict"), "--strict").exit_code == 2


def test_extract_kind_asked_for_and_missing_is_named(tmp_path: Path) -> None:
    """Kinds asked for and found give no warning; asked for in a document without any, the note says which."""
    found = run("extract", str(SAMPLE_DOCX), "-o", str(tmp_path / "a"), "--kind", "TC.27", "--kind", "TC.24", "-q")
    assert found.exit_code == 0 and "warning" not in found.output
    doc = _docx_without_renstra_table(tmp_path / "tanpa_tabel.docx")
    missing = run("extract", str(doc), "-o", str(tmp_path / "b"), "--kind", "TC.24", "-q")
    assert "warning: no Renstra table of the kind(s) asked for (TC.24) was found" in missing.output


def test_output_closed_by_its_reader_is_no_error() -> None:
    """``renstra tables FILE | head -1``: the reader closes the pipe. The command stops quietly with the status of
    a program ended by SIGPIPE; before, it said 'internal error (BrokenPipeError)', our defect. (The pipe's reading
    end is closed before the command starts, so that its first write fails whatever the timing.)"""
    import os
    import subprocess
    import sys

    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([sys.executable, "-m", "extractor", "tables", str(SAMPLE_DOCX)], stdout=write_end,
                              stderr=subprocess.PIPE, cwd=Path(__file__).resolve().parents[1], timeout=120)
    finally:
        os.close(write_end)
    assert done.returncode == 141, done.stderr
    assert done.stderr == b""
