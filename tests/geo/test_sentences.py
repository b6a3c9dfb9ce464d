"""Sentence spans of a news text (geo/geoparse/sentences.py): where a sentence ends, which periods do not end one,
and the sentence index the geoparser takes a mention's passage from. Sentences written for these tests."""

from __future__ import annotations

import pytest

from geo.geoparse.sentences import SentenceIndex, sentence_spans


def _sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


@pytest.mark.parametrize(("text", "sentences"), [
    ("The train left Omsk. It reached Chita! Did it stop? Yes.",
     ["The train left Omsk.", "It reached Chita!", "Did it stop?", "Yes."]),
    ('He said "We go." Then he left.', ['He said "We go."', "Then he left."]),  # the closing quote stays
    ("He came... Then left. (So it was.) Fine.", ["He came...", "Then left.", "(So it was.)", "Fine."]),
    ("One line\nAnother line", ["One line", "Another line"]),  # a line break ends a sentence
])
def test_a_sentence_ends_at_a_terminator_before_a_new_word(text, sentences):
    assert _sentences(text) == sentences


@pytest.mark.parametrize("text", [
    "Gen. Kim and Mr. Lee met Dr. Park in St. Petersburg.",  # titles and "St." (two and three letters)
    "Capt. Ri met Messrs. Kim on Sept. Tenth at the Univ. Library.",  # four and six letters
    "Delegates from N. Korea and the U.S. Navy met.",  # a single letter, a dotted acronym
    "It cost 3.5 million on Dec. 3 and rose, etc. and more.",  # a decimal point; a digit or lower case next
])
def test_a_period_that_closes_an_abbreviation_ends_no_sentence(text):
    assert _sentences(text) == [text]


def test_a_period_after_an_ordinary_short_word_ends_the_sentence():
    assert _sentences("They went by car. Ten more came.") == ["They went by car.", "Ten more came."]


def test_white_space_is_trimmed_and_blank_lines_give_no_sentence():
    text = "  One.\n\n \n  Two  \n"
    assert sentence_spans(text) == [(2, 6), (12, 15)]
    assert sentence_spans(" \n\t ") == []
    assert sentence_spans("") == []


@pytest.mark.parametrize("text", ["One. Two.\n\nThree four. Five.", "One. Two", "\n\nA. B. C", "Just one"])
def test_the_index_lists_the_same_sentences(text):
    assert SentenceIndex(text).spans == sentence_spans(text)


def test_the_index_numbers_the_pieces_between_sentence_ends():
    text = "One. Two.\n\nThree four. Five."
    index = SentenceIndex(text)
    assert index.bounds == [0, 4, 9, 10, 11, 22, 28]  # "\n" and "\n" are blank pieces of their own
    assert [index.number_of(pos) for pos in (0, 3, 5, 9, 10, 11, 27, 28)] == [0, 0, 1, 2, 3, 4, 5, 6]
    assert [index.span(i) for i in range(-1, 8)] == [None, (0, 4), (5, 9), None, None, (11, 22), (23, 28), None,
                                                   None]
    assert index.span(4) == (11, 22)  # asked twice: the same answer


def test_the_last_piece_ends_at_the_end_of_the_text():
    assert SentenceIndex("One. Two").bounds == [0, 4, 8]
    assert SentenceIndex("One. Two.").bounds == [0, 4, 9]
    assert SentenceIndex("One. Two.").number_of(9) == 2


def test_around_is_the_sentence_that_holds_the_mention():
    text = "One. Two.\n\nThree four. Five."
    index = SentenceIndex(text)
    assert index.around(11, 16) == (11, 22)  # "Three"
    assert index.around(1, 3) == (0, 4)
    assert index.around(23, 27) == (23, 28)  # the last sentence
    assert index.around(5, 9) == (5, 9)  # a mention that ends where its sentence ends takes no more


def test_around_spans_every_sentence_a_mention_straddles():
    text = "One. Two.\n\nThree four. Five."
    index = SentenceIndex(text)
    assert index.around(5, 14) == (5, 22)  # from "Two." across the blank lines into "Three four."
    assert index.around(2, 26) == (0, 28)


def test_around_a_blank_piece_takes_the_sentence_before_it():
    text = "One. Two.\n\nThree four. Five."
    assert SentenceIndex(text).around(9, 10) == (5, 22)


def test_around_the_first_blank_piece_takes_the_first_sentence():
    assert SentenceIndex("One.\n\nTwo.").around(4, 5) == (0, 10)


def test_around_with_no_sentence_before_is_the_mention_itself():
    assert SentenceIndex("\n\nSeoul.").around(0, 1) == (0, 1)


def test_around_keeps_a_mention_that_runs_past_the_last_sentence():
    text = "One. Two.  "
    assert SentenceIndex(text).around(5, 11) == (5, 11)


def test_a_long_text_ending_in_white_space():
    """Offsets and sentence numbers past 256 (no longer small ints in CPython) are compared by value."""
    text = "One. " * 300 + " \n "
    assert sentence_spans(text) == [(5 * i, 5 * i + 4) for i in range(300)]
    index = SentenceIndex(text)
    assert index.spans == sentence_spans(text)
    last = 5 * 299
    assert index.around(last, len(text)) == (last, len(text))  # a span past the last sentence's end
    ended = SentenceIndex("One. " * 299 + "One.")  # the last sentence ends the text: no piece after it
    assert (len(ended.bounds), ended.bounds[-1], ended.number_of(1499)) == (301, 1499, 300)
    assert sentence_spans(" " * 300) == []


def test_the_index_of_an_even_number_of_bounds():
    index = SentenceIndex("One. Two. Three")
    assert index.bounds == [0, 4, 9, 15]
    assert [index.span(i) for i in range(5)] == [(0, 4), (5, 9), (10, 15), None, None]
