"""The panel beside the map: what the selected place, event or journey is, and the sources' own words.

All dynamic text reaches the page escaped (``components.passages`` / ``components.html_safe``); the only
``unsafe_allow_html`` content is HTML we composed from escaped parts.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.citation import citation_html
from components.date_span import span_text
from components.html_safe import esc, external_link, internal_link, safe_href
from components.model import AtlasView
from components.passages import article_html, place_passages, place_totals, quote_passage
from components.review import status_marks_html
from components.state import KEYS, UrlState, parse_selection, to_query
from geo.core.settings import read_only
from geo.core.vocabulary import event_style
from geo.routing.routes import format_km

__all__ = ["show_panel"]


def _html(markup: str) -> None:
    st.markdown(markup, unsafe_allow_html=True)


ARTICLES_PER_PAGE = 10


def _unknown(kind: str, ident: str) -> None:
    """The link names something the dataset lacks: say so without rendering the (untrusted) id as Markdown."""
    st.warning(f"This link names a {kind} that is not in the dataset:")
    st.text(ident)


def _link_params(years: tuple[int, int], selection: str | None, article: str) -> dict[str, str]:
    return to_query(UrlState(years=years, selection=selection, article=article))


def show_panel(view: AtlasView, years: tuple[int, int], selection: str | None, article: str | None) -> None:
    """Render the selection's details; with ``article`` set, the whole article instead (mentions kept marked)."""
    parsed = parse_selection(selection)
    if article:
        _show_article(view, years, selection, article)
        return
    if not parsed:
        _html('<div class="atlas-hint">Click a marker or a route on the map, or choose a row in the table '
              'below, to read what the sources say.</div>')
        return
    kind, ident = parsed
    {"place": _show_place, "event": _show_event, "journey": _show_journey}[kind](view, years, ident)


def _show_place(view: AtlasView, years: tuple[int, int], place_id: str) -> None:
    rows = view.places[view.places["id"] == place_id]
    if rows.empty:
        _unknown("place", place_id)
        return
    place = rows.iloc[0]
    meta = " · ".join(x for x in (esc(place["kind"]), esc(place["country"])) if x)
    _html(f'<div class="atlas-kicker">Place</div><h3 class="atlas-title">{esc(place["name"])}</h3>'
          f'<div class="atlas-meta">{meta} · coordinates: {esc(place["coord_source"])}</div>')
    if place.get("uncertain"):
        _html(f'<div class="atlas-uncertain">UNCONFIRMED: {esc(place["uncertain"])}</div>')
    n_mentions, n_articles = place_totals(view, place_id, years)
    page_key = (f"place:{place_id}", years)
    shown = st.session_state.get(KEYS.passage_page, (None, 0))
    limit = shown[1] if shown[0] == page_key else ARTICLES_PER_PAGE
    passages = place_passages(view, place_id, years, max_articles=limit)
    _html(f'<div class="atlas-count">{len(passages)} passage{"s" * (len(passages) != 1)} from '
          f'{min(limit, n_articles)} of {n_articles} article{"s" * (n_articles != 1)} published {years[0]}–{years[1]}'
          f' ({n_mentions} mention{"s" * (n_mentions != 1)})</div>')
    for p in passages:
        read = internal_link(_link_params(years, f"place:{place_id}", p.article_id), "Read the whole article")
        original = external_link(p.url, "original") if safe_href(p.url) else ""
        _html(f'<figure class="atlas-passage"><figcaption><b>{esc(p.outlet)}</b> · {esc(p.published)} · '
              f'<i>{esc(p.title)}</i></figcaption><blockquote>{p.html}</blockquote>'
              f'<div class="atlas-links">{read}{" · " + original if original else ""}</div></figure>')
    if n_articles > limit:
        st.button(f"Show {min(ARTICLES_PER_PAGE, n_articles - limit)} more articles", key="more-passages",
                  on_click=_more, args=(page_key, limit + ARTICLES_PER_PAGE))


def _more(page_key: tuple, limit: int) -> None:
    st.session_state[KEYS.passage_page] = (page_key, limit)


def _show_event(view: AtlasView, years: tuple[int, int], event_id: str) -> None:
    rows = view.events[view.events["id"] == event_id]
    if rows.empty:
        _unknown("event", event_id)
        return
    e = rows.iloc[0]
    label = event_style(e["kind"]).label
    dates = span_text(e["start"], e["end"])
    leaders = " – ".join(e["leaders"].split("|")) if e["leaders"] else ""
    venue = e.get("venue") if isinstance(e.get("venue"), str) else e["venue_place_id"]
    _html(f'<div class="atlas-kicker">{esc(label)}</div><h3 class="atlas-title">{esc(e["title"])}</h3>'
          f'<div class="atlas-meta">{esc(dates)} · {esc(leaders)} · {esc(venue)} · travel: {esc(e["mode"])}</div>'
          f'<p>{esc(e["summary"])}</p>')
    if e["uncertain"]:
        _html(f'<div class="atlas-uncertain">UNCONFIRMED: {esc(e["uncertain"])}</div>')
    srcs = view.event_sources[view.event_sources["event_id"] == event_id]
    _html(f'<div class="atlas-count">{len(srcs)} source{"s" * (len(srcs) != 1)}</div>')
    _show_sources(view, years, srcs, f"event:{event_id}")


