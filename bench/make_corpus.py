"""Generate a deterministic synthetic corpus N times the size of the shipped one, in its own data directory.

The target directory gets a copy of the curated tables (places, rail, events, journeys, sources…) and of the shipped
articles (event sources quote them), plus synthetic articles in the shipped article format, and a mention cache for
every article computed by the real geoparser (``geo.store.mentions``) on a process pool. Like ``atlas ingest``, it then
leaves a fresh corpus snapshot (``geo.store.corpus_index``) for the dashboard's first start. The synthetic articles:

* are marked as such in ``outlet`` ("Synthetic Wire …"), ``source_file`` and ``notes`` — they are benchmark load,
  never facts;
* mix real gazetteer names (names and aliases) weighted like the shipped corpus — a place counts once for every time
  its name or an alias occurs in the shipped texts, plus one so the long tail of stations and towns appears too;
* have lengths sampled from the shipped articles' text lengths (x0.5–1.6), publication dates spread over 1949–2025,
  distinct texts (checked on whitespace/quote-normalised text, like ``atlas ingest``'s duplicate check);
* are byte-for-byte reproducible from ``--seed``.

Usage::

    python bench/make_corpus.py --scale 2000 --out /tmp/atlas-2000x      # 2000 x the shipped article count
    python bench/make_corpus.py --articles 20 --out /tmp/atlas-20         # an exact article count

It refuses to write into the shipped ``data/`` directory (or the source directory), and only replaces an existing
non-empty directory with ``--force`` when that directory was made by this script (it carries ``CORPUS.json``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import sys
import time
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:   # run as a script: make the repository's packages importable
    sys.path.insert(0, str(ROOT))

from geo.dataset import default_data_dir  # noqa: E402
from geo.dataset.articles import parse_article, render_article  # noqa: E402
from geo.store.corpus_index import refresh_snapshot  # noqa: E402

__all__ = [
    "MARKER", "CorpusError", "Surface", "generate", "is_current", "name_density", "place_surfaces",
    "plan_articles", "refuse_target", "shipped_lengths", "source_digest",
]

MARKER = "CORPUS.json"
DEFAULT_SEED = 20190425
YEARS = (1949, 2025)
OUTLETS = ("Synthetic Wire A", "Synthetic Wire B", "Synthetic Wire C", "Synthetic Wire D", "Synthetic Wire E")
_WORD_CHARS = r"[\w’'-]"

# Sentence templates: {a} {b} {c} are place surfaces; the rest are neutral fillers. Deliberately generic — these
# texts exist to load the engine with realistic name density, never to state facts.
TEMPLATES = (
    "Officials in {a} said talks with a delegation from {b} would continue {when}.",
    "The delegation travelled from {a} to {b} {how}, according to a statement issued {when}.",
    "A spokesman in {a} declined to comment on reports about {b}.",
    "Trade between {a} and {b} has {trend} {when}, the ministry said.",
    "The train stopped briefly at {a} before continuing towards {b}.",
    "Analysts in {a} said the meeting in {b} was {tone}.",
    "Reporters were kept away from the station in {a} {when}.",
    "Residents of {a} described heavy security along the line to {b} and {c}.",
    "The talks in {a} covered energy, transport links to {b} and cooperation with {c}.",
    "A cultural exchange between {a} and {b} was announced {when}.",
    "Diplomats from {a} and {b} met again in {c} {when}.",
    "The route through {a} was chosen for {reason}, an official in {b} said.",
    "Newspapers in {a} gave the visit {coverage} coverage.",
    "The border crossing near {a} was closed to other traffic {when}.",
    "Delegates later flew from {a} to {b} for a {length} stop.",
    "Local authorities in {a} prepared a welcome ceremony {when}.",
)
# Sentences naming no place: mixed in so the names per character match the shipped texts (news prose is mostly
# about people, numbers and quotes, not places).
PLAIN_TEMPLATES = (
    "The {length} talks ended {when}, officials said.",
    "No joint statement was issued {when}.",
    "A spokesman declined to give details of the agenda.",
    "The visit was not announced in advance, as is customary for such trips.",
    "Security was tight, and journalists were given little access {when}.",
    "Both sides described the meeting as {tone}.",
    "The leaders exchanged gifts and toasts at a banquet {when}.",
    "Observers said the timing of the trip was no coincidence.",
    "State media carried a brief report {when}, with photographs of the welcome ceremony.",
    "The two sides signed several agreements on {topic}.",
    "It was the first such meeting in years, and few details were made public.",
    "Trade has {trend} in recent years, according to official figures.",
    "Officials said further talks on {topic} were planned.",
    "The delegation included ministers responsible for {topic}.",
)
FILLERS = {
    "when": ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "over the weekend",
             "later in the week", "early in the morning", "late in the evening", "the following day",
             "after the talks", "before the ceremony", "in the coming days", "during the visit"),
    "how": ("by special train", "by road", "by air", "aboard an armoured train", "by rail", "in a motorcade"),
    "trend": ("grown", "slowed", "recovered", "fallen", "doubled", "stalled"),
    "tone": ("cordial", "businesslike", "long overdue", "largely symbolic", "productive", "tense at times"),
    "reason": ("security reasons", "its symbolism", "convenience", "the state of the tracks", "tradition"),
    "coverage": ("front-page", "extensive", "little", "muted", "enthusiastic", "cautious"),
    "length": ("short", "two-day", "brief", "one-night", "three-hour", "day-long"),
    "topic": ("railways", "energy", "fisheries", "labour", "education", "health care", "space research",
              "customs", "tourism", "port access", "aviation", "agriculture"),
}


class CorpusError(RuntimeError):
    """The corpus cannot be generated as asked (bad target directory, empty gazetteer, …)."""


@dataclass(frozen=True)
class Surface:
    """A way the corpus may write a place: ``text`` (name or alias) of ``place_id``, drawn with ``weight``."""

    text: str
    place_id: str
    weight: float


def refuse_target(out: Path, source: Path, force: bool) -> None:
    """Raise :class:`CorpusError` unless ``out`` is a safe place to write a synthetic corpus.

    Never the shipped ``data/`` directory, the source directory, or a directory inside/around either; an existing
    non-empty ``out`` only with ``force`` and only if an earlier run of this script made it (``CORPUS.json``).
    """
    target = out.resolve()
    for protected in {default_data_dir().resolve(), source.resolve()}:
        if target == protected or protected in target.parents or target in protected.parents:
            raise CorpusError(f"refusing to write into {out} (it is, contains or is inside {protected}); "
                              "pass a separate directory such as --out /tmp/atlas-2000x")
    if target.exists() and not target.is_dir():
        raise CorpusError(f"{out} exists and is not a directory")
    if target.is_dir() and any(target.iterdir()):
        if not (target / MARKER).is_file():
            raise CorpusError(f"{out} is not empty and was not made by make_corpus.py (no {MARKER}); "
                              "choose an empty or new directory")
        if not force:
            raise CorpusError(f"{out} already holds a generated corpus; pass --force to replace it")


def _csv_rows(path: Path) -> list[dict]:
    import csv

    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def shipped_lengths(source: Path) -> list[int]:
    """Text lengths (characters) of the source directory's articles, sorted."""
    lengths = [len(parse_article(p.read_text(encoding="utf-8"), p)["text"])
               for p in sorted((source / "articles").glob("*.md"))]
    if not lengths:
        raise CorpusError(f"{source / 'articles'} has no articles to take lengths from")
    return sorted(lengths)


