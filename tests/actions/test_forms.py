"""The diagnostic form's validators: every answer is parsed the same way,
whether typed, clicked, found in a first message or forged."""
import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.common import message as message_of
from actions.ask import ASK_ACTIONS
from actions.forms import ValidateDiagnosticForm
from actions.slots import DIAGNOSTIC_SLOTS
from assistant.text import normalize
from tests.actions.conftest import run_action

FORM = ValidateDiagnosticForm()


def validate(slot, value, tracker, domain):
    dispatcher = CollectingDispatcher()
    result = getattr(FORM, f"validate_{slot}")(value, dispatcher, tracker, domain)
    return result, [m.get("text", "") for m in dispatcher.messages]


def answer(tracker_for, text, slot, intent="inform", entities=None, slots=None):
    """The tracker of a message typed while the question about ``slot`` waits."""
    return tracker_for(
        text=text, intent=intent, entities=entities,
        slots={"requested_slot": slot, **(slots or {})}, active_loop="diagnostic_form",
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("une commune", "commune"),
        ("on est une com com", "epci"),
        ("communaute d'agglo", "epci"),
        ("syndicat mixte des dechets", "syndicat"),
    ],
)
def test_structure_from_free_text(tracker_for, domain, text, expected):
    result, messages = validate("structure_type", text, answer(tracker_for, text, "structure_type"), domain)
    assert result == {"structure_type": expected} and messages == []


def test_forged_structure_is_refused_with_a_reask(tracker_for, domain):
    tracker = answer(tracker_for, '/inform{"structure_type": "xyz"}', "structure_type")
    result, messages = validate("structure_type", "xyz", tracker, domain)
    assert result == {"structure_type": None}
    assert "commune" in messages[0] and "syndicat" in messages[0]


def test_canonical_values_are_accepted_silently(tracker_for, domain):
    tracker = answer(tracker_for, "reprendre", "structure_type", intent="start_diagnostic")
    for slot, value in [("structure_type", "epci"), ("duration", "durable"),
                        ("need_kinds", ["audit", "expertise"]), ("amount", 45000.0),
                        ("population", 800), ("sponsor", "inconnu")]:
        result, messages = validate(slot, value, tracker, domain)
        assert list(result.values())[0] == value and messages == []


def test_dont_know_is_a_valid_answer(tracker_for, domain):
    tracker = answer(tracker_for, "je sais pas trop", "duration", intent="dont_know")
    for slot in ("duration", "internal_resources", "sponsor", "partners_status", "population"):
        result, _ = validate(slot, "je sais pas trop", tracker, domain)
        assert result[slot] == "inconnu"
    result, _ = validate("need_kinds", "je sais pas trop", tracker, domain)
    assert result == {"need_kinds": ["inconnu"]}


def test_dont_know_button_payload(tracker_for, domain):
    tracker = answer(tracker_for, "/dont_know", "duration", intent="dont_know")
    result, _ = validate("duration", "/dont_know", tracker, domain)
    assert result == {"duration": "inconnu"}


@pytest.mark.parametrize("text, expected", [("800", 800), ("environ 12 000 habitants", 12000), ("1200 hab", 1200)])
def test_population(tracker_for, domain, text, expected):
    result, _ = validate("population", text, answer(tracker_for, text, "population"), domain)
    assert result == {"population": expected}


@pytest.mark.parametrize("value", ["beaucoup", 0, -3, 10**9])
def test_population_refused(tracker_for, domain, value):
    result, messages = validate("population", value, answer(tracker_for, str(value), "population"), domain)
    assert result == {"population": None} and "habitants" in messages[0]


def test_project_text_gives_its_theme_and_price_focus(tracker_for, domain):
    text = "un bilan carbone de la commune, on prendra le moins cher"
    result, _ = validate("project", text, answer(tracker_for, text, "project"), domain)
    assert result["project"] == "bilan carbone de la commune"
    assert result["theme"] == "climat" and result["price_focus"] is True


def test_empty_project_is_refused(tracker_for, domain):
    result, messages = validate("project", "??", answer(tracker_for, "??", "project"), domain)
    assert result == {"project": None} and "quelques mots" in messages[0]


def test_the_project_of_a_first_message_is_noted(tracker_for, domain):
    text = "on a 30 000 € pour une étude énergie"
    tracker = tracker_for(text=text, intent="inform", active_loop="diagnostic_form",
                          entities=[{"entity": "theme", "value": "energie"}], slots={"theme": "energie"})
    tracker.events.append({"event": "slot", "name": "theme", "value": "energie"})
    slots, _ = _run_form(tracker, domain)
    assert slots["theme"] == "energie" and slots["project"] == "étude énergie"


def test_several_need_kinds(tracker_for, domain):
    text = "on n'a pas le temps et on manque de compétences techniques"
    result, _ = validate("need_kinds", text, answer(tracker_for, text, "need_kinds"), domain)
    assert result == {"need_kinds": ["capacite", "expertise"]}


def test_partners_named_are_kept(tracker_for, domain):
    text = "oui le SDE mais ils ne peuvent pas"
    result, _ = validate("partners_status", text, answer(tracker_for, text, "partners_status"), domain)
    assert result == {"partners_status": "consultes_insuffisant", "partners_consulted": ["syndicat_energie"]}


@pytest.mark.parametrize(
    "text, value, words",
    [
        ("45k€", 45000.0, ["noté", "45\u202f000\u00a0€\u00a0HT"]),
        ("80 000 TTC", 66666.67, ["hors taxes", "TTC"]),
        ("entre 50 et 70 000 €", 70000.0, ["fourchette", "70\u202f000"]),
        ("cinquante mille euros", 50000.0, ["50\u202f000"]),
    ],
)
def test_amounts(tracker_for, domain, text, value, words):
    result, messages = validate("amount", text, answer(tracker_for, text, "amount"), domain)
    assert result["amount"] == pytest.approx(value, abs=0.01)
    assert all(any(w in m for m in messages) for w in words)


def test_an_amount_with_an_optional_tranche_is_the_total(tracker_for, domain):
    """DGS H1: « 70 000 € HT pour l'élaboration du schéma, plus une tranche
    optionnelle de suivi de 2 ans à 15 000 € HT par an » was noted 15 000 €
    (the last number, the slot's entity), then a dispense; the need is worth
    70 000 + 2 × 15 000 = 100 000 € HT, options included (R2121-1)."""
    text = ("70 000 € HT pour l'élaboration du schéma, plus une tranche optionnelle de suivi "
            "de 2 ans à 15 000 € HT par an")
    tracker = answer(tracker_for, text, "amount", entities=[{"entity": "amount", "value": "70 000 € HT"},
                                                            {"entity": "amount", "value": "15 000 € HT"}])
    result, messages = validate("amount", "15 000 € HT", tracker, domain)
    assert result["amount"] == 100000.0
    assert "70\u202f000 + 2 × 15\u202f000 = 100\u202f000\u00a0€\u00a0HT, options comprises" in messages[0]


def test_an_option_said_after_the_amount_adds_to_it(tracker_for, domain):
    """Maire H1b: after 38 500 €, « en fait il y a une option en plus de 12600
    sur 3 ans » replaced the amount by 12 600 €; the options are part of the
    need: 38 500 + 12 600 = 51 100 € HT. A plain correction still replaces it."""
    for text, entity, expected in [
            ("en fait il y a une option en plus de 12600 sur 3 ans", "12600", 51100.0),
            ("en fait c'est plutôt 80 000 €", "80 000 €", 80000.0)]:
        for asked in (None, "amount"):      # after the result (the form resumes), or asked again
            tracker = _with_amount(tracker_for(
                text=text, intent="inform", entities=[{"entity": "amount", "value": entity}],
                slots={"requested_slot": asked}, active_loop="diagnostic_form"), 38500.0)
            result, messages = validate("amount", entity, tracker, domain)
            assert result["amount"] == expected, (text, asked)
            if expected == 51100.0:
                assert "38\u202f500 + 12\u202f600 = 51\u202f100" in messages[0]


def _with_amount(tracker, amount):
    """The tracker, with an amount validated before its latest message."""
    tracker.events.insert(0, {"event": "slot", "name": "amount", "value": amount})
    tracker.slots["amount"] = amount
    return tracker


@pytest.mark.parametrize("text, value, words", [
    # Secrétaire H5: the 30 000 was thrown away (« Montant estimé : inconnu »)
    ("je sais pas trop peut etre 30000", 30000.0, ["environ 30\u202f000", "à confirmer"]),
    ("peut-être 45 000 €", 45000.0, ["environ 45\u202f000", "à confirmer"]),
    # DGS M3: « Montant non estimé »; a range is an amount, its upper bound the prudent one
    ("je sais pas encore, entre 30 et 50 000 € HT je pense", 50000.0, ["borne haute", "50\u202f000", "prudence"]),
    ("entre 40 et 60 000", 60000.0, ["fourchette", "borne haute", "60\u202f000"]),
])
def test_a_hesitant_amount_is_kept_as_an_estimate(tracker_for, domain, text, value, words):
    for intent in ("dont_know", "inform"):
        result, messages = validate("amount", text, answer(tracker_for, text, "amount", intent=intent), domain)
        assert result == {"amount": value}, (text, intent)
        assert all(any(w in m for m in messages) for w in words), messages


def test_dont_know_without_an_amount_leaves_it_unknown(tracker_for, domain):
    for text in ("je sais pas", "aucune idée, je dois demander à la compta"):
        result, messages = validate("amount", text, answer(tracker_for, text, "amount", intent="dont_know"), domain)
        assert result == {"amount": "inconnu"} and "estimer" in messages[0]


def test_the_mission_amount_is_kept_apart_from_the_works(tracker_for, domain):
    """Maire H1c: « pour l'AMO je pensais 20 000 HT mais les travaux c'est
    180 000 » was noted 180 000 € (the last amount). The budget asked is the
    AMO mission's; the works are a separate purchase, said so."""
    text = "pour l'AMO je pensais 20 000 HT mais les travaux c'est 180 000"
    tracker = answer(tracker_for, text, "amount", entities=[{"entity": "amount", "value": "20 000 HT"},
                                                            {"entity": "amount", "value": "180 000"}])
    result, messages = validate("amount", "180 000", tracker, domain)
    assert result["amount"] == 20000.0
    assert any("20\u202f000" in m for m in messages) and any("achat distinct" in m for m in messages)


def test_a_works_amount_is_not_the_mission_budget(tracker_for, domain):
    text = "on a 80 000 de travaux pour les led"
    tracker = answer(tracker_for, text, "amount", entities=[{"entity": "amount", "value": "80 000"}])
    result, messages = validate("amount", "80 000", tracker, domain)
    assert result == {"amount": None}
    assert "travaux" in messages[0] and "mission" in messages[0]


def test_a_correction_after_the_result_with_the_site_follow_up_is_the_mission(tracker_for, domain):
    """Retest M-WW1: after the result, « en fait c'est 80 000 avec le suivi de
    chantier » said « je mets à jour » and kept 50 000 € (the dispense) :
    « chantier » was read as works. The follow-up of the site is part of the
    mission."""
    text = "en fait c'est 80 000 avec le suivi de chantier"
    tracker = tracker_for(text=text, intent="inform", entities=[{"entity": "amount", "value": "80 000"}],
                          slots={"amount": 50000.0}, active_loop="diagnostic_form")
    tracker.events.insert(0, {"event": "slot", "name": "amount", "value": 50000.0})
    result, _ = validate("amount", "80 000", tracker, domain)
    assert result["amount"] == 80000.0


def test_a_works_amount_after_the_result_is_said_not_silently_dropped(tracker_for, domain):
    text = "en fait les travaux c'est 180 000"
    tracker = tracker_for(text=text, intent="inform", entities=[{"entity": "amount", "value": "180 000"}],
                          slots={"amount": 50000.0}, active_loop="diagnostic_form")
    tracker.events.insert(0, {"event": "slot", "name": "amount", "value": 50000.0})
    result, messages = validate("amount", "180 000", tracker, domain)
    assert result == {"amount": 50000.0} and "travaux" in messages[0]


@pytest.mark.parametrize("text", ["-5 €", "0 €", "900 milliards d'euros"])
def test_absurd_amounts_are_refused_with_an_explanation(tracker_for, domain, text):
    result, messages = validate("amount", text, answer(tracker_for, text, "amount"), domain)
    assert result == {"amount": None} and "HT" in messages[0]


