"""What every input channel of the assistant does around one user message.

Rasa 3.6, left alone:

- an empty message, or a turn whose actions fail, may get **no reply at all**;
- when the action server is down or answers an error, ``MessageProcessor``
  logs a stack trace, drops the action's events and *saves the turn anyway*
  (the question is never asked, the answer is half applied);
- when the action server hangs, each call waits up to 5 minutes
  (``DEFAULT_REQUEST_TIMEOUT``, not configurable);
- when the SQL tracker store fails, ``FailSafeTrackerStore`` starts a *new*
  conversation in memory and logs the SQL parameters (the user's text);
- the REST channel logs the user's text when a turn fails, and forged
  ``/intent{…}`` payloads reach the slots with any JSON value (numbers skip the
  parsers of the amount validator).

This module makes one turn all-or-nothing:

- the text is cleaned (control characters, lone surrogates) and bounded;
  an empty or oversized message gets a French answer without reaching Rasa;
- ``/intent{…}`` payloads are rebuilt from the domain: known intent, known
  entities, string values only (numbers become text, validated like typed
  text), no ``@confidence`` override; anything else is read as plain text;
- a failing or slow action server (``ACTION_TIMEOUT_SECONDS``), an unreachable
  tracker store or lock store, or a turn longer than ``TURN_TIMEOUT_SECONDS``
  **abandons the turn before Rasa saves it** (``TurnAborted``): the
  conversation stays where it was, the user reads « Le service est
  momentanément indisponible… » and simply sends the message again later;
- errors are logged without the user's text (exception classes, SQL
  statements without their parameters, a short hash of the conversation id).
"""
from __future__ import annotations

import asyncio
import contextvars
import gc
import hashlib
import itertools
import json
import logging
import math
import os
import re
import traceback
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple

logger = logging.getLogger("channels.guard")

ROOT = Path(__file__).resolve().parent.parent

DEFAULT_TEXTS = {
    "service_unavailable": "Le service est momentanément indisponible. "
    "Merci de réessayer dans quelques instants.",
    "empty_message": "Votre message est vide. Écrivez votre question ou votre réponse, "
    "ou « aide » pour voir ce que je sais faire.",
    "message_too_long": "Votre message est trop long (plus de {max} caractères). "
    "Pouvez-vous le résumer en quelques phrases ?",
    "invalid_request": "Requête invalide : envoyez un objet JSON avec « sender » "
    "(identifiant de la conversation) et « message » (le texte).",
    "ask_rephrase": "Je n'ai pas bien compris. Pouvez-vous reformuler ?",
    # « /restart » (Rasa's own command, typed by testers): the conversation is
    # wiped and Rasa says nothing; « Je n'ai pas bien compris » was answered
    "restarted": "C'est reparti de zéro : j'ai effacé cette conversation. "
    "Écrivez votre question, ou « diagnostic » pour faire le point sur votre besoin.",
}

SENDER_PATTERN = re.compile(r"^[A-Za-z0-9_.:@!+=\-]{1,128}$")
MAX_ENTITY_VALUE_CHARS = 200
MAX_ENTITY_VALUES = 10
MAX_METADATA_BYTES = 4096
# Rasa's own pattern (YAMLStoryReader._regex_message_pattern), stricter intent name.
PAYLOAD_PATTERN = re.compile(
    r"^/(?P<intent>[A-Za-z0-9_\-]+)(?P<confidence>@[0-9.]+)?(?P<entities>\{.*\})?$", re.S
)


def _env_float(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, "") or default)
        return value if value > 0 else default
    except ValueError:
        return default


def action_timeout() -> float:
    return _env_float("ACTION_TIMEOUT_SECONDS", 10.0)


def turn_timeout() -> float:
    return _env_float("TURN_TIMEOUT_SECONDS", 25.0)


def max_message_chars() -> int:
    return int(_env_float("MAX_MESSAGE_CHARS", 2000))


# -- texts -----------------------------------------------------------------------


