"""TypedButtonTitle: a diagnostic button's title typed is the click it names
(fresh.md H2: « Autre » typed at the structure question restarted the
diagnostic, forever)."""
import pytest
import yaml
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.button_titles import BUTTON_SETS, MESSAGES, TypedButtonTitle, button_intents, typed_title_intent


def classified(text, intent, confidence=0.6):
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": confidence})
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": confidence},
                                     {"name": "inform", "confidence": 0.1}])
    TypedButtonTitle().process([message])
    return message


def _diagnostic_buttons():
    messages = yaml.safe_load(MESSAGES.read_text(encoding="utf-8"))
    return [(b["title"], b["payload"]) for key, m in messages.items()
            if key.startswith("ask_") and isinstance(m, dict) for b in m.get("buttons") or []]


def test_every_diagnostic_button_is_known_but_a_bare_yes_or_no():
    buttons = _diagnostic_buttons()
    assert len(buttons) >= 25
    for title, payload in buttons:
        expected = None if title in ("Oui", "Non") else payload[1:].split("{")[0]
        assert typed_title_intent(title) == expected, title


@pytest.mark.parametrize("text", ["Autre", "autre", "AUTRE !", " autre. "])
@pytest.mark.parametrize("heard", ["restart_diagnostic", "start_diagnostic", "nlu_fallback"])
def test_autre_typed_is_an_answer_not_a_restart(text, heard):
    message = classified(text, heard)
    assert message.get(INTENT) == {"name": "inform", "confidence": 1.0}
    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)] == ["inform", heard]


@pytest.mark.parametrize("text, intent", [
    ("Pas encore", "inform"), ("pas encore", "inform"), ("Intercommunalite (EPCI)", "inform"),
    ("un agent en partie", "inform"), ("Je ne sais pas", "dont_know"),
    ("Oui, ils ne peuvent pas", "inform"),
])
def test_titles_typed_without_accents_or_case(text, intent):
    assert classified(text, "dont_know" if intent == "inform" else "deny").get(INTENT)["name"] == intent


@pytest.mark.parametrize("text, heard", [
    ("oui", "affirm"), ("Non", "deny"),            # the classifier's: yes/no answer anything
    ("autre chose", "out_of_scope"),               # not a title
    ("une autre commune", "inform"),
    ('/inform{"structure_type": "autre"}', "inform"),   # a payload: Rasa's own parser
    ("", "nlu_fallback"),
])
def test_anything_else_keeps_its_intent(text, heard):
    message = classified(text, heard)
    assert message.get(INTENT) == {"name": heard, "confidence": 0.6}


def test_a_title_shared_by_two_intents_is_left_out(tmp_path):
    path = tmp_path / "messages.yml"
    path.write_text(yaml.safe_dump({
        "a": {"text": "?", "buttons": [{"title": "Peut-être", "payload": "/dont_know"}]},
        "b": {"text": "?", "buttons": [{"title": "peut-etre", "payload": '/inform{"x": 1}'},
                                       {"title": "Menu", "payload": "/goodbye"}]},
        "c": "a plain text entry",
    }), encoding="utf-8")
    assert button_intents(str(path), str(tmp_path / "none.yml")) == {}   # (goodbye: never given)


@pytest.mark.parametrize("text, heard, intent", [
    # typed under the result: heard as goodbye 0.46, it got « Au revoir » (live test, session 11)
    ("Les points à prévoir", "goodbye", "ask_success_conditions"),
    ("les points a prevoir", "goodbye", "ask_success_conditions"),
    ("La procédure en détail", "out_of_scope", "ask_procurement"),
    ("Poser une question", "dont_know", "help"),
    ("Reprendre", "stop", "start_diagnostic"),
    ("Parler à quelqu'un", "inform", "human_handoff"),
])
def test_the_other_buttons_typed_are_their_click(text, heard, intent):
    assert classified(text, heard).get(INTENT) == {"name": intent, "confidence": 1.0}


def test_every_button_set_is_known():
    """Every title of config/buttons.yml gives its payload's intent."""
    sets = yaml.safe_load(BUTTON_SETS.read_text(encoding="utf-8"))
    assert {"menu", "resume", "result_details"} <= set(sets)
    for buttons in sets.values():
        for button in buttons:
            assert typed_title_intent(button["title"]) == button["payload"][1:].split("{")[0], button
