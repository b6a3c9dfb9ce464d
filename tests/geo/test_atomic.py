"""The atomic-write helpers in-process (fast: the targeted selection of the mutation run for geo/core/atomic.py);
the crash behaviour itself is proven in test_atomic_faults.py with real processes."""

from __future__ import annotations

import os
import stat

import pytest

from geo.core.atomic import (
    LOCK_NAME,
    TEMP_PREFIX,
    atomic_write_bytes,
    atomic_write_text,
    data_dir_lock,
    remove_stale_temp_files,
    replace_snapshot,
    sync_directory,
)
from tests.geo.test_crash_safety import lock_held


@pytest.mark.parametrize("durable", [True, False])
def test_a_write_replaces_the_file_and_leaves_no_temporary_file(tmp_path, durable):
    target = tmp_path / "deep" / "er" / "table.csv"
    atomic_write_bytes(target, b"old\n", durable=durable)
    atomic_write_bytes(target, b"new\n", durable=durable)
    assert target.read_bytes() == b"new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644, "data files are shared, not private to the writer"
    assert sorted(p.name for p in target.parent.iterdir()) == ["table.csv"]


def test_text_is_utf8_without_bom_and_newlines_as_given(tmp_path):
    target = tmp_path / "a.md"
    atomic_write_text(target, "Ol’ga\r\nKhasan\n")
    assert target.read_bytes() == "Ol’ga\r\nKhasan\n".encode()


def test_a_failed_write_keeps_the_old_file_and_removes_its_temporary_file(tmp_path):
    target = tmp_path / "geocache.json"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        atomic_write_bytes(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["geocache.json"]


def test_replace_snapshot_keeps_one_file_per_family(tmp_path):
    (tmp_path / "corpus-old.pickle").write_bytes(b"old")
    (tmp_path / "corpus-older.pickle").write_bytes(b"older")
    (tmp_path / "view-other.pickle").write_bytes(b"another family")
    (tmp_path / "corpus-notes.txt").write_bytes(b"another suffix")
    replace_snapshot(tmp_path / "corpus-new.pickle", b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus-new.pickle", "corpus-notes.txt",
                                                          "view-other.pickle"]
    replace_snapshot(tmp_path / "corpus-new.pickle", b"newer")  # the same key again: rewritten, not deleted
    assert (tmp_path / "corpus-new.pickle").read_bytes() == b"newer"


def test_remove_stale_temp_files_removes_only_temporary_files(tmp_path):
    stale = [tmp_path / f"{TEMP_PREFIX}a.part", tmp_path / f"{TEMP_PREFIX}b.part"]
    for path in stale:
        path.write_bytes(b"torn")
    kept = [tmp_path / "places.csv", tmp_path / f"{TEMP_PREFIX}c.txt", tmp_path / "x.part"]
    for path in kept:
        path.write_bytes(b"data")
    assert sorted(remove_stale_temp_files(tmp_path)) == stale
    assert sorted(tmp_path.iterdir()) == sorted(kept)
    assert remove_stale_temp_files(tmp_path / "missing") == []


def test_the_data_dir_lock_is_exclusive_while_held(tmp_path):
    with data_dir_lock(tmp_path) as lock:
        assert lock == tmp_path / LOCK_NAME
        assert lock_held(tmp_path), "another writer must wait"
    assert not lock_held(tmp_path), "the lock is released at the end of the block"
    assert lock.stat().st_size == 0, "the lock file stays, empty"


def test_sync_directory_accepts_a_missing_folder(tmp_path):
    sync_directory(tmp_path / "missing")
    (tmp_path / "a").write_bytes(b"x")
    sync_directory(tmp_path)
    assert (tmp_path / "a").read_bytes() == b"x"


@pytest.mark.parametrize(("call", "synced"), [
    (lambda path: atomic_write_bytes(path, b"x"), 2),  # the file, then its directory
    (lambda path: atomic_write_text(path, "x"), 2),
    (lambda path: atomic_write_bytes(path, b"x", durable=False), 0),
    (lambda path: atomic_write_text(path, "x", durable=False), 0),
])
def test_writes_are_durable_unless_asked_not_to_be(tmp_path, monkeypatch, call, synced):
    """The default write survives a power cut: the data and the rename are fsync'ed (os.fsync watched, not
    replaced)."""
    calls = []
    real_fsync = os.fsync

    def fsync(fd):
        calls.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    call(tmp_path / "f")
    assert len(calls) == synced


def test_replace_snapshot_makes_missing_folders_and_spares_names_on_either_side(tmp_path):
    folder = tmp_path / "cache" / "corpus"
    replace_snapshot(folder / "corpus-m.pickle", b"first")
    for name in ("corpus-a.pickle", "corpus-z.pickle"):  # sorting before and after the new name
        (folder / name).write_bytes(b"stale")
    replace_snapshot(folder / "corpus-m.pickle", b"second")
    assert sorted(p.name for p in folder.iterdir()) == ["corpus-m.pickle"]


def test_the_lock_file_is_readable_by_everyone(tmp_path):
    old = os.umask(0o022)
    try:
        with data_dir_lock(tmp_path) as lock:
            assert stat.S_IMODE(lock.stat().st_mode) == 0o644
    finally:
        os.umask(old)
