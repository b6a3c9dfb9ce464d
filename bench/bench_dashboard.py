"""Slider → map updated, and click → passage, in headless Chromium: our app.py vs a naive streamlit-folium app.

For each corpus (a data directory; the synthetic ones come from ``bench/make_corpus.py``) the script starts
``streamlit run`` on a free port (``ATLAS_DATA_DIR`` = the corpus), opens it in Debian's Chromium and, after a
warm-up, moves the year slider with the keyboard — the upper handle alternately to its lowest value (``Home``:
only the first year) and back to 2025 (``End``: everything) — timing each move from the key press to the first frame
in which the map shows the new set of markers (a re-mounted iframe counts only once its new map has drawn). The
times are taken inside the page (see ``PROBE``): the key press by a capturing listener, the map by a check in every
animation frame of each map frame; the script only reads them back. The naive app (``bench/naive_app.py``) gets
the same moves. For our app it also times click → passage: from mouse down on a mentioned place until its
passages are on the page (a MutationObserver).

    python bench/bench_dashboard.py                         # 1x (shipped data/) vs naive, 2000x if /tmp has it
    python bench/bench_dashboard.py --corpus 1x=data --corpus 2000x=/tmp/atlas-2000x --steps 30 --json

Prints a table; with ``--json`` the last line is JSON: ``{"1x": {"slider": {"p50": {"ours": s, "naive": s},
"p95": …}, "click": {"p50": {"ours": s}}}, …}`` (seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = {"ours": ROOT / "app.py", "naive": ROOT / "bench" / "naive_app.py"}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
# Installed in every frame before its scripts run (Playwright init script). In a map frame, a requestAnimationFrame
# loop records, in the top page, each new marker signature (how many circle markers and where) with the time of
# the frame that first shows it; in every frame, a capturing listener records each key press and mouse down. The
# bench reads these timestamps afterwards, so its waiting (a slow poll of the top page) adds almost no work to the
# frames being measured — polling every map frame from outside every 5 ms ran on the renderer's main thread
# throughout the update it timed.
PROBE = """(() => {
  const now = () => performance.timeOrigin + performance.now();
  if (window === window.top) {
    window.__atlas = {signatures: [], inputs: []};
  }
  for (const type of ["keydown", "mousedown"]) {   // a click on the map happens inside its frame
    window.addEventListener(type, () => { try { window.top.__atlas.inputs.push(now()); } catch (e) {} }, true);
  }
  if (window === window.top) {
    return;
  }
  let last = null;
  const tick = () => {
    const map = window.map;
    if (map && map._loaded) {
      let n = 0, s = 0;
      map.eachLayer(l => { if (l.getLatLng && l.options && l.options.radius) { n++; s += l.getLatLng().lat; } });
      const sig = n + ":" + s.toFixed(3);
      if (sig !== last) { last = sig; try { window.top.__atlas.signatures.push([now(), sig]); } catch (e) {} }
    }
    requestAnimationFrame(tick);
  };
  // started after load: a callback requested while the component's document is still loading never ran
  window.addEventListener("load", () => requestAnimationFrame(tick));
})();"""
# Zoom to a place's marker and return its centre (iframe coordinates) if the marker is the topmost element there
# (a place under an event marker or a smaller place cannot be clicked and is skipped).
POINT_OF = """(id) => { let out = null; window.map.eachLayer(l => { const p = l.feature && l.feature.properties;
  if (p && p.id === id && l.getLatLng) { window.map.setView(l.getLatLng(), 7, {animate: false});
  const pt = window.map.latLngToContainerPoint(l.getLatLng());
  const b = window.map.getContainer().getBoundingClientRect(); const x = b.left + pt.x, y = b.top + pt.y;
  if (document.elementFromPoint(x, y) === l._path) out = [x, y]; } });
  return out; }"""
# In the top page: record the first animation frame in which the panel shows the place `id` (its title and a
# passage, with the URL naming it).
PASSAGE_WATCH = """(id) => { const now = () => performance.timeOrigin + performance.now();
  window.__atlas.passage = null;
  const check = () => {
    if (document.querySelector('h3.atlas-title') && document.querySelector('figure.atlas-passage')
        && new URLSearchParams(location.search).get('place') === id) { window.__atlas.passage = now(); }
    else { requestAnimationFrame(check); } };
  requestAnimationFrame(check); }"""
IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(app: Path, data_dir: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """``streamlit run app`` on a free port; returns once /_stcore/health answers."""
    port = free_port()
    if app.parent != ROOT:   # Streamlit serves static/ from the main script's folder: give the copy its own
        home = Path(tempfile.mkdtemp(prefix="naive-app-"))
        shutil.copytree(ROOT / "static", home / "static")
        app = Path(shutil.copy(app, home / app.name))
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
                             "--server.headless", "true", "--server.address", "127.0.0.1"],
                            cwd=ROOT, env={**os.environ, "ATLAS_DATA_DIR": str(data_dir), "ATLAS_REPO": str(ROOT)},
                            stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return proc, url
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{app.name} did not start; output:\n{log.read_text(errors='replace')[-3000:]}")


def _latest_signature(page) -> str | None:
    signatures = page.evaluate("() => window.__atlas.signatures")
    return signatures[-1][1] if signatures else None


def _wait_signature(page, wanted: str | None, avoid: str | None, since: float = 0.0,
                    timeout: float = 120.0) -> tuple[float, str]:
    """The first ``(time, signature)`` recorded after ``since`` that is ``wanted`` (or, without one, differs from
    ``avoid``); times are the page's epoch milliseconds. Polls the top page every 20 ms."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for at, sig in page.evaluate("(t) => window.__atlas.signatures.filter(s => s[0] > t)", since):
            if sig == wanted if wanted else sig != avoid:
                return at, sig
        time.sleep(0.02)
    raise TimeoutError(f"map did not reach {wanted or 'a new state'} (last seen {_latest_signature(page)})")


