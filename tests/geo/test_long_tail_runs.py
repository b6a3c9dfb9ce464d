"""The GeoNames long tail in runs of capitalised words (geo/geoparse/runs.py), through the geoparser: which names
of the world count as places, which are people, newspapers or ordinary words, and where capitals count.

The sentences are written for these tests (never benchmark text); the gazetteer is the real one."""

from __future__ import annotations

import pytest

from geo.dataset import load_dataset
from geo.gazetteer.lookup import Gazetteer
from geo.geoparse import geoparse
from geo.geoparse.memo import memo_of
from geo.geoparse.runs import _run_start_before, _same_spelling


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.from_dataset(load_dataset())


def places(text, gazetteer):
    return {m.surface: (m.country, m.kind) for m in geoparse(text, gazetteer, strict=True)}


def test_a_name_in_capitals_counts_at_the_start_of_a_line_only(gazetteer):
    """An all-capitals name is a dateline at the very start of a line, not after a space that follows the line
    break, and not in brackets followed by anything but the closing bracket."""
    assert places("Filed by our reporter\nDALLAS police arrested two men.", gazetteer) == {"DALLAS": ("US", "city")}
    assert places("Filed by our reporter\n DALLAS police arrested two men.", gazetteer) == {}
    assert places("(DALLAS) — Police arrested two men.", gazetteer) == {"DALLAS": ("US", "city")}
    assert places("Sales of the brand (DALLAS, 2019) rose.", gazetteer) == {}


def test_a_state_that_speaks_stays_a_place(gazetteer):
    """Only a small city that speaks ('said Tyler') is taken for a person: a state speaking is its government."""
    assert places('"We are ready," says Vermont.', gazetteer) == {"Vermont": ("US", "admin1")}
    assert places('"We are ready," said Tyler.', gazetteer) == {}


@pytest.mark.parametrize("town", ["Tyler", "Abilene", "Waco", "Amarillo", "Boise", "Fargo"])
def test_a_speaker_is_found_whatever_other_names_the_text_holds(gazetteer, town):
    """A small town speaking is a person even when the text has runs where a place is only part of the run
    (an office, a university, a newspaper): each run is judged, none of them ends the search. (The runs are
    judged in an order of their own, so several towns are tried.)"""
    text = ("Texas Governor, Seattle Times, Ohio University, Kansas Senator, Boston Herald, Oregon Governor, "
            f'Denver Post and Dallas Morning News staff came. "We are ready," said {town}.')
    found = places(text, gazetteer)
    assert town not in found
    assert {"Texas", "Seattle", "Ohio", "Kansas", "Boston", "Oregon", "Denver", "Dallas"} <= set(found)


def test_a_small_place_named_in_ordinary_words_is_not_read_into_them(gazetteer):
    """A name made of English words and geographic terms ('Old Harbour', a town of 26,000 in Jamaica) counts only
    for a place of 100,000 people or more: here it is a harbour that is old."""
    assert places("Tourists walked along the Old Harbour in the evening.", gazetteer) == {}


def test_a_person_named_in_two_or_three_words_is_that_person_in_the_whole_text(gazetteer):
    """A one-word place name beside first names ('Charlie Chen', 'Sarah Jane Chen') is a surname: the name alone
    later in the text ('Chen denied it') is the same person, not the Chinese town."""
    assert places("Chen denied it.", gazetteer) == {"Chen": ("CN", "city")}
    assert places("Charlie Chen, 48, was charged. Chen denied it.", gazetteer) == {}
    assert places("Sarah Jane Chen, 48, was charged. Chen denied it.", gazetteer) == {}


def test_a_place_far_into_a_text_is_found(gazetteer):
    """Where a long-tail name is found does not depend on how far into the text it is (offsets past 256)."""
    text = "The talks went on for hours and nobody would say what was agreed. " * 5 + "Rain flooded Tyler on Monday."
    [tyler] = geoparse(text, gazetteer, strict=True)
    assert (tyler.surface, tyler.start, tyler.country) == ("Tyler", text.index("Tyler"), "US")


def test_a_first_name_is_no_place_even_when_the_text_names_the_place(gazetteer):
    """'Tyler' the town is found; 'Tyler' opening the name 'Tyler Johnson' in the same text is not (the run of
    capitalised words it opens is a person's name)."""
    text = "Heavy rain flooded Tyler overnight. Tyler Johnson, a farmer, lost his barn."
    assert [(m.surface, m.start) for m in geoparse(text, gazetteer, strict=True)] == [("Tyler", 19)]


