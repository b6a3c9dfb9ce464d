"""Crash safety of ``atlas ingest``: SIGKILL at random moments leaves a valid data directory (old state or new,
never a mix), and two ingests at once do not corrupt each other."""

from __future__ import annotations

import fcntl
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.core.atomic import LOCK_NAME
from geo.store.mentions import cache_path, read_cache, text_sha256

ROOT = Path(__file__).resolve().parents[2]
KILLS = 20
SEED = 20011807  # fixed, so a failure reproduces; the kill moments still spread over the whole run

PARAGRAPH = ("Kim Jong-il's armoured train crossed from Tumangang to Khasan, then ran north through Ussuriysk and "
             "Khabarovsk, past Skovorodino and Chita to Ulan-Ude, and on to Novosibirsk, Omsk, Yekaterinburg and "
             "Moscow, where he met Vladimir Putin in the Kremlin. ")


def article_text(number: int, paragraphs: int = 400) -> str:
    """A large-ish article (~130 kB, ~5,000 mentions) so the write path takes a real share of the run."""
    return f"Dispatch {number}.\n\n" + "\n\n".join(f"{PARAGRAPH}(Part {number}.{i}.)" for i in range(paragraphs)) + "\n"


def environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("ATLAS_") or k == "ATLAS_CACHE_DIR"}


def ingest_command(path: Path, data_dir: Path, outlet: str = "Crash Wire") -> list[str]:
    return [sys.executable, "-m", "geo", "ingest", str(path), "--title", path.stem, "--outlet", outlet,
            "--published", "2001-08-04", "--data-dir", str(data_dir)]


def check(data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", "check", "--data-dir", str(data_dir)], cwd=ROOT,
                          env=environment(), capture_output=True, text=True, timeout=300, check=False)


def committed_texts(data_dir: Path) -> dict[str, str]:
    from geo.dataset import load_dataset

    articles = load_dataset(data_dir).articles
    return dict(zip(articles["id"], articles["text"], strict=True))


