"""The layout zoo (samples/layouts/): the seed's TC.27 in every layout real documents use, as DOCX, PDF and XLSX.

Each layout x format must give 100% of the truth's cells (samples/truth/tc27.csv): the 74 rows in order, and
per row the code, level and name, and every other cell the layout prints (indicator and unit, tujuan, sasaran,
PD, lokasi, baseline, per-year target and Rp, end-of-period target and Rp), the values read as
tests/test_tc27_samples.py reads them and, in DOCX and PDF, ``raw`` equal to the printed text (a spreadsheet
holds numbers: its ``raw`` is the number's text, so only values are compared there).

Expectations that depend on the layout:
- code: the truth's canonical code; "" when the layout prints no code (Kode Rekening left empty: the level
  must then come from the names and the bold parent rows); "X.XX.01..." where the layout prints the supporting
  programme generically ("x.xx.01.2.01.0001": codes.py canonicalises the generic prefix upper-case and keeps
  it; matching resolves it).
- relative years ("Tahun 1", "TARGET TAHUN 1"): resolved against the caption's "2024-2026", Tahun 1 = 2024.
- scaled Rp ("(Rp. 000)", "Rp (dlm Juta)"): ``rp`` is the number as printed (3,149,890 in a thousands
  column, 3.149,89 in a millions one; ``make_layouts.rp_printed``), ``raw`` the printed text, and the table
  records the unit: ``Table.rp_scale`` is 1000 or 1000000 (the convention of the header typing, issue 10:
  values kept as printed, multiply by rp_scale for rupiah).

Layouts that fail today are marked xfail(strict=True) with the reason seen: they flip to a failure ("XPASS
strict") as soon as a fix makes them pass, and the mark is then removed. Status table: samples/layouts/README.md.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from conftest import SAMPLES, extracted
from test_tc27_samples import expected_value

from extractor.readers.convert import find_soffice

sys.path.insert(0, str(SAMPLES / "layouts"))
import make_layouts as zoo  # noqa: E402

TRUTH = zoo.read_truth()
FORMATS = ("docx", "pdf", "xlsx")
TEXT_CELLS = {"tujuan": "tujuan", "sasaran": "sasaran", "pd": "pd", "lokasi": "lokasi",
              "kelompok_sasaran": "kelompok_sasaran", "sumber_dana": "sumber_dana"}
NUMBER_KEYS = {"baseline": ("baseline", None), "target_akhir": ("target_akhir", None),
               "rp_akhir": ("rp_akhir", None),
               **{f"{m}_{y}": (m, y) for y in zoo.YEARS for m in ("target", "rp")}}

# (layout, format) -> why it fails today. Remove an entry when its fix lands (strict xfail: an XPASS fails).
KNOWN_FAILURES: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="session")
def zoo_files(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Every layout built once, cached across sessions under .pytest_cache while its sources are unchanged."""
    cache = getattr(request.config, "cache", None)
    digest = zoo.source_digest()
    out = Path(cache.mkdir(f"layouts-{digest}")) if cache else tmp_path_factory.mktemp("layouts")
    want_pdf = find_soffice() is not None
    done = out / ("built-with-pdf" if want_pdf else "built")
    if not done.exists():
        zoo.build(out, pdf=want_pdf)
        done.write_text(digest, encoding="utf-8")
    return {name: {fmt: out / f"tc27_{name}.{fmt}" for fmt in FORMATS} for name in zoo.layout_names()}


def printed_cells(spec: dict[str, Any]) -> set[str]:
    """The truth columns a layout prints (``indicator``/``unit`` whether in one cell or two)."""
    cells = {c["cell"] for c in spec["columns"]}
    if "indicator_cell" in cells:
        cells |= {"indicator", "unit"}
    if cells & {"code_name", "code_name_plain", *zoo.NAME_LEVEL_CELLS}:  # with the code, or in its level's column
        cells.add("name")
    return cells


def expected_rp(printed: str, scale: int) -> int | float | None:
    """The number a layout printed for a truth amount (the amount itself, or in thousands or millions)."""
    if printed in ("", "-"):
        return None
    return zoo.rp_printed(int(printed.replace(",", "")), scale)[0]


def row_mismatches(spec: dict[str, Any], fmt: str, truth: dict[str, str], row: Any) -> list[str]:
    """Every printed cell of one truth row that the extracted row does not reproduce."""
    d = row.data
    cells = printed_cells(spec)
    where = truth["code"]
    checks: list[tuple[str, Any, Any]] = [
        ("code", d.get("code") or "", zoo.expected_code(spec, truth)),
        ("level", d.get("level"), truth["level"]),
        ("name", d.get("name"), truth["name"]),
    ]
    for field in ("indicator", "unit"):
        if field in cells:
            checks.append((field, d.get(field) or "", truth[field]))
    for cell, field in TEXT_CELLS.items():
        if cell in cells:
            checks.append((field, d.get(field) or "", zoo.cell_text(spec, {"cell": cell}, truth)))
    checks += number_checks(spec, fmt, truth, row, cells)
    return [f"{where} {name}: {got!r} != {want!r}" for name, got, want in checks if got != want]


