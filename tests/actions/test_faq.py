"""Questions answered at any time: content comes from the knowledge data and
the procurement computation at the date of the question."""
import datetime as dt

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from actions import clock
from actions.faq import TOPIC_OF_INTENT, ActionAnswerQuestion

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.fixture
def on(monkeypatch):
    def set_today(day: dt.date):
        monkeypatch.setattr(clock, "today", lambda: day)
    return set_today


def ask(tracker_for, run, text, intent, entities=None, slots=None):
    return run(ActionAnswerQuestion(), tracker_for(text=text, intent=intent, entities=entities, slots=slots))


def test_every_topic_intent_has_a_short_answer_with_its_public_sources(tracker_for, run):
    """At most 4 messages of 600 characters; the public texts behind the answer
    close it, not the seed fiche's references (secretaire's report M5)."""
    for intent in TOPIC_OF_INTENT:
        result = ask(tracker_for, run, "question", intent)
        assert 1 <= len(result.texts) <= 4 and all(len(t) <= 600 for t in result.texts), intent
        assert "Fiche source" not in result.text, intent
        assert "Source" not in "\n".join(result.texts[:-1]), intent


def test_after_the_diagnostic_details_are_for_the_profile(tracker_for, run):
    """The buttons under the result: risks and points to prepare for the
    answers given, partners with the notes of the result."""
    done = {"structure_type": "commune", "population": 640, "project": "eclairage public led",
            "theme": "energie", "need_kinds": ["capacite"], "duration": "ponctuel",
            "internal_resources": "aucune", "partners_status": "non_consultes", "sponsor": "non",
            "amount": 30000.0, "diagnostic_done": True}
    risks = ask(tracker_for, run, "/ask_risks", "ask_risks", slots=done)
    assert risks.texts[0].startswith("Pour votre projet") and "Portage politique faible" in risks.text
    general = ask(tracker_for, run, "/ask_risks", "ask_risks", slots={**done, "diagnostic_done": None})
    assert general.texts[0].startswith("Les principaux risques")
    checklist = ask(tracker_for, run, "/ask_success_conditions", "ask_success_conditions", slots=done)
    assert checklist.texts[0].startswith("À prévoir en priorité") and "Portage politique" in checklist.text
    partners = ask(tracker_for, run, "/ask_partners", "ask_partners", slots=done)
    assert "syndicat" in partners.text.lower() and "L2511-6" in partners.text
    for answer in (risks, checklist, partners):
        assert len(answer.texts) <= 4 and all(len(t) <= 600 for t in answer.texts)


def test_definition_from_entity(tracker_for, run):
    result = ask(tracker_for, run, "c'est quoi un moe", "ask_definition",
                 entities=[{"entity": "term", "value": "moe"}])
    assert "maître d'œuvre (MOE)" in result.text and "conçoit" in result.text


def test_definition_found_in_text_without_entity(tracker_for, run):
    result = ask(tracker_for, run, "ca veut dire quoi mandataire ?", "ask_definition")
    assert "mandataire" in result.text.lower() and "L2422-5" in result.text


def test_definition_without_term_asks_which(tracker_for, run):
    result = ask(tracker_for, run, "une définition svp", "ask_definition")
    assert "quel terme" in result.text.lower() and len(result.buttons) == 4


def test_price_never_gives_a_range(tracker_for, run):
    result = ask(tracker_for, run, "combien coute un amo", "ask_price")
    assert "€" not in result.text.replace("€ HT", "")


def test_named_partner(tracker_for, run):
    result = ask(tracker_for, run, "c'est quoi le caue", "ask_partners",
                 entities=[{"entity": "partner", "value": "caue"}])
    assert "CAUE" in result.text and "maître d'œuvre" in result.text


def test_the_agency_of_the_departement_gets_its_own_card(tracker_for, run):
    """maire M6: « l'agence technique du departement aussi ? », heard as the
    département, got the Conseil départemental's card; the agency is in the
    partners data, and « la joindre » agrees with « l'agence »."""
    result = ask(tracker_for, run, "l'agence technique du departement aussi ?", "ask_partners",
                 entities=[{"entity": "partner", "value": "departement"}])
    assert result.text.startswith("**Agence technique départementale**")
    assert "Conseil départemental" not in result.text
    assert f"Pour la joindre{NBSP}: l'agence technique de votre département" in result.text
    department = ask(tracker_for, run, "et le conseil départemental ?", "ask_partners",
                     entities=[{"entity": "partner", "value": "departement"}])
    assert department.text.startswith("**Conseil départemental**")
    assert f"Pour le joindre{NBSP}:" in department.text


