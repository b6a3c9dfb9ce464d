"""The timeline chart: events per year with the selected range marked (Altair, rendered by Streamlit offline)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from components.map_layers import EVENT_STYLE
from components.model import YEAR_MAX, YEAR_MIN, AtlasView

__all__ = ["events_per_year", "show_timeline"]


def events_per_year(view: AtlasView) -> pd.DataFrame:
    """One row per (year, kind) with the number of events under way that year (a multi-year event counts in each)."""
    ev = view.events.dropna(subset=["year_from", "year_to"])
    if ev.empty:
        return pd.DataFrame({"year": pd.Series(dtype=int), "kind": pd.Series(dtype=str),
                             "events": pd.Series(dtype=int)})
    years = [range(int(a), int(b) + 1) for a, b in zip(ev["year_from"], ev["year_to"], strict=True)]
    long = pd.DataFrame({"year": years, "kind": ev["kind"].map(lambda k: EVENT_STYLE.get(k, (k,))[0])})
    long = long.explode("year")
    long["year"] = long["year"].astype(int)
    return long.groupby(["year", "kind"]).size().rename("events").reset_index()


def show_timeline(view: AtlasView, years: tuple[int, int]) -> None:
    """Bar chart of events per year, 1949–2025, with the selected window shaded."""
    data = events_per_year(view)
    scale = alt.Scale(domain=[YEAR_MIN - 0.5, YEAR_MAX + 0.5], nice=False)
    window = alt.Chart(pd.DataFrame({"a": [years[0] - 0.5], "b": [years[1] + 0.5]})).mark_rect(
        color="#b3261e", opacity=0.09).encode(x=alt.X("a:Q", scale=scale), x2="b:Q")
    present = [v for k, v in EVENT_STYLE.items() if k in set(view.events["kind"])]
    kinds = [v[0] for v in present]
    bars = alt.Chart(data).mark_bar(size=6).encode(
        x=alt.X("year:Q", scale=scale, title=None, axis=alt.Axis(format="d", tickCount=16)),
        y=alt.Y("sum(events):Q", title="events", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("kind:N", scale=alt.Scale(domain=kinds, range=[v[1] for v in present]),
                        legend=None),   # the same colours are explained by the legend under the map
        tooltip=[alt.Tooltip("year:Q", format="d"), "kind:N", "events:Q"])
    st.altair_chart((window + bars).properties(height=90), width="stretch")
