"""URL query parameters are untrusted (anyone can send a researcher a link): bad values fall back, and nothing
from the URL is rendered as Markdown or HTML on the page."""

from __future__ import annotations

import os

import pytest
from streamlit.testing.v1 import AppTest

from components.state import KEYS
from tests.reliability.helpers import ROOT

APP = str(ROOT / "app.py")
PHISH = "x [Session expired, log in again](https://evil.example/login) **now**"
PIXEL = "![p](https://evil.example/pixel.png)"


@pytest.fixture
def bundled_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in [k for k in os.environ if k.startswith("ATLAS_") and k != "ATLAS_CACHE_DIR"]:
        monkeypatch.delenv(key)


def _run(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update(query)
    return at.run()


def _markdown_sinks(at: AppTest) -> list[str]:
    """Every string the page renders as Markdown (warnings, errors, infos, markdown, captions)."""
    return [e.value for group in (at.warning, at.error, at.info, at.markdown, at.caption) for e in group]


@pytest.mark.parametrize(("query", "years"), [
    ({"from": "1000", "to": "99999"}, (1949, 2025)),
    ({"from": "2019", "to": "2001"}, (2001, 2019)),
    ({"from": "<script>", "to": "1e9"}, (1949, 2025)),
    ({"from": "２０１１", "to": "2011"}, (2011, 2011)),
], ids=["out-of-range", "reversed", "garbage", "fullwidth-digits"])
@pytest.mark.usefixtures("bundled_env")
def test_bad_years_fall_back(query: dict[str, str], years: tuple[int, int]) -> None:
    at = _run(query)
    assert not at.exception, at.exception
    assert at.slider(key=KEYS.years).value == years


@pytest.mark.parametrize("query", [{"place": PHISH}, {"event": PHISH}, {"journey": PHISH}, {"article": PIXEL}],
                         ids=["place", "event", "journey", "article"])
@pytest.mark.usefixtures("bundled_env")
def test_url_text_is_never_rendered_as_markdown(query: dict[str, str]) -> None:
    at = _run(query)
    assert not at.exception, at.exception
    rendered = "\n".join(_markdown_sinks(at))
    assert "](https://evil.example" not in rendered, rendered
