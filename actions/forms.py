"""Validation of the diagnostic's answers.

Every answer — typed text, a quick-reply button, an entity found in a first
message, or a forged ``/inform{…}`` payload — goes through the same parsers of
``assistant.parsing`` / ``assistant.amounts``. Slots only ever hold canonical
values; an invalid answer gets a French re-ask explaining what is expected.
Values already canonical (the form re-validates prefilled slots when it is
resumed) are accepted silently, so resuming never repeats a message.
"""
from __future__ import annotations

import math
import re
from typing import Any, Callable, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.ask import partner_label, partners_rewording
from actions.slots import (
    DIAGNOSTIC_SLOTS, answer_ahead, correction, correction_request, going_back,
    previous_value, reasked, requested_answer,
)
from actions.common import (latest_entity_values, latest_intent, latest_text, message,
                            message_text, say, send, typed_text)
from actions.passing import (amount_in_passing, answers_in_passing, budget_in_passing,
                             more_need_kinds, project_in_passing)
from actions.render import answer_label, budget_label
from assistant import parsing
from assistant.knowledge import load_knowledge
from assistant.amounts import (amount_error, find_amount_spans, is_hesitant,
                               parse_amount, parse_population, says_tax, states_an_amount)
from assistant.purchase import (SERVICES, TRAVAUX, amount_categories, keep_amounts,
                                purchase_category)
from assistant.project import project_phrase
from assistant.proposal import is_provider_proposal, proposal_amount
from assistant.answers import (answers_question, asks_to_explain_the_question,
                               correction_target, without_yes_no)
from assistant.profile import (
    DURATIONS,
    NEED_KINDS,
    PARTNER_STATUSES,
    RESOURCES,
    SPONSOR,
    STRUCTURE_TYPES,
    THEMES,
    UNKNOWN,
)
from assistant.typography import format_eur
from assistant.text import fold, normalize

SlotDict = Dict[Text, Any]

# Entities that fill a diagnostic slot (see domain.yml), to recognise a message
# that answered another question than the one asked (« en fait c'est 80 000 € »).
ENTITY_SLOTS = {
    "structure_type": "structure_type",
    "population": "population",
    "theme": "theme",
    "amount": "amount",
    "need_kind": "need_kinds",
    "duration": "duration",
    "resources": "internal_resources",
    "partners_status": "partners_status",
    "sponsor": "sponsor",
}
# Earlier answers confirmed when a later message corrects them (the amount's
# own validation already says « C'est noté : … »).
CONFIRMED_CORRECTIONS = tuple(s for s in DIAGNOSTIC_SLOTS if s != "amount")
MAX_POPULATION = 15_000_000  # the largest French intercommunality is about 7 million
NO_POPULATION_FOR = ("etat", "departement", "region")


