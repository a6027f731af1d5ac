"""Pure metrics of eval.metrics, checked against scikit-learn and by hand."""
import math
from collections import Counter

import numpy as np
import pytest
from sklearn.metrics import f1_score, precision_recall_fscore_support

from eval import metrics

GOLD = ["greet", "greet", "inform", "inform", "inform", "ask_price", "ask_price", "deny"]
PRED = ["greet", "inform", "inform", "inform", "ask_price", "ask_price", "nlu_fallback", "deny"]


def test_per_label_scores_match_scikit_learn():
    report = metrics.classification_report(GOLD, PRED)
    labels = sorted(set(GOLD))
    p, r, f, s = precision_recall_fscore_support(GOLD, PRED, labels=labels, zero_division=0)
    for i, label in enumerate(labels):
        row = report["labels"][label]
        assert row["precision"] == pytest.approx(p[i])
        assert row["recall"] == pytest.approx(r[i])
        assert row["f1-score"] == pytest.approx(f[i])
        assert row["support"] == s[i]


def test_macro_f1_is_over_gold_labels():
    report = metrics.classification_report(GOLD, PRED)
    expected = f1_score(GOLD, PRED, labels=sorted(set(GOLD)), average="macro", zero_division=0)
    assert report["macro_f1"] == pytest.approx(expected)
    assert report["accuracy"] == pytest.approx(5 / 8)
    assert report["extra_predicted"] == {"nlu_fallback": 1}
    assert report["n"] == 8


def test_perfect_and_empty_labels():
    perfect = metrics.classification_report(["a", "b"], ["a", "b"])
    assert perfect["macro_f1"] == 1.0 and perfect["accuracy"] == 1.0
    # a requested label with no example and no prediction has F1 0 (scikit-learn's zero_division=0)
    with_absent = metrics.classification_report(["a"], ["a"], labels=["a", "b"])
    assert with_absent["labels"]["b"] == {"precision": 0.0, "recall": 0.0, "f1-score": 0.0, "support": 0}
    with pytest.raises(ValueError):
        metrics.classification_report(["a"], [])


def test_worst_confusions_order_and_examples():
    pairs = Counter({("inform", "ask_price"): 3, ("greet", "inform"): 3, ("deny", "affirm"): 1})
    support = {"inform": 30, "greet": 10, "deny": 5}
    examples = {("greet", "inform"): ["salut on est une commune", "bonjour 2"]}
    rows = metrics.worst_confusions(pairs, support, examples, top=2, max_examples=1)
    assert [(r["gold"], r["predicted"], r["count"]) for r in rows] == [
        ("greet", "inform", 3), ("inform", "ask_price", 3)]   # tie: the larger share first
    assert rows[0]["share_of_gold"] == pytest.approx(0.3)
    assert rows[0]["examples"] == ["salut on est une commune"]
    assert rows[1]["examples"] == []


def test_confusion_matrix_and_rebuild_from_report():
    labels, matrix = metrics.confusion_matrix(GOLD, PRED, labels=["ask_price", "deny", "greet", "inform"])
    assert matrix == [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 1], [1, 0, 0, 2]]
    support = dict(Counter(GOLD))
    rebuilt_labels, rebuilt = metrics.matrix_from_report(support, metrics.confusion_counts(GOLD, PRED))
    full_labels, full = metrics.confusion_matrix(GOLD, PRED)
    assert rebuilt_labels == full_labels
    assert rebuilt == full


def test_entity_report_is_exact_match():
    gold = [[{"entity": "amount", "value": "30 000 €", "start": 5, "end": 13},
             {"entity": "term", "value": "amo", "start": 20, "end": 23}],
            [{"entity": "partner", "value": "caue", "start": 3, "end": 7}],
            []]
    pred = [[{"entity": "amount", "value": "30 000 €", "start": 5, "end": 13},
             {"entity": "term", "value": "AMO", "start": 20, "end": 23}],     # not normalised
            [{"entity": "partner", "value": "caue", "start": 3, "end": 8}],   # wrong span
            [{"entity": "theme", "value": "energie", "start": 0, "end": 7}]]  # spurious
    report = metrics.entity_report(gold, pred)
    assert report["labels"]["amount"]["f1-score"] == 1.0
    assert report["labels"]["term"]["f1-score"] == 0.0
    assert report["labels"]["theme"] == {"precision": 0.0, "recall": 0.0, "f1-score": 0.0, "support": 0}
    assert report["micro"]["precision"] == pytest.approx(1 / 4)
    assert report["micro"]["recall"] == pytest.approx(1 / 3)
    assert report["macro_f1"] == pytest.approx(1 / 3)    # amount 1, term 0, partner 0 (theme: no gold)
    value_only = metrics.entity_report(gold, pred, with_span=False)
    assert value_only["labels"]["partner"]["f1-score"] == 1.0


def test_percentiles_match_numpy():
    values = [0.5, 3.0, 1.0, 8.0, 2.0, 13.0, 21.0]
    for q in (0, 50, 90, 95, 100):
        assert metrics.percentile(values, q) == pytest.approx(np.percentile(values, q))
    assert math.isnan(metrics.percentile([], 50))


def test_latency_stats_in_milliseconds():
    stats = metrics.latency_stats([0.010, 0.020, 0.030, 0.040])
    assert stats["n"] == 4
    assert stats["mean_ms"] == pytest.approx(25.0)
    assert stats["median_ms"] == pytest.approx(25.0)
    assert stats["max_ms"] == pytest.approx(40.0)


def test_ratio():
    assert metrics.ratio(2.0, 4.0) == 0.5
    assert metrics.ratio(None, 4.0) is None
    assert metrics.ratio(1.0, 0.0) is None
    assert metrics.ratio(float("nan"), 1.0) is None
