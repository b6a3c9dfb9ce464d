"""Crash-safe file writes and the data-directory lock.

A reader (or a process killed half-way) must only ever see the old file or the new one, never a torn mix: every
write goes to a temporary file in the same directory, is flushed and fsync'ed, then ``os.replace``'d over the
target (atomic on POSIX), and finally the directory entry itself is fsync'ed so the rename survives a power cut.
Writers that read-then-write the data directory (``atlas ingest``, ``atlas reindex``) serialize on an exclusive
``fcntl.flock`` of ``<data>/.atlas.lock``; the kernel drops the lock when the holder dies, so a SIGKILL'ed ingest
never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["LOCK_NAME", "atomic_write_bytes", "atomic_write_text", "data_dir_lock", "remove_stale_temp_files",
           "replace_snapshot", "sync_directory"]

LOCK_NAME = ".atlas.lock"
TEMP_PREFIX = ".atlas-tmp-"


def atomic_write_bytes(path: str | Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically (temp file + fsync + ``os.replace`` + directory fsync).

    ``durable=False`` skips both fsyncs: the write is still atomic (a reader or a killed process sees the old
    file or the new one), but a power cut may lose it. For derived files only (mention caches, recomputed when
    missing or unreadable): 10,000 of them take 10 s with the fsyncs and 1 s without (measured 2026-12-04)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)  # mkstemp creates 0600; data files are meant to be shared and committed
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    if durable:
        _fsync_dir(target.parent)


def replace_snapshot(path: str | Path, data: bytes) -> None:
    """Write the cache file ``path`` (named ``<family>-<key>.<ext>``) atomically, after deleting the family's other
    files: a cache keeps one snapshot per data directory, not one per version of it. ``OSError`` propagates."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    family = target.name.split("-")[0]
    for old in target.parent.glob(f"{family}-*{target.suffix}"):
        if old != target:
            old.unlink(missing_ok=True)
    atomic_write_bytes(target, data)


def atomic_write_text(path: str | Path, text: str, *, durable: bool = True) -> None:
    """Replace ``path`` with ``text`` encoded as UTF-8 (no BOM, newlines written as given), atomically (see
    :func:`atomic_write_bytes` for ``durable``)."""
    atomic_write_bytes(path, text.encode("utf-8"), durable=durable)


def sync_directory(directory: str | Path) -> None:
    """fsync every file in ``directory`` and the directory itself: one call after many ``durable=False``
    writes makes them all survive a power cut, for a fraction of the cost of an fsync per write."""
    folder = Path(directory)
    if not folder.is_dir():
        return
    os.sync()  # flushes every written file at once (Linux waits for it), instead of an open + fsync per file
    _fsync_dir(folder)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def data_dir_lock(data_dir: str | Path) -> Iterator[Path]:
    """Hold an exclusive lock on ``<data_dir>/.atlas.lock`` for the ``with`` block (blocks until it is free).

    The lock file itself is empty and never deleted (deleting it would let two processes lock two different
    inodes); it is ignored by git and by the loader because its name starts with a dot.
    """
    lock_path = Path(data_dir) / LOCK_NAME
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield lock_path
    finally:
        os.close(fd)  # closing releases the flock


def remove_stale_temp_files(directory: str | Path) -> list[Path]:
    """Delete temp files left in ``directory`` by a writer that was killed before its rename; return them.

    Call this only while holding :func:`data_dir_lock`, so a live writer's temp file is never removed.
    """
    removed = []
    folder = Path(directory)
    if not folder.is_dir():
        return removed
    for leftover in folder.glob(TEMP_PREFIX + "*.part"):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
            removed.append(leftover)
    return removed
