"""The Add panel (issue 16, item 1): a researcher adds articles without the command line.

Upload files (the formats ``atlas ingest`` reads) or paste text; each becomes a draft read exactly as the ingest
reads a file (:mod:`geo.store.drafts`), shown with a metadata form prefilled from its front matter or web-page
metadata, and a preview of every place the geoparser recognises (the gazetteer the app already caches). *Save*
runs :func:`geo.store.batch.ingest_batch` itself — one atomic ingest per draft, the form as its ``overrides`` —
and reruns the page: the ingest wrote new files, so :func:`components.loader.data_fingerprint` changes and the
view (and the map) is rebuilt with the new article's places, without a restart.

With ``ATLAS_READ_ONLY`` on, nothing of this is drawn, and :func:`geo.store.drafts.save_drafts` refuses to write.
"""

from __future__ import annotations

import datetime
import hashlib

import streamlit as st

from components.add_preview import CSS, outcome_html, places_table, preview_html, summary_line
from components.html_safe import esc, safe_href
from components.loader import gazetteer
from components.state import KEYS
from geo.core.errors import DatasetError, IngestError
from geo.core.settings import read_only
from geo.dataset.dates import UNKNOWN_DATE
from geo.dataset.tables import MAX_ARTICLE_BYTES
from geo.store.drafts import (
    FORM_FIELDS,
    Draft,
    draft_from_bytes,
    draft_from_text,
    published_value,
    save_drafts,
    split_published,
)
from geo.store.sources import ARTICLE_EXTENSIONS, MIB

__all__ = ["show_add_articles"]

PRECISIONS = ("day", "month", "year", UNKNOWN_DATE)
_EARLIEST, _LATEST = datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)
_LABELS = {"title": "Title", "outlet": "Outlet", "byline": "Byline", "url": "URL"}


def show_add_articles(data_dir: str, fingerprint: str) -> None:
    """The "Add articles" expander (nothing at all when the installation is read-only)."""
    if read_only():
        return
    with st.expander("Add articles", icon=":material/note_add:", key="add_expander"):
        _panel(data_dir, fingerprint)


