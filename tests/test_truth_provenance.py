"""The ground truth in samples/truth/ comes from the seed text, value by value.

For every truth row a seed line of the same table is found whose printed (non-empty) cells are exactly the row's
non-empty printed values, in the same order. Matched lines must follow document order. Derived columns (TC.27
level, code, indicator/unit, filled-down tujuan/sasaran) are recomputed from the printed ones. A tampering test
shows that the checks fail on a wrong value.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed" / "000_0bbde49619283af3.txt"
TRUTH = REPO / "samples" / "truth"

pytestmark = pytest.mark.skipif(not SEED.exists(), reason=f"seed text not available at {SEED}")

TC27_NUMS = [
    "baseline", "target_2024", "rp_2024", "target_2025", "rp_2025",
    "target_2026", "rp_2026", "target_akhir", "rp_akhir",
]  # fmt: skip
LEVELS = ["urusan", "bidang_urusan", "program", "kegiatan", "sub_kegiatan"]

# table -> (first line of its region, start of the line that ends it), searched in order
REGIONS: dict[str, tuple[str, str]] = {
    "tc23": ("Tabel TC. 23", "Tabel TC 24"),
    "tc24": ("Tabel TC 24", "2.4 Tantangan dan Peluang Pengembangan Pelayanan Dinas Koperasi dan Usaha Mikro"),
    "tc25_sebelum": ("Sebelum Perubahan", "Sesudah Perubahan"),
    "tc25_sesudah": ("Sesudah Perubahan", "4.2 Pohon Kinerja Perangkat Daerah"),
    "tc26": ("Tabel TC. 26", "BAB VI"),
    "tc27": ("Tabel TC. 27", "BAB VII"),
    "tc28": ("Tabel TC. 28", "Table 7.1 IKU"),
    "iku": ("Table 7.1 IKU", "BAB VIII PENUTUP"),
}


def read_seed() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n")


def read_truth(name: str) -> list[dict[str, str]]:
    with (TRUTH / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def region(lines: list[str], table: str) -> list[tuple[int, str]]:
    """(line number, line) pairs of a table's region in the seed."""
    start_text, end_text = REGIONS[table]
    start = next(i for i, line in enumerate(lines) if line.strip() == start_text)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].strip().startswith(end_text))
    return [(i + 1, lines[i]) for i in range(start + 1, end)]


def latex_to_text(cell: str) -> str:
    """'$\\frac{\\text{A}}{\\text{B}} \\times 100 \\%$' -> 'A / B x 100 %' (the IKU formula as readable text)."""
    s = cell.strip().strip("$")
    s = re.sub(r"\\text\{([^{}]*)\}", r"\1", s)
    s = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"\1 / \2", s)
    s = s.replace("\\times", "x").replace("\\%", "%")
    return re.sub(r"\s+", " ", s).strip()


def printed_cells(table: str, line: str) -> list[str]:
    """The non-empty cells of a seed line, with the rendering's markup turned into the values the truth keeps."""
    out: list[str] = []
    for cell in line.split("\t"):
        cell = re.sub(r"</?p>", "", cell).strip()
        if not cell:
            continue
        italic = re.match(r"(.*?)\s*<i>(.*)</i>$", cell)
        if table == "tc28" and italic:
            out.extend([italic.group(1), italic.group(2)])
        elif table == "iku" and cell.startswith("$"):
            out.append(latex_to_text(cell))
        else:
            out.append(cell)
    return out


def check_table(
    table: str,
    rows: list[dict[str, str]],
    lines: list[str],
    values_of: Callable[[dict[str, str]], list[str]],
) -> tuple[list[str], list[int]]:
    """Match each row, in order, to the next seed line whose printed cells equal the row's values."""
    problems: list[str] = []
    matched: list[int] = []
    candidates = region(lines, table)
    pos = 0
    for n, row in enumerate(rows):
        want = values_of(row)
        hit = next((k for k in range(pos, len(candidates)) if printed_cells(table, candidates[k][1]) == want), None)
        if hit is None:
            problems.append(f"{table} row {n + 1}: no seed line (after the previous match) prints {want}")
            continue
        matched.append(candidates[hit][0])
        pos = hit + 1
    return problems, matched


def plain_values(fields: list[str]) -> Callable[[dict[str, str]], list[str]]:
    return lambda row: [row[f] for f in fields if row[f] != ""]


def tc27_printed(row: dict[str, str]) -> list[str]:
    code = row["code_cells"].split("|") if "|" in row["code_cells"] else [row["code_cells"]]
    values = [*code, row["name"], row["indicator_cell"], *[row[f] for f in TC27_NUMS], row["pd"]]
    tujuan_printed = row["level"] == "program" and row["tujuan"] != ""
    head = [row["tujuan"], row["sasaran"]] if tujuan_printed else []
    return [v for v in head + values if v != ""]


