"""What a word, a partner or a programme is: definitions of terms, partners'
cards, and how a public partner can be entrusted without competition, from
the knowledge data (``ask_definition``, ``ask_partners``, and the short
questions whose words decide the answer: « c quoi un MAPA », « c quoi CAUE »).
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.advice import advice_for_slots
from actions.after import last_answer
from actions.common import entity_values, latest_entity_values, latest_text, message_text, say, send, send_all
from actions.render import (CONTACT_LEAD, PARTNERS_INTRO, partner_messages, partner_or_provider_messages,
                            programme_messages,
                            partner_suggestions_messages, topic_messages, with_sources)
from actions.slots import profile_from_slots, slot_values
from assistant.answers import Asked, and_follow_up, phrased_as_question, unknown_definition_word
from assistant.engine import (answer_public_contracting, answer_term, answer_topic, eligibility_answer, free_offer,
                              partner_audience, suggest_partners)
from assistant import parsing
from assistant.amounts import parse_population
from assistant.knowledge import Programme, load_knowledge
from assistant.profile import STRUCTURE_TYPES, THEMES
from assistant.questions import GROUPEMENT, PUBLIC_PARTNER, organisation_or_provider, partner_or_provider
from assistant.text import words as folded_words

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
        unknown = unknown_definition_word(latest_text(tracker))
        if unknown is not None:
            # « c'est quoi la DETR » got « De quel terme parlez-vous ? » (live
            # test, session 11): the word asked is said unknown, as typed
            send(dispatcher, message_text("unknown_term").format(word=unknown), buttons=TERM_BUTTONS)
            return
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
        programme = next(g for p in kb.partners.values() for g in p.programmes if g.id == asked.id)
        send_all(dispatcher, programme_messages(programme, clock.today()))
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
    text = latest_text(tracker)
    situation = asker_situation(tracker)
    structure, population = situation.get("structure_type"), situation.get("population")
    said: set = set()

    def eligibility(item) -> Optional[str]:
        """Whether the asker may use it, when asked (« on peut ? ») or when it
        may not; once per answer (the ALEC and the SDE have the same public)."""
        answer = eligibility_answer(item, structure, population)
        if answer is None or not (_asks_eligibility(text) or not answer[0]) or answer[1] in said:
            return None
        said.add(answer[1])
        return answer[1]

    programmes, rest = kb.programmes_named(text)
    # (« ALEC, SDE, CEP… c'est qui qui fait quoi ? »: the partners' cards,
    # the CEP among their programmes)
    if programmes and not kb.partners_asked(rest):
        # « villages d'avenir on est 4200 hab on peut ? »: that programme, and
        # whether the asker may use it (live test, session 17)
        for programme in programmes[:2]:
            send_all(dispatcher, programme_messages(programme, clock.today(), eligibility(programme)))
        return
    ids = ([p.id for p in kb.partners_asked(text)]
           or _named(tracker, "partner", kb.partners, kb.partners_in))
    # (« on est une comcom de 12 000 habitants, qui peut nous aider ? » got
    # the card of the intercommunality: the asker itself)
    own = _own_partner(text, structure)
    ids = [i for i in ids if i not in own]
    if ids:
        for partner_id in ids[:2]:
            partner = kb.partner(partner_id)
            send_all(dispatcher, partner_messages(partner, clock.today(), eligibility(partner)))
        return
    unknown = parsing.other_partners(text)
    if unknown:
        # « et l'ONF ? » got the general list (live test, session 24)
        say(dispatcher, "partner_without_card_asked", names=", ".join(unknown))
        return
    profile = profile_from_slots(situation, clock.today(), kb.partners)
    # After the diagnostic, the notes of its result (cooperation between
    # public buyers, quasi-régie…) go with the partners.
    notes = advice_for_slots(tracker).partner_notes if tracker.get_slot("diagnostic_done") else ()
    send_all(dispatcher, partner_suggestions_messages(suggest_partners(profile), notes))


_CONTACT_LINE = re.compile(r"(?m)^(?:%s) :" % "|".join(re.escape(lead) for lead in CONTACT_LEAD.values()))


# At most this many partners' cards in one answer.
MAX_COMPARED_PARTNERS = 2


def answer_partner_or_provider(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """« vaut mieux le CAUE ou un bureau d'etudes ? », « ds quel cas on prend
    l'ATD plutôt qu'un amo privé » (``assistant.questions.partner_or_provider``):
    the public partner first if it can cover the need, what it does, for whom,
    how to reach it, and when a private AMO is justified, from the data (live
    test, session 12: a fallback, or the generic « faire en interne »). True
    when answered; False, nothing said, for any other message."""
    ids = partner_or_provider(latest_text(tracker))
    unknown = () if ids else organisation_or_provider(latest_text(tracker))
    if not ids and not unknown:
        return False
    if unknown:
        # « faut il un AMO ou le CNFPT suffit ? »: no card on it, then when a
        # private AMO is justified (live test, session 27)
        say(dispatcher, "partner_without_card_asked", names=", ".join(unknown))
    kb = load_knowledge()
    partners = [kb.partner(i) for i in ids[:MAX_COMPARED_PARTNERS]]
    send_all(dispatcher, partner_or_provider_messages(answer_topic("partner_or_provider", clock.today()), partners))
    return True


def answer_partner_eligibility(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """« agence technique departementale, on est une comcom de 45 000
    habitants, on peut y aller ? » (heard as information, it started the
    diagnostic: live test, session 18): a question whether the asker may use
    the partners or programmes it names, answered with their cards and
    whether the asker may. True when answered; False, nothing said, for any
    other message."""
    text = latest_text(tracker)
    if not phrased_as_question(text) or not _asks_eligibility(text):
        return False
    kb = load_knowledge()
    programmes, rest = kb.programmes_named(text)
    structure = asker_situation(tracker).get("structure_type")
    named = [p.id for p in kb.partners_asked(rest)] or [
        v for v in latest_entity_values(tracker, "partner") if v in kb.partners]
    if not programmes and not [i for i in named if i not in _own_partner(text, structure)]:
        return False
    answer_partners(dispatcher, tracker)
    return True


def after_partners_answer(tracker: Tracker) -> bool:
    """The assistant's last answer was about partners: the partners to ask
    first (« Avant de recourir à un prestataire privé, sollicitez vos
    partenaires publics… ») or a partner's or programme's card (its line
    « Pour le joindre : … »)."""
    for event in last_answer(tracker):
        text = (event.get("text") or "").replace("\u00a0", " ").replace("\u202f", " ")
        if text.startswith(PARTNERS_INTRO.split(" :")[0]) or _CONTACT_LINE.search(text):
            return True
    return False


def answer_partner_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """A short « et … » right after an answer about partners
    (``assistant.answers.and_follow_up``) asks that answer again for
    something else (live test, session 11: heard as information, these
    started the diagnostic): « et la banque des territoires », « et une
    ALEC » name a partner of the knowledge data, whose card is sent; « et
    pour le numérique, genre site web et logiciels métier ? », « et pour le
    PCAET ? », « et si on est un syndicat mixte ? » say another situation,
    whose partners are listed (the theme of the question before kept when
    the follow-up names none). True when answered; False, nothing said,
    for anything else (« et on a vu l'ALEC » says something)."""
    text = latest_text(tracker)
    if after_partners_answer(tracker) and (answer_eligibility_follow_up(dispatcher, tracker)
                                           or answer_cost_follow_up(dispatcher, tracker)):
        return True
    if not (and_follow_up(text) and after_partners_answer(tracker)):
        return False
    kb = load_knowledge()
    if kb.partners_asked(text):
        answer_partners(dispatcher, tracker)
        return True
    situation = asker_situation(tracker)
    theme = theme_said(text, latest_entity_values(tracker, "theme"))
    said = theme or parsing.parse_own_structure(text) or latest_entity_values(tracker, "structure_type")
    if not said:
        return False
    earlier = _earlier_theme(tracker)
    if theme is None and earlier:
        situation["theme"] = earlier
    profile = profile_from_slots(situation, clock.today(), kb.partners)
    send_all(dispatcher, partner_suggestions_messages(suggest_partners(profile)))
    return True


# « on y a droit ? », « on est éligible ? », « ça nous concerne ? »
_ELIGIBILITY_ASKED = re.compile(
    r"\b(?:y\s+(?:a|avons|avez|aurait|aurions)\s+(?:droit|acces)|(?:on|nous)\s+(?:a|avons)\s+droit"
    r"|eligibles?|eligibilite|(?:on|nous)\s+(?:peut|pouvons)\s+(?:en\s+)?(?:beneficier|y\s+pretendre|y\s+acceder)"
    r"|ca\s+nous\s+concerne|c\s+est\s+pour\s+nous|on\s+(?:rentre|entre)\s+dans\s+les\s+criteres)\b")


def _asks_eligibility(text: str) -> bool:
    """« on y a droit ? », « on peut ? », « ils peuvent nous aider ? »"""
    folded = folded_words(text)
    return bool(_ELIGIBILITY_ASKED.search(folded) or re.search(
        r"\b(?:on\s+peut|peut\s+on|pouvons\s+nous|peu[tv]\w*\s+nous\s+aider|nous\s+aider|pour\s+nous"
        r"|droit\s+(?:a|au|aux))\b", folded))


# « et c'est gratuit ? », « c'est payant ? », « ça coûte combien ? »
_COST_ASKED = re.compile(r"\b(?:gratuit\w*|payant\w*|ca\s+coute|coute\s+combien|combien\s+(?:ca\s+)?coute"
                         r"|c\s+est\s+cher|tarifs?|faut\s+(?:il\s+)?payer|on\s+pai\w*|on\s+paye\w*"
                         r"|cotisations?|facture\w*)\b")


def answer_cost_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """« et c'est gratuit ? » right after a partner's or programme's card got
    the list of the partners (live test, session 25): what its data say of
    the cost, or that they say nothing, and whom to ask. True when
    answered; False, nothing said, otherwise."""
    text = latest_text(tracker)
    folded = folded_words(text)
    if len(folded.split()) > 10 or not _COST_ASKED.search(folded):
        return False
    card = _last_card(tracker)
    if card is None:
        return False
    free = free_offer(card)
    if free is not None:
        say(dispatcher, "partner_free", offer=free)
    else:
        to_contact = re.sub(r"^à les ", "aux ", re.sub(r"^à le ", "au ", f"à {card.contact}"))
        say(dispatcher, "partner_cost_unknown", to_contact=to_contact)
    return True


def answer_eligibility_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """« et nous on est une commune de 15000 hab on y a droit ? » right after
    a partner's or programme's card (heard as information, it started the
    diagnostic: live test, session 17): whether the asker may use it, from
    its conditions, or whom it is for when what is known does not decide.
    True when answered; False, nothing said, otherwise."""
    text = latest_text(tracker)
    if not _ELIGIBILITY_ASKED.search(folded_words(text)):
        return False
    card = _last_card(tracker)
    if card is None:
        return False
    situation = asker_situation(tracker)
    answer = eligibility_answer(card, situation.get("structure_type"), situation.get("population"))
    if answer is not None:
        send(dispatcher, answer[1])
    elif card.eligibility:
        send(dispatcher, f"{partner_audience(card)} {message_text('eligibility_needs_size')}")
    else:
        return False
    return True


def _last_card(tracker: Tracker) -> Optional[Programme]:
    """The partner or programme whose card (« **Villages d'avenir** … ») the
    assistant's last answer gave, if any."""
    kb = load_knowledge()
    texts = [e.get("text") or "" for e in last_answer(tracker)]
    for partner in kb.partners.values():
        for item in (*partner.programmes, partner):
            if any(t.startswith(f"**{item.label}**") for t in texts):
                return item
    return None


def _earlier_theme(tracker: Tracker) -> Optional[str]:
    """The theme that the user's message before the latest named (its words,
    or the NLU's entity): the project the partners were asked for."""
    users = [e for e in tracker.events if e.get("event") == "user"]
    if len(users) < 2:
        return None
    earlier = users[-2]
    return theme_said(earlier.get("text") or "", entity_values(earlier.get("parse_data"), "theme"))


def theme_said(text: str, entities: List[Any]) -> Optional[str]:
    """The theme a message says: named in its words (``parsing.parse_theme``),
    or else heard by the NLU (its ``theme`` entities, the first that is a
    theme); None when neither says one (« autre », « je ne sais pas »: none)."""
    theme = parsing.parse_theme(text) or next((v for v in entities if v in THEMES), None)
    return theme if theme in THEMES and theme != "autre" else None


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
    theme = theme_said(text, latest_entity_values(tracker, "theme"))
    if theme is not None:
        values["theme"] = theme
    own = parsing.parse_own_structure(text)
    named = [v for v in latest_entity_values(tracker, "structure_type") if v in STRUCTURE_TYPES]
    if own in STRUCTURE_TYPES:
        values["structure_type"] = own
    elif values.get("structure_type") is None and named:
        values["structure_type"] = named[0]
    if isinstance(values.get("population"), str):
        # (a slot Rasa filled from the entity, before any validation: its text)
        values["population"] = parse_population(f"{values['population']} habitants")
    if values.get("population") is None:
        # (the NLU's entity is its text, « 4200 »: as a number)
        said = next(iter(latest_entity_values(tracker, "population")), None)
        values["population"] = parse_population(f"{said} habitants") if said is not None else None
        if values["population"] is None:
            values["population"] = parse_population(text)
    return values


def _own_partner(text: str, structure: Optional[str]) -> frozenset:
    """The partners that are the asker itself: its intercommunality when it
    is one (« on est une comcom »), the kind of syndicat it says it is."""
    own = set(parsing.own_bodies(text))
    if structure == "epci" and parsing.parse_own_structure(text) == "epci":
        own.add("epci")
    return frozenset(own)


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
