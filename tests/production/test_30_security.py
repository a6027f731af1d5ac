"""Security and privacy: authenticated HTTP API, CORS allowlist, no secret in
the repository, the greeting warns about personal data, and no user text in
the logs (Rasa runs at INFO, the default)."""
from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.production.conftest import ROOT, UNAVAILABLE, Conversation, ops, replica_url

pytestmark = pytest.mark.production


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


@pytest.mark.parametrize("where", ["nginx", "replica"])
def test_http_api_needs_the_token(topo, where):
    base = topo["BASE_URL"] if where == "nginx" else replica_url(topo, 1)
    url = f"{base}/conversations/quelquun/tracker"
    assert get(url)[0] == 401
    assert get(url, {"Authorization": "Bearer mauvais-jeton"})[0] == 401
    assert get(f"{url}?token=mauvais-jeton")[0] == 401
    assert get(url, {"Authorization": f"Bearer {topo['RASA_AUTH_TOKEN']}"})[0] == 401  # not a JWT
    assert get(f"{url}?token={topo['RASA_AUTH_TOKEN']}")[0] == 200
    assert get(f"{base}/status")[0] == 401


def preflight(base, origin):
    request = urllib.request.Request(
        f"{base}/webhooks/rest/webhook", method="OPTIONS",
        headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}


def test_cors_allowlist(topo):
    _, allowed = preflight(topo["BASE_URL"], "http://localhost:8080")
    assert allowed.get("access-control-allow-origin") == "http://localhost:8080"
    _, refused = preflight(topo["BASE_URL"], "https://pirate.example")
    assert "access-control-allow-origin" not in refused


def test_no_secret_in_the_repository(topo):
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert ".env" not in tracked
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT)
    assert ignored.returncode == 0, ".env must be git-ignored"
    example = (ROOT / ".env.example").read_text()
    for key in ("DB_URL", "REDIS_PASSWORD", "RASA_AUTH_TOKEN", "RASA_JWT_SECRET"):
        lines = [l for l in example.splitlines() if l.startswith(f"{key}=")]
        assert lines and lines[0].split("=", 1)[1].strip() in ("",), f"{key} must be empty in .env.example"
    # The secrets generated for this topology appear in no file of the repository.
    secrets = [topo["DB_PASSWORD"], topo["REDIS_PASSWORD"], topo["RASA_AUTH_TOKEN"]]
    for name in tracked + ["endpoints.yml", "ops/endpoints.postgres.yml"]:
        path = ROOT / name
        if path.is_file() and path.stat().st_size < 2_000_000:
            content = path.read_bytes()
            assert not any(s.encode() in content for s in secrets), name


def test_greeting_asks_not_to_type_personal_data(topo):
    c = Conversation(topo["BASE_URL"])
    c.say("Bonjour")
    assert "données personnelles" in c.text


def test_no_message_text_in_the_logs(topo):
    marker = f"Zorglub{uuid.uuid4().hex[:10]}"
    c = Conversation(topo["BASE_URL"])
    c.say(f"je suis maire de {marker}-ville, 800 habitants, on a 30 000 € pour une étude")
    c.say(f"/inform{{\"amount\": \"{marker}\"}}")
    c.say(f"/{marker}")
    c.say(f"{marker} " * 400)  # too long
    c.say(f"{marker} \u0000 <script>")
    ops(topo, "stop-actions")
    try:
        c.say(f"{marker} pendant la panne")
        assert UNAVAILABLE in c.text
    finally:
        ops(topo, "start-actions")
    time.sleep(3)  # nginx flushes its access log every 2 s
    logs = list((Path(topo["TOPO_DIR"]) / "logs").glob("*.log"))
    logs += list((Path(topo["TOPO_DIR"]) / "pg").glob("*.log"))
    assert any(p.name.startswith("rasa-") for p in logs)
    rasa_log = (Path(topo["TOPO_DIR"]) / "logs" / "rasa-1.log").read_text(errors="replace")
    assert " INFO " in rasa_log, "Rasa logs at INFO: the check is meaningful"
    leaking = [p.name for p in logs if marker in p.read_text(errors="replace")]
    assert not leaking, leaking
