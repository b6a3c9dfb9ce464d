"""People's review of the geoparser, kept as data: recorded in ``corrections.csv``, laid over every mention table.

Recogito-style verification (docs/review.md): for each mention a person can *accept* the engine's place,
*correct* it to another one (another candidate, a gazetteer search hit, or a place they add to ``places.csv`` with
``coord_source`` "user: …"), *reject* it as not a place, or *add* a name the engine missed.

The engine's caches (``data/mentions``) stay what the engine says, so ``atlas reindex`` is reproducible; the
decisions are applied by :func:`apply_corrections` wherever mentions are loaded (``load_mentions``, ``atlas
reindex``, ``atlas geoparse`` of a corpus article, the dashboard, the exports), so they survive every rebuild.
Every mention row carries its ``review`` status: unreviewed, accepted, corrected, rejected or added.

Writes (:func:`record_corrections`) hold the data directory's lock, check the would-be files in memory against the
articles and places, and replace the CSV files atomically: a bad decision is refused with the file, line and fix,
and loses nothing.
"""

from __future__ import annotations

import csv
import io
import math
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from geo.core.atomic import atomic_write_text, data_dir_lock
from geo.core.errors import DatasetError, Problem
from geo.dataset import Dataset
from geo.dataset.corrections import CORRECTION_ACTIONS, LONG_TAIL_ID, PLACE_ACTIONS, check_corrections
from geo.dataset.loader import table_frame
from geo.dataset.schema import TABLES
from geo.dataset.tables import read_table

__all__ = ["ACTION_STATUS", "REVIEW_STATES", "Correction", "apply_corrections", "long_tail_problems",
           "record_corrections", "user_place_row"]

#: A mention's review status, in the order the dashboard lists them.
REVIEW_STATES = ("unreviewed", "accepted", "corrected", "rejected", "added")
#: The status a decision gives its mention.
ACTION_STATUS = {"accept": "accepted", "correct": "corrected", "reject": "rejected", "add": "added"}
_PLACE_FIELDS = ("name", "lat", "lon", "country", "kind")


@dataclass(frozen=True)
class Correction:
    """One decision about the span ``[start, end)`` of an article (``surface`` is the text there)."""

    article_id: str
    start: int
    end: int
    surface: str
    action: str
    place_id: str = ""
    note: str = ""
    time: str = ""

    def __post_init__(self) -> None:
        if self.action not in CORRECTION_ACTIONS:
            raise ValueError(f"action must be one of {', '.join(CORRECTION_ACTIONS)}, not {self.action!r}")

    def stamped(self) -> Correction:
        """This decision with the current UTC time when it has none."""
        if self.time:
            return self
        now = datetime.now(UTC).replace(microsecond=0).isoformat()
        return Correction(**{**asdict(self), "time": now})


