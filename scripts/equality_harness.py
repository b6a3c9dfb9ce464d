"""Before/after equality harness: record what ``atlas`` and the dashboard do, then compare two recordings.

Made for the refactor of the ``geo/`` package, whose behaviour must stay byte-identical. Record the code before and
after the refactor, then compare::

    python scripts/equality_harness.py --repo /work/before --out /tmp/eq-before
    python scripts/equality_harness.py --repo /work/main   --out /tmp/eq-after
    python scripts/equality_harness.py --compare /tmp/eq-before /tmp/eq-after

``--compare`` prints one row per recorded item (``same`` / ``DIFFERENT`` / ``MISSING``) and a unified diff for
every difference; it exits 0 when everything is identical and 1 otherwise. Run the recording twice on the same repo
and compare the two to prove the harness itself is deterministic. ``--out`` is replaced only if it holds an earlier
recording of the same repo (``--force`` for another repo), and only once the new recording is complete.

How commands run: every command is a subprocess of the interpreter given by ``--python`` (default: this one), with
cwd and ``PYTHONPATH`` set to ``--repo`` (so the repo's own ``geo`` is imported even when the interpreter has another
checkout installed in editable mode; the recording checks ``geo.__file__`` and stops if it is not under ``--repo``),
a private ``ATLAS_CACHE_DIR`` and ``TMPDIR`` for the run, every other ``ATLAS_*`` variable removed (so never
``ATLAS_ONLINE_GEOCODER``: no network), ``PYTHONDONTWRITEBYTECODE=1`` (nothing is written into the repo),
``PYTHONHASHSEED`` fixed (``--hash-seed``: set iteration order cannot vary between the runs), ``COLUMNS=100``
(argparse help wraps to the terminal width) and a UTF-8 locale. Nothing is ever
written into ``--repo``: every data directory is a copy in a temporary work directory (removed afterwards unless
``--keep-work``).

What is recorded (stdout, stderr and exit code of each command; after each command that writes, every file of the
data directory as relative path -> sha256, plus the full text of each file the command added, changed or rewrote
with the same content, and the paths it removed):

1. ``bundled/``: on a copy of the repo's ``data/`` (without ``.atlas.lock``/``.atlas-tmp-*``, which a working tree
   has only if someone ran ``ingest``/``reindex`` on it): ``--help`` of every command, usage errors, ``check`` and
   ``check --json``; ``geocode`` of ~30 names, each plain, ``--json``, ``--context`` and ``--context --json``;
   ``geoparse`` (plain and ``--json``) of every ``data/articles`` file and of hand-written texts, hostile ones
   included (empty, whitespace only, HTML, very long lines, non-ASCII, BOM, CRLF, binary, Latin-1, missing file);
   ``route`` for several stop lists (rail, air, ``--json``, unknown stops); then, in order, ``ingest`` of new
   articles (front matter, flags, a duplicate that must be refused, an empty file), ``reindex``, ``check`` again.
2. ``corpus/``: a 100-article synthetic corpus made by the repo's own ``bench/make_corpus.py --articles 100
   --seed 7`` (its files are recorded too), ``check``, ``geoparse --json`` of every article file, a few geocodes
   and routes, ``reindex``.
3. ``dashboard/``: the repo's ``app.py`` driven by ``streamlit.testing.v1.AppTest`` in a subprocess run from the
   repo (this same script, internal ``--dashboard-driver`` mode) with ``ATLAS_DATA_DIR`` on a pristine copy of the
   bundled data (and once on the synthetic corpus): initial run, year ranges and selections through the URL query
   parameters (``from``, ``to``, ``place``/``event``/``journey``, ``layers``, ``article``), a slider move, simulated
   map clicks (as ``tests/app/test_app.py``'s ``_click``), the audit expander. Each snapshot is the element tree
   (node type, widget key, every proto field incl. labels and markdown bodies, widget values, dataframes as CSV,
   the ``st_folium`` component's ``json_args`` parsed) plus query parameters and the dashboard's session-state
   keys; the content of each (deferred) download button is generated and recorded too.

What is normalised, and why (the list, with how often each rule fired, is also written to ``manifest.json`` and
printed by ``--compare``):

* the temporary work directory -> ``<WORK>``, the repo path -> ``<REPO>``, the interpreter -> ``<PYTHON>``, this
  script -> ``<HARNESS>``: they differ from run to run / between the two repos, and appear in messages (``check``
  prints its data dir, ``ingest`` the new file's path, ``CORPUS.json`` its source directory);
* the mention caches' ``"engine"`` field (``data/mentions/*.json``, ``CORPUS.json``) -> ``"<engine>"``, and the
  same engine strings wherever a command prints them (``reindex``, ``make_corpus``): the engine version is a
  fingerprint of the geoparser's source files and is EXPECTED to change with the refactor. File hashes are taken
  after this normalisation;
* ``make_corpus``'s ``timings`` (wall-clock seconds) are dropped from its printed summary;
* Streamlit log-line timestamps in the dashboard driver's stderr -> ``<timestamp>``;
* the download buttons' ``deferred_file_id`` -> ``<deferred-file-id>``: Streamlit makes it with ``uuid4()`` on
  every run (the file's content is recorded instead);
* Streamlit element ids (``$$ID-<hash>-<key>``) are kept exactly, but the driver makes Streamlit hash the app's
  path as ``<REPO>/app.py``: the page script hash (a hash of the app's absolute path) is part of every element id,
  so the same app at two locations would otherwise differ in every id. Two runs of the same repo give the same
  ids, so nothing else about them is normalised;
* for readability of diffs only (lossless): in dashboard snapshots a string with line breaks is shown as
  ``["<lines>", line, ...]`` and a long single-line HTML string as ``["<html-chunks>", chunk, ...]`` split between
  ``>`` and ``<``.

Not recorded: the pickles under ``ATLAS_CACHE_DIR`` (corpus/view snapshots and the GeoNames long-tail index) — they
are caches keyed by the temporary data path and pickle module paths, which the refactor legitimately moves.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = 1
COMMAND_TIMEOUT = 900
WRONG_MODULES = 97   # the dashboard driver's exit code when geo/components were not imported from the repo

# ----------------------------------------------------------------------------------------------------------------
# What to run
# ----------------------------------------------------------------------------------------------------------------

GEOCODE_NAMES = (
    "Pyongyang", "Khasan", "Komsomolsk-on-Amur", "Skovorodino", "Vladivostok", "Khabarovsk", "Ulan-Ude", "Moscow",
    "Peking", "Sverdlovsk", "Paris", "London", "Springfield", "Xyzzyquorvillé",
    "Tumangang", "Ussuriysk", "Irkutsk", "Leningrad", "Beijing", "Seoul", "Georgia", "Washington", "Dandong",
    "P'yŏngyang", "MOSCOW", "moscow", "Владивосток", "Ulan Ude", "Komsomolsk", "Sosnovy Bor", "",
)
DEFAULT_CONTEXT = "Kim Jong-il's armoured train crossed into Russia at Khasan and went on towards Khabarovsk."
CONTEXTS = {
    "Paris": "Paris, Texas, is a small city in Lamar County in the United States.",
    "London": "London, Ontario, lies between Toronto and Detroit in Canada.",
    "Springfield": "Springfield is the capital of the US state of Illinois.",
    "Georgia": "Georgia, on the Black Sea, borders Armenia and Azerbaijan in the Caucasus.",
    "Washington": "Washington, D.C., the capital of the United States, reacted to the summit.",
    "Moscow": "Moscow, Idaho, is a small college town in the United States.",
}

ROUTES = (
    ("moscow", "vladivostok"),
    ("moscow", "vladivostok", "--json"),
    ("moscow", "vladivostok", "--mode", "air"),
    ("moscow", "vladivostok", "--mode", "air", "--json"),
    ("khabarovsk", "vladivostok"),
    ("khasan", "komsomolsk-on-amur"),
    ("khasan", "komsomolsk-on-amur", "--json"),
    ("Pyongyang", "Khasan", "Ussuriysk", "Khabarovsk", "Skovorodino", "Ulan-Ude", "Moscow"),
    ("Pyongyang", "Khasan", "Ussuriysk", "Khabarovsk", "Skovorodino", "Ulan-Ude", "Moscow", "--json"),
    ("Sverdlovsk", "Peking", "--json"),
    ("moscow", "moscow"),
    ("moscow", "atlantis"),
    ("paris", "london"),
    ("moscow",),
    ("moscow", "vladivostok", "--mode", "boat"),
)

CORPUS_GEOCODES = (("Moscow", "--json"), ("Khasan",), ("Springfield", "--context", CONTEXTS["Springfield"], "--json"))
CORPUS_ROUTES = (("moscow", "vladivostok", "--json"), ("khasan", "khabarovsk"),
                 ("pyongyang", "moscow", "--mode", "air"))


def _long_line() -> str:
    names = ("Pyongyang", "Khasan", "Vladivostok", "Khabarovsk", "Skovorodino", "Ulan-Ude", "Moscow", "Springfield")
    sentences = [f"In {i} the delegation passed {names[i % len(names)]} and met officials there." for i in range(500)]
    return " ".join(sentences)


def hand_written_texts() -> dict[str, bytes]:
    """The texts ``geoparse`` gets besides the articles: ordinary, tricky and hostile ones (file name -> bytes)."""
    prose = (
        "PYONGYANG, Dec 3 (Harness) - Kim Il Sung left Pyongyang by train for Moscow on Tuesday.\n\n"
        "The train crossed the Tumen River from Tumangang to Khasan, then ran through Ussuriysk, Khabarovsk, "
        "Skovorodino and Ulan-Ude. Officials in Peking and Sverdlovsk were not told.\n\n"
        "In Washington, a spokesman for the State Department declined to comment; officials in Georgia, Paris "
        "and London said they would wait. May, Nice and Reading were not mentioned. China and Turkey objected.\n"
    )
    html = (
        "<html><head><title>Khasan</title><script>alert('Pyongyang')</script></head><body>"
        "<p>Kim arrived in <b>Vladivostok</b> &amp; went on to <a href='javascript:alert(1)'>Khasan</a>.</p>"
        "<img src=x onerror=alert('Moscow')><!-- Khabarovsk --></body></html>\n"
    )
    nonascii = (
        "Ким Чен Ын прибыл во Владивосток. 김정은 위원장이 평양을 떠났다. 金正恩抵达符拉迪沃斯托克。\n"
        "Kim arrived in Khabárovsk and then Ulan\u2011Ude, “Komsomolsk-on-Amur” — Pyŏngyang, P'yŏngyang, "
        "Ussuri\u0301ysk. The train 🚂 stopped at Khasan. Mos\u200bcow. طهران. Zürich and São Paulo.\n"
    )
    run_on = ("Moscow " + "and the train went on and on without stopping anywhere at all " * 300 + "Vladivostok\n")
    return {
        "prose.txt": prose.encode(),
        "no-places.txt": b"Nothing here names a place; it only talks about trains, talks and tea.\n",
        "empty.txt": b"",
        "whitespace.txt": b"   \n\t\n  \r\n",
        "html.html": html.encode(),
        "long-line.txt": (_long_line() + "\n").encode(),
        "run-on.txt": run_on.encode(),
        "non-ascii.txt": nonascii.encode(),
        "crlf.txt": prose.replace("\n", "\r\n").encode(),
        "bom.txt": "\ufeffMoscow and Khasan.\n".encode(),
        "binary.bin": b"Moscow\x00\x01\x02Khasan\xff\n",
        "latin1.txt": "Kim arrived in Khabárovsk.\n".encode("latin-1"),
    }


INGEST_FRONT_MATTER = """---
title: Kim's train reaches Khasan
outlet: Harness Wire
published: 2019-04-24
url: https://example.org/harness/1
byline: A. Tester
---
KHASAN, April 24 (Harness Wire) – The armoured train carrying Kim Jong-un crossed the Tumen River bridge from
Tumangang to Khasan on Wednesday, before continuing to Ussuriysk and Vladivostok.