def test_a_forged_amount_is_validated_like_a_typed_one(tracker_for, domain):
    tracker = answer(tracker_for, '/inform{"amount": "-1000"}', "amount",
                     entities=[{"entity": "amount", "value": "-1000"}])
    result, messages = validate("amount", "-1000", tracker, domain)
    assert result == {"amount": None} and messages


def test_a_correction_of_another_answer_does_not_trigger_a_reask(tracker_for, domain):
    text = "en fait c'est plutôt 80 000 €"
    tracker = answer(tracker_for, text, "duration",
                     entities=[{"entity": "amount", "value": "80 000 €", "start": 21, "end": 29}])
    duration, duration_messages = validate("duration", text, tracker, domain)
    amount, amount_messages = validate("amount", "80 000 €", tracker, domain)
    assert duration == {"duration": None} and duration_messages == []
    assert amount == {"amount": 80000.0} and "80\u202f000" in amount_messages[0]


def test_population_is_not_asked_of_the_state(tracker_for, domain):
    tracker = tracker_for(slots={"structure_type": "etat"}, active_loop="diagnostic_form")
    slots = asyncio.run(FORM.required_slots(list(DIAGNOSTIC_SLOTS), CollectingDispatcher(), tracker, domain))
    assert "population" not in slots and "amount" in slots


def test_full_validation_run_through_the_tracker(tracker_for, domain):
    """FormValidationAction.run validates the slots set since the last message."""
    tracker = answer(tracker_for, "une com com de 12 000 habitants", "structure_type")
    tracker.events.append({"event": "slot", "name": "structure_type", "value": "com com"})
    tracker.events.append({"event": "slot", "name": "population", "value": "12000"})
    tracker.slots.update({"structure_type": "com com", "population": "12000"})
    dispatcher = CollectingDispatcher()
    events = asyncio.run(FORM.run(dispatcher, tracker, domain))
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["structure_type"] == "epci" and slots["population"] == 12000


def test_one_ask_action_per_question(tracker_for, run):
    assert set(ASK_ACTIONS) == set(DIAGNOSTIC_SLOTS)
    result = run(ASK_ACTIONS["structure_type"](), tracker_for())
    assert "structure" in result.text and len(result.buttons) == 4
    assert ASK_ACTIONS["amount"]().name() == "action_ask_amount"


def _run_form(tracker, domain):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(FORM.run(dispatcher, tracker, domain))
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}, dispatcher.messages


def test_a_statement_heard_as_a_topic_is_taken_as_the_answer(tracker_for, domain):
    tracker = tracker_for(text="elaborer notre plan climat air energie", intent="ask_partners",
                          slots={"requested_slot": "project"}, active_loop="diagnostic_form")
    slots, _ = _run_form(tracker, domain)
    assert slots["project"] == "élaborer notre plan climat air énergie"
    assert slots["theme"] == "climat"


def test_the_energie_of_a_plan_climat_air_energie_is_no_theme(tracker_for, domain):
    """dgs L2: « élaboration du plan climat air énergie territorial », the NLU
    hearing the theme énergie in it, was noted « énergie, bâtiments »; a PCAET
    is the climate."""
    text = "élaboration du plan climat air énergie territorial"
    tracker = tracker_for(text=text, intent="inform", entities=[{"entity": "theme", "value": "energie"}],
                          slots={"requested_slot": "project", "theme": "energie", "project": text},
                          active_loop="diagnostic_form")
    tracker.events += [{"event": "slot", "name": "project", "value": text},
                       {"event": "slot", "name": "theme", "value": "energie"}]
    slots, _ = _run_form(tracker, domain)
    assert slots["theme"] == "climat"
    assert slots["project"] == "élaboration du plan climat air énergie territorial"


def test_a_real_question_is_not_taken_as_the_answer(tracker_for, domain):
    tracker = tracker_for(text="c'est quoi le CAUE ?", intent="ask_partners",
                          slots={"requested_slot": "partners_status"}, active_loop="diagnostic_form")
    slots, messages = _run_form(tracker, domain)
    assert "partners_status" not in slots and messages == []


def _with_previous(tracker, slot, value):
    """The slot held `value` before the latest message."""
    tracker.events.insert(0, {"event": "slot", "name": slot, "value": value})
    tracker.events.insert(0, {"event": "user", "text": "avant"})
    return tracker


@pytest.mark.parametrize("value", [1e15, -5.0, 0, 0.2, float("inf"), float("nan")])
def test_a_forged_number_obeys_the_bounds_of_a_typed_amount(tracker_for, domain, value):
    tracker = answer(tracker_for, f'/inform{{"amount": {value}}}', "amount",
                     entities=[{"entity": "amount", "value": value}])
    result, messages = validate("amount", value, tracker, domain)
    assert result == {"amount": None}
    assert len(messages) == 1 and "HT" in messages[0]


def test_an_invalid_correction_keeps_the_earlier_answer(tracker_for, domain):
    tracker = _with_previous(
        answer(tracker_for, '/inform{"amount": 1e15}', "amount",
               entities=[{"entity": "amount", "value": 1e15}]),
        "amount", 40000.0)
    result, messages = validate("amount", 1e15, tracker, domain)
    assert result == {"amount": 40000.0}
    assert "milliard" in messages[0] and "précédente" in messages[1]


def test_an_invalid_typed_correction_keeps_the_earlier_choice(tracker_for, domain):
    tracker = _with_previous(answer(tracker_for, "zzz", "duration"), "duration", "durable")
    result, messages = validate("duration", "zzz", tracker, domain)
    assert result == {"duration": "durable"} and len(messages) == 2


def test_a_forged_list_of_need_kinds_keeps_every_valid_value(tracker_for, domain):
    entities = [{"entity": "need_kind", "value": v} for v in ("audit", "expertise")]
    tracker = answer(tracker_for, '/inform{"need_kind": ["audit", "expertise"]}',
                     "need_kinds", entities=entities)
    result, messages = validate("need_kinds", "expertise", tracker, domain)
    assert result == {"need_kinds": ["audit", "expertise"]} and messages == []


def test_a_forged_list_with_a_bad_value_is_refused(tracker_for, domain):
    entities = [{"entity": "need_kind", "value": v} for v in ("audit", "piscine")]
    tracker = answer(tracker_for, '/inform{"need_kind": ["audit", "piscine"]}',
                     "need_kinds", entities=entities)
    result, _ = validate("need_kinds", "piscine", tracker, domain)
    assert result == {"need_kinds": None}


def test_a_partner_named_without_saying_if_it_can_help_is_asked_about(tracker_for, domain, run):
    tracker = answer(tracker_for, "on a vu le SDE", "partners_status")
    result, messages = validate("partners_status", "on a vu le SDE", tracker, domain)
    assert result == {"partners_status": None, "partners_consulted": ["syndicat_energie"]}
    assert messages == []          # no « je n'ai pas compris »: the question adapts
    asked = run(ASK_ACTIONS["partners_status"](),
                tracker_for(slots={"partners_consulted": ["syndicat_energie"]}))
    assert "Syndicat" in asked.text or "syndicat" in asked.text
    assert "{" not in asked.text
    assert [b["payload"] for b in asked.buttons][:2] == [
        '/inform{"partners_status": "convention_disponible"}',
        '/inform{"partners_status": "consultes_insuffisant"}',
    ]


@pytest.mark.parametrize("intent, text, status", [
    ("affirm", "oui", "convention_disponible"),
    ("deny", "non", "consultes_insuffisant"),
    ("affirm", "oui je pense", "convention_disponible"),
])
def test_yes_or_no_about_the_named_partner(tracker_for, domain, intent, text, status):
    tracker = tracker_for(text=text, intent=intent, active_loop="diagnostic_form",
                          slots={"partners_consulted": ["syndicat_energie"]})
    result, messages = validate("partners_status", text, tracker, domain)
    assert result == {"partners_status": status} and messages == []


def test_the_usual_question_when_no_partner_is_named(tracker_for, run):
    asked = run(ASK_ACTIONS["partners_status"](), tracker_for())
    assert "partenaires" in asked.text and len(asked.buttons) == 4


def test_a_request_for_the_summary_is_never_taken_as_an_answer(tracker_for, domain):
    tracker = tracker_for(text="envoyez moi la synthese", intent="ask_summary",
                          active_loop="diagnostic_form", slots={"requested_slot": "need_kinds"})
    events = asyncio.run(FORM.get_extraction_events(CollectingDispatcher(), tracker, domain))
    assert not [e for e in events if e.get("name") == "need_kinds"]


@pytest.mark.parametrize("text, entity, slot, previous, kept", [
    ("on a vu la com com mais ils ne peuvent pas", {"entity": "structure_type", "value": "epci"},
     "structure_type", "commune", True),
    ("le syndicat ne couvre pas la mobilite", {"entity": "theme", "value": "mobilite"},
     "theme", "energie", True),
    ("en fait c'est plutot une com com", {"entity": "structure_type", "value": "epci"},
     "structure_type", "commune", False),
    ("je me suis trompe, c'est la mobilite", {"entity": "theme", "value": "mobilite"},
     "theme", "energie", False),
])
def test_a_mention_in_another_answer_is_not_a_correction(tracker_for, domain, text, entity, slot,
                                                         previous, kept):
    tracker = _with_previous(
        tracker_for(text=text, intent="inform", entities=[entity], active_loop="diagnostic_form",
                    slots={"requested_slot": "partners_status", slot: entity["value"]}),
        slot, previous)
    result, _ = validate(slot, entity["value"], tracker, domain)
    assert result[slot] == (previous if kept else entity["value"])


@pytest.mark.parametrize("text, expected", [
    ("en fait c'est plutôt une commune", True), ("Je me suis trompée", True),
    ("non c'est la mobilité", True), ("on a vu la com com", False),
    ("le SDE ne couvre pas la mobilité", False),
    # without « en fait » (fresh H1)
    ("Attendez, le parc n'est pas une intercommunalité, c'est un syndicat mixte ouvert", True),
    ("le thème c'est la biodiversité, pas le numérique", True),
    ("pas une commune mais un syndicat", True), ("je me suis trompée : on est un PETR", True),
    ("on a vu la com com mais ils ne peuvent pas", False),
    ("pas de convention, on n'a pas le temps", False),
])
def test_is_correction(text, expected):
    from assistant.parsing import is_correction
    assert is_correction(text) is expected


# -- answers the NLU took for a question or for off-topic ------------------------

@pytest.mark.parametrize("slot, text, intent, expected", [
    ("amount", "on a mis 40 000 euros de cote pour ca", "ask_procurement", 40000.0),
    ("internal_resources", "la secretaire de mairie a mi-temps", "out_of_scope", "partielle"),
    ("duration", "quelques semaines seulement", "out_of_scope", "ponctuel"),
    ("theme", "revitalisation du centre-bourg", "out_of_scope", "urbanisme"),
])
def test_an_answer_heard_as_something_else_is_recorded(tracker_for, domain, slot, text, intent, expected):
    tracker = tracker_for(text=text, intent=intent, slots={"requested_slot": slot},
                          active_loop="diagnostic_form")
    slots, _ = _run_form(tracker, domain)
    assert slots[slot] == expected


def test_off_topic_during_the_diagnostic_is_not_an_answer(tracker_for, domain):
    tracker = tracker_for(text="horaires de la piscine municipale", intent="out_of_scope",
                          slots={"requested_slot": "internal_resources"}, active_loop="diagnostic_form")
    slots, messages = _run_form(tracker, domain)
    assert "internal_resources" not in slots and messages == []


def test_off_topic_action_is_silent_only_for_an_answer(tracker_for, run):
    from actions.diagnostic import ActionOffTopicInDiagnostic

    def off_topic(text, slot="internal_resources", before=None, **kwargs):
        tracker = tracker_for(text=text, intent="out_of_scope", slots={"requested_slot": slot},
                              **kwargs)
        tracker.events[:0] = [{"event": "slot", "name": name, "value": value}
                              for name, value in (before or {}).items()]
        return run(ActionOffTopicInDiagnostic(), tracker).messages

    utter = [{"response": "utter_out_of_scope"}]
    assert off_topic("la secretaire de mairie a mi-temps", active_loop="diagnostic_form") == []
    assert _responses(off_topic("horaires de la piscine", active_loop="diagnostic_form")) == utter
    # Outside the diagnostic, or while another question waits, the internal
    # resources answered already: off-topic.
    assert _responses(off_topic("la secretaire de mairie a mi-temps")) == utter
    assert _responses(off_topic("la secretaire de mairie a mi-temps", active_loop="diagnostic_form",
                                slot="amount", before={"internal_resources": "aucune"})) == utter
    # Not answered yet: heard as off-topic, it answers that question ahead
    # (final retest M-H3, « secretaire a mi temps » at the need question).
    assert off_topic("secretaire a mi temps", active_loop="diagnostic_form",
                     slot="need_kinds") == []


