"""A provider's proposal pasted in (assistant/proposal.py, final M-M1)."""
import datetime as dt

import pytest
from hypothesis import given, strategies as st

from assistant.proposal import is_provider_proposal, proposal_amount

TODAY = dt.date(2026, 11, 22)
GREETINGS = ["Bonjour Madame le Maire,", "Madame, Monsieur,", "Bonjour,", "Cher Monsieur le Président,"]
OFFERS = ["je vous propose une mission d'accompagnement", "nous vous proposons d'accompagner votre commune",
          "vous trouverez ci-joint notre devis pour l'assistance", "je vous transmets notre offre d'assistance"]
CLOSINGS = ["Cordialement, J. Martin", "Bien à vous, P. Leroy", "Je reste à votre disposition.", ""]


@given(greeting=st.sampled_from(GREETINGS), offer=st.sampled_from(OFFERS), closing=st.sampled_from(CLOSINGS),
       amount=st.integers(min_value=1_000, max_value=900_000), unit=st.sampled_from(["€ HT", "euros HT"]))
def test_a_proposal_is_recognised_and_its_amount_read(greeting, offer, closing, amount, unit):
    spaced = f"{amount:,}".replace(",", " ")
    text = (f"{greeting} suite à notre échange, {offer} pour la rédaction du cahier des charges de votre "
            f"schéma directeur, pour un montant de {spaced} {unit}. {closing}")
    assert is_provider_proposal(text)
    assert proposal_amount(text, TODAY).value_ht == amount


@pytest.mark.parametrize("text", [
    "Bonjour, pour une mission d'AMO à 30 000 € HT, faut-il mettre en concurrence ou peut-on signer "
    "directement avec le cabinet ? Cordialement",
    "Bonjour, le cabinet nous propose 18 500 € HT pour le cahier des charges, on peut signer directement ? Merci",
    "je vous propose 30 000",                                    # too short to be an e-mail
    "Bonjour, nous sommes une commune de 800 habitants et nous voulons lancer un plan climat. Quels "
    "partenaires solliciter avant de choisir un bureau d'études ? Cordialement, la secrétaire de mairie",
])
def test_a_users_own_message_is_not_a_proposal(text):
    assert not is_provider_proposal(text)


def test_one_price_said_ht_and_ttc_is_that_price():
    text = ("Bonjour, je vous propose une mission pour un montant de 18 500 € HT, soit 22 200 € TTC, "
            "sur six mois avec restitution. Cordialement, le cabinet")
    assert proposal_amount(text, TODAY).value_ht == 18500
    two = ("Bonjour, je vous propose la phase 1 à 12 000 € HT et la phase 2 à 8 000 € HT, en option. "
           "Cordialement, le cabinet Conseil et Territoires")
    assert proposal_amount(two, TODAY).value_ht in (None, 20000)
    assert proposal_amount("Bonjour, je vous propose une mission. Cordialement" * 3, TODAY) is None



from assistant.proposal import proposal_subject  # noqa: E402


@pytest.mark.parametrize("phrase, subject", [
    ("Suite à notre échange téléphonique, réalisation du schéma directeur immobilier énergétique",
     "réalisation du schéma directeur immobilier énergétique"),
    ("suite a votre demande, diagnostic de l'éclairage public", "diagnostic de l'éclairage public"),
    ("Comme convenu lors de notre rendez-vous, accompagnement du PCAET", "accompagnement du PCAET"),
    ("réalisation du bilan carbone", "réalisation du bilan carbone"),
    (None, None), ("", ""),
])
def test_the_letter_opening_is_no_part_of_the_subject(phrase, subject):
    assert proposal_subject(phrase) == subject
