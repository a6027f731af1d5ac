"""assistant.answers: a statement understood by the question's parser is the
answer to the question being asked, whatever intent the NLU heard in it."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from assistant.answers import (
    RECOGNISERS, answers_question, asks_to_go_back, corrected_answer, question_clause,
)


# Messages the classifier took for a question or for off-topic in the
# cross-validation (data/nlu), each with the question it answers.
ANSWERS = [
    ("amount", "on a mis 40 000 euros de cote pour ca"),
    ("amount", "60 000 € HT avec les options"),
    ("internal_resources", "la secrétaire de mairie à mi-temps"),
    ("internal_resources", "juste moi, la secrétaire de mairie"),
    ("internal_resources", "zero agent technique"),
    ("duration", "quelques semaines seulement"),
    ("duration", "au moins jusqu'a la fin du mandat"),
    ("structure_type", "EPCI"),
    ("theme", "la dematerialisation des demarches"),
    ("theme", "revitalisation du centre-bourg"),
    ("project", "adaptation au changement climatique"),
    ("sponsor", "le conseil municipal a voté à l'unanimité"),
    ("partners_status", "on a appele le CAUE, ils peuvent nous aider en partie"),
    ("partners_status", "on est lauréat Villages d'avenir"),
    ("need_kinds", "on sait pas faire les calculs de dimensionnement"),
    ("population", "1200"),
    # « je ne sais pas » answers every question.
    ("amount", "alors la aucune idee"),
    ("sponsor", "chai pas trop"),
]


@pytest.mark.parametrize("slot, text", ANSWERS)
def test_statements_understood_by_the_question_are_answers(slot, text):
    assert answers_question(slot, text)


@pytest.mark.parametrize("slot, text", [
    # Questions, even about the very topic of the question asked.
    ("amount", "pour 40 000 €, faut-il mettre en concurrence ?"),
    ("partners_status", "le caue c koi"),
    ("partners_status", "l'ALEC c'est gratuit ?"),
    ("structure_type", "c'est quoi un EPCI"),
    # Statements the question's parser does not understand: really off-topic.
    ("internal_resources", "horaires de la piscine municipale"),
    ("amount", "meteo de la semaine"),
    ("project", "quelle est la capitale de l'Australie"),
    ("project", "do you know a good pizza place"),
    ("theme", "aaaaaaaa"),
    # Commands, empty text, a slot that is not a question of the diagnostic.
    ("amount", '/inform{"amount": 40000}'),
    ("amount", "   "),
    ("feedback", "oui"),
])
def test_questions_and_unrelated_statements_are_not_answers(slot, text):
    assert not answers_question(slot, text)


@given(st.sampled_from(sorted(RECOGNISERS)), st.text(max_size=300))
def test_any_text_gets_a_yes_or_no(slot, text):
    assert answers_question(slot, text) in (True, False)
    # A question mark always makes it a question.
    assert not answers_question(slot, text + " ?")


# -- question_clause -----------------------------------------------------------------

@pytest.mark.parametrize("text, clause", [
    ("je sais pas, c'est quoi le prix ?", "c'est quoi le prix ?"),
    ("Je suis secrétaire de mairie dans une commune de 650 habitants. On refait la salle "
     "polyvalente. Qu'est-ce qu'un AMO pourrait prendre en charge ?",
     "Qu'est-ce qu'un AMO pourrait prendre en charge ?"),
    ("trois audits de 9 000 € sur trois bâtiments, ça s'additionne ?", "ça s'additionne ?"),
    ("on n'a aucun service technique, sommes-nous forcés de passer par un AMO ? merci",
     "sommes-nous forcés de passer par un AMO ?"),
    ("oui ; et combien coûte une mission", "et combien coûte une mission"),
])
def test_the_question_of_a_message_with_context(text, clause):
    assert question_clause(text) == clause


@pytest.mark.parametrize("text", [
    "c'est quoi un AMO ?",                             # nothing but the question
    "une commune de 800 habitants, 30 000 € pour une étude",   # no question
    "oui. merci beaucoup",
    "/ask_price{\"amount\": 5}, quoi ?",                # a command, not typed text
    "", "   ", "?!", "..., ?",
])
def test_no_question_clause(text):
    assert question_clause(text) is None


@given(st.text(max_size=300))
def test_a_question_clause_is_part_of_the_message(text):
    clause = question_clause(text)
    assert clause is None or (clause and clause in text and clause != text.strip())


# -- answers_ahead ------------------------------------------------------------------

from assistant.answers import AHEAD_SLOTS, answers_ahead  # noqa: E402


@pytest.mark.parametrize("asked, text, expected", [
    ("need_kinds", "ponctuel je pense, c'est une étude", "duration"),
    ("duration", "on a vu le syndicat d'energie, ils peuvent pas", "partners_status"),
    ("duration", "oui le president", "sponsor"),
    ("duration", "oui", None),                              # a bare yes answers what was asked
    ("sponsor", "ouais bof", None),
    ("need_kinds", "capacité", None),                        # the asked question's own answer
    ("need_kinds", "je sais pas", None),
    ("need_kinds", "ponctuel, c'est quoi un AMO ?", None),   # a question
    ("need_kinds", "ponctuel, et le maire porte le projet", None),  # two answers: unclear
    # a partner named is not a partner consulted (fresh H1: « Vous avez consulté :
    # Intercommunalité (EPCI) »)
    ("duration", "Attendez, le parc n'est pas une intercommunalité, c'est un syndicat mixte "
     "ouvert", None),
    ("duration", "la com com", None),
    ("duration", "on a vu la com com", "partners_status"),
])
def test_answers_ahead(asked, text, expected):
    assert answers_ahead(asked, text, AHEAD_SLOTS) == expected


def test_an_answered_question_is_not_answered_ahead_again():
    unanswered = [s for s in AHEAD_SLOTS if s != "duration"]
    assert answers_ahead("need_kinds", "ponctuel je pense", unanswered) is None


@given(st.sampled_from(AHEAD_SLOTS + ("amount", "project")), st.text(max_size=200))
def test_answers_ahead_names_a_later_unanswered_question_or_none(asked, text):
    found = answers_ahead(asked, text, AHEAD_SLOTS)
    assert found is None or (found in AHEAD_SLOTS and found != asked)


# -- corrections of an earlier answer ------------------------------------------------

NOTED = {"structure_type": "commune", "population": 300, "need_kinds": ["expertise"],
         "duration": "ponctuel", "internal_resources": "aucune",
         "partners_status": "non_consultes", "sponsor": "oui"}


@pytest.mark.parametrize("asked, text, expected", [
    # « X pas Y » of the population (secrétaire H7: silently ignored)
    ("need_kinds", "en fait on est 1300 pas 300", ("population", 1300)),
    ("sponsor", "en fait on est 1 300, pas 300", ("population", 1300)),
    ("sponsor", "pas 300 mais 1300", ("population", 1300)),
    # « plutôt X » of the need, at the next question (secrétaire H7: refused)
    ("duration", "en fait non c plutot de la capacite, on a pas le temps",
     ("need_kinds", ["capacite"])),
    ("amount", "en fait non c plutot de la capacite, on a pas le temps",
     ("need_kinds", ["capacite"])),
    # the duration (dgs H5, maire H2)
    ("internal_resources", "en fait c'est durable", ("duration", "durable")),
    ("internal_resources", "attends je me suis trompée, c'est pas ponctuel, il y aura "
     "l'entretien apres pendant des annees", ("duration", "durable")),
    # the internal resources, the partners, the sponsor
    ("amount", "en fait on a un agent à mi-temps, pas personne",
     ("internal_resources", "partielle")),
    ("amount", "en fait le SDE ne peut pas", ("partners_status", "consultes_insuffisant")),
    # without « en fait » (fresh H1: ignored without a word)
    ("amount", "c'est durable, pas ponctuel", ("duration", "durable")),
    ("amount", "pas ponctuel mais plutôt durable", ("duration", "durable")),
    # the reason of a new budget corrects nothing (after the result, the need
    # became « intermédiation »: live test, session 25)
    (None, "en fait plutôt 65 000 parce qu'il y a la concertation", None),
    (None, "en fait plutôt 65 000 car il y a la concertation", None),
    (None, "en fait c'est durable parce que ça dure 3 ans", ("duration", "durable")),
])
def test_a_correction_of_an_earlier_answer(asked, text, expected):
    assert corrected_answer(asked, text, NOTED) == expected


PNR = {**NOTED, "structure_type": "autre", "theme": "numerique"}


@pytest.mark.parametrize("asked, text, expected", [
    # the structure and the theme, whatever intent the classifier heard (fresh H1)
    ("duration", "Attendez, le parc n'est pas une intercommunalité, c'est un syndicat mixte "
     "ouvert", ("structure_type", "syndicat")),
    ("population", "je me suis trompée : nous sommes un syndicat mixte",
     ("structure_type", "syndicat")),
    ("need_kinds", "en fait c'est une comcom, pas une commune", ("structure_type", "epci")),
    ("amount", "pas une commune mais un syndicat", ("structure_type", "syndicat")),
    ("duration", "le thème c'est la biodiversité, pas le numérique", ("theme", "biodiversite")),
    ("amount", "je me suis trompée, c'est la mobilité", ("theme", "mobilite")),
    # a structure alone, typed at a later question
    ("population", "un PETR", ("structure_type", "syndicat")),
    ("need_kinds", "un syndicat mixte", ("structure_type", "syndicat")),
])
def test_a_correction_of_the_structure_or_the_theme(asked, text, expected):
    assert corrected_answer(asked, text, PNR) == expected


@pytest.mark.parametrize("asked, text", [
    # a structure mentioned, a maire, a partner: not the user's structure
    ("amount", "en fait c'est plutôt le maire qui porte le projet, pas la comcom"),
    ("partners_status", "la com com"),                 # the answer to the question asked
    ("sponsor", "le maire"),
    ("duration", "le maire"),
    ("amount", "on a vu la com com"),
    ("population", "un PETR de 40 000 habitants"),     # answers the population
    ("population", "autre structure"),                 # what was noted already
    ("internal_resources", "la commune"),              # staff or partners, not what one is
    ("need_kinds", "les communes"),
    ("partners_status", "une com com"),
    # a theme named in passing: no correction marker
    ("amount", "l'atlas de la biodiversité"),
])
def test_no_correction_of_the_structure_or_the_theme(asked, text):
    assert corrected_answer(asked, text, PNR) is None


def test_going_back_in_the_same_message_corrects_the_duration():
    noted = {**NOTED, "duration": "durable"}
    text = ("ah non pardon, revenir en arrière : c'est ponctuel, l'élaboration du plan "
            "dure 18 mois")
    assert corrected_answer("internal_resources", text, noted) == ("duration", "ponctuel")


@pytest.mark.parametrize("asked, text", [
    ("duration", "ponctuel"),                          # the answer to the question asked
    ("duration", "en fait c'est plutôt durable"),     # a correction of the question asked
    ("amount", "en fait c'est plutôt 80 000 €"),       # the amount: its own entity
    ("amount", "en fait c'est ponctuel"),              # what was noted already
    ("amount", "on a 300 pas plus"),                   # no other number
    ("need_kinds", "c'est quoi la capacité ? en fait"),  # a question
    ("amount", "expertise"),                           # not a correction
    # the answer to the question asked, which only implies another answer
    ("amount", "plutôt 40 000 €, on n'a pas le temps de chiffrer mieux"),
])
def test_no_correction(asked, text):
    assert corrected_answer(asked, text, NOTED) is None


def test_after_a_request_to_go_back_the_answer_is_a_correction():
    assert corrected_answer("duration", "capacité", NOTED) is None
    assert corrected_answer("duration", "capacité", NOTED, after_going_back=True) == (
        "need_kinds", ["capacite"])


@pytest.mark.parametrize("text, expected", [
    ("revenir en arriere", True), ("Revenir en arrière", True), ("retour", True),
    ("question precedente", True), ("on peut revenir à la question d'avant ?", True),
    ("je veux corriger ma réponse précédente", True), ("je me suis trompée", True),
    ("retour en arrière svp", True), ("je voudrais modifier ma réponse", True),
    # a restart, or something else
    ("retour à la case départ", False), ("retour à la première question", False),
    ("je me suis trompé partout, on recommence", False), ("retour au questionnaire", False),
    ("je suis de retour", False), ("pas de retour du CAUE", False),
    ("le projet précédent", False), ("/start_diagnostic", False),
    # what to correct, named (fresh H1: « corriger le type de structure » got the
    # out-of-scope reply)
    ("corriger le type de structure", True), ("je voudrais modifier le thème", True),
    ("changer le type de chauffage", False), ("changer la structure de la charpente", False),
    # the other answers (F-L1)
    ("je veux changer la durée", True), ("modifier le budget", True),
    ("changer les ressources internes", True), ("modifier les partenaires", True),
    ("je voudrais corriger le besoin", True), ("changer l'élu porteur", True),
    ("on a besoin de changer les fenêtres", False),
])
def test_asks_to_go_back(text, expected):
    assert asks_to_go_back(text) is expected


# -- « c quoi un MAPA ? » ----------------------------------------------------------------

from assistant.answers import Asked, definition_question, is_statement  # noqa: E402


@pytest.mark.parametrize("text, kind, id_", [
    # The text messages of the tester (secrétaire de mairie), at every step.
    ("c quoi AMO", "term", "amo"),
    ("c quoi un MAPA", "term", "mapa"),
    ("c quoi CAUE", "partner", "caue"),
    ("c quoi un CEP", "programme", "cep"),
    ("c quoi ponctuel", "duration", "ponctuel"),
    ("c koi un DCE", "term", "dce"),
    ("cest quoi un amo ?", "term", "amo"),
    ("ca veut dire quoi intermediation", "need_kind", "intermediation"),
    # Other ways of asking, before or after the word.
    ("C'est quoi le CAUE ?", "partner", "caue"),
    ("cé koi l'ALEC", "partner", "alec"),
    ("qu'est-ce que le CAUE", "partner", "caue"),
    ("qu’est-ce qu’un maître d’œuvre ?", "term", "moe"),
    ("que veut dire MAPA ?", "term", "mapa"),
    ("définition du gré à gré", "term", "gre_a_gre"),
    ("AMO c'est quoi ?", "term", "amo"),
    ("MAPA ca veut dire quoi deja", "term", "mapa"),
    ("ponctuel c quoi", "duration", "ponctuel"),
    ("durable ça veut dire quoi ?", "duration", "durable"),
    ("euh c quoi un mandataire exactement ?", "term", "mandataire"),
    ("c'est qui le SDE ?", "partner", "syndicat_energie"),
    ("Villages d'avenir, c'est quoi ?", "programme", "villages_avenir"),
    # The words of the diagnostic's questions, with or without « besoin de ».
    ("c quoi la capacité", "need_kind", "capacite"),
    ("regard extérieur c quoi", "need_kind", "audit"),
    ("c'est quoi un besoin d'intermédiation ?", "need_kind", "intermediation"),
    ("c quoi expertise", "need_kind", "expertise"),
    # Public partners without competition (fresh H4): knowledge terms.
    ("Qu'est-ce que la quasi-régie ?", "term", "quasi_regie"),
    ("c'est quoi une SPL ?", "term", "spl"),
    ("c quoi la coopération public-public", "term", "cooperation_public_public"),
    ("L2511-6 c'est quoi ?", "term", "cooperation_public_public"),
])
def test_a_definition_question_names_what_it_asks_about(text, kind, id_):
    assert definition_question(text) == Asked(kind, id_)


@pytest.mark.parametrize("text, expected", [
    # While the duration was asked, taken for the answer (live bot, session 11).
    ("c koi la diff entre ponctuel et durable?", Asked("duration", "ponctuel", ("durable",))),
    ("c'est quoi la différence entre ponctuel et durable ?", Asked("duration", "ponctuel", ("durable",))),
    ("et la diff entre durable ou ponctuel", Asked("duration", "durable", ("ponctuel",))),
    ("quelle est la difference entre capacite et expertise", Asked("need_kind", "capacite", ("expertise",))),
    ("différence entre regard extérieur et intermédiation ?", Asked("need_kind", "audit", ("intermediation",))),
    # Not two options of one question: terms are compared elsewhere.
    ("quelle différence entre AMO et MOE ?", None), ("diff entre ponctuel et expertise", None),
    ("diff entre ponctuel et ponctuel", None), ("la différence entre ponctuel et le reste", None),
])
def test_two_options_compared(text, expected):
    assert definition_question(text) == expected


@pytest.mark.parametrize("text", [
    # More than the meaning of a word: the classifier's business.
    "qu'est-ce qu'un AMO pourrait prendre en charge ?",
    "c quoi le seuil pour pas faire d appel d offre",
    "c'est quoi la différence entre MOE et AMO",
    "c quoi les types de besoin",
    # No question, no known word, commands, nothing.
    "ponctuel", "le CAUE", "on a vu le CAUE, ils peuvent pas", "c quoi ce truc",
    "/ask_definition", '/inform{"duration": "ponctuel"}', "", "   ", "?", None,
])
def test_anything_else_is_no_definition_question(text):
    assert definition_question(text) is None


@pytest.mark.parametrize("slot, text", [
    # « c quoi CAUE » was recorded as « CAUE consulted », « c quoi ponctuel »
    # as a short need, « c quoi un CEP » as « a partner could help ».
    ("partners_status", "c quoi CAUE"),
    ("partners_status", "c quoi un CEP"),
    ("duration", "c quoi ponctuel"),
    ("duration", "ponctuel c quoi"),
    ("need_kinds", "c quoi la capacité"),
    ("project", "c quoi AMO"),
    ("partners_status", "c quoi un syndicat d'energie"),
])
def test_a_short_text_message_question_is_no_answer(slot, text):
    assert not is_statement(text)
    assert not answers_question(slot, text)


def test_a_text_message_question_after_context_is_its_question_clause():
    assert question_clause("je sais pas, c quoi un amo") == "c quoi un amo"


@pytest.mark.parametrize("text", [
    # The DGS's questions: answered as « is an AMO compulsory? » and as the
    # content of the DCE.
    "Le CCAG-PI est-il obligatoire ?",
    "le CCAG PI est il obligatoire pour un marché d'AMO ?",
    "Faut-il viser le CCAG-PI dans le CCAP ? est-ce obligatoire ?",
    "est-ce que le CCAG prestations intellectuelles est obligatoire",
    "le ccag pi c'est obligatoire ou facultatif ?",
    "doit-on appliquer le CCAG-PI ?",
])
def test_whether_the_ccag_pi_is_compulsory_asks_about_the_ccag_pi(text):
    assert definition_question(text) == Asked("term", "ccag_pi")


@pytest.mark.parametrize("text", [
    "un AMO est-il obligatoire ?",                       # a role: its own answer
    "le maître d'œuvre est-il obligatoire ?",
    "la négociation est-elle obligatoire en MAPA ?",     # not the subject
    "pour 70 k€ c'est MAPA avec publicité obligatoire ?",
    "MAPA avec publicité obligatoire ?",
    "les pièces obligatoires d'un DCE pour un MAPA",
    "faut-il mettre un calendrier dans le cahier des charges ?",
    "le cahier des charges doit-il imposer une méthode ?",
])
def test_other_obligations_are_not_about_a_procurement_word(text):
    assert definition_question(text) is None


# -- questions on the value of the need just given (final M-H1) ------------------------

from assistant.answers import (TOTAL_ASKED, TOTAL_STATED, WITHOUT_OPTION,  # noqa: E402
                               is_need_addition, is_procurement_follow_up, need_follow_up)


@pytest.mark.parametrize("text, expected", [
    ("donc au total ça fait combien pour le seuil ?", TOTAL_ASKED),
    ("au total on est à combien ?", TOTAL_ASKED),
    ("et si je prends pas l'option ?", WITHOUT_OPTION),
    ("et sans les options ça fait combien ?", WITHOUT_OPTION),
    ("si on enlève la tranche optionnelle ?", WITHOUT_OPTION),
    ("ça fait 51100 au total", TOTAL_STATED),
    ("le total fait 51 100 € HT", TOTAL_STATED),
    # A budget given is not a total said back; questions of another kind are not.
    ("budget 30 000 au total", None), ("on a 30 000 € en tout", None), ("ça fait combien ?", None),
    ("et en 2024 ?", None), ("c'est quoi une tranche optionnelle ?", None), ("", None),
    ("commune de 800 habitants, on refait la salle des fêtes, et au total le projet coûtera combien "
     "avec les options ?", None),
])
def test_questions_on_the_value_of_the_need_just_given(text, expected):
    assert need_follow_up(text) == expected


def test_they_are_procurement_follow_ups_not_a_new_budget():
    """The component after the classifier makes them ask_procurement:
    questions heard as a fallback, the total said back heard as inform (it
    started the diagnostic with a budget of 51 100 €)."""
    assert is_procurement_follow_up("donc au total ça fait combien pour le seuil ?")
    assert is_procurement_follow_up("et si je prends pas l'option ?")
    assert is_need_addition("ça fait 51100 au total")
    assert not is_need_addition("budget 30 000 au total") and not is_need_addition("on a 51 100 €")


from hypothesis import given, strategies as st


@given(year=st.integers(2020, 2027),
       context=st.sampled_from(["nous avions fait faire l'étude mobilité par un bureau d'études",
                                "c'était pour le plan vélo", "on avait déjà un prestataire"]))
def test_a_follow_up_then_some_context_is_the_follow_up(year, context):
    """final D-M1: « et en 2023 ? nous avions fait faire l'étude mobilité par
    un bureau d'études » asks « et en 2023 ? »."""
    from assistant.answers import follow_up_with_context
    assert follow_up_with_context(f"et en {year} ? {context}") == f"et en {year} ?"


