"""``atlas ingest``: add one article to the dataset, geoparsed, crash-safely.

Order of work (why it is safe):

1. Everything that can fail without touching the data directory happens first: reading and checking the input
   (UTF-8 without BOM, not empty, not binary, under the size cap), metadata (flags over a front-matter block),
   geoparsing, and the optional online lookups of names the gazetteer does not know.
2. Under an exclusive lock on ``<data>/.atlas.lock`` (so concurrent ingests serialize): reload the dataset, refuse a
   duplicate (same normalised text), pick the id, and validate the would-be dataset (the current files plus the
   new article, loaded from a temporary directory of symlinks) with the same loader ``atlas check`` uses.
3. Write, each file atomically: the mention cache, the online-answer cache, and last the article file — the commit
   point. Killed before it, the data directory holds at most an orphan mention cache (which the loader ignores and
   ``atlas check`` reports as a warning) or extra online answers; killed after it, the new state is complete.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from geo.core.atomic import atomic_write_text, data_dir_lock, remove_stale_temp_files
from geo.core.errors import DatasetError, IngestError, Problem
from geo.dataset import Dataset, load_dataset
from geo.dataset.articles import ARTICLE_FIELDS, render_article
from geo.dataset.dates import parse_partial_date, precision_of
from geo.dataset.tables import MAX_ARTICLE_BYTES, read_checked_text, slugify
from geo.online.geocache import GeoCache, normalise_query
from geo.online.geocoder import OnlineFallback, OnlineResult
from geo.store.corpus_index import refresh_snapshot
from geo.store.mentions import compute_mentions, engine_version, write_mentions

__all__ = [
    "LOW_CONFIDENCE", "MIB", "IngestReport", "article_metadata", "ingest_article", "new_article_id",
    "normalised_text_sha256", "read_input", "split_front_matter",
]

MIB = 1024 * 1024
#: Mentions whose confidence is below this (or labelled "low") are listed for review in the summary.
LOW_CONFIDENCE = 0.5
#: Metadata the user may give (flags or front matter); the rest is derived.
USER_FIELDS = ("title", "outlet", "byline", "published", "date_note", "dateline", "dateline_place_id", "url",
               "notes")
_DATELINE = re.compile(r"^([A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+)*),")
_YAML_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")


def read_input(path: str | Path, max_bytes: int = MAX_ARTICLE_BYTES) -> str:
    """The text of the file to ingest; raises :class:`IngestError` with one clear message if it is unusable.

    Refused: unreadable, empty, over ``max_bytes`` (checked before reading), binary (NUL or control characters),
    not UTF-8, or starting with a byte-order mark. Windows line ends become ``\\n``.
    """
    source = Path(path)
    if not source.is_file():
        raise IngestError(f"{source}: no such file")
    problems: list[Problem] = []
    text = read_checked_text(source, str(source), max_bytes, problems)
    if text is None:
        problem = problems[0]
        hint = problem.fix
        if "limit" in problem.message:
            hint = f"pass --max-mb {_mb_needed(source)} to raise the cap, or split the article"
        raise IngestError(f"{source}: {problem.message} — nothing was written; {hint}")
    return text


def _mb_needed(path: Path) -> int:
    return int(path.stat().st_size / MIB) + 1


def split_front_matter(text: str) -> tuple[dict, str]:
    """Split an optional metadata block off the start of ``text``: TOML between ``+++`` lines, or simple
    ``key: value`` lines between ``---`` lines. Returns ``(metadata, body)``; no block → ``({}, text)``.
    """
    lines = text.split("\n")
    delimiter = lines[0].strip() if lines else ""
    if delimiter not in ("+++", "---"):
        return {}, text
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == delimiter), None)
    if end is None:
        if delimiter == "---":
            return {}, text  # a lone rule line is text, not an unterminated block
        raise IngestError(f"the front-matter block opened by {delimiter!r} on line 1 is never closed; "
                          f"add a {delimiter!r} line after the metadata")
    block = lines[1:end]
    body = "\n".join(lines[end + 1:]).lstrip("\n")
    if delimiter == "+++":
        try:
            return tomllib.loads("\n".join(block)), body
        except tomllib.TOMLDecodeError as exc:
            raise IngestError(f"front matter is not valid TOML ({exc}); write each field as key = \"value\"") from None
    meta = {}
    for number, line in enumerate(block, start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _YAML_LINE.match(line)
        if match is None:
            if number == 2:
                return {}, text  # not a metadata block after all (e.g. a horizontal rule)
            raise IngestError(f"front matter line {number} is not 'key: value': {line!r}")
        meta[match.group(1)] = _unquote(match.group(2).strip())
    return meta, body


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def normalised_text_sha256(text: str) -> str:
    """SHA-256 of the text with Unicode (NFC), line ends, whitespace runs and curly quotes normalised.

    Two files that differ only in such details are the same article (the duplicate check uses this).
    """
    canon = unicodedata.normalize("NFC", text).replace("\ufeff", "")
    canon = canon.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}))
    return hashlib.sha256(" ".join(canon.split()).encode("utf-8")).hexdigest()


def article_metadata(front: dict, overrides: dict, source_file: str) -> dict:
    """The article's front matter (without ``id``): flags in ``overrides`` win over the input's block.

    Raises :class:`IngestError` naming every missing or invalid field and how to give it.
    """
    given = {k: v for k, v in front.items() if k in ARTICLE_FIELDS and k not in ("id", "text")}
    given.update({k: v for k, v in overrides.items() if v is not None})
    for key, value in given.items():
        if key != "removed" and not isinstance(value, str):
            given[key] = str(value)  # e.g. TOML parses published = 2011-08-22 as a date
    missing = [k for k in ("title", "outlet", "published") if not str(given.get(k, "")).strip()]
    if missing:
        flags = ", ".join(f"--{k}" for k in missing)
        raise IngestError(f"missing {', '.join(missing)}: pass {flags} or put them in a front-matter block "
                          "(+++ TOML or --- key: value) at the top of the file")
    published = given["published"].strip()
    try:
        parse_partial_date(published)
    except ValueError as exc:
        raise IngestError(f"--published: {exc}") from None
    removed = given.get("removed", [])
    if not isinstance(removed, list) or not all(isinstance(r, str) for r in removed):
        raise IngestError("front matter 'removed' must be a list of strings")
    meta = {key: str(given.get(key, "")).strip() for key in USER_FIELDS}
    meta.update(published=published, published_precision=precision_of(published), source_file=source_file,
                removed=removed)
    return meta


def new_article_id(outlet: str, published: str, taken: set[str]) -> str:
    """``<outlet-slug>-<published>``, with ``-2``, ``-3``… when that id is already taken."""
    ascii_outlet = unicodedata.normalize("NFKD", outlet).encode("ascii", "ignore").decode()
    slug = slugify(ascii_outlet)
    slug = slug.removeprefix("the-") or "article"
    base = f"{slug}-{published}"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


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


def _detect_dateline(text: str, gazetteer) -> tuple[str, str]:
    """An all-caps dateline at the start of the text (``PYONGYANG, Dec 3, Reuter –``) and its place id."""
    for line in text.split("\n")[:5]:
        match = _DATELINE.match(line.strip())
        if match:
            candidates = gazetteer.candidates(match.group(1).title(), limit=1)
            if candidates:
                return match.group(1), candidates[0].place_id
    return "", ""


def _ask_online(mentions: list[dict], fallback: OnlineFallback) -> dict[str, OnlineResult]:
    results: dict[str, OnlineResult] = {}
    for mention in mentions:
        if mention.get("place_id") is None and mention.get("surface"):
            key = normalise_query(mention["surface"])
            if key not in results:
                results[key] = fallback.lookup(mention["surface"])
    return results


def _validate_would_be(data_dir: Path, article_id: str, rendered: str) -> None:
    """Load (and so validate) the current dataset plus the new article, from a scratch directory of symlinks."""
    scratch = Path(tempfile.mkdtemp(prefix="atlas-ingest-"))
    try:
        for entry in data_dir.iterdir():
            if entry.name not in ("articles", "mentions") and not entry.name.startswith("."):
                (scratch / entry.name).symlink_to(entry.resolve())
        articles = scratch / "articles"
        articles.mkdir()
        for existing in (data_dir / "articles").glob("*.md"):
            (articles / existing.name).symlink_to(existing.resolve())
        (articles / f"{article_id}.md").write_text(rendered, encoding="utf-8")
        try:
            load_dataset(scratch)
        except DatasetError as exc:
            raise IngestError("the article would make the dataset invalid, nothing was written:\n"
                              + "\n".join(f"  - {p}" for p in exc.problems)) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def ingest_article(path: str | Path, *, data_dir: str | Path | None = None, overrides: dict | None = None,
                   online: OnlineFallback | None = None, max_bytes: int = MAX_ARTICLE_BYTES) -> IngestReport:
    """Add the article at ``path`` to the dataset and return the report; on any error nothing is written.

    ``overrides``: metadata from flags (``title``, ``outlet``, ``published``, ``url``, ``byline``…), winning over a
    front-matter block in the file. ``online``: the fallback for names the gazetteer does not know (off if None).
    Raises :class:`IngestError` (bad input, duplicate, invalid result) or :class:`DatasetError` (the data directory
    is already invalid).
    """
    source = Path(path)
    front, body = split_front_matter(read_input(source, max_bytes))
    if not body.strip():
        raise IngestError(f"{source}: the file has metadata but no article text — nothing was written")
    meta = article_metadata(front, overrides or {}, source.name)
    unknown = sorted(set(front) - set(ARTICLE_FIELDS) - {"id"})
    notes = [f"ignored unknown front-matter key(s): {', '.join(unknown)}"] if unknown else []
    fingerprint = normalised_text_sha256(body)

    dataset = load_dataset(data_dir)
    _refuse_duplicate(dataset, fingerprint)
    # the gazetteer machinery loads only once the input has passed its checks
    from geo.gazetteer.lookup import Gazetteer

    gazetteer = Gazetteer.from_dataset(dataset)
    mentions = compute_mentions(body, gazetteer)
    if not meta["dateline"]:
        meta["dateline"], meta["dateline_place_id"] = _detect_dateline(body, gazetteer)
    elif not meta["dateline_place_id"]:
        found = gazetteer.candidates(meta["dateline"].title(), limit=1)
        meta["dateline_place_id"] = found[0].place_id if found else ""
    answers = _ask_online(mentions, online) if online is not None else {}

    root = dataset.data_dir
    with data_dir_lock(root):
        for folder in (root, root / "articles", root / "mentions"):
            remove_stale_temp_files(folder)
        current = load_dataset(root)  # another ingest may have committed while we geoparsed
        _refuse_duplicate(current, fingerprint)
        taken = set(current.articles["id"]) | {p.stem for p in (root / "articles").glob("*.md")}
        article_id = new_article_id(meta["outlet"], meta["published"], taken)
        rendered = render_article({"id": article_id, **meta}, body)
        _validate_would_be(root, article_id, rendered)
        write_mentions(root, article_id, body, mentions, engine_version(root))
        if online is not None and online.cache.changed:
            online.cache.merge_into(GeoCache.load(root)).save()
        article_path = root / "articles" / f"{article_id}.md"
        atomic_write_text(article_path, rendered)  # the commit point
        stale = refresh_snapshot(root)   # under the lock: no other writer can change the files meanwhile
    return IngestReport(article_id, article_path, mentions, answers, notes + ([stale] if stale else []))


def _refuse_duplicate(dataset: Dataset, fingerprint: str) -> None:
    for row in dataset.articles[["id", "text"]].itertuples(index=False):
        if normalised_text_sha256(row.text) == fingerprint:
            raise IngestError(f"duplicate: this text is already in the dataset as article {row.id!r} "
                              f"(articles/{row.id}.md) — nothing was written")
