"""Questions answered at any time, from the knowledge data and the engine.

The intent says which topic; entities say which term, partner, amount or
date. Amounts and dates are computed at the date of the question.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import entity_values, latest_entity_values, latest_intent, latest_text, send, send_all
from actions.fiche import send_summary
from actions.render import (
    bullets,
    overview_messages,
    route_messages,
    sources_line,
    topic_messages,
)
from actions.slots import diagnostic_in_progress, profile_from_slots, requested_answer, slot_values
from assistant.amounts import parse_amount, parse_date
from assistant.answers import Asked, definition_question, is_procurement_follow_up
from assistant.engine import answer_term, answer_topic, suggest_partners
from assistant.knowledge import Programme, load_knowledge
from assistant.procurement import changes_in_year, describe_rules, route

# Intents whose answer is a topic of assistant/knowledge/topics.yml.
TOPIC_OF_INTENT = {
    "ask_mission_families": "mission_families",
    "ask_amo_mandatory": "amo_mandatory",
    "ask_independence": "independence",
    "ask_splitting": "splitting",
    "ask_dce_content": "dce_content",
    "ask_criteria": "criteria",
    "ask_negotiation": "negotiation",
    "ask_collaboration": "collaboration",
    "ask_success_conditions": "success_conditions",
    "ask_risks": "risks",
    "ask_apres_mission": "apres_mission",
    "ask_need_kinds": "need_kinds",
    "ask_internalise": "internalise",
    "ask_price": "price",
}
TERM_BUTTONS = [
    {"title": "AMO", "payload": '/ask_definition{"term": "amo"}'},
    {"title": "Maîtrise d'œuvre (MOE)", "payload": '/ask_definition{"term": "moe"}'},
    {"title": "DCE", "payload": '/ask_definition{"term": "dce"}'},
    {"title": "MAPA", "payload": '/ask_definition{"term": "mapa"}'},
]


def today() -> dt.date:
    return dt.date.today()


class ActionAnswerQuestion(Action):
    def name(self) -> Text:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if requested_answer(tracker):
            # A statement answering the diagnostic's question (« on a mis 40 000 €
            # de côté »): no answer to a question nobody asked; the form, which
            # runs next, records it.
            return []
        asked = definition_question(latest_text(tracker))
        if asked is not None:
            # « c quoi un MAPA », « c quoi CAUE », « c quoi ponctuel »: what the
            # question names decides the answer, whichever question intent the
            # classifier heard in these few words.
            self.explain(dispatcher, asked)
            return []
        intent = latest_intent(tracker)
        if intent in TOPIC_OF_INTENT:
            send_all(dispatcher, topic_messages(answer_topic(TOPIC_OF_INTENT[intent], today())))
        elif intent == "ask_definition":
            self.definition(dispatcher, tracker)
        elif intent == "ask_partners":
            self.partners(dispatcher, tracker)
        elif intent == "ask_procurement":
            self.procurement(dispatcher, tracker)
        elif intent == "ask_summary":
            await self.summary(dispatcher, tracker)
        else:
            send(dispatcher, "Je n'ai pas de réponse à cette question. Écrivez « aide » pour voir ce que je sais faire.")
        return []

    # -- definitions -----------------------------------------------------------

    @staticmethod
    def definition(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        kb = load_knowledge()
        ids = _named(tracker, "term", kb.terms, kb.terms_in)
        if not ids:
            send(dispatcher, "De quel terme parlez-vous ?", buttons=TERM_BUTTONS)
            return
        for term_id in ids[:2]:
            send_all(dispatcher, topic_messages(answer_term(term_id)))

    @staticmethod
    def explain(dispatcher: CollectingDispatcher, asked: Asked) -> None:
        """The meaning of what a definition question names
        (``assistant.answers.definition_question``)."""
        kb = load_knowledge()
        if asked.kind == "term":
            send_all(dispatcher, topic_messages(answer_term(asked.id)))
        elif asked.kind == "partner":
            _send_partner(dispatcher, kb.partner(asked.id))
        elif asked.kind == "programme":
            programme = next(g for p in kb.partners.values() for g in p.programmes
                             if g.id == asked.id)
            _send_partner(dispatcher, programme)
        elif asked.kind == "need_kind":
            kind = kb.need_kinds[asked.id]
            send_all(dispatcher, [f"{kind.label} : {kind.summary}", kb.sources_text(kind)])
        elif asked.kind == "duration":
            # Both, the one asked first: the question is « ponctuel ou durable ? ».
            labels = kb.fiche.values["duration"]
            ids = [asked.id, *(d for d in labels if d != asked.id and d in kb.durations)]
            lines = [f"{kb.durations[d].label} : {_explanation(labels[d])}." for d in ids]
            send_all(dispatcher, ["\n".join(lines),
                                  kb.sources_text([s for d in ids for s in kb.durations[d].sources])])

    # -- partners --------------------------------------------------------------

    @staticmethod
    def partners(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        kb = load_knowledge()
        ids = _named(tracker, "partner", kb.partners, kb.partners_in)
        if ids:
            for partner_id in ids[:2]:
                _send_partner(dispatcher, kb.partner(partner_id))
            return
        profile = profile_from_slots(slot_values(tracker), today(), kb.partners)
        suggestions = suggest_partners(profile)[:4]
        send(dispatcher, "Avant de recourir à un prestataire privé, sollicitez vos partenaires publics : leur appui est souvent gratuit ou déjà prévu par une convention.")
        send(dispatcher, bullets("Selon votre situation :", (f"**{p.label}** : {p.offer[0]}" for p in suggestions)))
        send_all(dispatcher, topic_messages(answer_topic("partners", today()))[-1:])

    # -- procurement -----------------------------------------------------------

    @staticmethod
    def procurement(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        at = today()
        period = _date_asked(tracker)
        profile = profile_from_slots(slot_values(tracker), at)
        amount_values = latest_entity_values(tracker, "amount")
        if is_procurement_follow_up(latest_text(tracker)):
            # « et en 2024 ? »: what the follow-up does not change comes from
            # the procurement question just answered.
            previous = _previous_procurement_question(tracker)
            if previous is not None:
                amount_values = amount_values or entity_values(previous, "amount")
                if period is None:
                    period = parse_date(previous.get("text") or "", today())
        amount: Optional[float] = None
        if amount_values:
            parsed = parse_amount(str(amount_values[-1]))
            if not parsed.ok:
                send(dispatcher, parsed.error or "Je n'ai pas compris le montant.")
                return
            amount = parsed.value_ht
            if parsed.confirmation:
                send(dispatcher, parsed.confirmation)
        elif profile.amount_ht is not None:
            amount = profile.amount_ht
            send(dispatcher, "Je reprends le montant de votre diagnostic.")
        launch = period.start if period else at
        if amount is not None:
            send_all(dispatcher, route_messages(route(amount, launch, profile.buyer)))
        else:
            changes = changes_in_year(period.start.year, profile.buyer) if period and period.kind == "year" else None
            send_all(dispatcher, overview_messages(describe_rules(launch, profile.buyer), changes))
            send(dispatcher, "Donnez-moi un montant (par exemple « pour 45 000 € HT ») et je vous dirai la procédure à suivre.")

    # -- summary ---------------------------------------------------------------

    @staticmethod
    async def summary(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        if not tracker.get_slot("diagnostic_done") and diagnostic_in_progress(tracker):
            send(dispatcher, "Voici une synthèse provisoire, avec vos réponses jusqu'ici. "
                             "Le diagnostic continue ensuite là où nous en étions.")
        elif not tracker.get_slot("diagnostic_done"):
            send(
                dispatcher,
                "La synthèse reprend le résultat du diagnostic : faisons-le d'abord, cela prend quelques minutes.",
                buttons=[{"title": "Faire le diagnostic", "payload": "/start_diagnostic"}],
            )
            return
        kb = load_knowledge()
        await send_summary(dispatcher, profile_from_slots(slot_values(tracker), today(), kb.partners))


def _send_partner(dispatcher: CollectingDispatcher, partner: Programme) -> None:
    """What a partner (or one of its programmes) offers, and how to reach it."""
    texts = [f"**{partner.label}**", *partner.offer]
    if not partner.active_at(today()):
        texts.append("Attention : ce dispositif n'est plus ouvert à cette date.")
    if partner.caveat:
        texts.append(partner.caveat)
    texts.append(f"Pour le joindre : {partner.contact}.")
    send(dispatcher, "\n".join(texts[:2]))
    send_all(dispatcher, texts[2:])
    send(dispatcher, load_knowledge().sources_text(partner))


def _explanation(label: str) -> str:
    """« Ponctuel (une étude, quelques mois) » → « une étude, quelques mois »."""
    match = re.match(r"^[^(]*\((.+)\)\s*$", label)
    return match.group(1) if match else label


def _named(tracker: Tracker, entity: str, known, search) -> List[str]:
    """Ids named in the message: the NLU's entities if known, else a search
    of the text (« ca veut dire quoi mandataire »)."""
    ids = [value for value in latest_entity_values(tracker, entity) if value in known]
    return ids or [item.id for item in search(latest_text(tracker))]


def _previous_procurement_question(tracker: Tracker) -> Optional[Dict[str, Any]]:
    """Parse data (with its text) of the last procurement question before the
    latest message, if the bot's last answer was to it."""
    users = [e for e in tracker.events if e.get("event") == "user"]
    if len(users) < 2:
        return None
    previous = users[-2]
    parse = previous.get("parse_data") or {}
    if (parse.get("intent") or {}).get("name") != "ask_procurement":
        return None
    text = previous.get("text") or ""
    return None if text.startswith("/") else {**parse, "text": text}


def _date_asked(tracker: Tracker):
    """The date or period named in the question (« au 1er mars 2026 », « en 2025 »)."""
    text = latest_text(tracker)
    return None if text.startswith("/") else parse_date(text, today())
