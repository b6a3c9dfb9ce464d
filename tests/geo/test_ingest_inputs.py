"""What ``atlas ingest`` reads, in process (``geo.store.sources``): which files a folder gives, each file's text and
metadata (front matter or web page), standard input, and the one clear refusal for input that cannot be an article."""

from __future__ import annotations

import datetime
import io
import re
import sys
from pathlib import Path

import pytest

from geo.core.errors import IngestError
from geo.store.sources import expand_inputs, normalised_text_sha256, read_input, read_source, split_front_matter
from tests.support.web_page import PAGE

MIB = 2 ** 20  # written out: the module's own MIB is under test


def refused(message: str) -> pytest.RaisesContext:
    return pytest.raises(IngestError, match=f"^{re.escape(message)}$")


def feed_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


# ---- which inputs ----

def test_a_folder_gives_its_article_files_recursively_in_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a.MD", "sub/c.html", "sub/d.htm", "sub/e.markdown", "notes.pdf", ".hidden.txt",
                 ".git/f.txt", "sub/.cache/g.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "folder.txt").mkdir()
    assert [name for name, _ in expand_inputs([str(tmp_path)])] == [
        str(tmp_path / n) for n in ("a.MD", "b.txt", "sub/c.html", "sub/d.htm", "sub/e.markdown")]
    assert all(path == Path(name) for name, path in expand_inputs([str(tmp_path)]))


