"""Areas as areas in Chromium (issue 17, item 4): "Russia" in an article is a shaded outline on the map — not a dot
— that lies under the points, and clicking it shows its passages."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page, expect

from tests.app.dashdata import make_data, write_caches
from tests.app.test_map_areas import RUSSIA_ROW
from tests.support.streamlit_server import streamlit_server

pytestmark = pytest.mark.browser

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
SHOTS = Path(os.environ["ATLAS_SCREENSHOTS"]) if os.environ.get("ATLAS_SCREENSHOTS") else None
# How each drawn feature with an id is drawn: "area" (a polygon) or "point" (a circle marker).
DRAWN = """() => { const out = {}; if (!window.map) return out; window.map.eachLayer(l => {
  const p = l.feature && l.feature.properties; if (!p || !p.id) return;
  out[p.id] = l instanceof L.Polygon ? "area" : l instanceof L.CircleMarker ? "point" : "other"; }); return out; }"""
# The id of the feature whose SVG path is the topmost element at a map point (what a click there hits).
HIT = """([lat, lon]) => { const pt = window.map.latLngToContainerPoint([lat, lon]);
  const box = window.map.getContainer().getBoundingClientRect();
  const el = document.elementFromPoint(box.left + pt.x, box.top + pt.y); let id = null;
  window.map.eachLayer(l => { if (l._path === el && l.feature) id = l.feature.properties.id; }); return id; }"""
IN_SIBERIA = (66.0, 100.0)     # inside Russia, far from every route and point of the fixture
SKOVORODINO = (53.9837, 123.9401)   # a station on the route, inside Russia


@pytest.fixture
def russia_app(tmp_path: Path) -> Iterator[str]:
    """The app over the dashboard dataset with Russia in its gazetteer (the fixture articles name it)."""
    data = make_data(tmp_path / "data")
    with (data / "places.csv").open("a", encoding="utf-8") as out:
        out.write(RUSSIA_ROW)
    write_caches(data)
    log = tmp_path / "streamlit.log"
    with streamlit_server(log, data_dir=data) as url:
        yield url
    print(f"--- streamlit output ---\n{log.read_text(errors='replace')[-4000:]}")


def _map_frame(page: Page) -> Frame:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "streamlit_folium" in frame.url:
                return frame
        page.wait_for_timeout(100)
    raise AssertionError("no map frame")


def _drawn(frame: Frame) -> dict[str, str]:
    try:
        return frame.evaluate(DRAWN)
    except Exception:   # noqa: BLE001 — the frame is between two renders
        return {}


def test_russia_is_a_clickable_area_under_the_points(page: Page, russia_app: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(russia_app + "/?from=2000&to=2025")
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    frame = _map_frame(page)
    deadline = time.monotonic() + 60
    while _drawn(frame).get("place:russia") != "area":
        assert time.monotonic() < deadline, f"Russia was never drawn as an area: {_drawn(frame)}"
        page.wait_for_timeout(200)
    drawn = _drawn(frame)
    assert drawn["place:khasan"] == "point", "a point place is still a point"
    assert [i for i, how in drawn.items() if i == "place:russia" and how != "area"] == []
    # Drawn beneath: at Skovorodino, inside Russia's outline, a click hits the station's circle, not the area.
    frame.evaluate(f"() => window.map.setView([{SKOVORODINO[0]}, {SKOVORODINO[1]}], 6)")
    page.wait_for_timeout(500)
    assert frame.evaluate(HIT, list(SKOVORODINO)) == "place:skovorodino"
    frame.evaluate("() => window.map.setView([55, 105], 3)")
    page.wait_for_timeout(500)
    assert frame.evaluate(HIT, list(IN_SIBERIA)) == "place:russia"
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "areas-map.png"))

    # The map reaches below the fold: scrolled into view first, or the page scrolls between measuring and clicking.
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    point = frame.evaluate("([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);"
                           " return [p.x, p.y]; }", list(IN_SIBERIA))
    box = page.locator(MAP_IFRAME).bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    # The panel shows Russia's passages, with the name marked, as for any place.
    expect(page.locator("mark", has_text="Russia").first).to_be_visible(timeout=30_000)
    expect(page.get_by_text("The armoured train crossed into", exact=False).first).to_be_visible()
    if SHOTS:
        page.screenshot(path=str(SHOTS / "areas-clicked.png"), full_page=True)
