# ruff: noqa: E501
"""Time loading and matching, and print the score distributions behind the MatchSettings defaults.

    python bench/bench_match.py [--runs 7] [--thresholds]

Uses ../shared/nomenclature (the lists) and the seed rows written out by hand in tests/test_match.py.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

from extractor.match import match_rows  # noqa: E402
from extractor.model import Row  # noqa: E402
from extractor.nomenclature import Nomenclature, load_nomenclature  # noqa: E402

NOM_DIR = ROOT.parent / "shared" / "nomenclature"


def seed_rows() -> list[tuple[str, str, str]]:
    spec = importlib.util.spec_from_file_location("_seed_test_match", ROOT / "tests" / "test_match.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return list(mod.SEED_ROWS)


def median_time(fn: Any, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def timings(runs: int, seed: list[tuple[str, str, str]]) -> None:
    for name in (
        "nomenklatur-2023.csv",
        "nomenklatur-2027-kabkota.csv",
        "source/kepmendagri-1317-2023-subkegiatan-kabkota.xlsx",
    ):
        path = NOM_DIR / name
        if path.exists():
            t = median_time(lambda p=path: load_nomenclature(p), max(1, runs // 2))
            print(f"load {name:60s} {t * 1000:8.1f} ms (median of {max(1, runs // 2)})")
    nom = load_nomenclature(NOM_DIR / "nomenklatur-2023.csv")
    rows = [Row(data={"level": lv, "code": c, "code_raw": c, "name": n}) for lv, c, n in (seed * 2)[:100]]
    first = median_time(lambda: match_rows(rows, load_nomenclature(NOM_DIR / "nomenklatur-2023.csv")), 1)
    print(f"load + match 100 rows, cold indexes                           {first * 1000:8.1f} ms")
    t = median_time(lambda: match_rows(rows, nom), runs)
    print(f"match 100 rows (seed TC.27 x2) vs 2023 list                    {t * 1000:8.1f} ms (median of {runs})")
    no_code = [
        Row(data={"level": r.data["level"], "code": None, "code_raw": None, "name": r.data["name"]}) for r in rows
    ]
    t = median_time(lambda: match_rows(no_code, nom), runs)
    print(f"match 100 rows without codes (name search only)                {t * 1000:8.1f} ms (median of {runs})")


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))]


def thresholds(seed: list[tuple[str, str, str]], nom: Nomenclature) -> None:
    scorers = {
        "ratio": fuzz.ratio,
        "token_sort_ratio": fuzz.token_sort_ratio,
        "token_set_ratio": fuzz.token_set_ratio,
        "WRatio": fuzz.WRatio,
        "partial_ratio": fuzz.partial_ratio,
    }
    rng = random.Random(1)
    true_pairs: list[tuple[str, str, str]] = []
    siblings: list[list[str]] = []
    unknown: list[tuple[str, str, list[str]]] = []
    randoms: list[tuple[str, str]] = []
    for _level, code, name in seed:
        entry, _how = nom.lookup(code)
        q = nom.normalize(name)
        if entry is None:
            parent = ".".join(code.split(".")[:5])
            unknown.append((code, q, [nom.normalized(c.code) for c in nom.children(parent)]))
            continue
        true_pairs.append((code, q, nom.normalized(entry.code)))
        sibs = [c for c in nom.children(entry.parent_code) if c.code != entry.code] if entry.parent_code else []
        siblings.append([nom.normalized(c.code) for c in sibs if nom.normalized(c.code) != nom.normalized(entry.code)])
        same = [c for c in nom.by_level(entry.level) if c.code != entry.code]
        randoms += [(q, nom.normalized(c.code)) for c in rng.sample(same, min(20, len(same)))]
    print(
        f"{len(true_pairs)} true pairs (code in list), {len(unknown)} rows with codes the list lacks, {len(randoms)} random pairs"
    )
    print(
        "scorer            true: min   p10 | wrong sibling: max   p90 | unknown-code best: max | random: p99   max | min lead"
    )
    for name, sc in scorers.items():
        t = [float(sc(a, b)) for _, a, b in true_pairs]
        ws = [max(float(sc(q, x)) for x in xs) for (_, q, _), xs in zip(true_pairs, siblings) if xs]
        un = [max(float(sc(q, x)) for x in xs) for _, q, xs in unknown if xs]
        r = [float(sc(a, b)) for a, b in randoms]
        lead = [float(sc(q, o)) - max(float(sc(q, x)) for x in xs) for (_, q, o), xs in zip(true_pairs, siblings) if xs]
        print(
            f"{name:17s} {min(t):10.1f} {_pct(t, 0.1):5.1f} | {max(ws):18.1f} {_pct(ws, 0.9):5.1f} | {max(un):22.1f} |"
            f" {_pct(r, 0.99):11.1f} {max(r):5.1f} | {min(lead):8.1f}"
        )
    for name in ("token_sort_ratio", "token_set_ratio"):
        sc = scorers[name]
        low = sorted((round(float(sc(a, b)), 1), c) for c, a, b in true_pairs)[:5]
        print(f"{name}: lowest true pairs {low}")
        near = sorted(((round(max(float(sc(q, x)) for x in xs), 1), c) for c, q, xs in unknown if xs), reverse=True)
        print(f"{name}: unknown-code rows, best sibling score {near}")
        leads = sorted(
            (round(float(sc(q, o)) - max(float(sc(q, x)) for x in xs), 1), c)
            for (c, q, o), xs in zip(true_pairs, siblings)
            if xs
        )[:4]
        print(f"{name}: smallest leads of the true entry over its best sibling {leads}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--thresholds", action="store_true", help="also print score distributions per scorer")
    args = ap.parse_args()
    if not (NOM_DIR / "nomenklatur-2023.csv").exists():
        sys.exit(f"nomenclature lists not found at {NOM_DIR}")
    seed = seed_rows()
    timings(args.runs, seed)
    if args.thresholds:
        print()
        thresholds(seed, load_nomenclature(NOM_DIR / "nomenklatur-2023.csv"))


if __name__ == "__main__":
    main()
