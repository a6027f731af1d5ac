"""Pure metrics: no Rasa, no I/O (unit-tested in tests/eval/test_metrics.py).

Conventions, stated once:
- per-label precision/recall/F1 as in scikit-learn (a 0/0 ratio counts as 0);
- **macro-F1** is the unweighted mean of the F1 of the *gold* labels (the
  labels the test set contains). A prediction of a label absent from the gold
  set (``nlu_fallback`` for instance) still lowers the precision of nothing and
  the recall of the gold label it replaced: it is a plain error, reported
  separately in ``extra_predicted``. Rasa's own report (``intent_report.json``)
  averages over the union of gold and predicted labels; both coincide when the
  model predicts no unknown label, which is the case in cross-validation.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any, Dict, Hashable, Iterable, List, Optional, Sequence, Tuple

Entity = Dict[str, Any]


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def f1_score(precision: float, recall: float) -> float:
    return _ratio(2 * precision * recall, precision + recall)


def prf(tp: int, fp: int, fn: int) -> Dict[str, float]:
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    return {
        "precision": precision,
        "recall": recall,
        "f1-score": f1_score(precision, recall),
        "support": tp + fn,
    }


def classification_report(
    gold: Sequence[Hashable], predicted: Sequence[Hashable],
    labels: Optional[Iterable[Hashable]] = None,
) -> Dict[str, Any]:
    """Per-label precision/recall/F1/support, macro and weighted averages,
    accuracy. ``labels``: the labels to report (default: the gold labels)."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    labels = sorted(set(gold) if labels is None else set(labels), key=str)
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    for g, p in zip(gold, predicted):
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    per_label = {label: prf(tp[label], fp[label], fn[label]) for label in labels}
    n = len(gold)
    supports = [per_label[label]["support"] for label in labels]
    report: Dict[str, Any] = {
        "labels": per_label,
        "accuracy": _ratio(sum(tp.values()), n),
        "macro_f1": _ratio(sum(r["f1-score"] for r in per_label.values()), len(labels)),
        "macro_precision": _ratio(sum(r["precision"] for r in per_label.values()), len(labels)),
        "macro_recall": _ratio(sum(r["recall"] for r in per_label.values()), len(labels)),
        "weighted_f1": _ratio(
            sum(per_label[label]["f1-score"] * s for label, s in zip(labels, supports)),
            sum(supports),
        ),
        "n": n,
        "extra_predicted": dict(
            sorted(Counter(p for p in predicted if p not in per_label).items())
        ),
    }
    return report


def confusion_counts(
    gold: Sequence[Hashable], predicted: Sequence[Hashable]
) -> Counter:
    """Counter of (gold, predicted) pairs, errors only."""
    return Counter((g, p) for g, p in zip(gold, predicted) if g != p)


def worst_confusions(
    pairs: Counter,
    support: Optional[Dict[Hashable, int]] = None,
    examples: Optional[Dict[Tuple[Hashable, Hashable], List[str]]] = None,
    top: int = 20,
    max_examples: int = 2,
) -> List[Dict[str, Any]]:
    """The ``top`` most frequent (gold → predicted) errors, most frequent
    first (ties: higher share of the gold label's examples, then by name)."""
    support = support or {}
    examples = examples or {}

    def share(item):
        (g, _), count = item
        return _ratio(count, support.get(g, 0))

    ordered = sorted(
        pairs.items(), key=lambda item: (-item[1], -share(item), str(item[0]))
    )
    rows = []
    for (g, p), count in ordered[:top]:
        rows.append({
            "gold": g,
            "predicted": p,
            "count": count,
            "share_of_gold": share(((g, p), count)) if support.get(g) else None,
            "examples": list(examples.get((g, p), []))[:max_examples],
        })
    return rows


