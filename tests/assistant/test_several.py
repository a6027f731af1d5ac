"""Several questions in one message (``assistant.several``): where a message
is cut, what is a question, what context each question reads."""
import pytest
from hypothesis import given, settings, strategies as st

from assistant.answers import phrased_as_question
from assistant.several import elliptic, split_questions


def asked(text):
    """The questions of ``text`` as classified."""
    return [q.text_in(text) for q in split_questions(text)]


def read(text):
    """What each question's answer reads."""
    return [q.read_in(text) for q in split_questions(text)]


@pytest.mark.parametrize("text, questions", [
    # the live tests' messages (session 12)
    ("c'est quoi un AMO ? et faut-il mettre en concurrence pour 45 000 € ?",
     ["c'est quoi un AMO ?", "faut-il mettre en concurrence pour 45 000 € ?"]),
    ("Bonjour, je suis secrétaire de mairie (600 hab). Est-ce que l'AMO est obligatoire ? "
     "Et combien ça coûte en général ?",
     ["Est-ce que l'AMO est obligatoire ?", "combien ça coûte en général ?"]),
    ("qui peut nous aider gratuitement, et quels sont les risques de passer par un bureau d'études ?",
     ["qui peut nous aider gratuitement", "quels sont les risques de passer par un bureau d'études ?"]),
    ("c'est quoi le seuil pour publier au BOAMP ? on peut découper en 2 lots ?",
     ["c'est quoi le seuil pour publier au BOAMP ?", "on peut découper en 2 lots ?"]),
    # text messages, no accents, typos
    ("c koi un amo ? et c obligatoire ?", ["c koi un amo ?", "amo c obligatoire ?"]),
    ("c est quoi un amo et combien ca coute", ["c est quoi un amo", "combien ca coute"]),
    ("cest quoi un mapa?? faut il publier pr 50000e", ["cest quoi un mapa??", "faut il publier pr 50000e"]),
    ("c quoi le CAUE ? c gratuit ?", ["c quoi le CAUE ?", "CAUE c gratuit ?"]),
    ("quel est le seuil de dispense ; peut-on negocier en mapa ?",
     ["quel est le seuil de dispense", "peut-on negocier en mapa ?"]),
    ("C'EST QUOI UN AMO? COMMENT LE CHOISIR?", ["C'EST QUOI UN AMO?", "COMMENT LE CHOISIR?"]),
    ("qu'est ce qu'une amo\nest-ce que c'est payant ou gratuit via le département",
     ["qu'est ce qu'une amo", "est-ce que c'est payant ou gratuit via le département"]),
    ("Quels sont les risques ? Quels partenaires peuvent nous aider ? Combien ça coûte ?",
     ["Quels sont les risques ?", "Quels partenaires peuvent nous aider ?", "Combien ça coûte ?"]),
    ("c quoi un AMO. combien ça coute", ["c quoi un AMO.", "combien ça coute"]),
    ("Bonjour ! faut-il un AMO ? et quels risques ?", ["faut-il un AMO ?", "quels risques ?"]),
])
def test_a_message_with_several_questions_is_cut_into_them(text, questions):
    assert asked(text) == questions


