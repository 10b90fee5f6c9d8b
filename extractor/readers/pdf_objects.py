"""A PDF page's characters and line art, read with pypdfium2, in pdfplumber's coordinates and dict shapes.

pdfminer (under pdfplumber) parses a page's content stream in Python: 0.3-1 s for a dense table page.
pdfium parses it in C in a few ms; this module asks it for what the table reader needs and hands it over
in the form pdfplumber's table and text functions take, so that those functions stay the table engine.

Coordinates are pdfplumber's: origin at the top-left of the page as displayed (``/Rotate`` applied, the
MediaBox corner at 0), ``top``/``bottom`` measured downwards; a page whose text runs up or down the page as
displayed (or upside down) is turned first, so that it reads left to right (``PageObjects.turn``).

Characters (``PageObjects.chars``): dicts with ``text x0 x1 top bottom doctop width height size upright`` and
``direction`` (None; for text turned a quarter "btt", read up the page, or "ttb", down it).

* Characters printed on the page, plus pdfium's generated spaces: pdfium takes some printed space glyphs
  out of its text and inserts a generated space instead (every space of the Satpol PP captions), so a
  generated space is kept, as a zero-width space at the right end of the character before it. Generated
  line breaks are left out.
* The box is pdfium's loose box (advance width, font descent), with ``top = bottom - size`` for upright
  characters: pdfminer's box is the font size tall from the descent, whatever the glyph; pdfium's ascent
  differs per font, which would move a character's centre.
* A glyph mapped to several code points (a ligature "fi") is one pdfium character per code point, all with
  the glyph's box; pdfminer gives one character "fi". Text joined from them is the same.
* ``upright`` as pdfminer defines it (a*d > 0 and b*c <= 0 on the character's matrix), except that a shear
  below 1e-3 (a drawing scaled through a matrix, ends off by 1e-8) still counts as upright.

Line art (``PageObjects.paths``): every subpath of every path object, in forms too (their matrices
applied), as its points (the start point, each segment's end point, the start again when closed; Bezier
control points left out, as pdfminer does) with the path's fill and stroke flags; except a background: a
filled, unstroked rectangle (one path object of 4 or 5 segments) clearly thicker than
``SHADING_MIN_THICKNESS`` both ways, known from its bounds without reading its points (a third of the paths
of a Word table page with shaded cells). The table reader takes no such path for a rule either.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..model import BBox

Matrix = tuple[float, float, float, float, float, float]  # a b c d e f: (x, y) -> (a x + c y + e, b x + d y + f)
Point = tuple[float, float]

UPRIGHT_SHEAR = 1e-3  # a character's matrix shear below this is rounding, not rotated text
JOIN_SLACK = 0.1  # share of the font size: a glyph this close to the end of the one before continues it
MIN_BLANK_SIZE = 3.0  # points: a blank text object in a smaller font makes no space
BLANK_ASCENT = 0.8  # share of the font size above the baseline of a space made for a blank text object
SHADING_MIN_THICKNESS = 2.0  # points: a filled rectangle at least this thick in both directions is shading
BACKGROUND_MARGIN = 0.01  # points: a background is left out unread only when thicker than that by this much


class PathPiece(NamedTuple):
    """One subpath: points in page coordinates (x, top), and how the path was painted. (A named tuple: a page of
    table borders has hundreds of them, and a frozen dataclass costs several times as much to make.)"""

    points: tuple[Point, ...]
    fill: bool
    stroke: bool
    thin: bool = False  # known from its path's bounds to be thinner than SHADING_MIN_THICKNESS one way: no shading


@dataclass
class PageObjects:
    """What the table reader needs from one page."""

    width: float
    height: float
    chars: list[dict[str, Any]] = field(default_factory=list)
    paths: list[PathPiece] = field(default_factory=list)
    turn: int = 0  # degrees clockwise the displayed page was turned to read it (page_objects: sideways text)
    backgrounds: list[BBox] = field(default_factory=list)  # shading rectangles, not in ``paths`` (pdf_shading)


def _mult(m: Matrix, n: Matrix) -> Matrix:
    """m then n."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _display_matrix(page: pdfium.PdfPage) -> tuple[Matrix, float, float]:
    """PDF user space -> displayed page (rotation applied, MediaBox corner at 0, y up); width, height."""
    x0, y0, x1, y1 = page.get_mediabox()
    x0, x1 = sorted((x0, x1))
    y0, y1 = sorted((y0, y1))
    rotation = page.get_rotation() % 360
    if rotation == 90:
        return (0, -1, 1, 0, -y0, x1), y1 - y0, x1 - x0
    if rotation == 180:
        return (-1, 0, 0, -1, x1, y1), x1 - x0, y1 - y0
    if rotation == 270:
        return (0, 1, -1, 0, y1, -x0), y1 - y0, x1 - x0
    return (1, 0, 0, 1, -x0, -y0), x1 - x0, y1 - y0


