"""The loader and its validation: a valid dataset loads; each kind of breakage gives its exact, located message."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from geo.core.errors import DatasetError
from geo.dataset import load_dataset

ROOT = Path(__file__).resolve().parents[2]


def edit(file: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture changed: {old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def write_bytes(file: str, data: bytes) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / file).write_bytes(data)
    return apply


def prepend_bom(file: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / file
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return apply


def remove(file: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / file).unlink()
    return apply


def big_article(root: Path) -> None:
    path = root / "articles" / "test-2019-04-24.md"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("Khasan. " * (21 * 1024 * 1024 // 8))


ARTICLE = "articles/test-2019-04-24.md"
SOURCES_HEADER = "key,title,publisher,author,date,url,archive_url,urls,note"
ARIRANG = "https://www.arirang.com/News/News_View.asp?nseq=235934"
SOURCE_DATE_URL = f",,2019-04-24,{ARIRANG},"
KHASAN_ROW = "khasan,Khasan,Hasan,station,42.4283,130.6456"

# (case id, mutation, file, line, text the message must contain)
BROKEN = [
    ("swapped-lat-lon", edit("places.csv", KHASAN_ROW, "khasan,Khasan,Hasan,station,130.6456,42.4283"),
     "places.csv", 3, "lat=130.6456 is out of range (value: '130.6456') — are lat/lon swapped?"),
    ("lon-out-of-range", edit("places.csv", "39.0339,125.7543", "39.0339,225.7543"),
     "places.csv", 2, "lon=225.7543 is out of range"),
    ("nan-coordinate", edit("places.csv", "39.0339,125.7543", "NaN,125.7543"),
     "places.csv", 2, "lat is NaN, not a finite number"),
    ("text-coordinate", edit("places.csv", "39.0339,125.7543", "39°N,125.7543"),
     "places.csv", 2, "lat is not a number"),
    ("duplicate-id", edit("places.csv", "vladivostok,Vladivostok,", "pyongyang,Vladivostok,"),
     "places.csv", 4, "duplicate id (first at line 2)"),
    ("duplicate-id-across-files", edit("rail_stations.csv", "ussuriysk,Ussuriysk", "khasan,Ussuriysk"),
     "rail_stations.csv", 2, "duplicate id (first at places.csv line 3)"),
    ("missing-column", edit("places.csv", "aliases,kind,lat", "aliases,lat"),
     "places.csv", 1, "missing column 'kind'"),
    ("unknown-column", edit("places.csv", ",note\n", ",note,latitude\n"),
     "places.csv", 1, "unknown column 'latitude'"),
    ("misspelt-column", edit("events.csv", "venue_place_id", "venue_id"),
     "events.csv", 1, "did you mean 'venue_place_id'?"),
    ("too-many-fields", edit("sources.csv", "Arirang; TASS", "Arirang, TASS"),
     "sources.csv", 2, "row has 10 fields but the header has 9"),
    ("empty-required", edit("places.csv", "pyongyang,Pyongyang,", "pyongyang,,"),
     "places.csv", 2, "name is empty"),
    ("bad-enum", edit("places.csv", ",city,39.0339", ",citty,39.0339"),
     "places.csv", 2, "did you mean 'city'?"),
    ("bad-country", edit("places.csv", "125.7543,KP,", "125.7543,DPRK,"),
     "places.csv", 2, "not an ISO 3166-1 alpha-2 code"),
    ("bad-slug", edit("places.csv", "pyongyang,Pyongyang,P'", "Pyong Yang,Pyongyang,P'"),
     "places.csv", 2, "e.g. 'pyong-yang'"),
    ("dangling-venue", edit("events.csv", ",vladivostok,rail", ",vladivostock,rail"),
     "events.csv", 2, "venue_place_id names no place (value: 'vladivostock') — did you mean 'vladivostok'?"),
    ("dangling-stop-place", edit("journey_stops.csv", ",2,vladivostok,", ",2,nowhere,"),
     "journey_stops.csv", 3, "place_id names no place"),
    ("dangling-segment", edit("rail_segments.csv", "ussuriysk,vladivostok", "ussuriysk,nakhodka"),
     "rail_segments.csv", 3, "to_id names no place"),
    ("dangling-source-key", edit("event_sources.csv", ",,,S54,", ",,,S99,"),
     "event_sources.csv", 2, "source_key names no source"),
    ("dangling-article", edit("event_sources.csv", ",test-2019-04-24,", ",test-2019-04-25,"),
     "event_sources.csv", 3, "did you mean 'test-2019-04-24'?"),
    ("quote-straight-apostrophe", edit("event_sources.csv", "\"Kim’s armoured", "\"Kim's armoured"),
     "event_sources.csv", 3, "differs only in quote marks"),
    ("quote-absent", edit("event_sources.csv", "crossed at Khasan.\"", "crossed at Tumangang.\""),
     "event_sources.csv", 3, "quote is not verbatim in test-2019-04-24"),
    ("impossible-date", edit("events.csv", "2019-04-24,day,2019-04-26", "2019-02-30,day,2019-04-26"),
     "events.csv", 2, "day 30 does not exist in 2019-02"),
    ("end-before-start", edit("events.csv", "2019-04-26,day,Kim", "2018-04-26,day,Kim"),
     "events.csv", 2, "ends before it starts"),
    ("precision-mismatch", edit("events.csv", "2019-04-24,day,2019", "2019-04,day,2019"),
     "events.csv", 2, "start '2019-04' is written at month precision"),
    ("stop-seq-gap", edit("journey_stops.csv", "vladivostok,2,vladivostok", "vladivostok,3,vladivostok"),
     "journey_stops.csv", 2, "not numbered 1, 2, 3"),
    ("stop-without-mode", edit("journey_stops.csv", "~18:00,armoured_train,", "~18:00,,"),
     "journey_stops.csv", 3, "no mode for the leg into this stop"),
    # a leg the sources leave open says why; an unknown end is written as unknown, never as a made-up date
    ("route-bad-value", edit("journey_stops.csv", "armoured_train,,Arrival", "armoured_train,guessed,Arrival"),
     "journey_stops.csv", 3, "route is not one of the allowed values"),
    ("route-without-reason", edit("journey_stops.csv", "armoured_train,,Arrival", "armoured_train,unreported,Arrival"),
     "journey_stops.csv", 3, "route is unreported but uncertain does not say why"),
    ("route-on-first-stop", edit("journey_stops.csv", "~10:40,,,Welcome", "~10:40,,order_unreported,Welcome"),
     "journey_stops.csv", 2, "the first stop has no leg into it"),
    ("end-empty", edit("events.csv", "2019-04-26,day,Kim", ",day,Kim"),
     "events.csv", 2, "end is empty (value: '') — write the end date, or set end_precision to 'unknown'"),
    ("end-unknown-but-given", edit("events.csv", "2019-04-26,day,Kim", "2019-04-26,unknown,Kim"),
     "events.csv", 2, "end '2019-04-26' is given but end_precision says it is unknown"),
    # the bibliography: every row names its publisher, a date (or why none) and a link (or why none)
    ("source-no-title", edit("sources.csv", "S54,[Kim Jong-un arrives at Khasan and Vladivostok],", "S54,,"),
     "sources.csv", 2, "field 'title': title is empty"),
    ("source-no-publisher", edit("sources.csv", "Arirang; TASS,", ","),
     "sources.csv", 2, "field 'publisher': publisher is empty"),
    ("source-date-as-prose", edit("sources.csv", SOURCE_DATE_URL, f",,24 April 2019,{ARIRANG},"),
     "sources.csv", 2, "field 'date': '24 April 2019' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD "
     "(value: '24 April 2019')"),
    ("source-impossible-date", edit("sources.csv", SOURCE_DATE_URL, f",,2019-02-30,{ARIRANG},"),
     "sources.csv", 2, "field 'date': '2019-02-30': day 30 does not exist in 2019-02"),
    ("source-undated-without-reason", edit("sources.csv", SOURCE_DATE_URL, f",,,{ARIRANG},"),
     "sources.csv", 2, "field 'date': date is empty and the note does not say why (value: '') — write when the "
     "source was published"),
    ("source-url-without-scheme", edit("sources.csv", SOURCE_DATE_URL, ",,2019-04-24,www.arirang.com/News,"),
     "sources.csv", 2, "field 'url': url is not an absolute http(s) URL (value: 'www.arirang.com/News') — write "
     "the full address starting with https://"),
    ("source-javascript-url", edit("sources.csv", SOURCE_DATE_URL, ",,2019-04-24,javascript:alert(1),"),
     "sources.csv", 2, "field 'url': url is not an absolute http(s) URL"),
    ("source-url-with-space", edit("sources.csv", SOURCE_DATE_URL, ",,2019-04-24,https://tass.com/a b,"),
     "sources.csv", 2, "field 'url': url contains a space"),
    ("source-bad-archive-url", edit("sources.csv", f"{ARIRANG},,", f"{ARIRANG},web.archive.org/x,"),
     "sources.csv", 2, "field 'archive_url': archive_url is not an absolute http(s) URL"),
    ("source-bad-urls-entry", edit("sources.csv", "|https://tass.com/world/1055288", "|tass.com/world/1055288"),
     "sources.csv", 2, "field 'urls': urls entry 'tass.com/world/1055288' is not an absolute http(s) URL"),
    ("source-url-not-first", edit("sources.csv", SOURCE_DATE_URL, ",,2019-04-24,https://tass.com/world/1055288,"),
     "sources.csv", 2, "url is not the first of urls"),
    ("source-no-url-without-reason", edit("sources.csv", f"{ARIRANG},,{ARIRANG}|https://tass.com/world/1055288,",
                                          ",,,"),
     "sources.csv", 2, "field 'url': url is empty and the note does not say why (value: '') — give the address"),
    ("bom", prepend_bom("events.csv"), "events.csv", 1, "byte-order mark"),
    ("latin1", write_bytes("sources.csv", f"{SOURCES_HEADER}\nS54,Arirang S\xe9oul,,,2019,,,,\n".encode("latin-1")),
     "sources.csv", 2, "is not valid UTF-8"),
    ("empty-file", write_bytes("journeys.csv", b""), "journeys.csv", None, "file is empty"),
    ("missing-file", remove("events.csv"), "events.csv", None, "file is missing"),
    ("binary-article", write_bytes(ARTICLE, b"+++\nid = 1\x00\x01\x02"), ARTICLE, 2, "binary file"),
    ("no-front-matter", write_bytes(ARTICLE, b"Just text about Khasan.\n"), ARTICLE, 1, "front-matter"),
    ("bad-toml", edit(ARTICLE, 'title = "Test article"', "title = Test article"), ARTICLE, None,
     "front matter is not valid TOML"),
    ("article-impossible-date", edit(ARTICLE, 'published = "2019-04-24"', 'published = "2019-02-30"'), ARTICLE,
     None, "day 30 does not exist in 2019-02"),
    ("article-id-mismatch", edit(ARTICLE, 'id = "test-2019-04-24"', 'id = "other-2019"'), ARTICLE, 2,
     "id differs from the file name"),
    ("stray-file", write_bytes("articles/readme.txt", b"hello"), "articles/readme.txt", None,
     "is not an article file"),
    ("huge-article", big_article, ARTICLE, None, "over the 20 MiB limit"),
]


def test_fixture_dataset_is_valid(mini_dir: Path) -> None:
    dataset = load_dataset(mini_dir)
    assert dataset.counts()["places"] == 5
    assert set(dataset.places["file"]) == {"places.csv", "rail_stations.csv"}
    assert dataset.places.set_index("id").loc["khasan", "lat"] == pytest.approx(42.4283)
    assert dataset.articles.iloc[0]["text"].startswith("VLADIVOSTOK — Kim’s")
    assert dataset.events.iloc[0]["leaders"] == ("Kim Jong-un", "Vladimir Putin")
    assert dataset.stops["mode"].tolist() == ["", "armoured_train"]


@pytest.mark.parametrize(("mutate", "file", "line", "expected"),
                         [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN])
def test_broken_dataset_names_file_line_and_fix(mini_dir: Path, mutate, file: str, line: int | None,
                                                expected: str) -> None:
    mutate(mini_dir)
    with pytest.raises(DatasetError) as caught:
        load_dataset(mini_dir)
    located = [p for p in caught.value.problems if p.file == file and p.line == line]
    assert located, f"no problem at {file} line {line}; got:\n{caught.value}"
    assert any(expected in str(p) for p in located), f"{expected!r} not in:\n{caught.value}"


def test_an_unknown_end_and_an_unreported_leg_are_valid(mini_dir: Path) -> None:
    edit("events.csv", "2019-04-26,day,Kim", ",unknown,Kim")(mini_dir)
    edit("journey_stops.csv", "armoured_train,,Arrival,S54,,,", "armoured_train,unreported,Arrival,S54,,,way "
         "not reported")(mini_dir)
    dataset = load_dataset(mini_dir)
    assert dataset.events.iloc[0][["end", "end_precision"]].tolist() == ["", "unknown"]
    assert dataset.stops["route"].tolist() == ["", "unreported"]


@pytest.mark.parametrize("mutate", [
    edit("sources.csv", SOURCE_DATE_URL + f",{ARIRANG}|https://tass.com/world/1055288,",
         f",,,{ARIRANG},,{ARIRANG},undated: no publication date is recorded"),
    edit("sources.csv", f"{ARIRANG},,{ARIRANG}|https://tass.com/world/1055288,", ",,,no URL: print edition"),
    edit("sources.csv", "2019-04-24", "2019"),
], ids=["undated-with-reason", "no-url-with-reason", "year-only"])
def test_source_gaps_with_a_stated_reason_are_valid(mini_dir: Path, mutate) -> None:
    mutate(mini_dir)
    assert len(load_dataset(mini_dir).sources) == 1


@pytest.mark.parametrize("mutate", [
    edit("sources.csv", SOURCE_DATE_URL, ",,24 April 2019,www.arirang.com,"),
    edit("sources.csv", "|https://tass.com/world/1055288", "|tass.com/world/1055288"),
], ids=["date-and-url", "urls-entry"])
def test_a_malformed_source_cell_is_reported_once(mini_dir: Path, mutate) -> None:
    """A bad cell is emptied when read; the checks that follow must not also call it missing or inconsistent."""
    mutate(mini_dir)
    with pytest.raises(DatasetError) as caught:
        load_dataset(mini_dir)
    fields = [p.field for p in caught.value.problems]
    assert len(fields) == len(set(fields)), f"a field reported twice:\n{caught.value}"
    assert "is empty" not in str(caught.value)
    assert "first of urls" not in str(caught.value)


def test_every_problem_is_reported_not_only_the_first(mini_dir: Path) -> None:
    edit("places.csv", "39.0339,125.7543", "NaN,125.7543")(mini_dir)
    edit("events.csv", ",vladivostok,rail", ",vladivostock,rail")(mini_dir)
    remove("journeys.csv")(mini_dir)
    with pytest.raises(DatasetError) as caught:
        load_dataset(mini_dir)
    files = {p.file for p in caught.value.problems}
    assert {"places.csv", "events.csv", "journeys.csv"} <= files


def test_data_dir_from_environment(mini_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATLAS_DATA_DIR", str(mini_dir))
    assert load_dataset().data_dir == mini_dir


def test_missing_data_dir_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="data directory does not exist"):
        load_dataset(tmp_path / "nope")


def _tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def atlas(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=120)


def test_cli_check_valid_fixture_json(mini_dir: Path) -> None:
    result = atlas("check", "--data-dir", str(mini_dir), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["valid"] is True
    assert (summary["articles"], summary["events"], summary["journeys"]) == (1, 1, 1)


@pytest.mark.parametrize("case", ["swapped-lat-lon", "dangling-venue", "quote-straight-apostrophe", "bom",
                                  "missing-file", "binary-article"])
def test_cli_check_broken_exits_1_names_file_and_line_and_writes_nothing(mini_dir: Path, case: str) -> None:
    _, mutate, file, line, expected = next(c for c in BROKEN if c[0] == case)
    mutate(mini_dir)
    before = _tree_digest(mini_dir)
    result = atlas("check", "--data-dir", str(mini_dir))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    where = file if line is None else f"{file}, line {line}"
    assert where in result.stderr, result.stderr
    assert expected in result.stderr, result.stderr
    assert _tree_digest(mini_dir) == before


def test_cli_check_broken_json_lists_problems(mini_dir: Path) -> None:
    edit("places.csv", KHASAN_ROW, "khasan,Khasan,Hasan,station,130.6456,42.4283")(mini_dir)
    result = atlas("check", "--data-dir", str(mini_dir), "--json")
    assert result.returncode == 1
    problems = json.loads(result.stdout)["problems"]
    assert {"file": "places.csv", "line": 3, "field": "lat"}.items() <= problems[0].items()


def test_bundled_dataset_is_valid_and_complete() -> None:
    result = atlas("check", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads(result.stdout)
    assert summary["articles"] >= 5
    assert summary["events"] >= 17
    assert summary["journeys"] >= 10
