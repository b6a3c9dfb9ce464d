"""What the Chromium tests share: a dashboard server over a private copy of the fixture data, the map's feature ids,
and where screenshots go (``ATLAS_SCREENSHOTS``)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

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


def settle(page: Page, quiet: float = 1.0, seconds: float = 60) -> None:
    """Wait until the app's script has not been running for ``quiet`` seconds in a row: the map's first report and
    the reruns it starts are over, so a widget opened now is not closed and re-drawn under the test's fingers.

    Reads Streamlit's ``data-test-script-state`` attribute on the app root (``notRunning`` when idle)."""
    root = page.locator('[data-testid="stApp"]')
    deadline = time.monotonic() + seconds
    idle_since: float | None = None
    while True:
        now = time.monotonic()
        if root.get_attribute("data-test-script-state") == "notRunning":
            idle_since = idle_since or now
            if now - idle_since >= quiet:
                return
        else:
            idle_since = None
        assert now < deadline, f"the app was still rerunning after {seconds} s"
        page.wait_for_timeout(100)


def choose(page: Page, box: Locator, typed: str, attempts: int = 3) -> None:
    """Choose, by keyboard, the option of select box ``box`` that typing ``typed`` leaves on top, as a reader does:
    click, type to filter, Enter once the filtered option is first.

    A rerun started by the map (or by a previous choice) re-draws the box and closes its list, losing what was typed;
    on a loaded machine that happens between the steps (seen in CI). A reader then tries again, and so does this,
    ``attempts`` times at most; it fails if the option never shows."""
    for attempt in range(1, attempts + 1):
        settle(page)
        box.click()
        box.fill("")  # what an interrupted attempt typed
        box.press_sequentially(typed)
        try:
            # Enter picks the highlighted option: pressed before the filter has left ours on top, it chose the
            # unfiltered first row
            expect(page.get_by_role("option").first).to_contain_text(typed, timeout=10_000)
            page.keyboard.press("Enter")
            expect(page.get_by_role("listbox")).to_have_count(0, timeout=10_000)
            return
        except (AssertionError, PlaywrightTimeoutError):
            if attempt == attempts:
                raise
            page.keyboard.press("Escape")
