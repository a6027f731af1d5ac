"""A provider's proposal pasted in (``actions.proposal``): as a question
(the route of its amount, the points to check before signing), or while a
question of the diagnostic waits (read as a proposal, not as an answer)."""
import pytest

from actions.diagnostic import ActionOutOfScope
from actions.faq import ActionAnswerQuestion
from actions.hygiene import ActionDefaultFallback
from actions.slots import DIAGNOSTIC_SLOTS
from assistant.text import normalize
from tests.actions.form_helpers import NOTED, run_form, typed_heard_as

NBSP = "\u00a0"


def _plain(text: str) -> str:
    return text.replace(NBSP, " ").replace("\u202f", " ")


# -- a provider's e-mail pasted in (final M-M1) ---------------------------------------

MARTIN = ("Bonjour Madame le Maire, Suite à notre échange, je vous propose une mission d'accompagnement "
          "à la rédaction du cahier des charges de votre schéma directeur numérique, en 6 réunions, pour "
          "un montant de 18 500 € HT. Je reste à votre disposition. Cordialement, J. Martin, consultant")
DURAND = ("on a reçu ça, vous en pensez quoi ?\n\nMadame, Monsieur,\n\nNous avons le plaisir de vous adresser "
          "notre proposition pour accompagner votre commune dans l'élaboration de son plan climat. Notre "
          "intervention comprend un diagnostic, quatre ateliers et la rédaction du plan d'actions.\n\n"
          "Nos honoraires s'élèvent à 42 000 euros HT.\n\nRestant à votre disposition,\nBien cordialement,\n"
          "Cabinet Durand Conseil")
LEROY = ("Bonjour Monsieur le Président,\nsuite à notre rendez-vous, je vous transmets notre offre d'assistance "
         "à maîtrise d'ouvrage pour la rénovation énergétique de vos bâtiments : 85 000 € HT sur 18 mois, "
         "réunions de suivi comprises.\nBien à vous,\nP. Leroy")


@pytest.mark.parametrize("text, intent, action, dispense", [
    (MARTIN, "ask_mission_families", ActionAnswerQuestion, True),
    ("on a reçu ça, vous en pensez quoi ? " + MARTIN, "ask_dce_content", ActionAnswerQuestion, True),
    (DURAND, "out_of_scope", ActionOutOfScope, True),
    (LEROY, "nlu_fallback", ActionDefaultFallback, False),
])
def test_a_providers_proposal_gets_its_route_and_the_points_to_check(tracker_for, run, text, intent, action,
                                                                      dispense):
    """A consultant's e-mail pasted in got the mission families. It is read as
    a proposal: the route of its amount at today's date (under the dispense
    threshold, the R2122-8 obligations in one line), the points to check from
    the risks data, and the diagnostic offered; two messages."""
    result = run(action(), tracker_for(text=text, intent=intent))
    first, second = (_plain(t) for t in result.texts) if len(result.texts) == 2 else (None, None)
    assert first is not None, result.texts
    assert first.startswith("C'est une proposition de prestataire")
    if dispense:
        assert "sous le seuil de dispense de 60 000 € HT" in first
        assert "ne pas contracter systématiquement avec le même prestataire" in first
    else:
        assert "Pour 85 000 € HT, il faut un marché à procédure adaptée (MAPA)" in first
        assert "sous le seuil de dispense" not in first
    assert "des livrables que vous pourrez reprendre seuls" in second
    assert "temps de passation" in second
    assert result.buttons == [{"title": "Faire le diagnostic", "payload": "/start_diagnostic"}]
    assert "familles" not in first + second and "cinq" not in first + second


def test_a_proposal_said_ht_and_ttc_is_one_price(tracker_for, run):
    text = ("Bonjour, je vous propose une mission d'accompagnement pour un montant de 18 500 € HT, soit "
            "22 200 € TTC, sur six mois avec restitution aux élus. Cordialement, le cabinet Conseil")
    said = _plain(run(ActionAnswerQuestion(), tracker_for(text=text, intent="ask_price")).text)
    assert "Pour 18 500 € HT, vous êtes sous le seuil de dispense" in said
    assert "plusieurs montants" not in said


