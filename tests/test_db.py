"""Loading extracted outputs into SQLite (always) and PostgreSQL (when RENSTRA_TEST_PG is set), and reading back."""

from __future__ import annotations

import json
import os
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from conftest import SAMPLE_DOCX, SAMPLE_PDF, extracted

from extractor import db
from extractor.cli import main
from extractor.errors import OutputError
from extractor.output import write_outputs

PG_URL = os.environ.get("RENSTRA_TEST_PG")
SAMPLES = [p for p in (SAMPLE_DOCX, SAMPLE_PDF) if p.exists()]
pytestmark = pytest.mark.skipif(not SAMPLES, reason="sample documents not built yet (samples/make_samples.py)")
TABLES = ("documents", "tables", "rows", "yearly_values", "findings", "notes", "diffs")
VOLATILE = {"loaded_at"}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """OUTDIR as a batch leaves it: one folder per sample, a summary.json, and a diff JSON."""
    out = tmp_path_factory.mktemp("outputs")
    for path in SAMPLES:
        write_outputs(extracted(path), out / path.suffix.lstrip("."))
    (out / "summary.json").write_text(json.dumps({"counts": {}, "documents": []}))
    try:
        from extractor.diff import compare_variants
    except ImportError:
        return out
    diff = compare_variants(extracted(SAMPLES[0])).to_dict()
    (out / "diffs").mkdir()
    (out / "diffs" / "tc25.diff.json").write_text(json.dumps(diff, ensure_ascii=False, default=str))
    return out


def _sqlite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield str(tmp_path_factory.mktemp("db") / "renstra.sqlite")


def _postgres() -> Iterator[str]:
    if not PG_URL:
        pytest.skip("RENSTRA_TEST_PG not set (.ci/run starts a PostgreSQL and sets it)")
    admin = sa.create_engine(db.database_url(PG_URL), isolation_level="AUTOCOMMIT")
    name = f"renstra_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL at RENSTRA_TEST_PG not reachable: {str(exc).splitlines()[0]}")
    url = sa.engine.make_url(db.database_url(PG_URL)).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def loaded(request: pytest.FixtureRequest, outputs: Path,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, db.LoadReport]]:
    gen = _sqlite(tmp_path_factory) if request.param == "sqlite" else _postgres()
    url = next(gen)
    report = db.load_outputs(outputs, url)
    yield url, report
    gen.close()


