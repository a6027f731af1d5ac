"""Measuring commands and servers: wall and CPU time, peak memory, start time.

Peak memory is the ``ru_maxrss`` of the child's resource usage as returned by
``wait4`` — the same figure as ``getrusage(RUSAGE_CHILDREN)`` in a process that
only ran this command: the largest resident set size reached by the command or
any descendant it waited for (Linux reports it in KiB).
"""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple


def run_measured(
    cmd: Sequence[str], log: Path, env: Optional[Dict[str, str]] = None,
    cwd: Optional[Path] = None, timeout: Optional[float] = None,
) -> Dict[str, Any]:
    """Runs ``cmd`` (stdout+stderr to ``log``) and measures it."""
    log.parent.mkdir(parents=True, exist_ok=True)
    start_load = os.getloadavg()[0]
    t0 = time.monotonic()
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen(
            list(cmd), stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd,
            start_new_session=True,
        )
        deadline = None if timeout is None else t0 + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if deadline is not None and time.monotonic() > deadline:
                os.killpg(process.pid, 15)
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.2)
    wall = time.monotonic() - t0
    process.returncode = os.waitstatus_to_exitcode(status)
    return {
        "cmd": " ".join(cmd),
        "returncode": process.returncode,
        "wall_s": wall,
        "user_s": usage.ru_utime,
        "sys_s": usage.ru_stime,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "maxrss_mb": usage.ru_maxrss / 1024.0,
        "loadavg_1min_before": start_load,
        "loadavg_1min_after": os.getloadavg()[0],
    }


_LOG_LINE = re.compile(
    r"^(?P<ts>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\S*\s+INFO\s+\S+\s+-\s+"
    r"(?P<what>Starting to train|Finished training) component '(?P<name>[^']+)'"
)


def component_times(log_text: str) -> List[Tuple[str, float]]:
    """Training time of each trained graph component, from the INFO lines of
    ``rasa train`` (« Starting to train component 'X' » / « Finished training
    component 'X' »), in training order. One-second resolution."""
    started: Dict[str, List[datetime]] = {}
    times: List[Tuple[str, float]] = []
    for line in log_text.splitlines():
        match = _LOG_LINE.match(line)
        if not match:
            continue
        ts = datetime.strptime(match.group("ts"), "%Y-%m-%d %H:%M:%S")
        name = match.group("name")
        if match.group("what") == "Starting to train":
            started.setdefault(name, []).append(ts)
        elif started.get(name):
            times.append((name, (ts - started[name].pop(0)).total_seconds()))
    return times


CORE_SUFFIXES = ("Policy",)


def split_nlu_core(times: List[Tuple[str, float]]) -> Dict[str, float]:
    """Seconds spent training NLU components vs dialogue policies."""
    core = sum(t for name, t in times if name.endswith(CORE_SUFFIXES))
    nlu = sum(t for name, t in times if not name.endswith(CORE_SUFFIXES))
    return {"nlu_s": nlu, "core_s": core}


# -- servers --------------------------------------------------------------------

def free_port(low: int = 5900, high: int = 5999) -> int:
    """A free loopback port in [low, high]."""
    for port in range(low, high + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {low}-{high}")


def http_ok(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


def wait_first_200(url: str, t0: float, timeout: float, process: subprocess.Popen,
                   poll: float = 0.1) -> float:
    """Seconds from ``t0`` (time.monotonic) to the first 200 on ``url``."""
    while time.monotonic() - t0 < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode}")
        if http_ok(url, timeout=1.0):
            return time.monotonic() - t0
        time.sleep(poll)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def post_json(url: str, payload: Dict[str, Any], timeout: float = 60.0) -> Tuple[Dict[str, Any], float]:
    """POSTs JSON; returns (answer, seconds)."""
    body = json.dumps(payload).encode("utf-8")
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    t0 = time.perf_counter()
    with urllib.request.urlopen(request, timeout=timeout) as response:
        data = response.read()
    elapsed = time.perf_counter() - t0
    return json.loads(data), elapsed


def _children(pid: int) -> List[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(entry))
    return kids


def tree_memory_mb(pid: int) -> Dict[str, float]:
    """VmRSS and VmHWM (peak) of a process and its descendants, from /proc."""
    todo, seen = [pid], []
    rss = hwm = 0.0
    while todo:
        current = todo.pop()
        seen.append(current)
        try:
            with open(f"/proc/{current}/status", encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1]) / 1024.0
                    elif line.startswith("VmHWM:"):
                        hwm += int(line.split()[1]) / 1024.0
        except OSError:
            continue
        todo.extend(_children(current))
    return {"rss_mb": rss, "hwm_mb": hwm, "processes": len(seen)}


def stop(process: subprocess.Popen, grace: float = 20.0) -> None:
    """Stops a process started with start_new_session=True, and its group."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, 15)
            process.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()
        except ProcessLookupError:
            pass
