"""channels.guard without servers: input cleaning, payload rebuilding, the
in-task timeout, the all-or-nothing turn (the REST channel end to end is
tested in tests/production/)."""
from __future__ import annotations

import asyncio
import json
import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from channels import guard

INTENTS = {"inform", "start_diagnostic", "ask_definition", "affirm"}
ENTITIES = {"amount", "need_kind", "term", "sponsor"}


@pytest.mark.parametrize("message, expected", [
    ('/inform{"amount": "-5"}', '/inform{"amount": "-5"}'),
    ('/inform{"amount": -5}', '/inform{"amount": "-5"}'),
    ('/inform{"amount": 1e15}', '/inform{"amount": "1000000000000000"}'),
    ('/inform{"amount": 45000.5}', '/inform{"amount": "45000.5"}'),
    ('/inform{"amount": NaN}', "/inform"),
    ('/inform{"amount": Infinity}', "/inform"),
    ('/inform{"amount": true}', "/inform"),
    ('/inform{"amount": null}', "/inform"),
    ('/inform{"amount": {"a": 1}}', "/inform"),
    ('/inform{"diagnostic_done": true}', "/inform"),
    ('/inform{"diagnostic_done": true, "sponsor": "oui"}', '/inform{"sponsor": "oui"}'),
    ('/inform@0.1{"amount": 5}', '/inform{"amount": "5"}'),
    ('/inform{"need_kind": ["audit", 3, null, {"x": 1}]}', '/inform{"need_kind": ["audit", "3"]}'),
    ('/inform{"term": "a\\u0000b"}', '/inform{"term": "ab"}'),
    ("/inform{not json}", "/inform"),
    ("/inform[1]", "inform[1]"),
    ("/unknown_intent", "unknown_intent"),
    ("/unknown{\"amount\": 5}", 'unknown{"amount": 5}'),
    ("//inform", "inform"),
    ("/", ""),
    ("/start_diagnostic", "/start_diagnostic"),
    ('/ask_definition{"term": "amo"}', '/ask_definition{"term": "amo"}'),
])
def test_payloads_are_rebuilt_from_the_domain(message, expected):
    assert guard.normalise_payload(message, INTENTS, ENTITIES) == expected


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
@example("\r/")          # found by Hypothesis: a slash left after the first one
def test_rebuilt_payload_is_safe(text):
    result = guard.normalise_payload("/" + text, INTENTS, ENTITIES)
    if result.startswith("/"):
        match = guard.PAYLOAD_PATTERN.match(result)
        assert match and match.group("intent") in INTENTS and not match.group("confidence")
        if match.group("entities"):
            entities = json.loads(match.group("entities"))
            assert set(entities) <= ENTITIES
            for value in entities.values():
                assert isinstance(value, (str, list))


@pytest.mark.parametrize("raw, cleaned", [
    ("a\x00b\x07c", "abc"), ("x\r\ny\rz", "x\ny\nz"), ("\ud800bonjour\udfff", "bonjour"),
    ("tab\tnl\n", "tab\tnl\n"), ("😀‍👍🏽", "😀‍👍🏽"), ("\x85\x9f", ""),
])
def test_clean_text(raw, cleaned):
    assert guard.clean_text(raw) == cleaned


@pytest.mark.parametrize("sender, ok", [
    ("0123456789abcdef0123456789abcdef", True), ("mx-0a1b", True), ("user@exemple.fr", True),
    ("", False), ("a b", False), ("../x", False), ("x" * 129, False), (12, False), (None, False),
])
def test_valid_sender(sender, ok):
    assert guard.valid_sender(sender) is ok


def test_prepare_answers_empty_and_long_messages(monkeypatch):
    monkeypatch.setenv("MAX_MESSAGE_CHARS", "50")
    turn = guard.TurnGuard(lambda message: None, lambda: None)
    assert turn.prepare("") == (None, "empty_message")
    assert turn.prepare(" \t\n\x00 ") == (None, "empty_message")
    assert turn.prepare(None) == (None, "empty_message")
    assert turn.prepare(["x"]) == (None, "invalid_request")
    assert turn.prepare("x" * 51) == (None, "message_too_long")
    assert turn.prepare("bonjour\x00") == ("bonjour", None)