def test_a_partner_card_names_its_open_programmes(tracker_for, run, on):
    """maire M6: the ANCT's card said nothing of Villages d'avenir, which the
    partners data has; Petites villes de demain, ended in March 2026, is not
    offered after it."""
    on(dt.date(2026, 11, 22))
    result = ask(tracker_for, run, "et l'ANCT ? on est village d'avenir", "ask_partners",
                 entities=[{"entity": "partner", "value": "anct"}])
    assert f"Pour la joindre{NBSP}: la préfecture" in result.text
    assert "**Villages d'avenir**" in result.text and "Petites villes de demain" not in result.text
    assert len(result.texts) <= 4 and all(len(t) <= 600 for t in result.texts)
    on(dt.date(2026, 3, 1))
    before = ask(tracker_for, run, "et l'ANCT ?", "ask_partners",
                 entities=[{"entity": "partner", "value": "anct"}])
    assert "Petites villes de demain" in before.text


def test_partners_for_the_profile(tracker_for, run):
    result = ask(tracker_for, run, "qui peut nous aider gratuitement", "ask_partners",
                 slots={"structure_type": "commune", "population": 800, "theme": "energie"})
    assert "syndicat" in result.text.lower()


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


def test_absurd_amount_in_a_question_is_refused(tracker_for, run):
    result = ask(tracker_for, run, "pour -5 € ?", "ask_procurement",
                 entities=[{"entity": "amount", "value": "-5 €"}])
    assert "HT" in result.text and "dispense" not in result.text


def test_summary_before_the_diagnostic_offers_to_do_it(tracker_for, run):
    result = ask(tracker_for, run, "la synthese svp", "ask_summary")
    assert result.buttons[0]["payload"] == "/start_diagnostic"


def _after(tracker, text, intent, entities=()):
    """The tracker, with an earlier user message before its latest one."""
    earlier = {"event": "user", "text": text,
               "parse_data": {"intent": {"name": intent}, "entities": list(entities)}}
    tracker.events[:0] = [earlier, {"event": "bot", "text": "…"},
                          {"event": "action", "name": "action_listen"}]
    return tracker


