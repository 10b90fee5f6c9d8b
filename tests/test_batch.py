"""Bulk conversion: inputs, parallel workers, per-document folders, summary, manifest skip, --force, Ctrl-C."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from badfiles import SAMPLE_DOCX, variant_docx
from click.testing import CliRunner

from extractor import batch as batch_mod
from extractor.batch import BatchSummary, convert_document, folder_name, read_manifest, run_batch
from extractor.cli import main
from extractor.errors import OutputError

pytestmark = pytest.mark.skipif(not SAMPLE_DOCX.exists(), reason=f"{SAMPLE_DOCX} not built yet")
REPO = Path(__file__).resolve().parents[1]


def _entry(summary: BatchSummary, name: str) -> Any:
    matches = [d for d in summary.documents if Path(d.file).name == name]
    assert len(matches) == 1, [d.file for d in summary.documents]
    return matches[0]


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """docs/a.docx, docs/sub/b.docx (another sha256), docs/sub/a-copy.docx (same bytes as a), docs/notes.txt."""
    root = tmp_path_factory.mktemp("docs")
    (root / "sub").mkdir()
    shutil.copyfile(SAMPLE_DOCX, root / "a.docx")
    variant_docx(root / "sub" / "b.docx", "variant b")
    shutil.copyfile(SAMPLE_DOCX, root / "sub" / "a-copy.docx")
    (root / "notes.txt").write_text("not a document\n")
    return root


@pytest.fixture(scope="module")
def first_run(docs: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BatchSummary]:
    out = tmp_path_factory.mktemp("out")
    stray = docs.parent / "stray.txt"
    stray.write_text("explicitly named, unsupported\n")
    summary = run_batch([docs, str(docs.parent / "missing.pdf"), stray], out, workers=2, progress=False)
    return out, summary


def test_folders_are_searched_recursively_and_each_document_gets_a_status(first_run: tuple[Path, BatchSummary]
                                                                          ) -> None:
    _out, summary = first_run
    names = sorted(Path(d.file).name for d in summary.documents)
    assert names == ["a-copy.docx", "a.docx", "b.docx", "missing.pdf", "stray.txt"]  # notes.txt not picked up
    assert _entry(summary, "a.docx").status == "ok"
    assert _entry(summary, "b.docx").status == "ok"
    copy = _entry(summary, "a-copy.docx")
    assert copy.status == "skipped" and "same content" in copy.error
    assert _entry(summary, "missing.pdf").status == "failed"
    assert "no such file" in _entry(summary, "missing.pdf").error
    stray = _entry(summary, "stray.txt")
    assert stray.status == "failed" and "unsupported file type" in stray.error
    assert (summary.ok, summary.failed, summary.skipped) == (2, 2, 1)


def test_each_ok_document_has_its_own_complete_folder(first_run: tuple[Path, BatchSummary]) -> None:
    out, summary = first_run
    a = _entry(summary, "a.docx")
    assert a.output == folder_name(Path("a.docx"), a.sha256) and a.output.startswith("a-")
    folder = out / a.output
    assert (folder / "a.json").exists() and (folder / "a.tc27.csv").exists() and (folder / "a.findings.csv").exists()
    data = json.loads((folder / "a.json").read_text(encoding="utf-8"))
    assert data["document"]["sha256"] == a.sha256
    assert a.tables == len(data["tables"]) > 0
    assert a.rows == sum(len(t["rows"]) for t in data["tables"])
    assert a.findings == len(data["findings"])
    assert a.seconds > 0
    assert not list(out.glob(".partial-*"))
    umask = os.umask(0o022)
    os.umask(umask)
    assert folder.stat().st_mode & 0o777 == 0o777 & ~umask  # an ordinary folder, not mkdtemp's private one


def test_summary_files_list_every_document(first_run: tuple[Path, BatchSummary]) -> None:
    out, summary = first_run
    data = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert data["counts"] == {"ok": 2, "failed": 2, "skipped": 1}
    assert data["interrupted"] is False
    assert len(data["documents"]) == 5
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["file", "sha256", "status", "tables", "rows", "findings", "error", "seconds", "output"]
    assert sorted(r["status"] for r in rows) == ["failed", "failed", "ok", "ok", "skipped"]
    manifest = read_manifest(out)
    assert {v["folder"] for v in manifest["documents"].values()} == {d.output for d in summary.documents
                                                                      if d.status == "ok"}


def test_a_rerun_skips_what_was_converted(first_run: tuple[Path, BatchSummary], docs: Path) -> None:
    out, _ = first_run
    before = _tree(out / _entry(first_run[1], "a.docx").output)
    started = time.perf_counter()
    again = run_batch([docs], out, workers=2, progress=False)
    assert time.perf_counter() - started < 10
    assert [d.status for d in again.documents] == ["skipped"] * 3
    a = _entry(again, "a.docx")
    assert "already converted" in a.error and a.rows == _entry(first_run[1], "a.docx").rows
    assert _tree(out / a.output) == before


def test_force_converts_again_and_replaces_the_folder(first_run: tuple[Path, BatchSummary], docs: Path) -> None:
    out, first = first_run
    folder = out / _entry(first, "a.docx").output
    b_folder = out / _entry(first, "b.docx").output
    b_before = _tree(b_folder)
    marker = folder / "stale-file.txt"
    marker.write_text("left by an older run")
    again = run_batch([docs / "a.docx"], out, workers=1, force=True, progress=False)
    assert [d.status for d in again.documents] == ["ok"]
    assert not marker.exists() and (folder / "a.json").exists()
    assert _tree(b_folder) == b_before
    assert not list(out.glob(".partial-*"))


def test_nothing_to_do_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["batch", str(tmp_path / "empty"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: no documents found") and "Traceback" not in result.output


def test_cli_batch_reports_failures_with_exit_code_1(first_run: tuple[Path, BatchSummary], docs: Path,
                                                    tmp_path: Path) -> None:
    out, _ = first_run
    result = CliRunner().invoke(main, ["batch", str(docs), str(tmp_path / "nope.docx"), "-o", str(out),
                                       "--workers", "1", "--db", str(tmp_path / "r.sqlite")])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "failed: " in result.output and "nope.docx" in result.output
    assert "0 ok, 1 failed, 3 skipped" in result.output
    assert "loaded 2 document(s)" in result.output
    assert result.output.strip().splitlines()[-1].startswith("Error: 1 of 4 document(s) failed")
    ok = CliRunner().invoke(main, ["batch", str(docs), "-o", str(out), "-q"])
    assert ok.exit_code == 0, ok.output


def test_an_unknown_nomenclature_stops_before_any_work(tmp_path: Path, docs: Path) -> None:
    result = CliRunner().invoke(main, ["batch", str(docs), "-o", str(tmp_path / "out"),
                                       "--nomenclature", str(tmp_path / "no-such-list.csv")])
    assert result.exit_code == 1 and result.output.startswith("Error: ") and "Traceback" not in result.output
    assert not (tmp_path / "out" / "summary.json").exists()


# --------------------------------------------------------------------------- the worker, in this process


def _sample_result() -> Any:
    from conftest import extracted

    return extracted(SAMPLE_DOCX)


def test_a_defect_is_recorded_as_internal_error_with_its_traceback(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr("extractor.pipeline.extract", broken)
    out = convert_document(str(SAMPLE_DOCX), str(tmp_path), "x-0123456789")
    assert out["status"] == "failed"
    assert out["error"] == "internal error: RuntimeError: boom"
    assert "Traceback" in out["detail"] and "RuntimeError" in out["detail"]
    assert not list(tmp_path.iterdir())


def test_a_failed_write_keeps_the_previous_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _sample_result()
    monkeypatch.setattr("extractor.pipeline.extract", lambda *_a, **_k: result)
    first = convert_document(str(SAMPLE_DOCX), str(tmp_path), "doc-0123456789")
    assert first["status"] == "ok"
    before = _tree(tmp_path / "doc-0123456789")

    def half_write(result: Any, outdir: Path) -> list[Path]:
        (Path(outdir) / "half.json").write_text("{")
        raise OutputError(f"{outdir}: disk full")

    monkeypatch.setattr("extractor.output.write_outputs", half_write)
    second = convert_document(str(SAMPLE_DOCX), str(tmp_path), "doc-0123456789")
    assert second["status"] == "failed" and "disk full" in second["error"]
    assert _tree(tmp_path / "doc-0123456789") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc-0123456789"]


def test_a_file_in_the_way_of_the_folder_fails_that_document_only(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    result = _sample_result()
    monkeypatch.setattr("extractor.pipeline.extract", lambda *_a, **_k: result)
    (tmp_path / "doc-0123456789").write_text("a file where the folder should go")
    out = convert_document(str(SAMPLE_DOCX), str(tmp_path), "doc-0123456789")
    assert out["status"] == "failed" and "cannot write" in out["error"]
    assert (tmp_path / "doc-0123456789").read_text() == "a file where the folder should go"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc-0123456789"]


def test_folder_names_are_safe_and_distinct() -> None:
    sha = "ab" * 32
    assert folder_name(Path("Renstra Dinas – Magetan ü.pdf"), sha) == "Renstra_Dinas_Magetan_ü-ababababab"
    assert folder_name(Path("../..pdf"), sha) == "document-ababababab"
    assert folder_name(Path("x.pdf"), sha) != folder_name(Path("x.pdf"), "cd" * 32)


def test_partial_folders_of_a_killed_run_are_cleaned_and_moved_aside_outputs_restored(tmp_path: Path) -> None:
    (tmp_path / ".partial-doc-0123456789-abcd").mkdir()
    aside = tmp_path / ".partial-old-doc-0123456789-4242"
    aside.mkdir()
    (aside / "doc.json").write_text("{}")
    batch_mod._clean_partials(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc-0123456789"]
    assert (tmp_path / "doc-0123456789" / "doc.json").read_text() == "{}"


# --------------------------------------------------------------------------- Ctrl-C


def test_ctrl_c_keeps_complete_outputs_and_writes_the_summary(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(4):
        variant_docx(src / f"doc{i}.docx", f"copy {i}")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "extractor", "batch", str(src), "-o", str(out),
                             "--workers", "1"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if out.exists() and any(p.is_dir() and not p.name.startswith(".") for p in out.iterdir()):
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the batch finished before it could be interrupted"
        proc.send_signal(signal.SIGINT)
        _stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "interrupted:" in stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["interrupted"] is True
    done = [d for d in summary["documents"] if d["status"] == "ok"]
    assert 1 <= len(done) < 4
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert not [f for f in folders if f.startswith(".")]  # no partial folder left
    assert {d["output"] for d in done} <= set(folders)
    for folder in folders:  # every folder is complete
        stem = folder.rsplit("-", 1)[0]
        assert json.loads((out / folder / f"{stem}.json").read_text(encoding="utf-8"))["tables"]
    again = run_batch([src], out, workers=2, progress=False)
    assert again.skipped == len(done) and again.ok == 4 - len(done)


# --------------------------------------------------------------------------- a worker that dies


def _fake_convert(path: str, outdir: str, folder: str, nomenclature: str | None = None,
                  on_pages: Any = None) -> dict[str, Any]:
    if "crash" in Path(path).name:
        os._exit(3)  # like a segfault or the OOM killer: the process is gone without a word
    return {"status": "ok", "output": folder, "tables": 1, "rows": 2, "findings": 0, "seconds": 0.01}


def test_a_worker_that_dies_fails_only_its_document(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs the fork start method to hand the fake converter to the workers")
    monkeypatch.setattr(batch_mod, "_mp_context", lambda: multiprocessing.get_context("fork"))
    monkeypatch.setattr(batch_mod, "convert_document", _fake_convert)
    jobs = [batch_mod._Job(tmp_path / name, name * 8, name) for name in ("ok1", "crash", "ok2", "ok3")]
    seen: list[batch_mod.DocumentStatus] = []
    batch_mod._run_pool(jobs, tmp_path, 2, None, lambda _job, status: seen.append(status))
    by_name = {Path(s.file).name: s for s in seen}
    assert sorted(by_name) == ["crash", "ok1", "ok2", "ok3"] and len(seen) == 4
    assert by_name["crash"].status == "failed"
    assert by_name["crash"].error.startswith("internal error: the worker process died")
    assert [by_name[n].status for n in ("ok1", "ok2", "ok3")] == ["ok"] * 3


def test_batch_db_loads_each_document_as_it_is_published(tmp_path: Path, docs: Path) -> None:
    """With --db, a document is in the database as soon as its outputs are published, before the batch ends:
    a Ctrl-C (or a crash) later in the run keeps what was loaded. Checked from inside the report callback."""
    import sqlalchemy as sa

    from extractor.cli import _finish_loading
    from extractor.db import BatchLoader, connect

    out, db_path = tmp_path / "out", tmp_path / "live.sqlite"
    loading = BatchLoader(str(out), str(db_path))
    in_db_when_reported: list[int] = []

    def report(status: Any) -> None:
        loading.document_done(status)
        with connect(str(db_path)).connect() as conn:
            in_db_when_reported.append(conn.execute(sa.text("select count(*) from documents")).scalar_one())

    run_batch([docs / "a.docx", docs / "sub" / "b.docx"], out, workers=1, progress=False, report=report)
    assert in_db_when_reported == [1, 2]  # the first was loaded before the second was converted
    _finish_loading(loading)


def test_batch_db_that_fails_stops_loading_not_converting(tmp_path: Path, docs: Path) -> None:
    """A database that becomes unusable mid-run stops the loading with one line at the end; the documents are
    still converted and written."""
    out, db_path = tmp_path / "out", tmp_path / "gone.sqlite"
    from extractor.cli import _finish_loading
    from extractor.db import BatchLoader

    loading = BatchLoader(str(out), str(db_path))
    db_path.unlink(missing_ok=True)
    db_path.mkdir()  # the database file is now a folder: SQLite cannot open it
    loading.loader.engine.dispose()
    summary = run_batch([docs / "a.docx"], out, workers=1, progress=False, report=loading.document_done)
    assert summary.ok == 1 and (out / summary.documents[0].output).is_dir()
    import click

    with pytest.raises(click.ClickException, match="loading stopped"):
        _finish_loading(loading)


def test_a_pdf_tells_its_page_count_before_it_is_read_and_gets_time_per_page(tmp_path: Path) -> None:
    """The batch sets a PDF's time limit from its page count (a 300-page scan needs more than --timeout)."""
    pdf = REPO / "samples" / "renstra_dinkop_magetan_2024-2026.pdf"
    printed = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout if shutil.which(
        "pdfinfo") else ""
    told: list[int] = []
    status = convert_document(str(pdf), str(tmp_path), "out", on_pages=told.append)
    assert status["status"] == "ok"
    if printed:
        assert told == [int(next(line.split()[-1] for line in printed.splitlines() if line.startswith("Pages:")))]
    assert len(told) == 1 and told[0] > 1
    docx_told: list[int] = []
    convert_document(str(SAMPLE_DOCX), str(tmp_path), "docx", on_pages=docx_told.append)
    assert docx_told == []  # no page count without pages: --timeout alone
    limits = batch_mod.Limits(timeout=600, memory=None, seconds_per_page=4)
    assert (limits.for_pages(10), limits.for_pages(300), limits.for_pages(10**9)) == (600, 1200, 80_000)
    assert batch_mod.Limits(timeout=None, memory=None).for_pages(300) is None
