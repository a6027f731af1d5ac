"""ProcurementFollowUp: « et en 2024 ? » is a procurement question, not a
fallback; anything else keeps its intent."""
import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.answers import is_procurement_follow_up
from components.follow_up import ProcurementFollowUp


def classified(text, intent, confidence=0.2):
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": confidence})
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": confidence},
                                     {"name": "ask_procurement", "confidence": 0.1}])
    ProcurementFollowUp().process([message])
    return message


@pytest.mark.parametrize("text", ["et en 2024 ?", "Et pour 90 000 € ?", "et si c'est 150 000 ?",
                                  "mais au 1er mars 2025 ?", "sinon pour 200k", "et avant avril 2026"])
@pytest.mark.parametrize("intent", ["nlu_fallback", "out_of_scope"])
def test_a_date_or_amount_follow_up_is_a_procurement_question(text, intent):
    message = classified(text, intent)
    assert message.get(INTENT) == {"name": "ask_procurement", "confidence": 1.0}
    ranking = message.get(INTENT_RANKING_KEY)
    assert [r["name"] for r in ranking] == ["ask_procurement", intent]


@pytest.mark.parametrize("text, intent", [
    ("et en 2024 ?", "ask_definition"),          # the classifier was sure of something else
    ("et pour 45 000 € ?", "inform"),            # an answer to the diagnostic
    ("et un mandataire ?", "nlu_fallback"),      # no date, no amount
    ("en 2024", "nlu_fallback"),                 # not a follow-up
    ("et pour une commune de 800 habitants ?", "nlu_fallback"),
    ("et pour 45000 euros faut il mettre en concurrence ou pas, on sait pas du tout ici",
     "nlu_fallback"),                            # a full question: the classifier's business
])
def test_anything_else_keeps_its_intent(text, intent):
    assert classified(text, intent).get(INTENT)["name"] == intent


def test_odd_input_is_not_a_follow_up():
    for text in ("", "   ", "et", "et ?", "😀", "et 😀 ?", "/inform", None):
        assert not is_procurement_follow_up(text), text
