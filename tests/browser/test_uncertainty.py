"""Uncertainty drawn as uncertainty, in Chromium on the repository's own data/: the 1984 journey's return (no source
says which way Kim Il-sung went home) is faint and dotted, straight, and its tooltip says why; the 1961 visit, whose
end no source gives, shows "end unknown" in the panel, the table and the timeline.

Set ``ATLAS_SCREENSHOTS`` to a directory to keep a screenshot of each.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_dashboard import MAP_IFRAME, _map_frame, _wait_ids

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ["ATLAS_SCREENSHOTS"]) if os.environ.get("ATLAS_SCREENSHOTS") else None
J1984 = "1984-kim-il-sung-special-train"
# Leaflet layers (inside the map iframe) drawn with the open-leg dash pattern, and the routes' ant paths' points.
OPEN_LINES = """() => { const out = []; window.map.eachLayer(l => { if (l.options && l.options.dashArray === '0.1 7')
  out.push({opacity: l.options.opacity, points: l.getLatLngs().length}); }); return out; }"""
ANT_POINTS = """() => { const out = []; window.map.eachLayer(l => { if (l instanceof L.Polyline && !l.feature
  && l.options.pulseColor) l.getLatLngs().forEach(p => out.push([p.lat, p.lng])); }); return out; }"""
# Screen point (page coordinates inside the iframe) a fraction `f` along the hit line whose tooltip contains `text`.
TARGET_POINT = """([text, f]) => { let out = null; window.map.eachLayer(l => {
  const p = l.feature && l.feature.properties;
  if (p && p.tip && p.tip.includes(text) && l.getLatLngs) { const ll = l.getLatLngs();
    const a = ll[0], b = ll[ll.length - 1];
    const at = L.latLng(a.lat + (b.lat - a.lat) * f, a.lng + (b.lng - a.lng) * f);
    const pt = window.map.latLngToContainerPoint(at); out = [pt.x, pt.y]; } }); return out; }"""
KHASAN = (42.4283, 130.6456)


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name))


def _basemap(inner) -> None:
    """Wait for the Natural Earth outlines (fetched after the map is up) so a screenshot shows the land."""
    inner.wait_for_function("() => document.querySelectorAll('path').length > 100", timeout=30_000)


def test_1984_return_is_drawn_uncertain_and_says_why(page: Page, repo_app_url: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 1100})
    page.goto(f"{repo_app_url}/?from=1984&to=1984&journey={J1984}")
    inner = _map_frame(page)
    _wait_ids(inner, f"ids.includes('journey:{J1984}')")
    inner.wait_for_function(f"() => ({OPEN_LINES})().length > 0", timeout=30_000)
    _basemap(inner)
    open_lines = inner.evaluate(OPEN_LINES)
    # faint: the selected journey's open legs are still well below the ant paths' 0.95
    assert all(line["opacity"] < 0.9 for line in open_lines)
    # no railway is drawn through Khasan: the return is not routed along the Khasan line
    assert not [p for p in inner.evaluate(ANT_POINTS) if abs(p[0] - KHASAN[0]) < 0.01 and abs(p[1] - KHASAN[1])
                < 0.01]
    expect(page.locator(".atlas-legend")).to_contain_text("Route or order not reported")

    page.locator(MAP_IFRAME).evaluate("e => e.scrollIntoView({block: 'center'})")
    inner.evaluate("() => window.map.setView([50, 80], 3, {animate: false})")
    page.wait_for_timeout(500)
    _shot(page, "uncertainty-1984-journey.png")
    inner.evaluate("() => window.map.setView([46, 118], 4, {animate: false})")
    box = page.locator(MAP_IFRAME).bounding_box()
    tooltip = page.frame_locator(MAP_IFRAME).locator(".leaflet-tooltip.atlas-open-tip")
    for fraction in (0.5, 0.35, 0.65, 0.2, 0.8):   # a place circle may cover the leg's middle
        x, y = inner.evaluate(TARGET_POINT, ["Khabarovsk → Pyongyang", fraction])
        page.mouse.move(box["x"] + x, box["y"] + y)
        if tooltip.count():
            break
    expect(tooltip).to_contain_text("Khabarovsk → Pyongyang: route not reported")
    expect(tooltip).to_contain_text("no source says which way Kim Il-sung went home")
    _shot(page, "uncertainty-1984-return.png")


def test_1961_visit_shows_its_unknown_end(page: Page, repo_app_url: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 1100})
    event = "1961-kim-il-sung-khrushchev-treaty"
    page.goto(f"{repo_app_url}/?from=1961&to=1961&event={event}")
    inner = _map_frame(page)
    _wait_ids(inner, f"ids.includes('event:{event}')")
    expect(page.locator(".atlas-meta").first).to_contain_text("1961-07-06 → end unknown", timeout=30_000)
    expect(page.locator("svg.atlas-timeline title", has_text="end unknown")).to_have_count(1)
    _basemap(inner)
    page.locator("svg.atlas-timeline").evaluate("e => e.scrollIntoView({block: 'start'})")
    _shot(page, "uncertainty-1961-end-unknown.png")
    page.locator('[data-testid="stDataFrame"]').last.evaluate("e => e.scrollIntoView({block: 'center'})")
    _shot(page, "uncertainty-1961-table.png")
    # the download (the table's grid is a canvas: its "To" cell is checked in tests/app/test_uncertainty.py)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV (with citations)").click()
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8")))}
    assert (rows[event]["start"], rows[event]["end"], rows[event]["end_precision"]) == ("1961-07-06", "", "unknown")