@pytest.mark.parametrize("text", [
    # one question with « et » inside
    "AMO et MOE, c'est quoi la différence ?",
    "entre 20 et 30 k€, faut-il publier ?",
    "faut-il 3 devis et une publicité ?",
    "quelle difference entre un amo et un moe",
    "c'est quoi un AMO et un MOE ?",
    "pour une étude et un accompagnement de 45 000 €, quelle procédure ?",
    # one question with context: read whole (``question_clause``)
    "Je suis secrétaire de mairie dans une commune de 650 habitants. On refait la salle "
    "polyvalente. Qu'est-ce qu'un AMO pourrait prendre en charge ?",
    "pour 45 000 €, est-ce qu'il faut publier ?",
    "on a 40 000 € pour un audit. faut-il publier ?",
    "bonjour. merci. c'est quoi un AMO ?",
    "je suis secrétaire de mairie (600 hab). M. le maire veut savoir si l'AMO est obligatoire ?",
    # a question asked again without a subject of its own
    "Faut-il viser le CCAG-PI dans le CCAP ? est-ce obligatoire ?",
    "on peut prendre le même bureau d'études sans consultation ? c'est légal ?",
    "faut-il publier au BOAMP pour 90 000 € ? ou pas ?",
    # continued: short, or an alternative, not starting as a question
    "c'est qui le maitre douvrage ? moi ou le bureau d'etudes ?",
    "on liste ou les pieces que doivent fournir les candidats ? dans le RC ?",
    "un AMO peut-il nous rendre incapables de piloter seuls nos futurs projets ? c'est un risque ?",
    "et apres ? qui suit ?",
    # a question about what a statement says
    "un collegue m'a parle d'un OPSN, c'est quoi et est ce qu'il peut nous aider ?",
    # a statement that says « veut dire » is no question
    "c'est quoi un DCE ? je vois ce sigle partout sans savoir ce qu'il veut dire",
    # one question, statements, commands, nothing
    "c'est quoi un AMO ?",
    "on refait l'éclairage public. on a 30 000 €.",
    "/ask_risks",
    "",
    "? ? ?",
])
def test_one_question_or_none_is_not_cut(text):
    assert split_questions(text) == []


def test_context_before_the_questions_is_read_with_each_of_them():
    """The amount said first reaches the procurement question."""
    text = "on a 40 000 € pour un audit energetique. c'est quoi un MAPA ? et faut-il publier ?"
    assert read(text) == ["on a 40 000 € pour un audit energetique. c'est quoi un MAPA ?",
                          "on a 40 000 € pour un audit energetique. faut-il publier ?"]


def test_context_between_questions_is_read_by_the_questions_after_it():
    text = "c'est quoi un AMO ? on a un projet à 45 000 €. faut-il publier ?"
    assert read(text) == ["c'est quoi un AMO ?", "on a un projet à 45 000 €. faut-il publier ?"]


def test_a_statement_after_the_last_question_completes_it():
    text = "c'est quoi un AMO ? faut-il publier ? c'est pour 45 000 € HT."
    assert read(text) == ["c'est quoi un AMO ?", "faut-il publier ? c'est pour 45 000 € HT."]


def test_spans_are_those_of_the_message():
    text = "Bonjour. C’est quoi un AMO ? Et faut-il publier pour 45 000 € ?"
    first, second = split_questions(text)
    assert text[first.start:first.end] == "C’est quoi un AMO ?"
    assert text[second.start:second.end] == "faut-il publier pour 45 000 € ?"
    assert first.spans == ((0, 8), (first.start, first.end))


@pytest.mark.parametrize("text, expected", [
    ("est-ce obligatoire ?", True), ("c'est légal ?", True), ("et pourquoi ?", True), ("ou pas ?", True),
    ("c obligatoire", True), ("combien ça coûte ?", False), ("faut-il publier ?", False),
    ("c'est quoi un AMO ?", False),
])
def test_a_question_without_a_subject_of_its_own_is_elliptic(text, expected):
    assert elliptic(text) is expected


QUESTIONS = [
    "c'est quoi un AMO ?", "faut-il mettre en concurrence pour 45 000 € ?", "combien ça coûte ?",
    "quels sont les risques ?", "qui peut nous aider gratuitement ?", "est-ce que l'AMO est obligatoire ?",
    "peut-on découper en deux lots ?", "comment choisir un bureau d'études ?", "c koi le CAUE ?",
    "quel est le seuil pour publier au BOAMP ?", "pourquoi prendre un AMO ?",
    "quelle différence entre AMO et MOE ?", "faut-il 3 devis et une publicité ?",
]
CONTEXTS = ["", "Bonjour. ", "je suis secrétaire de mairie (600 hab). ", "on a 40 000 € pour un audit. ",
            "Bonjour, je suis maire d'une commune de 300 habitants, on refait l'éclairage. "]
