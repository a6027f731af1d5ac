"""Procurement answers (``actions.procurement``): thresholds, routes of an
amount, the value of a need, computed at the date of the question or at the
date asked."""
import datetime as dt

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from actions.faq import ActionAnswerQuestion
from tests.actions.conftest import ask
from tests.actions.question_helpers import NBSP, NNBSP, after_message, plain


def flat(text: str) -> str:
    return text.replace(NBSP, " ").replace(NNBSP, " ")


@pytest.mark.parametrize(
    "day, amount_text, expected",
    [
        (dt.date(2026, 11, 22), "45 000 €", "sous le seuil de dispense de 60"),
        (dt.date(2026, 3, 15), "45 000 €", "MAPA"),
        (dt.date(2026, 11, 22), "120k€", "BOAMP"),
        (dt.date(2026, 11, 22), "300 000 €", "formalisée"),
    ],
)
def test_procurement_with_an_amount_is_computed_at_the_date_of_the_question(
    tracker_for, run, on, day, amount_text, expected
):
    on(day)
    text = f"pour {amount_text} faut-il mettre en concurrence ?"
    result = ask(tracker_for, run, text, "ask_procurement",
                 entities=[{"entity": "amount", "value": amount_text}])
    assert expected in result.text
    assert "Source" in result.texts[-1]


def test_procurement_at_a_past_date(tracker_for, run, on):
    on(dt.date(2026, 11, 22))
    text = "pour 45 000 € au 15 mars 2026, quelle procédure ?"
    result = ask(tracker_for, run, text, "ask_procurement",
                 entities=[{"entity": "amount", "value": "45 000 €"}])
    assert "MAPA" in result.texts[0] and "40" + NNBSP + "000" in result.texts[0]


def test_procurement_for_the_state_uses_its_eu_threshold(tracker_for, run, on):
    on(dt.date(2026, 11, 22))
    result = ask(tracker_for, run, "pour 150 000 € ?", "ask_procurement",
                 entities=[{"entity": "amount", "value": "150 000 €"}],
                 slots={"structure_type": "etat"})
    assert "formalisée" in result.text


def test_thresholds_without_amount(tracker_for, run, on):
    on(dt.date(2026, 11, 22))
    result = ask(tracker_for, run, "quels sont les seuils", "ask_procurement")
    assert "60" + NNBSP + "000" in result.text and "216" + NNBSP + "000" in result.text
    assert "montant" in result.texts[-1]


def test_thresholds_of_a_past_year_list_its_changes(tracker_for, run, on):
    on(dt.date(2026, 11, 22))
    result = ask(tracker_for, run, "c'etait quoi les seuils en 2026", "ask_procurement")
    assert "1er avril 2026" in result.text


@pytest.mark.parametrize("text, year", [("c'est quoi les seuils en 2026", True),
                                        ("quels sont les seuils en novembre 2026 ?", False)])
def test_thresholds_of_the_current_year_are_those_in_force_today(tracker_for, run, on, text, year):
    """Asked in November 2026, « en 2026 » is now: the dispense threshold is
    60 000 € HT, not the 40 000 € HT of 1 January (live test, session 21).
    The year's changes still follow."""
    on(dt.date(2026, 11, 24))
    result = ask(tracker_for, run, text, "ask_procurement")
    first = flat(result.texts[0])
    assert "60 000 € HT" in first and "40 000 € HT" not in first
    assert "le 24 novembre 2026" in first
    assert ("Ce qui a changé en 2026" in plain(result)) is year


def test_thresholds_of_the_current_year_asked_early_in_it(tracker_for, run, on):
    """The same question asked in February 2026: the threshold in force
    then (40 000 € HT), and the change of 1 April among the year's changes."""
    on(dt.date(2026, 2, 10))
    result = ask(tracker_for, run, "les seuils en 2026 ?", "ask_procurement")
    first = flat(result.texts[0])
    assert "40 000 € HT" in first and "le 10 février 2026" in first
    assert "1er avril 2026" in plain(result)


def test_thresholds_of_a_past_year_are_read_at_its_first_day(tracker_for, run, on):
    on(dt.date(2027, 6, 1))
    result = ask(tracker_for, run, "quels étaient les seuils en 2026 ?", "ask_procurement")
    first = flat(result.texts[0])
    assert "en 2026" in first and "40 000 € HT" in first
    assert "1er avril 2026" in plain(result)


@pytest.mark.parametrize("text", ["le seuil des mapa c'est combien en 2026",
                                  "jusqu'a combien on peut faire une procedure adaptee ?"])
def test_the_mapa_thresholds_are_its_bounds(tracker_for, run, on, text):
    """« le seuil des mapa » got the whole list (live test, session 21): the
    thresholds that bound the MAPA, its publicity included, today's."""
    on(dt.date(2026, 11, 24))
    result = ask(tracker_for, run, text, "ask_procurement")
    first = flat(result.texts[0])
    assert [line[2:].split(" : ")[0] for line in first.splitlines()] == ["60 000 € HT", "90 000 € HT", "216 000 € HT"]
    assert "R2122-8" in first and "R2131-12" in first and "procédure formalisée" in first


def test_one_threshold_asked_in_the_current_year_is_today_s(tracker_for, run, on):
    on(dt.date(2026, 11, 24))
    result = ask(tracker_for, run, "c'est combien le seuil de dispense en 2026 ?", "ask_procurement")
    first = flat(result.texts[0])
    assert "60 000 € HT" in first and not first.startswith("En 2026, 40")


def test_absurd_amount_in_a_question_is_refused(tracker_for, run):
    result = ask(tracker_for, run, "pour -5 € ?", "ask_procurement",
                 entities=[{"entity": "amount", "value": "-5 €"}])
    assert "HT" in result.text and "dispense" not in result.text


def test_a_follow_up_changes_the_date_and_keeps_the_amount(tracker_for, run, on):
    """« pour 45 000 €… ? » then « et au 15 mars 2026 ? »: the same amount,
    at the new date (MAPA under the former 40 000 € threshold)."""
    on(dt.date(2026, 11, 22))
    tracker = after_message(tracker_for(text="et au 15 mars 2026 ?", intent="ask_procurement"),
                     "pour 45 000 € faut-il mettre en concurrence ?", "ask_procurement",
                     [{"entity": "amount", "value": "45 000 €"}])
    result = run(ActionAnswerQuestion(), tracker)
    assert "MAPA" in result.texts[0] and "45" + NNBSP + "000" in result.texts[0]
    assert "40" + NNBSP + "000" in result.texts[0]


def test_a_procurement_question_without_amount_takes_the_one_just_said(tracker_for, run, on):
    """« on a un devis de 12000 euros pour refaire le site de la mairie, est ce
    qu on a besoin d un amo ? » then « ok mais on prend le devis direct ou faut
    en demander d autres » got the whole thresholds table (final retest S-H8):
    the 12 000 € of the message just before is routed, and said to be taken
    from it. Without an amount there, the table is still given."""
    on(dt.date(2026, 11, 22))
    follow = "ok mais on prend le devis direct ou faut en demander d autres"
    earlier = "bonjour on a un devis de 12000 euros pour refaire le site de la mairie, est ce qu on a besoin d un amo ?"
    result = run(ActionAnswerQuestion(), after_message(tracker_for(text=follow, intent="ask_procurement"),
                                                earlier, "ask_amo_mandatory"))
    assert result.texts[0].startswith("Je reprends le montant de votre message précédent")
    assert "12" + NNBSP + "000" in result.texts[1] and "Seuils en vigueur" not in result.text
    # « 12000 euros » says neither HT nor TTC: said to be read as HT (final retest S-H8)
    assert plain(result).count("montant lu hors taxes") == 1
    assert "Pour 12 000 € HT (montant lu hors taxes ; s'il est TTC, divisez-le par 1,2 : 10 000 € HT), " \
           "vous êtes sous le seuil de dispense" in plain(result)
    table = run(ActionAnswerQuestion(), after_message(tracker_for(text=follow, intent="ask_procurement"),
                                               "bonjour, une question", "greet"))
    assert "Seuils en vigueur" in table.text and "message précédent" not in table.text


def test_a_follow_up_changes_the_amount_and_keeps_the_date(tracker_for, run, on):
    on(dt.date(2026, 11, 22))
    tracker = after_message(tracker_for(text="et pour 45 000 € ?", intent="ask_procurement",
                                 entities=[{"entity": "amount", "value": "45 000 €"}]),
                     "pour 20 000 € au 15 mars 2026 ?", "ask_procurement",
                     [{"entity": "amount", "value": "20 000 €"}])
    result = run(ActionAnswerQuestion(), tracker)
    assert "MAPA" in result.texts[0] and "45" + NNBSP + "000" in result.texts[0]


def test_a_follow_up_of_lots_added_up_keeps_their_total(tracker_for, run, on):
    """« deux lots, chacun à 35 000 € HT, pour rester sous le seuil ? » (its
    total routed) then « et en novembre 2025 ? » got the whole table of that
    month: the total, 70 000 € HT, is routed at that date (a MAPA then too)."""
    on(dt.date(2026, 11, 22))
    tracker = after_message(tracker_for(text="et en novembre 2025 ?", intent="ask_procurement"),
                     "on pensait faire deux lots, chacun à 35 000 € HT, pour rester sous le seuil ?",
                     "ask_splitting", [{"entity": "amount", "value": "35 000 € HT"}])
    result = run(ActionAnswerQuestion(), tracker)
    assert "Pour 70" + NNBSP + "000" in result.text and "MAPA" in result.text, result.texts
    assert "novembre 2025" in result.text and "Seuils en vigueur" not in result.text


def test_without_a_follow_up_nothing_is_carried_over(tracker_for, run, on):
    """A new full question, or an earlier question that was not about
    procurement, starts afresh: today's thresholds, no amount of before."""
    on(dt.date(2026, 11, 22))
    tracker = after_message(tracker_for(text="quels sont les seuils ?", intent="ask_procurement"),
                     "pour 45 000 € au 15 mars 2026 ?", "ask_procurement",
                     [{"entity": "amount", "value": "45 000 €"}])
    assert "45" + NNBSP + "000" not in run(ActionAnswerQuestion(), tracker).text
    tracker = after_message(tracker_for(text="et en 2024 ?", intent="ask_procurement"),
                     "pour 45 000 € c'est quoi un AMO ?", "ask_definition",
                     [{"entity": "amount", "value": "45 000 €"}])
    assert "45" + NNBSP + "000" not in run(ActionAnswerQuestion(), tracker).text


# --------------------------------------------------------------------------- works

def test_works_get_the_works_thresholds(tracker_for, run, on):
    """Secrétaire H1: « pour des travaux de 70000 euros ht on doit mettre en
    concurrence ? » got the services' MAPA (above 60 000 €); works are under
    their own dispense threshold, 100 000 € HT since 01/01/2026."""
    on(dt.date(2026, 11, 22))
    for text, entity in [("pour des travaux de 70000 euros ht on doit mettre en concurrence ?", "70000 euros ht"),
                         ("on a 95000 de travaux pour les led on doit faire une pub ?", "95000")]:
        result = ask(tracker_for, run, text, "ask_procurement",
                     entities=[{"entity": "amount", "value": entity}])
        first = result.texts[0]
        assert "seuils des travaux" in first and "100" + NNBSP + "000" in first, first
        assert "sans publicité ni mise en concurrence" in first
        assert "MAPA" not in result.text and "BOAMP" not in result.text
        assert "2025-1386" in result.texts[-1]


def test_an_amo_mission_and_works_route_the_mission(tracker_for, run, on):
    """Maire H1c: « AMO 20 000, travaux 180 000 »: the AMO mission is a
    service, its 20 000 € decide its procedure; the works are a separate
    purchase, said in one sentence with their own route."""
    on(dt.date(2026, 11, 22))
    text = "pour l'AMO je pensais 20 000 HT mais les travaux c'est 180 000, quelle procédure ?"
    result = ask(tracker_for, run, text, "ask_procurement",
                 entities=[{"entity": "amount", "value": "20 000 HT"}, {"entity": "amount", "value": "180 000"}])
    assert "Pour 20" + NNBSP + "000" in result.texts[0] and "dispense de 60" in result.texts[0]
    works = [t for t in result.texts if "achat distinct" in t]
    assert len(works) == 1 and "180" + NNBSP + "000" in works[0] and "BOAMP" in works[0]
    assert "Je retiens le dernier montant" not in result.text


def test_works_without_an_amount_list_the_works_thresholds(tracker_for, run, on):
    on(dt.date(2026, 11, 22))
    result = ask(tracker_for, run, "et pour des travaux ?", "ask_procurement",
                 slots={"amount": 45000.0})
    assert "100" + NNBSP + "000" in result.text and "seuils des travaux" in result.text
    assert "Je reprends le montant" not in result.text      # the diagnostic's amount is the mission's


# --------------------------------------------------------------------------- past dates

