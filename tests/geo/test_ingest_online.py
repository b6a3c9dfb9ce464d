"""Acceptance: with the online fallback on and the (local stub) service down, slow or refusing, ``atlas ingest``
still completes, the unknown name is listed as unresolved, and no failure lands in the answer cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.nominatim_stub import NominatimStub

ROOT = Path(__file__).resolve().parents[2]
# "Kozmino" is in neither gazetteer tier (not curated, not a GeoNames cities500 entry); the geoparser lists it only
# because of its cue ("the port of"). ("Razdolnoye", used at first, is a GeoNames city the long tail resolves.)
DISPATCH = ("KHASAN, Aug 20 — The armoured train crossed the border at Khasan at dawn and ran on to Vladivostok, "
            "while tankers waited at the port of Kozmino.\n")
UNKNOWN = "Kozmino"


def ingest(article: Path, data_dir: Path, stub: NominatimStub) -> subprocess.CompletedProcess:
    env = {**os.environ, "ATLAS_ONLINE_GEOCODER": "1", "ATLAS_NOMINATIM_DOMAIN": stub.domain,
           "ATLAS_NOMINATIM_SCHEME": "http", "ATLAS_GEOCODER_TIMEOUT": "1", "ATLAS_GEOCODER_MIN_DELAY": "0"}
    return subprocess.run([sys.executable, "-m", "geo", "ingest", str(article), "--title", "Train at the border",
                           "--outlet", "Test Wire", "--published", "2002-08-20", "--data-dir", str(data_dir),
                           "--json"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)


@pytest.mark.parametrize("mode", ["refused", "slow", "429", "500", "garbage"])
def test_ingest_completes_with_name_unresolved_when_service_fails(mini_dir: Path, tmp_path: Path,
                                                                  mode: str) -> None:
    article = tmp_path / "dispatch.txt"
    article.write_text(DISPATCH, encoding="utf-8")
    with NominatimStub(mode, delay=5.0) as stub:
        result = ingest(article, mini_dir, stub)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert "khasan" in report["places"]
    unresolved = {entry["surface"]: entry for entry in report["unresolved"]}
    assert UNKNOWN in unresolved
    assert unresolved[UNKNOWN]["online"]["status"] != "ok"
    cache = mini_dir / "geocache.json"
    if cache.exists():
        answers = json.loads(cache.read_text(encoding="utf-8"))["answers"]
        assert all(a["status"] in ("ok", "no_match") for a in answers), "a failure was cached"
    check = subprocess.run([sys.executable, "-m", "geo", "check", "--data-dir", str(mini_dir)],
                           capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert check.returncode == 0, check.stderr


def test_ingest_places_unknown_name_from_online_answer(mini_dir: Path, tmp_path: Path) -> None:
    article = tmp_path / "dispatch.txt"
    article.write_text(DISPATCH, encoding="utf-8")
    # the stub's answer is a test value, not a fact about Kozmino
    with NominatimStub("ok", answers={UNKNOWN: (42.75, 133.05, "Kozmino, stub answer")}) as stub:
        result = ingest(article, mini_dir, stub)
    assert result.returncode == 0, result.stderr
    entry = next(e for e in json.loads(result.stdout)["unresolved"] if e["surface"] == UNKNOWN)
    assert entry["online"]["lat"] == pytest.approx(42.75)
    answers = json.loads((mini_dir / "geocache.json").read_text(encoding="utf-8"))["answers"]
    assert [a["query"].casefold() for a in answers] == ["kozmino"]  # stored as asked, filed case-folded
    places = (mini_dir / "places.csv").read_text(encoding="utf-8")
    assert UNKNOWN not in places, "online answers never become curated places"
