"""Article files: a TOML front-matter block between ``+++`` lines, then the article text, byte for byte."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

__all__ = ["ARTICLE_FIELDS", "FRONT_MATTER_DELIMITER", "ArticleFormatError", "parse_article", "render_article"]

FRONT_MATTER_DELIMITER = "+++"

#: Front-matter keys and their types, in the order :func:`render_article` writes them.
ARTICLE_FIELDS: dict[str, type] = {
    "id": str, "title": str, "outlet": str, "byline": str, "published": str, "published_precision": str,
    "date_note": str, "dateline": str, "dateline_place_id": str, "url": str, "source_file": str,
    "removed": list, "notes": str,
}
REQUIRED_FIELDS = ("id", "title", "outlet", "published", "published_precision")


class ArticleFormatError(ValueError):
    """An article file whose front matter cannot be read; ``line`` is the 1-based line of the problem."""

    def __init__(self, message: str, line: int | None = None, field: str | None = None, fix: str = ""):
        super().__init__(message)
        self.line, self.field, self.fix = line, field, fix


def parse_article(raw: str, path: str | Path = "<article>") -> dict:
    """Split an article file into its metadata dict plus ``text`` (everything after the closing ``+++`` line).

    Raises ArticleFormatError (with the line number) for a missing or malformed front-matter block.
    """
    lines = raw.split("\n")
    if not lines or lines[0].rstrip("\r") != FRONT_MATTER_DELIMITER:
        raise ArticleFormatError(
            f"does not start with a {FRONT_MATTER_DELIMITER!r} front-matter line", 1,
            fix=f"begin the file with {FRONT_MATTER_DELIMITER!r}, the TOML metadata, then {FRONT_MATTER_DELIMITER!r}")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip("\r") == FRONT_MATTER_DELIMITER)
    except StopIteration:
        raise ArticleFormatError(
            f"front matter is never closed by a {FRONT_MATTER_DELIMITER!r} line", len(lines),
            fix=f"add a {FRONT_MATTER_DELIMITER!r} line between the metadata and the text") from None
    try:
        meta = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise ArticleFormatError(f"front matter is not valid TOML: {exc}", None if line is None else line + 1,
                                 fix='write each field as key = "value"') from None
    text = "\n".join(lines[end + 1:])
    return {**meta, "text": text}


def render_article(meta: dict, text: str) -> str:
    """The file contents for an article: front matter (known keys first, in order) then ``text`` unchanged."""
    keys = [k for k in ARTICLE_FIELDS if k in meta] + sorted(k for k in meta if k not in ARTICLE_FIELDS)
    out = [FRONT_MATTER_DELIMITER]
    for key in keys:
        if key == "text":
            continue
        out.append(f"{key} = {_toml_value(meta[key])}")
    out.append(FRONT_MATTER_DELIMITER)
    return "\n".join(out) + "\n" + text


def _toml_value(value: object) -> str:
    # json.dumps of a str is a valid TOML basic string (both use \" \\ \n \uXXXX escapes).
    if isinstance(value, str):
        # TOML also forbids a raw DEL character, which JSON leaves alone.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} {value!r} to front matter")
