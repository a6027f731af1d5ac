"""The diagnostic's result: the engine's advice for the profile collected."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import send_all
from actions.faq import today
from actions.fiche import deliver_fiche, split_closing_sources
from actions.render import advice_messages
from actions.slots import profile_from_slots, slot_values
from assistant.engine import advise
from assistant.knowledge import load_knowledge


class ActionGiveAdvice(Action):
    """Verdict, advice, procurement route, risks and checklist, in short messages."""

    def name(self) -> Text:
        return "action_give_advice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        profile = profile_from_slots(slot_values(tracker), today(), load_knowledge().partners)
        result = advise(profile)
        advice, closing = split_closing_sources(advice_messages(result))
        send_all(dispatcher, advice)
        await deliver_fiche(dispatcher, profile, result)  # the fiche de cadrage's links
        send_all(dispatcher, closing)
        return [SlotSet("diagnostic_done", True)]