def _responses(messages):
    return [{"response": m.get("response")} for m in messages]


def test_no_answer_to_a_question_nobody_asked(tracker_for, run):
    from actions.faq import ActionAnswerQuestion

    def answer(text, intent, slot="amount"):
        tracker = tracker_for(text=text, intent=intent, active_loop="diagnostic_form",
                              slots={"requested_slot": slot})
        return run(ActionAnswerQuestion(), tracker)

    assert answer("on a mis 40 000 euros de cote pour ca", "ask_procurement").messages == []
    # A real question is answered, even about the question asked.
    assert "€" in answer("pour 40 000 €, faut-il mettre en concurrence ?", "ask_procurement").text
    # A statement the question's parser does not understand gets its answer too.
    assert answer("le SDE fait du conseil sur l'energie", "ask_partners").messages != []


@pytest.mark.parametrize("text, entity", [("800", "800"), ("environ 1200", "1200"), ("30 000", "30 000")])
def test_a_bare_number_answers_the_question_asked_not_the_budget(tracker_for, domain, text, entity):
    """« 800 » typed when the number of inhabitants is asked is the population;
    the number extractor also reads it as an amount, which must not become a
    budget of 800 € (nor replace the budget already given)."""
    for previous in (None, 45000.0):
        slots = {"requested_slot": "population"}
        tracker = answer(tracker_for, text, "population", slots=slots,
                         entities=[{"entity": "amount", "value": entity}])
        if previous is not None:
            tracker.events.insert(0, {"event": "slot", "name": "amount", "value": previous})
            tracker.slots["amount"] = previous
        population, population_messages = validate("population", text, tracker, domain)
        amount, amount_messages = validate("amount", entity, tracker, domain)
        assert population == {"population": int(entity.replace(" ", "").split()[-1])}
        assert amount == {"amount": previous} and amount_messages == []


@pytest.mark.parametrize("text, entity, value", [
    ("800 habitants et 30 000 € de budget", "30 000 €", 30000.0),
    ("on a un budget de 30 000", "30 000", 30000.0),
    ("45k", "45k", 45000.0),
])
def test_an_amount_given_with_money_words_during_another_question_is_kept(
        tracker_for, domain, text, entity, value):
    tracker = answer(tracker_for, text, "population", slots={"requested_slot": "population"},
                     entities=[{"entity": "amount", "value": entity}])
    amount, messages = validate("amount", entity, tracker, domain)
    assert amount["amount"] == value and messages


def test_a_partner_that_is_also_a_kind_of_structure_is_still_a_partner(tracker_for, domain):
    """« on a vu le CAUE et le département »: the NLU also hears a structure
    type (« département »); the partners are kept and asked about, not
    dropped with a silent repeat of the question."""
    text = "on a vu le CAUE et le departement"
    entities = [{"entity": "structure_type", "value": "departement", "start": 23, "end": 33}]
    tracker = answer(tracker_for, text, "partners_status", entities=entities,
                     slots={"requested_slot": "partners_status", "structure_type": "epci"})
    result, messages = validate("partners_status", text, tracker, domain)
    assert result == {"partners_status": None, "partners_consulted": ["caue", "departement"]}
    assert messages == []
    # A correction of the structure stays a correction.
    text = "en fait on est une com com"
    tracker = answer(tracker_for, text, "partners_status",
                     entities=[{"entity": "structure_type", "value": "epci"}],
                     slots={"requested_slot": "partners_status", "structure_type": "commune"})
    result, messages = validate("partners_status", text, tracker, domain)
    assert result == {"partners_status": None} and messages == []


def test_a_theme_heard_in_the_structure_answer_does_not_make_a_project(tracker_for, domain):
    """« on est un syndicat mixte de déchets » answers « pour quelle
    structure ? »: the theme (déchets) is a fair guess, the project is not
    « on est un syndicat mixte de déchets »; it is asked."""
    text = "on est un syndicat mixte de dechets"
    tracker = answer(tracker_for, text, "structure_type", slots={"requested_slot": "structure_type"},
                     entities=[{"entity": "theme", "value": "dechets"}])
    result, messages = validate("theme", "dechets", tracker, domain)
    assert result == {"theme": "dechets"} and messages == []


def test_a_correction_of_an_earlier_answer_is_confirmed(tracker_for, domain):
    """« en fait on est 1 500 habitants » while the theme is asked: the
    population is corrected, and the user is told so in one short line; the
    answer to the question asked and a first answer are not « corrections »."""
    def turn(text, slot, value, asked, before):
        tracker = answer(tracker_for, text, asked, slots={"requested_slot": asked, slot: value},
                         entities=[{"entity": slot, "value": value}])
        if before is not None:
            tracker.events.insert(0, {"event": "slot", "name": slot, "value": before})
        tracker.events.append({"event": "slot", "name": slot, "value": value})
        return _run_form(tracker, domain)

    slots, messages = turn("en fait on est 1500 habitants", "population", "1500", "theme", 900)
    assert slots["population"] == 1500
    assert [m["text"] for m in messages] == ["C'est corrigé\u00a0: 1\u202f500 habitants."]
    slots, messages = turn("en fait c'est une com com", "structure_type", "com com", "theme", "commune")
    assert slots["structure_type"] == "epci"
    assert [m["text"] for m in messages] == ["C'est corrigé\u00a0: intercommunalité (EPCI)."]
    # The question asked, or nothing before: no confirmation.
    assert turn("1500", "population", "1500", "population", 900)[1] == []
    assert turn("on est 1500 habitants", "population", "1500", "theme", None)[1] == []


def test_the_answers_of_the_first_message_are_said(tracker_for, domain):
    """« une petite comcom rurale, 9000 hab, on doit lancer un PCAET »: the
    questions it answers will not be asked, so what was understood is said."""
    text = "on est une petite comcom rurale, 9000 hab, 40 000 € pour lancer un PCAET"
    found = {"structure_type": "epci", "population": "9000", "amount": "40 000 €", "theme": "climat"}
    tracker = tracker_for(text=text, intent="inform", active_loop="diagnostic_form",
                          entities=[{"entity": k, "value": v} for k, v in found.items()],
                          slots=found)
    for slot, value in found.items():
        tracker.events.append({"event": "slot", "name": slot, "value": value})
    slots, messages = _run_form(tracker, domain)
    assert slots["population"] == 9000 and slots["project"] == "PCAET"
    assert slots["amount"] == 40000.0
    # One message, the budget with the rest (no separate « C'est noté »).
    assert [m["text"] for m in messages] == [
        "J'ai noté\u00a0: intercommunalité (EPCI)\u202f; 9\u202f000 habitants\u202f; budget "
        "40\u202f000\u00a0€\u00a0HT\u202f; climat (plan climat, bilan carbone)\u202f; "
        "projet «\u00a0PCAET\u00a0»."]


def _typed_while_asked(tracker_for, text, asked, intent="inform", slots=None):
    """A message typed while ``asked`` waits, as the validation action gets it:
    earlier answers (``slots``) set before the message, and Rasa's from_text
    mapping has already put the text in the asked slot."""
    tracker = answer(tracker_for, text, asked, intent=intent, slots=slots)
    tracker.events[:0] = [{"event": "slot", "name": name, "value": value}
                          for name, value in (slots or {}).items()]
    tracker.events.append({"event": "slot", "name": asked, "value": text})
    tracker.slots[asked] = text
    return tracker


@pytest.mark.parametrize("asked, text, slot, value, said", [
    ("need_kinds", "ponctuel je pense, c'est une étude", "duration", "ponctuel", "besoin ponctuel"),
    ("duration", "on a vu le syndicat d'energie, ils peuvent pas", "partners_status",
     "consultes_insuffisant", "consultés, sans pouvoir couvrir le besoin (partenaires publics)"),
    ("duration", "oui le president", "sponsor", "oui", "un élu porte le projet"),
    ("need_kinds", "non, le maire ne porte pas le projet", "sponsor", "non", "pas d'élu"),
    ("need_kinds", "on a juste la secretaire de mairie a mi-temps",
     "internal_resources", "partielle", "un agent, en partie (suivi en interne)"),
])
def test_an_answer_ahead_of_its_question_is_noted_and_the_question_asked_again(
        tracker_for, domain, asked, text, slot, value, said):
    """« Information given spontaneously is not asked again »: the answer to
    a later question is recorded and said back; the question that waits is
    asked again (by the form), without « je n'ai pas compris »."""
    slots, messages = _run_form(_typed_while_asked(tracker_for, text, asked), domain)
    assert slots[slot] == value
    assert slots[asked] is None
    texts = [m.get("text") or "" for m in messages]
    assert len(texts) == 1 and texts[0].startswith("J'ai noté") and said in texts[0], texts
    assert not any("compris" in t or "reconnu" in t for t in texts)


@pytest.mark.parametrize("asked, text, intent, slots", [
    ("duration", "oui", "affirm", {}),                        # a yes answers what was asked
    ("duration", "non.", "inform", {}),
    ("need_kinds", "je sais pas", "dont_know", {}),
    ("need_kinds", "ponctuel je pense", "ask_need_kinds", {}),  # not heard as information
    ("need_kinds", "ponctuel je pense", "inform", {"duration": "durable"}),  # already answered
    ("need_kinds", "ponctuel, et le maire porte le projet", "inform", {}),   # two answers: unclear
])
def test_no_answer_ahead(tracker_for, domain, asked, text, intent, slots):
    tracker = _typed_while_asked(tracker_for, text, asked, intent=intent, slots=slots)
    result, _ = _run_form(tracker, domain)
    assert not any(name in result for name in ("duration", "sponsor", "partners_status",
                                               "internal_resources") if name != asked), result


def test_the_answer_ahead_stays_the_same_through_the_turn(tracker_for):
    """The form asks several times in one turn (extraction, then each
    validator that refuses): the answer is read from the events before the
    message, not from slots that the turn changes."""
    from actions.slots import answer_ahead

    text = "ponctuel je pense, c'est une étude"
    tracker = _typed_while_asked(tracker_for, text, "need_kinds")
    assert answer_ahead(tracker) == "duration"
    tracker.add_slots([{"event": "slot", "name": "duration", "value": text}])       # extracted
    assert answer_ahead(tracker) == "duration"
    tracker.slots["duration"] = "ponctuel"                                           # validated
    assert answer_ahead(tracker) == "duration"


# -- the project -------------------------------------------------------------------------

def _first_message(tracker_for, text, found):
    """The message that starts the diagnostic, with what the NLU found in it
    (``found``: entity → value, already mapped to their slots by Rasa)."""
    tracker = tracker_for(text=text, intent="inform", active_loop="diagnostic_form",
                          entities=[{"entity": k, "value": v} for k, v in found.items()],
                          slots=dict(found))
    tracker.events += [{"event": "slot", "name": k, "value": v} for k, v in found.items()]
    return tracker


def test_the_project_of_a_first_message_without_a_theme_entity_is_kept(tracker_for, domain):
    """« …on a un projet disolation de la toiture de lecole… »: the NLU found the
    commune and its size, not the theme (the typos). The project was lost,
    asked again, and the next reply (« oui ») became the project."""
    text = ("bonjour on est une petite commune de 450 hab on a un projet disolation de la "
            "toiture de lecole, le maire veut qu on se fasse aider")
    slots, messages = _run_form(
        _first_message(tracker_for, text, {"structure_type": "commune", "population": "450"}),
        domain)
    assert slots["project"] == "isolation de la toiture de l'école"
    assert slots["theme"] == "energie"
    # (« le maire veut qu on se fasse aider »: the sponsor, not asked again)
    assert slots["sponsor"] == "oui"
    assert [m["text"] for m in messages] == [
        "J'ai noté\u00a0: commune\u202f; 450 habitants\u202f; projet «\u00a0isolation de la "
        "toiture de l'école\u00a0»\u202f; oui, un élu porte le projet\u202f; énergie, bâtiments."]