def test_french_texts(monkeypatch):
    monkeypatch.setenv("MAX_MESSAGE_CHARS", "2000")
    assert guard.text("service_unavailable").startswith("Le service est momentanément indisponible.")
    assert "2\u202f000" in guard.text("message_too_long") or "2 000" in guard.text("message_too_long")


def test_describe_hides_sql_parameters():
    import sqlalchemy.exc

    error = sqlalchemy.exc.DataError("INSERT INTO events", {"data": "mon texte secret"}, Exception("x"))
    assert "mon texte secret" not in guard.describe(error)


def test_within_runs_in_the_current_task_and_times_out():
    async def scenario():
        task = asyncio.current_task()

        async def inner():
            assert asyncio.current_task() is task
            await asyncio.sleep(0)
            return 7

        assert await guard.within(inner(), 1) == 7
        start = time.monotonic()
        with pytest.raises(asyncio.TimeoutError):
            await guard.within(asyncio.sleep(5), 0.1)
        assert time.monotonic() - start < 1
        with pytest.raises(asyncio.TimeoutError):  # the outer deadline wins
            await guard.within(guard.within(asyncio.sleep(5), 3), 0.1)
        await asyncio.sleep(0.2)  # no stray cancellation afterwards

    asyncio.run(scenario())


class FakeOutput:
    def __init__(self):
        self.messages = [{"text": "à moitié"}]

    async def send_text_message(self, recipient, text):
        self.messages.append({"recipient_id": recipient, "text": text})


class FakeMessage:
    def __init__(self):
        self.sender_id = "abc"
        self.output_channel = FakeOutput()


@pytest.mark.parametrize("failure", ["aborted", "timeout", "error"])
def test_a_failed_turn_gets_only_the_french_message(monkeypatch, failure):
    monkeypatch.setenv("TURN_TIMEOUT_SECONDS", "0.2")

    async def on_new_message(message):
        if failure == "aborted":
            raise guard.TurnAborted("action_server_error", "test")
        if failure == "timeout":
            await asyncio.sleep(5)
        raise RuntimeError("boom")

    message = FakeMessage()
    turn = guard.TurnGuard(on_new_message, lambda: None)
    assert asyncio.run(turn.handle(message)) == "service_unavailable"
    assert [m["text"] for m in message.output_channel.messages] == [guard.text("service_unavailable")]


def test_the_tracker_store_is_guarded_when_the_server_starts(monkeypatch):
    """Before any turn: a GET of a tracker right after start must already use
    pre-pinged connections (a database restarted during start-up)."""
    from types import SimpleNamespace

    guarded = []
    monkeypatch.setattr(guard, "install_agent_hooks", guarded.append)
    agent = object()
    turn = guard.TurnGuard(lambda message: None)
    assert turn.agent_getter() is None
    turn.bind(SimpleNamespace(ctx=SimpleNamespace(agent=agent)))
    assert guarded == [agent] and turn.agent_getter() is agent


def test_objects_loaded_with_the_model_are_frozen_once_the_agent_is_guarded():
    """After the agent is hooked, a full garbage collection no longer walks
    the objects loaded with the model (a 1.25 s pause with the real model),
    and the store is hooked once: a second call changes nothing."""
    import gc
    from types import SimpleNamespace

    gc.unfreeze()
    loaded = [{"object": i} for i in range(50_000)]          # the « model »
    store = SimpleNamespace(_on_tracker_store_error=None)
    agent = SimpleNamespace(tracker_store=store)
    try:
        guard.install_agent_hooks(agent)
        frozen = gc.get_freeze_count()
        assert frozen >= len(loaded)
        assert store._amo_guarded and callable(store._on_tracker_store_error)
        guard.install_agent_hooks(agent)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def _conversation():
    from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    buttons = [{"title": "Commune", "payload": "/inform"}]
    return DialogueStateTracker.from_events("s1", [
        ActionExecuted("action_listen"),
        UserUttered("bonjour", {"name": "greet"}, message_id="m1"),
        ActionExecuted("action_greet"),
        BotUttered("Bonjour !", {"buttons": buttons, "image": None}),
        BotUttered("Que puis-je faire ?"),
        ActionExecuted("action_listen"),
        UserUttered("une commune", {"name": "inform"}, message_id="m2"),
        SlotSet("structure_type", "commune"),
        BotUttered(None, {"custom": {"kind": "progress"}}),
        ActionExecuted("action_listen"),
        UserUttered("silence", {"name": "inform"}, message_id="m3"),
    ])


