"""Starting, resuming and resetting the diagnostic."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_intent, say
from actions.slots import diagnostic_in_progress, reset_events


class ActionStartDiagnostic(Action):
    """Introduces the diagnostic, or says it resumes, or that a correction
    made after the result will update it. Starting anew after a finished
    diagnostic clears the previous answers."""

    def name(self) -> Text:
        return "action_start_diagnostic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        intent = latest_intent(tracker)
        if tracker.get_slot("diagnostic_done"):
            if intent == "inform":
                say(dispatcher, "diagnostic_update")
                return [SlotSet("diagnostic_done", False)]
            say(dispatcher, "start_diagnostic")
            return reset_events() + [SlotSet("diagnostic_done", False)]
        if intent == "start_diagnostic" and diagnostic_in_progress(tracker):
            say(dispatcher, "diagnostic_resumed")
            return []
        say(dispatcher, "start_diagnostic")
        return []


class ActionResetDiagnostic(Action):
    """« Recommencer » : forgets every answer of the diagnostic."""

    def name(self) -> Text:
        return "action_reset_diagnostic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        return reset_events() + [
            SlotSet("diagnostic_done", False),
            SlotSet("requested_slot", None),
        ]
