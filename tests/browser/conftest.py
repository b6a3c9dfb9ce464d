"""Browser layer: the real app under ``streamlit run`` on a free port, driven by Playwright in Debian's Chromium.

Playwright cannot download its own browsers here, so it launches /usr/bin/chromium. Tests are marked
``browser``; without Chromium they skip (and fail when the ``CI`` variable is set, so CI cannot silently skip).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.app.dashdata import make_data
from tests.support.streamlit_server import streamlit_server

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", ""}
# Chromium's own background traffic (safe browsing, updates, translate…) is not the app's; switch it off.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-default-apps", "--disable-sync", "--no-first-run",
                 "--disable-domain-reliability", "--disable-client-side-phishing-detection",
                 "--disable-features=Translate,OptimizationHints,MediaRouter"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip every browser test when Chromium is missing, unless running in CI."""
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"{CHROMIUM} is missing and CI is set: install Debian's chromium package")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} not found (apt-get install chromium); browser tests skipped")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's launch arguments, pointed at Debian's Chromium."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over the dashboard fixture dataset (with the hostile article), served on a free port."""
    root = tmp_path_factory.mktemp("browser")
    data = make_data(root / "data", hostile=True)
    log = root / "streamlit.log"
    with streamlit_server(log, data_dir=data) as url:
        yield url
    print(f"--- streamlit output ---\n{log.read_text(errors='replace')[-4000:]}")


@pytest.fixture
def external_requests(page) -> list[str]:
    """Every request the page (and its iframes) makes to a non-local host, recorded as it happens."""
    seen: list[str] = []

    def record(request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
            seen.append(request.url)

    page.on("request", record)
    return seen


@pytest.fixture
def dialogs(page) -> list[str]:
    """Messages of any alert/confirm/prompt the page opens (dismissed at once)."""
    opened: list[str] = []

    def on_dialog(dialog) -> None:
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return opened


@pytest.fixture(scope="session")
def repo_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over the repository's own data/ (the acceptance walk-through)."""
    log = tmp_path_factory.mktemp("repo") / "streamlit.log"
    with streamlit_server(log, data_dir=ROOT / "data") as url:
        yield url
    print(f"--- streamlit output ---\n{log.read_text(errors='replace')[-4000:]}")
