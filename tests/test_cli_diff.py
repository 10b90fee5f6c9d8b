"""`renstra diff` as a user sees it: exit codes, the printed counts, the files written, one-line errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from extractor.cli import main
from extractor.diff_render import FILE_NAMES

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _row(code: str, name: str, rp: int, level: str = "sub_kegiatan") -> dict[str, Any]:
    return {"level": level, "code": code, "name": name, "years": {"2024": {"target": 1, "rp": rp}}, "page": 3,
            "flags": [], "raw": {}}


def _write(path: Path, tables: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps({"document": {"file": path.name, "sha256": "", "format": "json", "pages": None},
                                "tables": tables}), encoding="utf-8")
    return path


def _tc27(*rows: dict[str, Any], variant: str | None = None) -> dict[str, Any]:
    return {"kind": "TC.27", "variant": variant, "caption": None, "pages": [3], "years": [2024], "rows": list(rows)}


@pytest.fixture()
def pair(tmp_path: Path) -> tuple[Path, Path]:
    before = _write(tmp_path / "before.json", [_tc27(_row("2.17.03.2.01.0001", "Pemeriksaan Koperasi", 10),
                                                     _row("2.17.03.2.01.0002", "Penilaian Koperasi", 20))])
    after = _write(tmp_path / "after.json", [_tc27(_row("2.17.03.2.01.0001", "Pemeriksaan Koperasi", 15),
                                                   _row("2.17.03.2.01.0003", "Pelatihan Pengawas", 5))])
    return before, after


def test_diff_two_json_documents(pair: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = CliRunner().invoke(main, ["diff", str(pair[0]), str(pair[1]), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "3 change(s) in 1 table(s): added 1, removed 1, value_changed 1; 0 cosmetic"
    assert "  TC.27: 3" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == sorted(FILE_NAMES.values())
    report = json.loads((out / "diff.json").read_text(encoding="utf-8"))
    assert report["mode"] == "documents" and report["summary"]["total"] == 3


def test_diff_chosen_formats_only(pair: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = CliRunner().invoke(main, ["diff", str(pair[0]), str(pair[1]), "-o", str(out), "--format", "csv",
                                       "--format", "md"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["diff.md", "differences.csv"]


def test_diff_one_document_compares_its_variants(tmp_path: Path) -> None:
    doc = _write(tmp_path / "perubahan.json", [
        _tc27(_row("2.17.03.2.01.0001", "Pemeriksaan Koperasi", 10), variant="sebelum"),
        _tc27(_row("2.17.03.2.01.0001", "Pemeriksaan Koperasi", 12), variant="sesudah"),
    ])
    result = CliRunner().invoke(main, ["diff", str(doc), "-o", str(tmp_path / "out"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "1 change(s) in 1 table(s): value_changed 1" in result.stdout
    assert "TC.27 (sebelum before, sesudah after): 1" in result.stdout
    assert json.loads((tmp_path / "out" / "diff.json").read_text(encoding="utf-8"))["mode"] == "variants"


@pytest.mark.parametrize(("setup", "message"), [
    ("no-variants", "no table is printed in both variants"),
    ("missing", "file not found"),
    ("bad-json", "not a readable JSON file"),
    ("not-a-result", "not an extract result"),
    ("bad-threshold", "rename_threshold must be between 0 and 100"),
])
def test_diff_errors_are_one_line_and_exit_1(pair: tuple[Path, Path], tmp_path: Path, setup: str,
                                             message: str) -> None:
    args = [str(pair[0])]
    if setup == "missing":
        args = [str(pair[0]), str(tmp_path / "nowhere.json")]
    elif setup == "bad-json":
        (tmp_path / "bad.json").write_text("{", encoding="utf-8")
        args = [str(tmp_path / "bad.json"), str(pair[1])]
    elif setup == "not-a-result":
        (tmp_path / "list.json").write_text("[1, 2]", encoding="utf-8")
        args = [str(pair[0]), str(tmp_path / "list.json")]
    elif setup == "bad-threshold":
        args = [str(pair[0]), str(pair[1]), "--rename-threshold", "150"]
    result = CliRunner().invoke(main, ["diff", *args, "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_diff_unknown_format_is_a_usage_error(pair: tuple[Path, Path], tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["diff", str(pair[0]), str(pair[1]), "-o", str(tmp_path), "--format", "pdf"])
    assert result.exit_code == 2 and "Invalid value for '--format'" in result.output


def test_diff_is_documented() -> None:
    assert "diff" in CliRunner().invoke(main, ["--help"]).output
    text = CliRunner().invoke(main, ["diff", "--help"]).output
    for word in ("BEFORE", "AFTER", "--output", "--format", "Sebelum", "renstra extract"):
        assert word in text


@pytest.mark.slow
def test_diff_docx_before_against_pdf_after_and_html_in_chromium(tmp_path: Path) -> None:
    before = SAMPLES / "renstra_dinkop_magetan_2024-2026_sebelum.docx"
    after = SAMPLES / "renstra_dinkop_magetan_2024-2026.pdf"
    if not before.exists() or not after.exists():
        pytest.skip("the sebelum / sesudah samples are not built yet (python samples/make_samples.py)")
    out = tmp_path / "report"
    result = CliRunner().invoke(main, ["diff", str(before), str(after), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "TC.27: 19" in result.stdout  # the documented TC.27 changes of samples/sebelum_changes.json
    report = json.loads((out / "diff.json").read_text(encoding="utf-8"))
    assert (report["before"]["format"], report["after"]["format"]) == ("docx", "pdf")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium not installed (apt-get install chromium; .ci/run does)")
    dom = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                          "--disable-component-update", "--disable-sync", "--no-first-run",
                          f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", (out / "diff.html").as_uri()],
                         capture_output=True, text=True, timeout=180, check=False).stdout
    assert 'data-ready="yes"' in dom
    for text in ("2.17.08.2.01.0006", "PROGRAM PENGEMBANGAN UMKM", "2.17.07.2.01.0012"):
        assert text in dom
