"""The hostile article set through ``atlas ingest``, ``atlas check`` and ``atlas geoparse``.

Accepted articles are stored byte for byte (payloads kept literally, to be escaped at display time), the dataset
stays valid, and geoparse offsets index the file. Refused inputs exit 1 with one clear message and change nothing.
The set itself is in ``hostile_corpus.py`` (reused by the browser tests, which prove nothing executes).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
from pathlib import Path

import pytest

from geo.cli import main as atlas_main
from geo.dataset import load_dataset
from geo.dataset.articles import parse_article
from tests.reliability.helpers import DATA, assert_no_traceback, atlas, tree_digest
from tests.reliability.hostile_corpus import ACCEPTED, DUPLICATES, REFUSED, HostileArticle, materialise


def run_atlas(*args: str) -> tuple[int, str, str]:
    """``atlas <args>`` in this process (same code path as the command; an unexpected exception fails the test)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = atlas_main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def clean_env():
    """No ATLAS_* settings from the caller's shell (data dir, online geocoder) leak into the in-process runs."""
    with pytest.MonkeyPatch.context() as mp:
        for key in [k for k in os.environ if k.startswith("ATLAS_") and k != "ATLAS_CACHE_DIR"]:
            mp.delenv(key)
        yield


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return materialise(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory, corpus: dict[str, Path], clean_env) -> tuple[Path, dict]:
    """A copy of the bundled data with every accepted article ingested; each ingest's (code, stdout, stderr)."""
    data = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(DATA, data)
    results = {a.name: run_atlas("ingest", "--json", "--data-dir", str(data), str(corpus[a.name])) for a in ACCEPTED}
    return data, results


def assert_places_found(article: HostileArticle, mentions: list[dict]) -> None:
    """The loops over ``mentions`` check something: the places the text names were found (and none where it names
    none)."""
    found = {m["place_id"] for m in mentions}
    if article.places:
        assert set(article.places) <= found, f"{article.name}: missed {set(article.places) - found}"
    else:
        assert not mentions, f"{article.name} names no place, yet: {mentions[:3]}"


@pytest.mark.parametrize("article", ACCEPTED, ids=[a.name for a in ACCEPTED])
def test_accepted_article_is_stored_literally(ingested: tuple[Path, dict], corpus: dict[str, Path],
                                              article: HostileArticle) -> None:
    data, results = ingested
    code, out, err = results[article.name]
    assert code == 0, err
    [report] = json.loads(out)["files"]
    assert report["status"] == "added", report
    stored = Path(report["path"])
    assert stored.parent == data / "articles"
    meta = parse_article(stored.read_text(encoding="utf-8"), stored)
    shown = "\n".join(str(v) for v in meta.values())
    for payload in article.payloads:
        assert payload in shown, f"{payload!r} was altered on the way into {stored.name}"
    source = corpus[article.name].read_text(encoding="utf-8").replace("\r\n", "\n")
    assert meta["text"].strip() in source, "article text was not stored as given"
    cache = json.loads((data / "mentions" / f"{report['article_id']}.json").read_text(encoding="utf-8"))
    assert_places_found(article, cache["mentions"])
    for mention in cache["mentions"]:
        assert meta["text"][mention["start"]:mention["end"]] == mention["surface"], mention


def test_dataset_with_every_accepted_article_is_valid(ingested: tuple[Path, dict]) -> None:
    data, _ = ingested
    dataset = load_dataset(data)
    assert len(dataset.articles) == len(list((DATA / "articles").glob("*.md"))) + len(ACCEPTED)
    result = atlas("check", "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    assert_no_traceback(result)


@pytest.mark.parametrize("article", REFUSED, ids=[a.name for a in REFUSED])
def test_refused_input_exits_1_with_a_clear_message_and_writes_nothing(
        ingested: tuple[Path, dict], corpus: dict[str, Path], article: HostileArticle) -> None:
    data, _ = ingested
    before = tree_digest(data)
    code, out, err = run_atlas("ingest", "--data-dir", str(data), str(corpus[article.name]))
    assert code == 1, out
    assert err.startswith(f"atlas ingest: refused {corpus[article.name]}: "), err
    assert article.message in err, err
    assert len(err.strip().splitlines()) <= 3, f"not one clear message:\n{err}"
    assert tree_digest(data) == before


@pytest.mark.parametrize("article", DUPLICATES, ids=[a.name for a in DUPLICATES])
def test_duplicate_input_exits_0_names_the_stored_article_and_writes_nothing(
        ingested: tuple[Path, dict], corpus: dict[str, Path], article: HostileArticle) -> None:
    data, _ = ingested
    before = tree_digest(data)
    code, out, err = run_atlas("ingest", "--json", "--data-dir", str(data), str(corpus[article.name]))
    assert code == 0, err
    [report] = json.loads(out)["files"]
    assert report["status"] == "duplicate", report
    assert article.message in report["reason"], report
    assert tree_digest(data) == before


@pytest.fixture(scope="module")
def geoparsed(corpus: dict[str, Path], clean_env) -> dict[str, tuple[int, str, str]]:
    """``atlas geoparse --json`` of each accepted file, run once (memoised: the large files are slow)."""
    memo: dict[str, tuple[int, str, str]] = {}

    class Runs(dict):
        def __missing__(self, name: str) -> tuple[int, str, str]:
            memo[name] = run_atlas("geoparse", "--json", str(corpus[name]))
            return memo[name]
    return Runs()


@pytest.mark.parametrize("article", ACCEPTED, ids=[a.name for a in ACCEPTED])
def test_geoparse_json_offsets_index_the_file(corpus: dict[str, Path], geoparsed, article: HostileArticle) -> None:
    path = corpus[article.name]
    code, out, err = geoparsed[article.name]
    assert code == 0, err
    text = path.read_bytes().decode("utf-8")
    rows = json.loads(out)
    assert_places_found(article, rows)
    for row in rows:
        assert 0 <= row["start"] < row["end"] <= len(text), row
        assert text[row["start"]:row["end"]] == row["surface"], row
        if row["passage"] is not None:
            assert row["surface"] in row["passage"], row


def test_geoparse_json_output_grows_linearly(corpus: dict[str, Path], geoparsed) -> None:
    name = "ten-thousand-toponyms.txt"
    code, out, _ = geoparsed[name]
    assert code == 0
    assert len(out) < 50 * corpus[name].stat().st_size + 1_000_000


@pytest.mark.parametrize("name", ["xss-in-metadata.txt", "binary-named.txt"])
def test_ingest_command_in_a_fresh_process(tmp_path: Path, corpus: dict[str, Path], name: str) -> None:
    """The real ``atlas`` process: exit 0 or 1 as expected, never a traceback."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    before = tree_digest(data)
    expected = next(a for a in (*ACCEPTED, *REFUSED) if a.name == name)
    result = atlas("ingest", "--data-dir", str(data), str(corpus[name]))
    assert_no_traceback(result)
    assert result.returncode == (0 if expected.expect == "ingest" else 1), result.stderr
    if expected.expect == "refuse":
        assert expected.message in result.stderr
        assert tree_digest(data) == before
    else:
        assert atlas("check", "--data-dir", str(data)).returncode == 0
