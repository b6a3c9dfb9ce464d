"""The batch ingest in process (``geo.store.batch``): what ``ingest_batch`` adds, finds to be a duplicate or refuses
and why, what it writes, the report a person or a script reads (table, JSON, unresolved CSV), progress, resuming
after an interrupted batch, and the metadata it derives. On a copy of the small fixture dataset, without the
``atlas`` subprocesses of ``test_batch_ingest.py`` (seconds each): fast enough for mutation testing."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest

from geo.core.atomic import TEMP_PREFIX
from geo.core.errors import DatasetError, IngestError
from geo.dataset import load_dataset
from geo.dataset.articles import parse_article
from geo.store.batch import (
    ADDED,
    DUPLICATE,
    REFUSED,
    BatchReport,
    Outcome,
    article_metadata,
    detect_dateline,
    ingest_batch,
    new_article_id,
)
from geo.store.corpus_index import load_corpus, snapshot_corpus
from geo.store.mentions import cache_path, load_mentions, read_cache
from geo.store.sources import Source
from tests.support.dispatches import write_corpus

#: the reason an empty file is refused with (sources.py's message without "— nothing was written")
EMPTY = "file is empty; restore its content (git checkout) or delete it"
FRONT = "title: {title}\noutlet: Test Wire\npublished: {published}\n"


def write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def dispatch(folder: Path, name: str, body: str, *, title: str = "T", published: str = "2019-04-24") -> str:
    """An article file with front matter (title, outlet Test Wire, date) and ``body``."""
    return write(folder / name, f"---\n{FRONT.format(title=title, published=published)}---\n{body}")


def stored(data_dir: Path, article_id: str) -> tuple[dict, str]:
    """The front matter and text of an article file as written."""
    meta = parse_article((data_dir / "articles" / f"{article_id}.md").read_text(encoding="utf-8"))
    return meta, meta.pop("text")


# ---- what a batch adds, and what it refuses ----

def test_a_batch_adds_each_good_file_and_refuses_each_bad_one_with_its_reason(mini_dir: Path, tmp_path: Path) -> None:
    """Good files are added whatever bad files sit next to them; each bad one is named with a reason without
    the file name repeated or "nothing was written" (the batch wrote the others)."""
    inbox = tmp_path / "inbox"
    good = write_corpus(inbox / "week1", 2)
    (inbox / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    write(inbox / "empty.md", "")
    write(inbox / "bad-date.md", "---\ntitle: T\npublished: 31 Febtember\n---\nText about Pyongyang.\n")
    before = set(load_dataset(mini_dir).articles["id"])
    report = ingest_batch([str(inbox)], data_dir=mini_dir)
    outcomes = {o.name: o for o in report.outcomes}
    assert [o.status for o in report.outcomes] == [REFUSED, REFUSED, REFUSED, ADDED, ADDED]
    assert outcomes[str(inbox / "empty.md")].reason == EMPTY
    assert "binary" in outcomes[str(inbox / "binary.txt")].reason
    assert outcomes[str(inbox / "bad-date.md")].reason.startswith("published: '31 Febtember' is not a date")
    for o in report.of(REFUSED):
        assert o.name not in o.reason
        assert "nothing was written" not in o.reason
    assert report.exit_code == 1
    assert report.data_dir == str(mini_dir)
    after = load_dataset(mini_dir).articles.set_index("id")
    added = [outcomes[str(p)] for p in good]
    assert set(after.index) == before | {o.article_id for o in added}
    for path, outcome in zip(good, added, strict=True):
        assert after.loc[outcome.article_id, "source_file"] == path.name
        assert outcome.path == str(mini_dir / "articles" / f"{outcome.article_id}.md")


def test_a_batch_without_article_files_is_an_error_naming_what_was_looked_for(tmp_path: Path) -> None:
    """A folder with no article file in it is one clear error, not an empty report."""
    write(tmp_path / "inbox" / "picture.png", "x")
    with pytest.raises(IngestError, match=r"^no article files found in .*inbox \(looked for \.txt, \.md, "
                                          r"\.markdown, \.html, \.htm\)$"):
        ingest_batch([str(tmp_path / "inbox")], data_dir=tmp_path / "nowhere")


def test_a_batch_of_only_refused_files_leaves_the_data_directory_untouched(mini_dir: Path, tmp_path: Path) -> None:
    """When every input is refused the data directory is not even locked: no file appears or changes in it."""
    before = sorted(p.relative_to(mini_dir) for p in mini_dir.rglob("*"))
    report = ingest_batch([write(tmp_path / "empty.txt", "")], data_dir=mini_dir)
    assert [(o.status, o.reason) for o in report.outcomes] == [(REFUSED, EMPTY)]
    assert report.data_dir == str(mini_dir)
    assert sorted(p.relative_to(mini_dir) for p in mini_dir.rglob("*")) == before


def test_what_the_batch_writes_is_the_article_file_and_its_mention_cache(mini_dir: Path, tmp_path: Path) -> None:
    """The article file carries the metadata and the text as given; its mention cache holds the mentions the
    outcome reports; the dataset loads with the article in it and the dashboard's view of mentions sees them."""
    body = "VLADIVOSTOK, April 24 - The armoured train left Khasan for Ussuriysk.\n"
    path = dispatch(tmp_path, "story.md", body, title="Train at the border")
    report = ingest_batch([path], data_dir=mini_dir)
    [outcome] = report.outcomes
    assert (outcome.status, outcome.article_id) == (ADDED, "test-wire-2019-04-24")
    meta, text = stored(mini_dir, outcome.article_id)
    assert text == body
    assert (meta["id"], meta["title"], meta["outlet"], meta["published"], meta["published_precision"]) == (
        "test-wire-2019-04-24", "Train at the border", "Test Wire", "2019-04-24", "day")
    assert (meta["dateline"], meta["dateline_place_id"], meta["source_file"]) == (
        "VLADIVOSTOK", "vladivostok", "story.md")
    cached = read_cache(cache_path(mini_dir, outcome.article_id))["mentions"]
    assert cached == outcome.mentions
    assert {"vladivostok", "khasan", "ussuriysk"} <= {m["place_id"] for m in cached}
    dataset = load_dataset(mini_dir)
    frame = load_mentions(dataset)
    assert {"khasan", "ussuriysk"} <= set(frame.loc[frame["article_id"] == outcome.article_id, "place_id"])


