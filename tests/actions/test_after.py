"""Messages typed once the result is given that ask something of the assistant
itself, whatever the classifier heard (actions/after.py)."""
import pytest

from actions.after import ActionAffirm, ActionDeny, ActionHelp, ActionThank
from actions.diagnostic import ActionOutOfScope
from actions.faq import ActionAnswerQuestion

PROFILE = {
    "structure_type": "commune", "population": 800, "project": "étude énergie",
    "theme": "energie", "need_kinds": ["expertise"], "duration": "ponctuel",
    "internal_resources": "aucune", "partners_status": "consultes_insuffisant",
    "sponsor": "non", "amount": 45000.0,
}


def _after_result(tracker_for, text, intent, done=True):
    slots = {**PROFILE, "diagnostic_done": done}
    tracker = tracker_for(text=text, intent=intent, slots=slots)
    tracker.events[:0] = [{"event": "slot", "name": name, "value": value}
                          for name, value in slots.items()]
    return tracker


@pytest.mark.parametrize("text, intent, action", [
    ("et maintenant", "ask_apres_mission", ActionAnswerQuestion),
    ("et maintenant ?", "ask_apres_mission", ActionAnswerQuestion),
    ("on fait quoi maintenant", "ask_apres_mission", ActionAnswerQuestion),
    ("et ensuite ?", "ask_independence", ActionAnswerQuestion),
    ("quelle est la suite ?", "out_of_scope", ActionOutOfScope),
    # (help 0.57: the list of what the assistant can do, live test, session 26)
    ("merci, et maintenant je fais quoi concrètement ?", "help", ActionHelp),
])
def test_what_now_after_the_result_gets_the_next_steps_menu(tracker_for, run, text, intent, action):
    """« et maintenant » typed after the result got the after-mission tip
    (final S-L4): it gets the « Et maintenant ? » menu."""
    result = run(action(), _after_result(tracker_for, text, intent))
    assert [m.get("response") for m in result.messages] == ["utter_next_steps"]
    assert "Anticipez l'après-mission" not in result.text


def test_what_now_before_the_result_is_left_to_the_intent(tracker_for, run):
    """Before the result there are no next steps: the intent heard decides."""
    result = run(ActionAnswerQuestion(), _after_result(tracker_for, "et maintenant ?", "ask_apres_mission",
                                                       done=False))
    assert "utter_next_steps" not in [m.get("response") for m in result.messages]
    after_mission = run(ActionAnswerQuestion(), _after_result(
        tracker_for, "que faire après la mission ?", "ask_apres_mission"))
    assert "après-mission" in after_mission.text


# -- complaints about the answers (final M-M8) --------------------------------------

NBSP = "\u00a0"


@pytest.mark.parametrize("text, intent, action", [
    ("mon avis : vos reponses sont trop longues", "ask_criteria", ActionAnswerQuestion),
    ("t'es nul, vos réponses sont trop longues", "out_of_scope", ActionOutOfScope),
    # heard as thanks (« Avec plaisir ») and as help (the capability list)
    ("mon avis : les réponses sont justes mais bcp trop longues", "thank", ActionThank),
    ("ça m'aide pas bcp ton truc", "help", ActionHelp),
    # heard as « je ne sais pas » (rule: dont_know -> action_help)
    ("mon avis : vos reponses sont trop longues", "dont_know", ActionHelp),
])
def test_a_complaint_is_acknowledged_recorded_and_followed_by_an_offer(tracker_for, run, text, intent,
                                                                       action):
    """« mon avis : vos reponses sont trop longues » got « Avec plaisir », « pfff »
    « hors sujet » (final M-M8): a line of thanks, the remark recorded as the
    feedback form records one (read by the usage report), then an offer."""
    result = run(action(), _after_result(tracker_for, text, intent))
    assert result.texts[0] == f"Merci de me le dire, c'est noté{NBSP}: ce retour servira à améliorer l'assistant."
    assert result.texts[1].startswith("Posez-moi votre question en quelques mots")
    assert result.buttons == [{"title": "Parler à quelqu'un", "payload": "/human_handoff"}]
    assert result.slots == {"feedback_comment": text}
    assert "hors" not in result.text and "Je ne peux pas" not in result.text


