"""Articles handed over as bytes (a dashboard upload) or pasted text: read as ``atlas ingest`` reads a file, their
metadata ready to prefill a form, then saved by the ingest itself (:func:`geo.store.batch.ingest_batch`).

Nothing here parses an article on its own: each draft is written to a private temporary file under the name it
came with (its extension picks the reader, as on the command line: front matter for ``.md``/``.txt``, trafilatura
for ``.html``), and :func:`geo.store.sources.read_source` and :func:`geo.store.batch.article_metadata` read it.
What the preview shows is therefore what ``atlas ingest`` would store, and a refusal is the ingest's own reason.
"""

from __future__ import annotations

import datetime
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from geo.core.errors import IngestError
from geo.core.settings import read_only
from geo.dataset.dates import UNKNOWN_DATE, precision_of
from geo.dataset.tables import MAX_ARTICLE_BYTES
from geo.store.batch import REFUSED, Outcome, article_metadata, ingest_batch
from geo.store.sources import ARTICLE_EXTENSIONS, Source, read_source

__all__ = ["FORM_FIELDS", "PASTED_NAME", "Draft", "ReadOnlyError", "draft_from_bytes", "draft_from_text",
           "published_value", "safe_filename", "save_drafts", "split_published"]

#: The metadata a person checks before saving (the rest — dateline, notes — comes from the file or is derived).
FORM_FIELDS = ("title", "outlet", "byline", "published", "url")
#: The name a pasted text is ingested under: Markdown, so a front-matter block at its top is read as on disk.
PASTED_NAME = "pasted-text.md"
_MAX_NAME = 120


class ReadOnlyError(IngestError):
    """Writing was asked for while ``ATLAS_READ_ONLY`` is on."""


