"""A phone number or an e-mail address typed to the assistant: said, once per
message, that it does not need them.

« … Cordialement, Jean Dupont, 06 12 34 56 78 » started the diagnostic and
nothing was said (live test, session 27): the notice of the greeting (« Merci
de ne pas indiquer de données personnelles ») is not shown when the first
message already tells the project. Whatever action answers the message first
puts the notice before its answer (``actions.server`` wraps the executor).
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from rasa_sdk.executor import CollectingDispatcher

from actions.common import message_text, send

# « 06 12 34 56 78 », « 06.12.34.56.78 », « 0612345678 », « +33 6 12 34 56 78 »
_PHONE = re.compile(r"(?<![\d,.])(?:\+33\s?(?:\(0\)\s?)?[1-9]|0[1-9])(?:[\s.-]?\d{2}){4}(?![\d,])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def personal_data(text: Optional[str]) -> bool:
    """Whether ``text`` holds a French phone number or an e-mail address."""
    if not text or text.startswith("/"):
        return False
    return bool(_PHONE.search(text) or _EMAIL.search(text))


def _latest_user_text(events: List[Dict[str, Any]]) -> Optional[str]:
    for event in reversed(events):
        if event.get("event") == "user":
            return event.get("text")
    return None


def _answered_this_turn(events: List[Dict[str, Any]]) -> bool:
    """A bot message was sent since the latest user message."""
    for event in reversed(events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot":
            return True
    return False


def with_privacy_notice(response: Optional[Dict[str, Any]], tracker: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The action server's ``response`` with the notice first, when the
    latest user message holds a phone number or an e-mail address and
    nothing has answered it yet; ``response`` unchanged otherwise."""
    if not response or not isinstance(response.get("responses"), list):
        return response
    events = tracker.get("events") or []
    if _answered_this_turn(events) or not personal_data(_latest_user_text(events)):
        return response
    dispatcher = CollectingDispatcher()
    send(dispatcher, message_text("personal_data_typed"))
    return {**response, "responses": [*dispatcher.messages, *response["responses"]]}
