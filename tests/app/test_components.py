"""The dashboard's pure pieces, table-driven: filters, passages, escaping, URL state, map features, exports."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from components.exports import view_geojson, view_rows
from components.filters import visible
from components.html_safe import external_link, safe_href
from components.loader import data_fingerprint
from components.map_layers import (
    PLACE_RADIUS,
    base_map,
    feature_group,
    legend_items,
    place_radius,
    to_lonlat,
    visible_layers,
)
from components.map_view import selection_from_map
from components.model import build_view, year_of
from components.passages import article_html, highlight, paragraph_bounds, quote_passage
from components.state import LAYERS, UrlState, from_query, parse_selection, to_query
from components.time_controls import decades, next_window
from geo.dataset import load_dataset
from geo.routing import JourneyRoute, Leg, Route
from geo.store.mentions import load_mentions

# A hand-made route, so the map's tests know its legs exactly: Khasan → Skovorodino by rail, then on by air.
KHASAN, SKOVORODINO, ULAN_UDE = (42.43, 130.65), (53.98, 123.94), (51.83, 107.6)
ROUTE = JourneyRoute("2011-kim-jong-il-ulan-ude", ("khasan", "skovorodino", "ulan-ude"), Route((
    Leg("khasan", "skovorodino", "rail", 2100.0, False, ("khasan", "skovorodino"), (KHASAN, SKOVORODINO)),
    Leg("skovorodino", "ulan-ude", "air", 1157.0, False, ("skovorodino", "ulan-ude"), (SKOVORODINO, ULAN_UDE)),
)))


@pytest.fixture(scope="module")
def view(dash_dir):
    ds = load_dataset(dash_dir)
    return build_view(ds, load_mentions(ds), {ROUTE.journey_id: ROUTE})


@pytest.mark.parametrize(("dates", "years"), [
    (["1986", "1986-12", "1986-12-03", "", None], [1986, 1986, 1986, None, None]),
])
def test_year_of_partial_dates(dates, years) -> None:
    got = year_of(pd.Series(dates)).tolist()
    assert [None if pd.isna(g) else int(g) for g in got] == years


@pytest.mark.parametrize(("years", "events"), [
    ((1949, 2025), 4), ((2011, 2011), 1), ((2003, 2010), 0), ((2002, 2011), 2), ((1949, 1949), 1),
])
def test_visible_events_overlap_the_range(view, years, events) -> None:
    assert len(visible(view, years).events) == events


@pytest.mark.parametrize(("layers", "empty"), [
    (("events",), {"journeys", "mentions"}), (("routes", "mentions"), {"events"}), ((), {"events", "journeys"}),
])
def test_layers_switch_tables_off(view, layers, empty) -> None:
    vis = visible(view, (1949, 2025), layers)
    for name in empty:
        assert getattr(vis, name).empty


def test_place_counts_count_mentions_and_articles(view) -> None:
    places = visible(view, (2011, 2011)).places.set_index("place_id")
    assert places.loc["skovorodino", "mentions"] == 3
    assert places.loc["skovorodino", "articles"] == 1


@pytest.mark.parametrize(("text", "position", "bounds"), [
    ("one\n\ntwo two\n\nthree", 6, (5, 12)), ("one\n\ntwo", 0, (0, 3)), ("single", 3, (0, 6)),
    ("a\n  \nb", 5, (5, 6)),
])
def test_paragraph_bounds(text, position, bounds) -> None:
    assert paragraph_bounds(text, position) == bounds


@pytest.mark.parametrize(("text", "spans", "expected"), [
    ("at Khasan.", [(3, 9)], "at <mark>Khasan</mark>."),
    ("<b>Khasan</b>", [(3, 9)], "&lt;b&gt;<mark>Khasan</mark>&lt;/b&gt;"),
    ("x Khasan y Khasan", [(11, 17), (2, 8)], "x <mark>Khasan</mark> y <mark>Khasan</mark>"),
    ("overlap", [(0, 4), (2, 6)], "<mark>over</mark>lap"),
])
def test_highlight_escapes_and_marks(text, spans, expected) -> None:
    assert highlight(text, spans) == expected


def test_quote_passage_and_article_html_escape() -> None:
    text = 'First <script>x</script>.\n\nThe "quote" here.'
    assert quote_passage(text, '"quote"') == "The <mark>&quot;quote&quot;</mark> here."
    assert quote_passage(text, "absent") is None
    assert article_html(text, [(0, 5)]) == ("<p><mark>First</mark> &lt;script&gt;x&lt;/script&gt;.</p>\n"
                                            "<p>The &quot;quote&quot; here.</p>")


@pytest.mark.parametrize(("url", "href"), [
    ("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&amp;c=2"),
    ("http://x.y", "http://x.y"),
    ("javascript:alert(1)", None), (" JavaScript:alert(1)", None), ("data:text/html,x", None), ("", None),
    ("//evil.example", None), ('https://x.y/"><script>', "https://x.y/&quot;&gt;&lt;script&gt;"),
])
def test_safe_href_allows_only_http(url, href) -> None:
    assert safe_href(url) == href


def test_external_link_shows_unsafe_urls_as_text() -> None:
    assert external_link("javascript:alert(1)", "<b>x</b>") == "&lt;b&gt;x&lt;/b&gt; (javascript:alert(1))"


@pytest.mark.parametrize(("params", "state"), [
    ({}, UrlState()),
    ({"from": "2011", "to": "2011", "place": "khasan"}, UrlState((2011, 2011), selection="place:khasan")),
    ({"from": "2019", "to": "2002"}, UrlState((2002, 2019))),
    ({"from": "1900", "to": "3000"}, UrlState((1949, 2025))),
    ({"from": "x"}, UrlState()),
    ({"event": "2019-a", "layers": "events,bogus"}, UrlState(layers=("events",), selection="event:2019-a")),
    ({"journey": "2011-j", "article": "ap-2011-08-22"},
     UrlState(selection="journey:2011-j", article="ap-2011-08-22")),
    ({"place": "x [log in](https://evil.example)", "article": "![p](https://evil.example/p.png)"}, UrlState()),
    ({"place": "Khasan"}, UrlState()),
])
def test_url_state_round_trip(params, state) -> None:
    assert from_query(params) == state
    assert from_query(to_query(state)) == state


def test_the_default_layers_stay_out_of_the_url() -> None:
    """The plain URL stays plain: every layer on (however the tuple was built) writes no ``layers``."""
    assert "layers" not in to_query(UrlState(layers=tuple(x for x in LAYERS)))
    assert "layers" not in to_query(from_query({"layers": ",".join(LAYERS)}))


@pytest.mark.parametrize("layer", LAYERS)
def test_one_layer_is_written_to_the_url(layer) -> None:
    assert to_query(UrlState(layers=(layer,)))["layers"] == layer


@pytest.mark.parametrize(("value", "parsed"), [
    ("place:khasan", ("place", "khasan")), ("event:2019-x", ("event", "2019-x")), ("place:", None),
    ("route:x", None), ("", None), (None, None), ("khasan", None), ("place:[x](https://e.example)", None),
])
def test_parse_selection(value, parsed) -> None:
    assert parse_selection(value) == parsed


@pytest.mark.parametrize(("value", "selection"), [
    ({"last_active_drawing": {"properties": {"id": "place:khasan"}}}, "place:khasan"),
    ({"last_active_drawing": {"properties": {}}}, None),            # a cluster or unlabeled layer
    ({"last_active_drawing": None, "last_object_clicked_count": 2}, None),
    ({"last_active_drawing": {"properties": {"id": 5}}}, None), (None, None),
])
def test_selection_from_map(value, selection) -> None:
    assert selection_from_map(value) == selection


@pytest.mark.parametrize(("years", "following"), [((1949, 1953), (1950, 1954)), ((2020, 2025), None)])
def test_play_steps_the_window(years, following) -> None:
    assert next_window(years) == following


def test_decades_cover_the_range() -> None:
    windows = decades()
    assert windows[0] == ("1940s", (1949, 1949))
    assert windows[-1] == ("2020s", (2020, 2025))
    assert len(windows) == 9


def test_base_map_is_the_same_for_every_range(view) -> None:
    """streamlit-folium keys the iframe on the base map's script: it must not depend on the years."""
    from streamlit_folium import generate_leaflet_string

    first = generate_leaflet_string(base_map(view))
    assert generate_leaflet_string(base_map(view)) == first
    assert "cdn.jsdelivr" not in base_map(view).get_root().render()


