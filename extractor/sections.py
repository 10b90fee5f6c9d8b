"""Lines printed across a table's body: one merged cell over (nearly) every column, holding words and no code
("Sasaran 1: Meningkatnya ...", "Tujuan: ...", a Perangkat Daerah's name over its part of the table). Such a line
heads the rows under it; it is not a row of the table. Each is taken out of the body and kept, with the rows it
stands over, in a ``section-row`` note: before, a TC.27 row with no code, name or number was dropped without a
word, and the section's text with it. Every row under a heading carries it (``BodyRow.section``, the row field
``section``), and a heading naming a goal ("Sasaran 1: ...", "Tujuan: ...") gives the rows under it that goal
where they print none (``carry_section``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from .codes import find_code_prefix
from .model import BodyRow, LogicalTable, Note, RawTable, Row
from .textnorm import collapse, has_two_words

SECTION_SPAN_SHARE = 0.75  # a section's cell spans at least this share of the table's columns
MIN_SECTION_SPAN = 3  # ... and at least this many columns
MAX_NOTE_TEXT = 300  # characters of a section's text kept in its note
MAX_LABEL = 40  # characters of a row's first cell naming it in a note


@dataclass(frozen=True)
class Section:
    """A line printed across the table's body: its text, its page, and the body row it stood in."""

    text: str
    page: int | None
    body_index: int  # index of the body row it stood in (before it was taken out)


def split_sections(logical: LogicalTable) -> tuple[LogicalTable, list[Note]]:
    """The table without the lines printed across its body, and a ``section-row`` note for each."""
    n_cols = logical.n_cols
    wide = max(MIN_SECTION_SPAN, math.ceil(SECTION_SPAN_SHARE * n_cols))
    if n_cols < MIN_SECTION_SPAN:
        return logical, []
    spans = [_row_spans(raw) for raw in logical.fragments]
    kept: list[BodyRow] = []
    found: list[Section] = []
    for index, row in enumerate(logical.body):
        texts = {collapse(c) for c in row.cells if c.strip()}
        text = texts.pop() if len(texts) == 1 else ""
        span = spans[row.fragment].get(row.source_row, 0) if text and 0 <= row.fragment < len(spans) else 0
        if span >= wide and has_two_words(text) and find_code_prefix(text) is None:
            found.append(Section(text, row.page, index))
        else:
            kept.append(replace(row, section=found[-1].text) if found else row)
    if not found:
        return logical, []
    return replace(logical, body=kept), _notes(logical, found)


_GOAL_HEADING = re.compile(r"^(?P<field>tujuan|sasaran)(?:\s+(?:strategis|\d{1,2}(?:\.\d{1,2})*|[ivx]{1,4}))*"
                           r"\s*(?:[.)]\s*[:\-–]?|[:\-–])\s*(?P<text>[^\W\d_].*)$", re.IGNORECASE | re.DOTALL)


def carry_section(row: Row, section: str) -> None:
    """A row printed under a heading across the table carries it as ``section``; a heading that names a goal
    ("Sasaran 1: Meningkatnya ...") also gives the row that tujuan or sasaran where the row has none of its own."""
    if not section:
        return
    row.data["section"] = section
    goal = goal_of_section(section)
    if goal is not None and not row.data.get(goal[0]):
        row.data[goal[0]] = goal[1]


def goal_of_section(heading: str) -> tuple[str, str] | None:
    """("tujuan" or "sasaran", its statement) when a heading printed across a table names the goal of the rows under
    it ("Sasaran 1: Meningkatnya ..." -> ("sasaran", "Meningkatnya ...")); None for any other heading."""
    m = _GOAL_HEADING.match(heading.strip())
    return (m.group("field").lower(), m.group("text").strip()) if m else None


def _row_spans(raw: RawTable) -> dict[int, int]:
    """Per row of a raw table, the widest span of a cell holding text in it (only rows with one such cell)."""
    texts: dict[int, list[int]] = {}
    for cell in raw.cells:
        if cell.text.strip():
            texts.setdefault(cell.row, []).append(cell.colspan)
    return {row: spans[0] for row, spans in texts.items() if len(spans) == 1}


def _notes(logical: LogicalTable, sections: list[Section]) -> list[Note]:
    """A ``section-row`` note per section: its text, its page, and the first and last rows under it."""
    labels = [_label(row) for row in logical.body]
    notes = []
    for k, section in enumerate(sections):
        end = sections[k + 1].body_index if k + 1 < len(sections) else len(labels)
        under = [labels[i] for i in range(section.body_index + 1, end) if labels[i]]
        where = f" p.{section.page}" if section.page else ""
        text = section.text if len(section.text) <= MAX_NOTE_TEXT else section.text[:MAX_NOTE_TEXT] + " [...]"
        over = f" (over the rows from '{under[0]}' to '{under[-1]}')" if under else " (no row under it)"
        notes.append(Note("section-row", f"{logical.kind}{where}: printed across the table, not a row: "
                                         f"'{text}'{over}", section.page))
    return notes


def _label(row: BodyRow) -> str:
    """What a body row starts with: its first cell with text, cut short."""
    first = next((collapse(c) for c in row.cells if c.strip()), "")
    return first if len(first) <= MAX_LABEL else first[:MAX_LABEL] + "..."
