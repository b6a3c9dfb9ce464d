"""The corpus snapshot: same tables as the loader, rebuilt on any change, never trusted when broken."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from geo.core.errors import DatasetError
from geo.dataset import load_dataset
from geo.store.corpus_index import data_fingerprint, load_corpus, refresh_snapshot, snapshot_path
from geo.store.mentions import load_mentions


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _assert_same(got, dataset, mentions) -> None:
    got_dataset, got_mentions = got
    for table in ("articles", "places", "events", "event_sources", "journeys", "stops", "sources", "rail_segments"):
        pd.testing.assert_frame_equal(getattr(got_dataset, table), getattr(dataset, table))
    pd.testing.assert_frame_equal(got_mentions, mentions)


def test_snapshot_gives_the_loader_tables_and_leaves_the_data_alone(mini_dir, tmp_path):
    cache = tmp_path / "cache"
    before = _files(mini_dir)
    first = load_corpus(mini_dir, cache=cache)
    assert snapshot_path(mini_dir, cache).is_file()
    second = load_corpus(mini_dir, cache=cache)
    dataset = load_dataset(mini_dir)
    _assert_same(first, dataset, load_mentions(dataset))
    _assert_same(second, dataset, load_mentions(dataset))
    assert _files(mini_dir) == before


@pytest.mark.parametrize("edit", ["append_text", "touch", "new_geocache", "remove_rail_stations"])
def test_any_change_to_the_files_gives_a_new_snapshot(mini_dir, tmp_path, edit):
    cache = tmp_path / "cache"
    load_corpus(mini_dir, cache=cache)
    old_key = snapshot_path(mini_dir, cache)
    article = next((mini_dir / "articles").glob("*.md"))
    if edit == "append_text":
        article.write_text(article.read_text(encoding="utf-8") + "\nThey left Khasan at dawn.\n", encoding="utf-8")
    elif edit == "touch":
        stat = article.stat()
        os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    elif edit == "new_geocache":
        (mini_dir / "geocache.json").write_text('{"answers": []}\n', encoding="utf-8")
    else:
        (mini_dir / "rail_segments.csv").write_text("line,from_id,to_id,km,km_basis,km_source,note\n",
                                                    encoding="utf-8")
        (mini_dir / "rail_stations.csv").unlink()
    assert snapshot_path(mini_dir, cache) != old_key
    dataset, mentions = load_corpus(mini_dir, cache=cache)
    fresh = load_dataset(mini_dir)
    _assert_same((dataset, mentions), fresh, load_mentions(fresh))
    assert not old_key.exists()   # the data directory's older snapshot is replaced, not piled up


def test_an_invalid_edit_still_raises(mini_dir, tmp_path):
    cache = tmp_path / "cache"
    load_corpus(mini_dir, cache=cache)
    (mini_dir / "events.csv").write_text("id,kind\nnot a slug,summit\n", encoding="utf-8")
    with pytest.raises(DatasetError):
        load_corpus(mini_dir, cache=cache)


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05N."])
def test_a_broken_snapshot_is_ignored_and_replaced(mini_dir, tmp_path, content):
    cache = tmp_path / "cache"
    path = snapshot_path(mini_dir, cache)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    dataset, mentions = load_corpus(mini_dir, cache=cache)
    fresh = load_dataset(mini_dir)
    _assert_same((dataset, mentions), fresh, load_mentions(fresh))
    assert path.read_bytes() != content


def test_fingerprint_ignores_hidden_files(mini_dir):
    before = data_fingerprint(mini_dir)
    (mini_dir / ".atlas.lock").write_text("")
    assert data_fingerprint(mini_dir) == before


def test_ingest_and_reindex_leave_a_fresh_snapshot_for_the_next_start(mini_dir: Path, tmp_path: Path) -> None:
    from tests.geo.test_ingest import STORY, atlas

    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    cache = tmp_path / "cache"
    env = {"ATLAS_CACHE_DIR": str(cache)}
    result = atlas("ingest", str(story), "--title", "T", "--outlet", "Wire", "--published", "2019-04-24",
                   "--data-dir", str(mini_dir), env=env)
    assert result.returncode == 0, result.stderr
    assert snapshot_path(mini_dir, cache).is_file(), "the next dashboard start would read every file"
    dataset = load_dataset(mini_dir)
    _assert_same(load_corpus(mini_dir, cache=cache), dataset, load_mentions(dataset))
    result = atlas("reindex", "--data-dir", str(mini_dir), env=env)
    assert result.returncode == 0, result.stderr
    assert snapshot_path(mini_dir, cache).is_file()
    assert len(list((cache / "corpus").glob("*.pickle"))) == 1, "older snapshots of the directory are removed"


def test_refresh_snapshot_says_why_when_the_data_does_not_load(mini_dir: Path) -> None:
    (mini_dir / "places.csv").unlink()
    message = refresh_snapshot(mini_dir)
    assert message is not None
    assert "places.csv" in message
