"""Starting the diagnostic after messages that already told something: what
they said in passing is not asked again."""
import datetime as dt

import pytest

from actions.diagnostic import ActionStartDiagnostic

NNBSP, NBSP = "\u202f", "\u00a0"
FIRST = ("Bonjour, je suis secrétaire de mairie dans un village de 350 âmes. Le maire veut "
         "refaire l'éclairage public en LED. On a reçu un devis de 80000 euros TTC. "
         "Est-ce qu'on doit faire un appel d'offres pour une commune ?")


def _entity(text, phrase, entity, value):
    start = text.index(phrase)
    return {"entity": entity, "value": value, "start": start, "end": start + len(phrase)}


FIRST_ENTITIES = [
    _entity(FIRST, "village", "structure_type", "commune"),
    _entity(FIRST, "350 âmes", "population", "350"),
    _entity(FIRST, "éclairage public", "theme", "energie"),
    _entity(FIRST, "80000 euros TTC", "amount", "80000 euros TTC"),
    # in the question, not a statement: not taken
    _entity(FIRST, "commune ?", "structure_type", "epci"),
]


def _with_earlier(tracker, *earlier):
    """The tracker, with earlier events (dicts) before its latest message."""
    tracker.events[:0] = list(earlier)
    return tracker


def _user(text, intent, entities=()):
    return {"event": "user", "text": text,
            "parse_data": {"intent": {"name": intent}, "entities": list(entities)}}


def test_what_earlier_messages_said_is_recorded_and_told(tracker_for, run):
    tracker = _with_earlier(
        tracker_for(text="on veut bien faire le diagnostic", intent="start_diagnostic"),
        _user(FIRST, "ask_procurement", FIRST_ENTITIES),
        {"event": "bot", "text": "Pour 66 666,67 € HT…"},
    )
    result = run(ActionStartDiagnostic(), tracker)
    slots = {e["name"]: e["value"] for e in result.events if e["event"] == "slot"}
    # (« Le maire veut refaire l'éclairage public »: an elected official carries it)
    assert slots == {"structure_type": "commune", "population": 350, "theme": "energie",
                     "project": "refaire l'éclairage public en LED", "amount": 66666.67,
                     "amount_ttc": 80000.0, "sponsor": "oui"}
    told = result.texts[1]
    assert "commune" in told and "350 habitants" in told and "éclairage public" in told
    # the amount as typed, then its HT value (final F-L2)
    assert f"budget 80{NNBSP}000{NBSP}€ TTC, soit environ 66{NNBSP}667{NBSP}€{NBSP}HT" in told
    assert any("TTC" in t for t in result.texts[2:])      # the TTC → HT note


def test_questions_answers_already_given_and_older_diagnostics_are_not_reused(tracker_for, run):
    question = "c'est quoi un syndicat mixte ? et une com com ?"
    tracker = _with_earlier(
        tracker_for(text="diagnostic", intent="start_diagnostic",
                    slots={"population": 1200}),
        _user("on est une commune de 350 habitants.", "inform",
              [{"entity": "structure_type", "value": "commune", "start": 10, "end": 17},
               {"entity": "population", "value": "350", "start": 21, "end": 34}]),
        {"event": "action", "name": "action_reset_diagnostic"},
        _user(question, "ask_definition",
              [{"entity": "structure_type", "value": "syndicat", "start": 14, "end": 28}]),
        _user("on a 40 000 de côté", "inform",
              [{"entity": "amount", "value": "40 000", "start": 5, "end": 11}]),
    )
    result = run(ActionStartDiagnostic(), tracker)
    # before the reset: forgotten; a question: not an answer; « 40 000 » without
    # a money word: not a budget; the population already answered: kept.
    assert [e for e in result.events if e["event"] == "slot"] == []
    assert len(result.texts) == 1


def test_the_price_of_works_said_before_is_not_the_missions_budget(tracker_for, run):
    """« …On doit renover le groupe scolaire, 150 000 € de travaux, et on se
    demande s'il faut un AMO » (heard as ask_amo_mandatory), then
    « diagnostic »: « budget 150 000 € HT » was noted, and the route of the
    works' price given for the mission (live test, session 18)."""
    first = ("bonjour, je suis maire d'une commune de 1800 habitants. On doit renover le groupe scolaire, "
             "150 000 € de travaux, et on se demande s'il faut un AMO")
    start = first.index("150 000 €")
    tracker = _with_earlier(
        tracker_for(text="diagnostic", intent="start_diagnostic"),
        _user(first, "ask_amo_mandatory",
              [{"entity": "amount", "value": "150 000 €", "start": start, "end": start + 9}]),
    )
    result = run(ActionStartDiagnostic(), tracker)
    assert result.slots.get("structure_type") == "commune" and "amount" not in result.slots
    assert "150" not in result.text
    missions = first.replace("150 000 € de travaux", "une AMO estimée à 45 000 € HT")
    start = missions.index("45 000 € HT")
    tracker = _with_earlier(
        tracker_for(text="diagnostic", intent="start_diagnostic"),
        _user(missions, "ask_amo_mandatory",
              [{"entity": "amount", "value": "45 000 € HT", "start": start, "end": start + 11}]),
    )
    assert run(ActionStartDiagnostic(), tracker).slots.get("amount") == 45000.0


def test_what_was_said_in_passing_is_not_said_twice(tracker_for, run, domain):
    """The start of the diagnostic says back what earlier messages told; the
    form that validates those answers next, in the same turn, does not say
    them again (« J'ai noté : … » twice). What the latest message itself
    told is still said back."""
    import asyncio
    from rasa_sdk.executor import CollectingDispatcher
    from actions.forms import ValidateDiagnosticForm

    latest = "une commune, on a deja contacte personne"
    tracker = _with_earlier(
        tracker_for(text=latest, intent="inform",
                    entities=[{"entity": "structure_type", "value": "commune",
                               "start": 4, "end": 11}],
                    active_loop="diagnostic_form"),
        _user(FIRST, "ask_procurement", FIRST_ENTITIES),
        {"event": "bot", "text": "Pour 66 666,67 € HT…"},
    )
    # As Rasa runs the turn: slot mappings of the latest message, then the
    # start of the diagnostic, then the form, which sends every filled slot
    # as a candidate for validation.
    tracker.events += [{"event": "action", "name": "action_extract_slots"},
                       {"event": "slot", "name": "structure_type", "value": "commune"}]
    tracker.slots["structure_type"] = "commune"
    start = run(ActionStartDiagnostic(), tracker)
    assert "structure_type" not in start.slots and start.slots["population"] == 350
    tracker.events.append({"event": "action", "name": "action_start_diagnostic"})
    tracker.events += [{"event": "bot", "text": t} for t in start.texts]
    tracker.events += [e for e in start.events if e["event"] == "slot"]
    tracker.slots.update(start.slots)
    tracker.events += [{"event": "slot", "name": name, "value": tracker.slots[name]}
                       for name in ("structure_type", *start.slots)]
    dispatcher = CollectingDispatcher()
    asyncio.run(ValidateDiagnosticForm().get_validation_events(dispatcher, tracker, domain))
    texts = [m.get("text") or "" for m in dispatcher.messages]
    assert texts == ["J'ai noté\u00a0: commune."], texts


