"""Greeting, handoff, feedback and fallback actions, with real trackers."""
import re

import pytest

from actions.common import fallback_partners, is_placeholder, message_text
from assistant.typography import fr_typo
from actions.hygiene import (
    ActionDefaultAskAffirmation,
    ActionDefaultAskRephrase,
    ActionDefaultFallback,
    ActionGreet,
    ActionHandoff,
    ActionStoreFeedback,
    ActionStoreFeedbackComment,
)

NNBSP = "\u202f"


def test_greet_presents_the_assistant_with_a_menu(tracker_for, run):
    result = run(ActionGreet(), tracker_for(text="Bonjour", intent="greet"))
    assert "assistant à maîtrise d'ouvrage (AMO)" in result.text
    assert "données personnelles" in result.text
    payloads = [b["payload"] for b in result.buttons]
    assert "/start_diagnostic" in payloads and "/human_handoff" in payloads
    assert all("!" not in t for t in result.texts)


def test_greet_offers_to_resume_an_unfinished_diagnostic(tracker_for, run):
    tracker = tracker_for(text="bonjour", intent="greet", slots={"structure_type": "commune"})
    result = run(ActionGreet(), tracker)
    assert "reprendre" in result.text.lower()
    assert [b["payload"] for b in result.buttons][:2] == ["/start_diagnostic", "/restart_diagnostic"]


def test_greet_applies_french_typography(tracker_for, run):
    result = run(ActionGreet(), tracker_for(text="Bonjour", intent="greet"))
    menu = result.messages[-1]
    assert menu["text"].endswith(f"faire{NNBSP}?")
    assert any(b["title"].endswith(f"AMO{NNBSP}?") for b in menu["buttons"])


CONTACT_KEYS = ("NAME", "EMAIL", "PHONE", "HOURS")


@pytest.fixture
def no_contact_env(monkeypatch):
    for key in CONTACT_KEYS:
        monkeypatch.delenv(f"AMO_CONTACT_{key}", raising=False)
    return monkeypatch


def _configure(monkeypatch, **values):
    for key, value in values.items():
        monkeypatch.setenv(f"AMO_CONTACT_{key.upper()}", value)


def test_handoff_gives_the_configured_contact(tracker_for, run, no_contact_env):
    _configure(no_contact_env, name="le service d'appui aux communes de la CC du Val",
               email="appui.communes@cc-du-val.fr", phone="05 55 12 34 00",
               hours="du lundi au vendredi, de 9 h à 12 h")
    result = run(ActionHandoff(), tracker_for(text="un humain svp", intent="human_handoff",
                                              slots={"diagnostic_done": True}))
    assert result.texts == [
        "Vous pouvez joindre le service d'appui aux communes de la CC du Val\u00a0:",
        "- par courriel\u00a0: appui.communes@cc-du-val.fr\n"
        "- par téléphone\u00a0: 05 55 12 34 00 (du lundi au vendredi, de 9 h à 12 h)",
        "Indiquez-leur le résultat de notre échange\u00a0: cela leur fera gagner du temps.",
    ]


@pytest.mark.parametrize("configured", [True, False])
def test_before_any_result_the_handoff_does_not_speak_of_it(tracker_for, run, no_contact_env, configured):
    """« Indiquez-leur le résultat de notre échange » came before any result
    (live test, session 12)."""
    if configured:
        _configure(no_contact_env, email="amo@cc-du-val.fr")
    result = run(ActionHandoff(), tracker_for(text="je veux parler a quelqu'un", intent="human_handoff"))
    assert ("amo@cc-du-val.fr" if configured else "Vous pouvez vous adresser") in result.text
    assert "résultat de notre échange" not in result.text


def test_handoff_contact_can_be_overridden_by_environment(tracker_for, run, no_contact_env):
    _configure(no_contact_env, email="amo@cc-du-val.fr")
    result = run(ActionHandoff(), tracker_for(text="contact", intent="human_handoff"))
    assert "amo@cc-du-val.fr" in result.text and "directement en relation" not in result.text


def test_without_a_contact_the_handoff_says_so_and_points_to_real_interlocutors(
        tracker_for, run, no_contact_env):
    """The shipped portal.yml had « appui.communes@exemple-interco.fr » and
    « 01 23 45 67 89 », shown to users as a real contact (« ya pas un vrai
    numero ? »). It now has none: the assistant says so and points to
    interlocutors that exist, from the partners' data."""
    result = run(ActionHandoff(), tracker_for(text="je voudrai parler a quelqu un svp",
                                              intent="human_handoff", slots={"structure_type": "commune"}))
    assert result.texts[0] == "Je ne peux pas vous mettre directement en relation avec une personne."
    assert "votre communauté de communes ou d'agglomération" in result.text
    assert "l'agence technique de votre département" in result.text
    assert "la préfecture de votre département" in result.text and "ANCT" in result.text
    assert "Territoires Conseils" in result.text
    assert "Pour une liste plus précise" not in result.text and not result.buttons
    # no address nor phone number (the sizes of the conditions are numbers)
    assert "@" not in result.text and not re.search(r"(?:\d{2}[\s.]?){5}", result.text)


