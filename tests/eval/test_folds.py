"""eval.folds: pooled predictions of separate fold processes, scored with eval.metrics."""
import json

from eval import folds


def test_predictions_pool_successes_and_errors(tmp_path):
    results = tmp_path / "results"
    results.mkdir()
    (results / "intent_successes.json").write_text(json.dumps([
        {"text": "bonjour", "intent": "greet", "intent_prediction": {"name": "greet", "confidence": 0.9}},
    ]))
    (results / "intent_errors.json").write_text(json.dumps([
        {"text": "salut", "intent": "greet", "intent_prediction": {"name": "inform", "confidence": 0.4}},
        {"text": "oui", "intent": "affirm", "intent_prediction": None},
    ]))
    rows = folds.predictions(tmp_path)
    assert [r["predicted"] for r in rows] == ["greet", "inform", None]
    s = folds.score(rows)
    assert s["n"] == 3 and s["accuracy"] == round(1 / 3, 4)
    # greet: precision 1, recall 1/2 → F1 2/3; affirm: 0 → macro 1/3
    assert s["per_intent"] == {"affirm": 0.0, "greet": round(2 / 3, 4)}
    assert s["macro_f1"] == round(1 / 3, 4)
