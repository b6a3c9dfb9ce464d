"""Cue words mark unknown names as places: "the village of Kozmino", "Razdolnoye station"."""

from __future__ import annotations

import random

import pytest

from geo.gazetteer.cues import (
    _NAME_AFTER_CUE,
    _NAME_BEFORE_CUE,
    _NAME_REACH,
    _capitalised_word_end,
    _name_search_start,
    after_hints_from,
    cue_matches,
    cue_spans,
)
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
    "x " * 150 + "The Russian port",  # far into a text too
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


def _scan_every_offset(text: str) -> list[tuple[int, int, str]]:
    """What cue_matches finds when no word is ordinary, the slow way: each pattern tried at every offset, each cue
    after a name given the first match that ends at it, searched from ``_NAME_REACH`` characters back."""
    found: dict[tuple[int, int], str] = {}
    for offset in range(len(text)):
        match = _NAME_AFTER_CUE.match(text, offset)
        if match is not None:
            found.setdefault(match.span("name"), " ".join(match.group("cue").split()))
    cues_after = sorted({match.start("cue") for offset in range(len(text))
                         if (match := _NAME_BEFORE_CUE.match(text, offset)) is not None})
    for cue_start in cues_after:
        for match in _NAME_BEFORE_CUE.finditer(text, max(0, cue_start - _NAME_REACH)):
            if match.start("cue") == cue_start:
                found.setdefault(match.span("name"), " ".join(match.group("cue").split()))
                break
    return sorted((start, end, cue) for (start, end), cue in found.items())


_WORDS = ["Kozmino", "Ust-Kamenka", "Bolshaya", "Khasan's", "Rajin’s", "O'Brien", "KOZMINO", "Aa", "X", "Port",
          "Port_Said", "under_port", "B2", "2port", "_", "x_",
          "of", "the", "port", "station", "railway", "oil", "terminal", "air", "base", "village", "city", "border",
          "crossing", "harbour", "naval", "dam", "river", "stations", "passport", "a"]
_GLUE = [" "] * 8 + ["\t", "  ", " \t ", ", ", ". ", "\n", "\r\n", "-", "’s "]


@pytest.mark.parametrize("seed", range(4))
def test_cue_matches_find_what_a_scan_of_every_offset_finds(seed: int) -> None:
    """The hints and windows of cue_matches only save time: on random texts of names, cue words, "of" and mixed
    white space and punctuation, it finds exactly the spans and cues the patterns give when tried everywhere."""
    rng = random.Random(seed)
    texts = ["".join(rng.choice(_WORDS) + rng.choice(_GLUE) for _ in range(rng.randint(1, 90))).rstrip()
             for _ in range(400)]
    found = [cue_matches(text, lambda word: False) for text in texts]
    assert found == [_scan_every_offset(text) for text in texts]
    assert sum(map(len, found)) > 300  # the texts hold cues (about one a text)
    assert max(start for spans in found for start, _, _ in spans) > 300  # far into a text too


@pytest.mark.parametrize(("text", "found"), [
    ("_ port of Kozmino", ["Kozmino"]),  # punctuation right before the cue word
    ("x_ port of Kozmino", ["Kozmino"]),
    ("“port of Kozmino,” he said", ["Kozmino"]),
    ("under_port of Kozmino", []),  # the cue is a word of its own
    ("Prof Kim toured the port of Kozmino", ["Kozmino"]),  # "of" inside a word before the cue's
])
def test_a_cue_before_of_is_a_whole_word(text, found):
    assert [text[start:end] for start, end, _ in cue_matches(text, ordinary)] == found


@pytest.mark.parametrize(("text", "found"), [
    ("Trains wait at the border\nBolshaya river", [("Bolshaya", "river")]),  # a name opening a line
    ("oil\r\nKhasan's dam", [("Khasan's", "dam")]),
    ("the\tport\nKozmino station", [("Kozmino", "station")]),
])
def test_a_name_at_the_start_of_a_line_is_found(text, found):
    assert [(text[start:end], cue) for start, end, cue in cue_matches(text, ordinary)] == found


