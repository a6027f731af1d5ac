"""Helpers shared by the tests of the diagnostic form (``test_forms``,
``test_validators``, ``test_amount``, ``test_corrections``, ``test_proposal``)."""
import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.forms import ValidateDiagnosticForm

FORM = ValidateDiagnosticForm()


def validate(slot, value, tracker, domain):
    dispatcher = CollectingDispatcher()
    result = getattr(FORM, f"validate_{slot}")(value, dispatcher, tracker, domain)
    return result, [m.get("text", "") for m in dispatcher.messages]


def answer(tracker_for, text, slot, intent="inform", entities=None, slots=None):
    """The tracker of a message typed while the question about ``slot`` waits."""
    return tracker_for(
        text=text, intent=intent, entities=entities,
        slots={"requested_slot": slot, **(slots or {})}, active_loop="diagnostic_form",
    )


def run_form(tracker, domain):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(FORM.run(dispatcher, tracker, domain))
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}, dispatcher.messages


def with_previous(tracker, slot, value):
    """The slot held `value` before the latest message."""
    tracker.events.insert(0, {"event": "slot", "name": slot, "value": value})
    tracker.events.insert(0, {"event": "user", "text": "avant"})
    return tracker


def typed_while_asked(tracker_for, text, asked, intent="inform", slots=None):
    """A message typed while ``asked`` waits, as the validation action gets it:
    earlier answers (``slots``) set before the message, and Rasa's from_text
    mapping has already put the text in the asked slot."""
    tracker = answer(tracker_for, text, asked, intent=intent, slots=slots)
    tracker.events[:0] = [{"event": "slot", "name": name, "value": value}
                          for name, value in (slots or {}).items()]
    tracker.events.append({"event": "slot", "name": asked, "value": text})
    tracker.slots[asked] = text
    return tracker


def starting_message(tracker_for, text, entities, slots):
    """The message that starts the diagnostic, as the form validates it at
    activation: the slots Rasa's mappings filled from it, nothing asked yet."""
    tracker = tracker_for(text=text, intent="inform", entities=entities, slots=slots)
    tracker.events += [{"event": "slot", "name": k, "value": v} for k, v in slots.items()]
    return tracker


def typed_heard_as(tracker_for, text, asked, intent, slots, entities=()):
    """``typed_while_asked``, with the intent and entities the NLU gave: an
    interrupting intent (out_of_scope…) is not mapped to the asked slot."""
    tracker = typed_while_asked(tracker_for, text, asked, intent=intent, slots=slots)
    tracker.latest_message["entities"] = list(entities)
    if intent != "inform":
        tracker.events.pop()
        tracker.slots[asked] = None
    return tracker


NOTED = {"structure_type": "autre", "population": 1500, "project": "bilan carbone",
         "theme": "climat", "need_kinds": ["expertise"], "duration": "ponctuel",
         "internal_resources": "aucune", "partners_status": "non_consultes"}


def with_mapped_entity(tracker, entity, value, start=0, end=None):
    """An entity the NLU heard in the latest message, and the slot of the same
    name Rasa's from_entity mapping filled from it before the validation."""
    end = len(tracker.latest_message.get("text") or "") if end is None else end
    tracker.latest_message["entities"] = [{"entity": entity, "value": value, "start": start, "end": end}]
    tracker.events.append({"event": "slot", "name": entity, "value": value})
    tracker.slots[entity] = value
    return tracker