class ValidateDiagnosticForm(FormValidationAction):
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
        target = correction_request(tracker) or _unanswered_again(tracker)
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
        proposal = read_proposal(dispatcher, tracker)
        if proposal is not None:
            return proposal
        again = reasked(tracker)
        explained = explain_question(dispatcher, tracker)
        if explained:
            # (a question asked again at the user's request keeps its answer
            # until a readable one comes: asked again, not emptied)
            if explained != again:
                return [SlotSet(explained, None)]
            tracker.__dict__["_unanswered_again"] = again
            return []
        ahead = answer_ahead(tracker)
        validated = set(tracker.slots_to_validate())
        events = await super().get_validation_events(dispatcher, tracker, domain)
        if again is not None and (again not in validated or again in _rejected(tracker)):
            # no readable answer to the question asked again at the user's
            # request (« corriger le type de structure », then « bof »): the
            # earlier answer is kept, and the question asked again
            # (``next_requested_slot``) rather than the one that waited
            tracker.__dict__["_unanswered_again"] = again
        asked = tracker.get_slot("requested_slot")
        # (answers of earlier messages, already said back this turn by
        # action_start_diagnostic: not said twice)
        already_said = said_this_turn(tracker)
        with_project = _said_back_with_project(events, asked)
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
                if slot != "amount" and _unanswered_again(tracker) != slot:
                    say(dispatcher, "answer_corrected" if before != value else "already_noted",
                        answer=label, answers=label)
                continue
            if slot == "need_kinds" and _adds_to(before, value):
                noted.append(label)          # « Capacité » clicked after « Expertise »
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
                answer=_noted_label(tracker, to_change) or "je ne sais pas")
        elif back and "pour corriger une reponse" not in fold(already_said):
            # « revenir en arrière »: how to correct, then the question again
            # (the form asks it)
            say(dispatcher, "how_to_correct", example=_correction_example(tracker))
        repeated = _said_again(tracker, events, asked) if not (noted or corrected or back) else []
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
        slot = requested_answer(tracker, strict=False) or answer_ahead(tracker)
        if slot:
            # (an answer ahead: « ponctuel je pense » while the need is asked is
            # the duration; the need is asked again, without a complaint)
            events.append(SlotSet(slot, latest_text(tracker)))
        project = project_in_passing(tracker)
        if project and slot != "project":
            events.append(SlotSet("project", project))
        corrected = correction(tracker)
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

    # -- shared mechanics -------------------------------------------------------

    @staticmethod
    def _said_dont_know(tracker: Tracker, text: str, understood: bool = False) -> bool:
        """« je ne sais pas » in the text, or heard by the classifier in a
        text that the question's parser does not read as an answer:
        « pas encore » (a button's title, typed) is classified dont_know
        but answers the partners question."""
        if amount_in_passing(tracker) is not None:
            # « je sais pas trop peut etre 30000 » while the partners are
            # asked: the hedge is about the budget it gives, not this question
            return False
        if parsing.is_dont_know(text):
            return True
        return latest_intent(tracker) == "dont_know" and not understood

    @staticmethod
    def _answered_something_else(tracker: Tracker, slot: str) -> bool:
        """The message filled another slot, through an entity or as an answer
        ahead of its question: it was not an answer to this question, so this
        question is asked again silently."""
        entities = (tracker.latest_message or {}).get("entities") or []
        if answer_ahead(tracker) not in (None, slot):
            return True
        if slot != "amount" and amount_in_passing(tracker) is not None:
            return True
        if tracker.get_slot("requested_slot") == slot and any(
                other != slot for other in answers_in_passing(tracker)):
            return True
        if slot != "need_kinds" and more_need_kinds(tracker):
            return True
        corrected = correction(tracker)
        if going_back(tracker) or (corrected and corrected[0] != slot and not answers_question(
                slot, without_yes_no(latest_text(tracker)))):
            return True
        return any(
            ENTITY_SLOTS.get(e.get("entity")) not in (None, slot) for e in entities
        )

    def _choice(
        self,
        slot: str,
        value: Any,
        allowed: tuple,
        parser: Callable[[str], Optional[str]],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        allow_unknown: bool = True,
    ) -> SlotDict:
        if isinstance(value, str) and (value in allowed or (allow_unknown and value == UNKNOWN)):
            return {slot: value}
        text = _text_of(value, tracker)
        parsed = parser(text) if text else None
        if allow_unknown and self._said_dont_know(tracker, text, parsed in allowed):
            return {slot: UNKNOWN}
        if parsed in allowed:
            return {slot: parsed}
        return self._reject(slot, dispatcher, tracker)

    def _reject(
        self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker,
        reason: Optional[str] = None,
    ) -> SlotDict:
        """Refuse an answer. An answer validated earlier is never lost to an
        invalid correction: it is kept, and the user is told so."""
        previous = previous_value(tracker, slot)
        tracker.__dict__.setdefault("_rejected", set()).add(slot)
        if not self._answered_something_else(tracker, slot):
            if reason:
                send(dispatcher, reason)
            else:
                say(dispatcher, f"invalid_{slot}")
            if previous is not None:
                say(dispatcher, "kept_previous_answer")
        return {slot: previous}

    # -- one validator per question ---------------------------------------------

    @staticmethod
    def _kept_despite_mention(slot: str, result: SlotDict, tracker: Tracker) -> Optional[SlotDict]:
        """« on a vu la com com » answers the partners question; it does not
        turn a commune into an EPCI. A validated answer changes outside its own
        question only when the user corrects it (« en fait c'est une com com »):
        otherwise the earlier answer, kept; None when the new value stands."""
        # (a contrast, « pas la com com mais le SDE », corrects only the answer
        # it is found to correct)
        corrected = correction(tracker)
        if tracker.get_slot("requested_slot") in (None, slot) or parsing.is_correction(
            latest_text(tracker), contrast=False
        ) or (corrected and corrected[0] == slot):
            return None
        previous = previous_value(tracker, slot)
        if previous in (None, UNKNOWN) or previous == result.get(slot):
            return None
        return {slot: previous}

    def validate_structure_type(self, value, dispatcher, tracker, domain) -> SlotDict:
        text = latest_text(tracker)
        if value in STRUCTURE_TYPES and text and not text.startswith("/"):
            # The entity Rasa kept is the last one the NLU heard: « on est une
            # comcom … pour les 17 communes » gave « commune ». What the user
            # says they are wins, then the first structure named.
            heard = latest_entity_values(tracker, "structure_type")
            starting = tracker.get_slot("requested_slot") is None \
                and previous_value(tracker, "structure_type") is None
            said = parsing.parse_own_structure(text, strict=not starting)
            if said is None and len(set(heard)) > 1:
                said = parsing.parse_structure(text)
            if said in STRUCTURE_TYPES:
                value = said
        result = self._choice(
            "structure_type", value, STRUCTURE_TYPES, parsing.parse_structure,
            dispatcher, tracker,
        )
        return self._kept_despite_mention("structure_type", result, tracker) or result

    def validate_population(self, value, dispatcher, tracker, domain) -> SlotDict:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = population_number(value)
            if number is not None:
                return {"population": number}
            return self._reject("population", dispatcher, tracker)
        if value == UNKNOWN:
            return {"population": UNKNOWN}
        text = _text_of(value, tracker)
        if self._said_dont_know(tracker, text):
            return {"population": UNKNOWN}
        number = parse_population(text)
        if number is None:
            # A bare number answers « combien d'habitants ? »
            number = parse_population(f"{text} habitants")
        if number is not None and 0 < number <= MAX_POPULATION:
            return {"population": int(number)}
        return self._reject("population", dispatcher, tracker)

    def validate_project(self, value, dispatcher, tracker, domain) -> SlotDict:
        """The project, in a few words (``assistant.project.project_phrase``):
        « c'est pour l'éclairage public » → « éclairage public ». An answer
        that names none is refused: « oui », a kind of need (« expertise »,
        noted if it answers that question ahead), a question. « Je ne sais
        pas » is an answer."""
        if value == UNKNOWN:
            return {"project": UNKNOWN}
        text = _text_of(value, tracker).strip()
        phrase = project_phrase(text, answer=True)
        if phrase is None:
            if self._said_dont_know(tracker, text):
                return {"project": UNKNOWN}
            return self._reject("project", dispatcher, tracker)
        result: SlotDict = {"project": phrase}
        theme = tracker.get_slot("theme")
        if theme not in THEMES:
            found = parsing.parse_theme(phrase)
            if found in THEMES:
                result["theme"] = found
        if parsing.detect_price_focus(text):
            result["price_focus"] = True
        return result

    def validate_theme(self, value, dispatcher, tracker, domain) -> SlotDict:
        text = latest_text(tracker)
        if value in THEMES and text and not text.startswith("/"):
            # The entity Rasa kept is the last one the NLU heard, and it may
            # hear a theme in a word that is none (« numérique » for « deux
            # chargés de mission en interne »): the first theme named wins.
            named = parsing.themes_named(text)
            if named and (value not in named
                          or len(set(latest_entity_values(tracker, "theme"))) > 1):
                value = named[0]
        result = self._choice(
            "theme", value, tuple(THEMES), parsing.parse_theme, dispatcher, tracker
        )
        return self._kept_despite_mention("theme", result, tracker) or result

    def validate_need_kinds(self, value, dispatcher, tracker, domain) -> SlotDict:
        values = value if isinstance(value, list) else [value]
        # Several need_kind entities (buttons, a forged list): the slot mapping
        # keeps only one of them; all of them are the answer.
        entity_values = latest_entity_values(tracker, "need_kind")
        if len(entity_values) > 1 and all(v in entity_values for v in values):
            values = entity_values
        if values and all(v in NEED_KINDS for v in values):
            return {"need_kinds": sorted(set(values))}
        if values == [UNKNOWN]:
            return {"need_kinds": [UNKNOWN]}
        text = _text_of(value, tracker)
        kinds = parsing.parse_need_kinds(text) if text else None
        if kinds and UNKNOWN not in kinds:
            # The kinds named win over a hedge: « je sais pas trop, un peu
            # tout : on a pas le temps et pas les compétences »
            return {"need_kinds": sorted(kinds)}
        if self._said_dont_know(tracker, text):
            return {"need_kinds": [UNKNOWN]}
        if kinds and amount_in_passing(tracker) is None:
            # (« je sais pas trop, 30 ou 40 000 peut etre »: unsure of the
            # budget it gives, not of the need)
            return {"need_kinds": sorted(kinds)}
        return self._reject("need_kinds", dispatcher, tracker)

    def validate_duration(self, value, dispatcher, tracker, domain) -> SlotDict:
        text = "" if value in (*DURATIONS, UNKNOWN) else _text_of(value, tracker)
        parsed = parsing.parse_duration(text) if text else None
        if parsed in DURATIONS and parsing.is_dont_know(text):
            # « je sais pas trop, 1 an ? »: the length or the word said wins
            # over the hedge (a year or less is ponctuel), as an estimate said
            # back; « je ne sais pas si c'est ponctuel ou durable » stays unknown.
            if tracker.get_slot("requested_slot") == "duration":
                other = next(d for d in DURATIONS if d != parsed)
                say(dispatcher, "duration_estimate",
                    answer=answer_label("duration", parsed), other=other)
            return {"duration": parsed}
        return self._choice(
            "duration", value, DURATIONS, parsing.parse_duration, dispatcher, tracker
        )

    def validate_internal_resources(self, value, dispatcher, tracker, domain) -> SlotDict:
        return self._choice(
            "internal_resources", value, RESOURCES, parsing.parse_resources,
            dispatcher, tracker,
        )

    def validate_partners_status(self, value, dispatcher, tracker, domain) -> SlotDict:
        if isinstance(value, str) and value in (*PARTNER_STATUSES, UNKNOWN):
            return {"partners_status": value}
        text = _text_of(value, tracker)
        status, named = parsing.parse_partners(text) if text else (None, frozenset())
        if status == UNKNOWN and amount_in_passing(tracker) is not None:
            status = None      # « je sais pas trop peut etre 30000 »: unsure of the budget
        already_named = tracker.get_slot("partners_consulted")
        named_question = bool(already_named) and not named and status in (None, "non_consultes") \
            and not parsing.says_not_yet(text)
        if named_question and _PARTIAL_HELP.search(fold(text)):
            # « ils font des conseils mais pas le suivi »: they cannot cover
            # the need (retest N1: « Je n'ai pas compris », in a loop)
            status = "consultes_insuffisant"
        elif named_question and not _names_a_sponsor(text):
            # A yes or no answers « un accompagnement de ce côté est-il
            # possible ? », asked once partners were named: « Oui, c'est
            # possible » typed, « 👍 », or the classifier's affirm / deny. (« oui
            # le vice-président porte le sujet » answers the sponsor question
            # ahead, not this one.)
            answer = parsing.parse_yes_no(text) or _EMOJI_YES_NO.get(text.strip()) or {
                "affirm": parsing.YES, "deny": parsing.NO}.get(latest_intent(tracker) or "")
            status = {parsing.YES: "convention_disponible",
                      parsing.NO: "consultes_insuffisant"}.get(answer, status)
        if self._said_dont_know(tracker, text, status in PARTNER_STATUSES or bool(named)):
            return {"partners_status": UNKNOWN}
        if status in (*PARTNER_STATUSES, UNKNOWN):
            others = parsing.other_partners(text) or ([] if named else _without_card(already_named))
            if others and status != "non_consultes":
                # « le CPIE et le conservatoire d'espaces naturels »: noted
                # as typed, with no card to give on them (final F-L8)
                say(dispatcher, "partners_without_card", names=", ".join(others),
                    card="ces partenaires" if len(others) > 1 else "ce partenaire")
            result: SlotDict = {"partners_status": status}
            if named:
                # (after « on a vu le SDE et l'ALEC », « l'ALEC pourrait »
                # keeps the SDE among the partners consulted)
                earlier = [p for p in already_named or [] if isinstance(p, str)]
                result["partners_consulted"] = sorted(set(named) | set(earlier))
            return result
        if named and not (parsing.is_correction(text, contrast=False)
                          and self._answered_something_else(tracker, "partners_status")):
            # « on a vu le SDE »: consulted, but can they help? The question is
            # asked again about them (ActionAskPartnersStatus). A partner that
            # is also a kind of structure (« le département ») is still a
            # partner here; « en fait on est une com com » is a correction.
            return {"partners_status": None, "partners_consulted": sorted(named)}
        others = parsing.other_partners(text)
        if others and not already_named and status is None \
                and not (parsing.is_correction(text, contrast=False)
                         and self._answered_something_else(tracker, "partners_status")):
            # « on a eu un call avec le centre de gestion mais rien d'autre »
            # (final F-M5: « Je n'ai pas compris »): consulted, as a partner the
            # data knows would be; can they help? The names, as typed, are kept
            # for that question only (profile_from_slots keeps partner ids).
            return {"partners_status": None, "partners_consulted": others}
        if already_named and not named:
            # the question asked was « un accompagnement de ce côté est-il
            # possible ? »: its examples, not those of the first question
            return self._reject("partners_status", dispatcher, tracker,
                                message_text("invalid_partners_status_named"))
        return self._reject("partners_status", dispatcher, tracker)

    def validate_sponsor(self, value, dispatcher, tracker, domain) -> SlotDict:
        return self._choice(
            "sponsor", value, SPONSOR, parsing.parse_sponsor, dispatcher, tracker
        )

    def validate_amount(self, value, dispatcher, tracker, domain) -> SlotDict:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            # A number comes from the extractor or from a forged payload: the
            # same bounds as a typed amount apply.
            error = amount_error(value)
            if error is None:
                budget = budget_in_passing(tracker)
                if budget is not None and budget.ttc is not None \
                        and abs(budget.value - float(value)) < 0.005:
                    # « environ 35 000 TTC » at the need question: the amount
                    # typed TTC is kept, shown with its HT value (F-L2)
                    return {"amount": round(float(value), 2), "amount_ttc": budget.ttc}
                return {"amount": round(float(value), 2)}
            return self._reject("amount", dispatcher, tracker, error)
        if value == UNKNOWN:
            return {"amount": UNKNOWN}
        text = _text_of(value, tracker)
        asked = tracker.get_slot("requested_slot")
        if asked not in (None, "amount") \
                and not (states_an_amount(text) or states_an_amount(latest_text(tracker))):
            # « 800 » typed when the number of inhabitants is asked answers
            # that question; it is not a budget of 800 €.
            return {"amount": previous_value(tracker, "amount")}
        # The amount is read in the whole message, where its purchase is told:
        # « pour l'AMO je pensais 20 000 HT mais les travaux c'est 180 000 ».
        typed = typed_text(tracker)
        if find_amount_spans(typed):
            text = typed
        purchases = {category for _, category in amount_categories(text)}
        if purchases == {TRAVAUX}:
            # The works are not the mission: their amount is not its budget
            # (said, also after the result: « je mets à jour » came alone).
            say(dispatcher, "amount_is_works")
            before = previous_value(tracker, "amount")
            works = parse_amount(keep_amounts(text, TRAVAUX)).value_ht
            if isinstance(before, (int, float)) and works is not None \
                    and abs(float(before) - works) < 0.01:
                # « 80 000 € de travaux » right after « C'est noté : 80 000 € HT
                # pour la mission… »: that budget was the works', not kept
                return {"amount": None}
            return {"amount": before}
        works_said = TRAVAUX in purchases
        text = keep_amounts(text, SERVICES)
        # (« en fait il y a une option en plus de 12 600 » adds to the amount
        # given before: the options are part of the need)
        before = previous_value(tracker, "amount")
        base = float(before) if isinstance(before, (int, float)) and not isinstance(before, bool) else None
        parsed = parse_amount(text, base=base)
        # « je sais pas trop peut etre 30000 »: an estimate, kept as such; « je
        # ne sais pas » alone leaves the amount unknown.
        unsure = self._said_dont_know(tracker, text)
        if unsure and not parsed.ok:
            send(
                dispatcher,
                "D'accord. Je vous dirai comment l'estimer : c'est la valeur de tout le "
                "besoin, sur toute sa durée, qui détermine la procédure.",
            )
            return {"amount": UNKNOWN}
        if parsed.value_ht is None:
            return self._reject("amount", dispatcher, tracker, parsed.error)
        if parsed.confirmation:
            send(dispatcher, parsed.confirmation)
        elif tracker.get_slot("requested_slot") is not None:
            # (in the message that starts the diagnostic, the budget is said
            # with the other answers: « J'ai noté : … ; budget 30 000 € HT »)
            if tracker.get_slot("requested_slot") == "amount" and purchase_category(text) is None \
                    and _works_project(tracker.get_slot("project")):
                # « 80 000 » for « éclairage public LED »: the mission's
                # budget, or the works'? Said, with how to correct (S-M1).
                amount = format_eur(parsed.value_ht)
                say(dispatcher, "amount_is_mission", amount=amount,
                    example=format_eur(parsed.value_ht).replace("HT", "").strip())
            elif unsure or is_hesitant(text):
                say(dispatcher, "amount_estimate", amount=format_eur(parsed.value_ht))
            else:
                send(dispatcher, f"C'est noté : {format_eur(parsed.value_ht)}.")
            if not says_tax(text) and states_an_amount(text):
                # « env 35k€ »: taken as HT, said, with how to say TTC (F-L3)
                say(dispatcher, "amount_taken_ht", example=format_eur(parsed.value_ht, ht=False))
        if works_said:
            send(dispatcher, load_knowledge().text("works_separate").text)
        result: SlotDict = {"amount": float(parsed.value_ht)}
        # The amount typed TTC, shown with its HT value in the recap and the fiche (F-L2)
        if parsed.ttc and parsed.need is None and parsed.ttc_value is not None:
            result["amount_ttc"] = float(parsed.ttc_value)
        elif tracker.get_slot("amount_ttc") is not None:
            result["amount_ttc"] = None
        if parsing.detect_price_focus(text):
            result["price_focus"] = True
        return result


