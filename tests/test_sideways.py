"""Pages whose text runs up or down the page as displayed are read turned a quarter (pdf_objects.page_objects).

Two ways real PDFs print a landscape table sideways, made here from the text sample's landscape pages (TC.24 on
pages 17-19, TC.27 on pages 29-33):
- ``sideways``: the landscape page drawn turned a quarter counter-clockwise on a portrait page (a form XObject
  with a rotating matrix, no /Rotate): what printing a landscape section onto portrait paper gives;
- ``wrong_rotate``: the landscape page left as it is and given /Rotate 90, so that it is displayed sideways (a
  page turned the wrong way in a viewer before saving).
Either way every table must come out exactly as from the sample itself: same tables, same rows, same values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from conftest import SAMPLE_PDF, extracted, truth_rows

from extractor.readers.pdf_objects import reading_turn

LANDSCAPE_PAGES = [17, 18, 19, 29, 30, 31, 32, 33]


@pytest.fixture(scope="module")
def turned_samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("sideways")
    source = pdfium.PdfDocument(str(SAMPLE_PDF))
    sideways = pdfium.PdfDocument.new()
    for i in range(len(source)):
        width, height = source[i].get_size()
        if width <= height:
            sideways.import_pages(source, [i])
            continue
        page = sideways.new_page(height, width)
        drawn = source.page_as_xobject(i, sideways).as_pageobject()
        drawn.transform(pdfium.PdfMatrix().rotate(90, ccw=True).translate(height, 0))
        page.insert_obj(drawn)
        page.gen_content()
    sideways.save(str(folder / "sideways.pdf"))
    wrong = pdfium.PdfDocument(str(SAMPLE_PDF))
    for i in range(len(wrong)):
        width, height = wrong[i].get_size()
        if width > height:
            wrong[i].set_rotation(90)
    wrong.save(str(folder / "wrong_rotate.pdf"))
    return {"sideways": folder / "sideways.pdf", "wrong_rotate": folder / "wrong_rotate.pdf"}


def _rows(result: Any) -> list[tuple[str, list[dict[str, Any]]]]:
    """Every table's kind and rows, without the boxes (they are on the page as read: turned)."""
    out = []
    for table in result.tables:
        rows = []
        for row in table.rows:
            data = row.to_dict()
            data.pop("boxes", None)
            rows.append(data)
        out.append((table.kind, rows))
    return out


@pytest.mark.parametrize("variant", ["sideways", "wrong_rotate"])
def test_a_table_printed_sideways_reads_as_the_upright_one(turned_samples: dict[str, Path], variant: str) -> None:
    pdf = pdfium.PdfDocument(str(turned_samples[variant]))
    turns = {n: reading_turn(pdf[n - 1]) for n in range(1, len(pdf) + 1)}
    assert sorted(n for n, turn in turns.items() if turn) == LANDSCAPE_PAGES
    assert set(turns.values()) == {0, 90 if variant == "sideways" else 270}
    result = extracted(turned_samples[variant])
    plain = extracted(SAMPLE_PDF)
    assert _rows(result) == _rows(plain)
    assert [n.code for n in result.notes] == [n.code for n in plain.notes]
    tc27 = result.tables_of("TC.27")
    assert len(tc27) == 1 and tc27[0].pages == [29, 30, 31, 32, 33]
    assert [r.data["code"] for r in tc27[0].rows] == [t["code"] for t in truth_rows("tc27.csv")]


def test_a_page_upside_down_reads_as_the_upright_one(tmp_path: Path) -> None:
    wrong = pdfium.PdfDocument(str(SAMPLE_PDF))
    for n in LANDSCAPE_PAGES:
        wrong[n - 1].set_rotation(180)
    wrong.save(str(tmp_path / "upside_down.pdf"))
    turned = pdfium.PdfDocument(str(tmp_path / "upside_down.pdf"))
    assert {n for n in range(1, len(turned) + 1) if reading_turn(turned[n - 1]) == 180} == set(LANDSCAPE_PAGES)
    assert _rows(extracted(tmp_path / "upside_down.pdf")) == _rows(extracted(SAMPLE_PDF))


def test_upright_pages_are_not_turned() -> None:
    pdf = pdfium.PdfDocument(str(SAMPLE_PDF))
    assert {reading_turn(pdf[i]) for i in range(len(pdf))} == {0}


def _pixels(data_url: str) -> Any:
    import base64
    import io

    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data_url.split(",", 1)[1]))).convert("L"), dtype=float)


def _crop_differences(turned: Path, monkeypatch: pytest.MonkeyPatch | None = None) -> list[float]:
    """Mean absolute pixel difference between the review crop of each TC.27 code on the turned document and the
    crop of the same code on the sample (inf where the two crops differ in size)."""
    from extractor.review import PageCrops

    result, plain = extracted(turned), extracted(SAMPLE_PDF)
    pairs = [(a, b) for a, b in zip(result.tables_of("TC.27")[0].rows, plain.tables_of("TC.27")[0].rows)
             if "code" in a.boxes and "code" in b.boxes]
    ours, theirs = PageCrops(turned), PageCrops(SAMPLE_PDF)
    out = []
    try:
        for a, b in pairs[::8]:
            x, y = _pixels(ours.crop(a.page, a.boxes["code"])), _pixels(theirs.crop(b.page, b.boxes["code"]))
            out.append(float(abs(x - y).mean()) if x.shape == y.shape else float("inf"))
    finally:
        ours.close()
        theirs.close()
    return out


@pytest.mark.parametrize("variant", ["sideways", "wrong_rotate"])
def test_review_crops_of_a_turned_page_show_the_value(turned_samples: dict[str, Path], variant: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """`renstra review` turns the picture of a page read turned, so that each value's box sits on the value: the
    crop of every TC.27 code printed sideways is the crop of the same code on the upright sample, to a few grey
    levels; with the picture left unturned the crops show something else."""
    differences = _crop_differences(turned_samples[variant])
    assert len(differences) >= 8 and max(differences) < 12, differences
    monkeypatch.setattr("extractor.readers.pdf_objects.reading_turn", lambda page: 0)
    unturned = _crop_differences(turned_samples[variant])
    assert min(unturned) > 2 * max(differences), unturned
