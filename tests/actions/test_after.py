"""Messages typed once the result is given that ask something of the assistant
itself, whatever the classifier heard (actions/after.py)."""
import pytest

from actions.after import ActionHelp, ActionThank
from actions.diagnostic import ActionOutOfScope
from actions.faq import ActionAnswerQuestion

PROFILE = {
    "structure_type": "commune", "population": 800, "project": "étude énergie",
    "theme": "energie", "need_kinds": ["expertise"], "duration": "ponctuel",
    "internal_resources": "aucune", "partners_status": "consultes_insuffisant",
    "sponsor": "non", "amount": 45000.0,
}


def _after_result(tracker_for, text, intent, done=True):
    slots = {**PROFILE, "diagnostic_done": done}
    tracker = tracker_for(text=text, intent=intent, slots=slots)
    tracker.events[:0] = [{"event": "slot", "name": name, "value": value}
                          for name, value in slots.items()]
    return tracker


@pytest.mark.parametrize("text, intent, action", [
    ("et maintenant", "ask_apres_mission", ActionAnswerQuestion),
    ("et maintenant ?", "ask_apres_mission", ActionAnswerQuestion),
    ("on fait quoi maintenant", "ask_apres_mission", ActionAnswerQuestion),
    ("et ensuite ?", "ask_independence", ActionAnswerQuestion),
    ("quelle est la suite ?", "out_of_scope", ActionOutOfScope),
])
def test_what_now_after_the_result_gets_the_next_steps_menu(tracker_for, run, text, intent, action):
    """« et maintenant » typed after the result got the after-mission tip
    (final S-L4): it gets the « Et maintenant ? » menu."""
    result = run(action(), _after_result(tracker_for, text, intent))
    assert [m.get("response") for m in result.messages] == ["utter_next_steps"]
    assert "Anticipez l'après-mission" not in result.text


def test_what_now_before_the_result_is_left_to_the_intent(tracker_for, run):
    """Before the result there are no next steps: the intent heard decides."""
    result = run(ActionAnswerQuestion(), _after_result(tracker_for, "et maintenant ?", "ask_apres_mission",
                                                       done=False))
    assert "utter_next_steps" not in [m.get("response") for m in result.messages]
    after_mission = run(ActionAnswerQuestion(), _after_result(
        tracker_for, "que faire après la mission ?", "ask_apres_mission"))
    assert "après-mission" in after_mission.text


# -- complaints about the answers (final M-M8) --------------------------------------

NBSP = "\u00a0"


@pytest.mark.parametrize("text, intent, action", [
    ("mon avis : vos reponses sont trop longues", "ask_criteria", ActionAnswerQuestion),
    ("t'es nul, vos réponses sont trop longues", "out_of_scope", ActionOutOfScope),
    # heard as thanks (« Avec plaisir ») and as help (the capability list)
    ("mon avis : les réponses sont justes mais bcp trop longues", "thank", ActionThank),
    ("ça m'aide pas bcp ton truc", "help", ActionHelp),
])
def test_a_complaint_is_acknowledged_recorded_and_followed_by_an_offer(tracker_for, run, text, intent,
                                                                       action):
    """« mon avis : vos reponses sont trop longues » got « Avec plaisir », « pfff »
    « hors sujet » (final M-M8): a line of thanks, the remark recorded as the
    feedback form records one (read by the usage report), then an offer."""
    result = run(action(), _after_result(tracker_for, text, intent))
    assert result.texts[0] == f"Merci de me le dire, c'est noté{NBSP}: ce retour servira à améliorer l'assistant."
    assert result.texts[1].startswith("Posez-moi votre question en quelques mots")
    assert result.buttons == [{"title": "Parler à quelqu'un", "payload": "/human_handoff"}]
    assert result.slots == {"feedback_comment": text}
    assert "hors" not in result.text and "Je ne peux pas" not in result.text


def test_a_complaint_with_a_question_gets_the_answer_then_the_remark_noted(tracker_for, run):
    """« les conseils sont trop generiques, … on peut le reprendre sans
    consultation ? »: the question is answered first (the remark alone had
    taken its place), then the remark is noted and recorded, without the offer
    to ask again."""
    text = "les conseils sont trop generiques. c'est quoi un MAPA ?"
    result = run(ActionAnswerQuestion(), _after_result(tracker_for, text, "ask_definition"))
    assert "MAPA" in result.texts[0] or "adaptée" in result.texts[0], result.texts
    assert result.texts[-1] == f"Merci de me le dire, c'est noté{NBSP}: ce retour servira à améliorer l'assistant."
    assert "Posez-moi votre question" not in result.text
    assert result.slots.get("feedback_comment") == text


def test_a_sigh_is_acknowledged_with_nothing_recorded(tracker_for, run):
    result = run(ActionOutOfScope(), _after_result(tracker_for, "pfff", "out_of_scope"))
    assert result.texts[0] == "Désolé si ma réponse ne vous aide pas." and result.slots == {}
    assert "Je ne peux pas vous aider" not in result.text


def test_a_complaint_not_understood_is_added_to_the_earlier_remark(tracker_for, run):
    from actions.hygiene import ActionDefaultAskAffirmation, ActionDefaultFallback

    tracker = _after_result(tracker_for, "les conseils sont trop generiques", "nlu_fallback")
    tracker.slots["feedback_comment"] = "trop long pour un téléphone"
    result = run(ActionDefaultFallback(), tracker)
    assert result.slots == {"feedback_comment": "trop long pour un téléphone | les conseils sont trop generiques"}
    assert not any(e.get("event") == "rewind" for e in result.events)
    asked = run(ActionDefaultAskAffirmation(), tracker)
    assert asked.texts[0].startswith("Merci de me le dire") and "Vouliez-vous" not in asked.text


def test_a_complaint_is_left_to_the_forms(tracker_for, run):
    """During the diagnostic, its validators read the message (« c'est pas
    clair » asks to explain the question)."""
    tracker = tracker_for(text="vos reponses sont trop longues", intent="out_of_scope",
                          slots={"requested_slot": "duration"}, active_loop="diagnostic_form")
    assert run(ActionOutOfScope(), tracker).slots == {}
    assert "Merci de me le dire" not in run(ActionOutOfScope(), tracker).text


@pytest.mark.parametrize("action, intent, response", [
    (ActionThank, "thank", "utter_you_are_welcome"), (ActionHelp, "help", "utter_help")])
def test_plain_thanks_and_help_get_their_response(tracker_for, run, action, intent, response):
    for text in ("merci beaucoup", "vous servez a quoi exactement", "/" + intent):
        result = run(action(), tracker_for(text=text, intent=intent))
        assert [m.get("response") for m in result.messages] == [response] and result.events == []
