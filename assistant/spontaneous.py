"""What a first message answers before the questions are asked.

« Bonjour. Communauté de communes de 11 200 habitants. Projet : schéma
directeur du numérique, avec un besoin ponctuel d'expertise (nous n'avons
aucun profil DSI). Notre président porte le sujet, nous avons interrogé l'OPSN
départemental qui ne fait pas ce type de mission… » answers the need
(expertise), its duration (ponctuel), the internal resources (none), the
partners (consulted, cannot cover it: the OPSN) and the sponsor (yes): those
questions are not asked again (dgs M5).

The parsers of ``assistant.parsing`` read the answer to a question that was
asked; on a whole first message they fire too often (« comcom » names a
partner, « je suis maire » an elected official, « on a personne qui s'y
connaît » reads as a need, resources, partners and sponsor at once). Here the
message is cut into clauses (sentences, commas, « et », « mais »,
parentheses), and a clause answers a question only when it says so in that
question's own terms:

- duration: « ponctuel », « durable » said of the need (not « mobilité
  durable »), « sur tout le mandat », « sur plusieurs années », « sur 3 ans »
  (a project of several years: final retest F-H1);
- need kinds: « expertise », « pas les compétences », « pas le temps »,
  « un renfort », « un regard extérieur », « un tiers pour faire passer le
  message »… (not « un audit » or « un diagnostic »: projects);
- internal resources: « personne en interne », « un agent à mi-temps »,
  « aucun profil DSI », « la secrétaire est débordée »;
- partners: a partner named with a verb of consulting (« interrogé »,
  « consulté », « vu », « contacté », « adhérents de ») or with what it can do
  (« le SDE nous accompagne »), or « personne n'a été sollicité »;
- sponsor: an elected official with a verb of support (« porte le sujet »,
  « est d'accord », « veut que… », « soutient ») or of doubt (« les élus sont
  partagés »), or « pas encore de porteur »; « je suis maire » alone is the
  structure, not a sponsor.

The value is then what the question's own parser reads in that clause, so it
is what the form would record for the same words. Questions, conditions
(« si le SDE ne peut pas… »), hesitations (« peut-être », « je ne sais pas »)
and what is said of someone else (« le SDE n'a pas le temps ») answer
nothing; two clauses that disagree leave the question to be asked: a wrong
answer noted is worse than a question asked.

Plain Python, no Rasa import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

from . import parsing
from .knowledge import load_knowledge
from .profile import DURATIONS, NEED_KINDS, PARTNER_STATUSES, RESOURCES, SPONSOR, UNKNOWN
from .text import fold, normalize, truncate

SLOTS = ("need_kinds", "duration", "internal_resources", "partners_status", "sponsor")


@dataclass(frozen=True)
class Spontaneous:
    """An answer read in a message: its canonical value, and the words it was
    read in (the clauses, joined). For the partners, ``value`` is the status
    (None when the message names partners consulted without saying whether
    they can help) and ``partners`` the partners consulted."""

    value: Any
    text: str
    partners: FrozenSet[str] = frozenset()


# -- clauses -----------------------------------------------------------------------------

_SENTENCES = re.compile(r"(?:[^.!?…\n]|\.(?=[^\s.]))+[.!?…]*")
# « et » joins two clauses, not « le maire et moi »
_BREAKS = re.compile(r"""
    (?P<punct>\s*(?:,(?!\d)|;|:|\s-\s|–|—)\s*)
  | \s+(?P<word>et(?!\s+(?:moi|toi|lui|eux)\b)|mais|car|donc|puis|puisque|sauf\s+que
           |alors\s+que|par\s+contre|parce\s+qu['e]?|cependant|pourtant)\s+
""", re.X | re.I)
_LEAD = re.compile(r"(et|mais|car|donc|puis|sauf\s+que|par\s+contre)\s+", re.I)
# An aside in parentheses is a clause of its own, and the clause around it is
# read without it: « Le maire et moi (secrétaire) portons le dossier ».
_ASIDE = re.compile(r"\s*\(([^()]*)\)?")


@dataclass(frozen=True)
class _Clause:
    text: str           # as typed (normalised)
    folded: str         # folded, apostrophes and hyphens as spaces
    link: str           # what joins it to the clause before: "" (a sentence starts), ",", "et"…
    question: bool      # in a question (a sentence that asks), or a condition
    sentence: int       # the number of its sentence


def _fold(text: str) -> str:
    return " ".join(fold(text).replace("'", " ").replace("-", " ").split())


def _clauses(text: str) -> List[_Clause]:
    out: List[_Clause] = []
    for number, sentence in enumerate(_SENTENCES.finditer(normalize(truncate(text or "")))):
        raw = sentence.group()
        # A sentence that asks answers nothing, its context included:
        # « besoin ponctuel d'expertise, ça rentre dans quelle case ? »
        asks = _asks(raw)
        asides = [m.group(1) for m in _ASIDE.finditer(raw) if (m.group(1) or "").strip()]
        raw = _ASIDE.sub(" ", raw).replace(")", " ")
        link, start = "", 0
        pieces: List[Tuple[str, str]] = []
        for m in _BREAKS.finditer(raw):
            pieces.append((raw[start:m.start()], link))
            link = (m.group("punct") or m.group("word") or "").strip().lower() or ","
            start = m.end()
        pieces.append((raw[start:], link))
        for index, (piece, joined) in enumerate(pieces):
            piece = piece.strip(" .!…")
            lead = _LEAD.match(piece)
            if lead and joined in ("", ",", ";", ":", "-", "–", "—"):
                # (« …à temps plein, mais elle part en congé »: the « mais » joins them)
                joined = " ".join(lead.group(1).lower().split())
                piece = piece[lead.end():]
            if not piece.strip("? "):
                continue
            folded = _fold(piece)
            out.append(_Clause(piece, folded, joined, asks or _is_condition(folded), number))
        for aside in asides:
            out.append(_Clause(aside.strip(), _fold(aside), "(", asks or _is_condition(
                _fold(aside)), number))
    return out


# (« l'OPSN, qui ne fait pas ce type de mission »: a relative, not « qui ? »)
_RELATIVE = re.compile(r"(?:[,;:]|\bet\b)\s*(?=(?:qui|que|qu|dont|ou|quoi)\b)")
_ASKS = re.compile(r"""\b(?:savoir\s+(?:si|comment|quel\w*|combien|ce\s+qu\w*|qui)
    |(?:je|on|nous)\s+(?:me|se|nous)\s+demand\w*|(?:une|la|des|les)\s+questions?|c\s+quoi|c\s+koi
    |ca\s+veut\s+dire|ca\s+s\s+appelle|c\s+est\s+qui)\b""", re.X)
# « le caue peut il nous accompagner », « vaut-il mieux » (no « ? »): a verb,
# then its subject
_INVERTED = re.compile(r"""
    \b(?!(?:et|tout|avant|pourtant|souvent|cependant|bientot|tant|tot|sept|huit)\b)(?!\w+ment\b)
      \w+t\s+(?:il|elle|ils|elles|on)\b
  | \b(?:a|pouvez|devez|avez|etes|savez)\s+(?:il|elle|ils|elles|on|vous)\b
  | \b\w+\s+t\s+(?:il|elle|ils|elles|on)\b""", re.X)
# « si le SDE ne peut pas », « les dangers si aucun élu ne porte le projet »,
# « en cas de temps partiel »: what might be, not what is
_CONDITION = re.compile(r"""^(?:si|s\s+il|s\s+ils|a\s+condition)\b
    |\b(?:si|s\s+il|s\s+ils)\s+(?:on|nous|le|la|les|l|un|une|aucun\w*|personne|notre|nos|il|ils
        |elle|elles|c|ca|je|j|vous)\b
    |\ben\s+cas\s+d|\bau\s+cas\s+ou""", re.X)


def _asks(sentence: str) -> bool:
    """A sentence phrased as a question, or a wish to know."""
    folded = _fold(sentence)
    if "?" in sentence or _ASKS.search(folded) or _INVERTED.search(folded):
        return True
    return parsing.looks_like_question(_RELATIVE.sub(" ", folded))


def _is_condition(folded: str) -> bool:
    return bool(_CONDITION.search(folded))


_HEDGE = re.compile(r"""\b(?:peut\s+etre|a\s+voir|on\s+verra|pas\s+sure?s?|ou\s+pas|eventuellement
    |je\s+(?:ne\s+)?sais\s+pas|sais\s+pas|sait\s+pas\s+(?:si|encore)|jsp|j\s+hesite|on\s+hesite
    |a\s+definir|a\s+preciser)\b""", re.X)


# -- the user, and others ----------------------------------------------------------------

# (not « il faut », « il nous faudrait », « il y a »: impersonal)
_OTHERS = re.compile(r"^(?:il(?!\s+(?:(?:nous|me|m|lui)\s+)?"
                     r"(?:faut|faudrait|faudra|y\s+a|s\s+agit))"
                     r"|ils|elle|elles|lui|eux|leur|leurs)\b")
_RECRUIT = re.compile(r"\b(?:recrut\w*|embauch\w*|former|formation)\b")
# Structures that are also partners: the user's own is not a partner consulted
_OWN_PARTNERS = frozenset({"epci", "departement", "region"})


def _partners_named(text: str) -> FrozenSet[str]:
    """Partners a clause names, whether consulted or not (« pas encore le
    CAUE » names the CAUE)."""
    words = parsing._words(text)      # (the partners' lexicon, without its reading of the status)
    named = {match.key for match in parsing._PARTNERS.find(words)}
    named |= {"agence_technique_departementale" for word in words
              if parsing._AT_NUMBER.match(word.text)}
    return frozenset(named)


def _about_others(clause: _Clause) -> bool:
    """Said of a partner or of someone else (« le SDE n'a pas le temps »,
    « ils ne peuvent pas »): no answer about the user's own need or staff."""
    return bool(_OTHERS.match(clause.folded)) or bool(_partners_named(clause.text))


# -- duration ----------------------------------------------------------------------------

_DURATION_WORDS = re.compile(r"\b(?:ponctu\w*|permanent|permanente|recurrent\w*|perenne\w*)\b")
# « durable » says how long the need lasts when said of the need or alone
# (« besoin durable », « c'est plutôt durable », « de manière durable »), not
# in « mobilité durable », « développement durable », « un bâtiment plus durable »
_DURABLE = re.compile(r"""(?:^|\b(?:besoins?|missions?|accompagnements?|appui|aide|renfort
    |soutien|intervention|prestation|poste|maniere|facon|c\s+est|ce\s+sera|ca\s+sera|plutot)
    \s+(?:(?:plutot|assez|bien|vraiment)\s+)?)durable(?:s|ment)?\b""", re.X)
_DURATION_PHRASES = re.compile(r"""
    \b(?:sur|pendant|durant|pour)\s+(?:tout\s+le|toute\s+la\s+duree\s+du|la\s+duree\s+du)\s+mandat\b
  | \bjusqu\s+a\s+la\s+fin\s+du\s+mandat\b
  | \b(?:sur|pendant|durant)\s+(?:plusieurs|quelques)\s+annees\b
  | \b(?:sur|pendant|durant)\s+(?:[2-9]|1\d|deux|trois|quatre|cinq|six|dix)\s+ans\b
  | \b(?:sur|pendant|durant|en)\s+(?:[1-9]|1[0-2]|quelques|deux|trois|quatre|six|huit|dix|douze)\s+mois\b
  | \b(?:sur\s+le|a)\s+long\s+terme\b
  | \btemporaire(?:s|ment)?\b
""", re.X)


def _duration(clause: _Clause) -> Optional[str]:
    folded = clause.folded
    explicit = bool(_DURATION_WORDS.search(folded) or _DURABLE.search(folded))
    # The value is what the question's parser reads in the clause, when it
    # agrees with the words that say it: « un appui ponctuel pour le suivi
    # du chantier » (« suivi » reads as durable) is left to be asked.
    value = parsing.parse_duration(clause.text)
    if value not in DURATIONS:
        return None
    if explicit:
        if "ponctu" in folded and "durabl" in folded:
            return None                       # « ponctuel ou durable » : not said
        return value if value == parsing.parse_duration(clause.text, explicit=True) else None
    phrase = _DURATION_PHRASES.search(folded)
    return value if phrase and value == parsing.parse_duration(phrase.group()) else None


# -- need kinds --------------------------------------------------------------------------

_NEED_WORDS = {
    "expertise": re.compile(r"""
        \bexpertise\b
      | \b(?:besoin|faut|faudrait|cherch\w*|manque|appel)\s+(?:\w+\s+){0,3}?
          (?:experts?|specialistes?)\b
      | \bcompetences?\s+(?:techniques?|juridiques?|pointues?|specifiques?)
      | \b(?:pas|ni)\s+(?:les|de|d|la)\s+competences?\b|\baucune\s+competences?\b
      | \bmanque\s+(?:de\s+|d\s+)?(?:competences?|connaissances?|expertise)
      | \b(?:sait|savons|sais)\s+pas\s+(?:faire|comment|trop\s+faire|s\s+y\s+prendre)
      | \bconnai\w*\s+rien\b|\bpas\s+(?:les\s+|de\s+)?connaissances\b|\bnous\s+depasse\b""", re.X),
    "capacite": re.compile(r"""
        \bcapacite\b|\brenforts?\b
      | \b(?:pas|ni)\s+(?:le|de|d|assez\s+de)\s+temps\b
      | \bmanque\s+de\s+(?:temps|bras|monde|personnel)
      | \bpeu\s+de\s+temps\b|\bpas\s+(?:assez\s+)?de\s+(?:bras|monde)\b|\bsous\s+effectif\b
      | \b(?:on\s+est|on\s+a|nous\s+sommes|je\s+suis|suis)\s+(?:\w+\s+)?
          (?:debord\w*|surcharg\w*)""",
                           re.X),
    "audit": re.compile(r"""
        \bregard\s+(?:exterieur|externe|neuf|croise)|\boeil\s+(?:exterieur|neuf|externe)
      | \bavis\s+(?:exterieur|externe|neutre)|\bprendre\s+du\s+recul|\bprise\s+de\s+recul
      | \bpoint\s+de\s+vue\s+exterieur|\bvision\s+exterieure""", re.X),
    "intermediation": re.compile(r"""
        \bintermediation\b|\bintermediaire\b|\btiers\s+(?:de\s+confiance|neutre|exterieur)
      | \bun\s+tiers\s+(?:pour|qui)\b|\bporter\s+(?:un|le|notre)\s+message
      | \bfaire\s+passer\s+(?:un|le|des|les|notre)\s+messages?|\bporte\s+parole\b|\bmediateur
      | \bconduite\s+du\s+changement|\bfaire\s+(?:accepter|adherer)\b
      | \b(?:aide|appui|accompagn\w*|besoin|soutien|quelqu\s+un)\s+(?:\w+\s+){0,4}?
          (?:concertation|mediation|concerter)\b""", re.X),
}
# « pas eu le temps de contacter le SDE », « pas le temps de chiffrer mieux »: not the need
# « je n'ai pas le temps de finir le diagnostic », « g pas le temps là »: the conversation
_NOT_NEED = re.compile(r"\bpas\s+eu\s+le\s+temps\b|\btemps\s+de\s+(?:chiffrer|calculer|estimer"
                       r"|detailler|expliquer|lire|repondre|remplir|regarder|finir|terminer"
                       r"|continuer)\b|\btemps\s+(?:la|maintenant|ce\s+soir|aujourd\s+hui)\b")
# The kinds of need talked about, not had: « capacité vs expertise », « c'est
# quel type de besoin », or the four listed
_NEED_CATEGORIES = re.compile(r"""\b(?:vs|versus|hesit\w*|difference|nuance|categories?|case|cases
    |classe\w*|grille|type\s+de\s+besoin|quel\s+besoin|range\w*)\b""", re.X)


def _need_kinds(clause: _Clause) -> List[str]:
    if _about_others(clause) or _NOT_NEED.search(clause.folded):
        return []
    said = {kind for kind, words in _NEED_WORDS.items() if words.search(clause.folded)}
    if not said:
        return []
    kinds = parsing.parse_need_kinds(clause.text) or frozenset()
    return sorted(k for k in kinds if k in NEED_KINDS and k in said)


# -- internal resources ------------------------------------------------------------------

_STAFF = (r"(?:agents?|secretaire|technicien\w*|charge\w*\s+de\s+mission|cheffe?\s+de\s+projet"
          r"|responsable\s+\w+|services?\s+techniques?|ingenieur\w*|informaticien\w*|econome)")
_RESOURCE_WORDS = re.compile(rf"""
    \bpersonne\s+(?:(?:ici|sur\s+place|chez\s+nous|a\s+la\s+mairie|dans\s+(?:l\s+equipe|nos\s+services
                        |la\s+commune|les\s+services))\s+)?
                 (?:en\s+interne|qui\s+s\s+y\s+conn\w*|qui\s+(?:sait|connait|maitrise)|capable
                  |pour\s+(?:suivre|le\s+faire|s\s+en\s+occuper|gerer|piloter))
  | \b(?:on|nous|j|je)\s+(?:n\s+)?(?:a|avons|ai)\s+(?:encore\s+|vraiment\s+)?personne\b
  | \baucune?\s+(?:agent|technicien\w*|profil|ingenieur|informaticien|personnel|service
                  |salarie|employe|charge\w*\s+de\s+mission|ressource\w*|personne)
  | \b(?:pas\s+(?:d|de)|sans)\s+(?:agent|technicien|profil|ingenieur|informaticien|personnel|service
                        |salarie|employe|charge\w*\s+de\s+mission|equipe)
  | \brien\s+en\s+interne\b
  | \b(?:(?:on\s+a|nous\s+avons|j\s+ai|il\s+y\s+a|ya)\s+(?:juste\s+|seulement\s+)?(?:un|une|1)
        |la|le|notre|nos|les)\s+{_STAFF}\b.*\b(?:(?:mi|demi)\s+temps|temps\s+partiel
        |quelques\s+heures|temps\s+plein|plein\s+temps)
  | \b(?:on\s+a|nous\s+avons|j\s+ai)\s+(?:un|une)\s+(?:equipe|service)\s+dediee?\b
  | \b(?:que|juste|seulement)\s+moi\b|\bmoi\s+seule?\b
  | \b{_STAFF}\b.*\b(?:debord\w*|surcharg\w*|pas\s+dispo\w*|deja\s+pris\w*|deja\s+occupe\w*)
  | \b(?:on\s+a|nous\s+avons|j\s+ai|il\s+y\s+a|y\s+a|ya)\s+(?:juste\s+|seulement\s+|uniquement\s+)?
      (?:un|une|1|la|le|notre)\s+(?:bon\s+|vrai\s+)?{_STAFF}
""", re.X)
_UNSURE = "unsure"    # a clause that makes the question unclear: it is asked
# « personne », « aucun » as a whole clause, then why (« la secrétaire est déjà
# débordée »): no one in-house
_NOBODY = re.compile(r"(?:(?:bah|ben|bon|non|alors|franchement|honnetement)\s+)*"
                     r"(?:personne|aucun|aucune|nobody)(?:\s+(?:en\s+interne|ici|chez\s+nous|vraiment))?")
_OVERLOADED = re.compile(r"\b(?:debord\w*|surcharg\w*|sature\w*|pas\s+(?:le\s+)?temps|pas\s+dispo\w*"
                         r"|deja\s+pris\w*|deja\s+occupe\w*|deja\s+(?:bien\s+)?charge\w*"
                         r"|pris\w*\s+par|accapare\w*|absorbe\w*)\b")
_SOME_STAFF = re.compile(rf"\b(?:{_STAFF}|dgs|employes?|salaries?|personnel)\b")
_NONE = re.compile(r"\b(?:pas|aucun\w*|sans|personne|rien|ni|plus)\b")
_ABOUT_ME = re.compile(r"\b(?:je\s+suis|j\s+suis|en\s+tant\s+que)\b")
_LEAVING = re.compile(r"\b(?:retraite|part\s+en|partir|quitte\w*|conge\w*|depart|mute\w*"
                      r"|fin\s+de\s+contrat)\b")


def _resources(clause: _Clause, but: Optional[_Clause] = None,
               elected: bool = False) -> Tuple[Optional[str], str]:
    """(value, the words it is read in). ``but``: the clause after it, when it
    starts with « mais »: « une chargée de mission à temps plein, mais elle
    part en congé » is not a team; « un technicien mais il est débordé » is
    an agent, in part."""
    folded = clause.folded
    if parsing.ME_FOLLOWING.search(folded) and not _about_others(clause):
        # « et c'est moi qui suivrai (jsuis chargée de mission…) »: one person
        # in-house, the user (asked again, live test, session 17); said by an
        # elected user (« je suis le maire… c'est moi qui pilote »), the sponsor
        return (None if elected else "partielle"), clause.text
    if _about_others(clause) or _RECRUIT.search(folded) or _ABOUT_ME.search(folded) \
            or _LEAVING.search(folded) or not _RESOURCE_WORDS.search(folded):
        return None, clause.text
    if but is not None:
        words = f"{clause.text} mais {but.text}"
        value = parsing.parse_resources(words)
        return (value if value == "partielle" else None), words
    value = parsing.parse_resources(clause.text)
    return (value if value in RESOURCES else None), clause.text


# -- partners ----------------------------------------------------------------------------

# (done, not wished: « on a échangé avec le SDE », not « je préférerais échanger avec
# un agent de l'interco »)
_CONSULTED = re.compile(r"""\b(?:(?:interroge|consulte|contacte|sollicite|rencontre|appele|echange
    |discute)(?:e|es|ees|s)?|vu|vue|vus|(?:demande|parle)(?:e|es|s)?\s+(?:a|au|aux|avec)
    |pris\s+contact
    |en\s+contact|adherent\w*|adhere\w*|adhesion|convention\w*|accompagn\w*|travaill\w*\s+avec
    |venue?s?\s+voir|(?:nous|m)\s+(?:a|ont)\s+(?:dit|repondu|propose|conseille)|laureat\w*
    |suivie?s?\s+par|aidee?s?\s+par)\b""", re.X)
# What a partner can do or did (« la com com dit qu'elle peut nous aider », « le SDE
# nous accompagne », « ils sont débordés »), not its name alone (« CEP », « conseil en
# énergie partagé » name a partner and read as a convention)
_PARTNER_DID = re.compile(r"""\b(?:peu[tv]\w*|pourr\w*|pouvai\w*|aide\w*|accompagn\w*|fai[ts]|font
    |va|vont|propos\w*|refus\w*|sui[st]|suivent|suivi|dispo\w*|debord\w*|sature\w*|charge\w*
    |n\s+a\s+pas|n\s+ont\s+pas|pas\s+le\s+temps|adhe\w*|conventionn\w*|mis\w*\s+a\s+disposition
    |travaill\w*|repon\w*|suite|couvr\w*|conseill\w*|on\s+a|nous\s+avons
    |beneficie\w*|via|grace)\b""", re.X)
# « on n'a pas encore contacté le SDE », « pas eu le temps de le solliciter »
_NOT_CONSULTED = re.compile(r"\b(?:pas|jamais|rien)\b.*\b(?:contact|consult|sollicit|appel|interrog"
                            r"|rencontr|demand)\w*")
_NOBODY_ASKED = re.compile(r"""
    \bpersonne\s+(?:n\s+)?(?:a\s+ete\s+)?(?:sollicite|consulte|contacte|appele|interroge)\w*
  | \brien\s+demande\b
  | \b(?:demande\s+a|contacte|consulte|sollicite|vu|appele|interroge)\s+personne\b
  | \bpas\s+(?:encore\s+)?(?:contacte|consulte|sollicite|vu|appele|interroge|demande)\w*\s+
      (?:de\s+|d\s+|les\s+|aucun\s+)?(?:partenaires?|organismes?|personne|acteurs?)\b
  | \baucun\s+(?:partenaire|organisme)\b
""", re.X)
# after a clause that names partners, what they said or did: « qui ne fait
# pas ce type de mission », « ils ne peuvent pas », « mais pas le suivi »
_GOES_ON = re.compile(r"^(?:qui|que|qu|dont|il|ils|elle|elles|on\s+les|nous\s+les|ne|n|pas|sans"
                      r"|mais|plus|ni|aucun|aucune)\b")
# « ils peuvent nous conseiller mais pas suivre les travaux »: can they help? ask
# (« …un accompagnement, mais nous hésitons » is about the user)
_FIRST_PERSON = re.compile(r"^(?:on|nous|je|j|moi)\b")
# « ils peuvent nous conseiller mais pas suivre les travaux », « le SDE nous a
# refusé l'accompagnement », « il faudrait adhérer d'abord »: whether they can
# cover the need is not clear; it is asked
_NOT_ALL = re.compile(r"""\b(?:mais|sauf|seulement|en\s+partie|pas|ne|n|non|ni|refus\w*|faute
    |sans|jamais|aucun\w*|impossible|fallait|faudrait|faut|devrait|devrions)\b""", re.X)
# « on a consulté », « nous a répondu »: asked; not « not consulted »
_ASKED = re.compile(r"""\b(?:on|nous)\s+(?:a|avons)\s+(?:deja\s+)?(?:consulte|contacte|sollicite|vu
    |appele|demande|interroge|rencontre)|\b(?:nous|m)\s+(?:a|ont)\s+(?:dit|repondu)\b""", re.X)


def _partner_groups(clauses: List[_Clause]) -> List[Tuple[str, List[int]]]:
    """The texts that speak of partners, with the numbers of their clauses: a
    clause that names some, with the clauses after it in its sentence that go
    on about them (« …l'OPSN, qui ne fait pas ce type de mission »)."""
    groups: List[Tuple[str, List[int]]] = []
    index = 0
    while index < len(clauses):
        clause = clauses[index]
        if clause.question or not _partners_named(clause.text):
            index += 1
            continue
        group, members = clause.text, [index]
        index += 1
        while index < len(clauses) and clauses[index].link not in ("", "(") \
                and not clauses[index].question and (
                    _GOES_ON.match(clauses[index].folded)
                    or (clauses[index].link == "mais"
                        and not _FIRST_PERSON.match(clauses[index].folded))
                    or (_partners_named(clauses[index].text)
                        and clauses[index].link in ("et", ","))):
            link = clauses[index].link
            group += (f"{link} " if not link[0].isalpha() else f" {link} ") + clauses[index].text
            members.append(index)
            index += 1
        groups.append((group, members))
    return groups


# Money asked or given is not the accompaniment the question is about
# (« on a sollicité une subvention de la Région », « le département pourrait
# financer une partie »)
_FUNDING = re.compile(r"\b(?:financ\w*|subvention\w*|dotation\w*|detr|dsil|cofinanc\w*|prets?"
                      r"|emprunts?)\b")


def _partners(clauses: List[_Clause], own: Optional[str], message: str) -> Optional[Spontaneous]:
    """``message``: the whole message, folded (« oui on a consulté, mais aucun
    partenaire n'a de dispo » is no « not consulted »)."""
    texts: List[str] = []
    for group, _ in _partner_groups(clauses):
        status, named = parsing.parse_partners(group)
        mentioned = _partners_named(group) - ({own} & _OWN_PARTNERS)
        if not mentioned or _HEDGE.search(_fold(group)) or _FUNDING.search(_fold(group)):
            continue
        if _CONSULTED.search(_fold(group)) \
                or (status in ("consultes_insuffisant", "convention_disponible")
                    and _PARTNER_DID.search(_fold(group))) \
                or (status == "non_consultes" and _NOT_CONSULTED.search(_fold(group))):
            texts.append(group)
    for clause in clauses:
        if not clause.question and _NOBODY_ASKED.search(clause.folded) \
                and not _HEDGE.search(clause.folded) \
                and parsing.parse_partners(clause.text)[0] == "non_consultes":
            texts.append(clause.text)
    if not texts:
        return None
    text = ". ".join(texts)
    status, named = parsing.parse_partners(text)
    # (the Fonds vert finances, it does not accompany: no partner consulted)
    named = load_knowledge().accompanying(named) - ({own} & _OWN_PARTNERS)
    if status == "convention_disponible" and _NOT_ALL.search(_fold(text)):
        status = None
    if status == "non_consultes" and (named or _ASKED.search(message)):
        status = None                 # (« la com com nous a dit non faute de personnel »)
    if status not in PARTNER_STATUSES and not (status == UNKNOWN and named and parsing.no_reply(text)):
        status = None                 # (kept: asked, no answer yet, session 22)
    if status is None and not named:
        return None
    return Spontaneous(status, text, frozenset(named))


# -- sponsor -----------------------------------------------------------------------------

_SUPPORT = re.compile(r"""
    \bport(?:e|ent|ons|eur|euse|eurs)\b|\bportage\b|\bimplique\w*|\bportee?s?\s+par\b
  | \bsoutien\w*|\bsoutient\b
  | \bsoutenu\w*|\bd\s+accord\b|\bdaccord\b|\ba\s+fond\b
  | \b(?:est|sont)\s+(?:\w+\s+)?(?:ok|partant\w*|favorable\w*|motive\w*|moteur\w*|convaincu\w*
                                  |volontaire\w*|engage\w*|pour)\b
  | \by\s+tien\w*|\btien\w*\s+(?:beaucoup\s+|vraiment\s+)?a\s+(?:ce|cette|ca|ces)\b|\bpouss\w*
  | \b(?:veu(?:t|lent)|voudrai(?:t|ent))\s+(?:que|qu|\w+(?:er|ir|re))\b
  | \bsouhaite\w*\s+(?:que|qu|\w+(?:er|ir|re))\b
  | \b(?:a|ont)\s+(?:vote|valide|delibere)\b|\bpilot\w*|\bsui(?:t|vent)\s+(?:le|ce)\s+(?:dossier
                                                                             |projet|sujet)\b
  | \bdefend\w*|\ba\s+coeur\b
""", re.X)
_DOUBT = re.compile(r"""
    \bpas\s+(?:tres\s+|vraiment\s+|encore\s+|trop\s+|du\s+tout\s+)?(?:convaincu\w*|motive\w*
        |chaud\w*|d\s+accord|daccord|favorable\w*|partant\w*|emballe\w*)
  | \breticent\w*|\bsceptique\w*|\bpartage(?:e|s|es)\b|\bdivise\w*|\bhesit\w*|\bfrileu\w*
  | \bcontre\b|\boppose\w*|\bmitige\w*
  | \bne\s+(?:porte|portent|soutient|soutiennent|suit|suivent)\s+pas\b
""", re.X)
_NO_SPONSOR = re.compile(r"""
    \bpas\s+(?:encore\s+)?(?:de|d)\s+(?:porteur|portage|soutien\s+politique|elue?\s+(?:referent
                                                                                 |porteur))
  | \baucun\s+elu\b|\bpersonne\s+ne\s+(?:porte|soutient|pilote)\b
""", re.X)
# Not the sponsor: « le maire veut savoir si… », « le maire n'est pas contre »
# (not against is not carrying it), « le maire de la commune voisine »
_NOT_SPONSOR = re.compile(r"""\b(?:veu\w*|voudrai\w*|souhait\w*|aimerai\w*)\s+(?:savoir|comprendre
        |connaitre|voir|echanger|parler)\b
    |\bsoutien\w*\s+qu|\bsoutient\s+qu
    |\bpas\s+(?:contre|oppose\w*)\b|\bvoisin\w*|\bautres?\s+communes?\b
    # « les elus sont pas d'accord entre eux »: a disagreement among them (a
    # reason to want an intermediary), not « no elected sponsor » (live
    # test, session 12)
    |\b(?:pas|plus)\s+(?:du\s+tout\s+)?d\s?accord\s+entre\s+(?:eux|elles)\b|\bdesaccords?\s+entre\b
    |\bne\s+s\s+entend\w*\s+pas\b|\bs\s+entend\w*\s+pas\b""", re.X)
# The user is an elected official (« je suis adjointe à l'urbanisme et je porte
# le projet », « Nouvelle maire depuis mars »)
_I_AM_ELECTED = re.compile(r"""
    \b(?:je\s+suis|j\s?suis|en\s+tant\s+que|moi\s+c\s+est)\s+(?:\w+\s+){0,2}?
      (?:maire|adjointe?|elue?|president\w*|vice\s+president\w*|conseill\w*|vp)\b
  | \b(?:nouvelle?|nouveau|jeune)\s+(?:maire|elue?|adjointe?)\b
  | ^(?:bonjour\s+|bonsoir\s+|salut\s+)?(?:maire|adjointe?|elue?|president\w*)\b
""", re.X)
_I_CARRY = re.compile(r"""\b(?:je|j)\s+(?:le\s+|la\s+)?(?:porte|pilote|soutiens)\b
    |\b(?:c\s+est\s+)?moi\s+qui\s+(?:porte|pilote)\b|\bje\s+suis\s+(?:le\s+|la\s+)?porteu\w*""",
                      re.X)


def says_elected(text: Optional[str]) -> bool:
    """The user says they are an elected official: « jsuis maire », « je suis
    adjointe à l'urbanisme », « Nouvelle maire depuis mars »."""
    return bool(_I_AM_ELECTED.search(_fold(text or "")))


def _sponsor(clause: _Clause, elected_user: bool) -> Optional[str]:
    folded = clause.folded
    if _NOT_SPONSOR.search(folded):
        return None
    elected = parsing.names_an_elected_official(folded)
    said = set()
    if _NO_SPONSOR.search(folded) or (elected and _DOUBT.search(folded)):
        said.add("non")
    if (elected and _SUPPORT.search(folded)) or (elected_user and _I_CARRY.search(folded)):
        said.add("oui")
    value = parsing.parse_sponsor(clause.text)
    # The parser's reading, when it is what the words say: « le maire hésite
    # à engager un bureau d'études » is no « non » to the project
    return value if value in said else None


# -- the message -------------------------------------------------------------------------

def spontaneous_answers(text: Optional[str]) -> Dict[str, Spontaneous]:
    """The answers to the diagnostic's later questions (``SLOTS``) that a
    message gives in passing, each read in the clauses that clearly answer
    it. A question is left out when nothing answers it clearly, when two
    clauses disagree, or when it is only « je ne sais pas »."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return {}
    clauses = _clauses(text)
    # (what is said of the partners is the partners' answer only)
    about_partners = {i for _, members in _partner_groups(clauses) for i in members}
    statements = [c for i, c in enumerate(clauses)
                  if not c.question and not _HEDGE.search(c.folded) and i not in about_partners]
    elected_user = bool(_I_AM_ELECTED.search(_fold(text)))
    found: Dict[str, Spontaneous] = {}

    def resources(clause: _Clause) -> Tuple[Optional[str], str]:
        index = clauses.index(clause)
        after = clauses[index + 1] if index + 1 < len(clauses) else None
        if after is None or after.link != "mais" or _need_kinds(after) or _duration(after) \
                or _sponsor(after, elected_user) or _partners_named(after.text):
            after = None          # (« …, mais pas encore de porteur » is about the sponsor)
        value, words = _resources(clause, after, elected_user)
        before = clauses[index - 1] if index > 0 else None
        if value in ("partielle", None) and before is not None and before.sentence == clause.sentence \
                and _NOBODY.fullmatch(before.folded) and _SOME_STAFF.search(clause.folded) \
                and _OVERLOADED.search(clause.folded):
            # « personne, la secrétaire est déjà débordée »: nobody, and why
            # (noted « un agent, en partie »: live test, session 20)
            return "aucune", (words if _resources(before)[0] else f"{before.text}, {words}")
        if value is not None and clause.link == "mais" and before is not None \
                and before.sentence == clause.sentence and _SOME_STAFF.search(before.folded):
            # « on a une DGS mais pas de technicien »: someone, in part
            words = f"{before.text} mais {words}"
            value = parsing.parse_resources(words)
            return (value if value == "partielle" else None), words
        if value == "aucune" and any(
                _SOME_STAFF.search(other.folded) and not _NONE.search(other.folded)
                and not _ABOUT_ME.search(other.folded) and not _OVERLOADED.search(other.folded)
                for other in clauses if other.sentence == clause.sentence and other is not clause):
            return _UNSURE, words    # « service technique : 3 agents, aucun ingénieur »
        return value, words

    kinds: List[str] = []
    need_texts: List[str] = []
    talked_about = {c.sentence for c in clauses} \
        if any(_NEED_CATEGORIES.search(c.folded) for c in clauses) else set()
    for number in {c.sentence for c in statements}:
        named = {kind for c in clauses if c.sentence == number
                 for kind, words in _NEED_WORDS.items() if words.search(c.folded)}
        if len(named) >= 3:
            talked_about.add(number)         # « audit, intermédiation, capacité, expertise »
    for clause in statements:
        if clause.sentence in talked_about:
            continue
        said = _need_kinds(clause)
        if said:
            kinds.extend(said)
            need_texts.append(clause.text)
    if kinds:
        found["need_kinds"] = Spontaneous(sorted(set(kinds)), ". ".join(need_texts))

    for slot, read in (("duration", lambda clause: (_duration(clause), clause.text)),
                       ("internal_resources", resources),
                       ("sponsor", lambda clause: (_sponsor(clause, elected_user), clause.text))):
        values = [read(clause) for clause in statements]
        values = [(value, words) for value, words in values if value is not None]
        if values and len({value for value, _ in values}) == 1 and values[0][0] != _UNSURE:
            found[slot] = Spontaneous(values[0][0], ". ".join(words for _, words in values))

    partners = _partners(clauses, parsing.parse_own_structure(text), _fold(text))
    if partners is not None:
        found["partners_status"] = partners
    return found


def spontaneous_values(text: Optional[str]) -> Dict[str, Any]:
    """``spontaneous_answers`` as slot values: need_kinds (a sorted list),
    duration, internal_resources, partners_status (when said), partners_consulted
    (a sorted list, when named), sponsor."""
    values: Dict[str, Any] = {}
    for slot, answer in spontaneous_answers(text).items():
        if slot == "partners_status":
            if answer.value is not None:
                values["partners_status"] = answer.value
            if answer.partners:
                values["partners_consulted"] = sorted(answer.partners)
        else:
            values[slot] = answer.value
    return values
