"""Shareable state: read the URL into the session once, and keep the URL in step with the view afterwards."""

from __future__ import annotations

import streamlit as st

from components.filters import LAYERS
from components.state import KEYS, UrlState, from_query, to_query

__all__ = ["restore_from_url", "write_url"]


def restore_from_url() -> None:
    """On a session's first run, set years, layers, selection and article from ``st.query_params``."""
    if st.session_state.get(KEYS.initialised):
        return
    state = from_query(st.query_params.to_dict())
    st.session_state[KEYS.years] = state.years
    st.session_state[KEYS.layers] = list(state.layers)
    st.session_state[KEYS.selection] = state.selection
    st.session_state[KEYS.article] = state.article
    st.session_state[KEYS.initialised] = True


def write_url(years: tuple[int, int], layers: list[str], selection: str | None, article: str | None) -> None:
    """Make the address bar carry the current view (only touched when it differs, to avoid history churn)."""
    wanted = to_query(UrlState(years=years, layers=tuple(x for x in LAYERS if x in layers),
                               selection=selection, article=article))
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
