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


def test_dont_know_after_naming_a_partner_keeps_it_for_the_verdict(tracker_for, domain):
    """The CAUE named, then « je sais pas » to the follow-up (live test,
    session 12): the verdict said « Vous ne savez pas si vos partenaires ont
    été sollicités ». The partner stays in the slots and in the profile the
    engine reads, and the reason says it was consulted."""
    from actions.advice import advice_for_slots

    first = "on a appelé le CAUE"
    result, _ = validate(first, answer(tracker_for, first), domain)
    assert result == {"partners_status": None, "partners_consulted": ["caue"]}
    slots = {"structure_type": "commune", "population": 900, "theme": "energie",
             "need_kinds": ["expertise"], "duration": "ponctuel", "internal_resources": "aucune",
             "partners_consulted": ["caue"]}
    result, _ = validate("je sais pas", answer(tracker_for, "je sais pas", slots, intent="dont_know"),
                         domain)
    assert result == {"partners_status": "inconnu"}          # partners_consulted untouched
    advice = advice_for_slots(tracker_for(slots={**slots, **result, "sponsor": "oui"}))
    assert [r.id for r in advice.reasons] == ["partners_answer_unknown"]
    assert "(CAUE)" in advice.reasons[0].text


def test_the_fonds_vert_is_a_funding_not_a_partner_consulted(tracker_for, domain):
    """« Fonds vert et Banque des Territoires » recorded « Vous avez consulté :
    Fonds vert » (live test, session 12): the Fonds vert finances, it does not
    accompany; said so, and not among the partners consulted. Named alone, the
    question is asked again after that, without « Je n'ai pas compris »."""
    text = "Fonds vert et Banque des Territoires"
    result, texts = validate(text, answer(tracker_for, text), domain)
    assert result == {"partners_status": None, "partners_consulted": ["banque_des_territoires"]}
    assert len(texts) == 1 and "Fonds vert est un financement, pas un partenaire" in texts[0]
    text = "on a demandé le fonds vert"
    result, texts = validate(text, answer(tracker_for, text), domain)
    assert result == {"partners_status": None}
    assert len(texts) == 1 and texts[0].startswith(f"Noté{NBSP}: Fonds vert est un financement")
    # with a status, the status stands
    text = "le fonds vert non, mais le CAUE peut nous aider"
    result, texts = validate(text, answer(tracker_for, text), domain)
    assert result["partners_consulted"] == ["caue"] and result["partners_status"] == "convention_disponible"


def test_the_fonds_vert_is_listed_as_a_funding(tracker_for, run):
    """The Fonds vert is never among the partners to ask first nor the
    examples of the partners question; its card and the list of all partners
    say it finances, it does not accompany."""
    import datetime as dt

    from actions.render import partner_messages, partner_suggestions_messages
    from assistant.engine import advise, answer_topic, partner_examples, suggest_partners
    from assistant.knowledge import load_knowledge
    from assistant.profile import Profile

    kb = load_knowledge()
    assert kb.partners["fonds_vert"].funding and not kb.partners["caue"].funding
    profile = Profile(structure_type="commune", population=900, theme="eau",
                      partners_status="non_consultes", need_kinds=frozenset({"expertise"}),
                      date=dt.date(2026, 11, 23))
    suggestions = suggest_partners(profile)
    assert suggestions[-1].id == "fonds_vert" and suggestions[-1].funding
    assert not any(s.funding for s in suggestions[:-1])
    assert "Fonds vert" not in " ".join(partner_suggestions_messages(suggestions[-1:]))
    assert "Fonds vert" not in " ".join(partner_examples(profile, limit=20))
    card = partner_messages(kb.partners["fonds_vert"], dt.date(2026, 11, 23))[0]
    assert card.startswith("**Fonds vert** (un financement, pas un partenaire qui accompagne")
    topic = answer_topic("partners", dt.date(2026, 11, 23))
    listing = " ".join((*topic.messages, *topic.items))
    assert "Fonds vert (un financement, pas un partenaire qui accompagne le projet)." in listing
    assert advise(profile).verdict == "consult_partners"


def test_ok_after_a_question_of_ones_own_is_no_yes(tracker_for, domain):
    """r2-b3: « oui on a vu l'OPSN », the bot asks whether the OPSN can help;
    « c'est quoi un AMO deja ? » (answered, the question asked again), then
    « ok » → noted « a partner could cover the need ». The question is asked
    again; « ok » right after the question itself is still a yes."""
    from tests.actions.form_helpers import run_form, typed_while_asked

    slots = {"structure_type": "syndicat", "partners_consulted": ["opsn"]}
    tracker = typed_while_asked(tracker_for, "ok", "partners_status", intent="affirm", slots=slots)
    tracker.events.insert(len(tracker.events) - 2, {"event": "user", "text": "c'est quoi un AMO deja ?"})
    noted, _ = run_form(tracker, domain)
    assert noted.get("partners_status") is None
    tracker = typed_while_asked(tracker_for, "ok", "partners_status", intent="affirm", slots=slots)
    noted, _ = run_form(tracker, domain)
    assert noted.get("partners_status") == "convention_disponible"


def test_an_elected_user_is_asked_whether_they_carry_the_project(tracker_for, run):
    """« jsuis maire » then « Un élu porte-t-il ce projet ? » (live test,
    session 15: the user had to answer « ben moi je suis le maire »)."""
    from tests.actions.question_helpers import after_message

    ask = ASK_ACTIONS["sponsor"]()
    mayor = run(ask, after_message(tracker_for(text="une commune"), "jsuis maire, on veut du photovoltaique",
                                   "inform"))
    assert mayor.texts[0].startswith("Vous siégez au conseil") and "par vous" in mayor.texts[0]
    titles = [b["title"] for b in mayor.messages[0]["buttons"]]
    assert titles[0] == "Oui, je le porte" and "Je ne sais pas" in titles
    agent = run(ask, after_message(tracker_for(text="une commune"), "je suis secrétaire de mairie", "inform"))
    assert agent.texts[0].startswith("Un élu porte-t-il ce projet")
    # a restart forgets who spoke before it
    again = after_message(tracker_for(text="une commune"), "jsuis maire", "inform")
    again.events.insert(1, {"event": "restart"})
    assert run(ask, again).texts[0].startswith("Un élu porte-t-il ce projet")


def test_c_est_moi_answers_the_sponsor_question():
    from assistant.parsing import parse_sponsor

    for text in ("moi", "c'est moi !", "moi-même", "oui c'est moi", "c moi"):
        assert parse_sponsor(text) == "oui", text
    assert parse_sponsor("pour moi personne") == "non"


def test_an_intercommunalite_is_not_its_own_partner(tracker_for, domain):
    """« l'OPSN ne couvre pas les agglos de notre taille », from a
    communauté d'agglomération: « agglos » was noted as the EPCI consulted
    (live test, session 25). A commune's intercommunalité is still one."""
    text = "l'OPSN ne couvre pas les agglos de notre taille"
    result, _ = validate(text, answer(tracker_for, text, {"structure_type": "epci"}), domain)
    assert result == {"partners_status": "consultes_insuffisant", "partners_consulted": ["opsn"]}
    text = "la com com ne peut pas nous aider"
    result, _ = validate(text, answer(tracker_for, text, {"structure_type": "commune"}), domain)
    assert result == {"partners_status": "consultes_insuffisant", "partners_consulted": ["epci"]}
