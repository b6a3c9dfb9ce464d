"""The optional online fallback against a local Nominatim stub: answers, faults, the cache, the rate limit."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from geopy.geocoders import Nominatim

from geo.core.errors import DatasetError
from geo.online.geocache import CachedAnswer, GeoCache, normalise_query
from geo.online.geocoder import (
    DEFAULT_MIN_DELAY,
    PUBLIC_NOMINATIM,
    OnlineFallback,
    default_online_geocoder,
    online_enabled,
    user_agent,
)
from tests.support.nominatim_stub import NominatimStub

KNOWN = {"Razdolnoye": (43.5404, 131.8973, "Razdolnoye, Nadezhdinsky District, Primorsky Krai, Russia")}
FIXED_TIME = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


class FakeTime:
    """A monotonic clock that only moves when something sleeps on it; records every sleep."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def make_fallback(stub: NominatimStub, cache: GeoCache, time: FakeTime | None = None,
                  timeout: float = 0.5) -> OnlineFallback:
    geocoder = Nominatim(user_agent=user_agent(), domain=stub.domain, scheme="http", timeout=timeout)
    fake = time or FakeTime()
    return OnlineFallback(cache=cache, geocoder=geocoder, min_delay_seconds=DEFAULT_MIN_DELAY,
                          sleep=fake.sleep, timer=fake, clock=lambda: FIXED_TIME)


def test_answer_is_cached_with_provenance(tmp_path):
    cache = GeoCache.load(tmp_path)
    with NominatimStub("ok", answers=KNOWN) as stub:
        fallback = make_fallback(stub, cache)
        result = fallback.lookup("Razdolnoye")
        again = fallback.lookup("razdolnoye ")
        assert len(stub.requests) == 1, "the second lookup must be served from the cache"
        assert stub.requests[0]["user_agent"].startswith("summit-atlas/")
    assert result.status == "ok"
    assert result.resolved
    assert (result.answer.lat, result.answer.lon) == (43.5404, 131.8973)
    assert again.from_cache
    assert again.answer == result.answer
    cache.save()
    stored = json.loads((tmp_path / "geocache.json").read_text(encoding="utf-8"))["answers"]
    assert len(stored) == 1
    entry = stored[0]
    assert entry["provider"] == "Nominatim"
    assert entry["domain"] == stub.domain
    assert entry["fetched_at"] == "2025-01-02T03:04:05+00:00"
    assert entry["osm_type"] == "node"
    assert entry["osm_id"]
    assert entry["review"] == "unreviewed"
    assert GeoCache.load(tmp_path).get("RAZDOLNOYE") == result.answer


def test_no_match_is_a_real_answer(tmp_path):
    cache = GeoCache.load(tmp_path)
    with NominatimStub("ok", answers=KNOWN) as stub:
        result = make_fallback(stub, cache).lookup("Atlantis-on-Amur")
    assert result.status == "no_match"
    assert not result.resolved
    assert cache.get("Atlantis-on-Amur").status == "no_match"


@pytest.mark.parametrize(("mode", "expected"), [
    ("slow", "timed out"),
    ("429", "rate limited (HTTP 429)"),
    ("500", "service error"),
    ("garbage", "malformed answer"),
    ("wrong_shape", "malformed answer"),
    ("refused", "refusing connections"),
])
def test_service_faults_are_reported_not_cached(tmp_path, mode, expected):
    cache = GeoCache.load(tmp_path)
    with NominatimStub(mode, answers=KNOWN, delay=5.0) as stub:
        fallback = make_fallback(stub, cache, timeout=0.3)
        first = fallback.lookup("Razdolnoye")
        asked = len(stub.requests)
        second = fallback.lookup("Kraskino")
        assert len(stub.requests) == asked, "after a failure the service is not asked again this run"
    assert first.status == "failed"
    assert expected in first.error
    assert second.status == "skipped"
    assert expected in second.error
    assert not first.resolved
    assert not second.resolved
    assert len(cache) == 0, "a failure must never be cached"
    assert not cache.changed
    assert not (tmp_path / "geocache.json").exists()


def test_rate_limiter_spaces_requests_by_at_least_the_minimum_delay(tmp_path):
    fake = FakeTime()
    with NominatimStub("ok", answers=KNOWN) as stub:
        fallback = make_fallback(stub, GeoCache.load(tmp_path), fake)
        for name in ("Razdolnoye", "Kraskino", "Bamburovo"):
            fallback.lookup(name)
    assert fallback.requests == 3
    # The fake clock stands still during a request, so geopy's RateLimiter must wait a full slot before each
    # request after the first (no real sleeping in tests).
    assert fake.sleeps == [DEFAULT_MIN_DELAY, DEFAULT_MIN_DELAY]


