"""The diagnostic's result, from real slots to short French messages."""
import datetime as dt

import pytest

import actions.faq as faq
from actions.advice import ActionGiveAdvice
from actions.diagnostic import ActionResetDiagnostic, ActionStartDiagnostic

PROFILE = {
    "structure_type": "commune", "population": 800, "project": "étude énergie",
    "theme": "energie", "need_kinds": ["expertise"], "duration": "ponctuel",
    "internal_resources": "aucune", "partners_status": "consultes_insuffisant",
    "sponsor": "non", "amount": 45000.0,
}


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch):
    monkeypatch.setattr(faq, "today", lambda: dt.date(2026, 11, 22))


def test_hire_amo_result(tracker_for, run):
    """A first screen (verdict, why, route) with buttons for the details, then
    the fiche: 4 messages at most (secretaire's report M5: 14 messages)."""
    result = run(ActionGiveAdvice(), tracker_for(slots=PROFILE))
    assert "assistant à maîtrise d'ouvrage" in result.texts[0] and "Pourquoi" in result.texts[0]
    assert "sous le seuil de dispense" in result.text and "offre pertinente" in result.text
    assert "Source" in result.texts[-2] and "Décret n° 2025-1386" in result.texts[-2]
    assert "Fiche source" not in result.text
    assert "fiche de cadrage" in result.texts[-1]
    assert [b["payload"] for b in result.messages[-2]["buttons"]] == [
        "/ask_procurement", "/ask_risks", "/ask_partners", "/ask_success_conditions"]
    assert result.slots == {"diagnostic_done": True}
    assert len(result.texts) <= 4 and all(len(t) <= 600 for t in result.texts), "messages stay short"


def test_partners_first_when_not_consulted(tracker_for, run):
    result = run(ActionGiveAdvice(), tracker_for(slots={**PROFILE, "partners_status": "non_consultes"}))
    assert "partenaires" in result.texts[0].lower()
    assert "syndicat" in result.text.lower()


def test_forged_slot_values_are_ignored(tracker_for, run):
    forged = {**PROFILE, "amount": "1e15", "structure_type": "<script>"}
    result = run(ActionGiveAdvice(), tracker_for(slots=forged))
    assert "<script>" not in result.text and "seuil de dispense" not in result.text


def test_start_resume_and_reset(tracker_for, run):
    fresh = run(ActionStartDiagnostic(), tracker_for(text="diagnostic", intent="start_diagnostic"))
    assert "questions courtes" in fresh.text and fresh.events == []
    earlier = tracker_for(text="reprendre", intent="start_diagnostic",
                          slots={"structure_type": "commune"})
    earlier.events.insert(0, {"event": "slot", "name": "structure_type", "value": "commune"})
    resumed = run(ActionStartDiagnostic(), earlier)
    assert "Reprenons" in resumed.text
    # Slots that this very message filled (« … refaire le site internet de la
    # mairie »): a start, not a resumption.
    now = tracker_for(text="refaire le site internet de la mairie", intent="start_diagnostic",
                      slots={"theme": "numerique"})
    now.events.append({"event": "slot", "name": "theme", "value": "numerique"})
    started = run(ActionStartDiagnostic(), now)
    assert "questions courtes" in started.text and "Reprenons" not in started.text
    again = run(ActionStartDiagnostic(), tracker_for(
        text="nouveau diagnostic", intent="start_diagnostic", slots={**PROFILE, "diagnostic_done": True}))
    assert again.slots["structure_type"] is None and again.slots["diagnostic_done"] is False
    update = run(ActionStartDiagnostic(), tracker_for(
        text="en fait 80 000 €", intent="inform", slots={**PROFILE, "diagnostic_done": True}))
    assert update.slots == {"diagnostic_done": False} and "mets à jour" in update.text
    reset = run(ActionResetDiagnostic(), tracker_for(slots=PROFILE))
    assert all(reset.slots[name] is None for name in PROFILE)


def _corrected(tracker_for, slots, slot, old, text="en fait c'est plutôt 80 000 €"):
    """The tracker of a correction after the result: the diagnostic ended
    with ``slot`` = ``old``; the latest message changed it."""
    tracker = tracker_for(text=text, intent="inform", slots=slots)
    before = [{"event": "slot", "name": name, "value": old if name == slot else value}
              for name, value in slots.items()]
    tracker.events[:0] = before + [{"event": "slot", "name": "diagnostic_done", "value": True}]
    tracker.events += [{"event": "slot", "name": "diagnostic_done", "value": False},
                       {"event": "slot", "name": slot, "value": slots[slot]}]
    return tracker


def test_after_an_amount_correction_only_the_route_is_sent_again(tracker_for, run):
    """secretaire M5, maire M2: « en fait c'est 80 000 » re-sent the whole result."""
    result = run(ActionGiveAdvice(), _corrected(tracker_for, {**PROFILE, "amount": 80000.0}, "amount", 45000.0))
    assert len(result.texts) == 2 and "fiche de cadrage" in result.texts[-1]
    update = result.texts[0]
    assert update.startswith("Le conseil reste le même\u00a0: **Faire appel à un assistant")
    assert "MAPA" in update and "Pourquoi" not in update and "Mission" not in update
    assert result.messages[0]["buttons"] and result.slots == {"diagnostic_done": True}


def test_a_correction_that_changes_the_verdict_gives_the_whole_result(tracker_for, run):
    result = run(ActionGiveAdvice(), _corrected(
        tracker_for, {**PROFILE, "partners_status": "non_consultes"}, "partners_status", "consultes_insuffisant",
        text="en fait on n'a pas encore demandé"))
    assert result.texts[0].startswith("**Consulter d'abord vos partenaires publics**")


def test_after_starting_again_the_result_is_whole(tracker_for, run):
    """« recommencer » clears every answer: the next result is a new one."""
    tracker = _corrected(tracker_for, {**PROFILE, "amount": 80000.0}, "amount", 45000.0)
    done = tracker.events.index({"event": "slot", "name": "diagnostic_done", "value": True})
    tracker.events[done + 1:done + 1] = [{"event": "slot", "name": name, "value": None} for name in PROFILE]
    result = run(ActionGiveAdvice(), tracker)
    assert "Pourquoi" in result.texts[0] and "reste le même" not in result.text
