"""Renderers of one DiffResult: JSON, differences.csv, a Markdown summary, a self-contained HTML report, an XLSX.

Each renderer reads the plain data of diff.DiffResult and nothing else; every file is written whole or not at all
(output.write_atomic for text, a temporary file and a rename for the workbook). CSV is UTF-8 with a byte-order mark;
every text cell of CSV and XLSX goes through output.safe_cell so a spreadsheet never runs it as a formula.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .diff import KINDS, Difference, DiffResult, TableDiff, table_label
from .diff_money import MONEY_CSS, hierarchy_html, money_chart_html
from .diff_money import readable as _text
from .files import atomic_path, write_atomic
from .output import csv_text, safe_cell
from .settings import DIFF_FORMATS

FILE_NAMES = {"json": "diff.json", "csv": "differences.csv", "md": "diff.md", "html": "diff.html",
              "xlsx": "diff.xlsx"}
CSV_COLUMNS = ["table", "key", "level", "name", "field", "year", "before", "after", "kind", "page_before",
               "page_after", "caused_by"]
KIND_COLOURS = {"added": "C6EFCE", "removed": "FFC7CE", "renamed": "BDD7EE", "code_changed": "D9D2E9",
                "value_changed": "FFEB9C", "text_changed": "FCE4D6", "cosmetic": "EDEDED"}
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# ---------------------------------------------------------------- JSON, CSV, Markdown


def diff_to_json(result: DiffResult) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n"


def _all_differences(result: DiffResult) -> list[Difference]:
    return list(result.differences) + list(result.cosmetic)


def differences_records(result: DiffResult) -> list[dict[str, Any]]:
    """One flat record per difference (changes first, then the cosmetic ones), in CSV_COLUMNS order."""
    return [{"table": table_label(d.table, d.variant_before, d.variant_after), "key": d.key, "level": d.level,
             "name": d.name, "field": d.field, "year": d.year, "before": d.before, "after": d.after, "kind": d.kind,
             "page_before": d.page_before, "page_after": d.page_after, "caused_by": "; ".join(d.caused_by)}
            for d in _all_differences(result)]


def diff_to_csv(result: DiffResult) -> str:
    return csv_text(differences_records(result), CSV_COLUMNS)


def _md(value: Any) -> str:
    return _text(value).replace("\\", "\\\\").replace("|", "\\|")


def _field_label(d: Difference) -> str:
    return f"{d.field} {d.year}" if d.year is not None else (d.field or "")


def _documents_line(result: DiffResult) -> str:
    if result.mode == "variants":
        return f"Variants of {result.before.get('file', '?')}"
    return f"Before: {result.before.get('file', '?')} — After: {result.after.get('file', '?')}"


def diff_to_markdown(result: DiffResult) -> str:
    s = result.summary
    lines = ["# Discrepancy report", "", _documents_line(result), "",
             f"{s['total']} change(s) in {s['tables_compared']} table(s); {s['cosmetic']} cosmetic difference(s) "
             "(spacing, case, line breaks, broken words or bullets only) not counted.", "",
             "## Changes by kind", "", "| kind | count |", "|---|---:|"]
    lines += [f"| {k} | {n} |" for k, n in s["by_kind"].items()]
    lines += ["", "## Changes by table", "", "| table | changes |", "|---|---:|"]
    lines += [f"| {_md(t)} | {n} |" for t, n in s["by_table"].items()]
    if result.tables_added or result.tables_removed:
        lines += ["", f"Tables only after: {', '.join(result.tables_added) or '-'}; "
                      f"only before: {', '.join(result.tables_removed) or '-'}"]
    for title, diffs in (("Differences", result.differences), ("Cosmetic (not counted)", result.cosmetic)):
        lines += ["", f"## {title}", ""]
        if not diffs:
            lines.append("None.")
            continue
        lines += ["| table | key | field | before | after | kind | pages | caused by |", "|---" * 8 + "|"]
        for d in diffs:
            pages = f"{_text(d.page_before) or '-'} / {_text(d.page_after) or '-'}"
            lines.append(f"| {_md(table_label(d.table, d.variant_before, d.variant_after))} | {_md(d.key)} | "
                         f"{_md(_field_label(d))} | {_md(d.before)} | {_md(d.after)} | {d.kind} | {pages} | "
                         f"{_md(', '.join(d.caused_by))} |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- HTML

_CSS = """
body{font-family:system-ui,Arial,sans-serif;margin:1.5em;color:#222;background:#fff}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em}h3{font-size:1.05em}
table{border-collapse:collapse;margin:.5em 0;font-size:.85em}
th,td{border:1px solid #bbb;padding:.25em .45em;vertical-align:top;text-align:left}
th{background:#f0f0f0}.num{text-align:right}
.wide{overflow-x:auto;max-width:100%}
.filters button{margin:.1em;padding:.3em .7em;border:1px solid #888;border-radius:3px;background:#f7f7f7;cursor:pointer}
.filters button.active{background:#333;color:#fff}
td.b{background:#fff5f5}td.a{background:#f5fff5}
td.chg{background:#ffeb9c;font-weight:600}td.cos{background:#ededed}
tr.added td{background:#c6efce}tr.removed td{background:#ffc7ce}
.k-added{color:#1e6b2e}.k-removed{color:#9c0006}.k-renamed{color:#1f4e79}.k-code_changed{color:#5b3f8c}
.k-value_changed{color:#7f6000}.k-text_changed{color:#843c0c}.k-cosmetic{color:#777}
.muted{color:#777}
"""

_SCRIPT = """
(function(){
  var buttons = document.querySelectorAll('.filters button');
  function show(kind){
    document.querySelectorAll('[data-kinds]').forEach(function(el){
      var kinds = el.getAttribute('data-kinds').split(' ');
      el.hidden = kind !== 'all' && kinds.indexOf(kind) < 0;
    });
    buttons.forEach(function(b){ b.classList.toggle('active', b.getAttribute('data-kind') === kind); });
  }
  buttons.forEach(function(b){ b.addEventListener('click', function(){ show(b.getAttribute('data-kind')); }); });
  show('all');
  document.body.setAttribute('data-ready', 'yes');
})();
"""


def _e(value: Any) -> str:
    return html.escape(_text(value))


def _html_counts(result: DiffResult) -> list[str]:
    s = result.summary
    out = ["<table><tr><th>kind</th><th>count</th></tr>"]
    out += [f'<tr><td class="k-{k}">{k}</td><td class="num">{n}</td></tr>' for k, n in s["by_kind"].items()]
    out.append(f'<tr><td class="k-cosmetic">cosmetic (not counted)</td><td class="num">{s["cosmetic"]}</td></tr>')
    out.append("</table><table><tr><th>table</th><th>changes</th></tr>")
    out += [f'<tr><td>{_e(t)}</td><td class="num">{n}</td></tr>' for t, n in s["by_table"].items()]
    out.append("</table>")
    if result.tables_added or result.tables_removed:
        out.append(f"<p>Tables only after: {_e(', '.join(result.tables_added) or '-')}; only before: "
                   f"{_e(', '.join(result.tables_removed) or '-')}</p>")
    return out


def _html_list(result: DiffResult) -> list[str]:
    out = ['<div class="wide"><table id="differences"><tr><th>table</th><th>key</th><th>level</th><th>name</th>'
           "<th>field</th><th>before</th><th>after</th><th>kind</th><th>pages</th><th>caused by</th></tr>"]
    for d in _all_differences(result):
        pages = f"{_text(d.page_before) or '-'} / {_text(d.page_after) or '-'}"
        label = table_label(d.table, d.variant_before, d.variant_after)
        cause = ", ".join(d.caused_by)
        out.append(f'<tr class="diff" data-kinds="{d.kind}"><td>{_e(label)}</td><td>{_e(d.key)}</td>'
                   f"<td>{_e(d.level)}</td><td>{_e(d.name)}</td><td>{_e(_field_label(d))}</td>"
                   f'<td class="b">{_e(d.before)}</td><td class="a">{_e(d.after)}</td>'
                   f'<td class="k-{d.kind}">{d.kind}</td><td>{pages}</td><td>{_e(cause)}</td></tr>')
    out.append("</table></div>")
    return out


def _row_kinds(table: TableDiff, result: DiffResult) -> dict[str, set[str]]:
    kinds: dict[str, set[str]] = {}
    for d in _all_differences(result):
        if (d.table, d.variant_before, d.variant_after) == (table.table, table.variant_before, table.variant_after):
            kinds.setdefault(d.key, set()).add(d.kind)
    return kinds


def _html_table(table: TableDiff, result: DiffResult) -> list[str]:
    """Before and after side by side: per changed column a before cell and an after cell, changes highlighted."""
    shown = [r for r in table.rows if r.status != "same" or r.cosmetic]
    changed_cols = [c for c in table.columns if any(c in r.changed or c in r.cosmetic for r in shown)]
    context = [c for c in ("code", "name") if c in table.columns and c not in changed_cols]
    cols = context + changed_cols
    kinds = _row_kinds(table, result)
    out = [f"<h3>{_e(table.label)}</h3>",
           f'<p class="muted">{len(shown)} of {len(table.rows)} row(s) differ; unchanged rows are not shown.'
           + (f" Columns only after: {_e(', '.join(table.columns_added))}." if table.columns_added else "")
           + (f" Columns only before: {_e(', '.join(table.columns_removed))}." if table.columns_removed else "")
           + "</p>"]
    if not shown:
        return out
    head = "".join(f'<th colspan="2">{_e(c)}</th>' for c in cols)
    sub = "".join("<th>before</th><th>after</th>" for _ in cols)
    out.append(f'<div class="wide"><table class="side"><tr><th rowspan="2">key</th><th rowspan="2">status</th>'
               f"{head}</tr><tr>{sub}</tr>")
    for r in shown:
        cells = []
        for c in cols:
            mark = " chg" if c in r.changed else " cos" if c in r.cosmetic else ""
            vb = r.before.get(c) if r.before else None
            va = r.after.get(c) if r.after else None
            cells.append(f'<td class="b{mark}">{_e(vb)}</td><td class="a{mark}">{_e(va)}</td>')
        data = " ".join(sorted(kinds.get(r.key, {r.status})))
        out.append(f'<tr class="{r.status}" data-kinds="{data}"><td>{_e(r.key)}</td><td>{r.status}</td>'
                   f'{"".join(cells)}</tr>')
    out.append("</table></div>")
    return out


def diff_to_html(result: DiffResult) -> str:
    """One self-contained page (inline style and script, no external resource)."""
    counts = result.summary["by_kind"] | {"cosmetic": result.summary["cosmetic"]}
    buttons = ['<button type="button" data-kind="all">all</button>']
    buttons += [f'<button type="button" data-kind="{k}">{k} ({counts.get(k, 0)})</button>' for k in KINDS]
    parts = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>Discrepancy report — {_e(_documents_line(result))}</title><style>{_CSS}{MONEY_CSS}</style>"
             "</head><body>",
             "<h1>Discrepancy report</h1>", f"<p>{_e(_documents_line(result))}</p>",
             f"<p><b>{result.summary['total']}</b> change(s); {result.summary['cosmetic']} cosmetic difference(s) "
             "(spacing or case only) not counted.</p>", "<h2>Counts</h2>", *_html_counts(result)]
    funding = [t for t in result.tables if t.table == "TC.27"]
    if any(money_chart_html(t) or hierarchy_html(t) for t in funding):
        parts.append("<h2>Funding plan (TC.27)</h2>")
        for table in funding:
            parts += money_chart_html(table) + hierarchy_html(table)
    parts += ['<h2>Differences</h2><div class="filters">', *buttons, "</div>", *_html_list(result),
              "<h2>Before and after</h2>"]
    for table in result.tables:
        parts += _html_table(table, result)
    parts += [f"<script>{_SCRIPT}</script></body></html>"]
    return "\n".join(parts) + "\n"


# ---------------------------------------------------------------- XLSX


def _xl(value: Any) -> Any:
    if isinstance(value, str):
        return safe_cell(_ILLEGAL_XML.sub("", value))
    if isinstance(value, (list, tuple)):
        return safe_cell("; ".join(str(v) for v in value))
    if isinstance(value, dict):  # a row's 'extra' cells: "header: text; ..."
        return safe_cell(_ILLEGAL_XML.sub("", "; ".join(f"{k}: {v}" for k, v in value.items())))
    return value


def _sheet_title(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "", name)[:28] or "table"
    title, n = base, 2
    while title.lower() in used:
        title, n = f"{base[:25]}~{n}", n + 1
    used.add(title.lower())
    return title


def _append(ws: Any, values: Iterable[Any]) -> None:
    ws.append([_xl(v) for v in values])


def _fill(colour: str) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill("solid", start_color=colour, end_color=colour)


def _xlsx_summary(wb: Any, result: DiffResult) -> None:
    ws = wb.active
    ws.title = "Summary"
    _append(ws, ["Discrepancy report"])
    _append(ws, [_documents_line(result)])
    _append(ws, [])
    _append(ws, ["kind", "count"])
    for kind, n in result.summary["by_kind"].items():
        _append(ws, [kind, n])
    _append(ws, ["cosmetic (not counted)", result.summary["cosmetic"]])
    _append(ws, [])
    _append(ws, ["table", "changes"])
    for label, n in result.summary["by_table"].items():
        _append(ws, [label, n])
    ws.column_dimensions["A"].width = 40


def _xlsx_differences(wb: Any, result: DiffResult) -> None:
    from openpyxl.styles import Font

    ws = wb.create_sheet("Differences")
    _append(ws, CSV_COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    kind_col = CSV_COLUMNS.index("kind")
    for rec in differences_records(result):
        _append(ws, [rec[c] for c in CSV_COLUMNS])
        fill = _fill(KIND_COLOURS.get(rec["kind"], "FFFFFF"))
        row = ws[ws.max_row]
        for idx in (kind_col, CSV_COLUMNS.index("before"), CSV_COLUMNS.index("after")):
            row[idx].fill = fill
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def _xlsx_table(wb: Any, table: TableDiff, used: set[str]) -> None:
    """All rows, before and after side by side per column; changed cells and added/removed rows coloured."""
    from openpyxl.styles import Font

    ws = wb.create_sheet(_sheet_title(table.label, used))
    _append(ws, ["key", "status"] + [f"{c} ({side})" for c in table.columns for side in ("before", "after")])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in table.rows:
        values: list[Any] = [r.key, r.status]
        for c in table.columns:
            values += [r.before.get(c) if r.before else None, r.after.get(c) if r.after else None]
        _append(ws, values)
        row = ws[ws.max_row]
        if r.status in ("added", "removed"):
            for cell in row:
                cell.fill = _fill(KIND_COLOURS[r.status])
            continue
        for i, c in enumerate(table.columns):
            colour = KIND_COLOURS["value_changed"] if c in r.changed else (
                KIND_COLOURS["cosmetic"] if c in r.cosmetic else None)
            if colour:
                row[2 + 2 * i].fill = row[3 + 2 * i].fill = _fill(colour)
    ws.freeze_panes = "C2"


def write_xlsx(result: DiffResult, path: str | Path) -> Path:
    """The workbook: Summary, Differences and one sheet per compared table; written to a temporary file first."""
    from openpyxl import Workbook

    target = Path(path)
    wb = Workbook()
    _xlsx_summary(wb, result)
    _xlsx_differences(wb, result)
    used = {"summary", "differences"}
    for table in result.tables:
        _xlsx_table(wb, table, used)
    with atomic_path(target) as tmp:
        wb.save(tmp)
    return target


# ---------------------------------------------------------------- all


def resolve_formats(formats: str | Iterable[str]) -> list[str]:
    wanted = [formats] if isinstance(formats, str) else list(formats)
    if "all" in wanted:
        return list(DIFF_FORMATS)
    unknown = [f for f in wanted if f not in DIFF_FORMATS]
    if unknown:
        raise ValueError(f"unknown format(s) {', '.join(unknown)}; known: all, {', '.join(DIFF_FORMATS)}")
    return list(dict.fromkeys(wanted))


def write_diff(result: DiffResult, outdir: str | Path, formats: str | Iterable[str] = "all") -> list[Path]:
    """Write the chosen renderings of ``result`` into ``outdir`` (diff.json, differences.csv, diff.md, ...)."""
    out = Path(outdir)
    written = []
    for fmt in resolve_formats(formats):
        path = out / FILE_NAMES[fmt]
        if fmt == "json":
            write_atomic(path, diff_to_json(result))
        elif fmt == "csv":
            write_atomic(path, diff_to_csv(result), encoding="utf-8-sig")
        elif fmt == "md":
            write_atomic(path, diff_to_markdown(result))
        elif fmt == "html":
            write_atomic(path, diff_to_html(result))
        else:
            write_xlsx(result, path)
        written.append(path)
    return written