def test_the_project_of_an_earlier_message_is_its_project_not_the_message(tracker_for, run):
    """The secretary's first message was not understood, then « commune »
    started the diagnostic: the project noted was the whole first message
    (« bonjour je suis secretaire de mairie, … je comprend pas trop ce qu il
    faut faire »), and it went to the fiche as it was."""
    first = ("bonjour je suis secretaire de mairie, le maire m a demande de regarder pour l "
             "isolation du toit de l ecole, je comprend pas trop ce qu il faut faire")
    tracker = _with_earlier(
        tracker_for(text="commune", intent="inform"),
        _user(first, "nlu_fallback"),
        {"event": "bot", "text": "Je n'ai pas bien compris."},
    )
    result = run(ActionStartDiagnostic(), tracker)
    # (« secretaire de mairie … le maire » also says a commune)
    assert result.slots == {"project": "isolation du toit de l'école", "theme": "energie",
                            "structure_type": "commune"}
    assert "projet «\u00a0isolation du toit de l'école\u00a0»" in result.texts[1]


def test_a_maire_speaks_for_a_commune(tracker_for, run):
    """« Nouvelle maire depuis mars » said before the diagnostic started, with
    no structure heard by the NLU: a commune, not asked again (maire L2)."""
    first = "Bonsoir. Nouvelle maire depuis mars (1700 hab). Je voudrais lancer un plan climat."
    tracker = _with_earlier(
        tracker_for(text="faire le diagnostic", intent="start_diagnostic"),
        _user(first, "inform", [_entity(first, "1700 hab", "population", "1700")]),
    )
    result = run(ActionStartDiagnostic(), tracker)
    slots = {e["name"]: e["value"] for e in result.events if e["event"] == "slot"}
    assert slots["structure_type"] == "commune" and slots["population"] == 1700


def test_the_later_answers_of_an_earlier_message_are_recorded_and_told(tracker_for, run):
    """maire H3: « … un plan climat participatif … sur tout le mandat », then
    the diagnostic: the lasting need is not asked again. The sponsor is not
    taken from « Nouvelle maire » (the structure), nor a need from
    « concertation » (the project)."""
    first = ("Bonsoir. Nouvelle maire depuis mars (1700 hab). Je voudrais lancer un plan climat "
             "participatif avec les habitants, ateliers, concertation etc. sur tout le mandat")
    tracker = _with_earlier(
        tracker_for(text="faire le diagnostic", intent="start_diagnostic"),
        _user(first, "inform", [_entity(first, "1700 hab", "population", "1700")]),
    )
    result = run(ActionStartDiagnostic(), tracker)
    assert result.slots["duration"] == "durable"
    assert "sponsor" not in result.slots and "need_kinds" not in result.slots
    told = result.texts[1]
    assert told.startswith("J'ai noté ce que vous m'avez déjà indiqué") \
        and "besoin durable (plusieurs années, récurrent)" in told


def test_partners_and_staff_of_an_earlier_question_are_recorded(tracker_for, run):
    """A first message heard as a question: its statements still tell the
    partners consulted and the staff; its question does not."""
    first = ("On a une convention avec l'OPSN mais ils ne font pas les sites, et personne en "
             "interne. C'est obligatoire de faire un appel d'offres pour le site ?")
    tracker = _with_earlier(
        tracker_for(text="faire le diagnostic", intent="start_diagnostic"),
        _user(first, "ask_procurement"),
    )
    result = run(ActionStartDiagnostic(), tracker)
    assert {k: result.slots.get(k) for k in (
        "partners_status", "partners_consulted", "internal_resources")} == {
        "partners_status": "consultes_insuffisant", "partners_consulted": ["opsn"],
        "internal_resources": "aucune"}
    told = result.texts[1]
    assert ("consultés, sans pouvoir couvrir le besoin (partenaires publics)\u202f; partenaires "
            "consultés\u00a0: opérateur public de services numériques (OPSN)") in told


def test_what_the_user_says_they_are_wins_over_the_structures_heard(tracker_for, run):
    """Final retest R1: « je suis DGS d'une communauté de communes rurale de
    14 500 habitants (22 communes) », then a procurement question, then
    « ok, faisons le diagnostic »: noted « commune » (the NLU heard
    « communes » first); an EPCI got a commune's partners and contacts."""
    first = ("Bonjour, je suis DGS d'une communauté de communes rurale de 14 500 habitants "
             "(22 communes). Nous devons lancer l'élaboration de notre PCAET. Pour une mission "
             "estimée à 45 000 € HT, faut-il mettre en concurrence ?")
    tracker = _with_earlier(
        tracker_for(text="ok, faisons le diagnostic", intent="start_diagnostic"),
        _user(first, "ask_procurement", [_entity(first, "communes)", "structure_type", "commune"),
                                         _entity(first, "communauté de communes", "structure_type", "epci"),
                                         _entity(first, "14 500 habitants", "population", "14500")]),
        {"event": "bot", "text": "…"},
    )
    result = run(ActionStartDiagnostic(), tracker)
    assert result.slots["structure_type"] == "epci" and result.slots["population"] == 14500


@pytest.mark.parametrize("statement, expected", [
    ("Bonjour, le SDE couvre 230 communes, 600 000 habitants.", "syndicat"),       # session 14
    ("Bonjour, je suis maire d'une commune de 800 habitants.", "commune"),
])
def test_communes_a_syndicat_covers_do_not_make_it_a_commune(tracker_for, run, statement, expected):
    """« le SDE couvre 230 communes, 600 000 habitants », then a procurement
    question, then « ok, faisons le diagnostic »: the NLU heard « communes »
    only, and the syndicat was noted a commune."""
    first = f"{statement} Pour une mission estimée à 45 000 € HT, faut-il mettre en concurrence ?"
    word = "communes" if "communes" in statement else "commune "
    tracker = _with_earlier(
        tracker_for(text="ok, faisons le diagnostic", intent="start_diagnostic"),
        _user(first, "ask_procurement", [_entity(first, word, "structure_type", "commune")]),
        {"event": "bot", "text": "…"},
    )
    result = run(ActionStartDiagnostic(), tracker)
    assert result.slots["structure_type"] == expected


