"""REST channel of the assistant: Rasa's ``rest`` channel, same URL and same
JSON (``POST /webhooks/rest/webhook {"sender", "message"}`` → list of bot
messages), with :mod:`channels.guard` around each message.

Declared in credentials.yml as::

    channels.rest.RestInput:

Differences with Rasa's ``rest``:

- every well-formed request gets a French reply (HTTP 200): empty message,
  oversized message, a turn that produced nothing, a failing action server,
  tracker store or lock store (« Le service est momentanément indisponible… ») ;
- a malformed request (not a JSON object, ``sender`` missing or not matching
  ``[A-Za-z0-9_.:@!+=-]{1,128}``, ``message`` not a string) gets HTTP 400 with a
  French message, never a 5xx ;
- ``input_channel`` cannot be chosen by the client; ``metadata`` must be a JSON
  object of at most 4 KB (else ignored); ``?stream=true`` is not offered ;
- nothing of the user's text is logged;
- a message with a text and a ``custom`` payload is one item, not two
  (:class:`RestCollector`);
- an optional ``message_id`` (``[A-Za-z0-9_.:-]{1,64}``, chosen by the client,
  the same when it sends a message again) makes sending safe to repeat: a
  message whose reply was lost (connection cut, replica stopped after saving
  the turn) and that is sent again with the same id and text gets the replies
  stored the first time; it is not processed twice (:func:`guard.install_replay`).
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels import guard

logger = logging.getLogger(__name__)


class RestCollector(CollectingOutputChannel):
    """Rasa's collector, except that a message with both a text and a
    ``custom`` payload (the fiche's links) stays one item
    ``{"recipient_id", "text", "custom"}``: Rasa's made it two, and a plain
    REST client showed the second, text-less one as « None » (live test,
    session 15). A custom payload sent alone is still an item of its own."""

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        custom = message.pop("custom", None) if message.get("text") else None
        before = len(self.messages)
        await super().send_response(recipient_id, message)
        if custom is None:
            return
        texts = [m for m in self.messages[before:] if m.get("text")]
        if texts:
            texts[-1]["custom"] = custom
        else:
            await self.send_custom_json(recipient_id, custom)


def _reply(recipient: Optional[str], key: str, status: int = 200) -> HTTPResponse:
    return response.json(
        [{"recipient_id": recipient or "", "text": guard.text(key)}], status=status
    )


class RestInput(InputChannel):
    """Rasa's REST channel with validation and a French answer to everything."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        webhook = Blueprint("amo_rest_webhook", __name__)
        turn_guard = guard.TurnGuard(on_new_message)

        @webhook.listener("after_server_start")
        async def bind_app(app: Any, _loop: Any) -> None:
            turn_guard.bind(app)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = request.json
            except Exception:  # noqa: BLE001 - sanic raises on invalid JSON
                body = None
            if not isinstance(body, dict):
                return _reply(None, "invalid_request", 400)
            sender = body.get("sender")
            if not guard.valid_sender(sender):
                return _reply(None, "invalid_request", 400)
            text, answer = turn_guard.prepare(body.get("message"))
            if answer == "invalid_request":
                return _reply(sender, answer, 400)
            if answer:
                return _reply(sender, answer)

            collector = RestCollector()
            message = UserMessage(
                text,
                collector,
                sender,
                input_channel=self.name(),
                message_id=guard.valid_message_id(body.get("message_id")),
                metadata=guard.clean_metadata(body.get("metadata")),
            )
            await turn_guard.handle(message)
            messages: List[Dict[str, Any]] = collector.messages
            if not messages:
                # A turn that says nothing (e.g. a bare « /inform ») still gets an answer.
                return _reply(sender, "restarted" if text.strip() == "/restart" else "ask_rephrase")
            return response.json(messages)

        return webhook