def _lines(result):
    return [line for t in result.texts if t.startswith("Vous pouvez vous adresser")
            for line in t.split("\n")[1:]]


def _structure_buttons():
    import yaml
    from pathlib import Path
    messages = yaml.safe_load((Path(__file__).resolve().parents[2] / "config" / "messages.yml")
                              .read_text(encoding="utf-8"))
    return [b for b in messages["ask_structure_type"]["buttons"] if b["title"] != "Autre"]


def test_the_structure_unknown_the_handoff_lists_those_of_every_structure_and_asks_it(
        tracker_for, run, no_contact_env):
    """Seven interlocutors were listed to a user whose structure is not known,
    long on a phone: only those for every structure and every domain (the
    préfecture, Territoires Conseils), then the structure type asked, with
    buttons, for a more precise list."""
    result = run(ActionHandoff(), tracker_for(text="je voudrai parler a quelqu un svp", intent="human_handoff"))
    lines = _lines(result)
    assert len(lines) == 2, lines
    assert lines[0].startswith("- la préfecture de votre département") and "Territoires Conseils" in lines[1]
    assert "communauté de communes" not in result.text and "ADEME" not in result.text
    assert result.texts[-1] == ("Pour une liste plus précise, dites-moi votre type de structure\u00a0: "
                                "commune, intercommunalité ou syndicat.")
    # the structure question's own buttons (their titles typed are the same answer)
    assert result.buttons == _structure_buttons() and len(result.buttons) == 3
    assert len(result.texts) == 3 and all(len(t) <= 400 for t in result.texts)


def test_during_the_diagnostic_the_structure_is_asked_by_the_form_only(tracker_for, run, no_contact_env):
    """« Parler à quelqu'un » at the structure's question: the structure was
    asked twice in a row, with two sets of buttons (live test, session 17)."""
    result = run(ActionHandoff(), tracker_for(text="parler a quelqu un", intent="human_handoff",
                                              active_loop="diagnostic_form",
                                              slots={"requested_slot": "structure_type"}))
    assert _lines(result) and "type de structure" not in result.text and not result.buttons


@pytest.mark.parametrize("theme", [None, "energie", "numerique", "autre"])
def test_each_interlocutor_of_the_short_list_fits_every_structure(tracker_for, run, no_contact_env, theme):
    """The short list (structure unknown) holds only interlocutors that the
    list of a commune, of an intercommunality and of a syndicat each hold."""
    slots = {"theme": theme} if theme else {}
    short = _lines(run(ActionHandoff(), tracker_for(text="parler a quelqu un", intent="human_handoff",
                                                     slots=slots)))
    assert short
    for structure in ("commune", "epci", "syndicat"):
        full = _lines(run(ActionHandoff(), tracker_for(text="parler a quelqu un", intent="human_handoff",
                                                        slots={**slots, "structure_type": structure})))
        assert set(short) <= set(full), (structure, short, full)


def _after_short_list(tracker):
    tracker.events[:0] = [{"event": "user", "text": "parler a quelqu un"},
                          {"event": "action", "name": "action_handoff"},
                          {"event": "bot", "text": "Pour une liste plus précise, dites-moi votre type de "
                                                   "structure\u00a0: commune, intercommunalité ou syndicat."},
                          {"event": "action", "name": "action_listen"}]
    return tracker


@pytest.mark.parametrize("button", [0, 1, 2])
def test_a_structure_chosen_after_the_short_list_gets_its_list(tracker_for, run, no_contact_env, button):
    """Its button (« Commune »: /inform{"structure_type": "commune"}, which
    runs action_start_diagnostic): that structure's list, without « je ne
    peux pas vous mettre en relation » said again nor « pas de
    coordonnées », and the bot waits."""
    from actions.diagnostic import ActionStartDiagnostic

    payload = _structure_buttons()[button]["payload"]
    value = payload.split('"')[-2]
    tracker = _after_short_list(tracker_for(text=payload, intent="inform",
                                            entities=[{"entity": "structure_type", "value": value}]))
    result = run(ActionStartDiagnostic(), tracker)
    expected = {"commune": "votre communauté de communes", "epci": "l'agence technique",
                "syndicat": "la direction régionale de l'ADEME"}[value]
    assert expected in result.text and "Faisons le point" not in result.text, result.text
    assert "directement en relation" not in result.text and "coordonnées" not in result.text
    assert "Pour une liste plus précise" not in result.text
    assert [e.get("name") for e in result.events if e.get("event") == "followup"] == ["action_listen"]
    # the same choice sent to the handoff itself (« /human_handoff{"structure_type": …} »)
    direct = run(ActionHandoff(), _after_short_list(tracker_for(
        text="parler a quelqu un", intent="human_handoff", entities=[{"entity": "structure_type", "value": value}])))
    assert expected in direct.text and "coordonnées" not in direct.text


