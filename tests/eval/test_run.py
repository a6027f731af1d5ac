"""Pure parts of the measurement run (no training, no server)."""
import sys
from pathlib import Path

import pytest
import yaml

from eval import measure, run
from eval.holdout import Example

ROOT = Path(__file__).resolve().parents[2]


def load(name):
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def component(config, name):
    return next(c for c in config["pipeline"] if c["name"] == name)


def test_baseline_differs_from_ours_only_by_its_features():
    configs = run.effective_configs(load("config.yml"), load("config.baseline.yml"))
    ours, base = configs["ours"], configs["baseline"]
    diet = dict(component(ours, "DIETClassifier"))
    assert diet.pop("intent_classification") is False       # ours: DIET for entities only
    assert component(base, "DIETClassifier") == diet         # the baseline: DIET for both
    assert component(base, "FallbackClassifier") == component(ours, "FallbackClassifier")
    assert base["policies"] == ours["policies"]
    names = [c["name"] for c in base["pipeline"]]
    assert names == ["WhitespaceTokenizer", "CountVectorsFeaturizer", "CountVectorsFeaturizer",
                     "DIETClassifier", "components.french_numbers.FrenchNumbersExtractor",
                     "EntitySynonymMapper", "FallbackClassifier"]
    char = base["pipeline"][2]
    assert (char["analyzer"], char["min_ngram"], char["max_ngram"]) == ("char_wb", 1, 4)
    assert not any("Spacy" in n or "Normalizer" in n for n in names)


def test_baseline_file_is_already_in_sync():
    """config.baseline.yml as written matches config.yml (the run re-syncs it anyway)."""
    ours, base = load("config.yml"), load("config.baseline.yml")
    diet = {k: v for k, v in component(ours, "DIETClassifier").items() if k != "intent_classification"}
    assert component(base, "DIETClassifier") == diet
    assert component(base, "FallbackClassifier") == component(ours, "FallbackClassifier")
    assert base["policies"] == ours["policies"]


def test_epochs_override_for_development_runs():
    ours = load("config.yml")
    # A TEDPolicy (config.yml has none today) gets the override too.
    ours["policies"].append({"name": "TEDPolicy", "epochs": 60, "random_seed": 1})
    configs = run.effective_configs(ours, load("config.baseline.yml"), epochs=2)
    for config in configs.values():
        assert component(config, "DIETClassifier")["epochs"] == 2
        assert next(p for p in config["policies"] if p["name"] == "TEDPolicy")["epochs"] == 2
    assert component(load("config.yml"), "DIETClassifier")["epochs"] != 2   # files untouched


def parse(intent, confidence=0.9, ranking=None, entities=None):
    return {"intent": {"name": intent, "confidence": confidence},
            "intent_ranking": ranking or [{"name": intent, "confidence": confidence}],
            "entities": entities or []}


def test_top_intent_undoes_the_fallback():
    p = parse("nlu_fallback", 0.45, [{"name": "nlu_fallback", "confidence": 0.45},
                                     {"name": "ask_price", "confidence": 0.4}])
    assert run.top_intent(p) == "ask_price"
    assert run.top_intent(p, undo_fallback=False) == "nlu_fallback"
    assert run.top_intent(parse("greet")) == "greet"