@lru_cache(maxsize=None)
def _configured_messages() -> Dict[str, Any]:
    try:
        import yaml

        with open(ROOT / "config" / "messages.yml", encoding="utf-8") as handle:
            return yaml.safe_load(handle) or {}
    except Exception:  # noqa: BLE001 - the defaults below are enough
        return {}


def text(key: str) -> str:
    """A French text: config/messages.yml if it has the key, else the default here."""
    configured = _configured_messages().get(key)
    value = configured.get("text") if isinstance(configured, dict) else None
    value = value or DEFAULT_TEXTS[key]
    value = value.replace("{max}", f"{max_message_chars():,}".replace(",", " "))
    try:
        from assistant.typography import fr_typo

        return fr_typo(value)
    except Exception:  # noqa: BLE001
        return value


# -- input cleaning ---------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(value: str) -> str:
    """Removes control characters (keeps \\n and \\t) and lone surrogates.

    PostgreSQL refuses NUL in text; surrogates cannot be encoded in UTF-8."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def valid_sender(sender: Any) -> bool:
    return isinstance(sender, str) and bool(SENDER_PATTERN.match(sender))


def sender_hash(sender: Optional[str]) -> str:
    """What the logs say about a conversation: never its id, a short hash."""
    return hashlib.sha256((sender or "").encode("utf-8", "replace")).hexdigest()[:10]


def clean_metadata(metadata: Any) -> Optional[Dict[str, Any]]:
    if not isinstance(metadata, dict):
        return None
    try:
        size = len(json.dumps(metadata, ensure_ascii=False).encode("utf-8"))
    except (TypeError, ValueError):
        return None
    return metadata if size <= MAX_METADATA_BYTES else None


def _entity_value(value: Any) -> Optional[Any]:
    """A payload entity value reduced to text (validated by the actions like
    typed text), or None to drop it."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, str):
        cleaned = clean_text(value).strip()
        return cleaned[:MAX_ENTITY_VALUE_CHARS] if cleaned else None
    if isinstance(value, list):
        items = [_entity_value(v) for v in value[:MAX_ENTITY_VALUES]]
        items = [v for v in items if isinstance(v, str)]
        return items or None
    return None


def normalise_payload(message: str, intents: Any, entities: Any) -> str:
    """``/intent{json}`` rebuilt from the domain, or the text without its slash.

    ``intents``/``entities``: names declared in the domain (None: accept all)."""
    match = PAYLOAD_PATTERN.match(message.strip())
    if not match or (intents is not None and match.group("intent") not in intents):
        # Not a payload the assistant knows: read it as text (« /aide », « 1/2 »…).
        # (every leading slash and space: « /\r/ » must not leave « / »)
        return re.sub(r"^[\s/]+", "", message).strip()
    intent = match.group("intent")
    raw = match.group("entities")
    if not raw:
        return f"/{intent}"
    try:
        parsed = json.loads(raw)
    except ValueError:
        return f"/{intent}"
    if not isinstance(parsed, dict):
        return f"/{intent}"
    kept = {}
    for name, value in parsed.items():
        if entities is not None and name not in entities:
            continue
        value = _entity_value(value)
        if value is not None:
            kept[name] = value
    if not kept:
        return f"/{intent}"
    return f"/{intent}" + json.dumps(kept, ensure_ascii=False)


# -- one turn ----------------------------------------------------------------------


class TurnAborted(BaseException):
    """Abandons the current turn before Rasa saves the tracker.

    A BaseException on purpose: ``MessageProcessor._run_action`` catches every
    ``Exception`` (and then saves a half-done turn); this one goes through it,
    through the lock store's context manager (which releases the lock), up to
    :class:`TurnGuard`. It is only raised inside a guarded turn."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail


@dataclass
class TurnState:
    sender: str
    failures: List[str] = field(default_factory=list)


_TURN: contextvars.ContextVar[Optional[TurnState]] = contextvars.ContextVar(
    "amo_turn", default=None
)


# -- a message sent twice ------------------------------------------------------------

_MESSAGE_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")


def valid_message_id(value: Any) -> Optional[str]:
    """The client's id of its message, when it gives a usable one."""
    return value if isinstance(value, str) and _MESSAGE_ID.fullmatch(value) else None


