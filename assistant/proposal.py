"""A provider's proposal pasted in (« Bonjour Madame le Maire, Suite à notre
échange, je vous propose une mission d'accompagnement … pour un montant de
18 500 € HT. … Cordialement, J. Martin, consultant »), read in its words: the
classifier heard the mission families or the content of the DCE in it (final
M-M1). Plain Python, no Rasa import."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional

from .amounts import find_amount_spans, parse_amount
from .purchase import SERVICES, keep_amounts
from .text import words as _words

# The provider speaking of its own offer, in the first person.
_OFFER = re.compile(
    r"\b(?:je\s+vous\s+propose|nous\s+vous\s+proposons|je\s+propose\s+de|nous\s+proposons\s+de"
    r"|(?:notre|mon|ma)\s+(?:offre|proposition|devis|intervention|accompagnement|mission|prestation)"
    r"|(?:nos|mes)\s+honoraires|(?:je|nous)\s+vous\s+(?:adresse|adressons|transmets|transmettons|envoie|envoyons)"
    r"|(?:ci\s+joint|vous\s+trouverez)\s+(?:notre|mon|ma)\s+\w+)\b")
# What makes it a letter: a greeting or a closing.
_LETTER = re.compile(
    r"^(?:\w+\s+){0,12}?(?:bonjour|madame|monsieur|mesdames|messieurs|cher|chere|chers)\b"
    r"|\b(?:cordialement|bien\s+a\s+vous|salutations|je\s+reste\s+a\s+votre\s+disposition"
    r"|restant\s+a\s+votre\s+disposition|nous\s+restons\s+a\s+votre\s+disposition"
    r"|n\s+hesitez\s+pas\s+a\s+(?:me|nous)\s+(?:contacter|solliciter|recontacter))\b")
MIN_CHARS = 120


def is_provider_proposal(text: str) -> bool:
    """Whether ``text`` is a provider's proposal pasted in: a letter (a
    greeting or a closing) where the provider offers its own mission (« je
    vous propose », « notre offre », « nos honoraires »), a few sentences
    long. Not a user's question that greets (« Bonjour, pour une mission à
    30 000 €, faut-il mettre en concurrence ? Cordialement »)."""
    text = (text or "").strip()
    if len(text) < MIN_CHARS or text.startswith("/"):
        return False
    words = _words(text)
    return bool(_OFFER.search(words) and _LETTER.search(words))


@dataclass(frozen=True)
class ProposalAmount:
    value_ht: Optional[float]       # € HT, None when not read
    confirmation: Optional[str]     # a TTC amount converted, to say
    error: Optional[str]            # why no amount was read, to say


def proposal_amount(text: str, at: dt.date) -> Optional[ProposalAmount]:
    """The amount of the proposal (€ HT); None when it gives none. Several
    amounts that are one price said HT and TTC (« 18 500 € HT, soit 22 200 €
    TTC ») are that price; others are asked about (``parse_amount``'s
    question)."""
    if not find_amount_spans(text):
        return None
    parsed = parse_amount(keep_amounts(text, SERVICES), at)
    if parsed.ok and parsed.value_ht is not None:
        return ProposalAmount(parsed.value_ht, parsed.confirmation, None)
    values = set()
    for span in find_amount_spans(text):
        single = parse_amount(span.raw, at)
        if single.ok and single.value_ht is not None:
            values.add(round(single.value_ht))
    if len(values) == 1 or (values and max(values) - min(values) <= 1):
        return ProposalAmount(float(min(values)), None, None)
    return ProposalAmount(None, None, parsed.error)


# The letter's opening before its subject: « Suite à notre échange
# téléphonique, réalisation du schéma directeur… » (« téléphonique » made the
# theme numérique: live test, session 15).
_LETTER_OPENING = re.compile(
    r"^\s*(?:suite\s+[àa]\s+|comme\s+convenu\s+(?:lors\s+de\s+)?|pour\s+faire\s+suite\s+[àa]\s+)?"
    r"(?:(?:notre|votre|nos|vos|mon|ma|mes|l')\s*)?"
    r"(?:[ée]change|[ée]changes|entretien|rendez-vous|rdv|appel|conversation|rencontre|demande|courriel|mail)"
    r"(?:\s+(?:t[ée]l[ée]phonique|du\s+\d+\s+\w+|de\s+ce\s+jour|r[ée]cent|d'hier|de\s+la\s+semaine\s+derni[èe]re))?"
    r"\s*,\s*", re.I)


def proposal_subject(phrase: Optional[str]) -> Optional[str]:
    """The project phrase read in a proposal, without the letter's opening
    (« Suite à notre échange téléphonique, réalisation du schéma directeur
    immobilier énergétique » → « réalisation du schéma directeur immobilier
    énergétique »)."""
    if not phrase:
        return phrase
    stripped = _LETTER_OPENING.sub("", phrase, count=1).strip()
    return stripped or phrase