def canonical_code(code_cells: str) -> tuple[str, int]:
    """The dotted code and the number of printed code parts (1 = urusan ... 5 = sub kegiatan)."""
    parts = code_cells.split("|") if "|" in code_cells else code_cells.split(" ")
    if "|" not in code_cells and len(parts) > 5:  # joined code whose sub-kegiatan part itself holds a space
        parts = parts[:4] + ["".join(parts[4:])]
    if len(parts) == 5:
        parts[4] = parts[4].replace(" ", "").zfill(4)
    return ".".join(parts), len(parts)


def split_indicator(cell: str) -> tuple[str, str]:
    """The truth's rule: split at the first "//"; else a unit in parentheses ending the cell ("... (%)") is the unit."""
    if "//" in cell:
        indicator, unit = cell.split("//", 1)
        return indicator.strip(), unit.strip()
    tail = re.search(r"\s*\(([^()]+)\)$", cell)
    if tail:
        return cell[: tail.start()].strip(), tail.group(1).strip()
    return cell.strip(), ""


def check_tc27_derived(rows: list[dict[str, str]], lines: list[str], matched: list[int]) -> list[str]:
    problems: list[str] = []
    if len(rows) != 74:
        problems.append(f"tc27 has {len(rows)} rows, expected 74")
    want_counts = {"urusan": 1, "bidang_urusan": 1, "program": 8, "kegiatan": 15, "sub_kegiatan": 49}
    if dict(Counter(r["level"] for r in rows)) != want_counts:
        problems.append(f"tc27 level counts {dict(Counter(r['level'] for r in rows))} != {want_counts}")
    tujuan = sasaran = ""
    for n, row in enumerate(rows):
        code, n_parts = canonical_code(row["code_cells"])
        if row["code"] != code:
            problems.append(f"tc27 row {n + 1}: code {row['code']!r} != {code!r} from {row['code_cells']!r}")
        if row["level"] != LEVELS[n_parts - 1]:
            problems.append(f"tc27 row {n + 1}: level {row['level']!r} does not fit code {code}")
        indicator, unit = split_indicator(row["indicator_cell"])
        if (row["indicator"], row["unit"]) != (indicator, unit):
            problems.append(f"tc27 row {n + 1}: indicator/unit not split from {row['indicator_cell']!r}")
        if row["level"] == "program" and n < len(matched):
            first = lines[matched[n] - 1].split("\t")
            tujuan, sasaran = first[0], first[1]
        if row["level"] in ("urusan", "bidang_urusan"):
            expected = ("", "")
        else:
            expected = (tujuan, sasaran)
        if (row["tujuan"], row["sasaran"]) != expected:
            problems.append(f"tc27 row {n + 1}: tujuan/sasaran {row['tujuan']!r}/{row['sasaran']!r} != {expected}")
    return problems


TABLES: dict[str, Callable[[dict[str, str]], list[str]] | None] = {
    "tc23": None,
    "tc24": None,
    "tc25_sebelum": None,
    "tc25_sesudah": None,
    "tc26": None,
    "tc27": tc27_printed,
    "tc28": None,
    "iku": None,
}


def check_all(truth: dict[str, list[dict[str, str]]], lines: list[str]) -> list[str]:
    problems: list[str] = []
    for table, rows in truth.items():
        values_of = TABLES[table] or plain_values(list(rows[0].keys()))
        found, matched = check_table(table, rows, lines, values_of)
        problems += found
        if table == "tc27":
            problems += check_tc27_derived(rows, lines, matched)
    return problems


def load_all() -> dict[str, list[dict[str, str]]]:
    return {table: read_truth(table) for table in TABLES}


def test_every_truth_value_is_printed_in_the_seed() -> None:
    problems = check_all(load_all(), read_seed())
    assert not problems, "\n".join(problems)


def test_tc27_row_and_level_counts() -> None:
    rows = read_truth("tc27")
    assert len(rows) == 74
    assert Counter(r["level"] for r in rows) == {
        "urusan": 1, "bidang_urusan": 1, "program": 8, "kegiatan": 15, "sub_kegiatan": 49,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("table", "row", "field", "value"),
    [
        ("tc27", 10, "rp_2025", "2,323,889,939"),  # a right number in the wrong row
        ("tc27", 2, "target_2024", "4,964,889,939"),  # the bidang Rp read as a target
        ("tc27", 20, "sasaran", ""),  # fill-down lost
        ("tc27", 40, "code", "2.17.04.2.01.0003"),
        ("tc24", 60, "rasio_k_2019", "100"),  # a 2021 ratio put under 2019
        ("tc25_sesudah", 2, "sasaran", ""),  # the shifted row left unrepaired
        ("iku", 0, "rumus", "Jumlah Koperasi sehat tahun n x 100 %"),
    ],
)
def test_checks_fail_on_tampered_truth(table: str, row: int, field: str, value: str) -> None:
    truth = load_all()
    truth[table][row][field] = value
    assert check_all(truth, read_seed())
