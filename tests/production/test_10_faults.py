"""Faults: action server down or slow, PostgreSQL or Redis down during
operation, database unreachable at start. The user always reads a short French
message; the failed message is not recorded; everything works again when the
component comes back, and the conversation continues where it was."""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from bench import scenario
from tests.production.conftest import (
    ROOT,
    UNAVAILABLE,
    Conversation,
    ops,
    tracker,
    user_texts,
)

pytestmark = pytest.mark.production


def started(topo) -> Conversation:
    c = Conversation(topo["BASE_URL"])
    c.say(scenario.message(0, 40_000))
    assert scenario.ASKS["need_kinds"] in c.text, c.text[:300]
    return c


def logs_text(topo, prefix: str = "rasa-") -> str:
    return "\n".join(
        p.read_text(errors="replace")
        for p in (Path(topo["TOPO_DIR"]) / "logs").glob(f"{prefix}*.log")
    )


def assert_unchanged_then_continues(topo, c: Conversation, before: int) -> None:
    assert len(user_texts(tracker(topo, c.sender))) == before, "failed message not recorded"
    c.say_until_available(scenario.message(1, 40_000), seconds=60)
    assert scenario.ASKS["duration"] in c.text, c.text[:300]


def test_action_server_down_then_back(topo):
    c = started(topo)
    ops(topo, "stop-actions")
    try:
        c.say(scenario.message(1, 40_000))
        assert c.text == "Le service est momentanément indisponible. Merci de réessayer dans quelques instants."
        c.say("c'est quoi un AMO ?")  # a question answered by a custom action
        assert UNAVAILABLE in c.text
    finally:
        ops(topo, "start-actions")
    assert_unchanged_then_continues(topo, c, before=1)
    assert "action_server_error" in logs_text(topo)


def test_action_server_slow(topo):
    c = started(topo)
    ops(topo, "pause-actions")  # SIGSTOP: connections accepted, never answered
    try:
        t0 = time.time()
        c.say(scenario.message(1, 40_000))
        elapsed = time.time() - t0
        assert UNAVAILABLE in c.text
        limit = float(os.environ.get("ACTION_TIMEOUT_SECONDS", "10")) + 10
        assert elapsed < limit, elapsed
    finally:
        ops(topo, "resume-actions")
    assert_unchanged_then_continues(topo, c, before=1)
    assert "action_server_timeout" in logs_text(topo)


def test_database_down_during_operation(topo):
    c = started(topo)
    ops(topo, "stop-db")
    try:
        c.say(scenario.message(1, 40_000))
        assert UNAVAILABLE in c.text
        c.say("Bonjour")
        assert UNAVAILABLE in c.text
    finally:
        ops(topo, "start-db")
    assert "Base des conversations (tracker store) injoignable" in logs_text(topo)
    assert_unchanged_then_continues(topo, c, before=1)


def test_redis_down_during_operation(topo):
    c = started(topo)
    ops(topo, "stop-redis")
    try:
        c.say(scenario.message(1, 40_000))
        assert UNAVAILABLE in c.text
    finally:
        ops(topo, "start-redis")
    assert_unchanged_then_continues(topo, c, before=1)


def test_database_unreachable_at_start_gives_a_clear_error(topo):
    env = {
        **os.environ, "AMO_NO_DOTENV": "1", "RASA_PORT": "5699",
        "DB_URL": "postgresql://rasa:motdepasse-secret@127.0.0.1:1/rasa?connect_timeout=2",
        "REDIS_PORT": topo["REDIS_PORT"], "REDIS_PASSWORD": "x", "STORE_WAIT_SECONDS": "3",
    }
    t0 = time.time()
    done = subprocess.run([str(ROOT / "ops" / "rasa.sh")], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 3
    assert "ERREUR : la base des conversations (DB_URL) ne répond pas" in done.stderr
    assert "Connection refused" in done.stderr
    assert "motdepasse-secret" not in done.stdout + done.stderr
    assert time.time() - t0 < 60
