"""The validators of the diagnostic's answers, one per question.

Every answer — typed text, a quick-reply button, an entity found in a first
message, or a forged ``/inform{…}`` payload — goes through the same parsers of
``assistant.parsing`` / ``assistant.amounts``. Slots only ever hold canonical
values; an invalid answer gets a French re-ask explaining what is expected.
``DiagnosticValidators`` is mixed into ``ValidateDiagnosticForm``
(``actions.forms``), which calls ``validate_<slot>`` for each answer.
"""
from __future__ import annotations

import math
import re
from typing import Any, Callable, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.ask import partner_label
from actions.common import latest_entity_values, latest_intent, latest_text, message, message_text, say, send
from actions.corrections import reading
from actions.passing import amount_in_passing, answers_in_passing, more_need_kinds
from actions.render import answer_label
from assistant.typography import format_number
from actions.slots import (answer_ahead, asked_in_a_row, correction, failed_turns, going_back, kept_value, previous_value,
                           user_text_before)
from assistant import parsing
from assistant.amounts import parse_population, population_answer
from assistant.answers import acknowledges_after_question, answers_question, doubts_the_need, without_yes_no
from assistant.knowledge import load_knowledge
from assistant.profile import (DURATIONS, NEED_KINDS, PARTNER_STATUSES, RESOURCES, SPONSOR, STRUCTURE_TYPES,
                               THEMES, UNKNOWN)
from assistant.project import project_phrase
from assistant.text import fold

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
MAX_POPULATION = 15_000_000  # the largest French intercommunality is about 7 million

# Messages typed while a question waits, without an answer to it, before it is
# left aside as « je ne sais pas » (``_reject``).
MAX_FAILED_TURNS = 3
# Messages in a row typed while a question waits, answering other questions:
# « Combien d'habitants… ? » came after each of six answers to the later
# questions of a SMICTOM that never gave it (live test, session 26). The
# fifth time it is left aside too.
MAX_ASKED_IN_A_ROW = 5
# Questions whose answers may name a structure that is not the user's (the
# partners asked, the staff, the sponsor): a bare structure there is no
# correction of the user's
_STRUCTURES_NAMED_AS_OTHERS = ("partners_status", "internal_resources", "sponsor")


def _portfolio_only(text: Optional[str]) -> bool:
    """The themes the text names are all an elected official's portfolio
    (« l'adjoint au numérique »): no theme is said."""
    return bool(text) and bool(parsing.themes_named(text)) \
        and not parsing.themes_named(parsing.without_portfolios(text))



# Help asked for another project than the one noted (« vous pouvez m'aider pour
# notre PLU ? », « et pour la cantine aussi ? », « on a aussi un projet de … »).
_ANOTHER_PROJECT = re.compile(
    r"\b(?:aider|aide|accompagner|conseiller)\s+(?:pour|sur|avec|a|au|aux)\b"
    r"|^\s*et\s+(?:pour|sur)\b.*\?\s*$"
    r"|\b(?:aussi|egalement|autre)\s+(?:un\s+)?projet\b|\bun\s+autre\s+(?:sujet|dossier)\b")

# A message that speaks of the domain itself (« le domaine c'est la culture »).
_NAMES_THE_DOMAIN = re.compile(r"\b(?:domaines?|themes?|thematiques?|sujets?)\b")

# A number of subscribers, households, meters… is no number of inhabitants.
_OTHER_UNITS = re.compile(r"\d\s*(abonnes|abonnements|compteurs|foyers|menages|logements|branchements"
                          r"|usagers|clients|communes|adherents|agents|salaries|eleves)\b")
_UNIT_WORDS = {"abonnes": "abonnés", "menages": "ménages", "eleves": "élèves", "salaries": "salariés",
               "adherents": "adhérents"}


# More than any French commune has (the largest, Paris, has about 2.1 million
# inhabitants): checked with the user.
MAX_COMMUNE_POPULATION = 2_500_000

# « …, peut-être » ending the message: unsure of what it names.
_HEDGE_AT_THE_END = re.compile(r"\bpeut-?\s?etre\s*[.!?]*$")


