"""``atlas geocode``, ``atlas geoparse``, ``atlas ingest``, ``atlas reindex`` (owned by the geo-engine work)."""

from __future__ import annotations


def register(sub) -> None:
    """Add this module's sub-commands to the ``atlas`` parser."""
