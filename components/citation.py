"""Bibliography rows (``data/sources.csv``) as citations a reader can follow, as plain text and as safe HTML.

The form is ``Publisher, "Title", Author, 12 Mar 2019. URL (archived: URL)``. A title in [square brackets] is a
description supplied by the editors (the source's own headline is not recorded), so it is not put in quotes. A
source without a date reads "n.d."; one without a URL carries its note (why there is none) instead.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping

from components.html_safe import esc, external_link

__all__ = ["NO_DATE", "citation_html", "citation_text", "format_date"]

NO_DATE = "n.d."


def format_date(value: object) -> str:
    """``"2019-03-12"`` → ``"12 Mar 2019"``, ``"2019-03"`` → ``"Mar 2019"``, ``"2019"`` → ``"2019"``, empty → n.d.

    Anything else (the loader rejects it, but a hand-built table might hold it) is returned as written.
    """
    text = _str(value)
    if not text:
        return NO_DATE
    parts = text.split("-")
    if not all(p.isdigit() for p in parts) or len(parts) > 3:
        return text
    if len(parts) >= 2 and not 1 <= int(parts[1]) <= 12:
        return text
    month = calendar.month_abbr[int(parts[1])] if len(parts) >= 2 else ""
    return " ".join(x for x in (str(int(parts[2])) if len(parts) == 3 else "", month, parts[0]) if x)


def _str(value: object) -> str:
    # pandas gives NaN/None for a column a hand-made test table lacks; a citation shows nothing for it
    return "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()


def _title(title: str) -> str:
    return title if title.startswith("[") else f"\u201c{title}\u201d" if title else ""


def _head(source: Mapping) -> list[str]:
    """Publisher, title, author and date: the citation's plain-text parts, empty ones left out."""
    parts = [_str(source.get("publisher")), _title(_str(source.get("title"))), _str(source.get("author")),
             format_date(source.get("date"))]
    return [p for p in parts if p]


def _sentence(text: str) -> str:
    """``text`` ending in one full stop ("n.d." already has it)."""
    return text if text.endswith(".") else text + "."


def _other_urls(source: Mapping) -> list[str]:
    url = _str(source.get("url"))
    return [u for u in _str(source.get("urls")).split("|") if u and u != url]


def citation_text(source: Mapping) -> str:
    """The citation as one line of plain text (for the CSV and GeoJSON downloads)."""
    text = _sentence(", ".join(_head(source)))
    url, archive = _str(source.get("url")), _str(source.get("archive_url"))
    if url:
        text += f" {url}"
    if archive:
        text += f" (archived: {archive})"
    others = _other_urls(source)
    if others:
        text += " Also: " + ", ".join(others) + "."
    if not url and _str(source.get("note")):
        text += f" ({_str(source.get('note'))})"
    return text


def citation_html(source: Mapping) -> str:
    """The citation as HTML: every part escaped, the URL, archive copy and other copies as links.

    Only http(s) addresses become links (:func:`components.html_safe.external_link`); the note, when there is one,
    follows in a smaller line because it says how far the entry can be trusted (a date read from a URL, say).
    """
    url, archive = _str(source.get("url")), _str(source.get("archive_url"))
    head = _sentence(", ".join(esc(p) for p in _head(source)))
    html = f"{head} {external_link(url, url)}" if url else head
    if archive:
        html += f" (archived: {external_link(archive, archive)})"
    others = _other_urls(source)
    if others:
        html += " Also: " + ", ".join(external_link(u, u) for u in others) + "."
    note = _str(source.get("note"))
    if note:
        html += f'<div class="atlas-meta">{esc(note)}</div>'
    return html
