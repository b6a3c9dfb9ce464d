"""What the Chromium tests share: a dashboard server over a private copy of the fixture data, the map's feature ids,
and where screenshots go (``ATLAS_SCREENSHOTS``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Page

from tests.app.dashdata import make_data
from tests.support.streamlit_server import streamlit_server

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
FEATURE_IDS = """() => { const ids = []; if (!window.map) return ids; window.map.eachLayer(l => {
  const p = l.feature && l.feature.properties; if (p && p.id) ids.push(p.id); }); return ids; }"""
SHOTS = Path(os.environ["ATLAS_SCREENSHOTS"]) if os.environ.get("ATLAS_SCREENSHOTS") else None


def dashboard_server(root: Path, **settings: str) -> Iterator[tuple[str, Path]]:
    """A server (``ATLAS_*`` ``settings``) over a private copy of the dashboard dataset in ``root``: yields its URL
    and data directory; prints the end of its log afterwards."""
    data = make_data(root / "data", hostile=True)
    log = root / "streamlit.log"
    with streamlit_server(log, data_dir=data, settings=settings) as url:
        yield url, data
    print(f"--- streamlit output ---\n{log.read_text(errors='replace')[-4000:]}")


def map_ids(page: Page) -> list[str]:
    """The feature ids of the map now on the page (empty while it is being drawn or re-mounted)."""
    for frame in page.frames:
        if "streamlit_folium" in frame.url:
            try:
                return frame.evaluate(FEATURE_IDS)
            except Exception:   # noqa: BLE001 — the frame was detached by a re-mount between the two calls
                return []
    return []
