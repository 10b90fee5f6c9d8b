"""Every real document in ../shared/realdocs, extracted once: no silent garbage, no half-read funding table.

The documents are converted once per session by ``run_batch`` (the ``renstra batch`` command: each document in
its own worker process, so that one document's crash cannot disturb the next, and a document that cannot be
read is recorded with its error), and the checks read the JSON each writes, as a user's loader would.

No hand truth is needed: the checks are the "Done when" of issue 10, modelled on ../shared/tools/silent_garbage.py
(re-implemented here, the shared tool is not part of the project):

- no silent garbage: a TC.23, TC.24 or TC.27 table whose rows hold numbers glued into the name, rows and not
  one number, (TC.27) no years or no Rp in any year, or a header / column-number row read as data, carries a
  ``header-not-understood`` note; a document in which no table was found says so in a note (any note other
  than ``matching-skipped``);
- complete: whatever the notes say, no row name holds a run of 4+ numbers, every TC.27 table has its years and
  at least one Rp value, every TC.23 / TC.24 its years and yearly values, and no header or column-number row is
  data.

Documents failing today are marked xfail(strict=True) with the reason seen; a fix that makes one pass turns it
into an XPASS failure, and the mark is then removed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import REALDOCS

pytestmark = pytest.mark.realdocs

KINDS = ("TC.23", "TC.24", "TC.27")
NOT_UNDERSTOOD = "header-not-understood"
# four or more numbers in a row, separated by spaces: amounts or targets glued into a name
GLUED_NUMBERS = re.compile(r"(?:(?<![\w.,])[-(]?\d[\d.,]*%?\)?\s+){3,}[-(]?\d[\d.,]*%?\)?(?!\w)")
COLUMN_NUMBERS = re.compile(r"^\s*(?:[-(]?\d{1,2}\)?\s+)+[-(]?\d{1,2}\)?\s*$")  # "5 9 11 13", "(1) (2)"
# words of TC header cells: a name made only of them is a header row read as data ("Target Rp Target Rp")
HEADER_WORDS = frozenset(
    "target rp rp. k pagu dana tahun th ke kinerja capaian realisasi rasio anggaran satuan indikator program "
    "kegiatan sub urusan bidang kode no baseline base line kondisi awal akhir dan pada periode renstra perangkat "
    "daerah penanggung jawab lokasi keterangan tujuan sasaran outcome output kerangka pendanaan indikatif data "
    "rupiah juta ribu dlm dalam unit kerja opd skpd".split()
)


NOT_VALUES = ("code", "code_raw", "no", "level", "page", "pages", "source_row", "flags", "raw", "parent_code")
Doc = dict[str, Any]  # an extraction as its JSON holds it (Result.to_dict)


def _numbers(values: Any) -> list[float]:
    """Every number in a row's values and yearly values (not codes, pages, flags or printed texts)."""
    out: list[float] = []
    if isinstance(values, bool) or values is None:
        return out
    if isinstance(values, (int, float)):
        out.append(values)
    elif isinstance(values, dict):
        for key, value in values.items():
            if key not in NOT_VALUES:
                out += _numbers(value)
    elif isinstance(values, (list, tuple)):
        for value in values:
            out += _numbers(value)
    return out


def yearly(row: Doc) -> list[dict[str, Any]]:
    return [v for v in (row.get("years") or {}).values() if isinstance(v, dict)]


def label(row: Doc) -> str:
    """What names a row: its name (TC.24, TC.27) or its indicator (TC.23)."""
    return str(row.get("name") or row.get("indikator") or "").strip()


def is_header_row(row: Doc) -> bool:
    """A header row or a column-number row read as a data row."""
    name = label(row)
    if name and COLUMN_NUMBERS.match(name):
        return True
    words = re.findall(r"[a-z]+\.?", name.lower())
    if words and all(w in HEADER_WORDS or w.rstrip(".") in HEADER_WORDS for w in words):
        return True
    texts = [v for k, v in row.items() if isinstance(v, str) and k not in NOT_VALUES]
    if any(re.search(r"[A-Za-z]{2}", text) for text in texts):
        return False  # a real row names something; a targets row rising by one (90, 91, 92 ...) is data
    values = _numbers(row)
    steps = {b - a for a, b in zip(values, values[1:])}
    # "1 2 3 ..." or "(1) (2) ..." read as -1, -2, -3 ...: small numbers rising or falling by one
    return len(values) >= 4 and steps in ({1}, {-1}) and max(abs(v) for v in values) <= 60


