"""Column specifications of the dataset's CSV tables (see docs/data-model.md)."""

from __future__ import annotations

from dataclasses import dataclass

# The kinds and modes live in the shared vocabulary (the dashboard labels and colours the same kinds); they stay
# importable from here, next to the columns that use them.
from geo.core.vocabulary import EVENT_KINDS, LEG_MODES, PLACE_KINDS, TRAVEL_MODES
from geo.dataset.corrections import CORRECTION_ACTIONS
from geo.dataset.dates import PRECISIONS, UNKNOWN_DATE

__all__ = ["END_PRECISIONS", "EVENT_KINDS", "LEG_MODES", "LIST_TYPES", "PLACE_KINDS", "ROUTE_UNREPORTED", "TABLES",
           "TRANSNATIONAL_KINDS", "TRAVEL_MODES", "Column", "TableSpec"]

#: ``official``: a km-post difference or published length of exactly the segment; ``prorata``: a share of an official
#: run (its segments add up to the run's published length); ``estimate``: approximate (docs/data-model.md).
KM_BASES = ("official", "prorata", "estimate")
#: Kinds that may span several countries, so their ``country`` may be empty.
TRANSNATIONAL_KINDS = ("region", "water")
#: ``journey_stops.csv`` ``route``: what the sources leave open about the leg into the stop. Empty: nothing (the
#: order is the sources' and the network's line between the two stops is the way taken). ``unreported``: no source
#: says which way the traveller went; ``order_unreported``: the sources name the stop but not when it was passed, so
#: the leg into it is the editors' ordering. Either is drawn as uncertain, never along a railway (docs/data-model.md).
ROUTE_UNREPORTED = ("unreported", "order_unreported")
#: ``events.csv`` ``end_precision``: a date precision, or ``unknown`` when no source gives the end (``end`` empty).
END_PRECISIONS = (*PRECISIONS, UNKNOWN_DATE)
#: Column types whose cells are ``|``-separated lists (read as tuples; an empty cell is ``()``).
LIST_TYPES = ("list", "slug_list", "url_list")


@dataclass(frozen=True)
class Column:
    """One column: its name, value type and whether a value is required.

    Types: ``str``, ``slug``, ``float``, ``int``, ``lat``, ``lon``, ``date``, ``precision``, ``url`` (absolute
    http(s)), ``list`` (``|`` separated), ``slug_list``, ``url_list``, or ``enum`` with ``choices``.
    """

    name: str
    type: str = "str"
    required: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableSpec:
    """A CSV table: file name, columns, the primary key and whether the file may be absent."""

    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ("id",)
    optional: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


_PLACE_COLUMNS = (
    Column("id", "slug", True), Column("name", "str", True), Column("aliases", "list"),
    Column("kind", "enum", True, PLACE_KINDS), Column("lat", "lat", True), Column("lon", "lon", True),
    Column("country", "country"), Column("geonames_id", "int"), Column("population", "int"),
    Column("coord_source", "str", True), Column("extent_km", "float"), Column("parent_id", "slug"),
    Column("uncertain"), Column("note"),
)

TABLES: dict[str, TableSpec] = {
    "places": TableSpec("places.csv", _PLACE_COLUMNS),
    "rail_stations": TableSpec("rail_stations.csv", _PLACE_COLUMNS, optional=True),
    "sources": TableSpec("sources.csv", (
        Column("key", "str", True), Column("title", "str", True), Column("publisher", "str", True), Column("author"),
        Column("date", "date"), Column("url", "url"), Column("archive_url", "url"), Column("urls", "url_list"),
        Column("note"),
    ), key=("key",)),
    "events": TableSpec("events.csv", (
        Column("id", "slug", True), Column("kind", "enum", True, EVENT_KINDS), Column("title", "str", True),
        Column("start", "date", True), Column("start_precision", "precision", True),
        Column("end", "date"), Column("end_precision", "enum", True, END_PRECISIONS),
        Column("leaders", "list", True), Column("parties", "list", True), Column("venue_place_id", "slug", True),
        Column("mode", "enum", True, TRAVEL_MODES), Column("summary", "str", True), Column("uncertain"),
    )),
    "event_sources": TableSpec("event_sources.csv", (
        Column("event_id", "slug", True), Column("article_id", "slug"), Column("quote"), Column("source_key"),
        Column("note"),
    ), key=()),
    "journeys": TableSpec("journeys.csv", (
        Column("id", "slug", True), Column("event_id", "slug", True), Column("title", "str", True),
        Column("traveller", "str", True), Column("sources", "list"), Column("uncertain"), Column("note"),
    )),
    "stops": TableSpec("journey_stops.csv", (
        Column("journey_id", "slug", True), Column("seq", "int", True), Column("place_id", "slug", True),
        Column("date", "date"), Column("date_precision", "precision"), Column("time"),
        Column("mode", "enum", False, LEG_MODES), Column("route", "enum", False, ROUTE_UNREPORTED),
        Column("activity"), Column("sources", "list"), Column("article_id", "slug"), Column("quote"),
        Column("uncertain"),
    ), key=("journey_id", "seq")),
    "rail_segments": TableSpec("rail_segments.csv", (
        Column("line", "str", True), Column("from_id", "slug", True), Column("to_id", "slug", True),
        Column("km", "float", True), Column("km_basis", "enum", True, KM_BASES), Column("km_source"),
        Column("note"),
    ), key=("from_id", "to_id"), optional=True),
    # people's review of the geoparser's mentions (geo/dataset/corrections.py checks them against the articles)
    "corrections": TableSpec("corrections.csv", (
        Column("article_id", "slug", True), Column("start", "int", True), Column("end", "int", True),
        Column("surface", "str", True), Column("action", "enum", True, CORRECTION_ACTIONS), Column("place_id"),
        Column("note"), Column("time"),
    ), key=("article_id", "start", "end"), optional=True),
}
