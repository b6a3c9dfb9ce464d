"""The geoparser: text → place mentions (span, resolved place, confidence, reason, sentence).

Recognition, four matchers over the same text:

1. **Curated names** — one Aho–Corasick pass (``pyahocorasick``) over the length-preserving fold of the text
   (:func:`geo.gazetteer.normalize.fold`) with every curated name and alias padded by spaces, so hits are whole words
   ("North Korean" never yields "North Korea") and multi-word names with lower-case inner words
   ("Komsomolsk-on-Amur", "Sea of Japan"), aliases, historical names and abbreviations come out in one pass. A
   hit counts when it starts with a capital letter (all-caps datelines included); an all-capitals alias
   ("DPRK", "US") only in capitals; a hit right after a title ("President", "Gen.") is a person's name.
2. **Spaced datelines** — "S E O U L" (single capitals separated by spaces) is looked up as "SEOUL".
3. **The GeoNames long tail** — only for runs of capitalised words that the curated tier does not cover.
   Rules (see docs/geoparser.md): inside a run, a long-tail name counts only if every other word of the run is
   an ordinary English word, a generic geographic word or another place ("Pusan University", not "Vladimir
   Putin", "Kim Jong Un" or "Sapa-AFP"); nothing after a title ("Admiral Ace Lyons"); never a single common
   English word ("Most", "Union", "Bay", "Of", "Date", "University", "Fleet"); a dictionary proper noun
   ("Kim", "Tass") only for a place of >= 100,000 people; outside the region of interest only for a place of
   >= 15,000 people; an all-capitals word only as a dateline at the start of a line.
4. **Unknown names with a cue** (:mod:`geo.gazetteer.cues`) — "the port of Kozmino", "Sedanka junction": a name no tier
   knows is still listed, unresolved (``place_id``/``lat``/``lon`` None, confidence 0.0, the cue in ``reason``),
   so users see it and the online fallback of ``atlas ingest`` can try it. A curated, spaced or long-tail span
   wins an overlap.

Resolution, two passes: every name is first ranked on its own (:meth:`Gazetteer.rank`); the unambiguous places
found become the document's context, and each ambiguous name is ranked again with them (places in the same
sentence weigh double). ``geoparse`` is the one error boundary: the stages raise, and it logs what it caught.
"""

from __future__ import annotations

import bisect
import logging
import math
import operator
import re
from itertools import chain, compress, repeat

import numpy

from geo.gazetteer.cues import after_hints_from, cue_matches
from geo.gazetteer.limits import MEMO_LIMIT
from geo.gazetteer.lookup import Candidate, ContextPlace, DocumentContext, Gazetteer
from geo.gazetteer.matching import curated_hits, curated_spans
from geo.gazetteer.normalize import name_key
from geo.gazetteer.wordlists import common_words, proper_nouns
from geo.gazetteer.world import bbox_contains
from geo.geoparse.facilities import facility_spans, locate_facilities, placed_fields
from geo.geoparse.memo import memo_of
from geo.geoparse.qualified import qualified_names
from geo.geoparse.runs import long_tail_spans
from geo.geoparse.sentences import SentenceIndex

__all__ = ["MENTION_KEYS", "Mention", "curated_spans", "geoparse", "passage_bounds"]

logger = logging.getLogger("geo.geoparse")

MENTION_KEYS = ("surface", "start", "end", "place_id", "name", "lat", "lon", "country", "kind", "confidence",
                "passage", "reason", "bbox")

