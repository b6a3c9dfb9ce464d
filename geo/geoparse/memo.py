"""What the geoparser decides once per gazetteer and reuses for every text."""

from __future__ import annotations

import weakref

from geo.gazetteer.lookup import Candidate, Gazetteer
from geo.geoparse.runs import LongTailRules

__all__ = ["Memo", "memo_of"]


class Memo:
    """What the geoparser decides once per gazetteer and reuses for every text (see :func:`memo_of`): the long-tail
    rules with their decisions per run, and each name's
    ranking on its own with what follows from it. Re-deciding these for each article made parsing articles one at
    a time far slower than parsing the same articles as one text."""

    def __init__(self, gazetteer: Gazetteer):
        self.rules = LongTailRules(gazetteer)
        self.ranked: dict[str, tuple[Candidate, ...]] = {}  # name key → its candidates ranked without context
        self.anchor: dict[str, str] = {}  # name key → the place it names without doubt (one curated candidate)
        self.fields: dict[str, tuple] = {}  # name key → its mentions' resolved fields, unless it is ambiguous

    def forget_names(self) -> None:
        """Start afresh (the memo keeps at most :data:`geo.gazetteer.lookup.MEMO_LIMIT` names)."""
        self.ranked, self.anchor, self.fields = {}, {}, {}


_MEMOS: weakref.WeakKeyDictionary[Gazetteer, Memo] = weakref.WeakKeyDictionary()


def memo_of(gazetteer: Gazetteer) -> Memo:
    """The gazetteer's memo, made on first use and kept while the gazetteer lives: every decision in it depends
    only on the gazetteer (which never changes once built) and the string decided on."""
    memo = _MEMOS.get(gazetteer)
    if memo is None:
        memo = _MEMOS[gazetteer] = Memo(gazetteer)
    return memo
