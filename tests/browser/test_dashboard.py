"""The dashboard in Chromium, as a user drives it: offline map, slider, clicks, shared URLs, hostile text."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import FrameLocator, Page, expect

pytestmark = pytest.mark.browser

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
# JS run inside the map iframe: ids of the features the map currently shows, and where one is on screen.
FEATURE_IDS = """() => { const ids = []; window.map.eachLayer(l => { const p = l.feature && l.feature.properties;
  if (p && p.id) ids.push(p.id); }); return ids; }"""
FEATURE_POINT = """(id) => { let out = null; window.map.eachLayer(l => { const p = l.feature && l.feature.properties;
  if (p && p.id === id && l.getLatLng) { const pt = window.map.latLngToContainerPoint(l.getLatLng());
    const box = window.map.getContainer().getBoundingClientRect(); out = [box.left + pt.x, box.top + pt.y]; } });
  return out; }"""


ZOOM_TO = """(id) => { window.map.eachLayer(l => { const p = l.feature && l.feature.properties;
  if (p && p.id === id && l.getLatLng) window.map.setView(l.getLatLng(), 7, {animate: false}); }); }"""


def _map(page: Page) -> FrameLocator:
    return page.frame_locator(MAP_IFRAME)


def _map_frame(page: Page):
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator(".leaflet-container")).to_be_visible(timeout=60_000)
    inner = next(f for f in page.frames if "streamlit_folium" in f.url)
    inner.wait_for_function("() => window.map && window.map._loaded", timeout=60_000)
    return inner


def _wait_ids(inner, predicate: str) -> None:
    inner.wait_for_function(f"() => {{ const ids = ({FEATURE_IDS})(); return {predicate}; }}", timeout=30_000)


def _click_feature(page: Page, inner, feature_id: str) -> None:
    _wait_ids(inner, f"ids.includes({feature_id!r})")
    # A click on a map only partly in the viewport scrolls the page between mousedown and mouseup (focus).
    page.locator(MAP_IFRAME).evaluate("e => e.scrollIntoView({block: 'center'})")
    inner.evaluate(ZOOM_TO, feature_id)   # neighbours (Khasan, Vladivostok) overlap at the default zoom
    x, y = inner.evaluate(FEATURE_POINT, feature_id)
    box = page.locator(MAP_IFRAME).bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def test_map_draws_offline_with_zero_external_requests(page: Page, app_url: str, external_requests) -> None:
    page.goto(app_url)
    inner = _map_frame(page)
    _wait_ids(inner, "ids.includes('event:2019-kim-putin-vladivostok') && ids.includes('place:khasan')")
    # The Natural Earth basemap is fetched from static/ and drawn as SVG paths.
    inner.wait_for_function("() => document.querySelectorAll('path').length > 100", timeout=30_000)
    expect(page.locator(".atlas-legend")).to_contain_text("Summit")
    assert external_requests == []


def test_slider_changes_markers_and_keeps_zoom(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?from=2011&to=2019")
    inner = _map_frame(page)
    _wait_ids(inner, "ids.includes('event:2019-kim-putin-vladivostok')")
    inner.evaluate("() => { window.__probe = 'kept'; window.map.setView([45, 125], 5); }")
    upper = page.get_by_role("slider").nth(1)
    upper.focus()
    for _ in range(8):
        upper.press("ArrowLeft")
    _wait_ids(inner, "!ids.includes('event:2019-kim-putin-vladivostok') "
                     "&& ids.includes('event:2011-kim-jong-il-medvedev-sosnovy-bor')")
    assert inner.evaluate("() => window.__probe") == "kept", "the map iframe was re-mounted"
    assert inner.evaluate("() => window.map.getZoom()") == 5
    expect(page).to_have_url(re.compile(r"from=2011&to=2011"))


FIT = "Zoom to what the selected years show"
# Whether every point and route drawn for the years lies inside the map's view (areas, as outlines or as points
# for want of one, are left out).
ALL_IN_VIEW = """() => { const view = window.map.getBounds(); let all = true, seen = 0; window.map.eachLayer(l => {
  const p = l.feature && l.feature.properties; if (!p || !p.id || p.fit === false) return;
  if (l.getLatLng) { seen++; all = all && view.contains(l.getLatLng()); }
  else if (p.id.startsWith('journey:')) { seen++; all = all && view.contains(l.getBounds()); } });
  return seen > 0 && all; }"""


def test_the_fit_button_zooms_to_what_the_years_show(page: Page, app_url: str) -> None:
    """The button under the zoom buttons frames the years' routes, places and events, from the keyboard too, and
    without a rerun (the map stays where it is on slider moves: fitting is the reader's choice)."""
    page.goto(f"{app_url}/?from=2011&to=2011")
    inner = _map_frame(page)
    _wait_ids(inner, "ids.includes('place:skovorodino')")
    inner.evaluate("() => { window.__probe = 'kept'; }")
    assert inner.evaluate("() => window.map.getZoom()") == 3
    button = inner.get_by_role("button", name=FIT)
    expect(button).to_have_attribute("aria-disabled", "false")
    button.focus()
    button.press("Enter")
    inner.wait_for_function("() => window.map.getZoom() > 3", timeout=10_000)
    inner.wait_for_function(ALL_IN_VIEW, timeout=10_000)
    assert inner.evaluate("() => window.__probe") == "kept", "fitting re-mounted the map"
    expect(page).to_have_url(re.compile(r"from=2011&to=2011"))


def test_the_fit_button_is_disabled_when_the_years_show_nothing(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?from=1960&to=1970")
    inner = _map_frame(page)
    button = inner.get_by_role("button", name=FIT)
    expect(button).to_have_attribute("aria-disabled", "true")
    button.click(force=True)   # Playwright waits for an aria-disabled button to be enabled: click it anyway
    inner.wait_for_timeout(500)
    assert inner.evaluate("() => window.map.getZoom()") == 3


@pytest.mark.parametrize(("query", "feature", "marked", "passages"), [
    ("from=2011&to=2011", "place:skovorodino", "Skovorodino", 2),
    ("from=2002&to=2002", "place:khasan", "Khasan", 1),
])
def test_clicking_a_marker_shows_its_passages(page: Page, app_url: str, query, feature, marked,
                                              passages) -> None:
    page.goto(f"{app_url}/?{query}")
    inner = _map_frame(page)
    _click_feature(page, inner, feature)
    cards = page.locator("figure.atlas-passage")
    expect(cards).to_have_count(passages, timeout=30_000)
    expect(cards.first.locator("mark").first).to_have_text(marked)
    expect(page).to_have_url(re.compile(rf"place={feature.split(':')[1]}"))


def test_shared_url_reproduces_the_view(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?from=2011&to=2011&place=skovorodino")
    inner = _map_frame(page)
    _wait_ids(inner, "ids.includes('event:2011-kim-jong-il-medvedev-sosnovy-bor') "
                     "&& !ids.includes('event:2019-kim-putin-vladivostok')")
    expect(page.locator("h3.atlas-title")).to_have_text("Skovorodino")
    expect(page.locator("figure.atlas-passage")).to_have_count(2)
    sliders = page.get_by_role("slider")
    expect(sliders.first).to_have_value("2011")
    expect(sliders.nth(1)).to_have_value("2011")


def test_opening_the_audit_lists_the_candidates(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?from=2002&to=2002&place=khasan")
    expect(page.locator("h3.atlas-title")).to_have_text("Khasan")
    page.get_by_text("Audit: how this place was chosen").click()
    expect(page.get_by_text("Candidates for the text")).not_to_have_count(0, timeout=60_000)


def test_read_the_whole_article_keeps_the_highlight(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?from=2011&to=2011&place=skovorodino")
    page.get_by_role("link", name="Read the whole article").first.click()
    expect(page.locator(".atlas-article mark")).to_have_count(3, timeout=30_000)
    expect(page).to_have_url(re.compile(r"article=fixture-2011-08-22"))


def test_hostile_article_shows_literally_and_runs_nothing(page: Page, app_url: str, dialogs) -> None:
    page.goto(f"{app_url}/?from=2019&to=2019&place=khasan")
    _map_frame(page)
    panel = page.locator("figure.atlas-passage")
    expect(panel.filter(has_text="<script>window.__pwned = 1")).to_have_count(1, timeout=30_000)
    expect(panel.filter(has_text='<img src=x onerror="window.__pwned = 2')).to_have_count(1)
    expect(panel.filter(has_text="<img src=x onerror=alert('outlet')>")).to_have_count(4)
    expect(panel.filter(has_text='"><svg onload=')).to_have_count(1)
    expect(panel.filter(has_text="javascript:alert('link')")).to_have_count(1)
    page.get_by_role("link", name="Read the whole article").last.click()
    expect(page.locator(".atlas-article")).to_contain_text("<script>window.__pwned = 1", timeout=30_000)
    expect(page.locator('a[href^="javascript:"]')).to_have_count(0)
    assert page.evaluate("() => window.__pwned") is None
    assert dialogs == []


def test_choosing_a_table_row_selects_the_item(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?from=2011&to=2011")
    _map_frame(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid).to_be_visible(timeout=30_000)
    grid.evaluate("e => e.scrollIntoView({block: 'center'})")
    box = grid.bounding_box()
    # The first data row (below the header) is the 2011 summit; click its row-selection cell.
    page.mouse.click(box["x"] + 14, box["y"] + 35 + 17)
    expect(page.locator("h3.atlas-title")).to_have_text("Kim–Medvedev summit at Sosnovy Bor", timeout=30_000)