def test_the_amount_and_project_of_an_earlier_purchase_question_are_the_diagnostics(
        tracker_for, run):
    """Final retest X3 (M-H3): « … Pour une mission d'AMO PCAET estimée à
    45 000 € HT, faut-il mettre en concurrence ? » answered, then « ok,
    faisons le diagnostic »: the amount and the project asked about were lost,
    and the budget was asked again. The structure stays an EPCI."""
    first = ("Bonjour, je suis DGS d'une communauté de communes de 14 500 habitants. Pour une "
             "mission d'AMO PCAET estimée à 45 000 € HT, faut-il mettre en concurrence ?")
    tracker = _with_earlier(
        tracker_for(text="ok, faisons le diagnostic", intent="start_diagnostic"),
        _user(first, "ask_procurement", [_entity(first, "communes", "structure_type", "commune"),
                                         _entity(first, "14 500 habitants", "population", "14500"),
                                         _entity(first, "45 000 € HT", "amount", "45 000 € HT")]),
        {"event": "bot", "text": "Pour 45 000 € HT, vous êtes sous le seuil de dispense…"},
    )
    result = run(ActionStartDiagnostic(), tracker)
    assert result.slots["structure_type"] == "epci" and result.slots["population"] == 14500
    assert result.slots["amount"] == 45000.0
    assert result.slots["project"] == "mission d'AMO PCAET" and result.slots["theme"] == "climat"
    told = result.texts[1]
    assert f"budget 45{NNBSP}000{NBSP}€{NBSP}HT" in told and "PCAET" in told


def test_a_threshold_to_confirm_or_a_works_amount_is_no_budget(tracker_for, run):
    """A threshold stated in a question (« sous 40 000 on peut signer
    direct ? ») or the works' amount is not the mission's budget."""
    for first in ("on m'a dit que sous 40 000 € on peut signer direct, c toujours vrai ?",
                  "pour 80 000 € de travaux d'isolation, faut-il un appel d'offres ?"):
        tracker = _with_earlier(
            tracker_for(text="faisons le diagnostic", intent="start_diagnostic"),
            _user(first, "ask_procurement"),
        )
        assert "amount" not in run(ActionStartDiagnostic(), tracker).slots, first


def test_a_procurement_follow_up_heard_as_information_is_answered_without_the_form(tracker_for, run,
                                                                                   monkeypatch):
    """« on doit isoler la toiture de l'ecole, il nous faut un AMO ? » then
    « et 95 000 de travaux d isolation ? », heard as information, started the
    diagnostic (final retest S-H3): it is answered as the procurement question
    it is (works under the 100 000 € HT works dispense in November 2026), and
    the form is not started. A plain statement still starts it."""
    import datetime as dt

    from actions import clock

    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 11, 22))
    tracker = _with_earlier(
        tracker_for(text="et 95 000 de travaux d isolation ?", intent="inform",
                    entities=[{"entity": "amount", "value": "95 000"}]),
        _user("on doit isoler la toiture de l'ecole, il nous faut un AMO ?", "ask_amo_mandatory"),
        {"event": "bot", "text": "…"}, {"event": "action", "name": "action_listen"})
    result = run(ActionStartDiagnostic(), tracker)
    words = result.text.replace(NNBSP, " ").replace(NBSP, " ")
    assert "Pour 95 000 € HT" in words and "100 000 € HT" in words, words
    assert "Faisons le point" not in words
    assert any(e.get("event") == "followup" and e.get("name") == "action_listen" for e in result.events)
    started = run(ActionStartDiagnostic(), tracker_for(text="commune de 900 habitants", intent="inform"))
    assert "Faisons le point" in started.text and not any(e.get("event") == "followup" for e in started.events)


def test_a_refused_amount_after_a_procurement_answer_is_not_kept_as_the_budget(tracker_for, run, monkeypatch):
    """« c'est quoi le seuil du gré à gré ? », then « -5000 € »: refused, but
    the slot's mapping kept « -5000 € » as the budget; when the diagnostic
    began, « Un montant ne peut pas être négatif… Je garde donc votre réponse
    précédente » (live test, session 25). The refused amount is put back to
    what was there before; a valid one is left to the diagnostic."""
    import datetime as dt

    from actions import clock

    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 11, 22))
    earlier = (_user("c'est quoi le seuil en dessous duquel on peut faire du gré à gré ?", "ask_procurement"),
               {"event": "bot", "text": "…"}, {"event": "action", "name": "action_listen"})
    refused = _with_earlier(
        tracker_for(text="-5000 €", intent="inform", slots={"amount": "-5000 €"},
                    entities=[{"entity": "amount", "value": "-5000 €"}]), *earlier)
    result = run(ActionStartDiagnostic(), refused)
    assert "négatif" in result.text and "Faisons le point" not in result.text
    assert result.slots == {"amount": None}
    valid = _with_earlier(
        tracker_for(text="et 45 000 €", intent="inform", slots={"amount": "45 000 €"},
                    entities=[{"entity": "amount", "value": "45 000 €"}]), *earlier)
    result = run(ActionStartDiagnostic(), valid)
    assert "45" in result.text and "amount" not in result.slots


def test_a_choice_between_two_terms_in_the_first_message_is_answered_before_the_questions(tracker_for, run):
    """« … programme de restauration de cours d'eau (GEMAPI) et on hésite
    entre un mandat et une AMO »: the diagnostic started and the choice was
    lost (live test, session 25). Both terms, then the questions."""
    text = ("Bonjour, syndicat mixte de rivière, 27 communes adhérentes. On prépare un programme de "
            "restauration de cours d'eau (GEMAPI) et on hésite entre un mandat et une AMO")
    result = run(ActionStartDiagnostic(), tracker_for(text=text, intent="inform"))
    told = result.text
    assert told.index("mandataire") < told.index("Faisons le point"), told
    assert "L2422-5" in told and "conseille" in told
    plain = run(ActionStartDiagnostic(), tracker_for(text="syndicat de rivière, on prépare un programme GEMAPI",
                                                     intent="inform"))
    assert plain.text.startswith("Faisons le point")


CONTEXT_FOLLOW_UP = "et en 2023 ? nous avions fait faire l'étude mobilité par un bureau d'études"
AMO_45K = "45 000 € HT pour une mission AMO, quelle procédure ?"


