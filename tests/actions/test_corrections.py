"""Corrections and re-asks (``actions.corrections``): an earlier answer
corrected at any time, a question explained or asked again at the user's
request, « revenir en arrière », an answer typed again."""
import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.common import message as message_of
from actions.ask import ASK_ACTIONS

from actions.slots import DIAGNOSTIC_SLOTS
from assistant.text import normalize
from tests.actions.conftest import run_action
from tests.actions.form_helpers import FORM, NOTED, answer, run_form, typed_heard_as, typed_while_asked


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
    tracker = typed_while_asked(tracker_for, text, asked, intent=intent, slots=before)
    if intent == "out_of_scope":            # Rasa's from_text mapping skips it
        tracker.events.pop()
        tracker.slots[asked] = None
    slots, messages = run_form(tracker, domain)
    assert slots[slot] == value
    assert slots.get(asked) is None
    texts = [m.get("text") or "" for m in messages]
    assert len(texts) == 1 and texts[0].startswith("C'est corrigé") and said in texts[0], texts


def test_a_correction_heard_as_off_topic_is_not_refused(tracker_for, run):
    from actions.diagnostic import ActionOffTopicInDiagnostic
    from actions.faq import ActionAnswerQuestion

    for action, intent in ((ActionOffTopicInDiagnostic(), "out_of_scope"),
                           (ActionAnswerQuestion(), "ask_need_kinds")):
        tracker = typed_while_asked(tracker_for, "en fait c'est plutôt de la capacité",
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

    tracker = typed_while_asked(tracker_for, "revenir en arriere", "duration", intent=intent,
                                 slots={"need_kinds": ["audit"]})
    if intent == "out_of_scope":             # not mapped to the slot; the off-topic action runs
        tracker.events.pop()
        tracker.slots["duration"] = None
        assert run(ActionOffTopicInDiagnostic(), tracker).messages == []
    slots, messages = run_form(tracker, domain)
    assert slots.get("duration") is None and "need_kinds" not in slots
    assert [m.get("text") for m in messages] == [HOW_TO]


def test_going_back_heard_as_a_restart_forgets_nothing(tracker_for, run):
    from actions.diagnostic import ActionResetDiagnostic, ActionStartDiagnostic

    def turn(text):
        tracker = typed_while_asked(tracker_for, text, "duration", intent="restart_diagnostic",
                                     slots={"need_kinds": ["audit"]})
        return run(ActionResetDiagnostic(), tracker), run(ActionStartDiagnostic(), tracker)

    reset, start = turn("retour")
    assert reset.events == [] and start.messages == [] and start.events == []
    reset, _ = turn("on recommence tout")
    # (asked first, then cleared: tests/actions/test_restart.py)
    assert not reset.slots and reset.text.startswith("Vous m'avez déjà donné une réponse.")


def test_after_going_back_the_next_answer_corrects(tracker_for, domain):
    tracker = typed_while_asked(tracker_for, "Capacité", "duration",
                                 slots={"need_kinds": ["audit"]})
    tracker.events[-2:-2] = [{"event": "user", "text": "revenir en arriere"},
                             {"event": "bot", "text": HOW_TO}]
    slots, messages = run_form(tracker, domain)
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
    # heard as inform 0.81, recorded as the duration (live bot, session 11)
    ("c koi la diff entre ponctuel et durable?", "inform"),
]


@pytest.mark.parametrize("slot", DIAGNOSTIC_SLOTS)
@pytest.mark.parametrize("text, intent", TEXT_MESSAGE_QUESTIONS)
def test_a_short_definition_question_is_never_recorded(tracker_for, domain, slot, text, intent):
    tracker = answer(tracker_for, text, slot, intent=intent)
    slots, messages = run_form(tracker, domain)
    assert not set(slots) & set(DIAGNOSTIC_SLOTS) and "partners_consulted" not in slots
    assert messages == []


@pytest.mark.parametrize("text, intent", TEXT_MESSAGE_QUESTIONS)
def test_a_short_definition_question_about_a_named_partner_is_no_answer(
        tracker_for, domain, text, intent):
    """« Vous avez consulté : syndicat d'énergie. Un accompagnement… ? » then
    « c quoi un CEP »: moved on to the sponsor, as if the partner could help."""
    tracker = answer(tracker_for, text, "partners_status", intent=intent,
                     slots={"partners_consulted": ["syndicat_energie"]})
    slots, messages = run_form(tracker, domain)
    assert "partners_status" not in slots and messages == []


# -- corrections without « en fait » (fresh H1) -----------------------------------

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

    tracker = typed_heard_as(tracker_for, text, asked, intent, before)
    slots, messages = run_form(tracker, domain)
    assert slots[slot] == value
    assert slots.get(asked) is None
    assert [m.get("text") for m in messages] == [f"C'est corrigé\u00a0: {said}."]
    if intent == "out_of_scope":
        assert run(ActionOffTopicInDiagnostic(), tracker).messages == []