#: The longest passage (characters) a mention carries: its sentence, or a window of the sentence around it.
PASSAGE_MAX = 300
_SPACED = re.compile(r"[A-Z](?<![\w ][A-Z])(?: [A-Z]){2,}(?![\w])")
_SPACED_HINT = re.compile(r" [A-Z] [A-Z]")
#: The words that make "<place> County" a local government area named after the place, not the place.
_LOCAL_AREA_AFTER = re.compile(r"[ \t]+(?:County|Township|Parish|Borough)\b")
_APOSTROPHE = "’'ʼ"
#: The confidence of a place named with its region ("Paris, Texas"): the qualifier leaves little doubt.
_QUALIFIED_CONFIDENCE = 0.9
#: The areas that make a document's scope for small places outside the region of interest.
_SCOPE_KINDS = frozenset({"admin1", "admin2", "county"})
#: A long-tail place or area that, ranked on its own, leads its namesakes by this much ("Texas", "Paris"; not
#: "Florida", which is also a department of Uruguay) or has none ("Chiefland") anchors the ranking of the others;
#: a scope for small places is every subdivision within this much of the best candidate of a name.
_SCOPE_MARGIN = 0.5
#: A country whose box is smaller than this (km²) scopes a document as a state does.
_SMALL_COUNTRY_KM2 = 1_000_000
#: A long-tail name whose first candidate leads the next by this much anchors the document's context: a city some
#: 75 times the size of its next namesake ("Atlanta", 510,000 people, against Atlanta, Texas, 5,600), so that it
#: vouches for its state ("Georgia" the US state in a text from Atlanta) and its neighbours.
_ANCHOR_MARGIN = 0.4


def _part(part: int, index: int, doc: str) -> property:
    """A read-only :class:`Mention` field stored at ``mention[part][index]``."""
    return property(lambda mention: mention[part][index], doc=doc)


class Mention(tuple):
    """One place name found in a text; ``text[start:end] == surface``; ``place_id`` None if unresolved.

    Immutable, with attribute access (``surface, start, end, place_id, name, lat, lon, country, kind,
    confidence, reason, bbox, passage, passage_start, passage_end``) and :meth:`to_dict`. Stored compactly as the
    tuple ``(surface, start, end, resolved, passage)``: ``resolved`` (place_id ... bbox) is shared by every mention
    of the same name with the same sentence context, ``passage`` (passage, passage_start, passage_end) by the
    mentions of one sentence. Building a mention is then one ``tuple.__new__`` of five slots, with no Python
    frame, where a 15-field named tuple or a frozen dataclass runs Python code per mention to fill every field.
    Two mentions are equal when all their fields are.
    """

    __slots__ = ()

    surface = property(operator.itemgetter(0), doc="the name as written")
    start = property(operator.itemgetter(1), doc="offset of the name in the text")
    end = property(operator.itemgetter(2), doc="offset just past the name")

    place_id = _part(3, 0, "the resolved place's id (None if unresolved)")
    name = _part(3, 1, "the resolved place's name")
    lat = _part(3, 2, "latitude of the resolved place")
    lon = _part(3, 3, "longitude of the resolved place")
    country = _part(3, 4, "country code of the resolved place")
    kind = _part(3, 5, "kind of the resolved place (city, country, station...)")
    confidence = _part(3, 6, "confidence of the resolution, 0.0 if unresolved")
    reason = _part(3, 7, "why this place (or why none)")
    bbox = _part(3, 8, "bounding box (south, west, north, east) of an area (country, state...); None for a point")
    passage = _part(4, 0, "the sentence around the name (at most PASSAGE_MAX characters of it)")
    passage_start = _part(4, 1, "offset of the passage in the text")
    passage_end = _part(4, 2, "offset just past the passage")

    def to_dict(self) -> dict:
        """The CLI/JSON form: surface, start, end, place_id, name, lat, lon, country, kind, confidence, passage,
        reason, bbox (a list, or None)."""
        surface, start, end, (place_id, name, lat, lon, country, kind, confidence, reason, bbox), passage = self
        return {"surface": surface, "start": start, "end": end, "place_id": place_id, "name": name, "lat": lat,
                "lon": lon, "country": country, "kind": kind, "confidence": confidence, "passage": passage[0],
                "reason": reason, "bbox": list(bbox) if bbox else None}

    def __repr__(self) -> str:
        fields = {**self.to_dict(), "passage_start": self.passage_start, "passage_end": self.passage_end}
        return f"Mention({', '.join(f'{key}={value!r}' for key, value in fields.items())})"


# -- recognition ------------------------------------------------------------------------------------------------


