"""What is visible for a year range: vectorised pandas filters over the view's tables (no loops per row)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from components.model import AtlasView
from components.place_years import place_years

__all__ = ["LAYERS", "Visible", "place_counts", "visible"]

LAYERS = ("events", "routes", "mentions")


@dataclass(frozen=True)
class Visible:
    """The rows of each table that overlap the selected years (and layers)."""

    years: tuple[int, int]
    events: pd.DataFrame
    journeys: pd.DataFrame
    places: pd.DataFrame
    _all_mentions: pd.DataFrame = field(repr=False)

    @property
    def mentions(self) -> pd.DataFrame:
        """The mentions in articles published in the range (only the downloads need them: not computed per move,
        which would copy the range's rows of the view's longest table)."""
        if self._all_mentions.empty:
            return self._all_mentions
        first, last = self.years
        mask = self._all_mentions["year"].between(first, last).fillna(False).astype(bool)
        return self._all_mentions[mask]


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
    shown = "mentions" in layers
    mentions = view.mentions if shown else view.mentions.iloc[:0]
    places = view.mention_counts().counts(first, last) if shown else place_counts(mentions)
    return Visible(years=(first, last), events=events, journeys=journeys, places=places, _all_mentions=mentions)


def place_counts(mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per mentioned place in ``mentions`` (all years): ``mentions`` (count), ``articles`` (distinct),
    name, kind, lat, lon; most-mentioned first."""
    index = place_years(mentions)
    return index.counts(index.first_year, index.first_year + index.mentions.shape[1] - 1)
