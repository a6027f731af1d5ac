"""What a word, a partner or a programme is: definitions of terms, partners'
cards, and how a public partner can be entrusted without competition, from
the knowledge data (``ask_definition``, ``ask_partners``, and the short
questions whose words decide the answer: « c quoi un MAPA », « c quoi CAUE »).
"""
from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.advice import advice_for_slots
from actions.common import latest_entity_values, latest_text, send, send_all
from actions.render import partner_messages, partner_suggestions_messages, topic_messages, with_sources
from actions.slots import profile_from_slots, slot_values
from assistant.answers import Asked
from assistant.engine import answer_public_contracting, answer_term, answer_topic, suggest_partners
from assistant import parsing
from assistant.knowledge import Programme, load_knowledge
from assistant.profile import STRUCTURE_TYPES, THEMES
from assistant.questions import GROUPEMENT, PUBLIC_PARTNER

TERM_BUTTONS = [
    {"title": "AMO", "payload": '/ask_definition{"term": "amo"}'},
    {"title": "Maîtrise d'œuvre (MOE)", "payload": '/ask_definition{"term": "moe"}'},
    {"title": "DCE", "payload": '/ask_definition{"term": "dce"}'},
    {"title": "MAPA", "payload": '/ask_definition{"term": "mapa"}'},
]


def answer_definition(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    kb = load_knowledge()
    ids = _named(tracker, "term", kb.terms, kb.terms_in)
    if not ids:
        send(dispatcher, "De quel terme parlez-vous ?", buttons=TERM_BUTTONS)
        return
    for term_id in ids[:2]:
        send_all(dispatcher, topic_messages(answer_term(term_id)))

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
        kinds = [kb.need_kinds[i] for i in (asked.id, *asked.also) if i in kb.need_kinds]
        send_all(dispatcher, with_sources(["\n".join(f"{k.label} : {k.summary}" for k in kinds)],
                                          [s for k in kinds for s in k.sources]))
    elif asked.kind == "duration":
        # Both, the one asked first: the question is « ponctuel ou durable ? ».
        labels = kb.fiche.values["duration"]
        ids = [asked.id, *(d for d in labels if d != asked.id and d in kb.durations)]
        lines = [f"{kb.durations[d].label} : {_explanation(labels[d])}." for d in ids]
        send_all(dispatcher, with_sources(["\n".join(lines)],
                                          [s for d in ids for s in kb.durations[d].sources]))

def answer_public_partner(dispatcher: CollectingDispatcher, named) -> None:
    """A public partner without competition: the quasi-régie, the
    cooperation between public buyers, or both, or the ways of entrusting a
    public partner; a groupement de commandes, which the knowledge data
    does not cover: said honestly, with whom to ask."""
    if GROUPEMENT in named:
        send_all(dispatcher, topic_messages(answer_topic("groupement_commandes", clock.today())))
        return
    terms = tuple(n for n in named if n != PUBLIC_PARTNER)
    send_all(dispatcher, topic_messages(answer_public_contracting(terms, clock.today())))

# -- partners --------------------------------------------------------------

def answer_partners(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    kb = load_knowledge()
    # The partners the text names first: the NLU may hear only a word of a
    # longer name (« l'agence technique du departement » → département).
    ids = ([p.id for p in kb.partners_asked(latest_text(tracker))]
           or _named(tracker, "partner", kb.partners, kb.partners_in))
    if ids:
        for partner_id in ids[:2]:
            _send_partner(dispatcher, kb.partner(partner_id))
        return
    profile = profile_from_slots(asker_situation(tracker), clock.today(), kb.partners)
    # After the diagnostic, the notes of its result (cooperation between
    # public buyers, quasi-régie…) go with the partners.
    notes = advice_for_slots(tracker).partner_notes if tracker.get_slot("diagnostic_done") else ()
    send_all(dispatcher, partner_suggestions_messages(suggest_partners(profile), notes))

def asker_situation(tracker: Tracker) -> Dict[str, Any]:
    """The answers of the diagnostic, completed by what the question says
    of the asker: « on veut numériser nos démarches, on est un syndicat
    mixte, qui peut nous aider ? » is a digital project of a syndicat (the
    OPSN first, not the partners of any project). The theme the question
    names wins over the diagnostic's (the question is about that project);
    the structure wins when the user says it is theirs; the population only
    fills a gap (``profile_from_slots`` bounds it)."""
    values = slot_values(tracker)
    text = latest_text(tracker)
    themes = [v for v in latest_entity_values(tracker, "theme") if v in THEMES]
    theme = parsing.parse_theme(text) or next(iter(themes), None)
    if theme in THEMES and theme != "autre":
        values["theme"] = theme
    own = parsing.parse_own_structure(text)
    named = [v for v in latest_entity_values(tracker, "structure_type") if v in STRUCTURE_TYPES]
    if own in STRUCTURE_TYPES:
        values["structure_type"] = own
    elif values.get("structure_type") is None and named:
        values["structure_type"] = named[0]
    if values.get("population") is None:
        values["population"] = next(iter(latest_entity_values(tracker, "population")), None)
    return values


def _send_partner(dispatcher: CollectingDispatcher, partner: Programme) -> None:
    """What a partner (or one of its programmes) offers, and how to reach it."""
    send_all(dispatcher, partner_messages(partner, clock.today()))


def _explanation(label: str) -> str:
    """« Ponctuel (une étude, quelques mois) » → « une étude, quelques mois »."""
    match = re.match(r"^[^(]*\((.+)\)\s*$", label)
    return match.group(1) if match else label


def _named(tracker: Tracker, entity: str, known, search) -> List[str]:
    """Ids named in the message: the NLU's entities if known, else a search
    of the text (« ca veut dire quoi mandataire »)."""
    ids = [value for value in latest_entity_values(tracker, entity) if value in known]
    return ids or [item.id for item in search(latest_text(tracker))]
