"""The validator of the diagnostic's budget question (``amount``): an amount
typed HT or TTC, an estimate, the works' cost told from the mission's, an
option added to the amount given before.

``AmountValidator`` is mixed into ``ValidateDiagnosticForm``
(``actions.forms``) after ``DiagnosticValidators``
(``actions.validators``), whose shared mechanics it uses (``_reject``,
``_said_dont_know``).
"""
from __future__ import annotations

import math
import re
from typing import Any

from actions import clock
from actions.common import latest_text, say, send, send_all, typed_text
from actions.passing import budget_in_passing
from actions.render import budget_label, topic_messages
from actions.slots import previous_value, tax_switch
from actions.validators import SlotDict, text_of
from assistant import parsing
from assistant.amounts import (amount_error, bare_year, find_amount_spans, is_hesitant, parse_amount,
                               says_tax, states_an_amount, year_or_amount_question)
from assistant.engine import answer_topic
from assistant.knowledge import load_knowledge
from assistant.profile import UNKNOWN
from assistant.questions import FUNDING
from assistant.purchase import SERVICES, TRAVAUX, amount_categories, keep_amounts, purchase_category
from assistant.text import fold
from assistant.typography import format_eur


class AmountValidator:
    """``validate_amount``, for ``ValidateDiagnosticForm``."""

    def validate_amount(self, value, dispatcher, tracker, domain) -> SlotDict:
        switched = tax_switch(tracker)
        if switched is not None:
            # « en fait c'est TTC » (the budget noted, said TTC): converted,
            # said with the amount typed (« C'est corrigé : budget 250 000 €
            # TTC, soit environ 208 333 € HT (TVA à 20 %) »)
            value_ht, ttc = switched
            label = budget_label(value_ht, ttc)
            before = previous_value(tracker, "amount")
            changed = abs(float(before) - value_ht) >= 0.005
            say(dispatcher, "answer_corrected" if changed else "already_noted", answer=label, answers=label)
            return {"amount": value_ht, "amount_ttc": ttc}
        year = bare_year(typed_text(tracker))
        if year is not None and tracker.get_slot("requested_slot") == "amount":
            # « 2025 » alone: an amount of 2 025 € or a year? Asked, not stored.
            return self._reject("amount", dispatcher, tracker, year_or_amount_question(year))
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
                if budget is not None and budget.note and abs(budget.value - float(value)) < 0.005:
                    # « subvention de 50 %, reste à charge 20 000 » at another
                    # question: the whole value, said how it was computed
                    send(dispatcher, budget.note)
                return {"amount": round(float(value), 2)}
            return self._reject("amount", dispatcher, tracker, error)
        if value == UNKNOWN:
            return {"amount": UNKNOWN}
        text = text_of(value, tracker)
        asked = tracker.get_slot("requested_slot")
        if asked not in (None, "amount") and typed_text(tracker) \
                and not (states_an_amount(text) or states_an_amount(latest_text(tracker))) \
                and not _corrects_the_budget(tracker, latest_text(tracker)):
            # « 800 » typed when the number of inhabitants is asked answers
            # that question; it is not a budget of 800 €. A forged
            # ``/inform{"amount": "-99999999999"}`` names the amount: it is
            # read, and refused aloud if it must be (live test, session 22).
            return {"amount": previous_value(tracker, "amount")}
        if asked == "amount" and parsing.no_budget_answer(latest_text(tracker)):
            # « pas de budget », « on a pas d'argent », « aucun » got « Je
            # n'ai pas reconnu de montant » (live test, session 25): no budget
            # yet, noted as unknown; where to look for funding
            say(dispatcher, "no_budget_yet")
            send_all(dispatcher, topic_messages(answer_topic(FUNDING, clock.today())))
            return {"amount": UNKNOWN}
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
        unchanged = base is not None and abs(base - float(parsed.value_ht)) < 0.005 and not parsed.ttc \
            and parsed.need is None and tracker.get_slot("requested_slot") not in (None, "amount")
        if unchanged:
            # « finalement on part sur 50k » with 50 000 € HT noted, at the
            # need's question, got « C'est noté : 50 000 € HT », how to say
            # TTC, then « C'est déjà noté : budget 50 000 € HT » (live test,
            # session 27): the question's validator says it is noted already
            pass
        elif parsed.confirmation:
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
            elif base is not None and abs(base - float(parsed.value_ht)) >= 0.005 \
                    and tracker.get_slot("requested_slot") != "amount":
                # « en fait c'est plutot 59 000 » at another question: said
                # corrected, as the other answers are
                say(dispatcher, "answer_corrected", answer=budget_label(float(parsed.value_ht)))
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


def _corrects_the_budget(tracker, text: str) -> bool:
    """« en fait c'est plutôt 59 000 » at another question, the budget noted
    (60 000 € HT): a bare number said as a correction, nearer the budget
    than the number of inhabitants, corrects the budget. It got « C'est déjà
    noté : budget 60 000 € HT », and the route of 60 000 € HT (a MAPA) where
    59 000 € HT is under the dispense (live test, session 18)."""
    before = previous_value(tracker, "amount")
    if not isinstance(before, (int, float)) or isinstance(before, bool) or before <= 0 \
            or not parsing.is_correction(text, contrast=False):
        return False
    spans = find_amount_spans(text)
    parsed = parse_amount(text)
    if len(spans) != 1 or not parsed.ok or not parsed.value_ht or parsed.value_ht < 1000:
        return False
    population = previous_value(tracker, "population")

    def distance(reference: float) -> float:
        return abs(math.log(parsed.value_ht / reference))

    return distance(float(before)) < math.log(4) and (
        not isinstance(population, (int, float)) or isinstance(population, bool) or population <= 0
        or distance(float(before)) < distance(float(population)))