@pytest.mark.parametrize("text, entities, expected", [
    ("commune", [{"entity": "structure_type", "value": "commune"}], "votre communauté de communes"),
    ("syndicat", [{"entity": "partner", "value": "syndicat"}], "Territoires Conseils"),   # the NLU's entity
    ("une communauté de communes", [{"entity": "structure_type", "value": "epci"}], "l'agence technique"),
])
def test_a_structure_typed_after_the_short_list_gets_its_list(tracker_for, run, no_contact_env,
                                                              text, entities, expected):
    """« commune » typed is heard as information, which starts the
    diagnostic: right after the short list that asked for it, the list for
    that structure instead, and the bot waits."""
    from actions.diagnostic import ActionStartDiagnostic

    tracker = _after_short_list(tracker_for(text=text, intent="inform", entities=entities))
    result = run(ActionStartDiagnostic(), tracker)
    assert expected in result.text and "Faisons le point" not in result.text
    assert "directement en relation" not in result.text and "Pour une liste plus précise" not in result.text
    assert any(e.get("event") == "followup" and e.get("name") == "action_listen" for e in result.events)
    if text == "syndicat":
        assert "communauté de communes" not in result.text
    # Without the short list just before, the diagnostic starts as before.
    started = run(ActionStartDiagnostic(), tracker_for(text=text, intent="inform", entities=entities))
    assert "Vous pouvez vous adresser" not in started.text


def test_after_the_feedback_the_handoff_does_not_contradict_it(tracker_for, run, no_contact_env):
    """New in the final retest (N5): « Une personne peut reprendre votre cas
    avec vous. » then « Je ne peux pas vous mettre directement en relation
    avec une personne. »"""
    tracker = tracker_for(text="trop long", slots={"feedback_comment": "trop long"})
    comment = run(ActionStoreFeedbackComment(), tracker)
    assert comment.texts[0].startswith("Merci, c'est noté. Si une de mes réponses est fausse, corrigez-la")
    assert [b["payload"] for b in comment.buttons] == ["/human_handoff"]
    tracker.events.append({"event": "action", "name": "action_store_feedback_comment"})
    # (rule « Remarque après un avis négatif »: one line offering to correct an
    # answer or to talk to someone, not the whole list of interlocutors after
    # any remark: live test, session 12)
    handoff = run(ActionHandoff(), tracker)
    assert handoff.texts == [] and handoff.events == []
    skipped = run(ActionStoreFeedbackComment(), tracker_for(text="/deny", slots={"feedback_comment": "/deny"}))
    assert "une personne peut" not in skipped.text.lower() and "en parler avec quelqu'un" in skipped.text


def test_asking_about_the_list_just_given_does_not_repeat_it(tracker_for, run, no_contact_env):
    """N4: « c'est un vrai numero ça ? » after the handoff got the same block again."""
    tracker = tracker_for(text="c'est un vrai numero ça ?", intent="human_handoff")
    tracker.events[:0] = [{"event": "user", "text": "parler a quelqu un"},
                          {"event": "action", "name": "action_handoff"},
                          {"event": "action", "name": "action_listen"}]
    result = run(ActionHandoff(), tracker)
    assert len(result.texts) == 1 and "Je n'ai pas de coordonnées à vous donner" in result.text
    assert "Vous pouvez vous adresser" not in result.text
    again = run(ActionHandoff(), tracker_for(text="parler a quelqu un", intent="human_handoff"))
    assert "Vous pouvez vous adresser" in again.text         # a first handoff: the list


@pytest.mark.parametrize("text", ["c'est qui ? vous avez un numéro ?", "c qui ?", "qui est-ce ?",
                                  "vous avez leur mail ?"])
def test_who_or_which_number_just_after_the_handoff_is_about_the_interlocutors(
        tracker_for, run, no_contact_env, text):
    """« je veux parler à quelqu'un » then « c qui ? » (heard as bot_challenge)
    got « Je suis un assistant automatique, pas une personne » (live tests,
    sessions 17 and 18)."""
    from actions.hygiene import ActionBotChallenge

    tracker = tracker_for(text=text, intent="bot_challenge")
    tracker.events[:0] = [{"event": "user", "text": "je veux parler à quelqu'un"},
                          {"event": "action", "name": "action_handoff"},
                          {"event": "action", "name": "action_listen"}]
    result = run(ActionBotChallenge(), tracker)
    assert result.texts == [fr_typo(message_text("handoff_again"))]
    assert result.messages[0].get("response") is None


@pytest.mark.parametrize("text, handoff_before", [("t'es un robot ?", True), ("c'est qui ?", False),
                                                  ("je parle à une vraie personne ?", False)])
def test_the_bot_challenge_otherwise_says_what_the_assistant_is(tracker_for, run, no_contact_env,
                                                                text, handoff_before):
    from actions.hygiene import ActionBotChallenge

    tracker = tracker_for(text=text, intent="bot_challenge")
    if handoff_before:
        tracker.events[:0] = [{"event": "user", "text": "parler à quelqu'un"},
                              {"event": "action", "name": "action_handoff"},
                              {"event": "action", "name": "action_listen"}]
    result = run(ActionBotChallenge(), tracker)
    assert [m.get("response") for m in result.messages] == ["utter_bot_challenge"]


