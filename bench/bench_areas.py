"""What drawing countries and regions as areas costs (issue 17, item 4), side by side with drawing them as points.

Two variants of the same app on the same corpus:

* **areas** — as shipped: mentioned countries and regions with an outline are one ``areas`` layer spec naming the
  outlines (``components/map_areas.py``); the browser fetches the outline files once per page;
* **points** — every mentioned place a circle, as before: ``components.map_layers.split_areas`` replaced by one
  that returns every place as a point.

For each: the server time to build the map's feature group and its script (``visible_layers`` →
``feature_group`` → streamlit-folium's ``_get_feature_group_string``) and its bytes, per one-year slider step of a
ten-year window (as ``bench_rerun.py``, from 1995 so that the windows hold articles) and for the full range; then
whole reruns through AppTest (rerun seconds and the ``st_folium`` component's ``json_args`` bytes, what the browser
is sent for the map on each step). Last, the outline files the browser fetches once per page.

Usage::

    python bench/bench_areas.py                       # the shipped data/
    python bench/bench_areas.py --data /tmp/atlas-100x --steps 6
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:   # run as a script: make the repository's packages importable
    sys.path.insert(0, str(ROOT))

from bench.bench_rerun import APP, _map_bytes, slider_windows  # noqa: E402

__all__ = ["measure", "points_only"]

VARIANTS = ("areas", "points")


@contextmanager
def points_only():
    """Within the block, the map draws every mentioned place as a point (the variant without areas)."""
    import components.map_layers as layers
    from components.map_areas import AreaSplit

    def split(places, _gazetteer, _index=None):
        return AreaSplit(areas=places.iloc[:0].assign(source=[], key=[]), points=places)

    original = layers.split_areas
    layers.split_areas = split
    try:
        yield
    finally:
        layers.split_areas = original


@contextmanager
def _variant(name: str):
    if name == "points":
        with points_only():
            yield
    else:
        yield


def _builder(view, windows: list[tuple[int, int]]) -> dict:
    """Feature-group build seconds (p50) and script bytes (p50 over the steps, and the full range)."""
    from streamlit_folium import _get_feature_group_string

    from components.filters import visible
    from components.map_layers import base_map, feature_group

    seconds, sizes = [], []
    for window in windows:
        vis = visible(view, window)
        started = time.perf_counter()
        script = _get_feature_group_string(feature_group(view, vis, None), base_map(view))
        seconds.append(time.perf_counter() - started)
        sizes.append(len(script.encode("utf-8")))
    full = _get_feature_group_string(feature_group(view, visible(view, (1949, 2025)), None), base_map(view))
    return {"fg_ms_p50": 1000 * statistics.median(seconds), "fg_bytes_p50": statistics.median(sizes),
            "fg_bytes_full": len(full.encode("utf-8"))}


def _reruns(windows: list[tuple[int, int]]) -> dict:
    """AppTest rerun seconds (p50) and st_folium bytes (p50) over the slider steps."""
    from streamlit.testing.v1 import AppTest

    from components.state import KEYS

    at = AppTest.from_file(str(APP), default_timeout=600).run()
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    seconds, sizes = [], []
    for window in windows:
        at.slider(key=KEYS.years).set_value(window)
        started = time.perf_counter()
        at.run()
        seconds.append(time.perf_counter() - started)
        sizes.append(_map_bytes(at) or 0)
    return {"rerun_ms_p50": 1000 * statistics.median(seconds), "map_bytes_p50": statistics.median(sizes)}


def _view(data_dir: Path):
    from components.loader import routes_from_engine
    from components.model import build_view
    from geo.dataset import load_dataset
    from geo.store.mentions import load_mentions

    dataset = load_dataset(data_dir)
    routes, _ = routes_from_engine(dataset)
    return build_view(dataset, load_mentions(dataset), routes)


def measure(data_dir: Path, steps: int, first: int = 1995) -> dict:
    """Both variants on one corpus, in this process."""
    from components.map_areas import outline_index

    os.environ["ATLAS_DATA_DIR"] = str(data_dir)
    started = time.perf_counter()
    outline_index()
    index_ms = 1000 * (time.perf_counter() - started)
    view = _view(data_dir)
    windows = slider_windows(steps, first=first)
    results = {}
    for name in VARIANTS:
        with _variant(name):
            _builder(view, windows[:2])   # warm: imports, caches
            results[name] = {**_builder(view, windows), **_reruns(windows)}
    files = {}
    for path in (ROOT / "static" / "world").glob("*.geojson"):
        raw = path.read_bytes()
        files[path.name] = (len(raw), len(gzip.compress(raw, 6)))
    return {"data_dir": str(data_dir), "steps": steps, "first": first, "variants": results, "files": files,
            "outline_index_ms": index_ms}


def _table(result: dict) -> str:
    rows = [("map feature group, build (ms, p50 of steps)", "fg_ms_p50", "{:.1f}"),
            ("map feature group script (bytes, p50 of steps)", "fg_bytes_p50", "{:,.0f}"),
            ("map feature group script (bytes, 1949–2025)", "fg_bytes_full", "{:,.0f}"),
            ("AppTest rerun per slider step (ms, p50)", "rerun_ms_p50", "{:.0f}"),
            ("st_folium arguments per slider step (bytes, p50)", "map_bytes_p50", "{:,.0f}")]
    v = result["variants"]
    lines = [f"corpus: {result['data_dir']}  ({result['steps']} one-year steps of a ten-year window "
             f"from {result['first']}–{result['first'] + 10})", "",
             "| measure | areas | points only |", "|---|---:|---:|"]
    lines += [f"| {label} | {fmt.format(v['areas'][key])} | {fmt.format(v['points'][key])} |"
              for label, key, fmt in rows]
    lines += ["", "outline files, fetched once per page by the browser (not per rerun):", "",
              "| file | bytes | gzip |", "|---|---:|---:|"]
    lines += [f"| static/world/{name} | {raw:,} | {gz:,} |" for name, (raw, gz) in sorted(result["files"].items())]
    lines += ["", f"outline index, read once per server process: {result['outline_index_ms']:.0f} ms"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="data directory (default: data/)")
    parser.add_argument("--steps", type=int, default=12, help="slider steps per variant")
    parser.add_argument("--first", type=int, default=1995,
                        help="first year of the first window (default 1995: the windows hold the shipped articles)")
    args = parser.parse_args(argv)
    print(_table(measure(args.data, args.steps, args.first)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
