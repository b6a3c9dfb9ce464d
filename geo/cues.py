"""Toponyms the gazetteer does not know, recognised from the words around them.

A name that neither gazetteer tier holds is still a place when the text says so: "the village of Kozmino",
"the port of Vostochny-2", "Razdolnoye station", "Kozmino oil terminal". These spans come back from the geoparser
unresolved (``place_id`` None), so users see them listed — and, when they enable it, the online geocoder gets a
chance to place them. Only explicit cues count: a bare capitalised word after "in" or "to" is far too often a
person, an agency or a month.
"""

from __future__ import annotations

import re

__all__ = ["cue_matches", "cue_spans"]

_NAME = r"[A-Z][a-zà-ÿ’'ʼ]+(?:-[A-Za-zà-ÿ’'ʼ]+)*(?:[ \t]+[A-Z][a-zà-ÿ’'ʼ]+(?:-[A-Za-zà-ÿ’'ʼ]+)*){0,2}"
_BEFORE = (r"city|town|village|hamlet|settlement|port|seaport|harbou?r|district|county|province|region|oblast|krai|"
           r"island|islet|peninsula|bay|lake|river|mountain|station|junction|airport|airfield|garrison|base")
_AFTER = (r"(?:railway[ \t]+|train[ \t]+|border[ \t]+|rail[ \t]+)?station|junction|airport|airfield|air[ \t]+base|"
          r"naval[ \t]+base|port|seaport|oil[ \t]+terminal|terminal|cosmodrome|spaceport|shipyard|dam|"
          r"border[ \t]+crossing|river|village|region|province|oblast|krai|district")
_NAME_AFTER_CUE = re.compile(rf"\b(?P<cue>{_BEFORE})[ \t]+of[ \t]+(?P<name>{_NAME})")
_NAME_BEFORE_CUE = re.compile(rf"(?<![\w’'ʼ-])(?P<name>{_NAME})[ \t]+(?P<cue>{_AFTER})\b")


def cue_spans(text: str, is_ordinary_word) -> list[tuple[int, int]]:
    """``(start, end)`` of names a cue word marks as places ("village of |Kozmino|", "|Razdolnoye| station").

    ``is_ordinary_word(word)`` says whether a capitalised word is just an English word or a famous non-place
    proper noun ("The", "Russian", "Kim"): a name made only of such words is not taken ("the Russian port").
    Overlapping spans are not removed here; the geoparser keeps a curated or long-tail name over a cue span.
    """
    return sorted({(start, end) for start, end, _ in cue_matches(text, is_ordinary_word)})


def cue_matches(text: str, is_ordinary_word) -> list[tuple[int, int, str]]:
    """:func:`cue_spans` with the cue word of each: ``(start, end, cue)`` sorted, e.g. ``(33, 43, "station")``.

    A span marked by two cues ("the port of Kozmino oil terminal") comes once, with the first cue found.
    """
    found: dict[tuple[int, int], str] = {}
    for pattern in (_NAME_AFTER_CUE, _NAME_BEFORE_CUE):
        for match in pattern.finditer(text):
            name, (start, end) = match.group("name"), match.span("name")
            # Leading ordinary words are not part of the name ("|The| Tumen River" at a sentence start).
            skip = 0
            for word in _WORD.finditer(name):
                if not _ordinary(word.group(), is_ordinary_word):
                    break
                skip = _SEPARATOR.match(name, word.end()).end()
            start += skip
            if start >= end:
                continue
            if all(_ordinary(word, is_ordinary_word) for word in _WORD.findall(text[start:end])):
                continue  # "the Russian port": no name at all
            found.setdefault((start, end), " ".join(match.group("cue").split()))
    return sorted((start, end, cue) for (start, end), cue in found.items())


_WORD = re.compile(r"[^ \t-]+")
_SEPARATOR = re.compile(r"[ \t-]*")


def _ordinary(word: str, is_ordinary_word) -> bool:
    bare = re.sub(r"[’'ʼ]s?$", "", word).lower()
    return is_ordinary_word(bare)
