"""The diagnostic's result, from real slots to short French messages."""
import datetime as dt

import pytest

from actions import clock
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
    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 11, 22))


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
    # (answers kept: asked before they are cleared, tests/actions/test_restart.py)
    reset = run(ActionResetDiagnostic(), tracker_for(slots=PROFILE))
    assert not reset.slots and "J'efface tout" in reset.text
    done = run(ActionResetDiagnostic(), tracker_for(slots={**PROFILE, "diagnostic_done": True}))
    assert all(done.slots[name] is None for name in PROFILE)


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


# -- a correction after the result, whatever the classifier heard (final retest N6) ----

N6_TEXT = ("les conseils sont trop generiques, et je vous rappelle qu'on est un syndicat mixte "
           "ouvert, pas un EPCI. et au fait, le bureau d'etudes qui fera la faisabilite est deja "
           "connu, c'est celui qui a fait notre schema directeur des energies en 2024 : on peut "
           "le reprendre sans consultation ?")


def _after_result(tracker_for, text, intent, slots=None):
    """The tracker of a message typed once the result was given for ``slots``."""
    slots = {**PROFILE, "structure_type": "epci", "population": 11200, **(slots or {})}
    tracker = tracker_for(text=text, intent=intent, slots={**slots, "diagnostic_done": True})
    tracker.events[:0] = [{"event": "slot", "name": name, "value": value}
                          for name, value in slots.items()] + [
        {"event": "slot", "name": "diagnostic_done", "value": True}]
    return tracker


@pytest.mark.parametrize("action", ["affirmation", "fallback", "question", "out_of_scope"])
def test_a_correction_after_the_result_is_made_and_said(tracker_for, run, action):
    """« …je vous rappelle qu'on est un syndicat mixte ouvert, pas un EPCI. …
    on peut le reprendre sans consultation ? » after the result got « Désolé,
    je n'ai toujours pas compris »: the structure is corrected, said so, and
    the result updated, whether the message was not understood or heard as
    a question (which is then answered)."""
    from actions.faq import ActionAnswerQuestion
    from actions.diagnostic import ActionOutOfScope
    from actions.hygiene import ActionDefaultAskAffirmation, ActionDefaultFallback

    intent = {"question": "ask_procurement", "out_of_scope": "out_of_scope"}.get(action, "nlu_fallback")
    tracker = _after_result(tracker_for, N6_TEXT, intent)
    chosen = {"affirmation": ActionDefaultAskAffirmation, "fallback": ActionDefaultFallback,
              "question": ActionAnswerQuestion, "out_of_scope": ActionOutOfScope}[action]()
    result = run(chosen, tracker)
    assert result.slots["structure_type"] == "syndicat" and result.slots["diagnostic_done"] is True
    assert result.texts[0] == "C'est corrigé\u00a0: syndicat.", result.texts
    assert "fiche de cadrage" in result.text and "pas compris" not in result.text
    assert not any(e.get("event") == "rewind" for e in result.events)
    if action == "affirmation":
        assert any(e.get("event") == "active_loop" and e.get("name") is None for e in result.events)


def test_the_form_confirms_a_structure_corrected_after_the_result(tracker_for, run, domain):
    """Heard as information, the same correction goes through the form: the
    structure said is set even when the NLU heard only « EPCI »."""
    text = "on est un syndicat mixte ouvert, pas un EPCI"
    tracker = _after_result(tracker_for, text, "inform")
    started = run(ActionStartDiagnostic(), tracker)
    assert started.slots == {"diagnostic_done": False, "structure_type": "syndicat"}
    from actions.forms import ValidateDiagnosticForm

    tracker.events += started.events
    tracker.slots.update(started.slots)
    validated = run(ValidateDiagnosticForm(), tracker)
    assert validated.slots["structure_type"] == "syndicat"
    assert validated.texts == ["C'est corrigé\u00a0: syndicat."]


@pytest.mark.parametrize("text, slot, value", [
    ("ponctuel", "duration", "ponctuel"), ("plutôt de la capacité", "need_kinds", ["capacite"]),
])
def test_a_bare_answer_after_the_result_changes_it(tracker_for, run, text, slot, value):
    """« ponctuel » typed after the result said « je mets à jour le résultat »
    and changed nothing (live test, session 17)."""
    tracker = _after_result(tracker_for, text, "inform", {"duration": "durable", "need_kinds": ["expertise"]})
    started = run(ActionStartDiagnostic(), tracker)
    assert started.slots[slot] == value and started.slots["diagnostic_done"] is False


