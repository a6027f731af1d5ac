"""Starting, resuming and resetting the diagnostic."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.after import (acknowledge_complaint, acknowledge_feedback, change_after_result, remark_in_form,
                           understood_after_all)
from actions import clock
from actions.common import FRESH_START, latest_intent, latest_text, pause_diagnostic, say, send
from actions.definitions import answer_partner_eligibility, answer_partner_follow_up, answer_partner_or_provider
from actions.faq import (TOPIC_OF_INTENT, answer_direct_question, answer_price_follow_up,
                         answer_public_contracting_question, answer_quotes_compared, answer_terms_compared)
from actions.render import answer_label, budget_label, topic_messages
from actions.corrections import asks_to_explain, consulted_label
from actions.hygiene import handoff_interlocutors, say_out_of_scope, structure_after_handoff
from actions.passing import amount_in_passing
from actions.procurement import (answer_procurement, answer_route_tax, answer_same_for_structure,
                                 answered_as_follow_up, asks_contracting_threshold)
from actions.validators import population_number
from actions.advice import changes_after_result, remark_not_correction
from actions.slots import (
    DIAGNOSTIC_SLOTS, answer_ahead, answers_kept, correction, diagnostic_in_progress, going_back, kept_value,
    previous_value, requested_answer, reset_events, restart_asked,
)
from assistant.after import asks_result_again
from assistant.engine import answer_topic
from assistant import parsing
from assistant.amounts import amount_error, find_amount_spans, parse_amount, states_an_amount
from assistant.purchase import SERVICES, amount_categories
from assistant.questions import (BEFORE_ROUTE, REGULATORY_STUDIES, asks_how_to_buy, asks_whether_an_amo_is_needed,
                                 bare_amount_question, compared_terms, direct_question, price_only, price_weight, route_question,
                                 threshold_claim)
from assistant.answers import (asks_for_the_diagnostic, drops_the_diagnostic, follow_up_with_context,
                               is_procurement_follow_up, phrased_as_question, says_stop, statement_spans)
from assistant.project import project_phrase
from assistant.proposal import is_provider_proposal, proposal_amount, proposal_subject
from assistant.text import words as plain_words
from assistant.spontaneous import spontaneous_answers
from assistant.profile import STRUCTURE_TYPES, THEMES


class ActionStartDiagnostic(Action):
    """Introduces the diagnostic, or says it resumes, or that a correction
    made after the result will update it. Starting anew after a finished
    diagnostic clears the previous answers."""

    def name(self) -> Text:
        return "action_start_diagnostic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        events = await self._run(dispatcher, tracker, domain)
        listens = any(e.get("event") == "followup" and e.get("name") == "action_listen" for e in events)
        amount = tracker.get_slot("amount")
        if listens and amount is not None and kept_value("amount", amount) is None \
                and (not isinstance(amount, str) or parse_amount(amount).value_ht is None) \
                and not any(e.get("event") == "slot" and e.get("name") == "amount" for e in events):
            # No diagnostic begins: a budget the slot's mapping took and the
            # form would refuse (« -5000 € » after a procurement answer) is
            # not kept for a later diagnostic (live test, session 25)
            events.insert(0, SlotSet("amount", kept_value("amount", previous_value(tracker, "amount"))))
        return events

    async def _run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        intent = latest_intent(tracker)
        if intent == "start_diagnostic" and restart_asked(tracker):
            # « on continue » to « J'efface tout et je recommence ? » got
            # « Reprenons là où nous en étions. » then « D'accord, je garde vos
            # réponses. » (live test, session 26): said once
            say(dispatcher, "restart_kept")
            return []
        if restart_asked(tracker) and tracker.active_loop_name == "diagnostic_form":
            # « la rénovation de la mairie » typed instead of a yes or a no got
            # « Faisons le point… » and the question again, the answer lost
            # (live test, session 26: « recommencer » rejected the form, so
            # nothing was read from the message). The answers are kept, and
            # the form reads the message as the answer to its question.
            asked = tracker.get_slot("requested_slot")
            return [SlotSet(asked, latest_text(tracker))] if asked in DIAGNOSTIC_SLOTS else []
        if going_back(tracker):
            return []          # « revenir en arrière » heard as a restart: the form says how
        if intent == "start_diagnostic" and requested_answer(tracker):
            # « un regard extérieur, on sait pas trop par où commencer » heard
            # as a request to resume got « Reprenons là où nous en étions » and
            # the question again (live test, session 20): the answer, which
            # the form records next
            return []
        text = latest_text(tracker)
        if asks_result_again(text) and tracker.active_loop_name is None and not diagnostic_in_progress(tracker):
            # « bonjour j'ai deja fait le diagnostic hier, je voudrais revoir
            # les conseils » began a new diagnostic without a word (live test,
            # session 23): the result if there is one, else where to find it
            from actions.faq import ActionAnswerQuestion
            await ActionAnswerQuestion.summary(dispatcher, tracker)
            return [FollowupAction("action_listen")]
        structure = structure_after_handoff(tracker) if intent == "inform" else None
        if structure is not None:
            # « commune » typed after the handoff's short list, which asked for
            # it: the list for a commune, not the start of a diagnostic.
            return handoff_interlocutors(dispatcher, tracker, structure=structure) + [FollowupAction("action_listen")]
        follows_up = intent == "inform" or (intent == "start_diagnostic" and not asks_for_the_diagnostic(text))
        if follows_up and tracker.active_loop_name is None and phrased_as_question(text) \
                and _AND_FOLLOW_UP.match(plain_words(text)) and answer_public_contracting_question(dispatcher, tracker):
            # « et à la commune voisine ? » after « est-ce qu'on peut confier
            # l'AMO à la SPL dont on est actionnaire … ? » started the
            # diagnostic with « commune » (live test, session 26): that
            # question again, about another public buyer; the structure the
            # slot's mapping took from it is put back
            return [SlotSet("structure_type", previous_value(tracker, "structure_type")),
                    FollowupAction("action_listen")]
        if follows_up and tracker.active_loop_name is None and answer_same_for_structure(dispatcher, tracker):
            # (the structure named is the question's, not the user's: the slot
            # Rasa filled from it is put back)
            return [SlotSet("structure_type", previous_value(tracker, "structure_type")),
                    FollowupAction("action_listen")]
        if follows_up and is_procurement_follow_up(text) and phrased_as_question(text):
            # « et 95 000 de travaux d isolation ? » after a question on the
            # AMO (final retest S-H3): a procurement question, not the
            # information that starts the diagnostic. Answered, and no form.
            return answer_procurement(dispatcher, tracker) + [FollowupAction("action_listen")]
        if intent == "inform" and not diagnostic_in_progress(tracker) and not tracker.get_slot("diagnostic_done") \
                and answer_route_tax(dispatcher, tracker):
            # « en fait c'est TTC pas HT » after « mission AMO estimée
            # 70 000 € TTC, quelle procédure ? » started the diagnostic (r2-a5)
            return [FollowupAction("action_listen")]
        if intent == "inform" and asks_contracting_threshold(text):
            # « on est entité adjudicatrice non ? le seuil n'est pas plus
            # haut ? » started the diagnostic (live test, session 15)
            return answer_procurement(dispatcher, tracker) + [FollowupAction("action_listen")]
        if follows_up and answered_as_follow_up(tracker):
            # « et si c 20000 », « et 90 000 pile », « et 230 000 en 2028 »
            # (no question mark) right after a procurement answer started the
            # diagnostic with that budget (live bot, session 11); so did « et
            # en 2023 ? nous avions fait faire l'étude mobilité par un bureau
            # d'études » after « 45 000 € HT pour une mission AMO, quelle
            # procédure ? » (final D-M1): the route of the new amount, at the
            # new date; the context is no new project. Without a procurement
            # question before, such a statement still starts the diagnostic.
            # (« et si on l'avait lancé le 2 avril ? » heard as a request to
            # start, likewise: live test, session 17)
            return answer_procurement(dispatcher, tracker) + [FollowupAction("action_listen")]
        if intent in ("inform", "start_diagnostic") and tracker.active_loop_name is None \
                and direct_question(text) == REGULATORY_STUDIES:
            # « je voudrais savoir si on doit faire une étude d'impact »
            # (start_diagnostic) started the diagnostic (live test, session
            # 24): out of scope, said, with what the assistant does instead
            answer_direct_question(dispatcher, tracker)
            return [FollowupAction("action_listen")]
        if intent == "inform" and not tracker.get_slot("diagnostic_done") \
                and tracker.active_loop_name is None and answer_quotes_compared(dispatcher, tracker):
            # « on a reçu 3 devis …, un à 12k, un à 18k et un à 25k, on prend
            # le moins cher ? »: « J'ai lu plusieurs montants… Quel est le
            # montant total ? », and a quote's words noted as the budget
            # (live test, session 24). Nothing is noted.
            return [SlotSet("amount", previous_value(tracker, "amount")), FollowupAction("action_listen")]
        if intent == "inform" and (price_weight(text) is not None or price_only(text)) \
                and not tracker.get_slot("diagnostic_done") \
                and not diagnostic_in_progress(tracker) and not (tracker.latest_message or {}).get("entities") \
                and not find_amount_spans(text):
            # « Nos élus veulent 60 % prix. » typed first (inform 0.48,
            # ask_criteria 0.38, final D-L4) started the diagnostic: the price
            # weight gets its answer, as when it is asked, then the offer. (A
            # message that also says the structure, the theme or a budget
            # still starts the diagnostic.)
            from actions.faq import answer_price_weight_of

            answer_price_weight_of(dispatcher, tracker)
            dispatcher.utter_message(response="utter_offer_diagnostic")
            return [FollowupAction("action_listen")]
        if intent == "inform" and _partner_follow_up(dispatcher, tracker):
            return [FollowupAction("action_listen")]
        if intent == "inform" and not tracker.get_slot("diagnostic_done") \
                and answer_partner_eligibility(dispatcher, tracker):
            # « agence technique departementale, on est une comcom de 45 000
            # habitants, on peut y aller ? » (live test, session 18)
            return [FollowupAction("action_listen")]
        if follows_up and _direct_question(dispatcher, tracker):
            return [FollowupAction("action_listen")]
        if intent == "inform" and (answer_price_follow_up(dispatcher, tracker) or (
                phrased_as_question(text) and answer_partner_or_provider(dispatcher, tracker))):
            # « en gros, une fourchette ? » after the price answer; « vaut mieux
            # le CAUE ou un bureau d'études ? » (live test, session 12)
            return [FollowupAction("action_listen")]
        if intent == "inform" and _route_question(tracker):
            # « 40 000 TTC ca passe sans pub? » heard as information started the
            # diagnostic with that budget (live test, session 11)
            return answer_procurement(dispatcher, tracker) + [FollowupAction("action_listen")]
        remark = bool(tracker.get_slot("diagnostic_done")) and remark_not_correction(text)
        complained = acknowledge_complaint(dispatcher, tracker) \
            if intent in ("inform", "start_diagnostic") and tracker.active_loop_name is None \
            and (remark or not (tracker.latest_message or {}).get("entities")) else None
        if complained is not None:
            # « c'est trop long » heard as information: a complaint about the
            # last answer, shortened (final M-M8), not the start of a diagnostic.
            # After the result, what the slot mappings took from it (« du
            # syndicat » → structure syndicat) is put back (live test, session 18).
            restored = [SlotSet(slot, previous_value(tracker, slot)) for slot in DIAGNOSTIC_SLOTS
                        if remark and tracker.get_slot(slot) != previous_value(tracker, slot)]
            return complained + restored + [FollowupAction("action_listen")]
        feedback = acknowledge_feedback(dispatcher, tracker) if intent == "inform" else None
        if feedback is not None:
            # « merci c'était clair, peut etre un peu long sur telephone » after
            # the result: feedback, not a correction (« telephone » became the
            # domain numérique: live test, session 12)
            return feedback + [FollowupAction("action_listen")]
        if change_after_result(tracker):
            # « je veux changer la durée » after the result: the form asks
            # that question again (F-L1); nothing is forgotten
            return [SlotSet("diagnostic_done", False)]
        if tracker.get_slot("diagnostic_done"):
            if intent == "inform":
                say(dispatcher, "diagnostic_update")
                # « on est un syndicat mixte ouvert, pas un EPCI » (final
                # retest N6): the structure said, even when the NLU heard
                # only the EPCI; the form confirms it (« C'est corrigé : … »)
                # (« personne en interne », « le cerema peut pas nous aider »
                # change the resources, the partners: live test, session 12)
                return [SlotSet("diagnostic_done", False)] + [
                    SlotSet(slot, value) for slot, value in changes_after_result(tracker).items()]
            say(dispatcher, "start_diagnostic")
            return reset_events() + [SlotSet("diagnostic_done", False)]
        if (intent == "start_diagnostic" or asks_for_the_diagnostic(text)) and _answered_before(tracker):
            # (« diag » after a first message that said much, heard as a
            # restart: the diagnostic goes on, live test, session 12)
            say(dispatcher, "diagnostic_resumed")
            return []
        if intent in ("inform", "start_diagnostic") and route_question(text) and phrased_as_question(text) \
                and find_amount_spans(text):
            # « … commune de 5000 hab … une mission AMO a 48 000 euros TTC …
            # on peut signer ? » started the diagnostic and the question was
            # lost (live test, session 23): its answer first, in one message
            # (the procedure in detail comes with the result)
            _route_verdict(dispatcher, tracker)
        elif intent in ("inform", "start_diagnostic") and phrased_as_question(text) \
                and direct_question(text) is not None:
            # « commune de 600 hab … ya des aides ? »: that question answered
            # first (the form, reading the message, answered it and dropped
            # the message's answers: live test, session 23)
            answer_direct_question(dispatcher, tracker)
        elif intent in ("inform", "start_diagnostic") and phrased_as_question(text) \
                and asks_whether_an_amo_is_needed(text):
            # « j'ai besoin d'un amo pour mon pcaet mais le président dit qu'on
            # a pas besoin, qui a raison ? »: the diagnostic started, the
            # question lost (live test, session 24). Not compulsory, then the
            # questions that decide.
            for line in topic_messages(answer_topic(TOPIC_OF_INTENT["ask_amo_mandatory"], clock.today())):
                # (« Non. » answers « faut-il un AMO ? », not « qui a raison ? »)
                send(dispatcher, re.sub(r"^Non\.\s+", "", line))
        elif intent in ("inform", "start_diagnostic") and tracker.active_loop_name is None \
                and compared_terms(text) is not None:
            # « … programme de restauration de cours d'eau (GEMAPI) et on
            # hésite entre un mandat et une AMO »: the diagnostic started and
            # the choice was lost (live test, session 25). Both terms, then
            # the questions.
            answer_terms_compared(dispatcher, tracker)
        say(dispatcher, "start_diagnostic")
        found, notes = said_in_passing(tracker)
        found = {slot: value for slot, value in found.items() if tracker.get_slot(slot) is None}
        facts = _facts(found) if found else []
        if facts:
            # (only what can be said back: « J'ai noté ce que vous m'avez déjà
            # indiqué : . » came with an empty list, live test, session 11)
            say(dispatcher, "said_in_passing", facts=" ; ".join(facts))
            for note in notes if "amount" in found else []:
                send(dispatcher, note)
        return [SlotSet(slot, value) for slot, value in found.items()]


def _route_verdict(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The message of the route of the amount asked about that says whether
    and how the contract may be concluded (« Pour 48 000 € TTC (40 000 € HT),
    vous êtes sous le seuil de dispense… »), alone; nothing if the route
    gives no such message (an amount whose tax changes the route: its
    answer needs all its lines, the result gives them)."""
    route_answer = CollectingDispatcher()
    direct = direct_question(latest_text(tracker))
    answer_procurement(route_answer, tracker, direct=direct if direct in BEFORE_ROUTE else None)
    messages = [m.get("text") or "" for m in route_answer.messages]
    verdict = next((i for i, m in enumerate(messages) if m.startswith("Pour ") and "seuil" in m), None)
    if verdict is None:
        return
    # (« … faut il remettre en concurrence ou on peut reprendre le meme BE ? »:
    # the yes or no of that question comes before the verdict, live test,
    # session 23)
    first = 0 if direct in BEFORE_ROUTE else verdict
    for text in messages[first:verdict + 1]:
        dispatcher.utter_message(text=text)


