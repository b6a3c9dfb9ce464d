"""The layering the design fixes (docs/architecture.md): the import-linter contracts of pyproject.toml, no import
cycle, small modules, geo/ pure Python, app.py only wiring, and the architecture document matching the tree."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("geo", "components")


def test_import_contracts_hold() -> None:
    """`lint-imports` with the contracts of pyproject.toml (layers of geo/, the engine free of UI code, ...)."""
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert lint, "import-linter is part of the test extra: pip install -e '.[test]'"
    result = subprocess.run([lint, "--no-cache"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert re.search(r"Contracts: (\d+) kept, 0 broken", result.stdout), result.stdout[-2000:]


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_cycle(package: str) -> None:
    """No module imports itself through others, counting imports inside functions (grimp sees those too)."""
    graph = grimp.build_graph(package, exclude_type_checking_imports=True)
    edges = nx.DiGraph((module, imported) for module in graph.modules
                       for imported in graph.find_modules_directly_imported_by(module))
    assert list(nx.simple_cycles(edges)) == []


@pytest.mark.parametrize("package", PACKAGES)
def test_no_source_file_over_1000_lines(package: str) -> None:
    long = {str(path.relative_to(ROOT)): n for path in (ROOT / package).rglob("*.py")
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 1000}
    assert long == {}


def test_geo_never_imports_streamlit() -> None:
    """Importing every geo module pulls in no UI package (the contracts check the source; this checks runtime)."""
    code = ("import importlib, pkgutil, sys, geo\n"
            "for m in pkgutil.walk_packages(geo.__path__, 'geo.'):\n"
            "    if not m.name.endswith('__main__'): importlib.import_module(m.name)\n"
            "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('streamlit', 'streamlit_folium', 'folium'))\n"
            "print(bad)\n"
            "sys.exit(1 if bad else 0)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, f"geo/ pulled in UI packages: {result.stdout} {result.stderr}"


def test_app_only_wires() -> None:
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    assert len(source.splitlines()) < 110   # a page of wiring (was < 100 before the Add panel, issue 16)
    tree = ast.parse(source)
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert not imported & {"folium", "pandas"}, "map building and table logic belong in components/ or geo/"


def test_architecture_doc_matches_the_tree() -> None:
    """docs/architecture.md names every geo sub-package and module, and no module that does not exist."""
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    modules = {path.relative_to(ROOT).as_posix() for path in (ROOT / "geo").rglob("*.py")
               if path.name not in ("__init__.py", "__main__.py")}
    named = set(re.findall(r"geo/[a-z_]+/[a-z_]+\.py", doc))
    assert modules - named == set(), "modules missing from docs/architecture.md"
    assert named - modules == set(), "docs/architecture.md names modules that do not exist"
    packages = {path.parent.name for path in (ROOT / "geo").glob("*/__init__.py")}
    layers = re.findall(r'"([a-z |]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8").split(
        "layers = [", 1)[1].split("]", 1)[0])
    assert {name.strip() for layer in layers for name in layer.split("|")} == packages, \
        "every geo package is a layer of the contract in pyproject.toml"
    for layer in layers:
        assert f"`{layer.replace(' | ', '` | `')}`" in doc or all(f"geo/{p.strip()}/" in doc for p in layer.split("|"))


def test_word_lists_ship_as_package_data() -> None:
    """The word lists and the published GeoNames points are resources that a wheel carries (pyproject's
    package-data), read through importlib.resources, not Python source."""
    from importlib import resources

    words = resources.files("geo.gazetteer") / "words"
    assert {entry.name for entry in words.iterdir()} >= {"common.txt", "proper.txt", "geonames_points.csv"}
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"geo.gazetteer" = ["words/*.txt", "words/*.csv"]' in pyproject


def test_a_wheel_carries_every_package_and_the_word_lists(tmp_path) -> None:
    """What `pip install .` installs (not the editable checkout): every sub-package and the text resources."""
    import zipfile

    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    packages = {path.parent.relative_to(ROOT).as_posix() for path in ROOT.glob("geo/**/__init__.py")}
    assert {f"{package}/__init__.py" for package in packages} <= names
    assert {"geo/gazetteer/words/common.txt", "geo/gazetteer/words/proper.txt"} <= names


def test_the_library_never_switches_the_garbage_collector() -> None:
    """Only the owner of a process pauses the collector (geo.core.runtime, used by the CLI and the pool workers):
    a library call may run in the dashboard's thread."""
    allowed = {"geo/core/runtime.py", "geo/store/parallel.py"}
    switching = {path.relative_to(ROOT).as_posix() for path in (ROOT / "geo").rglob("*.py")
                 if re.search(r"\bgc\.(disable|freeze|set_threshold)\(", path.read_text(encoding="utf-8"))}
    assert switching <= allowed
    # in the runner, only the initializer of the worker processes it starts
    tree = ast.parse((ROOT / "geo" / "store" / "parallel.py").read_text(encoding="utf-8"))
    pausing = {func.name for func in ast.walk(tree) if isinstance(func, ast.FunctionDef)
               for call in ast.walk(func) if isinstance(call, ast.Call) and ast.unparse(call.func) == "gc.disable"}
    assert pausing == {"_init_worker_process"}
