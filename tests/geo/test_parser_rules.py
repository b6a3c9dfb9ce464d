"""Rules of the geoparser's last stages, checked with exact values: a long sentence's passage window, the size of
a country that scopes a text like a state, a title before a name, and texts with hundreds of names."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.dataset import load_dataset
from geo.gazetteer.lookup import Gazetteer
from geo.geoparse.parser import PASSAGE_MAX, _small, geoparse, passage_bounds
from tests.support.places import PLACES


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_dataset(load_dataset())


# A sentence of 2,007 characters: 200 words of five characters with their spaces, the name, 200 more, a full stop.
_WORDY = "word " * 200 + "Khasan" + " word" * 200 + "."


@pytest.mark.parametrize(("text", "name_at", "length", "window"), [
    # centred: 147 characters of room each side (300 - 6 = 294), each edge then moved to a word's boundary: the
    # start past the space at 854, the end at the space at 1151
    (_WORDY, 1000, 6, (855, 1151)),
    # no space near either edge: exactly 300 characters, 147 before the name and 147 after it
    ("x" * 1000 + " Khasan " + "y" * 1000 + ".", 1001, 6, (854, 1154)),
    # at the sentence's start the window begins there and ends at the last space before 300
    ("Khasan" + " word" * 200 + ".", 0, 6, (0, 296)),
    # at its end the window ends there and begins 300 characters back, moved past the space at 709
    ("word " * 200 + "Khasan.", 1000, 6, (710, 1007)),
    # a name longer than the window is its own passage
    ("word " * 100 + "K" * 400 + " word" * 100 + ".", 500, 400, (500, 900)),
])
def test_a_long_sentence_gives_a_window_of_at_most_300_characters_around_the_name(text, name_at, length, window):
    assert passage_bounds(text, name_at, name_at + length) == window
    start, end = window
    assert end - start <= max(PASSAGE_MAX, length)


@pytest.mark.parametrize(("space_at", "start"), [(893, 894), (894, 854)])
def test_the_window_starts_after_a_space_only_within_40_characters(space_at: int, start: int) -> None:
    """The window's first 40 characters are searched for a space (854 + 39 = 893 is; 894 is not)."""
    text = "x" * space_at + " " + "x" * (999 - space_at) + " Khasan " + "y" * 1000 + "."
    assert passage_bounds(text, 1001, 1007) == (start, 1154)


@pytest.mark.parametrize(("space_at", "end"), [(1114, 1114), (1113, 1154)])
def test_the_window_ends_at_a_space_only_within_40_characters(space_at: int, end: int) -> None:
    text = "x" * 1000 + " Khasan " + "y" * (space_at - 1008) + " " + "y" * (1153 - space_at) + "y" * 900 + "."
    assert passage_bounds(text, 1001, 1007) == (854, end)


def test_the_geoparser_cuts_a_long_sentence_to_the_same_window(gazetteer: Gazetteer) -> None:
    (mention,) = geoparse(_WORDY, gazetteer)
    assert (mention.surface, mention.passage_start, mention.passage_end) == ("Khasan", 855, 1151)
    assert mention.passage == _WORDY[855:1151]


@pytest.mark.parametrize(("bbox", "small"), [
    ((51.4, -10.5, 55.4, -6.0), True),  # Ireland: ~130,000 km² of box
    ((24.5, -125.0, 49.4, -66.9), False),  # the contiguous United States
    ((60.0, 10.0, 70.0, 20.0), True),  # 10° by 10° near the Arctic: ~520,000 km² (meridians converge)
    ((59.0, 10.0, 70.0, 27.0), True),  # 992,000 km² at its middle latitude, 64.5°N (1,010,000 at 64°N)
    ((0.0, 10.0, 10.0, 20.0), False),  # the same at the equator: ~1.2 million km²
    ((60.0, 175.0, 65.0, -175.0), True),  # across the date line: 10° wide, not 350°
    ((50.0, 170.0, 60.0, -170.0), False),  # 20° wide across it at 55°N: ~1.4 million km²
    (None, False),
])
def test_a_country_scopes_a_text_like_a_state_when_its_box_is_under_a_million_km2(bbox, small: bool) -> None:
    assert _small(bbox) is small


@pytest.mark.parametrize("text", [
    "Mr. Kirov said no.",
    "President Chita spoke.",
    "General Artyom arrived.",
    "Minister Svobodny met Kim.",
    "Dr. Rason",
])
def test_a_curated_name_after_a_title_is_a_person(gazetteer: Gazetteer, text: str) -> None:
    assert geoparse(text, gazetteer) == []


def test_a_text_of_hundreds_of_names_keeps_the_names_after_them(gazetteer: Gazetteer) -> None:
    """300 curated names, then a name a cue marks: the later matchers look past the last curated span."""
    text = "Khasan and Chita. " * 150 + "Trains reached the village of Zolotaya Dolina."
    mentions = geoparse(text, gazetteer)
    assert len(mentions) == 301
    assert (mentions[-1].surface, mentions[-1].place_id) == ("Zolotaya Dolina", None)


def test_names_that_cues_mark_are_all_listed_once(gazetteer: Gazetteer) -> None:
    """Three names no gazetteer knows, each marked by a cue (one by two cues: "port of …" and "… oil terminal"):
    each listed once, unresolved, in text order."""
    text = "the port of Zolotaya Dolina oil terminal and Pridorozhnaya-Vtoraya station, then Ust-Zolotaya junction"
    assert [(m.surface, m.start, m.place_id) for m in geoparse(text, gazetteer)] == [
        ("Zolotaya Dolina", 12, None), ("Pridorozhnaya-Vtoraya", 45, None), ("Ust-Zolotaya", 81, None)]


def test_only_the_near_best_areas_of_a_name_scope_the_text(gazetteer: Gazetteer) -> None:
    """"Luxembourg" is the country here (GeoNames' country scores 2.3); Belgium's Luxembourg province (1.5) is
    more than half a point below it, so it does not bring the small Belgian town Bastogne into the text's scope."""
    text = "Luxembourg officials said. Bastogne was quiet."
    assert [(m.surface, m.country) for m in geoparse(text, gazetteer)] == [("Luxembourg", "LU")]


def test_a_curated_homonym_does_not_steer_the_other_names():
    """Two curated places named "Alpha" (a city of five million near Tyumen, a hamlet in the US): the text's
    "Alpha" is the city, but a name the curators list twice is no anchor, so "Tumen" is still ranked on its own
    (Tumen, Jilin: larger prior than Tyumen, whose alias it is)."""
    rows = pd.concat([PLACES, pd.DataFrame([
        {"id": "alpha-ru", "name": "Alpha", "aliases": "", "kind": "city", "lat": 57.3, "lon": 65.8,
         "country": "RU", "population": 5_000_000, "extent_km": 0},
        {"id": "alpha-us", "name": "Alpha", "aliases": "", "kind": "city", "lat": 40.0, "lon": -100.0,
         "country": "US", "population": 100, "extent_km": 0}])], ignore_index=True)
    gazetteer = Gazetteer(rows, long_tail=False)
    assert [(m.surface, m.place_id) for m in geoparse("Alpha and Tumen.", gazetteer)] == [
        ("Alpha", "alpha-ru"), ("Tumen", "tumen-jilin")]