def _spaced_spans(text: str, gazetteer: Gazetteer, starts: list[int] | None = None) -> list[tuple[int, int, str]]:
    """Spaced datelines ("S E O U L") that a tier knows. ``starts``: where the curated pass saw three single
    letters (" s e o ", the only places one can start, found without a scan of its own); None scans."""
    # Every spaced dateline "S E O U L" holds " E O" right after its first letter. A pattern that starts with a
    # literal space lets the regex engine skip through the text in C, where _SPACED over the whole text would be
    # tried at every capital letter; _SPACED then checks each of the few hits. A dateline's first letter is never
    # preceded by a space, so no earlier hint can overlap the one right after it.
    if starts is None:
        starts = [hint.start() - 1 for hint in _SPACED_HINT.finditer(text)]
    spans = []
    last_end = -1
    for start in starts:
        if start < last_end or start < 0:
            continue
        match = _SPACED.match(text, start)
        if match is None:
            continue
        last_end = match.end()
        key = match.group().replace(" ", "").lower()
        if gazetteer.is_curated_key(key) or (gazetteer.long_tail is not None and key in gazetteer.long_tail):
            spans.append((match.start(), match.end(), key))
    return spans


class _Taken:
    """The spans kept so far: the curated ones (sorted, not overlapping; searched by bisection) and the few the
    later matchers added, so that each later matcher does not re-sort all the spans."""

    def __init__(self, base: list[tuple[int, int, str, str]]):
        self.base = base
        self.extra: list[tuple[int, int, str | None, str]] = []

    def free(self, spans):
        """The ``spans`` that overlap no kept span (the kept spans' neighbours by start are checked)."""
        extra = sorted(self.extra, key=_span_order)
        extra_starts = list(map(_first, extra))
        base, find = self.base, bisect.bisect_right
        n_base, n_extra = len(base), len(extra)
        out = []
        for span in spans:
            start, end = span[0], span[1]
            # the neighbours i - 1 and i, written out instead of a generator per span; bisect by key on the
            # base itself (one query per later span) instead of first listing the starts and ends of all its spans
            i = find(base, start, key=_first)
            if (i and base[i - 1][0] < end and start < base[i - 1][1]) or (
                    i < n_base and base[i][0] < end and start < base[i][1]):
                continue
            j = find(extra_starts, start)
            if (j and extra[j - 1][0] < end and start < extra[j - 1][1]) or (
                    j < n_extra and extra[j][0] < end and start < extra[j][1]):
                continue
            out.append(span)
        return out


# -- resolution -------------------------------------------------------------------------------------------------


def geoparse(text: str, gazetteer: Gazetteer, *, strict: bool = False) -> list[Mention]:
    """All place mentions in ``text``, in text order (pure, deterministic).

    This is the geoparser's one error boundary: the stages below raise, and here an unexpected error is logged
    (logger ``geo.geoparse``, with the traceback) and the text gets no mentions, so one odd article cannot take a
    dashboard or a batch down. ``strict=True`` lets the error propagate instead: what is written to disk (the
    mention caches of ``atlas ingest`` and ``atlas reindex``) must never record "no places" for a text the
    geoparser failed on.
    """
    if not isinstance(text, str) or not text or text.isspace():  # (text.strip() would copy the text)
        return []
    if strict:
        return _geoparse(text, gazetteer)
    try:
        return _geoparse(text, gazetteer)
    except Exception:  # the boundary: logged, never silent
        logger.exception("geoparse failed on a text of %d characters starting %r; it gets no mentions",
                         len(text), text[:60])
        return []


