"""The audit view for a selected place: the gazetteer's candidates for its name and why the chosen one won."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from components.model import AtlasView
from components.state import KEYS

__all__ = ["candidates_table", "show_audit"]

_FIELDS = ("place_id", "name", "country", "kind", "population", "score", "confidence", "tier", "reason")


def candidates_table(candidates, chosen_id: str) -> pd.DataFrame:
    """Candidates (objects with the gazetteer's Candidate attributes) as rows, the chosen one marked ✓."""
    rows = [{"chosen": "✓" if getattr(c, "place_id", None) == chosen_id else "",
             **{f: getattr(c, f, None) for f in _FIELDS}} for c in candidates]
    return pd.DataFrame(rows, columns=["chosen", *_FIELDS])


def show_audit(view: AtlasView, place_id: str, load_gazetteer: Callable[[], object]) -> None:
    """Per surface form that the articles used for this place: the ranked candidates.

    Built only while the expander is open: the gazetteer (with the GeoNames long tail) takes seconds to load the
    first time, which a click on a place should not wait for.
    """
    audit = st.expander("Audit: how this place was chosen", key=KEYS.audit, on_change="rerun")
    if not audit.open:
        return
    surfaces = view.mentions.loc[view.mentions["place_id"] == place_id, "surface"].dropna().unique().tolist()
    names = surfaces or view.places.loc[view.places["id"] == place_id, "name"].tolist()
    with audit:
        gazetteer = load_gazetteer()
        if gazetteer is None:
            st.info("The gazetteer is not available, so candidates cannot be listed.")
            return
        for name in names[:6]:
            st.markdown(f"Candidates for the text **{_md_escape(name)}**")
            table = candidates_table(gazetteer.candidates(name, limit=5), place_id)
            st.dataframe(table, hide_index=True, width="stretch", placeholder="",
                         alt=f"Gazetteer candidates for {name}")


def _md_escape(text: str) -> str:
    """Escape Markdown/HTML-significant characters so a surface form shows literally."""
    return "".join("\\" + ch if ch in "\\`*_{}[]()#+-.!|<>&~$" else ch for ch in str(text))
