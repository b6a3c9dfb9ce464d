"""Pure folium construction: a base map that never changes with the slider, and one feature group per rerun.

streamlit-folium re-mounts the map (flicker, lost zoom) whenever the base map's script changes, so everything
that depends on the years or the selection goes into the feature group passed as ``feature_group_to_add``.
Feature ``id`` properties are selection strings (``"place:khasan"``); the app reads them back from
``last_active_drawing``. Tooltip text is escaped here because folium's GeoJsonTooltip inserts it as HTML.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import folium
import pandas as pd
from folium.elements import MacroElement
from folium.template import Template

from components.date_span import span_text
from components.filters import Visible
from components.map_areas import AREA_KINDS, area_layers, area_legend_items, split_areas
from components.map_scripts import RailwayLines, VisibleLayers
from components.model import AtlasView
from components.offline import WORLD_GEOJSON, LeafletImagePath, StaticGeoJson, use_local_assets
from components.state import parse_selection
from geo.core.vocabulary import EVENT_STYLES, event_style
from geo.routing.routes import format_km

if TYPE_CHECKING:   # annotations only: the legs arrive inside the view
    from geo.routing import Leg

__all__ = ["LEADER_COLOURS", "PLACE_RADIUS", "base_map", "feature_group", "geojson_point",
           "leader_colour", "legend_html", "legend_items", "place_radius", "to_lonlat", "visible_layers"]

OCEAN, LAND, BORDER = "#dce6ee", "#f7f4ee", "#a9a297"
MENTION_COLOUR = "#3f6f9f"
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'

RAIL_COLOUR = "#8c8276"
#: Radius in pixels of a place circle for one mention and for the most-mentioned place (see place_radius).
PLACE_RADIUS = (4.0, 26.0)
LEADER_COLOURS = {"Kim Il-sung": "#6a3d9a", "Kim Jong-il": "#d95f02", "Kim Jong-un": "#1b7f5f"}
_OTHER_COLOURS = ("#8c564b", "#e7298a", "#666666", "#a6761d")


def to_lonlat(lat: float, lon: float) -> list[float]:
    """The one place (lat, lon) becomes GeoJSON's [lon, lat]."""
    return [float(lon), float(lat)]


def geojson_point(lat: float, lon: float, properties: dict) -> dict:
    """A GeoJSON point feature."""
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": to_lonlat(lat, lon)},
            "properties": properties}


def leader_colour(traveller: str, travellers: list[str] | None = None) -> str:
    """Colour of a journey by its traveller (known leaders fixed; others from a small palette, stably)."""
    if traveller in LEADER_COLOURS:
        return LEADER_COLOURS[traveller]
    others = sorted(t for t in (travellers or [traveller]) if t not in LEADER_COLOURS)
    index = others.index(traveller) if traveller in others else 0
    return _OTHER_COLOURS[index % len(_OTHER_COLOURS)]


def legend_items(view: AtlasView) -> list[tuple[str, str, str]]:
    """(shape, colour, label) rows of the legend, from what the dataset contains (stable across the slider)."""
    kinds = set(view.events["kind"])
    items = [("dot", kind.colour, kind.label) for kind in EVENT_STYLES.values() if kind.name in kinds]
    travellers = sorted(set(view.journeys["traveller"]) - {""})
    items += [("line", leader_colour(t, travellers), f"{t}'s journeys") for t in travellers]
    if any(leg.mode != "rail" and leg.reported for legs in view.journeys["legs"] for leg in legs):
        items.append(("hop", "#555555", "Leg by air, road or sea"))
    if any(not leg.reported for legs in view.journeys["legs"] for leg in legs):
        items.append(("open", "#555555", "Route or order not reported: stops joined straight, not a known route"))
    items += area_legend_items(view.mention_counts().places, MENTION_COLOUR)
    items.append(("ring", MENTION_COLOUR, "Place named in articles (size = mentions)"))
    if view.rail_lines:
        items.append(("rail", RAIL_COLOUR, "Railway"))
    return items


_KEY_BASE = "display:inline-block;margin-right:6px;vertical-align:middle;"
_KEY_CSS = {
    "dot": _KEY_BASE + "width:10px;height:10px;border-radius:50%;border:1.5px solid #fff;"
                       "box-shadow:0 0 0 1px #555;background:{c}",
    "area": _KEY_BASE + "width:14px;height:10px;border:1.2px solid {c};background:{c}40",
    "ring": _KEY_BASE + "width:10px;height:10px;border-radius:50%;border:1.5px solid {c};background:{c}55",
    "rail": _KEY_BASE + "width:18px;border-top:2px dashed {c}",
    "line": _KEY_BASE + "width:18px;border-top:4px solid {c}",
    "hop": _KEY_BASE + "width:18px;border-top:2px dotted {c}",
    # spaced round dots, faint: as the open legs are drawn (OPEN_LEG_STYLE)
    "open": _KEY_BASE + "width:20px;height:4px;opacity:0.6;"
                        "background:radial-gradient(circle,{c} 1.4px,transparent 1.7px) 0 0/7px 4px repeat-x",
}