def test_a_complaint_with_a_question_gets_the_answer_then_the_remark_noted(tracker_for, run):
    """« les conseils sont trop generiques, … on peut le reprendre sans
    consultation ? »: the question is answered first (the remark alone had
    taken its place), then the remark is noted and recorded, without the offer
    to ask again."""
    text = "les conseils sont trop generiques. c'est quoi un MAPA ?"
    result = run(ActionAnswerQuestion(), _after_result(tracker_for, text, "ask_definition"))
    assert "MAPA" in result.texts[0] or "adaptée" in result.texts[0], result.texts
    assert result.texts[-1] == f"Merci de me le dire, c'est noté{NBSP}: ce retour servira à améliorer l'assistant."
    assert "Posez-moi votre question" not in result.text
    assert result.slots.get("feedback_comment") == text


def test_a_sigh_is_acknowledged_with_nothing_recorded(tracker_for, run):
    result = run(ActionOutOfScope(), _after_result(tracker_for, "pfff", "out_of_scope"))
    assert result.texts[0] == "Désolé si ma réponse ne vous aide pas." and result.slots == {}
    assert "Je ne peux pas vous aider" not in result.text


def test_a_complaint_not_understood_is_added_to_the_earlier_remark(tracker_for, run):
    from actions.hygiene import ActionDefaultAskAffirmation, ActionDefaultFallback

    tracker = _after_result(tracker_for, "les conseils sont trop generiques", "nlu_fallback")
    tracker.slots["feedback_comment"] = "trop long pour un téléphone"
    result = run(ActionDefaultFallback(), tracker)
    assert result.slots == {"feedback_comment": "trop long pour un téléphone | les conseils sont trop generiques"}
    assert not any(e.get("event") == "rewind" for e in result.events)
    asked = run(ActionDefaultAskAffirmation(), tracker)
    assert asked.texts[0].startswith("Merci de me le dire") and "Vouliez-vous" not in asked.text


def test_a_complaint_is_left_to_the_forms(tracker_for, run):
    """During the diagnostic, its validators read the message (« c'est pas
    clair » asks to explain the question)."""
    tracker = tracker_for(text="vos reponses sont trop longues", intent="out_of_scope",
                          slots={"requested_slot": "duration"}, active_loop="diagnostic_form")
    assert run(ActionOutOfScope(), tracker).slots == {}
    assert "Merci de me le dire" not in run(ActionOutOfScope(), tracker).text


@pytest.mark.parametrize("action, intent, response", [
    (ActionThank, "thank", "utter_you_are_welcome"), (ActionHelp, "help", "utter_help")])
def test_plain_thanks_and_help_get_their_response(tracker_for, run, action, intent, response):
    for text in ("merci beaucoup", "vous servez a quoi exactement", "/" + intent):
        result = run(action(), tracker_for(text=text, intent=intent))
        assert [m.get("response") for m in result.messages] == [response] and result.events == []


# -- « c'est trop long »: the last answer, in short (final M-M8) ---------------------

def _after_answer(tracker_for, run, text, intent):
    """The result given (its messages as bot events), then ``text``."""
    from actions.advice import ActionGiveAdvice

    advice = run(ActionGiveAdvice(), tracker_for(text="45 000", intent="inform", slots=PROFILE))
    tracker = _after_result(tracker_for, text, intent)
    tracker.events[:0] = [{"event": "user", "text": "45 000"}] + [
        {"event": "bot", "text": m.get("text"), "data": {"buttons": m.get("buttons")}}
        for m in advice.messages] + [
        {"event": "bot", "text": "Ces conseils vous sont-ils utiles\u00a0?",
         "data": {"buttons": [{"title": "Oui", "payload": "/affirm"},
                              {"title": "Non", "payload": "/deny"}]}}]
    return tracker, advice


