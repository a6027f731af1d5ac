"""What a question to the assistant asks, read in its words.

Some questions are decided by what they name rather than by the intent the
classifier hears in them, because their answer is a rule of the knowledge data
that no intent carries:

- a public partner entrusted without competition: « Est-ce qu'un syndicat mixte
  peut contracter avec une SPL sans publicité ni mise en concurrence ? » came out
  ``ask_procurement`` and got the table of the thresholds, « une convention de
  coopération avec le département (entente public-public), c'est possible ? »
  ``ask_partners`` and got the département's card. Quasi-régie (art. L2511-1 and
  L2511-3) and cooperation between public buyers (art. L2511-6) need no
  competition, whatever the amount (``public_contracting``);
- a groupement de commandes, which the knowledge data does not cover: it got
  the answer on splitting a need or on groups of experts.

Plain Python, no Rasa import.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional, Tuple

from .knowledge import load_knowledge
from .text import fold

# Terms of knowledge/roles.yml that name a way of contracting with a public
# partner without competition.
QUASI_REGIE = "quasi_regie"
SPL = "spl"
COOPERATION = "cooperation_public_public"
CONTRACTING_TERMS = (QUASI_REGIE, SPL, COOPERATION)
# What ``public_contracting`` returns besides those terms.
PUBLIC_PARTNER = "public_partner"            # a public partner, without competition
GROUPEMENT = "groupement_commandes"          # outside the knowledge data


def _words(text: str) -> str:
    """Lower case, no accents, punctuation as spaces."""
    folded = fold(text or "").replace("œ", "oe")
    return " ".join(re.sub(r"[^\w]+", " ", folded).replace("_", " ").split())


_GROUPEMENT = re.compile(
    r"\b(?:groupements?\s+(?:de\s+|d\s+)?(?:commandes?|achats?|acheteurs?)"
    r"|commandes?\s+groupees?|achats?\s+groupes?)\b")
# Words of the articles or of the cooperation that are no term of their own.
_COOPERATION = re.compile(r"\bl\s?2511\s?6\b|\bpublic\s+public\b|(?<!bonne\s)(?<!mauvaise\s)\bententes?\b")
_QUASI_REGIE = re.compile(r"\bl\s?2511\s?(?:1|3)\b|\bquasi\s?regies?\b")
# « sans mise en concurrence », « sans appel d'offres », « sans publicité »,
# « sans passer de marché », « hors marché », « de gré à gré ».
_WITHOUT_COMPETITION = re.compile(
    r"\bsans\s+(?:passer\s+(?:par\s+)?(?:de\s+|un\s+|une\s+|l\s+)?|faire\s+(?:de\s+|un\s+|une\s+)?"
    r"|(?:une?\s+|de\s+|d\s+|la\s+|l\s+)?)"
    r"(?:mise\s+en\s+concurrence|mettre\s+en\s+concurrence|concurrence|publicite|pub|appels?\s+d\s?offres?"
    r"|consultation|procedure|marches?|devis)\b"
    r"|\bhors\s+(?:marche|concurrence)\b|\bde\s+gre\s+a\s+gre\b|\bgre\s+a\s+gre\b")
# A public partner named in general words (the partners of the knowledge data
# are found by their names).
_PUBLIC_PARTNER = re.compile(
    r"\b(?:partenaires?|structures?|organismes?|etablissements?|acheteurs?|operateurs?)\s+publi(?:c|cs|que|ques)\b"
    r"|\b(?:communes?|collectivites?|intercommunalites?|epci|syndicats?|departements?)\s+voisin(?:e|es|s)?\b"
    r"|\bautres?\s+(?:collectivites?|communes?|acheteurs?\s+publics?)\b")
# « on peut leur confier… », « avec eux » : the partner is the one named before.
_PRONOUN = re.compile(
    r"\b(?:leur|lui|les|la|l|y)\s+(?:confier|passer|donner|attribuer|commander|demander|faire\s+faire"
    r"|deleguer|sous\s+traiter|conventionner)\b"
    r"|\b(?:avec|par|a|chez)\s+(?:eux|elle|elles|lui|ce\s+partenaire|cet\s+organisme)\b")


def _named_terms(text: str) -> Tuple[str, ...]:
    """The contracting terms a text names, in the order of CONTRACTING_TERMS."""
    kb = load_knowledge()
    found = {t.id for t in kb.terms_in(text) if t.id in CONTRACTING_TERMS}
    words = _words(text)
    if _QUASI_REGIE.search(words):
        found.add(QUASI_REGIE)
    if _COOPERATION.search(words):
        found.add(COOPERATION)
    if QUASI_REGIE in found:
        found.discard(SPL)               # « notre SPL en quasi-régie »: the rule
    return tuple(t for t in CONTRACTING_TERMS if t in found)


def names_public_partner(text: str) -> bool:
    """Whether ``text`` names a public partner: one of the knowledge data
    (« la com com », « l'agence technique du département ») or in general
    words (« un partenaire public », « la commune voisine »)."""
    return bool(load_knowledge().partners_in(text or "")) or bool(_PUBLIC_PARTNER.search(_words(text)))


def public_contracting(text: str, earlier: Iterable[str] = ()) -> Optional[Tuple[str, ...]]:
    """What a question about contracting with public partners names:

    - ``(GROUPEMENT,)``: a groupement de commandes (« un groupement de
      commandes avec la communauté de communes voisine ? »);
    - the contracting terms it names (``CONTRACTING_TERMS``): « peut-on
      contracter avec une SPL sans mise en concurrence ? » → (SPL,), « et la
      coopération public-public article L2511-6 ? » → (COOPERATION,);
    - ``(PUBLIC_PARTNER,)``: whether a public partner can be entrusted without
      competition, named in the question (« peut-on confier l'étude au syndicat
      d'énergie sans appel d'offres ? ») or, with a pronoun, in one of the
      ``earlier`` messages of the user (« la com com dit qu'elle peut nous
      aider » … « et on peut leur confier sans appel d'offres ? »).

    None for anything else: a private provider (« peut-on confier la mission à
    un bureau d'études sans mise en concurrence ? ») is a procurement question."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return None
    words = _words(text)
    if _GROUPEMENT.search(words):
        return (GROUPEMENT,)
    named = _named_terms(text)
    if named:
        return named
    if not _WITHOUT_COMPETITION.search(words):
        return None
    if names_public_partner(text):
        return (PUBLIC_PARTNER,)
    if _PRONOUN.search(words) and any(names_public_partner(e) for e in earlier if e):
        return (PUBLIC_PARTNER,)
    return None
