"""Test de bout en bout du pont Matrix : vrai Synapse, vrai Rasa, vrai pont.

Lancé par ``scripts/test-matrix.sh`` (``MATRIX_E2E=1``, environnement
``.venv-bridge`` qui a matrix-nio) ; ignoré ailleurs. Un compte « testeur »
(client matrix-nio avec chiffrement) invite le robot et lui parle dans un
salon non chiffré puis dans un salon chiffré.

Variables : ``MATRIX_TEST_FAKE_RASA=1`` remplace Rasa par le Rasa factice de
``rasa_proxy.py`` ; ``MATRIX_TEST_DIR`` garde le dossier de travail (journaux
dans ``<dossier>/logs``) ; ``MATRIX_TEST_MODEL`` choisit le modèle.
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
import time
import urllib.request
from pathlib import Path

import pytest

if not os.environ.get("MATRIX_E2E"):
    pytest.skip("test Matrix de bout en bout : lancer scripts/test-matrix.sh", allow_module_level=True)
nio = pytest.importorskip("nio")

from nio import (  # noqa: E402
    AsyncClient,
    AsyncClientConfig,
    LoginResponse,
    MegolmEvent,
    MemoryDownloadResponse,
    RoomCreateResponse,
    RoomEncryptedFile,
    RoomMessageFile,
    RoomMessageNotice,
    RoomMessageText,
    RoomSendResponse,
)
from nio.crypto.attachments import decrypt_attachment  # noqa: E402
from nio.store import SqliteStore  # noqa: E402

from . import harness  # noqa: E402
from .harness import REPO, Stack, http_json  # noqa: E402

pytestmark = pytest.mark.slow

CHOICE_HINT = "Répondez par le numéro ou le texte du choix."
UNAVAILABLE = "Le service est momentanément indisponible, réessayez dans quelques instants."
BOT, BOT_PASSWORD = "amo-bot", "bot-password-e2e"
TESTER, TESTER_PASSWORD = "testeur", "tester-password-e2e"
BOT_DEVICE = "AMOBRIDGE"
REPLY_TIMEOUT = 90  # s ; le premier message fait charger les composants de Rasa


# ---------------------------------------------------------------------------
# Mise en place


class Env:
    """Ce que le test a démarré et où."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.stack = Stack(root)
        self.fake = bool(os.environ.get("MATRIX_TEST_FAKE_RASA"))
        self.hs_port = harness.pick_port(18008)
        self.actions_port = harness.pick_port(5355)
        self.rasa_port = harness.pick_port(5305)
        self.proxy_port = harness.pick_port(5399)
        self.homeserver = f"http://127.0.0.1:{self.hs_port}"
        self.proxy = f"http://127.0.0.1:{self.proxy_port}"
        self.store = root / "bridge-store"
        self.synapse_config: list = []
        self.bot_id = self.tester_id = ""

    def bridge_env(self) -> dict:
        return {
            "MATRIX_HOMESERVER": self.homeserver,
            "MATRIX_USER_ID": self.bot_id,
            "MATRIX_PASSWORD": BOT_PASSWORD,
            "MATRIX_DEVICE_ID": BOT_DEVICE,
            "MATRIX_STORE_DIR": str(self.store),
            "RASA_URL": self.proxy,
            "BRIDGE_MAX_BACKOFF": "2",
            "BRIDGE_LOG_LEVEL": "INFO",
            # Les liens disent « localhost » ; le pont télécharge par 127.0.0.1.
            "FICHES_PUBLIC_URL": harness.fiches_public_url(self.actions_port),
            "BRIDGE_FICHES_URL": f"http://127.0.0.1:{self.actions_port}",
        }

    def start_bridge(self) -> None:
        offset = self.stack.log_size("bridge")
        harness.start_bridge(self.stack, self.bridge_env())
        self.stack.wait_log("bridge", "Prêt :", 60, after=offset)

    def requests(self) -> list:
        """Ce que le pont a envoyé à Rasa (journal du proxy)."""
        return http_json("GET", f"{self.proxy}/_requests")

    def rasa_down(self, down: bool) -> None:
        http_json("POST", f"{self.proxy}/_control", {"down": down})


