"""docs/scaling.md's snippets do what the page says: every ``sh`` and ``python`` block of its corpus sections runs,
in order, in a folder holding a data directory ``data/`` and a folder of articles ``inbox/``."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "scaling.md"
FIRST_SECTION = "## Bringing a corpus in"
_BLOCK = re.compile(r"```(sh|python)\n(.*?)```", re.S)


def snippets() -> list[tuple[str, str]]:
    text = DOC.read_text(encoding="utf-8")
    assert FIRST_SECTION in text, "the corpus sections of docs/scaling.md moved: update this test"
    return _BLOCK.findall(text[text.index(FIRST_SECTION):])


def test_the_page_has_shell_and_python_snippets():
    kinds = [kind for kind, _ in snippets()]
    assert kinds.count("sh") >= 1
    assert kinds.count("python") >= 3


@pytest.fixture
def workspace(tmp_path: Path, mini_dir: Path) -> Path:
    shutil.copytree(mini_dir, tmp_path / "work" / "data")
    inbox = tmp_path / "work" / "inbox"
    inbox.mkdir()
    for number, (a, b) in enumerate([("Khasan", "Ussuriysk"), ("Pyongyang", "Vladivostok"),
                                     ("Khabarovsk", "Skovorodino")], start=1):
        (inbox / f"dispatch-{number}.md").write_text(
            f"---\ntitle: Dispatch {number}\noutlet: Doc Wire\npublished: 2019-04-2{number}\n---\n"
            f"The train left {a} and reached {b} on day {number} of the journey.\n", encoding="utf-8")
    return tmp_path / "work"


def test_every_snippet_runs(workspace: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(workspace)
    namespace: dict = {}
    for kind, code in snippets():
        if kind == "sh":
            for line in code.splitlines():
                command = line.split("#", 1)[0].strip()
                if not command:
                    continue
                argv = shlex.split(command)
                assert argv[0] == "atlas", command
                result = subprocess.run([sys.executable, "-m", "geo", *argv[1:]], capture_output=True, text=True,
                                        cwd=workspace, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=600)
                assert result.returncode == 0, (command, result.stdout, result.stderr)
        else:
            exec(compile(code, f"{DOC.name} snippet", "exec"), namespace)
    assert (workspace / "unresolved.csv").read_text(encoding="utf-8").startswith("surface,count,files")
    assert len(list((workspace / "data" / "articles").glob("doc-wire-*.md"))) == 3
    assert (workspace / "mentions-parquet").is_dir()
