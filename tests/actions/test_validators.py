"""The diagnostic's validators (``actions.validators``): every answer is parsed
the same way, whether typed, clicked, found in a first message or forged."""
import pytest

from actions.ask import ASK_ACTIONS
from tests.actions.form_helpers import (
    answer,
    run_form,
    starting_message,
    typed_while_asked,
    validate,
    with_mapped_entity,
    with_previous,
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


@pytest.mark.parametrize("text, expected", [
    ("800", 800), ("environ 12 000 habitants", 12000), ("1200 hab", 1200),
    # said roughly, without « habitants » (live test, session 15: asked again)
    ("à peu près 9 000 en tout", 9000), ("dans les 9000", 9000), ("environ 9000 au total", 9000),
    ("on est 9 000", 9000), ("a peu pres 9000.", 9000),
])
def test_population(tracker_for, domain, text, expected):
    result, _ = validate("population", text, answer(tracker_for, text, "population"), domain)
    assert result == {"population": expected}


@pytest.mark.parametrize("value", ["beaucoup", 0, -3, 10**9, "a peu pres 12 communes", "environ 2 000 000 000"])
def test_population_refused(tracker_for, domain, value):
    result, messages = validate("population", value, answer(tracker_for, str(value), "population"), domain)
    assert result == {"population": None} and "habitants" in messages[0]


@pytest.mark.parametrize("text, unit", [("8000 abonnés environ", "abonnés"), ("on dessert 3 000 foyers", "foyers")])
def test_a_population_counted_in_other_units_is_explained(tracker_for, domain, text, unit):
    """« 8000 abonnés environ » (a syndicat d'eau) was asked again without a
    word (live test, session 17): what is counted is said."""
    result, messages = validate("population", text, answer(tracker_for, text, "population"), domain)
    assert result == {"population": None}
    assert messages[0].startswith(f"Je compte en habitants, pas en {unit}")


def test_a_population_in_subscribers_heard_as_a_budget_too_is_explained(tracker_for, domain):
    """The NLU heard « 8000 » as an amount too: both refusals were silent,
    the question asked again without a word (live test, session 17)."""
    from tests.actions.form_helpers import run_form, typed_while_asked

    tracker = typed_while_asked(tracker_for, "8000 abonnés environ", "population", slots={"structure_type": "syndicat"})
    tracker.events.append({"event": "slot", "name": "amount", "value": "8000"})
    tracker.slots["amount"] = "8000"
    tracker.latest_message["entities"] = [{"entity": "amount", "value": "8000", "start": 0, "end": 4}]
    slots, messages = run_form(tracker, domain)
    assert slots["population"] is None and not slots.get("amount")
    assert [m["text"] for m in messages][0].startswith("Je compte en habitants, pas en abonnés")


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
    slots, _ = run_form(tracker, domain)
    assert slots["theme"] == "energie" and slots["project"] == "étude énergie"


def test_several_need_kinds(tracker_for, domain):
    text = "on n'a pas le temps et on manque de compétences techniques"
    result, _ = validate("need_kinds", text, answer(tracker_for, text, "need_kinds"), domain)
    assert result == {"need_kinds": ["capacite", "expertise"]}


def test_partners_named_are_kept(tracker_for, domain):
    text = "oui le SDE mais ils ne peuvent pas"
    result, _ = validate("partners_status", text, answer(tracker_for, text, "partners_status"), domain)
    assert result == {"partners_status": "consultes_insuffisant", "partners_consulted": ["syndicat_energie"]}


def test_a_correction_of_another_answer_does_not_trigger_a_reask(tracker_for, domain):
    text = "en fait c'est plutôt 80 000 €"
    tracker = answer(tracker_for, text, "duration",
                     entities=[{"entity": "amount", "value": "80 000 €", "start": 21, "end": 29}])
    duration, duration_messages = validate("duration", text, tracker, domain)
    amount, amount_messages = validate("amount", "80 000 €", tracker, domain)
    assert duration == {"duration": None} and duration_messages == []
    assert amount == {"amount": 80000.0} and "80\u202f000" in amount_messages[0]


def test_an_invalid_correction_keeps_the_earlier_answer(tracker_for, domain):
    tracker = with_previous(
        answer(tracker_for, '/inform{"amount": 1e15}', "amount",
               entities=[{"entity": "amount", "value": 1e15}]),
        "amount", 40000.0)
    result, messages = validate("amount", 1e15, tracker, domain)
    assert result == {"amount": 40000.0}
    assert "milliard" in messages[0] and "précédente" in messages[1]


def test_a_refused_amount_is_no_earlier_answer_to_keep(tracker_for, domain):
    """The slot held « -5000 € », which the form never accepted (put there by
    its mapping before the diagnostic): refused again, it is not « kept » as
    the earlier answer (live test, session 25)."""
    tracker = with_previous(answer(tracker_for, "-5000 €", "amount"), "amount", "-5000 €")
    result, messages = validate("amount", "-5000 €", tracker, domain)
    assert result == {"amount": None}
    assert "négatif" in messages[0] and not any("précédente" in m for m in messages)


def test_an_invalid_typed_correction_keeps_the_earlier_choice(tracker_for, domain):
    tracker = with_previous(answer(tracker_for, "zzz", "duration"), "duration", "durable")
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


# -- mixed partner answers ------------------------------------------------------

def test_partners_seen_and_one_not_yet_are_asked_about_not_recorded_not_consulted(
        tracker_for, domain, run):
    """« on a vu le SDE et l'ALEC, pas encore la DDT » (dgs H3) was recorded
    « pas encore consultés », and the advice sent the user back to the SDE and
    the ALEC. The partners seen are consulted; whether they can help is asked."""
    text = "on a vu le SDE et l'ALEC, pas encore la DDT"
    slots, messages = run_form(typed_while_asked(tracker_for, text, "partners_status"), domain)
    assert slots["partners_status"] is None
    assert slots["partners_consulted"] == ["alec", "syndicat_energie"]
    assert not any("compris" in (m.get("text") or "") for m in messages)
    asked = run(ASK_ACTIONS["partners_status"](),
                tracker_for(slots={"partners_consulted": slots["partners_consulted"]}))
    assert "Vous avez consulté" in asked.text and "ALEC" in asked.text
    # « l'ALEC pourrait » then keeps the SDE among those consulted
    tracker = typed_while_asked(tracker_for, "l'ALEC pourrait nous aider", "partners_status",
                                 slots={"partners_consulted": ["alec", "syndicat_energie"]})
    slots, _ = run_form(tracker, domain)
    assert slots["partners_status"] == "convention_disponible"
    assert slots["partners_consulted"] == ["alec", "syndicat_energie"]


def test_a_partner_that_refused_is_not_suggested_again_and_one_not_asked_is(tracker_for, domain):
    from actions.slots import profile_from_slots
    from assistant.engine import suggest_partners
    from assistant.knowledge import load_knowledge

    text = "on a vu le SDE, ils peuvent pas, pas encore le CAUE"
    slots, _ = run_form(typed_while_asked(tracker_for, text, "partners_status"), domain)
    assert slots["partners_status"] == "consultes_insuffisant"
    assert slots["partners_consulted"] == ["syndicat_energie"]
    profile = profile_from_slots({"structure_type": "commune", "population": 900,
                                  "theme": "energie", **slots},
                                 partner_ids=load_knowledge().partners)
    to_ask = [p.id for p in suggest_partners(profile) if not p.already_consulted]
    assert "caue" in to_ask and "syndicat_energie" not in to_ask


# -- the structure: comcom, maire -----------------------------------------------

def test_a_comcom_that_names_its_communes_is_an_epci(tracker_for, domain):
    """« on est une comcom … pour les 17 communes »: the NLU heard both, Rasa
    kept the last one (« commune »), and a communauté de communes was advised
    to ask « votre communauté de communes » for help (dgs H4)."""
    text = ("bjr, on est une comcom de 9800 hab, on doit faire un schema directeur du "
            "numerique (SDN) pour les 17 communes")
    entities = [{"entity": "structure_type", "value": "epci", "start": 16, "end": 22},
                {"entity": "structure_type", "value": "commune", "start": 107, "end": 115}]
    slots, messages = run_form(starting_message(tracker_for, text, entities,
                                          {"structure_type": "commune"}), domain)
    assert slots["structure_type"] == "epci"
    assert "intercommunalité (EPCI)" in messages[0]["text"]


def _heard(text, phrase, entity, value):
    start = text.index(phrase)
    return {"entity": entity, "value": value, "start": start, "end": start + len(phrase)}


_SDE = "le SDE couvre 230 communes, 600 000 habitants"


@pytest.mark.parametrize("text, heard, expected", [
    # session 14: the NLU heard « communes » only, and the SDE became a commune
    (_SDE, [_heard(_SDE, "communes", "structure_type", "commune")], "syndicat"),
    ("le SIVOM regroupe 12 communes", [_heard("le SIVOM regroupe 12 communes", "communes", "structure_type",
                                              "commune")], "syndicat"),
    ("une com com de 14 communes", [_heard("une com com de 14 communes", "communes", "structure_type",
                                           "commune")], "epci"),
    # a commune stays one
    ("commune de 800 habitants", [_heard("commune de 800 habitants", "commune", "structure_type", "commune")],
     "commune"),
    ("je suis maire, le SDE couvre 230 communes",
     [_heard("je suis maire, le SDE couvre 230 communes", "communes", "structure_type", "commune")], "commune"),
])
def test_a_structure_that_covers_communes_is_not_a_commune(tracker_for, domain, text, heard, expected):
    """« le SDE couvre 230 communes, 600 000 habitants » at the structure
    question: « communes » is what the syndicat covers, not the structure."""
    tracker = typed_while_asked(tracker_for, text, "structure_type")
    tracker.latest_message["entities"] = heard
    result, messages = validate("structure_type", "commune", tracker, domain)
    assert result["structure_type"] == expected and messages == []


def test_a_first_message_of_a_syndicat_covering_communes_gives_a_syndicat(tracker_for, domain):
    """The same in the message that starts the diagnostic: a syndicat of
    600 000 habitants, told back as such."""
    heard = [_heard(_SDE, "communes", "structure_type", "commune"),
             _heard(_SDE, "600 000 habitants", "population", "600 000")]
    slots, messages = run_form(starting_message(tracker_for, _SDE, heard,
                                                {"structure_type": "commune", "population": "600 000"}), domain)
    assert slots["structure_type"] == "syndicat" and slots["population"] == 600000
    assert messages[0]["text"].startswith("J'ai noté") and "syndicat" in messages[0]["text"]
    assert "commune" not in messages[0]["text"]


@pytest.mark.parametrize("text, expected", [
    ("je suis maire de saint-julien, 1200 habitants", "commune"),
    ("je suis le président de la com com, on veut lancer un PCAET", "epci"),
    # final retest F-H3 (c20): the structure was asked again
    ("mairie de 2800 habitants, on veut remplacer le logiciel de compta et etat civil", "commune"),
])
def test_the_structure_the_user_says_they_are_is_noted_without_an_entity(
        tracker_for, domain, text, expected):
    slots, messages = run_form(starting_message(tracker_for, text, [], {}), domain)
    assert slots["structure_type"] == expected
    assert messages and messages[0]["text"].startswith("J'ai noté")


def test_an_entity_that_is_no_structure_does_not_hide_the_structure_said(tracker_for, domain):
    """DIET heard « epci », then « de », which the slot mapping kept: the
    structure was asked again after « je suis DGS d'une communauté de communes
    rurale de 12 000 habitants » (live test, session 18)."""
    text = "Bonjour, je suis DGS d'une communauté de communes rurale de 12 000 habitants. On doit lancer notre PCAET."
    heard = [_heard(text, "communauté de communes", "structure_type", "epci"),
             _heard(text, "de 12", "structure_type", "de")]
    slots, messages = run_form(starting_message(tracker_for, text, heard, {"structure_type": "de"}), domain)
    assert slots["structure_type"] == "epci"
    assert messages[0]["text"].startswith("J'ai noté") and "intercommunalité" in messages[0]["text"]


def test_a_partner_in_the_first_message_is_not_the_users_structure(tracker_for, domain):
    text = "la com com dit qu'elle peut nous aider pour l'ombriere"
    slots, _ = run_form(starting_message(tracker_for, text, [], {}), domain)
    assert slots.get("structure_type") is None


def test_a_structure_correction_the_nlu_missed_is_made(tracker_for, domain):
    text = "en fait on est une communauté de communes, pas une commune"
    tracker = typed_while_asked(tracker_for, text, "need_kinds",
                                 slots={"structure_type": "commune"})
    slots, messages = run_form(tracker, domain)
    assert slots["structure_type"] == "epci"
    assert [m["text"] for m in messages][0] == "C'est corrigé\u00a0: intercommunalité (EPCI)."
    # the need question is asked again without « je n'ai pas reconnu »
    assert not any("reconnu" in (m.get("text") or "") for m in messages)


def test_a_correction_of_another_answer_naming_the_maire_keeps_the_structure(tracker_for, domain):
    text = "en fait c'est plutôt le maire qui porte le projet, pas la comcom"
    tracker = typed_while_asked(tracker_for, text, "amount", slots={"structure_type": "epci"})
    tracker.latest_message["entities"] = [
        {"entity": "structure_type", "value": "epci", "start": 54, "end": 60}]
    tracker.events.append({"event": "slot", "name": "structure_type", "value": "epci"})
    slots, messages = run_form(tracker, domain)
    assert slots.get("structure_type", "epci") == "epci"
    assert not any("corrigé" in (m.get("text") or "") for m in messages)


def test_a_structure_named_as_a_confusion_is_not_the_users(tracker_for, domain):
    """« en fait on est 1500 hab, je confondais avec la com com »: the
    population corrected, and the commune kept (it became an EPCI: live test,
    session 11)."""
    text = "en fait on est 1500 hab, je confondais avec la com com"
    tracker = typed_while_asked(tracker_for, text, "need_kinds",
                                 slots={"structure_type": "commune", "population": 800})
    tracker.latest_message["entities"] = [
        {"entity": "structure_type", "value": "epci", "start": 47, "end": 54},
        {"entity": "population", "value": 1500, "start": 14, "end": 22}]
    tracker.events.append({"event": "slot", "name": "structure_type", "value": "epci"})
    slots, messages = run_form(tracker, domain)
    assert slots.get("structure_type", "commune") == "commune"
    assert not any("intercommunalité" in (m.get("text") or "") for m in messages)


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
    tracker = typed_while_asked(tracker_for, text, "duration",
                                 slots={"need_kinds": ["expertise"]})
    tracker.latest_message["entities"] = entities
    slots, messages = run_form(tracker, domain)
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
    tracker = typed_while_asked(tracker_for, text, asked, slots={"need_kinds": ["expertise"]})
    slots, _ = run_form(tracker, domain)
    assert slots.get("need_kinds", ["expertise"]) == ["expertise"]


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
    tracker = typed_while_asked(tracker_for, text, "duration", intent=intent,
                                 slots={"need_kinds": ["capacite"]})
    slots, messages = run_form(tracker, domain)
    assert slots["duration"] == value
    other = "durable" if value == "ponctuel" else "ponctuel"
    texts = [m.get("text") or "" for m in messages]
    assert len(texts) == 1 and texts[0].startswith("C'est noté\u00a0: besoin " + value), texts
    assert f"«\u00a0en fait, c'est {other}\u00a0»" in texts[0]


@pytest.mark.parametrize("text", ["je ne sais pas si c'est ponctuel ou durable", "je sais pas"])
def test_a_duration_not_known_stays_unknown(tracker_for, domain, text):
    tracker = typed_while_asked(tracker_for, text, "duration", intent="dont_know",
                                 slots={"need_kinds": ["capacite"]})
    slots, messages = run_form(tracker, domain)
    assert slots["duration"] == "inconnu" and messages == []


def test_a_contrast_between_partners_is_the_partners_answer_not_a_correction(tracker_for, domain):
    """« pas la com com mais le syndicat d'énergie » at the partners question: the
    structure the NLU may hear in it (the SDE as a syndicat) is not the user's."""
    text = "pas la com com mais le syndicat d'énergie : ils ne peuvent pas"
    tracker = typed_while_asked(tracker_for, text, "partners_status",
                                 slots={"structure_type": "epci"})
    tracker.latest_message["entities"] = [{"entity": "structure_type", "value": "syndicat"}]
    tracker.slots["structure_type"] = "syndicat"
    tracker.events.append({"event": "slot", "name": "structure_type", "value": "syndicat"})
    slots, messages = run_form(tracker, domain)
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
    tracker = typed_while_asked(tracker_for, text, "partners_status", intent=intent,
                                 slots={"partners_consulted": ["caue"]})
    slots, messages = run_form(tracker, domain)
    assert slots["partners_status"] == status
    assert not any("compris" in (m.get("text") or "") for m in messages)


def test_a_sponsor_answer_at_the_partners_follow_up_is_the_sponsor_only(tracker_for, domain):
    """Retest N1: « oui le vice-président environnement porte le sujet » typed
    at « Un accompagnement de ce côté est-il possible ? » was saved as the
    sponsor AND as « un partenaire pourrait couvrir le besoin », which turned
    the advice to « Consulter d'abord vos partenaires publics »."""
    tracker = typed_while_asked(tracker_for, "oui le vice-président environnement porte le sujet",
                                 "partners_status", slots={"partners_consulted": ["alec", "syndicat_energie"]})
    slots, _ = run_form(tracker, domain)
    assert slots["sponsor"] == "oui"
    assert slots["partners_status"] is None


def test_a_refused_answer_at_the_partners_follow_up_gets_yes_no_examples(tracker_for, domain):
    tracker = typed_while_asked(tracker_for, "blabla truc", "partners_status",
                                 slots={"partners_consulted": ["caue"]})
    _, messages = run_form(tracker, domain)
    # (yes/no examples; the question itself follows, asked by its action:
    # not twice in one reply, live test, session 12)
    assert "en partie seulement" in messages[0]["text"] and "pas encore" not in messages[0]["text"]
    assert "?" not in messages[0]["text"]


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


@pytest.mark.parametrize("text", [
    "non le projet c'est la rehabilitation de la station d'epuration",
    "correction du projet : réhabilitation de la station d'épuration",
    "en fait le projet c'est pas ça, c'est réhabiliter la STEP",
])
def test_the_project_said_again_corrects_it_with_its_domain(tracker_for, domain, text):
    """« ok revenons a nos moutons » was noted as the project; « non le projet
    c'est la réhabilitation de la station d'épuration » then changed nothing,
    and a later wording turned the domain to energy (live test, session 11)."""
    tracker = typed_while_asked(tracker_for, text, "duration", slots={
        "structure_type": "commune", "project": "revenons a nos moutons", "theme": "energie",
        "need_kinds": ["expertise"]})
    slots, messages = run_form(tracker, domain)
    assert "station d" in slots["project"] or "STEP" in slots["project"]
    assert slots["theme"] == "eau"
    assert any("corrigé" in (m.get("text") or "") for m in messages)


def test_a_theme_heard_among_words_that_are_none_is_kept(tracker_for, domain):
    """« audit energetique des batiments communaux » at the project's question:
    the NLU heard « energie » and « communaux », Rasa kept « communaux », and
    « Je n'ai pas reconnu le domaine » came (live test, session 11)."""
    text = "audit energetique des batiments communaux"
    tracker = typed_while_asked(tracker_for, text, "project")
    tracker.latest_message["entities"] = [{"entity": "theme", "value": "energie"},
                                          {"entity": "theme", "value": "communaux"}]
    tracker.events.append({"event": "slot", "name": "theme", "value": "communaux"})
    slots, messages = run_form(tracker, domain)
    assert slots["theme"] == "energie"
    assert not any("reconnu" in (m.get("text") or "") for m in messages)


def _waited(tracker, slot, times):
    """``times`` earlier messages typed while ``slot`` was asked, unanswered."""
    earlier = []
    for i in range(times):
        earlier += [{"event": "slot", "name": "requested_slot", "value": slot},
                    {"event": "user", "text": f"bla {i}"}, {"event": "action", "name": "action_listen"}]
    tracker.events[:0] = earlier
    return tracker


@pytest.mark.parametrize("slot, text, value", [
    ("theme", "personne", "inconnu"), ("population", "envrion neuf cent habitans", "inconnu"),
    ("need_kinds", "bof", ["inconnu"]),
])
def test_the_third_unreadable_answer_leaves_the_question_aside(tracker_for, domain, slot, text, value):
    """« Je n'ai pas reconnu le domaine… » eight times in a row, the
    diagnostic never ended (live test, session 11): the third message without
    an answer leaves the question aside as « je ne sais pas », and says so."""
    from assistant.profile import UNKNOWN
    assert UNKNOWN == "inconnu"
    slots, messages = run_form(_waited(typed_while_asked(tracker_for, text, slot), slot, 2), domain)
    assert slots[slot] == value
    assert any("de côté" in (m.get("text") or "") for m in messages)
    once, messages = run_form(_waited(typed_while_asked(tracker_for, text, slot), slot, 1), domain)
    assert once.get(slot) is None and not any("de côté" in (m.get("text") or "") for m in messages)


def test_questions_not_understood_are_no_answers_and_do_not_leave_the_question_aside(tracker_for, domain):
    """« ok et pour un amo alors ? », « c'est quoi le moins cher ? » (not
    understood) while the structure waited: « Je n'ai pas reconnu le type de
    structure », then the structure set aside as « je ne sais pas » (live
    test, session 25). Said not understood, nothing noted, and no failure to
    answer; the same message without its question mark is still read."""
    tracker = typed_while_asked(tracker_for, "c'est quoi le moins cher ?", "structure_type", intent="nlu_fallback")
    for i, text in enumerate(["ok et pour un amo alors ?", "c'est quoi le tarif ?"]):
        tracker.events[i * 3:i * 3] = [
            {"event": "slot", "name": "requested_slot", "value": "structure_type"},
            {"event": "user", "text": text, "parse_data": {"intent": {"name": "nlu_fallback"}, "entities": []}},
            {"event": "action", "name": "action_listen"}]
    slots, messages = run_form(tracker, domain)
    texts = [m.get("text") or "" for m in messages]
    assert slots.get("structure_type") is None
    assert texts == ["Je n'ai pas compris votre question. Vous pouvez la reformuler, par exemple "
                     "«\u00a0qu'est-ce qu'un AMO\u202f?\u00a0», ou répondre d'abord à la question du diagnostic."]
    plain, messages = run_form(_waited(typed_while_asked(tracker_for, "zzz", "structure_type",
                                                          intent="nlu_fallback"), "structure_type", 2), domain)
    assert plain["structure_type"] == "inconnu"
    assert any("de côté" in (m.get("text") or "") for m in messages)


def test_communes_counted_at_the_structure_s_question_ask_which_grouping(tracker_for, domain):
    """« on est 14 communes, 11 000 habitants » was noted « commune » (live
    test, session 25): an intercommunalité or a syndicat, asked, even when
    the population was noted from the same message."""
    text = "on est 14 communes, 11 000 habitants"
    tracker = with_mapped_entity(typed_while_asked(tracker_for, text, "structure_type"),
                                 "population", "11 000 habitants", 20, 36)
    slots, messages = run_form(tracker, domain)
    texts = [m.get("text") or "" for m in messages]
    assert slots["structure_type"] is None and slots["population"] == 11000
    assert any(t.startswith("Vous regroupez 14 communes") for t in texts), texts
    commune, _ = run_form(typed_while_asked(tracker_for, "une commune de 900 habitants", "structure_type"), domain)
    assert commune["structure_type"] == "commune"


def test_the_project_is_stored_without_html(tracker_for, domain):
    """« <b>renovation</b> de l'ecole » was said back with its tags (live
    test, session 12): the slot holds the project without them."""
    from tests.actions.form_helpers import answer, validate

    text = "<b>renovation</b> de l'ecole &gt; urgent"
    result, _ = validate("project", text, answer(tracker_for, text, "project"), domain)
    assert result["project"] == "rénovation de l'école urgent"


def test_answers_to_other_questions_do_not_leave_the_question_aside(tracker_for, domain):
    """« capacite », « ponctuel » noted while the domain waited, then
    « Personne »: the domain was left aside as « je ne sais pas » at the third
    message (live test, session 12). A message that gave another answer is
    no failure to answer."""
    tracker = typed_while_asked(tracker_for, "Personne", "theme",
                                slots={"need_kinds": ["capacite"], "duration": "ponctuel"})
    tracker.events[:0] = [
        {"event": "slot", "name": "requested_slot", "value": "theme"},
        {"event": "user", "text": "capacite"}, {"event": "slot", "name": "need_kinds", "value": ["capacite"]},
        {"event": "user", "text": "ponctuel"}, {"event": "slot", "name": "duration", "value": "ponctuel"},
    ]
    slots, messages = run_form(tracker, domain)
    assert slots.get("theme") is None
    assert not any("de côté" in (m.get("text") or "") for m in messages)


def test_the_project_s_website_and_cloud_give_the_theme(tracker_for, domain):
    """« refaire le site de la mairie + passer au cloud » at the project's
    question got « Dans quel domaine se situe ce projet ? » (live test,
    session 12)."""
    tracker = typed_while_asked(tracker_for, "refaire le site de la mairie + passer au cloud", "project",
                                slots={"structure_type": "commune", "population": 1500})
    slots, _ = run_form(tracker, domain)
    assert slots["theme"] == "numerique"
    assert slots.get("requested_slot") != "theme"


@pytest.mark.parametrize("previous", [None, "inconnu", "energie"])
def test_the_sponsor_s_portfolio_is_not_the_theme(tracker_for, domain, previous):
    """« l'adjoint au numerique oui » at the sponsor question got « C'est
    corrigé : numérique » and the sponsor asked again (live test, session
    12): it names the sponsor."""
    text = "l'adjoint au numerique oui"
    slots = {"structure_type": "commune", "population": 1500, "project": "refaire le site",
             "theme": previous, "need_kinds": ["capacite"], "duration": "ponctuel",
             "internal_resources": "aucune", "partners_status": "non_consultes"}
    tracker = typed_while_asked(tracker_for, text, "sponsor", slots=slots)
    tracker.latest_message["entities"] = [{"entity": "theme", "value": "numerique"}]
    tracker.events.append({"event": "slot", "name": "theme", "value": "numerique"})
    tracker.slots["theme"] = "numerique"
    validated, messages = run_form(tracker, domain)
    assert validated["sponsor"] == "oui"
    assert validated.get("theme", previous) == previous
    assert not any("corrigé" in (m.get("text") or "") for m in messages)


def test_the_sponsor_named_at_the_resources_question_is_no_team(tracker_for, domain):
    """t12f: « l'adjoint au numerique oui » typed while the internal resources
    were asked was noted « Une équipe dédiée » for a commune of 1 500
    inhabitants, « C'est corrigé : numérique » said, then the sponsor asked
    (live test, session 12): it answers the sponsor, ahead; the resources
    are asked again and the theme is not touched."""
    text = "l'adjoint au numerique oui"
    slots = {"structure_type": "commune", "population": 1500, "project": "refaire le site",
             "theme": "inconnu", "need_kinds": ["capacite"], "duration": "ponctuel",
             "partners_status": "non_consultes"}
    tracker = typed_while_asked(tracker_for, text, "internal_resources", slots=slots)
    tracker.latest_message["entities"] = [{"entity": "theme", "value": "numerique"}]
    validated, messages = run_form(tracker, domain)
    assert validated.get("internal_resources") is None
    assert validated["sponsor"] == "oui"
    assert validated.get("theme", "inconnu") == "inconnu"
    assert not any("corrigé" in (m.get("text") or "") for m in messages)


# -- one question per reply (live test, session 12) -------------------------------------

def test_a_need_said_again_at_the_durations_question_is_said_noted(tracker_for, domain):
    """« expertise » typed at the duration's question, the need noted: « Je
    n'ai pas compris. Le besoin est-il « ponctuel »… » then the same question."""
    noted = {"structure_type": "commune", "population": 90, "project": "chauffage bois",
             "theme": "energie", "need_kinds": ["expertise"]}
    slots, messages = run_form(typed_while_asked(tracker_for, "expertise", "duration", slots=noted), domain)
    texts = [m.get("text") for m in messages]
    assert texts == ["C'est déjà noté\u00a0: expertise (compétence pointue)."]
    assert slots.get("duration") is None


@pytest.mark.parametrize("slot", ["duration", "partners_status_named", "sponsor"])
def test_a_refusal_does_not_ask_the_question_that_follows_it(slot):
    from actions.common import message_text

    # (the question comes next, with its buttons)
    assert "?" not in message_text(f"invalid_{slot}")


@pytest.mark.parametrize("slot, refused", [("population", True), ("population", False),
                                           ("duration", True)])
def test_a_question_without_buttons_is_not_asked_after_its_refusal(tracker_for, run, slot, refused):
    from actions.common import message_text

    tracker = answer(tracker_for, "Autre", slot)
    if refused:
        from actions.common import say
        from rasa_sdk.executor import CollectingDispatcher

        sent = CollectingDispatcher()
        say(sent, f"invalid_{slot}")            # (as sent: French typography)
        tracker.events.append({"event": "bot", "text": sent.messages[0]["text"]})
    result = run(ASK_ACTIONS[slot](), tracker)
    if slot == "population" and refused:
        # « Je n'ai pas compris le nombre d'habitants. Indiquez un nombre… » asks already
        assert result.texts == []
    else:
        from assistant.text import normalize

        assert [normalize(t) for t in result.texts] == [normalize(message_text(f"ask_{slot}"))]


def test_a_doubt_about_the_need_at_the_structures_question_records_nothing(tracker_for, domain):
    """« on sait pas trop ce qu'il nous faut en fait » was recorded « Structure :
    je ne sais pas » (live test, session 12): it is about the need."""
    text = "on sait pas trop ce qu'il nous faut en fait"
    slots, messages = run_form(typed_while_asked(tracker_for, text, "structure_type"), domain)
    assert slots.get("structure_type") is None
    assert [m.get("text") for m in messages] == [
        "C'est justement l'objet de ce diagnostic\u00a0: nous allons préciser votre besoin ensemble, "
        "question par question. Pour commencer\u00a0:"]
    plain, _ = run_form(typed_while_asked(tracker_for, "je ne sais pas", "structure_type"), domain)
    assert plain.get("structure_type") == "inconnu"


@pytest.mark.parametrize("text", [
    "nos 3 agents sont pris par l'exploitation",
    "notre technicien est accaparé par les travaux",
])
def test_busy_staff_typed_at_the_population_question_is_the_resources_in_part(tracker_for, domain, text):
    """Live test, session 22 (a small water syndicate): « nos 3 agents sont
    pris par l'exploitation » at the population question was noted « une
    équipe dédiée », after « Je compte en habitants, pas en agents ». Busy
    staff are someone in part, and the population question is asked again
    without a word on agents."""
    tracker = typed_while_asked(tracker_for, text, "population",
                                slots={"structure_type": "syndicat", "project": "schéma directeur eau potable"})
    slots, messages = run_form(tracker, domain)
    assert slots["internal_resources"] == "partielle"
    said = [m.get("text") or "" for m in messages]
    assert not any("agents" in t and "habitants" in t for t in said), said
    assert any("en partie" in t for t in said), said


def test_questions_asked_in_the_middle_do_not_leave_the_question_aside(tracker_for, domain):
    """Live test, session 22: three questions answered while the structure
    waited (« après la mission on fait comment ? », « y a t il un modèle de
    cahier des charges ? », « le seuil c'était combien en 2019 ? »), then
    « et au dessus ? »: « Je laisse cette question de côté ». Questions are
    not failed answers."""
    tracker = typed_while_asked(tracker_for, "et au dessus ?", "structure_type")
    questions = [("apres la mission on fait comment pour le suivi ?", "ask_apres_mission"),
                 ("y a t il un modele de cahier des charges ?", "ask_dce_content"),
                 ("le seuil de dispense c'était combien en 2019 ?", "ask_procurement")]
    earlier = [{"event": "slot", "name": "requested_slot", "value": "structure_type"}]
    for text, intent in questions:
        earlier += [{"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}},
                    {"event": "action", "name": "action_listen"}]
    tracker.events[:0] = earlier
    slots, messages = run_form(tracker, domain)
    assert slots.get("structure_type") is None
    assert not any("de côté" in (m.get("text") or "") for m in messages)
    # Three unreadable answers still leave it aside
    unreadable = typed_while_asked(tracker_for, "bof", "structure_type")
    unreadable.events[:0] = [earlier[0]] + [
        e for i in range(2) for e in ({"event": "user", "text": f"bof {i}", "parse_data": {"intent": {"name": "inform"}}},
                                      {"event": "action", "name": "action_listen"})]
    slots, messages = run_form(unreadable, domain)
    assert any("de côté" in (m.get("text") or "") for m in messages)


@pytest.mark.parametrize("text, kinds", [
    ("du temps", ["capacite"]),
    ("surtout de l'expertise et du temps", ["capacite", "expertise"]),
    ("des agents", ["capacite"]),
    ("plus de monde", ["capacite"]),
])
def test_time_or_staff_wanted_at_the_need_question_is_capacity(tracker_for, domain, text, kinds):
    """Live test, session 22: to « De quoi avez-vous surtout besoin ? »,
    « surtout de l'expertise et du temps » was noted expertise alone, « du
    temps » refused and « des agents » noted as the internal resources
    (« une équipe dédiée »). Time or staff wanted is a capacity."""
    tracker = typed_while_asked(tracker_for, text, "need_kinds",
                                slots={"structure_type": "commune", "population": 800,
                                       "project": "bilan carbone", "theme": "climat"})
    slots, messages = run_form(tracker, domain)
    assert slots["need_kinds"] == kinds
    assert slots.get("internal_resources") is None
    assert not any("reconnu" in (m.get("text") or "") for m in messages)


def test_staff_had_at_the_need_question_is_no_capacity_wanted(tracker_for, domain):
    tracker = typed_while_asked(tracker_for, "on a des agents mais pas les competences", "need_kinds",
                                slots={"structure_type": "commune", "population": 800,
                                       "project": "bilan carbone", "theme": "climat"})
    slots, _ = run_form(tracker, domain)
    assert slots["need_kinds"] == ["expertise"]


def test_a_partner_who_has_not_answered_leads_to_asking_again_not_to_a_private_amo(tracker_for, domain):
    """Live test, session 22 (a commune of 180 inhabitants): « on a appelé le
    SDE il y a un an, pas de reponse » was noted « consultés, sans pouvoir
    couvrir le besoin », and the result advised a private AMO. The SDE is
    noted as asked, its answer unknown; the engine then advises the partners
    first."""
    from assistant.engine import VERDICT_PARTNERS, advise
    from assistant.profile import Profile

    slots = {"structure_type": "commune", "population": 180, "project": "audit énergétique de la mairie",
             "theme": "energie", "need_kinds": ["audit"], "duration": "ponctuel",
             "internal_resources": "aucune", "sponsor": "oui"}
    tracker = typed_while_asked(tracker_for, "on a appelé le SDE il y a un an, pas de reponse",
                                "partners_status", slots=slots)
    noted, _ = run_form(tracker, domain)
    assert noted["partners_status"] == "inconnu" and noted["partners_consulted"] == ["syndicat_energie"]
    profile = Profile(structure_type="commune", population=180, theme="energie", need_kinds=("audit",),
                      duration="ponctuel", internal_resources="aucune", sponsor="oui",
                      partners_status="inconnu", partners_consulted=("syndicat_energie",))
    assert advise(profile).verdict == VERDICT_PARTNERS


def test_a_hedge_about_a_partner_is_no_dont_know_for_the_population(tracker_for, domain):
    """« l'agence de l'eau peut-être » at the population's question, after the
    answer on subsidies, was noted « je ne sais pas » for the population (live
    test, session 26); « peut-être » alone still is."""
    noted = {"structure_type": "syndicat", "theme": "eau", "project": "schéma directeur d'eau potable"}
    slots, _ = run_form(typed_while_asked(tracker_for, "l'agence de l'eau peut-être", "population",
                                          intent="ask_partners", slots=noted), domain)
    assert slots.get("population") is None
    slots, _ = run_form(typed_while_asked(tracker_for, "peut-être", "population", slots=noted), domain)
    assert slots["population"] == "inconnu"


def test_a_commune_of_ten_million_is_checked_not_noted(tracker_for, domain):
    """« commune de 10 millions d'habitants » was noted as such (live test,
    session 26); « bon 1000 alors » then corrects it."""
    tracker = starting_message(tracker_for, "commune de 10 millions d'habitants",
                               [{"entity": "structure_type", "value": "commune"},
                                {"entity": "population", "value": "10 millions"}],
                               {"structure_type": "commune", "population": "10 millions"})
    slots, messages = run_form(tracker, domain)
    assert slots["population"] is None and slots["structure_type"] == "commune"
    assert messages[0]["text"].replace("\u202f", " ").replace("\xa0", " ").startswith(
        "10 000 000 habitants pour une commune, cela me paraît beaucoup")
    # an intercommunality may be that large: noted
    tracker = starting_message(tracker_for, "métropole de 2 800 000 habitants",
                               [{"entity": "structure_type", "value": "epci"},
                                {"entity": "population", "value": "2 800 000"}],
                               {"structure_type": "epci", "population": "2 800 000"})
    assert run_form(tracker, domain)[0]["population"] == 2_800_000


@pytest.mark.parametrize("text", ["bon 1000 alors", "ok 1000 donc", "1000 plutôt"])
def test_a_population_with_filler_words_is_read(tracker_for, domain, text):
    """« bon 1000 alors » at the population question was refused silently
    (live test, session 26)."""
    slots, _ = run_form(typed_while_asked(tracker_for, text, "population", slots={"structure_type": "commune"}),
                        domain)
    assert slots["population"] == 1000


def test_a_question_passed_over_five_times_is_left_aside(tracker_for, domain):
    """A SMICTOM answered every later question while « Combien d'habitants… ? »
    waited: it came after each of six answers (live test, session 26). The
    fifth message in a row leaves it aside; its own answer is noted."""
    slots = {"structure_type": "syndicat", "theme": "dechets"}

    def at_population(text, earlier):
        tracker = typed_while_asked(tracker_for, text, "population", slots=slots)
        users = [{"event": "user", "text": t, "parse_data": {"intent": {"name": "inform"}, "entities": []}}
                 for t in earlier]
        tracker.events[len(slots):len(slots)] = [{"event": "slot", "name": "requested_slot",
                                                  "value": "population"}] + users
        return tracker

    earlier = ["on sait pas faire et on a pas le temps", "3 ans", "on a une responsable prévention à mi-temps",
               "l'ADEME ne peut pas nous accompagner"]
    result, _ = run_form(at_population("le président du syndicat", earlier[:3]), domain)
    assert result.get("population") is None and result["sponsor"] == "oui"
    result, messages = run_form(at_population("le président du syndicat", earlier), domain)
    assert result["population"] == "inconnu" and result["sponsor"] == "oui"
    assert messages[0]["text"].startswith("Je laisse cette question de côté pour l'instant")


@pytest.mark.parametrize("asked, text", [("partners_status", "le SDE peut-être"), ("sponsor", "le maire peut-être")])
def test_a_hedged_answer_stays_unsure_at_its_own_question(tracker_for, domain, asked, text):
    """(« l'agence de l'eau peut-être » at the population's question is about
    something else; these hedge the answer itself.)"""
    noted = {"structure_type": "commune", "population": 900, "project": "x", "theme": "energie",
             "need_kinds": ["expertise"], "duration": "ponctuel", "internal_resources": "aucune",
             "partners_status": "non_consultes"}
    noted = {k: v for k, v in noted.items() if k != asked}
    slots, _ = run_form(typed_while_asked(tracker_for, text, asked, slots=noted), domain)
    assert slots[asked] == "inconnu"


def test_the_project_left_aside_has_an_example_of_its_own(tracker_for, domain):
    """Live test, session 27: the project left aside got the example « en
    fait, c'est durable », the duration's."""
    slots = {"structure_type": "epci", "population": 9000, "theme": "climat"}
    earlier = ["regard exterieur", "ponctuel", "personne", "oui le president"]
    tracker = typed_while_asked(tracker_for, "non", "project", intent="deny", slots=slots)
    users = [{"event": "user", "text": t, "parse_data": {"intent": {"name": "inform"}, "entities": []}}
             for t in earlier]
    tracker.events[len(slots):len(slots)] = [{"event": "slot", "name": "requested_slot", "value": "project"}] + users
    result, messages = run_form(tracker, domain)
    assert result["project"] == "inconnu"
    said = messages[0]["text"].replace("\u00a0", " ").replace("\u202f", " ")
    assert said.startswith("Je laisse cette question de côté") and "le projet c'est" in said, said
