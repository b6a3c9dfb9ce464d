"""Review in the article reader (issue 16, item 2): check every place the geoparser found, Recogito-style.

Under an open article: its progress ("14 of 18 reviewed"), then one mention at a time — its passage, the engine's
place and confidence — with the decisions a reader can take: accept; choose another of the ranked candidates (with
the reasons the audit view shows); search the gazetteer by name; mark it "not a place"; add a place the gazetteer
lacks (its point typed or taken from a click on the map, with where the point comes from). A name the engine
missed is added by typing it: every occurrence in the article is offered. An online geocoder's answer is shown as a
suggestion and counts only once accepted. Every decision is recorded by :func:`geo.store.corrections.record_corrections`
(atomic, checked; ``corrections.csv`` and, for a new place, ``places.csv``), so the page reloads the data and the
map shows it at once. All widgets are Streamlit's own, so the review works from the keyboard (Tab, arrows, Enter).

Nothing here is drawn when the installation is read-only (``ATLAS_READ_ONLY``).
"""

from __future__ import annotations

import html
import re

import pandas as pd
import streamlit as st

from components.html_safe import esc
from components.loader import corpus, gazetteer
from components.model import AtlasView
from components.state import KEYS
from geo.core.errors import DatasetError
from geo.core.settings import read_only
from geo.core.vocabulary import PLACE_KINDS
from geo.dataset.tables import slugify
from geo.store.corrections import Correction, record_corrections, user_place_row

__all__ = ["STATUS_LABELS", "mention_label", "occurrences", "review_order", "show_review", "show_review_queue",
           "status_marks_html"]

STATUS_LABELS = {"unreviewed": "unreviewed", "accepted": "✓ accepted", "corrected": "✎ corrected",
                 "rejected": "✗ not a place", "added": "+ added"}
#: Mentions below this confidence go to the front of the corpus-wide queue.
LOW_CONFIDENCE = 0.6


def occurrences(text: str, surface: str) -> list[int]:
    """Start offsets of ``surface`` as a name of its own in ``text`` (not inside a longer word)."""
    if not surface.strip():
        return []
    return [m.start() for m in re.finditer(rf"(?<!\w){re.escape(surface.strip())}(?!\w)", text)]


def review_order(mentions: pd.DataFrame) -> pd.DataFrame:
    """The mentions to review, worst first: unreviewed before reviewed, then unresolved, then by confidence."""
    if mentions.empty:
        return mentions
    confidence = pd.to_numeric(mentions["confidence"], errors="coerce").fillna(0.0)
    key = pd.DataFrame({"reviewed": mentions["review"] != "unreviewed", "resolved": mentions["place_id"].notna(),
                        "confidence": confidence}, index=mentions.index)
    return mentions.loc[key.sort_values(["reviewed", "resolved", "confidence"], kind="stable").index]


def mention_label(row: dict) -> str:
    """One line for a mention: its name, where the engine (or the reviewer) put it, confidence and status."""
    where = f"{row['name']}" + (f" ({row['country']})" if _text(row.get("country")) else "") \
        if _text(row.get("place_id")) else "no place"
    confidence = pd.to_numeric(row.get("confidence"), errors="coerce")
    shown = f" · {confidence:.2f}" if pd.notna(confidence) else ""
    return f"“{row['surface']}” at {row['start']} → {where}{shown} · {STATUS_LABELS.get(row['review'], row['review'])}"


def show_review(view: AtlasView, article_id: str, data_dir: str, fingerprint: str) -> None:
    """The review block under the open article (nothing when read-only or the article is unknown)."""
    if read_only():
        return
    articles = view.articles[view.articles["id"] == article_id]
    if articles.empty:
        return
    text = str(articles.iloc[0]["text"])
    mine = view.mentions[view.mentions["article_id"] == article_id].sort_values("start")
    st.markdown(_CSS, unsafe_allow_html=True)
    done = int((mine["review"] != "unreviewed").sum()) if len(mine) else 0
    st.progress(done / len(mine) if len(mine) else 1.0, text=f"**Review:** {done} of {len(mine)} reviewed")
    _message()
    if len(mine):
        rows = mine.to_dict("records")
        by_label = {mention_label(r): r for r in rows}
        first = next((i for i, r in enumerate(rows) if r["review"] == "unreviewed"), 0)
        label = st.selectbox("Mention to review", list(by_label), index=first, key=f"review-pick-{article_id}",
                             help="Tab and the arrow keys move between mentions and actions")
        _review_one(by_label[label], text, data_dir, fingerprint)
    with st.expander("Add a name the engine missed"):
        _missed_name(mine, text, article_id, data_dir, fingerprint)