@pytest.mark.parametrize("text", [
    "et en 2023 ?",                                   # the follow-up alone: is_procurement_follow_up
    "et en 2023 ? on avait payé 30 000 €",            # another amount
    "et en 2023 ? et en 2024 ?",                      # another question
    "quels seuils ? nous sommes une commune",         # no follow-up
    "et en 2023 ? c'était lancé en mars 2024",        # another date
])
def test_not_a_follow_up_with_context(text):
    from assistant.answers import follow_up_with_context
    assert follow_up_with_context(text) is None


@pytest.mark.parametrize("text, target, bare", [
    ("corriger le type de structure", "structure_type", True),
    ("je veux changer la durée", "duration", True),
    ("changer la durée du besoin", "duration", True),
    ("modifier le budget", "amount", True),
    ("changer les ressources internes", "internal_resources", True),
    ("modifier les partenaires", "partners_status", True),
    ("je voudrais corriger le besoin", "need_kinds", True),
    ("je veux changer la durée, c'est durable", "duration", False),
    ("modifier le budget : 50 000 €", "amount", False),
])
def test_a_request_to_correct_names_its_answer(text, target, bare):
    """F-L1: the answer named first is the one to change; a request that
    says nothing of the new answer is « bare » (its words are no answer:
    « ressources internes » is not « suffisantes »)."""
    from assistant.answers import bare_correction_request, correction_target

    assert correction_target(text) == target
    assert bare_correction_request(text) is bare
    if bare:
        assert corrected_answer("sponsor", text, {"internal_resources": "aucune",
                                                  "duration": "ponctuel"}) is None


