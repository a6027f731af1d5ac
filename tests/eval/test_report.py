"""docs/quality.md is built from the metrics alone (no training here)."""
import copy

import pytest

from eval import report


def labels(scores):
    return {name: {"precision": f, "recall": f, "f1-score": f, "support": 10} for name, f in scores.items()}


def holdout_nlu(macro, served, entity_f1):
    return {
        "n": 200,
        "intent": {"accuracy": macro, "labels": labels({"greet": 1.0, "inform": macro})},
        "macro_f1": macro, "macro_f1_served": served,
        "macro_f1_by_source": {"nlu": macro, "stories": macro - 0.02},
        "fallback_rate": 0.04,
        "errors": [{"text": "bof | pas trop", "gold": "deny", "predicted": "affirm", "confidence": 0.52,
                    "source": "stories"}],
        "entities": {"labels": {"amount": {"precision": 1.0, "recall": 1.0, "f1-score": 1.0, "support": 9}},
                     "micro": {"precision": entity_f1, "recall": entity_f1, "f1-score": entity_f1,
                               "support": 30}},
        "entities_value_only": {"labels": {"amount": {"f1-score": 1.0}}},
        "entity_errors": [{"text": "c koi la moe", "gold": [{"entity": "term", "value": "moe"}],
                           "predicted": []}],
    }


def model(macro, served, entity_f1, train_s, rss, latency, start, size, holdout_ok):
    return {
        "train": {"wall_s": train_s, "cpu_s": train_s * 0.9, "nlu_s": train_s / 2, "core_s": 30.0,
                  "maxrss_mb": rss, "components": [["DIETClassifier", train_s / 2]]},
        "size_mb": size,
        "server": {"start_s": start, "memory_after_parsing": {"rss_mb": rss * 0.6}},
        "latency": {"n": 600, "median_ms": latency, "p95_ms": latency * 2, "mean_ms": latency},
        "holdout_nlu": holdout_nlu(macro, served, entity_f1),
        "core_e2e": {"total": 50, "correct": 48, "conversation_accuracy": 0.96, "step_accuracy": 0.99,
                     "failed": [], "failed_by_kind": {}},
        "core_holdout": {"total": 18, "correct": holdout_ok, "conversation_accuracy": holdout_ok / 18,
                         "step_accuracy": 0.97, "failed_by_kind": {"intent": 18 - holdout_ok},
                         "failed": [{"story": "pause puis reprise", "file": "tests/holdout/test_stories.yml",
                                     "errors": [{"kind": "intent", "expected": "stop",
                                                 "predicted": "goodbye"}]}]},
    }


@pytest.fixture
def m():
    return {
        "meta": {"date": "2026-11-22T04:00:00+00:00", "commit": "abc123", "dirty_inputs": ["data/nlu/amo.yml"],
                 "rasa_version": "3.6.21", "python": "3.10.13", "cpus": 2, "loadavg_start": [5.2, 5, 5],
                 "loadavg_end": [4.1, 4, 4], "folds": 5, "epochs_override": None, "duration_s": 3000,
                 "latency_rounds": 3, "nlu_last_modified": "2026-11-22T03:06:00+00:00"},
        "intent_consistency": {"in_nlu_not_in_domain": ["restart"],
                               "in_domain_not_in_nlu": ["restart_diagnostic"]},
        "holdout_set": {"messages": 200, "from_stories": 100, "from_nlu": 100, "stories": 18,
                        "intents": {"greet": 5, "inform": 60}},
        "cv": {"ours": {
            "intent": {"labels": labels({"greet": 0.99, "inform": 0.97, "ask_price": 0.88}),
                       "macro_f1": 0.9467, "weighted_f1": 0.96, "accuracy": 0.95, "n": 1300, "n_errors": 65,
                       "worst_confusions": [{"gold": "ask_price", "predicted": "inform", "count": 4,
                                             "share_of_gold": 0.08, "examples": ["et le prix ?"]}],
                       "matrix": {"labels": ["ask_price", "greet", "inform"],
                                  "rows": [[46, 0, 4], [0, 99, 1], [2, 0, 98]]}},
            "entities": {"DIETClassifier": {"labels": {"term": {"precision": 0.9, "recall": 0.9,
                                                                "f1-score": 0.9, "support": 200}},
                                            "micro_f1": 0.91, "macro_f1": 0.9}},
            "run": {"wall_s": 1500.0}}},
        "models": {
            "ours": model(0.90, 0.86, 0.93, 400.0, 2500.0, 30.0, 60.0, 45.0, 14),
            "baseline": model(0.93, 0.88, 0.90, 250.0, 1500.0, 12.0, 25.0, 20.0, 15),
        },
    }


