"""The fiche de cadrage in the chat: store it, send its links.

At the end of the diagnostic (``action_give_advice``) and when asked for the
summary (``action_answer_question``, intent ``ask_summary``), the assistant
stores the fiche (``assistant.fiche.write_fiche``) and sends one short message
with Markdown links. The same links go in a ``custom`` payload
``{"fiche": {"pdf": url, "markdown": url}}``: Rasa's REST channel returns it
as a separate ``{"recipient_id", "custom"}`` item after the text.

Links: ``$FICHES_PUBLIC_URL`` (default ``http://localhost:5055``, the action
server, see ``actions/server.py``) + ``/fiches/<id>.pdf`` or ``.md``.
"""
from __future__ import annotations

import asyncio
import logging
import os
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.common import send, send_all
from actions.render import advice_messages
from actions.slots import profile_from_slots, slot_values
from assistant.engine import AdviceResult, advise
from assistant.fiche import write_fiche
from assistant.fiche_store import StoredFiche
from assistant.knowledge import load_knowledge
from assistant.profile import Profile
from assistant.typography import fr_typo

log = logging.getLogger(__name__)

PUBLIC_URL_ENV = "FICHES_PUBLIC_URL"
DEFAULT_PUBLIC_URL = "http://localhost:5055"
ROUTE = "/fiches"


def public_url() -> str:
    return (os.environ.get(PUBLIC_URL_ENV, "").strip() or DEFAULT_PUBLIC_URL).rstrip("/")


def fiche_links(stored: StoredFiche) -> Dict[str, str]:
    base = f"{public_url()}{ROUTE}/{stored.id}"
    return {"pdf": f"{base}.pdf", "markdown": f"{base}.md"}


def link_message(links: Dict[str, str]) -> str:
    """« Votre fiche de cadrage est prête : [la fiche en PDF](…) · [la version texte](…). »"""
    fiche = load_knowledge().fiche
    pdf = f"[{fiche.word('link_pdf')}]({links['pdf']})"
    markdown = f"[{fiche.word('link_markdown')}]({links['markdown']})"
    return fr_typo(f"{fiche.word('chat_ready')} : {pdf} · {markdown}.\n{fiche.word('chat_private')}")


async def deliver_fiche(dispatcher: CollectingDispatcher, profile: Profile,
                        result: AdviceResult) -> Optional[Dict[str, str]]:
    """Store the fiche (off the event loop) and send its links; None if it failed."""
    try:
        stored = await asyncio.get_running_loop().run_in_executor(None, write_fiche, profile, result)
    except Exception:  # noqa: BLE001 - the chat must go on
        log.exception("fiche de cadrage: could not be stored")
        return None
    links = fiche_links(stored)
    dispatcher.utter_message(text=link_message(links), json_message={"fiche": links})
    return links


async def send_summary(dispatcher: CollectingDispatcher, profile: Profile) -> None:
    """On request (« envoyez-moi la synthèse »): the fiche's links, or the advice if it failed."""
    result = advise(profile)
    if await deliver_fiche(dispatcher, profile, result) is None:
        send(dispatcher, load_knowledge().fiche.word("chat_failed"))
        send_all(dispatcher, advice_messages(result))


class ActionSendFiche(Action):
    """The fiche de cadrage of the slots collected so far (for rules and buttons)."""

    def name(self) -> Text:
        return "action_send_fiche"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        profile = profile_from_slots(slot_values(tracker), clock.today(), load_knowledge().partners)
        await send_summary(dispatcher, profile)
        return []
