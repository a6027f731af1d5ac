"""Starts the real assistant (action server + Rasa with the trained model) on
free loopback ports, for conversations through the REST channel."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import urllib.request
import uuid
from pathlib import Path
from typing import Dict, List

import pytest

from tests.net import free_port, wait_http

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "current.tar.gz"
RASA = str(ROOT / ".venv" / "bin" / "rasa")


def start(args: List[str], log: Path, env: Dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, 15)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)


@pytest.fixture(scope="session")
def assistant():
    """Base URL of a running assistant; everything is stopped at the end."""
    if not MODEL.exists():
        pytest.fail("no trained model: run « make train » first")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false",
           "TF_CPP_MIN_LOG_LEVEL": "2"}
    logs = ROOT / "logs"
    logs.mkdir(exist_ok=True)
    actions_port, rasa_port = free_port(), free_port()
    workdir = Path(tempfile.mkdtemp(prefix="amo-conv-"))
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n')
    env["FICHES_DIR"] = str(workdir / "fiches")
    env["FICHES_PUBLIC_URL"] = f"http://127.0.0.1:{actions_port}"
    actions = start([str(ROOT / ".venv" / "bin" / "python"), "-m", "actions.server", "--port", str(actions_port)],
                    logs / "conversation-actions.log", env)
    rasa = start([RASA, "run", "--model", str(MODEL), "--endpoints", str(endpoints),
                  "--credentials", str(ROOT / "credentials.yml"), "--port", str(rasa_port)],
                 logs / "conversation-rasa.log", env)
    try:
        wait_http(f"http://127.0.0.1:{actions_port}/health", 90)
        wait_http(f"http://127.0.0.1:{rasa_port}/", 240)
        yield f"http://127.0.0.1:{rasa_port}"
    finally:
        stop(rasa)
        stop(actions)


class Conversation:
    """One user talking to the assistant through the REST channel."""

    def __init__(self, base_url: str):
        self.url = f"{base_url}/webhooks/rest/webhook"
        self.sender = uuid.uuid4().hex
        self.last: List[dict] = []

    def say(self, message: str, message_id: str = "") -> List[dict]:
        payload = {"sender": self.sender, "message": message}
        if message_id:
            payload["message_id"] = message_id
        body = json.dumps(payload).encode()
        request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 200
            self.last = json.loads(response.read())
        return self.last

    @property
    def text(self) -> str:
        return "\n".join(m.get("text", "") for m in self.last)

    @property
    def buttons(self) -> List[dict]:
        return [b for m in self.last for b in m.get("buttons", [])]


@pytest.fixture
def talk(assistant):
    return lambda: Conversation(assistant)
