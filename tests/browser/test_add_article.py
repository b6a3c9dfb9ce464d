"""The Add panel in Chromium (issue 16, item 1): a file uploaded through the real file input is on the map within
5 s of Save, without a restart; hostile text in it is shown literally and runs nothing; with ``ATLAS_READ_ONLY=1``
there is no upload control and the data directory is left as it was.

Each server here has its own copy of the dashboard dataset (saving writes to it), so the shared ``app_url``
server of the other browser tests never sees these articles.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from geo.store.corpus_index import data_fingerprint
from tests.support.dashboard_pages import MAP_IFRAME, SHOTS, dashboard_server, map_ids

pytestmark = pytest.mark.browser


BORDER = ("---\ntitle: Border crossing at Zabaikalsk\noutlet: Test Wire\nauthor: A. Reporter\npublished: 2019-04-24\n"
          "url: https://example.org/border\n---\n"
          "ZABAIKALSK, April 24 — The armoured train crossed from China into Russia at Zabaikalsk after midnight, "
          "changed bogies and went on towards Chita.\n\n"
          "Officials in Vladivostok said the delegation would travel on to Khasan before returning home.\n")
HOSTILE = ("+++\ntitle = \"<script>alert('title')</script> **Bold** [click](javascript:alert('t'))\"\n"
           "outlet = \"<img src=x onerror=alert('outlet')>\"\npublished = \"2019-04-25\"\n"
           "url = \"javascript:alert('url')\"\n+++\n"
           "Injected <script>window.__pwned = 1; alert(\"script\")</script> at Zabaikalsk.\n\n"
           "A picture <img src=x onerror=\"window.__pwned = 2; alert('img')\"> of Zabaikalsk station, "
           "**not bold**, [a link](javascript:alert('link')), :red[not red] and $x^2$ at Zabaikalsk.\n")


@pytest.fixture
def add_app(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A server over a private copy of the dataset (each test saves into its own)."""
    yield from dashboard_server(tmp_path)


@pytest.fixture(scope="module")
def read_only_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    yield from dashboard_server(tmp_path_factory.mktemp("read-only"), ATLAS_READ_ONLY="1")


def _wait_for_map(page: Page) -> None:
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    deadline = time.monotonic() + 60
    while "place:khasan" not in map_ids(page):
        assert time.monotonic() < deadline, "the map never showed the fixture's places"
        page.wait_for_timeout(100)


def _open_panel(page: Page) -> None:
    page.locator('[data-testid="stExpander"] summary', has_text="Add articles").click()
    expect(page.get_by_text("Upload files")).to_be_visible()


def _upload(page: Page, name: str, text: str) -> None:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        files=[{"name": name, "mimeType": "text/markdown", "buffer": text.encode("utf-8")}])


def _shot(page: Page, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name), full_page=True)


def test_an_uploaded_article_is_on_the_map_within_5_s_of_save(page: Page, add_app, external_requests) -> None:
    url, data = add_app
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(url)
    _wait_for_map(page)
    assert "place:zabaikalsk" not in map_ids(page)
    _open_panel(page)
    _upload(page, "border.md", BORDER)
    preview = page.locator(".atlas-add-text")
    expect(preview.locator("mark.atlas-hit", has_text="Zabaikalsk").first).to_be_visible(timeout=30_000)
    expect(page.get_by_role("textbox", name="Title")).to_have_value("Border crossing at Zabaikalsk")
    expect(page.get_by_role("textbox", name="Outlet")).to_have_value("Test Wire")
    expect(page.get_by_role("textbox", name="Byline")).to_have_value("A. Reporter")
    page.locator(".atlas-add-text").scroll_into_view_if_needed()
    _shot(page, "add-preview.png")
    started = time.monotonic()
    page.get_by_role("button", name="Save 1 article").click()
    while "place:zabaikalsk" not in map_ids(page):
        assert time.monotonic() - started < 5, "the new article's places were not on the map within 5 s"
        page.wait_for_timeout(50)
    elapsed = time.monotonic() - started
    print(f"Save → place:zabaikalsk on the map: {elapsed:.2f} s")
    outcome = page.locator(".atlas-add-outcome.added")
    expect(outcome).to_contain_text("test-wire-2019-04-24")
    outcome.scroll_into_view_if_needed()
    _shot(page, "add-saved.png")
    assert (data / "articles" / "test-wire-2019-04-24.md").is_file()
    assert external_requests == []


def test_hostile_text_is_shown_literally_and_runs_nothing(page: Page, add_app, dialogs) -> None:
    url, _ = add_app
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(url)
    _wait_for_map(page)
    _open_panel(page)
    _upload(page, "hostile.md", HOSTILE)
    preview = page.locator(".atlas-add-text")
    expect(preview).to_contain_text('<script>window.__pwned = 1; alert("script")</script>', timeout=30_000)
    expect(preview).to_contain_text("<img src=x onerror=\"window.__pwned = 2; alert('img')\">")
    expect(preview).to_contain_text("**not bold**, [a link](javascript:alert('link')), :red[not red] and $x^2$")
    title = "<script>alert('title')</script> **Bold** [click](javascript:alert('t'))"
    expect(page.locator("h3.atlas-title", has_text="<script>alert('title')</script>")).to_contain_text(title)
    expect(page.get_by_role("textbox", name="Title")).to_have_value(title)
    expect(page.get_by_role("textbox", name="Outlet")).to_have_value("<img src=x onerror=alert('outlet')>")
    _shot(page, "add-hostile.png")
    page.get_by_role("button", name="Save 1 article").click()
    expect(page.locator(".atlas-add-outcome.added")).to_contain_text(title, timeout=30_000)
    # after saving: the article's passages, as the panel beside the map shows them
    page.goto(f"{url}/?from=2019&to=2019&place=zabaikalsk")
    passages = page.locator("figure.atlas-passage")
    expect(passages.filter(has_text="<script>window.__pwned = 1")).to_have_count(1, timeout=30_000)
    expect(passages.filter(has_text="[a link](javascript:alert('link'))")).to_have_count(1)
    expect(page.locator('a[href^="javascript:"]')).to_have_count(0)
    assert page.locator("strong", has_text="not bold").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    assert dialogs == []


def test_read_only_has_no_upload_control_and_writes_nothing(page: Page, read_only_app) -> None:
    url, data = read_only_app
    before = data_fingerprint(data)
    page.goto(url)
    _wait_for_map(page)
    expect(page.locator('input[type="file"]')).to_have_count(0)
    expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0)
    expect(page.get_by_text("Add articles")).to_have_count(0)
    expect(page.locator("textarea")).to_have_count(0)
    expect(page.get_by_role("button", name="Save")).to_have_count(0)
    _shot(page, "add-read-only.png")
    assert data_fingerprint(data) == before
