"""The mention cache: the geoparser's output per article, stored in ``data/mentions/<article-id>.json``.

So that the dashboard never geoparses on load, ``atlas ingest`` and ``atlas reindex`` store each article's mentions
with the SHA-256 of the exact article text and the engine version (package version + a fingerprint of the engine's
code, :func:`geo.core.code_version.code_version`, and of the gazetteer tables). :func:`load_mentions` trusts a
cache only when both still match; a missing or stale cache is recomputed in memory (never written on load), an
orphan cache (no article) is ignored.

Online answers (``geocache.json``) are not part of the cache — the cache is what the offline engine says, so
``atlas reindex`` is reproducible — they are laid over mentions the engine left unresolved when loading.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from geo import __version__
from geo.core.atomic import atomic_write_text
from geo.core.code_version import code_version
from geo.online.geocache import GeoCache
from geo.store.corrections import apply_corrections

if TYPE_CHECKING:  # the gazetteer and the dataset loader are imported only when a cache is stale
    from geo.dataset import Dataset
    from geo.gazetteer.lookup import Gazetteer

__all__ = [
    "COLUMNS", "MENTIONS_DIR", "cache_path", "compute_mentions", "engine_version", "load_mentions",
    "mention_record", "overlay_online", "read_cache", "text_sha256", "write_mentions",
]

MENTIONS_DIR = "mentions"
COLUMNS = ["article_id", "start", "end", "surface", "place_id", "name", "lat", "lon", "country", "kind",
           "confidence", "passage_start", "passage_end"]
#: Gazetteer tables whose content decides what the cache holds.
GAZETTEER_FILES = ("places.csv", "rail_stations.csv")


def text_sha256(text: str) -> str:
    """SHA-256 (hex) of the article text encoded as UTF-8 — the same value as the loader's ``text_sha256``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def engine_version(data_dir: str | Path) -> str:
    """``<package version>+<12 hex>``: changes whenever the engine's code or the gazetteer tables change."""
    digest = hashlib.sha256(code_version().encode())
    for name in GAZETTEER_FILES:
        table = Path(data_dir) / name
        digest.update(name.encode() + b"\0" + (table.read_bytes() if table.exists() else b"") + b"\0")
    return f"{__version__}+{digest.hexdigest()[:12]}"


def cache_path(data_dir: str | Path, article_id: str) -> Path:
    """Where the cache of ``article_id`` lives."""
    return Path(data_dir) / MENTIONS_DIR / f"{article_id}.json"


def mention_record(mention: object) -> dict:
    """A geoparser Mention (or an already-plain dict) as the plain dict stored in the cache.

    The passage is stored as its offsets (``passage_start``/``passage_end`` into the article text), not as a copy
    of the sentence, which would double the cache's size.
    """
    record = dict(mention) if isinstance(mention, dict) else mention.to_dict()
    for key in ("passage_start", "passage_end"):
        if key not in record and hasattr(mention, key):
            record[key] = getattr(mention, key)
    if "passage_start" in record:
        record.pop("passage", None)
    return record


def compute_mentions(text: str, gazetteer: Gazetteer, *, strict: bool = True) -> list[dict]:
    """Geoparse ``text`` with ``gazetteer`` and return the mentions as plain dicts (offsets index ``text``).

    ``strict`` (the default, for what is written to disk) lets a geoparser error propagate; ``strict=False`` logs
    it and gives the text no mentions (see :func:`geo.geoparse.geoparse`).
    """
    from geo.geoparse import geoparse  # the geoparser pulls in the gazetteer machinery; load it only when needed

    return [mention_record(m) for m in geoparse(text, gazetteer, strict=strict)]


def write_mentions(data_dir: str | Path, article_id: str, text: str, mentions: list, engine: str, *,
                   durable: bool = True) -> Path:
    """Write the cache of one article atomically; returns its path. ``durable=False`` skips the fsyncs (see
    :func:`geo.core.atomic.atomic_write_bytes`): a cache lost to a power cut is recomputed."""
    path = cache_path(data_dir, article_id)
    head = {"article_id": article_id, "text_sha256": text_sha256(text), "engine": engine}
    # One mention per line keeps diffs reviewable; json.dumps without indent uses the fast C encoder.
    lines = ",\n".join(json.dumps(mention_record(m), ensure_ascii=False) for m in mentions)
    body = json.dumps(head, ensure_ascii=False)[:-1] + ', "mentions": [\n' + lines + ("\n" if lines else "")
    atomic_write_text(path, body + "]}\n", durable=durable)
    return path


