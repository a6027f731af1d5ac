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
  the answer on splitting a need or on groups of experts;
- a threshold value stated in the question, to confirm or correct: « on m'a
  dit que sous 40 000 on peut signer direct, c toujours vrai ? » was routed as
  an amount of 40 000 € (``threshold_claim``).

Plain Python, no Rasa import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence, Tuple

from .amounts import find_amount_spans, find_date_spans, parse_amount, states_an_amount
from .knowledge import load_knowledge
from .parsing import looks_like_question
from .text import fold, words as _words

# Terms of knowledge/roles.yml that name a way of contracting with a public
# partner without competition.
QUASI_REGIE = "quasi_regie"
SPL = "spl"
COOPERATION = "cooperation_public_public"
CONTRACTING_TERMS = (QUASI_REGIE, SPL, COOPERATION)
# A partner whose own card says how to entrust it without competition cites it.
_QUASI_REGIE_SOURCE = "ccp_l2511_1_3"
# What ``public_contracting`` returns besides those terms.
PUBLIC_PARTNER = "public_partner"            # a public partner, without competition
GROUPEMENT = "groupement_commandes"          # outside the knowledge data


_GROUPEMENT = re.compile(
    r"\b(?:groupements?\s+(?:de\s+|d\s+)?(?:commandes?|achats?|acheteurs?)"
    r"|commandes?\s+groupees?|achats?\s+groupes?"
    # « la coopération avec d'autres communes pour acheter ensemble ? » (live test, session 17)
    r"|(?:acheter|commander|achats?|commandes?)\s+(?:ensemble|en\s+commun|a\s+plusieurs)"
    r"|mutualis\w*\s+(?:les\s+|nos\s+|des\s+)?achats?"
    # « on est 3 communes qui veulent mutualiser une AMO » (live test, session
    # 23: the topic of doing it in-house)
    r"|mutualis\w*\s+(?:une?\s+|l\s+|le\s+|la\s+|notre\s+|nos\s+|d\s+une?\s+)?(?:amo|amoa|missions?"
    r"|prestataires?|presta|marches?|consultations?|etudes?|bureaux?\s+d\s?etudes?))\b")
# « et avec une autre commune ? » right after a question on contracting with a
# public partner: the same question, for a public buyer (not understood, live
# test, session 17)
_AND_WITH = re.compile(r"^(?:et|mais|sinon)\s+(?:avec|pour|si\s+c\s?est|a|au|aux|aupres\s+d)\b")
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
# Whether competition is needed: « il faut quand même une mise en concurrence ? »,
# « on doit faire un appel d'offres ? »
_COMPETITION_NEEDED = re.compile(
    r"\b(?:faut|faudra\w*|faudrait|doit|doivent|devons|dois|obligatoire\w*|oblige\w*|besoin\s+d|necessaire)\s+"
    r"(?:\w+\s+){0,3}?(?:mise\s+en\s+concurrence|mettre\s+en\s+concurrence|appels?\s+d\s?offres?"
    r"|consultation|publicite|concurrence)\b")
_PRIVATE_PROVIDER = re.compile(r"\b(?:bureaux?\s+d\s?etudes?|be|cabinets?|prestataires?|presta|consultants?"
                               r"|entreprises?|societes?\s+privees?|prive|privee)\b")
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
    un bureau d'études sans mise en concurrence ? ») is a procurement question;
    the Cerema, whose card says how to join it and entrust it without
    competition (its sources cite the quasi-régie), a question on partners."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return None
    words = _words(text)
    if _GROUPEMENT.search(words):
        return (GROUPEMENT,)
    named = _named_terms(text)
    if named:
        return named
    if _public_buyer_follow_up(text, earlier):
        return (COOPERATION,)
    def about_competition(said: str) -> bool:
        # « sans mise en concurrence ? », or « il faut quand même une mise en
        # concurrence ? » (after « on a une convention avec le CAUE »: the
        # thresholds table, live test, session 23)
        # (not about a private provider or an amount: « le SDE nous propose un
        # bureau d'études, on doit quand même mettre en concurrence pour
        # 52 000 € ? » asks the route of that amount)
        return bool(_WITHOUT_COMPETITION.search(said) or (
            _COMPETITION_NEEDED.search(said) and not _PRIVATE_PROVIDER.search(said)
            and not find_amount_spans(text)))

    if not about_competition(words):
        return None
    # The partner is looked for in the sentence that asks: « on est un
    # syndicat mixte, pas un EPCI. […] on peut le reprendre sans
    # consultation ? » asks about a private provider.
    asked = " ".join(s for s in _SENTENCE_END.split(text) if about_competition(_words(s)))
    partners = load_knowledge().partners_in(asked)
    if partners and all(_QUASI_REGIE_SOURCE in p.sources for p in partners):
        return None                      # « le Cerema travaille sans mise en concurrence ? »: its card says how
    if names_public_partner(asked):
        return (PUBLIC_PARTNER,)
    if _PRONOUN.search(_words(asked)) and any(names_public_partner(e) for e in (*earlier, text) if e):
        return (PUBLIC_PARTNER,)
    return None


# Where a sentence ends, for public_contracting
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def _public_buyer_follow_up(text: str, earlier: Iterable[str]) -> bool:
    """« et avec une autre commune ? » after « peut-on contracter avec une
    SPL sans mise en concurrence ? »: another public buyer, the same
    question (public-public cooperation, L2511-6)."""
    words = _words(text)
    if not _AND_WITH.match(words) or len(words.split()) > 10 or not names_public_partner(text):
        return False
    last = next((e for e in earlier if e), None)
    return last is not None and public_contracting(last) is not None


def partner_entrusted_without_competition(text: str) -> Tuple[str, ...]:
    """The partners whose card says how to entrust them without competition
    (their sources cite the quasi-régie: the Cerema), when ``text`` asks to
    entrust one of them without competition: « Peut-on confier une mission
    d'AMO au Cerema sans mise en concurrence ? » (heard as a procurement
    question, it got the table of the thresholds: live test, session 15).
    Empty for anything else."""
    text = (text or "").strip()
    if not text or text.startswith("/") or not _WITHOUT_COMPETITION.search(_words(text)):
        return ()
    partners = load_knowledge().partners_in(text)
    if partners and all(_QUASI_REGIE_SOURCE in p.sources for p in partners):
        return tuple(p.id for p in partners)
    return ()


# -- « on m'a dit que sous 40 000 on peut signer direct, c toujours vrai ? » -----------

@dataclass(frozen=True)
class ThresholdClaim:
    """A threshold value that a question states, to confirm or correct
    (``assistant.procurement.check_threshold``)."""
    value: float                    # € HT
    direction: Optional[str]        # UNDER (« sous 40 000 »), ABOVE (« à partir de 90 000 ») or None
    roles: Tuple[str, ...]          # the rule roles its words speak of, most specific first
    says_threshold: bool            # the value is called a threshold (« le seuil de 40 000 »)
    asks_obligation: bool = False   # « faut-il… ? », « est-ce obligatoire… ? »
    open_question: bool = False     # « quelle publicité au-delà de 90 000 € ? »

    @property
    def yes_or_no(self) -> bool:
        """Whether the answer may start with « Oui » or « Non »: not for an
        open question, nor for an obligation under the value (« faut-il
        consulter sous 60 000 € ? »: the yes would be read backwards)."""
        return not self.open_question and not (self.direction == UNDER and self.asks_obligation)


UNDER, ABOVE = "under", "above"
# The words just before the amount.
_UNDER = re.compile(r"(?:\bsous|\ben\s?dessous\s+(?:de|d|du)|\bau\s?dessous\s+(?:de|d|du)|\bmoins\s+de"
                    r"|\binferieurs?\s+a|\bjusqu\s?a|\bjusque|<)\s*$")
_ABOVE = re.compile(r"(?:\bau\s?dessus\s+(?:de|d|du)|\bau\s?dela\s+(?:de|d|du)|\bplus\s+de"
                    r"|\bsuperieurs?\s+a|\ba\s+partir\s+de|\bdes|\bdepasse\w*|>)\s*$")
# The value called a threshold: « le seuil de 40 000 », « le seuil est passé à
# 60 000 », « 90 000 c'est le seuil ? » (not « 50 000 €, quel seuil s'applique ? »).
_THRESHOLD_BEFORE = re.compile(r"\b(?:seuils?|plafonds?|limites?)((?:\s+\w+){0,4})\s*$")
_THRESHOLD_AFTER = re.compile(
    r"^\s*(?:€|euros?|eur|ht|k)?\s*(?:c\s?est|cest|est|serait|etait|ce\s+serait)\s+"
    r"(?:(?!quel|kel)\w+\s+){0,2}(?:seuils?|plafonds?|limites?)\b")
# « seuil pour 50 000 € », « kel seuil pr 45k€ », « quel seuil s'applique à
# 45 000 ? »: the threshold of a purchase of that amount is asked, the amount is
# no threshold (« Non : 45 000 € HT ne fait pas partie des seuils… » came first).
_ASKED_THRESHOLD = re.compile(r"\b(?:quel|quels|quelle|quelles|kel|kels|kelle|kelles|lequel|lesquels)\s*$")
_FOR_AN_AMOUNT = re.compile(r"\b(?:pour|pr|sur|concernant|applicable|applicables|applique\w*|correspond\w*)\b")


def _called_a_threshold(before: str) -> bool:
    """Whether the words before an amount call it a threshold: « le seuil de
    40 000 », « le seuil est de 45 000 », « le seuil est passé à 60 000 »; not
    the threshold asked for an amount (« seuil pour 50 000 € », « quel seuil
    s'applique à 45 000 ? »)."""
    match = _THRESHOLD_BEFORE.search(before)
    if match is None:
        return False
    return not (_FOR_AN_AMOUNT.search(match.group(1)) or _ASKED_THRESHOLD.search(before[:match.start()]))
_OBLIGATION = re.compile(r"\b(?:obligatoires?|obligee?s?|obligation|faut|doit|devons|doivent|impose\w*)\b")
_OPEN = re.compile(r"\b(?:quel|quelle|quels|quelles|quoi|koi|comment|combien|quand|pourquoi|que\s+faire"
                   r"|qu\s?est\s+ce)\b")
_NOT_OBLIGED = re.compile(r"\bpas\s+(?:obligatoires?|obligee?s?|besoin|d\s?obligation)\b|\bsans\s+obligation\b")
# The words of each threshold's rule (assistant/knowledge/procurement.yml roles).
_ROLE_WORDS = (
    ("written_contract", re.compile(r"\b(?:contrats?|marches?)\s+ecrits?\b|\bpar\s+ecrit\b|\becrit\b")),
    ("publicity", re.compile(r"\bboamp\b|\bjal\b|\bannonces?\s+legales?\b|\bjournal\s+d\s?annonces\b")),
    ("eu_threshold", re.compile(r"\beurope\w*|\bjoue\b|\bformalisee?s?\b|\bappels?\s+d\s?offres?\b")),
    ("dispense", re.compile(
        r"\bdirect\w*|\bsans\s+(?:\w+\s+){0,3}(?:concurrence|publicite|pub|consultation|procedure|devis"
        r"|appels?\s+d\s?offres?)\b|\bgre\s+a\s+gre\b|\bdispense\w*|\bmise?\s+en\s+concurrence\b"
        r"|\bmettre\s+en\s+concurrence\b|\bconcurrence\b|\b(?:un\s+seul|plusieurs|trois|3)\s+devis\b"
        r"|\bappels?\s+d\s?offres?\b")),
)