def _partner_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """« et la banque des territoires », « et une ALEC » after a partner's
    card, « et pour le PCAET ? », « et si on est un syndicat mixte ? » after
    the partners to ask first (live test, session 11): heard as information,
    they started the diagnostic and the question was lost. That partner's
    card, or the partners of that situation
    (``actions.definitions.answer_partner_follow_up``); True when answered.
    (During the diagnostic the form reads its answers: « on a vu l'ALEC » at
    the partners question does not come here.)"""
    return answer_partner_follow_up(dispatcher, tracker)


# Entities that say who the user is or what they can spend: a message giving
# them starts the diagnostic with what it says, even with a question in it.
_STARTING_ENTITIES = ("structure_type", "population", "amount")


def _route_question(tracker: Tracker) -> bool:
    """A question on the route of an amount (``route_question``) that says
    nothing of who asks (a structure, a size: that starts the diagnostic)."""
    text = latest_text(tracker)
    entities = (tracker.latest_message or {}).get("entities") or []
    # (« 60000 euros ht amo » before any diagnostic: its route; after the
    # result, the budget corrected)
    return route_question(text) and (phrased_as_question(text) or asks_how_to_buy(text) or (
        bare_amount_question(text) and not tracker.get_slot("diagnostic_done"))) \
        and not parsing.parse_own_structure(text) \
        and not any(e.get("entity") in ("structure_type", "population") for e in entities)