def test_thresholds_of_2023_are_answered(tracker_for, run, on):
    """DGS M1b: after « Les seuils d'achat », « et en 2023 ? » and « si la
    consultation avait été lancée en 2023 pour 45 000 € HT, il fallait mettre
    en concurrence ? » got « no data » though the dispense of 2023 (40 000 €)
    is in the data; only the EU threshold of 2023 is not."""
    on(dt.date(2026, 11, 22))
    result = ask(tracker_for, run, "et en 2023 ?", "ask_procurement")
    assert "40" + NNBSP + "000" in result.texts[0] and "90" + NNBSP + "000" in result.texts[0]
    assert any("seuil européen" in t and "pas de données" in t for t in result.texts)
    text = "je veux dire : si la consultation avait été lancée en 2023 pour 45 000 € HT, il fallait mettre en concurrence ?"
    result = ask(tracker_for, run, text, "ask_procurement",
                 entities=[{"entity": "amount", "value": "45 000 € HT"}])
    assert "MAPA" in result.texts[0] and "40" + NNBSP + "000" in result.texts[0]
    assert "pas de données" not in result.text


@pytest.mark.parametrize("text", ["dans 2 ans les seuils seront les mêmes ?", "et en 2028 ?",
                                  "les seuils au 1er juin 2028 ?"])
def test_thresholds_after_the_data_say_todays_without_a_forecast(tracker_for, run, on, text):
    """« dans 2 ans les seuils seront les mêmes ? » got today's list (« dans 2
    ans » was not read), « et en 2028 ? » « pas de données fiables » alone
    (live test, session 17): no data for that date, then today's thresholds,
    each with its end when one is fixed, said not to be a forecast."""
    on(dt.date(2026, 11, 24))
    result = ask(tracker_for, run, text, "ask_procurement")
    words = plain(result)
    assert result.texts[0].startswith("Je n'ai pas de données fiables sur les seuils applicables")
    assert "2028" in result.texts[0]
    assert "en vigueur aujourd'hui, le 24 novembre 2026, sans savoir s'ils vaudront encore" in words
    assert "60 000 € HT" in words and "216 000 € HT" in words
    assert "jusqu'au 31 décembre 2027" in words
    assert "Seuils en vigueur" not in words


def test_thresholds_of_a_past_date_without_data_list_nothing_of_today(tracker_for, run, on):
    on(dt.date(2026, 11, 24))
    result = ask(tracker_for, run, "et les seuils en 2019 ?", "ask_procurement")
    words = plain(result)
    assert "pas de données fiables sur les seuils applicables en 2019" in words
    assert "aujourd'hui" not in words and "60 000" not in words


@pytest.mark.parametrize("text, parts, total", [
    ("bilan carbone 25 000 et site internet 40 000 c 2 marchés séparés ?", ["25 000", "40 000"], "65 000"),
    ("diagnostic energie 20 000 et refonte site web 45 000, je dois les additionner ?",
     ["20 000", "45 000"], "65 000"),
])
def test_needs_of_different_natures_are_estimated_apart(tracker_for, run, on, text, parts, total):
    """They got the splitting rule alone (« C'est interdit… additionnez-les »),
    against the answer's own condition (R2121-6: needs of a different nature
    are estimated apart; live test, session 18): each its route, then the
    total if they were one need."""
    on(dt.date(2026, 11, 24))
    result = ask(tracker_for, run, text, "ask_splitting")
    words = plain(result)
    assert result.texts[0].startswith("Des besoins de nature différente s'estiment chacun séparément")
    assert "interdit" not in words
    for part in parts:
        assert f"Pour {part} € HT, vous êtes sous le seuil de dispense de 60 000 € HT" in words
    assert f"= {total} € HT. Pour {total} € HT, il faut un marché à procédure adaptée" in words


def test_parts_said_to_be_one_need_add_up_first(tracker_for, run, on):
    on(dt.date(2026, 11, 24))
    result = ask(tracker_for, run, "etude 35 000 puis accompagnement 30 000 meme projet", "ask_splitting")
    words = plain(result)
    assert result.texts[0].startswith("Si ces prestations sont homogènes ou forment une même unité fonctionnelle")
    assert "35 000 € + 30 000 € = 65 000 € HT. Pour 65 000 € HT, il faut un marché à procédure adaptée" in words


@pytest.mark.parametrize("text, intent, said", [
    ("amo a 70k", "ask_amo_mandatory", "Pour 70 000 € HT"),
    ("amo a 999999999999999 euros", "ask_amo_mandatory", "il y a peut-être un zéro de trop"),
    ("une amo a 70k", "ask_independence", "il faut un marché à procédure adaptée (MAPA)"),
])
def test_an_amount_for_the_mission_alone_is_a_question_on_its_procedure(tracker_for, run, on, text, intent,
                                                                        said):
    """« amo a 999999999999999 euros » got « Non. Aucun texte n'oblige une
    collectivité à recourir à un AMO » (live test, session 18)."""
    on(dt.date(2026, 11, 24))
    result = ask(tracker_for, run, text, intent)
    assert said in plain(result) and "Aucun texte n'oblige" not in result.text


def test_an_amount_and_a_date_alone_heard_as_information_get_their_route(tracker_for, run, on):
    """« 39 999 HT en fevrier 2026 ? » started the diagnostic and lost its date
    (live test, session 18)."""
    from actions.diagnostic import ActionStartDiagnostic

    on(dt.date(2026, 11, 24))
    result = run(ActionStartDiagnostic(), tracker_for(text="39 999 HT en fevrier 2026 ?", intent="inform"))
    words = plain(result)
    assert words.startswith("Pour 39 999 € HT, vous êtes sous le seuil de dispense de 40 000 € HT")
    assert "en février 2026" in words and "Faisons le point" not in words


@pytest.mark.parametrize("text, intent", [
    ("appel d'offres obligatoire a partir de combien pour une commune", "ask_definition"),
    ("à partir de quel montant faut-il un appel d'offres ?", "ask_procurement"),
])
def test_from_which_amount_a_call_for_tenders_is_required(tracker_for, run, on, text, intent):
    """The first got the definition of the appel d'offres, no amount (live
    test, session 18)."""
    on(dt.date(2026, 11, 24))
    words = plain(ask(tracker_for, run, text, intent))
    assert words.startswith("216 000 € HT : à partir de ce montant, une collectivité suit une procédure formalisée")


@pytest.mark.parametrize("text, end", [
    ("le seuil de 60 000 est valable jusqu'a quand", "Aucune date de fin n'est fixée à ce jour"),
    ("le seuil de 216 000 c'est jusqu'a quand ?", "Ce seuil vaut jusqu'au 31 décembre 2027."),
])
def test_until_when_a_threshold_holds(tracker_for, run, on, text, end):
    """« le seuil de 60 000 est valable jusqu'a quand » got the threshold and
    no end (live test, session 18)."""
    on(dt.date(2026, 11, 24))
    first = plain(ask(tracker_for, run, text, "ask_procurement")).split("\n")
    assert first[1].startswith(end), first[:3]


# --------------------------------------------------------------------------- value of the need

@pytest.mark.parametrize("text, entities, total, route", [
    # Maire H1a: answered « Pour 4 200 € HT, vous êtes sous le seuil de dispense »
    ("un cabinet me propose une AMO a 38500 euros HT + une option suivi de production 3 ans a 4200 HT "
     "par an. ils disent que je peux signer direct sans mise en concurrence car c'est sous le seuil. "
     "c'est vrai ?", ["38500 euros HT", "4200 HT"], "51" + NNBSP + "100", "sous le seuil de dispense de 60"),
    # DGS H1: answered « Pour 30 000 € HT, vous êtes sous le seuil de dispense »
    ("Quelle procédure pour une mission d'AMO de 70 000 € HT avec une tranche optionnelle de 30 000 € HT ?",
     ["70 000 € HT", "30 000 € HT"], "100" + NNBSP + "000", "BOAMP"),
])
def test_the_procedure_is_that_of_the_whole_need_options_included(
        tracker_for, run, on, text, entities, total, route):
    on(dt.date(2026, 11, 22))
    result = ask(tracker_for, run, text, "ask_procurement",
                 entities=[{"entity": "amount", "value": e} for e in entities])
    assert result.texts[0].startswith("Valeur du besoin") and "options comprises" in result.texts[0]
    assert f"Pour {total}" in result.texts[1] and route in result.texts[1]
    if total.startswith("51"):
        assert "contrat écrit est obligatoire" in result.text


def test_a_follow_up_keeps_the_works(tracker_for, run, on):
    """« pour des travaux de 70 000 €… ? » then « et pour 95 000 € ? »: still
    works, under their 100 000 € dispense."""
    on(dt.date(2026, 11, 22))
    tracker = after_message(tracker_for(text="et pour 95 000 € ?", intent="ask_procurement",
                                 entities=[{"entity": "amount", "value": "95 000 €"}]),
                     "pour des travaux de 70 000 € faut-il mettre en concurrence ?", "ask_procurement",
                     [{"entity": "amount", "value": "70 000 €"}])
    result = run(ActionAnswerQuestion(), tracker)
    assert "seuils des travaux" in result.texts[0] and "Pour 95" + NNBSP + "000" in result.texts[0]
    assert "dispense de 100" in result.texts[0]


def test_an_option_said_after_a_procurement_answer_is_added_to_its_amount(tracker_for, run, on):
    """Retest M-H1: « mission AMO 38 500 € HT, … sans mise en concurrence ? »
    then « en fait il y a une option en plus de 12600 sur 3 ans » started a
    diagnostic with a budget of 12 600 €. The option is part of the need:
    38 500 + 12 600 = 51 100 € HT, under the dispense, written contract."""
    on(dt.date(2026, 11, 22))
    text = "en fait il y a une option en plus de 12600 sur 3 ans"
    tracker = after_message(tracker_for(text=text, intent="ask_procurement",
                                 entities=[{"entity": "amount", "value": "12600"}]),
                     "mission AMO 38 500 € HT, est ce que je peux la passer sans mise en concurrence ?",
                     "ask_procurement", [{"entity": "amount", "value": "38 500 € HT"}])
    result = run(ActionAnswerQuestion(), tracker)
    assert "38" + NNBSP + "500 + 12" + NNBSP + "600 = 51" + NNBSP + "100" in result.texts[0]
    assert "Pour 51" + NNBSP + "100" in result.texts[1] and "contrat écrit est obligatoire" in result.text


def test_an_option_said_after_the_result_updates_the_diagnostics_budget(tracker_for, run, on):
    on(dt.date(2026, 11, 22))
    result = ask(tracker_for, run, "il y a une option en plus de 12600", "ask_procurement",
                 entities=[{"entity": "amount", "value": "12600"}],
                 slots={"amount": 38500.0, "diagnostic_done": True})
    assert result.slots == {"amount": 51100.0}
    assert "51" + NNBSP + "100" in result.texts[0]


def test_an_outdated_threshold_is_corrected_with_its_dates_then_the_obligations(tracker_for, run, on):
    """fresh M8: « on m'a dit que sous 40 000 on peut signer direct, c
    toujours vrai ? » got « Pour 40 000 € HT, vous êtes sous le seuil de
    dispense de 60 000 € HT… », as if 40 000 € were the amount of a purchase."""
    on(dt.date(2026, 11, 22))
    result = ask(tracker_for, run, "on m'a dit que sous 40 000 on peut signer direct, c toujours vrai ?",
                 "ask_procurement", entities=[{"entity": "amount", "value": "40 000"}])
    words = plain(result)
    assert result.texts[0].startswith("Oui, et même au-delà")
    assert "était de 40 000 € HT jusqu'au 31 mars 2026" in words
    assert "60 000 € HT pour les consultations lancées depuis le 1er avril 2026" in words
    assert "choisir une offre pertinente" in words and "contrat écrit" in words and "devis" in words
    assert "Décret n° 2025-1386" in result.texts[-1] and "Pour 40 000" not in words
    assert len(result.texts) <= 4 and all(len(t) <= 600 for t in result.texts)


@pytest.mark.parametrize("text, first, then", [
    ("90 000 c'est le seuil ?", "Oui : le seuil de l'avis au BOAMP ou dans un JAL est de 90 000 € HT",
     "Sous 90 000 € HT, la publicité"),
    ("sous 25 000 on peut signer sans devis ?", "Oui, et même au-delà : le seuil de dispense",
     "plusieurs devis"),
    ("sous 90 000 on peut signer direct ?", "Non : le seuil de dispense de publicité et de mise en "
     "concurrence (services) est de 60 000 € HT", "Pour 90 000 € HT, il faut un marché à procédure adaptée"),
    ("35 000 c'est le seuil ?", "Non : 35 000 € HT ne fait pas partie des seuils que je connais",
     "Pour 35 000 € HT, vous êtes sous le seuil de dispense de 60 000 € HT"),
])
def test_a_threshold_value_is_confirmed_or_corrected_against_the_thresholds_of_today(
        tracker_for, run, on, text, first, then):
    on(dt.date(2026, 11, 22))
    result = ask(tracker_for, run, text, "ask_procurement")
    words = plain(result)
    assert words.startswith(first) and then in words
    assert len(result.texts) <= 4 and all(len(t) <= 600 for t in result.texts)


