"""Gazetteer lookup: a place name → ranked candidate places, each with a confidence and a readable reason.

Two tiers. The curated gazetteer (``data/places.csv`` + ``data/rail_stations.csv``, names and ``|`` aliases,
including historical names and abbreviations) always wins: the GeoNames long tail (:mod:`geo.gazetteer.longtail`)
is asked only for names the curated tier does not know. Names are compared by
:func:`geo.gazetteer.normalize.name_key`, so case, diacritics, apostrophes (' ’ ʼ), hyphens, spaces and a possessive
"'s" do not matter.

Scoring (higher is better; the components are named in ``Candidate.reason``):

===========================  ================================================================================
curated tier                 +3.0 — a curated place beats any long-tail place
region prior                 +0.5 when the place's country is in the region of interest (``roi``)
population                   +1.5 × log10(population + 1) / 7 (capped at 1.5): Moscow RU before Moscow, Idaho;
                             +0.6 more for a long-tail city of a million people or more
name                         +0.3 (curated) or +0.6 (long tail) when the name is the place's own name
                             rather than an alternate name
context                      places already resolved in the same text: +0.5 per place within 300 km,
                             +0.2 per place within 1,000 km, +0.4 per country/region the candidate lies in,
                             +0.7 per named state or county it lies in (capped at +2.0); weights ×2 for places
                             in the same sentence
===========================  ================================================================================

``confidence`` is the winner's softmax share of the candidates' scores (temperature 0.5), times 0.97 for the
curated tier and 0.85 for the long tail (times 0.8 more outside the region of interest).

Region of interest: ``DEFAULT_ROI`` (Russia, North Korea, South Korea, China, Mongolia, Japan), or the
comma-separated ISO codes in the environment variable ``ATLAS_ROI`` (``ATLAS_ROI="RU,KP"``), or ``roi=`` given
explicitly (which beats the environment). The Soviet Union (``SU``) counts as in the region when Russia is.
"""

from __future__ import annotations

import itertools
import math
import re
import string
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import pandas as pd

from geo.core.errors import UnknownPlaceError
from geo.core.settings import DEFAULT_ROI, settings
from geo.gazetteer.limits import MEMO_LIMIT
from geo.gazetteer.longtail import AREA_KINDS, GeoNamesRecord, LongTail, default_long_tail
from geo.gazetteer.matching import curated_spans
from geo.gazetteer.normalize import is_abbreviation, key_variants, name_key
from geo.gazetteer.world import AreaRecord, BBox, bbox_contains

if TYPE_CHECKING:  # for annotations only
    from geo.dataset import Dataset

__all__ = ["AREAL_KINDS", "DEFAULT_ROI", "Candidate", "ContextPlace", "DocumentContext", "Gazetteer", "PlaceRecord",
           "haversine_km", "roi_from_env", "surname_keys"]

AREAL_KINDS = frozenset({"country", "historical_state", "region", "water", "island"}) | AREA_KINDS
# An area of the world tier has no population to rank it by: it ranks as a city of this score would
# (1.2 ≈ a city of 1 million people), so that a state outranks its small namesakes and a big city its state;
# a country (1.7) outranks any city of its name under a million people (a world city gets 0.6 more).
_AREA_PRIOR = {"continent": 1.7, "country": 1.7, "region": 1.7, "admin1": 1.2, "admin2": 0.9, "county": 0.7}
# The extra bonus for lying inside a subdivision (state, province, county) the text names, on top of the
# country's _IN_COUNTRY.
_WITHIN_AREA = 0.3
# The bonus for lying in a country the text names (an area of the world tier, or a curated country).
_IN_COUNTRY = 0.4
_SUBDIVISIONS = frozenset({"admin1", "admin2", "county"})
# A city of a million people or more is what its bare name means, unless the text says otherwise more than once:
# "Paris" in a text that also names Ohio is still Paris, France, not the village of 700 people in Ohio.
_WORLD_CITY = 1_000_000
_WORLD_CITY_BONUS = 0.6
_NAMESAKE_CITY = 100_000
_NAMESAKE_PENALTY = 0.6

