"""channels.socketio without a server: the ``user_uttered`` handler of the
channel (Rasa's handler wrapped by ours) receives the payloads a socket.io
client sends; the processor is a stand-in for Rasa's that records the turn in
a real tracker, with the replay of :func:`guard.install_replay`."""
from __future__ import annotations

import asyncio

import pytest

from channels import guard
from channels.socketio import SocketIOInput


class Processor:
    """What Rasa does with a message, reduced: the turn is saved in the
    conversation (message with its id, then the reply) and the reply sent."""

    def __init__(self) -> None:
        from rasa.shared.core.events import ActionExecuted
        from rasa.shared.core.trackers import DialogueStateTracker

        self.tracker = DialogueStateTracker.from_events("s1", [ActionExecuted("action_listen")])
        self.handled = []

    async def _handle_message_with_tracker(self, message, tracker):
        from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

        self.handled.append((message.text, message.message_id))
        reply = f"Réponse n° {len(self.handled)}"
        tracker.update(UserUttered(message.text, {"name": "inform"}, message_id=message.message_id))
        tracker.update(BotUttered(reply))
        tracker.update(ActionExecuted("action_listen"))
        await message.output_channel.send_text_message(message.sender_id, reply)


@pytest.fixture
def channel():
    processor = Processor()
    guard.install_replay(processor)

    async def on_new_message(message):            # the agent: read the tracker, handle
        await processor._handle_message_with_tracker(message, processor.tracker)

    socketio = SocketIOInput("user_uttered", "bot_uttered", None, True)
    socketio.blueprint(on_new_message)
    emitted = []

    async def emit(event, data=None, room=None, **kwargs):
        emitted.append((event, room, data))

    socketio.sio.emit = emit
    handler = socketio.sio.handlers["/"]["user_uttered"]

    def say(message, **extra):
        before = len(emitted)
        asyncio.run(handler("sid-1", {"message": message, "session_id": "s1", **extra}))
        return [data["text"] for _, room, data in emitted[before:] if room == "s1"]

    return say, processor


def test_a_message_sent_again_with_its_id_gets_the_stored_replies(channel):
    say, processor = channel
    assert say("800 habitants", message_id="msg-1") == ["Réponse n° 1"]
    assert say("une commune", message_id="msg-2") == ["Réponse n° 2"]
    # The reply to msg-1 was lost: sent again, it is answered, not processed.
    assert say("800 habitants", message_id="msg-1") == ["Réponse n° 1"]
    assert processor.handled == [("800 habitants", "msg-1"), ("une commune", "msg-2")]
    assert [e.message_id for e in processor.tracker.events if e.type_name == "user"] == ["msg-1", "msg-2"]


def test_without_a_valid_id_every_message_is_processed(channel):
    say, processor = channel
    assert say("oui") == ["Réponse n° 1"]
    assert say("oui") == ["Réponse n° 2"]
    for bad in ("<script>", "a" * 65, 42, "id avec espace"):
        say("oui", message_id=bad)
        say("oui", message_id=bad)
    assert len(processor.handled) == 10
    ids = [message_id for _, message_id in processor.handled]
    assert len(set(ids)) == 10 and not {"<script>", "a" * 65, "id avec espace"} & set(ids)
    # The same id for another text: a new message (the id was reused).
    say("oui", message_id="m")
    assert say("non", message_id="m") == ["Réponse n° 12"]


def test_cleaning_still_applies_before_the_replay(channel):
    say, processor = channel
    assert say("  ", message_id="m1") == [guard.text("empty_message")]
    assert say("bon\x00jour", message_id="m2") == ["Réponse n° 1"]
    assert say("bon\x00jour", message_id="m2") == ["Réponse n° 1"]
    assert processor.handled == [("bonjour", "m2")]
