"""A provider's proposal pasted in (« Bonjour Madame le Maire, … je vous
propose une mission … pour un montant de 18 500 € HT. … Cordialement »,
``assistant.proposal``): the route of its amount and the points to check
before signing, whether it comes as a question or while a question of the
diagnostic waits.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.common import latest_text, message, message_text, say, send, send_all
from actions.corrections import reading
from actions.procurement import ht_reading_said
from actions.render import budget_label, bullets, with_sources
from actions.slots import DIAGNOSTIC_SLOTS, previous_value, profile_from_slots, reasked, slot_values
from assistant.amounts import amount_error, says_tax
from assistant.knowledge import load_knowledge
from assistant.procurement import route
from assistant.proposal import is_provider_proposal, proposal_amount
from assistant.purchase import SERVICES

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
    at = clock.today()
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
    reading (``answer_provider_proposal``, without the offer of a
    diagnostic under way); its amount is noted as the budget, to confirm,
    when none is known; nothing else is taken from it, and the question
    waiting is asked again. Its events, or None for any other message."""
    if not pasted_proposal(tracker):
        return None
    answer_provider_proposal(dispatcher, tracker)
    asked = tracker.get_slot("requested_slot")
    # (the slots the message filled, through the NLU or the extraction, back
    # to their values before it)
    kept = {slot: previous_value(tracker, slot) for slot in tracker.slots_to_validate()
            if slot != "requested_slot"}
    kept[asked] = previous_value(tracker, asked)
    amount = proposal_amount(latest_text(tracker), clock.today())
    if previous_value(tracker, "amount") is None and amount is not None \
            and amount.value_ht is not None and amount_error(amount.value_ht) is None:
        kept["amount"] = round(float(amount.value_ht), 2)
        say(dispatcher, "first_answers", answers=budget_label(kept["amount"], hesitant=True))
    if reasked(tracker) == asked:
        reading(tracker).unanswered_again = asked
    return [SlotSet(slot, value) for slot, value in kept.items()]