def assert_consistent(data_dir: Path, expected_texts: set[str]) -> None:
    result = check(data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    for article_id, text in committed_texts(data_dir).items():
        if text.startswith("Dispatch "):
            assert text in expected_texts, f"{article_id}: a committed article must be complete, never torn"
            doc = read_cache(cache_path(data_dir, article_id))
            assert doc is not None, f"{article_id}: the article is the commit point; its cache came first"
            assert doc["text_sha256"] == text_sha256(text)


def lock_held(data_dir: Path) -> bool:
    """True when another process holds the data-directory lock (probed without blocking, released at once)."""
    fd = os.open(data_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def watch(process: subprocess.Popen, data_dir: Path) -> tuple[float, float]:
    """Run ``process`` to the end; return its duration and how long it was seen holding the lock."""
    started = time.monotonic()
    first = last = None
    while process.poll() is None:
        if lock_held(data_dir):
            now = time.monotonic()
            first, last = first or now, now
        time.sleep(0.002)  # polling interval, not a wait for something to happen
    assert process.returncode == 0
    return time.monotonic() - started, (last - first) if first else 0.0


def snapshot(data_dir: Path) -> tuple[frozenset[str], frozenset[str]]:
    """Names of the article files and of the mention caches."""
    return (frozenset(p.name for p in (data_dir / "articles").glob("*.md")),
            frozenset(p.name for p in (data_dir / "mentions").glob("*.json")))


def writing_started(data_dir: Path, before: tuple[frozenset[str], frozenset[str]]) -> bool:
    """True once an ingest has begun writing files (a temp file, a new mention cache or article)."""
    return snapshot(data_dir) != before or bool(list(data_dir.rglob(".atlas-tmp-*")))


def wait_for(process: subprocess.Popen, condition) -> None:
    """Return as soon as ``condition()`` holds (or ``process`` has ended)."""
    while process.poll() is None and not condition():
        time.sleep(0.001)  # polling interval


def where_the_kill_landed(data_dir: Path, before: tuple[frozenset[str], frozenset[str]]) -> str:
    articles, caches = snapshot(data_dir)
    if articles != before[0]:
        return "killed: committed"
    if caches != before[1] or list(data_dir.rglob(".atlas-tmp-*")):
        return "killed: orphan cache or temp file"
    return "killed: no trace"


def test_sigkill_at_random_moments_leaves_old_or_new_state(mini_dir, tmp_path):
    rng = random.Random(SEED)
    texts = {}
    for number in range(KILLS + 3):
        path = tmp_path / f"dispatch-{number}.txt"
        texts[number] = article_text(number)
        path.write_text(texts[number], encoding="utf-8")
    # Uninterrupted runs tell how long an ingest takes here, and how long it holds the data-directory lock (its
    # write path); the first run may also build the GeoNames cache, so the faster of two counts.
    timings = [watch(subprocess.Popen(ingest_command(tmp_path / f"dispatch-{n}.txt", mini_dir), cwd=ROOT,
                                      env=environment()), mini_dir) for n in (0, KILLS + 2)]
    duration = min(t[0] for t in timings)
    locked = max(min(t[1] for t in timings), 0.05)
    outcomes = {"finished": 0, "killed: no trace": 0, "killed: orphan cache or temp file": 0,
                "killed: committed": 0}
    for number in range(1, KILLS + 1):
        before = snapshot(mini_dir)
        process = subprocess.Popen(ingest_command(tmp_path / f"dispatch-{number}.txt", mini_dir), cwd=ROOT,
                                   env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # A third of the kills land anywhere in the run, a third once the ingest holds the lock, a third once it
        # has started writing files — where a torn state could arise.
        if number % 3 == 0:
            delay = rng.uniform(0.02, duration)
        elif number % 3 == 1:
            wait_for(process, lambda: lock_held(mini_dir))
            delay = rng.uniform(0, locked)
        else:
            wait_for(process, lambda: writing_started(mini_dir, before))  # noqa: B023 (called at once)
            delay = rng.uniform(0, 0.2)
        try:
            process.wait(timeout=delay)
            outcomes["finished"] += 1
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            outcomes[where_the_kill_landed(mini_dir, before)] += 1
        assert_consistent(mini_dir, set(texts.values()))
    # Shown with pytest -s: where the kills landed.
    print(f"ingest takes {duration:.1f} s, {locked:.2f} s of it under the lock; {KILLS} runs: {outcomes}")
    assert outcomes["finished"] <= KILLS // 2, outcomes
    # After all that, the lock is free and a plain ingest still works and cleans up leftovers.
    last = subprocess.run(ingest_command(tmp_path / f"dispatch-{KILLS + 1}.txt", mini_dir), cwd=ROOT,
                          env=environment(), capture_output=True, text=True, timeout=300, check=False)
    assert last.returncode == 0, last.stderr
    assert_consistent(mini_dir, set(texts.values()))
    assert not list(mini_dir.rglob(".atlas-tmp-*")), "leftover temp files are removed by the next writer"


def test_two_ingests_at_once_both_land(mini_dir, tmp_path):
    paths = []
    for number in (1, 2):
        path = tmp_path / f"dispatch-{number}.txt"
        path.write_text(article_text(number, paragraphs=40), encoding="utf-8")
        paths.append(path)
    processes = [subprocess.Popen(ingest_command(p, mini_dir), cwd=ROOT, env=environment(),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for p in paths]
    results = [(p.communicate(timeout=300), p.returncode) for p in processes]
    assert [code for _, code in results] == [0, 0], [err for (_, err), _ in results]
    texts = committed_texts(mini_dir)
    assert {"crash-wire-2001-08-04", "crash-wire-2001-08-04-2"} <= set(texts)
    assert {t for t in texts.values() if t.startswith("Dispatch ")} == {p.read_text("utf-8") for p in paths}
    assert_consistent(mini_dir, {p.read_text("utf-8") for p in paths})


@pytest.mark.parametrize("outlets", [("Same Wire", "Same Wire"), ("Wire A", "Wire B")])
def test_same_text_twice_at_once_lands_once(mini_dir, tmp_path, outlets):
    path = tmp_path / "dispatch-9.txt"
    path.write_text(article_text(9, paragraphs=40), encoding="utf-8")
    processes = [subprocess.Popen(ingest_command(path, mini_dir, outlet), cwd=ROOT, env=environment(),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for outlet in outlets]
    results = [(p.communicate(timeout=300), p.returncode) for p in processes]
    # a duplicate is not a failure (the same batch run twice exits 0): one run adds it, the other finds it there
    assert [code for _, code in results] == [0, 0], results
    outcomes = sorted(out.split()[0] for (out, _), _ in results)
    assert outcomes == ["added", "duplicate"], results
    dispatches = [t for t in committed_texts(mini_dir).values() if t.startswith("Dispatch ")]
    assert len(dispatches) == 1
    assert_consistent(mini_dir, {path.read_text("utf-8")})