def test_stored_replies_are_those_that_followed_the_message():
    events = _conversation().events
    assert guard.stored_replies(events, "m1", "bonjour") == [
        {"text": "Bonjour !", "buttons": [{"title": "Commune", "payload": "/inform"}]},
        {"text": "Que puis-je faire ?"},
    ]
    assert guard.stored_replies(events, "m2", "une commune") == [{"custom": {"kind": "progress"}}]
    assert guard.stored_replies(events, "m3", "silence") == []          # stored, nothing said
    assert guard.stored_replies(events, "m9", "bonjour") is None        # never received
    assert guard.stored_replies(events, "m1", "au revoir") is None      # id reused for another text


def test_message_ids_from_clients_are_checked():
    assert guard.valid_message_id("0b6f-4c1a_9.x:1") == "0b6f-4c1a_9.x:1"
    for bad in (None, "", 42, "a" * 65, "id with space", "é", "<script>"):
        assert guard.valid_message_id(bad) is None


def test_a_message_already_in_the_conversation_is_replayed_not_processed():
    """install_replay on a processor: the first copy goes through Rasa's
    handler; a second copy raises AlreadyAnswered before anything is
    understood or logged; TurnGuard sends the stored replies."""
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

    tracker = _conversation()
    handled = []

    class Processor:
        async def _handle_message_with_tracker(self, message, tracker):
            handled.append(message.text)

    processor = Processor()
    guard.install_replay(processor)
    guard.install_replay(processor)                    # once only
    new = UserMessage("800", CollectingOutputChannel(), "s1", message_id="m4")
    asyncio.run(processor._handle_message_with_tracker(new, tracker))
    assert handled == ["800"]
    again = UserMessage("bonjour", CollectingOutputChannel(), "s1", message_id="m1")
    with pytest.raises(guard.AlreadyAnswered) as raised:
        asyncio.run(processor._handle_message_with_tracker(again, tracker))
    assert handled == ["800"]

    async def on_new_message(message):
        message.output_channel.messages.append({"recipient_id": "s1", "text": "partial"})
        raise raised.value

    turn = guard.TurnGuard(on_new_message, lambda: None)
    assert asyncio.run(turn.handle(again)) is None
    assert again.output_channel.messages == [
        {"recipient_id": "s1", "text": "Bonjour !",
         "buttons": [{"title": "Commune", "payload": "/inform"}]},
        {"recipient_id": "s1", "text": "Que puis-je faire ?"},
    ]


def test_the_sql_store_saves_the_same_events_without_counting_them(tmp_path):
    """With the stored-event count remembered from the read, every turn saves
    exactly its new events (none lost, none twice), across sessions and for a
    new conversation, and the COUNT query is only made for trackers the store
    did not read."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.empty()
    store = SQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "t.db"))
    counted = []
    original = store._additional_events
    store._additional_events = lambda session, tracker: counted.append(1) or original(session, tracker)
    guard.install_stored_event_count(store)
    guard.install_stored_event_count(store)              # once only

    async def turns():
        tracker = DialogueStateTracker.from_events("s1", [ActionExecuted("action_listen")])
        await store.save(tracker)                        # new conversation: counted
        expected = [e.as_dict() for e in tracker.events]
        for n in range(3):
            tracker = await store.retrieve("s1")
            new = [UserUttered(f"message {n}", {"name": "greet"}), BotUttered(f"réponse {n}"),
                   ActionExecuted("action_listen")]
            if n == 2:                                   # a new session within the turn
                new = [ActionExecuted("action_session_start"), SessionStarted(), *new]
            for event in new:
                tracker.update(event)
            await store.save(tracker)
            await store.save(tracker)                    # saved twice: nothing added
            expected += [e.as_dict() for e in new]
        full = await store.retrieve_full_tracker("s1")
        return expected, [e.as_dict() for e in full.events]

    expected, stored = asyncio.run(turns())
    drop = lambda events: [{k: v for k, v in e.items() if k != "timestamp"} for e in events]
    assert drop(stored) == drop(expected)
    assert len(counted) == 1            # only the new conversation, never read