def test_whether_three_quotes_are_compulsory_is_answered_before_the_route(tracker_for, run, on):
    """final M-L5: « faut il obligatoirement 3 devis pour une AMO a 20 000 euros ? » got the route
    of 20 000 € alone, never « aucun texte n'impose 3 devis »."""
    on(dt.date(2026, 11, 22))
    text = "faut il obligatoirement 3 devis pour une AMO a 20 000 euros ?"
    result = ask(tracker_for, run, text, "ask_procurement")
    words = plain(result)
    assert words.startswith("Non : aucun texte n'impose un nombre de devis")
    assert "Pour 20 000 € HT (montant lu hors taxes ; s'il est TTC, divisez-le par 1,2 : environ 16 667 € HT), " \
           "vous êtes sous le seuil de dispense" in words and "R2122-8" in words
    assert len(result.texts) <= 4 and all(len(t) <= 600 for t in result.texts)
    # Over the dispense threshold it is no matter of quotes: the route alone.
    above = plain(ask(tracker_for, run, "faut il obligatoirement 3 devis pour une AMO a 80 000 euros ?",
                      "ask_procurement"))
    assert not above.startswith("Non") and "80 000 € HT" in above
    alone = plain(ask(tracker_for, run, "faut-il obligatoirement trois devis ?", "ask_procurement"))
    assert alone.startswith("Non : aucun texte n'impose") and "R2122-8" in alone


def test_lots_under_a_threshold_are_added_up_and_routed(tracker_for, run, on):
    """final D-L5: « deux lots, chacun à 35 000 € HT, pour rester sous le seuil ? » got the
    splitting rule only, never « 70 000 € HT → MAPA »."""
    on(dt.date(2026, 11, 22))
    result = ask(tracker_for, run, "on pensait faire deux lots, chacun à 35 000 € HT, pour rester sous le seuil ?",
                 "ask_splitting")
    words = plain(result)
    assert words.startswith("Le « saucissonnage »") and "R2121-4" in words
    assert "2 × 35 000 = 70 000 € HT" in words
    assert "Pour 70 000 € HT" in words and "procédure adaptée (MAPA)" in words
    assert len(result.texts) <= 4 and all(len(t) <= 600 for t in result.texts)
    # Without amounts, the rule alone.
    rule = plain(ask(tracker_for, run, "on peut couper en deux pour rester en dessous du seuil ?", "ask_splitting"))
    assert rule.startswith("Le « saucissonnage »") and "(MAPA)" not in rule


@pytest.mark.parametrize("text, total, rule, condition", [
    # renewals and lots break no rule: the total, without « C'est interdit »
    # (live test, session 17); the condition of the total for distinct parts
    ("marché d'1 an reconductible 3 fois, 20k par an, ça passe en gré à gré ?", "4 × 20 000 = 80 000 € HT",
     False, False),
    ("on fait 3 lots de 30 000 € HT, quelle procédure ?", "3 × 30 000 = 90 000 € HT", False, True),
    ("un diag energie de 35k et un accompagnement pcaet de 30k, on peut faire 2 bons de commande séparés ?",
     "35 000 + 30 000 = 65 000 € HT", True, True),
])
def test_a_total_says_the_splitting_rule_only_when_the_need_is_divided(tracker_for, run, on, text, total, rule,
                                                                        condition):
    on(dt.date(2026, 11, 22))
    words = plain(ask(tracker_for, run, text, "ask_splitting"))
    assert total in words
    assert ("C'est interdit" in words) is rule and words.startswith("Le « saucissonnage »") is rule
    assert ("art. R2121-6" in words or "homogènes" in words) is condition


@pytest.mark.parametrize("text, said, invented", [
    # final D-L7: « ici le 1er novembre 2025 », « le 1er janvier 2023 »: days nobody said.
    ("Et si nous avions lancé la consultation en novembre 2025 pour 218 000 € HT ?",
     "ici en novembre 2025.", "1er novembre 2025"),
    ("si la consultation avait été lancée en 2023 pour 45 000 € HT, il fallait mettre en concurrence ?",
     "ici en 2023.", "1er janvier 2023"),
    ("et le 3 mars 2026 pour 45 000 € HT ?", "ici le 3 mars 2026.", "1er mars"),
])
def test_a_month_or_a_year_asked_stays_a_month_or_a_year(tracker_for, run, on, text, said, invented):
    on(dt.date(2026, 11, 22))
    words = plain(ask(tracker_for, run, text, "ask_procurement"))
    assert said in words and invented not in words


def test_a_year_whose_thresholds_change_says_from_which_day(tracker_for, run, on):
    """50 000 € in 2026: under the dispense threshold from 1 April only."""
    on(dt.date(2026, 11, 22))
    words = plain(ask(tracker_for, run, "en 2026 pour 50 000 € HT, quelle procédure ?", "ask_procurement"))
    assert "en 2026, cela dépend du jour" in words and "à partir du 1er avril 2026" in words


def test_the_thresholds_of_a_year_are_said_for_that_year(tracker_for, run, on):
    on(dt.date(2026, 11, 22))
    words = plain(ask(tracker_for, run, "quels étaient les seuils en 2023 ?", "ask_procurement"))
    assert "Seuils en vigueur en 2023" in words and "1er janvier 2023" not in words


# -- questions on the value of the need just given (final M-H1) ------------------------

M_H1A = ("un cabinet me propose une AMO a 38500 euros HT + une option suivi de production 3 ans a 4200 HT "
         "par an. ils disent que je peux signer direct sans mise en concurrence car c'est sous le seuil. "
         "c'est vrai ?")


def _conversation(tracker_for, latest, earlier):
    """A tracker whose latest message is ``latest`` (heard ask_procurement)
    after the ``earlier`` (text, intent) messages, oldest first."""
    tracker = tracker_for(text=latest, intent="ask_procurement")
    for text, intent in reversed(earlier):
        tracker = after_message(tracker, text, intent)
    return tracker


@pytest.mark.parametrize("latest, earlier, first, route", [
    # « Je ne suis pas sûr d'avoir compris. Vouliez-vous parler de : … »
    ("donc au total ça fait combien pour le seuil ?", [(M_H1A, "ask_procurement")],
     "Au total : 38 500 + 3 × 4 200 = 51 100 € HT, options comprises.", "Pour 51 100 € HT"),
    # « Désolé, je n'ai toujours pas compris »
    ("et si je prends pas l'option ?",
     [(M_H1A, "ask_procurement"), ("donc au total ça fait combien pour le seuil ?", "ask_procurement")],
     "Sans l'option : 38 500 € HT au lieu de 51 100 € HT", "Pour 38 500 € HT"),
    # final M-H1b: it started the diagnostic with a budget of 51 100 €.
    ("ça fait 51100 au total",
     [("mission AMO 38 500 € HT, est ce que je peux la passer sans mise en concurrence ?", "ask_procurement"),
      ("en fait il y a une option en plus de 12600 sur 3 ans", "ask_procurement")],
     "Oui : 38 500 + 12 600 = 51 100 € HT, options comprises.", "Pour 51 100 € HT"),
    ("ça fait 60 000 au total",
     [("mission AMO 38 500 € HT, est ce que je peux la passer sans mise en concurrence ?", "ask_procurement")],
     "Vous indiquez 60 000 € HT au total ; j'avais compté 38 500 € HT.", "Pour 60 000 € HT"),
    ("et sans l'option ?",
     [("mission AMO 38 500 € HT, est ce que je peux la passer sans mise en concurrence ?", "ask_procurement")],
     "Le montant que vous m'avez donné ne comprend pas d'option : 38 500 € HT.", "Pour 38 500 € HT"),
])
def test_the_value_of_the_need_just_given_is_answered(tracker_for, run, on, latest, earlier, first, route):
    on(dt.date(2026, 11, 22))
    result = run(ActionAnswerQuestion(), _conversation(tracker_for, latest, earlier))
    words = plain(result)
    assert words.startswith(first) and route in words
    assert "R2121-1" in words and result.events == []


def test_the_value_of_the_need_is_answered_whatever_the_question_heard(tracker_for, run, on):
    """Live: « donc au total ça fait combien ? » was heard as a price question
    and got the refusal to give a price range; « et si je prends pas
    l'option ? » after it, the thresholds table (the chain of questions was
    cut at the price question)."""
    on(dt.date(2026, 11, 22))
    earlier = [("mission AMO 38 500 € HT sans mise en concurrence ?", "ask_procurement"),
               ("en fait il y a une option en plus de 12600", "ask_procurement")]
    total = _conversation(tracker_for, "donc au total ça fait combien ?", earlier)
    total.latest_message["intent"] = {"name": "ask_price", "confidence": 0.6}
    words = plain(run(ActionAnswerQuestion(), total))
    assert words.startswith("Au total : 38 500 + 12 600 = 51 100 € HT") and "fourchette" not in words
    without = _conversation(tracker_for, "et si je prends pas l'option ?",
                            earlier + [("donc au total ça fait combien ?", "ask_price")])
    words = plain(run(ActionAnswerQuestion(), without))
    assert words.startswith("Sans l'option : 38 500 € HT au lieu de 51 100 € HT"), words


def test_a_total_asked_without_an_amount_before_is_the_thresholds(tracker_for, run, on):
    """No procurement question before (a greeting, then the diagnostic's
    result): the thresholds in force, as before."""
    on(dt.date(2026, 11, 22))
    result = run(ActionAnswerQuestion(), _conversation(
        tracker_for, "donc au total ça fait combien ?", [(M_H1A, "ask_procurement"), ("bonjour", "greet")]))
    assert not plain(result).startswith("Au total") and "Donnez-moi un montant" in result.text


# --------------------------------------------------------------------------- formalised procedures

@pytest.mark.parametrize("text, intent", [
    ("quelle procédure formalisée choisir ?", "ask_procurement"),
    ("appel d'offres ou procédure avec négociation ?", "ask_negotiation"),
    ("c'est quoi une procédure formalisée ?", "ask_definition"),
])
def test_which_formalised_procedure_gets_the_procedures_not_the_thresholds_table(tracker_for, run, on,
                                                                                  text, intent):
    """final D-L6: « quelle procédure formalisée choisir ? » got the whole table
    of the thresholds. The procedures (CCP), the European threshold of a local
    authority's services at the date (216 000 € HT in November 2026), MAPA or
    the dispense below it, that the data do not say how to choose, and whom to
    ask (partners.yml)."""
    on(dt.date(2026, 11, 22))
    words = plain(ask(tracker_for, run, text, intent))
    assert words.startswith("Les procédures formalisées sont l'appel d'offres (ouvert ou restreint), "
                            "la procédure avec négociation et le dialogue compétitif"), words
    assert "BOAMP" in words and "JOUE" in words
    assert "à partir du seuil européen des services (collectivités) : 216 000 € HT" in words
    assert "(MAPA)" in words and "sous 60 000 € HT (art. R2122-8)" in words
    assert "ne figurent pas dans mes données" in words
    assert "agence technique de votre département" in words and "Territoires Conseils" in words
    assert "Seuils en vigueur" not in words and "De quel terme" not in words


def test_the_formalised_procedures_are_read_at_the_date_asked(tracker_for, run, on):
    """In 2025 the European threshold was 221 000 € HT and the dispense 40 000 € HT;
    for 2023 the data have no European threshold: said so, never guessed."""
    on(dt.date(2026, 11, 22))
    words = plain(ask(tracker_for, run, "au 1er juin 2025, quelle procédure formalisée ?", "ask_procurement"))
    assert "221 000 € HT" in words and "sous 40 000 € HT" in words and "216 000" not in words
    words = plain(ask(tracker_for, run, "en 2023 c'était quoi les procédures formalisées ?", "ask_procurement"))
    assert "pas de données fiables sur le seuil européen des services (collectivités) en 2023" in words
    assert "221 000" not in words and "216 000" not in words


def test_an_amount_with_a_formalised_procedure_is_still_routed(tracker_for, run, on):
    on(dt.date(2026, 11, 22))
    words = plain(ask(tracker_for, run, "pour 300 000 € HT, quelle procédure formalisée ?", "ask_procurement",
                      entities=[{"entity": "amount", "value": "300 000 € HT"}]))
    assert words.startswith("Pour 300 000 € HT, vous atteignez le seuil européen de 216 000 € HT"), words


def test_a_follow_up_with_some_context_keeps_the_amount_and_changes_the_date(tracker_for, run, on):
    """final D-M1, heard as a procurement question: « et en 2023 ? nous avions
    fait faire l'étude mobilité par un bureau d'études » got the table of 2023;
    the 45 000 € HT just asked about is routed in 2023 (dispense 40 000 € HT)."""
    on(dt.date(2026, 11, 22))
    tracker = after_message(tracker_for(text="et en 2023 ? nous avions fait faire l'étude mobilité par un bureau d'études",
                                 intent="ask_procurement"),
                     "45 000 € HT pour une mission AMO, quelle procédure ?", "ask_procurement",
                     [{"entity": "amount", "value": "45 000 € HT"}])
    words = plain(run(ActionAnswerQuestion(), tracker))
    assert words.startswith("Pour 45 000 € HT, il faut un marché à procédure adaptée (MAPA)"), words
    assert "seuil de dispense (40 000 € HT)" in words and "en 2023" in words
    assert "Seuils en vigueur" not in words


def test_a_route_typed_ttc_says_the_amount_typed(tracker_for, run, on):
    """« 35 000 € TTC » got « Pour 29 166,67 € HT, vous êtes sous le seuil… »:
    the amount typed, TTC, and its HT value rounded (the route uses HT)."""
    on(dt.date(2026, 11, 22))
    for entities in ([], [{"entity": "amount", "value": "35 000 € TTC"}]):
        words = plain(ask(tracker_for, run, "35 000 € TTC, quelle procédure ?", "ask_procurement", entities))
        assert "Pour 35 000 € TTC (environ 29 167 € HT), vous êtes sous le seuil de dispense de 60 000 € HT" \
            in words, words
        assert "29 166,67" not in words
    words = plain(ask(tracker_for, run, "quelle procédure ?", "ask_procurement",
                      [{"entity": "amount", "value": "72 000 € TTC"}]))
    assert "Pour 72 000 € TTC (60 000 € HT), il faut un marché à procédure adaptée" in words, words