@pytest.mark.parametrize("text, found, project", [
    ("mairie 520 hab, c pour le site internet, on a personne qui s y connait, le maire est daccord",
     {"structure_type": "commune", "population": "520", "theme": "numerique"}, "site internet"),
    ("c pour l eclairage public on veut passer en led", {"theme": "energie"},
     "éclairage public, passer en LED"),
    ("slt on voudrai refaire le site internet de la mairie", {"theme": "numerique"},
     "refaire le site internet de la mairie"),
    # a question is not a project, though it names works
    ("et 95 000 de travaux d isolation ?", {"theme": "energie"}, None),
])
def test_the_project_of_a_first_message_is_its_project_not_the_message(
        tracker_for, domain, text, found, project):
    slots, _ = _run_form(_first_message(tracker_for, text, found), domain)
    assert slots.get("project") == project


def test_a_project_said_while_another_question_waits_is_noted(tracker_for, domain):
    tracker = _typed_while_asked(tracker_for, "une commune, c'est pour l'éclairage public",
                                 "structure_type")
    slots, messages = _run_form(tracker, domain)
    assert slots["structure_type"] == "commune" and slots["project"] == "éclairage public"
    assert [m["text"] for m in messages] == [
        "J'ai noté\u00a0: projet «\u00a0éclairage public\u00a0»\u202f; énergie, bâtiments."]


@pytest.mark.parametrize("text, intent", [
    ("oui", "affirm"), ("non", "deny"), ("ok", "inform"),
    ("c quoi AMO", "inform"),                 # a question heard as information
    ("la mairie", "inform"),
])
def test_an_answer_that_names_no_project_is_refused(tracker_for, domain, text, intent):
    """« Quel est le projet ? » « oui » was recorded: the fiche said « Projet : oui »."""
    slots, messages = _run_form(_typed_while_asked(tracker_for, text, "project", intent=intent),
                                domain)
    assert slots["project"] is None
    assert len(messages) == 1 and "quelques mots" in messages[0]["text"]


def test_a_need_given_as_the_project_is_the_need_not_the_project(tracker_for, domain):
    """« expertise » answered « Quel est le projet ? » (the fiche said
    « Projet : expertise »): it is the need, noted; the project is asked again."""
    slots, messages = _run_form(_typed_while_asked(tracker_for, "expertise", "project"), domain)
    assert slots["project"] is None and slots["need_kinds"] == ["expertise"]
    assert [m["text"] for m in messages] == ["J'ai noté\u00a0: expertise (compétence pointue)."]


def test_dont_know_the_project(tracker_for, domain):
    from actions.slots import profile_from_slots
    from assistant.profile import UNKNOWN

    slots, messages = _run_form(
        _typed_while_asked(tracker_for, "je sais pas", "project", intent="dont_know"), domain)
    assert slots["project"] == UNKNOWN and messages == []
    assert profile_from_slots({"project": UNKNOWN}).project is None     # « non renseigné »


def test_the_project_is_said_back_in_a_few_words(tracker_for, domain):
    slots, messages = _run_form(
        _typed_while_asked(tracker_for, "c pour l eclairage public on veut passer en led", "project"),
        domain)
    assert slots["project"] == "éclairage public, passer en LED" and slots["theme"] == "energie"
    assert [m["text"] for m in messages] == [
        "J'ai noté\u00a0: projet «\u00a0éclairage public, passer en LED\u00a0»\u202f; "
        "énergie, bâtiments."]


# -- mixed partner answers ------------------------------------------------------

def test_partners_seen_and_one_not_yet_are_asked_about_not_recorded_not_consulted(
        tracker_for, domain, run):
    """« on a vu le SDE et l'ALEC, pas encore la DDT » (dgs H3) was recorded
    « pas encore consultés », and the advice sent the user back to the SDE and
    the ALEC. The partners seen are consulted; whether they can help is asked."""
    text = "on a vu le SDE et l'ALEC, pas encore la DDT"
    slots, messages = _run_form(_typed_while_asked(tracker_for, text, "partners_status"), domain)
    assert slots["partners_status"] is None
    assert slots["partners_consulted"] == ["alec", "syndicat_energie"]
    assert not any("compris" in (m.get("text") or "") for m in messages)
    asked = run(ASK_ACTIONS["partners_status"](),
                tracker_for(slots={"partners_consulted": slots["partners_consulted"]}))
    assert "Vous avez consulté" in asked.text and "ALEC" in asked.text
    # « l'ALEC pourrait » then keeps the SDE among those consulted
    tracker = _typed_while_asked(tracker_for, "l'ALEC pourrait nous aider", "partners_status",
                                 slots={"partners_consulted": ["alec", "syndicat_energie"]})
    slots, _ = _run_form(tracker, domain)
    assert slots["partners_status"] == "convention_disponible"
    assert slots["partners_consulted"] == ["alec", "syndicat_energie"]


def test_a_partner_that_refused_is_not_suggested_again_and_one_not_asked_is(tracker_for, domain):
    from actions.slots import profile_from_slots
    from assistant.engine import suggest_partners
    from assistant.knowledge import load_knowledge

    text = "on a vu le SDE, ils peuvent pas, pas encore le CAUE"
    slots, _ = _run_form(_typed_while_asked(tracker_for, text, "partners_status"), domain)
    assert slots["partners_status"] == "consultes_insuffisant"
    assert slots["partners_consulted"] == ["syndicat_energie"]
    profile = profile_from_slots({"structure_type": "commune", "population": 900,
                                  "theme": "energie", **slots},
                                 partner_ids=load_knowledge().partners)
    to_ask = [p.id for p in suggest_partners(profile) if not p.already_consulted]
    assert "caue" in to_ask and "syndicat_energie" not in to_ask


# -- the structure: comcom, maire -----------------------------------------------

def _starting(tracker_for, text, entities, slots):
    """The message that starts the diagnostic, as the form validates it at
    activation: the slots Rasa's mappings filled from it, nothing asked yet."""
    tracker = tracker_for(text=text, intent="inform", entities=entities, slots=slots)
    tracker.events += [{"event": "slot", "name": k, "value": v} for k, v in slots.items()]
    return tracker


def test_a_comcom_that_names_its_communes_is_an_epci(tracker_for, domain):
    """« on est une comcom … pour les 17 communes »: the NLU heard both, Rasa
    kept the last one (« commune »), and a communauté de communes was advised
    to ask « votre communauté de communes » for help (dgs H4)."""
    text = ("bjr, on est une comcom de 9800 hab, on doit faire un schema directeur du "
            "numerique (SDN) pour les 17 communes")
    entities = [{"entity": "structure_type", "value": "epci", "start": 16, "end": 22},
                {"entity": "structure_type", "value": "commune", "start": 107, "end": 115}]
    slots, messages = _run_form(_starting(tracker_for, text, entities,
                                          {"structure_type": "commune"}), domain)
    assert slots["structure_type"] == "epci"
    assert "intercommunalité (EPCI)" in messages[0]["text"]


@pytest.mark.parametrize("text, expected", [
    ("je suis maire de saint-julien, 1200 habitants", "commune"),
    ("je suis le président de la com com, on veut lancer un PCAET", "epci"),
    # final retest F-H3 (c20): the structure was asked again
    ("mairie de 2800 habitants, on veut remplacer le logiciel de compta et etat civil", "commune"),
])
def test_the_structure_the_user_says_they_are_is_noted_without_an_entity(
        tracker_for, domain, text, expected):
    slots, messages = _run_form(_starting(tracker_for, text, [], {}), domain)
    assert slots["structure_type"] == expected
    assert messages and messages[0]["text"].startswith("J'ai noté")


def test_a_partner_in_the_first_message_is_not_the_users_structure(tracker_for, domain):
    text = "la com com dit qu'elle peut nous aider pour l'ombriere"
    slots, _ = _run_form(_starting(tracker_for, text, [], {}), domain)
    assert slots.get("structure_type") is None


def test_a_structure_correction_the_nlu_missed_is_made(tracker_for, domain):
    text = "en fait on est une communauté de communes, pas une commune"
    tracker = _typed_while_asked(tracker_for, text, "need_kinds",
                                 slots={"structure_type": "commune"})
    slots, messages = _run_form(tracker, domain)
    assert slots["structure_type"] == "epci"
    assert [m["text"] for m in messages][0] == "C'est corrigé\u00a0: intercommunalité (EPCI)."
    # the need question is asked again without « je n'ai pas reconnu »
    assert not any("reconnu" in (m.get("text") or "") for m in messages)


def test_a_correction_of_another_answer_naming_the_maire_keeps_the_structure(tracker_for, domain):
    text = "en fait c'est plutôt le maire qui porte le projet, pas la comcom"
    tracker = _typed_while_asked(tracker_for, text, "amount", slots={"structure_type": "epci"})
    tracker.latest_message["entities"] = [
        {"entity": "structure_type", "value": "epci", "start": 54, "end": 60}]
    tracker.events.append({"event": "slot", "name": "structure_type", "value": "epci"})
    slots, messages = _run_form(tracker, domain)
    assert slots.get("structure_type", "epci") == "epci"
    assert not any("corrigé" in (m.get("text") or "") for m in messages)


# -- several need kinds -----------------------------------------------------------

def test_several_need_kinds_named_after_a_hedge(tracker_for, domain):
    """« je sais pas trop, un peu tout : on a pas le temps et pas les
    compétences » was « inconnu » (dgs M4): the kinds named are the answer."""
    text = "je sais pas trop, un peu tout : on a pas le temps et pas les compétences"
    for intent in ("inform", "dont_know"):
        result, messages = validate("need_kinds", text,
                                    answer(tracker_for, text, "need_kinds", intent=intent), domain)
        assert result == {"need_kinds": ["capacite", "expertise"]} and messages == []


@pytest.mark.parametrize("text, entities", [
    ('/inform{"need_kind": "capacite"}', [{"entity": "need_kind", "value": "capacite"}]),
    ("Capacité", []),
    ("et de la capacité aussi", []),
])
def test_a_need_kind_added_at_the_next_question_is_added(tracker_for, domain, text, entities):
    """« Plusieurs réponses sont possibles », but a button sends one: after
    « Expertise », « Capacité » clicked or typed while the duration is asked
    got « Je n'ai pas compris » (dgs M4). It is added, said, and the duration
    asked again without a complaint."""
    tracker = _typed_while_asked(tracker_for, text, "duration",
                                 slots={"need_kinds": ["expertise"]})
    tracker.latest_message["entities"] = entities
    slots, messages = _run_form(tracker, domain)
    assert slots["need_kinds"] == ["capacite", "expertise"]
    assert slots["duration"] is None
    texts = [m.get("text") or "" for m in messages]
    assert len(texts) == 1 and texts[0].startswith("J'ai noté") and "capacité" in texts[0], texts


@pytest.mark.parametrize("text, asked", [
    ("ponctuel", "duration"),                                 # the answer to the question
    ("on a un agent a mi temps", "internal_resources"),
    ("on n'a pas le temps de chiffrer, il faudrait qu'on en parle en conseil", "amount"),
])
def test_no_need_kind_added_by_an_answer_to_another_question(tracker_for, domain, text, asked):
    tracker = _typed_while_asked(tracker_for, text, asked, slots={"need_kinds": ["expertise"]})
    slots, _ = _run_form(tracker, domain)
    assert slots.get("need_kinds", ["expertise"]) == ["expertise"]


# -- corrections of an earlier answer, at any time ----------------------------------

@pytest.mark.parametrize("asked, text, intent, before, slot, value, said", [
    ("need_kinds", "en fait on est 1300 pas 300", "inform", {"population": 300},
     "population", 1300, "1\u202f300 habitants"),
    ("duration", "en fait non c plutot de la capacite, on a pas le temps", "inform",
     {"need_kinds": ["expertise"]}, "need_kinds", ["capacite"], "capacité"),
    ("internal_resources", "ah non pardon, revenir en arrière : c'est ponctuel, "
     "l'élaboration du plan dure 18 mois", "inform",
     {"need_kinds": ["expertise"], "duration": "durable"}, "duration", "ponctuel", "ponctuel"),
    ("internal_resources", "en fait c'est durable", "out_of_scope",
     {"need_kinds": ["audit"], "duration": "ponctuel"}, "duration", "durable", "durable"),
])
def test_a_correction_is_made_said_and_the_question_asked_again(
        tracker_for, domain, asked, text, intent, before, slot, value, said):
    """The user can correct an earlier answer at any time (secrétaire H7, dgs H5,
    maire H2): « en fait on est 1300 pas 300 » was ignored without a word, « en
    fait non c plutot de la capacite » got « Je n'ai pas compris », « ah non
    pardon, revenir en arrière : c'est ponctuel… » was recorded as « Personne »
    for the internal resources."""
    tracker = _typed_while_asked(tracker_for, text, asked, intent=intent, slots=before)
    if intent == "out_of_scope":            # Rasa's from_text mapping skips it
        tracker.events.pop()
        tracker.slots[asked] = None
    slots, messages = _run_form(tracker, domain)
    assert slots[slot] == value
    assert slots.get(asked) is None
    texts = [m.get("text") or "" for m in messages]
    assert len(texts) == 1 and texts[0].startswith("C'est corrigé") and said in texts[0], texts


