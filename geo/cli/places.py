"""``atlas geocode``, ``atlas geoparse``: names and texts → places (``ingest``/``reindex``: :mod:`geo.cli.corpus`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from geo.cli.check import add_data_dir_argument
from geo.core.atomic import data_dir_lock
from geo.core.errors import IngestError, UnknownPlaceError
from geo.dataset import Dataset, load_dataset
from geo.dataset.tables import MAX_ARTICLE_BYTES, checked_text, read_checked_text
from geo.online.geocache import GeoCache
from geo.online.geocoder import ENV_ONLINE, AtlasGeocoder, OnlineFallback, online_enabled
from geo.store.mentions import compute_mentions
from geo.store.sources import MIB

if TYPE_CHECKING:  # the gazetteer machinery loads only when a command needs it
    from geo.gazetteer.lookup import Gazetteer

__all__ = ["register"]

GEOPARSE_FIELDS = ("surface", "start", "end", "place_id", "name", "lat", "lon", "country", "kind", "confidence", "bbox")


def _add_online_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--online", action="store_true",
                        help=f"ask an online geocoder (Nominatim) about names the gazetteer does not know; also "
                             f"on when {ENV_ONLINE}=1. Answers are cached for review in <data>/geocache.json")


def register(sub) -> None:
    """Add ``geocode`` and ``geoparse`` to the ``atlas`` parser."""
    geocode = sub.add_parser("geocode", help="resolve a place name to a gazetteer place",
                             description="Resolve NAME to a place: id, name, lat, lon, country, kind, confidence, "
                             "the reason the winner won and the top 5 candidates with scores. Exit 1 if nothing "
                             "resolves.")
    geocode.add_argument("name", metavar="NAME")
    geocode.add_argument("--context", metavar="TEXT", default=None,
                         help="surrounding text that helps pick between homonyms")
    geocode.add_argument("--json", action="store_true", help="print JSON")
    _add_online_argument(geocode)
    add_data_dir_argument(geocode)
    geocode.set_defaults(func=run_geocode)

    geoparse = sub.add_parser("geoparse", help="find and resolve the place names in a text file",
                              description="List every toponym mention in a UTF-8 text file: surface, start/end "
                              "offsets (into the file's text decoded as UTF-8, unchanged), the resolved place and "
                              "the passage. Unresolved mentions are listed with place_id/lat/lon null. For an "
                              "article of the corpus (--article, or a file holding exactly an article's text) the "
                              "reviewed decisions of corrections.csv are applied and each mention has its review "
                              "status.")
    geoparse.add_argument("path", metavar="PATH", nargs="?",
                          help="the text file, or - to read standard input (or give --article)")
    geoparse.add_argument("--article", metavar="ID", help="geoparse the corpus article with this id instead")
    geoparse.add_argument("--json", action="store_true", help="print a JSON list of mentions")
    _add_size_argument(geoparse)
    _add_online_argument(geoparse)
    add_data_dir_argument(geoparse)
    geoparse.set_defaults(func=run_geoparse)


def _add_size_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-mb", type=float, default=MAX_ARTICLE_BYTES / MIB, metavar="MB",
                        help=f"refuse input files larger than this many MiB (default {MAX_ARTICLE_BYTES / MIB:.0f})")


def _fallback(args: argparse.Namespace, data_dir: Path) -> OnlineFallback | None:
    if not online_enabled(args.online):
        return None
    try:
        return OnlineFallback(cache=GeoCache.load(data_dir))
    except ValueError as exc:  # a bad ATLAS_GEOCODER_* value
        raise IngestError(f"online geocoder: {exc}") from None


def _save_answers(fallback: OnlineFallback | None, data_dir: Path) -> None:
    if fallback is not None and fallback.cache.changed:
        with data_dir_lock(data_dir):
            fallback.cache.merge_into(GeoCache.load(data_dir)).save()


def _gazetteer(dataset: Dataset) -> Gazetteer:
    from geo.gazetteer.lookup import Gazetteer

    return Gazetteer.from_dataset(dataset)


def run_geocode(args: argparse.Namespace) -> int:
    """Handler of ``atlas geocode``."""
    dataset = load_dataset(args.data_dir)
    fallback = _fallback(args, dataset.data_dir)
    geocoder = AtlasGeocoder(_gazetteer(dataset), fallback=fallback)
    location = geocoder.geocode(args.name, context=args.context)
    _save_answers(fallback, dataset.data_dir)
    if location is None:
        hint = "" if fallback else f" (try --online, or add it to {dataset.data_dir / 'places.csv'} as an alias)"
        failure = f"; online geocoder: {fallback.failure}" if fallback and fallback.failure else ""
        raise UnknownPlaceError(f"no place matches {args.name!r}{failure}{hint}")
    raw = location.raw
    result = {"id": raw["id"], "name": raw.get("name", location.address), "lat": location.latitude,
              "lon": location.longitude, "country": raw["country"], "kind": raw["kind"],
              "confidence": raw["confidence"], "reason": raw["reason"], "tier": raw.get("tier"),
              "candidates": raw["candidates"]}
    if "online" in raw:
        result["online"] = raw["online"]
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(f"{result['id'] or '(online)'}: {result['name']} ({result['kind']}, {result['country'] or '?'}) "
          f"{result['lat']:.4f}, {result['lon']:.4f}")
    print(f"  confidence {result['confidence']}: {result['reason']}")
    for cand in result["candidates"]:
        print(f"  candidate {cand['id']:<28} score {cand['score']:<8.3g} {cand['name']} ({cand['kind']}, "
              f"{cand['country']})")
    return 0


#: The PATH that stands for standard input, as in most Unix tools: ``… | atlas geoparse -``.
STDIN = "-"


def _read_for_geoparse(path: Path, max_bytes: int) -> str:
    """The file (or standard input, for ``-``) decoded as UTF-8 *unchanged* (offsets index it), after the same
    checks as ingest."""
    problems: list = []
    if str(path) == STDIN:
        raw = sys.stdin.buffer.read(max_bytes + 1)
        if len(raw) > max_bytes:
            raise IngestError(f"standard input: over the limit of {max_bytes:,} bytes — nothing to geoparse "
                              "(split the text, or raise --max-mb)")
        if checked_text(raw, "standard input", problems) is None:
            raise IngestError(f"{problems[0]} — nothing to geoparse")
        return raw.decode("utf-8")
    if not path.is_file():
        raise IngestError(f"{path}: no such file")
    # The checks (size, empty, binary, UTF-8, BOM) are the loader's; its text has line ends normalised, while
    # offsets must index the file as it is, so the bytes are decoded again as they are.
    if read_checked_text(path, str(path), max_bytes, problems) is None:
        raise IngestError(f"{problems[0]} — nothing to geoparse")
    return path.read_bytes().decode("utf-8")


def _reviewed(mentions: list[dict], text: str, dataset: Dataset, article_id: str | None) -> list[dict]:
    """The mentions with the article's corrections applied, when ``text`` is a corpus article (by id or by its
    exact text); otherwise unchanged."""
    if article_id is None:
        same = dataset.articles.loc[dataset.articles["text"] == text, "id"]
        if same.empty:
            return mentions
        article_id = same.iloc[0]
    if not (dataset.corrections["article_id"] == article_id).any():
        return [{**m, "review": "unreviewed"} for m in mentions]
    import pandas as pd

    from geo.store.corrections import apply_corrections

    frame = pd.DataFrame([{k: v for k, v in m.items() if k not in ("passage", "reason", "bbox")} for m in mentions])
    frame.insert(0, "article_id", article_id)
    keep = {(m["start"], m["end"]): m for m in mentions}
    out = []
    for row in apply_corrections(frame, dataset).to_dict("records"):
        original = keep.get((row["start"], row["end"]), {})
        merged = {**original, **row, "bbox": original.get("bbox") if row["place_id"] == original.get("place_id")
                  else None}
        for key, value in merged.items():
            if isinstance(value, float) and value != value:  # NaN from the table → null in JSON
                merged[key] = None
        if merged.get("passage_start") is not None:
            merged["passage"] = text[int(merged["passage_start"]):int(merged["passage_end"])]
        out.append(merged)
    return out


def run_geoparse(args: argparse.Namespace) -> int:
    """Handler of ``atlas geoparse``."""
    if (args.path is None) == (args.article is None):
        raise IngestError("give a text file or --article ID (one of them)")
    dataset = load_dataset(args.data_dir)
    if args.article is not None:
        texts = dict(zip(dataset.articles["id"], dataset.articles["text"], strict=True))
        if args.article not in texts:
            raise IngestError(f"--article {args.article!r}: no such article in {dataset.data_dir / 'articles'}")
        text = texts[args.article]
    else:
        text = _read_for_geoparse(Path(args.path), int(args.max_mb * MIB))
    mentions = compute_mentions(text, _gazetteer(dataset))
    mentions = _reviewed(mentions, text, dataset, args.article)
    fallback = _fallback(args, dataset.data_dir)
    rows = []
    for mention in mentions:
        row = {key: mention.get(key) for key in GEOPARSE_FIELDS}
        if "review" in mention:
            row["review"] = mention["review"]
        passage = mention.get("passage")
        if passage is None and mention.get("passage_start") is not None:
            passage = text[mention["passage_start"]:mention["passage_end"]]
        row["passage"] = passage
        if fallback is not None and row["place_id"] is None and row["surface"]:
            result = fallback.lookup(row["surface"])
            row["online"] = {"status": result.status, "error": result.error}
            if result.resolved:
                row.update(lat=result.answer.lat, lon=result.answer.lon, name=result.answer.display_name,
                           kind="online")
        rows.append(row)
    _save_answers(fallback, dataset.data_dir)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        where = (f"{row['place_id']} ({row['lat']:.4f}, {row['lon']:.4f})" if row["place_id"]
                 else "UNRESOLVED" if row["lat"] is None else f"online ({row['lat']:.4f}, {row['lon']:.4f})")
        review = f" [{row['review']}]" if row.get("review", "unreviewed") != "unreviewed" else ""
        print(f"{row['start']:>7}-{row['end']:<7} {row['surface']!r:<30} → {where} confidence {row['confidence']}"
              f"{review}")
    unresolved = sum(row["place_id"] is None for row in rows)
    print(f"{len(rows)} mention(s), {unresolved} unresolved", file=sys.stderr)
    return 0
