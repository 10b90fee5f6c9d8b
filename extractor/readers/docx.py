"""DOCX reader: python-docx tables -> RawTable. The only module that imports python-docx.

python-docx has no merged-cell API that keeps spans, so the cell properties are read from the XML:
``w:gridSpan`` (horizontal merge), ``w:vMerge`` (vertical merge: "restart" opens, no value continues),
``w:gridBefore`` / ``w:gridAfter`` (rows that start or end short of the grid). Tables nested in a cell
come out as tables of their own, after their parent. Content controls (``w:sdt``) are looked into.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Cell, RawTable
from . import check_file

CONTEXT_LINES = 6
# A zip whose XML would expand past this is refused (a zip bomb); real Renstra documents stay far below.
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
# Columns a table may have when it declares no grid (w:tblGrid): spans are bounded by it (Word draws a cell
# spanning past the grid only to the grid's edge); real Renstra tables have at most a few dozen columns.
MAX_COLUMNS_WITHOUT_GRID = 200
# Word itself stops at 63 columns; a grid or a row past this is a damaged or hostile file.
MAX_COLUMNS = 1000
# Anything that goes wrong reading a zip entry: a damaged deflate stream (zlib.error), a local header pointing
# outside the file (OSError), a truncated entry (EOFError), an unknown compression or encryption.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError, ValueError)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _check_container(path: Path) -> None:
    check_file(path)
    if not zipfile.is_zipfile(path):
        raise InputError(f"{path.name}: not a DOCX file (a DOCX is a zip archive; this one is not)")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "word/document.xml" not in names:
                raise InputError(f"{path.name}: not a Word document (no word/document.xml inside the zip)")
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO and total > 50 * 1024 * 1024:
                raise InputError(
                    f"{path.name}: refused, its XML would expand to {total // (1024 * 1024)} MiB "
                    f"({total / packed:.0f}x its packed size): a zip bomb or a broken file"
                )
            doc_xml = zf.read("word/document.xml")[:4096]
    except _ZIP_ERRORS as exc:
        raise InputError(f"{path.name}: corrupt DOCX, a part of the zip cannot be read ({_reason(exc)})") from None
    if b"<!DOCTYPE" in doc_xml or b"<!ENTITY" in doc_xml:
        raise InputError(f"{path.name}: refused, word/document.xml declares a DTD or entities (not a Word file)")


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _open(path: Path) -> Any:
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    _check_container(path)
    try:
        document = docx.Document(str(path))
    except PackageNotFoundError:
        raise InputError(f"{path.name}: not a readable DOCX package") from None
    except (KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"{path.name}: corrupt DOCX ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # lxml errors and the like: still bad input, never a traceback
        raise InputError(f"{path.name}: cannot parse the DOCX XML ({type(exc).__name__}: {exc})") from None
    root = document.element
    if root.tag != _W + "document" or root.find(_W + "body") is None:
        local = str(root.tag).rsplit("}", 1)[-1]
        what = "has no w:body" if local == "document" else f"has <{local}> as its root, not <w:document>"
        raise InputError(f"{path.name}: not a Word document (its word/document.xml {what})")
    return document


def _paragraph_text(p: Any) -> str:
    parts: list[str] = []
    for node in p.iter():
        tag = node.tag
        if tag == _W + "t" and node.text:
            parts.append(node.text)
        elif tag in (_W + "tab",):
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
    return "".join(parts)


def _cell_text(tc: Any) -> str:
    """The text of a cell's own paragraphs (nested tables excluded), one line per paragraph."""
    lines = [_paragraph_text(p) for p in _children(tc, "p")]
    return "\n".join(line for line in lines).strip()


def _children(node: Any, local: str) -> Iterator[Any]:
    for child in node.iterchildren():
        if child.tag == _W + local:
            yield child
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _children(content, local)


def _int_prop(node: Any, path: str, default: int) -> int:
    el = node.find(path)
    if el is None:
        return default
    try:
        return int(el.get(_W + "val", default))
    except (ValueError, TypeError):
        return default


