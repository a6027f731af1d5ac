"""Answers said « in passing »: what a message gives besides the answer to the
question waiting, read by the diagnostic form's extraction and validators
(``actions.forms``, ``actions.validators``) and by the off-topic action: the
project named while it is not asked, the later answers of the message that
starts the diagnostic, the budget given at a question that no number
answers, the need kinds added."""
from __future__ import annotations

import re
from typing import Any, Dict, List, NamedTuple, Optional

from rasa_sdk import Tracker

from actions.common import latest_entity_values, latest_intent, latest_text, typed_text
from actions.slots import answer_ahead, correction, going_back, per_message, previous_value
from assistant import parsing
from assistant.amounts import (NOTE_SHARE, amount_error, find_amount_spans, is_hesitant, parse_amount,
                               states_an_amount)
from assistant.answers import AHEAD_SLOTS, answers_question, is_statement
from assistant.profile import NEED_KINDS
from assistant.project import project_phrase
from assistant.purchase import TRAVAUX, amount_categories
from assistant.spontaneous import spontaneous_answers
from assistant.text import fold


def project_in_passing(tracker: Tracker) -> Optional[str]:
    """The project that a message names while it is not asked (« bonjour on
    est une petite commune de 450 hab on a un projet disolation de la toiture
    de lecole »: « isolation de la toiture de l'école »), when none is known
    yet; None otherwise. Only in a statement heard as information or as the
    start of the diagnostic; its questions are left out
    (``assistant.project.project_phrase``)."""
    if tracker.get_slot("requested_slot") == "project" \
            or latest_intent(tracker) not in ("inform", "start_diagnostic") \
            or tracker.get_slot("project") is not None \
            or previous_value(tracker, "project") is not None \
            or correction(tracker):
        # (« le thème c'est la biodiversité, pas le numérique » corrects the
        # theme: « biodiversité » is not a project)
        return None
    return project_phrase(latest_text(tracker))


# The first questions: a message answering one may say everything at once
# (« commune de 3500 habitants, on veut refaire le site internet, c'est
# ponctuel, on a une agente a mi-temps, budget 45000 TTC » at the structure's
# question kept only the project: live test, session 11).
_FIRST_QUESTIONS = ("structure_type", "population", "project", "theme")


def answers_in_passing(tracker: Tracker) -> Dict[str, Any]:
    """The later questions that the message starting the diagnostic answers
    in passing (« …avec un besoin ponctuel d'expertise (nous n'avons aucun
    profil DSI). Notre président porte le sujet, nous avons interrogé l'OPSN
    départemental qui ne fait pas ce type de mission… », dgs M5): need kinds,
    duration, internal resources, partners, sponsor, each read only in the
    words that clearly answer it (``assistant.spontaneous``), then validated
    like any answer. The partners' words go to their validator, which also
    notes the partners named. Not the questions answered already."""
    text = latest_text(tracker)
    asked = tracker.get_slot("requested_slot")
    if not text or text.startswith("/"):
        return {}
    if asked is None:
        if latest_intent(tracker) not in ("inform", "start_diagnostic"):
            return {}
    elif asked not in AHEAD_SLOTS + _FIRST_QUESTIONS or not is_statement(text) or correction(tracker) \
            or going_back(tracker):
        return {}
    # A statement that does not answer the question waiting gives its later
    # answers when it clearly gives several (« de l'expertise ponctuelle sur
    # le dimensionnement » at the structure's question: both were lost, and
    # the need and the duration asked later, live test, session 21); one
    # alone is ``answer_ahead``'s, read by that question's validator.
    instead = asked is not None and not (answers_question(asked, text) or parsing.is_dont_know(text))
    if instead and latest_intent(tracker) not in ("inform", "out_of_scope"):
        return {}
    # While a question waits, its answer may come with a later one
    # (« ben je sais pas, on a une secretaire de mairie a mi temps et c'est
    # tout » at the need question, final retest M-H3): that one is noted too.
    # (A message that does not answer the question asked gives at most one
    # answer ahead, ``answer_ahead``.)
    later = AHEAD_SLOTS[AHEAD_SLOTS.index(asked) + 1:] if asked in AHEAD_SLOTS else AHEAD_SLOTS
    found: Dict[str, Any] = {}
    for slot, answer in spontaneous_answers(text).items():
        if slot not in later and asked is not None:
            continue
        if previous_value(tracker, slot) is not None \
                or (asked is None and tracker.get_slot(slot) is not None):
            continue
        found[slot] = answer.text if slot == "partners_status" else answer.value
    if instead and len(found) == 1 and answer_ahead(tracker) is None:
        # One clear answer that ``answer_ahead`` leaves because its looser
        # readers hear two (« on voudrait un AMO pour animer le CRTE sur 3
        # ans » at the population's question: « animer » a need, « 3 ans » a
        # duration) was lost (live test, session 26): the clear one is noted
        return found
    return found if not instead or len(found) > 1 else {}


