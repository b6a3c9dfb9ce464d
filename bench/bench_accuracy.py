"""Geoparser accuracy on the public news corpora GeoWebNews (GWN) and LGL, beside the published numbers.

The corpora are GPL-3.0 and stay outside the repository: give their paths. ::

    python bench/bench_accuracy.py --gwn /path/to/GWN.xml --lgl /path/to/lgl.xml [--limit N] [--json]
    python bench/bench_accuracy.py --gwn GWN.xml --lgl lgl.xml --roi none      # without the region prior
    python bench/bench_accuracy.py --gwn GWN.xml --errors 15                   # and the biggest error classes

Scoring conventions (the benchmarks' README, so that our numbers and the published ones agree):

* **What counts.** GWN: every toponym type except ``Non_Toponym``, ``Literal_Expression``, ``Non_Lit_Expression``,
  ``Demonym`` and ``Language``; a toponym whose phrase is not at ``text[start:end]`` (a few point into the title) is
  skipped. LGL: every toponym except demonyms and adjectival forms, found by :func:`is_demonym` (LGL does not type
  them). Excluded gold is kept, flagged: a prediction that overlaps it and matches no counted toponym is ignored.
* **Recognition.** Predictions and counted gold are paired one-to-one where their spans overlap, as many pairs as
  possible (a maximum bipartite matching per article; among equal matchings exact spans, then larger overlaps,
  are preferred). Precision, recall and F1 by mention; the exact-span figures pair only identical spans.
* **Resolution**, over the pairs whose gold has coordinates: error = great-circle km
  (:func:`geo.gazetteer.lookup.haversine_km`) from the predicted point to the gold point; a recognised but
  unresolved mention (no point) counts :data:`UNRESOLVED_KM`. *matched acc@161*: share of those pairs within
  161 km; *acc@161 over all gold*: within-161-km pairs over every counted gold toponym with coordinates (a miss is a
  failure); median error; ``AUC = trapezoid(sorted(log(1 + km))) / ((n - 1) * log(20039))`` with unit spacing (Gritta
  et al., ACL 2018; lower is better).
* **Speed.** The geoparse of every article, one at a time, in this process pinned to one core, with the cyclic
  collector paused as the ``atlas`` command runs it, on a gazetteer that has only seen a warm-up sentence: articles
  per second by wall and by CPU time. Reading the XML and scoring are not timed. The build time (GeoNames long-tail
  index from its on-disk cache, the dataset, the gazetteer and its automaton, a warm-up geoparse) is reported
  separately; the long-tail cache is made first, untimed, if it is missing.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import itertools
import json
import math
import os
import re
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

# Run as a script, Python puts bench/ first on sys.path, not the repository root: add the root so `import geo` works.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.gazetteer.lookup import haversine_km
from geo.gazetteer.normalize import name_key
from geo.gazetteer.wordlists import common_words

__all__ = ["GWN_EXCLUDED_TYPES", "PUBLISHED", "UNRESOLVED_KM", "Article", "Gold", "Pairing", "align", "auc",
           "error_breakdown", "is_demonym", "load_gwn", "load_lgl", "main", "score"]

#: GWN types that are not toponyms under our convention.
GWN_EXCLUDED_TYPES = frozenset({"Non_Toponym", "Literal_Expression", "Non_Lit_Expression", "Demonym", "Language"})
#: Half the Earth's circumference as the AUC formula takes it: the largest possible error.
MAX_KM = 20039.0
#: The error of a recognised mention the geoparser left without a point (the largest possible error).
UNRESOLVED_KM = MAX_KM
#: "Within 161 km" (100 miles), the usual accuracy radius.
ACC_KM = 161.0

#: The published rows (benchmarks README): metric → value. ``f1`` is overlap F1, ``exact_f1`` exact-span F1.
PUBLISHED: dict[str, list[tuple[str, dict[str, float], str]]] = {
    "GWN": [
        ("Google Cloud NLP", {"f1": 0.855}, "GWN system output, rescored"),
        ("spaCy NER", {"f1": 0.810}, "GWN system output, rescored"),
        ("Edinburgh Geoparser", {"f1": 0.678, "matched_acc161": 0.889}, "GWN system output, rescored"),
        ("Mordecai 3 (neural, GPU)", {"exact_f1": 0.748, "acc161_all": 0.625}, "mordecai3 end-to-end report"),
    ],
    "LGL": [
        ("Topocluster", {"exact_f1": 0.71, "matched_acc161": 0.63}, "Gritta et al. LRE 2018, Tables 1, 3"),
        ("CamCoder", {"matched_acc161": 0.76}, "Gritta et al. ACL 2018, Table 1"),
        ("Mordecai 3", {"exact_f1": 0.693, "acc161_all": 0.590}, "mordecai3 end-to-end report"),
    ],
}


# -- corpora --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Gold:
    """One annotated toponym: ``text[start:end] == phrase``; ``lat``/``lon`` None when the corpus gives no point;
    ``kind`` the GWN type or the LGL GeoNames feature code (``"-"`` without one, ``"demonym"`` when excluded);
    ``excluded`` when it does not count as a toponym (see the module docstring)."""

    start: int
    end: int
    phrase: str
    lat: float | None
    lon: float | None
    kind: str
    excluded: bool = False


@dataclass(frozen=True, slots=True)
class Article:
    """One corpus article: its id, text and gold toponyms (in file order)."""

    id: str
    text: str
    gold: tuple[Gold, ...]


def _float(text: str | None) -> float | None:
    text = (text or "").strip()
    return float(text) if text else None


def _int(element: ET.Element, tag: str) -> int | None:
    text = (element.findtext(tag) or "").strip()
    return int(text) if text.lstrip("-").isdigit() else None


def load_gwn(path: str | Path) -> list[Article]:
    """The GeoWebNews articles of ``GWN.xml``. Offsets index ``<text>``; a toponym whose phrase
    (``<extractedName>``, or ``<phrase>``) is not at ``text[start:end]`` is skipped (it points into the title)."""
    articles = []
    for element in ET.parse(path).getroot().iter("article"):
        text = element.findtext("text") or ""
        gold = []
        for toponym in element.iterfind("toponyms/toponym"):
            phrase = toponym.findtext("extractedName") or toponym.findtext("phrase") or ""
            start, end = _int(toponym, "start"), _int(toponym, "end")
            if start is None or end is None or not phrase or text[start:end] != phrase:
                continue
            kind = (toponym.findtext("type") or "").strip()
            lat, lon = _float(toponym.findtext("latitude")), _float(toponym.findtext("longitude"))
            if lat is None or lon is None:
                lat = lon = None
            gold.append(Gold(start, end, phrase, lat, lon, kind, kind in GWN_EXCLUDED_TYPES))
        articles.append(Article(element.get("file", str(len(articles))), text, tuple(gold)))
    return articles


def load_lgl(path: str | Path, place_name: Callable[[str], bool] | None = None) -> list[Article]:
    """The LGL articles of ``lgl.xml``. A toponym without ``<gaztag>`` has no point (recognition only). Demonyms
    and adjectival forms are flagged excluded by :func:`is_demonym`, with ``place_name`` (is this a name a gazetteer
    knows as a place?) as its evidence that a phrase is a place name."""
    articles = []
    for element in ET.parse(path).getroot().iter("article"):
        text = element.findtext("text") or ""
        gold = []
        for toponym in element.iterfind("toponyms/toponym"):
            phrase = toponym.findtext("phrase") or ""
            start, end = _int(toponym, "start"), _int(toponym, "end")
            if start is None or end is None or not phrase or text[start:end] != phrase:
                continue
            tag = toponym.find("gaztag")
            lat = lon = None
            referent, kind = None, "-"
            if tag is not None:
                lat, lon = _float(tag.findtext("lat")), _float(tag.findtext("lon"))
                if lat is None or lon is None:
                    lat = lon = None
                referent = tag.findtext("name")
                kind = (tag.findtext("fcode") or "").strip() or "-"
            excluded = is_demonym(phrase, referent, place_name)
            gold.append(Gold(start, end, phrase, lat, lon, "demonym" if excluded else kind, excluded))
        articles.append(Article(element.get("docid", str(len(articles))), text, tuple(gold)))
    return articles


# The endings of English demonyms and adjectives of place: American, Ontarians, Sudanese, Iraqi, Irish, Czech.
_DEMONYM_ENDING = re.compile(r"(?:an|ans|ese|i|ish|ch)$")
# Endings that make a demonym only when added to a place name: Londoner(s), Richmondite(s).
_AGENT_ENDING = re.compile(r"(?:ers?|ites?)$")


def is_demonym(phrase: str, referent: str | None = None, place_name: Callable[[str], bool] | None = None) -> bool:
    """Whether an LGL gold phrase is a demonym or an adjectival form of a place ("Iraqi", "Texans", "Sri Lankan"),
    which our convention does not count as a toponym (LGL annotates them as toponyms of the place they derive from).

    ``referent`` is the gold's GeoNames name, if any; ``place_name(name)`` says whether a gazetteer knows ``name``
    as a place (the bench passes ours: curated names, GeoNames cities and countries with alternate names). The
    rule looks at the phrase's last word, case-folded:

    1. it has a demonym's form: it is not an ordinary lower-case English word (SCOWL's common words,
       :func:`geo.gazetteer.wordlists.common_words`: not parish, ranch, polish) and ends in *-an(s)*, *-ese*, *-i*,
       *-ish* or *-ch*; or it ends in *-er(s)* / *-ite(s)* and the phrase without that ending is a place name
       (Londoners → London; not River, Lancaster);
    2. and the phrase is not a place name itself: not the referent's name, nor its last words ("Sudan" of
       "Republic of the Sudan"), nor a cut-off form of it ("Svaneti" of "Svanetiya"; a derived form adds letters),
       nor a name ``place_name`` knows (Jordan, Logan, Gori, Paris).

    Known limits: a demonym that is also a town's name stays a toponym ("Canadian": Canadian, Texas), as do forms
    with other endings ("Israelis": *-is* would take Paris, Nevis) and those that are ordinary words ("Polish",
    "French"); a misspelt place with a demonym's ending is excluded ("Britian"), and so is a name whose referent
    adds a word to it ("Caribbean" for "Caribbean Sea", which looks like "Russian" for "Russian Federation").
    """
    words = phrase.split()
    if not words:
        return False
    last = words[-1].lower()
    if last in common_words():
        return False
    shaped = bool(_DEMONYM_ENDING.search(last))
    if not shaped and place_name is not None:
        ending = _AGENT_ENDING.search(last)
        shaped = bool(ending) and place_name(phrase[: len(phrase) - len(ending.group())])
    if not shaped:
        return False
    key = name_key(phrase)
    if referent and key:
        own = name_key(referent)
        if own == key or own.endswith(" " + key) or (own.startswith(key) and own[len(key)].isalpha()):
            return False
    return not (place_name is not None and place_name(phrase))


# -- scoring --------------------------------------------------------------------------------------------------


class Prediction(Protocol):
    """What the scorer reads of a predicted mention (a :class:`geo.geoparse.Mention` is one)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def lat(self) -> float | None: ...

    @property
    def lon(self) -> float | None: ...


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return min(a_end, b_end) - max(a_start, b_start)


