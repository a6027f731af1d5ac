"""The diagnostic form's corrections and re-asks: a question explained when
it is not understood, asked again at the user's request, how to correct an
answer, and the answers said back (corrected, already noted, said again).

It also keeps what the validation of the latest message finds for the rest
of the same run (``MessageReading``): the validators (``actions.validators``)
record the answers they refuse, and ``ValidateDiagnosticForm``
(``actions.forms``) the question asked again that got no readable answer,
which ``next_requested_slot`` asks again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Set, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.ask import partner_label, partners_rewording
from actions.common import latest_intent, latest_text, message, say
from actions.render import answer_label, budget_label
from actions.run_state import of_run
from actions.slots import DIAGNOSTIC_SLOTS, previous_value
from assistant import parsing
from assistant.answers import asks_to_explain_the_question, correction_target
from assistant.profile import UNKNOWN
from assistant.text import normalize


@dataclass
class MessageReading:
    """What the form found while reading the latest message, kept for the
    rest of the run (the extraction, each validator, then the choice of the
    next question). Rasa SDK builds a new ``Tracker`` for each request, so
    one reading per tracker is one per run."""

    rejected: Set[str] = field(default_factory=set)
    """The slots whose answer a validator refused."""
    unanswered_again: Optional[str] = None
    """The question asked again at the user's request that this message did
    not answer readably: it is asked again, rather than the one waiting."""


def reading(tracker: Tracker) -> MessageReading:
    """The ``MessageReading`` of this tracker's run, created empty the first
    time (kept by ``actions.run_state``)."""
    return of_run(tracker, MessageReading, MessageReading)


def asks_to_explain(tracker: Tracker) -> Optional[str]:
    """The question waiting (its slot) when the latest message says it is not
    understood (« je sais pas quoi repondre », « j'ai pas compris la
    question »: final retest S-M6); None otherwise, and for « je ne sais
    pas », which answers it."""
    asked = tracker.get_slot("requested_slot")
    if asked in DIAGNOSTIC_SLOTS and asks_to_explain_the_question(latest_text(tracker)):
        return asked
    return None


def explain_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[str]:
    """Says the question waiting in plainer words, with examples of answers,
    when the user does not understand it; the form then asks it again, and
    nothing is recorded. Its slot, or None."""
    asked = asks_to_explain(tracker)
    if asked is None:
        return None
    named = asked == "partners_status" and tracker.get_slot("partners_consulted")
    if named:
        say(dispatcher, "explain_partners_status_named")
    elif asked == "partners_status":
        say(dispatcher, "explain_partners_status", **partners_rewording(tracker))
    else:
        say(dispatcher, f"explain_{asked}")
    return asked


def noted_label(tracker: Tracker, slot: str) -> Optional[str]:
    """The answer noted for ``slot`` before the latest message, as said back."""
    value = previous_value(tracker, slot)
    if slot == "amount" and isinstance(value, (int, float)):
        return budget_label(value, previous_value(tracker, "amount_ttc"))
    if slot == "partners_status" and tracker.get_slot("partners_consulted"):
        consulted = consulted_label(tracker.get_slot("partners_consulted"))
        label = answer_label(slot, value)
        return f"{label} ; {consulted}" if label and consulted else label or consulted
    return answer_label(slot, value)


def consulted_label(partners: Any) -> Optional[str]:
    """« partenaires consultés : opérateur public de services numériques (OPSN) »."""
    labels = [partner_label(p) for p in partners or [] if isinstance(p, str)]
    # (a name of one word is a proper name: « Cerema », not « cerema »)
    labels = [label[:1].lower() + label[1:] if " " in label else label for label in labels if label]
    return f"partenaires consultés : {', '.join(labels)}" if labels else None


def said_back_with_project(events: List[Dict[Text, Any]], asked: Optional[str]) -> frozenset:
    """The slots said back with a project named this turn while a question
    waited: the project (« J'ai noté : projet « éclairage public » ») and the
    theme found in it. (With no question asked yet, the message that starts
    the diagnostic, every answer is said back anyway.)"""
    project = next((e.get("value") for e in events if e.get("name") == "project"), None)
    if asked is None or not isinstance(project, str) or project == UNKNOWN:
        return frozenset()
    return frozenset({"project", "theme"})


def said_again(tracker: Tracker, events: List[Dict[Text, Any]], asked: Optional[str]) -> List[str]:
    """The labels of the earlier answers that the latest message only says
    again (« commune » typed while the need is asked, the commune noted),
    when it does not answer the question asked."""
    if asked not in DIAGNOSTIC_SLOTS or latest_intent(tracker) == "start_diagnostic":
        return []
    values = {e.get("name"): e.get("value") for e in events if e.get("event") == "slot"}
    if values.get(asked) not in (None, previous_value(tracker, asked)):
        return []
    labels = []
    for slot, value in values.items():
        if slot == "structure_type" and parsing.communes_counted(latest_text(tracker)):
            continue        # (« c'est 18 communes »: said by its validator)
        if slot in DIAGNOSTIC_SLOTS and slot != asked and value is not None \
                and value != UNKNOWN and value == previous_value(tracker, slot):
            label = answer_label(slot, value)
            if label:
                labels.append(label)
    return labels


def correction_example(tracker: Tracker) -> str:
    """An example of correction of the latest answer given (the question
    before the one waiting), from config/messages.yml."""
    examples = message("how_to_correct")["examples"]
    named = correction_target(latest_text(tracker))     # « corriger le type de structure »
    if named in examples:
        return examples[named]
    asked = tracker.get_slot("requested_slot")
    earlier = DIAGNOSTIC_SLOTS[:DIAGNOSTIC_SLOTS.index(asked)] if asked in DIAGNOSTIC_SLOTS \
        else DIAGNOSTIC_SLOTS
    for slot in reversed(earlier):
        if slot in examples and previous_value(tracker, slot) is not None:
            return examples[slot]
    return examples["default"]


def said_this_turn(tracker: Tracker) -> str:
    """What the assistant has said since the latest user message, with plain
    spaces (``assistant.text.normalize``: French typography puts no-break
    spaces in sent texts)."""
    texts: List[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot":
            texts.append(event.get("text") or "")
    return normalize(" ".join(texts))
