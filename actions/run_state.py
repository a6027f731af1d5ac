"""State kept while the action server handles one request, the one place
where actions keep anything between two calls.

Rasa SDK builds a new ``Tracker`` for each request it receives (one action
run: a form's extraction, its validators, then the choice of the next
question all read the same tracker object). Two stores:

- ``of_run(tracker, key, make)``: a value kept for the run of this tracker
  object, created by ``make()`` the first time, dropped when the tracker is
  collected. A ``Tracker`` compares by value (its sender and events) and
  defines no hash, so it cannot be a dictionary key, nor a
  ``WeakKeyDictionary``'s: the store is keyed by ``id(tracker)``, each entry
  removed by ``weakref.finalize`` when its tracker goes (before its id can be
  reused). Two equal trackers, such as the copies Rasa sends to the actions
  of one turn, do not share it.
- ``of_turn(key, compute)``: a value shared by the actions of one turn (the
  off-topic action or the FAQ's guard, then the form), each of which gets its
  own tracker. ``key`` must say everything the value depends on (see
  ``actions.slots.per_message``). A process-wide LRU bounded to
  ``MAX_SHARED_TURNS`` entries: it only saves recomputing a reading of the
  message (the budget in passing was parsed up to 6 times a turn), so an
  evicted entry is computed again, with the same result.
"""
from __future__ import annotations

import weakref
from collections import OrderedDict
from typing import Any, Callable, Dict, Hashable, Optional, TypeVar

from rasa_sdk import Tracker

T = TypeVar("T")

# id(tracker) -> that run's values by key; see of_run.
_RUNS: Dict[int, Dict[Hashable, Any]] = {}

MAX_SHARED_TURNS = 256
"""Values remembered across the actions of a turn, least recently used
dropped first: a turn needs a few; 256 covers many conversations served at
once, each value being a small reading of one message."""
_SHARED: "OrderedDict[Hashable, Any]" = OrderedDict()


def of_run(tracker: Tracker, key: Hashable, make: Callable[[], T]) -> T:
    """The value kept under ``key`` for this tracker's run, ``make()`` the
    first time it is asked for."""
    run = _RUNS.get(id(tracker))
    if run is None:
        run = _RUNS[id(tracker)] = {}
        weakref.finalize(tracker, _RUNS.pop, id(tracker), None)
    if key not in run:
        run[key] = make()
    return run[key]


def of_turn(key: Optional[Hashable], compute: Callable[[], T]) -> T:
    """The value remembered under ``key`` across the actions of the turn,
    ``compute()`` when none is (and remembered). ``None``: nothing identifies
    the turn, computed and not remembered."""
    if key is None:
        return compute()
    if key in _SHARED:
        _SHARED.move_to_end(key)
        return _SHARED[key]
    value = _SHARED[key] = compute()
    while len(_SHARED) > MAX_SHARED_TURNS:
        _SHARED.popitem(last=False)
    return value
