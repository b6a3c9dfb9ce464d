"""Uncertainty as uncertainty: a leg whose route or order the sources leave open, and an event whose end no source
gives, in the map's layers and legend, the table, the timeline and the downloads (no browser)."""

from __future__ import annotations

import dataclasses

import pytest

from components.chart import timeline_svg
from components.date_span import span_text
from components.exports import view_geojson, view_rows
from components.filters import visible
from components.map_layers import HOP_STYLE, OPEN_LEG_STYLE, legend_items, visible_layers
from components.model import build_view
from components.table import table_rows
from geo.dataset import load_dataset
from geo.routing import JourneyRoute, Leg, Route
from geo.store.mentions import load_mentions

KHASAN, SKOVORODINO, ULAN_UDE = (42.43, 130.65), (53.98, 123.94), (51.83, 107.6)
JOURNEY = "2011-kim-jong-il-ulan-ude"


def _route(first_leg_route: str) -> JourneyRoute:
    """The fixture's 2011 journey: Khasan → Skovorodino by rail (open when ``first_leg_route`` is set), then on
    by rail along a railway of three points."""
    mid = (52.9, 115.0)
    return JourneyRoute(JOURNEY, ("khasan", "skovorodino", "ulan-ude"), Route((
        Leg("khasan", "skovorodino", "rail", 2100.0, False, ("khasan", "skovorodino"), (KHASAN, SKOVORODINO),
            route=first_leg_route),
        Leg("skovorodino", "ulan-ude", "rail", 1500.0, False, ("skovorodino", "x", "ulan-ude"),
            (SKOVORODINO, mid, ULAN_UDE)),
    )))


@pytest.fixture(scope="module")
def dataset(dash_dir):
    return load_dataset(dash_dir)


def _view(dataset, first_leg_route: str = "unreported"):
    return build_view(dataset, load_mentions(dataset), {JOURNEY: _route(first_leg_route)})


def _layers(view, selection=None):
    return visible_layers(view, visible(view, (2011, 2011)), selection)


def test_an_open_leg_is_drawn_faint_and_straight_not_as_a_route(dataset) -> None:
    layers = _layers(_view(dataset))
    ants = [layer["path"] for layer in layers if layer["kind"] == "antpath"]
    assert ants == [[list(SKOVORODINO), [52.9, 115.0], list(ULAN_UDE)]]   # only the reported leg marches
    (line,) = [layer for layer in layers if layer["kind"] == "line"]
    assert line["path"] == [list(KHASAN), list(SKOVORODINO)]
    assert {k: line["options"][k] for k in OPEN_LEG_STYLE} == OPEN_LEG_STYLE
    assert line["options"]["dashArray"] != HOP_STYLE["dashArray"]      # not mistaken for a flight or a drive


def test_an_open_leg_tooltip_says_what_is_not_reported_and_why(dataset) -> None:
    layers = _layers(_view(dataset))
    (targets,) = [layer for layer in layers if layer.get("tipClass") == "atlas-open-tip"]
    (feature,) = targets["features"]
    assert feature["properties"]["id"] == f"journey:{JOURNEY}"          # a click still selects the journey
    tip = feature["properties"]["tip"]
    assert "Khasan → Skovorodino: route not reported" in tip
    assert "no reported stop" in tip                                    # the stop's `uncertain`: the reason
    assert feature["geometry"]["coordinates"] == [[KHASAN[1], KHASAN[0]], [SKOVORODINO[1], SKOVORODINO[0]]]


def test_order_unreported_says_so(dataset) -> None:
    (targets,) = [layer for layer in _layers(_view(dataset, "order_unreported")) if layer.get("tipClass")]
    assert "Khasan → Skovorodino: order not reported" in targets["features"][0]["properties"]["tip"]


def test_the_legend_explains_open_legs_only_when_there_are_some(dataset) -> None:
    shapes = [shape for shape, _, _ in legend_items(_view(dataset))]
    assert "open" in shapes
    assert "open" not in [shape for shape, _, _ in legend_items(_view(dataset, ""))]
    assert not [layer for layer in _layers(_view(dataset, "")) if layer.get("tipClass")]


def test_a_selected_open_leg_stays_faint_but_shows(dataset) -> None:
    (line,) = [layer for layer in _layers(_view(dataset), f"journey:{JOURNEY}") if layer["kind"] == "line"
               and layer["options"].get("dashArray") == OPEN_LEG_STYLE["dashArray"]]
    assert OPEN_LEG_STYLE["opacity"] < line["options"]["opacity"] < 1


@pytest.mark.parametrize(("start", "end", "shown"), [
    ("1961-07-06", "", "1961-07-06 → end unknown"),
    ("2019-04-24", "2019-04-24", "2019-04-24"),
    ("2019-04-24", "2019-04-26", "2019-04-24 → 2019-04-26"),
    ("", "", "dates unknown"),
])
def test_span_text(start, end, shown) -> None:
    assert span_text(start, end) == shown


@pytest.fixture(scope="module")
def open_end_view(dataset):
    """The fixture view with the 2011 summit's end unknown (as the 1961 visit's is)."""
    view = _view(dataset, "")
    events = view.events.copy()
    index = events.index[events["id"].str.startswith("2011")][0]
    events.loc[index, ["end", "end_precision"]] = ["", "unknown"]
    events.loc[index, "year_to"] = events.loc[index, "year_from"]
    return dataclasses.replace(view, events=events), events.loc[index, "id"]


def test_unknown_end_on_the_map_and_in_the_table(open_end_view) -> None:
    view, event_id = open_end_view
    vis = visible(view, (2011, 2011))
    tips = [f["properties"]["tip"] for layer in visible_layers(view, vis, None) if layer["kind"] == "features"
            for f in layer["features"] if f["properties"].get("id") == f"event:{event_id}"]
    assert tips
    assert tips[0].startswith("2011-08-")
    assert "→ end unknown" in tips[0]
    rows = table_rows(view, vis).set_index("item")
    assert rows.loc[f"event:{event_id}", "To"] == "unknown"
    assert rows.filter(like="place:", axis=0)["To"].eq("").all()       # places have no dates: blank, not unknown


def test_unknown_end_in_the_downloads(open_end_view) -> None:
    view, event_id = open_end_view
    vis = visible(view, (2011, 2011))
    row = view_rows(view, vis).set_index("item").loc[f"event:{event_id}"]
    assert (row["end"], row["end_precision"], row["start_precision"]) == ("", "unknown", "day")
    props = [f["properties"] for f in view_geojson(view, vis)["features"] if f["properties"]["id"] == event_id]
    assert props[0]["end_precision"] == "unknown"


def test_unknown_end_on_the_timeline(open_end_view) -> None:
    view, _ = open_end_view
    svg = timeline_svg(view, (2011, 2011))
    assert "2011 · Summit: 1 event, end unknown (counted in 2011, its start)" in svg
    assert 'fill-opacity="0.35"' in svg
    assert "end unknown" not in timeline_svg(_view_without_open_end(view), (2011, 2011))


def _view_without_open_end(view):
    events = view.events.copy()
    events["end"] = events["end"].where(events["end"] != "", events["start"])
    return dataclasses.replace(view, events=events)


def test_the_selection_shadow_lies_under_the_reported_legs_only(dataset) -> None:
    shadows = [layer["path"] for layer in _layers(_view(dataset), f"journey:{JOURNEY}")
               if layer["kind"] == "line" and layer["options"].get("color") == "#111111"]
    assert shadows == [[list(SKOVORODINO), [52.9, 115.0], list(ULAN_UDE)]]
