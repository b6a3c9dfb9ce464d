"""Qualified names: "London, Ontario", "Paris, Texas", "Corbin, Ky.", "Tumen, China" — a place followed by a
comma and the subdivision or country it lies in.

The qualifier settles the place: of the candidates for the name, the best-ranked one that lies in the region
(same country, and inside the subdivision's bounding box) is chosen, whatever a bigger namesake elsewhere would
score. Both names are mentions; the qualifier is how news writes a small town ("Corbin, Ky.") that the geoparser
would otherwise leave alone, so the place is listed even when its run of capitals alone would not be.
"""

from __future__ import annotations

import re

from geo.gazetteer.longtail import AREA_KINDS
from geo.gazetteer.lookup import Candidate, Gazetteer
from geo.gazetteer.normalize import name_key
from geo.gazetteer.world import bbox_contains

__all__ = ["qualified_names"]

_UPPER = "A-ZÀ-ÖØ-Þ"
_WORD = rf"[{_UPPER}][^\W_]*+(?:[.'’-][^\W_]+)*+\.?"
# a name of up to four capitalised words right before ", " and the qualifier after it (up to four words)
# (the qualifier in a look-ahead, so that it may be the next pair's place: "Turtle Creek Cir., Gainesville, Va.")
_QUALIFIED = re.compile(rf"((?:{_WORD}[ \t]+){{0,3}}{_WORD}),[ \t]+(?=((?:{_WORD}[ \t]+){{0,3}}{_WORD}))")
_REGION_KINDS = frozenset({"country", "admin1", "admin2"})
# Degrees a subdivision's box (made from its cities' points) is grown by, for towns on its edge.
_BOX_PAD = 0.3


def qualified_names(text: str, gazetteer: Gazetteer) -> list[tuple[int, int, Candidate]]:
    """``(start, end, place)`` for each place and each qualifier of the "Place, Region" pairs in ``text``, the
    place resolved inside its region. Pairs whose place has no candidate in the region are left out."""
    if gazetteer.long_tail is None or ", " not in text:
        return []
    found = []
    for match in _QUALIFIED.finditer(text):
        region = _region(match.group(2), gazetteer)
        if region is None:
            continue
        (r_len, area, city_first) = region
        place = _place(match.group(1), area, gazetteer)
        if place is None:
            continue
        p_offset, p_len, candidate, first = place
        if city_first and first and _in_list(text, match.start(1), match.start(2) + r_len, gazetteer):
            # a list of cities, not a pair: in "Omsk, Novosibirsk, Krasnoyarsk, Irkutsk" the qualifier reads first
            # as a city (Krasnoyarsk, not its krai) and adds nothing to the place before it (Novosibirsk is its
            # own first candidate anyway, and only happens to lie in the krai's box)
            continue
        start = match.start(1) + p_offset
        found.append((start, start + p_len, candidate))
        r_start = match.start(2)
        found.append((r_start, r_start + r_len, area))
    return found


def _region(words_text: str, gazetteer: Gazetteer) -> tuple[int, Candidate, bool] | None:
    """The longest leading words of the qualifier that name a country or subdivision: (length, area, whether the
    name reads first as a city: "Krasnoyarsk", "New York", "São Paulo")."""
    words = words_text.split()
    for n in range(len(words), 0, -1):
        surface = " ".join(words[:n])
        bare = surface.rstrip(".")
        key = name_key(bare)
        if not key or (gazetteer.is_curated_key(key) and not _is_area_key(key, gazetteer)):
            continue
        candidates = gazetteer.long_tail_candidates(key)
        areas = [c for c in candidates if c.kind in _REGION_KINDS]
        if not areas:
            continue
        city_first = candidates[0].kind not in AREA_KINDS | _REGION_KINDS
        if len(key) > 3:  # a name: a period after it ends the sentence ("... in London, Ontario.")
            return _span_length(words_text, n) - (len(surface) - len(bare)), areas[0], city_first
        if bare != surface:  # an abbreviation keeps its period ("Ky.", "Pa."), and names the region
            return _span_length(words_text, n), areas[0], False
    return None


_ITEM_BEFORE = re.compile(rf"({_WORD}),[ \t]+$")
_ITEM_AFTER = re.compile(rf",[ \t]+(?!and\b|or\b){_WORD}")


def _in_list(text: str, start: int, end: int, gazetteer: Gazetteer) -> bool:
    """Whether the pair at ``[start, end)`` stands in a comma-separated list of names: another name and a comma
    right before it that is first a place but no region ("Omsk, |Novosibirsk, Krasnoyarsk|" — but not "Fla.,
    |Athens, Ga.|" or "Cemetery, |Friedensburg, Pa.|"), or a comma and a capitalised word right after it
    ("|Novosibirsk, Krasnoyarsk|, Irkutsk")."""
    before = _ITEM_BEFORE.search(text, max(0, start - 60), start)
    if before is not None:
        candidates = _candidates(name_key(before.group(1).rstrip(".")), gazetteer)
        if candidates and candidates[0].kind not in _REGION_KINDS:  # a place, first no region ("Omsk", a city)
            return True
    return _ITEM_AFTER.match(text, end) is not None


def _is_area_key(key: str, gazetteer: Gazetteer) -> bool:
    return any(c.kind in AREA_KINDS for c in gazetteer.long_tail_candidates(key))


def _place(words_text: str, area: Candidate, gazetteer: Gazetteer) -> tuple[int, int, Candidate, bool] | None:
    """The longest trailing words of the name before the comma with a candidate in ``area``:
    (offset, length, place, whether the place is the name's first candidate anyway). A name that is itself first
    a country or a state ("Texas, Georgia and Ohio") is a list, not a qualified name."""
    starts = [m.start() for m in re.finditer(r"\S+", words_text)]
    for offset in starts:
        key = name_key(words_text[offset:])
        if not key or len(key) < 3:
            continue
        candidates = _candidates(key, gazetteer)
        if candidates and candidates[0].kind in _REGION_KINDS:
            return None
        inside = [c for c in candidates if _lies_in(c, area)]
        if inside:
            return offset, len(words_text) - offset, inside[0], inside[0] is candidates[0]
    return None


def _candidates(key: str, gazetteer: Gazetteer) -> list[Candidate]:
    """Curated and long-tail candidates of a name, best first (the curated tier's first)."""
    curated = gazetteer.rank([key]) if gazetteer.is_curated_key(key) else []
    return [*curated, *gazetteer.long_tail_candidates(key)]


def _lies_in(place: Candidate, area: Candidate) -> bool:
    if place.place_id == area.place_id or place.country != area.country or place.kind in ("country", "continent"):
        return False
    if area.kind == "country":
        return True
    return bbox_contains(area.bbox, place.lat, place.lon, _BOX_PAD)


def _span_length(words_text: str, n_words: int) -> int:
    """The length in ``words_text`` of its first ``n_words`` words."""
    return [m.end() for m in re.finditer(r"\S+", words_text)][n_words - 1]