def legend_html(items: list[tuple[str, str, str]]) -> str:
    """The legend as one wrapped row of keys (labels escaped; colours are our own constants)."""
    keys = "".join(f'<span class="atlas-key" role="listitem"><span style="{_KEY_CSS[shape].format(c=colour)}">'
                   f'</span>{html.escape(label)}</span>' for shape, colour, label in items)
    return f'<div class="atlas-legend" role="list" aria-label="Legend">{keys}</div>'


def base_map(view: AtlasView) -> folium.Map:
    """The stable base map: Natural Earth outlines from ``static/``, the rail network, optional OSM tiles.

    Built fresh on every rerun (a cached Map would accumulate the feature groups streamlit-folium adds to it),
    and identical for identical data, so streamlit-folium keeps the same iframe.
    """
    use_local_assets()
    # tiles=None sets no maxZoom, which some Leaflet plugins require: give the bounds explicitly.
    m = folium.Map(location=[49.0, 88.0], zoom_start=3, tiles=None, min_zoom=2, max_zoom=12,
                   control_scale=True, world_copy_jump=False)
    StaticGeoJson(WORLD_GEOJSON, {"color": BORDER, "weight": 0.8, "fillColor": LAND, "fillOpacity": 1}).add_to(m)
    _Ocean(OCEAN).add_to(m)
    LeafletImagePath().add_to(m)
    if view.rail_lines:
        RailwayLines(view.rail_lines, {"color": RAIL_COLOUR, "weight": 1.4, "opacity": 0.8,
                                       "dashArray": "5 4"}).add_to(m)
    # The tile URL given outright: a name ("OpenStreetMap") would be looked up in xyzservices' catalogue on every
    # rerun.
    folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap tiles (online)", overlay=True,
                     show=False, control=True, opacity=0.75, max_zoom=19).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    return m


class _Ocean(MacroElement):
    """The sea colour behind the country outlines."""

    _template = Template("""{% macro script(this, kwargs) %}
      {{ this._parent.get_name() }}.getContainer().style.background = {{ this.colour|tojson }};
    {% endmacro %}""")

    def __init__(self, colour: str):
        super().__init__()
        self._name = "Ocean"
        self.colour = colour


def _esc(value: object) -> str:
    return html.escape("" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value))


def _km(km: object, official: bool) -> str:
    return "" if km is None or pd.isna(km) else f"{format_km(float(km), official)} by rail"


def feature_group(view: AtlasView, vis: Visible, selection: str | None) -> folium.FeatureGroup:
    """Everything the years and the selection decide: routes, mentioned places, events, the selection ring.

    One element carrying plain data (:func:`visible_layers`; :class:`components.map_scripts.VisibleLayers`),
    drawn by ``static/atlas/layers.js``.
    """
    fg = folium.FeatureGroup(name="Visible")
    VisibleLayers(visible_layers(view, vis, selection)).add_to(fg)
    return fg


def visible_layers(view: AtlasView, vis: Visible, selection: str | None) -> list[dict]:
    """The layer specs ``static/atlas/layers.js`` draws, bottom to top (see that file for their shape)."""
    travellers = sorted(set(view.journeys["traveller"]) - {""})
    split, most = split_areas(vis.places, view.places), _most_mentions(view)   # areas: components/map_areas.py
    ring = None if selection in split.ids() else selection   # a selected area is marked on its outline
    return [*area_layers(split.areas, most, selection, MENTION_COLOUR),
            *_route_layers(vis.journeys, view.stops, travellers, selection), *_place_layers(split.points, most),
            *_event_layers(vis.events), *_selection_layers(view, ring)]


#: How a leg the sources leave open is drawn: faint, spaced round dots straight between its stops (no railway), so
#: it never reads as a route (the ant paths) or as a flight or drive (the dashes of HOP_STYLE).
OPEN_LEG_STYLE = {"weight": 3, "opacity": 0.5, "dashArray": "0.1 7", "lineCap": "round"}
HOP_STYLE = {"weight": 2, "opacity": 0.8, "dashArray": "2 6"}
_OPEN_LABELS = {"unreported": "route not reported", "order_unreported": "order not reported"}
_HIT_STYLE = {"color": "#000", "weight": 14, "opacity": 0.0}