# « je comprends pas si on doit faire 3 devis ou pas »: a question asked
# indirectly (heard as a request to start, it restarted the diagnostic after
# the result, live test, session 15). Not « je ne sais pas si… », an answer.
_INDIRECT_QUESTION = re.compile(
    r"\b(?:(?:je|j)\s+(?:ne\s+|n\s+)?(?:comprends|capte|pige|vois)\s+pas|je\s+me\s+demande"
    r"|(?:j\s?aimerais|je\s+voudrais|je\s+veux|je\s+souhaite)\s+savoir)"
    r"\s+(?:si|s\s+il|comment|pourquoi|combien|quand|qui|quel\w*|ce\s+qu)\b")


_AND_FOLLOW_UP = re.compile(r"^(?:et|mais|sinon)\b")


def _direct_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """« est ce qu'on peut reprendre le meme AMO pour la phase suivante sans
    remettre en concurrence ? » heard as information started the diagnostic
    (live test, session 11): a question whose answer is one topic of the data
    (``assistant.questions.direct_question``) is answered
    (``actions.faq.answer_direct_question``), asked directly or not (« je
    comprends pas si on doit faire 3 devis »). Not when the message also says
    who the user is (« je suis maire d'une commune de 800 habitants… »): it
    starts the diagnostic. True when answered."""
    text = latest_text(tracker)
    entities = (tracker.latest_message or {}).get("entities") or []
    if not (phrased_as_question(text) or _INDIRECT_QUESTION.search(plain_words(text))) \
            or parsing.parse_own_structure(text) \
            or any(e.get("entity") in _STARTING_ENTITIES for e in entities):
        return False
    return answer_direct_question(dispatcher, tracker)


