"""Smoke run on the real model: training examples drawn from data/nlu, each
sent as a first message and as an answer in the middle of the diagnostic.
No turn may repeat a message, send more than MAX_MESSAGES or send nothing.

It found two bugs no scripted test had: an answer given ten times in one turn
(a fallback action answered, and the core fallback answered again until
Rasa's limit), and a restart typed first that got ten « Je n'ai pas
reconnu… » (the emptied answers validated as if typed)."""
import collections
import random
import re

import pytest
from rasa.shared.nlu.training_data.loading import load_data

pytestmark = pytest.mark.slow

MAX_MESSAGES = 7          # the longest answers (a result with its fiche) send 7
# during the diagnostic, an answer is followed by « Reprenons » and the question
MAX_DURING = MAX_MESSAGES + 2
SAMPLE = 120
SEED = 20261122


# the two messages of the bugs above, whatever the draw
KNOWN = [("ask_definition", "une commune peut faire un PCAET ?"), ("restart_diagnostic", "repartir du debut")]


def examples():
    data = load_data("data/nlu")
    found = sorted((m.get("intent"), m.get("text")) for m in data.training_examples
                   if m.get("intent") and m.get("text"))
    return KNOWN + random.Random(SEED).sample(found, SAMPLE)


def faults(messages, most=MAX_MESSAGES):
    texts = [m.get("text") for m in messages if m.get("text")]
    repeated = [t for t, n in collections.Counter(texts).items() if n > 1]
    return [f"repeated: {t[:80]!r}" for t in repeated] + \
        ([f"{len(messages)} messages"] if len(messages) > most else []) + \
        (["no answer"] if not messages else [])


def test_no_turn_repeats_itself_or_runs_on(talk):
    found = []
    for intent, text in examples():
        first = talk()
        found += [f"[first] ({intent}) {text!r}: {f}" for f in faults(first.say(text))]
        during = talk()
        for answer in ("je veux faire le diagnostic", "commune", "800 habitants"):
            during.say(answer)
        assert re.search("Quel est le projet", during.text), during.text
        found += [f"[during] ({intent}) {text!r}: {f}" for f in faults(during.say(text), MAX_DURING)]
    assert not found, "\n".join(found)
