"""Bad and hostile input: each case gives a one-line error (library and CLI), its own status in a batch summary,
and never costs an output written before. Also: CSV formula safety and flat memory on a 1,000-page PDF."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import badfiles
import pytest
from badfiles import SAMPLE_DOCX, SAMPLE_PDF
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.batch import run_batch
from extractor.cli import main
from extractor.errors import InputError, OutputError
from extractor.model import DocumentInfo, Finding, Result, Row, Table
from extractor.output import csv_text, write_outputs
from extractor.pipeline import extract

REPO = Path(__file__).resolve().parents[1]
needs_pdf = pytest.mark.skipif(not SAMPLE_PDF.exists(), reason=f"{SAMPLE_PDF} not built yet")
needs_docx = pytest.mark.skipif(not SAMPLE_DOCX.exists(), reason=f"{SAMPLE_DOCX} not built yet")

# name -> (builder writing into a folder, words the one-line message must contain)
Builder = Callable[[Path], Path]
CASES: dict[str, tuple[Builder, str]] = {
    "corrupt-pdf": (lambda d: badfiles.random_bytes_pdf(d / "corrupt.pdf"), "not a PDF"),
    "corrupt-pdf-with-header": (lambda d: badfiles.random_bytes_pdf(d / "corrupt-header.pdf", header=True),
                                "corrupt"),
    "truncated-pdf": (lambda d: badfiles.truncated_pdf(d / "truncated.pdf"), "truncated"),
    "encrypted-pdf": (lambda d: badfiles.encrypted_pdf(d / "encrypted.pdf"), "encrypted"),
    "empty-pdf": (lambda d: badfiles.empty_file(d / "empty.pdf"), "empty"),
    "empty-docx": (lambda d: badfiles.empty_file(d / "empty.docx"), "empty"),
    "docx-not-zip": (lambda d: badfiles.not_zip_docx(d / "notzip.docx"), "not a DOCX"),
    "docx-zip-bomb": (lambda d: badfiles.zip_bomb_docx(d / "bomb.docx"), "zip bomb"),
    "docx-billion-laughs": (lambda d: badfiles.billion_laughs_docx(d / "laughs.docx"), "entities"),
    "docx-billion-laughs-late-doctype": (lambda d: badfiles.billion_laughs_docx(d / "laughs-late.docx",
                                                                                  padding=20_000), "XML"),
    # blank scanned pages: no text layer, and nothing for OCR (where installed) to read either
    "image-only-pdf": (lambda d: badfiles.image_only_pdf(d / "scanned.pdf", text=False), "text layer|OCR"),
}
NEEDS_SAMPLE = {"truncated-pdf"}


def _says(message: str, words: str) -> bool:
    """MESSAGE contains one of the '|'-separated WORDS (case-insensitive)."""
    return any(w.lower() in message.lower() for w in words.split("|"))


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad")
    return {name: build(folder) for name, (build, _words) in CASES.items()
            if name not in NEEDS_SAMPLE or SAMPLE_PDF.exists()}


def _case(bad_dir: dict[str, Path], name: str) -> Path:
    if name not in bad_dir:
        pytest.skip(f"{name} needs {SAMPLE_PDF}")
    return bad_dir[name]


@pytest.mark.parametrize("name", sorted(CASES))
def test_library_raises_a_one_line_input_error(bad_dir: dict[str, Path], name: str) -> None:
    path = _case(bad_dir, name)
    with pytest.raises(InputError) as err:
        extract(path)
    message = str(err.value)
    assert "\n" not in message
    assert path.name in message
    assert _says(message, CASES[name][1])


@pytest.mark.parametrize("name", sorted(CASES))
def test_cli_gives_one_line_and_keeps_earlier_outputs(bad_dir: dict[str, Path], name: str, tmp_path: Path) -> None:
    path = _case(bad_dir, name)
    out = tmp_path / "out"
    out.mkdir()
    earlier = out / f"{path.stem}.json"
    earlier.write_text('{"earlier": true}\n')
    result = CliRunner().invoke(main, ["extract", str(path), "-o", str(out), "-q"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert _says(result.output, CASES[name][1])
    assert earlier.read_text() == '{"earlier": true}\n'
    assert sorted(p.name for p in out.iterdir()) == [earlier.name]


def test_a_scanned_pdf_with_text_is_read_by_ocr_or_refused_in_one_line(tmp_path: Path) -> None:
    path = badfiles.image_only_pdf(tmp_path / "scanned-text.pdf")
    result = CliRunner().invoke(main, ["extract", str(path), "-o", str(tmp_path / "out"), "-q"])
    assert "Traceback" not in result.output
    if result.exit_code == 0:  # OCR is available: a result, every value from an OCRed page flagged
        data = json.loads((tmp_path / "out" / "scanned-text.json").read_text(encoding="utf-8"))
        rows = [r for t in data["tables"] for r in t["rows"]]
        assert all(any(f["code"].startswith("ocr") for f in r["flags"]) for r in rows)
    else:
        assert result.exit_code == 1 and result.output.startswith("Error: ")
        assert len(result.output.strip().splitlines()) == 1 and _says(result.output, "text layer|OCR")


def test_zip_bomb_fixture_is_what_it_claims(bad_dir: dict[str, Path]) -> None:
    import zipfile

    with zipfile.ZipFile(bad_dir["docx-zip-bomb"]) as zf:
        info = zf.getinfo("word/document.xml")
        assert info.file_size == 1 << 30 and info.compress_size < 2 << 20
        with zf.open(info) as fh:
            assert fh.read(1 << 16) == bytes(1 << 16)


def test_a_bomb_whose_header_lies_about_its_size_is_refused(tmp_path: Path) -> None:
    path = badfiles.zip_bomb_docx(tmp_path / "liar.docx", size=64 << 20)
    data = bytearray(path.read_bytes())
    # rewrite the declared size of word/document.xml (local header and central directory) to 4 KiB
    declared = (64 << 20).to_bytes(4, "little")
    assert data.count(declared) == 2
    path.write_bytes(bytes(data).replace(declared, (4096).to_bytes(4, "little")))
    with pytest.raises(InputError) as err:
        extract(path)
    assert "\n" not in str(err.value)


@needs_docx
def test_a_batch_records_each_bad_file_with_its_own_status(bad_dir: dict[str, Path], tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in bad_dir.values():
        (inputs / path.name).symlink_to(path)
    good = badfiles.renamed_sample(inputs)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(inputs), "-o", str(out), "--workers", "2"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1].startswith(f"Error: {len(bad_dir)} of {len(bad_dir) + 1}")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    by_name = {Path(d["file"]).name: d for d in summary["documents"]}
    assert by_name[good.name]["status"] == "ok"
    for name, path in bad_dir.items():
        entry = by_name[path.name]
        assert entry["status"] == "failed", name
        assert _says(entry["error"], CASES[name][1]), (name, entry["error"])
        assert "internal error" not in entry["error"] and not entry["detail"]
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert good.name in {Path(r["file"]).name for r in csv.DictReader(fh)}


# --------------------------------------------------------------------------- names and places


@needs_docx
def test_a_file_name_with_spaces_and_non_ascii_letters(tmp_path: Path) -> None:
    path = badfiles.renamed_sample(tmp_path)
    out = tmp_path / "hasil keluaran ü"
    result = CliRunner().invoke(main, ["extract", str(path), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / f"{path.stem}.json").read_text(encoding="utf-8"))
    assert data["document"]["file"] == "Renstra Dinas Koperasi – Magetan ü.docx"
    assert (out / f"{path.stem}.tc27.csv").exists()
    summary = run_batch([path], tmp_path / "batch", workers=1, progress=False)
    assert summary.ok == 1
    assert summary.documents[0].output.startswith("Renstra_Dinas_Koperasi_Magetan_ü-")


@needs_docx
def test_an_output_folder_that_cannot_be_written(tmp_path: Path) -> None:
    out = badfiles.unwritable_outdir(tmp_path)  # under a regular file: fails for root too
    runner = CliRunner()
    for args in (["extract", str(SAMPLE_DOCX), "-o", str(out)], ["batch", str(SAMPLE_DOCX), "-o", str(out)]):
        result = runner.invoke(main, args)
        assert result.exit_code == 1, result.output
        assert result.output.startswith("Error: ") and "Traceback" not in result.output
        assert "cannot write" in result.output
        assert len(result.output.strip().splitlines()) == 1, result.output
    with pytest.raises(OutputError):
        run_batch([SAMPLE_DOCX], out, workers=1, progress=False)


@needs_docx
def test_a_failing_rerun_keeps_the_good_output(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    doc = inputs / "renstra.docx"
    doc.write_bytes(SAMPLE_DOCX.read_bytes())
    out = tmp_path / "out"
    first = run_batch([inputs], out, workers=1, progress=False)
    folder = out / first.documents[0].output
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    badfiles.not_zip_docx(doc)  # the same file name now holds something unreadable
    second = run_batch([inputs], out, workers=1, force=True, progress=False)
    assert [d.status for d in second.documents] == ["failed"]
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == [folder.name]


# --------------------------------------------------------------------------- memory


RSS_SCRIPT = """
import resource, sys
from extractor.pipeline import extract
extract(sys.argv[1])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak_rss_kib(path: Path) -> int:
    done = subprocess.run([sys.executable, "-c", RSS_SCRIPT, str(path)], cwd=REPO, capture_output=True, text=True,
                          timeout=120, check=True)
    return int(done.stdout.strip().splitlines()[-1])


