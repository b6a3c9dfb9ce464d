"""Checks of the curated history tables (events, sources, journeys, stops) that do not need the loader.

These read the CSV files directly, so a curator gets a precise failure (which row, which value) while editing,
even when another table of the dataset is still incomplete. The loader (`atlas check`) validates the same files
again as part of the whole dataset.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

from geo.dataset.articles import parse_article
from geo.dataset.dates import UNKNOWN_DATE, parse_partial_date, precision_of
from geo.dataset.schema import EVENT_KINDS, LEG_MODES, ROUTE_UNREPORTED, TRAVEL_MODES

DATA = Path(__file__).resolve().parent.parent / "data"

# The events of the research notes' event summary, except Gorbachev's expected 1987 visit to Pyongyang, which
# never happened (see docs/history-data.md).
SUMMARY_EVENTS = [
    "1949-kim-il-sung-stalin-moscow", "1956-kim-il-sung-khrushchev-moscow", "1961-kim-il-sung-khrushchev-treaty",
    "1984-kim-il-sung-chernenko-moscow", "1986-shevardnadze-pyongyang", "1986-kim-il-sung-gorbachev-moscow",
    "1990-shevardnadze-pyongyang", "2000-putin-kim-jong-il-pyongyang", "2001-kim-jong-il-putin-moscow",
    "2002-kim-jong-il-putin-vladivostok", "2011-kim-jong-il-medvedev-sosnovy-bor", "2019-kim-jong-un-putin-vladivostok",
    "2023-shoigu-pyongyang", "2023-kim-jong-un-putin-vostochny", "2024-putin-kim-jong-un-pyongyang",
    "2025-kim-jong-un-putin-beijing",
]
JOURNEY_YEARS = [1949, 1984, 2000, 2001, 2002, 2011, 2019, 2023, 2024, 2025]
# Every key of the research notes' source list (there is no S81, S85 or S86).
SOURCE_KEYS = ([f"S{n}" for n in range(1, 81)] + ["S1b", "S26b", "S59b", "S82", "S83", "S84", "S86b"])
# Events whose dates or details the sources leave UNCONFIRMED: the `uncertain` cell must say so.
UNCONFIRMED_EVENTS = ["1956-kim-il-sung-khrushchev-moscow", "1961-kim-il-sung-khrushchev-treaty",
                      "1984-kim-il-sung-chernenko-moscow", "1986-shevardnadze-pyongyang",
                      "1986-kim-il-sung-gorbachev-moscow", "1990-shevardnadze-pyongyang",
                      "2002-kim-jong-il-putin-vladivostok", "2025-kim-jong-un-putin-beijing"]
# Events reported only by the corpus (not in the event summary): (event id, article id).
CORPUS_EVENTS = [
    ("1985-soviet-navy-wonsan", "reuters-1986-12-03"),
    ("1986-lizichev-pyongyang", "reuters-1986-12-03"),
    ("2011-russian-military-delegation-pyongyang", "ap-2011-08-22"),
]


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    """Rows of data/<name> as dicts, each with its physical line number under ``_line``."""
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return tuple({**row, "_line": str(number)} for number, row in enumerate(csv.DictReader(handle), start=2))


def split(cell: str) -> list[str]:
    return [item for item in cell.split("|") if item]


def passages() -> list[tuple[str, str, str]]:
    """Every (where, article_id, quote) of event_sources.csv and journey_stops.csv."""
    found = []
    for name in ("event_sources.csv", "journey_stops.csv"):
        for row in rows(name):
            if row["article_id"] or row["quote"]:
                found.append((f"{name}:{row['_line']}", row["article_id"], row["quote"]))
    return found


@cache
def article_text(article_id: str) -> str:
    path = DATA / "articles" / f"{article_id}.md"
    return parse_article(path.read_text(encoding="utf-8"), path)["text"]


@cache
def place_ids() -> frozenset[str]:
    """Ids of data/places.csv plus data/rail_stations.csv (the gazetteer)."""
    ids = set()
    for name in ("places.csv", "rail_stations.csv"):
        if (DATA / name).exists():
            ids |= {row["id"] for row in rows(name)}
    return frozenset(ids)


@pytest.mark.parametrize("event_id", SUMMARY_EVENTS)
def test_summary_event_present_exactly_once(event_id):
    matches = [row["_line"] for row in rows("events.csv") if row["id"] == event_id]
    assert len(matches) == 1, f"{event_id} should be exactly one row of events.csv, found lines {matches}"


def test_expected_gorbachev_visit_is_not_an_event():
    visits = [row["id"] for row in rows("events.csv")
              if "Mikhail Gorbachev" in split(row["leaders"]) and row["venue_place_id"] == "pyongyang"]
    assert not visits, f"Gorbachev's expected visit to Pyongyang never happened and must not be an event: {visits}"


@pytest.mark.parametrize(("event_id", "article_id"), CORPUS_EVENTS)
def test_corpus_event_is_sourced_by_its_article(event_id, article_id):
    cited = {row["article_id"] for row in rows("event_sources.csv") if row["event_id"] == event_id}
    assert article_id in cited, f"{event_id} should cite a passage of {article_id}"


@pytest.mark.parametrize("event_id", UNCONFIRMED_EVENTS)
def test_unconfirmed_parts_stay_marked(event_id):
    (row,) = [row for row in rows("events.csv") if row["id"] == event_id]
    assert "UNCONFIRMED" in row["uncertain"], f"events.csv:{row['_line']}: the sources leave parts of {event_id} " \
        "unconfirmed; its `uncertain` cell must say UNCONFIRMED"


@pytest.mark.parametrize("year", JOURNEY_YEARS)
def test_journey_of_year_present(year):
    events = {row["id"] for row in rows("events.csv")}
    journeys = [row for row in rows("journeys.csv") if row["id"].startswith(f"{year}-")]
    assert journeys, f"no journey for {year}"
    for journey in journeys:
        assert journey["event_id"] in events, f"journey {journey['id']} names unknown event {journey['event_id']!r}"


def test_ids_unique():
    for name, column in (("events.csv", "id"), ("journeys.csv", "id"), ("sources.csv", "key")):
        values = [row[column] for row in rows(name)]
        duplicates = sorted({v for v in values if values.count(v) > 1})
        assert not duplicates, f"{name}: duplicate {column} {duplicates}"


def test_stop_seq_contiguous_per_journey():
    seqs = defaultdict(list)
    for row in rows("journey_stops.csv"):
        seqs[row["journey_id"]].append(int(row["seq"]))
    assert set(seqs) == {row["id"] for row in rows("journeys.csv")}, "every journey needs stops, every stop a journey"
    for journey, numbers in seqs.items():
        assert numbers == list(range(1, len(numbers) + 1)), f"{journey}: seq {numbers} is not 1, 2, 3… in file order"


def test_stop_modes_in_enum():
    for row in rows("journey_stops.csv"):
        where = f"journey_stops.csv:{row['_line']}"
        if row["seq"] == "1":
            assert row["mode"] == "", f"{where}: the first stop has no leg into it, leave mode empty"
        else:
            assert row["mode"] in LEG_MODES, f"{where}: mode {row['mode']!r} not in {LEG_MODES}"


def test_event_enums():
    for row in rows("events.csv"):
        assert row["kind"] in EVENT_KINDS, f"events.csv:{row['_line']}: kind {row['kind']!r}"
        assert row["mode"] in TRAVEL_MODES, f"events.csv:{row['_line']}: mode {row['mode']!r}"
        assert all(len(p) == 2 and p.isupper() for p in split(row["parties"])), row["parties"]


@pytest.mark.parametrize(("name", "column"), [("events.csv", "start"), ("events.csv", "end"),
                                              ("journey_stops.csv", "date")])
def test_dates_agree_with_precision(name, column):
    for row in rows(name):
        value = row[column]
        if value:
            parse_partial_date(value)
            assert precision_of(value) == row[f"{column}_precision"], f"{name}:{row['_line']}: {value!r}"
        elif column == "end":   # an event's end no source gives is written as unknown, never as the start again
            assert row["end_precision"] == UNKNOWN_DATE, f"{name}:{row['_line']}: empty end not marked unknown"
        else:
            assert not row[f"{column}_precision"], f"{name}:{row['_line']}: precision without a date"


def test_events_end_after_start():
    for row in rows("events.csv"):
        if row["end"]:
            assert parse_partial_date(row["start"])[0] <= parse_partial_date(row["end"])[1], \
                f"events.csv:{row['_line']}"


def test_1961_visit_end_is_unknown_not_the_treaty_day():
    (row,) = [row for row in rows("events.csv") if row["id"] == "1961-kim-il-sung-khrushchev-treaty"]
    assert (row["start"], row["end"], row["end_precision"]) == ("1961-07-06", "", UNKNOWN_DATE)


# Legs the sources leave open (journey_stops.csv `route`): (journey, seq of the stop the leg leads to).
OPEN_LEGS = [("1984-kim-il-sung-special-train", seq) for seq in (3, 4, 5, 18, 19, 20, 21, 22, 23, 24, 25)] + [
    ("2025-kim-jong-un-beijing", 2)]


def test_open_legs_are_marked_and_say_why():
    marked = {(row["journey_id"], int(row["seq"])): row for row in rows("journey_stops.csv") if row["route"]}
    assert sorted(marked) == sorted(OPEN_LEGS)
    for row in marked.values():
        assert row["route"] in ROUTE_UNREPORTED, f"journey_stops.csv:{row['_line']}"
        assert row["uncertain"], f"journey_stops.csv:{row['_line']}: say why the leg is open"


def test_stop_dates_never_go_backwards():
    last_seen: dict[str, tuple[str, object]] = {}
    for row in rows("journey_stops.csv"):
        if not row["date"]:
            continue
        first, last = parse_partial_date(row["date"])
        if row["journey_id"] in last_seen:
            previous, previous_first = last_seen[row["journey_id"]]
            assert previous_first <= last, f"journey_stops.csv:{row['_line']}: {row['date']} is before {previous}"
        last_seen[row["journey_id"]] = (row["date"], first)


@pytest.mark.parametrize(("where", "article_id", "quote"), passages())
def test_quote_occurs_verbatim(where, article_id, quote):
    assert article_id, f"{where}: a quote needs the article_id it comes from"
    assert quote, f"{where}: an article_id needs the verbatim quote it supports"
    assert quote in article_text(article_id), f"{where}: quote not verbatim in data/articles/{article_id}.md"


@pytest.mark.parametrize("key", SOURCE_KEYS)
def test_bibliography_entry_stands_alone(key):
    (row,) = [row for row in rows("sources.csv") if row["key"] == key]
    assert row["title"], f"{key} needs a title"
    assert row["publisher"], f"{key} needs a publisher or outlet"
    assert row["date"] or "date" in row["note"].lower(), f"{key}: no date and no reason in note"
    assert row["url"] or "url" in row["note"].lower(), f"{key}: no URL and no reason in note"
    urls = split(row["urls"])
    assert row["url"] == (urls[0] if urls else ""), f"{key}: url must be the first of urls"


def test_cited_source_keys_exist():
    known = {row["key"] for row in rows("sources.csv")}
    cited = [(f"event_sources.csv:{r['_line']}", r["source_key"]) for r in rows("event_sources.csv") if r["source_key"]]
    cited += [(f"journeys.csv:{r['_line']}", k) for r in rows("journeys.csv") for k in split(r["sources"])]
    cited += [(f"journey_stops.csv:{r['_line']}", k) for r in rows("journey_stops.csv") for k in split(r["sources"])]
    unknown = [(where, key) for where, key in cited if key not in known]
    assert not unknown, f"source keys missing from sources.csv: {unknown}"


def test_every_event_has_a_source():
    sourced = {row["event_id"] for row in rows("event_sources.csv") if row["source_key"] or row["quote"]}
    unsourced = [row["id"] for row in rows("events.csv") if row["id"] not in sourced]
    assert not unsourced, f"events without a source row: {unsourced}"


def used_places() -> dict[str, list[str]]:
    """Place id -> the rows (file:line) that use it, for events' venues and journey stops."""
    used = defaultdict(list)
    for row in rows("events.csv"):
        used[row["venue_place_id"]].append(f"events.csv:{row['_line']}")
    for row in rows("journey_stops.csv"):
        used[row["place_id"]].append(f"journey_stops.csv:{row['_line']}")
    return dict(sorted(used.items()))


@pytest.mark.parametrize(("place_id", "where"), used_places().items())
def test_place_id_exists(place_id, where):
    assert place_id in place_ids(), f"{place_id!r} (used at {', '.join(where)}) is in no gazetteer file"
