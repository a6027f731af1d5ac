"""The diagnostic's slots and the Profile they describe."""
from __future__ import annotations

import datetime as dt
import functools
from typing import Any, Callable, Dict, Hashable, Iterable, List, Optional, Tuple, TypeVar

from rasa_sdk import Tracker

from actions.common import FRESH_START, FRESH_STARTS, latest_intent, latest_text
from actions.run_state import of_run, of_turn
from assistant import parsing
from assistant.amounts import MAX_AMOUNT, amount_error, share_tax_switch, switch_tax, tax_said_alone, typed_ttc
from assistant.answers import (
    AHEAD_SLOTS, answers_ahead, answers_besides_resuming, answers_question, asks_all_the_same, asks_to_go_back, bare_correction_request,
    corrected_answer, correction_target, declines_to_go_on, is_statement, says_more_than_thanks,
    weighs_a_choice,
)
from assistant.profile import (
    DURATIONS,
    NEED_KINDS,
    PARTNER_STATUSES,
    RESOURCES,
    SPONSOR,
    STRUCTURE_TYPES,
    THEMES,
    UNKNOWN,
    is_unknown,
    Profile,
)

# Asked in this order by diagnostic_form (see domain.yml).
DIAGNOSTIC_SLOTS = (
    "structure_type",
    "population",
    "project",
    "theme",
    "need_kinds",
    "duration",
    "internal_resources",
    "partners_status",
    "sponsor",
    "amount",
)
MAX_POPULATION = 70_000_000

# The answers of the diagnostic (``failed_turns``: another one noted).
_ANSWER_SLOTS = frozenset(DIAGNOSTIC_SLOTS)

# Set alongside them by the validators.
DERIVED_SLOTS = ("partners_consulted", "price_focus", "amount_ttc")


def slot_values(tracker: Tracker) -> Dict[str, Any]:
    values = {name: tracker.get_slot(name) for name in DIAGNOSTIC_SLOTS + DERIVED_SLOTS}
    values[OWN_BODIES] = own_bodies(tracker)
    return values


# Not a slot: the kind of body the user is, read in their messages
# (``own_bodies``), in the values ``profile_from_slots`` reads.
OWN_BODIES = "own_bodies"


def own_bodies(tracker: Tracker) -> Tuple[str, ...]:
    """The partner ids of the kind of body the user says they are
    (``assistant.parsing.own_bodies``): « on est un syndicat mixte
    d'énergie », or « syndicat mixte d'énergie » typed at the structure
    question; since the conversation (re)started. Only for a syndicat (or a
    structure not known yet): a commune is no syndicat d'énergie."""
    if tracker.get_slot("structure_type") not in (None, "syndicat", "autre", UNKNOWN):
        return ()
    found: Dict[str, None] = {}
    asked = None
    for event in tracker.events:
        kind = event.get("event")
        if kind in FRESH_START:
            found, asked = {}, None
        elif kind == "slot" and event.get("name") == "requested_slot":
            asked = event.get("value")
        elif kind == "user" and isinstance(event.get("text"), str) and not event["text"].startswith("/"):
            for body in sorted(parsing.own_bodies(event["text"], structure_answer=asked == "structure_type")):
                found.setdefault(body, None)
    return tuple(found)


def diagnostic_in_progress(tracker: Tracker) -> bool:
    """Some answers are kept but the diagnostic has not ended."""
    if tracker.get_slot("diagnostic_done"):
        return False
    return any(tracker.get_slot(name) is not None for name in DIAGNOSTIC_SLOTS)


def _choice(value: Any, allowed: Iterable[str]) -> Optional[str]:
    """A canonical id, or None for anything else (never trust a raw value)."""
    return value if isinstance(value, str) and value in (*allowed, UNKNOWN) else None