@pytest.mark.parametrize("text, intent, action", [
    ("c'est trop long", "inform", "start"),
    ("vos réponses sont trop longues, faites court", "nlu_fallback", "affirmation"),
    ("trop long", "nlu_fallback", "fallback"),
    ("c'est trop long", "out_of_scope", "out_of_scope"),
])
def test_a_complaint_about_length_gets_the_last_answer_in_short(tracker_for, run, text, intent,
                                                                action):
    """« c'est trop long » after the result got « posez une question plus
    courte » (or, heard as information, a new diagnostic), and nothing
    shortened the answer. Now: a line of acknowledgement, then the answer's
    key sentence and its links (2 lines at most), with its buttons; the
    remark is recorded."""
    from rasa_sdk.events import FollowupAction

    from actions.diagnostic import ActionStartDiagnostic
    from actions.hygiene import ActionDefaultAskAffirmation, ActionDefaultFallback

    tracker, advice = _after_answer(tracker_for, run, text, intent)
    chosen = {"start": ActionStartDiagnostic, "affirmation": ActionDefaultAskAffirmation,
              "fallback": ActionDefaultFallback, "out_of_scope": ActionOutOfScope}[action]()
    result = run(chosen, tracker)
    assert result.texts[0] == f"Merci, c'est noté. En bref{NBSP}:"
    short = result.texts[1].split("\n")
    assert len(result.texts) == 2 and len(short) == 2, result.texts
    assert short[0].startswith("**Faire appel à un assistant") and len(short[0]) < 200
    assert "fiche en PDF" in short[1] and "](http" in short[1]
    assert result.buttons == [b for m in advice.messages for b in m.get("buttons") or []]
    assert len(result.buttons) == 4          # the result's details, not « Oui » / « Non »
    assert result.slots["feedback_comment"] == text
    assert "Posez-moi" not in result.text and "Faisons le point" not in result.text
    if action == "start":
        assert FollowupAction("action_listen") in result.events


def test_a_complaint_about_length_after_a_question_shortens_its_answer(tracker_for, run):
    """After « c'est quoi un MAPA ? », « trop long » gets the definition's key
    sentence, not the offer to ask a shorter question."""
    from actions.faq import ActionAnswerQuestion

    asked = run(ActionAnswerQuestion(), tracker_for(text="c'est quoi un MAPA ?", intent="ask_definition"))
    tracker = tracker_for(text="trop long", intent="nlu_fallback")
    tracker.events[:0] = [{"event": "user", "text": "c'est quoi un MAPA ?"}] + [
        {"event": "bot", "text": t} for t in asked.texts]
    from actions.hygiene import ActionDefaultFallback

    result = run(ActionDefaultFallback(), tracker)
    assert result.texts[0] == f"Merci, c'est noté. En bref{NBSP}:"
    assert len(result.texts[1]) <= 221 and "\n" not in result.texts[1], result.texts
    assert result.texts[1] in asked.text or result.texts[1].rstrip("…") in asked.text


# -- a complaint or a wish to give one's opinion during the diagnostic (session 11) --

def test_a_complaint_at_a_question_is_thanked_and_the_question_asked_again(tracker_for, run, domain):
    """tb21: « les reponses sont trop longues sur mon telephone » at the
    structure question got « Je n'ai pas reconnu le type de structure »: it
    is thanked and recorded, the question asked again (its slot left empty);
    the off-topic action and the answering action say nothing of it."""
    from actions.diagnostic import ActionOffTopicInDiagnostic
    from tests.actions.form_helpers import run_form, typed_heard_as, typed_while_asked

    text = "les reponses sont trop longues sur mon telephone"
    slots, messages = run_form(typed_while_asked(tracker_for, text, "structure_type"), domain)
    assert slots == {"structure_type": None, "feedback_comment": text}
    assert [m.get("text") for m in messages] == [
        f"Merci de me le dire, c'est noté{NBSP}: ce retour servira à améliorer l'assistant."]
    heard = typed_heard_as(tracker_for, text, "structure_type", "out_of_scope", {})
    assert run(ActionOffTopicInDiagnostic(), heard).messages == []
    asked = typed_heard_as(tracker_for, text, "structure_type", "ask_criteria", {})
    assert run(ActionAnswerQuestion(), asked).messages == []


def test_a_wish_to_give_ones_opinion_at_a_question_is_invited(tracker_for, domain):
    from tests.actions.form_helpers import run_form, typed_while_asked

    tracker = typed_while_asked(tracker_for, "je voudrais donner mon avis sur l'outil", "population",
                                slots={"structure_type": "commune"})
    slots, messages = run_form(tracker, domain)
    assert slots == {"population": None}
    assert messages[0]["text"].startswith("Volontiers") and len(messages) == 1


