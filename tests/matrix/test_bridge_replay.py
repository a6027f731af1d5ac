"""Un événement Matrix vu deux fois n'est ni traité ni compté deux fois.

Le pont envoie à Rasa un ``message_id`` tiré de l'identifiant de l'événement
(le canal REST renvoie alors les réponses déjà données) et publie ses réponses
avec des identifiants de transaction tirés de lui aussi (le serveur Matrix ne
les publie qu'une fois). Le Rasa est celui, factice, de ``rasa_proxy.py``
(vrai serveur HTTP, même rejeu que le canal REST), joint par le vrai
``RasaClient``. Les tests de ``bridge.conversation`` passent avec
l'environnement de Rasa ; ceux du robot demandent matrix-nio (``.venv-bridge``).
"""
from __future__ import annotations

import asyncio
import re
import threading
from http.server import ThreadingHTTPServer

import pytest

from bridge.config import from_env
from bridge.conversation import message_id, reply_txn_id, sender_id

from .rasa_proxy import State, make_handler
from .test_fiche_files import BASE_ENV, FakeRoom

SECRET = b"s" * 32
# Ce que le canal REST accepte (channels/guard.py, _MESSAGE_ID).
REST_MESSAGE_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
ROOM, USER = "!salon:exemple.fr", "@testeur:exemple.fr"


def test_message_id_is_valid_for_rest_stable_and_per_event():
    event = "$Hx7Qk1vZ-abc_DEF:exemple.fr"
    mid = message_id(SECRET, event)
    assert REST_MESSAGE_ID.fullmatch(mid) and re.fullmatch(r"mx-[0-9a-f]{40}", mid)
    assert mid == message_id(SECRET, event)
    assert mid != message_id(SECRET, "$autre:exemple.fr")
    assert mid != message_id(b"t" * 32, event)           # propre à l'installation
    assert mid != sender_id(SECRET, event, "")           # pas l'identifiant d'une conversation
    assert "exemple" not in mid and "Hx7Qk1vZ" not in mid
    with pytest.raises(ValueError):
        message_id(b"", event)


def test_reply_transaction_ids_are_per_event_and_part():
    a = reply_txn_id("$1:exemple.fr", "reponse")
    assert a == reply_txn_id("$1:exemple.fr", "reponse")
    assert a != reply_txn_id("$2:exemple.fr", "reponse")
    # La vraie réponse donnée après « service indisponible » n'est pas prise pour elle.
    assert a != reply_txn_id("$1:exemple.fr", "indisponible")
    assert reply_txn_id("$1:exemple.fr", "fiche-0") != reply_txn_id("$1:exemple.fr", "fiche-1")
    assert re.fullmatch(r"[A-Za-z0-9._-]{1,255}", a)      # pas d'échappement dans l'URL


@pytest.fixture
def fake_rasa():
    """Le Rasa factice de rasa_proxy.py sur un port libre."""
    state = State(None)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def bridge(tmp_path, fake_rasa):
    nio = pytest.importorskip("nio")
    from bridge.client import Bridge

    state, url = fake_rasa
    config = from_env({**BASE_ENV, "MATRIX_STORE_DIR": str(tmp_path / "store"),
                       "BRIDGE_ROOM_MIN_INTERVAL": "0", "RASA_URL": url, "BRIDGE_FICHE_FILES": "0"})
    made = Bridge(config, SECRET)
    made.client.rooms[ROOM] = FakeRoom(encrypted=False)
    published = {}          # le serveur Matrix : une transaction est publiée une fois
    made.sent = []

    async def room_send(room_id, message_type, content, tx_id=None, ignore_unverified_devices=False):
        made.sent.append(tx_id)
        if tx_id not in published:
            published[tx_id] = content
        return nio.RoomSendResponse(f"$r{list(published).index(tx_id)}", room_id)

    made.client.room_send = room_send
    made.published = published
    yield made
    asyncio.run(made.client.close())


def test_an_event_handled_twice_is_answered_and_counted_once(bridge, fake_rasa):
    from bridge.client import Incoming

    state, _ = fake_rasa

    async def twice():
        for event in ("$1:exemple.fr", "$1:exemple.fr", "$2:exemple.fr"):
            await bridge._handle(ROOM, Incoming(USER, "Bonjour", event))
        await bridge.rasa.close()

    asyncio.run(twice())
    sent = state.requests
    assert [r["message"] for r in sent] == ["Bonjour"] * 3
    assert sent[0]["message_id"] == sent[1]["message_id"] == message_id(SECRET, "$1:exemple.fr")
    assert sent[2]["message_id"] == message_id(SECRET, "$2:exemple.fr")
    # La copie reçoit de Rasa les réponses de la première fois, sans être traitée.
    assert [r["replayed"] for r in sent] == [False, True, False]
    # Même transaction pour la réponse à la copie : une seule publication par événement.
    assert bridge.sent[0] == bridge.sent[1] != bridge.sent[2]
    assert len(bridge.published) == 2
    assert all("Bonjour" in c["body"] for c in bridge.published.values())


def test_the_real_answer_follows_service_unavailable(bridge, fake_rasa):
    """Rasa arrêté au premier passage : « service indisponible » ; au second,
    la vraie réponse est publiée (autre transaction)."""
    from bridge.client import Incoming

    state, _ = fake_rasa

    async def twice():
        state.down = True
        await bridge._handle(ROOM, Incoming(USER, "Bonjour", "$1:exemple.fr"))
        state.down = False
        await bridge._handle(ROOM, Incoming(USER, "Bonjour", "$1:exemple.fr"))
        await bridge.rasa.close()

    asyncio.run(twice())
    bodies = [c["body"] for c in bridge.published.values()]
    assert len(bodies) == 2
    assert "indisponible" in bodies[0] and "Bonjour" in bodies[1]
