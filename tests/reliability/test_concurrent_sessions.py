"""Several researchers on one running dashboard: each session sees only its own years and selection, and the
cached data every session shares is never changed by any of them.

Two layers: ten Chromium sessions at once against one ``streamlit run app.py`` (bundled data), and two AppTest
sessions interleaved in one process checking the shared caches (``st.cache_data`` view, ``st.cache_resource``
gazetteer) before and after.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from tests.reliability.helpers import ROOT
from tests.support.streamlit_server import streamlit_server

APP = str(ROOT / "app.py")


def _names() -> tuple[dict[str, str], dict[str, str]]:
    from geo.dataset import load_dataset

    dataset = load_dataset()
    return (dict(zip(dataset.places["id"], dataset.places["name"], strict=True)),
            dict(zip(dataset.events["id"], dataset.events["title"], strict=True)))


@dataclass(frozen=True)
class Session:
    """One researcher's view: the shared URL they open, what they do with the slider, what they must then see."""

    years: tuple[int, int]
    kind: str                       # "place" | "event"
    ident: str
    thumb: int | None = None        # slider handle moved by keyboard: 0 = from, 1 = to
    presses: int = 0                # ArrowRight on the "from" handle, ArrowLeft on the "to" handle

    @property
    def query(self) -> str:
        return f"from={self.years[0]}&to={self.years[1]}&{self.kind}={self.ident}"

    @property
    def final_years(self) -> tuple[int, int]:
        first, last = self.years
        if self.thumb == 0:
            return first + self.presses, last
        if self.thumb == 1:
            return first, last - self.presses
        return first, last


SESSIONS = [
    Session((1949, 2025), "place", "pyongyang", thumb=0, presses=3),
    Session((2000, 2011), "place", "vladivostok"),
    Session((1984, 2001), "place", "moscow", thumb=1, presses=2),
    Session((2002, 2002), "place", "khasan"),
    Session((2001, 2019), "place", "khabarovsk", thumb=0, presses=1),
    Session((2011, 2011), "event", "2011-kim-jong-il-medvedev-sosnovy-bor"),
    Session((1986, 1990), "event", "1986-kim-il-sung-gorbachev-moscow", thumb=1, presses=1),
    Session((2019, 2024), "event", "2019-kim-jong-un-putin-vladivostok"),
    Session((1949, 1961), "event", "1949-kim-il-sung-stalin-moscow", thumb=0, presses=5),
    Session((2023, 2025), "event", "2023-kim-jong-un-putin-vostochny"),
]


def _title(session: Session, places: dict[str, str], events: dict[str, str]) -> str:
    return (places if session.kind == "place" else events)[session.ident]


def _assert_own_view(page, session: Session, title: str, timeout: float) -> None:
    from playwright.sync_api import expect

    first, last = session.final_years
    # Fail at once, with the app's message, when the page shows an exception instead of the dashboard.
    page.locator('input[type="range"], [data-testid="stException"]').first.wait_for(timeout=timeout)
    crash = page.locator('[data-testid="stException"]')
    assert crash.count() == 0, f"the app crashed for {session.query}: {crash.first.inner_text()[:2000]}"
    sliders = page.get_by_role("slider")   # Streamlit 1.67 renders the handles as <input type="range">
    expect(sliders.first).to_have_value(str(first), timeout=timeout)
    expect(sliders.nth(1)).to_have_value(str(last), timeout=timeout)
    expect(page.locator("h3.atlas-title")).to_have_count(1, timeout=timeout)
    expect(page.locator("h3.atlas-title")).to_have_text(title, timeout=timeout)
    if session.kind == "place":
        expect(page.locator(".atlas-count").first).to_contain_text(f"published {first}–{last}", timeout=timeout)
    expect(page).to_have_url(re.compile(rf"from={first}&to={last}\b.*{session.kind}={re.escape(session.ident)}"),
                             timeout=timeout)


