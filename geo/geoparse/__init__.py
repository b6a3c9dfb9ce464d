"""The geoparser: a text in, place mentions out (recognition, cue words, sentences, resolution with context)."""

from geo.geoparse.parser import MENTION_KEYS, Mention, curated_spans, geoparse, passage_bounds

__all__ = ["MENTION_KEYS", "Mention", "curated_spans", "geoparse", "passage_bounds"]
