"""The running-sum place counts agree with grouping the mentions of the range directly."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from components.place_years import PLACE_COLUMNS, place_years


def _grouped(mentions: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """The obvious way: filter the range, then group."""
    m = mentions[mentions["year"].between(first, last) & mentions["lat"].notna() & mentions["place_id"].notna()]
    if m.empty:
        return pd.DataFrame(columns=PLACE_COLUMNS)
    out = m.groupby("place_id", sort=False).agg(
        name=("name", "first"), kind=("kind", "first"), lat=("lat", "first"), lon=("lon", "first"),
        mentions=("article_id", "size"), articles=("article_id", "nunique")).reset_index()
    return out.sort_values(["mentions", "name"], ascending=[False, True], kind="stable").reset_index(drop=True)


_rows = st.lists(st.tuples(st.sampled_from(["a1", "a2", "a3", "a4"]), st.sampled_from(["p", "q", "r", None]),
                           st.booleans()), max_size=40)


@settings(max_examples=200, deadline=None)
@given(rows=_rows, years=st.dictionaries(st.sampled_from(["a1", "a2", "a3", "a4"]),
                                         st.integers(1948, 2027) | st.none()),
       first=st.integers(1940, 2030), width=st.integers(0, 12))
def test_counts_match_grouping(rows, years, first, width) -> None:
    mentions = pd.DataFrame({
        "article_id": [r[0] for r in rows], "place_id": [r[1] for r in rows],
        "name": [(r[1] or "").upper() for r in rows], "kind": "city",
        "lat": [1.0 if r[2] else None for r in rows], "lon": 2.0,
        "year": pd.array([years.get(r[0]) for r in rows], dtype="Int64")})
    got = place_years(mentions).counts(first, first + width)
    want = _grouped(mentions, first, first + width)
    assert got["place_id"].tolist() == want["place_id"].tolist()
    assert got["mentions"].tolist() == want["mentions"].tolist()
    assert got["articles"].tolist() == want["articles"].tolist()


def test_a_range_outside_the_data_is_empty() -> None:
    mentions = pd.DataFrame({"article_id": ["a"], "place_id": ["p"], "name": ["P"], "kind": ["city"],
                             "lat": [1.0], "lon": [2.0], "year": pd.array([2000], dtype="Int64")})
    index = place_years(mentions)
    assert index.counts(1949, 1999).empty
    assert index.counts(2001, 2025).empty
    assert index.counts(2000, 2000)["mentions"].tolist() == [1]
    assert place_years(mentions.iloc[:0]).counts(1949, 2025).empty
