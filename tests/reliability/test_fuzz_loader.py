"""Property tests of the loader: whatever is written into a data directory, ``load_dataset`` / ``atlas check``
either accept it (and then it really is valid) or report located problems — never another exception, never a
traceback, never a write.

Each example mutates a fresh copy of ``tests/fixtures/mini``: random cell values (coordinates, ids, dates, free
text), raw lines that break the CSV structure, byte garbage, truncation at any byte, random article front matter
and stray article files.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import math
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.cli import main as atlas_main
from geo.core.errors import DatasetError
from geo.dataset import Dataset, load_dataset
from geo.dataset.dates import parse_partial_date
from geo.dataset.schema import TABLES
from geo.dataset.tables import SLUG
from tests.reliability.helpers import MINI, assert_no_traceback, atlas, dataset_copy, tree_digest

CSV_FILES = sorted(spec.file for spec in TABLES.values() if (MINI / spec.file).exists())
ARTICLE = "articles/test-2019-04-24.md"
ALL_FILES = [*CSV_FILES, ARTICLE]

#: Examples per property; the defaults keep the suite quick, ATLAS_FUZZ_EXAMPLES=500 makes a thorough run.
EXAMPLES = int(os.environ.get("ATLAS_FUZZ_EXAMPLES", "30"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- values a hand-edited cell might hold ------------------------------------------------------------------------

NUMBERISH = st.one_of(
    st.sampled_from(["nan", "NaN", "-nan", "inf", "-Infinity", "1e309", "-0", "90", "90.0000001", "-180.5", "181",
                     "0x1F", "1_000", "١٢٣", "４２", " 42 ", "4 2", "42,5", "1e-320", "9" * 5000, "-", ".", "+"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
DATEISH = st.one_of(
    st.sampled_from(["2019-02-29", "2020-02-29", "0000-01-01", "9999-12-31", "2019-13-01", "2019-00-10", "2019-1-1",
                     "٢٠١٩-٠٤-٢٤", "2019-04-24T00:00", "24/04/2019", "2019-04", "1949", "day", "month", "year",
                     "Day", ""]),
    st.dates(min_value=dt.date(1, 1, 1)).map(dt.date.isoformat),
)
IDISH = st.one_of(
    st.sampled_from(["pyongyang", "khasan", "vladivostok", "ussuriysk", "russia", "S54", "test-2019-04-24",
                     "2019-kim-putin-vladivostok", "2019-kim-jong-un-vladivostok", "nowhere", "Pyongyang",
                     "pyong yang", "-x-", "a--b", "İstanbul", "ﬁ", ""]),
    st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True),
)
WEIRD_TEXT = st.text(
    alphabet=st.one_of(st.characters(), st.sampled_from(list(",\"'|\n\r\t\x00\x0b\x0c\x1b\x7f\u2028\ufeff\u202e"))),
    max_size=60)
CELL = st.one_of(NUMBERISH, DATEISH, IDISH, WEIRD_TEXT)


# --- mutations: each returns a function applied to a fresh copy of the dataset -----------------------------------


class Mutation:
    """A named edit of a data directory (named so that Hypothesis prints a readable failing example)."""

    def __init__(self, description: str, apply: Callable[[Path], None]):
        self.description, self.apply = description, apply

    def __call__(self, root: Path) -> None:
        self.apply(root)

    def __repr__(self) -> str:
        return self.description


def _rows(path: Path) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    except (OSError, UnicodeDecodeError, csv.Error):   # an earlier mutation already broke it
        return []


def _write_rows(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8", "surrogatepass"))


@st.composite
def cell_edits(draw) -> Callable[[Path], None]:
    """Replace 1–4 cells (possibly the header) of one CSV table, keeping the CSV well-quoted."""
    file = draw(st.sampled_from(CSV_FILES))
    edits = draw(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 20), CELL), min_size=1, max_size=4))

    def apply(root: Path) -> None:
        rows = _rows(root / file)
        for row_index, column_index, value in edits:
            if rows and (row := rows[row_index % len(rows)]):
                row[column_index % len(row)] = value
        _write_rows(root / file, rows)
    return Mutation(f"cell_edits({file!r}, {edits!r})", apply)


@st.composite
def raw_lines(draw) -> Callable[[Path], None]:
    """Insert an unquoted line (stray commas, quotes, line breaks) into a CSV table."""
    file = draw(st.sampled_from(CSV_FILES))
    position = draw(st.integers(0, 10))
    line = draw(st.one_of(WEIRD_TEXT, st.lists(CELL, max_size=20).map(",".join)))

    def apply(root: Path) -> None:
        lines = (root / file).read_bytes().split(b"\n")
        lines.insert(position % (len(lines) + 1), line.encode("utf-8", "surrogatepass"))
        (root / file).write_bytes(b"\n".join(lines))
    return Mutation(f"raw_line({file!r}, at={position}, {line!r})", apply)


@st.composite
def byte_garbage(draw) -> Callable[[Path], None]:
    """Overwrite a file with random bytes, or splice random bytes in at a random offset."""
    file = draw(st.sampled_from(ALL_FILES))
    garbage = draw(st.binary(max_size=300))
    splice = draw(st.booleans())
    offset = draw(st.integers(0, 5000))

    def apply(root: Path) -> None:
        path = root / file
        if splice:
            data = path.read_bytes()
            at = offset % (len(data) + 1)
            path.write_bytes(data[:at] + garbage + data[at:])
        else:
            path.write_bytes(garbage)
    return Mutation(f"byte_garbage({file!r}, {garbage!r}, {'splice at ' + str(offset) if splice else 'overwrite'})",
                    apply)


@st.composite
def truncations(draw) -> Callable[[Path], None]:
    """Cut a file at any byte — possibly inside a multi-byte character, a quoted field or the front matter."""
    file = draw(st.sampled_from(ALL_FILES))
    fraction = draw(st.floats(0, 1))

    def apply(root: Path) -> None:
        path = root / file
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * fraction)])
    return Mutation(f"truncate({file!r}, keep={fraction:.3f})", apply)


TOML_SCALAR = st.one_of(
    WEIRD_TEXT, CELL, st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.dates(), st.datetimes())
TOML_VALUE = st.one_of(TOML_SCALAR, st.lists(TOML_SCALAR, max_size=3),
                       st.dictionaries(st.from_regex(r"[a-z]{1,5}", fullmatch=True), TOML_SCALAR, max_size=2))
FIELD_NAMES = st.sampled_from(["id", "title", "outlet", "byline", "published", "published_precision", "date_note",
                               "dateline", "dateline_place_id", "url", "source_file", "removed", "notes", "text",
                               "extra"])


def _toml(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return ("nan" if math.isnan(value) else "inf" if value > 0 else "-inf") if not math.isfinite(value) \
            else repr(value)
    if isinstance(value, int | dt.date | dt.datetime):
        return str(value).replace(" ", "T") if not isinstance(value, int) else str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return "{" + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + "}"


@st.composite
def front_matter(draw) -> Callable[[Path], None]:
    """Rewrite the article's front matter: some valid fields replaced by random TOML values or raw lines."""
    base = {"id": "test-2019-04-24", "title": "Test article", "outlet": "Test Wire", "published": "2019-04-24",
            "published_precision": "day"}
    changes = draw(st.dictionaries(FIELD_NAMES, TOML_VALUE, max_size=4))
    drop = draw(st.lists(st.sampled_from(sorted(base)), max_size=2))
    raw = draw(st.lists(WEIRD_TEXT, max_size=2))
    body = draw(st.one_of(st.just("Kim’s armoured train crossed at Khasan."), WEIRD_TEXT,
                          WEIRD_TEXT.map(lambda s: "Kim’s armoured train crossed at Khasan." + s)))
    stem = draw(st.one_of(st.just("test-2019-04-24"), IDISH.filter(bool)))

    def apply(root: Path) -> None:
        fields = {k: v for k, v in base.items() if k not in drop} | changes
        lines = ["+++", *(f"{k} = {_toml(v)}" for k, v in fields.items()), *raw, "+++", body]
        target = root / "articles" / f"{stem}.md"
        target.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
    return Mutation(f"front_matter(file={stem!r}.md, drop={drop!r}, set={changes!r}, raw={raw!r}, body={body!r})",
                    apply)