class AlreadyAnswered(BaseException):
    """The message is already in the conversation (same id, same text): a
    client that lost the reply sent it again. Raised before the message is
    understood or logged; carries the replies stored after the first copy.
    A BaseException for the same reason as :class:`TurnAborted`."""

    def __init__(self, replies: List[Dict[str, Any]]) -> None:
        super().__init__(len(replies))
        self.replies = replies


def stored_replies(events: Any, message_id: str, text: Optional[str]) -> Optional[List[Dict[str, Any]]]:
    """The bot messages that answered the user message ``message_id`` (with
    this text) in a tracker's events, ready for ``OutputChannel.send_response``;
    None when the conversation does not hold that message."""
    from rasa.shared.core.events import BotUttered, UserUttered

    events = list(events)
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if isinstance(event, UserUttered) and event.message_id == message_id:
            if event.text != text:
                return None          # an id reused by the client for another message
            replies = []
            for later in events[index + 1:]:
                if isinstance(later, UserUttered):
                    break
                if isinstance(later, BotUttered):
                    data = {k: v for k, v in (later.data or {}).items() if v is not None}
                    replies.append({"text": later.text, **data} if later.text else data)
            return replies
    return None


def install_replay(processor: Any) -> None:
    """Once per processor (a new model brings a new one): a message already
    in the conversation is answered with its stored replies, not processed a
    second time. The check runs inside the conversation's lock, on the
    tracker Rasa has just read for the turn: it costs no extra read, and a
    copy sent while the first is still being processed waits for it, then
    finds it."""
    if processor is None or getattr(processor, "_amo_replay", False):
        return
    original = processor._handle_message_with_tracker

    async def handle_message_with_tracker(message, tracker):  # type: ignore[no-untyped-def]
        replies = stored_replies(tracker.events, message.message_id, message.text)
        if replies is not None:
            raise AlreadyAnswered(replies)
        await original(message, tracker)

    processor._handle_message_with_tracker = handle_message_with_tracker
    processor._amo_replay = True


def describe(exc: BaseException) -> str:
    """An exception for the logs, without the values it may carry.

    SQLAlchemy puts the statement's parameters (the user's text) in its
    message: they are cut; only the first line of each message is kept."""
    parts = []
    seen = 0
    current: Optional[BaseException] = exc
    while current is not None and seen < 4:
        message = str(current).split("\n", 1)[0]
        message = re.split(r"\[(?:parameters|SQL):|, body=", message, 1)[0].strip()
        parts.append(f"{type(current).__module__}.{type(current).__name__}: {message[:300]}")
        current = current.__cause__ or current.__context__
        seen += 1
    return " <- ".join(parts)


def _frames(exc: BaseException) -> str:
    """File, line and code of the traceback (no exception message, no locals)."""
    return "".join(traceback.format_tb(exc.__traceback__)[-6:]).rstrip()


async def within(awaitable: Awaitable[Any], seconds: float) -> Any:
    """``await awaitable``, cancelled after ``seconds`` (asyncio.TimeoutError).

    Unlike ``asyncio.wait_for`` (Python 3.10), the awaitable runs in the
    *current* task: when it completes, the caller resumes at once instead of
    waiting its turn in the event loop behind other conversations' work. This
    matters for the REST channel: the tracker is saved at the end of the turn,
    and every moment between that save and the HTTP response is a window in
    which a killed replica would leave a turn saved but unanswered (the user
    would then send it again and have it counted twice)."""
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    fired = False

    def expire() -> None:
        nonlocal fired
        fired = True
        if task is not None:
            task.cancel()

    handle = loop.call_later(seconds, expire)
    try:
        return await awaitable
    except asyncio.CancelledError:
        if fired:
            raise asyncio.TimeoutError() from None
        raise
    finally:
        handle.cancel()


