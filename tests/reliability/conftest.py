"""Fixtures of the reliability tests: Playwright pointed at Debian's Chromium, skipped (or failed in CI) without it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
# Chromium's own background traffic (updates, safe browsing, translate…) is not the app's; switch it off.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-default-apps", "--disable-sync", "--no-first-run",
                 "--disable-features=Translate,OptimizationHints,MediaRouter"]
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip this directory's browser tests when Chromium is missing, unless CI is set (then fail loudly)."""
    if Path(CHROMIUM).exists():
        return
    mine = [i for i in items if "browser" in i.keywords and HERE in Path(str(i.path)).resolve().parents]
    if mine and os.environ.get("CI"):
        raise pytest.UsageError(f"{CHROMIUM} is missing and CI is set: install Debian's chromium package")
    for item in mine:
        item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} not found (apt-get install chromium)"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's launch arguments, pointed at Debian's Chromium (Playwright cannot download one here)."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
