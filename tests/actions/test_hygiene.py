"""Greeting, handoff, feedback and fallback actions, with real trackers."""
from actions.hygiene import (
    ActionDefaultAskAffirmation,
    ActionDefaultFallback,
    ActionGreet,
    ActionHandoff,
    ActionStoreFeedback,
)

NNBSP = "\u202f"


def test_greet_presents_the_assistant_with_a_menu(tracker_for, run):
    result = run(ActionGreet(), tracker_for(text="Bonjour", intent="greet"))
    assert "assistant à maîtrise d'ouvrage (AMO)" in result.text
    assert "données personnelles" in result.text
    payloads = [b["payload"] for b in result.buttons]
    assert "/start_diagnostic" in payloads and "/human_handoff" in payloads
    assert all("!" not in t for t in result.texts)


def test_greet_offers_to_resume_an_unfinished_diagnostic(tracker_for, run):
    tracker = tracker_for(text="bonjour", intent="greet", slots={"structure_type": "commune"})
    result = run(ActionGreet(), tracker)
    assert "reprendre" in result.text.lower()
    assert [b["payload"] for b in result.buttons][:2] == ["/start_diagnostic", "/restart_diagnostic"]


def test_greet_applies_french_typography(tracker_for, run):
    result = run(ActionGreet(), tracker_for(text="Bonjour", intent="greet"))
    menu = result.messages[-1]
    assert menu["text"].endswith(f"faire{NNBSP}?")
    assert any(b["title"].endswith(f"AMO{NNBSP}?") for b in menu["buttons"])


def test_handoff_gives_the_configured_contact(tracker_for, run, monkeypatch):
    monkeypatch.delenv("AMO_CONTACT_EMAIL", raising=False)
    result = run(ActionHandoff(), tracker_for(text="un humain svp", intent="human_handoff"))
    assert "appui.communes@exemple-interco.fr" in result.text
    assert "01 23 45 67 89" in result.text


def test_handoff_contact_can_be_overridden_by_environment(tracker_for, run, monkeypatch):
    monkeypatch.setenv("AMO_CONTACT_EMAIL", "amo@cc-exemple.fr")
    result = run(ActionHandoff(), tracker_for(text="contact", intent="human_handoff"))
    assert "amo@cc-exemple.fr" in result.text
    assert "appui.communes@exemple-interco.fr" not in result.text


def test_feedback_is_stored(tracker_for, run):
    yes = run(ActionStoreFeedback(), tracker_for(text="oui", intent="affirm"))
    no = run(ActionStoreFeedback(), tracker_for(text="non", intent="deny"))
    assert yes.slots == {"feedback": "utile"} and "Merci" in yes.text
    assert no.slots == {"feedback": "pas_utile"} and "personne" in no.text


def test_thanks_in_answer_to_the_feedback_question_say_it_was_useful(tracker_for, run):
    thanks = run(ActionStoreFeedback(), tracker_for(text="oui merci c'est clair", intent="thank"))
    assert thanks.slots == {"feedback": "utile"} and "Merci" in thanks.text


def test_ask_affirmation_offers_the_two_best_intents_in_french(tracker_for, run):
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "ask_procurement", "confidence": 0.40},
        {"name": "ask_splitting", "confidence": 0.30},
        {"name": "ask_price", "confidence": 0.10},
    ]
    tracker = tracker_for(text="seuil lot", intent="nlu_fallback", intent_ranking=ranking)
    result = run(ActionDefaultAskAffirmation(), tracker)
    payloads = [b["payload"] for b in result.buttons]
    assert payloads == ["/ask_procurement", "/ask_splitting", "/out_of_scope"]
    assert "seuils" in result.buttons[0]["title"]


def test_ask_affirmation_without_candidates_asks_to_rephrase(tracker_for, run):
    tracker = tracker_for(text="???", intent="nlu_fallback", intent_ranking=[])
    result = run(ActionDefaultAskAffirmation(), tracker)
    assert not result.buttons and "reformuler" in result.text


def test_final_fallback_reverts_the_message_and_points_to_help(tracker_for, run):
    result = run(ActionDefaultFallback(), tracker_for(text="zzz", intent="nlu_fallback"))
    assert "aide" in result.text and result.events[0]["event"] == "rewind"


def test_ask_affirmation_does_not_suggest_noise(tracker_for, run):
    ranking = [{"name": "stop", "confidence": 0.12}, {"name": "greet", "confidence": 0.1}]
    tracker = tracker_for(text="aezrtyu plop", intent="nlu_fallback", intent_ranking=ranking)
    result = run(ActionDefaultAskAffirmation(), tracker)
    assert not result.buttons and "reformuler" in result.text
