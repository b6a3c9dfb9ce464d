"""Areas as areas (issue 17, item 4): which mentioned places are outlines, how strongly they are shaded, and that
"Russia" in an article reaches the map as the area ``place:russia``, not as a point."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.map_areas import (
    AREA_OPACITY,
    REGION_GEOJSON,
    Outline,
    OutlineIndex,
    area_layers,
    area_legend_items,
    area_opacity,
    outline_index,
    split_areas,
)
from components.offline import WORLD_GEOJSON
from tests.app.conftest import APP
from tests.app.dashdata import make_data, write_caches

RUSSIA_ROW = ('russia,Russia,Russian Federation,country,61.5240,105.3188,RU,2017370,,'
              '"countrystatecity-countries countries.json, RU",2333,,,\n')

COUNTRIES = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "id": "643", "properties": {"name": "Russia"}, "geometry": None},
    {"type": "Feature", "id": "408", "properties": {"name": "North Korea"}, "geometry": None}]}
REGIONS = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "id": "RU-PRI", "geometry": None,
     "properties": {"cc": "RU", "gn": 2017623, "name": "Primorsky Krai", "names": "Primor'ye|Primorskiy Kray"}},
    {"type": "Feature", "id": "RU-MOS", "geometry": None,
     "properties": {"cc": "RU", "gn": 524925, "name": "Moscow", "names": "Moskovskaya"}},
    {"type": "Feature", "id": "US-KY", "geometry": None,
     "properties": {"cc": "US", "gn": 6254925, "name": "Kentucky", "names": "KY"}},
    {"type": "Feature", "id": "XX-01", "geometry": None,
     "properties": {"cc": "XX", "gn": None, "name": "Twin", "names": ""}},
    {"type": "Feature", "id": "XX-02", "geometry": None,
     "properties": {"cc": "XX", "gn": None, "name": "Twin", "names": ""}}]}
INDEX = OutlineIndex.from_geojson(COUNTRIES, REGIONS)

GAZETTEER = pd.DataFrame([
    {"id": "russia", "kind": "country", "country": "RU", "geonames_id": pd.NA, "coord_source": "", "aliases": ""},
    {"id": "moscow", "kind": "city", "country": "RU", "geonames_id": 524901, "coord_source": "", "aliases": ""},
    {"id": "primorsky-krai", "kind": "region", "country": "RU", "geonames_id": pd.NA,
     "coord_source": "countrystatecity-countries 2.0.1 by-country/RU/states.json, RU-PRI (Primorsky)",
     "aliases": "Primorye"},
    {"id": "moscow-oblast", "kind": "region", "country": "RU", "geonames_id": pd.NA,
     "coord_source": "GeoNames 524901 (Moscow; proxy)", "aliases": "Moscow region"},
    {"id": "russian-far-east", "kind": "region", "country": "RU", "geonames_id": pd.NA,
     "coord_source": "GeoNames 2022890 (Khabarovsk; proxy)", "aliases": "Far East"},
    {"id": "soviet-union", "kind": "historical_state", "country": "SU", "geonames_id": pd.NA,
     "coord_source": "", "aliases": "USSR"},
])


def _visible(*rows: tuple[str, str, str, int]) -> pd.DataFrame:
    return pd.DataFrame([{"place_id": p, "name": n, "kind": k, "lat": 50.0, "lon": 100.0, "mentions": m,
                          "articles": 1} for p, n, k, m in rows])


def test_countries_and_regions_become_areas_and_cities_stay_points() -> None:
    places = _visible(("russia", "Russia", "country", 9), ("moscow", "Moscow", "city", 5),
                      ("primorsky-krai", "Primorsky Krai", "region", 2),
                      ("moscow-oblast", "Moscow Oblast", "region", 1))
    split = split_areas(places, GAZETTEER, INDEX)
    drawn = dict(zip(split.areas["place_id"], zip(split.areas["source"], split.areas["key"], strict=True),
                     strict=True))
    assert drawn == {"russia": ("country", "643"),                # ISO alpha-2 RU -> numeric 643
                     "primorsky-krai": ("region", "RU-PRI"),      # the ISO 3166-2 code its record names
                     "moscow-oblast": ("region", "RU-MOS")}       # by name, "Oblast" dropped
    assert list(split.points["place_id"]) == ["moscow"]
    assert list(split.points["note"]) == [""]
    assert split.ids() == {"place:russia", "place:primorsky-krai", "place:moscow-oblast"}


def test_an_area_without_an_outline_is_a_point_that_says_why() -> None:
    places = _visible(("russian-far-east", "Russian Far East", "region", 3),
                      ("soviet-union", "Soviet Union", "historical_state", 2), ("atlantis", "Atlantis", "region", 1))
    split = split_areas(places, GAZETTEER, INDEX)
    assert split.areas.empty
    notes = dict(zip(split.points["place_id"], split.points["note"], strict=True))
    assert "no outline" in notes["russian-far-east"]
    assert "representative point" in notes["russian-far-east"]
    assert notes["soviet-union"].startswith("historical state")
    assert "no outline" in notes["atlantis"]


@pytest.mark.parametrize(("place_id", "kind", "expected"), [
    ("iso3166-2:RU-PRI", "admin1", Outline("region", "RU-PRI")),
    ("geonames:6254925", "admin1", Outline("region", "US-KY")),      # US states carry GeoNames ids
    ("geonames:2017370", "country", Outline("country", "643")),      # GeoNames' Russia
    ("geonames:2017370", "city", None),                              # not an area kind: a point
    ("fips:21111", "county", None),                                  # no county outlines shipped
    ("iso3166-2:JP-01", "admin1", None),                             # no such outline in the index
])
def test_the_long_tail_is_matched_by_its_id(place_id, kind, expected) -> None:
    split = split_areas(_visible((place_id, "x", kind, 1)), GAZETTEER, INDEX)
    got = (None if split.areas.empty
           else Outline(split.areas["source"].iloc[0], split.areas["key"].iloc[0]))
    assert got == expected


def test_a_name_two_regions_share_matches_neither() -> None:
    assert INDEX.region("XX", names=["Twin"]) is None
    assert INDEX.region("RU", names=["Primorskiy Kray"]) == Outline("region", "RU-PRI")
    assert INDEX.region("US", codes=["RU-PRI"]) is None, "a code of another country is not this region's"


def test_opacity_grows_with_mentions_on_a_fixed_scale() -> None:
    low, high = AREA_OPACITY
    assert area_opacity(1, 1) == high
    assert area_opacity(0, 40) == low
    assert area_opacity(40, 40) == high == area_opacity(400, 40)
    assert low < area_opacity(1, 40) < area_opacity(10, 40) < area_opacity(39, 40) < high


def test_area_layer_carries_ids_escaped_tips_and_shading() -> None:
    areas = pd.DataFrame([
        {"place_id": "russia", "name": "Russia", "kind": "country", "mentions": 10, "articles": 2,
         "source": "country", "key": "643"},
        {"place_id": "evil", "name": "<b>Evil</b>", "kind": "admin1", "mentions": 1, "articles": 1,
         "source": "region", "key": "RU-PRI"}])
    [layer] = area_layers(areas, 10, "place:russia", "#3f6f9f")
    assert layer["kind"] == "areas"
    assert layer["urls"] == {"country": WORLD_GEOJSON, "region": REGION_GEOJSON}
    russia, evil = layer["areas"]          # countries first, regions over them
    assert russia == {"source": "country", "key": "643", "id": "place:russia",
                      "tip": "Russia · country · 10 mentions in 2 articles",
                      "style": {"fillOpacity": AREA_OPACITY[1], "color": "#1b2a38", "weight": 2.2, "opacity": 1.0}}
    assert evil["tip"].startswith("&lt;b&gt;Evil&lt;/b&gt; · region · 1 mention in 1 article")
    assert evil["style"] == {"fillOpacity": area_opacity(1, 10)}
    assert area_layers(areas.iloc[:0], 10, None, "#000") == []


def test_legend_has_an_area_key_only_when_areas_are_named() -> None:
    assert area_legend_items(_visible(("russia", "Russia", "country", 1)), "#123456") == [
        ("area", "#123456", "Country or region named in articles (shade = mentions)")]
    assert area_legend_items(_visible(("moscow", "Moscow", "city", 1)), "#123456") == []


def test_the_vendored_outlines_cover_the_curated_areas() -> None:
    """Every curated country and every region whose record names an ISO 3166-2 code has an outline shipped."""
    index = outline_index()
    places = pd.read_csv(Path(__file__).resolve().parents[2] / "data" / "places.csv", dtype=str).fillna("")
    for row in places[places["kind"] == "country"].itertuples():
        assert index.country(row.country), row.id
    coded = places[places["coord_source"].str.contains(r"states\.json, [A-Z]{2}-", regex=True)]
    assert len(coded) > 30
    for row in coded.itertuples():
        code = re.search(r"states\.json, ([A-Z]{2}-[A-Z0-9]+)", row.coord_source).group(1)
        assert code in index.regions, row.id


# -- the app: "Russia" in an article is an area on the map -----------------------------------------------------


@pytest.fixture(scope="module")
def russia_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dashboard dataset with Russia added to its gazetteer (its articles say "Russia")."""
    data = make_data(tmp_path_factory.mktemp("areas") / "data")
    with (data / "places.csv").open("a", encoding="utf-8") as out:
        out.write(RUSSIA_ROW)
    write_caches(data)
    return data


def test_russia_is_an_area_with_its_id_and_no_point(russia_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATLAS_DATA_DIR", str(russia_env))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    [element] = [el for el in at.get("component_instance") if el.proto.component_name == "streamlit_folium.st_folium"]
    script = json.loads(element.proto.json_args)["feature_group"]
    start = re.search(r"atlasDraw\(\w+, ", script).end()
    layers, _ = json.JSONDecoder().raw_decode(script, start)   # the script goes on after the call
    areas = [a for layer in layers if layer["kind"] == "areas" for a in layer["areas"]]
    points = [f["properties"]["id"] for layer in layers if layer["kind"] == "features"
              for f in layer["features"] if f["geometry"]["type"] == "Point"]
    assert [a["id"] for a in areas] == ["place:russia"]
    assert areas[0]["key"] == "643"
    assert "mention" in areas[0]["tip"]
    assert "place:russia" not in points, "Russia must not also be a dot"
    assert "place:khasan" in points, "point places stay points"
    assert any("shade = mentions" in m.value for m in at.markdown), "the legend explains areas"
