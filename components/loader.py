"""Load the dataset once per data directory version and turn it into the dashboard's view (cached)."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from components.model import AtlasView, Route, build_view

__all__ = ["data_fingerprint", "dataset", "gazetteer", "load_view", "routes_from_engine"]


def data_fingerprint(data_dir: Path) -> tuple:
    """(name, size, mtime) of every data file: part of the cache key, so editing the data reloads it."""
    entries = []
    for folder in (data_dir, data_dir / "articles", data_dir / "mentions"):
        if folder.is_dir():
            with os.scandir(folder) as it:
                entries.extend((e.path, e.stat().st_size, e.stat().st_mtime_ns) for e in it if e.is_file())
    return tuple(sorted(entries))


def routes_from_engine(dataset) -> dict[str, Route]:
    """The railway routes of every journey, from ``geo.routing`` (see docs/dashboard.md for the contract)."""
    try:
        from geo.routing import route_journeys
    except ModuleNotFoundError:   # routing not installed in this checkout: journeys are listed, not drawn
        return {}
    out = {}
    for journey_id, route in route_journeys(dataset).items():
        path: list[tuple[float, float]] = []
        legs = []
        for leg in getattr(route, "legs", []):
            coords = [(float(lat), float(lon)) for lat, lon in leg.coords]
            path.extend(coords[1:] if path and coords and path[-1] == coords[0] else coords)
            legs.append({"from_id": leg.from_id, "to_id": leg.to_id, "km": leg.km, "official": leg.official,
                         "mode": leg.mode})
        official = bool(legs) and all(leg["official"] for leg in legs)
        out[journey_id] = Route(path=path, km=getattr(route, "km", None), km_official=official, legs=legs)
    return out


@st.cache_resource(show_spinner=False, max_entries=4)
def dataset(data_dir: str, fingerprint: tuple):
    """The validated ``geo.dataset.Dataset`` (shared read-only; raises ``DatasetError`` listing every problem)."""
    from geo.dataset import load_dataset

    return load_dataset(data_dir)


@st.cache_resource(show_spinner=False, max_entries=4)
def gazetteer(data_dir: str, fingerprint: tuple):
    """The gazetteer for the audit view (an object with methods: a resource, shared read-only)."""
    try:
        from geo.lookup import Gazetteer
    except ModuleNotFoundError:   # the audit view then says the gazetteer is unavailable
        return None
    return Gazetteer.from_dataset(dataset(data_dir, fingerprint))


@st.cache_data(show_spinner="Loading the dataset…", max_entries=4)
def load_view(data_dir: str, fingerprint: tuple) -> AtlasView:
    """Load, validate and join the dataset (raises ``geo.errors.DatasetError`` listing every problem).

    Mentions come from the precomputed cache (``geo.mentions.load_mentions``), never from geoparsing on load.
    """
    from geo.mentions import load_mentions

    ds = dataset(data_dir, fingerprint)
    return build_view(ds, load_mentions(ds), routes_from_engine(ds))
