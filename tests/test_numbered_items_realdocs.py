"""Items numbered in a column of their own under the name's header, with neither code nor level word.

Kec. Banyuwangi 2025-2029, "Tabel 4.3. Matrik Rencana Program, Kegiatan dan Pendanaan" (PDF pp.71-81): the header
"Program dan Kegiatan" spans a numbering column and the name ("2 | Penyediaan Gaji dan Tunjangan ASN"), the
"Kode" column is empty. Before, the rows read "2 Penyediaan Gaji ..." as level 'indicator' and were never matched.
Values read from the image of PDF p.72 (printed 67, pdftoppm -r 80).
"""

from __future__ import annotations

import pytest
from conftest import extracted, realdoc

from extractor.model import Result, Row

pytestmark = pytest.mark.realdocs

KECAMATAN = "banyuwangi_renstra_2025-2029_kec-banyuwangi.pdf"


def _row(no: str, name: str) -> Row:
    result = extracted(realdoc(KECAMATAN))
    assert isinstance(result, Result)
    table = next(t for t in result.tables if t.kind == "TC.27" and t.pages[:1] == [71])
    found = [r for r in table.rows if r.data.get("no") == no and r.data["name"] == name]
    assert len(found) == 1, [(r.data.get("no"), r.data["name"]) for r in table.rows]
    return found[0]


@pytest.mark.parametrize(("no", "name", "target", "rps", "suggested"), [
    ("3", "Penyediaan Komponen Instalasi Listrik/Penerangan Bangunan Kantor", 12,
     [97_997_500, 97_997_500, 102_897_375, 108_042_244, 113_444_356, 119_116_574], "X.XX.01.2.06.0001"),
    ("4", "Penyediaan Peralatan dan Perlengkapan Kantor", 12,
     [168_052_200, 168_052_200, 176_454_810, 185_277_551, 194_541_428, 204_268_499], "X.XX.01.2.06.0002"),
    ("2", "Penyediaan Gaji dan Tunjangan ASN", 89, None, "X.XX.01.2.02.0001"),  # Rp "16447 87457 6": not pinned
])
def test_numbered_item_rows(no: str, name: str, target: int, rps: list[int] | None, suggested: str) -> None:
    row = _row(no, name)
    assert row.data["level"] != "indicator"  # an item of its own, not an indicator line of the program
    assert [row.years[y]["target"] for y in range(2025, 2031)] == [target] * 6
    if rps is not None:
        assert [row.years[y]["rp"] for y in range(2025, 2031)] == rps
    assert row.data["unit"] == ("orang" if target == 89 else "paket")
    # no code, no level word: matched as the sub kegiatan its name is in the nomenclature
    assert row.match is not None
    assert (row.match.status, row.match.matched_code) == ("code_suggested", suggested)