def test_the_snapshot_after_a_batch_is_what_a_fresh_load_gives(mini_dir: Path, tmp_path: Path) -> None:
    """The corpus snapshot refreshed at the end of a batch (from the validated would-be dataset and the new
    mentions, not read again) holds the new articles and their mentions, with paths in the data directory."""
    snapshot_corpus(mini_dir)  # a snapshot exists before the batch: the batch adds to it
    first = ingest_batch([str(p) for p in write_corpus(tmp_path / "a", 1)], data_dir=mini_dir)
    second = ingest_batch([str(p) for p in write_corpus(tmp_path / "b", 2, start=1)], data_dir=mini_dir)
    snapshot = snapshot_corpus(mini_dir)
    assert snapshot is not None
    dataset, mentions = snapshot
    fresh = load_dataset(mini_dir)
    assert sorted(dataset.articles["id"]) == sorted(fresh.articles["id"])
    assert dataset.data_dir == fresh.data_dir
    paths = dataset.articles.set_index("id")["path"]
    for outcome in first.outcomes + second.outcomes:
        assert paths[outcome.article_id] == str(mini_dir / "articles" / f"{outcome.article_id}.md")
        ours = mentions[mentions["article_id"] == outcome.article_id]
        assert sorted(ours["surface"]) == sorted(m["surface"] for m in outcome.mentions)
    expected = load_mentions(fresh).sort_values(["article_id", "start"]).reset_index(drop=True)
    got = mentions.sort_values(["article_id", "start"]).reset_index(drop=True)
    assert got[list(expected.columns)].equals(expected)


def test_stale_temp_files_of_a_killed_writer_are_removed(mini_dir: Path, tmp_path: Path) -> None:
    """A temp file a killed writer left in the data directory, its articles or its mentions is removed by the
    next batch (which holds the lock, so it cannot be a live writer's)."""
    (mini_dir / "mentions").mkdir(exist_ok=True)
    leftovers = [folder / f"{TEMP_PREFIX}x.part" for folder in (mini_dir, mini_dir / "articles", mini_dir / "mentions")]
    for leftover in leftovers:
        leftover.write_text("half", encoding="utf-8")
    ingest_batch([str(p) for p in write_corpus(tmp_path, 1)], data_dir=mini_dir)
    assert [p for p in leftovers if p.exists()] == []


# ---- duplicates and resuming ----

def test_a_text_already_in_the_dataset_or_earlier_in_the_batch_is_a_duplicate(mini_dir: Path,
                                                                                tmp_path: Path) -> None:
    """Duplicates are found by normalised text: against the dataset (naming the article) and within the batch
    (naming the earlier file); a duplicate is not an error."""
    first = ingest_batch([dispatch(tmp_path, "one.md", "The train left Khasan.\n")], data_dir=mini_dir)
    article_id = first.outcomes[0].article_id
    again = dispatch(tmp_path / "again", "one.md", "The  train left   Khasan.\n", title="Other title")
    twin_a = dispatch(tmp_path, "twin-a.md", "Kim reached Ussuriysk.\n")
    twin_b = dispatch(tmp_path, "twin-b.md", "Kim reached  Ussuriysk.\n", published="2019-05-01")
    report = ingest_batch([again, twin_a, twin_b], data_dir=mini_dir)
    assert [(o.status, o.reason) for o in report.outcomes] == [
        (DUPLICATE, f"already in the dataset as article {article_id!r}"),
        (ADDED, ""),
        (DUPLICATE, f"the same text as {twin_a} in this batch")]
    assert report.exit_code == 0
    assert (report.to_dict()["added"], report.to_dict()["duplicates"]) == (1, 2)


