"""The geoparser's speed-minded internals against simple reference implementations (docs/geoparser.md, Throughput).

The record type ``Mention`` is a compact tuple with properties, and the overlap test ``_Taken.free`` checks two
neighbours written out by hand; both are checked here against the plain versions they replaced.
"""

from __future__ import annotations

import bisect
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.dataset import load_dataset
from geo.gazetteer import cues
from geo.gazetteer.lookup import Gazetteer
from geo.gazetteer.matching import _non_overlapping, curated_hits
from geo.gazetteer.normalize import fold_char, fold_parts
from geo.geoparse.memo import memo_of
from geo.geoparse.parser import (
    MENTION_KEYS,
    PASSAGE_MAX,
    Mention,
    _cue_spans,
    _spaced_spans,
    _Taken,
    _window,
    geoparse,
)
from geo.geoparse.sentences import SentenceIndex

FIELDS = ("surface", "start", "end", "place_id", "name", "lat", "lon", "country", "kind", "confidence", "reason",
          "passage", "passage_start", "passage_end")


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.from_dataset(load_dataset())


def test_mention_is_an_immutable_record(gazetteer):
    text = "Kim went to Pyongyang. Then he flew to the port of Kozmino."
    mentions = geoparse(text, gazetteer)
    assert [m.surface for m in mentions] == ["Pyongyang", "Kozmino"]
    pyongyang, kozmino = mentions
    assert (pyongyang.start, pyongyang.end, pyongyang.place_id, pyongyang.country) == (12, 21, "pyongyang", "KP")
    assert (pyongyang.passage, pyongyang.passage_start, pyongyang.passage_end) == ("Kim went to Pyongyang.", 0, 22)
    assert (kozmino.place_id, kozmino.confidence) == (None, 0.0)
    assert "cue: 'port'" in kozmino.reason
    assert list(pyongyang.to_dict()) == list(MENTION_KEYS)
    assert pyongyang.to_dict() == {key: getattr(pyongyang, key) for key in MENTION_KEYS}
    for field in FIELDS:
        with pytest.raises(AttributeError):
            setattr(pyongyang, field, None)
    assert pickle.loads(pickle.dumps(mentions)) == mentions
    assert hash(pyongyang) == hash(geoparse(text, gazetteer)[0])
    assert pyongyang != kozmino
    assert repr(pyongyang).startswith("Mention(surface='Pyongyang', start=12, end=21, place_id='pyongyang'")
    assert isinstance(pyongyang, Mention)


def _free_reference(base, extra, spans):
    """The spans overlapping neither a neighbour (by start) of ``base`` nor of ``extra``: the former generator
    version of :meth:`_Taken.free`."""
    extra = sorted(extra, key=lambda span: (span[0], span[1]))
    extra_starts = [s for s, _, _ in extra]
    starts, ends = [s for s, _, _ in base], [e for _, e, _ in base]
    out = []
    for span in spans:
        start, end = span[0], span[1]
        i = bisect.bisect_right(starts, start)
        if any(starts[k] < end and start < ends[k] for k in range(max(0, i - 1), min(i + 1, len(starts)))):
            continue
        j = bisect.bisect_right(extra_starts, start)
        if any(s < end and start < e for s, e, _ in extra[max(0, j - 1):j + 1]):
            continue
        out.append(span)
    return out


SPAN = st.tuples(st.integers(0, 60), st.integers(0, 8)).map(lambda p: (p[0], p[0] + p[1], "k"))


@settings(max_examples=300, deadline=None)
@given(st.lists(SPAN, max_size=12), st.lists(SPAN, max_size=6), st.lists(SPAN, max_size=12))
def test_taken_free_matches_reference(base_spans, extra, spans):
    base, last_end = [], -1  # the curated base is sorted and non-overlapping
    for span in sorted(base_spans):
        if span[0] >= last_end and span[1] > span[0]:
            base.append(span)
            last_end = span[1]
    taken = _Taken(base)
    taken.extra = list(extra)
    assert taken.free(spans) == _free_reference(base, extra, spans)