def test_a_correction_heard_as_off_topic_is_not_refused(tracker_for, run):
    from actions.diagnostic import ActionOffTopicInDiagnostic
    from actions.faq import ActionAnswerQuestion

    for action, intent in ((ActionOffTopicInDiagnostic(), "out_of_scope"),
                           (ActionAnswerQuestion(), "ask_need_kinds")):
        tracker = _typed_while_asked(tracker_for, "en fait c'est plutôt de la capacité",
                                     "duration", intent=intent,
                                     slots={"need_kinds": ["expertise"]})
        assert run(action, tracker).messages == []


# -- « revenir en arrière » ----------------------------------------------------------

HOW_TO = ("Pour corriger une réponse, dites-moi simplement la bonne, par exemple "
          "«\u00a0en fait, c'est plutôt de la capacité\u00a0».")


@pytest.mark.parametrize("intent", ["inform", "dont_know", "nlu_fallback", "out_of_scope"])
def test_going_back_says_how_to_correct_and_asks_again(tracker_for, domain, run, intent):
    """« revenir en arriere » during the diagnostic got « Je ne peux pas vous
    aider… je suis spécialisé… » (secrétaire H7, maire H2): it is not off-topic.
    The assistant says how to correct; nothing is recorded for the question
    waiting, which the form asks again."""
    from actions.diagnostic import ActionOffTopicInDiagnostic

    tracker = _typed_while_asked(tracker_for, "revenir en arriere", "duration", intent=intent,
                                 slots={"need_kinds": ["audit"]})
    if intent == "out_of_scope":             # not mapped to the slot; the off-topic action runs
        tracker.events.pop()
        tracker.slots["duration"] = None
        assert run(ActionOffTopicInDiagnostic(), tracker).messages == []
    slots, messages = _run_form(tracker, domain)
    assert slots.get("duration") is None and "need_kinds" not in slots
    assert [m.get("text") for m in messages] == [HOW_TO]


def test_going_back_heard_as_a_restart_forgets_nothing(tracker_for, run):
    from actions.diagnostic import ActionResetDiagnostic, ActionStartDiagnostic

    def turn(text):
        tracker = _typed_while_asked(tracker_for, text, "duration", intent="restart_diagnostic",
                                     slots={"need_kinds": ["audit"]})
        return run(ActionResetDiagnostic(), tracker), run(ActionStartDiagnostic(), tracker)

    reset, start = turn("retour")
    assert reset.events == [] and start.messages == [] and start.events == []
    reset, _ = turn("on recommence tout")
    assert reset.slots["need_kinds"] is None


def test_after_going_back_the_next_answer_corrects(tracker_for, domain):
    tracker = _typed_while_asked(tracker_for, "Capacité", "duration",
                                 slots={"need_kinds": ["audit"]})
    tracker.events[-2:-2] = [{"event": "user", "text": "revenir en arriere"},
                             {"event": "bot", "text": HOW_TO}]
    slots, messages = _run_form(tracker, domain)
    assert slots["need_kinds"] == ["capacite"] and slots["duration"] is None
    assert [m.get("text") for m in messages] == [
        "C'est corrigé\u00a0: capacité (renfort d'équipe)."]


# The short questions of text messages (secrétaire de mairie, H4), each with the
# intent of the classifier: none is an answer, at any step.
TEXT_MESSAGE_QUESTIONS = [
    ("c quoi AMO", "ask_definition"),
    ("c quoi un MAPA", "ask_definition"),
    ("c quoi CAUE", "ask_partners"),
    ("c quoi un CEP", "ask_partners"),
    ("c quoi ponctuel", "ask_need_kinds"),
    ("ca veut dire quoi intermediation", "ask_need_kinds"),
]


@pytest.mark.parametrize("slot", DIAGNOSTIC_SLOTS)
@pytest.mark.parametrize("text, intent", TEXT_MESSAGE_QUESTIONS)
def test_a_short_definition_question_is_never_recorded(tracker_for, domain, slot, text, intent):
    tracker = answer(tracker_for, text, slot, intent=intent)
    slots, messages = _run_form(tracker, domain)
    assert not set(slots) & set(DIAGNOSTIC_SLOTS) and "partners_consulted" not in slots
    assert messages == []


@pytest.mark.parametrize("text, intent", TEXT_MESSAGE_QUESTIONS)
def test_a_short_definition_question_about_a_named_partner_is_no_answer(
        tracker_for, domain, text, intent):
    """« Vous avez consulté : syndicat d'énergie. Un accompagnement… ? » then
    « c quoi un CEP »: moved on to the sponsor, as if the partner could help."""
    tracker = answer(tracker_for, text, "partners_status", intent=intent,
                     slots={"partners_consulted": ["syndicat_energie"]})
    slots, messages = _run_form(tracker, domain)
    assert "partners_status" not in slots and messages == []


# -- what the first message answers of the later questions -----------------------------

DGS_M5 = ("Bonjour. Communauté de communes de 11 200 habitants. Projet : schéma directeur du "
          "numérique, avec un besoin ponctuel d'expertise (nous n'avons aucun profil DSI). Notre "
          "président porte le sujet, nous avons interrogé l'OPSN départemental qui ne fait pas "
          "ce type de mission, et le budget estimé est de 55 000 € HT. Qu'en pensez-vous ?")


def test_a_complete_first_message_is_not_asked_again(tracker_for, domain):
    """dgs M5: the need, its duration, the partners and the sponsor were asked
    again (« Expertise, comme je vous l'ai dit », « ponctuel, je l'ai déjà
    indiqué »…), though the first message said them all."""
    found = {"structure_type": "epci", "population": "11200", "theme": "numerique",
             "amount": "55 000 € HT"}
    slots, messages = _run_form(_starting(
        tracker_for, DGS_M5, [{"entity": k, "value": v} for k, v in found.items()], found), domain)
    assert {name: slots.get(name) for name in (
        "need_kinds", "duration", "internal_resources", "partners_status", "partners_consulted",
        "sponsor")} == {
        "need_kinds": ["expertise"], "duration": "ponctuel", "internal_resources": "aucune",
        "partners_status": "consultes_insuffisant", "partners_consulted": ["opsn"],
        "sponsor": "oui"}
    # every question of the diagnostic is answered: none is asked again
    assert all(slots.get(name) is not None for name in DIAGNOSTIC_SLOTS), slots
    texts = [m["text"] for m in messages]
    assert len(texts) == 1 and texts[0].startswith("J'ai noté"), texts
    for said in ("expertise (compétence pointue)", "besoin ponctuel",
                 "personne pour suivre le projet en interne",
                 "consultés, sans pouvoir couvrir le besoin (partenaires publics)\u202f; "
                 "partenaires consultés\u00a0: opérateur public de services numériques (OPSN)",
                 "oui, un élu porte le projet"):
        assert said in texts[0], said


def test_staff_and_sponsor_of_a_short_first_message_are_noted(tracker_for, domain):
    """secrétaire H3: « on a personne qui s y connait, le maire est daccord »,
    then « Un élu porte-t-il ce projet ? » was asked. The staff and the
    sponsor are noted; the need is not guessed from « personne qui s y
    connait » (it is asked)."""
    text = ("mairie 520 hab, c pour le site internet, on a personne qui s y connait, le maire "
            "est daccord")
    found = {"structure_type": "commune", "population": "520", "theme": "numerique"}
    slots, messages = _run_form(_starting(
        tracker_for, text, [{"entity": k, "value": v} for k, v in found.items()], found), domain)
    assert slots["internal_resources"] == "aucune" and slots["sponsor"] == "oui"
    assert slots.get("need_kinds") is None and slots.get("partners_status") is None
    assert [m["text"] for m in messages] == [
        "J'ai noté\u00a0: commune\u202f; 520 habitants\u202f; numérique\u202f; projet «\u00a0site "
        "internet\u00a0»\u202f; personne pour suivre le projet en interne (suivi en interne)\u202f; "
        "oui, un élu porte le projet."]


def test_a_lasting_need_said_in_the_first_message_is_noted(tracker_for, domain):
    """maire H3: « … plan climat participatif … sur tout le mandat »: durable."""
    text = ("Bonsoir. Nouvelle maire depuis mars (1700 hab). Je voudrais lancer un plan climat "
            "participatif avec les habitants, ateliers, concertation etc. sur tout le mandat")
    found = {"population": "1700", "theme": "climat"}
    slots, messages = _run_form(_starting(
        tracker_for, text, [{"entity": k, "value": v} for k, v in found.items()], found), domain)
    assert slots["duration"] == "durable" and slots["structure_type"] == "commune"
    # « Nouvelle maire » is the structure, not a sponsor; « concertation » not a need
    assert slots.get("sponsor") is None and slots.get("need_kinds") is None
    assert "besoin durable" in messages[0]["text"]


def test_an_answer_of_the_first_message_is_not_read_once_a_question_is_asked(tracker_for, domain):
    """Only the message that starts the diagnostic is read this way; a later
    message goes to the question asked (and to ``answers_ahead``)."""
    from actions.passing import answers_in_passing

    text = "on a personne qui s y connait, le maire est daccord"
    assert answers_in_passing(_starting(tracker_for, text, [], {})) == {
        "internal_resources": "aucune", "sponsor": "oui"}
    assert answers_in_passing(_typed_while_asked(tracker_for, text, "project")) == {}
    # a question answered already is kept
    assert answers_in_passing(_starting(tracker_for, text, [], {"sponsor": "non"})) == {
        "internal_resources": "aucune"}


def test_a_first_answer_noted_can_be_corrected(tracker_for, domain):
    """What was noted from the first message is corrected like any answer."""
    tracker = _typed_while_asked(tracker_for, "en fait on a un agent à mi-temps", "need_kinds",
                                 slots={"internal_resources": "aucune"})
    slots, messages = _run_form(tracker, domain)
    assert slots["internal_resources"] == "partielle"
    assert messages[0]["text"] == ("C'est corrigé\u00a0: un agent, en partie "
                                   "(suivi en interne).")


# -- a long first message (fresh H1) ----------------------------------------------

PNR_FIRST_MESSAGE = (
    "Bonjour. Je suis chargée de mission biodiversité dans un parc naturel régional (56 communes, "
    "environ 61 000 habitants). Nous souhaitons lancer un atlas de la biodiversité intercommunale "
    "sur 3 ans, avec inventaires naturalistes et animation auprès des habitants. Nous avons deux "
    "chargés de mission en interne mais pas assez de temps.")


@pytest.mark.parametrize("themes", [["biodiversite", "numerique"], ["numerique"]])
def test_a_long_first_message_gives_the_structure_theme_and_project_it_names(
        tracker_for, domain, themes):
    """It was noted « autre structure ; 61 000 habitants ; numérique ; projet « deux
    chargés de mission en interne » »: a parc naturel régional is a syndicat mixte,
    the theme is the biodiversity named, not a theme heard in « en interne », and the
    project is the atlas, not the staff."""
    text = PNR_FIRST_MESSAGE
    entities = [{"entity": "structure_type", "value": "syndicat", "start": 66, "end": 89},
                {"entity": "structure_type", "value": "commune", "start": 94, "end": 101},
                {"entity": "population", "value": "61000"}]
    entities += [{"entity": "theme", "value": theme} for theme in themes]
    slots, messages = _run_form(_starting(tracker_for, text, entities, {
        "structure_type": "commune", "population": "61000", "theme": themes[-1]}), domain)
    assert slots["structure_type"] == "syndicat"
    assert slots["theme"] == "biodiversite"
    assert slots["project"] == "atlas de la biodiversité intercommunale"
    assert "numérique" not in messages[0]["text"] and "syndicat" in messages[0]["text"]


