"""``atlas route STOP STOP [...]``: the railway (or air) route through named stops, as text or JSON."""

from __future__ import annotations

import argparse
import json
import sys

from geo.cli.check import add_data_dir_argument
from geo.core.errors import UnknownPlaceError
from geo.dataset import load_dataset, resolve_data_dir
from geo.gazetteer.lookup import Gazetteer
from geo.routing import ROUTE_MODES, format_km, network_of
from geo.routing.winding import calibrate_data_dir, rewrite_estimates

__all__ = ["register", "resolve_stop", "run_route"]


def register(sub) -> None:
    """Add ``route`` to the ``atlas`` parser."""
    parser = sub.add_parser(
        "route", help="route through stops on the railway network (or by air)",
        description="Route through two or more stops, each a place id or a name resolved through the gazetteer. "
        "Rail legs follow the shortest path on the network of data/rail_segments.csv; air legs are great-circle "
        "arcs. Prints each leg's km: official when it is a km-post difference or published line length, else "
        "approximate (≈), a share of an official run or the geodesic length times the calibrated winding factor.")
    parser.add_argument("stops", nargs="*", metavar="STOP", help="place id or name (at least two)")
    parser.add_argument("--mode", choices=ROUTE_MODES, default="rail", help="how every leg travels (default rail)")
    parser.add_argument("--json", action="store_true",
                        help='print {"km", "legs": [{"from", "to", "mode", "km", "official", "stations"}], '
                             '"coordinates": [[lat, lon], ...]}')
    parser.add_argument("--calibration", action="store_true",
                        help="instead of routing, print the winding-factor calibration: each official run held out "
                             "and estimated from the others (docs/railway.md)")
    parser.add_argument("--write-estimates", action="store_true",
                        help="with --calibration: rewrite the calibrated estimate rows of data/rail_segments.csv")
    add_data_dir_argument(parser)
    parser.set_defaults(func=run_route)


def resolve_stop(gazetteer: Gazetteer, known_ids: set[str], text: str) -> str:
    """The place id of a stop given as an id or a name; raises UnknownPlaceError naming the stop."""
    if text in known_ids:
        return text
    found = gazetteer.resolve(text)
    if found is None or found.place_id not in known_ids:
        raise UnknownPlaceError(f"unknown stop {text!r} — give a place id or name from data/places.csv or "
                                "data/rail_stations.csv (try `atlas geocode NAME`)")
    return found.place_id


def run_route(args: argparse.Namespace) -> int:
    """Handler of ``atlas route``."""
    if args.calibration or args.write_estimates:
        return _run_calibration(args)
    if len(args.stops) < 2:
        raise UnknownPlaceError(f"a route needs at least two stops, got {args.stops!r}")
    dataset = load_dataset(args.data_dir)
    network = network_of(dataset)
    gazetteer = Gazetteer.from_dataset(dataset, long_tail=False)
    ids = [resolve_stop(gazetteer, set(network.places), stop) for stop in args.stops]
    route = network.route(ids, args.mode)
    if args.json:
        print(json.dumps(route.to_dict(), ensure_ascii=False))
        return 0
    for leg in route.legs:
        basis = "official" if leg.official else "estimate"
        print(f"{leg.from_id} → {leg.to_id}  {leg.mode}  {format_km(leg.km, leg.official, 1)} ({basis}), "
              f"{len(leg.stations)} stations: {' · '.join(leg.stations)}")
    print(f"total {format_km(route.km, route.official, 1)}")
    return 0


def _run_calibration(args: argparse.Namespace) -> int:
    data_dir = resolve_data_dir(args.data_dir)
    if args.write_estimates:
        calibration, changed = rewrite_estimates(data_dir)
        print(f"{changed} estimate row(s) of rail_segments.csv rewritten", file=sys.stderr)
    else:
        calibration = calibrate_data_dir(data_dir)
    print(calibration.table())
    return 0