Officials in Moscow said the talks on Russky Island would cover the railway to Khabarovsk.
"""
INGEST_PLAIN = """MOSCOW, Sept 13 – President Putin met Kim Jong-un at the Vostochny cosmodrome in the Amur region on
Wednesday. Kim's train had come from Pyongyang through Khasan and Ussuriysk; he later visited Komsomolsk-on-Amur
and Vladivostok. Analysts in Seoul and Springfield said the meeting was carefully staged.
"""
# The same text as INGEST_FRONT_MATTER's body, re-wrapped and with straight quotes: ingest must refuse it.
INGEST_DUPLICATE = """KHASAN, April 24 (Harness Wire) – The armoured train carrying Kim Jong-un crossed the Tumen River
bridge from Tumangang to Khasan on Wednesday,   before continuing to Ussuriysk and Vladivostok.

Officials in Moscow said the talks on Russky Island would cover the railway to Khabarovsk.
"""

DASH_SCENARIOS = (
    {"name": "initial", "query": {}},
    {"name": "years 2011-2011", "query": {"from": "2011", "to": "2011"}},
    {"name": "years 2019-2025", "query": {"from": "2019", "to": "2025"}},
    {"name": "years 1949-1960", "query": {"from": "1949", "to": "1960"}},
    {"name": "bad query values", "query": {"from": "1800", "to": "abc", "place": "Not A Slug"}},
    {"name": "layers events only", "query": {"layers": "events", "from": "2000", "to": "2011"}},
    {"name": "url place khasan 2002", "query": {"from": "2002", "to": "2002", "place": "khasan"}},
    {"name": "url event 2019", "query": {"from": "2019", "to": "2019", "event": "2019-kim-jong-un-putin-vladivostok"}},
    {"name": "url journey 2011", "query": {"journey": "2011-kim-jong-il-siberia-china"}},
    {"name": "url article reader", "query": {"from": "2011", "to": "2011", "place": "skovorodino",
                                             "article": "ap-2011-08-22"}},
    {"name": "slider 2011 then click skovorodino", "query": {},
     "steps": [{"slider": [2011, 2011]}, {"click": "place:skovorodino"}]},
    {"name": "click khasan in 2002", "query": {"from": "2002", "to": "2002"}, "steps": [{"click": "place:khasan"}]},
    {"name": "click event then move slider", "query": {},
     "steps": [{"click": "event:2011-kim-jong-il-medvedev-sosnovy-bor"}, {"slider": [2010, 2012]}]},
    {"name": "audit khasan", "query": {"place": "khasan"}, "steps": [{"state": {"audit": True}}]},
)
CORPUS_DASH_SCENARIOS = (
    {"name": "initial", "query": {}},
    {"name": "click moscow", "query": {"from": "1990", "to": "2010"}, "steps": [{"click": "place:moscow"}]},
)
SESSION_KEYS = ("years", "layers", "selection", "article", "playing", "initialised", "map_clicks", "audit",
                "passage_page", "atlas_map", "visible_table")

# ----------------------------------------------------------------------------------------------------------------
# Normalisation
# ----------------------------------------------------------------------------------------------------------------

ENGINE_FIELD = re.compile(r'"engine": "([^"\\]*)"')
STREAMLIT_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}(?= )", re.MULTILINE)


class Normaliser:
    """Replaces what legitimately differs between runs; counts how often each rule fired (for the report)."""

    def __init__(self) -> None:
        self.literals: list[tuple[str, str, str]] = []   # (text, replacement, rule)
        self.engines: set[str] = set()
        self.counts: dict[str, int] = {}

    def add_path(self, path: Path | str, token: str) -> None:
        for variant in {str(path), str(Path(path).resolve())}:
            self.literals.append((variant, token, f"path {token}"))
        self.literals.sort(key=lambda entry: -len(entry[0]))

    def _count(self, rule: str, n: int) -> None:
        if n:
            self.counts[rule] = self.counts.get(rule, 0) + n

    def paths(self, text: str) -> str:
        for literal, token, rule in self.literals:
            if literal in text:
                self._count(rule, text.count(literal))
                text = text.replace(literal, token)
        return text

    def engine_field(self, text: str) -> str:
        """``"engine": "<value>"`` -> ``"engine": "<engine>"`` (the value is remembered for :meth:`text`)."""
        self.engines.update(m.group(1) for m in ENGINE_FIELD.finditer(text))
        text, n = ENGINE_FIELD.subn('"engine": "<engine>"', text)
        self._count('mention-cache field "engine"', n)
        return text

    def text(self, text: str) -> str:
        """Paths, engine strings seen in mention caches, Streamlit log timestamps."""
        text = self.paths(text)
        for engine in sorted(self.engines, key=len, reverse=True):
            if engine and engine != "<engine>" and engine in text:
                self._count("engine version in output", text.count(engine))
                text = text.replace(engine, "<engine>")
        text, n = STREAMLIT_TIMESTAMP.subn("<timestamp>", text)
        self._count("streamlit log timestamp", n)
        return text


# ----------------------------------------------------------------------------------------------------------------
# Recording
# ----------------------------------------------------------------------------------------------------------------


class HarnessError(Exception):
    """The recording cannot be trusted (wrong ``geo`` imported, probe failed): stop with exit code 2."""


@dataclass
class Item:
    """One recorded thing: a command's result, or a snapshot."""

    name: str
    command: list[str] = field(default_factory=list)
    exit_code: int | None = None
    stdout: str = ""
    stderr: str = ""
    sections: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def render(self, norm: Normaliser) -> str:
        lines = [f"### item: {self.name}"]
        if self.command:
            lines.append("### command: " + norm.text(shlex.join(self.command)))
        if self.exit_code is not None:
            lines.append(f"### exit code: {self.exit_code}")
            for title, text in (("stdout", self.stdout), ("stderr", self.stderr)):
                text = norm.text(text)
                lines.append(f"### {title} ({len(text.splitlines())} lines{_no_newline(text)})")
                lines.extend(text.splitlines())
        for title, text in self.sections:
            text = norm.text(text)
            lines.append(f"### {title}")
            lines.extend(text.splitlines())
        return "\n".join(lines) + "\n"


