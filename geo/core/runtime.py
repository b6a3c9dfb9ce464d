"""Process-wide runtime settings that only the owner of a process may change.

The library never switches the garbage collector: a dashboard thread or a caller's program shares the interpreter.
The programs that own their process — the ``atlas`` command line, the parallel runner's worker processes, the
benchmarks — pause the cyclic collector while they geoparse: a long text allocates hundreds of thousands of small
objects (hits, mentions) and no reference cycles, and the collector would otherwise walk the young heap hundreds of
times per text for nothing (docs/benchmarks.md has the measured share).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collector_paused"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the ``with`` block and restore its previous state after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