def test_an_interrupted_batch_run_again_adds_each_article_exactly_once(mini_dir: Path, tmp_path: Path) -> None:
    """What an interrupted batch leaves (some articles written, one mention cache without its article) and the
    same batch run again: the written ones are duplicates, the rest are added, each text is there once and the
    dataset is valid."""
    inbox = tmp_path / "inbox"
    paths = write_corpus(inbox, 5)
    partial = ingest_batch([str(p) for p in paths[:2]], data_dir=mini_dir)
    orphan = partial.outcomes[1]
    (mini_dir / "articles" / f"{orphan.article_id}.md").unlink()  # killed between the cache and the article file
    report = ingest_batch([str(inbox)], data_dir=mini_dir)
    assert [o.status for o in report.outcomes] == [DUPLICATE, ADDED, ADDED, ADDED, ADDED]
    texts = [t for t in load_dataset(mini_dir).articles["text"] if t.startswith("Dispatch ")]
    assert len(texts) == len(set(texts)) == 5


# ---- ids ----

def test_ids_follow_outlet_and_date_and_never_reuse_a_taken_one(mini_dir: Path, tmp_path: Path) -> None:
    """Two articles of one outlet and day get -2 after the first, in one batch or the next (the id of an article
    already in the dataset is taken); an undated article is <outlet>-undated, "the" dropped."""
    a = dispatch(tmp_path, "a.md", "Kim left Khasan.\n")
    b = dispatch(tmp_path, "b.md", "Kim left Ussuriysk.\n")
    c = write(tmp_path / "c.md", "---\noutlet: The Border Post\n---\nKim left Pyongyang.\n")
    report = ingest_batch([a, b, c], data_dir=mini_dir)
    assert [o.article_id for o in report.outcomes] == ["test-wire-2019-04-24", "test-wire-2019-04-24-2",
                                                       "border-post-undated"]
    assert [o.undated for o in report.outcomes] == [False, False, True]
    d = dispatch(tmp_path, "d.md", "Kim left Vladivostok.\n")
    assert ingest_batch([d], data_dir=mini_dir).outcomes[0].article_id == "test-wire-2019-04-24-3"


@pytest.mark.parametrize(("outlet", "published", "taken", "expected"), [
    ("Reuters", "1986-12-03", set(), "reuters-1986-12-03"),
    ("Reuters", "1986-12-03", {"reuters-1986-12-03"}, "reuters-1986-12-03-2"),
    ("Reuters", "1986-12-03", {"reuters-1986-12-03", "reuters-1986-12-03-2"}, "reuters-1986-12-03-3"),
    ("The Korea Herald", "2019", set(), "korea-herald-2019"),
    ("Théâtre Wire", "", set(), "theatre-wire-undated"),
    ("日本", "2019-04", set(), "article-2019-04"),
])
def test_new_article_id(outlet: str, published: str, taken: set[str], expected: str) -> None:
    """``<outlet-slug>-<date>``: accents dropped, a leading "the" dropped, "article" when nothing is left,
    "undated" without a date, -2, -3… past the taken ids."""
    assert new_article_id(outlet, published, taken) == expected


# ---- an article the would-be dataset refuses ----

def test_an_article_that_would_make_the_dataset_invalid_is_refused_and_the_rest_added(mini_dir: Path,
                                                                                       tmp_path: Path) -> None:
    """The loader's objection to one new article refuses that article alone, with the problem and its field;
    the others of the batch are written."""
    bad = write(tmp_path / "bad.md", "---\ntitle: T\noutlet: Test Wire\npublished: 2019-04-24\n"
                                     "dateline: ATLANTIS\ndateline_place_id: atlantis\n---\nKim left Khasan.\n")
    good = dispatch(tmp_path, "good.md", "Kim left Ussuriysk.\n", published="2019-04-25")
    report = ingest_batch([bad, good], data_dir=mini_dir)
    refused, added = report.outcomes
    assert refused.status == REFUSED
    assert refused.reason == "would make the dataset invalid: dateline_place_id names no place (dateline_place_id)"
    assert not (mini_dir / "articles" / f"{refused.article_id}.md").exists()
    assert added.status == ADDED
    assert load_dataset(mini_dir).articles["id"].tolist().count(added.article_id) == 1
    assert report.exit_code == 1
    assert report.to_dict()["files"][0] == {"file": bad, "status": REFUSED, "reason": refused.reason}