@pytest.mark.parametrize("text", ["durable", "ponctuel ?", "ponctuel ou durable, je ne sais pas trop en fait"])
def test_what_is_no_bare_answer_after_the_result(tracker_for, run, text):
    tracker = _after_result(tracker_for, text, "inform", {"duration": "durable"})
    started = run(ActionStartDiagnostic(), tracker)
    assert "duration" not in started.slots


@pytest.mark.parametrize("text, slots", [
    ("les conseils sont trop generiques", {}),
    ("on est un EPCI, c'est ça ?", {}),                         # a question
    ("je vous rappelle qu'on est une communauté de communes", {}),   # the same structure
    ("nous sommes une commune de 800 habitants", {"structure_type": None}),
])
def test_no_correction_after_the_result(tracker_for, run, text, slots):
    from actions.hygiene import ActionDefaultFallback

    result = run(ActionDefaultFallback(), _after_result(tracker_for, text, "nlu_fallback", slots))
    assert "structure_type" not in result.slots and "corrigé" not in result.text


# -- « corriger le type de structure » after the result (F-L1) --------------------------

@pytest.mark.parametrize("text, intent, action, target", [
    ("corriger le type de structure", "out_of_scope", "out_of_scope", "structure_type"),
    ("modifier le budget", "out_of_scope", "out_of_scope", "amount"),
    ("modifier le budget", "nlu_fallback", "affirmation", "amount"),
    ("je voudrais corriger le besoin", "ask_need_kinds", "question", "need_kinds"),
    ("je voudrais corriger le besoin", "start_diagnostic", "start", "need_kinds"),
    ("je veux changer la durée", "inform", "start", "duration"),
    ("changer les ressources internes", "restart_diagnostic", "restart", "internal_resources"),
])
def test_asking_to_correct_after_the_result_asks_the_question_again(
        tracker_for, run, domain, text, intent, action, target):
    """F-L1: after the result, « corriger le type de structure » got an
    explanation (« en fait, … ») and no buttons; « je voudrais corriger le
    besoin », heard as a new start, would have cleared every answer. The form
    comes back and asks that question again (same buttons as in the form),
    under the answer noted; nothing else is forgotten."""
    from rasa_sdk.events import FollowupAction, SlotSet

    from actions.diagnostic import ActionOutOfScope
    from actions.faq import ActionAnswerQuestion
    from actions.ask import ASK_ACTIONS
    from actions.forms import ValidateDiagnosticForm
    from actions.hygiene import ActionDefaultAskAffirmation

    tracker = _after_result(tracker_for, text, intent)
    if action == "restart":
        assert run(ActionResetDiagnostic(), tracker).events == []
    if action in ("start", "restart"):
        result = run(ActionStartDiagnostic(), tracker)
        assert result.events == [SlotSet("diagnostic_done", False)] and result.messages == []
    else:
        chosen = {"out_of_scope": ActionOutOfScope, "affirmation": ActionDefaultAskAffirmation,
                  "question": ActionAnswerQuestion}[action]()
        result = run(chosen, tracker)
        assert SlotSet("diagnostic_done", False) in result.events
        assert FollowupAction("diagnostic_form") in result.events and result.messages == []
    # The form, activated again, validates the answers noted and asks that question
    tracker.events += [e for e in result.events if e.get("event") == "slot"]
    tracker.slots["diagnostic_done"] = False
    tracker.active_loop = {"name": "diagnostic_form"}
    validated = run(ValidateDiagnosticForm(), tracker)
    assert validated.slots["requested_slot"] == target
    assert all(validated.slots.get(k, v) == v for k, v in tracker.slots.items() if k in PROFILE)
    assert len(validated.texts) == 1 and validated.texts[0].startswith("D'accord. Réponse notée")
    tracker.slots["requested_slot"] = target
    asked = run(ASK_ACTIONS[target](), tracker)
    assert asked.messages[0]["buttons"] or target == "amount"