def table_problems(table: Doc) -> list[str]:
    """What is wrong with one TC.23 / TC.24 / TC.27 table, whatever its notes say."""
    pages = table.get("pages") or []
    where = f"{table['kind']} p{pages[0] if pages else '?'}"
    rows = [r for r in table.get("rows") or [] if isinstance(r, dict)]
    years = table.get("years") or []
    problems = []
    glued = [label(r) for r in rows if GLUED_NUMBERS.search(label(r))]
    if glued:
        problems.append(f"{where}: {len(glued)} row names hold runs of numbers, e.g. {glued[0][:80]!r}")
    if rows and not any(_numbers(r) for r in rows):
        problems.append(f"{where}: {len(rows)} rows and not one number")
    headers = [label(r) for r in rows if is_header_row(r)]
    if headers:
        problems.append(f"{where}: {len(headers)} header or column-number rows as data, e.g. {headers[0]!r}")
    if rows and not years:
        problems.append(f"{where}: {len(rows)} rows and no years")
    if rows and years and not any(v is not None for r in rows for values in yearly(r) for v in values.values()):
        problems.append(f"{where}: years {years} and no yearly value in any row")
    if table["kind"] == "TC.27" and rows and not any(v.get("rp") is not None for r in rows for v in yearly(r)):
        problems.append(f"{where}: {len(rows)} rows and no Rp in any year")
    return problems


def understood_noted(doc: Doc, table: Doc) -> bool:
    notes = json.dumps([*(doc.get("notes") or []), *(table.get("notes") or [])], ensure_ascii=False)
    return NOT_UNDERSTOOD in notes or "not-understood" in notes


def funding_tables(doc: Doc) -> list[Doc]:
    return [t for t in doc.get("tables") or [] if t.get("kind") in KINDS]


def silent_garbage(doc: Doc) -> list[str]:
    """Problems no note owns up to (the check of ../shared/tools/silent_garbage.py, plus header rows)."""
    found = []
    if not doc.get("tables") and not [n for n in doc.get("notes") or [] if n.get("code") != "matching-skipped"]:
        found.append("no table found, and no note says so")
    for table in funding_tables(doc):
        if not understood_noted(doc, table):
            found += table_problems(table)
    return found


def incomplete(doc: Doc) -> list[str]:
    return [p for table in funding_tables(doc) for p in table_problems(table)]


# document -> why it fails today (strict xfail; remove an entry when its fix lands)
SILENT_TODAY: dict[str, str] = {}
INCOMPLETE_TODAY: dict[str, str] = {}


def documents() -> list[str]:
    if not REALDOCS.is_dir():
        return []
    return sorted(p.name for p in REALDOCS.iterdir() if p.suffix.lower() in (".pdf", ".docx"))


def cases(known: dict[str, str]) -> list[Any]:
    names = documents()
    if not names:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{REALDOCS} not present"), id="no-realdocs")]
    return [pytest.param(name, id=name, marks=[pytest.mark.xfail(strict=True, reason=known[name])]
                         if name in known else []) for name in names]


@pytest.fixture(scope="session")
def extractions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Doc | str]:
    """Every real document converted once by the batch command: its JSON, or the error it was recorded with."""
    from extractor.batch import run_batch

    names = documents()
    if not names:
        return {}
    out = tmp_path_factory.mktemp("realdocs")
    summary = run_batch([REALDOCS / name for name in names], out, workers=2, progress=False)
    found: dict[str, Doc | str] = {}
    for status in summary.documents:
        name = Path(status.file).name
        if status.status != "ok":
            found[name] = f"{status.status}: {status.error}"
            continue
        found[name] = json.loads((out / status.output / f"{Path(name).stem}.json").read_text(encoding="utf-8"))
    return found


def extraction(extractions: dict[str, Doc | str], name: str) -> Doc:
    found = extractions.get(name, "not converted by the batch")
    assert isinstance(found, dict), f"{name}: {found}"
    return found


@pytest.mark.slow
@pytest.mark.parametrize("name", cases(SILENT_TODAY))
def test_no_silent_garbage(extractions: dict[str, Doc | str], name: str) -> None:
    problems = silent_garbage(extraction(extractions, name))
    assert not problems, "\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("name", cases(INCOMPLETE_TODAY))
def test_funding_tables_complete(extractions: dict[str, Doc | str], name: str) -> None:
    problems = incomplete(extraction(extractions, name))
    assert not problems, "\n".join(problems)


SUB_KEGIATAN_CODE = re.compile(r"(?<![\d.])(\d)\.(\d{2})\.(\d{2})\.(\d)\.(\d{2})\.(\d{4})(?!\d)")
MIN_RECALL = 0.95


