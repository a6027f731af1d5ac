"""The diagnostic form (``actions.forms``): what each message answers (the
question asked, an answer ahead, a correction, answers said in passing, a
first message), and what is said back."""
import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.ask import ASK_ACTIONS
from actions.forms import ValidateDiagnosticForm
from actions.slots import DIAGNOSTIC_SLOTS

from tests.actions.conftest import run_action
from tests.actions.form_helpers import (
    FORM,
    answer,
    run_form,
    starting_message,
    typed_heard_as,
    typed_while_asked,
    validate,
    with_previous,
)


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


def test_a_statement_heard_as_a_topic_is_taken_as_the_answer(tracker_for, domain):
    tracker = tracker_for(text="elaborer notre plan climat air energie", intent="ask_partners",
                          slots={"requested_slot": "project"}, active_loop="diagnostic_form")
    slots, _ = run_form(tracker, domain)
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
    slots, _ = run_form(tracker, domain)
    assert slots["theme"] == "climat"
    assert slots["project"] == "élaboration du plan climat air énergie territorial"


def test_a_real_question_is_not_taken_as_the_answer(tracker_for, domain):
    tracker = tracker_for(text="c'est quoi le CAUE ?", intent="ask_partners",
                          slots={"requested_slot": "partners_status"}, active_loop="diagnostic_form")
    slots, messages = run_form(tracker, domain)
    assert "partners_status" not in slots and messages == []


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
    tracker = with_previous(
        tracker_for(text=text, intent="inform", entities=[entity], active_loop="diagnostic_form",
                    slots={"requested_slot": "partners_status", slot: entity["value"]}),
        slot, previous)
    result, _ = validate(slot, entity["value"], tracker, domain)
    assert result[slot] == (previous if kept else entity["value"])


# -- answers the NLU took for a question or for off-topic ------------------------

@pytest.mark.parametrize("slot, text, intent, expected", [
    ("amount", "on a mis 40 000 euros de cote pour ca", "ask_procurement", 40000.0),
    ("internal_resources", "la secretaire de mairie a mi-temps", "out_of_scope", "partielle"),
    ("duration", "quelques semaines seulement", "out_of_scope", "ponctuel"),
    ("theme", "revitalisation du centre-bourg", "out_of_scope", "urbanisme"),
    # heard as a request to resume (live test, session 20: « Reprenons là où nous en étions »)
    ("need_kinds", "un regard exterieur sur le projet, on sait pas trop par ou commencer", "start_diagnostic",
     ["audit"]),
    ("duration", "ok on y va, c ponctuel", "start_diagnostic", "ponctuel"),
])
def test_an_answer_heard_as_something_else_is_recorded(tracker_for, domain, slot, text, intent, expected):
    tracker = tracker_for(text=text, intent=intent, slots={"requested_slot": slot},
                          active_loop="diagnostic_form")
    slots, _ = run_form(tracker, domain)
    assert slots[slot] == expected


def test_off_topic_during_the_diagnostic_is_not_an_answer(tracker_for, domain):
    tracker = tracker_for(text="horaires de la piscine municipale", intent="out_of_scope",
                          slots={"requested_slot": "internal_resources"}, active_loop="diagnostic_form")
    slots, messages = run_form(tracker, domain)
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
        return run_form(tracker, domain)

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
    slots, messages = run_form(tracker, domain)
    assert slots["population"] == 9000 and slots["project"] == "PCAET"
    assert slots["amount"] == 40000.0
    # One message, the budget with the rest (no separate « C'est noté »).
    assert [m["text"] for m in messages] == [
        "J'ai noté\u00a0: intercommunalité (EPCI)\u202f; 9\u202f000 habitants\u202f; budget "
        "40\u202f000\u00a0€\u00a0HT\u202f; climat (plan climat, bilan carbone)\u202f; "
        "projet «\u00a0PCAET\u00a0»."]


@pytest.mark.parametrize("asked, text, slot, value, said", [
    ("need_kinds", "ponctuel je pense, c'est une étude", "duration", "ponctuel", "besoin ponctuel"),
    ("duration", "on a vu le syndicat d'energie, ils peuvent pas", "partners_status",
     "consultes_insuffisant", "consultés, sans pouvoir couvrir le besoin (partenaires publics)"),
    ("duration", "oui le president", "sponsor", "oui", "un élu porte le projet"),
    ("need_kinds", "non, le maire ne porte pas le projet", "sponsor", "non", "pas d'élu"),
    ("need_kinds", "on a juste la secretaire de mairie a mi-temps",
     "internal_resources", "partielle", "un agent, en partie (suivi en interne)"),
    # (noted « personne » as well, and the resources never asked: live test, session 21)
    ("internal_resources", "on a pas encore demandé au cerema", "partners_status", "non_consultes",
     "pas encore consultés"),
    # (« C'est déjà noté : syndicat », the sponsor lost: live test, session 25)
    ("population", "le comité syndical a voté", "sponsor", "oui", "un élu porte le projet"),
    # (« personnes » read as « personne », nobody, for the sponsor and the
    # partners too: « Je n'ai pas reconnu le domaine », live test, session 25)
    ("theme", "on a une DSI de 6 personnes", "internal_resources", "suffisante", "une équipe dédiée"),
])
def test_an_answer_ahead_of_its_question_is_noted_and_the_question_asked_again(
        tracker_for, domain, asked, text, slot, value, said):
    """« Information given spontaneously is not asked again »: the answer to
    a later question is recorded and said back; the question that waits is
    asked again (by the form), without « je n'ai pas compris »."""
    slots, messages = run_form(typed_while_asked(tracker_for, text, asked), domain)
    assert slots[slot] == value
    assert slots[asked] is None
    texts = [m.get("text") or "" for m in messages]
    assert len(texts) == 1 and texts[0].startswith("J'ai noté") and said in texts[0], texts
    assert not any("compris" in t or "reconnu" in t for t in texts)


@pytest.mark.parametrize("intent", ["dont_know", "inform"])
def test_an_answer_ahead_heard_as_dont_know_is_not_a_dont_know(tracker_for, domain, intent):
    """« on a pas encore demandé au cerema », dont_know 0.60 at the
    resources question (live test, session 21): the resources were noted
    « je ne sais pas » and the partners' answer lost. It is the partners'
    answer; the resources are asked again."""
    tracker = typed_while_asked(tracker_for, "on a pas encore demandé au cerema", "internal_resources",
                                intent=intent, slots={"structure_type": "epci", "duration": "ponctuel"})
    tracker.latest_message["entities"] = [{"entity": "partner", "value": "cerema", "start": 27, "end": 33}]
    slots, messages = run_form(tracker, domain)
    assert slots.get("internal_resources") is None and slots["partners_status"] == "non_consultes"
    assert [m["text"] for m in messages] == ["J'ai noté\u00a0: pas encore consultés (partenaires publics)."]


