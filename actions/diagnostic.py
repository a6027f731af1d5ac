"""Starting, resuming and resetting the diagnostic."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_intent, say
from actions.slots import diagnostic_in_progress, requested_answer, reset_events


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


class ActionOffTopicInDiagnostic(Action):
    """Off-topic during the diagnostic: said so, then the question is asked
    again. Unless the message answers the question (« la secrétaire de mairie
    à mi-temps » is not off-topic when the internal resources are asked): then
    nothing is said, and the form, which runs next, records the answer."""

    def name(self) -> Text:
        return "action_off_topic_in_diagnostic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if not requested_answer(tracker):
            dispatcher.utter_message(response="utter_out_of_scope")
        return []
