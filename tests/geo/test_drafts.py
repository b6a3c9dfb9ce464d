"""``geo.store.drafts``: uploads and pasted text read as ``atlas ingest`` reads a file, saved by the batch ingest."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from geo.dataset import load_dataset
from geo.store.drafts import (
    ReadOnlyError,
    draft_from_bytes,
    draft_from_text,
    published_value,
    safe_filename,
    save_drafts,
    split_published,
)
from tests.app.dashdata import make_data

PAGE = (b"<html><head><title>Kim in Khasan</title><meta property='og:site_name' content='Border Wire'>"
        b"<meta name='author' content='A. Reporter'></head><body><article><p>Kim Jong Un's armoured train reached "
        b"Khasan at dawn on Wednesday and went on to Ussuriysk, where officials were waiting on the platform.</p>"
        b"<p>The visit was the first of its kind in years, and the station had been repainted for it.</p>"
        b"</article></body></html>")


@pytest.fixture(scope="module")
def fixture_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_data(tmp_path_factory.mktemp("drafts") / "data")


@pytest.fixture
def data(fixture_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("ATLAS_READ_ONLY", raising=False)
    return Path(shutil.copytree(fixture_data, tmp_path / "data"))


@pytest.mark.parametrize(("name", "expected"), [
    ("notes.md", "notes.md"), ("../../etc/passwd", "passwd.txt"), ("C:\\Users\\x\\page.HTML", "page.HTML"),
    ("a\x00b\nc.txt", "abc.txt"), ("", "pasted-text.md"), ("...", "pasted-text.md"),
    ("x" * 300 + ".md", "x" * 117 + ".md"),
])
def test_safe_filename(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


def test_front_matter_prefills_the_metadata_as_the_ingest_reads_it() -> None:
    draft = draft_from_bytes("border.md", b"---\nheadline: Border\nsource: Test Wire\npublished: April 2019\n---\n"
                                          b"The train crossed at Zabaikalsk.\n")
    assert not draft.error
    assert (draft.metadata["title"], draft.metadata["outlet"], draft.metadata["published"],
            draft.metadata["published_precision"]) == ("Border", "Test Wire", "2019-04", "month")
    assert draft.text == "The train crossed at Zabaikalsk.\n"
    assert "published 'April 2019' read as 2019-04" in draft.notes


def test_a_web_page_is_read_by_the_html_reader() -> None:
    draft = draft_from_bytes("page.html", PAGE)
    assert not draft.error, draft.error
    assert draft.metadata["title"] == "Kim in Khasan"
    assert draft.metadata["outlet"] == "Border Wire"
    assert "<p>" not in draft.text
    assert "reached Khasan at dawn" in draft.text


def test_a_bad_date_in_the_file_leaves_the_date_unknown_and_says_why() -> None:
    draft = draft_from_text("---\ntitle: T\npublished: someday\n---\nKhasan.\n")
    assert not draft.error
    assert draft.metadata["published"] == ""
    assert draft.metadata["title"] == "T"
    assert any("'someday' is not a date" in note for note in draft.notes)


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "file is empty"),
    (b"\x00\x01binary", "binary"),
    (b"\xff\xfe not utf-8", "UTF-8"),
    (b"+++\ntitle = 'x\n+++\nbody\n", "front matter is not valid TOML"),
    (b"---\ntitle: x\n---\n", "no article text"),
])
def test_unusable_input_is_refused_with_the_ingests_reason(content: bytes, reason: str) -> None:
    draft = draft_from_bytes("in.md", content)
    assert reason in draft.error
    assert "/tmp" not in draft.error
    assert draft.source is None


@pytest.mark.parametrize(("published", "day", "precision"), [
    ("2019-04-24", datetime.date(2019, 4, 24), "day"), ("2019-04", datetime.date(2019, 4, 1), "month"),
    ("2019", datetime.date(2019, 1, 1), "year"), ("", None, "unknown"), ("2019-02-30", None, "unknown"),
])
def test_published_and_its_precision_round_trip(published: str, day, precision: str) -> None:
    assert split_published(published) == (day, precision)
    if day is not None:
        assert published_value(day, precision) == published


def test_published_value_at_each_precision() -> None:
    day = datetime.date(1986, 12, 3)
    assert [published_value(day, p) for p in ("day", "month", "year", "unknown")] == ["1986-12-03", "1986-12",
                                                                                       "1986", ""]
    assert published_value(None, "day") == ""
    with pytest.raises(ValueError, match="unknown date precision"):
        published_value(day, "week")


def test_save_runs_the_batch_ingest_with_the_form_as_overrides(data: Path) -> None:
    first = draft_from_text("---\ntitle: Own title\noutlet: Own Wire\n---\nThe train crossed at Zabaikalsk.\n")
    again = draft_from_bytes("copy.txt", b"The  train crossed at Zabaikalsk.\n")   # the same text, spaced
    refused = draft_from_bytes("empty.md", b"")
    outcomes = save_drafts([(first, {"title": "Form title", "outlet": "Form Wire", "published": "2019-04"}),
                            (again, {}), (refused, {})], data)
    assert [(o.name, o.status) for o in outcomes] == [("pasted-text.md", "added"), ("copy.txt", "duplicate"),
                                                      ("empty.md", "refused")]
    assert "already in the dataset as article 'form-wire-2019-04'" in outcomes[1].reason
    article = load_dataset(data).articles.set_index("id").loc["form-wire-2019-04"]
    assert (article["title"], article["published_precision"]) == ("Form title", "month")
    assert any(m["place_id"] == "zabaikalsk" for m in outcomes[0].mentions)


def test_a_form_value_the_ingest_refuses_is_a_refusal_not_an_exception(data: Path) -> None:
    draft = draft_from_text("Kim's train reached Khasan.\n")
    [outcome] = save_drafts([(draft, {"published": "2019-13"})], data)
    assert outcome.status == "refused"
    assert outcome.reason.startswith("published:")


def test_read_only_writes_nothing(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATLAS_READ_ONLY", "yes")
    before = sorted(p.name for p in (data / "articles").iterdir())
    with pytest.raises(ReadOnlyError, match="read-only"):
        save_drafts([(draft_from_text("Kim's train reached Khasan.\n"), {})], data)
    assert sorted(p.name for p in (data / "articles").iterdir()) == before
