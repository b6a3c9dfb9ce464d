"""Railway routing: the rail network built from the dataset, legs by rail, air or road, and every journey routed."""

from geo.routing.network import (
    JOURNEY_MODES,
    ROUTE_MODES,
    JourneyRoute,
    Leg,
    RailNetwork,
    Route,
    clear_cache,
    network_of,
    route_journey,
    route_journeys,
)

__all__ = ["JOURNEY_MODES", "ROUTE_MODES", "JourneyRoute", "Leg", "RailNetwork", "Route", "clear_cache",
           "network_of", "route_journey", "route_journeys"]