@pytest.fixture(scope="module")
def env():
    keep = os.environ.get("MATRIX_TEST_DIR")
    root = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="matrix-e2e-"))
    if keep and root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    e = Env(root)
    try:
        t0 = time.monotonic()
        if not e.fake:
            # Rasa est long à démarrer : il se charge pendant la mise en place de Synapse.
            model = Path(os.environ.get("MATRIX_TEST_MODEL", REPO / "models/current.tar.gz"))
            if not model.is_file():
                pytest.fail(f"Modèle absent : {model} (make train, ou MATRIX_TEST_FAKE_RASA=1)")
            harness.start_rasa(e.stack, e.actions_port, e.rasa_port, model)
        e.synapse_config = harness.setup_synapse(root, e.hs_port)
        harness.start_synapse(e.stack, e.synapse_config, e.hs_port)
        e.bot_id = harness.register_user(e.hs_port, BOT, BOT_PASSWORD)
        e.tester_id = harness.register_user(e.hs_port, TESTER, TESTER_PASSWORD)
        print(f"\nSynapse prêt en {time.monotonic() - t0:.1f} s sur {e.homeserver}")
        if e.fake:
            harness.start_proxy(e.stack, e.proxy_port, None)
        else:
            harness.wait_rasa(e.stack, e.actions_port, e.rasa_port)
            print(f"Rasa prêt après {time.monotonic() - t0:.1f} s")
            harness.start_proxy(e.stack, e.proxy_port, f"http://127.0.0.1:{e.rasa_port}")
        e.start_bridge()
        print(f"Pile complète en {time.monotonic() - t0:.1f} s ({'Rasa factice' if e.fake else 'vrai Rasa'})")
        yield e
    finally:
        e.stack.stop_all()
        if not keep:
            shutil.rmtree(root, ignore_errors=True)


