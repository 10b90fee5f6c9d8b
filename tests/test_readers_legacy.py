"""Word 97-2003 .doc and OpenDocument .odt: converted by LibreOffice, then read like the DOCX."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE_DOCX, SAMPLES, extracted

from extractor.errors import InputError
from extractor.readers import SUPPORTED_SUFFIXES, read_document
from extractor.readers import convert as convert_mod

needs_lo = pytest.mark.skipif(convert_mod.find_soffice() is None, reason="LibreOffice not installed")


def _legacy_module():
    spec = importlib.util.spec_from_file_location("make_legacy_samples", SAMPLES / "make_legacy_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.fixture(scope="module")
def legacy(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if convert_mod.find_soffice() is None:
        pytest.skip("LibreOffice not installed")
    return _legacy_module().make(tmp_path_factory.mktemp("legacy"), ("doc", "odt"))


def row_key(row) -> tuple:
    d = row.data
    years = tuple(sorted((y, tuple(sorted(v.items()))) for y, v in row.years.items()))
    return (d["level"], d["code"], d["code_raw"], d["name"], d["indicator"], d.get("unit"), d.get("baseline"),
            d.get("target_akhir"), d.get("rp_akhir"), d.get("pd"), d.get("tujuan"), d.get("sasaran"), years,
            tuple(sorted(row.raw.items())))


def test_suffixes_dispatched() -> None:
    assert {".doc", ".odt", ".xls", ".xlsx", ".ods"} <= set(SUPPORTED_SUFFIXES)


@needs_lo
@pytest.mark.parametrize("suffix", ["doc", "odt"])
def test_same_tc27_rows_as_docx(legacy: dict[str, Path], suffix: str) -> None:
    from extractor.pipeline import extract

    result = extract(legacy[suffix])
    assert result.document.format == suffix
    reference = extracted(SAMPLE_DOCX).tables_of("TC.27")[0].rows
    rows = result.tables_of("TC.27")[0].rows
    assert len(rows) == 74
    assert [row_key(r) for r in rows] == [row_key(r) for r in reference]
    assert [t.kind for t in result.tables] == [t.kind for t in extracted(SAMPLE_DOCX).tables]


@needs_lo
def test_raw_tables_name_the_original(legacy: dict[str, Path]) -> None:
    doc = read_document(legacy["doc"])
    assert doc.format == "doc" and doc.tables
    assert all(t.source == legacy["doc"].name for t in doc.tables)


def test_missing_libreoffice_says_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = tmp_path / "x.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0 not really a doc")
    monkeypatch.setattr(convert_mod, "find_soffice", lambda: None)
    with pytest.raises(InputError, match="apt-get install libreoffice-writer-nogui"):
        read_document(doc)


@needs_lo
def test_corrupt_doc_is_an_input_error(tmp_path: Path) -> None:
    doc = tmp_path / "broken.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(InputError, match="broken.doc"):
        read_document(doc)


@needs_lo
def test_parallel_conversions_do_not_collide(tmp_path: Path) -> None:
    """Each conversion has its own LibreOffice profile: two at once both succeed."""
    from concurrent.futures import ThreadPoolExecutor

    copies = []
    for i in range(2):
        p = tmp_path / f"copy{i}.docx"
        shutil.copyfile(SAMPLE_DOCX, p)
        copies.append(p)

    def convert(p: Path) -> int:
        out = convert_mod.convert_file(p, tmp_path / p.stem, "odt", "odt:writer8")
        return out.stat().st_size

    with ThreadPoolExecutor(2) as pool:
        sizes = list(pool.map(convert, copies))
    assert all(s > 1000 for s in sizes)


def test_doctor_names_install_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor import doctor
    from extractor.readers import ocr_tesseract

    monkeypatch.setattr(convert_mod, "find_soffice", lambda: None)
    monkeypatch.setattr(ocr_tesseract, "find_tesseract", lambda: None)
    items = doctor.checks()
    text = doctor.report(items)
    assert "[missing] LibreOffice" in text and "apt-get install libreoffice-writer-nogui" in text
    assert "apt-get install tesseract-ocr tesseract-ocr-ind" in text
    assert {c.name for c in doctor.missing_required(items)} >= {"LibreOffice (soffice)", "Tesseract OCR"}


def test_doctor_command() -> None:
    from click.testing import CliRunner

    from extractor.cli import main

    result = CliRunner().invoke(main, ["doctor"])
    assert result.exit_code == 0
    assert "LibreOffice" in result.output and "Tesseract" in result.output