def _last_input(page) -> float:
    inputs = page.evaluate("() => window.__atlas.inputs")
    if not inputs:
        raise RuntimeError("the key press or click did not reach the page")
    return inputs[-1]


def _open(page, url: str) -> str:
    page.goto(url)
    page.wait_for_selector(IFRAME, timeout=120_000)
    return _wait_signature(page, None, None)[1]


def slider_times(page, url: str, steps: int) -> list[float]:
    """Seconds from each key press on the slider to the first frame of the map showing the new markers."""
    full = _open(page, url)
    handle = page.get_by_role("slider").nth(1)
    handle.focus()
    handle.press("Home")
    narrow = _wait_signature(page, None, full, _last_input(page))[1]
    handle.press("End")
    _wait_signature(page, full, None, _last_input(page))
    times = []
    for i in range(steps):
        key, target = ("Home", narrow) if i % 2 == 0 else ("End", full)
        handle.press(key)
        pressed = _last_input(page)
        shown, _ = _wait_signature(page, target, None, pressed)
        times.append((shown - pressed) / 1000)
        time.sleep(0.2)   # a user pauses between moves; the previous move's trailing updates settle
    return times


def click_times(page, url: str, places: list[str], clicks: int) -> list[float]:
    """Seconds from a click (mouse down) on a mentioned place to its first passage on the page (our app only)."""
    _open(page, url)
    page.locator(IFRAME).evaluate("e => e.scrollIntoView({block: 'center'})")
    inner = page.query_selector(IFRAME).content_frame()
    times = []
    clickable = [p for p in places if inner.evaluate(POINT_OF, f"place:{p}")][:2]
    if len(clickable) < 2:
        raise RuntimeError(f"fewer than two clickable places among {places}")
    for i in range(clicks):
        place = clickable[i % 2]
        x, y = inner.evaluate(POINT_OF, f"place:{place}")
        box = page.locator(IFRAME).bounding_box()
        page.evaluate(PASSAGE_WATCH, place)
        page.mouse.click(box["x"] + x, box["y"] + y)
        pressed = _last_input(page)
        page.wait_for_function("() => window.__atlas.passage !== null", timeout=60_000, polling=50)
        times.append((page.evaluate("() => window.__atlas.passage") - pressed) / 1000)
        time.sleep(0.2)
    return times


