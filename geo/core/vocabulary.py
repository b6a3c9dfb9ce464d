"""The atlas's vocabulary: the kinds and modes the data may name, how each event kind is shown, and the years.

One home for words that both the engine and the dashboard use: ``geo.dataset.schema`` validates the CSV columns
against these tuples, and the dashboard's map, legend, timeline and panel label and colour event kinds from
:data:`EVENT_STYLES`, so a new kind is added here once. Constants only; nothing from ``geo`` is imported, so every
package may import this module.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EVENT_KINDS", "EVENT_STYLES", "LEG_MODES", "OTHER_EVENT_COLOUR", "OTHER_EVENT_RADIUS", "PLACE_KINDS",
           "TRAVEL_MODES", "YEAR_MAX", "YEAR_MIN", "YEAR_RANGE_TEXT", "EventKind", "event_style"]

#: The atlas's years, inclusive: the first Soviet–North Korean summit to the latest one in the data.
YEAR_MIN, YEAR_MAX = 1949, 2025
#: The same range as the page writes it.
YEAR_RANGE_TEXT = f"{YEAR_MIN}–{YEAR_MAX}"


@dataclass(frozen=True)
class EventKind:
    """One kind of event: its value in ``events.csv``, its label on the page, and its map marker."""

    name: str
    label: str
    colour: str  # marker fill, legend dot and timeline bar
    radius: int  # marker radius in pixels (summits drawn larger)


#: Every event kind by its ``events.csv`` value, in the order of the legend and of the timeline's stacked bars.
EVENT_STYLES: dict[str, EventKind] = {kind.name: kind for kind in (
    EventKind("summit", "Summit", "#b3261e", 9),
    EventKind("state_visit", "State visit", "#7b1fa2", 7),
    EventKind("official_visit", "Official visit", "#c2571a", 7),
    EventKind("working_visit", "Working visit", "#d4a017", 7),
    EventKind("ministerial_visit", "Ministerial visit", "#2e7d32", 6),
    EventKind("delegation", "Delegation", "#00838f", 6),
    EventKind("naval_visit", "Naval visit", "#1565c0", 6),
)}
#: ``events.csv`` ``kind``: the values the schema accepts.
EVENT_KINDS: tuple[str, ...] = tuple(EVENT_STYLES)
#: How an event of a kind outside the vocabulary is drawn (tables that did not go through validation).
OTHER_EVENT_COLOUR, OTHER_EVENT_RADIUS = "#444444", 6

#: ``places.csv`` / ``rail_stations.csv`` ``kind``.
PLACE_KINDS = ("country", "historical_state", "region", "water", "island", "city", "town", "district",
               "station", "junction", "airport", "facility")
#: ``events.csv`` ``mode``: how the visitors travelled overall.
TRAVEL_MODES = ("rail", "air", "sea", "mixed", "unknown")
#: ``journey_stops.csv`` ``mode``: how the leg to a stop was travelled (``geo.routing.JOURNEY_MODES`` says how
#: each is routed and drawn).
LEG_MODES = ("armoured_train", "special_train", "train", "aircraft", "car", "ship")


def event_style(kind: str) -> EventKind:
    """The vocabulary's entry for an event ``kind``; a kind outside it is labelled with its own name, in grey."""
    return EVENT_STYLES.get(kind) or EventKind(kind, kind, OTHER_EVENT_COLOUR, OTHER_EVENT_RADIUS)
