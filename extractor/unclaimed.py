"""Tables that the tool does not read, named in a note: tables of programs in a form no kind describes, and (Word
documents) tables pasted as pictures.

A Renstra prints many tables that are none of the kinds this tool reads (staff by rank, assets, by-laws): they are
left out without a word, as they hold no plan data. A table whose header names programs *and* kegiatan is another
matter: it is the plan, printed in a form none of the kinds describes (a city's "Tabel 5.1.1 Rencana Program dan
Kegiatan": No | Program, Kegiatan dan Sub Kegiatan | Tahun ke- 1 ... 5, targets without indicator, code or Rp). Its
rows are not extracted, and a ``table-not-claimed`` note says so, with its caption, pages, size and header, so that
nobody takes the output for the whole plan.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import LogicalTable, Note, RawTable, Table
from .readers.docx import Picture
from .recognise import NUMBERED_CAPTION, Recognised, caption_kind
from .textnorm import collapse

HEADER_ROWS = 3  # rows of a table's top read as its header
MAX_HEADER_TEXT = 160  # characters of the header kept in the note
MAX_CAPTION_TEXT = 120
_PROGRAM = re.compile(r"\bprogram", re.IGNORECASE)
_KEGIATAN = re.compile(r"\bkegiatan", re.IGNORECASE)


def unclaimed_program_notes(recognised: Sequence[Recognised], logical: Sequence[LogicalTable],
                            skip_pages: set[int] | frozenset[int] = frozenset()) -> list[Note]:
    """A ``table-not-claimed`` note for each run of raw tables that no logical table took (consecutive in the
    document, the same width, page after page) whose header names programs and kegiatan. Tables on
    ``skip_pages`` (pages whose unread tables another note names, e.g. OCR pages) are left to that note."""
    taken = {_key(raw) for table in logical for raw in table.fragments}
    notes: list[Note] = []
    for run in _runs(recognised, taken):
        if run[0].page in skip_pages:
            continue
        header = _header_text(run[0])
        if _PROGRAM.search(header) and _KEGIATAN.search(header):
            notes.append(_note(run, header))
    return notes


def _key(raw: RawTable) -> tuple[str, int | None, int]:
    return raw.source, raw.page, raw.index


def _runs(recognised: Sequence[Recognised], taken: set[tuple[str, int | None, int]]) -> list[list[RawTable]]:
    """The raw tables no logical table took, grouped: a table continues the run before it when it is the very next
    table of the document, as wide, and on the same page or the next."""
    runs: list[list[RawTable]] = []
    previous_taken = True
    for rec in recognised:
        raw = rec.raw
        if _key(raw) in taken or rec.how_found == "none":
            previous_taken = True
            continue
        last = runs[-1][-1] if runs and not previous_taken else None
        if last is not None and last.n_cols == raw.n_cols and _next_page(last, raw):
            runs[-1].append(raw)
        else:
            runs.append([raw])
        previous_taken = False
    return runs


def _next_page(before: RawTable, after: RawTable) -> bool:
    if before.page is None or after.page is None:
        return before.page is None and after.page is None and after.index == before.index + 1
    return 0 <= after.page - before.page <= 1


def _header_text(raw: RawTable) -> str:
    """The first ``HEADER_ROWS`` rows of a table, cells joined by ' | ' (each merged cell's text once)."""
    rows = raw.grid()[:HEADER_ROWS]
    return " / ".join(" | ".join(collapse(c) for c in row if c.strip()) for row in rows if any(c.strip() for c in row))


def _caption(raw: RawTable) -> str | None:
    """The numbered caption printed over the table ("Tabel 5.1.1" and the title line under it), if any."""
    lines = [collapse(line) for line in raw.context]
    for i in range(len(lines) - 1, -1, -1):
        if NUMBERED_CAPTION.match(lines[i]):
            return " ".join(lines[i : i + 2])[:MAX_CAPTION_TEXT]
    return None


def _note(run: list[RawTable], header: str) -> Note:
    first, last = run[0], run[-1]
    rows = sum(raw.n_rows for raw in run)
    if first.page is None:
        where = f"table {first.index + 1} of the document"
    elif first.page == last.page:
        where = f"page {first.page}"
    else:
        where = f"pages {first.page}-{last.page}"
    caption = _caption(first)
    named = f" '{caption}'" if caption else ""
    return Note("table-not-claimed",
                f"{where}: a table of programs and kegiatan{named} ({first.n_cols} columns, {rows} printed rows with "
                f"its header: '{header[:MAX_HEADER_TEXT]}') is none of the tables this tool reads (TC.23-TC.28, "
                "IKU, lists of programs): its rows were not extracted", first.page)


def picture_notes(pictures: Sequence[Picture], tables: Sequence[Table]) -> list[Note]:
    """A ``table-as-picture`` note for each picture of a Word document printed under the caption of a TC table of
    a kind (and variant) that nothing read: the table pasted as an image, not read by OCR (and why), or read but
    not rebuilt as a table."""
    notes = []
    for k, picture in enumerate(pictures):
        if picture.continues:
            continue  # named with the picture it follows
        more = next((n for n, p in enumerate(pictures[k + 1:]) if not p.continues), len(pictures) - k - 1)
        caption = next((c for c in map(caption_kind, reversed(picture.context)) if c is not None), None)
        if caption is None or any(t.kind == caption.kind and t.rows for t in tables):
            continue
        if picture.ocr_page is not None:
            what = (f"OCR read the picture (page {picture.ocr_page} of the pictures read) but rebuilt no "
                    f"{caption.kind} table from it: check it by eye")
        else:
            what = f"the picture was not read: {picture.unread or 'it was not chosen for OCR'}"
        size = f"{picture.width_cm:g} x {picture.height_cm:g} cm"
        which = f"a picture ({size}) and {more} more after it stand" if more else f"a picture ({size}) stands"
        notes.append(Note("table-as-picture",
                          f"{which} under the caption '{caption.text[:MAX_CAPTION_TEXT]}' "
                          f"({caption.kind}), and no {caption.kind} table was read: {what}"))
    return notes