def threshold_claim(text: str) -> Optional[ThresholdClaim]:
    """The threshold value a procurement question states, if it states one:
    a single amount right after « sous », « moins de », « à partir de »,
    « au-delà de »… (« on m'a dit que sous 40 000 on peut signer direct, c
    toujours vrai ? »), or called a threshold (« 90 000 c'est le seuil ? »,
    « le seuil de 40 000 est toujours valable ? »). The
    rules its words speak of (dispense: « direct », « sans mise en
    concurrence », « gré à gré »…; written contract; BOAMP or JAL; European
    threshold, formalised procedure; « appel d'offres » may be the dispense or
    the European threshold) help tell which threshold it means. None without
    a threshold word or a direction, with several amounts, or an amount typed
    TTC (the thresholds are HT): an amount to route."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return None
    spans = find_amount_spans(text)
    if len(spans) != 1:
        return None
    parsed = parse_amount(spans[0].raw)
    if not parsed.ok or parsed.ttc or parsed.range is not None:
        return None
    before = _words(text[:spans[0].start])
    direction = UNDER if _UNDER.search(before) else (ABOVE if _ABOVE.search(before) else None)
    after = _words(text[spans[0].end:])
    says_threshold = _called_a_threshold(before) or bool(_THRESHOLD_AFTER.search(after))
    if direction is None and not says_threshold:
        return None
    words = f"{before} {after}"
    roles = tuple(role for role, pattern in _ROLE_WORDS if pattern.search(words))
    obligation = bool(_OBLIGATION.search(words)) and not _NOT_OBLIGED.search(words)
    return ThresholdClaim(parsed.value_ht, direction, roles, says_threshold, obligation,
                          bool(_OPEN.search(words)))


# -- « quelle procédure formalisée choisir ? » -----------------------------------------

# The formalised procedures, named (CCP; procurement.yml formalised_list).
_FORMALISED = re.compile(
    r"\bprocedures?\s+formalisee?s?\b|\bprocedures?\s+(?:avec\s+negociation|negociee?s?)\b"
    r"|\bdialogues?\s+competitifs?\b|\bappels?\s+d\s?offres?\s+(?:ouverts?|restreints?)\b")
# The negotiation of a MAPA is another question (topic negotiation).
_ADAPTED = re.compile(r"\bmapa\b|\bprocedures?\s+adaptees?\b")


def formalised_question(text: str) -> bool:
    """Whether a question asks about the formalised procedures themselves:
    « quelle procédure formalisée choisir ? », « appel d'offres ou procédure
    avec négociation ? », « c'est quoi une procédure formalisée ? ». Not with
    an amount (« 300 000 €, quelle procédure formalisée ? » is routed), nor
    about a MAPA, nor a statement."""
    text = (text or "").strip()
    if not text or text.startswith("/") or find_amount_spans(text):
        return False
    words = _words(text)
    if not _FORMALISED.search(words) or _ADAPTED.search(words):
        return False
    if consultation_question(text) == RESPONSE_TIME_FORMALISED:
        return False        # (« quel délai de réponse en appel d'offres ouvert ? »: its times)
    return "?" in text or bool(_OPEN.search(words))


# -- « le critère environnemental est-il obligatoire pour nous ? » ---------------------

CRITERION = "environmental_criterion"        # the rule of procurement.yml
NEGOTIATION = "negotiation_compulsory"       # the topic of topics.yml
AUDITIONS = "auditions_compulsory"           # the topic of topics.yml

_COMPULSORY = re.compile(
    r"\b(?:obligatoires?|obligee?s?|obligation|oblige|faut\s+il|il\s+faut|doit\s+on|on\s+doit|devons\s+nous"
    r"|doit\s+il|doit\s+elle|impose\w*|forcement|force|forcee?s?|tenue?s?\s+de"
    # said of a launch gone by: « on devait mettre un critère environnemental ? »
    # (live test, session 17: the topic of the criteria, no « non »)
    r"|on\s+devait|devions\s+nous|fallait\s+il|il\s+fallait|aurait\s+(?:on\s+)?du|aurions\s+du|etait\s+il)\b")
# « quand », « qd »: a question on a date (``_WHEN_IN_FORCE``, ``_FROM_WHEN``).
_WHEN = r"quand|qd"
_WHEN_IN_FORCE = re.compile(rf"\b(?:{_WHEN}|a\s+partir\s+de|depuis|s\s?applique\w*|applicable|concerne\w*"
                            r"|en\s+vigueur|date)\b")
_CRITERION = re.compile(r"\bcriteres?\b")
_ENVIRONMENT = re.compile(r"\b(?:environnement\w*|ecolog\w*|vert|verts|climat\w*|durable\w*|l\s?2152\s?7)\b")
_NEGOTIATE = re.compile(r"\bnegoci\w*")
_AUDITION = re.compile(r"\baudition\w*")


_FROM_WHEN = re.compile(rf"\b(?:{_WHEN}|kan|a\s+quelle\s+date|quelle\s+date|date\s+d\s?entree\s+en\s+vigueur)\b")


def asks_from_when(text: str) -> bool:
    """« qd est ce que le critère environnemental devient obligatoire ? », « à
    partir de quand… ? »: the question asks a date, not a yes or a no."""
    return bool(_FROM_WHEN.search(_words(text or "")))


def compulsory_question(text: str) -> Optional[str]:
    """Whether the question asks if something is compulsory, whose answer is a
    yes or a no to say first: the environmental award criterion (``CRITERION``:
    « le critère environnemental est-il obligatoire pour nous ? on lance en
    janvier 2027 », « à partir de quand le critère environnemental
    s'applique ? »), negotiating (``NEGOTIATION``: « est-on obligé de
    négocier ? », « faut-il négocier avec tous les candidats ? ») or
    auditioning the candidates (``AUDITIONS``: « les auditions des candidats
    c'est obligatoire ? »). None for
    anything else, including « et négocier ? » or « quels critères ? »."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return None
    words = _words(text)
    if _CRITERION.search(words) and _ENVIRONMENT.search(words) and (
            _COMPULSORY.search(words) or _WHEN_IN_FORCE.search(words)):
        return CRITERION
    if _NEGOTIATE.search(words) and _COMPULSORY.search(words):
        return NEGOTIATION
    if _AUDITION.search(words) and _COMPULSORY.search(words):
        # « les auditions des candidats c'est obligatoire ? » got the whole
        # topic of negotiation, without its « Non » (live test, session 23)
        return AUDITIONS
    return None


# « c obligatoire depuis quand ? » right after a question on the award
# criteria (r2-c6, heard as off-topic): what the elliptic question may say.
_ELLIPTIC_WHEN_WORDS = frozenset(
    "c ce cest ca ce la et ok d accord donc alors mais est il elle c est obligatoire obligatoires devenu devient "
    "depuis quand qd kan a partir de date quelle s applique applicable en vigueur ca s entre".split())


def criterion_when_follow_up(text: str, previous: Optional[str]) -> bool:
    """« c obligatoire depuis quand ? » after « … et faut mettre un critère
    environnemental ? » (answered: it is compulsory since a date): the date
    the environmental criterion became compulsory. The question asks a date
    (``asks_from_when``) and names nothing of its own; the user's ``previous``
    message asked about the criteria of choice."""
    words = _words(text or "")
    if not words or not asks_from_when(text) or not set(words.split()) <= _ELLIPTIC_WHEN_WORDS:
        return False
    return bool(_CRITERION.search(_words(previous or "")))


# -- « faut il obligatoirement 3 devis ? », « l'AMO peut ensuite faire la MOE ? » ------

QUOTES = "quotes_number"                     # topics of topics.yml
AMO_THEN_MOE = "amo_then_moe"
AMO_PREPARES_CONSULTATION = "amo_prepares_consultation"  # a topic of topics.yml
# Preparing a consultation or a choice (« rédiger le cahier des charges pour la
# maîtrise d'oeuvre », « analyser les offres », « choisir le MOE »), not taking
# the role (``_BECOMES``).
_PREPARES = re.compile(r"\b(?:redige\w*|rediger|redaction|ecrire|prepar\w*|organis\w*|cahiers?\s+des\s+charges"
                       r"|dce|consultations?|programme|choisir|choix|recrut\w*|selection\w*|concours"
                       r"|analys\w*\s+(?:les\s+|des\s+)?(?:offres|candidatures|devis))\b")
_BECOMES = re.compile(r"\b(?:devenir|devient|deviendra\w*|retenue?s?|candidat\w*|postuler|faire\s+(?:la|le)\s+(?:moe|maitr\w*)"
                      r"|assurer\s+(?:la|le)\s+(?:moe|maitr\w*)|etre\s+(?:aussi\s+)?(?:le|la|notre)\s+(?:moe|maitr\w*)"
                      r"|aussi\s+(?:la|le)\s+(?:moe|maitr\w*)|ensuite|apres|puis|meme\s+(?:cabinet|bureau|prestataire))\b")
OWNER_DECIDES = "owner_decides"
PROVIDER_DEPENDENCE = "provider_dependence"
PROVIDER_ORDERS = "provider_orders"
KEEP_SKILLS = "keep_skills"
SAME_PROVIDER = "same_provider"
WITHOUT_COMPETITION = "without_competition"   # a topic of topics.yml
RENEWAL = "renewal"                        # a topic of topics.yml
BUDGET_SHOWN = "budget_shown"              # a topic of topics.yml
SUBSIDY = "subsidy"                        # a topic of topics.yml
RECORDS = "records_without_competition"    # a topic of topics.yml
FUNDING = "funding"                        # a topic of topics.yml
PROCUREMENT_BASICS = "procurement_basics"  # a topic of topics.yml
# « je comprends rien aux marchés publics », « je débute dans les achats publics »
_LOST = re.compile(r"\b(?:(?:comprend\w*|connai\w*|capte\w*|pige\w*)\s+(?:rien|pas\s+grand\s+chose)"
                   r"|(?:y\s+)?connai\w*\s+rien|debut\w*|novice|perdue?s?|paume\w*"
                   r"|(?:suis|sommes|est)\s+(?:tout\s+|toute\s+)?(?:nouveau|nouvelle|nouveaux|nouvelles)"
                   r"|nouveau\s+pour\s+(?:moi|nous)"
                   r"|(?:m\s+y\s+|me\s+)retrouve\s+pas|par\s+ou\s+commencer)\b")
_PUBLIC_BUYING = re.compile(r"\b(?:marches?\s+publics?|commande\s+publique|achats?\s+publics?"
                            r"|regles?\s+(?:d\s+achat|des\s+marches)|procedures?\s+d\s+achat)\b")
# « ya des aides ? », « quelles subventions pour un PCAET ? »
_FUNDING = re.compile(r"\b(?:aides|aides?\s+financieres?|subventions?|financements?|cofinancements?|dotations?"
                      r"|fonds\s+vert"
                      # (« et la DETR peut financer l'AMO ? » got the mission
                      # families: live test, session 27)
                      r"|detr|dsil|dsid|dpv|feder|leader|financer|finance|financee|financent|subventionn\w*)\b")
# « quels documents faut il garder pour un achat sans mise en concurrence ? »
_KEEP_RECORDS = re.compile(r"\b(?:gard\w*|conserv\w*|archiv\w*|justifi\w*|traces?|preuves?)\b")
_WITHOUT_NOTICE = re.compile(r"\bsans\s+(?:(?:publicite\s+ni\s+)?mise\s+en\s+concurrence|concurrence|publicite"
                             r"|consult\w*|appel\s+d\s?offres?)\b|\bgre\s+a\s+gre\b|\bsous\s+le\s+seuil\b"
                             r"|\bdispense\w*\b|\ben\s+direct\b|\bachat\s+direct\b")
# « on a une subvention de la région de 50 %, ça change quoi pour la procédure ? »
_SUBSIDY = re.compile(r"\b(?:subvention\w*|subventionne\w*|cofinanc\w*|co\s+financ\w*|aides?\s+financieres?"
                      r"|financee?s?\s+(?:a|par)\b|financement\s+(?:de|du|des|par)\b|detr|dsil|fonds\s+vert)")
_PROCEDURE_WORD = re.compile(r"\b(?:procedures?|seuils?|concurrence|mapa|publicite|appel\s+d\s?offres?"
                             r"|consultation|devis|gre\s+a\s+gre|marche|valeur|montant\s+a\s+(?:retenir|prendre))\b")
# « on doit donner le budget dans l'annonce ? », « faut-il indiquer l'enveloppe dans le DCE ? »
_BUDGET_WORD = re.compile(r"\b(?:budget\w*|enveloppe|montant\s+estime|prix\s+estime)\b")
_IN_THE_NOTICE = re.compile(r"\b(?:annonce|avis|dce|cahier\s+des\s+charges|consultation|reglement|publicite)\b")
_SHOW = re.compile(r"\b(?:donn\w*|indiqu\w*|mettre|mets|met|afficher|affiche|communiqu\w*|preciser|mentionn\w*"
                   r"|dire|ecrire|publier|obligatoire|oblige\w*)\b")
# « on peut reconduire un marché passé sans mise en concurrence ? »
_RENEW = re.compile(r"\b(?:recondui\w*|reconduct\w*|renouvel\w*|prolong\w*)\b")
ARCHITECT_NEEDED = "architect_needed"
PCAET = "pcaet"                              # a term of roles.yml, not a topic
PRICE_JUDGED = "price_judged"                # a topic of topics.yml
CONFLICT_OF_INTEREST = "conflict_of_interest"  # a topic of topics.yml
# « le maire veut que ce soit son beau-frère qui fasse l'audit, c'est possible ? »
# Family (``_RELATIVE``, ``_OWN_RELATIVE``).
_KIN = (r"(?:beau\s+frere|belle\s+soeur|frere|soeur|cousin|cousine|fils|fille|gendre|belle\s+fille|beau\s+fils"
        r"|neveu|niece|femme|mari|epouse|epoux|conjoint|conjointe|compagnon|compagne|oncle|tante|pere|mere"
        r"|beau\s+pere|belle\s+mere)")
_RELATIVE = re.compile(rf"\b(?:son|sa|ses|mon|ma|mes|notre|nos|leur|leurs|un|une|le|la|les|l)\s+(?:{_KIN}"
                       r"|ami|amie|copain|copine|pote)\b"
                       r"|\b(?:de\s+la\s+famille|(?:sa|ma|notre|leur|votre)\s+famille|un\s+proche|une\s+proche"
                       r"|des\s+proches)\b")
_ONE_OF_US = re.compile(r"\b(?:maire|elue?s?|adjointe?s?|conseill\w*|president\w*|dgs|secretaire|agents?"
                        r"|directeur|directrice)\b")
# « et si c'est un ancien élu qui a monté son cabinet ? » (live test, session
# 24: the risks of a mission)
_FORMER = re.compile(r"\b(?:ancien|ancienne|anciens|ex)\s+(?:maire|elue?s?|adjointe?|conseill\w*|agents?|dgs"
                     r"|secretaire|president\w*|directeur|directrice|salariee?|employee?|collegue)\b")
_HIRED = re.compile(r"\b(?:fasse|fassent|confier|confie|prendre|prend|embaucher|choisir|retenir|signer"
                    r"|propose\w*|prestataire|presta|bureau\s+d\s?etudes?|cabinet|societe|boite|entreprise"
                    # « est-ce que je peux demander à mon cousin qui est
                    # ingénieur ? » got the public partners (live test, session 25)
                    r"|demander\s+a|faire\s+appel\s+a|solliciter|passer\s+par|travailler\s+avec)\b")
# The user's own relative: the user is an agent or an elected official.
_OWN_RELATIVE = re.compile(rf"\b(?:mon|ma|mes)\s+{_KIN}\b")
PAYMENT_TERMS = "payment_terms"              # a topic of topics.yml
PROVIDER_STATUS = "provider_status"          # a topic of topics.yml
AMO_OR_DESIGN_OFFICE = "amo_or_design_office"  # a topic of topics.yml
FREE_STUDY_BY_CONTRACTOR = "free_study_by_contractor"  # a topic of topics.yml
PROVIDER_DEFAULT = "provider_default"        # a topic of topics.yml
LOTS = "lots"                                # a topic of topics.yml
PURCHASING_CENTRE = "purchasing_centre"      # a topic of topics.yml
CONTRACT_CHANGE = "contract_change"          # a topic of topics.yml
# A contract under way changed: « un avenant », « modifier le marché »,
# « il veut augmenter son prix ».
_CONTRACT_CHANGE = re.compile(
    r"\bavenants?\b|\bmodif\w*\s+(?:(?:le|du|notre|son|leur|un|en\s+cours\s+de)\s+)?(?:marche|contrat)\b"
    r"|\b(?:augment\w*|hausse\w*|revalori\w*|rallong\w*)\s+(?:de\s+)?(?:son|ses|le|leur|leurs|sa|du|des)\s+"
    r"(?:prix|tarifs?|honoraires|forfait|remuneration)\b"
    r"|\brallonge\b|\bdepassement\s+(?:de|du)\s+(?:prix|budget|forfait)\b")
PRICE_FORM = "price_form"                    # a topic of topics.yml
SOURCING = "sourcing"                        # a topic of topics.yml
_SOURCING = re.compile(
    r"\bsourc(?:ing|age)\b"
    r"|\b(?:rencontr\w*|voir|contact\w*|consult\w*|interrog\w*|appel\w*|echang\w*\s+avec|discut\w*\s+avec"
    r"|parl\w*\s+(?:a|avec))\s+(?:des|les|plusieurs|quelques|d\s?autres|deux|trois|\d)\s+(?:\w+\s+)?"
    r"(?:bureaux?\s+d\s?etudes?|be|prestataires?|presta|cabinets?|entreprises?|consultants?|amo|candidats?)\b"
    r".{0,60}\b(?:avant|en\s+amont|prealabl\w*)\b")
# How the provider is paid: « au forfait ou au temps passé ? », « on le paye
# à la journée ? »
_PRICE_FORM = re.compile(r"\bforfait\w*|\btemps\s+passes?\b|\b(?:a\s+la|par)\s+journees?\b|\b(?:au|par)\s+jour\b"
                         r"|\bprix\s+(?:global\w*|unitaires?)\b|\bau\s+resultat\b|\ben\s+regie\b|\btaux\s+journalier")
_PAID = re.compile(r"\b(?:pay\w*|paie\w*|regl\w*|remuner\w*|factur\w*|prix|tarif\w*)\b")
_PURCHASING_CENTRE = re.compile(r"\bugap\b|\bcentrales?\s+(?:d\s?|de\s+)?(?:achats?|reference\w*|marches)\b")
REGULATORY_STUDIES = "regulatory_studies"    # a topic of topics.yml (out of scope)
_REGULATORY = re.compile(r"\b(?:etudes?\s+d\s?impacts?|evaluations?\s+environnementales?|permis\s+de\s+construire"
                         r"|declarations?\s+prealables?|autorisations?\s+d\s?urbanisme|icpe|loi\s+sur\s+l\s?eau"
                         r"|enquetes?\s+publiques?|autorisations?\s+environnementales?|cas\s+par\s+cas)\b")
_LOTS = re.compile(r"\b(?:allot\w*|alot\w*|en\s+lots|par\s+lots|plusieurs\s+lots|des\s+lots|decoup\w*\s+en\s+lots"
                   r"|faire\s+des\s+lots)\b")
_TERMINATE = re.compile(r"\b(?:resili\w*|rompre\s+le\s+(?:contrat|marche)|mettre\s+fin\s+(?:au|a\s+la)"
                        r"|penalites?|mise\s+en\s+demeure|mettre\s+en\s+demeure)\b")
_UNRESPONSIVE = re.compile(r"\b(?:repond\w*\s+plus|donne\s+plus\s+de\s+nouvelles|injoignable|aux\s+abonnes\s+absents"
                           r"|fait\s+(?:pas|plus)\s+(?:son|le)\s+(?:travail|boulot)|(?:ne\s+)?rend\s+(?:pas|rien|plus)"
                           r"|en\s+retard|retard\s+(?:de|sur)|bacle\w*|pas\s+a\s+la\s+hauteur|nul|nulle|decevant\w*"
                           # (« et si le prestataire fait mal son travail ? » got the
                           # risks again: live test, session 27)
                           r"|fait\s+mal\s+(?:son|le|sa)\s+(?:travail|boulot|mission)|travaille\s+mal"
                           r"|mauvais\s+travail|ne\s+fait\s+pas\s+bien|fait\s+pas\s+bien)\b")
_FREE = re.compile(r"\b(?:gratuit\w*|offert\w*|(?:nous|vous|leur|lui|me)\s+offr\w*|sans\s+frais|cadeau"
                   r"|pour\s+rien|sans\s+rien\s+payer)\b")
_STUDY = re.compile(r"\b(?:etudes?|diagnostics?|diag|audits?|devis\s+detaille|bilan|dimensionnement|note\s+technique)\b")
_SELLER = re.compile(r"\b(?:installateurs?|entreprises?|artisans?|fournisseurs?|constructeurs?|vendeurs?|societes?"
                     r"|boites?|commercial|commerciaux|fabricants?|integrateurs?|editeurs?|operateurs?|poseurs?)\b"
                     r"|\b(?:commande|commandons|confie|confions|donne|donnons|prend|prenons)\w*\s+(?:les\s+)?"
                     r"(?:travaux|chantier|installation|materiel|marche)\b")
_DESIGN_OFFICE = re.compile(r"\b(?:bureaux?\s+d\s?etudes?|be|cabinets?(?:\s+de\s+conseil)?|consultants?)\b")
# « est-ce qu'une association peut etre AMO ? » (live test, session 24: the
# greeting's menu)
_PROVIDER_KIND = re.compile(r"\b(?:association|associations|asso|associatif|associative|cooperatives?|scop|scic"
                            r"|auto\s?entrepreneurs?|micro\s?entreprises?|freelances?|independants?|retraitee?s?"
                            r"|universites?|laboratoires?|etudiants?|stagiaires?|fondations?|particuliers?)\b")
_MAY_BE = re.compile(r"\b(?:peut|peuvent|pourrait|pourraient|possible|droit|autorise\w*|capable|habilite\w*)\b")
# « c'est un peu cher non ? », « 14 000 € c'est pas trop cher pour un audit ? »,
# « ce prix est correct ? »: a price judged (not « le moins cher », « plus cher
# que », nor « cher Monsieur »)
_DEAR = re.compile(r"(?<!\bmoins )(?<!\bplus )\b(?:cher|chere|chers|cheres)\b(?!\s+(?:monsieur|madame|collegue|ami))"
                   r"|\b(?:couteu\w*|onereu\w*|exorbitant\w*|hors\s+de\s+prix|excessi\w*|abusi\w*|salee?)\b")
_FAIR = r"(?:correcte?|raisonnable|normale?|eleve|elevee|justifiee?|coherente?|honnete|dans\s+la\s+moyenne)"
_PRICED = r"(?:prix|tarifs?|montant|cout)"
_FAIR_PRICE = re.compile(rf"\b{_PRICED}\s+(?:\w+\s+){{0,3}}?{_FAIR}\b|\b{_FAIR}\s+(?:\w+\s+){{0,2}}?{_PRICED}\b")
# what would make it a question on the procedure, or on the weight of the price
_NOT_JUDGED = re.compile(r"\b(?:procedures?|seuils?|concurrence|mapa|publicite|appel\s+d\s?offres?|consult\w*"
                         r"|gre\s+a\s+gre|signer|signe|pondera\w*|criteres?|poids|notation|compte\s+pour|pese\w*)\b")
# « un acompte de 30 % à la commande », « ils veulent être payés d'avance »
_PAYMENT = re.compile(
    r"\b(?:acomptes?|avances?\s+(?:forfaitaires?|de\s+\d+|sur\s+(?:le\s+)?(?:prix|marche|paiement))"
    r"|(?:pay\w*|paie\w*|verse\w*|regle\w*|factur\w*)\s+(?:\w+\s+){0,2}?(?:d\s?avance|a\s+l\s?avance"
    r"|a\s+la\s+commande|a\s+la\s+signature|avant\s+(?:le\s+)?(?:debut|demarrage|la\s+mission))"
    r"|\d+\s+(?:pour\s+cent|%)?\s*(?:a\s+la\s+commande|a\s+la\s+signature|d\s?avance)"
    r"|delais?\s+de\s+paiement|conditions?\s+de\s+paiement|modalites?\s+de\s+paiement"
    # « on peut payer l'AMO en plusieurs fois ? » (live test, session 23: the
    # families of missions)
    r"|(?:pay\w*|paie\w*|regle\w*|verse\w*|factur\w*)\s+(?:\w+\s+){0,3}?(?:en\s+plusieurs\s+fois|par\s+tranches?"
    r"|au\s+fur\s+et\s+a\s+mesure|par\s+phases?|a\s+l\s?avancement)"
    r"|paiements?\s+echelonn\w*|echeanciers?(?:\s+de\s+paiement)?)\b")

_QUOTES = re.compile(r"\b(?:\d+|deux|trois|quatre|cinq|plusieurs|d\s?autres|autres)\s+devis\b"
                     # « et si on en demande 3 c'est obligatoire ? » after a question
                     # on a single quote (« Désolé, je n'ai pas compris », live
                     # test, session 26)
                     r"|\ben\s+(?:demander|demande|demandons|demandez|avoir|faut|faudrait|prendre|recevoir)"
                     r"\s+(?:[2-9]|deux|trois|quatre|cinq)\b")
_MUST = re.compile(r"\b(?:obligatoire\w*|obligee?s?|obligation|oblige|impose\w*|forcement|force|forcee?s?"
                   r"|tenue?s?\s+de|dois|doit|faut|devons|doivent|exige\w*)\b")
_AMO = re.compile(r"\b(?:amo|amoa|assistant\w*\s+(?:a|au)\s+maitr\w+\s+d\s?ouvrage)\b")
_MOE = re.compile(r"\b(?:moe|maitr\w*\s+d\s?oeuvre)\b")
# The AMO taking on the design afterwards: « peut-il ensuite être retenu comme »,
# « peut aussi faire la », « candidater à la ».
_LATER = re.compile(r"\b(?:peut|peuvent|pourra\w*|pourrait|peut\s?il|peut\s?elle|retenue?s?|ensuite|apres"
                    r"|aussi|egalement|candidat\w*|enchainer|cumuler|devenir)\b")
_COMPARE = re.compile(r"\b(?:difference|diff|differencie\w*|distingue\w*|vs|versus|compar\w*)\b")
# A choice between two terms (« on se demande si on prend un AMO ou
# directement un maître d'œuvre »: ``compared_terms``)
_TERM_CHOICE = re.compile(r"\b(?:vaut\s+mieux|plutot|prend\w*|choisi\w*|lequel|laquelle|directement|ou\s+bien"
                          r"|se\s+demande\w*|hesit\w*|opter)\b")
# The provider deciding for the authority: « choisir le logiciel à notre place ».
_IN_OUR_PLACE = re.compile(r"\b(?:a|en)\s+(?:notre|ma|votre|leur)\s+place\b|\ba\s+la\s+place\s+(?:de|du|des|d)\b"
                           r"|\bpour\s+nous\b")
_DECIDE = re.compile(r"\b(?:choisi\w*|decid\w*|tranch\w*|arbitr\w*|valid\w*|signe\w*)\b")
_PROVIDER = re.compile(r"\b(?:amo|amoa|prestataires?|presta|bureaux?\s+d\s?etudes?|be|cabinets?|consultants?"
                       r"|assistant\w*\s+(?:a|au)\s+maitr\w+\s+d\s?ouvrage)\b")
_CAPTIVE = re.compile(r"\b(?:captif|captifs|captive|captives|dependant\w*|dependance|dependre|prisonniers?"
                      r"|pieds\s+et\s+poings\s+lies|otages?)\b"
                      # « et comment on garde la main ? » after the risks (a fallback, session 11)
                      r"|\b(?:garder|garde|gardons|conserver|perdre|perd|reprendre)\s+(?:la\s+main|le\s+controle"
                      r"|la\s+maitrise|les\s+renes)\b|\brester\s+maitres?\b")
# The provider of an earlier mission hired again without competition: « le bureau
# d'études de 2024, on peut le reprendre sans consultation ? ».
_AGAIN = re.compile(r"\b(?:reprendre|reprend|reprenons|reprise|reconduire|reconduit|regarder|garder|rappeler"
                    r"|reconfier|retravailler|refaire\s+appel|de\s+nouveau|a\s+nouveau|encore|meme|deja"
                    r"|celui\s+qui|celle\s+qui|ceux\s+qui|habituel\w*|precedent\w*|ancien\w*)\b")
_NO_COMPETITION = re.compile(r"\bsans\s+(?:(?:re)?mise\s+en\s+concurrence|concurrence|consult\w*|appel\s+d\s?offres?"
                             r"|publicite|repasser|relancer|remettre\s+en\s+concurrence)\b"
                             r"|\bgre\s+a\s+gre\b")
# « faut-il remettre en concurrence ou… ? »: competition again, asked about
_RECOMPETE = re.compile(r"\b(?:remettre|remet|remise|repasser|relancer|refaire)\s+(?:en\s+concurrence"
                        r"|une\s+(?:consultation|mise\s+en\s+concurrence)|un\s+appel\s+d\s?offres?)\b")
# Whether something is allowed: « c'est légal ? », « on peut… », « on a le droit ».
_ALLOWED = re.compile(r"\b(?:legal\w*|illegal\w*|regulier\w*|irregulier\w*|autoris\w*|permis|interdit"
                      r"|(?:on|je|nous|vous)\s+(?:peut|peux|pouvons|pouvez|pourrait|pourrions|pourriez)"
                      r"|peut\s+on|peut\s+il|peut\s+elle|possible|droit|ok|okay|valable|conforme|ca\s+passe)\b")
_ALWAYS_THE_SAME = re.compile(
    r"\b(?:toujours|systematiquement|chaque\s+(?:annee|an|fois)|tous\s+les\s+ans|a\s+chaque\s+fois)\b.{0,40}\bmeme\b"
    r"|\bmeme\b.{0,40}\b(?:toujours|systematiquement|chaque\s+(?:annee|an|fois)|tous\s+les\s+ans)\b")
_HIM = re.compile(r"\b(?:le|la|les|l)\s+(?:reprendre|garder|reconduire|rappeler|reprend|reconfier)\b")
# The provider doing as it is told: « l'AMO fait ce qu'on lui dit », « il est à
# nos ordres », « il doit obéir », « il exécute ce qu'on demande ».
_AS_TOLD = re.compile(r"\b(?:fai[ts]|fera|execute\w*|applique\w*)\s+(?:juste\s+|seulement\s+|simplement\s+)?"
                      r"ce\s+qu\s?(?:on|nous|je)\s+(?:lui|leur)\s+(?:dit|dis|disons|demande\w*)\b"
                      r"|\ba\s+(?:nos|mes|vos)\s+ordres\b|\bobei\w*|\bnos\s+ordres\b")
# Keeping the skills in the authority: « comment garder les competences en interne ? ».
_KEEP = re.compile(r"\b(?:garder|conserver|maintenir|preserver|retenir|perdre|perte|transmettre"
                   r"|transmission|transferer|transfert)\b")
_SKILLS = re.compile(r"\b(?:competences?|savoir\s?faire|savoirs?|connaissances?|expertises?)\b")
# What a question on buying something names: the competition, the procedure, the
# price (shared by _HIRING and _BUYING, which each add their own words).
_PURCHASE_WORDS = (r"concurrence|seuils?|devis|marches?|appels?\s+d\s?offres?|consultation|mapa|prix"
                   r"|couts?|coute\w*|combien|tarifs?")
_HIRING_WORDS = r"consulter|honoraires"
_BUYING_WORDS = r"budget|amo|amoa|prestataires?|bureaux?\s+d\s?etudes?"
# Hiring the architect (« comment consulter un architecte ? », « un architecte à
# 30 000 €, faut-il mettre en concurrence ? »): a procurement question, not this.
_HIRING = re.compile(rf"\b(?:{_PURCHASE_WORDS}|{_HIRING_WORDS})\b")
# Who may or must draw up a PCAET: « une commune peut faire un PCAET ? », « qui
# doit élaborer le PCAET ? », « est-on obligés d'avoir un plan climat ? ».
_PCAET_NAMED = re.compile(r"\b(?:pcaet|plans?\s+climats?(?:\s+air\s+energie(?:\s+territoria(?:l|ux))?)?)\b")
_WHO_SUBJECT = re.compile(r"\b(?:qui|communes?|intercommunalites?|interco|epci|com\s?com|communautes?"
                          r"|syndicats?|departements?|regions?|collectivites?|mairies?|nous|on)\b")
_MAY_MUST = re.compile(r"\b(?:peut|peuvent|pouvons|pourr\w*|doit|doivent|devons|faut|oblig\w*|competen\w*"
                       r"|droit|impose\w*|elabor\w*|porte[rz]?|concerne\w*)\b")
# A question on buying the mission (the amount, the procedure, the price): not this.
_BUYING = re.compile(rf"\b(?:{_PURCHASE_WORDS}|{_BUYING_WORDS})\b")
# Whether an architect is needed: « il faut un architecte ? », « faut-il un
# architecte pour rénover l'école ? », « est-on obligé de prendre un architecte ? ».
# « un mandat » compared with a term: the mandate of maîtrise d'ouvrage (not
# an elected term, « fin de mandat », nor a payment, « mandat de paiement »)
_MANDATE = re.compile(r"(?<!\bfin de )(?<!\bdurant le )(?<!\bpendant le )\b(?:entre\s+|un\s+|une\s+|le\s+|du\s+"
                      r"|par\s+|en\s+)?mandats?\b(?!\s+(?:de\s+paiement|administratifs?|electora\w*|municipa\w*"
                      r"|d\s?elus?|du\s+maire|de\s+maire|en\s+cours|actuel|precedent|suivant))")
_ARCHITECT_NAMED = re.compile(r"\barchitectes?\b(?!\s+(?:des\s+batiments\s+de\s+france|conseils?\b))")
_NEED = re.compile(r"\b(?:faut|faudra\w*|faudrait|besoin|obligatoire\w*|obligee?s?|oblige|obligation|impose\w*"
                   r"|doit|doi[st]|devons|devez|doivent|necessaire\w*|indispensable\w*|recour\w*|prendre"
                   r"|passer\s+par|exige\w*|forcement)\b")


def direct_question(text: str) -> Optional[str]:
    """A question whose answer is a yes, a no or one piece of advice of the
    data, to say first (a topic of topics.yml):

    - ``QUOTES``: whether a number of quotes is compulsory (« faut il
      obligatoirement 3 devis pour une AMO à 20 000 euros ? »);
    - ``AMO_THEN_MOE``: whether the AMO can then be the maître d'œuvre
      (« L'AMO peut-il ensuite être retenu comme maître d'oeuvre ? », « le
      bureau d'etudes qui fait l'AMO peut aussi faire la MOE ? »), not a
      comparison of the two;
    - ``OWNER_DECIDES``: whether the provider decides in the authority's place
      (« l'AMO peut choisir le logiciel a notre place ? »);
    - ``PROVIDER_ORDERS``: whether the provider does as it is told (« l'AMO
      fait ce qu'on lui dit, c'est notre prestataire non ? »);
    - ``PROVIDER_DEPENDENCE``: how not to depend on the provider (« comment on
      evite d'etre captif du presta ? », « et comment on garde la main ? »);
    - ``KEEP_SKILLS``: how to keep the skills in the authority (« comment
      garder les competences en interne ? »), not the list of every risk;
    - ``BUDGET_SHOWN``: whether the estimated budget must be given in the
      notice or the DCE (« on doit donner le budget dans l'annonce ? »): not
      compulsory, but useful;
    - ``RECORDS``: what to keep after a purchase without competition
      (« quels documents faut il garder pour un achat sans mise en
      concurrence ? »): no list in the code, what R2122-8 asks to show;
    - ``PROCUREMENT_BASICS``: a newcomer lost in public procurement (« je
      comprends rien aux marchés publics »): what decides the procedure,
      then the thresholds;
    - ``FUNDING``: which financial aids exist (« ya des aides ? »): none
      listed in the data, whom to ask;
    - ``SUBSIDY``: whether a subsidy changes the procedure (« on a une
      subvention de la région de 50 %, ça change quoi pour la procédure ? »):
      no, the thresholds apply to the whole amount, subsidies included;
    - ``RENEWAL``: whether a contract concluded without competition can be
      renewed (« on peut reconduire un marché passé sans mise en concurrence ? »
      got the thresholds table): the renewals count in the value of the need;
    - ``WITHOUT_COMPETITION``: whether a purchase of the amount given may be
      (or might have been) concluded without competition (« un marché de
      55 000 € HT signé sans mise en concurrence, c'est légal ? »): the yes
      (under the dispense threshold at the date asked) or the no, before the
      route of that amount;
    - ``SAME_PROVIDER``: whether the provider of an earlier mission can be
      hired again without competition (« on peut reprendre le bureau d'études
      de 2024 sans mise en concurrence ? »), not the thresholds of 2024;
    - ``ARCHITECT_NEEDED``: whether an architect is needed (« il faut un
      architecte ? », « faut-il un architecte pour rénover l'école ? »): heard
      as out of scope, it got the out-of-scope answer. The architect is the
      maître d'œuvre; the data hold no rule on when one is compulsory, so
      whom to ask (the CAUE). Not a comparison (``compared_terms``);
    - ``PRICE_FORM``: how the provider is paid (« au forfait ou au temps
      passé ? »): no verified rule in the data, where it is written;
    - ``SOURCING``: whether one may meet providers before the consultation
      (« on a le droit de rencontrer des bureaux d'études avant ? »): yes, R2111-1;
    - ``CONTRACT_CHANGE``: whether a contract under way may be changed (« il
      nous demande un avenant de 15 % sur son prix, c'est légal ? »): the cases
      of L2194-1, the small changes of R2194-8;
    - ``PURCHASING_CENTRE``: whether one may buy through a centrale d'achat
      (« peut on passer par l'UGAP ? »): yes, it did the publicity and the
      competition; check that its offer covers the need;
    - ``PCAET`` (a term of roles.yml, answered by its definition): who may or
      must draw up a PCAET (« une commune peut faire un PCAET ? » got the
      partners list): what it is, then that the data hold no rule on who draws
      it up, and whom to ask. Not a question on buying the mission.

    None for anything else."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return None
    words = _words(text)
    if _CONTRACT_CHANGE.search(words) and ("?" in text or looks_like_question(text)):
        # « il nous demande un avenant de 15% sur son prix, c'est légal ? » got
        # the weight of the price among the criteria (live test, session 27)
        return CONTRACT_CHANGE
    if _QUOTES.search(words) and _MUST.search(words):
        return QUOTES
    if _BUDGET_WORD.search(words) and _IN_THE_NOTICE.search(words) and _SHOW.search(words) \
            and "?" in text and not find_amount_spans(text):
        return BUDGET_SHOWN
    if _LOST.search(words) and _PUBLIC_BUYING.search(words) and not find_amount_spans(text):
        # (« je suis nouveau dans la collectivité, je comprends rien aux
        # marchés publics » was not understood: live test, session 22)
        return PROCUREMENT_BASICS
    if _KEEP_RECORDS.search(words) and _WITHOUT_NOTICE.search(words) \
            and looks_like_question(text) and not find_amount_spans(text):
        # (heard as a procurement question, it got the thresholds table:
        # live test, session 22)
        return RECORDS
    if _SUBSIDY.search(words) and _PROCEDURE_WORD.search(words) and looks_like_question(text):
        # (heard as not understood: « Désolé, je n'ai pas compris », live
        # test, session 22)
        return SUBSIDY
    if _FUNDING.search(words) and (looks_like_question(text) or re.search(r"\by\s?a\b", words)) \
            and "?" in text and not find_amount_spans(text) and not _PROCEDURE_WORD.search(words) \
            and not names_public_partner(text):
        # (« on est en zone de revitalisation rurale ya des aides ? » was
        # noted as an answer: live test, session 22)
        return FUNDING
    if _RENEW.search(words) and _NO_COMPETITION.search(words) and not find_amount_spans(text) \
            and ("?" in text or _OPEN.search(words)):
        return RENEWAL
    if (_NO_COMPETITION.search(words) or _RECOMPETE.search(words)) and _AGAIN.search(words) \
            and (_PROVIDER.search(words) or _HIM.search(words)):
        # (« faut il remettre en concurrence ou on peut reprendre le meme BE ? »
        # got the route alone: live test, session 23)
        return SAME_PROVIDER
    if _ALWAYS_THE_SAME.search(words) and _PROVIDER.search(words) and ("?" in text or _OPEN.search(words)):
        # « si on prend toujours le même cabinet chaque année c'est grave ? »
        # got the splitting topic (live test, session 17)
        return SAME_PROVIDER
    if _NO_COMPETITION.search(words) and find_amount_spans(text) and _ALLOWED.search(words) \
            and not _RENEW.search(words) and threshold_claim(text) is None:
        # « un marché de 55 000 € HT signé sans mise en concurrence, c'est
        # légal ? » got the route alone (live test, session 21)
        return WITHOUT_COMPETITION
    if _AMO.search(words) and (_MOE.search(words) or _ARCHITECT_NAMED.search(words)) and _PREPARES.search(words) \
            and not _BECOMES.search(words):
        # (« l'AMO peut rédiger le DCE pour choisir l'architecte ? » got the
        # mission families: live test, session 27)
        # « on voudrait savoir si un AMO peut rédiger notre cahier des charges
        # pour la maîtrise d'oeuvre » got « En principe, non » (the AMO as
        # MOE): preparing the choice of the MOE is an AMO's mission (live
        # test, session 25)
        return AMO_PREPARES_CONSULTATION
    if _AMO.search(words) and _MOE.search(words) and _LATER.search(words) and not _COMPARE.search(words):
        if not re.search(r"\b(?:besoin\s+des\s+deux|les\s+deux)\b", words):
            return AMO_THEN_MOE
    if _PROVIDER.search(words) and _IN_OUR_PLACE.search(words) and _DECIDE.search(words):
        return OWNER_DECIDES
    if _PROVIDER.search(words) and _AS_TOLD.search(words):
        return PROVIDER_ORDERS
    if _CAPTIVE.search(words) and ("?" in text or _OPEN.search(words) or _PROVIDER.search(words)):
        return PROVIDER_DEPENDENCE
    if _KEEP.search(words) and _SKILLS.search(words) and ("?" in text or _OPEN.search(words)):
        return KEEP_SKILLS
    if _PCAET_NAMED.search(words) and _WHO_SUBJECT.search(words) and _MAY_MUST.search(words) \
            and not _BUYING.search(words) and not find_amount_spans(text) and looks_like_question(text):
        return PCAET
    if _HAVE_A_MOE.search(words) and (_NEED_AN_AMO.search(words) or _AMO_TOO.search(words)) \
            and ("?" in text or looks_like_question(text)):
        # « on a deja un moe, on a besoin d'un amo en plus ? » got whether an
        # AMO is compulsory and the diagnostic started; « on a un architecte,
        # faut il aussi un amo ? » whether an architect is needed (live test,
        # session 27): both roles
        return AMO_AND_MOE_BOTH
    if _ARCHITECT_NAMED.search(words) and _NEED.search(words) and not _COMPARE.search(words) \
            and not _BOTH.search(words) and not _HIRING.search(words) and not find_amount_spans(text) \
            and not re.search(r"\b(?:faut|faudrait|faudra|besoin|oblig\w*)\s+(?:d\s?)?(?:un\s+|une\s+)?(?:amo|amoa)\b",
                              words):
        # (« l'architecte nous dit qu'il faut un AMO en plus, c'est vrai ? »
        # asks about the AMO: live test, session 24)
        return ARCHITECT_NEEDED
    if ((_RELATIVE.search(words) and _ONE_OF_US.search(words)) or _OWN_RELATIVE.search(words)
            or _FORMER.search(words)) \
            and _HIRED.search(words) and ("?" in text or looks_like_question(text)):
        # (« Je n'ai pas bien compris », live test, session 23)
        return CONFLICT_OF_INTEREST
    if _REGULATORY.search(words) and (looks_like_question(text) or re.search(
            r"\b(?:savoir|doit|dois|devons|faut|oblig\w*|besoin)\b", words)) and not _AMO.search(words):
        return REGULATORY_STUDIES
    if _LOTS.search(words) and looks_like_question(text) and not find_amount_spans(text) \
            and not re.search(r"\b(?:rester\s+sous|passer\s+sous|eviter|contourner|sous\s+le\s+seuil)\b", words):
        # (« … pour rester sous le seuil ? » is splitting)
        return LOTS
    if (_TERMINATE.search(words) or (_UNRESPONSIVE.search(words) and _PROVIDER.search(words))) \
            and looks_like_question(text) and not find_amount_spans(text):
        return PROVIDER_DEFAULT
    if _PRICE_FORM.search(words) and (_PAID.search(words) or len(_PRICE_FORM.findall(words)) > 1) \
            and ("?" in text or looks_like_question(text)) \
            and not find_amount_spans(text):
        # « et on le paye comment, au forfait ou au temps passé ? » got the
        # refusal of a price range (live test, session 26)
        return PRICE_FORM
    if _SOURCING.search(words) and ("?" in text or looks_like_question(text)):
        # « on a le droit de rencontrer des bureaux d'études avant de lancer
        # la consultation ? » (live test, session 26: not understood)
        return SOURCING
    if _PURCHASING_CENTRE.search(words) and ("?" in text or looks_like_question(text)):
        # « peut on passer par l'UGAP ? » got the partners to ask (live test,
        # session 26)
        return PURCHASING_CENTRE
    if _FREE.search(words) and _STUDY.search(words) and _SELLER.search(words) and looks_like_question(text):
        return FREE_STUDY_BY_CONTRACTOR
    if _COMPARE.search(words) and _AMO.search(words) and _DESIGN_OFFICE.search(words) \
            and not _MOE.search(words) and not _ARCHITECT.search(words):
        return AMO_OR_DESIGN_OFFICE
    if _PROVIDER_KIND.search(words) and _PROVIDER.search(words) and _MAY_BE.search(words) \
            and looks_like_question(text) and not find_amount_spans(text):
        return PROVIDER_STATUS
    if _PAYMENT.search(words) and looks_like_question(text):
        # (« Vouliez-vous parler de la répartition des rôles ? », live test,
        # session 23)
        return PAYMENT_TERMS
    if (_DEAR.search(words) or _FAIR_PRICE.search(words)
            or (find_amount_spans(text) and re.search(rf"\b{_FAIR}\b", words))) and not _NOT_JUDGED.search(words) and "%" not in text \
            and ("?" in text or re.search(r"\bnon\s*$", words)):
        # (« c'est un peu cher non ? » heard as « non »: taken for the
        # structure, live test, session 23)
        return PRICE_JUDGED
    if mission_length_asked(text):
        return MISSION_LENGTH
    return consultation_question(text)


# -- « et on peut prendre le même bureau pour les deux ? » after AMO vs MOE -----------

_ONE_PROVIDER = re.compile(r"\b(?:meme|seul|un\s+seul|une\s+seule)\s+(?:bureau|bureaux|prestataire|presta|cabinet"
                           r"|be|consultant|entreprise|societe|equipe|boite)\b")
_FOR_BOTH = re.compile(r"\b(?:les\s+deux|les\s+2|faire\s+les\s+deux|deux\s+missions|cumuler|enchainer)\b")


# « et il peut analyser les offres aussi ? », « et c'est lui qui choisit ? »
_HE = re.compile(r"\b(?:il|lui|elle|l\s?amo|l\s?amoa|le\s+prestataire|le\s+cabinet)\b")
_CHOOSES = re.compile(r"\b(?:choisi[ts]?|choisira\w*|choisir|decide\w*|tranche\w*|attribue\w*|signe\w*)\b")
_ASSISTS = re.compile(r"\b(?:analys\w*|not(?:er|e)|evalu\w*|compar\w*|redige\w*|rediger|prepar\w*|organis\w*)\b")


_ASK_PRICE = re.compile(r"\b(?:demand\w*|obten\w*|avoir)\s+(?:un|une|des|leur|leurs|le)\s+(?:\w+\s+)?"
                        r"(?:prix|devis|tarifs?|chiffrage|estimation|ordre\s+de\s+prix)\b")


def amo_task_follow_up(text: str, earlier: Sequence[str] = ()) -> Optional[str]:
    """A short follow-up on what the AMO just spoken of does (``earlier``:
    the user's messages before, most recent first): « et il peut analyser les
    offres aussi ? » (``AMO_PREPARES_CONSULTATION``; it got how to compare
    offers), « et c'est lui qui choisit ? » (``OWNER_DECIDES``; it got
    collaborating and cooperating): live test, session 25. None otherwise."""
    words = _words(text or "")
    if words and len(words.split()) <= 10 and earlier and _ASK_PRICE.search(words) \
            and direct_question(list(earlier)[0]) == SOURCING and looks_like_question(text):
        # « et on peut leur demander un prix ? » after a question on meeting
        # providers before the consultation got the negotiation (live test,
        # session 26): the sourcing, which says so
        return SOURCING
    if words and len(words.split()) <= 8 and earlier and _AND_FOR.match(words):
        # « et pour un appel d'offres ? » right after the response time of a
        # MAPA got the European threshold (live test, session 27): the time
        # of the procedure named
        before = direct_question(list(earlier)[0])
        if before in (RESPONSE_TIME, RESPONSE_TIME_FORMALISED):
            if _FORMALISED_NAMED.search(words):
                return RESPONSE_TIME_FORMALISED
            if re.search(r"\b(?:mapa|procedure\s+adaptee)\b", words):
                return RESPONSE_TIME
    if not words or len(words.split()) > 10 or not _HE.search(words) or not earlier:
        return None
    if not any(_AMO.search(_words(e)) for e in list(earlier)[:2]):
        return None
    if _CHOOSES.search(words) and not _ASSISTS.search(words):
        return OWNER_DECIDES
    if _ASSISTS.search(words) and _PREPARES.search(words + " consultation") and looks_like_question(text):
        return AMO_PREPARES_CONSULTATION
    return None


def one_provider_for_both_roles(text: str, earlier: Sequence[str] = ()) -> Optional[str]:
    """« et on peut prendre le même bureau pour les deux ? » right after a
    question comparing the AMO and the maître d'œuvre (``earlier``: the
    user's messages before, most recent first): whether the AMO can also be
    the MOE (``AMO_THEN_MOE``). It got the lecture on splitting (live test,
    session 23). None for anything else."""
    words = _words(text or "")
    if not words or not _ONE_PROVIDER.search(words) or not _FOR_BOTH.search(words):
        return None
    named = " ".join([words, *(_words(e) for e in list(earlier)[:1])])
    return AMO_THEN_MOE if _AMO.search(named) and _MOE.search(named) else None


# -- « le seuil européen pour une entité adjudicatrice ? » ---------------------------

_CONTRACTING_ENTITY = re.compile(
    r"\bentites?\s+adjudicatrices?\b|\bsecteurs?\s+speciaux\b"
    r"|\b(?:operateurs?|activites?)\s+(?:d\s?|de\s+)reseaux?\b")


def names_contracting_entity(text: str) -> bool:
    """Whether the message speaks of an entité adjudicatrice (« on est entité
    adjudicatrice », « les secteurs spéciaux », « une activité d'opérateur de
    réseau »): its own European threshold applies (432 000 € HT in 2026, not
    the local authorities' 216 000 € HT: live test, session 15)."""
    text = (text or "").strip()
    return bool(text) and not text.startswith("/") and bool(_CONTRACTING_ENTITY.search(_words(text)))


# -- « combien de temps dure une mission d'AMO ? » ------------------------------------

MISSION_LENGTH = "mission_length"              # a topic of topics.yml
# How long, asked: « combien de temps », « ça dure combien », « quelle durée »,
# « durée moyenne », « ça dure en général », « durée d'une mission ».
_LENGTH_ASKED = re.compile(
    r"\b(?:combien|cb|cbn|cmb)\s+de\s+(?:temps|mois|semaines?|annees?|ans)\b"
    r"|\b(?:dure|durent|durer|duree)\s+(?:\w+\s+){0,2}?(?:combien|cb|longtemps)\b"
    r"|\b(?:quelle|kelle|quel)\s+(?:est\s+la\s+)?duree\b"
    r"|\bduree\s+(?:moyenne|type|habituelle|classique|normale|courante|typique|standard)\b"
    r"|\b(?:dure|durent)\s+(?:en\s+general|en\s+moyenne|generalement|d\s?habitude)\b"
    r"|\bduree\s+(?:d\s?une|d\s?un|de\s+l|de\s+la|du)\s+(?:\w+\s+)?(?:missions?|amo|amoa|accompagnements?"
    r"|assistance|prestations?|etudes?|marche)\b")
_MISSION_TERM = re.compile(r"\b(?:amo|amoa|assistan\w*|accompagnements?|missions?|etudes?|prestations?|presta"
                           r"|marche\s+d\s?amo)\b")
# The time of something else: paying, a guarantee, the consultation and its
# steps (``RESPONSE_TIME``, ``STANDSTILL``), finding the provider.
_NOT_THE_MISSION = re.compile(
    r"\b(?:paiement|payer|paye|factur\w*|garantie|recours|validite|consultations?|procedures?|mapa"
    r"|mise\s+en\s+concurrence|appels?\s+d\s?offres?|repondre|reponses?|remise|remettre|offres?|publicite"
    r"|standstill|suspension|signer|signature|trouver|recruter|choisir|lancer|publier|candidats?|devis"
    # (its price asked too: the price is answered, ``actions.several``)
    r"|coute\w*|couter|cout|couts|prix|tarifs?|budget)\b")


def mission_length_asked(text: str) -> bool:
    """Whether the message asks how long a mission lasts (« combien de temps
    dure une mission d'AMO en général ? », « une amo ça dure combien ? »,
    « durée moyenne d'un accompagnement ? »): heard as the price (ask_price
    0.72), it got the price of a mission. Not the time of a consultation,
    of paying or of finding the provider, nor a message with an amount (its
    route is asked), nor a duration stated (« la mission dure 6 mois »), nor
    a message that asks its price too (« combien coûte une AMO ? et combien
    de temps ça dure ? »: the price)."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return False
    words = _words(text)
    return bool(_LENGTH_ASKED.search(words) and _MISSION_TERM.search(words)
                and not _NOT_THE_MISSION.search(words) and not find_amount_spans(text))


# -- « on a reçu qu'une seule offre », « quel délai je laisse pour répondre ? » --------

SINGLE_OFFER = "single_offer"                # topics of topics.yml
RESPONSE_TIME = "response_time"
RESPONSE_TIME_FORMALISED = "response_time_formalised"
_FORMALISED_NAMED = re.compile(r"\b(?:appels?\s+d\s?offres?|ao|aoo|aor|procedures?\s+formalisees?)\b")
_AND_FOR = re.compile(r"^(?:et|mais|puis)\s+(?:pour|en|dans|avec|si\s+(?:c\s?est|on\s+fait))?\s*")
REJECTED_CANDIDATES = "rejected_candidates"
QUOTES_MINIMUM = "quotes_minimum"
# Direct questions whose yes or no (or rule) comes before the route of the
# amount they give (``actions.faq``, and a first message: ``actions.diagnostic``)
BEFORE_ROUTE = (QUOTES, QUOTES_MINIMUM, SAME_PROVIDER, WITHOUT_COMPETITION)
COMPARE_OFFERS = "compare_offers"
FIRST_STEPS = "first_steps"
STANDSTILL = "standstill"
AWARD_NOTICE = "award_notice"

# What a consultation brings back: an offer, a quote, an answer, a candidate.
_RETURNED_WORDS = (r"offres?|devis|reponses?|propositions?|candidats?|candidatures?|plis?|retours?"
                   r"|soumissionnaires?|prestataires?|presta|bureaux?\s+d\s?etudes?|be|cabinets?|entreprises?")
_RETURNED = rf"(?:{_RETURNED_WORDS})"
# « une seule offre », « qu'un seul devis », « 1 seule réponse », « qu'un devis »,
# « seulement un devis », « une offre unique », « un seul a répondu ».
_SINGLE = re.compile(
    rf"\b(?:un|une|1)\s+(?:seul|seule|seuls|seules)\s+(?:(?:et\s+)?(?:unique\s+)?){_RETURNED}\b"
    rf"|\bqu\s?(?:un|une|1)\s+{_RETURNED}\b"
    rf"|\b(?:seulement|juste|uniquement)\s+(?:un|une|1)\s+(?:seul\w*\s+)?{_RETURNED}\b"
    rf"|\b{_RETURNED}\s+unique\b"
    r"|\b(?:un|une|1)\s+seule?\s+(?:a|qui\s+a|ont|qui\s+ont)\s+(?:repondu|repond\w*|candidate|postule)\b"
    r"|\bpersonne\s+d\s?autre\s+(?:n\s+)?(?:a\s+)?repondu\b")
# Asking for one quote is the number of quotes (« on peut demander un seul devis ? »).
_ASK_ONE = re.compile(r"\b(?:demander|demande|solliciter|consulter|contenter)\s+(?:qu\s?|d\s?)?(?:un|une|1)\s+"
                      r"(?:seul\w*\s+)?devis\b")
# « combien de devis minimum ? », « nombre de devis », « il faut combien de devis ».
_HOW_MANY_QUOTES = re.compile(r"\b(?:combien|cb|cbn|cmb|nombre|nb|minimum)\s+(?:de\s+|d\s+)?devis\b"
                              r"|\bdevis\s+(?:minimum|mini|au\s+minimum|obligatoires?)\b")
# « on a que 2 devis c suffisant ? », « deux devis ça suffit ? »: whether that
# number of quotes is enough (live test, session 12: not understood).
_ENOUGH_QUOTES = re.compile(r"\b(?:[2-9]|deux|trois|quatre|cinq)\s+devis\b.*\b(?:suffi\w*|assez)\b"
                            r"|\b(?:suffi\w*|assez)\b.*\b(?:[2-9]|deux|trois|quatre|cinq)\s+devis\b")
# « du coup je prends le 1er devis qui vient ? »: choosing without comparing.
_FIRST_COME = re.compile(r"\b(?:prend\w*|choisi\w*|reten\w*|retien\w*|sign\w*|accept\w*)\s+(?:le\s+|la\s+|l\s+)?"
                         r"(?:1er|1ere|premier|premiere)\s+(?:(?:devis|offre|proposition|presta\w*|venu\w*"
                         r"|qui|arrive\w*)\b)")
# « comment on les analyse ? » after the offers are named: the offers, by a pronoun.
_COMPARE_THEM = re.compile(r"\b(?:les|l)\s+(?:compar\w*|analys\w*|not(?:er|e|ons|ez)|evalu\w*|departag\w*"
                           r"|class(?:er|e|ons|ez))\b")
_OFFERS_NAMED = re.compile(r"\b(?:offres?|devis|propositions?|candidatures?|reponses?|plis?)\b")
# Those not retained: « les candidats non retenus », « ceux qui n'ont pas été
# retenus », « les évincés », « une lettre de rejet ».
_NOT_RETAINED = re.compile(
    r"\b(?:non|pas|jamais)\s+(?:ete\s+)?(?:retenu|retenue|retenus|retenues|choisi|choisie|choisis|choisies"
    r"|selectionne\w*|pris|prise|prises)\b"
    r"|\bevince\w*|\bperdants?\b"
    r"|\b(?:lettres?|courriers?|mails?|notifications?|courriels?)\s+(?:de\s+|d\s+)?(?:rejet|refus|non\s+attribution)\b"
    r"|\b(?:rejet|refus)\s+(?:de\s+|d\s+)?(?:leur|leurs|l|la|sa|son|ses)?\s*(?:offres?|candidatures?|devis)\b"
    r"|\b(?:informer|prevenir|avertir|notifier|repondre|dire|ecrire)\s+(?:a\s+|aux\s+)?(?:les\s+)?autres\b")
_TELL = re.compile(r"\b(?:inform\w*|preven\w*|previen\w*|avert\w*|notifi\w*|repond\w*|dire|dit|ecrire|envoy\w*"
                   r"|lettres?|courriers?|mails?|faut|doit|dois|devons|oblig\w*|comment|quoi|koi|motiv\w*|motifs?)\b")
# Comparing what came back: « comparer les devis », « analyser les offres »,
# « choisir entre les propositions », « une grille d'analyse ».
_COMPARE_OFFERS = re.compile(
    r"\b(?:compar\w*|analys\w*|not(?:er|e|ons|ez)|notation|evalu\w*|juger|jugement|departag\w*|class(?:er|ement)"
    r"|choisir\s+entre|choix\s+entre|trancher\s+entre)\s+(?:\w+\s+){0,3}?"
    r"(?:offres?|devis|propositions?|candidats?|candidatures?|reponses?|plis?)\b"
    r"|\bgrilles?\s+(?:d\s?analyse|de\s+notation|d\s?evaluation|de\s+comparaison)\b")
# How long: to answer, the whole consultation.
_HOW_LONG = re.compile(
    r"\b(?:combien|cb|cbn|cmb)\s+de\s+(?:temps|jours?|semaines?|mois)\b"
    r"|\b(?:quel|quels|quelle|quelles|kel|kelle)\s+(?:\w+\s+)?delais?\b"
    r"|\bdelais?\s+(?:minimum|minimal|mini|raisonnable|de\s+reponse|de\s+remise|de\s+reception|de\s+publicite"
    r"|de\s+consultation|pour\s+repondre|pour\s+remettre|pour\s+rendre|legal|legaux|a\s+laisser|a\s+respecter)\b"
    r"|\b(?:ca|cela)\s+(?:prend|dure)\s+(?:combien|cb)\b|\bdure\s+combien\b|\bduree\s+(?:d\s?une|de\s+la|du)\s+"
    r"(?:consultation|procedure|mapa|mise\s+en\s+concurrence)\b|\bc\s?est\s+long\b|\bprend\s+du\s+temps\b")
# Words of a consultation that say nothing of one on their own (« ça prend
# combien de temps tout ça en général »): with a mission named (« combien coûte
# en général une AMO ? et combien de temps ça dure ? »), the time asked is the
# mission's, which no data give (live test, session 12).
_VAGUE_CONSULTATION = re.compile(r"\b(?:tout\s+ca|tout\s+cela|en\s+general)\b")
_MISSION_NAMED = re.compile(r"\b(?:amo|amoa|assistan\w*|accompagnement|mission|pcaet|etude)\b")
_CONSULTATION_WORDS = re.compile(
    r"\b(?:consultations?|procedures?|mapa|mise\s+en\s+concurrence|appels?\s+d\s?offres?|marches?|repondre"
    r"|reponses?|remise|remettre|offres?|devis|candidats?|candidatures?|publicite|avis|boamp|jal|tout\s+ca"
    r"|tout\s+cela|en\s+general|bureaux?\s+d\s?etudes?|prestataires?|presta|cabinets?|entreprises?|plis?)\b")
# A time limit of something else: paying, delivering, carrying out the mission.
_OTHER_TIME = re.compile(r"\b(?:paiement|payer|paye|factur\w*|execution|realis\w*|livraison|mission|etude|travaux"
                         r"|chantier|contrat|garantie|recours|validite)\b")
# « par quoi je commence ? », « par où commencer », « comment je m'y prends ».
_FIRST_STEPS = re.compile(
    r"\bpar\s+(?:quoi|ou|koi)\s+(?:est\s+ce\s+que\s+)?(?:je\s+|j\s+|on\s+|nous\s+|dois\s+je\s+|faut\s+il\s+"
    r"|il\s+faut\s+)?(?:commenc\w*|demarr\w*|debut\w*|attaqu\w*)\b"
    r"|\b(?:commenc\w*|demarr\w*|debut\w*)\s+par\s+(?:quoi|ou|koi)\b"
    r"|\bcomment\s+(?:je\s+m|on\s+s|nous\s+nous|s|m)\s*y\s+prend\w*\b"
    r"|\b(?:premieres?|1eres?|1ere)\s+(?:etapes?|choses?\s+a\s+faire|demarches?|pas)\b"
    r"|\bquelles?\s+(?:sont\s+les\s+)?(?:etapes|demarches)\s+(?:pour|a\s+suivre)\b")

# The délai de suspension by its names (« standstill », « stand still »,
# « délai de suspension », « délai suspensif »), or waiting before signing:
# « il faut attendre avant de signer ? », « combien de temps avant la
# signature ? », « quand est-ce qu'on peut signer ? ».
_SIGN = r"(?:signer|signe|signons|signez|signature|contractualiser)"
_STANDSTILL = re.compile(
    r"\bstand\s?still\b|\bdelais?\s+(?:de\s+)?(?:suspension|suspensifs?)\b"
    rf"|\b(?:attendre|patienter|delais?|temps|jours?)\s+(?:\w+\s+){{0,3}}?(?:avant|pour)\s+(?:de\s+|d\s+)?"
    rf"(?:la\s+|le\s+)?{_SIGN}\b"
    rf"|\b(?:quand|a\s+partir\s+de\s+quand)\s+(?:est\s+ce\s+qu\s?)?(?:on|je|nous)\s+(?:peu[tx]|pouvons|pourra\w*)"
    rf"\s+{_SIGN}\b"
    rf"|\b(?:quand|a\s+partir\s+de\s+quand)\s+(?:peut\s+on|puis\s+je|pouvons\s+nous)\s+{_SIGN}\b")
# Signing at once (« on peut signer tout de suite avec le bureau d'études ? »):
# the waiting, unless the message speaks of competition or of an amount
# (« peut-on signer directement avec le cabinet ? » for 30 000 € is signing
# without a consultation: the route of that amount).
_SIGN_AT_ONCE = re.compile(
    rf"\b{_SIGN}\s+(?:le\s+marche\s+|le\s+contrat\s+|avec\s+\w+\s+)?(?:tout\s+de\s+suite|de\s+suite"
    r"|immediatement|aussitot|des\s+maintenant|sans\s+attendre)\b")
# Publishing the award: « avis d'attribution », « publier l'attribution », « la
# publication du résultat », « on doit annoncer qui a été retenu ? ».
_AWARD_NOTICE = re.compile(
    r"\bavis\s+d\s?attrib\w*"
    r"|\b(?:publi\w*|annonc\w*|afficher|affichage|diffus\w*)\s+(?:de\s+|d\s+|du\s+)?"
    r"(?:l\s+|la\s+|le\s+|les\s+|son\s+|notre\s+)?"
    r"(?:attribution|attributaire|resultats?|laureats?|titulaire|choix|marche\s+attribue)\b"
    r"|\b(?:publi\w*|annonc\w*)\s+(?:\w+\s+){0,2}qui\s+a\s+(?:ete\s+)?(?:retenu|gagne|choisi|remporte)\b")


def consultation_question(text: str) -> Optional[str]:
    """A question on running the consultation, whose answer is a topic of
    topics.yml, whatever intent the classifier hears in it (the price, the
    thresholds, the negotiation, or none):

    - ``SINGLE_OFFER``: one offer or quote came back (« on a reçu qu'une seule
      offre, on peut quand même attribuer ? », « si j'ai qu'un seul devis qui
      revient c'est grave ? », « on a eu une seule réponse, on doit
      relancer ? »);
    - ``REJECTED_CANDIDATES``: informing those not retained (« on doit
      informer les candidats non retenus ? »);
    - ``QUOTES_MINIMUM``: how many quotes (« je dois demander combien de devis
      minimum ? », « on peut demander un seul devis ? »);
    - ``COMPARE_OFFERS``: how to compare them (« et pour comparer les devis
      on fait comment »);
    - ``RESPONSE_TIME``: how long to let providers answer, how long a
      consultation lasts (« quel délai je laisse aux bureaux d'études pour
      répondre ? », « combien de temps dure une consultation en mapa ? », « ça
      prend combien de temps tout ça en général »), not the time of paying or
      of the mission itself;
    - ``FIRST_STEPS``: « par quoi je commence ? »;
    - ``STANDSTILL``: whether to wait before signing, the délai de suspension
      (« il faut attendre avant de signer ? », « c'est quoi le délai de
      standstill ? »), before the response time (« quel délai avant de signer
      le marché ? » is no time to answer);
    - ``AWARD_NOTICE``: whether the award is published (« on doit publier
      l'attribution ? », « faut-il un avis d'attribution pour un MAPA ? »).

    None for anything else, and for a statement (no question mark nor
    question word)."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return None
    words = _words(text)
    asked = "?" in text or bool(_OPEN.search(words)) or bool(_ASKING.search(words)) \
        or bool(re.search(r"\b(?:grave|possible|normal|ok|valable|oblig\w*|faut|doit|dois)\b", words))
    if not asked:
        return None
    if _ASK_ONE.search(words) or _HOW_MANY_QUOTES.search(words) or _ENOUGH_QUOTES.search(words):
        return QUOTES_MINIMUM
    if _SINGLE.search(words):
        return SINGLE_OFFER
    if _NOT_RETAINED.search(words) and _TELL.search(words) and re.search(
            rf"\b(?:{_RETURNED_WORDS}|autres|ceux|celles|perdants?|evince\w*)\b", words):
        return REJECTED_CANDIDATES
    compares = _COMPARE_OFFERS.search(words) or _FIRST_COME.search(words) \
        or (_COMPARE_THEM.search(words) and _OFFERS_NAMED.search(words))
    if compares and price_weight(text) is None and not price_only(text):
        return COMPARE_OFFERS
    if _STANDSTILL.search(words) or (_SIGN_AT_ONCE.search(words) and not find_amount_spans(text)
                                     and not _NO_COMPETITION.search(words) and not _HIRING.search(words)):
        return STANDSTILL
    if _AWARD_NOTICE.search(words):
        return AWARD_NOTICE
    if _HOW_LONG.search(words) and _consultation_named(words) and not _OTHER_TIME.search(words):
        # (« quel délai de réponse en appel d'offres ? »: its minimum times)
        return RESPONSE_TIME_FORMALISED if _FORMALISED_NAMED.search(words) \
            and not re.search(r"\b(?:mapa|procedure\s+adaptee)\b", words) else RESPONSE_TIME
    if _FIRST_STEPS.search(words):
        return FIRST_STEPS
    return None


def _consultation_named(words: str) -> bool:
    """Whether the words speak of a consultation: a word of its own, or only a
    vague one (« tout ça », « en général ») with no mission named."""
    named = {m.group() for m in _CONSULTATION_WORDS.finditer(words)}
    if not named:
        return False
    vague = all(_VAGUE_CONSULTATION.fullmatch(w) for w in named)
    return not (vague and _MISSION_NAMED.search(words))


# -- « vaut mieux le CAUE ou un bureau d'études ? » ------------------------------------

# A private provider (``_PROVIDER``, or « le privé »), and a choice between two
# routes: « plutôt », « ou », « vaut mieux », « dans quel cas », « quand ».
_PRIVATE = re.compile(r"\bprive(?:e|s|es)?\b")
_CHOICE = re.compile(rf"\b(?:plutot|ou|mieux|quel\w*\s+cas|{_WHEN}|choisir|choix|prefer\w*|privilegi\w*"
                     r"|vs|versus|au\s+lieu|passer\s+par|faire\s+appel)\b")


def partner_or_provider(text: str) -> Tuple[str, ...]:
    """The public partners of the knowledge data (ids, in the order named)
    that a question weighs against a private provider: « ds quel cas on prend
    l'ATD plutôt qu'un amo privé », « vaut mieux le CAUE ou un bureau
    d'etudes ? », « quand passer par le syndicat d'energie plutot qu'un
    prestataire ? » (a fallback, or « faire en interne » for the classifier:
    live test, session 12). Empty for anything else: a partner named alone,
    a provider alone, no choice between them, a command."""
    if not _weighs_against_a_provider(text):
        return ()
    return tuple(p.id for p in load_knowledge().partners_asked(text))


def organisation_or_provider(text: str) -> Tuple[str, ...]:
    """The organisations without a card in the knowledge data that a
    question weighs against a private provider: « faut il un AMO ou le CNFPT
    suffit ? » → ("CNFPT",) (a fallback with « Savoir si un AMO est
    obligatoire »: live test, session 27). Empty when a partner with a card
    is named, or for anything else."""
    if not _weighs_against_a_provider(text) or load_knowledge().partners_asked(text):
        return ()
    from .parsing import other_partners
    return tuple(other_partners(text))


def _weighs_against_a_provider(text: str) -> bool:
    text = (text or "").strip()
    if not text or text.startswith("/") or len(text) > 300:
        return False
    words = _words(text)
    return bool((_PROVIDER.search(words) or _PRIVATE.search(words)) and _CHOICE.search(words))


# -- « le prix a 70% ca va ? », « Nos élus veulent 60 % prix. » ------------------------

_PERCENT = re.compile(r"(\d{1,3})(?:[.,]\d+)?\s*(?:%|pour\s?cents?\b|pourcents?\b)")
_PRICE = re.compile(r"\bprix\b|\bcritere\s+financier\b|\bcout\b")


# The other criteria a weight may be given to (« 70 % technique et 30 % prix »).
_OTHER_CRITERION = re.compile(r"\btechni\w*|\bvaleur\b|\bqualite\w*|\benvironnement\w*|\bdelais?\b"
                              r"|\bmethod\w*|\bmemoire\b|\bmethodologie\b")
# « 50 50 prix technique », « 60/40 technique prix »: two weights that make 100.
_SPLIT = re.compile(r"(?<![\d.,])(\d{1,2})\s*(?:%\s*)?(?:/|-|–|\s)\s*(\d{1,2})(?![\d.,])\s*%?(?!\s*(?:€|k\b|eur))")
# « prix 40 technique 60 », « prix : 40 »: a bare weight right after the price.
_AFTER_PRICE = re.compile(r"\b(?:prix|cout)\s*(?::|a|=)?\s*(\d{1,3})(?![\d.,])(?!\s*(?:€|k\b|eur|000))")


def _gap(a: Tuple[int, int], b: Tuple[int, int]) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def price_weight(text: str) -> Optional[int]:
    """The weight (percent) a question gives to the price criterion: « le
    prix a 70% ca va ? » → 70, « Nos élus veulent 60 % prix. » → 60,
    « 70 % technique et 30 % prix » → 30 (each percentage goes with the
    criterion nearest to it), « une pondération 50 50 prix technique » → 50,
    « 60/40 technique prix » → 40. The percentage must be said next to the
    price (within a few words); None otherwise (« 70 % de subvention », a
    percentage over 100)."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return None
    folded = fold(text)
    prices = [m.span() for m in _PRICE.finditer(folded)]
    if not prices:
        return None
    others = [m.span() for m in _OTHER_CRITERION.finditer(folded)]
    best: Optional[Tuple[int, int]] = None
    for match in _PERCENT.finditer(folded):
        value = int(match.group(1))
        to_price = min(_gap(match.span(), p) for p in prices)
        to_other = min((_gap(match.span(), o) for o in others), default=None)
        if 0 < value <= 100 and to_price <= 30 and (to_other is None or to_price <= to_other):
            if best is None or to_price < best[0]:
                best = (to_price, value)
    if best is not None:
        return best[1]
    if others:
        for match in _SPLIT.finditer(folded):
            first, second = int(match.group(1)), int(match.group(2))
            if first + second != 100 or first == 0 or second == 0:
                continue
            # (the first weight goes with the criterion named first)
            price_first = prices[0][0] < others[0][0]
            return first if price_first else second
    after = _AFTER_PRICE.search(folded)
    if after is not None and others and 0 < int(after.group(1)) <= 100:
        return int(after.group(1))
    return None


# « et le prix le plus bas seulement, c'est légal ? », « on peut choisir l'amo
# uniquement sur le prix ? », « on peut prendre le moins cher ? »: the price as
# the only criterion of choice.
_CHEAPEST = r"(?:moins\s+cher(?:e|s|es)?|moins\s+disant|(?:prix|offre|devis)\s+(?:le\s+|la\s+)?plus\s+bas(?:se)?)"
_PRICE_ONLY_TERM = (r"(?:(?:critere\s+(?:du\s+)?)?prix(?:\s+le\s+plus\s+bas)?|critere\s+financier|tarifs?|"
                    + _CHEAPEST + ")")
_ARTICLE = r"(?:(?:le|la|l|les|du|des|au|aux)\s+)?"
_ONLY_BEFORE = re.compile(
    r"\b(?:uniquement|seulement|exclusivement|juste|rien\s+que)\s+(?:(?:sur|selon|par|a|au|d\s+apres)\s+)?"
    + _ARTICLE + r"(?:seul\s+)?" + _PRICE_ONLY_TERM + r"\b")
_ONLY_AFTER = re.compile(r"\b" + _PRICE_ONLY_TERM + r"\s+(?:seul|seule|seulement|uniquement|exclusivement)\b")
_SOLE_PRICE = re.compile(r"\b(?:le|au|du|sur\s+le)\s+seul\s+(?:critere\s+(?:du\s+)?)?prix\b")
_SOLE_CRITERION = re.compile(r"\b(?:seul|unique)\s+critere\b|\bcritere\s+unique\b")
_PRICE_NAMED = re.compile(r"\b(?:prix|tarifs?)\b|" + _CHEAPEST)
# « on (ne) regarde que le prix »: « que » after a verb, not « est-ce que », « plus que »…
_BUT_THE_PRICE = re.compile(r"(?:^|\b(\w+)\s+)qu(?:e\s+|\s+)(?:(?:sur|selon|par|a|au)\s+)?" + _ARTICLE
                            + r"(?:seul\s+)?" + _PRICE_ONLY_TERM + r"\b")
_NOT_RESTRICTIVE = frozenset({"ce", "parce", "plus", "moins", "autre", "autant", "ainsi", "alors", "bien", "tandis",
                              "dit", "disent", "dire", "pense", "pensez", "sais", "savoir", "vrai", "avant", "apres",
                              "pas", "tel", "telle", "meme", "sans", "lorsque", "puisque", "pour"})
_TAKE_CHEAPEST = re.compile(
    r"\b(?:prendre|prend|prends|prenons|choisir|choisit|choisis|choisissons|retenir|retient|retiens|retenons|"
    r"selectionner|attribuer|attribue)\s+(?:a\s+|au\s+|l\s+|le\s+|la\s+)?"
    r"(?:(?:offre|devis|candidat|presta|prestataire|cabinet|bureau\s+d\s+etudes?)\s+)?(?:le\s+|la\s+)?"
    + _CHEAPEST + r"\b")
# « pas uniquement le prix », « non seulement », « ne doit pas être le seul critère »
_NOT_ONLY = re.compile(r"\b(?:pas|non|jamais)\s+(?:\w+\s+){0,2}?"
                       r"(?:uniquement|seulement|exclusivement|juste|que|qu|seul|seule|unique|le\s+seul|la\s+seule)\b")


def price_only(text: str) -> bool:
    """Whether ``text`` has the price as the only criterion of choice: « et le
    prix le plus bas seulement, c'est légal ? », « on peut choisir l'amo
    uniquement sur le prix ? », « le prix comme seul critère ? », « on ne
    regarde que le prix », « on peut prendre le moins cher ? », « 100 % prix »
    (``price_weight`` 100). False when the restriction is denied (« pas
    uniquement le prix », « le prix ne doit pas être le seul critère ») and
    for a percentage under 100 (``price_weight``)."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return False
    weight = price_weight(text)
    if weight is not None:
        return weight == 100
    words = _words(text)
    if not _PRICE_NAMED.search(words) or _NOT_ONLY.search(words):
        return False
    if _ONLY_BEFORE.search(words) or _ONLY_AFTER.search(words) or _SOLE_PRICE.search(words) \
            or _TAKE_CHEAPEST.search(words):
        return True
    if _SOLE_CRITERION.search(words) and re.search(r"\bprix\b", words):
        return True
    return any(m.group(1) is None or m.group(1) not in _NOT_RESTRICTIVE for m in _BUT_THE_PRICE.finditer(words))


# -- « quelle différence entre AMO et mandataire ? », « j'ai besoin des deux ? » --------

ARCHITECT = "architecte"                      # no term of its own: the MOE of a project
_BOTH = re.compile(r"\b(?:les\s+deux|des\s+deux|l\s+un\s+ou\s+l\s+autre|les\s+2|des\s+2)\b")
AMO_AND_MOE_BOTH = "amo_and_moe_both"        # a topic of topics.yml
# « on a déjà un moe », « nous avons un architecte », « notre maître d'œuvre »
_HAVE_A_MOE = re.compile(
    r"\b(?:on\s+a|nous\s+avons|j\s?ai|avons|y\s+a|il\s+y\s+a)\s+(?:deja\s+)?(?:un|une|notre|le|l|son)\s*"
    r"(?:moe|maitr\w*\s+d\s?oeuvre|architectes?|archi)\b"
    r"|\bnotre\s+(?:moe|maitr\w*\s+d\s?oeuvre|architecte|archi)\b")
_AMO_TOO = re.compile(r"\b(?:amo|amoa)\s+(?:en\s+plus|aussi|egalement|par\s+dessus)\b"
                      r"|\b(?:aussi|egalement|en\s+plus)\s+(?:un|une|d\s?un)\s+(?:amo|amoa)\b")
_ARCHITECT = re.compile(r"\barchitectes?\b")


@dataclass(frozen=True)
class Comparison:
    """Two terms a question compares (``compared_terms``)."""
    terms: Tuple[str, ...]          # ids of knowledge/roles.yml, in the order named
    both: bool                      # « j'ai besoin des deux ? »
    architect: bool                 # « architecte » named, compared as the MOE


def compared_terms(text: str) -> Optional[Comparison]:
    """The two terms a question compares: « quelle différence entre AMO et
    mandataire ? », « Quelle différence entre CCAG-PI et CCAG-MOE ? » (not
    the MOE inside CCAG-MOE), « c'est quoi la diff entre AMO et maitre
    d'oeuvre ? j'ai besoin des deux ? », « c quoi la difference entre amo et
    architecte » (an architect of a project is its maître d'œuvre). None
    without a comparison word (« différence », « vs », « les deux »…) or
    with fewer than two terms."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return None
    words = _words(text)
    both = bool(_BOTH.search(words))
    # « on se demande si on prend un AMO ou directement un maître d'œuvre »,
    # « AMO ou MOE ? »: a choice between two terms is a comparison too (not
    # understood, live test, session 17)
    # (``_TERM_CHOICE``, not the provider's ``_CHOICE`` below, which has « ou »
    # itself; « on hésite entre un mandat et une AMO »: live test, session 25)
    choice = bool(re.search(r"\bou\b", words)) and bool(_TERM_CHOICE.search(words) or "?" in text) \
        or bool(re.search(r"\bhesit\w*\s+entre\b", words))
    if not (_COMPARE.search(words) or both or choice):
        return None
    ids = list(_outer_terms(text))
    if "mandataire" not in ids and _MANDATE.search(words):
        # « c'est quoi la différence entre mandat et AMO ? » got the AMO's
        # definition alone (live test, session 25): « mandat » is no synonym
        # of the mandataire (a mandate is also an elected term, a payment)
        ids.append("mandataire")
    architect = bool(_ARCHITECT.search(words)) and "moe" not in ids
    if architect:
        ids.append("moe")
    if len(ids) < 2:
        return None
    return Comparison(tuple(ids[:2]), both, architect)


# « et c pareil qu'un amo ? », « c'est la même chose qu'un AMO ? », « et la
# différence avec un AMO ? » after a definition: the term defined compared.
_SAME_AS = re.compile(r"\b(?:pareil\w*|meme\s+chose|identique\w*|equivalent\w*|difference|diff"
                      r"|different\w*|comme)\b")


def compared_with_earlier(text: str, earlier: str) -> Optional[Comparison]:
    """A short follow-up that compares the one term it names with the one the
    user's message before asked about: « c quoi un mandataire », then « et c
    pareil qu'un amo ? », got the five families of AMO missions (live test,
    session 18). None otherwise (``compared_terms`` reads a message naming
    both)."""
    text = (text or "").strip()
    if not text or text.startswith("/") or len(_words(text).split()) > 10 or not _SAME_AS.search(_words(text)):
        return None
    named, before = _outer_terms(text), _outer_terms(earlier or "")
    # (« c'est quoi la différence avec un architecte ? » after a message
    # about an AMO: « Je n'ai pas de définition de « différence avec un
    # architecte » » (live test, session 26); an architect is the MOE)
    architect = not named and bool(_ARCHITECT.search(_words(text)))
    if architect:
        named = ("moe",)
    if len(named) != 1 or len(before) != 1 or named[0] == before[0]:
        return None
    return Comparison((before[0], named[0]), False, architect)


def _outer_terms(text: str) -> Tuple[str, ...]:
    """The terms named in ``text``, without those only named inside a longer
    name of another (the MOE of « CCAG-MOE »)."""
    from .knowledge import normalise_key
    kb = load_knowledge()
    haystack = f" {normalise_key(text)} "
    spans = {}
    for term in kb.terms_in(text):
        keys = {normalise_key(k) for k in (term.label, term.acronym, *term.synonyms) if k}
        spans[term.id] = [(m.start(), m.start() + len(k)) for k in keys if k
                          for m in re.finditer(re.escape(f" {k} "), haystack)]
    def inside(span, other):
        return other[0] <= span[0] and span[1] <= other[1] and other != span
    return tuple(tid for tid, own in spans.items()
                 if not all(any(inside(s, o) for other_id, others in spans.items() if other_id != tid
                                for o in others) for s in own))


# -- « c'est quoi le seuil des travaux ? » heard as splitting ------------------------

_THRESHOLD = re.compile(r"\b(?:seuils?|plafonds?)\b")
# What a question on splitting a need says: cutting it, its parts, adding them up.
_SPLITTING = re.compile(
    r"\b(?:decoup\w*|saucisson\w*|fractionn\w*|scind\w*|divis\w*|separ\w*|morceaux?|tranches?"
    r"|lots?|allot\w*|plusieurs|deux|trois|quatre|additionn\w*|cumul\w*|total\w*|ensemble|addition"
    r"|somme|valeur|estim\w*|calcul\w*|compte\w*|reconduct\w*|renouvel\w*|options?|annees?|ans"
    r"|chaque|par\s+an|contourn\w*|eviter|rester\s+sous|passer\s+sous|apprec\w*|recurren\w*|globalis\w*"
    r"|operations?|regroup\w*)\b")


def threshold_only(text: str) -> bool:
    """A question on a threshold that says nothing of splitting a need: « c'est
    quoi le seuil des travaux ? » (heard as splitting 0.40, procurement 0.32, it
    got the rule against « saucissonnage »: live bot, session 11). Not
    « on peut découper en 3 marchés pour rester sous le seuil ? » nor « le
    seuil c'est pour l'année ou pour le total ? »."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return False
    words = _words(text)
    return bool(_THRESHOLD.search(words)) and not _SPLITTING.search(words) \
        and not find_amount_spans(text)


# -- « 60000 HT pile pr une amo, dispense ou pas ? » not understood ---------------------

_ROUTE_WORDS = re.compile(
    rf"\b(?:{_PURCHASE_WORDS}|dispense\w*|dispenser|procedures?|publicite|pub|publier|gre\s+a\s+gre"
    r"|formalisee?s?|boamp|jal|concurrencer|mettre\s+en\s+concurrence|signer\s+direct\w*"
    # « une offre … à 19 500 euros, on signe ? » got the refusal of a price
    # range (live test, session 22): whether it can be signed as it is
    r"|on\s+signe|signer|signons|on\s+accepte|accepter)\b")
_ASKING = re.compile(r"\?|\bou\s+pas\b|\bou\s+non\b|\best\s+ce\s+que\b|\bfaut\s?il\b|\bdoit\s+on\b"
                     r"|\bpeut\s+on\b|\bon\s+peut\b|\bquel\w*\b|\bcomment\b")
# « entre 40 et 90k c quoi la procedure » (live test, session 17), not « c'est
# quoi un MAPA ? » after an amount (a definition)
_WHAT_PROCEDURE = re.compile(r"\bc\s?(?:e|est\s+)?(?:quoi|koi)\s+(?:la|les)\s+(?:procedures?|demarches?|regles?)\b")


# « amo 65 000 TTC on fait comment »: how to buy, asked without a question mark.
_HOW_TO = re.compile(r"\b(?:on|je|nous)\s+(?:fait|fais|faisons|procede\w*)\s+comment\b"
                     r"|\bcomment\s+(?:on|je|nous)\s+(?:fait|fais|faisons|procede\w*)\b")
_HOW_TO_OBJECT = re.compile(rf"\b(?:{_BUYING_WORDS}|missions?|prestations?|etudes?)\b")
# « pour 50 000 € TTC ? »: the words that may go with an amount asked about alone.
_BARE_AMOUNT_WORDS = frozenset(
    "et pour si c est ca avec un une de d a le la du montant budget mission amo alors "
    "coup ht ttc euros euro eur hors taxes taxe toutes comprises en au".split())
_MISSION_NAMED = re.compile(r"\b(?:amo|mission)\b")


def asks_how_to_buy(text: str) -> bool:
    """« amo 65 000 TTC on fait comment »: a mission with its amount, and
    « on fait comment », a question without a question mark (it started the
    diagnostic, r2-g2)."""
    words = _words(text)
    return bool(_HOW_TO.search(words)) and bool(_HOW_TO_OBJECT.search(words))


def bare_amount_question(text: str) -> bool:
    """« pour 50 000 € TTC ? », « et pour 45 000 € HT ? »: an amount of money
    asked about with nothing else (it started the diagnostic, r2-h3); not
    « pour 50 000 habitants ? »."""
    spans = find_amount_spans(text)
    if len(spans) != 1 or not (states_an_amount(text) or _MISSION_NAMED.search(fold(text))):
        return False
    # (the date asked left out: « 39 999 HT en fevrier 2026 ? » started the
    # diagnostic and lost its date, live test, session 18)
    cut = sorted([(spans[0].start, spans[0].end)] + [(d.start, d.end) for d in find_date_spans(text)])
    rest, last = "", 0
    for start, end in cut:
        rest, last = rest + " " + text[last:max(start, last)], max(last, end)
    rest_words = re.sub(r"[^a-z]+", " ", fold(rest + " " + text[last:])).split()
    if not all(w in _BARE_AMOUNT_WORDS for w in rest_words):
        return False
    # Without a question mark, only an amount for the mission (« amo a 70k »,
    # « 60000 euros ht amo »: not understood, or the start of a diagnostic)
    return "?" in text or any(w in ("amo", "mission") for w in rest_words)


def asks_what_procedure(text: str, budget_noted: bool = False) -> bool:
    """« entre 40 et 90k c quoi la procedure »: the procedure for an amount,
    asked as a definition (« De quel terme parlez-vous ? », live test,
    session 17); « c'est quoi la procédure du coup ? » after the result, the
    budget noted (« Je n'ai pas de définition de « procédure du coup » », live
    test, session 24)."""
    return (budget_noted or bool(find_amount_spans(text or ""))) \
        and bool(_WHAT_PROCEDURE.search(_words(text or "")))


def route_question(text: str) -> bool:
    """A question on the procedure for an amount it names: « 60000 HT pile pr
    une amo, dispense ou pas ? » (a fallback between « is an AMO compulsory »
    and the thresholds, live test, session 11). An amount, a word of buying
    (the dispense, the competition, a procedure, a quote…) and a question;
    or a mission with its amount and « on fait comment » (``asks_how_to_buy``);
    or an amount asked about alone (« pour 50 000 € TTC ? »)."""
    text = (text or "").strip()
    if not text or text.startswith("/") or not find_amount_spans(text):
        return False
    words = _words(text)
    return (bool(_ROUTE_WORDS.search(words)) and bool(_ASKING.search(fold(text).replace("-", " ")))) \
        or asks_how_to_buy(text) or bare_amount_question(text) or bool(_WHAT_PROCEDURE.search(words))


# -- « c'est quoi le seuil pour publier au BOAMP ? » --------------------------------------

# A question on the value of a threshold: « seuil », « plafond », « à partir de
# combien », « dès quel montant », « jusqu'à combien ».
_ASKS_A_THRESHOLD = re.compile(
    r"\b(?:seuils?|plafonds?|limites?|combien|cb|montants?|partir\s+d\w*|apartir\s+d\w*"
    r"|des\s+quel\w*|jusqu\s?a\s+quel\w*|a\s+quel\w*\s+(?:prix|somme|niveau))\b")
# « et au JOUE ? », « et pour un appel d'offres ? », « et le BOAMP ? » after a
# threshold: another threshold named, in a few words (live test, session 25:
# not understood, or the table of all the thresholds).
_NAMED_AFTER_AND = re.compile(r"^(?:et|mais)\s+(?:(?:pour|au|aux|a|le|la|les|l|du|des|un|une|en|dans|sur)\s+)*")
_NAMED_AFTER_AND_WORDS = 7
# « les autres seuils », the button « Seuils des travaux et autres » typed.
_OTHER_THRESHOLDS = re.compile(r"\bautres?\s+seuils?\b|\bseuils?\s+(?:\w+\s+){0,3}et\s+(?:les\s+)?autres\b")


@dataclass(frozen=True)
class AskedThresholds:
    """The thresholds a question names (``asked_thresholds``)."""
    roles: Tuple[str, ...]         # rule roles (procurement.yml), in the data's order; () : the category's own
    category: Optional[str]        # assistant.purchase.SERVICES, TRAVAUX or None (not said)


def _keyword_pattern(keyword: str) -> str:
    """« europ* » → any word starting so; another word, with a plural s."""
    parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) + "s?" for w in keyword.split()]
    return r"\b" + r"\s+".join(parts) + r"\b"