def test_an_answer_at_a_question_is_still_an_answer(tracker_for, run, domain):
    """Negatives: an answer, a sigh (left to the validator), and « on a vu
    l'ALEC » at the partners question right after the ALEC's card."""
    from tests.actions.form_helpers import run_form, typed_while_asked

    assert run_form(typed_while_asked(tracker_for, "commune", "structure_type"), domain)[0] == {
        "structure_type": "commune"}
    sigh, _ = run_form(typed_while_asked(tracker_for, "bof", "structure_type"), domain)
    assert "feedback_comment" not in sigh
    done = {"structure_type": "commune", "population": 800, "project": "étude énergie", "theme": "energie",
            "need_kinds": ["expertise"], "duration": "ponctuel", "internal_resources": "aucune"}
    tracker = typed_while_asked(tracker_for, "on a vu l'ALEC", "partners_status", slots=done)
    card = run(ActionAnswerQuestion(), tracker_for(text="c'est quoi une ALEC", intent="ask_partners"))
    tracker.events[:0] = [{"event": "user", "text": "c'est quoi une ALEC"}] + [
        {"event": "bot", "text": t} for t in card.texts]
    slots, messages = run_form(tracker, domain)
    assert slots.get("partners_consulted") == ["alec"]          # the partner noted, as before
    assert "Merci de me le dire" not in " ".join(m.get("text") or "" for m in messages)


def test_a_complaint_after_the_invitation_is_noted_not_shortened(tracker_for, run):
    """After « Volontiers, votre avis… », « les reponses sont trop longues sur
    mon telephone » is thanked and recorded; the invitation is not the answer
    to shorten (« En bref : Volontiers… »)."""
    from actions.diagnostic import ActionStartDiagnostic

    invited = run(ActionStartDiagnostic(), tracker_for(text="je voudrais donner mon avis sur l'outil",
                                                       intent="inform"))
    text = "les reponses sont trop longues sur mon telephone"
    tracker = tracker_for(text=text, intent="inform")
    tracker.events[:0] = [{"event": "user", "text": "je voudrais donner mon avis sur l'outil"}] + [
        {"event": "bot", "text": t} for t in invited.texts]
    result = run(ActionStartDiagnostic(), tracker)
    assert result.texts[0] == f"Merci de me le dire, c'est noté{NBSP}: ce retour servira à améliorer l'assistant."
    assert "En bref" not in result.text and "Faisons le point" not in result.text
    assert result.slots == {"feedback_comment": text}


# -- feedback on the result (live test, session 12) ---------------------------------------

@pytest.mark.parametrize("text, intent, action", [
    # heard as information, it was read as a correction: « telephone » → numérique
    ("merci c'était clair, peut etre un peu long sur telephone", "inform", None),
    ("c'etait bien", "out_of_scope", ActionOutOfScope),
    ("top merci, c'était clair", "thank", ActionThank),
])
def test_feedback_after_the_result_is_thanked_and_changes_nothing(tracker_for, run, text, intent, action):
    from actions.diagnostic import ActionStartDiagnostic

    result = run((action or ActionStartDiagnostic)(), _after_result(tracker_for, text, intent))
    assert result.texts == ["Merci pour votre retour."]
    changed = {k: v for k, v in result.slots.items() if k not in ("feedback", "feedback_comment")}
    assert changed == {}
    assert result.slots.get("feedback") == "utile"
    if "telephone" in text:
        assert result.slots["feedback_comment"] == text


def test_a_remark_at_the_feedback_question_corrects_nothing(tracker_for, run):
    """« trop long et vous ne parlez pas du CEP du syndicat » at « Ces conseils
    vous sont-ils utiles ? » (heard as information, with the entity syndicat,
    which the slot mapping sets): « C'est corrigé : syndicat. C'est corrigé :
    consultés… », the verdict changed (live test, session 18). It is a remark:
    recorded, the structure set back, nothing corrected."""
    from actions.diagnostic import ActionStartDiagnostic

    text = "trop long et vous ne parlez pas du CEP du syndicat"
    tracker = _after_result(tracker_for, text, "inform")
    tracker.latest_message["entities"] = [{"entity": "structure_type", "value": "syndicat",
                                           "start": 44, "end": 52}]
    tracker.events.append({"event": "slot", "name": "structure_type", "value": "syndicat"})
    tracker.slots["structure_type"] = "syndicat"
    result = run(ActionStartDiagnostic(), tracker)
    assert "corrigé" not in result.text and "Faisons le point" not in result.text
    assert result.slots["structure_type"] == PROFILE["structure_type"]
    assert result.slots["feedback_comment"] == text
    assert "diagnostic_done" not in result.slots
    reminder = "les conseils sont trop generiques, et je vous rappelle qu'on est un syndicat mixte, pas une commune"
    tracker = _after_result(tracker_for, reminder, "inform")
    tracker.latest_message["entities"] = [{"entity": "structure_type", "value": "syndicat",
                                           "start": reminder.index("syndicat"), "end": reminder.index(", pas")}]
    corrected = run(ActionStartDiagnostic(), tracker)
    assert corrected.slots.get("structure_type") == "syndicat" and corrected.slots["diagnostic_done"] is False


