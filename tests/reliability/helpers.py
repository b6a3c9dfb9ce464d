"""Helpers shared by the reliability tests: copies of datasets, directory fingerprints and the ``atlas`` CLI.

Hypothesis runs many examples inside one test function, and pytest's function-scoped fixtures (``tmp_path``) are
not reset between examples, so the fuzz tests make their own temporary directories with :func:`dataset_copy`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini"
DATA = ROOT / "data"
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"


@contextlib.contextmanager
def dataset_copy(source: Path = MINI) -> Iterator[Path]:
    """A throw-away writable copy of a data directory (removed afterwards, even when the example fails)."""
    with tempfile.TemporaryDirectory(prefix="atlas-rel-") as tmp:
        target = Path(tmp) / "data"
        shutil.copytree(source, target, ignore=shutil.ignore_patterns(".atlas.lock", "*.tmp"))
        yield target


def tree_digest(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root`` (relative path → digest): compare before/after to prove no writes."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            out[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def atlas(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``python -m geo <args>`` as a user would (a fresh process, no network, no inherited data dir)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ATLAS_") or k == "ATLAS_CACHE_DIR"}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, env=environment, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=timeout, check=False)


def assert_no_traceback(result: subprocess.CompletedProcess) -> None:
    """A CLI failure must be one clear message, never a Python traceback."""
    assert "Traceback (most recent call last)" not in result.stderr, result.stderr[-4000:]
    assert "Traceback (most recent call last)" not in result.stdout, result.stdout[-4000:]
