"""Toponyms the gazetteer does not know, recognised from the words around them.

A name that neither gazetteer tier holds is still a place when the text says so: "the village of Kozmino",
"the port of Vostochny-2", "Razdolnoye station", "Kozmino oil terminal". These spans come back from the geoparser
unresolved (``place_id`` None), so users see them listed — and, when they enable it, the online geocoder gets a
chance to place them. Only explicit cues count: a bare capitalised word after "in" or "to" is far too often a
person, an agency or a month.
"""

from __future__ import annotations

import re
from itertools import repeat

__all__ = ["AFTER_CUE_WORDS", "after_hints_from", "cue_matches", "cue_spans"]

_NAME = r"[A-Z][a-zà-ÿ’'ʼ]+(?:-[A-Za-zà-ÿ’'ʼ]+)*(?:[ \t]+[A-Z][a-zà-ÿ’'ʼ]+(?:-[A-Za-zà-ÿ’'ʼ]+)*){0,2}"
_BEFORE = (r"city|town|village|hamlet|settlement|port|seaport|harbou?r|district|county|province|region|oblast|krai|"
           r"island|islet|peninsula|bay|lake|river|mountain|station|junction|airport|airfield|garrison|base")
_AFTER = (r"(?:railway[ \t]+|train[ \t]+|border[ \t]+|rail[ \t]+)?station|junction|airport|airfield|air[ \t]+base|"
          r"naval[ \t]+base|port|seaport|oil[ \t]+terminal|terminal|cosmodrome|spaceport|shipyard|dam|"
          r"border[ \t]+crossing|river|village|region|province|oblast|krai|district")
_NAME_AFTER_CUE = re.compile(rf"\b(?P<cue>{_BEFORE})[ \t]+of[ \t]+(?P<name>{_NAME})")
_NAME_BEFORE_CUE = re.compile(rf"(?<![\w’'ʼ-])(?P<name>{_NAME})[ \t]+(?P<cue>{_AFTER})\b")
# Both patterns above, run over a whole text, are tried at every offset. The hints below start with a literal, so
# the regex engine skips through the text in C to the few places a cue can be; each pattern is then tried only there.
_OF_HINT = re.compile(r"of[ \t]+[A-Z]")
_FIRST_AFTER_WORDS = sorted({alt.split("[")[0].split("(")[0] for alt in re.sub(r"\(\?:[^)]*\)\?", "",
                                                                               _AFTER).split("|")}
                            | {"railway", "train", "border", "rail"})


