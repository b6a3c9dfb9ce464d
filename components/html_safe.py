"""Small helpers for showing untrusted text as HTML: escape everything, link only http(s) URLs."""

from __future__ import annotations

import html
from urllib.parse import urlencode, urlsplit

__all__ = ["esc", "external_link", "internal_link", "safe_href"]


def esc(value: object) -> str:
    """``html.escape`` of ``str(value)``, with None as the empty string."""
    return "" if value is None else html.escape(str(value))


def safe_href(url: object) -> str | None:
    """The URL, escaped for an attribute, when it is an absolute http(s) URL; None otherwise (``javascript:``…)."""
    text = str(url or "").strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return html.escape(text, quote=True)


def external_link(url: object, label: object) -> str:
    """``<a>`` to an external http(s) source opening in a new tab, or the escaped label (and URL) as text."""
    href = safe_href(url)
    if href is None:
        return esc(label) + (f" ({esc(url)})" if url else "")
    return f'<a href="{href}" target="_blank" rel="noopener noreferrer">{esc(label)}</a>'


def internal_link(params: dict[str, str], label: object) -> str:
    """A same-tab link to this app with the given query parameters (a shareable view)."""
    return f'<a href="?{html.escape(urlencode(params), quote=True)}" target="_self">{esc(label)}</a>'
