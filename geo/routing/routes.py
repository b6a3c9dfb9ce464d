"""What a route is: legs between consecutive stops, with their length and geometry (frozen values).

Kept apart from the network that computes them (:mod:`geo.routing.network`, which needs ``networkx``): the
dashboard's view holds these objects, and reading its snapshot must not import the graph library.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["JourneyRoute", "LatLon", "Leg", "Route", "format_km"]

LatLon = tuple[float, float]


@dataclass(frozen=True)
class Leg:
    """One leg between two consecutive stops: how it is travelled, its length and its geometry.

    ``route`` is what the sources leave open about the leg (``journey_stops.csv`` ``route``): empty when the way is
    the network's line between the stops; ``unreported`` or ``order_unreported`` when no source gives the way or the
    order. Such a leg's geometry is the direct line between its two stops, not a railway the sources do not name,
    and its km (the shortest way by its mode) is approximate.
    """

    from_id: str
    to_id: str
    mode: str  # "rail", "air", "car" or "ship"
    km: float
    official: bool  # True only for rail legs whose km is a km-post difference
    stations: tuple[str, ...]  # place ids along the leg, both ends included
    coordinates: tuple[LatLon, ...]  # (lat, lon) polyline
    route: str = ""  # "", "unreported" or "order_unreported"

    @property
    def reported(self) -> bool:
        """True when the sources give this leg's order and way (it is drawn along its line)."""
        return not self.route

    def to_dict(self) -> dict:
        """Plain-JSON form (the ``atlas route --json`` leg); ``route`` only for a leg the sources leave open."""
        out = {"from": self.from_id, "to": self.to_id, "mode": self.mode, "km": round(self.km, 1),
               "official": self.official, "stations": list(self.stations)}
        return {**out, "route": self.route} if self.route else out


@dataclass(frozen=True)
class Route:
    """An ordered sequence of legs."""

    legs: tuple[Leg, ...]

    @property
    def km(self) -> float:
        """Total length of all legs."""
        return sum(leg.km for leg in self.legs)

    @property
    def official(self) -> bool:
        """True when every leg's km is official."""
        return bool(self.legs) and all(leg.official for leg in self.legs)

    @property
    def stations(self) -> tuple[str, ...]:
        """Every place passed, in order, without repeating the joint between two legs."""
        return _joined(leg.stations for leg in self.legs)

    @property
    def coordinates(self) -> tuple[LatLon, ...]:
        """The whole polyline (lat, lon), without repeating the joint between two legs."""
        return _joined(leg.coordinates for leg in self.legs)

    def to_dict(self) -> dict:
        """Plain-JSON form: ``{"km", "legs", "coordinates"}`` (coordinates as ``[lat, lon]`` pairs)."""
        return {"km": round(self.km, 1), "legs": [leg.to_dict() for leg in self.legs],
                "coordinates": [[round(lat, 5), round(lon, 5)] for lat, lon in self.coordinates]}


@dataclass(frozen=True)
class JourneyRoute:
    """A journey's geometry and length, computed from its stops (never drawn by hand)."""

    journey_id: str
    stops: tuple[str, ...]  # place ids in seq order
    route: Route

    @property
    def km(self) -> float:
        """Total length of the journey."""
        return self.route.km


def format_km(km: float, official: bool, decimals: int = 0) -> str:
    """``"766 km"`` for an official length, ``"≈ 1,150 km"`` for an approximate one (estimate or share)."""
    text = f"{km:,.{decimals}f} km"
    return text if official else f"≈ {text}"


def _joined(parts: Iterable[tuple]) -> tuple:
    out: list = []
    for part in parts:
        out.extend(part[1:] if out and part and out[-1] == part[0] else part)
    return tuple(out)
