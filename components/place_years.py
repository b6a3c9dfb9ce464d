"""Mentions per place per year, summed once so that any year range's counts cost one subtraction per place.

A slider move needs, for every place named in the articles of the chosen years, how often it is named and in how
many articles. Grouping the mentions table on every move would cost time in proportion to the corpus. Both counts
add up over years — an article has one publication year — so running sums over the years give any range as
``total[last] - total[first - 1]``: time in proportion to the number of places, whatever the number of articles.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["PLACE_COLUMNS", "PlaceYears", "place_years"]

PLACE_COLUMNS = ["place_id", "name", "kind", "lat", "lon", "mentions", "articles"]


@dataclass(frozen=True)
class PlaceYears:
    """Running sums per place (rows) over the years ``first_year - 1 .. last_year`` (columns).

    ``places`` holds one row per place that has coordinates (place_id, name, kind, lat, lon); ``mentions`` and
    ``articles`` are int64 arrays of shape (places, years + 1) whose column 0 is all zeros.
    """

    first_year: int
    places: pd.DataFrame
    mentions: np.ndarray
    articles: np.ndarray

    def counts(self, first: int, last: int) -> pd.DataFrame:
        """Places named in articles published in ``first..last`` (inclusive): ``PLACE_COLUMNS``, most-mentioned
        first, then by name."""
        n_years = self.mentions.shape[1] - 1
        lo = min(max(first - self.first_year, 0), n_years)
        hi = min(max(last - self.first_year + 1, 0), n_years)
        if hi <= lo or self.places.empty:
            return _empty()
        mentions = self.mentions[:, hi] - self.mentions[:, lo]
        articles = self.articles[:, hi] - self.articles[:, lo]
        shown = np.flatnonzero(mentions > 0)
        out = self.places.iloc[shown].assign(mentions=mentions[shown], articles=articles[shown])
        return out.sort_values(["mentions", "name"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in PLACE_COLUMNS})


def place_years(mentions: pd.DataFrame) -> PlaceYears:
    """The running sums for a mentions table with ``place_id``, ``name``, ``kind``, ``lat``, ``lon``,
    ``article_id`` and ``year`` (mentions without a place, coordinates or year are not counted)."""
    columns = ["place_id", "name", "kind", "lat", "lon"]
    year = pd.to_numeric(mentions["year"], errors="coerce") if not mentions.empty else pd.Series(dtype=float)
    usable = (mentions["place_id"].notna() & mentions["lat"].notna() & mentions["lon"].notna()
              & year.notna()).to_numpy(dtype=bool) if not mentions.empty else np.zeros(0, bool)
    if not usable.any():
        return PlaceYears(0, _empty()[columns], np.zeros((0, 1), np.int64), np.zeros((0, 1), np.int64))
    first_year, last_year = int(year[usable].min()), int(year[usable].max())
    n_years = last_year - first_year + 1
    m = mentions.loc[usable]
    codes, uniques = pd.factorize(m["place_id"], sort=False)
    cols = year[usable].to_numpy(dtype=np.int64) - first_year
    per_year = np.zeros((len(uniques), n_years), np.int64)
    np.add.at(per_year, (codes, cols), 1)
    # distinct (place, article) pairs: each counts once, in its article's year
    pairs = pd.DataFrame({"p": codes, "a": pd.factorize(m["article_id"])[0], "y": cols}).drop_duplicates(["p", "a"])
    articles_per_year = np.zeros_like(per_year)
    np.add.at(articles_per_year, (pairs["p"].to_numpy(), pairs["y"].to_numpy()), 1)
    first_rows = m.groupby(codes, sort=True)[columns].first()   # name, kind, lat, lon of each place's first mention
    places = first_rows.reset_index(drop=True)
    zeros = np.zeros((len(uniques), 1), np.int64)
    return PlaceYears(first_year, places,
                      np.hstack([zeros, per_year.cumsum(axis=1)]),
                      np.hstack([zeros, articles_per_year.cumsum(axis=1)]))