def threshold_roles_named(text: str) -> Tuple[str, ...]:
    """The roles of the thresholds whose keywords (procurement.yml) ``text``
    names, in the order of the rules in the data: « seuil pour publier au
    BOAMP » → publicity; « seuil europeen » → eu_threshold."""
    found = []
    said = _words(text)
    for rule in load_knowledge().rules.values():
        if rule.kind != "threshold" or rule.role in found:
            continue
        if any(re.search(_keyword_pattern(k), said) for k in rule.keywords):
            found.append(rule.role)
    return tuple(found)


_THE_THRESHOLDS = re.compile(
    r"^(?:(?:bonjour|salut|bjr|svp|stp|alors|euh|ok|oui)\s+)*"
    r"(?:(?:je\s+)?(?:voudrais|veux|voudrai|souhaite|souhaiterais|aimerais)\s+(?:savoir|connaitre|voir|avoir)"
    r"|(?:je\s+)?(?:cherche|recherche)|(?:vous\s+)?(?:pouvez|pourriez)\s+(?:me\s+)?(?:donner|dire|rappeler)"
    r"|(?:donnez|dites|rappelez)(?:\s+moi)?|(?:c\s?est\s+|c\s+)?quoi|quels?\s+sont|montrez(?:\s+moi)?|voir)?\s*"
    r"(?:les\s+|des\s+|vos\s+)?seuils(?:\s+(?:d\s?achats?|de\s+procedures?|des\s+marches(?:\s+publics)?"
    r"|de\s+la\s+commande\s+publique|en\s+vigueur|actuels|applicables))?(?:\s+(?:svp|stp|merci))?$")


