"""Fast cross-validation of the intent classifier alone (seconds, not an hour).

``make eval`` cross-validates the whole NLU pipeline with ``rasa test nlu
--cross-validation``: DIET is trained five times for the entities, which takes
most of its 75 minutes. The intent of a message depends only on
``LinearIntentClassifier`` (DIET runs with ``intent_classification: false``),
whose features are the text itself. This module trains that component's
scikit-learn pipeline on stratified folds of data/nlu and predicts each
held-out example with the component's own ``process()`` (definition
questions, question clauses included), so that a change to the data or to the
classifier can be measured while it is made. ``make eval`` remains the figure
of record.

    python -m eval.intent_cv [--nlu data/nlu] [--folds 5] [--C 20] [--errors out.tsv]
                             [--config config.yml] [--no-sentences]
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Dict, List, Sequence, Tuple

from eval.folds import SEED


def load_examples(nlu: str) -> List[Tuple[str, str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(nlu)
    return [(m.get("text"), m.get("intent")) for m in data.training_examples
            if m.get("intent") and m.get("text")]


def classifier_config(path: str) -> Dict:
    """The settings of LinearIntentClassifier in the pipeline of ``path``
    (name excepted), so that the measure is that of the shipped model."""
    import yaml

    with open(path, encoding="utf-8") as handle:
        pipeline = yaml.safe_load(handle).get("pipeline") or []
    for step in pipeline:
        if str(step.get("name", "")).endswith("LinearIntentClassifier"):
            return {k: v for k, v in step.items() if k != "name"}
    return {}


def predict_folds(examples: Sequence[Tuple[str, str]], folds: int, config: Dict) -> List[str]:
    from rasa.shared.nlu.training_data.message import Message
    from sklearn.model_selection import StratifiedKFold

    from components.linear_intent import LinearIntentClassifier

    texts = [t for t, _ in examples]
    labels = [i for _, i in examples]
    predicted = [""] * len(examples)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    for train, test in splitter.split(texts, labels):
        component = LinearIntentClassifier(config, None, None)
        component.fit([texts[i] for i in train], [labels[i] for i in train])
        messages = [Message(data={"text": texts[i]}) for i in test]
        component.process(messages)
        for i, message in zip(test, messages):
            predicted[i] = message.get("intent")["name"]
    return predicted


def scores(labels: Sequence[str], predicted: Sequence[str]) -> Dict[str, Tuple[float, float, float, int]]:
    result = {}
    for intent in sorted(set(labels)):
        tp = sum(1 for y, p in zip(labels, predicted) if y == intent and p == intent)
        fp = sum(1 for y, p in zip(labels, predicted) if y != intent and p == intent)
        fn = sum(1 for y, p in zip(labels, predicted) if y == intent and p != intent)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[intent] = (precision, recall, f1, tp + fn)
    return result


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.intent_cv")
    parser.add_argument("--nlu", default="data/nlu")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--C", type=float, default=None)
    parser.add_argument("--errors", default=None, help="write the misclassified examples (TSV)")
    parser.add_argument("--config", default="config.yml",
                        help="the classifier's settings are read from this pipeline")
    parser.add_argument("--no-sentences", action="store_true",
                        help="n-grams only, without the sentence embeddings")
    args = parser.parse_args(list(argv))
    config = {**classifier_config(args.config), "random_seed": SEED}
    if args.C is not None:
        config["C"] = args.C
    if args.no_sentences:
        config["sentence_encoder"] = None
    examples = load_examples(args.nlu)
    labels = [i for _, i in examples]
    predicted = predict_folds(examples, args.folds, config)
    table = scores(labels, predicted)
    macro = sum(f for _, _, f, _ in table.values()) / len(table)
    accuracy = sum(1 for y, p in zip(labels, predicted) if y == p) / len(labels)
    for intent, (p, r, f, n) in sorted(table.items(), key=lambda kv: kv[1][2]):
        print(f"{intent:26} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  n {n}")
    confusions = Counter((y, p) for y, p in zip(labels, predicted) if y != p)
    print("\nmost frequent confusions (expected -> predicted):")
    for (y, p), n in confusions.most_common(15):
        print(f"  {y} -> {p}: {n}")
    print(f"\n{len(labels)} examples, accuracy {accuracy:.3f}, intent macro-F1 {macro:.3f}")
    if args.errors:
        with open(args.errors, "w", encoding="utf-8") as out:
            for (text, y), p in zip(examples, predicted):
                if y != p:
                    out.write(f"{y}\t{p}\t{text}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
