"""One page never sinks a document: a defect of ours on one page, pdfium failing or crashing the process on
one page, each becomes a note on that page (internal-error / page-failed) and the other pages are read."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLE_PDF, truth_rows

from extractor.cli import main
from extractor.errors import NOTE_CODES
from extractor.pipeline import extract
from extractor.readers import pdf, pdf_screen
from extractor.readers.isolated import INTERNAL_ERROR, PAGE_FAILED, PageFailure, run_isolated

BAD_PAGE = 31  # the sample's TC.27 runs over pages 29-33


@pytest.fixture(autouse=True)
def _fresh_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """No screen kept from an earlier test: the screen reads the tables of table pages, and a defect injected
    here must meet them."""
    monkeypatch.setattr(pdf_screen, "_SCREEN_CACHE", {})


def _tc27_pages(result) -> set[int]:
    return {row.page for t in result.tables_of("TC.27") for row in t.rows}


def _fail_on(page: int, how: str):
    """A defect (or a crash) in table finding on ``page``, wherever it is read: while the screen has it open, and
    again when read_pdf reads it (the screen leaves a page whose tables failed to read_pdf)."""
    original = pdf._tables_from_objects

    def page_tables(objs, number, text, source, *rest):
        if number == page:
            if how == "abort":
                os.abort()  # what pdfium does on some damaged pages: no Python exception, the process ends
            raise KeyError("cells")  # a defect of ours
        return original(objs, number, text, source, *rest)

    return page_tables


def test_note_codes_exist() -> None:
    assert {"page-failed", "internal-error", "ocr-skipped", "ocr-unavailable", "ocr-no-table"} <= set(NOTE_CODES)


def test_run_isolated_survives_exceptions_and_crashes() -> None:
    def work(n: int) -> int:
        if n == 3:
            os.abort()
        if n == 5:
            raise ValueError("bad five")
        return n * 10

    got = dict(run_isolated(work, [1, 2, 3, 4, 5, 6], workers=2))
    assert {k: v for k, v in got.items() if not isinstance(v, PageFailure)} == {1: 10, 2: 20, 4: 40, 6: 60}
    assert got[3].code == PAGE_FAILED and "SIGABRT" in got[3].reason
    assert got[5].code == INTERNAL_ERROR and "ValueError: bad five" in got[5].reason
    assert "raise ValueError" in got[5].traceback


def test_a_defect_on_one_page_is_an_internal_error_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "_tables_from_objects", _fail_on(BAD_PAGE, "raise"))
    result = extract(SAMPLE_PDF)
    notes = [n for n in result.notes if n.code == "internal-error"]
    assert [n.page for n in notes] == [BAD_PAGE] and "KeyError" in notes[0].message
    assert any("KeyError: 'cells'" in t for t in result.tracebacks)
    assert _tc27_pages(result) == {29, 30, 32, 33}
    truth = [t for t in truth_rows("tc27.csv")]
    codes = {row.data["code"] for row in result.tables_of("TC.27")[0].rows}
    assert truth[0]["code"] in codes  # the first rows, printed on page 29, are there


def test_a_crash_on_one_page_is_a_page_failed_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "_tables_from_objects", _fail_on(BAD_PAGE, "abort"))
    result = extract(SAMPLE_PDF)
    notes = [n for n in result.notes if n.code == "page-failed"]
    assert [n.page for n in notes] == [BAD_PAGE] and "crashed" in notes[0].message
    assert _tc27_pages(result) == {29, 30, 32, 33}


def test_a_crash_while_reading_page_texts_is_a_page_failed_note(monkeypatch: pytest.MonkeyPatch) -> None:
    original = pdf_screen._screen_page

    def screen_page(doc, number, *rest):
        if number == 7:
            os.abort()
        return original(doc, number, *rest)

    monkeypatch.setattr(pdf_screen, "_screen_page", screen_page)
    monkeypatch.setattr(pdf_screen, "_SCREEN_CACHE", {})
    result = extract(SAMPLE_PDF)
    assert [(n.code, n.page) for n in result.notes if n.code == "page-failed"] == [("page-failed", 7)]
    assert _tc27_pages(result) == {29, 30, 31, 32, 33}


def test_cli_writes_the_traceback_to_a_log_and_exits_0(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pdf, "_tables_from_objects", _fail_on(BAD_PAGE, "raise"))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(SAMPLE_PDF), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"page {BAD_PAGE}: internal error" in result.output
    log = out / f"{SAMPLE_PDF.stem}.errors.log"
    assert "KeyError: 'cells'" in log.read_text(encoding="utf-8")
    strict = CliRunner().invoke(main, ["extract", str(SAMPLE_PDF), "-o", str(out), "--strict"])
    assert strict.exit_code == 2


def test_cli_says_a_defect_is_one(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import extractor.pipeline as pipeline

    def broken(*args, **kwargs):
        raise KeyError("oops")

    monkeypatch.setattr(pipeline, "stitch", broken)
    result = CliRunner().invoke(main, ["extract", str(SAMPLE_PDF), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {SAMPLE_PDF.name}: internal error (KeyError")  # names the file
    assert "Traceback" not in result.output
    debug = CliRunner().invoke(main, ["extract", str(SAMPLE_PDF), "-o", str(tmp_path), "--debug"])
    assert debug.exit_code == 1 and "Traceback" in debug.output


def test_settings_error_is_still_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["diff", str(SAMPLE_PDF), "-o", str(tmp_path), "--rename-threshold", "400"])
    assert result.exit_code == 1 and result.output.startswith("Error: rename_threshold")


def _spin_on_two(item: int) -> int:
    if item == 2:
        end = time.monotonic() + 30
        while time.monotonic() < end:  # a page the PDF library loops on: it burns CPU
            pass
    return item * 10


def _wait_on(page: int, seconds: float) -> Callable[[int], int]:
    def read(item: int) -> int:
        if item == page:
            time.sleep(seconds)  # waits without using CPU (a lock, a pipe nobody writes to, a loaded machine)
        return item * 10

    return read


def _needs_fork_and_proc() -> None:
    from extractor.readers.isolated import can_fork, cpu_seconds

    if not can_fork():
        pytest.skip("no fork on this platform: pages are read in-process")
    if cpu_seconds(os.getpid()) is None:
        pytest.skip("no /proc: the page limit is on the wall clock only")


def test_a_page_past_the_time_limit_fails_alone() -> None:
    """One page that never finishes (pdfium looping on a content stream repeated 20,000 times) becomes a
    page-failed result after the time limit, counted in CPU seconds; the pages after it are still read."""
    from extractor.readers.isolated import PageFailure, run_isolated

    _needs_fork_and_proc()
    started = time.monotonic()
    got = dict(run_isolated(_spin_on_two, [1, 2, 3, 4], workers=1, time_limit=1.0))
    assert got[1] == 10 and got[3] == 30 and got[4] == 40
    assert isinstance(got[2], PageFailure) and "used more than 1 s of CPU" in got[2].reason
    assert time.monotonic() - started < 25  # stopped, not waited for


def test_a_page_that_waits_without_cpu_fails_on_the_wall_clock_backstop() -> None:
    from extractor.readers.isolated import WALL_FACTOR, PageFailure, run_isolated

    _needs_fork_and_proc()
    got = dict(run_isolated(_wait_on(2, 30), [1, 2, 3], workers=1, time_limit=0.5))
    assert got[1] == 10 and got[3] == 30
    assert isinstance(got[2], PageFailure) and f"took longer than {0.5 * WALL_FACTOR:g} s" in got[2].reason


def test_a_page_slow_only_on_the_wall_clock_is_read() -> None:
    """A page that takes longer than the limit on the wall clock but uses little CPU (a machine busy with
    other work) is read, not failed: the same document gives the same rows however loaded the machine is."""
    from extractor.readers.isolated import run_isolated

    _needs_fork_and_proc()
    got = dict(run_isolated(_wait_on(2, 2.5), [1, 2, 3], workers=1, time_limit=1.0))
    assert got == {1: 10, 2: 20, 3: 30}


def test_cpu_seconds_counts_the_programs_a_page_runs() -> None:
    """Tesseract runs as a program of the page's process: its CPU counts towards the page's limit while it runs."""
    import subprocess
    import sys

    from extractor.readers.isolated import cpu_seconds

    _needs_fork_and_proc()
    before = cpu_seconds(os.getpid())
    spin = subprocess.Popen([sys.executable, "-c", "import time\nend = time.monotonic() + 20\n"
                                                   "while time.monotonic() < end: pass"])
    try:
        time.sleep(1.5)
        during = cpu_seconds(os.getpid())
    finally:
        spin.kill()
        spin.wait()
    assert before is not None and during is not None and during - before > 0.5


def test_a_blank_page_inside_the_table_is_no_defect(tmp_path: Path) -> None:
    """A browser's print of a table cut into several (Chromium, the zoo's `continued` layout) leaves a page with
    nothing on it between two of them; reading it was 'internal error (ValueError ...)' (pdfplumber's text map
    of no characters). The sample with a blank page inside its TC.27 gives every row and no note about it."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(SAMPLE_PDF))
    width, height = doc.get_page_size(BAD_PAGE - 1)
    doc.new_page(width, height, index=BAD_PAGE)  # after page 31: the table's pages are 29-31, blank, 32-34
    path = tmp_path / "with_blank_page.pdf"
    doc.save(str(path))
    doc.close()
    result = extract(path)
    assert [n for n in result.notes if n.code in (INTERNAL_ERROR, PAGE_FAILED)] == []
    assert sum(len(t.rows) for t in result.tables_of("TC.27")) == len(truth_rows("tc27.csv"))
