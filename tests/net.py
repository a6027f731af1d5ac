"""Loopback helpers shared by the tests that start real servers."""
from __future__ import annotations

import socket
import time
import urllib.request


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, seconds: float, interval: float = 0.5) -> None:
    """Wait until ``url`` answers (any HTTP status), or fail the test."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(interval)
    raise AssertionError(f"{url} ne répond pas après {seconds} s")