def _rejected(tracker: Tracker) -> set:
    """The slots whose answer a validator refused while reading this message."""
    return tracker.__dict__.get("_rejected", set())


def _unanswered_again(tracker: Tracker) -> Optional[str]:
    """The question asked again at the user's request that this message did
    not answer readably (``get_validation_events``), or None."""
    return tracker.__dict__.get("_unanswered_again")


# « ils font des conseils mais pas le suivi », « que du conseil », « en partie »:
# a partner that helps with part of the need only cannot cover it.
_PARTIAL_HELP = re.compile(
    r"\bmais\s+pas\b|\bque\s+(?:du|des|le|la|les|de\s+l)\b|\bseulement\b|\buniquement\b"
    r"|\ben\s+partie\b|\bpartiellement\b|\bpas\s+(?:tout|le\s+suivi|l'ensemble)\b")
_EMOJI_YES_NO = {"👍": parsing.YES, "👌": parsing.YES, "✅": parsing.YES, "👎": parsing.NO, "❌": parsing.NO}


def _names_a_sponsor(text: str) -> bool:
    """« oui le vice-président environnement porte le sujet »: an elected
    official who carries the project, the sponsor's answer."""
    return parsing.parse_sponsor(text) is not None and parsing.names_an_elected_official(text)


def pasted_proposal(tracker: Tracker) -> bool:
    """A provider's proposal pasted in while a question of the diagnostic
    waits (``assistant.proposal.is_provider_proposal``)."""
    return tracker.get_slot("requested_slot") in DIAGNOSTIC_SLOTS \
        and is_provider_proposal(latest_text(tracker))


