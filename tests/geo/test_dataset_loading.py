"""What ``load_dataset`` hands the rest of the project: typed tables with their lines, the articles' records, the
data directory it chose, and warnings that do not make the data invalid; and what it refuses in article files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from geo.core.errors import DatasetError, Problem
from geo.dataset import load_dataset
from geo.dataset.loader import default_data_dir, load_places, resolve_data_dir

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "articles/test-2019-04-24.md"


def problems_of(root: Path) -> list[Problem]:
    with pytest.raises(DatasetError) as caught:
        load_dataset(root)
    return list(caught.value.problems)


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_counts_name_every_table(mini_dir: Path) -> None:
    assert load_dataset(mini_dir).counts() == {
        "articles": 1, "places": 5, "events": 1, "journeys": 1, "stops": 2, "sources": 1, "event_sources": 2,
        "rail_segments": 2, "corrections": 0}


def test_the_repository_data_directory_is_the_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ATLAS_DATA_DIR", raising=False)
    assert default_data_dir() == ROOT / "data"
    assert resolve_data_dir() == ROOT / "data"
    assert resolve_data_dir("") == ROOT / "data"
    assert resolve_data_dir(str(tmp_path)) == tmp_path
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    assert resolve_data_dir() == tmp_path
    assert resolve_data_dir(ROOT) == ROOT


def test_columns_are_typed_and_missing_text_is_empty(mini_dir: Path) -> None:
    dataset = load_dataset(mini_dir)
    places = dataset.places.set_index("id")
    assert str(dataset.places["geonames_id"].dtype) == "Int64"
    assert places.loc["pyongyang", "population"] == 3222000
    assert pd.isna(places.loc["khasan", "geonames_id"])
    assert dataset.places["lat"].dtype == "float64"
    assert dataset.places["extent_km"].dtype == "float64"
    assert places.loc["pyongyang", "note"] == ""
    assert places.loc["ussuriysk", "aliases"] == ()
    assert places.loc["khasan", "file"] == "places.csv"
    assert places.loc["ussuriysk", "file"] == "rail_stations.csv"
    assert dataset.stops["seq"].tolist() == [1, 2]
    assert str(dataset.stops["seq"].dtype) == "Int64"
    assert dataset.stops["_line"].tolist() == [2, 3]
    assert dataset.sources.iloc[0]["author"] == ""
    assert list(dataset.corrections.columns) == [
        "article_id", "start", "end", "surface", "action", "place_id", "note", "time", "_line"]
    assert list(dataset.sources.columns)[-2:] == ["note", "_line"]
    assert list(dataset.stops.columns)[-2:] == ["uncertain", "_line"]
    assert list(dataset.rail_segments.columns)[-2:] == ["note", "_line"]


def test_an_article_record_carries_its_metadata_text_and_fingerprint(mini_dir: Path) -> None:
    article = load_dataset(mini_dir).articles.iloc[0]
    text = (mini_dir / ARTICLE).read_text(encoding="utf-8").split("+++\n", 2)[2]
    assert article["text"] == text
    assert article["text_sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert article["removed"] == ()
    assert article["path"] == str(mini_dir / ARTICLE)
    assert article["_line"] == 6  # the line of `published`, where a date problem is fixed
    assert (article["outlet"], article["published_precision"], article["dateline_place_id"]) == (
        "Test Wire", "day", "vladivostok")


def test_fields_an_article_leaves_out_are_empty(mini_dir: Path) -> None:
    rewrite(mini_dir / ARTICLE, 'byline = ""\n', "")
    rewrite(mini_dir / ARTICLE, "removed = []\n", "")
    rewrite(mini_dir / ARTICLE, 'published = "2019-04-24"', 'removed = ["an advert"]\npublished = "2019-04-24"')
    article = load_dataset(mini_dir).articles.iloc[0]
    assert article["byline"] == ""
    assert article["removed"] == ("an advert",)
    assert article["_line"] == 6


def test_an_undated_article_is_kept(mini_dir: Path) -> None:
    rewrite(mini_dir / ARTICLE, 'published = "2019-04-24"\npublished_precision = "day"',
            'published = ""\npublished_precision = "unknown"')
    article = load_dataset(mini_dir).articles.iloc[0]
    assert (article["published"], article["published_precision"]) == ("", "unknown")


@pytest.mark.parametrize(("old", "new", "line", "field", "message"), [
    ('title = "Test article"', 'title = ""', 3, "title", "front matter lacks 'title'"),
    ('outlet = "Test Wire"\n', "", None, "outlet", "front matter lacks 'outlet'"),
    ('published = "2019-04-24"', 'published = ""', 6, "published", "front matter lacks 'published'"),
    ('published_precision = "day"', 'published_precision = ""', 7, "published_precision",
     "front matter lacks 'published_precision'"),
    ('title = "Test article"', "title = 5", 3, "title", "title must be a string"),
    ("removed = []", 'removed = "ads"', 13, "removed", "removed must be a list of strings"),
    ('id = "test-2019-04-24"', 'id = "other-2019"', 2, "id", "id differs from the file name"),
    ("Pyongyang said the talks went well.\n", "", None, "text", None),
    ('id = "test-2019-04-24"', 'id = "west-2019"', 2, "id", "id differs from the file name"),
])
def test_a_bad_front_matter_field_is_reported_on_its_line(mini_dir: Path, old: str, new: str, line: int | None,
                                                          field: str, message: str | None) -> None:
    if field == "text":  # the whole text blank
        path = mini_dir / ARTICLE
        raw = path.read_text(encoding="utf-8")
        path.write_text(raw[: raw.rindex("+++\n") + 4] + "  \n\n", encoding="utf-8")
        message = "article has no text after the front matter"
    else:
        rewrite(mini_dir / ARTICLE, old, new)
    found = [p for p in problems_of(mini_dir) if p.file == ARTICLE and p.field == field]
    assert [(p.line, p.message) for p in found] == [(line, message)]


def test_an_undated_article_still_needs_its_other_fields(mini_dir: Path) -> None:
    rewrite(mini_dir / ARTICLE, 'published = "2019-04-24"\npublished_precision = "day"',
            'published = ""\npublished_precision = "unknown"')
    rewrite(mini_dir / ARTICLE, 'outlet = "Test Wire"', 'outlet = ""')
    rewrite(mini_dir / ARTICLE, 'title = "Test article"', 'title = ""')
    found = [(p.line, p.field, p.message) for p in problems_of(mini_dir) if p.file == ARTICLE]
    assert found == [(3, "title", "front matter lacks 'title'"), (4, "outlet", "front matter lacks 'outlet'")]


@pytest.mark.parametrize(("published", "precision", "expected"), [
    ('""', '"year"', (6, "published", "front matter lacks 'published'")),
    ("2019", '"year"', (6, "published", "published must be a string")),
    ("2019", '"unknown"', (6, "published", "published must be a string")),
])
def test_only_an_empty_date_declared_unknown_makes_an_undated_article(mini_dir: Path, published: str, precision: str,
                                                                     expected: tuple) -> None:
    rewrite(mini_dir / ARTICLE, 'published = "2019-04-24"\npublished_precision = "day"',
            f"published = {published}\npublished_precision = {precision}")
    assert [(p.line, p.field, p.message) for p in problems_of(mini_dir) if p.file == ARTICLE] == [expected]


@pytest.mark.parametrize(("old", "new", "fix"), [
    ('title = "Test article"', "title = 5", 'write title = "..."'),
    ("removed = []", 'removed = "ads"', "write removed = [...]"),
])
def test_a_field_of_the_wrong_type_says_how_to_write_it(mini_dir: Path, old: str, new: str, fix: str) -> None:
    rewrite(mini_dir / ARTICLE, old, new)
    assert [p.fix for p in problems_of(mini_dir) if p.file == ARTICLE] == [fix]


@pytest.mark.parametrize(("old", "new", "file", "field"), [
    ('title = "Test article"', "title = 5", ARTICLE, "title"),
    ('id = "test-2019-04-24"', 'id = "Test_2019"', "articles/Test_2019.md", "id"),
    ('id = "test-2019-04-24"', 'id = "west-2019"', ARTICLE, "id"),
    ("Pyongyang said the talks went well.\n", "", ARTICLE, "text"),
], ids=["wrong-type", "not-a-slug", "not-the-file-name", "no-text"])
def test_a_refused_article_is_not_checked_further(mini_dir: Path, old: str, new: str, file: str, field: str) -> None:
    """Its dateline is not looked up, nor its passages (the article is reported once, for what makes it
    unreadable)."""
    if field == "text":
        raw = (mini_dir / ARTICLE).read_text(encoding="utf-8")
        (mini_dir / ARTICLE).write_text(raw[: raw.rindex("+++\n") + 4] + "\n", encoding="utf-8")
    else:
        rewrite(mini_dir / ARTICLE, old, new)
    rewrite(mini_dir / ARTICLE, 'dateline_place_id = "vladivostok"', 'dateline_place_id = "nowhere"')
    (mini_dir / ARTICLE).rename(mini_dir / file)
    rewrite(mini_dir / "event_sources.csv", "crossed at Khasan", "sailed past Khasan")
    found = [(p.file, p.field) for p in problems_of(mini_dir) if p.file.startswith("articles/") or p.field == "quote"]
    assert found == [(file, field)]


@pytest.mark.parametrize(("comments", "line"), [(198, 200), (199, None)])
def test_a_field_is_located_in_the_first_200_lines(mini_dir: Path, comments: int, line: int | None) -> None:
    rewrite(mini_dir / ARTICLE, "+++\n", "+++\n" + "# a comment\n" * comments)
    rewrite(mini_dir / ARTICLE, 'id = "test-2019-04-24"', 'id = 5')
    found = [(p.line, p.message) for p in problems_of(mini_dir) if p.file == ARTICLE and p.field == "id"]
    assert found == [(line, "id must be a string")]


def test_an_article_id_that_is_not_a_slug_is_reported(mini_dir: Path) -> None:
    path = mini_dir / ARTICLE
    rewrite(path, 'id = "test-2019-04-24"', 'id = "Test_2019"')
    path.rename(mini_dir / "articles" / "Test_2019.md")
    found = [p for p in problems_of(mini_dir) if p.file == "articles/Test_2019.md"]
    assert [(p.line, p.field, p.message) for p in found] == [(2, "id", "id is not a valid slug")]


@pytest.mark.parametrize("name", ["notes.csv", "README", "a.txt"])
def test_a_file_that_is_not_markdown_is_not_an_article(mini_dir: Path, name: str) -> None:
    (mini_dir / "articles" / name).write_text("notes", encoding="utf-8")
    # reported alone: the article after it (test-2019-04-24.md sorts later) is still read
    assert [(p.file, p.message) for p in problems_of(mini_dir)] == [
        (f"articles/{name}", "is not an article file (articles end in .md)")]


def test_hidden_files_and_folders_in_articles_are_ignored(mini_dir: Path) -> None:
    (mini_dir / "articles" / ".notes.txt").write_text("scratch", encoding="utf-8")
    (mini_dir / "articles" / "drafts").mkdir()
    (mini_dir / "articles" / "drafts" / "x.md").write_text("not an article", encoding="utf-8")
    assert load_dataset(mini_dir).counts()["articles"] == 1


def test_an_article_whose_date_is_past_the_first_200_lines_is_located_at_line_1(mini_dir: Path) -> None:
    rewrite(mini_dir / ARTICLE, 'id = "test-2019-04-24"', 'id = "test-2019-04-24"' + "\n# a comment" * 200)
    assert load_dataset(mini_dir).articles.iloc[0]["_line"] == 1


def test_a_missing_articles_folder_is_reported(mini_dir: Path) -> None:
    for path in (mini_dir / "articles").iterdir():
        path.unlink()
    (mini_dir / "articles").rmdir()
    found = [p for p in problems_of(mini_dir) if p.file == "articles/"]
    assert [(p.line, p.message) for p in found] == [(None, "articles directory is missing")]


def test_an_orphan_mention_cache_is_a_warning_not_an_error(mini_dir: Path) -> None:
    (mini_dir / "mentions").mkdir()
    (mini_dir / "mentions" / "test-2019-04-24.json").write_text("[]", encoding="utf-8")
    (mini_dir / "mentions" / "gone-2019.json").write_text("[]", encoding="utf-8")
    (mini_dir / "mentions" / "readme.txt").write_text("not a cache", encoding="utf-8")
    warnings = load_dataset(mini_dir).warnings
    assert [(w.file, w.message.split(" (")[0]) for w in warnings] == [
        ("mentions/gone-2019.json", "mention cache for an article that does not exist")]


def test_load_places_reads_both_place_files_without_the_articles(mini_dir: Path) -> None:
    for path in (mini_dir / "articles").iterdir():
        path.unlink()
    places = load_places(mini_dir)
    assert sorted(places["id"]) == ["khasan", "pyongyang", "russia", "ussuriysk", "vladivostok"]
    assert set(places["file"]) == {"places.csv", "rail_stations.csv"}
    assert str(places["geonames_id"].dtype) == "Int64"


@pytest.mark.parametrize("file", ["places.csv", "rail_stations.csv"])
def test_load_places_refuses_a_bad_place_row(mini_dir: Path, file: str) -> None:
    path = mini_dir / file
    rows = path.read_text(encoding="utf-8").split("\n")
    rows[1] = rows[1].replace(",city,", ",citty,", 1)
    path.write_text("\n".join(rows), encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_places(mini_dir)
    assert [(p.file, p.line, p.field) for p in caught.value.problems] == [(file, 2, "kind")]
