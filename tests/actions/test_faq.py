"""Questions answered at any time: content comes from the knowledge data and
the procurement computation at the date of the question."""
import datetime as dt

import pytest

import actions.faq as faq
from actions.faq import TOPIC_OF_INTENT, ActionAnswerQuestion

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.fixture
def on(monkeypatch):
    def set_today(day: dt.date):
        monkeypatch.setattr(faq, "today", lambda: day)
    return set_today


def ask(tracker_for, run, text, intent, entities=None, slots=None):
    return run(ActionAnswerQuestion(), tracker_for(text=text, intent=intent, entities=entities, slots=slots))


def test_every_topic_intent_has_an_answer_with_sources(tracker_for, run):
    for intent in TOPIC_OF_INTENT:
        result = ask(tracker_for, run, "question", intent)
        assert len(result.texts) >= 2, intent
        assert result.texts[-1].startswith("Source"), intent


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


def test_a_follow_up_changes_the_amount_and_keeps_the_date(tracker_for, run, on):
    on(dt.date(2026, 11, 22))
    tracker = _after(tracker_for(text="et pour 45 000 € ?", intent="ask_procurement",
                                 entities=[{"entity": "amount", "value": "45 000 €"}]),
                     "pour 20 000 € au 15 mars 2026 ?", "ask_procurement",
                     [{"entity": "amount", "value": "20 000 €"}])
    result = run(ActionAnswerQuestion(), tracker)
    assert "MAPA" in result.texts[0] and "45" + NNBSP + "000" in result.texts[0]


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
    assert result.texts[-1].startswith("Source")


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
