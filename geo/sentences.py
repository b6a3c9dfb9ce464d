"""Sentence spans of a news text, aware of abbreviations ("U.S.", "Mr.", "Gen.", "N. Korea", "Dec. 3").

A sentence ends at a line break, or at ``.``/``!``/``?`` (plus closing quotes/brackets) followed by white space —
unless the period closes an abbreviation: a known short form (titles, months, "St", "No", ...), a single
letter ("N."), or a dotted acronym ("U.S."), and in any case when the next word starts in lower case or with a
digit ("Dec. 3", "etc. and").
"""

from __future__ import annotations

import bisect
import re

__all__ = ["SentenceIndex", "sentence_spans"]

_ABBREVIATIONS = frozenset(str.split("""
mr mrs ms dr prof gen lt col maj capt cmdr adm sgt cpl gov sen rep rev st jr sr messrs mme mlle
jan feb mar apr jun jul aug sep sept oct nov dec no nos vs etc inc corp co ltd bros dept est approx fig
mt ft ave blvd rd univ
"""))
_LOOKBEHINDS = "".join(rf"(?<!\b{re.escape(a)}\.)" for a in sorted(_ABBREVIATIONS))
# A sentence ends at a line break, or at . ! ? (+ closing quotes) before white space and a word that does not
# start in lower case or with a digit — unless the period closes a known abbreviation or a single letter
# (an initial, the last letter of "U.S."). One C-level regex pass; Python only touches each sentence once.
_END = re.compile(
    rf"(?i:[!?…]|\.(?<!\b[a-z]\.){_LOOKBEHINDS})[.!?…]*[\"”’)\]']*(?=[ \t]+[^a-z0-9\s]|[ \t]*(?:\n|$))|\n")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence, white space trimmed; together they cover every non-blank character."""
    spans, start = [], 0
    for match in _END.finditer(text):
        _add(text, start, match.end(), spans)
        start = match.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


class SentenceIndex:
    """Find the sentence around an offset in O(log n)."""

    def __init__(self, text: str):
        self.spans = sentence_spans(text)
        self._starts = [s for s, _ in self.spans]

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The span of the sentence holding ``[start, end)``; spans two sentences if the mention straddles."""
        if not self.spans:
            return start, end
        i = max(0, bisect.bisect_right(self._starts, start) - 1)
        s, e = self.spans[i]
        j = i
        while e < end and j + 1 < len(self.spans):
            j += 1
            e = self.spans[j][1]
        return min(s, start), max(e, end)

    def index_of(self, pos: int) -> int:
        """The number of the sentence holding ``pos``."""
        return max(0, bisect.bisect_right(self._starts, pos) - 1)
