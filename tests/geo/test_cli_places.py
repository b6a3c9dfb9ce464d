"""``atlas geocode`` and ``atlas geoparse`` as a user runs them (subprocesses on the bundled data)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from geopy.distance import geodesic

ROOT = Path(__file__).resolve().parents[2]


def atlas(*args: str, env: dict[str, str] | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ATLAS_") or k == "ATLAS_CACHE_DIR"}
    environment.update(env or {})
    if stdin is not None:  # bytes in, so the output is decoded here
        done = subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, env=environment, capture_output=True,
                              input=stdin, timeout=300, check=False)
        return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode("utf-8"),
                                           done.stderr.decode("utf-8"))
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, env=environment, capture_output=True,
                          text=True, encoding="utf-8", timeout=300, check=False)


# The research notes' coordinates (GeoNames ids there); historical and foreign names must reach the same place.
ACCEPTANCE = [
    ("Pyongyang", "pyongyang", 39.0339, 125.7543),
    ("Khasan", "khasan", 42.4283, 130.6456),
    ("Komsomolsk-on-Amur", "komsomolsk-on-amur", 50.5503, 137.0100),
    ("Skovorodino", "skovorodino", 53.9837, 123.9401),
    ("Vladivostok", "vladivostok", 43.1056, 131.8735),
    ("Khabarovsk", "khabarovsk", 48.4620, 135.0971),
    ("Ulan-Ude", "ulan-ude", 51.8265, 107.5998),
    ("Moscow", "moscow", 55.7520, 37.6178),
    ("Peking", "beijing", 39.9075, 116.3972),
    ("Sverdlovsk", "yekaterinburg", 56.8573, 60.6153),
]


@pytest.mark.parametrize(("name", "place_id", "lat", "lon"), ACCEPTANCE)
def test_geocode_acceptance_within_5_km(name, place_id, lat, lon):
    result = atlas("geocode", name, "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["id"] == place_id
    assert geodesic((answer["lat"], answer["lon"]), (lat, lon)).km <= 5
    for key in ("name", "country", "kind", "confidence", "reason"):
        assert answer[key] not in (None, ""), key
    assert 1 <= len(answer["candidates"]) <= 5
    assert answer["candidates"][0]["id"] == place_id
    assert all("score" in c for c in answer["candidates"])


def test_geocode_text_output():
    result = atlas("geocode", "Khasan")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("khasan: Khasan")
    assert "candidate" in result.stdout


@pytest.mark.parametrize("name", ["Xyzzyqwertgrad", "   "])
def test_geocode_unknown_name_exits_1_with_clear_message(name):
    result = atlas("geocode", name)
    assert result.returncode == 1
    assert "no place matches" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


TEXT = ("PYONGYANG, Aug 20 – Kim Jong-il’s train crossed into Russia at Khasan\r\n"
        "and went on to Khabarovsk and Ulan-Ude — 😀 Ünïcode before the next name — then Moscow.\n")


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    return path


def test_geoparse_json_offsets_index_the_file_unchanged(text_file):
    result = atlas("geoparse", str(text_file), "--json")
    assert result.returncode == 0, result.stderr
    mentions = json.loads(result.stdout)
    text = text_file.read_bytes().decode("utf-8")
    assert {"pyongyang", "khasan", "khabarovsk", "ulan-ude", "moscow"} <= {m["place_id"] for m in mentions}
    for mention in mentions:
        assert set(mention) >= {"surface", "start", "end", "place_id", "name", "lat", "lon", "country", "kind",
                                "confidence", "passage"}
        assert text[mention["start"]:mention["end"]] == mention["surface"]
        assert mention["surface"] in mention["passage"]
        if mention["place_id"] is None:
            assert mention["lat"] is None
            assert mention["lon"] is None


def test_geoparse_text_output(text_file):
    result = atlas("geoparse", str(text_file))
    assert result.returncode == 0, result.stderr
    assert "khasan" in result.stdout
    assert "mention(s)" in result.stderr


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty"),
    (b"\xff\xfeK\x00i\x00m\x00", "binary"),  # UTF-16 with NULs
    (b"Caf\xe9 in Khasan", "not valid UTF-8"),
    (b"\xef\xbb\xbfKhasan", "byte-order mark"),
])
def test_geoparse_bad_input_is_one_clear_message(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = atlas("geoparse", str(path), "--json")
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_geoparse_reads_standard_input_for_a_dash(text_file):
    """``… | atlas geoparse -``: the same mentions, offsets into the bytes piped in (CRLF kept), as for the file."""
    piped = atlas("geoparse", "-", "--json", stdin=TEXT.encode("utf-8"))
    assert piped.returncode == 0, piped.stderr
    from_file = atlas("geoparse", str(text_file), "--json")
    mentions = json.loads(piped.stdout)
    assert mentions == json.loads(from_file.stdout)
    assert {"pyongyang", "khasan", "khabarovsk", "ulan-ude", "moscow"} <= {m["place_id"] for m in mentions}
    assert all(TEXT[m["start"]:m["end"]] == m["surface"] for m in mentions)


@pytest.mark.parametrize(("content", "args", "message"), [
    (b"", (), "standard input: file is empty"),
    (b"Caf\xe9 in Khasan", (), "standard input, line 1: is not valid UTF-8"),
    (b"Khasan " * 400, ("--max-mb", "0.001"), "standard input: over the limit of 1,048 bytes"),
])
def test_geoparse_bad_standard_input_is_one_clear_message(content, args, message):
    result = atlas("geoparse", "-", *args, stdin=content)
    assert result.returncode == 1
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