SEPARATORS = [" ", " et ", "\n", "  Et "]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(CONTEXTS), st.sampled_from(QUESTIONS), st.sampled_from(SEPARATORS),
       st.sampled_from(QUESTIONS), st.booleans())
def test_two_questions_are_found_whatever_the_context_and_the_separator(context, one, separator, other,
                                                                          lower):
    text = f"{context}{one}{separator}{other}"
    if lower:
        text = text.lower()
    questions = split_questions(text)
    assert [text[q.start:q.end] for q in questions] == [
        one.lower() if lower else one, other.lower() if lower else other]
    for question in questions:
        assert question.read_in(text).endswith(text[question.start:question.end])
        assert question.read_in(text).startswith(context.strip().lower() if lower else context.strip())


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(CONTEXTS), st.sampled_from(QUESTIONS))
def test_one_question_after_any_context_is_never_cut(context, question):
    assert split_questions(f"{context}{question}") == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"abc éà?.!,;\n€0123456789", "et ", "faut-il ", "c'est quoi ", "combien ",
                                 "? ", ". ", "est-ce ", "M. ", "un amo ", "obligatoire "]),
                max_size=25).map("".join))
def test_any_text_gives_ordered_questions_inside_the_message(text):
    questions = split_questions(text)
    assert len(questions) != 1
    ends = 0
    for question in questions:
        assert ends <= question.start < question.end <= len(text)
        ends = question.end
        assert all(0 <= s < e <= len(text) for s, e in question.spans)
        assert phrased_as_question(question.text_in(text))


def test_questions_typed_as_in_a_text_message_are_split():
    """« faut un contrat ecrit ? », « c obligatoire un amo ? » start as
    questions (live test, session 12: read with the first as one)."""
    text = ("bjr, on est une commune de 800 hab, c quoi le seuil pour pas faire de pub ? "
            "et faut un contrat ecrit ? et c obligatoire un amo ?")
    questions = split_questions(text)
    assert [text[q.start:q.end] for q in questions] == [
        "c quoi le seuil pour pas faire de pub ?", "faut un contrat ecrit ?", "c obligatoire un amo ?"]
    assert questions[1].read_in(text) == "bjr, on est une commune de 800 hab faut un contrat ecrit ?"
    # with no subject of its own, it still asks about the question before it
    assert [q.text_in("c koi un amo ? et c obligatoire ?") for q in split_questions(
        "c koi un amo ? et c obligatoire ?")] == ["c koi un amo ?", "amo c obligatoire ?"]


def test_numbered_questions_are_two():
    """« Questions : 1) faut-il un AMO ? 2) quelle procédure ? » (live test, session 26)."""
    text = "Le budget prévu est de 35 000 € TTC. Questions : 1) faut-il un AMO ? 2) quelle procédure ? Merci"
    assert [q.text_in(text) for q in split_questions(text)] == ["Questions : 1) faut-il un AMO ?",
                                                                "2) quelle procédure ?"]


DICTATED = ("bonjour je suis le maire de saint-jean 600 habitants on veut refaire la toiture de l eglise et mettre "
            "des panneaux est ce qu il faut un amo et combien ca coute")


def test_questions_dictated_without_punctuation_are_cut_off_the_statement():
    """Live test, session 26: only the price was answered, and the
    diagnostic then kept only « commune » of what the message said."""
    assert [q.text_in(DICTATED) for q in split_questions(DICTATED)] == ["est ce qu il faut un amo",
                                                                        "combien ca coute"]
    # (an opener inside a statement is not one: « on se demande s'il faut… »)
    assert split_questions("on se demande s'il faut un amo et le maire hésite") == []
