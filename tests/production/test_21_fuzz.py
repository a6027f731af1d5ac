"""Property-based fuzzing through nginx and the REST channel: whatever the text,
the payload or the JSON shape, never a 5xx, always a French reply, never an
internal detail (traceback, file path, SQL, URL of a store)."""
from __future__ import annotations

import json
import os
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.production.conftest import assert_french_reply, post_raw

pytestmark = pytest.mark.production

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))

INTENTS = ["inform", "start_diagnostic", "ask_definition", "affirm", "deny", "restart",
           "session_start", "nlu_fallback", "unknown", "ask_summary", "stop", "greet"]
ENTITIES = ["amount", "population", "need_kind", "duration", "resources", "sponsor", "term",
            "structure_type", "theme", "diagnostic_done", "requested_slot", "feedback", "x"]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)


def send(base_url, body_obj=None, raw=None):
    body = raw if raw is not None else json.dumps(body_obj).encode("utf-8", "surrogatepass")
    return post_raw(f"{base_url}/webhooks/rest/webhook", body, timeout=90)


@pytest.fixture(scope="module")
def base_url(topo):
    return topo["BASE_URL"]


@SETTINGS
@given(text=st.text(max_size=400))
def test_any_text(base_url, text):
    status, raw, _ = send(base_url, {"sender": uuid.uuid4().hex, "message": text})
    assert status == 200, (status, raw[:200])
    assert_french_reply(json.loads(raw))


@SETTINGS
@given(text=st.text(st.characters(), max_size=60),
       alphabet_text=st.text("abcdefghijklmnopqrstuvwxyzéèàç0123456789 €,.-", max_size=80))
def test_text_with_unusual_characters(base_url, text, alphabet_text):
    message = text + alphabet_text
    status, raw, _ = send(base_url, {"sender": uuid.uuid4().hex, "message": message})
    assert status == 200, (status, raw[:200])
    assert_french_reply(json.loads(raw))


@SETTINGS
@given(intent=st.sampled_from(INTENTS) | st.text(max_size=12),
       entities=st.dictionaries(st.sampled_from(ENTITIES) | st.text(max_size=6), json_values, max_size=4),
       confidence=st.sampled_from(["", "@0.1", "@1.0", "@9"]),
       during_form=st.booleans())
def test_forged_payloads(base_url, intent, entities, confidence, during_form):
    sender = uuid.uuid4().hex
    if during_form:
        send(base_url, {"sender": sender, "message": "je veux faire le diagnostic"})
    payload = f"/{intent}{confidence}{json.dumps(entities) if entities else ''}"
    status, raw, _ = send(base_url, {"sender": sender, "message": payload})
    assert status == 200, (status, raw[:200])
    assert_french_reply(json.loads(raw))


@SETTINGS
@given(body=st.dictionaries(st.sampled_from(["sender", "message", "metadata", "input_channel", "x"]),
                            json_values, max_size=4))
def test_any_json_body(base_url, body):
    status, raw, _ = send(base_url, body)
    assert status in (200, 400, 429), (status, raw[:200])
    assert_french_reply(json.loads(raw))


@SETTINGS
@given(raw=st.binary(max_size=200))
def test_any_bytes(base_url, raw):
    status, answer, _ = send(base_url, raw=raw)
    assert status in (200, 400, 429), (status, answer[:200])
    assert_french_reply(json.loads(answer))


def test_lone_surrogates_and_nul(base_url):
    raw = b'{"sender": "surrogate-test", "message": "\\ud800 bonjour \\u0000 \\udfff"}'
    status, answer, _ = send(base_url, raw=raw)
    assert status == 200
    assert_french_reply(json.loads(answer))