def apply_corrections(frame: pd.DataFrame, dataset: Dataset, *, long_tail=None) -> pd.DataFrame:
    """``frame`` (the mentions table) with every correction of ``dataset`` applied and a ``review`` column.

    A span the engine found takes the decision (rejected: no place; otherwise the named place, confidence 1);
    a place-naming decision on a span the engine did not find replaces the engine's mentions that overlap it and
    adds the mention with its passage. Long-tail places (``geonames:<id>``) are read from ``long_tail`` (default:
    the shared GeoNames index, loaded only if a correction names one).
    """
    out = frame.assign(review="unreviewed") if "review" not in frame else frame.copy()
    corrections = dataset.corrections
    if corrections.empty:
        return out
    places = _place_fields(dataset, corrections, long_tail)
    texts = dict(zip(dataset.articles["id"], dataset.articles["text"], strict=True))
    rows_of = out.groupby("article_id", sort=False).indices if len(out) else {}
    drop: list[int] = []
    added: list[dict] = []
    for article_id, decisions in corrections.groupby("article_id", sort=False):
        text = texts.get(article_id)
        if text is None:
            continue
        index = out.index[rows_of[article_id]] if article_id in rows_of else out.index[:0]
        starts, ends = out.loc[index, "start"].to_numpy(), out.loc[index, "end"].to_numpy()
        for c in decisions.itertuples(index=False):
            exact = index[(starts == c.start) & (ends == c.end)]
            status = ACTION_STATUS[c.action]
            if c.action == "reject":
                for column in ("place_id", "name", "country", "kind"):
                    out.loc[exact, column] = None
                out.loc[exact, ["lat", "lon"]] = math.nan
                out.loc[exact, "review"] = status
                continue
            place = places.get(c.place_id)
            if place is None:  # an unknown long-tail id: atlas check reports it; the engine's answer stands
                continue
            overlapping = index[(starts < c.end) & (ends > c.start) & ~((starts == c.start) & (ends == c.end))]
            drop.extend(overlapping.tolist())
            if len(exact):
                out.loc[exact, ["place_id", *_PLACE_FIELDS, "confidence", "review"]] = [
                    c.place_id, *place, 1.0, status]
            else:
                added.append(_new_mention(article_id, text, c, place, status))
    if drop:
        out = out.drop(index=sorted(set(drop)))
    if added:
        out = pd.concat([out, pd.DataFrame(added, columns=out.columns)], ignore_index=True)
        out = out.sort_values(["article_id", "start"], kind="stable", ignore_index=True)
    return out


def _new_mention(article_id: str, text: str, c, place: tuple, status: str) -> dict:
    from geo.geoparse import passage_bounds  # loaded only when a decision adds a mention

    p_start, p_end = passage_bounds(text, c.start, c.end)
    return {"article_id": article_id, "start": c.start, "end": c.end, "surface": c.surface, "place_id": c.place_id,
            **dict(zip(_PLACE_FIELDS, place, strict=True)), "confidence": 1.0, "passage_start": p_start,
            "passage_end": p_end, "review": status}


def _place_fields(dataset: Dataset, corrections: pd.DataFrame, long_tail) -> dict[str, tuple]:
    """Place id → (name, lat, lon, country, kind) for every place the corrections name."""
    wanted = set(corrections["place_id"]) - {"", None}
    curated = dataset.places[dataset.places["id"].isin(wanted)]
    found = {row.id: (row.name, float(row.lat), float(row.lon), row.country or None, row.kind)
             for row in curated.itertuples(index=False)}
    rest = sorted(p for p in wanted - set(found) if LONG_TAIL_ID.fullmatch(p))
    if rest:
        if long_tail is None:
            from geo.gazetteer.longtail import default_long_tail

            long_tail = default_long_tail()
        for place_id in rest:
            rec = long_tail.by_id(place_id)
            if rec is not None:
                found[place_id] = (rec.name, rec.lat, rec.lon, rec.country or None, rec.kind)
    return found


def long_tail_problems(dataset: Dataset, *, long_tail=None) -> list[Problem]:
    """A Problem for each correction naming a long-tail id the GeoNames index does not hold (``atlas check``)."""
    corrections = dataset.corrections
    ids = corrections["place_id"][corrections["place_id"].map(lambda p: bool(p and LONG_TAIL_ID.fullmatch(p)))]
    if ids.empty:
        return []
    if long_tail is None:
        from geo.gazetteer.longtail import default_long_tail

        long_tail = default_long_tail()
    return [Problem("corrections.csv", int(corrections.loc[i, "_line"]), "place_id", place_id,
                    "place_id names no place in the GeoNames index",
                    "check the GeoNames id, or add the place to places.csv and use its id")
            for i, place_id in ids.items() if long_tail.by_id(place_id) is None]


