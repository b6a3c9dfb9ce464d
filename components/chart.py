"""The timeline chart: events per year by kind, the selected window shaded — an inline SVG.

Drawn as SVG markup in the page (``st.markdown`` with HTML; ``st.html`` sanitises SVG away) rather than a
Vega-Lite chart: the chart library is a large script the browser loads and compiles before the page's first map,
and re-embeds on every slider move, holding up the browser's main thread each time; the chart itself is a few dozen
rectangles.
Every bar has a ``<title>`` (hover text, read by screen readers) and the whole chart an ``aria-label``.
"""

from __future__ import annotations

import html
from collections import Counter

import streamlit as st

from components.model import AtlasView
from geo.core.vocabulary import EVENT_STYLES, OTHER_EVENT_COLOUR, YEAR_MAX, YEAR_MIN, YEAR_RANGE_TEXT

__all__ = ["events_per_year", "show_timeline", "timeline_svg"]

_WIDTH, _HEIGHT = 1000, 104
# plot margins inside the view box; the top one holds the axis title, which inside the plot sat on the 1949 bar
_LEFT, _RIGHT, _TOP, _BOTTOM = 34, 8, 16, 22
_WINDOW_FILL = "#b3261e"


def events_per_year(view: AtlasView) -> Counter[tuple[int, str]]:
    """``(year, kind) -> events under way that year`` (a multi-year event counts in each of its years)."""
    ev = view.events.dropna(subset=["year_from", "year_to"])
    counts: Counter[tuple[int, str]] = Counter()
    for first, last, kind in zip(ev["year_from"], ev["year_to"], ev["kind"], strict=True):
        counts.update((year, kind) for year in range(int(first), int(last) + 1))
    return counts


def open_ended_per_year(view: AtlasView) -> Counter[tuple[int, str]]:
    """``(year, kind) -> events whose end no source gives``, counted in their start year only (of
    :func:`events_per_year`): they are drawn faint, their hover text saying so, never as a known span."""
    ev = view.events.dropna(subset=["year_from"])
    ev = ev[ev["end"].fillna("") == ""]
    return Counter(zip(ev["year_from"].astype(int), ev["kind"], strict=True))


def _x(year: float) -> float:
    span = (YEAR_MAX + 0.5) - (YEAR_MIN - 0.5)
    return _LEFT + (year - (YEAR_MIN - 0.5)) / span * (_WIDTH - _LEFT - _RIGHT)


def timeline_svg(view: AtlasView, years: tuple[int, int]) -> str:
    """The chart as an SVG string: stacked bars per year coloured by event kind (the map legend's colours),
    the window ``years`` shaded behind them, a year axis every five years and an event-count axis."""
    counts = events_per_year(view)
    open_ended = open_ended_per_year(view)
    per_year = Counter()
    for (year, _kind), n in counts.items():
        per_year[year] += n
    top = max(per_year.values(), default=1)
    plot_h = _HEIGHT - _TOP - _BOTTOM
    base = _TOP + plot_h

    def y(value: float) -> float:
        return base - value / top * plot_h

    bar = (_WIDTH - _LEFT - _RIGHT) / (YEAR_MAX - YEAR_MIN + 1) * 0.62
    parts = [f'<rect x="{_x(years[0] - 0.5):.1f}" y="{_TOP}" width="{_x(years[1] + 0.5) - _x(years[0] - 0.5):.1f}" '
             f'height="{plot_h}" fill="{_WINDOW_FILL}" fill-opacity="0.09"/>']
    for value in range(0, top + 1, max(1, top // 3)):
        parts.append(f'<line x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                     f'stroke="#e6e1d8" stroke-width="1"/>'
                     f'<text x="{_LEFT - 6}" y="{y(value) + 3.5:.1f}" text-anchor="end">{value}</text>')
    parts.append(f'<text x="{_LEFT}" y="{_TOP - 5}">events per year</text>')
    for year in range(YEAR_MIN - YEAR_MIN % 5 + 5, YEAR_MAX + 1, 5):
        parts.append(f'<text x="{_x(year):.1f}" y="{_HEIGHT - 6}" text-anchor="middle">{year}</text>')
    for year in sorted(per_year):
        # the legend's kinds in its order, then any kind without a style of its own as "other"
        segments = [(kind.label, kind.colour, counts.get((year, kind.name), 0)) for kind in EVENT_STYLES.values()]
        segments.append(("other", OTHER_EVENT_COLOUR, per_year[year] - sum(n for _, _, n in segments)))
        stacked = 0
        for name, label, colour, n in _split_open_ended(segments, year, open_ended):
            if not n:
                continue
            faint = name == "open"
            tip = html.escape(f"{year} · {label}: {n} event{'s' * (n != 1)}"
                              + (f", end unknown (counted in {year}, its start)" if faint else ""))
            extra = (f' fill-opacity="0.35" stroke="{colour}" stroke-width="1" stroke-dasharray="2 2"'
                     if faint else "")
            parts.append(f'<rect x="{_x(year) - bar / 2:.1f}" y="{y(stacked + n):.1f}" width="{bar:.1f}" '
                         f'height="{y(stacked) - y(stacked + n):.1f}" fill="{colour}"{extra}>'
                         f'<title>{tip}</title></rect>')
            stacked += n
    total = sum(counts.values())
    label = html.escape(f"Timeline: events under way per year, {YEAR_RANGE_TEXT} ({total} event-years); "
                        f"selected {years[0]}–{years[1]}")
    return (f'<svg class="atlas-timeline" viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" aria-label="{label}" '
            f'font-size="11" fill="#555" xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>')


def _split_open_ended(segments: list[tuple[str, str, int]], year: int,
                      open_ended: Counter[tuple[int, str]]) -> list[tuple[str, str, str, int]]:
    """Each kind's segment as (``"known"``, label, colour, n) then, faint on top of it, its events with an unknown
    end as (``"open"``, …)."""
    kind_names = [kind.name for kind in EVENT_STYLES.values()]
    out = []
    for index, (label, colour, n) in enumerate(segments):
        name = kind_names[index] if index < len(kind_names) else None
        unknown_end = min(n, open_ended.get((year, name), 0)) if name else 0
        out += [("known", label, colour, n - unknown_end), ("open", label, colour, unknown_end)]
    return out


def show_timeline(view: AtlasView, years: tuple[int, int]) -> None:
    """The timeline, full width."""
    st.markdown(timeline_svg(view, years), unsafe_allow_html=True)
