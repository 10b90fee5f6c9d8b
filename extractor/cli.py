"""The `renstra` command: a thin click layer over the library. ExtractorError becomes a one-line message."""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from . import __version__
from .errors import INCOMPLETE_NOTE_CODES, ExtractorError, first_line, printable
from .model import Result
from .settings import (
    DEFAULT_MEMORY_GB,
    DEFAULT_NUMBER_FORMAT,
    DEFAULT_OCR,
    DEFAULT_RENAME_THRESHOLD,
    DEFAULT_SECONDS_PER_PAGE,
    DEFAULT_TIMEOUT,
    DIFF_FORMATS,
    NUMBER_FORMATS,
    OCR_MODES,
    SettingsError,
)

# numpy serves us a few comparisons of arrays per page, never linear algebra; OpenBLAS would start a thread per
# core when numpy is imported, spinning for a while (about 0.1 s of CPU in every run, and in every batch worker).
# The command runs in a process of its own: one thread is enough (a value the user set is kept).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def one_line(message: str, paths: list[Path]) -> str:
    """An error message as one printable line: the names of PATHS (which may hold a newline or bytes that are
    not UTF-8) made printable first, so that a newline in a file name does not hide the reason."""
    for path in paths:
        for text in (str(path), path.name):
            if text and printable(text) != text:
                message = message.replace(text, printable(text))
    return printable(first_line(message))


def _friendly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Library errors (bad input, a setting out of range) -> 'Error: <one line>' and exit 1, never a traceback.

    Any other exception is a defect of ours, said as such in one line (exit 1); with ``--debug`` (or
    RENSTRA_DEBUG=1) its traceback follows."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        paths = [v for v in kwargs.values() if isinstance(v, Path)]
        try:
            return func(*args, **kwargs)
        except ExtractorError as exc:
            raise click.ClickException(one_line(str(exc), paths) or type(exc).__name__) from None
        except SettingsError as exc:
            raise click.ClickException(one_line(str(exc), paths)) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt, SystemExit):
            raise
        except BrokenPipeError:
            _output_closed()
        except Exception as exc:  # noqa: BLE001 - a defect: said as one, never passed off as the user's input
            if kwargs.get("debug") or os.environ.get("RENSTRA_DEBUG"):
                traceback.print_exc()
            named = kwargs.get("file") if isinstance(kwargs.get("file"), Path) else (paths[0] if paths else None)
            where = f"{printable(named.name)}: " if named is not None else ""
            message = one_line(" ".join(str(exc).split())[:200], paths)
            raise click.ClickException(f"{where}internal error ({type(exc).__name__}: {message}): a defect in "
                                       "renstra, not in the input; rerun with --debug for the traceback") from None

    return wrapper


def _output_closed() -> NoReturn:
    """The reader of the command's output went away (``renstra tables FILE | head``): nothing is wrong. Stop
    quietly, with the status of a program ended by SIGPIPE (141); what is left to write goes to /dev/null instead
    of into a second error as Python exits."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(141)  # 128 + SIGPIPE (13)


class _Command(click.Command):
    """A renstra command: an unknown option that looks like a file name ('-renstra.docx') gives one line
    saying to put '--' before it, instead of the usage text."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given = list(args)  # the parser consumes ARGS
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption:
            files = [a for a in given if a.startswith("-") and a != "--" and (Path(a).suffix or Path(a).exists())]
            if not files:
                raise
            name = printable(files[0])
            hint = click.ClickException(f"{name}: no such option; to name a file whose name starts with '-', put "
                                        f"'--' before it: renstra {ctx.info_name} ... -- {name}")
            hint.exit_code = 2
            raise hint from None


class _Group(click.Group):
    command_class = _Command


def nomenclature_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--nomenclature", "nomenclature", metavar="NAME|PATH|none", default=None,
                        help="Match rows against this nomenclature: a bundled or imported list's name (see 'renstra "
                             "nomenclature list'), a path to a list (CSV, Kepmendagri lampiran or SIPD export), or "
                             "'none' to skip matching. Default: the list that fits the document best.")(func)


def extract_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--number-format", type=click.Choice(NUMBER_FORMATS), default=DEFAULT_NUMBER_FORMAT,
                        show_default=True, help="How numbers are written; auto decides per column and document.")(func)
    func = click.option("--kind", "kinds", multiple=True, metavar="KIND",
                        help="Only these table kinds (TC.23 ... TC.28, IKU); repeatable.")(func)
    return nomenclature_option(func)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="renstra")
