"""Tables pasted into a Word document as pictures, read by OCR.

The pictures that can hold a table (``choose``: under lines that name a TC table, or ruled as a table is, on a
cheap look at ``ocr_look.LOOK_DPI``; every picture with ``--ocr always``, none with ``never``) are put one per
page, at their printed size, into a PDF that is read as a fully scanned PDF is (pdf_document.read_pdf_document).
Their tables go among the Word tables where the pictures stand, the caption above a picture as their context;
"page N" of their rows and notes is the N-th picture read, which a ``pictures-read`` note names.

A picture not read keeps the reason (``Picture.unread``) for the ``table-as-picture`` note: no Tesseract, an
image Pillow cannot open (a Windows metafile, EMF or WMF, as Word pastes from Excel), ``--ocr never``, or more
pictures than ``MAX_PICTURES``. Sizes taken from the file are bounded: a picture of more than ``MAX_PIXELS`` is
not decoded.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Note, RawTable
from . import Progress, ReadDocument
from .docx import Picture

MAX_PICTURES = 100  # pictures of one document read by OCR: a table pasted as pictures takes a few
MAX_PIXELS = 40_000_000  # pixels of one picture (an A4 page scanned at 600 dpi: 35 million)
COARSE_DPI = 200.0  # below this at its printed size a picture is resampled for OCR (screenshots: 96-150)
_CM_PER_INCH = 2.54


def read_pictures(doc: ReadDocument, source: str, mode: str, progress: Progress | None = None) -> ReadDocument:
    """DOC (read from the Word document SOURCE) with the tables of its pictures that can hold one read by OCR
    under ``mode`` ("auto", "always", "never"). Each picture in ``doc.pictures`` then says what became of it:
    ``ocr_page`` when it was read, ``unread`` (why) when it was not."""
    from .ocr import INSTALL_HINT, ocr_problem

    chosen = choose(doc.pictures, mode)
    unread: dict[int, str] = {i: "--ocr never" for i in range(len(doc.pictures))} if mode == "never" else {}
    unread.update({i: "its image is linked, not held in the document" for i, p in enumerate(doc.pictures)
                   if p.image is None})
    problem = ocr_problem() if chosen else None
    if problem is not None:
        why = f"{problem} (Debian/Ubuntu: {INSTALL_HINT})"
        doc.notes.append(Note("ocr-unavailable", f"{_count(len(chosen))} that can hold a table: not read: {why}"))
        unread.update({i: why for i in chosen})
    elif chosen:
        unread.update(_read_chosen(doc, chosen, source, progress))
    doc.pictures = [replace(p, unread=unread[i]) if i in unread else p for i, p in enumerate(doc.pictures)]
    return doc


def _read_chosen(doc: ReadDocument, chosen: list[int], source: str, progress: Progress | None) -> dict[int, str]:
    """The CHOSEN pictures of DOC read by OCR into DOC; {index: why not} of those not read."""
    tmp = Path(tempfile.mkdtemp(prefix="renstra-pictures-"))
    try:
        pdf = tmp / "pictures.pdf"
        written, unreadable = _write_pictures([doc.pictures[i] for i in chosen[:MAX_PICTURES]], pdf)
        unread = {chosen[k]: why for k, why in unreadable.items()}
        unread.update({i: f"more than {MAX_PICTURES} pictures: the first {MAX_PICTURES} were read"
                       for i in chosen[MAX_PICTURES:]})
        read = [chosen[k] for k in written]
        if not read:
            return unread
        try:
            ocred = _read_pdf(pdf, progress)
        except InputError:  # OCR read no text on any picture
            unread.update({i: "OCR read no text on it" for i in read})
            return unread
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for n, i in enumerate(read, 1):
        doc.pictures[i] = replace(doc.pictures[i], ocr_page=n)
    _merge(doc, ocred, [doc.pictures[i] for i in read], source)
    return unread


def choose(pictures: list[Picture], mode: str) -> list[int]:
    """Indexes of the PICTURES to read under ``mode``: in "auto" those under lines that name a TC table, those
    that look ruled, and those that follow one chosen with no text between."""
    from .pdf_pages import may_hold_table

    if mode == "never":
        return []
    chosen: list[int] = []
    for i, p in enumerate(pictures):
        goes_on = p.continues and i - 1 in chosen  # the next page of a table pasted as pictures
        if p.image is not None and (mode == "always" or goes_on or may_hold_table("\n".join(p.context))
                                    or _looks_ruled(p)):
            chosen.append(i)
    return chosen


def _open(picture: Picture, look: float | None = None) -> Any:
    """The picture as a Pillow image flattened onto white paper (its transparent parts are paper); with LOOK
    (a scale below 1) a JPEG is decoded at about that scale only. DecompressionBombError for more than
    ``MAX_PIXELS``; OSError, ValueError or Pillow's errors when it is no image Pillow reads."""
    from PIL import Image

    assert picture.image is not None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow's warnings on damaged metadata: the error says it
        image = Image.open(io.BytesIO(picture.image))
        if image.width * image.height > MAX_PIXELS:
            raise Image.DecompressionBombError(f"{image.width} x {image.height} pixels, more than {MAX_PIXELS:,}")
        if look is not None:
            image.draft("L", (max(1, round(image.width * look)), max(1, round(image.height * look))))
        image.load()
    if image.mode in ("1", "L", "RGB"):
        return image
    rgba = image.convert("RGBA")
    paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(paper, rgba).convert("RGB")