@pytest.mark.parametrize(("length", "found"), [(99, True), (100, True), (101, False)])
def test_a_name_of_one_word_has_at_most_a_hundred_letters(length: int, found: bool) -> None:
    """Taumata…, New Zealand's longest one-word place name, has 85 letters; longer runs of letters are no name,
    inside a text or at its start."""
    word = "K" + "o" * (length - 1)
    for text in (f"at {word} station", f"{word} station"):
        assert (cue_matches(text, ordinary) != []) is found


@pytest.mark.parametrize(("gap", "found"), [(1, True), (32, True), (33, False)])
def test_the_words_of_a_cue_may_be_far_apart_up_to_a_limit(gap: int, found: bool) -> None:
    """White space between a cue's words (a justified line of a PDF) is read up to 40 characters past the first
    word, "border" included: 32 spaces before "crossing"."""
    text = "Khasan border" + " " * gap + "crossing"
    assert cue_matches(text, ordinary) == ([(0, 6, "border crossing")] if found else [])


def test_a_name_of_ordinary_words_before_a_cue_does_not_end_the_search() -> None:
    assert cue_spans("The Russian port and the Kozmino port", ordinary) == [(25, 32)]


@pytest.mark.parametrize(("gap", "whole"), [(1, True), (168, True), (169, False)])
def test_a_name_is_searched_two_hundred_characters_back_from_its_cue(gap: int, whole: bool) -> None:
    """The name's first word starts at most 200 characters before its cue: with 169 spaces after it (a justified
    line), the first of three words is out of reach."""
    name = "Aaaaaaaaaa" + " " * gap + "Bbbbbbbbbb Cccccccccc"
    text = "at the " + name + " station"
    assert [text[start:end] for start, end, _ in cue_matches(text, ordinary)] == [
        name if whole else "Bbbbbbbbbb Cccccccccc"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Kozmino station", 7),
    ("at Kozmino \t station", 10),
    ("the station", -1),  # not capitalised
    (" station", -1),  # no word before the cue
    ("Kozmino\n station", -1),  # a line break between them
    ("Kozmino\r\tstation", -1),
    ("at " + "K" + "o" * 99 + " station", 103),  # a word of 100 letters
    ("\n" + "K" + "o" * 99 + " station", 101),
    ("K" + "o" * 99 + " station", 100),
    ("at " + "K" + "o" * 100 + " station", -1),  # of 101 letters: no name
    ("K" + "o" * 100 + " station", -1),
    ("Ko" + "-o" * 60 + " station", -1),
    ("at Ko-" + "K" * 100 + " station", -1),  # 103 characters, a capital 100 back: still too long
    ("x" * 300 + " Ko-" + "K" * 100 + " station", -1),  # the same far into a text
    ("a " + "K" + "o" * 99 + " station", 102),  # 100 letters after a space at an even offset
])
def test_the_word_before_a_cue_is_a_name_only_when_capitalised(text: str, expected: int) -> None:
    """Where the capitalised word before the hint (" station") ends, else -1: the shortcut that skips the name
    search."""
    assert _capitalised_word_end(text, text.rindex(" station") if " station" in text else text.index("\tstation")) \
        == expected


@pytest.mark.parametrize(("text", "first_word"), [
    ("at the Ust Kamenka Bolshaya station", "Ust"),  # three tokens back
    ("at the Ust  \t Kamenka \t Bolshaya station", "Ust"),  # runs of white space between them
    ("the\tUst Kamenka Bolshaya station", "Ust"),
    ("Kamenka Bolshaya station", "Kamenka"),  # fewer tokens: the start of the text
    ("Bolshaya station", "Bolshaya"),
])
def test_the_name_is_searched_from_the_third_token_before_the_cue(text: str, first_word: str) -> None:
    cue_start = text.index("station")
    word_end = text.index("Bolshaya") + len("Bolshaya")
    expected = text.index(first_word) if first_word != text.split()[0] else 0
    assert _name_search_start(text, word_end, cue_start) == expected


def test_the_name_search_starts_no_further_back_than_its_reach() -> None:
    text = "word " * 80 + "x" * 220 + " Kozmino station"
    cue_start = text.index("station")
    assert _name_search_start(text, cue_start - 1, cue_start) == cue_start - 200