_CURATED_BONUS = 3.0
_ROI_BONUS = 0.5
_NAME_BONUS = 0.3
# In the long tail an alternate name is weak evidence: GeoNames lists names in every language and old spellings
# ("Illinois" is an alternate name of a village called Riverside).
_OWN_NAME_BONUS = 0.6
_AREA_LABEL = {"country": "country", "continent": "continent", "admin1": "state/province (first-level subdivision)",
               "admin2": "second-level subdivision", "county": "US county"}
_CONTEXT_CAP = 2.0
_MISSING = object()


@dataclass(frozen=True)
class Candidate:
    """One place a name may refer to, scored for that name (and context)."""

    place_id: str  # curated id, or "geonames:<id>" for the long tail
    name: str
    lat: float
    lon: float
    country: str
    kind: str
    population: int
    score: float
    confidence: float
    reason: str
    tier: Literal["curated", "geonames", "online"]
    bbox: BBox | None = None  # (south, west, north, east) of an area; None for a point

    def to_dict(self) -> dict:
        """Plain-JSON form."""
        return {"id": self.place_id, "name": self.name, "lat": self.lat, "lon": self.lon,
                "country": self.country, "kind": self.kind, "population": self.population,
                "score": round(self.score, 4), "confidence": self.confidence, "reason": self.reason,
                "tier": self.tier, "bbox": list(self.bbox) if self.bbox else None}


@dataclass(frozen=True, slots=True)
class ContextPlace:
    """A place already resolved in the text, used to score the other names of the same text."""

    place_id: str
    lat: float
    lon: float
    country: str
    areal: bool
    weight: float = 1.0
    bbox: BBox | None = None  # a subdivision's box: places inside it get _WITHIN_AREA more


@dataclass(frozen=True, slots=True)
class PlaceRecord:
    """A place a name may refer to, before it is scored: a curated row or a GeoNames record."""

    place_id: str
    name: str
    lat: float
    lon: float
    country: str
    kind: str
    population: int
    tier: str
    bbox: BBox | None = None