def test_a_batch_whose_only_article_is_refused_by_the_loader_writes_nothing(mini_dir: Path, tmp_path: Path) -> None:
    """When the would-be dataset leaves nothing to add, no article file and no mention cache is written."""
    bad = write(tmp_path / "bad.md", "---\ntitle: T\noutlet: Test Wire\npublished: 2019-04-24\n"
                                     "dateline: ATLANTIS\ndateline_place_id: atlantis\n---\nKim left Khasan.\n")
    before = sorted(p.name for p in (mini_dir / "articles").iterdir())
    report = ingest_batch([bad], data_dir=mini_dir)
    assert report.outcomes[0].status == REFUSED
    assert sorted(p.name for p in (mini_dir / "articles").iterdir()) == before
    assert not (mini_dir / "mentions").exists() or not list((mini_dir / "mentions").iterdir())


def test_an_invalid_data_directory_stops_the_batch(mini_dir: Path, tmp_path: Path) -> None:
    """A dataset that is invalid before the batch raises DatasetError: nothing new is blamed or written."""
    places = mini_dir / "places.csv"
    places.write_text(places.read_text(encoding="utf-8").replace(",RU,", ",XX,", 1), encoding="utf-8")
    with pytest.raises(DatasetError):
        ingest_batch([dispatch(tmp_path, "a.md", "Kim left Khasan.\n")], data_dir=mini_dir)
    assert not (mini_dir / "articles" / "test-wire-2019-04-24.md").exists()