# --------------------------------------------------------------------------- #
# An amount typed without HT or TTC is said to be read as HT (final retest S-H8)
# --------------------------------------------------------------------------- #

_READ = "montant lu hors taxes"
_UNMARKED = ["", " €", " euros", "€"]
_MARKED = [" € HT", " euros HT", " HT", " € hors taxes", " € TTC", " euros TTC", " TTC"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=3_000, max_value=900_000), st.sampled_from(_UNMARKED + _MARKED),
       st.sampled_from(["pour {} faut-il mettre en concurrence ?", "on a un devis de {} pour l'étude, on signe direct ?",
                        "quelle procédure pour une AMO à {} ?"]),
       st.booleans())
def test_an_amount_without_ht_or_ttc_is_said_read_as_ht(tracker_for, run, on, n, suffix, question, entity):
    """The clause comes exactly when the amount says neither HT nor TTC, once,
    in the route's first sentence; with a mark, the answer is as before (TTC:
    converted and said so)."""
    on(dt.date(2026, 11, 22))
    assume(not 1900 <= n <= 2100)        # a bare year is not read as an amount
    amount = f"{n:,}".replace(",", " ") + suffix
    entities = [{"entity": "amount", "value": amount}] if entity else None
    words = plain(ask(tracker_for, run, question.format(amount), "ask_procurement", entities=entities))
    assert words.count(_READ) == (1 if suffix in _UNMARKED else 0), words
    if "TTC" in suffix:
        assert "Les seuils s'appliquent hors taxes" in words


def test_an_amount_from_a_button_says_its_tax_in_the_entity(tracker_for, run, on):
    """A payload (no typed text): the entity's value decides."""
    on(dt.date(2026, 11, 22))
    bare = ask(tracker_for, run, '/ask_procurement{"amount": "45000"}', "ask_procurement",
               entities=[{"entity": "amount", "value": "45000"}])
    marked = ask(tracker_for, run, '/ask_procurement{"amount": "45000 € HT"}', "ask_procurement",
                 entities=[{"entity": "amount", "value": "45000 € HT"}])
    assert _READ in plain(bare) and _READ not in plain(marked)


def test_read_as_ht_is_said_once_per_conversation(tracker_for, run, on):
    """« pour 45 000 € … ? » said the amount read as HT; « et au 15 mars 2026 ? »,
    « et pour 80 000 € ? » then do not say it again. Nor after the diagnostic
    said « Je compte ce montant hors taxes »."""
    on(dt.date(2026, 11, 22))
    first = "pour 45 000 € faut-il mettre en concurrence ?"
    said = plain(ask(tracker_for, run, first, "ask_procurement"))
    assert said.count(_READ) == 1
    for follow in ("et au 15 mars 2026 ?", "et pour 80 000 € ?"):
        tracker = after_message(tracker_for(text=follow, intent="ask_procurement"), first, "ask_procurement")
        tracker.events[1]["text"] = said
        again = plain(run(ActionAnswerQuestion(), tracker))
        assert "Pour " in again and _READ not in again, (follow, again)
    tracker = after_message(tracker_for(text="et pour 80 000 € ?", intent="ask_procurement"), "30000", "inform")
    tracker.events[1]["text"] = "Je compte ce montant hors taxes. S'il est TTC, dites-le, par exemple « 30 000 € TTC »."
    assert _READ not in plain(run(ActionAnswerQuestion(), tracker))
    # a new conversation, the same question: said again
    assert _READ in plain(ask(tracker_for, run, "et pour 80 000 € ?", "ask_procurement"))


def test_a_threshold_question_heard_as_splitting_gets_the_thresholds(tracker_for, run):
    """« c'est quoi le seuil des travaux ? » heard as ``ask_splitting`` (0.40,
    procurement 0.32) got the rule against splitting a need (live bot,
    session 11): the thresholds of works, at today's date: their own two,
    one line each, not the whole table (live tests, session 12)."""
    result = ask(tracker_for, run, "c'est quoi le seuil des travaux ?", "ask_splitting")
    text = plain(result)
    assert "100 000 € HT : sous ce montant, un marché de travaux" in text and "5 404 000 € HT" in text
    assert "Seuils en vigueur" not in text and "60 000" not in text
    assert "saucissonnage" not in text
    split = ask(tracker_for, run, "on peut découper l'étude en 3 marchés pour rester sous le seuil ?",
                "ask_splitting")
    assert "saucissonnage" in plain(split)


# -- short follow-ups of a procurement answer (live bot, session 11) ------------------

_45K_QUESTION = ("pour 45 000 € HT faut il mettre en concurrence ?", "ask_procurement",
                 [{"entity": "amount", "value": "45 000 € HT"}])
_2023_TABLE = ("quels sont les seuils en 2023 ?", "ask_procurement", [{"entity": "date", "value": "2023"}])


def _after_questions(tracker, *earlier):
    """The tracker, with earlier user messages (text, intent, entities), oldest
    first, each answered, before its latest message."""
    events = []
    for text, intent, entities in earlier:
        events += [{"event": "user", "text": text,
                    "parse_data": {"intent": {"name": intent}, "entities": list(entities)}},
                   {"event": "bot", "text": "…"}, {"event": "action", "name": "action_listen"}]
    tracker.events[:0] = events
    return tracker


def _amount(text):
    from assistant.amounts import find_amount_spans

    spans = find_amount_spans(text)
    return [{"entity": "amount", "value": spans[0].raw}] if spans else []


@pytest.mark.parametrize("follow, intent, route", [
    # heard as information: they started the diagnostic (« Faisons le point… »)
    ("et si c 20000", "inform", "Pour 20 000 € HT (montant lu hors taxes"),
    ("et 90 000 pile", "inform", "Pour 90 000 € HT (montant lu hors taxes"),
    ("et 45k TTC", "inform", "Pour 45 000 € TTC (37 500 € HT), vous êtes sous le seuil de dispense"),
    ("et pour 150 000 TTC ?", "inform", "Pour 150 000 € TTC (125 000 € HT), il faut un marché à procédure adaptée"),
    ("ok et 72 000 TTC ?", "inform", "Pour 72 000 € TTC (60 000 € HT), il faut un marché à procédure adaptée"),
    ("et si c'est 150 000 ?", "inform", "Pour 150 000 € HT (montant lu hors taxes"),
    # without « et »: a number said exactly (live test, session 15)
    ("90 000 pile", "inform", "Pour 90 000 € HT (montant lu hors taxes"),
    ("60 000 tout rond ?", "inform", "Pour 60 000 € HT (montant lu hors taxes"),
])
def test_a_follow_up_heard_as_information_gets_the_route_of_its_amount(tracker_for, run, on, follow, intent,
                                                                        route):
    """After « pour 45 000 € HT faut il mettre en concurrence ? » (answered), « et
    si c 20000 », « et 90 000 pile », « et 45k TTC »… heard as information
    started the guided diagnostic: the route of the new amount (a TTC amount
    converted), at the date of the question, and no form."""
    from actions.diagnostic import ActionStartDiagnostic

    on(dt.date(2026, 11, 23))
    tracker = _after_questions(tracker_for(text=follow, intent=intent, entities=_amount(follow)), _45K_QUESTION)
    result = run(ActionStartDiagnostic(), tracker)
    words = plain(result)
    if "TTC" in follow:
        # (a TTC amount converted, as any procurement answer does)
        assert words.startswith("Les seuils s'appliquent hors taxes : "), words
        words = words.split("\n", 1)[1]
    assert words.startswith(route), words
    assert "le 23 novembre 2026" in words and "Faisons le point" not in words
    assert any(e.get("event") == "followup" and e.get("name") == "action_listen" for e in result.events)
    assert not result.slots
    if "?" not in follow:
        # without a procurement question before, the same statement starts the diagnostic
        alone = run(ActionStartDiagnostic(), tracker_for(text=follow, intent=intent, entities=_amount(follow)))
        assert "Faisons le point" in alone.text


def test_a_follow_up_with_an_amount_and_a_year_gets_both(tracker_for, run, on):
    """« pour 100 000 € HT en 2028 ? » then « et 230 000 en 2028 » (inform)
    started the diagnostic with a budget of 230 000 €: 2028 is asked, for which
    the data hold no thresholds, so that is said, for 230 000 € HT."""
    from actions.diagnostic import ActionStartDiagnostic

    on(dt.date(2026, 11, 23))
    tracker = _after_questions(tracker_for(text="et 230 000 en 2028", intent="inform",
                                        entities=[{"entity": "amount", "value": "230 000"},
                                                  {"entity": "date", "value": "2028"}]),
                            ("pour 100 000 € HT en 2028 ?", "ask_procurement",
                             [{"entity": "amount", "value": "100 000 € HT"}]))
    words = plain(run(ActionStartDiagnostic(), tracker))
    assert "en 2028" in words and "Faisons le point" not in words, words
    # the same amount in 2025: a formalised procedure above that year's 221 000 € HT
    on(dt.date(2026, 11, 23))
    tracker = _after_questions(tracker_for(text="et 230 000 en 2025", intent="inform",
                                        entities=[{"entity": "amount", "value": "230 000"}]),
                            _45K_QUESTION)
    words = plain(run(ActionStartDiagnostic(), tracker))
    assert words.startswith("Pour 230 000 € HT") and "formalisée" in words and "en 2025" in words, words


def test_a_chain_of_follow_ups_heard_as_information_stays_a_procurement_question(tracker_for, run, on):
    """« et 90 000 ? » (inform 0.51) was answered as a procurement question; « et
    si c 20000 » after it started the diagnostic, since the message before it
    was not heard as procurement."""
    from actions.diagnostic import ActionStartDiagnostic

    on(dt.date(2026, 11, 23))
    tracker = _after_questions(tracker_for(text="et si c 20000", intent="inform", entities=_amount("et si c 20000")),
                            _45K_QUESTION, ("et 90 000 ?", "inform", _amount("et 90 000 ?")))
    words = plain(run(ActionStartDiagnostic(), tracker))
    assert words.startswith("Pour 20 000 € HT") and "Faisons le point" not in words, words
    # a statement that started the diagnostic breaks the chain
    tracker = _after_questions(tracker_for(text="et si c 20000", intent="inform", entities=_amount("et si c 20000")),
                            _45K_QUESTION, ("commune de 900 habitants", "inform", []))
    assert "Faisons le point" in run(ActionStartDiagnostic(), tracker).text


@pytest.mark.parametrize("follow, intent", [
    ("et aujourd'hui ?", "ask_procurement"),        # heard as stop: the component decides
    ("et maintenant ?", "ask_apres_mission"),       # ask_apres_mission 0.47
    ("et actuellement ?", "ask_procurement"),
    ("mais à ce jour ?", "inform"),
])
def test_today_after_a_past_year_routes_the_amount_today(tracker_for, run, on, follow, intent):
    """« quels sont les seuils en 2023 ? », « et pour 45 000 ? » (a MAPA in
    2023), then « et aujourd'hui ? » got « D'accord. Je reste à votre
    disposition… »: 45 000 € HT routed today, under the 60 000 € HT dispense."""
    on(dt.date(2026, 11, 23))
    tracker = _after_questions(tracker_for(text=follow, intent=intent), _2023_TABLE,
                            ("et pour 45 000 ?", "ask_procurement", _amount("et pour 45 000 ?")))
    words = plain(run(ActionAnswerQuestion(), tracker))
    assert words.startswith("Pour 45 000 € HT"), words
    assert "sous le seuil de dispense de 60 000 € HT" in words and "le 23 novembre 2026" in words
    assert "2023" not in words and "Seuils en vigueur" not in words


def test_the_date_of_a_chain_of_follow_ups_is_the_latest_said(tracker_for, run, on):
    """The date a follow-up says wins; else the latest date said in the
    questions it follows up: « et 50 000 ? » after « et pour 45 000 ? » after
    the thresholds of 2023 is in 2023 (it was routed today); after « et
    aujourd'hui ? », today; « et en 2025 ? » keeps the 45 000 € HT of two
    messages before (it got the table of 2025)."""
    on(dt.date(2026, 11, 23))
    chain = [_2023_TABLE, ("et pour 45 000 ?", "ask_procurement", _amount("et pour 45 000 ?"))]
    in_2023 = plain(run(ActionAnswerQuestion(), _after_questions(
        tracker_for(text="et 50 000 ?", intent="ask_procurement", entities=_amount("et 50 000 ?")), *chain)))
    assert in_2023.startswith("Pour 50 000 € HT") and "MAPA" in in_2023 and "en 2023" in in_2023, in_2023
    chain.append(("et aujourd'hui ?", "ask_procurement", [{"entity": "date", "value": "2026-11-23"}]))
    today = plain(run(ActionAnswerQuestion(), _after_questions(
        tracker_for(text="et 50 000 ?", intent="ask_procurement", entities=_amount("et 50 000 ?")), *chain)))
    assert today.startswith("Pour 50 000 € HT") and "sous le seuil de dispense de 60 000 € HT" in today
    assert "le 23 novembre 2026" in today and "2023" not in today
    in_2025 = plain(run(ActionAnswerQuestion(), _after_questions(
        tracker_for(text="et en 2025 ?", intent="ask_procurement"), *chain)))
    assert in_2025.startswith("Pour 45 000 € HT") and "en 2025" in in_2025, in_2025
    assert "Seuils en vigueur" not in in_2025


