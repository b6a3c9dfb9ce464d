"""Gazetteer lookup on a small fixture table (plus the real GeoNames long tail where a test needs it)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.core.errors import UnknownPlaceError
from geo.gazetteer.lookup import (
    DEFAULT_ROI,
    ContextPlace,
    DocumentContext,
    Gazetteer,
    PlaceRecord,
    haversine_km,
    roi_from_env,
)
from tests.support.places import PLACES


@pytest.fixture(scope="module")
def curated_only():
    return Gazetteer(PLACES, long_tail=False)


@pytest.mark.parametrize("written", ["Pyongyang", "PYONGYANG", "P'yŏngyang", "P’yŏngyang", "Pyongyang's",
                                     "pyongyang"])
def test_spellings_resolve_to_the_curated_place(curated_only, written):
    assert curated_only.resolve(written).place_id == "pyongyang"


@pytest.mark.parametrize(("name", "expected"), [("DPRK", "north-korea"), ("N. Korea", "north-korea"),
                                                ("USSR", "soviet-union"), ("Hasan", "khasan")])
def test_aliases_and_abbreviations(curated_only, name, expected):
    assert curated_only.resolve(name).place_id == expected


def test_candidate_carries_confidence_reason_and_tier(curated_only):
    best = curated_only.resolve("Khasan")
    assert best.tier == "curated"
    assert 0 < best.confidence <= 1
    assert "curated town" in best.reason
    assert "region prior" in best.reason


def test_context_picks_the_homonym_near_the_other_places(curated_only):
    ranked = curated_only.candidates("Tumen", context="The train went from Jilin to Tumen in China.")
    assert ranked[0].place_id == "tumen-jilin"
    assert "nearby" in ranked[0].reason


def test_unknown_names_and_ids(curated_only):
    assert curated_only.resolve("Atlantis") is None
    with pytest.raises(UnknownPlaceError):
        curated_only.place("atlantis")


def test_roi_is_configurable_by_environment(monkeypatch):
    monkeypatch.setenv("ATLAS_ROI", "ru, kp")
    assert roi_from_env() == ("RU", "KP")
    monkeypatch.delenv("ATLAS_ROI")
    assert roi_from_env() == DEFAULT_ROI
    assert Gazetteer(PLACES, roi=("US",), long_tail=False).roi == ("US",)


def test_curated_tier_wins_over_the_long_tail():
    gazetteer = Gazetteer(PLACES)
    best = gazetteer.resolve("Khasan")  # GeoNames has "Khasan" as an alternate name of Hassan, India
    assert best.place_id == "khasan"


def test_long_tail_answers_names_not_curated_with_population_and_region_prior():
    gazetteer = Gazetteer(PLACES)
    best = gazetteer.resolve("Vladimir")
    assert best.tier == "geonames"
    assert best.country == "RU"
    assert best.place_id.startswith("geonames:")
    assert gazetteer.place(best.place_id).name == best.name


@settings(max_examples=60, deadline=None)
@given(key=st.sampled_from(["Tumen", "Tyumen", "Jilin", "Khasan", "Pyongyang", "DPRK", "Nowhere"]),
       context_ids=st.lists(st.sampled_from(list(PLACES["id"])), unique=True),
       near_ids=st.sets(st.sampled_from(list(PLACES["id"]))))
def test_document_context_ranks_as_the_weighted_context(key, context_ids, near_ids):
    """A document's context ranks names exactly as ``rank`` with the same sentence's places weighted 2.0: same
    candidates, order, scores, confidences and reasons (it only caches the distances)."""
    gazetteer = Gazetteer(PLACES, long_tail=False)
    context = [gazetteer.context_place(pid) for pid in context_ids]
    weighted = [ContextPlace(p.place_id, p.lat, p.lon, p.country, p.areal, 2.0) if p.place_id in near_ids else p
                for p in context]
    document = DocumentContext(gazetteer, context)
    expected = gazetteer.rank(gazetteer.keys_of(key), weighted)
    assert document.rank(gazetteer.keys_of(key), frozenset(near_ids)) == expected
    assert document.rank(gazetteer.keys_of(key), frozenset(near_ids)) == expected  # cached pool: same answer
    assert document.rank(gazetteer.keys_of(key)) == gazetteer.rank(gazetteer.keys_of(key), context)


# -- scores, confidences and reasons, with their numbers ------------------------------------------------------------


@pytest.fixture(scope="module")
def with_long_tail():
    return Gazetteer(PLACES)


def test_a_name_two_curated_places_share_lists_both(curated_only):
    """"Tumen" is Tumen (Jilin) by name and Tyumen by alias: both are candidates, whichever id sorts first."""
    assert {c.place_id for c in curated_only.candidates("Tumen")} == {"tumen-jilin", "tyumen"}


def test_only_unambiguous_curated_names_are_context(curated_only):
    """Context for scoring is what the text names without doubt: "Jilin", not "Tumen" (two places)."""
    assert [p.place_id for p in curated_only.context_from_text("Trains ran from Tumen to Jilin.")] == ["jilin-city"]


@pytest.mark.parametrize("name", ["Springfield's", "Harbin's"])
def test_a_long_tail_name_in_the_possessive_resolves(with_long_tail, name):
    assert with_long_tail.keys_of(name)[-1] == name[:-2].lower()
    assert with_long_tail.resolve(name).name == name[:-2]


def _confidences(candidates):
    """Each candidate's share of exp(score / 0.5) among the candidates, times 0.97 for a curated place, 0.85 for a
    GeoNames place in the region of interest and 0.68 (0.85 × 0.8) outside it, to three decimals."""
    top = candidates[0].score
    total = sum(math.exp((c.score - top) / 0.5) for c in candidates)
    return [round(math.exp((c.score - top) / 0.5) / total
                  * (0.97 if c.tier == "curated" else 0.85 if c.country in DEFAULT_ROI else 0.68), 3)
            for c in candidates]


@pytest.mark.parametrize("name", ["Khasan", "Tumen", "Georgievka", "Pervomaysk", "Springfield"])
def test_confidence_is_the_candidates_share_of_the_score_weighted_by_tier_and_region(with_long_tail, name):
    candidates = with_long_tail.rank(with_long_tail.keys_of(name))
    assert [c.confidence for c in candidates] == _confidences(candidates)
    assert {c.tier for c in candidates} == ({"curated"} if name in ("Khasan", "Tumen") else {"geonames"})


def test_the_region_prior_puts_the_russian_georgievka_first(with_long_tail):
    """Georgievka: GeoNames places in Russia (the region of interest) and in Kazakhstan and Ukraine."""
    candidates = with_long_tail.rank(["georgievka"])
    assert {c.country for c in candidates} >= {"RU", "KZ"}
    assert candidates[0].country == "RU"


def _record(kind: str, population: int = 0, country: str = "FR") -> PlaceRecord:
    return PlaceRecord("x", "X", 48.0, 2.0, country, kind, population, "geonames")


def test_a_continent_ranks_as_a_country_above_the_cities_of_its_name_under_a_million(with_long_tail):
    assert with_long_tail.prior(_record("continent", country=""), True)[1] == \
        with_long_tail.prior(_record("country", country=""), True)[1]
    assert with_long_tail.prior(_record("continent", country=""), True)[1] > \
        with_long_tail.prior(_record("city", 999_999, country=""), True)[1]
    assert [c.kind for c in with_long_tail.rank(["africa"])][:1] == ["continent"]


@pytest.mark.parametrize("population", [1, 9, 10_000])
def test_a_place_of_few_people_scores_by_its_population(with_long_tail, population):
    """1.5 × log10(population + 1) / 7 (a place of one person is scored too; its log is of 2)."""
    empty = with_long_tail.prior(_record("city", 0), True)[1]
    score, reasons = with_long_tail.prior(_record("city", population), True)[1:]
    assert score - empty == pytest.approx(1.5 * math.log10(population + 1) / 7)
    assert f"population {population:,}" in reasons


@pytest.mark.parametrize(("near", "within", "reason"), [
    (0, 0, "GeoNames city"),
    (1, 1, "GeoNames city; 1 nearby place in text; in 1 region named in text"),
    (2, 3, "GeoNames city; 2 nearby places in text; in 3 regions named in text"),
])
def test_the_reason_counts_nearby_places_and_regions(curated_only, near, within, reason):
    (candidate,) = curated_only.ranked([(_record("city"), 1.0, ["GeoNames city"], (0.5, near, within))])
    assert candidate.reason == reason


def test_nearby_places_and_regions_are_counted_apart(curated_only):
    """Tumen (Jilin) with two places near it and China named: 2 nearby places, 1 region."""
    context = [ContextPlace("a", 43.0, 129.9, "CN", False), ContextPlace("b", 42.9, 129.8, "CN", False),
               ContextPlace("china", 35.0, 103.0, "CN", True)]
    best = DocumentContext(curated_only, context).rank(["tumen"])[0]
    assert best.place_id == "tumen-jilin"
    assert best.reason.endswith("; 2 nearby places in text; in 1 region named in text")


@pytest.mark.parametrize(("km", "unit"), [(299.5, 0.5), (300.5, 0.2), (999.5, 0.2), (1000.5, None)])
def test_a_context_place_counts_by_its_distance(curated_only, km, unit):
    """0.5 within 300 km, 0.2 within 1,000 km, nothing further (on the equator 1° of longitude is 111.19 km)."""
    lon = km / (6371.0 * math.pi / 180)
    assert haversine_km(0.0, 0.0, 0.0, lon) == pytest.approx(km)
    units = curated_only.context_units(PlaceRecord("x", "X", 0.0, lon, "FR", "city", 0, "geonames"),
                                       [ContextPlace("c", 0.0, 0.0, "FR", False)])
    assert [u for _, u in units] == ([] if unit is None else [unit])


def test_two_places_of_one_name_both_keep_it_as_their_own():
    """Two curated places named "St. Paul" (a name with two written forms, "St. Paul" and "St Paul"): the second
    place's forms leave the first's own name its own."""
    rows = [{"id": f"st-paul-{country.lower()}", "name": "St. Paul", "aliases": "", "kind": "city", "lat": lat,
             "lon": lon, "country": country, "population": 1000, "extent_km": 0}
            for country, lat, lon in (("US", 44.95, -93.09), ("CA", 53.99, -111.29))]
    gazetteer = Gazetteer(pd.DataFrame(rows), long_tail=False)
    assert [(place.place_id, own) for place, own in gazetteer.pool(["st paul"])] == [
        ("st-paul-us", True), ("st-paul-ca", True)]


@pytest.mark.parametrize(("population", "read"), [("12000", 12000), ("12000.0", 12000), ("", 0), ("unknown", 0),
                                                  (None, 0)])
def test_a_population_cell_that_is_no_number_counts_as_unknown(population, read):
    """A table not checked by the loader (a raw CSV): a population that is no number is 0, unknown."""
    row = {"id": "x", "name": "Xanadu", "aliases": "", "kind": "city", "lat": 42.0, "lon": 116.0, "country": "CN",
           "population": population, "extent_km": 0}
    assert Gazetteer(pd.DataFrame([row]), long_tail=False).resolve("Xanadu").population == read


@pytest.mark.parametrize(("population", "penalised"), [(99_999, False), (100_000, True)])
def test_a_subdivision_named_like_a_city_of_100000_inside_it_ranks_below_it(curated_only, population, penalised):
    """"Vladimir" the oblast and Vladimir the city: from 100,000 people the city is what news mean."""
    oblast = PlaceRecord("o", "Vladimir", 56.0, 40.6, "RU", "admin1", 0, "geonames", (55.0, 38.0, 57.0, 43.0))
    city = PlaceRecord("c", "Vladimir", 56.13, 40.4, "RU", "city", population, "geonames")
    (_, alone, _), _ = curated_only.priors([(oblast, True), (_record("city", 5, "FR"), True)])
    (_, score, reasons), _ = curated_only.priors([(oblast, True), (city, True)])
    assert (score < alone, "named like its city" in reasons) == (penalised, penalised)
    assert score == pytest.approx(alone - 0.6 if penalised else alone)  # the penalty is 0.6, about 6x population


def test_a_place_record_cannot_change_once_made(curated_only):
    """Records are shared by every text the gazetteer reads (its pools and memos keep them): they are frozen."""
    import dataclasses

    record = PlaceRecord("c", "Vladimir", 56.13, 40.4, "RU", "city", 1, "geonames")
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.lat = 0.0  # type: ignore[misc]
    assert hash(record) == hash(PlaceRecord("c", "Vladimir", 56.13, 40.4, "RU", "city", 1, "geonames"))


@pytest.mark.parametrize(("own", "population", "penalised"), [
    (True, 100_000, True),  # "Québec", the city's own name
    (False, 999_999, False),  # "Oklahoma", an alternate name of Oklahoma City (681,000): the state is meant
    (False, 1_000_000, True),  # "New York", an alternate name of New York City (8.8 million): the city is meant
])
def test_a_city_that_only_has_the_subdivisions_name_as_another_name_must_be_a_world_city(curated_only, own,
                                                                                          population, penalised):
    state = PlaceRecord("s", "Oklahoma", 35.5, -97.4, "US", "admin1", 0, "geonames", (33.6, -103.0, 37.0, -94.4))
    city = PlaceRecord("c", "Oklahoma City", 35.47, -97.52, "US", "city", population, "geonames")
    (_, _, reasons), _ = curated_only.priors([(state, True), (city, own)])
    assert ("named like its city" in reasons) is penalised


@pytest.mark.parametrize(("text", "kind"), [("Storms hit Oklahoma on Monday.", "admin1"),
                                             ("Talks were held in New York on Monday.", "city")])
def test_a_state_and_its_citys_other_name(with_long_tail, text, kind):
    from geo.geoparse import geoparse

    [mention] = geoparse(text, with_long_tail)
    assert mention.kind == kind


@pytest.mark.parametrize(("extent_km", "areal"), [(299, False), (300, True)])
def test_a_curated_place_300_km_across_is_context_as_an_area(extent_km, areal):
    row = {"id": "amur-oblast", "name": "Amur", "aliases": "", "kind": "city", "lat": 51.0, "lon": 128.0,
           "country": "RU", "population": 0, "extent_km": extent_km}
    assert Gazetteer(pd.DataFrame([row]), long_tail=False).context_place("amur-oblast").areal is areal


def test_the_memory_of_context_places_stays_under_its_limit():
    """Context places are remembered per gazetteer for the next text, up to MEMO_LIMIT (then forgotten)."""
    import geo.gazetteer.lookup

    gazetteer = Gazetteer(PLACES, long_tail=False)
    for i in range(geo.gazetteer.lookup.MEMO_LIMIT + 5):
        assert gazetteer.context_place(f"nowhere-{i}") is None
    assert 0 < len(gazetteer._context_places) <= geo.gazetteer.lookup.MEMO_LIMIT
    assert gazetteer.context_place("khasan").place_id == "khasan"


def test_a_town_named_like_a_country_keeps_the_places_near_it(with_long_tail):
    """"Mexico" among the countries: Mexico, Missouri still counts a place named near it (Columbia, 40 km), though
    a named country alone would not vouch for it."""
    near = [ContextPlace("columbia-mo", 38.95, -92.33, "US", False)]
    ranked = DocumentContext(with_long_tail, near).rank(["mexico"])
    (missouri,) = [c for c in ranked if c.country == "US" and c.kind == "city" and c.population > 10_000]
    assert missouri.reason.endswith("; 1 nearby place in text")
    named_us = [ContextPlace("us", 39.8, -98.6, "US", True)]
    (alone,) = [c for c in DocumentContext(with_long_tail, named_us).rank(["mexico"])
                if c.place_id == missouri.place_id]
    assert "in text" not in alone.reason


def test_a_county_that_holds_a_place_the_text_names_counts_as_a_place_inside_its_state(curated_only):
    """A county 500 km across (its point 400 km from the named town) that holds the town gets the bonus of a
    place inside a named state (0.4 + 0.3), not the 0.2 of the distance."""
    county = PlaceRecord("c", "Suffolk", 41.0, -72.0, "US", "county", 0, "geonames", (39.0, -76.0, 42.0, -71.0))
    town = ContextPlace("town", 39.5, -75.5, "US", False)
    assert [unit for _, unit in curated_only.context_units(county, [town])] == [pytest.approx(0.7)]
    outside = ContextPlace("far", 38.0, -75.5, "US", False)
    assert [unit for _, unit in curated_only.context_units(county, [outside])] == [0.2]


@pytest.mark.parametrize(("extent_km", "read"), [("120", 120.0), ("", 0.0), ("wide", 0.0)])
def test_an_extent_cell_that_is_no_number_counts_as_none(extent_km, read):
    row = {"id": "x", "name": "Xanadu", "aliases": "", "kind": "city", "lat": 42.0, "lon": 116.0, "country": "CN",
           "population": 0, "extent_km": extent_km}
    assert Gazetteer(pd.DataFrame([row]), long_tail=False).extent_km("x") == read


def test_a_named_state_vouches_0_7_for_its_towns_and_0_4_for_its_countrys_other_areas(curated_only):
    """A state the text names: +0.4 + 0.3 for a town inside its box, +0.4 for another area of its country, nothing
    for a town of the country outside it."""
    state = ContextPlace("ohio", 40.2, -82.7, "US", True, 1.0, (38.4, -84.8, 41.98, -80.5))
    inside = PlaceRecord("t", "Athens", 39.33, -82.1, "US", "city", 23_000, "geonames")
    outside = PlaceRecord("u", "Athens", 33.96, -83.38, "US", "city", 127_000, "geonames")
    other_state = PlaceRecord("g", "Georgia", 32.3, -83.1, "US", "admin1", 0, "geonames", (30.4, -85.6, 35.0, -80.8))
    assert [unit for _, unit in curated_only.context_units(inside, [state])] == [pytest.approx(0.7)]
    assert curated_only.context_units(outside, [state]) == []
    assert [unit for _, unit in curated_only.context_units(other_state, [state])] == [pytest.approx(0.4)]


def test_a_name_gives_five_candidates_unless_asked_for_more(with_long_tail):
    assert len(with_long_tail.candidates("Springfield")) == 5
    assert len(with_long_tail.candidates("Springfield", limit=8)) == 8