def _answered_before(tracker: Tracker) -> bool:
    """A diagnostic was under way before this message: answers given earlier,
    not only those the message itself brings (« je veux savoir si je dois
    prendre un cabinet pour refaire le site internet » starts a diagnostic,
    it does not resume one)."""
    return diagnostic_in_progress(tracker) and any(
        previous_value(tracker, slot) is not None for slot in DIAGNOSTIC_SLOTS)


def _earlier_messages(tracker: Tracker) -> List[Dict[str, Any]]:
    """User events of the current diagnostic's context, before the latest
    message: since the conversation (re)started or the diagnostic was last
    reset or ended."""
    events = list(tracker.events)
    start = 0
    for index, event in enumerate(events):
        kind = event.get("event")
        if kind in FRESH_START \
                or (kind == "action" and event.get("name") == "action_reset_diagnostic") \
                or (kind == "slot" and event.get("name") == "diagnostic_done"):
            start = index + 1
    users = [e for e in events[start:] if e.get("event") == "user"]
    return users[:-1]


def said_in_passing(tracker: Tracker) -> Tuple[Dict[str, Any], List[str]]:
    """Answers to the diagnostic that earlier messages gave in passing, before
    the diagnostic started (« je suis secrétaire de mairie dans un village de
    350 âmes », then a procurement question), as canonical slot values; and
    the notes that go with the amount (« 80 000 € TTC correspondent à… »).
    Only the statements of those messages count, not their questions, and
    only what the NLU found in them (entities), checked like answers; the
    need, duration, resources, partners and sponsor only where they are
    clearly said (``assistant.spontaneous``: « …sur tout le mandat » is a
    lasting need, « je suis maire » says nothing of the sponsor)."""
    found: Dict[str, Any] = {}
    notes: List[str] = []
    own_said = False
    for event in _earlier_messages(tracker):
        text = event.get("text") or ""
        if follow_up_with_context(text) is not None:
            continue      # « et en 2023 ? nous avions fait faire l'étude mobilité… »: a past study (D-M1)
        spans = statement_spans(text)
        # What the user says they are wins over the structures the NLU heard:
        # « je suis DGS d'une communauté de communes … (22 communes) » is an
        # EPCI, though « communes » is heard too (final retest R1).
        own = next((o for o in (parsing.parse_own_structure(text[a:b]) for a, b in spans)
                    if o in STRUCTURE_TYPES), None)
        if own is None and parsing.parse_own_structure(text) in STRUCTURE_TYPES:
            # « bonjour, nous sommes un PETR de 45 communes et on réfléchit à
            # un CRTE, on aurait besoin d'un chargé de mission ou d'un cabinet
            # ? »: who writes, said inside a question; the structure was
            # asked (live test, session 24)
            own = parsing.parse_own_structure(text)
        if own and not own_said:
            found["structure_type"] = own
            own_said = True
        project = project_phrase(text)
        proposal = is_provider_proposal(text)
        if proposal:
            project = proposal_subject(project)
        if project and "project" not in found:
            found["project"] = project
            theme = parsing.parse_theme(project)
            if theme in THEMES:
                found.setdefault("theme", theme)
        asked_amount = _amount_asked_about(event)
        if asked_amount is not None:
            # « Pour une mission d'AMO PCAET estimée à 45 000 € HT, faut-il
            # mettre en concurrence ? »: the amount and the project asked
            # about are the diagnostic's (final retest X3, M-H3)
            value, phrase = asked_amount
            found["amount"], notes = value, []
            found.pop("amount_ttc", None)
            if phrase and "project" not in found:
                found["project"] = phrase
                theme = parsing.parse_theme(phrase)
                if theme in THEMES:
                    found.setdefault("theme", theme)
        if proposal:
            # A provider's proposal pasted in (« … 38 900 € HT pour la phase 1
            # … 29 500 € HT pour la phase 2 »): the need is its total, as its
            # answer said, not the last amount (29 500 € HT led to a
            # dispense: live test, session 15).
            offered = proposal_amount(text, clock.today())
            if offered is not None and offered.value_ht is not None and amount_error(offered.value_ht) is None:
                found["amount"], notes = float(offered.value_ht), []
                found.pop("amount_ttc", None)
        for entity in (event.get("parse_data") or {}).get("entities") or []:
            start = entity.get("start")
            if proposal and entity.get("entity") == "amount":
                continue
            span = next((s for s in spans if isinstance(start, int) and s[0] <= start < s[1]), None)
            if span is None:
                continue
            sentence = text[span[0]:span[1]]
            name, value = entity.get("entity"), entity.get("value")
            if name == "structure_type" and value in STRUCTURE_TYPES:
                # (« le SDE couvre 230 communes »: « communes » is what the
                # syndicat covers, session 14)
                covering = parsing.structure_covering_communes(sentence) if value == "commune" else None
                found.setdefault("structure_type", covering or value)
            elif name == "population":
                number = population_number(value)
                if number is not None:
                    found.setdefault("population", number)
            elif name == "theme" and value in THEMES:
                found.setdefault("theme", value)
            elif name == "amount" and states_an_amount(sentence) and not _works_amount(text, entity):
                parsed = parse_amount(str(value))
                if parsed.value_ht is not None and amount_error(parsed.value_ht) is None:
                    found["amount"] = float(parsed.value_ht)     # the latest said wins
                    notes = [parsed.confirmation] if parsed.confirmation else []
                    found.pop("amount_ttc", None)
                    if parsed.ttc and parsed.need is None and parsed.ttc_value is not None:
                        found["amount_ttc"] = float(parsed.ttc_value)    # shown as typed (F-L2)
        for slot, answer in spontaneous_answers(text).items():
            if slot == "partners_status":
                if answer.value is not None:
                    found.setdefault(slot, answer.value)
                if answer.partners:
                    found["partners_consulted"] = sorted(
                        set(found.get("partners_consulted") or []) | answer.partners)
            else:
                found.setdefault(slot, answer.value)
        # (« Nouvelle maire depuis mars »: a maire speaks for a commune, even
        # when the NLU heard no structure: parse_own_structure above)
    return found, notes