@pytest.mark.parametrize("text, expected", [
    ("non le projet c'est la rehabilitation de la station d'epuration", "station d"),
    ("correction du projet : le PCAET", "PCAET"),
    ("en fait le projet c'est pas ça, c'est réhabiliter la STEP", "STEP"),
    ("notre projet c'est top", None), ("le projet est porté par le maire", None),
    ("le projet c'est quoi déjà ?", None),
])
def test_the_project_said_again_is_a_correction(text, expected):
    """(live test, session 11)"""
    from assistant.answers import corrected_answer
    found = corrected_answer("duration", text, {"project": "revenons a nos moutons", "theme": "energie"})
    if expected is None:
        assert found is None or found[0] != "project"
    else:
        assert found[0] == "project" and expected in found[1]


# -- live test, session 11: « et … » follow-ups, words the data do not know -----------

from assistant.answers import and_follow_up, unknown_definition_word  # noqa: E402


@pytest.mark.parametrize("text", [
    "et la banque des territoires", "et une ALEC", "et l'ATD ?",
    "et pour le numerique, genre site web et logiciels metier ?", "et pour le PCAET ?",
    "et si on est un syndicat mixte ?", "ok et pour le numérique ?",
])
def test_a_short_and_follow_up_is_recognised(text):
    assert and_follow_up(text)