def test_files_standard_input_and_missing_paths_are_given_as_named(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_text("x", encoding="utf-8")
    named = [str(tmp_path / "notes.pdf"), "-", "no/such.txt", "(draft).txt", "+1.md"]
    assert list(expand_inputs(named)) == [(named[0], tmp_path / "notes.pdf"), ("<stdin>", None),
                                          ("no/such.txt", Path("no/such.txt")), ("(draft).txt", Path("(draft).txt")),
                                          ("+1.md", Path("+1.md"))]


# ---- one file ----

def test_a_file_is_read_with_windows_line_ends_made_plain(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"one\r\ntwo\r\n")
    assert read_input(path) == "one\ntwo\n"


@pytest.mark.parametrize(("data", "size", "message"), [
    (None, None, "{path}: no such file"),
    (b"", None, "{path}: file is empty — nothing was written; restore its content (git checkout) or delete it"),
    (b"a" * (MIB + MIB // 2), MIB, "{path}: file is 1.5 MiB, over the 1 MiB limit — nothing was written; pass "
     "--max-mb 2 to raise the cap, or split the article"),
    (b"a" * (2 * MIB + 1), 2 * MIB, "{path}: file is 2.0 MiB, over the 2 MiB limit — nothing was written; pass "
     "--max-mb 3 to raise the cap, or split the article"),
    (b"a" * (3 * MIB - 1), 2 * MIB, "{path}: file is 3.0 MiB, over the 2 MiB limit — nothing was written; pass "
     "--max-mb 3 to raise the cap, or split the article"),
])
def test_an_unusable_file_is_refused_with_one_message(tmp_path: Path, data: bytes | None, size: int | None,
                                                      message: str) -> None:
    path = tmp_path / "a.txt"
    if data is not None:
        path.write_bytes(data)
    with refused(message.format(path=path)):
        read_input(path, size or MIB)


def test_a_file_at_the_cap_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"a" * MIB)
    assert len(read_input(path, MIB)) == MIB


def test_a_folder_named_as_a_file_is_no_file(tmp_path: Path) -> None:
    with refused(f"{tmp_path}: no such file"):
        read_input(tmp_path)


def test_a_text_file_gives_its_front_matter_body_and_fingerprint(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text('+++\ntitle = "T"\n+++\n\nKim went to Khasan.\n', encoding="utf-8")
    source = read_source("a.md", path)
    assert (source.name, source.meta, source.body, source.notes) == ("a.md", {"title": "T"}, "Kim went to Khasan.\n",
                                                                     [])
    assert source.fingerprint == normalised_text_sha256("Kim went to Khasan.\n")


def test_a_saved_web_page_gives_its_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.HTM"
    path.write_text(PAGE, encoding="utf-8")
    source = read_source("page.HTM", path)
    assert "crossed the Tumen River" in source.body
    assert source.body.endswith("closed to the public for the day.\n")
    assert "Subscribe" not in source.body
    assert source.meta == {"title": "Armoured train reaches Khasan", "published": "2019-04-24",
                           "byline": "Ann Reporter", "outlet": "Test Wire",
                           "url": "https://example.org/news/train-khasan"}


def test_a_table_in_a_web_page_is_left_out(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE.replace("</article>", "<table><tr><td>Timetable: Ussuriysk 14:05</td>"
                                               "<td>Vladivostok 18:00</td></tr></table></article>"), encoding="utf-8")
    body = read_source("page.html", path).body
    assert "crossed the Tumen River" in body
    assert "Timetable" not in body


def test_a_web_page_without_article_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>Nothing</title></head><body><p> </p></body></html>", encoding="utf-8")
    with refused("empty.html: no article text could be extracted from this web page"):
        read_source("empty.html", path)


@pytest.mark.parametrize(("text", "message"), [
    ('+++\ntitle = "T"\n', "a.md: the front-matter block opened by '+++' on line 1 is never closed; add a '+++' "
                           "line after the metadata"),
    ('+++\ntitle = "T"\n+++\n \n\n', "a.md: the file has metadata but no article text — nothing was written"),
])
def test_a_file_that_cannot_be_an_article_is_refused_naming_it(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "a.md"
    path.write_text(text, encoding="utf-8")
    with refused(message):
        read_source("a.md", path)


# ---- standard input ----

def test_standard_input_is_read_as_an_article(monkeypatch: pytest.MonkeyPatch) -> None:
    feed_stdin(monkeypatch, "\ufeff---\ntitle: T\n---\nKim went\r\nto Khasan.\n".encode())
    source = read_source("<stdin>", None)
    assert (source.meta, source.body) == ({"title": "T"}, "Kim went\nto Khasan.\n")


def test_standard_input_at_the_cap_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    feed_stdin(monkeypatch, b"a" * MIB)
    assert len(read_source("<stdin>", None, MIB).body) == MIB


@pytest.mark.parametrize(("cap", "shown"), [(1001, "0"), (int(0.7 * MIB), "1"), (0, "0")])
def test_standard_input_over_an_odd_cap_is_refused(monkeypatch: pytest.MonkeyPatch, cap: int, shown: str) -> None:
    feed_stdin(monkeypatch, b"a" * (cap + 1))  # --max-mb gives a cap of any byte count
    with refused(f"<stdin>: more than {shown} MiB — pass --max-mb to raise the cap"):
        read_source("<stdin>", None, cap)


@pytest.mark.parametrize(("data", "message"), [
    (b"a" * (MIB + 1), "<stdin>: more than 1 MiB — pass --max-mb to raise the cap"),
    (b" \n\n", "<stdin>: no text was given on standard input"),
    (b"text\x00", "<stdin>: contains NUL bytes: this looks like binary data, not text"),
    (b"ok \xe9", "<stdin>: is not valid UTF-8 (byte offset 3)"),
])
def test_unusable_standard_input_is_refused(monkeypatch: pytest.MonkeyPatch, data: bytes, message: str) -> None:
    feed_stdin(monkeypatch, data)
    with refused(message):
        read_source("<stdin>", None, MIB)


# ---- front matter ----

@pytest.mark.parametrize(("text", "meta", "body"), [
    ("plain text\n", {}, "plain text\n"),
    ("", {}, ""),
    (" +++ \ntitle = 'A'\n +++\n\n\nbody\n", {"title": "A"}, "body\n"),
    ("---\n---\nbody", {}, "body"),
    ("---\n\n---\nbody", {}, "body"),
    ("---\nonly a rule\n", {}, "---\nonly a rule\n"),
    ("---\npublished: 2011-08-22\nseen: 2011-08-22 10:30:00\nyears: [2011-01-02, x]\n1: one\n---\nbody",
     {"published": "2011-08-22", "seen": "2011-08-22", "years": ["2011-01-02", "x"], "1": "one"}, "body"),
])
def test_front_matter_is_split_off(text: str, meta: dict, body: str) -> None:
    assert split_front_matter(text) == (meta, body)


def test_yaml_dates_become_iso_strings_and_other_values_stay() -> None:
    meta, _ = split_front_matter("---\nd: 2011-08-22\nn: 3\nflag: true\n---\nbody")
    assert meta == {"d": "2011-08-22", "n": 3, "flag": True}
    assert not isinstance(meta["d"], datetime.date)


@pytest.mark.parametrize(("text", "message"), [
    ("+++\ntitle = A\n+++\nbody", "front matter is not valid TOML"),
    ("---\ntitle: a: b\n---\nbody", "front matter is not valid YAML at line 2 (mapping values are not allowed "
                                     "here); write each field as key: value, quoting values that contain ': '"),
    ("---\na: 1\nb: 2\ntitle: a: b\n---\nbody", "front matter is not valid YAML at line 4 (mapping values"),
    ("---\n- a\n- b\n---\nbody", "front matter between the --- lines is not a set of key: value fields"),
    ("---\njust words\n---\nbody", "front matter between the --- lines is not a set of key: value fields"),
    ("---\n# only a comment\n---\nbody", "front matter between the --- lines is not a set of key: value fields"),
])
def test_a_front_matter_block_that_is_not_fields_is_refused(text: str, message: str) -> None:
    with pytest.raises(IngestError, match=re.escape(message)):
        split_front_matter(text)


@pytest.mark.parametrize(("a", "b"), [
    ("caf\u00e9 in Khasan", "cafe\u0301 in Khasan"),
    ("\ufeffKim went", "Kim went"),
    ("“Kim” ‘went’", "\"Kim\" 'went'"),
    (" Kim\r\n\twent  ", "Kim went"),
])
def test_texts_differing_only_in_form_share_a_fingerprint(a: str, b: str) -> None:
    assert normalised_text_sha256(a) == normalised_text_sha256(b)
    assert normalised_text_sha256(a) != normalised_text_sha256(b + ".")
