"""Streets and facilities the gazetteer does not hold (geo/geoparse/facilities.py): which capitalised names end
in a facility's head noun, and which settlement of the text such a name is placed at. Sentences written for these
tests."""

from __future__ import annotations

import pytest

from geo.dataset import load_dataset
from geo.gazetteer.lookup import Gazetteer
from geo.geoparse import geoparse
from geo.geoparse.facilities import FACILITY_REASON, facility_spans


def _names(text: str) -> list[str]:
    return [text[start:end] for start, end, _ in facility_spans(text)]


@pytest.mark.parametrize(("text", "names"), [
    ("Royal Street is closed.", ["Royal Street"]),  # at the very start of the text
    ("A walk to Fifth Avenue.", ["Fifth Avenue"]),
    ("From Grand Central Terminal Hospital came news.", ["Grand Central Terminal Hospital"]),  # four words
    ("They met at Union Square Market on Monday.", ["Union Square Market"]),  # the longer name, not both
    ("Hyde Park, then Union Square Market.", ["Hyde Park", "Union Square Market"]),
    ("." * 300 + " at Union Square Market", ["Union Square Market"]),  # far into a text, as at its start
    ("Old Kent Town Green Park Road was shut.",  # a name starting inside the previous one is a name of its own
     ["Old Kent Town Green Park", "Kent Town Green Park Road"]),
    ("They walked down the Street to Royal Road.", ["Royal Road"]),  # a head without a name before it
    ("President Park spoke on Royal Street.", ["Royal Street"]),  # after a person
    ("We met At Royal Street today.", ["Royal Street"]),  # a capitalised preposition is no part of it
    ("He saw The Colony Theatre show.", ["Colony Theatre"]),
    ("We met At\tRoyal Street today.", ["Royal Street"]),
    ("Hyde Park, then Kings Road and Abbey Road.", ["Hyde Park", "Kings Road", "Abbey Road"]),
    ("one Big Old Red Brown Stone Church", ["Old Red Brown Stone Church"]),  # at most four words before the head
])
def test_a_capitalised_name_ending_in_a_head_noun_is_a_facility(text, names):
    assert _names(text) == names
    assert all(reason == FACILITY_REASON for _, _, reason in facility_spans(text))


@pytest.mark.parametrize("text", [
    "President Park spoke.",  # a title makes it a person
    "the city park was full",  # no capitals
    "Royal Streets and Royal Street-side cafes",  # the head must end the word
    "The Street was empty.",  # only a leading word before the head
])
def test_no_facility(text):
    assert facility_spans(text) == []


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.from_dataset(load_dataset())


def _placed(text: str, gazetteer, surface: str) -> str | None:
    mentions = {m.surface: m for m in geoparse(text, gazetteer, strict=True)}
    facility = mentions[surface]
    if facility.place_id is None:
        return None
    assert facility.confidence == 0.3
    assert facility.reason.startswith(FACILITY_REASON + ", in ")
    return next(m.surface for m in mentions.values() if m.place_id == facility.place_id and m is not facility)


@pytest.mark.parametrize(("text", "at"), [
    # the place named right after it, joined by a comma or a preposition, first
    ("Fans in Boston heard that Royal Street in Chicago was closed.", "Chicago"),
    ("Fans in Boston heard that Royal Street, Chicago was closed.", "Chicago"),
    ("Fans in Boston heard that Royal Street near Chicago was closed.", "Chicago"),
    ("Fans in Boston and Dallas heard that Royal Street in Chicago was closed.", "Chicago"),
    # else the nearest settlement named before it
    ("In Boston, crowds left Chicago for Fenway Park.", "Chicago"),
    ("Fans met in Boston and later at Fenway Park before Chicago.", "Boston"),
    # else the first one named after it; a state is no settlement
    ("Officials in Texas said Royal Street was closed, as in Chicago and Boston.", "Chicago"),
    ("Royal Street was closed, officials in Chicago and Boston said.", "Chicago"),
    ("Officials in Texas and Ohio said Royal Street was closed, as in Chicago and Boston.", "Chicago"),
    ("Royal Street was closed, officials in Texas and Chicago said.", "Chicago"),
])
def test_a_facility_is_placed_at_the_settlement_the_text_puts_it_in(gazetteer, text, at):
    assert _placed(text, gazetteer, "Fenway Park" if "Fenway" in text else "Royal Street") == at


def test_a_facility_with_only_a_state_around_stays_unresolved(gazetteer):
    assert _placed("Officials in Texas said Royal Street was closed.", gazetteer, "Royal Street") is None


def test_a_name_reaches_back_eighty_characters_at_most():
    words = ["A" + "b" * 18, "C" + "d" * 18, "E" + "f" * 18, "G" + "h" * 18]  # 4 × 19 letters + 4 spaces = 80
    assert _names(f"We met at {' '.join(words)} Street today.") == [" ".join(words) + " Street"]
    words[0] += "b"  # 81: the first word no longer fits
    assert _names(f"We met at {' '.join(words)} Street today.") == [" ".join(words[1:]) + " Street"]


def test_only_a_facility_is_placed_not_another_unknown_name(gazetteer):
    """An unknown name with a cue ("Zorbakovo station") stays unresolved next to a settlement: only streets and
    facilities are placed at the settlement around them."""
    text = "In Chicago the train stopped at Zorbakovo station near Royal Street."
    mentions = {m.surface: m for m in geoparse(text, gazetteer)}
    assert mentions["Royal Street"].place_id == mentions["Chicago"].place_id
    assert mentions["Zorbakovo"].place_id is None
    assert "cue: 'station'" in mentions["Zorbakovo"].reason


def test_a_facility_after_hundreds_of_mentions_is_placed(gazetteer):
    text = "Boston, " * 300 + "and Royal Street."
    assert _placed(text, gazetteer, "Royal Street") == "Boston"
