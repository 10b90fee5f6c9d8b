"""Scans delivered as image files (.png, .jpg, .tif; a multi-page TIFF is one page per frame): made into a PDF of
image-only pages, one page per image at the resolution the file records (``ASSUMED_DPI`` when it records none),
and read as a fully scanned PDF is (OCR, pdf_document.read_pdf_document).

Sizes taken from the file are bounded: at most ``MAX_FRAMES`` pages and Pillow's own pixel limit per frame
(a decompression bomb is refused); a file Pillow cannot read is an InputError naming it.
"""

from __future__ import annotations

import shutil
import tempfile
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from ..errors import InputError

ASSUMED_DPI = 300.0  # a scanner's usual resolution, for a file that records none (it sets the page size only)
MIN_DPI, MAX_DPI = 50.0, 1200.0  # a recorded resolution outside this range is taken for a wrong one
MAX_FRAMES = 2000  # pages of one multi-page TIFF
_PDF_MODES = ("1", "L", "RGB", "CMYK")  # what Pillow writes into a PDF as it is


def _dpi(recorded: object) -> float:
    try:
        x = float(recorded[0]) if isinstance(recorded, tuple) else float(recorded)  # type: ignore[arg-type]
    except (TypeError, ValueError, IndexError):
        return ASSUMED_DPI
    return x if MIN_DPI <= x <= MAX_DPI else ASSUMED_DPI


def _write_pdf(image: object, count: int, dpi: float, out: Path) -> None:
    """The COUNT frames of IMAGE as the pages of the PDF OUT, at DPI."""
    from PIL import Image, ImageSequence

    assert isinstance(image, Image.Image)
    write_pages(((frame, dpi) for frame in islice(ImageSequence.Iterator(image), count)), out)


def write_pages(pages: Iterable[tuple[object, float]], out: Path) -> None:
    """Each (Pillow image, dpi) of PAGES as a page of the PDF OUT, printed at that resolution: each written as a
    one-page PDF by Pillow (one image in memory at a time), then the pages put together by pdfium."""
    import pypdfium2 as pdfium
    from PIL import Image

    merged = pdfium.PdfDocument.new()
    try:
        for k, (frame, dpi) in enumerate(pages):
            assert isinstance(frame, Image.Image)
            page = out.with_name(f"frame-{k}.pdf")
            (frame if frame.mode in _PDF_MODES else frame.convert("RGB")).save(page, "PDF", resolution=dpi)
            one = pdfium.PdfDocument(str(page))
            try:
                merged.import_pages(one)
            finally:
                one.close()
            page.unlink()
        merged.save(str(out))
    finally:
        merged.close()


@contextmanager
def image_pdf(path: Path) -> Iterator[Path]:
    """``with image_pdf(Path("scan.tif")) as pdf: ...``: the images of PATH as a PDF (removed afterwards).
    Raises InputError for a file that is not a readable image, or holds more than MAX_FRAMES pages."""
    import pypdfium2 as pdfium
    from PIL import Image, UnidentifiedImageError

    tmp = Path(tempfile.mkdtemp(prefix="renstra-image-"))
    out = tmp / f"{path.stem}.pdf"
    try:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # Pillow's warnings on damaged metadata: the error below says it
                with Image.open(path) as image:
                    count = getattr(image, "n_frames", 1)
                    if count > MAX_FRAMES:
                        raise InputError(f"{path.name}: {count} images in one file; at most {MAX_FRAMES} are read")
                    _write_pdf(image, count, _dpi(image.info.get("dpi")), out)
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError, EOFError,
                pdfium.PdfiumError) as exc:
            raise InputError(f"{path.name}: not a readable image ({type(exc).__name__}: {exc})") from None
        yield out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