def test_feature_group_carries_ids_and_escaped_tooltips(view) -> None:
    events = view.events.assign(title=view.events["title"] + ' <img src=x onerror="alert(1)"><script>alert(2)')
    view = dataclasses.replace(view, events=events)
    fg = feature_group(view, visible(view, (2011, 2019)), "place:khasan")
    m = base_map(view)
    fg.add_to(m)
    script = m.get_root().render()
    assert '"id": "place:skovorodino"' in script
    assert '"id": "journey:2011-kim-jong-il-ulan-ude"' in script
    # folium's JSON encodes "&" as \u0026: the tooltip text arrives as "&lt;img …" and shows literally.
    assert "\\u0026lt;img src=x onerror=\\u0026quot;alert(1)\\u0026quot;\\u0026gt;\\u0026lt;script" in script
    assert "<script>alert" not in script
    assert "<img src=x" not in script
    assert "atlasDraw(feature_group_" in script
    assert '"kind": "antpath"' in script


def test_feature_group_script_is_not_a_template(view) -> None:
    """Titles reach the map as text: "{{ … }}" and "{% … %}" are neither evaluated nor a syntax error."""
    from streamlit_folium import _get_feature_group_string

    events = view.events.assign(title=view.events["title"] + " {{ 7*7 }} {% if %} {#")
    view = dataclasses.replace(view, events=events)
    script = _get_feature_group_string(feature_group(view, visible(view, (2011, 2011)), None), base_map(view))
    assert "{{ 7*7 }} {% if %} {#" in script
    assert " 49 " not in script


