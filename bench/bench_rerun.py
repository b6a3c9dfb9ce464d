"""Server-side cost of the dashboard per interaction, at several corpus sizes, through Streamlit's AppTest.

For each corpus (a data directory made by ``bench/make_corpus.py``), in a fresh Python process so that no
``st.cache_data`` entry survives from another size:

* **cold run** — the first ``AppTest.run()`` of ``app.py`` with ``ATLAS_DATA_DIR`` pointing at the corpus (loading,
  validating, reading the mention caches, building the view, drawing the page);
* **slider step** — move the year slider (session key ``components.state.KEYS.years``) one year at a time through a
  ten-year window sliding over 1950–2025, rerunning after each step: rerun seconds and the bytes of the
  ``st_folium`` component's ``json_args`` (what the browser is sent for the map on that step);
* **click** — select the most-mentioned place as the map's ``on_change`` callback would (session key
  ``KEYS.selection``) and rerun: the server side of click → passage.

AppTest reruns the whole script, also where the browser would rerun only the ``st.fragment`` around the map, so the
rerun times are an upper bound of what a user waits for on the server.

Usage::

    python bench/bench_rerun.py --scales 1,100,1000,2000 --corpus-root /tmp     # makes missing corpora first
    python bench/bench_rerun.py --one /tmp/atlas-2000x                          # one corpus, this process
    python bench/bench_rerun.py --breakdown /tmp/atlas-2000x                    # seconds per stage of the work
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
if str(ROOT) not in sys.path:   # run as a script: make the repository's packages importable
    sys.path.insert(0, str(ROOT))

__all__ = ["FOLIUM_COMPONENT", "breakdown", "corpus_dir", "measure", "run_scales", "slider_windows"]

FOLIUM_COMPONENT = "streamlit_folium.st_folium"
DEFAULT_SCALES = (1, 100, 1000, 2000)


def corpus_dir(root: str | Path, scale: int) -> Path:
    """Where the corpus of a given scale lives (``<root>/atlas-<scale>x``)."""
    return Path(root) / f"atlas-{scale}x"


def slider_windows(steps: int = 12, width: int = 10, first: int = 1950) -> list[tuple[int, int]]:
    """``steps`` consecutive one-year moves of a ``width``-year window, starting at ``first``."""
    return [(first + i, first + i + width) for i in range(steps)]


def _map_bytes(at) -> int | None:
    for element in at.get("component_instance"):
        if element.proto.component_name == FOLIUM_COMPONENT:
            return len(element.proto.json_args.encode("utf-8"))
    return None


def _tree_bytes(at) -> int:
    # Everything the run put on the page (an approximation of the delta messages sent to the browser).
    total = 0
    stack = [at._tree]
    while stack:
        node = stack.pop()
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ByteSize"):
            total += proto.ByteSize()
        stack.extend(getattr(node, "children", {}).values())
    return total


def _top_place(data_dir: Path) -> str | None:
    counts: dict[str, int] = {}
    for path in (data_dir / "mentions").glob("*.json"):
        for m in json.loads(path.read_text(encoding="utf-8")).get("mentions", []):
            if m.get("place_id"):
                counts[m["place_id"]] = counts.get(m["place_id"], 0) + 1
        if len(counts) and sum(counts.values()) > 20000:
            break
    return max(counts, key=counts.get) if counts else None


def measure(data_dir: str | Path, steps: int = 12, timeout: float = 600) -> dict:
    """Cold run, slider steps and a click on one corpus, in this process (run it in a fresh one)."""
    from streamlit.testing.v1 import AppTest

    from components.state import KEYS

    data_dir = Path(data_dir)
    os.environ["ATLAS_DATA_DIR"] = str(data_dir)
    articles = sum(1 for _ in (data_dir / "articles").glob("*.md"))
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    started = time.perf_counter()
    at.run()
    cold = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"app.py raised on {data_dir}: {at.exception[0].message}")
    full_bytes = _map_bytes(at)
    rerun_s, map_bytes, page_bytes = [], [], []
    for window in slider_windows(steps):
        at.slider(key=KEYS.years).set_value(window)
        started = time.perf_counter()
        at.run()
        rerun_s.append(time.perf_counter() - started)
        map_bytes.append(_map_bytes(at) or 0)
        page_bytes.append(_tree_bytes(at))
    place = _top_place(data_dir)
    click_s = None
    if place:
        at.slider(key=KEYS.years).set_value((1949, 2025))
        at.run()
        at.session_state[KEYS.selection] = f"place:{place}"
        started = time.perf_counter()
        at.run()
        click_s = time.perf_counter() - started
    return {"data_dir": str(data_dir), "articles": articles, "cold_s": round(cold, 3),
            "rerun_p50_s": round(statistics.median(rerun_s), 3), "rerun_max_s": round(max(rerun_s), 3),
            "map_bytes_p50": int(statistics.median(map_bytes)), "map_bytes_full_range": full_bytes,
            "page_bytes_p50": int(statistics.median(page_bytes)), "click_place": place,
            "click_rerun_s": None if click_s is None else round(click_s, 3), "steps": steps}


def _timed(fn, *args):
    started = time.perf_counter()
    value = fn(*args)
    return value, round(time.perf_counter() - started, 3)


def breakdown(data_dir: str | Path, steps: int = 6) -> dict:
    """Seconds per stage of the dashboard's work, run directly in this thread (AppTest runs the script in another
    thread, which a profiler started here does not see): load, view, the ``st.cache_data`` copy, and per slider
    step the filter, the layer and its JavaScript; the passages of the most-mentioned place.
    """
    import pickle

    from streamlit_folium import _get_feature_group_string

    from components.filters import visible
    from components.loader import routes_from_engine
    from components.map_layers import base_map, feature_group
    from components.model import build_view
    from components.passages import place_passages
    from geo.dataset import load_dataset
    from geo.store.corpus_index import load_corpus
    from geo.store.mentions import load_mentions

    data_dir = Path(data_dir)
    out: dict = {"data_dir": str(data_dir)}
    dataset, out["load_dataset_s"] = _timed(load_dataset, data_dir)
    mentions, out["load_mentions_s"] = _timed(load_mentions, dataset)
    _, out["load_corpus_first_s"] = _timed(load_corpus, data_dir)
    (dataset, mentions), out["load_corpus_snapshot_s"] = _timed(load_corpus, data_dir)
    (routes, _problems), out["routes_s"] = _timed(routes_from_engine, dataset)
    view, out["build_view_s"] = _timed(build_view, dataset, mentions, routes)
    blob, out["cache_data_pickle_s"] = _timed(pickle.dumps, view, pickle.HIGHEST_PROTOCOL)
    out["cache_data_bytes"] = len(blob)
    _, out["cache_data_unpickle_per_rerun_s"] = _timed(pickle.loads, blob)
    filt, layer, js = [], [], []
    for window in slider_windows(steps):
        vis, seconds = _timed(visible, view, window)
        filt.append(seconds)
        fg, seconds = _timed(feature_group, view, vis, None)
        layer.append(seconds)
        _, seconds = _timed(_get_feature_group_string, fg, base_map(view))
        js.append(seconds)
    out.update(filter_p50_s=statistics.median(filt), feature_group_p50_s=statistics.median(layer),
               feature_group_js_p50_s=statistics.median(js))
    place = _top_place(data_dir)
    if place:
        limit = _panel_page_size()
        capped = {"max_articles": limit} if limit else {}
        passages, out["place_passages_s"] = _timed(lambda: place_passages(view, place, (1949, 2025), **capped))
        out.update(click_place=place, passages=len(passages), passages_article_cap=limit,
                   passage_html_bytes=sum(len(p.html) for p in passages))
    return out


def _panel_page_size() -> int | None:
    # The panel shows a page of articles per place (when it does): time the click as the panel runs it.
    try:
        from components.panel import ARTICLES_PER_PAGE
    except ImportError:
        return None
    return int(ARTICLES_PER_PAGE)


def _measure_in_subprocess(data_dir: Path, steps: int) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--one", str(data_dir), "--steps", str(steps),
               "--json"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        return {"data_dir": str(data_dir), "error": (done.stderr or done.stdout).strip()[-2000:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_scales(scales: list[int], corpus_root: str | Path, steps: int = 12, make: bool = True) -> dict:
    """Measure each scale in its own process (generating missing corpora); adds the payload growth verdict."""
    from bench.make_corpus import generate, is_current

    rows = []
    for scale in scales:
        target = corpus_dir(corpus_root, scale)
        if not is_current(target):
            if not make:
                rows.append({"scale": scale, "error": f"no current corpus at {target} (run bench/make_corpus.py)"})
                continue
            others = [corpus_dir(corpus_root, s) for s in scales if s != scale]
            generate(target, scale=scale, processes=os.cpu_count() or 2, reuse=[d for d in others if d.is_dir()],
                     force=True)
        rows.append({"scale": scale, **_measure_in_subprocess(target, steps)})
    ok = [r for r in rows if "error" not in r and r.get("map_bytes_p50")]
    growth = None
    if len(ok) >= 2:
        small, large = ok[0], ok[-1]
        corpus_ratio = large["articles"] / small["articles"]
        payload_ratio = large["map_bytes_p50"] / small["map_bytes_p50"]
        growth = {"from_scale": small["scale"], "to_scale": large["scale"], "corpus_ratio": round(corpus_ratio, 1),
                  "payload_ratio": round(payload_ratio, 2), "sub_linear": payload_ratio < corpus_ratio}
    return {"rows": rows, "growth": growth}


def main(argv: list[str] | None = None) -> int:
    """Command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default=",".join(map(str, DEFAULT_SCALES)))
    parser.add_argument("--corpus-root", default="/tmp", help="where atlas-<scale>x corpora live / are made")
    parser.add_argument("--one", metavar="DIR", help="measure one data directory in this process")
    parser.add_argument("--steps", type=int, default=12, help="slider steps per corpus")
    parser.add_argument("--no-make", action="store_true", help="do not generate missing corpora")
    parser.add_argument("--breakdown", metavar="DIR", help="time each stage of the dashboard's work on one corpus")
    parser.add_argument("--json", action="store_true", help="print JSON (one line)")
    args = parser.parse_args(argv)
    if args.breakdown:
        print(json.dumps(breakdown(args.breakdown, args.steps), indent=None if args.json else 1))
        return 0
    if args.one:
        result = measure(args.one, args.steps)
        print(json.dumps(result, indent=None if args.json else 1))
        return 0
    result = run_scales([int(s) for s in args.scales.split(",")], args.corpus_root, args.steps,
                        make=not args.no_make)
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"{'scale':>6} {'articles':>8} {'cold s':>7} {'rerun p50':>9} {'map KB/step':>11} {'click s':>7}")
    for row in result["rows"]:
        if "error" in row:
            print(f"{row['scale']:>6} error: {row['error'][-300:]}")
            continue
        print(f"{row['scale']:>6} {row['articles']:>8} {row['cold_s']:>7.2f} {row['rerun_p50_s']:>9.3f} "
              f"{row['map_bytes_p50'] / 1024:>11.1f} {row['click_rerun_s'] or float('nan'):>7.3f}")
    if result["growth"]:
        g = result["growth"]
        print(f"payload x{g['payload_ratio']} for corpus x{g['corpus_ratio']}: "
              f"{'sub-linear' if g['sub_linear'] else 'NOT sub-linear'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