def _usable_surface(text: str) -> bool:
    # Sentences are English: keep Latin-script names that start with a capital (skip e.g. Cyrillic aliases and
    # lower-case abbreviations, which the shipped texts do not use either).
    return bool(text) and text[0].isupper() and all(ord(ch) < 0x250 or ch in "’ʼ" for ch in text)


def place_surfaces(source: Path) -> list[Surface]:
    """Every usable name and alias of the source gazetteer, weighted by how often the shipped texts use its place.

    A place's weight is 1 + the number of times any of its names occurs (whole word, case-sensitive, also in
    capitals for datelines) in the shipped texts; the place's names share it, the display name getting half.
    """
    return _scan(source)[0]


def name_density(source: Path) -> float:
    """Gazetteer names per character of the shipped texts (the synthetic texts are written to the same density)."""
    return _scan(source)[1]


@cache
def _scan(source: Path) -> tuple[list[Surface], float]:
    rows = _csv_rows(source / "places.csv") + _csv_rows(source / "rail_stations.csv")
    if not rows:
        raise CorpusError(f"{source} has no places.csv to draw place names from")
    texts = "\n".join(parse_article(p.read_text(encoding="utf-8"), p)["text"]
                      for p in sorted((source / "articles").glob("*.md")))
    names_of: dict[str, list[str]] = {}
    owners: dict[str, list[str]] = {}
    for row in sorted(rows, key=lambda r: r["id"]):
        names = [row["name"]] + [a for a in (row.get("aliases") or "").split("|") if a]
        names = list(dict.fromkeys(n.strip() for n in names if _usable_surface(n.strip())))
        if names:
            names_of[row["id"]] = names
            for name in names:
                for form in {name, name.upper()}:
                    owners.setdefault(form, []).append(row["id"])
    # One scan, longest name first, matches never overlapping: "North Korea" counts for north-korea only, not
    # also for a place aliased "Korea". A name shared by several places splits its count between them.
    counts: dict[str, float] = dict.fromkeys(names_of, 0.0)
    pattern = "|".join(re.escape(n) for n in sorted(owners, key=len, reverse=True))
    matches = 0
    for match in re.finditer(rf"(?<!{_WORD_CHARS})(?:{pattern})(?!{_WORD_CHARS})", texts):
        matches += 1
        ids = owners[match.group(0)]
        for place_id in ids:
            counts[place_id] += 1 / len(ids)
    surfaces: list[Surface] = []
    for place_id, names in names_of.items():
        weight = 1.0 + counts[place_id]
        shares = [0.5] + [0.5 / (len(names) - 1)] * (len(names) - 1) if len(names) > 1 else [1.0]
        surfaces.extend(Surface(n, place_id, weight * s) for n, s in zip(names, shares, strict=True))
    return surfaces, matches / max(1, len(texts))


