"""The procurement intent, after the classifier and its fallback.

« et en 2024 ? » right after a procurement answer is a procurement question.
Such a follow-up has too few words for the intent classifier, which falls
back (« je n'ai pas compris »). This component, placed after the
FallbackClassifier, reads a short message that starts with « et » (or
« mais », « sinon »…) and only names a date or an amount as
``ask_procurement`` (:func:`assistant.answers.is_procurement_follow_up`);
``action_answer_question`` then takes the missing amount or date from the
previous procurement question. A follow-up that only says its amount or date
(« et aujourd'hui ? », « même au-dessus de 1 million ? ») heard as a pause, a
goodbye, a thank-you, a request to start the diagnostic… is one too
(``assistant.answers.is_bare_follow_up``).

A question that says nothing of procurement is not a procurement question.
« les élections c'est en mars 2026 ou 2027 déjà ? » came out ``ask_procurement``
0.59 (a date, a question) and got the table of the thresholds in force on
1 March 2026. A question (``assistant.answers.phrased_as_question``) heard as
``ask_procurement``, without a word of procurement or an amount
(:func:`assistant.answers.mentions_procurement`), and no follow-up, is
``out_of_scope``: outside the diagnostic, « Je ne peux pas vous aider sur ce
point… »; during it, the question is asked again. After a fallback, procurement
is not suggested (« Vouliez-vous parler de : Les seuils… ? »). Every example of
``ask_procurement`` in data/nlu and the holdout has such a word or is a
follow-up. Statements are left alone: during the diagnostic the form reads them
as answers.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.amounts import find_amount_spans
from assistant.answers import (is_bare_follow_up, is_need_addition, is_procurement_follow_up,
                               mentions_procurement, names_only_a_purchase, need_follow_up,
                               phrased_as_question)
from assistant.questions import price_weight

FOLLOW_UP_INTENT = "ask_procurement"
OVERRIDDEN = frozenset({"nlu_fallback", "out_of_scope"})
# What a follow-up that only says an amount or a date (« et aujourd'hui ? »,
# heard as stop 0.67: « D'accord. Je reste à votre disposition… ») cannot be.
# (inform stays: the actions tell a follow-up from an answer by the question
# before it; so do the question intents.) Nor a request to start the
# diagnostic, or to start it again: « et si on lance en mars ? » (start
# 0.35) and « et début 2027 ? » (restart 0.49) started it (live test,
# session 12); the restart's rule forgets the answers before any action
# can read the message.
NOT_A_BARE_FOLLOW_UP = frozenset({"stop", "goodbye", "thank", "greet", "affirm", "deny", "dont_know",
                                  "start_diagnostic", "restart_diagnostic"})
FALLBACK = "nlu_fallback"
NOT_PROCUREMENT = "out_of_scope"
CRITERIA_INTENT = "ask_criteria"


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
            text = message.get(TEXT)
            if not isinstance(text, str):
                continue
            name = (message.get(INTENT) or {}).get("name")
            if name == FALLBACK and price_weight(text) is not None and not find_amount_spans(text):
                # « Nos élus veulent 60 % prix. » (inform 0.43, ask_criteria
                # 0.41: a fallback for ambiguity, CI of session 14): a weight
                # of the price is a question of award criteria.
                self._decide(message, CRITERIA_INTENT)
                continue
            if is_procurement_follow_up(text):
                if name in OVERRIDDEN or (name in NOT_A_BARE_FOLLOW_UP and is_bare_follow_up(text)) \
                        or (name in NOT_A_BARE_FOLLOW_UP and need_follow_up(text) is not None) \
                        or (names_only_a_purchase(text) and name != FOLLOW_UP_INTENT):
                    # (« et si je prends pas l'option ? » after a need and its
                    # option: start_diagnostic 0.35 with the data of session
                    # 14; its answer is the need's value without the option)
                    # (« et pour des travaux ? » after « c koi le seuil de
                    # dispense ? » was heard as ask_independence 0.36: the
                    # AMO's independence from the works' companies)
                    self._decide(message, FOLLOW_UP_INTENT)
            elif is_need_addition(text):
                # « en fait il y a une option en plus de 12 600 » after « mission
                # AMO 38 500 €, sans mise en concurrence ? » (heard as inform, it
                # started a diagnostic with a budget of 12 600 €). During the
                # diagnostic the form still reads it as its budget's addition.
                if (message.get(INTENT) or {}).get("name") in OVERRIDDEN | {"inform"}:
                    self._decide(message, FOLLOW_UP_INTENT)
            elif phrased_as_question(text) and not mentions_procurement(text):
                self._not_procurement(message)
        return messages

    @classmethod
    def _not_procurement(cls, message: Message) -> None:
        """Heard as ``ask_procurement``: off-topic. A fallback: procurement is
        not among the suggestions."""
        name = (message.get(INTENT) or {}).get("name")
        if name == FOLLOW_UP_INTENT:
            cls._decide(message, NOT_PROCUREMENT)
        elif name == FALLBACK:
            ranking = message.get(INTENT_RANKING_KEY) or []
            message.set(INTENT_RANKING_KEY,
                        [r for r in ranking if r.get("name") != FOLLOW_UP_INTENT],
                        add_to_output=True)

    @staticmethod
    def _decide(message: Message, intent: str) -> None:
        message.set(INTENT, {"name": intent, "confidence": 1.0}, add_to_output=True)
        # (the intent decided, once; procurement is first or not at all)
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or []
                   if r.get("name") not in (intent, FOLLOW_UP_INTENT)]
        message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": 1.0}, *ranking],
                    add_to_output=True)

