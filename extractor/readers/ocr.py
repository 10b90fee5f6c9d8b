"""Scanned pages: give the pages that have no usable text layer one, so that readers/pdf.py reads them as usual.

Which pages (``pages_needing_ocr``): a page whose text layer holds fewer than ``MIN_TEXT_CHARS`` letters or
digits (or mostly unprintable junk) while images cover at least ``MIN_IMAGE_COVERAGE`` of it and it looks
like paper with print on it (``MIN_PAPER_SHARE`` of it light: a photo cover is no table page). Pages with a
real text layer are never touched, so a mixed document is OCRed page by page and a text PDF not at all.

How a page is OCRed (``ocr_pdf``), with Tesseract and its Indonesian model (``tesseract-ocr-ind``):

1. The page is rendered at ``OCR_DPI`` in grayscale (pypdfium2).
2. Orientation: Tesseract's OSD (``--psm 0``) turns a page printed sideways or upside down upright.
3. Skew: the angle (within +-``MAX_SKEW`` degrees) that makes the row profile of the dark pixels sharpest
   (text lines and table rules then lie on few pixel rows); the image is turned back by it.
4. Table rules: runs of dark pixels at least ``MIN_RULE_PX`` long are the horizontal rules; vertical runs count
   as rules when both their ends meet a horizontal rule (a letter's stem never does). The rules are painted
   out of the image before OCR (Tesseract reads a rule touching a digit as '|', '(' or '1'), and written back
   into the page as thin vector lines: readers/pdf.py finds the ruled table on them as on a born-digital PDF.
5. Tesseract reads the cleaned image (``--psm 3``; hOCR with character boxes and confidences).
6. The new page holds the cleaned image, the vector rules and an invisible text layer: one text object per
   run of characters (a word, split where its characters are far apart, as a code printed over several
   narrow cells is: "2 17 01"), stretched to the width Tesseract measured, so each character lands in its cell.

What comes back besides the PDF (``OcrReport``): per OCRed page, every word with its confidence and box in
PDF points. ``low_confidence_cells`` turns that into the cells holding a word read below
``LOW_CONFIDENCE`` (or any character below ``LOW_CHAR_CONFIDENCE``); ``flag_ocr_rows`` puts on every value
of a row from an OCRed page the flag ``ocr``, and ``ocr-low-confidence`` on the values printed in such cells.
A value is never corrected: the audit's sums then point at likely misreads.

Tesseract is called as a program (``tesseract``), one page per process, up to the number of CPUs at a time.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import BBox, Flag, RawTable

MIN_TEXT_CHARS = 20  # letters/digits on a page below which its text layer does not count
MIN_IMAGE_COVERAGE = 0.3  # share of the page covered by images for a page to be a scan
MIN_PAPER_SHARE = 0.75  # share of light pixels for a scan to be a page of text or tables (not a photo)
PAPER_LEVEL = 160  # gray level above which a pixel is paper
OCR_DPI = 300
SMALL_PRINT_PX = 24  # median line height (hOCR x_size) at OCR_DPI under which a page is read again, enlarged
TARGET_LINE_PX = 34  # the line height the enlarged render aims at (the scanned sample: 29 px, Inspektorat p.50: 21)
MAX_UPSCALE = 2.0
LOOK_DPI = 50  # the cheap render that decides whether an image page can hold a table
LOOK_MAX_PIXELS = 2_000_000
LOOK_DARK = 235  # at LOOK_DPI a 0.5 pt rule is a light gray line
LOOK_RULE_SHARE = 0.3
LOOK_MIN_HRULES = 3
LOOK_MIN_VRULES = 2
LOOK_SKEW_ROWS = 2  # rows above and below joined when looking for a long line (2 deg over 30% of a page)
# Render limits: Tesseract refuses an image over 32767 pixels a side, and a bitmap's memory grows with its
# area (an A4 page at OCR_DPI is 8.7 million pixels; a 14400 pt square page would be 3.7 billion).
MAX_RENDER_PIXELS = 24_000_000
MAX_RENDER_SIDE = 30_000
MAX_SKEW = 4.0  # degrees
MIN_RULE_PX = 90  # at OCR_DPI: 0.3 inch; the longest dark run inside a 7-12 pt word is far shorter
RULE_GAP_PX = 1  # gaps this short inside a rule (noise, JPEG) are bridged; letters of bold words stay apart
MIN_VRULE_PX = 36  # at OCR_DPI: a vertical rule of a one-line cell is ~50 px, a capital's stem ~21 px
RULE_DENSITY = 0.9  # share of ink over any stretch of a rule
DENSE_STRIP_ROWS = 256
SHADE_LEVEL = 225  # a background darker than this is cell shading (scanned paper stays above 230)
MIN_SHADED_SHARE = 0.02
SHADE_WINDOW = 7  # pixels of the quarter-size image (28 at OCR_DPI: wider than a stroke or a rule)
RULE_JOIN_OFFSET_PX = 3  # pieces of a rule this far apart across it, and
RULE_JOIN_GAP_PX = 40  # this far apart along it, are one rule
MAX_RULE_THICKNESS_PX = 8  # a rule is thin; a thicker band of long runs is a solid block, not a rule
RULE_END_TOL_PX = 8  # a vertical run whose ends are this close to horizontal rules is a rule
MIN_SIDE_RULES = 4  # horizontal rules ending at one x that make a table side there (when none is drawn)
DARK = 170  # gray level below which a pixel is ink (skew estimation)
RULE_DARK = 200  # rules are thin and, once scanned, light gray: a rule pixel is anything below this
RULE_HALO_PX = 3  # the light blur a scan leaves along each side of a rule
MIN_UNREAD_INK = 25  # ink pixels left unread in a grid box that are worth a second look
MIN_CROP_PX = 12  # an unread cut-out at least this tall (a digit at 7 pt is ~21 px at OCR_DPI)
MAX_CROP_LINE_PX = 45
MAX_REREAD_CHARS = 8  # a doubted word this short is read again on its own
MAX_REREAD_CROPS = 600  # cut-outs read again per page at most
MAX_CANVAS_HEIGHT = 8000  # pixels: the cut-outs are read in stacks no taller than this
LOW_CONFIDENCE = 80.0  # word confidence (0-100) below which a cell is flagged ocr-low-confidence
LOW_CHAR_CONFIDENCE = 60.0  # any character below this flags its cell too
LANGUAGES = "ind"
TESSERACT_TIMEOUT = 300.0
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-ind"

_PRINTABLE = re.compile(r"[0-9A-Za-z\u00C0-\u024F]")


# --------------------------------------------------------------------------------------- which pages


@dataclass(frozen=True)
class ScanLook:
    """How a page without a text layer looks on a cheap render at ``LOOK_DPI`` (readers.pdf screens every
    such page with it): the share of the page images cover, the share that is paper, and whether long
    rules (or bands of row shading) cross it as they cross a table."""

    image_share: float
    paper: float
    ruled: bool

    @property
    def is_scan(self) -> bool:
        """Images cover the page and it is paper with print on it (a photo or a coloured cover is not)."""
        return self.image_share >= MIN_IMAGE_COVERAGE and self.paper >= MIN_PAPER_SHARE


def look_at_scan(page: Any) -> ScanLook | None:
    """The ``ScanLook`` of a pdfium page, or None when images cover too little of it to be a scan."""
    import numpy as np
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    area = max(width * height, 1.0)
    covered = 0.0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        w = max(0.0, min(right, width) - max(left, 0.0))
        h = max(0.0, min(top, height) - max(bottom, 0.0))
        covered += w * h
    if covered / area < MIN_IMAGE_COVERAGE:
        return None
    gray = np.asarray(render_gray(page, LOOK_DPI, LOOK_MAX_PIXELS))
    return ScanLook(covered / area, float((gray > PAPER_LEVEL).mean()), looks_ruled(gray))


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


def render_gray(page: Any, dpi: float, max_pixels: int = MAX_RENDER_PIXELS) -> Any:
    """The page as a grayscale PIL image at ``dpi``, scaled down as far as needed to stay within
    ``max_pixels`` and ``MAX_RENDER_SIDE`` pixels a side (a 14400 pt page, a page holding one very tall image)."""
    width, height = page.get_size()
    scale = render_scale(width, height, dpi, max_pixels)
    return page.render(scale=scale, grayscale=True, rotation=0).to_pil().convert("L")


def render_scale(width: float, height: float, dpi: float, max_pixels: int = MAX_RENDER_PIXELS) -> float:
    """Pixels per point for a page of ``width`` x ``height`` points at ``dpi``, within the render limits."""
    scale = dpi / 72
    w, h = max(width, 1.0), max(height, 1.0)
    scale = min(scale, (max_pixels / (w * h)) ** 0.5, MAX_RENDER_SIDE / max(w, h))
    return max(scale, 1e-3)


def has_text_layer(text: str) -> bool:
    useful = len(_PRINTABLE.findall(text))
    return useful >= MIN_TEXT_CHARS and useful >= 0.3 * len(text.strip())


_has_text_layer = has_text_layer


def pages_needing_ocr(path: str | Path, page_texts: list[str] | None = None) -> list[int]:
    """1-based numbers of the pages with no usable text layer that are covered by images (scans)."""
    from .pdf import screen_pdf

    if page_texts is not None and all(has_text_layer(t) for t in page_texts):
        return []
    try:
        screen = screen_pdf(path)
    except InputError:  # readers/pdf.py reports unreadable files with a proper message
        return []
    return [i for i, page in enumerate(screen.pages, 1) if page.scan is not None and page.scan.is_scan]


# ------------------------------------------------------------------------------------------- tools


def find_tesseract() -> str | None:
    return shutil.which(os.environ.get("RENSTRA_TESSERACT", "tesseract"))


def tesseract_languages(tesseract: str | None = None) -> list[str]:
    """The language models Tesseract has installed ([] when Tesseract is missing)."""
    tesseract = tesseract or find_tesseract()
    if tesseract is None:
        return []
    try:
        out = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [line.strip() for line in out.splitlines()[1:] if line.strip()]


def ocr_problem() -> str | None:
    """Why OCR cannot run here ("Tesseract is not installed", a missing language model), or None."""
    tesseract = find_tesseract()
    if tesseract is None:
        return "Tesseract is not installed"
    missing = [lang for lang in LANGUAGES.split("+") if lang not in tesseract_languages(tesseract)]
    if missing:
        return f"Tesseract's model for {', '.join(missing)} is missing"
    return None


def _check_tools(path: Path, pages: Sequence[int]) -> str:
    problem = ocr_problem()
    if problem:
        which = f"page(s) {', '.join(map(str, pages[:8]))}{'...' if len(pages) > 8 else ''}"
        raise InputError(f"{path.name}: {which} need OCR, but {problem} (Debian/Ubuntu: {INSTALL_HINT})")
    return find_tesseract() or "tesseract"


# ------------------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class OcrWord:
    text: str
    confidence: float  # word confidence, 0-100
    min_char_confidence: float
    bbox: BBox  # PDF points, top-left origin (as pdfplumber)


@dataclass
class OcrReport:
    """What OCR did to a document: the pages it read and every word with its confidence."""

    pages: list[int]
    words: dict[int, list[OcrWord]] = field(default_factory=dict)
    skew: dict[int, float] = field(default_factory=dict)  # degrees turned back, per page
    rotation: dict[int, int] = field(default_factory=dict)  # degrees turned for orientation, per page
    low_cells: list[tuple[int, str, float]] = field(default_factory=list)  # page, cell text, confidence
    failures: list[Any] = field(default_factory=list)  # readers.isolated.PageFailure of the pages not read


# ---------------------------------------------------------------------------------- image analysis


def _orientation(tesseract: str, image: Path) -> int:
    """Degrees (0/90/180/270) to turn the image counter-clockwise to make it upright (0 when unsure)."""
    try:
        out = subprocess.run([tesseract, str(image), "-", "--psm", "0"], capture_output=True, text=True,
                             timeout=60, env=_tess_env()).stdout
    except (OSError, subprocess.SubprocessError):
        return 0
    rotate = re.search(r"Rotate:\s*(\d+)", out)
    conf = re.search(r"Orientation confidence:\s*([\d.]+)", out)
    if rotate and conf and float(conf.group(1)) >= 2.0:
        return int(rotate.group(1)) % 360
    return 0


def _skew_angle(img: Any) -> float:
    """The small rotation (degrees, counter-clockwise) that makes text lines and rules horizontal."""
    import numpy as np
    from PIL import Image

    small = img.resize((max(img.width // 4, 1), max(img.height // 4, 1)))
    ink = Image.fromarray(((np.asarray(small) < DARK) * 255).astype("uint8"))

    def sharpness(angle: float) -> float:
        rows = np.asarray(ink.rotate(angle, resample=Image.BILINEAR), dtype=np.float64).sum(axis=1)
        return float((rows**2).sum())

    steps = int(MAX_SKEW * 4)
    coarse = max((a / 4 for a in range(-steps, steps + 1)), key=sharpness)
    return max((coarse + a / 40 for a in range(-10, 11)), key=sharpness)


def flatten_shading(gray: Any) -> Any:
    """The page with coloured or gray cell shading turned to paper, when it has some.

    The background (paper or shading) is the brightest level around each pixel (a maximum filter wider than
    a letter's stroke and a rule, on a quarter-size image); each pixel is divided by it. Print keeps its
    contrast against its own background, and shading, which Tesseract reads as noise around the digits and
    which hides rules from ``find_rules``, becomes white. A page with less than ``MIN_SHADED_SHARE`` of
    shaded background (a scan's uneven paper is lighter than ``SHADE_LEVEL``) is returned unchanged.
    """
    import numpy as np
    from PIL import Image, ImageFilter

    img = Image.fromarray(gray)
    small = img.reduce(4).filter(ImageFilter.MaxFilter(SHADE_WINDOW))
    if float((np.asarray(small) < SHADE_LEVEL).mean()) < MIN_SHADED_SHARE:
        return gray
    background = np.asarray(small.resize(img.size, Image.Resampling.BILINEAR), dtype=np.float32)
    flat = np.asarray(gray, dtype=np.float32) * 255.0 / np.maximum(background, 1.0)
    return np.clip(flat, 0, 255).astype(np.uint8)


def _runs(mask: Any, min_len: int, gap: int = RULE_GAP_PX) -> list[tuple[int, int, int]]:
    """Runs of True at least ``min_len`` long along each row: (row, start, end) with gaps bridged."""
    import numpy as np

    out = []
    for y in np.flatnonzero(mask.sum(axis=1) >= min_len):
        idx = np.flatnonzero(mask[y])
        breaks = np.flatnonzero(np.diff(idx) > gap + 1)
        starts = np.r_[idx[0], idx[breaks + 1]]
        ends = np.r_[idx[breaks], idx[-1]]
        out.extend((int(y), int(s), int(e)) for s, e in zip(starts, ends) if e - s + 1 >= min_len)
    return out


def _group(runs: list[tuple[int, int, int]]) -> list[tuple[float, int, int, int, int]]:
    """Runs on neighbouring rows with overlapping extents -> one rule: (centre, start, end, first, last row)."""
    rules: list[list[int]] = []  # first row, last row, start, end
    for y, s, e in sorted(runs):
        for rule in rules:
            if y - rule[1] <= 2 and s <= rule[3] and e >= rule[2]:
                rule[1], rule[2], rule[3] = y, min(rule[2], s), max(rule[3], e)
                break
        else:
            rules.append([y, y, s, e])
    thin = sorted((r for r in rules if r[1] - r[0] < MAX_RULE_THICKNESS_PX), key=lambda r: (r[0] + r[1], r[2]))
    joined: list[list[int]] = []  # collinear pieces of one rule broken by noise or by a skew turned back
    for r in thin:
        for j in joined:
            near = abs((j[0] + j[1]) - (r[0] + r[1])) <= 2 * RULE_JOIN_OFFSET_PX
            if near and r[2] - j[3] <= RULE_JOIN_GAP_PX and r[3] >= j[2] - RULE_JOIN_GAP_PX:
                j[0], j[1], j[2], j[3] = min(j[0], r[0]), max(j[1], r[1]), min(j[2], r[2]), max(j[3], r[3])
                break
        else:
            joined.append(list(r))
    return [((r[0] + r[1]) / 2, r[2], r[3], r[0], r[1]) for r in joined]


def _dense(ink: Any, window: int) -> Any:
    """Pixels lying in some run of ``window`` pixels along a row that is at least RULE_DENSITY ink.

    A rule is nearly solid over any stretch of it (a few pixels lost to noise); a row of text never is, not
    even across the tops of bold capitals, nor a column across letter stems of lines set one under another.
    Rows are independent: they are taken ``DENSE_STRIP_ROWS`` at a time, which bounds the memory of the
    integer sums (four times the image per array) on a large page.
    """
    import numpy as np

    h, w = ink.shape
    out = np.zeros((h, w), dtype=bool)
    if w < window:
        return out
    for y0 in range(0, h, DENSE_STRIP_ROWS):
        strip = ink[y0 : y0 + DENSE_STRIP_ROWS]
        out[y0 : y0 + strip.shape[0]] = _dense_strip(strip, window)
    return out


def _dense_strip(ink: Any, window: int) -> Any:
    import numpy as np

    h, w = ink.shape
    cs = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum(ink, axis=1, out=cs[:, 1:])
    full = np.zeros((h, w), dtype=np.int32)
    full[:, : w - window + 1] = (cs[:, window:] - cs[:, : w - window + 1]) >= RULE_DENSITY * window
    marks = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum(full, axis=1, out=marks[:, 1:])  # marks[x] = qualifying windows starting before x
    lo = np.maximum(np.arange(w) - window + 1, 0)
    return ((marks[:, 1:] - marks[:, lo]) > 0) & ink  # a window starting in [x - window + 1, x] covers x


def find_rules(gray: Any) -> tuple[list[tuple[float, int, int, int, int]], list[tuple[float, int, int, int, int]]]:
    """Horizontal and vertical table rules of a page image (numpy uint8 array), in pixels.

    Each rule is (centre, start, end, first, last): a horizontal rule at row ``centre`` from column ``start``
    to ``end``, drawn over rows ``first``..``last`` (a vertical one the same, transposed).
    """
    ink = gray < RULE_DARK
    horizontal = _group(_runs(_dense(ink, MIN_RULE_PX), MIN_RULE_PX))
    vertical = []
    for rule in _group(_runs(_dense(ink.T, MIN_VRULE_PX), MIN_VRULE_PX)):
        x, top, bottom = rule[0], rule[1], rule[2]
        crossing = [h for h in horizontal if h[1] - RULE_END_TOL_PX <= x <= h[2] + RULE_END_TOL_PX]
        meets_top = any(abs(h[0] - top) <= RULE_END_TOL_PX for h in crossing)
        meets_bottom = any(abs(h[0] - bottom) <= RULE_END_TOL_PX for h in crossing)
        if meets_top and meets_bottom:
            vertical.append(rule)
    return horizontal, vertical + _missing_sides(horizontal, vertical)


def _missing_sides(horizontal: list[tuple[float, int, int, int, int]],
                   vertical: list[tuple[float, int, int, int, int]]) -> list[tuple[float, int, int, int, int]]:
    """The left and right sides of a ruled table that its picture lost (a table pasted as a picture whose
    border falls on the picture's edge): where ``MIN_SIDE_RULES`` horizontal rules or more start (end) at
    the same x and no vertical rule runs there, a side from the first of them to the last."""
    out: list[tuple[float, int, int, int, int]] = []
    for end in (1, 2):
        groups: dict[int, list[tuple[float, int, int, int, int]]] = {}
        for rule in horizontal:
            at = int(rule[end])
            key = next((k for k in groups if abs(k - at) <= RULE_END_TOL_PX), at)
            groups.setdefault(key, []).append(rule)
        for x, rules in groups.items():
            if len(rules) < MIN_SIDE_RULES or any(abs(v[0] - x) <= 2 * RULE_END_TOL_PX for v in vertical):
                continue
            top, bottom = int(min(r[0] for r in rules)), int(max(r[0] for r in rules))
            out.append((float(x), top, bottom, x, x))
    return out


def _paint_out(gray: Any, horizontal: list[tuple[float, int, int, int, int]],
               vertical: list[tuple[float, int, int, int, int]]) -> Any:
    """The image with the rules made white: a rule's own rows (columns) entirely, and the light halo a scan
    leaves along it; dark pixels next to a rule are kept (a 'g' or a 'p' hanging onto the rule below)."""
    clean = gray.copy()
    halo = RULE_HALO_PX
    for _c, s, e, first, last in horizontal:
        clean[first : last + 1, s : e + 1] = 255
        for band in (clean[max(first - halo, 0) : first, s : e + 1], clean[last + 1 : last + 1 + halo, s : e + 1]):
            band[band >= DARK] = 255
    for _c, s, e, first, last in vertical:
        clean[s : e + 1, first : last + 1] = 255
        for band in (clean[s : e + 1, max(first - halo, 0) : first], clean[s : e + 1, last + 1 : last + 1 + halo]):
            band[band >= DARK] = 255
    return clean


# ------------------------------------------------------------------------------------------- hOCR

# Characters of one Tesseract word this far apart (times the word's height) are two words: Tesseract joins
# "2 17 01" (a code printed with narrow spaces, or over narrow cells) into "21701".
SPLIT_DIGITS = 0.26  # between digits: inside a number the gap is 1-4 px of a 21 px height, a space 6-12 px
SPLIT_LETTERS = 0.6
_DIGITISH = re.compile(r"^[0-9OoIl|]$")  # no "." or ",": a gap beside a narrow mark is no space
_BBOX = re.compile(r"bbox (\d+) (\d+) (\d+) (\d+)")
_WCONF = re.compile(r"x_wconf (\d+(?:\.\d+)?)")
_CBOX = re.compile(r"x_bboxes (\d+) (\d+) (\d+) (\d+)")
_CCONF = re.compile(r"x_conf (\d+(?:\.\d+)?)")


@dataclass
class _Piece:
    """Characters of one word that sit together (a word split where its characters are far apart)."""

    text: str
    box: tuple[int, int, int, int]
    line_height: float
    confidence: float
    min_char_confidence: float


def _parse_hocr(hocr: str, cuts: Sequence[tuple[float, int, int, int, int]] = ()) -> list[_Piece]:
    """Tesseract's words as pieces: a word is split where its characters are far apart (``_splits``) or where
    a vertical rule of ``cuts`` runs between two of them (a code read across narrow cells: "2|17|01")."""
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", hocr))
    pieces: list[_Piece] = []
    for line in root.iter():
        if "ocr_line" not in (line.get("class") or "") and line.get("class") not in ("ocr_caption", "ocr_header",
                                                                                     "ocr_textfloat"):
            continue
        size = re.search(r"x_size ([\d.]+)", line.get("title", ""))
        line_height = float(size.group(1)) if size else 0.0
        for word in line.iter():
            if (word.get("class") or "") != "ocrx_word":
                continue
            title = word.get("title", "")
            conf_m = _WCONF.search(title)
            conf = float(conf_m.group(1)) if conf_m else 0.0
            chars = []
            for ch in word.iter():
                if (ch.get("class") or "") == "ocrx_cinfo" and ch.text:
                    b, c = _CBOX.search(ch.get("title", "")), _CCONF.search(ch.get("title", ""))
                    if b:
                        chars.append((ch.text, tuple(int(v) for v in b.groups()), float(c.group(1)) if c else conf))
            if not chars:
                text = "".join(word.itertext()).strip()
                b = _BBOX.search(title)
                if text and b:
                    box = tuple(int(v) for v in b.groups())
                    pieces.append(_Piece(text, box, line_height, conf, conf))  # type: ignore[arg-type]
                continue
            height = statistics.median(b[3] - b[1] for _t, b, _c in chars) or 1
            group = [chars[0]]
            for prev, cur in zip(chars, chars[1:]):
                if _splits(prev, cur, height, cuts):
                    pieces.append(_make_piece(group, line_height, conf))
                    group = []
                group.append(cur)
            pieces.append(_make_piece(group, line_height, conf))
    return pieces


def _splits(prev: tuple[str, tuple[int, ...], float], cur: tuple[str, tuple[int, ...], float], height: float,
            cuts: Sequence[tuple[float, int, int, int, int]]) -> bool:
    numeric = _DIGITISH.match(prev[0]) and _DIGITISH.match(cur[0])
    if cur[1][0] - prev[1][2] > (SPLIT_DIGITS if numeric else SPLIT_LETTERS) * height:
        return True
    mid_y = (cur[1][1] + cur[1][3]) / 2
    left, right = (prev[1][0] + prev[1][2]) / 2, (cur[1][0] + cur[1][2]) / 2
    return any(left < x < right and top <= mid_y <= bottom for x, top, bottom, _f, _l in cuts)


def _make_piece(chars: list[tuple[str, tuple[int, ...], float]], line_height: float, conf: float) -> _Piece:
    box = (min(b[0] for _t, b, _c in chars), min(b[1] for _t, b, _c in chars),
           max(b[2] for _t, b, _c in chars), max(b[3] for _t, b, _c in chars))
    return _Piece(_digits_in_context("".join(t for t, _b, _c in chars)), box, line_height, conf,
                  min(c for _t, _b, c in chars))


_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1"})
_NUMERIC_WORD = re.compile(r"^[\d.,()\-%]*\d[\d.,()\-%]*$")


def _digits_in_context(text: str) -> str:
    """'O1', '2.O1', '1O,000' -> digits: Tesseract's Indonesian model reads a lone 0 or 1 among digits as a
    letter. Only a word that is all digits once those letters are read as digits is changed (never 'DINKOP').
    The word keeps its confidence, which is low in such cases, so the value is still flagged."""
    if not any(ch.isdigit() for ch in text):
        return text
    mapped = text.translate(_DIGIT_LOOKALIKES)
    return mapped if mapped != text and _NUMERIC_WORD.match(mapped) else text


def _tess_env() -> dict[str, str]:
    return dict(os.environ, OMP_THREAD_LIMIT="1")


# --------------------------------------------------------------------------------------- one page


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


def _tesseract_hocr(tesseract: str, png: Path, base: Path, psm: str, src: Path, number: int,
                    cuts: Sequence[tuple[float, int, int, int, int]] = ()) -> list[_Piece]:
    cmd = [tesseract, str(png), str(base), "-l", LANGUAGES, "--psm", psm, "--dpi", str(OCR_DPI),
           "-c", "hocr_char_boxes=1", "hocr"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TESSERACT_TIMEOUT, env=_tess_env())
    except subprocess.TimeoutExpired:
        raise InputError(f"{src.name}: OCR of page {number} took longer than {TESSERACT_TIMEOUT:.0f}s") from None
    hocr = base.with_suffix(".hocr")
    if proc.returncode != 0 or not hocr.exists():
        raise InputError(f"{src.name}: Tesseract failed on page {number}: {(proc.stderr or '').strip()[-200:]}")
    return _parse_hocr(hocr.read_text(encoding="utf-8"), cuts)


def _axis(rules: list[tuple[float, int, int, int, int]]) -> list[int]:
    out: list[int] = []
    for c in sorted(r[0] for r in rules):
        if not out or c - out[-1] > 2 * RULE_END_TOL_PX:
            out.append(int(round(c)))
    return out


def _unread_boxes(gray: Any, horizontal: list[tuple[float, int, int, int, int]],
                  vertical: list[tuple[float, int, int, int, int]], pieces: list[_Piece]) -> list[tuple[int, ...]]:
    """Boxes around the ink, inside each box of the ruled grid, that no word read covers."""
    import numpy as np

    xs, ys = _axis(vertical), _axis(horizontal)
    if len(xs) < 2 or len(ys) < 2:
        return []
    ink = gray < DARK
    read = np.zeros_like(ink)
    for p in pieces:
        x0, top, x1, bottom = p.box
        read[max(top - 4, 0) : bottom + 5, max(x0 - 4, 0) : x1 + 5] = True
    unread = ink & ~read
    out = []
    m = 4  # keep clear of the painted-out rules
    for top, bottom in zip(ys, ys[1:]):
        for left, right in zip(xs, xs[1:]):
            box = unread[top + m : bottom - m, left + m : right - m]
            if box.size == 0 or box.sum() < MIN_UNREAD_INK:
                continue
            rows, cols = np.flatnonzero(box.any(axis=1)), np.flatnonzero(box.any(axis=0))
            c = (left + m + int(cols[0]), top + m + int(rows[0]), left + m + int(cols[-1]) + 1,
                 top + m + int(rows[-1]) + 1)
            if MIN_CROP_PX <= c[3] - c[1] <= 3 * MAX_CROP_LINE_PX and c[2] - c[0] >= 4:
                out.append(c)
    return out


def _second_pass(tesseract: str, gray: Any, horizontal: list[tuple[float, int, int, int, int]],
                 vertical: list[tuple[float, int, int, int, int]], pieces: list[_Piece], workdir: Path,
                 src: Path, number: int) -> list[_Piece]:
    """Read again, on their own, what the page run missed or doubted; returns the page's pieces, amended.

    Page segmentation drops what it takes for noise (a lone digit in a narrow cell: the urusan "2" of every
    split code, a one-digit target) and misreads short words it joined to a line of larger text ("17 07"
    beside a bold programme name -> "AT OT"). Two kinds of cut-outs are made: the ink inside the ruled
    grid's boxes that no word covers, and every short word read with low confidence. They are stacked one
    under another on a blank image, read in one Tesseract run as a block of lines, and put back where they
    came from: unread ink adds words; a doubted word is replaced when the second reading is a single word
    read more confidently (its confidence is then the second reading's).
    """
    from PIL import Image

    crops: list[tuple[tuple[int, int, int, int], int | None]] = []  # page box, index of the doubted piece
    crops += [(c, None) for c in _unread_boxes(gray, horizontal, vertical, pieces)]
    for i, p in enumerate(pieces):
        if p.confidence < LOW_CONFIDENCE and len(p.text) <= MAX_REREAD_CHARS:
            x0, top, x1, bottom = p.box
            crops.append(((max(x0 - 3, 0), max(top - 3, 0), x1 + 3, bottom + 3), i))
    if not crops:
        return pieces
    pad, gap = 12, 40
    crops = crops[:MAX_REREAD_CROPS]  # a page of dot leaders or noise has thousands; a table page a few hundred
    placed: list[tuple[int, int, tuple[int, int, int, int], int | None]] = []  # canvas top/bottom, box, piece
    by_crop: dict[int, list[_Piece]] = {}
    for part, batch in enumerate(_canvas_batches(crops, gap)):
        first = len(placed)
        width = max(c[2] - c[0] for c, _i in batch) + 2 * pad + 200
        height = sum(c[3] - c[1] + gap for c, _i in batch) + 2 * pad
        canvas = Image.new("L", (width, height), 255)
        y = pad
        for c, doubt in batch:
            canvas.paste(Image.fromarray(gray[c[1] : c[3], c[0] : c[2]]), (pad, y))
            placed.append((y, y + c[3] - c[1], c, doubt))
            y += c[3] - c[1] + gap
        png = workdir / f"page{number}-again{part}.png"
        canvas.save(png, dpi=(OCR_DPI, OCR_DPI))
        found = _tesseract_hocr(tesseract, png, workdir / f"page{number}-again{part}", "6", src, number)
        for piece in found:
            cy = (piece.box[1] + piece.box[3]) / 2
            k = next((k for k in range(first, len(placed))
                      if placed[k][0] - gap / 2 <= cy <= placed[k][1] + gap / 2), None)
            if k is None:
                continue
            top, _bottom, c, _i = placed[k]
            dx, dy = c[0] - pad, c[1] - top
            x0, y0, x1, y1 = piece.box
            by_crop.setdefault(k, []).append(_Piece(piece.text, (x0 + dx, y0 + dy, x1 + dx, y1 + dy),
                                                    piece.line_height, piece.confidence, piece.min_char_confidence))
    out = list(pieces)
    for k, new in by_crop.items():
        doubted = placed[k][3]
        if doubted is None:  # ink no word covered; a cut-out also holds read words next to it: not twice
            out.extend(w for w in new if not any(_covered(w.box, p.box) for p in pieces))
        elif len(new) == 1 and new[0].confidence > pieces[doubted].confidence:
            old = pieces[doubted]
            out[doubted] = _Piece(new[0].text, old.box, old.line_height, new[0].confidence,
                                  new[0].min_char_confidence)
    return out


def _canvas_batches(crops: list[tuple[tuple[int, int, int, int], int | None]],
                    gap: int) -> list[list[tuple[tuple[int, int, int, int], int | None]]]:
    """The cut-outs in groups whose stacked height stays within ``MAX_CANVAS_HEIGHT`` pixels (Tesseract
    refuses images over 32767 pixels a side; a tall image is also slow to lay out)."""
    batches: list[list[tuple[tuple[int, int, int, int], int | None]]] = [[]]
    height = 0
    for crop in crops:
        h = crop[0][3] - crop[0][1] + gap
        if batches[-1] and height + h > MAX_CANVAS_HEIGHT:
            batches.append([])
            height = 0
        batches[-1].append(crop)
        height += h
    return [b for b in batches if b]


def _covered(inner: tuple[int, int, int, int], outer: tuple[int, int, int, int]) -> bool:
    """Does ``outer`` cover a third or more of ``inner`` (the same ink read twice)?"""
    w = min(inner[2], outer[2]) - max(inner[0], outer[0])
    h = min(inner[3], outer[3]) - max(inner[1], outer[1])
    area = max((inner[2] - inner[0]) * (inner[3] - inner[1]), 1)
    return w > 0 and h > 0 and w * h >= area / 3


def _ocr_page(tesseract: str, doc: Any, src: Path, number: int, workdir: Path) -> _PageResult:
    """OCR page ``number`` of the open pdfium ``doc`` (in a child process of ocr_pdf).

    Small print (a table pasted as a shrunken picture: lines under ``SMALL_PRINT_PX`` at OCR_DPI) is read
    again from a render enlarged to bring its lines to ``TARGET_LINE_PX`` (at most ``MAX_UPSCALE`` times):
    Tesseract misreads digits a few pixels high ('8' as '3', '9' as '2')."""
    result = _read_at(tesseract, doc, src, number, workdir, OCR_DPI)
    heights = [p.line_height for p in result.pieces if p.line_height > 0]
    line = statistics.median(heights) if heights else 0.0
    if 0 < line < SMALL_PRINT_PX:
        dpi = OCR_DPI * min(MAX_UPSCALE, TARGET_LINE_PX / line)
        result = _read_at(tesseract, doc, src, number, workdir, dpi, result.rotation)
    return result


def _read_at(tesseract: str, doc: Any, src: Path, number: int, workdir: Path, dpi: float,
             rotation: int | None = None) -> _PageResult:
    import numpy as np
    from PIL import Image

    page = doc[number - 1]
    try:
        size = page.get_size()
        img = render_gray(page, dpi)
    finally:
        page.close()
    if rotation is None:
        raw_png = workdir / f"page{number}-raw.png"
        img.save(raw_png, dpi=(OCR_DPI, OCR_DPI))
        rotation = _orientation(tesseract, raw_png)
    if rotation:
        img = img.rotate(rotation, expand=True, fillcolor=255)
        if rotation in (90, 270):
            size = (size[1], size[0])
    skew = _skew_angle(img)
    if abs(skew) >= 0.05:
        img = img.rotate(skew, resample=Image.BICUBIC, fillcolor=255)
    gray = flatten_shading(np.asarray(img))
    horizontal, vertical = find_rules(gray)
    clean = Image.fromarray(_paint_out(gray, horizontal, vertical))
    png = workdir / f"page{number}.png"
    clean.save(png, dpi=(OCR_DPI, OCR_DPI))
    pieces = _tesseract_hocr(tesseract, png, workdir / f"page{number}", "3", src, number, vertical)
    pieces = _second_pass(tesseract, np.asarray(clean), horizontal, vertical, pieces, workdir, src, number)
    jpeg = workdir / f"page{number}.jpg"
    clean.save(jpeg, quality=60)
    return _PageResult(number, jpeg, size, (clean.width, clean.height), horizontal, vertical, pieces, skew, rotation)


# ---------------------------------------------------------------------------------------- writing


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


def ocr_pdf(path: str | Path, out: str | Path, pages: Iterable[int] | None = None,
            workers: int | None = None, keep: str | Path | None = None) -> OcrReport:
    """OCR the given pages of ``path`` (default: ``pages_needing_ocr``) and write them, in order, as the pages
    of a new PDF ``out`` (cleaned image, vector rules, invisible text); ``report.pages`` says which page of
    ``path`` each page of ``out`` is. A page that fails (Tesseract refuses it, pdfium fails or crashes on it,
    a defect of ours) is left out and named in ``report.failures``.

    Each page is rendered and read in a child process (``readers.isolated``): pdfium is not thread-safe, so
    the parallelism is ``workers`` processes (default: the CPUs, at most 2), one pdfium document each.
    ``keep`` names a folder that receives the page images and hOCR files (for checking OCR by eye).

    Raises InputError when Tesseract or its Indonesian model is missing.
    """
    import pypdfium2 as pdfium

    from .isolated import PageFailure, run_isolated
    from .pdf import BAD_PAGE_ERRORS, _with_document

    src = Path(path)
    wanted = sorted(set(pages if pages is not None else pages_needing_ocr(src)))
    report = OcrReport(pages=[])
    tesseract = _check_tools(src, wanted) if wanted else ""
    workers = workers or max(1, min(len(wanted), os.cpu_count() or 1, 2))
    results: dict[int, _PageResult] = {}
    with tempfile.TemporaryDirectory(prefix="renstra-ocr-") as tmp_dir:
        tmp = Path(keep or tmp_dir)
        tmp.mkdir(parents=True, exist_ok=True)

        def read(doc: Any, number: int) -> _PageResult:
            return _ocr_page(tesseract, doc, src, number, tmp)

        for number, value in run_isolated(_with_document(src, read), wanted, workers, BAD_PAGE_ERRORS):
            if isinstance(value, PageFailure):
                report.failures.append(value)
            else:
                results[number] = value
        doc = pdfium.PdfDocument.new()
        try:
            for n in sorted(results):
                result = results[n]
                k = _to_points(result)
                report.pages.append(n)
                report.skew[n] = round(result.skew, 2)
                report.rotation[n] = result.rotation
                report.words[n] = [
                    OcrWord(p.text, p.confidence, p.min_char_confidence,
                            (p.box[0] * k, p.box[1] * k, p.box[2] * k, p.box[3] * k))
                    for p in result.pieces
                ]
                _write_page(doc, result, len(doc))
            doc.save(str(out))
        finally:
            doc.close()
    return report


# ------------------------------------------------------------------------------------------ flags


def _inside(word: BBox, cell: BBox) -> bool:
    cx, cy = (word[0] + word[2]) / 2, (word[1] + word[3]) / 2
    return cell[0] <= cx <= cell[2] and cell[1] <= cy <= cell[3]


def low_confidence_cells(tables: Sequence[RawTable], report: OcrReport) -> list[tuple[int, str, float]]:
    """(page, cell text, lowest confidence) for every cell on an OCRed page that holds a doubtful word."""
    out = []
    for table in tables:
        if table.page not in report.words:
            continue
        words = report.words[table.page]
        for cell in table.cells:
            if not cell.text or cell.bbox is None:
                continue
            inside = [w for w in words if _inside(w.bbox, cell.bbox)]
            doubtful = [w for w in inside if w.confidence < LOW_CONFIDENCE
                        or w.min_char_confidence < LOW_CHAR_CONFIDENCE]
            if doubtful:
                low = min(min(w.confidence, w.min_char_confidence) for w in doubtful)
                out.append((table.page, cell.text, round(low, 1)))
    report.low_cells = out
    return out


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _parts(printed: str) -> set[str]:
    """The printed text, and its cells when it was joined from several ('2|17|01' of a split code)."""
    return {_norm(x) for x in re.split(r"[|\n]", printed)} | {_norm(printed)}


def flag_ocr_rows(rows: Iterable[Any], report: OcrReport) -> None:
    """Flag the values of rows printed on OCRed pages: ``ocr`` on every value, ``ocr-low-confidence`` on those
    whose printed text is the text of a doubtful cell on the same page.

    A row knows its page and printed texts but not its cells, so a value is matched to a doubtful cell by
    page and text: the same doubtful text printed twice on a page flags both (over-flagging, never under).
    """
    ocr_pages = set(report.pages)
    doubtful: dict[int, dict[str, float]] = {}
    for page, text, conf in report.low_cells:
        key = _norm(text)
        per_page = doubtful.setdefault(page, {})
        per_page[key] = min(conf, per_page.get(key, 100.0))
    for row in rows:
        if row.page not in ocr_pages:
            continue
        have = {(f.code, f.field) for f in row.flags}
        fields = list(row.raw)
        for name in ("code", "name", "indicator"):
            if (row.data.get(name) or row.data.get(f"{name}_raw")) and name not in fields:
                fields.append(name)
        on_page = doubtful.get(row.page, {})
        for name in fields:
            if ("ocr", name) not in have:
                row.flags.append(Flag("ocr", name, f"read by OCR from page {row.page}"))
            printed = row.raw.get(name) or row.data.get(f"{name}_raw") or row.data.get(name)
            parts = _parts(printed) if isinstance(printed, str) else set()
            # the lowest over the doubtful parts (a set's order changes from run to run: never the first found)
            hit = min((on_page[x] for x in parts if x in on_page), default=None)
            if hit is not None and ("ocr-low-confidence", name) not in have:
                row.flags.append(Flag("ocr-low-confidence", name,
                                      f"OCR read '{printed}' on page {row.page} with confidence "
                                      f"{hit:.0f}/100: check it against the scan"))
