"""Batch ingest and reindex at corpus scale, against the alternatives, in one run.

::

    python bench/bench_ingest.py                          # 1,000 into 4,000; reindex of 10,000 (corpora made in /tmp)
    python bench/bench_ingest.py --base 400 --batch 100 --reindex 1000 --per-file 5     # a smoke run

What is timed (wall clock of the ``atlas`` command as a user runs it, a fresh copy of the base corpus each time):

* **batch ingest**: ``atlas ingest BATCH_DIR --jobs N`` for each N in ``--jobs``, against the alternative of one
  ``atlas ingest FILE`` per article (timed on ``--per-file`` files, the median multiplied by the batch size: a
  thousand of them take too long to run whole);
* **reindex**: ``atlas reindex --jobs N`` of the ``--reindex`` corpus, once with its corpus snapshot stale (just
  after the engine changed: the dataset is read and validated from the files) and once fresh.

The synthetic corpora come from ``bench/make_corpus.py`` (deterministic); the batch is made of a second one's
synthetic articles written as Markdown with YAML front matter. Prints a table (seconds, articles/s, ratio to the
slowest); ``--json`` prints the raw figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def atlas(*args: str) -> float:
    """Run ``atlas`` and return its wall time in seconds (raises if it fails)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "geo", *args], check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return time.perf_counter() - start


def make_corpus(articles: int, out: Path, seed: int = 1) -> Path:
    if not (out / "CORPUS.json").is_file() or json.loads((out / "CORPUS.json").read_text()).get(
            "articles") != articles:
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), "--articles", str(articles),
                        "--seed", str(seed), "--out", str(out), "--force"], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
    return out


def write_batch(source: Path, out: Path, count: int) -> list[Path]:
    """``count`` synthetic articles of ``source`` as Markdown files with YAML front matter."""
    import yaml

    from geo.dataset.articles import parse_article

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    paths = []
    for path in sorted((source / "articles").glob("*.md")):
        meta = parse_article(path.read_text(encoding="utf-8"))
        if "Synthetic" not in meta.get("outlet", ""):
            continue
        front = {k: meta[k] for k in ("title", "outlet", "published", "byline", "url") if meta.get(k)}
        target = out / f"{path.stem}.md"
        target.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + meta["text"],
                          encoding="utf-8")
        paths.append(target)
        if len(paths) == count:
            break
    return paths


def fresh_copy(base: Path, work: Path) -> Path:
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(base, work, symlinks=True)
    (work / ".atlas.lock").unlink(missing_ok=True)
    return work


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=int, default=4000, help="articles already in the corpus (default 4000)")
    parser.add_argument("--batch", type=int, default=1000, help="articles in the batch (default 1000)")
    parser.add_argument("--reindex", type=int, default=10000, help="articles to reindex (default 10000)")
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values (default 1,2)")
    parser.add_argument("--per-file", type=int, default=5, help="files timed one at a time (default 5)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/atlas-bench-ingest"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    jobs = [int(j) for j in args.jobs.split(",")]
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    base = make_corpus(args.base, work / f"base-{args.base}")
    batch_dir = work / "batch"
    batch = write_batch(make_corpus(args.batch + 5, work / f"source-{args.batch}", seed=7), batch_dir, args.batch)
    atlas("reindex", "--jobs", str(max(jobs)), "--quiet", "--data-dir", str(base))  # caches + snapshot current

    rows = []
    for n in jobs:
        target = fresh_copy(base, work / "target")
        rows.append((f"ingest {len(batch)} into {args.base}, --jobs {n}", atlas(
            "ingest", str(batch_dir), "--jobs", str(n), "--quiet", "--data-dir", str(target)), len(batch)))
    again = atlas("ingest", str(batch_dir), "--jobs", str(max(jobs)), "--quiet", "--data-dir", str(target))
    rows.append((f"the same batch again (all duplicates), --jobs {max(jobs)}", again, len(batch)))
    target = fresh_copy(base, work / "target")
    singles = [atlas("ingest", str(path), "--quiet", "--data-dir", str(target)) for path in batch[:args.per_file]]
    per_file = statistics.median(singles)
    rows.append((f"one `atlas ingest FILE` per article (median of {len(singles)} x {len(batch)})",
                 per_file * len(batch), len(batch)))

    corpus = make_corpus(args.reindex, work / f"reindex-{args.reindex}")
    for n in jobs:
        # stale: the snapshot is keyed to the files, so touching one cache makes the writer read every file
        next((corpus / "mentions").glob("*.json")).touch()
        rows.append((f"reindex {args.reindex}, --jobs {n}, snapshot stale",
                     atlas("reindex", "--jobs", str(n), "--quiet", "--data-dir", str(corpus)), args.reindex))
        rows.append((f"reindex {args.reindex}, --jobs {n}, snapshot fresh",
                     atlas("reindex", "--jobs", str(n), "--quiet", "--data-dir", str(corpus)), args.reindex))

    if args.json:
        print(json.dumps([{"what": w, "seconds": round(s, 2), "articles": a} for w, s, a in rows], indent=2))
        return 0
    width = max(len(w) for w, _, _ in rows)
    print(f"{'what':<{width}}  {'seconds':>9}  {'articles/s':>10}")
    for what, seconds, articles in rows:
        print(f"{what:<{width}}  {seconds:>9.1f}  {articles / seconds:>10,.0f}")
    batch_rows = [s for w, s, _ in rows if w.startswith("ingest ")]
    print(f"batch --jobs {max(jobs)} vs one command per file: x{rows[len(jobs) + 1][1] / min(batch_rows):,.0f} "
          f"faster; load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
