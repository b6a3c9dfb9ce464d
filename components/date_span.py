"""Date spans as the page shows them: an end no source gives reads "end unknown", never as a one-day span.

An event's ``end`` is empty only when no source gives it (``end_precision = unknown``, docs/data-model.md); a
journey's only when none of its stops is dated and its event's end is unknown.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["UNKNOWN_END", "end_cells", "span_text"]

UNKNOWN_END = "end unknown"


def span_text(start: str, end: str) -> str:
    """``"2019-04-24 → 2019-04-26"``; one date when start and end agree; ``"1961-07-06 → end unknown"`` when the
    end is not known."""
    if not start and not end:
        return "dates unknown"
    if not end:
        return f"{start} → {UNKNOWN_END}"
    return start if end == start else f"{start} → {end}"


def end_cells(start: pd.Series, end: pd.Series) -> pd.Series:
    """The table's *To* column: the end, or ``"unknown"`` for a dated row whose end is not known (places, which have
    no dates, stay blank)."""
    start, end = start.fillna("").astype(str), end.fillna("").astype(str)
    return end.where((end != "") | (start == ""), "unknown")