def _geoparse(text: str, gazetteer: Gazetteer) -> list[Mention]:
    curated, titled, cue_starts, spaced_starts = curated_hits(text, gazetteer)
    spans = [s for s in curated if s[0] not in titled] if titled else curated
    if " County" in text or " Township" in text or " Parish" in text or " Borough" in text:
        # "Washington County", "Washington Township": a county named after the place is another place (the long
        # tail knows the US counties by their whole name)
        spans = [s for s in spans if not _LOCAL_AREA_AFTER.match(text, s[1])]
    spaced = _spaced_spans(text, gazetteer, spaced_starts)
    if spaced:  # a spaced dateline outranks the shorter names inside it: "P E I P I N G" (Peiping) is no "P.E.I."
        spans = [s for s in spans
                 if not any(start <= s[0] and s[1] <= end and end - start > s[1] - s[0] for start, end, _ in spaced)]
    taken = _Taken(spans)
    taken.extra += [(start, end, key, text[start:end]) for start, end, key in taken.free(spaced)]
    rules = memo_of(gazetteer).rules
    scoped = []
    for start, end, key in taken.free(long_tail_spans(text, rules)):
        if rules.is_scoped(key):
            scoped.append((start, end, key, text[start:end]))
        else:
            taken.extra.append((start, end, key, text[start:end]))
    in_scope: dict[int, tuple] = {}
    if scoped:
        kept = _in_scope(scoped, taken.base + taken.extra, gazetteer)
        taken.extra += [span for span, _ in kept]
        # a small place kept by the scope is the one inside the scope ("Red Oak" in a text that names Montgomery
        # County, Iowa: not Red Oak, Texas), settled like a place named with its region, so it anchors the others
        in_scope = {span[0]: (*_fields(place)[:7], f"{place.reason}; in an area the text names", place.bbox)
                    for span, place in kept}
    unknown: dict[int, str] = {}
    for start, end, reason in taken.free(_cue_spans(text, cue_starts)):
        taken.extra.append((start, end, None, text[start:end]))
        unknown[start] = reason
    facilities = taken.free(facility_spans(text))
    for start, end, reason in facilities:
        taken.extra.append((start, end, None, text[start:end]))
        unknown[start] = reason
    spans = taken.base + taken.extra
    pinned = _pin_qualified(text, gazetteer, spans)
    if in_scope:
        starts = {span[0] for span in spans}
        pinned = {**{start: fields for start, fields in in_scope.items() if start in starts}, **pinned}
    try:
        spans.sort()  # nearly sorted already; (start, end) never repeats, so keys (str or None) are not compared
    except TypeError:
        spans.sort(key=_span_order)
    mentions = _resolve(text, spans, gazetteer, SentenceIndex(text), unknown, pinned)
    return locate_facilities(text, mentions, _placed) if facilities else mentions


def _placed(mention: Mention, anchor: Mention) -> Mention:
    """``mention`` (a street or facility) placed at ``anchor``'s place."""
    return tuple.__new__(Mention, (mention[0], mention[1], mention[2], placed_fields(anchor), mention[4]))


def _in_scope(scoped: list, spans: list, gazetteer: Gazetteer) -> list:
    """The ``scoped`` spans (small places outside the region of interest) that lie in a state, province or county
    or a country of a state's size (:func:`_small`) that ``spans`` name without doubt: "Chiefland" counts in an
    article that names Florida, "Kilcock" in one that names Ireland. Each as ``(span, place)``: the best-ranked
    candidate that lies in one of those areas."""
    areas = []
    ranked_of = memo_of(gazetteer).ranked
    for key in {span[2] for span in spans if span[2] is not None}:
        ranked = ranked_of.get(key)
        if ranked is None:
            ranked = tuple(gazetteer.rank([key]))
        # every subdivision the name may be ("Florida": the US state or the Uruguayan department) among the
        # near-best candidates: a small place must lie in one of them
        areas += [c for c in ranked if (c.kind in _SCOPE_KINDS or (c.kind == "country" and _small(c.bbox)))
                  and c.score >= ranked[0].score - _SCOPE_MARGIN]
    if not areas:
        return []
    kept = []
    for span in scoped:
        place = next((place for place in gazetteer.long_tail_candidates(span[2]) if any(
            place.country == area.country and bbox_contains(area.bbox, place.lat, place.lon, 0.2)
            for area in areas)), None)
        if place is not None:
            kept.append((span, place))
    return kept


def _small(bbox) -> bool:
    """Whether a country's box is small enough to scope a document like a state (Ireland, Greece, Britain: less
    than about a million km²; not the United States or France)."""
    if bbox is None:
        return False
    south, west, north, east = bbox
    width = (east - west) % 360
    return (north - south) * width * 12_321 * math.cos(math.radians((north + south) / 2)) < _SMALL_COUNTRY_KM2