def test_a_partner_named_outside_the_partners_question_is_not_recorded_as_consulted(
        tracker_for, domain):
    """« Attendez, le parc n'est pas une intercommunalité, c'est un syndicat mixte
    ouvert » at the duration question, then « Vous avez consulté : Intercommunalité
    (EPCI). Un accompagnement de ce côté est-il possible ? » (fresh H1)."""
    text = "Attendez, le parc n'est pas une intercommunalité, c'est un syndicat mixte ouvert"
    tracker = _typed_while_asked(tracker_for, text, "duration",
                                 slots={"structure_type": "autre", "need_kinds": ["capacite"]})
    slots, _ = _run_form(tracker, domain)
    assert "partners_consulted" not in slots and slots.get("partners_status") is None
    # with a verb of consulting, it is an answer ahead
    tracker = _typed_while_asked(tracker_for, "on a vu la com com", "duration",
                                 slots={"need_kinds": ["capacite"]})
    slots, _ = _run_form(tracker, domain)
    assert slots["partners_consulted"] == ["epci"]


# -- corrections without « en fait » (fresh H1) -----------------------------------

def _typed_heard_as(tracker_for, text, asked, intent, slots, entities=()):
    """``_typed_while_asked``, with the intent and entities the NLU gave: an
    interrupting intent (out_of_scope…) is not mapped to the asked slot."""
    tracker = _typed_while_asked(tracker_for, text, asked, intent=intent, slots=slots)
    tracker.latest_message["entities"] = list(entities)
    if intent != "inform":
        tracker.events.pop()
        tracker.slots[asked] = None
    return tracker


@pytest.mark.parametrize("intent", ["inform", "out_of_scope"])
@pytest.mark.parametrize("asked, text, before, slot, value, said", [
    ("duration", "Attendez, le parc n'est pas une intercommunalité, c'est un syndicat mixte "
     "ouvert", {"structure_type": "autre", "need_kinds": ["capacite"]}, "structure_type",
     "syndicat", "syndicat"),
    ("duration", "le thème c'est la biodiversité, pas le numérique",
     {"theme": "numerique", "need_kinds": ["capacite"]}, "theme", "biodiversite", "biodiversité"),
    ("population", "je me suis trompée : nous sommes un syndicat mixte",
     {"structure_type": "autre"}, "structure_type", "syndicat", "syndicat"),
    ("population", "un PETR", {"structure_type": "autre"}, "structure_type", "syndicat",
     "syndicat"),
])
def test_a_structure_or_theme_correction_is_made_and_said(
        tracker_for, domain, run, intent, asked, text, before, slot, value, said):
    """Each was followed by the same question again, without a word (fresh H1,
    c10–c12, c16): the correction is made, said back, and the question that
    waits is asked again without a complaint; the off-topic reply is not given."""
    from actions.diagnostic import ActionOffTopicInDiagnostic

    tracker = _typed_heard_as(tracker_for, text, asked, intent, before)
    slots, messages = _run_form(tracker, domain)
    assert slots[slot] == value
    assert slots.get(asked) is None
    assert [m.get("text") for m in messages] == [f"C'est corrigé\u00a0: {said}."]
    if intent == "out_of_scope":
        assert run(ActionOffTopicInDiagnostic(), tracker).messages == []


def test_a_theme_correction_keeps_the_theme_named_not_the_one_negated(tracker_for, domain):
    """The NLU may hear « numérique » in « pas le numérique », and Rasa keeps
    the last entity: the theme said is the one not negated."""
    text = "le thème c'est la biodiversité, pas le numérique"
    tracker = _typed_heard_as(
        tracker_for, text, "duration", "inform", {"theme": "numerique"},
        entities=[{"entity": "theme", "value": "biodiversite", "start": 17, "end": 29},
                  {"entity": "theme", "value": "numerique", "start": 38, "end": 47}])
    tracker.slots["theme"] = "numerique"
    tracker.events.append({"event": "slot", "name": "theme", "value": "numerique"})
    slots, messages = _run_form(tracker, domain)
    assert slots["theme"] == "biodiversite"
    assert [m.get("text") for m in messages] == ["C'est corrigé\u00a0: biodiversité."]


def _ask(slot, tracker, domain):
    """The question the form asks for ``slot`` (its action_ask_<slot>)."""
    dispatcher = CollectingDispatcher()
    asyncio.run(ASK_ACTIONS[slot]().run(dispatcher, tracker, domain))
    return dispatcher.messages


NOTED = {"structure_type": "autre", "population": 1500, "project": "bilan carbone",
         "theme": "climat", "need_kinds": ["expertise"], "duration": "ponctuel",
         "internal_resources": "aucune", "partners_status": "non_consultes"}


@pytest.mark.parametrize("intent", ["out_of_scope", "inform", "nlu_fallback"])
@pytest.mark.parametrize("text, target, said", [
    ("corriger le type de structure", "structure_type", "autre structure"),
    ("je veux changer la durée", "duration", "besoin ponctuel"),
    ("je voudrais corriger le besoin", "need_kinds", "expertise"),
    ("changer les ressources internes", "internal_resources", "personne"),
    ("modifier les partenaires", "partners_status", "pas encore consultés"),
])
def test_asking_to_correct_an_answer_asks_its_question_again(tracker_for, domain, intent, text,
                                                              target, said):
    """F-L1: « corriger le type de structure » got « Pour corriger une réponse,
    dites-moi simplement la bonne, par exemple « en fait, … » », with no list
    of answers and no button. The question of that answer is asked again, as
    in the form (same buttons), under the answer noted; the question waiting
    comes after."""
    from actions.diagnostic import ActionOffTopicInDiagnostic

    tracker = _typed_heard_as(tracker_for, text, "sponsor", intent, NOTED)
    if intent == "out_of_scope":
        assert run_action(ActionOffTopicInDiagnostic(), tracker, domain).messages == []
    dispatcher = CollectingDispatcher()
    events = asyncio.run(FORM.run(dispatcher, tracker, domain))
    assert {"event": "slot", "timestamp": None, "name": "requested_slot", "value": target} in events
    assert not any(e.get("name") == target for e in events)     # the answer noted is kept
    texts = [m.get("text") for m in dispatcher.messages]
    assert len(texts) == 1 and texts[0].startswith("D'accord") and said in texts[0], texts
    assert "en fait" not in texts[0]
    tracker.slots["requested_slot"] = target
    asked = _ask(target, tracker, domain)
    expected = message_of(f"ask_{target}")
    assert asked[0]["buttons"] == expected.get("buttons", []) and asked[0]["buttons"]


def test_the_answer_to_the_question_asked_again_is_said_corrected(tracker_for, domain):
    """After « corriger le type de structure », « Commune » clicked: the
    structure changes, « C'est corrigé : commune. », and the form goes back to
    the question that waited (no question forced)."""
    before = {k: NOTED[k] for k in ("structure_type", "population", "project", "theme",
                                    "need_kinds")}
    tracker = _typed_while_asked(tracker_for, '/inform{"structure_type": "commune"}',
                                 "structure_type", slots=before)
    tracker.latest_message["entities"] = [{"entity": "structure_type", "value": "commune"}]
    tracker.slots["structure_type"] = "commune"
    tracker.events[-1]["value"] = "commune"
    tracker.events.insert(len(before), {"event": "user", "text": "corriger le type de structure"})
    slots, messages = _run_form(tracker, domain)
    assert slots["structure_type"] == "commune" and "requested_slot" not in slots
    assert [m.get("text") for m in messages] == ["C'est corrigé\u00a0: commune."]


def test_revenir_en_arriere_still_says_how_to_correct(tracker_for, domain):
    """A request that names no answer, or an answer not given yet, keeps the
    explanation (nothing to ask again)."""
    for text, slots in (("revenir en arrière", NOTED), ("modifier le budget", NOTED)):
        tracker = _typed_heard_as(tracker_for, text, "sponsor", "out_of_scope", slots)
        slots_set, messages = _run_form(tracker, domain)
        assert "requested_slot" not in slots_set
        assert messages[0]["text"].startswith("Pour corriger une réponse"), messages


def _after_correction_request(tracker_for, text, target, before, requests=1):
    """``text`` typed while ``target`` is asked again after « corriger … »
    (``requests`` unreadable answers before it), as the validation action
    gets it: the earlier answers, the request, the form setting
    requested_slot to ``target``, then the message."""
    tracker = _typed_while_asked(tracker_for, text, target, slots=before)
    request = {"structure_type": "corriger le type de structure",
               "duration": "je veux changer la durée"}[target]
    turn = [{"event": "user", "text": request},
            {"event": "slot", "name": "requested_slot", "value": target}]
    for _ in range(requests - 1):
        turn += [{"event": "user", "text": "bof"},
                 {"event": "slot", "name": target, "value": before[target]},
                 {"event": "slot", "name": "requested_slot", "value": target}]
    tracker.events[len(before):len(before)] = turn
    return tracker


@pytest.mark.parametrize("requests", [1, 2])
@pytest.mark.parametrize("target, text", [("structure_type", "bof"),
                                          ("duration", "euh je vois pas trop")])
def test_an_unreadable_answer_to_a_question_asked_again_asks_it_again(
        tracker_for, domain, requests, target, text):
    """After « corriger le type de structure », an answer the validator cannot
    read kept the old value and the form went on to the question that
    waited. It gets the re-ask of any unreadable answer, the old value is
    kept, and the same question comes again (with its buttons), until a
    readable answer comes."""
    before = {k: NOTED[k] for k in DIAGNOSTIC_SLOTS[:DIAGNOSTIC_SLOTS.index("internal_resources")]}
    tracker = _after_correction_request(tracker_for, text, target, before, requests)
    slots, messages = _run_form(tracker, domain)
    assert slots[target] == NOTED[target]
    assert slots["requested_slot"] == target
    assert [normalize(m.get("text")) for m in messages] == [
        normalize(message_of(f"invalid_{target}")["text"]),
        normalize(message_of("kept_previous_answer")["text"])]


@pytest.mark.parametrize("text", ["bof", "je sais pas quoi repondre"])
def test_a_question_asked_again_is_asked_again_after_an_unmapped_message(tracker_for, domain,
                                                                         text):
    """Heard as off-topic (not mapped to the question), or not understood
    (« je sais pas quoi repondre »: the question explained), the message
    leaves the question asked again waiting, its answer kept (it was emptied
    by the explanation, or the form went on)."""
    before = {k: NOTED[k] for k in DIAGNOSTIC_SLOTS[:DIAGNOSTIC_SLOTS.index("internal_resources")]}
    tracker = _after_correction_request(tracker_for, text, "structure_type", before)
    tracker.latest_message["intent"] = {"name": "out_of_scope", "confidence": 1.0}
    tracker.events.pop()
    tracker.slots["structure_type"] = "autre"
    slots, _ = _run_form(tracker, domain)
    assert slots.get("structure_type", "autre") == "autre"
    assert slots["requested_slot"] == "structure_type"
    assert _ask("structure_type", tracker, domain)[0]["buttons"] == \
        message_of("ask_structure_type")["buttons"]


def test_a_readable_answer_after_an_unreadable_one_is_said_corrected(tracker_for, domain):
    """« Commune » typed after « corriger le type de structure » then « bof »:
    the structure changes, said back, and the question that waited comes next."""
    before = {k: NOTED[k] for k in DIAGNOSTIC_SLOTS[:DIAGNOSTIC_SLOTS.index("internal_resources")]}
    tracker = _after_correction_request(tracker_for, "commune", "structure_type", before, 2)
    slots, messages = _run_form(tracker, domain)
    assert slots["structure_type"] == "commune" and slots.get("requested_slot") != "structure_type"
    assert [m.get("text") for m in messages] == ["C'est corrigé\u00a0: commune."]


# -- a hedged duration (fresh M4) ---------------------------------------------------

@pytest.mark.parametrize("intent", ["inform", "dont_know"])
@pytest.mark.parametrize("text, value", [
    ("je sais pas trop, 1 an ?", "ponctuel"),
    ("je ne sais pas, sans doute 3 ans", "durable"),
    ("jsp, ponctuel je pense", "ponctuel"),
])
def test_a_hedged_duration_keeps_what_it_says_as_an_estimate(tracker_for, domain, intent, text,
                                                             value):
    """« je sais pas trop, 1 an ? » was recorded « inconnu »: a length of a year
    or less is ponctuel; the hedge makes it an estimate, said back."""
    tracker = _typed_while_asked(tracker_for, text, "duration", intent=intent,
                                 slots={"need_kinds": ["capacite"]})
    slots, messages = _run_form(tracker, domain)
    assert slots["duration"] == value
    other = "durable" if value == "ponctuel" else "ponctuel"
    texts = [m.get("text") or "" for m in messages]
    assert len(texts) == 1 and texts[0].startswith("C'est noté\u00a0: besoin " + value), texts
    assert f"«\u00a0en fait, c'est {other}\u00a0»" in texts[0]


