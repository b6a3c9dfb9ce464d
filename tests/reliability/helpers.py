"""Helpers shared by the reliability tests: copies of datasets, directory fingerprints and the ``atlas`` CLI.

Hypothesis runs many examples inside one test function, and pytest's function-scoped fixtures (``tmp_path``) are
not reset between examples, so the fuzz tests make their own temporary directories with :func:`dataset_copy`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
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
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ATLAS_")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, env=environment, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=timeout, check=False)


def assert_no_traceback(result: subprocess.CompletedProcess) -> None:
    """A CLI failure must be one clear message, never a Python traceback."""
    assert "Traceback (most recent call last)" not in result.stderr, result.stderr[-4000:]
    assert "Traceback (most recent call last)" not in result.stdout, result.stdout[-4000:]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(log: Path, timeout: float = 180.0) -> Iterator[str]:
    """``streamlit run app.py`` on 127.0.0.1 and a free port over the bundled data (no ATLAS_* settings).

    Yields the base URL once ``/_stcore/health`` answers; fails with the server's output if it never does.
    """
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATLAS_")}
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
             "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit not healthy after {timeout:.0f} s:\n"
                                       f"{log.read_text(errors='replace')}") from None
                time.sleep(0.2)   # readiness polling interval, not a wait for the app's behaviour
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