def test_a_theme_correction_keeps_the_theme_named_not_the_one_negated(tracker_for, domain):
    """The NLU may hear « numérique » in « pas le numérique », and Rasa keeps
    the last entity: the theme said is the one not negated."""
    text = "le thème c'est la biodiversité, pas le numérique"
    tracker = typed_heard_as(
        tracker_for, text, "duration", "inform", {"theme": "numerique"},
        entities=[{"entity": "theme", "value": "biodiversite", "start": 17, "end": 29},
                  {"entity": "theme", "value": "numerique", "start": 38, "end": 47}])
    tracker.slots["theme"] = "numerique"
    tracker.events.append({"event": "slot", "name": "theme", "value": "numerique"})
    slots, messages = run_form(tracker, domain)
    assert slots["theme"] == "biodiversite"
    assert [m.get("text") for m in messages] == ["C'est corrigé\u00a0: biodiversité."]


def _ask(slot, tracker, domain):
    """The question the form asks for ``slot`` (its action_ask_<slot>)."""
    dispatcher = CollectingDispatcher()
    asyncio.run(ASK_ACTIONS[slot]().run(dispatcher, tracker, domain))
    return dispatcher.messages


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

    tracker = typed_heard_as(tracker_for, text, "sponsor", intent, NOTED)
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
    tracker = typed_while_asked(tracker_for, '/inform{"structure_type": "commune"}',
                                 "structure_type", slots=before)
    tracker.latest_message["entities"] = [{"entity": "structure_type", "value": "commune"}]
    tracker.slots["structure_type"] = "commune"
    tracker.events[-1]["value"] = "commune"
    tracker.events.insert(len(before), {"event": "user", "text": "corriger le type de structure"})
    slots, messages = run_form(tracker, domain)
    assert slots["structure_type"] == "commune" and "requested_slot" not in slots
    assert [m.get("text") for m in messages] == ["C'est corrigé\u00a0: commune."]


def test_revenir_en_arriere_still_says_how_to_correct(tracker_for, domain):
    """A request that names no answer, or an answer not given yet, keeps the
    explanation (nothing to ask again)."""
    for text, slots in (("revenir en arrière", NOTED), ("modifier le budget", NOTED)):
        tracker = typed_heard_as(tracker_for, text, "sponsor", "out_of_scope", slots)
        slots_set, messages = run_form(tracker, domain)
        assert "requested_slot" not in slots_set
        assert messages[0]["text"].startswith("Pour corriger une réponse"), messages


def _after_correction_request(tracker_for, text, target, before, requests=1):
    """``text`` typed while ``target`` is asked again after « corriger … »
    (``requests`` unreadable answers before it), as the validation action
    gets it: the earlier answers, the request, the form setting
    requested_slot to ``target``, then the message."""
    tracker = typed_while_asked(tracker_for, text, target, slots=before)
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
    slots, messages = run_form(tracker, domain)
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
    slots, _ = run_form(tracker, domain)
    assert slots.get("structure_type", "autre") == "autre"
    assert slots["requested_slot"] == "structure_type"
    assert _ask("structure_type", tracker, domain)[0]["buttons"] == \
        message_of("ask_structure_type")["buttons"]


def test_a_readable_answer_after_an_unreadable_one_is_said_corrected(tracker_for, domain):
    """« Commune » typed after « corriger le type de structure » then « bof »:
    the structure changes, said back, and the question that waited comes next."""
    before = {k: NOTED[k] for k in DIAGNOSTIC_SLOTS[:DIAGNOSTIC_SLOTS.index("internal_resources")]}
    tracker = _after_correction_request(tracker_for, "commune", "structure_type", before, 2)
    slots, messages = run_form(tracker, domain)
    assert slots["structure_type"] == "commune" and slots.get("requested_slot") != "structure_type"
    assert [m.get("text") for m in messages] == ["C'est corrigé\u00a0: commune."]


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

    tracker = typed_while_asked(tracker_for, text, asked, intent=intent, slots=slots)
    result, messages = run_form(tracker, domain)
    assert result.get(asked) is None
    texts = [m.get("text") or "" for m in messages]
    expected = message(key)["text"].split(" Par exemple")[0]
    assert texts and texts[0].replace("\u00a0", " ").replace("\u202f", " ").startswith(
        expected.replace("\u00a0", " ")), texts
    assert "Par exemple" in texts[0] or "par exemple" in texts[0]
    assert run(ActionOffTopicInDiagnostic(), tracker).messages == []


def test_a_real_dont_know_is_still_recorded(tracker_for, domain):
    result, messages = run_form(typed_while_asked(tracker_for, "je ne sais pas", "need_kinds",
                                                    intent="dont_know"), domain)
    assert result["need_kinds"] == ["inconnu"] and messages == []


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
    tracker = typed_while_asked(tracker_for, text, "need_kinds", slots=slots)
    tracker.latest_message["entities"] = [{"entity": entity, "value": value}]
    tracker.events.append({"event": "slot", "name": entity, "value": value})
    result, messages = run_form(tracker, domain)
    assert result["need_kinds"] is None
    texts = [m.get("text") or "" for m in messages]
    assert texts == [f"C'est déjà noté\u00a0: {said}."], texts


