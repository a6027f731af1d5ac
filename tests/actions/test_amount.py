"""The validator of the budget question (``actions.amount``): amounts typed
HT or TTC, estimates, the works told from the mission, options added."""
import pytest

from tests.actions.form_helpers import answer, run_form, typed_while_asked, validate


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


@pytest.mark.parametrize("text", ["pas de budget", "on a pas d'argent en fait", "aucun", "rien du tout"])
def test_no_budget_is_noted_unknown_with_where_to_look_for_aids(tracker_for, domain, text):
    """« pas de budget », « aucun »… got « Je n'ai pas reconnu de montant »,
    and « rien du tout » was noted « personne » for the staff (live test,
    session 25). The budget is noted unknown, said, with where to ask for
    aids; nothing else is noted."""
    slots, messages = run_form(typed_while_asked(tracker_for, text, "amount"), domain)
    texts = [m.get("text") or "" for m in messages]
    assert slots["amount"] == "inconnu" and slots.get("internal_resources") is None
    assert texts[0].startswith("D'accord\u00a0: pas de budget") and any("ADEME" in t for t in texts), texts
    assert not any("reconnu" in t for t in texts)


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


@pytest.mark.parametrize("text, number, kept", [
    # live test, session 18: « C'est déjà noté : budget 60 000 € HT », then the
    # route of 60 000 € HT (a MAPA) where 59 000 € HT is under the dispense
    ("en fait c'est plutot 59 000", "59 000", 59000.0),
    ("en fait c'est plutôt 80 000", "80 000", 80000.0),
    ("pardon, 52 000", "52 000", 52000.0),
    # nearer the number of inhabitants (2 400): not the budget
    ("en fait c'est 2 600", "2 600", 60000.0),
    # no correction said: a bare number at another question is not the budget
    ("59 000", "59 000", 60000.0),
])
def test_a_bare_number_said_as_a_correction_at_another_question_corrects_the_budget(
        tracker_for, domain, text, number, kept):
    slots = {"structure_type": "commune", "population": 2400, "project": "bilan carbone",
             "amount": 60000.0, "duration": "ponctuel"}
    tracker = typed_while_asked(tracker_for, text, "need_kinds", slots=slots)
    tracker.latest_message["entities"] = [{"entity": "amount", "value": number}]
    result, messages = validate("amount", number, tracker, domain)
    assert result["amount"] == kept
    if kept != 60000.0:
        assert messages[0].replace("\u202f", " ").replace("\u00a0", " ") == \
            f"C'est corrigé : budget {number} € HT."


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


@pytest.mark.parametrize("value", [1e15, -5.0, 0, 0.2, float("inf"), float("nan")])
def test_a_forged_number_obeys_the_bounds_of_a_typed_amount(tracker_for, domain, value):
    tracker = answer(tracker_for, f'/inform{{"amount": {value}}}', "amount",
                     entities=[{"entity": "amount", "value": value}])
    result, messages = validate("amount", value, tracker, domain)
    assert result == {"amount": None}
    assert len(messages) == 1 and "HT" in messages[0]


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
    tracker = typed_while_asked(tracker_for, text, "need_kinds",
                                 slots={"structure_type": "commune", "project": "bilan carbone"})
    if entity:
        tracker.latest_message["entities"] = [{"entity": "amount", "value": "35 000 TTC"}]
        tracker.slots["amount"] = "35 000 TTC"
        tracker.events.append({"event": "slot", "name": "amount", "value": "35 000 TTC"})
    slots, messages = run_form(tracker, domain)
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


# -- « en fait c'est TTC » without the amount (live test t12d, session 12) --------------

from tests.actions.form_helpers import starting_message  # noqa: E402
from tests.actions.question_helpers import NBSP, NNBSP, plain  # noqa: E402


def _flat(texts) -> str:
    """Messages (texts or dispatcher messages) as one text with plain spaces."""
    joined = " ".join(t if isinstance(t, str) else (t.get("text") or "") for t in texts)
    return joined.replace(NBSP, " ").replace(NNBSP, " ")

BUDGET_250K_TTC = ("C'est corrigé\u00a0: budget 250\u202f000\u00a0€ TTC, soit environ "
                   "208\u202f333\u00a0€\u00a0HT (TVA à 20\u202f%).")


