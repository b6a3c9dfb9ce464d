"""Load the curated dataset into typed tables and validate it once, reporting every problem.

``load_dataset()`` is the only way the rest of the project reads ``data/``: the CLI's ``atlas check``, the routing,
the geoparser's gazetteer and the dashboard all start from the :class:`Dataset` it returns.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo.core.errors import DatasetError, Problem
from geo.core.settings import settings
from geo.dataset.articles import ARTICLE_FIELDS, REQUIRED_FIELDS, ArticleFormatError, parse_article
from geo.dataset.dates import UNKNOWN_DATE
from geo.dataset.schema import LIST_TYPES, TABLES
from geo.dataset.tables import MAX_ARTICLE_BYTES, SLUG, read_checked_text, read_table
from geo.dataset.validate import validate_references

__all__ = ["DATA_DIR_ENV", "Dataset", "default_data_dir", "load_dataset", "load_places", "resolve_data_dir",
           "table_frame"]

DATA_DIR_ENV = "ATLAS_DATA_DIR"
ARTICLES_DIR = "articles"


@dataclass(frozen=True)
class Dataset:
    """The validated dataset: one DataFrame per table (columns as in docs/data-model.md).

    Every table has a ``_line`` column (the row's line in its file) and ``places`` a ``file`` column, so that later
    stages can point users at the exact row. ``warnings`` are problems that do not make the data invalid.
    """

    data_dir: Path
    articles: pd.DataFrame
    places: pd.DataFrame
    sources: pd.DataFrame
    events: pd.DataFrame
    event_sources: pd.DataFrame
    journeys: pd.DataFrame
    stops: pd.DataFrame
    rail_segments: pd.DataFrame
    #: people's review of the mentions (``corrections.csv``; empty when the file is absent)
    corrections: pd.DataFrame
    warnings: tuple[Problem, ...] = field(default=())

    def counts(self) -> dict[str, int]:
        """Row counts per table (the summary ``atlas check`` prints)."""
        return {"articles": len(self.articles), "places": len(self.places), "events": len(self.events),
                "journeys": len(self.journeys), "stops": len(self.stops), "sources": len(self.sources),
                "event_sources": len(self.event_sources), "rail_segments": len(self.rail_segments),
                "corrections": len(self.corrections)}


def default_data_dir() -> Path:
    """The bundled ``data/`` directory next to the ``geo`` package (the repository checkout)."""
    return Path(__file__).resolve().parents[2] / "data"


def resolve_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """The data directory to use: the argument, else ``$ATLAS_DATA_DIR``, else the bundled ``data/``.

    Without an argument it reads the settings, so it raises :class:`~geo.core.errors.SettingsError` when any
    ``ATLAS_*`` variable is invalid (``ATLAS_DATA_DIR`` set but empty, say): :mod:`geo.core.settings` checks them all.
    """
    if data_dir:
        return Path(data_dir)
    configured = settings().data_dir
    return configured if configured is not None else default_data_dir()


def load_dataset(data_dir: str | os.PathLike | None = None) -> Dataset:
    """Read and validate every table; raise :class:`DatasetError` listing all problems found.

    Never writes anything. Warnings (e.g. an orphan mention cache) are returned on ``Dataset.warnings``.
    """
    root = resolve_data_dir(data_dir)
    if not root.is_dir():
        raise DatasetError([Problem(str(root), None, None, None, "data directory does not exist",
                                    f"pass --data-dir or set {DATA_DIR_ENV} to a directory holding places.csv etc.")])
    problems: list[Problem] = []
    warnings: list[Problem] = []
    rows = {name: read_table(root, spec, problems) for name, spec in TABLES.items()}
    articles, unreadable = _read_articles(root, problems)
    for name in ("places", "rail_stations"):
        for row in rows[name] or []:
            row["file"] = TABLES[name].file
    rows["places"] = (rows["places"] or []) + (rows.pop("rail_stations") or [])
    tables = {name: table_frame(name, table or []) for name, table in rows.items()}
    tables["articles"] = articles
    validate_references(tables, problems, warnings, unreadable_articles=unreadable)
    _check_mention_caches(root, set(articles["id"]) | unreadable, warnings)
    if problems:
        raise DatasetError(problems)
    return Dataset(data_dir=root, warnings=tuple(warnings), **tables)


def load_places(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The ``places`` table alone (``places.csv`` and ``rail_stations.csv``, each row checked), without reading
    the articles: what a geoparsing worker needs to build its gazetteer (a full :func:`load_dataset` of 10,000
    articles takes seconds). Raises :class:`DatasetError` for a problem in those two files."""
    root = resolve_data_dir(data_dir)
    problems: list[Problem] = []
    rows = []
    for name in ("places", "rail_stations"):
        for row in read_table(root, TABLES[name], problems) or []:
            row["file"] = TABLES[name].file
            rows.append(row)
    if problems:
        raise DatasetError(problems)
    return table_frame("places", rows)


def table_frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """The rows of table ``name`` (as :func:`~geo.dataset.tables.read_table` gives them) as the DataFrame
    :class:`Dataset` holds: typed columns, missing text as "" (never NaN), a ``_line`` column."""
    spec = TABLES["places" if name == "places" else name]
    columns = [*spec.names, "_line"] + (["file"] if name == "places" else [])
    frame = pd.DataFrame(rows, columns=columns)
    for column in spec.columns:
        if column.type == "int":
            frame[column.name] = frame[column.name].astype("Int64")
        elif column.type in ("float", "lat", "lon"):
            frame[column.name] = frame[column.name].astype("float64")
        elif column.type not in LIST_TYPES:
            # Missing text is "" (never NaN), so callers can test truthiness and concatenate safely.
            frame[column.name] = frame[column.name].fillna("").astype(object)
    return frame


def _read_articles(root: Path, problems: list[Problem]) -> tuple[pd.DataFrame, set[str]]:
    """The readable articles, and the ids (file stems) of article files that could not be read."""
    folder = root / ARTICLES_DIR
    columns = [*ARTICLE_FIELDS, "text", "path", "text_sha256", "_line"]
    if not folder.is_dir():
        problems.append(Problem(f"{ARTICLES_DIR}/", None, None, None, "articles directory is missing",
                                f"create {ARTICLES_DIR}/ with one <article-id>.md file per article"))
        return pd.DataFrame(columns=columns), set()
    records, unreadable = [], set()
    for path in sorted(folder.iterdir()):
        rel = f"{ARTICLES_DIR}/{path.name}"
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix != ".md":
            problems.append(Problem(rel, None, None, None, "is not an article file (articles end in .md)",
                                    "move it out of articles/, or add it with `atlas ingest`"))
            continue
        record = _read_article(path, rel, problems)
        if record is None:
            unreadable.add(path.stem)
        else:
            records.append(record)
    return pd.DataFrame(records, columns=columns), unreadable


def _read_article(path: Path, rel: str, problems: list[Problem]) -> dict | None:
    raw = read_checked_text(path, rel, MAX_ARTICLE_BYTES, problems)
    if raw is None:
        return None
    try:
        meta = parse_article(raw, path)
    except ArticleFormatError as exc:
        problems.append(Problem(rel, exc.line, exc.field, None, str(exc), exc.fix))
        return None
    ok = True
    for key in REQUIRED_FIELDS:
        if key == "published" and meta.get("published") == "" and meta.get("published_precision") == UNKNOWN_DATE:
            continue  # an undated article: its date is declared unknown, not forgotten
        if not meta.get(key):
            problems.append(Problem(rel, _meta_line(raw, key), key, meta.get(key), f"front matter lacks {key!r}",
                                    f'add a line {key} = "..." to the front matter'))
            ok = False
    for key, expected in ARTICLE_FIELDS.items():
        value = meta.get(key)
        if value is not None and not isinstance(value, expected):
            problems.append(Problem(rel, _meta_line(raw, key), key, value,
                                    f"{key} must be a {'list of strings' if expected is list else 'string'}",
                                    f'write {key} = {"[...]" if expected is list else chr(34) + "..." + chr(34)}'))
            ok = False
    if isinstance(meta.get("id"), str) and meta["id"] != path.stem:
        problems.append(Problem(rel, _meta_line(raw, "id"), "id", meta["id"], "id differs from the file name",
                                f"rename the file to {meta['id']}.md or set id = {path.stem!r}"))
        ok = False
    if isinstance(meta.get("id"), str) and not SLUG.fullmatch(meta["id"]):
        problems.append(Problem(rel, _meta_line(raw, "id"), "id", meta["id"], "id is not a valid slug",
                                "use lower-case letters, digits and hyphens"))
        ok = False
    if not meta.get("text", "").strip():
        problems.append(Problem(rel, None, "text", None, "article has no text after the front matter",
                                "paste the article text below the closing +++ line"))
        ok = False
    if not ok:
        return None
    record = {key: meta.get(key, [] if expected is list else "") for key, expected in ARTICLE_FIELDS.items()}
    record["removed"] = tuple(record["removed"])
    record.update(text=meta["text"], path=str(path), _line=_meta_line(raw, "published") or 1,
                  text_sha256=hashlib.sha256(meta["text"].encode("utf-8")).hexdigest())
    return record


def _meta_line(raw: str, key: str) -> int | None:
    for number, line in enumerate(raw.split("\n")[:200], start=1):
        if line.split("=", 1)[0].strip() == key:
            return number
    return None


def _check_mention_caches(root: Path, article_ids: set[str], warnings: list[Problem]) -> None:
    folder = root / "mentions"
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.json")):
        if path.stem not in article_ids:
            warnings.append(Problem(f"mentions/{path.name}", None, None, None,
                                    "mention cache for an article that does not exist (left by an interrupted "
                                    "ingest?)", "ignored; delete it or run `atlas reindex`"))
