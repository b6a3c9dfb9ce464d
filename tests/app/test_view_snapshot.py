"""The view snapshot (components/view_snapshot.py): a cold start reads the view it built before, never a stale one."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from components.loader import data_fingerprint, fresh_view
from components.model import AtlasView
from components.view_snapshot import cached_view, view_snapshot_path


def _builder(data_dir: Path, calls: list[str]):
    def build() -> AtlasView:
        calls.append("built")
        return fresh_view(str(data_dir), data_fingerprint(data_dir))
    return build


def _assert_same(left, right, where: str) -> None:
    """Equal, field by field, through dataclasses (the view, its per-place year sums), frames and arrays."""
    assert type(left) is type(right), where
    if dataclasses.is_dataclass(left):
        for field in dataclasses.fields(left):
            _assert_same(getattr(left, field.name), getattr(right, field.name), f"{where}.{field.name}")
    elif isinstance(left, pd.DataFrame):
        pd.testing.assert_frame_equal(left, right, obj=where)
    elif isinstance(left, np.ndarray):
        np.testing.assert_array_equal(left, right, err_msg=where)
    else:
        assert left == right, where


def test_the_second_start_reads_the_view_the_first_built(dash_dir: Path, tmp_path: Path) -> None:
    calls: list[str] = []
    fingerprint = data_fingerprint(dash_dir)
    first = cached_view(dash_dir, fingerprint, _builder(dash_dir, calls), cache=tmp_path, save_delay=None)
    second = cached_view(dash_dir, fingerprint, _builder(dash_dir, calls), cache=tmp_path, save_delay=None)
    assert calls == ["built"]
    assert second is not first
    assert second.place_years is not None
    _assert_same(first, second, "view")


def test_an_edited_data_file_gives_a_new_snapshot_and_the_old_one_goes(mini_dir: Path, tmp_path: Path) -> None:
    calls: list[str] = []
    before = data_fingerprint(mini_dir)
    cached_view(mini_dir, before, _builder(mini_dir, calls), cache=tmp_path, save_delay=None)
    places = mini_dir / "places.csv"
    places.write_text(places.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    os.utime(places, ns=(1, 1))
    after = data_fingerprint(mini_dir)
    assert after != before
    assert view_snapshot_path(mini_dir, after, tmp_path) != view_snapshot_path(mini_dir, before, tmp_path)
    cached_view(mini_dir, after, _builder(mini_dir, calls), cache=tmp_path, save_delay=None)
    assert calls == ["built", "built"]
    assert [p.name for p in (tmp_path / "view").iterdir()] == [view_snapshot_path(mini_dir, after, tmp_path).name]


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05K\x01."])   # empty, garbage, the int 1
def test_a_broken_snapshot_is_ignored_and_replaced(mini_dir: Path, tmp_path: Path, content: bytes) -> None:
    fingerprint = data_fingerprint(mini_dir)
    path = view_snapshot_path(mini_dir, fingerprint, tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    calls: list[str] = []
    view = cached_view(mini_dir, fingerprint, _builder(mini_dir, calls), cache=tmp_path, save_delay=None)
    assert calls == ["built"]
    assert isinstance(view, AtlasView)
    assert path.read_bytes() != content


def test_an_unwritable_cache_only_costs_time(mini_dir: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache directory should be", encoding="utf-8")
    calls: list[str] = []
    fingerprint = data_fingerprint(mini_dir)
    for _ in range(2):
        view = cached_view(mini_dir, fingerprint, _builder(mini_dir, calls), cache=blocked, save_delay=None)
        assert isinstance(view, AtlasView)
    assert calls == ["built", "built"]


def test_a_failing_build_saves_nothing(mini_dir: Path, tmp_path: Path) -> None:
    def build() -> AtlasView:
        raise RuntimeError("invalid dataset")

    with pytest.raises(RuntimeError):
        cached_view(mini_dir, data_fingerprint(mini_dir), build, cache=tmp_path, save_delay=None)
    assert not (tmp_path / "view").exists() or not any((tmp_path / "view").iterdir())


def test_the_snapshot_is_saved_later_in_the_background(mini_dir: Path, tmp_path: Path) -> None:
    calls: list[str] = []
    fingerprint = data_fingerprint(mini_dir)
    path = view_snapshot_path(mini_dir, fingerprint, tmp_path)
    cached_view(mini_dir, fingerprint, _builder(mini_dir, calls), cache=tmp_path, save_delay=2.0)
    assert not path.exists(), "saved before the view was returned"
    deadline = time.monotonic() + 30
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)   # polling for the background save
    assert path.exists()
    cached_view(mini_dir, fingerprint, _builder(mini_dir, calls), cache=tmp_path)
    assert calls == ["built"]