def user_place_row(place_id: str, name: str, kind: str, lat: float, lon: float, country: str,
                   coord_source: str, note: str = "") -> dict:
    """A ``places.csv`` row for a place a person adds; ``coord_source`` says where the point comes from and is
    prefixed "user: " so that reviewers can tell added places from curated ones."""
    source = coord_source.strip()
    if not source.lower().startswith("user"):
        source = f"user: {source}" if source else "user"
    return {"id": place_id, "name": name.strip(), "aliases": "", "kind": kind, "lat": f"{lat:.5f}",
            "lon": f"{lon:.5f}", "country": country.strip().upper(), "geonames_id": "", "population": "",
            "coord_source": source, "extent_km": "", "parent_id": "", "uncertain": "", "note": note}


def record_corrections(data_dir: str | Path, dataset: Dataset, decisions: Sequence[Correction],
                       new_places: Iterable[dict] = ()) -> Path:
    """Record ``decisions`` (and the ``places.csv`` rows they need) in the data directory; return the
    corrections file.

    A decision replaces any earlier one on the same span, and a place-naming one also replaces earlier
    place-naming decisions whose span overlaps it (so "London, Ontario" can supersede "London"). The would-be
    files are checked against ``dataset``'s articles and places before anything is written; a problem raises
    :class:`DatasetError` and changes nothing.
    """
    root = Path(data_dir)
    decisions = [d.stamped() for d in decisions]
    new_places = list(new_places)
    with data_dir_lock(root):
        spec = TABLES["corrections"]
        kept = [row for row in _raw_rows(root / spec.file) if not any(_superseded(row, d) for d in decisions)]
        rows = kept + [{k: str(v) for k, v in asdict(d).items()} for d in decisions]
        corrections_text = _render(spec.names, rows)
        places_text = None
        if new_places:
            places_spec = TABLES["places"]
            places_text = _render(places_spec.names, _raw_rows(root / places_spec.file) + new_places)
        _check_would_be(dataset, corrections_text, places_text, {row["id"] for row in new_places})
        if places_text is not None:
            atomic_write_text(root / TABLES["places"].file, places_text)
        atomic_write_text(root / spec.file, corrections_text)
    return root / spec.file


def _superseded(row: dict, decision: Correction) -> bool:
    if row["article_id"] != decision.article_id:
        return False
    start, end = int(row["start"]), int(row["end"])
    if (start, end) == (decision.start, decision.end):
        return True
    overlaps = start < decision.end and end > decision.start
    return overlaps and decision.action in PLACE_ACTIONS and row["action"] in PLACE_ACTIONS


def _raw_rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _render(columns: Sequence[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows({c: row.get(c, "") or "" for c in columns} for row in rows)
    return buffer.getvalue()


def _check_would_be(dataset: Dataset, corrections_text: str, places_text: str | None, new_ids: set[str]) -> None:
    """The checks ``atlas check`` would run on the new files, without reading the articles again."""
    problems: list[Problem] = []
    place_ids = set(dataset.places["id"])
    problems.extend(Problem("places.csv", None, "id", place_id, "id is already taken by another place",
                            "choose another id") for place_id in sorted(new_ids & place_ids))
    with tempfile.TemporaryDirectory(prefix="atlas-correct-") as scratch:
        folder = Path(scratch)
        (folder / TABLES["corrections"].file).write_text(corrections_text, encoding="utf-8")
        if places_text is not None:
            (folder / TABLES["places"].file).write_text(places_text, encoding="utf-8")
            rows = read_table(folder, TABLES["places"], problems) or []
            for row in rows:
                if row["kind"] not in ("region", "water") and row["kind"] and not row["country"]:
                    problems.append(Problem("places.csv", row["_line"], "country", "", "country is empty",
                                            "give the ISO 3166-1 alpha-2 code, e.g. RU"))
            place_ids |= {row["id"] for row in rows}
        rows = read_table(folder, TABLES["corrections"], problems) or []
    frame = table_frame("corrections", rows)
    texts = dict(zip(dataset.articles["id"], dataset.articles["text"], strict=True))
    check_corrections(frame, texts, place_ids, problems)
    if problems:
        raise DatasetError(problems)
