"""AppTest: the real app.py, driven without a browser — slider, simulated clicks, URL parameters, errors."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from streamlit.runtime.state.query_params import QueryParams
from streamlit.testing.v1 import AppTest

from components.state import KEYS
from tests.app.conftest import APP


def _run(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at.run()


def _map_args(at: AppTest) -> dict:
    maps = [el for el in at.get("component_instance")
            if el.proto.component_name == "streamlit_folium.st_folium"]
    assert len(maps) == 1, "exactly one map on the page"
    return json.loads(maps[0].proto.json_args)


def _feature_ids(at: AppTest) -> set[str]:
    return set(re.findall(r'"id": "((?:place|event|journey):[a-z0-9-]+)"', _map_args(at)["feature_group"]))


def _page_html(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _click(at: AppTest, selection: str) -> AppTest:
    """Simulate what streamlit-folium sends when a GeoJSON feature is clicked, then rerun."""
    key = _map_args(at)["key"]
    previous = (at.session_state.get(key, None)) or {}
    count = (previous.get("last_object_clicked_count") or 0) + 2
    at.session_state[key] = {"last_active_drawing": {"type": "Feature", "properties": {"id": selection}},
                             "last_object_clicked_count": count}
    return at.run()


@pytest.mark.usefixtures("app_env")
def test_app_runs_without_exceptions_and_shows_all_years() -> None:
    at = _run()
    assert not at.exception
    assert at.slider(key=KEYS.years).value == (1949, 2025)
    ids = _feature_ids(at)
    assert {"event:1949-kim-il-sung-stalin-moscow", "event:2011-kim-jong-il-medvedev-sosnovy-bor",
            "event:2019-kim-putin-vladivostok", "place:khasan", "place:skovorodino"} <= ids


@pytest.mark.parametrize(("years", "present", "absent"), [
    ((2011, 2011), {"event:2011-kim-jong-il-medvedev-sosnovy-bor", "place:skovorodino"},
     {"event:2019-kim-putin-vladivostok", "event:2002-kim-jong-il-putin-vladivostok", "place:pyongyang"}),
    ((2019, 2025), {"event:2019-kim-putin-vladivostok", "place:pyongyang"},
     {"event:2011-kim-jong-il-medvedev-sosnovy-bor", "place:skovorodino"}),
    ((1949, 1960), {"event:1949-kim-il-sung-stalin-moscow"}, {"place:khasan", "event:2019-kim-putin-vladivostok"}),
])
@pytest.mark.usefixtures("app_env")
def test_slider_changes_the_features_the_map_receives_without_remounting(years, present, absent) -> None:
    at = _run()
    key_before = _map_args(at)["key"]
    at.slider(key=KEYS.years).set_value(years).run()
    assert not at.exception
    ids = _feature_ids(at)
    assert present <= ids
    assert not (absent & ids)
    assert _map_args(at)["key"] == key_before, "the base map changed: the iframe would re-mount and lose zoom"


@pytest.mark.parametrize(("years", "selection", "marked", "passages"), [
    ((2011, 2011), "place:skovorodino", "<mark>Skovorodino</mark>", 2),
    ((2002, 2002), "place:khasan", "<mark>Khasan</mark>", 1),
    ((1949, 2025), "place:khasan", "<mark>Khasan</mark>", 7),
])
@pytest.mark.usefixtures("app_env")
def test_clicking_a_place_shows_every_passage_naming_it(years, selection, marked, passages) -> None:
    at = _run()
    at.slider(key=KEYS.years).set_value(years).run()
    at = _click(at, selection)
    assert not at.exception
    html = _page_html(at)
    assert html.count('<figure class="atlas-passage">') == passages
    assert marked in html
    assert at.session_state[KEYS.selection] == selection


MISSING_SHOWN_AS = ("None", "nan", "NaN", "<NA>", "NaT")


@pytest.mark.usefixtures("app_env")
def test_empty_table_cells_read_blank() -> None:
    """The visible table has missing values (an event has no mention count); each dataframe on the
    page (the visible table, the journey's stops, the review queue…) shows them as blank, and no cell holds a
    stringified missing value."""
    at = _click(_run(), "journey:2011-kim-jong-il-ulan-ude")
    assert not at.exception
    tables = list(at.dataframe)
    assert any("Stop" in t.value.columns for t in tables), "the journey's stops are on the page"
    main = next(t.value for t in tables if "Mentions" in t.value.columns)
    assert main["Mentions"].isna().any(), "events have no mention count: without a missing cell this proves nothing"
    for table in tables:
        # an unset placeholder reads "" too (proto default): only HasField tells "blank" from Streamlit's "None"
        assert table.proto.HasField("placeholder"), "missing values would read 'None'"
        assert table.proto.placeholder == ""
        cells = table.value.astype(object).to_numpy().ravel()
        shown = [c for c in cells if isinstance(c, str) and c.strip() in MISSING_SHOWN_AS]
        assert not shown, f"cells showing a missing value as text: {shown}"


@pytest.mark.usefixtures("app_env")
def test_selection_survives_slider_moves() -> None:
    at = _click(_run(), "place:skovorodino")
    at.slider(key=KEYS.years).set_value((2010, 2012)).run()
    assert at.session_state[KEYS.selection] == "place:skovorodino"
    assert "<mark>Skovorodino</mark>" in _page_html(at)


@pytest.mark.parametrize(("selection", "expected"), [
    ("event:2011-kim-jong-il-medvedev-sosnovy-bor",
     "<mark>The summit will take place at Sosnovy Bor near Ulan-Ude.</mark>"),
    ("event:2019-kim-putin-vladivostok", 'href="https://www.arirang.com/News/News_View.asp?nseq=235934"'),
    ("event:2019-kim-putin-vladivostok",
     "[S54] Arirang, [Kim Jong-un arrives at Khasan and Vladivostok], 24 Apr 2019."),
    ("journey:2002-kim-jong-il-vladivostok",
     '(archived: <a href="https://web.archive.org/web/20160817073618/https://www1.korea-np.co.jp/pk/183rd_issue/'),
    ("journey:2011-kim-jong-il-ulan-ude", "Kim Jong-il&#x27;s 2011 train to Ulan-Ude"),
])
@pytest.mark.usefixtures("app_env")
def test_clicking_an_event_or_journey_shows_its_sources(selection, expected) -> None:
    at = _click(_run(), selection)
    assert not at.exception
    assert expected in _page_html(at)


@pytest.mark.parametrize(("query", "years", "selection", "expected"), [
    ({"from": "2011", "to": "2011", "place": "skovorodino"}, (2011, 2011), "place:skovorodino",
     "<mark>Skovorodino</mark>"),
    ({"from": "2019", "to": "2019", "event": "2019-kim-putin-vladivostok"}, (2019, 2019),
     "event:2019-kim-putin-vladivostok", "Kim–Putin summit in Vladivostok"),
    ({"from": "1800", "to": "abc"}, (1949, 2025), None, "Click a marker"),
    ({"from": "2011", "to": "2011", "place": "skovorodino", "article": "fixture-2011-08-22"}, (2011, 2011),
     "place:skovorodino", "<mark>Skovorodino</mark> is the starting point"),
])
@pytest.mark.usefixtures("app_env")
def test_url_parameters_set_the_state(query, years, selection, expected) -> None:
    at = _run(query)
    assert not at.exception
    assert at.slider(key=KEYS.years).value == years
    assert at.session_state[KEYS.selection] == selection
    assert expected in _page_html(at)


@pytest.mark.usefixtures("app_env")
def test_the_url_follows_the_view() -> None:
    at = _click(_run(), "place:khasan")
    at.slider(key=KEYS.years).set_value((2002, 2019)).run()
    assert dict(at.query_params) == {"from": ["2002"], "to": ["2019"], "place": ["khasan"]} or \
        {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()} == \
        {"from": "2002", "to": "2019", "place": "khasan"}


@pytest.mark.usefixtures("app_env")
def test_an_unchanged_view_leaves_the_address_bar_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every write to ``st.query_params`` is a new browser-history entry: reruns that change nothing write none."""
    writes: list[dict] = []
    real = QueryParams.from_dict

    def watched(self, params):  # Streamlit's own method, watched (not replaced)
        writes.append(dict(params))
        return real(self, params)

    monkeypatch.setattr(QueryParams, "from_dict", watched)
    at = _run({"place": "khasan", "from": "2002", "to": "2019"})
    at.run()
    assert not at.exception
    assert writes == []
    at.slider(key=KEYS.years).set_value((2003, 2019)).run()
    assert writes == [{"from": "2003", "to": "2019", "place": "khasan"}]


@pytest.mark.usefixtures("app_env")
def test_hostile_article_text_is_escaped_everywhere() -> None:
    at = _run({"place": "khasan", "from": "2019", "to": "2019"})
    html = _page_html(at)
    assert "&lt;script&gt;" in html
    assert "&lt;img src=x onerror=" in html
    ours = html.replace("<style>", "").replace('<svg class="atlas-timeline"', "")   # markup we compose
    for raw in ("<script", "<img", "<svg", 'href="javascript:', "onerror=\"window"):
        assert raw not in ours, raw
    assert "<script" not in _map_args(at)["feature_group"].replace("</script>", "")


@pytest.mark.parametrize(("breakage", "expected_file"), [
    (lambda d: (d / "events.csv").write_text((d / "events.csv").read_text().replace("summit,", "sumit,", 1)),
     "events.csv"),
    (lambda d: (d / "places.csv").unlink(), "places.csv"),
])
def test_broken_data_directory_shows_a_readable_error(tmp_path: Path, monkeypatch, dash_dir, breakage,
                                                      expected_file) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(dash_dir, broken)
    breakage(broken)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(broken))
    at = _run()
    assert not at.exception, "a traceback instead of the error page"
    assert at.error
    assert "cannot be shown" in at.error[0].value
    problems = at.dataframe[0].value
    assert expected_file in set(problems["File"])


