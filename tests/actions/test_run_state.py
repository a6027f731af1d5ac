"""State kept for one action run (``actions.run_state``) and the readings of
a message computed once (``actions.slots.per_message``)."""
from __future__ import annotations

import copy
import gc

import pytest

from actions import run_state
from actions.slots import per_message


def test_a_tracker_cannot_be_a_dictionary_key():
    """Why the store is keyed by id: Rasa SDK's Tracker compares by value
    and defines no hash (a WeakKeyDictionary would refuse it too)."""
    from rasa_sdk import Tracker

    assert Tracker.__hash__ is None


def test_two_equal_trackers_do_not_share_their_run_state(tracker_for):
    first, second = tracker_for(text="bof"), tracker_for(text="bof")
    assert first == second
    run_state.of_run(first, "seen", list).append("first")
    assert run_state.of_run(first, "seen", list) == ["first"]
    assert run_state.of_run(second, "seen", list) == []
    # (a copy of a tracker, as Rasa sends one to each action, is another run)
    assert run_state.of_run(copy.deepcopy(first), "seen", list) == []


def test_make_is_called_once_per_key_and_tracker(tracker_for):
    tracker = tracker_for(text="bof")
    made = []

    def make():
        made.append(1)
        return len(made)

    assert run_state.of_run(tracker, "a", make) == 1
    assert run_state.of_run(tracker, "a", make) == 1
    assert run_state.of_run(tracker, "b", make) == 2
    assert made == [1, 1]


def test_the_run_state_goes_with_its_tracker(tracker_for):
    tracker = tracker_for(text="bof")
    run_state.of_run(tracker, "seen", list).append("x")
    key = id(tracker)
    assert run_state._RUNS[key] == {"seen": ["x"]}
    del tracker
    gc.collect()
    assert key not in run_state._RUNS


def test_the_turn_store_keeps_the_most_recently_used_within_its_bound(monkeypatch):
    monkeypatch.setattr(run_state, "_SHARED", type(run_state._SHARED)())
    monkeypatch.setattr(run_state, "MAX_SHARED_TURNS", 2)
    computed = []

    def compute(value):
        def run():
            computed.append(value)
            return value
        return run

    assert run_state.of_turn("a", compute("a")) == "a"
    assert run_state.of_turn("b", compute("b")) == "b"
    assert run_state.of_turn("a", compute("a again")) == "a"     # remembered, now most recent
    assert run_state.of_turn("c", compute("c")) == "c"           # "b" dropped
    assert list(run_state._SHARED) == ["a", "c"]
    assert run_state.of_turn("b", compute("b again")) == "b again"
    assert run_state.of_turn(None, compute("none")) == "none"    # never remembered
    assert run_state.of_turn(None, compute("none")) == "none"
    assert computed == ["a", "b", "c", "b again", "none", "none"]
    assert None not in run_state._SHARED


@pytest.fixture
def counted():
    """A reading of the latest message decorated by per_message, with the
    number of times it was really computed."""
    calls = []

    @per_message
    def shout(tracker):
        calls.append(tracker.latest_message.get("text"))
        return tracker.latest_message.get("text", "").upper()

    return shout, calls


def test_per_message_computes_once_per_tracker_run(tracker_for, counted):
    shout, calls = counted
    tracker = tracker_for(text="bof", sender_id="run-state-once")
    assert [shout(tracker) for _ in range(3)] == ["BOF"] * 3
    assert calls == ["bof"]
    # Without a timestamp nothing identifies the turn: an equal tracker (another
    # run) computes it again, and keeps it for its own run.
    other = tracker_for(text="bof", sender_id="run-state-once")
    assert shout(other) == "BOF" and shout(other) == "BOF"
    assert calls == ["bof", "bof"]


def test_per_message_computes_again_when_what_it_reads_changes(tracker_for, counted):
    shout, calls = counted
    tracker = tracker_for(text="bof", sender_id="run-state-change")
    shout(tracker)
    tracker.slots["requested_slot"] = "theme"          # (the form asks another question)
    shout(tracker)
    assert calls == ["bof", "bof"]


def test_per_message_is_shared_by_the_actions_of_a_time_stamped_turn(tracker_for, counted):
    shout, calls = counted
    tracker = tracker_for(text="bof", sender_id="run-state-turn")
    tracker.events[-1]["timestamp"] = 1763850000.5
    first, second = copy.deepcopy(tracker), copy.deepcopy(tracker)
    assert shout(first) == shout(second) == "BOF"
    assert calls == ["bof"]
    # another conversation's message at the same time is its own
    elsewhere = copy.deepcopy(tracker)
    elsewhere.sender_id = "run-state-turn-elsewhere"
    assert shout(elsewhere) == "BOF"
    assert calls == ["bof", "bof"]
