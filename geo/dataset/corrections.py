"""The checks on ``corrections.csv``: people's decisions about the geoparser's mentions (see docs/review.md).

One row is one decision about one span of one article: ``accept`` the place the engine chose, ``correct`` it to
another place, ``reject`` it (not a place) or ``add`` a name the engine missed. A decision stands only while its
span still holds its surface form in the article's text, so every row is checked against the text; two rows on the
same span, or two overlapping rows that each name a place, contradict each other.

Long-tail place ids (``geonames:<id>``, ``iso3166-2:<code>``…) are checked for their form here and for existence
by ``geo.store.corrections`` (the dataset layer does not load the GeoNames index).
"""

from __future__ import annotations

import re
from datetime import datetime

import pandas as pd

from geo.core.errors import Problem

__all__ = ["CORRECTION_ACTIONS", "LONG_TAIL_ID", "PLACE_ACTIONS", "check_corrections"]

#: What a person can decide about a mention.
CORRECTION_ACTIONS = ("accept", "correct", "reject", "add")
#: The actions that say which place the span names (``reject`` names none).
PLACE_ACTIONS = ("accept", "correct", "add")
#: Ids of places that live in the GeoNames long tail rather than in places.csv.
LONG_TAIL_ID = re.compile(r"(?:geonames:\d+|iso3166-1:[A-Z]{2}|iso3166-2:[A-Z0-9]{1,3}-[A-Z0-9]{1,3}|fips:\d{5})")
FILE = "corrections.csv"


def check_corrections(corrections: pd.DataFrame, texts: dict[str, str | None], place_ids: set[str],
                      problems: list[Problem]) -> None:
    """Append a Problem for every correction that names no article or place, whose span no longer holds its
    surface form, whose action and place disagree, whose time is not ISO 8601, or that contradicts another.

    ``texts``: article id → text (None for an article that exists but failed to load, already reported).
    """
    by_article: dict[str, list[dict]] = {}
    for row in corrections.to_dict("records"):
        line, article_id = row["_line"], row["article_id"]
        if article_id and article_id not in texts:
            problems.append(Problem(FILE, line, "article_id", article_id, "article_id names no article",
                                    "correct the id, or delete the row if the article was removed"))
        elif article_id and texts[article_id] is not None:
            _check_span(line, row, texts[article_id], problems)
        _check_place(line, row, place_ids, problems)
        if row["time"]:
            try:
                datetime.fromisoformat(row["time"])
            except ValueError:
                problems.append(Problem(FILE, line, "time", row["time"], "time is not an ISO 8601 date and time",
                                        "write it like 2026-12-05T09:30:00+00:00, or leave it empty"))
        if article_id and isinstance(row["start"], int) and isinstance(row["end"], int):
            by_article.setdefault(article_id, []).append(row)
    for rows in by_article.values():
        _check_contradictions(rows, problems)


def _check_span(line: int, row: dict, text: str, problems: list[Problem]) -> None:
    start, end, surface = row["start"], row["end"], row["surface"]
    if start is None or end is None or not surface:
        return  # already reported as empty or not a number
    if not 0 <= start < end:
        problems.append(Problem(FILE, line, "end", end, f"span {start}–{end} is empty or negative",
                                "start and end are character offsets into the article text, start < end"))
        return
    found = text[start:end]
    if found == surface:
        return
    where = [m.start() for m in re.finditer(re.escape(surface), text)]
    if where:
        nearest = min(where, key=lambda pos: abs(pos - start))
        fix = (f"the article now has {surface!r} at {nearest}–{nearest + len(surface)}: set start and end to that "
               "if it is the same occurrence, or delete the row")
    else:
        fix = f"{surface!r} no longer occurs in the article: delete the row or review the article again"
    shown = found if end <= len(text) else f"{found}… (the text ends at {len(text)})"
    problems.append(Problem(FILE, line, "start", f"{start}–{end} holds {shown!r}",
                            f"span no longer matches the article's text (expected {surface!r})", fix))


def _check_place(line: int, row: dict, place_ids: set[str], problems: list[Problem]) -> None:
    action, place_id = row["action"], row["place_id"]
    if action in PLACE_ACTIONS and not place_id:
        problems.append(Problem(FILE, line, "place_id", "", f"a correction with action {action!r} names no place",
                                "give the place's id (from places.csv, or geonames:<id>)"))
    elif action == "reject" and place_id:
        problems.append(Problem(FILE, line, "place_id", place_id, "a rejected mention names a place",
                                "leave place_id empty for 'reject', or use action 'correct'"))
    elif place_id and place_id not in place_ids and not LONG_TAIL_ID.fullmatch(place_id):
        import difflib

        guess = difflib.get_close_matches(place_id, sorted(place_ids), n=1)
        hint = f"did you mean {guess[0]!r}? " if guess else ""
        problems.append(Problem(FILE, line, "place_id", place_id, "place_id names no place",
                                f"{hint}add the place to places.csv, or use a GeoNames id like geonames:2013348"))


def _check_contradictions(rows: list[dict], problems: list[Problem]) -> None:
    rows = sorted(rows, key=lambda r: (r["start"], r["end"], r["_line"]))
    seen: dict[tuple[int, int], dict] = {}
    open_places: list[dict] = []  # place-naming rows whose span may still overlap the next one
    for row in rows:
        span = (row["start"], row["end"])
        first = seen.get(span)
        if first is not None:
            same = (first["action"], first["place_id"]) == (row["action"], row["place_id"])
            problems.append(Problem(
                FILE, row["_line"], "action", row["action"],
                f"{'repeats' if same else 'contradicts'} the correction on line {first['_line']} for the same span",
                "keep one row per span: delete this one" if same else
                f"decide between them and delete the other (line {first['_line']} says {first['action']!r}"
                + (f" {first['place_id']}" if first["place_id"] else "") + ")"))
            continue
        seen[span] = row
        if row["action"] not in PLACE_ACTIONS:
            continue
        open_places = [r for r in open_places if r["end"] > row["start"]]
        for other in open_places:
            problems.append(Problem(
                FILE, row["_line"], "start", f"{row['start']}–{row['end']}",
                f"overlaps the correction on line {other['_line']} ({other['start']}–{other['end']}, "
                f"{other['surface']!r}), and both name a place",
                "one span names one place: delete one of the rows, or 'reject' the shorter span"))
        open_places.append(row)