def _pin_qualified(text: str, gazetteer: Gazetteer, spans: list) -> dict[int, tuple]:
    """The "Place, Region" pairs of ``text`` (:mod:`geo.geoparse.qualified`): each replaces the spans it overlaps
    in ``spans`` (in place); returns their resolved fields by start."""
    pairs = qualified_names(text, gazetteer)
    if not pairs:
        return {}
    pinned = {}
    for start, end, place in pairs:
        spans[:] = [s for s in spans if s[1] <= start or s[0] >= end]
        spans.append((start, end, name_key(text[start:end]) or text[start:end], text[start:end]))
        pinned[start] = (*_fields(place)[:6], _QUALIFIED_CONFIDENCE, f"{place.reason}; named with its region",
                         place.bbox)
    return pinned


def _span_order(span: tuple[int, int, str | None]) -> tuple[int, int]:
    return span[0], span[1]


def _is_ordinary_word(word: str) -> bool:
    """Whether a lower-case word is an English word ("the", "russian") or a dictionary proper noun ("kim")."""
    return word in common_words() or word in proper_nouns()


def _cue_spans(text: str, cue_starts: list[int] | None = None) -> list[tuple[int, int, str]]:
    """Names the gazetteer may not know that cue words mark as places ("Razdolnoye station"), with the reason
    an unresolved mention gives; the longest of overlapping cue spans wins. ``cue_starts``: where the curated
    pass saw a cue word that may follow a name (None: scan the text for them)."""
    hints = None if cue_starts is None else after_hints_from(text, cue_starts)
    spans = [(start, end, f"looks like a place (cue: {cue!r}); not in the gazetteer")
             for start, end, cue in cue_matches(text, _is_ordinary_word, hints)]
    spans.sort(key=lambda span: (span[0], span[0] - span[1]))
    chosen: list[tuple[int, int, str]] = []
    for span in spans:
        if not chosen or span[0] >= chosen[-1][1]:
            chosen.append(span)
    return chosen


