"""``atlas ingest`` with a corpus: folders, standard input, YAML front matter, saved web pages, undated articles,
per-file outcomes, the unresolved-name report, idempotence, resuming after SIGKILL, --jobs and a Dask cluster.
Driven as a user drives it: the command as a subprocess, on a copy of the small fixture dataset."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.dataset import load_dataset
from tests.support.dispatches import article, write_corpus
from tests.support.web_page import PAGE

ROOT = Path(__file__).resolve().parents[2]


def atlas(*args: str, stdin: str | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def dispatch_texts(data_dir: Path) -> list[str]:
    articles = load_dataset(data_dir).articles
    return sorted(t for t in articles["text"] if t.startswith("Dispatch "))


def test_a_folder_with_bad_files_adds_the_good_ones_and_names_each_bad_one(mini_dir, tmp_path):
    inbox = tmp_path / "inbox"
    write_corpus(inbox / "week1", 3)
    (inbox / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (inbox / "empty.md").write_text("", encoding="utf-8")
    (inbox / "broken.md").write_text("---\ntitle: [never closed\n---\nText about Pyongyang.\n", encoding="utf-8")
    (inbox / "picture.png").write_bytes(b"\x89PNG")  # not an article extension: not even looked at
    result = atlas("ingest", str(inbox), "--data-dir", str(mini_dir))
    assert result.returncode == 1
    lines = {line.split()[1]: line.split()[0] for line in result.stdout.splitlines() if line.startswith(
        ("added", "duplicate", "refused"))}
    assert sorted(lines.values()) == ["added"] * 3 + ["refused"] * 3
    assert lines[str(inbox / "binary.txt")] == "refused"
    assert "binary" in result.stderr
    assert "empty" in result.stderr
    assert "YAML" in result.stderr
    assert "3 added, 0 duplicate(s), 3 refused" in result.stdout
    assert len(dispatch_texts(mini_dir)) == 3
    assert atlas("check", "--data-dir", str(mini_dir)).returncode == 0


def test_the_same_batch_twice_adds_nothing_the_second_time(mini_dir, tmp_path):
    write_corpus(tmp_path / "inbox", 4)
    first = atlas("ingest", str(tmp_path / "inbox"), "--data-dir", str(mini_dir))
    before = tree_digest(mini_dir)
    second = atlas("ingest", str(tmp_path / "inbox"), "--json", "--data-dir", str(mini_dir))
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    report = json.loads(second.stdout)
    assert (report["added"], report["duplicates"], report["refused"]) == (0, 4, 0)
    assert all("already in the dataset as article" in f["reason"] for f in report["files"])
    assert tree_digest(mini_dir) == before


def test_standard_input_is_an_article(mini_dir):
    result = atlas("ingest", "-", "--json", "--outlet", "Stdin Wire", "--published", "2018-06",
                   "--data-dir", str(mini_dir), stdin="Notes: the train stopped at Khasan and Ussuriysk.\n")
    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stdout)["files"][0]
    assert (entry["file"], entry["status"], entry["article_id"]) == ("<stdin>", "added", "stdin-wire-2018-06")


def test_yaml_front_matter_is_read_by_a_yaml_parser(mini_dir, tmp_path):
    path = tmp_path / "yaml.md"
    path.write_text(article(7, front='title: "Kim: the train to Vladivostok"   # quoted, with a colon\n'
                                     "outlet: Test Wire # a trailing comment\n"
                                     "date: 2019-04-24\n"
                                     "tags:\n  - rail\n  - summit\n"
                                     "author: [A. Writer, B. Writer]\n"), encoding="utf-8")
    result = atlas("ingest", str(path), "--json", "--data-dir", str(mini_dir))
    assert result.returncode == 0, result.stderr
    article_id = json.loads(result.stdout)["files"][0]["article_id"]
    row = load_dataset(mini_dir).articles.set_index("id").loc[article_id]
    assert row["title"] == "Kim: the train to Vladivostok"
    assert row["outlet"] == "Test Wire"
    assert row["published"] == "2019-04-24"
    assert row["byline"] == "A. Writer, B. Writer"


def test_a_saved_web_page_gives_its_main_text_and_metadata(mini_dir, tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    result = atlas("ingest", str(path), "--json", "--data-dir", str(mini_dir))
    assert result.returncode == 0, result.stderr
    article_id = json.loads(result.stdout)["files"][0]["article_id"]
    row = load_dataset(mini_dir).articles.set_index("id").loc[article_id]
    assert "crossed the Tumen River" in row["text"]
    assert "Subscribe" not in row["text"]
    assert "Cookie" not in row["text"]
    assert row["title"] == "Armoured train reaches Khasan"
    assert row["published"] == "2019-04-24"
    assert row["url"] == "https://example.org/news/train-khasan"
    assert row["outlet"] == "Test Wire"


def test_an_undated_article_is_kept_and_listed_as_undated(mini_dir, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Notes from the border: Khasan station was closed all day.\n", encoding="utf-8")
    result = atlas("ingest", str(path), "--json", "--outlet", "My Notes", "--data-dir", str(mini_dir))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["undated"] == [str(path)]
    assert report["files"][0]["article_id"] == "my-notes-undated"
    assert atlas("check", "--data-dir", str(mini_dir)).returncode == 0


def test_unresolved_names_are_reported_across_the_batch_as_json_and_csv(mini_dir, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for number in (1, 2):
        (inbox / f"port-{number}.md").write_text(
            f"---\ntitle: Report {number}\noutlet: Test Wire\npublished: 2019\n---\n"
            f"Report {number}. Oil left the port of Zlatorog for Vladivostok on day {number}.\n", encoding="utf-8")
    out_csv = tmp_path / "unresolved.csv"
    result = atlas("ingest", str(inbox), "--json", "--unresolved-csv", str(out_csv), "--data-dir", str(mini_dir))
    assert result.returncode == 0, result.stderr
    entry = next(e for e in json.loads(result.stdout)["unresolved"] if e["surface"] == "Zlatorog")
    assert entry["count"] == 2
    assert entry["files"] == [str(inbox / "port-1.md"), str(inbox / "port-2.md")]
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert {"surface": "Zlatorog", "count": "2", "files": f"{inbox / 'port-1.md'}|{inbox / 'port-2.md'}"} in rows


def test_progress_is_plain_lines_off_a_terminal_and_nothing_when_quiet(mini_dir, tmp_path):
    write_corpus(tmp_path / "inbox", 2)
    quiet = atlas("ingest", str(tmp_path / "inbox"), "--quiet", "--data-dir", str(mini_dir))
    assert quiet.returncode == 0
    assert quiet.stderr == ""


def test_jobs_give_the_serial_result(tmp_path, mini_dir):
    serial_dir, parallel_dir = tmp_path / "serial", tmp_path / "parallel"
    for target in (serial_dir, parallel_dir):
        subprocess.run(["cp", "-r", str(mini_dir), str(target)], check=True)
    write_corpus(tmp_path / "inbox", 12)
    assert atlas("ingest", str(tmp_path / "inbox"), "--data-dir", str(serial_dir)).returncode == 0
    assert atlas("ingest", str(tmp_path / "inbox"), "--jobs", "2", "--data-dir", str(parallel_dir)).returncode == 0
    assert tree_digest(serial_dir / "articles") == tree_digest(parallel_dir / "articles")
    assert tree_digest(serial_dir / "mentions") == tree_digest(parallel_dir / "mentions")
    assert atlas("reindex", "--data-dir", str(serial_dir)).returncode == 0
    result = atlas("reindex", "--jobs", "2", "--data-dir", str(parallel_dir))
    assert result.returncode == 0, result.stderr
    assert tree_digest(parallel_dir / "mentions") == tree_digest(serial_dir / "mentions")


def test_a_dask_cluster_gives_the_serial_result(tmp_path, mini_dir):
    distributed = pytest.importorskip("distributed")
    serial_dir, cluster_dir = tmp_path / "serial", tmp_path / "cluster"
    for target in (serial_dir, cluster_dir):
        subprocess.run(["cp", "-r", str(mini_dir), str(target)], check=True)
    write_corpus(tmp_path / "inbox", 6)
    assert atlas("ingest", str(tmp_path / "inbox"), "--data-dir", str(serial_dir)).returncode == 0
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster:
        result = atlas("ingest", str(tmp_path / "inbox"), "--scheduler", cluster.scheduler_address,
                       "--data-dir", str(cluster_dir))
        assert result.returncode == 0, result.stderr
        assert tree_digest(serial_dir / "mentions") == tree_digest(cluster_dir / "mentions")
        assert tree_digest(serial_dir / "articles") == tree_digest(cluster_dir / "articles")
        reindex = atlas("reindex", "--scheduler", cluster.scheduler_address, "--data-dir", str(cluster_dir))
        assert reindex.returncode == 0, reindex.stderr
    assert atlas("reindex", "--data-dir", str(serial_dir)).returncode == 0
    assert tree_digest(serial_dir / "mentions") == tree_digest(cluster_dir / "mentions")


def test_killed_mid_batch_then_run_again_every_article_is_there_once(mini_dir, tmp_path):
    inbox = tmp_path / "inbox"
    write_corpus(inbox, 300)
    command = [sys.executable, "-m", "geo", "ingest", str(inbox), "--quiet", "--data-dir", str(mini_dir)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    articles = mini_dir / "articles"
    start = len(list(articles.glob("*.md")))
    deadline = time.monotonic() + 240
    # kill it while it writes: once some, not all, of the batch's articles are on disk
    while time.monotonic() < deadline and process.poll() is None:
        if len(list(articles.glob("*.md"))) >= start + 20:
            break
        time.sleep(0.005)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    written = len(list(articles.glob("*.md"))) - start
    assert written < 300, "the batch finished before it could be killed: make it bigger"
    again = atlas("ingest", str(inbox), "--json", "--quiet", "--data-dir", str(mini_dir))
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["added"] + report["duplicates"] == 300
    assert report["duplicates"] == written
    texts = dispatch_texts(mini_dir)
    assert len(texts) == len(set(texts)) == 300
    assert atlas("check", "--data-dir", str(mini_dir)).returncode == 0


def test_progress_off_a_terminal_is_a_line_every_few_seconds():
    import io

    from geo.cli import corpus

    clock = iter([0.0, 0.0, 1.0, 6.0, 7.0, 12.0, 13.0, 14.0])  # made, stage start, then one per call
    stream = io.StringIO()
    progress = corpus.Progress(stream=stream, clock=lambda: next(clock))
    for done in range(1, 7):
        progress("geoparse", done, 6)
    lines = stream.getvalue().splitlines()
    # at 6 s and 12 s (five seconds or more apart), and a last line because the stage printed any
    assert [line.split(" (")[0] for line in lines] == ["geoparsing: 2/6", "geoparsing: 4/6", "geoparsing: 6/6"]
    assert "ETA" in lines[0]
    quiet = io.StringIO()
    silent = corpus.Progress(quiet=True, stream=quiet)
    silent("geoparse", 1, 1)
    assert quiet.getvalue() == ""
