"""Article files: TOML front matter between ``+++`` lines, then the text byte for byte — read, written, and read
back unchanged; a malformed file is refused with the line to fix."""

from __future__ import annotations

import re
import tomllib

import pytest

from geo.dataset.articles import ArticleFormatError, parse_article, render_article

META = {"id": "a-2019", "title": "Kim “in” Vladivostok \\ \x7f", "outlet": "TASS", "published": "2019-04-24",
        "published_precision": "day", "removed": ["ad", "footer"]}


def test_the_text_is_everything_after_the_closing_line() -> None:
    raw = '+++\nid = "a"\ntitle = "T"\n+++\nFirst line.\n\n+++\nLast line.\n'
    assert parse_article(raw) == {"id": "a", "title": "T", "text": "First line.\n\n+++\nLast line.\n"}


def test_windows_line_ends_around_the_delimiters_are_accepted() -> None:
    raw = '+++\r\nid = "a"\n+++\r\nText.'
    assert parse_article(raw) == {"id": "a", "text": "Text."}


def test_an_empty_front_matter_block_is_read_as_no_fields() -> None:
    assert parse_article("+++\n+++\nText.") == {"text": "Text."}


@pytest.mark.parametrize(("raw", "line", "message"), [
    ("Text first.\n+++\n", 1, "does not start with a '+++' front-matter line"),
    ("\n+++\nid = 'a'\n+++\n", 1, "does not start with a '+++' front-matter line"),
    ('+++\nid = "a"\ntitle = "T"\nText.', 4, "front matter is never closed by a '+++' line"),
    ("+++", 1, "front matter is never closed by a '+++' line"),
])
def test_a_malformed_block_names_the_line(raw: str, line: int, message: str) -> None:
    with pytest.raises(ArticleFormatError, match=re.escape(message)) as caught:
        parse_article(raw)
    assert caught.value.line == line
    assert caught.value.fix.startswith(("begin the file with '+++'", "add a '+++' line"))


def test_invalid_toml_is_refused_with_the_fix() -> None:
    with pytest.raises(ArticleFormatError, match="front matter is not valid TOML") as caught:
        parse_article('+++\nid = "a"\ntitle = T\n+++\nText.')
    assert caught.value.fix == 'write each field as key = "value"'
    lineno = getattr(tomllib.TOMLDecodeError("x", "", 0), "lineno", None)
    # Python 3.14's TOML errors carry the line (of the block; the file's is one more); older ones do not.
    assert caught.value.line == (None if lineno is None else 3)


def test_a_toml_error_that_carries_its_line_points_at_the_file_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Python 3.14's TOMLDecodeError has ``lineno`` (the line in the block); older ones only say it in the message.
    tomllib is wrapped to add it as 3.14 does, so the line arithmetic is checked on every Python."""
    real = tomllib.loads

    def loads(text: str) -> dict:
        try:
            return real(text)
        except tomllib.TOMLDecodeError as exc:
            exc.lineno = int(re.search(r"at line (\d+)", str(exc)).group(1))
            raise

    monkeypatch.setattr(tomllib, "loads", loads)
    with pytest.raises(ArticleFormatError, match="front matter is not valid TOML") as caught:
        parse_article('+++\nid = "a"\n\n\n\ntitle = T\n+++\nText.')
    assert caught.value.line == 6  # line 5 of the block, after the opening +++ line


def test_render_writes_the_known_fields_in_order_then_the_others_sorted() -> None:
    meta = {"zeta": "z", "title": "T", "alpha": "a", "id": "x", "text": "ignored"}
    assert render_article(meta, "Body.\n") == '+++\nid = "x"\ntitle = "T"\nalpha = "a"\nzeta = "z"\n+++\nBody.\n'


def test_the_text_is_never_written_as_a_field() -> None:
    text_key = "".join(["te", "xt"])  # a key read at run time (a form, a file), not the literal
    assert render_article({"id": "x", text_key: "ignored"}, "Body.") == '+++\nid = "x"\n+++\nBody.'


@pytest.mark.parametrize(("value", "written"), [
    ("Kim “in” \\ \"x\"\n", '"Kim “in” \\\\ \\"x\\"\\n"'),
    ("a\x7fb", '"a\\u007fb"'),
    (True, "true"), (False, "false"), (0, "0"), (1986, "1986"), (42.5, "42.5"),
    (["a", 1, False], '["a", 1, false]'), (("x",), '["x"]'), ([], "[]"),
])
def test_each_value_is_written_as_toml(value: object, written: str) -> None:
    assert render_article({"note": value}, "") == f"+++\nnote = {written}\n+++\n"


def test_a_value_toml_cannot_hold_is_refused() -> None:
    with pytest.raises(TypeError, match="cannot write dict"):
        render_article({"title": {"nested": 1}}, "")


@pytest.mark.parametrize("text", ["Body.\n", "", "\n\nLeading blank lines\r\nand CRLF\n+++\n", "No newline"])
def test_a_rendered_article_reads_back_unchanged(text: str) -> None:
    meta = {**META, "count": 3, "share": 0.5, "flag": True}
    assert parse_article(render_article(meta, text)) == {**meta, "text": text}
