"""Questions the knowledge data answers only in part: what it holds is said,
what it does not hold is said plainly, with whom to ask (testers' replays,
session 10). Real trackers, real knowledge."""
import re

import pytest

from actions.diagnostic import ActionOutOfScope
from actions.faq import ActionAnswerQuestion
from actions.hygiene import ActionDefaultFallback

NBSP = "\u00a0"


def _plain(text: str) -> str:
    return text.replace(NBSP, " ").replace("\u202f", " ")


# -- « il faut un architecte ? » ----------------------------------------------------

@pytest.mark.parametrize("text, intent, action", [
    ("il faut un architecte ?", "out_of_scope", ActionOutOfScope),
    ("faut-il un architecte pour rénover l'école ?", "out_of_scope", ActionOutOfScope),
    ("est ce qu'on est obligé de prendre un architecte pour la salle des fêtes", "nlu_fallback",
     ActionDefaultFallback),
    ("faut il un architecte ?", "ask_amo_mandatory", ActionAnswerQuestion),
])
def test_whether_an_architect_is_needed_is_answered_from_the_data(tracker_for, run, text, intent, action):
    """« il faut un architecte ? » got the out-of-scope answer (NLU
    out_of_scope 0.37). The architect is the maître d'œuvre, not the AMO; the
    CAUE advises for free and is never maître d'œuvre; the data hold no rule
    on when an architect is compulsory: said so, no invented threshold."""
    result = run(action(), tracker_for(text=text, intent=intent))
    said = _plain(result.text)
    assert "maître d'œuvre (MOE)" in said and "assistant à maîtrise d'ouvrage (AMO)" in said
    assert "CAUE" in said and "gratuitement" in said and "jamais maître d'œuvre" in said
    assert "pas de règle vérifiée" in said
    answer = said.split("Sources")[0]
    assert not re.search(r"\d+\s*m\s*2|m²|\d{3}", answer)        # no invented 150 m² rule
    assert "hors de mon champ" not in said.lower() and "toujours pas compris" not in said
    assert len(result.texts) <= 3


def test_comparing_the_amo_and_an_architect_is_still_a_comparison(tracker_for, run):
    result = run(ActionAnswerQuestion(), tracker_for(text="c quoi la difference entre amo et architecte",
                                                     intent="ask_definition"))
    assert "pas de règle vérifiée" not in result.text
    assert "maître d'œuvre (MOE)" in result.text


# -- « une commune peut faire un PCAET ? » --------------------------------------------

@pytest.mark.parametrize("text, intent, action", [
    ("une commune peut faire un PCAET ?", "ask_partners", ActionAnswerQuestion),
    ("une commune peut faire un PCAET ?", "nlu_fallback", ActionDefaultFallback),
    ("qui doit élaborer le plan climat ?", "out_of_scope", ActionOutOfScope),
    ("est-ce que notre com com est obligée d'avoir un PCAET ?", "ask_amo_mandatory", ActionAnswerQuestion),
])
def test_who_may_draw_up_a_pcaet_is_said_not_known(tracker_for, run, text, intent, action):
    """« une commune peut faire un PCAET ? » got the partners list. What a
    PCAET is, then plainly that the data do not say which authorities must or
    may draw it up, and whom to ask (partners of the data); no invented rule."""
    result = run(action(), tracker_for(text=text, intent=intent))
    said = _plain(result.text)
    assert said.startswith("Le plan climat-air-énergie territorial (PCAET) est un plan climat")
    assert "Je n'ai pas de règles vérifiées sur les collectivités qui doivent ou peuvent l'élaborer" in said
    assert "direction régionale de l'ADEME" in said and "syndicat d'énergie" in said and "ALEC" in said
    assert "Les partenaires à consulter" not in said and "Avant de faire appel" not in said
    assert not re.search(r"\d{2}\s?000", said.split("Sources")[0])   # no invented population threshold


@pytest.mark.parametrize("text", [
    "Pour une mission d'AMO PCAET estimée à 45 000 € HT, faut-il mettre en concurrence ?",
    "on est une petite comcom rurale, on doit lancer un PCAET",      # a statement, for the diagnostic
    "combien coûte un AMO pour un PCAET ?",
])
def test_other_pcaet_messages_are_not_that_question(text):
    from assistant.questions import direct_question
    assert direct_question(text) is None


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