def _resolve(text: str, spans: list[tuple[int, int, str | None, str]], gazetteer: Gazetteer,
             sentences: SentenceIndex, unknown: dict[int, str], pinned: dict[int, tuple] | None = None
             ) -> list[Mention]:
    """Mentions for ``spans`` (sorted ``(start, end, key, surface)``); a span whose key is None is a name no
    gazetteer knows (its reason in ``unknown``, by start); ``pinned``: the resolved fields of the spans already
    settled (by start: "London, Ontario").

    Column at a time: every per-span step below is a ``map`` of a C function (dict lookup, ``tuple.__new__``) or a
    numpy operation, so no Python bytecode runs per mention except for the few that need a decision (an
    ambiguous name, an unknown name, a passage that must be cut), as a loop over the spans would.
    """
    if not spans:
        return []
    starts, ends, keys, surfaces = zip(*spans, strict=True)
    n = len(spans)
    # Sentence "numbers" are bisect_right results: sentence j is bounds[j - 1]:bounds[j]. The spans are sorted, so
    # the numbers never decrease. One vectorised search (numpy) instead of a bisect call per span.
    bounds = sentences.bounds
    bound_array = numpy.fromiter(bounds, numpy.int64, len(bounds))
    numbers = numpy.searchsorted(bound_array, numpy.fromiter(starts, numpy.int64, n), side="right")
    where = numbers.tolist()
    # Pass 1 → context: the places a name resolves to without doubt (one curated candidate). A name's ranking on
    # its own depends only on the name, so the memo keeps it (and what follows from it) from text to text.
    memo = memo_of(gazetteer)
    if len(memo.ranked) >= MEMO_LIMIT:
        memo.forget_names()
    # this call's view of the memo: forget_names() in another thread replaces the dicts, never empties these
    ranked_of, anchor_of, fields_of = memo.ranked, memo.anchor, memo.fields
    for key in dict.fromkeys(keys):
        if key is not None and key not in ranked_of:
            ranked = tuple(gazetteer.rank([key]))
            if (len(ranked) == 1 and ranked[0].tier == "curated") or (ranked and ranked[0].tier != "curated" and (
                    len(ranked) == 1 or ranked[0].score - ranked[1].score >= _ANCHOR_MARGIN)):
                anchor_of[key] = ranked[0].place_id  # the document's scope: its places, states and countries
            if len(ranked) <= 1:
                fields_of[key] = _fields(ranked[0] if ranked else None)
            ranked_of[key] = ranked
    pids = list(map(anchor_of.get, keys))  # the anchor place of each span, or None
    if pinned:  # a place named with its region ("Corbin, Ky.") is settled: it anchors the others too
        for i, start in enumerate(starts):
            if start in pinned:
                pids[i] = pinned[start][0]
    anchors: dict[str, ContextPlace] = {}
    for pid in dict.fromkeys(pids):  # in order of first mention
        if pid is not None:
            point = gazetteer.context_place(pid)
            if point is not None:
                anchors[pid] = point
    doc_context = DocumentContext(gazetteer, anchors.values())
    # The world's areas scope only the names after them ("already named"): "Paris" before "Ohio" is not scoped
    # by Ohio. (The curated tier's regions keep scoping the whole text, as the domain's articles were tuned to.)
    scope_first: dict[str, int] = {}
    for pid, start in zip(pids, starts, strict=True):
        if pid is not None and pid not in scope_first and anchors.get(pid) is not None and anchors[pid].areal \
                and not gazetteer.is_curated_place(pid) and not pid.startswith("fips:"):
            scope_first[pid] = start
    # The resolved fields of a mention depend only on its name and, for an ambiguous name, on the anchors of
    # its sentence: decide each (name, anchors) once and reuse the fields for every repeat.
    fields = list(map(fields_of.get, keys))
    second: dict[tuple[str, frozenset[str], frozenset[str]], tuple] = {}
    near_of: dict[int, frozenset[str]] = {}
    for i in compress(range(n), map(operator.is_, fields, repeat(None))):
        key = keys[i]
        if key is None:
            fields[i] = (None, None, None, None, None, None, 0.0, unknown.get(starts[i], "not in the gazetteer"), None)
            continue
        # pass 2: an ambiguous name, ranked again with the document's places (its sentence's count double)
        sentence_no = where[i]
        near = near_of.get(sentence_no)
        if near is None:
            lo, hi = bisect.bisect_left(where, sentence_no), bisect.bisect_right(where, sentence_no)
            near = near_of[sentence_no] = frozenset(filter(None, pids[lo:hi]))
        later = frozenset(pid for pid, first in scope_first.items() if first > starts[i]) if scope_first \
            else frozenset()
        own = anchor_of.get(key)
        if own is not None:  # a name's own first choice does not vote for its namesakes (the oblast by the city)
            later |= {own}
        cache_key = (key, near, later)
        found = second.get(cache_key)
        if found is None:
            ranked = doc_context.rank([key], near, later) or ranked_of[key]
            found = second[cache_key] = _fields(ranked[0])
        fields[i] = found
    if len(second) > 1:
        _one_sense(keys, fields, second)
    if pinned:
        for i, start in enumerate(starts):
            if start in pinned:
                fields[i] = pinned[start]
    # Passages: each sentence holding a name, trimmed once (str.strip in C).
    # The sentences holding spans, a column at a time: numpy for the offsets, C maps for the strings, not a
    # Python loop step per sentence.
    lasts = numpy.append(numpy.flatnonzero(numbers[1:] != numbers[:-1]), n - 1)  # each sentence's last span
    sentence_nos = numbers[lasts]
    lows, highs = bound_array[sentence_nos - 1], bound_array[sentence_nos]
    pieces = list(map(text.__getitem__, map(slice, lows.tolist(), highs.tolist())))
    bodies = list(map(str.strip, pieces))
    sizes = numpy.fromiter(map(len, bodies), numpy.int64, len(bodies))
    p_lows = highs - numpy.fromiter(map(len, map(str.lstrip, pieces)), numpy.int64, len(pieces))
    p_highs = p_lows + sizes
    counts = numpy.diff(lasts, prepend=-1)
    passages = list(chain.from_iterable(map(repeat, zip(bodies, p_lows.tolist(), p_highs.tolist(), strict=True),
                                            counts.tolist())))
    # Spans are sorted and disjoint and never start or end on white space, so only the last span of a
    # sentence can cross its end (one numpy comparison per sentence instead of two per span); every span of
    # a blank (never seen) or too long sentence is cut.
    ends_array = numpy.fromiter(ends, numpy.int64, n)
    odd = lasts[ends_array[lasts] > p_highs].tolist()
    for k in numpy.flatnonzero((sizes == 0) | (sizes > PASSAGE_MAX)).tolist():
        odd.extend(range(int(lasts[k]) - int(counts[k]) + 1, int(lasts[k]) + 1))
    if len(odd) > 1:
        odd = sorted(set(odd))
    blank_first: dict[int, tuple[int, int]] = {}
    for i in odd:
        start, end = starts[i], ends[i]
        _, p_start, p_end = passages[i]
        if p_start == p_end:  # a blank sentence (never seen): the passage of its first name is the name
            p_start, p_end = blank_first.setdefault(where[i], (start, end))
        if not p_start <= start < end <= p_end:  # a name across a sentence break
            p_start, p_end = sentences.around(start, end)
        if p_end - p_start > PASSAGE_MAX:
            p_start, p_end = _window(text, start, end, p_start, p_end)
        passages[i] = (text[p_start:p_end], p_start, p_end)
    # zip reuses its row tuple, so each mention allocates only itself (see Mention)
    rows = zip(surfaces, starts, ends, fields, passages, strict=True)
    return list(map(_new_mention, repeat(Mention, n), rows))


