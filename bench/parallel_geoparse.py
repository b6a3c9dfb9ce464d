"""Compare the parallel geoparsing engines of :mod:`geo.store.parallel` on a data directory's articles.

Times serial, ``multiprocessing.Pool``, ``concurrent.futures`` and ``dask.bag`` on the same articles and checks that
every engine gives exactly the serial run's mentions, in order. Usage::

    python bench/parallel_geoparse.py --data-dir /tmp/atlas-2000x --limit 2000
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:   # run as a script: make the repository's packages importable
    sys.path.insert(0, str(ROOT))

from geo.store.parallel import ENGINES, Item, Result, init_worker, read_items  # noqa: E402

__all__ = ["compare", "main"]


def compare(items: Sequence[Item], gazetteer_dir: str, processes: int = 2,
            engines: Iterable[str] = tuple(ENGINES)) -> list[dict]:
    """Run each engine on ``items``; rows of (engine, seconds, articles/s, speed-up vs serial, same_as_serial).

    The first row times building and warming the gazetteer in this process; forked workers inherit it.
    """
    started = time.perf_counter()
    init_worker(gazetteer_dir)   # timed apart: a one-off per process, which every engine below inherits
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
