"""Review in Chromium (issue 16, items 2, 3, 5 and 6): in the article reader, "not a place" takes a place off the
map; a correction survives ``atlas reindex`` and a reload; a place added by clicking the map is on the map with its
passage; with ``ATLAS_READ_ONLY=1`` nothing on the page can record a decision.

Each server has its own copy of the dashboard dataset (decisions write to it).
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.support.dashboard_pages import MAP_IFRAME, SHOTS, choose, dashboard_server, map_ids, settle
from tests.support.streamlit_server import streamlit_server

pytestmark = pytest.mark.browser

ARTICLE = "fixture-2011-08-22"
READER = f"/?from=2011&to=2011&article={ARTICLE}"


@pytest.fixture
def review_app(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    yield from dashboard_server(tmp_path)


@pytest.fixture
def read_only_review_app(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    yield from dashboard_server(tmp_path, ATLAS_READ_ONLY="1")


def _until(page: Page, predicate, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, what
        page.wait_for_timeout(100)


def _open_reader(page: Page, url: str) -> None:
    page.goto(url + READER)
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    _until(page, lambda: "place:skovorodino" in map_ids(page), "the map never showed the article's places", 60)
    expect(page.get_by_text("of 6 reviewed")).to_be_visible(timeout=30_000)


def _pick(page: Page, surface: str) -> None:
    """Choose the mention whose label starts with “surface” in the review's select box (by keyboard)."""
    choose(page, page.get_by_role("combobox", name="Mention to review"), f"“{surface}”")
    expect(page.locator("blockquote.atlas-rv-passage mark")).to_have_text(surface, timeout=15_000)