def _matching(preds: Sequence[Prediction], gold: Sequence[Gold], exact: bool) -> dict[int, int]:
    """A maximum one-to-one pairing of predictions with gold toponyms whose spans overlap (or are equal, with
    ``exact``): {prediction index: gold index}. Kuhn's augmenting paths; each prediction tries the exact span first,
    then larger overlaps, then the earlier gold, so that among maximum pairings the closest pairs are kept."""
    options: list[list[int]] = []
    for p in preds:
        ranked = []
        for gi, g in enumerate(gold):
            same = p.start == g.start and p.end == g.end
            if same or (not exact and _overlap(p.start, p.end, g.start, g.end) > 0):
                ranked.append((not same, -_overlap(p.start, p.end, g.start, g.end), gi))
        options.append([gi for *_, gi in sorted(ranked)])
    owner: dict[int, int] = {}  # gold index -> prediction index

    def augment(pi: int, seen: set[int]) -> bool:
        for gi in options[pi]:
            if gi in seen:
                continue
            seen.add(gi)
            if gi not in owner or augment(owner[gi], seen):
                owner[gi] = pi
                return True
        return False

    for pi in range(len(preds)):
        if options[pi]:
            augment(pi, set())
    return {pi: gi for gi, pi in owner.items()}


@dataclass(frozen=True, slots=True)
class Pairing:
    """How one article's predictions meet its gold: ``pairs`` (prediction, gold) by overlap, ``exact_pairs`` by
    identical span, the counted gold left unmatched (``missed``), the predictions that are false positives and
    those ignored (unmatched but overlapping excluded gold), by overlap and by exact span."""

    pairs: tuple[tuple[Prediction, Gold], ...]
    missed: tuple[Gold, ...]
    false: tuple[Prediction, ...]
    ignored: tuple[Prediction, ...]
    exact_pairs: tuple[tuple[Prediction, Gold], ...]
    exact_false: tuple[Prediction, ...]
    exact_ignored: tuple[Prediction, ...]


