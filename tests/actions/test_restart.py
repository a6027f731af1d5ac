"""« recommencer » while answers are kept: asked before they are cleared
(``action_reset_diagnostic``). « recommencer » rejects the form, so a « oui »
or a « non » heard as such is answered by ``action_affirm`` /
``action_deny`` (the rules run them before the form, live test, session 26);
the form reads what the NLU heard otherwise (« vas-y », « on continue »), or
an answer typed instead."""
import pytest
from rasa_sdk.events import FollowupAction

from actions.after import ActionAffirm, ActionDeny
from actions.diagnostic import ActionResetDiagnostic, ActionStartDiagnostic
from actions.slots import DIAGNOSTIC_SLOTS, restart_asked

from tests.actions.form_helpers import run_form, typed_while_asked

KEPT = {"structure_type": "commune", "population": 900, "project": "audit énergétique de l'école",
        "theme": "energie", "need_kinds": ["regard_exterieur"]}
CONFIRM = "Vous m'avez déjà donné 5 réponses. J'efface tout et je recommence depuis le début ?"


def _user(text, intent):
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}, "entities": []}}


def _asked_to_restart(tracker):
    """The events of « recommencer » answered by the question, before the
    latest message (the tracker's last event)."""
    latest = tracker.events.pop()
    tracker.events[:0] = [{"event": "slot", "name": k, "value": v} for k, v in KEPT.items()]
    tracker.events += [
        _user("recommencer", "restart_diagnostic"),
        {"event": "action", "name": "action_reset_diagnostic"},
        {"event": "bot", "text": CONFIRM},
        {"event": "action", "name": "action_listen"},
        latest,
    ]
    return tracker


def test_a_restart_asks_before_clearing_the_answers(tracker_for, run):
    tracker = tracker_for(text="retour à la première question", intent="restart_diagnostic",
                          slots={**KEPT, "requested_slot": "duration"}, active_loop="diagnostic_form")
    result = run(ActionResetDiagnostic(), tracker)
    assert [t.replace("\u202f", " ") for t in result.texts] == [CONFIRM]
    assert [b["payload"] for b in result.buttons] == ["/restart_diagnostic", "/deny"]
    # nothing cleared, and the form does not ask its question under it
    assert result.events == [FollowupAction("action_listen")]


def test_one_answer_is_counted_in_words(tracker_for, run):
    tracker = tracker_for(text="raz", intent="restart_diagnostic", slots={"structure_type": "epci"},
                          active_loop="diagnostic_form")
    assert run(ActionResetDiagnostic(), tracker).texts[0].startswith("Vous m'avez déjà donné une réponse.")


def test_nothing_to_lose_is_cleared_at_once(tracker_for, run):
    tracker = tracker_for(text="on efface tout et on recommence", intent="restart_diagnostic",
                          slots={"requested_slot": "structure_type"}, active_loop="diagnostic_form")
    result = run(ActionResetDiagnostic(), tracker)
    assert result.texts == [] and result.slots["structure_type"] is None


def test_after_the_result_a_restart_starts_a_new_diagnostic_at_once(tracker_for, run):
    tracker = tracker_for(text="nouveau diagnostic", intent="restart_diagnostic",
                          slots={**KEPT, "diagnostic_done": True})
    result = run(ActionResetDiagnostic(), tracker)
    assert result.texts == [] and result.slots["structure_type"] is None and result.slots["diagnostic_done"] is False


@pytest.mark.parametrize("text", ["recommencer", "/restart_diagnostic", "oui recommencer"])
def test_restart_asked_again_clears_the_answers(tracker_for, run, text):
    """« recommencer » again, or the button « Oui, tout effacer »."""
    tracker = _asked_to_restart(tracker_for(text=text, intent="restart_diagnostic",
                                            slots={**KEPT, "requested_slot": "duration"},
                                            active_loop="diagnostic_form"))
    assert restart_asked(tracker)
    result = run(ActionResetDiagnostic(), tracker)
    assert result.texts == []
    assert all(result.slots[slot] is None for slot in DIAGNOSTIC_SLOTS)


def test_a_restart_that_cleared_is_no_question_pending(tracker_for):
    tracker = tracker_for(text="ponctuel", intent="inform", slots={"requested_slot": "structure_type"})
    tracker.events[:0] = [
        _user("recommencer", "restart_diagnostic"),
        {"event": "action", "name": "action_reset_diagnostic"},
        {"event": "slot", "name": "structure_type", "value": None},
        {"event": "action", "name": "action_start_diagnostic"},
        {"event": "action", "name": "diagnostic_form"},
        {"event": "action", "name": "action_listen"},
    ]
    assert not restart_asked(tracker)


def _in_form(tracker_for, text, intent="inform"):
    """``text`` typed at the duration question, right after « J'efface tout ? »."""
    tracker = typed_while_asked(tracker_for, text, "duration", intent=intent, slots=KEPT)
    latest = tracker.events.pop()             # (the mapping's slot event, typed this turn)
    tracker = _asked_to_restart(tracker)
    tracker.events.append(latest)
    return tracker


@pytest.mark.parametrize("text, intent", [("oui", "affirm"), ("Oui, vas-y", "affirm"), ("ok tout effacer", "affirm"),
                                          ("ouais", "inform"), ("efface tout", "restart_diagnostic")])
