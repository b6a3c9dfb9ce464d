"""Railway routing: the network of ``rail_segments.csv`` as a graph, and routes that follow it.

A curator lists only the stops the sources name; the geometry between two stops comes from the shortest path on the
network (``networkx``), so a line from Khabarovsk to Ulan-Ude follows the Trans-Siberian instead of cutting through
China. Air legs are great-circle arcs; car and ship legs are direct geodesic lines marked with their mode.

Kilometres: a segment's ``km`` is a published length of exactly that segment (``km_basis = official``), a share of
an official *run* between two km posts (``prorata``: the shape segments of the run split its length, and each names
the run in ``km_source``), or its geodesic length times the calibrated winding factor (``estimate``,
:mod:`geo.routing.winding`). A leg is official only when all its segments are official or pro-rata and it covers every
run it touches completely — a leg that stops between two km posts uses a share and is approximate. See
docs/railway.md.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
import pandas as pd
from geographiclib.geodesic import Geodesic

from geo.core.errors import RoutingError, UnknownPlaceError
from geo.routing.routes import JourneyRoute, LatLon, Leg, Route
from geo.routing.winding import RUN_BASES

if TYPE_CHECKING:  # for annotations only
    from geo.dataset import Dataset

__all__ = ["JOURNEY_MODES", "ROUTE_MODES", "RailNetwork", "clear_cache", "network_of", "route_journey",
           "route_journeys"]

#: journey_stops ``mode`` → how the leg is drawn (``rail`` on the network, ``air`` great circle, else direct line).
JOURNEY_MODES = {"armoured_train": "rail", "special_train": "rail", "train": "rail", "aircraft": "air",
                 "car": "car", "ship": "ship"}
ROUTE_MODES = ("rail", "air")
BORDER_WEIGHT_KM = 1000.0  # routing weight (not length) of crossing a border; see RailNetwork.rail_leg
ARC_STEP_KM = 50.0  # spacing of the intermediate points of air arcs and direct lines
STATION_REACH_KM = 50.0  # how far from a stop its city's station may be (the Kremlin → Yaroslavsky station)
_WGS84 = Geodesic.WGS84

def _km(a: LatLon, b: LatLon) -> float:
    return _WGS84.Inverse(a[0], a[1], b[0], b[1])["s12"] / 1000.0


class RailNetwork:
    """The railway graph plus the coordinates of every gazetteer place (for air and direct legs)."""

    def __init__(self, graph: nx.Graph, places: dict[str, LatLon], parents: dict[str, str],
                 run_sizes: dict[str, int]):
        self.graph = graph
        self.places = places
        self._parents = parents
        self._run_sizes = run_sizes
        # A city stop travels from its station: the network node whose parent is the city (Moscow → Yaroslavsky).
        self._station_of: dict[str, str] = {}
        for child, parent in parents.items():
            if child in graph and parent not in graph:
                self._station_of.setdefault(parent, child)

    @classmethod
    def from_tables(cls, places: pd.DataFrame, segments: pd.DataFrame) -> RailNetwork:
        """Build the network from a places table (``places.csv`` + ``rail_stations.csv``) and ``rail_segments``.

        Raises UnknownPlaceError when a segment names a place that is not in ``places``.
        """
        records = places.to_dict("records")
        coords = {str(r["id"]): (float(r["lat"]), float(r["lon"])) for r in records}
        country = {str(r["id"]): str(r.get("country") or "") for r in records}
        parents = {str(r["id"]): r["parent_id"] for r in records
                   if isinstance(r.get("parent_id"), str) and r["parent_id"]}
        graph = nx.Graph()
        runs: Counter[str] = Counter()
        for seg in segments.to_dict("records"):
            a, b = str(seg["from_id"]), str(seg["to_id"])
            for end in (a, b):
                if end not in coords:
                    raise UnknownPlaceError(f"rail segment {a} → {b} names unknown place {end!r} — add it to "
                                            "data/rail_stations.csv or fix the id in data/rail_segments.csv")
                graph.add_node(end, lat=coords[end][0], lon=coords[end][1])
            official = seg["km_basis"] in RUN_BASES
            # a pro-rata share is exact only together with the rest of its run: the run is (line, km_source)
            run = f"{seg['line']}\x1f{seg.get('km_source') or ''}" if seg["km_basis"] == "prorata" else None
            km = float(seg["km"])
            if graph.has_edge(a, b) and graph.edges[a, b]["km"] <= km:
                continue  # two lines between the same stations: keep the shorter
            border = BORDER_WEIGHT_KM if country[a] != country[b] else 0.0
            graph.add_edge(a, b, km=km, weight=km + border, official=official, run=run, line=str(seg["line"]))
        for _, _, data in graph.edges(data=True):
            if data["run"]:
                runs[data["run"]] += 1
        return cls(graph, coords, parents, dict(runs))

    @classmethod
    def from_dataset(cls, dataset: Dataset) -> RailNetwork:
        """The network of a loaded :class:`geo.dataset.Dataset` (cached per data directory state)."""
        return network_of(dataset)

    # -- look-ups ------------------------------------------------------------------------------------------

    def coordinate(self, place_id: str) -> LatLon:
        """(lat, lon) of a gazetteer place; raises UnknownPlaceError."""
        try:
            return self.places[place_id]
        except KeyError:
            raise UnknownPlaceError(f"unknown place {place_id!r} — use an id from data/places.csv or "
                                    "data/rail_stations.csv") from None

    def station(self, place_id: str) -> str:
        """The network node for a stop: the place itself, or the station of the city it lies in.

        A city's station is the network node whose ``parent_id`` is the city; a place that is not a station
        (the Kremlin) uses the station of its parent (Moscow), up to three levels up.
        Raises UnknownPlaceError for an unknown id and RoutingError for a place that is not on the network.
        """
        where = self.coordinate(place_id)
        here: str | None = place_id
        for _ in range(3):
            if here is None:
                break
            station = here if here in self.graph else self._station_of.get(here)
            # A region is a parent too (Yakutsk lies in the Russian Far East): only a nearby station will do.
            if station is not None and _km(where, self.coordinate(station)) <= STATION_REACH_KM:
                return station
            here = self._parents.get(here)
        raise RoutingError(f"{place_id!r} is not on the railway network — use a station on a line of "
                           "data/rail_segments.csv, or add a segment to it")

    # -- legs ----------------------------------------------------------------------------------------------

    def rail_leg(self, from_id: str, to_id: str) -> Leg:
        """The shortest path on the network between two stops (RoutingError when not connected).

        Each border crossing weighs an extra ``BORDER_WEIGHT_KM`` in the path search (never in the km): a train
        between two Russian stations stays in Russia although the line through China is shorter, as the
        armoured trains did unless the curator lists a stop across the border.
        """
        a, b = self.station(from_id), self.station(to_id)
        try:
            path = nx.shortest_path(self.graph, a, b, weight="weight")
        except nx.NetworkXNoPath:
            raise RoutingError(f"no rail connection between {from_id!r} and {to_id!r} — the two stations are on "
                               "separate parts of the network; add the missing segments to "
                               "data/rail_segments.csv or travel this leg by another mode") from None
        edges = [self.graph.edges[u, v] for u, v in itertools.pairwise(path)]
        km = sum(e["km"] for e in edges)
        runs = Counter(e["run"] for e in edges)
        official = bool(edges) and all(e["official"] for e in edges) and all(
            count == self._run_sizes[run] for run, count in runs.items() if run is not None)
        stations = tuple(path)
        if stations[0] != from_id:
            stations = (from_id, *stations)
        if stations[-1] != to_id:
            stations = (*stations, to_id)
        return Leg(from_id, to_id, "rail", km, official, stations, tuple(self.coordinate(p) for p in stations))

    def direct_leg(self, from_id: str, to_id: str, mode: str = "air") -> Leg:
        """A geodesic (great-circle) leg with intermediate points every ~50 km, marked with ``mode``."""
        start, end = self.coordinate(from_id), self.coordinate(to_id)
        line = _WGS84.InverseLine(start[0], start[1], end[0], end[1])
        km = line.s13 / 1000.0
        steps = max(1, math.ceil(km / ARC_STEP_KM))
        points = [start]
        for i in range(1, steps):
            pos = line.Position(line.s13 * i / steps)
            points.append((pos["lat2"], pos["lon2"]))
        points.append(end)
        return Leg(from_id, to_id, mode, km, False, (from_id, to_id), tuple(points))

    def leg(self, from_id: str, to_id: str, mode: str) -> Leg:
        """A leg by ``mode``: ``rail`` on the network, anything else as a direct geodesic line."""
        return self.rail_leg(from_id, to_id) if mode == "rail" else self.direct_leg(from_id, to_id, mode)

    def open_leg(self, from_id: str, to_id: str, mode: str, route: str) -> Leg:
        """A leg whose way or order the sources leave open (``route``, see :class:`Leg`).

        Its km is the leg's by ``mode`` (by rail: the shortest railway path — a guess at the way, so never official);
        its geometry is the direct line between the two stops, so the map draws no railway that no source names.
        """
        guessed = self.leg(from_id, to_id, mode)
        direct = self.direct_leg(from_id, to_id, guessed.mode)
        return replace(direct, km=guessed.km, official=False, route=route)

    def route(self, stops: Sequence[str], mode: str = "rail") -> Route:
        """Route through ``stops`` (place ids, at least two), every leg by ``mode`` (``rail`` or ``air``)."""
        if mode not in ROUTE_MODES:
            raise ValueError(f"mode must be one of {ROUTE_MODES}, not {mode!r}")
        if len(stops) < 2:
            raise RoutingError(f"a route needs at least two stops, got {list(stops)!r}")
        return Route(tuple(self.leg(a, b, mode) for a, b in itertools.pairwise(stops)))


# -- journeys (cached per data directory state) --------------------------------------------------------------

_ROUTING_FILES = ("places.csv", "rail_stations.csv", "rail_segments.csv", "journey_stops.csv")
_cache: dict[tuple, object] = {}


def _state(dataset: Dataset) -> tuple:
    root = Path(dataset.data_dir).resolve()
    stamps = []
    for name in _ROUTING_FILES:
        path = root / name
        stat = path.stat() if path.exists() else None
        stamps.append((name, stat.st_mtime_ns, stat.st_size) if stat else (name, None, None))
    return (str(root), tuple(stamps))


def _cached(kind: str, dataset: Dataset, build):
    key = (kind, *_state(dataset))
    if key not in _cache:
        _cache[key] = build()
    return _cache[key]


def clear_cache() -> None:
    """Forget every cached network and journey route."""
    _cache.clear()


def network_of(dataset: Dataset) -> RailNetwork:
    """The :class:`RailNetwork` of a dataset, built once per state of its data files."""
    return _cached("network", dataset, lambda: RailNetwork.from_tables(dataset.places, dataset.rail_segments))


def _journey_route(network: RailNetwork, journey_id: str, stops: pd.DataFrame) -> JourneyRoute:
    rows = stops[stops["journey_id"] == journey_id].sort_values("seq").to_dict("records")
    if len(rows) < 2:
        raise RoutingError(f"journey {journey_id!r} has {len(rows)} stop(s) — a journey needs at least two rows "
                           "in data/journey_stops.csv")
    legs = []
    for prev, row in itertools.pairwise(rows):
        raw_mode = row.get("mode") or ""
        mode = JOURNEY_MODES.get(raw_mode)
        where = f"journey {journey_id!r}, stop seq {row['seq']} ({row['place_id']!r})"
        if mode is None:
            raise RoutingError(f"{where}: unknown mode {raw_mode!r} — use one of {sorted(JOURNEY_MODES)}")
        ends = str(prev["place_id"]), str(row["place_id"])
        route = row.get("route") or ""
        try:
            legs.append(network.open_leg(*ends, mode, route) if route else network.leg(*ends, mode))
        except (RoutingError, UnknownPlaceError) as exc:
            raise type(exc)(f"{where}, leg from {prev['place_id']!r} by {raw_mode}: {exc}") from None
    return JourneyRoute(journey_id, tuple(str(r["place_id"]) for r in rows), Route(tuple(legs)))


def route_journey(dataset: Dataset, journey_id: str) -> JourneyRoute:
    """The geometry and km of one journey of ``dataset`` (cached; RoutingError names journey, seq and stop)."""
    known = set(dataset.journeys["id"]) if "id" in dataset.journeys.columns else set()
    if journey_id not in known:
        raise RoutingError(f"unknown journey {journey_id!r} — see data/journeys.csv")
    return _cached(f"journey:{journey_id}", dataset,
                   lambda: _journey_route(network_of(dataset), journey_id, dataset.stops))


def route_journeys(dataset: Dataset) -> dict[str, JourneyRoute]:
    """Every journey of ``dataset`` routed, by journey id (a new dict over cached, immutable routes)."""
    return {jid: route_journey(dataset, jid) for jid in dataset.journeys["id"]}
