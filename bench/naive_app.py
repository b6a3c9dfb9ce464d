"""The naive baseline for bench/bench_dashboard.py: the same data drawn the way most streamlit-folium apps do.

Every feature is its own folium object added to the map itself, and the whole map is handed to ``st_folium`` on
each rerun, so any slider move changes the map's script: streamlit-folium re-mounts the iframe (new Leaflet map,
lost zoom). Same data, same filters, same offline assets as app.py — only the rendering strategy differs.
bench/bench_dashboard.py runs a copy of it next to a copy of ``static/`` (Streamlit serves ``static/`` only from the
main script's own folder) with ``ATLAS_REPO`` naming the checkout.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(os.environ.get("ATLAS_REPO") or Path(__file__).resolve().parent.parent)
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import folium  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from components.filters import visible  # noqa: E402
from components.loader import data_fingerprint, load_view  # noqa: E402
from components.offline import WORLD_GEOJSON, StaticGeoJson, use_local_assets  # noqa: E402
from geo.core.vocabulary import YEAR_MAX, YEAR_MIN  # noqa: E402
from geo.dataset import resolve_data_dir  # noqa: E402

st.set_page_config(page_title="Naive atlas", layout="wide")
data_dir = str(resolve_data_dir())
view = load_view(data_dir, data_fingerprint(Path(data_dir)))
years = st.slider("Years", YEAR_MIN, YEAR_MAX, (YEAR_MIN, YEAR_MAX))
vis = visible(view, years)

use_local_assets()
m = folium.Map(location=[49.0, 88.0], zoom_start=3, tiles=None, min_zoom=2, max_zoom=12)
StaticGeoJson(WORLD_GEOJSON, {"color": "#a9a297", "weight": 0.8, "fillColor": "#f7f4ee", "fillOpacity": 1}).add_to(m)
for j in vis.journeys.itertuples(index=False):
    if len(j.path) >= 2:
        folium.PolyLine(j.path, color="#d95f02", weight=4, tooltip=j.title).add_to(m)
for p in vis.places.itertuples(index=False):
    folium.CircleMarker([p.lat, p.lon], radius=5, color="#3f6f9f", fill=True, tooltip=p.name).add_to(m)
for e in vis.events.dropna(subset=["lat", "lon"]).itertuples(index=False):
    folium.CircleMarker([e.lat, e.lon], radius=8, color="#b3261e", fill=True, tooltip=e.title).add_to(m)
st_folium(m, height=620, use_container_width=True)
