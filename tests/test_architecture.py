"""Layering rules the design fixes: geo/ is pure Python (never imports Streamlit); app.py only wires."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_geo_never_imports_streamlit() -> None:
    code = ("import importlib, pkgutil, sys, geo\n"
            "for m in pkgutil.iter_modules(geo.__path__):\n"
            "    if m.name == '__main__': continue\n"
            "    importlib.import_module('geo.' + m.name)\n"
            "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('streamlit', 'streamlit_folium', 'folium'))\n"
            "print(bad)\n"
            "sys.exit(1 if bad else 0)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, f"geo/ pulled in UI packages: {result.stdout} {result.stderr}"


def test_app_only_wires() -> None:
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    assert len(source.splitlines()) < 100
    tree = ast.parse(source)
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert not imported & {"folium", "pandas"}, "map building and table logic belong in components/ or geo/"
