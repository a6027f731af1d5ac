"""Le robot Matrix : connexion, invitations, relais vers Rasa, réponses chiffrées.

Politique de confiance (robot) : les appareils des membres des salons où le
robot répond sont approuvés automatiquement (« trust on first use ») et
enregistrés comme tels dans le magasin de clés. Le robot peut ainsi chiffrer
ses réponses pour eux sans vérification interactive (impossible pour un
programme). Conséquence assumée : un appareil ajouté au compte d'un membre
(par lui, ou par un serveur compromis) reçoit aussi les réponses du robot, qui
ne contiennent que des informations générales sur le recours à un AMO. Un
appareil mis sur liste noire dans le magasin n'est jamais réapprouvé.

Le robot ne répond :
- ni à ses propres messages ;
- ni aux messages antérieurs à son démarrage (la première synchronisation
  sert de point de départ : tout ce qu'elle contient est ignoré) ;
- ni, dans un salon qu'il vient de rejoindre, aux messages antérieurs à son
  arrivée ;
- ni aux « notices » (m.notice, convention des robots) ni aux modifications
  de messages (m.replace).

Un même événement n'est relayé qu'une fois par processus (mémoire des 2 000
derniers). Après un redémarrage, la première synchronisation reprend au jeton
enregistré (nio l'enregistre avant de traiter les événements) et tout ce
qu'elle contient est ignoré : rien n'est rejoué. Reste un événement vu par deux
processus du pont à la fois (déploiement qui chevauche l'ancien) : Rasa le
reconnaît à son ``message_id`` (ni traité ni compté deux fois) et le serveur
Matrix à l'identifiant de transaction des réponses (publiées une fois).

Fiche de cadrage : quand la réponse de Rasa en contient une (élément
``custom.fiche``), le robot envoie d'abord le texte (qui porte le lien), puis
le PDF en fichier ``m.file`` (chiffré dans un salon chiffré), téléchargé depuis
le seul serveur des fiches configuré (voir ``bridge/fiche.py``). Si le
téléchargement ou le dépôt échoue, le lien du texte reste.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import html
import json
import logging
import signal
import time
import uuid
from collections import deque
from dataclasses import dataclass
from typing import Deque, Dict, Optional, Set
from urllib.parse import quote

import aiohttp
from nio import (
    AsyncClient,
    AsyncClientConfig,
    InviteMemberEvent,
    JoinError,
    KeysUploadError,
    LocalProtocolError,
    LoginError,
    MatrixRoom,
    MegolmEvent,
    RoomMemberEvent,
    RoomMessageText,
    RoomSendResponse,
    SyncError,
    SyncResponse,
    WhoamiError,
)
from nio.crypto import ENCRYPTION_ENABLED
from nio.store import SqliteStore

from bridge.config import Config, ConfigError, ensure_store_dir, write_private
from bridge.conversation import ChoiceMemory, message_id, reply_txn_id, sender_id
from bridge.fiche import FicheFetcher, FicheUnavailable, fiche_filename, fiche_pdf_links, upload_fiche
from bridge.formatting import (
    Reply,
    format_response,
    resolve_choice,
    strip_reply_fallback,
    unavailable_reply,
)
from bridge.rasa import RasaClient, RasaUnavailable
from bridge.ratelimit import Backoff, RoomQueues, RoomRateLimiter

log = logging.getLogger("bridge")

SYNC_TIMEOUT_MS = 30_000
# Au-delà, un appel au serveur Matrix est abandonné (le réseau ne répond plus).
CALL_TIMEOUT = SYNC_TIMEOUT_MS / 1000 + 60
MAX_INPUT_CHARS = 2000
UNDECRYPTABLE_TEXT = ("Je n'ai pas pu déchiffrer votre message. "
                      "Pouvez-vous le renvoyer ?")
# Première synchronisation : seul l'état compte (ses messages sont ignorés).
FIRST_SYNC_FILTER = {"room": {"timeline": {"limit": 1}}, "presence": {"types": []}}
SYNC_FILTER = {"presence": {"types": []}}
NETWORK_ERRORS = (aiohttp.ClientError, asyncio.TimeoutError, OSError)


@dataclass(frozen=True)
class Incoming:
    user_id: str
    body: str
    event_id: str


class Bridge:
    def __init__(self, config: Config, secret: bytes, rasa: Optional[RasaClient] = None) -> None:
        if not ENCRYPTION_ENABLED:
            raise ConfigError("Chiffrement indisponible : installez matrix-nio[e2e] (vodozemac).")
        self.config = config
        self.secret = secret
        self.rasa = rasa or RasaClient(config.rasa_url, config.rasa_timeout)
        self.fiches: Optional[FicheFetcher] = (
            FicheFetcher(config.fiches_public_url, config.fiches_url, config.fiche_timeout)
            if config.fiche_files else None)
        ensure_store_dir(config.store_dir)
        self.client = AsyncClient(
            config.homeserver,
            config.user_id,
            device_id=config.device_id,
            store_path=str(config.store_dir),
            config=AsyncClientConfig(
                store=SqliteStore,
                encryption_enabled=True,
                store_sync_tokens=True,
                max_timeouts=2,
                max_limit_exceeded=5,
                request_timeout=60,
            ),
        )
        self.limiter = RoomRateLimiter(config.room_min_interval)
        self.queues = RoomQueues(self._handle)
        self.choices = ChoiceMemory()
        self.ready = False
        self._stopping = asyncio.Event()
        self._inflight: Set[asyncio.Future] = set()
        self._pending_invites: Dict[str, str] = {}
        self._awaiting_join: Set[str] = set()
        self._seen: Deque[str] = deque(maxlen=2000)
        self._seen_set: Set[str] = set()
        self._undecryptable_notice: Dict[str, float] = {}
        self._tasks: Set[asyncio.Task] = set()

    # ------------------------------------------------------------------
    # Connexion

    def _load_credentials(self) -> Optional[dict]:
        path = self.config.credentials_path
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            log.warning("Fichier %s illisible : ignoré", path)
            return None
        if data.get("homeserver") != self.config.homeserver or data.get("user_id") != self.config.user_id:
            log.info("Jeton enregistré pour un autre compte ou serveur : ignoré")
            return None
        if not data.get("access_token") or not data.get("device_id"):
            return None
        return data

    def _save_credentials(self) -> None:
        data = {
            "homeserver": self.config.homeserver,
            "user_id": self.client.user_id,
            "device_id": self.client.device_id,
            "access_token": self.client.access_token,
        }
        write_private(self.config.credentials_path, json.dumps(data, indent=2) + "\n")

    def _forget_credentials(self) -> None:
        try:
            self.config.credentials_path.unlink()
        except FileNotFoundError:
            pass

    async def _call(self, coro, timeout: float = CALL_TIMEOUT):
        """Un appel au serveur, abandonné après ``timeout`` s ou à l'arrêt
        (``stop()`` annule les appels en cours : l'appelant reçoit CancelledError)."""
        future = asyncio.ensure_future(asyncio.wait_for(coro, timeout))
        self._inflight.add(future)
        try:
            return await future
        finally:
            self._inflight.discard(future)

    async def _restore(self, token: str, device_id: Optional[str], source: str) -> bool:
        """Reprend une session existante ; ``False`` si le serveur refuse le jeton."""
        self.client.access_token = token
        resp = await self._call(self.client.whoami())
        if isinstance(resp, WhoamiError):
            self.client.access_token = ""
            if resp.status_code in ("M_UNKNOWN_TOKEN", "M_MISSING_TOKEN", "M_FORBIDDEN"):
                log.warning("Jeton (%s) refusé par le serveur : %s", source, resp.message)
                return False
            raise ConnectionError(f"whoami : {resp.status_code} {resp.message}")
        if resp.user_id != self.config.user_id:
            raise ConfigError(f"Le jeton ({source}) appartient à {resp.user_id}, "
                              f"pas à MATRIX_USER_ID={self.config.user_id}.")
        device = resp.device_id or device_id or self.config.device_id
        if device != self.config.device_id:
            log.warning("L'appareil du jeton (%s) n'est pas MATRIX_DEVICE_ID (%s) : "
                        "le magasin de clés de %s est utilisé", device, self.config.device_id, device)
        self.client.restore_login(resp.user_id, device, token)
        log.info("Session reprise (%s), appareil %s", source, device)
        return True

    async def _password_login(self) -> None:
        if not self.config.password:
            raise ConfigError("Le jeton d'accès est refusé et MATRIX_PASSWORD n'est pas défini.")
        self.client.access_token = ""
        self.client.device_id = self.config.device_id
        resp = await self._call(self.client.login(password=self.config.password,
                                                  device_name=self.config.device_name))
        if isinstance(resp, LoginError):
            if resp.status_code in ("M_FORBIDDEN", "M_USER_DEACTIVATED", "M_INVALID_USERNAME"):
                raise ConfigError(f"Connexion refusée pour {self.config.user_id} : {resp.message}")
            raise ConnectionError(f"login : {resp.status_code} {resp.message}")
        self._save_credentials()
        log.info("Connecté par mot de passe, appareil %s (jeton enregistré dans %s)",
                 self.client.device_id, self.config.credentials_path)

    async def _login_once(self) -> None:
        if self.config.access_token:
            if await self._restore(self.config.access_token, None, "MATRIX_ACCESS_TOKEN"):
                return
            if not self.config.password:
                raise ConfigError("MATRIX_ACCESS_TOKEN est refusé par le serveur.")
        stored = self._load_credentials()
        if stored:
            if await self._restore(stored["access_token"], stored["device_id"], "enregistré"):
                return
            self._forget_credentials()
        await self._password_login()

    async def login(self) -> None:
        """Se connecte, en réessayant tant que le serveur est injoignable."""
        backoff = Backoff(1.0, self.config.max_backoff)
        while True:
            if self._stopping.is_set():
                raise asyncio.CancelledError()
            try:
                await self._login_once()
            except NETWORK_ERRORS + (ConnectionError,) as exc:
                delay = backoff.next()
                log.warning("Serveur Matrix injoignable (%s) : nouvel essai dans %.0f s",
                            str(exc) or type(exc).__name__, delay)
                await self._sleep(delay)
                continue
            break
        await self._upload_keys()

    async def _upload_keys(self) -> None:
        if not self.client.should_upload_keys:
            return
        try:
            resp = await self._call(self.client.keys_upload())
        except NETWORK_ERRORS as exc:
            log.warning("Envoi des clés de chiffrement reporté : %s", str(exc) or type(exc).__name__)
            return  # la boucle de synchronisation réessaiera
        if isinstance(resp, KeysUploadError):
            log.error("Envoi des clés de chiffrement refusé (%s). Si le magasin %s a été "
                      "perdu, changez MATRIX_DEVICE_ID (ou supprimez l'appareil %s du compte).",
                      resp.message, self.config.store_dir, self.client.device_id)

    # ------------------------------------------------------------------
    # Boucle de synchronisation

    async def _sleep(self, delay: float) -> None:
        try:
            await asyncio.wait_for(self._stopping.wait(), delay)
        except asyncio.TimeoutError:
            pass

    def stop(self) -> None:
        self._stopping.set()
        for future in list(self._inflight):
            future.cancel()

    async def run(self) -> None:
        """Connexion puis synchronisation jusqu'à ``stop()``."""
        try:
            await self._run()
        except asyncio.CancelledError:
            if not self._stopping.is_set():
                raise

    async def _run(self) -> None:
        if not await self.rasa.healthy():
            log.warning("Rasa ne répond pas encore sur %s (les messages recevront "
                        "« service indisponible » tant qu'il ne répond pas)", self.config.rasa_url)
        await self.login()
        self.client.add_event_callback(self._on_invite, InviteMemberEvent)
        self.client.add_event_callback(self._on_member, RoomMemberEvent)
        self.client.add_event_callback(self._on_text, RoomMessageText)
        self.client.add_event_callback(self._on_undecryptable, MegolmEvent)
        backoff = Backoff(1.0, self.config.max_backoff)
        first = True
        while not self._stopping.is_set():
            try:
                resp = await self._call(self.client.sync(
                    timeout=0 if first else SYNC_TIMEOUT_MS,
                    sync_filter=FIRST_SYNC_FILTER if first else SYNC_FILTER,
                ))
            except NETWORK_ERRORS as exc:
                delay = backoff.next()
                log.warning("Synchronisation impossible (%s) : nouvel essai dans %.0f s",
                            str(exc) or type(exc).__name__, delay)
                await self._sleep(delay)
                continue
            except (ConfigError, asyncio.CancelledError):
                raise
            except Exception:  # noqa: BLE001 - une erreur imprévue ne doit pas arrêter le robot
                delay = backoff.next()
                log.exception("Erreur inattendue pendant la synchronisation : nouvel essai dans %.0f s", delay)
                await self._sleep(delay)
                continue
            if isinstance(resp, SyncError):
                if resp.status_code == "M_UNKNOWN_TOKEN":
                    log.warning("Jeton révoqué : nouvelle connexion")
                    self._forget_credentials()
                    await self._relogin()
                    continue
                delay = backoff.next()
                log.warning("Erreur de synchronisation (%s %s) : nouvel essai dans %.0f s",
                            resp.status_code, resp.message, delay)
                await self._sleep(delay)
                continue
            if backoff.failures:
                log.info("Connexion au serveur Matrix rétablie")
            backoff.reset()
            if isinstance(resp, SyncResponse):
                # Les messages de ces salons ont tous été vus : ceux d'avant
                # l'arrivée du robot ont été ignorés, les suivants acceptés.
                self._awaiting_join.difference_update(resp.rooms.join.keys())
            if first:
                first = False
                self.ready = True
                log.info("Prêt : %s écoute", self.client.user_id)
            await self._after_sync()

    async def _relogin(self) -> None:
        if self.config.password:
            self.client.access_token = ""
            await self.login()
        else:
            raise ConfigError("Le jeton d'accès a été révoqué et MATRIX_PASSWORD n'est pas défini.")

    async def _after_sync(self) -> None:
        """Ce que ``sync_forever`` de nio fait entre deux synchronisations, puis
        les invitations reçues."""
        steps = [
            ("messages d'appareil à appareil", self.client.send_to_device_messages, True),
            ("envoi des clés", self.client.keys_upload, self.client.should_upload_keys),
            ("interrogation des clés", self.client.keys_query, self.client.should_query_keys),
            ("réclamation de clés", lambda: self.client.keys_claim(self.client.get_users_for_key_claiming()),
             self.client.should_claim_keys),
        ]
        for name, call, needed in steps:
            if not needed or self._stopping.is_set():
                continue
            try:
                await self._call(call())
            except NETWORK_ERRORS as exc:
                log.warning("%s : %s", name, exc or type(exc).__name__)
            except LocalProtocolError as exc:
                log.debug("%s : %s", name, exc)
        invites, self._pending_invites = self._pending_invites, {}
        for room_id, inviter in invites.items():
            await self._accept_invite(room_id, inviter)

    # ------------------------------------------------------------------
    # Événements

    async def _on_invite(self, room: MatrixRoom, event: InviteMemberEvent) -> None:
        if event.state_key == self.client.user_id and event.membership == "invite":
            self._pending_invites[room.room_id] = event.sender

    async def _accept_invite(self, room_id: str, inviter: str) -> None:
        if not self.config.inviter_allowed(inviter):
            log.info("Invitation de %s refusée (MATRIX_ALLOWED_INVITERS)", inviter)
            try:
                await self._call(self.client.room_leave(room_id))
            except NETWORK_ERRORS as exc:
                log.warning("Refus de l'invitation impossible : %s", exc)
            return
        for attempt in range(3):
            try:
                resp = await self._call(self.client.join(room_id))
            except NETWORK_ERRORS as exc:
                resp = exc
            if not isinstance(resp, (JoinError, Exception)):
                self._awaiting_join.add(room_id)
                log.info("Salon rejoint sur invitation de %s", inviter)
                return
            log.warning("Impossible de rejoindre le salon (%s), essai %d/3", resp, attempt + 1)
            await self._sleep(2 ** attempt)

    async def _on_member(self, room: MatrixRoom, event: RoomMemberEvent) -> None:
        me = self.client.user_id
        if event.state_key == me and event.membership == "join":
            self._awaiting_join.discard(room.room_id)
            return
        if not self.ready or event.state_key == me or event.membership not in ("leave", "ban"):
            return
        if not any(user != me for user in room.users):
            self._spawn(self._leave_if_alone(room.room_id))

    async def _leave_if_alone(self, room_id: str) -> None:
        """Quitte le salon s'il n'y reste personne d'autre que le robot (l'état
        local peut être partiel après un redémarrage : le serveur tranche)."""
        try:
            resp = await self._call(self.client.joined_members(room_id))
            members = getattr(resp, "members", None)
            if members is None or any(m.user_id != self.client.user_id for m in members):
                return
            await self._call(self.client.room_leave(room_id))
            await self._call(self.client.room_forget(room_id))
            log.info("Salon quitté (le robot y était seul)")
        except NETWORK_ERRORS as exc:
            log.warning("Impossible de quitter le salon : %s", exc)

    def _accepts(self, room: MatrixRoom, event) -> bool:
        """Faut-il répondre à cet événement ?"""
        if not self.ready or event.sender == self.client.user_id:
            return False
        if room.room_id in self._awaiting_join:
            return False  # message antérieur à l'arrivée du robot dans le salon
        if event.event_id in self._seen_set:
            return False
        if len(self._seen) == self._seen.maxlen:
            self._seen_set.discard(self._seen[0])
        self._seen.append(event.event_id)
        self._seen_set.add(event.event_id)
        return True

    async def _on_text(self, room: MatrixRoom, event: RoomMessageText) -> None:
        if not self._accepts(room, event):
            return
        content = event.source.get("content", {}) if isinstance(event.source, dict) else {}
        relates = content.get("m.relates_to") or {}
        if relates.get("rel_type") == "m.replace":
            return  # modification d'un message déjà traité
        body = event.body or ""
        if relates.get("m.in_reply_to"):
            body = strip_reply_fallback(body)
        body = body.strip()[:MAX_INPUT_CHARS]
        if not body:
            return
        if not self.queues.submit(room.room_id, Incoming(event.sender, body, event.event_id)):
            log.warning("Message ignoré : trop de messages en attente dans le salon")

    async def _on_undecryptable(self, room: MatrixRoom, event: MegolmEvent) -> None:
        if not self._accepts(room, event):
            return
        log.warning("Message chiffré illisible (session %s) : demande de la clé", event.session_id)
        try:
            await self._call(self.client.request_room_key(event), timeout=30)
        except (LocalProtocolError, *NETWORK_ERRORS) as exc:
            log.debug("Demande de clé : %s", exc)
        now = time.monotonic()
        if now - self._undecryptable_notice.get(room.room_id, -1e9) > 60:
            self._undecryptable_notice[room.room_id] = now
            text = UNDECRYPTABLE_TEXT
            reply = Reply(text, f"<p>{html.escape(text)}</p>")
            self._spawn(self.send_reply(room.room_id, reply, event.sender))

    def _spawn(self, coro) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ------------------------------------------------------------------
    # Relais vers Rasa

    async def _handle(self, room_id: str, item: Incoming) -> None:
        key = sender_id(self.secret, room_id, item.user_id)
        payload = resolve_choice(item.body, self.choices.get(key))
        message = payload if payload is not None else item.body
        try:
            messages = await self.rasa.send(key, message, message_id(self.secret, item.event_id))
        except RasaUnavailable as exc:
            log.warning("Rasa indisponible : %s", exc)
            await self.send_reply(room_id, unavailable_reply(), item.user_id,
                                  reply_txn_id(item.event_id, "indisponible"))
            return
        reply = format_response(messages)
        if messages:
            self.choices.set(key, reply.buttons)
        links = fiche_pdf_links(messages) if self.fiches is not None else []
        if reply.empty and not links:
            log.info("Rasa n'a rien répondu")
            return
        if not reply.empty:
            await self.send_reply(room_id, reply, item.user_id, reply_txn_id(item.event_id, "reponse"))
        for index, link in enumerate(links):
            await self.send_fiche(room_id, link, reply_txn_id(item.event_id, f"fiche-{index}"))

    def _trust_room_devices(self, room: MatrixRoom) -> None:
        """Approuve les appareils des membres du salon (voir la politique en tête)."""
        store = self.client.device_store
        for user_id in list(room.users):
            for device in store.active_user_devices(user_id):
                if device.verified or device.blacklisted:
                    continue
                if user_id == self.client.user_id and device.id == self.client.device_id:
                    continue
                self.client.verify_device(device)
                log.info("Appareil %s de %s approuvé automatiquement", device.id, user_id)

    async def _prepare_encrypted(self, room: MatrixRoom) -> None:
        if not room.members_synced:
            await self._call(self.client.joined_members(room.room_id))
        if self.client.should_query_keys:
            try:
                await self._call(self.client.keys_query())
            except LocalProtocolError:
                pass  # une autre interrogation vient de le faire
        self._trust_room_devices(room)

    def _address(self, room: Optional[MatrixRoom], reply: Reply, user_id: str) -> dict:
        content = reply.content()
        if room is not None and len(room.users) > 2:
            # Salon à plusieurs : la réponse nomme son destinataire.
            name = room.user_name(user_id) or user_id
            link = f'<a href="https://matrix.to/#/{quote(user_id, safe="@:")}">{html.escape(name)}</a>'
            content["body"] = f"{name} : {content['body']}"
            content["formatted_body"] = f"<p>{link} :</p>{content['formatted_body']}"
            content["m.mentions"] = {"user_ids": [user_id]}
        return content

    async def send_reply(self, room_id: str, reply: Reply, user_id: str,
                         tx_id: Optional[str] = None) -> bool:
        """Envoie ``reply`` (au plus un envoi par seconde dans le salon), avec
        trois essais ; ``True`` si le serveur l'a accepté. ``tx_id`` :
        identifiant de transaction (voir ``reply_txn_id``), sinon un nouveau."""
        return await self._send(room_id, lambda room: self._address(room, reply, user_id), tx_id)

    async def send_fiche(self, room_id: str, link: str, tx_id: Optional[str] = None) -> bool:
        """Joint le PDF de la fiche de ``link`` en fichier ``m.file`` ; ``False``
        (le lien du texte reste) si ce n'est pas possible. Ni le lien ni
        l'identifiant de la fiche ne vont dans les journaux."""
        if self.fiches is None:
            return False
        fiche_id = self.fiches.fiche_id(link)
        if fiche_id is None:
            log.warning("Fiche de cadrage non jointe : son lien ne commence pas par FICHES_PUBLIC_URL "
                        "(%s) ; le lien reste dans le message", self.fiches.public_url)
            return False
        room = self.client.rooms.get(room_id)
        encrypted = room is None or room.encrypted
        try:
            data = await self._call(self.fiches.fetch(fiche_id), timeout=self.fiches.timeout + 5)
            content = await self._call(upload_fiche(self.client, data, fiche_filename(dt.date.today()),
                                                    encrypted))
        except FicheUnavailable as exc:
            log.warning("Fiche de cadrage non jointe (%s) : le lien reste dans le message", exc)
            return False
        except Exception as exc:  # noqa: BLE001 - réseau, nio… : le lien du texte suffit
            log.warning("Fiche de cadrage non jointe (%s) : le lien reste dans le message",
                        type(exc).__name__)
            return False
        if await self._send(room_id, lambda room: content, tx_id):
            log.info("Fiche de cadrage jointe en PDF (%d octets, %s)", len(data),
                     "chiffrée" if encrypted else "salon non chiffré")
            return True
        log.warning("Fiche de cadrage non jointe (envoi refusé) : le lien reste dans le message")
        return False

    async def _send(self, room_id: str, make_content, tx_id: Optional[str] = None) -> bool:
        """Envoie le contenu ``make_content(salon)`` (limite de débit, trois essais
        avec le même identifiant de transaction : publié une fois au plus)."""
        await self.limiter.wait(room_id)
        tx_id = tx_id or str(uuid.uuid4())
        for attempt in range(3):
            room = self.client.rooms.get(room_id)
            try:
                if room is not None and not room.members_synced:
                    # Après un redémarrage, l'état local du salon est partiel.
                    await self._call(self.client.joined_members(room_id))
                if room is not None and room.encrypted:
                    await self._prepare_encrypted(room)
                content = make_content(room)
                resp = await self._call(self.client.room_send(
                    room_id, "m.room.message", content, tx_id=tx_id, ignore_unverified_devices=True))
                if isinstance(resp, RoomSendResponse):
                    return True
                log.warning("Envoi refusé (%s %s), essai %d/3",
                            getattr(resp, "status_code", ""), getattr(resp, "message", resp), attempt + 1)
            except (LocalProtocolError, *NETWORK_ERRORS) as exc:
                log.warning("Envoi impossible (%s), essai %d/3", exc or type(exc).__name__, attempt + 1)
            if self._stopping.is_set():
                break
            await self._sleep(2 ** attempt)
        return False

    # ------------------------------------------------------------------

    async def close(self) -> None:
        await self.queues.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.rasa.close()
        if self.fiches is not None:
            await self.fiches.close()
        await self.client.close()


async def run_bridge(config: Config, secret: bytes) -> None:
    """Lance le pont jusqu'à SIGINT ou SIGTERM."""
    bridge = Bridge(config, secret)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, bridge.stop)
        except (NotImplementedError, RuntimeError):
            pass
    try:
        await bridge.run()
    finally:
        log.info("Arrêt du pont")
        await bridge.close()
