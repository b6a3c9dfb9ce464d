"""Review in the dashboard through AppTest (issue 16): the reader's review block, names the engine missed, the
queue's order, read-only mode, and the review status in the downloads."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.exports import view_rows
from components.filters import visible
from components.loader import routes_from_engine
from components.model import build_view
from components.review import review_order
from geo.dataset import load_dataset
from geo.store.corpus_index import load_corpus
from geo.store.corrections import Correction, record_corrections
from tests.app.conftest import APP

ARTICLE = "fixture-2011-08-22"


def _reader() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"from": "2011", "to": "2011", "article": ARTICLE})
    return at.run()


def _button(at: AppTest, label: str):
    [button] = [b for b in at.button if b.label == label]
    return button


def _progress(at: AppTest) -> str:
    return " ".join(p.proto.text for p in at.get("progress"))


def test_the_reader_shows_progress_and_records_a_decision(data: Path) -> None:
    at = _reader()
    assert not at.exception
    assert "0 of 6 reviewed" in _progress(at)
    [pick] = [s for s in at.selectbox if s.label == "Mention to review"]
    ulan = next(o for o in pick.options if o.startswith("“Ulan-Ude”"))
    at = pick.set_value(ulan).run()
    at = _button(at, "✗ Not a place").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Recorded: “Ulan-Ude” reject."]
    assert "1 of 6 reviewed" in _progress(at)
    corrections = pd.read_csv(data / "corrections.csv")
    assert corrections[["surface", "action"]].values.tolist() == [["Ulan-Ude", "reject"]]


def test_a_name_the_engine_missed_is_added_at_every_chosen_occurrence(data: Path) -> None:
    at = _reader()
    [typed] = [t for t in at.text_input if t.label == "Name as the article writes it"]
    at = typed.input("Russia").run()
    [occurrences] = [m for m in at.multiselect if m.label == "Occurrences"]
    assert len(occurrences.value) == 1  # "crossed into Russia at Khasan"
    [place] = [r for r in at.radio if r.label == "Place" and any("country" in o for o in r.options)]
    at = place.set_value(next(o for o in place.options if " · country · RU · " in o)).run()
    at = _button(at, "Add these occurrences").click().run()
    assert not at.exception
    [row] = pd.read_csv(data / "corrections.csv").to_dict("records")
    assert (row["surface"], row["action"]) == ("Russia", "add")
    _, mentions = load_corpus(data)
    added = mentions[(mentions["article_id"] == ARTICLE) & (mentions["surface"] == "Russia")]
    assert added["review"].tolist() == ["added"]
    assert added["place_id"].tolist() == [row["place_id"]]


def test_read_only_draws_no_review_control(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATLAS_READ_ONLY", "1")
    at = _reader()
    assert not at.exception
    assert not [b for b in at.button if b.label in ("✓ Accept", "✗ Not a place", "Use this place")]
    assert not [s for s in at.selectbox if s.label == "Mention to review"]
    assert not [e for e in at.expander if e.label.startswith("Review queue")]
    assert not (data / "corrections.csv").exists()


def test_the_queue_counts_what_is_left_to_review(data: Path) -> None:
    """The queue's label counts the corpus's unreviewed mentions in words (no "mention(s)"), and one decision
    takes one off."""
    _, mentions = load_corpus(data)
    pending = int((mentions["review"] == "unreviewed").sum())
    assert pending > 1
    at = _reader()
    [queue] = [e.label for e in at.expander if e.label.startswith("Review queue")]
    assert queue.startswith(f"Review queue — {pending:,} unreviewed mentions, ")
    assert queue.endswith(" of them low-confidence")
    at = _button(at, "✓ Accept").click().run()
    [queue] = [e.label for e in at.expander if e.label.startswith("Review queue")]
    assert queue.startswith(f"Review queue — {pending - 1:,} unreviewed mentions, ")


def test_the_queue_puts_unresolved_and_least_confident_first() -> None:
    mentions = pd.DataFrame({
        "surface": ["A", "B", "C", "D", "E"], "place_id": ["a", None, "c", "d", "e"],
        "confidence": [0.9, 0.0, 0.4, 0.99, 0.1], "review": ["unreviewed", "unreviewed", "unreviewed",
                                                          "unreviewed", "accepted"]})
    assert review_order(mentions)["surface"].tolist() == ["B", "C", "A", "D", "E"]


def test_downloads_carry_each_place_review_status(data: Path) -> None:
    dataset = load_dataset(data)
    text = dataset.articles.set_index("id").loc[ARTICLE, "text"]
    skovorodino = text.index("Skovorodino")
    ulan = text.index("Ulan-Ude")
    khasan = text.index("Khasan")
    russia = text.index("Russia")
    record_corrections(data, dataset, [
        Correction(ARTICLE, skovorodino, skovorodino + len("Skovorodino"), "Skovorodino", "accept", "skovorodino"),
        Correction(ARTICLE, ulan, ulan + len("Ulan-Ude"), "Ulan-Ude", "reject"),
        Correction(ARTICLE, khasan, khasan + len("Khasan"), "Khasan", "correct", "vladivostok"),
        Correction(ARTICLE, russia, russia + len("Russia"), "Russia", "add", "moscow")])
    dataset, mentions = load_corpus(data)
    view = build_view(dataset, mentions, routes_from_engine(dataset)[0])
    rows = view_rows(view, visible(view, (2011, 2011), ("events", "routes", "mentions"))).set_index("id")
    assert rows.loc["skovorodino", "review"] == "unreviewed 2, accepted 1"
    assert rows.loc["vladivostok", "review"] == "corrected"
    assert rows.loc["moscow", "review"] == "added"
    assert "khasan" not in rows.index, "Khasan's only 2011 mention was corrected to another place"
    assert "ulan-ude" not in rows.index, "a place whose only mention was rejected is not exported"
    assert set(rows.loc[rows["type"] != "place", "review"]) == {"curated"}
