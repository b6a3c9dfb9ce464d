"""Geoparse every article of the corpus again: one load, parallel workers, orphan caches removed, snapshot refreshed.

What ``atlas reindex`` runs, and what the dashboard runs after a person adds a place to ``places.csv`` (the
gazetteer changed, so every cache is stale until it is rebuilt).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from geo.core.atomic import data_dir_lock, remove_stale_temp_files, sync_directory
from geo.dataset import load_dataset
from geo.store.corpus_index import refresh_snapshot, snapshot_dataset
from geo.store.mentions import COLUMNS, MENTIONS_DIR, engine_version, mentions_frame

__all__ = ["ReindexReport", "reindex_corpus"]


@dataclass(frozen=True)
class ReindexReport:
    """What a reindex did."""

    articles: int
    mentions: int
    unresolved: int
    engine: str
    orphans_removed: int
    #: why the corpus snapshot could not be refreshed ("" when it was)
    stale: str = ""


def reindex_corpus(root: str | Path, *, jobs: int = 1, scheduler: str | None = None,
                   progress: Callable[[str, int, int], None] | None = None) -> ReindexReport:
    """Geoparse every article of the data directory ``root`` again and write its cache, under the directory's lock.

    ``jobs``/``scheduler`` as for :func:`geo.store.parallel.reindex_items`; ``progress(stage, done, total)`` is
    called as articles are done. Raises :class:`~geo.core.errors.DatasetError` if the data is invalid.
    """
    from geo.store.parallel import reindex_items

    root = Path(root)
    tick = progress or (lambda stage, done, total: None)
    with data_dir_lock(root):
        dataset = snapshot_dataset(root) or load_dataset(root)
        engine = engine_version(root)
        folder = root / MENTIONS_DIR
        remove_stale_temp_files(folder)
        ids = list(dataset.articles["id"])
        # a cluster's workers read the article files themselves; local workers get the texts already loaded
        items = ([(aid, str(root / "articles" / f"{aid}.md")) for aid in ids] if scheduler
                 else list(zip(ids, dataset.articles["text"], strict=True)))
        results: dict[str, list[tuple]] = {}
        for done, (article_id, rows) in enumerate(
                reindex_items(items, str(root), engine, jobs=jobs, scheduler=scheduler, files=bool(scheduler)),
                start=1):
            results[article_id] = rows
            tick("geoparse", done, len(items))
        place = COLUMNS.index("place_id") - 1
        total = sum(map(len, results.values()))
        unresolved = sum(row[place] is None for rows in results.values() for row in rows)
        sync_directory(folder)
        known = set(ids)
        orphans = [p for p in folder.glob("*.json") if p.stem not in known] if folder.is_dir() else []
        for orphan in orphans:
            orphan.unlink()
        # the articles are as loaded, only their caches changed, and the workers sent the mentions back
        stale = refresh_snapshot(root, dataset, mentions_frame(((aid, results[aid]) for aid in ids), root, dataset))
    return ReindexReport(len(ids), total, unresolved, engine, len(orphans), stale or "")