@pytest.mark.parametrize("text", [
    "et on a vu l'ALEC",                                  # says something
    "et pour 95 000 € ?",                                 # an amount: the procurement follow-up
    "je suis maire d'une commune de 800 habitants et on a 30 000 € pour une étude énergie",
    "la banque des territoires",
    "et pour le numérique, on voudrait refaire le site web, les logiciels métier et la téléphonie de la mairie",
])
def test_other_messages_are_no_and_follow_up(text):
    assert not and_follow_up(text)


@pytest.mark.parametrize("text, word", [
    ("c'est quoi la DETR", "DETR"),
    ("DSIL c quoi ?", "DSIL"),
    ("c'est quoi l'Agence-Régionale ?", "Agence-Régionale"),
    ("c'est quoi la <b>DETR</b>", "b DETR b"),           # no markup echoed
])
def test_a_word_the_data_do_not_know_is_given_as_typed(text, word):
    assert unknown_definition_word(text) == word


def test_a_long_unknown_word_is_cut_and_known_or_long_questions_give_none():
    long = unknown_definition_word("c quoi " + "x" * 60)
    assert long is not None and len(long) <= 40 and long.endswith("…")
    for text in ("c'est quoi un MAPA", "c quoi le fonds vert ?",
                 "c'est quoi la meilleure facon de lancer un marche", "une définition svp", ""):
        assert unknown_definition_word(text) is None, text