def _as_set(value: Any, allowed: Iterable[str]) -> frozenset:
    if value is None:
        return frozenset()
    values = [value] if isinstance(value, str) else list(value)
    allowed = set(allowed) | {UNKNOWN}
    return frozenset(v for v in values if isinstance(v, str) and v in allowed)


def _number(value: Any, upper: float) -> Optional[float]:
    """A validated number (validators store numbers, never text), within bounds."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if 0 < value <= upper else None


def _project(value: Any) -> Optional[str]:
    """The project's words; not « je ne sais pas » (the fiche says « non renseigné »)."""
    return value if isinstance(value, str) and value != UNKNOWN else None


def profile_from_slots(
    slots: Dict[str, Any],
    today: Optional[dt.date] = None,
    partner_ids: Iterable[str] = (),
) -> Profile:
    """Builds the engine's Profile from validated slot values.

    Slots hold canonical values (the validators put them there); anything else
    (a value forged outside the form) is ignored rather than trusted.
    """
    population = _number(slots.get("population"), MAX_POPULATION)
    amount = slots.get("amount")
    return Profile(
        structure_type=_choice(slots.get("structure_type"), STRUCTURE_TYPES),
        population=int(population) if population else None,
        project=_project(slots.get("project")),
        theme=_choice(slots.get("theme"), THEMES),
        need_kinds=_as_set(slots.get("need_kinds"), NEED_KINDS),
        duration=_choice(slots.get("duration"), DURATIONS),
        internal_resources=_choice(slots.get("internal_resources"), RESOURCES),
        partners_status=_choice(slots.get("partners_status"), PARTNER_STATUSES),
        partners_consulted=_as_set(slots.get("partners_consulted"), partner_ids),
        sponsor=_choice(slots.get("sponsor"), SPONSOR),
        amount_ht=_number(amount, MAX_AMOUNT),
        # (only while it still describes the amount: a budget corrected
        # since is no longer that TTC amount)
        amount_ttc=typed_ttc(_number(amount, MAX_AMOUNT), slots.get("amount_ttc")),
        amount_unknown=amount == UNKNOWN,
        price_focus=bool(slots.get("price_focus")),
        own_bodies=_as_set(slots.get(OWN_BODIES), partner_ids),
        date=today or dt.date.today(),
    )


# Intents that ask for something rather than state anything: never an answer.
REQUESTS = ("ask_summary",)


def requested_answer(tracker: Tracker, strict: bool = True) -> Optional[str]:
    """The diagnostic question (its slot) that the latest message answers,
    although the NLU heard a question or an off-topic request in it; None
    when it does not.

    Only while the diagnostic waits for that answer, and only for a statement:
    « on a mis 40 000 euros de côté » answers « quel montant ? »; « pour
    40 000 €, faut-il mettre en concurrence ? » is a question. ``strict``: the
    question's own parser must understand the statement (see
    ``assistant.answers``); otherwise any statement is offered to validation.
    """
    slot = tracker.get_slot("requested_slot")
    intent = latest_intent(tracker) or ""
    text = latest_text(tracker)
    if (
        tracker.active_loop_name != "diagnostic_form"
        or slot not in DIAGNOSTIC_SLOTS
        or (tracker.get_slot(slot) is not None and reasked(tracker) != slot)
        or intent in REQUESTS
        or not (intent.startswith("ask_") or intent in ("out_of_scope", "start_diagnostic")
                or (intent == "thank" and says_more_than_thanks(text)))
    ):
        return None
    if intent == "start_diagnostic":
        # « un regard extérieur, on sait pas trop par où commencer » heard as
        # a request to resume: read without the words of resuming
        return slot if answers_besides_resuming(slot, text) else None
    # (« on hésite entre recruter des économes de flux ou passer par un AMO »,
    # ask_internalise while the population waited, was offered to the
    # population's validator, and the question never answered: live test,
    # session 25)
    strict = strict or intent in ("out_of_scope", "thank") or weighs_a_choice(text)
    understood = answers_question(slot, text) if strict else (is_statement(text) or answers_question(slot, text))
    return slot if understood else None


