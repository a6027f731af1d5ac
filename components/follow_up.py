"""« et en 2024 ? » right after a procurement answer is a procurement question.

Such a follow-up has too few words for the intent classifier, which falls
back (« je n'ai pas compris »). This component, placed after the
FallbackClassifier, reads a short message that starts with « et » (or
« mais », « sinon »…) and only names a date or an amount as
``ask_procurement`` (:func:`assistant.answers.is_procurement_follow_up`);
``action_answer_question`` then takes the missing amount or date from the
previous procurement question.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.answers import is_procurement_follow_up

FOLLOW_UP_INTENT = "ask_procurement"
OVERRIDDEN = frozenset({"nlu_fallback", "out_of_scope"})


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class ProcurementFollowUp(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage,
               resource: Resource, execution_context: ExecutionContext
               ) -> "ProcurementFollowUp":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            text = message.get(TEXT)
            if intent.get("name") in OVERRIDDEN and isinstance(text, str) \
                    and is_procurement_follow_up(text):
                message.set(INTENT, {"name": FOLLOW_UP_INTENT, "confidence": 1.0},
                            add_to_output=True)
                ranking = [r for r in message.get(INTENT_RANKING_KEY) or []
                           if r.get("name") != FOLLOW_UP_INTENT]
                message.set(INTENT_RANKING_KEY,
                            [{"name": FOLLOW_UP_INTENT, "confidence": 1.0}, *ranking],
                            add_to_output=True)
        return messages