def test_a_procurement_follow_up_with_some_context_is_answered_without_the_form(tracker_for, run, monkeypatch):
    """« 45 000 € HT pour une mission AMO, quelle procédure ? » then « et en
    2023 ? nous avions fait faire l'étude mobilité par un bureau d'études »,
    heard as information, started the diagnostic (final D-M1): the route of
    45 000 € HT in 2023 (a MAPA above that year's 40 000 € HT dispense), and
    no form. Without a procurement question before, it is a statement."""
    import datetime as dt

    from actions import clock

    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 11, 22))
    tracker = _with_earlier(
        tracker_for(text=CONTEXT_FOLLOW_UP, intent="inform",
                    entities=[{"entity": "date", "value": "2023"}, {"entity": "theme", "value": "mobilite"}]),
        _user(AMO_45K, "ask_procurement", [{"entity": "amount", "value": "45 000 € HT"}]),
        {"event": "bot", "text": "…"}, {"event": "action", "name": "action_listen"})
    result = run(ActionStartDiagnostic(), tracker)
    words = result.text.replace(NNBSP, " ").replace(NBSP, " ")
    assert words.startswith("Pour 45 000 € HT, il faut un marché à procédure adaptée (MAPA) : "
                            "vous atteignez le seuil de dispense (40 000 € HT)"), words
    assert "en 2023" in words and "Faisons le point" not in words and "mobilité" not in words
    assert any(e.get("event") == "followup" and e.get("name") == "action_listen" for e in result.events)
    assert not result.slots
    alone = run(ActionStartDiagnostic(), tracker_for(text=CONTEXT_FOLLOW_UP, intent="inform"))
    assert "Faisons le point" in alone.text


def test_the_context_of_a_follow_up_is_no_project_of_the_diagnostic(tracker_for, run):
    """The same follow-up then « on commence le diagnostic » : the budget of the
    question is noted, the past study is not the project."""
    tracker = _with_earlier(
        tracker_for(text="faisons le diagnostic", intent="start_diagnostic"),
        _user(AMO_45K, "ask_procurement", [{"entity": "amount", "value": "45 000 € HT"}]),
        {"event": "bot", "text": "…"},
        _user(CONTEXT_FOLLOW_UP, "ask_procurement", [{"entity": "theme", "value": "mobilite"}]),
        {"event": "bot", "text": "…"})
    slots = run(ActionStartDiagnostic(), tracker).slots
    assert slots.get("amount") == 45000 and "project" not in slots and "theme" not in slots, slots


def test_a_price_weight_stated_first_gets_its_answer_not_the_form(tracker_for, run):
    """« Nos élus veulent 60 % prix. » typed as a first message (inform 0.48,
    ask_criteria 0.38) started the diagnostic (final D-L4): it gets the
    answer a question on that weight gets (permitted, no text fixes the
    weighting, more than the 30 % suggested, « a minima » offers), then the
    offer of the diagnostic, and no form. With the structure said too, the
    diagnostic starts as before."""
    result = run(ActionStartDiagnostic(), tracker_for(text="Nos élus veulent 60 % prix.", intent="inform"))
    words = result.text.replace(NNBSP, " ").replace(NBSP, " ")
    assert words.startswith("60 % pour le prix, c'est permis : aucun texte ne fixe la pondération"), words
    assert "30 %" in words and "a minima" in words and "Faisons le point" not in words
    assert [m.get("response") for m in result.messages][-1] == "utter_offer_diagnostic"
    assert any(e.get("event") == "followup" and e.get("name") == "action_listen" for e in result.events)
    assert not result.slots
    richer = run(ActionStartDiagnostic(), tracker_for(
        text="commune de 800 habitants, nos élus veulent 60 % prix", intent="inform",
        entities=[{"entity": "structure_type", "value": "commune"}, {"entity": "population", "value": "800"}]))
    assert "Faisons le point" in richer.text and not any(e.get("event") == "followup" for e in richer.events)


def test_the_price_alone_stated_first_gets_the_no_of_the_environmental_criterion(tracker_for, run, on):
    """« Nos élus veulent 100 % prix. » typed first: since the environmental
    criterion is compulsory (procurement.yml), « Non » and why, not « c'est
    permis », then the offer of the diagnostic."""
    on(dt.date(2026, 11, 23))
    result = run(ActionStartDiagnostic(), tracker_for(text="Nos élus veulent 100 % prix.", intent="inform"))
    words = result.text.replace(NNBSP, " ").replace(NBSP, " ")
    assert words.startswith("Non : pour une consultation lancée aujourd'hui, le prix ne peut pas être le seul "
                            "critère de choix."), words
    assert "L2152-7" in words and "c'est permis" not in words
    assert [m.get("response") for m in result.messages][-1] == "utter_offer_diagnostic"


@pytest.mark.parametrize("text", ["nos elus veulent juste prendre le moins cher",
                                  "les élus veulent choisir uniquement sur le prix"])
def test_the_cheapest_wanted_first_gets_the_answer_on_the_price_alone(tracker_for, run, on, text):
    """Live test, session 22: « nos elus veulent juste prendre le moins cher »
    (inform 0.78) started the diagnostic. The price as the only criterion
    gets the answer « 100 % prix » gets, then the offer of the diagnostic."""
    on(dt.date(2026, 11, 23))
    result = run(ActionStartDiagnostic(), tracker_for(text=text, intent="inform"))
    words = result.text.replace(NNBSP, " ").replace(NBSP, " ")
    assert words.startswith("Non : pour une consultation lancée aujourd'hui, le prix ne peut pas être le seul "
                            "critère de choix."), words
    assert "Faisons le point" not in words and not result.slots
    assert [m.get("response") for m in result.messages][-1] == "utter_offer_diagnostic"


def test_the_offer_after_an_answer_proposes_the_diagnostic(domain):
    offer = domain["responses"]["utter_offer_diagnostic"][0]
    assert "/start_diagnostic" in [b["payload"] for b in offer["buttons"]]


# -- questions heard as information (live test, session 11) ---------------------------

def _after_question(tracker_for, run, question, intent, text, entities=None, slots=None):
    """``text`` typed (heard as inform) right after ``question`` was answered
    by action_answer_question: its answer as bot events before it."""
    from actions.faq import ActionAnswerQuestion

    asked = run(ActionAnswerQuestion(), tracker_for(text=question, intent=intent, slots=slots))
    tracker = tracker_for(text=text, intent="inform", entities=entities, slots=slots)
    tracker.events[:0] = [_user(question, intent)] + [{"event": "bot", "text": t} for t in asked.texts]
    return tracker


def _listed(result) -> list:
    return [line.split("**")[1] for line in result.text.splitlines() if line.startswith("- **")]


def _started(result) -> bool:
    return "Faisons le point" in result.text


