"""Bad input through the real channel (nginx → REST channel → Rasa → actions):
every message gets a French reply, never a 5xx nor an internal detail; forged
``/intent{…}`` payloads set nothing the conversation does not allow and are
validated like typed text."""
from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.production.conftest import (
    Conversation,
    assert_french_reply,
    post_raw,
    tracker,
    user_texts,
)

pytestmark = pytest.mark.production

BAD_INPUTS = [
    "", "   ", "\t\n \r\n", "😀😀😀", "🇫🇷👍🏽", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "'; DROP TABLE events; --", "1 OR 1=1; SELECT * FROM events",
    "Wie ist das Wetter?", "What is a project manager assistant?", "ما هو مساعد صاحب المشروع؟",
    "这是什么", "\u0000\u0007 bonjour", "\u202e\u200f bonjour", "\ufeff", "x" * 1999,
    "/", "//", "/inform", "/inform{", "/inform{}", "/nonexistent_intent", "/restart",
    '/inform@1.0{"amount": 5}', '/inform{"amount": [1, {"a": 2}]}', '{"a": 1}', "null",
    "-5 €", "0 €", "1e308 €", "999 999 999 999 999 999 €", "NaN €", "%s %n %x", "${jndi:ldap://x}",
    "../../etc/passwd", "bonjour " * 300,
]


@pytest.mark.parametrize("message", BAD_INPUTS, ids=lambda m: repr(m[:20]))
def test_bad_input_gets_a_french_reply(topo, message):
    c = Conversation(topo["BASE_URL"])
    assert_french_reply(c.say(message))
    assert "<script" not in c.text and "onerror" not in c.text


@pytest.mark.parametrize("message", ["", "   \n\t"])
def test_empty_message_says_so(topo, message):
    c = Conversation(topo["BASE_URL"])
    c.say(message)
    assert "message est vide" in c.text


def test_ten_thousand_characters(topo):
    c = Conversation(topo["BASE_URL"])
    c.say("é" * 10_000)
    assert "trop long" in c.text
    assert user_texts(tracker(topo, c.sender)) == [], "not stored"


@pytest.mark.parametrize("body", [
    b"not json", b"[]", b"null", b'"x"', b"{}", b'{"message": "bonjour"}',
    b'{"sender": "", "message": "x"}', b'{"sender": "a b", "message": "x"}',
    b'{"sender": "../x", "message": "x"}', b'{"sender": 12, "message": "x"}',
    b'{"sender": "' + b"x" * 300 + b'", "message": "x"}', b'{"sender": "ok", "message": 12}',
    b'{"sender": "ok", "message": ["x"]}', b'{"sender": "ok", "message": {"x": 1}}',
])
def test_malformed_request_gets_a_400_in_french(topo, body):
    status, raw, _ = post_raw(f"{topo['BASE_URL']}/webhooks/rest/webhook", body)
    assert status == 400, (status, raw[:200])
    assert_french_reply(json.loads(raw))


def test_oversized_body_is_refused_by_nginx_in_french(topo):
    body = json.dumps({"sender": "big", "message": "x" * 400_000}).encode()
    status, raw, _ = post_raw(f"{topo['BASE_URL']}/webhooks/rest/webhook", body)
    assert status == 413
    assert_french_reply(json.loads(raw))


def without_links(text):
    """The fiche de cadrage links carry a random id."""
    return re.sub(r"/fiches/[A-Za-z0-9_-]+", "/fiches/ID", text)


def slots(topo, sender):
    return tracker(topo, sender)["slots"]


def to_amount_question(topo) -> Conversation:
    c = Conversation(topo["BASE_URL"])
    c.say("je suis maire d'une commune de 800 habitants, on veut une étude énergie")
    assert "De quoi avez-vous surtout besoin" in c.text, c.text[:300]
    for _ in range(5):
        c.say("je ne sais pas")
    assert "Quel budget estimez-vous" in c.text, c.text[:300]
    return c


def test_forged_slots_outside_the_form(topo):
    c = Conversation(topo["BASE_URL"])
    c.say('/inform{"diagnostic_done": true, "feedback": "utile", "requested_slot": "amount"}')
    values = slots(topo, c.sender)
    assert not values.get("diagnostic_done")
    assert values.get("feedback") is None
    assert values.get("requested_slot") != "amount"  # « requested_slot » is no entity: dropped
    # An amount forged outside the form is validated when the diagnostic starts.
    c.say('/inform{"amount": "-5"}')
    c.say("/start_diagnostic")
    assert slots(topo, c.sender).get("amount") in (None,), slots(topo, c.sender).get("amount")


@pytest.mark.parametrize("typed, forged", [
    ("-5", '/inform{"amount": "-5"}'),
    ("-5", '/inform{"amount": -5}'),
    ("1000000000000000", '/inform{"amount": 1e15}'),
    ("0", '/inform{"amount": 0}'),
    ("45000", '/inform{"amount": 45000}'),
])
def test_forged_amount_is_validated_like_a_typed_one(topo, typed, forged):
    a, b = to_amount_question(topo), to_amount_question(topo)
    a.say(typed)
    b.say(forged)
    assert without_links(a.text) == without_links(b.text)
    assert slots(topo, a.sender)["amount"] == slots(topo, b.sender)["amount"]
    assert slots(topo, b.sender)["amount"] in (None, 45_000.0)


def test_forged_choices_inside_the_form(topo):
    c = Conversation(topo["BASE_URL"])
    c.say("je suis maire d'une commune de 800 habitants, on veut une étude énergie")
    c.say('/inform{"need_kind": "pirate"}')
    assert "Je n'ai pas reconnu le besoin" in c.text
    assert slots(topo, c.sender)["need_kinds"] is None
    c.say('/inform{"need_kind": "audit", "diagnostic_done": true}')
    values = slots(topo, c.sender)
    assert values["need_kinds"] == ["audit"]
    assert not values.get("diagnostic_done")
    assert "ponctuel (une étude" in c.text


def test_fast_repeated_messages_all_answered_none_lost(topo):
    c = Conversation(topo["BASE_URL"])
    messages = [f"bonjour {i}" for i in range(8)]

    def send(text):
        body = json.dumps({"sender": c.sender, "message": text}).encode()
        return post_raw(f"{topo['BASE_URL']}/webhooks/rest/webhook", body, timeout=120)

    with ThreadPoolExecutor(len(messages)) as pool:
        answers = list(pool.map(send, messages))
    for status, raw, _ in answers:
        assert status == 200
        assert_french_reply(json.loads(raw))
    assert sorted(user_texts(tracker(topo, c.sender))) == sorted(messages)


def test_client_cannot_choose_the_input_channel_nor_flood_metadata(topo):
    c = Conversation(topo["BASE_URL"])
    body = json.dumps({"sender": c.sender, "message": "Bonjour", "input_channel": "admin",
                       "metadata": {"x": "y" * 10_000}}).encode()
    status, raw, _ = post_raw(f"{topo['BASE_URL']}/webhooks/rest/webhook", body)
    assert status == 200
    events = [e for e in tracker(topo, c.sender)["events"] if e["event"] == "user"]
    assert events[-1]["input_channel"] == "rest"
    assert "x" not in (events[-1].get("metadata") or {})