def test_yes_in_the_form_clears_and_starts_again(tracker_for, domain, text, intent):
    slots, messages = run_form(_in_form(tracker_for, text, intent), domain)
    # (Rasa's form then asks the first empty slot's question: the structure)
    assert all(slots.get(slot, "missing") is None for slot in DIAGNOSTIC_SLOTS)
    assert slots["diagnostic_done"] is False
    assert [m["text"][:36] for m in messages] == ["Faisons le point sur votre besoin, e"]


@pytest.mark.parametrize("text, intent", [("non", "deny"), ("/deny", "deny"), ("non on continue", "deny"),
                                          ("euh non finalement", "deny"), ("surtout pas", "inform")])
def test_no_in_the_form_keeps_the_answers_and_asks_again(tracker_for, domain, text, intent):
    slots, messages = run_form(_in_form(tracker_for, text, intent), domain)
    # (nothing noted: Rasa's form asks the duration again)
    assert slots == {"duration": None}
    assert [m["text"] for m in messages] == ["D'accord, je garde vos réponses."]


def test_no_with_an_answer_keeps_both(tracker_for, domain):
    slots, messages = run_form(_in_form(tracker_for, "non non, c'est ponctuel, une étude de 6 mois"), domain)
    assert slots["duration"] == "ponctuel"
    assert messages[0]["text"] == "D'accord, je garde vos réponses."


def test_an_answer_instead_goes_on(tracker_for, domain):
    slots, messages = run_form(_in_form(tracker_for, "plutot durable, sur 3 ans"), domain)
    assert slots["duration"] == "durable" and "structure_type" not in slots
    assert not any("garde vos réponses" in (m.get("text") or "") for m in messages)


def _paused(tracker_for, text, intent):
    return _asked_to_restart(tracker_for(text=text, intent=intent, slots=KEPT))


def test_yes_when_paused_clears_and_starts_the_form(tracker_for, run):
    result = run(ActionAffirm(), _paused(tracker_for, "oui", "affirm"))
    assert all(result.slots[slot] is None for slot in DIAGNOSTIC_SLOTS)
    assert result.events[-1] == FollowupAction("diagnostic_form")
    assert result.texts[0].startswith("Faisons le point")


def test_yes_during_the_form_clears_once(tracker_for, run, domain):
    """Live, « oui » got action_affirm, then the form ran: it must not clear
    and say « Faisons le point » a second time."""
    tracker = _asked_to_restart(tracker_for(text="oui", intent="affirm", slots=KEPT, active_loop="diagnostic_form"))
    result = run(ActionAffirm(), tracker)
    assert all(result.slots[slot] is None for slot in DIAGNOSTIC_SLOTS)
    tracker.events += [{"event": "action", "name": "action_affirm"}] + [
        {"event": "slot", "name": slot, "value": None} for slot in DIAGNOSTIC_SLOTS]
    assert not restart_asked(tracker)


def test_no_during_the_form_is_said_once_and_the_question_comes_again(tracker_for, run):
    tracker = _asked_to_restart(tracker_for(text="non", intent="deny", slots=KEPT, active_loop="diagnostic_form"))
    result = run(ActionDeny(), tracker)
    assert result.events == [] and result.texts == ["D'accord, je garde vos réponses."]
    tracker.events.append({"event": "action", "name": "action_deny"})
    assert not restart_asked(tracker)


def test_no_when_paused_keeps_the_answers(tracker_for, run):
    result = run(ActionDeny(), _paused(tracker_for, "non", "deny"))
    assert result.events == []
    assert [t.replace("\xa0", " ") for t in result.texts] == [
        "D'accord, je garde vos réponses : écrivez « reprendre » quand vous voulez continuer le diagnostic."]


def test_yes_without_the_question_is_no_restart(tracker_for, run):
    tracker = tracker_for(text="oui", intent="affirm", slots=KEPT)
    assert not any(e.get("name") == "structure_type" for e in run(ActionAffirm(), tracker).events)


def test_go_on_heard_as_resuming_is_said_once(tracker_for, run):
    """« on continue » (start_diagnostic) got « Reprenons là où nous en
    étions. » and « D'accord, je garde vos réponses. » (live test, session 26)."""
    tracker = _asked_to_restart(tracker_for(text="on continue", intent="start_diagnostic", slots=KEPT,
                                            active_loop="diagnostic_form"))
    result = run(ActionStartDiagnostic(), tracker)
    assert result.texts == ["D'accord, je garde vos réponses."] and result.events == []
    tracker.events.append({"event": "action", "name": "action_start_diagnostic"})
    assert not restart_asked(tracker)


def test_an_answer_typed_instead_of_yes_or_no_is_read_by_the_form(tracker_for, run):
    """« la rénovation de la mairie » typed after « J'efface tout… ? » got
    « Faisons le point… » and the project question again, the answer lost
    (live test, session 26: the form, rejected by « recommencer », had read
    nothing, and action_start_diagnostic ran). It goes to the question asked."""
    tracker = _asked_to_restart(tracker_for(text="la rénovation de la mairie", intent="inform",
                                            slots={**KEPT, "project": None, "requested_slot": "project"},
                                            active_loop="diagnostic_form"))
    result = run(ActionStartDiagnostic(), tracker)
    assert result.texts == [] and result.slots == {"project": "la rénovation de la mairie"}