def install_remote_action_guard() -> None:
    """Bounds the action server calls and abandons the turn when they fail.

    ``RemoteAction.run`` waits 5 minutes by default and its failures are
    swallowed by the processor; wrapped, it waits ``ACTION_TIMEOUT_SECONDS``
    and a failure inside a guarded turn raises :class:`TurnAborted`. Outside a
    guarded turn (HTTP API) Rasa's behaviour is kept, with the timeout."""
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction

    if getattr(RemoteAction.run, "_amo_guarded", False):
        return
    original = RemoteAction.run

    async def run(self, output_channel, nlg, tracker, domain):  # type: ignore[no-untyped-def]
        timeout = action_timeout()
        try:
            return await within(original(self, output_channel, nlg, tracker, domain), timeout)
        except ActionExecutionRejection:
            raise
        except asyncio.TimeoutError as exc:
            detail = f"action '{self.name()}' sans réponse après {timeout:g} s"
            if _TURN.get() is not None:
                raise TurnAborted("action_server_timeout", detail) from exc
            raise
        except Exception as exc:
            if _TURN.get() is not None:
                raise TurnAborted("action_server_error", f"action '{self.name()}' : {describe(exc)}") from exc
            raise

    run._amo_guarded = True  # type: ignore[attr-defined]
    RemoteAction.run = run  # type: ignore[assignment]
    _install_fast_result_validation(RemoteAction)


def _install_fast_result_validation(remote_action_class: Any) -> None:
    """Validates the action server's responses with one prepared validator.

    ``RemoteAction._validate_action_result`` calls ``jsonschema.validate``,
    which re-checks the (large) events schema against its metaschema at every
    call: with jsonschema 4.17 that is about 60 % of a turn's CPU time (profile
    in docs/performance.md). Same checks, same error, schema checked once."""
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for

    schema = remote_action_class.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def _validate_action_result(self, result):  # type: ignore[no-untyped-def]
        error = best_match(validator.iter_errors(result))
        if error is None:
            return True
        error.message += (
            ". Failed to validate Action server response from API, make sure your "
            "response from the Action endpoint is valid."
        )
        raise error

    _validate_action_result._amo_fast = True  # type: ignore[attr-defined]
    remote_action_class._validate_action_result = _validate_action_result


def _inner_stores(store: Any) -> List[Any]:
    chain = []
    while store is not None and store not in chain:
        chain.append(store)
        store = getattr(store, "_tracker_store", None)
    return chain


def install_atomic_lock_store(lock_store: Any) -> None:
    """Makes the Redis lock store's read-modify-write steps atomic.

    Rasa's ``RedisLockStore`` issues a ticket by reading the conversation's
    lock, adding a ticket and writing it back, and cleans up the same way,
    with no transaction. Two replicas that receive the first two messages of
    a conversation at once both read « no lock », both take ticket 0 and both
    run their turn: each creates the conversation, and one turn's events are
    lost (measured: 3 conversations in 12, 8 messages sent at once to 2
    replicas). Here both steps run under a short Redis mutex per conversation
    (redis-py's lock: SET NX with expiry, released by a Lua script), so
    tickets are issued and removed one at a time; waiting for the ticket's
    turn is unchanged (a read)."""
    if lock_store is None or getattr(lock_store, "_amo_atomic", False):
        return
    red = getattr(lock_store, "red", None)
    if red is None or not hasattr(red, "lock"):
        return          # the in-memory lock store: one process, no race
    issue, cleanup = lock_store.issue_ticket, lock_store.cleanup

    def mutex(conversation_id: str) -> Any:
        return red.lock(f"{lock_store.key_prefix}{conversation_id}:mutex",
                        timeout=LOCK_MUTEX_SECONDS, blocking_timeout=LOCK_MUTEX_SECONDS,
                        sleep=0.005)

    def issue_ticket(conversation_id: str, *args: Any, **kwargs: Any) -> int:
        with mutex(conversation_id):
            return issue(conversation_id, *args, **kwargs)

    def cleanup_ticket(conversation_id: str, ticket_number: int) -> None:
        with mutex(conversation_id):
            cleanup(conversation_id, ticket_number)

    lock_store.issue_ticket, lock_store.cleanup = issue_ticket, cleanup_ticket
    lock_store._amo_atomic = True


