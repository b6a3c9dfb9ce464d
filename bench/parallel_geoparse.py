"""Geoparse many articles in parallel with existing engines: multiprocessing, concurrent.futures, Dask.

The geoparser is a pure function of (article text, gazetteer): ``geo.geoparse.geoparse(text, gazetteer)``. That is
all a parallel engine needs. The one cost worth sharing is the gazetteer (building it reads and indexes the place
tables), so every engine here builds it **once per worker process** — ``Pool(initializer=...)``,
``ProcessPoolExecutor(initializer=...)``, and for Dask a per-process cache hit from ``map_partitions`` — and ships
only ``(article_id, text)`` pairs to the workers and plain mention dicts back. No home-made scheduler: chunking,
work stealing and failure handling are the engines' own.

Usage (measures every engine on the articles of a data directory and checks they agree with the serial run)::

    python bench/parallel_geoparse.py --data-dir /tmp/atlas-2000x --limit 2000

See docs/scaling.md for the path from one laptop to Dask distributed / Spark.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:   # run as a script: make the repository's packages importable
    sys.path.insert(0, str(ROOT))

from geo.articles import parse_article  # noqa: E402
from geo.dataset import load_dataset  # noqa: E402

__all__ = [
    "ENGINES", "Item", "compare", "load_gazetteer", "parse_dask", "parse_futures", "parse_one", "parse_pool",
    "parse_serial", "read_items",
]

#: One unit of work: (article id, article text). Results are (article id, list of mention dicts).
Item = tuple[str, str]
Result = tuple[str, list[dict]]

_WORKER: dict[str, object] = {}


@cache
def load_gazetteer(gazetteer_dir: str):
    """The gazetteer built from the places of ``gazetteer_dir`` — once per process (cached)."""
    from geo.lookup import Gazetteer

    return Gazetteer.from_dataset(load_dataset(gazetteer_dir))


#: Geoparsed once per process so that lazily built indexes (the GeoNames long tail) exist before the first task.
WARM_UP_TEXT = "Officials in Pyongyang met visitors from Lyon, Springfield and Khasan."


def _init_worker(gazetteer_dir: str) -> None:
    """Pool/executor initializer: build and warm the gazetteer once in this worker, before any task arrives."""
    from geo.mentions import compute_mentions

    if "gazetteer" not in _WORKER:
        _WORKER["gazetteer"] = load_gazetteer(gazetteer_dir)
        compute_mentions(WARM_UP_TEXT, _WORKER["gazetteer"])


def parse_one(item: Item) -> Result:
    """Geoparse one article with this worker's gazetteer; the mentions come back as plain dicts."""
    from geo.mentions import compute_mentions

    article_id, text = item
    return article_id, compute_mentions(text, _WORKER["gazetteer"])


def _parse_partition(items: Iterable[Item], gazetteer_dir: str) -> list[Result]:
    # Dask has no initializer hook for its process scheduler: the per-process cache plays that role.
    from geo.mentions import compute_mentions

    _init_worker(gazetteer_dir)
    gazetteer = _WORKER["gazetteer"]
    return [(article_id, compute_mentions(text, gazetteer)) for article_id, text in items]


def parse_serial(items: Sequence[Item], gazetteer_dir: str, processes: int = 1) -> list[Result]:
    """The reference: one process, in order (``processes`` is ignored)."""
    _init_worker(gazetteer_dir)
    return [parse_one(item) for item in items]