def _works_amount(text: str, entity: Dict[str, Any]) -> bool:
    """Whether the amount an entity found is the price of works (« On doit
    rénover le groupe scolaire, 150 000 € de travaux, et on se demande s'il
    faut un AMO »): not the mission's budget. Heard as a question, that
    message gave « budget 150 000 € HT » to the diagnostic started next, and
    the route of the works' price for the mission (live test, session 18)."""
    start = entity.get("start")
    return isinstance(start, int) and any(
        span.start <= start < span.end and category != SERVICES
        for span, category in amount_categories(text))


# Questions about buying the mission: the amount they name is its value.
_PURCHASE_QUESTIONS = ("ask_procurement", "ask_amo_mandatory")
_SENTENCES = re.compile(r"[^.!?\n]+[.!?]*")
# What leads from the project to its amount (« estimée à », « d'un montant de »).
_TO_AMOUNT = re.compile(r"(?:\s*,)?(?:\s*\b(?:qui\s+est\s+|est\s+)?(?:estim\w*|[ée]valu\w*|chiffr\w*"
                        r"|budg[eé]t\w*|d['’]?\s?un\s+montant|montant|pour|de|d['’]?\s?environ"
                        r"|environ|[aà]|[aà]\s+hauteur|autour|d['’]))*\s*$", re.I)


