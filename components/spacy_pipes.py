"""spaCy without the pipes nothing reads.

Rasa's ``SpacyNLP`` loads ``fr_core_news_sm`` with every pipe but the parser,
so each message also goes through the named-entity recogniser. Nothing in
this assistant reads spaCy's entities (DIET learns ours, amounts and dates
come from ``assistant/``): the recogniser cost about 4.5 of the 7 ms spaCy
took per message (bench, docs/performance.md). What the tokenizer and the
featurizers read — tokens, lemmas, part-of-speech tags and token vectors —
does not depend on it: ``tests/components/test_spacy_pipes.py`` checks that
they are identical with and without it.

Imported by ``components/__init__.py``, so the patch is in place whenever a
model that uses our components is trained or loaded (Rasa imports every
component class of the pipeline before creating any of them).
"""
from __future__ import annotations

from typing import Text, Tuple

from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP

UNUSED_PIPES: Tuple[str, ...] = ("ner",)

_rasa_load_model = SpacyNLP.load_model


def load_model(spacy_model_name: Text) -> SpacyModel:
    """``SpacyNLP.load_model``, then the unused pipes disabled (not removed:
    ``nlp.pipe_names`` shows what runs, ``nlp.disabled`` what does not)."""
    spacy_model = _rasa_load_model(spacy_model_name)
    for name in UNUSED_PIPES:
        if name in spacy_model.model.pipe_names:
            spacy_model.model.disable_pipe(name)
    return spacy_model


def install() -> None:
    if SpacyNLP.load_model is not load_model:
        SpacyNLP.load_model = staticmethod(load_model)
