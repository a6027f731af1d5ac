"""Questions answered at any time, from the knowledge data and the engine.

The intent says which topic; entities say which term, partner, amount or
date. Amounts and dates are computed at the date of the question.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.after import acknowledge_complaint, next_steps, reask_after_result
from assistant.after import complaint
from actions.common import (entity_values, latest_entity_values, latest_intent, latest_text, message,
                            message_text, say, send, send_all)
from actions.fiche import send_summary
from actions.forms import asks_to_explain
from actions.render import (
    bullets,
    with_sources,
    checklist_messages,
    noted_lines,
    overview_messages,
    partner_messages,
    partner_suggestions_messages,
    risk_messages,
    route_messages,
    threshold_check_messages,
    topic_messages,
)
from actions.slots import (
    correction, diagnostic_in_progress, going_back, profile_from_slots, requested_answer,
    slot_values,
)
from assistant.amounts import (NOTE_TOTAL, READ_AS_HT, AmountParse, find_amount_spans, parse_amount, parse_date,
                               read_as_ht, says_tax, typed_ttc_of)
from assistant.answers import (TOTAL_ASKED, TOTAL_STATED, WITHOUT_OPTION, Asked, definition_question,
                               follow_up_with_context, is_need_addition, is_procurement_follow_up,
                               need_follow_up,
                               phrased_as_question)
from assistant.engine import (advise, answer_comparison, answer_criterion, answer_formalised, answer_price_weight,
                              answer_public_contracting, answer_term, answer_topic, suggest_partners,
                              topic_size)
from assistant.knowledge import Programme, load_knowledge
from assistant.proposal import is_provider_proposal, proposal_amount
from assistant.procurement import (SourcedText, ThresholdCheck, changes_in_year, check_threshold, describe_rules,
                                   period_words, route, rule_text_at, thresholds_at)
from assistant.purchase import SERVICES, TRAVAUX, amount_categories, keep_amounts, purchase_category
from assistant.typography import format_eur
from assistant.text import fold
from assistant.questions import (CRITERION, GROUPEMENT, PUBLIC_PARTNER, QUOTES, SAME_PROVIDER, compared_terms,
                                 compulsory_question, direct_question, formalised_question, price_weight,
                                 public_contracting, threshold_claim)

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
# Once the diagnostic is done, these questions (the buttons under its result)
# are answered for the profile: its risks, what to prepare first.
PERSONAL_ANSWER_OF_INTENT = {
    "ask_risks": risk_messages,
    "ask_success_conditions": checklist_messages,
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
        # After the result, « je vous rappelle qu'on est un syndicat mixte
        # ouvert, pas un EPCI. … on peut le reprendre sans consultation ? »:
        # the correction is made (result updated), then the question answered
        # (final retest N6). (actions.advice imports this module.)
        from actions.advice import correct_after_result

        corrected = await correct_after_result(dispatcher, tracker)
        if corrected:
            return corrected + await self._answer(dispatcher, tracker)
        reasked = reask_after_result(tracker)
        if reasked is not None:
            return reasked      # « je voudrais corriger le besoin » (F-L1)
        if next_steps(dispatcher, tracker):
            return []  # « et maintenant ? » after the result (final S-L4)
        if complaint(latest_text(tracker)) and phrased_as_question(latest_text(tracker)):
            # « les conseils sont trop generiques, … on peut le reprendre sans
            # consultation ? »: the question answered, then the remark noted
            answered = await self._answer(dispatcher, tracker)
            return answered + (acknowledge_complaint(dispatcher, tracker, offer=False) or [])
        complained = acknowledge_complaint(dispatcher, tracker)
        if complained is not None:
            return complained  # « vos réponses sont trop longues » (final M-M8)
        return await self._answer(dispatcher, tracker)

    async def _answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> List[Dict[Text, Any]]:
        if requested_answer(tracker) or correction(tracker) or going_back(tracker) \
                or (tracker.active_loop_name == "diagnostic_form" and asks_to_explain(tracker)):
            # (« j'ai pas compris la question »: the form explains it)
            # A statement answering the diagnostic's question (« on a mis 40 000 €
            # de côté ») or correcting an earlier answer, or « revenir en
            # arrière »: no answer to a question nobody asked; the form, which
            # runs next, records it or says how to correct.
            return []
        if answer_provider_proposal(dispatcher, tracker):
            # a provider's e-mail pasted in, heard as the mission families or
            # the content of the DCE (final M-M1)
            return []
        compared = compared_terms(latest_text(tracker))
        if compared is not None:
            # « quelle différence entre AMO et mandataire ? », « CCAG-PI vs
            # CCAG-MOE », « … j'ai besoin des deux ? »: both sides in a line
            # each, not the first term's whole definition.
            send_all(dispatcher, topic_messages(answer_comparison(compared.terms, compared.both,
                                                                  compared.architect)))
            return []
        asked = definition_question(latest_text(tracker))
        if asked is not None:
            # « c quoi un MAPA », « c quoi CAUE », « c quoi ponctuel »: what the
            # question names decides the answer, whichever question intent the
            # classifier heard in these few words.
            self.explain(dispatcher, asked)
            return []
        named = public_contracting(latest_text(tracker), _earlier_texts(tracker))
        if named is not None:
            # « peut-on contracter avec une SPL sans mise en concurrence ? », « et
            # on peut leur confier sans appel d'offres ? » (the com com named
            # before), « un groupement de commandes avec la comcom ? »: what the
            # question names decides, whichever question intent the classifier
            # heard (the thresholds, a partner's card, splitting a need).
            self.public_contracting(dispatcher, named)
            return []
        if formalised_question(latest_text(tracker)):
            # « quelle procédure formalisée choisir ? », « appel d'offres ou
            # procédure avec négociation ? » got the whole table of the
            # thresholds (final D-L6): the procedures, from when they are
            # required, and whom to ask how to choose, which the data do not say.
            period = _date_asked(tracker)
            profile = profile_from_slots(slot_values(tracker), today())
            send_all(dispatcher, topic_messages(answer_formalised(
                period.start if period else today(), profile.buyer,
                period_words(period.start, period.kind) if period else None)))
            return []
        compulsory = compulsory_question(latest_text(tracker))
        if compulsory is not None:
            # « le critère environnemental est-il obligatoire pour nous ? on lance
            # en janvier 2027 », « est-on obligé de négocier ? »: the yes or the
            # no first, then one or two lines (not the whole topic again).
            answer = (answer_criterion(today(), _date_asked(tracker)) if compulsory == CRITERION
                      else answer_topic(compulsory, today()))
            send_all(dispatcher, topic_messages(answer))
            return []
        direct = direct_question(latest_text(tracker))
        if direct in (QUOTES, SAME_PROVIDER) and find_amount_spans(latest_text(tracker)):
            # « faut il obligatoirement 3 devis pour une AMO a 20 000 euros ? »:
            # « Non : aucun texte n'impose un nombre de devis » before the route
            # of the amount, if it is under the dispense threshold; « on peut
            # reprendre le même cabinet pour 30 000 € sans consultation ? »: the
            # yes or the no of that amount before its route.
            return self.procurement(dispatcher, tracker, direct=direct)
        if direct is not None:
            # « l'AMO peut-il ensuite être retenu comme maître d'oeuvre ? », « l'AMO
            # peut choisir le logiciel a notre place ? », « comment on evite
            # d'etre captif du presta ? »: the yes or the no (or the advice
            # asked) first, not the whole topic of the intent heard.
            send_all(dispatcher, topic_messages(_direct_answer(direct)))
            return []
        if answer_price_weight_of(dispatcher, latest_text(tracker)):
            # « le prix a 70% ca va ? »: that weight, not only « 50 à 60 % est courant ».
            return []
        if need_follow_up(latest_text(tracker)) is not None and _conversation_need(tracker) is not None:
            # « donc au total ça fait combien ? » after « mission AMO 38 500 € »
            # and its option: heard as a price question, it got the refusal to
            # give a price range (final M-H1); the need's value and its route.
            return self.procurement(dispatcher, tracker)
        intent = latest_intent(tracker)
        if intent in PERSONAL_ANSWER_OF_INTENT and tracker.get_slot("diagnostic_done"):
            send_all(dispatcher, PERSONAL_ANSWER_OF_INTENT[intent](_advice(tracker)))
        elif intent == "ask_splitting" and _splitting_total(dispatcher, tracker):
            pass
        elif intent == "ask_risks":
            _risks(dispatcher, tracker)
        elif intent in TOPIC_OF_INTENT:
            send_all(dispatcher, topic_messages(answer_topic(TOPIC_OF_INTENT[intent], today())))
        elif intent == "ask_definition":
            self.definition(dispatcher, tracker)
        elif intent == "ask_partners":
            self.partners(dispatcher, tracker)
        elif intent == "ask_procurement":
            return self.procurement(dispatcher, tracker)
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
            send_all(dispatcher, with_sources([f"{kind.label} : {kind.summary}"], kind.sources))
        elif asked.kind == "duration":
            # Both, the one asked first: the question is « ponctuel ou durable ? ».
            labels = kb.fiche.values["duration"]
            ids = [asked.id, *(d for d in labels if d != asked.id and d in kb.durations)]
            lines = [f"{kb.durations[d].label} : {_explanation(labels[d])}." for d in ids]
            send_all(dispatcher, with_sources(["\n".join(lines)],
                                              [s for d in ids for s in kb.durations[d].sources]))

    @staticmethod
    def public_contracting(dispatcher: CollectingDispatcher, named) -> None:
        """A public partner without competition: the quasi-régie, the
        cooperation between public buyers, or both, or the ways of entrusting a
        public partner; a groupement de commandes, which the knowledge data
        does not cover: said honestly, with whom to ask."""
        if GROUPEMENT in named:
            send_all(dispatcher, topic_messages(answer_topic("groupement_commandes", today())))
            return
        terms = tuple(n for n in named if n != PUBLIC_PARTNER)
        send_all(dispatcher, topic_messages(answer_public_contracting(terms, today())))

    # -- partners --------------------------------------------------------------

    @staticmethod
    def partners(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        kb = load_knowledge()
        # The partners the text names first: the NLU may hear only a word of a
        # longer name (« l'agence technique du departement » → département).
        ids = ([p.id for p in kb.partners_asked(latest_text(tracker))]
               or _named(tracker, "partner", kb.partners, kb.partners_in))
        if ids:
            for partner_id in ids[:2]:
                _send_partner(dispatcher, kb.partner(partner_id))
            return
        profile = profile_from_slots(slot_values(tracker), today(), kb.partners)
        # After the diagnostic, the notes of its result (cooperation between
        # public buyers, quasi-régie…) go with the partners.
        notes = _advice(tracker).partner_notes if tracker.get_slot("diagnostic_done") else ()
        send_all(dispatcher, partner_suggestions_messages(suggest_partners(profile), notes))

    # -- procurement -----------------------------------------------------------

    @staticmethod
    def procurement(dispatcher: CollectingDispatcher, tracker: Tracker,
                    direct: Optional[str] = None) -> List[Dict[Text, Any]]:
        """``direct``: the question asks whether a number of quotes is
        compulsory (``assistant.questions.QUOTES``) or whether the same
        provider can be hired again (``SAME_PROVIDER``)."""
        at = today()
        period = _date_asked(tracker)
        profile = profile_from_slots(slot_values(tracker), at)
        text = latest_text(tracker)
        lead = follow_up_with_context(text)
        if lead is not None:
            # « et en 2023 ? nous avions fait faire l'étude mobilité par un
            # bureau d'études » (final D-M1): the follow-up asked, the context
            # set aside.
            text, period = lead, parse_date(lead, today())
        typed = "" if text.startswith("/") else text
        amount_values = latest_entity_values(tracker, "amount")
        # The amounts are read in the whole question, where each one's purchase
        # (« AMO 20 000, travaux 180 000 ») is told.
        amount_text = typed if find_amount_spans(typed) else None
        category = purchase_category(typed)
        if is_procurement_follow_up(text):
            # « et en 2024 ? »: what the follow-up does not change comes from
            # the procurement question just answered.
            previous = _previous_procurement_question(tracker)
            if previous is not None:
                previous_text = previous.get("text") or ""
                if amount_text is None and not amount_values:
                    amount_text = previous_text if find_amount_spans(previous_text) else None
                    amount_values = entity_values(previous, "amount")
                category = category or purchase_category(previous_text)
                if period is None:
                    period = parse_date(previous_text, today())
        if amount_text is None and not amount_values and profile.amount_ht is None \
                and _THIS_PURCHASE.search(fold(typed)):
            # « on a un devis de 12000 euros pour le site… besoin d'un AMO ? »
            # then « ok mais on prend le devis direct ou faut en demander
            # d'autres » (final retest S-H8): the amount of the message just
            # before, said to be taken from it, rather than the whole table.
            earlier = next((t for t in _earlier_texts(tracker, 1) if find_amount_spans(t)), None)
            if earlier is not None:
                amount_text = earlier
                category = category or purchase_category(earlier)
                say(dispatcher, "amount_from_earlier_message")
        launch = period.start if period else at
        # « en novembre 2025 », « en 2023 »: said as asked, computed on its first day
        when = period_words(period.start, period.kind) if period else None
        until = period.end if period and period.kind != "day" else None
        about_need = need_follow_up(typed)
        if about_need is not None:
            # « donc au total ça fait combien ? », « et si je prends pas
            # l'option ? », « ça fait 51100 au total »: the value of the need
            # just given (its parts, without its options) and its route.
            need = _conversation_need(tracker)
            if need is not None:
                value, before = _need_answer(about_need, need, typed)
                send_all(dispatcher, route_messages(route(value, launch, profile.buyer, category or SERVICES,
                                                          when, until), before=before))
                return []
        claim = None if is_procurement_follow_up(text) else threshold_claim(typed)
        if claim is not None:
            # « on m'a dit que sous 40 000 on peut signer direct, c toujours
            # vrai ? », « 90 000 c'est le seuil ? »: a threshold value to confirm
            # or correct at the date, not an amount of 40 000 € to route.
            check = check_threshold(claim.value, launch, profile.buyer, category or SERVICES,
                                    claim.roles, claim.direction, claim.says_threshold,
                                    answer=claim.yes_or_no)
            if check is not None:
                _threshold_check(dispatcher, check, launch, profile.buyer, category or SERVICES)
                return []
        if amount_text is not None and is_need_addition(amount_text):
            # « il y a une option en plus de 12 600 »: added to the amount of the
            # question just answered (or of the diagnostic)
            previous = _previous_amount(tracker)
            base = previous or profile.amount_ht
            if base:
                parsed = parse_amount(amount_text, today(), base=base)
                if parsed.ok and parsed.value_ht is not None:
                    events = []
                    if previous is None:
                        # an option of the diagnostic's budget: the budget is updated
                        events = [SlotSet("amount", parsed.value_ht)]
                    if parsed.confirmation:
                        send(dispatcher, parsed.confirmation)
                    read_ht = read_as_ht(parsed, amount_text) and not ht_reading_said(tracker)
                    send_all(dispatcher, route_messages(route(parsed.value_ht, launch, profile.buyer,
                                                              category or SERVICES, when, until,
                                                              read_ht=read_ht)))
                    return events
        if amount_text is not None:
            _purchase_routes(dispatcher, amount_text, launch, profile.buyer, category, direct, when, until,
                             ht_said=ht_reading_said(tracker))
            return []
        amount: Optional[float] = None
        ttc: Optional[float] = None
        read_ht = False
        if amount_values:
            parsed = parse_amount(str(amount_values[-1]))
            if not parsed.ok:
                send(dispatcher, parsed.error or "Je n'ai pas compris le montant.")
                return []
            amount, ttc = parsed.value_ht, typed_ttc_of(parsed)
            read_ht = read_as_ht(parsed, f"{amount_values[-1]} {typed}") and not ht_reading_said(tracker)
            if parsed.confirmation:
                send(dispatcher, parsed.confirmation)
        elif profile.amount_ht is not None and category != TRAVAUX:
            amount, ttc = profile.amount_ht, profile.amount_ttc
            send(dispatcher, "Je reprends le montant de votre diagnostic.")
        if amount is not None:
            send_all(dispatcher, route_messages(route(amount, launch, profile.buyer, category or SERVICES,
                                                      when, until, ttc=ttc, read_ht=read_ht)))
        else:
            changes = changes_in_year(period.start.year, profile.buyer) if period and period.kind == "year" else None
            send_all(dispatcher, overview_messages(
                describe_rules(launch, profile.buyer, category or SERVICES, when), changes, when))
            send(dispatcher, "Donnez-moi un montant (par exemple « pour 45 000 € HT ») et je vous dirai la procédure à suivre.")
        return []

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
        noted = noted_lines(slot_values(tracker))
        if noted:
            # on a phone, the answers themselves, before the fiche's links
            send(dispatcher, bullets("Ce que j'ai noté :", noted, limit=len(noted)))
        kb = load_knowledge()
        await send_summary(dispatcher, profile_from_slots(slot_values(tracker), today(), kb.partners))


# « quels sont les risques ? »: on a phone, the first risks of risks.yml (the
# loss of skills is the main one, fiche 3.E), the others named, on a button.
RISKS_FIRST = 3
_OTHER_RISKS = "Les autres risques, et comment les limiter :"


def _more_risks_button(count: int) -> Dict[str, str]:
    return {"title": f"Voir les {count} autres risques", "payload": "/ask_risks"}


def _risks(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The general risks: the first ``RISKS_FIRST`` with how to limit them,
    the others named, with a button that gives them (maire M2, dgs M8: seven
    bullets on a phone); that button clicked, the others."""
    from dataclasses import replace
    total = topic_size("risks", today())
    if total <= RISKS_FIRST + 1:
        send_all(dispatcher, topic_messages(answer_topic("risks", today())))
        return
    button = _more_risks_button(total - RISKS_FIRST)
    if latest_text(tracker).startswith("/") and button["title"] in _last_bot_buttons(tracker):
        rest = answer_topic("risks", today(), slice(RISKS_FIRST, None))
        send_all(dispatcher, topic_messages(replace(rest, messages=(_OTHER_RISKS, *rest.messages[1:]))))
        return
    first = answer_topic("risks", today(), slice(0, RISKS_FIRST))
    others = [r.label[:1].lower() + r.label[1:] for r in list(load_knowledge().risks.values())[RISKS_FIRST:]]
    named = f"Autres risques : {', '.join(others)}."
    messages = topic_messages(replace(first, messages=(*first.messages, named)))
    send_all(dispatcher, messages[:-1])
    send(dispatcher, messages[-1], buttons=[button])