def test_visible_layers_are_plain_data_drawn_bottom_to_top(view) -> None:
    layers = visible_layers(view, visible(view, (2011, 2011)), "journey:2011-kim-jong-il-ulan-ude")
    kinds = [layer["kind"] for layer in layers]
    assert kinds[0] == "features"
    assert "antpath" in kinds
    assert kinds[-1] == "line"   # the selected journey's shadow lies on top
    json.dumps(layers)           # nothing but JSON types
    chosen = [layer for layer in layers if layer["kind"] == "antpath" and layer["options"]["weight"] == 6]
    assert chosen, "the selected journey is drawn wider"
    ring = visible_layers(view, visible(view, (2011, 2011)), "place:khasan")[-1]
    assert ring["interactive"] is False
    assert ring["features"][0]["geometry"]["coordinates"][1] == pytest.approx(42.43, abs=0.01)


def test_areas_shown_as_points_are_left_out_of_the_fit(view) -> None:
    """The fit button frames points and routes (static/atlas/layers.js); a place whose point stands for a whole
    area or sea (no outline to draw) says ``fit: false``, a town does not."""
    vis = visible(view, (1949, 2025))
    extra = pd.DataFrame({"place_id": ["pacific", "asia-x", "sakhalin-x"], "name": ["Pacific", "Asia", "Sakhalin"],
                          "kind": ["water", "continent", "island"], "lat": [-5.0, 30.0, 50.0],
                          "lon": [-147.0, 89.0, 143.0], "mentions": [1, 1, 1], "articles": [1, 1, 1]})
    vis = dataclasses.replace(vis, places=pd.concat([vis.places, extra], ignore_index=True))
    points = {f["properties"]["id"]: f["properties"] for layer in visible_layers(view, vis, None)
              if layer["kind"] == "features" for f in layer["features"]
              if f["properties"].get("id", "").startswith("place:")}
    assert points["place:pacific"]["fit"] is False
    assert points["place:asia-x"]["fit"] is False
    assert "fit" not in points["place:sakhalin-x"]
    assert "fit" not in points["place:khasan"]


