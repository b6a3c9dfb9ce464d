"""pytest plugin for the mutation runs (``-p mutation_index``, loaded by ``scripts/mutation.sh``): the GeoNames
long-tail index of the unmutated code, reused by each mutant.

The index is cached under a name keyed by :func:`geo.core.code_version.code_version`, a hash of every engine
module, so each mutant — a changed engine module — has a key of its own and would build the index again (about
12 s on the 2 shared cores, three times the rest of a typical selection). Only ``geo/gazetteer/longtail.py``,
``world.py`` and ``normalize.py`` shape the index; a mutant of another module builds exactly the index of the
unmutated code. ``scripts/mutation.sh`` keeps a copy of that index (``$MUTATION_LONGTAIL_INDEX``, outside the cache
directory, where a rebuilt index's clean-up of stale ones cannot reach it) and this plugin links it under the
mutant's name before the tests run, and removes the link afterwards.

Not used for the three modules that shape the index (``MUTATION_LONGTAIL_INDEX`` unset): their mutants build it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

_linked: list[Path] = []


def pytest_configure(config) -> None:
    reference = os.environ.get("MUTATION_LONGTAIL_INDEX")
    if not reference or not Path(reference).is_file():
        return
    from geo.gazetteer.longtail import LongTail

    target = LongTail().cache_file()
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(reference, target)
    except OSError:
        shutil.copyfile(reference, target)
    _linked.append(target)


def pytest_unconfigure(config) -> None:
    for target in _linked:
        target.unlink(missing_ok=True)
