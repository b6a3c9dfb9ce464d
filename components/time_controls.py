"""The year range: a slider over the atlas's years, decade quick-jumps and a play control that steps the window."""

from __future__ import annotations

import streamlit as st

from components.state import KEYS
from geo.core.vocabulary import YEAR_MAX, YEAR_MIN, YEAR_RANGE_TEXT

__all__ = ["PLAY_SECONDS", "decades", "next_window", "quick_jumps", "year_range"]

PLAY_SECONDS = 1.2


def decades(first: int = YEAR_MIN, last: int = YEAR_MAX) -> list[tuple[str, tuple[int, int]]]:
    """Quick-jump windows: ``("1940s", (1949, 1949))`` … ``("2020s", (2020, 2025))``, clipped to the range."""
    out = []
    for start in range(first - first % 10, last + 1, 10):
        out.append((f"{start}s", (max(start, first), min(start + 9, last))))
    return out


def next_window(years: tuple[int, int]) -> tuple[int, int] | None:
    """The play control's next window: shifted one year later, or None when it already ends at the last year."""
    first, last = years
    if last >= YEAR_MAX:
        return None
    return first + 1, last + 1


def _jump(window: tuple[int, int]) -> None:
    st.session_state[KEYS.years] = window


def _on_play() -> None:
    """Starting from a window that already ends in the last year would show nothing moving: rewind it to the
    first."""
    if st.session_state.get(KEYS.playing):
        first, last = st.session_state[KEYS.years]
        if last >= YEAR_MAX:
            width = min(last - first, 4)
            st.session_state[KEYS.years] = (YEAR_MIN, YEAR_MIN + width)


def quick_jumps() -> None:
    """The decade buttons and "All years" (each sets the slider's window).

    Drawn outside the explorer fragment: a click reruns the whole page, while a slider move reruns only the
    fragment — which then sends, and the browser redraws, a dozen fewer elements on every move.
    """
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        for label, window in decades():
            st.button(label, key=f"decade-{label}", on_click=_jump, args=(window,), type="tertiary",
                      help=f"Show {window[0]}–{window[1]}")
        st.button("All years", key="decade-all", on_click=_jump, args=((YEAR_MIN, YEAR_MAX),), type="tertiary",
                  help=f"Show {YEAR_RANGE_TEXT}")


def year_range(ticking: bool) -> tuple[int, int]:
    """Show the year slider and the play control; return the selected (first, last) years, inclusive.

    ``ticking`` says whether this run was started by the play timer (the app runs the explorer fragment with
    ``run_every`` while playing); a change of the Play toggle then needs a full rerun to start or stop the timer.
    """
    st.session_state.setdefault(KEYS.years, (YEAR_MIN, YEAR_MAX))
    st.session_state.setdefault(KEYS.playing, False)
    if ticking and st.session_state[KEYS.playing]:
        step = next_window(st.session_state[KEYS.years])
        if step is None:
            st.session_state[KEYS.playing] = False
            st.rerun()
        st.session_state[KEYS.years] = step
    with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
        first, last = st.slider("Years", min_value=YEAR_MIN, max_value=YEAR_MAX, step=1, key=KEYS.years,
                                format="%d", help="Drag either end, or focus a handle and use the arrow keys.")
        playing = st.toggle("Play", key=KEYS.playing, on_change=_on_play,
                            help="Step the window one year at a time")
    if playing != ticking:
        st.rerun()
    return int(first), int(last)
