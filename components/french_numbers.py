"""Extracts amounts, populations and dates from French text.

Numbers are where a statistical extractor is weakest (« 45k€ », « cinquante
mille euros », « 1 200 hab »), so they are found by the deterministic parsers of
:mod:`assistant.amounts`. Values are strings, as Rasa entity values should be:
- ``amount``: the matched text, parsed and validated by the actions (a typed
  amount and a forged one go through the same validation);
- ``population``: the number of inhabitants;
- ``date``: an ISO date (or ``YYYY`` / ``YYYY-MM`` for a year or a month).
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.amounts import find_amount_spans, find_date_spans, find_population_spans


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class FrenchNumbersExtractor(GraphComponent, EntityExtractorMixin):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "FrenchNumbersExtractor":
        return cls()

    @property
    def name(self) -> Text:  # used as the entities' "extractor"
        return "FrenchNumbersExtractor"

    @staticmethod
    def extract(text: Text) -> List[Dict[Text, Any]]:
        spans = [
            *(("amount", s, s.raw) for s in find_amount_spans(text)),
            *(("population", s, str(s.value)) for s in find_population_spans(text)),
            *(("date", s, s.value.iso) for s in find_date_spans(text)),
        ]
        return [
            {
                "entity": entity,
                "start": span.start,
                "end": span.end,
                "value": value,
                "extractor": "FrenchNumbersExtractor",
            }
            for entity, span, value in spans
        ]

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text:
                continue
            entities = self.extract(text)
            if entities:
                message.set(
                    ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True
                )
        return messages
