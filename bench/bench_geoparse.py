"""Geoparse throughput (MB/s) against geotext on the same ~5 MB text, in the same run.

The text is the seed articles' paragraphs, shuffled with a fixed seed and repeated up to the size asked for
(``--text shuffled``, the default), or the whole articles one after the other, repeated (``--text articles``).
Both tools get one untimed warm-up run (our gazetteer's automaton and the GeoNames long tail load once per
process; geotext loads its city list on import), then ``--repeats`` timed runs; the table shows the medians.

    .venv/bin/python bench/bench_geoparse.py [--mb 5] [--repeats 5] [--text shuffled|articles]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from pathlib import Path

# Run as a script (`.venv/bin/python bench/bench_geoparse.py`), Python puts bench/ first on sys.path, not the
# repository root: add the root so `import geo` works without PYTHONPATH.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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


def build_articles_text(articles: list[str], size_bytes: int) -> str:
    """The articles whole, in dataset order, separated by blank lines and repeated until ``size_bytes``."""
    out, total = [], 0
    while total < size_bytes and any(a.strip() for a in articles):
        for article in articles:
            out.append(article)
            total += len(article.encode("utf-8")) + 2
            if total >= size_bytes:
                break
    return "\n\n".join(out)


def time_pairs(funcs: dict, repeats: int) -> dict[str, list[tuple[float, float]]]:
    """``(wall s, CPU s)`` of ``repeats`` calls of each function, interleaved (after one warm-up call each).

    Interleaving gives both tools the same share of a machine shared with other jobs; CPU time (this process
    only) is steadier than wall time there, since waiting for a core does not count.
    """
    for func in funcs.values():
        func()
    # Everything built so far (our gazetteer, the long-tail index, geotext's city table) moves to the permanent
    # generation: otherwise every full collection during a timed call walks the other tool's objects too. Without
    # this geotext took 0.213 s on the 5 MB articles text instead of 0.175 s alone in a process (our geoparse
    # pauses the collector for its call, so it did not pay), which flattered our ratio by ~20%.
    gc.collect()
    gc.freeze()
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in funcs}
    for _ in range(repeats):
        for name, func in funcs.items():
            wall, cpu = time.perf_counter(), time.process_time()
            func()
            times[name].append((time.perf_counter() - wall, time.process_time() - cpu))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="text size in MB (default 5)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per tool (default 5)")
    parser.add_argument("--text", choices=("shuffled", "articles"), default="shuffled",
                        help="shuffled paragraphs (default) or whole articles repeated")
    args = parser.parse_args()

    dataset = load_dataset()
    build = build_text if args.text == "shuffled" else build_articles_text
    text = build(list(dataset.articles["text"]), int(args.mb * 1e6))
    megabytes = len(text.encode("utf-8")) / 1e6
    gazetteer = Gazetteer.from_dataset(dataset)

    counts = {}

    def ours():
        counts["atlas geoparse"] = len(geoparse(text, gazetteer))

    def theirs():
        found = GeoText(text)
        counts["geotext"] = len(found.cities) + len(found.countries)

    times = time_pairs({"atlas geoparse": ours, "geotext": theirs}, args.repeats)
    print(f"text: {megabytes:.2f} MB ({args.text}), {args.repeats} interleaved timed runs each (median)")
    print(f"{'tool':<16} {'wall s':>8} {'CPU s':>8} {'MB/s wall':>10} {'MB/s CPU':>9} {'mentions':>9}")
    speeds = {}
    for name, runs in times.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        speeds[name] = (megabytes / wall, megabytes / cpu)
        print(f"{name:<16} {wall:>8.3f} {cpu:>8.3f} {speeds[name][0]:>10.2f} {speeds[name][1]:>9.2f} "
              f"{counts[name]:>9}")
    ours_speed, theirs_speed = speeds["atlas geoparse"], speeds["geotext"]
    print(f"ratio (atlas / geotext MB/s): wall {ours_speed[0] / theirs_speed[0]:.2f}x, "
          f"CPU {ours_speed[1] / theirs_speed[1]:.2f}x")


if __name__ == "__main__":
    main()
