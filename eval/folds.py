"""Cross-validation with one fresh process per fold.

``rasa test nlu --cross-validation`` trains every fold in one process and
reuses the same ``Message`` objects from fold to fold. This module checks its
figure the slow, unambiguous way: stratified folds written to disk, then for
each fold a separate ``rasa train nlu`` and ``rasa test nlu`` (nothing shared
between folds but the files). The predictions of every fold are pooled and
scored like the rest of the evaluation (``eval.metrics``).

    python -m eval.folds --folds 5 --out results/folds [--config config.yml]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Sequence

from eval import metrics
from eval.run import RASA, ROOT, _env

SEED = 20261122


def write_folds(nlu: str, folds: int, out: Path) -> List[Path]:
    """Stratified folds of the intent examples; synonyms, regexes and lookup
    tables go with every training part."""
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData
    from sklearn.model_selection import StratifiedKFold

    data = load_data(nlu)
    examples = [m for m in data.training_examples if m.get("intent")]
    labels = [m.get("intent") for m in examples]
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    dirs = []
    for index, (train, test) in enumerate(splitter.split(examples, labels)):
        folder = out / f"fold{index + 1}"
        folder.mkdir(parents=True, exist_ok=True)
        common = dict(entity_synonyms=data.entity_synonyms, regex_features=data.regex_features,
                      lookup_tables=data.lookup_tables)
        TrainingData([examples[i] for i in train], **common).persist_nlu(str(folder / "train.yml"))
        TrainingData([examples[i] for i in test]).persist_nlu(str(folder / "test.yml"))
        dirs.append(folder)
    return dirs


def run_fold(folder: Path, config: str) -> Dict[str, Any]:
    env = _env(folder)
    t0 = time.monotonic()
    subprocess.run([RASA, "train", "nlu", "--config", config, "--nlu", str(folder / "train.yml"),
                    "--out", str(folder), "--fixed-model-name", "model", "--quiet"],
                   check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    trained = time.monotonic()
    subprocess.run([RASA, "test", "nlu", "--nlu", str(folder / "test.yml"),
                    "--model", str(folder / "model.tar.gz"), "--out", str(folder / "results"),
                    "--successes"],
                   check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    return {"train_s": round(trained - t0, 1), "test_s": round(time.monotonic() - trained, 1)}


def predictions(folder: Path) -> List[Dict[str, Any]]:
    rows = []
    for name in ("intent_successes.json", "intent_errors.json"):
        path = folder / "results" / name
        if path.exists():
            for item in json.loads(path.read_text(encoding="utf-8")):
                rows.append({"text": item["text"], "gold": item["intent"],
                             "predicted": (item.get("intent_prediction") or {}).get("name")})
    return rows


def score(rows: Sequence[Dict[str, Any]]) -> Dict[str, Any]:
    report = metrics.classification_report([r["gold"] for r in rows],
                                           [r["predicted"] or "none" for r in rows])
    return {
        "n": report["n"],
        "accuracy": round(report["accuracy"], 4),
        "macro_f1": round(report["macro_f1"], 4),
        "per_intent": {label: round(r["f1-score"], 4) for label, r in report["labels"].items()},
    }


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", default="results/folds")
    parser.add_argument("--config", default="config.yml")
    parser.add_argument("--nlu", default="data/nlu")
    args = parser.parse_args(list(argv) or None)
    out = Path(args.out)
    summary: Dict[str, Any] = {"config": args.config, "folds": []}
    pooled: List[Dict[str, Any]] = []
    for folder in write_folds(args.nlu, args.folds, out):
        timing = run_fold(folder, args.config)
        rows = predictions(folder)
        pooled += rows
        fold = {"fold": folder.name, **timing, **{k: v for k, v in score(rows).items()
                                                   if k != "per_intent"}}
        summary["folds"].append(fold)
        print(json.dumps(fold), flush=True)
    summary["pooled"] = score(pooled)
    (out / "summary.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False),
                                      encoding="utf-8")
    print(json.dumps({k: v for k, v in summary["pooled"].items() if k != "per_intent"}))
    worst = sorted(summary["pooled"]["per_intent"].items(), key=lambda kv: kv[1])[:8]
    print("worst:", worst)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
