"""Parallel geoparsing gives exactly the serial mentions, in input order, on every engine."""

from __future__ import annotations

import importlib.util

import pytest

from bench.make_corpus import generate
from bench.parallel_geoparse import compare
from geo.store.parallel import ENGINES, parse_serial, read_items

pytestmark = pytest.mark.skipif(
    not all(importlib.util.find_spec(m) is not None for m in ("geo.geoparse", "geo.gazetteer.lookup")),
    reason="the geoparser (geo.geoparse, geo.gazetteer.lookup) is not in this checkout")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Twenty synthetic articles over the shipped gazetteer (no caches: we geoparse them here)."""
    out = tmp_path_factory.mktemp("corpus") / "c"
    generate(out, articles=20, seed=9, mentions=False)
    return out


@pytest.mark.parametrize("engine", [e for e in ENGINES if e != "serial"])
def test_engine_matches_serial(corpus, engine):
    if engine == "dask.bag":
        pytest.importorskip("dask.bag")
    items = read_items(corpus)
    assert ENGINES[engine](items, str(corpus), 2) == parse_serial(items, str(corpus))


def test_serial_finds_places(corpus):
    results = parse_serial(read_items(corpus), str(corpus))
    assert len(results) == 20
    assert sum(len(found) for _, found in results) > 20
    assert any(m.get("place_id") == "pyongyang" for _, found in results for m in found)


def test_compare_reports_agreement(corpus):
    rows = compare(read_items(corpus, limit=6), str(corpus), 2, ["serial", "multiprocessing.Pool"])
    assert [r["engine"] for r in rows][1:] == ["serial", "multiprocessing.Pool"]
    assert all(r["same_as_serial"] for r in rows[1:])
