"""Warm start: load the dashboard's data while the server starts, before anyone opens the page.

``streamlit run app.py`` finds the ``st.App`` that ``app.py`` defines and serves it; its lifespan hook
(:func:`lifespan`) starts one background thread that imports the page's modules and builds the cached view
(:func:`components.loader.load_view`, an ``st.cache_resource``) while the server answers requests. The first
visitor's page then finds the view in the cache instead of waiting for the imports and for reading the view's
snapshot or building the view (times in docs/scaling.md and docs/benchmarks.md). If the visitor comes
first, Streamlit's cache makes the page wait for the same computation rather than start a second one.

The thread never raises: a broken dataset is left for the page, which explains it (``components.error_page``).
It first validates the ``ATLAS_*`` settings (:mod:`geo.core.settings`), so that a bad one is named in the server's
console as soon as it starts (and the page explains it too) instead of surfacing as a failed load.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

from streamlit.logger import get_logger

from geo.core.errors import SettingsError
from geo.core.settings import settings

__all__ = ["lifespan", "warm_view"]

# Streamlit's logger: its lines go to the server's console with Streamlit's own, at its configured level.
_LOG = get_logger(__name__)
_THREAD = "atlas-warm-start"
_PAGE_MODULES = ("folium.plugins", "components.audit", "components.chart", "components.error_page",
                 "components.exports", "components.filters", "components.layout", "components.map_layers",
                 "components.panel", "components.table", "components.time_controls", "components.url_state")


class _NotFromWarmStart(logging.Filter):
    """Drops Streamlit's "missing ScriptRunContext" warning when the warm-start thread causes it (the cached
    function's spinner looks for a page that this thread, by design, does not have)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.threadName != _THREAD


get_logger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_NotFromWarmStart())


def warm_view(data_dir: str | Path | None = None) -> float:
    """Build the cached view of ``data_dir`` (default: the one the page will use); returns the seconds it took.

    Errors are logged, not raised: the page reports them to the visitor with the likely fix.
    """
    started = time.perf_counter()
    try:
        settings()
    except SettingsError as exc:
        # The environment of a running server does not change: only a restart with fixed variables helps.
        _LOG.error("Warm start: invalid settings; the page will say so too. Fix them and restart the server. %s", exc)
        return time.perf_counter() - started
    folder = None
    try:
        from components.loader import data_fingerprint, load_view
        from geo.dataset import resolve_data_dir

        folder = Path(data_dir) if data_dir is not None else resolve_data_dir()
        load_view(str(folder), data_fingerprint(folder))
        # The page's other modules, and folium.plugins (the heavy part of streamlit_folium's import). Not
        # streamlit_folium itself (components.map_view): a custom component registers itself with the server only
        # when first imported *inside* a page run (streamlit.components.v1.declare_component skips registration
        # without a ScriptRunContext), so importing it here would leave the map's iframe a 404 for every visitor.
        for module in _PAGE_MODULES:
            importlib.import_module(module)
    except Exception as exc:  # noqa: BLE001 — the page shows the error; the server must start regardless
        _LOG.warning("Warm start: the dataset in %s did not load; the page will say why. %s: %s", folder,
                     type(exc).__name__, str(exc)[:500])
        return time.perf_counter() - started
    seconds = time.perf_counter() - started
    _LOG.info("Warm start: the dataset in %s is ready (%.2f s).", folder, seconds)
    return seconds


@contextlib.asynccontextmanager
async def lifespan(_app) -> AsyncIterator[None]:
    """``st.App`` lifespan: start :func:`warm_view` in a daemon thread and serve at once (health answers while the
    view builds)."""
    threading.Thread(target=warm_view, name=_THREAD, daemon=True).start()
    yield
