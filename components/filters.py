"""What is visible for a year range: vectorised pandas filters over the view's tables (no loops per row)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.model import AtlasView

__all__ = ["LAYERS", "Visible", "place_counts", "visible"]

LAYERS = ("events", "routes", "mentions")


@dataclass(frozen=True)
class Visible:
    """The rows of each table that overlap the selected years (and layers)."""

    years: tuple[int, int]
    events: pd.DataFrame
    journeys: pd.DataFrame
    mentions: pd.DataFrame
    places: pd.DataFrame


def _overlaps(df: pd.DataFrame, first: int, last: int) -> pd.Series:
    return ((df["year_from"] <= last) & (df["year_to"] >= first)).fillna(False).astype(bool)


def visible(view: AtlasView, years: tuple[int, int], layers: tuple[str, ...] = LAYERS) -> Visible:
    """Events and journeys whose dates overlap ``years`` (inclusive); mentions by their article's publication year.

    Layers not listed in ``layers`` come back empty, so the map, the table and the exports agree.
    """
    first, last = int(years[0]), int(years[1])
    events = view.events[_overlaps(view.events, first, last)] if "events" in layers else view.events.iloc[:0]
    journeys = (view.journeys[_overlaps(view.journeys, first, last)] if "routes" in layers
                else view.journeys.iloc[:0])
    if "mentions" in layers and not view.mentions.empty:
        mask = view.mentions["year"].between(first, last).fillna(False).astype(bool)
        mentions = view.mentions[mask]
    else:
        mentions = view.mentions.iloc[:0]
    return Visible(years=(first, last), events=events, journeys=journeys, mentions=mentions,
                   places=place_counts(mentions))


def place_counts(mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per mentioned place: ``mentions`` (count), ``articles`` (distinct), name, kind, lat, lon."""
    columns = ["place_id", "name", "kind", "lat", "lon", "mentions", "articles"]
    if mentions.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    grouped = mentions.groupby("place_id", sort=False)
    out = grouped.agg(name=("name", "first"), kind=("kind", "first"), lat=("lat", "first"), lon=("lon", "first"),
                      mentions=("article_id", "size"), articles=("article_id", "nunique")).reset_index()
    out = out.dropna(subset=["lat", "lon"])
    return out.sort_values(["mentions", "name"], ascending=[False, True]).reset_index(drop=True)