def read_cache(path: str | Path) -> dict | None:
    """The cache document at ``path``, or ``None`` when it is missing or unreadable (then it is recomputed)."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(doc, dict) or not isinstance(doc.get("mentions"), list):
        return None
    return doc


def load_mentions(dataset: Dataset, gazetteer: Gazetteer | None = None, *,
                  geocache: GeoCache | None = None) -> pd.DataFrame:
    """Every article's mentions as one DataFrame with :data:`COLUMNS` (one JSON read per article).

    Caches whose ``text_sha256`` or ``engine`` no longer match are recomputed in memory (the gazetteer is built
    from ``dataset`` only if some article needs it) and nothing is written. Unresolved mentions whose surface has
    a usable, not-rejected answer in ``geocache`` (default: the data directory's ``geocache.json``) get that point,
    with ``kind`` ``"online"`` and ``place_id`` still empty.
    """
    data_dir = Path(dataset.data_dir)
    engine = engine_version(data_dir)
    records: list[dict] = []
    article_ids: list[str] = []
    for article in dataset.articles[["id", "text"]].itertuples(index=False):
        doc = read_cache(cache_path(data_dir, article.id))
        fresh = (doc is not None and doc.get("text_sha256") == text_sha256(article.text)
                 and doc.get("engine") == engine)
        if fresh:
            mentions = doc["mentions"]
        else:
            if gazetteer is None:
                from geo.gazetteer.lookup import Gazetteer

                gazetteer = Gazetteer.from_dataset(dataset)
            # in memory only (never written here): an article the geoparser fails on is logged, not fatal
            mentions = compute_mentions(article.text, gazetteer, strict=False)
        records.extend(mentions)
        article_ids.extend([article.id] * len(mentions))
    # Column-selecting construction: no per-mention dict copies (this is the cost for 10k articles).
    frame = pd.DataFrame.from_records(records, columns=COLUMNS[1:]) if records else pd.DataFrame(columns=COLUMNS[1:])
    frame.insert(0, "article_id", article_ids)
    if geocache is None:
        geocache = GeoCache.load(data_dir)
    return overlay_online(apply_corrections(frame, dataset), geocache)


def mentions_frame(rows: Iterable[tuple[str, list[tuple]]], data_dir: str | Path,
                   dataset: Dataset | None = None) -> pd.DataFrame:
    """The table :func:`load_mentions` returns, from ``(article id, rows of COLUMNS[1:])`` pairs already in memory
    (``atlas reindex`` has them from its workers), with ``dataset``'s corrections (when given) and the data
    directory's accepted online answers applied."""
    article_ids: list[str] = []
    records: list[tuple] = []
    for article_id, article_rows in rows:
        records.extend(article_rows)
        article_ids.extend([article_id] * len(article_rows))
    frame = pd.DataFrame.from_records(records, columns=COLUMNS[1:]) if records else pd.DataFrame(columns=COLUMNS[1:])
    frame.insert(0, "article_id", article_ids)
    frame = apply_corrections(frame, dataset) if dataset is not None else frame.assign(review="unreviewed")
    return overlay_online(frame, GeoCache.load(Path(data_dir)))


def overlay_online(frame: pd.DataFrame, geocache: GeoCache) -> pd.DataFrame:
    """A copy of ``frame`` where unresolved mentions take the point of an online answer for their surface that a
    person has accepted (``review: accepted`` in ``geocache.json``): an unreviewed answer from a public service is
    never shown as a place (threat model O6)."""
    if frame.empty or len(geocache) == 0:
        return frame
    out = frame.copy()
    pending = out["place_id"].isna() & (out["review"] != "rejected") if "review" in out else out["place_id"].isna()
    for index, row in out[pending].iterrows():
        answer = geocache.get(str(row["surface"]))
        if answer is not None and answer.usable and answer.review == "accepted" and _missing(row["lat"]):
            out.loc[index, ["lat", "lon", "name", "kind"]] = [answer.lat, answer.lon, answer.display_name, "online"]
            if "review" in out:
                out.loc[index, "review"] = "accepted"
    return out


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
