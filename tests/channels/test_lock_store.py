"""install_atomic_lock_store: Rasa's RedisLockStore issues and removes tickets
under a per-conversation mutex (the race it fixes is measured by
tests/production/test_20_input.py::test_fast_repeated_messages_all_answered_none_lost
on real Redis and two replicas)."""
import threading
import time

from rasa.core.lock_store import RedisLockStore

from channels.guard import install_atomic_lock_store


class SlowRedis:
    """A Redis stand-in whose GET/SET leave room for a race, and whose lock
    is a real mutex (as redis-py's lock is across processes)."""

    def __init__(self):
        self.data = {}
        self.mutexes = {}
        self.locked = []

    def get(self, key):
        value = self.data.get(key)
        time.sleep(0.01)          # another replica reads the same lock meanwhile
        return value

    def set(self, key, value):
        self.data[key] = value

    def delete(self, key):
        return self.data.pop(key, None) is not None

    def lock(self, name, timeout, blocking_timeout, sleep):
        self.locked.append(name)
        return self.mutexes.setdefault(name, threading.Lock())


def store(red):
    lock_store = RedisLockStore.__new__(RedisLockStore)
    lock_store.red = red
    lock_store.key_prefix = "lock:"
    return lock_store


def issue_at_once(lock_store, n=6):
    tickets = []
    threads = [threading.Thread(target=lambda: tickets.append(lock_store.issue_ticket("c1")))
               for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tickets


def test_without_the_mutex_two_replicas_can_get_the_same_ticket():
    assert len(set(issue_at_once(store(SlowRedis())))) < 6


def test_with_the_mutex_every_ticket_is_different():
    red = SlowRedis()
    lock_store = store(red)
    install_atomic_lock_store(lock_store)
    install_atomic_lock_store(lock_store)           # once only
    assert sorted(issue_at_once(lock_store)) == list(range(6))
    assert set(red.locked) == {"lock:c1:mutex"}
    for ticket in range(6):
        lock_store.cleanup("c1", ticket)
    assert lock_store.get_lock("c1") is None         # the last one out deletes the lock


def test_the_in_memory_lock_store_is_left_alone():
    from rasa.core.lock_store import InMemoryLockStore

    lock_store = InMemoryLockStore()
    install_atomic_lock_store(lock_store)
    assert not getattr(lock_store, "_amo_atomic", False)