def _review_one(row: dict, text: str, data_dir: str, fingerprint: str) -> None:
    start, end = int(row["start"]), int(row["end"])
    p_start = int(row["passage_start"]) if pd.notna(row.get("passage_start")) else max(0, start - 120)
    p_end = int(row["passage_end"]) if pd.notna(row.get("passage_end")) else min(len(text), end + 120)
    passage = (html.escape(text[p_start:start]) + f'<mark class="atlas-rv-focus">{html.escape(text[start:end])}</mark>'
               + html.escape(text[end:p_end]))
    st.markdown(f'<blockquote class="atlas-rv-passage">{passage}</blockquote>', unsafe_allow_html=True)
    key = f"{row['article_id']}-{start}-{end}"
    has_place = _text(row.get("place_id"))
    left, right = st.columns(2)
    if left.button("✓ Accept", key=f"rv-accept-{key}", disabled=not has_place, width="stretch",
                   help="the place shown is right" if has_place else "no place to accept: choose one below"):
        _record(data_dir, fingerprint, Correction(row["article_id"], start, end, row["surface"], "accept",
                                                  str(row["place_id"])))
    if right.button("✗ Not a place", key=f"rv-reject-{key}", width="stretch"):
        _record(data_dir, fingerprint, Correction(row["article_id"], start, end, row["surface"], "reject"))
    _online_suggestion(row, data_dir)
    action = "add" if row["review"] == "added" else "correct"
    candidates, search, new = st.tabs(["Candidates", "Search the gazetteer", "New place"])
    with candidates:
        gaz = gazetteer(data_dir, fingerprint)
        found = gaz.candidates(row["surface"], context=text[p_start:p_end], limit=8) if gaz is not None else []
        _choose(found, row, action, data_dir, fingerprint, f"cand-{key}", "No candidates for this name.")
    with search:
        query = st.text_input("Name to look up", key=f"rv-q-{key}", placeholder="e.g. Tumangang, Sinuiju, Ohio")
        if query.strip():
            found = gaz.candidates(query, limit=10) if gaz is not None else []
            _choose(found, row, action, data_dir, fingerprint, f"search-{key}", f"Nothing called “{query}”.")
    with new:
        _new_place(row, action, data_dir, fingerprint, key)


def _choose(found: list, row: dict, action: str, data_dir: str, fingerprint: str, key: str, empty: str) -> None:
    if not found:
        st.caption(empty)
        return
    table = pd.DataFrame([{"place": c.name, "country": c.country or "", "kind": c.kind,
                           "score": round(float(c.score), 2), "why": c.reason} for c in found])
    st.dataframe(table, hide_index=True, width="stretch", key=f"tbl-{key}", placeholder="",
                 column_config={"place": st.column_config.TextColumn(width="medium"),
                                "why": st.column_config.TextColumn("why it ranks here", width="large")})
    labels = [f"{c.name} · {c.kind} · {c.country or '—'} · {c.place_id}" for c in found]
    current = next((i for i, c in enumerate(found) if c.place_id == row.get("place_id")), 0)
    choice = st.radio("Place", labels, index=current, key=f"rv-radio-{key}", label_visibility="collapsed")
    if st.button("Use this place", key=f"rv-use-{key}", type="primary"):
        chosen = found[labels.index(choice)]
        same = chosen.place_id == row.get("place_id") and action == "correct"  # the engine's own choice: accepted
        _record(data_dir, fingerprint, Correction(row["article_id"], int(row["start"]), int(row["end"]),
                                                  row["surface"], "accept" if same else action, chosen.place_id))


def _new_place(row: dict, action: str, data_dir: str, fingerprint: str, key: str) -> None:
    clicked = st.session_state.get(KEYS.map_point)
    st.toggle("Take the point from a click on the map", key=KEYS.pick_point,
              help="then click the map where the place is")
    if clicked:
        st.caption(f"Last click on the map: {clicked[0]:.5f}, {clicked[1]:.5f}")
    with st.form(f"rv-new-{key}", border=False):
        name = st.text_input("Name", value=str(row["surface"]))
        kind = st.selectbox("Kind", PLACE_KINDS, index=PLACE_KINDS.index("town"))
        country = st.text_input("Country (ISO 3166-1 alpha-2, e.g. RU)", max_chars=2)
        a, b = st.columns(2)
        lat = a.number_input("Latitude", -90.0, 90.0, value=float(clicked[0]) if clicked else 0.0, format="%.5f")
        lon = b.number_input("Longitude", -180.0, 180.0, value=float(clicked[1]) if clicked else 0.0, format="%.5f")
        source = st.text_input("Where the point comes from", value="clicked on the map" if clicked else "",
                               placeholder="clicked on the map, a source's coordinates, a survey…")
        if st.form_submit_button("Add the place and use it", type="primary"):
            if not source.strip() or not name.strip():
                st.error("Give the place a name and say where its point comes from.")
                return
            place = user_place_row(slugify(name), name, kind, lat, lon, country, source)
            _record(data_dir, fingerprint, Correction(row["article_id"], int(row["start"]), int(row["end"]),
                                                      row["surface"], action, place["id"]), place=place)


