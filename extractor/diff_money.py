"""Where the money moved: the TC.27 parts of the HTML discrepancy report.

A bar chart (inline SVG, no script, no external resource) of each program's Rp per year before and after, the
programs with the biggest change first; and the changed rows shown in their hierarchy (program > kegiatan >
sub-kegiatan) with the changed cells marked. Reads only the plain data of diff.TableDiff.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from .diff import RowPair, TableDiff
from .textnorm import collapse

MAX_PROGRAMS = 15
BAR_WIDTH = 9
GROUP_GAP = 8
CHART_HEIGHT = 120
LABEL_WIDTH = 330
_RP_COLUMN = re.compile(r"^rp_(\d{4})$")
_INDENT = {"urusan": 0, "bidang_urusan": 0, "program": 0, "kegiatan": 1, "sub_kegiatan": 2, "indicator": 3}


@dataclass(frozen=True)
class ProgramMoney:
    key: str
    name: str
    years: tuple[int, ...]
    before: tuple[float, ...]
    after: tuple[float, ...]

    @property
    def moved(self) -> float:
        return sum(abs(a - b) for a, b in zip(self.before, self.after))


def _num(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def _years(table: TableDiff) -> tuple[int, ...]:
    return tuple(sorted({int(m.group(1)) for c in table.columns if (m := _RP_COLUMN.match(c))}))


def program_money(table: TableDiff) -> list[ProgramMoney]:
    """Rp per year of every program before and after, biggest change first (unchanged programs left out)."""
    years = _years(table)
    out = []
    for row in table.rows:
        if row.level != "program":
            continue
        before = tuple(_num((row.before or {}).get(f"rp_{y}")) for y in years)
        after = tuple(_num((row.after or {}).get(f"rp_{y}")) for y in years)
        money = ProgramMoney(row.key, row.name or "", years, before, after)
        if money.moved:
            out.append(money)
    return sorted(out, key=lambda m: -m.moved)


def _short(amount: float) -> str:
    for size, unit in ((1e12, "T"), (1e9, "M"), (1e6, "jt")):
        if abs(amount) >= size:
            return f"{amount / size:.1f} {unit}"
    return f"{amount:,.0f}"


def _svg(money: ProgramMoney, top: float) -> str:
    """One program's bars: per year a grey 'before' bar and a blue 'after' bar, scaled to ``top``."""
    width = len(money.years) * (2 * BAR_WIDTH + GROUP_GAP) + GROUP_GAP
    parts = [f'<svg class="bars" width="{width}" height="{CHART_HEIGHT + 14}" role="img" '
             f'aria-label="{html.escape(money.name)}">']
    for i, year in enumerate(money.years):
        x = GROUP_GAP + i * (2 * BAR_WIDTH + GROUP_GAP)
        for j, (value, cls) in enumerate(((money.before[i], "before"), (money.after[i], "after"))):
            h = 0 if top <= 0 else max(0.0, value) / top * CHART_HEIGHT
            parts.append(f'<rect class="{cls}" x="{x + j * BAR_WIDTH}" y="{CHART_HEIGHT - h:.1f}" '
                         f'width="{BAR_WIDTH - 1}" height="{h:.1f}"><title>{year} {cls}: Rp {value:,.0f}</title>'
                         "</rect>")
        parts.append(f'<text x="{x}" y="{CHART_HEIGHT + 12}" font-size="9">{year}</text>')
    parts.append("</svg>")
    return "".join(parts)


def money_chart_html(table: TableDiff) -> list[str]:
    """The chart section for one TC.27 comparison (empty when no program's Rp changed)."""
    programs = program_money(table)
    if not programs:
        return []
    shown = programs[:MAX_PROGRAMS]
    top = max(max(p.before + p.after) for p in shown)
    out = [f"<h3>Where the money moved: {html.escape(table.label)}</h3>",
           '<p class="muted">Rp per program and year, <span class="legend before"></span> before and '
           '<span class="legend after"></span> after; biggest change first'
           + (f" ({len(programs) - MAX_PROGRAMS} more program(s) not drawn)" if len(programs) > MAX_PROGRAMS else "")
           + '.</p><table class="money"><tr><th>program</th><th>Rp per year</th><th>change over the period</th></tr>']
    for p in shown:
        delta = sum(p.after) - sum(p.before)
        out.append(f'<tr class="program-money"><td style="max-width:{LABEL_WIDTH}px">{html.escape(p.key)}<br>'
                   f"{html.escape(p.name)}</td><td>{_svg(p, top)}</td>"
                   f'<td class="num">{"+" if delta > 0 else ""}{_short(delta)}</td></tr>')
    out.append("</table>")
    return out


def _cell(row: RowPair, column: str) -> str:
    before = (row.before or {}).get(column)
    after = (row.after or {}).get(column)
    if row.before is None or row.after is None or before == after:  # an added or removed row: its one side
        text = html.escape(readable(after if row.before is None else before))
    else:
        text = html.escape(readable(before)) + " → " + html.escape(readable(after))
    return f'<td class="chg">{text}</td>' if column in row.changed else f"<td>{text}</td>"


def readable(value: Any) -> str:
    """A value for reading: large whole numbers grouped by thin spaces (neither '.' nor ',': both are ambiguous
    between Indonesian and English writing), whitespace collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10000:
        return f"{value:,}".replace(",", "\u202f")
    return collapse(str(value))


def _code(row: RowPair) -> str:
    return str((row.after or row.before or {}).get("code") or "")


def _changed_with_parents(table: TableDiff) -> list[RowPair]:
    """The changed rows, each under the rows it belongs to (its program, its kegiatan), in table order."""
    changed = [_code(r) for r in table.rows if r.status != "same" and _code(r)]
    keep = []
    for row in table.rows:
        code = _code(row)
        if row.status != "same" or (code and any(c.startswith(code + ".") for c in changed)):
            keep.append(row)
    return keep


def hierarchy_html(table: TableDiff) -> list[str]:
    """The changed rows as a tree under their parents (program > kegiatan > sub-kegiatan), changed cells marked."""
    rows = _changed_with_parents(table)
    if not rows:
        return []
    years = _years(table)
    cols = [c for y in years for c in (f"target_{y}", f"rp_{y}") if c in table.columns]
    head = "".join(f"<th>{html.escape(c.replace('_', ' '))}</th>" for c in cols)
    out = [f"<h3>In the hierarchy: {html.escape(table.label)}</h3>",
           '<div class="wide"><table class="tree"><tr><th>code</th><th>name</th><th>status</th>' + head + "</tr>"]
    for row in rows:
        pad = _INDENT.get(row.level or "", 0) * 1.4 + .4
        out.append(f'<tr class="{row.status} lvl-{html.escape(row.level or "")}">'
                   f'<td style="padding-left:{pad:.1f}em">{html.escape(_code(row) or row.key)}</td>'
                   f'<td style="padding-left:{pad:.1f}em">{html.escape(row.name or "")}</td>'
                   f"<td>{row.status}</td>{''.join(_cell(row, c) for c in cols)}</tr>")
    out.append("</table></div>")
    return out


MONEY_CSS = """
svg.bars rect.before{fill:#a6a6a6}svg.bars rect.after{fill:#2f6db5}
.legend{display:inline-block;width:.9em;height:.9em;vertical-align:middle}
.legend.before{background:#a6a6a6}.legend.after{background:#2f6db5}
table.tree tr.lvl-program td{font-weight:600}
"""
