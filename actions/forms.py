"""The diagnostic form: what each message answers, and what is said back.

``ValidateDiagnosticForm`` reads the answers of the latest message (the
question asked, an answer ahead, a correction, answers said in passing),
validates them with ``actions.validators`` and says back what was noted;
the corrections and re-asks (a question explained, asked again, how to
correct) are in ``actions.corrections``, a provider's proposal pasted in in
``actions.proposal``. Values already canonical (the form re-validates
prefilled slots when it is resumed) are accepted silently, so resuming
never repeats a message.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.after import acknowledge_remark_in_form
from actions.amount import AmountValidator
from actions.common import latest_entity_values, latest_intent, latest_text, message_text, say
from actions.corrections import (consulted_label, correction_example, explain_question, noted_label, reading,
                                 said_again, said_back_with_project, said_this_turn)
from actions.faq import answer_direct_question, answer_price_follow_up
from actions.passing import answers_in_passing, budget_in_passing, more_need_kinds, project_in_passing
from actions.procurement import answer_option_added, answer_procurement, answered_as_follow_up
from actions.proposal import pasted_proposal, read_proposal
from actions.render import answer_label, budget_label
from actions.slots import (DIAGNOSTIC_SLOTS, answer_ahead, correction, correction_request, going_back,
                           previous_value, reasked, requested_answer, reset_events, restart_asked, tax_switch,
                           unclear_question, user_text_before)
from actions.validators import DiagnosticValidators
from assistant import parsing
from assistant.answers import acknowledges_after_question, answers_question, asks_where_we_were, without_yes_no
from assistant.profile import STRUCTURE_TYPES, UNKNOWN, is_unknown
from assistant.questions import PAYMENT_TERMS, PRICE_JUDGED, direct_question
from assistant.text import fold, normalize
from assistant.text import words as plain_words

# Earlier answers confirmed when a later message corrects them (the amount's
# own validation already says « C'est noté : … »).
CONFIRMED_CORRECTIONS = tuple(s for s in DIAGNOSTIC_SLOTS if s != "amount")
NO_POPULATION_FOR = ("etat", "departement", "region")


class ValidateDiagnosticForm(DiagnosticValidators, AmountValidator, FormValidationAction):
    def name(self) -> Text:
        return "validate_diagnostic_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        """Validates the answers given this turn. A slot emptied this turn
        (« recommencer » clears every answer before the form starts again) is
        no answer: Rasa still passes it to the validation, and each validator
        read the message instead (« repartir du debut » as a first message got
        ten « Je n'ai pas reconnu… » and the project « repartir du debut »)."""
        given = tracker.slots_to_validate
        tracker.slots_to_validate = lambda: {slot: value for slot, value in given().items()
                                             if value is not None}
        return await super().run(dispatcher, tracker, domain)

    async def required_slots(
        self,
        domain_slots: List[Text],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[Text]:
        slots = list(domain_slots)
        if tracker.get_slot("structure_type") in NO_POPULATION_FOR and "population" in slots:
            slots.remove("population")
        return slots

    async def next_requested_slot(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Optional[Dict[Text, Any]]:
        """The next question; the one whose answer the user asks to change
        (« corriger le type de structure », « je veux changer la durée »),
        asked again with its buttons (F-L1), before the question waiting."""
        target = correction_request(tracker) or reading(tracker).unanswered_again
        if target is not None and target in await self.required_slots(
                self.domain_slots(domain), dispatcher, tracker, domain):
            return SlotSet("requested_slot", target)
        return await super().next_requested_slot(dispatcher, tracker, domain)

    async def get_validation_events(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[Dict[Text, Any]]:
        """Validated answers. An earlier answer that the message corrects
        (« en fait on est 1 500 habitants » while another question waits) is
        confirmed in a short message, so the user knows it was heard; so are
        the answers of the message that started the diagnostic, and an answer
        given ahead of its question (``answer_ahead``)."""
        restart = restart_answer(dispatcher, tracker)
        if restart is not None:
            return restart
        proposal = read_proposal(dispatcher, tracker)
        if proposal is not None:
            return proposal
        followed = _procurement_follow_up(dispatcher, tracker)
        if followed is not None:
            return followed
        asked_directly = _direct_question_in_form(dispatcher, tracker)
        if asked_directly is not None:
            return asked_directly
        if answer_price_follow_up(dispatcher, tracker):
            # « pas de fourchette du tout ? » right after the price answer,
            # while the need waited: « Je n'ai pas reconnu le besoin » (live
            # test, session 22). No range, how to estimate; nothing noted.
            return _nothing_noted(tracker)
        again = reasked(tracker)
        explained = explain_question(dispatcher, tracker)
        if explained:
            # (a question asked again at the user's request keeps its answer
            # until a readable one comes: asked again, not emptied)
            if explained != again:
                return [SlotSet(explained, None)]
            reading(tracker).unanswered_again = again
            return []
        remark = acknowledge_remark_in_form(dispatcher, tracker)
        if remark is not None:
            # « les reponses sont trop longues sur mon telephone » at the
            # structure question (live test, session 11): thanked, recorded,
            # and the question asked again; nothing else read in it
            return remark
        if _question_not_understood(dispatcher, tracker):
            return _nothing_noted(tracker)
        if tracker.get_slot("requested_slot") in DIAGNOSTIC_SLOTS \
                and acknowledges_after_question(latest_text(tracker), user_text_before(tracker)):
            # « ok » after « c koi un AMO en fait » was answered: « Je n'ai
            # pas compris. Répondez par exemple « ponctuel »… » (live test,
            # session 25); at the sponsor's question it would be a yes. It
            # acknowledges the answer: the question is asked again, nothing noted.
            return _nothing_noted(tracker)
        ahead = answer_ahead(tracker)
        validated = set(tracker.slots_to_validate())
        events = await super().get_validation_events(dispatcher, tracker, domain)
        if again is not None and (again not in validated or again in reading(tracker).rejected):
            # no readable answer to the question asked again at the user's
            # request (« corriger le type de structure », then « bof »): the
            # earlier answer is kept, and the question asked again
            # (``next_requested_slot``) rather than the one that waited
            reading(tracker).unanswered_again = again
        asked = tracker.get_slot("requested_slot")
        # (answers of earlier messages, already said back this turn by
        # action_start_diagnostic: not said twice)
        already_said = said_this_turn(tracker)
        with_project = said_back_with_project(events, asked)
        passing = frozenset(answers_in_passing(tracker)) if asked is not None else frozenset()
        to_change = correction_request(tracker)
        budget = budget_in_passing(tracker)
        noted = []
        consulted = None
        for event in events:
            slot, value = event.get("name"), event.get("value")
            if slot == "partners_consulted" and asked is None and value \
                    and previous_value(tracker, slot) is None:
                # « nous avons interrogé l'OPSN… » in the message that starts
                # the diagnostic: the partners understood are said back too
                consulted = consulted_label(value)
                continue
            if slot not in DIAGNOSTIC_SLOTS or value is None \
                    or (slot == asked and slot not in with_project and slot != again):
                continue
            before = previous_value(tracker, slot)
            label = answer_label(slot, value)
            if slot == "partners_status" and value == UNKNOWN and parsing.no_reply(latest_text(tracker)):
                # « on a demande au departement, pas de reponse » was said back
                # « J'ai noté : je ne sais pas » (live test, session 23)
                label = message_text("partners_no_reply_label")
            length = parsing.length_typed(latest_text(tracker)) if slot == "duration" else None
            if length and value in ("ponctuel", "durable"):
                # « environ 1 an » was said back « besoin ponctuel (une étude,
                # quelques mois) » (live test, session 24): the length typed
                label = f"besoin {value} ({length})"
            if slot == "amount" and isinstance(value, (int, float)):
                # (typed TTC: said with the amount typed, F-L2)
                label = budget_label(value, next((e.get("value") for e in events
                                                  if e.get("name") == "amount_ttc"),
                                                 tracker.get_slot("amount_ttc")))
            if not label:
                continue
            if slot == again:
                # the answer to a question asked again at the user's request
                # (« corriger le type de structure »): said back, changed or not
                # (an unreadable one was said so by its validator)
                if slot != "amount" and reading(tracker).unanswered_again != slot:
                    say(dispatcher, "answer_corrected" if before != value else "already_noted",
                        answer=label, answers=label)
                continue
            if slot == "need_kinds" and _adds_to(before, value):
                noted.append(label)          # « Capacité » clicked after « Expertise »
            elif slot in CONFIRMED_CORRECTIONS and is_unknown(before) and not is_unknown(value) and slot != asked:
                # an answer set aside as « je ne sais pas », given later, is
                # noted, not corrected (« 350 habitants » after « je sais pas »
                # at the population: « C'est corrigé », live test, session 26)
                noted.append(label)
            elif slot in CONFIRMED_CORRECTIONS and before is not None and before != value:
                say(dispatcher, "answer_corrected", answer=label)
            elif (asked is None and before is None and normalize(label) not in already_said) \
                    or slot == ahead or (slot in with_project and before is None) \
                    or (slot in passing and before is None):
                noted.append(label)
            elif slot == "amount" and budget is not None and before is None:
                # « environ 35 000 TTC » at the need question: said with its
                # TTC amount and as an estimate
                noted.append(budget_label(budget.value, budget.ttc, hesitant=budget.hesitant))
        if consulted and normalize(consulted) not in already_said:
            # (after the partners' answer, when it was said)
            status = answer_label("partners_status", next(
                (e.get("value") for e in events if e.get("name") == "partners_status"), None))
            noted.insert(noted.index(status) + 1 if status in noted else len(noted), consulted)
        corrected = correction(tracker)
        back = going_back(tracker)
        if back or (corrected and asked not in (None, corrected[0]) and not answers_question(
                asked, without_yes_no(latest_text(tracker)))):
            # « en fait c'est ponctuel » corrects the duration; it is not the
            # answer to the question asked (« ah non pardon… » is not
            # « personne » for the internal resources): that one is asked again.
            events = [SlotSet(asked, previous_value(tracker, asked))
                      if e.get("event") == "slot" and e.get("name") == asked else e
                      for e in events]
        if to_change is not None:
            # « corriger le type de structure »: that question again, with its
            # buttons (``next_requested_slot``), under the answer noted
            say(dispatcher, "correction_reasked",
                answer=noted_label(tracker, to_change) or "je ne sais pas")
        elif back and "pour corriger une reponse" not in fold(already_said):
            # « revenir en arrière »: how to correct, then the question again
            # (the form asks it)
            say(dispatcher, "how_to_correct", example=correction_example(tracker))
        repeated = said_again(tracker, events, asked) if not (noted or corrected or back) else []
        if repeated:
            # « commune », « numerique » typed again while the need is asked
            # (final retest S-L1): said, rather than the question repeated blindly
            say(dispatcher, "already_noted", answers=" ; ".join(repeated))
        if noted:
            # The message that started the diagnostic answered some questions
            # (« une petite comcom rurale, 9000 hab, on doit lancer un PCAET »):
            # say what was understood, since those questions will not come.
            say(dispatcher, "first_answers", answers=" ; ".join(noted))
        return events

    async def get_extraction_events(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[Dict[Text, Any]]:
        """A statement typed while a question waits is its answer, even when the
        NLU heard a topic in it (« élaborer notre plan climat » is not a question
        about partners) or took it for off-topic (« la secrétaire de mairie à
        mi-temps »). Real questions still interrupt the diagnostic."""
        events = await super().get_extraction_events(dispatcher, tracker, domain)
        if pasted_proposal(tracker):
            return events       # (read as a proposal: ``read_proposal``)
        if answered_as_follow_up(tracker):
            # « et 45k TTC » after a procurement answer: a procurement
            # question (``_procurement_follow_up``), no answer to the question
            # waiting, no budget in passing
            return events
        slot = answer_ahead(tracker) or requested_answer(tracker, strict=False)
        if slot:
            # (an answer ahead: « ponctuel je pense » while the need is asked is
            # the duration; the need is asked again, without a complaint)
            events.append(SlotSet(slot, latest_text(tracker)))
        project = project_in_passing(tracker)
        if project and slot != "project":
            events.append(SlotSet("project", project))
        corrected = correction(tracker)
        if not corrected and tax_switch(tracker) is not None:
            # « en fait c'est TTC » after the result (no question waits): the
            # budget noted, converted by its validator (``actions.amount``)
            events.append(SlotSet("amount", latest_text(tracker)))
        if corrected:
            # « en fait on est 1300 pas 300 »: the earlier answer changes, and
            # is said back (« C'est corrigé : … »); the partners' answer goes
            # through its validator, which also notes the partners named.
            name, value = corrected
            events.append(SlotSet(name, latest_text(tracker) if name == "partners_status"
                                  else value))
        more = more_need_kinds(tracker)
        if more:
            events.append(SlotSet("need_kinds", more))
        own = own_structure(tracker)
        if own and slot != "structure_type":
            events.append(SlotSet("structure_type", own))
        events += [SlotSet(name, value) for name, value in answers_in_passing(tracker).items()]
        budget = budget_in_passing(tracker)
        if budget is not None:
            # « je sais pas trop, 30 ou 40 000 peut etre » while the need is
            # asked: the budget, noted; the question waiting is asked again
            events.append(SlotSet("amount", budget.value))
        return events


# The intents whose messages the form reads as answers (the others interrupt it).
_READ_AS_ANSWERS = ("inform", "affirm", "deny", "dont_know", "nlu_fallback")


def _procurement_follow_up(dispatcher: CollectingDispatcher,
                           tracker: Tracker) -> Optional[List[Dict[str, Any]]]:
    """« et pour 150 000 TTC ? », « et si on lance en fevrier 2026 », heard as
    information right after a procurement question answered during the
    diagnostic: read by the question waiting, they were taken for the budget
    (« Les seuils s'appliquent hors taxes : 150 000 € TTC, soit 125 000 €
    HT… ») or « Je n'ai pas reconnu le type de structure ». They get the route
    of the new amount or date (``answer_procurement``), nothing is taken from
    them, and the question waiting is asked again. Its events, or None for any
    other message."""
    if latest_intent(tracker) in _READ_AS_ANSWERS \
            and answer_option_added(dispatcher, tracker, budget=previous_value(tracker, "amount")):
        # « et si on veut rajouter une option a 15 000 ? »: the need with it
        # and its route, the budget noted unchanged (live test, session 23)
        return _nothing_noted(tracker)
    if latest_intent(tracker) not in _READ_AS_ANSWERS or not answered_as_follow_up(tracker):
        return None
    events = answer_procurement(dispatcher, tracker)
    return events + _nothing_noted(tracker)


def restart_answer(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[str, Any]]]:
    """The answer to « J'efface tout et je recommence depuis le début ? »
    (``action_reset_diagnostic`` asked it): « oui » clears every answer and
    the form starts again at the first question; « non » keeps them, and the
    question waiting is asked again, unless the message also answers it
    (« non non, on est 1 300 habitants »). None for anything else: the
    message is read as usual (an answer typed instead goes on)."""
    if not restart_asked(tracker):
        return None
    text = latest_text(tracker)
    by_intent = {"affirm": parsing.YES, "deny": parsing.NO}.get(latest_intent(tracker))
    said = by_intent if text.startswith("/") else parsing.parse_yes_no(text)
    if said is None and not text.startswith("/"):
        # « on continue », « surtout pas »; « vas-y », « efface tout »
        said = parsing.NO if not _more_than(text, _GO_ON_WORDS) \
            else parsing.YES if not _more_than(text, _RESTART_WORDS) else None
    if said == parsing.YES and (text.startswith("/") or not _more_than(text, _RESTART_WORDS)):
        say(dispatcher, "start_diagnostic")
        # (diagnostic_done: where the earlier messages of this diagnostic
        # start, ``actions.diagnostic._earlier_messages``)
        return reset_events() + [SlotSet("diagnostic_done", False)]
    if said == parsing.NO:
        say(dispatcher, "restart_kept")
        if text.startswith("/") or not _more_than(text, _GO_ON_WORDS):
            return _nothing_noted(tracker)
    return None


# What « oui » / « non » to « J'efface tout ? » may come with and still be a
# bare yes or no.
_RESTART_WORDS = (r"vas y", r"allez", r"allez y", r"on efface", r"efface[rz]?", r"tout", r"recommence[rz]?",
                  r"on recommence", r"svp", r"stp", r"merci", r"c est bon", r"d accord", r"je veux bien")
_GO_ON_WORDS = (r"(?:on )?continue[rz]?", r"garde[rz]?", r"surtout pas", r"merci", r"svp", r"stp", r"pardon",
                r"desole", r"erreur", r"je me suis trompe", r"finalement", r"c est bon", r"d accord")

_INTERJECTIONS = (r"ah", r"oh", r"euh+", r"bah", r"ben", r"bon", r"hm+", r"ha", r"alors", r"bien sur", r"si", r"ok",
                  r"okay", r"oki", r"ouais?", r"yes", r"nan", r"no", r"oui", r"non")


def _more_than(text: str, fillers: Tuple[str, ...]) -> bool:
    """The message says more than « oui » / « non » and those words."""
    rest = re.sub(r"\b(?:" + "|".join(fillers + _INTERJECTIONS) + r")\b", " ", plain_words(without_yes_no(text)))
    return bool(rest.strip())


def _nothing_noted(tracker: Tracker) -> List[Dict[str, Any]]:
    """The slots the message filled, through the NLU or the extraction, back
    to their values before it: a question answered, no answer noted; the
    question waiting is asked again."""
    asked = tracker.get_slot("requested_slot")
    kept = {slot: previous_value(tracker, slot) for slot in tracker.slots_to_validate()
            if slot != "requested_slot"}
    if asked in DIAGNOSTIC_SLOTS:
        kept[asked] = previous_value(tracker, asked)
        if reasked(tracker) == asked:
            reading(tracker).unanswered_again = asked
    return [SlotSet(slot, value) for slot, value in kept.items()]


# Direct questions that no answer of the diagnostic contains, whatever the
# classifier heard: « c'est un peu cher non ? » (heard as « non », it was taken
# for the structure: live test, session 23), « un acompte de 30 % à la
# commande, c'est normal ? ».
_NOT_AN_ANSWER = (PRICE_JUDGED, PAYMENT_TERMS)


def _direct_question_in_form(dispatcher: CollectingDispatcher,
                             tracker: Tracker) -> Optional[List[Dict[str, Any]]]:
    """« du coup je prends le 1er devis qui vient ? » while a question of the
    diagnostic waits, not understood (nlu_fallback: the form reads it), or
    heard as information (« … ya des aides ? », inform 0.64, was noted as the
    domain: live test, session 22): it got
    « Je n'ai pas reconnu le type de structure » (live test, session 12). A
    question whose answer is one topic of the data
    (``assistant.questions.direct_question``) is answered, nothing is taken
    from it, and the question waiting is asked again. Its events, or None for
    any other message."""
    if tracker.get_slot("requested_slot") is None:
        # the message that started the diagnostic: its question was answered
        # first (action_start_diagnostic), its answers are noted (a DGS's
        # first message ending « … on peut reprendre le meme BE ? » lost all
        # of them: live test, session 23)
        return None
    text = latest_text(tracker)
    direct = direct_question(text)
    if direct is None:
        return None
    if latest_intent(tracker) not in ("nlu_fallback", "inform") and not (
            direct in _NOT_AN_ANSWER and latest_intent(tracker) in ("deny", "affirm", "dont_know")):
        return None
    if not text.rstrip().endswith("?") and direct not in _NOT_AN_ANSWER:
        return None
    asked = tracker.get_slot("requested_slot")
    if latest_intent(tracker) == "inform" and asked and answers_question(asked, text.rstrip(" ?")):
        # (heard as information, a question that also answers the one
        # waiting is read as that answer)
        return None
    answer_direct_question(dispatcher, tracker)
    return _nothing_noted(tracker)


def _question_not_understood(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """« c'est quoi le moins cher ? », « ok et pour un amo alors ? » while the
    structure waited, not understood (nlu_fallback): « Je n'ai pas reconnu le
    type de structure », and at the third such message the structure was
    set aside as « je ne sais pas » (live test, session 25). A question that
    answers nothing is said not understood, with how to go on; nothing is
    noted and it is no failure to answer (``actions.slots.failed_turns``).
    False, nothing said, for any other message."""
    asked = tracker.get_slot("requested_slot")
    text = latest_text(tracker)
    if asked in DIAGNOSTIC_SLOTS and latest_intent(tracker) == "nlu_fallback" and asks_where_we_were(text):
        # « ok merci et on en etait ou ? »: « Je n'ai pas compris le nombre
        # d'habitants » (live test, session 24); the question, again
        say(dispatcher, "diagnostic_resumed")
        return True
    if asked not in DIAGNOSTIC_SLOTS or not unclear_question(latest_intent(tracker), text) \
            or answers_question(asked, text.rstrip(" ?")) or answer_ahead(tracker) is not None \
            or correction(tracker) is not None or answers_in_passing(tracker) \
            or budget_in_passing(tracker) is not None:
        return False
    say(dispatcher, "question_not_understood_in_form")
    return True


def _adds_to(before: Any, value: Any) -> bool:
    """``value`` holds every need kind of ``before``, and more."""
    if not isinstance(before, list) or not isinstance(value, list) or UNKNOWN in before:
        return False
    return set(before) < set(value)


def own_structure(tracker: Tracker) -> Optional[str]:
    """The structure the latest message says the user is (« je suis maire de
    Saint-Julien », « on est une comcom »), when the NLU heard none: in the
    message that starts the diagnostic (the structure is not answered yet), or
    in a correction (« en fait on est une communauté de communes, pas une
    commune »). None otherwise, or when it is already the answer."""
    text = latest_text(tracker)
    # (no check of the active loop: at activation, Rasa validates with a
    # tracker in which the form is not active yet)
    if not text or text.startswith("/") or latest_entity_values(tracker, "structure_type"):
        return None
    current = tracker.get_slot("structure_type")
    starting = tracker.get_slot("requested_slot") is None and current is None
    if not (starting or parsing.is_correction(text)):
        return None
    said = parsing.parse_own_structure(text, strict=not starting)
    return said if said in STRUCTURE_TYPES and said != current else None