def asks_the_thresholds(text: str) -> bool:
    """« je voudrais savoir les seuils », « les seuils svp », « quels sont
    les seuils en vigueur »: the thresholds in general, asked in a few words
    (the first got « Vouliez-vous parler de : Les seuils… », live test,
    session 27). Not a threshold named (``asked_thresholds``), an amount or a
    date (the route, the thresholds of that date)."""
    text = (text or "").strip()
    if not text or text.startswith("/") or find_amount_spans(text) or find_date_spans(text):
        return False
    return bool(_THE_THRESHOLDS.match(_words(text).strip()))


def asked_thresholds(text: str) -> Optional[AskedThresholds]:
    """The thresholds a question asks the value of, when it names some: a
    threshold word or « à partir de combien… » (``_ASKS_A_THRESHOLD``) and the
    keywords of a rule (« c'est quoi le seuil pour publier au BOAMP ? », « a
    partir de combien un contrat ecrit », « documents gratuits à partir de ? »,
    « c quoi le seuil pour pas faire de pub ? »), or whether a written contract
    is needed (« faut un contrat ecrit ? »),
    or the works (« seuil travaux ? »: their own thresholds, ``roles`` empty).
    None for an amount (a route or a value to check), for the thresholds in
    general (« quels sont les seuils ? »), for « les autres seuils »
    (``asks_other_thresholds``), for a button's payload."""
    from .purchase import TRAVAUX, purchase_category       # (assistant.purchase reads the amounts)

    text = (text or "").strip()
    if not text or text.startswith("/") or find_amount_spans(text) or asks_other_thresholds(text):
        return None
    words = _words(text)
    roles = threshold_roles_named(text)
    # (« faut un contrat ecrit ? »: whether the rule applies, i.e. from which
    # amount: live test, session 12, among other questions)
    named_after_and = bool(roles) and bool(_NAMED_AFTER_AND.match(words)) \
        and len(words.split()) <= _NAMED_AFTER_AND_WORDS and "?" in text
    if not (_ASKS_A_THRESHOLD.search(words) or (roles == ("written_contract",) and _MUST.search(words))
            or named_after_and):
        return None
    category = purchase_category(text)
    if not roles and category != TRAVAUX:
        return None
    return AskedThresholds(roles, category)