def test_memory_stays_flat_on_a_thousand_page_pdf(tmp_path: Path) -> None:
    small = badfiles.text_pdf(tmp_path / "p100.pdf", 100)
    large = badfiles.text_pdf(tmp_path / "p1000.pdf", 1000)
    rss_small, rss_large = _peak_rss_kib(small), _peak_rss_kib(large)
    assert rss_large < 2 * rss_small, (rss_small, rss_large)
    assert rss_large - rss_small < 100 * 1024, (rss_small, rss_large)  # under 100 MiB more for 900 more pages


# --------------------------------------------------------------------------- CSV formula safety

FORMULAS = ["=1+1", "+62 812 3456", "-cmd|' /C calc'!A0", "@SUM(A1:A3)", "=HYPERLINK(\"http://x\")"]
KEPT = ["-", "-5", "+3.5", "12,5%", "1.234.567", "Program A", ""]


def _written_csv(tmp_path: Path, texts: list[str]) -> list[dict[str, str]]:
    rows = [Row(data={"level": "program", "code": "2.17.04", "name": text, "indicator": "x", "baseline": 80},
                years={2024: {"target": 35, "rp": -550_000_000}}) for text in texts]
    table = Table(kind="TC.27", caption=None, pages=[], years=[2024], rows=rows)
    finding = Finding(check="children-sum", table="TC.27", row=0, code="2.17.04", field="rp", year=2024, page=None,
                      printed=1.0, expected=2.0, message="=cmd() in a message")
    result = Result(DocumentInfo(file="formula.docx", sha256="0" * 64, format="docx", pages=None), [table],
                    findings=[finding])
    write_outputs(result, tmp_path)
    with (tmp_path / "formula.tc27.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_formula_text_is_made_safe_in_written_csv(tmp_path: Path) -> None:
    records = _written_csv(tmp_path, FORMULAS + KEPT)
    names = [r["name"] for r in records]
    assert names[: len(FORMULAS)] == ["'" + f for f in FORMULAS]
    assert names[len(FORMULAS):] == KEPT
    assert {r["rp_2024"] for r in records} == {"-550000000"}  # numbers stay numbers
    assert {r["baseline"] for r in records} == {"80"}
    with (tmp_path / "formula.findings.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert next(csv.DictReader(fh))["message"] == "'=cmd() in a message"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_no_written_cell_can_start_a_formula(text: str) -> None:
    body = csv_text([{"name": text, "n": -3}])
    row = next(csv.DictReader(io.StringIO(body, newline="")))
    cell = row["name"]
    if cell and cell[0] in "=+-@\t\r" and cell != "-":
        stripped = cell[1:].replace(",", "").replace(".", "").rstrip("%")
        assert stripped.isdigit(), repr(cell)  # only number-like text may start with a sign
    assert row["n"] == "-3"
