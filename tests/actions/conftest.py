"""Shared helper for action tests: real rasa_sdk trackers built from the
project's domain, and a runner that returns the messages and events."""
from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def fiches_in_tmp(tmp_path, monkeypatch):
    """Fiches written by the actions under test go to a temporary folder."""
    monkeypatch.setenv("FICHES_DIR", str(tmp_path / "fiches"))


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    with open(ROOT / "domain.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def make_tracker(
    domain: Dict[str, Any],
    text: str = "",
    intent: Optional[str] = None,
    entities: Optional[List[Dict[str, Any]]] = None,
    slots: Optional[Dict[str, Any]] = None,
    active_loop: Optional[str] = None,
    intent_ranking: Optional[List[Dict[str, Any]]] = None,
    sender_id: str = "test",
) -> Tracker:
    """A tracker whose slots are those of the domain (None unless given)."""
    all_slots = {name: None for name in domain["slots"]}
    unknown = set(slots or {}) - set(all_slots) - {"requested_slot"}
    assert not unknown, f"slots absent from the domain: {unknown}"
    all_slots.update(slots or {})
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0} if intent else {},
        "entities": entities or [],
        "intent_ranking": intent_ranking or [],
    }
    return Tracker(
        sender_id=sender_id,
        slots=all_slots,
        latest_message=latest,
        events=[{"event": "user", "text": text, "parse_data": latest}],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


class Run:
    def __init__(self, dispatcher: CollectingDispatcher, events: List[Dict[str, Any]]):
        self.messages = dispatcher.messages
        self.events = events

    @property
    def texts(self) -> List[str]:
        return [m.get("text") or "" for m in self.messages]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    @property
    def buttons(self) -> List[Dict[str, str]]:
        return [b for m in self.messages for b in (m.get("buttons") or [])]

    @property
    def slots(self) -> Dict[str, Any]:
        return {e["name"]: e["value"] for e in self.events if e.get("event") == "slot"}


def run_action(action, tracker: Tracker, domain: Dict[str, Any]) -> Run:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return Run(dispatcher, events or [])


@pytest.fixture
def on(monkeypatch):
    """``on(day)``: the actions answer at ``day`` (``actions.clock.today``)."""
    from actions import clock

    def set_today(day: dt.date):
        monkeypatch.setattr(clock, "today", lambda: day)
    return set_today


def ask(tracker_for, run, text, intent, entities=None, slots=None) -> Run:
    """``action_answer_question`` run on a message with this intent."""
    from actions.faq import ActionAnswerQuestion

    return run(ActionAnswerQuestion(), tracker_for(text=text, intent=intent, entities=entities, slots=slots))


@pytest.fixture
def tracker_for(domain):
    def build(**kwargs) -> Tracker:
        return make_tracker(domain, **kwargs)

    return build


@pytest.fixture
def run(domain):
    def execute(action, tracker: Tracker) -> Run:
        return run_action(action, tracker, domain)

    return execute
