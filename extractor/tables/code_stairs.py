"""Codes printed as a staircase: the KODE columns (one per segment) where each row prints only its own segment, in
its level's column, and leaves its parents' columns blank:

    2   |     |     |      |      URUSAN ...
        | 17  |     |      |      BIDANG ...
        |     | 01  |      |      PROGRAM ...
        |     |     | 2.01 |      Kegiatan ...
        |     |     |      | 0001 Sub kegiatan ...

Read alone, "17" or "0001" is no code (an ``unparsed-code``), and "2.01" reads as a bidang. A row whose code cells
are blank up to its own segment takes the segments before it from the rows above, as the page shows them.
"""

from __future__ import annotations

MIN_CODE_CELLS = 3  # a staircase needs the code split over at least this many cells


class CodeStairs:
    """The segments the code cells printed last, column by column, for completing the next rows."""

    def __init__(self, width: int) -> None:
        self.above = [""] * width

    def complete(self, parts: list[str]) -> list[str] | None:
        """The code cells of a row (as printed, in column order) completed from the rows above when the row prints
        only its own segment(s) and leaves the columns before blank (None otherwise: read them as printed). The
        columns after the row's last segment are forgotten: a new branch starts under it."""
        texts = [p.strip() for p in parts]  # as printed: a segment wrapped in its narrow cell stays wrapped
        filled = [k for k, text in enumerate(texts) if text]
        if len(texts) < MIN_CODE_CELLS or len(texts) != len(self.above) or not filled:
            return None
        first, last = filled[0], filled[-1]
        completed = None
        if first > 0 and all(self.above[:first]):
            completed = self.above[:first] + texts[first:]
        self.above = (completed or texts)[: last + 1] + [""] * (len(texts) - last - 1)
        return completed
