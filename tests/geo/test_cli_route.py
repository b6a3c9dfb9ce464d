"""``atlas route`` as users run it: a subprocess, names resolved through the gazetteer, JSON on stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def atlas(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", "route", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)


@pytest.mark.parametrize(("stops", "km", "tolerance", "official"), [
    (["Moscow", "Vladivostok"], 9289, 0.03, True),
    (["Khabarovsk", "Vladivostok"], 766, 0.03, True),
    (["baranovsky", "Khasan"], 238, 0.05, True),
    (["Khabarovsk", "Chita"], 2327, 0.001, True),
    (["Khasan", "Komsomolsk-on-Amur"], 1336, 0.05, False),
])
def test_route_json(stops, km, tolerance, official):
    done = atlas(*stops, "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"km", "legs", "coordinates"}
    assert data["km"] == pytest.approx(km, rel=tolerance)
    (leg,) = data["legs"]
    assert set(leg) == {"from", "to", "mode", "km", "official", "stations"}
    assert leg["mode"] == "rail"
    assert leg["official"] is official
    assert len(data["coordinates"]) >= len(leg["stations"])
    assert all(len(point) == 2 for point in data["coordinates"])


def test_route_through_several_stops_has_one_leg_each():
    done = atlas("Khasan", "Khabarovsk", "Chita", "Zabaikalsk", "Manzhouli", "Harbin", "Tonghua", "Ji'an", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [leg["to"] for leg in data["legs"]] == ["khabarovsk", "chita", "zabaikalsk", "manzhouli", "harbin",
                                                  "tonghua", "jian-jilin"]
    assert data["km"] == pytest.approx(sum(leg["km"] for leg in data["legs"]), abs=0.5)


def test_air_mode_draws_a_great_circle():
    done = atlas("Yakutsk", "Sunan", "--mode", "air", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["legs"][0]["mode"] == "air"
    assert data["legs"][0]["official"] is False
    assert len(data["coordinates"]) > 10


def test_text_output_lists_legs_and_total():
    done = atlas("Khabarovsk", "Vladivostok")
    assert done.returncode == 0, done.stderr
    assert "766.0 km (official)" in done.stdout
    assert "total 766.0 km" in done.stdout


def test_approximate_lengths_print_as_approximate():
    done = atlas("Pyongyang", "Sinuiju")
    assert done.returncode == 0, done.stderr
    assert "≈ 221.5 km (estimate)" in done.stdout  # Pyongui line 225.1 km: within 3%
    assert "total ≈ 221.5 km" in done.stdout


def test_calibration_prints_the_held_out_table():
    done = atlas("--calibration")
    assert done.returncode == 0, done.stderr
    assert "| run (line: km source) |" in done.stdout
    assert "Held-out error: median" in done.stdout


@pytest.mark.parametrize(("stops", "message"), [
    (["Khasan", "Atlantis"], "unknown stop 'Atlantis'"),
    (["Khasan", "Hanoi"], "'hanoi' is not on the railway network"),
    (["Khasan"], "at least two stops"),
])
def test_errors_name_the_stop_and_exit_1(stops, message):
    done = atlas(*stops)
    assert done.returncode == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_bad_mode_is_a_usage_error():
    done = atlas("Khasan", "Ussuriysk", "--mode", "boat")
    assert done.returncode == 2
    assert "--mode" in done.stderr
