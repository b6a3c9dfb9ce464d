"""Atomic writes under injected faults: for every file kind the project writes, a process that dies after writing
the new data but before the rename, or in the middle of writing it, leaves the old file byte for byte — never a
torn or empty one — and the project's readers see the old state.

Deterministic, unlike the random SIGKILLs of ``test_crash_safety.py``: the fault is placed at the moment that
matters (see ``tests/support/atomic_faults.py``). A writer that wrote in place (no temporary file, no rename) fails
both: it never reaches a rename, and a death mid-write leaves the target truncated.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from geo.core.atomic import TEMP_PREFIX, remove_stale_temp_files
from tests.support.atomic_faults import KINDS, MARKER, ROOT, setup

FAULTS = {"kill-at-rename": signal.SIGKILL, "die-mid-write": signal.SIGXFSZ}


def run_child(kind: str, root: Path, fault: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tests.support.atomic_faults", kind, str(root), fault], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)


def leftovers(folder: Path) -> list[Path]:
    return sorted(folder.glob(TEMP_PREFIX + "*.part"))


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("kind", KINDS)
def test_a_writer_that_dies_leaves_the_old_file(tmp_path, kind, fault):
    target = setup(kind, tmp_path)
    old_bytes = target.read_bytes() if target.exists() else None
    old_view = KINDS[kind].read(tmp_path)

    result = run_child(kind, tmp_path, fault)

    # The fault really struck: otherwise the test would prove nothing (a writer that writes in place never
    # reaches a rename; a new file no larger than the limit would never be cut).
    hint = " (no temporary file was renamed over the target: written in place?)" if fault == "kill-at-rename" else ""
    assert result.returncode == -FAULTS[fault], (
        f"{kind}: the child was meant to die by {FAULTS[fault].name} but exited {result.returncode}{hint}"
        f"\n{result.stderr[-2000:]}")
    if old_bytes is None:
        assert not target.exists(), f"{kind}: a file that did not exist is absent or complete, never partial"
    else:
        assert target.read_bytes() == old_bytes, f"{kind}: the old file must survive byte for byte"
    assert KINDS[kind].read(tmp_path) == old_view, f"{kind}: readers must still see the old state"

    # The new data was in the temporary file (complete, when killed at the rename): the kill came between the
    # write and the rename, and the leftover is what the next writer cleans up.
    left = leftovers(target.parent)
    assert len(left) == 1, f"{kind}: one temporary file left by the dead writer, found {left}"
    if fault == "kill-at-rename":
        assert MARKER.encode() in left[0].read_bytes()
    else:  # cut at the size limit: the death came while writing the target's data
        assert left[0].stat().st_size == len(old_bytes or b"") + KINDS[kind].limit_over_old
    assert remove_stale_temp_files(target.parent) == left
    assert not leftovers(target.parent)


@pytest.mark.parametrize("kind", KINDS)
def test_without_a_fault_the_write_lands(tmp_path, kind):
    """The control: the same write without a fault replaces the target (so the faults above, and not a broken
    scenario, are what kept the old file)."""
    target = setup(kind, tmp_path)
    old_view = KINDS[kind].read(tmp_path)
    KINDS[kind].write(tmp_path)
    assert MARKER.encode() in target.read_bytes()
    assert KINDS[kind].read(tmp_path) != old_view
    assert not leftovers(target.parent)
