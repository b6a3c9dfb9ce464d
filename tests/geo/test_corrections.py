"""Review decisions as data: ``atlas correct`` records them, ``atlas check`` checks them, every load applies them.

Driven through the real ``atlas`` command in fresh processes on a copy of the bundled data, as a user would.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from geo.core.errors import DatasetError
from geo.dataset import load_dataset
from geo.online.geocache import CachedAnswer, GeoCache
from geo.store.corpus_index import load_corpus
from geo.store.corrections import Correction, record_corrections
from geo.store.mentions import load_mentions
from tests.reliability.helpers import DATA, assert_no_traceback, atlas, tree_digest

ARTICLE = "ap-2011-08-22"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns(".atlas.lock"))
    return target


def correct(data: Path, *args: str) -> dict:
    result = atlas("correct", ARTICLE, *args, "--json", "--data-dir", str(data))
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def reviewed(data: Path) -> dict[tuple[int, int], dict]:
    result = atlas("geoparse", "--article", ARTICLE, "--json", "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    return {(m["start"], m["end"]): m for m in json.loads(result.stdout)}


def span_of(data: Path, surface: str, occurrence: int = 1) -> tuple[int, int]:
    text = load_dataset(data).articles.set_index("id").loc[ARTICLE, "text"]
    start = -1
    for _ in range(occurrence):
        start = text.index(surface, start + 1)
    return start, start + len(surface)


def test_three_decisions_survive_reindex_and_a_fresh_load(data: Path) -> None:
    before = reviewed(data)
    far_east = span_of(data, "far east of Russia")
    baikal = span_of(data, "Lake Baikal")
    island = span_of(data, "South Korean border island")
    assert before[far_east]["place_id"] == "russian-far-east"
    assert before[baikal]["place_id"] == "lake-baikal"
    assert island not in before, "the engine does not find the island: the case for adding a place"

    correct(data, "far east of Russia", "--place", "russia", "--note", "the country, not the region")
    correct(data, "Lake Baikal", "--not-a-place")
    # a test value for the island's point, not a fact the product relies on
    added = correct(data, "South Korean border island", "--new-place", "--name", "Yeonpyeong Island",
                    "--kind", "island", "--lat", "37.666", "--lon", "125.700", "--country", "KR",
                    "--coord-source", "clicked on the map")
    assert [p["coord_source"] for p in added["places_added"]] == ["user: clicked on the map"]

    reindex = atlas("reindex", "-q", "--data-dir", str(data))
    assert reindex.returncode == 0, reindex.stderr
    after = reviewed(data)
    assert (after[far_east]["place_id"], after[far_east]["review"]) == ("russia", "corrected")
    assert (after[baikal]["place_id"], after[baikal]["review"], after[baikal]["lat"]) == (None, "rejected", None)
    assert (after[island]["place_id"], after[island]["review"]) == ("yeonpyeong-island", "added")
    assert "South Korean border island" in after[island]["passage"]
    untouched = [m for span, m in after.items() if span not in (far_east, baikal, island)]
    assert untouched
    assert {m["review"] for m in untouched} == {"unreviewed"}

    # the dashboard's load path (snapshot or files) sees the same
    _, mentions = load_corpus(data)
    mine = mentions[mentions["article_id"] == ARTICLE].set_index(["start", "end"])
    assert mine.loc[far_east, "review"] == "corrected"
    assert mine.loc[island, "place_id"] == "yeonpyeong-island"
    assert mine.loc[baikal, "review"] == "rejected"
    assert pd.isna(mine.loc[baikal, "place_id"])
    assert atlas("check", "--data-dir", str(data)).returncode == 0


def test_accept_pins_the_engine_place_and_later_decisions_replace_earlier_ones(data: Path) -> None:
    siberia = span_of(data, "eastern Siberia")
    correct(data, "eastern Siberia", "--occurrence", "1", "--accept")
    assert reviewed(data)[siberia]["review"] == "accepted"
    correct(data, "eastern Siberia", "--occurrence", "1", "--place", "russia")
    rows = list(csv.DictReader((data / "corrections.csv").open(encoding="utf-8")))
    assert [(r["action"], r["place_id"]) for r in rows] == [("correct", "russia")], "one decision per span"
    # a shorter place-naming span inside it supersedes it ("Siberia" alone), instead of contradicting it
    correct(data, "Siberia", "--occurrence", "1", "--place", "eastern-siberia")
    after = reviewed(data)
    inner = (siberia[0] + len("eastern "), siberia[1])
    assert siberia not in after
    assert after[inner]["review"] == "added"
    assert len(list(csv.DictReader((data / "corrections.csv").open(encoding="utf-8")))) == 1


def test_a_geonames_place_from_the_long_tail_can_be_chosen(data: Path) -> None:
    from geo.gazetteer.longtail import default_long_tail

    tail = default_long_tail()
    [record] = [r for r in tail.lookup("seoul") if r.kind == "city"][:1]
    correct(data, "Pyongyang", "--place", record.place_id)
    got = reviewed(data)[span_of(data, "Pyongyang")]
    assert (got["place_id"], got["name"], got["review"]) == (record.place_id, record.name, "corrected")
    assert atlas("check", "--data-dir", str(data)).returncode == 0


@pytest.mark.parametrize(("args", "message"), [
    (("Moscow", "--accept"), "does not occur"),  # the dateline is written MOSCOW
    (("Russia", "--accept"), "occurs 9 times"),  # as a name: "Russian" does not count
    (("Russia", "--occurrence", "10", "--accept"), "occurs 9 time(s)"),
    (("Pyongyang", "--place", "no-such-place"), "names no place"),
    (("Pyongyang", "--place", "geonames:999999999"), "names no place"),
    (("South Korean border island", "--accept"), "no place to accept"),
    (("South Korean border island", "--not-a-place"), "nothing to reject"),
    (("Pyongyang", "--new-place", "--kind", "city"), "needs --lat, --lon, --coord-source"),
    (("Pyongyang", "--new-place", "--kind", "city", "--lat", "39", "--lon", "125.7", "--coord-source", "x",
      "--id", "moscow"), "exists already"),
])
def test_a_refused_decision_says_why_and_writes_nothing(data: Path, args: tuple[str, ...], message: str) -> None:
    before = tree_digest(data)
    result = atlas("correct", ARTICLE, *args, "--data-dir", str(data))
    assert_no_traceback(result)
    assert result.returncode == 1
    assert result.stderr.startswith("atlas correct: error: "), result.stderr
    assert message in result.stderr, result.stderr
    assert {k: v for k, v in tree_digest(data).items() if k != ".atlas.lock"} == before


def write_corrections(data: Path, *rows: str) -> None:
    header = "article_id,start,end,surface,action,place_id,note,time\n"
    (data / "corrections.csv").write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")


def check_problems(data: Path) -> list[dict]:
    result = atlas("check", "--json", "--data-dir", str(data))
    assert_no_traceback(result)
    report = json.loads(result.stdout)
    assert (result.returncode == 1) == (not report["valid"])
    return report.get("problems", [])


def test_check_names_a_correction_whose_span_no_longer_holds_its_text(data: Path) -> None:
    start, end = span_of(data, "Khabarovsk")
    write_corrections(data, f"{ARTICLE},{start + 3},{end + 3},Khabarovsk,accept,khabarovsk,,")
    [problem] = check_problems(data)
    assert (problem["file"], problem["line"], problem["field"]) == ("corrections.csv", 2, "start")
    assert "no longer matches the article's text" in problem["message"]
    assert f"at {start}–{end}" in problem["fix"], "the fix names where the name is now"
    text = atlas("check", "--data-dir", str(data))
    assert text.returncode == 1
    assert "corrections.csv, line 2" in text.stderr


@pytest.mark.parametrize(("rows", "field", "message"), [
    (("no-such-article,0,6,MOSCOW,accept,moscow,,",), "article_id", "names no article"),
    ((f"{ARTICLE},0,6,MOSCOW,accept,mosow,,",), "place_id", "names no place"),
    ((f"{ARTICLE},0,6,MOSCOW,correct,,,",), "place_id", "names no place"),
    ((f"{ARTICLE},0,6,MOSCOW,reject,moscow,,",), "place_id", "rejected mention names a place"),
    ((f"{ARTICLE},0,6,MOSCOW,accept,moscow,,yesterday",), "time", "not an ISO 8601"),
    ((f"{ARTICLE},0,6,MOSCOW,approve,moscow,,",), "action", "not one of the allowed values"),
    ((f"{ARTICLE},6,0,MOSCOW,accept,moscow,,",), "end", "empty or negative"),
    ((f"{ARTICLE},0,6,MOSCOW,accept,moscow,,", f"{ARTICLE},0,6,MOSCOW,reject,,,"), "action", "contradicts"),
    ((f"{ARTICLE},0,6,MOSCOW,accept,moscow,,", f"{ARTICLE},0,6,MOSCOW,accept,moscow,,"), "action", "repeats"),
    ((f"{ARTICLE},0,6,MOSCOW,accept,moscow,,", f"{ARTICLE},0,3,MOS,add,moscow,,"), "start", "overlaps"),
    ((f"{ARTICLE},0,6,MOSCOW,accept,geonames:999999999,,",), "place_id", "GeoNames index"),
])
def test_check_refuses_bad_corrections_with_file_line_and_fix(data: Path, rows: tuple[str, ...], field: str,
                                                              message: str) -> None:
    write_corrections(data, *rows)
    problems = check_problems(data)
    assert problems, "the broken corrections file passed atlas check"
    assert any(p["file"] == "corrections.csv" and p["field"] == field and message in p["message"]
               and p["line"] >= 2 and p["fix"] for p in problems), problems


def test_record_refuses_a_contradiction_atomically(data: Path) -> None:
    dataset = load_dataset(data)
    start, end = span_of(data, "Khabarovsk")
    record_corrections(data, dataset, [Correction(ARTICLE, start, end, "Khabarovsk", "accept", "khabarovsk")])
    before = tree_digest(data)
    with pytest.raises(DatasetError, match="names no place"):
        record_corrections(data, dataset, [Correction(ARTICLE, 0, 6, "MOSCOW", "correct", "nowhere-at-all")])
    with pytest.raises(DatasetError, match="no longer matches"):
        record_corrections(data, dataset, [Correction(ARTICLE, 1, 7, "MOSCOW", "reject")])
    assert tree_digest(data) == before


def test_online_answers_show_only_once_accepted(data: Path) -> None:
    """Threat model O6: an unreviewed answer of a public geocoder is never drawn as a place."""
    article = data / "articles" / "zz-test-2020-01-01.md"
    article.write_text('+++\nid = "zz-test-2020-01-01"\ntitle = "t"\noutlet = "o"\npublished = "2020-01-01"\n'
                       'published_precision = "day"\n+++\n\nThe tankers waited at the port of Qwertyville.\n',
                       encoding="utf-8")
    dataset = load_dataset(data)
    cache = GeoCache.load(data)
    # a test answer, not a fact
    cache.put(CachedAnswer(query="Qwertyville", status="ok", lat=1.5, lon=2.5, display_name="Qwertyville (stub)",
                           provider="stub", domain="localhost", fetched_at="2026-12-05T00:00:00+00:00"))

    def qwerty(review: str) -> dict:
        cache.set_review("qwertyville", review)
        frame = load_mentions(dataset, geocache=cache)
        rows = frame[frame["surface"] == "Qwertyville"]
        assert len(rows) == 1, "the geoparser should list the unknown capitalised name as unresolved"
        return rows.iloc[0].to_dict()

    assert qwerty("unreviewed")["lat"] != qwerty("unreviewed")["lat"]  # NaN: not on the map
    accepted = qwerty("accepted")
    assert (accepted["lat"], accepted["kind"], accepted["review"]) == (1.5, "online", "accepted")
    assert qwerty("rejected")["lat"] != qwerty("rejected")["lat"]