def previous_value(tracker: Tracker, slot: str) -> Any:
    """The value the slot had before the latest user message; None when the
    diagnostic started again since, cleared by ``action_start_diagnostic``
    (« on peut refaire un diagnostic pour notre PLU ? » after the result got
    « C'est corrigé : urbanisme » in the new diagnostic: live test, session
    27)."""
    value = before_message = None
    starting = False
    for event in tracker.events:
        kind = event.get("event")
        if kind == "user":
            before_message, starting = value, False
        elif kind == "action":
            starting = event.get("name") == "action_start_diagnostic"
        elif kind == "slot" and event.get("name") == slot:
            value = event.get("value")
            if starting and value is None:
                before_message = None
        elif kind in FRESH_STARTS:
            value = None
    return before_message


def kept_value(slot: str, value: Any) -> Any:
    """``value`` if it is an answer the form could have validated, else None.
    A budget is kept as a number: the slot's mapping may have put there what
    the form never accepted (« -5000 € » typed after a procurement answer,
    then « Je garde donc votre réponse précédente » when the diagnostic
    began, the refused amount kept as the budget: live test, session 25)."""
    if slot != "amount" or value is None or value == UNKNOWN:
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and amount_error(float(value)) is None:
        return value
    return None


def failed_turns(tracker: Tracker, slot: str) -> int:
    """How many messages in a row, the latest included, were typed while the
    question about ``slot`` waited and left it unanswered."""
    count, asked, value = 0, None, None
    # A message that gave another answer, noted (« capacite », « ponctuel »
    # while the domain waited), is no failure to answer: the domain was left
    # aside at the third message, and « Personne » (the next question's
    # answer) lost to it (live test, session 12).
    others: Dict[str, Any] = {}
    before: Dict[str, Any] = {}
    counted = False
    for event in tracker.events:
        kind = event.get("event")
        name = event.get("name")
        if kind == "slot" and name == "requested_slot":
            asked = event.get("value")
        elif kind == "slot" and name == slot:
            value = event.get("value")
        elif kind == "slot" and name in _ANSWER_SLOTS:
            others[name] = event.get("value")
        elif kind in FRESH_STARTS:
            count, asked, value, others, before = 0, None, None, {}, {}
            counted = False
        elif kind == "user":
            if counted and any(v is not None and v != before.get(k) for k, v in others.items()):
                count -= 1
            if asked == slot and value is None and _digression(event):
                # (« après la mission on fait comment ? », « le seuil c'était
                # combien en 2019 ? » while the structure waited: answered,
                # then the question asked again; no failure to answer it. Three
                # of them left the structure aside as « je ne sais pas » at the
                # next message: live test, session 22)
                counted = False
                continue
            counted = asked == slot and value is None
            count = count + 1 if counted else 0
            before = dict(others)
    return count


# Messages that ask something rather than answer: a question the bot answers
# in the middle of the diagnostic, or a request for help or a person.
_DIGRESSIONS = ("help", "human_handoff", "bot_challenge", "greet", "thank")


def _digression(event: Dict[str, Any]) -> bool:
    intent = (((event.get("parse_data") or {}).get("intent")) or {}).get("name") or ""
    return intent.startswith("ask_") or intent in _DIGRESSIONS or unclear_question(intent, event.get("text"))


def unclear_question(intent: Optional[str], text: Optional[str]) -> bool:
    """A question the classifier did not understand (« c'est quoi le moins
    cher ? »): not understood, it is still no answer to the question that
    waits (live test, session 25)."""
    return intent == "nlu_fallback" and (text or "").rstrip().endswith("?")


# -- once per message ---------------------------------------------------------------

T = TypeVar("T")


