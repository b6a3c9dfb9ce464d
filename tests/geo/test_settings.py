"""``geo.core.settings``: every ``ATLAS_*`` variable parsed and validated in one place, checked at start, and the
README's configuration table in step with it."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geo.core.errors import AtlasError, SettingsError
from geo.core.settings import DEFAULT_ROI, SETTINGS, Settings, settings

ROOT = Path(__file__).resolve().parents[2]
NAMES = [s.name for s in SETTINGS]


def _clean_env(**extra: str) -> dict[str, str]:
    """The caller's environment without its ATLAS_* settings (the test cache dir stays), plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATLAS_") or k == "ATLAS_CACHE_DIR"}
    return {**env, **extra}


def atlas(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, env=_clean_env(**env),
                          capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)


# -- the values ---------------------------------------------------------------------------------------------------

def test_defaults_are_the_values_the_readers_always_used() -> None:
    assert settings({}) == Settings(
        data_dir=None, cache_dir=Path.home() / ".cache" / "summit-atlas", roi=("RU", "KP", "KR", "CN", "MN", "JP"),
        online_geocoder=False, nominatim_domain="nominatim.openstreetmap.org", nominatim_scheme="https",
        geocoder_timeout=10.0, geocoder_min_delay=1.0, geocoder_contact="", read_only=False)


GOOD = [
    ("ATLAS_DATA_DIR", "/srv/atlas data", "data_dir", Path("/srv/atlas data")),
    ("ATLAS_CACHE_DIR", "/var/tmp/atlas-cache", "cache_dir", Path("/var/tmp/atlas-cache")),
    ("ATLAS_ROI", "ru, kp", "roi", ("RU", "KP")),
    ("ATLAS_ROI", "SU,CN", "roi", ("SU", "CN")),          # the Soviet Union: not ISO any more, but in the data
    ("ATLAS_ROI", "none", "roi", ()),
    ("ATLAS_ROI", " None ", "roi", ()),
    ("ATLAS_ONLINE_GEOCODER", "1", "online_geocoder", True),
    ("ATLAS_ONLINE_GEOCODER", "TRUE", "online_geocoder", True),
    ("ATLAS_ONLINE_GEOCODER", "yes", "online_geocoder", True),
    ("ATLAS_ONLINE_GEOCODER", " on ", "online_geocoder", True),
    ("ATLAS_ONLINE_GEOCODER", "0", "online_geocoder", False),
    ("ATLAS_ONLINE_GEOCODER", "false", "online_geocoder", False),
    ("ATLAS_ONLINE_GEOCODER", "No", "online_geocoder", False),
    ("ATLAS_ONLINE_GEOCODER", "off", "online_geocoder", False),
    ("ATLAS_NOMINATIM_DOMAIN", " 127.0.0.1:8080 ", "nominatim_domain", "127.0.0.1:8080"),
    ("ATLAS_NOMINATIM_DOMAIN", "example.org/nominatim", "nominatim_domain", "example.org/nominatim"),
    ("ATLAS_NOMINATIM_SCHEME", "http", "nominatim_scheme", "http"),
    ("ATLAS_NOMINATIM_SCHEME", "HTTPS", "nominatim_scheme", "https"),
    ("ATLAS_GEOCODER_TIMEOUT", "2.5", "geocoder_timeout", 2.5),
    ("ATLAS_GEOCODER_TIMEOUT", " 10 ", "geocoder_timeout", 10.0),
    ("ATLAS_GEOCODER_MIN_DELAY", "0", "geocoder_min_delay", 0.0),
    ("ATLAS_GEOCODER_MIN_DELAY", "0.1", "geocoder_min_delay", 0.1),
    ("ATLAS_GEOCODER_CONTACT", " atlas@example.org ", "geocoder_contact", "atlas@example.org"),
    ("ATLAS_GEOCODER_CONTACT", "https://example.org/atlas", "geocoder_contact", "https://example.org/atlas"),
    ("ATLAS_READ_ONLY", "1", "read_only", True),
    ("ATLAS_READ_ONLY", " Yes ", "read_only", True),
    ("ATLAS_READ_ONLY", "off", "read_only", False),
]


@pytest.mark.parametrize(("name", "raw", "field", "expected"), GOOD)
def test_good_values(name: str, raw: str, field: str, expected: object) -> None:
    assert getattr(settings({name: raw}), field) == expected


