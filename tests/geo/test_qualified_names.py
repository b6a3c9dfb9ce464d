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


@pytest.mark.parametrize(("text", "pairs"), [
    ("London, Canada",  # the region's country, not the bigger London elsewhere
     [("London", "London", "CA", "city"), ("Canada", "Canada", "CA", "country")]),
    ("Vancouver, Washington",  # Vancouver, British Columbia lies inside Washington's box but not in its country
     [("Vancouver", "Vancouver", "US", "city"), ("Washington", "Washington", "US", "admin1")]),
    ("York, England",  # a country of the United Kingdom: the place need only lie in its country
     [("York", "York", "GB", "city"), ("England", "England", "GB", "country")]),
    ("Ufa, Russia",  # a name of three letters is long enough
     [("Ufa", "Ufa", "RU", "city"), ("Russia", "Russia", "RU", "country")]),
    ("Rain in Newcastle, New South Wales.",  # a region of three words
     [("Newcastle", "Newcastle", "AU", "city"), ("New South Wales", "New South Wales", "AU", "admin1")]),
    ("A fire in Paris, Texas Monday",  # the qualifier is its leading words that name a region
     [("Paris", "Paris", "US", "city"), ("Texas", "Texas", "US", "admin1")]),
    ("Kim, Putin and Xi met in Paris, Texas.",  # a pair without a region does not end the search
     [("Paris", "Paris", "US", "city"), ("Texas", "Texas", "US", "admin1")]),
    ("Smith, New Mexico and Paris, Texas.",  # nor does a pair without a place in its region
     [("Paris", "Paris", "US", "city"), ("Texas", "Texas", "US", "admin1")]),
])
def test_the_region_settles_the_place_across_borders_and_lists(gazetteer, text, pairs):
    """The place must lie in the qualifier's country (and, for a subdivision, in its box); the qualifier is the
    longest leading words that name a region; every pair of a text is looked at."""
    assert _pairs(text, gazetteer) == pairs


def test_a_two_letter_name_is_never_qualified(gazetteer):
    """"Ay, France" (a town of Champagne): two letters are too often initials or a word to be taken as a place."""
    assert qualified_names("Ay, France", gazetteer) == []


def test_the_curated_place_wins_inside_the_region(gazetteer):
    """A curated place in the region is chosen over its GeoNames namesake, and the region is the area whose name
    it is (Moscow Oblast for "Moscow" after a town of the oblast)."""
    assert [place.place_id for _, _, place in qualified_names("Moscow, Russia", gazetteer)] == [
        "moscow", "geonames:2017370"]
    assert [place.place_id for _, _, place in qualified_names("Khimki, Moscow", gazetteer)] == [
        "khimki", "iso3166-2:RU-MOS"]


def test_a_town_just_over_the_state_line_is_not_taken(gazetteer):
    """"Decatur, Indiana" is the small Decatur of Indiana, not the city of Decatur, Illinois, 60 miles past the
    state line (the state's box is padded by only 0.3 degrees)."""
    (_, _, place), _ = qualified_names("Decatur, Indiana", gazetteer)
    assert (place.country, round(place.lat, 1), round(place.lon, 1)) == ("US", 40.8, -84.9)


def test_the_place_offsets_skip_the_words_before_it(gazetteer):
    """Words before the place that are not part of its name are left out of its span."""
    text = "We met in Downtown Springfield, Illinois."
    assert [text[start:end] for start, end, _ in qualified_names(text, gazetteer)] == ["Springfield", "Illinois"]


def test_a_city_that_names_its_own_province_is_still_a_place(gazetteer):
    """"Tirana, Albania": Tirana is also a county of Albania, but its best candidate is the city, so the pair
    stands (only a name whose best candidate is a region makes a list)."""
    assert _pairs("Tirana, Albania", gazetteer) == [
        ("Tirana", "Tirana", "AL", "city"), ("Albania", "Albania", "AL", "country")]


def test_a_curated_name_that_is_no_area_gives_way_to_its_leading_words(gazetteer):
    """"Khimki, Moscow Oblast": the curated "Moscow Oblast" is no area of the long tail, so the qualifier is its
    leading word, "Moscow" (the oblast, RU-MOS), and Khimki is settled inside it."""
    text = "Khimki, Moscow Oblast"
    assert [(text[start:end], place.place_id) for start, end, place in qualified_names(text, gazetteer)] == [
        ("Khimki", "khimki"), ("Moscow", "iso3166-2:RU-MOS")]


def test_a_qualified_name_right_after_another_comma_pair(gazetteer):
    """An address before the town ("80 Elm Cir., Gainesville, Va.") makes a comma pair of its own whose second
    name is the town: the town may still open the next pair."""
    assert _pairs("The homes at 80 Elm Cir., Gainesville, Va. There will be more.", gazetteer) == [
        ("Gainesville", "Gainesville", "US", "city"), ("Va.", "Virginia", "US", "admin1")]


@pytest.mark.parametrize("text", [
    "The train stopped at Omsk, Novosibirsk, Krasnoyarsk and Irkutsk.",  # a place that is no region before
    "The train passed Novosibirsk, Krasnoyarsk, Irkutsk and Chita.",  # another name after
])
def test_a_list_of_cities_named_like_their_regions_is_no_pair(gazetteer, text):
    """In a list, "Novosibirsk, Krasnoyarsk" is two cities: the second is first a city (its krai is only its
    namesake), and the first is its own first candidate anyway, so the pair would only move Krasnoyarsk some
    800 km north to the krai's point."""
    assert qualified_names(text, gazetteer) == []


def test_a_list_item_reads_as_a_city_through_the_geoparser(gazetteer):
    from geo.geoparse import geoparse

    found = {m.surface: m for m in geoparse("Stops: Omsk, Novosibirsk, Krasnoyarsk, Irkutsk.", gazetteer)}
    assert {name: found[name].kind for name in ("Omsk", "Novosibirsk", "Krasnoyarsk", "Irkutsk")} == dict.fromkeys(
        ("Omsk", "Novosibirsk", "Krasnoyarsk", "Irkutsk"), "city")
    assert round(found["Krasnoyarsk"].lat) == 56


@pytest.mark.parametrize(("text", "pairs"), [
    # a qualifier that is first a city still qualifies a place outside a list ("Albany" has bigger namesakes)
    ("Albany, New York, and Brooklyn, New York, were named.",
     [("Albany", "Albany", "US", "city"), ("New York", "New York", "US", "admin1"),
      ("Brooklyn", "Brooklyn", "US", "city"), ("New York", "New York", "US", "admin1")]),
    # a word before the comma that names no place makes no list, and an abbreviation always names its state
    ("Burial at Green Hill Cemetery, Corbin, Ky., on Monday.",
     [("Corbin", "Corbin", "US", "city"), ("Ky.", "Kentucky", "US", "admin1")]),
    # nor does a region before it, also when the qualifier is first a city
    ("From Vermont, Albany, New York drew most of the crowd.",
     [("Albany", "Albany", "US", "city"), ("New York", "New York", "US", "admin1")]),
    # ("Fla., Athens, Ga.")
    ("They visited Gainesville, Fla., Athens, Ga., and Macon.",
     [("Gainesville", "Gainesville", "US", "city"), ("Fla.", "Florida", "US", "admin1"),
      ("Athens", "Athens", "US", "city"), ("Ga.", "Georgia", "US", "admin1")]),
])
def test_pairs_beside_other_names_still_stand(gazetteer, text, pairs):
    assert _pairs(text, gazetteer) == pairs