def _turn_key(tracker: Tracker) -> Tuple[Hashable, ...]:
    """What a reading of the latest message depends on: the message (its
    place among the events, its text and intent), the question waiting and
    the active form. The answers before the message are fixed by its place
    (the events after it, this turn's, are not read)."""
    users = [i for i, e in enumerate(tracker.events) if e.get("event") == "user"]
    return (users[-1] if users else -1, latest_text(tracker), latest_intent(tracker),
            tracker.get_slot("requested_slot"), tracker.active_loop_name)


def _latest_timestamp(tracker: Tracker) -> Optional[float]:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event.get("timestamp")
    return None


def per_message(function: Callable[[Tracker], T]) -> Callable[[Tracker], T]:
    """``function(tracker)``, computed once per message: kept for the rest of
    the tracker's run (the form's extraction, then each validator), and, for a
    message Rasa time-stamped, across the actions of the turn (the off-topic
    action or the FAQ's guard, then the form), see ``actions.run_state``.
    Only for readings of the latest message and the answers before it."""
    name = function.__qualname__

    @functools.wraps(function)
    def once(tracker: Tracker) -> T:
        key = (name, *_turn_key(tracker))
        memo = of_run(tracker, per_message, dict)
        if key not in memo:
            stamp = _latest_timestamp(tracker)
            shared = (tracker.sender_id, stamp, *key) if stamp is not None else None
            memo[key] = of_turn(shared, lambda: function(tracker))
        return memo[key]

    return once


@per_message
def answer_ahead(tracker: Tracker) -> Optional[str]:
    """The later question of the diagnostic that the latest message answers
    instead of the one waiting (« ponctuel je pense, c'est une étude » while
    the need is asked: the duration), see ``assistant.answers.answers_ahead``;
    None when there is none. Only for a message heard as information
    (``inform``), or as « je ne sais pas » without saying it (« on a pas
    encore demandé au cerema », dont_know at the resources question: live
    test, session 21), or as a yes or a no that says more (« oui le maire » heard
    as ``affirm`` at the partners' follow-up question is the sponsor's answer:
    it was set aside, then the sponsor asked twice, live test, session 12):
    a yes, a no, « je ne sais pas » or a question alone answer nothing ahead."""
    asked = tracker.get_slot("requested_slot")
    intent = latest_intent(tracker) or ""
    # (a statement heard as a question, too: « un regard exterieur et de
    # l'intermediation entre les communes » at the population's question,
    # ask_need_kinds 0.93, was offered to the population's validator and lost:
    # live bot, session 11)
    statement_heard_as_question = (intent.startswith("ask_") and intent not in REQUESTS
                                   and is_statement(latest_text(tracker))
                                   and not asks_all_the_same(latest_text(tracker)))
    # (« merci, on a 4 agents déjà », heard as thanks at the population's
    # question: « Je vous en prie », the staff lost: live test, session 25)
    thanks_and_more = intent == "thank" and says_more_than_thanks(latest_text(tracker))
    if (
        tracker.active_loop_name != "diagnostic_form"
        or asked not in DIAGNOSTIC_SLOTS
        or not (intent in ("inform", "out_of_scope", "affirm", "deny", "dont_know") or statement_heard_as_question
                or thanks_and_more)
    ):
        # (« moi ! enfin mon adjointe » heard as off-topic at the partners'
        # question still answers the sponsor's, final retest M-H3)
        return None
    # Unanswered before the message, from the events: the slots themselves
    # change during the turn (the asked one holds the text after Rasa's
    # from_text mapping; the one answered ahead, once extracted and validated),
    # and the form asks this several times in one turn.
    if declines_to_go_on(latest_text(tracker)):
        # (« non merci c'est bon j'ai ce qu'il faut » at the structure's
        # question was noted « une équipe dédiée »: live test, session 15)
        return None
    # (an answer set aside as « je ne sais pas » may come later: « environ 1
    # an » at the resources question, after the duration was set aside, was
    # « Je n'ai pas compris », live test, session 24)
    unanswered = [slot for slot in AHEAD_SLOTS
                  if previous_value(tracker, slot) is None or is_unknown(previous_value(tracker, slot))]
    return answers_ahead(asked, latest_text(tracker), unanswered)