def _matrix_of(fs: Any) -> Matrix:
    return (fs.a, fs.b, fs.c, fs.d, fs.e, fs.f)


def _space_after(prev: dict[str, Any], x1: float) -> dict[str, Any]:
    """A space from the right end of ``prev`` to ``x1``, on prev's line."""
    return dict(prev, text=" ", x0=prev["x1"], x1=max(x1, prev["x1"]), width=max(x1 - prev["x1"], 0.0))


CLIP_SLACK = 0.5  # points: a text object overlapping its clip by no more than this is clipped away ...
CLIP_SHARE = 0.25  # ... or by no more than this share of its own width or height


_DECLARED: dict[str, Any] = {}


def _plain(ctype: Any) -> Any:
    return ctypes.c_void_p if isinstance(ctype, type) and issubclass(ctype, ctypes._Pointer) else ctype


def by_address(name: str) -> Any:
    """The pdfium function ``name`` declared to take and return plain addresses (ints) where pypdfium2 declares
    typed pointers. pdfium is called per character and per path segment; through typed pointers each call
    converts its arguments, and turning a returned object pointer into a key costs more than the call itself
    (a page's characters: 4.5 us each through typed pointers, 3 us by address)."""
    declared = _DECLARED.get(name)
    if declared is None:
        func = getattr(pdfium_c, name)
        proto = ctypes.CFUNCTYPE(_plain(func.restype), *(_plain(t) for t in func.argtypes))
        declared = _DECLARED[name] = proto(ctypes.cast(func, ctypes.c_void_p).value or 0)
    return declared


class _ByAddress:
    """The functions called once per character or text object, by address, and buffers for their results."""

    def __init__(self) -> None:
        self.unicode = by_address("FPDFText_GetUnicode")
        self.is_generated = by_address("FPDFText_IsGenerated")
        self.loose_box = by_address("FPDFText_GetLooseCharBox")
        self.origin = by_address("FPDFText_GetCharOrigin")
        self.text_object = by_address("FPDFText_GetTextObject")
        self.matrix, self.font_size = by_address("FPDFText_GetMatrix"), by_address("FPDFText_GetFontSize")
        self.font, self.descent = by_address("FPDFTextObj_GetFont"), by_address("FPDFFont_GetDescent")
        self.clip, self.bounds = by_address("FPDFPageObj_GetClipPath"), by_address("FPDFPageObj_GetBounds")
        self.clip_paths = by_address("FPDFClipPath_CountPaths")
        self.clip_segments = by_address("FPDFClipPath_CountPathSegments")
        self.clip_segment = by_address("FPDFClipPath_GetPathSegment")
        self.point = by_address("FPDFPathSegment_GetPoint")
        self.fs = pdfium_c.FS_MATRIX()
        self.fs_at = ctypes.addressof(self.fs)
        self.floats = tuple(ctypes.c_float(0) for _ in range(4))
        self.float_at = tuple(ctypes.addressof(v) for v in self.floats)


_BY_ADDRESS: list[_ByAddress] = []
_PATH, _TEXT, _FORM = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_FORM
_MOVETO = pdfium_c.FPDF_SEGMENT_MOVETO
# pdfium generates only spaces and line breaks (CPDF_TextPage's generated characters); others need no check
_MAYBE_GENERATED = frozenset((0x20, 0x0D, 0x0A))


def _by_address() -> _ByAddress:
    if not _BY_ADDRESS:
        _BY_ADDRESS.append(_ByAddress())
    return _BY_ADDRESS[0]


def _clip_box(fn: _ByAddress, clip: int) -> tuple[float, float, float, float] | None:
    """The box every subpath of a clip path lies in (their intersection's bounds), None when it has none."""
    box: tuple[float, float, float, float] | None = None
    x, y = fn.floats[0], fn.floats[1]
    x_at, y_at = fn.float_at[0], fn.float_at[1]
    for p in range(max(fn.clip_paths(clip), 0)):
        xs, ys = [], []
        for s in range(max(fn.clip_segments(clip, p), 0)):
            segment = fn.clip_segment(clip, p, s)
            if segment and fn.point(segment, x_at, y_at):
                xs.append(x.value)
                ys.append(y.value)
        if xs:
            own = (min(xs), min(ys), max(xs), max(ys))
            box = own if box is None else (max(box[0], own[0]), max(box[1], own[1]), min(box[2], own[2]),
                                           min(box[3], own[3]))
    return box


