"""The checks across tables (``geo.dataset.validate``): keys, references, quotes, dates, stops and rail segments —
each broken row reported once at its file, line and field; each edge case that is fine left alone.

The fixture is tests/fixtures/mini; each case edits a copy (``(file, old, new)``, the first occurrence)."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.core.errors import DatasetError
from geo.dataset import load_dataset

ARTICLE = "articles/test-2019-04-24.md"
EVENT = "2019-kim-putin-vladivostok"
JOURNEY = "2019-kim-jong-un-vladivostok"
SOURCE = ("S54,[Kim Jong-un arrives at Khasan and Vladivostok],Arirang; TASS,,2019-04-24,"
          "https://www.arirang.com/News/News_View.asp?nseq=235934,,"
          "https://www.arirang.com/News/News_View.asp?nseq=235934|https://tass.com/world/1055288,")
STOP_2 = f"{JOURNEY},2,vladivostok,2019-04-24,day,~18:00,armoured_train,,Arrival,S54,,,"
OFFICIAL = "Trans-Siberian,ussuriysk,vladivostok,112.0,official,S69,"
PASSAGE = f'{EVENT},test-2019-04-24,"Kim’s armoured train crossed at Khasan.",,'


def apply(root: Path, edits: list[tuple[str, str, str]]) -> None:
    for file, old, new in edits:
        path = root / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture changed: {old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_after(root: Path, edits: list[tuple[str, str, str]]) -> list[tuple]:
    apply(root, edits)
    try:
        load_dataset(root)
    except DatasetError as exc:
        return [(p.file, p.line, p.field, p.message) for p in exc.problems]
    return []


BROKEN = {
    "journey-with-one-stop-beside-another": (
        [("journeys.csv", "\n", f"\n2019-a-detour,{EVENT},A detour,Kim Jong-un,S54,,\n"),
         ("journey_stops.csv", f"{STOP_2}\n", f"{STOP_2}\n2019-a-detour,1,khasan,,,,,,,S54,,,\n")],
        ("journeys.csv", 2, "id", "journey has fewer than two stops")),
    "duplicate-source-key": (
        [("sources.csv", SOURCE, f"{SOURCE}\n{SOURCE}")],
        ("sources.csv", 3, "key", "duplicate key (first at line 2)")),
    "duplicate-stop": (
        [("journey_stops.csv", STOP_2, f"{STOP_2}\n{STOP_2}")],
        ("journey_stops.csv", 4, "journey_id/seq", "duplicate journey_id/seq (first at line 3)")),
    "duplicate-segment": (
        [("rail_segments.csv", OFFICIAL, f"{OFFICIAL}\n{OFFICIAL}")],
        ("rail_segments.csv", 4, "from_id/to_id", "duplicate from_id/to_id (first at line 3)")),
    "no-country": (
        [("places.csv", "125.7543,KP,", "125.7543,,")], ("places.csv", 2, "country", "country is empty")),
    "dangling-parent": (
        [("places.csv", "2000,,,", "2000,rusia,,")], ("places.csv", 5, "parent_id", "parent_id names no place")),
    "own-parent": (
        [("places.csv", "2000,,,", "2000,russia,,")], ("places.csv", 5, "parent_id", "place is its own parent")),
    "dangling-dateline": (
        [(ARTICLE, 'dateline_place_id = "vladivostok"', 'dateline_place_id = "vladivostock"')],
        (ARTICLE, None, "dateline_place_id", "dateline_place_id names no place")),
    "published-precision": (
        [(ARTICLE, 'published = "2019-04-24"', 'published = "2019-04"')],
        (ARTICLE, None, "published_precision", "published '2019-04' is written at month precision")),
    "published-but-unknown": (
        [(ARTICLE, 'published_precision = "day"', 'published_precision = "unknown"')],
        (ARTICLE, None, "published_precision", "published '2019-04-24' is written at day precision")),
    "urls-missing": (
        [("sources.csv", ",,https://www.arirang.com/News/News_View.asp?nseq=235934|https://tass.com/world/1055288,",
          ",,,")],
        ("sources.csv", 2, "urls", "urls is empty but url is given")),
    "url-missing": (
        [("sources.csv", "2019-04-24,https://www.arirang.com/News/News_View.asp?nseq=235934,,", "2019-04-24,,,")],
        ("sources.csv", 2, "url", "url is empty but urls lists addresses")),
    "party-not-a-code": (
        [("events.csv", "KP|RU", "KP|Russia")], ("events.csv", 2, "parties", "party is not a two-letter country code")),
    "dangling-event-of-source": (
        [("event_sources.csv", f"{EVENT},,,S54,", "2019-other,,,S54,")],
        ("event_sources.csv", 2, "event_id", "event_id names no event")),
    "cites-nothing": (
        [("event_sources.csv", f"{EVENT},,,S54,", f"{EVENT},,,,a note")],
        ("event_sources.csv", 2, None, "row cites nothing")),
    "event-without-source": (
        [("event_sources.csv", f"{EVENT},,,S54,\n{PASSAGE}\n", "")],
        ("events.csv", 2, "id", "event has no source")),
    "quote-without-article": (
        [("event_sources.csv", PASSAGE, PASSAGE.replace(",test-2019-04-24,", ",,"))],
        ("event_sources.csv", 3, "article_id", "quote without article_id")),
    "article-without-quote": (
        [("event_sources.csv", PASSAGE, f"{EVENT},test-2019-04-24,,,")],
        ("event_sources.csv", 3, "quote", "article_id without a quote")),
    "quote-case": (
        [("event_sources.csv", "crossed at Khasan", "Crossed at Khasan")],
        ("event_sources.csv", 3, "quote", "quote is not verbatim in test-2019-04-24")),
    "dangling-journey-event": (
        [("journeys.csv", f"{JOURNEY},{EVENT},", f"{JOURNEY},2019-other,")],
        ("journeys.csv", 2, "event_id", "event_id names no event")),
    "dangling-journey-source": (
        [("journeys.csv", "Kim Jong-un,S54,", "Kim Jong-un,S54|S99,")],
        ("journeys.csv", 2, "sources", "sources names no source")),
    "dangling-stop-journey": (
        [("journey_stops.csv", STOP_2, STOP_2.replace(JOURNEY, "2019-other"))],
        ("journey_stops.csv", 3, "journey_id", "journey_id names no journey")),
    "dangling-stop-source": (
        [("journey_stops.csv", STOP_2, STOP_2.replace(",S54,", ",S99,"))],
        ("journey_stops.csv", 3, "sources", "sources names no source")),
    "stop-date-precision": (
        [("journey_stops.csv", STOP_2, STOP_2.replace("2019-04-24,day", "2019-04-24,month"))],
        ("journey_stops.csv", 3, "date_precision", "date '2019-04-24' is written at day precision")),
    "one-stop": (
        [("journey_stops.csv", f"\n{STOP_2}", "")],
        ("journeys.csv", 2, "id", "journey has fewer than two stops")),
    "segment-loop": (
        [("rail_segments.csv", "ussuriysk,vladivostok,", "vladivostok,vladivostok,")],
        ("rail_segments.csv", 3, "to_id", "segment starts and ends at the same station")),
    "segment-zero-km": (
        [("rail_segments.csv", "vladivostok,112.0,", "vladivostok,0,")],
        ("rail_segments.csv", 3, "km", "segment length must be positive")),
    "official-without-source": (
        [("rail_segments.csv", "official,S69,", "official,,")],
        ("rail_segments.csv", 3, "km_source", "a official length cites no source")),
    "prorata-without-source": (
        [("rail_segments.csv", "official,S69,", "prorata,,")],
        ("rail_segments.csv", 3, "km_source", "a prorata length cites no source")),
    "prorata-alone": (
        [("rail_segments.csv", "official,S69,", "prorata,S69,")],
        ("rail_segments.csv", 3, "km_basis", "a pro-rata run has a single segment")),
    "url-not-first-of-urls": (
        [("sources.csv", ",,https://www.arirang.com/News/News_View.asp?nseq=235934|https://tass.com/world/1055288,",
          ",,https://tass.com/world/1055288|https://www.arirang.com/News/News_View.asp?nseq=235934,")],
        ("sources.csv", 2, "url", "url is not the first of urls ('https://tass.com/world/1055288')")),
    "stops-numbered-from-0": (
        [("journey_stops.csv", f"{JOURNEY},1,khasan,", f"{JOURNEY},0,khasan,"),
         ("journey_stops.csv", f"{JOURNEY},2,vladivostok,", f"{JOURNEY},1,vladivostok,")],
        ("journey_stops.csv", 2, "seq", f"stops of journey {JOURNEY!r} are not numbered 1, 2, 3… without gaps")),
    # a bad date at the same line of another file does not hide a source's missing date
    "source-undated-beside-a-bad-stop-date": (
        [("journey_stops.csv", "khasan,2019-04-24,", "khasan,2019-02-30,"),
         ("sources.csv", "Arirang; TASS,,2019-04-24,", "Arirang; TASS,,,")],
        ("sources.csv", 2, "date", "date is empty and the note does not say why")),
    "end-precision-mismatch": (
        [("events.csv", "2019-04-26,day,Kim", "2019-04,day,Kim")],
        ("events.csv", 2, "end_precision", "end '2019-04' is written at month precision")),
}


@pytest.mark.parametrize(("edits", "expected"), list(BROKEN.values()), ids=list(BROKEN))
def test_a_broken_row_is_reported_once_where_it_is(mini_dir: Path, edits: list, expected: tuple) -> None:
    problems = problems_after(mini_dir, edits)
    assert problems.count(expected) == 1, problems


def test_a_missing_url_names_the_first_of_urls_to_copy(mini_dir: Path) -> None:
    apply(mini_dir, BROKEN["url-missing"][0])
    with pytest.raises(DatasetError) as caught:
        load_dataset(mini_dir)
    [problem] = [p for p in caught.value.problems if p.message == "url is empty but urls lists addresses"]
    assert problem.fix == "copy the first of urls into url ('https://www.arirang.com/News/News_View.asp?nseq=235934')"


def test_a_duplicate_key_shows_its_value(mini_dir: Path) -> None:
    apply(mini_dir, [BROKEN["duplicate-source-key"][0][0], BROKEN["duplicate-stop"][0][0]])
    with pytest.raises(DatasetError) as caught:
        load_dataset(mini_dir)
    values = {p.file: p.value for p in caught.value.problems if p.message.startswith("duplicate")}
    assert values == {"sources.csv": "S54", "journey_stops.csv": (JOURNEY, 2)}


@pytest.mark.parametrize(("edits", "expected"), [
    ([("events.csv", "2019-04-26,day,Kim", "2018-04-26,unknown,Kim")],
     [("events.csv", 2, "end_precision", "end '2018-04-26' is given but end_precision says it is unknown")]),
    ([("event_sources.csv", PASSAGE, f"{EVENT},test-2019-04-24,,,")],
     [("event_sources.csv", 3, "quote", "article_id without a quote"),
      ("event_sources.csv", 3, None, "row cites nothing")]),
], ids=["unknown-end-not-put-in-order", "article-without-quote-cites-nothing"])
def test_a_broken_row_gets_exactly_its_problems(mini_dir: Path, edits: list, expected: list) -> None:
    assert problems_after(mini_dir, edits) == expected


def test_a_duplicate_article_text_names_the_first_copy(mini_dir: Path) -> None:
    text = (mini_dir / ARTICLE).read_text(encoding="utf-8")
    (mini_dir / "articles" / "a-copy-2019.md").write_text(text.replace('id = "test-2019-04-24"', 'id = "a-copy-2019"'),
                                                          encoding="utf-8")
    problems = problems_after(mini_dir, [])
    assert problems == [(ARTICLE, None, "text", "same text as articles/a-copy-2019.md")]


def test_a_precision_mismatch_is_not_also_an_order_problem(mini_dir: Path) -> None:
    problems = problems_after(mini_dir, [("events.csv", "2019-04-24,day,2019-04-26,day", "2019-04-24,day,2018,day")])
    assert [p[3] for p in problems] == ["end '2018' is written at year precision"]


VALID = {
    "one-day-event": [("events.csv", "2019-04-26,day,Kim", "2019-04-24,day,Kim")],
    "end-in-the-start-month": [("events.csv", "2019-04-26,day,Kim", "2019-04,month,Kim")],
    "region-without-country": [("places.csv", "country,55.7520,37.6178,RU,", "region,55.7520,37.6178,,")],
    "water-without-country": [("places.csv", "country,55.7520,37.6178,RU,", "water,55.7520,37.6178,,")],
    "parent": [("places.csv", "0,,station point", "0,russia,station point")],
    "undated-article": [(ARTICLE, 'published = "2019-04-24"\npublished_precision = "day"',
                         'published = ""\npublished_precision = "unknown"')],
    "no-url-anywhere": [("sources.csv", "2019-04-24,https://www.arirang.com/News/News_View.asp?nseq=235934,,"
                         "https://www.arirang.com/News/News_View.asp?nseq=235934|https://tass.com/world/1055288,",
                         "2019-04-24,,,,no URL: broadcast")],
    "prorata-run": [("rail_segments.csv", "Baranovsky–Khasan line,khasan,ussuriysk,250.0,estimate,geodesic,",
                     "Trans-Siberian,khasan,ussuriysk,250.0,prorata,S69,"),
                    ("rail_segments.csv", "official,S69,", "prorata,S69,")],
    "source-only-row": [("event_sources.csv", PASSAGE, f"{EVENT},,,S54,")],
    "stop-at-its-precision": [("journey_stops.csv", STOP_2, STOP_2.replace("2019-04-24,day", "2019-04,month"))],
    "parent-after-in-the-alphabet": [("places.csv", '",0,,,border station', '",0,russia,,border station')],
    "segment-towards-an-earlier-id": [("rail_segments.csv", "khasan,ussuriysk,", "ussuriysk,khasan,")],
    "three-stops": [("journey_stops.csv", STOP_2,
                     f"{STOP_2}\n{JOURNEY},3,khasan,2019-04-26,day,,armoured_train,,Back,,,,")],
    "end-at-year-precision": [("events.csv", "2019-04-26,day,Kim", "2019,year,Kim")],
    "half-km-segment": [("rail_segments.csv", "vladivostok,112.0,", "vladivostok,0.5,")],
    "stop-date-without-precision": [("journey_stops.csv", STOP_2, STOP_2.replace("2019-04-24,day", "2019-04-24,"))],
}


@pytest.mark.parametrize("edits", list(VALID.values()), ids=list(VALID))
def test_an_edge_case_that_is_fine_is_not_reported(mini_dir: Path, edits: list) -> None:
    assert problems_after(mini_dir, edits) == []


STOP_1 = f"{JOURNEY},1,khasan,2019-04-24,day,~10:40,,,Welcome"


@pytest.mark.parametrize(("edits", "expected"), [
    # the stop numbered 0 is not the first stop (no "first stop has no leg", no "no mode")
    ([("journey_stops.csv", STOP_1 + " ceremony,S54,test-2019-04-24,Kim’s armoured train crossed at Khasan.,\n",
       STOP_1.replace(",1,", ",0,").replace(",,,Welcome", ",,order_unreported,Welcome")
       + " ceremony,S54,test-2019-04-24,Kim’s armoured train crossed at Khasan.,way not reported\n"),
      ("journey_stops.csv", STOP_2, STOP_2.replace(",2,", ",1,"))],
     [("journey_stops.csv", 2, "seq", f"stops of journey {JOURNEY!r} are not numbered 1, 2, 3… without gaps")]),
    ([("journey_stops.csv", STOP_2, STOP_2.replace(",2,", ",,"))], [("journey_stops.csv", 3, "seq", "seq is empty")]),
    ([("journey_stops.csv", STOP_2, STOP_2.replace(JOURNEY, ""))],
     [("journey_stops.csv", 3, "journey_id", "journey_id is empty"),
      ("journeys.csv", 2, "id", "journey has fewer than two stops")]),
], ids=["numbered-from-0", "no-seq", "no-journey"])
def test_a_misnumbered_stop_is_one_problem(mini_dir: Path, edits: list, expected: list) -> None:
    assert problems_after(mini_dir, edits) == expected


def test_an_undated_article_does_not_stop_the_checks_of_the_next(mini_dir: Path) -> None:
    text = (mini_dir / ARTICLE).read_text(encoding="utf-8")
    undated = (text.replace('id = "test-2019-04-24"', 'id = "a-notes"')
               .replace('published = "2019-04-24"\npublished_precision = "day"',
                        'published = ""\npublished_precision = "unknown"')
               .replace("talks went well", "talks went on"))
    (mini_dir / "articles" / "a-notes.md").write_text(undated, encoding="utf-8")
    problems = problems_after(mini_dir, [(ARTICLE, 'published = "2019-04-24"', 'published = "2019-04"')])
    assert problems == [(ARTICLE, None, "published_precision", "published '2019-04' is written at month precision")]


def test_rows_without_their_key_are_not_duplicates_and_do_not_stop_the_check(mini_dir: Path) -> None:
    problems = problems_after(mini_dir, [("places.csv", "pyongyang,Pyongyang,", ",Pyongyang,"),
                                         ("places.csv", "russia,Russia,", ",Russia,"),
                                         ("places.csv", "vladivostok,Vladivostok,", "khasan,Vladivostok,")])
    assert [p for p in problems if p[3].startswith("duplicate")] == [
        ("places.csv", 4, "id", "duplicate id (first at line 3)")]


def test_a_source_with_a_bad_url_does_not_stop_the_checks_of_the_next(mini_dir: Path) -> None:
    problems = problems_after(mini_dir, [("sources.csv", SOURCE, SOURCE.replace(
        "2019-04-24,https://www.arirang", "2019-04-24,www.arirang") + "\nS55,A title,A publisher,,,,,,")])
    assert [(p[1], p[2]) for p in problems] == [(2, "url"), (3, "date"), (3, "url")]


def test_a_quote_from_an_unreadable_article_is_not_reported_again(mini_dir: Path) -> None:
    problems = problems_after(mini_dir, [(ARTICLE, 'title = "Test article"', "title = Test article"),
                                         ("event_sources.csv", "crossed at Khasan", "sailed past Khasan")])
    assert [(p[0], p[2]) for p in problems] == [(ARTICLE, None)]


@pytest.mark.parametrize(("quote", "hint"), [
    ("Kim's armoured train crossed at Khasan.", "it differs only in quote marks, dashes or spacing"),
    ("Kim’s  armoured train\u00a0crossed at Khasan.", "it differs only in quote marks, dashes or spacing"),
    ("kim’s armoured train crossed at khasan.", "it differs only in upper/lower case — copy it exactly"),
    ("Kim’s train crossed at Khasan.", "copy the passage exactly from the article text (after its front matter)"),
])
def test_a_quote_that_is_not_verbatim_says_what_differs(mini_dir: Path, quote: str, hint: str) -> None:
    apply(mini_dir, [("event_sources.csv", "Kim’s armoured train crossed at Khasan.", quote)])
    with pytest.raises(DatasetError) as caught:
        load_dataset(mini_dir)
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (3, "quote")
    assert problem.fix.startswith(hint)