def test_summary_and_target(m):
    text = report.build(m)
    assert "commit `abc123` **avec des modifications non commitées** (data/nlu/amo.yml)" in text
    assert "| Macro-F1 des intentions, validation croisée 5 plis (1300 exemples) | **0,947** | ≥ 0,95 ❌ non atteint |" in text
    assert "**Objectif de macro-F1 non atteint**" in text
    assert "`ask_price` (0,880)" in text
    assert "| Conversations tenues à l'écart menées sans erreur | **14/18** (78 %) (référence : 15/18) |  |" in text


def test_worst_confusions_table(m):
    text = report.build(m)
    assert "| 1 | `ask_price` | `inform` | 4 | 8,0 % | « et le prix ? » |" in text


def test_baseline_wins_are_said(m):
    text = report.build(m)
    assert "**La référence fait mieux** sur : macro-F1 sur le jeu tenu à l'écart (0,930 contre 0,900" in text
    assert "latence NLU médiane (12,0 contre 30,0 pour la nôtre)" in text
    assert "n'apporte pas de gain de compréhension" in text
    row = [line for line in text.splitlines() if line.startswith("| Latence NLU médiane (ms)")][0]
    assert row == "| Latence NLU médiane (ms) | 30,0 | 12,0 | ×2,50 | **référence** |"


def test_ours_wins(m):
    better = copy.deepcopy(m)
    better["models"]["ours"]["holdout_nlu"]["macro_f1"] = 0.95
    text = report.build(better)
    assert "garder config.yml (gain de macro-F1 de 0,020" in text
    assert "n'apporte pas de gain" not in text


def test_intent_inconsistency_is_reported(m):
    text = report.build(m)
    assert "**Intentions incohérentes entre data/nlu et domain.yml**" in text
    assert "dans data/nlu seulement : `restart`" in text


def test_tables_escape_pipes_and_failures_listed(m):
    text = report.build(m)
    assert "« bof \\| pas trop »" in text
    assert "- *pause puis reprise* : intention `stop` → `goodbye`" in text


def test_partial_metrics_still_build():
    text = report.build({"meta": {"date": "d", "commit": "c"}})
    assert text.startswith("# Qualité")
    assert "## Méthode" in text


def test_development_runs_are_flagged(m):
    m["meta"]["epochs_override"] = 3
    assert "Exécution de développement" in report.build(m)


def test_write_draws_the_images(m, tmp_path):
    path = report.write(m, tmp_path / "docs" / "quality.md", tmp_path / "docs" / "quality")
    text = path.read_text(encoding="utf-8")
    names = sorted(p.name for p in (tmp_path / "docs" / "quality").iterdir())
    assert names == sorted(report.IMAGES.values())
    for name in names:
        assert f"(quality/{name})" in text


def test_number_formatting():
    assert report.num(0.95) == "0,950"
    assert report.num(None) == "—"
    assert report.pct(0.123, 1) == "12,3 %"
    assert report.seconds(75.0) == "75,0 s"
    assert report.seconds(1500) == "25 min 00 s"
    assert report.times(1.5) == "×1,50"