# « et au dessus ? », « et au-delà ? », « et plus haut ? » right after a
# threshold was given: the thresholds above it (live test, session 22: not
# understood, and counted as a failed answer to the diagnostic's question).
_ABOVE_ALONE = re.compile(r"^(?:(?:et|mais|ok|bon|d\s?accord|alors|puis)\s+)*(?:au\s?dessus|au\s?dela|plus\s+haut"
                    r"|en\s+dessus)(?:\s+(?:de\s+(?:ce\s+seuil|ca|celui\s?ci)|du\s+seuil))?"
                    r"(?:\s+(?:alors|donc|du\s+coup))?$")
# The thresholds of a purchase from the lowest to the highest (procurement.yml roles).
THRESHOLD_LADDER = ("dispense", "publicity", "eu_threshold")


def asks_above(text: str) -> bool:
    """« et au dessus ? » alone: the thresholds above the one just given."""
    text = (text or "").strip()
    return bool(text) and not text.startswith("/") and bool(_ABOVE_ALONE.match(_words(text).strip()))


def roles_above(roles: Sequence[str]) -> Tuple[str, ...]:
    """The thresholds above the highest of ``roles`` on ``THRESHOLD_LADDER``
    (() when none of them is on it, or it is the top)."""
    ranks = [THRESHOLD_LADDER.index(r) for r in roles if r in THRESHOLD_LADDER]
    return THRESHOLD_LADDER[max(ranks) + 1:] if ranks else ()


