"""Issue 16: hostile inputs. Regression tests from each reduced case the fuzz campaign found, then the fixed
subset of the campaign itself (bench/fuzz.py --subset ci), each case a `python -m extractor` subprocess under a
memory cap and a time limit. Deselect the campaign locally with `-m "not fuzz"`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from badfiles import SAMPLE_DOCX, SAMPLE_PDF, docx_with

from extractor.errors import InputError, OutputError

REPO = Path(__file__).resolve().parents[1]
SAMPLE_XLSX = REPO / "samples" / "renstra_tc27_magetan.xlsx"
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _fuzz() -> Any:
    spec = importlib.util.spec_from_file_location("renstra_fuzz", REPO / "bench" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["renstra_fuzz"] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


fuzz = _fuzz()


def _case(case_id: str, folder: Path) -> Path:
    """The bytes of one campaign case, written under its file name in FOLDER."""
    case = next(c for c in fuzz.all_cases(include_real=False) if c.id == case_id)
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), case.name)))
    path.write_bytes(case.make(random.Random(f"{fuzz.DEFAULT_SEED}:{case_id}")))
    return path


def _cli(*args: str | bytes, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "extractor", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, errors="replace", timeout=300)


# ------------------------------------------------------------------------------------------------ DOCX


@pytest.mark.parametrize("case_id", ["docx-docx-entry-deflate", "docx-docx-entry-offset"])
def test_issue16_a_damaged_docx_zip_entry_is_refused_in_one_line(tmp_path: Path, case_id: str) -> None:
    from extractor.readers import read_document

    with pytest.raises(InputError, match=r"^doc\.docx: corrupt DOCX, a part of the zip cannot be read \(.+\)$"):
        read_document(_case(case_id, tmp_path))


@pytest.mark.parametrize("xml, says", [
    (f"<w:document {_W}><w:foo/></w:document>", "its word/document.xml has no w:body"),
    ("<html><body><table/></body></html>", "its word/document.xml has <html> as its root, not <w:document>"),
])
def test_issue16_a_document_xml_without_body_is_not_a_word_document(tmp_path: Path, xml: str, says: str) -> None:
    from extractor.readers import read_document

    path = docx_with(tmp_path / "odd.docx", xml.encode())
    with pytest.raises(InputError) as info:
        read_document(path)
    assert str(info.value) == f"odd.docx: not a Word document ({says})"


def _grid_table(grid_cols: int, rows: list[str]) -> bytes:
    grid = "".join("<w:gridCol/>" for _ in range(grid_cols))
    body = "".join(rows)
    return f"<w:document {_W}><w:body><w:tbl><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl></w:body></w:document>".encode()


def _tc(text: str, span: str | None = None) -> str:
    props = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span else ""
    return f"<w:tc>{props}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


@pytest.mark.parametrize("absurd", ["100000000000000000000", "2147483647", "1000000"])
def test_issue16_absurd_spans_are_bounded_by_the_tables_grid(tmp_path: Path, absurd: str) -> None:
    from extractor.readers.docx import read_docx

    rows = [
        "<w:tr>" + _tc("Kode", absurd) + "</w:tr>",
        f'<w:tr><w:trPr><w:gridBefore w:val="{absurd}"/></w:trPr>' + _tc("x") + "</w:tr>",
        "<w:tr>" + _tc("1") + _tc("2", absurd) + _tc("3") + "</w:tr>",
    ]
    start = time.perf_counter()
    (table,), _ = read_docx(docx_with(tmp_path / "span.docx", _grid_table(3, rows)))
    assert time.perf_counter() - start < 10
    assert table.n_cols == 3  # the w:tblGrid's three columns
    cells = {(c.row, c.col): (c.text, c.colspan) for c in table.cells}
    assert cells[(0, 0)] == ("Kode", 3)  # a span past the grid ends at the grid's edge, as Word draws it
    assert cells[(1, 2)] == ("x", 1)  # gridBefore leaves room for the row's one cell
    assert (cells[(2, 0)], cells[(2, 1)], cells[(2, 2)]) == (("1", 1), ("2", 1), ("3", 1))  # each keeps a column
    assert [row[:3] for row in table.grid(fill_merged=True)][0] == ["Kode"] * 3


# ------------------------------------------------------------------------------------------------ XLSX


def test_issue16_a_far_cell_in_its_own_row_reads_the_same_tables_quickly(tmp_path: Path) -> None:
    from extractor.readers.xlsx import read_workbook

    start = time.perf_counter()
    far = read_workbook(_case("xlsx-xlsx-far-cell-XFD1048576", tmp_path))
    assert time.perf_counter() - start < 30
    plain = read_workbook(SAMPLE_XLSX)
    assert [(t.n_rows, t.n_cols, t.cells) for t in far] == [(t.n_rows, t.n_cols, t.cells) for t in plain]


@pytest.mark.parametrize("case_id, says", [
    ("xlsx-xlsx-merge-A1-XFD1048576", "merged cells in xl/worksheets/sheet1.xml cover more than 1,000,000 positions "
                                      "(e.g. A1:XFD1048576)"),
    ("xlsx-xlsx-far-cell-XFD1", "sheet 'TC.27' has a table over A1:XFD3 (3 rows x 16,383 columns), past the limit"),
])
def test_issue16_a_huge_used_area_is_refused_clearly(tmp_path: Path, case_id: str, says: str) -> None:
    from extractor.readers.xlsx import read_workbook

    with pytest.raises(InputError, match=r"^book\.xlsx: refused, ") as info:
        read_workbook(_case(case_id, tmp_path))
    assert says in str(info.value)


def test_issue16_a_missing_sheet_part_is_a_note(tmp_path: Path) -> None:
    from extractor.pipeline import extract

    result = extract(_case("xlsx-xlsx-remove-xl_worksheets_sheet1.xml", tmp_path))
    assert [t.kind for t in result.tables] == ["TC.28"]  # the TC.28 sheet is still read
    notes = [n.message for n in result.notes if n.code == "sheet-missing"]
    assert notes == ["book.xlsx: sheet 'TC.27' is listed in the workbook but its data part is missing (a damaged "
                     "file); it was not read"]


# ------------------------------------------------------------------------------------------------ messages


def test_issue16_random_bytes_named_odt_are_refused_before_libreoffice(tmp_path: Path) -> None:
    from extractor.readers import read_document

    with pytest.raises(InputError, match=r"^random\.odt: not an OpenDocument text \(\.odt\) file"):
        read_document(_case("random-odt-5000", tmp_path))


def test_issue16_a_lone_surrogate_is_replaced_and_flagged(tmp_path: Path) -> None:
    from extractor.output import write_outputs
    from extractor.pipeline import extract

    result = extract(_case("pdf-pdf-tounicode-surrogate", tmp_path))
    assert [n.code for n in result.notes if n.code == "replaced-characters"] == ["replaced-characters"]
    flagged = [f for t in result.tables for r in t.rows for f in r.flags if f.code == "replaced-character"]
    assert flagged and all("\ufffd" in str(r.data.get(f.field, "")) + str(r.raw.get(f.field, ""))
                           for t in result.tables for r in t.rows for f in r.flags if f.code == "replaced-character")
    written = write_outputs(result, tmp_path / "out")  # was: 'utf-8' codec can't encode character '\udc00'
    assert "\ufffd" in written[0].read_text(encoding="utf-8")


def test_issue16_a_file_name_that_is_not_utf8_is_read(tmp_path: Path) -> None:
    name = os.fsdecode(b"renstra_\xff.docx")
    (tmp_path / name).write_bytes(SAMPLE_DOCX.read_bytes())
    proc = _cli("extract", "-o", "out", "--", name, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    (json_path,) = (tmp_path / "out").glob("*.json")
    assert json.loads(json_path.read_text(encoding="utf-8"))["document"]["file"] == "renstra_\ufffd.docx"
    assert "the file name has bytes that are not UTF-8" in proc.stderr


def test_issue16_a_newline_in_a_file_name_does_not_hide_the_reason(tmp_path: Path) -> None:
    (tmp_path / "renstra\nrusak.docx").write_bytes(b"not a zip")
    proc = _cli("extract", "-o", "out", "renstra\nrusak.docx", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (1, "Error: renstra?rusak.docx: not a DOCX file (a DOCX is a zip "
                                                 "archive; this one is not)\n")


def test_issue16_a_bare_name_starting_with_a_dash_says_to_use_dashdash(tmp_path: Path) -> None:
    (tmp_path / "-renstra.docx").write_bytes(SAMPLE_DOCX.read_bytes())
    proc = _cli("extract", "-o", "out", "-renstra.docx", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("Error: -renstra.docx: no such option; to name a file whose name starts with '-', "
                                  "put '--' before it")
    assert not (tmp_path / "out").exists()


def test_issue16_a_long_input_name_gets_shortened_output_names(tmp_path: Path) -> None:
    name = "renstra_" * 31 + "x.docx"  # 254 characters: '<stem>.findings.csv' would pass 255 bytes
    (tmp_path / name).write_bytes(SAMPLE_DOCX.read_bytes())
    proc = _cli("extract", "-o", "out", name, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    # json, xlsx, findings.csv, matches.csv (matching is on by default) and one CSV per kind: tc23-28 and iku
    assert len(written) == 11 and all(len(n.encode()) <= 255 for n in written)
    assert len({n.split(".")[0] for n in written}) == 1  # one shortened stem for the whole set
    assert "note: the file name is too long for the output files" in proc.stderr


def test_issue16_a_failed_output_set_is_rolled_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import extracted

    from extractor import output

    out = tmp_path / "out"
    first = output.write_outputs(extracted(SAMPLE_DOCX), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_replace = os.replace
    calls = {"n": 0}

    def failing_replace(src: Any, dst: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", failing_replace)
    with pytest.raises(OutputError, match="No space left on device"):
        output.write_outputs(extracted(SAMPLE_PDF), out)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # the earlier set, whole; no temporary
    assert len(first) == len(before)


# ------------------------------------------------------------------------------------------------ diff / load


@pytest.mark.parametrize("case_id, says", [
    ("diff2-json-years-string", "table 0 row 0: 'years' must be a dict"),
    ("diff2-json-row-list", "table 0 row 0 is a list, not an object"),
    ("diff2-json-code-dict", "table 0 row 1: 'code' must be a plain value, not a dict"),
    ("diff2-json-deep", "not a readable JSON file (nested too deep)"),
])
def test_issue16_diff_refuses_a_damaged_extract_json_in_one_line(tmp_path: Path, case_id: str, says: str) -> None:
    from extractor.diff import load_document

    path = _case(case_id, tmp_path)
    with pytest.raises(InputError) as info:
        load_document(path)
    assert str(info.value).startswith(f"{path}: ") and says in str(info.value)


def test_issue16_load_records_a_json_nested_too_deep(tmp_path: Path) -> None:
    from extractor.db import load_outputs

    _case("load-json-deep", tmp_path)
    report = load_outputs(tmp_path, tmp_path / "db.sqlite")
    assert [source for source, _error in report.failed] == ["before.json"]


# ------------------------------------------------------------------------------------------------ batch


def _slow_or_crashing(path: str, outdir: str, folder: str, nomenclature: str | None = None,
                      on_pages: Any = None) -> dict[str, Any]:
    import tempfile

    Path(tempfile.mkdtemp(prefix="renstra-ocr-")).joinpath("page.png").write_bytes(b"x")  # left by a stopped OCR
    if "hang" in Path(path).name:
        time.sleep(600)
    if "long" in Path(path).name:  # a PDF of 3 pages at 2 s a page: 6 s allowed although --timeout is 3 ("toolong"
        # then takes longer still)
        on_pages(3)
        time.sleep(4.5)
    if "toolong" in Path(path).name:
        time.sleep(600)
    if "crash" in Path(path).name:
        os.write(2, b"Fatal Python error: Segmentation fault\n")  # as CPython's dump does, on file descriptor 2
        os._exit(139)
    if "defect" in Path(path).name:
        return {"status": "failed", "failure": "internal_error", "error": "internal error: KeyError: 'x'",
                "detail": "Traceback (most recent call last):\nKeyError: 'x'\n"}
    return {"status": "ok", "output": folder, "tables": 1, "rows": 2, "findings": 0, "seconds": 0.01}


def test_issue16_a_hanging_or_crashing_document_fails_alone_and_leaves_no_temporary_folder(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    import multiprocessing
    import tempfile

    from extractor import batch as batch_mod

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs the fork start method to hand the fake converter to the workers")
    monkeypatch.setattr(batch_mod, "_mp_context", lambda: multiprocessing.get_context("fork"))
    monkeypatch.setattr(batch_mod, "convert_document", _slow_or_crashing)
    temp_root = tmp_path / "temp"
    temp_root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp_root))
    names = ("hang", "ok1", "crash", "ok2", "defect", "ok3", "long", "toolong")
    jobs = [batch_mod._Job(tmp_path / name, name * 8, name) for name in names]
    seen: list[Any] = []
    start = time.monotonic()
    batch_mod._run_pool(jobs, tmp_path, 2, None, lambda _job, status: seen.append(status),
                        batch_mod.Limits(timeout=3, memory=None, seconds_per_page=2))
    assert time.monotonic() - start < 60  # the hanging document did not hold the queue
    by_name = {Path(s.file).name: s for s in seen}
    assert sorted(by_name) == sorted(names)
    assert [(by_name[n].status, by_name[n].failure) for n in names] == [
        ("failed", "time_limit"), ("ok", ""), ("failed", "internal_error"), ("ok", ""),
        ("failed", "internal_error"), ("ok", ""), ("ok", ""), ("failed", "time_limit")]
    assert "time limit of 3s (--timeout)" in by_name["hang"].error
    assert "time limit of 6s (--seconds-per-page)" in by_name["toolong"].error
    assert by_name["crash"].error.startswith("internal error: the worker process died")
    assert "Fatal Python error" in by_name["crash"].detail  # kept with the document ...
    assert "Fatal Python error" not in capfd.readouterr().err  # ... not in the batch's output
    assert list(temp_root.iterdir()) == []  # every document's temporary folder removed, renstra-ocr-* with it


def test_issue16_internal_errors_are_logged_in_the_output_folder(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    import multiprocessing

    from extractor import batch as batch_mod

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs the fork start method to hand the fake converter to the workers")
    monkeypatch.setattr(batch_mod, "_mp_context", lambda: multiprocessing.get_context("fork"))
    monkeypatch.setattr(batch_mod, "convert_document", _slow_or_crashing)
    src = tmp_path / "in"
    src.mkdir()
    (src / "defect.docx").write_bytes(b"1")
    (src / "fine.docx").write_bytes(b"2")
    summary = batch_mod.run_batch([src], tmp_path / "out", workers=2, progress=False)
    data = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert data["failures"] == {"bad_input": 0, "internal_error": 1, "time_limit": 0, "memory_limit": 0}
    assert summary.failed == 1
    log = (tmp_path / "out" / "internal-errors.log").read_text(encoding="utf-8")
    assert "defect.docx" in log and "KeyError: 'x'" in log and "fine.docx" not in log


# ------------------------------------------------------------------------------------------------ the campaign


def test_a_case_made_from_a_pdf_may_run_as_long_as_batch_allows_that_pdf() -> None:
    """A mutation can leave a PDF whose pages are OCRed one by one, slow work and no hang (``pdf-pdf-no-endobj``
    was: its 35 pages, about a minute alone, past 120 s on a slow machine beside another case; see the test
    below). A case's time limit is what `renstra batch` gives a document of as many pages as its undamaged
    source."""
    import pdfplumber

    from extractor.settings import DEFAULT_SECONDS_PER_PAGE

    cases = {c.id: c for c in fuzz.ci_cases()}
    with pdfplumber.open(SAMPLE_PDF) as pdf:
        pages = len(pdf.pages)
    assert pages > 30
    assert fuzz.time_limit(cases["pdf-pdf-no-endobj"], 120.0) == pages * DEFAULT_SECONDS_PER_PAGE
    assert fuzz.time_limit(cases["pdf-pdf-no-endobj"], 1000.0) == 1000.0
    assert fuzz.time_limit(cases["docx-docx-root-other"], 120.0) == 120.0
    assert fuzz.time_limit(cases["random-pdf-5000"], 120.0) == 120.0  # random bytes: no source pages


def test_damaged_fonts_that_no_picture_shows_either_are_refused_fast(tmp_path: Path) -> None:
    """``pdf-pdf-no-endobj`` (every "endobj" of the sample taken out): pdfium still opens its 35 pages, but their
    fonts lost their maps to Unicode (the text layer is glyph numbers) and their font files (drawn in a stand-in
    Helvetica, the picture shows other letters). OCR of all 35 pages took about a minute and read nothing; now
    the file is refused in one line, at once. The sample itself: fonts embedded."""
    import pypdfium2 as pdfium

    from extractor.readers.ocr_look import fonts_embedded, unreadable_text
    from extractor.readers.pdf_screen import _screen_page

    path = _case("pdf-pdf-no-endobj", tmp_path)
    damaged, sample = pdfium.PdfDocument(str(path)), pdfium.PdfDocument(str(SAMPLE_PDF))
    assert unreadable_text(damaged[29].get_textpage().get_text_range())  # the premise
    assert not fonts_embedded(damaged[29]) and fonts_embedded(sample[29])
    look = _screen_page(damaged, 30).scan
    assert look is not None and look.unreadable_text and look.stand_in_fonts and not look.is_image_page
    start = time.monotonic()
    run = _cli("extract", path.name, "-o", "out", cwd=tmp_path)
    assert run.returncode == 1 and time.monotonic() - start < 60
    assert run.stderr.strip() == (f"Error: {path.name}: no page can be read: the text layer of pages 1, 2, 3, 4, 5, 6, "
                                  "7, 8, 9, 10, 11, 12... is glyph numbers (fonts without a map to Unicode) in fonts "
                                  "the file does not embed (damaged fonts?)")


@pytest.mark.fuzz
@pytest.mark.slow
def test_issue16_fuzz_campaign_ci_subset() -> None:
    """About 60 fixed cases: none may end in a traceback, a hang, out of memory, a crash or a messy error."""
    cases = fuzz.ci_cases()
    assert 50 <= len(cases) <= 70
    outcomes = fuzz.run_campaign(cases, timeout=120, jobs=2)
    broken = [f"{o.id}: {o.cls}: {o.reason}" for o in outcomes if o.cls in fuzz.BAD and not o.owner]
    assert broken == []
    assert {o.cls for o in outcomes} >= {"ok", "clean-error"}


def test_damaged_pictures_in_a_word_document_are_named_not_raised(tmp_path: Path) -> None:
    """A Word document's pictures are untrusted bytes: 400 mutations of small PNG, JPEG, GIF, TIFF and BMP images
    (bytes changed, cut short) are each either written as a page to OCR or given a reason, and the look that
    chooses them says no; no exception escapes."""
    import io

    from PIL import Image

    from extractor.readers.docx import Picture
    from extractor.readers.docx_pictures import _looks_ruled, _write_pictures

    rng = random.Random(7)
    seeds = []
    for fmt in ("PNG", "JPEG", "GIF", "TIFF", "BMP"):
        buf = io.BytesIO()
        Image.new("RGB", (120, 80), (200, 10, 10)).save(buf, fmt)
        seeds.append(buf.getvalue())
    reasons: set[str] = set()
    for _ in range(400):
        data = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 12)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.2:
            data = data[: rng.randrange(1, len(data))]
        picture = Picture((), 10.0, 5.0, bytes(data))
        _looks_ruled(picture)
        written, unreadable = _write_pictures([picture], tmp_path / "pictures.pdf")
        assert (written == [0]) != (0 in unreadable)
        reasons.update(why.split(" (")[0] for why in unreadable.values())
    assert "its image is damaged or in a format that cannot be read here" in reasons


@pytest.mark.parametrize("width_cm", [24.0, 5000.0, 1e9])
def test_a_pictures_printed_size_bounds_its_resampling(width_cm: float) -> None:
    """A coarse picture is resampled to OCR's resolution at its printed size, which the document says (untrusted):
    a picture 'printed' 50 m or 10,000 km wide is resampled to at most MAX_PIXELS, never by its size alone."""
    from PIL import Image

    from extractor.readers.docx import Picture
    from extractor.readers.docx_pictures import MAX_PIXELS, _upscaled
    from extractor.readers.ocr_image import OCR_DPI

    image = Image.new("L", (1000, 700), 255)
    out, dpi = _upscaled(Picture((), width_cm, width_cm * 0.7, b""), image)
    assert out.width * out.height <= MAX_PIXELS and out.width >= image.width and dpi >= 1.0
    if width_cm == 24.0:  # 106 dpi as printed: resampled to OCR's 300
        assert out.width == int(1000 * OCR_DPI / (1000 * 2.54 / 24.0)) and dpi == pytest.approx(OCR_DPI, rel=1e-3)