def main() -> None:
    """renstra: turn Renstra / Perubahan Renstra documents (PDF, DOCX) into clean, checked data."""


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path), required=True,
              help="Folder for the JSON and CSV outputs (created if missing).")
@extract_options
@click.option("--ocr", type=click.Choice(OCR_MODES), default=DEFAULT_OCR, show_default=True,
              help="PDF pages without text: auto OCRs a wholly scanned PDF and, in a PDF with text, the image pages "
                   "that can hold a table (others are named in a note); always OCRs every image page; never none.")
@click.option("--strict", is_flag=True,
              help="Exit with code 2 when any value was flagged, any finding raised, any table's header was not "
                   "understood, any page was not read (page-failed, internal-error, ocr-* notes), or no table was "
                   "found.")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary on stderr.")
@click.option("--debug", is_flag=True, help="Print the traceback of any internal error (it is always written to "
                                            "OUTDIR/<name>.errors.log).")
@click.option("--review", "with_review", is_flag=True,
              help="Also write <name>.review.html: every flagged value and finding beside the crop of its page.")
@_friendly
def extract(file: Path, outdir: Path, number_format: str, kinds: tuple[str, ...], nomenclature: str | None,
            ocr: str, strict: bool, quiet: bool, debug: bool, with_review: bool) -> None:
    """Extract every TC table of FILE (PDF or DOCX) into OUTDIR: one JSON, one CSV per table kind, findings."""
    from .output import write_outputs
    from .pipeline import extract as run

    progress = not quiet and sys.stderr.isatty()
    result = run(file, {"number_format": number_format, "kinds": kinds, "ocr": ocr}, nomenclature=nomenclature,
                 progress=_pages_scanned(file.name) if progress else None)
    if progress:
        click.echo(f"{printable(file.name)}: {len(result.tables)} table(s) found", err=True)
    written = write_outputs(result, outdir)
    stem = written[0].name[: -len(".json")]  # the outputs' stem (shortened for a very long input name)
    if with_review:
        from .review import write_review

        written.append(write_review(result, file, outdir, stem))
    log = _write_error_log(result.tracebacks, outdir, stem)
    if debug:
        for trace in result.tracebacks:
            click.echo(trace, err=True)
    not_understood = [n for t in result.tables for n in t.notes if n.code == "header-not-understood"]
    not_found = [n for n in result.notes if n.code == "table-not-found"]
    for note in not_understood + not_found:  # never silent on a table not understood or not found, even with -q
        click.echo(f"warning: {note.message}", err=True)
    flagged = sum(1 for t in result.tables for r in t.rows if r.flags)
    if not quiet:
        _say_what_was_found(result, log)
        click.echo(f"{len(result.findings)} finding(s), {flagged} flagged row(s); wrote {len(written)} file(s) "
                   f"to {outdir}", err=True)
    incomplete = [n for n in result.notes if n.code in INCOMPLETE_NOTE_CODES]
    if strict and (flagged or result.findings or not_understood or not_found or incomplete):
        sys.exit(2)


def _pages_scanned(name: str) -> Callable[[int, int], None]:
    """The progress callback of an extraction: 'NAME: pages scanned 3/40' rewritten in place on stderr."""
    shown = printable(name)

    def report(done: int, total: int) -> None:
        click.echo(f"\r{shown}: pages scanned {done}/{total}", nl=done >= total, err=True)

    return report


def _say_what_was_found(result: Result, log: Path | None) -> None:
    """Each table with its rows and pages and its notes, the document's notes, the matching, the error log."""
    from .matching import summary_line

    for table in result.tables:
        pages = f"pages {table.pages[0]}-{table.pages[-1]}" if table.pages else "no page numbers"
        variant = f" ({table.variant})" if table.variant else ""
        click.echo(f"{table.kind}{variant}: {len(table.rows)} rows, {pages}", err=True)
        for note in table.notes:
            if note.code != "header-not-understood":
                click.echo(f"  note: {note.message}", err=True)
    for note in result.notes:
        if note.code != "table-not-found":  # printed as a warning
            click.echo(f"note: {note.message}", err=True)
    click.echo(summary_line(result.matching), err=True)
    if log is not None:
        click.echo(f"internal error(s): tracebacks in {log}", err=True)