BAD = [
    ("ATLAS_ROI", "XX", "'XX' is not an ISO 3166 alpha-2 country code"),
    ("ATLAS_ROI", "RU,XX,YY", "'XX', 'YY' are not ISO 3166 alpha-2 country codes"),
    ("ATLAS_ROI", "RUS", "'RUS' is not"),
    ("ATLAS_ROI", "RU,,KP", "an empty code between commas"),
    ("ATLAS_ROI", "none,RU", "'NONE' is not"),
    ("ATLAS_ONLINE_GEOCODER", "maybe", "expected 1, true, yes or on"),
    ("ATLAS_ONLINE_GEOCODER", "2", "expected 1, true, yes or on"),
    ("ATLAS_NOMINATIM_DOMAIN", "https://nominatim.example.org", "the scheme goes in ATLAS_NOMINATIM_SCHEME"),
    ("ATLAS_NOMINATIM_DOMAIN", "nominatim example.org", "blanks or control characters"),
    ("ATLAS_NOMINATIM_SCHEME", "ftp", "expected https or http"),
    ("ATLAS_GEOCODER_TIMEOUT", "abc", "expected a number of seconds > 0"),
    ("ATLAS_GEOCODER_TIMEOUT", "0", "expected a number of seconds > 0"),
    ("ATLAS_GEOCODER_TIMEOUT", "-1", "expected a number of seconds > 0"),
    ("ATLAS_GEOCODER_TIMEOUT", "nan", "expected a number of seconds > 0"),
    ("ATLAS_GEOCODER_TIMEOUT", "inf", "expected a number of seconds > 0"),
    ("ATLAS_GEOCODER_MIN_DELAY", "-0.5", "expected a number of seconds >= 0"),
    ("ATLAS_GEOCODER_MIN_DELAY", "soon", "expected a number of seconds >= 0"),
    ("ATLAS_GEOCODER_CONTACT", "atlas@example.org\r\nX-Injected: 1", "not one line of printable ASCII"),
    ("ATLAS_GEOCODER_CONTACT", "josé@example.org", "not one line of printable ASCII"),
    ("ATLAS_READ_ONLY", "maybe", "expected 1, true, yes or on (nothing in the dashboard writes)"),
]