def clipped_away(obj: int | None) -> bool:
    """Whether the text object at address ``obj`` lies wholly outside its clip path, so that none of it is
    printed: a table cell's text that overflows the cell's height is clipped by LibreOffice, yet stays in the
    text layer, where it falls into the row below ("KEGIATAN" of a repeated header over the first body line).
    Object bounds and clip are both in the object's own space (a form's, inside a form)."""
    fn = _by_address()
    clip = fn.clip(obj) if obj else None
    if not clip:
        return False
    box = _clip_box(fn, clip)
    if box is None or not fn.bounds(obj, *fn.float_at):
        return False
    left, bottom, right, top = (v.value for v in fn.floats)
    overlap_x = min(right, box[2]) - max(left, box[0])
    overlap_y = min(top, box[3]) - max(bottom, box[1])
    # a thin glyph (a hyphen is 0.4 pt tall) is judged against its own size
    return overlap_x <= min(CLIP_SLACK, CLIP_SHARE * (right - left)) or \
        overlap_y <= min(CLIP_SLACK, CLIP_SHARE * (top - bottom))


ObjectInfo = tuple[bool, float, float, int, int, str | None, bool]  # see _object_info


def _object_info(fn: _ByAddress, page: int, i: int, address: int | None, to_display: Matrix,
                 known: dict[tuple[Any, ...], ObjectInfo]) -> ObjectInfo:
    """For the text object at ``address`` (its characters share matrix, font and size), from its character
    ``i`` of the text page at address ``page``: upright, size, descent per point of size, which way is up for
    its text on the displayed page, and whether its baseline is level on the displayed page (the matrix moves no
    point along the line up or down: its characters' origins differ in x alone). These follow from the matrix
    without its translation, the font size and the font: ``known`` keeps them by those for the page (a page of
    one text object per word has few of them)."""
    has_matrix = fn.matrix(page, i, fn.fs_at)
    size = fn.font_size(page, i)
    font = fn.font(address) if address else None
    fs = fn.fs
    key = (fs.a, fs.b, fs.c, fs.d, size, font) if has_matrix else (None, size, font)
    info = known.get(key)
    if info is None:
        m = _mult(_matrix_of(fs), to_display) if has_matrix else to_display
        info = known[key] = (*_info_of(fn, m, size, font), bool(has_matrix) and m[1] == 0)
    return info


def _info_of(fn: _ByAddress, m: Matrix, size: float, font: int | None
             ) -> tuple[bool, float, float, int, int, str | None]:
    """``_object_info`` from the character's matrix on the displayed page, its font size and font."""
    a, b, c, d = m[0], m[1], m[2], m[3]
    upright = a * d > 0 and (b * c <= 0 or (abs(b) < UPRIGHT_SHEAR and abs(c) < UPRIGHT_SHEAR))
    if upright:  # pdfminer's size: the font size times the vertical scale
        size *= abs(d) if abs(d) > UPRIGHT_SHEAR else 1.0
    else:
        size *= abs(a * d - b * c) ** 0.5
    descent = fn.floats[0]
    ok = bool(font) and fn.descent(font, 1.0, fn.float_at[0])
    # which way is up for the text, on the displayed page: +1/-1 along x or y, 0 when slanted
    up_x = (1 if c > 0 else -1) if abs(d) < UPRIGHT_SHEAR * abs(c) else 0
    up_y = (1 if d > 0 else -1) if abs(c) < UPRIGHT_SHEAR * abs(d) else 0
    # text turned a quarter is read up the page ("btt": up is to the left) or down it ("ttb")
    direction = None if upright or not up_x else "btt" if up_x < 0 else "ttb"
    return (upright, size, descent.value if ok else 0.0, up_x, up_y, direction)


def _char_code(fn: _ByAddress, page: int, i: int, code: int, state: dict[str, Any]) -> int | None:
    """The code point of character ``i`` whose unicode pdfium gives as ``code``, or None when it is not a printed
    character. A generated line break sets ``state["break"]`` (a space is made for it, unless the next character
    goes on along the same line: a glyph drawn apart, Satpol PP p.46 "T|erlaksana"); a surrogate pair is joined;
    pdfium's mark for a hyphen it takes as a line-end hyphenation is a printed "-"."""
    if code in _MAYBE_GENERATED and fn.is_generated(page, i) == 1:
        if code in (0x0D, 0x0A) and state["last_printed"]:
            state["break"] = True
        return None
    if 0xD800 <= code < 0xDC00:  # first half of a surrogate pair: joined with the next character
        state["high"] = code
        return None
    if state["high"] and 0xDC00 <= code < 0xE000:
        code = 0x10000 + ((state["high"] - 0xD800) << 10) + (code - 0xDC00)
    state["high"] = 0
    if code == 0x02:
        code = 0x2D
    if code == 0 or code in (0x0D, 0x0A, 0xFFFE, 0xFFFF):
        return None
    return code


