"""Name normalisation: the forms users type and articles print must meet on one key."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.gazetteer.normalize import (
    _NUMPY_FROM,
    fold,
    fold_char,
    fold_parts,
    is_abbreviation,
    key_variants,
    name_key,
    strip_possessive,
)


@pytest.mark.parametrize(("written", "key"), [
    ("Komsomolsk-na-Amure", "komsomolsk na amure"),
    ("Komsomolsk na Amure", "komsomolsk na amure"),
    ("PYONGYANG", "pyongyang"),
    ("P'yŏngyang", "p yongyang"),
    ("P’yŏngyang", "p yongyang"),
    ("Pʼyŏngyang", "p yongyang"),
    ("Wŏnsan", "wonsan"),
    ("  Ulan-Ude ", "ulan ude"),
])
def test_name_key(written, key):
    assert name_key(written) == key


@pytest.mark.parametrize(("name", "form"), [
    ("P'yŏngyang", "pyongyang"),
    ("Ji'an", "jian"),
    ("N. Korea", "n  korea"),
    ("N. Korea", "n korea"),
    ("St. Petersburg", "st petersburg"),
    ("U.S.", "u s"),
])
def test_key_variants_cover_the_ways_a_name_is_printed(name, form):
    assert form in key_variants(name)


@pytest.mark.parametrize(("surface", "bare"), [("Pyongyang's", "Pyongyang"), ("Pyongyang’s", "Pyongyang"),
                                               ("Moscow", "Moscow")])
def test_strip_possessive(surface, bare):
    assert strip_possessive(surface) == bare


@pytest.mark.parametrize(("name", "expected"), [("DPRK", True), ("U.S.", True), ("USSR", True),
                                                 ("N. Korea", False), ("Moscow", False)])
def test_is_abbreviation(name, expected):
    assert is_abbreviation(name) is expected


@given(st.text())
def test_fold_preserves_length_so_offsets_carry_over(text):
    folded = fold(text)
    assert len(folded) == len(text)
    assert all(c == " " or (c.isascii() and c.isalnum()) for c in folded)


def _fold_reference(text: str) -> str:
    """The fold one character at a time: ASCII letters and digits lower-cased, other ASCII a space, the rest
    :func:`fold_char`."""
    return "".join((ch.lower() if ch.isalnum() else " ") if ch.isascii() else fold_char(ch) for ch in text)


@given(st.text(st.characters(codec=None, exclude_categories=())) | st.text(alphabet="Pyŏngyang’s Ș—é\udcff😀ß "))
def test_fold_parts_matches_the_fold_of_each_character(text):
    """The whole-text fold (C translate, then the non-ASCII characters patched: by str.find in a short text, with
    numpy in a long one) equals folding each character on its own, lone surrogates and astral characters
    included; it also lists the non-ASCII ones."""
    for variant in (text, (text + " ") * (_NUMPY_FROM // (len(text) + 1) + 1)):  # short, and long enough for numpy
        folded, non_ascii = fold_parts(variant)
        assert folded == _fold_reference(variant)
        assert non_ascii == {ch for ch in variant if not ch.isascii()}


@pytest.mark.parametrize(("surface", "bare"), [("'", "'"), ("'s", "'s"), ("A's", "A"), ("Kims’", "Kims")])
def test_strip_possessive_keeps_a_surface_of_one_or_two_characters(surface, bare):
    assert strip_possessive(surface) == bare


@pytest.mark.parametrize(("name", "expected"), [("ABCDE", True), ("ABCDEF", False), ("...", False), ("", False),
                                                 ("A1B", True), ("N.", True), ("n.", False)])
def test_an_abbreviation_has_one_to_five_capital_letters(name, expected):
    assert is_abbreviation(name) is expected


def test_two_spaces_follow_a_token_of_at_most_three_letters():
    assert key_variants("Ste. Marie") == {"ste marie", "ste  marie"}
    assert key_variants("Mont. Blanc") == {"mont blanc"}


def test_a_name_of_many_short_tokens_has_at_most_sixteen_forms():
    forms = key_variants("A B C D E F")  # 2**5 ways to space it
    assert len(forms) == 16
    assert "a b c d e f" in forms
    assert len(key_variants("A B C D E F", limit=4)) == 4


def test_a_name_without_letters_has_no_form():
    assert key_variants("'") == set()
    assert key_variants("...") == set()


@pytest.mark.parametrize(("char", "folded"), [
    ("ß", "s"), ("æ", "a"), ("ø", "o"), ("œ", "o"), ("đ", "d"), ("ł", "l"), ("ı", "i"), ("þ", "t"), ("ð", "d"),
    ("Å", "a"), ("²", "2"), ("ǅ", "d"), ("ŀ", "l"), ("⒈", "1"),
    ("α", " "), ("ж", " "), ("’", " "), ("`", " "), ("´", " "), ("‘", " "),
])
def test_fold_char_gives_an_ascii_letter_digit_or_space(char, folded):
    assert fold_char(char) == folded


def test_fold_patches_every_occurrence_of_a_non_ascii_letter():
    assert fold("Ŏŏŏ ŏ-Ŏ") == "ooo o o"
    assert name_key("Łódź’s Ŏbŏ") == "lodz s obo"


def test_fold_keeps_ascii_letters_and_digits_only():
    """The edges of each ASCII range: "/" and ":" around the digits, "@" and "[" around the capitals, "`" and "{"
    around the small letters."""
    assert fold("/09:@AZ[`az{") == " 09  az  az "
    assert name_key("Zhengzhou") == "zhengzhou"


def test_a_long_text_lists_exactly_its_non_ascii_characters():
    text = "a\x7fb\x80c é " * (_NUMPY_FROM // 8 + 1)  # long enough for the numpy patching
    folded, non_ascii = fold_parts(text)
    assert non_ascii == {"\x80", "é"}  # DEL is ASCII
    assert folded == "a b c e " * (_NUMPY_FROM // 8 + 1)
