"""Readers of the files written by ``rasa test`` (no Rasa import).

- ``rasa test nlu --cross-validation``: ``intent_report.json``,
  ``intent_errors.json``, ``<Extractor>_report.json``;
- ``rasa test core``: ``story_report.json`` (with ``conversation_accuracy``)
  and ``failed_test_stories.yml`` (wrong turns marked ``# predicted: …``).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional

from eval import metrics

AGGREGATES = {"accuracy", "macro avg", "weighted avg", "micro avg", "conversation_accuracy"}
NOT_ENTITY_REPORTS = {"intent_report.json", "response_selection_report.json", "story_report.json"}


def _load(path: Path) -> Any:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def per_label(report: Dict[str, Any]) -> Dict[str, Dict[str, float]]:
    """The per-label rows of a scikit-learn/Rasa report (aggregates dropped)."""
    return {
        label: {k: row.get(k) for k in ("precision", "recall", "f1-score", "support")}
        for label, row in report.items()
        if label not in AGGREGATES and isinstance(row, dict) and "support" in row
    }


def intent_results(out_dir: Path, top: int = 20) -> Dict[str, Any]:
    """Intent metrics of a ``rasa test nlu`` run (cross-validation or not)."""
    out_dir = Path(out_dir)
    report = _load(out_dir / "intent_report.json")
    labels = per_label(report)
    errors_path = out_dir / "intent_errors.json"
    errors = _load(errors_path) if errors_path.exists() else []
    pairs: Counter = Counter()
    examples: Dict[tuple, List[str]] = {}
    for error in errors:
        gold = error.get("intent")
        predicted = (error.get("intent_prediction") or {}).get("name")
        pairs[(gold, predicted)] += 1
        examples.setdefault((gold, predicted), []).append(error.get("text", ""))
    support = {label: int(row["support"]) for label, row in labels.items()}
    gold_labels = [label for label, n in support.items() if n]
    macro_f1 = sum(labels[label]["f1-score"] for label in gold_labels) / len(gold_labels)
    n = sum(support.values())
    matrix_labels, matrix = metrics.matrix_from_report(support, pairs)
    return {
        "labels": labels,
        "macro_f1": macro_f1,
        "rasa_macro_f1": (report.get("macro avg") or {}).get("f1-score"),
        "weighted_f1": (report.get("weighted avg") or {}).get("f1-score"),
        "accuracy": report.get("accuracy")
        if isinstance(report.get("accuracy"), (int, float))
        else (n - sum(pairs.values())) / n if n else None,
        "n": n,
        "n_errors": sum(pairs.values()),
        "worst_confusions": metrics.worst_confusions(pairs, support, examples, top=top),
        "matrix": {"labels": matrix_labels, "rows": matrix},
    }


def entity_results(out_dir: Path) -> Dict[str, Dict[str, Any]]:
    """Per extractor: per-entity rows and the micro/macro averages of Rasa's
    token-level entity evaluation (``<Extractor>_report.json``)."""
    results = {}
    for path in sorted(Path(out_dir).glob("*_report.json")):
        if path.name in NOT_ENTITY_REPORTS:
            continue
        report = _load(path)
        extractor = path.name[: -len("_report.json")]
        labels = {k: v for k, v in per_label(report).items() if k != "no_entity"}
        results[extractor] = {
            "labels": labels,
            "micro_f1": (report.get("micro avg") or {}).get("f1-score"),
            "macro_f1": (
                sum(r["f1-score"] for r in labels.values()) / len(labels) if labels else None
            ),
        }
    return results


_STORY = re.compile(r"^- story:\s*(?P<name>.*?)(?:\s+\((?P<file>[^()]*)\))?\s*$")
_STEP = re.compile(r"^\s*-\s*(?P<key>action|intent|user|bot)\s*:\s*(?P<value>.*?)\s*#\s*predicted:\s*(?P<pred>.*)$")


def parse_failed_stories(text: str) -> List[Dict[str, Any]]:
    """The failed stories of ``failed_test_stories.yml`` with their wrong turns.

    Each error: ``kind`` = ``action`` (wrong next action), ``intent`` (wrong
    intent) or ``entities`` (right intent, wrong entities); ``expected`` and
    ``predicted``. Rasa marks every wrong action and wrong intent, but a missing
    or extra entity under a right intent is not marked at all: a failed story
    without any mark is therefore counted as an entity error (see
    :func:`story_results`)."""
    stories: List[Dict[str, Any]] = []
    for line in text.splitlines():
        story = _STORY.match(line)
        if story:
            stories.append({"story": story.group("name"), "file": story.group("file"), "errors": []})
            continue
        if not stories or "# predicted:" not in line:
            continue
        step = _STEP.match(line)
        if not step:   # a comment on an entity line: « - term: moe  # predicted: partner: moe »
            entity, _, predicted = line.partition("# predicted:")
            stories[-1]["errors"].append({"kind": "entities",
                                          "expected": entity.strip().lstrip("- ").strip(),
                                          "predicted": predicted.strip()})
            continue
        key, expected, predicted = step.group("key"), step.group("value"), step.group("pred")
        if key == "action":
            stories[-1]["errors"].append(
                {"kind": "action", "expected": expected, "predicted": predicted.strip()}
            )
        else:
            predicted_intent, _, message = predicted.partition(":")
            predicted_intent = predicted_intent.strip()
            stories[-1]["errors"].append({
                "kind": "entities" if predicted_intent == expected else "intent",
                "expected": expected,
                "predicted": predicted_intent,
                "message": message.strip(),
            })
    return stories


def story_results(out_dir: Path) -> Dict[str, Any]:
    """Conversation-level results of ``rasa test core``."""
    out_dir = Path(out_dir)
    report = _load(out_dir / "story_report.json")
    conv = report.get("conversation_accuracy") or {}
    failed_path = out_dir / "failed_test_stories.yml"
    failed = parse_failed_stories(failed_path.read_text(encoding="utf-8")) if failed_path.exists() else []
    kinds: Counter = Counter()
    for story in failed:
        story_kinds = {e["kind"] for e in story["errors"]} or {"entities"}
        for kind in story_kinds:
            kinds[kind] += 1
    total = int(conv.get("total", 0))
    correct = int(conv.get("correct", total - len(failed)))
    action_acc = report.get("accuracy")
    if not isinstance(action_acc, (int, float)):
        action_acc = (report.get("micro avg") or {}).get("f1-score")
    return {
        "total": total,
        "correct": correct,
        "conversation_accuracy": correct / total if total else None,
        "step_accuracy": action_acc,
        "failed": failed,
        "failed_by_kind": dict(kinds),
        "only_nlu_errors": sum(1 for s in failed if all(e["kind"] != "action" for e in s["errors"])),
    }


def count_test_stories(path: Path) -> int:
    """Number of ``- story:`` entries in a file or a directory of YAML files."""
    path = Path(path)
    files = [path] if path.is_file() else sorted(path.rglob("*.yml")) + sorted(path.rglob("*.yaml"))
    return sum(
        len(re.findall(r"^\s*-\s*story\s*:", f.read_text(encoding="utf-8"), flags=re.M))
        for f in files
    )


def optional(func, *args, **kwargs) -> Optional[Any]:
    """``func(*args)`` or None when its input files are missing."""
    try:
        return func(*args, **kwargs)
    except FileNotFoundError:
        return None
