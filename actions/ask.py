"""The questions of the diagnostic form: one action per question
(``action_ask_<slot>``, text and buttons from config/messages.yml), the
partners' question naming the partners consulted or those of the theme so far,
and that question said in plainer words (``partners_rewording``)."""
from __future__ import annotations

import re
from typing import Dict, Iterator, Optional, Text

from rasa_sdk import Action, Tracker

from actions.common import FRESH_START, message, message_text, say
from actions.slots import DIAGNOSTIC_SLOTS, profile_from_slots, slot_values
from assistant.engine import partner_examples, suggest_partners
from assistant.knowledge import get_partner, load_knowledge
from assistant.spontaneous import says_elected
from assistant.text import fold, normalize, words


class _AskForSlot(Action):
    """Asks one question of the diagnostic (text and buttons from config/messages.yml)."""

    slot = ""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher, tracker, domain):
        if _refused_just_now(tracker, self.slot):
            return []
        say(dispatcher, f"ask_{self.slot}")
        return []


def _refused_just_now(tracker: Tracker, slot: str) -> bool:
    """The question has no buttons and its refusal (« Je n'ai pas compris le
    nombre d'habitants. Indiquez un nombre, par exemple « 800 »… ») was said
    this turn: it asks for the answer already, and the question said after it
    came twice in one reply (« Autre » at the population's question: live
    test, session 12). A question with buttons is asked again (its refusal
    only says what to answer)."""
    asked = message(f"ask_{slot}")
    if asked.get("buttons"):
        return False
    try:
        refusal = normalize(message_text(f"invalid_{slot}"))
    except KeyError:
        return False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot" and normalize(event.get("text") or "") == refusal:
            return True
    return False


class ActionAskPartnersStatus(_AskForSlot):
    """Once partners are named (« on a vu le SDE »), asks whether they can help."""

    slot = "partners_status"

    async def run(self, dispatcher, tracker, domain):
        named = tracker.get_slot("partners_consulted") or []
        # (an organisation the data has no card on is named as typed)
        labels = [partner_label(p) or p for p in named if isinstance(p, str)]
        labels = [label for label in labels if label]
        if labels:
            say(dispatcher, "ask_partners_status_named", partners=", ".join(labels))
        else:
            # the examples are the partners the data gives for the answers so
            # far: the OPSN for a digital project, not the SDE and the CAUE
            # (final F-M5)
            names = partner_examples(_profile_so_far(tracker))
            say(dispatcher, "ask_partners_status",
                examples=f" ({', '.join(names)}…)" if names else "")
        return []


class ActionAskSponsor(_AskForSlot):
    """To a user who said they are an elected official (« jsuis maire »):
    whether they carry the project, not whether « un élu » does."""

    slot = "sponsor"

    async def run(self, dispatcher, tracker, domain):
        if _refused_just_now(tracker, self.slot):
            return []
        say(dispatcher, "ask_sponsor_elected" if _user_is_elected(tracker) else "ask_sponsor")
        return []


# « mission de 2 ans », « sur 18 mois », « pendant trois ans »: a length said
# for the need, neither clearly ponctuel nor durable.
_LENGTH_SAID = re.compile(
    r"\b(?:sur|pendant|durant|de|d\s?une\s+duree\s+de)\s+((?:\d{1,2}|un|une|deux|trois|quatre|cinq|six|huit"
    r"|dix|douze|dix-huit|vingt-quatre)\s+(?:ans?|annees?|mois))\b"
    # « 2 ans d'étude » (live test, session 24: asked as if nothing was said)
    r"|\b((?:\d{1,2}|un|une|deux|trois|quatre|cinq|six|huit|dix|douze|dix-huit|vingt-quatre)\s+(?:ans?|annees?|mois))"
    r"\s+d\s?(?:etudes?|accompagnement|mission|assistance|travail|travaux|chantier)\b")


class ActionAskDuration(_AskForSlot):
    """The duration's question, with the length the user gave before
    (« … 80 000 € HT sur 18 mois », « mission de 2 ans »): it was asked as if
    nothing had been said, and « je vous ai dit 18 mois » came next (live
    test, session 18). Whether such a length is ponctuel or durable is the
    user's to say: the question is asked, naming it."""

    slot = "duration"

    async def run(self, dispatcher, tracker, domain):
        if _refused_just_now(tracker, self.slot):
            return []
        length = _length_said(tracker)
        if length:
            say(dispatcher, "ask_duration_length", length=length)
        else:
            say(dispatcher, "ask_duration")
        return []


def _user_texts(tracker: Tracker) -> Iterator[str]:
    """The user's messages since the conversation (re)started, the latest first."""
    for event in reversed(tracker.events):
        if event.get("event") in FRESH_START:
            return
        if event.get("event") == "user":
            yield event.get("text") or ""


def _length_said(tracker: Tracker) -> Optional[str]:
    """The length of the need said in a user message since the conversation
    (re)started, as typed (« 18 mois »), the latest first."""
    for text in _user_texts(tracker):
        match = None if text.startswith("/") else _LENGTH_SAID.search(words(text))
        if match:
            return match.group(1) or match.group(2)
    return None


def _user_is_elected(tracker: Tracker) -> bool:
    return any(says_elected(text) for text in _user_texts(tracker))


def _profile_so_far(tracker: Tracker):
    return profile_from_slots(slot_values(tracker), None, load_knowledge().partners)


def partners_rewording(tracker: Tracker) -> Dict[str, str]:
    """The fields of the partners question said in plainer words: the same
    examples as the question (the partners of the theme so far: the OPSN for
    a digital project), and the first one in the example of an answer
    (« l'OPSN pourrait nous aider »). It named « syndicat d'énergie,
    intercommunalité, CAUE » whatever the theme."""
    profile = _profile_so_far(tracker)
    names = partner_examples(profile, limit=3)
    first = next(iter(suggest_partners(profile)), None)
    if not names or first is None:
        return {"examples": "", "first": "un partenaire public"}
    return {"examples": f" ({', '.join(names)}…)",
            "first": _with_article(names[0], load_knowledge().partners[first.id].gender)}


def _with_article(name: str, gender: Optional[str]) -> str:
    """« le CAUE », « la Banque des Territoires », « l'OPSN »."""
    if fold(name[:1]) in "aeiouyh":
        return f"l'{name}"
    return f"{'la' if gender == 'f' else 'le'} {name}"


def partner_label(partner_id: str) -> Optional[str]:
    try:
        return get_partner(partner_id).label
    except KeyError:
        return None


# One action per question, as Rasa forms expect (action_ask_<slot>).
ASK_ACTIONS = {
    slot: type(f"ActionAsk_{slot}", (_AskForSlot,), {"slot": slot})
    for slot in DIAGNOSTIC_SLOTS if slot not in ("partners_status", "sponsor", "duration")
}
ASK_ACTIONS["partners_status"] = ActionAskPartnersStatus
ASK_ACTIONS["sponsor"] = ActionAskSponsor
ASK_ACTIONS["duration"] = ActionAskDuration
