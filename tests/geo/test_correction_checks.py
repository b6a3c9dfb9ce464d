"""``corrections.csv`` as ``load_dataset`` checks it, in process: each decision must still hold its span in the
article's text, name a place exactly when its action says so, and agree with the other decisions on that text.

The fixture article's text (tests/fixtures/mini) is::

    VLADIVOSTOK — Kim’s armoured train crossed at Khasan. It reached Vladivostok in the evening.
    <blank line>
    Pyongyang said the talks went well.

"Khasan" is at 46–52, "the" at 80 and 109; the text is 130 characters long.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.core.errors import DatasetError
from geo.dataset import load_dataset

ARTICLE = "test-2019-04-24"
HEADER = "article_id,start,end,surface,action,place_id,note,time\n"
KHASAN = f"{ARTICLE},46,52,Khasan,"
SAME_SPAN = "{} the correction on line 2 for the same span"
DECIDE = "decide between them and delete the other (line 2 says {})"
OVERLAP = "overlaps the correction on line {} (46–52, 'Khasan'), and both name a place"
OFFSETS = "start and end are character offsets into the article text, start < end"
NO_MATCH = "span no longer matches the article's text (expected {!r})"
MOVED = "the article now has {!r} at {}: set start and end to that if it is the same occurrence, or delete the row"
GONE = "'Moscow' no longer occurs in the article: delete the row or review the article again"
GIVE_PLACE = "give the place's id (from places.csv, or geonames:<id>)"
ADD_PLACE = "add the place to places.csv, or use a GeoNames id like geonames:2013348"
ONE_PLACE = "one span names one place: delete one of the rows, or 'reject' the shorter span"


def check(root: Path, *rows: str) -> list[tuple]:
    """The problems of corrections.csv holding ``rows``: (line, field, value, message, fix)."""
    (root / "corrections.csv").write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    try:
        load_dataset(root)
    except DatasetError as exc:
        return [(p.line, p.field, p.value, p.message, p.fix) for p in exc.problems if p.file == "corrections.csv"]
    return []


@pytest.mark.parametrize("rows", [
    (f"{ARTICLE},46,52,Khasan,accept,khasan,,",),
    (f"{ARTICLE},0,1,V,reject,,,",),
    (f"{ARTICLE},94,103,Pyongyang,correct,pyongyang,,2026-12-05T09:30:00+00:00",),
    (f"{ARTICLE},46,52,Khasan,add,geonames:2039155,,",),
    (f"{ARTICLE},46,52,Khasan,add,iso3166-1:RU,,", f"{ARTICLE},65,76,Vladivostok,add,iso3166-2:RU-PRI,,",
     f"{ARTICLE},94,103,Pyongyang,add,fips:12345,,"),
    # touching spans do not overlap; a rejected span may overlap a place
    (f"{ARTICLE},46,49,Kha,accept,khasan,,", f"{ARTICLE},49,52,san,accept,russia,,"),
    (f"{ARTICLE},46,52,Khasan,accept,khasan,,", f"{ARTICLE},46,49,Kha,reject,,,"),
    (f"{ARTICLE},46,49,Kha,reject,,,", f"{ARTICLE},46,52,Khasan,accept,khasan,,"),
    (f"{ARTICLE},110,129,he talks went well.,reject,,,",),
], ids=["accept", "first-character", "correct-with-time", "geonames", "other-long-tail-ids", "touching",
        "reject-inside", "reject-first", "last-words"])
def test_decisions_that_hold_are_valid(mini_dir: Path, rows: tuple[str, ...]) -> None:
    assert check(mini_dir, *rows) == []


@pytest.mark.parametrize(("row", "expected"), [
    ("no-such-article,46,52,Khasan,accept,khasan,,",
     (2, "article_id", "no-such-article", "article_id names no article",
      "correct the id, or delete the row if the article was removed")),
    (f"{ARTICLE},52,46,Khasan,accept,khasan,,", (2, "end", 46, "span 52–46 is empty or negative", OFFSETS)),
    (f"{ARTICLE},46,46,Khasan,accept,khasan,,", (2, "end", 46, "span 46–46 is empty or negative", OFFSETS)),
    (f"{ARTICLE},-1,5,VLADI,accept,khasan,,", (2, "end", 5, "span -1–5 is empty or negative", OFFSETS)),
    (f"{ARTICLE},47,53,Khasan,accept,khasan,,",
     (2, "start", "47–53 holds 'hasan.'", NO_MATCH.format("Khasan"), MOVED.format("Khasan", "46–52"))),
    (f"{ARTICLE},100,103,the,reject,,,",
     (2, "start", "100–103 holds 'ang'", NO_MATCH.format("the"), MOVED.format("the", "109–112"))),
    (f"{ARTICLE},32,35,the,reject,,,",  # 48 characters before the first "the", 77 before the second
     (2, "start", "32–35 holds 'in '", NO_MATCH.format("the"), MOVED.format("the", "80–83"))),
    (f"{ARTICLE},90,93,the,reject,,,",
     (2, "start", "90–93 holds 'g.\\n'", NO_MATCH.format("the"), MOVED.format("the", "80–83"))),
    (f"{ARTICLE},125,130,Moscow,correct,khasan,,",
     (2, "start", "125–130 holds 'ell.\\n'", NO_MATCH.format("Moscow"), GONE)),
    (f"{ARTICLE},125,131,Moscow,correct,khasan,,",
     (2, "start", "125–131 holds 'ell.\\n… (the text ends at 130)'", NO_MATCH.format("Moscow"), GONE)),
    (KHASAN + "accept,,,", (2, "place_id", "", "a correction with action 'accept' names no place", GIVE_PLACE)),
    (KHASAN + "add,,,", (2, "place_id", "", "a correction with action 'add' names no place", GIVE_PLACE)),
    (KHASAN + "reject,khasan,,", (2, "place_id", "khasan", "a rejected mention names a place",
                                  "leave place_id empty for 'reject', or use action 'correct'")),
    (KHASAN + "correct,khasn,,",
     (2, "place_id", "khasn", "place_id names no place", "did you mean 'khasan'? " + ADD_PLACE)),
    (KHASAN + "correct,geonames:abc,,", (2, "place_id", "geonames:abc", "place_id names no place", ADD_PLACE)),
    (KHASAN + "zap,khasan,,", (2, "action", "zap", "action is not one of the allowed values",
                               "allowed: accept, correct, reject, add")),
    (KHASAN + "accept,khasan,,yesterday", (2, "time", "yesterday", "time is not an ISO 8601 date and time",
                                           "write it like 2026-12-05T09:30:00+00:00, or leave it empty")),
])
def test_a_decision_that_does_not_hold_is_reported_with_the_fix(mini_dir: Path, row: str, expected: tuple) -> None:
    assert check(mini_dir, row) == [expected]


def test_a_correction_of_an_unreadable_article_is_not_checked_again(mini_dir: Path) -> None:
    (mini_dir / "articles" / "broken-2020.md").write_text("no front matter\n", encoding="utf-8")
    assert check(mini_dir, "broken-2020,0,3,xyz,accept,khasan,,") == []


@pytest.mark.parametrize(("rows", "expected"), [
    ((KHASAN + "accept,khasan,,", KHASAN + "accept,khasan,,"),
     (3, "action", "accept", SAME_SPAN.format("repeats"), "keep one row per span: delete this one")),
    ((KHASAN + "accept,khasan,,", KHASAN + "correct,russia,,"),
     (3, "action", "correct", SAME_SPAN.format("contradicts"), DECIDE.format("'accept' khasan"))),
    ((KHASAN + "reject,,,", KHASAN + "correct,russia,,"),
     (3, "action", "correct", SAME_SPAN.format("contradicts"), DECIDE.format("'reject'"))),
    ((f"{ARTICLE},49,52,san,add,russia,,", KHASAN + "accept,khasan,,"),
     (2, "start", "49–52", OVERLAP.format(3), ONE_PLACE)),
    ((KHASAN + "accept,khasan,,", f"{ARTICLE},51,52,n,add,russia,,"),
     (3, "start", "51–52", OVERLAP.format(2), ONE_PLACE)),
], ids=["repeat", "contradiction", "contradicts-a-reject", "overlap-sorted-by-start", "overlap-at-the-end"])
def test_decisions_that_contradict_each_other_are_reported_on_the_later_span(mini_dir: Path, rows: tuple[str, ...],
                                                                              expected: tuple) -> None:
    assert check(mini_dir, *rows) == [expected]


def test_every_later_span_is_compared_after_a_repeated_one(mini_dir: Path) -> None:
    assert check(mini_dir, KHASAN + "accept,khasan,,", KHASAN + "accept,khasan,,",
                 f"{ARTICLE},51,52,n,add,russia,,") == [
        (3, "action", "accept", SAME_SPAN.format("repeats"), "keep one row per span: delete this one"),
        (4, "start", "51–52", OVERLAP.format(2), ONE_PLACE)]


def test_a_row_with_an_empty_cell_is_reported_once_and_not_compared(mini_dir: Path) -> None:
    """An empty article_id, start or end is the reader's to report; the row is not checked against a text or
    against the other rows (it has no span to compare)."""
    assert check(mini_dir, ",46,52,Khasan,accept,khasan,,", ",46,52,Khasan,reject,,,") == [
        (2, "article_id", "", "article_id is empty", "every row needs a article_id"),
        (3, "article_id", "", "article_id is empty", "every row needs a article_id")]
    assert check(mini_dir, f"{ARTICLE},,52,Khasan,accept,khasan,,", f"{ARTICLE},,52,Khasan,reject,,,") == [
        (2, "start", "", "start is empty", "every row needs a start"),
        (3, "start", "", "start is empty", "every row needs a start")]
    assert check(mini_dir, f"{ARTICLE},46,,Khasan,accept,khasan,,") == [
        (2, "end", "", "end is empty", "every row needs a end")]


def test_decisions_on_different_articles_never_contradict(mini_dir: Path) -> None:
    text = (mini_dir / "articles" / f"{ARTICLE}.md").read_text(encoding="utf-8")
    other = "other-2019"
    (mini_dir / "articles" / f"{other}.md").write_text(text.replace(f'id = "{ARTICLE}"', f'id = "{other}"')
                                                       .replace("talks went well", "talks went badly"),
                                                       encoding="utf-8")
    assert check(mini_dir, f"{ARTICLE},46,52,Khasan,accept,khasan,,", f"{other},46,52,Khasan,reject,,,") == []