def test_a_digital_project_is_pointed_to_its_public_operator_first(tracker_for, run, no_contact_env):
    """Fresh tester: the handoff for a software project never named the OPSN."""
    tracker = tracker_for(text="parler a quelqu un", intent="human_handoff",
                          slots={"structure_type": "commune", "theme": "numerique"})
    result = run(ActionHandoff(), tracker)
    listed = [t for t in result.texts if t.startswith("Vous pouvez vous adresser")][0]
    assert listed.split("\n")[1].startswith(
        "- l'opérateur public de services numériques de votre département ou de votre région")
    other = run(ActionHandoff(), tracker_for(text="parler a quelqu un", intent="human_handoff",
                                             slots={"structure_type": "commune", "theme": "energie"}))
    assert "numériques" not in other.text


@pytest.mark.parametrize("values", [
    # the values shipped before, as a portal might still have them
    {"name": "le service d'appui aux communes de l'intercommunalité",
     "email": "appui.communes@exemple-interco.fr", "phone": "01 23 45 67 89"},
    {"email": "contact@example.org"},
    {"phone": "+33 1 23 45 67 89"},
    {"email": "   ", "phone": ""},
])
def test_example_values_are_not_a_contact(tracker_for, run, no_contact_env, values):
    _configure(no_contact_env, **values)
    result = run(ActionHandoff(), tracker_for(text="contact", intent="human_handoff"))
    assert "directement en relation" in result.text
    assert "exemple" not in result.text and "23 45 67" not in result.text


def test_an_intercommunality_is_not_sent_to_its_own_intercommunality(tracker_for, run, no_contact_env):
    """The dgs of a communauté de communes was sent to « l'appui aux communes
    de l'intercommunalité », his own service."""
    tracker = tracker_for(text="parler a un humain", intent="human_handoff",
                          slots={"structure_type": "epci", "population": 14500})
    result = run(ActionHandoff(), tracker)
    assert "communauté de communes" not in result.text
    assert "la préfecture de votre département" in result.text


@pytest.mark.parametrize("value, placeholder", [
    ("", True), ("  ", True), ("appui.communes@exemple-interco.fr", True),
    ("https://www.example.org/contact", True), ("01 23 45 67 89", True), ("0123456789", True),
    ("appui.communes@cc-du-val.fr", False), ("05 55 12 34 00", False),
    ("contact@exemplaire.fr", False),          # a word that starts like « exemple »
    ("le service d'appui aux communes", False),
])
def test_is_placeholder(value, placeholder):
    assert is_placeholder(value) is placeholder


def test_the_interlocutors_without_a_contact_are_partners_of_the_knowledge():
    from assistant.knowledge import load_knowledge

    ids = fallback_partners()
    assert ids and all(pid in load_knowledge().partners for pid in ids)


def test_feedback_is_stored(tracker_for, run):
    yes = run(ActionStoreFeedback(), tracker_for(text="oui", intent="affirm"))
    no = run(ActionStoreFeedback(), tracker_for(text="non", intent="deny"))
    assert yes.slots == {"feedback": "utile"} and "Merci" in yes.text
    assert no.slots == {"feedback": "pas_utile"} and no.text == "Merci de me le dire."


@pytest.mark.parametrize("text, kept", [
    # fresh tester: the complaint after « Non » was read as a question about two partners
    ("trop long pour un tel, et pourquoi vous me parlez de syndicat d'energie et de CAUE pour du numerique ?",
     "trop long pour un tel, et pourquoi vous me parlez de syndicat d'energie et de CAUE pour du numerique ?"),
    ("  les réponses sont justes mais\nbcp trop longues ", "les réponses sont justes mais bcp trop longues"),
    ("Passer", None), ("/deny", None), ("non merci !", None), ("rien à dire", None), ("", None),
])
def test_the_remark_after_a_no_is_kept_in_the_users_words(tracker_for, run, text, kept):
    result = run(ActionStoreFeedbackComment(), tracker_for(text=text, slots={"feedback_comment": text}))
    assert result.slots == {"feedback_comment": kept}
    assert "en parler avec quelqu'un" in result.text and "une personne peut" not in result.text.lower()
    assert result.text.startswith("Merci, c'est noté" if kept else "D'accord")


def test_a_huge_remark_is_cut(tracker_for, run):
    text = "trop long " * 500
    result = run(ActionStoreFeedbackComment(), tracker_for(text=text, slots={"feedback_comment": text}))
    assert len(result.slots["feedback_comment"]) == 1000


def test_thanks_in_answer_to_the_feedback_question_say_it_was_useful(tracker_for, run):
    thanks = run(ActionStoreFeedback(), tracker_for(text="oui merci c'est clair", intent="thank"))
    assert thanks.slots == {"feedback": "utile"} and "Merci" in thanks.text


def test_ask_affirmation_offers_the_two_best_intents_in_french(tracker_for, run):
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "ask_procurement", "confidence": 0.40},
        {"name": "ask_splitting", "confidence": 0.30},
        {"name": "ask_price", "confidence": 0.10},
    ]
    tracker = tracker_for(text="seuil lot", intent="nlu_fallback", intent_ranking=ranking)
    result = run(ActionDefaultAskAffirmation(), tracker)
    payloads = [b["payload"] for b in result.buttons]
    assert payloads == ["/ask_procurement", "/ask_splitting", "/out_of_scope"]
    assert "seuils" in result.buttons[0]["title"]