class MatrixUser:
    """Un utilisateur humain simulé : client matrix-nio avec chiffrement."""

    def __init__(self, e: Env) -> None:
        self.env = e
        store = e.root / "tester-store"
        store.mkdir(exist_ok=True)
        self.client = AsyncClient(
            e.homeserver, e.tester_id, device_id="TESTERDEVICE", store_path=str(store),
            config=AsyncClientConfig(store=SqliteStore, encryption_enabled=True, max_timeouts=3,
                                     request_timeout=30),
        )
        self.inbox: dict = {}  # salon -> [événements du robot]
        self.client.add_event_callback(self._collect, (RoomMessageText, RoomMessageNotice, MegolmEvent,
                                                       RoomMessageFile, RoomEncryptedFile))

    async def _collect(self, room, event) -> None:
        if event.sender != self.client.user_id:
            self.inbox.setdefault(room.room_id, []).append(event)

    async def login(self) -> None:
        resp = await self.client.login(TESTER_PASSWORD, device_name="testeur")
        assert isinstance(resp, LoginResponse), resp
        await self.tick(0)

    async def tick(self, timeout_ms: int = 1000) -> None:
        """Une synchronisation et ce que le chiffrement demande ensuite."""
        c = self.client
        try:
            await asyncio.wait_for(c.sync(timeout=timeout_ms), timeout_ms / 1000 + 30)
        except (asyncio.TimeoutError, OSError, nio.exceptions.LocalProtocolError) as exc:
            print(f"sync du testeur : {exc!r}")
            await asyncio.sleep(0.5)
            return
        except Exception as exc:  # noqa: BLE001 - serveur arrêté pendant le test de reconnexion
            print(f"sync du testeur : {exc!r}")
            await asyncio.sleep(0.5)
            return
        await c.send_to_device_messages()
        if c.should_upload_keys:
            await c.keys_upload()
        if c.should_query_keys:
            await c.keys_query()
        if c.should_claim_keys:
            await c.keys_claim(c.get_users_for_key_claiming())

    async def until(self, predicate, timeout: float, what: str):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = predicate()
            if result:
                return result
            await self.tick(1000)
        raise AssertionError(f"{what} : rien en {timeout:.0f} s\n--- journal du pont ---\n"
                             + self.env.stack.log_tail("bridge"))

    async def create_room(self, encrypted: bool, invite_bot: bool = True, before: str = "") -> str:
        state = [{"type": "m.room.encryption", "state_key": "",
                  "content": {"algorithm": "m.megolm.v1.aes-sha2"}}] if encrypted else []
        resp = await self.client.room_create(name="Test " + ("chiffré" if encrypted else "clair"),
                                             is_direct=True, initial_state=state)
        assert isinstance(resp, RoomCreateResponse), resp
        room_id = resp.room_id
        await self.until(lambda: room_id in self.client.rooms, 20, "salon créé")
        if before:
            await self.send(room_id, before)
        if invite_bot:
            await self.invite_bot(room_id)
        return room_id

    async def invite_bot(self, room_id: str) -> None:
        resp = await self.client.room_invite(room_id, self.env.bot_id)
        assert not isinstance(resp, nio.RoomInviteError), resp
        await self.until(lambda: self.env.bot_id in self.client.rooms[room_id].users
                         and not self.client.rooms[room_id].users[self.env.bot_id].invited,
                         30, "le robot rejoint le salon")

    async def send(self, room_id: str, text: str, msgtype: str = "m.text") -> None:
        room = self.client.rooms[room_id]
        if room.encrypted:
            if self.client.should_query_keys:
                await self.client.keys_query()
            for user in room.users:  # le testeur fait confiance aux appareils du salon
                for device in self.client.device_store.active_user_devices(user):
                    if not device.verified:
                        self.client.verify_device(device)
        resp = await self.client.room_send(room_id, "m.room.message", {"msgtype": msgtype, "body": text},
                                           ignore_unverified_devices=True)
        assert isinstance(resp, RoomSendResponse), resp

    def received(self, room_id: str) -> list:
        return [e for e in self.inbox.get(room_id, []) if e.sender == self.env.bot_id]

    async def ask(self, room_id: str, text: str, timeout: float = REPLY_TIMEOUT):
        """Envoie ``text`` et renvoie la réponse suivante du robot."""
        count = len(self.received(room_id))
        await self.send(room_id, text)
        replies = await self.until(lambda: self.received(room_id)[count:], timeout,
                                   f"réponse du robot à « {text} »")
        return replies[0]

    async def close(self) -> None:
        await self.client.close()


@pytest.fixture(scope="module")
def loop():
    lp = asyncio.new_event_loop()
    yield lp
    lp.close()


@pytest.fixture(scope="module")
def tester(env, loop):
    t = MatrixUser(env)
    loop.run_until_complete(asyncio.wait_for(t.login(), 60))
    yield t
    loop.run_until_complete(t.close())


def run(loop, coro, timeout: float = 300):
    return loop.run_until_complete(asyncio.wait_for(coro, timeout))


def relayed(env: Env, sender: str) -> list:
    return [r["message"] for r in env.requests() if r["sender"] == sender]


def text_of(event) -> str:
    assert isinstance(event, RoomMessageText), f"réponse illisible : {event!r}"
    return event.body


@pytest.fixture(scope="module")
def plain_room(env, tester, loop):
    """Salon non chiffré ; un message y est écrit avant l'arrivée du robot."""
    return run(loop, tester.create_room(encrypted=False, before="Message écrit avant l'arrivée du robot"))


@pytest.fixture(scope="module")
def encrypted_room(env, tester, loop):
    return run(loop, tester.create_room(encrypted=True))