def test_a_place_after_a_brand_written_in_camel_case(gazetteer):
    """A capital inside a word ('eBay') starts no run: the place after it is found, and the text parses."""
    assert places("The eBay Dallas office opened in March.", gazetteer) == {"Dallas": ("US", "city")}


def test_an_acronym_beside_a_country_is_an_organisation_not_a_first_name(gazetteer):
    """'HSBC Malta' is the bank's Maltese arm: an all-capitals word is no first name, so Malta counts there and
    stays a country in the rest of the text. Written as an ordinary word, the dictionary name beside the country
    is a person's ('Chad Smith'), and the country alone later is that person."""
    text = "HSBC Malta said profits rose. Malta is a small market."
    assert [(m.surface, m.start, m.kind) for m in geoparse(text, gazetteer, strict=True)] == [
        ("Malta", 5, "country"), ("Malta", 30, "country")]
    assert places("Malta is a small market.", gazetteer) == {"Malta": ("MT", "country")}
    assert places("Hsbc Malta said profits rose. Malta is a small market.", gazetteer) == {}


def test_a_place_inside_a_longer_run_is_not_taken_for_the_place_alone(gazetteer):
    """'Zentrix Tyler' (a company's name) holds no town, even when the text names the town Tyler alone first:
    an occurrence counts only where no run of capitalised words reaches it from the left."""
    text = "Heavy rain flooded Tyler overnight. Staff at Zentrix Tyler were sent home."
    assert [(m.surface, m.start) for m in geoparse(text, gazetteer, strict=True)] == [("Tyler", 19)]


def test_a_place_opening_a_longer_name_is_no_speaker(gazetteer):
    """'Tyler Police said' is the town's police speaking: only a name that is the whole run can be a person who
    speaks, so Tyler stays a town there and later in the text."""
    text = "Tyler Police said the road was closed. Rain hit Tyler."
    assert [(m.surface, m.start) for m in geoparse(text, gazetteer, strict=True)] == [("Tyler", 0), ("Tyler", 48)]


def test_three_letter_names_count(gazetteer):
    """Names of three letters are long enough (Ulm, Gao); only shorter ones are refused."""
    assert places("Flooding hit Ulm on Monday.", gazetteer) == {"Ulm": ("DE", "city")}
    assert places("Troops entered Gao at dawn.", gazetteer) == {"Gao": ("ML", "city")}


def test_an_alternate_name_counts_only_for_a_large_place(gazetteer):
    """GeoNames lists 'Hamas' among the alternate names of Hamm (Germany, under 250,000 people): an alternate
    name of a place that size is not read as the place."""
    assert places("Hamas fired rockets.", gazetteer) == {}


def test_a_city_of_exactly_the_metonymy_size_speaks_as_a_government(gazetteer):
    """A city of 250,000 people or more speaking is its government, not a person: Niš (exactly 250,000 in
    GeoNames) stays a place after 'said'."""
    assert places('"We are ready," said Nis.', gazetteer) == {"Nis": ("RS", "city")}


def test_a_name_after_a_connector_is_judged_from_the_connector_on(gazetteer):
    """'Chevrolet of Tyler' (a dealership of the town): the words before the connector do not count against
    the place after it."""
    assert places("Sales rose at Chevrolet of Tyler.", gazetteer) == {"Tyler": ("US", "city")}
    assert places("Staff at Zentrix of Tyler left.", gazetteer) == {"Tyler": ("US", "city")}


def test_names_of_one_or_two_letters_are_refused(gazetteer):
    """GeoNames lists 'Hu' among Shanghai's alternate names; a two-letter word (here a surname) is never read
    as a place."""
    assert places("Hu said the talks went well.", gazetteer) == {}


def test_a_place_inside_a_run_at_the_very_start_of_the_text(gazetteer):
    """A run that opens the text ('Zentrix Tyler staff') still holds no town, as anywhere else."""
    text = "Zentrix Tyler staff were sent home after rain flooded Tyler."
    assert [(m.surface, m.start) for m in geoparse(text, gazetteer, strict=True)] == [("Tyler", 54)]


def test_only_a_hyphen_glues_a_participle_to_a_place(gazetteer):
    """'Tyler-made' ends the name before it; 'Tyler Made Zentrix', words apart, is one brand that holds no town."""
    assert places("Tyler Made Zentrix grew.", gazetteer) == {}