# Questions whose answer is never a number: an amount typed there is the budget.
_NO_NUMBER_ANSWER = ("need_kinds", "duration", "internal_resources", "partners_status", "sponsor")
MIN_BARE_BUDGET = 1000       # « 30000 » without « € »: a budget; « 3 » is not


class Budget(NamedTuple):
    """A budget read in a message: its HT value, the amount typed TTC (when
    it was), and whether it was said unsure (« environ », « 30 ou 40 000 »,
    « je sais pas trop »)."""
    value: float
    ttc: Optional[float] = None
    hesitant: bool = False
    note: Optional[str] = None
    """How the value was computed, to say (a share after a subsidy: the whole value)."""


@per_message
def budget_in_passing(tracker: Tracker) -> Optional[Budget]:
    """The budget that a message typed while another question waits gives,
    when none is noted yet: « je sais pas trop, 30 ou 40 000 peut etre » at
    the need question, « peut-être 150 000 € sur 3 ans » at the duration
    question, « je sais pas trop peut etre 30000 » at the partners' question
    (final retest M-H3), « environ 35 000 TTC » (its TTC amount kept). Those
    questions are never answered by a number, so the amount needs no money
    word, only a value of a budget; a question, a correction or the works'
    amount (« 80 000 de travaux ») is no budget. None otherwise."""
    asked = tracker.get_slot("requested_slot")
    text = typed_text(tracker)
    if asked not in _NO_NUMBER_ANSWER + _FIRST_QUESTIONS or not text \
            or previous_value(tracker, "amount") is not None \
            or not is_statement(text) or not find_amount_spans(text) or correction(tracker):
        return None
    if asked in _FIRST_QUESTIONS and not states_an_amount(text):
        return None     # (a number there may be the population: only a stated budget)
    purchases = {category for _, category in amount_categories(text)}
    if TRAVAUX in purchases:
        return None
    parsed = parse_amount(text)
    if parsed.value_ht is None or amount_error(parsed.value_ht) is not None \
            or (parsed.value_ht < MIN_BARE_BUDGET and not states_an_amount(text)):
        return None
    ttc = float(parsed.ttc_value) if parsed.ttc and parsed.need is None \
        and parsed.ttc_value is not None else None
    hesitant = is_hesitant(text) or parsing.is_dont_know(text) or bool(parsed.range)
    note = parsed.confirmation if NOTE_SHARE in parsed.notes else None
    return Budget(float(parsed.value_ht), ttc, hesitant, note)


def amount_in_passing(tracker: Tracker) -> Optional[float]:
    """The HT value of ``budget_in_passing``, or None."""
    budget = budget_in_passing(tracker)
    return budget.value if budget is not None else None


_MORE = re.compile(r"\b(?:aussi|egalement|en plus)\b")
MAX_WORDS_OF_MORE_NEEDS = 6


def more_need_kinds(tracker: Tracker) -> Optional[List[str]]:
    """The need kinds, with those the latest message adds once the need
    question is answered: the question says several are possible, but a
    button sends one, so « Expertise » then « Capacité » clicked (or typed,
    « et de la capacité aussi ») while the duration is asked adds the
    capacity. A short message (or one with « aussi », « en plus »…, or one
    that names a kind noted already) that names kinds and does not answer
    the question asked; not a correction
    (« en fait c'est plutôt de la capacité » replaces the answer). None when
    nothing is added."""
    asked = tracker.get_slot("requested_slot")
    before = previous_value(tracker, "need_kinds")
    if asked in (None, "need_kinds") or not isinstance(before, list) or not before \
            or correction(tracker):
        return None
    kinds = [v for v in latest_entity_values(tracker, "need_kind") if v in NEED_KINDS]
    text = latest_text(tracker)
    if not kinds and is_statement(text) and not parsing.is_correction(text) \
            and not answers_question(asked, text):
        folded = fold(text).replace("'", " ")
        named = [k for k in parsing.parse_need_kinds(text) or () if k in NEED_KINDS]
        if len(folded.split()) <= MAX_WORDS_OF_MORE_NEEDS or _MORE.search(folded) \
                or any(k in before for k in named):
            # (« Capacité surtout, et un regard extérieur pour la méthodo »
            # while the duration is asked, the capacity noted: the need said
            # again, with more; final retest F-H1)
            kinds = named
    if not kinds:
        return None
    combined = sorted({k for k in before if k in NEED_KINDS} | set(kinds))
    return combined if combined != sorted(before) else None
