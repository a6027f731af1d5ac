"""The diagnostic's result: the engine's advice for the profile collected.

A first screen (verdict, why, what to do first, the procurement route) and
buttons for the details, each an answer of its own (``actions.faq``: the
procurement route of the amount, the risks and the points to prepare for the
profile, the partners), all of them also in the fiche de cadrage. After a
correction (« en fait c'est plutôt 80 000 € »), only what changed is sent
again, under a one-line reminder of the verdict.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import send
from actions.faq import today
from actions.fiche import deliver_fiche
from actions.render import advice_messages, advice_update_messages
from actions.slots import DERIVED_SLOTS, DIAGNOSTIC_SLOTS, profile_from_slots, slot_values
from assistant.engine import advise
from assistant.knowledge import load_knowledge

# The details of the result, asked by intents that action_answer_question
# answers for the profile once the diagnostic is done.
DETAIL_BUTTONS = [
    {"title": "La procédure en détail", "payload": "/ask_procurement"},
    {"title": "Les risques à surveiller", "payload": "/ask_risks"},
    {"title": "Les partenaires à solliciter", "payload": "/ask_partners"},
    {"title": "Les points à prévoir", "payload": "/ask_success_conditions"},
]

# The answers a result depends on.
_RESULT_SLOTS = DIAGNOSTIC_SLOTS + DERIVED_SLOTS


def answers_at_last_result(tracker: Tracker) -> Optional[Dict[str, Any]]:
    """The answers as they were when the result was last given in this
    diagnostic, or None when no result was given since it (re)started: the
    conversation restarted, or every answer was cleared (« recommencer »)."""
    values: Dict[str, Any] = {}
    snapshot: Optional[Dict[str, Any]] = None
    cleared: set = set()
    for event in tracker.events:
        kind = event.get("event")
        if kind in ("restart", "session_started", "reset_slots"):
            values, snapshot = {}, None
        elif kind == "action" and event.get("name") == "action_reset_diagnostic":
            snapshot = None
        elif kind == "slot":
            name, value = event.get("name"), event.get("value")
            if name == "diagnostic_done" and value is True:
                snapshot, cleared = dict(values), set()
            elif name in _RESULT_SLOTS:
                values[name] = value
                if value is None and name in DIAGNOSTIC_SLOTS:
                    cleared.add(name)
                    if cleared >= set(DIAGNOSTIC_SLOTS):
                        snapshot = None
    return snapshot


class ActionGiveAdvice(Action):
    """The result's first screen with its detail buttons, then the fiche's links."""

    def name(self) -> Text:
        return "action_give_advice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        partners = load_knowledge().partners
        profile = profile_from_slots(slot_values(tracker), today(), partners)
        result = advise(profile)
        before = answers_at_last_result(tracker)
        if before is None:
            messages = advice_messages(result)
        else:
            messages = advice_update_messages(advise(profile_from_slots(before, today(), partners)), result)
        for index, text in enumerate(messages):
            send(dispatcher, text, DETAIL_BUTTONS if index == len(messages) - 1 else None)
        await deliver_fiche(dispatcher, profile, result)  # the fiche de cadrage's links
        return [SlotSet("diagnostic_done", True)]
