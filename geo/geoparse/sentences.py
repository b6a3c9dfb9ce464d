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


def _lookbehinds(abbreviations) -> str:
    """``(?<!\\b(?:mr|st|...)\\.)`` for each length of abbreviation: none of them right before the period."""
    by_length: dict[int, list[str]] = {}
    for abbreviation in sorted(abbreviations):
        by_length.setdefault(len(abbreviation), []).append(re.escape(abbreviation))
    return "".join(rf"(?<!\b(?:{'|'.join(group)})\.)" for _, group in sorted(by_length.items()))


# One look-behind per abbreviation length (an alternation inside a look-behind must have one width): 60
# separate look-behinds, each tried after every period, made this the costliest regex of the geoparser.
_LOOKBEHINDS = _lookbehinds(_ABBREVIATIONS)
# A sentence ends at a line break, or at . ! ? (+ closing quotes) before white space and a word that does not
# start in lower case or with a digit — unless the period closes a known abbreviation or a single letter
# (an initial, the last letter of "U.S."). One C-level regex pass. The pattern starts with a character class
# on purpose: the regex engine then skips to the next candidate character in C instead of trying every
# alternative at every offset; the look-behinds only ever fire after a ".", so a "!", "?" or
# line break passes them unchanged. The first look-ahead is only a necessary condition of the last one (the
# next character must continue the terminator, close a quote, be white space or the end): it turns down a
# decimal point or "U.S" before the look-behinds run.
_END = re.compile(
    rf"[.!?…\n](?:(?<=\n)|(?=[.!?…\"”’)\]' \t\n]|\Z)(?i:(?<!\b[a-z]\.){_LOOKBEHINDS})[.!?…]*[\"”’)\]']*"
    rf"(?=[ \t]+[^a-z0-9\s]|[ \t]*(?:\n|$)))")


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
    """The sentences of a text, found in one regex pass; a sentence's span is trimmed only when asked for.

    Sentence *numbers* count the raw pieces between sentence ends (blank pieces included), so the number of
    the sentence around an offset is one bisect, and the geoparser trims only the sentences holding a name.
    """

    def __init__(self, text: str):
        self._text = text
        # map over the C method: no Python frame per sentence end
        self.bounds = [0, *map(re.Match.end, _END.finditer(text))]
        if self.bounds[-1] != len(text):
            self.bounds.append(len(text))
        self._trimmed: dict[int, tuple[int, int] | None] = {}

    def number_of(self, pos: int) -> int:
        """The number of the sentence holding offset ``pos``."""
        return max(0, bisect.bisect_right(self.bounds, pos) - 1)

    def span(self, number: int) -> tuple[int, int] | None:
        """``(start, end)`` of sentence ``number``, white space trimmed; None for a blank piece."""
        found = self._trimmed.get(number, ())
        if found == ():
            out: list[tuple[int, int]] = []
            if 0 <= number < len(self.bounds) - 1:
                _add(self._text, self.bounds[number], self.bounds[number + 1], out)
            found = self._trimmed[number] = out[0] if out else None
        return found

    @property
    def spans(self) -> list[tuple[int, int]]:
        """Every non-blank sentence's ``(start, end)``, in text order (as :func:`sentence_spans`)."""
        return [span for i in range(len(self.bounds) - 1) if (span := self.span(i)) is not None]

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The span of the sentence holding ``[start, end)``; spans two sentences if the mention straddles."""
        i, last = self.number_of(start), len(self.bounds) - 2
        while i > 0 and self.span(i) is None:  # a blank piece: the sentence before it holds the offset
            i -= 1
        first = self.span(i)
        if first is None:
            return start, end
        s, e = first
        while e < end and i < last:
            i += 1
            span = self.span(i)
            if span is not None:
                e = span[1]
        return min(s, start), max(e, end)
