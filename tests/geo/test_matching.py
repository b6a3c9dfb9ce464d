"""The curated pass (geo/gazetteer/matching.py): which curated names of a text count (capitals, abbreviations),
their spans (longest first, a name's own full stop), the names right after a title, where cues and spaced
datelines may start. Sentences written for these tests, with the dataset's curated gazetteer."""

from __future__ import annotations

import pytest

from geo.dataset import load_dataset
from geo.gazetteer.lookup import Gazetteer
from geo.gazetteer.matching import curated_hits, curated_spans


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.from_dataset(load_dataset(), long_tail=False)


@pytest.mark.parametrize(("text", "spans"), [
    ("Trains left North Korea for Moscow.", [(12, 23, "north korea"), (28, 34, "moscow")]),  # not "Korea" too
    ("trains left moscow", []),  # a name in lower case is a word
    ("Go To moscow", []),  # even after capitalised words
    ("trains left north korea", []),  # every word of a name in lower case
    ("The DPRK and the dprk", [(4, 8, "dprk")]),  # an abbreviation only in capitals
    ("the Russian Far East and northeast Asia",  # a later capitalised word makes a lower-case first word a name
     [(4, 20, "russian far east"), (25, 39, "northeast asia")]),
    ("He flew to St. Petersburg.", [(11, 25, "st petersburg")]),  # the sentence's full stop is not the name's
    ("U.S. troops", [(0, 4, "u s")]),  # the abbreviation's own full stop is
    ("U.S: troops", [(0, 3, "u s")]),  # and only a full stop
    ("President Khasan spoke", [(10, 16, "khasan")]),  # a title is no name
])
def test_curated_spans(gazetteer, text, spans):
    assert curated_spans(text, gazetteer) == spans


@pytest.mark.parametrize(("text", "titled"), [
    ("President Khasan spoke", {10}),
    ("Gen. Khasan spoke", {5}),
    ("Gen.\tKhasan", {5}),
    ("Gen Khasan", {4}),
    ("Gen." + " " * 12 + "Khasan", {16}),  # sixteen characters from the title's start
    ("Gen." + " " * 13 + "Khasan", set()),  # seventeen: too far
    ("General-Khasan", set()),  # no white space between
    ("xGen. Khasan", set()),  # the title must be a whole word
    (" xGen. Khasan", set()),
    ("(Gen. Khasan", set()),  # white space before the title, not punctuation
    ("Gen.. Khasan", {6}),  # periods after the title
    ("Yesterday Gen. Khasan spoke", {15}),
    ("Officials said President Khasan spoke", {25}),  # far into the text
    ("(Gen." + " " * 12 + "Khasan", {17}),  # at the window's start, what lies before the title is not looked at
    ("He flew to St. Petersburg.", set()),  # a name that starts with a title word does not follow it
    ("a President of Khasan", set()),
    ("Trains left Khasan", set()),
])
def test_names_right_after_a_title(gazetteer, text, titled):
    assert curated_hits(text, gazetteer)[1] == titled


def test_the_pass_tells_where_cues_and_spaced_datelines_may_start(gazetteer):
    _, _, cue_starts, spaced_starts = curated_hits("Razdolnoye station", gazetteer)
    assert (cue_starts, spaced_starts) == ([10], [])
    _, _, cue_starts, spaced_starts = curated_hits("S E O U L", gazetteer)
    assert (cue_starts, spaced_starts) == ([], [0, 2, 4])
    _, _, cue_starts, _ = curated_hits("station Khasan", gazetteer)  # no white space before the cue word
    assert cue_starts == []
    _, _, _, spaced_starts = curated_hits("Officials said President Khasan spoke", gazetteer)  # a title is no dateline
    assert spaced_starts == []


@pytest.mark.parametrize(("text", "cue_starts"), [
    ("Razdolnoye station — Khasan", [10]),  # a dash folds to a space
    ("Razdolnoye station near Khasan, en Russie, à l'est", [10]),  # letters fold to letters
])
def test_the_pass_still_tells_cue_starts_in_a_text_with_accents_and_dashes(gazetteer, text, cue_starts):
    """Only a non-word character that folds to a letter ("™") makes the pass give up on the hints; dashes and
    accented letters do not."""
    assert curated_hits(text, gazetteer)[2] == cue_starts


@pytest.fixture(scope="module")
def world():
    """With the world's areas: "BC" (British Columbia) and the other abbreviations come from the long tail."""
    return Gazetteer.from_dataset(load_dataset())


_FAR = "x" * 100 + ". "


@pytest.mark.parametrize(("text", "names"), [
    ("He lived around 500 BC.", []),  # a number before an era abbreviation: a year, not British Columbia
    ("By 12,000 BC ice covered it.", []),
    ("5" + " " * 11 + "BC", []),  # the number's last digit twelve characters back
    ("5" + " " * 12 + "BC", ["BC"]),  # thirteen: too far, the province
    (_FAR + "5 BC", []),  # far into a text too
    (_FAR + "5" + " " * 20 + "BC", ["BC"]),
    ("The ferry left BC for Alaska.", ["BC", "Alaska"]),
    ("Vancouver, B.C., said", ["B.C."]),
    ("In 2019 Moscow hosted talks", ["Moscow"]),  # only an era's abbreviation is a year after a number
])
def test_an_era_after_a_number_is_a_year_not_a_place(world, text, names):
    assert [text[start:end] for start, end, _ in curated_spans(text, world)] == names


@pytest.mark.parametrize(("text", "titled"), [
    ("(Gen." + " " * 11 + "Khasan", set()),  # fifteen characters back: the title must follow white space
    ("xxxxx(Gen." + " " * 12 + "Khasan", {22}),  # sixteen back, far into the text: the window's start
    ("x" * 31 + " Gen. Khasan", {37}),
])
def test_a_title_is_looked_for_sixteen_characters_back(gazetteer, text, titled):
    assert curated_hits(text, gazetteer)[1] == titled
