"""Consistency of the training data, the domain and the conversation texts."""
import datetime as dt
import re
from pathlib import Path

import yaml

from actions.faq import TOPIC_OF_INTENT
from actions.slots import DIAGNOSTIC_SLOTS
from assistant.engine import answer_topic
from assistant.procurement import thresholds_at

ROOT = Path(__file__).resolve().parents[2]


def load(path):
    with open(ROOT / path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


DOMAIN = load("domain.yml")
QUESTION_INTENTS = [i for i in DOMAIN["intents"] if i.startswith("ask_")]


def test_every_question_intent_is_answered_in_and_out_of_the_diagnostic():
    rules = load("data/rules/questions.yml")["rules"]
    assert len(rules) == 2
    for rule in rules:
        listed = [step["intent"] for step in rule["steps"][0]["or"]]
        assert sorted(listed) == sorted(QUESTION_INTENTS), rule["rule"]


def test_every_question_intent_has_a_handler():
    special = {"ask_definition", "ask_partners", "ask_procurement", "ask_summary"}
    assert set(QUESTION_INTENTS) == set(TOPIC_OF_INTENT) | special
    for topic in TOPIC_OF_INTENT.values():
        assert answer_topic(topic).messages


def test_interrupting_intents_are_not_taken_as_answers():
    """A question in the middle of the diagnostic must not fill the slot asked."""
    for slot in DIAGNOSTIC_SLOTS:
        for mapping in DOMAIN["slots"][slot]["mappings"]:
            if mapping["type"] == "from_text":
                assert set(QUESTION_INTENTS) <= set(mapping["not_intent"]), slot
                assert mapping["conditions"][0]["requested_slot"] == slot


def test_every_question_of_the_diagnostic_has_its_texts():
    messages = load("config/messages.yml")
    assert DOMAIN["forms"]["diagnostic_form"]["required_slots"] == list(DIAGNOSTIC_SLOTS)
    for slot in DIAGNOSTIC_SLOTS:
        assert messages[f"ask_{slot}"]["text"] and messages[f"invalid_{slot}"]["text"]
        assert f"action_ask_{slot}" in DOMAIN["actions"]


def all_texts():
    for name, variants in DOMAIN["responses"].items():
        for variant in variants:
            yield name, variant["text"]
    for name, message in load("config/messages.yml").items():
        yield name, message["text"]


def test_texts_use_vouvoiement_and_no_exclamation_series():
    for name, text in all_texts():
        assert not re.search(r"\b(tu|te|ton|ta|tes|toi)\b", text, re.I), name
        assert "!!" not in text, name


def test_domain_texts_state_no_threshold_nor_article():
    """Thresholds and articles live in assistant/knowledge, never in sentences here."""
    thresholds = {
        t.amount
        for day in (dt.date(2024, 6, 1), dt.date(2026, 2, 1), dt.date(2026, 11, 22))
        for buyer in ("collectivite", "etat")
        for t in thresholds_at(day, buyer).all
    }
    assert 60000 in thresholds and 216000 in thresholds
    for name, text in all_texts():
        numbers = {int(re.sub(r"\D", "", n)) for n in re.findall(r"\d[\d \u202f\u00a0]*\d", text)}
        assert not numbers & thresholds, name
        assert not re.search(r"\b[LRD]\d{4}-\d+", text), name


def test_training_examples_are_not_shared_between_intents():
    seen = {}
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        for block in load(path.relative_to(ROOT)).get("nlu", []):
            if "intent" not in block:
                continue
            for line in block["examples"].splitlines():
                text = re.sub(r"\[([^\]]*)\]\{[^}]*\}|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or m.group(2), line.strip("- ").strip()).lower()
                if text:
                    assert seen.setdefault(text, block["intent"]) == block["intent"], text


def _first_intents(rule):
    step = rule["steps"][0]
    if "intent" in step:
        return {step["intent"]}
    return {s["intent"] for s in step.get("or", []) if "intent" in s}


def test_every_intent_has_a_rule_in_and_out_of_the_diagnostic():
    """The dialogue is rules (no TEDPolicy in config.yml): every intent must
    have a rule out of the diagnostic, and one during it — except the answers
    (inform, affirm, deny, dont_know), which the form itself takes."""
    rules = [rule for path in sorted((ROOT / "data" / "rules").glob("*.yml"))
             for rule in load(path.relative_to(ROOT))["rules"]]
    in_form = {"active_loop": "diagnostic_form"}
    free = set().union(*(_first_intents(r) for r in rules if not r.get("condition")))
    during = set().union(*(_first_intents(r) for r in rules if in_form in (r.get("condition") or [])))
    intents = set(DOMAIN["intents"])
    assert intents - free == set()
    assert intents - during == {"inform", "affirm", "deny", "dont_know"}


def test_random_seeds_are_fixed():
    config = load("config.yml")
    components = config["pipeline"] + config["policies"]
    random = [c for c in components if c["name"] in ("DIETClassifier", "TEDPolicy", "UnexpecTEDIntentPolicy")]
    assert random and all("random_seed" in c for c in random), random