@pytest.mark.parametrize("text", ["je ne sais pas si c'est ponctuel ou durable", "je sais pas"])
def test_a_duration_not_known_stays_unknown(tracker_for, domain, text):
    tracker = _typed_while_asked(tracker_for, text, "duration", intent="dont_know",
                                 slots={"need_kinds": ["capacite"]})
    slots, messages = _run_form(tracker, domain)
    assert slots["duration"] == "inconnu" and messages == []


def test_a_contrast_between_partners_is_the_partners_answer_not_a_correction(tracker_for, domain):
    """« pas la com com mais le syndicat d'énergie » at the partners question: the
    structure the NLU may hear in it (the SDE as a syndicat) is not the user's."""
    text = "pas la com com mais le syndicat d'énergie : ils ne peuvent pas"
    tracker = _typed_while_asked(tracker_for, text, "partners_status",
                                 slots={"structure_type": "epci"})
    tracker.latest_message["entities"] = [{"entity": "structure_type", "value": "syndicat"}]
    tracker.slots["structure_type"] = "syndicat"
    tracker.events.append({"event": "slot", "name": "structure_type", "value": "syndicat"})
    slots, messages = _run_form(tracker, domain)
    assert slots.get("structure_type", "epci") == "epci"
    assert slots["partners_status"] == "consultes_insuffisant"
    assert not any("corrigé" in (m.get("text") or "") for m in messages)


# -- « Un accompagnement de ce côté est-il possible ? » (partners named) ------------------

@pytest.mark.parametrize("text, intent, status", [
    # retest N1: each got « Je n'ai pas compris » with the first question's examples
    ("ils font des conseils mais pas le suivi", "inform", "consultes_insuffisant"),
    ("que du conseil, pas d'accompagnement", "inform", "consultes_insuffisant"),
    ("👍", "nlu_fallback", "convention_disponible"),
    ("👎", "nlu_fallback", "consultes_insuffisant"),
    ("oui", "affirm", "convention_disponible"),
])
def test_the_follow_up_on_named_partners_reads_free_answers(tracker_for, domain, text, intent, status):
    tracker = _typed_while_asked(tracker_for, text, "partners_status", intent=intent,
                                 slots={"partners_consulted": ["caue"]})
    slots, messages = _run_form(tracker, domain)
    assert slots["partners_status"] == status
    assert not any("compris" in (m.get("text") or "") for m in messages)


def test_a_sponsor_answer_at_the_partners_follow_up_is_the_sponsor_only(tracker_for, domain):
    """Retest N1: « oui le vice-président environnement porte le sujet » typed
    at « Un accompagnement de ce côté est-il possible ? » was saved as the
    sponsor AND as « un partenaire pourrait couvrir le besoin », which turned
    the advice to « Consulter d'abord vos partenaires publics »."""
    tracker = _typed_while_asked(tracker_for, "oui le vice-président environnement porte le sujet",
                                 "partners_status", slots={"partners_consulted": ["alec", "syndicat_energie"]})
    slots, _ = _run_form(tracker, domain)
    assert slots["sponsor"] == "oui"
    assert slots["partners_status"] is None


def test_a_refused_answer_at_the_partners_follow_up_gets_yes_no_examples(tracker_for, domain):
    tracker = _typed_while_asked(tracker_for, "blabla truc", "partners_status",
                                 slots={"partners_consulted": ["caue"]})
    _, messages = _run_form(tracker, domain)
    assert "peut-il vous accompagner" in messages[0]["text"] and "pas encore" not in messages[0]["text"]


# -- what is typed at the « wrong » question is kept (final retest M-H3) ------------------

@pytest.mark.parametrize("asked, text, intent, slots, answered", [
    ("need_kinds", "30 ou 40 000", "inform", {}, None),
    ("need_kinds", "je sais pas trop, 30 ou 40 000 peut etre", "dont_know", {}, None),
    ("internal_resources", "je sais pas trop, 30 ou 40 000 peut etre", "dont_know", {}, None),
    ("partners_status", "je sais pas trop peut etre 30000", "dont_know",
     {"partners_consulted": ["sde"]}, None),
    ("duration", "je ne sais pas encore, peut-être 150 000 € sur 3 ans", "dont_know", {},
     "durable"),
])
def test_a_budget_typed_at_another_question_is_noted(tracker_for, domain, asked, text, intent,
                                                      slots, answered):
    """The budget is noted and said back briefly; the hedge goes with it,
    not with the question asked, which is answered or asked again."""
    result, messages = _run_form(_typed_while_asked(tracker_for, text, asked, intent=intent,
                                                    slots=slots), domain)
    assert result["amount"] in (30000.0, 40000.0, 150000.0)
    assert result[asked] == answered
    texts = [m.get("text") or "" for m in messages]
    assert any(t.startswith("J'ai noté") and "budget d'environ" in t for t in texts), texts
    assert not any("compris" in t or "reconnu" in t for t in texts), texts


def test_a_number_that_answers_the_question_is_no_budget(tracker_for, domain):
    result, _ = _run_form(_typed_while_asked(tracker_for, "ponctuel, 18 mois", "duration"), domain)
    assert "amount" not in result and result["duration"] == "ponctuel"


@pytest.mark.parametrize("asked, text, intent, slots, slot, value", [
    # « ben je sais pas » answers the need; the staff is noted for later
    ("need_kinds", "ben je sais pas, on a une secretaire de mairie a mi temps et c'est tout",
     "dont_know", {}, "internal_resources", "partielle"),
    # heard as off-topic, still the resources' answer ahead
    ("need_kinds", "secretaire a mi temps", "out_of_scope", {}, "internal_resources",
     "partielle"),
    # « moi ! enfin mon adjointe » at the named partners' question: the sponsor
    ("partners_status", "moi ! enfin mon adjointe", "out_of_scope",
     {"partners_consulted": ["caue"]}, "sponsor", "oui"),
])
def test_an_answer_to_a_later_question_is_kept(tracker_for, domain, asked, text, intent, slots,
                                               slot, value):
    result, messages = _run_form(_typed_while_asked(tracker_for, text, asked, intent=intent,
                                                    slots=slots), domain)
    assert result[slot] == value
    texts = [m.get("text") or "" for m in messages]
    assert any(t.startswith("J'ai noté") for t in texts), texts
    assert not any("compris" in t or "reconnu" in t for t in texts), texts


# -- « je comprend rien » (final retest S-M6) --------------------------------------------

@pytest.mark.parametrize("asked, text, intent, slots, key", [
    ("need_kinds", "je sais pas quoi repondre", "dont_know", {}, "explain_need_kinds"),
    ("duration", "je comprend rien", "out_of_scope", {}, "explain_duration"),
    ("internal_resources", "j'ai pas compris la question", "help", {},
     "explain_internal_resources"),
    ("partners_status", "je comprends pas la question", "dont_know",
     {"partners_consulted": ["caue"]}, "explain_partners_status_named"),
])
def test_a_question_not_understood_is_explained_and_asked_again(
        tracker_for, domain, run, asked, text, intent, slots, key):
    """The question waiting is said in plainer words with examples; nothing
    is recorded, and the form asks it again."""
    from actions.common import message
    from actions.diagnostic import ActionOffTopicInDiagnostic

    tracker = _typed_while_asked(tracker_for, text, asked, intent=intent, slots=slots)
    result, messages = _run_form(tracker, domain)
    assert result.get(asked) is None
    texts = [m.get("text") or "" for m in messages]
    expected = message(key)["text"].split(" Par exemple")[0]
    assert texts and texts[0].replace("\u00a0", " ").replace("\u202f", " ").startswith(
        expected.replace("\u00a0", " ")), texts
    assert "Par exemple" in texts[0] or "par exemple" in texts[0]
    assert run(ActionOffTopicInDiagnostic(), tracker).messages == []


def test_a_real_dont_know_is_still_recorded(tracker_for, domain):
    result, messages = _run_form(_typed_while_asked(tracker_for, "je ne sais pas", "need_kinds",
                                                    intent="dont_know"), domain)
    assert result["need_kinds"] == ["inconnu"] and messages == []


def test_a_bare_amount_for_a_works_project_says_it_is_the_missions(tracker_for, domain):
    """Final retest S-M1: « 80 000 » at the budget question for « éclairage
    public LED » was routed as the AMO mission with no word: the
    confirmation says what the amount is and how to correct it."""
    result, texts = validate("amount", "80000", answer(
        tracker_for, "80000", "amount", slots={"project": "éclairage public LED"}), domain)
    assert result == {"amount": 80000.0}
    assert len(texts) == 1 and "pour la mission d'accompagnement (AMO), pas pour les travaux" \
        in texts[0] and "de travaux" in texts[0], texts
    # A study: the usual confirmation
    _, texts = validate("amount", "80000", answer(
        tracker_for, "80000", "amount", slots={"project": "bilan carbone"}), domain)
    assert texts == ["C'est noté\u00a0: 80\u202f000\u00a0€\u00a0HT."]


def test_the_works_amount_said_after_that_confirmation_is_not_the_budget(tracker_for, domain):
    tracker = _with_amount(answer(tracker_for, "80 000 € de travaux", "amount",
                                  slots={"project": "éclairage public LED"}), 80000.0)
    result, texts = validate("amount", "80 000 € de travaux", tracker, domain)
    assert result == {"amount": None} and "travaux" in texts[0]


# -- need kinds given late, « sur 3 ans » (final retest F-H1) ----------------------------

def test_need_kinds_said_again_with_more_at_the_duration_question_are_noted(tracker_for, domain):
    """« Capacité surtout, et un regard extérieur pour la méthodo » typed at
    the duration question, the capacity noted from the first message, got
    « Je n'ai pas compris »: the need said again, with the outside view, is
    noted and the duration asked again."""
    text = "Capacité surtout, et un regard extérieur pour la méthodo"
    tracker = _typed_while_asked(tracker_for, text, "duration", slots={"need_kinds": ["capacite"]})
    result, messages = _run_form(tracker, domain)
    assert result["need_kinds"] == ["audit", "capacite"]
    assert result["duration"] is None
    texts = [m.get("text") or "" for m in messages]
    assert len(texts) == 1 and texts[0].startswith("J'ai noté") and "regard extérieur" in texts[0]
    assert not any("compris" in t for t in texts), texts


# -- an answer typed again (final retest S-L1) -------------------------------------------

@pytest.mark.parametrize("text, entity, value, said", [
    ("commune", "structure_type", "commune", "commune"),
    ("numerique", "theme", "numerique", "numérique"),
])
def test_an_answer_typed_again_is_said_already_noted(tracker_for, domain, text, entity, value,
                                                      said):
    """« commune », « numerique » typed again while the need is asked got the
    question repeated blindly: « C'est déjà noté : … », then the question."""
    slots = {"structure_type": "commune", "population": 800, "project": "site internet",
             "theme": "numerique"}
    tracker = _typed_while_asked(tracker_for, text, "need_kinds", slots=slots)
    tracker.latest_message["entities"] = [{"entity": entity, "value": value}]
    tracker.events.append({"event": "slot", "name": entity, "value": value})
    result, messages = _run_form(tracker, domain)
    assert result["need_kinds"] is None
    texts = [m.get("text") or "" for m in messages]
    assert texts == [f"C'est déjà noté\u00a0: {said}."], texts


def test_a_new_answer_is_not_said_already_noted(tracker_for, domain):
    tracker = _typed_while_asked(tracker_for, "expertise", "need_kinds",
                                 slots={"structure_type": "commune"})
    tracker.latest_message["entities"] = [{"entity": "structure_type", "value": "commune"}]
    tracker.events.append({"event": "slot", "name": "structure_type", "value": "commune"})
    result, messages = _run_form(tracker, domain)
    assert result["need_kinds"] == ["expertise"] and messages == []


def test_a_ttc_budget_keeps_the_amount_typed(tracker_for, domain):
    """Final F-L2: « env 35k€ TTC » became « 29 166,67 € HT » in the chat, the
    recap and the fiche. The HT value is the budget (computations); the TTC
    amount typed is kept beside it, and said first."""
    text = "env 35k€ TTC"
    result, texts = validate("amount", text, answer(tracker_for, text, "amount"), domain)
    assert result == {"amount": 29166.67, "amount_ttc": 35000.0}
    assert any("35\u202f000\u00a0€ TTC, soit environ 29\u202f167\u00a0€\u00a0HT (TVA à 20\u202f%)" in t
               for t in texts), texts
    # Corrected with an HT amount: the TTC amount kept is cleared
    tracker = answer(tracker_for, "en fait 40 000 € HT", "amount", slots={"amount_ttc": 35000.0})
    result, _ = validate("amount", "en fait 40 000 € HT", tracker, domain)
    assert result == {"amount": 40000.0, "amount_ttc": None}


