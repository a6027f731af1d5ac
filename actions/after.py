"""Messages typed once the diagnostic's result is given that ask something of
the assistant itself, whatever the classifier heard in them
(``assistant.after``): the answering actions call these first."""
from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_text
from assistant.after import asks_next_steps


def after_result(tracker: Tracker) -> bool:
    """The result is given and no form is waiting for an answer."""
    return bool(tracker.get_slot("diagnostic_done")) and not tracker.active_loop_name


def next_steps(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """« et maintenant ? » after the result: the « Et maintenant ? » menu
    (what to look at next), not the after-mission tip that the classifier
    hears in it (final S-L4). True when sent."""
    if not (after_result(tracker) and asks_next_steps(latest_text(tracker))):
        return False
    dispatcher.utter_message(response="utter_next_steps")
    return True
