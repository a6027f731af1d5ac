"""After the restarts started by test_00_replicas.py: the conversations
continue where they were, on the restarted servers (PostgreSQL replica and
SQLite Rasa): the next question is the right one, and the result is theirs."""
from __future__ import annotations

import time

import pytest

from bench import scenario
from tests.net import wait_http
from tests.production.conftest import ops, replica_url, tracker, user_texts

pytestmark = pytest.mark.production
START_TIMEOUT = 600


def finish(conversation, amount, route, first_step):
    """From step ``first_step`` (its question already asked) to the result."""
    for step in range(first_step, len(scenario.STEPS)):
        conversation.say(scenario.message(step, amount))
        check = scenario.check_reply(step, conversation.text, amount, route)
        assert check.ok, (step, check.problem, conversation.text[:400])


def test_replica_restarted_continues_the_conversation(topo, shared):
    if "survivor" not in shared:
        pytest.skip("needs test_00_replicas.py::test_kill_one_replica_during_load")
    shared["restart_replica_2"].wait(timeout=START_TIMEOUT)
    assert shared["restart_replica_2"].returncode == 0
    wait_http(replica_url(topo, 2) + "/", 30)
    conversation, amount, route = shared["survivor"]
    conversation.base_url = replica_url(topo, 2)
    finish(conversation, amount, route, first_step=4)


def test_sqlite_rasa_restarted_continues_the_conversation(sqlite_rasa, shared):
    if "sqlite_conversation" not in shared:
        pytest.skip("needs test_00_replicas.py::test_sqlite_rasa_killed_mid_diagnostic")
    wait_http(sqlite_rasa["URL"] + "/", START_TIMEOUT)
    conversation, amount, route = shared["sqlite_conversation"]
    # Killed after « ponctuel »: the next answer is the internal resources one.
    finish(conversation, amount, route, first_step=3)


def test_a_restarted_replica_reads_trackers_after_a_database_restart(topo, shared):
    """A replica started, then PostgreSQL restarted: its pooled connections are
    dead. The first request it gets is an API read (no turn yet): it must reach
    the database again, not answer from an empty in-memory tracker."""
    if "survivor" not in shared:
        pytest.skip("needs test_00_replicas.py::test_kill_one_replica_during_load")
    conversation, _amount, _route = shared["survivor"]
    expected = user_texts(tracker(topo, conversation.sender, replica_url(topo, 1)))
    assert expected, "the survivor conversation is recorded"
    ops(topo, "stop-rasa", "2")
    ops(topo, "start-rasa", "2")
    ops(topo, "stop-db")
    ops(topo, "start-db")
    assert user_texts(tracker(topo, conversation.sender, replica_url(topo, 2))) == expected
