"""Fault injection for the atomic writes: one real write of each file kind the project writes, run in a child
process that a fault ends at a chosen moment.

Run as ``python -m tests.support.atomic_faults <kind> <root> <fault>`` (``tests/geo/test_atomic_faults.py`` does);
``setup(kind, root)`` prepares ``root`` first, in the test process. Faults:

- ``kill-at-rename``: ``os.replace`` onto the kind's target file SIGKILLs the process instead — the data is
  written (and fsync'ed) in the temporary file, the rename has not happened: the window the atomic write exists for.
- ``die-mid-write``: a file-size limit (``RLIMIT_FSIZE``) between the old file's size and the new one's, with
  SIGXFSZ left at its default action: the process dies in the middle of writing the new bytes, as on a full disk.

Nothing of ours is mocked: the fault sits in the operating system's calls, and every write goes through the same
code as ``atlas ingest``, the review page, ``atlas reindex`` and the online fallback.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from geo.core.atomic import TEMP_PREFIX

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini"
ARTICLE = "test-2019-04-24"
#: In every new file and in no old one, so a leftover temporary file can be told to hold the new data.
MARKER = "new-data-marker"
#: How much larger than the old file the new one is: the file-size limit falls half-way.
GROWTH = 64_000
FILLER = "The delegation spent the afternoon in talks about the railway. " * (GROWTH // 60)


@dataclass(frozen=True)
class Kind:
    """One file kind: ``target(root)`` is the file a write replaces, ``write(root)`` makes that write (in the child),
    ``read(root)`` is what the project's own reader makes of the file (compared before and after the fault)."""

    target: Callable[[Path], Path]
    write: Callable[[Path], None]
    read: Callable[[Path], object]
    limit_over_old: int = GROWTH // 2  # the file-size limit, above the old file's size


def _data(root: Path) -> Path:
    return root / "data"


def _load(root: Path):
    from geo.dataset import load_dataset

    return load_dataset(_data(root))


# --- articles: ``ingest_batch`` writes the mention cache, then the article file (the commit point) -------------

def _article_target(root: Path) -> Path:
    return _data(root) / "articles" / "fault-wire-2001-08-04.md"


def _article_write(root: Path) -> None:
    from geo.store.batch import ingest_batch

    ingest_batch([str(root / "dispatch.txt")], data_dir=_data(root),
                 overrides={"title": "Dispatch", "outlet": "Fault Wire", "published": "2001-08-04"})


def _article_read(root: Path) -> object:
    return sorted(_load(root).articles["id"])


# --- CSV tables: ``record_corrections`` writes places.csv (when a place is added), then corrections.csv ---------

def _correction(note: str):
    from geo.store.corrections import Correction

    return Correction(ARTICLE, 0, 11, "VLADIVOSTOK", "accept", "vladivostok", note=note,
                      time="2026-12-05T09:30:00+00:00")


def _corrections_write(root: Path) -> None:
    from geo.store.corrections import record_corrections

    record_corrections(_data(root), _load(root), [_correction(MARKER + FILLER)])


def _places_write(root: Path) -> None:
    from geo.store.corrections import Correction, record_corrections, user_place_row

    place = user_place_row("fault-halt", "Fault Halt", "station", 43.1, 131.9, "RU", "a map click",
                           note=MARKER + FILLER)
    record_corrections(_data(root), _load(root),
                       [Correction(ARTICLE, 0, 11, "VLADIVOSTOK", "correct", "fault-halt", time="2026-12-05T09:31:00")],
                       [place])


def _tables_read(root: Path) -> object:
    dataset = _load(root)
    return dataset.places.to_dict("records"), dataset.corrections.to_dict("records")


# --- mention caches: ``write_mentions`` as ``atlas reindex`` calls it (durable=False: no fsync at all) ----------

def _mentions_target(root: Path) -> Path:
    from geo.store.mentions import cache_path

    return cache_path(_data(root), ARTICLE)


