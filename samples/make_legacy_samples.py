"""Legacy-format copies of the samples, saved by LibreOffice headless (as an office worker would "Save as").

    python samples/make_legacy_samples.py OUTDIR   # OUTDIR/renstra_dinkop_magetan_2024-2026.doc/.odt,
                                                   # OUTDIR/renstra_tc27_magetan.xls/.ods

Not committed (a Word 97 .doc of the sample is ~800 KiB): the tests make them in a temporary folder with
``make(outdir)``. Needs LibreOffice (libreoffice-writer-nogui, libreoffice-calc-nogui).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent
sys.path.insert(0, str(SAMPLES.parent))

from extractor.readers.convert import convert_file  # noqa: E402

DOCX = SAMPLES / "renstra_dinkop_magetan_2024-2026.docx"
XLSX = SAMPLES / "renstra_tc27_magetan.xlsx"
# target suffix -> (source, LibreOffice export filter)
FORMATS: dict[str, tuple[Path, str]] = {
    "doc": (DOCX, "doc:MS Word 97"),
    "odt": (DOCX, "odt:writer8"),
    "xls": (XLSX, "xls:MS Excel 97"),
    "ods": (XLSX, "ods:calc8"),
}


def make(outdir: str | Path, formats: tuple[str, ...] = tuple(FORMATS)) -> dict[str, Path]:
    """Write the legacy copies into ``outdir``; returns suffix -> path."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    made: dict[str, Path] = {}
    for suffix in formats:
        source, export_filter = FORMATS[suffix]
        with tempfile.TemporaryDirectory() as tmp:
            converted = convert_file(source, Path(tmp), suffix, export_filter)
            made[suffix] = Path(shutil.copyfile(converted, out / converted.name))
    return made


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for suffix, path in make(sys.argv[1]).items():
        print(f"{suffix}: {path} ({path.stat().st_size // 1024} KiB)")