def _during_the_form(tracker_for, text, intent, entities, asked="structure_type"):
    """``text`` typed while the form waits for ``asked``, right after a
    procurement question answered during the diagnostic; Rasa's mappings
    filled what an information fills (the amount entity, the asked slot)."""
    slots = {"requested_slot": asked}
    tracker = tracker_for(text=text, intent=intent, entities=entities, slots=slots, active_loop="diagnostic_form")
    _after_questions(tracker, _45K_QUESTION)
    if intent == "inform":
        filled = {asked: text, **{"amount": e["value"] for e in entities if e["entity"] == "amount"}}
        tracker.events += [{"event": "slot", "name": k, "value": v} for k, v in filled.items()]
        tracker.slots.update(filled)
    return tracker


@pytest.mark.parametrize("follow, route", [
    ("et pour 150 000 TTC ?", "Les seuils s'appliquent hors taxes : 150 000 € TTC, soit 125 000 € HT (TVA à 20 %)."
                              " Corrigez-moi si ce n'est pas le cas.\nPour 150 000 € TTC (125 000 € HT), il faut"),
    ("et 45k TTC", "Les seuils s'appliquent hors taxes : 45 000 € TTC, soit 37 500 € HT (TVA à 20 %)."
                   " Corrigez-moi si ce n'est pas le cas.\nPour 45 000 € TTC (37 500 € HT), vous êtes sous"),
    ("et si c 20000", "Pour 20 000 € HT"),
    ("et si on lance en fevrier 2026", "Pour 45 000 € HT"),
])
@pytest.mark.parametrize("asked", ["structure_type", "amount", "duration"])
def test_a_follow_up_during_the_diagnostic_is_answered_and_the_question_asked_again(
        tracker_for, domain, on, follow, route, asked):
    """A procurement question answered during the diagnostic, then « et pour
    150 000 TTC ? » heard as information: the question waiting read it (« Les
    seuils s'appliquent hors taxes : 150 000 € TTC… », or « Je n'ai pas reconnu
    le type de structure » for « et si on lance en fevrier 2026 »). The route
    of the new amount (or of 45 000 € HT in February 2026, a MAPA under the
    40 000 € HT of then), nothing noted, and the question asked again."""
    from tests.actions.form_helpers import run_form

    on(dt.date(2026, 11, 23))
    slots, messages = run_form(_during_the_form(tracker_for, follow, "inform", _amount(follow), asked), domain)
    words = "\n".join(m.get("text") or "" for m in messages).replace(NNBSP, " ").replace("\u00a0", " ")
    assert words.startswith(route), words
    assert "pas reconnu" not in words and "J'ai noté" not in words and "C'est noté" not in words
    assert slots.get(asked) is None and slots.get("amount") is None, slots
    if "fevrier" in follow:
        assert "MAPA" in words and "février 2026" in words


def test_a_follow_up_heard_as_a_question_during_the_diagnostic_is_not_its_answer(tracker_for, domain, run, on):
    """« et si on lance en fevrier 2026 » heard as a procurement question (the
    component's) while the structure waits: answered, and not read as the
    structure as well."""
    from tests.actions.form_helpers import run_form

    on(dt.date(2026, 11, 23))
    follow = "et si on lance en fevrier 2026"
    answered = plain(run(ActionAnswerQuestion(), _during_the_form(tracker_for, follow, "ask_procurement", [])))
    assert answered.startswith("Pour 45 000 € HT") and "février 2026" in answered, answered
    slots, messages = run_form(_during_the_form(tracker_for, follow, "ask_procurement", []), domain)
    assert slots.get("structure_type") is None and not any("pas reconnu" in (m.get("text") or "") for m in messages)


def test_a_follow_up_after_a_route_question_read_by_the_fallback(tracker_for, run):
    """« 60000 HT pile pr une amo, dispense ou pas ? » (nlu_fallback, answered
    by the fallback: ``actions.after``) then « et 90 000 pile » (inform):
    the diagnostic started with a budget of 90 000 € (live test, session 11).
    It is the route of 90 000 € HT."""
    from actions.diagnostic import ActionStartDiagnostic
    tracker = after_message(tracker_for(text="et 90 000 pile", intent="inform"),
                            "60000 HT pile pr une amo, dispense ou pas ?", "nlu_fallback")
    result = run(ActionStartDiagnostic(), tracker)
    text = plain(result)
    assert "90 000 € HT" in text and "Faisons le point" not in text


@pytest.mark.parametrize("follow, expected", [
    # live test, session 21: « Je n'ai pas bien compris »
    ("et si c'est TTC ?", "58 000 € TTC"),
    ("et en mai 2026 ?", "mai 2026"),
])
def test_a_follow_up_not_understood_gets_the_route_all_the_same(tracker_for, run, on, follow, expected):
    from actions.hygiene import ActionDefaultFallback
    on(dt.date(2026, 11, 24))
    tracker = after_message(tracker_for(text=follow, intent="nlu_fallback"),
                            "et pour 58000 euros HT ?", "ask_procurement",
                            [{"entity": "amount", "value": "58000 euros HT"}])
    text = plain(run(ActionDefaultFallback(), tracker))
    assert expected in text and "pas bien compris" not in text and "pas compris" not in text, text


def test_an_amount_alone_after_the_thresholds_gets_its_route(tracker_for, run):
    """« Les seuils d'achat » (« Donnez-moi un montant… ») then « 30 000 TTC »
    started the diagnostic with that budget (live test, session 11): the route
    of 25 000 € HT. At the budget's question, the same amount is the budget."""
    from actions.diagnostic import ActionStartDiagnostic
    from actions.procurement import answered_as_follow_up
    tracker = after_message(tracker_for(text="30 000 TTC", intent="inform"), "Les seuils d'achat",
                            "ask_procurement")
    text = plain(run(ActionStartDiagnostic(), tracker))
    assert "25 000 € HT" in text and "Faisons le point" not in text
    budget = after_message(tracker_for(text="30 000 TTC", intent="inform", active_loop="diagnostic_form",
                                       slots={"requested_slot": "amount"}),
                           "Les seuils d'achat", "ask_procurement")
    assert not answered_as_follow_up(budget)


def test_the_total_of_parts_says_when_they_add_up(tracker_for, run):
    """« un bilan carbone et un site internet, on fait 2 marchés séparés ?
    chacun fait 35 000 » got only « additionnez-les » (live test, session
    11): the total holds for homogeneous services or a functional unit
    (R2121-6); needs of different kinds are estimated apart."""
    result = ask(tracker_for, run, "on pensait faire deux lots, chacun à 35 000 € HT, pour rester sous le seuil ?",
                 "ask_splitting", [{"entity": "amount", "value": "35 000 € HT"}])
    text = plain(result)
    assert "70 000 € HT" in text
    assert "homogènes ou forment une même unité fonctionnelle (art. R2121-6)" in text
    assert "s'estiment chacun séparément" in text


# -- the thresholds on a phone (live tests, session 12) ----------------------------------

_MORE = "Seuils des travaux et autres"


def _talk(tracker_for, run, turns, slots=None):
    """The runs of ``action_answer_question`` on each (text, intent, entities)
    of ``turns``, each tracker holding the user and bot events before it."""
    history, runs = [], []
    for text, intent, entities in turns:
        tracker = tracker_for(text=text, intent=intent, entities=entities, slots=slots)
        tracker.events[:0] = list(history)
        result = run(ActionAnswerQuestion(), tracker)
        runs.append(result)
        history += [tracker.events[-1],
                    *({"event": "bot", "text": m.get("text"), "data": {"buttons": m.get("buttons")}}
                      for m in result.messages),
                    {"event": "action", "name": "action_listen"}]
    return runs


def _lines(result) -> int:
    return sum(len(text.splitlines()) for text in result.texts)


def test_the_thresholds_are_short_and_asked_again_not_repeated(tracker_for, run, on):
    """« quels sont les seuils ? » got 13 lines, and the same 13 asked again
    (live tests, session 12): the four thresholds of an AMO mission, the
    criterion and the sources, then the invitation to give an amount, with a
    button for the others; asked again, the four lines as a reminder."""
    on(dt.date(2026, 11, 23))
    question = ("quels sont les seuils ?", "ask_procurement", [])
    first, again, third = _talk(tracker_for, run, [question, question, question])
    assert _lines(first) <= 8 and "Et aussi" not in first.text and "5" + NNBSP + "404" not in first.text
    words = plain(first)
    assert "60 000 € HT (art. R2122-8, depuis le 1er avril 2026)" in words and "L2152-7" in words
    assert "Sources : Décret n° 2025-1386" in words and "Donnez-moi un montant" in first.texts[-1]
    assert first.buttons == [{"title": _MORE, "payload": '/ask_procurement{"term": "autres_seuils"}'}]
    # asked again: not the same message, the key lines as a reminder, the button kept
    assert again.text != first.text and "comme indiqué plus haut" in again.text
    assert "60 000 € HT (art. R2122-8" in plain(again) and "Source" not in again.text
    assert "L2152-7" not in again.text and "Donnez-moi" not in again.text and _lines(again) == 5
    assert [b["title"] for b in again.buttons] == [_MORE]
    assert "comme indiqué plus haut" in third.text
    # a new conversation: said in full again
    tracker = tracker_for(text="quels sont les seuils ?", intent="ask_procurement")
    tracker.events[:0] = [{"event": "bot", "text": t} for t in first.texts] + [{"event": "session_started"}]
    assert plain(run(ActionAnswerQuestion(), tracker)) == plain(first)


@pytest.mark.parametrize("text, expected", [
    ("c'est quoi le seuil pour publier au BOAMP ?",
     "90 000 € HT : à partir de ce montant, un marché à procédure adaptée est annoncé au BOAMP ou dans un JAL "
     "(art. R2131-12, depuis le 1er avril 2019)."),
    ("c koi le seuil boamp", "90 000 € HT : à partir de ce montant"),
    ("le seuil européen ?", "216 000 € HT : à partir de ce montant, une collectivité suit une procédure formalisée"),
    ("seuil de dispence ?", "60 000 € HT : sous ce montant, un marché de services"),
    ("à partir de combien un contrat écrit ?", "25 000 € HT : à partir de ce montant, le marché doit être conclu par écrit"),
    ("documents gratuits à partir de ?", "60 000 € HT : à partir de ce montant, si vous publiez un avis"),
])
def test_one_threshold_asked_gets_its_line_and_its_source(tracker_for, run, on, text, expected):
    on(dt.date(2026, 11, 23))
    result = ask(tracker_for, run, text, "ask_procurement")
    words = plain(result)
    assert words.startswith(expected) and len(result.texts) == 1 and _lines(result) == 2, words
    assert words.splitlines()[-1].startswith("Source") and "Seuils en vigueur" not in words


def test_the_works_thresholds_asked(tracker_for, run, on):
    on(dt.date(2026, 11, 23))
    words = plain(ask(tracker_for, run, "seuil travaux ?", "ask_procurement"))
    assert words.startswith("- 100 000 € HT : sous ce montant, un marché de travaux") and "5 404 000 € HT" in words
    assert len(words.splitlines()) == 3 and "60 000" not in words


def test_one_threshold_asked_again_and_at_another_date(tracker_for, run, on):
    """The same threshold asked again: its line as a reminder; « et en
    2023 ? » after it: that threshold in 2023; the others after a past date:
    at that date."""
    on(dt.date(2026, 11, 23))
    boamp = ("c'est quoi le seuil pour publier au BOAMP ?", "ask_procurement", [])
    first, again = _talk(tracker_for, run, [boamp, boamp])
    assert plain(again) == plain(first).splitlines()[0][:-1] + ", comme indiqué plus haut."
    _, in_2023 = _talk(tracker_for, run, [("seuil de dispense ?", "ask_procurement", []),
                                          ("et en 2023 ?", "ask_procurement", [])])
    assert plain(in_2023).startswith("En 2023, 40 000 € HT : sous ce montant") and _lines(in_2023) == 2
    _, others = _talk(tracker_for, run, [("quels étaient les seuils en 2023 ?", "ask_procurement", []),
                                         (_MORE, "ask_procurement", [])])
    assert plain(others).startswith("Autres seuils en vigueur en 2023") and "40 000 € HT (art. R2132-2" in plain(others)


def test_the_button_gives_the_other_thresholds(tracker_for, run, on):
    on(dt.date(2026, 11, 23))
    clicked = ask(tracker_for, run, '/ask_procurement{"term": "autres_seuils"}', "ask_procurement",
                  entities=[{"entity": "term", "value": "autres_seuils"}])
    typed = ask(tracker_for, run, "seuils des travaux et autres", "ask_procurement")
    for result in (clicked, typed):
        words = plain(result)
        assert words.startswith("Autres seuils en vigueur le 23 novembre 2026")
        assert "5 404 000 € HT" in words and "100 000 € HT" in words and "R2132-2" in words
        assert "prestation intellectuelle" in words and "Source" in words and "216 000" not in words
    # then an amount: a service's route, not the works' (the title names « travaux »)
    _, routed = _talk(tracker_for, run, [(_MORE, "ask_procurement", []), ("et pour 45 000 ?", "ask_procurement", [])])
    assert "seuil de dispense de 60 000" in plain(routed), plain(routed)


