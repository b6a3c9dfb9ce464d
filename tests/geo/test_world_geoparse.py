"""The geoparser on general news: the world's areas, "Place, Region" pairs, the document's scope and the
recognition rules, on sentences written for these tests (never benchmark text), with the real gazetteer."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from geo.dataset import load_dataset
from geo.gazetteer.lookup import Gazetteer, haversine_km
from geo.gazetteer.world import bbox_contains, bbox_of
from geo.geoparse import geoparse

WIRE = ("The president flew from Paris to Brazil, then visited Ohio and Texas. Russian officials in Sichuan met "
        "American diplomats. He later went to London, Ontario.")


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.from_dataset(load_dataset())


def found(text, gazetteer):
    return {m.surface: m for m in geoparse(text, gazetteer, strict=True)}


def test_the_wire_sentence_finds_every_place_and_nothing_else(gazetteer):
    mentions = geoparse(WIRE, gazetteer, strict=True)
    got = [(m.surface, m.country, m.kind) for m in mentions]
    assert got == [("Paris", "FR", "city"), ("Brazil", "BR", "country"), ("Ohio", "US", "admin1"),
                   ("Texas", "US", "admin1"), ("Sichuan", "CN", "admin1"), ("London", "CA", "city"),
                   ("Ontario", "CA", "admin1")]
    london = mentions[5]
    assert haversine_km(london.lat, london.lon, 42.98, -81.23) < 10  # London, Ontario, not London, England


def test_a_country_is_placed_at_its_own_point_with_a_box_not_at_its_capital(gazetteer):
    brazil = found("Exports from Brazil rose.", gazetteer)["Brazil"]
    assert brazil.kind == "country"
    assert brazil.bbox is not None
    assert haversine_km(brazil.lat, brazil.lon, -15.78, -47.93) > 500  # Brasília is on the edge, not the middle
    assert bbox_contains(brazil.bbox, brazil.lat, brazil.lon)
    assert bbox_contains(brazil.bbox, -23.55, -46.63)  # São Paulo lies in the box
    assert not bbox_contains(brazil.bbox, 48.85, 2.35)


@pytest.mark.parametrize(("text", "surface", "country"), [
    ("Officials in La Paz met on Monday.", "La Paz", "BO"),
    ("The plant near El Paso closed.", "El Paso", "US"),
    ("The court in The Hague ruled.", "The Hague", "NL"),
    ("The ship left Le Havre at dawn.", "Le Havre", "FR"),
])
def test_a_name_that_opens_with_a_connector_is_found_whole(gazetteer, text, surface, country):
    """A capitalised connector can open a name ("La", "El", "The"): the name is looked up whole, not as the word
    after it ("Paz" was La Paz, Mexico; "El Paso" was not found at all)."""
    [mention] = geoparse(text, gazetteer, strict=True)
    assert (mention.surface, mention.country) == (surface, country)


def test_a_lower_case_connector_still_ends_the_phrase(gazetteer):
    assert [m.surface for m in geoparse("The University of Houston on Saturday.", gazetteer, strict=True)] == \
        ["Houston"]


def test_a_curated_country_has_its_box_too(gazetteer):
    """The curated tier names Russia and the United States (its names, its point); the JSON still gives their box,
    the world tier's, and the point is the country's own (GeoNames' for the United States), not a capital's."""
    places = found("Sanctions by the U.S. hit Russia.", gazetteer)
    russia, us = places["Russia"], places["U.S."]
    assert (russia.place_id, us.place_id) == ("russia", "united-states")
    assert russia.bbox is not None
    assert us.bbox is not None
    assert bbox_contains(russia.bbox, 43.12, 131.89)    # Vladivostok
    assert bbox_contains(russia.bbox, 55.75, 37.62)     # Moscow
    assert not bbox_contains(russia.bbox, 39.02, 125.75)  # Pyongyang
    assert bbox_contains(us.bbox, us.lat, us.lon)
    assert (us.lat, us.lon) == (39.76, -98.5)
    assert haversine_km(us.lat, us.lon, 38.9, -77.04) > 1500   # Washington, D.C. is far from the middle
    assert found("Sanctions by the U.S. hit Russia.", gazetteer)["Russia"].to_dict()["bbox"] == list(russia.bbox)


@pytest.mark.parametrize(("text", "surface", "country", "kind"), [
    ("Talks in Europe stalled.", "Europe", "", "continent"),
    ("Floods hit Laurel County overnight.", "Laurel County", "US", "county"),
    ("Trade with Turkey and Chad grew.", "Turkey", "TR", "country"),
    ("Trade with Turkey and Chad grew.", "Chad", "TD", "country"),
    ("The UK objected.", "UK", "GB", "country"),
    ("Delegates from Bosnia and Herzegovina came.", "Bosnia and Herzegovina", "BA", "country"),
    ("A plant in Vladimir closed.", "Vladimir", "RU", "city"),  # the city, not the oblast named after it
])
def test_areas_of_the_world(gazetteer, text, surface, country, kind):
    mention = found(text, gazetteer)[surface]
    assert (mention.country or "", mention.kind) == (country, kind)


def test_a_county_point_comes_from_its_zip_codes_and_says_so(gazetteer):
    county = gazetteer.place(found("Laurel County voted.", gazetteer)["Laurel County"].place_id)
    assert "ZIP code" in county.reason
    assert county.bbox is not None
    assert bbox_contains(county.bbox, county.lat, county.lon)


@pytest.mark.parametrize(("text", "surface", "country", "near"), [
    ("A fire in Paris, Texas, killed two.", "Paris", "US", (33.66, -95.56)),
    ("A fire in Corbin, Ky., killed two.", "Corbin", "US", (36.95, -84.10)),
    ("He grew up in London, Ontario.", "London", "CA", (42.98, -81.23)),
])
def test_place_region_pairs_settle_the_place(gazetteer, text, surface, country, near):
    mentions = found(text, gazetteer)
    place = mentions[surface]
    assert place.country == country
    assert haversine_km(place.lat, place.lon, *near) < 25
    assert place.confidence >= 0.9
    assert "named with its region" in place.reason
    assert len(mentions) == 2  # the place and its region


def test_an_abbreviated_state_keeps_its_full_stop(gazetteer):
    mentions = found("A fire in Corbin, Ky., killed two.", gazetteer)
    assert mentions["Ky."].name == "Kentucky"


def test_a_list_of_states_is_not_a_place_region_pair(gazetteer):
    mentions = geoparse("Storms crossed Texas, Georgia and Ohio.", gazetteer, strict=True)
    assert [(m.surface, m.country, m.kind) for m in mentions] == [
        ("Texas", "US", "admin1"), ("Georgia", "US", "admin1"), ("Ohio", "US", "admin1")]


def test_the_document_scope_decides_between_namesakes(gazetteer):
    american = found("The storm hit Ohio and Kentucky before it reached Georgia.", gazetteer)["Georgia"]
    caucasian = found("Tbilisi said Georgia and Armenia will talk.", gazetteer)["Georgia"]
    assert (american.country, american.kind) == ("US", "admin1")
    assert (caucasian.country, caucasian.kind) == ("GE", "country")


def test_a_small_town_counts_only_when_the_text_names_its_state(gazetteer):
    assert "Chiefland" in found("Chiefland is a small town in Florida.", gazetteer)
    assert "Chiefland" not in found("Chiefland officials met.", gazetteer)


@pytest.mark.parametrize(("text", "surface"), [
    ("Police in Houston on Saturday arrested two men.", "Houston"),
    ("She teaches at the University of Houston.", "Houston"),
])
def test_a_connector_ends_the_phrase_that_holds_a_place(gazetteer, text, surface):
    assert found(text, gazetteer)[surface].country == "US"


@pytest.mark.parametrize("text", [
    "Russian officials met American diplomats and North Korean envoys.",  # demonyms are not places
    "Hamas said the talks failed.",  # only an alternate name of a small town
    "Charlie Chen, 48, was charged. Chen denied it.",  # a person, named twice
    "They ate turkey and chadwick pie.",  # lower case: words, not countries
])
def test_not_places(gazetteer, text):
    assert geoparse(text, gazetteer, strict=True) == []


def test_boxes_across_the_antimeridian():
    box = bbox_of([(64.0, 177.0), (66.0, -172.0), (65.0, 179.5)])
    assert box == (64.0, 177.0, 66.0, -172.0)  # west > east: the box crosses 180°
    assert bbox_contains(box, 65.0, 180.0)
    assert bbox_contains(box, 65.0, -175.0)
    assert not bbox_contains(box, 65.0, 0.0)
    assert bbox_of([]) is None


def test_the_cli_json_gives_an_areas_kind_and_box(tmp_path):
    article = tmp_path / "wire.txt"
    article.write_text(WIRE, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "geo", "geoparse", "--json", str(article)],
                         capture_output=True, text=True, check=True)
    mentions = json.loads(out.stdout)
    mentions = mentions["mentions"] if isinstance(mentions, dict) else mentions
    by_surface = {m["surface"]: m for m in mentions}
    assert by_surface["Sichuan"]["kind"] == "admin1"
    south, west, north, east = by_surface["Sichuan"]["bbox"]
    assert south < 30.66 < north
    assert west < 104.07 < east
    assert by_surface["Paris"]["bbox"] is None  # a city is a point


@pytest.mark.parametrize(("text", "surface", "at"), [
    ("The house on Royal Street in the old quarter of New Orleans was sold.", "Royal Street", "New Orleans"),
    ("NEW ORLEANS — A fire broke out at the Carnegie Library overnight.", "Carnegie Library", "NEW ORLEANS"),
    ("The museum opens on Collins Avenue in Miami Beach next week.", "Collins Avenue", "Miami Beach"),
    ("The race is at Donington Park, Leicestershire, in June.", "Donington Park", "Leicestershire"),
])
def test_a_street_or_facility_is_placed_where_the_text_puts_it(gazetteer, text, surface, at):
    mentions = found(text, gazetteer)
    facility, anchor = mentions[surface], mentions[at]
    assert facility.place_id == anchor.place_id
    assert (facility.lat, facility.lon) == (anchor.lat, anchor.lon)
    assert facility.confidence < anchor.confidence
    assert "street or facility" in facility.reason


def test_a_facility_alone_is_listed_unresolved_and_a_title_is_no_facility(gazetteer):
    alone = found("Doctors at Alder Hey Children's Hospital said so.", gazetteer)["Alder Hey Children's Hospital"]
    assert alone.place_id is None
    assert "street or facility" in alone.reason
    assert "President Park" not in found("President Park met the delegation in Seoul.", gazetteer)


@pytest.mark.parametrize(("text", "surface", "country"), [
    ("By Nate Raymond. BOSTON (Reuters) - The owner of a restaurant spoke.", "BOSTON", "US"),
    ("(NEW YORK) — Police officers responded to a call.", "NEW YORK", "US"),
    ("Officials met. LAHORE, April 5 (APP): The army chief spoke.", "LAHORE", "PK"),
    ("He flew to St. Louis on Monday.", "St. Louis", "US"),
    ("She moved to Wales in May.", "Wales", "GB"),
])
def test_datelines_abbreviated_saints_and_the_uk_countries(gazetteer, text, surface, country):
    assert found(text, gazetteer)[surface].country == country


@pytest.mark.parametrize("text", [
    "THE SUMMIT ENDED - and the leaders left.",  # capitals that are no dateline
    "NATO leaders met; NATO said the talks went well.",  # an acronym is no place
    "The White House said on Monday that talks would resume.",  # a translated alternate name ("Casablanca")
])
def test_capitals_and_translations_that_are_no_places(gazetteer, text):
    assert geoparse(text, gazetteer, strict=True) == []


def test_a_well_known_place_inside_an_organisation_name(gazetteer):
    mentions = found("The report ran in DeSmog Canada; Jordan Vandermeer did not comment.", gazetteer)
    assert mentions["Canada"].kind == "country"
    assert "Jordan" not in mentions, "a country's name opening a two-word name is a first name as often"


def test_the_european_union_is_an_area_of_its_members(gazetteer):
    eu = found("Ministers of the EU met in Brussels.", gazetteer)["EU"]
    assert (eu.place_id, eu.kind) == ("iso3166-1:EU", "region")
    assert bbox_contains(eu.bbox, 50.85, 4.35)  # Brussels lies in the members' box
    assert bbox_contains(eu.bbox, eu.lat, eu.lon)
    # its point is GeoNames' point of Europe (no source has one for the Union), which lies in Germany
    europe = found("Trade across Europe slowed.", gazetteer)["Europe"]
    assert (eu.lat, eu.lon) == (europe.lat, europe.lon)
    assert 47 < eu.lat < 55
    assert 6 < eu.lon < 15


@pytest.mark.parametrize(("text", "surface", "country"), [
    ("Peru’s Supreme Court ruled on Tuesday.", "Peru", "PE"),  # a possessive ends the phrase
    ("Kenya's Health Minister Susan Nakhumicha spoke.", "Kenya", "KE"),
    ("Ohio Governor Mike DeWine signed the bill.", "Ohio", "US"),  # a place, then a title and a person
    ("Lyon Archbishop Olivier de Germay said mass.", "Lyon", "FR"),
    ("Ohio Attorney General Dave Yost sued.", "Ohio", "US"),
    # the ordinary words of an office between the place and the title
    ("“We have no suspect,” said Fresno Police Chief Ann Marsh.", "Fresno", "US"),
    ("The report reached Marion County Sheriff Bill Dowd on Monday.", "Marion County", "US"),
    ("Leeds City Council Leader Tom Ash resigned.", "Leeds", "GB"),
    ("Arkansas State Police Trooper Jim Lake stopped the car.", "Arkansas", "US"),
    ("Ottawa MPP Joel Harden spoke.", "Ottawa", "CA"),  # titles of local offices and parliaments
    ("Galway Cllr Mary Shields objected.", "Galway", "IE"),
    ("The Seattle Times Kowalski report was cited.", "Seattle", "US"),  # a newspaper named after its place
    ("The Nairobi-based Kenyan Charity Trust said so.", "Nairobi", "KE"),  # <place>-based
    ("Tehran-backed Houthi Forces fired again.", "Tehran", "IR"),
])
def test_a_place_before_a_possessive_a_title_or_a_participle(gazetteer, text, surface, country):
    assert found(text, gazetteer)[surface].country == country


@pytest.mark.parametrize("text", [
    "Sheriff Jordan Banks said the road was closed.",  # a name right after a title is a person
    "Detective Austin Harper Coach of the Year spoke.",
    "Judge Paris Ward ruled on Monday.",
    "The coach, Principal Dallas Reed, smiled.",
])
def test_a_name_after_a_title_of_local_office_is_a_person(gazetteer, text):
    assert found(text, gazetteer) == {}


def test_an_office_reaches_its_title_only_through_ordinary_words(gazetteer):
    """A first name, then a surname that is no English word, then a title: a person, not a place ("Austin
    Vandermeer Coach" is no coach of Austin)."""
    assert "Austin" not in found("Austin Vandermeer Coach Tim Lee spoke.", gazetteer)


def test_what_follows_a_possessive_still_belongs_to_its_owner(gazetteer):
    assert found("Henry’s Turkey Service closed its doors.", gazetteer) == {}  # Henry's firm, not the country


def test_a_small_town_name_that_speaks_is_a_person_in_that_document(gazetteer):
    text = '"We will rebuild the barn," said Tyler. Tyler grew up on a farm near the river.'
    assert found(text, gazetteer) == {}
    # a name that does not speak, or a capital speaking for its government, stays a place
    assert "Tyler" in found("Heavy rain flooded Tyler, Texas, on Monday.", gazetteer)
    assert "Tyler" in found("Officials in Tyler said the road is closed.", gazetteer)  # the officials speak
    assert "Tyler" in found("The mayor said Tyler would gain from the plan.", gazetteer)  # Tyler is spoken of
    assert found("Moscow said it would respond.", gazetteer)["Moscow"].country == "RU"


def test_a_county_scopes_the_whole_document_not_only_what_follows(gazetteer):
    # a local paper names its county anywhere in the story; "Athens" before it is the county seat, not Greece
    text = "Athens schools open late on Monday. Snow fell across McMinn County overnight."
    athens = found(text, gazetteer)["Athens"]
    assert athens.country == "US"
    assert haversine_km(athens.lat, athens.lon, 35.44, -84.59) < 20


def test_a_country_named_in_the_text_does_not_turn_a_country_into_a_town_of_it(gazetteer):
    # "the U.S." vouches for US places, but not for Mexico, Missouri over the country Mexico
    text = "Candidates in Mexico promised jobs. The U.S. Congress in Washington debated tariffs on Mexico."
    assert [m.country for m in geoparse(text, gazetteer) if m.surface == "Mexico"] == ["MX", "MX"]


def test_a_city_far_bigger_than_its_namesakes_vouches_for_its_state(gazetteer):
    """A city some 75 times the size of its next namesake (Atlanta, 510,000 people; Atlanta, Texas, 5,600) anchors
    the document's context: beside it, "Georgia" is the US state, elsewhere still the country."""
    assert found("Officials in Atlanta said Georgia would cut fuel taxes.", gazetteer)["Georgia"].country == "US"
    assert found("Officials in Tbilisi said Georgia would cut fuel taxes.", gazetteer)["Georgia"].country == "GE"
    assert found("Georgia would cut fuel taxes, officials said.", gazetteer)["Georgia"].country == "GE"


@pytest.mark.parametrize(("text", "surface", "name"), [
    ("Voters in NJ and Ohio were glad.", "NJ", "New Jersey"),  # a form of "N.J." is looked up by its key
    ("Prices rose in SC last week.", "SC", "South Carolina"),
    ("Voters in the U.A.E. were glad.", "U.A.E.", "United Arab Emirates"),  # three letters, like "S E O U L"
])
def test_an_area_abbreviation_in_any_of_its_forms_is_resolved(gazetteer, text, surface, name):
    assert found(text, gazetteer)[surface].name == name


def test_canadian_province_abbreviations_but_not_an_era(gazetteer):
    """Canadian Press and Canada Post abbreviations of provinces ("B.C.", "BC", "P.E.I.", "Ont."); a number before
    "BC" makes it a year."""
    assert found("Ferries to Victoria, B.C., were late.", gazetteer)["B.C."].name == "British Columbia"
    assert found("Crews across BC cleared snow.", gazetteer)["BC"].name == "British Columbia"
    assert found("Potato growers in P.E.I. had a good year.", gazetteer)["P.E.I."].name == "Prince Edward Island"
    assert "BC" not in found("The fort stood from 500 BC until the Romans came.", gazetteer)
    assert "B.C." not in found("It was built in 300 B.C. by a king.", gazetteer)


def test_of_namesake_counties_the_one_holding_a_named_place_wins(gazetteer):
    """A state or county whose box holds a place the text names counts it as a place inside a named state would:
    of the Suffolk Counties (Massachusetts, New York), the one that holds Riverhead."""
    mentions = found("Storms flooded Riverhead. Suffolk County crews worked overnight.", gazetteer)
    assert mentions["Suffolk County"].place_id == "fips:36103"  # New York's


def test_one_sense_per_document(gazetteer):
    """A name that its sentences resolve to different places takes everywhere the place it was surest of: Athens
    before "Ohio" is named is still the Athens in Ohio, as it is after."""
    mentions = geoparse("Athens schools closed early on Monday. Ohio officials said Athens would reopen soon.",
                        gazetteer, strict=True)
    assert [(m.surface, m.country) for m in mentions] == [("Athens", "US"), ("Ohio", "US"), ("Athens", "US")]
    assert mentions[0].place_id == mentions[2].place_id


def test_a_county_named_after_a_curated_place_is_not_that_place(gazetteer):
    """"Washington County", "Moscow Township": a local government area named after a place is another place — the
    US county when the long tail knows it, else nothing; never the city."""
    assert found("Washington County deputies arrested him.", gazetteer)["Washington County"].kind == "county"
    assert found("Moscow Township police arrested him.", gazetteer) == {}
    assert set(found("Rain fell on Washington and Moscow.", gazetteer)) == {"Washington", "Moscow"}
