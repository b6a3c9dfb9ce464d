"""``atlas correct``: review a mention from the command line — what the dashboard's review panel records.

Names a span by the article and its surface form (``--occurrence N``, ``--at OFFSET`` or ``--all`` when the
name occurs more than once) and records one decision per occurrence in ``corrections.csv``: ``--accept`` the
engine's place, ``--place ID`` another place, ``--not-a-place``, or ``--new-place`` (added to ``places.csv`` with
``coord_source`` "user: …"). A span the engine missed gets an ``add`` decision.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys

from geo.cli.check import add_data_dir_argument
from geo.core.errors import IngestError
from geo.core.vocabulary import PLACE_KINDS
from geo.dataset import Dataset, load_dataset, resolve_data_dir
from geo.dataset.corrections import LONG_TAIL_ID
from geo.dataset.tables import slugify
from geo.store.corrections import Correction, record_corrections, user_place_row

__all__ = ["occurrences", "register"]


def register(sub) -> None:
    """Add ``correct`` to the ``atlas`` parser."""
    parser = sub.add_parser(
        "correct", help="accept, correct, reject or add a place mention (recorded in corrections.csv)",
        description="Record a review decision about the name SURFACE in article ARTICLE: accept the engine's place, "
        "name another place, mark it not a place, or add a new place. Decisions are kept in corrections.csv, "
        "checked by `atlas check` and applied on every load and reindex. Exit 1 when the decision is refused.")
    parser.add_argument("article", metavar="ARTICLE", help="the article's id (see data/articles/)")
    parser.add_argument("surface", metavar="SURFACE", help="the name exactly as the article writes it")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--occurrence", type=int, metavar="N", help="the N-th occurrence of SURFACE (from 1)")
    which.add_argument("--at", type=int, metavar="OFFSET", help="the occurrence starting at this character offset")
    which.add_argument("--all", action="store_true", help="every occurrence of SURFACE in the article")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--accept", action="store_true", help="the engine's place is right (pins it)")
    action.add_argument("--place", metavar="ID", help="the name means this place (places.csv id or geonames:<id>)")
    action.add_argument("--not-a-place", action="store_true", help="the name is not a place here")
    action.add_argument("--new-place", action="store_true",
                        help="add a place the gazetteer lacks (with --kind, --lat, --lon, --country, --coord-source)")
    new = parser.add_argument_group("a new place (--new-place)")
    new.add_argument("--name", help="the place's name (default: SURFACE)")
    new.add_argument("--id", dest="place_id", help="its id (default: made from the name)")
    new.add_argument("--kind", choices=PLACE_KINDS)
    new.add_argument("--lat", type=float)
    new.add_argument("--lon", type=float)
    new.add_argument("--country", default="", help="ISO 3166-1 alpha-2 code, e.g. RU")
    new.add_argument("--coord-source", help="where the coordinates come from (a map, a source, a survey…)")
    parser.add_argument("--note", default="", help="why (kept with the decision)")
    parser.add_argument("--json", action="store_true", help="print the recorded decisions as JSON")
    add_data_dir_argument(parser)
    parser.set_defaults(func=run_correct)


def occurrences(text: str, surface: str) -> list[int]:
    """Start offsets of every occurrence of ``surface`` in ``text`` as a name of its own: not inside a longer
    word ("Russia" in "Russian")."""
    if not surface:
        return []
    return [m.start() for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text)]


def run_correct(args: argparse.Namespace) -> int:
    """Handler of ``atlas correct``."""
    root = resolve_data_dir(args.data_dir)
    dataset = load_dataset(root)
    texts = dict(zip(dataset.articles["id"], dataset.articles["text"], strict=True))
    if args.article not in texts:
        raise IngestError(f"no article {args.article!r} in {root / 'articles'}")
    text = texts[args.article]
    starts = _selected(text, args)
    mentions = _current_mentions(dataset, args.article)
    new_places = []
    place_id = args.place
    if args.new_place:
        row = _new_place(args, dataset)
        new_places.append(row)
        place_id = row["id"]
    elif place_id is not None:
        _check_place_id(place_id, dataset)
    decisions = [_decision(args, start, mentions, place_id) for start in starts]
    record_corrections(root, dataset, decisions, new_places)
    if args.json:
        print(json.dumps({"corrections": [dataclasses.asdict(d) for d in decisions], "places_added": new_places},
                         ensure_ascii=False, indent=2))
    else:
        for d in decisions:
            target = f" → {d.place_id}" if d.place_id else ""
            print(f"recorded: {d.article_id} {d.start}–{d.end} {d.surface!r}: {d.action}{target}")
        for row in new_places:
            print(f"added place {row['id']} ({row['name']}, {row['kind']}, {row['lat']}, {row['lon']}) to places.csv")
    if new_places:
        print("note: places.csv changed, so the mention caches are stale: run `atlas reindex` (until then they are "
              "recomputed whenever the corpus is loaded)", file=sys.stderr)
    return 0


def _selected(text: str, args: argparse.Namespace) -> list[int]:
    found = occurrences(text, args.surface)
    if not found:
        raise IngestError(f"{args.surface!r} does not occur in article {args.article!r} (give the name exactly as "
                          "the article writes it, with its capitals and accents)")
    listing = ", ".join(f"#{i} at {s} (…{_context(text, s, len(args.surface))}…)" for i, s in enumerate(found, 1))
    if args.all:
        return found
    if args.at is not None:
        if args.at not in found:
            raise IngestError(f"no occurrence of {args.surface!r} starts at {args.at}; occurrences: {listing}")
        return [args.at]
    if args.occurrence is not None:
        if not 1 <= args.occurrence <= len(found):
            raise IngestError(f"--occurrence {args.occurrence}: {args.surface!r} occurs {len(found)} time(s): "
                              f"{listing}")
        return [found[args.occurrence - 1]]
    if len(found) > 1:
        raise IngestError(f"{args.surface!r} occurs {len(found)} times — choose with --occurrence N, --at OFFSET "
                          f"or --all: {listing}")
    return found


def _context(text: str, start: int, length: int) -> str:
    return " ".join(text[max(0, start - 25):start + length + 25].split())


def _current_mentions(dataset: Dataset, article_id: str) -> dict[tuple[int, int], dict]:
    """The article's mentions as the dashboard shows them (engine + earlier decisions), by span."""
    from geo.store.mentions import load_mentions

    one = dataclasses.replace(dataset, articles=dataset.articles[dataset.articles["id"] == article_id])
    frame = load_mentions(one)
    return {(int(r["start"]), int(r["end"])): r for r in frame.to_dict("records")}