def correction(tracker: Tracker) -> Optional[Tuple[str, Any]]:
    """(slot, new value) of the earlier answer that the latest message
    corrects while the diagnostic waits for another one (« en fait on est
    1300 pas 300 », « en fait c'est plutôt de la capacité »), see
    ``assistant.answers.corrected_answer``; None when it corrects none. The
    earlier answers are read from the events before the message (the slots
    change during the turn)."""
    asked = tracker.get_slot("requested_slot")
    if asked not in DIAGNOSTIC_SLOTS or (latest_intent(tracker) or "") in REQUESTS:
        return None
    switched = tax_switch(tracker) if asked != "amount" else None
    if switched is not None:
        # « en fait c'est TTC » while another question waits: the budget
        # noted, converted (``actions.amount`` says it and keeps the TTC amount)
        return "amount", switched[0]
    answers = {slot: previous_value(tracker, slot) for slot in DIAGNOSTIC_SLOTS}
    # (after « revenir en arrière », the next answer is the correction)
    after = asks_to_go_back(user_text_before(tracker))
    return corrected_answer(asked, latest_text(tracker), answers, after_going_back=after)


def tax_switch(tracker: Tracker) -> Optional[Tuple[float, Optional[float]]]:
    """(amount HT, amount typed TTC or None) when the latest message says,
    without repeating it, that the budget noted was TTC or HT (« en fait
    c'est TTC », « c TTC pas HT », « c'est HT »: ``assistant.amounts.
    tax_said_alone``): the budget read HT and said TTC is converted, the
    budget read TTC and said HT is the amount typed (``switch_tax``). None
    for any other message, or when no budget is noted (final test t12d: « en
    fait c'est TTC » said « je mets à jour le résultat » and kept 250 000 €
    HT, a formalised procedure instead of a MAPA)."""
    text = latest_text(tracker)
    if not text or text.startswith("/"):
        return None
    before = previous_value(tracker, "amount")
    if not isinstance(before, (int, float)) or isinstance(before, bool):
        return None
    to = tax_said_alone(text)
    if to is None:
        # « en fait c'est 12 000 TTC », 12 000 the share left after a subsidy
        # given before (« subventionné à 80 %, le reste 12 000 € »): the whole
        # value switched, not 12 000 € read anew (r2-d1)
        for earlier in reversed(_user_texts(tracker)[:-1][-MAX_SHARE_LOOKBACK:]):
            switched = share_tax_switch(text, earlier, before)
            if switched is not None:
                return switched
        return None
    return switch_tax(before, previous_value(tracker, "amount_ttc"), to)


# How many earlier user messages are searched for the share after a subsidy
# that a tax correction repeats (``tax_switch``).
MAX_SHARE_LOOKBACK = 20


def _user_texts(tracker: Tracker) -> List[str]:
    return [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]


def going_back(tracker: Tracker) -> bool:
    """The latest message asks to go back to an earlier question (« revenir en
    arrière », « question précédente ») during the diagnostic, without giving
    the new answer (that would be a ``correction``)."""
    return (tracker.get_slot("requested_slot") in DIAGNOSTIC_SLOTS
            and asks_to_go_back(latest_text(tracker)) and correction(tracker) is None)


def correction_request(tracker: Tracker) -> Optional[str]:
    """The noted answer that the latest message asks to change without giving
    the new one (« corriger le type de structure », « je veux changer la
    durée », « modifier le budget »): its slot, which the form asks again
    with its buttons; None otherwise (« revenir en arrière » names none, an
    answer not given yet has nothing to change). During the diagnostic, or
    once its result is given (the form, activated again, asks it)."""
    text = latest_text(tracker)
    asked = tracker.get_slot("requested_slot")
    if not bare_correction_request(text) or (asked is not None and asked not in DIAGNOSTIC_SLOTS):
        return None
    target = correction_target(text)
    return target if previous_value(tracker, target) is not None else None