def _vmerge(tc: Any) -> str | None:
    el = tc.find(f"{_W}tcPr/{_W}vMerge")
    if el is None:
        return None
    return el.get(_W + "val", "continue")


def grid_width(tbl: Any, rows: list[Any]) -> int:
    """How many grid columns a table has: its w:tblGrid, widened to its longest row's cell count (Word widens
    the grid for a row with more cells); MAX_COLUMNS_WITHOUT_GRID when it declares no grid. gridSpan,
    gridBefore and gridAfter are bounded by it, so an absurd span (10^20) cannot blow up the table."""
    grid = tbl.find(_W + "tblGrid")
    declared = sum(1 for _ in _children(grid, "gridCol")) if grid is not None else 0
    longest = max((sum(1 for _ in _children(tr, "tc")) for tr in rows), default=0)
    return max(min(declared, MAX_COLUMNS) or MAX_COLUMNS_WITHOUT_GRID, longest, 1)


def _table_to_raw(tbl: Any, source: str, index: int, context: tuple[str, ...]) -> tuple[RawTable, list[Any]]:
    """One w:tbl -> RawTable, plus the nested w:tbl elements found inside its cells."""
    placed: list[dict[str, Any]] = []  # origin cells: row, col, colspan, rowspan, text
    open_vertical: dict[int, dict[str, Any]] = {}  # grid column -> cell whose vMerge is still open
    nested: list[Any] = []
    n_cols = 0
    rows = list(_children(tbl, "tr"))
    width = grid_width(tbl, rows)
    if width > MAX_COLUMNS:
        raise InputError(f"{source}: refused, table {index + 1} has a row of {width:,} cells, past the limit of "
                         f"{MAX_COLUMNS:,} columns (Word stops at 63): a damaged or hostile file")
    for r, tr in enumerate(rows):
        cells_of_row = list(_children(tr, "tc"))
        # bounded so that every cell of the row keeps a column of the grid
        col = min(max(0, _int_prop(tr, f"{_W}trPr/{_W}gridBefore", 0)), max(0, width - len(cells_of_row)))
        for i, tc in enumerate(cells_of_row):
            room = width - col - (len(cells_of_row) - i - 1)
            span = min(max(1, _int_prop(tc, f"{_W}tcPr/{_W}gridSpan", 1)), max(1, room))
            merge = _vmerge(tc)
            nested.extend(_children(tc, "tbl"))
            above = open_vertical.get(col)
            if merge == "continue" and above is not None and above["col"] == col:
                above["rowspan"] = r - above["row"] + 1
            else:
                cell: dict[str, Any] = {"row": r, "col": col, "colspan": span, "rowspan": 1, "text": _cell_text(tc)}
                placed.append(cell)
                for c in range(col, col + span):
                    open_vertical.pop(c, None)
                if merge is not None:
                    open_vertical[col] = cell
            col += span
        col += min(max(0, _int_prop(tr, f"{_W}trPr/{_W}gridAfter", 0)), max(0, width - col))
        n_cols = max(n_cols, col)
        # a column with no continuing vMerge in this row closes its merge
        for c, cell in list(open_vertical.items()):
            if cell["row"] + cell["rowspan"] - 1 < r:
                del open_vertical[c]
    cells = tuple(
        Cell(text=c["text"], row=c["row"], col=c["col"], rowspan=c["rowspan"], colspan=c["colspan"]) for c in placed
    )
    raw = RawTable(
        source=source, format="docx", index=index, page=None, n_rows=len(rows), n_cols=n_cols, cells=cells,
        context=context,
    )
    return raw, nested


@dataclass(frozen=True)
class Picture:
    """A picture a Word document prints as large as a table (a table pasted as an image, a chart, a photo): the
    lines of text above it since the table or picture before it, its printed size, its image file's bytes (None
    when the document does not hold them: a linked picture), how many Word tables stand before it, whether it
    follows a picture with no text between (a table pasted as pictures, page by page, goes on), and what
    readers/docx_pictures.py made of it: the page it was read as (the N-th picture read by OCR), or why it was
    not read."""

    context: tuple[str, ...]
    width_cm: float
    height_cm: float
    image: bytes | None = field(default=None, repr=False, compare=False)
    after_tables: int = 0
    continues: bool = False
    ocr_page: int | None = None
    unread: str = ""