def asks_other_thresholds(text: str) -> bool:
    """« les autres seuils ? », or the button « Seuils des travaux et autres »
    typed: the thresholds left out of the short list."""
    text = (text or "").strip()
    return bool(text) and not text.startswith("/") and bool(_OTHER_THRESHOLDS.search(_words(text)))


# -- « 30 000 pour la 1ere phase et 30 000 pour la 2eme, on peut faire 2 contrats ? » --

# Cutting one need into several contracts: « faire 2 contrats », « deux marchés
# séparés », « découper », « scinder ».
_SEVERAL_CONTRACTS = re.compile(
    r"\b(?:[2-9]|deux|trois|quatre|plusieurs)\s+(?:contrats?|marches?|commandes?|bons?\s+de\s+commande"
    r"|conventions?|consultations?)\b"
    r"|\b(?:contrats?|marches?|commandes?)\s+(?:separe\w*|distinct\w*|differents?)\b"
    r"|\b(?:decoup\w*|saucisson\w*|fractionn\w*|scind\w*|separ(?:er|ons|ez))\b")


def splitting_question(text: str) -> bool:
    """Whether a question asks to cut one need into several contracts: « le
    prestataire nous propose 30 000 pour la 1ere phase et 30 000 pour la 2eme,
    on peut faire 2 contrats ? » (not understood: live test, session 12). The
    parts' total is read by ``assistant.amounts.parse_amount``."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return False
    return bool(_SEVERAL_CONTRACTS.search(_words(text))) and looks_like_question(text)


# -- « c'est HT ou TTC vos seuils ? » (live test, session 17) ------------------------------

_THRESHOLD_WORD = re.compile(r"\bseuils?\b")
_TAX_ASKED = re.compile(r"\b(?:ht\s+ou\s+ttc|ttc\s+ou\s+ht|hors\s+taxes?\s+ou|ou\s+hors\s+taxes?|en\s+ttc|en\s+ht"
                        r"|avec\s+(?:la\s+)?tva|sans\s+(?:la\s+)?tva|tva\s+comprise|ttc\s+ca\s+fait"
                        r"|combien\s+(?:en|ca\s+fait\s+en)\s+ttc)\b")


def asks_thresholds_tax(text: str) -> bool:
    """« c'est HT ou TTC vos seuils ? », « le seuil de 60000 ça fait combien
    en TTC ? », « les seuils sont avec la TVA ? »: whether the thresholds are
    HT or TTC (the answer: HT), with a threshold's TTC value when one is named."""
    folded = _words(text or "")
    return bool(_THRESHOLD_WORD.search(folded) and _TAX_ASKED.search(folded))


