"""Which pages need OCR (``pages_needing_ocr``): a page whose text layer holds fewer than ``MIN_TEXT_CHARS``
letters or digits (or mostly unprintable junk) while images cover at least ``MIN_IMAGE_COVERAGE`` of it and it
looks like paper with print on it (``MIN_PAPER_SHARE`` of it light: a photo cover is no table page). Pages with
a real text layer are never touched, so a mixed document is OCRed page by page and a text PDF not at all.

The look at such a page (``look_at_scan``, on a cheap render at ``LOOK_DPI`` taken while the PDF is screened;
for a page whose text layer is only a caption over pictures, when the OCR policy asks: ``PdfScreen.look_at``)
also says whether long rules cross it as they cross a table (``looks_ruled``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from .ocr_image import _dense, max_filter, render_gray

MIN_TEXT_CHARS = 20  # letters/digits on a page below which its text layer does not count
MAX_CAPTION_CHARS = 200  # letters/digits of a text layer that is only a caption over a picture (a table pasted
# as an image under its typed title: 66); the text of a table page with a text layer runs to thousands
MIN_IMAGE_COVERAGE = 0.3  # share of the page covered by images for a page to be a scan
MIN_PART_COVERAGE = 0.1  # images covering this much can hold the last rows of a table pasted as pictures
MIN_PAPER_SHARE = 0.75  # share of light pixels for a scan to be a page of text or tables (not a photo)
PAPER_LEVEL = 160  # gray level above which a pixel is paper


LOOK_DPI = 50  # the cheap render that decides whether an image page can hold a table
LOOK_MAX_PIXELS = 2_000_000
LOOK_DARK = 235  # at LOOK_DPI a 0.5 pt rule is a light gray line
LOOK_RULE_SHARE = 0.3
LOOK_MIN_HRULES = 3
LOOK_MIN_VRULES = 2
LOOK_SHADE_WINDOW = 5  # pixels at LOOK_DPI: wider than a rule, narrower than a shaded cell
LOOK_SKEW_ROWS = 2  # rows above and below joined when looking for a long line (2 deg over 30% of a page)


_PRINTABLE = re.compile(r"[0-9A-Za-z\u00C0-\u024F]")


@dataclass(frozen=True)
class ScanLook:
    """How a page without a text layer looks on a cheap render at ``LOOK_DPI`` (readers.pdf screens every
    such page with it): the share of the page images cover, the share that is paper, and whether long
    rules (or bands of row shading) cross it as they cross a table."""

    image_share: float
    paper: float
    ruled: bool
    ruled_under_shading: bool = False  # ruled once cell shading is taken out (``_without_shading``)
    unreadable_text: bool = False  # printed text whose text layer is junk (``unreadable_text``): read as a picture
    stand_in_fonts: bool = False  # ... set in fonts not embedded: the picture shows the same junk (``fonts_embedded``)

    @property
    def is_image_page(self) -> bool:
        """Images cover the page, or its print cannot be read but as a picture (its text layer is junk, and its
        fonts are embedded: drawn in stand-in fonts, the glyph numbers show as other letters)."""
        return self.image_share >= MIN_IMAGE_COVERAGE or (self.unreadable_text and not self.stand_in_fonts)

    @property
    def is_scan(self) -> bool:
        """An image page that is paper with print on it (a photo or a coloured cover is not)."""
        return self.is_image_page and self.paper >= MIN_PAPER_SHARE

    @property
    def is_table_part(self) -> bool:
        """A smaller picture of a ruled table on paper: the last rows of a table pasted as pictures, page by
        page (OCRed only beside a page of that table, ``pdf_document.plan_ocr``)."""
        return ((self.ruled or self.ruled_under_shading) and self.paper >= MIN_PAPER_SHARE
                and not (self.unreadable_text and self.stand_in_fonts))


def look_at_scan(page: Any, unreadable: bool = False) -> ScanLook | None:
    """The ``ScanLook`` of a pdfium page, or None when images cover too little of it to hold a table
    (``MIN_PART_COVERAGE``) and its text is not ``unreadable`` (``unreadable_text``)."""
    import numpy as np

    share = image_share(page)
    if share < MIN_PART_COVERAGE and not unreadable:
        return None
    img = render_gray(page, LOOK_DPI, LOOK_MAX_PIXELS)
    gray = np.asarray(img)
    return ScanLook(share, float((gray > PAPER_LEVEL).mean()), looks_ruled(gray), looks_ruled(_without_shading(img)),
                    unreadable, unreadable and not fonts_embedded(page))


MAX_FONT_CHECKS = 5000  # text objects asked for their font at most (a page of one object per glyph has thousands)


def fonts_embedded(page: Any) -> bool:
    """Whether some text of a pdfium page is set in a font the PDF embeds. A font that is not embedded is drawn
    in a stand-in font: where the text has no map to Unicode either (a damaged font), the picture shows its
    glyph numbers as other letters, and OCR reads junk too. True when pdfium cannot say, or after
    ``MAX_FONT_CHECKS`` text objects without an embedded font."""
    import pypdfium2.raw as pdfium_c

    if not hasattr(pdfium_c, "FPDFFont_GetIsEmbedded"):
        return True
    for k, obj in enumerate(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,), max_depth=3)):
        if k >= MAX_FONT_CHECKS:
            return True
        font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
        if not font or pdfium_c.FPDFFont_GetIsEmbedded(font):
            return True
    return False


MIN_UNREADABLE_CHARS = 100  # characters of a text layer that, mostly glyph numbers, are junk
UNREADABLE_SHARE = 0.2  # share of its characters that are control or private-use code points (text: 0)
_GLYPH_NUMBERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\uf8ff\ufffd]")


def unreadable_text(text: str) -> bool:
    """A text layer of many characters, most of them control or private-use code points: the glyph numbers of
    fonts printed without a map to Unicode. The page shows its print; only its text is lost. (Dot leaders and
    punctuation are text: a list of contents is no such page.)"""
    visible = "".join(text.split())
    return (len(visible) >= MIN_UNREADABLE_CHARS and not has_text_layer(text)
            and len(_GLYPH_NUMBERS.findall(visible)) >= UNREADABLE_SHARE * len(visible))


def image_share(page: Any) -> float:
    """The share of a pdfium page that its images cover (overlaps counted twice; can exceed 1)."""
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    area = max(width * height, 1.0)
    covered = 0.0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        w = max(0.0, min(right, width) - max(left, 0.0))
        h = max(0.0, min(top, height) - max(bottom, 0.0))
        covered += w * h
    return covered / area


def has_pictures(page: Any) -> bool:
    """Whether images cover enough of a pdfium page for ``look_at_scan`` to look at it."""
    return image_share(page) >= MIN_PART_COVERAGE


def _without_shading(img: Any) -> Any:
    """The cheap render divided by its local background (the brightest level within ``LOOK_SHADE_WINDOW``
    pixels): a shaded header band, dense at ``LOOK_DARK`` over the whole width of a short table, becomes
    paper, and the rules crossing it stand out again."""
    import numpy as np

    background = max_filter(np.asarray(img), LOOK_SHADE_WINDOW).astype(np.float32)
    flat = np.asarray(img, dtype=np.float32) * 255.0 / np.maximum(background, 1.0)
    return np.clip(flat, 0, 255).astype(np.uint8)


def looks_ruled(gray: Any) -> bool:
    """Can this small page image hold a table: ``LOOK_MIN_HRULES`` horizontal lines (rules, or the edges of
    shaded rows) across at least ``LOOK_RULE_SHARE`` of the page's width, and ``LOOK_MIN_VRULES`` vertical
    ones down at least ``LOOK_RULE_SHARE`` of the height of the band between the first and last of them.

    Rules drawn 0.5 pt thin are light gray at this resolution, hence the light ``LOOK_DARK``. Dot leaders and
    the lines of a letterhead give no vertical rule; prose gives no long line at all."""
    import numpy as np

    ink = np.asarray(gray) < LOOK_DARK
    h, w = ink.shape
    level = ink.copy()  # a rule of a page scanned a degree or two askew drifts over a few rows
    for dy in range(1, LOOK_SKEW_ROWS + 1):
        level[dy:] |= ink[:-dy]
        level[:-dy] |= ink[dy:]
    rows = _line_positions(_dense(level, max(int(w * LOOK_RULE_SHARE), 8)))
    if len(rows) < LOOK_MIN_HRULES:
        return False
    band = ink[rows[0] : rows[-1] + 1]
    cols = _line_positions(_dense(band.T, max(int(band.shape[0] * LOOK_RULE_SHARE), 8)))
    return len(cols) >= LOOK_MIN_VRULES


def _line_positions(dense: Any) -> list[int]:
    """Rows holding a dense run, rows next to each other counted once."""
    import numpy as np

    out: list[int] = []
    last = -10
    for y in np.flatnonzero(dense.any(axis=1)):
        if y - last > 2:
            out.append(int(y))
        last = int(y)
    return out


HIDDEN_SAMPLE = 40  # characters of a page whose text render mode is looked at
HIDDEN_SHARE = 0.9  # share of them invisible for the page's text to be a hidden OCR layer


def text_is_hidden(textpage: Any) -> bool:
    """Whether the text of a pdfium text page is invisible (render mode 3) for at least ``HIDDEN_SHARE`` of
    ``HIDDEN_SAMPLE`` characters spread over it: the layer another program's OCR lays over a scan ("searchable
    PDF"). Such text is placed word by word, without the table's structure, and misread where the scan is
    poor."""
    import pypdfium2.raw as pdfium_c

    n = textpage.count_chars()
    step = max(1, n // HIDDEN_SAMPLE)
    allowed = int((1 - HIDDEN_SHARE) * len(range(0, n, step)))  # visible characters a hidden layer may show
    seen = visible = 0
    for i in range(0, n, step):
        obj = pdfium_c.FPDFText_GetTextObject(textpage.raw, i)
        if not obj:  # a character pdfium generated (a space, a line break)
            continue
        seen += 1
        if pdfium_c.FPDFTextObj_GetTextRenderMode(obj) != pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE:
            visible += 1
            if visible > allowed:  # an ordinary page: known after a few characters
                return False
    return seen > 0 and visible <= (1 - HIDDEN_SHARE) * seen


def has_text_layer(text: str) -> bool:
    useful = len(_PRINTABLE.findall(text))
    return useful >= MIN_TEXT_CHARS and useful >= 0.3 * len(text.strip())


def is_caption_only(text: str) -> bool:
    """A text layer too short to be the page's content: a title typed over a picture (fewer than
    ``MAX_CAPTION_CHARS`` letters and digits). Such a page is looked at as a possible scan too."""
    return len(_PRINTABLE.findall(text)) < MAX_CAPTION_CHARS


_has_text_layer = has_text_layer


def pages_needing_ocr(path: str | Path, page_texts: list[str] | None = None) -> list[int]:
    """1-based numbers of the pages with no usable text layer that are covered by images (scans)."""
    from .pdf_screen import screen_pdf

    if page_texts is not None and all(has_text_layer(t) for t in page_texts):
        return []
    try:
        screen = screen_pdf(path)
    except InputError:  # readers/pdf.py reports unreadable files with a proper message
        return []
    return [i for i, page in enumerate(screen.pages, 1)
            if page.scan is not None and page.scan.is_scan and not has_text_layer(page.text)]