@pytest.mark.parametrize("question, intent, text, card", [
    ("c quoi le CAUE", "ask_definition", "et la banque des territoires",
     "**Banque des Territoires (Territoires Conseils)**"),
    ("c'est quoi l'ANCT", "ask_partners", "et une ALEC",
     "**Agence locale de l'énergie et du climat (ALEC)**"),
    ("on veut refaire l'eclairage public, qui contacter avant de prendre un bureau d'etudes ?",
     "ask_partners", "et l'ATD ?", "**Agence technique départementale**"),
    # the name glued to its question mark (live test, session 20: the diagnostic started)
    ("le cerema peut il nous aider", "ask_partners", "et l'ademe?",
     "**Agence de la transition écologique (ADEME)**"),
])
def test_and_a_partner_after_a_partners_answer_gets_its_card(tracker_for, run, question, intent, text, card):
    """« et la banque des territoires » after the CAUE's card, « et une ALEC »
    after the ANCT's started the diagnostic (tb06, tb30): that partner's card,
    and no diagnostic."""
    from rasa_sdk.events import FollowupAction

    result = run(ActionStartDiagnostic(), _after_question(tracker_for, run, question, intent, text))
    assert result.texts[0].startswith(card), result.texts
    assert not _started(result) and FollowupAction("action_listen") in result.events
    assert not result.slots


LIGHTING = "on veut refaire l'eclairage public, qui contacter avant de prendre un bureau d'etudes ?"
RENOVATION = ("on est une petite commune rurale de 400 hab sans aucun technicien, qui peut nous aider "
              "pour un projet de renovation energetique de la salle des fetes ?")
OPSN = "Opérateur public de services numériques (OPSN)"
SDE = "Syndicat départemental d'énergie"


def test_and_for_another_project_after_the_partners_gets_that_projects_partners(tracker_for, run):
    """« et pour le numerique, genre site web et logiciels metier ? » after the
    partners of a lighting project started the diagnostic (tb07): the partners
    of a digital project, the OPSN first."""
    result = run(ActionStartDiagnostic(), _after_question(
        tracker_for, run, LIGHTING, "ask_partners", "et pour le numerique, genre site web et logiciels metier ?"))
    assert _listed(result)[0] == OPSN and not _started(result) and not result.slots
    climate = run(ActionStartDiagnostic(), _after_question(
        tracker_for, run, LIGHTING, "ask_partners", "et pour le PCAET ?"))
    assert _listed(climate) and OPSN not in _listed(climate) and not _started(climate)


def test_and_if_we_are_a_syndicat_keeps_the_project_asked_before(tracker_for, run, monkeypatch):
    """« et si on est un syndicat mixte ? » after the partners of an energy
    renovation (tb31): the partners of an energy project of a syndicat, not
    the diagnostic (« J'ai noté : syndicat », then the population)."""
    from actions import definitions

    profiles = []
    suggest = definitions.suggest_partners
    monkeypatch.setattr(definitions, "suggest_partners", lambda p: profiles.append(p) or suggest(p))
    result = run(ActionStartDiagnostic(), _after_question(
        tracker_for, run, RENOVATION, "ask_partners", "et si on est un syndicat mixte ?"))
    assert not _started(result) and not result.slots
    assert _listed(result)[0] == SDE
    assert (profiles[-1].structure_type, profiles[-1].theme) == ("syndicat", "energie")


def test_an_and_message_outside_a_partners_answer_still_starts_the_diagnostic(tracker_for, run):
    """After a definition of a term (no partner), « et une ALEC » is left to
    the classifier's start; so is a follow-up that names no partner, theme
    or structure, and « et on a vu l'ALEC », which says something."""
    after_term = run(ActionStartDiagnostic(), _after_question(
        tracker_for, run, "c'est quoi un MAPA", "ask_definition", "et une ALEC"))
    assert _started(after_term)
    for text in ("et pour la suite ?", "et on a vu l'ALEC"):
        result = run(ActionStartDiagnostic(), _after_question(
            tracker_for, run, "c quoi le CAUE", "ask_definition", text))
        assert _started(result), text


def test_the_spontaneous_start_still_starts_with_what_it_says(tracker_for, run):
    """A first message that says who the user is and what they plan, even
    right after a partners answer, starts the diagnostic with its answers."""
    text = "je suis maire d'une commune de 800 habitants et on a 30 000 € pour une étude énergie"
    entities = [_entity(text, "commune", "structure_type", "commune"),
                _entity(text, "800 habitants", "population", "800"),
                _entity(text, "30 000 €", "amount", "30 000 €")]
    for tracker in (tracker_for(text=text, intent="inform", entities=entities),
                    _after_question(tracker_for, run, "c quoi le CAUE", "ask_definition", text, entities)):
        result = run(ActionStartDiagnostic(), tracker)
        assert _started(result) and "CAUE" not in result.text and "Pour le joindre" not in result.text


SAME_AMO = ("est ce qu'on peut reprendre le meme AMO pour la phase suivante sans remettre en "
            "concurrence ?")


def test_a_direct_question_heard_as_information_is_answered(tracker_for, run):
    """tb36: the question on keeping the same AMO started the diagnostic; it
    gets its answer (the same provider: possible under the dispense
    threshold, not always), and no diagnostic."""
    from rasa_sdk.events import FollowupAction

    from assistant.questions import SAME_PROVIDER, direct_question

    assert direct_question(SAME_AMO) == SAME_PROVIDER
    result = run(ActionStartDiagnostic(), tracker_for(text=SAME_AMO, intent="inform"))
    assert not _started(result) and "même prestataire" in result.text, result.texts
    assert FollowupAction("action_listen") in result.events and not result.slots


@pytest.mark.parametrize("text, intent", [
    ("bof, je comprends pas si on doit faire 3 devis ou pas", "start_diagnostic"),
    ("je me demande si on doit faire 3 devis", "inform"),
])
def test_a_question_asked_indirectly_is_answered_not_a_new_diagnostic(tracker_for, run, text, intent):
    """After the result, « bof, je comprends pas si on doit faire 3 devis ou
    pas » (start_diagnostic 0.42) restarted the diagnostic from its first
    question (live test, session 15): the quotes question gets its answer."""
    from rasa_sdk.events import FollowupAction

    result = run(ActionStartDiagnostic(), tracker_for(text=text, intent=intent,
                                                      slots={"diagnostic_done": True}))
    assert not _started(result) and "devis" in result.text, result.texts
    assert FollowupAction("action_listen") in result.events and not result.slots


def test_asking_for_the_diagnostic_still_starts_it(tracker_for, run):
    result = run(ActionStartDiagnostic(), tracker_for(text="je veux faire le diagnostic", intent="start_diagnostic"))
    assert _started(result)


def test_a_direct_question_that_says_who_asks_still_starts_the_diagnostic(tracker_for, run):
    text = "on est une commune de 900 habitants, on peut reprendre le meme AMO sans remettre en concurrence ?"
    result = run(ActionStartDiagnostic(), tracker_for(
        text=text, intent="inform", entities=[_entity(text, "commune", "structure_type", "commune")]))
    assert _started(result)


