"""Reading one file strictly (``geo.dataset.tables``): what is refused before parsing (size, encoding, binary), the
CSV structure, and each cell type's limits — every refusal located at its line with a fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo.core.errors import DatasetError, Problem
from geo.dataset import load_dataset
from geo.dataset.schema import Column, TableSpec
from geo.dataset.tables import check_url, read_checked_text, read_table, slugify

SPEC = TableSpec("t.csv", (
    Column("id", "slug", True), Column("n", "int"), Column("x", "float"), Column("lat", "lat"), Column("lon", "lon"),
    Column("tags", "list"), Column("url", "url"), Column("urls", "url_list"),
    Column("kind", "enum", False, ("city", "station")), Column("p", "precision"), Column("d", "date"),
    Column("c", "country"),
))
HEADER = "id,n,x,lat,lon,tags,url,urls,kind,p,d,c"
EMPTY_ROW = "a,,,,,,,,,,,"


def read(tmp_path: Path, text: str, spec: TableSpec = SPEC) -> tuple[list[dict] | None, list[Problem]]:
    (tmp_path / spec.file).write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    return read_table(tmp_path, spec, problems), problems


def checked(tmp_path: Path, data: bytes, max_bytes: int = 1000) -> tuple[str | None, list[tuple]]:
    path = tmp_path / "f.txt"
    path.write_bytes(data)
    problems: list[Problem] = []
    text = read_checked_text(path, "f.txt", max_bytes, problems)
    return text, [(p.line, p.value, p.message) for p in problems]


def cell(tmp_path: Path, column: str, value: str, **others: str) -> tuple[object, list[tuple]]:
    """Read one row with ``column`` set to ``value``: the converted value and the problems (line, field, message,
    fix)."""
    names = HEADER.split(",")
    row = dict.fromkeys(names, "") | {"id": "a"} | others | {column: value}
    rows, problems = read(tmp_path, HEADER + "\n" + ",".join(f'"{row[n]}"' for n in names) + "\n")
    assert rows is not None
    return rows[0][column], [(p.line, p.field, p.message, p.fix) for p in problems]


# ---- the file as a whole ----

def test_a_file_at_the_size_limit_is_read_and_one_byte_more_is_refused(tmp_path: Path) -> None:
    limit = 2 ** 20
    assert checked(tmp_path, b"a" * limit, limit)[0] == "a" * limit
    assert checked(tmp_path, b"a" * (limit + 1), limit) == (
        None, [(None, None, "file is 1.0 MiB, over the 1 MiB limit")])


@pytest.mark.parametrize(("size", "cap", "message"), [
    (3 * 2 ** 19, 2 ** 20, "file is 1.5 MiB, over the 1 MiB limit"),
    (2 ** 20, int(0.7 * 2 ** 20), "file is 1.0 MiB, over the 1 MiB limit"),  # --max-mb 0.7
])
def test_the_size_and_the_cap_are_shown_in_mib(tmp_path: Path, size: int, cap: int, message: str) -> None:
    assert checked(tmp_path, b"a" * size, cap) == (None, [(None, None, message)])


def test_a_folder_in_place_of_a_file_cannot_be_read(tmp_path: Path) -> None:
    problems: list[Problem] = []
    assert read_checked_text(tmp_path, "here", 10 ** 6, problems) is None
    assert [(p.file, p.message) for p in problems] == [("here", "cannot be read: Is a directory")]


@pytest.mark.parametrize(("data", "expected"), [
    (b"", (None, "file is empty")),
    (b" \n\t\n", (None, "file is empty")),
    (b"a\nb\nc\x00d", (3, "contains NUL bytes: this looks like a binary file, not text")),
    (b"\xef\xbb\xbfid\n", (1, "starts with a UTF-8 byte-order mark (BOM)")),
    (b"ok\nbad \xe9t\xe9\n", (2, "is not valid UTF-8 (byte offset 7)")),
    (b"bad \xe9", (1, "is not valid UTF-8 (byte offset 4)")),
    (b"a\nb\nbad \xe9", (3, "is not valid UTF-8 (byte offset 8)")),
    (b"a\tb\nc\nd\x07", (3, "contains a control character")),
    (b"a\nb\x07", (2, "contains a control character")),
    (b"a\x0b", (1, "contains a control character")),
    (b"x\x1f", (1, "contains a control character")),
])
def test_an_unusable_file_is_refused_at_its_line(tmp_path: Path, data: bytes, expected: tuple) -> None:
    text, problems = checked(tmp_path, data)
    assert text is None
    assert [(line, message) for line, _, message in problems] == [expected]


def test_the_bad_bytes_are_shown(tmp_path: Path) -> None:
    assert checked(tmp_path, b"ok\nbad \xe9t\xe9\nmore")[1][0][1] == b"\xe9t\xe9\n"
    assert checked(tmp_path, b"a\nb\x07")[1][0][1] == "\x07"


def test_tabs_form_feeds_and_windows_line_ends_are_text(tmp_path: Path) -> None:
    assert checked(tmp_path, b"a\tb\r\nc\x0cd\r\n") == ("a\tb\nc\x0cd\n", [])


def test_slug_suggestion() -> None:
    assert slugify("Komsomolsk on Amur") == "komsomolsk-on-amur"
    assert slugify("P'yŏngyang 2") == "p-y-ngyang-2"


# ---- the CSV structure ----

def test_rows_are_typed_and_carry_their_line(tmp_path: Path) -> None:
    rows, problems = read(tmp_path, HEADER + "\n"
                          'a,7,0.5,43.1,131.9,x| y ||z,https://a.example/1,https://a.example/1|http://b.example,'
                          'city,day,2019-04-24,RU\n'
                          ',,,,,,,,,,,\n'
                          '\n'
                          'b,,,,,,,,,,,\n'
                          '"c-d",,,,,"multi\nline",,,,,,\n'
                          'e,,,,,,,,,,,\n')
    assert problems == []
    assert rows[0] == {"_line": 2, "id": "a", "n": 7, "x": 0.5, "lat": 43.1, "lon": 131.9, "tags": ("x", "y", "z"),
                       "url": "https://a.example/1", "urls": ("https://a.example/1", "http://b.example"),
                       "kind": "city", "p": "day", "d": "2019-04-24", "c": "RU"}
    assert [(r["_line"], r["id"]) for r in rows] == [(2, "a"), (5, "b"), (6, "c-d"), (8, "e")]
    assert (rows[1]["tags"], rows[1]["urls"], rows[1]["n"], rows[1]["kind"]) == ((), (), None, None)


def test_a_row_after_one_blank_line_keeps_its_line_number(tmp_path: Path) -> None:
    rows, _ = read(tmp_path, f"{HEADER}\n{EMPTY_ROW}\n,,,,,,,,,,,\nb,,,,,,,,,,,\n\nc,,,,,,,,,,,\n")
    assert [(r["_line"], r["id"]) for r in rows] == [(2, "a"), (4, "b"), (6, "c")]


def test_a_wide_sheet_in_place_of_a_table_is_refused_by_its_header(tmp_path: Path) -> None:
    rows, problems = read(tmp_path, ",".join(f"c{i}" for i in range(300)) + "\n" + ",".join("1" * 300) + "\n")
    assert rows is None
    assert len(problems) == 300 + 12
    assert {p.message.split(" '")[0] for p in problems} == {"unknown column", "missing column"}


def test_a_missing_file_is_reported_unless_optional(tmp_path: Path) -> None:
    problems: list[Problem] = []
    assert read_table(tmp_path, SPEC, problems) is None
    assert [(p.file, p.line, p.message, p.fix) for p in problems] == [
        ("t.csv", None, "file is missing", f"restore t.csv (header: {HEADER})")]
    problems = []
    optional = TableSpec("t.csv", SPEC.columns, optional=True)
    assert read_table(tmp_path, optional, problems) is None
    assert problems == []


@pytest.mark.parametrize(("size", "message"), [
    (50 * 2 ** 20, "contains NUL bytes: this looks like a binary file, not text"),
    (50 * 2 ** 20 + 1, "file is 50.0 MiB, over the 50 MiB limit"),
])
def test_a_table_over_50_mib_is_refused_unread(tmp_path: Path, size: int, message: str) -> None:
    with (tmp_path / "t.csv").open("wb") as handle:
        handle.truncate(size)  # sparse NUL bytes: read (and refused as binary) only when within the limit
    problems: list[Problem] = []
    assert read_table(tmp_path, SPEC, problems) is None
    assert [p.message for p in problems] == [message]


@pytest.mark.parametrize(("size", "message"), [
    (20 * 2 ** 20, "contains NUL bytes: this looks like a binary file, not text"),
    (20 * 2 ** 20 + 1, "file is 20.0 MiB, over the 20 MiB limit"),
])
def test_an_article_over_20_mib_is_refused_unread(mini_dir: Path, size: int, message: str) -> None:
    with (mini_dir / "articles" / "big-2019.md").open("wb") as handle:
        handle.truncate(size)  # sparse NUL bytes: read (and refused as binary) only when within the limit
    with pytest.raises(DatasetError) as caught:
        load_dataset(mini_dir)
    assert [p.message for p in caught.value.problems if p.file == "articles/big-2019.md"] == [message]


def test_a_table_of_many_kilobytes_is_read(tmp_path: Path) -> None:
    rows, problems = read(tmp_path, HEADER + "\n" + f"{EMPTY_ROW}\n" * 10_000)
    assert (len(rows), problems) == (10_000, [])


def test_an_unusable_file_gives_no_rows(tmp_path: Path) -> None:
    rows, problems = read(tmp_path, "\x00")
    assert rows is None
    assert [p.message for p in problems] == ["contains NUL bytes: this looks like a binary file, not text"]


@pytest.mark.parametrize(("text", "expected"), [
    ('"id,n\n', [(1, None, "header row cannot be read (unexpected end of data)")]),
    ("id,n,x,lat,lon,tags,url,urls,kind,p,d,c,zzz\n", [(1, "zzz", "unknown column 'zzz'")]),
    ("id,n,x,lat,lon,tags,url,urls,kind,p,d\n", [(1, "c", "missing column 'c'")]),
    (HEADER + ",n\n", [(1, "n", "column 'n' appears twice")]),
    (HEADER + ",x,n\n", [(1, "n", "column 'n' appears twice")]),
])
def test_a_bad_header_is_refused(tmp_path: Path, text: str, expected: list[tuple]) -> None:
    rows, problems = read(tmp_path, text)
    assert rows is None
    assert [(p.line, p.field, p.message) for p in problems] == expected


def test_an_unknown_column_names_the_close_match_or_every_column(tmp_path: Path) -> None:
    _, problems = read(tmp_path, HEADER.replace("kind", "knid") + ",zzz\n")
    fixes = {p.field: p.fix for p in problems}
    assert fixes["knid"] == "remove it or rename it — did you mean 'kind'?"
    assert fixes["zzz"] == f"remove it or rename it — expected columns: {HEADER.replace(',', ', ')}"


def test_a_row_with_the_wrong_field_count_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    rows, problems = read(tmp_path, f"{HEADER}\n{EMPTY_ROW}\nb,1\n{EMPTY_ROW},extra\nc,,,,,,,,,,,\n")
    assert [r["_line"] for r in rows] == [2, 5]
    assert [(p.line, p.message) for p in problems] == [(3, "row has 2 fields but the header has 12"),
                                                        (4, "row has 13 fields but the header has 12")]


def test_a_row_that_is_not_csv_stops_the_reading_at_its_line(tmp_path: Path) -> None:
    rows, problems = read(tmp_path, f'{HEADER}\n{EMPTY_ROW}\nb,"x"y,,,,,,,,,,\n{EMPTY_ROW}\n')
    assert [r["_line"] for r in rows] == [2]
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [(3, "row cannot be parsed as CSV")]


def test_an_empty_required_cell_is_reported_and_the_row_kept(tmp_path: Path) -> None:
    rows, problems = read(tmp_path, f"{HEADER}\n ,5,,,,,,,,,,\n")
    assert rows == [{"_line": 2, "id": None, "n": 5, **dict.fromkeys(["x", "lat", "lon", "url", "kind", "p", "d", "c"]),
                     "tags": (), "urls": ()}]
    assert [(p.line, p.field, p.value, p.message, p.fix) for p in problems] == [
        (2, "id", "", "id is empty", "every row needs a id")]


# ---- each cell type ----

@pytest.mark.parametrize(("column", "value", "expected"), [
    ("id", "a-b2", "a-b2"), ("n", "-3", -3), ("x", "0", 0.0), ("x", "1e3", 1000.0),
    ("lat", "90", 90.0), ("lat", "-90", -90.0), ("lon", "180", 180.0), ("lon", "-180", -180.0),
    ("url", "HTTPS://A.example/x", "HTTPS://A.example/x"), ("kind", "station", "station"), ("p", "year", "year"),
    ("d", "2019-04", "2019-04"), ("c", "SU", "SU"), ("c", "KP", "KP"), ("tags", " a ", ("a",)),
])
def test_a_value_at_the_limit_is_accepted(tmp_path: Path, column: str, value: str, expected: object) -> None:
    assert cell(tmp_path, column, value) == (expected, [])


@pytest.mark.parametrize(("column", "value", "message", "fix"), [
    ("id", "Pyong Yang", "id is not a valid id", "use lower-case letters, digits and hyphens, e.g. 'pyong-yang'"),
    ("n", "1.5", "n is not a whole number", "write digits only, e.g. 2013348"),
    ("x", "-0.5", "x is negative", "it must be >= 0"),
    ("x", "inf", "x is inf, not a finite number", "write the real value, or remove the row"),
    ("x", "3,5", "x is not a number", "write a decimal number with a dot, e.g. 43.1056"),
    ("lon", "180.5", "lon=180.5 is out of range", "longitude must be within -180…180"),
    ("lon", "-180.5", "lon=-180.5 is out of range", "longitude must be within -180…180"),
    ("lat", "-90.5", "lat=-90.5 is out of range", "latitude must be within -90…90"),
    ("lat", "90.5", "lat=90.5 is out of range", "latitude must be within -90…90"),
    ("kind", "village", "kind is not one of the allowed values", "allowed: city, station"),
    ("kind", "citty", "kind is not one of the allowed values", "did you mean 'city'? allowed: city, station"),
    ("p", "week", "p must be year, month or day", "write one of: year, month, day"),
    ("d", "2019-13", "'2019-13': month 13 does not exist", "dates are YYYY, YYYY-MM or YYYY-MM-DD"),
    ("c", "XX", "c is not an ISO 3166-1 alpha-2 code", "e.g. RU, KP, CN (SU for the Soviet Union)"),
    ("url", "ftp://a.example", "url is not an absolute http(s) URL",
     "write the full address starting with https:// (or http://), e.g. https://tass.com/politics/1865687"),
    ("url", "https://", "url is not an absolute http(s) URL",
     "write the full address starting with https:// (or http://), e.g. https://tass.com/politics/1865687"),
    ("url", "http://[::1/x", "url is not an absolute http(s) URL",
     "write the full address starting with https:// (or http://), e.g. https://tass.com/politics/1865687"),
    ("url", "https://a.example/x\ty", "url contains a space",
     "write spaces in a URL as %20, and separate several URLs with |"),
    ("urls", "https://a.example| b.example ", "urls entry 'b.example' is not an absolute http(s) URL",
     "write the full address starting with https:// (or http://), e.g. https://tass.com/politics/1865687"),
])
def test_a_value_past_the_limit_is_refused_with_the_fix(tmp_path: Path, column: str, value: str, message: str,
                                                        fix: str) -> None:
    assert cell(tmp_path, column, value) == (None, [(2, column, message, fix)])


@pytest.mark.parametrize(("lat", "lon", "fix"), [
    ("130.6", "42.4", "are lat/lon swapped?"), ("130.6", "90", "are lat/lon swapped?"),
    ("130.6", "-90", "are lat/lon swapped?"), ("95", "120", "latitude must be within -90…90"),
    ("95", "-95", "latitude must be within -90…90"), ("95", "", "latitude must be within -90…90"),
    ("95", "north", "latitude must be within -90…90"),
    ("95", "-90.5", "latitude must be within -90…90"),
    ("95", "90.5", "latitude must be within -90…90"),
])
def test_an_out_of_range_latitude_suggests_a_swap_only_when_the_longitude_fits(tmp_path: Path, lat: str, lon: str,
                                                                               fix: str) -> None:
    _, problems = cell(tmp_path, "lat", lat, lon=lon)
    assert (2, "lat", f"lat={lat} is out of range", fix) in problems


def test_check_url_returns_a_good_address_unchanged() -> None:
    assert check_url("http://a.example/?q=1#f", "url") == "http://a.example/?q=1#f"
    with pytest.raises(ValueError, match=re.escape("archive_url contains a space | ")):
        check_url("https://a.example/a b", "archive_url")
