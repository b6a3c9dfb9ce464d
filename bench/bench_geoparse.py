"""Geoparse throughput (MB/s) against geotext on the same ~5 MB text, in the same run.

The text is the seed articles' paragraphs, shuffled with a fixed seed and repeated up to the size asked for.
Both tools get one untimed warm-up run (our gazetteer's automaton and the GeoNames long tail load once per
process; geotext loads its city list on import), then ``--repeats`` timed runs; the table shows the medians.

    .venv/bin/python bench/bench_geoparse.py [--mb 5] [--repeats 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from geotext import GeoText

from geo.dataset import load_dataset
from geo.geoparse import geoparse
from geo.lookup import Gazetteer


def build_text(articles: list[str], size_bytes: int, seed: int = 1) -> str:
    """Shuffled seed paragraphs, repeated until the UTF-8 text reaches ``size_bytes``."""
    paragraphs = [p for text in articles for p in text.split("\n") if p.strip()]
    rng = random.Random(seed)
    out, total = [], 0
    while total < size_bytes:
        rng.shuffle(paragraphs)
        for para in paragraphs:
            out.append(para)
            total += len(para.encode("utf-8")) + 1
            if total >= size_bytes:
                break
    return "\n".join(out)


def time_runs(func, repeats: int) -> list[float]:
    """Wall times of ``repeats`` calls of ``func`` (after one warm-up call)."""
    func()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="text size in MB (default 5)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per tool (default 5)")
    args = parser.parse_args()

    dataset = load_dataset()
    text = build_text(list(dataset.articles["text"]), int(args.mb * 1e6))
    megabytes = len(text.encode("utf-8")) / 1e6
    gazetteer = Gazetteer.from_dataset(dataset)

    counts = {}

    def ours():
        counts["atlas geoparse"] = len(geoparse(text, gazetteer))

    def theirs():
        found = GeoText(text)
        counts["geotext"] = len(found.cities) + len(found.countries)

    rows = []
    for name, func in (("atlas geoparse", ours), ("geotext", theirs)):
        times = time_runs(func, args.repeats)
        median = statistics.median(times)
        rows.append((name, median, min(times), megabytes / median))
    print(f"text: {megabytes:.2f} MB, {args.repeats} timed runs each (median)")
    print(f"{'tool':<16} {'median s':>9} {'best s':>8} {'MB/s':>8} {'mentions':>9}")
    for name, median, best, speed in rows:
        print(f"{name:<16} {median:>9.3f} {best:>8.3f} {speed:>8.2f} {counts[name]:>9}")
    print(f"ratio (atlas / geotext MB/s): {rows[0][3] / rows[1][3]:.2f}x")


if __name__ == "__main__":
    main()