def read_proposal(dispatcher: CollectingDispatcher,
                  tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """A provider's e-mail pasted in while a question waits (« Bonjour Madame
    le Maire, … je vous propose une mission … 18 500 € HT … Cordialement »):
    it was read by the question's validator (its words taken for a need, its
    amount for the budget, or « je n'ai pas compris »). It gets the proposal
    reading (``actions.faq.answer_provider_proposal``, without the offer of a
    diagnostic under way); its amount is noted as the budget, to confirm,
    when none is known; nothing else is taken from it, and the question
    waiting is asked again. Its events, or None for any other message."""
    if not pasted_proposal(tracker):
        return None
    from actions.faq import answer_provider_proposal, today   # (actions.faq imports this module)

    answer_provider_proposal(dispatcher, tracker)
    asked = tracker.get_slot("requested_slot")
    # (the slots the message filled, through the NLU or the extraction, back
    # to their values before it)
    kept = {slot: previous_value(tracker, slot) for slot in tracker.slots_to_validate()
            if slot != "requested_slot"}
    kept[asked] = previous_value(tracker, asked)
    amount = proposal_amount(latest_text(tracker), today())
    if previous_value(tracker, "amount") is None and amount is not None \
            and amount.value_ht is not None and amount_error(amount.value_ht) is None:
        kept["amount"] = round(float(amount.value_ht), 2)
        say(dispatcher, "first_answers", answers=budget_label(kept["amount"], hesitant=True))
    if reasked(tracker) == asked:
        tracker.__dict__["_unanswered_again"] = asked
    return [SlotSet(slot, value) for slot, value in kept.items()]


def asks_to_explain(tracker: Tracker) -> Optional[str]:
    """The question waiting (its slot) when the latest message says it is not
    understood (« je sais pas quoi repondre », « j'ai pas compris la
    question »: final retest S-M6); None otherwise, and for « je ne sais
    pas », which answers it."""
    asked = tracker.get_slot("requested_slot")
    if asked in DIAGNOSTIC_SLOTS and asks_to_explain_the_question(latest_text(tracker)):
        return asked
    return None


def explain_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[str]:
    """Says the question waiting in plainer words, with examples of answers,
    when the user does not understand it; the form then asks it again, and
    nothing is recorded. Its slot, or None."""
    asked = asks_to_explain(tracker)
    if asked is None:
        return None
    named = asked == "partners_status" and tracker.get_slot("partners_consulted")
    if named:
        say(dispatcher, "explain_partners_status_named")
    elif asked == "partners_status":
        say(dispatcher, "explain_partners_status", **partners_rewording(tracker))
    else:
        say(dispatcher, f"explain_{asked}")
    return asked


# A project that is works (« éclairage public LED », « isolation de la toiture »):
# a bare amount may be the works' cost rather than the mission's.
_WORKS_PROJECT = re.compile(
    r"\b(?:travaux|chantier|isol\w*|eclairage|led|toiture|toit|renov\w*|rehabilit\w*|construi\w*"
    r"|construction|ombrieres?|panneaux|photovolta\w*|chaufferie|chaudiere|pompe\s+a\s+chaleur"
    r"|menuiseries|fenetres|voirie|extension|agrandissement|amenagement|desimpermeabilis\w*"
    r"|installation|reseau\s+de\s+chaleur|borne\w*)\b")


def _works_project(project: Any) -> bool:
    return isinstance(project, str) and project != UNKNOWN \
        and bool(_WORKS_PROJECT.search(fold(project)))


def _noted_label(tracker: Tracker, slot: str) -> Optional[str]:
    """The answer noted for ``slot`` before the latest message, as said back."""
    value = previous_value(tracker, slot)
    if slot == "amount" and isinstance(value, (int, float)):
        return budget_label(value, previous_value(tracker, "amount_ttc"))
    if slot == "partners_status" and tracker.get_slot("partners_consulted"):
        consulted = consulted_label(tracker.get_slot("partners_consulted"))
        label = answer_label(slot, value)
        return f"{label} ; {consulted}" if label and consulted else label or consulted
    return answer_label(slot, value)


def consulted_label(partners: Any) -> Optional[str]:
    """« partenaires consultés : opérateur public de services numériques (OPSN) »."""
    labels = [partner_label(p) for p in partners or [] if isinstance(p, str)]
    labels = [label[:1].lower() + label[1:] for label in labels if label]
    return f"partenaires consultés : {', '.join(labels)}" if labels else None


def _said_back_with_project(events: List[Dict[Text, Any]], asked: Optional[str]) -> frozenset:
    """The slots said back with a project named this turn while a question
    waited: the project (« J'ai noté : projet « éclairage public » ») and the
    theme found in it. (With no question asked yet, the message that starts
    the diagnostic, every answer is said back anyway.)"""
    project = next((e.get("value") for e in events if e.get("name") == "project"), None)
    if asked is None or not isinstance(project, str) or project == UNKNOWN:
        return frozenset()
    return frozenset({"project", "theme"})


def _said_again(tracker: Tracker, events: List[Dict[Text, Any]], asked: Optional[str]) -> List[str]:
    """The labels of the earlier answers that the latest message only says
    again (« commune » typed while the need is asked, the commune noted),
    when it does not answer the question asked."""
    if asked not in DIAGNOSTIC_SLOTS or latest_intent(tracker) == "start_diagnostic":
        return []
    values = {e.get("name"): e.get("value") for e in events if e.get("event") == "slot"}
    if values.get(asked) not in (None, previous_value(tracker, asked)):
        return []
    labels = []
    for slot, value in values.items():
        if slot in DIAGNOSTIC_SLOTS and slot != asked and value is not None \
                and value != UNKNOWN and value == previous_value(tracker, slot):
            label = answer_label(slot, value)
            if label:
                labels.append(label)
    return labels


def _adds_to(before: Any, value: Any) -> bool:
    """``value`` holds every need kind of ``before``, and more."""
    if not isinstance(before, list) or not isinstance(value, list) or UNKNOWN in before:
        return False
    return set(before) < set(value)


def _correction_example(tracker: Tracker) -> str:
    """An example of correction of the latest answer given (the question
    before the one waiting), from config/messages.yml."""
    examples = message("how_to_correct")["examples"]
    named = correction_target(latest_text(tracker))     # « corriger le type de structure »
    if named in examples:
        return examples[named]
    asked = tracker.get_slot("requested_slot")
    earlier = DIAGNOSTIC_SLOTS[:DIAGNOSTIC_SLOTS.index(asked)] if asked in DIAGNOSTIC_SLOTS \
        else DIAGNOSTIC_SLOTS
    for slot in reversed(earlier):
        if slot in examples and previous_value(tracker, slot) is not None:
            return examples[slot]
    return examples["default"]


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


def population_number(value: Any) -> Optional[int]:
    """A number of inhabitants given as a number (a forged payload, the
    extractor's value): within bounds, else None."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if math.isfinite(number) and 1 <= number <= MAX_POPULATION else None


def said_this_turn(tracker: Tracker) -> str:
    """What the assistant has said since the latest user message, with plain
    spaces (``assistant.text.normalize``: French typography puts no-break
    spaces in sent texts)."""
    texts: List[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot":
            texts.append(event.get("text") or "")
    return normalize(" ".join(texts))


def _text_of(value: Any, tracker: Tracker) -> str:
    """The text to parse: the slot's raw value, or the message it came from."""
    if isinstance(value, str) and not value.startswith("/"):
        return value
    text = latest_text(tracker)
    return "" if text.startswith("/") else text


def _without_card(consulted: Any) -> List[str]:
    """The organisations consulted that the partner data has no card on
    (« centre de gestion », kept as typed while its help is asked)."""
    return [p for p in consulted or [] if isinstance(p, str) and partner_label(p) is None]
