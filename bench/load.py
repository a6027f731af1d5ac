"""Load generator: simulated users holding full diagnostic conversations
concurrently through the REST channel (aiohttp).

    .venv/bin/python -m bench.load --url http://127.0.0.1:5801 --users 10 \\
        --conversations 3 --think 1-3 --json bench/results/x.json

Each user runs ``--conversations`` diagnostics one after the other (a new
conversation id each time), waiting ``--think`` seconds (uniform) before each
message like a person reading and typing (``--think 0``: closed loop, as fast
as the server answers). Measured per turn: latency, HTTP status, whether the
reply is the right one (bench/scenario.py: next question, the user's own
amount, the procurement route), and the RSS of the server processes
(``--pids`` files, sampled every 0.5 s from /proc).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import aiohttp

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import scenario  # noqa: E402


@dataclass
class TurnResult:
    user: int
    conversation: str
    step: int
    latency: float
    status: int
    ok: bool
    problem: Optional[str] = None
    attempt: int = 1


@dataclass
class ConversationResult:
    user: int
    sender: str
    amount: int
    route: str
    completed: bool = False
    acknowledged: List[str] = field(default_factory=list)  # messages answered normally
    problems: List[str] = field(default_factory=list)
    last_reply: str = ""  # of a failed step, for diagnosis
    # Messages sent again after a lost reply (connection closed, 502/504): the
    # server may have processed the first copy before the failure; sent with
    # the same message_id, the copy gets the stored replies (channels/rest.py).
    resent_after_lost_reply: List[str] = field(default_factory=list)


# No reply although the server may have processed the message: connection
# closed (0), bad gateway or gateway timeout from nginx.
LOST_REPLY = (0, 502, 504)


def percentile(values: Sequence[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# -- RSS sampling ------------------------------------------------------------------


def rss_kb(pid: int) -> Optional[int]:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def children(pid: int) -> List[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    found.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return found


def process_groups(pid_files: Sequence[str]) -> Dict[str, List[int]]:
    """name -> pids (the process and its children: nginx workers, postgres backends)."""
    groups: Dict[str, List[int]] = {}
    for path in pid_files:
        try:
            pid = int(Path(path).read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue
        name = Path(path).name.replace(".pid", "")
        if name == "postmaster":
            name = "postgresql"
        groups[name] = [pid] + children(pid)
    return groups


class RssSampler:
    def __init__(self, pid_files: Sequence[str]):
        self.pid_files = list(pid_files)
        self.peak: Dict[str, int] = {}
        self._task: Optional[asyncio.Task] = None

    async def _run(self) -> None:
        while True:
            for name, pids in process_groups(self.pid_files).items():
                total = sum(v for v in (rss_kb(p) for p in pids) if v)
                self.peak[name] = max(self.peak.get(name, 0), total)
            await asyncio.sleep(0.5)

    def start(self) -> None:
        if self.pid_files:
            self._task = asyncio.ensure_future(self._run())

    async def stop(self) -> Dict[str, float]:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
        return {name: round(kb / 1024, 1) for name, kb in sorted(self.peak.items())}


# -- simulated users -----------------------------------------------------------------


async def post(session: aiohttp.ClientSession, url: str, sender: str, text: str,
               timeout: float, message_id: str = "") -> (int, str):
    payload = {"sender": sender, "message": text}
    if message_id:
        payload["message_id"] = message_id   # the same when sent again: see channels/rest.py
    async with session.post(
        url, json=payload,
        timeout=aiohttp.ClientTimeout(total=timeout),
    ) as response:
        body = await response.text()
        if response.status != 200:
            return response.status, body[:200]
        messages = json.loads(body)
        return 200, "\n".join(m.get("text", "") for m in messages if isinstance(m, dict))


async def conversation(
    session: aiohttp.ClientSession, url: str, user: int, index: int, think: (float, float),
    turns: List[TurnResult], retry_unavailable: float, timeout: float, tag: str,
) -> ConversationResult:
    amount, route = scenario.amount_for(user + index * 7919)
    sender = f"{tag}-{user}-{index}-{uuid.uuid4().hex[:8]}"
    result = ConversationResult(user=user, sender=sender, amount=amount, route=route)
    for step in range(len(scenario.STEPS)):
        text = scenario.message(step, amount)
        message_id = f"{sender}-{step}"
        attempt = 0
        deadline = time.monotonic() + retry_unavailable
        while True:
            attempt += 1
            if think[1] > 0:
                await asyncio.sleep(random.uniform(*think))
            t0 = time.perf_counter()
            try:
                status, reply = await post(session, url, sender, text, timeout, message_id)
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                status, reply = 0, f"{type(exc).__name__}"
            latency = time.perf_counter() - t0
            if status == 200:
                check = scenario.check_reply(step, reply, amount, route)
            else:
                check = scenario.Check(False, f"HTTP {status}: {reply[:80]}")
            turns.append(TurnResult(user, sender, step, latency, status, check.ok,
                                    check.problem, attempt))
            retriable = check.problem == "unavailable" or status in (*LOST_REPLY, 503)
            if check.ok:
                result.acknowledged.append(text)
                break
            if retriable and time.monotonic() < deadline:
                if status in LOST_REPLY:
                    result.resent_after_lost_reply.append(text)
                await asyncio.sleep(1.0)
                continue
            result.problems.append(check.problem or "?")
            result.last_reply = reply[:600]
            return result
    result.completed = True
    return result


async def run_load(
    base_url: str, users: int, conversations: int = 1, think: (float, float) = (0.0, 0.0),
    pid_files: Sequence[str] = (), retry_unavailable: float = 0.0, timeout: float = 60.0,
    tag: Optional[str] = None, on_progress=None,
) -> Dict:
    """Runs ``users`` concurrent simulated users; returns the measures (JSON-able)."""
    url = base_url.rstrip("/") + "/webhooks/rest/webhook"
    tag = tag or f"bench{uuid.uuid4().hex[:6]}"
    turns: List[TurnResult] = []
    results: List[ConversationResult] = []
    sampler = RssSampler(pid_files)
    connector = aiohttp.TCPConnector(limit=0, force_close=False)

    async def user_loop(user: int) -> None:
        for index in range(conversations):
            results.append(await conversation(
                session, url, user, index, think, turns, retry_unavailable, timeout, tag))
            if on_progress:
                on_progress(len(results), users * conversations)

    async with aiohttp.ClientSession(connector=connector) as session:
        sampler.start()
        t0 = time.perf_counter()
        await asyncio.gather(*(user_loop(u) for u in range(users)))
        elapsed = time.perf_counter() - t0
        rss = await sampler.stop()

    latencies = [t.latency * 1000 for t in turns if t.status == 200]
    errors = [t for t in turns if not t.ok]
    crosstalk = [t for t in turns if t.problem and ("crosstalk" in t.problem or "wrong route" in t.problem)]
    by_step = {}
    for step in range(len(scenario.STEPS)):
        values = [t.latency * 1000 for t in turns if t.status == 200 and t.step == step]
        if values:
            by_step[step] = {"p50": round(percentile(values, 50), 1),
                             "p95": round(percentile(values, 95), 1)}
    return {
        "users": users,
        "conversations_per_user": conversations,
        "think_seconds": list(think),
        "turns": len(turns),
        "elapsed_s": round(elapsed, 2),
        "throughput_turns_per_s": round(len(turns) / elapsed, 2) if elapsed else None,
        "latency_ms": {
            "p50": round(percentile(latencies, 50), 1),
            "p95": round(percentile(latencies, 95), 1),
            "p99": round(percentile(latencies, 99), 1),
            "mean": round(statistics.fmean(latencies), 1) if latencies else None,
            "max": round(max(latencies), 1) if latencies else None,
        },
        "latency_by_step_ms": by_step,
        "errors": len(errors),
        "error_kinds": sorted({(t.problem or "?").split(":")[0] for t in errors}),
        "crosstalk": len(crosstalk),
        "conversations": len(results),
        "conversations_completed": sum(r.completed for r in results),
        "rss_mb_peak": rss,
        "results": [asdict(r) for r in results],
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--conversations", type=int, default=1)
    parser.add_argument("--think", default="0", help="seconds before each message: « 0 » or « 1-3 »")
    parser.add_argument("--pids", nargs="*", default=[], help="pid files of the server processes")
    parser.add_argument("--json", help="write the measures there")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    low, _, high = args.think.partition("-")
    think = (float(low), float(high or low))
    measures = asyncio.run(run_load(args.url, args.users, args.conversations, think, args.pids))
    measures["label"] = args.label
    summary = {k: v for k, v in measures.items() if k != "results"}
    print(json.dumps(summary, ensure_ascii=False))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(measures, ensure_ascii=False, indent=1))
    return 0 if measures["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

