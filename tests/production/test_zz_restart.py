"""After the restarts started by test_00_replicas.py: the conversations
continue where they were, on the restarted servers (PostgreSQL replica and
SQLite Rasa): the next question is the right one, and the result is theirs."""
from __future__ import annotations

import time

import pytest

from bench import scenario
from tests.net import wait_http
from tests.production.conftest import replica_url

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
