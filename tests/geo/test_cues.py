"""Cue words mark unknown names as places: "the village of Kozmino", "Razdolnoye station"."""

from __future__ import annotations

import pytest

from geo.gazetteer.cues import after_hints_from, cue_matches, cue_spans
from geo.gazetteer.wordlists import common_words, proper_nouns

_PROPER = {word.lower() for word in proper_nouns()}


def ordinary(word: str) -> bool:
    return word in common_words() or word in _PROPER


@pytest.mark.parametrize(("text", "expected"), [
    ("Oil is loaded at the port of Kozmino near the border.", ["Kozmino"]),
    ("The armoured train halted at Razdolnoye station before dawn.", ["Razdolnoye"]),
    ("Kim toured the Zvezda shipyard on Wednesday.", ["Zvezda"]),
    ("The Tumen River border crossing was closed.", ["Tumen River"]),
    ("Troops were sent to the Kursk region.", ["Kursk"]),
    ("They drove to the village of Ust-Kamenka and back.", ["Ust-Kamenka"]),
    ("the Russian port was busy", []),
    ("The station was cordoned off.", []),
    ("He met reporters at the airport.", []),
])
def test_cue_spans(text: str, expected: list[str]) -> None:
    assert [text[start:end] for start, end in cue_spans(text, ordinary)] == expected


@pytest.mark.parametrize(("text", "found"), [
    ("They reached the city of Ussuriysk.", [("Ussuriysk", "city")]),
    ("the harbour of Nakhodka", [("Nakhodka", "harbour")]),
    ("the harbor of Nakhodka", [("Nakhodka", "harbor")]),
    ("the island of Russky", [("Russky", "island")]),
    ("in the region of Primorye Krai", [("Primorye Krai", "region")]),  # a name of two words
    ("port\tof\tKozmino", [("Kozmino", "port")]),  # tabs separate the words too
    ("port  of Kozmino", [("Kozmino", "port")]),
    ("Kozmino railway\tstation", [("Kozmino", "railway station")]),  # the cue is written with single spaces
    ("Kozmino train station", [("Kozmino", "train station")]),
    ("Kozmino border station", [("Kozmino", "border station")]),
    ("Kozmino rail station", [("Kozmino", "rail station")]),
    ("Khasan border crossing", [("Khasan", "border crossing")]),
    ("Vostochny cosmodrome", [("Vostochny", "cosmodrome")]),
    ("Bureya dam", [("Bureya", "dam")]),
    ("Knevichi air base", [("Knevichi", "air base")]),
    ("Fokino naval base", [("Fokino", "naval base")]),
    ("Kozmino\tport", [("Kozmino", "port")]),
    ("at Kozmino  \t port", [("Kozmino", "port")]),
    ("Ust-Kamenka junction", [("Ust-Kamenka", "junction")]),
    ("Kozmino port and Nakhodka port", [("Kozmino", "port"), ("Nakhodka", "port")]),
    ("He met Kim at Khasan station", [("Khasan", "station")]),
    ("the port of Kozmino oil terminal", [("Kozmino", "port")]),  # two cues, one span: the first cue found
    ("Russia's Kozmino port", [("Kozmino", "port")]),  # a possessive ordinary word is left out
    ("The Russian-built Kozmino port", [("Kozmino", "port")]),  # ordinary words joined by a hyphen too
    ("Ust Kamenka Bolshaya Mala station", [("Kamenka Bolshaya Mala", "station")]),  # at most three words
])
def test_cue_matches_name_the_place_and_its_cue(text, found):
    """Each cue before ("the port of |Kozmino|") or after a name ("|Khasan| border crossing") gives the name's span
    and the cue, its words joined by single spaces."""
    assert [(text[start:end], cue) for start, end, cue in cue_matches(text, ordinary)] == found


@pytest.mark.parametrize("text", [
    "of Kozmino",  # no cue word before "of"
    "passport of Kozmino",  # "port" inside a longer word is no cue
    "port,of Kozmino",
    "port of the Kozmino",  # the name must follow "of" directly
    "Razdolnoye stations",  # the cue is a whole word
    "Razdolnoye stationed",
    "Kozmino oil terminals",
    "Sedanka, station",  # white space, not punctuation, between the name and the cue
    "Sedanka(station",
    "Kozmino\n station",  # a line break ends the name
    "The Russian port",  # only ordinary words
    "the station at Kozmino",
])
def test_no_cue_match(text):
    """What a cue does not mark: a cue word inside another word or without its name right next to it."""
    assert cue_matches(text, ordinary) == []


@pytest.mark.parametrize(("text", "hints"), [
    ("Kozmino port and Razdolnoye station.", [" port", " station"]),
    ("Trains stop at Razdolnoye\tstation and Kozmino port.", ["\tstation", " port"]),  # a tab counts in a text with one
    ("Sedanka airfield, Knevichi air base and the Bureya dam", [" airfield", " air", " dam"]),
    ("the station", [" station"]),
    ("passports", []),
])
def test_the_hints_at_given_positions_are_those_of_a_scan(text, hints):
    """after_hints_from, given every position of the text (a superset of where a hint may start), keeps the
    white space and first cue word of each cue after a name, and cue_matches finds the same places from them as
    from its own scan of the text."""
    found = after_hints_from(text, range(len(text)))
    assert [m.group() for m in found] == hints
    assert cue_matches(text, ordinary, found) == cue_matches(text, ordinary)