# -- « budget 1M pour le plan vélo, faut il un amo ? » (live test, session 17) --------------

_NEED_AN_AMO = re.compile(
    r"\b(?:faut\s?il|faut\s+t\s+il|il\s+faut|faudrait\s?il|doit\s?on|on\s+doit|est\s+on\s+oblige\w*|oblig\w*"
    r"|besoin\s+d|necessaire|indispensable)\b.{0,25}\b(?:un|une|d\s?un|l)?\s*(?:amo|amoa"
    r"|assistant\w*\s+(?:a|au)\s+maitr\w+\s+d\s?ouvrage)\b")
_PRICE_ASKED = re.compile(r"\b(?:combien|cout\w*|coute\w*|prix|tarif\w*|fourchette|cher|budget\s+(?:pour|d\s?un)\s+amo)\b")


def asks_whether_an_amo_is_needed(text: str) -> bool:
    """« budget 1M pour le plan vélo, faut il un amo ? » heard as a question on
    the price (its budget) got « Aucune source publique ne donne de
    fourchette de prix »: whether an AMO is needed, not what one costs."""
    words = _words(text or "")
    if _PRICE_TO_PLAN.search(words):
        # « combien on doit prévoir pour l'amo en % des travaux ? » got « Non.
        # Aucun texte n'oblige… » (live test, session 27): its price
        return False
    return bool(_NEED_AN_AMO.search(words)) and not _PRICE_ASKED.search(re.sub(r"^.*?\b(?:faut|doit|oblig)", "", words))


