"""The gazetteer: curated places and the GeoNames long tail, name normalisation, word lists, ranking with context,
and the matcher that finds curated names in a text."""

from geo.gazetteer.lookup import Candidate, ContextPlace, DocumentContext, Gazetteer

__all__ = ["Candidate", "ContextPlace", "DocumentContext", "Gazetteer"]
