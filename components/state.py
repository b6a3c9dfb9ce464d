"""Every ``st.session_state`` key the dashboard uses, the selection format, and the URL ⇄ state mapping.

A selection is a string ``"<kind>:<id>"`` with kind ``place``, ``event`` or ``journey`` — the same string is the
``id`` property of map features, the table's ``item`` column and (split) the URL parameter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from components.filters import LAYERS
from geo.core.vocabulary import YEAR_MAX, YEAR_MIN

__all__ = ["KEYS", "SELECTION_KINDS", "UrlState", "from_query", "parse_selection", "to_query"]

SELECTION_KINDS = ("place", "event", "journey")
# docs/data-model.md "Identifiers": anything else in a URL is not an id of ours and is dropped (links are untrusted).
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class KEYS:
    """Session-state keys (one place, so no component invents its own)."""

    years = "years"                # (int, int) — the year slider's value
    layers = "layers"              # list[str] — visible layers
    selection = "selection"        # str | None — "place:khasan"
    article = "article"            # str | None — article open in the reader
    playing = "playing"            # bool — the play control
    initialised = "initialised"    # bool — URL read into state once per session
    map = "atlas_map"              # streamlit-folium's value
    map_clicks = "map_clicks"      # int — last_object_clicked_count already turned into a selection
    table = "visible_table"        # st.dataframe selection
    audit = "audit"                # bool — the audit expander is open
    passage_page = "passage_page"  # ((selection, years), n) — how many articles' passages the panel shows
    # the Add panel (components/add_article.py, issue 16)
    add_round = "add_round"        # int — bumped after each save, so the upload and paste widgets start empty
    add_drafts = "add_drafts"      # dict — drafts read this round, by (name, content digest): read once
    add_result = "add_result"      # list[dict] — the outcomes of the last save, shown until the next one
    # review (components/review.py, issue 16)
    pick_point = "pick_point"      # bool — the next map click gives a new place's point
    map_point = "map_point"        # (lat, lon) | None — the last map click taken for a new place
    review_message = "review_message"  # (kind, text) — the last decision's outcome, shown once
    queue_open = "queue_open"      # bool — the review queue expander is open


def parse_selection(value: str | None) -> tuple[str, str] | None:
    """``"place:khasan"`` → ``("place", "khasan")``; None for anything else."""
    if not value or ":" not in value:
        return None
    kind, _, ident = value.partition(":")
    if kind not in SELECTION_KINDS or not SLUG.fullmatch(ident):
        return None
    return kind, ident


@dataclass(frozen=True)
class UrlState:
    """The view a shareable URL carries."""

    years: tuple[int, int] = (YEAR_MIN, YEAR_MAX)
    layers: tuple[str, ...] = LAYERS
    selection: str | None = None
    article: str | None = None


def _year(value: str | None, default: int) -> int:
    try:
        return min(max(int(str(value)), YEAR_MIN), YEAR_MAX)
    except (TypeError, ValueError):
        return default


def from_query(params: Mapping[str, str]) -> UrlState:
    """Read ``?from=YYYY&to=YYYY&place=…|event=…|journey=…&layers=a,b&article=…``; bad values fall back
    (years out of range are clamped, ids that are not slugs are dropped)."""
    first, last = _year(params.get("from"), YEAR_MIN), _year(params.get("to"), YEAR_MAX)
    if first > last:
        first, last = last, first
    layers = LAYERS
    if params.get("layers") is not None:
        layers = tuple(x for x in LAYERS if x in str(params["layers"]).split(","))
    selection = next((f"{k}:{params[k]}" for k in SELECTION_KINDS
                      if params.get(k) and SLUG.fullmatch(str(params[k]))), None)
    article = params.get("article")
    return UrlState(years=(first, last), layers=layers, selection=selection,
                    article=article if article and SLUG.fullmatch(str(article)) else None)


def to_query(state: UrlState) -> dict[str, str]:
    """The query parameters for ``state`` (defaults left out, so the plain URL stays plain)."""
    out = {"from": str(state.years[0]), "to": str(state.years[1])}
    if tuple(state.layers) != LAYERS:
        out["layers"] = ",".join(state.layers)
    parsed = parse_selection(state.selection)
    if parsed:
        out[parsed[0]] = parsed[1]
    if state.article:
        out["article"] = state.article
    return out
