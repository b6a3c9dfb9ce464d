"""The accessible table of what is visible, synced with the map: choosing a row selects the same item."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from components.date_span import end_cells
from components.exports import view_rows
from components.filters import Visible
from components.model import AtlasView
from components.state import KEYS
from geo.routing.routes import format_km

__all__ = ["show_table", "table_rows"]

_COLUMNS = {"type": "Type", "title": "Name", "start": "From", "end": "To", "km_by_rail": "km by rail",
            "mentions": "Mentions", "source_keys": "Sources", "uncertain": "Unconfirmed", "item": "item"}


def table_rows(view: AtlasView, vis: Visible) -> pd.DataFrame:
    """The table's rows: events first, then journeys, then places by mentions (``item`` = selection string)."""
    rows = view_rows(view, vis, place_articles=False)
    rows["end"] = end_cells(rows["start"], rows["end"])   # an end no source gives reads "unknown", not blank
    # an approximate length reads as one ("≈ 1,150"): only km-post and published lengths are shown bare
    official = dict(zip("journey:" + view.journeys["id"], view.journeys["km_official"], strict=True))
    rows["km_by_rail"] = [_km_text(km, official.get(item, False)) for km, item in zip(rows["km_by_rail"],
                                                                                     rows["item"], strict=True)]
    # sources by who published them and when ("TASS, 2019"), not by the bibliography's keys, which only the
    # downloads carry (with the full citations); the panel shows them in full with their links
    short = {key: _short_citation(publisher, title, date) for key, publisher, title, date in
             zip(view.sources["key"], view.sources["publisher"], view.sources["title"], view.sources["date"],
                 strict=True)}
    rows["source_keys"] = [" · ".join(short.get(k, k) for k in keys.split("|") if k)
                          for keys in rows["source_keys"]]
    return rows[list(_COLUMNS)].rename(columns=_COLUMNS).reset_index(drop=True)


def _short_citation(publisher: object, title: object, date: object) -> str:
    """``"Reuters; Strana, 2019"``: the publisher (else the title) and the year, or "n.d." when none is known."""
    who = str(publisher or "").strip() or str(title or "").strip()
    year = str(date or "").strip()[:4]
    return f"{who}, {year or 'n.d.'}"


def _km_text(km: object, official: bool) -> str:
    return "" if km is None or pd.isna(km) else format_km(float(km), official).removesuffix(" km")


def _on_select(items: list[str]) -> None:
    chosen = (st.session_state.get(KEYS.table) or {}).get("selection", {}).get("rows", [])
    if chosen and chosen[0] < len(items):
        st.session_state[KEYS.selection] = items[chosen[0]]
        st.session_state[KEYS.article] = None


def show_table(view: AtlasView, vis: Visible, selection: str | None) -> None:
    """A single-row-select table; the row of the current selection (from the map) is pre-selected."""
    rows = table_rows(view, vis)
    items = rows["item"].tolist()
    default = {"selection": {"rows": [items.index(selection)]}} if selection in items else None
    # placeholder="": a missing value (an event's mention count) reads blank, not Streamlit's default "None"
    st.dataframe(rows, hide_index=True, width="stretch", height=280, key=KEYS.table, placeholder="",
                 on_select=partial(_on_select, items), selection_mode="single-row", selection_default=default,
                 column_config={"item": None},
                 alt="Events, journeys and places visible for the selected years")
