"""The partners question of the diagnostic: its examples follow the partner
data for the answers so far, and a meeting or a call with an organisation the
data has no card on counts as consulted (final F-M5)."""
from rasa_sdk.executor import CollectingDispatcher

from actions.ask import ASK_ACTIONS
from actions.forms import ValidateDiagnosticForm

FORM = ValidateDiagnosticForm()
NBSP, NNBSP = "\u00a0", "\u202f"


def validate(text, tracker, domain):
    dispatcher = CollectingDispatcher()
    result = FORM.validate_partners_status(text, dispatcher, tracker, domain)
    return result, [m.get("text", "") for m in dispatcher.messages]


def answer(tracker_for, text, slots=None, intent="inform"):
    return tracker_for(text=text, intent=intent,
                       slots={"requested_slot": "partners_status", **(slots or {})},
                       active_loop="diagnostic_form")


def test_the_examples_of_the_question_are_the_partners_of_the_theme(tracker_for, run):
    """A digital project was asked about « syndicat d'énergie, intercommunalité,
    CAUE, agence technique départementale » (final F-M5): the examples are the
    partners the data gives for the answers so far, the OPSN first."""
    ask = ASK_ACTIONS["partners_status"]()
    digital = run(ask, tracker_for(slots={"structure_type": "commune", "population": 900,
                                          "theme": "numerique"})).texts[0]
    assert digital.startswith("Avez-vous déjà sollicité vos partenaires publics (OPSN, intercommunalité")
    assert "CAUE" not in digital and "énergie" not in digital
    energy = run(ask, tracker_for(slots={"structure_type": "commune", "population": 900,
                                         "theme": "energie"})).texts[0]
    assert energy.startswith("Avez-vous déjà sollicité vos partenaires publics (syndicat d'énergie, CAUE")
    assert "OPSN" not in energy and energy.endswith(f"…) ou une convention existante{NNBSP}?")


def test_a_call_with_a_partner_without_card_counts_as_consulted(tracker_for, run, domain):
    """« on a eu un call avec le centre de gestion mais rien d'autre » got « Je
    n'ai pas compris » (final F-M5): consulted; can they help is asked about
    them, by the name typed; the answer to that is recorded with the line
    saying there is no card on them. The name never reaches the profile."""
    text = "on a eu un call avec le centre de gestion mais rien d'autre"
    result, texts = validate(text, answer(tracker_for, text), domain)
    assert result == {"partners_status": None, "partners_consulted": ["centre de gestion"]}
    assert texts == []
    asked = run(ASK_ACTIONS["partners_status"](), tracker_for(slots=result)).texts
    assert asked == [f"Vous avez consulté{NBSP}: centre de gestion. Un accompagnement de ce côté "
                     f"est-il possible pour ce projet{NNBSP}?"]
    slots = {"partners_consulted": ["centre de gestion"]}
    result, texts = validate("non", answer(tracker_for, "non", slots, intent="deny"), domain)
    assert result == {"partners_status": "consultes_insuffisant"}
    assert texts and texts[0].startswith(f"Noté{NBSP}: centre de gestion (je n'ai pas de fiche sur ce partenaire")
    from actions.slots import profile_from_slots
    from assistant.knowledge import load_knowledge
    profile = profile_from_slots({**slots, **result}, None, load_knowledge().partners)
    assert profile.partners_consulted == frozenset()


def test_a_meeting_or_a_call_says_partners_were_consulted():
    """« call », « rdv », « réunion avec »: they were asked (also said in
    passing, at another question); « une réunion » alone is not."""
    from assistant.parsing import says_consulted

    for text in ("on a eu un call avec le centre de gestion", "rdv avec le CAUE mardi",
                 "on a fait une réunion avec la comcom", "eu l'ALEC au téléphone"):
        assert says_consulted(text), text
    assert not says_consulted("le conseil municipal se réunit en réunion publique")


def test_the_plainer_wording_of_the_question_follows_the_theme_too(tracker_for, run, domain):
    """« Autrement dit : … (syndicat d'énergie, intercommunalité, CAUE…) ? … « le
    CAUE pourrait nous aider » » was said whatever the theme, while the question
    itself already named the OPSN for a digital project: the plainer words
    give the same examples as the question."""
    from actions.diagnostic import ActionOffTopicInDiagnostic
    from actions.corrections import explain_question

    def explained(theme):
        tracker = tracker_for(text="je comprends pas la question", intent="dont_know",
                              slots={"requested_slot": "partners_status", "structure_type": "commune",
                                     "population": 900, "theme": theme},
                              active_loop="diagnostic_form")
        dispatcher = CollectingDispatcher()
        assert explain_question(dispatcher, tracker) == "partners_status"
        return dispatcher.messages[0]["text"].replace(NBSP, " ").replace(NNBSP, " ")

    digital = explained("numerique")
    assert digital.startswith("Autrement dit : avez-vous déjà demandé de l'aide à un organisme public "
                              "(OPSN, intercommunalité")
    assert "« l'OPSN pourrait nous aider »" in digital
    assert "CAUE" not in digital and "énergie" not in digital
    question = run(ASK_ACTIONS["partners_status"](), tracker_for(
        slots={"structure_type": "commune", "population": 900, "theme": "numerique"})).texts[0]
    assert question.split("(")[1].split("…")[0].startswith(digital.split("(")[1].split("…")[0])
    energy = explained("energie")
    assert "(syndicat d'énergie, CAUE" in energy and "« le syndicat d'énergie pourrait nous aider »" in energy
    assert "OPSN" not in energy