def test_the_engines_legs_reach_the_map_as_they_are(view) -> None:
    """The view keeps geo.routing's typed legs; the map draws rail legs as ant paths, the others dotted."""
    row = view.journeys.set_index("id").loc[ROUTE.journey_id]
    assert row["legs"] == ROUTE.route.legs
    assert all(isinstance(leg, Leg) for leg in row["legs"])
    assert row["path"] == (KHASAN, SKOVORODINO, ULAN_UDE)
    assert row["km"] == 3257.0
    assert not row["km_official"]
    drawn = [(layer["kind"], layer["path"]) for layer in visible_layers(view, visible(view, (2011, 2011)), None)
             if layer["kind"] in ("antpath", "line")]
    assert drawn == [("antpath", [list(KHASAN), list(SKOVORODINO)]), ("line", [list(SKOVORODINO), list(ULAN_UDE)])]
    assert ("hop", "#555555", "Leg by air, road or sea") in legend_items(view)


def test_event_kinds_are_one_vocabulary(view) -> None:
    """The schema validates, and the legend and timeline draw, the same kinds from geo.core.vocabulary."""
    import ast

    from components.chart import timeline_svg
    from geo.core import vocabulary
    from geo.dataset.schema import EVENT_KINDS, TABLES

    assert EVENT_KINDS == vocabulary.EVENT_KINDS == tuple(vocabulary.EVENT_STYLES)
    assert {c.name: c.choices for c in TABLES["events"].columns}["kind"] == vocabulary.EVENT_KINDS
    summit = vocabulary.EVENT_STYLES["summit"]
    assert ("dot", summit.colour, summit.label) in legend_items(view)
    assert f'fill="{summit.colour}"><title>2011 · Summit: 1 event</title>' in timeline_svg(view, (2011, 2011))
    assert vocabulary.event_style("odd") == vocabulary.EventKind("odd", "odd", vocabulary.OTHER_EVENT_COLOUR,
                                                                  vocabulary.OTHER_EVENT_RADIUS)
    tree = ast.parse(Path(vocabulary.__file__).read_text(encoding="utf-8"))
    imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [m for m in imported if m and m.split(".")[0] == "geo"], "the vocabulary imports nothing from geo"


def test_to_lonlat_is_geojson_order() -> None:
    assert to_lonlat(42.4, 130.6) == [130.6, 42.4]


def test_exports_carry_citations(view) -> None:
    vis = visible(view, (2011, 2011))
    rows = view_rows(view, vis).set_index("item")
    summit = rows.loc["event:2011-kim-jong-il-medvedev-sosnovy-bor"]
    assert summit["article_ids"] == "fixture-2011-08-22"
    assert summit["source_keys"] == "S47"
    assert summit["source_urls"] == "https://www.nbcnews.com/id/wbna44217756"
    assert summit["citations"] == ("AP (NBC News), [Kim Jong-il visits a Russian power plant], 21 Aug 2011. "
                                   "https://www.nbcnews.com/id/wbna44217756")
    assert rows.loc["journey:2011-kim-jong-il-ulan-ude", "citations"] == summit["citations"]
    assert rows.loc["place:skovorodino", "citations"] == ""
    assert rows.loc["place:skovorodino", "article_ids"] == "fixture-2011-08-22"
    fc = json.loads(json.dumps(view_geojson(view, vis), default=str))
    kinds = {f["properties"]["item"]: f["geometry"]["type"] for f in fc["features"]}
    assert kinds["journey:2011-kim-jong-il-ulan-ude"] == "LineString"
    assert kinds["event:2011-kim-jong-il-medvedev-sosnovy-bor"] == "Point"