def align(article: Article, predictions: Sequence[Prediction]) -> Pairing:
    """Pair one article's predictions with its counted gold (see the module docstring)."""
    preds = sorted(predictions, key=lambda p: (p.start, p.end))
    counted = [g for g in article.gold if not g.excluded]
    excluded = [g for g in article.gold if g.excluded]

    def split(exact: bool):
        matched = _matching(preds, counted, exact)
        pairs = tuple((preds[pi], counted[gi]) for pi, gi in sorted(matched.items()))
        false, ignored = [], []
        for pi, p in enumerate(preds):
            if pi not in matched:
                hides = any(_overlap(p.start, p.end, g.start, g.end) > 0 for g in excluded)
                (ignored if hides else false).append(p)
        return pairs, tuple(false), tuple(ignored)

    pairs, false, ignored = split(exact=False)
    exact_pairs, exact_false, exact_ignored = split(exact=True)
    found = {id(g) for _, g in pairs}
    missed = tuple(g for g in counted if id(g) not in found)
    return Pairing(pairs, missed, false, ignored, exact_pairs, exact_false, exact_ignored)


def error_km(prediction: Prediction, gold: Gold) -> float | None:
    """Great-circle km from the predicted to the gold point; None when the gold has no point; UNRESOLVED_KM when
    the prediction has none."""
    if gold.lat is None or gold.lon is None:
        return None
    if prediction.lat is None or prediction.lon is None:
        return UNRESOLVED_KM
    return haversine_km(prediction.lat, prediction.lon, gold.lat, gold.lon)