def _query(url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    engine = sa.create_engine(db.database_url(url))
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text(sql), params)]
    finally:
        engine.dispose()


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows (loaded_at left out), sorted, with JSON values as canonical text."""
    engine = sa.create_engine(db.database_url(url))
    out: dict[str, list[tuple[Any, ...]]] = {}
    try:
        with engine.connect() as conn:
            for table in db.metadata.sorted_tables:
                cols = [c for c in table.c if c.name not in VOLATILE]
                rows = conn.execute(sa.select(*cols)).all()
                out[table.name] = sorted((tuple(_canon(v) for v in r) for r in rows), key=repr)
    finally:
        engine.dispose()
    return out


def _canon(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# ------------------------------------------------------------------------------------------------ tests


def test_every_document_is_loaded_and_other_json_skipped(loaded: tuple[str, db.LoadReport]) -> None:
    url, report = loaded
    assert sorted(report.documents) == sorted(extracted(p).document.sha256 for p in SAMPLES)
    assert report.failed == []
    assert "summary.json" in report.skipped
    assert _query(url, "SELECT count(*) FROM documents") == [(len(SAMPLES),)]


def test_row_counts_per_table_kind(loaded: tuple[str, db.LoadReport]) -> None:
    url, _ = loaded
    for path in SAMPLES:
        result = extracted(path)
        expected: Counter[str] = Counter()
        for table in result.tables:
            expected[table.kind] += len(table.rows)
        got = dict(_query(url, "SELECT kind, count(*) FROM rows WHERE document_sha256 = :sha GROUP BY kind",
                          sha=result.document.sha256))
        assert got == dict(expected)
        n_tables = _query(url, "SELECT count(*), sum(n_rows) FROM tables WHERE document_sha256 = :sha",
                          sha=result.document.sha256)
        assert n_tables == [(len(result.tables), sum(expected.values()))]


def test_a_programs_yearly_rupiah_as_printed_in_the_seed(loaded: tuple[str, db.LoadReport]) -> None:
    url, _ = loaded
    got = _query(url, """
        SELECT d.format, y.value, y.raw FROM yearly_values y
        JOIN rows r ON r.document_sha256 = y.document_sha256 AND r.table_index = y.table_index
                   AND r.row_index = y.row_index
        JOIN documents d ON d.sha256 = r.document_sha256
        WHERE r.kind = 'TC.27' AND r.code = '2.17.04' AND y.year = 2024 AND y.field = 'rp'
        ORDER BY d.format""")
    assert [(fmt, value) for fmt, value, _raw in got] == [(p.suffix[1:], 550_000_000) for p in sorted(SAMPLES)]
    assert {raw for _fmt, _value, raw in got} == {"550,000,000"}
    level, name, target_akhir, rp_akhir = _query(
        url, "SELECT level, name, target_akhir, rp_akhir FROM rows WHERE code = '2.17.04' AND kind = 'TC.27'")[0]
    assert (level, name, target_akhir, rp_akhir) == ("program", "PROGRAM PENILAIAN KESEHATAN KSP/USP KOPERASI",
                                                     105, 1_980_000_000)


def test_findings_and_notes_are_loaded(loaded: tuple[str, db.LoadReport]) -> None:
    url, _ = loaded
    for path in SAMPLES:
        result = extracted(path)
        sha = result.document.sha256
        rows = _query(url, "SELECT check_name, table_kind, row_index, field, year, printed, expected, message "
                           "FROM findings WHERE document_sha256 = :sha ORDER BY finding_index", sha=sha)
        assert len(rows) == len(result.findings)
        for row, finding in zip(rows, result.findings):
            assert row == (finding.check, finding.table, finding.row, finding.field, finding.year,
                           finding.printed, finding.expected, finding.message)
        n_notes = len(result.notes) + sum(len(t.notes) for t in result.tables)
        assert _query(url, "SELECT count(*) FROM notes WHERE document_sha256 = :sha", sha=sha) == [(n_notes,)]
        codes = {c for (c,) in _query(url, "SELECT code FROM notes WHERE document_sha256 = :sha", sha=sha)}
        assert "codes-unknown" in codes  # matched by default: the codes of the sample the chosen list lacks


def test_flags_and_other_fields_are_kept_as_json(loaded: tuple[str, db.LoadReport]) -> None:
    url, _ = loaded
    result = extracted(SAMPLES[0])
    flagged = [(ti, ri, r) for ti, t in enumerate(result.tables) for ri, r in enumerate(t.rows) if r.flags]
    ti, ri, row = flagged[0]
    engine = sa.create_engine(db.database_url(url))
    with engine.connect() as conn:
        got = conn.execute(sa.select(db.rows.c.flags, db.rows.c.fields, db.rows.c.raw).where(
            db.rows.c.document_sha256 == result.document.sha256, db.rows.c.table_index == ti,
            db.rows.c.row_index == ri)).one()
    engine.dispose()
    assert got.flags == [f.to_dict() for f in row.flags]
    assert got.raw == row.raw
    t28 = next(i for i, t in enumerate(result.tables) if t.kind == "TC.28")
    with engine.connect() as conn:
        fields = conn.execute(sa.select(db.rows.c.fields).where(
            db.rows.c.document_sha256 == result.document.sha256, db.rows.c.table_index == t28,
            db.rows.c.row_index == 0)).scalar_one()
    engine.dispose()
    data = result.tables[t28].rows[0].data
    expected = {k: v for k, v in data.items() if k not in db._ROW_OWN}
    assert fields == expected and fields  # TC.28's own columns (no, indikator, kondisi_akhir, ...)


def test_diff_json_goes_into_diffs(loaded: tuple[str, db.LoadReport], outputs: Path) -> None:
    url, report = loaded
    diff_path = outputs / "diffs" / "tc25.diff.json"
    if not diff_path.exists():
        pytest.skip("extractor.diff not available")
    data = json.loads(diff_path.read_text(encoding="utf-8"))
    assert report.diffs == ["diffs/tc25.diff.json"]
    rows = _query(url, "SELECT diff_index, table_kind, change, key, field, year FROM diffs ORDER BY diff_index")
    assert len(rows) == len(data["differences"]) > 0
    first = data["differences"][0]
    assert rows[0][1:] == (first["table"], first["kind"], first["key"], first["field"], first["year"])


def test_reloading_changes_nothing(loaded: tuple[str, db.LoadReport], outputs: Path) -> None:
    url, _ = loaded
    before = snapshot(url)
    again = db.load_outputs(outputs, url)
    assert again.failed == []
    assert snapshot(url) == before


def test_sqlite_and_postgresql_agree(outputs: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    sqlite_gen, pg_gen = _sqlite(tmp_path_factory), _postgres()
    sqlite_url, pg_url = next(sqlite_gen), next(pg_gen)
    try:
        db.load_outputs(outputs, sqlite_url)
        db.load_outputs(outputs, pg_url)
        lite, pg = snapshot(sqlite_url), snapshot(pg_url)
        for table in TABLES:
            assert len(lite[table]) == len(pg[table]), table
            assert lite[table] == pg[table], table
    finally:
        pg_gen.close()


def test_a_failing_load_leaves_the_previous_rows(outputs: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    url = str(tmp_path / "r.sqlite")
    db.load_outputs(outputs, url)
    before = snapshot(url)
    real = db._document_records

    def duplicate_notes(data: dict[str, Any], source: str) -> dict[Any, list[dict[str, Any]]]:
        records = real(data, source)
        records[db.notes] = records[db.notes] * 2  # duplicate primary keys: the insert fails half-way
        return records

    monkeypatch.setattr(db, "_document_records", duplicate_notes)
    report = db.load_outputs(outputs, url)
    assert report.documents == [] and len(report.failed) == len(SAMPLES)
    assert all("IntegrityError" in error for _f, error in report.failed)
    assert snapshot(url) == before


def test_a_broken_json_is_reported_and_the_rest_loads(outputs: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    for p in outputs.rglob("*.json"):
        target = folder / p.relative_to(outputs)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(p.read_bytes())
    (folder / "broken.json").write_text('{"document": {"sha256": "x"')
    (folder / ".partial-x-123").mkdir()
    (folder / ".partial-x-123" / "half.json").write_text("{")
    report = db.load_outputs(folder, tmp_path / "r.sqlite")
    assert len(report.documents) == len(SAMPLES)
    assert [f for f, _e in report.failed] == ["broken.json"]
    assert "not readable JSON" in report.failed[0][1]


def test_database_urls() -> None:
    assert db.database_url("renstra.sqlite") == "sqlite:///" + str(Path("renstra.sqlite").resolve())
    assert db.database_url("postgresql://u@h:5432/d") == "postgresql+psycopg://u@h:5432/d"
    assert db.database_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert db.database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_an_unusable_database_is_a_one_line_error(tmp_path: Path, outputs: Path) -> None:
    with pytest.raises(OutputError):
        db.connect("nosuchdialect://x/y")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    runner = CliRunner()
    for target in (str(blocker / "sub" / "r.sqlite"), "postgresql://nobody@127.0.0.1:1/none"):
        result = runner.invoke(main, ["load", str(outputs), "--db", target])
        assert result.exit_code == 1, result.output
        assert result.output.startswith("Error: ") and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1, result.output
    missing = runner.invoke(main, ["load", str(tmp_path / "nope"), "--db", str(tmp_path / "r.sqlite")])
    assert missing.exit_code == 1 and missing.output.startswith("Error: ")


def test_cli_load(outputs: Path, tmp_path: Path) -> None:
    target = tmp_path / "cli.sqlite"
    result = CliRunner().invoke(main, ["load", str(outputs), "--db", str(target)])
    assert result.exit_code == 0, result.output
    assert f"loaded {len(SAMPLES)} document(s)" in result.output
    assert _query(str(target), "SELECT count(*) FROM documents") == [(len(SAMPLES),)]
