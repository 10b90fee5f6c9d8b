"""The whole output of the samples, kept as a golden: ``python3 tests/golden/make_golden.py`` rewrites it.

The truth CSVs under samples/truth stay the oracle for values; this golden pins everything else the tool writes
(notes, flags, columns, header reports, match fields, the diff report), so that a change which moves any of it
shows as a diff to review in the same commit. tests/test_golden.py fails when the output and the golden differ.

What is left out, and why:
* ``boxes`` (the page positions of each row's cells): pinned by tests/test_review.py; hundreds of numbers per row
  that would drown every other change in the diff;
* the tool version, and the absolute path of the nomenclature list (machine-dependent), replaced by placeholders;
* the scanned sample: its OCR text depends on the Tesseract build installed, not on our code.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent
SAMPLES = ROOT / "samples"

# golden file -> the sample it is the output of
DOCUMENTS = {
    "sample_pdf.json": "renstra_dinkop_magetan_2024-2026.pdf",
    "sample_docx.json": "renstra_dinkop_magetan_2024-2026.docx",
    "sebelum_pdf.json": "renstra_dinkop_magetan_2024-2026_sebelum.pdf",
    "sample_xlsx.json": "renstra_tc27_magetan.xlsx",
}
# golden file -> (before, after) of the diff report
DIFFS = {"diff_sebelum_pdf.md": ("renstra_dinkop_magetan_2024-2026_sebelum.pdf",
                                 "renstra_dinkop_magetan_2024-2026.pdf")}


def _cli(args: list[str]) -> None:
    from click.testing import CliRunner

    from extractor.cli import main

    outcome = CliRunner().invoke(main, args)
    if outcome.exit_code != 0:
        message = f"renstra {' '.join(args)} exited {outcome.exit_code}: {outcome.output}"
        raise RuntimeError(message) from outcome.exception


def normalised(result: dict[str, Any]) -> dict[str, Any]:
    """The written JSON without what depends on the machine or the release (see the module docstring)."""
    result["tool"]["version"] = "<version>"
    matching = result.get("matching") or {}
    if matching.get("source"):
        matching["source"] = Path(matching["source"]).name
    for table in result.get("tables", []):
        for row in table.get("rows", []):
            row.pop("boxes", None)
    return result


def _json_text(data: Any) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


def document_output(sample: str, work: Path) -> str:
    """The golden text of one sample: ``renstra extract`` as a user runs it, JSON normalised."""
    out = work / Path(sample).stem
    _cli(["extract", str(SAMPLES / sample), "-o", str(out), "-q"])
    written = json.loads((out / f"{Path(sample).stem}.json").read_text(encoding="utf-8"))
    return _json_text(normalised(written))


def diff_output(before: str, after: str, work: Path) -> str:
    """The golden text of one diff: ``renstra diff --format md`` as written."""
    out = work / f"diff_{Path(before).stem}"
    _cli(["diff", str(SAMPLES / before), str(SAMPLES / after), "-o", str(out), "--format", "md"])
    (report,) = out.glob("*.md")
    return report.read_text(encoding="utf-8")


def outputs(work: Path) -> dict[str, str]:
    """Every golden file name with the text the tool writes for it today."""
    texts = {name: document_output(sample, work) for name, sample in DOCUMENTS.items()}
    texts.update({name: diff_output(before, after, work) for name, (before, after) in DIFFS.items()})
    return texts


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        texts = outputs(Path(tmp))
    changed = 0
    for name, text in texts.items():
        path = GOLDEN / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed += 1
            print(f"rewritten: {path.relative_to(ROOT)}")
    print(f"{changed} of {len(texts)} golden file(s) changed; review them with 'git diff {GOLDEN.relative_to(ROOT)}'")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