def test_ask_affirmation_without_candidates_asks_to_rephrase(tracker_for, run):
    tracker = tracker_for(text="???", intent="nlu_fallback", intent_ranking=[])
    result = run(ActionDefaultAskAffirmation(), tracker)
    assert not result.buttons and "reformuler" in result.text


def test_final_fallback_reverts_the_message_and_points_to_help(tracker_for, run):
    result = run(ActionDefaultFallback(), tracker_for(text="zzz", intent="nlu_fallback"))
    assert "aide" in result.text and result.events[0]["event"] == "rewind"


def test_ask_affirmation_does_not_suggest_noise(tracker_for, run):
    ranking = [{"name": "stop", "confidence": 0.12}, {"name": "greet", "confidence": 0.1}]
    tracker = tracker_for(text="aezrtyu plop", intent="nlu_fallback", intent_ranking=ranking)
    result = run(ActionDefaultAskAffirmation(), tracker)
    assert not result.buttons and "reformuler" in result.text


def test_a_question_in_english_is_answered_in_french_with_what_the_assistant_does(tracker_for, run):
    """final M-M9: « sorry, my english is better, is it mandatory to ask for 3 quotes ? » got
    « Je ne peux pas vous aider sur ce point », during the diagnostic and outside it."""
    from actions.diagnostic import ActionOffTopicInDiagnostic, ActionOutOfScope
    text = "sorry, my english is better, is it mandatory to ask for 3 quotes ?"
    outside = run(ActionOutOfScope(), tracker_for(text=text, intent="out_of_scope"))
    assert [m.get("response") for m in outside.messages] == ["utter_english", "utter_offer_help"]
    during = run(ActionOffTopicInDiagnostic(), tracker_for(text=text, intent="out_of_scope",
                                                           slots={"requested_slot": "structure_type"},
                                                           active_loop="diagnostic_form"))
    assert [m.get("response") for m in during.messages] == ["utter_english"]
    french = run(ActionOutOfScope(), tracker_for(text="quelle est la recette de la tarte aux pommes",
                                                 intent="out_of_scope"))
    assert [m.get("response") for m in french.messages] == ["utter_out_of_scope", "utter_offer_help"]


def test_a_message_in_english_not_understood_gets_the_english_answer(tracker_for, run):
    """« ok so what is an AMO? » after « Hello, do you speak English? » got
    « Vouliez-vous parler de : une définition… » (live test, session 25)."""
    ranking = [{"name": "nlu_fallback", "confidence": 0.6}, {"name": "ask_definition", "confidence": 0.3}]
    result = run(ActionDefaultAskAffirmation(), tracker_for(text="ok so what is an AMO?", intent="nlu_fallback",
                                                            intent_ranking=ranking))
    assert [m.get("response") for m in result.messages] == ["utter_english"] and not result.buttons
    french = run(ActionDefaultAskAffirmation(), tracker_for(text="c koi le truc la", intent="nlu_fallback",
                                                            intent_ranking=ranking))
    assert french.buttons


def test_the_english_answer_is_in_french_and_says_what_the_assistant_does(domain):
    text = domain["responses"]["utter_english"][0]["text"]
    assert text.startswith("Je réponds en français") and "assistant à maîtrise d'ouvrage (AMO)" in text


def _listed(result):
    listed = [t for t in result.texts if t.startswith("Vous pouvez vous adresser")][0]
    return listed.replace("\u00a0", " ").replace("\u202f", " ")


def test_a_syndicat_mixte_gets_the_interlocutors_of_its_kind_with_their_conditions(
        tracker_for, run, no_contact_env):
    """D-L3: a syndicat mixte asking to talk to someone got only the
    préfecture and Territoires Conseils. It gets the partners of the data that
    fit its structure type and theme, each with its conditions (size,
    domain); the agency for communes and EPCI is not offered to it."""
    tracker = tracker_for(text="je veux parler à quelqu'un", intent="human_handoff",
                          slots={"structure_type": "syndicat", "theme": "energie"})
    listed = _listed(run(ActionHandoff(), tracker))
    assert "la direction régionale de l'ADEME (pour les projets de transition écologique)" in listed
    assert "le Cerema" in listed and "la préfecture de votre département" in listed
    assert ("le service Territoires Conseils de la Banque des Territoires (public visé : communes de moins "
            "de 10 000 habitants ; ou intercommunalités et syndicats)") in listed
    assert "agence technique" not in listed and "communauté de communes" not in listed
    assert "numériques" not in listed                                  # an energy project