def auc(errors: Sequence[float]) -> float | None:
    """Area under the error curve (Gritta et al., ACL 2018): the trapezoid rule with unit spacing over the sorted
    ``log(1 + km)``, over ``(n - 1) * log(20039)``; 0 is perfect, 1 every error maximal. None below two errors."""
    if len(errors) < 2:
        return None
    ys = sorted(math.log1p(km) for km in errors)
    area = sum((a + b) / 2 for a, b in itertools.pairwise(ys))
    return area / ((len(ys) - 1) * math.log(MAX_KM))


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(articles: Sequence[Article], predictions: Sequence[Sequence[Prediction]]) -> dict[str, Any]:
    """The metrics of ``predictions`` (one sequence of mentions per article, in the same order) against the gold:
    counts, precision / recall / F1 by overlap and by exact span, matched acc@161, acc@161 over all gold, median
    error km and AUC (ratios None where undefined)."""
    if len(articles) != len(predictions):
        raise ValueError(f"{len(articles)} articles but {len(predictions)} prediction lists")
    totals = Counter()
    errors: list[float] = []
    for article, predicted in zip(articles, predictions, strict=True):
        pairing = align(article, predicted)
        counted = [g for g in article.gold if not g.excluded]
        totals["gold"] += len(counted)
        totals["gold_excluded"] += len(article.gold) - len(counted)
        totals["gold_with_coords"] += sum(g.lat is not None for g in counted)
        totals["predicted"] += len(predicted)
        totals["tp"] += len(pairing.pairs)
        totals["fp"] += len(pairing.false)
        totals["ignored"] += len(pairing.ignored)
        totals["exact_tp"] += len(pairing.exact_pairs)
        totals["exact_fp"] += len(pairing.exact_false)
        totals["exact_ignored"] += len(pairing.exact_ignored)
        for prediction, gold in pairing.pairs:
            km = error_km(prediction, gold)
            if km is not None:
                errors.append(km)
                totals["unresolved"] += prediction.lat is None or prediction.lon is None
    within = sum(km <= ACC_KM for km in errors)
    out: dict[str, Any] = {"articles": len(articles), **{k: totals[k] for k in (
        "gold", "gold_excluded", "gold_with_coords", "predicted", "tp", "fp", "ignored",
        "exact_tp", "exact_fp", "exact_ignored")}}
    out["fn"] = totals["gold"] - totals["tp"]
    out["exact_fn"] = totals["gold"] - totals["exact_tp"]
    for prefix in ("", "exact_"):
        precision = _ratio(out[prefix + "tp"], out[prefix + "tp"] + out[prefix + "fp"])
        recall = _ratio(out[prefix + "tp"], out["gold"])
        out[prefix + "precision"], out[prefix + "recall"] = precision, recall
        out[prefix + "f1"] = _f1(precision, recall)
    out.update(matched_with_coords=len(errors), unresolved=totals["unresolved"], within_161=within,
               matched_acc161=_ratio(within, len(errors)), acc161_all=_ratio(within, out["gold_with_coords"]),
               median_km=statistics.median(errors) if errors else None, auc=auc(errors))
    return out


