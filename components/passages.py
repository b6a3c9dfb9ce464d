"""Passages: the paragraphs of an article that name a place, with every mention highlighted.

Article text is untrusted: every function here returns HTML in which all text has gone through ``html.escape``
and only our own ``<mark>``/``<p>`` tags are added, so the page can render it without running anything.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pandas as pd

from components.model import AtlasView

__all__ = ["Passage", "article_html", "highlight", "paragraph_bounds", "place_passages", "place_totals",
           "quote_passage"]

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
LONG_PARAGRAPH = 1500   # characters


@dataclass(frozen=True)
class Passage:
    """One paragraph of one article, ready to show (``html`` is escaped, with ``<mark>`` around mentions)."""

    article_id: str
    title: str
    outlet: str
    published: str
    url: str
    html: str
    spans: tuple[tuple[int, int], ...]   # the highlighted spans, as offsets into the article text


def paragraph_bounds(text: str, position: int) -> tuple[int, int]:
    """Start and end offsets of the paragraph (blank-line separated) containing ``position``."""
    start = 0
    for match in _BLANK_LINE.finditer(text, 0, max(position, 0)):
        start = match.end()
    following = _BLANK_LINE.search(text, position)
    end = following.start() if following else len(text)
    return start, end


def highlight(text: str, spans: list[tuple[int, int]] | tuple[tuple[int, int], ...], start: int = 0,
              end: int | None = None) -> str:
    """Escape ``text[start:end]`` and wrap each span (absolute offsets, clipped to the window) in ``<mark>``."""
    end = len(text) if end is None else end
    out, cursor = [], start
    for a, b in sorted((max(a, start), min(b, end)) for a, b in spans):
        if b <= a or a < cursor:
            continue
        out.append(html.escape(text[cursor:a]))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        cursor = b
    out.append(html.escape(text[cursor:end]))
    return "".join(out)


def _place_rows(view: AtlasView, place_id: str, years: tuple[int, int]) -> pd.DataFrame:
    m = view.mentions
    if m.empty:
        return m
    return m[(m["place_id"] == place_id) & m["year"].between(years[0], years[1]).fillna(False).astype(bool)]


def place_totals(view: AtlasView, place_id: str, years: tuple[int, int]) -> tuple[int, int]:
    """(mentions, articles) naming ``place_id`` in articles published within ``years``."""
    rows = _place_rows(view, place_id, years)
    return len(rows), int(rows["article_id"].nunique()) if len(rows) else 0


def place_passages(view: AtlasView, place_id: str, years: tuple[int, int],
                   max_articles: int | None = None) -> list[Passage]:
    """Every paragraph, in articles published within ``years``, that names ``place_id`` — oldest article first.

    ``max_articles`` limits the work (and the page) to the first so many articles: a capital named in thousands of
    articles is paged, not rendered at once.
    """
    rows = _place_rows(view, place_id, years)
    if rows.empty:
        return []
    articles = view.articles.set_index("id")
    published = rows["article_id"].map(articles["published"]).fillna("")
    order = (pd.DataFrame({"article_id": rows["article_id"], "published": published})
             .drop_duplicates("article_id").sort_values(["published", "article_id"])["article_id"].tolist())
    if max_articles is not None:
        order = order[:max_articles]
    passages: list[Passage] = []
    for article_id in order:
        if article_id not in articles.index:
            continue
        art = articles.loc[article_id]
        text = art["text"]
        by_paragraph: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for row in rows[rows["article_id"] == article_id].itertuples(index=False):
            bounds = _passage_of(text, row)
            by_paragraph.setdefault(bounds, []).append((int(row.start), int(row.end)))
        for (a, b), spans in sorted(by_paragraph.items()):
            passages.append(Passage(article_id=str(article_id), title=art["title"], outlet=art["outlet"],
                                    published=art["published"], url=art["url"],
                                    html=highlight(text, spans, a, b), spans=tuple(sorted(spans))))
    return passages


def _passage_of(text: str, row) -> tuple[int, int]:
    """The paragraph around the mention — the unit readers quote; the engine's own (sentence) passage is used
    only when the text has no paragraph breaks near the mention (a paragraph longer than ``LONG_PARAGRAPH``)."""
    a, b = paragraph_bounds(text, int(row.start))
    if b - a <= LONG_PARAGRAPH:
        return a, b
    ps, pe = getattr(row, "passage_start", None), getattr(row, "passage_end", None)
    if ps is not None and pe is not None and not pd.isna(ps) and not pd.isna(pe):
        return int(ps), int(pe)
    return a, b


def quote_passage(text: str, quote: str) -> str | None:
    """The paragraph containing ``quote`` with the quote highlighted (escaped HTML), or None if it is absent."""
    if not quote:
        return None
    at = text.find(quote)
    if at < 0:
        return None
    a, b = paragraph_bounds(text, at)
    return highlight(text, [(at, at + len(quote))], a, max(b, at + len(quote)))


def article_html(text: str, spans: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> str:
    """The whole article as escaped ``<p>`` paragraphs with ``spans`` highlighted."""
    paragraphs, cursor = [], 0
    for match in [*_BLANK_LINE.finditer(text), None]:
        end = match.start() if match else len(text)
        if text[cursor:end].strip():
            body = highlight(text, spans, cursor, end).replace("\n", "<br>")
            paragraphs.append(f"<p>{body}</p>")
        cursor = match.end() if match else len(text)
    return "\n".join(paragraphs)