def _amount_asked_about(event: Dict[str, Any]) -> Optional[Tuple[float, Optional[str]]]:
    """(amount, project) of a question about buying a mission that names its
    amount: « Pour une mission d'AMO PCAET estimée à 45 000 € HT, faut-il
    mettre en concurrence ? » → (45 000, « mission d'AMO PCAET »). None for
    another question, a threshold to confirm (« sous 40 000 on peut signer
    direct ? »), several amounts or the works' amount."""
    intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
    text = event.get("text") or ""
    if intent not in _PURCHASE_QUESTIONS or text.startswith("/") or threshold_claim(text):
        return None
    statements = statement_spans(text)
    for sentence in _SENTENCES.finditer(text):
        if (sentence.start(), sentence.end()) in statements:
            continue
        question = sentence.group()
        spans = find_amount_spans(question)
        if len(spans) != 1 or {c for _, c in amount_categories(question)} != {SERVICES}:
            continue
        parsed = parse_amount(question)
        if parsed.value_ht is None or amount_error(parsed.value_ht) is not None:
            continue
        before = question[:spans[0].start]
        lead = _TO_AMOUNT.search(before)
        phrase = project_phrase(before[:lead.start()] if lead else before)
        return float(parsed.value_ht), phrase
    return None


def _facts(found: Dict[str, Any]) -> List[str]:
    facts = []
    for slot in ("structure_type", "population", "project", "theme", "need_kinds", "duration",
                 "internal_resources", "partners_status", "partners_consulted", "sponsor",
                 "amount"):
        label = consulted_label(found.get(slot)) if slot == "partners_consulted" \
            else answer_label(slot, found.get(slot))
        if slot == "amount" and isinstance(found.get(slot), (int, float)):
            label = budget_label(found[slot], found.get("amount_ttc"))
        if label:
            facts.append(label)
    return facts


