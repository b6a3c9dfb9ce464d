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
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from multiprocessing import get_context
from pathlib import Path

from geo.dataset import load_places
from geo.dataset.articles import parse_article

__all__ = [
    "ENGINES", "Item", "Result", "geoparse_items", "init_worker", "load_gazetteer", "parse_dask", "parse_files",
    "parse_futures", "parse_one", "parse_partition", "parse_pool", "parse_serial", "read_items", "reindex_files",
    "reindex_items", "reindex_partition",
]

#: One unit of work: (article id, article text). Results are (article id, list of mention dicts).
Item = tuple[str, str]
Result = tuple[str, list[dict]]

_WORKER: dict[str, object] = {}


@cache
def load_gazetteer(gazetteer_dir: str):
    """The gazetteer built from the places of ``gazetteer_dir`` — once per process (cached); only the place tables
    are read, not the articles."""
    from geo.gazetteer.lookup import Gazetteer

    return Gazetteer(load_places(gazetteer_dir))


#: Geoparsed once per process so that lazily built indexes (the GeoNames long tail) exist before the first task.
WARM_UP_TEXT = "Officials in Pyongyang met visitors from Lyon, Springfield and Khasan."


def init_worker(gazetteer_dir: str, gazetteer=None) -> None:
    """Build (or take ``gazetteer``, built from the same places) and warm this process's gazetteer once, before
    any task arrives (the pools' initializers call it; a parent calls it first so forked workers inherit it)."""
    from geo.store.mentions import compute_mentions

    if _WORKER.get("gazetteer_dir") != gazetteer_dir or gazetteer is not None:
        _WORKER["gazetteer"] = gazetteer if gazetteer is not None else load_gazetteer(gazetteer_dir)
        _WORKER["gazetteer_dir"] = gazetteer_dir
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


def parse_files(paths: Iterable[tuple[str, str]], gazetteer_dir: str) -> list[Result]:
    """Geoparse article files by path (``(article id, path)`` pairs): the worker reads each text itself, so only
    paths travel to a cluster and only mentions come back."""
    return parse_partition(((article_id, parse_article(Path(path).read_text(encoding="utf-8"), path)["text"])
                            for article_id, path in paths), gazetteer_dir)


def geoparse_items(items: Sequence[Item], gazetteer_dir: str, *, jobs: int = 1, scheduler: str | None = None,
                   files: bool = False) -> Iterator[Result]:
    """Geoparse ``(id, text)`` items — or ``(id, article file path)`` with ``files=True`` — and yield each
    ``(id, mentions)`` as it is done (not in input order): in this process (``jobs`` 1), in ``jobs`` local
    processes (a fork pool whose workers inherit the warm gazetteer), or on the Dask distributed cluster whose
    scheduler is at ``scheduler`` (``tcp://host:8786``; the workers build their own gazetteer from
    ``gazetteer_dir``, which they must be able to read, once per process)."""
    task = "parse_files" if files else "parse_partition"
    for results in _run(task, items, gazetteer_dir, jobs, scheduler, ()):
        yield from results


def reindex_items(items: Sequence[Item], gazetteer_dir: str, engine: str, *, jobs: int = 1,
                  scheduler: str | None = None, files: bool = False) -> Iterator[tuple[str, list[tuple]]]:
    """Like :func:`geoparse_items`, but each worker writes the mention caches of its articles into
    ``gazetteer_dir`` itself (stamped ``engine``), so the writes run in parallel too, and each article's mentions
    come back as rows of :data:`geo.store.mentions.COLUMNS` (without ``article_id``): what the corpus snapshot
    holds, so that it is made without reading the caches back."""
    for results in _run("reindex_files" if files else "reindex_partition", items, gazetteer_dir, jobs, scheduler,
                        (engine,)):
        yield from results


def reindex_partition(items: Iterable[Item], gazetteer_dir: str, engine: str) -> list[tuple[str, list[tuple]]]:
    """Geoparse ``(id, text)`` items and write their mention caches (not fsynced one by one: derived data)."""
    from geo.store.mentions import COLUMNS, write_mentions

    fields = COLUMNS[1:]
    items = list(items)
    out = []
    for (article_id, mentions), (_, text) in zip(parse_partition(items, gazetteer_dir), items, strict=True):
        write_mentions(gazetteer_dir, article_id, text, mentions, engine, durable=False)
        out.append((article_id, [tuple(map(m.get, fields)) for m in mentions]))
    return out


def reindex_files(paths: Iterable[tuple[str, str]], gazetteer_dir: str, engine: str) -> list[tuple[str, list[tuple]]]:
    """:func:`reindex_partition` for ``(id, article file path)`` pairs: the worker reads each text itself."""
    return reindex_partition(((article_id, parse_article(Path(path).read_text(encoding="utf-8"), path)["text"])
                              for article_id, path in paths), gazetteer_dir, engine)


_CHUNK = 64
#: Below this much text (characters) ``jobs`` > 1 geoparses in the calling process all the same: starting and
#: stopping a pool of forked workers costs ~2 s on a 2-core laptop, about what 7 MB of text take to geoparse,
#: so two workers pay off only from ~15 MB (1,000 news articles are ~3 MB: 9.9 s serial, 11.1 s with two
#: workers, bench/bench_ingest.py, 2026-12-04).
POOL_MIN_CHARS = 15_000_000


def _run(task: str, items: Sequence, gazetteer_dir: str, jobs: int, scheduler: str | None,
         extra: tuple) -> Iterator[list]:
    """Run the module function ``task(chunk, gazetteer_dir, *extra)`` over chunks of ``items``; yield each
    chunk's results as it is done."""
    if not items:
        return
    if jobs > 1 and not task.endswith("files") and sum(len(text) for _, text in items) < POOL_MIN_CHARS:
        jobs = 1  # a pool costs more to start and stop than it saves on a small batch
    chunks = list(_chunks(items, _CHUNK if scheduler or jobs <= 1 else max(1, min(_CHUNK, _chunksize(len(items),
                                                                                                     jobs)))))
    # by reference (module + name), not by value (see parse_dask)
    function = getattr(importlib.import_module("geo.store.parallel"), task)
    if scheduler:
        yield from _on_cluster(function, chunks, gazetteer_dir, scheduler, extra)
        return
    init_worker(gazetteer_dir)  # built and warmed once here; forked workers inherit it copy-on-write
    if jobs <= 1:
        for chunk in chunks:
            yield function(chunk, gazetteer_dir, *extra)
        return
    with get_context("fork").Pool(jobs, initializer=_init_worker_process, initargs=(gazetteer_dir,)) as pool:
        yield from pool.imap_unordered(_Task(function, gazetteer_dir, extra), chunks)


class _Task:
    """A picklable ``chunk -> function(chunk, gazetteer_dir, *extra)`` for the pool."""

    def __init__(self, function: Callable, gazetteer_dir: str, extra: tuple):
        self.function, self.gazetteer_dir, self.extra = function, gazetteer_dir, extra

    def __call__(self, chunk: list) -> list:
        return self.function(chunk, self.gazetteer_dir, *self.extra)


def _chunks(items: Sequence, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


def _on_cluster(function: Callable, chunks: list[list], gazetteer_dir: str, scheduler: str,
                extra: tuple) -> Iterator[list]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ImportError("--scheduler needs Dask distributed: pip install 'summit-atlas[cluster]'") from None
    with Client(scheduler, timeout="20s") as client:
        n = len(chunks)
        futures = client.map(function, chunks, [gazetteer_dir] * n, *([value] * n for value in extra), pure=False)
        for future in as_completed(futures):
            yield future.result()


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