def test_a_correction_after_the_result_is_still_one(tracker_for, run):
    from actions.diagnostic import ActionStartDiagnostic

    result = run(ActionStartDiagnostic(), _after_result(tracker_for, "en fait c'est durable", "inform"))
    assert "Merci pour votre retour" not in result.text
    assert result.slots.get("diagnostic_done") is False


def test_phases_of_one_need_as_two_contracts_not_understood_get_the_splitting_rule(tracker_for, run, on):
    """« bjr le prestataire nous propose 30 000 pour la 1ere phase et 30 000
    pour la 2eme, on peut faire 2 contrats ? » got « Je ne suis pas sûr
    d'avoir compris » (live test, session 12): no splitting, the phases add
    up to 60 000 € HT, and the route of that total."""
    import datetime as dt
    from actions.hygiene import ActionDefaultAskAffirmation

    on(dt.date(2026, 11, 23))
    text = "bjr le prestataire nous propose 30 000 pour la 1ere phase et 30 000 pour la 2eme, on peut faire 2 contrats ?"
    tracker = tracker_for(text=text, intent="nlu_fallback",
                          intent_ranking=[{"name": "nlu_fallback", "confidence": 0.3}])
    result = run(ActionDefaultAskAffirmation(), tracker)
    said = result.text.replace("\u00a0", " ").replace("\u202f", " ")
    assert "Vouliez-vous" not in said and "pas sûr" not in said
    assert "30 000 + 30 000 = 60 000 € HT" in said
    assert "R2121-4" in said or "découp" in said
    assert "Pour 60 000 € HT" in said


# -- feedback at « Ces conseils vous sont-ils utiles ? » (session 13) ---------------------

_PRAISE_AND_REMARK = "super outil merci, peut etre un peu long sur les questions"


def test_praise_with_a_remark_at_the_feedback_question_keeps_the_remark(tracker_for, run):
    """« super outil merci, peut etre un peu long sur les questions », heard
    as thanks at the feedback question: « utile » was recorded, the remark
    lost; both are kept."""
    from actions.hygiene import ActionStoreFeedback

    result = run(ActionStoreFeedback(), _after_result(tracker_for, _PRAISE_AND_REMARK, "thank"))
    assert result.text == "Merci pour votre retour."
    assert result.slots == {"feedback": "utile", "feedback_comment": _PRAISE_AND_REMARK}
    plain_thanks = run(ActionStoreFeedback(), _after_result(tracker_for, "super outil merci", "thank"))
    assert plain_thanks.slots == {"feedback": "utile"}


@pytest.mark.parametrize("action, intent", [
    ("ActionDefaultAskAffirmation", "nlu_fallback"),
    ("ActionDefaultFallback", "nlu_fallback"),
    ("ActionOutOfScope", "out_of_scope"),
])
def test_praise_with_a_remark_not_understood_after_the_result_is_thanked_and_recorded(tracker_for, run,
                                                                                      action, intent):
    """The same feedback not understood fell back (« Vouliez-vous parler
    de… »): thanked, recorded, nothing of the diagnostic changed."""
    import actions.diagnostic
    import actions.hygiene

    cls = getattr(actions.hygiene, action, None) or getattr(actions.diagnostic, action)
    ranking = [{"name": "thank", "confidence": 0.3}, {"name": "complain", "confidence": 0.2}]
    tracker = _after_result(tracker_for, _PRAISE_AND_REMARK, intent)
    tracker.latest_message["intent_ranking"] = ranking
    result = run(cls(), tracker)
    assert result.texts == ["Merci pour votre retour."], result.texts
    assert not result.buttons
    assert result.slots.get("feedback_comment") == _PRAISE_AND_REMARK
    assert {k for k in result.slots} <= {"feedback", "feedback_comment"}



# -- coming back after a pause ---------------------------------------------------------

_ANSWERED = {"structure_type": "commune", "population": 800, "project": "étude énergie"}