def _write_error_log(tracebacks: list[str], outdir: Path, stem: str) -> Path | None:
    """OUTDIR/<stem>.errors.log with the tracebacks of the internal errors (None when there were none); ``stem``
    is the one the outputs were written under (shortened when the input's name is too long)."""
    from .output import write_atomic

    log = outdir / f"{stem}.errors.log"
    if not tracebacks:
        log.unlink(missing_ok=True)  # a previous run's
        return None
    write_atomic(log, "\n\n".join(tracebacks))
    return log


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@_friendly
def tables(file: Path) -> None:
    """Debug dump: every raw table found in FILE with its page, size, recognised kind and first rows."""
    from .readers import read_document
    from .recognise import raw_to_tc

    doc = read_document(file)
    for rec in raw_to_tc(doc.tables):
        raw = rec.raw
        click.echo(f"#{raw.index} page={raw.page} {raw.n_rows}x{raw.n_cols} kind={rec.kind} how={rec.how_found} "
                   f"variant={rec.variant} caption={rec.caption!r}")
        for row in raw.grid()[:4]:
            click.echo("   | " + " | ".join(c.replace("\n", " ")[:18] for c in row))


@main.group()
def nomenclature() -> None:
    """Store and list official nomenclature lists (Kepmendagri code lists)."""


@nomenclature.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--name", default=None, help="Version label to store it under (default: the file name).")
@_friendly
def nomenclature_import(file: Path, name: str | None) -> None:
    """Validate FILE and store it under a version label in the user's data folder."""
    from .nomenclature import import_nomenclature

    stored = import_nomenclature(file, name or file.stem)
    click.echo(f"stored {stored}")


@nomenclature.command("list")
@_friendly
def nomenclature_list() -> None:
    """Show the bundled and imported nomenclature lists (an imported list shadows a bundled one of its name)."""
    from .nomenclature import available_nomenclatures, bundled_nomenclatures

    shown = available_nomenclatures()
    shadowed = [b for b in bundled_nomenclatures() if b not in shown]
    if not any(i.origin == "imported" for i in shown):
        click.echo("no nomenclature stored by import (add a newer list with 'renstra nomenclature import FILE "
                   "--name NAME'); the bundled lists:")
    for info in shown + shadowed:
        state = " (shadowed by the imported list)" if info in shadowed else ""
        jenis = f" {info.jenis}" if info.jenis else ""
        year = f" {info.year}" if info.year else ""
        click.echo(f"{info.name:16s} {info.origin}{state}{jenis}{year}, {info.entries} entries, version: "
                   f"{info.version}")


@nomenclature.command("show")
@click.argument("code")
@click.option("--nomenclature", "name", metavar="NAME|PATH", default=None,
              help="Look only in this list (default: every bundled and imported list).")
@_friendly
def nomenclature_show(code: str, name: str | None) -> None:
    """Print the entry CODE (e.g. 2.17.07.2.01.0003) with its parents, and its replacement where a list retires it."""
    from .nomenclature import available_nomenclatures, entry_path, load_stored, resolve_nomenclature

    lists = [(name, resolve_nomenclature(name))] if name else [(i.name, load_stored(i))
                                                                 for i in available_nomenclatures()]
    found = False
    for label, nom in lists:
        path, rep = entry_path(nom, code), nom.replacements.get(code)
        if not path and rep is None:
            continue
        found = True
        click.echo(f"{label}:")
        for depth, entry in enumerate(path, start=1):
            unit = f"  [satuan: {entry.unit}]" if entry.unit else ""
            click.echo(f"{'  ' * depth}{entry.code}  {entry.level}  {entry.name}{unit}")
        if rep is not None:
            click.echo(f"  {code} ({rep.old_name}) is retired; replaced by {rep.new_code} {rep.new_name}")
    if not found:
        raise click.ClickException(f"{code}: in none of {', '.join(label for label, _nom in lists)}")


# ------------------------------------------------------------------------------ batch / load (bulk conversion)


def _finish_loading(loading: Any) -> None:
    """The end of ``batch --db``: what ``db.BatchLoader`` loaded, failed, or why it stopped."""
    loading.close()
    report = loading.report
    for _source, error in report.failed:
        click.echo(f"failed: {error}", err=True)
    click.echo(f"loaded {len(report.documents)} document(s) into {loading.db} as they were converted", err=True)
    if loading.stopped:
        raise click.ClickException(f"loading stopped: {loading.stopped}")
    if report.failed:
        raise click.ClickException(f"{len(report.failed)} JSON file(s) under {loading.outdir} could not be loaded")


