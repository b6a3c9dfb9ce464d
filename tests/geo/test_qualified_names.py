"""Qualified names (geo/geoparse/qualified.py): "Place, Region" settles the place inside the region, and both
names are mentions with exact offsets. Sentences written for these tests."""

from __future__ import annotations

import pytest

from geo.dataset import load_dataset
from geo.gazetteer.lookup import Gazetteer
from geo.geoparse.qualified import qualified_names


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.from_dataset(load_dataset())


def _pairs(text: str, gazetteer) -> list[tuple[str, str, str, str]]:
    return [(text[start:end], place.name, place.country, place.kind)
            for start, end, place in qualified_names(text, gazetteer)]


@pytest.mark.parametrize(("text", "pairs"), [
    ("Visitors from Springfield, Illinois came.",
     [("Springfield", "Springfield", "US", "city"), ("Illinois", "Illinois", "US", "admin1")]),
    ("Rain in Kansas City, Missouri.",  # two words; the full stop after a name ends the sentence
     [("Kansas City", "Kansas City", "US", "city"), ("Missouri", "Missouri", "US", "admin1")]),
    ("in Columbia, South Carolina",  # a region of two words
     [("Columbia", "Columbia", "US", "city"), ("South Carolina", "South Carolina", "US", "admin1")]),
    ("in Columbia, S.C. and", [("Columbia", "Columbia", "US", "city"), ("S.C.", "South Carolina", "US", "admin1")]),
    ("A fire in Corbin, Ky.",  # an abbreviation keeps its full stop
     [("Corbin", "Corbin", "US", "city"), ("Ky.", "Kentucky", "US", "admin1")]),
    ("He lives in Lima, Peru.", [("Lima", "Lima", "PE", "city"), ("Peru", "Peru", "PE", "country")]),
    ("He lives in Lima, Ohio.", [("Lima", "Lima", "US", "city"), ("Ohio", "Ohio", "US", "admin1")]),
    ("The Mayor Of Springfield, Illinois spoke",  # the longest trailing words that name a place in the region
     [("Springfield", "Springfield", "US", "city"), ("Illinois", "Illinois", "US", "admin1")]),
    ("He was born in New York, New York.",  # the state is not a place inside itself
     [("New York", "New York City", "US", "city"), ("New York", "New York", "US", "admin1")]),
    ("Moscow, Russia and Paris, France",
     [("Moscow", "Moscow", "RU", "city"), ("Russia", "Russia", "RU", "country"),
      ("Paris", "Paris", "FR", "city"), ("France", "France", "FR", "country")]),
])
def test_the_region_settles_the_place(gazetteer, text, pairs):
    assert _pairs(text, gazetteer) == pairs


@pytest.mark.parametrize(("text", "lat", "lon"), [
    ("The plant in Portland, Maine closed.", 43.66, -70.26),
    ("The plant in Portland, Oregon closed.", 45.52, -122.68),
])
def test_the_place_lies_inside_the_state(gazetteer, text, lat, lon):
    (_, _, place), _ = qualified_names(text, gazetteer)
    assert (round(place.lat, 2), round(place.lon, 2)) == (lat, lon)


def test_the_offsets_follow_the_text(gazetteer):
    text = "at Springfield,  Illinois"  # two spaces after the comma
    assert [(start, end) for start, end, _ in qualified_names(text, gazetteer)] == [(3, 14), (17, 25)]
    text = "He grew up in London, Ontario."
    assert [(start, end) for start, end, _ in qualified_names(text, gazetteer)] == [(14, 20), (22, 29)]


@pytest.mark.parametrize("text", [
    "Storms crossed Texas, Georgia and Ohio.",  # a list of states
    "A town in Georgia, United States",  # a state first
    "A fire in Corbin, KY, today.",  # a short form without its full stop
    "Smith, New Mexico",  # no Smith in New Mexico
    "Rain in Paris Texas today.",  # no comma
])
def test_no_qualified_name(gazetteer, text):
    assert qualified_names(text, gazetteer) == []


def test_without_the_long_tail_nothing_is_qualified():
    assert qualified_names("Rain in Paris, Texas.", Gazetteer.from_dataset(load_dataset(), long_tail=False)) == []