def _shot(page: Page, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _decisions(data: Path) -> list[dict]:
    path = data / "corrections.csv"
    return list(csv.DictReader(path.open(encoding="utf-8"))) if path.exists() else []


def test_not_a_place_takes_it_off_the_map(page: Page, review_app) -> None:
    url, data = review_app
    _open_reader(page, url)
    _shot(page, "review-reader")
    assert "place:ulan-ude" in map_ids(page)
    _pick(page, "Ulan-Ude")
    page.get_by_role("button", name="✗ Not a place").click()
    expect(page.get_by_text("Recorded: “Ulan-Ude” reject.")).to_be_visible(timeout=15_000)
    _until(page, lambda: "place:ulan-ude" not in map_ids(page), "a rejected place stayed on the map")
    expect(page.get_by_text("1 of 6 reviewed")).to_be_visible()
    assert [(d["surface"], d["action"]) for d in _decisions(data)] == [("Ulan-Ude", "reject")]
    expect(page.locator("mark.atlas-rv-rejected")).to_have_text("Ulan-Ude")


def test_a_correction_survives_reindex_a_reload_and_a_restart(page: Page, review_app) -> None:
    url, data = review_app
    _open_reader(page, url)
    _pick(page, "Sosnovy Bor")
    page.get_by_role("tab", name="Search the gazetteer").click()
    query = page.get_by_role("textbox", name="Name to look up")
    query.fill("Moscow")
    query.press("Enter")
    page.get_by_role("button", name="Use this place").click()
    expect(page.get_by_text("Recorded: “Sosnovy Bor” correct → moscow.")).to_be_visible(timeout=15_000)
    _until(page, lambda: "place:moscow" in map_ids(page), "the corrected place is not on the map")
    _shot(page, "review-corrected")
    result = subprocess.run([sys.executable, "-m", "geo", "reindex", "-q", "--data-dir", str(data)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    page.reload()
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    _until(page, lambda: "place:moscow" in map_ids(page), "the correction was lost in the reindex", 60)
    assert "place:sosnovy-bor-garrison" not in map_ids(page)
    # a restart: a new server process over the same files
    with streamlit_server(data.parent / "restarted.log", data_dir=data) as restarted:
        page.goto(restarted + "/?from=2011&to=2011")
        page.wait_for_selector(MAP_IFRAME, timeout=60_000)
        _until(page, lambda: "place:moscow" in map_ids(page), "the correction was lost in a restart", 60)
        assert "place:sosnovy-bor-garrison" not in map_ids(page)


def test_a_place_added_by_clicking_the_map_is_on_the_map_with_its_passage(page: Page, review_app) -> None:
    url, data = review_app
    _open_reader(page, url)
    _pick(page, "Sosnovy Bor")
    page.get_by_role("tab", name="New place").click()
    page.get_by_text("Take the point from a click on the map").click()
    frame = page.frame_locator(MAP_IFRAME)
    box = frame.locator(".leaflet-container").bounding_box()
    assert box is not None
    # an empty spot of the map (the upper left, away from the markers of the 2011 journey)
    frame.locator(".leaflet-container").click(position={"x": box["width"] * 0.12, "y": box["height"] * 0.2})
    expect(page.get_by_text("Last click on the map:")).to_be_visible(timeout=15_000)
    page.get_by_role("textbox", name="Name").fill("Sosnovy Bor residence")
    page.get_by_role("textbox", name="Country (ISO 3166-1 alpha-2, e.g. RU)").fill("RU")
    page.get_by_role("button", name="Add the place and use it").click()
    expect(page.get_by_text("Recorded: “Sosnovy Bor” correct → sosnovy-bor-residence.")).to_be_visible(
        timeout=60_000)
    _until(page, lambda: "place:sosnovy-bor-residence" in map_ids(page), "the added place is not on the map", 60)
    [row] = [r for r in csv.DictReader((data / "places.csv").open(encoding="utf-8"))
             if r["id"] == "sosnovy-bor-residence"]
    assert row["coord_source"] == "user: clicked on the map"
    page.goto(f"{url}/?from=2011&to=2011&place=sosnovy-bor-residence")
    passage = page.locator("figure.atlas-passage").first
    expect(passage).to_contain_text("The summit will take place at Sosnovy Bor near Ulan-Ude.", timeout=60_000)
    expect(passage.locator("mark")).to_have_text("Sosnovy Bor")
    _shot(page, "review-added-place")


def test_read_only_shows_no_review_control_and_writes_nothing(page: Page, read_only_review_app) -> None:
    url, data = read_only_review_app
    before = sorted((p.relative_to(data).as_posix(), p.stat().st_mtime_ns) for p in data.rglob("*") if p.is_file())
    page.goto(url + READER)
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    expect(page.locator(".atlas-article")).to_contain_text("Sosnovy Bor", timeout=30_000)
    for control in ("✓ Accept", "✗ Not a place", "Use this place", "Add the place and use it"):
        expect(page.get_by_role("button", name=control)).to_have_count(0)
    expect(page.get_by_text("Review queue")).to_have_count(0)
    expect(page.get_by_role("combobox", name="Mention to review")).to_have_count(0)
    after = sorted((p.relative_to(data).as_posix(), p.stat().st_mtime_ns) for p in data.rglob("*") if p.is_file())
    assert after == before


def test_the_queue_opens_the_article_of_the_worst_mention(page: Page, review_app) -> None:
    url, _ = review_app
    page.goto(f"{url}/?from=2011&to=2011")
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    page.get_by_text("Review queue").click()
    box = page.get_by_role("combobox", name="Mention to open")
    expect(box).to_be_visible(timeout=30_000)
    _shot(page, "review-queue")
    choose(page, box, "Ulan-Ude")
    expect(box).to_have_value(re.compile("Ulan-Ude"), timeout=15_000)  # chosen before "Open" is pressed
    kicker = page.locator(".atlas-kicker", has_text="Article")
    # On a loaded machine the click can land while the rerun that the choice started replaces the button, and it is
    # lost (seen once in a full CI run): a reader clicks again, and so does the test, three times at most.
    for _ in range(3):
        settle(page)
        if not kicker.is_visible():
            page.get_by_role("button", name="Open its article").click(timeout=10_000)
        try:
            kicker.wait_for(state="visible", timeout=10_000)
            break
        except PlaywrightTimeoutError:
            continue
    expect(kicker).to_be_visible(timeout=10_000)
    expect(page.locator("blockquote.atlas-rv-passage mark")).to_have_text("Ulan-Ude", timeout=30_000)