def _mentions_write(root: Path) -> None:
    from geo.store.mentions import write_mentions

    mention = {"surface": "Vladivostok", "start": 0, "end": 11, "place_id": "vladivostok", "note": MARKER}
    write_mentions(_data(root), ARTICLE, "fixture text", [mention] * (GROWTH // 80), "engine-2", durable=False)


def _mentions_read(root: Path) -> object:
    from geo.store.mentions import read_cache

    return read_cache(_mentions_target(root))


# --- corpus snapshots: ``load_corpus`` after an edit replaces the old snapshot with one under a new key --------

def _snapshot_target(root: Path) -> Path:
    from geo.store.corpus_index import snapshot_path

    return snapshot_path(_data(root))


def _snapshot_write(root: Path) -> None:
    from geo.store.corpus_index import load_corpus

    load_corpus(_data(root))


def _snapshot_read(root: Path) -> object:
    from geo.store.corpus_index import snapshot_corpus

    found = snapshot_corpus(_data(root))
    return None if found is None else sorted(found[0].articles["id"])


# --- geocache.json: ``GeoCache.save`` after the online fallback stored new answers -----------------------------

def _answer(query: str, name: str):
    from geo.online.geocache import CachedAnswer

    return CachedAnswer(query=query, status="ok", lat=43.5, lon=131.9, display_name=name, provider="nominatim",
                        domain="stub.invalid", fetched_at="2026-12-05T09:30:00+00:00")


def _geocache_write(root: Path) -> None:
    from geo.online.geocache import GeoCache

    cache = GeoCache.load(_data(root))
    cache.put(_answer("Fault Halt", MARKER + FILLER))
    cache.save()


def _geocache_read(root: Path) -> object:
    from geo.online.geocache import GeoCache

    return [a.to_dict() for a in GeoCache.load(_data(root))]


KINDS = {
    "article": Kind(_article_target, _article_write, _article_read),
    "corrections.csv": Kind(lambda root: _data(root) / "corrections.csv", _corrections_write, _tables_read),
    "places.csv": Kind(lambda root: _data(root) / "places.csv", _places_write, _tables_read),
    "mention cache": Kind(_mentions_target, _mentions_write, _mentions_read),
    "corpus snapshot": Kind(_snapshot_target, _snapshot_write, _snapshot_read),
    "geocache.json": Kind(lambda root: _data(root) / "geocache.json", _geocache_write, _geocache_read),
}


def setup(kind: str, root: Path) -> Path:
    """Prepare ``root`` for a write of ``kind`` (an old file in place where the kind has one); return the target."""
    data = _data(root)
    shutil.copytree(MINI, data)
    (root / "dispatch.txt").write_text(f"Vladivostok, {MARKER}. {FILLER}\n", encoding="utf-8")
    if kind == "corrections.csv":
        from geo.store.corrections import record_corrections

        record_corrections(data, _load(root), [_correction("checked against the timetable")])
    elif kind == "mention cache":
        from geo.store.mentions import write_mentions

        write_mentions(data, ARTICLE, "fixture text", [], "engine-1")
    elif kind == "corpus snapshot":
        from geo.store.corpus_index import load_corpus

        load_corpus(data)  # the old snapshot, made stale by a new article: the next load writes a new one
        text = (data / "articles" / f"{ARTICLE}.md").read_text(encoding="utf-8")
        (data / "articles" / "marker-2019-04-25.md").write_text(
            text.replace(ARTICLE, "marker-2019-04-25") + f"\n{MARKER}. {FILLER}\n", encoding="utf-8")
    elif kind == "geocache.json":
        from geo.online.geocache import GeoCache

        cache = GeoCache(data / "geocache.json")
        cache.put(_answer("Razdolnoye", "an old answer"))
        cache.save()
    return KINDS[kind].target(root)


def _kill_at_rename(target: Path) -> None:
    real_replace = os.replace

    def replace(src, dst, **kwargs):
        if Path(dst).resolve() == target:
            os.kill(os.getpid(), signal.SIGKILL)
        real_replace(src, dst, **kwargs)

    os.replace = replace


def _die_mid_write(target: Path, limit_over_old: int) -> None:
    """Cap the size of any file written from the moment the process opens the target, or a temporary file next
    to it, for writing (an audit hook sees every ``open``): earlier writes elsewhere — the ingest's would-be copy
    of the article, the mention cache — are not cut, the target's own write is, however it is made."""
    old = target.stat().st_size if target.exists() else 0
    limit = old + limit_over_old
    write_flags = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

    def hook(event: str, args: tuple) -> None:
        if event != "open" or not isinstance(args[0], str | bytes | os.PathLike):
            return
        path, mode, flags = Path(os.fsdecode(args[0])).absolute(), args[1], args[2]
        writes = bool(flags & write_flags) or any(c in (mode or "") for c in "wax+")
        if writes and path.parent == target.parent and (path.name == target.name
                                                       or path.name.startswith(TEMP_PREFIX)):
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))

    # CPython ignores SIGXFSZ at start-up (a write past the limit then fails with EFBIG); the default action ends
    # the process there, as a crash would.
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
    sys.addaudithook(hook)


def _warm_up(root: Path) -> None:
    """Build what the write would otherwise build on its way (the gazetteer, the GeoNames index): the file-size
    limit must stop the target's write, not the cache of an index."""
    from geo.gazetteer.longtail import default_long_tail
    from geo.store.mentions import engine_version

    default_long_tail()
    engine_version(_data(root))


def main(kind: str, root: str, fault: str) -> None:
    folder = Path(root)
    spec = KINDS[kind]
    target = spec.target(folder).resolve()
    _warm_up(folder)
    if fault == "kill-at-rename":
        _kill_at_rename(target)
    elif fault == "die-mid-write":
        _die_mid_write(target, spec.limit_over_old)
    else:
        raise SystemExit(f"unknown fault {fault!r}")
    spec.write(folder)


if __name__ == "__main__":
    main(*sys.argv[1:])