# -- short follow-ups of a procurement answer (live bot, session 11) ------------------

_LEADS = ["et", "Et", "mais", "sinon", "ok et", "et,", "bon et"]
_BEFORE_AMOUNT = ["", "pour", "si c'est", "si c", "si ce", "si on met", "à", "plutôt"]
_AFTER_AMOUNT = ["", "€", "euros", "HT", "TTC", "€ TTC", "pile", "tout juste"]
_DATES = ["", "en 2028", "en février 2026", "au 1er mars 2025", "cette année", "l'an prochain", "aujourd'hui"]


def _amount_typed(value: int, style: int) -> str:
    thousands = value // 1000
    return [f"{thousands} 000", f"{thousands}000", f"{thousands}k", f"{thousands} k"][style]


@given(lead=st.sampled_from(_LEADS), before=st.sampled_from(_BEFORE_AMOUNT),
       value=st.integers(min_value=5, max_value=900).map(lambda k: k * 1000),
       style=st.integers(min_value=0, max_value=3), after=st.sampled_from(_AFTER_AMOUNT),
       date=st.sampled_from(_DATES), mark=st.sampled_from(["", " ?", "?", " ??"]))
def test_an_amount_or_a_date_after_and_is_a_bare_follow_up(lead, before, value, style, after, date, mark):
    """« et si c 20000 », « et 90 000 pile », « et 45k TTC », « et 230 000 en
    2028 », « ok et 72 000 TTC ? »: a follow-up that says nothing but its
    amount and its date, whatever the classifier heard in it."""
    from assistant.answers import is_bare_follow_up

    text = " ".join(p for p in (lead, before, _amount_typed(value, style), after, date) if p) + mark
    assert is_procurement_follow_up(text), text
    assert is_bare_follow_up(text), text


@pytest.mark.parametrize("text", [
    "et aujourd'hui ?", "et aujourd hui", "et maintenant ?", "et actuellement ?", "mais à ce jour ?",
    "et en ce moment ?", "et si on lance maintenant ?", "et cette année ?", "et l'an prochain ?",
    "et si on lance en fevrier 2026", "sinon en 2025 ?",
])
def test_today_or_a_year_after_and_is_a_bare_follow_up(text):
    """« et aujourd'hui ? » after « quels sont les seuils en 2023 ? » asks for
    today; « maintenant », « actuellement » too (``says_now``)."""
    from assistant.answers import is_bare_follow_up

    assert is_procurement_follow_up(text) and is_bare_follow_up(text), text


@pytest.mark.parametrize("text, follow_up", [
    ("et le CAUE ?", False), ("et pour la mobilité ?", False), ("ok merci", False), ("merci", False),
    ("maintenant ?", False),                            # no « et »
    ("et maintenant on fait quoi ?", False),            # the menu after the result
    ("et maintenant, qui peut nous aider ?", False),
    ("ok on arrête pour aujourd'hui", True),            # a follow-up by its words, not a bare one
    ("ok pour 45 000", True),                           # may agree: not bare
    ("d'accord pour 45 000 € HT", True),
    ("et 95 000 de travaux d isolation ?", True),       # says more than an amount
    ("et pour une commune de 800 habitants ?", False),
    ("donc au total ça fait combien ?", True),          # a question on the need just given
])
def test_what_is_no_bare_follow_up(text, follow_up):
    from assistant.answers import is_bare_follow_up

    assert is_procurement_follow_up(text) is follow_up, text
    assert not is_bare_follow_up(text), text


@pytest.mark.parametrize("text, now", [
    ("et maintenant ?", True), ("et actuellement ?", True), ("mais aujourd'hui ?", True),
    ("et si c'est maintenant ?", True), ("et à l'heure actuelle ?", True),
    ("et maintenant on fait quoi ?", False), ("maintenant on a un budget de 40 000", False),
    ("et en 2023 ?", False), ("", False),
])
def test_says_now(text, now):
    from assistant.answers import says_now

    assert says_now(text) is now, text


# -- follow-ups of a procurement answer (live test, session 12) -------------------------

from assistant.answers import (asks_rough_price, is_amount_alone, is_bare_follow_up,  # noqa: E402
                               is_procurement_follow_up)


@pytest.mark.parametrize("text", [
    "même au-dessus de 1 million ?", "meme pour 2 M€ ?", "même à 250k ?", "et même au-delà de 300 000 € ?",
])
def test_even_for_another_amount_is_a_bare_follow_up(text):
    """« même au-dessus de 1 million ? » after « pour 45 000 € faut-il mettre
    en concurrence ? » fell back: the same question for that amount."""
    assert is_procurement_follow_up(text) and is_bare_follow_up(text)


@pytest.mark.parametrize("text", [
    "même si on a 30 000 € on doit publier ?",        # says more than an amount
    "même le CAUE ?", "même approximatif ?", "même", "même 😀 ?",
])
def test_even_with_something_else_is_no_follow_up(text):
    assert not is_procurement_follow_up(text)


