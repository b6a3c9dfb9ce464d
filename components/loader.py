"""Load the dataset once per data directory version and turn it into the dashboard's view (cached)."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from components.model import AtlasView, build_view
from components.view_snapshot import cached_view
from geo.store.corpus_index import data_fingerprint as corpus_fingerprint

if TYPE_CHECKING:   # annotations only: importing this module stays cheap (geo.routing and the gazetteer are big)
    from geo.dataset import Dataset
    from geo.gazetteer.lookup import Gazetteer
    from geo.routing import JourneyRoute

__all__ = ["corpus", "data_fingerprint", "dataset", "fresh_view", "gazetteer", "load_view", "routes_from_engine"]


def data_fingerprint(data_dir: Path) -> str:
    """The digest of every data file's name, size and mtime that ``geo.store.corpus_index`` keys its snapshot with:
    part of the cache key, so editing the data reloads it.

    A short string, not the entries: Streamlit hashes a cached function's arguments on every call, and the entries
    grow with the corpus (two files per article) while the digest stays one short string.
    """
    return corpus_fingerprint(data_dir)


def routes_from_engine(dataset: Dataset) -> tuple[dict[str, JourneyRoute], list[str]]:
    """Every journey routed by ``geo.routing`` (rail legs follow the railway), as the engine's own immutable
    ``JourneyRoute`` by journey id, and a message per journey that could not be routed — one bad journey must not
    take the whole map down."""
    from geo.core.errors import RoutingError, UnknownPlaceError
    from geo.routing import route_journey

    routes: dict[str, JourneyRoute] = {}
    problems: list[str] = []
    for journey_id in dataset.journeys["id"]:
        try:
            routes[journey_id] = route_journey(dataset, journey_id)
        except (RoutingError, UnknownPlaceError) as exc:
            problems.append(f"Journey {journey_id} is listed but not drawn: {exc}")
    return routes, problems


@st.cache_resource(show_spinner=False, max_entries=4)
def corpus(data_dir: str, fingerprint: str) -> tuple[Dataset, pd.DataFrame]:
    """The validated dataset and its mentions, from ``geo.store.corpus_index``'s snapshot when it is fresh (a large
    directory then opens without parsing and validating every file again); raises ``DatasetError`` listing every
    problem. Shared read-only."""
    from geo.store.corpus_index import load_corpus

    return load_corpus(data_dir)


def dataset(data_dir: str, fingerprint: str) -> Dataset:
    """The validated ``geo.dataset.Dataset`` (shared read-only)."""
    return corpus(data_dir, fingerprint)[0]


@st.cache_resource(show_spinner=False, max_entries=4)
def gazetteer(data_dir: str, fingerprint: str) -> Gazetteer | None:
    """The gazetteer for the audit view, or None when it cannot be loaded (a resource, shared read-only)."""
    try:
        from geo.gazetteer.lookup import Gazetteer
    except ModuleNotFoundError:   # the audit view then says the gazetteer is unavailable
        return None
    return Gazetteer.from_dataset(dataset(data_dir, fingerprint))


# A resource, not st.cache_data: cache_data would unpickle a copy of the whole view, which grows with the corpus,
# on every full rerun. Sessions share this one copy and each gets its own shallow copy (load_view below), so no
# session can change what another sees.
@st.cache_resource(show_spinner="Loading the dataset…", max_entries=4)
def _shared_view(data_dir: str, fingerprint: str) -> AtlasView:
    # from disk when this data and this code built it before (components/view_snapshot.py)
    return cached_view(data_dir, fingerprint, lambda: fresh_view(data_dir, fingerprint))


def fresh_view(data_dir: str, fingerprint: str) -> AtlasView:
    """The view built from the corpus (no view snapshot): routes every journey and joins the tables."""
    ds, mentions = corpus(data_dir, fingerprint)
    routes, problems = routes_from_engine(ds)
    return build_view(ds, mentions, routes, notes=tuple(problems))


def load_view(data_dir: str, fingerprint: str) -> AtlasView:
    """Load, validate and join the dataset (raises ``geo.core.errors.DatasetError`` listing every problem).

    Mentions come from the precomputed caches (via ``geo.store.corpus_index``), never from geoparsing on load. The
    tables are shallow copies of the shared, cached view: with pandas' copy-on-write (always on since pandas 3) a
    write to them copies the touched data first, so the cache itself can never be mutated — and no data is copied
    otherwise. The journeys' routes (``geo.routing`` objects) are frozen, so they are shared as they are.
    """
    view = _shared_view(data_dir, fingerprint)
    tables = {f.name: getattr(view, f.name).copy(deep=False) for f in fields(view)
              if isinstance(getattr(view, f.name), pd.DataFrame)}
    return replace(view, rail_lines=[list(line) for line in view.rail_lines], **tables)
