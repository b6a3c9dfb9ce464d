"""A snapshot of the validated corpus, so a large data directory opens in about a second instead of a minute.

``load_dataset`` parses, hashes and cross-validates every article file and ``load_mentions`` reads one JSON cache
per article: for 10,000 articles that is tens of seconds, on every cold start. Both results depend only on the
files of the data directory and on the engine version (geoparser code + gazetteer), so :func:`load_corpus` keeps
them in one pickle under ``$ATLAS_CACHE_DIR`` (default ``~/.cache/summit-atlas``, never inside the data
directory — loading must not write there), keyed by:

* the data directory's resolved path,
* a fingerprint of every file the loader reads (relative path, size, modification time in ns) in the data
  directory, ``articles/`` and ``mentions/``,
* :func:`geo.store.mentions.engine_version` (the engine's :func:`~geo.core.code_version.code_version` and the
  gazetteer tables) and the package version.

Any edited, added or removed file, a new engine or a new package version gives a new key: the corpus is then loaded
and validated from the files again (so an invalid edit still raises :class:`geo.core.errors.DatasetError`) and a new
snapshot replaces the old one. A snapshot that cannot be read or written is ignored: it only saves time and never
changes an answer. Online answers (``geocache.json``) are part of the fingerprint, so they stay applied.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

import pandas as pd

from geo import __version__
from geo.core.atomic import replace_snapshot
from geo.core.errors import DatasetError
from geo.core.settings import settings
from geo.dataset import Dataset, load_dataset, resolve_data_dir
from geo.store.mentions import engine_version, load_mentions

__all__ = ["SNAPSHOT_FORMAT", "cache_dir", "data_fingerprint", "load_corpus", "refresh_snapshot", "snapshot_corpus",
           "snapshot_dataset", "snapshot_path"]

#: Bump when the pickled structure changes.
SNAPSHOT_FORMAT = 2
_FOLDERS = ("", "articles", "mentions")


def cache_dir() -> Path:
    """Where snapshots live: ``$ATLAS_CACHE_DIR``, else ``~/.cache/summit-atlas`` (shared with the long tail)."""
    return settings().cache_dir


def data_fingerprint(data_dir: str | Path) -> str:
    """SHA-256 over (relative path, size, mtime_ns) of every file in the data dir, ``articles/`` and ``mentions/``.

    One ``scandir`` per folder and no file opened: metadata only, so it stays cheap next to reading the data.
    """
    root = Path(data_dir)
    entries = []
    for folder in _FOLDERS:
        path = root / folder
        if not path.is_dir():
            continue
        with os.scandir(path) as it:
            for entry in it:
                if entry.is_file() and not entry.name.startswith("."):
                    stat = entry.stat()
                    entries.append(f"{folder}/{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}")
    digest = hashlib.sha256()
    for line in sorted(entries):
        digest.update(line.encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()


def snapshot_path(data_dir: str | Path, cache: str | Path | None = None) -> Path:
    """The snapshot file for the data directory as it is now (a new name whenever its key changes)."""
    root = Path(data_dir).resolve()
    key = hashlib.sha256("\0".join([str(root), data_fingerprint(root), engine_version(root), __version__,
                                    str(SNAPSHOT_FORMAT)]).encode("utf-8", "surrogateescape")).hexdigest()
    folder = Path(cache) if cache else cache_dir()
    return folder / "corpus" / f"{hashlib.sha256(str(root).encode()).hexdigest()[:16]}-{key[:24]}.pickle"


def load_corpus(data_dir: str | Path | None = None, *, cache: str | Path | None = None,
                use_snapshot: bool = True) -> tuple[Dataset, pd.DataFrame]:
    """The validated dataset and its mentions table (``geo.store.mentions.COLUMNS``), from a snapshot when one is fresh.

    Same results as ``load_dataset(data_dir)`` and ``load_mentions(dataset)``; raises ``DatasetError`` exactly as
    ``load_dataset`` does. Callers must treat the returned tables as read-only (they may be shared).
    """
    root = resolve_data_dir(data_dir)
    if not use_snapshot:
        dataset = load_dataset(root)
        return dataset, load_mentions(dataset)
    path = snapshot_path(root, cache)
    found = _read(path)
    if found is not None:
        return found
    dataset = load_dataset(root)
    mentions = load_mentions(dataset)
    _write(path, (dataset, mentions))
    return dataset, mentions


def snapshot_corpus(data_dir: str | Path) -> tuple[Dataset, pd.DataFrame] | None:
    """The validated dataset and mentions of a fresh snapshot of ``data_dir`` (its files unchanged since the
    snapshot was made), or None: a writer under the lock starts from it instead of reading and validating every
    article file again (3 s for 10,000 articles)."""
    return _read(snapshot_path(resolve_data_dir(data_dir)))


def snapshot_dataset(data_dir: str | Path) -> Dataset | None:
    """The dataset of :func:`snapshot_corpus`, or None."""
    found = snapshot_corpus(data_dir)
    return found[0] if found is not None else None


def refresh_snapshot(data_dir: str | Path, dataset: Dataset | None = None,
                     mentions: pd.DataFrame | None = None) -> str | None:
    """Make the snapshot match the data directory as it is now, so the dashboard's next start reads it instead of
    every file (``atlas ingest`` and ``atlas reindex`` call this after writing: "after the first ingest" the
    dashboard starts fast). ``dataset``: the validated dataset the caller knows the directory now holds (it just
    wrote it, under the lock), so that it is not loaded and validated once more; ``mentions``: its mentions
    table, when the caller has it (else the caches are read). Returns None, or why there is no
    fresh snapshot (the data is then loaded from the files at the next start, as without a snapshot)."""
    try:
        if dataset is not None and dataset.data_dir != resolve_data_dir(data_dir):
            dataset = None  # another directory's view: load from the files
        if dataset is not None:
            root = resolve_data_dir(data_dir)
            path = snapshot_path(root)
            if not path.is_file():
                _write(path, (dataset, mentions if mentions is not None else load_mentions(dataset)))
            return None
        load_corpus(data_dir)
    except DatasetError as exc:
        return f"the dashboard's snapshot was not refreshed: the data directory does not load ({exc})"
    except OSError as exc:
        return f"the dashboard's snapshot was not refreshed: {exc}"
    return None


def _read(path: Path) -> tuple[Dataset, pd.DataFrame] | None:
    try:
        with path.open("rb") as handle:
            # Our own file in the user's cache directory (as the long-tail index): same trust as the code itself.
            value = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    if (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], Dataset)
            and isinstance(value[1], pd.DataFrame)):
        return value
    return None


def _write(path: Path, value: tuple[Dataset, pd.DataFrame]) -> None:
    try:
        replace_snapshot(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        return   # a read-only or full cache directory only costs time