@pytest.mark.parametrize("text", ["et si on attend avril ?", "et si on lance en mars ?", "et début 2027 ?",
                                  "et d'ici juin ?"])
def test_a_later_launch_is_a_bare_follow_up(text):
    """Heard as start_diagnostic or restart_diagnostic, these started the
    diagnostic; « et si on attend avril ? » fell back (no date read)."""
    assert is_bare_follow_up(text)


@pytest.mark.parametrize("text, alone", [
    ("30 000 TTC", True), ("45k€ HT ?", True), ("pour 40 000 euros", True), ("c'est 45 000 € HT", True),
    ("45 000 € HT en mars", True), ("mais 30 000 €", True),
    ("30 000", False),                                 # a bare number says no amount
    ("on a 30 000 € de budget", False), ("30 000 € pour l'AMO", False),
    ("ca fait 51100 € au total", False),               # the need's total said back
    ("commune de 800 habitants 30 000 €", False), ("en 2027", False), ("/inform", False), ("", False),
    ("40 000 TTC ca passe sans pub?", False),
])
def test_an_amount_alone(text, alone):
    """``is_amount_alone``: « 30 000 TTC » alone (after « Donnez-moi un
    montant… »), with nothing else of substance; no « et » faked before it."""
    assert is_amount_alone(text) is alone


@pytest.mark.parametrize("text, rough", [
    ("en gros, une fourchette ?", True), ("a peu pres combien ?", True), ("meme approximatif ?", True),
    ("une idée du prix ?", True), ("grosso modo ?", True), ("un ordre de grandeur ?", True),
    ("environ 40 000 € ?", False), ("on est environ 800", False),        # a number
    ("combien coûte un AMO ?", False),
    ("en gros on a une commune rurale avec beaucoup de bâtiments anciens", False),   # too long
    ("/ask_price", False), ("", False),
])
def test_a_rough_figure_asked(text, rough):
    assert asks_rough_price(text) is rough


# -- a statement once the result is given (live test, session 12) ------------------------

from assistant.answers import update_after_result  # noqa: E402

_NOTED = {"internal_resources": "suffisante", "partners_status": "non_consultes", "partners_consulted": []}


@pytest.mark.parametrize("text, expected", [
    ("le cerema peut pas nous aider", ("partners_status", "consultes_insuffisant", ("cerema",))),
    ("l'ATD ne peut pas", ("partners_status", "consultes_insuffisant", ("agence_technique_departementale",))),
    ("on a vu le CAUE, ils font pas ça", ("partners_status", "consultes_insuffisant", ("caue",))),
    ("personne en interne", ("internal_resources", "aucune", ())),
    ("et l'équipe existe mais elle n'a pas du tout la compétence data", ("internal_resources", "partielle", ())),
    # nothing new, or a question, or no one in-house spoken of
    ("on a une équipe dédiée", None), ("le cerema peut nous aider ?", None),
    ("merci c'était clair, un peu long", None), ("c'est quoi le cerema", None),
])
def test_what_a_statement_after_the_result_says_anew(text, expected):
    assert update_after_result(text, _NOTED) == expected


def test_a_partner_unable_does_not_hide_another_that_could_help():
    noted = {"partners_status": "convention_disponible", "partners_consulted": ["syndicat_energie"]}
    assert update_after_result("le cerema peut pas nous aider", noted) == (
        "partners_status", "convention_disponible", ("cerema", "syndicat_energie"))


from assistant.answers import asks_for_the_diagnostic  # noqa: E402


@pytest.mark.parametrize("text, asks", [
    ("diag", True), ("diagnostic", True), ("faire le diag", True), ("je veux faire le diagnostic", True),
    ("ok diag", True),
    # restarts, and a project that is a diagnostic
    ("recommencer le diagnostic", False), ("nouveau diagnostic", False), ("refaire le diag", False),
    ("diag depuis le debut", False), ("on veut faire un diagnostic energetique", False),
])
def test_a_request_for_the_diagnostic_is_no_restart(text, asks):
    assert asks_for_the_diagnostic(text) is asks


from assistant.answers import doubts_the_need  # noqa: E402


@pytest.mark.parametrize("text, doubt", [
    ("on sait pas trop ce qu'il nous faut en fait", True), ("je sais pas de quoi on a besoin", True),
    ("je ne sais pas", False), ("je ne sais pas combien on est", False),
])
def test_a_doubt_about_the_need(text, doubt):
    assert doubts_the_need(text) is doubt


def test_a_structure_corrected_answers_nothing_ahead():
    # its « non » was « personne » for the internal resources (live test, session 12)
    unanswered = ["duration", "internal_resources", "sponsor"]
    assert answers_ahead("project", "en fait non c'est pour la com com pas la commune", unanswered) is None
    assert answers_ahead("project", "en fait on a personne en interne", unanswered) == "internal_resources"


@pytest.mark.parametrize("text, expected", [
    ("je sais pas trop, 80 000 ?", True),                          # r2-d2
    ("peut-être 45 000 € ?", True),
    ("80 000 ?", False),                                           # no doubt said
    ("je sais pas, pour 80 000 faut-il mettre en concurrence ?", False),
    ("environ 80 000, quelle procédure ?", False),
    ("je sais pas trop", False),                                   # no amount
])
def test_an_estimate_in_doubt(text, expected):
    from assistant.answers import answers_question, estimate_in_doubt

    assert estimate_in_doubt(text) is expected
    if expected:
        assert answers_question("amount", text)


from assistant.answers import is_procurement_follow_up, names_only_a_purchase  # noqa: E402


@pytest.mark.parametrize("text, expected", [
    ("et pour des travaux ?", True), ("et pour un marché de travaux ?", True), ("et si c des travaux ?", True),
    ("et les travaux, l'AMO doit être indépendant ?", False), ("pour des travaux ?", False),
    ("et pour le chantier ?", False), ("et pour une AMO ?", False), ("", False),
])
def test_a_follow_up_that_only_names_works(text, expected):
    """r2-c1: « et pour des travaux ? » after « c koi le seuil de dispense ? »."""
    assert names_only_a_purchase(text) is expected
    if expected:
        assert is_procurement_follow_up(text)


from assistant.answers import refers_to_earlier_dates  # noqa: E402


