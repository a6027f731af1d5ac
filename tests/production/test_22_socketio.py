"""The socket.io channel (channels.socketio.SocketIOInput) through nginx
(long polling, sticky upstream; python-engineio's websocket client needs a newer aiohttp): same French answers as the REST channel to an
empty message and when the action server is down."""
from __future__ import annotations

import asyncio
import uuid

import pytest

from tests.production.conftest import UNAVAILABLE, ops

pytestmark = pytest.mark.production


async def exchange(base_url: str, message: str, settle: float = 1.5):
    import socketio

    client = socketio.AsyncClient(reconnection=False)
    confirmed, answered = asyncio.Event(), asyncio.Event()
    received = []

    @client.on("session_confirm")
    async def on_confirm(_data):
        confirmed.set()

    @client.on("bot_uttered")
    async def on_bot(data):
        received.append(data.get("text", ""))
        answered.set()

    await client.connect(base_url, socketio_path="/socket.io", transports=["polling"])
    try:
        session = uuid.uuid4().hex
        await client.emit("session_request", {"session_id": session})
        await asyncio.wait_for(confirmed.wait(), 15)
        await client.emit("user_uttered", {"message": message, "session_id": session})
        await asyncio.wait_for(answered.wait(), 30)
        await asyncio.sleep(settle)  # the other messages of the turn
    finally:
        await client.disconnect()
    return "\n".join(received)


def test_socketio_greeting(topo):
    text = asyncio.run(exchange(topo["BASE_URL"], "Bonjour"))
    assert "assistant à maîtrise d'ouvrage" in text


def test_socketio_empty_message(topo):
    text = asyncio.run(exchange(topo["BASE_URL"], "   "))
    assert "message est vide" in text


def test_socketio_action_server_down(topo):
    ops(topo, "stop-actions")
    try:
        text = asyncio.run(exchange(topo["BASE_URL"], "Bonjour"))
    finally:
        ops(topo, "start-actions")
    assert UNAVAILABLE in text