def top_places(data_dir: Path, n: int = 30) -> list[str]:
    """The most-mentioned places of a corpus (what a user would click)."""
    sys.path.insert(0, str(ROOT))
    from components.model import build_view
    from geo.dataset import load_dataset
    from geo.store.mentions import load_mentions

    ds = load_dataset(data_dir)
    view = build_view(ds, load_mentions(ds), {})
    counts = view.mentions.dropna(subset=["place_id", "lat"]).groupby("place_id").size()
    return counts.sort_values(ascending=False).index[:n].tolist()


def _stats(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {"p50": statistics.median(ordered), "p95": ordered[min(len(ordered) - 1, round(0.95 * len(ordered)))]}


def run(corpora: dict[str, Path], steps: int, clicks: int, naive_on: set[str]) -> dict:
    """Measure every corpus; returns ``{label: {"slider": {"p50": {...}}, "click": {...}}}`` in seconds."""
    from playwright.sync_api import sync_playwright

    results: dict[str, dict] = {}
    logs = Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for label, data_dir in corpora.items():
            out: dict = {"slider": {"p50": {}, "p95": {}}, "click": {"p50": {}, "p95": {}}}
            for name, app in APPS.items():
                if name == "naive" and label not in naive_on:
                    continue
                proc, url = serve(app, data_dir, logs / f"{label}-{name}.log")
                try:
                    page = browser.new_page(viewport={"width": 1400, "height": 1000})
                    page.add_init_script(PROBE)
                    stats = _stats(slider_times(page, url, steps))
                    out["slider"]["p50"][name], out["slider"]["p95"][name] = stats["p50"], stats["p95"]
                    if name == "ours" and clicks:
                        stats = _stats(click_times(page, url, top_places(data_dir), clicks))
                        out["click"]["p50"][name], out["click"]["p95"][name] = stats["p50"], stats["p95"]
                    page.close()
                finally:
                    proc.terminate()
                    proc.wait(timeout=20)
            results[label] = out
        browser.close()
    return results


def table(results: dict) -> str:
    """The results as a fixed-width table (milliseconds)."""
    lines = [f"{'corpus':<8} {'measure':<22} {'ours p50':>9} {'ours p95':>9} {'naive p50':>10} {'naive p95':>10}"]
    for label, out in results.items():
        for what in ("slider", "click"):
            p50, p95 = out[what]["p50"], out[what]["p95"]
            if not p50:
                continue

            def ms(d: dict, k: str) -> str:
                return f"{d[k] * 1000:.0f} ms" if k in d else "—"

            lines.append(f"{label:<8} {what + ' → map' if what == 'slider' else 'click → passage':<22} "
                         f"{ms(p50, 'ours'):>9} {ms(p95, 'ours'):>9} {ms(p50, 'naive'):>10} {ms(p95, 'naive'):>10}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", action="append", default=[], metavar="LABEL=DIR",
                        help="a corpus to measure (repeatable); default 1x=data and 2000x=/tmp/atlas-2000x if present")
    parser.add_argument("--steps", type=int, default=20, help="slider moves per app (default 20)")
    parser.add_argument("--clicks", type=int, default=8, help="clicks on places in our app (default 8; 0 = none)")
    parser.add_argument("--naive", default="1x", help="comma-separated corpus labels that also run the naive app")
    parser.add_argument("--json", action="store_true", help="print the results as JSON on the last line")
    args = parser.parse_args(argv)
    corpora = dict(c.split("=", 1) for c in args.corpus) if args.corpus else {"1x": str(ROOT / "data")}
    if not args.corpus and (Path("/tmp/atlas-2000x") / "CORPUS.json").exists():
        corpora["2000x"] = "/tmp/atlas-2000x"
    results = run({k: Path(v) for k, v in corpora.items()}, args.steps, args.clicks, set(args.naive.split(",")))
    print(table(results))
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