# A ticket is issued or removed in a few milliseconds; the mutex expires on its
# own if a replica dies holding it.
LOCK_MUTEX_SECONDS = 10


def install_agent_hooks(agent: Any) -> None:
    """Once per agent: no silent in-memory fallback of the tracker store, no
    SQL parameters in the logs, atomic tickets in the Redis lock store; once
    per processor: messages sent twice are answered from the conversation."""
    install_replay(getattr(agent, "processor", None))
    install_atomic_lock_store(getattr(agent, "lock_store", None))
    store = getattr(agent, "tracker_store", None)
    if store is None or getattr(store, "_amo_guarded", False):
        return
    for inner in _inner_stores(store):
        engine = getattr(inner, "engine", None)
        if engine is not None:
            engine.hide_parameters = True
            # After a database restart, pooled connections are dead: test each one
            # before use (SQLAlchemy's pool_pre_ping, which Rasa does not set).
            # The pool is then recreated (same settings, pre-ping kept): the
            # connections opened at start-up were never pinged and would be
            # trusted as « fresh ».
            if hasattr(engine.pool, "_pre_ping"):
                engine.pool._pre_ping = True
                engine.dispose()
        install_stored_event_count(inner)

    def on_error(error: Exception) -> None:
        turn = _TURN.get()
        logger.error(
            "Base des conversations (tracker store) injoignable ou en erreur : %s",
            describe(error),
        )
        if turn is not None:
            raise TurnAborted("tracker_store", describe(error)) from error
        raise error

    if hasattr(store, "_on_tracker_store_error"):
        store._on_tracker_store_error = on_error
    store._amo_guarded = True
    freeze_loaded_objects()


def freeze_loaded_objects() -> int:
    """Moves every object alive once the model is loaded (TensorFlow, spaCy,
    the domain: about 1.6 million) out of the garbage collector's reach. A
    full collection otherwise walks them all: 1.25 s measured on this
    2-core machine, a pause every conversation of the replica would wait
    for. They live as long as the process anyway. Returns how many objects
    are frozen."""
    gc.collect()
    gc.freeze()
    frozen = gc.get_freeze_count()
    logger.info("Objets chargés soustraits au ramasse-miettes : %d", frozen)
    return frozen


def install_stored_event_count(store: Any) -> None:
    """An SQL tracker store that remembers how many events of the current
    session it read, instead of counting them again in the database before
    saving (``SQLTrackerStore._additional_events``: one COUNT query per turn,
    the largest part of the save). The tracker read at the start of a turn,
    under the conversation's lock, is the one saved at its end: what it held
    when read is what the database holds. A tracker not read this way (a new
    conversation, the full history of the API) is counted as before."""
    if not hasattr(store, "_additional_events") or getattr(store, "_amo_counted", False):
        return
    read, count, write = store._retrieve, store._additional_events, store.save

    async def _retrieve(sender_id, fetch_events_from_all_sessions):  # type: ignore[no-untyped-def]
        tracker = await read(sender_id, fetch_events_from_all_sessions)
        if tracker is not None and not fetch_events_from_all_sessions:
            tracker._amo_stored_events = len(tracker.events)
        return tracker

    def _additional_events(session, tracker):  # type: ignore[no-untyped-def]
        stored = getattr(tracker, "_amo_stored_events", None)
        if stored is None or stored > len(tracker.events):
            return count(session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))

    async def save(tracker):  # type: ignore[no-untyped-def]
        await write(tracker)
        if getattr(tracker, "_amo_stored_events", None) is not None:
            tracker._amo_stored_events = len(tracker.events)

    store._retrieve, store._additional_events, store.save = _retrieve, _additional_events, save
    store._amo_counted = True


def domain_names(agent: Any) -> Tuple[Optional[set], Optional[set]]:
    domain = getattr(agent, "domain", None)
    if domain is None:
        return None, None
    return set(domain.intents), set(domain.entities)


