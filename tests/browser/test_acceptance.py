"""The issue's acceptance walk-through on the repository's real data/, in Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_dashboard import _click_feature, _map_frame, _wait_ids

pytestmark = pytest.mark.browser


def test_all_years_draw_events_and_routes_offline(page: Page, repo_app_url: str, external_requests) -> None:
    page.goto(repo_app_url)
    inner = _map_frame(page)
    _wait_ids(inner, "ids.filter(i => i.startsWith('event:')).length >= 10 "
                     "&& ids.some(i => i.startsWith('journey:'))")
    assert inner.evaluate("() => document.querySelectorAll('path.leaflet-ant-path').length") > 0
    assert external_requests == []


def test_2011_shows_the_2011_route_and_summit_and_nothing_from_2019(page: Page, repo_app_url: str) -> None:
    page.goto(f"{repo_app_url}/?from=2011&to=2011")
    inner = _map_frame(page)
    _wait_ids(inner, "ids.some(i => i.startsWith('journey:2011')) && ids.some(i => i.startsWith('event:2011'))")
    ids = inner.evaluate("""() => { const ids = []; window.map.eachLayer(l => { const p = l.feature &&
        l.feature.properties; if (p && p.id) ids.push(p.id); }); return ids; }""")
    assert not [i for i in ids if i.startswith(("event:2019", "journey:2019"))]
    assert any("sosnovy-bor" in i for i in ids if i.startswith("event:"))


@pytest.mark.parametrize(("query", "feature", "marked", "passages"), [
    ("from=2002&to=2002", "place:khasan", "Khasan", 1),
    ("from=2011&to=2011", "place:skovorodino", "Skovorodino", 2),
])
def test_clicking_a_place_shows_the_articles_passages(page: Page, repo_app_url: str, query, feature, marked,
                                                      passages) -> None:
    page.goto(f"{repo_app_url}/?{query}")
    inner = _map_frame(page)
    _click_feature(page, inner, feature)
    cards = page.locator("figure.atlas-passage")
    expect(cards).to_have_count(passages, timeout=30_000)
    for i in range(passages):
        expect(cards.nth(i).locator("mark").first).to_have_text(marked)