MIN_PICTURE_CM = (8.0, 4.0)  # width and height from which a picture could hold a table
_EMU_PER_CM = 360_000
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"


def read_docx(path: str | Path) -> tuple[list[RawTable], None]:
    """All tables of a DOCX in document order, each with the paragraphs printed just above it.

    Returns (tables, page_count); a DOCX has no fixed pages, so the count is None.
    """
    return read_docx_document(path)[0], None


def read_docx_document(path: str | Path) -> tuple[list[RawTable], list[Picture]]:
    """All tables of a DOCX in document order, each with the paragraphs printed just above it, and the pictures
    it prints at least ``MIN_PICTURE_CM`` large, each with the lines above it."""
    p = Path(path)
    document = _open(p)
    tables: list[RawTable] = []
    pictures: list[Picture] = []
    recent: list[str] = []

    def add(tbl: Any) -> None:
        raw, nested = _table_to_raw(tbl, p.name, len(tables), tuple(recent[-CONTEXT_LINES:]))
        tables.append(raw)
        for inner in nested:
            add(inner)

    since: list[str] = []  # lines since the last table or picture
    after_picture = False
    body = document.element.body
    for node in _body_blocks(body):
        if node.tag == _W + "p":
            for w, h, blob in _pictures(node, document.part):
                continues = after_picture and not since
                pictures.append(Picture(tuple(since), w, h, blob, len(tables), continues))
                since, after_picture = [], True
            text = _paragraph_text(node).strip()
            if text:
                lines = [line.strip() for line in text.split("\n") if line.strip()]
                recent.extend(lines)
                del recent[:-CONTEXT_LINES]
                since = [*since, *lines][-CONTEXT_LINES:]
                after_picture = False
        elif node.tag == _W + "tbl":
            before = len(tables)
            add(node)
            recent.clear()
            # a picture in a table's cell (a table used to lay out pictures): under the lines above the table
            found = _pictures(node, document.part)
            if found and not any(c.text.strip() for t in tables[before:] for c in t.cells):
                del tables[before:]  # a table that holds pictures and no text is no table of figures
            pictures.extend(Picture(tuple(since) if k == 0 else (), w, h, blob, len(tables), k > 0)
                            for k, (w, h, blob) in enumerate(found))
            since, after_picture = [], bool(found)
    return tables, pictures


def _pictures(paragraph: Any, part: Any) -> list[tuple[float, float, bytes | None]]:
    """(width, height) in cm and the image's bytes of each picture drawn in a paragraph at least
    ``MIN_PICTURE_CM`` large (inline or floating)."""
    out = []
    for drawing in (*paragraph.iter(_WP + "inline"), *paragraph.iter(_WP + "anchor")):
        extent = drawing.find(_WP + "extent")
        if extent is None:
            continue
        try:
            width, height = int(extent.get("cx", "0")) / _EMU_PER_CM, int(extent.get("cy", "0")) / _EMU_PER_CM
        except ValueError:
            continue
        if width >= MIN_PICTURE_CM[0] and height >= MIN_PICTURE_CM[1]:
            out.append((round(width, 1), round(height, 1), _image_bytes(drawing, part)))
    return out


def _image_bytes(drawing: Any, part: Any) -> bytes | None:
    """The bytes of the image a drawing shows (its first blip), None when it is linked or missing."""
    blip = next(drawing.iter(_BLIP), None)
    target = part.related_parts.get(blip.get(_EMBED, "")) if blip is not None else None
    blob = getattr(target, "blob", None)
    return blob if isinstance(blob, bytes) else None


def _body_blocks(body: Any) -> Iterator[Any]:
    for child in body.iterchildren():
        if child.tag in (_W + "p", _W + "tbl"):
            yield child
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _body_blocks(content)
