"""Scale-out and restarts: 100 concurrent conversations through nginx while a
replica is killed; a conversation started on the killed replica continues on
the other one, then (test_zz_restart.py) on the killed one once restarted.
The single SQLite Rasa is killed mid-diagnostic and restarted too."""
from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bench import scenario
from bench.load import run_load
from tests.production.conftest import Conversation, ops, ops_background, replica_url

pytestmark = pytest.mark.production

LOAD_USERS = int(os.environ.get("PRODUCTION_LOAD_USERS", "100"))


def half_diagnostic(conversation: Conversation, amount: int) -> None:
    """Three turns: the next question is then « Qui pourrait suivre ce projet »."""
    for step in range(3):
        conversation.say(scenario.message(step, amount))
        assert scenario.STEPS[step][1] in conversation.text, conversation.text[:300]


def user_messages_in_db(db_url: str, senders):
    import sqlalchemy as sa

    engine = sa.create_engine(db_url)
    found = {s: [] for s in senders}
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT sender_id, data FROM events WHERE type_name = 'user' "
                    "AND sender_id IN :senders ORDER BY id").bindparams(
                sa.bindparam("senders", expanding=True)),
            {"senders": list(senders)},
        )
        for sender, data in rows:
            found[sender].append(json.loads(data).get("text"))
    engine.dispose()
    return found


def test_kill_one_replica_during_load(topo, shared):
    # A conversation held by replica 2, which is going to be killed.
    amount, route = 30_123, "dispense"
    survivor = Conversation(replica_url(topo, 2))
    half_diagnostic(survivor, amount)

    killed = {}

    def progress(done: int, total: int) -> None:
        if not killed and done >= max(1, total // 4):
            ops(topo, "kill-rasa", "2")  # SIGKILL, in the middle of the run
            killed["at"] = done

    measures = asyncio.run(run_load(
        topo["BASE_URL"], users=LOAD_USERS, conversations=1, think=(1.0, 3.0),
        retry_unavailable=120.0, timeout=60.0, tag="prod", on_progress=progress,
    ))
    shared["load"] = {k: v for k, v in measures.items() if k != "results"}
    print("\nload with a replica killed:", json.dumps(shared["load"], ensure_ascii=False))
    assert killed, "replica 2 was killed during the run"

    results = measures["results"]
    assert len(results) == LOAD_USERS
    # Every conversation reached its own result (route of its own amount): the
    # only tolerated failures are « unavailable » answers and lost replies,
    # retried by the user.
    stored = user_messages_in_db(topo["DB_URL"], [r["sender"] for r in results])
    # A message processed by the killed replica just before the kill, its
    # reply lost, is sent again by the user with the same message_id: it is
    # answered from the conversation, not processed twice.
    resent = [r["sender"] for r in results if r["resent_after_lost_reply"]]
    print(f"\nconversations with a message sent again after a lost reply: {len(resent)}")
    unfinished = [r for r in results if not r["completed"]]
    details = [(r["sender"], r["problems"], r["last_reply"][:300], r["acknowledged"],
                stored[r["sender"]]) for r in unfinished[:3]]
    assert not unfinished, details
    assert measures["crosstalk"] == 0
    # Errors seen by users: « unavailable » and replies lost in the kill, both
    # retried by the user.
    assert set(measures["error_kinds"]) <= {"unavailable", "HTTP 0", "HTTP 502", "HTTP 504"}, \
        measures["error_kinds"]

    # No event lost, none twice: each acknowledged message is in PostgreSQL,
    # once, in order.
    lost = {r["sender"]: (r["acknowledged"], stored[r["sender"]])
            for r in results if stored[r["sender"]] != r["acknowledged"]}
    assert not lost, list(lost.items())[:2]

    # The conversation of the killed replica continues on the other one.
    survivor.base_url = replica_url(topo, 1)
    survivor.say(scenario.message(3, amount))
    assert scenario.ASKS["partners_status"] in survivor.text, survivor.text[:300]
    shared["survivor"] = (survivor, amount, route)
    shared["restart_replica_2"] = ops_background(topo, "start-rasa", "2")


def test_sqlite_rasa_killed_mid_diagnostic(sqlite_rasa, shared):
    amount = 150_321
    conversation = Conversation(sqlite_rasa["URL"])
    half_diagnostic(conversation, amount)
    pid = int(Path(sqlite_rasa["PID_FILE"]).read_text())
    os.killpg(pid, signal.SIGKILL)
    for _ in range(50):
        try:
            os.kill(pid, 0)
            time.sleep(0.2)
        except ProcessLookupError:
            break
    shared["sqlite_conversation"] = (conversation, amount, "BOAMP")
    shared["restart_sqlite"] = subprocess.Popen(
        ["setsid", "bash", sqlite_rasa["START"]], stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
