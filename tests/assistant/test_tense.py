"""The tense a launch is told in (``assistant.tense``): a month without its
year is one gone by in « et si on l'avait lancée en avril ? », one to come in
« et si on attend avril ? » (session 14)."""
import pytest
from hypothesis import given, strategies as st

from assistant.tense import FUTURE, PAST, launch_tense
from assistant.text import fold


def _tense_of_april(text):
    folded = fold(text)
    return launch_tense(text, folded.index("avril"))


@pytest.mark.parametrize("text", [
    # the conversations' phrasings
    "et si on l'avait lancée en avril ?",
    "si on avait publié en avril ?",
    "et en avril dernier ?",
    # no accents, no apostrophe, SMS, typos
    "et si on l avait lancee en avril",
    "si on lavait lance en avril ?",
    "et si on l'avais lancé en avril ?",
    "si on avai publie en avril",
    "si on avé lancé en avril ?",
    "si on avait lancer en avril ?",                       # the infinitive for the participle
    "et si on l'aurait lancée en avril ?",                 # the conditional for the pluperfect
    "si on orait lancé en avril",
    "ET SI ON L'AVAIT LANCÉE EN AVRIL ?",
    # other verbs, the passive, adverbs, the conditional past
    "si la consultation avait été lancée en avril, quel seuil ?",
    "si le marché avait été lancé en avril ?",
    "si nous avions signé en avril ?",
    "et si vous aviez notifié le 3 avril ?",
    "si on avait déjà lancé en avril ?",
    "si on avait attendu avril ?",
    "on aurait dû lancer en avril ?",
    "il aurait fallu publier en avril ?",
    # the passé composé, after its subject
    "on l'a lancée en avril, quel seuil ?",
    "elle a été publiée en avril",
    # « dernier » after the month
    "et en avril derniere ?",
])
def test_a_launch_gone_by_is_past(text):
    assert _tense_of_april(text) == PAST, text


@pytest.mark.parametrize("text", [
    "et si on attend avril ?",
    "et si on lance en avril ?",
    "en avril prochain ?",
    "et si on attends avril",
    "et si on la lançait en avril ?",
    "et si on la lancait en avril ?",
    "on la publiera en avril",
    "et si on décale en avril ?",
    "et si on repousse a avril ?",
    "si on relance en avril ?",
    "on avait prévu de lancer en avril",                  # a plan: its launch is to come
    "et si on signe en avril prochaine ?",
])
def test_a_launch_to_come_is_future(text):
    assert _tense_of_april(text) == FUTURE, text


@pytest.mark.parametrize("text", [
    "et en avril ?",
    "seuils en avril ?",
    "on avait un devis en avril",                          # no participle after « avait »
    "il y a un seuil en avril ?",
    "on a un budget en avril",
    "à partir d'avril ?",                                  # « à » is no auxiliary
    "avant le 15 avril dernier délai ?",                   # the latest day, not the last April
    "avril",
])
def test_nothing_tells_the_tense(text):
    assert _tense_of_april(text) is None


@pytest.mark.parametrize("text, tense", [
    # the nearest mark before the month: the verb that governs it
    ("on l'a lancée en février, et si on attend avril ?", FUTURE),
    ("on avait prévu février, mais si on l'avait lancée en avril ?", PAST),
    ("on lance en mai, si on l'avait lancée en avril ?", PAST),
    # none before: the first after
    ("et en avril, si on l'avait lancée ?", PAST),
    ("et en avril, si on la lance ?", FUTURE),
])
def test_the_tense_of_a_date_is_that_of_its_verb(text, tense):
    assert _tense_of_april(text) == tense


def test_without_a_position_the_tense_is_that_of_the_end():
    assert launch_tense("si on l'avait lancée") == PAST
    assert launch_tense("on l'a lancée, et si on attend ?") == FUTURE
    assert launch_tense("quel seuil ?") is None
    assert launch_tense(None) is None


_SUBJECTS = ["on", "on l'", "nous", "si on l'", "si la consultation", "et si on"]
_AUXILIARIES = ["avait", "avais", "avaient", "avions", "aviez", "aurait", "aurais", "auraient"]
_PARTICIPLES = ["lancé", "lancée", "lancee", "lance", "publié", "publie", "signé", "notifié", "attribué",
                "attendu", "fait", "passé", "démarré", "lancer", "publier"]
_FUTURE_VERBS = ["attend", "attendre", "lance", "lancera", "lançait", "publie", "publiera", "signe", "décale",
                 "relance", "lancerait", "lancons"]
_MONTHS = ["avril", "avr", "mai", "septembre", "decembre"]


@given(st.sampled_from(_SUBJECTS), st.sampled_from(_AUXILIARIES), st.sampled_from(_PARTICIPLES),
       st.sampled_from(["", "deja ", "bien ", "plutot "]), st.sampled_from(_MONTHS),
       st.sampled_from(["", " ?", " pour 45 000 € ?", ", quel seuil ?"]))
def test_any_pluperfect_or_conditional_past_is_past(subject, auxiliary, participle, adverb, month, end):
    text = f"{subject} {auxiliary} {adverb}{participle} en {month}{end}"
    assert launch_tense(text, fold(text).rindex(f"en {fold(month)}")) == PAST, text


@given(st.sampled_from(["et si on", "si on", "si nous", "on", "et si on la"]), st.sampled_from(_FUTURE_VERBS),
       st.sampled_from(_MONTHS), st.sampled_from(["", " ?", " pour 45 000 € ?"]))
def test_any_present_or_future_of_a_launch_is_future(subject, verb, month, end):
    text = f"{subject} {verb} en {month}{end}"
    assert launch_tense(text, fold(text).rindex(f"en {fold(month)}")) == FUTURE, text


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàç '?,", max_size=60), st.integers(0, 80))
def test_any_text_and_position_gives_a_tense_or_none(text, at):
    assert launch_tense(text, at) in (PAST, FUTURE, None)


# -- a past award asked about (live test, session 15) ------------------------------------

import datetime as _dt  # noqa: E402

from assistant.amounts import date_asked_in  # noqa: E402


@pytest.mark.parametrize("text, month", [
    ("Bonjour, en mars 2026 nous avons confié sans mise en concurrence une AMO de 52 000 € HT. "
     "Était-ce régulier ?", (2026, 3)),
    ("Nous avons confié en mars 2026 une AMO de 52 000 € HT sans consultation. Régulier ?", (2026, 3)),
    ("en février 2026 on a confié 45 000 € HT à un cabinet sans publicité, c etait legal ?", (2026, 2)),
    ("avions-nous le droit de confier en janvier 2026 une étude de 45 000 € sans concurrence ?", (2026, 1)),
    ("en 2024 on avait pris un cabinet pour 30 000, on avait le droit ?", (2024, 1)),
])
def test_a_past_award_asked_about_is_the_question_date(text, month):
    period = date_asked_in(text, _dt.date(2026, 11, 23), ahead=True)
    assert period is not None and (period.start.year, period.start.month) == month


@pytest.mark.parametrize("text", [
    "en mars 2026 nous avons confié une AMO de 52 000 € HT",            # told, not asked about
    "le bureau a qui nous avons confié notre schema en 2024, peut on le reprendre pour 30 000 € ?",
    "le cabinet qu on a choisi en 2024 etait bon, on peut le reprendre ?",
])
def test_an_earlier_award_told_is_no_question_date(text):
    assert date_asked_in(text, _dt.date(2026, 11, 23), ahead=True) is None
