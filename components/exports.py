"""Downloads of the current view: GeoJSON features and a CSV, each row with its citations."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from components.filters import Visible
from components.map_layers import to_lonlat
from components.model import AtlasView, citations_of
from geo.dataset.dates import UNKNOWN_DATE, precision_of

__all__ = ["CURATED", "review_by_place", "show_downloads", "view_geojson", "view_rows"]


def view_rows(view: AtlasView, vis: Visible, place_articles: bool = True) -> pd.DataFrame:
    """One row per visible item (event, journey, mentioned place) with its dates and their precisions (an end no
    source gives: ``end`` empty, ``end_precision`` ``unknown``), coordinates and citation columns:
    ``source_keys`` and ``source_urls`` (``|``-joined) and ``citations``, the formatted bibliography entries
    (:mod:`components.citation`) a reader can follow without the dataset.

    ``place_articles=False`` leaves the places' ``article_ids`` empty (the on-screen table does not show them, and
    joining thousands of ids per place is the slow part at 10k articles).
    """
    src_url = view.sources.set_index("key")["url"]
    by_key = dict(zip(view.sources["key"], view.sources["citation"], strict=True))
    ev = vis.events
    events = pd.DataFrame({
        "item": "event:" + ev["id"], "type": "event", "id": ev["id"], "title": ev["title"], "kind": ev["kind"],
        "start": ev["start"], "end": ev["end"], **_precisions(ev["start"], ev["end"]), "lat": ev["lat"],
        "lon": ev["lon"], "km_by_rail": float("nan"),
        "mentions": pd.NA,
        "article_ids": ev["article_ids"], "source_keys": ev["source_keys"], "source_urls": ev["source_urls"],
        "citations": ev["citations"], "uncertain": ev["uncertain"], "review": CURATED})
    jo = vis.journeys
    keys = jo["sources"].fillna("")
    journeys = pd.DataFrame({
        "item": "journey:" + jo["id"], "type": "journey", "id": jo["id"], "title": jo["title"],
        "kind": "journey", "start": jo["start"], "end": jo["end"], **_precisions(jo["start"], jo["end"]),
        "lat": float("nan"),
        "lon": float("nan"), "km_by_rail": pd.to_numeric(jo["km"], errors="coerce").round(0), "mentions": pd.NA,
        "article_ids": "", "source_keys": keys,
        "source_urls": keys.map(lambda k: "|".join(str(src_url.get(x, "")) for x in k.split("|") if x)),
        "citations": keys.map(lambda k: citations_of(k.split("|"), by_key)), "uncertain": jo["uncertain"],
        "review": CURATED})
    pl = vis.places
    review = review_by_place(vis.mentions)
    if place_articles:
        pairs = vis.mentions[["place_id", "article_id"]].drop_duplicates()
        per_place = pairs.groupby("place_id", sort=False)["article_id"].agg("|".join)
    else:
        per_place = pd.Series(dtype=object)
    places = pd.DataFrame({
        "item": "place:" + pl["place_id"], "type": "place", "id": pl["place_id"], "title": pl["name"],
        "kind": pl["kind"], "start": "", "end": "", "start_precision": "", "end_precision": "", "lat": pl["lat"],
        "lon": pl["lon"], "km_by_rail": float("nan"),
        "mentions": pl["mentions"], "article_ids": pl["place_id"].map(per_place).astype(object).fillna(""),
        "source_keys": "", "source_urls": "", "citations": "", "uncertain": "",
        "review": pl["place_id"].map(review).astype(object).fillna("")})
    parts = [p for p in (events, journeys, places) if not p.empty]
    if not parts:
        return events.iloc[:0]
    out = pd.concat(parts, ignore_index=True)
    out["mentions"] = pd.to_numeric(out["mentions"], errors="coerce").astype("Int64")
    return out


def _precisions(start: pd.Series, end: pd.Series) -> dict[str, pd.Series]:
    """``start_precision`` and ``end_precision`` of dated rows (``year``, ``month``, ``day``): an empty end is one
    no source gives, ``unknown`` — so a reader of the download cannot take a missing end for a one-day span."""
    def precision(dates: pd.Series) -> pd.Series:
        return dates.fillna("").astype(str).map(lambda d: precision_of(d) or UNKNOWN_DATE).astype(object)

    return {"start_precision": precision(start), "end_precision": precision(end)}


#: The review status of curated rows (events, journeys): checked by the editors, not by the geoparser.
CURATED = "curated"


def review_by_place(mentions: pd.DataFrame) -> pd.Series:
    """Place id → the review status of its visible mentions: one status when they agree ("accepted"), else the
    count of each ("accepted 2, unreviewed 3"), most frequent first."""
    if mentions.empty or "review" not in mentions:
        return pd.Series(dtype=object)
    counts = (mentions[mentions["place_id"].notna()].groupby(["place_id", "review"], sort=False).size()
              .rename("n").reset_index().sort_values(["place_id", "n", "review"], ascending=[True, False, True]))

    def summary(group: pd.DataFrame) -> str:
        if len(group) == 1:
            return str(group["review"].iloc[0])
        return ", ".join(f"{r} {n}" for r, n in zip(group["review"], group["n"], strict=True))

    return pd.Series({place: summary(group) for place, group in counts.groupby("place_id", sort=False)},
                     dtype=object)


def view_geojson(view: AtlasView, vis: Visible) -> dict:
    """The current view as a GeoJSON FeatureCollection (routes as LineStrings along the railway)."""
    rows = view_rows(view, vis)
    paths = vis.journeys.set_index("id")["path"] if not vis.journeys.empty else pd.Series(dtype=object)
    features = []
    for row in rows.to_dict("records"):
        props = {k: (None if pd.isna(v) else v) for k, v in row.items() if k not in ("lat", "lon")}
        if row["type"] == "journey":
            path = paths.get(row["id"], [])
            if len(path) < 2:
                continue
            geometry = {"type": "LineString", "coordinates": [to_lonlat(a, b) for a, b in path]}
        elif pd.isna(row["lat"]) or pd.isna(row["lon"]):
            continue
        else:
            geometry = {"type": "Point", "coordinates": to_lonlat(row["lat"], row["lon"])}
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    return {"type": "FeatureCollection", "features": features,
            "properties": {"years": list(vis.years), "source": "Russia–DPRK Summit & Train Atlas"}}


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe_csv(rows: pd.DataFrame) -> str:
    """``rows`` as CSV, with every text cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``
    first) prefixed by ``'`` — the OWASP "CSV injection" guard; numbers are left alone."""
    def guard(value: object) -> object:
        return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value

    safe = rows.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(guard)
    return safe.to_csv(index=False)


def show_downloads(view: AtlasView, vis: Visible) -> None:
    """Two download buttons for what is visible now."""
    name = f"atlas-{vis.years[0]}-{vis.years[1]}"
    left, right = st.columns(2)
    # Callables: the files are built only when a button is pressed, not on every slider move.
    left.download_button("Download GeoJSON",
                         lambda: json.dumps(view_geojson(view, vis), ensure_ascii=False, default=str),
                         file_name=f"{name}.geojson", mime="application/geo+json", width="stretch",
                         on_click="ignore")
    right.download_button("Download CSV (with citations)", lambda: spreadsheet_safe_csv(view_rows(view, vis)),
                          file_name=f"{name}.csv", mime="text/csv", width="stretch", on_click="ignore")
