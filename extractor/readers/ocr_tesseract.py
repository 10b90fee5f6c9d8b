"""Tesseract as a program: finding it and its language model, and running it on an image (orientation with
``--psm 0``, words as hOCR with character boxes and confidences), one page per process.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError
from .ocr_hocr import _parse_hocr, _Piece
from .ocr_image import OCR_DPI

LANGUAGES = "ind"
TESSERACT_TIMEOUT = 300.0
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-ind"


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


def _tess_env() -> dict[str, str]:
    return dict(os.environ, OMP_THREAD_LIMIT="1")


def _tesseract_hocr(tesseract: str, png: Path, base: Path, psm: str, src: Path, number: int,
                    cuts: Sequence[tuple[float, int, int, int, int]] = (), config: Sequence[str] = ()) -> list[_Piece]:
    """Tesseract's reading of ``png`` as pieces (``config``: more "-c name=value" settings)."""
    cmd = [tesseract, str(png), str(base), "-l", LANGUAGES, "--psm", psm, "--dpi", str(OCR_DPI),
           "-c", "hocr_char_boxes=1", *[a for c in config for a in ("-c", c)], "hocr"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TESSERACT_TIMEOUT, env=_tess_env())
    except subprocess.TimeoutExpired:
        raise InputError(f"{src.name}: OCR of page {number} took longer than {TESSERACT_TIMEOUT:.0f}s") from None
    hocr = base.with_suffix(".hocr")
    if proc.returncode != 0 or not hocr.exists():
        raise InputError(f"{src.name}: Tesseract failed on page {number}: {(proc.stderr or '').strip()[-200:]}")
    return _parse_hocr(hocr.read_text(encoding="utf-8"), cuts)