def test_a_threshold_asked_after_the_diagnostic_is_that_threshold(tracker_for, run, on):
    """The diagnostic's budget is routed when the thresholds are asked in
    general, not when one threshold is named."""
    on(dt.date(2026, 11, 23))
    result = ask(tracker_for, run, "le seuil européen ?", "ask_procurement", slots={"amount": 45000.0})
    assert plain(result).startswith("216 000 € HT") and "Je reprends" not in result.text
    general = ask(tracker_for, run, "quels sont les seuils ?", "ask_procurement", slots={"amount": 45000.0})
    assert "Je reprends le montant de votre diagnostic" in general.text


# -- a later launch, another amount (live test, session 12) ----------------------------

@pytest.mark.parametrize("today, follow, intent, said, route", [
    # 23 November 2026: a month without a year is the next one, in 2027
    (dt.date(2026, 11, 23), "et si on attend avril ?", "ask_procurement", "en avril 2027", "sous le seuil de dispense"),
    (dt.date(2026, 11, 23), "et en mars ?", "ask_procurement", "en mars 2027", "sous le seuil de dispense"),
    (dt.date(2026, 11, 23), "et début 2027 ?", "ask_procurement", "en 2027", "sous le seuil de dispense"),
    # 15 January 2026: March is before the 60 000 € HT dispense of 1 April 2026
    (dt.date(2026, 1, 15), "et si on lance en mars ?", "ask_procurement", "en mars 2026",
     "il faut un marché à procédure adaptée"),
    (dt.date(2026, 1, 15), "et si on attend avril ?", "ask_procurement", "en avril 2026",
     "sous le seuil de dispense de 60 000 € HT"),
])
def test_a_later_launch_routes_the_same_amount_at_that_date(tracker_for, run, on, today, follow, intent, said,
                                                            route):
    """« et si on attend avril ? » after « pour 45 000 € faut-il mettre en
    concurrence ? » fell back; « et si on lance en mars ? », « et début
    2027 ? » started the diagnostic. The route of 45 000 € HT at that date,
    with the thresholds of that date; a month without a year is the next one
    from today."""
    on(today)
    tracker = _after_questions(tracker_for(text=follow, intent=intent), _45K_QUESTION)
    words = plain(run(ActionAnswerQuestion(), tracker))
    assert words.startswith("Pour 45 000 € HT") and route in words, words
    assert f"ici {said}." in words, words


_FEB_2026_QUESTION = ("pour 45 000 € HT en février 2026, faut-il mettre en concurrence ?", "ask_procurement",
                      [{"entity": "amount", "value": "45 000 € HT"}])
_2025_QUESTION = ("pour 45 000 € HT en 2025, faut-il mettre en concurrence ?", "ask_procurement",
                  [{"entity": "amount", "value": "45 000 € HT"}])


@pytest.mark.parametrize("today, earlier, follow, said", [
    # after « …en février 2026 ? »: the year of that date, not April 2027
    (dt.date(2026, 11, 23), [_FEB_2026_QUESTION], "et si on l'avait lancée en avril ?", "en avril 2026"),
    (dt.date(2026, 11, 23), [_FEB_2026_QUESTION], "et si on l avait lancee en avril", "en avril 2026"),
    (dt.date(2026, 11, 23), [_FEB_2026_QUESTION], "et en avril dernier ?", "en avril 2026"),
    (dt.date(2026, 1, 15), [_FEB_2026_QUESTION], "et si on l'avait lancée en avril ?", "en avril 2026"),
    # the date of the chain before the follow-up: « et pour 50 000 ? » in between
    (dt.date(2026, 11, 23), [_2025_QUESTION, ("et pour 50 000 ?", "ask_procurement",
                                              [{"entity": "amount", "value": "50 000"}])],
     "et si on l'avait lancée en avril ?", "en avril 2025"),
    # no date discussed: the latest April (15 January 2026: April 2025, dispense of 40 000 € HT)
    (dt.date(2026, 1, 15), [_45K_QUESTION], "et si on l'avait lancée en avril ?", "en avril 2025"),
    (dt.date(2026, 11, 23), [_45K_QUESTION], "et si on l'avait lancée en avril ?", "en avril 2026"),
    # a launch to come stays ahead
    (dt.date(2026, 11, 23), [_FEB_2026_QUESTION], "et si on attend avril ?", "en avril 2027"),
    (dt.date(2026, 11, 23), [_2025_QUESTION], "et si on attend avril ?", "en avril 2027"),
    (dt.date(2026, 11, 23), [_FEB_2026_QUESTION], "et si on lance en avril ?", "en avril 2027"),
])
def test_a_launch_gone_by_is_in_the_year_of_the_date_discussed(tracker_for, run, on, today, earlier, follow,
                                                               said):
    """A consultation discussed « en février 2026 », then « et si on l'avait
    lancée en avril ? » on 23 November 2026 was answered for April 2027 (a
    month without its year read ahead): April 2026, the year discussed, or
    the latest April when no date was; « et si on attend avril ? » stays
    ahead."""
    on(today)
    tracker = _after_questions(tracker_for(text=follow, intent="ask_procurement"), *earlier)
    words = plain(run(ActionAnswerQuestion(), tracker))
    assert words.startswith(("Pour 45 000 € HT", "Pour 50 000 € HT")), words
    assert f"ici {said}." in words, words
    # the thresholds of that date: 40 000 € HT before 1 April 2026, 60 000 € HT from it
    if said.endswith("2025"):
        assert "il faut un marché à procédure adaptée (MAPA)" in words and "(40 000 € HT)" in words, words
    else:
        assert "sous le seuil de dispense de 60 000 € HT" in words, words


def test_a_question_told_in_the_past_is_answered_in_the_year_discussed(tracker_for, run, on):
    """« si on avait publié en avril ? » after « pour 45 000 € HT en 2025… ? »
    on 23 November 2026: April 2025, not April 2026. A follow-up without
    « et » since session 16 (it got the table of the thresholds, not the
    route of the 45 000 € asked): the route of 45 000 € HT in April 2025,
    under the 40 000 € HT dispense threshold of then."""
    on(dt.date(2026, 11, 23))
    tracker = _after_questions(tracker_for(text="si on avait publié en avril ?", intent="ask_procurement"),
                               _2025_QUESTION)
    words = plain(run(ActionAnswerQuestion(), tracker))
    assert words.startswith("Pour 45 000 € HT, il faut un marché à procédure adaptée (MAPA)"), words
    assert "seuil de dispense (40 000 € HT)" in words and "en avril 2025" in words


def test_a_launch_gone_by_then_an_amount_keeps_its_date(tracker_for, run, on):
    """The date read in the past stays that of the chain: « et pour
    90 000 ? » after « et si on l'avait lancée en avril ? » after « …en
    2025 ? » is routed in April 2025 (not April 2026, the latest April)."""
    on(dt.date(2026, 11, 23))
    tracker = _after_questions(tracker_for(text="et pour 90 000 ?", intent="ask_procurement",
                                           entities=[{"entity": "amount", "value": "90 000"}]),
                               _2025_QUESTION, ("et si on l'avait lancée en avril ?", "ask_procurement", []))
    words = plain(run(ActionAnswerQuestion(), tracker))
    assert words.startswith("Pour 90 000 € HT") and "ici en avril 2025." in words, words


def test_a_month_heard_as_information_is_the_next_one(tracker_for, run, on):
    """« et en septembre ? » (inform) on 23 November 2026 was answered for
    September 2026, a month gone by: September 2027."""
    from actions.diagnostic import ActionStartDiagnostic

    on(dt.date(2026, 11, 23))
    tracker = _after_questions(tracker_for(text="et en septembre ?", intent="inform",
                                           entities=[{"entity": "date", "value": "2026-09"}]), _45K_QUESTION)
    words = plain(run(ActionStartDiagnostic(), tracker))
    assert words.startswith("Pour 45 000 € HT") and "ici en septembre 2027." in words, words
    assert "Faisons le point" not in words


@pytest.mark.parametrize("follow, amount", [
    ("même au-dessus de 1 million ?", "1 000 000 € HT"),
    ("et pour 2 M€ ?", "2 000 000 € HT"),
    ("et si c'est 250k ?", "250 000 € HT"),
])
def test_another_amount_above_the_european_threshold_gets_the_formalised_procedure(tracker_for, run, on, follow,
                                                                                  amount):
    """« même au-dessus de 1 million ? » after a route fell back: the route of
    that amount, a formalised procedure above the European threshold."""
    on(dt.date(2026, 11, 23))
    tracker = _after_questions(tracker_for(text=follow, intent="ask_procurement", entities=_amount(follow)),
                               _45K_QUESTION)
    words = plain(run(ActionAnswerQuestion(), tracker))
    assert words.startswith(f"Pour {amount}"), words
    assert "seuil européen de 216 000 € HT : une procédure formalisée s'impose" in words


def _date(text):
    from assistant.amounts import find_date_spans

    return [{"entity": "date", "value": s.value.iso} for s in find_date_spans(text)]


def test_a_year_after_and_is_the_date_of_the_amount_before(tracker_for, run, on):
    """r2-h1 (severe): « pour une amo de 70 000 HT c quoi la procedure », then
    « et 2025 ? » got « Pour 2 025 € HT […] sous le seuil de dispense », and
    « et en 2025 ? » after it kept 2 025 €. The year is the date asked: the
    70 000 € HT are routed with the thresholds of 2025."""
    on(dt.date(2026, 11, 23))
    first = ("pour une amo de 70 000 HT c quoi la procedure", "ask_procurement",
             _amount("pour une amo de 70 000 HT c quoi la procedure"))
    words = plain(run(ActionAnswerQuestion(), _after_questions(
        tracker_for(text="et 2025 ?", intent="ask_procurement",
                    entities=_amount("et 2025 ?") + _date("et 2025 ?")), first)))
    assert words.startswith("Pour 70 000 € HT") and "en 2025" in words, words
    assert "2 025 €" not in words and "MAPA" in words
    again = plain(run(ActionAnswerQuestion(), _after_questions(
        tracker_for(text="et en 2025 ?", intent="ask_procurement", entities=_date("et en 2025 ?")),
        first, ("et 2025 ?", "ask_procurement", _amount("et 2025 ?") + _date("et 2025 ?")))))
    assert again.startswith("Pour 70 000 € HT") and "en 2025" in again, again


def test_a_year_with_a_currency_after_and_stays_an_amount(tracker_for, run, on):
    """« et pour 2025 € ? » says euros: an amount, not a year."""
    on(dt.date(2026, 11, 23))
    words = plain(run(ActionAnswerQuestion(), _after_questions(
        tracker_for(text="et pour 2025 € ?", intent="ask_procurement", entities=_amount("et pour 2025 € ?")),
        _45K_QUESTION)))
    assert words.startswith("Pour 2 025 € HT"), words


def test_works_after_the_dispense_threshold_is_the_dispense_threshold_of_works(tracker_for, run, on):
    """r2-c1: « c koi le seuil de dispense ? » (60 000 € HT), then « et pour
    des travaux ? » got the AMO's independence: the works' dispense
    threshold (100 000 € HT in the data)."""
    on(dt.date(2026, 11, 23))
    words = plain(run(ActionAnswerQuestion(), _after_questions(
        tracker_for(text="et pour des travaux ?", intent="ask_procurement"),
        ("c koi le seuil de dispense ?", "ask_procurement", []))))
    assert words.startswith("100 000 € HT : sous ce montant, un marché de travaux"), words
    assert "Seuils en vigueur" not in words and "60 000" not in words and "indépendant" not in words


def test_an_amount_at_these_two_dates_is_routed_at_each(tracker_for, run, on):
    """r2-g5: « seuil de dispense au 15 mars 2026 et au 15 avril 2026 svp »,
    then « et pour 50 000 € à ces deux dates ? » got the route at 15 March
    only: a MAPA then (dispense 40 000 € HT), under the dispense of
    60 000 € HT on 15 April."""
    on(dt.date(2026, 11, 23))
    text = "et pour 50 000 € à ces deux dates ?"
    result = run(ActionAnswerQuestion(), _after_questions(
        tracker_for(text=text, intent="ask_procurement", entities=_amount(text)),
        ("Bonjour, seuil de dispense au 15 mars 2026 et au 15 avril 2026 svp", "ask_procurement",
         [{"entity": "date", "value": "2026-03-15"}, {"entity": "date", "value": "2026-04-15"}])))
    words = plain(result)
    march, april = words.index("le 15 mars 2026"), words.index("le 15 avril 2026")
    assert march < april, words
    assert "MAPA" in words[:march] and "sous le seuil de dispense de 60 000 € HT" in words[march:], words
    assert words.count("montant lu hors taxes") == 1


_YEARLY = "amo 35 000 par an pendant 3 ans, reconductible, procédure ?"