@pytest.fixture
def fresh_room(env, tester, loop):
    """Un nouveau salon non chiffré, donc une conversation Rasa neuve (le vrai
    Rasa répond selon l'état de la conversation : diagnostic en cours…)."""
    return run(loop, tester.create_room(encrypted=False))


# ---------------------------------------------------------------------------
# Tests


def test_greeting_and_numbered_choice_in_plain_room(env, tester, loop, plain_room):
    reply = run(loop, tester.ask(plain_room, "Bonjour"))
    body = text_of(reply)
    assert "assistant à maîtrise d'ouvrage" in body
    assert re.search(r"^1\. Faire le diagnostic$", body, re.M), body
    assert re.search(r"^2\. \S", body, re.M), body
    assert CHOICE_HINT in body
    content = reply.source["content"]
    assert content["format"] == "org.matrix.custom.html"
    assert "<ol><li>Faire le diagnostic</li>" in content["formatted_body"]

    reply = run(loop, tester.ask(plain_room, "1"))
    assert "structure" in text_of(reply).lower()

    # Ce que Rasa a reçu : « 1 » est devenu le payload du bouton, l'identifiant
    # est un HMAC, et le message écrit avant l'arrivée du robot n'a pas été relayé.
    senders = {r["sender"] for r in env.requests()}
    mine = [s for s in senders if relayed(env, s)[:1] == ["Bonjour"]]
    assert len(mine) == 1, env.requests()
    sender = mine[0]
    assert re.fullmatch(r"mx-[0-9a-f]{64}", sender)
    assert TESTER not in sender
    assert relayed(env, sender) == ["Bonjour", "/start_diagnostic"]


def test_markdown_becomes_html(env, tester, loop, fresh_room):
    reply = run(loop, tester.ask(fresh_room, "/help"))
    content = reply.source["content"]
    html = content["formatted_body"]
    assert "<strong>" in html and "<ul>" in html, html
    assert "**" not in content["body"]
    assert "<strong>" not in content["body"]


def test_notices_and_own_messages_are_ignored(env, tester, loop, fresh_room):
    before = len(env.requests())
    run(loop, tester.send(fresh_room, "Bonjour (notice d'un autre robot)", msgtype="m.notice"))
    reply = run(loop, tester.ask(fresh_room, "Bonjour"))
    assert "assistant à maîtrise d'ouvrage" in text_of(reply)
    run(loop, tester.ask(fresh_room, "1"))
    # Seuls les deux messages du testeur sont partis vers Rasa : ni la notice
    # (traitée avant eux, la file du salon gardant l'ordre), ni les réponses du robot.
    assert [r["message"] for r in env.requests()[before:]] == ["Bonjour", "/start_diagnostic"]


def test_replies_are_spaced_per_room(env, tester, loop, plain_room):
    count = len(tester.received(plain_room))

    async def burst():
        for text in ("Bonjour", "Bonjour", "Bonjour"):
            await tester.send(plain_room, text)
        return await tester.until(lambda: len(tester.received(plain_room)) >= count + 3,
                                  REPLY_TIMEOUT, "trois réponses")

    run(loop, burst())
    replies = tester.received(plain_room)[count:count + 3]
    stamps = [r.server_timestamp for r in replies]
    gaps = [b - a for a, b in zip(stamps, stamps[1:])]
    assert all(gap >= 900 for gap in gaps), gaps


def test_encrypted_room(env, tester, loop, encrypted_room):
    reply = run(loop, tester.ask(encrypted_room, "Bonjour"))
    assert reply.decrypted, "la réponse du robot aurait dû être chiffrée"
    body = text_of(reply)
    assert "assistant à maîtrise d'ouvrage" in body
    assert "1. Faire le diagnostic" in body
    # Le titre du choix, sans la casse ni les accents, vaut le numéro.
    reply = run(loop, tester.ask(encrypted_room, "FAIRE LE DIAGNOSTÌC"))
    assert reply.decrypted
    assert "structure" in text_of(reply).lower()


