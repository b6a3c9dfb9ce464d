"""One code version keys every stored artefact: an edit to any engine source (here a validation rule, which the
corpus snapshot used to ignore) gives a new version, and the dashboard's data is loaded and validated again."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Runs in a copy of the engine: loads the corpus through its snapshot and reports what happened.
_LOAD = """
import json, sys
from geo.core.code_version import code_version
from geo.core.errors import DatasetError
from geo.store.corpus_index import load_corpus, snapshot_path
from geo.store.mentions import engine_version
data = sys.argv[1]
path = snapshot_path(data)
existed = path.is_file()
try:
    dataset, mentions = load_corpus(data)
    outcome = {"ok": True, "events": len(dataset.events)}
except DatasetError as exc:
    outcome = {"ok": False, "error": str(exc)}
print(json.dumps({"snapshot": str(path), "existed": existed, "code": code_version(), "engine": engine_version(data),
                  **outcome}))
"""


def _load(engine_copy: Path, data: Path, cache: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(engine_copy), "ATLAS_CACHE_DIR": str(cache)}
    result = subprocess.run([sys.executable, "-c", _LOAD, str(data)], capture_output=True, text=True, env=env,
                            cwd=engine_copy, timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert Path(report["snapshot"]).is_relative_to(cache)
    return report


def test_editing_a_validation_rule_rebuilds_the_snapshot(tmp_path, mini_dir):
    engine = tmp_path / "engine"
    shutil.copytree(ROOT / "geo", engine / "geo", ignore=shutil.ignore_patterns("__pycache__"))
    cache = tmp_path / "cache"

    first = _load(engine, mini_dir, cache)
    again = _load(engine, mini_dir, cache)
    assert first["ok"]
    assert not first["existed"]
    assert again["existed"], "an unchanged engine reads its snapshot"
    assert again["snapshot"] == first["snapshot"]

    # A new rule: every event must have a title of at most three characters (the mini dataset's titles are longer).
    validate = engine / "geo" / "dataset" / "validate.py"
    source = validate.read_text(encoding="utf-8")
    anchor = '    places = tables["places"]\n'
    assert anchor in source
    rule = ('    for row in tables["events"].itertuples():\n'
            '        if len(row.title) > 3:\n'
            '            problems.append(Problem("events.csv", row._line if hasattr(row, "_line") else None, "title",'
            ' row.title, "title longer than 3 characters", "shorten it"))\n')
    validate.write_text(source.replace(anchor, rule + anchor, 1), encoding="utf-8")

    edited = _load(engine, mini_dir, cache)
    assert edited["code"] != first["code"]
    assert edited["engine"] != first["engine"]
    assert edited["snapshot"] != first["snapshot"]
    assert not edited["existed"]
    assert not edited["ok"], "the old snapshot, validated under the old rules, must not be served"
    assert "title longer than 3 characters" in edited["error"]


def test_code_version_covers_every_engine_source_but_the_command_line(tmp_path):
    from geo.core.code_version import code_version, source_files

    engine = tmp_path / "geo"
    shutil.copytree(ROOT / "geo", engine, ignore=shutil.ignore_patterns("__pycache__"))
    names = {path.relative_to(engine).as_posix() for path in source_files(engine)}
    assert {"dataset/validate.py", "gazetteer/words/common.txt", "gazetteer/words/geonames_points.csv",
            "store/mentions.py", "core/code_version.py"} <= names
    assert not any(name.startswith("cli/") for name in names)
    before = code_version(engine)
    (engine / "cli" / "main.py").write_text("# printing only\n", encoding="utf-8")
    assert code_version.__wrapped__(engine) == before
    (engine / "gazetteer" / "words" / "proper.txt").write_text("# no words\n", encoding="utf-8")
    edited = code_version.__wrapped__(engine)
    assert edited != before
    points = engine / "gazetteer" / "words" / "geonames_points.csv"   # a country's point moves the long tail's cache
    points.write_text(points.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert code_version.__wrapped__(engine) != edited