def _missed_name(mine: pd.DataFrame, text: str, article_id: str, data_dir: str, fingerprint: str) -> None:
    typed = st.text_input("Name as the article writes it", key=f"rv-missed-{article_id}")
    if not typed.strip():
        return
    taken = set(zip(mine["start"].astype(int), mine["end"].astype(int), strict=True)) if len(mine) else set()
    found = [s for s in occurrences(text, typed) if (s, s + len(typed.strip())) not in taken]
    if not found:
        st.caption(f"“{typed}” does not occur in the article as a name, or every occurrence is a mention already.")
        return
    length = len(typed.strip())
    labels = {f"at {s}: …{' '.join(text[max(0, s - 40):s + length + 40].split())}…": s for s in found}
    chosen = st.multiselect("Occurrences", list(labels), default=list(labels), key=f"rv-occ-{article_id}")
    gaz = gazetteer(data_dir, fingerprint)
    hits = gaz.candidates(typed, limit=8) if gaz is not None else []
    if not hits:
        st.caption("The gazetteer has no place of that name: add the occurrence, then give it a new place.")
        return
    names = [f"{c.name} · {c.kind} · {c.country or '—'} · {c.place_id}" for c in hits]
    pick = st.radio("Place", names, key=f"rv-missed-place-{article_id}")
    if st.button("Add these occurrences", key=f"rv-missed-add-{article_id}", type="primary", disabled=not chosen):
        place_id = hits[names.index(pick)].place_id
        _record(data_dir, fingerprint, *[Correction(article_id, labels[c], labels[c] + length, typed.strip(), "add",
                                                    place_id) for c in chosen])


def _online_suggestion(row: dict, data_dir: str) -> None:
    """An online geocoder's answer for an unresolved name: shown as a suggestion, used only once accepted."""
    if _text(row.get("place_id")):
        return
    from geo.online.geocache import GeoCache

    answer = GeoCache.load(data_dir).get(str(row["surface"]))
    if answer is None or not answer.usable:
        return
    st.info(f"Online suggestion ({answer.provider}): {answer.display_name} — {answer.lat:.4f}, {answer.lon:.4f}. "
            f"Review: {answer.review}.", icon=":material/travel_explore:")
    a, b = st.columns(2)
    if answer.review != "accepted" and a.button("Accept the suggestion", key=f"rv-online-ok-{row['start']}"):
        _review_online(data_dir, str(row["surface"]), "accepted")
    if b.button("Reject the suggestion", key=f"rv-online-no-{row['start']}"):
        _review_online(data_dir, str(row["surface"]), "rejected")


def _review_online(data_dir: str, surface: str, state: str) -> None:
    from geo.core.atomic import data_dir_lock
    from geo.online.geocache import GeoCache

    with data_dir_lock(data_dir):
        cache = GeoCache.load(data_dir)
        cache.set_review(surface, state)
        cache.save()
    st.session_state[KEYS.review_message] = ("success", f"Online answer for “{surface}” {state}.")
    st.rerun()


def _record(data_dir: str, fingerprint: str, *decisions: Correction, place: dict | None = None) -> None:
    """Record the decisions and rerun the page (the data changed, so the view is rebuilt); a refusal is shown."""
    if read_only():  # asked again before writing: the setting may have changed since the page was drawn
        st.session_state[KEYS.review_message] = ("error", "This installation is read-only: nothing was recorded.")
        st.rerun()
    dataset = corpus(data_dir, fingerprint)[0]
    try:
        record_corrections(data_dir, dataset, decisions, [place] if place else [])
    except DatasetError as exc:
        st.session_state[KEYS.review_message] = ("error", "Not recorded: " + "; ".join(map(str, exc.problems)))
    else:
        if place:
            # the gazetteer changed: rebuild the mention caches now, so later loads stay fast
            from geo.store.reindex import reindex_corpus

            reindex_corpus(data_dir)
        what = ", ".join(f"“{d.surface}” {d.action}" + (f" → {d.place_id}" if d.place_id else "") for d in decisions)
        st.session_state[KEYS.review_message] = ("success", f"Recorded: {what}.")
    st.rerun()


