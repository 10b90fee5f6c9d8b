"""Batch beyond one machine: a Dask LocalCluster (2 worker processes) gives the same outputs as the process pool,
resumes, records a worker killed mid-document; inputs and outputs on S3 (moto's server on 127.0.0.1) and
memory://; a clear error when the optional packages are missing.

One moto server and one LocalCluster serve the whole module (the cluster's workers get the S3 endpoint from
the environment set before they start)."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import REALDOCS, SAMPLE_DOCX, SAMPLE_PDF

from extractor.batch import BatchSummary, convert_document, read_manifest, run_batch
from extractor.cli import main
from extractor.errors import InputError
from extractor.readers.ocr_tesseract import ocr_problem

distributed = pytest.importorskip("distributed")
pytest.importorskip("s3fs")
moto_server = pytest.importorskip("moto.server")

REPO = Path(__file__).resolve().parents[1]
REAL = [REALDOCS / "pekanbaru_kec-rumbai_renstra_2017-2022.docx", REALDOCS / "cianjur_dkp_renja_2016.pdf"]
# a document whose conversion takes long enough to kill its worker in the middle: the scanned sample, OCRed (~20 s;
# a text Renstra now takes about a second, over before the kill)
SLOW_DOC = SAMPLE_PDF.with_name("renstra_dinkop_magetan_2024-2026_scanned.pdf")
BUCKET = "renstra-test"

pytestmark = pytest.mark.skipif(not SAMPLE_DOCX.exists() or not SAMPLE_PDF.exists(), reason="samples not built")


def _documents() -> list[Path]:
    return [SAMPLE_DOCX, SAMPLE_PDF] + [p for p in REAL if p.exists()]


@pytest.fixture(scope="module")
def s3_env() -> Iterator[dict[str, str]]:
    """moto's S3 server on 127.0.0.1 (a free port), its endpoint and test credentials in the environment."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    env = {"AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}", "AWS_ACCESS_KEY_ID": "test",
           "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    import fsspec

    fs = fsspec.filesystem("s3", skip_instance_cache=True)
    fs.mkdir(BUCKET)
    try:
        yield env
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        server.stop()


@pytest.fixture(scope="module")
def client(s3_env: dict[str, str]) -> Iterator[Any]:
    """A LocalCluster of 2 worker processes, one document at a time each, configured as --cluster local:N is."""
    import dask

    from extractor.executor import DASK_CONFIG

    with dask.config.set(DASK_CONFIG):  # while it lives: a nanny reads it again to restart a worker
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=":0")
        dask_client = distributed.Client(cluster)
        try:
            yield dask_client
        finally:
            dask_client.close()
            cluster.close()


@pytest.fixture(scope="module")
def pool_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BatchSummary]:
    out = tmp_path_factory.mktemp("pool")
    return out, run_batch(_documents(), out, workers=2, progress=False)


@pytest.fixture(scope="module")
def dask_run(client: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BatchSummary]:
    out = tmp_path_factory.mktemp("dask")
    return out, run_batch(_documents(), out, cluster=client, progress=False)


def _outputs(root: Path) -> dict[str, bytes]:
    """Every JSON and CSV of the document folders (the workbook carries a creation time: only its name)."""
    files = {}
    for p in sorted(root.glob("*/*")):
        if p.is_file():
            key = p.relative_to(root).as_posix()
            files[key] = b"" if p.suffix == ".xlsx" else p.read_bytes()
    return files