def test_a_wish_to_give_ones_opinion_is_invited_not_a_diagnostic(tracker_for, run):
    """tb21: « je voudrais donner mon avis sur l'outil » started the
    diagnostic; the opinion is invited, nothing recorded yet."""
    result = run(ActionStartDiagnostic(), tracker_for(text="je voudrais donner mon avis sur l'outil",
                                                      intent="inform"))
    assert result.texts[0].startswith("Volontiers") and "mon avis" in result.texts[0]
    assert not _started(result) and not result.slots


def test_a_route_question_heard_as_information_is_answered(tracker_for, run):
    """« 40 000 TTC ca passe sans pub? » heard as information started the
    diagnostic with that budget (live test, session 11): its route (about
    33 333 € HT, under the dispense threshold). With who asks, it still
    starts the diagnostic."""
    result = run(ActionStartDiagnostic(), tracker_for(text="40 000 TTC ca passe sans pub?", intent="inform"))
    text = result.text.replace("\u202f", " ").replace("\u00a0", " ")
    assert "33 333 € HT" in text and "Faisons le point" not in text
    started = run(ActionStartDiagnostic(), tracker_for(
        text="on est une commune de 800 habitants, 40 000 TTC ca passe sans pub?", intent="inform",
        entities=[{"entity": "structure_type", "value": "commune"}, {"entity": "population", "value": 800}]))
    assert "Faisons le point" in started.text


def test_a_question_on_the_consultation_heard_as_information_is_answered(tracker_for, run):
    """Tester 12, defect 10: « on a eu une seule réponse » heard as
    information would start the diagnostic; the single offer's answer, and no
    diagnostic."""
    from rasa_sdk.events import FollowupAction

    text = "on a lancé une consultation pour une AMO, on a eu une seule reponse, est-ce qu'on doit relancer ?"
    result = run(ActionStartDiagnostic(), tracker_for(text=text, intent="inform"))
    assert result.texts[0].startswith("Une seule offre peut être retenue")
    assert not _started(result) and FollowupAction("action_listen") in result.events


# -- « diag » after a first message that said much (live test, session 12) --------------

_RICH_FIRST = "slt on est une com com de 40 communes on veut faire notre PCAET"
_NOTED_FIRST = {"structure_type": "epci", "theme": "climat", "project": "PCAET",
                "requested_slot": "population"}


def _after_rich_first(tracker_for, text, intent):
    tracker = tracker_for(text=text, intent=intent, slots=_NOTED_FIRST, active_loop="diagnostic_form")
    tracker.events[:0] = [_user(_RICH_FIRST, "inform")] + [
        {"event": "slot", "name": name, "value": value} for name, value in _NOTED_FIRST.items()]
    return tracker


@pytest.mark.parametrize("text", ["diag", "diagnostic", "faire le diag"])
def test_diag_goes_on_with_the_diagnostic_under_way(tracker_for, run, text):
    from actions.diagnostic import ActionResetDiagnostic

    tracker = _after_rich_first(tracker_for, text, "restart_diagnostic")
    reset = run(ActionResetDiagnostic(), tracker)
    # (it wiped the structure, the theme and the project, then asked the structure)
    assert reset.events == []
    start = run(ActionStartDiagnostic(), tracker)
    assert start.texts == ["Reprenons là où nous en étions."]
    assert start.events == []


def test_a_restart_still_forgets_the_answers(tracker_for, run):
    from actions.diagnostic import ActionResetDiagnostic

    tracker = _after_rich_first(tracker_for, "recommencer le diagnostic", "restart_diagnostic")
    asked = run(ActionResetDiagnostic(), tracker)
    assert asked.texts[0].startswith("Vous m'avez déjà donné 3 réponses.") and not asked.slots
    # (confirmed: « recommencer » again, see test_restart)
    tracker.events[-1:-1] = [{"event": "action", "name": "action_reset_diagnostic"},
                             {"event": "bot", "text": asked.texts[0]}, {"event": "action", "name": "action_listen"}]
    slots = run(ActionResetDiagnostic(), tracker).slots
    assert slots["structure_type"] is None and slots["project"] is None


# -- a route asked with « on fait comment », a bare amount, a tax said after (r2, session 12)

@pytest.mark.parametrize("text, amount", [
    ("amo 65 000 TTC on fait comment", "54 167 € HT"),
    ("pour 50 000 € TTC ?", "41 667 € HT"),
])
def test_a_route_asked_without_procedure_words_is_answered(tracker_for, run, on, text, amount):
    """r2-g2, r2-h3: « amo 65 000 TTC on fait comment » and « pour 50 000 €
    TTC ? » started the diagnostic with that budget; the route of the amount."""
    on(dt.date(2026, 11, 23))
    result = run(ActionStartDiagnostic(), tracker_for(text=text, intent="inform",
                                                      entities=[{"entity": "amount", "value": text}]))
    words = result.text.replace(NNBSP, " ").replace(NBSP, " ")
    assert amount in words and "dispense" in words and not _started(result), words


ROUTE_70K_TTC = "Bonjour, mission AMO estimée 70 000 € TTC, quelle procédure ?"


def test_a_tax_said_after_a_route_read_so_is_said_counted(tracker_for, run, on):
    """r2-a5: « mission AMO estimée 70 000 € TTC, quelle procédure ? » then
    « en fait c'est TTC pas HT » started the diagnostic; it was counted TTC
    already. « c'est HT » gives the route of 70 000 € HT."""
    from rasa_sdk.events import FollowupAction

    on(dt.date(2026, 11, 23))
    tracker = _with_earlier(tracker_for(text="en fait c'est TTC pas HT", intent="inform"),
                            _user(ROUTE_70K_TTC, "ask_procurement"), {"event": "bot", "text": "…"})
    result = run(ActionStartDiagnostic(), tracker)
    assert result.texts == ["C'est déjà compté en TTC\u00a0: 70\u202f000\u00a0€ TTC, soit environ "
                            "58\u202f333\u00a0€\u00a0HT (TVA à 20\u202f%)."]
    assert FollowupAction("action_listen") in result.events and not result.slots
    tracker = _with_earlier(tracker_for(text="en fait c'est HT", intent="inform"),
                            _user(ROUTE_70K_TTC, "ask_procurement"), {"event": "bot", "text": "…"})
    result = run(ActionStartDiagnostic(), tracker)
    words = result.text.replace(NNBSP, " ").replace(NBSP, " ")
    assert words.startswith("C'est corrigé : 70 000 € HT.") and "Pour 70 000 € HT" in words
    assert "MAPA" in words and not _started(result)