@pytest.mark.parametrize("text, expected", [
    ("et pour 50 000 € à ces deux dates ?", True), ("et 45 000 aux deux dates ?", True),
    ("et pour ces dates ?", True), ("pour les 2 dates ?", True),
    ("et pour 50 000 € ?", False), ("quelles dates ?", False), ("", False),
])
def test_a_question_at_the_dates_said_before(text, expected):
    assert refers_to_earlier_dates(text) is expected


from assistant.answers import DURATION_ASKED, need_follow_up, years_asked  # noqa: E402


@pytest.mark.parametrize("text, years", [
    ("et si on fait que 1 an ?", 1), ("et seulement sur 2 ans ?", 2), ("et 1 an seulement ?", 1),
    ("et si on ne fait qu'un an ?", 1),
])
def test_a_shorter_duration_asked_after_the_need(text, years):
    assert need_follow_up(text) == DURATION_ASKED and years_asked(text) == years
    assert is_procurement_follow_up(text)


@pytest.mark.parametrize("text", ["on le fait que sur 1 an", "une mission de 3 ans", "et pour 2 ans de plus ?"])
def test_no_shorter_duration_asked(text):
    assert need_follow_up(text) != DURATION_ASKED


from assistant.answers import comes_back  # noqa: E402


@pytest.mark.parametrize("text", [
    # live test: « c bon je reviens » was heard as a new pause, « je suis de retour » not understood
    "c bon je reviens", "je suis de retour", "me revoilà", "c'est bon on peut reprendre", "on reprend",
    "on peut reprendre", "on peut reprendre ?", "c'est reparti", "je reviens", "Je suis de retour !",
    "re, me voilà de retour", "rebonjour, je suis là", "ok on peut continuer", "fin de la pause",
    "c est bon, on continue", "bon ben je reviens", "on reprend le diagnostic", "je suis revenue",
    # without accents, with typos
    "me revoila", "me revoilaaa", "je revien", "je suis de retours", "on reprent", "c repartit",
    "chui de retour", "cest bon je reviens",
])
def test_a_return_after_a_pause(text):
    assert comes_back(text)


@pytest.mark.parametrize("text", [
    # pauses
    "je reviendrai", "je reviens plus tard", "je reviens dans 5 min", "je reviens demain",
    "je vais chercher le dossier et je reviens", "minute, je reviens", "pause, je reviens",
    "je reviens vers vous", "je dois partir je reviens après",
    # a question, a correction, a restart, a goodbye
    "on peut reprendre le bureau d'études de 2024 sans mise en concurrence ?",
    "je reviens sur ma réponse", "c'est reparti de zéro", "on reprend tout depuis le début", "au revoir",
    # no return in them
    "c'est bon", "bonjour", "retour", "pause", "on est une commune", "", "/start_diagnostic",
])
def test_no_return_after_a_pause(text):
    assert not comes_back(text)


# -- « non mais c'était en mars 2026 » (live test, session 15) ---------------------------

from assistant.answers import is_bare_follow_up as _bare, is_procurement_follow_up as _follow_up  # noqa: E402


@pytest.mark.parametrize("text", ["non mais c'était en mars 2026, pas aujourd'hui", "non, c'était en mars 2026",
                                  "non plutôt en 2027"])
def test_a_date_corrected_with_non_is_a_follow_up(text):
    assert _follow_up(text) and _bare(text)


@pytest.mark.parametrize("text", ["non", "non merci", "non, on verra en 2027", "non pas 2027", "non pas du tout"])
def test_a_plain_no_is_no_follow_up(text):
    assert not _bare(text)


from assistant.answers import declines_to_go_on  # noqa: E402


@pytest.mark.parametrize("text, declines", [
    ("non merci c'est bon j'ai ce qu'il faut", True), ("merci ça ira", True), ("c'est bon j'ai ma réponse", True),
    ("non merci, pas besoin", True), ("Merci beaucoup, j'ai tout ce qu'il me faut", True),
    # an answer that says more is an answer
    ("on a ce qu'il faut en interne", False), ("une équipe, on a tout ce qu'il faut", False),
    ("oui c'est bon une commune", False), ("non", False), ("", False), ("merci", False),
])
def test_declining_to_go_on(text, declines):
    assert declines_to_go_on(text) is declines


from assistant.answers import drops_the_diagnostic  # noqa: E402


@pytest.mark.parametrize("text", [
    "non je ne veux pas de diagnostic. Quel est le seuil pour un marché de services ?",
    "laissez tomber le questionnaire, c'est quoi un AMO ?", "jveux pas faire le diag, c quoi un moe",
    "j'ai pas le temps pour le questionnaire, juste dites moi le seuil", "sans diagnostic svp : faut-il un AMO ?",
    "arrêtez les questions, combien coûte un AMO", "stop questionnaire. seuil mapa ?",
    "on a pas besoin de diagnostic on veut juste savoir le seuil", "pas de diagnostic du tout, je veux le seuil",
    "je ne veux pas répondre à toutes ces questions, dites moi juste s'il faut un amo",
])
def test_dropping_the_diagnostic(text):
    assert drops_the_diagnostic(text)


@pytest.mark.parametrize("text", [
    # the project's diagnostics, other questions, answers: not this diagnostic
    "on n'a pas de diagnostic énergétique", "on a pas fait de diagnostic énergétique des bâtiments",
    "pas de diagnostic des bâtiments encore", "on veut pas de diagnostic thermique",
    "sans diagnostic préalable on ne peut rien faire", "on ne peut rien faire sans diagnostic",
    "je ne veux pas d'AMO", "on a pas de questions", "pas de questions sur le budget svp", "je n'ai pas de question",
    "je ne sais pas", "", "diagnostic",
])
def test_what_does_not_drop_the_diagnostic(text):
    assert not drops_the_diagnostic(text)


@pytest.mark.parametrize("text, kind, ids", [
    # (live test, session 17: « Je n'ai pas de définition » for each)
    ("ça veut dire quoi ponctuel ou durable exactement ?", "duration", ("ponctuel", "durable")),
    ("capacité ou expertise c'est quoi", "need_kind", ("capacite", "expertise")),
    ("c'est quoi un JAL ?", "term", ("jal",)), ("c quoi le BOAMP", "term", ("boamp",)),
    ("c'est quoi un appel d'offre", "term", ("appel_offres",)), ("c'est quoi le JOUE ?", "term", ("joue",)),
])
def test_the_words_of_the_answers_have_a_definition(text, kind, ids):
    asked = definition_question(text)
    assert asked is not None and asked.kind == kind and (asked.id, *asked.also) == ids


