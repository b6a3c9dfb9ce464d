"""``streamlit run app.py`` on 127.0.0.1 and a free port, for the browser and concurrency tests.

Readiness is polled on ``/_stcore/health`` (no fixed sleeps); a server that dies or never answers fails the test
with its own output. ``ATLAS_*`` settings of the calling shell are not inherited, so tests are hermetic.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

__all__ = ["free_port", "streamlit_server"]

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(log: Path, *, data_dir: Path | None = None, timeout: float = 180.0,
                     settings: dict[str, str] | None = None) -> Iterator[str]:
    """Serve ``app.py`` (over ``data_dir``, else the bundled data; ``settings``: ``ATLAS_*`` variables for this
    server, e.g. ``{"ATLAS_READ_ONLY": "1"}``); yields the base URL once it is healthy."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATLAS_") or k == "ATLAS_CACHE_DIR"}
    env.update(settings or {})
    if data_dir is not None:
        env["ATLAS_DATA_DIR"] = str(data_dir)
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