def _no_newline(text: str) -> str:
    return ", no final newline" if text and not text.endswith("\n") else ""


def _is_text(data: bytes) -> bool:
    if b"\0" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@dataclass(frozen=True)
class FileState:
    """One file of a data directory: sha256 of its normalised content, the normalised text (None for binary
    files), and (inode, mtime) — only used to tell whether a command rewrote it, never recorded."""

    sha256: str
    text: str | None
    stamp: tuple[int, int]


Tree = dict[str, FileState]   # relative path -> state


def read_tree(root: Path, norm: Normaliser) -> Tree:
    """Every file under ``root``; text files are normalised before hashing."""
    tree: Tree = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file() or p.is_symlink()):
        rel = path.relative_to(root).as_posix()
        stat = path.lstat()
        stamp = (stat.st_ino, stat.st_mtime_ns)
        if path.is_symlink():
            target = norm.paths(os.readlink(path))
            tree[rel] = FileState("symlink -> " + target, None, stamp)
            continue
        data = path.read_bytes()
        if _is_text(data):
            text = data.decode("utf-8")
            if rel.endswith(".json") and (rel.startswith("mentions/") or rel == "CORPUS.json"):
                text = norm.engine_field(text)
            text = norm.paths(text)
            tree[rel] = FileState(hashlib.sha256(text.encode("utf-8")).hexdigest(), text, stamp)
        else:
            tree[rel] = FileState(hashlib.sha256(data).hexdigest(), None, stamp)
    return tree


