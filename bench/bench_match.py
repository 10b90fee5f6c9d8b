# ruff: noqa: E501
"""Time loading and matching, and print the score distributions behind the MatchSettings defaults.

    python bench/bench_match.py [--runs 7] [--thresholds] [--realdocs]

Uses ../shared/nomenclature (the lists) and the seed rows written out by hand in tests/test_match.py.
--realdocs extracts the real documents in ../shared/realdocs and measures, on every TC.27 row whose printed code
the chosen bundled list confirms, how the name alone would be found (search scores of the true entry and of its
nearest sibling, with and without spelling correction, and the prefix rule), plus the status counts per document.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

from extractor.match import _scope_index, _search_scorer, match_rows  # noqa: E402
from extractor.matching import match_result, matchable_rows  # noqa: E402
from extractor.model import Row  # noqa: E402
from extractor.nomenclature import Nomenclature, load_nomenclature, resolve_nomenclature  # noqa: E402
from extractor.settings import MatchSettings  # noqa: E402

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


REALDOCS = ROOT.parent / "shared" / "realdocs"


def _siblings(nom: Nomenclature, code: str) -> list[str]:
    """The codes a name search of this entry's level under its parent would see (the parent's children; for a
    bidang's own entries also the generic X.XX block, as match._scope_index does)."""
    parent = nom.entries[code].parent_code
    if parent is None:
        return []
    codes, _names = _scope_index(nom, nom.entries[code].level, parent)
    return [c for c in codes if c != code and nom.normalized(c) != nom.normalized(code)]


def _prefix_decision(nom: Nomenclature, norm: str, scope: list[str], s: MatchSettings) -> str | None:
    words = norm.split()
    if len(words) < s.prefix_min_words:
        return None
    cut = [c for c in scope if nom.normalized(c).startswith(norm + " ")
           and len(words) >= s.prefix_min_share * len(nom.normalized(c).split())]
    if cut:
        return cut[0] if len(cut) == 1 else None
    longer = [c for c in scope if norm.startswith(nom.normalized(c) + " ")
              and len(nom.normalized(c).split()) >= max(s.prefix_min_words, s.extended_min_share * len(words))]
    return max(longer, key=lambda c: len(nom.normalized(c))) if longer else None


@dataclass
class _Tally:
    """What realdocs() measures over the rows of every document."""

    true_scores: list[tuple[float, float, str, str]] = field(default_factory=list)  # corrected, printed, code, doc
    leads: list[float] = field(default_factory=list)
    wrong: list[tuple[float, str, str]] = field(default_factory=list)
    prefix: Counter = field(default_factory=Counter)
    unknown_best: list[tuple[float, str, str]] = field(default_factory=list)


def realdocs() -> None:
    from extractor.pipeline import extract

    s = MatchSettings()
    tally = _Tally()
    for path in sorted(REALDOCS.glob("*")):
        if path.suffix.lower() not in (".pdf", ".docx"):
            continue
        try:
            result = extract(path, nomenclature="none")
        except Exception as exc:  # noqa: BLE001 - a bench reports and goes on
            print(f"{path.name}: not extracted ({type(exc).__name__}: {exc})")
            continue
        rows = matchable_rows(result)
        if not rows:
            print(f"{path.name}: no rows to match")
            continue
        match_result(result)  # what extract does by default
        m = result.matching
        nom = resolve_nomenclature(m.list_name)
        print(f"{path.name}: {len(rows)} rows, {m['list']}; {m['counts']}; codes unknown {m['codes_unknown']}")
        for row in rows:
            _measure_row(tally, nom, row, s, path.name[:25])
    if tally.true_scores:
        _print_tally(tally, s)


def _measure_row(tally: _Tally, nom: Nomenclature, row: Row, s: MatchSettings, doc: str) -> None:
    """One row's scores: its name against the entry its printed code names and against that entry's siblings
    (a code no list entry has: the best sibling by name)."""
    code, name = row.data.get("code"), str(row.data.get("name") or "")
    norm = nom.normalize(name)
    entry = nom.lookup(str(code))[0] if code else None
    if code and entry is None:
        parent = nom.lookup(".".join(str(code).split(".")[:5]))[0]
        scope = [c.code for c in nom.children(parent.code)] if parent else []
        if scope and norm:
            tally.unknown_best.append((max(float(_search_scorer(norm, nom.normalized(c))) for c in scope),
                                       str(code), doc))
        return
    if entry is None or not norm or fuzz.token_set_ratio(norm, nom.normalized(entry.code)) < 91:
        return
    true = float(_search_scorer(norm, nom.normalized(entry.code)))
    plain = float(_search_scorer(nom.normalize(name, correct=False), nom.normalized(entry.code)))
    tally.true_scores.append((true, plain, entry.code, doc))
    sibs = _siblings(nom, entry.code)
    if sibs:
        best_wrong = max(float(_search_scorer(norm, nom.normalized(c))) for c in sibs)
        tally.wrong.append((best_wrong, entry.code, doc))
        tally.leads.append(true - best_wrong)
        if true < s.fuzzy_threshold:
            got = _prefix_decision(nom, norm, [entry.code, *sibs], s)
            tally.prefix["right" if got == entry.code else "wrong" if got else "none"] += 1


def _print_tally(tally: _Tally, s: MatchSettings) -> None:
    true_scores, wrong, leads, unknown_best = tally.true_scores, tally.wrong, tally.leads, tally.unknown_best
    t = [x[0] for x in true_scores]
    p = [x[1] for x in true_scores]
    print(f"\n{len(t)} rows whose printed code the list confirms (name search measured as if no code were printed)")
    print(f"true entry, token_sort_ratio: min {min(t):.1f} p05 {_pct(t, 0.05):.1f} p10 {_pct(t, 0.1):.1f}; "
          f"below {s.fuzzy_threshold:.0f}: {sum(x < s.fuzzy_threshold for x in t)} "
          f"(without spelling correction: {sum(x < s.fuzzy_threshold for x in p)})")
    print(f"lowest true: {sorted((round(a, 1), c, d) for a, _b, c, d in true_scores)[:6]}")
    w = [x[0] for x in wrong]
    print(f"nearest wrong sibling: max {max(w):.1f} p99 {_pct(w, 0.99):.1f} p90 {_pct(w, 0.9):.1f}; "
          f"at or above {s.fuzzy_threshold:.0f}: {sum(x >= s.fuzzy_threshold for x in w)}; "
          f"top {sorted(wrong, reverse=True)[:4]}")
    print(f"lead of the true entry over its nearest sibling: min {min(leads):.1f} p05 {_pct(leads, 0.05):.1f}")
    print(f"true entries below the threshold, decided by the prefix rule: {dict(tally.prefix)}")
    if unknown_best:
        u = [x[0] for x in unknown_best]
        print(f"{len(u)} rows with a code no list entry has: best sibling by name max {max(u):.1f} "
              f"p90 {_pct(u, 0.9):.1f}; top {sorted(unknown_best, reverse=True)[:4]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--thresholds", action="store_true", help="also print score distributions per scorer")
    ap.add_argument("--realdocs", action="store_true", help="measure name matching on ../shared/realdocs")
    args = ap.parse_args()
    if args.realdocs:
        realdocs()
        return
    if not (NOM_DIR / "nomenklatur-2023.csv").exists():
        sys.exit(f"nomenclature lists not found at {NOM_DIR}")
    seed = seed_rows()
    timings(args.runs, seed)
    if args.thresholds:
        print()
        thresholds(seed, load_nomenclature(NOM_DIR / "nomenklatur-2023.csv"))


if __name__ == "__main__":
    main()