def _route_layers(journeys: pd.DataFrame, stops: pd.DataFrame, travellers: list[str],
                  selection: str | None) -> list[dict]:
    drawn = journeys[journeys["path"].map(len) >= 2]
    if drawn.empty:
        return []
    # plain zips of the columns needed: DataFrame.itertuples would build a tuple of every column of this wide table
    rows = list(zip(drawn["id"], drawn["title"], drawn["start"], drawn["end"], drawn["km"], drawn["km_official"],
                    drawn["traveller"], drawn["legs"], drawn["path"], strict=True))
    features = []
    for ident, title, start, end, km, official, _traveller, _legs, path in rows:
        tip = " · ".join(x for x in (_esc(title), _esc(span_text(start, end)), _esc(_km(km, bool(official)))) if x)
        features.append({"type": "Feature", "properties": {"id": f"journey:{ident}", "tip": tip},
                         "geometry": {"type": "LineString",
                                      "coordinates": [[float(lon), float(lat)] for lat, lon in path]}})
    # Wide, invisible lines are the click/hover targets; the ant paths on top show direction and colour. The open
    # legs get targets of their own, above the journey's, whose tooltip says what is not reported and why.
    layers = [{"kind": "features", "features": features, "sticky": True, "style": _HIT_STYLE}]
    open_targets = _open_leg_features(drawn, stops)
    if open_targets:
        layers.append({"kind": "features", "features": open_targets, "sticky": True, "tipClass": "atlas-open-tip",
                       "style": _HIT_STYLE})
    for ident, *_, traveller, legs, _path in rows:
        chosen = selection == f"journey:{ident}"
        colour = leader_colour(traveller, travellers)
        for kind, points in _runs(legs):
            if kind == "rail":
                layers.append({"kind": "antpath", "path": points, "options": {
                    "color": colour, "pulseColor": "#ffffff", "weight": 6 if chosen else 4,
                    "opacity": 0.95 if chosen else 0.85, "delay": 1200, "dashArray": [12, 24],
                    "paused": False, "reverse": False, "hardwareAcceleration": False}})
            elif kind == "open":
                style = {**OPEN_LEG_STYLE, "opacity": 0.8} if chosen else OPEN_LEG_STYLE
                layers.append({"kind": "line", "path": points, "options": {"color": colour, **style}})
            else:   # air, car and ship legs are not on the railway: a thin dashed line in the same colour
                style = {**HOP_STYLE, "weight": 2.5} if chosen else HOP_STYLE
                layers.append({"kind": "line", "path": points, "options": {"color": colour, **style}})
    return layers


def _open_leg_features(journeys: pd.DataFrame, stops: pd.DataFrame) -> list[dict]:
    """A hover/click target per open leg, its tooltip the journey, ``"Khabarovsk → Pyongyang: route not
    reported"`` and why: the ``uncertain`` note of the stop the leg leads to (``atlas check`` requires one)."""
    features = []
    for ident, title, legs in zip(journeys["id"], journeys["title"], journeys["legs"], strict=True):
        if all(leg.reported for leg in legs):
            continue
        mine = stops[stops["journey_id"] == ident]
        names = dict(zip(mine["place_id"], mine["name"].fillna(mine["place_id"]), strict=True))
        # leg i leads to stop i + 1 in travel order (geo.routing builds the legs from the stops in seq order)
        reasons = mine["uncertain"].tolist()[1:]
        for leg, reason in zip(legs, reasons, strict=False):
            if leg.reported:
                continue
            tip = (f"{_esc(title)}<br><b>{_esc(names.get(leg.from_id, leg.from_id))} → "
                   f"{_esc(names.get(leg.to_id, leg.to_id))}: {_OPEN_LABELS.get(leg.route, 'not reported')}</b>"
                   f"<br>{_esc(reason)}<br><i>Drawn straight between the two stops, not along a known route.</i>")
            features.append({"type": "Feature", "properties": {"id": f"journey:{ident}", "tip": tip},
                             "geometry": {"type": "LineString",
                                          "coordinates": [to_lonlat(lat, lon) for lat, lon in leg.coordinates]}})
    return features


def _runs(legs: Sequence[Leg]) -> list[tuple[str, list[list[float]]]]:
    """Consecutive legs of the same kind joined, as [lat, lon]: ``rail`` (one ant path per railway stretch),
    ``open`` (legs the sources leave open, whatever their mode) and ``other`` (air, road and sea)."""
    runs: list[tuple[str, list[list[float]]]] = []
    for leg in legs:
        mode = "open" if not leg.reported else "rail" if leg.mode == "rail" else "other"
        points = [[float(lat), float(lon)] for lat, lon in leg.coordinates]
        if runs and runs[-1][0] == mode:
            runs[-1][1].extend(points[1:])
        else:
            runs.append((mode, points))
    return [(mode, pts) for mode, pts in runs if len(pts) >= 2]