def error_breakdown(articles: Sequence[Article], predictions: Sequence[Sequence[Prediction]],
                    top: int = 10) -> dict[str, Any]:
    """Where the errors are: per gold kind (GWN type, LGL feature code) the counted gold, the misses and the
    matched-but-farther-than-161-km; the most frequent missed phrases, false-positive surfaces and far-off phrases
    (with the place the prediction chose, when the prediction carries a ``name``)."""
    per_kind: dict[str, Counter] = {}
    missed, false, far = Counter(), Counter(), Counter()
    for article, predicted in zip(articles, predictions, strict=True):
        pairing = align(article, predicted)
        for g in article.gold:
            if not g.excluded:
                per_kind.setdefault(g.kind, Counter())["gold"] += 1
        for g in pairing.missed:
            per_kind[g.kind]["missed"] += 1
            missed[g.phrase] += 1
        for p in pairing.false:
            false[article.text[p.start:p.end]] += 1
        for p, g in pairing.pairs:
            km = error_km(p, g)
            if km is not None and km > ACC_KM:
                per_kind[g.kind]["far"] += 1
                chosen = getattr(p, "name", None) or ("(no point)" if p.lat is None else "?")
                far[f"{g.phrase} -> {chosen}"] += 1
    kinds = {kind: {"gold": c["gold"], "missed": c["missed"], "far": c["far"]}
             for kind, c in sorted(per_kind.items(), key=lambda item: -item[1]["gold"])}
    return {"by_kind": kinds, "missed": missed.most_common(top), "false_positives": false.most_common(top),
            "far": far.most_common(top)}


# -- running the geoparser ------------------------------------------------------------------------------------

#: An invented sentence for the warm-up geoparse (curated and long-tail names, a cue).
WARM_UP = ("Officials from Springfield and Lagos met in Vladivostok on Monday, then drove to the port of Nakhodka "
           "and on to the village of Ust-Kamenka near the Tumen River.")


def _ensure_long_tail_cache() -> bool:
    """Make the GeoNames long-tail index's on-disk cache if it is missing (untimed); True if it was there."""
    from geo.gazetteer.longtail import LongTail

    probe = LongTail()
    present = probe.cache_file().is_file()  # read only
    if not present:
        probe.lookup("paris")  # builds and writes the cache
    del probe
    gc.collect()
    return present