def _load_into(outdir: str, db: str) -> None:
    from .db import load_outputs

    report = load_outputs(outdir, db)
    for _source, error in report.failed:
        click.echo(f"failed: {error}", err=True)
    click.echo(f"loaded {len(report.documents)} document(s) and {len(report.diffs)} diff(s) into {db}", err=True)
    if report.failed:
        raise click.ClickException(f"{len(report.failed)} JSON file(s) under {outdir} could not be loaded")


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUTS...")
@click.option("-o", "--output", "outdir", metavar="OUTDIR", required=True,
              help="Folder (or URL: s3://bucket/out, gs://..., memory://...) for one output folder per document, "
                   "manifest.json and summary.json/.csv.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Documents converted in parallel (default: the number of CPUs).")
@click.option("--force", is_flag=True, help="Convert again documents already converted with this tool version.")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds one document may take (0: no limit); a slower one is stopped and recorded.")
@click.option("--seconds-per-page", type=click.FloatRange(min=0), default=DEFAULT_SECONDS_PER_PAGE,
              show_default=True,
              help="A PDF may take this long per page when that is more than --timeout (a long scan is OCRed "
                   "page by page); 0: --timeout alone.")
@click.option("--memory", "memory_gb", type=click.FloatRange(min=0), default=DEFAULT_MEMORY_GB, show_default=True,
              help="GB of memory (address space) one worker may use (0: no limit).")
@click.option("--db", "db", metavar="URL|PATH", default=None,
              help="Load each document's outputs into this database (SQLAlchemy URL, or a path for a SQLite "
                   "file) as soon as they are written, while the others are converted.")
@click.option("--cluster", metavar="ADDRESS|local:N", default=None,
              help="Run the documents on a Dask cluster (tcp://scheduler:8786), or on a local one of N worker "
                   "processes (local:N), instead of this machine's process pool (needs renstra[cluster]).")
@nomenclature_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no per-document lines.")
@_friendly
def batch(inputs: tuple[str, ...], outdir: str, workers: int | None, force: bool, timeout: float,
          seconds_per_page: float, memory_gb: float, db: str | None, cluster: str | None,
          nomenclature: str | None, quiet: bool) -> None:
    """Convert many documents (folders, globs, files, or URLs such as s3://bucket/**/*.pdf) into OUTDIR, in
    parallel; skips what is already done.

    Exit code 1 when any document failed (see OUTDIR/summary.csv), 130 when interrupted.
    """
    from .batch import SUMMARY_CSV, BatchInterrupted, DocumentStatus, run_batch
    from .db import BatchLoader
    from .store import open_store

    loading = BatchLoader(outdir, db) if db else None

    def report(status: DocumentStatus) -> None:
        if status.status == "failed" and not quiet:
            click.echo(f"failed: {status.file}: {status.error}", err=True)
        if loading is not None:
            loading.document_done(status)

    try:
        summary = run_batch(list(inputs), outdir, workers=workers, force=force, nomenclature=nomenclature,
                            progress=not quiet and sys.stderr.isatty(), report=report, timeout=timeout or None,
                            seconds_per_page=seconds_per_page,
                            memory_gb=memory_gb or None, cluster=cluster,
                            announce=None if quiet else lambda text: click.echo(text, err=True))
    except BatchInterrupted as exc:
        s = exc.summary
        click.echo(f"interrupted: {s.ok} ok, {s.failed} failed, {s.skipped} skipped before Ctrl-C; "
                   f"summary in {open_store(outdir).display(SUMMARY_CSV)}", err=True)
        if loading is not None:
            _finish_loading(loading)
        sys.exit(130)
    summary_csv = open_store(outdir).display(SUMMARY_CSV)
    click.echo(f"{summary.ok} ok, {summary.failed} failed, {summary.skipped} skipped in {summary.seconds:.1f}s; "
               f"summary in {summary_csv}", err=True)
    if loading is not None:
        _finish_loading(loading)
    if summary.failed:
        raise click.ClickException(f"{summary.failed} of {len(summary.documents)} document(s) failed; "
                                   f"see {summary_csv}")