@pytest.mark.usefixtures("app_env")
@pytest.mark.parametrize(("variable", "value", "named"), [
    ("ATLAS_ROI", "", "ATLAS_ROI is set but empty"),
    ("ATLAS_ROI", "RU,XX", "'XX' is not an ISO 3166"),
    ("ATLAS_GEOCODER_TIMEOUT", "soon", "ATLAS_GEOCODER_TIMEOUT='soon'"),
])
def test_an_invalid_setting_shows_the_settings_page(monkeypatch, variable, value, named) -> None:
    monkeypatch.setenv(variable, value)
    at = _run()
    assert not at.exception, "a traceback instead of the settings page"
    assert "ATLAS_* setting" in at.error[0].value
    table = at.table[0].value
    assert any(named in str(cell) for cell in table.to_numpy().ravel()), table
    assert not list(at.get("component_instance")), "no map is drawn with invalid settings"


@pytest.mark.usefixtures("app_env")
def test_play_steps_the_window_one_year_per_run() -> None:
    at = _run()
    at.toggle(key=KEYS.playing).set_value(True).run()
    first = at.slider(key=KEYS.years).value
    assert first[0] in (1949, 1950)
    assert first[1] - first[0] == 4, "a full window rewinds to a five-year window starting in 1949"
    at.run()
    assert at.slider(key=KEYS.years).value == (first[0] + 1, first[1] + 1)


