"""The accuracy bench: corpus readers, the demonym rule, and every metric checked by hand on made-up predictions.

The fixtures in tests/fixtures/accuracy are invented sentences in the two corpora's XML layouts (no corpus text).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import NamedTuple

import pytest

from bench.bench_accuracy import (
    UNRESOLVED_KM,
    Article,
    Gold,
    align,
    auc,
    error_breakdown,
    is_demonym,
    load_gwn,
    load_lgl,
    main,
    score,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "accuracy"
GWN = FIXTURES / "gwn_mini.xml"
LGL = FIXTURES / "lgl_mini.xml"
KM_PER_DEGREE = 6371.0 * math.pi / 180  # along the equator, the great circle haversine_km measures


class Pred(NamedTuple):
    start: int
    end: int
    lat: float | None = None
    lon: float | None = None


def _known(*names: str):
    keys = {n.lower() for n in names}
    return lambda name: name.lower() in keys


# -- readers ------------------------------------------------------------------------------------------------------


def test_load_gwn_reads_types_points_and_skips_misaligned_offsets() -> None:
    first, second = load_gwn(GWN)
    assert first.id == "0"
    assert second.id == "1"
    # "Storm" points into the title, not the text: skipped
    assert [g.phrase for g in first.gold] == ["Millbrook", "Kenyan", "Nairobi", "Lakeview Power Company", "Lakeview",
                                             "Danube"]
    for article in (first, second):
        assert all(article.text[g.start:g.end] == g.phrase for g in article.gold)
    by_phrase = {g.phrase: g for g in first.gold}
    assert by_phrase["Kenyan"].excluded
    assert by_phrase["Lakeview Power Company"].excluded
    assert not by_phrase["Lakeview"].excluded  # Embedded_Literal counts
    assert (by_phrase["Nairobi"].lat, by_phrase["Nairobi"].lon, by_phrase["Nairobi"].kind) == (-1.2833, 36.8167,
                                                                                              "Metonymic")
    assert by_phrase["Danube"].lat is None
    assert not by_phrase["Danube"].excluded


def test_load_lgl_points_and_demonyms() -> None:
    trip, aid = load_lgl(LGL, place_name=_known("london", "columbus", "sudan"))
    assert [(g.phrase, g.excluded) for g in trip.gold] == [
        ("Ohioans", True), ("Columbus", False), ("Lake Erie", False), ("Texan", True), ("Columbus", False)]
    assert [(g.phrase, g.excluded) for g in aid.gold] == [("Sudan", False), ("Sudanese", True), ("Londoners", True)]
    lake = trip.gold[2]
    assert (lake.lat, lake.lon, lake.kind) == (None, None, "-")  # no gaztag: no point
    assert (trip.gold[1].lat, trip.gold[1].kind) == (39.96118, "PPLA")
    # without a gazetteer, "-ers" is no evidence of a demonym: Londoners counts
    assert not load_lgl(LGL)[1].gold[2].excluded


@pytest.mark.parametrize(("phrase", "referent", "known", "expected"), [
    ("Iraqi", "Republic of Iraq", (), True),
    ("Sri Lankan", None, (), True),
    ("Texans", "Texas", (), True),
    ("Sudanese", "Republic of the Sudan", (), True),
    ("Czech", None, (), True),
    ("Londoners", "London", ("london",), True),
    ("Richmondites", "Richmond", ("richmond",), True),
    ("Sudan", "Republic of the Sudan", (), False),      # the referent's last word
    ("Svaneti", "Svanetiya", (), False),                # a cut-off form of the referent
    ("Jordan", "Hashemite Kingdom of Jordan", (), False),
    ("Logan", None, ("logan",), False),                 # a place the gazetteer knows
    ("Lancaster", "Lancaster", (), False),              # -er, but Lancast is no place
    ("Red River", None, (), False),
    ("Silverado Ranch", None, (), False),               # ranch is an ordinary word
    ("DeSoto Parish", None, (), False),
    ("Canadian", "Canada", ("canadian",), False),       # known limit: Canadian, Texas
    ("Millbrook", None, (), False),
    ("", None, (), False),
])
def test_is_demonym(phrase, referent, known, expected) -> None:
    assert is_demonym(phrase, referent, _known(*known)) is expected


# -- scoring by hand ---------------------------------------------------------------------------------------------

# Gold: g1 [0,10) and g2 [12,20) at (0,0); g3 [30,40) at (10,10); g4 [50,60) excluded; g5 [70,80) without a point;
# g6 [85,95) at (0,0), never predicted; g7 [100,110) at (0,0).
HAND = Article("hand", "x" * 120, (
    Gold(0, 10, "g1", 0.0, 0.0, "Literal"),
    Gold(12, 20, "g2", 0.0, 0.0, "Literal"),
    Gold(30, 40, "g3", 10.0, 10.0, "Metonymic"),
    Gold(50, 60, "g4", None, None, "Demonym", excluded=True),
    Gold(70, 80, "g5", None, None, "Literal"),
    Gold(85, 95, "g6", 0.0, 0.0, "Literal"),
    Gold(100, 110, "g7", 0.0, 0.0, "Metonymic"),
))
HAND_PREDS = [
    Pred(5, 15, 0.0, 1.0),      # p1 overlaps g1 (5 chars) and g2 (3): must go to g2 so that p2 can have g1
    Pred(8, 11, 0.0, 0.0),      # p2 overlaps g1 only -> 0 km
    Pred(30, 40),               # p3 exact on g3, no point -> UNRESOLVED_KM
    Pred(32, 38, 10.0, 10.0),   # p4 inside g3, which p3 has: a false positive
    Pred(52, 58, 1.0, 1.0),     # p5 overlaps only excluded gold: ignored
    Pred(70, 80, 5.0, 5.0),     # p6 exact on g5 (no gold point: recognition only)
    Pred(96, 99, 0.0, 0.0),     # p7 overlaps nothing: a false positive
    Pred(100, 110, 0.0, 20.0),  # p8 exact on g7, 20 degrees off -> 2,224 km
]


def test_overlap_recognition_is_one_to_one_and_maximal() -> None:
    m = score([HAND], [HAND_PREDS])
    assert (m["gold"], m["gold_excluded"], m["gold_with_coords"], m["predicted"]) == (6, 1, 5, 8)
    assert (m["tp"], m["fp"], m["fn"], m["ignored"]) == (5, 2, 1, 1)
    assert m["precision"] == pytest.approx(5 / 7)
    assert m["recall"] == pytest.approx(5 / 6)
    assert m["f1"] == pytest.approx(10 / 13)
    pairing = align(HAND, HAND_PREDS)
    assert {(p.start, g.phrase) for p, g in pairing.pairs} == {(5, "g2"), (8, "g1"), (30, "g3"), (70, "g5"),
                                                                (100, "g7")}
    assert [g.phrase for g in pairing.missed] == ["g6"]
    assert [p.start for p in pairing.false] == [32, 96]
    assert [p.start for p in pairing.ignored] == [52]


def test_exact_span_recognition() -> None:
    m = score([HAND], [HAND_PREDS])
    # exact pairs: p3-g3, p6-g5, p8-g7; p1, p2, p4, p7 false; p5 still ignored
    assert (m["exact_tp"], m["exact_fp"], m["exact_fn"], m["exact_ignored"]) == (3, 4, 3, 1)
    assert m["exact_precision"] == pytest.approx(3 / 7)
    assert m["exact_recall"] == pytest.approx(3 / 6)
    assert m["exact_f1"] == pytest.approx(6 / 13)


def test_resolution_metrics_by_hand() -> None:
    m = score([HAND], [HAND_PREDS])
    errors = [KM_PER_DEGREE, 0.0, UNRESOLVED_KM, 20 * KM_PER_DEGREE]  # p1-g2, p2-g1, p3-g3, p8-g7
    assert (m["matched_with_coords"], m["unresolved"], m["within_161"]) == (4, 1, 2)
    assert m["matched_acc161"] == pytest.approx(2 / 4)
    assert m["acc161_all"] == pytest.approx(2 / 5)  # g6 missed: a failure
    assert m["median_km"] == pytest.approx((KM_PER_DEGREE + 20 * KM_PER_DEGREE) / 2, rel=1e-9)
    y = [0.0, math.log(1 + KM_PER_DEGREE), math.log(1 + 20 * KM_PER_DEGREE), math.log(1 + UNRESOLVED_KM)]
    expected_auc = (y[0] / 2 + y[1] + y[2] + y[3] / 2) / (3 * math.log(20039))
    assert m["auc"] == pytest.approx(expected_auc, rel=1e-9)
    assert auc(errors) == pytest.approx(expected_auc, rel=1e-9)


def test_auc_bounds_and_small_samples() -> None:
    assert auc([0.0, 0.0, 0.0]) == 0.0
    assert auc([20038.0, 20038.0]) == pytest.approx(1.0)  # log(1 + 20038) = log(20039)
    assert auc([5.0]) is None
    assert auc([]) is None


def test_prediction_on_an_embedded_toponym_counts_and_the_rest_of_the_excluded_span_is_ignored() -> None:
    article = Article("embedded", "Lakeview Power Company", (
        Gold(0, 22, "Lakeview Power Company", None, None, "Non_Toponym", excluded=True),
        Gold(0, 8, "Lakeview", 43.0, -80.0, "Embedded_Literal"),
    ))
    m = score([article], [[Pred(0, 8, 43.0, -80.0), Pred(9, 14, 1.0, 1.0)]])
    assert (m["tp"], m["fp"], m["ignored"], m["fn"], m["exact_tp"]) == (1, 0, 1, 0, 1)
    assert (m["matched_acc161"], m["median_km"]) == (1.0, 0.0)


def test_a_prediction_spanning_two_gold_toponyms_matches_one() -> None:
    article = Article("two", "New York and Boston", (Gold(0, 8, "New York", 40.7, -74.0, "Literal"),
                                                      Gold(13, 19, "Boston", 42.4, -71.1, "Literal")))
    m = score([article], [[Pred(0, 19, 40.7, -74.0)]])
    assert (m["tp"], m["fp"], m["fn"], m["exact_tp"]) == (1, 0, 1, 0)
    assert m["acc161_all"] == 0.5
    assert m["auc"] is None


def test_perfect_predictions_on_the_fixtures() -> None:
    articles = load_gwn(GWN) + load_lgl(LGL, place_name=_known("london"))
    predictions = [[Pred(g.start, g.end, g.lat, g.lon) for g in a.gold if not g.excluded] for a in articles]
    m = score(articles, predictions)
    assert m["gold"] == 7 + 4 == m["tp"] == m["exact_tp"]
    assert (m["precision"], m["recall"], m["f1"], m["exact_f1"]) == (1.0, 1.0, 1.0, 1.0)
    assert (m["matched_acc161"], m["acc161_all"], m["median_km"], m["auc"]) == (1.0, 1.0, 0.0, 0.0)
    assert m["unresolved"] == 0


def test_score_rejects_misaligned_predictions() -> None:
    with pytest.raises(ValueError, match="prediction lists"):
        score([HAND], [])


def test_error_breakdown_counts_misses_and_far_matches_by_kind() -> None:
    breakdown = error_breakdown([HAND], [HAND_PREDS])
    assert breakdown["by_kind"] == {"Literal": {"gold": 4, "missed": 1, "far": 0},
                                    "Metonymic": {"gold": 2, "missed": 0, "far": 2}}
    assert breakdown["missed"] == [("g6", 1)]
    assert sorted(breakdown["false_positives"]) == [("xxx", 1), ("xxxxxx", 1)]


# -- the command, with the real geoparser ----------------------------------------------------------------------------


def test_command_scores_both_fixtures(capsys) -> None:
    assert main(["--gwn", str(GWN), "--lgl", str(LGL), "--json", "--no-pin", "--errors", "3"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert set(results["corpora"]) == {"GWN", "LGL"}
    gwn, lgl = results["corpora"]["GWN"], results["corpora"]["LGL"]
    assert (gwn["metrics"]["articles"], gwn["metrics"]["gold"], gwn["metrics"]["gold_excluded"]) == (2, 7, 2)
    # the real gazetteer knows London, so Londoners is a demonym as well as Ohioans, Texan and Sudanese
    assert (lgl["metrics"]["gold"], lgl["metrics"]["gold_excluded"]) == (4, 4)
    for corpus in (gwn, lgl):
        m = corpus["metrics"]
        assert m["tp"] + m["fn"] == m["gold"]
        assert all(0.0 <= m[k] <= 1.0 for k in ("precision", "recall", "f1", "exact_f1") if m[k] is not None)
        assert corpus["speed"]["articles_per_s"] > 0
    assert next(row["system"] for row in gwn["published"]) == "Google Cloud NLP"
    assert results["build"]["total_s"] >= results["build"]["long_tail_s"]


def test_command_prints_our_row_beside_the_published_ones(capsys) -> None:
    assert main(["--gwn", str(GWN), "--lgl", str(LGL), "--limit", "1", "--no-pin", "--roi", "none"]) == 0
    out = capsys.readouterr().out
    assert "summit atlas (ROI none)" in out
    for system in ("Google Cloud NLP", "Edinburgh Geoparser", "Topocluster", "CamCoder", "Mordecai 3"):
        assert system in out
    assert "GWN: 1 articles" in out
    assert "LGL: 1 articles" in out