def build(roi: Sequence[str] | None) -> tuple[Any, dict[str, float]]:
    """A gazetteer ready to geoparse, and the seconds each step took: the long-tail index (loaded from its cache,
    once per process), the dataset, the gazetteer, its automaton, a warm-up geoparse."""
    from geo.dataset import load_dataset
    from geo.gazetteer.longtail import default_long_tail
    from geo.gazetteer.lookup import Gazetteer
    from geo.geoparse import geoparse

    times: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        times[step] = now - clock
        clock = now

    long_tail = default_long_tail()
    long_tail.lookup("paris")
    lap("long_tail_s")
    dataset = load_dataset()
    lap("dataset_s")
    gazetteer = Gazetteer.from_dataset(dataset, roi=roi)
    lap("gazetteer_s")
    gazetteer.automaton()
    lap("automaton_s")
    geoparse(WARM_UP, gazetteer)
    lap("warm_up_s")
    times["total_s"] = sum(times.values())
    return gazetteer, times


def run_geoparser(articles: Sequence[Article], gazetteer: Any) -> tuple[list[list[Any]], dict[str, float]]:
    """Every article geoparsed one at a time, as the ``atlas`` command runs it (collector paused): the mentions and
    the wall and CPU seconds."""
    from geo.core.runtime import collector_paused
    from geo.geoparse import geoparse

    gc.collect()
    with collector_paused():
        wall, cpu = time.perf_counter(), time.process_time()
        predictions = [geoparse(article.text, gazetteer) for article in articles]
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    n = len(articles)
    chars = sum(len(article.text) for article in articles)
    return predictions, {"wall_s": wall, "cpu_s": cpu, "articles_per_s": n / wall if wall else None,
                         "articles_per_cpu_s": n / cpu if cpu else None, "chars": chars}


def _pin_to_one_core() -> int | None:
    if not hasattr(os, "sched_setaffinity"):
        return None
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return core


# -- output ---------------------------------------------------------------------------------------------------

_COLUMNS = (("P", "precision"), ("R", "recall"), ("F1", "f1"), ("F1 exact", "exact_f1"),
            ("acc@161 matched", "matched_acc161"), ("acc@161 all", "acc161_all"), ("median km", "median_km"),
            ("AUC", "auc"), ("art/s", "articles_per_s"))


def _cell(value: Any, key: str) -> str:
    if value is None:
        return "—"
    if key == "median_km":
        return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"
    if key == "articles_per_s":
        return f"{value:,.0f}"
    return f"{value:.3f}"


