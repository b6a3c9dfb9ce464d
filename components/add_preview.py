"""The Add panel's preview of one draft article: its text with every recognised place marked, and the table of
those places (resolution and confidence), plus the outcome lines shown after saving.

Article text, metadata and file names are untrusted: every function returning HTML escapes all of it
(:func:`components.html_safe.esc`) and adds only our own tags; paragraphs are joined with ``<br>`` inside one
``<div>``, so no blank line ever lets Markdown read the escaped text as Markdown.
"""

from __future__ import annotations

import re

import pandas as pd

from components.html_safe import esc

__all__ = ["CSS", "outcome_html", "places_table", "preview_html", "summary_line"]

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")

CSS = """<style>
.atlas-add-text {font-family: Georgia, 'Times New Roman', serif; font-size: .97rem; line-height: 1.6;
  max-height: 420px; overflow-y: auto; padding: .6rem .9rem; background: #fbfaf7; border: 1px solid #e6e1d8;
  border-radius: 8px; white-space: normal;}
.atlas-add-text p {margin: 0 0 .7rem 0;}
.atlas-add-text mark.atlas-hit {background: #ffe08a; border-bottom: 2px solid #b3261e; padding: 0 .12em;
  border-radius: 2px; color: inherit;}
.atlas-add-text mark.atlas-miss {background: #ececec; border-bottom: 2px dashed #777; padding: 0 .12em;
  color: inherit;}
.atlas-add-text sup {font-family: system-ui, sans-serif; font-size: .62rem; color: #8a2a22; font-weight: 700;
  margin-left: .08em;}
.atlas-add-summary {font-size: .85rem; color: #333; margin: .1rem 0 .4rem 0;}
.atlas-add-file {font-family: ui-monospace, monospace; font-size: .8rem; color: #555; text-transform: none;
  letter-spacing: 0;}
.atlas-add-outcome {border-radius: 6px; padding: .45rem .7rem; margin: .25rem 0; font-size: .9rem;
  border-left: 4px solid;}
.atlas-add-outcome.added {background: #edf7ee; border-color: #2e7d32;}
.atlas-add-outcome.duplicate {background: #fff4e5; border-color: #e08a00;}
.atlas-add-outcome.refused {background: #fdecea; border-color: #b3261e;}
.atlas-add-note {font-size: .8rem; color: #555; margin: .1rem 0 0 0;}
</style>"""


def _label(mention: dict) -> str:
    if mention.get("place_id") is None:
        return "not resolved: no place in the gazetteer matches this name"
    parts = [mention.get("name"), mention.get("country"), mention.get("kind")]
    return " · ".join(str(p) for p in parts if p) + f" — confidence {_percent(mention.get('confidence'))}"


def _percent(value: object) -> str:
    try:
        return f"{float(value):.0%}"
    except (TypeError, ValueError):
        return "–"


def _marked(text: str, start: int, end: int, mentions: list[tuple[int, dict]]) -> str:
    """``text[start:end]`` escaped, each mention inside it wrapped in a titled ``<mark>`` with its number."""
    out, cursor = [], start
    for number, m in mentions:
        a, b = int(m["start"]), int(m["end"])
        if a < cursor or b > end or a < start:
            continue
        css = "atlas-miss" if m.get("place_id") is None else "atlas-hit"
        out.append(esc(text[cursor:a]))
        out.append(f'<mark class="{css}" title="{esc(_label(m))}">{esc(text[a:b])}<sup>{number}</sup></mark>')
        cursor = b
    out.append(esc(text[cursor:end]))
    return "".join(out).replace("\n", "<br>")


#: Characters of an upload the preview shows: an article may be up to 20 MiB, which the browser should not have to
#: lay out as one block; the table still lists every mention.
PREVIEW_CHARS = 60_000


