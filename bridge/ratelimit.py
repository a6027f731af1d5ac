"""Débit par salon (bibliothèque standard seulement, asyncio).

- ``RoomRateLimiter`` : au plus un envoi toutes les ``min_interval`` secondes
  dans un même salon (les salons ne s'attendent pas entre eux) ;
- ``RoomQueues`` : une file par salon, traitée dans l'ordre d'arrivée par une
  tâche qui s'arrête d'elle-même quand la file reste vide ; une file pleine
  refuse les nouveaux messages (protection contre l'inondation).
"""
from __future__ import annotations

import asyncio
import logging
import random
import time
from typing import Any, Awaitable, Callable, Dict, Hashable, Optional

log = logging.getLogger(__name__)


class RoomRateLimiter:
    """Espace les envois d'un même salon d'au moins ``min_interval`` secondes."""

    def __init__(self, min_interval: float = 1.0,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
                 max_rooms: int = 10_000) -> None:
        self.min_interval = max(0.0, float(min_interval))
        self._clock = clock
        self._sleep = sleep
        self._next: Dict[Hashable, float] = {}
        self._locks: Dict[Hashable, asyncio.Lock] = {}
        self._max_rooms = max_rooms

    def delay(self, room: Hashable) -> float:
        """Attente nécessaire avant le prochain envoi dans ``room`` (sans réserver)."""
        return max(0.0, self._next.get(room, 0.0) - self._clock())

    async def wait(self, room: Hashable) -> float:
        """Attend son tour dans ``room`` et réserve le créneau ; renvoie l'attente."""
        lock = self._locks.get(room)
        if lock is None:
            lock = self._locks[room] = asyncio.Lock()
        async with lock:
            waited = self.delay(room)
            if waited > 0:
                await self._sleep(waited)
            self._next[room] = self._clock() + self.min_interval
        self._forget_old()
        return waited

    def _forget_old(self) -> None:
        if len(self._next) <= self._max_rooms:
            return
        now = self._clock()
        for room in [r for r, t in self._next.items() if t <= now]:
            lock = self._locks.get(room)
            if lock is None or not lock.locked():
                self._next.pop(room, None)
                self._locks.pop(room, None)


Handler = Callable[[Hashable, Any], Awaitable[None]]


class RoomQueues:
    """Une file par salon ; ``handler(room, item)`` traite les éléments un par un.

    Les erreurs du traitement sont journalisées et n'arrêtent pas la file.
    """

    def __init__(self, handler: Handler, max_pending: int = 20, idle_timeout: float = 60.0) -> None:
        self._handler = handler
        self.max_pending = max_pending
        self.idle_timeout = idle_timeout
        self._queues: Dict[Hashable, asyncio.Queue] = {}
        self._workers: Dict[Hashable, asyncio.Task] = {}
        self._closed = False

    def submit(self, room: Hashable, item: Any) -> bool:
        """Met ``item`` dans la file de ``room`` ; ``False`` si elle est pleine ou fermée."""
        if self._closed:
            return False
        queue = self._queues.get(room)
        if queue is None:
            queue = self._queues[room] = asyncio.Queue(maxsize=self.max_pending)
        try:
            queue.put_nowait(item)
        except asyncio.QueueFull:
            log.warning("File du salon pleine (%d messages en attente) : message ignoré", self.max_pending)
            return False
        worker = self._workers.get(room)
        if worker is None or worker.done():
            self._workers[room] = asyncio.ensure_future(self._work(room, queue))
        return True

    def pending(self, room: Optional[Hashable] = None) -> int:
        if room is not None:
            queue = self._queues.get(room)
            return queue.qsize() if queue else 0
        return sum(q.qsize() for q in self._queues.values())

    async def _work(self, room: Hashable, queue: asyncio.Queue) -> None:
        while True:
            try:
                item = await asyncio.wait_for(queue.get(), timeout=self.idle_timeout)
            except asyncio.TimeoutError:
                if queue.empty():
                    # Personne n'a rien ajouté entre-temps : la file disparaît.
                    self._queues.pop(room, None)
                    self._workers.pop(room, None)
                    return
                continue
            try:
                await self._handler(room, item)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - une erreur ne doit pas arrêter le salon
                log.exception("Erreur pendant le traitement d'un message")
            finally:
                queue.task_done()

    async def join(self, timeout: Optional[float] = None) -> None:
        """Attend que toutes les files soient vides (utile aux tests et à l'arrêt)."""
        waits = [q.join() for q in list(self._queues.values())]
        if waits:
            await asyncio.wait_for(asyncio.gather(*waits), timeout)

    async def close(self, drain_timeout: float = 5.0) -> None:
        """Refuse les nouveaux messages, laisse ``drain_timeout`` s aux files, puis arrête."""
        self._closed = True
        try:
            await self.join(drain_timeout)
        except asyncio.TimeoutError:
            log.warning("Arrêt : %d message(s) non traité(s)", self.pending())
        workers = list(self._workers.values())
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        self._workers.clear()
        self._queues.clear()


class Backoff:
    """Attentes croissantes entre deux essais : initial, ×2 à chaque échec,
    plafonnées à ``maximum``, avec un peu de hasard (``jitter`` : part de
    l'attente tirée au hasard, pour que plusieurs ponts ne se reconnectent pas
    tous à la même seconde). ``reset()`` après un succès."""

    def __init__(self, initial: float = 1.0, maximum: float = 60.0, jitter: float = 0.2,
                 rand: Optional[Callable[[], float]] = None) -> None:
        self.initial = initial
        self.maximum = maximum
        self.jitter = jitter
        self._rand = rand or random.random
        self.failures = 0

    def next(self) -> float:
        base = min(self.maximum, self.initial * (2 ** min(self.failures, 30)))
        self.failures += 1
        return base * (1 - self.jitter * self._rand())

    def reset(self) -> None:
        self.failures = 0
