"""The reviewable on-disk cache of online geocoder answers (``data/geocache.json``).

Online answers never go into the curated gazetteer (``places.csv``): they land here, one entry per query, with
their provenance (provider, domain, time, OSM ids) and a ``review`` field a human sets to ``accepted`` or
``rejected``. Only real answers are stored — a place found (``status: "ok"``) or a definite "no such place"
(``status: "no_match"``); service failures (timeouts, HTTP 429/500, refused connections, malformed JSON) are never
written, so one bad night of the service cannot poison the cache. An entry a human has reviewed is never
overwritten by a later fetch. The file is sorted by query and written atomically, so diffs stay reviewable.
"""

from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from geo.core.atomic import atomic_write_text
from geo.core.errors import DatasetError, Problem

__all__ = ["CACHE_NAME", "REVIEW_STATES", "STATUSES", "CachedAnswer", "GeoCache", "normalise_query"]

CACHE_NAME = "geocache.json"
STATUSES = ("ok", "no_match")
REVIEW_STATES = ("unreviewed", "accepted", "rejected")
_NOTE = ("Answers of the optional online geocoder (atlas --online). Not curated: set review to 'accepted' or "
         "'rejected' after checking; to make a place permanent, add it to places.csv with its own coord_source.")


def normalise_query(query: str) -> str:
    """The cache key of a query: NFC, case-folded, inner whitespace collapsed, curly apostrophes made straight."""
    text = unicodedata.normalize("NFC", query).replace("\u2019", "'").replace("\u02bc", "'")
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class CachedAnswer:
    """One online answer with its provenance. ``lat``/``lon`` are ``None`` when ``status`` is ``no_match``."""

    query: str
    status: str
    lat: float | None
    lon: float | None
    display_name: str
    provider: str
    domain: str
    fetched_at: str
    osm_type: str = ""
    osm_id: str = ""
    place_class: str = ""
    place_type: str = ""
    review: str = "unreviewed"
    raw: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The normalised query this answer is filed under."""
        return normalise_query(self.query)

    @property
    def usable(self) -> bool:
        """True when the answer gives a point that nobody has rejected."""
        return self.status == "ok" and self.review != "rejected" and self.lat is not None

    def to_dict(self) -> dict:
        """Plain-JSON form, as stored in the file."""
        return asdict(self)


def _problem(path: Path, index: int | None, fieldname: str | None, value: object, message: str) -> Problem:
    return Problem(file=str(path), line=None, field=fieldname, value=value,
                   message=message if index is None else f"entry {index}: {message}",
                   fix=f"correct or delete the entry in {path.name} (it is a cache; atlas refetches with --online)")


def _answer_from_json(path: Path, index: int, item: object) -> tuple[CachedAnswer | None, list[Problem]]:
    if not isinstance(item, dict):
        return None, [_problem(path, index, None, item, "is not a JSON object")]
    known = set(CachedAnswer.__dataclass_fields__)
    problems = [_problem(path, index, k, item[k], "unknown key") for k in item if k not in known]
    missing = [k for k in ("query", "status", "provider", "fetched_at") if not item.get(k)]
    problems += [_problem(path, index, k, None, "missing") for k in missing]
    if problems:
        return None, problems
    status, review = item["status"], item.get("review", "unreviewed")
    if status not in STATUSES:
        problems.append(_problem(path, index, "status", status, f"must be one of {STATUSES}"))
    if review not in REVIEW_STATES:
        problems.append(_problem(path, index, "review", review, f"must be one of {REVIEW_STATES}"))
    lat, lon = item.get("lat"), item.get("lon")
    if status == "ok" and not _valid_point(lat, lon):
        problems.append(_problem(path, index, "lat/lon", (lat, lon), "an 'ok' answer needs -90<=lat<=90, "
                                                                       "-180<=lon<=180"))
    if problems:
        return None, problems
    return CachedAnswer(**{k: item.get(k, CachedAnswer.__dataclass_fields__[k].default) for k in item}), []


def _valid_point(lat: object, lon: object) -> bool:
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in (lat, lon))
    return numbers and -90 <= lat <= 90 and -180 <= lon <= 180  # type: ignore[operator]


class GeoCache:
    """The answers in ``<data_dir>/geocache.json`` (an absent file is an empty cache)."""

    def __init__(self, path: str | Path, answers: dict[str, CachedAnswer] | None = None):
        self.path = Path(path)
        self._answers: dict[str, CachedAnswer] = dict(answers or {})
        self.changed = False

    @classmethod
    def load(cls, data_dir: str | Path) -> GeoCache:
        """Read the cache of ``data_dir``; raises :class:`DatasetError` listing every malformed entry."""
        path = Path(data_dir) / CACHE_NAME
        if not path.exists():
            return cls(path)
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DatasetError([_problem(path, None, None, None, f"is not valid UTF-8 JSON ({exc})")]) from exc
        items = doc.get("answers") if isinstance(doc, dict) else None
        if not isinstance(items, list):
            raise DatasetError([_problem(path, None, "answers", None, "must be an object with an 'answers' list")])
        answers: dict[str, CachedAnswer] = {}
        problems: list[Problem] = []
        for index, item in enumerate(items):
            answer, found = _answer_from_json(path, index, item)
            problems += found
            if answer is not None:
                if answer.key in answers:
                    problems.append(_problem(path, index, "query", answer.query, "duplicate query"))
                answers[answer.key] = answer
        if problems:
            raise DatasetError(problems)
        return cls(path, answers)

    def __len__(self) -> int:
        return len(self._answers)

    def __iter__(self):
        return iter(sorted(self._answers.values(), key=lambda a: a.key))

    def get(self, query: str) -> CachedAnswer | None:
        """The stored answer for ``query`` (any spelling that normalises the same), or ``None``."""
        return self._answers.get(normalise_query(query))

    def put(self, answer: CachedAnswer) -> bool:
        """Store ``answer`` unless a human-reviewed answer for the same query exists; returns whether it was stored.

        Raises ``ValueError`` for a failure status: failures must never be cached.
        """
        if answer.status not in STATUSES:
            raise ValueError(f"only real answers are cached, not status {answer.status!r}")
        old = self._answers.get(answer.key)
        if old is not None and old.review != "unreviewed":
            return False
        if old == answer:
            return False
        self._answers[answer.key] = answer
        self.changed = True
        return True

    def set_review(self, query: str, review: str) -> CachedAnswer:
        """Record a person's review (``accepted``, ``rejected`` or back to ``unreviewed``) of the answer for
        ``query``; returns the updated answer. Raises ``KeyError`` when there is no answer, ``ValueError`` for an
        unknown state. Call :meth:`save` to keep it."""
        if review not in REVIEW_STATES:
            raise ValueError(f"review must be one of {', '.join(REVIEW_STATES)}, not {review!r}")
        old = self._answers[normalise_query(query)]
        if old.review != review:
            self._answers[old.key] = replace(old, review=review)
            self.changed = True
        return self._answers[old.key]

    def merge_into(self, other: GeoCache) -> GeoCache:
        """Put this cache's answers into ``other`` (a fresher read of the file) and return it."""
        for answer in self._answers.values():
            other.put(answer)
        return other

    def save(self) -> None:
        """Write the file atomically (sorted by query, one answer per object, UTF-8)."""
        doc = {"note": _NOTE, "answers": [a.to_dict() for a in self]}
        atomic_write_text(self.path, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
        self.changed = False
