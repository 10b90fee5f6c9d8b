"""The vocabulary of a Row that every layer shares: the levels of the Kepmendagri code hierarchy and the fields
that hold numbers. Imports nothing from the package, so that any module may use it."""

from __future__ import annotations

LEVELS: tuple[str, ...] = ("urusan", "bidang_urusan", "program", "kegiatan", "sub_kegiatan")
LEVEL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(LEVELS)}  # urusan 0 ... sub_kegiatan 4
TOTAL_LEVEL = "total"  # the level of a table's total row ("JUMLAH", "TOTAL KESELURUHAN"): no entry of the hierarchy

# Every field the header rules (mappings/headers.json) type that holds a number: parsed by parse.parse_number,
# its printed text kept under Row.raw, and (stitch) a cell under it starts a row of its own.
NUMERIC_FIELDS: frozenset[str] = frozenset({
    # TC.27: baseline, targets and amounts (yearly or at the plan's end)
    "baseline", "baseline_rp", "target", "rp", "target_akhir", "rp_akhir",
    # TC.23 / TC.24: plan, realisation and their ratio, in kind (k) and Rupiah (rp); averages
    "realisasi", "rasio", "target_k", "target_rp", "realisasi_k", "realisasi_rp", "rasio_k", "rasio_rp",
    "rata_anggaran", "rata_realisasi", "rata_rasio", "target_spm", "target_ikk", "target_lainnya", "target_nspk",
    "target_sdgs",
    # TC.25 / TC.28
    "kondisi_awal", "kondisi_akhir",
})

# The numeric fields that hold Rupiah amounts (not targets, ratios or counts): a cell of them may hold an amount a
# narrow column wrapped over lines (parse.parse_number's ``amount``).
AMOUNT_FIELDS: frozenset[str] = frozenset({"baseline_rp", "rp", "rp_akhir", "target_rp", "realisasi_rp"})