@dataclass
class Draft:
    """One input before it is saved: its file ``name`` (safe to use as a file name), the raw ``content``, and —
    when it can be an article — the :class:`Source` read from it and the ``metadata`` the ingest would give it
    (``title, outlet, byline, published, published_precision, url`` …). ``error`` is the ingest's reason when it
    cannot be one; ``notes`` what the reading noted (a date read from "24 April 2019", a title taken from the
    first line…)."""

    name: str
    content: bytes
    source: Source | None = None
    metadata: dict = field(default_factory=dict)
    error: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The article text the ingest would store (empty when the draft is refused)."""
        return self.source.body if self.source is not None else ""


def safe_filename(name: str, default: str = PASTED_NAME) -> str:
    """``name`` as a plain file name: no folders, no control characters, at most ``_MAX_NAME`` characters, and an
    extension ``atlas ingest`` reads (``.txt`` is added to any other, so the text is read as text)."""
    base = Path(str(name).replace("\\", "/")).name
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if ch.isprintable() and ch not in '<>:"|?*')
    base = base.strip(" .") or default
    suffix = Path(base).suffix
    if suffix.lower() not in ARTICLE_EXTENSIONS:
        base, suffix = f"{base}.txt", ".txt"
    stem = base[: -len(suffix)][: _MAX_NAME - len(suffix)] or "article"
    return stem + suffix


def draft_from_bytes(name: str, content: bytes, max_bytes: int = MAX_ARTICLE_BYTES) -> Draft:
    """Read an uploaded file as ``atlas ingest`` would: the text, its metadata and fingerprint, or the refusal."""
    draft = Draft(safe_filename(name), bytes(content))
    with tempfile.TemporaryDirectory(prefix="atlas-draft-") as scratch:
        path = Path(scratch) / draft.name
        path.write_bytes(draft.content)
        try:
            draft.source = read_source(draft.name, path, max_bytes)
        except IngestError as exc:
            draft.error = _reason(exc, draft.name, path)
            return draft
    try:
        draft.metadata = article_metadata(draft.source.meta, {}, draft.source)
    except IngestError as exc:
        # A bad date or "removed" list in the file's own metadata: the form can still fix the date, so the rest
        # is prefilled (the date left unknown) and the reason is shown beside it.
        draft.notes.append(f"{exc}; the date was left unknown")
        draft.metadata = article_metadata({**draft.source.meta, "published": "", "removed": []}, {}, draft.source)
    draft.notes.extend(draft.source.notes)
    return draft


def draft_from_text(text: str, name: str = PASTED_NAME, max_bytes: int = MAX_ARTICLE_BYTES) -> Draft:
    """A pasted text as a draft (read like a ``.md`` file: a front-matter block at its top is its metadata)."""
    return draft_from_bytes(name, text.replace("\r\n", "\n").encode("utf-8"), max_bytes)


def published_value(day: datetime.date | None, precision: str) -> str:
    """The ``published`` string for a date at a precision: ``day`` → ``YYYY-MM-DD``, ``month`` → ``YYYY-MM``,
    ``year`` → ``YYYY``, ``unknown`` (or no date) → empty (the article is then listed as undated)."""
    if day is None or precision == UNKNOWN_DATE:
        return ""
    forms = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}
    if precision not in forms:
        raise ValueError(f"unknown date precision {precision!r}: expected day, month, year or unknown")
    return forms[precision]


def split_published(published: str) -> tuple[datetime.date | None, str]:
    """The reverse of :func:`published_value`: ``"2019-04"`` → ``(date(2019, 4, 1), "month")``; an empty or
    unreadable value → ``(None, "unknown")``."""
    precision = precision_of(published or "")
    if precision is None:
        return None, UNKNOWN_DATE
    padded = {"year": f"{published}-01-01", "month": f"{published}-01", "day": published}[precision]
    try:
        return datetime.date.fromisoformat(padded), precision
    except ValueError:
        return None, UNKNOWN_DATE


def save_drafts(drafts: Sequence[tuple[Draft, dict]], data_dir: str | Path | None = None) -> list[Outcome]:
    """Ingest each ``(draft, form)`` with :func:`geo.store.batch.ingest_batch` — the ``form``'s fields (see
    :data:`FORM_FIELDS`) as its ``overrides`` — and return one :class:`Outcome` per draft, in order, named as the
    draft is.

    One ingest per draft, because ``overrides`` apply to a whole batch and each draft has its own form; each is
    atomic under the data directory's lock, and a draft whose text an earlier one just added is refused as a
    duplicate by the ingest's own check. A draft already refused on reading is not written at all. Raises
    :class:`ReadOnlyError` when ``ATLAS_READ_ONLY`` is on (nothing is written) and
    :class:`~geo.core.errors.DatasetError` when the data directory itself is invalid.
    """
    if read_only():
        raise ReadOnlyError("this installation is read-only (ATLAS_READ_ONLY): nothing was written")
    outcomes: list[Outcome] = []
    for draft, form in drafts:
        if draft.error:
            outcomes.append(Outcome(draft.name, REFUSED, draft.error))
            continue
        overrides = {key: str(form[key]).strip() for key in FORM_FIELDS if form.get(key) is not None}
        with tempfile.TemporaryDirectory(prefix="atlas-draft-") as scratch:
            path = Path(scratch) / draft.name
            path.write_bytes(draft.content)
            try:
                report = ingest_batch([str(path)], data_dir=data_dir, overrides=overrides)
            except IngestError as exc:
                outcomes.append(Outcome(draft.name, REFUSED, _reason(exc, draft.name, path)))
                continue
        outcome = report.outcomes[0]
        outcome.name = draft.name
        outcomes.append(outcome)
    return outcomes


def _reason(exc: IngestError, name: str, path: Path) -> str:
    """The ingest's message without the temporary path (the person knows the file by its name)."""
    message = str(exc).replace(str(path), name).removeprefix(f"{name}: ")
    return message.replace(" — nothing was written", "").replace("; nothing was written", "")