class _TextObjects:
    """The text objects of one page met so far: their ``_object_info`` by address, None for one that is clipped
    away (none of its characters is printed)."""

    def __init__(self, fn: _ByAddress, page: int, to_display: Matrix) -> None:
        self.fn, self.page, self.to_display = fn, page, to_display
        self.info: dict[int | None, ObjectInfo | None] = {}
        self._known: dict[tuple[Any, ...], ObjectInfo] = {}

    def new(self, i: int, key: int | None) -> ObjectInfo | None:
        """The info of the text object at ``key``, met first at character ``i``."""
        if key and clipped_away(key):
            self.info[key] = None
            return None
        info = self.info[key] = _object_info(self.fn, self.page, i, key, self.to_display, self._known)
        return info


def _read_chars(raw: Any, n: int, to_display: Matrix, height: float
                ) -> tuple[list[dict[str, Any]], set[Any], set[Any]]:
    """The page's characters (see the module docstring), the addresses of the text objects they belong to, and
    those of the text objects of the text page's other characters (not printed: generated breaks, characters
    without a box)."""
    fn = _by_address()
    unicode, loose_box, text_object, origin = fn.unicode, fn.loose_box, fn.text_object, fn.origin
    page = ctypes.cast(raw, ctypes.c_void_p).value or 0
    rect = pdfium_c.FS_RECTF()
    ox, oy = ctypes.c_double(0), ctypes.c_double(0)
    rect_at, ox_at, oy_at = ctypes.addressof(rect), ctypes.addressof(ox), ctypes.addressof(oy)
    a0, b0, c0, d0, e0, f0 = to_display
    plain = a0 == 1 and d0 == 1 and b0 == 0 and c0 == 0
    objects = _TextObjects(fn, page, to_display)
    seen = objects.info
    out: list[dict[str, Any]] = []
    unprinted: set[Any] = set()
    state: dict[str, Any] = {"high": 0, "break": False, "last_printed": False}
    # state's values mirrored in locals, read per character; _char_code (rare characters) reads and sets state
    high, line_break, last_printed = 0, False, False
    lines = _Baselines(fn, page, to_display)
    bases = lines.known
    for i in range(n):
        code = unicode(page, i)
        if code <= 0x20 or code >= 0xD800 or high:  # the common case, a printed letter, goes straight on
            state["last_printed"] = last_printed
            code = _char_code(fn, page, i, code, state)
            high, line_break = state["high"], state["break"]
        if code is None or not loose_box(page, i, rect_at):
            unprinted.add(text_object(page, i))
            continue
        r_left, r_top, r_right, r_bottom = rect.left, rect.top, rect.right, rect.bottom
        key = text_object(page, i)
        info = seen[key] if key in seen else objects.new(i, key)
        if info is None:  # its text object is clipped away: not printed
            continue
        upright, size, descent, up_x, up_y, direction, level = info
        if plain:
            left, right, low, high_edge = r_left + e0, r_right + e0, r_bottom + f0, r_top + f0
        else:
            xa, ya = a0 * r_left + c0 * r_bottom + e0, b0 * r_left + d0 * r_bottom + f0
            xb, yb = a0 * r_right + c0 * r_top + e0, b0 * r_right + d0 * r_top + f0
            left, right = (xa, xb) if xa <= xb else (xb, xa)
            low, high_edge = (ya, yb) if ya <= yb else (yb, ya)
        # pdfminer's box across the line: from the baseline plus the font's descent, the font size tall.
        # pdfium's loose box uses its own ascent, and falls back to the glyph's tight box when the font has
        # no metrics. Along the line, the loose box (the advance) is kept.
        if up_x == 0:
            # lines across the page: _across_line's first case, inline
            base = (bases[key] if key in bases else lines.of(i, key, level, left)) if up_y else None
            if base is not None:
                edge_a, edge_b = base + up_y * descent * size, base + up_y * (descent + 1) * size
                low, high_edge = (edge_a, edge_b) if edge_a <= edge_b else (edge_b, edge_a)
        elif origin(page, i, ox_at, oy_at):
            low, high_edge, left, right = _across_line(to_display, ox.value, oy.value, info,
                                                          (low, high_edge, left, right))
        top, bottom = height - high_edge, height - low
        if line_break:
            _space_for_break(out, upright, size, left, bottom)
            state["break"] = line_break = False
        text = chr(code)
        out.append(
            {
                "object_type": "char",
                "text": text,
                "x0": left,
                "x1": right,
                "top": top,
                "bottom": bottom,
                "doctop": top,
                "width": right - left,
                "height": bottom - top,
                "size": size,
                "upright": upright,
                "direction": direction,
            }
        )
        last_printed = not text.isspace()
    return out, set(seen), unprinted