def test_rasa_down_then_back(env, tester, loop, fresh_room):
    env.rasa_down(True)
    try:
        reply = run(loop, tester.ask(fresh_room, "Bonjour"))
        assert text_of(reply) == UNAVAILABLE
    finally:
        env.rasa_down(False)
    reply = run(loop, tester.ask(fresh_room, "Bonjour"))
    assert "assistant à maîtrise d'ouvrage" in text_of(reply)


def _bot_devices(env: Env) -> set:
    return {d["device_id"] for d in _bot_get(env, "/_matrix/client/v3/devices")["devices"]}


def test_restart_reuses_token_and_keys(env, tester, loop, encrypted_room):
    devices = _bot_devices(env)  # AMOBRIDGE et celui de register_new_matrix_user
    assert BOT_DEVICE in devices
    assert env.stack.stop("bridge") == 0, env.stack.log_tail("bridge")
    creds = env.store / "credentials.json"
    assert creds.is_file() and oct(creds.stat().st_mode & 0o777) == "0o600"
    # Écrit pendant l'arrêt : ne doit pas recevoir de réponse après le redémarrage.
    run(loop, tester.send(encrypted_room, "Message écrit pendant l'arrêt du robot"))
    offset = env.stack.log_size("bridge")
    env.start_bridge()
    log = (env.stack.logs / "bridge.log").read_bytes()[offset:].decode()
    assert "Session reprise (enregistré)" in log, log
    assert "Connecté par mot de passe" not in log

    # Même salon chiffré qu'avant l'arrêt : les clés ont survécu au redémarrage.
    # (Le diagnostic y est commencé : le vrai Rasa propose de le poursuivre.)
    reply = run(loop, tester.ask(encrypted_room, "Bonjour"))
    assert reply.decrypted
    body = text_of(reply)
    assert "assistant à maîtrise d'ouvrage" in body or "structure" in body, body
    assert not any("pendant l'arrêt" in r["message"] for r in env.requests())

    # Le redémarrage n'a pas créé d'appareil : même appareil, mêmes clés.
    assert _bot_devices(env) == devices


def test_reconnects_after_homeserver_restart(env, tester, loop, fresh_room):
    offset = env.stack.log_size("bridge")
    env.stack.stop("synapse")
    time.sleep(3)  # le pont perd la connexion et réessaie
    harness.start_synapse(env.stack, env.synapse_config, env.hs_port)
    reply = run(loop, tester.ask(fresh_room, "Bonjour", timeout=120))
    assert "assistant à maîtrise d'ouvrage" in text_of(reply)
    log = (env.stack.logs / "bridge.log").read_bytes()[offset:].decode()
    assert "Synchronisation impossible" in log or "Erreur de synchronisation" in log, log[-3000:]
    assert "Connexion au serveur Matrix rétablie" in log
    assert env.stack.alive("bridge")


