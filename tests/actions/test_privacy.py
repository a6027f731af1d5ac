"""A phone number or an e-mail address typed: a notice before the answer
(live test, session 27: « … Cordialement, Jean Dupont, 06 12 34 56 78 »
started the diagnostic and nothing was said)."""
import asyncio

import pytest

from actions.privacy import personal_data, with_privacy_notice

NOTICE = "Je n'ai pas besoin de vos coordonnées"


@pytest.mark.parametrize("text", [
    "Cordialement, Jean Dupont, 06 12 34 56 78", "appelez moi au 0612345678", "tel 06.12.34.56.78",
    "+33 6 12 34 56 78", "mon mail : jean.dupont@mairie-trifouilly.fr", "05-49-12-34-56",
])
def test_phone_numbers_and_e_mails(text):
    assert personal_data(text)


@pytest.mark.parametrize("text", [
    "budget 60 000 € HT", "1 200 000 habitants", "art. R2122-8", "le 12/03/2026", "0,5 ETP",
    "décret 2025-1386", "", "/inform{\"amount\": 612345678}", "commune de 01234 habitants",
])
def test_no_personal_data(text):
    assert not personal_data(text)


def _tracker(*events):
    return {"events": list(events)}


USER = {"event": "user", "text": "Cordialement, Jean Dupont, 06 12 34 56 78"}
ANSWER = {"events": [], "responses": [{"text": "Faisons le point"}]}


def test_the_notice_comes_first():
    result = with_privacy_notice(ANSWER, _tracker(USER))
    assert result["responses"][0]["text"].startswith(NOTICE)
    assert result["responses"][1] == {"text": "Faisons le point"}


def test_once_per_message():
    """A second action of the same turn (the form after the start) says it no more."""
    said = {"event": "bot", "text": "…"}
    assert with_privacy_notice(ANSWER, _tracker(USER, said)) == ANSWER


def test_not_for_other_messages():
    assert with_privacy_notice(ANSWER, _tracker({"event": "user", "text": "budget 60 000 €"})) == ANSWER
    assert with_privacy_notice(None, _tracker(USER)) is None


def test_the_action_server_adds_it(tracker_for):
    """Through the executor the action server runs (``actions.server``)."""
    import actions.server  # noqa: F401  (wraps ActionExecutor.run)
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    tracker = tracker_for(text="bonjour, Jean Dupont 06 12 34 56 78", intent="greet")
    state = tracker.current_state()
    state["events"] = [{"event": "user", "text": "bonjour, Jean Dupont 06 12 34 56 78",
                        "parse_data": {"intent": {"name": "greet"}, "entities": []}}]
    call = {"next_action": "action_greet", "sender_id": "t", "tracker": state, "domain": {}, "version": "3.6"}
    result = asyncio.run(executor.run(call))
    texts = [m.get("text") or "" for m in result["responses"]]
    assert texts[0].replace("\u00a0", " ").startswith(NOTICE), texts
    assert any("Bonjour" in t for t in texts[1:])