class _Baselines:
    """The baselines of a page's characters on the displayed page, from pdfium's origin of each character; for
    a text object whose baseline is level (``_object_info``), remembered in ``known`` once a second character,
    further along the line, sits on the same baseline as its first (a font writing down the page, whose origins
    move in y, never does): pdfium is then not asked for the origins of its other characters."""

    def __init__(self, fn: _ByAddress, page: int, to_display: Matrix) -> None:
        self.origin, self.page, self.to_display = fn.origin, page, to_display
        self.x, self.y = ctypes.c_double(0), ctypes.c_double(0)
        self.x_at, self.y_at = ctypes.addressof(self.x), ctypes.addressof(self.y)
        self.known: dict[Any, float] = {}
        self._firsts: dict[Any, tuple[float, float]] = {}

    def of(self, i: int, key: Any, level: bool, left: float) -> float | None:
        """The baseline of character ``i`` of text object ``key`` (None when pdfium has no origin for it)."""
        if not self.origin(self.page, i, self.x_at, self.y_at):
            return None
        _a0, b0, _c0, d0, _e0, f0 = self.to_display
        base: float = b0 * self.x.value + d0 * self.y.value + f0
        if level and b0 == 0:
            first = self._firsts.get(key)
            if first is None:
                self._firsts[key] = (base, left)
            elif first[0] == base and left > first[1]:
                self.known[key] = base
        return base


