"""Bibliography rows become citations a reader can follow: dates written out, links only to http(s), all escaped."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from components.citation import NO_DATE, citation_html, citation_text, format_date

DATA = Path(__file__).resolve().parents[2] / "data"

FULL = {"key": "S1", "title": "Meeting between Stalin and Kim Il Sung", "publisher": "Wilson Center Digital Archive",
        "author": "A. N. Author", "date": "1949-03-05", "url": "https://example.org/doc/1",
        "archive_url": "https://web.archive.org/web/2016/https://example.org/doc/1",
        "urls": "https://example.org/doc/1|https://mirror.example.net/doc/1", "note": ""}


@pytest.mark.parametrize(("value", "shown"), [
    ("2019-03-12", "12 Mar 2019"), ("2019-03-01", "1 Mar 2019"), ("2019-03", "Mar 2019"), ("1984", "1984"),
    ("", NO_DATE), (None, NO_DATE), (float("nan"), NO_DATE), ("2019-13", "2019-13"), ("spring 1984", "spring 1984"),
])
def test_dates_are_written_out_at_their_precision(value, shown) -> None:
    assert format_date(value) == shown


def test_full_entry_reads_publisher_title_author_date_url_archive() -> None:
    assert citation_text(FULL) == (
        "Wilson Center Digital Archive, \u201cMeeting between Stalin and Kim Il Sung\u201d, A. N. Author, 5 Mar 1949."
        " https://example.org/doc/1 (archived: https://web.archive.org/web/2016/https://example.org/doc/1)"
        " Also: https://mirror.example.net/doc/1.")


def test_supplied_title_is_not_quoted_and_missing_parts_are_left_out() -> None:
    row = {**FULL, "title": "[report on the plaque]", "author": "", "archive_url": "", "urls": FULL["url"]}
    assert citation_text(row) == "Wilson Center Digital Archive, [report on the plaque], 5 Mar 1949. " \
                                 "https://example.org/doc/1"


def test_entry_without_url_or_date_says_why() -> None:
    row = {**FULL, "author": "", "date": "", "url": "", "archive_url": "", "urls": "",
           "note": "no URL: print edition; undated"}
    assert citation_text(row) == ("Wilson Center Digital Archive, \u201cMeeting between Stalin and Kim Il Sung\u201d, "
                                  "n.d. (no URL: print edition; undated)")


def test_html_links_every_address_and_shows_the_note() -> None:
    html = citation_html({**FULL, "note": "date of the document"})
    for url in ("https://example.org/doc/1", "https://web.archive.org/web/2016/https://example.org/doc/1",
                "https://mirror.example.net/doc/1"):
        assert f'<a href="{url}" target="_blank" rel="noopener noreferrer">{url}</a>' in html
    assert "(archived: <a " in html
    assert '<div class="atlas-meta">date of the document</div>' in html


def test_html_escapes_every_part_and_links_no_script_url() -> None:
    hostile = {"title": '<script>alert("t")</script>', "publisher": "<img src=x onerror=alert(1)>",
               "author": '"><svg onload=alert(2)>', "date": "2019", "url": "javascript:alert(3)",
               "archive_url": "", "urls": "javascript:alert(3)", "note": "<b>note</b>"}
    html = citation_html(hostile)
    for tag in ("<script", "<img", "<svg", "<b>"):
        assert tag not in html
    assert "href" not in html, "a javascript: URL must not become a link"
    assert "&lt;script&gt;" in html
    assert "javascript:alert(3)" in html, "the address is still shown, as text"


def test_every_bundled_source_formats_with_a_date_or_nd_and_a_link_or_reason() -> None:
    with (DATA / "sources.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        text = citation_text(row)
        assert row["publisher"] in text, row["key"]
        assert format_date(row["date"]) in text, row["key"]
        assert (row["url"] and row["url"] in text) or row["note"] in text, f"{row['key']}: no link and no reason"
        assert '<a href="http' in citation_html(row) or not row["url"], row["key"]