@pytest.mark.browser
def test_ten_browser_sessions_see_only_their_own_state(browser, tmp_path: Path) -> None:
    places, events = _names()
    errors: list[str] = []
    with streamlit_server(tmp_path / "streamlit.log") as url:
        contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in SESSIONS]
        try:
            pages = [context.new_page() for context in contexts]
            for page in pages:
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
            # All ten sessions connect at once; only then is any of them waited for.
            for page, session in zip(pages, SESSIONS, strict=True):
                page.goto(f"{url}/?{session.query}", wait_until="commit")
            for page, session in zip(pages, SESSIONS, strict=True):
                unmoved = Session(session.years, session.kind, session.ident)
                _assert_own_view(page, unmoved, _title(session, places, events), timeout=180_000)
            # Interleaved keyboard moves: one key press per session in turn, so the server handles them mixed.
            for step in range(max(s.presses for s in SESSIONS)):
                for page, session in zip(pages, SESSIONS, strict=True):
                    if session.thumb is not None and step < session.presses:
                        handle = page.get_by_role("slider").nth(session.thumb)
                        handle.focus()
                        handle.press("ArrowRight" if session.thumb == 0 else "ArrowLeft")
            for page, session in zip(pages, SESSIONS, strict=True):
                _assert_own_view(page, session, _title(session, places, events), timeout=120_000)
            # After everyone has moved, every page still shows its own state (no cross-session leak).
            for page, session in zip(pages, SESSIONS, strict=True):
                _assert_own_view(page, session, _title(session, places, events), timeout=30_000)
        finally:
            for context in contexts:
                context.close()
    assert errors == []


# -- AppTest: shared caches are never mutated -------------------------------------------------------------------


def _digest(obj: object) -> str:
    """A content hash of a view/dataset: DataFrames by their pickled bytes, everything else by pickle or repr."""
    digest = hashlib.sha256()

    def feed(value: object) -> None:
        if isinstance(value, pd.DataFrame):
            digest.update(pickle.dumps(value.to_dict("split"), protocol=5))
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                digest.update(name.encode())
                feed(getattr(value, name))
        else:
            digest.update(repr(value).encode())
    feed(obj)
    return digest.hexdigest()


def _gazetteer_state(gaz: object) -> str:
    if gaz is None:
        return "none"
    state = {k: v for k, v in vars(gaz).items() if k in ("roi", "_places", "_extent", "_by_key", "_variants")}
    return hashlib.sha256(repr(sorted((k, repr(v)) for k, v in state.items())).encode()).hexdigest()


@pytest.fixture
def bundled_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in [k for k in __import__("os").environ if k.startswith("ATLAS_") and k != "ATLAS_CACHE_DIR"]:
        monkeypatch.delenv(key)


@pytest.mark.usefixtures("bundled_env")
def test_interleaved_sessions_keep_their_own_state_and_never_mutate_the_caches() -> None:
    from streamlit.testing.v1 import AppTest

    from components.loader import data_fingerprint, gazetteer, load_view
    from components.state import KEYS
    from geo.dataset import resolve_data_dir

    data_dir = resolve_data_dir()
    fingerprint = data_fingerprint(data_dir)
    view_before = _digest(load_view(str(data_dir), fingerprint))
    gaz = gazetteer(str(data_dir), fingerprint)
    gaz_before = _gazetteer_state(gaz)

    a = AppTest.from_file(APP, default_timeout=180)
    b = AppTest.from_file(APP, default_timeout=180)
    a.query_params.update({"from": "2000", "to": "2011", "place": "pyongyang"})
    b.query_params.update({"from": "2019", "to": "2025", "event": "2019-kim-jong-un-putin-vladivostok"})
    a.run()
    b.run()
    assert not a.exception, a.exception
    assert not b.exception, b.exception
    a.slider(key=KEYS.years).set_value((2001, 2002))
    b.slider(key=KEYS.years).set_value((2023, 2024))
    b.run()
    a.run()
    a.run()
    for at, years, selection in ((a, (2001, 2002), "place:pyongyang"),
                                 (b, (2023, 2024), "event:2019-kim-jong-un-putin-vladivostok")):
        assert not at.exception, at.exception
        assert at.slider(key=KEYS.years).value == years
        assert at.session_state[KEYS.selection] == selection
        assert at.query_params["from"] == str(years[0])
        assert at.query_params["to"] == str(years[1])

    # A session that mutates what the cache handed it changes nothing for the next session.
    view = load_view(str(data_dir), fingerprint)
    view.places.loc[:, "lat"] = 0.0
    view.articles["text"] = "<mutated>"
    assert _digest(load_view(str(data_dir), fingerprint)) == view_before
    assert gazetteer(str(data_dir), fingerprint) is gaz, "the gazetteer resource was rebuilt"
    assert _gazetteer_state(gaz) == gaz_before