def test_waiting_before_signing_heard_as_information_is_answered(tracker_for, run):
    """« il faut attendre avant de signer ? » heard as information: the
    standstill's answer (session 13), no diagnostic started."""
    from rasa_sdk.events import FollowupAction

    result = run(ActionStartDiagnostic(), tracker_for(text="il faut attendre avant de signer ?", intent="inform"))
    assert result.texts[0].startswith("En procédure adaptée (MAPA), aucun délai n'est imposé")
    assert not _started(result) and FollowupAction("action_listen") in result.events


PROPOSAL = ("Bonjour Madame le Maire, Suite à notre échange téléphonique, réalisation du schéma directeur "
            "immobilier énergétique de votre commune. Je vous propose une mission en deux phases : 38 900 € HT "
            "pour la phase 1 (diagnostic) et 29 500 € HT pour la phase 2 (programme). Les deux phases étant "
            "distinctes, vous pouvez nous confier directement chacune des phases sans mise en concurrence. "
            "Cordialement, J. Martin")


def test_a_pasted_proposal_gives_the_diagnostic_its_total(tracker_for, run, on):
    """Live test, session 15: after a two-phase proposal (its answer read
    38 900 + 29 500 = 68 400 € HT), the diagnostic noted « numérique » (the
    « échange téléphonique » of the letter's opening) and a budget of
    29 500 € HT (the last amount), and ended on a dispense: the total, and
    the subject without the opening."""
    on(dt.date(2026, 11, 23))
    tracker = _with_earlier(
        tracker_for(text="on veut bien faire le diagnostic", intent="start_diagnostic"),
        _user(PROPOSAL, "ask_mission_families", [
            _entity(PROPOSAL, "38 900 € HT", "amount", "38 900 € HT"),
            _entity(PROPOSAL, "29 500 € HT", "amount", "29 500 € HT")]),
        {"event": "bot", "text": "C'est une proposition de prestataire…"},
    )
    result = run(ActionStartDiagnostic(), tracker)
    assert result.slots["amount"] == 68400.0, result.slots
    assert result.slots.get("theme") == "energie" and not result.slots["project"].startswith("Suite"), result.slots


@pytest.mark.parametrize("text", ["annuler", "on arrête là", "stop svp"])
def test_stopping_heard_as_off_topic_pauses_the_diagnostic(tracker_for, run, text):
    """« annuler » during the diagnostic got « Je ne peux pas vous aider sur ce
    point » and the question again (live test, session 17)."""
    from actions.diagnostic import ActionOffTopicInDiagnostic

    tracker = tracker_for(text=text, intent="out_of_scope", active_loop="diagnostic_form",
                          slots={"requested_slot": "structure_type"})
    result = run(ActionOffTopicInDiagnostic(), tracker)
    assert result.messages[0].get("response") == "utter_diagnostic_paused"
    assert {"event": "active_loop", "name": None} in [
        {"event": e.get("event"), "name": e.get("name")} for e in result.events]


def test_off_topic_during_the_diagnostic_is_still_said_so(tracker_for, run):
    from actions.diagnostic import ActionOffTopicInDiagnostic

    tracker = tracker_for(text="quelle météo demain à Lyon ?", intent="out_of_scope", active_loop="diagnostic_form",
                          slots={"requested_slot": "structure_type"})
    result = run(ActionOffTopicInDiagnostic(), tracker)
    assert [m.get("response") for m in result.messages] == ["utter_out_of_scope"] and not result.events


@pytest.mark.parametrize("earlier, said", [
    ("On veut un AMO pour notre PCAET, 80 000 € HT, mission de 18 mois.", "Vous avez parlé de 18 mois."),
    ("schéma directeur, mission de 2 ans, 218 000 € HT", "Vous avez parlé de 2 ans."),
    # live test, session 24
    ("bjr je suis dgs d'une cc de 22000 habitants on lance un schéma directeur des réseaux d'eau, 2 ans d'étude",
     "Vous avez parlé de 2 ans."),
    ("on veut un AMO pour notre PCAET", None),
])
def test_the_duration_question_names_the_length_said(tracker_for, run, earlier, said):
    """« … sur 18 mois » was asked « Ce besoin est-il ponctuel… ? » as if
    nothing had been said (live test, session 18)."""
    from actions.ask import ASK_ACTIONS

    tracker = _with_earlier(tracker_for(text="expertise", intent="inform", active_loop="diagnostic_form"),
                            _user(earlier, "inform", []))
    result = run(ASK_ACTIONS["duration"](), tracker)
    assert result.texts[0].startswith(said or "Ce besoin est-il ponctuel")
    assert [b["title"] for b in result.buttons] == ["Ponctuel", "Durable", "Je ne sais pas"]


SIGN = ("bjr je suis elue a la transition ecologique dans une commune de 5000 hab, on a un projet de reseau de "
        "chaleur bois, le bureau d'etude nous propose une mission AMO a 48 000 euros TTC sur 3 ans, on a pas eu "
        "d'autre devis, on peut signer ?")


def _entities(text, *pairs):
    return [{"entity": name, "value": value, "start": text.index(typed), "end": text.index(typed) + len(typed)}
            for name, value, typed in pairs]


def test_a_route_question_in_the_first_message_is_answered_before_the_diagnostic(tracker_for, run, monkeypatch):
    """Live test, session 23: a first message saying who asks, the offer's
    amount and « on peut signer ? » started the diagnostic; the question was
    lost. The route's verdict first, in one message, at today's date; then
    the diagnostic, with what the message said."""
    import datetime as dt
    from actions import clock

    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 11, 24))
    entities = _entities(SIGN, ("structure_type", "commune", "commune"), ("population", "5000", "5000 hab"),
                         ("amount", "48 000 euros TTC", "48 000 euros TTC"))
    result = run(ActionStartDiagnostic(), tracker_for(text=SIGN, intent="inform", entities=entities))
    first = result.texts[0].replace("\u202f", " ").replace("\u00a0", " ")
    assert first.startswith("Pour 48 000 € TTC (40 000 € HT), vous êtes sous le seuil de dispense de 60 000 € HT"), \
        result.texts
    assert "R2122-8" in first and result.texts[1].startswith("Faisons le point"), result.texts


def test_a_first_message_without_a_question_gets_no_route(tracker_for, run):
    text = "commune de 300 habitants, on veut faire un audit energetique, budget 10 000 euros"
    entities = _entities(text, ("structure_type", "commune", "commune"), ("amount", "10 000 euros", "10 000 euros"))
    result = run(ActionStartDiagnostic(), tracker_for(text=text, intent="inform", entities=entities))
    assert result.texts[0].startswith("Faisons le point") and "seuil" not in result.text, result.texts