def test_csv_download_leaves_missing_values_blank(view) -> None:
    from components.exports import spreadsheet_safe_csv
    rows = view_rows(view, visible(view, (1949, 2025)))
    assert rows["km_by_rail"].isna().any(), "events have no km: the fixture must have a missing value"
    parsed = list(csv.DictReader(io.StringIO(spreadsheet_safe_csv(rows))))
    shown = {(r["item"], k, v) for r in parsed for k, v in r.items() if v in ("None", "nan", "NaN", "<NA>", "NaT")}
    assert not shown, f"missing values written as text: {sorted(shown)[:5]}"
    assert next(r for r in parsed if r["type"] == "event")["km_by_rail"] == ""


def test_fingerprint_changes_when_data_changes(tmp_path) -> None:
    (tmp_path / "events.csv").write_text("a")
    before = data_fingerprint(tmp_path)
    (tmp_path / "events.csv").write_text("ab")
    assert data_fingerprint(tmp_path) != before


def test_timeline_is_an_accessible_svg_with_the_window_shaded(view) -> None:
    from components.chart import _x, events_per_year, timeline_svg

    svg = timeline_svg(view, (2011, 2019))
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert "selected 2011–2019" in svg
    window = re.search(r'<rect x="([\d.]+)" y="\d+" width="([\d.]+)"', svg)
    assert float(window.group(1)) == pytest.approx(_x(2010.5), abs=0.1)
    assert float(window.group(1)) + float(window.group(2)) == pytest.approx(_x(2019.5), abs=0.2)
    bars = re.findall(r"<title>(\d{4}) · ([^:]+): (\d+) events?</title>", svg)
    assert len(bars) == len(events_per_year(view))
    assert ("2011", "Summit", "1") in bars


def test_timeline_escapes_unknown_kinds(view) -> None:
    from components.chart import timeline_svg

    events = view.events.assign(kind=["<b>odd</b>", *list(view.events["kind"][1:])])
    svg = timeline_svg(dataclasses.replace(view, events=events), (1949, 2025))
    assert "<b>" not in svg
    assert "other: 1 event" in svg


@given(st.integers(0, 10**7), st.integers(1, 10**7))
def test_place_circles_stay_on_the_map_whatever_the_counts(mentions: int, most: int) -> None:
    """At 10,000 articles a place has ~100k mentions: an absolute scale drew circles hundreds of pixels wide."""
    radius = place_radius(mentions, most)
    assert PLACE_RADIUS[0] <= radius <= PLACE_RADIUS[1]
    assert place_radius(most, most) == PLACE_RADIUS[1]
    assert place_radius(min(mentions, most), most) <= place_radius(most, most)
    if mentions < most:
        assert place_radius(mentions, most) <= place_radius(mentions + 1, most)


def test_a_journeys_span_is_by_the_days_its_dates_cover_not_their_text() -> None:
    """The 1984 train: a year-only stop ("1984") in mid-journey is neither its start nor its end."""
    from geo.dataset import load_dataset

    dataset = load_dataset()
    journeys = build_view(dataset, None, {}).journeys.set_index("id")
    dated = dataset.stops[(dataset.stops["journey_id"] == "1984-kim-il-sung-special-train")
                          & (dataset.stops["date"] != "")]["date"]
    assert "1984" in set(dated), "the data no longer has the year-only stop this test is about"
    assert tuple(journeys.loc["1984-kim-il-sung-special-train", ["start", "end"]]) == ("1984-05-16", "1984-07-01")
