"""Scanned PDFs: only the pages without a text layer are OCRed; TC.27 read from the scanned sample, every doubt
flagged. The scanned sample is made by samples/make_scanned.py (cover with its text layer + 6 image pages)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from conftest import REALDOCS, SAMPLE_PDF, SAMPLES, extracted, truth_rows

from extractor.errors import FLAG_CODES, InputError
from extractor.readers import ocr

SCANNED = SAMPLES / "renstra_dinkop_magetan_2024-2026_scanned.pdf"
needs_tesseract = pytest.mark.skipif(
    ocr.find_tesseract() is None or "ind" not in ocr.tesseract_languages(),
    reason="tesseract-ocr with tesseract-ocr-ind not installed")
DOUBT = {"ocr-low-confidence", "unparsed-number", "unparsed-code"}
RP_FIELDS = {"rp_2024": "2024.rp", "rp_2025": "2025.rp", "rp_2026": "2026.rp", "rp_akhir": "rp_akhir"}


def _value(row, key: str):
    if "." in key:
        year, field = key.split(".")
        return row.years.get(int(year), {}).get(field)
    return row.data.get(key)


def _doubted(row, key: str) -> bool:
    return any(f.code in DOUBT and f.field == key for f in row.flags)


def test_flag_codes_exist() -> None:
    assert {"ocr", "ocr-low-confidence"} <= set(FLAG_CODES)


def test_only_scanned_pages_need_ocr() -> None:
    assert ocr.pages_needing_ocr(SCANNED) == [2, 3, 4, 5, 6, 7]  # page 1 keeps its text layer
    assert ocr.pages_needing_ocr(SAMPLE_PDF) == []


@pytest.mark.realdocs
@pytest.mark.parametrize("name", ["banyuwangi_renstra_2025-2029_kec-banyuwangi.pdf",
                                  "banyuwangi_renstra_2025-2029_satpolpp.pdf", "cianjur_dkp_renja_2016.pdf",
                                  "cianjur_dkp_renstra_2011-2016.pdf"])
def test_real_documents_are_never_sent_to_ocr(name: str) -> None:
    path = REALDOCS / name
    if not path.exists():
        pytest.skip(f"{path} not present")
    assert ocr.pages_needing_ocr(path) == []  # the Cianjur Renja's scanned photo cover is no table page


def test_find_rules_keeps_text() -> None:
    img = np.full((300, 600), 255, dtype=np.uint8)
    img[50:52, 20:580] = 90  # two horizontal rules
    img[250:252, 20:580] = 90
    img[50:252, 20:22] = 90  # vertical rules between them
    img[50:252, 300:302] = 90
    img[100:121, 60:64] = 40  # a letter's stem, 21 px
    img[140:160, 60:200:6] = 40  # a row of letters
    horizontal, vertical = ocr.find_rules(img)
    assert sorted(round(h[0]) for h in horizontal) == [50, 250]
    assert sorted(round(v[0]) for v in vertical) == [20, 300]
    clean = ocr._paint_out(img, horizontal, vertical)
    assert clean[50, 200] == 255 and clean[150, 300] == 255
    assert clean[110, 61] == 40 and clean[150, 60] == 40


@pytest.mark.parametrize("word, read", [("O1", "01"), ("2.O1", "2.01"), ("1O,000", "10,000"), ("DINKOP", "DINKOP"),
                                        ("Ol", "Ol"), ("12", "12")])
def test_digit_lookalikes(word: str, read: str) -> None:
    assert ocr._digits_in_context(word) == read


def test_missing_tesseract_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor.readers import read_document

    monkeypatch.setattr(ocr, "find_tesseract", lambda: None)
    with pytest.raises(InputError, match="apt-get install tesseract-ocr tesseract-ocr-ind"):
        read_document(SCANNED)


@pytest.fixture(scope="module")
def scanned() -> object:
    if ocr.find_tesseract() is None or "ind" not in ocr.tesseract_languages():
        pytest.skip("tesseract-ocr with tesseract-ocr-ind not installed")
    return extracted(SCANNED)


@needs_tesseract
def test_tc27_rows_and_codes(scanned) -> None:
    tables = scanned.tables_of("TC.27")
    assert len(tables) == 1
    rows = tables[0].rows
    assert len(rows) == 74
    truth = truth_rows("tc27.csv")
    right = sum(1 for t, r in zip(truth, rows) if r.data["code"] == t["code"])
    assert right >= 72, f"only {right}/74 codes read exactly"
    for t, r in zip(truth, rows):
        if r.data["code"] != t["code"]:
            assert _doubted(r, "code"), (t["code"], r.data["code_raw"])


@needs_tesseract
def test_rp_amounts(scanned) -> None:
    """At least 95% of the Rp cells exactly right; every wrong one flagged as doubtful (not only 'ocr')."""
    truth = truth_rows("tc27.csv")
    rows = scanned.tables_of("TC.27")[0].rows
    right = wrong = 0
    for t, r in zip(truth, rows):
        for column, key in RP_FIELDS.items():
            printed = t[column]
            expected = int(printed.replace(",", "")) if printed else None
            if expected is None and _value(r, key) is None:
                continue
            if _value(r, key) == expected:
                right += 1
            else:
                wrong += 1
                assert _doubted(r, key), (t["code"], key, r.raw.get(key))
    assert right / (right + wrong) >= 0.95, (right, wrong)


@needs_tesseract
def test_every_value_from_a_scanned_page_is_flagged_ocr(scanned) -> None:
    rows = scanned.tables_of("TC.27")[0].rows
    for r in rows:
        flagged = {f.field for f in r.flags if f.code == "ocr"}
        assert set(r.raw) <= flagged
        assert "code" in flagged and "name" in flagged


@needs_tesseract
def test_context_and_report(scanned) -> None:
    table = scanned.tables_of("TC.27")[0]
    assert table.how_found == "caption" and re.search(r"TC\.?\s*27", table.caption or "")
    assert table.pages == [3, 4, 5, 6, 7]
    assert scanned.document.format == "pdf" and scanned.document.pages == 7


@needs_tesseract
def test_skewed_page_is_straightened(tmp_path: Path) -> None:
    report = ocr.ocr_pdf(SCANNED, tmp_path / "out.pdf", pages=[5])  # page 31 of the original, turned 1.5 deg
    assert abs(report.skew[5] + 1.5) <= 0.2
    assert any(w.text == "DINKOP" for w in report.words[5])