def _decision(args: argparse.Namespace, start: int, mentions: dict, place_id: str | None) -> Correction:
    end = start + len(args.surface)
    found = mentions.get((start, end))
    engine_place = found["place_id"] if found is not None and isinstance(found["place_id"], str) else None
    where = f"{args.surface!r} at {start}–{end}"
    if args.not_a_place:
        if found is None:
            raise IngestError(f"{where} is not a mention (the engine found no place there): nothing to reject")
        action = "reject"
    elif args.accept:
        if engine_place is None:
            raise IngestError(f"{where} has no place to accept — name one with --place ID or --new-place")
        action, place_id = "accept", engine_place
    else:
        action = "add" if found is None or found.get("review") == "added" else "correct"
    return Correction(args.article, start, end, args.surface, action, place_id or "", args.note)


def _check_place_id(place_id: str, dataset: Dataset) -> None:
    if place_id in set(dataset.places["id"]):
        return
    if LONG_TAIL_ID.fullmatch(place_id):
        from geo.gazetteer.longtail import default_long_tail

        if default_long_tail().by_id(place_id) is not None:
            return
    raise IngestError(f"--place {place_id!r} names no place (use an id from places.csv, a GeoNames id like "
                      "geonames:2013348 — `atlas geocode NAME` lists candidates — or --new-place)")


def _new_place(args: argparse.Namespace, dataset: Dataset) -> dict:
    missing = [flag for flag, value in (("--kind", args.kind), ("--lat", args.lat), ("--lon", args.lon),
                                        ("--coord-source", args.coord_source)) if value is None]
    if missing:
        raise IngestError(f"--new-place needs {', '.join(missing)}")
    name = args.name or args.surface
    place_id = args.place_id or slugify(name)
    if place_id in set(dataset.places["id"]):
        raise IngestError(f"a place with id {place_id!r} exists already — use --place {place_id}, or give "
                          "another --id")
    return user_place_row(place_id, name, args.kind, args.lat, args.lon, args.country, args.coord_source,
                          args.note)