def _last_bot_buttons(tracker: Tracker) -> List[str]:
    """The titles of the buttons of the assistant's last message before the
    latest user message."""
    events = list(tracker.events)
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    before = events[:users[-1]] if users else events
    for event in reversed(before):
        if event.get("event") == "bot":
            return [b.get("title") or "" for b in (event.get("data") or {}).get("buttons") or []]
    return []


def answer_direct_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """A question whose answer is one topic of the data
    (``assistant.questions.direct_question``) heard as off-topic or not
    understood: answered all the same (« … c'est celui qui a fait notre schéma
    directeur en 2024 : on peut le reprendre sans consultation ? » got « Désolé,
    je n'ai toujours pas compris », final D-M7). False, nothing said, for any
    other message."""
    text = latest_text(tracker)
    direct = direct_question(text)
    if direct is None:
        return False
    if direct in (QUOTES, SAME_PROVIDER) and find_amount_spans(text):
        ActionAnswerQuestion.procurement(dispatcher, tracker, direct=direct)
    else:
        send_all(dispatcher, topic_messages(_direct_answer(direct)))
    return True


def _direct_answer(direct: str):
    """The answer of a ``direct_question``: a topic of topics.yml, or the
    definition of a term of roles.yml (``PCAET``: what it is, then that the
    data hold no rule on who draws it up, and whom to ask)."""
    if direct in load_knowledge().terms:
        return answer_term(direct)
    return answer_topic(direct, today())