def test_a_local_cluster_writes_the_same_outputs_as_the_pool(pool_run: tuple[Path, BatchSummary],
                                                             dask_run: tuple[Path, BatchSummary]) -> None:
    (pool_out, pool), (dask_out, dask) = pool_run, dask_run
    assert [d.status for d in pool.documents] == ["ok"] * len(_documents())
    assert sorted((d.file, d.status, d.output, d.rows, d.tables) for d in dask.documents) == \
        sorted((d.file, d.status, d.output, d.rows, d.tables) for d in pool.documents)
    assert len({d.worker for d in dask.documents}) >= 1 and dask.cluster.startswith("tcp://127.0.0.1:")
    pool_files, dask_files = _outputs(pool_out), _outputs(dask_out)
    assert sorted(pool_files) == sorted(dask_files) and len(pool_files) >= 5 * len(_documents())
    assert [k for k in pool_files if pool_files[k] != dask_files[k]] == []
    docx = next(d for d in dask.documents if d.file == str(SAMPLE_DOCX))
    sample = json.loads(dask_files[f"{docx.output}/{SAMPLE_DOCX.stem}.json"])
    assert sample["document"]["file"] == SAMPLE_DOCX.name and sample["document"]["sha256"] == docx.sha256
    manifest = read_manifest(dask_out)
    assert {e["folder"] for e in manifest["documents"].values()} == {d.output for d in dask.documents}
    assert json.loads((dask_out / "summary.json").read_text())["cluster"] == dask.cluster


def test_a_second_cluster_run_skips_everything(client: Any, dask_run: tuple[Path, BatchSummary]) -> None:
    out, first = dask_run
    before = _outputs(out)
    started = time.perf_counter()
    again = run_batch(_documents(), out, cluster=client, progress=False)
    assert [d.status for d in again.documents] == ["skipped"] * len(first.documents)
    assert all("already converted" in d.error for d in again.documents)
    assert time.perf_counter() - started < 30
    assert _outputs(out) == before


# --------------------------------------------------------------------------- object storage


def _s3(env: dict[str, str]) -> Any:
    import fsspec

    return fsspec.filesystem("s3", skip_instance_cache=True, endpoint_url=env["AWS_ENDPOINT_URL"])


def test_inputs_and_outputs_on_s3_through_the_cluster(client: Any, s3_env: dict[str, str], tmp_path: Path,
                                                      pool_run: tuple[Path, BatchSummary]) -> None:
    fs = _s3(s3_env)
    docs = [SAMPLE_DOCX] + [p for p in REAL[1:] if p.exists()]
    for doc in docs:
        fs.put_file(str(doc), f"{BUCKET}/in/sub/{doc.name}")
    fs.pipe_file(f"{BUCKET}/in/notes.txt", b"not a document")
    out = f"s3://{BUCKET}/out"
    summary = run_batch([f"s3://{BUCKET}/in/**"], out, cluster=client, progress=False)
    assert sorted(d.file for d in summary.documents) == sorted(f"s3://{BUCKET}/in/sub/{d.name}" for d in docs)
    assert [d.status for d in summary.documents] == ["ok"] * len(docs), [d.error for d in summary.documents]
    pool_out, _pool = pool_run
    for status in summary.documents:  # byte for byte what the pool wrote from the local files
        for local in sorted((pool_out / status.output).glob("*.*")):
            key = f"{BUCKET}/out/{status.output}/{local.name}"
            assert fs.exists(key), key
            if local.suffix != ".xlsx":
                assert fs.cat_file(key) == local.read_bytes(), key
    assert not [k for k in fs.find(f"{BUCKET}/out") if "/.partial-" in k]
    assert json.loads(fs.cat_file(f"{BUCKET}/out/summary.json"))["counts"]["ok"] == len(docs)
    assert set(read_manifest(out)["documents"]) == {d.sha256 for d in summary.documents}

    again = run_batch([f"s3://{BUCKET}/in/"], out, cluster=client, progress=False)
    assert [d.status for d in again.documents] == ["skipped"] * len(docs)

    from extractor.db import load_outputs

    report = load_outputs(out, tmp_path / "s3.sqlite")
    assert sorted(report.documents) == sorted(d.sha256 for d in summary.documents)
    assert report.failed == [] and set(report.skipped) == {"manifest.json", "summary.json"}