def tree_sections(label: str, before: Tree | None, after: Tree, *, show_all: bool = False) -> list[tuple[str, str]]:
    """Sections describing ``after``: every file with its hash, then the full text of each file that was added,
    changed or rewritten (same content, new inode/mtime) since ``before`` — of every file with ``show_all``."""
    listing = "\n".join(f"{state.sha256}  {rel}" for rel, state in after.items())
    sections = [(f"files in {label} ({len(after)}), sha256 of normalised content", listing)]
    before = before or {}
    removed = [rel for rel in before if rel not in after]
    if removed:
        sections.append((f"removed from {label}", "\n".join(removed)))
    written = 0
    for rel, state in after.items():
        old = before.get(rel)
        how = ("added" if old is None else "changed" if old.sha256 != state.sha256
               else "rewritten, same content" if old.stamp != state.stamp else None)
        written += how is not None
        if show_all or how:
            kind = "text" if state.text is not None else "binary: sha256 only"
            body = state.text if state.text is not None else state.sha256
            sections.append((f"{how or 'content'}: {rel} ({kind}, {len(body.splitlines())} lines)", body))
    if before and not removed and not written:
        sections.append((f"nothing in {label} was written, changed or removed", ""))
    return sections


#: Left in a data directory by the commands themselves (the lock file, crash leftovers; both in .gitignore): not part
#: of the bundled data, and present in a working tree only if someone ran ingest/reindex on it.
RUNTIME_LEFTOVERS = (".atlas.lock", ".atlas-tmp-*")


def copy_data(source: Path, target: Path) -> None:
    """Copy the repo's ``data/`` without :data:`RUNTIME_LEFTOVERS`."""
    shutil.copytree(source, target, symlinks=True, ignore=shutil.ignore_patterns(*RUNTIME_LEFTOVERS))