def _across_line(to_display: Matrix, x: float, y: float, info: ObjectInfo,
                 box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """(low, high, left, right) of a character whose origin is (x, y): across its line, from the baseline plus
    the font's descent, the font size tall; along it, as ``box``."""
    a0, b0, c0, d0, e0, f0 = to_display
    _upright, size, descent, up_x, up_y, _direction, _level = info
    low, high, left, right = box
    if up_x == 0:  # lines run across the page (up is +y, or -y on a page turned upside down)
        base = b0 * x + d0 * y + f0
        edge_a, edge_b = base + up_y * descent * size, base + up_y * (descent + 1) * size
        low, high = (edge_a, edge_b) if edge_a <= edge_b else (edge_b, edge_a)
    else:  # lines run down the page (a page turned a quarter)
        base = a0 * x + c0 * y + e0
        edge_a, edge_b = base + up_x * descent * size, base + up_x * (descent + 1) * size
        left, right = (edge_a, edge_b) if edge_a <= edge_b else (edge_b, edge_a)
    return low, high, left, right


def _space_for_break(out: list[dict[str, Any]], upright: bool, size: float, left: float, bottom: float) -> None:
    """After a generated line break: a space at the end of the character before, unless this character goes on
    along the same line right where that one ends."""
    prev = out[-1]
    same_line = upright and prev["upright"] and abs(prev["bottom"] - bottom) < JOIN_SLACK * size
    if not (same_line and abs(left - prev["x1"]) < JOIN_SLACK * size):
        out.append(_space_after(prev, prev["x1"]))


class _Walker:
    """Walks a page's objects (into forms): collects subpaths, and spaces for blank text objects. Objects are
    handled by address (``by_address``).

    pdfium leaves a text object holding only a space glyph (an empty box) out of its text altogether when it
    judges the gap too narrow for a word break (Satpol PP p.39 "kepada masyarakat", 1.4 pt); pdfminer keeps
    the space, and so must we, or the two words run together. A text object with characters in the text page
    (``with_text``) is no such object: pdfium's text for it is not empty, so it is not asked again. Nor is a
    text object none of whose characters is in the text page at all (not in ``unprinted`` either): pdfium's text
    for it is empty (``FPDFTextObj_GetText`` looks through every character of the page for its own, for each
    blank: 27,800 blanks on the table pages of two real Renstra).
    """

    def __init__(self, textpage: Any, height: float, with_text: set[Any] | frozenset[Any] = frozenset(),
                 unprinted: set[Any] | frozenset[Any] | None = None):
        self.textpage = ctypes.cast(textpage, ctypes.c_void_p).value
        self.height = height
        self.with_text = with_text  # text objects that have characters in the text page: not blank
        self.unprinted = unprinted  # text objects of the text page's unprinted characters (None: not known)
        self.paths: list[PathPiece] = []
        self.backgrounds: list[BBox] = []  # filled, unstroked rectangles thicker than a rule: (x0, top, x1, bottom)
        self.spaces: list[dict[str, Any]] = []
        self._fs = pdfium_c.FS_MATRIX()
        self._x, self._y = ctypes.c_float(0), ctypes.c_float(0)
        self._box = [ctypes.c_float(0) for _ in range(4)]
        self._fill_mode, self._stroke = ctypes.c_int(0), ctypes.c_int(0)
        self._products: dict[tuple[Matrix, Matrix], Matrix] = {}
        self._fs_at = ctypes.addressof(self._fs)
        self._at = {name: ctypes.addressof(value) for name, value in (
            ("fs", self._fs), ("x", self._x), ("y", self._y), ("fill_mode", self._fill_mode),
            ("stroke", self._stroke), *zip(("left", "bottom", "right", "top"), self._box))}
        self._type, self._matrix = by_address("FPDFPageObj_GetType"), by_address("FPDFPageObj_GetMatrix")
        self._bounds, self._draw_mode = by_address("FPDFPageObj_GetBounds"), by_address("FPDFPath_GetDrawMode")
        self._segments = (by_address("FPDFPath_CountSegments"), by_address("FPDFPath_GetPathSegment"),
                          by_address("FPDFPathSegment_GetPoint"), by_address("FPDFPathSegment_GetType"),
                          by_address("FPDFPathSegment_GetClose"))

    def walk(self, obj: int, parent: Matrix, depth: int = 0) -> None:
        if obj in self.with_text:  # a text object with characters: nothing to do (asked before its type)
            return
        kind = self._type(obj)
        if kind == _PATH:
            self._path_object(obj, parent)
        elif kind == _TEXT:
            self._blank_text(obj, parent)
        elif kind == _FORM and depth < 15 and self._matrix(obj, self._fs_at):
            m = _mult(_matrix_of(self._fs), parent)
            child_at = by_address("FPDFFormObj_GetObject")
            for k in range(by_address("FPDFFormObj_CountObjects")(obj)):
                child = child_at(obj, k)
                if child:
                    self.walk(child, m, depth + 1)

    def _path_object(self, obj: int, parent: Matrix) -> None:
        """The subpaths of path object ``obj`` (none for a background: module docstring); a filled rectangle
        clearly thinner than SHADING_MIN_THICKNESS one way by its bounds is that rectangle, marked ``thin``
        (``_thin_rule``)."""
        at = self._at
        if not self._draw_mode(obj, at["fill_mode"], at["stroke"]):
            return
        filled, stroked = self._fill_mode.value != pdfium_c.FPDF_FILLMODE_NONE, bool(self._stroke.value)
        n = self._segments[0](obj)
        if filled and not stroked and n in (4, 5):  # known from its bounds (its own matrix applied)
            sides = self._sides(obj, parent)
            if sides is not None:
                if min(sides) >= SHADING_MIN_THICKNESS + BACKGROUND_MARGIN:
                    self.backgrounds.append(self._bounds_box(parent))
                    return
                if min(sides) <= SHADING_MIN_THICKNESS - BACKGROUND_MARGIN:
                    self._thin_rule(parent)
                    return
        if self._matrix(obj, self._fs_at):
            self._path(obj, self._times(parent), filled, stroked, n)

    def _sides(self, obj: int, parent: Matrix) -> tuple[float, float] | None:
        """How wide and how high the bounds of path ``obj`` (a filled, unstroked rectangle of 4 or 5 segments: its
        subpath's box is the object's bounds) are on the displayed page, under a ``parent`` matrix that keeps lines
        upright (the bounds of a turned rectangle would be wider than the rectangle); None for another parent or
        when pdfium has no bounds. Compared with SHADING_MIN_THICKNESS with BACKGROUND_MARGIN to spare."""
        at = self._at
        a, b, c, d, _e, _f = parent
        upright = b == 0 and c == 0
        if not (upright or a == 0 and d == 0):
            return None
        if not self._bounds(obj, at["left"], at["bottom"], at["right"], at["top"]):
            return None
        box = self._box
        width, height = box[2].value - box[0].value, box[3].value - box[1].value
        return (abs(a) * width, abs(d) * height) if upright else (abs(c) * height, abs(b) * width)

    def _bounds_box(self, parent: Matrix) -> BBox:
        """The bounds ``_sides`` just read, on the displayed page: (x0, top, x1, bottom)."""
        a, b, c, d, e, f = parent
        box, height = self._box, self.height
        left, bottom, right, top = box[0].value, box[1].value, box[2].value, box[3].value
        xa, ya = a * left + c * bottom + e, height - (b * left + d * bottom + f)
        xb, yb = a * right + c * top + e, height - (b * right + d * top + f)
        return (xa if xa < xb else xb, ya if ya < yb else yb, xb if xa < xb else xa, yb if ya < yb else ya)

    def _thin_rule(self, parent: Matrix) -> None:
        """Keep the filled path whose bounds ``_sides`` just read, thinner than a rule one way, as the closed
        rectangle of its bounds (its points are not read: whatever its outline, it lies in that thin strip,
        a rule along it; a Word table's borders are thousands of such rectangles a page)."""
        x0, top, x1, bottom = self._bounds_box(parent)
        self.paths.append(PathPiece(((x0, top), (x1, top), (x1, bottom), (x0, bottom), (x0, top)), True, False, True))

    def _times(self, parent: Matrix) -> Matrix:
        """The matrix just read (``_fs``) times ``parent``, remembered: a page's paths share a few matrices."""
        key = (_matrix_of(self._fs), parent)
        m = self._products.get(key)
        if m is None:
            m = self._products[key] = _mult(key[0], parent)
        return m

    def _blank_text(self, obj: int, parent: Matrix) -> None:
        left, bottom, right, top = self._box
        at = self._at
        if not self._bounds(obj, at["left"], at["bottom"], at["right"], at["top"]):
            return
        if right.value - left.value > 0.01 or top.value - bottom.value > 0.01:
            return
        if not self._matrix(obj, at["fs"]):
            return
        a, b, c, d, e, f = _mult(_matrix_of(self._fs), parent)
        if not (a > 0 and d > 0 and abs(b) < UPRIGHT_SHEAR and abs(c) < UPRIGHT_SHEAR):
            return
        size = ctypes.c_float(0)
        if not by_address("FPDFTextObj_GetFontSize")(obj, ctypes.addressof(size)) or size.value <= 0:
            return
        size_pt = size.value * d
        if size_pt < MIN_BLANK_SIZE:  # Word's empty paragraphs in a 1 pt font, stacked down a cell
            return
        # asked last, and only of an object with characters in the text page: pdfium looks through them all
        known = self.unprinted is not None and obj not in self.unprinted
        if not known and by_address("FPDFTextObj_GetText")(obj, self.textpage, None, 0) > 2:  # it has text
            return
        base = self.height - f
        self.spaces.append(
            {
                "object_type": "char",
                "text": " ",
                "x0": e,
                "x1": e,
                "top": base - BLANK_ASCENT * size_pt,
                "bottom": base + (1 - BLANK_ASCENT) * size_pt,
                "doctop": base - BLANK_ASCENT * size_pt,
                "width": 0.0,
                "height": size_pt,
                "size": size_pt,
                "upright": True,
            }
        )

    def _path(self, obj: int, m: Matrix, filled: bool, stroked: bool, n_segments: int) -> None:
        a, b, c, d, e, f = m
        x, y, height, x_at, y_at = self._x, self._y, self.height, self._at["x"], self._at["y"]
        _count, get_segment, get_point, get_type, _is_close = self._segments
        points: list[Point] = []
        last_seg = None
        for k in range(n_segments):
            seg = get_segment(obj, k)
            if not seg or not get_point(seg, x_at, y_at):
                continue
            px, py = x.value, y.value
            point = (a * px + c * py + e, height - (b * px + d * py + f))
            if points and get_type(seg) != _MOVETO:
                points.append(point)
                last_seg = seg
                continue
            if points:
                self._end_subpath(points, last_seg, filled, stroked)
            points, last_seg = [point], None
        if points:
            self._end_subpath(points, last_seg, filled, stroked)

    def _end_subpath(self, points: list[Point], last_seg: int | None, filled: bool, stroked: bool) -> None:
        # pdfium marks a closed subpath on its last segment; the closing side runs back to the start
        if last_seg is not None and points[-1] != points[0] and self._segments[4](last_seg):
            points.append(points[0])
        if len(points) >= 2:
            self.paths.append(PathPiece(tuple(points), filled, stroked))


MIN_TURN_LETTERS = 20  # a page with fewer characters is never turned
TURN_SHARE = 0.6  # a page whose text runs up, down or right to left for this share of its letters is turned


def _turn_matrix(turn: int, width: float, height: float) -> Matrix:
    """The displayed page turned clockwise by TURN degrees, as a /Rotate would turn it, on a page W wide and H
    high (y up): 90: (x, y) -> (y, W - x); 180: (x, y) -> (W - x, H - y); 270: (x, y) -> (H - y, x)."""
    if turn == 90:
        return (0, -1, 1, 0, 0, width)
    if turn == 180:
        return (-1, 0, 0, -1, width, height)
    return (0, 1, -1, 0, height, 0)


SAMPLE_WINDOWS, SAMPLE_LETTERS = 3, 120  # the steps measured: 3 runs of 120 letters (start, middle, end)


def _reading_shares(chars: list[dict[str, Any]]) -> tuple[float, float]:
    """(share of steps from a letter to the next printed letter that go left to right, share that go up or down
    the page), over steps between neighbours (less than 3 sizes apart) in SAMPLE_WINDOWS runs of the page's
    letters, on the page as displayed. From the boxes alone: a character's matrix can say upright for text in
    a form turned by the form's matrix. (0, 0) for a page of fewer than MIN_TURN_LETTERS characters."""
    if len(chars) < MIN_TURN_LETTERS:
        return 0.0, 0.0
    starts = sorted({0, max(0, len(chars) // 2 - SAMPLE_LETTERS // 2), max(0, len(chars) - SAMPLE_LETTERS)})
    forward = vertical = steps = 0
    for start in starts[:SAMPLE_WINDOWS]:
        run = [c for c in chars[start:start + SAMPLE_LETTERS] if c["text"] != " "]
        for a, b in zip(run, run[1:]):
            dx, dy = b["x0"] - a["x0"], b["top"] - a["top"]
            reach = 3 * max(a["size"], 1.0)
            if abs(dx) > reach or abs(dy) > reach or (dx == 0 and dy == 0):
                continue
            steps += 1
            if abs(dy) > abs(dx):
                vertical += 1
            elif dx > 0:
                forward += 1
    return (forward / steps, vertical / steps) if steps else (0.0, 0.0)


@dataclass
class _Frame:
    """A page's characters as read in one frame: the matrix from user space, the page's size in it, the turn."""

    chars: list[dict[str, Any]]
    with_text: set[Any]
    unprinted: set[Any]
    to_display: Matrix
    width: float
    height: float
    turn: int = 0


def _reading_frame(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, turn_sideways: bool = True) -> _Frame:
    """The page's characters as displayed, or, when its text runs up or down the page or right to left (and
    ``turn_sideways``), turned a quarter or a half (the turn that makes it read left to right)."""
    to_display, width, height = _display_matrix(page)
    n = textpage.count_chars()
    chars, with_text, unprinted = _read_chars(textpage.raw, n, to_display, height)
    frame = _Frame(chars, with_text, unprinted, to_display, width, height)
    if not turn_sideways:
        return frame
    forward, vertical = _reading_shares(chars)
    turns = (90, 270) if vertical >= TURN_SHARE else (180,) if 1 - forward - vertical >= TURN_SHARE else ()
    for turn in turns:
        turned = _mult(to_display, _turn_matrix(turn, width, height))
        size = (width, height) if turn == 180 else (height, width)
        again, seen, unprinted = _read_chars(textpage.raw, n, turned, size[1])
        if _reading_shares(again)[0] >= TURN_SHARE:
            return _Frame(again, seen, unprinted, turned, size[0], size[1], turn)
    return frame


def page_objects(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage | None = None,
                 turn_sideways: bool = True) -> PageObjects:
    """The characters and line art of ``page`` (see the module docstring), from ``textpage`` when the caller has
    the page's text page open already (it is left open), else from one opened and closed here.

    A page whose text runs up or down the page as displayed (a landscape table printed sideways on a portrait
    page, or a page given the wrong /Rotate; or upside down) is read turned so that its text is upright
    (``PageObjects.turn``): the table reader then sees it as a reader of the printed page would, turning it.
    ``turn_sideways=False``: the page as displayed, whatever way its text runs."""
    own = textpage is None
    if textpage is None:
        textpage = page.get_textpage()
    try:
        frame = _reading_frame(page, textpage, turn_sideways)
        walker = _Walker(textpage.raw, frame.height, frame.with_text, frame.unprinted)
        raw = page.raw
        page_at, object_at = ctypes.cast(raw, ctypes.c_void_p).value, by_address("FPDFPage_GetObject")
        for k in range(pdfium_c.FPDFPage_CountObjects(raw)):
            obj = object_at(page_at, k)
            if obj:
                walker.walk(obj, frame.to_display)
    finally:
        if own:
            textpage.close()
    return PageObjects(width=frame.width, height=frame.height, chars=frame.chars + walker.spaces,
                       paths=walker.paths, turn=frame.turn, backgrounds=walker.backgrounds)


def reading_turn(page: pdfium.PdfPage) -> int:
    """How many degrees clockwise ``page_objects`` turns the displayed page to read it (0, 90 or 270): a
    picture of the page turned as much shows the boxes of its values where they are."""
    textpage = page.get_textpage()
    try:
        return _reading_frame(page, textpage).turn
    finally:
        textpage.close()
