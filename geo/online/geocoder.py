"""The gazetteer as a geopy geocoder, and the optional online fallback.

:class:`AtlasGeocoder` is a :class:`geopy.geocoders.base.Geocoder`, so it composes with the rest of geopy
(``RateLimiter``, ``geopy.distance``, pandas ``apply``): ``geocode(query)`` answers from the curated gazetteer (both
of its tiers) and returns :class:`geopy.location.Location` objects whose ``raw`` carries the place id, kind, country,
confidence, the reason the candidate won, the tier and the top candidates.

:class:`OnlineFallback` wraps any geopy geocoder (Nominatim by default) behind geopy's ``RateLimiter`` and is used
only when the user asks for it (``--online`` or ``ATLAS_ONLINE_GEOCODER=1``) and only for names that neither tier
resolves. Its answers go to :class:`geo.online.geocache.GeoCache` with their provenance; failures are classified,
reported and never cached, and after the first failure the service is not asked again in the same run (a dead or
throttling service costs one timeout, not one per name).

The ``ATLAS_*`` variables that configure it are read and validated by :mod:`geo.core.settings`; the functions here
take an optional ``environ`` mapping (default ``os.environ``) so that a test can pass its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from geopy import exc as geopy_exc
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location

from geo import __version__
from geo.core.settings import DEFAULT_GEOCODER_MIN_DELAY, PUBLIC_NOMINATIM, settings
from geo.online.geocache import CachedAnswer, GeoCache

__all__ = [
    "ENV_CONTACT", "ENV_DOMAIN", "ENV_MIN_DELAY", "ENV_ONLINE", "ENV_SCHEME", "ENV_TIMEOUT", "PUBLIC_NOMINATIM",
    "AtlasGeocoder", "OnlineFallback", "OnlineResult", "default_online_geocoder", "online_enabled", "user_agent",
]

ENV_ONLINE = "ATLAS_ONLINE_GEOCODER"
ENV_DOMAIN = "ATLAS_NOMINATIM_DOMAIN"
ENV_SCHEME = "ATLAS_NOMINATIM_SCHEME"
ENV_TIMEOUT = "ATLAS_GEOCODER_TIMEOUT"
ENV_MIN_DELAY = "ATLAS_GEOCODER_MIN_DELAY"
ENV_CONTACT = "ATLAS_GEOCODER_CONTACT"
#: Nominatim's usage policy: at most one request per second. Defined in geo.core.settings (the default of
#: ATLAS_GEOCODER_MIN_DELAY) and kept importable here, as PUBLIC_NOMINATIM is.
DEFAULT_MIN_DELAY = DEFAULT_GEOCODER_MIN_DELAY


def online_enabled(flag: bool = False, environ: Mapping[str, str] | None = None) -> bool:
    """Whether the online fallback is on: the ``--online`` flag, or ``ATLAS_ONLINE_GEOCODER`` set to 1/true/yes/on
    (0/false/no/off, or unset, is off; anything else raises :class:`~geo.core.errors.SettingsError`)."""
    return flag or settings(environ).online_geocoder


def user_agent(environ: Mapping[str, str] | None = None) -> str:
    """The HTTP User-Agent the fallback identifies itself with (Nominatim refuses anonymous clients).

    ``ATLAS_GEOCODER_CONTACT`` (an e-mail or URL) is appended when set, as the Nominatim policy asks.
    """
    contact = settings(environ).geocoder_contact
    base = f"summit-atlas/{__version__} (Russia-DPRK Summit & Train Atlas, a research tool"
    return base + (f"; {contact})" if contact else ")")


def default_online_geocoder(environ: Mapping[str, str] | None = None) -> tuple[Geocoder, float]:
    """Nominatim configured from the environment, and the minimum delay between its requests.

    ``ATLAS_NOMINATIM_DOMAIN`` / ``ATLAS_NOMINATIM_SCHEME`` point it at another Nominatim (a mirror, a local
    install, the test stub); ``ATLAS_GEOCODER_TIMEOUT`` (default 10 s) bounds each request;
    ``ATLAS_GEOCODER_MIN_DELAY`` (default 1 s) spaces requests, and can go below 1 s only for a server other than
    the public one. A bad value raises :class:`~geo.core.errors.SettingsError` (a ``ValueError``) naming it.
    """
    config = settings(environ)
    min_delay = config.geocoder_min_delay
    if config.nominatim_domain == PUBLIC_NOMINATIM:
        min_delay = max(min_delay, DEFAULT_MIN_DELAY)
    geocoder = Nominatim(user_agent=user_agent(environ), domain=config.nominatim_domain,
                         scheme=config.nominatim_scheme, timeout=config.geocoder_timeout)
    return geocoder, min_delay


@dataclass(frozen=True)
class OnlineResult:
    """What the fallback made of one name.

    ``status``: ``ok`` (a point), ``no_match`` (the service knows no such place), ``failed`` (the service failed:
    ``error`` says how; nothing was cached), ``skipped`` (not asked because the service already failed this run).
    ``from_cache`` is True when the answer came from ``geocache.json`` without a request.
    """

    query: str
    status: str
    answer: CachedAnswer | None = None
    error: str = ""
    from_cache: bool = False

    @property
    def resolved(self) -> bool:
        """True when there is a usable point."""
        return self.answer is not None and self.answer.usable


def _classify(error: BaseException) -> str:
    # Most specific first: GeocoderRateLimited is a GeocoderQuotaExceeded, both are GeocoderServiceError.
    if isinstance(error, geopy_exc.GeocoderRateLimited):
        return "rate limited (HTTP 429)"
    if isinstance(error, geopy_exc.GeocoderTimedOut):
        return "timed out"
    if isinstance(error, geopy_exc.GeocoderUnavailable):
        return f"service unavailable or refusing connections ({error})"
    if isinstance(error, geopy_exc.GeocoderParseError):
        return "malformed answer (not JSON)"
    if isinstance(error, geopy_exc.GeopyError):
        return f"service error ({error})"
    return f"malformed answer ({type(error).__name__}: {error})"


@dataclass
class OnlineFallback:
    """Ask an online geocoder about names the gazetteer does not know, through the reviewable cache.

    ``geocoder``: any geopy geocoder (default: :func:`default_online_geocoder`); ``cache``: where answers go;
    ``min_delay_seconds`` (>= 1 s against the public Nominatim), ``max_retries`` and ``error_wait_seconds`` go to
    geopy's ``RateLimiter``; ``sleep`` and ``timer`` replace its sleeping and its monotonic clock (tests pass a fake
    clock that advances when "slept", so the spacing is checked without waiting). ``clock`` stamps ``fetched_at``.
    """

    cache: GeoCache
    geocoder: Geocoder | None = None
    min_delay_seconds: float = DEFAULT_MIN_DELAY
    max_retries: int = 1
    error_wait_seconds: float | None = None
    sleep: Callable[[float], None] | None = None
    timer: Callable[[], float] | None = None
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    failure: str = ""
    requests: int = 0

    def __post_init__(self) -> None:
        if self.geocoder is None:
            self.geocoder, self.min_delay_seconds = default_online_geocoder()
        domain = getattr(self.geocoder, "domain", "")
        if domain == PUBLIC_NOMINATIM and self.min_delay_seconds < DEFAULT_MIN_DELAY:
            raise ValueError(f"min_delay_seconds={self.min_delay_seconds!r}: the public Nominatim allows at most "
                             f"one request per second; use >= {DEFAULT_MIN_DELAY}")
        wait = self.error_wait_seconds if self.error_wait_seconds is not None else 2 * self.min_delay_seconds
        self._limited = RateLimiter(self._request, min_delay_seconds=self.min_delay_seconds,
                                    max_retries=self.max_retries, error_wait_seconds=max(wait, self.min_delay_seconds),
                                    swallow_exceptions=False)
        # geopy's own test seams (RateLimiter._sleep / _clock), as its test-suite uses them.
        if self.sleep is not None:
            self._limited._sleep = self.sleep
        if self.timer is not None:
            self._limited._clock = self.timer

    @property
    def provider(self) -> str:
        """Name of the wrapped geocoder class (``Nominatim``)."""
        return type(self.geocoder).__name__

    @property
    def domain(self) -> str:
        """Where the wrapped geocoder sends requests (``nominatim.openstreetmap.org``)."""
        return str(getattr(self.geocoder, "domain", ""))

    def _request(self, query: str):
        self.requests += 1
        return self.geocoder.geocode(query, exactly_one=True)

    def lookup(self, query: str) -> OnlineResult:
        """The cached answer for ``query``, else one rate-limited request; never raises for a service fault."""
        cached = self.cache.get(query)
        if cached is not None:
            return OnlineResult(query, cached.status, cached, from_cache=True)
        if self.failure:
            return OnlineResult(query, "skipped", error=f"not asked: the service failed earlier ({self.failure})")
        try:
            location = self._limited(query)
            answer = self._answer(query, location)
        except (geopy_exc.GeopyError, KeyError, IndexError, TypeError, ValueError, AttributeError) as error:
            # Garbage that parses as JSON surfaces as KeyError/TypeError/ValueError from geopy's result parser.
            self.failure = _classify(error)
            return OnlineResult(query, "failed", error=self.failure)
        self.cache.put(answer)
        return OnlineResult(query, answer.status, answer)

    def _answer(self, query: str, location: Location | None) -> CachedAnswer:
        common = {"query": query, "provider": self.provider, "domain": self.domain,
                  "fetched_at": self.clock().isoformat(timespec="seconds")}
        if location is None:
            return CachedAnswer(status="no_match", lat=None, lon=None, display_name="", **common)
        lat, lon = float(location.latitude), float(location.longitude)
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError(f"coordinates out of range: {lat!r}, {lon!r}")
        raw = location.raw if isinstance(location.raw, dict) else {}
        keep = {k: raw[k] for k in ("place_id", "osm_type", "osm_id", "class", "type", "importance", "licence")
                if k in raw}
        return CachedAnswer(status="ok", lat=lat, lon=lon, display_name=str(location.address or ""),
                            osm_type=str(raw.get("osm_type", "")), osm_id=str(raw.get("osm_id", "")),
                            place_class=str(raw.get("class", "")), place_type=str(raw.get("type", "")),
                            raw=keep, **common)


class AtlasGeocoder(Geocoder):
    """The atlas gazetteer behind geopy's geocoder interface.

    ``geocode(query, exactly_one=True, context=None)`` returns a :class:`~geopy.location.Location` (or a list of
    the top candidates with ``exactly_one=False``), or ``None`` when nothing resolves. ``raw`` holds ``id``,
    ``kind``, ``country``, ``confidence``, ``reason``, ``tier`` and ``candidates``. With ``fallback`` set, a name
    that neither gazetteer tier resolves is looked up online (``raw["tier"] == "online"``, ``raw["id"]`` None).
    """

    def __init__(self, gazetteer, *, fallback: OnlineFallback | None = None, limit: int = 5):
        # The geopy adapter is never used for gazetteer answers, only built by the base class.
        super().__init__(user_agent=user_agent())
        self.gazetteer = gazetteer
        self.fallback = fallback
        self.limit = limit

    def geocode(self, query: str, *, exactly_one: bool = True, timeout=DEFAULT_SENTINEL,
                context: str | None = None):
        """Resolve ``query`` (optionally disambiguated by the surrounding ``context`` text)."""
        candidates = self.gazetteer.candidates(query, context=context, limit=self.limit)
        if candidates:
            tops = [c.to_dict() for c in candidates]
            locations = [self._location(c, tops) for c in candidates]
            return locations[0] if exactly_one else locations
        if self.fallback is None:
            return None
        result = self.fallback.lookup(query)
        if not result.resolved:
            return None
        answer = result.answer
        location = Location(answer.display_name or query, (answer.lat, answer.lon), {
            "id": None, "kind": "online", "country": "", "confidence": "unreviewed online answer",
            "reason": f"not in the gazetteer; {answer.provider} ({answer.domain}) answered "
                      f"{answer.display_name!r} on {answer.fetched_at}, review: {answer.review}",
            "tier": "online", "candidates": [], "online": answer.to_dict()})
        return location if exactly_one else [location]

    @staticmethod
    def _location(candidate, tops: list[dict]) -> Location:
        raw = {"id": candidate.place_id, "name": candidate.name, "kind": candidate.kind,
               "country": candidate.country, "confidence": candidate.confidence, "reason": candidate.reason,
               "tier": candidate.tier, "score": candidate.score, "candidates": tops}
        return Location(candidate.name, (candidate.lat, candidate.lon), raw)

    def reverse(self, query, *, exactly_one=True, timeout=DEFAULT_SENTINEL):
        """Not offered: the atlas answers names, not coordinates."""
        raise NotImplementedError("AtlasGeocoder is a forward geocoder; reverse geocoding is not offered")