class ActionResetDiagnostic(Action):
    """« Recommencer » : forgets every answer of the diagnostic."""

    def name(self) -> Text:
        return "action_reset_diagnostic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if going_back(tracker) or change_after_result(tracker):
            # « revenir en arrière », « retour » may be heard as « recommencer »:
            # nothing is forgotten; the form says how to correct an answer.
            return []
        if asks_result_again(latest_text(tracker)):
            # « j'ai déjà fait le diagnostic, je voudrais revoir les conseils »
            # heard as « recommencer »: the result is asked, nothing is
            # forgotten (action_start_diagnostic shows it)
            return []
        if diagnostic_in_progress(tracker) and asks_for_the_diagnostic(latest_text(tracker)):
            # « diag » typed after « slt on est une com com de 40 communes on
            # veut faire notre PCAET » was heard as « recommencer » and wiped
            # what was noted (live test, session 12): it asks for the
            # diagnostic under way, which goes on (action_start_diagnostic)
            return []
        kept = answers_kept(tracker)
        if kept and not restart_asked(tracker):
            # « retour à la première question », « raz » wiped every answer at
            # once (live test, session 24): asked first. « oui » (the form, or
            # action_affirm when paused) or « recommencer » again clears them;
            # « non » keeps them; an answer goes on with the diagnostic.
            say(dispatcher, "restart_confirm", count="une réponse" if kept == 1 else f"{kept} réponses")
            return [FollowupAction("action_listen")]
        return reset_events() + [
            SlotSet("diagnostic_done", False),
            SlotSet("requested_slot", None),
        ]


