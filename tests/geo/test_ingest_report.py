"""The report of one article's ingest (geo.store.ingest.IngestReport): what a reviewer reads after `atlas ingest`,
as text and as JSON, from mentions and online answers written for the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.online.geocache import CachedAnswer
from geo.online.geocoder import OnlineResult
from geo.store.ingest import IngestReport

_MENTIONS = [
    {"surface": "Khasan", "start": 10, "place_id": "khasan", "confidence": 0.97},
    {"surface": "Olga", "start": 30, "place_id": "geonames:2018553", "confidence": 0.41},
    {"surface": "Tumen", "start": 50, "place_id": "tumen-jilin", "confidence": "low"},
    {"surface": "Zolotaya Dolina", "start": 70, "place_id": None, "confidence": 0.0},
    {"surface": "Razdolnoye", "start": 90, "place_id": None, "confidence": 0.0},
    {"surface": "Nowhere", "start": 110, "place_id": None, "confidence": 0.0},
    {"surface": "Vladivostok", "start": 130, "place_id": "vladivostok", "confidence": 0.5},
]
_ANSWER = CachedAnswer("zolotaya dolina", "ok", 43.2571, 132.4501, "Zolotaya Dolina, Primorsky Krai", "nominatim",
                       "nominatim.openstreetmap.org", "2026-12-06T00:00:00Z")
_ONLINE = {"zolotaya dolina": OnlineResult("Zolotaya Dolina", "ok", _ANSWER),
           "razdolnoye": OnlineResult("Razdolnoye", "failed", error="timed out")}


@pytest.fixture
def report() -> IngestReport:
    return IngestReport("test-2026-12-06", Path("data/articles/test-2026-12-06.md"), _MENTIONS, _ONLINE,
                        ["no date found"])


@pytest.mark.parametrize(("confidence", "low"), [
    (0.49, True), (0.5, False), (0.97, False), ("low", True), (" Very Low ", True), ("none", True), ("high", False),
    (None, False), (0, True),
])
def test_a_confidence_below_a_half_or_labelled_low_is_listed_for_review(confidence, low):
    mention = {"surface": "X", "start": 0, "place_id": "x", "confidence": confidence}
    report = IngestReport("a", Path("a.md"), [mention])
    assert (report.low_confidence == [mention]) is low


def test_the_summary_lists_every_name_to_review(report):
    assert report.summary().splitlines() == [
        "ingested data/articles/test-2026-12-06.md (id test-2026-12-06)",
        "  7 toponym mention(s), 4 place(s): geonames:2018553, khasan, tumen-jilin, vladivostok",
        "  unresolved: 3 — add them to places.csv (aliases) if they are places",
        "    'Zolotaya Dolina' at offset 70 — online answer (unreviewed, geocache.json): 43.2571, 132.4501 "
        "'Zolotaya Dolina, Primorsky Krai'",
        "    'Razdolnoye' at offset 90 — online: failed (timed out)",
        "    'Nowhere' at offset 110",
        "  low confidence: 2",
        "    'Olga' at offset 30 → geonames:2018553 (confidence 0.41)",
        "    'Tumen' at offset 50 → tumen-jilin (confidence low)",
        "  note: no date found",
    ]


def test_a_report_with_nothing_to_review_says_so(tmp_path):
    report = IngestReport("a", tmp_path / "a.md", [{"surface": "Khasan", "start": 0, "place_id": "khasan",
                                                     "confidence": 0.97}])
    assert report.summary().splitlines()[1:] == [
        "  1 toponym mention(s), 1 place(s): khasan", "  unresolved: 0", "  low confidence: 0"]


def test_an_online_failure_without_a_message_shows_its_status_alone():
    report = IngestReport("a", Path("a.md"), [{"surface": "Nowhere", "start": 5, "place_id": None}],
                          {"nowhere": OnlineResult("Nowhere", "no_match")})
    assert "    'Nowhere' at offset 5 — online: no_match" in report.summary().splitlines()


def test_the_json_report(report):
    assert report.to_dict() == {
        "article_id": "test-2026-12-06", "path": "data/articles/test-2026-12-06.md", "mentions": 7,
        "places": ["geonames:2018553", "khasan", "tumen-jilin", "vladivostok"],
        "unresolved": [
            {"surface": "Zolotaya Dolina", "start": 70,
             "online": {"status": "ok", "error": "", "from_cache": False, "lat": 43.2571, "lon": 132.4501,
                        "display_name": "Zolotaya Dolina, Primorsky Krai"}},
            {"surface": "Razdolnoye", "start": 90,
             "online": {"status": "failed", "error": "timed out", "from_cache": False}},
            {"surface": "Nowhere", "start": 110}],
        "low_confidence": [{"surface": "Olga", "start": 30, "place_id": "geonames:2018553", "confidence": 0.41},
                           {"surface": "Tumen", "start": 50, "place_id": "tumen-jilin", "confidence": "low"}],
        "notes": ["no date found"]}