@pytest.mark.parametrize("entity", [True, False])
@pytest.mark.parametrize("text, said, ttc", [
    ("environ 35 000 TTC", "budget d'environ 35\u202f000\u00a0€ TTC, soit environ 29\u202f167\u00a0€"
     "\u00a0HT (TVA à 20\u202f%), à confirmer", 35000.0),
    ("35 000 € TTC", "budget 35\u202f000\u00a0€ TTC, soit environ 29\u202f167\u00a0€\u00a0HT "
     "(TVA à 20\u202f%)", 35000.0),
    ("je sais pas trop, 30 ou 40 000 peut etre", "budget d'environ 40\u202f000\u00a0€\u00a0HT, "
     "à confirmer", None),
])
def test_a_ttc_budget_typed_at_another_question_keeps_its_ttc_line(tracker_for, domain, entity,
                                                                   text, said, ttc):
    """Review of F-L2: « environ 35 000 TTC » typed at the need question was
    said « budget d'environ 29 166,67 € HT, à confirmer » and its TTC amount
    was lost for the recap and the fiche: one label (render.budget_label) for
    every budget said back, with the TTC amount typed and the hedge."""
    tracker = _typed_while_asked(tracker_for, text, "need_kinds",
                                 slots={"structure_type": "commune", "project": "bilan carbone"})
    if entity:
        tracker.latest_message["entities"] = [{"entity": "amount", "value": "35 000 TTC"}]
        tracker.slots["amount"] = "35 000 TTC"
        tracker.events.append({"event": "slot", "name": "amount", "value": "35 000 TTC"})
    slots, messages = _run_form(tracker, domain)
    assert slots["need_kinds"] is None
    assert slots.get("amount_ttc") == ttc and slots["amount"] == (29166.67 if ttc else 40000.0)
    assert [m.get("text") for m in messages] == [f"J'ai noté\u00a0: {said}."]


def test_budget_label():
    from actions.render import budget_label

    assert budget_label(40000.0) == "budget 40\u202f000\u00a0€\u00a0HT"
    assert budget_label(40000.0, hesitant=True) == \
        "budget d'environ 40\u202f000\u00a0€\u00a0HT, à confirmer"
    assert budget_label(29166.67, 35000.0, hesitant=True) == (
        "budget d'environ 35\u202f000\u00a0€ TTC, soit environ 29\u202f167\u00a0€\u00a0HT "
        "(TVA à 20\u202f%), à confirmer")
    assert budget_label(40000.0, 35000.0) == "budget 40\u202f000\u00a0€\u00a0HT"   # (a TTC kept from before)


@pytest.mark.parametrize("text, hint", [
    ("env 35k€", True), ("45 000 €", True), ("45 000 € HT", False), ("80000", False),
])
def test_an_amount_without_ht_or_ttc_is_said_taken_as_ht(tracker_for, domain, text, hint):
    """Final F-L3: « env 35k€ » → « environ 35 000 € HT » with no word on
    HT/TTC. An amount in euros that says neither is said to be counted HT,
    with how to say it is TTC; a bare number answers the question « en euros
    hors taxes » (S-M1's confirmation stays one line)."""
    _, texts = validate("amount", text, answer(tracker_for, text, "amount"), domain)
    said = any("hors taxes" in t and "TTC" in t for t in texts)
    assert said is hint, texts
    if text == "env 35k€":
        assert texts[-1] == ("Je compte ce montant hors taxes. S'il est TTC, dites-le, par exemple "
                             "«\u00a035\u202f000\u00a0€ TTC\u00a0».")


def test_partners_the_data_does_not_know_are_noted_as_typed(tracker_for, domain):
    """Final F-L8: « Oui l'un d'eux pourrait : le CPIE et le conservatoire
    d'espaces naturels » was recorded with no word. The names are said back as
    typed, with no card to give on them; the answer is still recorded."""
    text = "Oui l'un d'eux pourrait : le CPIE et le conservatoire d'espaces naturels"
    result, texts = validate("partners_status", text, answer(tracker_for, text, "partners_status"),
                             domain)
    assert result == {"partners_status": "convention_disponible"}
    assert texts == ["Noté\u00a0: CPIE, conservatoire d'espaces naturels (je n'ai pas de fiche sur "
                     "ces partenaires\u00a0: vérifiez avec eux ce qu'ils peuvent prendre en charge, "
                     "et s'il faut une mise en concurrence pour leur confier une mission)."], texts
    # a partner of the data: no such line
    text = "oui le CAUE pourrait nous aider"
    _, texts = validate("partners_status", text, answer(tracker_for, text, "partners_status"), domain)
    assert texts == []


# -- once per message (review) -------------------------------------------------------

def test_the_budget_and_the_answer_ahead_are_read_once_per_message(tracker_for, domain,
                                                                   monkeypatch):
    """Review: amount_in_passing re-parsed the message up to 6 times a turn
    (the need, duration, partners validators, the off-topic action, the FAQ's
    guard…) and answer_ahead up to 3 times. Each is now computed once per
    message: through the form's extraction and validators, and across the
    actions of the turn (here the off-topic action, then the form, each with
    its own copy of the tracker, as Rasa sends them). Same result."""
    import copy

    import actions.passing as passing
    import actions.slots as slots_module
    from actions.diagnostic import ActionOffTopicInDiagnostic

    calls = {"budget": 0, "ahead": 0}

    def counted(module, name, key):
        real = getattr(module, name)

        def spy(*args, **kwargs):
            calls[key] += 1
            return real(*args, **kwargs)
        monkeypatch.setattr(module, name, spy)

    counted(passing, "amount_categories", "budget")       # once per reading of the budget
    counted(slots_module, "answers_ahead", "ahead")     # once per reading of the answer ahead
    text = "je sais pas trop, 30 ou 40 000 peut etre"
    tracker = _typed_heard_as(tracker_for, text, "need_kinds", "out_of_scope",
                              {"structure_type": "commune", "project": "bilan carbone"})
    tracker.events[-1]["timestamp"] = 1763850000.25      # (Rasa time-stamps every event)
    off_topic = copy.deepcopy(tracker)
    assert run_action(ActionOffTopicInDiagnostic(), off_topic, domain).messages == []
    slots, messages = _run_form(copy.deepcopy(tracker), domain)
    assert slots["amount"] == 40000.0 and slots.get("need_kinds") is None
    assert [m.get("text") for m in messages] == [
        "J'ai noté\u00a0: budget d'environ 40\u202f000\u00a0€\u00a0HT, à confirmer."]
    assert calls == {"budget": 1, "ahead": 1}


# -- an elected official named: one vocabulary (review) -------------------------------

@pytest.mark.parametrize("text", ["le vp porte le sujet", "la mairesse porte le projet",
                                  "l'exécutif est favorable"])
def test_the_readers_of_the_sponsor_share_the_vocabulary(text):
    """Review: three checks had three vocabularies (forms._names_a_sponsor and
    answers.answers_ahead knew « vice », « bureau », « conseil »; spontaneous
    knew « vp », « mairesse », « exécutif », « majorité »…): « le vp porte le
    sujet » was a sponsor in a first message, not when typed at another
    question. One function now, the union of them (not the bureau d'études)."""
    from actions.validators import _names_a_sponsor
    from assistant.answers import answers_ahead
    from assistant.spontaneous import spontaneous_answers

    assert spontaneous_answers(text)["sponsor"].value == "oui"
    assert answers_ahead("need_kinds", text, ["sponsor"]) == "sponsor"
    assert _names_a_sponsor(text)


# -- a provider's e-mail pasted in during the diagnostic -------------------------------

def _plain(text):
    return normalize(text or "").replace("\u202f", " ")


@pytest.mark.parametrize("intent", ["inform", "ask_mission_families", "out_of_scope"])
@pytest.mark.parametrize("asked", ["need_kinds", "duration", "partners_status"])
def test_a_proposal_pasted_during_the_diagnostic_is_read_as_one(tracker_for, domain, intent, asked):
    """A consultant's e-mail pasted in while a question waits was read by the
    question's validator (its amount noted as the budget, its words as an
    answer, or « je n'ai pas compris »). It gets the proposal reading (no
    diagnostic offered: it is under way), its amount is noted as a budget to
    confirm, nothing else is taken from it, and the question is asked again."""
    from tests.actions.test_knowledge_bounds import MARTIN

    before = {k: NOTED[k] for k in DIAGNOSTIC_SLOTS[:DIAGNOSTIC_SLOTS.index(asked)]}
    tracker = _typed_heard_as(tracker_for, MARTIN, asked, intent, before,
                              entities=[{"entity": "amount", "value": "18 500 € HT"}])
    if intent == "inform":
        tracker.events.append({"event": "slot", "name": "amount", "value": "18 500 € HT"})
    slots, messages = _run_form(tracker, domain)
    texts = [_plain(m.get("text")) for m in messages]
    assert len(texts) == 3, texts
    assert texts[0].startswith("C'est une proposition de prestataire")
    assert "sous le seuil de dispense de 60 000 € HT" in texts[0]
    assert "des livrables que vous pourrez reprendre seuls" in texts[1]
    assert not any(m.get("buttons") for m in messages)
    assert texts[2] == "J'ai noté : budget d'environ 18 500 € HT, à confirmer."
    assert slots["amount"] == 18500
    assert slots[asked] is None and slots.get("requested_slot") in (None, asked)
    assert all(slots.get(s, v) == v for s, v in before.items())


def test_a_proposal_pasted_keeps_a_known_budget(tracker_for, domain):
    """The budget already noted is kept: the proposal is read, the question
    waiting is asked again."""
    from tests.actions.test_knowledge_bounds import MARTIN

    before = {k: NOTED[k] for k in DIAGNOSTIC_SLOTS[:DIAGNOSTIC_SLOTS.index("duration")]}
    before["amount"] = 30000.0
    tracker = _typed_heard_as(tracker_for, MARTIN, "duration", "inform", before)
    slots, messages = _run_form(tracker, domain)
    assert slots.get("amount", 30000.0) == 30000.0 and slots["duration"] is None
    texts = [_plain(m.get("text")) for m in messages]
    assert len(texts) == 2 and texts[0].startswith("C'est une proposition de prestataire"), texts


@pytest.mark.parametrize("text", ["repartir du debut", "on recommence tout", "recommencer a 0 stp"])
def test_a_restart_as_first_message_validates_no_emptied_answer(tracker_for, run, text):
    """« recommencer » empties every answer (action_reset_diagnostic), then the
    form starts; Rasa passes the emptied slots to the validation. Each
    validator read the message instead: ten « Je n'ai pas reconnu… » and the
    project « repartir du debut » (live bot, a restart typed first)."""
    from actions.slots import DIAGNOSTIC_SLOTS

    tracker = tracker_for(text=text, intent="restart_diagnostic", active_loop="diagnostic_form")
    tracker.events += [{"event": "action", "name": "action_reset_diagnostic"}]
    tracker.events += [{"event": "slot", "name": slot, "value": None} for slot in DIAGNOSTIC_SLOTS]
    tracker.events += [{"event": "slot", "name": "requested_slot", "value": None},
                       {"event": "action", "name": "action_start_diagnostic"},
                       {"event": "action", "name": "diagnostic_form"}]
    tracker.events += [{"event": "slot", "name": slot, "value": None} for slot in DIAGNOSTIC_SLOTS]
    result = run(ValidateDiagnosticForm(), tracker)
    assert not result.texts, result.texts
    assert not any(e.get("value") for e in result.events if e.get("name") in DIAGNOSTIC_SLOTS)


def test_an_answer_given_with_emptied_ones_is_still_validated(tracker_for, run):
    tracker = tracker_for(text="on recommence, on est une commune", intent="restart_diagnostic",
                          active_loop="diagnostic_form")
    tracker.events += [{"event": "slot", "name": "population", "value": None},
                       {"event": "slot", "name": "structure_type", "value": "commune"}]
    result = run(ValidateDiagnosticForm(), tracker)
    assert result.slots.get("structure_type") == "commune"
    assert "population" not in result.slots
