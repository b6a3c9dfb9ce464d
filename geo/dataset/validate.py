"""Cross-table checks: unique keys, references that resolve, quotes that occur verbatim, dates in order."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict

import pandas as pd

from geo.core.errors import Problem
from geo.dataset.corrections import check_corrections
from geo.dataset.dates import UNKNOWN_DATE, parse_partial_date, precision_of
from geo.dataset.schema import TABLES, TRANSNATIONAL_KINDS

__all__ = ["find_quote_problem", "validate_references"]

def validate_references(tables: dict[str, pd.DataFrame], problems: list[Problem], warnings: list[Problem],
                        unreadable_articles: set[str] = frozenset()) -> None:
    """Append a Problem for every broken reference, duplicate key, misplaced quote or impossible date.

    References to ``unreadable_articles`` (files that exist but failed to load, already reported) are not
    reported again.
    """
    places = tables["places"]
    _unique(places, ("id",), problems, file_column="file")
    for name in ("sources", "events", "journeys", "stops", "rail_segments"):
        if TABLES[name].key:
            _unique(tables[name], TABLES[name].key, problems, file=TABLES[name].file)
    articles = tables["articles"]
    _unique_articles(articles, problems)

    place_ids = set(places["id"].dropna())
    source_keys = set(tables["sources"]["key"].dropna())
    event_ids = set(tables["events"]["id"].dropna())
    journey_ids = set(tables["journeys"]["id"].dropna())
    texts: dict[str, str | None] = dict.fromkeys(unreadable_articles)
    texts.update(zip(articles["id"], articles["text"], strict=True))

    def ref(file, line, column, value, known, what, fix_where):
        if value and value not in known:
            guess = difflib.get_close_matches(value, sorted(known), n=1)
            hint = f"did you mean {guess[0]!r}? " if guess else ""
            problems.append(Problem(file, line, column, value, f"{column} names no {what}",
                                    f"{hint}add it to {fix_where} or correct the id"))

    for row in places.to_dict("records"):
        if not row["country"] and row["kind"] and row["kind"] not in TRANSNATIONAL_KINDS:
            problems.append(Problem(row["file"], row["_line"], "country", "", "country is empty",
                                    f"give the ISO 3166-1 alpha-2 code (only {' and '.join(TRANSNATIONAL_KINDS)} "
                                    "places may span several countries)"))
        ref(row["file"], row["_line"], "parent_id", row["parent_id"], place_ids, "place", "places.csv")
        if row["parent_id"] and row["parent_id"] == row["id"]:
            problems.append(Problem(row["file"], row["_line"], "parent_id", row["parent_id"],
                                    "place is its own parent", "leave parent_id empty or name the enclosing place"))

    for row in articles.to_dict("records"):
        rel = f"articles/{row['id']}.md"
        ref(rel, None, "dateline_place_id", row["dateline_place_id"], place_ids, "place", "places.csv")
        if row["published"] == "" and row["published_precision"] == UNKNOWN_DATE:
            continue  # undated: listed as such, kept off the timeline
        try:
            parse_partial_date(row["published"])
        except ValueError as exc:
            problems.append(Problem(rel, None, "published", row["published"], str(exc),
                                    "write the publication date as YYYY, YYYY-MM or YYYY-MM-DD"))
        else:
            _check_precision(rel, None, "published", row["published"], row["published_precision"], problems)

    _check_sources(tables["sources"], problems)

    file = TABLES["events"].file
    for row in tables["events"].to_dict("records"):
        line = row["_line"]
        ref(file, line, "venue_place_id", row["venue_place_id"], place_ids, "place", "places.csv")
        _check_span(file, line, row, problems)
        for party in row["parties"] or ():
            if not re.fullmatch(r"[A-Z]{2}", party):
                problems.append(Problem(file, line, "parties", party, "party is not a two-letter country code",
                                        "use ISO 3166-1 alpha-2 codes separated by |, e.g. KP|RU"))

    file = TABLES["event_sources"].file
    sourced = set()
    for row in tables["event_sources"].to_dict("records"):
        line = row["_line"]
        ref(file, line, "event_id", row["event_id"], event_ids, "event", "events.csv")
        ref(file, line, "source_key", row["source_key"], source_keys, "source", "sources.csv")
        _check_passage(file, line, row, texts, problems)
        if not row["source_key"] and not (row["article_id"] and row["quote"]):
            problems.append(Problem(file, line, None, None, "row cites nothing",
                                    "give a source_key, or an article_id with a verbatim quote"))
        else:
            sourced.add(row["event_id"])
    for row in tables["events"].to_dict("records"):
        if row["id"] and row["id"] not in sourced:
            problems.append(Problem(TABLES["events"].file, row["_line"], "id", row["id"], "event has no source",
                                    "add a row for it to event_sources.csv"))

    file = TABLES["journeys"].file
    for row in tables["journeys"].to_dict("records"):
        ref(file, row["_line"], "event_id", row["event_id"], event_ids, "event", "events.csv")
        for key in row["sources"] or ():
            ref(file, row["_line"], "sources", key, source_keys, "source", "sources.csv")

    _check_stops(tables["stops"], place_ids, journey_ids, source_keys, texts, ref, problems)
    for row in tables["journeys"].to_dict("records"):
        if row["id"] and (tables["stops"]["journey_id"] == row["id"]).sum() < 2:
            problems.append(Problem(file, row["_line"], "id", row["id"], "journey has fewer than two stops",
                                    "list its stops in journey_stops.csv"))

    check_corrections(tables["corrections"], texts, place_ids, problems)

    file = TABLES["rail_segments"].file
    for row in tables["rail_segments"].to_dict("records"):
        line = row["_line"]
        ref(file, line, "from_id", row["from_id"], place_ids, "place", "places.csv or rail_stations.csv")
        ref(file, line, "to_id", row["to_id"], place_ids, "place", "places.csv or rail_stations.csv")
        if row["from_id"] and row["from_id"] == row["to_id"]:
            problems.append(Problem(file, line, "to_id", row["to_id"], "segment starts and ends at the same station",
                                    "a segment joins two different adjacent stations"))
        if row["km"] is not None and row["km"] <= 0:
            problems.append(Problem(file, line, "km", row["km"], "segment length must be positive",
                                    "give the km-post difference or the geodesic length"))
        if row["km_basis"] in ("official", "prorata") and not row["km_source"]:
            problems.append(Problem(file, line, "km_source", "", f"a {row['km_basis']} length cites no source",
                                    "name the publisher, title and URL of the km posts or line length"))
    _check_prorata_runs(file, tables["rail_segments"], problems)


def _check_prorata_runs(file, segments, problems) -> None:
    # A pro-rata share is only exact with the rest of its run (same line and km_source); a run of one segment
    # is that segment's own published length, so it is official, not a share.
    runs: dict[tuple, list[int]] = defaultdict(list)
    for row in segments.to_dict("records"):
        if row["km_basis"] == "prorata":
            runs[(row["line"], row["km_source"])].append(row["_line"])
    for lines in runs.values():
        if len(lines) == 1:
            problems.append(Problem(file, lines[0], "km_basis", "prorata", "a pro-rata run has a single segment",
                                    "a published length of exactly this segment is km_basis official"))


def _check_sources(sources: pd.DataFrame, problems: list[Problem]) -> None:
    """Each bibliography row stands alone: it has a date, or its note says why not; a URL, or its note says why
    not; and ``url`` is the first of ``urls`` (the one the dashboard links the title to)."""
    file = TABLES["sources"].file
    # A malformed cell was reported when the file was read and then emptied: it is not also "empty".
    reported = {(p.line, p.field) for p in problems if p.file == file}
    for row in sources.to_dict("records"):
        line, note = row["_line"], (row["note"] or "").lower()
        if row["date"] == "" and "date" not in note and (line, "date") not in reported:
            problems.append(Problem(file, line, "date", "", "date is empty and the note does not say why",
                                    "write when the source was published (YYYY, YYYY-MM or YYYY-MM-DD), or say "
                                    "in note why there is none, e.g. 'undated: a wiki page'"))
        if (line, "url") in reported or (line, "urls") in reported:
            continue
        if row["url"] == "" and "url" not in note:
            problems.append(Problem(file, line, "url", "", "url is empty and the note does not say why",
                                    "give the address of the source, or say in note why there is none, e.g. "
                                    "'no URL: print edition'"))
        urls = row["urls"] or ()
        if row["url"] and urls and row["url"] != urls[0]:
            problems.append(Problem(file, line, "url", row["url"], f"url is not the first of urls ({urls[0]!r})",
                                    "put the main address first in urls and copy it into url"))
        elif row["url"] and not urls:
            problems.append(Problem(file, line, "urls", "", "urls is empty but url is given",
                                    "list every address of the source in urls, the url first"))
        elif not row["url"] and urls:
            problems.append(Problem(file, line, "url", "", "url is empty but urls lists addresses",
                                    f"copy the first of urls into url ({urls[0]!r})"))


def _check_stops(stops, place_ids, journey_ids, source_keys, texts, ref, problems) -> None:
    file = TABLES["stops"].file
    seqs: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for row in stops.to_dict("records"):
        line = row["_line"]
        ref(file, line, "journey_id", row["journey_id"], journey_ids, "journey", "journeys.csv")
        ref(file, line, "place_id", row["place_id"], place_ids, "place", "places.csv")
        for key in row["sources"] or ():
            ref(file, line, "sources", key, source_keys, "source", "sources.csv")
        _check_passage(file, line, row, texts, problems)
        if row["date"]:
            _check_precision(file, line, "date", row["date"], row["date_precision"], problems)
        if row["seq"] is not None and row["journey_id"]:
            seqs[row["journey_id"]].append((row["seq"], line))
            if row["seq"] > 1 and not row["mode"]:
                problems.append(Problem(file, line, "mode", "", "no mode for the leg into this stop",
                                        "say how the traveller got here: armoured_train, aircraft, car, …"))
        _check_route(file, line, row, problems)
    for journey, pairs in seqs.items():
        numbers = sorted(seq for seq, _ in pairs)
        if numbers != list(range(1, len(numbers) + 1)):
            line = min(line for _, line in pairs)
            problems.append(Problem(file, line, "seq", numbers, f"stops of journey {journey!r} are not numbered "
                                    "1, 2, 3… without gaps", "renumber them in travel order"))


def _check_route(file: str, line: int, row: dict, problems: list[Problem]) -> None:
    """A leg marked as not reported is drawn as uncertain with the stop's ``uncertain`` text as the reason: there must
    be a leg (not the first stop) and a reason."""
    if not row["route"]:
        return
    if row["seq"] == 1:
        problems.append(Problem(file, line, "route", row["route"], "the first stop has no leg into it",
                                "leave route empty on seq 1"))
    elif not row["uncertain"]:
        problems.append(Problem(file, line, "uncertain", "", f"route is {row['route']} but uncertain does not say why",
                                "say in uncertain what the sources leave open, e.g. 'return route UNCONFIRMED'"))


def _check_span(file: str, line: int, row: dict, problems: list[Problem]) -> None:
    ok = True
    if row["end_precision"] == UNKNOWN_DATE:
        if row["end"]:   # a date and "unknown" contradict each other
            problems.append(Problem(file, line, "end_precision", UNKNOWN_DATE, f"end {row['end']!r} is given but "
                                    "end_precision says it is unknown",
                                    "set end_precision to the date's precision, or empty end if no source gives it"))
        ok = False
    elif not row["end"] and row["end_precision"]:
        problems.append(Problem(file, line, "end", "", "end is empty",
                                f"write the end date, or set end_precision to {UNKNOWN_DATE!r} when no source "
                                "gives it (never repeat the start: that reads as a one-day event)"))
        ok = False
    for column in ("start", "end"):
        if row[column] and row[f"{column}_precision"] not in (None, UNKNOWN_DATE):
            ok &= _check_precision(file, line, column, row[column], row[f"{column}_precision"], problems)
    if ok and row["start"] and row["end"]:
        first, _ = parse_partial_date(row["start"])
        _, last = parse_partial_date(row["end"])
        if first > last:
            problems.append(Problem(file, line, "end", row["end"], f"ends before it starts ({row['start']})",
                                    "swap start and end, or correct the year"))


def _check_precision(file, line, column, value, precision, problems) -> bool:
    if not value:
        return True
    actual = precision_of(value)
    if precision and actual != precision:
        problems.append(Problem(file, line, f"{column}_precision", precision,
                                f"{column} {value!r} is written at {actual} precision",
                                f"set {column}_precision to {actual!r} or write the date at {precision} precision"))
        return False
    return True


def _check_passage(file: str, line: int, row: dict, texts: dict[str, str], problems: list[Problem]) -> None:
    article_id, quote = row.get("article_id"), row.get("quote")
    if quote and not article_id:
        problems.append(Problem(file, line, "article_id", "", "quote without article_id",
                                "name the article the quote comes from"))
        return
    if article_id and article_id not in texts:
        guess = difflib.get_close_matches(article_id, sorted(texts), n=1)
        hint = f"did you mean {guess[0]!r}? " if guess else ""
        problems.append(Problem(file, line, "article_id", article_id, "article_id names no article",
                                f"{hint}articles are data/articles/<id>.md"))
        return
    if article_id and not quote:
        problems.append(Problem(file, line, "quote", "", "article_id without a quote",
                                "copy the passage that supports this row, verbatim"))
        return
    if article_id and quote and texts[article_id] is not None:
        message = find_quote_problem(quote, texts[article_id])
        if message:
            problems.append(Problem(file, line, "quote", quote, f"quote is not verbatim in {article_id}",
                                    message))


_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-", "\u00a0": " "})


def find_quote_problem(quote: str, text: str) -> str:
    """Empty string if ``quote`` occurs verbatim in ``text``; otherwise a hint on what differs."""
    if quote in text:
        return ""
    folded_text = " ".join(text.translate(_FOLD).split())
    folded_quote = " ".join(quote.translate(_FOLD).split())
    if folded_quote in folded_text:
        return "it differs only in quote marks, dashes or spacing — copy the characters exactly from the article"
    if folded_quote.lower() in folded_text.lower():
        return "it differs only in upper/lower case — copy it exactly"
    return "copy the passage exactly from the article text (after its front matter)"


def _unique(frame: pd.DataFrame, key: tuple[str, ...], problems: list[Problem], *, file: str | None = None,
            file_column: str | None = None) -> None:
    first_seen: dict[tuple, tuple[str, int]] = {}
    for row in frame.to_dict("records"):
        value = tuple(row[k] for k in key)
        if any(v is None or v == "" for v in value):
            continue
        where = row[file_column] if file_column else file
        if value in first_seen:
            other_file, other_line = first_seen[value]
            shown = value[0] if len(value) == 1 else value
            at = f"line {other_line}" if other_file == where else f"{other_file} line {other_line}"
            problems.append(Problem(where, row["_line"], "/".join(key), shown, f"duplicate {'/'.join(key)} "
                                    f"(first at {at})", "ids must be unique: rename or merge the two rows"))
        else:
            first_seen[value] = (where, row["_line"])


def _unique_articles(articles: pd.DataFrame, problems: list[Problem]) -> None:
    seen: dict[str, str] = {}
    for row in articles.to_dict("records"):
        if row["text_sha256"] in seen:
            problems.append(Problem(f"articles/{row['id']}.md", None, "text", None,
                                    f"same text as articles/{seen[row['text_sha256']]}.md",
                                    "delete one of the two copies"))
        else:
            seen[row["text_sha256"]] = row["id"]