class ActionOffTopicInDiagnostic(Action):
    """Off-topic during the diagnostic: said so, then the question is asked
    again. Unless the message answers the question (« la secrétaire de mairie
    à mi-temps » is not off-topic when the internal resources are asked): then
    nothing is said, and the form, which runs next, records the answer."""

    def name(self) -> Text:
        return "action_off_topic_in_diagnostic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if says_stop(latest_text(tracker)) or drops_the_diagnostic(latest_text(tracker)):
            # « annuler » heard as off-topic (live test, session 17): paused, as
            # « pause » (the rule then no longer asks the question again)
            return pause_diagnostic(dispatcher)
        if not (requested_answer(tracker) or correction(tracker) or going_back(tracker)
                or answer_ahead(tracker) or amount_in_passing(tracker) is not None
                or asks_to_explain(tracker) or remark_in_form(tracker)):
            if answer_direct_question(dispatcher, tracker):
                # « on peut reprendre le bureau d'études de 2024 sans mise en
                # concurrence ? »: a question of the data, answered (D-M7)
                return []
            say_out_of_scope(dispatcher, tracker)
        return []


class ActionOutOfScope(Action):
    """Out of scope, outside the diagnostic: said so, with what the assistant
    can do; a message in English, German, Spanish or Italian gets « Je réponds
    en français… » instead (``assistant.text.foreign_language``)."""

    def name(self) -> Text:
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        understood = await understood_after_all(dispatcher, tracker)
        if understood is not None:
            return understood
        say_out_of_scope(dispatcher, tracker)
        dispatcher.utter_message(response="utter_offer_help")
        return []
