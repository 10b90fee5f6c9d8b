"""The review page: every flagged value and finding with the crop of its page (PDF) or its row's text (DOCX)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLE_DOCX, SAMPLE_PDF, extracted, realdoc

from extractor.cli import main
from extractor.review import review_html, review_items


def test_every_flag_and_finding_is_an_item_with_its_page_crop(tmp_path: Path) -> None:
    result = extracted(SAMPLE_PDF)
    items = review_items(result)  # type: ignore[arg-type]
    flags = sum(len(r.flags) for t in result.tables for r in t.rows)  # type: ignore[attr-defined]
    assert len(items) == flags + len(result.findings)  # type: ignore[attr-defined]
    assert len(result.findings) == 38  # type: ignore[attr-defined]  # the audit's list (tests/test_audit.py)
    page = review_html(result, SAMPLE_PDF)  # type: ignore[arg-type]
    assert page.count('<img class="crop"') == len(items)  # each one shown on its page
    assert 'src="http' not in page and "<script" not in page  # self-contained
    # a finding: kegiatan 2.17.03.2.01 printed 70,000,000 in 2024 while its sub-kegiatan add up to 140,000,000
    finding = next(i for i in items if i.what == "finding" and i.row.data.get("code") == "2.17.03.2.01"
                   and i.field == "2024.rp")
    assert finding.row.raw["2024.rp"] == "70,000,000" and finding.row.page == 31  # pdftotext -f 31
    assert finding.row.boxes["2024.rp"][0] > finding.row.boxes["name"][2]  # the Rp cell is right of the name


def test_docx_shows_the_row_text_instead(tmp_path: Path) -> None:
    page = review_html(extracted(SAMPLE_DOCX), SAMPLE_DOCX)  # type: ignore[arg-type]
    assert "<img" not in page and page.count('<pre class="rowtext">') >= 38
    assert "70,000,000" in page


def test_positions_are_in_the_json_of_a_pdf_and_absent_for_docx() -> None:
    pdf_rows = [r.to_dict() for t in extracted(SAMPLE_PDF).tables_of("TC.27") for r in t.rows]  # type: ignore
    docx_rows = [r.to_dict() for t in extracted(SAMPLE_DOCX).tables_of("TC.27") for r in t.rows]  # type: ignore
    assert all("name" in r["boxes"] for r in pdf_rows if r["name"])
    assert not any("boxes" in r for r in docx_rows)


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(_chromium() is None, reason="chromium not installed (.ci/run installs it)")
def test_review_page_loads_offline_in_headless_chromium(tmp_path: Path) -> None:
    from PIL import Image

    res = CliRunner().invoke(main, ["extract", str(SAMPLE_PDF), "-o", str(tmp_path), "--review", "-q"])
    assert res.exit_code == 0, res.output
    page = tmp_path / f"{SAMPLE_PDF.stem}.review.html"
    browser = _chromium()
    assert browser
    base = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(base + ["--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=180).stdout
    assert len(re.findall(r'<img class="crop"[^>]*src="data:image/png;base64,', dom)) >= 38
    shot = tmp_path / "shot.png"
    subprocess.run(base + [f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri()], capture_output=True,
                   timeout=180, check=False)
    image = Image.open(shot).convert("L")
    dark = sum(image.histogram()[:200]) / (image.width * image.height)
    assert image.getextrema()[0] < 100 and dark > 0.01


def test_review_of_a_real_document(tmp_path: Path) -> None:
    path = realdoc("banyuwangi_renstra_2025-2029_satpolpp.pdf")
    result = extracted(path)
    page = review_html(result, path)  # type: ignore[arg-type]
    items = review_items(result)  # type: ignore[arg-type]
    with_box = [i for i in items if i.row.page and i.row.boxes]
    assert with_box and page.count('<img class="crop"') == min(len(with_box), 400)
