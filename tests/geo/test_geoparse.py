"""The geoparser on sentences written for these tests, with the real dataset's gazetteer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.dataset import load_dataset
from geo.gazetteer.lookup import Gazetteer
from geo.geoparse import MENTION_KEYS, geoparse


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.from_dataset(load_dataset())


@pytest.mark.parametrize(("text", "surface", "place_id"), [
    ("MOSCOW — Officials met on Monday.", "MOSCOW", "moscow"),
    ("He went on to Komsomolsk-on-Amur by train.", "Komsomolsk-on-Amur", "komsomolsk-on-amur"),
    ("They swam in Lake Baikal.", "Lake Baikal", "lake-baikal"),
    ("Ships sailed the Sea of Japan.", "Sea of Japan", "sea-of-japan"),
    ("Pyongyang’s envoy left.", "Pyongyang", "pyongyang"),
    ("The DPRK said so.", "DPRK", "north-korea"),
    ("Aid to N. Korea rose.", "N. Korea", "north-korea"),
    ("The U.S. objected.", "U.S.", "united-states"),
    ("Ties with Peking cooled.", "Peking", "beijing"),
    ("Exports from the USSR fell.", "USSR", "soviet-union"),
    ("Planes flew across Siberia.", "Siberia", "siberia"),
])
def test_finds_and_resolves(gazetteer, text, surface, place_id):
    mentions = geoparse(text, gazetteer)
    found = [m for m in mentions if m.surface == surface]
    assert found, [m.surface for m in mentions]
    assert found[0].place_id == place_id
    assert text[found[0].start:found[0].end] == surface


@pytest.mark.parametrize(("text", "surface", "cue"), [
    ("Tankers waited at the port of Kozmino overnight.", "Kozmino", "port"),
    ("The convoy reached Sedanka junction at noon.", "Sedanka", "junction"),
    ("They drove to the village of Ust-Kamenka and back.", "Ust-Kamenka", "village"),
])
def test_unknown_name_with_a_cue_is_listed_unresolved(gazetteer, text, surface, cue):
    found = [m for m in geoparse(text, gazetteer) if m.surface == surface]
    assert len(found) == 1
    mention = found[0]
    assert (mention.place_id, mention.lat, mention.lon, mention.confidence) == (None, None, None, 0.0)
    assert f"cue: {cue!r}" in mention.reason
    assert text[mention.passage_start:mention.passage_end] == mention.passage == text.strip()


@pytest.mark.parametrize(("text", "surface", "place_id"), [
    ("The Tumen River border crossing was closed.", "Tumen River", "tumen-river"),
    ("The train stopped at Khasan station.", "Khasan station", "khasan"),
    ("Kim toured the Zvezda shipyard on Wednesday.", "Zvezda shipyard", "zvezda-shipyard"),
])
def test_known_name_beats_its_cue(gazetteer, text, surface, place_id):
    mentions = geoparse(text, gazetteer)
    assert [(m.surface, m.place_id) for m in mentions] == [(surface, place_id)]


def test_passage_is_the_sentence_around_the_mention(gazetteer):
    text = "Mr. Kim met U.S. envoys on Dec. 3 in Seoul. Then he flew to Moscow."
    by_surface = {m.surface: m for m in geoparse(text, gazetteer)}
    assert by_surface["Seoul"].passage == "Mr. Kim met U.S. envoys on Dec. 3 in Seoul."
    assert by_surface["Moscow"].passage == "Then he flew to Moscow."
    moscow = by_surface["Moscow"]
    assert text[moscow.passage_start:moscow.passage_end] == moscow.passage


def test_to_dict_has_the_cli_keys(gazetteer):
    mention = geoparse("Talks in Vladivostok.", gazetteer)[0]
    assert set(mention.to_dict()) == set(MENTION_KEYS)


@pytest.mark.parametrize("text", ["", "   ", "\x00\ud800", "İİİ ß", "K" * 10_000])
def test_odd_input_never_raises(gazetteer, text):
    for m in geoparse(text, gazetteer):
        assert text[m.start:m.end] == m.surface


def test_a_spaced_out_dateline_is_read(gazetteer):
    """Wire copy letter-spaces datelines ("S E O U L"): the whole span is one mention of Seoul."""
    [seoul] = geoparse("S E O U L, July 19 -- Kim met officials.", gazetteer)
    assert (seoul.surface, seoul.start, seoul.end, seoul.place_id) == ("S E O U L", 0, 9, "seoul")


@pytest.mark.parametrize(("text", "found"), [
    ("P E I P I N G, Oct. 1 -- Mao spoke.", [("P E I P I N G", "beijing")]),  # not "P E I", Prince Edward Island
    ("P E I officials said.", [("P E I", "iso3166-2:CA-PE")]),  # the abbreviation alone stays the province
    ("Reported from\nP E I P I N G, Oct. 1", [("P E I P I N G", "beijing")]),  # a dateline opening a line
    ("U S A", [("U S A", "united-states")]),
])
def test_a_spaced_out_dateline_outranks_a_shorter_name_inside_it(gazetteer, text, found):
    assert [(m.surface, m.place_id) for m in geoparse(text, gazetteer)] == found


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_offsets_always_index_the_text(gazetteer, text):
    for m in geoparse(text, gazetteer):
        assert text[m.start:m.end] == m.surface
        assert m.passage_start <= m.start
        assert m.end <= m.passage_end
