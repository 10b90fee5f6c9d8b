"""The `renstra` command: a thin click layer over the library. ExtractorError becomes a one-line message."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import ExtractorError, printable


def one_line(message: str, paths: list[Path]) -> str:
    """An error message as one printable line: the names of PATHS (which may hold a newline or bytes that are
    not UTF-8) made printable first, so that a newline in a file name does not hide the reason."""
    for path in paths:
        for text in (str(path), path.name):
            if text and printable(text) != text:
                message = message.replace(text, printable(text))
    lines = [line.strip() for line in printable_lines(message) if line.strip()]
    return lines[0] if lines else ""


def printable_lines(message: str) -> list[str]:
    return [printable(line) for line in message.splitlines()]


def _friendly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Library errors -> 'Error: <one line>' and exit 1; never a traceback for bad input."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        paths = [v for v in kwargs.values() if isinstance(v, Path)]
        try:
            return func(*args, **kwargs)
        except ExtractorError as exc:
            raise click.ClickException(one_line(str(exc), paths) or type(exc).__name__) from None
        except UnicodeError as exc:  # a defect (text the readers should have made valid): still one line
            where = f"{printable(paths[0].name)}: " if paths else ""
            raise click.ClickException(f"{where}internal error: {one_line(str(exc), paths)}") from None
        except ValueError as exc:  # settings validation
            raise click.ClickException(one_line(str(exc), paths)) from None

    return wrapper


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
    return click.option("--nomenclature", "nomenclature", metavar="NAME|PATH", default=None,
                        help="Match rows against this nomenclature: a name stored with 'renstra nomenclature import' "
                             "or a path to a list (CSV, Kepmendagri lampiran or SIPD export spreadsheet).")(func)


def extract_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--number-format", type=click.Choice(["auto", "id", "en"]), default="auto",
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
@click.option("--strict", is_flag=True, help="Exit with code 2 when any value was flagged or any finding raised.")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary on stderr.")
@_friendly
def extract(file: Path, outdir: Path, number_format: str, kinds: tuple[str, ...], nomenclature: str | None,
            strict: bool, quiet: bool) -> None:
    """Extract every TC table of FILE (PDF or DOCX) into OUTDIR: one JSON, one CSV per table kind, findings."""
    from .output import write_outputs
    from .pipeline import extract as run

    progress = not quiet and sys.stderr.isatty()
    result = run(file, {"number_format": number_format, "kinds": kinds, "progress": progress},
                 nomenclature=nomenclature)
    written = write_outputs(result, outdir)
    flagged = sum(1 for t in result.tables for r in t.rows if r.flags)
    if not quiet:
        for table in result.tables:
            pages = f"pages {table.pages[0]}-{table.pages[-1]}" if table.pages else "no page numbers"
            variant = f" ({table.variant})" if table.variant else ""
            click.echo(f"{table.kind}{variant}: {len(table.rows)} rows, {pages}", err=True)
        for note in result.notes:
            click.echo(f"note: {note.message}", err=True)
        click.echo(f"{len(result.findings)} finding(s), {flagged} flagged row(s); wrote {len(written)} file(s) "
                   f"to {outdir}", err=True)
    if strict and (flagged or result.findings):
        sys.exit(2)


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
    """Show the stored nomenclature lists."""
    from .nomenclature import list_nomenclatures

    infos = list_nomenclatures()
    if not infos:
        click.echo("no nomenclature stored; add one with 'renstra nomenclature import FILE'")
    for info in infos:
        click.echo(json.dumps(info if isinstance(info, dict) else getattr(info, "__dict__", str(info)), default=str))


# ------------------------------------------------------------------------------ batch / load (bulk conversion)


def _load_into(outdir: Path, db: str) -> None:
    from .db import load_outputs

    report = load_outputs(outdir, db)
    for _source, error in report.failed:
        click.echo(f"failed: {error}", err=True)
    click.echo(f"loaded {len(report.documents)} document(s) and {len(report.diffs)} diff(s) into {db}", err=True)
    if report.failed:
        raise click.ClickException(f"{len(report.failed)} JSON file(s) under {outdir} could not be loaded")


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUTS...")
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path), required=True,
              help="Folder for one output folder per document, manifest.json and summary.json/.csv.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Documents converted in parallel (default: the number of CPUs).")
@click.option("--force", is_flag=True, help="Convert again documents already converted with this tool version.")
@click.option("--timeout", type=click.FloatRange(min=0), default=600.0, show_default=True,
              help="Seconds one document may take (0: no limit); a slower one is stopped and recorded.")
@click.option("--memory", "memory_gb", type=click.FloatRange(min=0), default=3.0, show_default=True,
              help="GB of memory (address space) one worker may use (0: no limit).")
@click.option("--db", "db", metavar="URL|PATH", default=None,
              help="Then load the outputs into this database (SQLAlchemy URL, or a path for a SQLite file).")
@nomenclature_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no per-document lines.")
@_friendly
def batch(inputs: tuple[str, ...], outdir: Path, workers: int | None, force: bool, timeout: float,
          memory_gb: float, db: str | None, nomenclature: str | None, quiet: bool) -> None:
    """Convert many documents (folders, globs, files) into OUTDIR, in parallel; skips what is already done.

    Exit code 1 when any document failed (see OUTDIR/summary.csv), 130 when interrupted.
    """
    from .batch import BatchInterrupted, DocumentStatus, run_batch

    def report(status: DocumentStatus) -> None:
        if status.status == "failed" and not quiet:
            click.echo(f"failed: {status.file}: {status.error}", err=True)

    try:
        summary = run_batch(list(inputs), outdir, workers=workers, force=force, nomenclature=nomenclature,
                            progress=not quiet and sys.stderr.isatty(), report=report, timeout=timeout or None,
                            memory_gb=memory_gb or None)
    except BatchInterrupted as exc:
        s = exc.summary
        click.echo(f"interrupted: {s.ok} ok, {s.failed} failed, {s.skipped} skipped before Ctrl-C; "
                   f"summary in {outdir / 'summary.csv'}", err=True)
        sys.exit(130)
    click.echo(f"{summary.ok} ok, {summary.failed} failed, {summary.skipped} skipped in {summary.seconds:.1f}s; "
               f"summary in {outdir / 'summary.csv'}", err=True)
    if db:
        _load_into(outdir, db)
    if summary.failed:
        raise click.ClickException(f"{summary.failed} of {len(summary.documents)} document(s) failed; "
                                   f"see {outdir / 'summary.csv'}")


@main.command()
@click.argument("outdir", type=click.Path(path_type=Path))
@click.option("--db", "db", metavar="URL|PATH", required=True,
              help="SQLAlchemy URL (postgresql://user@host/db) or a path for a SQLite file.")
@_friendly
def load(outdir: Path, db: str) -> None:
    """Load every extracted JSON under OUTDIR into a database (schema: docs/database.md); re-loading replaces."""
    _load_into(outdir, db)


# ---------------------------------------------------------------- diff (discrepancy report)


@main.command("diff")
@click.argument("before", type=click.Path(path_type=Path))
@click.argument("after", type=click.Path(path_type=Path), required=False)
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path), required=True,
              help="Folder for the reports (created if missing).")
@click.option("--format", "formats", type=click.Choice(["all", "json", "csv", "md", "html", "xlsx"]),
              multiple=True, default=("all",), show_default=True, help="Which reports to write; repeatable.")
@click.option("--rename-threshold", type=float, default=None,
              help="Fuzzy name score (0-100) to pair two rows as renamed/renumbered (default 80).")
@_friendly
def diff(before: Path, after: Path | None, outdir: Path, formats: tuple[str, ...],
         rename_threshold: float | None) -> None:
    """Discrepancy report between BEFORE and AFTER (each a PDF, DOCX or a JSON written by 'renstra extract').

    With BEFORE alone, compares the Sebelum and Sesudah Perubahan variants of the tables it prints twice.
    """
    from .diff import compare, compare_variants, load_document
    from .diff_render import write_diff

    settings = {"rename_threshold": rename_threshold} if rename_threshold is not None else None
    if after is None:
        result = compare_variants(load_document(before), settings)
    else:
        result = compare(load_document(before), load_document(after), settings)
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


if __name__ == "__main__":  # pragma: no cover
    main()