def test_the_domain_not_known_the_domain_partners_say_for_which_projects(tracker_for, run, no_contact_env):
    """The project's domain not known: the interlocutors of one domain in one
    line after the list, grouped by domain (a commune of 700 got seven
    bullets, long on a phone: session 11)."""
    tracker = tracker_for(text="je veux parler à quelqu'un", intent="human_handoff",
                          slots={"structure_type": "commune", "population": 700})
    result = run(ActionHandoff(), tracker)
    listed = _listed(result)
    assert "ADEME" not in listed and "numériques" not in listed and listed.count("\n- ") <= 4
    by_domain = [t for t in result.texts if t.startswith("Selon votre projet")]
    assert len(by_domain) == 1
    line = by_domain[0].replace("\u00a0", " ").replace("\u202f", " ")
    assert "services numériques de votre département ou de votre région (pour les projets numériques)" in line
    assert ("la direction régionale de l'ADEME ou le Cerema, en vous renseignant sur l'adhésion "
            "(pour les projets de transition écologique)") in line
    commune = _listed(run(ActionHandoff(), tracker_for(
        text="parler a quelqu un", intent="human_handoff",
        slots={"structure_type": "commune", "population": 800, "theme": "numerique"})))
    assert ("l'agence technique de votre département, s'il en existe une (public visé : communes et "
            "intercommunalités de moins de 40 000 habitants)") in commune
    assert "ADEME" not in commune and "Cerema" not in commune       # a digital project


@pytest.mark.parametrize("text", [
    "une commune peut faire un PCAET ?",
    "il faut un architecte ?",
    "on peut reprendre le bureau d'études de 2024 sans mise en concurrence ?",
])
@pytest.mark.parametrize("action", [ActionDefaultAskAffirmation, ActionDefaultFallback])
def test_a_message_read_after_all_by_a_fallback_then_waits_for_the_user(tracker_for, run, action, text):
    """No rule follows a fallback action: without a next action, the core
    fallback read the message again and answered it ten times in a row (live
    bot, « une commune peut faire un PCAET ? » heard as nlu_fallback)."""
    result = run(action(), tracker_for(text=text, intent="nlu_fallback"))
    assert result.texts, text
    followups = [e["name"] for e in result.events if e.get("event") == "followup"]
    assert followups == ["action_listen"]
    if action is ActionDefaultAskAffirmation:
        # no « Vouliez-vous dire » pending
        assert any(e.get("event") == "active_loop" and e.get("name") is None for e in result.events)


@pytest.mark.parametrize("action", [ActionDefaultAskAffirmation, ActionDefaultFallback])
def test_a_route_question_not_understood_gets_its_route(tracker_for, run, action):
    """« 60000 HT pile pr une amo, dispense ou pas ? » (nlu_fallback 0.30:
    « is an AMO compulsory » 0.24, the thresholds 0.21) got « Vouliez-vous
    parler de… » (live test, session 11): the route of 60 000 € HT today."""
    result = run(action(), tracker_for(text="60000 HT pile pr une amo, dispense ou pas ?",
                                       intent="nlu_fallback"))
    text = result.text.replace("\u00a0", " ").replace("\u202f", " ")
    assert "60 000 € HT" in text and "Vouliez-vous" not in text
    assert [e["name"] for e in result.events if e.get("event") == "followup"] == ["action_listen"]


@pytest.mark.parametrize("action", [ActionDefaultAskAffirmation, ActionDefaultFallback])
def test_a_threshold_question_not_understood_gets_that_threshold(tracker_for, run, on, action):
    """« documents gratuits à partir de ? » (nlu_fallback) got « Vouliez-vous
    parler de : Les partenaires publics… » (live tests, session 12): the
    threshold of the free documents online, in one line with its source."""
    import datetime as dt
    on(dt.date(2026, 11, 23))
    result = run(action(), tracker_for(text="documents gratuits à partir de ?", intent="nlu_fallback"))
    text = result.text.replace("\u00a0", " ").replace("\u202f", " ")
    assert text.startswith("60 000 € HT : à partir de ce montant, si vous publiez un avis") and "R2132-2" in text
    assert "Vouliez-vous" not in text and len(text.splitlines()) == 2, text


def test_a_message_not_understood_gets_no_next_action(tracker_for, run):
    result = run(ActionDefaultFallback(), tracker_for(text="zzz", intent="nlu_fallback"))
    assert not any(e.get("event") == "followup" for e in result.events)


def test_then_listen_keeps_the_next_action_an_answer_chose():
    from rasa_sdk.events import FollowupAction, SlotSet
    from actions.hygiene import then_listen

    chosen = [SlotSet("diagnostic_done", False), FollowupAction("diagnostic_form")]
    assert then_listen(chosen) == chosen
    assert then_listen([])[-1] == FollowupAction("action_listen")


@pytest.mark.parametrize("action, text, first", [
    # not understood (tester 12, defects 10 and 11): a question on the consultation
    (ActionDefaultAskAffirmation, "bonjour, petite question : on a lancé une consultation pour une AMO, on a "
     "eu une seule reponse, est-ce qu'on doit relancer ?", "Une seule offre peut être retenue"),
    (ActionDefaultAskRephrase, "et pour comparer les devis on fait comment", "Comparez les offres"),
    (ActionDefaultFallback, "si j'ai qu'un seul devis qui revient c'est grave ?", "Une seule offre peut être"),
    (ActionDefaultFallback, "quel delai je laisse aux bureaux d'etudes pour repondre ?",
     "En procédure adaptée (MAPA), aucun texte ne fixe de délai minimum"),
])
def test_a_question_on_the_consultation_is_answered_by_the_fallbacks(tracker_for, run, action, text, first):
    ranking = [{"name": "ask_amo_mandatory", "confidence": 0.4}, {"name": "start_diagnostic", "confidence": 0.3}]
    result = run(action(), tracker_for(text=text, intent="nlu_fallback", intent_ranking=ranking))
    assert result.texts[0].replace("\u202f", " ").replace("\u00a0", " ").startswith(first)
    assert "Vouliez-vous parler de" not in result.text and "pas bien compris" not in result.text
    assert not result.buttons


