"""``AtlasGeocoder``: the gazetteer behind geopy's Geocoder interface, and its online fallback."""

from __future__ import annotations

from functools import cache

import pytest
from geopy.distance import geodesic
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geo.dataset import load_dataset
from geo.online.geocache import GeoCache
from geo.online.geocoder import AtlasGeocoder, OnlineFallback, user_agent
from tests.support.nominatim_stub import NominatimStub

RAW_KEYS = {"id", "name", "kind", "country", "confidence", "reason", "tier", "score", "candidates"}


@cache
def gazetteer():
    from geo.gazetteer.lookup import Gazetteer

    return Gazetteer.from_dataset(load_dataset())


@pytest.fixture
def atlas_geocoder() -> AtlasGeocoder:
    return AtlasGeocoder(gazetteer())


def test_is_a_geopy_geocoder(atlas_geocoder):
    assert isinstance(atlas_geocoder, Geocoder)


@pytest.mark.parametrize(("query", "place_id"), [
    ("Khasan", "khasan"), ("Pyongyang", "pyongyang"), ("Sverdlovsk", "yekaterinburg"), ("Peking", "beijing"),
])
def test_geocode_returns_location_with_raw(atlas_geocoder, query, place_id):
    location = atlas_geocoder.geocode(query)
    assert isinstance(location, Location)
    assert set(location.raw) >= RAW_KEYS
    assert location.raw["id"] == place_id
    assert location.raw["tier"]
    assert location.raw["candidates"][0]["id"] == place_id


def test_exactly_one_false_lists_candidates_best_first(atlas_geocoder):
    locations = atlas_geocoder.geocode("Khasan", exactly_one=False)
    assert isinstance(locations, list)
    assert 1 <= len(locations) <= 5
    assert locations[0].raw["id"] == "khasan"
    scores = [loc.raw["score"] for loc in locations]
    assert scores == sorted(scores, reverse=True)


def test_composes_with_geopy_distance_and_rate_limiter(atlas_geocoder):
    geocode = RateLimiter(atlas_geocoder.geocode, min_delay_seconds=0)
    khasan, vladivostok = geocode("Khasan"), geocode("Vladivostok")
    assert 100 < geodesic(khasan.point, vladivostok.point).km < 200


def test_unknown_name_is_none_without_fallback(atlas_geocoder):
    assert atlas_geocoder.geocode("Xyzzyqwertgrad") is None


def test_reverse_is_refused_clearly(atlas_geocoder):
    with pytest.raises(NotImplementedError, match="forward geocoder"):
        atlas_geocoder.reverse((42.4, 130.6))


def fallback_for(stub: NominatimStub, tmp_path) -> OnlineFallback:
    geocoder = Nominatim(user_agent=user_agent(), domain=stub.domain, scheme="http", timeout=0.5)
    return OnlineFallback(cache=GeoCache.load(tmp_path), geocoder=geocoder, sleep=lambda s: None,
                          timer=lambda: 0.0, min_delay_seconds=0.0)


def test_fallback_is_used_only_for_names_the_gazetteer_misses(tmp_path):
    answers = {"Xyzzyqwertgrad": (43.0, 131.0, "Xyzzyqwertgrad, Primorsky Krai"),
               "Khasan": (0.0, 0.0, "Khasan, somewhere else entirely")}
    with NominatimStub("ok", answers=answers) as stub:
        atlas_geocoder = AtlasGeocoder(gazetteer(), fallback=fallback_for(stub, tmp_path))
        curated = atlas_geocoder.geocode("Khasan")
        online = atlas_geocoder.geocode("Xyzzyqwertgrad")
        asked = [r["params"].get("q") for r in stub.requests]
    assert curated.raw["id"] == "khasan"
    assert curated.raw["tier"] != "online"
    assert asked == ["Xyzzyqwertgrad"], "curated names must never be sent online"
    assert online.raw["tier"] == "online"
    assert online.raw["id"] is None
    assert (online.latitude, online.longitude) == (43.0, 131.0)


@pytest.mark.parametrize("mode", ["refused", "slow", "429", "500", "garbage"])
def test_fallback_fault_gives_none_not_an_exception(tmp_path, mode):
    with NominatimStub(mode, delay=5.0) as stub:
        fallback = fallback_for(stub, tmp_path)
        assert AtlasGeocoder(gazetteer(), fallback=fallback).geocode("Xyzzyqwertgrad") is None
    assert fallback.failure
    assert len(fallback.cache) == 0
