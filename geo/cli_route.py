"""``atlas route`` (owned by the railway work)."""

from __future__ import annotations


def register(sub) -> None:
    """Add this module's sub-commands to the ``atlas`` parser."""
