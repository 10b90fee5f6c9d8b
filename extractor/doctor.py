"""What this machine can read: the outside programs each input format needs, found or missing, and how to
install what is missing (``renstra doctor``). docs/inputs.md lists the same per input."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass

from .errors import first_line


@dataclass(frozen=True)
class Check:
    name: str  # what is checked ("LibreOffice", "Tesseract Indonesian model")
    needed_for: str  # inputs that need it
    ok: bool
    detail: str  # version or path when found, what is missing otherwise
    install: str  # the command that installs it (Debian/Ubuntu)


def _version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return ""
    return first_line(out.stdout or out.stderr or "")


def checks() -> list[Check]:
    """Every check, in the order of docs/inputs.md."""
    from .readers.convert import INSTALL_HINT as LIBREOFFICE_HINT
    from .readers.convert import find_soffice
    from .readers.ocr_tesseract import INSTALL_HINT as TESSERACT_HINT
    from .readers.ocr_tesseract import find_tesseract, tesseract_languages

    out: list[Check] = []
    soffice = find_soffice()
    out.append(Check("LibreOffice (soffice)", ".doc, .odt, .xls, .ods; .xlsx whose formulas have no saved values",
                     soffice is not None, _version([soffice, "--version"]) if soffice else "not found",
                     LIBREOFFICE_HINT))
    tesseract = find_tesseract()
    out.append(Check("Tesseract OCR", "scanned PDF pages, scans as images (.png, .jpg, .tif) and tables pasted "
                     "into Word as pictures (without it a PDF with text or a Word document is read without them, "
                     "and a note names them; a wholly scanned PDF or an image is refused)", tesseract is not None,
                     _version([tesseract, "--version"]) if tesseract else "not found",
                     TESSERACT_HINT))
    langs = tesseract_languages(tesseract) if tesseract else []
    out.append(Check("Tesseract Indonesian model (ind)", "scanned PDF pages", "ind" in langs,
                     "installed" if "ind" in langs else f"missing (installed: {', '.join(langs) or 'none'})",
                     "apt-get install tesseract-ocr-ind"))
    pdftotext = shutil.which("pdftotext")
    out.append(Check("pdftotext / pdftoppm (poppler)", "optional: checking PDFs by hand, samples/make_scanned.py",
                     pdftotext is not None, _version([pdftotext, "-v"]) if pdftotext else "not found",
                     "apt-get install poppler-utils"))
    ocrmypdf = shutil.which("ocrmypdf")
    out.append(Check("ocrmypdf", "optional: not used by renstra (it OCRs with Tesseract itself); handy to give a "
                     "scan a text layer by hand", ocrmypdf is not None,
                     _version([ocrmypdf, "--version"]) if ocrmypdf else "not found", "apt-get install ocrmypdf"))
    return out


def report(items: list[Check] | None = None) -> str:
    """A plain-text table of the checks, with the install command after each missing item."""
    items = checks() if items is None else items
    lines = ["Always readable (no outside program): .pdf with a text layer (its scanned pages need Tesseract), "
             ".docx, .xlsx/.xlsm with saved values", ""]
    for c in items:
        lines.append(f"[{'ok' if c.ok else 'missing'}] {c.name}: {c.detail}")
        lines.append(f"    needed for: {c.needed_for}")
        if not c.ok:
            lines.append(f"    install: {c.install}")
    return "\n".join(lines)


def missing_required(items: list[Check] | None = None) -> list[Check]:
    """Missing checks that some input needs (the optional ones left out)."""
    items = checks() if items is None else items
    return [c for c in items if not c.ok and not c.needed_for.startswith("optional")]