CUE_PIECES = st.sampled_from([
    "station", "port", "air", "airport", "air base", "railway", "rail", "oil terminal", "border crossing", "river",
    "village", "Station", "PORT", "stations", "port_", "Razdolnoye", "Kozmino", "Vostochny-2", "Khasan", "the",
    "port of", "of", " ", "  ", "\t", "\n", ",", ".", "-", "’", "™", "№", "é", "ё", "_", "²", "Ｓｅｏｕｌ", "Seoul",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(CUE_PIECES, max_size=30).map("".join))
def test_cue_hints_from_the_curated_pass_match_the_scan(gazetteer, text):
    """The cue hints taken from the curated Aho–Corasick pass are exactly those a scan of the text finds (or the
    pass says it cannot tell, and the scan is used)."""
    _, _, cue_starts, _ = curated_hits(text, gazetteer)
    scan = (cues._AFTER_HINT_TAB if "\t" in text else cues._AFTER_HINT).finditer(text)
    if cue_starts is not None:
        assert [m.span() for m in cues.after_hints_from(text, cue_starts)] == [m.span() for m in scan]
    assert _cue_spans(text, cue_starts) == _cue_spans(text)


def test_a_character_that_folds_to_a_letter_falls_back_to_the_scan(gazetteer):
    text = "They reached Razdolnoye station™ at dawn."
    _, _, cue_starts, spaced_starts = curated_hits(text, gazetteer)
    assert cue_starts is None
    assert spaced_starts is None
    assert [m.surface for m in geoparse(text, gazetteer)] == ["Razdolnoye"]


@given(st.text())
def test_fold_parts_lists_the_non_ascii_characters(text):
    folded, non_ascii = fold_parts(text)
    assert folded == "".join(map(fold_char, text))
    assert non_ascii == {ch for ch in text if not ch.isascii()}


def _non_overlapping_reference(hits):
    """The former version: a sort of ``(start, start - end, end, key)`` tuples, then the same greedy choice."""
    ordered = sorted((start, start - end, end, key, surface) for start, end, key, surface in hits)
    chosen, last_end = [], -1
    for start, _, end, key, surface in ordered:
        if start >= last_end:
            chosen.append((start, end, key, surface))
            last_end = end
        elif (end - start > chosen[-1][1] - chosen[-1][0] and start > chosen[-1][0]
              and (len(chosen) < 2 or chosen[-2][1] <= start)):
            chosen[-1] = (start, end, key, surface)
            last_end = end
    return chosen


@settings(max_examples=500, deadline=None)
@given(st.sets(st.tuples(st.integers(0, 40), st.integers(1, 12)), max_size=25), st.randoms())
def test_non_overlapping_matches_reference(pairs, rng):
    hits = [(start, start + length, f"k{start}-{length}", "s") for start, length in pairs]
    rng.shuffle(hits)
    hits.sort(key=lambda hit: hit[1])  # the automaton reports hits by end; several at one end in any order
    assert _non_overlapping(list(hits)) == _non_overlapping_reference(hits)


def _passage_reference(text, start, end):
    """A mention's passage as the former per-span loop took it: its sentence, trimmed, or (crossing a sentence
    end, or longer than PASSAGE_MAX) the sentences around it cut to a window."""
    sentences = SentenceIndex(text)
    j = bisect.bisect_right(sentences.bounds, start) - 1
    piece = text[sentences.bounds[j]:sentences.bounds[j + 1]]
    body = piece.strip()
    p_lo = sentences.bounds[j] + len(piece) - len(piece.lstrip())
    p_hi = p_lo + len(body)
    if p_lo <= start and end <= p_hi and p_hi - p_lo <= PASSAGE_MAX:
        return body, p_lo, p_hi
    if not p_lo <= start < end <= p_hi:
        p_lo, p_hi = sentences.around(start, end)
    if p_hi - p_lo > PASSAGE_MAX:
        p_lo, p_hi = _window(text, start, end, p_lo, p_hi)
    return text[p_lo:p_hi], p_lo, p_hi


PASSAGE_PIECES = st.sampled_from([
    "Moscow", "Seoul", "Pyongyang", "Khasan", "North Korea", "U.S.", "Mr.", "Dec. 3", " ", " ", " ", "\n", ". ",
    "! ", "? ", ".\n", "\n\n", ",", "the", "said", "port of Kozmino", "Razdolnoye station", "\t", "’", "word " * 40,
])


@settings(max_examples=300, deadline=None)
@given(st.lists(PASSAGE_PIECES, max_size=40).map("".join))
def test_passages_match_the_per_span_reference(gazetteer, text):
    for mention in geoparse(text, gazetteer):
        expected = _passage_reference(text, mention.start, mention.end)
        assert (mention.passage, mention.passage_start, mention.passage_end) == expected


SPACED_PIECES = st.sampled_from([
    "S", "E", "O", "U", "L", "K", "H", "A", "N", "s", "é", "É", " ", " ", "  ", "\t", "\n", ",", ".", "-", "_", "™",
    "’", "x", "SEOUL", "S E O U L", "K H A S A N", "(AP)", "Ｓ",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(SPACED_PIECES, max_size=30).map("".join))
def test_spaced_starts_from_the_curated_pass_match_the_scan(gazetteer, text):
    """The spaced datelines found from the curated pass's three-letter hits equal those of a whole-text scan."""
    _, _, _, spaced_starts = curated_hits(text, gazetteer)
    assert _spaced_spans(text, gazetteer, spaced_starts) == _spaced_spans(text, gazetteer)


def _after_cue_reference(text):
    """The former search for a name before a cue: the whole 200-character window before each hint."""
    found = []
    for hint in (cues._AFTER_HINT_TAB if "\t" in text else cues._AFTER_HINT).finditer(text):
        if cues._capitalised_word_end(text, hint.start()) < 0:
            continue
        cue_start = hint.start() + 1
        window = (max(0, cue_start - cues._NAME_REACH), hint.end() + cues._CUE_REACH)
        for match in cues._NAME_BEFORE_CUE.finditer(text, *window):
            if match.start("cue") == cue_start:
                found.append(match.span("name"))
                break
    return found


NAME_PIECES = st.sampled_from([
    "Razdolnoye", "Kozmino", "Ust-Kamenka", "Port", "Sedanka", "The", "X" * 70, "Foo-station", "Bar’s", " ", " ",
    "\t", "  ", ",", "(", "-", "station", "railway station", "port", "river", "air base", "oil terminal", "the",
    "of", "\n", "é", "Ёлка", "Razdolnoye station", "Port Kozmino oil terminal", "Foo Bar Baz Qux station",
    "Kozmino port", "The Sedanka river", "Ust-Kamenka\tjunction", "Vostochny port of Nakhodka",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(NAME_PIECES, max_size=25).map("".join))
def test_names_before_cues_match_the_whole_window_search(text):
    after = [match.span("name") for match in cues._candidates(text) if match.group("cue") is not None
             and match.re is cues._NAME_BEFORE_CUE]
    assert after == _after_cue_reference(text)


def test_a_name_ending_inside_a_longer_one_keeps_the_shorter_names_after_it(mini_dir):
    """The curated pass skips names nested at the end of a longer one ("Korea" in "North Korea") only when no
    name ends inside the longer one: here "Zorvak Telun" ends inside "Telun Mirova", which therefore cannot win,
    and "Mirova" (nested at its end) must still be found."""
    rows = ["zorvak-telun,Zorvak Telun,,city,40.0,120.0,CN,,1000,test fixture,0,,,",
            "telun-mirova,Telun Mirova,,city,41.0,121.0,CN,,1000,test fixture,0,,,",
            "mirova,Mirova,,city,42.0,122.0,CN,,1000,test fixture,0,,,"]
    places = mini_dir / "places.csv"
    places.write_text(places.read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(rows) + "\n",
                      encoding="utf-8")
    gazetteer = Gazetteer.from_dataset(load_dataset(mini_dir))
    text = "Trains ran from Zorvak Telun Mirova to Telun Mirova."
    found = [(m.surface, m.place_id) for m in geoparse(text, gazetteer)]
    assert found == [("Zorvak Telun", "zorvak-telun"), ("Mirova", "mirova"), ("Telun Mirova", "telun-mirova")]


MEMO_PIECES = st.sampled_from([
    "Pyongyang", "Moscow", "Tumen", "Andong", "Frankfurt", "Ussuriysk", "Vladimir Putin", "Kim Jong Un", "Most",
    "Pusan University", "the port of Kozmino", "Razdolnoye station", "President", "NORTH KOREA", "north korea",
    "Khasan", "Komsomolsk-on-Amur", "Leninsk", "St.", "Petersburg", "Jilin", " ", " ", ", ", ". ", "\n", " and ",
    " in ", "Ｓｅｏｕｌ", "Wŏnsan", "Shuangcheng"])


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(MEMO_PIECES, max_size=30).map("".join), min_size=2, max_size=5))
def test_what_a_gazetteer_remembers_never_changes_an_answer(gazetteer, texts):
    """The geoparser remembers per gazetteer the context-free ranking of names, the capitals verdicts and the
    long-tail decisions per run: parsing texts one after another with one gazetteer gives exactly what each
    gets from a fresh gazetteer, also when the memory is so small that it is cleared again and again."""
    dataset = load_dataset()
    for text in texts:
        fresh = [tuple(getattr(m, f) for f in FIELDS) for m in geoparse(text, Gazetteer.from_dataset(dataset))]
        assert [tuple(getattr(m, f) for f in FIELDS) for m in geoparse(text, gazetteer)] == fresh


def test_a_small_memory_is_cleared_and_answers_the_same(gazetteer, monkeypatch):
    import geo.gazetteer.lookup
    import geo.gazetteer.matching
    import geo.geoparse.parser
    import geo.geoparse.runs

    text = ("Kim Jong Un left Pyongyang for Khasan, Ussuriysk and Komsomolsk-on-Amur. In Tumen and Frankfurt, "
            "Pusan University and the port of Kozmino, near Andong and Leninsk, Putin waited in Moscow.")
    expected = geoparse(text, Gazetteer.from_dataset(load_dataset()))
    monkeypatch.setattr(geo.gazetteer.lookup, "MEMO_LIMIT", 2)
    for module in (geo.gazetteer.matching, geo.geoparse.parser, geo.geoparse.runs):
        monkeypatch.setattr(module, "MEMO_LIMIT", 2)
    small = Gazetteer.from_dataset(load_dataset())
    geoparse("Vladivostok, Khabarovsk and Chita.", small)  # three names: past the limit, not at it
    for _ in range(3):
        assert geoparse(text, small) == expected
    memo = memo_of(small)
    assert "vladivostok" not in memo.ranked  # a text starts afresh once the memo holds MEMO_LIMIT names
    assert len(memo.rules._runs) <= 2
    assert len(memo_of(small).rules._runs) <= 2
