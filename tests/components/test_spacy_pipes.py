"""The spaCy model Rasa uses runs without the named-entity recogniser, and
what Rasa's tokenizer and featurizers read from it is unchanged."""
import numpy as np
import spacy
from rasa.nlu.utils.spacy_utils import SpacyNLP

import components  # noqa: F401  (installs the patch)
from components import spacy_pipes

TEXTS = [
    "Bonjour, je suis maire d'une commune de 800 habitants et on a 30 000 € pour une étude énergie",
    "c koi un AMO ?? jsp si on a le droit de prendre un cabinet pr le PCAET",
    "La Communauté de communes du Pays de Gex veut rénover l'école Jean-Moulin à Paris.",
    "en fait c'est plutôt 80 000 € HT, le SDE nous aide et l'ADEME aussi",
]


def test_rasa_loads_french_spacy_without_the_entity_recogniser():
    nlp = SpacyNLP.load_model("fr_core_news_sm").model
    assert "ner" not in nlp.pipe_names and "ner" in nlp.disabled
    assert "parser" not in nlp.pipe_names          # Rasa's own choice, kept
    assert {"tok2vec", "morphologizer", "lemmatizer"} <= set(nlp.pipe_names)
    spacy_pipes.install()                           # idempotent
    assert SpacyNLP.load_model is spacy_pipes.load_model


def test_tokens_lemmas_tags_and_vectors_are_those_of_the_full_model():
    light = SpacyNLP.load_model("fr_core_news_sm").model
    full = spacy.load("fr_core_news_sm", disable=["parser"])
    assert "ner" in full.pipe_names
    for text in TEXTS:
        a, b = light(text.lower()), full(text.lower())
        assert [(t.text, t.idx, t.lemma_, t.pos_, t.tag_) for t in a] \
            == [(t.text, t.idx, t.lemma_, t.pos_, t.tag_) for t in b]
        assert np.allclose(np.stack([t.vector for t in a]), np.stack([t.vector for t in b]))
        assert np.allclose(a.vector, b.vector)
        assert not a.ents                            # nothing computes entities any more
