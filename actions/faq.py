"""Questions answered at any time, from the knowledge data and the engine.

The intent says which topic; entities say which term, partner, amount or
date. ``ActionAnswerQuestion`` picks the answer: a topic, the risks, the
yes or the no of a direct question, the weight of the price asked, the
summary, here; the procurement answers (thresholds, routes of an amount,
dates) in ``actions.procurement``; definitions and partners' cards in
``actions.definitions``; a provider's proposal pasted in, in
``actions.proposal``. Amounts and dates are computed at the date of the
question (``actions.clock``).
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.advice import advice_for_slots, correct_after_result
from actions.after import acknowledge_complaint, last_answer, next_steps, reask_after_result, remark_in_form
from actions.common import latest_intent, latest_text, message_text, pause_diagnostic, say, send, send_all
from actions.corrections import asks_to_explain
from actions.definitions import (answer_cost_follow_up, answer_definition, answer_partner_or_provider, answer_partners,
                                 answer_public_partner, explain)
from actions.fiche import send_summary
from actions.procurement import (answer_option_added, answer_procurement, dispense_route, answered_as_follow_up, conversation_need, date_asked,
                                 earlier_texts, quotes_route, splitting_total)
from actions.proposal import answer_provider_proposal
from actions.render import bullets, checklist_messages, noted_lines, risk_messages, topic_messages
from actions.several import answer_each, question_views
from actions.slots import (correction, diagnostic_in_progress, going_back, profile_from_slots, requested_answer,
                           slot_values)
from assistant.after import asks_result_again, asks_what_was_noted, complaint
from assistant.amounts import find_amount_spans
from assistant.answers import (asks_diagnostic_length, asks_rough_price, definition_question, drops_the_diagnostic, need_follow_up,
                               phrased_as_question)
from assistant.engine import (answer_comparison, answer_criterion, answer_criterion_without_consultation, answer_formalised, answer_price_weight,
                              answer_rough_price, answer_term, answer_topic, topic_size)
from assistant.knowledge import load_knowledge
from assistant.purchase import amount_categories
from assistant.procurement import period_words
from assistant.typography import format_eur
from assistant.questions import (BEFORE_ROUTE, CRITERION, asked_thresholds, bare_amount_question, FIRST_STEPS, PROCUREMENT_BASICS, SUBSIDY,
                                 COMPARE_OFFERS, asks_from_when,
                                 asks_what_procedure, asks_whether_an_amo_is_needed,
                                 amo_task_follow_up, compared_terms, compared_with_earlier, compulsory_question, one_provider_for_both_roles, criterion_when_follow_up, direct_question, formalised_question,
                                 partner_entrusted_without_competition, price_only, priced_provider, price_weight, public_contracting, route_question,
                                 threshold_only)
from assistant.text import normalize, words

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


class ActionAnswerQuestion(Action):
    def name(self) -> Text:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        events = await self._respond(dispatcher, tracker)
        if tracker.active_loop_name == "diagnostic_form" and drops_the_diagnostic(latest_text(tracker)):
            # « non je ne veux pas de diagnostic. Quel est le seuil… ? »: the
            # question answered, the diagnostic paused, not asked again (the
            # rule « Question pendant le diagnostic » then no longer applies;
            # live test, session 15)
            return events + pause_diagnostic(dispatcher)
        return events

    async def _respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> List[Dict[Text, Any]]:
        # After the result, « je vous rappelle qu'on est un syndicat mixte
        # ouvert, pas un EPCI. … on peut le reprendre sans consultation ? »:
        # the correction is made (result updated), then the question answered
        # (final retest N6).
        corrected = await correct_after_result(dispatcher, tracker)
        if corrected:
            if not phrased_as_question(latest_text(tracker)):
                # « le cerema peut pas nous aider », heard as a question on
                # the Cerema: a statement, nothing more to answer (session 12)
                return corrected
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
        if (requested_answer(tracker) and not answered_as_follow_up(tracker)) or correction(tracker) \
                or going_back(tracker) \
                or (tracker.active_loop_name == "diagnostic_form" and asks_to_explain(tracker)) \
                or remark_in_form(tracker):
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
        views = question_views(tracker)
        if views:
            # « c'est quoi un AMO ? et faut-il mettre en concurrence pour
            # 45 000 € ? »: each question answered in turn (live tests with
            # new users, session 12: the second was silently lost)
            return await answer_each(dispatcher, views, self.answer_one)
        return await self.answer_one(dispatcher, tracker)

    async def answer_one(
        self, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> List[Dict[Text, Any]]:
        """The answer to the latest message as one question."""
        if asks_diagnostic_length(latest_text(tracker)):
            # « combien de temps ça prend votre diagnostic ? » (ask_price) got
            # the refusal of a price range (live test, session 26)
            say(dispatcher, "diagnostic_length")
            return []
        if answer_terms_compared(dispatcher, tracker):
            # « quelle différence entre AMO et mandataire ? », « CCAG-PI vs
            # CCAG-MOE », « … j'ai besoin des deux ? »: both sides in a line
            # each, not the first term's whole definition.
            return []
        asked = definition_question(latest_text(tracker))
        if asked is not None and asked.kind == "term" and asked_thresholds(latest_text(tracker)) is not None:
            # « appel d'offres obligatoire a partir de combien pour une commune »
            # got the definition, no amount (live test, session 18): the
            # threshold asked
            return answer_procurement(dispatcher, tracker)
        if asked is not None:
            # « c quoi un MAPA », « c quoi CAUE », « c quoi ponctuel »: what the
            # question names decides the answer, whichever question intent the
            # classifier heard in these few words.
            explain(dispatcher, asked)
            return []
        if latest_intent(tracker) == "ask_definition" and asks_what_procedure(
                latest_text(tracker), budget_noted=isinstance(tracker.get_slot("amount"), (int, float))):
            # « entre 40 et 90k c quoi la procedure » got « De quel terme
            # parlez-vous ? » (live test, session 17): the route of that amount
            return answer_procurement(dispatcher, tracker)
        if answer_public_contracting_question(dispatcher, tracker):
            # « peut-on contracter avec une SPL sans mise en concurrence ? », « et
            # on peut leur confier sans appel d'offres ? » (the com com named
            # before), « un groupement de commandes avec la comcom ? »: what the
            # question names decides, whichever question intent the classifier
            # heard (the thresholds, a partner's card, splitting a need).
            return []
        if partner_entrusted_without_competition(latest_text(tracker)):
            # « Peut-on confier une mission d'AMO au Cerema sans mise en
            # concurrence ? » heard as a procurement question got the table
            # of the thresholds (live test, session 15): its card says how.
            answer_partners(dispatcher, tracker)
            return []
        if answer_cost_follow_up(dispatcher, tracker):
            # « et c'est gratuit ? » after the CAUE's card got the list of
            # the partners (live test, session 25)
            return []
        if answer_partner_or_provider(dispatcher, tracker):
            # « vaut mieux le CAUE ou un bureau d'etudes ? » (ask_internalise
            # 0.86: « faire en interne »): that partner first, if it can cover
            # the need, and when a private AMO is justified
            return []
        if answer_price_follow_up(dispatcher, tracker):
            # « a peu pres combien ? » (ask_price) right after the price
            # answer: not the whole answer again
            return []
        if formalised_question(latest_text(tracker)):
            # « quelle procédure formalisée choisir ? », « appel d'offres ou
            # procédure avec négociation ? » got the whole table of the
            # thresholds (final D-L6): the procedures, from when they are
            # required, and whom to ask how to choose, which the data do not say.
            period = date_asked(tracker)
            profile = profile_from_slots(slot_values(tracker), clock.today())
            send_all(dispatcher, topic_messages(answer_formalised(
                period.start if period else clock.today(), profile.buyer,
                period_words(period.start, period.kind) if period else None)))
            return []
        if answer_quotes_compared(dispatcher, tracker):
            return []
        compulsory = compulsory_question(latest_text(tracker))
        if compulsory is not None:
            # « le critère environnemental est-il obligatoire pour nous ? on lance
            # en janvier 2027 », « est-on obligé de négocier ? »: the yes or the
            # no first, then one or two lines (not the whole topic again).
            under = dispense_route(tracker) if compulsory == CRITERION \
                and not asks_from_when(latest_text(tracker)) else None
            without = answer_criterion_without_consultation(clock.today(), date_asked(tracker)) if under else None
            if without is not None:
                # « le critere environnemental c'est obligatoire pour un devis a
                # 10 000 ? » got « Oui : … » (live test, session 23): under
                # the dispense threshold, no consultation, no criteria to
                # announce; the rule binds the consultations
                send(dispatcher, under.summary.text)
                send_all(dispatcher, topic_messages(without))
                return []
            answer = (answer_criterion(clock.today(), date_asked(tracker),
                                       when=asks_from_when(latest_text(tracker))) if compulsory == CRITERION
                      else answer_topic(compulsory, clock.today()))
            send_all(dispatcher, topic_messages(answer))
            return []
        direct = amo_task_follow_up(latest_text(tracker), earlier_texts(tracker, 2)) \
            or direct_question(latest_text(tracker)) \
            or one_provider_for_both_roles(latest_text(tracker), earlier_texts(tracker, 1))
        if direct is not None:
            # « l'AMO peut-il ensuite être retenu comme maître d'oeuvre ? », « l'AMO
            # peut choisir le logiciel a notre place ? », « comment on evite
            # d'etre captif du presta ? »: the yes or the no (or the advice
            # asked) first, not the whole topic of the intent heard. « on a reçu
            # qu'une seule offre, on peut attribuer ? » (heard as negotiation),
            # « ça prend combien de temps tout ça ? » (heard as the price): the
            # consultation's topic (tester 12, defect 10).
            return _send_direct(dispatcher, tracker, direct)
        if answer_price_weight_of(dispatcher, tracker):
            # « le prix a 70% ca va ? »: that weight, not only « 50 à 60 % est courant »;
            # « le prix le plus bas seulement, c'est légal ? »: not since the
            # environmental criterion is compulsory (not the whole topic).
            return []
        if need_follow_up(latest_text(tracker)) is not None and conversation_need(tracker) is not None:
            # « donc au total ça fait combien ? » after « mission AMO 38 500 € »
            # and its option: heard as a price question, it got the refusal to
            # give a price range (final M-H1); the need's value and its route.
            return answer_procurement(dispatcher, tracker)
        if answer_option_added(dispatcher, tracker):
            # « et si on veut rajouter une option a 15 000 ? » once a budget is
            # noted (ask_splitting 0.9x) got the lecture on splitting: the
            # need with the option, and its route (live test, session 23)
            return []
        intent = latest_intent(tracker)
        if intent == "ask_price" and asks_whether_an_amo_is_needed(latest_text(tracker)):
            intent = "ask_amo_mandatory"    # « budget 1M pour le plan velo, faut il un amo ? »
        if intent == "ask_price" and route_question(latest_text(tracker)):
            # « une offre d'un bureau d'études … à 19 500 euros, on signe ? »
            # (ask_price 0.59) got the refusal of a price range (live test,
            # session 22): whether it can be signed, its route
            return answer_procurement(dispatcher, tracker)
        if intent == "ask_price" and priced_provider(latest_text(tracker)) is not None:
            # « c'est combien un paysagiste ? » got the refusal of a price
            # range « pour une mission d'AMO » (left open in session 24): said
            # for the provider asked about, then how to estimate the cost
            messages = topic_messages(answer_topic("price", clock.today()))
            rest = messages[0].split("\n\n", 1)[1:]
            send_all(dispatcher, ["\n\n".join([message_text("price_of_other_provider").format(
                who=priced_provider(latest_text(tracker))), *rest])] + messages[1:])
            return []
        if intent not in ("ask_procurement", "ask_splitting") and bare_amount_question(latest_text(tracker)):
            # « amo a 999999999999999 euros » (ask_amo_mandatory) got « Non.
            # Aucun texte n'oblige… »: an amount for the mission, asked about
            # alone, is a question on its procedure (live test, session 18)
            return answer_procurement(dispatcher, tracker)
        if intent not in ("ask_procurement", "ask_splitting") and answered_as_follow_up(tracker):
            # « et maintenant ? » (ask_apres_mission 0.47) after « et pour
            # 45 000 ? » after « quels sont les seuils en 2023 ? »: the route of
            # 45 000 € HT today, not the tip after a mission
            return answer_procurement(dispatcher, tracker)
        if intent == "ask_splitting" and threshold_only(latest_text(tracker)):
            intent = "ask_procurement"      # « c'est quoi le seuil des travaux ? »
        if intent == "ask_definition" and asked_thresholds(latest_text(tracker)) is not None:
            intent = "ask_procurement"      # (as above, without a definition question)
        if asks_what_was_noted(latest_text(tracker)) or asks_result_again(latest_text(tracker)):
            # « vous avez noté combien d'habitants ? », « je voudrais revoir
            # les conseils » (live test, session 23)
            intent = "ask_summary"
        if intent in PERSONAL_ANSWER_OF_INTENT and tracker.get_slot("diagnostic_done"):
            send_all(dispatcher, PERSONAL_ANSWER_OF_INTENT[intent](advice_for_slots(tracker)))
        elif intent == "ask_splitting" and splitting_total(dispatcher, tracker):
            pass
        elif intent == "ask_splitting" and len({c for _, c in amount_categories(latest_text(tracker))}) > 1:
            # « l'AMO c'est 12 000 €, je dois additionner avec les 85 000 de
            # travaux pour le seuil ? » got the splitting lecture ending on
            # « additionnez-les » (live test, session 15): no, each purchase
            # against its own thresholds, and the route of each.
            apart = load_knowledge().text("services_and_works_apart")
            send(dispatcher, apart.render())
            return answer_procurement(dispatcher, tracker)
        elif intent == "ask_risks":
            _risks(dispatcher, tracker)
        elif intent in TOPIC_OF_INTENT:
            messages = topic_messages(answer_topic(TOPIC_OF_INTENT[intent], clock.today()))
            if intent == "ask_amo_mandatory" and not tracker.get_slot("diagnostic_done") \
                    and not diagnostic_in_progress(tracker) and tracker.active_loop_name != "diagnostic_form":
                # « … Faut-il un AMO ? » got « Non… c'est un choix à
                # raisonner », and nothing to do next (live test, session 22):
                # the diagnostic that helps make that choice, offered
                send_all(dispatcher, messages[:-1])
                send(dispatcher, messages[-1], buttons=[_START_DIAGNOSTIC])
            else:
                send_all(dispatcher, messages)
        elif intent == "ask_definition":
            answer_definition(dispatcher, tracker)
        elif intent == "ask_partners":
            answer_partners(dispatcher, tracker)
        elif intent == "ask_procurement":
            return answer_procurement(dispatcher, tracker)
        elif intent == "ask_summary":
            await self.summary(dispatcher, tracker)
        else:
            send(dispatcher, "Je n'ai pas de réponse à cette question. Écrivez « aide » pour voir ce que je sais faire.")
        return []

    # -- summary ---------------------------------------------------------------

    @staticmethod
    async def summary(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        if not tracker.get_slot("diagnostic_done") and diagnostic_in_progress(tracker):
            send(dispatcher, "Voici une synthèse provisoire, avec vos réponses jusqu'ici. "
                             "Le diagnostic continue ensuite là où nous en étions.")
        elif not tracker.get_slot("diagnostic_done") and asks_result_again(latest_text(tracker)):
            # « j'ai déjà fait le diagnostic hier, je voudrais revoir les
            # conseils »: nothing of it here, where to find it, and the offer
            say(dispatcher, "result_not_found")
            return
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
        await send_summary(dispatcher, profile_from_slots(slot_values(tracker), clock.today(), kb.partners))


# « quels sont les risques ? »: on a phone, the first risks of risks.yml (the
# loss of skills is the main one, fiche 3.E), the others named, on a button.
RISKS_FIRST = 3
_OTHER_RISKS = "Les autres risques, et comment les limiter :"


def _more_risks_button(count: int) -> Dict[str, str]:
    return {"title": f"Voir les {count} autres risques", "payload": "/ask_risks"}


_OTHERS_ASKED = re.compile(r"\b(?:les\s+)?autres(?:\s+risques)?\b|\bla\s+suite\b|\bles\s+(?:\d|quatre)\s+autres\b")


def _risks(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The general risks: the first ``RISKS_FIRST`` with how to limit them,
    the others named, with a button that gives them (maire M2, dgs M8: seven
    bullets on a phone); that button clicked, the others."""
    from dataclasses import replace
    total = topic_size("risks", clock.today())
    if total <= RISKS_FIRST + 1:
        send_all(dispatcher, topic_messages(answer_topic("risks", clock.today())))
        return
    button = _more_risks_button(total - RISKS_FIRST)
    # (the button clicked, its title typed, or « et les autres risques ? »:
    # the first three came again, live test, session 18)
    typed = latest_text(tracker)
    if button["title"] in _last_bot_buttons(tracker) and (
            typed.startswith("/") or normalize(typed) == normalize(button["title"])
            or _OTHERS_ASKED.search(words(typed))):
        rest = answer_topic("risks", clock.today(), slice(RISKS_FIRST, None))
        send_all(dispatcher, topic_messages(replace(rest, messages=(_OTHER_RISKS, *rest.messages[1:]))))
        return
    first = answer_topic("risks", clock.today(), slice(0, RISKS_FIRST))
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


