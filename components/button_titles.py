"""A button's title typed as text is the click it names.

The diagnostic's questions come with buttons (config/messages.yml). A user of
`rasa shell`, of a messaging channel without buttons, or of a phone keyboard
types the title instead of clicking it: « Autre » at « Pour quelle
structure… ? » came out ``restart_diagnostic`` and started the diagnostic
again, forever (clicking it sends ``/inform{"structure_type": "autre"}``).
This component, after the classifier and its fallback, gives a message that
is exactly the title of one of those buttons (case, accents and punctuation
aside) the intent of the button's payload (``inform`` or ``dont_know``). So
for the other sets of buttons (config/buttons.yml: the greeting's menu, the
details under the result): « Les points à prévoir » typed under the result
was heard as goodbye (0.46) and got « Au revoir » (live test, session 11). The
value itself is read from the text by the question's parser, as for any
typed answer: no entity is added, so « Autre » typed while the theme is asked
does not become a structure.

A bare « oui » or « non » is left to the classifier (affirm/deny): it answers
whatever was asked, including « Ces conseils vous sont-ils utiles ? ».
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.text import words as title_key   # « Intercommunalité (EPCI) » and « intercommunalite epci » are one title

MESSAGES = Path(__file__).resolve().parents[1] / "config" / "messages.yml"
BUTTON_SETS = MESSAGES.with_name("buttons.yml")
# The payload intents this component may give: the diagnostic's answers, and
# what the other buttons ask (a question, the diagnostic, a person, help).
ANSWER_INTENTS = frozenset({"inform", "dont_know"})
NAVIGATION_INTENTS = frozenset({"start_diagnostic", "restart_diagnostic", "human_handoff", "help"})
YES_NO = frozenset({"oui", "non"})
_PAYLOAD_INTENT = re.compile(r"^/(\w+)")


def _allowed(intent: str) -> bool:
    return intent in ANSWER_INTENTS or intent in NAVIGATION_INTENTS or intent.startswith("ask_")


@functools.lru_cache(maxsize=4)
def button_intents(path: str = str(MESSAGES), sets: str = str(BUTTON_SETS)) -> Dict[str, str]:
    """Title key → payload intent, for the buttons of config/messages.yml and
    of config/buttons.yml whose payload is an answer, a question, the
    diagnostic, a person or help. A title that two payload intents share is
    left out."""
    with open(path, encoding="utf-8") as handle:
        messages = yaml.safe_load(handle) or {}
    button_lists = [entry.get("buttons") for entry in messages.values() if isinstance(entry, dict)]
    if Path(sets).exists():
        with open(sets, encoding="utf-8") as handle:
            button_lists += [v for v in (yaml.safe_load(handle) or {}).values() if isinstance(v, list)]
    found: Dict[str, set] = {}
    for buttons in button_lists:
        for button in buttons or []:
            match = _PAYLOAD_INTENT.match(str(button.get("payload") or ""))
            key = title_key(str(button.get("title") or ""))
            if match and key and key not in YES_NO:
                found.setdefault(key, set()).add(match.group(1))
    return {key: next(iter(intents)) for key, intents in found.items()
            if len(intents) == 1 and all(_allowed(i) for i in intents)}


def typed_title_intent(text: str, titles: Optional[Dict[str, str]] = None) -> Optional[str]:
    """The payload intent of the button whose title ``text`` is, or None."""
    if not isinstance(text, str) or text.lstrip().startswith("/"):
        return None
    return (titles if titles is not None else button_intents()).get(title_key(text))


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class TypedButtonTitle(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage,
               resource: Resource, execution_context: ExecutionContext
               ) -> "TypedButtonTitle":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = typed_title_intent(message.get(TEXT))
            if intent and (message.get(INTENT) or {}).get("name") != intent:
                ranking = [r for r in message.get(INTENT_RANKING_KEY) or []
                           if r.get("name") != intent]
                message.set(INTENT, {"name": intent, "confidence": 1.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": 1.0}, *ranking],
                            add_to_output=True)
        return messages