def preview_html(text: str, mentions: list[dict], limit: int = PREVIEW_CHARS) -> str:
    """The text (its first ``limit`` characters, cut at a paragraph end) as escaped paragraphs, every mention
    marked (resolved or not) and numbered as in :func:`places_table`; hovering a mark names the place, its
    country, kind and confidence."""
    numbered = list(enumerate(sorted(mentions, key=lambda m: (int(m["start"]), int(m["end"]))), start=1))
    paragraphs, cursor = [], 0
    for match in [*_BLANK_LINE.finditer(text, 0, limit + 1), None]:
        # the last piece: the rest of the text if it fits, else nothing (cut at the last paragraph end), or, for
        # a text whose first paragraph is already too long, its first ``limit`` characters
        end = match.start() if match else len(text) if len(text) <= limit else limit if cursor == 0 else cursor
        if text[cursor:end].strip():
            inside = [(n, m) for n, m in numbered if cursor <= int(m["start"]) < end]
            paragraphs.append(f"<p>{_marked(text, cursor, end, inside)}</p>")
        cursor = match.end() if match else end
    if cursor < len(text):
        paragraphs.append(f'<p class="atlas-add-note">… the preview stops here, {len(text) - cursor:,} characters '
                          "before the end; the table lists every place in the whole text.</p>")
    return f'<div class="atlas-add-text">{"".join(paragraphs)}</div>'


def places_table(mentions: list[dict]) -> pd.DataFrame:
    """One row per mention, numbered as in the preview: the text as written, the place it resolves to (name,
    country, kind, id), its confidence (percent) and coordinates; unresolved names have an empty place."""
    rows = []
    for number, m in enumerate(sorted(mentions, key=lambda m: (int(m["start"]), int(m["end"]))), start=1):
        resolved = m.get("place_id") is not None
        rows.append({"#": number, "In the text": m.get("surface", ""),
                     "Place": (m.get("name") or "") if resolved else "(not resolved)",
                     "Country": (m.get("country") or "") if resolved else "",
                     "Kind": (m.get("kind") or "") if resolved else "",
                     "Confidence": round(100 * float(m.get("confidence") or 0.0)) if resolved else 0,
                     "Coordinates": f"{float(m['lat']):.3f}, {float(m['lon']):.3f}" if resolved else "",
                     "Id": m.get("place_id") or ""})
    return pd.DataFrame(rows, columns=["#", "In the text", "Place", "Country", "Kind", "Confidence", "Coordinates",
                                       "Id"])


def summary_line(mentions: list[dict]) -> str:
    """"12 place names found: 9 distinct places, 1 not resolved" (escaped HTML)."""
    resolved = [m for m in mentions if m.get("place_id") is not None]
    missing = len(mentions) - len(resolved)
    distinct = len({m["place_id"] for m in resolved})
    if not mentions:
        return '<div class="atlas-add-summary">No place names found in this text.</div>'
    return (f'<div class="atlas-add-summary"><b>{len(mentions)}</b> place name{"s" * (len(mentions) != 1)} found: '
            f'<b>{distinct}</b> distinct place{"s" * (distinct != 1)}'
            + (f', <b>{missing}</b> not resolved' if missing else "") + "</div>")


def outcome_html(outcome: dict) -> str:
    """One saved (or refused) input as a coloured line: status, file, title, and the article id or the reason;
    ``outcome`` is :meth:`geo.store.batch.Outcome.to_dict` plus ``title`` and ``published``."""
    status = outcome.get("status", "refused")
    head = {"added": "Added", "duplicate": "Not added — duplicate", "refused": "Refused"}.get(status, "Refused")
    title = f" “{esc(outcome['title'])}”" if outcome.get("title") else ""
    if status == "added":
        places = int(outcome.get("mentions", 0))
        detail = (f' as article <code>{esc(outcome.get("article_id"))}</code>: {places} place name'
                  f'{"s" * (places != 1)}, {int(outcome.get("unresolved", 0))} not resolved'
                  + ("; its date is unknown, so its places stay off the year-filtered map until it has one"
                     if outcome.get("undated") else
                     f" — on the map whenever the years shown include {esc(str(outcome.get('published', ''))[:4])}"))
    else:
        detail = f": {esc(outcome.get('reason', ''))}"
    notes = "".join(f'<div class="atlas-add-note">{esc(note)}</div>' for note in outcome.get("notes", []))
    return (f'<div class="atlas-add-outcome {esc(status)}"><b>{head}</b> '
            f'<span class="atlas-add-file">{esc(outcome.get("file", ""))}</span>{title}{detail}{notes}</div>')