def passage_bounds(text: str, start: int, end: int, sentences: SentenceIndex | None = None) -> tuple[int, int]:
    """``(start, end)`` of the passage the geoparser gives a name at ``[start, end)``: its sentence, at most
    :data:`PASSAGE_MAX` characters of it (for a name a person adds in review, say)."""
    p_start, p_end = (sentences or SentenceIndex(text)).around(start, end)
    if p_end - p_start > PASSAGE_MAX:
        p_start, p_end = _window(text, start, end, p_start, p_end)
    return p_start, p_end


def _window(text: str, start: int, end: int, p_start: int, p_end: int) -> tuple[int, int]:
    """At most :data:`PASSAGE_MAX` characters of the sentence ``[p_start, p_end)`` around the mention
    ``[start, end)``, cut at white space where one is near. Without the cap a one-sentence list of 10,000
    names gave every mention the whole list: ~950 MB of ``atlas geoparse --json`` for a 95 KB file."""
    room = max(0, PASSAGE_MAX - (end - start))
    w_start = max(p_start, start - room // 2)
    w_end = min(p_end, w_start + (end - start) + room)
    w_start = max(p_start, min(w_start, w_end - (end - start) - room))
    if w_start > p_start:  # begin after a space rather than inside a word
        space = text.find(" ", w_start, min(start, w_start + 40))
        if space != -1:
            w_start = space + 1
    if w_end < p_end:  # end before a space rather than inside a word
        space = text.rfind(" ", max(end, w_end - 40), w_end)
        if space != -1:
            w_end = space
    return w_start, w_end


def _one_sense(keys: tuple, fields: list, second: dict) -> None:
    """One sense per document: an ambiguous name that its sentences resolved to different places takes, in every
    sentence, the place it was resolved to with the most confidence (where its context was clearest). ``second``
    holds the pass-2 resolutions, by ``(key, sentence anchors, later areas)``."""
    best: dict[str, tuple] = {}
    for (key, _, _), found in second.items():
        if found[0] is not None and (key not in best or found[6] > best[key][6]):
            best[key] = found
    for i, key in enumerate(keys):
        chosen = best.get(key)
        if chosen is not None and fields[i][0] != chosen[0]:
            fields[i] = chosen


def _fields(best: Candidate | None) -> tuple:
    """The resolved fields of a mention: place_id, name, lat, lon, country, kind, confidence, reason, bbox."""
    if best is None:
        return (None, None, None, None, None, None, 0.0, "no candidate", None)
    return (best.place_id, best.name, best.lat, best.lon, best.country, best.kind, best.confidence, best.reason,
            best.bbox)


#: ``_new_mention(Mention, values)``: a Mention from its 5-tuple without a Python frame (see :func:`_resolve`).
_new_mention = tuple.__new__
_first = operator.itemgetter(0)