def test_cli_batch_and_load_on_s3_with_the_process_pool(s3_env: dict[str, str], tmp_path: Path) -> None:
    fs = _s3(s3_env)
    fs.put_file(str(SAMPLE_DOCX), f"{BUCKET}/cli-in/{SAMPLE_DOCX.name}")
    env = {**os.environ, **s3_env}
    run = subprocess.run([sys.executable, "-m", "extractor", "batch", f"s3://{BUCKET}/cli-in/*.docx",
                          "-o", f"s3://{BUCKET}/cli-out/", "--workers", "1", "-q"],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert f"summary in s3://{BUCKET}/cli-out/summary.csv" in run.stderr
    names = sorted(k.rsplit("/", 1)[1] for k in fs.find(f"{BUCKET}/cli-out"))
    stem = SAMPLE_DOCX.stem
    assert {f"{stem}.json", f"{stem}.xlsx", f"{stem}.tc27.csv", "manifest.json", "summary.csv"} <= set(names)
    loaded = subprocess.run([sys.executable, "-m", "extractor", "load", f"s3://{BUCKET}/cli-out",
                             "--db", str(tmp_path / "cli.sqlite")],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert loaded.returncode == 0 and "loaded 1 document(s)" in loaded.stderr, loaded.stderr


def test_memory_urls_round_trip_in_one_process(tmp_path: Path, pool_run: tuple[Path, BatchSummary]) -> None:
    import fsspec

    from extractor.batch import collect_inputs
    from extractor.db import load_outputs

    fs = fsspec.filesystem("memory")
    fs.pipe_file("/renstra-in/a/" + SAMPLE_DOCX.name, SAMPLE_DOCX.read_bytes())
    files, missing = collect_inputs(["memory://renstra-in/**/*.docx", "memory://renstra-in/none/*.pdf"])
    assert files == [f"memory:///renstra-in/a/{SAMPLE_DOCX.name}"]
    assert [m.error for m in missing] == ["memory://renstra-in/none/*.pdf: no document matches"]
    pool_out, pool = pool_run
    folder = next(d.output for d in pool.documents if d.file == str(SAMPLE_DOCX))
    out = convert_document(str(files[0]), "memory://renstra-out", folder)
    assert out["status"] == "ok", out
    for local in (pool_out / folder).glob("*.*"):
        if local.suffix != ".xlsx":
            assert fs.cat_file(f"/renstra-out/{folder}/{local.name}") == local.read_bytes()
    assert not [k for k in fs.find("/renstra-out") if "/.partial-" in k]
    report = load_outputs("memory://renstra-out", tmp_path / "mem.sqlite")
    assert report.documents == [next(d.sha256 for d in pool.documents if d.output == folder)]
    with pytest.raises(InputError, match="memory:// is private to one process"):
        run_batch(["memory://renstra-in/"], tmp_path / "out", progress=False)


# --------------------------------------------------------------------------- without the optional packages


def test_a_url_without_fsspec_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "fsspec", None)  # import fsspec -> ImportError
    result = CliRunner().invoke(main, ["batch", "s3://bucket/in/", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip() == ("Error: s3://bucket/in/: reading and writing URLs needs fsspec: "
                                     "pip install 'renstra[cluster]'")


def test_cluster_without_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = CliRunner().invoke(main, ["batch", str(SAMPLE_DOCX), "-o", str(tmp_path / "out"), "--cluster",
                                       "local:2"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip() == "Error: --cluster needs Dask (dask[distributed]): pip install 'renstra[cluster]'"
    bad = CliRunner().invoke(main, ["batch", str(SAMPLE_DOCX), "-o", str(tmp_path / "out"), "--cluster", "local:0"])
    assert bad.exit_code == 1 and "local:N" in bad.output


# --------------------------------------------------------------------------- Ctrl-C


def test_ctrl_c_on_a_local_cluster_keeps_what_finished(tmp_path: Path) -> None:
    from badfiles import variant_docx

    src = tmp_path / "in"
    src.mkdir()
    for i in range(5):
        variant_docx(src / f"doc{i}.docx", f"copy {i}")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "extractor", "batch", str(src), "-o", str(out), "--cluster",
                             "local:2"], cwd=REPO, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if out.exists() and any(p.is_dir() and not p.name.startswith(".") for p in out.iterdir()):
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the batch finished before it could be interrupted"
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the batch and its cluster's processes
        _out, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, stderr
    assert "Dask dashboard: http://127.0.0.1:" in stderr and "interrupted:" in stderr and "Traceback" not in stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["interrupted"] is True
    done = [d for d in summary["documents"] if d["status"] == "ok"]
    assert 1 <= len(done) < 5 and len({d["file"] for d in summary["documents"]}) == len(summary["documents"])
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert {d["output"] for d in done} <= set(folders) and not [f for f in folders if f.startswith(".")]
    again = run_batch([src], out, workers=2, progress=False)
    assert again.skipped == len(done) and again.ok == 5 - len(done)


# Ctrl-C while distributed's sync() has not yet begun the call it runs on the loop: the loop is kept busy, so the
# interrupt always lands in that window. Its cancel callback then raises NameError (distributed 2026.8), logged by
# tornado with a traceback unless the batch's filter is on.
_INTERRUPTED_SYNC = """
import asyncio, contextlib, logging, os, signal, sys, threading, time
from distributed.utils import LoopRunner, sync
from extractor.executor import _lost_cancel_of_sync_dropped
logging.basicConfig()
runner = LoopRunner(asynchronous=False)
runner.start()
async def call():
    await asyncio.sleep(0.1)
with _lost_cancel_of_sync_dropped() if sys.argv[1] == "filtered" else contextlib.nullcontext():
    runner.loop.add_callback(time.sleep, 1.0)
    threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT)).start()
    try:
        sync(runner.loop, call)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
    time.sleep(1.5)
    logging.getLogger("tornado.application").error("another error", exc_info=NameError("name 'x' is not defined"))
runner.stop()
"""


def test_ctrl_c_before_a_dask_call_began_logs_no_traceback() -> None:
    def run(mode: str) -> str:
        done = subprocess.run([sys.executable, "-c", _INTERRUPTED_SYNC, mode], cwd=REPO, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0 and "interrupted" in done.stderr, done.stderr
        return done.stderr

    unfiltered = run("plain")
    if "sync.<locals>.cancel" not in unfiltered:
        pytest.skip("this version of distributed cancels an interrupted call that had not begun without an error")
    filtered = run("filtered")
    assert "sync.<locals>.cancel" not in filtered and "free variable 'future'" not in filtered, filtered
    assert "another error" in filtered and "name 'x' is not defined" in filtered  # any other record passes


# --------------------------------------------------------------------------- a worker that dies (last: it restarts one)


def _kill_a_busy_worker(client: Any, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        busy = [address for address, keys in client.processing().items() if keys]
        if busy:
            pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
            time.sleep(1.0)  # into the document: its process has started
            os.kill(pid, signal.SIGKILL)
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not SLOW_DOC.exists() or ocr_problem() is not None, reason="needs the scanned sample and Tesseract")
def test_a_worker_killed_mid_document_is_recorded_not_retried(client: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done: dict[str, BatchSummary] = {}
    thread = threading.Thread(target=lambda: done.update(s=run_batch([SLOW_DOC], out, cluster=client,
                                                                     progress=False)))
    started = time.monotonic()
    thread.start()
    assert _kill_a_busy_worker(client, within=60)
    thread.join(120)
    assert not thread.is_alive() and time.monotonic() - started < 120
    [status] = done["s"].documents
    assert status.status == "failed" and status.failure == "internal_error"
    assert status.error.startswith(f"internal error: the Dask worker died while converting {SLOW_DOC.name}")
    assert "KilledWorker" in status.detail
    assert read_manifest(out)["documents"] == {}
    assert "the Dask worker died" in (out / "internal-errors.log").read_text()
    client.wait_for_workers(2, timeout=60)  # the nanny started a new one
    again = run_batch([SLOW_DOC], out, cluster=client, progress=False)
    assert [d.status for d in again.documents] == ["ok"]