def reasked(tracker: Tracker) -> Optional[str]:
    """The question waiting when it was answered already: asked again at the
    user's request (``correction_request``), and still waiting for a readable
    answer (the messages since the request were not read as one: the form kept
    asking it); None otherwise."""
    asked = tracker.get_slot("requested_slot")
    if asked in DIAGNOSTIC_SLOTS and previous_value(tracker, asked) is not None \
            and _asked_since_request(tracker, asked):
        return asked
    return None


def _asked_since_request(tracker: Tracker, slot: str) -> bool:
    """An earlier user message asked to change ``slot`` (« corriger le type de
    structure »), and the question waiting has been ``slot`` ever since."""
    users = [i for i, e in enumerate(tracker.events) if e.get("event") == "user"]
    for start, end in zip(reversed(users[:-1]), reversed(users)):
        if any(e.get("event") == "slot" and e.get("name") == "requested_slot"
               and e.get("value") != slot for e in tracker.events[start + 1:end]):
            return False
        text = tracker.events[start].get("text") or ""
        if asks_to_go_back(text) and correction_target(text) == slot:
            return True
    return False


def user_text_before(tracker: Tracker) -> str:
    """The text of the user message before the latest one."""
    texts = _user_texts(tracker)
    return texts[-2] if len(texts) >= 2 else ""


def reset_events(names: Iterable[str] = DIAGNOSTIC_SLOTS + DERIVED_SLOTS) -> List[Dict[str, Any]]:
    from rasa_sdk.events import SlotSet

    return [SlotSet(name, None) for name in names]


def restart_asked(tracker: Tracker) -> bool:
    """« Je les efface et je recommence ? » was the assistant's last question:
    ``action_reset_diagnostic`` asked it, instead of clearing the answers,
    and nothing ran after it but the wait for this message. False once an
    action answered it this turn (``action_affirm``, ``action_deny``,
    ``action_start_diagnostic`` for « on continue »): after « recommencer »
    the form is rejected, so the rules run them before the form."""
    users = [i for i, e in enumerate(tracker.events) if e.get("event") == "user"]
    if not users or any(e.get("event") == "action"
                        and e.get("name") not in ("action_listen", "action_extract_slots", "diagnostic_form")
                        for e in tracker.events[users[-1]:]):
        return False
    for event in reversed(tracker.events[:users[-1]]):
        if event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name") == "action_reset_diagnostic"
        if event.get("event") in ("slot", "user", "active_loop") or event.get("event") in FRESH_STARTS:
            return False
    return False



def answers_kept(tracker: Tracker) -> int:
    """How many answers of the diagnostic were kept before the latest message
    (0 once it ended)."""
    if tracker.get_slot("diagnostic_done"):
        return 0
    asked, text = tracker.get_slot("requested_slot"), latest_text(tracker)
    # (not the message itself, put in the slot asked by its from_text mapping)
    return sum(1 for name in DIAGNOSTIC_SLOTS if tracker.get_slot(name) is not None and not (
        name == asked and tracker.get_slot(name) == text and previous_value(tracker, name) is None))


def asked_in_a_row(tracker: Tracker, slot: str) -> int:
    """How many messages in a row, the latest included, were typed while the
    question about ``slot`` waited, whatever they answered."""
    count, asked = 0, None
    for event in tracker.events:
        kind = event.get("event")
        if kind == "slot" and event.get("name") == "requested_slot":
            if event.get("value") != asked:
                count = 0
            asked = event.get("value")
        elif kind in FRESH_STARTS:
            count, asked = 0, None
        elif kind == "user" and asked == slot:
            count += 1
    return count