def _paused(tracker_for, text, intent, slots=None):
    """A diagnostic paused at its fourth question (« pause » heard as stop:
    the form deactivated, its answers kept), then ``text``."""
    answered = _ANSWERED if slots is None else slots
    tracker = tracker_for(text=text, intent=intent, slots=dict(answered),
                          intent_ranking=[{"name": intent, "confidence": 0.4},
                                          {"name": "stop", "confidence": 0.3}])
    tracker.events[:0] = [{"event": "slot", "name": name, "value": value} for name, value in answered.items()] + [
        {"event": "user", "text": "pause", "parse_data": {"intent": {"name": "stop", "confidence": 0.9}}},
        {"event": "action", "name": "utter_diagnostic_paused"},
        {"event": "bot", "text": "D'accord, je mets le diagnostic en pause."},
        {"event": "action", "name": "action_deactivate_loop"},
        {"event": "active_loop", "name": None},
        {"event": "slot", "name": "requested_slot", "value": None},
    ]
    return tracker


def _fallback_actions():
    import actions.diagnostic
    import actions.hygiene

    return [(actions.hygiene.ActionDefaultAskAffirmation, "nlu_fallback"),
            (actions.hygiene.ActionDefaultAskRephrase, "nlu_fallback"),
            (actions.hygiene.ActionDefaultFallback, "nlu_fallback"),
            (actions.diagnostic.ActionOutOfScope, "out_of_scope")]


@pytest.mark.parametrize("text", ["je suis de retour", "c bon je reviens", "me revoila", "c'est reparti",
                                  "c'est bon on peut reprendre"])
@pytest.mark.parametrize("action, intent", _fallback_actions())
def test_a_return_not_understood_after_a_pause_resumes_the_diagnostic(tracker_for, run, text, action, intent):
    """« je suis de retour » after a pause was not understood (« Vouliez-vous
    parler de… »): the diagnostic resumes as « reprendre » resumes it
    (« Reprenons là où nous en étions. », then the form asks the question
    where it stopped), nothing forgotten."""
    result = run(action(), _paused(tracker_for, text, intent))
    assert result.texts == ["Reprenons là où nous en étions."], result.texts
    assert not result.buttons
    followups = [e["name"] for e in result.events if e.get("event") == "followup"]
    assert followups == ["diagnostic_form"]
    assert result.slots == {}                 # the answers are kept
    assert not any(e.get("event") == "rewind" for e in result.events)


@pytest.mark.parametrize("action, intent", _fallback_actions())
def test_a_pause_or_a_question_after_a_pause_does_not_resume(tracker_for, run, action, intent):
    """« je reviens plus tard » is a pause again; a question is answered; and
    with no diagnostic paused, « je suis de retour » resumes nothing."""
    for text in ("je reviens plus tard", "je reviendrai",
                 "on peut reprendre le bureau d'études de 2024 sans mise en concurrence ?"):
        result = run(action(), _paused(tracker_for, text, intent))
        assert "Reprenons" not in result.text, text
        assert "diagnostic_form" not in [e.get("name") for e in result.events if e.get("event") == "followup"]
    for slots, done in (({}, None), (PROFILE, True)):
        tracker = _paused(tracker_for, "je suis de retour", intent, slots=slots)
        if done:
            tracker.slots["diagnostic_done"] = True
        result = run(action(), tracker)
        assert "Reprenons" not in result.text
        assert "diagnostic_form" not in [e.get("name") for e in result.events if e.get("event") == "followup"]


def test_a_return_heard_as_a_request_for_the_diagnostic_resumes_it(tracker_for, run):
    """The same messages heard as start_diagnostic (the NLU examples) resume it
    through action_start_diagnostic."""
    from actions.diagnostic import ActionStartDiagnostic

    for text in ("c bon je reviens", "je suis de retour", "me revoilà", "c'est bon on peut reprendre"):
        result = run(ActionStartDiagnostic(), _paused(tracker_for, text, "start_diagnostic"))
        assert result.texts == ["Reprenons là où nous en étions."] and result.slots == {}, text


# -- « bon travail merci » at « Ces conseils vous sont-ils utiles ? » ------------------------

@pytest.mark.parametrize("text", ["bon travail merci", "bon boulot, merci", "du bon boulot",
                                  "bon, merci c'était utile", "bon job"])
