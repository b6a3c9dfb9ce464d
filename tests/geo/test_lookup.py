"""Gazetteer lookup on a small fixture table (plus the real GeoNames long tail where a test needs it)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.core.errors import UnknownPlaceError
from geo.gazetteer.lookup import DEFAULT_ROI, ContextPlace, DocumentContext, Gazetteer, roi_from_env

PLACES = pd.DataFrame([
    {"id": "pyongyang", "name": "Pyongyang", "aliases": "P'yŏngyang|평양", "kind": "city", "lat": 39.0339,
     "lon": 125.7543, "country": "KP", "population": 3222000, "extent_km": 0},
    {"id": "north-korea", "name": "North Korea", "aliases": "N. Korea|DPRK", "kind": "country", "lat": 39.03,
     "lon": 125.75, "country": "KP", "population": 25549819, "extent_km": 270},
    {"id": "khasan", "name": "Khasan", "aliases": "Hasan", "kind": "town", "lat": 42.4283, "lon": 130.6456,
     "country": "RU", "population": 742, "extent_km": 0},
    {"id": "tumen-jilin", "name": "Tumen", "aliases": "", "kind": "city", "lat": 42.9656, "lon": 129.842,
     "country": "CN", "population": 78719, "extent_km": 0},
    {"id": "tyumen", "name": "Tyumen", "aliases": "Tumen", "kind": "city", "lat": 57.1522, "lon": 65.5272,
     "country": "RU", "population": 768358, "extent_km": 0},
    {"id": "jilin-city", "name": "Jilin", "aliases": "", "kind": "city", "lat": 43.8465, "lon": 126.5608,
     "country": "CN", "population": 1881977, "extent_km": 0},
    {"id": "soviet-union", "name": "Soviet Union", "aliases": "USSR", "kind": "historical_state", "lat": 55.75,
     "lon": 37.61, "country": "SU", "population": 0, "extent_km": 2500},
])


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