def test_a_follow_up_changes_the_date_and_keeps_the_amount(tracker_for, run, on):
    """« pour 45 000 €… ? » then « et au 15 mars 2026 ? »: the same amount,
    at the new date (MAPA under the former 40 000 € threshold)."""
    on(dt.date(2026, 11, 22))
    tracker = _after(tracker_for(text="et au 15 mars 2026 ?", intent="ask_procurement"),
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
    result = run(ActionAnswerQuestion(), _after(tracker_for(text=follow, intent="ask_procurement"),
                                                earlier, "ask_amo_mandatory"))
    assert result.texts[0].startswith("Je reprends le montant de votre message précédent")
    assert "12" + NNBSP + "000" in result.texts[1] and "Seuils en vigueur" not in result.text
    # « 12000 euros » says neither HT nor TTC: said to be read as HT (final retest S-H8)
    assert plain(result).count("montant lu hors taxes") == 1
    assert "Pour 12 000 € HT (montant lu hors taxes ; s'il est TTC, divisez-le par 1,2 : 10 000 € HT), " \
           "vous êtes sous le seuil de dispense" in plain(result)
    table = run(ActionAnswerQuestion(), _after(tracker_for(text=follow, intent="ask_procurement"),
                                               "bonjour, une question", "greet"))
    assert "Seuils en vigueur" in table.text and "message précédent" not in table.text


def test_a_follow_up_changes_the_amount_and_keeps_the_date(tracker_for, run, on):
    on(dt.date(2026, 11, 22))
    tracker = _after(tracker_for(text="et pour 45 000 € ?", intent="ask_procurement",
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
    tracker = _after(tracker_for(text="et en novembre 2025 ?", intent="ask_procurement"),
                     "on pensait faire deux lots, chacun à 35 000 € HT, pour rester sous le seuil ?",
                     "ask_splitting", [{"entity": "amount", "value": "35 000 € HT"}])
    result = run(ActionAnswerQuestion(), tracker)
    assert "Pour 70" + NNBSP + "000" in result.text and "MAPA" in result.text, result.texts
    assert "novembre 2025" in result.text and "Seuils en vigueur" not in result.text


def test_without_a_follow_up_nothing_is_carried_over(tracker_for, run, on):
    """A new full question, or an earlier question that was not about
    procurement, starts afresh: today's thresholds, no amount of before."""
    on(dt.date(2026, 11, 22))
    tracker = _after(tracker_for(text="quels sont les seuils ?", intent="ask_procurement"),
                     "pour 45 000 € au 15 mars 2026 ?", "ask_procurement",
                     [{"entity": "amount", "value": "45 000 €"}])
    assert "45" + NNBSP + "000" not in run(ActionAnswerQuestion(), tracker).text
    tracker = _after(tracker_for(text="et en 2024 ?", intent="ask_procurement"),
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
    tracker = _after(tracker_for(text="et pour 95 000 € ?", intent="ask_procurement",
                                 entities=[{"entity": "amount", "value": "95 000 €"}]),
                     "pour des travaux de 70 000 € faut-il mettre en concurrence ?", "ask_procurement",
                     [{"entity": "amount", "value": "70 000 €"}])
    result = run(ActionAnswerQuestion(), tracker)
    assert "seuils des travaux" in result.texts[0] and "Pour 95" + NNBSP + "000" in result.texts[0]
    assert "dispense de 100" in result.texts[0]


def in_diagnostic(tracker_for, run, text, intent, slot):
    return run(ActionAnswerQuestion(), tracker_for(
        text=text, intent=intent, active_loop="diagnostic_form", slots={"requested_slot": slot}))


@pytest.mark.parametrize("text, intent, slot, expected", [
    ("c quoi AMO", "ask_definition", "need_kinds", "assistant à maîtrise d'ouvrage (AMO)"),
    ("c quoi AMO", "ask_definition", "duration", "assistant à maîtrise d'ouvrage (AMO)"),
    ("c quoi un MAPA", "ask_definition", "partners_status", "marché à procédure adaptée (MAPA)"),
    ("c quoi CAUE", "ask_partners", "partners_status",
     "Conseil d'architecture, d'urbanisme et de l'environnement (CAUE)"),
    ("c quoi un CEP", "ask_partners", "partners_status", "Conseil en énergie partagé (CEP)"),
    ("c quoi ponctuel", "ask_need_kinds", "duration", "Besoin ponctuel : une étude, quelques mois."),
])
def test_a_short_definition_question_is_answered_during_the_diagnostic(
        tracker_for, run, text, intent, slot, expected):
    result = in_diagnostic(tracker_for, run, text, intent, slot)
    assert expected in result.text.replace(NBSP, " ").replace(NNBSP, " ")
    assert len(result.texts) <= 4          # (short answers: a phone's screen)
    assert "Fiche source" not in result.text   # (an internal reference: final retest)


def test_what_a_short_question_names_decides_the_answer(tracker_for, run):
    """The classifier may hear another question in three words: « c quoi un
    CEP » is about the CEP, not about the syndicat d'énergie that offers it;
    « ça veut dire quoi intermédiation » about that need, not the four kinds."""
    cep = ask(tracker_for, run, "c quoi un CEP", "ask_partners",
              entities=[{"entity": "partner", "value": "syndicat_energie"}])
    assert "conseiller en énergie partagé" in cep.text and "Syndicat" not in cep.text
    need = ask(tracker_for, run, "ca veut dire quoi intermediation", "ask_need_kinds")
    assert need.texts[0].replace(NBSP, " ").startswith("Intermédiation (porter un message) : faire porter par un tiers")
    assert "Capacité" not in need.text
    amo = ask(tracker_for, run, "c quoi AMO", "ask_mission_families")
    assert amo.texts[0].startswith("Un assistant à maîtrise d'ouvrage (AMO) conseille")


def test_both_durations_are_explained_the_asked_one_first(tracker_for, run):
    result = ask(tracker_for, run, "durable ça veut dire quoi ?", "ask_need_kinds")
    assert result.texts[0].replace(NBSP, " ").split("\n") == ["Besoin durable : plusieurs années, récurrent.",
                                           "Besoin ponctuel : une étude, quelques mois."]


@pytest.mark.parametrize("text, intent", [
    ("le CCAG PI est il obligatoire pour un marché d'AMO ?", "ask_amo_mandatory"),
    ("Faut-il viser le CCAG-PI dans le CCAP ? est-ce obligatoire ?", "ask_dce_content"),
])
def test_whether_the_ccag_pi_is_compulsory_gets_the_ccag_pi(tracker_for, run, text, intent):
    """Not « Non. Aucun texte n'oblige à recourir à un AMO (L2422-2) »: the
    CCAG-PI, which applies only if the contract refers to it."""
    result = ask(tracker_for, run, text, intent)
    plain = result.text.replace(NBSP, " ").replace(NNBSP, " ")
    assert "(CCAG-PI)" in plain and "ne s'applique que si votre marché y renvoie" in plain
    assert "L2422-2" not in plain and "objectifs, attendus" not in plain


def test_an_option_said_after_a_procurement_answer_is_added_to_its_amount(tracker_for, run, on):
    """Retest M-H1: « mission AMO 38 500 € HT, … sans mise en concurrence ? »
    then « en fait il y a une option en plus de 12600 sur 3 ans » started a
    diagnostic with a budget of 12 600 €. The option is part of the need:
    38 500 + 12 600 = 51 100 € HT, under the dispense, written contract."""
    on(dt.date(2026, 11, 22))
    text = "en fait il y a une option en plus de 12600 sur 3 ans"
    tracker = _after(tracker_for(text=text, intent="ask_procurement",
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


# -- quasi-régie, SPL, coopération entre acheteurs publics (fresh H4) -----------------

def plain(result) -> str:
    return result.text.replace(NBSP, " ").replace(NNBSP, " ")


@pytest.mark.parametrize("text, intent, expected", [
    # « Je ne suis pas sûr d'avoir compris » (fallback 0.30, ask_definition 0.28):
    # the term decides the intent, and its definition is the answer.
    ("Qu'est-ce que la quasi-régie ?", "ask_success_conditions", "L2511-1 et L2511-3"),
    # « De quel terme parlez-vous ? »: the SPL was no term.
    ("c'est quoi une SPL ?", "ask_definition", "société publique locale (SPL)"),
    ("qu'est-ce que l'entente public-public ?", "ask_partners", "L2511-6"),
])
def test_quasi_regie_spl_and_public_cooperation_are_defined(tracker_for, run, text, intent, expected):
    result = ask(tracker_for, run, text, intent)
    text = plain(result)
    assert expected in text and "sans publicité ni mise en concurrence" in text
    assert "service juridique" in text and "préfecture" in text
    assert len(result.texts) <= 2 and all(len(t) <= 600 for t in result.texts)


@pytest.mark.parametrize("text, intent, expected", [
    # The thresholds table (fresh c1, c3): the quasi-régie needs no competition,
    # whatever the amount.
    ("Est-ce qu'un syndicat mixte peut contracter avec une SPL sans publicité ni mise en concurrence ?",
     "ask_procurement", "L2511-1 et L2511-3"),
    ("Est-ce qu'on peut confier ça directement à la SPL dont nous sommes actionnaires sans mise en "
     "concurrence ?", "ask_procurement", "L2511-1 et L2511-3"),
    # The département's card (fresh c2), a list of partners (fresh c3).
    ("et une convention de coopération avec le département (entente public-public), c'est possible ?",
     "ask_partners", "L2511-6"),
    ("et la coopération public-public article L2511-6 ?", "ask_partners", "L2511-6"),
])
def test_a_public_partner_named_without_competition_gets_its_rule(tracker_for, run, on, text, intent,
                                                                  expected):
    on(dt.date(2026, 11, 22))
    result = ask(tracker_for, run, text, intent)
    words = plain(result)
    assert expected in words and "sans publicité ni mise en concurrence" in words
    assert "service juridique ou par la préfecture" in words
    assert "Seuils en vigueur" not in words and "Conseil départemental" not in words
    assert len(result.texts) <= 4 and all(len(t) <= 600 for t in result.texts)


def test_entrusting_the_partners_named_before_without_competition(tracker_for, run, on):
    """maire H4 (c15): after the com com and the agence technique
    départementale, « et on peut leur confier sans appel d'offres ? » got the
    thresholds table: the ways of entrusting a public partner without
    competition, then the value of the need for anything else."""
    on(dt.date(2026, 11, 22))
    tracker = _after(tracker_for(text="et on peut leur confier sans appel d'offres ?",
                                 intent="ask_procurement"),
                     "l'agence technique du departement aussi ?", "ask_partners")
    _after(tracker, "est ce que je suis obligée de prendre un AMO pour mon ombrière solaire ? "
                    "la com com dit qu'elle peut nous aider", "ask_amo_mandatory")
    result = run(ActionAnswerQuestion(), tracker)
    words = plain(result)
    assert "quasi-régie (art. L2511-1 et L2511-3)" in words and "L2511-6" in words
    assert "Cerema" in words and "valeur du besoin" in words
    assert "service juridique ou par la préfecture" in words
    assert "5 404 000" not in words and "Seuils en vigueur" not in words
    assert len(result.texts) <= 4 and all(len(t) <= 600 for t in result.texts)


def test_a_private_provider_without_competition_is_still_a_procurement_question(tracker_for, run, on):
    on(dt.date(2026, 11, 22))
    tracker = _after(tracker_for(text="et on peut leur confier sans appel d'offres ?",
                                 intent="ask_procurement"),
                     "on a trouvé deux bureaux d'études", "inform")
    assert "Seuils en vigueur" in plain(run(ActionAnswerQuestion(), tracker))
    result = ask(tracker_for, run, "peut-on confier la mission à un bureau d'études sans mise en "
                                   "concurrence ?", "ask_procurement")
    assert "Seuils en vigueur" in plain(result) and "L2511" not in plain(result)


@pytest.mark.parametrize("text, intent, slot", [
    # Splitting a need (fresh c2), groups of experts (fresh c3), the syndicat
    # d'énergie's card (dgs M7): the knowledge data has no rule on it.
    ("et un groupement de commandes avec la communauté de communes voisine qui a le même besoin ?",
     "ask_splitting", "need_kinds"),
    ("Peut-on faire un groupement de commandes entre deux EPCI pour recruter un AMO ?",
     "ask_mission_families", None),
    ("peut on faire un groupement de commandes avec le syndicat d'energie pour l'etude de faisabilite "
     "du reseau de chaleur ? qui est coordonnateur ?", "ask_partners", None),
    ("qu'est-ce qu'un groupement de commandes ?", "ask_mission_families", None),
])
def test_a_groupement_de_commandes_is_said_to_be_outside_what_is_known(tracker_for, run, text, intent,
                                                                       slot):
    tracker = tracker_for(text=text, intent=intent, active_loop="diagnostic_form" if slot else None,
                          slots={"requested_slot": slot} if slot else None)
    words = plain(run(ActionAnswerQuestion(), tracker))
    assert "groupement de commandes sort de ce que je peux vous détailler" in words
    assert "service juridique" in words and "préfecture" in words
    assert "saucissonnage" not in words and "Groupement d'experts" not in words
    assert "Syndicat" not in words and "R2121" not in words


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


@pytest.mark.parametrize("text, date, first", [
    # fresh M9: the whole criteria topic again, the obligation in its last message.
    ("le critère environnemental est-il obligatoire pour nous ? on lance en janvier 2027", None,
     "Oui : pour une consultation lancée en janvier 2027, au moins un critère"),
    ("Le critère environnemental est-il obligatoire pour une consultation lancée le 1er septembre 2026 ?",
     None, "Oui : pour une consultation lancée le 1er septembre 2026"),
    ("le critère environnemental est-il obligatoire ? on lance en juillet 2026", None,
     "Non, pas encore : pour une consultation lancée en juillet 2026"),
    ("le critère environnemental est-il obligatoire ?", dt.date(2026, 5, 4),
     "Non, pas encore : pour une consultation lancée aujourd'hui"),
])
def test_whether_the_environmental_criterion_is_compulsory_is_answered_first(
        tracker_for, run, on, text, date, first):
    on(date or dt.date(2026, 11, 22))
    result = ask(tracker_for, run, text, "ask_criteria")
    words = plain(result)
    assert words.startswith(first) and "21 août 2026 (art. L2152-7)" in words
    assert "a minima" not in words and "connaissance du territoire" not in words
    assert len(result.texts) <= 2 and all(len(t) <= 600 for t in result.texts)


def test_the_caveat_on_the_date_comes_with_a_launch_close_to_it(tracker_for, run, on):
    on(dt.date(2026, 8, 1))
    close = plain(ask(tracker_for, run, "critère environnemental obligatoire le 21 août 2026 ?", "ask_criteria"))
    assert close.startswith("Oui") and "22 août 2026" in close
    far = plain(ask(tracker_for, run, "critère environnemental obligatoire en janvier 2027 ?", "ask_criteria"))
    assert "22 août" not in far


@pytest.mark.parametrize("text", ["est-on obligé de négocier ?",
                                  "est-on obligé de négocier avec tous les candidats ?"])
def test_whether_negotiating_is_compulsory_is_answered_first(tracker_for, run, text):
    """dgs L4, fresh M9: « est-on obligé de négocier ? » got the topic, which
    never says no."""
    result = ask(tracker_for, run, text, "ask_negotiation")
    words = plain(result)
    assert words.startswith("Non. Dans un marché à procédure adaptée (MAPA), négocier est une possibilité, "
                            "pas une obligation") and "R2123-5" in words
    assert "deux ou trois meilleurs candidats" in words and "auditions" not in words.lower()


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


@pytest.mark.parametrize("text, intent, first, absent", [
    # final D-M6, M-L4: the generic independence text, no yes or no.
    ("L'AMO peut-il ensuite être retenu comme maître d'oeuvre sur le même projet ?", "ask_independence",
     "En principe, non, pas sur le même projet", "déclarer leurs liens avec des fournisseurs"),
    ("le bureau d'etudes qui fait l'AMO peut aussi faire la MOE ?", "ask_definition",
     "En principe, non, pas sur le même projet", "DIAG"),
    # final F-M6: the five families of missions.
    ("l'AMO peut choisir le logiciel a notre place ?", "ask_mission_families",
     "Non : c'est le maître d'ouvrage, votre collectivité, qui décide", "cinq familles"),
    # final F-M7: the after-mission tip only.
    ("comment on evite d'etre captif du presta ?", "ask_apres_mission",
     "Pour ne pas dépendre du prestataire, gardez la compétence chez vous", "Exigez des livrables exploitables"),
    # final F-L7: all 7 risks.
    ("comment garder les competences en interne ?", "ask_risks",
     "Pour garder les compétences chez vous : associez un agent à chaque étape", "Offres « a minima »"),
])
def test_a_yes_or_no_question_gets_its_answer_first(tracker_for, run, text, intent, first, absent):
    result = ask(tracker_for, run, text, intent)
    words = plain(result)
    assert words.startswith(first) and absent not in words
    assert len(result.texts) <= 3 and all(len(t) <= 600 for t in result.texts)


@pytest.mark.parametrize("text, weight, heavy", [
    ("et je mets quoi comme criteres ? le prix a 70% ca va ?", "70 %", True),
    ("quelle ponderation des criteres pour notre AMO PCAET ? Nos élus veulent 60 % prix.", "60 %", True),
    ("le prix à 30 % c'est bien ?", "30 %", False),
])
def test_a_price_weight_asked_is_answered(tracker_for, run, text, weight, heavy):
    """final M-L6: « le prix a 70% ca va ? » got « 50 à 60 % est courant », nothing on 70 %."""
    words = plain(ask(tracker_for, run, text, "ask_criteria"))
    assert words.startswith(f"{weight} pour le prix")
    assert ("a minima" in words) == heavy and "valeur technique 60 %, prix 30 %" in words


@pytest.mark.parametrize("text, first, both_sides, absent", [
    # final D-WW: the CCAG-PI, then the whole MOE role.
    ("Quelle différence entre CCAG-PI et CCAG-MOE ?", "En bref :", ("(CCAG-PI)", "(CCAG-MOE)"), "DIAG"),
    # final D-WW: four AMO paragraphs first.
    ("quelle différence entre AMO et mandataire ?", "En bref :",
     ("(AMO) conseille", "L'AMO conseille ; le mandataire, lui"), "plan climat (PCAET)"),
    # final S-M3: the AMO definition only.
    ("c quoi la difference entre amo et architecte",
     "L'architecte chargé de concevoir un projet", ("(AMO) conseille", "(MOE) conçoit"), "plan climat"),
    # final M-L3: two definitions, no yes or no.
    ("c'est quoi la diff entre AMO et maitre d'oeuvre pour une ombriere ? j'ai besoin des deux ?",
     "Pas forcément. Un AMO n'est jamais obligatoire", ("(AMO) conseille", "(MOE) conçoit"), "DIAG"),
])
def test_a_comparison_gets_both_sides_briefly(tracker_for, run, text, first, both_sides, absent):
    result = ask(tracker_for, run, text, "ask_definition")
    words = plain(result)
    assert words.startswith(first) and all(side in words for side in both_sides)
    assert absent not in words
    assert len(result.texts) <= 3 and all(len(t) <= 600 for t in result.texts)


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


@pytest.mark.parametrize("text, intent", [
    # final M-M7: the [AMO | MOE | DCE | MAPA] menu.
    ("c'est quoi la différence entre un PCAET et ce que je veux faire ?", "ask_definition"),
    ("c'est quoi un PCAET ?", "ask_definition"),
    ("c quoi un plan climat air énergie territorial", "ask_mission_families"),
])
def test_the_pcaet_is_a_known_term_without_invented_rules(tracker_for, run, text, intent):
    result = ask(tracker_for, run, text, intent)
    words = plain(result)
    assert words.startswith("Le plan climat-air-énergie territorial (PCAET) est un plan climat")
    assert "Je n'ai pas de règles vérifiées" in words and not result.buttons


def test_the_dce_content_names_its_documents_first(tracker_for, run):
    """final F-L4: « Que doit contenir le DCE ? » got objectives and calendar,
    never the règlement de la consultation, the cahier des charges or the
    contract's documents (roles.yml says which)."""
    first = plain(ask(tracker_for, run, "Que doit contenir le DCE ?", "ask_dce_content")).split(".")[0]
    assert "règlement de la consultation, le cahier des charges et les pièces du futur contrat" in first


# -- questions on the value of the need just given (final M-H1) ------------------------

M_H1A = ("un cabinet me propose une AMO a 38500 euros HT + une option suivi de production 3 ans a 4200 HT "
         "par an. ils disent que je peux signer direct sans mise en concurrence car c'est sous le seuil. "
         "c'est vrai ?")


def _conversation(tracker_for, latest, earlier):
    """A tracker whose latest message is ``latest`` (heard ask_procurement)
    after the ``earlier`` (text, intent) messages, oldest first."""
    tracker = tracker_for(text=latest, intent="ask_procurement")
    for text, intent in reversed(earlier):
        tracker = _after(tracker, text, intent)
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


# -- the provider of an earlier mission hired again (final D-M7) -----------------------

D_M7 = ("les conseils sont trop generiques, et je vous rappelle qu'on est un syndicat mixte ouvert, pas "
        "un EPCI. et au fait, le bureau d'etudes qui fera la faisabilite est deja connu, c'est celui qui a "
        "fait notre schema directeur des energies en 2024 : on peut le reprendre sans consultation ?")


@pytest.mark.parametrize("text, intent", [
    ("on peut reprendre le bureau d'études de 2024 sans mise en concurrence ?", "ask_procurement"),
    ("on peut reprendre le bureau d'études de 2024 sans mise en concurrence ?", "ask_independence"),
    (D_M7, "ask_procurement"),
])
def test_the_same_provider_again_is_possible_under_the_dispense_only(tracker_for, run, on, text, intent):
    """Not the thresholds of 2024: under the dispense, possible but not
    systematically the same provider (R2122-8); above, no."""
    on(dt.date(2026, 11, 22))
    words = plain(ask(tracker_for, run, text, intent))
    assert words.startswith("Sous le seuil de dispense, oui, c'est possible, mais pas systématiquement")
    assert "Au-dessus de ce seuil, non" in words and "Sous 60 000 € HT" in words
    assert "2024" not in words


@pytest.mark.parametrize("amount, first", [
    ("30 000 €", "Sous le seuil de dispense, oui"), ("80 000 €", "Au-dessus de ce seuil, non")])
def test_the_same_provider_for_an_amount_gets_its_yes_or_no_then_the_route(tracker_for, run, on, amount, first):
    on(dt.date(2026, 11, 22))
    words = plain(ask(tracker_for, run, f"on peut reprendre le même cabinet pour {amount} sans consultation ?",
                      "ask_procurement"))
    assert words.startswith(first) and f"Pour {amount} HT" in words


def test_the_same_provider_heard_as_off_topic_or_not_understood_is_answered(tracker_for, run, on):
    """The classifier gave the D-M7 message a fallback (« Désolé, je n'ai
    toujours pas compris »); out of scope is as plausible."""
    from actions.diagnostic import ActionOffTopicInDiagnostic, ActionOutOfScope
    from actions.hygiene import ActionDefaultAskAffirmation, ActionDefaultFallback
    on(dt.date(2026, 11, 22))
    for action, intent in ((ActionDefaultAskAffirmation(), "nlu_fallback"), (ActionDefaultFallback(), "nlu_fallback"),
                           (ActionOutOfScope(), "out_of_scope"), (ActionOffTopicInDiagnostic(), "out_of_scope")):
        result = run(action, tracker_for(text=D_M7, intent=intent))
        assert plain(result).startswith("Sous le seuil de dispense, oui"), action.name()
        assert "compris" not in result.text and not result.buttons
        if isinstance(action, ActionDefaultAskAffirmation):   # answered: no « Vouliez-vous dire » to wait for
            assert any(e.get("event") == "active_loop" and e.get("name") is None for e in result.events)
    # Anything else still gets the fallback.
    assert "aide" in run(ActionDefaultFallback(), tracker_for(text="zzz", intent="nlu_fallback")).text



# -- the risks on a phone (final M-M2, D-M8) -------------------------------------------

def test_the_risks_are_three_first_then_the_others_on_a_button(tracker_for, run):
    """« quels sont les risques » got 7 bullets: the 3 first with how to limit
    them, the 4 others named, and a button that gives them."""
    first = ask(tracker_for, run, "quels sont les risques ?", "ask_risks")
    words = plain(first)
    assert words.count("\n- ") + words.startswith("- ") == 3 and "Perte de compétences. Fixez" in words
    assert "Autres risques : portage politique faible, information perdue en fin de mission" in words
    assert "Comptez la valeur de tout le besoin" not in words
    assert first.buttons == [{"title": "Voir les 4 autres risques", "payload": "/ask_risks"}]
    assert first.messages[-1].get("buttons") and len(first.text) < 900
    # The button clicked: the 4 others, with their legal basis.
    tracker = tracker_for(text="/ask_risks", intent="ask_risks")
    tracker.events[:0] = [{"event": "user", "text": "quels sont les risques ?",
                           "parse_data": {"intent": {"name": "ask_risks"}, "entities": []}},
                          *({"event": "bot", "text": m.get("text"), "data": {"buttons": m.get("buttons")}}
                            for m in first.messages),
                          {"event": "action", "name": "action_listen"}]
    rest = run(ActionAnswerQuestion(), tracker)
    words = plain(rest)
    assert words.startswith("Les autres risques, et comment les limiter :")
    assert "Portage politique faible. Désignez" in words and "Montant non estimé" in words
    assert "Perte de compétences" not in words and not rest.buttons
    assert "Source : Code de la commande publique, art. R2121-4" in rest.texts[-1].replace(NBSP, " ")
    # The same payload from a menu gives the first three again.
    again = ask(tracker_for, run, "/ask_risks", "ask_risks")
    assert "Perte de compétences" in again.text and again.buttons


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
    tracker = _after(tracker_for(text="et en 2023 ? nous avions fait faire l'étude mobilité par un bureau d'études",
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
        tracker = _after(tracker_for(text=follow, intent="ask_procurement"), first, "ask_procurement")
        tracker.events[1]["text"] = said
        again = plain(run(ActionAnswerQuestion(), tracker))
        assert "Pour " in again and _READ not in again, (follow, again)
    tracker = _after(tracker_for(text="et pour 80 000 € ?", intent="ask_procurement"), "30000", "inform")
    tracker.events[1]["text"] = "Je compte ce montant hors taxes. S'il est TTC, dites-le, par exemple « 30 000 € TTC »."
    assert _READ not in plain(run(ActionAnswerQuestion(), tracker))
    # a new conversation, the same question: said again
    assert _READ in plain(ask(tracker_for, run, "et pour 80 000 € ?", "ask_procurement"))
