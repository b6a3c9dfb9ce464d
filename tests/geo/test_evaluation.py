"""Geoparser evaluation on the five seed articles against hand annotations made by a separate annotator.

Recognition: precision / recall / F1 by mention, exact span and overlap. Resolution: a recognised mention is
right when it is within 25 km of the gold place (points: cities, stations, facilities) or has the gold id
(areal places: countries, regions, water, historical states). Run ``pytest -s`` to see the figures
(they are copied into docs/geoparser.md).
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest

from geo.dataset import load_dataset
from geo.gazetteer.lookup import AREAL_KINDS, Gazetteer, haversine_km
from geo.geoparse import geoparse

GOLD_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "gold"
F1_TARGET = 0.95
RESOLUTION_TARGET = 0.98
TOLERANCE_KM = 25.0


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.fixture(scope="module")
def gazetteer(dataset):
    return Gazetteer.from_dataset(dataset)


@pytest.fixture(scope="module")
def scores(dataset, gazetteer):
    gold_files = sorted(GOLD_DIR.glob("*.json"))
    assert gold_files, f"no gold annotations in {GOLD_DIR}"
    texts = {row.id: row.text for row in dataset.articles.itertuples()}
    totals = {"gold": 0, "pred": 0, "exact": 0, "overlap_gold": 0, "overlap_pred": 0,
              "resolved_ok": 0, "resolved_n": 0, "point_ok": 0, "point_n": 0, "gold_span_ok": 0}
    errors_km: list[float] = []
    misses: list[str] = []
    for path in gold_files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = texts[gold["article_id"]]
        mentions = geoparse(text, gazetteer)
        gold_spans = [(g["start"], g["end"], g["place_id"]) for g in gold["mentions"]]
        for g in gold["mentions"]:
            assert text[g["start"]:g["end"]] == g["surface"], f"gold offsets are off in {path.name}: {g}"
        pred_spans = [(m.start, m.end, m.place_id) for m in mentions]
        totals["gold"] += len(gold_spans)
        totals["pred"] += len(pred_spans)
        exact = {(s, e) for s, e, _ in gold_spans} & {(s, e) for s, e, _ in pred_spans}
        totals["exact"] += len(exact)
        totals["overlap_gold"] += sum(any(ps < ge and gs < pe for ps, pe, _ in pred_spans)
                                      for gs, ge, _ in gold_spans)
        totals["overlap_pred"] += sum(any(ps < ge and gs < pe for gs, ge, _ in gold_spans)
                                      for ps, pe, _ in pred_spans)
        for gs, ge, gid in gold_spans:
            hit = next((p for p in pred_spans if p[0] < ge and gs < p[1]), None)
            if hit is None:
                misses.append(f"{gold['article_id']}: missed {text[gs:ge]!r}")
                continue
            ok, km, point = _judge(gazetteer, gid, hit[2])
            totals["resolved_n"] += 1
            totals["resolved_ok"] += ok
            if point:
                totals["point_n"] += 1
                totals["point_ok"] += ok
                if km is not None:
                    errors_km.append(km)
            if not ok:
                misses.append(f"{gold['article_id']}: {text[gs:ge]!r} → {hit[2]} (gold {gid})")
        for ps, pe, pid in pred_spans:
            if not any(ps < ge and gs < pe for gs, ge, _ in gold_spans):
                misses.append(f"{gold['article_id']}: spurious {text[ps:pe]!r} → {pid}")
        # resolution alone, on the gold spans
        for gs, ge, gid in gold_spans:
            best = gazetteer.resolve(text[gs:ge], context=text)
            totals["gold_span_ok"] += bool(best) and _judge(gazetteer, gid, best.place_id)[0]
    return totals, errors_km, misses


def _judge(gazetteer: Gazetteer, gold_id: str, pred_id: str | None) -> tuple[bool, float | None, bool]:
    gold = gazetteer.place(gold_id)
    point = gold.kind not in AREAL_KINDS
    if pred_id is None:
        return False, None, point
    if pred_id == gold_id:
        return True, 0.0, point
    if not point:
        return False, None, point
    pred = gazetteer.place(pred_id)
    km = haversine_km(gold.lat, gold.lon, pred.lat, pred.lon)
    return km <= TOLERANCE_KM, km, point


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> tuple[float, float, float]:
    precision = tp_pred / n_pred if n_pred else 1.0
    recall = tp_gold / n_gold if n_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def test_recognition_and_resolution_meet_targets(scores):
    totals, errors_km, misses = scores
    exact = _prf(totals["exact"], totals["pred"], totals["exact"], totals["gold"])
    overlap = _prf(totals["overlap_pred"], totals["pred"], totals["overlap_gold"], totals["gold"])
    resolution = totals["resolved_ok"] / totals["resolved_n"]
    points = totals["point_ok"] / totals["point_n"] if totals["point_n"] else 1.0
    gold_span = totals["gold_span_ok"] / totals["gold"]
    print(f"\ngold mentions {totals['gold']}, predicted {totals['pred']}")
    print(f"recognition exact:   P {exact[0]:.3f}  R {exact[1]:.3f}  F1 {exact[2]:.3f}")
    print(f"recognition overlap: P {overlap[0]:.3f}  R {overlap[1]:.3f}  F1 {overlap[2]:.3f}")
    print(f"resolution end-to-end (recognised): {resolution:.3f} of {totals['resolved_n']}; "
          f"points within {TOLERANCE_KM:.0f} km: {points:.3f} of {totals['point_n']}")
    if errors_km:
        print(f"point error km: median {statistics.median(errors_km):.1f}, mean {statistics.fmean(errors_km):.1f}")
    print(f"resolution on gold spans: {gold_span:.3f}")
    for line in misses:
        print("  ", line)
    assert overlap[2] >= F1_TARGET
    assert exact[2] >= F1_TARGET
    assert points >= RESOLUTION_TARGET
    assert resolution >= RESOLUTION_TARGET