def test_a_message_seen_by_two_bridges_is_answered_and_counted_once(env, tester, loop, plain_room):
    """Déploiement qui chevauche l'ancien pont : deux processus, même compte,
    même appareil, même magasin (copié), voient le même message. Rasa le
    reconnaît à son message_id (la copie reçoit les réponses déjà données,
    sans être traitée), Synapse à l'identifiant de transaction de la réponse
    (publiée une fois)."""
    assert env.stack.stop("bridge") == 0, env.stack.log_tail("bridge")
    second_store = env.root / "bridge-store-2"
    shutil.rmtree(second_store, ignore_errors=True)
    shutil.copytree(env.store, second_store)
    env.start_bridge()
    offset = env.stack.log_size("bridge2")
    harness.start_bridge(env.stack, {**env.bridge_env(), "MATRIX_STORE_DIR": str(second_store)}, "bridge2")
    try:
        env.stack.wait_log("bridge2", "Prêt :", 60, after=offset)
        count, before = len(tester.received(plain_room)), len(env.requests())
        text = "Bonjour, deux ponts écoutent"

        async def both_relay():
            await tester.send(plain_room, text)
            await tester.until(lambda: len([r for r in env.requests()[before:] if r["message"] == text]) == 2
                               and tester.received(plain_room)[count:], REPLY_TIMEOUT,
                               "les deux ponts relaient le message")
            for _ in range(5):          # une seconde réponse aurait le temps d'arriver
                await tester.tick(1000)

        run(loop, both_relay())
        replies = tester.received(plain_room)[count:]
        assert len(replies) == 1, [text_of(r) for r in replies]
        relays = [r for r in env.requests()[before:] if r["message"] == text]
        assert relays[0]["sender"] == relays[1]["sender"]
        assert relays[0]["message_id"] == relays[1]["message_id"]
        assert re.fullmatch(r"mx-[0-9a-f]{40}", relays[0]["message_id"]), relays
        if env.fake:        # le Rasa factice rejoue comme le canal REST
            assert sorted(r["replayed"] for r in relays) == [False, True]
    finally:
        env.stack.stop("bridge2")