# The risks of risks.yml whose remedy is checked in a provider's proposal:
# what it leaves to the authority (skills, deliverables).
PROPOSAL_RISKS = ("perte_competences", "information_perdue")


def answer_provider_proposal(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """A provider's proposal pasted in (« Bonjour Madame le Maire, … je vous
    propose une mission … pour un montant de 18 500 € HT. … Cordialement »,
    ``assistant.proposal``) got the mission families (final M-M1). Two
    messages: the route of its amount at today's date (under the dispense
    threshold, the R2122-8 obligations in one line), then the points to check
    before signing, from the risks data, and the diagnostic offered. False,
    nothing said, for any other message."""
    text = latest_text(tracker)
    if not is_provider_proposal(text):
        return False
    kb = load_knowledge()
    at = today()
    amount = proposal_amount(text, at)
    first = [message_text("proposal_read")]
    sources: List[str] = []
    if amount is None:
        first.append(message_text("proposal_no_amount"))
    elif amount.value_ht is None:
        first.append(amount.error or message_text("proposal_no_amount"))
    else:
        if amount.confirmation:
            first.append(amount.confirmation)
        result = route(amount.value_ht, at, profile_from_slots(slot_values(tracker), at).buyer, SERVICES,
                       read_ht=not says_tax(text) and not ht_reading_said(tracker))
        said = [result.summary] if result.covered else [result.no_data]
        if result.route == "dispense":
            said.append(kb.text("dispense_reminder"))
        first.extend(t.text for t in said if t is not None)
        sources.extend(s for t in said if t is not None for s in t.sources)
    send_all(dispatcher, with_sources([" ".join(first)], sources))
    risks = [kb.risks[r] for r in PROPOSAL_RISKS if r in kb.risks]
    checks = [m for r in risks for m in r.mitigation[:1]]
    second = bullets(message_text("proposal_checks"), checks, limit=len(checks)) or ""
    if tracker.get_slot("diagnostic_done") or tracker.get_slot("requested_slot") is not None:
        # (no diagnostic offered once it is given, or while it is under way)
        send_all(dispatcher, with_sources([second], [s for r in risks for s in r.sources]))
    else:
        offer = message("proposal_offer")
        second = with_sources([second], [s for r in risks for s in r.sources])[0]
        send(dispatcher, f"{second}\n{offer['text']}", buttons=offer.get("buttons"))
    return True


def answer_price_weight_of(dispatcher: CollectingDispatcher, text: str) -> bool:
    """The weight of the price criterion that ``text`` gives (« le prix a 70%
    ca va ? », « Nos élus veulent 60 % prix. »), answered: whether it is
    permitted, against the weight suggested, then the suggested weighting.
    False, nothing said, when the text gives none."""
    weight = price_weight(text)
    if weight is None:
        return False
    send_all(dispatcher, topic_messages(answer_price_weight(weight)))
    return True


def _advice(tracker: Tracker):
    """The diagnostic's result for the answers kept in the slots."""
    return advise(profile_from_slots(slot_values(tracker), today(), load_knowledge().partners))


def _purchase_routes(dispatcher: CollectingDispatcher, text: str, launch: dt.date, buyer: str,
                     asked: Optional[str] = None, direct: Optional[str] = None, when: Optional[str] = None,
                     until: Optional[dt.date] = None, ht_said: bool = False) -> None:
    """The route of the amount of ``text``, with the thresholds of its purchase.

    « pour des travaux de 70 000 € » : the works thresholds. « AMO 20 000,
    travaux 180 000 » : the AMO mission is a service, its amount is routed;
    the works are a separate purchase, said in one sentence with their route.
    ``asked``: the purchase the conversation is about, for amounts that name
    none (« et pour 120 000 € ? » after a works question). ``direct``: the
    question asks whether three quotes are compulsory (``QUOTES``): under the
    dispense threshold, « Non : aucun texte n'impose un nombre de devis »
    comes first; or whether the same provider can be hired again without
    competition (``SAME_PROVIDER``): the yes (under) or the no (above) first.
    ``when``, ``until``: a month or a year asked (``assistant.procurement.route``).
    An amount typed without HT or TTC is said to be read as HT, unless that
    was said earlier in the conversation (``ht_said``, ``ht_reading_said``).
    """
    kb = load_knowledge()
    categories = {category for _, category in amount_categories(text, asked)}
    main = SERVICES if SERVICES in categories else TRAVAUX
    parsed = parse_amount(keep_amounts(text, main, asked), today())
    if not parsed.ok:
        send(dispatcher, parsed.error or "Je n'ai pas compris le montant.")
        return
    if parsed.confirmation:
        send(dispatcher, parsed.confirmation)
    result = route(parsed.value_ht, launch, buyer, main, when, until, ttc=typed_ttc_of(parsed),
                   read_ht=read_as_ht(parsed, text) and not ht_said)
    before = None
    if direct == QUOTES and result.route == "dispense":
        topic = kb.topic(QUOTES)
        before = SourcedText(topic.messages[0], topic.sources, "")
    elif direct == SAME_PROVIDER and result.covered:
        topic = kb.topic(SAME_PROVIDER)
        before = SourcedText(topic.messages[0 if result.route == "dispense" else 1], topic.sources, "")
    send_all(dispatcher, route_messages(result, before=before))
    if main == TRAVAUX and purchase_category(text) == SERVICES:
        # « l'AMO pour des travaux de 180 000 € » : the amount is the works'.
        send(dispatcher, kb.text("mission_separate").text)
    elif main == SERVICES and TRAVAUX in categories:
        works = parse_amount(keep_amounts(text, TRAVAUX, asked), today())
        result = route(works.value_ht, launch, buyer, TRAVAUX, when, until) if works.ok else None
        texts = [kb.text("works_separate").text]
        if result is not None and result.covered:
            texts.append(result.summary.text)
        send(dispatcher, " ".join(texts))


def _splitting_total(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """« on pensait faire deux lots, chacun à 35 000 € HT, pour rester sous le
    seuil ? »: splitting is forbidden, the lots add up (2 × 35 000 = 70 000 €
    HT, ``assistant.amounts.need_value``), and the route of that total at the
    date of the question. False (nothing said) when the question does not
    give several parts of one need."""
    text = latest_text(tracker)
    if text.startswith("/") or not find_amount_spans(text):
        return False
    parsed = parse_amount(text, today())
    if not parsed.ok or NOTE_TOTAL not in parsed.notes or parsed.value_ht is None:
        return False
    profile = profile_from_slots(slot_values(tracker), today())
    period = _date_asked(tracker)
    launch = period.start if period else today()
    rule = answer_topic("splitting", today())
    before = SourcedText(f"{rule.messages[0]} {parsed.confirmation or ''}".strip(), rule.sources, "")
    when = period_words(period.start, period.kind) if period else None
    until = period.end if period and period.kind != "day" else None
    result = route(parsed.value_ht, launch, profile.buyer, purchase_category(text) or SERVICES, when, until,
                   read_ht=read_as_ht(parsed, text) and not ht_reading_said(tracker))
    send_all(dispatcher, route_messages(result, before=before))
    return True


def _threshold_check(dispatcher: CollectingDispatcher, check: ThresholdCheck, launch: dt.date,
                     buyer: str, category: str) -> None:
    """A threshold value confirmed or corrected, then what it implies: under
    the dispense threshold, the obligations that remain (R2122-8, the written
    contract, several quotes); a threshold confirmed, what its rule says;
    otherwise, the route of that amount."""
    kb = load_knowledge()
    if check.role == "dispense" and check.value <= check.threshold:
        written = thresholds_at(launch, buyer, category).written_contract
        details = [kb.text("dispense_reminder")]
        if written is not None:
            details.append(kb.text("written_contract_yes"))
        details.append(kb.text("dispense_devis"))
        texts = [SourcedText(t.render(threshold=written.amount_text) if t.id == "written_contract_yes"
                             else t.text, t.sources, "") for t in details]
        send_all(dispatcher, threshold_check_messages(check, texts))
    elif check.holds and check.rule_id is not None:
        explained = rule_text_at(check.rule_id, launch, kb)
        send_all(dispatcher, threshold_check_messages(check, [explained] if explained else []))
    else:
        send_all(dispatcher, route_messages(route(check.value, launch, buyer, category), before=check.text))


def _send_partner(dispatcher: CollectingDispatcher, partner: Programme) -> None:
    """What a partner (or one of its programmes) offers, and how to reach it."""
    send_all(dispatcher, partner_messages(partner, today()))


def _explanation(label: str) -> str:
    """« Ponctuel (une étude, quelques mois) » → « une étude, quelques mois »."""
    match = re.match(r"^[^(]*\((.+)\)\s*$", label)
    return match.group(1) if match else label


def _named(tracker: Tracker, entity: str, known, search) -> List[str]:
    """Ids named in the message: the NLU's entities if known, else a search
    of the text (« ca veut dire quoi mandataire »)."""
    ids = [value for value in latest_entity_values(tracker, entity) if value in known]
    return ids or [item.id for item in search(latest_text(tracker))]


def _previous_amount(tracker: Tracker) -> Optional[float]:
    """The amount (€ HT, options included) of the procurement question just
    answered, if it named one."""
    previous = _previous_procurement_question(tracker)
    text = (previous or {}).get("text") or ""
    if not find_amount_spans(text):
        return None
    parsed = parse_amount(keep_amounts(text, SERVICES), today())
    return parsed.value_ht if parsed.ok else None


# How far back the amount of a need is looked for: the procurement questions
# just before (« mission AMO 38 500 € HT… ? », « en fait il y a une option en
# plus de 12 600 », « donc au total ça fait combien ? »).
_NEED_LOOKBACK = 5


def _conversation_need(tracker: Tracker) -> Optional[AmountParse]:
    """The amount (€ HT, with its parts) of the need given in the procurement
    questions just before the latest message, an option added later included;
    None if they name none. A total said back (« ça fait 51100 au total ») is
    not a new amount."""
    users = [e for e in tracker.events if e.get("event") == "user"][:-1]
    chain = []
    for event in reversed(users[-_NEED_LOOKBACK:]):
        text = event.get("text") or ""
        # a question on the need (« donc au total ça fait combien ? ») is part
        # of the chain whatever the classifier heard in it (a price question)
        if ((event.get("parse_data") or {}).get("intent") or {}).get("name") not in _ROUTED_INTENTS \
                and need_follow_up(text) is None:
            break
        chain.append(text)
    need: Optional[AmountParse] = None
    for text in reversed(chain):
        if text.startswith("/") or not find_amount_spans(text) or need_follow_up(text) == TOTAL_STATED:
            continue
        if need is not None and is_need_addition(text):
            parsed = parse_amount(text, today(), base=need.value_ht)
        else:
            parsed = parse_amount(keep_amounts(text, SERVICES), today())
        if parsed.ok and parsed.value_ht is not None:
            need = parsed
    return need


def _need_answer(asked: str, need: AmountParse, text: str):
    """(the amount to route, what is said before its route) for a question on
    the value of the need just given (``assistant.answers.need_follow_up``)."""
    kb = load_knowledge()
    total = format_eur(need.value_ht)
    explained = need.need.explanation if need.need is not None else total

    def said(text_id: str, **values) -> SourcedText:
        template = kb.text(text_id)
        return SourcedText(template.render(**values), template.sources, "")

    if asked == WITHOUT_OPTION:
        if need.need is None or not need.need.with_options:
            return need.value_ht, said("need_no_option", amount=total)
        base = sum(float(p.total) for p in need.need.parts if not p.optional)
        return base, said("need_without_option", new=format_eur(base), old=total)
    if asked == TOTAL_STATED:
        stated = parse_amount(text, today())
        if stated.ok and stated.value_ht is not None and abs(stated.value_ht - need.value_ht) >= 0.01:
            # a total other than the one computed: the user's, with the sum said
            return stated.value_ht, said("need_total_other", new=format_eur(stated.value_ht), old=explained)
        return need.value_ht, said("need_total_confirmed", amount=explained)
    return need.value_ht, said("need_total", amount=explained)


# A procurement question about a purchase already named (« on prend le devis
# direct ? », « ce marché », « cette mission »), not about the thresholds in
# general (« quels sont les seuils ? »).
_THIS_PURCHASE = re.compile(
    r"\b(?:le|ce|cet|cette|ces|ma|mon|notre|nos|du|de ce|de cette)\s+"
    r"(?:devis|montant|marche|mission|prestation|presta|prestataire|contrat|achat|etude|commande)\b"
    r"|\ben direct\b|\bdirect(?:ement)?\b")


def ht_reading_said(tracker: Tracker) -> bool:
    """Whether the bot has already said, in this conversation, that an amount
    typed without HT or TTC is read as HT (a procurement answer's « montant lu
    hors taxes », the diagnostic's « Je compte ce montant hors taxes »): the
    clause is said once per conversation, not on every follow-up."""
    said = (READ_AS_HT, message_text("amount_taken_ht").split(".")[0])
    return any(e.get("event") == "bot" and any(s in (e.get("text") or "") for s in said)
               for e in tracker.events)


def _earlier_texts(tracker: Tracker, count: int = 3) -> List[str]:
    """The typed texts of the user's ``count`` messages before the latest,
    most recent first."""
    users = [e for e in tracker.events if e.get("event") == "user"][:-1]
    texts = [e.get("text") or "" for e in reversed(users)]
    return [t for t in texts if t and not t.startswith("/")][:count]


_ROUTED_INTENTS = frozenset({"ask_procurement", "ask_splitting"})


def _previous_procurement_question(tracker: Tracker) -> Optional[Dict[str, Any]]:
    """Parse data (with its text) of the last procurement question before the
    latest message, if the bot's last answer was to it. A question on splitting
    whose amounts were added up and routed (« deux lots, chacun à 35 000 € HT,
    pour rester sous le seuil ? ») is one: « et en novembre 2025 ? » asks for
    the same total at that date."""
    users = [e for e in tracker.events if e.get("event") == "user"]
    if len(users) < 2:
        return None
    previous = users[-2]
    parse = previous.get("parse_data") or {}
    if (parse.get("intent") or {}).get("name") not in _ROUTED_INTENTS:
        return None
    text = previous.get("text") or ""
    return None if text.startswith("/") else {**parse, "text": text}


def _date_asked(tracker: Tracker):
    """The date or period named in the question (« au 1er mars 2026 », « en 2025 »)."""
    text = latest_text(tracker)
    return None if text.startswith("/") else parse_date(text, today())