def test_a_data_directory_made_invalid_behind_its_snapshots_back_stops_the_batch(mini_dir: Path,
                                                                                 tmp_path: Path) -> None:
    """A table edited without changing its size or time (so the snapshot still looks fresh) into an invalid one:
    the validation of the would-be dataset finds a problem no new article causes, and the batch stops with
    DatasetError instead of blaming (or retrying) the new articles."""
    load_corpus(mini_dir)  # writes the snapshot
    events = mini_dir / "events.csv"
    stat = events.stat()
    events.write_text(events.read_text(encoding="utf-8").replace("KP|RU", "KP|R1", 1), encoding="utf-8")
    os.utime(events, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert snapshot_corpus(mini_dir) is not None, "the snapshot must still look fresh for this test to mean anything"
    with pytest.raises(DatasetError, match=r"events\.csv"):
        ingest_batch([dispatch(tmp_path, "a.md", "Kim left Khasan.\n")], data_dir=mini_dir)
    assert not (mini_dir / "articles" / "test-wire-2019-04-24.md").exists()

# ---- the report ----

def test_the_summary_lists_each_file_its_outcome_and_the_totals(mini_dir: Path, tmp_path: Path) -> None:
    """One line per input (status, file, id with mention counts or the reason), the totals with the undated
    count, the unresolved names, the batch's notes."""
    dated = dispatch(tmp_path, "dated.md", "Oil left the port of Zlatorog for Vladivostok.\n")
    undated = write(tmp_path / "undated.md", "---\ntitle: U\noutlet: Test Wire\n---\nKim left Pyongyang.\n")
    empty = write(tmp_path / "empty.md", "")
    report = ingest_batch([dated, undated, empty], data_dir=mini_dir)
    report.notes.append("a note of the batch")
    assert report.summary().splitlines() == [
        f"added      {dated}  → test-wire-2019-04-24: 2 mention(s), 1 unresolved",
        f"added      {undated}  → test-wire-undated: 1 mention(s), 0 unresolved; date unknown",
        f"refused    {empty}  — {EMPTY}",
        "2 added, 0 duplicate(s), 1 refused; 1 undated",
        "unresolved names: 1 — Zlatorog (1)",
        "note: a note of the batch"]


def test_the_summary_without_undated_articles_or_unresolved_names_is_the_totals_alone(
        mini_dir: Path, tmp_path: Path) -> None:
    """Nothing about undated articles or unresolved names when there are none."""
    report = ingest_batch([dispatch(tmp_path, "a.md", "Kim left Khasan.\n")], data_dir=mini_dir)
    assert report.summary().splitlines()[1:] == ["1 added, 0 duplicate(s), 0 refused"]


def test_the_json_report_counts_and_lists_every_file(mini_dir: Path, tmp_path: Path) -> None:
    """``--json``: the counts, the undated files, each file's entry (id, path, mention counts, undated, notes),
    the places found (sorted, once each) and the unresolved names."""
    dated = dispatch(tmp_path, "dated.md", "Oil left the port of Zlatorog for Vladivostok and Khasan.\n")
    undated = write(tmp_path / "undated.md", "Kim left Pyongyang for Khasan.\n")
    again = dispatch(tmp_path / "again", "dated.md", "Oil left the port of Zlatorog for Vladivostok and Khasan.\n")
    report = ingest_batch([dated, undated, again], data_dir=mini_dir).to_dict()
    assert (report["added"], report["duplicates"], report["refused"]) == (2, 1, 0)
    assert report["undated"] == [undated]
    assert report["places"] == ["khasan", "pyongyang", "vladivostok"]
    assert report["unresolved"] == [{"surface": "Zlatorog", "count": 1, "files": [dated]}]
    assert report["notes"] == []
    first, second, third = report["files"]
    assert first == {"file": dated, "status": ADDED, "article_id": "test-wire-2019-04-24",
                     "path": str(mini_dir / "articles" / "test-wire-2019-04-24.md"), "mentions": 3,
                     "unresolved": 1, "undated": False}
    assert (second["article_id"], second["undated"], second["mentions"], second["unresolved"]) == (
        "unknown-undated", True, 2, 0)
    assert second["notes"] == ["no title given: took the first line of the text", "no outlet given: 'unknown'"]
    assert third == {"file": again, "status": DUPLICATE, "reason": f"the same text as {dated} in this batch"}


def test_unresolved_names_are_counted_across_the_batch_most_frequent_first(mini_dir: Path, tmp_path: Path) -> None:
    """Each name the gazetteer left unresolved: how often across the added articles, in which files (each once,
    in input order); most frequent first, then alphabetical; the CSV gives the same rows for a curator."""
    one = dispatch(tmp_path, "one.md", "Oil left the port of Zlatorog and the port of Zlatorog again.\n")
    two = dispatch(tmp_path, "two.md", "Ships left the port of Zlatorog for the port of Brinovo.\n",
                   published="2019-04-25")
    three = dispatch(tmp_path, "three.md", "Ships reached the port of Almarik.\n", published="2019-04-26")
    report = ingest_batch([one, two, three], data_dir=mini_dir)
    assert report.unresolved_names() == [
        {"surface": "Zlatorog", "count": 3, "files": [one, two]},
        {"surface": "Almarik", "count": 1, "files": [three]},
        {"surface": "Brinovo", "count": 1, "files": [two]}]
    rows = list(csv.reader(io.StringIO(report.unresolved_csv())))
    assert rows == [["surface", "count", "files"], ["Zlatorog", "3", f"{one}|{two}"], ["Almarik", "1", three],
                    ["Brinovo", "1", two]]
    assert report.unresolved_csv().endswith("\n")
    assert "\r" not in report.unresolved_csv()


def test_more_than_ten_unresolved_names_are_shortened_in_the_summary() -> None:
    """The summary names the ten most frequent unresolved names and marks the rest with an ellipsis; at ten
    exactly, no ellipsis."""
    def batch(count: int) -> BatchReport:
        mentions = [{"surface": f"Port{n:02d}", "place_id": None} for n in range(count)]
        return BatchReport([Outcome("a.md", ADDED, article_id="a", mentions=mentions)])
    line = batch(11).summary().splitlines()[-1]
    assert line.startswith("unresolved names: 11 — Port00 (1), ")
    assert line.endswith("Port09 (1) …")
    assert "Port10" not in line
    assert batch(10).summary().splitlines()[-1].endswith("Port09 (1)")


def test_unresolved_names_skip_resolved_and_nameless_mentions_and_other_outcomes() -> None:
    """Only added articles' mentions without a place and with a surface count as unresolved names."""
    mentions = [{"surface": "Khasan", "place_id": "khasan"}, {"surface": "", "place_id": None},
                {"surface": "Zlatorog", "place_id": None}]
    report = BatchReport([Outcome("a.md", ADDED, article_id="a", mentions=mentions),
                          Outcome("b.md", REFUSED, "no", mentions=[{"surface": "Brinovo", "place_id": None}])])
    assert report.unresolved_names() == [{"surface": "Zlatorog", "count": 1, "files": ["a.md"]}]
    assert report.to_dict()["files"][0]["unresolved"] == 2
    assert report.to_dict()["places"] == ["khasan"]


def test_exit_code_is_1_only_when_an_input_was_refused() -> None:
    """Added and duplicate inputs are success; any refusal makes the batch fail."""
    assert BatchReport([Outcome("a", ADDED), Outcome("b", DUPLICATE, "x")]).exit_code == 0
    assert BatchReport([Outcome("a", ADDED), Outcome("b", REFUSED, "x")]).exit_code == 1


def test_progress_reports_reading_geoparsing_and_writing(mini_dir: Path, tmp_path: Path) -> None:
    """``progress(stage, done, total)``: every input read, every new text geoparsed, every article written,
    counted from 1 up to the stage's total."""
    paths = [str(p) for p in write_corpus(tmp_path / "inbox", 2)]
    ingest_batch(paths[:1], data_dir=mini_dir)
    calls: list[tuple[str, int, int]] = []
    ingest_batch([*paths, write(tmp_path / "empty.md", "")], data_dir=mini_dir,
                 progress=lambda stage, done, total: calls.append((stage, done, total)))
    assert calls == [("read", 1, 3), ("read", 2, 3), ("read", 3, 3), ("geoparse", 1, 1), ("write", 1, 1)]


def test_notes_tell_what_was_derived_or_ignored(mini_dir: Path, tmp_path: Path) -> None:
    """An input's notes say which metadata was derived and which front-matter keys were ignored (aliases are
    known keys, not ignored ones)."""
    path = write(tmp_path / "a.md", "---\ntitle: T\nsite: Test Wire\ndate: 24 April 2019\nwhatever: 1\n"
                                    "tags: [x]\n---\nKim left Khasan.\n")
    [outcome] = ingest_batch([path], data_dir=mini_dir).outcomes
    assert outcome.notes == ["published '24 April 2019' read as 2019-04-24",
                             "ignored unknown front-matter key(s): tags, whatever"]
    assert outcome.article_id == "test-wire-2019-04-24"


# ---- datelines ----

def test_a_dateline_is_found_at_the_start_of_the_text_and_placed() -> None:
    """An all-caps place before a comma in the first five lines is the dateline, with its place id; a
    dateline the gazetteer does not know, or one further down, is none."""
    from geo.store.parallel import load_gazetteer

    gazetteer = load_gazetteer(str(Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "mini"))
    assert detect_dateline("\n\n\n\nKHASAN, Aug 20 - The train.", gazetteer) == ("KHASAN", "khasan")
    assert detect_dateline("\n\n\n\n\nKHASAN, Aug 20 - The train.", gazetteer) == ("", "")
    assert detect_dateline("  ST. PETERSBURG, Aug 20", gazetteer) == ("ST. PETERSBURG", "geonames:498817")
    assert detect_dateline("ZLATOROG, Aug 20\nKHASAN, Aug 21", gazetteer) == ("KHASAN", "khasan")
    assert detect_dateline("Khasan, Aug 20", gazetteer) == ("", "")


def test_a_given_dateline_gets_its_place_and_a_given_place_is_kept(mini_dir: Path, tmp_path: Path) -> None:
    """A dateline given without a place id is looked up; one given with its place id keeps it; an unknown
    dateline keeps no place."""
    given = [("Khasan", ""), ("Vladivostok", "khasan"), ("Zlatorog", "")]
    paths = [write(tmp_path / f"{n}.md", f"---\ntitle: T\noutlet: Test Wire\npublished: 2019-04-2{n}\n"
                                         f"dateline: {dateline}\n" + (f"dateline_place_id: {place}\n" if place else "")
                                         + f"---\nPYONGYANG, text {n} about Ussuriysk.\n")
             for n, (dateline, place) in enumerate(given)]
    report = ingest_batch(paths, data_dir=mini_dir)
    assert [(stored(mini_dir, o.article_id)[0]["dateline"], stored(mini_dir, o.article_id)[0]["dateline_place_id"])
            for o in report.outcomes] == [("Khasan", "khasan"), ("Vladivostok", "khasan"), ("Zlatorog", "")]


# ---- metadata ----

def source(body: str = "Kim left Khasan.\n", name: str = "inbox/story.md") -> Source:
    return Source(name=name, body=body, meta={}, fingerprint="")


def test_flags_win_over_front_matter_and_aliases_are_read() -> None:
    """Front-matter aliases (date, site, author, link, headline…) fill the article's fields; flags win; a flag
    left None does not erase the file's value; lists are joined and numbers written out."""
    front = {"headline": "From the file", "site": "Site Wire", "author": ["A. Writer", "B. Writer"],
             "link": "https://example.org/a", "date": 2019, "notes": 7, "id": "ignored", "text": "ignored"}
    meta = article_metadata(front, {"title": "From a flag", "outlet": None}, source())
    assert (meta["title"], meta["outlet"], meta["byline"], meta["url"]) == (
        "From a flag", "Site Wire", "A. Writer, B. Writer", "https://example.org/a")
    assert (meta["published"], meta["published_precision"], meta["notes"]) == ("2019", "year", "7")
    assert meta["source_file"] == "story.md"
    assert meta["removed"] == []
    assert "id" not in meta
    assert "text" not in meta


def test_a_missing_title_is_the_first_line_of_the_text_else_the_file_name() -> None:
    """The first non-blank line without Markdown heading marks; a first line over 200 characters gives way to
    the file's name; no source at all is "untitled"."""
    assert article_metadata({}, {}, source("\n  \n## Train reaches Khasan #\nbody\n"))["title"] == (
        "Train reaches Khasan")
    assert article_metadata({}, {}, source("x" * 200 + "\n"))["title"] == "x" * 200
    assert article_metadata({}, {}, source("x" * 201 + "\n"))["title"] == "story"
    assert article_metadata({}, {}, source("\n \n", name="-"))["title"] == "-"
    assert article_metadata({}, {}, source("x" * 201, name=".md"))["title"] == ".md"
    assert article_metadata({}, {}, None)["title"] == "untitled"


def test_a_missing_outlet_is_the_urls_host_else_unknown_and_each_is_noted() -> None:
    """No outlet: the URL's host without www., noted as from the URL; no URL either: "unknown"."""
    src = source()
    meta = article_metadata({"title": "T", "url": "https://www.example.org/news/1"}, {}, src)
    assert meta["outlet"] == "example.org"
    assert src.notes == ["no outlet given: 'example.org' (from the URL)"]
    src = source()
    assert article_metadata({"title": "T"}, {}, src)["outlet"] == "unknown"
    assert src.notes == ["no outlet given: 'unknown'"]
    src = source()
    article_metadata({}, {}, src)
    assert src.notes == ["no title given: took the first line of the text", "no outlet given: 'unknown'"]


def test_an_undated_article_has_the_unknown_precision_and_no_note() -> None:
    """No date given: published is empty and its precision "unknown"; an empty date is not a note."""
    src = source()
    meta = article_metadata({"title": "T", "outlet": "O", "published": "  "}, {}, src)
    assert (meta["published"], meta["published_precision"]) == ("", "unknown")
    assert src.notes == []


@pytest.mark.parametrize(("written", "published", "precision", "noted"), [
    ("2019", "2019", "year", False),
    ("2019-04", "2019-04", "month", False),
    ("2019-04-24", "2019-04-24", "day", False),
    ("2019-04-24T10:05:00Z", "2019-04-24", "day", False),
    ("2019-04-24 10:05", "2019-04-24", "day", False),
    ("24 April 2019", "2019-04-24", "day", True),
    ("April 24, 2019 10:05 GMT", "2019-04-24", "day", True),
    ("Apr 2019", "2019-04", "month", True),
    ("February 2019", "2019-02", "month", True),
    ("1 February 2019", "2019-02-01", "day", True),
    ("2 Feb 2001", "2001-02-02", "day", True),
    ("2001", "2001", "year", False),
    ("2019,", "2019", "year", False),
])
def test_dates_as_people_write_them_are_read_at_their_precision(written: str, published: str, precision: str,
                                                                  noted: bool) -> None:
    """ISO forms as they are (a time after the day dropped); other forms at the precision they give, even when
    a part equals one of the defaults the parser fills in; a date not written in ISO form is noted."""
    src = source()
    meta = article_metadata({"title": "T", "outlet": "O", "published": written}, {}, src)
    assert (meta["published"], meta["published_precision"]) == (published, precision)
    assert src.notes == ([f"published {written!r} read as {published}"] if noted else [])


@pytest.mark.parametrize(("written", "message"), [
    ("2019-02-30", "published: '2019-02-30': day 30 does not exist in 2019-02"),
    ("2019-13", "published: '2019-13': month 13 does not exist"),
    ("2019-02-30T10:05", "published: '2019-02-30': day 30 does not exist in 2019-02"),
    ("2019-02-30 10:05", "published: '2019-02-30': day 30 does not exist in 2019-02"),
    ("soon", "published: 'soon' is not a date; write YYYY-MM-DD (or YYYY-MM, YYYY), or a date such as 24 April "
             "2019"),
    ("99999999999999999999", "published: '99999999999999999999' is not a date; write YYYY-MM-DD (or YYYY-MM, "
                             "YYYY), or a date such as 24 April 2019"),
    ("24 April", "published: '24 April' has no year; write YYYY-MM-DD"),
])
def test_a_date_that_is_not_one_is_refused_naming_it(written: str, message: str) -> None:
    """A given date that cannot be read is an error naming the value, never a silently wrong date."""
    with pytest.raises(IngestError, match=f"^{re.escape(message)}$"):
        article_metadata({"published": written}, {}, source())


@pytest.mark.parametrize("removed", ["one line", [1, 2], ["ok", None]])
def test_removed_must_be_a_list_of_strings(removed: object) -> None:
    """``removed`` (passages cut from the text) is kept as a list of strings; anything else is refused."""
    with pytest.raises(IngestError, match=r"^front matter 'removed' must be a list of strings$"):
        article_metadata({"removed": removed}, {}, source())
    assert article_metadata({"removed": ["a cut passage"]}, {}, source())["removed"] == ["a cut passage"]


def test_a_removed_list_in_front_matter_is_stored_as_a_list(mini_dir: Path, tmp_path: Path) -> None:
    """``removed`` read from a file's front matter (the passages cut from the text) is stored as the list it is,
    not flattened to text like the other fields."""
    path = write(tmp_path / "a.md", "---\ntitle: T\noutlet: Test Wire\npublished: 2019-04-24\nremoved:\n"
                                    "  - an advertisement\n  - a cookie banner\n---\nKim left Khasan.\n")
    [outcome] = ingest_batch([path], data_dir=mini_dir).outcomes
    assert stored(mini_dir, outcome.article_id)[0]["removed"] == ["an advertisement", "a cookie banner"]


def test_metadata_without_a_source_has_no_source_file() -> None:
    """Metadata from a form (no file) names no source file."""
    assert article_metadata({"title": "T", "outlet": "O"}, {}, None)["source_file"] == ""


# ---- the online fallback ----

def test_the_online_geocoder_is_asked_once_per_unresolved_name_and_its_answers_kept(mini_dir: Path,
                                                                                   tmp_path: Path) -> None:
    """With the fallback on, each distinct unresolved name of the batch is asked once (resolved names never);
    the answers show in the unresolved list, are saved to geocache.json, and the batch says so in a note."""
    from geopy.geocoders import Nominatim

    from geo.online.geocache import GeoCache
    from geo.online.geocoder import OnlineFallback
    from tests.support.nominatim_stub import NominatimStub

    one = dispatch(tmp_path, "one.md", "Oil left the port of Zlatorog for Khasan.\n")
    two = dispatch(tmp_path, "two.md", "Ships reached the port of Zlatorog and the port of Brinovo.\n",
                   published="2019-04-25")
    with NominatimStub("ok", answers={"Zlatorog": (42.75, 133.05, "Zlatorog, stub answer")}) as stub:
        geocoder = Nominatim(domain=stub.domain, scheme="http", user_agent="summit-atlas-tests")
        online = OnlineFallback(cache=GeoCache.load(mini_dir), geocoder=geocoder, min_delay_seconds=0)
        report = ingest_batch([one, two], data_dir=mini_dir, online=online)
    assert sorted(report.online) == ["Brinovo", "Zlatorog"]
    assert online.requests == 2
    assert report.notes == ["asked the online geocoder about 2 unresolved name(s); answers in geocache.json "
                            "(unreviewed)"]
    entries = {e["surface"]: e["online"] for e in report.unresolved_names()}
    assert entries["Zlatorog"] == {"status": "ok", "error": "", "from_cache": False, "lat": 42.75, "lon": 133.05,
                                   "display_name": "Zlatorog, stub answer"}
    assert entries["Brinovo"] == {"status": "no_match", "error": "", "from_cache": False}
    saved = GeoCache.load(mini_dir)
    assert saved.get("Zlatorog").lat == 42.75
    assert saved.get("Brinovo").status == "no_match"


def test_without_the_online_geocoder_no_name_is_asked_and_nothing_noted(mini_dir: Path, tmp_path: Path) -> None:
    """The fallback off (the default): unresolved names carry no online answer and no geocache.json appears."""
    report = ingest_batch([dispatch(tmp_path, "one.md", "Oil left the port of Zlatorog.\n")], data_dir=mini_dir)
    assert report.online == {}
    assert report.notes == []
    assert report.unresolved_names() == [{"surface": "Zlatorog", "count": 1, "files": [report.outcomes[0].name]}]
    assert not (mini_dir / "geocache.json").exists()


def test_an_empty_front_matter_field_counts_as_missing(mini_dir: Path, tmp_path: Path) -> None:
    """``title:`` or ``byline:`` left empty in YAML front matter (read as null) is a missing value — the title
    taken from the text, no byline — never the text "None"."""
    path = write(tmp_path / "a.md", "---\ntitle:\nbyline:\noutlet: Test Wire\ndate:\npublished: 2019-04-24\n---\n"
                                    "Train reaches Khasan\n\nKim left Khasan.\n")
    [outcome] = ingest_batch([path], data_dir=mini_dir).outcomes
    meta, _ = stored(mini_dir, outcome.article_id)
    assert (meta["title"], meta["byline"], meta["published"]) == ("Train reaches Khasan", "", "2019-04-24")