@pytest.mark.parametrize("asked, text, intent, slot, value", [
    # ask_need_kinds 0.93 at the population's question: offered to the
    # population's validator, lost, and the question asked again without a
    # word (live bot, session 11)
    ("population", "un regard exterieur et de l'intermediation entre les communes", "ask_need_kinds",
     "need_kinds", ["audit", "intermediation"]),
    ("need_kinds", "ponctuel je pense", "ask_need_kinds", "duration", "ponctuel"),
])
def test_a_statement_heard_as_a_question_can_answer_ahead(tracker_for, domain, asked, text, intent, slot,
                                                          value):
    tracker = typed_heard_as(tracker_for, text, asked, intent, {"structure_type": "syndicat"})
    slots, messages = run_form(tracker, domain)
    assert slots[slot] == value and slots.get(asked) is None
    texts = [m.get("text") or "" for m in messages]
    assert len(texts) == 1 and texts[0].startswith("J'ai noté"), texts


@pytest.mark.parametrize("asked, text, intent, slots", [
    ("duration", "oui", "affirm", {}),                        # a yes answers what was asked
    ("duration", "non.", "inform", {}),
    ("need_kinds", "je sais pas", "dont_know", {}),
    # a statement heard as a question that asks all the same
    ("need_kinds", "je voudrais comprendre la différence entre ponctuel et durable", "ask_need_kinds", {}),
    ("need_kinds", "ponctuel je pense", "inform", {"duration": "durable"}),  # already answered
])
def test_no_answer_ahead(tracker_for, domain, asked, text, intent, slots):
    tracker = typed_while_asked(tracker_for, text, asked, intent=intent, slots=slots)
    result, _ = run_form(tracker, domain)
    assert not any(name in result for name in ("duration", "sponsor", "partners_status",
                                               "internal_resources") if name != asked), result


@pytest.mark.parametrize("asked, text, expected, said", [
    # live test, session 21: both lost, then asked
    ("structure_type", "de l'expertise ponctuelle sur le dimensionnement",
     {"need_kinds": ["expertise"], "duration": "ponctuel"}, ["expertise", "besoin ponctuel"]),
    ("need_kinds", "ponctuel, et le maire porte le projet",
     {"duration": "ponctuel", "sponsor": "oui"}, ["besoin ponctuel", "un élu porte le projet"]),
])
def test_several_answers_ahead_are_all_noted(tracker_for, domain, asked, text, expected, said):
    """A statement that answers several later questions, not the one waiting:
    each of them is noted, said back in one message, and the question that
    waits asked again without a complaint."""
    slots, messages = run_form(typed_while_asked(tracker_for, text, asked), domain)
    assert {slot: slots[slot] for slot in expected} == expected and slots[asked] is None
    texts = [m.get("text") or "" for m in messages]
    assert len(texts) == 1 and texts[0].startswith("J'ai noté"), texts
    assert all(label in texts[0] for label in said), texts
    assert not any("compris" in t or "reconnu" in t for t in texts)


@pytest.mark.parametrize("text, intent", [
    ("ponctuel, et le maire porte le projet", "ask_partners"),   # a question heard: not read
    ("on veut savoir si c'est ponctuel ou durable, et si le maire doit porter le projet ?", "inform"),
])
def test_several_answers_ahead_only_in_a_statement(tracker_for, domain, text, intent):
    tracker = typed_heard_as(tracker_for, text, "need_kinds", intent, {}) if intent != "inform" \
        else typed_while_asked(tracker_for, text, "need_kinds")
    slots, _ = run_form(tracker, domain)
    assert slots.get("duration") is None and slots.get("sponsor") is None