def _message() -> None:
    kind, text = st.session_state.pop(KEYS.review_message, (None, None))
    if kind == "error":
        st.error(text)
    elif kind == "success":
        st.success(text)


def show_review_queue(view: AtlasView) -> None:
    """The corpus-wide queue: unreviewed and low-confidence mentions, worst first; the one chosen opens its
    article, on that mention."""
    if read_only() or view.mentions.empty:
        return
    pending = view.mentions[(view.mentions["review"] == "unreviewed")]
    low = pending[pd.to_numeric(pending["confidence"], errors="coerce").fillna(0) < LOW_CONFIDENCE]
    noun = "mention" if len(pending) == 1 else "mentions"
    queue = st.expander(f"Review queue — {len(pending):,} unreviewed {noun}, {len(low):,} of them low-confidence",
                        icon=":material/fact_check:", key=KEYS.queue_open, on_change="rerun")
    if not queue.open:
        return  # the table is built only while the queue is open: sorting every mention costs on a large corpus
    with queue:
        ordered = review_order(pending).head(200)
        titles = view.articles.set_index("id")["title"]
        table = pd.DataFrame({
            "name": ordered["surface"], "place": ordered["name"].fillna(""),
            "confidence": pd.to_numeric(ordered["confidence"], errors="coerce").round(2),
            "article": ordered["article_id"].map(titles).fillna(""), "article id": ordered["article_id"]})
        st.dataframe(table, hide_index=True, width="stretch", key="review-queue", placeholder="",
                     column_config={"confidence": st.column_config.NumberColumn(format="%.2f")})
        # A select box and a button, not a row click: both work from the keyboard (Tab, type, Enter).
        rows = ordered.to_dict("records")
        labels = [f"{i}. {mention_label(r)} — {titles.get(r['article_id'], r['article_id'])}"
                  for i, r in enumerate(rows, start=1)]
        choice = st.selectbox("Mention to open", labels, key="review-queue-pick",
                              help="worst first: unresolved names, then the lowest confidence")
        if st.button("Open its article", key="review-queue-open", icon=":material/menu_book:"):
            row = rows[labels.index(choice)]
            st.session_state[KEYS.article] = str(row["article_id"])
            # the reader opens on this very mention
            st.session_state[f"review-pick-{row['article_id']}"] = mention_label(row)


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value)


_CSS = """<style>
blockquote.atlas-rv-passage {margin: .2rem 0 .5rem 0; padding: .4rem .7rem; border-left: 3px solid #3b6ea5;
  background: #f6f8fb; font-family: Georgia, 'Times New Roman', serif; font-size: .95rem; line-height: 1.5;}
/* Streamlit greys block quotes; a passage under review must read as plainly as the article */
blockquote.atlas-rv-passage, blockquote.atlas-rv-passage * {color: #1d1d1d !important; opacity: 1 !important;}
mark.atlas-rv-focus {background: #ffd24d; outline: 2px solid #b07d00;}
mark.atlas-rv-unreviewed {background: #ffe08a;}
mark.atlas-rv-accepted {background: #cdebd3;}
mark.atlas-rv-corrected {background: #cfe0f5;}
mark.atlas-rv-added {background: #e4d7f5;}
mark.atlas-rv-rejected {background: none; text-decoration: line-through; color: #777;}
</style>"""


def status_marks_html(text: str, mentions: pd.DataFrame) -> str:
    """The whole article as escaped paragraphs, each mention marked by its review status (a tooltip names its
    place and status)."""
    spans = sorted((int(r.start), int(r.end), str(r.review), r.name if isinstance(r.name, str) else "")
                   for r in mentions.itertuples(index=False))
    out, cursor = [], 0
    for start, end, status, name in spans:
        if start < cursor:
            continue
        out.append(html.escape(text[cursor:start]))
        tip = esc(f"{name or 'no place'} · {STATUS_LABELS.get(status, status)}")
        out.append(f'<mark class="atlas-rv-{status}" title="{tip}">{html.escape(text[start:end])}</mark>')
        cursor = end
    out.append(html.escape(text[cursor:]))
    body = "".join(out)
    return "\n".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in re.split(r"\n\s*\n", body) if p.strip())
