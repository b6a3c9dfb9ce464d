"""``atlas ingest`` and ``atlas reindex``: a corpus in, mention caches out — in batches, in parallel, with progress.

Progress goes to standard error: a tqdm bar (rate and ETA) on a terminal, a plain line every few seconds when
standard error is a file or a pipe (a log keeps it readable), nothing with ``--quiet``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from geo.cli.check import add_data_dir_argument
from geo.core.atomic import atomic_write_text
from geo.core.errors import IngestError
from geo.dataset import load_dataset
from geo.dataset.tables import MAX_ARTICLE_BYTES
from geo.online.geocache import GeoCache
from geo.online.geocoder import ENV_ONLINE, OnlineFallback, online_enabled
from geo.store.sources import MIB

__all__ = ["Progress", "register"]

_STAGES = {"read": "reading", "geoparse": "geoparsing", "write": "writing"}
_PLAIN_EVERY_S = 5.0


class Progress:
    """``progress(stage, done, total)`` for the batch functions: a tqdm bar on a terminal, plain periodic lines
    otherwise, nothing when quiet."""

    def __init__(self, quiet: bool = False, stream=None, clock=time.monotonic):
        self.stream = stream or sys.stderr
        self.clock = clock
        self.quiet = quiet
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._bar = None
        self._stage = None
        self._printed = False
        self._last = 0.0
        self._start = clock()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.quiet:
            return
        if stage != self._stage:
            self.close()
            self._stage, self._printed = stage, False
            self._start = self._last = self.clock()
            if self.tty:
                from tqdm import tqdm

                self._bar = tqdm(total=total, desc=_STAGES.get(stage, stage), unit="article", file=self.stream,
                                 leave=False, dynamic_ncols=True)
        if self._bar is not None:
            self._bar.update(done - self._bar.n)
            return
        now = self.clock()
        # a line every few seconds, and a last one for a stage that printed any (a quick batch prints nothing)
        if now - self._last >= _PLAIN_EVERY_S or (done == total and self._printed):
            self._last = now
            self._printed = done != total
            elapsed = max(now - self._start, 1e-9)
            rate = done / elapsed
            eta = (total - done) / rate if rate else 0.0
            print(f"{_STAGES.get(stage, stage)}: {done}/{total} ({rate:,.0f}/s, ETA {eta:,.0f} s)",
                  file=self.stream, flush=True)

    def close(self) -> None:
        """End the current bar (if any)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def register(sub) -> None:
    """Add ``ingest`` and ``reindex`` to the ``atlas`` parser."""
    ingest = sub.add_parser(
        "ingest", help="add articles to the dataset: files, folders, - for stdin (geoparsed, atomic)",
        description="Add every article in the PATHs to the dataset: files, folders (searched recursively for .txt, "
        ".md, .markdown, .html, .htm) and - for standard input. Metadata comes from a front-matter block (+++ TOML "
        "or --- YAML) or, for a saved web page, from the page; flags win over both. Each file is added, found to be a "
        "duplicate, or refused with its reason, without stopping the others; one lock, one load and one validation "
        "for the batch. Exit 0 when every file was added or a duplicate, 1 when any was refused.")
    ingest.add_argument("paths", metavar="PATH", nargs="+")
    for name, meta, text in (("title", "T", "headline"), ("outlet", "O", "publication (also makes the id)"),
                             ("published", "YYYY-MM-DD", "publication date (or YYYY-MM, YYYY)"),
                             ("url", "U", "canonical URL of the original"), ("byline", "B", "author(s)"),
                             ("dateline", "D", "dateline as printed (default: detected from the text)")):
        ingest.add_argument(f"--{name}", metavar=meta, default=None, help=text + " — for every file of the batch")
    ingest.add_argument("--json", action="store_true", help="print the report as JSON")
    ingest.add_argument("--unresolved-csv", metavar="FILE", type=Path, default=None,
                        help="also write every unresolved name of the batch (surface, count, files) as CSV")
    _add_parallel_arguments(ingest)
    ingest.add_argument("--max-mb", type=float, default=MAX_ARTICLE_BYTES / MIB, metavar="MB",
                        help=f"refuse input files larger than this many MiB (default {MAX_ARTICLE_BYTES / MIB:.0f})")
    ingest.add_argument("--online", action="store_true",
                        help=f"ask an online geocoder (Nominatim) about names the gazetteer does not know; also "
                             f"on when {ENV_ONLINE}=1. Answers are cached for review in <data>/geocache.json")
    add_data_dir_argument(ingest)
    ingest.set_defaults(func=run_ingest)

    reindex = sub.add_parser("reindex", help="rebuild every mention cache (data/mentions/*.json)",
                             description="Geoparse every article again and rewrite its mention cache atomically; "
                             "delete caches of articles that no longer exist.")
    _add_parallel_arguments(reindex)
    add_data_dir_argument(reindex)
    reindex.set_defaults(func=run_reindex)


def _add_parallel_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", "-j", type=_positive, default=1, metavar="N",
                        help="geoparse in N local processes (default 1)")
    parser.add_argument("--scheduler", metavar="ADDRESS", default=None,
                        help="geoparse on the Dask distributed cluster whose scheduler is at ADDRESS "
                             "(tcp://host:8786); its workers must be able to read the data directory")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress output")


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: give 1 or more")
    return number


def run_ingest(args: argparse.Namespace) -> int:
    """Handler of ``atlas ingest``."""
    from geo.store.batch import ingest_batch

    root = load_dataset(args.data_dir).data_dir
    online = None
    if online_enabled(args.online):
        try:
            online = OnlineFallback(cache=GeoCache.load(root))
        except ValueError as exc:  # a bad ATLAS_GEOCODER_* value
            raise IngestError(f"online geocoder: {exc}") from None
    overrides = {key: getattr(args, key) for key in ("title", "outlet", "published", "url", "byline", "dateline")}
    progress = Progress(args.quiet)
    try:
        report = ingest_batch(args.paths, data_dir=root, overrides=overrides, max_bytes=int(args.max_mb * MIB),
                              jobs=args.jobs, scheduler=args.scheduler, progress=progress, online=online)
    finally:
        progress.close()
    if args.unresolved_csv is not None:
        atomic_write_text(args.unresolved_csv, report.unresolved_csv())
    print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if args.json else report.summary())
    for outcome in report.of("refused"):  # on standard error too, where scripts and people look for failures
        print(f"atlas ingest: refused {outcome.name}: {outcome.reason}", file=sys.stderr)
    return report.exit_code


def run_reindex(args: argparse.Namespace) -> int:
    """Handler of ``atlas reindex``: one load, every article geoparsed again (its cache written by the worker
    that geoparsed it), orphan caches removed, the snapshot refreshed."""
    from geo.dataset import resolve_data_dir
    from geo.store.reindex import reindex_corpus

    root = resolve_data_dir(args.data_dir)
    progress = Progress(args.quiet)
    try:
        report = reindex_corpus(root, jobs=args.jobs, scheduler=args.scheduler, progress=progress)
    finally:
        progress.close()
    print(f"reindexed {report.articles} article(s): {report.mentions} mention(s), {report.unresolved} unresolved; "
          f"engine {report.engine}; removed {report.orphans_removed} orphan cache(s)")
    stale = report.stale
    if stale:
        print(f"note: {stale}")
    return 0