@pytest.mark.parametrize("text, asked", [
    # mid-diagnostic, « au fait » at the end made it no definition question,
    # and the project question was asked again (live test, session 18)
    ("c'est quoi un EPCI au fait ?", ("partner", "epci")),
    ("c'est quoi le CAUE d'ailleurs ?", ("partner", "caue")),
])
def test_a_definition_question_ending_on_au_fait(text, asked):
    from assistant.answers import definition_question

    found = definition_question(text)
    assert (found.kind, found.id) == asked


@pytest.mark.parametrize("text, asked", [
    ("JOUE ?", ("term", "joue")), ("CAUE ?", ("partner", "caue")), ("le CEP ?", ("programme", "cep")),
    ("ponctuel ?", None), ("commune ?", None), ("JOUE", None),
])
def test_a_name_alone_asked_is_a_definition_question(text, asked):
    """« JOUE ? » got the help menu (live test, session 18)."""
    from assistant.answers import definition_question

    found = definition_question(text)
    assert ((found.kind, found.id) if found else None) == asked


# -- answers heard as a request to resume (live test, session 20) ----------------------

_ASKED_SLOTS = ("structure_type", "project", "theme", "need_kinds", "duration", "internal_resources",
                "partners_status", "sponsor", "amount")


@pytest.mark.parametrize("text", [
    "ok on reprend", "on reprend", "reprenons le diagnostic", "on continue", "continuer", "allez go",
    "c parti", "diag", "on reprend le questionnaire", "je suis de retour, on continue ?",
    "reprendre le diagnostic la ou on en etait", "je sais pas, on reprend", "on recommence",
])
def test_resuming_answers_no_question(text):
    from assistant.answers import answers_besides_resuming

    assert [s for s in _ASKED_SLOTS if answers_besides_resuming(s, text)] == []


@pytest.mark.parametrize("slot, text", [
    ("need_kinds", "un regard exterieur sur le projet, on sait pas trop par ou commencer"),
    ("duration", "ok on y va, c ponctuel"),
    ("internal_resources", "on reprend : la secretaire a mi temps"),
    ("amount", "on reprend, 40000 euros"),
    ("partners_status", "on reprend, on a vu le CAUE"),
])
def test_an_answer_with_words_of_resuming_answers(slot, text):
    from assistant.answers import answers_besides_resuming

    assert answers_besides_resuming(slot, text)


@pytest.mark.parametrize("text, expected", [
    # live test, session 24: « et pour les services ? » after the works'
    # threshold got the partners
    ("et pour les services ?", True),
    ("et pour les fournitures ?", True),
    ("et pour une prestation intellectuelle ?", True),
    ("et pour des travaux ?", True),
    ("et le service technique ?", False),
])
def test_another_purchase_is_a_follow_up(text, expected):
    from assistant.answers import is_procurement_follow_up
    assert is_procurement_follow_up(text) is expected


@pytest.mark.parametrize("text, expected", [
    # live test, session 25: noted « un agent, en partie »
    ("on hésite entre recruter des économes de flux ou passer par un AMO", True),
    ("on se demande si on prend un cabinet", True),
    ("on a un agent à mi-temps", False),
])
def test_a_choice_weighed_is_no_answer_ahead(text, expected):
    from assistant.answers import answers_ahead, weighs_a_choice
    assert weighs_a_choice(text) is expected
    if expected:
        assert answers_ahead("population", text, ["internal_resources", "partners_status", "sponsor"]) is None


@pytest.mark.parametrize("text, expected", [
    ("merci, on a 4 agents déjà", True), ("merci, 900 habitants", True),     # live test, session 25
    ("merci beaucoup", False), ("merci c'est super", False), ("ok merci pour la réponse", False),
    ("merci bcp !", False), ("", False),
])
def test_thanks_that_say_more(text, expected):
    from assistant.answers import says_more_than_thanks
    assert says_more_than_thanks(text) is expected


def test_the_statement_before_a_dictated_question_is_a_statement():
    from assistant.answers import statement_spans

    text = ("bonjour je suis le maire de saint-jean 600 habitants on veut refaire la toiture de l eglise et "
            "mettre des panneaux est ce qu il faut un amo et combien ca coute")
    assert [text[a:b] for a, b in statement_spans(text)] == [
        "bonjour je suis le maire de saint-jean 600 habitants on veut refaire la toiture de l eglise et mettre "
        "des panneaux"]


@pytest.mark.parametrize("text, expected", [
    # live test, session 27: « C'est déjà noté : commune » at the domain's question
    ("personne on est 2 a la mairie", "internal_resources"),
    ("personne, on est deux", "internal_resources"),
    ("personne, je suis seule", "internal_resources"),
    # « Je n'ai pas reconnu le domaine »: the département's service is a partner's
    ("le departement a un service qui aide je crois mais on a pas demandé", "partners_status"),
    ("personne", None),
])
def test_nobody_then_the_staff_or_a_partner_ahead(text, expected):
    assert answers_ahead("theme", text, list(AHEAD_SLOTS)) == expected


@pytest.mark.parametrize("text, expected", [
    # live test, session 27: noted « besoin ponctuel (une étude, quelques mois) »
    ("et le SDE nous a dit qu'il pouvait faire l'étude d'opportunité", "partners_status"),
    ("le SDE peut faire une étude de 3 mois", None),      # both said: not clear enough
    ("une étude ponctuelle", "duration"),
])
def test_a_study_a_partner_offers_is_no_length(text, expected):
    assert answers_ahead("need_kinds", text, list(AHEAD_SLOTS)) == expected


@pytest.mark.parametrize("text, term", [
    ("c'est quoi un CCTP", "cctp"), ("c quoi le ccap ?", "ccap"),
    ("c'est quoi le cahier des clauses techniques particulières ?", "cctp"),
    ("et le CCAP ?", "ccap"),          # after the CCTP's definition it got the DCE's content
])
def test_the_particular_documents_are_defined(text, term):
    """Live test, session 27: « c'est quoi un CCTP » had no definition."""
    asked = definition_question(text)
    assert asked is not None and (asked.kind, asked.id) == ("term", term)
