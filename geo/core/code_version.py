"""One answer to "has the code that shapes stored data changed?": :func:`code_version`.

Everything the atlas keeps between runs is derived from the data files *and* from code: the mention caches
(``data/mentions/``), the corpus snapshot, the dashboard's view snapshot and the GeoNames long-tail index. Each of
them is keyed by :func:`code_version`, a SHA-256 over the source of every module and package resource of the
engine — every ``geo`` package except ``geo.cli``, which only prints what the others compute. A new module, an
edited validation rule or a changed word list all give a new version, so no cache can outlive the code that made it.

Hashing the whole engine, rather than a hand-kept list of the modules each artefact "really" depends on, is
deliberate: such lists went stale (an edit to a validation rule did not invalidate the corpus snapshot, and the
dashboard showed data validated under old rules). The price is a rebuild after any engine edit; ``atlas reindex``
rebuilds the mention caches of a data directory.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

__all__ = ["ENGINE_ROOT", "code_version", "source_files"]

#: The ``geo`` package directory.
ENGINE_ROOT = Path(__file__).resolve().parents[1]
#: Sub-packages whose sources do not shape stored data.
_PRESENTATION_ONLY = ("cli",)
#: What counts as source: modules and the text resources they read (word lists, the published GeoNames points).
_SOURCE_SUFFIXES = (".py", ".txt", ".csv")


def source_files(root: Path = ENGINE_ROOT, *, skip: tuple[str, ...] = _PRESENTATION_ONLY) -> list[Path]:
    """Every source file under ``root`` (modules and text resources), sorted, without the top-level folders in
    ``skip`` and without caches."""
    files = []
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if (path.is_file() and path.suffix in _SOURCE_SUFFIXES and relative.parts[0] not in skip
                and "__pycache__" not in relative.parts):
            files.append(path)
    return sorted(files, key=lambda path: path.relative_to(root).as_posix())


@functools.cache
def code_version(root: Path = ENGINE_ROOT) -> str:
    """SHA-256 (hex) of the engine's sources (:func:`source_files`): their paths relative to ``root`` and their
    bytes. Computed once per process (about 40 files)."""
    digest = hashlib.sha256()
    for path in source_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()
