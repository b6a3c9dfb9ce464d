"""The map: a thin Streamlit wrapper around the pure builders in ``map_layers``; returns the user's selection."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from components.filters import Visible
from components.map_layers import base_map, feature_group, legend_html, legend_items
from components.model import AtlasView
from components.state import KEYS, parse_selection

__all__ = ["MAP_HEIGHT", "RETURNED", "selection_from_map", "show_map"]

MAP_HEIGHT = 620
# Only these may rerun the app; bounds/zoom are left out so panning never reruns (streamlit-folium docs).
RETURNED = ["last_active_drawing", "last_object_clicked_count"]


def selection_from_map(value: dict | None) -> str | None:
    """The selection string carried by the clicked feature's ``id`` property, or None (cluster, basemap…)."""
    props = ((value or {}).get("last_active_drawing") or {}).get("properties") or {}
    ident = props.get("id")
    return ident if isinstance(ident, str) and parse_selection(ident) else None


def _take_click(value: dict | None) -> None:
    """Make a new click (its count differs from the last one handled) the selection."""
    count = (value or {}).get("last_object_clicked_count")
    if count is None or count == st.session_state.get(KEYS.map_clicks):
        return
    st.session_state[KEYS.map_clicks] = count
    chosen = selection_from_map(value)
    if chosen:
        st.session_state[KEYS.selection] = chosen
        st.session_state[KEYS.article] = None


def _take_point(value: dict | None) -> None:
    """While a reviewer picks a new place's point, remember where the map was clicked."""
    point = (value or {}).get("last_clicked")
    if st.session_state.get(KEYS.pick_point) and isinstance(point, dict) and {"lat", "lng"} <= point.keys():
        st.session_state[KEYS.map_point] = (float(point["lat"]), float(point["lng"]))


def _on_map_change() -> None:
    # Runs before the script, so the selection ring and the panel drawn in this run already show the click.
    value = st.session_state.get(KEYS.map)
    _take_click(value)
    _take_point(value)


def show_map(view: AtlasView, vis: Visible, selection: str | None) -> str | None:
    """Draw the map for the visible rows; returns the (possibly new) selection.

    The base map is the same on every run and the changing layers go through ``feature_group_to_add``, so moving
    the slider or clicking never re-mounts the iframe or resets the user's zoom and pan.
    """
    # render=False: st_folium renders the map itself as well; the extra whole-page render would change nothing it
    # sends (same script, header, html and links), only take time on every rerun.
    # A click on empty map reruns the app only while a reviewer is picking a point for a new place.
    returned = [*RETURNED, "last_clicked"] if st.session_state.get(KEYS.pick_point) else RETURNED
    value = st_folium(base_map(view), key=KEYS.map, feature_group_to_add=feature_group(view, vis, selection),
                      returned_objects=returned, on_change=_on_map_change, height=MAP_HEIGHT,
                      use_container_width=True, render=False)
    st.markdown(legend_html(legend_items(view)), unsafe_allow_html=True)
    # The callback does not run when the value arrives by other means (AppTest); the count guards double use.
    _take_click(value)
    _take_point(value)
    return st.session_state.get(KEYS.selection)
