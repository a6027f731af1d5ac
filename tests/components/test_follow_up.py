"""ProcurementFollowUp: « et en 2024 ? » is a procurement question, not a
fallback; anything else keeps its intent."""
import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.answers import is_procurement_follow_up
from components.follow_up import ProcurementFollowUp


def classified(text, intent, confidence=0.2):
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": confidence})
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": confidence},
                                     {"name": "ask_procurement", "confidence": 0.1}])
    ProcurementFollowUp().process([message])
    return message


@pytest.mark.parametrize("text", ["et en 2024 ?", "Et pour 90 000 € ?", "et si c'est 150 000 ?",
                                  "mais au 1er mars 2025 ?", "sinon pour 200k", "et avant avril 2026"])
@pytest.mark.parametrize("intent", ["nlu_fallback", "out_of_scope"])
def test_a_date_or_amount_follow_up_is_a_procurement_question(text, intent):
    message = classified(text, intent)
    assert message.get(INTENT) == {"name": "ask_procurement", "confidence": 1.0}
    ranking = message.get(INTENT_RANKING_KEY)
    assert [r["name"] for r in ranking] == ["ask_procurement", intent]


@pytest.mark.parametrize("text, intent", [
    ("et en 2024 ?", "ask_definition"),          # the classifier was sure of something else
    ("et pour 45 000 € ?", "inform"),            # an answer to the diagnostic
    ("et un mandataire ?", "nlu_fallback"),      # no date, no amount
    ("en 2024", "nlu_fallback"),                 # not a follow-up
    ("et pour une commune de 800 habitants ?", "nlu_fallback"),
    ("et pour 45000 euros faut il mettre en concurrence ou pas, on sait pas du tout ici",
     "nlu_fallback"),                            # a full question: the classifier's business
])
def test_anything_else_keeps_its_intent(text, intent):
    assert classified(text, intent).get(INTENT)["name"] == intent


def test_odd_input_is_not_a_follow_up():
    for text in ("", "   ", "et", "et ?", "😀", "et 😀 ?", "/inform", None):
        assert not is_procurement_follow_up(text), text


def heard(text, ranking):
    message = Message(data={TEXT: text})
    message.set(INTENT, dict(ranking[0]))
    message.set(INTENT_RANKING_KEY, [dict(r) for r in ranking])
    ProcurementFollowUp().process([message])
    return message


@pytest.mark.parametrize("text", [
    "les elections c'est en mars 2026 ou 2027 deja ? 😅",    # the mayor's
    "la mairie est fermée en août ?",
    "c'est quand la fête du village en 2026 ?",
])
def test_a_question_without_procurement_words_is_no_procurement_question(text):
    message = heard(text, [{"name": "ask_procurement", "confidence": 0.59},
                           {"name": "out_of_scope", "confidence": 0.16},
                           {"name": "inform", "confidence": 0.08}])
    assert message.get(INTENT) == {"name": "out_of_scope", "confidence": 1.0}
    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)] == ["out_of_scope", "inform"]


def test_after_a_fallback_procurement_is_not_suggested_for_such_a_question():
    message = heard("les élections c'est en mars 2026 ?",
                    [{"name": "nlu_fallback", "confidence": 0.3},
                     {"name": "ask_procurement", "confidence": 0.36},
                     {"name": "out_of_scope", "confidence": 0.32}])
    assert message.get(INTENT)["name"] == "nlu_fallback"
    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)] == ["nlu_fallback", "out_of_scope"]


@pytest.mark.parametrize("text", [
    "quel est le seuil en 2025 ?",
    "pour 45 000 € faut-il mettre en concurrence ?",
    "au dessus de combien faut publier une annonce",
    "qu'est-ce qui change au 1er avril ?",
    "et pour des travaux ?",
    "on doit prendre 3 devis ?",
    "en 2027 ?",                       # a date alone, without « et »: maybe a follow-up
    "au 1er mars 2026 ?",
    "on verra en mars 2026",           # statements: left to the classifier
])
def test_procurement_questions_and_statements_keep_their_intent(text):
    ranking = [{"name": "ask_procurement", "confidence": 0.6},
               {"name": "out_of_scope", "confidence": 0.2}]
    assert heard(text, ranking).get(INTENT) == ranking[0]