def _by_first_letter(words: list[str]) -> str:
    """``a(?:ir|irport)|b(?:order)|...``: the same words as ``a|b|c``, but the regex engine tries one branch
    per first letter instead of every word after each space."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in sorted(groups.items()))


#: The first words of the cues that follow a name ("station", "railway", "oil"...): the geoparser's curated
#: Aho–Corasick pass also finds these (see :func:`after_hints_from`), which saves a second pass over the whole
#: text with :data:`_AFTER_HINT`.
AFTER_CUE_WORDS = frozenset(_FIRST_AFTER_WORDS)
_AFTER_HINT = re.compile(rf" (?:{_by_first_letter(_FIRST_AFTER_WORDS)})\b")
_AFTER_HINT_TAB = re.compile(rf"[ \t](?:{_by_first_letter(_FIRST_AFTER_WORDS)})\b")
_BEFORE_WORDS = frozenset(_BEFORE.replace("harbou?r", "harbor|harbour").split("|"))
#: The longest stretch before a cue searched for its name (three words).
_NAME_REACH = 200
#: The longest word before a cue that can be a name, with room to spare: Wales's
#: Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch has 58 letters, New Zealand's Taumata… hill 85.
_WORD_REACH = 100
#: The longest cue ("railway station", "border crossing") past its first word, white space included.
_CUE_REACH = 40


def cue_spans(text: str, is_ordinary_word) -> list[tuple[int, int]]:
    """``(start, end)`` of names a cue word marks as places ("village of |Kozmino|", "|Razdolnoye| station").

    ``is_ordinary_word(word)`` says whether a capitalised word is just an English word or a famous non-place
    proper noun ("The", "Russian", "Kim"): a name made only of such words is not taken ("the Russian port").
    Overlapping spans are not removed here; the geoparser keeps a curated or long-tail name over a cue span.
    """
    return sorted({(start, end) for start, end, _ in cue_matches(text, is_ordinary_word)})


def cue_matches(text: str, is_ordinary_word, after_hints=None) -> list[tuple[int, int, str]]:
    """:func:`cue_spans` with the cue word of each: ``(start, end, cue)`` sorted, e.g. ``(33, 43, "station")``.

    A span marked by two cues ("the port of Kozmino oil terminal") comes once, with the first cue found.
    ``after_hints``, if given, are the matches of the hint for a cue after a name, in text order, found
    otherwise (:func:`after_hints_from`); None scans the text for them.
    """
    found: dict[tuple[int, int], str] = {}
    # The same few words recur at every cue ("The", "Russian"): decide each distinct word once per call.
    verdicts: dict[str, bool] = {}

    def ordinary(word: str) -> bool:
        verdict = verdicts.get(word)
        if verdict is None:
            verdict = verdicts[word] = _ordinary(word, is_ordinary_word)
        return verdict

    for match in _candidates(text, after_hints):
        name, (start, end) = match.group("name"), match.span("name")
        # Leading ordinary words are not part of the name ("|The| Tumen River" at a sentence start).
        skip = 0
        for word in _WORD.finditer(name):
            if not ordinary(word.group()):
                break
            skip = _SEPARATOR.match(name, word.end()).end()
        start += skip
        if start >= end:
            continue  # "the Russian port": only ordinary words, no name at all
        found.setdefault((start, end), " ".join(match.group("cue").split()))
    return sorted((start, end, cue) for (start, end), cue in found.items())


def after_hints_from(text: str, positions) -> list[re.Match]:
    """The hints of a cue after a name (" station", "\tport"), as a scan of ``text`` would find them, given every
    position where one may start (in order; a superset is fine: each is checked with the hint pattern)."""
    hint = _AFTER_HINT_TAB if "\t" in text else _AFTER_HINT
    return [match for match in map(hint.match, repeat(text), positions) if match is not None]


def _candidates(text: str, after_hints=None):
    """The matches of :data:`_NAME_AFTER_CUE` and :data:`_NAME_BEFORE_CUE` in ``text``, found from hints."""
    for hint in _OF_HINT.finditer(text):  # "port of |Kozmino"
        of = hint.start()
        if of == 0 or text[of - 1] not in " \t":
            continue
        cue_end = of - 1
        while cue_end > 0 and text[cue_end - 1] in " \t":
            cue_end -= 1
        cue_start = cue_end
        while cue_start > 0 and (text[cue_start - 1].isalnum() or text[cue_start - 1] == "_"):
            cue_start -= 1
        if text[cue_start:cue_end] in _BEFORE_WORDS:
            match = _NAME_AFTER_CUE.match(text, cue_start)
            if match is not None:
                yield match
    if after_hints is None:
        after_hints = (_AFTER_HINT_TAB if "\t" in text else _AFTER_HINT).finditer(text)
    for hint in after_hints:  # "Razdolnoye |station"
        word_end = _capitalised_word_end(text, hint.start())
        if word_end < 0:
            continue
        cue_start = hint.start() + 1
        window = _name_search_start(text, word_end, cue_start)
        for match in _NAME_BEFORE_CUE.finditer(text, window, hint.end() + _CUE_REACH):
            if match.start("cue") == cue_start:
                yield match
                break


def _name_search_start(text: str, word_end: int, cue_start: int) -> int:
    """Where to look for the name before the cue at ``cue_start`` whose last word ends at ``word_end``: the start of
    the third white-space separated token back, or :data:`_NAME_REACH` before the cue if that is later.

    A name has at most three words, each inside one of the tokens before the cue, so scanning from the third token
    back finds the same match as scanning from the reach's start (a match found earlier ends with a lower-case cue
    word, which cannot lie inside the capitalised name): the pattern is tried from there instead of at every offset
    of the reach.
    """
    window = max(0, cue_start - _NAME_REACH)
    bound = word_end
    for _ in range(3):
        separator = max(text.rfind(" ", window, bound), text.rfind("\t", window, bound))
        if separator == -1:
            return window
        bound = separator
        while bound > window and text[bound - 1] in " \t":
            bound -= 1
    return separator + 1


def _capitalised_word_end(text: str, hint_start: int) -> int:
    """Where the word before the cue hint at ``hint_start`` ends, or -1 unless that word is capitalised (a name
    goes before a cue: "Razdolnoye station", not "the station"). Any white space ends the word before it (a name
    at the start of a line); a "word" longer than :data:`_WORD_REACH` is no name."""
    word_end = hint_start
    while word_end > 0 and text[word_end - 1] in " \t":
        word_end -= 1
    if word_end == 0 or text[word_end - 1].isspace():
        return -1  # a line break between the cue and the word before it
    low = max(0, word_end - _WORD_REACH)
    word_start = word_end - len(text[low:word_end].rsplit(None, 1)[-1])
    if word_start == low > 0 and not text[low - 1].isspace():
        return -1
    return word_end if "A" <= text[word_start] <= "Z" else -1


_WORD = re.compile(r"[^ \t-]+")
_SEPARATOR = re.compile(r"[ \t-]*")


_POSSESSIVE = re.compile(r"[’'ʼ]s?$")


def _ordinary(word: str, is_ordinary_word) -> bool:
    bare = _POSSESSIVE.sub("", word).lower()
    return is_ordinary_word(bare)
