"""Every button of every diagnostic question records the answer it says, whether
it is clicked (the widget and the Matrix bridge send its payload) or its title
is typed (« Pas encore » typed was classified dont_know and recorded as « je ne
sais pas », so the advice said « vous ne savez pas si vos partenaires ont été
sollicités »).

The message goes the way Rasa takes it: the payload is parsed by Rasa's own
RegexMessageHandler, the slot mappings of domain.yml fill the slots (first
mapping that gives a value), then the form's validation action runs on the
tracker."""
from __future__ import annotations

import asyncio
import warnings
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import ValidateDiagnosticForm
from actions.slots import DIAGNOSTIC_SLOTS
from assistant.profile import UNKNOWN

ROOT = Path(__file__).resolve().parents[2]
FORM = ValidateDiagnosticForm()
MESSAGES = yaml.safe_load((ROOT / "config" / "messages.yml").read_text(encoding="utf-8"))
NAMED = {"partners_consulted": ["syndicat_energie"]}

# (slot asked, message that asks it, slots set before)
QUESTIONS = [(slot, f"ask_{slot}", {}) for slot in DIAGNOSTIC_SLOTS
             if MESSAGES.get(f"ask_{slot}", {}).get("buttons")]
QUESTIONS.append(("partners_status", "ask_partners_status_named", NAMED))
QUESTIONS.append(("sponsor", "ask_sponsor_elected", {}))       # to an elected user
QUESTIONS.append(("duration", "ask_duration_length", {}))        # after « sur 18 mois »
BUTTONS = [(slot, key, before, button["title"], button["payload"])
           for slot, key, before in QUESTIONS for button in MESSAGES[key]["buttons"]]
# What the classifier may hear in a typed title.
TYPED_INTENTS = ("inform", "dont_know", "affirm", "deny")


def test_every_question_with_buttons_is_covered():
    asked = {key for _, key, _ in QUESTIONS}
    with_buttons = {key for key, value in MESSAGES.items()
                    if key.startswith("ask_") and isinstance(value, dict) and value.get("buttons")}
    assert with_buttons == asked
    assert len(BUTTONS) >= 25


@pytest.fixture(scope="module")
def parse_payload():
    from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler
    from rasa.shared.core.domain import Domain
    from rasa.shared.nlu.training_data.message import Message

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")        # Rasa 2 → 3 migration notices
        rasa_domain = Domain.load(str(ROOT / "domain.yml"))

    def parse(payload: str) -> Tuple[str, List[Dict[str, Any]]]:
        message = RegexMessageHandler().process([Message(data={"text": payload})], rasa_domain)[0]
        return message.get("intent")["name"], message.get("entities") or []

    return parse


def _mapped(domain, text, intent, entities, asked) -> Dict[str, Any]:
    """The slots Rasa's slot mappings fill from the message (domain.yml)."""
    filled = {}
    for slot in DIAGNOSTIC_SLOTS:
        for mapping in domain["slots"][slot]["mappings"]:
            if "intent" in mapping and intent not in mapping["intent"]:
                continue
            if intent in mapping.get("not_intent", []):
                continue
            conditions = mapping.get("conditions")
            if conditions and not any(
                    c.get("active_loop") == "diagnostic_form"
                    and c.get("requested_slot", asked) == asked for c in conditions):
                continue
            if mapping["type"] == "from_entity":
                values = [e["value"] for e in entities if e["entity"] == mapping["entity"]]
            else:
                values = [text]
            if values:
                filled[slot] = values[-1]
                break
    return filled


def _answer(tracker_for, domain, text, intent, entities, asked, before):
    tracker = tracker_for(text=text, intent=intent, entities=entities,
                          slots={"requested_slot": asked, **before}, active_loop="diagnostic_form")
    tracker.events[:0] = [{"event": "slot", "name": k, "value": v} for k, v in before.items()]
    for slot, value in _mapped(domain, text, intent, entities, asked).items():
        tracker.events.append({"event": "slot", "name": slot, "value": value})
        tracker.slots[slot] = value
    dispatcher = CollectingDispatcher()
    events = asyncio.run(FORM.run(dispatcher, tracker, domain))
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    return slots.get(asked), [m.get("text") or "" for m in dispatcher.messages]


def _said(payload: str, intent: str, entities) -> Any:
    """The canonical answer a payload says."""
    if intent == "dont_know":
        return UNKNOWN
    (value,) = {e["value"] for e in entities}
    return value


@pytest.mark.parametrize("slot, key, before, title, payload", BUTTONS,
                         ids=[f"{b[1]}:{b[3]}" for b in BUTTONS])
def test_a_clicked_button_records_what_it_says(tracker_for, domain, parse_payload, slot, key,
                                               before, title, payload):
    intent, entities = parse_payload(payload)
    value, messages = _answer(tracker_for, domain, payload, intent, entities, slot, before)
    expected = _said(payload, intent, entities)
    assert value == ([expected] if slot == "need_kinds" else expected), messages
    assert not any("compris" in m or "reconnu" in m for m in messages)


@pytest.mark.parametrize("intent", TYPED_INTENTS)
@pytest.mark.parametrize("slot, key, before, title, payload", BUTTONS,
                         ids=[f"{b[1]}:{b[3]}" for b in BUTTONS])
def test_a_typed_button_title_records_what_the_button_says(tracker_for, domain, parse_payload,
                                                           slot, key, before, title, payload,
                                                           intent):
    """Whatever intent the classifier hears in the title: « Pas encore » is
    classified dont_know, « Non, pas pour ce projet » may be inform."""
    expected = _said(payload, *parse_payload(payload))
    value, messages = _answer(tracker_for, domain, title, intent, [], slot, before)
    assert value == ([expected] if slot == "need_kinds" else expected), messages