def _chunksize(n: int, processes: int) -> int:
    # A few chunks per worker: big enough to amortise pickling, small enough to balance uneven article lengths.
    return max(1, n // (processes * 8))


def parse_pool(items: Sequence[Item], gazetteer_dir: str, processes: int = 2) -> list[Result]:
    """``multiprocessing.Pool.imap`` with an initializer; results in input order."""
    _init_worker(gazetteer_dir)   # built and warmed once here; forked workers inherit it copy-on-write
    with get_context("fork").Pool(processes, initializer=_init_worker, initargs=(gazetteer_dir,)) as pool:
        return list(pool.imap(parse_one, items, chunksize=_chunksize(len(items), processes)))


def parse_futures(items: Sequence[Item], gazetteer_dir: str, processes: int = 2) -> list[Result]:
    """``concurrent.futures.ProcessPoolExecutor.map`` with an initializer; results in input order."""
    _init_worker(gazetteer_dir)   # built and warmed once here; forked workers inherit it copy-on-write
    with ProcessPoolExecutor(processes, mp_context=get_context("fork"), initializer=_init_worker,
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
    module = importlib.import_module("bench.parallel_geoparse")
    module._init_worker(gazetteer_dir)   # forked workers (below) start with the gazetteer built and warm
    bag = db.from_sequence(list(items), npartitions=max(1, processes * 4))
    with dask.config.set({"scheduler": "processes", "num_workers": processes, "multiprocessing.context": "fork"}):
        return list(bag.map_partitions(module._parse_partition, gazetteer_dir).compute())


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


def compare(items: Sequence[Item], gazetteer_dir: str, processes: int = 2,
            engines: Iterable[str] = tuple(ENGINES)) -> list[dict]:
    """Run each engine on ``items``; rows of (engine, seconds, articles/s, speed-up vs serial, same_as_serial).

    The first row times building and warming the gazetteer in this process; forked workers inherit it.
    """
    started = time.perf_counter()
    _init_worker(gazetteer_dir)   # timed apart: a one-off per process, which every engine below inherits
    rows: list[dict] = [{"engine": "gazetteer build + warm-up", "seconds": round(time.perf_counter() - started, 3)}]
    reference: list[Result] | None = None
    serial_seconds = None
    for name in engines:
        run = ENGINES[name]
        started = time.perf_counter()
        try:
            results = run(items, gazetteer_dir, processes)
        except ModuleNotFoundError as exc:   # dask is an optional extra
            rows.append({"engine": name, "error": f"not installed ({exc.name})"})
            continue
        seconds = time.perf_counter() - started
        if reference is None:
            reference, serial_seconds = results, seconds
        rows.append({"engine": name, "processes": 1 if name == "serial" else processes,
                     "articles": len(items), "seconds": round(seconds, 3),
                     "articles_per_s": round(len(items) / seconds, 1) if seconds else None,
                     "speedup": round(serial_seconds / seconds, 2) if seconds else None,
                     "same_as_serial": results == reference})
    return rows


def main(argv: list[str] | None = None) -> int:
    """Command line: compare the engines on a data directory's articles; prints a table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", default=str(ROOT / "data"), help="articles to geoparse (default: data/)")
    parser.add_argument("--gazetteer-dir", default=None,
                        help="data directory whose places build the gazetteer (default: --data-dir); a small "
                             "directory with the same places.csv loads faster in each worker")
    parser.add_argument("--limit", type=int, default=None, help="geoparse at most this many articles")
    parser.add_argument("--repeat", type=int, default=1,
                        help="repeat the article list (the shipped 5 articles are too few to time)")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--engines", default=",".join(ENGINES), help=f"comma list of {', '.join(ENGINES)}")
    parser.add_argument("--json", action="store_true", help="print JSON rows instead of a table")
    args = parser.parse_args(argv)
    items = read_items(args.data_dir, args.limit) * max(1, args.repeat)
    rows = compare(items, args.gazetteer_dir or args.data_dir, args.processes,
                   [e.strip() for e in args.engines.split(",") if e.strip()])
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        print(f"{len(items)} articles, {sum(len(t) for _, t in items) / 1e6:.2f} MB of text, "
              f"{args.processes} processes (cpu_count={os.cpu_count()})")
        for row in rows:
            if "error" in row:
                print(f"  {row['engine']:<22} {row['error']}")
            elif "articles" not in row:
                print(f"  {row['engine']:<22} {row['seconds']:>8.2f} s (once per process)")
            else:
                print(f"  {row['engine']:<22} {row['seconds']:>8.2f} s  {row['articles_per_s']:>8.1f} art/s  "
                      f"x{row['speedup']:<5} same_as_serial={row['same_as_serial']}")
    return 0 if all(r.get("same_as_serial", True) for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