@pytest.mark.parametrize("text", ["en fait c'est TTC", "c'était TTC", "c TTC pas HT", "montant TTC"])
def test_ttc_said_alone_converts_the_budget_noted_while_another_question_waits(tracker_for, domain, text):
    """« on a prévu 250 k€ sur 3 ans » read as 250 000 € HT, then « en fait
    c'est TTC » at the population question: « Je n'ai pas compris le nombre
    d'habitants », and the budget stayed HT (a formalised procedure instead
    of a MAPA). The budget is converted and said; the question waiting is
    asked again, not answered by that text."""
    tracker = typed_while_asked(tracker_for, text, "population",
                                slots={"structure_type": "epci", "amount": 250000.0})
    slots, messages = run_form(tracker, domain)
    assert slots["amount"] == 208333.33 and slots["amount_ttc"] == 250000.0
    assert slots["population"] is None
    assert [m.get("text") for m in messages] == [BUDGET_250K_TTC]


def _done_with(tracker_for, text, intent, slots):
    """A message typed once the result was given for ``slots``, the form
    active again (``action_start_diagnostic`` set ``diagnostic_done`` False)."""
    from tests.actions.test_advice import PROFILE

    values = {**PROFILE, **slots}
    tracker = tracker_for(text=text, intent=intent, slots=values, active_loop="diagnostic_form")
    tracker.events[:0] = [{"event": "slot", "name": name, "value": value}
                          for name, value in values.items()] + [
        {"event": "slot", "name": "diagnostic_done", "value": True}]
    return tracker


def test_ttc_said_alone_after_the_result_converts_the_budget(tracker_for, domain):
    """t12d: after the result, « en fait c'est TTC » → « je mets à jour le
    résultat. Le conseil reste le même », the budget still 250 000 € HT."""
    tracker = _done_with(tracker_for, "en fait c'est TTC", "inform", {"amount": 250000.0})
    slots, messages = run_form(tracker, domain)
    assert slots["amount"] == 208333.33 and slots["amount_ttc"] == 250000.0
    assert [m.get("text") for m in messages] == [BUDGET_250K_TTC]


def test_ht_said_alone_undoes_a_ttc_reading(tracker_for, domain):
    """The reverse: an amount read TTC, then « en fait c'est HT »."""
    tracker = _done_with(tracker_for, "non c'est HT", "inform", {"amount": 208333.33, "amount_ttc": 250000.0})
    slots, messages = run_form(tracker, domain)
    assert slots["amount"] == 250000.0 and slots["amount_ttc"] is None
    assert [m.get("text") for m in messages] == ["C'est corrigé\u00a0: budget 250\u202f000\u00a0€\u00a0HT."]
    # Already HT: said noted, nothing changes
    tracker = _done_with(tracker_for, "c'est HT", "inform", {"amount": 250000.0})
    slots, messages = run_form(tracker, domain)
    assert slots["amount"] == 250000.0 and slots["amount_ttc"] is None
    assert [m.get("text") for m in messages] == ["C'est déjà noté\u00a0: budget 250\u202f000\u00a0€\u00a0HT."]


def test_the_result_after_ttc_said_alone_gives_the_route_of_the_ht_value(tracker_for, run, on):
    """What « La procédure en détail » said after the correction was still
    « Pour 250 000 € HT, vous atteignez le seuil européen… »: the updated
    result routes 208 333 € HT, a MAPA with a BOAMP or JAL notice."""
    import datetime as dt

    from actions.advice import ActionGiveAdvice
    from tests.actions.test_advice import PROFILE, _corrected

    on(dt.date(2026, 11, 23))
    slots = {**PROFILE, "structure_type": "epci", "population": 500000, "amount": 208333.33,
             "amount_ttc": 250000.0}
    tracker = _corrected(tracker_for, slots, "amount", 250000.0)
    tracker.events.append({"event": "slot", "name": "amount_ttc", "value": 250000.0})
    words = plain(run(ActionGiveAdvice(), tracker))
    assert "Pour 250 000 € TTC (environ 208 333 € HT)" in words
    assert "MAPA" in words and "BOAMP" in words and "formalisée s'impose" not in words


def test_ttc_said_alone_heard_as_a_fallback_after_the_result_is_made(tracker_for, run, on):
    """« en fait c'est hors taxe » is heard as nlu_fallback (0.30): the
    correction is made there too, and the route updated."""
    import datetime as dt

    from actions.hygiene import ActionDefaultFallback
    from tests.actions.test_advice import PROFILE

    on(dt.date(2026, 11, 23))
    values = {**PROFILE, "structure_type": "epci", "amount": 208333.33, "amount_ttc": 250000.0}
    tracker = tracker_for(text="en fait c'est hors taxe", intent="nlu_fallback",
                          slots={**values, "diagnostic_done": True})
    tracker.events[:0] = [{"event": "slot", "name": name, "value": value} for name, value in values.items()] + [
        {"event": "slot", "name": "diagnostic_done", "value": True}]
    result = run(ActionDefaultFallback(), tracker)
    assert result.texts[0] == "C'est corrigé\u00a0: budget 250\u202f000\u00a0€\u00a0HT."
    assert result.slots["amount"] == 250000.0 and result.slots["amount_ttc"] is None
    assert "seuil européen" in plain(result)