def printed_codes(pdf: Path) -> set[str]:
    """Every sub kegiatan code the PDF's text shows, as ../shared/tools/code_recall.py reads them."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return {".".join(m.groups()) for m in SUB_KEGIATAN_CODE.finditer(text)}


def funding_codes(doc: Doc) -> set[str]:
    return {str(r.get("code")) for t in doc["tables"] if t["kind"] == "TC.27" for r in t["rows"]}


def explained_codes(doc: Doc) -> set[str]:
    """Codes a ``listed-not-funded`` note names: printed in a list of programs, held by no funding row."""
    return {c for n in doc["notes"] if n["code"] == "listed-not-funded"
            for c in (".".join(m.groups()) for m in SUB_KEGIATAN_CODE.finditer(n["message"]))}


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
@pytest.mark.parametrize("name", [n for n in documents() if n.endswith(".pdf")] or ["none"])
def test_printed_codes_reach_the_funding_table(extractions: dict[str, Doc | str], name: str) -> None:
    """At least 95% of the sub kegiatan codes the PDF prints are in its TC.27 rows; every one missing there is
    named by a note saying the document's list prints it and no funding row holds it."""
    if name == "none":
        pytest.skip(f"{REALDOCS} not present")
    doc = extraction(extractions, name)
    printed = printed_codes(REALDOCS / name)
    missing = printed - funding_codes(doc)
    assert missing <= explained_codes(doc), sorted(missing - explained_codes(doc))
    owed = printed - explained_codes(doc)
    if owed:
        assert len(owed & funding_codes(doc)) / len(owed) >= MIN_RECALL


# ---------------------------------------------------------------- the checks themselves, on made-up rows


def _row(name: str = "", years: dict[int, dict[str, Any]] | None = None, **data: Any) -> Doc:
    return {"name": name, **data, "years": {str(y): v for y, v in (years or {}).items()}, "raw": {}, "flags": []}


def _table(kind: str, rows: list[Doc], years: list[int]) -> Doc:
    return {"kind": kind, "pages": [5], "years": years, "rows": rows, "notes": []}


def test_checks_find_what_they_look_for() -> None:
    good = _row("PROGRAM PENUNJANG URUSAN", {2024: {"target": 80, "rp": 3_149_889_939}}, tujuan="Meningkatkan")
    assert table_problems(_table("TC.27", [good], [2024])) == []
    glued = _row("PROGRAM PENUNJANG 43 44,8 46,8 46,9 48,8", {2024: {"target": 1, "rp": 5}})
    column_numbers = _row("-1", {2024: {"target": -4, "rp": -5}, 2025: {"target": -6, "rp": -7}}, baseline=-3)
    header = _row("Target Rp Target Rp", {2024: {"target": None, "rp": None}})
    problems = table_problems(_table("TC.27", [good, glued, column_numbers, header], [2024, 2025]))
    assert [p.split(":")[1].split(",")[0].strip() for p in problems] == [
        "1 row names hold runs of numbers", "2 header or column-number rows as data"]
    assert table_problems(_table("TC.27", [_row("PROGRAM X", {2024: {"target": 5, "rp": None}})], [2024])) == [
        "TC.27 p5: 1 rows and no Rp in any year"]
    assert table_problems(_table("TC.24", [_row("PROGRAM X", baseline=3)], [])) == ["TC.24 p5: 1 rows and no years"]


def test_a_note_owns_up_and_an_empty_document_must_say_so() -> None:
    garbage = _table("TC.27", [_row("PROGRAM X 1 2 3 4", {2024: {"target": 1, "rp": 2}})], [2024])
    assert silent_garbage({"tables": [garbage], "notes": []}) == ["TC.27 p5: 1 row names hold runs of numbers, "
                                                                  "e.g. 'PROGRAM X 1 2 3 4'"]
    noted = {**garbage, "notes": [{"code": NOT_UNDERSTOOD, "message": "...", "page": 5}]}
    assert silent_garbage({"tables": [noted], "notes": []}) == []
    assert incomplete({"tables": [noted], "notes": []}) != []
    skipped = {"code": "matching-skipped", "message": "", "page": None}
    assert silent_garbage({"tables": [], "notes": [skipped]}) == ["no table found, and no note says so"]
    assert silent_garbage({"tables": [], "notes": [skipped, {"code": "table-not-found", "message": ""}]}) == []


def test_rising_targets_are_not_column_numbers() -> None:
    """A row of targets 90, 91, ... 96 under a tujuan is data, not a column-number row."""
    row = _row("", {y: {"target": 91 + y - 2025, "rp": None} for y in range(2025, 2031)}, baseline=90,
               tujuan="Terwujudnya Ketentraman", unit="%")
    assert not is_header_row(row)
    assert is_header_row(_row("(1) (2) (3) (4)"))
    assert is_header_row(_row("", {2024: {"target": 9, "rp": 10}, 2025: {"target": 11, "rp": 12}}, baseline=8))