def test_a_message_in_german_or_spanish_is_answered_that_the_assistant_speaks_french(tracker_for, run):
    """Live test, session 12: « Guten Tag, ich brauche Hilfe » got the
    out-of-scope answer; only English got « Je réponds en français… »."""
    from actions.diagnostic import ActionOffTopicInDiagnostic, ActionOutOfScope
    for text in ("Guten Tag, ich brauche Hilfe", "Hola, necesito ayuda",
                 "Buongiorno, ho bisogno di aiuto"):
        outside = run(ActionOutOfScope(), tracker_for(text=text, intent="out_of_scope"))
        assert [m.get("response") for m in outside.messages] == ["utter_english", "utter_offer_help"]
        during = run(ActionOffTopicInDiagnostic(), tracker_for(
            text=text, intent="out_of_scope", slots={"requested_slot": "population"},
            active_loop="diagnostic_form"))
        assert [m.get("response") for m in during.messages] == ["utter_english"], text


def _rendered(domain, message):
    """The text Rasa sends for a response the action named, its variables
    filled from the message (as for any response: Rasa's own generator)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator

    fields = {k: v for k, v in message.items() if k != "response"}     # (as RemoteAction passes them)
    filled = TemplatedNaturalLanguageGenerator(domain["responses"]).generate_from_slots(
        message["response"], {}, "rest", **fields)
    return filled["text"]


@pytest.mark.parametrize("text, note", [
    ("sorry, my english is better, is it mandatory to ask for 3 quotes ?", "I only answer in French"),
    ("Guten Tag, ich brauche Hilfe", "Ich antworte nur auf Französisch"),
    ("Hola, necesito ayuda", "Solo respondo en francés"),
    ("Buongiorno, ho bisogno di aiuto", "Rispondo solo in francese"),
])
def test_the_only_french_note_is_in_the_message_s_language(tracker_for, run, domain, text, note):
    """German, Spanish and Italian users were told « (I only answer in
    French) »: the parenthesis is in their language, the rest in French,
    during the diagnostic and outside it."""
    from actions.diagnostic import ActionOffTopicInDiagnostic, ActionOutOfScope

    english = "Je réponds en français uniquement (I only answer in French). "
    rest = _rendered(domain, {"response": "utter_english", "only_french": "I only answer in French"})
    assert rest.startswith(english)
    outside = run(ActionOutOfScope(), tracker_for(text=text, intent="out_of_scope"))
    during = run(ActionOffTopicInDiagnostic(), tracker_for(
        text=text, intent="out_of_scope", slots={"requested_slot": "population"}, active_loop="diagnostic_form"))
    for result in (outside, during):
        said = _rendered(domain, result.messages[0])
        assert said == f"Je réponds en français uniquement ({note}). " + rest[len(english):], said
        assert "{" not in said


def test_every_language_told_apart_has_its_note():
    from actions.hygiene import only_french
    from assistant.text import _FOREIGN_WORDS

    notes = {language: only_french(language) for language in ("en", *_FOREIGN_WORDS)}
    assert len(set(notes.values())) == len(notes)           # none falls back to English but English
    assert only_french("pt") == notes["en"]


def test_still_not_understood_only_after_a_rephrasing(tracker_for, run):
    """Live test, session 15: « Désolé, je n'ai toujours pas compris » came
    to a first message no rule covers; « toujours » only once the two-stage
    fallback asked to rephrase."""
    first = run(ActionDefaultFallback(), tracker_for(text="quel temps fait-il demain ?", intent="out_of_scope"))
    assert "pas compris" in first.text and "toujours" not in first.text and "aide" in first.text
    again = run(ActionDefaultFallback(), tracker_for(text="zzz", intent="nlu_fallback",
                                                     active_loop="action_two_stage_fallback"))
    assert "toujours pas compris" in again.text


def _in_rephrase_stage(tracker_for, text, intent, buttons=()):
    """``text`` typed after the fallback's last message, which offered ``buttons``."""
    tracker = tracker_for(text=text, intent=intent, active_loop="action_two_stage_fallback")
    bot = {"event": "bot", "text": "…", "data": {"buttons": [{"title": t, "payload": p} for t, p in buttons]}}
    tracker.events[:0] = [{"event": "user", "text": "😀😀😀", "parse_data": {"intent": {"name": "nlu_fallback"}}},
                          {"event": "active_loop", "name": "action_two_stage_fallback"}, bot]
    return tracker