def test_a_tax_said_with_no_budget_noted_changes_nothing(tracker_for, domain):
    tracker = typed_while_asked(tracker_for, "c'est TTC", "population", slots={"structure_type": "epci"})
    slots, _ = run_form(tracker, domain)
    assert slots.get("amount") is None and slots.get("amount_ttc") is None


# -- a share left after a subsidy is not the value of the need (live test t12n) ----------

def test_a_share_after_a_subsidy_with_its_rate_gives_the_whole_value(tracker_for, domain):
    """« c'est financé à 80% par le fonds vert, le reste c'est 12 000 » at the
    budget question → « C'est noté : 12 000 € HT … sous le seuil de dispense »:
    the mission is worth 60 000 € HT, the value the thresholds apply to."""
    text = "c'est financé à 80% par le fonds vert, le reste c'est 12 000"
    result, texts = validate("amount", text, answer(tracker_for, text, "amount"), domain)
    assert result == {"amount": 60000.0}
    said = _flat(texts)
    assert "subventions comprises (art. R2121-1)" in said
    assert "12 000 / 0,2 = 60 000 € HT au total" in said


@pytest.mark.parametrize("text", ["on a 15 000 de reste à charge",
                                  "environ 12 000 de reste à charge après la subvention de la région"])
def test_a_share_after_a_subsidy_without_its_rate_asks_for_the_total(tracker_for, domain, text):
    result, texts = validate("amount", text, answer(tracker_for, text, "amount"), domain)
    assert result == {"amount": None}
    said = _flat(texts)
    assert "subventions comprises (art. R2121-1)" in said and "montant total de la mission" in said


def test_a_share_after_a_subsidy_in_the_first_message_is_the_whole_value(tracker_for, domain):
    text = "commune de 800 habitants, bilan carbone, subvention de 50 %, reste à charge 20 000 €"
    tracker = starting_message(tracker_for, text, [{"entity": "amount", "value": "20 000 €"}],
                               {"amount": "20 000 €"})
    slots, messages = run_form(tracker, domain)
    assert slots["amount"] == 40000.0
    assert "20 000 / 0,5 = 40 000 € HT au total" in _flat(messages)


def test_a_share_after_a_subsidy_typed_at_another_question_is_said_whole(tracker_for, domain):
    tracker = typed_while_asked(tracker_for, "subvention de 50 %, reste à charge 20 000 €", "need_kinds",
                                slots={"structure_type": "commune", "project": "bilan carbone"})
    slots, messages = run_form(tracker, domain)
    assert slots["amount"] == 40000.0
    said = _flat(messages)
    assert "20 000 / 0,5 = 40 000 € HT au total" in said and "budget 40 000 € HT" in said


# -- the share after a subsidy said TTC afterwards (r2-d1, session 12) -------------------

SHARE_80 = "le projet est subventionne a 80 % par l'ademe, le reste 12 000 € pour nous"


def _after_share(tracker_for, text):
    """``text`` typed after the result, the budget noted 60 000 € HT from the
    share « le reste 12 000 € » with 80 % of subsidy."""
    tracker = _done_with(tracker_for, text, "inform", {"amount": 60000.0})
    tracker.events.insert(0, {"event": "user", "text": SHARE_80, "parse_data": {"intent": {"name": "inform"}}})
    return tracker


def test_a_share_said_ttc_afterwards_switches_the_whole_value(tracker_for, domain):
    """r2-d1: « …le reste 12 000 € pour nous » (60 000 € HT in all), then
    « en fait c'est 12 000 TTC » → « 12 000 € TTC, soit 10 000 € HT […] sous
    le seuil de dispense »: the subsidy was dropped. The whole value is
    60 000 € TTC, about 50 000 € HT."""
    slots, messages = run_form(_after_share(tracker_for, "en fait c'est 12 000 TTC"), domain)
    assert slots["amount"] == 50000.0 and slots["amount_ttc"] == 60000.0
    assert _flat(messages) == "C'est corrigé : budget 60 000 € TTC, soit 50 000 € HT (TVA à 20 %)."



# -- an estimate in doubt with a question mark (r2-d2, session 12) ------------------------