def confusion_matrix(
    gold: Sequence[Hashable], predicted: Sequence[Hashable],
    labels: Optional[Sequence[Hashable]] = None,
) -> Tuple[List[Hashable], List[List[int]]]:
    """Square matrix, rows = gold, columns = predicted, over ``labels``
    (default: gold ∪ predicted, sorted)."""
    labels = list(labels) if labels is not None else sorted(set(gold) | set(predicted), key=str)
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, predicted):
        if g in index and p in index:
            matrix[index[g]][index[p]] += 1
    return labels, matrix


def matrix_from_report(
    support: Dict[str, int], pairs: Counter
) -> Tuple[List[str], List[List[int]]]:
    """Rebuilds a confusion matrix from per-label supports and the error
    pairs (what Rasa's intent_report.json + intent_errors.json give)."""
    labels = sorted(set(support) | {p for _, p in pairs} | {g for g, _ in pairs})
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    errors_of = Counter()
    for (g, p), count in pairs.items():
        matrix[index[g]][index[p]] += count
        errors_of[g] += count
    for label, n in support.items():
        matrix[index[label]][index[label]] = n - errors_of[label]
    return labels, matrix


# -- entities -----------------------------------------------------------------

def entity_key(entity: Entity, with_span: bool = True) -> Tuple:
    value = entity.get("value")
    value = value if isinstance(value, str) else str(value)
    if with_span:
        return (entity.get("entity"), value, entity.get("start"), entity.get("end"))
    return (entity.get("entity"), value)


def entity_report(
    gold: Sequence[Sequence[Entity]], predicted: Sequence[Sequence[Entity]],
    with_span: bool = True, labels: Optional[Iterable[str]] = None,
) -> Dict[str, Any]:
    """Entity-level P/R/F1 per entity type over a list of messages.

    An entity is correct when type, value (after synonym mapping) and — with
    ``with_span`` — start and end offsets are exactly those expected, which is
    what ``rasa test core`` requires for a test story to pass."""
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    for g_list, p_list in zip(gold, predicted):
        g = Counter(entity_key(e, with_span) for e in g_list)
        p = Counter(entity_key(e, with_span) for e in p_list)
        for key in set(g) | set(p):
            both = min(g[key], p[key])
            tp[key[0]] += both
            fp[key[0]] += p[key] - both
            fn[key[0]] += g[key] - both
    names = sorted(set(labels) if labels is not None else set(tp) | set(fp) | set(fn))
    per = {name: prf(tp[name], fp[name], fn[name]) for name in names}
    total = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    gold_names = [n for n in names if per[n]["support"]]
    return {
        "labels": per,
        "micro": total,
        "macro_f1": _ratio(sum(per[n]["f1-score"] for n in gold_names), len(gold_names)),
    }


# -- latency ------------------------------------------------------------------

def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolation percentile (numpy's default), q in [0, 100]."""
    if not values:
        return math.nan
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    low, high = math.floor(pos), math.ceil(pos)
    if low == high:
        return ordered[int(pos)]
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def latency_stats(seconds: Sequence[float]) -> Dict[str, float]:
    """Milliseconds: n, mean, median, p90, p95, max."""
    ms = [s * 1000.0 for s in seconds]
    return {
        "n": len(ms),
        "mean_ms": _ratio(sum(ms), len(ms)) if ms else math.nan,
        "median_ms": percentile(ms, 50),
        "p90_ms": percentile(ms, 90),
        "p95_ms": percentile(ms, 95),
        "max_ms": max(ms) if ms else math.nan,
    }


def ratio(ours: Optional[float], baseline: Optional[float]) -> Optional[float]:
    """ours / baseline, None when either is missing or the baseline is 0."""
    if ours is None or baseline is None or not baseline:
        return None
    if isinstance(ours, float) and math.isnan(ours):
        return None
    return ours / baseline


def group_by(items: Iterable[Tuple[Hashable, Any]]) -> Dict[Hashable, List[Any]]:
    grouped: Dict[Hashable, List[Any]] = defaultdict(list)
    for key, value in items:
        grouped[key].append(value)
    return dict(grouped)
