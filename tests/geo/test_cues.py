"""Cue words mark unknown names as places: "the village of Kozmino", "Razdolnoye station"."""

from __future__ import annotations

import pytest

from geo.gazetteer.cues import cue_spans
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
