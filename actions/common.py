"""Helpers shared by the actions: sending French text, reading the tracker,
reading the portal's settings."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from assistant.typography import fr_typo

ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = ROOT / "config"


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
    overridden by AMO_CONTACT_NAME / _EMAIL / _PHONE / _HOURS."""
    configured = dict(_yaml("portal.yml").get("contact") or {})
    for key in ("name", "email", "phone", "hours"):
        value = os.environ.get(f"AMO_CONTACT_{key.upper()}")
        if value:
            configured[key] = value
    return {k: str(v) for k, v in configured.items() if v}


def message(key: str) -> Dict[str, Any]:
    """A message of config/messages.yml, with its extra fields."""
    return _yaml("messages.yml")[key]


def say(dispatcher: CollectingDispatcher, key: str, **fields: str) -> None:
    """Send a message of config/messages.yml (text and quick-reply buttons);
    ``fields`` fill its ``{placeholders}``."""
    message = _yaml("messages.yml")[key]
    text = message["text"].format(**fields) if fields else message["text"]
    send(dispatcher, text, message.get("buttons"))


def intent_label(intent: str) -> Optional[str]:
    return _yaml("intent_labels.yml").get(intent)
