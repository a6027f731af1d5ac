"""Helpers shared by the actions: sending French text, reading the tracker,
reading the portal's settings."""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Text

import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from assistant.typography import fr_typo

ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = ROOT / "config"


# Events after which earlier messages belong to another conversation.
FRESH_START = ("restart", "session_started")
# Those, and the events after which the diagnostic's answers are all gone.
FRESH_STARTS = FRESH_START + ("reset_slots",)


def pause_diagnostic(dispatcher: CollectingDispatcher) -> List[Dict[Text, Any]]:
    """Says the diagnostic is paused and returns the events that deactivate
    its form (the rules then no longer ask its question again); « reprendre »
    resumes it, its answers kept."""
    dispatcher.utter_message(response="utter_diagnostic_paused")
    return [ActiveLoop(None), SlotSet("requested_slot", None)]


def send(
    dispatcher: CollectingDispatcher,
    text: str,
    buttons: Optional[Sequence[Dict[str, str]]] = None,
) -> None:
    """Send one short message with French typography applied."""
    kwargs: Dict[str, Any] = {"text": fr_typo(text)}
    if buttons:
        kwargs["buttons"] = [
            {"title": fr_typo(b["title"]), "payload": b["payload"]} for b in buttons
        ]
    dispatcher.utter_message(**kwargs)


def send_all(dispatcher: CollectingDispatcher, texts: Iterable[str]) -> None:
    for text in texts:
        if text:
            send(dispatcher, text)


def latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message or {}).get("intent", {}).get("name")


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def typed_text(tracker: Tracker) -> str:
    """The latest message as typed ("" for a button's payload)."""
    text = latest_text(tracker)
    return "" if text.startswith("/") else text


def latest_entity_values(tracker: Tracker, entity: str) -> List[Any]:
    """Values of an entity in the latest user message (in text order)."""
    return entity_values(tracker.latest_message, entity)


def entity_values(parse_data: Optional[Dict[str, Any]], entity: str) -> List[Any]:
    """Values of an entity in a user message's parse data (in text order)."""
    entities = (parse_data or {}).get("entities") or []
    found = [e for e in entities if e.get("entity") == entity and e.get("value") is not None]
    found.sort(key=lambda e: e.get("start", 0))
    values: List[Any] = []
    for e in found:
        if e["value"] not in values:
            values.append(e["value"])
    return values


@lru_cache(maxsize=None)
def _yaml(name: str) -> Dict[str, Any]:
    with open(CONFIG_DIR / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def contact() -> Dict[str, str]:
    """The human contact configured by the portal (config/portal.yml),
    overridden by AMO_CONTACT_NAME / _EMAIL / _PHONE / _HOURS. Values not
    configured are left out: empty ones and placeholders (``is_placeholder``),
    never shown to a user as if they were real."""
    configured = dict(_yaml("portal.yml").get("contact") or {})
    for key in ("name", "email", "phone", "hours"):
        value = os.environ.get(f"AMO_CONTACT_{key.upper()}")
        if value:
            configured[key] = value
    return {k: str(v).strip() for k, v in configured.items()
            if v is not None and not is_placeholder(str(v))}


# An example value: « exemple » or « example » as a word of it (the example
# domains: appui@exemple.fr, www.example.org, exemple-interco.fr) or the
# fictitious number of the documentation.
_EXAMPLE = re.compile(r"(?<![a-z])(?:exemple|example)(?![a-z])", re.I)
_FICTITIOUS_PHONES = frozenset({"0123456789", "33123456789", "0000000000"})


def is_placeholder(value: str) -> bool:
    """Whether a contact value is not configured: empty, or an example
    (« appui.communes@exemple-interco.fr », « 01 23 45 67 89 »)."""
    text = (value or "").strip()
    return not text or bool(_EXAMPLE.search(text)) \
        or re.sub(r"\D", "", text) in _FICTITIOUS_PHONES


def fallback_partners() -> List[str]:
    """Ids of assistant/knowledge/partners.yml that the assistant points to
    when the portal has given no contact (config/portal.yml)."""
    return [str(p) for p in _yaml("portal.yml").get("fallback_partners") or []]


def message_text(key: str) -> str:
    """The text of a message of config/messages.yml."""
    return _yaml("messages.yml")[key]["text"]


def message(key: str) -> Dict[str, Any]:
    """A message of config/messages.yml, with its extra fields."""
    return _yaml("messages.yml")[key]


def button_set(key: str) -> List[Dict[str, str]]:
    """A set of buttons of config/buttons.yml (the greeting's menu, the
    details under the result…), as copies."""
    return [dict(button) for button in _yaml("buttons.yml")[key]]


def say(dispatcher: CollectingDispatcher, key: str, **fields: str) -> None:
    """Send a message of config/messages.yml (text and quick-reply buttons);
    ``fields`` fill its ``{placeholders}``."""
    message = _yaml("messages.yml")[key]
    text = message["text"].format(**fields) if fields else message["text"]
    send(dispatcher, text, message.get("buttons"))


def intent_label(intent: str) -> Optional[str]:
    return _yaml("intent_labels.yml").get(intent)