def _most_mentions(view: AtlasView) -> int:
    """Mentions of the most-mentioned place over all years (at least 1): the scale of the place circles."""
    totals = view.mention_counts().mentions[:, -1]
    return max(1, int(totals.max())) if totals.size else 1


def place_radius(mentions: int, most: int) -> float:
    """Circle radius in pixels: its area grows with the mentions, from ``PLACE_RADIUS[0]`` (one mention) to
    ``PLACE_RADIUS[1]`` (the most-mentioned place over all years, ``most``), so sizes compare across windows.
    An absolute scale (4 + 3·√n px) grows without bound with the corpus: a large one's circles covered the map."""
    low, high = PLACE_RADIUS
    return round(low + (high - low) * math.sqrt(min(max(mentions, 0), most) / most), 1)


#: Kinds of place whose point stands for a whole area or water body: left out of the fit button's bounds.
_NOT_FITTED = (AREA_KINDS | {"water"}) - {"island"}


def _place_layers(places: pd.DataFrame, most: int) -> list[dict]:
    if places.empty:
        return []
    features = []
    notes = places["note"] if "note" in places.columns else [""] * len(places)   # why an area is a point
    for place_id, name, kind, lat, lon, n, a, note in zip(places["place_id"], places["name"], places["kind"],
                                                          places["lat"], places["lon"], places["mentions"],
                                                          places["articles"], notes, strict=True):
        n, a = int(n), int(a)
        tip = f"{_esc(name)} · {n} mention{'s' * (n != 1)} in {a} article{'s' * (a != 1)}" + (f" · {_esc(note)}"
                                                                                        if note else "")
        # an area shown as a point (no outline: an ocean, "Asia") is left out of the fit button's bounds
        # (static/atlas/layers.js): framing the Pacific's middle with Moscow would zoom out to the whole world
        features.append(geojson_point(lat, lon, {"id": f"place:{place_id}", "tip": tip,
                                                 "style": {"radius": place_radius(n, most)},
                                                 **({"fit": False} if kind in _NOT_FITTED else {})}))
    return [{"kind": "features", "features": features,
             "style": {"color": MENTION_COLOUR, "weight": 1.2, "fillColor": MENTION_COLOUR, "fillOpacity": 0.28},
             "highlight": {"weight": 2.5, "fillOpacity": 0.5}}]


def _event_layers(events: pd.DataFrame) -> list[dict]:
    located = events.dropna(subset=["lat", "lon"]).sort_values("start")
    if located.empty:
        return []
    features = []
    for ident, kind, title, start, end, leaders, lat, lon in zip(
            located["id"], located["kind"], located["title"], located["start"], located["end"],
            located["leaders"], located["lat"], located["lon"], strict=True):
        label = event_style(kind).label
        who = " – ".join(leaders.split("|")) if leaders else ""
        tip = " · ".join(x for x in (_esc(span_text(start, end)), _esc(label), _esc(title), _esc(who)) if x)
        features.append(geojson_point(lat, lon, {"id": f"event:{ident}", "tip": tip, "style": _event_style(kind)}))
    return [{"kind": "features", "features": features, "highlight": {"weight": 3}}]


def _event_style(kind: str) -> dict:
    style = event_style(kind)
    return {"radius": style.radius, "color": "#ffffff", "weight": 2, "fillColor": style.colour, "fillOpacity": 0.95}


def _selection_layers(view: AtlasView, selection: str | None) -> list[dict]:
    """A shadow under the selected journey or a dashed ring around the selected place or event."""
    parsed = parse_selection(selection)
    if not parsed:
        return []
    kind, ident = parsed
    if kind == "journey":
        rows = view.journeys[view.journeys["id"] == ident]
        if rows.empty or len(rows.iloc[0]["path"]) < 2:
            return []
        # Under the legs the sources give only: a solid shadow under an open leg would make it read as a route.
        return [{"kind": "line", "path": points, "options": {"color": "#111111", "weight": 10, "opacity": 0.25}}
                for run, points in _runs(rows.iloc[0]["legs"]) if run != "open"]
    table = view.places if kind == "place" else view.events
    rows = table[table["id"] == ident].dropna(subset=["lat", "lon"])
    if rows.empty:
        return []
    ring = geojson_point(rows.iloc[0]["lat"], rows.iloc[0]["lon"], {})
    return [{"kind": "features", "features": [ring], "interactive": False,
             "style": {"radius": 15, "color": "#111111", "weight": 2.5, "fill": False, "dashArray": "4 3"}}]
