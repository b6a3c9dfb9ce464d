"""Every text field that reaches the page is escaped: the dashboard fixture with a distinct hostile value in each
field a person or an ingest can write, rendered by the real app (AppTest) — panel, citations, reader and map.

Each field carries its own payload (``<img src=x onerror=alert('<field>')>``), so a failure names the field that
reached the page raw; each field must also be *seen* escaped, so a field that silently stopped being shown cannot
pass for a safe one.
"""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP
from tests.app.dashdata import make_data, write_caches


def payload(field: str) -> str:
    return f"<img src=x onerror=alert('{field}')>"


# (file, key column, key, column) → the field's name in failure messages
POISONED = {
    ("events.csv", "id", "2019-kim-putin-vladivostok", "title"): "event title",
    ("events.csv", "id", "2019-kim-putin-vladivostok", "summary"): "event summary",
    ("events.csv", "id", "2019-kim-putin-vladivostok", "leaders"): "event leaders",
    ("events.csv", "id", "2019-kim-putin-vladivostok", "uncertain"): "event uncertain",
    ("event_sources.csv", "source_key", "S54", "note"): "event source note",
    ("sources.csv", "key", "S54", "title"): "source title",
    ("sources.csv", "key", "S54", "publisher"): "source publisher",
    ("sources.csv", "key", "S54", "author"): "source author",
    ("places.csv", "id", "khasan", "name"): "place name",
    ("places.csv", "id", "khasan", "coord_source"): "place coord_source",
    ("places.csv", "id", "khasan", "uncertain"): "place uncertain",
    ("journeys.csv", "id", "2002-kim-jong-il-vladivostok", "title"): "journey title",
    ("journeys.csv", "id", "2002-kim-jong-il-vladivostok", "traveller"): "journey traveller",
    ("journeys.csv", "id", "2002-kim-jong-il-vladivostok", "uncertain"): "journey uncertain",
}
ARTICLE = "fixture-2002-08-20"
ARTICLE_FIELDS = {"title": "article title", "outlet": "article outlet", "byline": "article byline"}

# What each view must show (escaped): the selection, the article open in the reader, the fields.
VIEWS = {
    "event": ({"event": "2019-kim-putin-vladivostok"},
              ["event title", "event summary", "event leaders", "event uncertain", "event source note",
               "source title", "source publisher", "source author"]),
    "place": ({"place": "khasan"},
              ["place name", "place coord_source", "place uncertain", "article title", "article outlet"]),
    "journey": ({"journey": "2002-kim-jong-il-vladivostok"},
                ["journey title", "journey traveller", "journey uncertain"]),
    "reader": ({"place": "khasan", "article": ARTICLE}, ["article title", "article outlet", "article byline"]),
}


def _poison_csv(path: Path, key_column: str, key: str, column: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
        columns = list(rows[0])
    hits = [row for row in rows if row[key_column] == key]
    assert hits, f"{path.name}: no row {key_column}={key}"
    for row in hits:
        # keep the place findable in the text (the mention caches locate names and aliases), and a list a list
        keep = {"name": " Khasan", "leaders": "|Vladimir Putin"}.get(column, "")
        row[column] = value + keep
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _poison_article(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for field, name in ARTICLE_FIELDS.items():
        start = text.index(f"\n{field} = ") + len(f"\n{field} = ")
        end = text.index("\n", start)
        text = text[:start] + json.dumps(payload(name)) + text[end:]  # a TOML basic string is a JSON string
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = make_data(tmp_path_factory.mktemp("poisoned") / "data", hostile=True)
    for (file, key_column, key, column), name in POISONED.items():
        _poison_csv(data / file, key_column, key, column, payload(name))
    _poison_csv(data / "places.csv", "id", "khasan", "aliases", "Khasan|Hasan")
    _poison_article(data / "articles" / f"{ARTICLE}.md")
    write_caches(data)  # the places changed: caches that still name the old ones would be stale
    return data


def _render(data: Path, query: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _map_html(at: AppTest) -> str:
    maps = [el for el in at.get("component_instance") if el.proto.component_name == "streamlit_folium.st_folium"]
    return json.loads(maps[0].proto.json_args)["feature_group"] if maps else ""


@pytest.mark.parametrize("view", VIEWS)
def test_every_field_shown_is_escaped(poisoned, monkeypatch, view):
    query, fields = VIEWS[view]
    at = _render(poisoned, query, monkeypatch)
    page = "\n".join(m.value for m in at.markdown)
    raw = [name for name in {*POISONED.values(), *ARTICLE_FIELDS.values()} if payload(name) in page]
    assert not raw, f"{view}: reached the page unescaped: {sorted(raw)}"
    unseen = [name for name in fields if html.escape(payload(name)) not in page]
    assert not unseen, f"{view}: not shown (escaped) where expected: {unseen}"


def test_the_map_gets_no_raw_markup_from_any_field(poisoned, monkeypatch):
    at = _render(poisoned, {"place": "khasan"}, monkeypatch)
    script = _map_html(at)
    assert script, "the map is on the page"
    # the map's script writes "<" as itself or as \u003c inside its strings: neither may open a tag of ours
    for name in {*POISONED.values(), *ARTICLE_FIELDS.values()}:
        for form in (payload(name), payload(name).replace("<", "\\u003c")):
            assert form not in script, f"{name} reached the map unescaped"
    assert "place name" in script, "the place's name reached the map (escaped), so the check above means something"
