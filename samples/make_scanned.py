"""Build a scanned-looking copy of the sample PDF: samples/renstra_dinkop_magetan_2024-2026_scanned.pdf.

    python samples/make_scanned.py

Pages (from samples/renstra_dinkop_magetan_2024-2026.pdf):

* page 1 (the cover) is copied as it is, with its text layer: the document is *mixed*, so the reader must
  decide page by page which pages need OCR;
* page 28 (prose that leads into the table) and pages 29-33 (TC.27, landscape) become image-only pages:
  rasterised with pdftoppm at ``DPI`` in grayscale, page 31 turned by ``SKEWED`` degrees, a slight blur,
  uneven paper tone and dust specks added (fixed seeds), JPEG-compressed.

Deterministic for a given pdftoppm/Pillow/pdfium. Needs poppler-utils (pdftoppm), Pillow and pypdfium2.
"""

from __future__ import annotations

import io
import random
import subprocess
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageFilter

SAMPLES = Path(__file__).resolve().parent
SOURCE = SAMPLES / "renstra_dinkop_magetan_2024-2026.pdf"
TARGET = SAMPLES / "renstra_dinkop_magetan_2024-2026_scanned.pdf"
TEXT_PAGES = [1]  # kept with their text layer
SCANNED_PAGES = [28, 29, 30, 31, 32, 33]
SKEWED = {31: 1.5}  # page -> degrees (counter-clockwise)
DPI = 200
JPEG_QUALITY = 40
SEED = 27


def rasterise(page: int, workdir: Path) -> Image.Image:
    stem = workdir / f"p{page}"
    subprocess.run(["pdftoppm", "-gray", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile", "-png",
                    str(SOURCE), str(stem)], check=True)
    return Image.open(f"{stem}.png").convert("L")


def degrade(img: Image.Image, page: int, rng: random.Random) -> Image.Image:
    """Skew (some pages), a slight blur like a scanner's optics, uneven paper tone, and dust specks.

    The paper tone is smooth noise (a coarse random field, enlarged): it changes every pixel yet costs
    little in JPEG, unlike per-pixel grain, which tripled the file size.
    """
    if page in SKEWED:
        img = img.rotate(SKEWED[page], resample=Image.BICUBIC, expand=False, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    w, h = img.size
    coarse = Image.effect_noise((max(w // 40, 1), max(h // 40, 1)), 40).resize((w, h), Image.BICUBIC)
    tone = coarse.point(lambda v: 255 - max(0, min(24, (v - 100) // 4)))  # paper 231-255
    img = ImageChops.multiply(img, tone)
    px = img.load()
    for _ in range(80):  # dust
        x, y = rng.randrange(w - 3), rng.randrange(h - 3)
        for dx in range(rng.randrange(1, 3)):
            for dy in range(rng.randrange(1, 3)):
                px[x + dx, y + dy] = rng.randrange(40, 120)
    return img


def image_page(doc: pdfium.PdfDocument, img: Image.Image, size: tuple[float, float], index: int) -> None:
    """Append a page of ``size`` points holding only ``img`` as a JPEG."""
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    page = doc.new_page(size[0], size[1], index=index)
    image = pdfium.PdfImage.new(doc)
    image.load_jpeg(io.BytesIO(buf.getvalue()), inline=False)
    image.set_matrix(pdfium.PdfMatrix().scale(size[0], size[1]))
    page.insert_obj(image)
    page.gen_content()


def main() -> None:
    rng = random.Random(SEED)
    random.seed(SEED)  # Image.effect_noise draws from the C library: the tone differs run to run, not the text
    src = pdfium.PdfDocument(str(SOURCE))
    out = pdfium.PdfDocument.new()
    with tempfile.TemporaryDirectory() as tmp:
        for number in sorted(TEXT_PAGES + SCANNED_PAGES):
            if number in TEXT_PAGES:
                out.import_pages(src, [number - 1])
                continue
            size = src.get_page_size(number - 1)
            image_page(out, degrade(rasterise(number, Path(tmp)), number, rng), size, len(out))
    out.save(str(TARGET), version=17)
    out.close()
    src.close()
    print(f"{TARGET.relative_to(SAMPLES.parent)}: {TARGET.stat().st_size // 1024} KiB, "
          f"{len(TEXT_PAGES) + len(SCANNED_PAGES)} pages")


if __name__ == "__main__":
    main()