def roi_from_env() -> tuple[str, ...]:
    """The region of interest from ``ATLAS_ROI`` ("RU,KP,CN"; ``none`` gives ``()``, no region prior), else
    ``DEFAULT_ROI``; an invalid setting raises :class:`~geo.core.errors.SettingsError` (:mod:`geo.core.settings`)."""
    return settings().roi


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (mean Earth radius 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


class Gazetteer:
    """The two-tier gazetteer. Build once per dataset and reuse: the matcher's automaton is cached on it."""

    def __init__(self, places: pd.DataFrame, *, roi: Sequence[str] | None = None, long_tail: bool = True,
                 long_tail_index: LongTail | None = None, people: Iterable[str] = ()):
        #: The name keys of the surnames of the dataset's people (:func:`surname_keys`): never a long-tail place.
        self.person_keys = surname_keys(people)
        self.roi: tuple[str, ...] = tuple(c.upper() for c in roi) if roi is not None else roi_from_env()
        self._roi_set = set(self.roi) | ({"SU"} if "RU" in self.roi else set())
        self.long_tail = long_tail_index if long_tail_index is not None else (
            default_long_tail() if long_tail else None)
        self._places: dict[str, PlaceRecord] = {}
        self._extent: dict[str, float] = {}
        self._area_ids: dict[str, str] = {}  # curated area → the world tier's id of the same area (its box)
        self._by_key: dict[str, list[tuple[str, bool]]] = {}  # key → [(place_id, is_own_name)]
        self._variants: dict[str, tuple[str, bool, bool]] = {}  # text form → (key, abbreviation, ends with ".")
        self._lock = threading.Lock()
        self._automaton = None
        self._context_places: dict[str, ContextPlace | None] = {}
        self._nearness: dict[tuple[float, float, float, float], float] = {}  # two points → bonus per unit weight
        for row in places.to_dict("records"):
            self._add_curated(row)

    @classmethod
    def from_dataset(cls, dataset: Dataset, *, roi: Sequence[str] | None = None, long_tail: bool = True) -> Gazetteer:
        """The gazetteer of a loaded :class:`geo.dataset.Dataset`: its ``places`` table, and the leaders of its
        events as people."""
        people = [name for leaders in dataset.events["leaders"] for name in leaders]
        return cls(dataset.places, roi=roi, long_tail=long_tail, people=people)

    # -- building -------------------------------------------------------------------------------------------

    def _add_curated(self, row: dict) -> None:
        place_id = str(row["id"])
        place = PlaceRecord(place_id, str(row["name"]), float(row["lat"]), float(row["lon"]),
                       _text(row.get("country")), _text(row.get("kind")) or "city",
                       _int(row.get("population")), "curated")
        self._places[place_id] = place
        self._extent[place_id] = _float(row.get("extent_km"))
        if place.kind in AREAL_KINDS and _int(row.get("geonames_id")):
            self._area_ids[place_id] = f"geonames:{_int(row.get('geonames_id'))}"
        raw = row.get("aliases")
        # load_dataset() gives list cells as tuples/lists; a raw CSV table has the "|"-joined string
        items = list(raw) if isinstance(raw, list | tuple) else _text(raw).split("|")
        aliases = [str(a).strip() for a in items if str(a).strip()]
        for alias in [place.name, *aliases]:
            own = alias == place.name
            abbreviation = is_abbreviation(alias)
            for form in key_variants(alias):
                key = " ".join(form.split())
                entries = self._by_key.setdefault(key, [])
                if all(pid != place_id for pid, _ in entries):
                    entries.append((place_id, own))
                elif own:
                    entries[:] = [(pid, o or pid == place_id) for pid, o in entries]
                old = self._variants.get(form)
                ends_period = alias.endswith(".")
                if old is None:
                    self._variants[form] = (key, abbreviation, ends_period)
                else:  # the same form from several aliases: capitals required only if every alias is an abbreviation
                    self._variants[form] = (key, old[1] and abbreviation, old[2] or ends_period)

    def automaton(self):
        """The Aho–Corasick automaton over the curated names' text forms (built once, then cached).

        Keys are padded with a space on both sides and matched against the padded :func:`geo.gazetteer.normalize.fold`
        of a text, so every hit is a whole-word hit ("North Korean" never yields "North Korea"). A value is
        ``(padded length, key, abbreviation, ends with ".", flags)``; the titles of
        :data:`geo.gazetteer.wordlists.TITLES` (flag 1) ride along (``key`` None unless the title is also a place
        name) so that the geoparser learns which names follow "President" or "Gen." in the same pass, and so do the
        first words of the cues that follow a name (flag 2, :data:`geo.gazetteer.cues.AFTER_CUE_WORDS`: "station",
        "port") and
        every three single letters (flag 4, " s e o ": where a spaced dateline "S E O U L" can start; 17,576
        entries, which cost the pass ~3% and save a whole-text scan). Flag 8 marks a name that no other name ends
        inside: the shorter names ending where it ends can be skipped (see :func:`geo.gazetteer.matching.curated_hits`).
        """
        if self._automaton is None:
            with self._lock:
                if self._automaton is None:
                    import ahocorasick

                    from geo.gazetteer.cues import AFTER_CUE_WORDS
                    from geo.gazetteer.wordlists import TITLES

                    letters = {" ".join(three) for three in itertools.product(string.ascii_lowercase, repeat=3)}
                    # the last words of every name ("korea" and "north korea" of "democratic north korea")
                    endings = {" ".join(words[i:]) for form in self._variants if form
                               for words in [form.split(" ")] for i in range(1, len(words))}

                    def shadows(form: str) -> bool:
                        """No name ends inside ``form`` (no name's last words are ``form``'s first words): then a
                        shorter name ending where ``form`` ends can never win an overlap against it."""
                        words = form.split(" ")
                        return not any(" ".join(words[:i]) in endings for i in range(1, len(words)))

                    def flags(form: str) -> int:
                        return ((form in TITLES) | (form in AFTER_CUE_WORDS) << 1 | (form in letters) << 2
                                | (form in self._variants and shadows(form)) << 3)

                    auto = ahocorasick.Automaton()
                    for form, (key, abbreviation, ends_period) in self._variants.items():
                        if form:
                            padded = f" {form} "
                            auto.add_word(padded, (len(padded), key, abbreviation, ends_period, flags(form)))
                    if self.long_tail is not None:  # the world's abbreviations and names with lower-case words
                        for name in self.long_tail.area_names():
                            abbreviation = is_abbreviation(name)
                            # every form looks the name up by its own key: "NC" (a form of "N.C.") has no entry
                            # of its own, so it used to stay unresolved
                            key = name_key(name)
                            for form in key_variants(name):
                                if form and form not in self._variants:
                                    padded = f" {form} "
                                    auto.add_word(padded, (len(padded), key, abbreviation, name.endswith("."), 0))
                    for word in TITLES | AFTER_CUE_WORDS | letters:
                        if word not in self._variants:
                            padded = f" {word} "
                            # a world area's form may be three letters too ("u a e" of "U.A.E."): keep its key
                            value = auto.get(padded, None)
                            auto.add_word(padded, (len(padded), None, False, False, flags(word)) if value is None
                                          else (*value[:4], value[4] | flags(word)))
                    auto.make_automaton()
                    self._automaton = auto
        return self._automaton

    # -- queries ------------------------------------------------------------------------------------------

    def in_region(self, country: str) -> bool:
        """Whether a country counts as inside the region of interest; every country does when the region prior is
        off (``ATLAS_ROI=none``): no bonus for any, and no place is held back as being outside."""
        return not self._roi_set or country in self._roi_set

    def is_curated_place(self, place_id: str) -> bool:
        """Whether a place id belongs to the curated tier."""
        return place_id in self._places

    def is_curated_key(self, key: str) -> bool:
        """Whether a name key belongs to the curated tier."""
        return key in self._by_key

    def extent_km(self, place_id: str) -> float:
        """The radius a curated place's point stands for (0 for points and for long-tail cities)."""
        return self._extent.get(place_id, 0.0)

    def candidates(self, name: str, *, context: str | None = None, limit: int = 5) -> list[Candidate]:
        """Ranked candidates for ``name`` (best first), scored with the places named in ``context``."""
        points = self.context_from_text(context) if context else ()
        return self.rank(self.keys_of(name), points)[:limit]

    def resolve(self, name: str, *, context: str | None = None) -> Candidate | None:
        """The best candidate for ``name``, or None when no tier knows it."""
        found = self.candidates(name, context=context, limit=1)
        return found[0] if found else None

    def place(self, place_id: str) -> Candidate:
        """The place with this id (curated id or ``geonames:<id>``); raises UnknownPlaceError."""
        if place_id in self._places:
            return self._candidate(self._places[place_id], 0.0, 1.0, "curated place")
        rec = self.long_tail.by_id(place_id) if self.long_tail is not None else None
        if rec is not None:
            return self._candidate(_from_record(rec), 0.0, 1.0, f"GeoNames {rec.kind}"
                                   if rec.kind == "city" else f"{rec.kind}; point from {rec.source}")
        raise UnknownPlaceError(f"unknown place id {place_id!r} — see data/places.csv, or use geonames:<id>")

    def keys_of(self, name: str) -> list[str]:
        """The lookup keys to try for a name: as written, and without apostrophes / a possessive."""
        key = name_key(name)
        keys = [key, name_key(name.replace("'", "").replace("’", "").replace("ʼ", ""))]
        if key.endswith(" s"):  # "Pyongyang's"
            keys.append(key[:-2])
        return [k for k in dict.fromkeys(keys) if k]

    def rank(self, keys: Iterable[str], context: Sequence[ContextPlace] = ()) -> list[Candidate]:
        """Candidates for the first key any tier knows, scored and sorted (the curated tier wins)."""
        pool = self.pool(keys)
        return self._score(pool, context) if pool else []

    def pool(self, keys: Iterable[str]) -> list[tuple[PlaceRecord, bool]]:
        """The candidate places of the first key any tier knows (curated keys first), as ``(place, whether the key is
        the place's own name)``; [] when no tier knows any key. Scored by :meth:`prior` and :meth:`context_units`,
        ranked by :meth:`ranked`."""
        keys = list(keys)
        for key in keys:
            if key in self._by_key:
                return [(self._places[pid], own) for pid, own in self._by_key[key]]
        if self.long_tail is not None:
            for key in keys:
                records = self.long_tail.lookup(key)
                if records:
                    return [(_from_record(r), name_key(r.name) == key) for r in records]
        return []

    def long_tail_candidates(self, key: str, context: Sequence[ContextPlace] = ()) -> list[Candidate]:
        """Scored long-tail candidates for a key (empty without a long tail)."""
        if self.long_tail is None:
            return []
        pool = [(_from_record(r), name_key(r.name) == key) for r in self.long_tail.lookup(key)]
        return self._score(pool, context) if pool else []

    def context_from_text(self, text: str) -> list[ContextPlace]:
        """Context places of a text: the unambiguous curated places named in it."""
        points: dict[str, ContextPlace] = {}
        for _start, _end, key in curated_spans(text, self):
            entries = self._by_key.get(key, ())
            if len(entries) == 1:
                point = self.context_place(entries[0][0])
                if point is not None:
                    points.setdefault(point.place_id, point)
        return list(points.values())

    def context_place(self, place_id: str, weight: float = 1.0) -> ContextPlace | None:
        """A resolved place as context for scoring others."""
        if weight == 1.0:  # the geoparser's case, remembered (ContextPlace is immutable)
            found = self._context_places.get(place_id, _MISSING)
            if found is _MISSING:
                if len(self._context_places) >= MEMO_LIMIT:
                    self._context_places.clear()
                found = self._context_places[place_id] = self._context_place(place_id, 1.0)
            return found
        return self._context_place(place_id, weight)

    def _context_place(self, place_id: str, weight: float) -> ContextPlace | None:
        place = self._places.get(place_id)
        if place is None:
            rec = self.long_tail.by_id(place_id) if self.long_tail is not None else None
            if rec is None:
                return None
            areal = rec.kind in AREA_KINDS
            return ContextPlace(place_id, rec.lat, rec.lon, rec.country, areal, weight,
                                rec.bbox if areal and rec.kind not in ("country", "continent") else None)
        areal = place.kind in AREAL_KINDS or self._extent.get(place_id, 0.0) >= 300
        return ContextPlace(place_id, place.lat, place.lon, place.country, areal, weight)

    # -- scoring ------------------------------------------------------------------------------------------

    def _score(self, pool: list[tuple[PlaceRecord, bool]], context: Sequence[ContextPlace]) -> list[Candidate]:
        return self.ranked([(*prior, self._context_bonus(prior[0], context)) for prior in self.priors(pool)])

    def priors(self, pool: list[tuple[PlaceRecord, bool]]) -> list[tuple[PlaceRecord, float, list[str]]]:
        """:meth:`prior` of each place of a pool. A subdivision named like a city of >= 100,000 people inside it
        ("Vladimir", the oblast and its capital) ranks below the city: news write "Vladimir region" for the one
        and "Vladimir" for the other. When the name is only an alternate name of the city, the city must have a
        million people: "New York" is the city, "Oklahoma" the state (Oklahoma City, 681,000)."""
        priors = [self.prior(place, own) for place, own in pool]
        if len(priors) > 1 and any(p.kind in _SUBDIVISIONS and p.tier != "curated" for p, _, _ in priors):
            cities = [p for (p, _, _), (_, own) in zip(priors, pool, strict=True)
                      if p.kind == "city" and p.population >= (_NAMESAKE_CITY if own else _WORLD_CITY)]
            for i, (place, score, parts) in enumerate(priors):
                if place.kind in _SUBDIVISIONS and any(
                        c.country == place.country and bbox_contains(place.bbox, c.lat, c.lon) for c in cities):
                    priors[i] = (place, score - _NAMESAKE_PENALTY, [*parts, "named like its city"])
        return priors

    def prior(self, place: PlaceRecord, own: bool) -> tuple[PlaceRecord, float, list[str]]:
        """A candidate's score without context, and the reasons for it."""
        score, parts = 0.0, []
        if place.tier == "curated":
            score += _CURATED_BONUS
            parts.append(f"curated {place.kind.replace('_', ' ')}")
        elif place.kind in _AREA_LABEL:
            parts.append(_AREA_LABEL[place.kind])
        else:
            parts.append(f"GeoNames {place.kind}")
        if place.country in self._roi_set:
            score += _ROI_BONUS
            parts.append("region prior")
        if place.kind in _AREA_PRIOR and place.tier != "curated":
            score += _AREA_PRIOR[place.kind]
        elif place.population > 0:
            score += min(1.5, 1.5 * math.log10(place.population + 1) / 7)
            if place.tier != "curated":
                parts.append(f"population {place.population:,}")
                if place.population >= _WORLD_CITY:
                    score += _WORLD_CITY_BONUS
        if own:
            score += _NAME_BONUS if place.tier == "curated" else _OWN_NAME_BONUS
        else:
            parts.append("alternate name")
        return place, score, parts

    def ranked(self, priors: list[tuple[PlaceRecord, float, list[str], tuple[float, int, int]]]
               ) -> list[Candidate]:
        """Candidates from ``(place, prior score, reasons, (context bonus, nearby places, regions))``, best first."""
        scored = []
        for place, score, parts, (bonus, near, within) in priors:
            if bonus:
                score += bonus
                parts = [*parts]
                if near:
                    parts.append(f"{near} nearby place{'s' if near != 1 else ''} in text")
                if within:
                    parts.append(f"in {within} region{'s' if within != 1 else ''} named in text")
            scored.append((score, place, "; ".join(parts)))
        scored.sort(key=lambda item: (-item[0], item[1].place_id))
        top = scored[0][0]
        total = sum(math.exp((s - top) / 0.5) for s, _, _ in scored)
        out = []
        for score, place, reason in scored:
            share = math.exp((score - top) / 0.5) / total
            factor = 0.97 if place.tier == "curated" else 0.85 * (1.0 if self.in_region(place.country) else 0.8)
            out.append(self._candidate(place, score, round(share * factor, 3), reason))
        return out

    def _context_bonus(self, place: PlaceRecord, context: Sequence[ContextPlace]) -> tuple[float, int, int]:
        units = self.context_units(place, context)
        bonus = 0.0
        for ctx, unit in units:
            bonus += unit * ctx.weight
        return (min(bonus, _CONTEXT_CAP), *_near_and_within(units))

    def context_units(self, place: PlaceRecord,
                      context: Sequence[ContextPlace]) -> list[tuple[ContextPlace, float]]:
        """The context places that add to ``place``'s score, in context order, with their bonus per unit weight:
        0.4 for a country/region it lies in (0.7 for a state or county), 0.5 within 300 km, 0.2 within 1,000 km."""
        units = []
        near = self._nearness
        if len(near) >= MEMO_LIMIT:
            near.clear()
        for ctx in context:
            if ctx.place_id == place.place_id:
                continue
            if ctx.areal:
                if ctx.country and ctx.country == place.country:
                    # A named country (or a curated region, which has no box) vouches for all its places; a
                    # named state or province for the places inside it and for the other areas of its country
                    # ("Georgia" among US states), not for every town of the country ("Brazil", Indiana).
                    if ctx.bbox is None or place.kind in AREAL_KINDS:
                        units.append((ctx, _IN_COUNTRY))
                    elif bbox_contains(ctx.bbox, place.lat, place.lon, 0.2):
                        units.append((ctx, _IN_COUNTRY + _WITHIN_AREA))
                continue
            # the same pairs of points come back article after article ("Frankfurt" near "Moscow")
            points = (place.lat, place.lon, ctx.lat, ctx.lon)
            unit = near.get(points)
            if unit is None:
                dist = haversine_km(*points)
                unit = near[points] = 0.5 if dist <= 300 else 0.2 if dist <= 1000 else 0.0
            if place.bbox is not None and unit < _IN_COUNTRY + _WITHIN_AREA and place.kind in _SUBDIVISIONS \
                    and bbox_contains(place.bbox, ctx.lat, ctx.lon):
                # a state or county that holds a place the text names, as a place inside a named state: of the
                # Suffolk Counties, the one that holds Southold
                unit = _IN_COUNTRY + _WITHIN_AREA
            if unit:
                units.append((ctx, unit))
        return units

    def _candidate(self, place: PlaceRecord, score: float, confidence: float, reason: str) -> Candidate:
        return Candidate(place.place_id, place.name, place.lat, place.lon, place.country, place.kind,
                         place.population, score, confidence, reason, place.tier,  # type: ignore[arg-type]
                         place.bbox or self._curated_box(place))

    def _curated_box(self, place: PlaceRecord) -> BBox | None:
        """A curated area's box: the one of the same GeoNames area in the world tier ("Russia" is curated for its
        names and point, the world tier knows its extent), when the curated point lies in it; None without a long
        tail."""
        area_id = self._area_ids.get(place.place_id)
        if area_id is None or self.long_tail is None:
            return None
        rec = self.long_tail.by_id(area_id)
        box = getattr(rec, "bbox", None)
        return box if box is not None and bbox_contains(box, place.lat, place.lon) else None


class DocumentContext:
    """One document's context places, for ranking its ambiguous names again and again (once per sentence
    context, see :mod:`geo.geoparse`).

    ``rank(keys, near)`` equals ``gazetteer.rank(keys, context)`` with the places in ``near`` weighted 2.0, but
    each candidate's distances to the context places are computed once per document instead of once per
    ranking: a name ranked again for each of its sentences would otherwise compute the same great-circle distances
    to every context place each time (the gazetteer also remembers the pairs, see :meth:`Gazetteer.context_units`).
    """

    def __init__(self, gazetteer: Gazetteer, places: Sequence[ContextPlace]):
        self._gazetteer = gazetteer
        self.places = list(places)
        self._pools: dict[tuple[str, ...], list[tuple[PlaceRecord, float, list[str], list, int, int]]] = {}

    def rank(self, keys: Iterable[str], near: frozenset[str] = frozenset(),
             later: frozenset[str] = frozenset()) -> list[Candidate]:
        """Candidates for the first key any tier knows, scored with the document's places (those in ``near``,
        the same sentence's, weighing 2.0; those in ``later``, areas the text names only further on, not at
        all), best first."""
        keys = tuple(keys)
        pool = self._pools.get(keys)
        if pool is None:
            pool = self._pools[keys] = self._pool(keys)
        if not pool:
            return []
        priors = []
        for place, score, parts, units, n_near, n_within in pool:
            if later:
                units = [(ctx, unit) for ctx, unit in units if ctx.place_id not in later]
                n_near, n_within = _near_and_within(units)
            bonus = 0.0
            for ctx, unit in units:
                bonus += unit * (2.0 if ctx.place_id in near else ctx.weight)
            priors.append((place, score, parts, (min(bonus, _CONTEXT_CAP), n_near, n_within)))
        return self._gazetteer.ranked(priors)

    def _pool(self, keys: tuple[str, ...]) -> list[tuple[PlaceRecord, float, list[str], list, int, int]]:
        gazetteer = self._gazetteer
        pool = gazetteer.pool(keys)
        priors = list(gazetteer.priors(pool))
        country_named = any(place.kind == "country" for place, _, _ in priors)
        out = []
        for prior in priors:
            place, score, parts = prior
            units = gazetteer.context_units(place, self.places)
            if country_named and place.kind not in AREAL_KINDS:
                # a town named like a country ("Mexico", Missouri) needs its state, its county or a place near
                # it in the text; the country alone ("the U.S.") vouches for the country of that name instead
                units = [(ctx, unit) for ctx, unit in units if not (ctx.areal and ctx.bbox is None)]
            out.append((place, score, parts, units, *_near_and_within(units)))
        return out


#: A person's name as the events table writes its leaders: two to four capitalised words ("Joseph Stalin", "Kim
#: Il-sung"); descriptions ("Soviet Navy warships (commander not reported)") are no names.
_PERSON_NAME = re.compile(r"[A-Z][^\W\d_]*(?:[’'-][^\W\d_]+)*(?: [A-Z][^\W\d_]*(?:[’'-][^\W\d_]+)*){1,3}")


def surname_keys(people: Iterable[str]) -> frozenset[str]:
    """The name keys of the last words of the people's names: "stalin" of "Joseph Stalin", "jong un" of "Kim
    Jong-un". The long tail knows some as places' names — "Stalin" was Varna's from 1949 to 1956 — but in a text
    about these people they are the people."""
    names = (" ".join(name.split()) for name in people)
    return frozenset(name_key(name.rsplit(" ", 1)[-1]) for name in names if _PERSON_NAME.fullmatch(name))


def _near_and_within(units: list[tuple[ContextPlace, float]]) -> tuple[int, int]:
    """How many of a candidate's context units are nearby places, and how many regions it lies in."""
    within = sum(1 for ctx, _ in units if ctx.areal)
    return len(units) - within, within


def _from_record(rec: GeoNamesRecord | AreaRecord) -> PlaceRecord:
    return PlaceRecord(rec.place_id, rec.name, rec.lat, rec.lon, rec.country, rec.kind, rec.population, "geonames",
                       rec.bbox)


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value)


def _int(value) -> int:
    try:
        return int(float(value)) if _text(value) else 0
    except (TypeError, ValueError):
        return 0


def _float(value) -> float:
    try:
        return float(value) if _text(value) else 0.0
    except (TypeError, ValueError):
        return 0.0