def _show_sources(view: AtlasView, years: tuple[int, int], srcs: pd.DataFrame, selection: str) -> None:
    articles = view.articles.set_index("id")
    bib = view.sources.set_index("key")
    for s in srcs.itertuples(index=False):
        parts = []
        if s.article_id and s.article_id in articles.index:
            art = articles.loc[s.article_id]
            quoted = quote_passage(art["text"], s.quote) or esc(s.quote)
            read = internal_link(_link_params(years, selection, s.article_id), "Read the whole article")
            parts.append(f'<figcaption><b>{esc(art["outlet"])}</b> · {esc(art["published"])} · '
                         f'<i>{esc(art["title"])}</i></figcaption><blockquote>{quoted}</blockquote>'
                         f'<div class="atlas-links">{read}</div>')
        if s.source_key:
            parts.append(_cite(s.source_key, bib))
        if s.note:
            parts.append(f'<div class="atlas-meta">{esc(s.note)}</div>')
        _html(f'<figure class="atlas-passage">{"".join(parts)}</figure>')


def _cite(key: str, bib: pd.DataFrame) -> str:
    """One bibliography entry as a formatted citation with its links; a key missing from it shows bare."""
    body = citation_html(bib.loc[key].to_dict()) if key in bib.index else ""
    return f'<div class="atlas-cite">[{esc(key)}] {body}</div>'


def _show_journey(view: AtlasView, years: tuple[int, int], journey_id: str) -> None:
    rows = view.journeys[view.journeys["id"] == journey_id]
    if rows.empty:
        _unknown("journey", journey_id)
        return
    j = rows.iloc[0]
    km = j["km"]
    km_text = "route not drawn" if km is None or pd.isna(km) else (
        f'{format_km(float(km), bool(j["km_official"]))} by rail '
        f'({"official km posts" if j["km_official"] else "approximate: includes estimated legs"})')
    _html(f'<div class="atlas-kicker">Journey · {esc(j["traveller"])}</div>'
          f'<h3 class="atlas-title">{esc(j["title"])}</h3>'
          f'<div class="atlas-meta">{esc(span_text(j["start"], j["end"]))} · {esc(km_text)}</div>')
    if j["uncertain"]:
        _html(f'<div class="atlas-uncertain">UNCONFIRMED: {esc(j["uncertain"])}</div>')
    stops = view.stops[view.stops["journey_id"] == journey_id]
    table = pd.DataFrame({"#": stops["seq"], "Stop": stops["name"].fillna(stops["place_id"]),
                          "Date": stops["date"], "Time": stops["time"], "By": stops["mode"].str.replace("_", " "),
                          "What happened": stops["activity"], "Unconfirmed": stops["uncertain"]})
    st.dataframe(table, hide_index=True, width="stretch", placeholder="", alt=f"Stops of {j['title']}")
    keys = [k for k in str(j["sources"]).split("|") if k]
    bib = view.sources.set_index("key")
    if keys:
        _html('<figure class="atlas-passage">' + "".join(_cite(k, bib) for k in keys) + "</figure>")


def _show_article(view: AtlasView, years: tuple[int, int], selection: str | None, article_id: str) -> None:
    rows = view.articles[view.articles["id"] == article_id]
    back = internal_link(to_query(UrlState(years=years, selection=selection)), "← Back to the passages")
    if rows.empty:
        _unknown("article", article_id)
        _html(back)
        return
    art = rows.iloc[0]
    parsed = parse_selection(selection)
    spans: list[tuple[int, int]] = []
    if parsed and parsed[0] == "place":
        m = view.mentions
        mine = m[(m["article_id"] == article_id) & (m["place_id"] == parsed[1])]
        spans = list(zip(mine["start"].astype(int), mine["end"].astype(int), strict=True))
    elif parsed and parsed[0] == "event":
        quotes = view.event_sources[(view.event_sources["event_id"] == parsed[1])
                                    & (view.event_sources["article_id"] == article_id)]["quote"]
        spans = [(art["text"].find(q), art["text"].find(q) + len(q)) for q in quotes if q and q in art["text"]]
    if spans or read_only():
        body = article_html(art["text"], spans)
    else:  # every mention marked by its review status (components/review.py)
        body = status_marks_html(art["text"], view.mentions[view.mentions["article_id"] == article_id])
    byline = f' · {esc(art["byline"])}' if art["byline"] else ""
    original = external_link(art["url"], "original") if safe_href(art["url"]) else ""
    _html(f'<div class="atlas-links">{back}{" · " + original if original else ""}</div>'
          f'<div class="atlas-kicker">Article</div><h3 class="atlas-title">{esc(art["title"])}</h3>'
          f'<div class="atlas-meta"><b>{esc(art["outlet"])}</b> · {esc(art["published"])}{byline}</div>'
          f'<div class="atlas-article">{body}</div>')
