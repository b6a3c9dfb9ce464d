"""The geoparser: a text in, place mentions out (recognition, cue words, sentences, resolution with context)."""

from geo.geoparse.parser import MENTION_KEYS, Mention, curated_spans, geoparse

__all__ = ["MENTION_KEYS", "Mention", "curated_spans", "geoparse"]