def test_every_procurement_example_says_something_of_procurement():
    """The rule agrees with data/nlu and the holdout: every ask_procurement
    example has a word of procurement or an amount, or is a follow-up."""
    from pathlib import Path

    from rasa.shared.nlu.training_data.loading import load_data

    from assistant.answers import mentions_procurement

    root = Path(__file__).resolve().parents[2]
    examples = [m.get(TEXT) for path in (root / "data" / "nlu", root / "tests" / "holdout" / "nlu.yml")
                for m in load_data(str(path)).intent_examples if m.get(INTENT) == "ask_procurement"]
    assert len(examples) > 150
    assert [t for t in examples if not mentions_procurement(t) and not is_procurement_follow_up(t)] == []


@pytest.mark.parametrize("text", ["en fait il y a une option en plus de 12600 sur 3 ans",
                                  "plus une tranche optionnelle de 20 000 €",
                                  # final M-H1: the total said back started the diagnostic
                                  "ça fait 51100 au total"])
@pytest.mark.parametrize("intent", ["inform", "nlu_fallback"])
def test_an_addition_to_the_need_is_a_procurement_question(text, intent):
    """Heard as inform, « il y a une option en plus de 12 600 » after a
    procurement answer started a diagnostic with a budget of 12 600 €."""
    assert classified(text, intent).get(INTENT) == {"name": "ask_procurement", "confidence": 1.0}


@pytest.mark.parametrize("text", ["on a 30 000 € de budget", "budget 51100 au total",
                                  "commune de 800 habitants avec 30 000 €"])
def test_a_plain_amount_is_not_an_addition(text):
    assert classified(text, "inform").get(INTENT)["name"] == "inform"


@pytest.mark.parametrize("text", ["et aujourd'hui ?", "et maintenant ?", "et si c 20000", "et 90 000 pile",
                                  "et 45k TTC", "ok et 72 000 TTC ?", "et 230 000 en 2028", "mais en 2024 ?"])
@pytest.mark.parametrize("intent", ["stop", "goodbye", "thank", "greet", "affirm", "deny", "dont_know"])
def test_a_bare_follow_up_is_no_pause_goodbye_or_thanks(text, intent):
    """« et aujourd'hui ? » after « et pour 45 000 ? » was heard as stop (0.67)
    and got « D'accord. Je reste à votre disposition… » (live bot, session 11):
    a message that only says an amount or a date after « et » is none of these."""
    message = heard(text, [{"name": intent, "confidence": 0.67}, {"name": "goodbye", "confidence": 0.17},
                           {"name": "out_of_scope", "confidence": 0.06}])
    assert message.get(INTENT) == {"name": "ask_procurement", "confidence": 1.0}
    assert message.get(INTENT_RANKING_KEY)[0] == {"name": "ask_procurement", "confidence": 1.0}


@pytest.mark.parametrize("text, intent", [
    ("ok on arrête pour aujourd'hui", "stop"),       # says more than a date
    ("ok merci", "thank"),
    ("ok pour 45 000", "affirm"),                   # may agree
    ("d'accord pour 45 000 € HT", "affirm"),
    ("et maintenant on fait quoi ?", "ask_apres_mission"),
    ("et maintenant ?", "ask_apres_mission"),       # the menu after the result: the actions decide
    ("et si c 20000", "inform"),                    # an answer or a follow-up: the actions decide
    ("et le CAUE ?", "ask_partners"),
])
def test_other_intents_of_short_messages_stand(text, intent):
    ranking = [{"name": intent, "confidence": 0.67}, {"name": "out_of_scope", "confidence": 0.1}]
    assert heard(text, ranking).get(INTENT) == ranking[0]