def _bot_get(env: Env, path: str):
    token = json.loads((env.store / "credentials.json").read_text())["access_token"]
    req = urllib.request.Request(f"{env.homeserver}{path}", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


def test_bot_leaves_a_room_where_it_is_alone(env, tester, loop):
    room_id = run(loop, tester.create_room(encrypted=False))
    assert room_id in _bot_get(env, "/_matrix/client/v3/joined_rooms")["joined_rooms"]
    run(loop, tester.client.room_leave(room_id))
    deadline = time.monotonic() + 30
    while room_id in _bot_get(env, "/_matrix/client/v3/joined_rooms")["joined_rooms"]:
        assert time.monotonic() < deadline, "le robot est resté seul dans le salon"
        time.sleep(0.5)


# ---------------------------------------------------------------------------
# Fiche de cadrage en fichier

PROFILE = "je suis maire d'une commune de 800 habitants et on a 30 000 € pour une étude énergie"
# Les questions qui restent après ce premier message (voir tests/conversation).
DIAGNOSTIC = ["on manque de compétences techniques", "ponctuel", "une chargée de mission à mi-temps",
              "oui le syndicat d'énergie mais ils ne peuvent pas"]
LAST_ANSWER = "oui le maire porte le projet"
SUMMARY = "envoyez-moi la synthèse"
FICHE_FILE = re.compile(r"fiche-de-cadrage-\d{4}-\d{2}-\d{2}\.pdf")
FICHE_LINK = re.compile(r"/fiches/([A-Za-z0-9_-]{22})\.pdf")
FILE_EVENTS = (RoomMessageFile, RoomEncryptedFile)
FICHE_TIMEOUT = REPLY_TIMEOUT + 60  # le PDF est produit à la première demande


def pdf_text(data: bytes, root: Path) -> str:
    path = root / "fiche-recue.pdf"
    path.write_bytes(data)
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    text = unicodedata.normalize("NFKC", done.stdout.decode("utf-8"))  # espaces insécables → espaces
    return " ".join(text.split())


def diagnose(env: Env, tester: MatrixUser, loop, encrypted: bool) -> str:
    """Un salon neuf et le diagnostic jusqu'à sa dernière question ; renvoie le salon."""
    if env.fake:
        pytest.skip("la fiche de cadrage demande le vrai Rasa et le serveur d'actions")
    room = run(loop, tester.create_room(encrypted=encrypted))
    for text in [PROFILE] + DIAGNOSTIC:
        run(loop, tester.ask(room, text))
    return room


def fiche_after(env: Env, tester: MatrixUser, loop, room: str, text: str):
    """Envoie ``text`` et attend la fiche : (message texte, événement fichier, id de la fiche)."""
    count = len(tester.received(room))
    run(loop, tester.send(room, text))
    events = run(loop, tester.until(
        lambda: any(isinstance(e, FILE_EVENTS) for e in tester.received(room)[count:])
        and tester.received(room)[count:], FICHE_TIMEOUT, f"la fiche de cadrage en fichier après « {text} »"))
    texts = [e for e in events if isinstance(e, RoomMessageText)]
    files = [e for e in events if isinstance(e, FILE_EVENTS)]
    assert len(texts) == 1 and len(files) == 1, events
    link = FICHE_LINK.search(texts[0].body)
    assert link, texts[0].body                  # le lien reste dans le texte
    assert events.index(texts[0]) < events.index(files[0])
    return texts[0], files[0], link.group(1)


def check_fiche(env: Env, event, fiche_id: str, data: bytes) -> None:
    content = event.source["content"]
    assert content["msgtype"] == "m.file"
    assert FICHE_FILE.fullmatch(content["body"]) and content["filename"] == content["body"], content
    assert content["info"] == {"mimetype": "application/pdf", "size": len(data)}
    assert data.startswith(b"%PDF-")
    text = pdf_text(data, env.root)
    assert "Fiche de cadrage" in text, text[:500]
    assert "Commune" in text and "800 habitants" in text, text[:1500]
    assert "30 000 € HT" in text, text[:1500]
    assert "Ponctuel" in text and "Expertise" in text, text[:1500]
    # Même fiche que celle du lien, et le journal du pont ne contient pas son identifiant.
    assert (env.root / "fiches" / f"{fiche_id}.pdf").read_bytes() == data
    log = (env.stack.logs / "bridge.log").read_text(errors="replace")
    assert "Fiche de cadrage jointe en PDF" in log, log[-3000:]
    assert fiche_id not in log
    print(f"\nFiche reçue dans Matrix : {content['body']}, {len(data)} octets")


def download_encrypted(tester: MatrixUser, loop, event) -> bytes:
    assert isinstance(event, RoomEncryptedFile), event
    assert event.decrypted
    content = event.source["content"]
    assert "url" not in content and content["file"]["url"].startswith("mxc://"), content
    resp = run(loop, tester.client.download(mxc=event.url))
    assert isinstance(resp, MemoryDownloadResponse), resp
    assert not resp.body.startswith(b"%PDF")        # le serveur Matrix n'a que le chiffré
    return decrypt_attachment(resp.body, event.key["k"], event.hashes["sha256"], event.iv)


def test_fiche_arrives_as_an_encrypted_file(env, tester, loop):
    room = diagnose(env, tester, loop, encrypted=True)
    # Fin du diagnostic : conseil, lien de la fiche, puis le PDF en fichier chiffré.
    text, event, fiche_id = fiche_after(env, tester, loop, room, LAST_ANSWER)
    assert text.decrypted
    assert "Faire appel à un assistant à maîtrise d'ouvrage" in text.body
    check_fiche(env, event, fiche_id, download_encrypted(tester, loop, event))
    # Sur demande, une nouvelle fiche, jointe de la même façon.
    text, event, second_id = fiche_after(env, tester, loop, room, SUMMARY)
    assert second_id != fiche_id
    check_fiche(env, event, second_id, download_encrypted(tester, loop, event))


def test_fiche_arrives_as_a_plain_file_in_an_unencrypted_room(env, tester, loop):
    room = diagnose(env, tester, loop, encrypted=False)
    text, event, fiche_id = fiche_after(env, tester, loop, room, LAST_ANSWER)
    assert isinstance(event, RoomMessageFile), event
    assert "file" not in event.source["content"]
    resp = run(loop, tester.client.download(mxc=event.url))
    assert isinstance(resp, MemoryDownloadResponse), resp
    check_fiche(env, event, fiche_id, resp.body)