def render(results: dict[str, Any]) -> str:
    """The text table: per corpus, our row beside the published rows, then counts, speed and build time."""
    lines = []
    names = [r["label"] for r in results["corpora"].values()] + [n for rows in PUBLISHED.values() for n, *_ in rows]
    widths = [max(map(len, names)), *(max(len(title), 7) for title, _ in _COLUMNS)]
    header = ["system", *(title for title, _ in _COLUMNS)]
    for corpus, result in results["corpora"].items():
        m = result["metrics"]
        lines.append(f"{corpus}: {m['articles']} articles; {m['gold']} gold toponyms counted "
                     f"({m['gold_with_coords']} with coordinates), {m['gold_excluded']} excluded")
        lines.append("  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(
            header, widths, strict=True))))
        ours = {**m, "articles_per_s": result["speed"]["articles_per_s"]}
        rows = [(result["label"], ours, set(ours))]
        rows += [(name, values, set(values)) for name, values, _ in PUBLISHED.get(corpus, [])]
        for name, values, known in rows:
            cells = [_cell(values.get(key), key) if key in known else "—" for _, key in _COLUMNS]
            lines.append("  ".join([name.ljust(widths[0]), *(c.rjust(w) for c, w in zip(cells, widths[1:],
                                                                                          strict=True))]))
        s = result["speed"]
        lines.append(f"  overlap: tp {m['tp']}  fp {m['fp']}  fn {m['fn']}  ignored {m['ignored']};  exact: tp "
                     f"{m['exact_tp']}  fp {m['exact_fp']}  fn {m['exact_fn']};  resolution over "
                     f"{m['matched_with_coords']} matched with coordinates ({m['unresolved']} without a point)")
        lines.append(f"  speed: {m['articles']} articles ({s['chars'] / 1e6:.2f} M characters) in {s['wall_s']:.2f} s "
                     f"wall, {s['cpu_s']:.2f} s CPU: {_cell(s['articles_per_s'], 'articles_per_s')} articles/s "
                     f"({_cell(s['articles_per_cpu_s'], 'articles_per_s')} per CPU second)")
        breakdown = result.get("errors")
        if breakdown:
            lines.append("  by gold kind (gold / missed / matched but > 161 km):")
            for kind, c in breakdown["by_kind"].items():
                lines.append(f"    {kind:<22} {c['gold']:>6} {c['missed']:>7} {c['far']:>6}")
            for title, key in (("missed", "missed"), ("false positives", "false_positives"), ("far off", "far")):
                lines.append(f"  top {title}: " + ("; ".join(f"{text} ({n})" for text, n in breakdown[key]) or "none"))
        lines.append("")
    b = results["build"]
    lines.append("build (s): " + ", ".join(f"{k[:-2].replace('_', ' ')} {v:.2f}" for k, v in b.items())
                 + ("" if results["long_tail_cache_was_present"] else "  (long-tail cache made first, untimed)"))
    lines.append("Published: Mordecai 3 runs at 60–110 documents/s on a desktop GPU (its README).")
    lines.append(f"{results['date']}, Python {results['python']}, core {results['core']}, "
                 f"load average {results['load_average']}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gwn", type=Path, help="GeoWebNews GWN.xml")
    parser.add_argument("--lgl", type=Path, help="LGL lgl.xml")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles of each corpus")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--roi", default=None,
                        help="region of interest, e.g. 'none' or 'RU,KP' (default: $ATLAS_ROI or the package's)")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="also show misses and far-off resolutions by gold kind, and the top N phrases")
    parser.add_argument("--no-pin", action="store_true", help="do not pin the process to one core")
    args = parser.parse_args(argv)
    if not args.gwn and not args.lgl:
        parser.error("give --gwn and/or --lgl")
    for path in (args.gwn, args.lgl):
        if path and not path.is_file():
            parser.error(f"no such file: {path}")
    roi = None if args.roi is None else tuple(c.strip().upper() for c in args.roi.split(",")
                                              if c.strip() and c.strip().lower() != "none")

    core = None if args.no_pin else _pin_to_one_core()
    cache_present = _ensure_long_tail_cache()
    gazetteer, build_times = build(roi)
    label = "summit atlas" + (f" (ROI {','.join(gazetteer.roi) or 'none'})")

    def place_name(name: str) -> bool:
        return bool(gazetteer.pool(gazetteer.keys_of(name)))

    corpora: dict[str, list[Article]] = {}
    if args.gwn:
        corpora["GWN"] = load_gwn(args.gwn)
    if args.lgl:
        corpora["LGL"] = load_lgl(args.lgl, place_name)
    results: dict[str, Any] = {"corpora": {}}
    for corpus, articles in corpora.items():
        articles = articles[: args.limit] if args.limit is not None else articles
        fresh = build(roi)[0]  # each corpus on a fresh gazetteer that has seen only the warm-up sentence
        predictions, speed = run_geoparser(articles, fresh)
        result = {"label": label, "metrics": score(articles, predictions), "speed": speed,
                  "published": [{"system": name, **values, "source": source}
                                for name, values, source in PUBLISHED.get(corpus, [])]}
        if args.errors:
            result["errors"] = error_breakdown(articles, predictions, top=args.errors)
        results["corpora"][corpus] = result
    results.update(build=build_times, long_tail_cache_was_present=cache_present, roi=list(gazetteer.roi),
                   limit=args.limit, date=datetime.date.today().isoformat(), python=sys.version.split()[0],
                   core=core, load_average=" ".join(f"{x:.1f}" for x in os.getloadavg()))
    print(json.dumps(results, indent=2, ensure_ascii=False) if args.json else render(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