def _dpi(picture: Picture, image: Any) -> float:
    """The resolution the picture is printed at: its pixels over its printed width."""
    return max(1.0, image.width * _CM_PER_INCH / max(picture.width_cm, 0.1))


def _looks_ruled(picture: Picture) -> bool:
    """Whether the picture, at ``LOOK_DPI`` of its printed size, is crossed by rules as a table is."""
    from PIL import Image

    from .image import ASSUMED_DPI
    from .ocr_look import LOOK_DPI, _without_shading, looks_ruled

    try:
        image = _open(picture, look=LOOK_DPI / ASSUMED_DPI)
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
        return False  # not read: _write_pictures says why when it is chosen for its caption
    scale = min(1.0, LOOK_DPI / _dpi(picture, image))
    small = image.convert("L").resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                                      Image.Resampling.BOX)
    return looks_ruled(small) or looks_ruled(_without_shading(small))


def _write_pictures(pictures: list[Picture], pdf: Path) -> tuple[list[int], dict[int, str]]:
    """The PICTURES Pillow can open written one per page into PDF, each at its printed size (one decoded at a
    time): (the indexes of those written, {index: why not} for the others)."""
    from PIL import Image

    from .image import write_pages

    written: list[int] = []
    unreadable: dict[int, str] = {}

    def pages() -> Iterator[tuple[Any, float]]:
        for k, picture in enumerate(pictures):
            try:
                image = _open(picture)
            except Image.DecompressionBombError as exc:
                unreadable[k] = f"its image is too large to read ({exc})"
                continue
            except (OSError, ValueError, SyntaxError, EOFError):
                unreadable[k] = _cannot_open(picture)
                continue
            written.append(k)
            yield _upscaled(picture, image)

    write_pages(pages(), pdf)
    return written, unreadable


def _upscaled(picture: Picture, image: Any) -> tuple[Any, float]:
    """The picture and its resolution; a picture coarser than ``COARSE_DPI`` at its printed size (a screenshot)
    resampled to ``OCR_DPI`` (Lanczos, to at most ``MAX_PIXELS``), so the OCR's render meets its pixels one to
    one. A finer picture (a scan) is left as it is: resampled from 247 to 300 dpi, the scanned sample's TC.27
    lost an amount without a doubt."""
    from PIL import Image

    from .ocr_image import OCR_DPI

    dpi = _dpi(picture, image)
    if dpi >= COARSE_DPI:
        return image, dpi
    scale = min(OCR_DPI / dpi, (MAX_PIXELS / (image.width * image.height)) ** 0.5)  # a printed size is untrusted
    if scale <= 1.0:
        return image, dpi
    size = (int(image.width * scale), int(image.height * scale))
    return image.resize(size, Image.Resampling.LANCZOS), dpi * size[0] / image.width


def _cannot_open(picture: Picture) -> str:
    """Why Pillow cannot open the picture: a Windows metafile (what Word pastes from Excel), or no image."""
    from PIL import Image

    assert picture.image is not None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            kind = Image.open(io.BytesIO(picture.image)).format
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
        kind = None
    if kind == "WMF":  # Pillow's name for both WMF and EMF: it identifies them but draws them on Windows only
        return ("its image is a Windows metafile (EMF or WMF, as Word pastes a table from Excel), which cannot be "
                "drawn here; saved as PDF by Word, its picture is read by OCR")
    return "its image is damaged or in a format that cannot be read here"


def _read_pdf(pdf: Path, progress: Progress | None) -> ReadDocument:
    from .pdf_document import read_pdf_document

    return read_pdf_document(pdf, progress, "always")


def _merge(doc: ReadDocument, ocred: ReadDocument, pictures: list[Picture], source: str) -> None:
    """The tables OCR read from the pictures (page N: the N-th of PICTURES) put among DOC's Word tables where
    the pictures stand, each picture's first table under the lines above the picture; OCR's report and notes."""
    firsts: set[int] = set()
    placed: list[tuple[int, int, RawTable]] = []
    for order, table in enumerate(ocred.tables):
        n = table.page or 1
        picture = pictures[n - 1]
        context = table.context
        if n not in firsts and not picture.continues:  # a table's next picture goes on under no caption
            context = picture.context + context
        firsts.add(n)
        placed.append((picture.after_tables, order, replace(table, source=source, context=context)))
    tables: list[RawTable] = []
    pending = sorted(placed, key=lambda item: (item[0], item[1]))
    for position, word_table in enumerate([*doc.tables, None]):
        while pending and pending[0][0] <= position:
            tables.append(pending.pop(0)[2])
        if word_table is not None:
            tables.append(word_table)
    doc.tables = tables
    doc.ocr = ocred.ocr
    names = "; ".join(f"page {n} = the picture ({p.width_cm:g} x {p.height_cm:g} cm) " + (
        "right after it" if p.continues else f"under '{p.context[-1][:80]}'" if p.context else "under no text")
        for n, p in enumerate(pictures, 1))
    doc.notes.append(Note("pictures-read", f"{_count(len(pictures))} read by OCR; in their rows and notes 'page N' "
                                           f"is the N-th of them: {names}"))
    doc.notes.extend(ocred.notes)
    doc.tracebacks.extend(ocred.tracebacks)


def _count(n: int) -> str:
    return f"{n} picture{'s' if n != 1 else ''}"