@pytest.mark.usefixtures("app_env")
def test_audit_lists_the_gazetteer_candidates_for_a_place() -> None:
    at = _run({"place": "khasan"})
    assert not [df for df in at.dataframe if "chosen" in df.value.columns], "built before the expander opened"
    at.session_state[KEYS.audit] = True
    at.run()
    tables = [df.value for df in at.dataframe if "chosen" in df.value.columns]
    assert tables, "no audit table"
    chosen = tables[0][tables[0]["chosen"] == "✓"]
    assert list(chosen["place_id"]) == ["khasan"]


def test_a_finished_ingest_batch_shows_on_the_next_rerun(tmp_path: Path, monkeypatch, dash_dir) -> None:
    import subprocess
    import sys

    data = tmp_path / "data"
    shutil.copytree(dash_dir, data)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data))
    at = _run()
    assert "place:zabaikalsk" not in _feature_ids(at)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "border.md").write_text("---\ntitle: Border crossing\noutlet: Test Wire\npublished: 2019-04-25\n---\n"
                                     "The train crossed into Russia at Zabaikalsk after midnight.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "geo", "ingest", str(inbox), "--quiet", "--data-dir", str(data)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    at.run()  # the same session, no restart
    assert not at.exception
    assert "place:zabaikalsk" in _feature_ids(at)