def test_the_answer_ahead_stays_the_same_through_the_turn(tracker_for):
    """The form asks several times in one turn (extraction, then each
    validator that refuses): the answer is read from the events before the
    message, not from slots that the turn changes."""
    from actions.slots import answer_ahead

    text = "ponctuel je pense, c'est une étude"
    tracker = typed_while_asked(tracker_for, text, "need_kinds")
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
    slots, messages = run_form(
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
    slots, _ = run_form(_first_message(tracker_for, text, found), domain)
    assert slots.get("project") == project


def test_a_project_said_while_another_question_waits_is_noted(tracker_for, domain):
    tracker = typed_while_asked(tracker_for, "une commune, c'est pour l'éclairage public",
                                 "structure_type")
    slots, messages = run_form(tracker, domain)
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
    slots, messages = run_form(typed_while_asked(tracker_for, text, "project", intent=intent),
                                domain)
    assert slots["project"] is None
    assert len(messages) == 1 and "quelques mots" in messages[0]["text"]


def test_a_need_given_as_the_project_is_the_need_not_the_project(tracker_for, domain):
    """« expertise » answered « Quel est le projet ? » (the fiche said
    « Projet : expertise »): it is the need, noted; the project is asked again."""
    slots, messages = run_form(typed_while_asked(tracker_for, "expertise", "project"), domain)
    assert slots["project"] is None and slots["need_kinds"] == ["expertise"]
    assert [m["text"] for m in messages] == ["J'ai noté\u00a0: expertise (compétence pointue)."]


def test_dont_know_the_project(tracker_for, domain):
    from actions.slots import profile_from_slots
    from assistant.profile import UNKNOWN

    slots, messages = run_form(
        typed_while_asked(tracker_for, "je sais pas", "project", intent="dont_know"), domain)
    assert slots["project"] == UNKNOWN and messages == []
    assert profile_from_slots({"project": UNKNOWN}).project is None     # « non renseigné »


def test_the_project_is_said_back_in_a_few_words(tracker_for, domain):
    slots, messages = run_form(
        typed_while_asked(tracker_for, "c pour l eclairage public on veut passer en led", "project"),
        domain)
    assert slots["project"] == "éclairage public, passer en LED" and slots["theme"] == "energie"
    assert [m["text"] for m in messages] == [
        "J'ai noté\u00a0: projet «\u00a0éclairage public, passer en LED\u00a0»\u202f; "
        "énergie, bâtiments."]


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
    slots, messages = run_form(starting_message(
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
    slots, messages = run_form(starting_message(
        tracker_for, text, [{"entity": k, "value": v} for k, v in found.items()], found), domain)
    assert slots["internal_resources"] == "aucune" and slots["sponsor"] == "oui"
    assert slots.get("need_kinds") is None and slots.get("partners_status") is None
    assert [m["text"] for m in messages] == [
        "J'ai noté\u00a0: commune\u202f; 520 habitants\u202f; numérique\u202f; projet «\u00a0site "
        "internet\u00a0»\u202f; personne pour suivre le projet en interne\u202f; "
        "oui, un élu porte le projet."]


def test_a_lasting_need_said_in_the_first_message_is_noted(tracker_for, domain):
    """maire H3: « … plan climat participatif … sur tout le mandat »: durable."""
    text = ("Bonsoir. Nouvelle maire depuis mars (1700 hab). Je voudrais lancer un plan climat "
            "participatif avec les habitants, ateliers, concertation etc. sur tout le mandat")
    found = {"population": "1700", "theme": "climat"}
    slots, messages = run_form(starting_message(
        tracker_for, text, [{"entity": k, "value": v} for k, v in found.items()], found), domain)
    assert slots["duration"] == "durable" and slots["structure_type"] == "commune"
    # « Nouvelle maire » is the structure, not a sponsor; « concertation » not a need
    assert slots.get("sponsor") is None and slots.get("need_kinds") is None
    assert "besoin durable" in messages[0]["text"]


def test_answers_in_passing_of_the_first_message_and_of_a_later_one(tracker_for, domain):
    """The message that starts the diagnostic is read this way; a later one
    only when it gives several later answers and not the one asked (one
    alone goes to ``answers_ahead``)."""
    from actions.passing import answers_in_passing

    text = "on a personne qui s y connait, le maire est daccord"
    assert answers_in_passing(starting_message(tracker_for, text, [], {})) == {
        "internal_resources": "aucune", "sponsor": "oui"}
    # (at a later question, its answers are all noted when it gives several
    # and does not answer that question: live test, session 21)
    assert answers_in_passing(typed_while_asked(tracker_for, text, "project")) == {
        "internal_resources": "aucune", "sponsor": "oui"}
    # one alone goes to ``answers_ahead``, unless its looser readers hear two
    # (« personne »: the resources or the partners): then the clear one is
    # noted here (« … animer le CRTE sur 3 ans », live test, session 26)
    assert answers_in_passing(typed_while_asked(tracker_for, "c'est ponctuel", "project")) == {}
    assert answers_in_passing(typed_while_asked(tracker_for, "on a personne qui s y connait", "project")) == {
        "internal_resources": "aucune"}
    # a question answered already is kept
    assert answers_in_passing(starting_message(tracker_for, text, [], {"sponsor": "non"})) == {
        "internal_resources": "aucune"}


def test_a_first_answer_noted_can_be_corrected(tracker_for, domain):
    """What was noted from the first message is corrected like any answer."""
    tracker = typed_while_asked(tracker_for, "en fait on a un agent à mi-temps", "need_kinds",
                                 slots={"internal_resources": "aucune"})
    slots, messages = run_form(tracker, domain)
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
    slots, messages = run_form(starting_message(tracker_for, text, entities, {
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
    tracker = typed_while_asked(tracker_for, text, "duration",
                                 slots={"structure_type": "autre", "need_kinds": ["capacite"]})
    slots, _ = run_form(tracker, domain)
    assert "partners_consulted" not in slots and slots.get("partners_status") is None
    # with a verb of consulting, it is an answer ahead
    tracker = typed_while_asked(tracker_for, "on a vu la com com", "duration",
                                 slots={"need_kinds": ["capacite"]})
    slots, _ = run_form(tracker, domain)
    assert slots["partners_consulted"] == ["epci"]


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
    result, messages = run_form(typed_while_asked(tracker_for, text, asked, intent=intent,
                                                    slots=slots), domain)
    assert result["amount"] in (30000.0, 40000.0, 150000.0)
    assert result[asked] == answered
    texts = [m.get("text") or "" for m in messages]
    assert any(t.startswith("J'ai noté") and "budget d'environ" in t for t in texts), texts
    assert not any("compris" in t or "reconnu" in t for t in texts), texts


def test_a_number_that_answers_the_question_is_no_budget(tracker_for, domain):
    result, _ = run_form(typed_while_asked(tracker_for, "ponctuel, 18 mois", "duration"), domain)
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
    result, messages = run_form(typed_while_asked(tracker_for, text, asked, intent=intent,
                                                    slots=slots), domain)
    assert result[slot] == value
    texts = [m.get("text") or "" for m in messages]
    assert any(t.startswith("J'ai noté") for t in texts), texts
    assert not any("compris" in t or "reconnu" in t for t in texts), texts


# -- need kinds given late, « sur 3 ans » (final retest F-H1) ----------------------------

def test_need_kinds_said_again_with_more_at_the_duration_question_are_noted(tracker_for, domain):
    """« Capacité surtout, et un regard extérieur pour la méthodo » typed at
    the duration question, the capacity noted from the first message, got
    « Je n'ai pas compris »: the need said again, with the outside view, is
    noted and the duration asked again."""
    text = "Capacité surtout, et un regard extérieur pour la méthodo"
    tracker = typed_while_asked(tracker_for, text, "duration", slots={"need_kinds": ["capacite"]})
    result, messages = run_form(tracker, domain)
    assert result["need_kinds"] == ["audit", "capacite"]
    assert result["duration"] is None
    texts = [m.get("text") or "" for m in messages]
    assert len(texts) == 1 and texts[0].startswith("J'ai noté") and "regard extérieur" in texts[0]
    assert not any("compris" in t for t in texts), texts


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
    tracker = typed_heard_as(tracker_for, text, "need_kinds", "out_of_scope",
                              {"structure_type": "commune", "project": "bilan carbone"})
    tracker.events[-1]["timestamp"] = 1763850000.25      # (Rasa time-stamps every event)
    off_topic = copy.deepcopy(tracker)
    assert run_action(ActionOffTopicInDiagnostic(), off_topic, domain).messages == []
    slots, messages = run_form(copy.deepcopy(tracker), domain)
    assert slots["amount"] == 40000.0 and slots.get("need_kinds") is None
    assert [m.get("text") for m in messages] == [
        "J'ai noté\u00a0: budget d'environ 40\u202f000\u00a0€\u00a0HT, à confirmer."]
    assert calls == {"budget": 1, "ahead": 1}


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


def test_everything_said_at_the_structures_question_is_noted(tracker_for, domain):
    """« commune de 3500 habitants, on veut refaire le site internet, c'est
    ponctuel, on a une agente a mi-temps qui peut suivre, budget 45000 TTC »
    at the structure's question kept only the project and its domain; the
    duration was asked again (live test, session 11). Said as a first
    message, everything was kept: now too at the first questions."""
    text = ("commune de 3500 habitants, on veut refaire le site internet, c'est ponctuel, "
            "on a une agente a mi-temps qui peut suivre, budget 45000 TTC")
    tracker = typed_while_asked(tracker_for, text, "structure_type")
    slots, messages = run_form(tracker, domain)
    assert slots["structure_type"] == "commune"
    assert slots.get("duration") == "ponctuel" and slots.get("internal_resources") == "partielle"
    assert slots.get("amount") == 37500
    said = " ".join(m.get("text") or "" for m in messages)
    assert "ponctuel" in said and "45 000" in said.replace("\u202f", " ").replace("\u00a0", " ")


# -- a structure corrected during the diagnostic (live test, session 12) ---------------

def test_the_structure_corrected_from_a_commune_asks_the_population_again(tracker_for, domain):
    """« en fait non c'est pour la com com pas la commune » at the project's
    question: corrected (good), but « personne pour suivre le projet en
    interne » was noted from its « non », and the commune's 350 inhabitants
    were kept for the com com."""
    from tests.actions.form_helpers import run_form, typed_while_asked

    noted = {"structure_type": "commune", "population": 350}
    text = "en fait non c'est pour la com com pas la commune"
    tracker = typed_while_asked(tracker_for, text, "project", slots=noted)
    # as the NLU heard it: both structures, Rasa kept the last one
    tracker.latest_message["entities"] = [
        {"entity": "structure_type", "value": "epci", "start": text.index("com com"), "end": text.index("com com") + 7},
        {"entity": "structure_type", "value": "commune", "start": text.index("commune"), "end": len(text)}]
    tracker.events.insert(-1, {"event": "slot", "name": "structure_type", "value": "commune"})
    tracker.slots["structure_type"] = "commune"
    slots, messages = run_form(tracker, domain)
    assert slots.get("structure_type") == "epci"
    assert "internal_resources" not in slots or slots["internal_resources"] is None
    assert "population" in slots and slots["population"] is None
    assert [m.get("text") for m in messages] == ["C'est corrigé\u00a0: intercommunalité (EPCI)."]


def test_the_structure_corrected_with_its_population_keeps_the_new_one(tracker_for, domain):
    from tests.actions.form_helpers import run_form, typed_while_asked

    noted = {"structure_type": "commune", "population": 350}
    text = "en fait c'est la com com, 22 000 habitants"
    tracker = typed_while_asked(tracker_for, text, "project", slots=noted)
    tracker.latest_message["entities"] = [
        {"entity": "structure_type", "value": "epci", "start": text.index("com com"), "end": text.index("com com") + 7},
        {"entity": "population", "value": "22 000 habitants", "start": text.index("22"), "end": len(text)}]
    for name, value in (("structure_type", "epci"), ("population", "22 000 habitants")):
        tracker.events.insert(-1, {"event": "slot", "name": name, "value": value})
        tracker.slots[name] = value
    slots, _ = run_form(tracker, domain)
    assert slots.get("structure_type") == "epci" and slots.get("population") == 22000


def test_the_sponsor_named_at_the_partners_follow_up_is_recorded(tracker_for, domain):
    """« oui le maire » (heard as affirm) at the CAUE's follow-up question was
    set aside, and the sponsor's question asked twice (live test, session 12)."""
    tracker = typed_while_asked(tracker_for, "oui le maire", "partners_status", intent="affirm",
                                slots={"partners_consulted": ["caue"]})
    slots, messages = run_form(tracker, domain)
    assert slots["sponsor"] == "oui" and slots.get("partners_status") is None
    texts = [m.get("text") or "" for m in messages]
    assert len(texts) == 1 and texts[0].startswith("J'ai noté") and "un élu porte le projet" in texts[0]
    # a yes alone still answers the question asked
    alone, _ = run_form(typed_while_asked(tracker_for, "oui", "partners_status", intent="affirm",
                                          slots={"partners_consulted": ["caue"]}), domain)
    assert "sponsor" not in alone


def test_a_question_of_the_data_at_the_structure_question_is_answered(tracker_for, domain):
    """« du coup je prends le 1er devis qui vient ? » typed while the
    structure is asked, not understood (nlu_fallback), got « Je n'ai pas
    reconnu le type de structure » (live test, session 12): answered (compare
    the offers), nothing noted, the question asked again."""
    tracker = typed_while_asked(tracker_for, "du coup je prends le 1er devis qui vient ?", "structure_type",
                                intent="nlu_fallback")
    slots, messages = run_form(tracker, domain)
    texts = " ".join(m.get("text") or "" for m in messages)
    assert "Comparez les offres sur les critères" in texts.replace("\u00a0", " ").replace("\u202f", " ")
    assert "pas reconnu" not in texts
    assert slots.get("structure_type") is None


@pytest.mark.parametrize("asked", ["structure_type", "project", "need_kinds", "duration"])
@pytest.mark.parametrize("intent", ["deny", "inform", "thank"])
def test_a_user_who_has_what_they_need_gives_no_answer_ahead(tracker_for, domain, asked, intent):
    """« non merci c'est bon j'ai ce qu'il faut » at the structure's question
    was noted « une équipe dédiée » (« ce qu'il faut » read as sufficient
    internal resources: live test, session 15)."""
    tracker = tracker_for(text="non merci c'est bon j'ai ce qu'il faut", intent=intent,
                          slots={"requested_slot": asked}, active_loop="diagnostic_form")
    slots, messages = run_form(tracker, domain)
    assert slots.get("internal_resources") is None
    assert not any("équipe dédiée" in (m.get("text") or "") for m in messages), messages


@pytest.mark.parametrize("text", ["ok on reprend", "reprenons le diagnostic", "on continue",
                                  "je sais pas, on reprend", "c bon je reviens"])
def test_a_request_to_resume_is_no_answer(tracker_for, domain, run, text):
    """« reprenons le diagnostic » (« diagnostic » is an audit), « on continue »
    (a lasting need): resuming, not an answer; « Reprenons là où nous en
    étions » is said."""
    from actions.diagnostic import ActionStartDiagnostic

    for slot in ("need_kinds", "duration", "internal_resources"):
        tracker = tracker_for(text=text, intent="start_diagnostic", slots={"requested_slot": slot, "theme": "energie"},
                              active_loop="diagnostic_form")
        tracker.events[:0] = [{"event": "slot", "name": "theme", "value": "energie"},
                              {"event": "user", "text": "avant"}]
        slots, _ = run_form(tracker, domain)
        assert slot not in slots, (slot, slots)
        assert run(ActionStartDiagnostic(), tracker).texts == ["Reprenons là où nous en étions."]


def test_an_answer_heard_as_resuming_is_not_told_we_resume(tracker_for, run):
    from actions.diagnostic import ActionStartDiagnostic

    tracker = tracker_for(text="un regard exterieur sur le projet, on sait pas trop par ou commencer",
                          intent="start_diagnostic", slots={"requested_slot": "need_kinds", "theme": "energie"},
                          active_loop="diagnostic_form")
    result = run(ActionStartDiagnostic(), tracker)
    assert result.texts == [] and result.events == []


def test_a_bare_structure_while_the_population_waits_corrects_it(tracker_for, domain):
    """Live test, session 23: « syndicat informatique de 30 communes, … le
    logiciel de compta de toutes les communes adherentes » was noted
    « commune »; « syndicat mixte » typed while the population waited got
    « C'est déjà noté : commune ». A structure typed bare corrects it, and a
    syndicat's population is not asked."""
    from tests.actions.form_helpers import run_form, typed_while_asked, with_mapped_entity

    text = "syndicat mixte"
    tracker = typed_while_asked(tracker_for, text, "population",
                                slots={"structure_type": "commune", "project": "logiciel de compta"})
    with_mapped_entity(tracker, "structure_type", "syndicat")
    slots, messages = run_form(tracker, domain)
    assert slots.get("structure_type") == "syndicat", slots
    assert [m.get("text") for m in messages][0] == "C'est corrigé\u00a0: syndicat.", messages


@pytest.mark.parametrize("text, asked", [("le syndicat d'énergie", "partners_status"),
                                         ("la com com", "population")])
def test_a_structure_named_as_a_partner_is_no_correction(tracker_for, domain, text, asked):
    from tests.actions.form_helpers import run_form, typed_while_asked, with_mapped_entity

    value = "syndicat" if "syndicat" in text else "epci"
    tracker = typed_while_asked(tracker_for, text, asked, slots={"structure_type": "commune", "population": 800})
    with_mapped_entity(tracker, "structure_type", value)
    slots, messages = run_form(tracker, domain)
    assert slots.get("structure_type") in ("commune", None), slots
    assert not any("corrigé" in (m.get("text") or "") for m in messages), messages


def test_partners_who_have_not_answered_are_said_back_as_such(tracker_for, domain):
    """Live test, session 23: « on a demande au departement, pas de reponse »
    typed while another question waited was said back « J'ai noté : je ne
    sais pas »."""
    from tests.actions.form_helpers import run_form, typed_while_asked

    text = "on a demande au departement, pas de reponse"
    tracker = typed_while_asked(tracker_for, text, "population",
                                slots={"structure_type": "syndicat", "project": "logiciel de compta",
                                       "theme": "numerique", "need_kinds": ["expertise"], "duration": "ponctuel",
                                       "internal_resources": "partielle"})
    slots, messages = run_form(tracker, domain)
    said = " ".join(m.get("text") or "" for m in messages)
    assert slots.get("partners_status") == "inconnu", slots
    assert "partenaires consultés, réponse en attente" in said and "je ne sais pas" not in said, said


def test_a_direct_question_in_the_starting_message_keeps_its_answers(tracker_for, domain):
    """Live test, session 23: a DGS's first message (a CC of 15 000
    inhabitants, 35 000 € HT, nobody in-house) ending « Faut il remettre en
    concurrence ou on peut reprendre le meme BE ? » got its answer from
    action_start_diagnostic, then again from the form, which dropped every
    answer of the message and asked for the structure."""
    from tests.actions.form_helpers import run_form, starting_message

    text = ("bonjour je suis la DGS d'une CC de 15000 hab. Nos elus veulent un AMO pour le schema directeur "
            "cyclable. Budget 35000 HT. Personne en interne. Faut il remettre en concurrence ou on peut "
            "reprendre le meme BE ?")
    tracker = starting_message(tracker_for, text, [{"entity": "structure_type", "value": "epci"}],
                               {"structure_type": "epci", "population": 15000, "amount": 35000.0})
    slots, messages = run_form(tracker, domain)
    said = " ".join(m.get("text") or "" for m in messages)
    assert "même prestataire" not in said and "Pour 35" not in said, said
    assert slots.get("structure_type") == "epci" and slots.get("amount") == 35000.0, slots


# -- live test, session 24 ------------------------------------------------------------

def test_a_length_of_time_at_the_population_question_is_the_duration(tracker_for, domain):
    """« un an ou deux » while a syndicat's population waited was noted as
    2 inhabitants, silently, and the duration lost."""
    from tests.actions.form_helpers import run_form, typed_while_asked

    tracker = typed_while_asked(tracker_for, "un an ou deux", "population",
                                slots={"structure_type": "syndicat", "theme": "eau"})
    slots, messages = run_form(tracker, domain)
    assert slots.get("population") is None and slots.get("duration") == "ponctuel", slots
    assert [m.get("text") for m in messages] == ["J'ai noté\u00a0: besoin ponctuel (un an ou deux)."]


def test_an_answer_set_aside_may_come_later(tracker_for, domain):
    """« environ 1 an » at the resources question, the duration set aside as
    « je ne sais pas » before, got « Je n'ai pas compris »."""
    from tests.actions.form_helpers import run_form, typed_while_asked

    tracker = typed_while_asked(tracker_for, "environ 1 an", "internal_resources",
                                slots={"structure_type": "commune", "duration": "inconnu"})
    slots, messages = run_form(tracker, domain)
    assert slots.get("duration") == "ponctuel" and slots.get("internal_resources") is None, slots
    assert [m.get("text") for m in messages] == ["J'ai noté\u00a0: besoin ponctuel (environ 1 an)."]


def test_nobody_but_me_at_the_duration_question_is_the_staff(tracker_for, domain):
    """« personne, je suis seule » at the duration's question: « Je n'ai pas
    compris » (« personne » may also answer the partners' question)."""
    from tests.actions.form_helpers import run_form, typed_while_asked

    tracker = typed_while_asked(tracker_for, "personne, je suis seule", "duration",
                                slots={"structure_type": "commune"})
    slots, messages = run_form(tracker, domain)
    assert slots.get("internal_resources") == "aucune" and slots.get("duration") is None, slots
    assert slots.get("partners_status") is None, slots
    assert [m.get("text") for m in messages] == ["J'ai noté\u00a0: personne pour suivre le projet en interne."]


def test_the_mayor_at_the_resources_question_is_no_staff(tracker_for, domain):
    """« le maire » at « Qui pourrait suivre ce projet en interne ? » got
    « C'est déjà noté : commune »."""
    from tests.actions.form_helpers import run_form, typed_while_asked

    tracker = typed_while_asked(tracker_for, "le maire", "internal_resources",
                                slots={"structure_type": "commune", "sponsor": "oui"})
    slots, messages = run_form(tracker, domain)
    assert slots.get("internal_resources") is None and slots.get("structure_type") in (None, "commune"), slots
    said = [m.get("text") for m in messages]
    assert len(said) == 1 and said[0].startswith("Un élu qui suit le projet") and "agents" in said[0], said


def test_no_budget_yet_is_no_answer_to_the_need(tracker_for, domain):
    """« on a pas de budget defini encore » (dont_know) at the need's
    question was noted « je ne sais pas » for the need, silently."""
    from tests.actions.form_helpers import run_form, typed_while_asked

    tracker = typed_while_asked(tracker_for, "on a pas de budget defini encore", "need_kinds",
                                intent="dont_know", slots={"structure_type": "commune"})
    slots, messages = run_form(tracker, domain)
    assert slots.get("need_kinds") is None and slots.get("amount") is None, slots
    said = [m.get("text") for m in messages]
    assert len(said) == 1 and said[0].startswith("Pas de souci pour le budget"), said


def test_a_count_of_communes_keeps_the_syndicat(tracker_for, domain):
    """« attendez je me suis trompé c'est 18 communes » at the project's
    question, from a syndicat: « C'est corrigé : commune » and the sentence
    noted as the project."""
    from tests.actions.form_helpers import run_form, typed_while_asked, with_mapped_entity

    text = "attendez je me suis trompé c'est 18 communes"
    tracker = typed_while_asked(tracker_for, text, "project",
                                slots={"structure_type": "syndicat", "theme": "eau"})
    with_mapped_entity(tracker, "structure_type", "commune", 38, 46)
    slots, messages = run_form(tracker, domain)
    assert slots.get("structure_type") == "syndicat" and slots.get("project") is None, slots
    assert [m.get("text") for m in messages] == [
        "Entendu\u00a0: 18 communes. Je garde le type de structure noté\u00a0: syndicat."]


def test_the_legal_competence_is_no_staff(tracker_for, domain):
    """« c'est nous, la compétence écoles est communale » at the need's
    question was noted « une équipe dédiée »."""
    from tests.actions.form_helpers import run_form, typed_while_asked

    tracker = typed_while_asked(tracker_for, "c'est nous, la compétence écoles est communale", "need_kinds",
                                slots={"structure_type": "commune", "population": 2300})
    slots, _ = run_form(tracker, domain)
    assert slots.get("internal_resources") is None, slots


def test_an_agent_is_no_departmental_agency(tracker_for, domain):
    """« on a une agente technique mais elle est débordée » was the agence
    technique départementale, consulted and unable to help."""
    from tests.actions.form_helpers import run_form, typed_while_asked

    tracker = typed_while_asked(tracker_for, "on a une agente technique mais elle est débordée",
                                "internal_resources", slots={"structure_type": "commune"})
    slots, _ = run_form(tracker, domain)
    assert slots.get("internal_resources") == "partielle", slots
    assert not slots.get("partners_consulted"), slots


def test_ok_then_a_duration_at_the_resources_question(tracker_for, domain):
    """« ok disons ponctuel » at the resources question (the duration set
    aside) was « une équipe dédiée » (its « ok »)."""
    from tests.actions.form_helpers import run_form, typed_while_asked

    tracker = typed_while_asked(tracker_for, "ok disons ponctuel", "internal_resources",
                                slots={"structure_type": "commune", "duration": "inconnu"})
    slots, _ = run_form(tracker, domain)
    assert slots.get("internal_resources") is None and slots.get("duration") == "ponctuel", slots


def test_a_partner_named_at_the_structure_question_is_not_the_structure(tracker_for, domain):
    """« le SDE on l'a pas encore appelé » at the structure's question (a
    commune's) was noted « syndicat »: the partners' answer, ahead."""
    from tests.actions.form_helpers import run_form, typed_while_asked, with_mapped_entity

    tracker = typed_while_asked(tracker_for, "le SDE on l'a pas encore appelé", "structure_type",
                                slots={"population": 1800, "project": "rénovation énergétique de la mairie"})
    with_mapped_entity(tracker, "structure_type", "syndicat", 3, 6)
    slots, messages = run_form(tracker, domain)
    assert slots.get("structure_type") is None and slots.get("partners_status") == "non_consultes", slots


def test_a_length_given_with_the_duration_is_said_back(tracker_for, domain):
    """« ponctuel, 18 mois » was said back « besoin ponctuel (une étude,
    quelques mois) »."""
    from tests.actions.form_helpers import run_form, typed_while_asked

    tracker = typed_while_asked(tracker_for, "ponctuel, 18 mois", "structure_type",
                                slots={"population": 1800, "need_kinds": ["expertise"]})
    slots, messages = run_form(tracker, domain)
    assert slots.get("duration") == "ponctuel", slots
    assert [m.get("text") for m in messages][0] == "J'ai noté\u00a0: besoin ponctuel (18 mois).", messages


@pytest.mark.parametrize("asked, slots", [("duration", {}), ("sponsor", {"structure_type": "commune"})])
def test_ok_after_an_answer_to_the_user_s_question_acknowledges_it(tracker_for, domain, asked, slots):
    """« c koi un AMO en fait », answered, then « ok » at the duration's
    question: « Je n'ai pas compris. Répondez par exemple « ponctuel »… »
    (live test, session 25); at the sponsor's question, « ok » was a yes. It
    acknowledges the answer: nothing noted, nothing said, the question asked
    again. Without a question of the user's before, « ok » is read as usual."""
    tracker = typed_while_asked(tracker_for, "ok", asked, intent="affirm", slots=slots)
    tracker.events[:0] = [{"event": "user", "text": "c koi un AMO en fait",
                           "parse_data": {"intent": {"name": "ask_definition"}, "entities": []}}]
    validated, messages = run_form(tracker, domain)
    assert validated.get(asked) is None and messages == []
    plain, _ = run_form(typed_while_asked(tracker_for, "ok", "sponsor", intent="affirm",
                                          slots={"structure_type": "commune"}), domain)
    assert plain["sponsor"] == "oui"


def test_a_choice_weighed_while_a_question_waits_is_a_question(tracker_for):
    """« on hésite entre recruter des économes de flux ou passer par un AMO »
    (ask_internalise) while the population waited was offered to the
    population's validator and never answered (live test, session 25)."""
    from actions.slots import requested_answer
    text = "on hésite entre recruter des économes de flux ou passer par un AMO"
    tracker = tracker_for(text=text, intent="ask_internalise", active_loop="diagnostic_form",
                          slots={"requested_slot": "population", "structure_type": "syndicat"})
    assert requested_answer(tracker, strict=False) is None
    statement = tracker_for(text="on a un service énergie", intent="ask_internalise", active_loop="diagnostic_form",
                            slots={"requested_slot": "population", "structure_type": "syndicat"})
    assert requested_answer(statement, strict=False) == "population"


def test_thanks_with_an_answer_ahead_note_it(tracker_for, domain):
    """« merci, on a 4 agents déjà » (thank) while the population waited got
    « Je vous en prie », and the staff was lost (live test, session 25)."""
    from actions.slots import answer_ahead
    slots = {"structure_type": "syndicat", "theme": "energie", "project": "décret tertiaire"}
    tracker = tracker_for(text="merci, on a 4 agents déjà", intent="thank", active_loop="diagnostic_form",
                          slots={"requested_slot": "population", **slots})
    tracker.events[:0] = [{"event": "slot", "name": name, "value": value} for name, value in slots.items()]
    assert answer_ahead(tracker) == "internal_resources"
    thanks = tracker_for(text="merci beaucoup", intent="thank", active_loop="diagnostic_form",
                         slots={"requested_slot": "population", **slots})
    assert answer_ahead(thanks) is None


@pytest.mark.parametrize("text", ["ok merci et on en etait ou ?", "où en étions-nous ?"])
def test_where_were_we_not_understood_resumes(tracker_for, domain, text):
    """« ok merci et on en etait ou ? » (not understood) at the population's
    question got « Je n'ai pas compris le nombre d'habitants » (live test,
    session 24): « Reprenons là où nous en étions », then the question."""
    slots, messages = run_form(typed_while_asked(tracker_for, text, "population", intent="nlu_fallback",
                                                 slots={"structure_type": "syndicat"}), domain)
    assert slots.get("population") is None
    assert [m.get("text") for m in messages] == ["Reprenons là où nous en étions."]


def test_later_answers_said_at_the_population_question_are_noted(tracker_for, domain):
    """« on voudrait un AMO pour animer le CRTE sur 3 ans » at the population
    question (a PETR): « Je n'ai pas compris le nombre d'habitants », the
    project and the duration lost (live test, session 26)."""
    tracker = typed_while_asked(tracker_for, "on voudrait un AMO pour animer le CRTE sur 3 ans", "population",
                                slots={"structure_type": "syndicat"})
    slots, messages = run_form(tracker, domain)
    assert slots == {"population": None, "project": "animer le CRTE", "duration": "durable"}
    assert [m["text"].replace("\xa0", " ").replace("\u202f", " ") for m in messages] == [
        "J'ai noté : projet « animer le CRTE » ; besoin durable (3 ans)."]


def test_staff_leaving_said_at_the_need_question_is_the_resources(tracker_for, domain):
    """« on a un géomaticien mais il part a la retraite » at the need question:
    « Je n'ai pas reconnu le besoin » (live test, session 26)."""
    tracker = typed_while_asked(tracker_for, "on a un géomaticien mais il part a la retraite", "need_kinds",
                                slots={"structure_type": "epci", "population": 15000, "theme": "numerique",
                                       "project": "mutualiser le SIG"})
    slots, messages = run_form(tracker, domain)
    assert slots == {"need_kinds": None, "internal_resources": "partielle"}
    assert "un agent, en partie" in messages[0]["text"]


def test_an_answer_set_aside_given_later_is_noted_not_corrected(tracker_for, domain):
    """« 350 habitants » after « je sais pas » at the population: « C'est
    corrigé : 350 habitants » (live test, session 26)."""
    from tests.actions.form_helpers import with_mapped_entity

    tracker = typed_while_asked(tracker_for, "350 habitants", "project",
                                slots={"structure_type": "commune", "population": "inconnu"})
    with_mapped_entity(tracker, "population", "350")
    slots, messages = run_form(tracker, domain)
    assert slots["population"] == 350
    assert [m["text"].replace("\xa0", " ") for m in messages] == ["J'ai noté : 350 habitants."]


def test_a_partner_who_does_not_do_it_at_the_project_question_is_no_project(tracker_for, domain):
    """« on a appelé l'ALEC, ils font pas de concertation » at the project
    question was noted as the project « ils font pas de concertation » (live
    test, session 26): the partners' answer, ahead."""
    tracker = typed_while_asked(tracker_for, "on a appelé l'ALEC, ils font pas de concertation", "project",
                                slots={"structure_type": "commune", "population": 900, "theme": "energie"})
    slots, _ = run_form(tracker, domain)
    assert slots["project"] is None
    assert slots["partners_status"] == "consultes_insuffisant" and slots["partners_consulted"] == ["alec"]


@pytest.mark.parametrize("asked", ["theme", "need_kinds", "sponsor"])
@pytest.mark.parametrize("text", ["je sais pas combien ça coute", "aucune idée du budget"])
def test_the_cost_not_known_is_no_answer_to_the_question(tracker_for, domain, text, asked):
    """Live test, session 27: « je sais pas combien ça coute » at the
    domain's question was noted « je ne sais pas » for the domain; at the
    need's, « je ne sais pas » for the need and a lasting need (« coute »
    read as « court »)."""
    from tests.actions.form_helpers import run_form, typed_while_asked

    earlier = {"structure_type": "commune", "project": "adressage", "theme": "numerique"}
    earlier = {k: v for k, v in earlier.items() if k != asked}
    tracker = typed_while_asked(tracker_for, text, asked, intent="dont_know", slots=earlier)
    slots, messages = run_form(tracker, domain)
    assert slots.get(asked) is None and slots.get("amount") is None and slots.get("duration") is None, slots
    said = [m.get("text") for m in messages]
    assert said and said[0].startswith("Pas de souci pour le budget"), said


def test_sharing_out_between_epcis_is_noted_as_the_need(tracker_for, domain):
    """Live test, session 27: « on voudrait un AMO pour nous aider a repartir
    les enveloppes fonciere entre les EPCI » (ask_mission_families, EPCI
    heard) at the population's question: the question asked again, nothing
    said."""
    from tests.actions.form_helpers import run_form, typed_heard_as

    text = "on voudrait un AMO pour nous aider a repartir les enveloppes fonciere entre les EPCI"
    tracker = typed_heard_as(tracker_for, text, "population", "ask_mission_families",
                             {"structure_type": "syndicat", "theme": "urbanisme", "project": "territorialiser le ZAN"},
                             entities=[{"entity": "term", "value": "amo", "start": 15, "end": 18},
                                       {"entity": "structure_type", "value": "epci", "start": 80, "end": 84}])
    slots, messages = run_form(tracker, domain)
    assert slots.get("need_kinds") == ["intermediation"] and slots.get("population") is None, slots
    assert [m.get("text").replace("\xa0", " ") for m in messages] == ["J'ai noté : intermédiation (porter un message)."], messages


def test_an_elected_official_s_portfolio_at_the_population(tracker_for, domain):
    """Live test, session 27: « la vice-présidente au numérique » at the
    population's question was noted as the sponsor, the domain and the
    project « vice-présidente au numérique »."""
    from tests.actions.form_helpers import run_form, typed_while_asked

    tracker = typed_while_asked(tracker_for, "la vice-présidente au numérique", "population",
                                slots={"structure_type": "syndicat"})
    slots, messages = run_form(tracker, domain)
    assert slots.get("sponsor") == "oui" and slots.get("project") is None and slots.get("theme") is None, slots


def test_help_asked_for_another_project_keeps_the_one_noted(tracker_for, domain):
    """Live test, session 27: « vous pouvez m'aider pour notre PLU ? » while
    the need of « refaire le site internet » was asked: the question asked
    again, nothing said."""
    from tests.actions.form_helpers import run_form, typed_heard_as, with_mapped_entity

    slots = {"structure_type": "commune", "population": 1500, "theme": "numerique",
             "project": "refaire le site internet et passer au cloud"}
    text = "vous pouvez m'aider pour notre PLU ?"
    tracker = typed_heard_as(tracker_for, text, "need_kinds", "start_diagnostic", slots)
    with_mapped_entity(tracker, "theme", "urbanisme", 30, 33)
    result, messages = run_form(tracker, domain)
    assert result.get("theme") in (None, "numerique") and result.get("project") is None, result
    said = [m.get("text").replace("\u00a0", " ").replace("\u202f", " ") for m in messages]
    assert said[0].startswith("Je garde pour ce diagnostic le projet noté : « refaire le site internet"), said
    assert "(urbanisme, aménagement)" in said[0]


def test_a_word_heard_as_a_theme_is_no_other_project(tracker_for, domain):
    from tests.actions.form_helpers import run_form, typed_while_asked, with_mapped_entity

    slots = {"structure_type": "commune", "theme": "numerique", "project": "refaire le site internet"}
    tracker = typed_while_asked(tracker_for, "on a un informaticien", "need_kinds", slots=slots)
    with_mapped_entity(tracker, "theme", "numerique", 9, 21)
    _, messages = run_form(tracker, domain)
    assert not any("Je garde pour ce diagnostic" in (m.get("text") or "") for m in messages)


def test_a_new_diagnostic_after_the_result_corrects_nothing(tracker_for, domain):
    """Live test, session 27: « on peut refaire un diagnostic pour notre PLU
    ? » after the result of « refaire le site internet » got « C'est corrigé :
    urbanisme, aménagement » in the new diagnostic."""
    from actions.slots import previous_value
    from tests.actions.form_helpers import run_form

    text = "on peut refaire un diagnostic pour notre PLU ?"
    tracker = tracker_for(text=text, intent="start_diagnostic",
                          entities=[{"entity": "theme", "value": "urbanisme", "start": 40, "end": 43}],
                          active_loop="diagnostic_form")
    earlier = [{"event": "slot", "name": "theme", "value": "numerique"},
               {"event": "slot", "name": "diagnostic_done", "value": True},
               {"event": "user", "text": "15000"}]
    restart = [{"event": "slot", "name": "theme", "value": "urbanisme"},
               {"event": "action", "name": "action_start_diagnostic"},
               *({"event": "slot", "name": s, "value": None} for s in ("structure_type", "project", "theme")),
               {"event": "slot", "name": "diagnostic_done", "value": False},
               {"event": "action", "name": "diagnostic_form"}]
    user = [e for e in tracker.events if e.get("event") == "user"][-1]
    tracker.events[:] = [*earlier, user, *restart]
    tracker.slots.update({"theme": "urbanisme", "diagnostic_done": False})
    assert previous_value(tracker, "theme") is None
    _, messages = run_form(tracker, domain)
    said = " ".join((m.get("text") or "") for m in messages).replace("\u00a0", " ")
    assert "C'est corrigé" not in said, said


def test_a_slot_set_aside_by_a_validator_keeps_its_previous_value(tracker_for):
    from actions.slots import previous_value

    tracker = tracker_for(text="bof", intent="inform")
    user = [e for e in tracker.events if e.get("event") == "user"][-1]
    tracker.events[:] = [{"event": "slot", "name": "theme", "value": "numerique"}, user,
                         {"event": "action", "name": "diagnostic_form"},
                         {"event": "slot", "name": "theme", "value": None}]
    assert previous_value(tracker, "theme") == "numerique"
