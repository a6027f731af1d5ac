"""« make run » (credentials.yml) and the production replicas (ops/credentials.yml)
open the same guarded channels: channels.rest.RestInput and
channels.socketio.SocketIOInput, with Rasa's URLs and socket.io settings."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", ["credentials.yml", "ops/credentials.yml"])
def test_guarded_channels(path):
    from rasa.core.run import create_http_input_channels

    from channels.rest import RestInput
    from channels.socketio import SocketIOInput

    config = yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))
    assert set(config) == {"channels.rest.RestInput", "channels.socketio.SocketIOInput"}
    channels = create_http_input_channels(None, str(ROOT / path))
    kinds = {type(channel) for channel in channels}
    assert kinds == {RestInput, SocketIOInput}
    socketio = next(c for c in channels if isinstance(c, SocketIOInput))
    # Same events and path as Rasa's socketio channel (the widget and clients rely on them).
    assert socketio.user_message_evt == "user_uttered"
    assert socketio.bot_message_evt == "bot_uttered"
    assert socketio.session_persistence is True
    assert socketio.socketio_path == "/socket.io"
    assert {c.name() for c in channels} == {"rest", "socketio"}
