"""``atlas ingest``: metadata, ids, duplicates, bad input, the mention cache, and "nothing written on error"."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo.core.errors import IngestError
from geo.dataset import load_dataset
from geo.store.ingest import ingest_article, new_article_id, normalised_text_sha256, split_front_matter
from geo.store.mentions import cache_path, engine_version, load_mentions, read_cache, text_sha256

ROOT = Path(__file__).resolve().parents[2]
STORY = ("VLADIVOSTOK, April 24 – North Korean leader Kim Jong-un arrived by armoured train at the border station "
         "of Khasan on Wednesday, then travelled on through Ussuriysk to Vladivostok, where he will meet "
         "Russian President Vladimir Putin on Russky Island. He left Pyongyang on Tuesday; it is the leader's "
         "first trip abroad this year.\n")


def tree_digest(root: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every file (the lock file excluded: it is empty and never changes content)."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".atlas.lock"}


def atlas(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ATLAS_") or k == "ATLAS_CACHE_DIR"}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, env=environment, capture_output=True,
                          text=True, timeout=300, check=False)


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


META = {"title": "Kim arrives in Russia", "outlet": "Test Wire", "published": "2019-04-24"}


def test_ingest_adds_article_and_mention_cache(mini_dir, story):
    before = set(load_dataset(mini_dir).articles["id"])
    report = ingest_article(story, data_dir=mini_dir, overrides=META)
    assert report.article_id == "test-wire-2019-04-24"
    dataset = load_dataset(mini_dir)  # the new state is valid
    assert set(dataset.articles["id"]) == before | {report.article_id}
    row = dataset.articles.set_index("id").loc[report.article_id]
    assert row["text"] == STORY
    assert row["title"] == META["title"]
    assert row["published_precision"] == "day"
    assert row["source_file"] == "story.txt"
    assert (row["dateline"], row["dateline_place_id"]) == ("VLADIVOSTOK", "vladivostok")
    doc = read_cache(cache_path(mini_dir, report.article_id))
    assert doc["text_sha256"] == text_sha256(STORY)
    assert doc["engine"] == engine_version(mini_dir)
    places = {m["place_id"] for m in doc["mentions"]}
    assert {"khasan", "vladivostok", "pyongyang"} <= places
    for mention in doc["mentions"]:
        assert STORY[mention["start"]:mention["end"]] == mention["surface"]
    frame = load_mentions(dataset)  # the dashboard's view: the new article's places are there
    assert {"khasan", "vladivostok"} <= set(frame.loc[frame["article_id"] == report.article_id, "place_id"])


@pytest.mark.parametrize(("header", "expected"), [
    ('+++\ntitle = "T1"\noutlet = "The Korea Herald"\npublished = "2011-08"\n+++\n',
     {"title": "T1", "outlet": "The Korea Herald", "published": "2011-08", "id": "korea-herald-2011-08"}),
    ("---\ntitle: 'T2'\noutlet: Yonhap\npublished: 2011-08-20\nurl: https://example.org/a\n---\n\n",
     {"title": "T2", "outlet": "Yonhap", "published": "2011-08-20", "url": "https://example.org/a",
      "id": "yonhap-2011-08-20"}),
])
def test_front_matter_supplies_metadata(mini_dir, tmp_path, header, expected):
    path = tmp_path / "a.md"
    path.write_text(header + STORY, encoding="utf-8")
    report = ingest_article(path, data_dir=mini_dir)
    assert report.article_id == expected.pop("id")
    row = load_dataset(mini_dir).articles.set_index("id").loc[report.article_id]
    assert row["text"] == STORY
    for key, value in expected.items():
        assert row[key] == value


def test_flags_override_front_matter(mini_dir, tmp_path):
    path = tmp_path / "a.md"
    path.write_text('+++\ntitle = "Old"\noutlet = "Yonhap"\npublished = "2011-08-20"\n+++\n' + STORY, "utf-8")
    report = ingest_article(path, data_dir=mini_dir, overrides={"title": "New", "published": "2011-08-21"})
    row = load_dataset(mini_dir).articles.set_index("id").loc[report.article_id]
    assert (row["title"], row["published"], report.article_id) == ("New", "2011-08-21", "yonhap-2011-08-21")


@pytest.mark.parametrize(("text", "expected_meta", "expected_body"), [
    ("plain text\n", {}, "plain text\n"),
    ("---\nnot a block, just a rule\n", {}, "---\nnot a block, just a rule\n"),
    ("---\ntitle: A\n---\nbody", {"title": "A"}, "body"),
    ('+++\ntitle = "A"\n+++\n\nbody', {"title": "A"}, "body"),
])
def test_split_front_matter(text, expected_meta, expected_body):
    assert split_front_matter(text) == (expected_meta, expected_body)


@pytest.mark.parametrize(("taken", "expected"), [
    (set(), "reuters-1986-12-03"),
    ({"reuters-1986-12-03"}, "reuters-1986-12-03-2"),
    ({"reuters-1986-12-03", "reuters-1986-12-03-2"}, "reuters-1986-12-03-3"),
])
def test_id_collisions_get_suffixes(taken, expected):
    assert new_article_id("Reuters", "1986-12-03", taken) == expected


@pytest.mark.parametrize(("outlet", "expected"), [
    ("The New Daily", "new-daily-2023-09"), ("Agence France-Presse", "agence-france-presse-2023-09"),
    ("Ñewsroom Ünited", "newsroom-united-2023-09"), ("연합뉴스", "article-2023-09"),
])
def test_outlet_slug(outlet, expected):
    assert new_article_id(outlet, "2023-09", set()) == expected


def test_same_outlet_and_date_gets_second_id(mini_dir, story, tmp_path):
    first = ingest_article(story, data_dir=mini_dir, overrides=META)
    other = tmp_path / "other.txt"
    other.write_text("Kim Jong-un left Vladivostok for Khasan on Friday.\n", encoding="utf-8")
    second = ingest_article(other, data_dir=mini_dir, overrides=META)
    assert (first.article_id, second.article_id) == ("test-wire-2019-04-24", "test-wire-2019-04-24-2")


@pytest.mark.parametrize("variant", [
    STORY,
    STORY.replace("\n", "\r\n"),
    "  " + STORY.replace(" ", "  ") + "\n\n",
    STORY.replace("'", "’"),
], ids=["same", "crlf", "spaces", "curly-apostrophe"])
def test_duplicate_text_is_refused_naming_the_existing_article(mini_dir, story, tmp_path, variant):
    if variant is not STORY:
        assert variant != STORY, "a variant identical to the story would test nothing"
    first = ingest_article(story, data_dir=mini_dir, overrides=META)
    again = tmp_path / "again.txt"
    again.write_bytes(variant.encode("utf-8"))
    before = tree_digest(mini_dir)
    with pytest.raises(IngestError, match=first.article_id) as refused:
        ingest_article(again, data_dir=mini_dir, overrides={**META, "outlet": "Another Wire"})
    assert str(refused.value).startswith("duplicate: this text is already in the dataset: ")
    assert str(refused.value).endswith(" — nothing was written")
    assert tree_digest(mini_dir) == before


@pytest.mark.parametrize(("text_a", "text_b", "same"), [
    ("Kim  went\r\nto Khasan.", "Kim went to Khasan.", True),
    ("Kim’s train", "Kim's train", True),
    ("Kim went to Khasan.", "Kim went to Tumen.", False),
])
def test_normalised_fingerprint(text_a, text_b, same):
    assert (normalised_text_sha256(text_a) == normalised_text_sha256(text_b)) is same


BAD_INPUTS = {
    "not-utf8.txt": ("Kim arrived in Khasan. Caf\xe9 ".encode("latin-1") * 5, "not valid UTF-8"),
    "bom.txt": (b"\xef\xbb\xbf" + STORY.encode("utf-8"), "byte-order mark"),
    "empty.txt": (b"", "empty"),
    "blank.txt": (b"\n \n\t\n", "empty"),
    "binary.txt": (bytes(range(256)) * 20, "binary"),
    "control.txt": (b"Kim went to Khasan.\x07\n", "control character"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_one_clear_message_and_nothing_written(mini_dir, tmp_path, name):
    content, message = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(content)
    before = tree_digest(mini_dir)
    result = atlas("ingest", str(path), "--title", "T", "--outlet", "O", "--published", "2020-01-01",
                   "--data-dir", str(mini_dir))
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert tree_digest(mini_dir) == before


def test_fifty_megabyte_article_is_refused_naming_the_cap(mini_dir, tmp_path):
    path = tmp_path / "huge.txt"
    line = ("Kim Jong-un's armoured train passed Khabarovsk and Skovorodino on its way to Moscow. " * 12) + "\n"
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    before = tree_digest(mini_dir)
    result = atlas("ingest", str(path), "--title", "T", "--outlet", "O", "--published", "2020-01-01",
                   "--data-dir", str(mini_dir))
    assert result.returncode == 1
    assert "over the 20 MiB limit" in result.stderr
    assert "--max-mb" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert tree_digest(mini_dir) == before


@pytest.mark.parametrize(("overrides", "message"), [
    ({"title": "T", "outlet": "O", "published": "2020-02-30"}, "day 30 does not exist"),
    ({"title": "T", "outlet": "O", "published": "sometime in May"}, "is not a date"),
    ({"title": "T", "outlet": "O", "published": "May 20"}, "has no year"),
])
def test_bad_metadata_is_refused(mini_dir, story, overrides, message):
    before = tree_digest(mini_dir)
    with pytest.raises(IngestError, match=message) as refused:
        ingest_article(story, data_dir=mini_dir, overrides=overrides)
    assert str(refused.value).startswith(f"{story}: ")  # a refusal names the file
    assert tree_digest(mini_dir) == before


def test_missing_file_is_refused(mini_dir, tmp_path):
    result = atlas("ingest", str(tmp_path / "nope.txt"), "--data-dir", str(mini_dir))
    assert result.returncode == 1
    assert "no such file" in result.stderr


def test_missing_metadata_is_derived_and_a_missing_date_is_unknown(mini_dir, story):
    report = ingest_article(story, data_dir=mini_dir, overrides={})
    text = report.article_path.read_text(encoding="utf-8")
    assert report.article_id == "unknown-undated"
    assert 'published = ""' in text
    assert 'published_precision = "unknown"' in text
    assert 'title = "' in text
    assert load_dataset(mini_dir).articles.set_index("id").loc["unknown-undated", "published"] == ""


def test_cli_summary_lists_the_file_its_outcome_and_the_totals(mini_dir, story):
    result = atlas("ingest", str(story), "--title", "T", "--outlet", "Test Wire", "--published", "2019-04-24",
                   "--data-dir", str(mini_dir))
    assert result.returncode == 0, result.stderr
    assert f"added      {story}  → test-wire-2019-04-24:" in result.stdout
    assert "1 added, 0 duplicate(s), 0 refused" in result.stdout


def test_cli_json_report(mini_dir, story):
    result = atlas("ingest", str(story), "--json", "--title", "T", "--outlet", "Test Wire", "--published",
                   "2019-04-24", "--data-dir", str(mini_dir))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["files"][0]["article_id"] == "test-wire-2019-04-24"
    assert report["files"][0]["status"] == "added"
    assert {"khasan", "vladivostok"} <= set(report["places"])
    assert isinstance(report["unresolved"], list)


def test_stale_cache_is_recomputed_in_memory_not_trusted(mini_dir, story):
    report = ingest_article(story, data_dir=mini_dir, overrides=META)
    path = cache_path(mini_dir, report.article_id)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["text_sha256"] = "0" * 64
    doc["mentions"] = [{"start": 0, "end": 3, "surface": "Kim", "place_id": "russia"}]  # a lie the sha exposes
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = path.read_bytes()
    frame = load_mentions(load_dataset(mini_dir))
    mine = frame[frame["article_id"] == report.article_id]
    assert "Kim" not in set(mine["surface"])
    assert {"khasan", "vladivostok"} <= set(mine["place_id"])
    assert path.read_bytes() == before, "loading never writes"


def test_reindex_rewrites_caches_and_removes_orphans(mini_dir):
    orphan = cache_path(mini_dir, "no-such-article")
    orphan.parent.mkdir(exist_ok=True)
    orphan.write_text("{}", encoding="utf-8")
    result = atlas("reindex", "--data-dir", str(mini_dir))
    assert result.returncode == 0, result.stderr
    assert "removed 1 orphan" in result.stdout
    assert not orphan.exists()
    dataset = load_dataset(mini_dir)
    for article in dataset.articles.itertuples():
        doc = read_cache(cache_path(mini_dir, article.id))
        assert doc["text_sha256"] == text_sha256(article.text)
        assert doc["engine"] == engine_version(mini_dir)


@pytest.mark.parametrize(("written", "stored"), [
    ("20 May 2020", "2020-05-20"), ("May 2020", "2020-05"), ("Wednesday, May 20, 2020 10:05 GMT", "2020-05-20"),
    ("2020-05-20T10:05:00+03:00", "2020-05-20"),
])
def test_dates_as_people_write_them_are_read_at_their_precision(mini_dir, story, written, stored):
    report = ingest_article(story, data_dir=mini_dir, overrides={"title": "T", "outlet": "O", "published": written})
    row = load_dataset(mini_dir).articles.set_index("id").loc[report.article_id]
    assert row["published"] == stored
