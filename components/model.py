"""The dashboard's view of the dataset: the validated tables joined once into what the page shows.

Built from ``geo.dataset.Dataset`` plus the precomputed mentions and the journeys as ``geo.routing`` routed them,
then cached by the app (``components.loader.load_view``); every function here is pure, takes DataFrames and returns
new ones, so tests build an ``AtlasView`` from small hand-made tables without Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from components.citation import citation_text
from components.place_years import PlaceYears, place_years
from geo.dataset.dates import parse_partial_date

if TYPE_CHECKING:   # annotations only
    from geo.dataset import Dataset
    from geo.routing import JourneyRoute

__all__ = ["CITATION_SEPARATOR", "SOURCE_COLUMNS", "AtlasView", "build_view", "citations_of", "year_of"]


@dataclass(frozen=True)
class AtlasView:
    """What the dashboard shows; every table has an integer ``year_from``/``year_to`` (or ``year``) column.

    ``journeys`` carries each journey's route as ``geo.routing`` computed it: ``km`` (None when not routed),
    ``km_official``, ``path`` (the whole polyline, (lat, lon) in travel order) and ``legs`` (``geo.routing.Leg``:
    from_id, to_id, mode, km, official, stations, coordinates); both are empty tuples for a journey not drawn.
    """

    events: pd.DataFrame
    journeys: pd.DataFrame
    stops: pd.DataFrame
    mentions: pd.DataFrame
    articles: pd.DataFrame
    places: pd.DataFrame
    event_sources: pd.DataFrame
    sources: pd.DataFrame
    rail_lines: list[list[tuple[float, float]]]
    notes: tuple[str, ...] = ()           # load-time messages for the reader (e.g. a journey not routable)
    place_years: PlaceYears | None = None  # mentions per place per year, summed (None: derived when needed)

    def mention_counts(self) -> PlaceYears:
        """The per-place, per-year mention counts (:mod:`components.place_years`), built once per view."""
        return self.place_years if self.place_years is not None else place_years(self.mentions)


def year_of(dates: pd.Series) -> pd.Series:
    """The year of ISO partial dates (``"1986"``, ``"1986-12"``, ``"1986-12-03"``) as nullable integers."""
    return pd.to_numeric(dates.fillna("").astype(str).str[:4], errors="coerce").astype("Int64")


def _cell(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value)
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _text(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """A copy with ``columns`` as plain strings: missing → "", list cells → ``|``-joined (as in the CSVs)."""
    out = df.copy()
    for col in columns:
        if col not in out.columns:
            out[col] = ""
        if pd.api.types.is_string_dtype(out[col].dtype) and not pd.api.types.is_object_dtype(out[col].dtype):
            # a string column holds no lists: only missing values need replacing, with no Python call per cell
            # (the article texts make this the slowest column of a cold start when mapped one by one)
            out[col] = out[col].fillna("").astype(object)
        else:
            out[col] = out[col].map(_cell).astype(object)
    return out


def build_view(dataset: Dataset, mentions: pd.DataFrame | None, routes: dict[str, JourneyRoute] | None,
               notes: tuple[str, ...] = ()) -> AtlasView:
    """Join the dataset's tables into the dashboard's view.

    ``dataset`` is a ``geo.dataset.Dataset`` (or anything with the same DataFrame attributes); ``mentions`` the
    precomputed mentions table (``geo.store.mentions.load_mentions``); ``routes`` the journeys routed by
    ``geo.routing`` (``route_journey``), by journey id.
    """
    places = _text(dataset.places, ["id", "name", "kind", "country", "coord_source", "uncertain", "aliases"])
    coords = places.set_index("id")[["name", "lat", "lon"]]
    articles = _build_articles(dataset.articles)
    sources = _build_sources(dataset.sources)
    event_sources = _text(dataset.event_sources, ["event_id", "article_id", "quote", "source_key", "note"])
    events = _build_events(dataset.events, coords, _event_citations(event_sources, sources))
    stops = _build_stops(dataset.stops, coords)
    journeys = _build_journeys(dataset.journeys, events, stops, routes or {})
    mentions = _build_mentions(mentions, articles, places)
    return AtlasView(
        events=events, journeys=journeys, stops=stops, mentions=mentions, articles=articles, places=places,
        event_sources=event_sources, sources=sources,
        rail_lines=_rail_lines(getattr(dataset, "rail_segments", None), coords), notes=notes,
        place_years=place_years(mentions))


def _build_articles(articles: pd.DataFrame) -> pd.DataFrame:
    out = _text(articles, ["id", "title", "outlet", "byline", "published", "url", "dateline", "text"])
    if "removed" in out.columns:
        out = out.drop(columns=["removed"])
    out["year"] = year_of(out["published"])
    return out.reset_index(drop=True)


#: Columns of the bibliography as the view keeps them; ``citation`` is added, formatted once.
SOURCE_COLUMNS = ["key", "title", "publisher", "author", "date", "url", "archive_url", "urls", "note"]
#: Between two citations in one cell of the downloads (a citation itself holds commas and semicolons).
CITATION_SEPARATOR = " | "


def _build_sources(sources: pd.DataFrame) -> pd.DataFrame:
    out = _text(sources, SOURCE_COLUMNS)
    out["citation"] = [citation_text(row) for row in out[SOURCE_COLUMNS].to_dict("records")]
    return out.reset_index(drop=True)


def citations_of(keys: Iterable[str], citations: Mapping[str, str]) -> str:
    """The formatted citations of source ``keys`` (unknown keys left out), joined for one cell of a download;
    ``citations`` maps a key to its citation (``dict(zip(view.sources["key"], view.sources["citation"]))``)."""
    return CITATION_SEPARATOR.join(citations[k] for k in keys if k in citations)


def _event_citations(event_sources: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Per event id: ``article_ids``, ``source_keys``, ``source_urls`` and ``citations`` that support it (joined,
    in order, each once)."""
    def joined(values: pd.Series) -> str:
        return "|".join(x for x in dict.fromkeys(values) if x)

    by_key = dict(zip(sources["key"], sources["citation"], strict=True))

    def cited(keys: pd.Series) -> str:
        return citations_of(dict.fromkeys(keys), by_key)

    urls = event_sources["source_key"].map(sources.set_index("key")["url"]).fillna("")
    table = event_sources.assign(url=urls)
    return table.groupby("event_id").agg(article_ids=("article_id", joined), source_keys=("source_key", joined),
                                         source_urls=("url", joined), citations=("source_key", cited))