def test_one_year_only_after_a_yearly_amount_is_the_value_of_one_year(tracker_for, run, on):
    """r2-f2: after « amo 35 000 par an pendant 3 ans… » (105 000 € HT, a
    MAPA with an advertisement), « et si on fait que 1 an ? » was not
    understood: the need's value is that of the whole duration, 35 000 € HT
    over one year, with its route."""
    on(dt.date(2026, 11, 23))
    words = plain(run(ActionAnswerQuestion(), _after_questions(
        tracker_for(text="et si on fait que 1 an ?", intent="ask_procurement"),
        (_YEARLY, "ask_procurement", _amount(_YEARLY)))))
    assert words.startswith("Sur 1 an : 35 000 € HT au lieu de 105 000 € HT"), words
    assert "reconductions prévues au contrat comptent" in words and "R2121-1" in words
    assert "Pour 35 000 € HT" in words and "sous le seuil de dispense de 60 000 € HT" in words


def test_one_year_only_after_an_amount_not_per_year_asks_for_it(tracker_for, run, on):
    on(dt.date(2026, 11, 23))
    first = "mission AMO 70 000 € HT, quelle procédure ?"
    words = plain(run(ActionAnswerQuestion(), _after_questions(
        tracker_for(text="et si on fait que 1 an ?", intent="ask_procurement"),
        (first, "ask_procurement", _amount(first)))))
    assert words.startswith("Le montant que vous m'avez donné (70 000 € HT) n'est pas détaillé par année"), words
    assert "le montant sur 1 an" in words and "MAPA" not in words


# -------------------------------------------------- live test, session 15: dates and buyers

AWARD_IN_MARCH = ("Bonjour, en mars 2026 nous avons confié sans mise en concurrence une AMO de 52 000 € HT "
                  "pour notre schéma directeur numérique. Était-ce régulier ?")


@pytest.mark.parametrize("text", [
    AWARD_IN_MARCH,
    "Nous avons confié en mars 2026 une AMO de 52 000 € HT sans consultation. Régulier ?",
    "en mars 2026 on a conclu un marché d'AMO de 52 000 € HT sans publicité, c'était légal ?",
    "avions-nous le droit de confier en mars 2026 une étude de 52 000 € sans mise en concurrence ?",
])
def test_a_past_award_asked_about_is_read_at_its_date(tracker_for, run, on, text):
    """« …confié en mars 2026… Était-ce régulier ? » was read at today's
    thresholds (dispense under 60 000 €: « vous pouvez conclure… sans
    mise en concurrence »); in March 2026 the dispense threshold was
    40 000 € HT (décret 2019-1344): 52 000 € needed a MAPA."""
    on(dt.date(2026, 11, 23))
    words = plain(ask(tracker_for, run, text, "ask_procurement"))
    assert "marché à procédure adaptée" in words and "40 000 € HT" in words, words
    assert "mars 2026" in words and "sous le seuil de dispense" not in words


def test_a_date_mentioned_as_an_earlier_event_still_is_not_the_question_date(tracker_for, run, on):
    """The awarding of an earlier mission named, without asking whether it was
    lawful: the question is about a consultation today."""
    on(dt.date(2026, 11, 23))
    words = plain(ask(tracker_for, run, "le bureau a qui nous avons confié notre schéma en 2024, peut on le "
                                        "reprendre pour 30 000 € ?", "ask_procurement"))
    assert "60 000 € HT" in words and "40 000" not in words, words     # (2024: 40 000 €)


def test_the_date_corrected_after_a_route_read_today(tracker_for, run, on):
    """« non mais c'était en mars 2026, pas aujourd'hui » after the route of
    52 000 € read today got « D'accord. Je reste à votre disposition »: the
    same amount, in March 2026."""
    on(dt.date(2026, 11, 23))
    tracker = after_message(tracker_for(text="non mais c'était en mars 2026, pas aujourd'hui",
                                        intent="ask_procurement"),
                            "une AMO de 52 000 € HT sans mise en concurrence, c'est bon ?", "ask_procurement")
    words = plain(run(ActionAnswerQuestion(), tracker))
    assert "Pour 52 000 € HT" in words and "40 000 € HT" in words and "mars 2026" in words, words


@pytest.mark.parametrize("text, threshold, other", [
    ("Quel est le seuil européen pour une entité adjudicatrice en 2026 ?", "432 000 € HT", "216 000 € HT"),
    ("on est entité adjudicatrice, c'est quoi le seuil européen pour nous ?", "432 000 € HT", "216 000 € HT"),
    ("seuil europeen des entites adjudicatrices en 2025 ?", "443 000 € HT", "221 000 € HT"),
    ("le seuil européen dans les secteurs spéciaux c'est combien ?", "432 000 € HT", "216 000 € HT"),
])
def test_the_contracting_entities_threshold(tracker_for, run, on, text, threshold, other):
    """A syndicat d'énergie asking the European threshold of an entité
    adjudicatrice got the local authorities' 216 000 €: 432 000 € HT from
    1 January 2026 (443 000 € in 2024–2025, facts.md), then whom it holds
    for and the local authorities' threshold for the other purchases."""
    on(dt.date(2026, 11, 23))
    words = plain(ask(tracker_for, run, text, "ask_procurement"))
    assert words.index(threshold) < words.index(other), words
    assert "opérateur de réseau" in words and "service juridique" in words


def test_without_a_contracting_entity_named_the_local_threshold_stands(tracker_for, run, on):
    on(dt.date(2026, 11, 23))
    words = plain(ask(tracker_for, run, "quel est le seuil européen ?", "ask_procurement"))
    assert "216 000 € HT" in words and "432 000" not in words and "opérateur de réseau" not in words


def test_the_general_notes_of_a_route_answer_are_said_once(tracker_for, run, on):
    """The value to count (the whole need, R2121-1) and the doubt on the date
    of the environmental criterion ended every route answer; the live test
    (session 15) read them three times in a row. Said once per conversation;
    what depends on the amount is always said."""
    from actions.procurement import repeated_notes

    on(dt.date(2026, 11, 23))
    value_note, criterion_doubt = repeated_notes()
    first = run(ActionAnswerQuestion(), tracker_for(text="pour 80 000 € HT quelle procédure ?", intent="ask_procurement",
                                                    entities=[{"entity": "amount", "value": "80 000 € HT"}]))
    assert value_note in first.text and criterion_doubt in first.text
    second_tracker = tracker_for(text="et pour 250 000 € HT ?", intent="ask_procurement",
                                 entities=[{"entity": "amount", "value": "250 000 € HT"}])
    second_tracker.events[:0] = [{"event": "user", "text": "pour 80 000 € HT quelle procédure ?",
                                  "parse_data": {"intent": {"name": "ask_procurement"}, "entities": []}},
                                 *({"event": "bot", "text": t} for t in first.texts),
                                 {"event": "action", "name": "action_listen"}]
    second = run(ActionAnswerQuestion(), second_tracker)
    words = plain(second)
    assert value_note not in second.text and criterion_doubt not in second.text
    assert "250 000 € HT" in words and "procédure formalisée" in words and "L2152-7" in words
    assert all(m.get("text") and not m["text"].startswith("Source") for m in second.messages), second.texts
    assert len(second.texts) < len(first.texts) or sum(map(len, second.texts)) < sum(map(len, first.texts))
    # a new conversation hears them again
    again = run(ActionAnswerQuestion(), tracker_for(text="et pour 250 000 € HT ?", intent="ask_procurement",
                                                    entities=[{"entity": "amount", "value": "250 000 € HT"}]))
    assert value_note in again.text
    # so does a conversation restarted since (« recommencer »)
    second_tracker.events.insert(len(second_tracker.events) - 1, {"event": "restart"})
    assert value_note in run(ActionAnswerQuestion(), second_tracker).text


def test_adding_the_amo_to_the_works_is_answered_no_with_each_route(tracker_for, run, on):
    """« l'AMO … c'est 12 000 € HT, je dois additionner avec les 85 000 de
    travaux pour le seuil ? » (ask_splitting 0.90) got the splitting lecture
    ending on « additionnez-les » (live test, session 15): no, and each
    purchase against its own thresholds."""
    on(dt.date(2026, 11, 23))
    text = "l'AMO pour l'école c'est 12 000 € HT, je dois additionner avec les 85 000 de travaux pour le seuil ?"
    result = run(ActionAnswerQuestion(), tracker_for(text=text, intent="ask_splitting"))
    words = plain(result)
    assert result.texts[0].startswith("Non") and "deux achats distincts" in words
    assert "additionnez-les" not in words and "saucissonnage" not in words
    assert "Pour 12 000 € HT, vous êtes sous le seuil de dispense de 60 000 € HT" in words
    assert "Pour 85 000 € HT, vous êtes sous le seuil de dispense de 100 000 € HT" in words
    # one purchase only: still the splitting answer
    alone = run(ActionAnswerQuestion(), tracker_for(text="on peut découper l'étude en deux ?", intent="ask_splitting"))
    assert "saucissonnage" in plain(alone)


@pytest.mark.parametrize("text, first", [
    ("vous êtes sûr pour 216 000 ? j'avais 443 000 en tête pour les entités adjudicatrices",
     "Plus maintenant : le seuil européen des services (entités adjudicatrices, défense) était de 443 000 € HT"),
    ("le seuil des entités adjudicatrices c'est bien 432 000 € ?", "Oui : le seuil européen des services"),
    ("216 000 pour une entité adjudicatrice ?", "432 000 € HT : seuil européen des fournitures et services"),
])
def test_thresholds_quoted_for_an_entite_adjudicatrice_are_checked_not_routed(tracker_for, run, on, text, first):
    """The values were read as two budgets (« J'ai lu plusieurs montants…
    Quel est le montant total estimé ? », live test, session 15): checked
    against the entités adjudicatrices' threshold (432 000 € HT since
    1 January 2026), then whom it is for."""
    on(dt.date(2026, 11, 23))
    result = run(ActionAnswerQuestion(), tracker_for(text=text, intent="ask_procurement"))
    words = plain(result)
    assert words.startswith(first), words
    assert "432 000 € HT" in words and "opérateur de réseau" in words and "216 000 € HT" in words
    assert "plusieurs montants" not in words and "Pour 216 000" not in words


def test_a_price_for_an_entite_adjudicatrice_is_still_routed(tracker_for, run, on):
    on(dt.date(2026, 11, 23))
    result = run(ActionAnswerQuestion(), tracker_for(text="entité adjudicatrice, une étude à 50 000 €, quelle procédure ?",
                                                     intent="ask_procurement"))
    assert "Pour 50 000 € HT" in plain(result)


@pytest.mark.parametrize("text", [
    "Mais pour nos achats liés au réseau de distribution on est entité adjudicatrice non ? le seuil n'est pas plus haut ?",
    "Je parle du seuil des entités adjudicatrices (secteurs spéciaux, énergie)",
])
def test_the_contracting_entities_threshold_heard_as_information_is_answered(tracker_for, run, on, text):
    """Both started the diagnostic (« Faisons le point… », « J'ai noté :
    énergie »; live test, session 15): the entités adjudicatrices' threshold
    and whom it is for, and no form."""
    from actions.diagnostic import ActionStartDiagnostic

    on(dt.date(2026, 11, 23))
    result = run(ActionStartDiagnostic(), tracker_for(text=text, intent="inform"))
    words = plain(result)
    assert words.startswith("432 000 € HT : seuil européen"), words
    assert "Faisons le point" not in words and not result.slots
    # the works, or another threshold, are not this one
    works = run(ActionAnswerQuestion(), tracker_for(text="le seuil européen des travaux pour une entité adjudicatrice ?",
                                                    intent="ask_procurement"))
    assert "432 000" not in plain(works)


@pytest.mark.parametrize("text, said", [
    ("entité adjudicatrice, une étude à 300 000 €, quelle procédure ?",
     "Pour une entité adjudicatrice, 300 000 € HT reste sous son seuil européen de 432 000 € HT"),
    ("on est entité adjudicatrice, AMO de 500 000 € HT : appel d'offres ?",
     "Pour une entité adjudicatrice, 500 000 € HT atteint son seuil européen de 432 000 € HT"),
])
def test_a_price_of_an_entite_adjudicatrice_is_set_against_its_own_eu_threshold(tracker_for, run, on, text, said):
    """300 000 € got « une procédure formalisée s'impose » from the local
    authorities' 216 000 € HT. Over the dispense threshold (the same for
    every buyer), its own EU threshold decides; its MAPA publicity rules,
    not in the data, are left to its legal service."""
    on(dt.date(2026, 11, 23))
    words = plain(run(ActionAnswerQuestion(), tracker_for(text=text, intent="ask_procurement")))
    assert words.startswith(said), words
    assert "216 000 € HT" in words and "opérateur de réseau" in words     # (its other purchases)
    if "300 000" in text:
        assert "procédure formalisée s'impose" not in words and "service juridique" in words


@pytest.mark.parametrize("follow, intent, said, slots", [
    # they started the diagnostic (live test, session 17)
    ("et en TTC ?", "inform", "Pour 45 000 € TTC (37 500 € HT), vous êtes sous le seuil de dispense", {}),
    ("et pour une interco c pareil ?", "inform", "Oui, c'est pareil : une intercommunalité suit les mêmes seuils",
     {"structure_type": None}),
    ("et si on l'avait lancé le 2 mars ?", "start_diagnostic", "Pour 45 000 € HT, il faut un marché à procédure adaptée",
     {}),
])
def test_a_follow_up_of_a_procurement_answer_is_no_start_of_the_diagnostic(tracker_for, run, on, follow, intent,
                                                                           said, slots):
    from actions.diagnostic import ActionStartDiagnostic

    on(dt.date(2026, 11, 23))
    entities = [{"entity": "structure_type", "value": "epci"}] if "interco" in follow else []
    tracker = _after_questions(tracker_for(text=follow, intent=intent, entities=entities), _45K_QUESTION)
    result = run(ActionStartDiagnostic(), tracker)
    words = plain(result)
    assert words.startswith(said) and "Faisons le point" not in words
    for slot, value in slots.items():
        assert result.slots[slot] == value      # (the structure asked about is not the user's)


