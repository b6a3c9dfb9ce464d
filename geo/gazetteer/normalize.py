"""Name normalisation shared by the gazetteer and the geoparser.

Two forms:

* :func:`fold` maps a whole text to a *length-preserving* matching form: lower case, diacritics removed
  ("P'yŏngyang" → "p yongyang"), and every character that is not a letter or digit (apostrophes ' ’ ʼ, hyphens,
  periods, quotes, whitespace) replaced by a space. Because ``len(fold(t)) == len(t)``, an offset found in the
  folded text is the offset in the original, so the matcher never needs an offset map.
* :func:`name_key` is the lookup key of a name: its fold with runs of spaces collapsed ("Komsomolsk-na-Amure",
  "komsomolsk na amure"; "PYONGYANG" and "Pyongyang's" → "pyongyang" / "pyongyang s").

:func:`key_variants` lists the folded forms under which one gazetteer name can appear in a text (with and without
its apostrophes and periods, "N. Korea" with one or two spaces), which is what the matcher's automaton stores.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache

import numpy

__all__ = ["fold", "fold_char", "fold_parts", "is_abbreviation", "key_variants", "name_key", "strip_possessive"]

# ASCII letters and digits stay (upper case folded), every other byte becomes a space. Non-ASCII characters
# arrive here as "?" (from ``encode("ascii", "replace")``) and so become spaces; non-ASCII *letters* are
# patched back in afterwards by :func:`fold_char`.
_ASCII_TABLE = bytes(
    c if (48 <= c <= 57 or 97 <= c <= 122) else (c + 32 if 65 <= c <= 90 else 32) for c in range(256))
#: From this length on, :func:`fold_parts` patches non-ASCII letters with numpy (whose fixed cost per call, ~30 us,
#: a name or a short paragraph does not repay).
_NUMPY_FROM = 32_768
_ASCII_BYTES = bytes(range(128))
_APOSTROPHES = "'’ʼ‘`´"
_POSSESSIVE = re.compile(r"[’'ʼ]s?$")


@cache
def fold_char(ch: str) -> str:
    """One character's matching form: an ASCII letter or digit, or a space (never more than one character).

    Letters without an ASCII base (Cyrillic, Hangul, ...) fold to a space: the gazetteer matches Latin script.
    """
    if ch in _APOSTROPHES:
        return " "
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)).lower()
    special = {"ß": "s", "æ": "a", "ø": "o", "œ": "o", "đ": "d", "ł": "l", "ı": "i", "þ": "t", "ð": "d"}
    base = special.get(base, base)
    if len(base) >= 1 and base[0].isascii() and base[0].isalnum():
        return base[0]
    return " "


def fold(text: str) -> str:
    """Length-preserving matching form of ``text`` (see the module docstring); C loops over ASCII text."""
    return fold_parts(text)[0]


def fold_parts(text: str) -> tuple[str, set[str]]:
    """:func:`fold` of ``text``, and the distinct non-ASCII characters of ``text`` (empty for ASCII text)."""
    # encode("ascii", "replace") turns each non-ASCII character into one "?", so offsets are kept; str.lower()
    # is avoided on purpose: on non-Latin-1 text it is several times slower than the whole rest of the fold.
    folded = text.encode("ascii", "replace").translate(_ASCII_TABLE)
    if text.isascii():  # O(1) for a str (a flag of the string object): no counting of "?" needed
        return folded.decode("ascii"), set()
    if len(text) < _NUMPY_FROM:
        # A name or a short text: patch each distinct non-ASCII letter where it occurs (str.find runs in C).
        buf = bytearray(folded)
        # the distinct non-ASCII characters: the UTF-8 form without its ASCII bytes (a C loop) decoded
        chars = set(text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode(
            "utf-8", "surrogatepass"))
        for ch in chars:
            code = ord(fold_char(ch))
            if code != 32:
                pos = text.find(ch)
                while pos != -1:
                    buf[pos] = code
                    pos = text.find(ch, pos + 1)
        return buf.decode("ascii"), chars
    # A long text: patch the non-ASCII characters (é → e; punctuation and other scripts → space, as "?" already
    # is) in numpy, the code points as one array and the folds of the distinct ones as a table. The find loop
    # above makes a pass over the whole text per distinct character, which adds up on text in many accented letters.
    codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), numpy.uint32)
    where = numpy.flatnonzero(codes > 127)
    distinct, which = numpy.unique(codes[where], return_inverse=True)
    chars = list(map(chr, distinct.tolist()))
    table = numpy.frombuffer("".join(map(fold_char, chars)).encode("ascii"), numpy.uint8)
    buf = numpy.frombuffer(folded, numpy.uint8).copy()
    buf[where] = table[which]
    return buf.tobytes().decode("ascii"), set(chars)


def name_key(name: str) -> str:
    """Lookup key of a name: folded, single-spaced, stripped ("P'yŏngyang" → "p yongyang")."""
    return " ".join(fold(name).split())


def strip_possessive(surface: str) -> str:
    """``surface`` without a trailing possessive ("Pyongyang’s" → "Pyongyang", "Kims'" → "Kims")."""
    return _POSSESSIVE.sub("", surface) if len(surface) > 2 else surface


def is_abbreviation(name: str) -> bool:
    """True for all-capitals short forms ("DPRK", "ROK", "U.S.", "USSR"), which must match in capitals only."""
    letters = [c for c in name if c.isalpha()]
    return 0 < len(letters) <= 5 and all(c.isupper() for c in letters)


def key_variants(name: str, *, limit: int = 16) -> set[str]:
    """The folded forms in which ``name`` may appear inside a folded text (for the matcher's automaton).

    Covers the name as written, without its apostrophes ("P'yŏngyang" → "pyongyang", "Ji'an" → "jian") and
    without its periods ("St. Petersburg" → "st petersburg"), and after a short token either one or two spaces
    ("N. Korea" folds to "n  korea" in a text, "N Korea" to "n korea").
    """
    bases = {name, _drop(name, _APOSTROPHES), _drop(name, "."), _drop(name, _APOSTROPHES + ".")}
    variants: set[str] = set()
    for base in bases:
        tokens = fold(base).split()
        if not tokens:
            continue
        forms = [tokens[0]]
        for prev, token in itertools.pairwise(tokens):
            seps = (" ", "  ") if len(prev) <= 3 else (" ",)
            forms = [form + sep + token for form in forms for sep in seps][:limit]
        variants.update(forms)
    return variants


def _drop(text: str, chars: str) -> str:
    return text.translate({ord(c): None for c in chars})
