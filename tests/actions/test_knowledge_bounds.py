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
