"""Page images for OCR: rendering within limits, skew, cell shading, and the table rules found and painted out.

Skew: the angle (within +-``MAX_SKEW`` degrees) that makes the row profile of the dark pixels sharpest (text
lines and table rules then lie on few pixel rows). Table rules: runs of dark pixels at least ``MIN_RULE_PX`` long
are the horizontal rules (a short one with text along a side is the blurred baseline of small print, not a rule:
``_inside_text``); vertical runs count as rules when both their ends meet a horizontal rule (a letter's
stem never does). The rules are painted out of the image before OCR (Tesseract reads a rule touching a digit as
'|', '(' or '1'); ``readers/ocr.py`` writes them back into the page as thin vector lines.
"""

from __future__ import annotations

from typing import Any

OCR_DPI = 300


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
SHADE_STRIP_ROWS = 512  # rows of the page divided by their background at a time (bounds the memory)
SHADE_WINDOW = 5  # pixels of the quarter-size image (20 at OCR_DPI: wider than a stroke or a rule, narrower than a
# shaded band one line high, whose rules the wider window of before lost: a 27 px band under a table's header)
RULE_JOIN_OFFSET_PX = 3  # pieces of a rule this far apart across it, and
RULE_JOIN_GAP_PX = 40  # this far apart along it, are one rule
MAX_RULE_THICKNESS_PX = 8  # a rule is thin; a thicker band of long runs is a solid block, not a rule
RULE_END_TOL_PX = 8  # a vertical run whose ends are this close to horizontal rules is a rule
MIN_SIDE_RULES = 4  # horizontal rules ending at one x that make a table side there (when none is drawn)
DARK = 170  # gray level below which a pixel is ink (skew estimation)
RULE_DARK = 200  # rules are thin and, once scanned, light gray: a rule pixel is anything below this
RULE_HALO_PX = 3  # the light blur a scan leaves along each side of a rule
SHORT_RULE_PX = 3 * MIN_RULE_PX  # a run this short with ink beyond its halo on one side along more than
TEXT_SIDE_SHARE = 0.5  # this share of its length (CELL_SIDE_SHARE when it ends on a vertical rule) is text
CELL_SIDE_SHARE = 0.75
TEXT_SIDE_GAP_PX = RULE_HALO_PX
TEXT_SIDE_BAND_PX = 4  # rows of the band looked at on each side


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


def _skew_angle(img: Any) -> float:
    """The small rotation (degrees, counter-clockwise) that makes text lines and rules horizontal."""
    import numpy as np
    from PIL import Image

    small = img.resize((max(img.width // 4, 1), max(img.height // 4, 1)))
    ink = Image.fromarray(((np.asarray(small) < DARK) * 255).astype("uint8"))

    def sharpness(angle: float) -> float:
        rows = np.asarray(ink.rotate(angle, resample=Image.Resampling.BILINEAR), dtype=np.float64).sum(axis=1)
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
    from PIL import Image

    img = Image.fromarray(gray)
    small = Image.fromarray(max_filter(np.asarray(img.reduce(4)), SHADE_WINDOW))
    if float((np.asarray(small) < SHADE_LEVEL).mean()) < MIN_SHADED_SHARE:
        return gray
    background = np.asarray(small.resize(img.size, Image.Resampling.BILINEAR))
    out = np.empty_like(gray)
    for top in range(0, gray.shape[0], SHADE_STRIP_ROWS):  # in strips: a float copy of a whole enlarged page
        rows = slice(top, top + SHADE_STRIP_ROWS)  # is ~100 MB, and the division takes several of them
        flat = np.asarray(gray[rows], dtype=np.float32) * 255.0
        flat /= np.maximum(np.asarray(background[rows], dtype=np.float32), 1.0)
        out[rows] = np.clip(flat, 0, 255, out=flat)
    return out


def max_filter(gray: Any, size: int) -> Any:
    """The brightest level within ``size`` pixels (odd) around each pixel of a 2-D array: what PIL's
    ``ImageFilter.MaxFilter(size)`` gives (edges extended by their own pixels), to the pixel, in a fraction of its
    time (PIL ranks every window: 15 ms on a page rendered at 50 dpi; this takes two passes of ``size`` maxima)."""
    import numpy as np

    reach = size // 2
    h, w = gray.shape
    padded = np.pad(gray, reach, mode="edge")
    across = padded[:, :w].copy()
    for d in range(1, size):
        np.maximum(across, padded[:, d : d + w], out=across)
    out = across[:h].copy()
    for d in range(1, size):
        np.maximum(out, across[d : d + h], out=out)
    return out


def _runs(mask: Any, min_len: int, gap: int = RULE_GAP_PX) -> list[tuple[int, int, int]]:
    """Runs of True at least ``min_len`` long along each row: (row, start, end) with gaps bridged."""
    import numpy as np

    out: list[tuple[int, int, int]] = []
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
    horizontal = [h for h in horizontal if not _inside_text(ink, h, vertical)]
    return horizontal, vertical + _missing_sides(horizontal, vertical)


def _inside_text(ink: Any, rule: tuple[float, int, int, int, int],
                 vertical: list[tuple[float, int, int, int, int]]) -> bool:
    """Is this horizontal run a row of text, not a rule? Small print enlarged from a low-resolution picture
    blurs the digits of a code and the dots between them into one dark run along their baseline
    ("6.01.02.2.02.0002": 93 px), which painted out as a rule took the dots and the digits' feet with it. A
    run shorter than ``SHORT_RULE_PX`` with ink on one side of it (``TEXT_SIDE_GAP_PX`` beyond it, along more
    than ``TEXT_SIDE_SHARE`` of its length; ``CELL_SIDE_SHARE`` when it ends on a vertical rule, as a cell's
    border does) is text."""
    _c, start, end, first, last = rule
    if end - start + 1 >= SHORT_RULE_PX:
        return False
    gap, band = TEXT_SIDE_GAP_PX, TEXT_SIDE_BAND_PX
    above = ink[max(first - gap - band, 0) : max(first - gap, 0), start : end + 1]
    below = ink[last + 1 + gap : last + 1 + gap + band, start : end + 1]
    side = max((float(s.any(axis=0).mean()) for s in (above, below) if s.size), default=0.0)
    y = (first + last) / 2
    ends = [v[0] for v in vertical if v[1] - RULE_END_TOL_PX <= y <= v[2] + RULE_END_TOL_PX]
    on_border = any(abs(x - start) <= RULE_END_TOL_PX or abs(x - end) <= RULE_END_TOL_PX for x in ends)
    return side > (CELL_SIDE_SHARE if on_border else TEXT_SIDE_SHARE)


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
