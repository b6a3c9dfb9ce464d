"""Shared fixtures: the tiny fixture dataset every test layer reuses, copied so tests may break it."""

from __future__ import annotations

import shutil
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