def test_holdout_nlu_metrics():
    examples = [
        Example("bjr", "greet", source="stories"),
        Example("c koi un amo", "ask_definition",
                [{"entity": "term", "value": "amo", "start": 9, "end": 12}], "nlu"),
        Example("combien ca coute", "ask_price", source="nlu"),
        Example("bof", "deny", source="stories"),
    ]
    parses = [
        parse("greet"),
        parse("ask_definition", entities=[{"entity": "term", "value": "amo", "start": 9, "end": 12,
                                           "extractor": "DIETClassifier", "confidence_entity": 0.9}]),
        parse("nlu_fallback", 0.45, [{"name": "nlu_fallback", "confidence": 0.45},
                                     {"name": "ask_price", "confidence": 0.40}]),
        parse("affirm", 0.7),
    ]
    m = run.holdout_nlu_metrics(examples, parses)
    assert m["n"] == 4
    assert m["intent"]["accuracy"] == pytest.approx(0.75)      # fallback undone: ask_price is right
    assert m["macro_f1"] == pytest.approx(0.75)                 # greet, ask_definition, ask_price 1; deny 0
    assert m["macro_f1_served"] == pytest.approx(0.5)           # the fallback counts as an error
    assert m["fallback_rate"] == pytest.approx(0.25)
    assert [e["text"] for e in m["errors"]] == ["bof"]
    assert m["entities"]["micro"]["f1-score"] == 1.0 and m["entity_errors"] == []
    assert m["macro_f1_by_source"]["nlu"] == pytest.approx(0.5)  # 2 of 4 gold labels present and right


LOG = """2026-11-22 02:29:14 INFO     rasa.engine.training.hooks  - Restored component 'CountVectorsFeaturizer' from cache.
2026-11-22 02:37:28 INFO     rasa.engine.training.hooks  - Starting to train component 'CountVectorsFeaturizer'.
2026-11-22 02:37:29 INFO     rasa.engine.training.hooks  - Finished training component 'CountVectorsFeaturizer'.
2026-11-22 02:37:33 INFO     rasa.engine.training.hooks  - Starting to train component 'DIETClassifier'.
Epochs: 100%|██████████| 60/60 [03:10<00:00]
2026-11-22 02:40:43 INFO     rasa.engine.training.hooks  - Finished training component 'DIETClassifier'.
2026-11-22 02:40:45 INFO     rasa.engine.training.hooks  - Starting to train component 'MemoizationPolicy'.
2026-11-22 02:40:46 INFO     rasa.engine.training.hooks  - Finished training component 'MemoizationPolicy'.
2026-11-22 02:40:48 INFO     rasa.engine.training.hooks  - Starting to train component 'TEDPolicy'.
2026-11-22 02:41:16 INFO     rasa.engine.training.hooks  - Finished training component 'TEDPolicy'.
"""


def test_component_times_from_the_training_log():
    times = measure.component_times(LOG)
    assert times == [("CountVectorsFeaturizer", 1.0), ("DIETClassifier", 190.0),
                     ("MemoizationPolicy", 1.0), ("TEDPolicy", 28.0)]
    assert measure.split_nlu_core(times) == {"nlu_s": 191.0, "core_s": 29.0}


def test_run_measured_reports_peak_memory_of_the_child(tmp_path):
    code = "b = bytearray(150 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096]); print('ok')"
    result = measure.run_measured([sys.executable, "-c", code], tmp_path / "log.txt")
    assert result["returncode"] == 0
    assert (tmp_path / "log.txt").read_text().strip() == "ok"
    assert result["maxrss_mb"] > 150
    assert result["wall_s"] > 0 and result["cpu_s"] >= 0


def test_free_port_is_in_the_59xx_range():
    assert 5900 <= measure.free_port() <= 5999


def test_arguments():
    args = run.parse_args(["--epochs", "3", "--skip", "cv,server"])
    assert args.epochs == 3 and args.skip == {"cv", "server"} and args.folds == 5
    with pytest.raises(SystemExit):
        run.parse_args(["--skip", "everything"])


def test_snapshot_of_the_inputs(tmp_path):
    folder = run.snapshot_inputs(tmp_path / "inputs")
    for name in ("data/nlu", "data/rules", "domain.yml", "config.yml", "config.baseline.yml", "tests/e2e"):
        assert (folder / name).exists(), name
    before = run.inputs_fingerprint(folder)
    assert before == run.inputs_fingerprint(folder)
    (folder / "domain.yml").write_text("version: '3.1'\n")
    assert run.inputs_fingerprint(folder) != before
