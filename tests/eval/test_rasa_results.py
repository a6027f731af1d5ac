"""Readers of the files written by `rasa test` (formats of Rasa 3.6)."""
import json

import pytest

from eval import rasa_results

INTENT_REPORT = {
    "greet": {"precision": 1.0, "recall": 0.9, "f1-score": 0.947, "support": 10,
              "confused_with": {"inform": 1}},
    "inform": {"precision": 0.95, "recall": 1.0, "f1-score": 0.974, "support": 19, "confused_with": {}},
    "ask_price": {"precision": 1.0, "recall": 0.8, "f1-score": 0.889, "support": 5,
                  "confused_with": {"inform": 1}},
    "accuracy": 0.941,
    "macro avg": {"precision": 0.98, "recall": 0.9, "f1-score": 0.937, "support": 34},
    "weighted avg": {"precision": 0.97, "recall": 0.94, "f1-score": 0.95, "support": 34},
}
INTENT_ERRORS = [
    {"text": "salut on est une commune", "intent": "greet",
     "intent_prediction": {"name": "inform", "confidence": 0.6}},
    {"text": "tarif ?", "intent": "ask_price", "intent_prediction": {"name": "inform", "confidence": 0.4}},
]
FAILED_STORIES = """version: "3.1"
stories:
- story: diagnostic avec question (tests/holdout/test_stories.yml)
  steps:
  - intent: start_diagnostic
    user: |-
      on fait le point ?
  - action: action_start_diagnostic
  - intent: inform  # predicted: ask_price: combien pour [30 000 €](amount)
    user: |-
      combien pour [30 000 €](amount)
  - action: diagnostic_form  # predicted: action_listen
- story: entités seulement (tests/holdout/test_stories.yml)
  steps:
  - intent: ask_definition  # predicted: ask_definition: c'est quoi la [moe](term)
    user: |-
      c'est quoi la [moe](term)
  - action: action_answer_question
- story: bouton (tests/e2e/test_hygiene.yml)
  steps:
  - intent: greet
  - action: action_greet  # predicted: utter_help
- story: entité manquante, non marquée (tests/e2e/test_questions.yml)
  steps:
  - intent: ask_definition
    entities:
    - term: moe
  - action: action_answer_question
- story: entité d'un autre type (tests/e2e/test_questions.yml)
  steps:
  - intent: ask_partners
    entities:
    - partner: caue  # predicted: term: caue
  - action: action_answer_question
"""


@pytest.fixture
def cv_dir(tmp_path):
    (tmp_path / "intent_report.json").write_text(json.dumps(INTENT_REPORT))
    (tmp_path / "intent_errors.json").write_text(json.dumps(INTENT_ERRORS))
    (tmp_path / "DIETClassifier_report.json").write_text(json.dumps({
        "term": {"precision": 0.9, "recall": 0.8, "f1-score": 0.847, "support": 20},
        "no_entity": {"precision": 0.99, "recall": 0.99, "f1-score": 0.99, "support": 900},
        "micro avg": {"precision": 0.9, "recall": 0.8, "f1-score": 0.847, "support": 20},
    }))
    return tmp_path


def test_intent_results(cv_dir):
    r = rasa_results.intent_results(cv_dir)
    assert set(r["labels"]) == {"greet", "inform", "ask_price"}
    assert r["macro_f1"] == pytest.approx((0.947 + 0.974 + 0.889) / 3)
    assert r["rasa_macro_f1"] == 0.937
    assert r["accuracy"] == 0.941 and r["n"] == 34 and r["n_errors"] == 2
    assert [(w["gold"], w["predicted"], w["count"]) for w in r["worst_confusions"]] == [
        ("ask_price", "inform", 1), ("greet", "inform", 1)]       # same count: larger share first
    assert r["worst_confusions"][0]["examples"] == ["tarif ?"]
    labels, rows = r["matrix"]["labels"], r["matrix"]["rows"]
    assert labels == ["ask_price", "greet", "inform"]
    assert rows == [[4, 0, 1], [0, 9, 1], [0, 0, 19]]


def test_entity_results_skip_no_entity(cv_dir):
    r = rasa_results.entity_results(cv_dir)
    assert list(r) == ["DIETClassifier"]
    assert list(r["DIETClassifier"]["labels"]) == ["term"]
    assert r["DIETClassifier"]["micro_f1"] == 0.847


def test_parse_failed_stories():
    stories = rasa_results.parse_failed_stories(FAILED_STORIES)
    assert [s["story"] for s in stories][:3] == ["diagnostic avec question", "entités seulement", "bouton"]
    assert stories[3]["errors"] == []
    assert stories[4]["errors"] == [{"kind": "entities", "expected": "partner: caue", "predicted": "term: caue"}]
    assert stories[0]["file"] == "tests/holdout/test_stories.yml"
    assert stories[0]["errors"] == [
        {"kind": "intent", "expected": "inform", "predicted": "ask_price",
         "message": "combien pour [30 000 €](amount)"},
        {"kind": "action", "expected": "diagnostic_form", "predicted": "action_listen"},
    ]
    assert stories[1]["errors"][0]["kind"] == "entities"
    assert stories[2]["errors"] == [{"kind": "action", "expected": "action_greet", "predicted": "utter_help"}]


def test_story_results(tmp_path):
    (tmp_path / "story_report.json").write_text(json.dumps({
        "action_greet": {"precision": 1, "recall": 1, "f1-score": 1, "support": 3},
        "accuracy": 0.9,
        "conversation_accuracy": {"accuracy": 0.7, "correct": 7, "with_warnings": 0, "total": 10},
    }))
    (tmp_path / "failed_test_stories.yml").write_text(FAILED_STORIES)
    r = rasa_results.story_results(tmp_path)
    assert (r["total"], r["correct"], r["conversation_accuracy"], r["step_accuracy"]) == (10, 7, 0.7, 0.9)
    assert r["failed_by_kind"] == {"intent": 1, "action": 2, "entities": 3}
    assert r["only_nlu_errors"] == 3


def test_no_failed_stories_file(tmp_path):
    (tmp_path / "story_report.json").write_text(json.dumps(
        {"conversation_accuracy": {"accuracy": 1.0, "correct": 2, "total": 2}}))
    (tmp_path / "failed_test_stories.yml").write_text("# None of the test stories failed - all good!")
    r = rasa_results.story_results(tmp_path)
    assert r["failed"] == [] and r["conversation_accuracy"] == 1.0


def test_count_test_stories(tmp_path):
    (tmp_path / "a.yml").write_text("stories:\n  - story: a\n    steps: []\n  - story: b\n    steps: []\n")
    (tmp_path / "b.yml").write_text("stories:\n- story: c\n  steps: []\n")
    assert rasa_results.count_test_stories(tmp_path) == 3
    assert rasa_results.count_test_stories(tmp_path / "b.yml") == 1
    assert rasa_results.optional(rasa_results.story_results, tmp_path / "missing") is None
