"""Page chrome: title, one-line explanation, layer filter, and the house CSS for passages."""

from __future__ import annotations

import streamlit as st

from components.filters import LAYERS
from components.state import KEYS
from geo.core.vocabulary import YEAR_RANGE_TEXT

__all__ = ["header", "layer_filter", "load_notes"]

_CSS = """<style>
.block-container {padding-top: 1.2rem; max-width: 1600px;}
h1.atlas-h1 {font-size: 1.7rem; margin: 0 0 .1rem 0; letter-spacing: -.01em;}
.atlas-sub {color: #555; margin-bottom: .6rem; font-size: .98rem;}
.atlas-kicker {text-transform: uppercase; letter-spacing: .06em; font-size: .72rem; color: #8a2a22; font-weight: 600;}
h3.atlas-title {margin: .1rem 0 .2rem 0; font-size: 1.25rem; line-height: 1.3; padding: 0;}
.atlas-meta {color: #555; font-size: .85rem; margin-bottom: .4rem;}
.atlas-count {font-size: .85rem; color: #333; margin: .4rem 0; font-weight: 600;}
.atlas-hint {color: #555; border: 1px dashed #c9c3b8; border-radius: 8px; padding: 1rem; background: #fbfaf7;}
.atlas-uncertain {background: #fff4e5; border-left: 3px solid #e08a00; padding: .3rem .6rem; font-size: .85rem;
  margin: .3rem 0;}
figure.atlas-passage {margin: 0 0 .8rem 0; padding: .6rem .8rem; background: #fbfaf7; border: 1px solid #e6e1d8;
  border-radius: 8px;}
figure.atlas-passage figcaption {font-size: .8rem; color: #444; margin-bottom: .3rem;}
figure.atlas-passage blockquote {margin: 0; padding: 0 0 0 .7rem; border-left: 3px solid #b3261e;
  font-family: Georgia, "Times New Roman", serif; font-size: .98rem; line-height: 1.5;}
figure.atlas-passage blockquote, figure.atlas-passage blockquote * {color: #1d1d1d !important; opacity: 1 !important;}
.atlas-links {font-size: .8rem; margin-top: .35rem;}
.atlas-cite {font-size: .82rem; margin-top: .25rem;}
.atlas-article {font-family: Georgia, 'Times New Roman', serif; font-size: 1rem; line-height: 1.6; max-height: 560px;
  overflow-y: auto; padding-right: .5rem;}
.atlas-legend {display: flex; flex-wrap: wrap; gap: .15rem 1rem; font-size: .8rem; color: #333; margin-top: .3rem;}
.atlas-key {white-space: nowrap;}
svg.atlas-timeline {display: block; width: 100%; height: auto; max-height: 120px; font-family: inherit;}
mark {background: #ffe08a; padding: 0 .1em; border-radius: 2px; color: inherit;}
</style>"""


def header() -> None:
    """Title, one-line explanation and the page's CSS (static strings only)."""
    st.markdown(_CSS, unsafe_allow_html=True)
    st.markdown('<h1 class="atlas-h1">Russia–DPRK Summit &amp; Train Atlas</h1>'
                f'<div class="atlas-sub">Soviet/Russian–North Korean leader visits {YEAR_RANGE_TEXT}: pick years '
                'to see the summits, the armoured trains\' routes along the railways, and every place the articles '
                'name — click any of them to read the sources\' own words.</div>', unsafe_allow_html=True)


def layer_filter() -> list[str]:
    """Which layers to show (events, routes, mentions); part of the shareable URL."""
    st.session_state.setdefault(KEYS.layers, list(LAYERS))
    labels = {"events": "Summits & visits", "routes": "Train routes", "mentions": "Places in articles"}
    return st.pills("Layers", LAYERS, selection_mode="multi", key=KEYS.layers, format_func=labels.get,
                    label_visibility="collapsed") or []


def load_notes(notes: tuple[str, ...]) -> None:
    """Messages from loading (e.g. a journey the railway cannot route), shown as plain text."""
    if notes:
        with st.expander(f"{len(notes)} note{'s' * (len(notes) != 1)} about the data"):
            for note in notes:
                st.text(note)