def answer_quotes_compared(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """« on a reçu 3 devis …, un à 12k, un à 18k et un à 25k, on prend le moins
    cher ? » (``actions.procurement.quotes_route``): the route of the highest
    quote, then, under the dispense threshold, how to compare them (no rule
    makes the cheapest the choice); above it, the criteria of a consultation
    (the price alone is not allowed). False, nothing said, for any other
    message."""
    found = quotes_route(tracker)
    if found is None:
        return False
    highest, result = found
    say(dispatcher, "quotes_highest", amount=format_eur(highest))
    send(dispatcher, " ".join([result.summary.text] + [o.text for o in result.obligations
                                                        if result.route == "dispense"]))
    if result.route == "dispense" or not answer_price_weight_of(dispatcher, tracker):
        # (« on a 2 devis, 80k et 95k, quel devis choisir ? »: how to compare
        # them, also above the dispense threshold; live test, session 27)
        send_all(dispatcher, topic_messages(answer_topic(COMPARE_OFFERS, clock.today())))
    return True


def answer_direct_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """A question whose answer is one topic of the data
    (``assistant.questions.direct_question``) heard as off-topic or not
    understood: answered all the same (« … c'est celui qui a fait notre schéma
    directeur en 2024 : on peut le reprendre sans consultation ? » got « Désolé,
    je n'ai toujours pas compris », final D-M7). False, nothing said, for any
    other message."""
    earlier = earlier_texts(tracker, 1)
    if criterion_when_follow_up(latest_text(tracker), earlier[0] if earlier else None):
        # « c obligatoire depuis quand ? » after a question on the criteria
        # (r2-c6: « Je ne peux pas vous aider sur ce point »): the date the
        # environmental criterion became compulsory
        send_all(dispatcher, topic_messages(answer_criterion(clock.today(), when=True)))
        return True
    if answer_public_contracting_question(dispatcher, tracker):
        return True     # « et avec une autre commune ? » after a question on an SPL (live test, session 17)
    direct = amo_task_follow_up(latest_text(tracker), earlier_texts(tracker, 2)) \
        or direct_question(latest_text(tracker)) \
        or one_provider_for_both_roles(latest_text(tracker), earlier)
    if direct is None:
        # « on se demande si on prend un AMO ou directement un maître d'œuvre »
        # (not understood, live test, session 17): both terms side by side
        return answer_terms_compared(dispatcher, tracker)
    _send_direct(dispatcher, tracker, direct)
    return True


def answer_terms_compared(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Two terms compared or chosen between (``compared_terms``): both, a
    line each. False, nothing said, otherwise."""
    compared = compared_terms(latest_text(tracker))
    if compared is None:
        earlier = earlier_texts(tracker, 1)
        compared = compared_with_earlier(latest_text(tracker), earlier[0]) if earlier else None
    if compared is None:
        return False
    send_all(dispatcher, topic_messages(answer_comparison(compared.terms, compared.both, compared.architect)))
    return True


def answer_public_contracting_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Contracting with a public partner or buyer (``public_contracting``,
    with the user's messages before). False, nothing said, otherwise."""
    named = public_contracting(latest_text(tracker), earlier_texts(tracker))
    if named is None:
        return False
    answer_public_partner(dispatcher, named)
    return True


_START_DIAGNOSTIC = {"title": "Faire le diagnostic", "payload": "/start_diagnostic"}


def _send_direct(dispatcher: CollectingDispatcher, tracker: Tracker, direct: str) -> List[Dict[Text, Any]]:
    """The answer of a ``direct_question``: « faut il obligatoirement 3 devis
    pour une AMO a 20 000 euros ? »: « Non : aucun texte n'impose un nombre de
    devis » before the route of the amount, if it is under the dispense
    threshold; « on peut reprendre le même cabinet pour 30 000 € sans
    consultation ? »: the yes or the no of that amount before its route.
    « … 620 habitants … 28 000 € TTC. Par quoi je commence ? »: the first
    steps, with the diagnostic offered, then the route of that amount (tester
    12, defect 11). Otherwise its topic."""
    text = latest_text(tracker)
    if direct in BEFORE_ROUTE and find_amount_spans(text):
        return answer_procurement(dispatcher, tracker, direct=direct)
    answer = _direct_answer(direct)
    if direct == PROCUREMENT_BASICS:
        # what decides the procedure, then the thresholds themselves
        send_all(dispatcher, topic_messages(answer))
        return answer_procurement(dispatcher, tracker)
    if direct == SUBSIDY and find_amount_spans(text):
        # « subventionné à 50 %, pour 80 000 € HT c'est quelle procédure ? »:
        # the rule, then the route of that amount
        send_all(dispatcher, topic_messages(answer))
        return answer_procurement(dispatcher, tracker)
    if direct != FIRST_STEPS:
        send_all(dispatcher, topic_messages(answer))
        return []
    # (its last line offers the diagnostic: not once it is done or under way)
    offer = not tracker.get_slot("diagnostic_done") and not diagnostic_in_progress(tracker)
    messages = topic_messages(answer if offer else replace(answer, messages=answer.messages[:-1]))
    send_all(dispatcher, messages[:-1])
    send(dispatcher, messages[-1], buttons=[_START_DIAGNOSTIC] if offer else None)
    if find_amount_spans(text):
        return answer_procurement(dispatcher, tracker)
    return []


def _direct_answer(direct: str):
    """The answer of a ``direct_question``: a topic of topics.yml, or the
    definition of a term of roles.yml (``PCAET``: what it is, then that the
    data hold no rule on who draws it up, and whom to ask)."""
    if direct in load_knowledge().terms:
        return answer_term(direct)
    return answer_topic(direct, clock.today())


def after_price_answer(tracker: Tracker) -> bool:
    """The assistant's last answer was about the price of a mission: the
    price topic, or the refusal of a rough range (``answer_price_follow_up``)."""
    kb = load_knowledge()
    said = [_spaced(kb.topic(t).messages[0]) for t in ("price", "price_rough")]
    return any(s in _spaced(e.get("text") or "") for e in last_answer(tracker) for s in said)


def _spaced(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def answer_price_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """« en gros, une fourchette ? », « a peu pres combien ? », « meme
    approximatif ? » right after the price answer (``after_price_answer``,
    ``assistant.answers.asks_rough_price``): no range, even a rough one, and
    how to estimate the cost (``assistant.engine.answer_rough_price``), not
    « Je n'ai pas bien compris » nor the whole price answer again (live
    test, session 12). False, nothing said, for anything else."""
    if not (asks_rough_price(latest_text(tracker)) and after_price_answer(tracker)):
        return False
    send_all(dispatcher, topic_messages(answer_rough_price()))
    return True


def answer_price_weight_of(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """The weight of the price criterion that the latest message gives (« le
    prix a 70% ca va ? », « Nos élus veulent 60 % prix. »), or the price as the
    only criterion (« et le prix le plus bas seulement, c'est légal ? »: 100 %),
    answered for a consultation launched at the date the message names, or
    today: whether it is permitted, against the weight the fiche de cadrage
    proposes and the environmental criterion, then that weighting. False,
    nothing said, when the message gives neither."""
    text = latest_text(tracker)
    weight = price_weight(text)
    if weight is None:
        if not price_only(text):
            return False
        weight = 100
    send_all(dispatcher, topic_messages(answer_price_weight(weight, clock.today(), date_asked(tracker))))
    return True
