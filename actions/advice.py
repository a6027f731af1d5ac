"""The diagnostic's result: the engine's advice for the profile collected.

A first screen (verdict, why, what to do first, the procurement route) and
buttons for the details, each an answer of its own (``actions.faq``: the
procurement route of the amount, the risks and the points to prepare for the
profile, the partners), all of them also in the fiche de cadrage.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import send
from actions.faq import today
from actions.fiche import deliver_fiche
from actions.render import advice_messages
from actions.slots import profile_from_slots, slot_values
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


class ActionGiveAdvice(Action):
    """The result's first screen with its detail buttons, then the fiche's links."""

    def name(self) -> Text:
        return "action_give_advice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        profile = profile_from_slots(slot_values(tracker), today(), load_knowledge().partners)
        result = advise(profile)
        messages = advice_messages(result)
        for index, text in enumerate(messages):
            send(dispatcher, text, DETAIL_BUTTONS if index == len(messages) - 1 else None)
        await deliver_fiche(dispatcher, profile, result)  # the fiche de cadrage's links
        return [SlotSet("diagnostic_done", True)]