def _normalised_hash(text: str) -> str:
    canon = unicodedata.normalize("NFC", text)
    canon = canon.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}))
    return hashlib.sha256(" ".join(canon.split()).encode("utf-8")).hexdigest()


class _Writer:
    """Draws sentences from the templates with weighted place surfaces (one seeded ``random.Random``).

    A sentence naming places is written only while the text is below ``density`` names per character; otherwise
    a sentence naming none, so every text has the shipped texts' density of names.
    """

    def __init__(self, rng: random.Random, surfaces: list[Surface], density: float):
        self.rng = rng
        self.surfaces = surfaces
        self.cum = list(accumulate(s.weight for s in surfaces))
        self.density = density

    def surface(self) -> Surface:
        return self.surfaces[bisect_left(self.cum, self.rng.random() * self.cum[-1])]

    def sentence(self, named: bool) -> tuple[str, list[Surface]]:
        fill = {key: self.rng.choice(values) for key, values in FILLERS.items()}
        if not named:
            return self.rng.choice(PLAIN_TEMPLATES).format(**fill), []
        template = self.rng.choice(TEMPLATES)
        used = [self.surface() for _ in range(3)]
        text = template.format(a=used[0].text, b=used[1].text, c=used[2].text, **fill)
        return text, [u for u, slot in zip(used, "abc", strict=True) if f"{{{slot}}}" in template]

    def text(self, target_chars: int, dateline: str) -> tuple[str, list[Surface]]:
        paragraphs, used, size = [], [], len(dateline)
        while size < target_chars:
            sentences = []
            for _ in range(self.rng.randint(2, 4)):
                named = len(used) <= self.density * (size + 80)
                sentence, names = self.sentence(named)
                sentences.append(sentence)
                used.extend(names)
                size += len(sentence) + 1
            paragraphs.append(" ".join(sentences))
            size += 1
        if dateline:
            paragraphs[0] = f"{dateline} — {paragraphs[0]}"
        return "\n\n".join(paragraphs) + "\n", used


def _published(rng: random.Random) -> tuple[str, str]:
    year = rng.randint(*YEARS)
    roll = rng.random()
    if roll < 0.02:
        return f"{year:04d}", "year"
    month = rng.randint(1, 12)
    if roll < 0.10:
        return f"{year:04d}-{month:02d}", "month"
    return f"{year:04d}-{month:02d}-{rng.randint(1, 28):02d}", "day"