@main.command()
@click.argument("outdir", metavar="OUTDIR")
@click.option("--db", "db", metavar="URL|PATH", required=True,
              help="SQLAlchemy URL (postgresql://user@host/db) or a path for a SQLite file.")
@_friendly
def load(outdir: str, db: str) -> None:
    """Load every extracted JSON under OUTDIR (a folder, or a URL such as s3://bucket/out) into a database
    (schema: docs/database.md); re-loading replaces."""
    _load_into(outdir, db)


# ---------------------------------------------------------------- diff (discrepancy report)


@main.command("diff")
@click.argument("before", type=click.Path(path_type=Path))
@click.argument("after", type=click.Path(path_type=Path), required=False)
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path), required=True,
              help="Folder for the reports (created if missing).")
@click.option("--format", "formats", type=click.Choice(["all", *DIFF_FORMATS]),
              multiple=True, default=("all",), show_default=True, help="Which reports to write; repeatable.")
@click.option("--rename-threshold", type=float, default=None,
              help="Fuzzy name score (0-100) to pair two rows as renamed/renumbered "
                   f"(default {DEFAULT_RENAME_THRESHOLD:g}).")
@_friendly
def diff(before: Path, after: Path | None, outdir: Path, formats: tuple[str, ...],
         rename_threshold: float | None) -> None:
    """Discrepancy report between BEFORE and AFTER (each a PDF, DOCX or a JSON written by 'renstra extract').

    With BEFORE alone, compares the Sebelum and Sesudah Perubahan variants of the tables it prints twice.
    """
    from .diff import compare, compare_variants, load_document
    from .diff_render import write_diff
    from .pipeline import extract as run

    settings = {"rename_threshold": rename_threshold} if rename_threshold is not None else None
    if after is None:
        result = compare_variants(load_document(before, run), settings)
    else:
        result = compare(load_document(before, run), load_document(after, run), settings)
    written = write_diff(result, outdir, formats)
    s = result.summary
    kinds = ", ".join(f"{k} {n}" for k, n in s["by_kind"].items() if n)
    click.echo(f"{s['total']} change(s) in {s['tables_compared']} table(s)" + (f": {kinds}" if kinds else "")
               + f"; {s['cosmetic']} cosmetic")
    for label, n in s["by_table"].items():
        click.echo(f"  {label}: {n}")
    if result.tables_added or result.tables_removed:
        click.echo(f"tables only after: {', '.join(result.tables_added) or '-'}; "
                   f"only before: {', '.join(result.tables_removed) or '-'}")
    click.echo(f"wrote {len(written)} file(s) to {outdir}", err=True)



# ------------------------------------------------------------------------------------ doctor (inputs)


@main.command()
@click.option("--strict", is_flag=True, help="Exit with code 1 when something an input needs is missing.")
def doctor(strict: bool) -> None:
    """What is installed and what is missing to read each kind of input (LibreOffice, Tesseract, ...)."""
    from .doctor import checks, missing_required, report

    items = checks()
    click.echo(report(items))
    if strict and missing_required(items):
        sys.exit(1)


# ------------------------------------------------------------------------------------ review (by eye)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path), required=True,
              help="Folder for <name>.review.html (created if missing).")
@extract_options
@_friendly
def review(file: Path, outdir: Path, number_format: str, kinds: tuple[str, ...], nomenclature: str | None) -> None:
    """Extract FILE and write a review page: every flagged value and finding beside the crop of its page."""
    from .pipeline import extract as run
    from .review import write_review

    result = run(file, {"number_format": number_format, "kinds": kinds}, nomenclature=nomenclature)
    click.echo(f"wrote {write_review(result, file, outdir)}", err=True)


# ------------------------------------------------------------------------------------ export (import templates)


@main.command()
@click.argument("result_json", type=click.Path(path_type=Path))
@click.option("--to", "layout", default="renstra-template", show_default=True, metavar="LAYOUT",
              help="The import template's layout (mappings/export_layouts.json).")
@click.option("-o", "--output", "target", type=click.Path(path_type=Path), required=True,
              help="The .xlsx file to write.")
@_friendly
def export(result_json: Path, layout: str, target: Path) -> None:
    """Write the TC.27 of an extracted RESULT_JSON as an e-planning import sheet (one row per code)."""
    from .diff import load_result_json
    from .export import export_result

    written = export_result(load_result_json(result_json), layout, target)
    click.echo(f"wrote {written}", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