_PRICE_TO_PLAN = re.compile(
    r"\b(?:combien|cb|quel\s+budget|quel\s+montant|quelle\s+somme)\b.{0,15}\b(?:faut|doit|dois|devons|oblig)"
    r"|\b(?:doit|dois|devons|faut)\s+(?:il\s+|on\s+)?(?:prevoir|budgeter|compter|mettre|payer|provisionner)\s+"
    r"(?:combien|quel|quelle|un\s+budget|une\s+enveloppe|une\s+somme|\d|en\s+pourcentage|pour)\b")


# Providers whose price is asked who are no AMO: « c'est combien un paysagiste
# ? » got « Aucune source publique ne donne de fourchette de prix pour une
# mission d'AMO » (left open in session 24), as if an AMO had been asked about.
_OTHER_PROVIDERS = (
    (re.compile(r"\bpaysagistes?\b"), "un paysagiste"),
    (re.compile(r"\barchitectes?\b(?!\s+(?:des\s+batiments\s+de\s+france|conseils?\b))"), "un architecte"),
    (re.compile(r"\bgeometres?\b"), "un géomètre"),
    (re.compile(r"\bavocats?\b"), "un avocat"),
    (re.compile(r"\bmaitr\w*\s+d\s?oeuvre\b|\bmoe\b"), "la maîtrise d'œuvre"),
    (re.compile(r"\b(?:les|des|de|nos|ces)\s+travaux\b|\bentreprises?\s+de\s+travaux\b|\bartisans?\b"), "des travaux"),
)
_AMO_NAMED = re.compile(r"\bamo\b|\bassist\w*\s+(?:a|de)\s+(?:la\s+)?maitr\w*\s+d\s?ouvrage\b")


def priced_provider(text: str) -> Optional[str]:
    """Who the price asked is for, when that is no AMO (« c'est combien un
    paysagiste ? »: « un paysagiste »; « combien coûtent les travaux ? »: « des
    travaux »); None when an AMO is named, nobody is, or no price is asked."""
    folded = _words(text or "")
    if not _PRICE_ASKED.search(folded) or _AMO_NAMED.search(folded):
        return None
    found = [(match.start(), who) for pattern, who in _OTHER_PROVIDERS
             for match in [pattern.search(folded)] if match]
    return min(found)[1] if found else None