MUTATIONS = st.one_of(cell_edits(), raw_lines(), byte_garbage(), truncations(), front_matter())


# --- the properties ------------------------------------------------------------------------------------------------


def _line_count(path: Path) -> int:
    return path.read_bytes().count(b"\n") + 1 if path.is_file() else 0


def assert_loads_or_reports(root: Path) -> Dataset | None:
    """``load_dataset`` returns a genuinely valid Dataset, or raises DatasetError of located, readable problems."""
    try:
        dataset = load_dataset(root)
    except DatasetError as exc:
        problems = exc.problems
    else:
        assert isinstance(dataset, Dataset)
        assert_really_valid(dataset)
        return dataset
    assert problems, "DatasetError without problems"
    for problem in problems:
        assert isinstance(problem.file, str), problem
        assert problem.file.strip(), problem
        assert isinstance(problem.message, str), problem
        assert problem.message.strip(), problem
        json.dumps(problem.to_dict(), ensure_ascii=False)   # `atlas check --json` must be able to print it
        assert str(problem)
        if problem.line is not None and (root / problem.file).is_file():
            assert 1 <= problem.line <= _line_count(root / problem.file), problem
    return None


def assert_really_valid(dataset: Dataset) -> None:
    """What "it loaded" promises: coordinates finite and in range, ids unique slugs, references resolve."""
    places = dataset.places
    assert places["lat"].between(-90, 90).all(), places[["id", "lat"]]
    assert places["lon"].between(-180, 180).all(), places[["id", "lon"]]
    assert places["id"].is_unique
    assert all(SLUG.fullmatch(i) for i in places["id"])
    ids = set(places["id"])
    assert set(dataset.events["venue_place_id"]) <= ids
    assert set(dataset.stops["place_id"]) <= ids
    assert set(dataset.articles["id"]) == {Path(p).stem for p in dataset.articles["path"]}
    texts = dict(zip(dataset.articles["id"], dataset.articles["text"], strict=True))
    for table in (dataset.event_sources, dataset.stops):
        for article_id, quote in zip(table["article_id"], table["quote"], strict=True):
            if quote:
                assert quote in texts[article_id]
    for value in dataset.articles["published"]:
        parse_partial_date(value)   # a loaded article's date must be a real date