# A fragment: choosing files, pasting text and editing the form rerun only this panel, not the map; Save reruns the
# whole page on purpose (st.rerun()), since the view must be rebuilt from the new data.
@st.fragment
def _panel(data_dir: str, fingerprint: str) -> None:
    st.markdown(CSS, unsafe_allow_html=True)
    st.session_state.setdefault(KEYS.add_round, 0)
    round_ = st.session_state[KEYS.add_round]
    for outcome in st.session_state.get(KEYS.add_result, []):
        st.markdown(outcome_html(outcome), unsafe_allow_html=True)
    st.caption("Each file is read as `atlas ingest` reads it: `.txt`, `.md`, `.markdown` with an optional front-matter "
               "block (`---` YAML or `+++` TOML), or a saved web page (`.html`, `.htm`). Check the metadata and the "
               "places found, then save: the articles join the corpus and their places appear on the map.")
    upload, paste = st.tabs(["Upload files", "Paste text"])
    with upload:
        files = st.file_uploader("Article files", type=[ext.lstrip(".") for ext in ARTICLE_EXTENSIONS],
                                 accept_multiple_files=True, key=f"add_files_{round_}",
                                 max_upload_size=MAX_ARTICLE_BYTES // MIB)
    with paste:
        pasted = st.text_area("Article text", key=f"add_paste_{round_}", height=180,
                              placeholder="Paste the article here (Ctrl+Enter to read it). A front-matter block at "
                                          "the top, between --- lines, is read as its metadata.")
    drafts = [_draft(f.name, f.getvalue()) for f in files or []]
    if pasted and pasted.strip():
        drafts.append(_draft(None, pasted.encode("utf-8")))
    if drafts:
        _form(drafts, data_dir, fingerprint, round_)


def _draft(name: str | None, content: bytes) -> Draft:
    """The draft of one input, read once per round (a rerun of the panel does not read the files again)."""
    cache = st.session_state.setdefault(KEYS.add_drafts, {})
    key = (name, hashlib.sha256(content).hexdigest())
    if key not in cache:
        cache[key] = (draft_from_text(content.decode("utf-8", "replace")) if name is None
                      else draft_from_bytes(name, content))
    return cache[key]


def _form(drafts: list[Draft], data_dir: str, fingerprint: str, round_: int) -> None:
    usable = [d for d in drafts if not d.error]
    with st.form(f"add_form_{round_}", border=False, enter_to_submit=False):
        forms = [_card(i, len(drafts), d, data_dir, fingerprint, round_) for i, d in enumerate(drafts, start=1)]
        label = f"Save {len(usable)} article{'s' * (len(usable) != 1)}" if usable else "Nothing to save"
        submitted = st.form_submit_button(label, type="primary", icon=":material/save:", disabled=not usable)
    if submitted:
        _save(list(zip(drafts, forms, strict=True)), data_dir)


def _card(number: int, total: int, draft: Draft, data_dir: str, fingerprint: str, round_: int) -> dict:
    """One draft: its metadata form and preview; returns the form's values (empty for a refused draft)."""
    with st.container(border=True):
        title = draft.metadata.get("title") or draft.name
        st.markdown(f'<div class="atlas-kicker">Article {number} of {total} · '
                    f'<span class="atlas-add-file">{esc(draft.name)}</span></div>'
                    f'<h3 class="atlas-title">{esc(title)}</h3>', unsafe_allow_html=True)
        if draft.error:
            st.markdown(outcome_html({"status": "refused", "file": draft.name, "reason": draft.error}),
                        unsafe_allow_html=True)
            return {}
        key = f"add_{round_}_{hashlib.sha256(draft.content).hexdigest()[:12]}_{number}"
        meta, preview = st.columns([2, 3], gap="medium")
        with meta:
            form = _fields(draft, key)
        with preview:
            _preview(draft, data_dir, fingerprint)
    return form


def _fields(draft: Draft, key: str) -> dict:
    """Title, outlet, byline, date with its precision, URL — prefilled as the ingest would fill them."""
    meta = draft.metadata
    values = {name: st.text_input(label, value=str(meta.get(name, "")), key=f"{key}_{name}")
              for name, label in list(_LABELS.items())[:3]}
    day, precision = split_published(meta.get("published", ""))
    date_col, precision_col = st.columns([5, 7])
    with date_col:
        chosen = st.date_input("Published", value=day, min_value=_EARLIEST, max_value=_LATEST, format="YYYY-MM-DD",
                               key=f"{key}_date", help="With a month or year precision, only that part is kept.")
    with precision_col:
        precision = st.segmented_control("Precision", PRECISIONS, default=precision, required=True,
                                         key=f"{key}_precision", format_func=str.capitalize, width="stretch")
    values["published"] = published_value(chosen, precision)
    values["url"] = st.text_input(_LABELS["url"], value=str(meta.get("url", "")), key=f"{key}_url",
                                  placeholder="https://…")
    if values["url"].strip() and safe_href(values["url"]) is None:
        st.markdown('<div class="atlas-add-note">Not an http(s) address: it is kept, and shown as text, never as '
                    'a link.</div>', unsafe_allow_html=True)
    for note in draft.notes:
        st.markdown(f'<div class="atlas-add-note">{esc(note)}</div>', unsafe_allow_html=True)
    return {name: values[name] for name in FORM_FIELDS}   # exactly what save_drafts passes as overrides


def _preview(draft: Draft, data_dir: str, fingerprint: str) -> None:
    """The text with every recognised place marked, and the places with their resolution and confidence."""
    gaz = gazetteer(data_dir, fingerprint)
    if gaz is None:
        st.info("The gazetteer is not available here, so places cannot be previewed; saving still geoparses.")
        return
    mentions = _mentions(draft, gaz, fingerprint)
    st.markdown(summary_line(mentions), unsafe_allow_html=True)
    st.markdown(preview_html(draft.text, mentions), unsafe_allow_html=True)
    if mentions:
        st.dataframe(places_table(mentions), hide_index=True, width="stretch", height=min(35 * len(mentions) + 40, 320),
                     alt=f"Places found in {draft.name}", placeholder="",
                     column_config={"Confidence": st.column_config.ProgressColumn(
                         "Confidence", min_value=0, max_value=100, format="%d%%")})


def _mentions(draft: Draft, gaz, fingerprint: str) -> list[dict]:
    """The geoparser's mentions of the draft's text (computed once per text and data version)."""
    from geo.store.mentions import compute_mentions

    cache = st.session_state.setdefault(KEYS.add_drafts, {})
    key = ("mentions", fingerprint, hashlib.sha256(draft.text.encode("utf-8")).hexdigest())
    if key not in cache:
        cache[key] = compute_mentions(draft.text, gaz, strict=False)
    return cache[key]


def _save(pairs: list[tuple[Draft, dict]], data_dir: str) -> None:
    """Run the ingest; keep its outcomes to show after the page reruns, and start the next round empty."""
    try:
        with st.spinner("Saving: geoparsing, checking for duplicates and validating…"):
            outcomes = save_drafts(pairs, data_dir)   # a draft refused on reading comes back refused, unwritten
    except (IngestError, DatasetError) as exc:   # read-only, or a data directory that is itself invalid
        st.error(f"Nothing was saved: {exc}")
        return
    st.session_state[KEYS.add_result] = [{**o.to_dict(), "title": form.get("title", ""),
                                          "published": form.get("published", "")}
                                         for o, (_, form) in zip(outcomes, pairs, strict=True)]
    st.session_state[KEYS.add_round] += 1
    st.session_state[KEYS.add_drafts] = {}
    st.rerun()   # the whole page: the data fingerprint changed, so the view is rebuilt with the new places
