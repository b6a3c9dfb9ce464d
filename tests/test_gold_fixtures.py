"""The hand-annotated gold toponyms (tests/fixtures/gold/*.json) must index the article text the loader sees.

The geoparser evaluation scores against these files, so a stale offset (an article edited after annotation) or a
malformed id would silently corrupt every recognition and resolution figure. Guideline: docs/annotation-guide.md.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from geo.dataset.articles import parse_article

REPO = Path(__file__).resolve().parent.parent
GOLD_DIR = REPO / "tests" / "fixtures" / "gold"
ARTICLES_DIR = REPO / "data" / "articles"
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))


def _gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _article_text(article_id: str) -> str:
    raw = (ARTICLES_DIR / f"{article_id}.md").read_text(encoding="utf-8")
    return parse_article(raw, ARTICLES_DIR / f"{article_id}.md")["text"]


SEED_ARTICLES = ["reuters-1986-12-03", "ap-2011-08-22", "abc-2000-07-19", "newdaily-2023-09", "afp-2002-08-20"]


@pytest.mark.parametrize("article_id", SEED_ARTICLES)
def test_seed_article_has_gold(article_id: str):
    # Ingested articles need no gold; the five seeds are the evaluation corpus and must keep theirs.
    assert (GOLD_DIR / f"{article_id}.json").is_file()


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_names_an_existing_article(path: Path):
    assert (ARTICLES_DIR / f"{path.stem}.md").is_file(), f"no data/articles/{path.stem}.md for {path.name}"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_file_shape(path: Path):
    gold = _gold(path)
    assert set(gold) == {"article_id", "mentions"}
    assert gold["article_id"] == path.stem
    assert gold["mentions"], "an article with no toponyms should not need a gold file"
    for mention in gold["mentions"]:
        assert set(mention) == {"surface", "start", "end", "place_id"}, mention
        assert isinstance(mention["start"], int), mention
        assert isinstance(mention["end"], int), mention
        assert SLUG.fullmatch(mention["place_id"]), f"place_id {mention['place_id']!r} is not a slug"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_offsets_index_the_article_text(path: Path):
    gold = _gold(path)
    text = _article_text(gold["article_id"])
    for mention in gold["mentions"]:
        start, end = mention["start"], mention["end"]
        assert 0 <= start < end <= len(text), mention
        assert text[start:end] == mention["surface"], f"{mention} but the text there is {text[start:end]!r}"
        # A span never starts or ends inside a word: "Korea" inside "Korean" would be a bad annotation.
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        assert not before.isalnum(), f"{mention} starts inside a word"
        assert not after.isalnum(), f"{mention} ends inside a word"
        assert mention["surface"] == mention["surface"].strip(), f"{mention} has surrounding whitespace"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_mentions_sorted_and_not_overlapping(path: Path):
    spans = [(m["start"], m["end"]) for m in _gold(path)["mentions"]]
    assert spans == sorted(spans), "mentions must be in text order"
    for (_, prev_end), (start, _) in itertools.pairwise(spans):
        assert start >= prev_end, f"overlap at offset {start}"


@pytest.mark.parametrize(
    ("article_id", "surface", "place_id"),
    [
        # Traps named in docs/annotation-guide.md: aliases, datelines and abbreviations resolve to one place.
        ("reuters-1986-12-03", "PYONGYANG", "pyongyang"),
        ("reuters-1986-12-03", "Peking", "beijing"),
        ("abc-2000-07-19", "S E O U L", "seoul"),
        ("abc-2000-07-19", "DPRK", "north-korea"),
        ("afp-2002-08-20", "Far-Eastern University", "far-eastern-university"),
        ("afp-2002-08-20", "Komsomolsk-on-Amur", "komsomolsk-on-amur"),
        ("newdaily-2023-09", "Kremlin", "moscow-kremlin"),
    ],
)
def test_documented_cases_are_annotated(article_id: str, surface: str, place_id: str):
    mentions = _gold(GOLD_DIR / f"{article_id}.json")["mentions"]
    assert {m["place_id"] for m in mentions if m["surface"] == surface} == {place_id}


@pytest.mark.parametrize(
    ("article_id", "phrase"),
    [
        # Never toponyms under the guideline: demonym adjectives, organisations, and a wire credit.
        ("reuters-1986-12-03", "Korean Central News Agency"),
        ("newdaily-2023-09", "The New York Times"),
        ("afp-2002-08-20", "Russian Pacific Fleet"),
        ("afp-2002-08-20", "Sapa-AFP"),
        ("ap-2011-08-22", "North Korean"),
    ],
)
def test_documented_non_toponyms_are_not_annotated(article_id: str, phrase: str):
    text = _article_text(article_id)
    mentions = _gold(GOLD_DIR / f"{article_id}.json")["mentions"]
    hits = [m.start() for m in re.finditer(re.escape(phrase), text)]
    assert hits, f"{phrase!r} no longer occurs in {article_id}"
    for hit in hits:
        inside = [m for m in mentions if m["start"] < hit + len(phrase) and hit < m["end"]]
        assert not inside, f"{phrase!r} at {hit} overlaps {inside}"
