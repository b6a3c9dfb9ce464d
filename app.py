"""Russia–DPRK Summit & Train Atlas — the dashboard. Run: ``streamlit run app.py``.

Wiring only: page set-up, the cached dataset, then the components in order, each one's selection passed on.
The explorer is an ``st.fragment``: moving the slider or clicking the map reruns only it, and while the play
control is on it reruns itself every ``PLAY_SECONDS``.

Streamlit runs this file as ``__main__`` for every page view (:func:`page`). ``streamlit run app.py`` also imports
it once, as a module, to find the server: ``app`` below, whose lifespan builds the cached view before the first
visitor arrives (:mod:`components.warm_start`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from components.warm_start import lifespan

if TYPE_CHECKING:
    from components.model import AtlasView

ICON = Path(__file__).parent / "static" / "favicon.png"


# The components are imported inside the functions, not up here: importing this module must stay cheap, since the
# server imports it before it answers (pandas, folium and the rest then load in the warm-start thread instead).


def page() -> None:
    """One run of the page."""
    from components.add_article import show_add_articles
    from components.error_page import configured_data_dir, show_dataset_error
    from components.layout import header, layer_filter, load_notes
    from components.loader import data_fingerprint, load_view
    from components.review import show_review_queue
    from components.state import KEYS
    from components.time_controls import PLAY_SECONDS, quick_jumps
    from components.url_state import restore_from_url
    from geo.core.errors import DatasetError

    st.set_page_config(page_title="Russia–DPRK Summit & Train Atlas", page_icon=str(ICON), layout="wide")
    header()
    data_dir = configured_data_dir()
    fingerprint = data_fingerprint(Path(data_dir))
    try:
        view = load_view(data_dir, fingerprint)
    except DatasetError as error:
        show_dataset_error(error, data_dir)
        st.stop()
    load_notes(view.notes)
    show_add_articles(data_dir, fingerprint)   # issue 16 "Add" (components/add_article.py); absent when read-only
    show_review_queue(view)                    # issue 16 "Review": the corpus-wide queue; absent when read-only
    restore_from_url()
    playing = bool(st.session_state.get(KEYS.playing))
    # Outside the fragment: what a slider move cannot change (each one reruns the whole page when used).
    with st.container(horizontal=True, vertical_alignment="center", gap="large"):
        quick_jumps()
        layers = layer_filter()
    st.fragment(run_every=PLAY_SECONDS if playing else None)(explorer)(view, data_dir, fingerprint, playing,
                                                                       tuple(layers))


def explorer(view: AtlasView, data_dir: str, fingerprint: str, ticking: bool, layers: tuple[str, ...]) -> None:
    """Year slider, map, passage panel, timeline, table and downloads — everything the years drive."""
    from components.audit import show_audit
    from components.chart import show_timeline
    from components.exports import show_downloads
    from components.filters import visible
    from components.loader import gazetteer
    from components.map_view import show_map
    from components.panel import show_panel
    from components.review import show_review
    from components.state import KEYS, parse_selection
    from components.table import show_table
    from components.time_controls import year_range
    from components.url_state import write_url

    years = year_range(ticking)
    timeline = st.container()   # drawn after the map: the map's update is sent to the browser first
    vis = visible(view, years, layers)
    map_column, panel_column = st.columns([3, 2], gap="medium")
    with map_column:
        selection = show_map(view, vis, st.session_state.get(KEYS.selection))
    with panel_column, st.container(height=640, border=False):
        article = st.session_state.get(KEYS.article)
        show_panel(view, years, selection, article)
        if article:
            show_review(view, article, data_dir, fingerprint)
        parsed = parse_selection(selection)
        if parsed and parsed[0] == "place" and not article:
            show_audit(view, parsed[1], lambda: gazetteer(data_dir, fingerprint))
    with timeline:
        show_timeline(view, years)
    st.subheader("Visible now", anchor=False)
    show_table(view, vis, selection)
    show_downloads(view, vis)
    write_url(years, layers, selection, st.session_state.get(KEYS.article))


if __name__ == "__main__":
    page()
else:   # imported by `streamlit run app.py` to find the server
    app = st.App(__file__, lifespan=lifespan)