def test_a_name_opening_with_a_connector_is_found_whole_inside_a_run(gazetteer):
    """'Greater La Paz': the name that opens with a capitalised connector is looked up whole wherever it sits in
    the run (not 'Paz', a town in Mexico)."""
    assert places("Protests spread across Greater La Paz.", gazetteer) == {"La Paz": ("BO", "city")}


def test_a_small_town_named_like_a_person_counts_where_the_text_names_its_province(gazetteer):
    """A town of under 100,000 people whose name is also a dictionary proper noun (Hinton, Alberta: a surname)
    counts only in a text that names its state, province or county (the document scope), and only standing
    alone: beside another name it is part of a person's name, in the whole text."""
    assert places("Alberta lifted its rules and a pulp mill in Hinton hired forty workers.", gazetteer) == {
        "Alberta": ("CA", "admin1"), "Hinton": ("CA", "city")}
    assert places("Hinton hired forty workers, the Alberta government said.", gazetteer)["Hinton"] == ("CA", "city")
    assert places("A pulp mill in Hinton hired forty workers.", gazetteer) == {}
    assert places("Alberta has a new law. Geoffrey Hinton met the premier.", gazetteer) == {
        "Alberta": ("CA", "admin1")}
    assert places("In Alberta, Paul Hinton opened a bakery; Hinton said it was busy.", gazetteer) == {
        "Alberta": ("CA", "admin1")}


def test_an_alternate_name_that_only_respells_the_name_counts_like_it(gazetteer):
    """A GeoNames alternate name of a small place counts only when it is the place's own name in another
    romanisation ("Douma", French "ou", of Dūmā, 110,000 people in Syria); other alternate names of places under
    250,000 people stay out ("Hamas" is one of Hamm's), and so do short ones ("Wal" is Waal's)."""
    assert places("Shelling hit Douma again on Sunday.", gazetteer) == {"Douma": ("SY", "city")}
    assert places("Hamas fired rockets on Sunday.", gazetteer) == {}
    assert places("Shoppers queued at Wal-Mart on Sunday.", gazetteer) == {}


def test_a_demonym_is_no_small_town_even_in_its_state(gazetteer):
    """A demonym stays a non-toponym (docs/annotation-guide.md) even where it is also a small town's name and the
    text names the town's state: Canadian, Texas."""
    assert places("A Canadian firm bought a ranch in Texas.", gazetteer) == {"Texas": ("US", "admin1")}


def test_a_town_named_in_ordinary_words_counts_where_the_text_names_its_state(gazetteer):
    """A town of two or more ordinary words ("Rock Hill", South Carolina, 70,000 people) counts in the document
    scope: in a text that names its state; elsewhere it is a hill of rock."""
    assert places("Schools in Rock Hill reopened, South Carolina officials said.", gazetteer) == {
        "Rock Hill": ("US", "city"), "South Carolina": ("US", "admin1")}
    assert places("Schools in Rock Hill reopened on Monday.", gazetteer) == {}


def test_a_small_country_scopes_a_text_like_a_state(gazetteer):
    """A country of a state's size (Ireland, Greece: a box under about a million km²) makes the document scope for
    its small towns; a large one (the United States) does not."""
    assert places("Farmers near Kilcock met on Monday, officials in Ireland said.", gazetteer) == {
        "Kilcock": ("IE", "city"), "Ireland": ("IE", "country")}
    assert places("Farmers near Kilcock met on Monday.", gazetteer) == {}
    assert places("Ferries to Paros were cancelled, Greece said.", gazetteer)["Paros"] == ("GR", "city")
    assert places("Bees swarmed in Clyde, the United States reported.", gazetteer) == {
        "United States": ("US", "country")}


def test_a_place_kept_by_the_scope_lies_in_it_and_settles_its_county(gazetteer):
    """A small place kept by the document scope is the one inside the area that scoped it, and anchors the text's
    other names: beside Rock Hill (South Carolina), "York County" is South Carolina's, not Maine's."""
    mentions = {m.surface: m for m in geoparse(
        "Schools in Rock Hill reopened. York County officials said the roads were clear.", gazetteer, strict=True)}
    assert mentions["Rock Hill"].place_id == "geonames:4593142"
    assert mentions["York County"].place_id == "fips:45091"
    alone = geoparse("York County officials said the roads were clear.", gazetteer, strict=True)
    assert alone[0].place_id != "fips:45091"  # without the town, the county is another York County