def _hedges_something_else(text: str) -> bool:
    """« l'agence de l'eau peut-être »: the « peut-être » that ends it is
    about what it names, not a « je ne sais pas » for the question waiting
    (typed at the population's question after the answer on subsidies, it
    was noted « je ne sais pas » for the population: live test, session 26).
    Not « peut-être » alone, nor « je sais pas, peut-être »."""
    folded = fold(text)
    if not _HEDGE_AT_THE_END.search(folded):
        return False
    rest = _HEDGE_AT_THE_END.sub("", folded)
    return not parsing.is_dont_know(rest) and bool(re.search(r"[a-z]{3,}", rest))


class DiagnosticValidators:
    """``validate_<slot>`` for each question of the diagnostic, and the
    mechanics they share: « je ne sais pas », a choice among canonical
    values, an answer refused (the earlier one kept)."""

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
        if tracker.get_slot("requested_slot") == "amount" and parsing.cost_not_known(text):
            return True
        if tracker.get_slot("requested_slot") != "amount" \
                and (parsing.budget_not_set(text) or parsing.cost_not_known(text)):
            # (« on a pas de budget defini encore », « je sais pas combien ça
            # coûte »: the budget's, said at ``_reject``)
            return False
        if parsing.is_dont_know(text) and not (tracker.get_slot("requested_slot") == "population"
                                               and _hedges_something_else(text)):
            # (« le SDE peut-être » at the partners' question, « le maire
            # peut-être » at the sponsor's stay unsure: the hedge is about
            # the answer; at the population's it is about something else)
            return True
        # (« on a pas encore demandé au cerema », dont_know 0.60 at the
        # resources question: the partners' answer, not « je ne sais pas »
        # for the resources; live test, session 21)
        return latest_intent(tracker) == "dont_know" and not understood and answer_ahead(tracker) is None

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
        portfolio = _portfolio_only(latest_text(tracker))
        return any(
            ENTITY_SLOTS.get(e.get("entity")) not in (None, slot)
            and not (portfolio and e.get("entity") == "theme") for e in entities
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
        text = text_of(value, tracker)
        if slot != "amount" and text and parsing.cost_not_known(text):
            parsed = parser(parsing.without_cost_not_known(text))
        else:
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
        previous = kept_value(slot, previous_value(tracker, slot))
        reading(tracker).rejected.add(slot)
        if previous is None and slot == tracker.get_slot("requested_slot") \
                and ((failed_turns(tracker, slot) >= MAX_FAILED_TURNS
                      and not self._answered_something_else(tracker, slot))
                     or asked_in_a_row(tracker, slot) >= MAX_ASKED_IN_A_ROW):
            # « audit energetique des batiments communaux », then every answer
            # to other questions: « Je n'ai pas reconnu le domaine… » eight
            # times, the diagnostic never ended; « envrion 900 habitans »: six
            # answers lost (live tests, session 11). The third time, the
            # question is left aside as « je ne sais pas », and said so.
            examples = message("how_to_correct")["examples"]
            say(dispatcher, "question_skipped", example=examples.get(slot, examples["default"]))
            return {slot: [UNKNOWN] if slot == "need_kinds" else UNKNOWN}
        if slot != "amount" and tracker.get_slot("requested_slot") == slot \
                and (parsing.budget_not_set(latest_text(tracker)) or parsing.cost_not_known(latest_text(tracker))):
            # (« on a pas de budget defini encore » at the need's question was
            # noted « je ne sais pas » for the need: live test, session 24;
            # « pas de budget » at the partners' follow-up got « Répondez
            # « oui », « non »… », session 25)
            reason = message_text("budget_later")
        repeated = _repeated_answer(tracker, slot) if reason is None else None
        if repeated is not None and not self._answered_something_else(tracker, slot):
            # « expertise » typed at the duration's question, the need noted:
            # « Je n'ai pas compris. Le besoin est-il ponctuel… » came before
            # the question itself (live test, session 12)
            say(dispatcher, "already_noted", answers=repeated)
        elif not self._answered_something_else(tracker, slot):
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
        if slot == "structure_type" and tracker.get_slot("requested_slot") not in _STRUCTURES_NAMED_AS_OTHERS \
                and parsing.bare_structure(latest_text(tracker)) == result.get(slot):
            # « syndicat mixte » alone while the population waits: the
            # structure corrected (live test, session 23)
            return None
        previous = previous_value(tracker, slot)
        if previous in (None, UNKNOWN) or previous == result.get(slot):
            return None
        return {slot: previous}

    def validate_structure_type(self, value, dispatcher, tracker, domain) -> SlotDict:
        text = latest_text(tracker)
        if tracker.get_slot("requested_slot") == "structure_type" and text and doubts_the_need(text) \
                and parsing.parse_structure(text) not in STRUCTURE_TYPES:
            # « on sait pas trop ce qu'il nous faut en fait » says nothing of
            # the structure (it was recorded « je ne sais pas », live test,
            # session 12): the diagnostic is there for that; the question is
            # asked again
            say(dispatcher, "need_doubt_before_structure")
            return {"structure_type": previous_value(tracker, "structure_type")}
        heard = latest_entity_values(tracker, "structure_type")
        if value not in STRUCTURE_TYPES and value in heard and text and not text.startswith("/"):
            # An entity that is no structure: in « je suis DGS d'une communauté
            # de communes rurale de 12 000 habitants… », DIET heard « epci »,
            # then « de », which Rasa kept; the structure was asked again
            # (live test, session 18). What the user says they are, else the
            # first structure heard.
            said = parsing.parse_own_structure(text) or next((h for h in heard if h in STRUCTURE_TYPES), None)
            if said in STRUCTURE_TYPES:
                value = said
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
            if said is None and value == "commune":
                # « le SDE couvre 230 communes, 600 000 habitants »: the NLU
                # heard « communes » only, what the syndicat covers (session 14)
                said = parsing.structure_covering_communes(text)
            if said in STRUCTURE_TYPES:
                value = said
        previous = previous_value(tracker, "structure_type")
        if tracker.get_slot("requested_slot") == "structure_type" and text and not text.startswith("/") \
                and parsing.says_consulted(text) and load_knowledge().partners_asked(text) \
                and parsing.parse_own_structure(text) is None:
            # « le SDE on l'a pas encore appelé » at the structure's question:
            # the partners' answer, given ahead; the syndicat d'énergie is not
            # the user's structure (noted « syndicat », live test, session 24)
            return {"structure_type": previous}
        counted = parsing.communes_counted(text or "") if text and not text.startswith("/") else None
        if value == "commune" and counted and previous in STRUCTURE_TYPES and previous != "commune":
            # « attendez je me suis trompé c'est 18 communes » from a syndicat:
            # its member communes, not a commune (« C'est corrigé : commune »,
            # live test, session 24)
            if tracker.get_slot("requested_slot") != "population":
                # (there, the population's own answer says « pas en communes »)
                say(dispatcher, "communes_counted", count=counted,
                    structure=answer_label("structure_type", previous))
            return {"structure_type": previous}
        if counted and previous in (None, UNKNOWN) and tracker.get_slot("requested_slot") == "structure_type" \
                and parsing.parse_structure(text) in (None, "commune"):
            # « on est 14 communes, 11 000 habitants » was noted « commune »
            # (live test, session 25): several communes are an
            # intercommunalité or a syndicat; which one is asked
            # (said even when the message gave another answer, the population)
            send(dispatcher, message_text("communes_counted_which").format(count=counted))
            reading(tracker).rejected.add("structure_type")
            return {"structure_type": None}
        result = self._choice(
            "structure_type", value, STRUCTURE_TYPES, parsing.parse_structure,
            dispatcher, tracker,
        )
        if previous in STRUCTURE_TYPES and parsing.names_a_confusion(text or "") \
                and parsing.parse_own_structure(text or "") is None:
            # « en fait on est 1500 hab, je confondais avec la com com »: the
            # population corrected, not the commune (live test, session 11)
            return {"structure_type": previous}
        result = self._kept_despite_mention("structure_type", result, tracker) or result
        return {**result, **_population_of_another_structure(tracker, previous, result.get("structure_type"))}

    def validate_population(self, value, dispatcher, tracker, domain) -> SlotDict:
        result = self._population(value, dispatcher, tracker)
        number = result.get("population")
        if isinstance(number, (int, float)) and not isinstance(number, bool) \
                and number > MAX_COMMUNE_POPULATION and tracker.get_slot("structure_type") == "commune" \
                and number != previous_value(tracker, "population"):
            # « commune de 10 millions d'habitants » was noted as such (live
            # test, session 26): checked with the user, not noted
            # (also when the message answered other questions)
            reason = message_text("population_too_large_for_commune").format(population=format_number(number))
            result = self._reject_saying("population", dispatcher, tracker, reason)
        return result

    def _reject_saying(self, slot, dispatcher, tracker, reason: str,
                       say: Callable[[SlotDict], bool] = lambda result: True) -> SlotDict:
        """``_reject`` with ``reason``. When ``_reject`` said nothing (the
        message also answered other questions), ``reason`` is sent if
        ``say(result)``."""
        said = len(dispatcher.messages)
        result = self._reject(slot, dispatcher, tracker, reason=reason)
        if len(dispatcher.messages) == said and say(result):
            send(dispatcher, reason)
        return result

    def _population(self, value, dispatcher, tracker) -> SlotDict:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = population_number(value)
            if number is not None:
                return {"population": number}
            return self._reject("population", dispatcher, tracker)
        if value == UNKNOWN:
            return {"population": UNKNOWN}
        text = text_of(value, tracker)
        if self._said_dont_know(tracker, text):
            return {"population": UNKNOWN}
        # (a bare number answers « combien d'habitants ? », a length of time
        # does not)
        number = population_answer(text)
        if number is None:
            # « à peu près 9 000 en tout » (live test, session 15: asked again)
            folded = fold(text)
            number = parse_population(f"{_HEDGES.sub(' ', folded).strip()} habitants") \
                if _ONLY_HEDGED_NUMBER.match(folded) else None
        if number is not None and 0 < number <= MAX_POPULATION:
            return {"population": int(number)}
        unit = _OTHER_UNITS.search(fold(text))
        if unit is not None:
            # « 8000 abonnés environ »: counted in something else than inhabitants
            # (also heard as a budget, which made both refusals silent)
            # (not when the message answers another question: « nos 3 agents
            # sont pris par l'exploitation » is the internal resources, noted,
            # not a population in agents; live test, session 22)
            reason = message_text("population_in_units").format(unit=_UNIT_WORDS.get(unit.group(1), unit.group(1)))
            return self._reject_saying(
                "population", dispatcher, tracker, reason,
                say=lambda result: result.get("population") is None
                and answer_ahead(tracker) in (None, "population") and not answers_in_passing(tracker))
        return self._reject("population", dispatcher, tracker)

    def validate_project(self, value, dispatcher, tracker, domain) -> SlotDict:
        """The project, in a few words (``assistant.project.project_phrase``):
        « c'est pour l'éclairage public » → « éclairage public ». An answer
        that names none is refused: « oui », a kind of need (« expertise »,
        noted if it answers that question ahead), a question. « Je ne sais
        pas » is an answer."""
        if value == UNKNOWN:
            return {"project": UNKNOWN}
        text = text_of(value, tracker).strip()
        phrase = project_phrase(text, answer=True)
        if phrase is None:
            if self._said_dont_know(tracker, text):
                return {"project": UNKNOWN}
            return self._reject("project", dispatcher, tracker)
        result: SlotDict = {"project": phrase}
        theme = tracker.get_slot("theme")
        before = previous_value(tracker, "project")
        found = parsing.parse_theme(phrase)
        if found in THEMES and (theme not in THEMES or (before not in (None, phrase) and found != theme)):
            # (a project corrected brings its own domain: « le projet c'est
            # la réhabilitation de la STEP » is water, not the domain of the
            # project noted before: live test, session 11)
            result["theme"] = found
        if parsing.detect_price_focus(text):
            result["price_focus"] = True
        return result

    def validate_theme(self, value, dispatcher, tracker, domain) -> SlotDict:
        text = latest_text(tracker)
        if tracker.get_slot("requested_slot") not in (None, "theme") and _portfolio_only(text):
            # « l'adjoint au numerique oui » at the sponsor question names the
            # sponsor, not the theme (« C'est corrigé : numérique » and the
            # sponsor asked again: live test, session 12)
            return {"theme": previous_value(tracker, "theme")}
        if value not in THEMES and value != UNKNOWN and text and not text.startswith("/"):
            # « audit energetique des batiments communaux »: the NLU heard the
            # themes « energie » and « communaux », Rasa kept the last one, and
            # the domain was refused (live test, session 11): a theme heard or
            # named in the text wins over a word that is none.
            known = [v for v in latest_entity_values(tracker, "theme") if v in THEMES]
            named = parsing.themes_named(text)
            if named or known:
                value = (named or known)[0]
            elif tracker.get_slot("requested_slot") != "theme" and previous_value(tracker, "theme") in THEMES \
                    and not _NAMES_THE_DOMAIN.search(fold(text)):
                # « on a un informaticien » at the resources question (or after
                # the result): a word heard as a theme that is none, no domain
                # named; the domain noted stays, unsaid (« Je n'ai pas reconnu
                # le domaine », r2-b3)
                return {"theme": previous_value(tracker, "theme")}
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
        kept = self._kept_despite_mention("theme", result, tracker)
        if kept and result.get("theme") in THEMES and kept.get("theme") in THEMES \
                and tracker.get_slot("project") not in (None, UNKNOWN) and _ANOTHER_PROJECT.search(fold(text or "")):
            # « vous pouvez m'aider pour notre PLU ? » while the need of « refaire
            # le site internet » was asked: nothing said (live test, session 27)
            say(dispatcher, "another_project_later", project=tracker.get_slot("project"),
                theme=answer_label("theme", result["theme"]))
        return kept or result

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
        text = text_of(value, tracker)
        # (to its own question, « du temps », « des agents » are a capacity
        # wanted: live test, session 22)
        parse = parsing.parse_need_answer if tracker.get_slot("requested_slot") == "need_kinds" \
            else parsing.parse_need_kinds
        kinds = parse(text) if text else None
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
        text = "" if value in (*DURATIONS, UNKNOWN) else text_of(value, tracker)
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
        text = text_of(value, tracker) if not (isinstance(value, str) and value in (*RESOURCES, UNKNOWN)) else ""
        if text and tracker.get_slot("requested_slot") == "internal_resources" \
                and parsing.parse_resources(text) is None and parsing.names_an_elected_official(text):
            # « le maire »: an elected official follows it, no agent said
            # (« C'est déjà noté : commune », live test, session 24)
            return self._reject("internal_resources", dispatcher, tracker,
                                reason=message_text("resources_elected"))
        return self._choice(
            "internal_resources", value, RESOURCES, parsing.parse_resources,
            dispatcher, tracker,
        )

    def validate_partners_status(self, value, dispatcher, tracker, domain) -> SlotDict:
        if isinstance(value, str) and value in (*PARTNER_STATUSES, UNKNOWN):
            return {"partners_status": value}
        text = text_of(value, tracker)
        status, named = parsing.parse_partners(text) if text else (None, frozenset())
        if tracker.get_slot("structure_type") == "epci" or previous_value(tracker, "structure_type") == "epci":
            # an intercommunalité is not its own partner (« l'OPSN ne couvre
            # pas les agglos de notre taille », from a communauté
            # d'agglomération: « agglos » noted as the EPCI consulted, live
            # test, session 25)
            named = named - {"epci"}
        funding = named - load_knowledge().accompanying(named)
        if funding:
            # « Fonds vert et Banque des Territoires »: the Fonds vert
            # finances, it does not accompany; not a partner consulted, and
            # said so (live test, session 12). Named alone, the question is
            # asked again after that.
            named = named - funding
            note = message_text("partners_funding").format(
                names=", ".join(sorted(filter(None, map(partner_label, funding)))))
            if not named and status is None and not parsing.other_partners(text):
                return self._reject("partners_status", dispatcher, tracker, note)
            send(dispatcher, note)
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
            if acknowledges_after_question(text, user_text_before(tracker)):
                answer = None       # « ok » after « c'est quoi un AMO déjà ? »: asked again (r2-b3)
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


# The words around a number of inhabitants said roughly: « à peu près 9 000 en
# tout », « dans les 9000 », « environ 9000 au total », « on est 9 000 ».
_HEDGE_WORDS = (r"(?:a\s+peu\s+pres|environ|approximativement|grosso\s+modo|dans\s+les|autour\s+de|aux\s+alentours\s+de"
                r"|pres\s+de|presque|quasiment|plus\s+ou\s+moins|en\s+tout|au\s+total|tout\s+compris|en\s+gros"
                r"|on\s+est|nous\s+sommes|on\s+a|ca\s+fait|c\s?est|un\s+peu\s+plus\s+de|un\s+peu\s+moins\s+de"
                r"|pas\s+loin\s+de|a\s+peine|bien|facile|je\s+dirais|je\s+pense|disons|mettons|~"
                # (« bon 1000 alors » after a commune of 10 million was refused:
                # live test, session 26)
                r"|alors|bon|ok|donc|plutot|finalement|en\s+fait|pardon|oups|desolee?)")
_HEDGES = re.compile(rf"\b{_HEDGE_WORDS}\b|~|[,.!?]+\s*$")
_ONLY_HEDGED_NUMBER = re.compile(
    rf"^\s*(?:{_HEDGE_WORDS}[\s,]*)*\d[\d\s\u202f\u00a0.]*(?:k)?[\s,]*(?:{_HEDGE_WORDS}[\s,]*)*[.!?]*\s*$")


def population_number(value: Any) -> Optional[int]:
    """A number of inhabitants given as a number (a forged payload, the
    extractor's value): within bounds, else None."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if math.isfinite(number) and 1 <= number <= MAX_POPULATION else None


def text_of(value: Any, tracker: Tracker) -> str:
    """The text to parse: the slot's raw value, or the message it came from."""
    if isinstance(value, str) and not value.startswith("/"):
        return value
    text = latest_text(tracker)
    return "" if text.startswith("/") else text


def _without_card(consulted: Any) -> List[str]:
    """The organisations consulted that the partner data has no card on
    (« centre de gestion », kept as typed while its help is asked)."""
    return [p for p in consulted or [] if isinstance(p, str) and partner_label(p) is None]


# The earlier questions whose answer a short message may only say again, with
# the parser that reads it.
_SAID_AGAIN_PARSERS = {
    "structure_type": parsing.parse_structure,
    "theme": parsing.parse_theme,
    "need_kinds": lambda text: parsing.parse_need_kinds(text, explicit=True),
    "duration": lambda text: parsing.parse_duration(text, explicit=True),
}


def _repeated_answer(tracker: Tracker, slot: str) -> Optional[str]:
    """The label of the earlier answer that a message refused for ``slot``
    only says again (« expertise » typed at the duration's question, the need
    « expertise » noted), or None."""
    text = latest_text(tracker)
    if not text or text.startswith("/") or slot != tracker.get_slot("requested_slot"):
        return None
    for other, parse in _SAID_AGAIN_PARSERS.items():
        if other == slot:
            continue
        noted = previous_value(tracker, other)
        if noted in (None, UNKNOWN):
            continue
        found = parse(text)
        if isinstance(found, frozenset):
            same = bool(found) and isinstance(noted, list) and found <= set(noted)
            value = sorted(found)
        else:
            same = found == noted
            value = found
        if same:
            return answer_label(other, value)
    return None


def _population_of_another_structure(tracker: Tracker, before: Any, after: Any) -> SlotDict:
    """{"population": None} when the structure is corrected from a commune to
    another kind, or the other way round, and the message says no population:
    the commune's 350 inhabitants were kept for the com com (live test,
    session 12); the form asks the population again. {} otherwise."""
    if before not in STRUCTURE_TYPES or after not in STRUCTURE_TYPES or before == after \
            or "commune" not in (before, after) or previous_value(tracker, "population") is None:
        return {}
    if latest_entity_values(tracker, "population") or parse_population(latest_text(tracker) or "") is not None:
        return {}
    return {"population": None}