@pytest.mark.parametrize("intent, action", [
    ("inform", None), ("out_of_scope", ActionOutOfScope), ("nlu_fallback", "ActionDefaultAskAffirmation"),
    ("thank", ActionThank),
])
def test_good_work_at_the_feedback_question_is_recorded_as_feedback(tracker_for, run, text, intent, action):
    """« bon travail merci » was not read as feedback: its « bon » was dropped
    as a filler, and « travail » alone praises nothing."""
    import actions.hygiene
    from actions.diagnostic import ActionStartDiagnostic

    if isinstance(action, str):
        action = getattr(actions.hygiene, action)
    result = run((action or ActionStartDiagnostic)(), _after_result(tracker_for, text, intent))
    assert result.texts == ["Merci pour votre retour."], result.texts
    assert result.slots == {"feedback": "utile"}


def test_a_filler_bon_before_something_else_is_no_feedback(tracker_for, run):
    from actions.diagnostic import ActionStartDiagnostic

    result = run(ActionStartDiagnostic(), _after_result(tracker_for, "bon, en fait c'est durable", "inform"))
    assert "Merci pour votre retour" not in result.text
    assert result.slots.get("diagnostic_done") is False and "feedback" not in result.slots


@pytest.mark.parametrize("text, start", [
    ("comment je compare les devis ?", None),             # help 0.51
    ("par quoi je commence ?", "Pour commencer : qualifiez votre besoin"),    # help 0.64
    ("combien de temps dure une mission d'amo ?", "Je n'ai pas de durée type vérifiée"),
])
def test_a_question_heard_as_help_gets_its_answer(tracker_for, run, text, start):
    """A question the data answer directly, heard as a request for help, got
    the list of what the assistant can do (utter_help)."""
    result = run(ActionHelp(), tracker_for(text=text, intent="help"))
    assert "utter_help" not in [m.get("response") for m in result.messages], result.text
    from tests.actions.question_helpers import plain

    assert result.text and (start is None or plain(result).startswith(start)), result.text


# -- « oui » to « Ces conseils vous sont-ils utiles ? » after a detail ---------------

def _feedback_asked_then(tracker_for, between, text="oui", feedback=None, done=True):
    """The result, « Ces conseils vous sont-ils utiles ? », ``between`` (user
    messages, each answered), then ``text``."""
    tracker = _after_result(tracker_for, text, "affirm", done=done)
    if feedback is not None:
        tracker.slots["feedback"] = feedback
    history = [{"event": "action", "name": "action_give_advice"},
               {"event": "action", "name": "utter_ask_feedback"},
               {"event": "bot", "text": "Ces conseils vous sont-ils utiles ?"}]
    for said in between:
        history += [{"event": "user", "text": said, "parse_data": {}},
                    {"event": "action", "name": "action_answer_question"},
                    {"event": "bot", "text": "Les risques à surveiller…"}]
    tracker.events[-1:-1] = history
    return tracker


def test_yes_after_a_detail_answers_the_feedback_question(tracker_for, run):
    """« oui » to « utiles ? » after a detail opened from the result got the
    list of what the assistant can do (live test, session 18)."""
    result = run(ActionAffirm(), _feedback_asked_then(tracker_for, ["/ask_risks"]))
    assert result.texts[0] == "Merci pour votre retour."
    assert [m.get("response") for m in result.messages][1:] == ["utter_next_steps"]
    assert result.slots == {"feedback": "utile"}


@pytest.mark.parametrize("between, feedback, done", [
    (["/ask_risks", "et la negociation ?", "c'est quoi un MAPA"], None, True),   # too long ago
    (["/ask_risks"], "pas_utile", True),                                         # already answered
    ([], None, False),                                                          # no result
])
def test_yes_without_a_pending_feedback_question_gets_the_help(tracker_for, run, between, feedback, done):
    result = run(ActionAffirm(), _feedback_asked_then(tracker_for, between, feedback=feedback, done=done))
    assert [m.get("response") for m in result.messages] == ["utter_help"]
    assert result.slots == {}


# -- « non » to « Ces conseils vous sont-ils utiles ? » after a detail ---------------