def number_checks(spec: dict[str, Any], fmt: str, truth: dict[str, str], row: Any,
                  cells: set[str]) -> list[tuple[str, Any, Any]]:
    """(what, extracted, expected) for every printed number cell of one truth row: the value, and (outside
    xlsx, whose cells hold values, not print) the raw text kept beside it."""
    checks: list[tuple[str, Any, Any]] = []
    for column, (field, year) in NUMBER_KEYS.items():
        if column not in cells:
            continue
        printed = truth[column]
        value = row.years.get(year, {}).get(field) if year else row.data.get(field)
        number = expected_rp(printed, spec["rp_scale"]) if field.startswith("rp") else expected_value(printed)
        if isinstance(value, float) and isinstance(number, (int, float)):
            value, number = round(value, 6), round(number, 6)
        checks.append((column, value, number))
        if fmt != "xlsx":
            key = f"{year}.{field}" if year else field
            checks.append((f"raw {column}", row.raw.get(key, ""), zoo.number_text(spec, column, printed)))
    return checks


def mismatches(spec: dict[str, Any], fmt: str, result: Any) -> tuple[int, list[str]]:
    """(cells compared, the cells that differ) for one extracted layout."""
    compared = cells_per_row(spec, fmt) * len(TRUTH)
    tables = result.tables_of("TC.27")
    if len(tables) != 1:
        return compared, [f"{len(tables)} TC.27 tables (kinds found: {[t.kind for t in result.tables]})"]
    rows = tables[0].rows
    wrong = [] if len(rows) == len(TRUTH) else [f"{len(rows)} rows, the truth has {len(TRUTH)}"]
    if spec["rp_scale"] != 1 and getattr(tables[0], "rp_scale", None) != spec["rp_scale"]:
        wrong.append(f"rp_scale {getattr(tables[0], 'rp_scale', None)!r}, the header says {spec['rp_scale']}")
    for truth, row in zip(TRUTH, rows):
        wrong += row_mismatches(spec, fmt, truth, row)
    return compared, wrong


def cells_per_row(spec: dict[str, Any], fmt: str) -> int:
    """How many cells ``row_mismatches`` compares per row (the size of the comparison, for the README's figures)."""
    cells = printed_cells(spec)
    texts = 3 + sum(f in cells for f in ("indicator", "unit")) + sum(c in cells for c in TEXT_CELLS)
    numbers = sum(c in cells for c in NUMBER_KEYS)
    return texts + numbers * (1 if fmt == "xlsx" else 2)


def cases() -> list[Any]:
    out = []
    for name in zoo.layout_names():
        for fmt in FORMATS:
            reason = KNOWN_FAILURES.get((name, fmt))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(name, fmt, id=f"{name}-{fmt}", marks=marks))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name, fmt", cases())
def test_layout_gives_every_truth_cell(zoo_files: dict[str, dict[str, Path]], name: str, fmt: str) -> None:
    path = zoo_files[name][fmt]
    if not path.exists():
        pytest.skip(f"{path.name} not built (LibreOffice not installed)")
    spec = zoo.layout(name)
    compared, wrong = mismatches(spec, fmt, extracted(path))
    assert not wrong, f"{len(wrong)} of {compared} cells wrong, e.g.:\n" + "\n".join(wrong[:15])


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


# Printed by a browser, each shows what the LibreOffice PDFs do not: a page whose rows all print the code joined
# has no rule between the five KODE columns (pd_then_lokasi, narrow_columns, lokasi_then_pd), the last row's end
# alone at the top of a page under column rules with no rule above it (narrow_columns), a blank page between two
# of the Word tables (continued).
BROWSER_LAYOUTS = ["seed", "code_name_2025", "pd_then_lokasi", "lokasi_then_pd", "narrow_columns", "continued"]


@pytest.fixture(scope="module")
def browser_pdfs(zoo_files: dict[str, dict[str, Path]], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The layouts' Word files saved as HTML by LibreOffice (one run) and printed to PDF by Chromium."""
    soffice, browser = find_soffice(), _chromium()
    if soffice is None or browser is None:
        pytest.skip("needs chromium and LibreOffice (apt-get install chromium libreoffice-writer; .ci/run does)")
    out = tmp_path_factory.mktemp("browser")
    converted = subprocess.run([soffice, "--headless", f"-env:UserInstallation={(out / 'lo').as_uri()}",
                                "--convert-to", "html", "--outdir", str(out),
                                *(str(zoo_files[name]["docx"]) for name in BROWSER_LAYOUTS)],
                               capture_output=True, text=True, timeout=600, check=False)
    pdfs = {}
    for name in BROWSER_LAYOUTS:
        html = out / f"tc27_{name}.html"
        assert html.exists(), converted.stderr[-2000:]
        pdf = out / f"tc27_{name}_browser.pdf"
        printed = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                  f"--user-data-dir={out / 'profile'}", "--no-pdf-header-footer",
                                  f"--print-to-pdf={pdf}", html.as_uri()],
                                 capture_output=True, text=True, timeout=300, check=False)
        assert pdf.exists(), printed.stderr[-2000:]
        pdfs[name] = pdf
    return pdfs