def test_the_same_provider_asked_in_the_first_message(tracker_for, run, monkeypatch):
    """Live test, session 23: a DGS's first message ending « Faut il remettre
    en concurrence ou on peut reprendre le meme BE ? » got the route alone:
    the answer on the same provider first (possible under the dispense, not
    systematically), then the route's verdict, then the diagnostic."""
    import datetime as dt
    from actions import clock

    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 11, 24))
    text = ("bonjour je suis la DGS d'une CC de 15000 hab. Nos elus veulent un AMO pour le schema directeur "
            "cyclable. On a deja fait une etude il y a 5 ans avec un BE. Budget 35000 HT. Personne en interne. "
            "Faut il remettre en concurrence ou on peut reprendre le meme BE ?")
    entities = _entities(text, ("structure_type", "epci", "CC"), ("amount", "35000 HT", "35000 HT"))
    result = run(ActionStartDiagnostic(), tracker_for(text=text, intent="inform", entities=entities))
    texts = [t.replace("\u202f", " ").replace("\u00a0", " ") for t in result.texts]
    assert texts[0].startswith("Sous le seuil de dispense, oui, c'est possible, mais pas systématiquement"), texts
    assert texts[1].startswith("Pour 35 000 € HT, vous êtes sous le seuil de dispense") and \
        texts[2].startswith("Faisons le point"), texts


def test_a_direct_question_in_the_first_message_is_answered_before_the_diagnostic(tracker_for, run):
    """A first message saying who asks and asking a question the data answer
    directly (« … ya des aides ? »): that answer first, then the diagnostic
    (the form no longer answers it, dropping the message's answers)."""
    text = "commune de 600 habitants, on veut renover l'ecole, ya des aides ?"
    entities = _entities(text, ("structure_type", "commune", "commune"), ("population", "600", "600 habitants"))
    result = run(ActionStartDiagnostic(), tracker_for(text=text, intent="inform", entities=entities))
    assert result.texts[0].startswith("Je n'ai pas de liste à jour des aides financières"), result.texts
    assert any(t.startswith("Faisons le point") for t in result.texts[1:]), result.texts


# -- live test, session 24 ------------------------------------------------------------

def test_a_free_study_by_the_contractor_is_answered_before_the_diagnostic(tracker_for, run):
    """« … Un installateur nous propose de faire l'étude gratuitement si on lui
    commande les travaux. C'est une bonne idée ? » started the diagnostic and
    the question was lost."""
    text = ("Bonsoir. Commune de 1200 habitants, nous devons remplacer la chaudière fioul de la salle des "
            "fêtes. Un installateur nous propose de faire l'étude gratuitement si on lui commande les travaux. "
            "C'est une bonne idée ?")
    result = run(ActionStartDiagnostic(), tracker_for(text=text, intent="inform"))
    assert result.texts[0].startswith("Prudence\u00a0: une étude offerte par l'entreprise"), result.texts
    assert "R2122-8" in " ".join(result.texts)
    assert _started(result)


def test_whether_an_amo_is_needed_is_answered_before_the_diagnostic(tracker_for, run):
    """« j'ai besoin d'un amo pour mon pcaet mais le président dit qu'on a pas
    besoin, qui a raison ? » started the diagnostic and the question was
    lost: not compulsory (no « Non. » for « qui a raison ? »), then the
    questions that decide."""
    text = "j'ai besoin d'un amo pour mon pcaet mais le président dit qu'on a pas besoin, qui a raison ?"
    result = run(ActionStartDiagnostic(), tracker_for(text=text, intent="start_diagnostic"))
    assert result.texts[0].startswith("Aucun texte n'oblige une collectivité"), result.texts
    assert _started(result)


def test_the_cheapest_of_several_quotes_starts_no_diagnostic(tracker_for, run):
    """« on a reçu 3 devis …, un à 12k, un à 18k et un à 25k, on prend le moins
    cher ? » heard as information: « J'ai lu plusieurs montants… », and
    « un à 25k » in the budget's slot. Answered; nothing noted."""
    text = "on a reçu 3 devis pour l'audit énergétique, un à 12k, un à 18k et un à 25k, on prend le moins cher ?"
    result = run(ActionStartDiagnostic(), tracker_for(text=text, intent="inform", slots={"amount": "un à 25k"}))
    assert result.texts[0].startswith("Vos devis répondent au même besoin"), result.texts
    assert not _started(result) and result.slots.get("amount") is None, result.slots


def test_who_writes_said_inside_a_question_is_recorded(tracker_for, run):
    """« bonjour, nous sommes un PETR de 45 communes et on réfléchit à un
    CRTE, on aurait besoin d'un chargé de mission ou d'un cabinet ? »
    (answered), then « capacité surtout » started the diagnostic: the project
    was taken from the first message, and the structure asked."""
    first = ("bonjour, nous sommes un PETR de 45 communes et on réfléchit à un contrat de relance et de "
             "transition écologique (CRTE), on aurait besoin d'un chargé de mission ou d'un cabinet ?")
    tracker = _with_earlier(tracker_for(text="capacité surtout", intent="inform"),
                            _user(first, "ask_internalise"))
    result = run(ActionStartDiagnostic(), tracker)
    assert result.slots.get("structure_type") == "syndicat", result.slots


def test_a_regulatory_study_is_out_of_scope_not_a_diagnostic(tracker_for, run):
    """« je voudrais savoir si on doit faire une étude d'impact »
    (start_diagnostic) started the diagnostic: out of scope, said, and whom
    to ask; no diagnostic."""
    result = run(ActionStartDiagnostic(), tracker_for(text="je voudrais savoir si on doit faire une étude d'impact",
                                                      intent="start_diagnostic"))
    assert result.texts[0].startswith("Les études et autorisations réglementaires d'un projet"), result.texts
    assert "direction départementale des territoires" in result.text
    assert not _started(result)


def test_what_a_dictated_message_said_before_its_questions_is_recorded(tracker_for, run):
    """« bonjour je suis le maire de saint-jean 600 habitants on veut refaire
    la toiture de l eglise et mettre des panneaux est ce qu il faut un amo et
    combien ca coute », then « ok faisons le diagnostic »: only « commune »
    was recorded, the message being read as one question (live test, session
    26). Its statement gives the population and the project."""
    dictated = ("bonjour je suis le maire de saint-jean 600 habitants on veut refaire la toiture de l eglise et "
                "mettre des panneaux est ce qu il faut un amo et combien ca coute")
    entities = [_entity(dictated, "maire", "structure_type", "commune"),
                _entity(dictated, "600 habitants", "population", "600")]
    tracker = _with_earlier(tracker_for(text="ok faisons le diagnostic", intent="start_diagnostic"),
                            _user(dictated, "ask_price", entities), {"event": "bot", "text": "Non. Aucun texte…"})
    slots = run(ActionStartDiagnostic(), tracker).slots
    assert slots["population"] == 600 and slots["structure_type"] == "commune"
    assert slots["project"] == "refaire la toiture de l'église et mettre des panneaux"