@pytest.mark.parametrize(("name", "raw", "message"), BAD)
def test_bad_values_name_the_variable_the_value_and_the_fix(name: str, raw: str, message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        settings({name: raw})
    text = str(caught.value)
    assert text.startswith(f"{name}={raw!r}: "), text
    assert message in text
    assert "; expected " in text or ": expected " in text, "the message shows what a good value looks like"
    assert list(caught.value.problems) == [name]


def test_the_timeout_message_in_full() -> None:
    with pytest.raises(SettingsError) as caught:
        settings({"ATLAS_GEOCODER_TIMEOUT": "abc"})
    assert str(caught.value) == "ATLAS_GEOCODER_TIMEOUT='abc': expected a number of seconds > 0, e.g. 10"


@pytest.mark.parametrize("raw", ["", "   "])
@pytest.mark.parametrize("name", NAMES)
def test_an_empty_value_is_an_error_not_the_default(name: str, raw: str) -> None:
    with pytest.raises(SettingsError, match=f"^{name} is set but empty: unset it for "):
        settings({name: raw})


def test_an_empty_roi_says_how_to_get_the_default_or_no_prior() -> None:
    with pytest.raises(SettingsError) as caught:
        settings({"ATLAS_ROI": ""})
    assert str(caught.value) == ("ATLAS_ROI is set but empty: unset it for the default RU,KP,KR,CN,MN,JP, or "
                                 "ATLAS_ROI=none to switch the region prior off")


def test_every_bad_variable_is_reported_at_once() -> None:
    with pytest.raises(SettingsError) as caught:
        settings({"ATLAS_ROI": "XX", "ATLAS_GEOCODER_TIMEOUT": "abc", "ATLAS_DATA_DIR": ""})
    assert set(caught.value.problems) == {"ATLAS_ROI", "ATLAS_GEOCODER_TIMEOUT", "ATLAS_DATA_DIR"}
    assert str(caught.value).startswith("3 settings are invalid:\n  - ATLAS_DATA_DIR is set but empty")


def test_the_error_is_an_atlas_error_and_a_value_error() -> None:
    # ValueError: callers that caught the old ``ValueError`` for a bad ATLAS_GEOCODER_* value still catch it.
    assert issubclass(SettingsError, AtlasError)
    assert issubclass(SettingsError, ValueError)


def test_other_atlas_names_are_not_settings() -> None:
    assert settings({"ATLAS_REPO": "/elsewhere", "ATLAS_FUZZ_EXAMPLES": "5"}) == settings({})


def test_the_environment_is_read_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATLAS_ROI", "KP")
    assert settings().roi == ("KP",)
    monkeypatch.setenv("ATLAS_ROI", "none")
    assert settings().roi == ()
    monkeypatch.delenv("ATLAS_ROI")
    assert settings().roi == DEFAULT_ROI


def test_the_table_fills_every_field_of_settings_in_order() -> None:
    assert [s.field for s in SETTINGS] == [f.name for f in dataclasses.fields(Settings)]
    assert len(set(NAMES)) == len(NAMES)
    assert all(name.startswith("ATLAS_") for name in NAMES)


# -- the readers use it ----------------------------------------------------------------------------------------------

def _sources() -> list[Path]:
    return [*ROOT.glob("geo/**/*.py"), *ROOT.glob("components/**/*.py"), ROOT / "app.py"]


def test_every_atlas_name_in_the_code_is_a_setting() -> None:
    # settings.py itself names ATLAS_REPO and ATLAS_FUZZ_EXAMPLES, to say that they are not settings.
    used = {name for path in _sources() if path != ROOT / "geo" / "core" / "settings.py"
            for name in re.findall(r"\b(ATLAS_[A-Z_]*[A-Z])\b", path.read_text(encoding="utf-8"))}
    assert used <= set(NAMES), f"read somewhere but not in geo/core/settings.py: {sorted(used - set(NAMES))}"


def test_only_the_settings_module_reads_the_environment() -> None:
    pattern = re.compile(r"os\.environ\b(?!``)|os\.getenv\(|\bgetenv\(")
    readers = [str(path.relative_to(ROOT)) for path in _sources()
               if path != ROOT / "geo" / "core" / "settings.py" and pattern.search(path.read_text(encoding="utf-8"))]
    assert not readers, f"these read the environment themselves: {readers}"


def test_the_readers_follow_the_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from geo.dataset import default_data_dir, resolve_data_dir
    from geo.gazetteer.longtail import LongTail
    from geo.gazetteer.lookup import roi_from_env
    from geo.online.geocoder import default_online_geocoder, online_enabled, user_agent
    from geo.store.corpus_index import cache_dir

    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    assert resolve_data_dir() == default_data_dir()
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ATLAS_ROI", "none")
    monkeypatch.setenv("ATLAS_ONLINE_GEOCODER", "on")
    monkeypatch.setenv("ATLAS_NOMINATIM_DOMAIN", "127.0.0.1:9")
    monkeypatch.setenv("ATLAS_NOMINATIM_SCHEME", "http")
    monkeypatch.setenv("ATLAS_GEOCODER_TIMEOUT", "3")
    monkeypatch.setenv("ATLAS_GEOCODER_MIN_DELAY", "0.25")
    monkeypatch.setenv("ATLAS_GEOCODER_CONTACT", "atlas@example.org")
    assert resolve_data_dir() == tmp_path
    assert resolve_data_dir(tmp_path / "given") == tmp_path / "given"     # the flag beats the environment
    assert cache_dir() == tmp_path / "cache"
    assert LongTail()._cache_dir == tmp_path / "cache"
    assert roi_from_env() == ()
    assert online_enabled() is True
    assert user_agent().endswith("; atlas@example.org)")
    geocoder, delay = default_online_geocoder()
    assert (geocoder.domain, geocoder.scheme, geocoder.timeout, delay) == ("127.0.0.1:9", "http", 3.0, 0.25)
    monkeypatch.setenv("ATLAS_ONLINE_GEOCODER", "maybe")   # used to mean "off" silently
    with pytest.raises(SettingsError, match="ATLAS_ONLINE_GEOCODER='maybe'"):
        online_enabled()


def test_an_empty_roi_gives_no_region_prior(monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd

    from geo.gazetteer.lookup import Gazetteer

    places = pd.DataFrame([{"id": "moscow", "name": "Moscow", "aliases": "", "kind": "city", "lat": 55.752,
                            "lon": 37.6178, "country": "RU", "population": 10381222, "extent_km": 0}])
    monkeypatch.setenv("ATLAS_ROI", "none")
    gazetteer = Gazetteer(places, long_tail=False)
    assert gazetteer.roi == ()
    assert "region prior" not in gazetteer.candidates("Moscow")[0].reason
    monkeypatch.delenv("ATLAS_ROI")
    assert "region prior" in Gazetteer(places, long_tail=False).candidates("Moscow")[0].reason


# -- at start: the command line and the dashboard ------------------------------------------------------------------

@pytest.mark.parametrize(("args", "env", "variable"), [
    (("geocode", "Moscow"), {"ATLAS_GEOCODER_TIMEOUT": "abc"}, "ATLAS_GEOCODER_TIMEOUT='abc'"),
    (("check",), {"ATLAS_ROI": ""}, "ATLAS_ROI is set but empty"),
    (("route", "moscow", "pyongyang"), {"ATLAS_ONLINE_GEOCODER": "maybe"}, "ATLAS_ONLINE_GEOCODER='maybe'"),
])
def test_atlas_refuses_a_bad_setting_before_any_command(args: tuple[str, ...], env: dict[str, str],
                                                        variable: str) -> None:
    result = atlas(*args, **env)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"atlas: error: {variable}")
    assert "Traceback" not in result.stderr


def test_atlas_help_still_works_with_a_bad_setting() -> None:
    result = atlas("geocode", "--help", ATLAS_ROI="XX")
    assert result.returncode == 0
    assert "--online" in result.stdout


def _reasons(result: subprocess.CompletedProcess) -> list[str]:
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    return [answer["reason"], *(c["reason"] for c in answer["candidates"])]


def test_roi_none_switches_the_region_prior_off_in_atlas_geocode() -> None:
    assert "region prior" in _reasons(atlas("geocode", "Moscow", "--json"))[0]
    reasons = _reasons(atlas("geocode", "Moscow", "--json", ATLAS_ROI="none"))
    assert not [r for r in reasons if "region prior" in r], reasons


def test_warm_start_names_a_bad_setting_and_does_not_raise() -> None:
    code = "from components.warm_start import warm_view\nprint(type(warm_view()).__name__)\n"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=_clean_env(ATLAS_ROI="XX"),
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "float"
    assert "Warm start: invalid settings" in result.stderr
    assert "ATLAS_ROI='XX'" in result.stderr


def _settings_page() -> None:
    from components.error_page import require_valid_settings

    require_valid_settings()
    import streamlit as st

    st.write("page body")


def test_the_page_explains_a_bad_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ATLAS_GEOCODER_TIMEOUT", "abc")
    page = AppTest.from_function(_settings_page).run(timeout=60)
    assert not page.exception
    assert "1 ATLAS_* setting in the server's environment is invalid" in page.error[0].value
    table = page.table[0].value
    assert list(table["Variable"]) == ["ATLAS_GEOCODER_TIMEOUT"]
    assert "expected a number of seconds > 0" in table["Problem"][0]
    assert not [m for m in page.markdown if "page body" in m.value], "the page must stop after the error"

    monkeypatch.delenv("ATLAS_GEOCODER_TIMEOUT")
    page = AppTest.from_function(_settings_page).run(timeout=60)
    assert not page.error
    assert [m for m in page.markdown if "page body" in m.value]


# -- README -----------------------------------------------------------------------------------------------------

def test_read_only_is_read_when_called_and_a_bad_value_is_an_error() -> None:
    from geo.core.settings import read_only

    assert read_only({}) is False
    assert read_only({"ATLAS_READ_ONLY": "on"}) is True
    with pytest.raises(SettingsError, match="ATLAS_READ_ONLY='sure'"):
        read_only({"ATLAS_READ_ONLY": "sure"})


def test_readme_configuration_table_is_the_settings_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(ATLAS_[A-Z_]+)` \| (.*?) \| (.*) \|$", section, flags=re.M)
    assert rows == [(s.name, s.shown_default, s.help) for s in SETTINGS]
