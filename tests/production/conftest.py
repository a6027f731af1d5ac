"""Production topology tests: 2 Rasa replicas (PostgreSQL, Redis) behind nginx,
2 action servers behind nginx, plus one single Rasa on SQLite.

They need the topology started by scripts/test-production.sh, which exports:

    AMO_TOPOLOGY_ENV   the topology's env file (ops/topology.sh: ports, DB_URL, token…)
    AMO_SQLITE_DIR     working directory of the SQLite Rasa (pid file, log, database, port)

Without them every test here is skipped (« make test-production » runs them).
Tests are ordered (file names): test_00 kills and restarts servers in the
background, test_zz checks the conversations continued after the restarts.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOPOLOGY = ROOT / "ops" / "topology.sh"
UNAVAILABLE = "momentanément indisponible"

# Something a French reply contains, and what a reply must never contain.
FRENCH_MARKERS = re.compile(
    r"\b(je|vous|votre|le|la|les|des|un|une|pour|pas|est|merci|bonjour|de)\b", re.I
)
LEAKS = re.compile(
    r"Traceback|Exception|Error\b|File \"|\.py\b|sqlalchemy|psycopg|rasa\.|rasa_sdk|"
    r"/work/|/tmp/|postgresql://|redis|SELECT |INSERT ", re.I
)


def read_env(path: str) -> Dict[str, str]:
    values = {}
    for line in Path(path).read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            values[key.strip()] = value
    return values


@pytest.fixture(scope="session")
def topo() -> Dict[str, str]:
    path = os.environ.get("AMO_TOPOLOGY_ENV")
    if not path or not Path(path).exists():
        pytest.skip("topologie non lancée : « make test-production » (scripts/test-production.sh)")
    return read_env(path)


@pytest.fixture(scope="session")
def sqlite_rasa() -> Dict[str, str]:
    directory = os.environ.get("AMO_SQLITE_DIR")
    if not directory or not (Path(directory) / "env").exists():
        pytest.skip("Rasa SQLite non lancé : « make test-production »")
    values = read_env(str(Path(directory) / "env"))
    values["dir"] = directory
    return values


@pytest.fixture(scope="session")
def shared() -> Dict[str, Any]:
    """State passed from the tests that restart servers to those that check after."""
    return {}


def ops(topo: Dict[str, str], *args: str, timeout: float = 600) -> None:
    env = {**os.environ, "TOPO_DIR": topo["TOPO_DIR"]}
    subprocess.run([str(TOPOLOGY), *args], check=True, env=env, timeout=timeout,
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def ops_background(topo: Dict[str, str], *args: str) -> subprocess.Popen:
    env = {**os.environ, "TOPO_DIR": topo["TOPO_DIR"]}
    log = open(Path(topo["TOPO_DIR"]) / "logs" / f"ops-{'-'.join(args)}.log", "w")
    return subprocess.Popen([str(TOPOLOGY), *args], env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def replica_url(topo: Dict[str, str], index: int) -> str:
    return f"http://127.0.0.1:{int(topo['RASA_PORT_BASE']) + index - 1}"


def post_raw(url: str, body: bytes, headers: Optional[Dict[str, str]] = None,
             timeout: float = 60) -> (int, bytes, Dict[str, str]):
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


class Conversation:
    """One user talking through the REST channel (nginx or one replica)."""

    def __init__(self, base_url: str, sender: Optional[str] = None):
        self.base_url = base_url
        self.sender = sender or uuid.uuid4().hex
        self.last: List[dict] = []
        self.status = 0

    def say(self, message: Any, expect_status: int = 200) -> List[dict]:
        body = json.dumps({"sender": self.sender, "message": message}).encode()
        self.status, raw, _ = post_raw(f"{self.base_url}/webhooks/rest/webhook", body)
        assert self.status == expect_status, (self.status, raw[:300])
        self.last = json.loads(raw)
        return self.last

    def say_until_available(self, message: str, seconds: float = 90) -> List[dict]:
        deadline = time.time() + seconds
        while True:
            self.say(message)
            if UNAVAILABLE not in self.text or time.time() > deadline:
                return self.last
            time.sleep(2)

    @property
    def text(self) -> str:
        return "\n".join(m.get("text", "") for m in self.last)


def tracker(topo: Dict[str, str], sender: str, base_url: Optional[str] = None) -> Dict[str, Any]:
    # --auth-token: the token goes in the query string (nginx does not log it: $uri).
    url = f"{base_url or topo['BASE_URL']}/conversations/{sender}/tracker?token={topo['RASA_AUTH_TOKEN']}"
    request = urllib.request.Request(url)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def user_texts(tracker_json: Dict[str, Any]) -> List[str]:
    return [e.get("text") for e in tracker_json.get("events", []) if e.get("event") == "user"]


def assert_french_reply(messages: List[dict]) -> None:
    assert isinstance(messages, list) and messages, "une réponse, toujours"
    text = "\n".join(m.get("text", "") for m in messages if isinstance(m, dict))
    assert text.strip(), messages
    assert FRENCH_MARKERS.search(text), text[:300]
    assert not LEAKS.search(text), text[:300]


def pytest_configure(config):
    config.addinivalue_line("markers", "production: needs the topology of scripts/test-production.sh")
