"""What a user hands ``atlas ingest``: files, folders (searched recursively) and standard input, read into
:class:`Source` objects — the article text, its metadata and its fingerprint — or refused with the reason.

Formats, chosen by extension:

* ``.txt``, ``.md``, ``.markdown`` (and standard input): the text, with an optional front-matter block — TOML
  between ``+++`` lines, or YAML between ``---`` lines (PyYAML's ``safe_load``: lists, quoted titles and comments
  are YAML's, not a hand-written ``key: value`` reading).
* ``.html``, ``.htm``: a saved web page; trafilatura extracts the main text (no navigation, adverts or footer),
  the title, the date, the byline, the site name and the URL.

Nothing here touches the data directory: reading and checking every input happens before the batch takes the
lock (:mod:`geo.store.batch`).
"""

from __future__ import annotations

import datetime
import hashlib
import sys
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from geo.core.errors import IngestError, Problem
from geo.dataset.tables import MAX_ARTICLE_BYTES, read_checked_text

__all__ = ["ARTICLE_EXTENSIONS", "MIB", "Source", "expand_inputs", "normalised_text_sha256", "read_input",
           "read_source", "split_front_matter"]

MIB = 1024 * 1024
#: The extensions a folder is searched for (any file named on the command line is read whatever its name).
ARTICLE_EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm")
_HTML = (".html", ".htm")
STDIN = "-"


@dataclass
class Source:
    """One input: ``name`` (the path as given, or ``<stdin>``), its article text (``body``), the metadata it
    carries (front matter or the page's), its fingerprint, and notes for the report."""

    name: str
    body: str
    meta: dict
    fingerprint: str
    notes: list[str] = field(default_factory=list)


def expand_inputs(paths: Iterable[str]) -> Iterator[tuple[str, Path | None]]:
    """``(name, path)`` for every input: a file as given, a folder's article files (recursively, sorted), ``-``
    as ``("<stdin>", None)``. A path that does not exist is yielded too: reading it gives the refusal."""
    for raw in paths:
        if raw == STDIN:
            yield "<stdin>", None
            continue
        path = Path(raw)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*")
                                if p.is_file() and p.suffix.lower() in ARTICLE_EXTENSIONS
                                and not any(part.startswith(".") for part in p.relative_to(path).parts)):
                yield str(found), found
        else:
            yield raw, path


def read_input(path: str | Path, max_bytes: int = MAX_ARTICLE_BYTES) -> str:
    """The text of one file to ingest; raises :class:`IngestError` with one clear message if it is unusable.

    Refused: missing, unreadable, empty, over ``max_bytes`` (checked before reading), binary (NUL or control
    characters), not UTF-8, or starting with a byte-order mark. Windows line ends become ``\\n``.
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
            hint = f"pass --max-mb {int(source.stat().st_size / MIB) + 1} to raise the cap, or split the article"
        raise IngestError(f"{source}: {problem.message} — nothing was written; {hint}")
    return text


def read_source(name: str, path: Path | None, max_bytes: int = MAX_ARTICLE_BYTES) -> Source:
    """Read and check one input (``path`` None: standard input); raises :class:`IngestError` naming ``name`` and
    the reason when it cannot be an article."""
    text = _read_stdin(max_bytes) if path is None else read_input(path, max_bytes)
    if path is not None and path.suffix.lower() in _HTML:
        meta, body = _from_html(name, text)
    else:
        try:
            meta, body = split_front_matter(text)
        except IngestError as exc:
            raise IngestError(f"{name}: {exc}") from None
    if not body.strip():
        raise IngestError(f"{name}: the file has metadata but no article text — nothing was written")
    return Source(name, body, meta, normalised_text_sha256(body))


def _read_stdin(max_bytes: int) -> str:
    raw = sys.stdin.buffer.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise IngestError(f"<stdin>: more than {max_bytes / MIB:.0f} MiB — pass --max-mb to raise the cap")
    if not raw.strip():
        raise IngestError("<stdin>: no text was given on standard input")
    if b"\x00" in raw:
        raise IngestError("<stdin>: contains NUL bytes: this looks like binary data, not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(f"<stdin>: is not valid UTF-8 (byte offset {exc.start})") from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def split_front_matter(text: str) -> tuple[dict, str]:
    """Split an optional metadata block off the start of ``text``: TOML between ``+++`` lines or YAML between
    ``---`` lines. Returns ``(metadata, body)``; no block → ``({}, text)``. Raises :class:`IngestError` for a block
    that is not valid TOML/YAML or is not a mapping."""
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
    block = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1:]).lstrip("\n")
    if delimiter == "+++":
        try:
            return tomllib.loads(block), body
        except tomllib.TOMLDecodeError as exc:
            raise IngestError(f"front matter is not valid TOML ({exc}); write each field as key = \"value\"") from None
    try:
        meta = yaml.safe_load(block) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise IngestError(f"front matter is not valid YAML{where} ({getattr(exc, 'problem', None) or exc}); "
                          "write each field as key: value, quoting values that contain ': '") from None
    if not isinstance(meta, dict):
        if end == 2 and not block.strip():
            return {}, text
        raise IngestError("front matter between the --- lines is not a set of key: value fields")
    return {str(k): _plain(v) for k, v in meta.items()}, body


def _plain(value: object) -> object:
    """YAML's dates as ISO strings (``published: 2011-08-22`` is a date to YAML); lists kept; the rest as is."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _from_html(name: str, html: str) -> tuple[dict, str]:
    """The main text and metadata of a saved web page (trafilatura)."""
    import trafilatura  # a heavy import (lxml), needed only for web pages

    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                           include_tables=False, favor_precision=True)
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if not text:
        raise IngestError(f"{name}: no article text could be extracted from this web page")
    meta = {}
    for key, attribute in (("title", "title"), ("published", "date"), ("byline", "author"),
                           ("outlet", "sitename"), ("url", "url")):
        value = getattr(document, attribute, None)
        if value:
            meta[key] = str(value).strip()
    return meta, text + "\n"


def normalised_text_sha256(text: str) -> str:
    """SHA-256 of the text with Unicode (NFC), line ends, whitespace runs and curly quotes normalised.

    Two files that differ only in such details are the same article (the duplicate check uses this).
    """
    canon = unicodedata.normalize("NFC", text).replace("\ufeff", "")
    canon = canon.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}))
    return hashlib.sha256(" ".join(canon.split()).encode("utf-8")).hexdigest()
