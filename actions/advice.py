"""The diagnostic's result: the engine's advice for the profile collected.

A first screen (verdict, why, what to do first, the procurement route) and
buttons for the details, each an answer of its own (``actions.faq``: the
procurement route of the amount, the risks and the points to prepare for the
profile, the partners, read from ``advice_for_slots``), all of them also in
the fiche de cadrage. After a correction (« en fait c'est plutôt 80 000 € »),
only what changed is sent again, under a one-line reminder of the verdict.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.common import FRESH_STARTS, button_set, latest_text, say, send
from actions.fiche import deliver_fiche
from actions.render import advice_messages, advice_update_messages, answer_label, budget_label
from actions.slots import DERIVED_SLOTS, DIAGNOSTIC_SLOTS, profile_from_slots, slot_values, tax_switch
from assistant import parsing
from assistant.after import complaint
from assistant.answers import bare_answer_after_result, corrected_answer, statement_spans, update_after_result
from assistant.engine import advise
from assistant.knowledge import load_knowledge
from assistant.profile import STRUCTURE_TYPES
from assistant.text import fold

# The details of the result, asked by intents that action_answer_question
# answers for the profile once the diagnostic is done.
DETAIL_BUTTONS = button_set("result_details")      # config/buttons.yml

# The answers a result depends on.
_RESULT_SLOTS = DIAGNOSTIC_SLOTS + DERIVED_SLOTS


def answers_at_last_result(tracker: Tracker) -> Optional[Dict[str, Any]]:
    """The answers as they were when the result was last given in this
    diagnostic, or None when no result was given since it (re)started: the
    conversation restarted, or every answer was cleared (« recommencer »; not
    when it was only asked whether to clear them)."""
    values: Dict[str, Any] = {}
    snapshot: Optional[Dict[str, Any]] = None
    cleared: set = set()
    for event in tracker.events:
        kind = event.get("event")
        if kind in FRESH_STARTS:
            values, snapshot = {}, None
        elif kind == "slot":
            name, value = event.get("name"), event.get("value")
            if name == "diagnostic_done" and value is True:
                snapshot, cleared = dict(values), set()
            elif name in _RESULT_SLOTS:
                values[name] = value
                if value is None and name in DIAGNOSTIC_SLOTS:
                    cleared.add(name)
                    if cleared >= set(DIAGNOSTIC_SLOTS):
                        snapshot = None
    return snapshot


class ActionGiveAdvice(Action):
    """The result's first screen with its detail buttons, then the fiche's links."""

    def name(self) -> Text:
        return "action_give_advice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        await give_advice(dispatcher, tracker)
        return [SlotSet("diagnostic_done", True)]


async def give_advice(dispatcher: CollectingDispatcher, tracker: Tracker,
                      changes: Optional[Dict[str, Any]] = None) -> None:
    """Sends the result for the answers noted (with ``changes``, not yet in
    the tracker): in full, or what changed since the last one."""
    partners = load_knowledge().partners
    profile = profile_from_slots({**slot_values(tracker), **(changes or {})}, clock.today(), partners)
    result = advise(profile)
    before = answers_at_last_result(tracker)
    if before is None:
        messages = advice_messages(result)
    else:
        messages = advice_update_messages(advise(profile_from_slots(before, clock.today(), partners)), result)
    for index, text in enumerate(messages):
        send(dispatcher, text, DETAIL_BUTTONS if index == len(messages) - 1 else None)
    await deliver_fiche(dispatcher, profile, result)  # the fiche de cadrage's links


def advice_for_slots(tracker: Tracker):
    """The diagnostic's result for the answers kept in the slots (the risks,
    the points to prepare and the partners' notes asked after the result)."""
    return advise(profile_from_slots(slot_values(tracker), clock.today(), load_knowledge().partners))


# -- a correction after the result (final retest N6) -------------------------------------

# « je vous rappelle que… », « comme je vous l'ai dit »: an answer said again
_REMINDER = re.compile(r"\b(?:je\s+vous\s+rappelle|comme\s+(?:je\s+)?(?:vous\s+)?l\s?(?:ai|avais)\s+dit"
                       r"|je\s+(?:vous\s+)?l\s?(?:ai|avais)\s+(?:deja\s+)?(?:dit|indique|precise))\b")


def remark_not_correction(text: str) -> bool:
    """A remark on the answers that corrects nothing: « trop long et vous ne
    parlez pas du CEP du syndicat » at « Ces conseils vous sont-ils utiles ? »
    was read as a correction, noted a syndicat and partners consulted for a
    commune of 300 inhabitants and changed the verdict (live test, session
    18). « les conseils sont trop generiques, et je vous rappelle qu'on est
    un syndicat mixte » corrects (final retest N6)."""
    return complaint(text) and not parsing.is_correction(text, contrast=False) \
        and not _REMINDER.search(_folded(text))


