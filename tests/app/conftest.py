"""Fixtures for the dashboard's AppTest layer: the dashboard dataset (with mention caches) in a temp dir."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.app.dashdata import make_data

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture(scope="session")
def dash_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dashboard fixture dataset, including the hostile article, with fresh mention caches."""
    return make_data(tmp_path_factory.mktemp("dash") / "data", hostile=True)


@pytest.fixture
def app_env(dash_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at the dashboard dataset (the app reads ATLAS_DATA_DIR at run time)."""
    monkeypatch.setenv("ATLAS_DATA_DIR", str(dash_dir))
    return dash_dir


@pytest.fixture
def data(tmp_path: Path, dash_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the dashboard dataset (saving writes to it), and the app pointed at it."""
    target = tmp_path / "data"
    shutil.copytree(dash_dir, target)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(target))
    monkeypatch.delenv("ATLAS_READ_ONLY", raising=False)
    return target
