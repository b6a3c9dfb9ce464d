"""The README documents every command and setting, and its quick start is what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

from geo.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")  # argparse has no public accessor
    return sorted(sub.choices)


def test_every_cli_command_is_documented() -> None:
    missing = [name for name in _commands() if f"`atlas {name}" not in README]
    assert not missing, f"README lacks: {missing}"


def test_every_environment_variable_is_documented() -> None:
    used = set()
    for path in [*ROOT.glob("geo/**/*.py"), *ROOT.glob("components/*.py"), ROOT / "app.py"]:
        if path.name == "settings.py":  # it also names the variables that are not package settings (bench, tests)
            continue
        used |= set(re.findall(r"\b(ATLAS_[A-Z_]*[A-Z])\b", path.read_text(encoding="utf-8")))
    missing = sorted(v for v in used if v not in README)
    assert not missing, f"README lacks: {missing}"


def test_quick_start_has_two_commands_and_ci_runs_the_test_one() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.+?)\n```", section, flags=re.S)
    assert len(commands) == 2
    assert "streamlit run app.py" in commands[0]
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
