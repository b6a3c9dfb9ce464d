"""Curated names in a text: one Aho–Corasick pass over the text's fold finds every curated name and alias.

The automaton (:meth:`geo.gazetteer.lookup.Gazetteer.automaton`) also holds the titles, the first words of the cues
that follow a name and every three single letters, so the same pass tells the geoparser which names follow a title,
where a cue may start and where a spaced dateline may start (see :func:`curated_hits`).
"""

from __future__ import annotations

import operator
import re
import weakref
from typing import TYPE_CHECKING

from geo.gazetteer.limits import MEMO_LIMIT
from geo.gazetteer.normalize import fold_char, fold_parts
from geo.gazetteer.wordlists import TITLES

if TYPE_CHECKING:  # the gazetteer builds on this module (Gazetteer.context_from_text)
    from geo.gazetteer.lookup import Gazetteer

__all__ = ["curated_hits", "curated_spans"]

#: Per gazetteer: whether a surface's capitals make it a name (it depends only on the surface and the gazetteer).
_CAPITALS: weakref.WeakKeyDictionary[Gazetteer, dict[str, bool]] = weakref.WeakKeyDictionary()


def curated_spans(text: str, gazetteer: Gazetteer) -> list[tuple[int, int, str]]:
    """Whole-word hits of curated names in ``text``: ``(start, end, key)``, longest first, not overlapping."""
    return [(start, end, key) for start, end, key, _ in curated_hits(text, gazetteer)[0]]


def curated_hits(text: str, gazetteer: Gazetteer
                  ) -> tuple[list[tuple[int, int, str, str]], set[int], list[int] | None, list[int] | None]:
    """:func:`curated_spans` with each span's surface, the starts of the hits that follow a title ("President
    |Putin", "Gen. |Kim"), where a cue after a name may start (" |station") and where a spaced dateline may
    start ("|S E O U L"); both None when the fold cannot tell, see below.

    One Aho–Corasick pass finds all four: the automaton also holds the titles, the cue words and every three
    single letters (see :meth:`Gazetteer.automaton`). Whether a name's capitals make it a name ("northeast Asia"
    yes, "moscow" no; "DPRK" only in capitals) depends only on its surface, so it is decided once per distinct
    surface.
    """
    body, non_ascii = fold_parts(text)
    folded = " " + body + " "
    hits: list[tuple[int, int, str, str]] = []
    append = hits.append
    titled: set[int] = set()
    cue_starts: list[int] = []
    spaced_starts: list[int] = []
    verdicts = _CAPITALS.get(gazetteer)
    if verdicts is None or len(verdicts) >= MEMO_LIMIT:
        verdicts = _CAPITALS[gazetteer] = {}
    title_start = title_end = -100
    shadow_end = -1
    for end_idx, (padded_len, key, abbreviation, period, flags) in gazetteer.automaton().iter(folded):
        start = end_idx - padded_len + 1
        end = end_idx - 1
        # The automaton reports the names ending at one place longest first ("North Korea", then "Korea"). After
        # a name that no other name ends inside (flag 8), the shorter ones ending with it can never be chosen
        # (_non_overlapping keeps the longer), so they are skipped here instead of being checked and sorted only
        # to be dropped.
        if key is not None and end_idx != shadow_end:
            surface = text[start:end]
            ok = verdicts.get(surface)
            if ok is None:
                ok = verdicts[surface] = _capitals_ok(text, start, end, abbreviation)
            if ok and abbreviation and key.replace(" ", "") in _ERAS and _after_number(text, start):
                ok = False  # "500 BC" is a year, although B.C. is also British Columbia
            if ok:
                if start - title_start <= 16 and _follows_title(text, start, title_start, title_end):
                    titled.add(start)
                if period and text[end:end + 1] == ".":
                    end += 1
                    surface = text[start:end]
                append((start, end, key, surface))
                if flags & 8:
                    shadow_end = end_idx
        if flags:
            if flags & 1:  # a title
                title_start, title_end = start, end
            if flags & 2 and start:  # a cue word: the white space before it is where the cue hint starts
                cue_starts.append(start - 1)
            if flags & 4:  # three single letters ("s e o"): a spaced dateline may start here
                spaced_starts.append(start)
    # A cue hint needs a non-word character after the cue word, and a spaced dateline one before and after it;
    # the fold must make it a space for the automaton to see the hit: a non-ASCII non-word character that folds
    # to a letter ("™" -> "t") would hide one, so such a text (never seen) is scanned for both instead.
    if any(fold_char(ch) != " " and not (ch.isalnum() or ch == "_") for ch in non_ascii):
        return _non_overlapping(hits), titled, None, None
    return _non_overlapping(hits), titled, cue_starts, spaced_starts


#: Era abbreviations that are also a place's ("B.C." is British Columbia): not a place right after a number.
_ERAS = frozenset({"bc", "ad", "bce", "ce"})
_NUMBER_BEFORE = re.compile(r"\d[\d,]*[ \t]*$")


def _after_number(text: str, start: int) -> bool:
    """Whether a number ends right before ``start`` ("500 |BC", "1000|BC")."""
    return _NUMBER_BEFORE.search(text, max(0, start - 12), start) is not None


def _capitals_ok(text: str, start: int, end: int, abbreviation: bool) -> bool:
    """A hit counts when it starts with a capital or a digit, or — a multi-word name with a lower-case first word
    ("northeast Asia", "far east of Russia") — has a capitalised later word; an abbreviation ("DPRK", "US")
    only in capitals."""
    first = text[start]
    if not (first.isupper() or first.isdigit()) and not any(
            text[i].isupper() and text[i - 1] in " -" for i in range(start + 1, end)):
        return False
    return not abbreviation or all(c.isupper() for c in text[start:end] if c.isalpha())


def _follows_title(text: str, start: int, title_start: int, title_end: int) -> bool:
    """Whether the word at ``start`` follows the title word at ``[title_start, title_end)`` ("President |Putin",
    "Gen. |Lizichev"): only spaces or tabs, after optional periods, lie between, and the title is a whole word
    (white space or the start of the 16-character window before it)."""
    if title_end > start or title_start < start - 16:
        return False
    gap = text[title_end:start]
    if not gap.endswith((" ", "\t")):
        return False
    rest = gap.rstrip(" \t").rstrip(".")
    if rest and not rest.isspace():
        return False
    if title_start > max(0, start - 16) and not text[title_start - 1].isspace():
        return False
    return text[title_start:title_end].lower() in TITLES


def _non_overlapping(hits: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """``(start, end, key, surface)`` hits in the automaton's order (by end) → the same tuples by start, longest
    first where they overlap. The surface rides along so that resolution need not slice the text again."""
    # By start, longest first: reversed, the hits come by end descending, and a stable sort on the start alone
    # keeps the longer of two hits with one start first. Sorting on an int key spares comparing tuples element by
    # element, and keeping the hit tuples spares building a new one per hit.
    hits.reverse()
    hits.sort(key=_first)
    chosen: list[tuple[int, int, str, str]] = []
    last_end = -1
    for hit in hits:
        start, end = hit[0], hit[1]
        if start >= last_end:
            chosen.append(hit)
            last_end = end
        elif (end - start > chosen[-1][1] - chosen[-1][0] and start > chosen[-1][0]
              and (len(chosen) < 2 or chosen[-2][1] <= start)):
            # a longer name starting inside the previous one ("Russian Far East" after "Russia")
            chosen[-1] = hit
            last_end = end
    return chosen


_first = operator.itemgetter(0)
