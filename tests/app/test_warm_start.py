"""Warm start: ``streamlit run app.py`` builds the view before the first visitor (components/warm_start.py)."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.support.streamlit_server import streamlit_server

ROOT = Path(__file__).resolve().parents[2]


def _wait_for_line(log: Path, needle: str, timeout: float = 120.0) -> str:
    """The server log once it holds ``needle`` (polled: the warm start runs in the background)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8", errors="replace")
        if needle in text:
            return text
        time.sleep(0.2)   # polling interval while the server works, not a wait for a fixed outcome
    raise AssertionError(f"{needle!r} not in the server log after {timeout:.0f} s:\n{text}")


def test_streamlit_run_finds_the_app_and_warms_the_view_before_any_visitor(tmp_path: Path, mini_dir: Path) -> None:
    log = tmp_path / "server.log"
    with streamlit_server(log, data_dir=mini_dir) as url:
        text = _wait_for_line(log, "Warm start:")
        assert f"Warm start: the dataset in {mini_dir} is ready" in text
        assert "missing ScriptRunContext" not in text, "the warm-start thread's bare-mode warning leaked"
        with urllib.request.urlopen(url, timeout=10) as page:
            assert page.status == 200


def test_a_broken_dataset_does_not_stop_the_server(tmp_path: Path, mini_dir: Path) -> None:
    (mini_dir / "places.csv").unlink()
    log = tmp_path / "server.log"
    with streamlit_server(log, data_dir=mini_dir) as url:
        text = _wait_for_line(log, "Warm start:")
        assert "did not load; the page will say why" in text
        assert "places.csv" in text
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as health:
            assert health.status == 200


def test_warm_start_leaves_the_map_component_to_the_page(mini_dir: Path) -> None:
    """streamlit_folium registers its iframe with the server only when first imported inside a page run: the
    warm-start thread importing it would leave the map a 404 for every visitor."""
    code = ("import sys\n"
            "from components.warm_start import warm_view\n"
            f"warm_view({str(mini_dir)!r})\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit_folium'))\n"
            "print('components.loader' in sys.modules, 'folium' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["[]", "True True"]


def test_app_py_declares_the_server_streamlit_run_looks_for() -> None:
    from streamlit.web.server.app_discovery import discover_asgi_app

    found = discover_asgi_app(ROOT / "app.py")
    assert found.is_asgi_app
    assert found.app_name == "app"
