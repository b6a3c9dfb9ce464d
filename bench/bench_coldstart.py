"""Cold start → interactive map, in headless Chromium against the real ``streamlit run app.py``.

For each data directory: start the server on a free port (``ATLAS_DATA_DIR`` set), poll ``/_stcore/health`` until
it answers, open the page in a fresh Chromium, and wait until the map's iframe holds at least one interactive
Leaflet layer (an event, place or route you can click). Reported, in seconds:

* ``server_ready_s`` — process start → health check answers;
* ``first_map_s`` — page opened → interactive map, first visitor (the cached view is built in this run);
* ``cold_total_s`` — process start → interactive map for that first visitor (the number users feel);
* ``warm_map_s`` — a second visitor in a new browser context → interactive map (the cached view is reused).

Each is the median of ``--repeats`` server starts (default 3); ``cold_total_runs_s`` lists every start's total.

Each data directory is started twice, in the two states a user meets (``start`` in the output):

* ``after ingest`` — what ``atlas ingest`` / ``atlas reindex`` / ``bench/make_corpus.py`` leave: mention caches and
  a fresh corpus snapshot, but no view snapshot, so the server builds the view (routing, joins) while it starts;
* ``later`` — every later start: the view snapshot an earlier start saved is there (``components/view_snapshot.py``).

The corpus must already hold its mention caches ("after the first ingest"); ``bench/make_corpus.py`` writes them.

Usage::

    python bench/bench_coldstart.py /tmp/atlas-1x /tmp/atlas-2000x
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ first on sys.path, not the repository root (prepare imports the app's code).
sys.path.insert(0, str(ROOT))
APP = ROOT / "app.py"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
#: An interactive Leaflet layer: SVG paths (circle markers, GeoJSON points and lines) or marker icons.
INTERACTIVE = "path.leaflet-interactive, img.leaflet-marker-icon"

__all__ = ["CHROMIUM", "free_port", "measure", "streamlit_server", "wait_healthy"]


def free_port() -> int:
    """A TCP port nothing listens on right now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 120) -> float:
    """Poll ``<url>/_stcore/health`` until it answers 200; returns when. Raises if the server dies or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode} before answering")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return time.monotonic()
        except OSError:
            time.sleep(0.05)   # polling interval of a readiness probe, not a fixed wait for the app
    raise TimeoutError(f"{url} did not become healthy within {timeout} s")


@contextlib.contextmanager
def streamlit_server(data_dir: str | Path) -> Iterator[tuple[str, subprocess.Popen, float]]:
    """Run ``streamlit run app.py`` for ``data_dir`` on a free port; yields (url, process, start time)."""
    port = free_port()
    env = {**os.environ, "ATLAS_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryFile() as log:
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port), "--server.headless",
             "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield f"http://127.0.0.1:{port}", process, started
        except Exception:
            log.seek(0)   # the server's own output explains most failures: show its tail, then re-raise
            sys.stderr.write(log.read().decode("utf-8", "replace")[-4000:])
            raise
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _blank_page(browser):
    """A fresh browser context (no cache, no cookies) with an empty tab: a visitor about to type the address."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    return context, context.new_page()


def _time_to_map(tab, url: str, timeout_ms: int) -> float:
    context, page = tab
    try:
        started = time.monotonic()
        page.goto(url)
        page.frame_locator(MAP_FRAME).locator(INTERACTIVE).first.wait_for(state="attached", timeout=timeout_ms)
        return time.monotonic() - started
    finally:
        context.close()


#: The two starts measured per data directory (see the module docstring).
STARTS = ("after ingest", "later")


def prepare(data_dir: str | Path, start: str) -> None:
    """Put the caches of ``data_dir`` in the state of ``start``: the corpus snapshot fresh (as ingest leaves it),
    and the view snapshot removed (``"after ingest"``) or saved (``"later"``)."""
    from components.loader import data_fingerprint, fresh_view
    from components.view_snapshot import cached_view, view_snapshot_path
    from geo.store.corpus_index import refresh_snapshot

    if start not in STARTS:
        raise ValueError(f"unknown start {start!r}: one of {STARTS}")
    problem = refresh_snapshot(data_dir)
    if problem:
        raise RuntimeError(problem)
    fingerprint = data_fingerprint(Path(data_dir))
    if start == "after ingest":
        view_snapshot_path(data_dir, fingerprint).unlink(missing_ok=True)
    else:
        cached_view(data_dir, fingerprint, lambda: fresh_view(str(data_dir), fingerprint), save_delay=None)


def measure(data_dir: str | Path, timeout_s: float = 180, start: str = "later") -> dict:
    """Cold and warm start of the real app on ``data_dir`` (see the module docstring for the fields)."""
    from playwright.sync_api import sync_playwright

    data_dir = Path(data_dir)
    prepare(data_dir, start)
    articles = sum(1 for _ in (data_dir / "articles").glob("*.md"))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            with streamlit_server(data_dir) as (url, process, started):
                # The visitor's tab opens while the server starts (as a browser already running would be);
                # creating it after the health check added ~0.35 s of Playwright's own work to the cold total.
                tab = _blank_page(browser)
                healthy = wait_healthy(url, process)
                first = _time_to_map(tab, url, int(timeout_s * 1000))
                cold_total = time.monotonic() - started
                warm = _time_to_map(_blank_page(browser), url, int(timeout_s * 1000))
        finally:
            browser.close()
    return {"data_dir": str(data_dir), "articles": articles, "start": start,
            "server_ready_s": round(healthy - started, 3),
            "first_map_s": round(first, 3), "cold_total_s": round(cold_total, 3), "warm_map_s": round(warm, 3)}


def median_row(runs: list[dict]) -> dict:
    """One row for repeated starts: the median of each time, with every start's process start → map listed in
    ``cold_total_runs_s`` (a shared machine makes single starts vary by seconds)."""
    times = ("server_ready_s", "first_map_s", "cold_total_s", "warm_map_s")
    row = {key: value for key, value in runs[0].items() if key not in times}
    row.update({key: round(statistics.median(run[key] for run in runs), 3) for key in times})
    row["cold_total_runs_s"] = [run["cold_total_s"] for run in runs]
    return row


def main(argv: list[str] | None = None) -> int:
    """Command line: measure each data directory given (default: the shipped data/)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dirs", nargs="*", default=[str(ROOT / "data")])
    parser.add_argument("--json", action="store_true", help="print JSON (one line)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="server starts per data directory and state; the medians are reported (default 3)")
    args = parser.parse_args(argv)
    rows = []
    for data_dir in args.data_dirs:
        for start in STARTS:
            try:
                rows.append(median_row([measure(data_dir, start=start) for _ in range(max(1, args.repeats))]))
            except (OSError, RuntimeError, PlaywrightError) as exc:   # one failing corpus must not hide the rest
                rows.append({"data_dir": data_dir, "start": start, "error": f"{type(exc).__name__}: {exc}"[:2000]})
    if args.json:
        print(json.dumps(rows))
        return 0
    for row in rows:
        if "error" in row:
            print(f"{row['data_dir']}: error: {row['error']}")
        else:
            print(f"{row['data_dir']} ({row['articles']} articles, {row['start']}): "
                  f"server ready {row['server_ready_s']:.2f} s, "
                  f"first map {row['first_map_s']:.2f} s, cold total {row['cold_total_s']:.2f} s, "
                  f"warm map {row['warm_map_s']:.2f} s (medians of {len(row['cold_total_runs_s'])} starts; cold "
                  f"totals {', '.join(f'{t:.2f}' for t in row['cold_total_runs_s'])} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