@pytest.mark.parametrize("intent", ["inform", "ask_procurement"])
def test_a_tax_follow_up_after_a_date_follow_up_keeps_the_amount_and_the_date(tracker_for, run, on, intent):
    """« pour 45k… » then « et en 2024 ? » then « et en TTC ? » got today's
    thresholds, the amount forgotten (live test, session 18)."""
    from actions.diagnostic import ActionStartDiagnostic

    on(dt.date(2026, 11, 24))
    tracker = _after_questions(tracker_for(text="et en TTC ?", intent=intent),
                               ("pour 45k faut il mettre en concurrence ?", "ask_procurement",
                                [{"entity": "amount", "value": "45k"}]),
                               ("et en 2024 ?", "ask_procurement", [{"entity": "date", "value": "2024"}]))
    action = ActionStartDiagnostic() if intent == "inform" else ActionAnswerQuestion()
    words = plain(run(action, tracker))
    assert words.startswith("Pour 45 000 € TTC (37 500 € HT), vous êtes sous le seuil de dispense de 40 000 € HT")
    assert "ici en 2024" in words and "Seuils en vigueur" not in words


@pytest.mark.parametrize("text, tax", [("et en TTC ?", "ttc"), ("et si c'est TTC ?", "ttc"), ("et avec la TVA ?", "ttc"),
                                       ("et s'il est HT ?", "ht"), ("et en 2028 ?", None),
                                       ("et pour 45 000 TTC ?", None), ("c'est HT ou TTC ?", None)])
def test_a_tax_follow_up(text, tax):
    from assistant.amounts import tax_follow_up

    assert tax_follow_up(text) == tax


@pytest.mark.parametrize("text, structure", [("et pour une interco c pareil ?", "epci"),
                                             ("et pour un syndicat mixte aussi ?", "syndicat"),
                                             ("et pour une interco ?", "epci"),
                                             ("et pour une commune de 800 habitants ?", None), ("et en 2028 ?", None)])
def test_a_structure_follow_up(text, structure):
    from assistant.answers import structure_follow_up

    assert structure_follow_up(text) == structure


@pytest.mark.parametrize("text, intent, said", [
    # (live test, session 17: the whole list, the threshold again, « De quel terme parlez-vous ? »)
    ("c'est HT ou TTC vos seuils ?", "ask_procurement", "Hors taxes : tous les seuils de la commande publique"),
    ("les seuils sont avec la TVA ?", "ask_procurement", "Hors taxes : tous les seuils"),
    ("le seuil de 60000 ca fait combien en TTC ?", "ask_procurement",
     "60 000 € HT correspondent à 72 000 € TTC avec la TVA à 20 %"),
    ("entre 40 et 90k c quoi la procedure", "ask_definition", "Vous indiquez une fourchette de 40 000 € HT à 90 000 € HT"),
])
def test_tax_of_the_thresholds_and_a_range_asked(tracker_for, run, on, text, intent, said):
    on(dt.date(2026, 11, 23))
    words = plain(ask(tracker_for, run, text, intent))
    assert words.startswith(said), words


@pytest.mark.parametrize("follow", ["et au dessus ?", "et au-delà ?", "au dessus de ce seuil ?"])
def test_above_a_threshold_asked_come_the_thresholds_above_it(tracker_for, run, on, follow):
    """Live test, session 22: « et au dessus ? » after « le seuil de dispense
    c'était combien en … ? » was not understood (and, during the diagnostic,
    counted as a failed answer). It asks for the thresholds above the one
    given, at the same date: the BOAMP/JAL notice and the European threshold."""
    from actions.hygiene import ActionDefaultFallback
    on(dt.date(2026, 11, 24))
    tracker = after_message(tracker_for(text=follow, intent="nlu_fallback"),
                            "le seuil de dispense c'était combien en 2025 ?", "ask_procurement")
    text = plain(run(ActionDefaultFallback(), tracker))
    assert "90 000 € HT" in text and "221 000 € HT" in text, text
    assert "40 000 € HT" not in text and "pas compris" not in text, text
    # Today: the thresholds in force now
    today = after_message(tracker_for(text=follow, intent="nlu_fallback"),
                          "c'est quoi le seuil de dispense ?", "ask_procurement")
    text = plain(run(ActionDefaultFallback(), today))
    assert "216 000 € HT" in text and "60 000 € HT" not in text, text


@pytest.mark.parametrize("first, follow, said", [
    # live test, session 25: « Vouliez-vous parler de : Dire au revoir »
    ("quel est le seuil pour publier au BOAMP ?", "et au JOUE ?", "216 000 € HT"),
    ("c'est quoi le seuil en dessous duquel on peut faire du gré à gré ?", "et pour un appel d'offres ?",
     "216 000 € HT"),
])
def test_another_threshold_named_after_one(tracker_for, run, on, first, follow, said):
    from actions.hygiene import ActionDefaultFallback
    on(dt.date(2026, 11, 25))
    tracker = after_message(tracker_for(text=follow, intent="nlu_fallback"), first, "ask_procurement")
    text = plain(run(ActionDefaultFallback(), tracker))
    assert text.startswith(said) and "90 000" not in text and "pas compris" not in text, text


@pytest.mark.parametrize("first, follow", [
    # live tests, sessions 24 and 25: out of scope, or the table of all thresholds
    ("c'est quoi le seuil du gré à gré ?", "depuis quand ?"),
    ("on m'a dit que sous 40 000 on peut signer direct, c toujours vrai ?", "et depuis quand ça a changé ?"),
])
@pytest.mark.parametrize("intent", ["ask_procurement", "out_of_scope"])
def test_since_when_after_a_threshold_gives_that_threshold_and_its_date(tracker_for, run, on, first, follow,
                                                                         intent):
    from actions.diagnostic import ActionOutOfScope
    on(dt.date(2026, 11, 25))
    tracker = after_message(tracker_for(text=follow, intent=intent), first, "ask_procurement")
    action = ActionAnswerQuestion() if intent == "ask_procurement" else ActionOutOfScope()
    text = plain(run(action, tracker))
    assert text.startswith("60 000 € HT : sous ce montant") and "depuis le 1er avril 2026" in text, text
    assert "Seuils en vigueur" not in text


def test_above_the_european_threshold_is_not_read_as_a_threshold_question(tracker_for, run, on):
    from assistant.questions import roles_above
    assert roles_above(("eu_threshold",)) == () and roles_above(("written_contract",)) == ()
    assert roles_above(("dispense",)) == ("publicity", "eu_threshold")


@pytest.mark.parametrize("asked", ["structure_type", "population"])
def test_above_a_threshold_during_the_diagnostic_is_answered_not_a_failed_answer(tracker_for, on, domain, asked):
    """The live case: the structure waited; « et au dessus ? » got « Je laisse
    cette question de côté »."""
    from tests.actions.form_helpers import run_form, typed_while_asked
    on(dt.date(2026, 11, 24))
    tracker = after_message(typed_while_asked(tracker_for, "et au dessus ?", asked, intent="nlu_fallback"),
                            "le seuil de dispense c'était combien en 2025 ?", "ask_procurement")
    slots, messages = run_form(tracker, domain)
    text = " ".join(m.get("text") or "" for m in messages).replace("\u202f", " ").replace("\u00a0", " ")
    assert "221 000 € HT" in text and "de côté" not in text, text
    assert slots.get(asked) is None


DIAGNOSED = {"structure_type": "commune", "population": 5000, "project": "réseau de chaleur bois",
             "theme": "energie", "amount": 40000.0, "amount_ttc": 48000.0}


@pytest.mark.parametrize("intent", ["ask_splitting", "ask_procurement"])
def test_an_option_added_to_the_budget_noted_is_its_total_and_route(tracker_for, run, on, intent):
    """Live test, session 23: « et si on veut rajouter une option a 15 000 ? »
    while the diagnostic had noted 48 000 € TTC (40 000 € HT) got the lecture
    on splitting, without the total. The need with the option, 55 000 € HT,
    and its route at today's date (under the 60 000 € HT dispense threshold);
    the budget noted unchanged."""
    from actions.faq import ActionAnswerQuestion

    on(dt.date(2026, 11, 24))
    result = run(ActionAnswerQuestion(), tracker_for(text="et si on veut rajouter une option a 15 000 ?",
                                                     intent=intent, slots=DIAGNOSED,
                                                     active_loop="diagnostic_form"))
    words = result.text.replace("\u202f", " ").replace("\u00a0", " ")
    assert "40 000 + 15 000 = 55 000 € HT" in words, words
    assert "sous le seuil de dispense de 60 000 € HT" in words and "saucissonnage" not in words, words
    assert "amount" not in result.slots


def test_an_option_that_crosses_the_threshold(tracker_for, run, on):
    from actions.faq import ActionAnswerQuestion

    on(dt.date(2026, 11, 24))
    result = run(ActionAnswerQuestion(), tracker_for(text="et avec une option de 25 000 ?", intent="ask_splitting",
                                                     slots=DIAGNOSED))
    words = result.text.replace("\u202f", " ").replace("\u00a0", " ")
    assert "40 000 + 25 000 = 65 000 € HT" in words and "dispense de 60 000" not in words.split("=")[0], words
    assert "MAPA" in words or "procédure adaptée" in words, words


def test_an_option_added_with_no_budget_noted_is_the_splitting_answer(tracker_for, run):
    from actions.faq import ActionAnswerQuestion

    result = run(ActionAnswerQuestion(), tracker_for(text="et si on veut rajouter une option a 15 000 ?",
                                                     intent="ask_splitting"))
    assert "55 000" not in result.text


def test_an_option_asked_in_the_form_keeps_the_budget(tracker_for, domain, on):
    """The same question heard as information while the need waits: answered,
    the budget noted stays 40 000 € HT."""
    from tests.actions.form_helpers import run_form, typed_while_asked

    on(dt.date(2026, 11, 24))
    text = "et si on veut rajouter une option a 15 000 ?"
    tracker = typed_while_asked(tracker_for, text, "need_kinds", slots=DIAGNOSED)
    tracker.events.append({"event": "slot", "name": "amount", "value": 15000.0})
    tracker.slots["amount"] = 15000.0
    slots, messages = run_form(tracker, domain)
    said = " ".join(m.get("text") or "" for m in messages).replace("\u202f", " ").replace("\u00a0", " ")
    assert "40 000 + 15 000 = 55 000 € HT" in said, said
    assert slots.get("amount") == 40000.0 and slots.get("need_kinds") is None, slots


def test_services_after_the_threshold_of_works_is_the_threshold_of_services(tracker_for, run, on):
    """Live test, session 24: « quel est le seuil pour les travaux ? »
    (100 000 € HT), then « et pour les services ? » got the partners (and,
    read as a follow-up, the works' threshold again)."""
    on(dt.date(2026, 11, 24))
    words = plain(run(ActionAnswerQuestion(), _after_questions(
        tracker_for(text="et pour les services ?", intent="ask_procurement"),
        ("bonjour, quel est le seuil pour les travaux ?", "ask_procurement", []))))
    assert "60 000 € HT : sous ce montant, un marché de services" in words, words
    assert "100 000" not in words


def test_another_public_buyer_after_an_spl_is_no_start_of_the_diagnostic(tracker_for, run, on):
    """« et à la commune voisine ? » after « est-ce qu'on peut confier l'AMO à
    la SPL dont on est actionnaire sans mise en concurrence ? » started the
    diagnostic with « commune » (live test, session 26)."""
    from actions.diagnostic import ActionStartDiagnostic

    on(dt.date(2026, 11, 25))
    tracker = _after_questions(
        tracker_for(text="et à la commune voisine ?", intent="inform",
                    entities=[{"entity": "structure_type", "value": "commune"}], slots={"structure_type": "commune"}),
        ("est-ce qu'on peut confier l'AMO à la SPL dont on est actionnaire sans mise en concurrence ?",
         "ask_procurement", []))
    result = run(ActionStartDiagnostic(), tracker)
    words = plain(result)
    assert "coopération « public-public » (art. L2511-6)" in words and "Faisons le point" not in words
    assert result.slots["structure_type"] is None


def test_the_same_rules_asked_for_a_commune_are_not_compared_with_a_commune(tracker_for, run, on):
    """« et pour une commune ? » after a procurement answer got « une commune
    suit les mêmes seuils … qu'une commune » (live test, session 26)."""
    from actions.diagnostic import ActionStartDiagnostic

    on(dt.date(2026, 11, 25))
    tracker = _after_questions(tracker_for(text="et pour une commune ?", intent="inform",
                                           entities=[{"entity": "structure_type", "value": "commune"}]),
                               _45K_QUESTION)
    words = plain(run(ActionStartDiagnostic(), tracker))
    assert words.startswith("Oui, c'est pareil : une commune suit les mêmes seuils et les mêmes procédures "
                            "qu'une intercommunalité ou un syndicat")