@pytest.mark.parametrize("text, said", [
    ("<script>alert(1)</script>", "utter_out_of_scope"),
    ("quel temps fera-t-il demain ?", "utter_out_of_scope"),
    ("Hello, do you speak English?", "utter_english"),
])
def test_an_out_of_scope_message_after_a_rephrase_request_is_answered_as_such(tracker_for, run, text, said):
    """Live test, session 22: after « 😀😀😀 » (« Pouvez-vous reformuler… »),
    « <script>alert(1)</script> » and « Hello, do you speak English? », both
    heard as out of scope, got « Pouvez-vous reformuler » again: Rasa's
    two-stage fallback takes out_of_scope for the « Autre chose » button. A
    message typed when no button was offered gets the out-of-scope answer
    (in English for an English one) and the fallback ends."""
    from actions.hygiene import ActionDefaultAskRephrase

    result = run(ActionDefaultAskRephrase(), _in_rephrase_stage(tracker_for, text, "out_of_scope"))
    assert [m.get("response") for m in result.messages] == [said, "utter_offer_help"]
    assert {"event": "active_loop", "name": None} in [
        {k: e.get(k) for k in ("event", "name")} for e in result.events]
    assert any(e.get("event") == "followup" and e.get("name") == "action_listen" for e in result.events)


@pytest.mark.parametrize("text, buttons", [
    ("/out_of_scope", [("Les seuils", "/ask_procurement"), ("Autre chose", "/out_of_scope")]),
    ("autre chose", [("Les seuils", "/ask_procurement"), ("Autre chose", "/out_of_scope")]),
    ("/out_of_scope", []),
])
def test_other_than_the_suggestions_still_gets_the_rephrase_request(tracker_for, run, text, buttons):
    """« Autre chose », clicked or typed after « Vouliez-vous parler de… »: the
    suggestions were wrong, so the user is asked to rephrase."""
    from actions.hygiene import ActionDefaultAskRephrase

    result = run(ActionDefaultAskRephrase(), _in_rephrase_stage(tracker_for, text, "out_of_scope", buttons))
    assert "reformuler" in result.text and not result.events


def test_a_greeting_with_a_direct_question_gets_its_answer(tracker_for, domain):
    """Live test, session 24: « Bonjour, est-ce qu'une association peut etre
    AMO ? » (greet 0.34) got the greeting and the menu, no answer."""
    import asyncio

    from rasa_sdk.executor import CollectingDispatcher

    from actions.hygiene import ActionGreet

    tracker = tracker_for(text="Bonjour, est-ce qu'une association peut etre AMO ?", intent="greet")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionGreet().run(dispatcher, tracker, domain))
    said = [m.get("text") or "" for m in dispatcher.messages]
    assert said[0] == "Bonjour.", said
    assert said[1].startswith("Je n'ai pas de règle vérifiée sur le statut du prestataire"), said
    assert not any(m.get("buttons") for m in dispatcher.messages if "souhaitez-vous" in (m.get("text") or ""))


def test_a_plain_greeting_gets_the_menu(tracker_for, domain):
    import asyncio

    from rasa_sdk.executor import CollectingDispatcher

    from actions.hygiene import ActionGreet

    dispatcher = CollectingDispatcher()
    asyncio.run(ActionGreet().run(dispatcher, tracker_for(text="bonjour", intent="greet"), domain))
    assert [m.get("text") for m in dispatcher.messages][-1] == "Que souhaitez-vous faire\u202f?"


@pytest.mark.parametrize("action", [ActionDefaultAskAffirmation, ActionDefaultFallback])
def test_a_term_the_data_do_not_define_is_said_unknown_by_the_fallbacks(tracker_for, run, action):
    """« c'est quoi un contrat de performance énergétique ? » (nlu_fallback)
    got « Vouliez-vous parler de : une définition… », then « et un marché
    global de performance ? » « Désolé, je n'ai toujours pas compris » (live
    test, session 26)."""
    result = run(action(), tracker_for(text="c'est quoi un contrat de performance énergétique ?",
                                       intent="nlu_fallback"))
    assert result.texts[0].replace("\xa0", " ").startswith(
        "Je n'ai pas de définition de « contrat de performance énergétique » dans mes données.")
    assert "/inform" not in str(result.buttons) and result.buttons
    follow = tracker_for(text="et un marché global de performance ?", intent="nlu_fallback")
    follow.events.insert(0, {"event": "user", "text": "c'est quoi un contrat de performance énergétique ?",
                             "parse_data": {"intent": {"name": "nlu_fallback"}, "entities": []}})
    result = run(action(), follow)
    assert "« marché global de performance »" in result.texts[0].replace("\xa0", " ")
    # a term the data define, asked the same way, gets its definition
    follow = tracker_for(text="et un mandataire ?", intent="nlu_fallback")
    follow.events.insert(0, {"event": "user", "text": "c'est quoi un contrat de performance énergétique ?",
                             "parse_data": {"intent": {"name": "nlu_fallback"}, "entities": []}})
    assert "mandataire de maîtrise d'ouvrage agit au nom" in run(action(), follow).text


def test_another_language_at_the_final_fallback_is_answered_in_french(tracker_for, run):
    """« hola, necesito ayuda » after two fallbacks in a row got « Désolé, je
    n'ai pas compris » (live test, session 26)."""
    result = run(ActionDefaultFallback(), tracker_for(text="hola, necesito ayuda", intent="nlu_fallback"))
    assert result.messages[0]["response"] == "utter_english"
    assert result.messages[0]["only_french"] == "Solo respondo en francés"
    assert [e["name"] for e in result.events if e.get("event") == "followup"] == ["action_listen"]
