"""Messages typed once the result is given that ask something of the assistant
itself, whatever the classifier heard (actions/after.py)."""
import pytest

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