def test_no_after_a_detail_answers_the_feedback_question(tracker_for, run):
    """« non » to « utiles ? » after a detail got « D'accord. Je reste à votre
    disposition » and the feedback was lost: it is recorded as the button
    « Non » is, and the feedback form asks what was wrong."""
    tracker = _feedback_asked_then(tracker_for, ["/ask_risks"], text="non")
    result = run(ActionDeny(), tracker)
    assert result.texts == ["Merci de me le dire."]
    assert result.slots == {"feedback": "pas_utile"}
    assert [e["name"] for e in result.events if e.get("event") == "followup"] == ["feedback_form"]


@pytest.mark.parametrize("between, feedback, done", [
    (["/ask_risks", "et la negociation ?", "c'est quoi un MAPA"], None, True),   # too long ago
    (["/ask_risks"], "utile", True),                                             # already answered
    ([], None, False),                                                          # no result
])
def test_no_without_a_pending_feedback_question_is_acknowledged(tracker_for, run, between, feedback, done):
    result = run(ActionDeny(), _feedback_asked_then(tracker_for, between, text="non", feedback=feedback, done=done))
    assert [m.get("response") for m in result.messages] == ["utter_not_in_diagnostic"]
    assert result.slots == {} and not [e for e in result.events if e.get("event") == "followup"]


@pytest.mark.parametrize("action", [ActionAffirm(), ActionDeny()])
def test_yes_or_no_to_another_question_is_not_the_feedback(tracker_for, run, action):
    """The detail ended on a question of its own: « oui » / « non » answers
    that one, not « utiles ? »."""
    tracker = _feedback_asked_then(tracker_for, ["/ask_risks"], text="non")
    bot = [e for e in tracker.events if e.get("event") == "bot"][-1]
    bot["text"] = "Voulez-vous le détail des seuils ?"
    result = run(action, tracker)
    assert result.slots == {}


def test_yes_after_the_diagnostic_offered_starts_it(tracker_for, run):
    """« ok vas-y » after « combien de temps ça prend votre diagnostic ? »
    (whose answer offers it) got the list of what the assistant can do (live
    test, session 26): it starts the diagnostic, with what earlier messages
    said, and runs the form."""
    from rasa_sdk.events import FollowupAction

    tracker = tracker_for(text="ok vas-y", intent="affirm")
    tracker.events[:0] = [
        {"event": "user", "text": "commune de 600 hab, faut-il un AMO ?",
         "parse_data": {"intent": {"name": "ask_amo_mandatory"},
                        "entities": [{"entity": "population", "value": "600", "start": 11, "end": 18}]}},
        {"event": "bot", "text": "Non. Aucun texte…",
         "data": {"buttons": [{"title": "Faire le diagnostic", "payload": "/start_diagnostic"}]}},
        {"event": "action", "name": "action_listen"},
    ]
    result = run(ActionAffirm(), tracker)
    assert result.texts[0].startswith("Faisons le point sur votre besoin")
    assert result.slots["population"] == 600 and result.slots["structure_type"] == "commune"
    assert result.events[-1] == FollowupAction("diagnostic_form")
    # without the offer, « oui » is no request for the diagnostic
    assert not any(e.get("name") == "diagnostic_form" for e in run(ActionAffirm(), tracker_for(
        text="oui", intent="affirm")).events)


@pytest.mark.parametrize("text, start", [
    # live test, session 27: « c quoi egalim » (help 0.39) got the list of what the assistant can do
    ("c quoi egalim", "Je n'ai pas de définition de « egalim » dans mes données"),
    ("c quoi un mapa", "Un marché à procédure adaptée (MAPA)"),
])
def test_a_definition_heard_as_help(tracker_for, domain, text, start):
    import asyncio

    from rasa_sdk.executor import CollectingDispatcher

    from actions.after import ActionHelp

    dispatcher = CollectingDispatcher()
    asyncio.run(ActionHelp().run(dispatcher, tracker_for(text=text, intent="help"), domain))
    said = (dispatcher.messages[0].get("text") or "").replace("\u00a0", " ").replace("\u202f", " ")
    assert said.startswith(start), dispatcher.messages


@pytest.mark.parametrize("text", ["c'est quoi ce truc ?", "aide"])
def test_help_itself_is_still_help(tracker_for, domain, text):
    import asyncio

    from rasa_sdk.executor import CollectingDispatcher

    from actions.after import ActionHelp

    dispatcher = CollectingDispatcher()
    asyncio.run(ActionHelp().run(dispatcher, tracker_for(text=text, intent="help"), domain))
    assert dispatcher.messages[0].get("response") == "utter_help", dispatcher.messages