def _build_events(events: pd.DataFrame, coords: pd.DataFrame, citations: pd.DataFrame) -> pd.DataFrame:
    out = _text(events, ["id", "kind", "title", "start", "end", "leaders", "parties", "venue_place_id", "mode",
                         "summary", "uncertain"])
    out["year_from"] = year_of(out["start"])
    out["year_to"] = year_of(out["end"].where(out["end"] != "", out["start"]))
    out = out.join(coords.rename(columns={"name": "venue"}), on="venue_place_id")
    for column in ("article_ids", "source_keys", "source_urls", "citations"):   # for the table and the downloads
        out[column] = out["id"].map(citations[column]).fillna("").astype(object)
    return out.reset_index(drop=True)


def _build_stops(stops: pd.DataFrame, coords: pd.DataFrame) -> pd.DataFrame:
    out = _text(stops, ["journey_id", "place_id", "date", "time", "mode", "activity", "sources", "article_id",
                        "quote", "uncertain"])
    out = out.join(coords, on="place_id")
    out["seq"] = pd.to_numeric(out["seq"], errors="coerce").astype("Int64")
    return out.sort_values(["journey_id", "seq"]).reset_index(drop=True)


def _build_journeys(journeys: pd.DataFrame, events: pd.DataFrame, stops: pd.DataFrame,
                    routes: dict[str, JourneyRoute]) -> pd.DataFrame:
    out = _text(journeys, ["id", "event_id", "title", "traveller", "sources", "uncertain", "note"])
    dated = stops[stops["date"] != ""]
    # By the days a date surely covers, not as text: a year-only stop ("1984") in the middle of a journey must not
    # become its start (as text "1984" < "1984-05-16") or its end. The start is the date whose last day is
    # earliest, the end the one whose first day is latest.
    spans = dated["date"].map(parse_partial_date)
    first = dated.assign(key=spans.str[1]).sort_values("key", kind="stable").groupby("journey_id")["date"].first()
    last = dated.assign(key=spans.str[0]).sort_values("key", kind="stable").groupby("journey_id")["date"].last()
    ev = events.set_index("id")
    out["start"] = out["id"].map(first).fillna(out["event_id"].map(ev["start"])).fillna("")
    out["end"] = out["id"].map(last).fillna(out["event_id"].map(ev["end"])).fillna("")
    out["year_from"] = year_of(out["start"])
    out["year_to"] = year_of(out["end"].where(out["end"] != "", out["start"]))
    # The engine's frozen route objects go into the table as they are, typed: the map reads the legs' modes and
    # coordinates; the panel, the table and the downloads read the km.
    routed = [routes.get(j) for j in out["id"]]
    out["km"] = [None if r is None else float(r.km) for r in routed]
    out["km_official"] = [r is not None and r.route.official for r in routed]
    out["path"] = [() if r is None else r.route.coordinates for r in routed]
    out["legs"] = [() if r is None else r.route.legs for r in routed]
    return out.reset_index(drop=True)


def _build_mentions(mentions: pd.DataFrame | None, articles: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    columns = ["article_id", "start", "end", "surface", "place_id", "name", "lat", "lon", "kind",
               "passage_start", "passage_end", "year"]
    if mentions is None or mentions.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    # The string columns stay pandas' Arrow-backed strings, not Python objects: the mentions are the view's longest
    # table, and Arrow strings are cheaper to build, to pickle and load with the view (components/view_snapshot.py)
    # and to filter by place_id when a place is clicked.
    out = mentions.copy()
    out["year"] = out["article_id"].map(articles.set_index("id")["year"]).astype("Int64")
    for col in ("start", "end", "passage_start", "passage_end"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("Int64")
    return out.reset_index(drop=True)


def _rail_lines(segments: pd.DataFrame | None, coords: pd.DataFrame) -> list[list[tuple[float, float]]]:
    """Railway segments as (lat, lon) pairs, for the faint network drawn under the routes."""
    if segments is None or segments.empty:
        return []
    a = coords.reindex(segments["from_id"])[["lat", "lon"]].to_numpy()
    b = coords.reindex(segments["to_id"])[["lat", "lon"]].to_numpy()
    return [[(float(p[0]), float(p[1])), (float(q[0]), float(q[1]))]
            for p, q in zip(a, b, strict=True) if not (pd.isna(p).any() or pd.isna(q).any())]
