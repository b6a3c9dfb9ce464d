"""``atlas ingest PATH… | DIR | -``: add a batch of articles to the dataset, each one added, found to be a
duplicate or refused with its reason, without one bad file stopping the others.

Order of work (why it is safe and fast):

1. Every input is read and checked before the data directory is touched (:mod:`geo.store.sources`): a file that
   cannot be an article is refused, named, with the reason.
2. Under one exclusive lock on ``<data>/.atlas.lock`` (so concurrent batches serialize), for the whole batch:
   one load of the dataset; duplicates refused by fingerprint (the same normalised text already in the dataset,
   or earlier in the batch); one geoparse of the new texts (serial, ``jobs`` local processes, or a Dask
   cluster); ids picked; one validation of the would-be dataset (the current files plus every new article,
   loaded from a scratch directory of symlinks by the loader ``atlas check`` uses) — an article the loader objects
   to is refused and the rest validated again.
3. Each article is written as its mention cache, then its article file (both atomic; the article file is the
   commit point), and the snapshot is refreshed once at the end.

Killed at any moment, the data directory holds every article written so far, whole, and at most one orphan
mention cache (ignored by the loader, reported by ``atlas check``); the same command again finds the written
articles as duplicates and adds the rest: each article is present exactly once.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from geo.core.atomic import atomic_write_text, data_dir_lock, remove_stale_temp_files
from geo.core.errors import DatasetError, IngestError
from geo.dataset import load_dataset, resolve_data_dir
from geo.dataset.articles import ARTICLE_FIELDS, render_article
from geo.dataset.dates import UNKNOWN_DATE, parse_partial_date, precision_of
from geo.dataset.tables import MAX_ARTICLE_BYTES, slugify
from geo.store.corpus_index import refresh_snapshot, snapshot_corpus
from geo.store.mentions import engine_version, write_mentions
from geo.store.sources import Source, expand_inputs, normalised_text_sha256, read_source

__all__ = ["ADDED", "DUPLICATE", "REFUSED", "BatchReport", "Outcome", "article_metadata", "detect_dateline",
           "ingest_batch", "new_article_id"]

ADDED, DUPLICATE, REFUSED = "added", "duplicate", "refused"
#: Metadata the user may give (flags or front matter); the rest is derived.
USER_FIELDS = ("title", "outlet", "byline", "published", "date_note", "dateline", "dateline_place_id", "url",
               "notes")
#: Other names of the front-matter fields, as blogs, scrapers and note-taking tools write them.
FIELD_ALIASES = {"date": "published", "published_at": "published", "pubdate": "published", "source": "outlet",
                 "publisher": "outlet", "site": "outlet", "sitename": "outlet", "site_name": "outlet",
                 "author": "byline", "authors": "byline", "link": "url", "source_url": "url", "headline": "title"}
_TITLE_MAX = 200
_DATELINE = re.compile(r"^([A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+)*),")

Progress = Callable[[str, int, int], None]


@dataclass
class Outcome:
    """What became of one input: ``status`` is ``added``, ``duplicate`` or ``refused``; ``reason`` says why for
    the last two; an added article has its id, its mentions and whether its date is unknown."""

    name: str
    status: str
    reason: str = ""
    article_id: str = ""
    mentions: list[dict] = field(default_factory=list)
    undated: bool = False
    notes: list[str] = field(default_factory=list)
    #: where the added article was stored
    path: str = ""

    def to_dict(self) -> dict:
        """Plain-JSON form."""
        out = {"file": self.name, "status": self.status}
        if self.reason:
            out["reason"] = self.reason
        if self.status == ADDED:
            out.update(article_id=self.article_id, path=self.path, mentions=len(self.mentions),
                       unresolved=sum(m.get("place_id") is None for m in self.mentions), undated=self.undated)
        if self.notes:
            out["notes"] = self.notes
        return out


@dataclass
class BatchReport:
    """Every input's :class:`Outcome`, in input order, and what the batch noted."""

    outcomes: list[Outcome]
    notes: list[str] = field(default_factory=list)
    data_dir: str = ""
    #: the online geocoder's answers, by surface, when the batch asked it
    online: dict = field(default_factory=dict)

    def of(self, status: str) -> list[Outcome]:
        """The outcomes with this status."""
        return [o for o in self.outcomes if o.status == status]

    @property
    def exit_code(self) -> int:
        """0 when every input was added or a duplicate, 1 when any was refused."""
        return 1 if self.of(REFUSED) else 0

    def unresolved_names(self) -> list[dict]:
        """Every name the gazetteer did not resolve, across the batch: surface, count, files (most frequent first)."""
        counts: Counter[str] = Counter()
        files: dict[str, list[str]] = {}
        for outcome in self.of(ADDED):
            for mention in outcome.mentions:
                if mention.get("place_id") is None and mention.get("surface"):
                    surface = mention["surface"]
                    counts[surface] += 1
                    names = files.setdefault(surface, [])
                    if outcome.name not in names:
                        names.append(outcome.name)
        out = []
        for surface, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            entry = {"surface": surface, "count": count, "files": files[surface]}
            result = self.online.get(surface)
            if result is not None:  # what the online geocoder said (unreviewed: geocache.json)
                entry["online"] = {"status": result.status, "error": result.error, "from_cache": result.from_cache,
                                   **({"lat": result.answer.lat, "lon": result.answer.lon,
                                       "display_name": result.answer.display_name} if result.resolved else {})}
            out.append(entry)
        return out

    def unresolved_csv(self) -> str:
        """:meth:`unresolved_names` as CSV (surface, count, files joined by ``|``), for a curator."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["surface", "count", "files"])
        for row in self.unresolved_names():
            writer.writerow([row["surface"], row["count"], "|".join(row["files"])])
        return out.getvalue()

    def to_dict(self) -> dict:
        """Plain-JSON form (``atlas ingest --json``)."""
        places = sorted({m["place_id"] for o in self.of(ADDED) for m in o.mentions if m.get("place_id")})
        return {"added": len(self.of(ADDED)), "duplicates": len(self.of(DUPLICATE)),
                "refused": len(self.of(REFUSED)), "undated": [o.name for o in self.of(ADDED) if o.undated],
                "files": [o.to_dict() for o in self.outcomes], "places": places,
                "unresolved": self.unresolved_names(), "notes": self.notes}

    def summary(self) -> str:
        """The table a person reads: one line per input, then the totals."""
        lines = []
        for o in self.outcomes:
            if o.status == ADDED:
                unresolved = sum(m.get("place_id") is None for m in o.mentions)
                detail = (f"→ {o.article_id}: {len(o.mentions)} mention(s), {unresolved} unresolved"
                          + ("; date unknown" if o.undated else ""))
            else:
                detail = f"— {o.reason}"
            lines.append(f"{o.status:<9}  {o.name}  {detail}")
        undated = [o for o in self.of(ADDED) if o.undated]
        lines.append(f"{len(self.of(ADDED))} added, {len(self.of(DUPLICATE))} duplicate(s), "
                     f"{len(self.of(REFUSED))} refused" + (f"; {len(undated)} undated" if undated else ""))
        names = self.unresolved_names()
        if names:
            top = ", ".join(f"{n['surface']} ({n['count']})" for n in names[:10])
            lines.append(f"unresolved names: {len(names)} — {top}{' …' if len(names) > 10 else ''}")
        lines.extend(f"note: {note}" for note in self.notes)
        return "\n".join(lines)


def article_metadata(front: dict, overrides: dict, source: Source | None = None) -> dict:
    """The article's front matter (without ``id``): flags in ``overrides`` win over the input's own metadata.

    Missing title: the text's first line (or the file's name); missing outlet: the URL's host, else
    ``"unknown"``; missing date: the date is unknown (``published`` empty, precision ``unknown``). Raises
    :class:`IngestError` for a date that is given but is not one, or a malformed ``removed`` list.
    """
    given = {FIELD_ALIASES.get(k, k): v for k, v in front.items() if v is not None}  # `title:` empty in YAML: null
    given = {k: v for k, v in given.items() if k in ARTICLE_FIELDS and k not in ("id", "text")}
    given.update({k: v for k, v in overrides.items() if v is not None})
    for key, value in given.items():
        if key != "removed" and not isinstance(value, str):
            given[key] = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    meta = {key: str(given.get(key, "")).strip() for key in USER_FIELDS}
    notes = []
    if not meta["title"]:
        meta["title"] = _title_from(source)
        notes.append("no title given: took the first line of the text")
    if not meta["outlet"]:
        host = urlparse(meta["url"]).hostname or ""
        meta["outlet"] = host.removeprefix("www.") or "unknown"
        notes.append(f"no outlet given: {meta['outlet']!r}" + (" (from the URL)" if host else ""))
    published = _iso_date(meta["published"])
    if published and not meta["published"].startswith(published):
        notes.append(f"published {meta['published']!r} read as {published}")
    removed = given.get("removed", [])
    if not isinstance(removed, list) or not all(isinstance(r, str) for r in removed):
        raise IngestError("front matter 'removed' must be a list of strings")
    meta.update(published=published, published_precision=precision_of(published) if published else UNKNOWN_DATE,
                source_file=Path(source.name).name if source is not None else "", removed=removed)
    if source is not None:
        source.notes.extend(notes)
    return meta


def _iso_date(value: str) -> str:
    """A publication date as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: ISO forms as they are (a time after the day
    is dropped), other forms as people write them ("24 April 2019", "Apr 2019", "April 24, 2019 10:05 GMT") read
    by ``dateutil`` at the precision they give. Raises :class:`IngestError` naming the value otherwise."""
    value = value.strip()
    if not value:
        return ""
    iso = value[:10] if len(value) > 10 and value[10] in "T " else value
    if precision_of(iso) is not None:
        try:
            parse_partial_date(iso)
        except ValueError as exc:
            raise IngestError(f"published: {exc}") from None
        return iso
    from dateutil import parser as dateparser

    try:
        # Parsed twice with different defaults: a part that follows the default was not in the text, so the
        # date is only as precise as the parts that stay put.
        first = dateparser.parse(value, default=datetime.datetime(2000, 1, 1), fuzzy=False)
        second = dateparser.parse(value, default=datetime.datetime(2001, 2, 2), fuzzy=False)
    except (ValueError, OverflowError):
        raise IngestError(f"published: {value!r} is not a date; write YYYY-MM-DD (or YYYY-MM, YYYY), or a date "
                          "such as 24 April 2019") from None
    if first.year != second.year:
        raise IngestError(f"published: {value!r} has no year; write YYYY-MM-DD")
    if first.month != second.month:
        return f"{first.year:04d}"
    if first.day != second.day:
        return f"{first.year:04d}-{first.month:02d}"
    return first.date().isoformat()


def _title_from(source: Source | None) -> str:
    if source is None:
        return "untitled"
    first = next((line.strip(" #\t") for line in source.body.split("\n") if line.strip()), "")
    if first and len(first) <= _TITLE_MAX:
        return first
    return Path(source.name).stem or "untitled"


def new_article_id(outlet: str, published: str, taken: set[str]) -> str:
    """``<outlet-slug>-<published>`` (``-undated`` without a date), with ``-2``, ``-3``… when that id is taken."""
    import unicodedata

    ascii_outlet = unicodedata.normalize("NFKD", outlet).encode("ascii", "ignore").decode()
    slug = slugify(ascii_outlet)
    slug = slug.removeprefix("the-") or "article"
    base = f"{slug}-{published or 'undated'}"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def ingest_batch(inputs: Sequence[str], *, data_dir: str | Path | None = None, overrides: dict | None = None,
                 max_bytes: int = MAX_ARTICLE_BYTES, jobs: int = 1, scheduler: str | None = None,
                 progress: Progress | None = None, online=None) -> BatchReport:
    """Ingest every input (files, folders, ``-`` for standard input) into the dataset at ``data_dir``.

    ``overrides``: metadata from flags, winning over each input's own. ``jobs``: local processes for the
    geoparse; ``scheduler``: the address of a Dask distributed scheduler instead. ``progress(stage, done,
    total)`` is called as inputs are read and geoparsed. ``online``: the fallback for unresolved names (off if
    None). Raises :class:`DatasetError` when the data directory is already invalid; every problem with an input
    is an outcome, not an exception.
    """
    tick = progress or (lambda stage, done, total: None)
    expanded = list(expand_inputs(inputs))
    if not expanded:
        raise IngestError("no article files found in " + ", ".join(map(str, inputs))
                          + f" (looked for {', '.join(('.txt', '.md', '.markdown', '.html', '.htm'))})")
    outcomes: list[Outcome] = []
    sources: list[tuple[Outcome, Source, dict]] = []
    for done, (name, path) in enumerate(expanded, start=1):
        outcome = Outcome(name, ADDED)
        outcomes.append(outcome)
        try:
            source = read_source(name, path, max_bytes)
            meta = article_metadata(source.meta, overrides or {}, source)
        except IngestError as exc:
            outcome.status, outcome.reason = REFUSED, _reason(exc, name)
        else:
            unknown = sorted({FIELD_ALIASES.get(k, k) for k in source.meta} - set(ARTICLE_FIELDS) - {"id"})
            if unknown:
                source.notes.append(f"ignored unknown front-matter key(s): {', '.join(unknown)}")
            outcome.notes = source.notes
            sources.append((outcome, source, meta))
        tick("read", done, len(expanded))

    root = resolve_data_dir(data_dir)
    notes: list[str] = []
    if not sources:  # every input refused: the data directory is not even locked
        return BatchReport(outcomes, notes, str(root))
    with data_dir_lock(root):
        for folder in (root, root / "articles", root / "mentions"):
            remove_stale_temp_files(folder)
        snapshot = snapshot_corpus(root)
        dataset = snapshot[0] if snapshot is not None else load_dataset(root)
        present = {normalised_text_sha256(text): article_id
                   for article_id, text in zip(dataset.articles["id"], dataset.articles["text"], strict=True)}
        in_batch: dict[str, str] = {}
        fresh: list[tuple[Outcome, Source, dict]] = []
        for outcome, source, meta in sources:
            if source.fingerprint in present:
                outcome.status = DUPLICATE
                outcome.reason = f"already in the dataset as article {present[source.fingerprint]!r}"
            elif source.fingerprint in in_batch:
                outcome.status = DUPLICATE
                outcome.reason = f"the same text as {in_batch[source.fingerprint]} in this batch"
            else:
                in_batch[source.fingerprint] = source.name
                fresh.append((outcome, source, meta))
        answers: dict = {}
        if fresh:
            _geoparse(fresh, root, jobs, scheduler, tick)
            if online is not None:
                answers = _ask_online(fresh, online)
                if answers:
                    notes.append(f"asked the online geocoder about {len(answers)} unresolved name(s); answers in "
                                 "geocache.json (unreviewed)")
            _assign_ids(fresh, dataset, root)
            would_be = _validate(fresh, root)
            engine = engine_version(root)
            written = 0
            for outcome, source, meta in fresh:
                if outcome.status != ADDED:
                    continue
                write_mentions(root, outcome.article_id, source.body, outcome.mentions, engine)
                stored = root / "articles" / f"{outcome.article_id}.md"
                # the commit point
                atomic_write_text(stored, render_article({"id": outcome.article_id, **meta}, source.body))
                outcome.path = str(stored)
                written += 1
                tick("write", written, len(fresh))
            if online is not None and online.cache.changed:
                from geo.online.geocache import GeoCache

                online.cache.merge_into(GeoCache.load(root)).save()
            stale = refresh_snapshot(root, *_corpus_after(would_be, snapshot, fresh, root))
            if stale:
                notes.append(stale)
    return BatchReport(outcomes, notes, str(root), answers)


def _reason(exc: IngestError, name: str) -> str:
    """An ingest error as a reason in the table (the file is named in its own column)."""
    message = str(exc)
    for prefix in (f"{name}: ", f"{Path(name)}: "):
        message = message.removeprefix(prefix)
    return message.replace(" — nothing was written", "").replace("; nothing was written", "")


def _geoparse(fresh: list[tuple[Outcome, Source, dict]], root: Path, jobs: int, scheduler: str | None,
              tick: Progress) -> None:
    from geo.store.parallel import geoparse_items

    items = [(str(i), source.body) for i, (_, source, _) in enumerate(fresh)]
    for done, (key, mentions) in enumerate(geoparse_items(items, str(root), jobs=jobs, scheduler=scheduler),
                                           start=1):
        outcome, _, meta = fresh[int(key)]
        outcome.mentions = mentions
        tick("geoparse", done, len(items))
    from geo.gazetteer.lookup import Gazetteer  # for the datelines: the gazetteer this process already built
    from geo.store.parallel import load_gazetteer

    gazetteer: Gazetteer = load_gazetteer(str(root))
    for _, source, meta in fresh:
        _dateline(meta, source.body, gazetteer)


def detect_dateline(text: str, gazetteer) -> tuple[str, str]:
    """An all-caps dateline at the start of the text (``PYONGYANG, Dec 3, Reuter –``) and its place id."""
    for line in text.split("\n")[:5]:
        match = _DATELINE.match(line.strip())
        if match:
            candidates = gazetteer.candidates(match.group(1).title(), limit=1)
            if candidates:
                return match.group(1), candidates[0].place_id
    return "", ""


def _dateline(meta: dict, body: str, gazetteer) -> None:
    if not meta["dateline"]:
        meta["dateline"], meta["dateline_place_id"] = detect_dateline(body, gazetteer)
    elif not meta["dateline_place_id"]:
        found = gazetteer.candidates(meta["dateline"].title(), limit=1)
        meta["dateline_place_id"] = found[0].place_id if found else ""


def _ask_online(fresh: Iterable[tuple[Outcome, Source, dict]], online) -> dict:
    """The online fallback's answer for each distinct unresolved name of the batch, by surface."""
    answers = {}
    for outcome, _, _ in fresh:
        for mention in outcome.mentions:
            surface = mention.get("surface")
            if mention.get("place_id") is None and surface and surface not in answers:
                answers[surface] = online.lookup(surface)
    return answers


