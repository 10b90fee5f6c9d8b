"""Legacy and other office formats through LibreOffice headless: .doc/.odt -> DOCX, .xls/.ods -> XLSX.

The converted file lives in a temporary folder for the time of the ``with`` block; the readers for DOCX and
XLSX then read it as usual, so everything downstream sees the same RawTables as for a native file.

Each conversion runs ``soffice --headless --convert-to EXT --outdir TMP FILE`` with its own user profile
(``-env:UserInstallation=file://TMP/profile``): two conversions at the same time (``renstra batch``) would
otherwise fight over the one profile in the home folder, and the second would silently do nothing. The
profile also carries the setting that makes Calc recalculate every formula on load (``recalc=True``): a
workbook written by a program that cannot compute (openpyxl) has formulas without cached values, and the
recalculated copy carries them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError

INSTALL_HINT = "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"
DEFAULT_TIMEOUT = 180.0  # seconds for one conversion (a 300-page .doc takes ~20 s on one core)

# Formats LibreOffice turns into one the readers know: suffix -> (target suffix, export filter)
CONVERSIONS: dict[str, tuple[str, str]] = {
    ".doc": ("docx", "docx:MS Word 2007 XML"),
    ".odt": ("docx", "docx:MS Word 2007 XML"),
    ".xls": ("xlsx", "xlsx:Calc MS Excel 2007 XML"),
    ".ods": ("xlsx", "xlsx:Calc MS Excel 2007 XML"),
    ".xlsx": ("xlsx", "xlsx:Calc MS Excel 2007 XML"),  # only to recalculate formulas
}

# Calc's "Recalculation on file load" set to Always (0) for Excel 2007+ and ODF files.
_RECALC_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


# What the first bytes of a file in each legacy format look like. LibreOffice opens anything (random bytes
# become a text document), so a file that matches none of its format's signatures is refused before converting.
_OLE2 = b"\xd0\xcf\x11\xe0"  # (its first 4 bytes) Word 97-2003 .doc, Excel 97-2003 .xls
_ZIP = b"PK\x03\x04"  # OpenDocument .odt/.ods, and a .docx/.xlsx saved under an old suffix
_TEXT_MARKUP = (b"{\\rtf", b"<")  # RTF, and HTML / XML (Word 2003 XML, HTML tables) that web sites publish as .doc/.xls
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".doc": (_OLE2, _ZIP, *_TEXT_MARKUP),
    ".xls": (_OLE2, _ZIP, *_TEXT_MARKUP),
    ".odt": (_ZIP,),
    ".ods": (_ZIP,),
}
_FORMAT_NAMES = {".doc": "MS Word .doc", ".xls": "MS Excel .xls", ".odt": "OpenDocument text (.odt)",
                 ".ods": "OpenDocument spreadsheet (.ods)"}


def check_signature(path: Path) -> None:
    """InputError when the file's first bytes are none of its suffix's formats (random bytes named .odt)."""
    suffix = path.suffix.lower()
    signatures = SIGNATURES.get(suffix)
    if signatures is None:
        return
    try:
        with path.open("rb") as fh:
            head = fh.read(512)
    except OSError as exc:
        raise InputError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not any(head.startswith(sig) or start.startswith(sig) for sig in signatures):
        raise InputError(f"{path.name}: not an {_FORMAT_NAMES[suffix]} file (its first bytes match none of that "
                         f"format's signatures)")


def find_soffice() -> str | None:
    """The LibreOffice program (``soffice``/``libreoffice``), or None when it is not installed."""
    env = os.environ.get("RENSTRA_SOFFICE")
    if env:
        return env if Path(env).exists() or shutil.which(env) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _missing(path: Path) -> InputError:
    return InputError(
        f"{path.name}: reading '{path.suffix.lower()}' files needs LibreOffice, which is not installed "
        f"(Debian/Ubuntu: {INSTALL_HINT})"
    )


def convert_file(src: Path, outdir: Path, target: str, export_filter: str | None = None, recalc: bool = False,
                 timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Convert ``src`` into ``outdir`` as ``target`` ("docx", "xlsx") and return the new file's path.

    Raises InputError when LibreOffice is missing, times out, or writes nothing (a corrupt input).
    """
    soffice = find_soffice()
    if soffice is None:
        raise _missing(src)
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-", dir=outdir))
    if recalc:
        (profile / "user").mkdir(parents=True, exist_ok=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_RECALC_XCU, encoding="utf-8")
    result_dir = outdir / "out"
    result_dir.mkdir(exist_ok=True)
    cmd = [
        soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
        "--nolockcheck", "--convert-to", export_filter or target, "--outdir", str(result_dir), str(src.resolve()),
    ]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                              env=dict(os.environ, HOME=str(profile)))
    except subprocess.TimeoutExpired:
        raise InputError(f"{src.name}: LibreOffice did not finish converting it within {timeout:.0f}s") from None
    except OSError as exc:
        raise InputError(f"{src.name}: LibreOffice could not be started ({exc})") from None
    out = result_dir / f"{src.stem}.{target}"
    if proc.returncode != 0 or not out.exists() or out.stat().st_size == 0:
        detail = (proc.stderr or proc.stdout or "").strip().splitlines()
        reason = detail[-1] if detail else f"exit code {proc.returncode}"
        raise InputError(f"{src.name}: LibreOffice could not convert it to {target} (corrupt file?): {reason}")
    return out


@contextmanager
def converted(path: str | Path, target: str | None = None, recalc: bool = False,
              timeout: float = DEFAULT_TIMEOUT) -> Iterator[Path]:
    """``with converted("x.doc") as docx: ...``: the file converted by LibreOffice, removed afterwards.

    ``target`` defaults to the one in CONVERSIONS for the file's suffix; ``recalc`` recalculates formulas.
    """
    src = Path(path)
    suffix = src.suffix.lower()
    export_filter: str | None
    if target is None:
        if suffix not in CONVERSIONS:
            raise InputError(f"{src.name}: no LibreOffice conversion known for '{suffix}'")
        target, export_filter = CONVERSIONS[suffix]
    else:
        export_filter = next((f for t, f in CONVERSIONS.values() if t == target), None)
    check_signature(src)
    if find_soffice() is None:
        raise _missing(src)
    tmp = Path(tempfile.mkdtemp(prefix="renstra-convert-"))
    try:
        yield convert_file(src, tmp, target, export_filter, recalc=recalc, timeout=timeout)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
