"""Bounds on what is remembered per gazetteer."""

__all__ = ["MEMO_LIMIT"]

#: How many entries a memo kept for a gazetteer (its context places; the geoparser's decisions per name, run and
#: surface) holds before it starts afresh: a corpus names a few thousand distinct places, so this bounds memory, it
#: is not a working-set size.
MEMO_LIMIT = 100_000