class Recorder:
    """Runs the commands of one recording and collects the items."""

    def __init__(self, repo: Path, python: str, work: Path, jobs: int, hash_seed: str) -> None:
        self.repo, self.python, self.work, self.jobs = repo, python, work, jobs
        self.norm = Normaliser()
        self.norm.add_path(work, "<WORK>")
        self.norm.add_path(repo, "<REPO>")
        self.norm.add_path(python, "<PYTHON>")
        self.norm.add_path(Path(__file__).resolve(), "<HARNESS>")
        self.items: list[Item] = []
        self.cache = work / "cache"
        self.tmp = work / "tmp"
        self.cache.mkdir()
        self.tmp.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith("ATLAS_")}
        env.update(PYTHONPATH=str(repo), ATLAS_CACHE_DIR=str(self.cache), TMPDIR=str(self.tmp),
                   PYTHONDONTWRITEBYTECODE="1", PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8",
                   LC_ALL="C.UTF-8", LANG="C.UTF-8", COLUMNS="100", NO_COLOR="1", TERM="dumb")
        env.pop("PYTHONSTARTUP", None)
        env.pop("PYTHONHOME", None)
        if hash_seed == "random":
            env.pop("PYTHONHASHSEED", None)
        else:
            env["PYTHONHASHSEED"] = hash_seed
        self.env = env

    def run(self, name: str, argv: list[str], *, env: dict[str, str] | None = None) -> Item:
        command = [self.python, *argv]
        started = time.perf_counter()
        try:
            done = subprocess.run(command, cwd=self.repo, env={**self.env, **(env or {})}, capture_output=True,
                                  stdin=subprocess.DEVNULL, timeout=COMMAND_TIMEOUT, check=False)
            code, out, err = done.returncode, done.stdout, done.stderr
        except subprocess.TimeoutExpired as exc:
            code, out, err = -999, exc.stdout or b"", (exc.stderr or b"") + b"\n<harness: TIMEOUT>"
        return Item(name, command, code, out.decode("utf-8", "backslashreplace"),
                    err.decode("utf-8", "backslashreplace"), seconds=time.perf_counter() - started)

    def geo(self, name: str, *args: str) -> Item:
        return self.run(name, ["-m", "geo", *args])

    def many(self, specs: list[tuple[str, list[str]]]) -> None:
        """Run read-only ``geo`` commands in parallel; items are added in the order given."""
        with ThreadPoolExecutor(max_workers=self.jobs) as pool:
            self.items.extend(pool.map(lambda spec: self.geo(spec[0], *spec[1]), specs))

    def add(self, item: Item) -> Item:
        self.items.append(item)
        return item

    def probe(self) -> dict:
        """Which ``geo`` (and ``components``) the subprocesses import; stops the run if not the repo's."""
        code = ("import json, sys, geo, components, streamlit; print(json.dumps({"
                "'geo': getattr(geo, '__file__', None) or list(geo.__path__)[0], "
                "'components': getattr(components, '__file__', None) or list(components.__path__)[0], "
                "'python': sys.version, 'streamlit': streamlit.__version__, 'sys_path': sys.path[:3]}))")
        item = self.run("probe", ["-c", code])
        if item.exit_code != 0:
            raise HarnessError(f"the probe failed:\n{item.stderr}")
        info = json.loads(item.stdout)
        for module in ("geo", "components"):
            if not Path(info[module]).resolve().is_relative_to(self.repo):
                raise HarnessError(f"{module} was imported from {info[module]}, not from {self.repo}: "
                                   "PYTHONPATH does not win over the interpreter's own install")
        return info

    # -- the three sections --------------------------------------------------------------------------------

    def bundled(self) -> None:
        data = self.work / "data"
        copy_data(self.repo / "data", data)
        texts = self.work / "texts"
        texts.mkdir()
        for name, payload in hand_written_texts().items():
            (texts / name).write_bytes(payload)
        dd = ["--data-dir", str(data)]
        pristine = read_tree(data, self.norm)

        # Warm the GeoNames long-tail cache first (its first build writes a pickle; later commands run in parallel).
        self.add(self.geo("bundled/geocode/warm-up Springfield --json", "geocode", "Springfield", "--json", *dd))

        specs: list[tuple[str, list[str]]] = [("bundled/help/atlas --help", ["--help"]),
                                              ("bundled/usage/atlas (no command)", []),
                                              ("bundled/usage/atlas --version", ["--version"]),
                                              ("bundled/usage/geocode (no NAME)", ["geocode", *dd]),
                                              ("bundled/usage/atlas frobnicate", ["frobnicate"])]
        specs += [(f"bundled/help/{cmd} --help", [cmd, "--help"])
                  for cmd in ("check", "geocode", "geoparse", "ingest", "reindex", "route")]
        specs += [("bundled/check", ["check", *dd]), ("bundled/check --json", ["check", "--json", *dd])]
        for name in GEOCODE_NAMES:
            context = CONTEXTS.get(name, DEFAULT_CONTEXT)
            for label, flags in (("", []), (" --json", ["--json"]), (" --context", ["--context", context]),
                                 (" --context --json", ["--context", context, "--json"])):
                specs.append((f"bundled/geocode/{name!r}{label}", ["geocode", name, *flags, *dd]))
        articles = sorted((data / "articles").glob("*.md"))
        for path in [*articles, *sorted(texts.iterdir()), texts / "no-such-file.txt"]:
            where = "articles" if path.parent.name == "articles" else "texts"
            for flags in ([], ["--json"]):
                specs.append((f"bundled/geoparse/{where}/{path.name} {' '.join(flags)}".rstrip(),
                              ["geoparse", str(path), *flags, *dd]))
        specs += [(f"bundled/route/{' '.join(stops)}", ["route", *stops, *dd]) for stops in ROUTES]
        self.many(specs)
        self.add(Item("bundled/data dir after the read-only commands",
                      sections=tree_sections("<WORK>/data", pristine, read_tree(data, self.norm))))

        # Writing commands, in order; each item lists the data directory afterwards and what the command changed.
        inputs = self.work / "ingest"
        inputs.mkdir()
        for name, text in (("kim-khasan.md", INGEST_FRONT_MATTER), ("vostochny.txt", INGEST_PLAIN),
                           ("kim-khasan-again.txt", INGEST_DUPLICATE), ("empty.txt", "")):
            (inputs / name).write_text(text, encoding="utf-8")
        writes = [
            ("1 ingest kim-khasan.md (front matter)", ["ingest", str(inputs / "kim-khasan.md"), *dd]),
            ("2 ingest vostochny.txt --title --outlet --published --url --json",
             ["ingest", str(inputs / "vostochny.txt"), "--title", "Putin meets Kim at Vostochny",
              "--outlet", "Harness Daily", "--published", "2023-09-13", "--url", "https://example.org/harness/2",
              "--json", *dd]),
            ("3 ingest kim-khasan-again.txt (duplicate: refused)",
             ["ingest", str(inputs / "kim-khasan-again.txt"), "--title", "The same text again",
              "--outlet", "Other Wire", "--published", "2019-04-25", *dd]),
            ("4 ingest empty.txt (refused)", ["ingest", str(inputs / "empty.txt"), "--outlet", "Empty Wire", *dd]),
            ("5 reindex", ["reindex", *dd]),
        ]
        state = read_tree(data, self.norm)
        for label, args in writes:
            item = self.add(self.geo(f"bundled/write/{label}", *args))
            after = read_tree(data, self.norm)
            item.sections = tree_sections("<WORK>/data", state, after)
            state = after
        self.many([("bundled/after writes/check", ["check", *dd]),
                   ("bundled/after writes/check --json", ["check", "--json", *dd]),
                   ("bundled/after writes/geoparse ingested article --json",
                    ["geoparse", str(data / "articles" / "harness-wire-2019-04-24.md"), "--json", *dd])])

    def corpus(self) -> None:
        corpus = self.work / "corpus"
        item = self.add(self.run("corpus/make_corpus --articles 100 --seed 7",
                                 ["bench/make_corpus.py", "--articles", "100", "--seed", "7", "--out", str(corpus)]))
        with contextlib.suppress(json.JSONDecodeError):
            summary = json.loads(item.stdout)
            summary.pop("timings", None)
            item.stdout = json.dumps(summary, indent=1) + "\n  (timings removed by the harness)\n"
        if not corpus.is_dir():
            return
        item.sections = tree_sections("<WORK>/corpus", None, read_tree(corpus, self.norm), show_all=True)
        dd = ["--data-dir", str(corpus)]
        specs: list[tuple[str, list[str]]] = [("corpus/check", ["check", *dd]),
                                              ("corpus/check --json", ["check", "--json", *dd])]
        specs += [(f"corpus/geoparse/{p.name} --json", ["geoparse", str(p), "--json", *dd])
                  for p in sorted((corpus / "articles").glob("*.md"))]
        specs += [(f"corpus/geocode/{shlex.join(args)}", ["geocode", *args, *dd]) for args in CORPUS_GEOCODES]
        specs += [(f"corpus/route/{' '.join(args)}", ["route", *args, *dd]) for args in CORPUS_ROUTES]
        self.many(specs)
        before = read_tree(corpus, self.norm)
        item = self.add(self.geo("corpus/write/reindex", "reindex", *dd))
        item.sections = tree_sections("<WORK>/corpus", before, read_tree(corpus, self.norm))
        self.add(self.geo("corpus/after reindex/check --json", "check", "--json", *dd))

    def dashboard(self, script: Path) -> None:
        dash = self.work / "dash-data"
        copy_data(self.repo / "data", dash)
        runs = [("bundled", dash, DASH_SCENARIOS)]
        if (self.work / "corpus").is_dir():
            runs.append(("corpus", self.work / "corpus", CORPUS_DASH_SCENARIOS))
        for label, data, scenarios in runs:
            before = read_tree(data, self.norm)
            out = self.work / f"dashboard-{label}.json"
            item = self.add(self.run(f"dashboard/{label}/driver", [
                str(script), "--dashboard-driver", str(self.repo / "app.py"), json.dumps(list(scenarios)),
                str(out), str(self.repo)], env={"ATLAS_DATA_DIR": str(data)}))
            if item.exit_code == WRONG_MODULES:
                raise HarnessError(f"the dashboard driver imported geo/components from outside {self.repo}:\n"
                                   + item.stderr)
            if out.is_file():
                result = json.loads(out.read_text(encoding="utf-8"))
                item.sections.append(("modules the app imported from", json.dumps(result["modules"], indent=1)))
                for snap in result["scenarios"]:
                    self.add(Item(f"dashboard/{label}/{snap['name']}",
                                  sections=[("snapshot", json.dumps(snap, ensure_ascii=False, indent=1))]))
            self.add(Item(f"dashboard/{label}/data dir after the dashboard",
                          sections=tree_sections(f"<WORK>/{data.name}", before, read_tree(data, self.norm))))