def correction_after_result(tracker: Tracker) -> Optional[Tuple[str, Any]]:
    """(slot, value) of a noted answer that the latest message corrects once
    the result is given, whatever the classifier heard in it: « les conseils
    sont trop generiques, et je vous rappelle qu'on est un syndicat mixte
    ouvert, pas un EPCI. et au fait, … on peut le reprendre sans
    consultation ? » (final retest N6: lost, « je n'ai toujours pas
    compris »). Only its statements count, not its questions: the structure
    the user says they are (« on est », « nous sommes »), different from the
    one noted, when the message corrects it (« pas un EPCI », « en fait »,
    « je vous rappelle »); or an answer corrected in so many words
    (``assistant.answers.corrected_answer``: « en fait c'est durable »).
    None otherwise."""
    text = latest_text(tracker)
    if not tracker.get_slot("diagnostic_done") or not text or text.startswith("/"):
        return None
    if remark_not_correction(text):
        return None
    answers = {slot: tracker.get_slot(slot) for slot in DIAGNOSTIC_SLOTS}
    noted = answers.get("structure_type")
    for start, end in statement_spans(text):
        statement = text[start:end]
        own = parsing.parse_own_structure(statement, strict=True)
        if own in STRUCTURE_TYPES and noted not in (None, own) and (
                parsing.is_correction(statement) or _REMINDER.search(_folded(statement))
                or _negates(statement, noted)):
            return "structure_type", own
        corrected = corrected_answer(None, statement, answers)
        if corrected is not None and parsing.is_correction(statement):
            return corrected
        bare = bare_answer_after_result(statement, answers)
        if bare is not None:
            return bare          # « ponctuel » alone (live test, session 17)
    changes = _updates_after_result(tracker)
    return next(iter(changes.items())) if changes else None


def changes_after_result(tracker: Tracker) -> Dict[str, Any]:
    """The slots a correction after the result changes (``correction_after_result``),
    with the partners named when it is the partners' answer (« le cerema peut
    pas nous aider »: the Cerema noted as consulted)."""
    corrected = correction_after_result(tracker)
    if corrected is None:
        return {}
    updates = _updates_after_result(tracker)
    if updates and corrected == next(iter(updates.items())):
        return updates
    return dict([corrected])


def _updates_after_result(tracker: Tracker) -> Dict[str, Any]:
    """What a statement after the result says anew of the partners or the
    internal resources without a word of correction
    (``assistant.answers.update_after_result``), as slot values."""
    answers = {slot: tracker.get_slot(slot) for slot in (*DIAGNOSTIC_SLOTS, "partners_consulted")}
    for start, end in statement_spans(latest_text(tracker)):
        update = update_after_result(latest_text(tracker)[start:end], answers)
        if update is not None:
            slot, value, partners = update
            return {slot: value, **({"partners_consulted": list(partners)} if partners else {})}
    return {}


def _folded(text: str) -> str:
    return " ".join(fold(text or "").replace("'", " ").replace("’", " ").split())


def _negates(statement: str, structure: str) -> bool:
    """« …, pas un EPCI », « non pas une commune »: the statement says the
    user is not ``structure``."""
    words = _folded(statement).split()
    return any(word in ("pas", "non", "plus") and parsing.parse_structure(
        " ".join(words[index + 1:index + 4])) == structure for index, word in enumerate(words))


async def correct_after_result(dispatcher: CollectingDispatcher,
                               tracker: Tracker) -> List[Dict[Text, Any]]:
    """The correction of a noted answer after the result
    (``correction_after_result``): made, said (« C'est corrigé : syndicat »)
    and the result updated; its events, or [] when the message corrects
    nothing."""
    switched = tax_switch(tracker) if tracker.get_slot("diagnostic_done") else None
    if switched is not None:
        # « en fait c'est hors taxe » heard as a fallback after the result:
        # the budget converted, and the route updated (final test t12d)
        value_ht, ttc = switched
        say(dispatcher, "answer_corrected", answer=budget_label(value_ht, ttc))
        await give_advice(dispatcher, tracker, {"amount": value_ht, "amount_ttc": ttc})
        return [SlotSet("amount", value_ht), SlotSet("amount_ttc", ttc), SlotSet("diagnostic_done", True)]
    changes = changes_after_result(tracker)
    if not changes:
        return []
    slot, value = next(iter(changes.items()))
    label = answer_label(slot, value)
    if changes.get("partners_consulted"):
        from actions.corrections import consulted_label   # (it imports this module's neighbours)
        label = f"{label} ; {consulted_label(changes['partners_consulted'])}"
    say(dispatcher, "answer_corrected", answer=label)
    await give_advice(dispatcher, tracker, changes)
    return [SlotSet(name, changed) for name, changed in changes.items()] + [SlotSet("diagnostic_done", True)]