def plan_articles(count: int, source: Path, seed: int = DEFAULT_SEED, taken: set[str] | None = None) -> list[dict]:
    """``count`` synthetic article records (front matter + ``text``), deterministic for ``seed``.

    ``taken`` holds ids that must not be reused (the shipped articles'); texts are all distinct.
    """
    rng = random.Random(seed)
    surfaces = place_surfaces(source)
    lengths = shipped_lengths(source)
    writer = _Writer(rng, surfaces, name_density(source))
    city_like = [s for s in surfaces if s.text == s.text.title() and " " not in s.text]
    taken = set(taken or ())
    seen: set[str] = set()
    records: list[dict] = []
    while len(records) < count:
        published, precision = _published(rng)
        outlet = rng.choice(OUTLETS)
        dateline_surface = rng.choice(city_like) if city_like and rng.random() < 0.6 else None
        dateline = dateline_surface.text.upper() if dateline_surface else ""
        target = int(rng.choice(lengths) * rng.uniform(0.5, 1.6))
        text, used = writer.text(target, dateline)
        digest = _normalised_hash(text)
        if digest in seen:   # astronomically rare, but the contract is "no duplicates"
            continue
        seen.add(digest)
        base = f"{outlet.lower().replace(' ', '-')}-{published}"
        article_id, number = base, 2
        while article_id in taken:
            article_id, number = f"{base}-{number}", number + 1
        taken.add(article_id)
        names = list(dict.fromkeys(s.text for s in used))[:3]
        records.append({
            "id": article_id, "title": f"Synthetic report {len(records) + 1}: {', '.join(names)}",
            "outlet": outlet, "byline": "", "published": published, "published_precision": precision,
            "date_note": "", "dateline": dateline,
            "dateline_place_id": dateline_surface.place_id if dateline_surface else "", "url": "",
            "source_file": f"bench/make_corpus.py seed={seed} #{len(records) + 1}", "removed": [],
            "notes": "SYNTHETIC benchmark article generated by bench/make_corpus.py; not a real report.",
            "text": text,
        })
    return records