@pytest.mark.parametrize("text, intent", [
    # live test, session 12
    ("et si on lance en mars ?", "start_diagnostic"),       # 0.35: it started the diagnostic
    ("et début 2027 ?", "restart_diagnostic"),              # 0.49: answers forgotten, then started
    ("et si on attend avril ?", "nlu_fallback"),            # no date was read in it
    ("même au-dessus de 1 million ?", "nlu_fallback"),
])
def test_a_later_launch_or_another_amount_is_a_procurement_question(text, intent):
    assert classified(text, intent, 0.4).get(INTENT) == {"name": "ask_procurement", "confidence": 1.0}


@pytest.mark.parametrize("text", ["et si on recommence le diagnostic en mars ?", "on lance le diagnostic",
                                  "recommencer en 2027"])
def test_a_request_to_start_that_says_more_keeps_its_intent(text):
    for intent in ("start_diagnostic", "restart_diagnostic"):
        assert classified(text, intent, 0.6).get(INTENT)["name"] == intent


@pytest.mark.parametrize("text", ["et pour des travaux ?", "et pour un marché de travaux ?", "et si c des travaux ?"])
@pytest.mark.parametrize("intent", ["ask_independence", "nlu_fallback", "inform", "ask_definition"])
def test_a_follow_up_naming_works_is_a_procurement_question(text, intent):
    """r2-c1: « c koi le seuil de dispense ? » then « et pour des travaux ? »,
    heard as ask_independence 0.36, got the AMO's independence from the
    works' companies: the same question for works."""
    message = classified(text, intent, confidence=0.36)
    assert message.get(INTENT) == {"name": "ask_procurement", "confidence": 1.0}


@pytest.mark.parametrize("text", ["et les travaux, l'AMO doit être indépendant ?", "pour des travaux ?",
                                  "et pour le chantier ?", "et pour une AMO ?"])
def test_works_said_with_more_keep_their_intent(text):
    assert classified(text, "ask_independence").get(INTENT)["name"] == "ask_independence"


def test_one_year_only_after_a_procurement_answer_is_a_procurement_question():
    """r2-f2: « et si on fait que 1 an ? » after a route for 105 000 € got
    « Je ne suis pas sûr d'avoir compris »."""
    message = classified("et si on fait que 1 an ?", "nlu_fallback")
    assert message.get(INTENT) == {"name": "ask_procurement", "confidence": 1.0}


@pytest.mark.parametrize("text", ["et si je prends pas l'option ?", "et sans l'option ?", "et si on fait que 1 an ?"])
@pytest.mark.parametrize("intent", ["start_diagnostic", "restart_diagnostic", "deny", "dont_know", "stop"])
def test_a_question_on_the_need_just_given_is_no_request_to_start(text, intent):
    """CI of session 14: « et si je prends pas l'option ? » after a need and
    its option was heard as start_diagnostic 0.35 and started the diagnostic
    instead of giving the need's value without the option."""
    message = classified(text, intent, confidence=0.35)
    assert message.get(INTENT) == {"name": "ask_procurement", "confidence": 1.0}


@pytest.mark.parametrize("text", ["Nos élus veulent 60 % prix.", "prix 70%", "40 % pour le prix c'est bien"])
def test_a_price_weight_heard_as_a_fallback_is_a_criteria_question(text):
    """CI of session 14: « Nos élus veulent 60 % prix. » came out inform 0.43,
    ask_criteria 0.41, a fallback for ambiguity (« Vouliez-vous parler
    de : »); the weight of the price is a question of award criteria."""
    message = heard(text, [{"name": "nlu_fallback", "confidence": 0.3}, {"name": "inform", "confidence": 0.43},
                           {"name": "ask_criteria", "confidence": 0.41}])
    assert message.get(INTENT) == {"name": "ask_criteria", "confidence": 1.0}
    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)][:2] == ["ask_criteria", "nlu_fallback"]


@pytest.mark.parametrize("text, intent", [
    ("Nos élus veulent 60 % prix.", "inform"),            # the actions decide (typed first or in the form)
    ("60 % prix pour 30 000 € HT", "nlu_fallback"),        # an amount too: not only a weight
    ("70 % de subvention", "nlu_fallback"),               # no price
])
def test_other_weights_or_intents_stand(text, intent):
    assert heard(text, [{"name": intent, "confidence": 0.4}]).get(INTENT)["name"] == intent