def test_fixture_is_valid_to_start_with() -> None:
    assert load_dataset(MINI) is not None


@FUZZ
@given(mutations=st.lists(MUTATIONS, min_size=1, max_size=3))
def test_loader_accepts_or_reports_located_problems_and_never_writes(mutations) -> None:
    with dataset_copy() as root:
        for mutate in mutations:
            mutate(root)
        before = tree_digest(root)
        assert_loads_or_reports(root)
        assert tree_digest(root) == before


@settings(max_examples=max(EXAMPLES * 2 // 3, 1), deadline=None)
@given(mutations=st.lists(MUTATIONS, min_size=1, max_size=2))
def test_check_command_exits_0_or_1_with_json_and_never_writes(mutations) -> None:
    with dataset_copy() as root:
        for mutate in mutations:
            mutate(root)
        before = tree_digest(root)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = atlas_main(["check", "--json", "--data-dir", str(root)])
        assert code in (0, 1)
        report = json.loads(out.getvalue())
        assert report["valid"] is (code == 0)
        assert tree_digest(root) == before


@settings(max_examples=max(EXAMPLES // 10, 2), deadline=None)
@given(mutations=st.lists(MUTATIONS, min_size=1, max_size=2))
def test_check_subprocess_never_shows_a_traceback(mutations) -> None:
    with dataset_copy() as root:
        for mutate in mutations:
            mutate(root)
        before = tree_digest(root)
        result = atlas("check", "--data-dir", str(root))
        assert result.returncode in (0, 1), result.stderr[-4000:]
        assert_no_traceback(result)
        if result.returncode == 1:
            assert "problem" in result.stderr
        assert tree_digest(root) == before


# Inputs found by the properties above (or by reading the loader), kept as plain regression cases.
REGRESSIONS = [
    pytest.param(ARTICLE, 'published = "2019-04-24"', 'published = "2019-02-30"', id="article-published-feb-30"),
    pytest.param(ARTICLE, 'published = "2019-04-24"', 'published = "2019-13-01"', id="article-published-month-13"),
    pytest.param(ARTICLE, 'published = "2019-04-24"\npublished_precision = "day"',
                 'published = "0000"\npublished_precision = "year"', id="article-published-year-0"),
]


@pytest.mark.parametrize(("file", "old", "new"), REGRESSIONS)
def test_regression_inputs(file: str, old: str, new: str) -> None:
    with dataset_copy() as root:
        path = root / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture changed: {old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        assert_loads_or_reports(root)