@pytest.mark.slow
@pytest.mark.parametrize("name", BROWSER_LAYOUTS)
def test_a_table_printed_by_a_browser_gives_every_truth_cell(browser_pdfs: dict[str, Path], name: str) -> None:
    """Another PDF producer: Chromium (Skia: borders drawn as filled rectangles, text runs placed glyph by glyph),
    as reports printed from a web application (e-planning) are. Every truth cell, as in LibreOffice's own PDF."""
    pdf = browser_pdfs[name]
    assert pdfium.PdfDocument(str(pdf)).get_metadata_dict().get("Producer", "").startswith("Skia")
    result = extracted(pdf)
    compared, wrong = mismatches(zoo.layout(name), "pdf", result)
    assert compared > 1700 and not wrong, f"{len(wrong)} of {compared} cells wrong, e.g.:\n" + "\n".join(wrong[:15])
    assert not [n for n in result.notes if n.code in ("internal-error", "page-failed", "continuation-not-joined")]


@pytest.mark.slow
@pytest.mark.parametrize("name, fmt", [(n, f) for n in zoo.layout_names() if zoo.layout(n)["sections"]
                                       for f in FORMATS])
def test_section_headings_are_noted_not_rows(zoo_files: dict[str, dict[str, Path]], name: str, fmt: str) -> None:
    """A heading printed across the table ("Sasaran 1: ...", a merged row; in the unruled PDF one line crossing
    every column gap) is no row of the table (the rows are the truth's, test above) and is not dropped without a
    word: each gets a ``section-row`` note with its text and the first and last rows under it."""
    path = zoo_files[name][fmt]
    if not path.exists():
        pytest.skip(f"{path.name} not built (LibreOffice not installed)")
    spec = zoo.layout(name)
    headings = zoo.section_headings(spec, TRUTH)
    table = extracted(path).tables_of("TC.27")[0]
    notes = [n.message for n in table.notes if n.code == "section-row"]
    assert len(notes) == len(headings) == 8
    programs = sorted(headings)
    for k, (r, text) in enumerate(sorted(headings.items())):
        last = (programs[k + 1] if k + 1 < len(programs) else len(TRUTH)) - 1
        assert f"'{text}' (over the rows from '{TRUTH[r]['code']}' to '" in notes[k]
        if fmt != "xlsx" or TRUTH[last]["code"]:
            assert notes[k].endswith(f"to '{TRUTH[last]['code']}')"), notes[k]
    # every row carries the heading it stands under, and the sasaran the heading names (the layout prints no
    # SASARAN column); the rows above the first heading (urusan, bidang urusan) carry none
    first = programs[0]
    assert [r.data.get("section") for r in table.rows[:first]] == [None] * first
    for k, r in enumerate(programs):
        end = programs[k + 1] if k + 1 < len(programs) else len(TRUTH)
        under = table.rows[r:end]
        assert {row.data.get("section") for row in under} == {headings[r]}
        assert {row.data.get("sasaran") for row in under} == {headings[r].split(": ", 1)[1]}


@pytest.mark.slow
def test_unruled_goals_pdf_joins_the_merged_goals_and_flags_them(zoo_files: dict[str, dict[str, Path]]) -> None:
    """Without borders, TUJUAN and SASARAN merged down a program's rows print their lines beside whichever rows
    they reach: each run of rows holding such lines is joined into one value (the test above: every truth cell,
    sasaran and tujuan whole on every row) and flagged wrapped-value on the run's first row, since nothing on the
    page says where a merged cell ends. Before: the urusan digit of each code read into SASARAN, 81 rows, no note;
    then (with the sasaran check) the table refused."""
    path = zoo_files["unruled_goals"]["pdf"]
    if not path.exists():
        pytest.skip(f"{path.name} not built (LibreOffice not installed)")
    (table,) = extracted(path).tables_of("TC.27")
    flagged = [(r.data["code"], f.field) for r in table.rows for f in r.flags if f.code == "wrapped-value"
               and f.field in ("tujuan", "sasaran")]
    first_of_group = [TRUTH[first]["code"] for first, _last in zoo.ms.tc27_programme_spans(TRUTH)]
    assert flagged and {code for code, _field in flagged} <= set(first_of_group)
    assert {field for _code, field in flagged} == {"tujuan", "sasaran"}


def test_every_layout_covers_the_truth() -> None:
    """The generator prints each truth row once per layout, and the layouts are the ones the issue lists."""
    names = zoo.layout_names()
    assert len(names) >= 12 and len(set(names)) == len(names)
    for name in names:
        spec = zoo.layout(name)
        cells = printed_cells(spec)
        assert {"name", "rp_2024", "rp_2026"} <= cells, name
        assert any(c in cells for c in ("code_cells", "code_split", "code", "code_generic", "code_spaced",
                                        "code_name", "code_name_plain")), name