def test_reviewed_answer_is_never_overwritten(tmp_path):
    cache = GeoCache.load(tmp_path)
    reviewed = CachedAnswer(query="Razdolnoye", status="ok", lat=43.54, lon=131.9, display_name="checked by hand",
                            provider="Nominatim", domain="x", fetched_at="2024-01-01T00:00:00+00:00",
                            review="accepted")
    assert cache.put(reviewed)
    fresh = CachedAnswer(query="Razdolnoye", status="ok", lat=1.0, lon=2.0, display_name="other",
                         provider="Nominatim", domain="x", fetched_at="2025-01-01T00:00:00+00:00")
    assert not cache.put(fresh)
    assert cache.get("Razdolnoye") == reviewed


@pytest.mark.parametrize("status", ["failed", "skipped", "timeout"])
def test_failure_statuses_cannot_be_cached(tmp_path, status):
    bad = CachedAnswer(query="x", status=status, lat=None, lon=None, display_name="", provider="p", domain="d",
                       fetched_at="2025-01-01")
    with pytest.raises(ValueError, match="only real answers"):
        GeoCache.load(tmp_path).put(bad)


@pytest.mark.parametrize(("content", "message"), [
    ("not json", "not valid UTF-8 JSON"),
    ('{"answers": {}}', "'answers' list"),
    ('{"answers": [{"query": "a", "status": "ok", "provider": "p", "fetched_at": "t", "lat": 99, "lon": 0}]}',
     "needs -90<=lat<=90"),
    ('{"answers": [{"query": "a", "status": "weird", "provider": "p", "fetched_at": "t"}]}', "must be one of"),
    ('{"answers": [{"query": "a", "status": "no_match", "provider": "p", "fetched_at": "t", "colour": 1}]}',
     "unknown key"),
])
def test_malformed_cache_file_is_reported(tmp_path, content, message):
    (tmp_path / "geocache.json").write_text(content, encoding="utf-8")
    with pytest.raises(DatasetError, match=message):
        GeoCache.load(tmp_path)


@pytest.mark.parametrize(("flag", "env", "expected"), [
    (False, {}, False),
    (True, {}, True),
    (False, {"ATLAS_ONLINE_GEOCODER": "1"}, True),
    (False, {"ATLAS_ONLINE_GEOCODER": "yes"}, True),
    (False, {"ATLAS_ONLINE_GEOCODER": "0"}, False),
])
def test_online_is_opt_in(flag, env, expected):
    assert online_enabled(flag, env) is expected


@pytest.mark.parametrize(("env", "domain", "scheme", "min_delay", "timeout"), [
    ({}, PUBLIC_NOMINATIM, "https", 1.0, 10.0),
    ({"ATLAS_GEOCODER_MIN_DELAY": "0.1"}, PUBLIC_NOMINATIM, "https", 1.0, 10.0),  # public server: never below 1 s
    ({"ATLAS_NOMINATIM_DOMAIN": "127.0.0.1:9", "ATLAS_NOMINATIM_SCHEME": "http",
      "ATLAS_GEOCODER_MIN_DELAY": "0.1", "ATLAS_GEOCODER_TIMEOUT": "2"}, "127.0.0.1:9", "http", 0.1, 2.0),
])
def test_default_geocoder_configuration(env, domain, scheme, min_delay, timeout):
    geocoder, delay = default_online_geocoder(env)
    assert isinstance(geocoder, Nominatim)
    assert geocoder.domain == domain
    assert geocoder.scheme == scheme
    assert geocoder.timeout == timeout
    assert delay == min_delay
    assert geocoder.headers["User-Agent"].startswith("summit-atlas/")


def test_public_nominatim_refuses_fast_rate(tmp_path):
    geocoder = Nominatim(user_agent=user_agent())
    with pytest.raises(ValueError, match="one request per second"):
        OnlineFallback(cache=GeoCache.load(tmp_path), geocoder=geocoder, min_delay_seconds=0.2)


@pytest.mark.parametrize("value", ["abc", "-1", "nan"])
def test_bad_environment_values_are_named(value):
    with pytest.raises(ValueError, match="ATLAS_GEOCODER_TIMEOUT"):
        default_online_geocoder({"ATLAS_GEOCODER_TIMEOUT": value})


@pytest.mark.parametrize(("a", "b"), [("Ji’an", "ji'an"), ("  Sosnovy   Bor ", "sosnovy bor"), ("KHASAN", "khasan")])
def test_query_normalisation(a, b):
    assert normalise_query(a) == normalise_query(b)
