"""The tables' contract, column by column: which cells must be filled, which may be left empty, which files may be
absent. Written out here (not read from ``geo.dataset.schema``) so that a change to the schema shows up as a test
to update, not as a silently looser loader."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from geo.core.errors import DatasetError, Problem
from geo.dataset import load_dataset

ARTICLE_ID = "test-2019-04-24"
PLACE_REQUIRED = {"id", "name", "kind", "lat", "lon", "coord_source"}
REQUIRED = {
    "places.csv": PLACE_REQUIRED,
    "rail_stations.csv": PLACE_REQUIRED,
    "sources.csv": {"key", "title", "publisher"},
    "events.csv": {"id", "kind", "title", "start", "start_precision", "end_precision", "leaders", "parties",
                   "venue_place_id", "mode", "summary"},
    "event_sources.csv": {"event_id"},
    "journeys.csv": {"id", "event_id", "title", "traveller"},
    "journey_stops.csv": {"journey_id", "seq", "place_id"},
    "rail_segments.csv": {"line", "from_id", "to_id", "km", "km_basis"},
    "corrections.csv": {"article_id", "start", "end", "surface", "action"},
}
OPTIONAL_FILES = {"rail_stations.csv", "rail_segments.csv", "corrections.csv"}


def add_corrections(root: Path) -> None:
    """A valid ``corrections.csv``: one accepted mention of Khasan in the fixture article."""
    raw = (root / "articles" / f"{ARTICLE_ID}.md").read_text(encoding="utf-8")
    text = raw.split("+++\n", 2)[2]
    start = text.index("Khasan")
    (root / "corrections.csv").write_text(
        "article_id,start,end,surface,action,place_id,note,time\n"
        f"{ARTICLE_ID},{start},{start + 6},Khasan,accept,khasan,,\n", encoding="utf-8")


def blank_cell(path: Path, column: str) -> int:
    """Empty ``column`` in the last row of the CSV file; returns that row's line number."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[-1][rows[0].index(column)] = ""
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return len(rows)


def problems_of(root: Path) -> list[Problem]:
    try:
        load_dataset(root)
    except DatasetError as exc:
        return list(exc.problems)
    return []


def _cells() -> list[tuple[str, str]]:
    return [(file, column) for file in REQUIRED for column in _header(file)]


def _header(file: str) -> list[str]:
    if file == "corrections.csv":
        return ["article_id", "start", "end", "surface", "action", "place_id", "note", "time"]
    mini = Path(__file__).resolve().parents[1] / "fixtures" / "mini" / file
    return mini.read_text(encoding="utf-8").split("\n", 1)[0].split(",")


def test_the_fixture_with_corrections_is_valid(mini_dir: Path) -> None:
    add_corrections(mini_dir)
    assert load_dataset(mini_dir).counts()["corrections"] == 1


@pytest.mark.parametrize(("file", "column"), _cells(), ids=[f"{f}:{c}" for f, c in _cells()])
def test_a_required_cell_left_empty_is_reported_and_an_optional_one_is_not(mini_dir: Path, file: str,
                                                                            column: str) -> None:
    add_corrections(mini_dir)
    line = blank_cell(mini_dir / file, column)
    empty = [p for p in problems_of(mini_dir)
             if (p.file, p.line, p.field, p.message) == (file, line, column, f"{column} is empty")
             and p.fix == f"every row needs a {column}"]
    if column in REQUIRED[file]:
        assert len(empty) == 1, f"{file} {column}: an empty required cell is not reported"
    else:
        assert empty == [], f"{file} {column}: an optional cell is reported as required"


@pytest.mark.parametrize("file", sorted(REQUIRED))
def test_only_the_optional_files_may_be_absent(mini_dir: Path, file: str) -> None:
    (mini_dir / file).unlink(missing_ok=True)
    missing = [p for p in problems_of(mini_dir) if p.file == file and p.message == "file is missing"]
    assert len(missing) == (0 if file in OPTIONAL_FILES else 1)
