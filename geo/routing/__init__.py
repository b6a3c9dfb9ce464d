"""Railway routing: the rail network built from the dataset, legs by rail, air or road, and every journey routed.

:mod:`geo.routing.routes` holds the route values (light, for the dashboard's view); :mod:`geo.routing.network`
computes them on the railway graph. The network's names load on first use (PEP 562), so importing a route value
does not import ``networkx``.
"""

from __future__ import annotations

import importlib

from geo.routing.routes import JourneyRoute, LatLon, Leg, Route, format_km

__all__ = ["JOURNEY_MODES", "ROUTE_MODES", "JourneyRoute", "LatLon", "Leg", "RailNetwork", "Route", "clear_cache",
           "format_km", "network_of", "route_journey", "route_journeys"]

_NETWORK_NAMES = frozenset({"JOURNEY_MODES", "ROUTE_MODES", "RailNetwork", "clear_cache", "network_of",
                            "route_journey", "route_journeys"})


def __getattr__(name: str) -> object:
    if name in _NETWORK_NAMES:
        return getattr(importlib.import_module("geo.routing.network"), name)
    raise AttributeError(f"module 'geo.routing' has no attribute {name!r}")
