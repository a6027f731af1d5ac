"""The held-out set is held out, large enough, and consistent with the domain."""
from pathlib import Path

import pytest
import yaml

from eval import holdout

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def examples():
    return holdout.load_all()


def test_normalise():
    assert holdout.normalise("C’est  quoi, un AMO ?") == holdout.normalise("c'est quoi un amo")
    assert holdout.normalise("Rénovation énergétique") == "renovation energetique"
    assert holdout.normalise("maîtrise d'œuvre") == "maitrise d oeuvre"


def test_no_held_out_text_is_in_the_training_data(examples):
    leaked = holdout.leaks([e.text for e in examples], holdout.training_texts())
    assert leaked == [], "held-out texts found in data/nlu (remove them from one side)"


def test_no_held_out_text_is_repeated(examples):
    assert holdout.duplicates([e.text for e in examples]) == []


def test_at_least_15_stories_and_60_nlu_examples(examples):
    text = holdout.STORIES.read_text(encoding="utf-8")
    assert text.count("- story:") >= 15
    assert sum(e.source == "nlu" for e in examples) >= 60


def test_every_domain_intent_is_covered_by_the_nlu_file(examples):
    covered = {e.intent for e in examples if e.source == "nlu"}
    assert set(DOMAIN["intents"]) <= covered
    assert {e.intent for e in examples} <= set(DOMAIN["intents"])


def test_entities_are_domain_entities_with_canonical_values(examples):
    from assistant.profile import STRUCTURE_TYPES, THEMES

    terms = {"mo", "amo", "moe", "mandataire", "conduite_operation", "dce", "mapa", "gre_a_gre", "ccag_pi"}
    knowledge = yaml.safe_load((ROOT / "assistant/knowledge/partners.yml").read_text(encoding="utf-8"))
    partners = set(knowledge["partners"]) | set(STRUCTURE_TYPES)   # « la com com » is a partner too
    for example in examples:
        for entity in example.entities:
            assert entity["entity"] in DOMAIN["entities"], example.text
            assert example.text[entity["start"]:entity["end"]], example.text
            value = entity["value"]
            if entity["entity"] == "term":
                assert value in terms, example.text
            elif entity["entity"] == "structure_type":
                assert value in STRUCTURE_TYPES, example.text
            elif entity["entity"] == "theme":
                assert value in THEMES, example.text
            elif entity["entity"] == "partner":
                assert value in partners, example.text


def test_held_out_number_annotations_agree_with_the_extractor(examples):
    """amount/population/date are deterministic: the annotations were written by
    hand, this checks that nothing drifted since (a failure means a change in
    assistant/amounts.py, or a wrong annotation)."""
    from components.french_numbers import FrenchNumbersExtractor

    key = lambda e: (e["entity"], str(e["value"]), e["start"], e["end"])  # noqa: E731
    for example in examples:
        expected = sorted(key(e) for e in example.entities if e["entity"] in ("amount", "population", "date"))
        found = sorted(key(e) for e in FrenchNumbersExtractor.extract(example.text))
        assert found == expected, example.text
