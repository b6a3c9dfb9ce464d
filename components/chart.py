"""The timeline chart: events per year with the selected range marked (a Vega-Lite spec Streamlit draws offline).

The spec is written as a plain dict rather than built with Altair: Altair validates the whole chart against the
Vega-Lite JSON schema every time it is converted (~40 ms, on every slider move), and the chart is simple.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
import streamlit as st

from components.map_layers import EVENT_STYLE
from components.model import YEAR_MAX, YEAR_MIN, AtlasView

__all__ = ["events_per_year", "show_timeline", "timeline_spec"]


def events_per_year(view: AtlasView) -> pd.DataFrame:
    """One row per (year, kind) with the number of events under way that year (a multi-year event counts in each)."""
    ev = view.events.dropna(subset=["year_from", "year_to"])
    counts: Counter[tuple[int, str]] = Counter()
    for first, last, kind in zip(ev["year_from"], ev["year_to"], ev["kind"], strict=True):
        label = EVENT_STYLE.get(kind, (kind,))[0]
        counts.update((year, label) for year in range(int(first), int(last) + 1))
    rows = sorted(counts.items())
    return pd.DataFrame({"year": pd.Series([y for (y, _), _ in rows], dtype=int),
                         "kind": pd.Series([k for (_, k), _ in rows], dtype=object),
                         "events": pd.Series([n for _, n in rows], dtype=int)})


def timeline_spec(view: AtlasView, years: tuple[int, int]) -> dict:
    """The Vega-Lite spec: bars of events per year coloured by kind, the window ``years`` shaded behind them."""
    scale = {"domain": [YEAR_MIN - 0.5, YEAR_MAX + 0.5], "nice": False}
    kinds_present = set(view.events["kind"])
    present = [v for k, v in EVENT_STYLE.items() if k in kinds_present]
    window = {"data": {"values": [{"a": years[0] - 0.5, "b": years[1] + 0.5}]},
              "mark": {"type": "rect", "color": "#b3261e", "opacity": 0.09},
              "encoding": {"x": {"field": "a", "type": "quantitative", "scale": scale}, "x2": {"field": "b"}}}
    bars = {"data": {"values": events_per_year(view).to_dict("records")},
            "mark": {"type": "bar", "size": 6},
            "encoding": {
                "x": {"field": "year", "type": "quantitative", "scale": scale, "title": None,
                      "axis": {"format": "d", "tickCount": 16}},
                "y": {"aggregate": "sum", "field": "events", "type": "quantitative", "title": "events",
                      "axis": {"tickMinStep": 1}},
                # the same colours are explained by the legend under the map
                "color": {"field": "kind", "type": "nominal", "legend": None,
                          "scale": {"domain": [v[0] for v in present], "range": [v[1] for v in present]}},
                "tooltip": [{"field": "year", "type": "quantitative", "format": "d"},
                            {"field": "kind", "type": "nominal"}, {"field": "events", "type": "quantitative"}]}}
    return {"layer": [window, bars], "height": 90}


def show_timeline(view: AtlasView, years: tuple[int, int]) -> None:
    """Bar chart of events per year, 1949–2025, with the selected window shaded."""
    st.vega_lite_chart(spec=timeline_spec(view, years), width="stretch")
