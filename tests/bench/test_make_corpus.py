"""The synthetic-corpus generator: deterministic, no duplicates, valid datasets, never the shipped data/."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from bench.make_corpus import MARKER, CorpusError, generate, place_surfaces, shipped_lengths
from geo.cli import main as atlas
from geo.dataset import default_data_dir
from geo.dataset.articles import parse_article
from geo.store.ingest import normalised_text_sha256

HAS_GEOPARSER = all(importlib.util.find_spec(m) is not None for m in ("geo.geoparse", "geo.gazetteer.lookup"))


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _texts(root: Path) -> dict[str, str]:
    return {p.stem: parse_article(p.read_text(encoding="utf-8"), p)["text"]
            for p in sorted((root / "articles").glob("*.md"))}


@pytest.mark.parametrize("seed", [1, 20190425])
def test_same_seed_gives_the_same_bytes(tmp_path, mini_dir, seed):
    a = generate(tmp_path / "a", articles=30, source=mini_dir, seed=seed, mentions=False)
    b = generate(tmp_path / "b", articles=30, source=mini_dir, seed=seed, mentions=False)
    assert {**a, "timings": None} == {**b, "timings": None}
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_another_seed_gives_other_texts(tmp_path, mini_dir):
    generate(tmp_path / "a", articles=30, source=mini_dir, seed=1, mentions=False)
    generate(tmp_path / "b", articles=30, source=mini_dir, seed=2, mentions=False)
    assert set(_texts(tmp_path / "a").values()) != set(_texts(tmp_path / "b").values())


def test_texts_are_distinct_and_marked_synthetic(tmp_path, mini_dir):
    generate(tmp_path / "c", articles=300, source=mini_dir, seed=7, mentions=False)
    texts = _texts(tmp_path / "c")
    assert len(texts) == 300
    assert len({normalised_text_sha256(t) for t in texts.values()}) == 300
    shipped = {p.stem for p in (mini_dir / "articles").glob("*.md")}
    for path in (tmp_path / "c" / "articles").glob("*.md"):
        if path.stem not in shipped:
            meta = parse_article(path.read_text(encoding="utf-8"), path)
            assert meta["outlet"].startswith("Synthetic")
            assert "SYNTHETIC" in meta["notes"]
            assert 1949 <= int(meta["published"][:4]) <= 2025


def test_lengths_follow_the_shipped_articles(tmp_path):
    source = default_data_dir()
    generate(tmp_path / "c", articles=60, source=source, seed=3, mentions=False)
    lengths = shipped_lengths(source)
    synthetic = [len(t) for k, t in _texts(tmp_path / "c").items() if k.startswith("synthetic-")]
    assert min(synthetic) >= 0.5 * min(lengths)
    assert max(synthetic) <= 1.6 * max(lengths) + 1000   # plus at most one paragraph past the target


def test_place_weights_follow_the_shipped_texts():
    weights: dict[str, float] = {}
    for surface in place_surfaces(default_data_dir()):
        weights[surface.place_id] = weights.get(surface.place_id, 0) + surface.weight
    top = sorted(weights, key=weights.get, reverse=True)[:6]
    assert {"north-korea", "russia", "moscow", "pyongyang"} <= set(top)
    assert min(weights.values()) >= 0.999   # the long tail is never dropped


@pytest.mark.parametrize("source", ["mini", "shipped"])
def test_a_20_article_corpus_passes_atlas_check(tmp_path, mini_dir, source, capsys):
    src = mini_dir if source == "mini" else default_data_dir()
    summary = generate(tmp_path / "c", articles=20, source=src, seed=11, mentions=False)
    assert summary["articles"] == 20 == len(list((tmp_path / "c" / "articles").glob("*.md")))
    assert atlas(["check", "--data-dir", str(tmp_path / "c")]) == 0, capsys.readouterr().err


def test_a_smaller_corpus_is_a_prefix_of_a_larger_one(tmp_path, mini_dir):
    generate(tmp_path / "small", articles=10, source=mini_dir, seed=4, mentions=False)
    generate(tmp_path / "large", articles=25, source=mini_dir, seed=4, mentions=False)
    small, large = _texts(tmp_path / "small"), _texts(tmp_path / "large")
    assert small.items() <= large.items()


def test_scale_one_is_the_shipped_corpus(tmp_path, mini_dir):
    generate(tmp_path / "c", scale=1, source=mini_dir, mentions=False)
    assert _texts(tmp_path / "c") == _texts(mini_dir)


@pytest.mark.parametrize("target", [
    lambda tmp, mini: default_data_dir(),
    lambda tmp, mini: default_data_dir() / "articles",
    lambda tmp, mini: default_data_dir().parent,
    lambda tmp, mini: mini,
])
def test_refuses_the_shipped_and_source_directories(tmp_path, mini_dir, target):
    out = target(tmp_path, mini_dir)
    before = _files(out) if out != default_data_dir().parent else None
    with pytest.raises(CorpusError, match="refusing"):
        generate(out, articles=20, source=mini_dir, mentions=False)
    if before is not None:
        assert _files(out) == before


def test_refuses_a_foreign_non_empty_directory(tmp_path, mini_dir):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    with pytest.raises(CorpusError, match="not made by make_corpus"):
        generate(out, articles=20, source=mini_dir, mentions=False, force=True)
    assert (out / "notes.txt").read_text() == "keep me"


def test_replaces_its_own_corpus_only_with_force(tmp_path, mini_dir):
    out = tmp_path / "c"
    generate(out, articles=20, source=mini_dir, mentions=False)
    with pytest.raises(CorpusError, match="--force"):
        generate(out, articles=10, source=mini_dir, mentions=False)
    generate(out, articles=10, source=mini_dir, mentions=False, force=True)
    assert json.loads((out / MARKER).read_text())["articles"] == 10
    assert len(list((out / "articles").glob("*.md"))) == 10


@pytest.mark.skipif(not HAS_GEOPARSER, reason="the geoparser (geo.geoparse) is not in this checkout")
def test_mention_caches_are_fresh_for_the_loader(tmp_path, mini_dir):
    from geo.dataset import load_dataset
    from geo.store.mentions import cache_path, engine_version, read_cache, text_sha256

    out = tmp_path / "c"
    generate(out, articles=12, source=mini_dir, seed=5, processes=2)
    dataset = load_dataset(out)
    engine = engine_version(out)
    for article in dataset.articles.itertuples(index=False):
        doc = read_cache(cache_path(out, article.id))
        assert doc is not None
        assert doc["engine"] == engine
        assert doc["text_sha256"] == text_sha256(article.text)
    again = tmp_path / "d"
    generate(again, articles=12, source=mini_dir, seed=5, processes=1)
    assert _files(out / "mentions") == _files(again / "mentions")
    copied = generate(tmp_path / "e", articles=8, source=mini_dir, seed=5, reuse=[out])
    assert copied["timings"]["reused_caches"] == 8
    assert _files(tmp_path / "e" / "mentions").items() <= _files(out / "mentions").items()
