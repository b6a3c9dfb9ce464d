"""Streets and named facilities the gazetteer does not hold: "Royal Street", "Barclays Center", "Alder Hey
Children's Hospital", "Donington Park".

A capitalised name that ends in a capitalised head noun of a closed class (street, avenue, hospital, stadium…) is
a place in its own right (docs/annotation-guide.md: a facility used as a place counts). No gazetteer lists
streets and buildings, so such a mention resolves to the smallest place the document puts it in, as the guide
says: the place named right after it ("Collins Avenue in Miami Beach", "Thruxton, Hampshire"), else the nearest
settlement named before it, else the first one named after it — with a low confidence and a reason that says so.
Without any, it stays unresolved (still listed, for review).
"""

from __future__ import annotations

import re

from geo.gazetteer.wordlists import TITLES

__all__ = ["FACILITY_REASON", "facility_spans", "locate_facilities", "placed_fields"]

#: The reason an unresolved facility mention carries until :func:`locate_facilities` places it.
FACILITY_REASON = "a street or facility the gazetteer does not hold"
#: The confidence of a facility placed at the settlement the text puts it in.
_CONFIDENCE = 0.3

# Head nouns that end a street's or a facility's name. Left out on purpose: heads that are also common surnames or
# first names ("Lane", "Hall", "Church" alone is kept: "Third Presbyterian Church"), and "Place"/"Way", which end
# too many phrases that are not names.
_HEADS = ("Street|Avenue|Road|Drive|Boulevard|Square|Plaza|Bridge|Canal|Church|Chapel|Cathedral|Mosque|Temple|"
          "Hospital|Airport|Stadium|Arena|Library|Theatre|Theater|Museum|Mountains|Lagoon|Estate|Plantation|Market|"
          "Park|Center|Centre|Prison|Penitentiary|Racecourse|Raceway|Circuit|City Hall|Town Hall")
_HEAD = re.compile(rf"(?<=[ \t])(?:{_HEADS})(?![\w’'ʼ-])")
# One to four capitalised words (or ordinals) right before the head, each glued to the next by one space.
_NAME_TAIL = re.compile(r"(?:(?<![\w’'ʼ.-])[A-Z0-9][\w’'ʼ&-]*[ \t]){1,4}$")
_SETTLEMENTS = frozenset({"city", "town", "village", "district", "station", "county", "admin2"})
# What joins a facility to the place it is in: "Collins Avenue in Miami Beach", "Thruxton, Hampshire".
_JOINED = re.compile(r",?[ \t]+(?:in|at|near|of|off)[ \t]+|,[ \t]*")
_LEADING = frozenset({"The", "A", "An", "In", "At", "On", "Of", "From", "To", "By", "And", "But", "For", "With"})


def facility_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, reason)`` of every street or facility name in ``text`` ("Royal Street"), head included."""
    found = []
    for head in _HEAD.finditer(text):
        window_start = max(0, head.start() - 80)
        name = _NAME_TAIL.search(text, window_start, head.start())
        if name is None:
            continue
        start = name.start()
        words = text[start:head.start()].split()
        while words and words[0] in _LEADING:  # "The Colony Theatre" keeps its name, "At Royal Street" does not
            start = text.index(words[0], start) + len(words[0])
            start += len(text[start:]) - len(text[start:].lstrip())
            words.pop(0)
        if not words or any(word.lower().rstrip(".") in TITLES for word in words):
            continue  # "President Park" is a person
        if found and found[-1][0] >= start:  # "Union Square Market": the longer name, not both
            found.pop()
        found.append((start, head.end(), FACILITY_REASON))
    return found


def locate_facilities(text: str, mentions: list, fields_of) -> list:
    """``mentions`` (sorted) with each unresolved facility mention placed at the settlement the text puts it in.

    ``fields_of(mention, anchor)`` builds the replacement mention from the facility and the anchoring mention.
    """
    out = list(mentions)
    for i, mention in enumerate(mentions):
        if mention.place_id is not None or mention.reason != FACILITY_REASON:
            continue
        anchor = None
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        if (following is not None and following.place_id is not None
                and _JOINED.fullmatch(text, mention.end, following.start) is not None):
            anchor = following
        if anchor is None:
            anchor = next((m for m in reversed(mentions[:i]) if m.place_id is not None and m.kind in _SETTLEMENTS),
                          None)
        if anchor is None:
            anchor = next((m for m in mentions[i + 1:] if m.place_id is not None and m.kind in _SETTLEMENTS), None)
        if anchor is not None:
            out[i] = fields_of(mention, anchor)
    return out


def placed_fields(anchor) -> tuple:
    """The resolved fields of a facility placed at ``anchor``'s place (see :class:`geo.geoparse.parser.Mention`)."""
    return (anchor.place_id, anchor.name, anchor.lat, anchor.lon, anchor.country, anchor.kind, _CONFIDENCE,
            f"a street or facility the gazetteer does not hold, in {anchor.name}", None)