def _repo_state(repo: Path) -> dict[str, tuple[int, int]]:
    skip = {".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache"}
    state = {}
    for root, dirs, files in os.walk(repo):
        dirs[:] = [d for d in dirs if d not in skip and not d.endswith(".egg-info")]
        for name in files:
            path = Path(root, name)
            with contextlib.suppress(OSError):
                stat = path.lstat()
                state[path.relative_to(repo).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return state


def _git(repo: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return done.stdout.strip() if done.returncode == 0 else "?"


def _say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


SECTIONS = ("bundled", "corpus", "dashboard")


def record(args: argparse.Namespace) -> int:
    """The recording mode: run everything against ``--repo`` and write the items to ``--out``."""
    repo = Path(args.repo).resolve()
    out = Path(args.out).resolve()
    if not (repo / "geo").is_dir() or not (repo / "data").is_dir() or not (repo / "app.py").is_file():
        _say(f"equality_harness: {repo} does not look like the atlas repo (geo/, data/, app.py)")
        return 2
    if out.is_relative_to(repo):
        _say(f"equality_harness: --out must not be inside the repo ({out})")
        return 2
    if out.exists() and any(out.iterdir()):
        if not (out / "manifest.json").is_file():
            _say(f"equality_harness: {out} is not empty and was not made by this script; refusing to replace it")
            return 2
        previous = json.loads((out / "manifest.json").read_text(encoding="utf-8")).get("repo")
        if previous != str(repo) and not args.force:
            _say(f"equality_harness: {out} holds a recording of {previous}, not of {repo}; pass --force to replace it")
            return 2
    # A run killed with SIGTERM still removes its work directory (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sections = args.sections or list(SECTIONS)
    # Commands run with cwd = the repo: a relative interpreter path is made absolute (not resolved: a venv's python
    # is a symlink whose location matters), a bare name is looked up on PATH.
    python = os.path.abspath(args.python) if os.sep in args.python else shutil.which(args.python)
    if not python or not os.access(python, os.X_OK):
        _say(f"equality_harness: no such interpreter: {args.python}")
        return 2
    args.python = python
    started = time.perf_counter()
    repo_before = _repo_state(repo)
    work = Path(tempfile.mkdtemp(prefix="eq-harness-"))
    try:
        rec = Recorder(repo, args.python, work, args.jobs, args.hash_seed)
        info = rec.probe()
        _say(f"equality_harness: recording {repo} with {args.python}; geo from {info['geo']}")
        timings = {}
        for section in sections:
            t0 = time.perf_counter()
            if section == "dashboard":
                rec.dashboard(Path(__file__).resolve())
            else:
                getattr(rec, section)()
            timings[section] = round(time.perf_counter() - t0, 1)
            _say(f"  {section}: {timings[section]} s, {len(rec.items)} items so far")
        rendered = [(item, item.render(rec.norm)) for item in rec.items]
    except HarnessError as exc:
        _say(f"equality_harness: error: {exc}")
        return 2
    finally:
        if args.keep_work:
            _say(f"  work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    repo_after = _repo_state(repo)
    touched = sorted(k for k in repo_before.keys() | repo_after.keys() if repo_before.get(k) != repo_after.get(k))

    # Written next to --out and renamed at the end: an earlier recording there survives a failed run.
    partial = out.with_name(f".{out.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    (partial / "items").mkdir(parents=True)
    index, seen = [], set()
    for number, (item, text) in enumerate(rendered):
        if item.name in seen:
            raise SystemExit(f"equality_harness: duplicate item name {item.name!r}")
        seen.add(item.name)
        slug = re.sub(r"[^A-Za-z0-9._-]+", "_", item.name)[:90]
        file_name = f"items/{number:04d}-{slug}.txt"
        (partial / file_name).write_text(text, encoding="utf-8")
        index.append({"name": item.name, "file": file_name, "exit_code": item.exit_code,
                      "seconds": round(item.seconds, 2)})
    failures = [e["name"] for e in index if e["exit_code"] not in (None, 0, 1, 2)]
    manifest = {
        "format": FORMAT, "repo": str(repo), "python": args.python, "probe": info, "sections": sections,
        "git_head": _git(repo, "rev-parse", "HEAD"), "git_status": _git(repo, "status", "--porcelain"),
        "hash_seed": args.hash_seed, "jobs": args.jobs, "seconds": round(time.perf_counter() - started, 1),
        "section_seconds": timings, "items": len(index), "engine_versions_seen": sorted(rec.norm.engines),
        "normalisations": rec.norm.counts, "repo_files_changed_during_run": touched,
        "unexpected_exit_codes": failures,
    }
    (partial / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                           encoding="utf-8")
    (partial / "items.json").write_text(json.dumps(index, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if out.exists():
        shutil.rmtree(out)
    partial.rename(out)
    _say(f"equality_harness: {len(index)} items in {out} ({manifest['seconds']} s)")
    _say("  normalised: " + ", ".join(f"{rule} x{n}" for rule, n in rec.norm.counts.items()))
    if failures:
        _say(f"  note: unexpected exit codes (crash or timeout?) in: {', '.join(failures)}")
    if touched:
        _say(f"  WARNING: files in {repo} changed during the run (another writer, or a leak of this run?): "
             + ", ".join(touched[:20]))
    return 0


# ----------------------------------------------------------------------------------------------------------------
# Comparing
# ----------------------------------------------------------------------------------------------------------------


def compare(first: Path, second: Path, max_diff_lines: int) -> int:
    """Print a same/DIFFERENT table of every item and a unified diff of each difference; 1 if anything differs."""
    try:
        manifests = [json.loads((d / "manifest.json").read_text(encoding="utf-8")) for d in (first, second)]
        indexes = [json.loads((d / "items.json").read_text(encoding="utf-8")) for d in (first, second)]
    except (OSError, json.JSONDecodeError) as exc:
        _say(f"equality_harness: not a recording: {exc}")
        return 2
    _say(f"A = {first}: repo {manifests[0]['repo']} (geo from {manifests[0]['probe']['geo']}), "
         f"{manifests[0]['items']} items, {manifests[0]['seconds']} s")
    _say(f"B = {second}: repo {manifests[1]['repo']} (geo from {manifests[1]['probe']['geo']}), "
         f"{manifests[1]['items']} items, {manifests[1]['seconds']} s")
    for key in ("python", "hash_seed", "sections"):
        if manifests[0].get(key) != manifests[1].get(key):
            _say(f"note: the recordings differ in {key}: {manifests[0].get(key)!r} vs {manifests[1].get(key)!r}")
    if manifests[0]["probe"]["python"] != manifests[1]["probe"]["python"]:
        _say("note: different interpreter versions")
    for label, manifest in zip("AB", manifests, strict=True):
        _say(f"normalised in {label}: " + ", ".join(f"{r} x{n}" for r, n in manifest["normalisations"].items()))
        _say(f"  engine versions in {label}'s mention caches (recorded as <engine>): "
             + ", ".join(manifest["engine_versions_seen"]))
    files = [{e["name"]: d / e["file"] for e in index} for d, index in zip((first, second), indexes, strict=True)]
    names = [e["name"] for e in indexes[0]] + [e["name"] for e in indexes[1] if e["name"] not in files[0]]
    width = min(100, max(len(n) for n in names)) if names else 10
    diffs, counts = [], {"same": 0, "DIFFERENT": 0, "MISSING": 0}
    _say("")
    _say(f"{'item':<{width}}  result")
    for name in names:
        paths = [f.get(name) for f in files]
        if None in paths:
            result = f"MISSING in {'A' if paths[0] is None else 'B'}"
            counts["MISSING"] += 1
        else:
            texts = [p.read_text(encoding="utf-8") for p in paths]
            result = "same" if texts[0] == texts[1] else "DIFFERENT"
            counts[result] += 1
            if result == "DIFFERENT":
                diffs.append((name, list(difflib.unified_diff(texts[0].splitlines(), texts[1].splitlines(),
                                                              f"A/{name}", f"B/{name}", lineterm=""))))
        _say(f"{name:<{width}}  {result}")
    for name, diff in diffs:
        _say("")
        _say(f"===== DIFFERENT: {name} =====")
        shown = diff if max_diff_lines <= 0 else diff[:max_diff_lines]
        for line in shown:
            _say(line)
        if len(shown) < len(diff):
            _say(f"... {len(diff) - len(shown)} more diff lines (--max-diff-lines 0 shows all)")
    _say("")
    _say(f"{len(names)} items: {counts['same']} same, {counts['DIFFERENT']} DIFFERENT, {counts['MISSING']} MISSING")
    identical = counts["same"] == len(names)
    _say("IDENTICAL" if identical else "NOT IDENTICAL")
    return 0 if identical else 1


# ----------------------------------------------------------------------------------------------------------------
# The dashboard driver (runs inside the --python interpreter, cwd = the repo)
# ----------------------------------------------------------------------------------------------------------------


def _readable(value: object) -> object:
    """Lossless, diff-friendly form: multi-line strings and long single-line HTML become lists of pieces."""
    if isinstance(value, str):
        if "\n" in value:
            return ["<lines>", *value.split("\n")]
        if len(value) > 300 and "><" in value:
            return ["<html-chunks>", *re.split(r"(?<=>)(?=<)", value)]
        return value
    if isinstance(value, dict):
        return {k: _readable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_readable(v) for v in value]
    return value


def _plain(value: object) -> object:
    """A JSON-able form of a widget value or session-state entry."""
    try:
        import pandas as pd
    except ImportError:   # pragma: no cover - pandas is a dependency of the app
        pd = None
    if pd is not None and isinstance(value, pd.DataFrame):
        return {"columns": [str(c) for c in value.columns], "dtypes": [str(t) for t in value.dtypes],
                "index": [str(i) for i in value.index], "csv": value.to_csv()}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return f"<{type(value).__name__}> {value!r}"


def _download_record(record: tuple) -> dict:
    data_callable, mimetype, file_name = record
    data = data_callable()
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    entry: dict = {"file_name": file_name, "mimetype": mimetype, "sha256": hashlib.sha256(raw).hexdigest()}
    text = raw.decode("utf-8", "backslashreplace")
    try:
        entry["json"] = json.loads(text)
    except json.JSONDecodeError:
        entry["text"] = text
    return entry


def _node(node: object, deferred: dict) -> dict:
    from google.protobuf.json_format import MessageToDict
    from streamlit.testing.v1.element_tree import Widget

    entry: dict = {"node": type(node).__name__, "type": getattr(node, "type", None)}
    proto = getattr(node, "proto", None)
    if proto is not None and hasattr(proto, "DESCRIPTOR"):
        fields = MessageToDict(proto, preserving_proto_field_name=True)
        if "arrow_data" in fields:   # the dataframe's bytes: hash them, and show the frame as CSV
            fields["arrow_data"] = {**fields["arrow_data"],
                                    "data": "sha256:" + hashlib.sha256(proto.arrow_data.data).hexdigest()}
            entry["frame"] = _plain(node.value)
        if "json_args" in fields:   # a custom component (st_folium): its arguments, parsed
            with contextlib.suppress(json.JSONDecodeError):
                fields["json_args"] = json.loads(fields["json_args"])
        if fields.get("deferred_file_id"):   # uuid4 per run: record the generated file instead
            entry["download"] = _download_record(deferred[fields["deferred_file_id"]])
            fields["deferred_file_id"] = "<deferred-file-id>"
        entry["proto"] = fields
    if isinstance(node, Widget):
        entry["key"] = getattr(node, "key", None)
        entry["value"] = _plain(node.value)
    children = getattr(node, "children", None)
    if children:
        entry["children"] = [_node(children[k], deferred) for k in sorted(children)]
    return entry


def _map_args(at) -> dict:
    maps = [el for el in at.get("component_instance") if el.proto.component_name == "streamlit_folium.st_folium"]
    return json.loads(maps[0].proto.json_args)


def _click(at, selection: str):
    """What streamlit-folium sends when a GeoJSON feature is clicked (as tests/app/test_app.py's ``_click``)."""
    key = _map_args(at)["key"]
    previous = at.session_state.get(key, None) or {}
    count = (previous.get("last_object_clicked_count") or 0) + 2
    at.session_state[key] = {"last_active_drawing": {"type": "Feature", "properties": {"id": selection}},
                             "last_object_clicked_count": count}
    return at.run()


def dashboard_driver(app: str, scenarios: list[dict], out: str, repo: str) -> int:
    """Run each scenario in a fresh AppTest and write the snapshots (JSON) to ``out``."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.testing.v1 import AppTest

    deferred: dict[str, tuple] = {}
    original = MediaFileManager.add_deferred

    def recording(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)
        deferred[file_id] = (data_callable, mimetype, file_name)
        return file_id

    MediaFileManager.add_deferred = recording

    # Streamlit puts the hash of the app's absolute path (the page script hash) into every element id, so the same
    # app at /work/before and /work/main gets different ids. Hash the path with the repo replaced by "<REPO>":
    # the ids stay exact (they also hash each widget's arguments) and become comparable between the two repos.
    from streamlit.runtime import pages_manager

    real_calc_hash = pages_manager.calc_hash
    patched: list[str] = []

    def location_free_hash(value):
        if isinstance(value, str | Path) and str(value).startswith(repo + os.sep):
            value = "<REPO>" + str(value)[len(repo):]
            patched.append(value)
        return real_calc_hash(value)

    pages_manager.calc_hash = location_free_hash
    snapshots = []
    for scenario in scenarios:
        at = AppTest.from_file(app, default_timeout=300)
        for key, value in scenario.get("query", {}).items():
            at.query_params[key] = value
        at.run()
        steps = []
        for step in scenario.get("steps", []):
            if "slider" in step:
                at.slider(key="years").set_value(tuple(step["slider"])).run()
            elif "click" in step:
                at = _click(at, step["click"])
            elif "state" in step:
                for key, value in step["state"].items():
                    at.session_state[key] = value
                at.run()
            steps.append(step)
        state = {key: _plain(at.session_state[key]) for key in SESSION_KEYS if key in at.session_state}
        snapshots.append(_readable({
            "name": scenario["name"], "query": scenario.get("query", {}), "steps": steps,
            "query_params_after": {k: _plain(at.query_params[k]) for k in list(at.query_params)},
            "exceptions": [str(e.value) for e in at.exception], "session_state": state,
            "tree": _node(at._tree, deferred)}))
    if not patched:
        sys.stderr.write("dashboard driver: the page script hash was not made location-free (Streamlit changed?)\n")
        return 3
    modules = {name: next(iter(getattr(sys.modules.get(name), "__path__", [])), None) for name in ("geo", "components")}
    for name, path in modules.items():
        if not path or not Path(path).resolve().is_relative_to(Path(repo).resolve()):
            sys.stderr.write(f"dashboard driver: {name} imported from {path}, not from {repo}\n")
            return WRONG_MODULES
    Path(out).write_text(json.dumps({"modules": modules, "scenarios": snapshots}, ensure_ascii=False),
                         encoding="utf-8")
    return 0


# ----------------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="See the module docstring for what is recorded and normalised.")
    parser.add_argument("--repo", help="the repository to record (never written to)")
    parser.add_argument("--out", help="where to write the recording (replaced if it is an earlier recording)")
    parser.add_argument("--python", default=sys.executable, help="interpreter for every command (default: this one)")
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"), help="compare two recordings")
    parser.add_argument("--jobs", type=int, default=max(1, min(4, os.cpu_count() or 1)),
                        help="read-only commands run in parallel (default: CPUs, at most 4)")
    parser.add_argument("--hash-seed", default="0",
                        help="PYTHONHASHSEED of the commands (default 0; 'random' leaves it unset)")
    parser.add_argument("--sections", nargs="+", choices=SECTIONS, help="record only these (default: all)")
    parser.add_argument("--force", action="store_true", help="replace --out even if it records another repo")
    parser.add_argument("--keep-work", action="store_true", help="keep the temporary work directory")
    parser.add_argument("--max-diff-lines", type=int, default=400, help="per item in --compare (0: no limit)")
    parser.add_argument("--dashboard-driver", nargs=4, metavar=("APP", "SCENARIOS", "OUT", "REPO"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.dashboard_driver:
        app, scenarios, out, repo = args.dashboard_driver
        return dashboard_driver(app, json.loads(scenarios), out, repo)
    if args.compare:
        return compare(Path(args.compare[0]), Path(args.compare[1]), args.max_diff_lines)
    if not args.repo or not args.out:
        parser.error("give --repo and --out to record, or --compare A B")
    return record(args)


if __name__ == "__main__":
    raise SystemExit(main())
