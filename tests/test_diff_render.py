"""The renderers of one DiffResult: JSON (against its schema), CSV, Markdown, HTML (also in headless Chromium), XLSX."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from extractor.diff import DiffResult, compare
from extractor.diff_render import (
    CSV_COLUMNS,
    FILE_NAMES,
    diff_to_csv,
    diff_to_html,
    diff_to_json,
    diff_to_markdown,
    resolve_formats,
    write_diff,
    write_xlsx,
)

SCHEMA = Path(__file__).resolve().parent.parent / "extractor" / "schema" / "diff.schema.json"
EVIL = '=HYPERLINK("http://x","<script>alert(1)</script>")'


def row(level: str, code: str, name: str, rp: tuple[Any, Any], **extra: Any) -> dict[str, Any]:
    out = {"level": level, "code": code, "code_raw": code, "name": name, "indicator": extra.pop("indicator", ""),
           "unit": None, "baseline": extra.pop("baseline", None),
           "years": {"2024": {"target": 1, "rp": rp[0]}, "2025": {"target": 1, "rp": rp[1]}},
           "rp_akhir": None, "pd": extra.pop("pd", "DINKOP"), "page": extra.pop("page", 5), "flags": [], "raw": {}}
    out.update(extra)
    return out


def document(rows: list[dict[str, Any]], name: str, extra_tables: tuple[dict[str, Any], ...] = ()) -> dict[str, Any]:
    tables = [{"kind": "TC.27", "variant": None, "caption": "Tabel TC.27", "pages": [5], "years": [2024, 2025],
               "rows": rows}, *extra_tables]
    return {"document": {"file": name, "sha256": "0" * 64, "format": "docx", "pages": None}, "tables": tables}


@pytest.fixture(scope="module")
def result() -> DiffResult:
    """Every kind of difference once, a cause, a table only before, and a name a spreadsheet would run."""
    before = [
        row("program", "2.17.03", "PROGRAM PENGAWASAN KOPERASI", (100, 200)),
        row("kegiatan", "2.17.03.2.01", "Pemeriksaan dan Pengawasan Koperasi", (100, 200)),
        row("sub_kegiatan", "2.17.03.2.01.0001", "Pemeriksaan Koperasi Simpan Pinjam", (60, 120)),
        row("sub_kegiatan", "2.17.03.2.01.0002", "Penilaian Kesehatan Koperasi Simpan Pinjam", (40, 80)),
        row("sub_kegiatan", "2.17.03.2.01.0003", "Pengawasan Koperasi Lama", (0, 0)),
        row("sub_kegiatan", "2.17.03.2.01.0004", "Pembinaan Pengawas Koperasi", (0, 0)),
    ]
    after = [
        row("program", "2.17.03", "Program Pengawasan  Koperasi", (100, 230)),  # cosmetic name, rp +30
        row("kegiatan", "2.17.03.2.01", "Pemeriksaan dan Pengawasan Koperasi", (100, 230)),  # rp +30: caused
        row("sub_kegiatan", "2.17.03.2.01.0001", "Pemeriksaan Koperasi Simpan Pinjam", (60, 150)),  # rp +30
        row("sub_kegiatan", "2.17.03.2.01.0002", EVIL, (40, 80)),  # renamed
        row("sub_kegiatan", "2.17.03.2.01.0005", "Pembinaan Pengawas Koperasi", (0, 0), pd="BAPPEDA"),  # renumbered
        row("sub_kegiatan", "2.17.03.2.01.0006", "Sosialisasi Pengawasan Koperasi Baru", (0, 0), page=6),  # added
    ]
    tc28 = {"kind": "TC.28", "variant": None, "caption": None, "pages": [9], "years": [], "rows": []}
    return compare(document(before, "sebelum.docx", (tc28,)), document(after, "sesudah.pdf"))


def test_fixture_has_every_kind(result: DiffResult) -> None:
    kinds = {d.kind for d in result.differences} | {d.kind for d in result.cosmetic}
    assert kinds == {"added", "removed", "renamed", "code_changed", "value_changed", "text_changed", "cosmetic"}
    assert result.tables_removed == ["TC.28"]


def test_json_validates_against_the_schema(result: DiffResult, tmp_path: Path) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    data = json.loads(diff_to_json(result))
    validator.validate(data)
    empty = compare(document([], "a.json"), document([], "b.json"))
    validator.validate(json.loads(diff_to_json(empty)))
    data["differences"][0]["kind"] = "moved"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(data)


def test_csv_one_line_per_difference_with_bom_and_safe_cells(result: DiffResult, tmp_path: Path) -> None:
    (path,) = write_diff(result, tmp_path, "csv")
    raw = path.read_bytes()
    assert path.name == "differences.csv" and raw.startswith(b"\xef\xbb\xbf")
    records = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(records[0]) == CSV_COLUMNS
    assert len(records) == len(result.differences) + len(result.cosmetic)
    renamed = next(r for r in records if r["kind"] == "renamed")
    assert renamed["after"] == "'" + EVIL and renamed["key"] == "2.17.03.2.01.0002"
    value = next(r for r in records if r["kind"] == "value_changed" and r["key"] == "2.17.03.2.01")
    assert (value["field"], value["year"], value["before"], value["after"]) == ("rp", "2025", "200", "230")
    assert value["caused_by"] == "2.17.03.2.01.0001"
    assert (value["page_before"], value["page_after"]) == ("5", "5")
    assert diff_to_csv(result) == raw.decode("utf-8-sig")


def test_markdown_counts_then_list(result: DiffResult) -> None:
    md = diff_to_markdown(result)
    assert md.startswith("# Discrepancy report")
    assert "| value_changed | 3 |" in md and "| TC.27 | " in md
    assert md.index("## Changes by kind") < md.index("## Differences") < md.index("## Cosmetic")
    assert "2.17.03.2.01.0001" in md and "Only before" not in md
    assert "only before: TC.28" in md
    assert "\\|" not in md.split("## Differences")[0]


def test_html_is_self_contained_and_escaped(result: DiffResult) -> None:
    page = diff_to_html(result)
    assert page.startswith("<!DOCTYPE html>")
    for external in ("<link", " src=", "@import", "url("):
        assert external not in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count('<tr class="diff"') == len(result.differences) + len(result.cosmetic)
    for kind in ("added", "removed", "renamed", "code_changed", "value_changed", "text_changed", "cosmetic"):
        assert f'data-kind="{kind}"' in page
    assert 'class="b chg"' in page and 'class="a chg"' in page


def test_xlsx_highlights_changed_cells_and_is_formula_safe(result: DiffResult, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_xlsx(result, tmp_path / "diff.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Summary", "Differences", "TC.27"]
    ws = wb["Differences"]
    header = [c.value for c in ws[1]]
    assert header == CSV_COLUMNS
    assert ws.max_row == 1 + len(result.differences) + len(result.cosmetic)
    table = wb["TC.27"]
    head = [c.value for c in table[1]]
    rows = {r[0].value: r for r in table.iter_rows(min_row=2)}
    rp_2025 = head.index("rp_2025 (before)")
    changed = rows["2.17.03.2.01"]
    assert (changed[rp_2025].value, changed[rp_2025 + 1].value) == (200, 230)
    assert changed[rp_2025].fill.fill_type == "solid" and changed[rp_2025 + 1].fill.fill_type == "solid"
    assert changed[head.index("baseline (before)")].fill.fill_type is None
    assert rows["2.17.03.2.01.0006"][1].value == "added"
    name_after = rows["2.17.03.2.01.0002"][head.index("name (after)")]
    assert name_after.value == "'" + EVIL and name_after.data_type == "s"
    assert not list(tmp_path.glob(".*.tmp"))


def test_write_diff_all_formats_atomically(result: DiffResult, tmp_path: Path) -> None:
    out = tmp_path / "new" / "folder"
    written = write_diff(result, out)
    assert sorted(p.name for p in written) == sorted(FILE_NAMES.values())
    assert sorted(p.name for p in out.iterdir()) == sorted(FILE_NAMES.values())  # no temporary files left
    assert resolve_formats(["md", "md", "json"]) == ["md", "json"]
    with pytest.raises(ValueError, match="unknown format"):
        resolve_formats("pdf")


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _chromium_run(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    browser = _chromium()
    assert browser
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
           "--enable-logging=stderr", "--v=0", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)


@pytest.mark.skipif(_chromium() is None, reason="chromium not installed (apt-get install chromium; .ci/run does)")
def test_html_opens_in_headless_chromium(result: DiffResult, tmp_path: Path) -> None:
    from PIL import Image

    (page,) = write_diff(result, tmp_path / "out", "html")
    url = page.resolve().as_uri()
    dumped = _chromium_run(["--dump-dom", url], tmp_path / "profile1")
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    dom = dumped.stdout
    assert 'data-ready="yes"' in dom  # the inline script ran to its end
    assert "Uncaught" not in dumped.stderr and "CONSOLE" not in dumped.stderr
    assert dom.count('<tr class="diff"') == len(result.differences) + len(result.cosmetic)
    assert "2.17.03.2.01.0006" in dom and "Sosialisasi Pengawasan Koperasi Baru" in dom
    assert 'button type="button" data-kind="all" class="active"' in dom
    shot = tmp_path / "shot.png"
    taken = _chromium_run([f"--screenshot={shot}", "--window-size=1280,1400", url], tmp_path / "profile2")
    assert taken.returncode == 0 and shot.exists(), taken.stderr[-2000:]
    image = Image.open(shot).convert("L")
    histogram = image.histogram()
    dark = sum(histogram[:200]) / (image.width * image.height)
    assert image.getextrema()[0] < 100 and dark > 0.01  # text and coloured cells, not a blank page


def test_xlsx_writes_a_rows_extra_cells(tmp_path: Path) -> None:
    """A row's 'extra' (cells under header columns nobody typed) is a dict: the workbook writes it as text."""
    from openpyxl import load_workbook

    before = [row("program", "2.17.03", "PROGRAM A", (100, 200), extra={"2012": "4.091.540.934"})]
    after = [row("program", "2.17.03", "PROGRAM A", (100, 250), extra={"2012": "4.091.540.935"})]
    path = write_xlsx(compare(document(before, "a.docx"), document(after, "b.pdf")), tmp_path / "d.xlsx")
    values = [c for ws in load_workbook(path) for r in ws.iter_rows(values_only=True) for c in r]
    assert "2012: 4.091.540.934" in values and "2012: 4.091.540.935" in values
