"""An OCRed page written as a PDF page: the cleaned image, the rules as thin vector lines, and an invisible text
layer with one text object per piece, stretched to the width Tesseract measured so each character lands in its
cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .ocr_hocr import _Piece


@dataclass
class _PageResult:
    number: int
    image: Path
    size: tuple[float, float]  # points
    pixels: tuple[int, int]
    horizontal: list[tuple[float, int, int, int, int]]
    vertical: list[tuple[float, int, int, int, int]]
    pieces: list[_Piece]
    skew: float
    rotation: int


def _to_points(result: _PageResult) -> float:
    return result.size[0] / result.pixels[0]


def _write_page(doc: Any, result: _PageResult, index: int) -> None:
    """Insert the OCRed page at ``index``: cleaned image, vector rules, invisible text."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    width, height = result.size
    k = _to_points(result)
    page = doc.new_page(width, height, index=index)
    image = pdfium.PdfImage.new(doc)
    with result.image.open("rb") as fh:
        image.load_jpeg(fh, inline=True)
    image.set_matrix(pdfium.PdfMatrix().scale(width, height))
    page.insert_obj(image)

    def line(x0: float, y0: float, x1: float, y1: float) -> None:  # pixels, top-left origin
        path = pdfium_c.FPDFPageObj_CreateNewPath(x0 * k, height - y0 * k)
        pdfium_c.FPDFPath_LineTo(path, x1 * k, height - y1 * k)
        pdfium_c.FPDFPageObj_SetStrokeColor(path, 0, 0, 0, 255)
        pdfium_c.FPDFPageObj_SetStrokeWidth(path, 0.5)
        pdfium_c.FPDFPath_SetDrawMode(path, pdfium_c.FPDF_FILLMODE_NONE, True)
        pdfium_c.FPDFPage_InsertObject(page.raw, path)

    for y, s, e, _f, _l in result.horizontal:
        line(s, y, e, y)
    for x, s, e, _f, _l in result.vertical:
        line(x, s, x, e)

    font = pdfium_c.FPDFText_LoadStandardFont(doc.raw, b"Helvetica")
    for piece in result.pieces:
        text = piece.text + " "
        x0, top, x1, bottom = piece.box
        size = max((bottom - top) * k * 1.25, 1.0)
        obj = pdfium_c.FPDFPageObj_CreateTextObj(doc.raw, font, size)
        _set_text(obj, text)
        pdfium_c.FPDFTextObj_SetTextRenderMode(obj, pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE)
        word_w = _text_width(piece.text, doc, font, size)
        scale_x = (x1 - x0) * k / word_w if word_w > 0 else 1.0
        baseline = height - bottom * k + 0.1 * size
        pdfium_c.FPDFPageObj_Transform(obj, scale_x, 0, 0, 1, x0 * k, baseline)
        pdfium_c.FPDFPage_InsertObject(page.raw, obj)
    page.gen_content()
    page.close()


def _set_text(obj: Any, text: str) -> None:
    import ctypes

    import pypdfium2.raw as pdfium_c

    buf = ctypes.create_string_buffer((text + "\x00").encode("utf-16-le"))
    pdfium_c.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))


def _text_width(text: str, doc: Any, font: Any, size: float) -> float:
    """Width in points of ``text`` (without the trailing space) in Helvetica at ``size``."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    probe = pdfium_c.FPDFPageObj_CreateTextObj(doc.raw, font, size)
    _set_text(probe, text)
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    pdfium_c.FPDFPageObj_GetBounds(probe, left, bottom, right, top)
    pdfium_c.FPDFPageObj_Destroy(probe)
    return right.value - left.value