def test_an_estimate_in_doubt_heard_as_a_question_is_the_budget(tracker_for, domain, run):
    """r2-d2: « je sais pas trop, 80 000 ? » at the budget question (heard as
    ask_procurement) got the route of 80 000 € HT and the question again; it
    is the estimate asked for: no answer to a question, the budget noted as an
    estimate. « pour 80 000 €, faut-il mettre en concurrence ? » is still a
    question."""
    from actions.faq import ActionAnswerQuestion
    from tests.actions.form_helpers import typed_heard_as

    text = "je sais pas trop, 80 000 ?"
    slots = {"structure_type": "epci", "population": 25000}
    tracker = typed_heard_as(tracker_for, text, "amount", "ask_procurement", slots,
                             entities=[{"entity": "amount", "value": "80 000"}])
    assert run(ActionAnswerQuestion(), tracker).texts == []
    noted, messages = run_form(tracker, domain)
    assert noted["amount"] == 80000.0
    assert "estimation" in _flat(messages) or "environ" in _flat(messages), messages
    question = "pour 80 000 €, faut-il mettre en concurrence ?"
    tracker = typed_heard_as(tracker_for, question, "amount", "ask_procurement", slots,
                             entities=[{"entity": "amount", "value": "80 000 €"}])
    assert run(ActionAnswerQuestion(), tracker).texts


@pytest.mark.parametrize("text", ["2025", "en 2026 ?", "2030."])
def test_a_bare_year_at_the_budget_question_is_asked_about(tracker_for, domain, text):
    """Live test, session 12: « 2025 » alone at the budget question was noted
    2 025 € HT and routed (« sous le seuil de dispense… »). It may be a year:
    the user is asked which, nothing is stored."""
    year = text.strip(" ?.").split()[-1]
    tracker = answer(tracker_for, text, "amount", entities=[{"entity": "amount", "value": year}])
    result, messages = validate("amount", float(year), tracker, domain)
    assert result["amount"] is None
    assert any(f"l'année {year}" in m and "hors taxes" in m for m in messages), messages


@pytest.mark.parametrize("text, value", [("2025 €", 2025.0), ("2025 euros", 2025.0),
                                         ("2 025", 2025.0), ("20250", 20250.0)])
def test_a_number_with_a_currency_stays_an_amount(tracker_for, domain, text, value):
    tracker = answer(tracker_for, text, "amount", entities=[{"entity": "amount", "value": text}])
    result, _ = validate("amount", text, tracker, domain)
    assert result["amount"] == pytest.approx(value)


def test_a_bare_year_keeps_the_budget_given_before(tracker_for, domain):
    tracker = _with_amount(answer(tracker_for, "2025", "amount",
                                  entities=[{"entity": "amount", "value": "2025"}]), 38500.0)
    result, messages = validate("amount", 2025.0, tracker, domain)
    assert result["amount"] == 38500.0
    assert any("l'année 2025" in m for m in messages)


@pytest.mark.parametrize("value", ["-99999999999", "0", "1e309"])
def test_a_forged_amount_sent_while_another_question_waits_is_refused_aloud(tracker_for, domain, value):
    """Live test, session 22: ``/inform{"amount": "-99999999999"}`` while the
    structure was asked was dropped without a word, the structure asked
    again. A forged amount is read as a typed one, so it is refused with
    what is expected."""
    tracker = answer(tracker_for, f'/inform{{"amount": "{value}"}}', "structure_type",
                     entities=[{"entity": "amount", "value": value}])
    result, messages = validate("amount", value, tracker, domain)
    assert result == {"amount": None}
    assert len(messages) == 1 and "HT" in messages[0], messages


def test_a_forged_amount_within_bounds_is_kept_while_another_question_waits(tracker_for, domain):
    tracker = answer(tracker_for, '/inform{"amount": "45000"}', "structure_type",
                     entities=[{"entity": "amount", "value": "45000"}])
    result, _ = validate("amount", "45000", tracker, domain)
    assert result["amount"] == 45000.0



@pytest.mark.parametrize("text, value, said", [
    # live test, session 27: « C'est noté : 50 000 € HT », how to say TTC, then « C'est déjà noté »
    ("finalement on part sur 50k", 50000.0, ["C'est déjà noté : budget 50 000 € HT."]),
    ("finalement on part sur 60k", 60000.0, ["C'est corrigé : budget 60 000 € HT.",
                                             "Je compte ce montant hors taxes. S'il est TTC, dites-le, "
                                             "par exemple « 60 000 € TTC »."]),
])
def test_the_budget_said_again_at_another_question(tracker_for, domain, text, value, said):
    from tests.actions.form_helpers import typed_heard_as, with_mapped_entity

    slots = {"structure_type": "commune", "population": 3000, "project": "schéma directeur immobilier",
             "theme": "energie", "amount": 50000.0}
    tracker = typed_heard_as(tracker_for, text, "need_kinds", "inform", slots)
    with_mapped_entity(tracker, "amount", text.split()[-1], len(text) - 3, len(text))
    result, messages = run_form(tracker, domain)
    assert result.get("amount") == value
    assert [(m.get("text") or "").replace("\u00a0", " ").replace("\u202f", " ") for m in messages] == said
