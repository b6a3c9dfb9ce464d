"""One article into the dataset: :func:`ingest_article`, the single-file form of :func:`geo.store.batch.ingest_batch`
(same checks, same lock, same commit order — see that module), with the report a reviewer reads for one article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from geo.core.errors import IngestError
from geo.dataset.tables import MAX_ARTICLE_BYTES
from geo.online.geocache import normalise_query
from geo.online.geocoder import OnlineFallback, OnlineResult
from geo.store.batch import ADDED, article_metadata, detect_dateline, ingest_batch, new_article_id
from geo.store.sources import MIB, normalised_text_sha256, read_input, split_front_matter

__all__ = [
    "LOW_CONFIDENCE", "MIB", "IngestReport", "article_metadata", "detect_dateline", "ingest_article",
    "new_article_id", "normalised_text_sha256", "read_input", "split_front_matter",
]

#: Mentions whose confidence is below this (or labelled "low") are listed for review in the summary.
LOW_CONFIDENCE = 0.5


def _confidence_is_low(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"low", "very low", "none"}
    return isinstance(value, int | float) and value < LOW_CONFIDENCE


@dataclass
class IngestReport:
    """What ``atlas ingest`` did: the new article, its mentions, and everything a reviewer should look at."""

    article_id: str
    article_path: Path
    mentions: list[dict]
    online: dict[str, OnlineResult] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def unresolved(self) -> list[dict]:
        """Mentions the gazetteer did not resolve (online answers, if any, are in :attr:`online`)."""
        return [m for m in self.mentions if m.get("place_id") is None]

    @property
    def low_confidence(self) -> list[dict]:
        """Resolved mentions whose confidence is low (listed for review)."""
        return [m for m in self.mentions if m.get("place_id") is not None and _confidence_is_low(m.get("confidence"))]

    def to_dict(self) -> dict:
        """Plain-JSON form (``atlas ingest --json``)."""
        return {"article_id": self.article_id, "path": str(self.article_path), "mentions": len(self.mentions),
                "places": sorted({m["place_id"] for m in self.mentions if m.get("place_id")}),
                "unresolved": [self._unresolved_entry(m) for m in self.unresolved],
                "low_confidence": [{k: m.get(k) for k in ("surface", "start", "place_id", "confidence")}
                                   for m in self.low_confidence],
                "notes": self.notes}

    def _unresolved_entry(self, mention: dict) -> dict:
        entry = {"surface": mention.get("surface"), "start": mention.get("start")}
        result = self.online.get(normalise_query(str(mention.get("surface", ""))))
        if result is not None:
            entry["online"] = {"status": result.status, "error": result.error, "from_cache": result.from_cache,
                               **({"lat": result.answer.lat, "lon": result.answer.lon,
                                   "display_name": result.answer.display_name} if result.resolved else {})}
        return entry

    def summary(self) -> str:
        """Human-readable summary: the new file, the places found, and every name that needs review."""
        places = sorted({m["place_id"] for m in self.mentions if m.get("place_id")})
        lines = [f"ingested {self.article_path} (id {self.article_id})",
                 f"  {len(self.mentions)} toponym mention(s), {len(places)} place(s): {', '.join(places) or '—'}"]
        unresolved = [self._unresolved_entry(m) for m in self.unresolved]
        lines.append(f"  unresolved: {len(unresolved)}" + (" — add them to places.csv (aliases) if they are places"
                                                           if unresolved else ""))
        for entry in unresolved:
            line = f"    {entry['surface']!r} at offset {entry['start']}"
            online = entry.get("online")
            if online and "lat" in online:
                line += (f" — online answer (unreviewed, geocache.json): {online['lat']:.4f}, {online['lon']:.4f} "
                         f"{online['display_name']!r}")
            elif online:
                line += f" — online: {online['status']}" + (f" ({online['error']})" if online["error"] else "")
            lines.append(line)
        low = self.low_confidence
        lines.append(f"  low confidence: {len(low)}")
        lines.extend(f"    {m.get('surface')!r} at offset {m.get('start')} → {m.get('place_id')} "
                     f"(confidence {m.get('confidence')})" for m in low)
        lines.extend(f"  note: {note}" for note in self.notes)
        return "\n".join(lines)


def ingest_article(path: str | Path, *, data_dir: str | Path | None = None, overrides: dict | None = None,
                   online: OnlineFallback | None = None, max_bytes: int = MAX_ARTICLE_BYTES) -> IngestReport:
    """Add the article at ``path`` to the dataset and return the report; on any error nothing is written.

    ``overrides``: metadata from flags (``title``, ``outlet``, ``published``, ``url``, ``byline``…), winning over a
    front-matter block in the file. ``online``: the fallback for names the gazetteer does not know (off if None).
    Raises :class:`IngestError` (bad input, duplicate, invalid result) or :class:`DatasetError` (the data directory
    is already invalid).
    """
    report = ingest_batch([str(path)], data_dir=data_dir, overrides=overrides, max_bytes=max_bytes, online=online)
    outcome = report.outcomes[0]
    if outcome.status != ADDED:
        what = "duplicate: this text is already in the dataset" if outcome.status == "duplicate" else str(path)
        raise IngestError(f"{what}: {outcome.reason} — nothing was written")
    root = Path(report.data_dir)
    answers = {normalise_query(str(m["surface"])): report.online[m["surface"]] for m in outcome.mentions
               if m.get("place_id") is None and m.get("surface") in report.online}
    return IngestReport(outcome.article_id, root / "articles" / f"{outcome.article_id}.md", outcome.mentions,
                        answers, outcome.notes + report.notes)