def _assign_ids(fresh: list[tuple[Outcome, Source, dict]], dataset, root: Path) -> None:
    taken = set(dataset.articles["id"]) | {p.stem for p in (root / "articles").glob("*.md")}
    for outcome, _, meta in fresh:
        outcome.article_id = new_article_id(meta["outlet"], meta["published"], taken)
        outcome.undated = not meta["published"]
        taken.add(outcome.article_id)


def _corpus_after(would_be, snapshot, fresh: list[tuple[Outcome, Source, dict]], root: Path) -> tuple:
    """``(dataset, mentions)`` for :func:`refresh_snapshot` after the batch: the validated would-be dataset, and
    the snapshot's mentions plus the new articles' (or ``(dataset, None)``: the caches are then read)."""
    if would_be is None:
        return (None, None)
    if snapshot is None:
        return (would_be, None)
    import pandas as pd

    from geo.store.mentions import COLUMNS, mentions_frame

    added = [(o.article_id, [tuple(map(m.get, COLUMNS[1:])) for m in o.mentions]) for o, _, _ in fresh
             if o.status == ADDED]
    return (would_be, pd.concat([snapshot[1], mentions_frame(added, root)], ignore_index=True))


def _validate(fresh: list[tuple[Outcome, Source, dict]], root: Path):
    """Load the current dataset plus every new article from a scratch directory (one validation); refuse the
    articles the loader objects to, and validate again without them. Returns the would-be dataset (None when
    nothing is left to add)."""
    while True:
        pending = {o.article_id: (o, s, m) for o, s, m in fresh if o.status == ADDED}
        if not pending:
            return None
        problems, dataset = _would_be(root, {aid: render_article({"id": aid, **m}, s.body)
                                             for aid, (_, s, m) in pending.items()})
        if not problems:
            return dataset
        blamed = False
        for problem in problems:
            article_id = Path(str(problem.file or "")).stem
            if str(problem.file or "").startswith("articles/") and article_id in pending:
                outcome = pending[article_id][0]
                if outcome.status == ADDED:
                    outcome.status = REFUSED
                    outcome.reason = f"would make the dataset invalid: {problem.message} ({problem.field})"
                    blamed = True
        if not blamed:  # the dataset itself is invalid: nothing can be added
            raise DatasetError(problems)


def _would_be(root: Path, rendered: dict[str, str]) -> tuple[list, object]:
    """``(problems, dataset)`` of the current files plus ``rendered`` new articles, loaded from a scratch directory
    of symlinks; the dataset (when there are no problems) reads as if loaded from ``root``."""
    import dataclasses

    scratch = Path(tempfile.mkdtemp(prefix="atlas-ingest-"))
    try:
        for entry in root.iterdir():
            if entry.name not in ("articles", "mentions") and not entry.name.startswith("."):
                (scratch / entry.name).symlink_to(entry.resolve())
        articles = scratch / "articles"
        articles.mkdir()
        for existing in (root / "articles").glob("*.md"):
            (articles / existing.name).symlink_to(existing.resolve())
        for article_id, text in rendered.items():
            (articles / f"{article_id}.md").write_text(text, encoding="utf-8")
        try:
            dataset = load_dataset(scratch)
        except DatasetError as exc:
            return list(exc.problems), None
        paths = [str(root / "articles" / f"{article_id}.md") for article_id in dataset.articles["id"]]
        return [], dataclasses.replace(dataset, data_dir=root, articles=dataset.articles.assign(path=paths))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
