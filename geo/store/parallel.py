"""Geoparse many articles in parallel with existing engines: multiprocessing, concurrent.futures, Dask.

The geoparser is a pure function of (article text, gazetteer): ``geo.geoparse.geoparse(text, gazetteer)``. That is
all a parallel engine needs. The one cost worth sharing is the gazetteer (building it reads and indexes the place
tables), so every engine here builds it **once per worker process** — ``Pool(initializer=...)``,
``ProcessPoolExecutor(initializer=...)``, and for Dask a per-process cache hit from ``map_partitions`` — and ships
only ``(article_id, text)`` pairs to the workers and plain mention dicts back. No home-made scheduler: chunking,
work stealing and failure handling are the engines' own.

``bench/parallel_geoparse.py`` measures every engine on a data directory's articles and checks that they agree
with the serial run.

See docs/scaling.md for the path from one laptop to Dask distributed / Spark.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from multiprocessing import get_context
from pathlib import Path

from geo.dataset import load_dataset
from geo.dataset.articles import parse_article

__all__ = [
    "ENGINES", "Item", "Result", "init_worker", "load_gazetteer", "parse_dask", "parse_futures", "parse_one",
    "parse_partition", "parse_pool", "parse_serial", "read_items",
]

#: One unit of work: (article id, article text). Results are (article id, list of mention dicts).
Item = tuple[str, str]
Result = tuple[str, list[dict]]

_WORKER: dict[str, object] = {}


@cache
def load_gazetteer(gazetteer_dir: str):
    """The gazetteer built from the places of ``gazetteer_dir`` — once per process (cached)."""
    from geo.gazetteer.lookup import Gazetteer

    return Gazetteer.from_dataset(load_dataset(gazetteer_dir))


#: Geoparsed once per process so that lazily built indexes (the GeoNames long tail) exist before the first task.
WARM_UP_TEXT = "Officials in Pyongyang met visitors from Lyon, Springfield and Khasan."


def init_worker(gazetteer_dir: str) -> None:
    """Build and warm this process's gazetteer once, before any task arrives (the pools' initializers call it)."""
    from geo.store.mentions import compute_mentions

    if "gazetteer" not in _WORKER:
        _WORKER["gazetteer"] = load_gazetteer(gazetteer_dir)
        compute_mentions(WARM_UP_TEXT, _WORKER["gazetteer"])


def _init_worker_process(gazetteer_dir: str) -> None:
    """Initializer of the worker processes the pools start (processes they own, so the collector can pause for
    their lifetime, see :mod:`geo.core.runtime`)."""
    gc.disable()
    init_worker(gazetteer_dir)


def parse_one(item: Item) -> Result:
    """Geoparse one article with this worker's gazetteer; the mentions come back as plain dicts."""
    from geo.store.mentions import compute_mentions

    article_id, text = item
    return article_id, compute_mentions(text, _WORKER["gazetteer"])


def parse_partition(items: Iterable[Item], gazetteer_dir: str) -> list[Result]:
    # Dask has no initializer hook for its process scheduler: the per-process cache plays that role.
    from geo.store.mentions import compute_mentions

    init_worker(gazetteer_dir)
    gazetteer = _WORKER["gazetteer"]
    return [(article_id, compute_mentions(text, gazetteer)) for article_id, text in items]


def parse_serial(items: Sequence[Item], gazetteer_dir: str, processes: int = 1) -> list[Result]:
    """The reference: one process, in order (``processes`` is ignored)."""
    init_worker(gazetteer_dir)
    return [parse_one(item) for item in items]


def _chunksize(n: int, processes: int) -> int:
    # A few chunks per worker: big enough to amortise pickling, small enough to balance uneven article lengths.
    return max(1, n // (processes * 8))


def parse_pool(items: Sequence[Item], gazetteer_dir: str, processes: int = 2) -> list[Result]:
    """``multiprocessing.Pool.imap`` with an initializer; results in input order."""
    init_worker(gazetteer_dir)   # built and warmed once here; forked workers inherit it copy-on-write
    with get_context("fork").Pool(processes, initializer=_init_worker_process, initargs=(gazetteer_dir,)) as pool:
        return list(pool.imap(parse_one, items, chunksize=_chunksize(len(items), processes)))


def parse_futures(items: Sequence[Item], gazetteer_dir: str, processes: int = 2) -> list[Result]:
    """``concurrent.futures.ProcessPoolExecutor.map`` with an initializer; results in input order."""
    init_worker(gazetteer_dir)   # built and warmed once here; forked workers inherit it copy-on-write
    with ProcessPoolExecutor(processes, mp_context=get_context("fork"), initializer=_init_worker_process,
                             initargs=(gazetteer_dir,)) as executor:
        return list(executor.map(parse_one, items, chunksize=_chunksize(len(items), processes)))


def parse_dask(items: Sequence[Item], gazetteer_dir: str, processes: int = 2) -> list[Result]:
    """``dask.bag.from_sequence(items).map_partitions(...)`` on Dask's process scheduler (optional dependency).

    The same code runs on a cluster by creating a ``dask.distributed.Client`` first (see docs/scaling.md).
    """
    import dask
    import dask.bag as db

    # Ship the partition function by reference (module + name), not by value: run as a script this module is
    # ``__main__``, and cloudpickle would then try to pickle its globals, the gazetteer included.
    module = importlib.import_module("geo.store.parallel")
    module.init_worker(gazetteer_dir)   # forked workers (below) start with the gazetteer built and warm
    bag = db.from_sequence(list(items), npartitions=max(1, processes * 4))
    with dask.config.set({"scheduler": "processes", "num_workers": processes, "multiprocessing.context": "fork"}):
        return list(bag.map_partitions(module.parse_partition, gazetteer_dir).compute())


ENGINES: dict[str, Callable[[Sequence[Item], str, int], list[Result]]] = {
    "serial": parse_serial, "multiprocessing.Pool": parse_pool, "concurrent.futures": parse_futures,
    "dask.bag": parse_dask,
}


def read_items(data_dir: str | Path, limit: int | None = None) -> list[Item]:
    """(id, text) of the articles in ``data_dir/articles`` in file-name order (at most ``limit``)."""
    paths = sorted((Path(data_dir) / "articles").glob("*.md"))[:limit]
    items = []
    for path in paths:
        meta = parse_article(path.read_text(encoding="utf-8"), path)
        items.append((meta.get("id", path.stem), meta["text"]))
    return items
