"""The project named in a free message.

« bonjour on est une petite commune de 450 hab on a un projet disolation de la
toiture de lecole, le maire veut qu on se fasse aider » names one project:
« isolation de la toiture de l'école ». The rest is not the project: a
greeting, who is writing, the structure and its size, an amount, who supports
it, partners, staff, the wish to be helped; and a question never is.

- ``project_phrase(text)``: the project a message names in passing (the message
  that starts the diagnostic, an earlier message). Only a part that says what
  the project is about (a theme, a building, a kind of works: « site
  internet », « école », « ombrière ») or that the user calls the project
  (« on a un projet de … », « Projet : … ») counts; otherwise None.
- ``project_phrase(text, answer=True)``: the answer to « Quel est le projet ? ».
  Any part that is not something else (a yes or no, a kind of need, a question,
  the structure…) is then the project; None when there is none (« oui »,
  « expertise », « c'est quoi un AMO »).

The phrase is the user's words, tidied for the fiche that the commune may pass
on: the lead-in dropped (« c'est pour », « on voudrait », « le maire m'a demandé
de regarder pour »), a leading article dropped, apostrophes and the accents of
common words restored (« l ecole » → « l'école »), a few acronyms in capitals
(« led » → « LED »); at most ``MAX_CHARS`` characters, never cut inside a
number. ``project_phrase(p, answer=True) == p`` for every phrase ``p`` it
returns, so a phrase validated again is kept as it is.

Plain Python, no Rasa import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional, Tuple

from . import parsing
from .amounts import find_amount_spans, find_population_spans, states_a_unit_price
from .profile import UNKNOWN
from .text import DICTATED_QUESTION, fold, fold_aligned, normalize, strip_markup, truncate

MAX_CHARS = 150

# -- what starts a clause -----------------------------------------------------------

# Vowel-initial words that users glue to their elided article (« disolation »,
# « lecole »): the only ones split again, so that « durable » stays « durable ».
_GLUED = ("isolation|eclairage|ecole|ecoles|eglise|etude|etudes|energie|amenagement|installation"
          "|ombriere|ombrieres|espace|espaces|equipement|equipements|extension|entretien|eau"
          "|assainissement|habitat|electricite|accueil|agenda|atlas|audit|economie|economies"
          "|elaboration|hotel|enfance|usine|arrosage|alimentation|aire|ilot|ilots|irve"
          "|observatoire|outil|application|appel")

# A subject and a verb of intent: what follows is what they want to do.
_WANT = (r"(?:veut|veux|veu|voudrait|voudrai|voudrais|voulons|voudrions|voulait|voulais"
         r"|souhaite|souhaiterait|souhaiterais|souhaitons|souhaiterions|souhaitais"
         r"|envisage|envisageons|prevoit|prevoyons|prevois|pense|pensons|compte|comptons"
         r"|aimerait|aimerais|aimerions|doit|devons|dois|devrait|devrions|va|allons|vais"
         r"|lance|lancons|cherche|cherchons|travaille|travaillons|reflechit|reflechissons"
         r"|part|partons|mene|menons|prepare|preparons|etudie|etudions|engage|engageons"
         r"|a\s+besoin|avons\s+besoin|ai\s+besoin|a\s+decide|avons\s+decide|ai\s+decide"
         r"|est\s+en\s+train|sommes\s+en\s+train|suis\s+en\s+train)"
         r"(?:\s+(?:de|d'|d|a|sur|dans|aussi|bientot|donc|vraiment|surtout))*\b'?")
_ELECTED = (r"(?:(?:le|la|les|mon|ma|notre|nos|l')\s?)?(?:maire|elus?|elue|elues|president|presidente"
            r"|vice-?\s?president|adjointe?|adjoints|conseil\s+municipal|conseil\s+communautaire"
            r"|bureau|equipe\s+municipale|municipalite|majorite"
            # (« Le conseil voudrait un audit de l'éclairage public » was the
            # project « conseil voudrait un audit… »: live test, session 25)
            r"|conseil|conseil\s+syndical|comite\s+syndical|assemblee)(?:\s+(?:aux?|a\s+la|des?)\s+\w+)?")

_MARKERS = re.compile(rf"""
    (?P<strong>
        (?:(?:on|nous|je|j'?)\s?(?:a|avons|ai|aurait|aurions|aurais)\s+)?
        (?:(?:un|une|le|notre|mon|ce|nos|des)\s+)?(?:gros\s+|petit\s+|nouveau\s+)?
        (?:projets?|idee)\s*(?::|\bde\b|\bd'\s?|\bd\s+|d(?=(?:{_GLUED})\b)
                           |\b(?:c'?\s?est|est|serait|consiste\s+a)\b)
      | (?:c'?\s?est|ce\s+serait|il\s+s'?\s?agit)\s+(?:d'?\s?)?(?:un|une|le|notre)\s+projet
        \s+(?:de\b|d'\s?|d\s+)
    )
  | (?P<want>
        (?:(?:on|nous|je|j'?)\s?(?:ne\s|n'?\s?)?{_WANT})
        # (« commune de 900 habitants qui veut refaire l'éclairage public »)
      | (?:\bqui\s+(?:veut|voudrait|souhaite|souhaiterait|envisage|prevoit|doit|va|lance|prepare|cherche
            |a\s+besoin|aimerait|pense)(?:\s+(?:de|d'|d))?\b'?)
      | (?:{_ELECTED}\s+(?:(?:m'?|nous)\s?)?(?:veut|voudrait|souhaite|souhaiterait|envisage
            |a\s+decide|aimerait|pense|prevoit|a\s+demande|demande
            |veulent|voudraient|souhaitent|souhaiteraient|envisagent|ont\s+decide|aimeraient|pensent
            |prevoient|ont\s+demande|demandent
            # (« Le conseil a voté un plan de sobriété énergétique » named no
            # project: live test, session 26)
            |a\s+vote|ont\s+vote|a\s+adopte|ont\s+adopte|a\s+valide|ont\s+valide|a\s+approuve|ont\s+approuve
            |a\s+delibere|a\s+lance|ont\s+lance|lance|lancent)
            (?:\s+(?:de|d'|d|que|qu'?|qu|pour|sur))?\b'?)
      | (?:(?:c'?\s?est|c|ce\s+serait|ca\s+serait|ca\s+concerne|il\s+s'?\s?agit)\s+
            (?:pour|de|d'|du|sur|au\s+sujet\s+de|concernant)\b'?)
      | (?:c'?\s?est\s+(?=(?:un|une|le|la|l'|les|notre|nos|des|du)\b))
    )
  | (?P<about>
        (?:je|j'?|nous|on)\s?(?:suis|sommes|est|travaille|travaillons|represente)\b
      | (?:moi\s+c'?\s?est|ici\s+(?:la|le|c'?\s?est))\b
      | {_ELECTED}\s+(?:est|sont|a|ont|porte|portent|soutient|soutiennent|veulent|pousse
                      |poussent|tient|suit|ne|n')\b
      | (?:il|elle|ils|elles)\s+(?:est|sont|a|ont|ne|n'|font|fait|peuvent|peut|proposent|propose)\b
    )
  | (?P<have>
        (?:on|nous|j'?|je)\s?(?:a|avons|ai|aurait|n'?\s?a|n'?\s?avons|n'?\s?ai)\b
      | (?:il\s+y\s+a|y\s+a|ya)\b
    )
""", re.X)
# A clause ends at a punctuation mark or a conjunction; « et » only before a
# subject (« isolation et chauffage » is one project).
_BREAKS = re.compile(r"""
    \s*[,:;()"«»\[\]–—]\s*|\s+-\s+
  | \s+(?:mais|car|donc|puisque|parce\s+que|parce\s+qu'?|sauf\s+que|alors\s+que|par\s+contre
        |cependant|pourtant|sinon|bref)\s+
  | \s+et\s+(?=(?:on|nous|je|j'|il|ils|elle|elles|c'|ca|le\s+maire|les\s+elus|le\s+president)\b)
    # « comcom 9000 hab bilan carbone »: a population ends what comes before
    # (no project was noted: live test, session 27)
  | \s+\d[\d .]*\s?(?:k\s?)?(?:habitants?|habs?|hbts?|ames)\.?(?=\s+[a-z])\s+
""" + "|" + DICTATED_QUESTION.pattern, re.X)
# Inside a clause, « pour » and « avec » join parts that may be something else:
# « on a 30 000 € pour une étude », « un plan climat avec les habitants ».
_SOFT = re.compile(r"\s+(?:pour|avec)\s+|^(?:pour|avec)\s+")
_SENTENCES = re.compile(r"(?:[^.!?…]|\.(?=[^\s.]))+[.!?…]*")

_FILLERS = (r"bonjour|bonsoir|salut|slt|bjr|bsr|hello|coucou|re|madame|monsieur|mme|mr|alors"
            r"|voila|voici|donc|bon|ben|bah|euh|hum|oui|ouais|non|nan|ok|okay|d'?accord|dac"
            r"|merci|svp|stp|en\s+fait|enfin|du\s+coup|aussi|deja|bref|sinon|quoi|etc|hein"
            r"|en\s+gros|tout\s+simplement|simplement|juste|surtout|a\s+priori|bof|et|ou|mais"
            # (« attendez je me suis trompé c'est 18 communes » was noted as
            # the project: live test, session 24)
            r"|attendez|attends|attend|pardon|desolee?|oups?|excusez\s+moi|je\s+me\s+suis\s+trompee?"
            r"|j\s?me\s+suis\s+trompee?|me\s+suis\s+trompee?|je\s+rectifie|autant\s+pour\s+moi|au\s+temps\s+pour\s+moi")
_LEAD = re.compile(rf"^(?:(?:{_FILLERS})\b'?\s*)+")
_TAIL = re.compile(rf"(?:\s*\b(?:{_FILLERS})\b\.?)+\s*$")

# The clause is about who writes or the structure (« nouvelle maire depuis
# mars », « petite commune de 450 hab », « secrétaire de mairie »).
# So is the staff (« nous avons deux chargés de mission en interne »).
_WHO = re.compile(r"""^(?:c'?\s?est\s+|ce\s+sont\s+)?(?:(?:une?|la|le|les|notre|nos|ma|mon|mes|petite?s?|grande?s?
        |nouvelle?|nouveau|jeune|rurale?s?|toute?s?|\d+|deux|trois|quatre|cinq|quelques
        |plusieurs|seule?s?)\s+|l'\s?)*
    (?:commune|communes|mairie|village|ville|com\s?com|comcom|cc|cdc|communaute|interco\w*|epci
      |syndicat|agglo\w*|departement|region|collectivite|metropole|sivu|sivom|petr|parc\s+naturel
      |maire|adjointe?|secretaires?|dgs|elue?|president|presidente|conseillere?|directeur|directrice
      |chargee?s?|agents?|responsables?|technicien(?:ne)?s?|ingenieure?s?|habitants?|hab)\b""", re.X)
# Wishes to be helped or to know, not projects (« qu'on se fasse aider »,
# « savoir si », « un AMO », « faire le diag »).
_META = re.compile(r"""\b(?:aider|aide|aidez|accompagne\w*|amo|assistant|assistance|savoir
    |comprendre|comprend|comprends|renseigner|regarder|voir|conseil|conseils|conseiller|cabinet
    |prestataire|bureau\s+d'?\s?etudes?|consultant|maitrise\s+d'?\s?ouvrage|commencer|demarche
    |procedure|appel\s+d'?\s?offres?|concurrence|diag|diagnostic|faire\s+le\s+point|le\s+faire
    |qu'?\s?il\s+faut\s+faire|question|questions|renseignements?)\b""", re.X)
# Setting up a service, a programme: « un programme de CEP », « mettre en place
# un service de … », « conseil en énergie partagé pour nos communes ».
_SETS_UP = re.compile(r"""^(?:(?:un|une|le|la|l'|notre|nos|des|du|de)\s?)?
    (?:programmes?|services?|dispositifs?|mise\s+en\s+place|mettre\s+en\s+place|creation|creer|deploi\w*
    |lancement|lancer|developper|developpement|conseil\s+en\s+energie\s+partage
    # « structurer notre service de conseil en énergie partagé » (refused,
    # live test, session 18)
    |(?:structurer|organiser|monter|renforcer|consolider|reorganiser|etendre)\s+
        (?:(?:un|une|le|la|l'|notre|nos|des|du|de)\s?)?(?:programmes?|services?|dispositifs?|poles?))\b""", re.X)
# An elected official and their portfolio alone (« le vice président énergie »,
# « l'adjoint au numérique »): who, not what (it was noted as the project,
# live test, session 18).
_ELECTED_ALONE = re.compile(rf"^{_ELECTED}(?:\s+\w+)?$")
# Kinds of works that say what the project is, besides the themes' words.
_WORKS = re.compile(r"""\b(?:ombrieres?|toits?|toiture|voirie|parking|cour|mediatheque
    |bibliotheque|tiers-?\s?lieu|creche|cimetiere|piscine|stade|eglise|salle|locaux
    |gendarmerie|maison\s+de\s+sante|restaurant\s+scolaire|travaux|chantier|construction
    |reconstruction|refonte|schema\s+directeur|desimpermeabilis\w*|renaturation|vegetalis\w*
    |agrandissement|extension|reamenagement|requalification
    # territorial contracts and programmes (« on voudrait un AMO pour animer le
    # CRTE sur 3 ans » named no project: live test, session 26)
    |crte|contrats?\s+de\s+(?:relance|reussite|territoire|transition)|projet\s+de\s+territoire
    |petites?\s+villes?\s+de\s+demain|coeur\s+de\s+ville|programme\s+leader)\b""", re.X)


@dataclass(frozen=True)
class _Clause:
    start: int          # in the folded text
    end: int
    marker: str         # "strong", "want", "about", "have" or "" (none)
    sentence: int
    index: int          # in the sentence
    cut: str            # what separates it from the clause before (folded)


def _clauses(folded: str) -> List[_Clause]:
    """Clauses of the statements of ``folded``: its sentences, cut at the
    punctuation, the conjunctions and the markers (« on a un projet de »,
    « je suis », « le maire veut »). Questions are left out."""
    clauses: List[_Clause] = []
    for number, sentence in enumerate(_SENTENCES.finditer(folded)):
        cuts: List[Tuple[int, int, str]] = []      # (start, end of the cut, marker)
        for m in _BREAKS.finditer(sentence.group()):
            cuts.append((sentence.start() + m.start(), sentence.start() + m.end(), ""))
        for m in _MARKERS.finditer(sentence.group()):
            if m.start() > 0 and sentence.group()[m.start() - 1].isalnum():
                continue
            cuts.append((sentence.start() + m.start(), sentence.start() + m.end(), m.lastgroup))
        cuts.sort()
        pieces: List[Tuple[int, int, str, str]] = []
        position, marker, cut = sentence.start(), "", ""
        for start, end, kind in cuts:
            if start < position:            # inside a cut already made
                if kind and end > position:
                    position, marker, cut = end, kind, cut + folded[position:end]
                continue
            pieces.append((position, start, marker, cut))
            position, marker, cut = end, kind, folded[start:end]
        pieces.append((position, sentence.end(), marker, cut))
        kept: List[_Clause] = []
        for start, end, marker, cut in pieces:
            if folded[start:end].strip(" .!?…"):
                kept.append(_Clause(start, end, marker, number, len(kept), cut))
        question = sentence.group().rstrip().endswith("?")
        for index, piece in enumerate(kept):
            words = folded[piece.start:piece.end]
            if parsing.looks_like_question(words) or (question and index == len(kept) - 1):
                continue
            clauses.append(piece)
    return clauses


# -- what a part of a clause is --------------------------------------------------------

PROJECT, OTHER, NEUTRAL = "project", "other", "neutral"


_COMPLEMENT = re.compile(r"\s(?:de|du|des|d'|en|pour|a|au|aux|sur|avec|dans|par)(?:\s|(?<=')|$)")


def _names_works(part: str) -> bool:
    return parsing.parse_theme(part) not in (None, UNKNOWN) or bool(_WORKS.search(part))


def _kind(part: str) -> str:
    """Whether a part of a clause (folded) names a project, says something
    else, or neither."""
    part = _strip(part)
    if not _has_content(part):
        return OTHER
    if parsing.looks_like_question(part) or parsing.is_dont_know(part) or _WHO.match(part) \
            or find_population_spans(part) or find_amount_spans(part) or _ELECTED_ALONE.match(part) \
            or states_a_unit_price(part):
        return OTHER
    if _names_works(part):
        # A partner is not the project (« le syndicat d'énergie », « le
        # conseiller en énergie partagé »), unless the words before any
        # complement name the works (« le PCAET de l'agglo »).
        # A service the user sets up is a project, though its name is a
        # partner's (« un programme de CEP », « mettre en place un service de
        # conseil en énergie partagé » by a syndicat d'énergie: four answers
        # refused, live test, session 15).
        head = _COMPLEMENT.split(part, maxsplit=1)[0]
        return OTHER if parsing.parse_partners(part)[1] and not _names_works(head) \
            and not _SETS_UP.match(part) else PROJECT
    if _SETS_UP.match(part) and parsing.parse_partners(part)[1]:
        return PROJECT          # « un programme de CEP », « mettre en place un service de CEP »
    if _META.search(part) or parsing.detect_price_focus(part) \
            or parsing.parse_need_kinds(part) or parsing.parse_duration(part) \
            or parsing.parse_resources(part) or parsing.parse_sponsor(part) \
            or any(parsing.parse_partners(part)):
        return OTHER
    return NEUTRAL


def _run(folded: str, clause: _Clause, answer: bool) -> Optional[Tuple[int, int, str]]:
    """(start, end, kind) of the project in a clause: its first part that
    names a project, with the neutral parts around it that « pour » or
    « avec » join (« une étude pour la rénovation de l'école »); or, when
    none does, its neutral parts if the user calls them the project
    (« Projet : … ») or answers the question about the project."""
    if clause.marker == "about":
        return None
    text = folded[clause.start:clause.end]
    bounds, position = [], 0
    for m in _SOFT.finditer(text):
        bounds.append((position, m.start()))
        position = m.end()
    bounds.append((position, len(text)))
    kinds = [_kind(text[a:b]) for a, b in bounds]
    if PROJECT in kinds:
        first = last = kinds.index(PROJECT)
        kind = PROJECT
    elif NEUTRAL in kinds and (answer or clause.marker == "strong"):
        first = last = kinds.index(NEUTRAL)
        kind = NEUTRAL
    else:
        return None
    while first > 0 and kinds[first - 1] in (NEUTRAL, PROJECT):
        first -= 1
    while last + 1 < len(kinds) and kinds[last + 1] in (NEUTRAL, PROJECT):
        last += 1
    return clause.start + bounds[first][0], clause.start + bounds[last][1], kind


# -- tidying the words kept ------------------------------------------------------------

_ARTICLE = re.compile(r"^(?:(?:le|la|les|un|une|des|du|de|notre|nos|mon|ma|mes|ce|cet|cette|ces"
                      r"|leur|leurs|son|sa|ses|pour|avec)\s+|(?:l|d)'\s*|(?:l|d)\s+(?=[aeiouyh]))",
                      re.I)
_SUBJECT = re.compile(r"^(?:(?:on|nous|je)\s+|j'\s*)(?=[a-zà-ÿ])", re.I)
_GENERIC_VERB = re.compile(r"^(?:faire|lancer|mener|r[ée]aliser|engager|d[ée]marrer|commencer)\s+(?=(?:un|une|le|la|les|l'|des|du|notre"
                           r"|nos|l\s|d')\b)", re.I)
# How long it lasts is the duration, not the project (« un atlas de la
# biodiversité sur 3 ans »).
_LENGTH = re.compile(r"\s+(?:sur|pendant|durant)\s+(?:\d+|un|une|deux|trois|quatre|cinq|six|dix"
                     r"|douze|quelques|plusieurs)\s+(?:ans?|ann[ée]es?|mois|semaines)$", re.I)
# What asks about the project, after it: « … salle des fete faut passer par
# un amo ou pas », « élaborer notre PCAET et envisageons une AMO » were
# recorded whole (live test, session 15); and what comes before it: « me
# renseigne pour l'isolation de l'école », « Suite à notre échange
# téléphonique, réalisation du schéma directeur… ».
_ASKING_TAIL = re.compile(
    r"\s*,?\s+(?:(?:il\s+)?faut(?:[- ]il)?|doit[- ]on|on\s+doit|est[- ]ce\s+qu\w*|et\s+(?:nous\s+|on\s+)?envisag\w*"
    r"|et\s+(?:on\s+|nous\s+)?(?:voudrions|voudrait|aimerions|aimerait|cherchons|cherche|souhaitons|pensons))\b"
    r"(?=.*\b(?:amo|a\.m\.o|assistants?|assistance|prestataires?|presta|bureaux?|cabinets?|ou\s+pas|appels?|concurrence)\b).*$",
    re.I)
_ASIDE_LEAD = re.compile(r"^(?:(?:je\s+)?me\s+renseigne\s+(?:pour|sur)\s+"
                         r"|suite\s+[àa]\s+(?:notre|votre|nos|vos)\s+[ée]changes?(?:\s+t[ée]l[ée]phoniques?)?\s*,?\s*)",
                         re.I)
_TRAILING = re.compile(r"(?:\s+(?:de|la|le|les|du|des|d'|l'|et|ou|pour|avec|sur|a|au|aux|en"
                       r"|dans|par|un|une))+$", re.I)
_ELISION = re.compile(r"\b([ldLD]|[qQ]u)\s(?=[aeiouyhAEIOUYHÀ-ÿ])")
_GLUED_RE = re.compile(rf"\b([ldLD])({_GLUED})\b", re.I)
# Common words of a project typed without their accents.
_ACCENTS = {
    "ecole": "école", "ecoles": "écoles", "eclairage": "éclairage", "etude": "étude",
    "etudes": "études", "energie": "énergie", "energies": "énergies",
    "energetique": "énergétique", "energetiques": "énergétiques", "renovation": "rénovation",
    "renover": "rénover", "batiment": "bâtiment", "batiments": "bâtiments",
    "numerique": "numérique", "dechets": "déchets", "mobilite": "mobilité",
    "biodiversite": "biodiversité", "electrique": "électrique", "electriques": "électriques",
    "vegetalisation": "végétalisation", "vegetaliser": "végétaliser", "amenagement": "aménagement",
    "amenagements": "aménagements", "amenager": "aménager", "fetes": "fêtes",
    "rehabilitation": "réhabilitation", "rehabiliter": "réhabiliter",
    "mediatheque": "médiathèque", "bibliotheque": "bibliothèque", "creche": "crèche",
    "ombriere": "ombrière", "ombrieres": "ombrières", "photovoltaique": "photovoltaïque",
    "photovoltaiques": "photovoltaïques", "elaboration": "élaboration", "elaborer": "élaborer",
    "strategie": "stratégie", "schema": "schéma", "equipement": "équipement",
    "equipements": "équipements", "reseau": "réseau", "reseaux": "réseaux",
    "materiel": "matériel", "dematerialisation": "dématérialisation", "securite": "sécurité",
    "cybersecurite": "cybersécurité", "systeme": "système", "eglise": "église",
    "cimetiere": "cimetière", "desimpermeabiliser": "désimperméabiliser",
    "desimpermeabilisation": "désimperméabilisation", "geothermie": "géothermie",
    "methanisation": "méthanisation", "metiers": "métiers", "metier": "métier",
    "electricite": "électricité", "economies": "économies", "ilot": "îlot", "ilots": "îlots",
    "ecologique": "écologique", "ecologiques": "écologiques", "reamenagement": "réaménagement",
    "eolien": "éolien", "eolienne": "éolienne", "eoliennes": "éoliennes",
    "deplacements": "déplacements", "velo": "vélo", "velos": "vélos",
    "decheterie": "déchèterie", "dechetterie": "déchetterie", "reemploi": "réemploi",
    "strategique": "stratégique", "telephonie": "téléphonie", "donnees": "données",
    "creation": "création", "creer": "créer", "demarche": "démarche", "demarches": "démarches",
    "dematerialiser": "dématérialiser",
    # verbs typed without their final « e » (« on veu refair le site web »:
    # live test, session 23)
    "refair": "refaire", "fair": "faire", "mettr": "mettre", "sobriete": "sobriété",
}
_ACRONYMS = {"led": "LED", "pcaet": "PCAET", "plu": "PLU", "plui": "PLUi", "sig": "SIG",
             "irve": "IRVE", "rgpd": "RGPD", "beges": "BEGES", "zan": "ZAN", "sdn": "SDN",
             "enr": "EnR", "pv": "PV", "pat": "PAT", "abc": "ABC"}
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+")
_NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f.,]\d+)*")


def _restore(match: "re.Match[str]") -> str:
    word = match.group()
    if word.islower() and word in _ACCENTS:
        return _ACCENTS[word]
    if word.lower() in _ACRONYMS and (word.islower() or word.isupper()):
        return _ACRONYMS[word.lower()]
    return word


def _elide(text: str) -> str:
    """Apostrophes put back: « l ecole », « lecole » → « l'ecole »."""
    text = _ELISION.sub(r"\1'", text)
    return _GLUED_RE.sub(lambda m: f"{m.group(1)}'{m.group(2)}", text)


def _strip(text: str) -> str:
    """``text`` without what surrounds a project: fillers (« bonjour »,
    « quoi »), a leading article or « pour », a generic verb (« faire une »)."""
    text = text.strip()
    while True:                          # each round makes it shorter
        before = text
        text = text.strip(" ,;:.!?…'\"/-")
        while text and not fold(text[0]).strip():       # (« ¸ » folds to a space)
            text = text[1:]
        while text and not fold(text[-1]).strip():
            text = text[:-1]
        text = _lead_fold(text)
        text = _ASIDE_LEAD.sub("", text)
        text = _ASKING_TAIL.sub("", text)
        text = _SUBJECT.sub("", text)
        text = _GENERIC_VERB.sub("", text)
        text = _ARTICLE.sub("", text)
        text = _tail_fold(text)
        text = _LENGTH.sub("", text)
        text = _TRAILING.sub("", text)
        if text == before:
            return text


def _tidy(text: str) -> str:
    text = _WORD.sub(_restore, _strip(text))
    return re.sub(r"\s+", " ", text).strip(" ,;:.!?…'\"/-")


def _lead_fold(text: str) -> str:
    """``text`` without its leading fillers (matched without accents)."""
    aligned = fold_aligned(text)
    m = _LEAD.match(aligned.text)
    if not m or not m.end():
        return text
    return text[aligned.ends[m.end() - 1]:].lstrip()


def _tail_fold(text: str) -> str:
    """``text`` without its trailing fillers (« quoi », « etc. »)."""
    aligned = fold_aligned(text)
    m = _TAIL.search(aligned.text)
    if not m or m.start() == m.end() or m.start() == 0:
        return text
    return text[:aligned.starts[m.start()]].rstrip()


def _cap(text: str) -> str:
    """At most ``MAX_CHARS`` characters, cut between words, never inside a
    number (« 55 000 »)."""
    if len(text) <= MAX_CHARS:
        return text
    numbers = [m.span() for m in _NUMBER.finditer(text)]
    cut = MAX_CHARS
    while cut > 0:
        cut = text.rfind(" ", 0, cut + 1)
        if cut <= 0:
            return ""
        if not any(a < cut < b for a, b in numbers):
            break
        cut -= 1
    return _TRAILING.sub("", text[:cut].rstrip(" ,;:")).rstrip(" ,;:")


_STOP = frozenset("""le la les l un une des du de d au aux a en et ou pour avec sur dans par
    notre nos mon ma mes ce cet cette ces leur leurs son sa ses on nous je il ils elle elles
    qui que qu faire""".split())


# Words that name no project on their own: « Autre » (a button's title typed at
# the structure question was noted as the project, final retest F-H2),
# « Autre domaine ».
_NO_PROJECT_WORDS = frozenset({"autre", "autres", "domaine", "chose", "truc", "erreur", "trompe", "trompee"})


def _has_content(text: str) -> bool:
    """A word of three letters or more that is not an article, a preposition…"""
    return any(len(w) >= 3 and w not in _STOP and w not in _NO_PROJECT_WORDS
               for w in re.findall(r"[a-z0-9]+", fold(text)))


# -- the project -----------------------------------------------------------------------

def project_phrase(text: Optional[str], answer: bool = False) -> Optional[str]:
    """The project named in ``text`` (see the module's docstring), or None.

    The phrase found is read again until it no longer changes (at most three
    times), so that a prefilled project validated again by the form is kept as
    it is: « projet d ( bonjour on » gave « ( bonjour on », itself no project.

    An elected official's portfolio is no project: « la vice-présidente au
    numérique » (at the population's question it was noted as the project,
    and its domain: live test, session 27)."""
    if text and parsing.themes_named(text) and not parsing.themes_named(parsing.without_portfolios(text)) \
            and _project_phrase_once(parsing.without_portfolios(text), answer) is None:
        return None
    phrase = _project_phrase_once(text, answer)
    for _ in range(3):
        if phrase is None:
            return None
        again = _project_phrase_once(phrase, answer=True)
        if again == phrase:
            return phrase
        phrase = again
    return None


# A reproach around an answer said again (« le PCAET je vous ai dit », « comme
# je vous l'ai dit, un PCAET », « déjà dit : le PCAET »): no part of the project
# (« PCAET je vous ai dit » was recorded, live test, session 12).
_REPROACH = re.compile(r"""(?:,\s*)?\b(?:
    (?:comme\s+)?(?:je\s+|j['’]\s?)(?:vous\s+|te\s+)?(?:l['’]\s?)?(?:ai|avais)\s+(?:d[ée]j[àa]\s+)?
        (?:dit|[ée]crit|indiqu[ée]|pr[ée]cis[ée]|r[ée]pondu)(?:\s+plus\s+haut|\s+avant|\s+tout\s+[àa]\s+l['’]\s?heure)?
  | je\s+(?:vous\s+)?(?:viens|venais)\s+de\s+(?:vous\s+)?(?:le\s+|l['’]\s?)?(?:dire|[ée]crire|indiquer)
  | (?:c['’]\s?est\s+|j['’]\s?ai\s+)?d[ée]j[àa]\s+(?:dit|r[ée]pondu|indiqu[ée])
  | je\s+(?:vous\s+)?(?:le\s+)?r[ée]p[èe]te
)\b\s*[:,.!]*""", re.X | re.I)


# A message typed in capitals (« … POUR LA RENOV ENERGETIQUE DE LA SALLE DES
# FETES »): the project was said back shouted (live test, session 22).
MIN_SHOUTED_LETTERS = 12
SHOUTED_SHARE = 0.8


def _unshouted(text: str) -> str:
    """``text`` in lower case when it is typed in capitals (its acronyms come
    back in capitals afterwards: « PCAET », « LED »)."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= MIN_SHOUTED_LETTERS and sum(c.isupper() for c in letters) >= SHOUTED_SHARE * len(letters):
        return text.lower()
    return text


def _project_phrase_once(text: Optional[str], answer: bool) -> Optional[str]:
    # (« <b>renovation</b> de l'ecole » pasted from a page: « > » and tags
    # were said back in the project, live test, session 12)
    original = _REPROACH.sub(" ", normalize(strip_markup(truncate(text or "")))).strip()
    if not original or original.startswith("/"):
        return None
    original = _elide(_unshouted(original))
    aligned = fold_aligned(original)
    folded = aligned.text
    found: List[Tuple[_Clause, Tuple[int, int, str]]] = []
    for clause in _clauses(folded):
        run = _run(folded, clause, answer)
        if run is not None:
            found.append((clause, run))
    if not found:
        return None
    # « DGS d'un syndicat mixte (SCoT + énergie) … on réfléchit à une étude de
    # faisabilité d'un réseau de chaleur » (retest N3): the words in brackets
    # after the structure say what it does, not the project, when another is named
    others = [item for item in found if not _describes_structure(folded, item[0])]
    found = others or found
    projects = [item for item in found if item[1][2] == PROJECT]
    first = projects[0] if projects else found[0]
    chosen = [first]
    # « c pour l eclairage public on veut passer en led »: the next clause,
    # when it names a project too, says more about it.
    after = [item for item in found if item[0].start > first[0].start]
    if first[1][2] == PROJECT and after and after[0][1][2] == PROJECT \
            and after[0][0].sentence == first[0].sentence \
            and _adjacent(folded, first[0], after[0][0]):
        chosen.append(after[0])
    parts = []
    for _, (start, end, _) in chosen:
        start, end = aligned.span(start, end)
        part = _tidy(original[start:end])
        if part and part not in parts:
            parts.append(part)
    phrase = ", ".join(parts) if len(", ".join(parts)) <= MAX_CHARS else parts[0]
    while True:                          # a cut may leave a filler at the end
        before, phrase = phrase, _strip(_cap(phrase))
        if phrase == before:
            break
    return phrase if _has_content(phrase) else None


def _describes_structure(folded: str, clause: _Clause) -> bool:
    """The clause is in brackets right after a structure (« un syndicat mixte
    (SCoT + énergie) »): what the structure does."""
    if "(" not in clause.cut:
        return False
    before = folded[:clause.start].rsplit("(", 1)[0].split()[-4:]
    return parsing.parse_structure(" ".join(before)) not in (None, UNKNOWN)


_PRONOUN_VERB = re.compile(r"^\s*(?:la|le|les|l')\s*[a-z]+(?:er|ir)\b")


def _adjacent(folded: str, one: _Clause, two: _Clause) -> bool:
    """The second clause follows the first right after a marker (« on veut »)
    or a comma, and does not start with a pronoun that the phrase would lose
    (« …, la végétaliser »)."""
    return two.sentence == one.sentence and two.index == one.index + 1 \
        and (two.marker in ("want", "strong") or two.cut.strip() == ",") \
        and not _PRONOUN_VERB.match(folded[two.start:two.end])
