"""The diagnostic form's validators: every answer is parsed the same way,
whether typed, clicked, found in a first message or forged."""
import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import ASK_ACTIONS, ValidateDiagnosticForm
from actions.slots import DIAGNOSTIC_SLOTS

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
    assert result["project"] == text
    assert result["theme"] == "climat" and result["price_focus"] is True


def test_empty_project_is_refused(tracker_for, domain):
    result, messages = validate("project", "??", answer(tracker_for, "??", "project"), domain)
    assert result == {"project": None} and "quelques mots" in messages[0]


def test_theme_from_a_first_message_also_fills_the_project(tracker_for, domain):
    text = "on a 30 000 € pour une étude énergie"
    tracker = tracker_for(text=text, intent="inform", entities=[{"entity": "theme", "value": "energie"}])
    result, _ = validate("theme", "energie", tracker, domain)
    assert result == {"theme": "energie", "project": "une étude énergie"}


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
    assert slots["project"] == "elaborer notre plan climat air energie"
    assert slots["theme"] == "climat"


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

    def off_topic(text, slot="internal_resources", **kwargs):
        tracker = tracker_for(text=text, intent="out_of_scope", slots={"requested_slot": slot},
                              **kwargs)
        return run(ActionOffTopicInDiagnostic(), tracker).messages

    utter = [{"response": "utter_out_of_scope"}]
    assert off_topic("la secretaire de mairie a mi-temps", active_loop="diagnostic_form") == []
    assert _responses(off_topic("horaires de la piscine", active_loop="diagnostic_form")) == utter
    # Outside the diagnostic, or while another question waits: off-topic.
    assert _responses(off_topic("la secretaire de mairie a mi-temps")) == utter
    assert _responses(off_topic("la secretaire de mairie a mi-temps", active_loop="diagnostic_form",
                                slot="amount")) == utter


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
    assert slots["population"] == 9000 and slots["project"] == "lancer un PCAET"
    assert slots["amount"] == 40000.0
    # One message, the budget with the rest (no separate « C'est noté »).
    assert [m["text"] for m in messages] == [
        "J'ai noté\u00a0: intercommunalité (EPCI)\u202f; 9\u202f000 habitants\u202f; budget "
        "40\u202f000\u00a0€\u00a0HT\u202f; climat (plan climat, bilan carbone)\u202f; "
        "projet «\u00a0lancer un PCAET\u00a0»."]


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