def test_a_proposal_without_an_amount_asks_for_it(tracker_for, run):
    text = ("Bonjour Madame la Présidente, suite à notre échange téléphonique, nous vous proposons "
            "d'accompagner le syndicat dans la définition de sa stratégie numérique. Cordialement, A. Petit")
    said = _plain(run(ActionOutOfScope(), tracker_for(text=text, intent="out_of_scope")).text)
    assert said.startswith("C'est une proposition de prestataire")
    assert "pas de montant" in said and "seuil de dispense" not in said


def test_a_question_that_greets_is_not_a_proposal(tracker_for, run):
    text = ("Bonjour, pour une mission d'AMO à 30 000 € HT, faut-il mettre en concurrence ou peut-on signer "
            "directement avec le cabinet ? Cordialement")
    said = _plain(run(ActionAnswerQuestion(), tracker_for(text=text, intent="ask_procurement")).text)
    assert "proposition de prestataire" not in said
    assert "Pour 30 000 € HT" in said


# -- a provider's e-mail pasted in during the diagnostic -------------------------------

def _normalized(text):
    return normalize(text or "").replace("\u202f", " ")


@pytest.mark.parametrize("intent", ["inform", "ask_mission_families", "out_of_scope"])
@pytest.mark.parametrize("asked", ["need_kinds", "duration", "partners_status"])
def test_a_proposal_pasted_during_the_diagnostic_is_read_as_one(tracker_for, domain, intent, asked):
    """A consultant's e-mail pasted in while a question waits was read by the
    question's validator (its amount noted as the budget, its words as an
    answer, or « je n'ai pas compris »). It gets the proposal reading (no
    diagnostic offered: it is under way), its amount is noted as a budget to
    confirm, nothing else is taken from it, and the question is asked again."""

    before = {k: NOTED[k] for k in DIAGNOSTIC_SLOTS[:DIAGNOSTIC_SLOTS.index(asked)]}
    tracker = typed_heard_as(tracker_for, MARTIN, asked, intent, before,
                              entities=[{"entity": "amount", "value": "18 500 € HT"}])
    if intent == "inform":
        tracker.events.append({"event": "slot", "name": "amount", "value": "18 500 € HT"})
    slots, messages = run_form(tracker, domain)
    texts = [_normalized(m.get("text")) for m in messages]
    assert len(texts) == 3, texts
    assert texts[0].startswith("C'est une proposition de prestataire")
    assert "sous le seuil de dispense de 60 000 € HT" in texts[0]
    assert "des livrables que vous pourrez reprendre seuls" in texts[1]
    assert not any(m.get("buttons") for m in messages)
    assert texts[2] == "J'ai noté : budget d'environ 18 500 € HT, à confirmer."
    assert slots["amount"] == 18500
    assert slots[asked] is None and slots.get("requested_slot") in (None, asked)
    assert all(slots.get(s, v) == v for s, v in before.items())


def test_a_proposal_pasted_keeps_a_known_budget(tracker_for, domain):
    """The budget already noted is kept: the proposal is read, the question
    waiting is asked again."""

    before = {k: NOTED[k] for k in DIAGNOSTIC_SLOTS[:DIAGNOSTIC_SLOTS.index("duration")]}
    before["amount"] = 30000.0
    tracker = typed_heard_as(tracker_for, MARTIN, "duration", "inform", before)
    slots, messages = run_form(tracker, domain)
    assert slots.get("amount", 30000.0) == 30000.0 and slots["duration"] is None
    texts = [_normalized(m.get("text")) for m in messages]
    assert len(texts) == 2 and texts[0].startswith("C'est une proposition de prestataire"), texts