class TurnGuard:
    """Wraps Rasa's ``on_new_message`` for one channel."""

    def __init__(
        self,
        on_new_message: Callable[[Any], Awaitable[Any]],
        agent_getter: Optional[Callable[[], Any]] = None,
    ) -> None:
        self.on_new_message = on_new_message
        self.app: Any = None    # the Sanic app, set by the channel once it knows it
        self.agent_getter = agent_getter or self._agent_of_app
        install_remote_action_guard()

    def bind(self, app: Any) -> None:
        """The channel's Sanic app, at server start: Rasa keeps its agent there.
        The tracker store is guarded at once (pre-ping after a database restart),
        not at the first turn, since API reads (GET /conversations/…/tracker)
        may come before any turn."""
        self.app = app
        agent = self.agent_getter()
        if agent is not None:
            install_agent_hooks(agent)

    def _agent_of_app(self) -> Any:
        """Rasa's agent, kept by Rasa on the Sanic app's context."""
        return getattr(getattr(self.app, "ctx", None), "agent", None) if self.app else None

    def prepare(self, raw_text: Any) -> Tuple[Optional[str], Optional[str]]:
        """(text for Rasa, None) or (None, key of the French answer to give)."""
        if raw_text is None:
            raw_text = ""
        if not isinstance(raw_text, str):
            return None, "invalid_request"
        cleaned = clean_text(raw_text)
        if not cleaned.strip():
            return None, "empty_message"
        if len(cleaned) > max_message_chars():
            return None, "message_too_long"
        if cleaned.lstrip().startswith("/"):
            intents, entities = domain_names(self.agent_getter())
            cleaned = normalise_payload(cleaned, intents, entities)
            if not cleaned.strip():
                return None, "empty_message"
        return cleaned, None

    async def handle(self, message: Any) -> Optional[str]:
        """Runs one turn. Returns None on success, or the key of the French text
        that was sent instead (the turn was not saved)."""
        agent = self.agent_getter()
        if agent is not None:
            install_agent_hooks(agent)
        turn = TurnState(sender=message.sender_id)
        token = _TURN.set(turn)
        who = sender_hash(message.sender_id)
        failure: Optional[str] = None
        try:
            await within(self.on_new_message(message), turn_timeout())
        except AlreadyAnswered as answered:
            logger.info(
                "Message reçu une seconde fois (conversation %s) : %d réponse(s) "
                "renvoyée(s) depuis la conversation, sans le traiter de nouveau.",
                who, len(answered.replies),
            )
            await self.replay(message, answered.replies)
        except TurnAborted as aborted:
            failure = aborted.reason
            logger.error(
                "Tour abandonné (conversation %s) : %s — %s. La conversation reste "
                "où elle était ; l'usager reçoit « service momentanément indisponible ».",
                who, aborted.reason, aborted.detail,
            )
        except asyncio.TimeoutError:
            failure = "turn_timeout"
            logger.error(
                "Tour abandonné (conversation %s) : pas de réponse en %g s "
                "(TURN_TIMEOUT_SECONDS).", who, turn_timeout(),
            )
        except Exception as exc:  # noqa: BLE001 - the user must get an answer
            failure = "error"
            logger.error(
                "Tour abandonné (conversation %s) : %s\n%s", who, describe(exc), _frames(exc)
            )
        finally:
            _TURN.reset(token)
        if failure:
            await self.reply_instead(message, "service_unavailable")
            return "service_unavailable"
        return None

    @staticmethod
    def _forget_collected(output: Any) -> None:
        collected = getattr(output, "messages", None)
        if isinstance(collected, list):
            collected.clear()

    @classmethod
    async def replay(cls, message: Any, replies: List[Dict[str, Any]]) -> None:
        """Replaces whatever the turn had collected by the stored replies."""
        output = message.output_channel
        cls._forget_collected(output)
        for reply in replies:
            await output.send_response(message.sender_id, dict(reply))

    @classmethod
    async def reply_instead(cls, message: Any, key: str) -> None:
        """Replaces whatever the failed turn had collected by one French text."""
        output = message.output_channel
        cls._forget_collected(output)
        try:
            await output.send_text_message(message.sender_id, text(key))
        except Exception as exc:  # noqa: BLE001
            logger.error("Impossible d'envoyer la réponse de repli : %s", describe(exc))