def test_a_new_answer_is_not_said_already_noted(tracker_for, domain):
    tracker = typed_while_asked(tracker_for, "expertise", "need_kinds",
                                 slots={"structure_type": "commune"})
    tracker.latest_message["entities"] = [{"entity": "structure_type", "value": "commune"}]
    tracker.events.append({"event": "slot", "name": "structure_type", "value": "commune"})
    result, messages = run_form(tracker, domain)
    assert result["need_kinds"] == ["expertise"] and messages == []


# -- what the validation of a message found (``MessageReading``) ---------------------

def test_a_message_reading_is_kept_per_tracker_and_dropped_with_it(tracker_for):
    """The refused answers and the question asked again without a readable
    answer are kept for the run of one tracker: two trackers of the same
    message (equal, as Rasa SDK compares them) do not share them, and the
    reading goes with its tracker."""
    import gc

    from actions import corrections

    first, second = tracker_for(text="bof"), tracker_for(text="bof")
    assert first == second
    corrections.reading(first).rejected.add("structure_type")
    corrections.reading(first).unanswered_again = "structure_type"
    assert corrections.reading(first).rejected == {"structure_type"}
    assert corrections.reading(second) == corrections.MessageReading()
    from actions import run_state

    key = id(first)
    assert key in run_state._RUNS
    del first
    gc.collect()
    assert key not in run_state._RUNS


# -- « on a un informaticien » (r2-b3, session 12) ---------------------------------------

def test_an_it_person_in_house_is_the_resources_not_a_domain(tracker_for, domain):
    """r2-b3: at « Qui pourrait suivre ce projet en interne ? », « on a un
    informaticien » (its word heard as a theme) → « Je n'ai pas reconnu le
    domaine. […] C'est déjà noté : numérique. »; one agent, in part."""
    slots = {"structure_type": "syndicat", "population": 35000, "project": "passage au numérique des écoles",
             "theme": "numerique", "need_kinds": ["regard_exterieur"], "duration": "ponctuel"}
    tracker = typed_while_asked(tracker_for, "on a un informaticien", "internal_resources", slots=slots)
    tracker.latest_message["entities"] = [{"entity": "theme", "value": "informaticien"}]
    tracker.events.append({"event": "slot", "name": "theme", "value": "informaticien"})   # (the entity's mapping)
    tracker.slots["theme"] = "informaticien"
    noted, messages = run_form(tracker, domain)
    assert noted["internal_resources"] == "partielle"
    assert not any("domaine" in (m.get("text") or "") for m in messages), messages


def test_no_it_person_any_more_after_the_result_is_nobody(tracker_for, domain, run):
    """r2-b3: after the result, « en fait on a pas d'informaticien, il est
    parti » → « Je n'ai pas reconnu le domaine. […] Le conseil reste le
    même »; the resources become « personne »."""
    from actions.diagnostic import ActionStartDiagnostic

    values = {"structure_type": "syndicat", "population": 35000, "project": "passage au numérique des écoles",
              "theme": "numerique", "need_kinds": ["regard_exterieur"], "duration": "ponctuel",
              "internal_resources": "partielle", "partners_status": "aidable", "sponsor": "oui",
              "amount": 33333.33}
    text = "en fait on a pas d'informaticien, il est parti"
    tracker = tracker_for(text=text, intent="inform", slots={**values, "diagnostic_done": True},
                          entities=[{"entity": "theme", "value": "informaticien"}])
    tracker.events[:0] = [{"event": "slot", "name": n, "value": v} for n, v in values.items()] + [
        {"event": "slot", "name": "diagnostic_done", "value": True}]
    started = run(ActionStartDiagnostic(), tracker)
    assert started.slots.get("internal_resources") == "aucune", started.slots
    tracker = tracker_for(text=text, intent="inform", active_loop="diagnostic_form",
                          slots={**values, "internal_resources": "aucune", "theme": "informaticien"},
                          entities=[{"entity": "theme", "value": "informaticien"}])
    tracker.events[:0] = [{"event": "slot", "name": n, "value": v} for n, v in values.items()] + [
        {"event": "slot", "name": "diagnostic_done", "value": True}]
    tracker.events += [{"event": "slot", "name": "diagnostic_done", "value": False},
                       {"event": "slot", "name": "internal_resources", "value": "aucune"},
                       {"event": "slot", "name": "theme", "value": "informaticien"}]
    noted, messages = run_form(tracker, domain)
    assert not any("domaine" in (m.get("text") or "") for m in messages), messages
    assert noted.get("theme", "numerique") == "numerique"