@pytest.mark.parametrize("text", [
    "Alberta lifted its rules. Downtown Hinton hired forty workers.",
    "Alberta lifted its rules; the mill at North Hinton hired forty workers.",
])
def test_a_small_town_named_like_a_person_beside_ordinary_words_is_still_the_town(gazetteer, text):
    """"Downtown", "North": ordinary words beside the name make no person of it (a first name would)."""
    assert places(text, gazetteer) == {"Alberta": ("CA", "admin1"), "Hinton": ("CA", "city")}


@pytest.mark.parametrize(("key", "name", "same"), [
    ("douma", "duma", True), ("mossoul", "mosul", True), ("tallinn", "talin", True),
    ("halle", "hamm", False),  # sorts before it, but another name
    ("berlin", "bern", False), ("hamm", "halle", False), ("wal", "waal", False),
    ("ouralsk", "uralsk", False),  # the first letter must agree
])
def test_a_respelling_is_the_same_name_with_ou_for_u_or_a_doubled_letter(key, name, same):
    assert _same_spelling(key, name) is same


@pytest.mark.parametrize("text", [
    "Friends of Charlie Chen met. Chen denied it.",  # the person's name after a connector
    "Police in Shanghai said. Friends of Charlie Chen met. Chen denied it.",
])
def test_a_person_named_after_a_connector_is_the_person_in_the_whole_text(gazetteer, text):
    assert "Chen" not in places(text, gazetteer)


def test_a_small_town_named_like_a_person_in_a_phrase_after_a_connector_is_the_person(gazetteer):
    """"Friends of Paul Hinton": Hinton is Paul Hinton, here and where the text names him alone."""
    assert places("Alberta said so. Friends of Paul Hinton met. Hinton hired forty workers.", gazetteer) == {
        "Alberta": ("CA", "admin1")}


@pytest.mark.parametrize("text", ["  Tyler says the plan will work.", "\\tTyler says the plan will work."])
def test_a_speaker_at_the_start_of_an_indented_text_is_a_person(gazetteer, text):
    assert places(text, gazetteer) == {}


@pytest.mark.parametrize("offset", [0, 150, 300, 500])
def test_the_run_that_reaches_a_word_starts_at_its_first_capital_however_far_into_the_text(offset):
    text = "x" * offset + " Heavy rain. Jim Tyler said it."
    tyler = text.index("Tyler")
    assert _run_start_before(text, tyler) == text.index("Jim")
    assert _run_start_before(text, text.index("Heavy")) == text.index("Heavy")  # no run reaches it


@pytest.mark.parametrize(("key", "demonym"), [
    ("canadian", True), ("texan", True), ("mexican", True), ("chinese", True),
    ("alan", False), ("ban", False),  # a stem of two letters names no area here
    ("abia", False), ("aana", False),  # no demonym's ending
])
def test_a_demonym_is_an_areas_name_with_a_demonyms_ending(gazetteer, key, demonym):
    assert memo_of(gazetteer).rules._demonym(key) is demonym


def test_a_place_of_two_words_that_speaks_stays_the_place(gazetteer):
    """Only a one-word name is taken for a speaker ('said Tyler'): 'said Grand Rapids' is the city's voice."""
    assert places('"We are ready," said Grand Rapids.', gazetteer) == {"Grand Rapids": ("US", "city")}


def test_a_place_before_a_title_is_the_offices_place_even_when_it_opens_with_a_connector(gazetteer):
    assert places("La Paz Mayor Luis Revilla said the roads were closed.", gazetteer) == {"La Paz": ("BO", "city")}


def test_a_speaker_three_spaces_after_a_full_stop_opens_a_clause(gazetteer):
    assert places("It was over.   Tyler says the plan works.", gazetteer) == {}


def test_a_speaker_after_a_place_of_two_words_is_still_found(gazetteer):
    """Runs are read in turn: a two-word place before the speaker does not end the search for speakers."""
    assert places('Grand Rapids was quiet. "We are ready," said Tyler.', gazetteer) == {
        "Grand Rapids": ("US", "city")}


def test_a_middle_initial_s_is_no_possessive(gazetteer):
    """'Tyler S Broadway' is a person with a middle initial; only "'s" ends a phrase ("Tyler's")."""
    assert places("Texas police said Tyler S Broadway, 40, was charged.", gazetteer) == {"Texas": ("US", "admin1")}


def test_a_small_town_named_like_a_person_in_a_three_word_name_is_the_person(gazetteer):
    assert places("Alberta said so. Sarah Jane Hinton spoke. Hinton hired forty workers.", gazetteer) == {
        "Alberta": ("CA", "admin1")}