def source_digest(source: Path) -> str:
    """SHA-256 over the source's tables and articles: a corpus made from other data is out of date."""
    digest = hashlib.sha256()
    for path in [*sorted(source.glob("*.csv")), *sorted((source / "articles").glob("*.md"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def is_current(out: str | Path, source: str | Path | None = None) -> bool:
    """Whether ``out`` holds a corpus made from ``source`` as it is now, with mention caches of today's engine."""
    from geo.store.mentions import engine_version

    source = Path(source) if source else default_data_dir()
    try:
        summary = json.loads((Path(out) / MARKER).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    return (summary.get("source_digest") == source_digest(source)
            and summary.get("engine") == engine_version(out))


def _copy_curated(source: Path, out: Path) -> list[str]:
    """Copy the curated tables and the shipped articles; returns the shipped article ids."""
    (out / "articles").mkdir(parents=True, exist_ok=True)
    (out / "mentions").mkdir(exist_ok=True)
    for table in sorted(source.glob("*.csv")):
        shutil.copyfile(table, out / table.name)
    if (source / "geocache.json").is_file():
        shutil.copyfile(source / "geocache.json", out / "geocache.json")
    ids = []
    for article in sorted((source / "articles").glob("*.md")):
        shutil.copyfile(article, out / "articles" / article.name)
        ids.append(article.stem)
    return ids


def _write_mentions(out: Path, gazetteer_dir: Path, processes: int, reuse: list[Path]) -> dict:
    """Write the mention cache of every article of ``out`` (``geo.store.mentions``), geoparsing on a process pool.

    A cache found in a ``reuse`` directory for the same article id, text SHA-256 and engine version is copied
    instead (the same seed makes the same first articles at every scale); anything else is geoparsed.
    """
    from geo.store.mentions import cache_path, engine_version, read_cache, text_sha256, write_mentions
    from geo.store.parallel import parse_pool, parse_serial, read_items

    items = read_items(out)
    texts = dict(items)
    engine = engine_version(out)
    started = time.perf_counter()
    reused: list[tuple[str, list[dict]]] = []
    todo = []
    for article_id, text in items:
        doc = next((d for d in (read_cache(cache_path(r, article_id)) for r in reuse)
                    if d and d.get("engine") == engine and d.get("text_sha256") == text_sha256(text)), None)
        if doc is None:
            todo.append((article_id, text))
        else:
            reused.append((article_id, doc["mentions"]))
    run = parse_pool if processes > 1 and len(todo) > 1 else parse_serial
    results = run(todo, str(gazetteer_dir), processes) if todo else []
    parsed = time.perf_counter() - started
    mentions = 0
    for article_id, found in [*reused, *results]:
        write_mentions(out, article_id, texts[article_id], found, engine)
        mentions += len(found)
    return {"mentions": mentions, "engine": engine, "geoparsed_articles": len(todo),
            "reused_caches": len(reused), "geoparse_seconds": round(parsed, 2),
            "write_seconds": round(time.perf_counter() - started - parsed, 2)}


def generate(out: str | Path, *, scale: float | None = None, articles: int | None = None,
             source: str | Path | None = None, seed: int = DEFAULT_SEED, processes: int = 2,
             mentions: bool = True, force: bool = False, reuse: list[str | Path] = ()) -> dict:
    """Write the corpus; returns its summary (written to ``out/CORPUS.json``) plus ``timings`` (not written).

    The corpus holds ``articles`` articles, or ``round(scale x shipped count)``: the shipped articles plus
    synthetic ones making up the rest (so ``scale=1`` is exactly the shipped corpus). ``reuse``: corpora made
    with the same seed whose fresh mention caches may be copied instead of geoparsing again.
    """
    source = Path(source) if source else default_data_dir()
    out = Path(out)
    refuse_target(out, source, force)
    shipped = sorted(p.stem for p in (source / "articles").glob("*.md"))
    total = articles if articles is not None else round((scale or 1) * len(shipped))
    if total < len(shipped):
        raise CorpusError(f"asked for {total} articles but the source already has {len(shipped)}")
    if out.exists():
        shutil.rmtree(out)   # refuse_target checked it is our own earlier output
    started = time.perf_counter()
    out.mkdir(parents=True)
    # Marked as ours before anything else is written, so an interrupted run can be replaced with --force.
    (out / MARKER).write_text(json.dumps({"complete": False}) + "\n", encoding="utf-8")
    _copy_curated(source, out)
    records = plan_articles(total - len(shipped), source, seed, taken=set(shipped))
    for record in records:
        meta = {k: v for k, v in record.items() if k != "text"}
        (out / "articles" / f"{record['id']}.md").write_text(render_article(meta, record["text"]), encoding="utf-8")
    summary = {"source": str(source), "source_digest": source_digest(source), "seed": seed,
               "scale": total / len(shipped) if shipped else None,
               "articles": total, "shipped_articles": len(shipped), "synthetic_articles": len(records),
               "text_bytes": sum(len(r["text"].encode()) for r in records)}
    timings = {"write_articles_seconds": round(time.perf_counter() - started, 2)}
    if mentions:
        try:
            written = _write_mentions(out, source, processes, [Path(r) for r in reuse])
        except ModuleNotFoundError as exc:
            raise CorpusError(f"the geoparser is not available ({exc.name} is missing), so no mention caches were "
                              "written; pass --no-mentions to generate the articles only") from exc
        summary.update(mentions=written.pop("mentions"), engine=written.pop("engine"))
        timings.update(written)   # how many were reused varies with what exists: not part of the marker
    # The marker holds only what the seed decides (timings vary), so same seed => same bytes, marker included.
    (out / MARKER).write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    snapshot = "not made (no mention caches)"
    if mentions:
        # As `atlas ingest` and `atlas reindex` do: the dashboard's first start reads the corpus snapshot.
        started = time.perf_counter()
        snapshot = refresh_snapshot(out) or "fresh"
        timings["snapshot_seconds"] = round(time.perf_counter() - started, 2)
    return {**summary, "timings": timings, "snapshot": snapshot}


def main(argv: list[str] | None = None) -> int:
    """Command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--scale", type=float, help="corpus size as a multiple of the shipped article count")
    size.add_argument("--articles", type=int, help="exact number of articles (shipped ones included)")
    parser.add_argument("--out", required=True, help="target data directory (never the shipped data/)")
    parser.add_argument("--source", default=None, help="data directory to copy and imitate (default: data/)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--processes", type=int, default=2, help="geoparser worker processes")
    parser.add_argument("--no-mentions", action="store_true", help="skip the mention caches")
    parser.add_argument("--force", action="store_true", help="replace a corpus this script generated earlier")
    parser.add_argument("--reuse", action="append", default=[], metavar="DIR",
                        help="copy fresh mention caches from a corpus made with the same seed (repeatable)")
    args = parser.parse_args(argv)
    try:
        summary = generate(args.out, scale=args.scale, articles=args.articles, source=args.source, seed=args.seed,
                           processes=args.processes, mentions=not args.no_mentions, force=args.force,
                           reuse=args.reuse)
    except CorpusError as exc:
        print(f"make_corpus: error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
