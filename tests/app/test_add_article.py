"""AppTest: the Add panel of the real app.py (issue 16, item 1) over a copy of the dashboard dataset — upload,
prefilled form, place preview, Save through the batch ingest, duplicate refusal, refused input, read-only mode."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.dataset import load_dataset
from tests.app.conftest import APP

BORDER = (b"---\ntitle: Border crossing <script>alert('t')</script>\noutlet: Test Wire\nauthor: A. Reporter\n"
          b"published: 24 April 2019\nlink: https://example.org/border\n---\n"
          b"The train crossed into Russia at Zabaikalsk after midnight.\n\nIt later reached Khasan.\n")


def _run() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60).run()


def _feature_ids(at: AppTest) -> set[str]:
    maps = [el for el in at.get("component_instance") if el.proto.component_name == "streamlit_folium.st_folium"]
    return set(re.findall(r'"id": "((?:place|event|journey):[a-z0-9-]+)"', json.loads(maps[0].proto.json_args)
                          ["feature_group"]))


def _html(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader[0].set_value([(name, content, "text/plain") for name, content in files])
    return at.run()


def _save(at: AppTest) -> AppTest:
    [button] = [b for b in at.button if b.label.startswith("Save")]
    return button.click().run()


def _precision(at: AppTest):
    [widget] = [w for w in at.get("button_group") if str(w.key).endswith("_precision")]
    return widget


def _field(at: AppTest, name: str):
    [widget] = [w for w in at.text_input if w.key.endswith(f"_{name}")]
    return widget


def test_upload_prefills_the_form_and_previews_every_place(data: Path) -> None:
    at = _upload(_run(), ("border.md", BORDER))
    assert not at.exception
    assert _field(at, "title").value == "Border crossing <script>alert('t')</script>"
    assert _field(at, "outlet").value == "Test Wire"
    assert _field(at, "byline").value == "A. Reporter"       # the front matter's "author", an alias
    assert _field(at, "url").value == "https://example.org/border"
    [date] = at.date_input
    assert str(date.value) == "2019-04-24"
    assert _precision(at).value == "day"        # the date's precision
    page = _html(at)
    assert '<h3 class="atlas-title">Border crossing &lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;</h3>' in page
    assert re.search(r'<mark class="atlas-hit" title="Zabaikalsk · RU · [^"]*confidence \d+%">Zabaikalsk<sup>\d', page)
    assert re.search(r'<mark class="atlas-hit" title="Khasan · RU · [^"]*">Khasan<sup>', page)
    table = at.dataframe[0].value
    assert {"zabaikalsk", "khasan"} <= set(table["Id"])
    assert table.loc[table["Id"] == "zabaikalsk", "Country"].item() == "RU"
    assert 0 < table.loc[table["Id"] == "zabaikalsk", "Confidence"].item() <= 100   # percent
    assert not list((data / "articles").glob("test-wire-*"))   # nothing written before Save


def test_save_runs_the_ingest_with_the_form_and_the_places_are_on_the_next_run(data: Path) -> None:
    at = _upload(_run(), ("border.md", BORDER))
    assert "place:zabaikalsk" not in _feature_ids(at)
    _field(at, "title").set_value("Across the border")
    _field(at, "outlet").set_value("Edited Wire")
    _precision(at).set_value("month")
    at = _save(at)
    assert not at.exception
    assert "place:zabaikalsk" in _feature_ids(at)            # the same session: no restart
    article = load_dataset(data).articles.set_index("id").loc["edited-wire-2019-04"]
    assert (article["title"], article["published"], article["published_precision"]) == \
        ("Across the border", "2019-04", "month")
    assert article["byline"] == "A. Reporter"
    assert article["source_file"] == "border.md"
    assert (data / "mentions" / "edited-wire-2019-04.json").is_file()
    assert "<b>Added</b>" in _html(at)
    assert "edited-wire-2019-04" in _html(at)
    assert len(at.file_uploader) == 1
    assert not at.file_uploader[0].value


def test_a_duplicate_is_refused_with_a_message_and_nothing_is_written(data: Path) -> None:
    at = _save(_upload(_run(), ("border.md", BORDER)))
    before = sorted(p.name for p in (data / "articles").iterdir())
    same_text = b"The train crossed into Russia at Zabaikalsk after midnight.\n\nIt later reached Khasan.\n"
    at = _save(_upload(at, ("copy.txt", same_text)))
    assert not at.exception
    assert "Not added — duplicate" in _html(at)
    assert "already in the dataset as article &#x27;test-wire-2019-04-24&#x27;" in _html(at)
    assert sorted(p.name for p in (data / "articles").iterdir()) == before


def test_refused_input_shows_its_reason_never_a_traceback(data: Path) -> None:
    at = _upload(_run(), ("empty.md", b""), ("broken.md", b"+++\ntitle = 'unclosed\n+++\nKhasan.\n"),
                 ("good.md", b"Kim's train reached Khasan.\n"))
    assert not at.exception
    page = _html(at)
    assert "file is empty" in page
    assert "front matter is not valid TOML" in page
    [save] = [b for b in at.button if b.label.startswith("Save")]
    assert save.label == "Save 1 article"
    at = _save(at)
    assert not at.exception
    assert _html(at).count("<b>Refused</b>") == 2
    assert _html(at).count("<b>Added</b>") == 1


def test_pasted_text_with_front_matter_is_an_article(data: Path) -> None:
    at = _run()
    at.text_area[0].set_value("---\ntitle: Pasted note\noutlet: Notebook\npublished: 2002-08\n---\n"
                              "Kim Jong Il's train stopped at Khasan.\n").run()
    assert _field(at, "title").value == "Pasted note"
    assert _precision(at).value == "month"
    at = _save(at)
    article = load_dataset(data).articles.set_index("id").loc["notebook-2002-08"]
    assert article["title"] == "Pasted note"
    assert article["source_file"] == "pasted-text.md"


def test_read_only_hides_the_panel(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATLAS_READ_ONLY", "1")
    at = _run()
    assert not at.exception
    assert not at.file_uploader
    assert not at.text_area
    assert "Add articles" not in [e.label for e in at.expander]
    assert not [b for b in at.button if b.label.startswith("Save")]
    assert _feature_ids(at)   # the rest of the page is there


def test_read_only_that_is_not_a_switch_stops_the_page(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATLAS_READ_ONLY", "maybe")
    at = _run()
    assert not at.exception
    assert not at.file_uploader
    assert "ATLAS_READ_ONLY" in at.table[0].value["Variable"].tolist()


# -- the preview's HTML (pure) ------------------------------------------------------------------------------------

def _mention(text: str, surface: str, place_id: str | None, confidence: float = 0.9) -> dict:
    start = text.index(surface)
    resolved = {"name": "Khasan", "country": "RU", "kind": "station", "lat": 42.4, "lon": 130.6} if place_id else {}
    return {"start": start, "end": start + len(surface), "surface": surface, "place_id": place_id,
            "confidence": confidence if place_id else 0.0, **resolved}


def test_preview_escapes_the_text_and_marks_resolved_and_unresolved_names() -> None:
    from components.add_preview import places_table, preview_html

    text = "<script>x</script> at Khasan **not bold**\n\nThen Qwertyville.\n"
    mentions = [_mention(text, "Qwertyville", None), _mention(text, "Khasan", "khasan", 0.874)]
    html = preview_html(text, mentions)
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert '<mark class="atlas-hit" title="Khasan · RU · station — confidence 87%">Khasan<sup>1</sup></mark>' in html
    assert '<mark class="atlas-miss" title="not resolved: ' in html
    assert ">Qwertyville<sup>2</sup></mark>" in html
    assert html.count("<p>") == 2
    table = places_table(mentions)
    rows = table[["#", "In the text", "Place", "Confidence"]].to_numpy().tolist()
    assert rows == [[1, "Khasan", "Khasan", 87], [2, "Qwertyville", "(not resolved)", 0]]


def test_a_long_text_is_previewed_up_to_a_paragraph_end() -> None:
    from components.add_preview import preview_html

    text = "Khasan station.\n\n" * 100
    html = preview_html(text, [], limit=50)   # paragraphs end at 15, 32, 49, 66…
    assert html.count("Khasan station.") == 3
    assert f"{len(text) - 51:,} characters before the end" in html