def test_the_surnames_of_the_datasets_people_are_people(gazetteer):
    """"Stalin" was Varna's name from 1949 to 1956 (a GeoNames alternate name of a city of 300,000): in a text
    about the leaders of the dataset's events it is the leader. Without the events' people the long tail reads
    it as Varna, so it is the dataset that decides."""
    text = "Kim Il-sung met Stalin in the Kremlin, then visited Varna."
    assert "Stalin" not in places(text, gazetteer)
    assert "Varna" in places(text, gazetteer)
    anonymous = Gazetteer(load_dataset().places)
    assert places(text, anonymous)["Stalin"][1] == "city"


def test_only_names_of_people_give_surnames():
    from geo.gazetteer.lookup import surname_keys

    assert surname_keys(["Joseph Stalin", "Kim Jong-un", "Vladimir  Putin", "Soviet Navy warships (commander not "
                         "reported)", "Commander of Russia’s Eastern Military District", "Madonna", ""]) == {
        "stalin", "jong un", "putin"}


@pytest.mark.parametrize("text", [
    "Oklahoma Gov. Mary Fallin signed the bill.",  # "Mary" is also a city of Turkmenistan
    "A talk on the war by Mrs. Lincoln drew a crowd.",
    "The report was read by Lt. Paul Henderson on Monday.",
])
def test_a_name_after_an_abbreviated_title_is_a_person(gazetteer, text):
    """The title's full stop ends the run of capitals before the name, so the run alone does not show the title:
    the text before it does."""
    assert not {"Mary", "Lincoln", "Paul"} & set(places(text, gazetteer))


def test_a_whole_title_word_before_a_full_stop_ends_a_sentence(gazetteer):
    """"… Municipal Court Judge. Columbus attorney …": only an abbreviated title ("Gov.", "Lt.") takes a full stop
    before a name; a whole word there ends the sentence, and the place after it stays a place."""
    text = "Smith unseats Turner for Municipal Court Judge. Columbus attorney Ann Lee won."
    assert places(text, gazetteer)["Columbus"] == ("US", "city")


@pytest.mark.parametrize(("text", "surface", "country"), [
    ("The train came through Razdolnoye on Monday.", "Razdolnoye", "RU"),  # GeoNames: Razdol’noye
    ("Shelling was heard near Tskhinvali overnight.", "Tskhinvali", "GE"),  # GeoNames: Tskhinval’i
])
def test_a_name_written_without_its_soft_signs_apostrophe_is_the_places_own(gazetteer, text, surface, country):
    """GeoNames romanises a soft sign with an apostrophe, which the name key reads as a word break; news leave it
    out. The name without it is the place's own name, not an alternate name held to 250,000 people."""
    assert places(text, gazetteer)[surface] == (country, "city")


def test_two_places_in_one_run_are_both_places(gazetteer):
    """"Dallas Texas" without its comma: a place beside another place is no person's name beside it."""
    assert places("Flights from Dallas Texas resumed on Monday.", gazetteer) == {
        "Dallas": ("US", "city"), "Texas": ("US", "admin1")}


def test_an_offices_place_leaves_the_rest_of_its_run_to_the_rules(gazetteer):
    """The place of an office ("Texas Governor …") is one span of its run; the run goes on past a connector to
    another place ("… of Houston")."""
    found = places("The bill was signed by Texas Governor Greg Abbott of Houston on Monday.", gazetteer)
    assert found == {"Texas": ("US", "admin1"), "Houston": ("US", "city")}


def test_a_curated_name_of_two_words_opening_a_run_keeps_the_words_after_it_in_place(gazetteer):
    """"North Korea Today": the curated name's two words are two places of the run's per-word kinds, so the
    word after it is judged at its own position."""
    assert places("The magazine North Korea Today reported from Busan.", gazetteer) == {
        "North Korea": ("KP", "country"), "Busan": ("KR", "city")}


def test_a_name_after_a_title_leaves_the_rest_of_its_run_to_the_rules(gazetteer):
    """"Admiral Ace Lyons" is a person; the run goes on past a connector to a place ("… of Boston")."""
    assert places("Retired Admiral Ace Lyons of Boston spoke.", gazetteer) == {"Boston": ("US", "city")}


def test_an_abbreviated_title_is_seen_across_a_run_of_spaces(gazetteer):
    """Text taken from a web page keeps runs of spaces: the title is looked for in the 16 characters before the
    name, enough for the longest abbreviated title ("Cmdr.") and a dozen spaces."""
    assert "Mary" not in places("Oklahoma Gov." + " " * 12 + "Mary Fallin signed the bill.", gazetteer)