def test_the_answer_after_asking_to_correct_updates_the_result(tracker_for, run, domain):
    """Then « ponctuel » → durable: « C'est corrigé : besoin durable… », the
    form ends, and the result is updated."""
    from actions.forms import ValidateDiagnosticForm

    tracker = _after_result(tracker_for, "durable", "inform")
    tracker.events[-1:-1] = [{"event": "user", "text": "je veux changer la durée"},
                             {"event": "slot", "name": "diagnostic_done", "value": False},
                             {"event": "slot", "name": "requested_slot", "value": "duration"}]
    tracker.events.append({"event": "slot", "name": "duration", "value": "durable"})
    tracker.slots.update({"diagnostic_done": False, "requested_slot": "duration",
                          "duration": "durable"})
    tracker.active_loop = {"name": "diagnostic_form"}
    tracker.latest_message["entities"] = [{"entity": "duration", "value": "durable"}]
    validated = run(ValidateDiagnosticForm(), tracker)
    assert validated.slots["duration"] == "durable"   # (then every slot is filled: the form ends)
    assert validated.texts == ["C'est corrigé\u00a0: besoin durable (plusieurs années, récurrent)."]
    tracker.events += validated.events
    advice = run(ActionGiveAdvice(), tracker)
    assert advice.slots == {"diagnostic_done": True}
    # (a lasting need, no one inside: the verdict changes, given in full)
    assert advice.texts[0].startswith("**Faire en interne, recruter ou mutualiser**")


# -- what a statement after the result says anew (live test, session 12) ----------------

@pytest.mark.parametrize("text, partner", [
    ("le cerema peut pas nous aider", "cerema"),
    ("l'ATD ne peut pas", "agence_technique_departementale"),
    ("on a vu le CAUE, ils font pas ça", "caue"),
])
def test_a_partner_unable_after_the_result_updates_it(tracker_for, run, text, partner):
    """« le cerema peut pas nous aider » after the result got the Cerema's
    card; « l'ATD ne peut pas » got « Le conseil reste le même » (live test,
    session 12): the partner is noted as consulted, unable, and the verdict
    updated (partners first → an AMO)."""
    from actions.faq import ActionAnswerQuestion

    slots = {"partners_status": "non_consultes", "structure_type": "commune", "population": 800}
    tracker = _after_result(tracker_for, text, "ask_definition", slots)
    result = run(ActionAnswerQuestion(), tracker)
    assert result.slots["partners_status"] == "consultes_insuffisant"
    assert partner in result.slots["partners_consulted"]
    assert result.texts[0].startswith("C'est corrigé") and "partenaires consultés" in result.texts[0]
    assert "assistant à maîtrise d'ouvrage" in result.text
    assert "établissement public d'expertise" not in result.text       # not the card
    assert "De quel terme" not in result.text                          # a statement: nothing asked


@pytest.mark.parametrize("text, value", [
    ("personne en interne", "aucune"),
    ("et l'équipe existe mais elle n'a pas du tout la compétence data", "partielle"),
])
def test_the_resources_said_after_the_result_update_it(tracker_for, run, text, value):
    """« personne en interne » after the result got « C'est noté… Le conseil
    reste le même » without change (live test, session 12)."""
    from rasa_sdk.events import SlotSet

    slots = {"internal_resources": "suffisante", "need_kinds": ["capacite"], "duration": "durable",
             "structure_type": "commune", "population": 800}
    tracker = _after_result(tracker_for, text, "inform", slots)
    started = run(ActionStartDiagnostic(), tracker)
    assert SlotSet("internal_resources", value) in started.events
    assert started.slots["diagnostic_done"] is False
    assert started.texts == ["C'est noté, je mets à jour le résultat."]


def test_nothing_new_after_the_result_changes_nothing(tracker_for, run):
    tracker = _after_result(tracker_for, "merci, c'était clair", "inform",
                            {"internal_resources": "suffisante"})
    started = run(ActionStartDiagnostic(), tracker)
    assert "internal_resources" not in started.slots and "partners_status" not in started.slots


@pytest.mark.parametrize("said, asked", [
    ("on est un syndicat mixte d'énergie, 300000 habitants", "population"),
    ("syndicat mixte d'énergie", "structure_type"),
])
def test_a_syndicat_d_energie_is_not_told_to_ask_the_syndicat_d_energie(tracker_for, run, said, asked):
    """A syndicat mixte d'énergie got « À solliciter d'abord : Syndicat
    départemental d'énergie » (live test, session 12): the kind of body the
    user says they are is not among the partners to ask."""
    slots = {**PROFILE, "structure_type": "syndicat", "population": 300_000,
             "partners_status": "non_consultes", "theme": "energie"}
    tracker = tracker_for(slots=slots)
    tracker.events[:0] = [{"event": "slot", "name": "requested_slot", "value": asked},
                          {"event": "user", "text": said}]
    result = run(ActionGiveAdvice(), tracker)
    assert "Consulter d'abord" in result.texts[0]
    assert "Syndicat départemental d'énergie" not in result.text
    plain = run(ActionGiveAdvice(), tracker_for(slots=slots))
    assert "Syndicat départemental d'énergie" in plain.text      # another syndicat is sent to it
