"""Is a message the answer to the diagnostic question being asked?

While the diagnostic waits for an answer, the intent classifier sometimes hears
a topic or an off-topic request in it: « on a mis 40 000 euros de côté pour
ça » sounds like a procurement question, « la secrétaire de mairie à
mi-temps » like an off-topic request. The dialogue context settles it: a
statement (not phrased as a question) that the question's own parser
understands is its answer, whatever the intent. The same parsers then
validate it (``actions/forms.py``).

Plain Python, no Rasa import.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from . import parsing
from .amounts import (find_amount_spans, find_date_spans, is_hesitant, parse_amount, parse_population,
                      population_answer,
                      states_an_amount)
from .knowledge import label_keys, load_knowledge
from .project import project_phrase
from .purchase import purchase_category
from .profile import (DURATIONS, NEED_KINDS, PARTNER_STATUSES, RESOURCES, SPONSOR,
                      STRUCTURE_TYPES, THEMES, UNKNOWN)
from .text import DICTATED_QUESTION, fold, fold_same_length, is_typo_of, words as _words


def _population(text: str) -> bool:
    return population_answer(text) is not None


def _partners(text: str) -> bool:
    status, named = parsing.parse_partners(text)
    return status is not None or bool(named)


def _partners_in_passing(text: str) -> bool:
    """Partners consulted, said while another question waits: a partner named
    with what was done or answered (« on a vu le SDE »), not a partner only
    named (« le parc n'est pas une intercommunalité » was recorded as « vous
    avez consulté : intercommunalité »)."""
    return parsing.says_consulted(text)


# One recogniser per question; the project has no parser of its own: a
# project is recognised by its theme (« refaire l'éclairage public »).
# The questions' parsers, whose « je ne sais pas » is UNKNOWN (RECOGNISERS,
# answers_besides_resuming)
_ANSWER_PARSERS: Dict[str, Callable[[str], Any]] = {
    "structure_type": parsing.parse_structure,
    "project": parsing.parse_theme,
    "theme": parsing.parse_theme,
    # (the answer to its own question: « du temps » is a capacity wanted)
    "need_kinds": parsing.parse_need_answer,
    "duration": parsing.parse_duration,
    "internal_resources": parsing.parse_resources,
    "sponsor": parsing.parse_sponsor,
}


def _recognised_by(parse: Callable[[str], Any]) -> Callable[[str], bool]:
    return lambda text: parse(text) is not None


RECOGNISERS: Dict[str, Callable[[str], bool]] = {
    **{slot: _recognised_by(parse) for slot, parse in _ANSWER_PARSERS.items()},
    "population": _population,
    "partners_status": _partners,
    "amount": lambda text: parse_amount(text).value_ht is not None or parsing.no_budget_answer(text),
}


MAX_UNKNOWN_WORDS = 4          # « le fonds vert », not a whole sentence
MAX_UNKNOWN_CHARS = 40         # echoed as typed, cut beyond


def unknown_definition_word(text: str) -> Optional[str]:
    """The word a definition question asks about when the knowledge data know
    nothing by that name, as typed (« c'est quoi la DETR » → « DETR »), safe to
    echo: its letters and digits only, with spaces, apostrophes or hyphens
    between them (no markup), cut at ``MAX_UNKNOWN_CHARS``. None when the
    question names something the data know (``definition_question``), is no
    short definition question, or names more than ``MAX_UNKNOWN_WORDS`` words
    (live test, session 11: « c'est quoi la DETR » got « De quel terme
    parlez-vous ? » and the four term buttons, as if nothing had been said)."""
    text = (text or "").strip()
    if not text or text.startswith("/") or len(text) > 200 or definition_question(text) is not None:
        return None
    said = _words(text)
    for pattern in (_QUESTION_FIRST, _QUESTION_LAST):
        match = pattern.match(said)
        if match:
            asked = _DETERMINER.sub("", match.group("x")).split()
            if not asked or len(asked) > MAX_UNKNOWN_WORDS:
                return None
            return _as_typed(text, asked)
    return None


def _as_typed(text: str, folded: List[str]) -> Optional[str]:
    """The words of ``text`` whose folded forms are ``folded``, in a row, as
    typed, joined by a space, an apostrophe or a hyphen (any other character
    between them becomes a space)."""
    from .text import normalize

    plain = normalize(text)
    tokens = list(re.finditer(r"[^\W_]+", plain))
    size = len(folded)
    for start in range(len(tokens) - size + 1):
        run = tokens[start:start + size]
        if [_words(t.group(0)) for t in run] != folded:
            continue
        typed = run[0].group(0)
        for before, token in zip(run, run[1:]):
            gap = plain[before.end():token.start()]
            typed += gap if gap in ("'", "-") else " "
            typed += token.group(0)
        if len(typed) > MAX_UNKNOWN_CHARS:
            typed = typed[:MAX_UNKNOWN_CHARS - 1].rstrip(" '-") + "…"
        return typed
    return None


# A short follow-up of the answer just given: « et » then a determiner, a
# preposition or « si » (« et la banque des territoires », « et une ALEC »,
# « et pour le PCAET ? », « et si on est un syndicat mixte ? »).
_AND_FOLLOW_UP = re.compile(
    r"^(?:(?:bon|ok|d accord|dac|merci|alors)\s+)*et\s+"
    r"(?:un|une|le|la|les|l|des|du|d|leur|leurs|votre|vos|notre|nos|pour|si|avec|cote|niveau|concernant|dans)\b")
MAX_AND_FOLLOW_UP_WORDS = 12


def and_follow_up(text: str) -> bool:
    """« et la banque des territoires », « et une ALEC », « et pour le
    numérique, genre site web et logiciels métier ? », « et si on est un
    syndicat mixte ? »: a short message (at most ``MAX_AND_FOLLOW_UP_WORDS``
    words, no amount) that starts with « et » then a determiner, a
    preposition or « si »: it asks the answer just given again for something
    else (live test, session 11: heard as information, these started the
    diagnostic). Not « et on a vu l'ALEC », which says something."""
    text = (text or "").strip()
    if not text or text.startswith("/") or find_amount_spans(text):
        return False
    said = _words(text)
    return bool(_AND_FOLLOW_UP.match(said)) and len(said.split()) <= MAX_AND_FOLLOW_UP_WORDS


# « c quoi », « cé koi »: « c'est quoi » in a text message.
_SMS_WHAT = re.compile(r"\b(?:c|ce|ces)\s+(?:quoi|koi)\b")


def phrased_as_question(text: str) -> bool:
    """``parsing.looks_like_question``, and the short questions of text
    messages: « c quoi AMO », « CAUE c quoi », « c quoi ponctuel ».
    Without a question mark, « c quoi » was not one: while the diagnostic
    waited, « c quoi CAUE » was recorded as « CAUE consulted »."""
    return (parsing.looks_like_question(text) or bool(_SMS_WHAT.search(_words(text)))
            or definition_question(text) is not None)


def is_statement(text: str) -> bool:
    """Typed text not phrased as a question. Commands (``/intent``) and empty
    text are not statements."""
    text = (text or "").strip()
    return bool(text) and not text.startswith("/") and not phrased_as_question(text)


# What makes an amount said unsure with a question mark a question of its own.
_ASKS_OF_AMOUNT = re.compile(
    r"\b(?:quel\w*|comment|combien|pourquoi|faut|doit|dois|peut(?!\s+etre)|peux|est\s+ce|procedures?|seuils?"
    r"|dispense\w*|pub|publicite|publier|concurrence|mapa|appels?\s+d\s?offres?|devis|obligatoire)\b")
MAX_ESTIMATE_WORDS = 12


def estimate_in_doubt(text: str) -> bool:
    """« je sais pas trop, 80 000 ? »: one amount given unsure, the question
    mark a doubt, no question asked of it (no procedure, no threshold, no
    « combien »). At the budget question it is the estimate asked for (it got
    the route of 80 000 € HT and the question again, r2-d2)."""
    text = (text or "").strip()
    if not text or text.startswith("/") or "?" not in text or len(find_amount_spans(text)) != 1:
        return False
    words = _words(text)
    return is_hesitant(text) and not _ASKS_OF_AMOUNT.search(words) and len(words.split()) <= MAX_ESTIMATE_WORDS


# « ok », « d'accord », « ok merci »: an acknowledgement, no yes to a question.
_ACKNOWLEDGEMENT = re.compile(
    r"(?:ah\s+|bon\s+)?(?:ok(?:ay|ey)?|okok|d\s?accord|dac|daccord|entendu|compris|je\s+vois|merci)"
    r"(?:\s+(?:merci|ok|d\s?accord|c\s?est\s+clair|je\s+vois))*")


def acknowledges_after_question(text: str, before: str) -> bool:
    """« ok » typed right after a question of the user's own (``before``, « c'est
    quoi un AMO déjà ? ») was answered: it acknowledges that answer, it says
    no yes to the question of the diagnostic asked again below it (r2-b3:
    « ok » noted that a partner could cover the need)."""
    folded = " ".join(re.sub(r"[^a-z0-9']+", " ", fold(text or "")).replace("'", " ").split())
    return bool(folded) and bool(_ACKNOWLEDGEMENT.fullmatch(folded)) and phrased_as_question(before or "")


def answers_question(slot: str, text: str) -> bool:
    """Whether ``text`` is a statement that answers the question about ``slot``:
    « je ne sais pas », or understood by the question's parser; at the budget
    question, also an estimate in doubt (``estimate_in_doubt``)."""
    recognise = RECOGNISERS.get(slot)
    if recognise is not None and slot == "amount" and estimate_in_doubt(text):
        return True
    if recognise is None or not is_statement(text):
        return False
    return parsing.is_dont_know(text) or recognise(text)


# The words of a request to start or resume the diagnostic (« ok on reprend »,
# « on continue le diag », « c'est parti »), removed before reading an answer in
# a message heard as that request (``answers_besides_resuming``).
_RESUMING_WORDS = re.compile(
    r"\b(?:ok|okay|bon|bah|ben|allez|alors|on|y|va|vas|le|la|l|je|c|est|lets|let|s|go|parti|donc"
    r"|repren\w*|continu\w*|poursui\w*|commenc\w*|demarr\w*|lanc\w*|reviens|revenue?|retour|suite"
    r"|diagnostics?|diag|questions?|questionnaire)\b")


def answers_besides_resuming(slot: str, text: str) -> bool:
    """Whether ``text``, heard as a request to start or resume the diagnostic
    while its question about ``slot`` waits, answers that question all the
    same: « un regard exterieur sur le projet, on sait pas trop par ou
    commencer » (start_diagnostic 0.63) got « Reprenons là où nous en
    étions » and the need was asked again (live test, session 20). The
    question's own parser (not « je ne sais pas ») reads what is left once
    the words of resuming are gone, so that « ok on reprend » (« reprend » read as a resource),
    « reprenons le diagnostic » (« diagnostic » read as an audit) or « on
    continue » (read as a lasting need) answer nothing."""
    rest = " ".join(_RESUMING_WORDS.sub(" ", _words(text or "")).split())
    if not rest or not is_statement(text):
        return False
    parse = _ANSWER_PARSERS.get(slot)
    if parse is None:
        recognise = RECOGNISERS.get(slot)
        return recognise is not None and not parsing.is_dont_know(rest) and bool(recognise(rest))
    value = parse(rest)
    return bool(value) and value != UNKNOWN and UNKNOWN not in (value if isinstance(value, frozenset) else ())



# -- answers ahead of their question ------------------------------------------------

# Questions whose answer may come before they are asked, while another question
# waits (« ponctuel je pense, c'est une étude » when the need is asked). Not the
# structure, population, theme or amount (entities fill them from any message)
# nor the project (any theme word would look like one).
AHEAD_SLOTS = ("need_kinds", "duration", "internal_resources", "partners_status", "sponsor")
_YES_NO = re.compile(r"^(?:\W*\b(?:oui|ouais|ouai|ouep|yes|si|non|nan|nope|ok|bah|ben|bon|euh)\b)+\W*")


# A statement that asks all the same (« je voudrais comprendre la différence
# entre ponctuel et durable »).
_ASKS_ABOUT = re.compile(r"\b(?:diff|difference|differences|comprendre|compris|expliqu\w*|savoir|signifi\w*"
                         r"|veut\s+dire|definition|quoi|koi|comment|pourquoi|quel\w*)\b")


def asks_all_the_same(text: str) -> bool:
    """A statement that asks for an explanation (« je voudrais comprendre la
    différence entre ponctuel et durable », « expliquez-moi l'intermédiation »):
    the classifier's question intent stands; no answer is read in it."""
    return bool(_ASKS_ABOUT.search(fold(text or "").replace("'", " ")))


_HESITATES = re.compile(r"\b(?:hesit\w*|on\s+se\s+demande|nous\s+nous\s+demandons|vaut\s+(?:il\s+)?mieux"
                        r"|on\s+ne\s+sait\s+pas\s+si|on\s+sait\s+pas\s+si)\b")


_THANKS_WORDS = re.compile(r"\b(?:merci\w*|beaucoup|bcp|thanks?|super|top|parfait|ok|okay|d\s?accord|bien|tres"
                           r"|c\s?est|gentil|sympa|cool|nickel|genial|vous|a|pour|la|le|reponse|info\w*)\b")


def says_more_than_thanks(text: str) -> bool:
    """« merci, on a 4 agents déjà »: thanks, and something else (live test,
    session 25); not « merci beaucoup, c'est super »."""
    rest = _THANKS_WORDS.sub(" ", _words(text or ""))
    return len(rest.split()) >= 2


_WHERE_WE_WERE = re.compile(r"\b(?:on\s+en\s+(?:etait|etais|est|etions)\s+ou|ou\s+(?:est\s+ce\s+qu\s+)?on\s+en\s+(?:etait|est)"
                            r"|ou\s+en\s+(?:etions|sommes)\s+nous|ou\s+j\s+en\s+(?:etais|suis)"
                            r"|on\s+reprend\s+ou)\b")


def asks_where_we_were(text: str) -> bool:
    """« ok merci et on en etait ou ? » (not understood, while a question of
    the diagnostic waited: live test, session 24)."""
    return bool(_WHERE_WE_WERE.search(_words(text or "")))


def weighs_a_choice(text: str) -> bool:
    """« on hésite entre recruter des économes de flux ou passer par un AMO »,
    « on se demande si… »: a choice weighed, a question even without its
    question mark (live test, session 25)."""
    return bool(_HESITATES.search(fold(text or "")))


def answers_ahead(asked: str, text: str, unanswered: Sequence[str]) -> Optional[str]:
    """The one later question that a statement typed while ``asked`` waits
    answers instead: « ponctuel je pense, c'est une étude » (need asked) →
    duration; « on a vu le syndicat d'énergie, ils peuvent pas » → partners.
    None when the statement answers ``asked`` itself, answers none of
    ``unanswered`` (``AHEAD_SLOTS`` not answered yet) or more than one (then
    it is not clear enough to record), or is « je ne sais pas ». A sponsor
    answer must name who (« oui le président »); a bare « oui » or « non »
answers nothing ahead. The value itself is left to the question's validator,
which reads the whole statement (« non, pas le maire »)."""
    if not is_statement(text) or parsing.is_dont_know(text) or answers_question(asked, text):
        return None
    if weighs_a_choice(text):
        # « on hésite entre recruter des économes de flux ou passer par un
        # AMO » was noted « un agent, en partie » (live test, session 25): a
        # choice weighed is a question, not an answer
        return None
    if asked != "structure_type" and parsing.is_correction(text) \
            and parsing.parse_structure(text) in STRUCTURE_TYPES:
        # « en fait non c'est pour la com com pas la commune » corrects the
        # structure: its « non » is no « personne » for the internal
        # resources (live test, session 12: that question was then skipped)
        return None
    # A yes or a no answers whatever was asked: what follows it must say more.
    rest = _YES_NO.sub("", fold(text))
    if not any(c.isalpha() for c in rest):
        return None
    # (ahead of its question, « du temps » is no need: « ça prendra du temps »)
    recognisers = {**RECOGNISERS, "partners_status": _partners_in_passing,
                   "need_kinds": _recognised_by(parsing.parse_need_kinds)}
    found = [slot for slot in AHEAD_SLOTS
             if slot != asked and slot in unanswered and recognisers[slot](rest)]
    if "sponsor" in found and not parsing.names_an_elected_official(rest):
        found.remove("sponsor")
    if "sponsor" in found and "partners_status" in found and not parsing.parse_partners(rest)[1]:
        # « l'adjoint au numerique oui »: an elected official and a yes, no
        # partner named (live test, session 12)
        found.remove("partners_status")
    if "internal_resources" in found and "partners_status" in found:
        # « personne, je suis seule » at the duration's question: « personne »
        # may answer both, the rest says who works on it (« Je n'ai pas
        # compris », live test, session 24)
        # « personne on est 2 a la mairie »: the staff counted (« C'est déjà
        # noté : commune », live test, session 27)
        rest_alone = _NOBODY.sub(" ", rest)
        if (recognisers["internal_resources"](rest_alone) or _STAFF_COUNTED.search(rest_alone)) \
                and not recognisers["partners_status"](rest_alone):
            found.remove("partners_status")
    if "duration" in found and "partners_status" in found and parsing.parse_partners(rest)[1] \
            and not recognisers["duration"](_STUDY.sub(" ", rest)):
        # « le SDE nous a dit qu'il pouvait faire l'étude d'opportunité »:
        # the study is what the partner offers, no length of the need (it was
        # noted « besoin ponctuel », live test, session 27)
        found.remove("duration")
    return found[0] if len(found) == 1 else None


_STUDY = re.compile(r"\betudes?\b")
_NOBODY = re.compile(r"\bpersonne\b")
_STAFF_COUNTED = re.compile(
    r"\b(?:on\s+est|on\s+n'?\s?est\s+que|nous\s+sommes|on\s+(?:n'?\s?)?a\s+(?:que\s+)?)\s*"
    r"(?:\d+|deux|trois|quatre|cinq|six)\b(?!\s*(?:communes|habitants|hab|ans|mois)\b)"
    r"|\bje\s+suis\s+seule?\b|\bje\s+suis\s+toute?\s+seule?\b")


# -- « je comprends rien » ---------------------------------------------------------------

# « c'est qui ? vous avez un numéro ? » just after the interlocutors of the
# handoff: a question on them, not on the assistant (it got « Je suis un
# assistant automatique… », live test, session 17).
_CONTACT_ASKED = re.compile(
    r"\b(?:numero|numeros|num|tel|telephone|phone|mail|mails|e-?mail|courriel|adresse|adresses|coordonnees"
    r"|contact|contacts|contacter|joindre|appeler|appelle|ecrire|site|sites)\b"
    r"|\bc'?\s?est\s+qui\b|\bc\s+qui\b|\bqui\s+(?:ca|donc|exactement|precisement)\b|\bqui\s+est-?ce\b"
    r"|^\W*qui\W*$")


def asks_for_contact(text: str) -> bool:
    """Whether a short message asks who to contact or how (« c'est qui ? »,
    « vous avez leur numéro ? », « un mail ? »)."""
    folded = fold(text or "")
    return len(_words(text or "").split()) <= 12 and bool(_CONTACT_ASKED.search(folded))


_NOT_UNDERSTOOD = re.compile(r"""
    \b(?:sais|sait|savons)\s+(?:pas|plus)\s+(?:trop\s+)?(?:quoi|comment|ce\s+qu'?\s?il\s+faut)
        \s+(?:re)?pondre\b
  | \b(?:je|j'?|on)\s?(?:ne\s+|n'?\s?)?(?:comprends?|comprend|capte|saisis)\s+(?:rien|pas|que\s+dalle)\b
  | \b(?:j'?|on)\s?(?:n'?\s?)?(?:ai|a)\s+(?:rien|pas)\s+(?:bien\s+|trop\s+|tout\s+)?(?:compris|capte|saisi)\b
  | \bpas\s+(?:bien\s+|trop\s+)?compris\s+la\s+question\b
  | \b(?:c'?\s?est|c)\s+(?:pas\s+clair|flou|quoi\s+la\s+question)\b
  | \bje\s+(?:ne\s+)?vois\s+pas\s+ce\s+que\s+vous\s+(?:voulez|entendez)\b
  | \bquestion\s+(?:pas\s+claire|incomprehensible)\b
""", re.X)


def asks_to_explain_the_question(text: str) -> bool:
    """« je sais pas quoi repondre », « je comprend rien », « j'ai pas
    compris la question »: the user does not understand the question asked
    (final retest S-M6); not « je ne sais pas », which is an answer. A
    message that goes on with an answer (« je comprends pas trop, mais on
    a un agent à mi-temps ») is left to the parsers: at most a few words."""
    words = fold(text or "").replace("’", "'")
    if not words or words.startswith("/") or len(words.split()) > 10:
        return False
    return bool(_NOT_UNDERSTOOD.search(words))


# -- « et en 2024 ? » ------------------------------------------------------------------

# (« non mais c'était en mars 2026, pas aujourd'hui » after a route read at
# today's date: the date corrected, live test, session 15; not « non » alone,
# which answers the diagnostic's questions)
_FOLLOW_UP = re.compile(r"^\s*(?:et|mais|sinon|si|ok|d'accord|dac|bon"
                        r"|non[\s,]+(?:mais|plutot|c'?\s?etait|c'?\s?est|ce\s+serait))\b[\s,]*(?:et\b)?", re.I)
_MAX_FOLLOW_UP_WORDS = 10
# « et maintenant ? », « et actuellement ? » after « quels sont les seuils en
# 2023 ? »: today, as « et aujourd'hui ? » (a date of ``find_date_spans``). Not
# a date of the NLU's entities: « maintenant » says many other things (« et
# maintenant on fait quoi ? », the menu after the result).
_NOW = re.compile(r"\b(?:maintenant|mtn|actuellement|en ce moment|a l heure actuelle|a present|a ce jour"
                  r"|de nos jours|aujourd hui|auj|ajd)\b")
# What a follow-up may say around its amount or date and still say nothing
# else: « et si c'est 150 000 pile ? », « et 45k TTC », « et si on lance en
# février 2026 », « ok et pour 72 000 TTC alors ? ».
_FOLLOW_UP_FILLER = frozenset(
    "et mais sinon ok d accord dac bon alors donc si c ce cest est etait serait s agit on lance lancait lancer "
    "lancement lancee consultation pour pr en au a le la l de du d avant apres depuis debut fin mi partir courant "
    "pile poil tout rond juste exactement precisement environ ht ttc hors taxe taxes toutes comprises euro euros eur k montant "
    "plutot disons maintenant mtn actuellement moment heure actuelle present jour nos jours aujourd hui auj ajd "
    "ca fait met mets mettait passe passait monte montait "
    # « et si on attend avril ? », « et d'ici juin ? », « même au-dessus de 1 million ? »
    "attend attends attendre attendons attendez attendait vers ici meme dessus dessous dela sous "
    # « non mais c'était en mars 2026, pas aujourd'hui »
    "non pas plutot".split())
# « même au-dessus de 1 million ? », « même pour 2 M€ ? »: after a procurement
# answer, the same question for another amount; only when it says nothing else
# (``is_procurement_follow_up``).
_EVEN = re.compile(r"^\s*meme\b")


def says_now(text: str) -> bool:
    """Whether a short follow-up asks for today (« et maintenant ? »,
    « et actuellement ? », « et aujourd'hui ? »): it says nothing else
    (``_FOLLOW_UP_FILLER``)."""
    words = _words(text)
    return bool(_NOW.search(words)) and set(words.split()) <= _FOLLOW_UP_FILLER


def _without_spans(text: str, mark: str = " ") -> str:
    """``text`` with ``mark`` for each of its amounts and dates."""
    spans = [(s.start, s.end) for s in find_amount_spans(text)] + \
            [(s.start, s.end) for s in find_date_spans(text)]
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + mark + text[end:]
    return text


def is_procurement_follow_up(text: str) -> bool:
    """A short follow-up that only changes the date or the amount of the
    procurement question just answered: « et en 2024 ? », « et pour 90 000 € ? »,
    « et si c'est 150 000 ? ». Starts with « et » (or « mais », « sinon »…),
    names a date or an amount, and says nothing else of substance; or starts
    with « même » and says nothing but its amount or date (« même au-dessus de
    1 million ? »). Or a question on the value of the need just given
    (``need_follow_up``: « donc au total ça fait combien ? », « et si je
    prends pas l'option ? »)."""
    text = (text or "").strip()
    if need_follow_up(text) in (TOTAL_ASKED, WITHOUT_OPTION, DURATION_ASKED):
        return True
    if names_only_a_purchase(text):
        return True
    folded = fold(text)
    if _EVEN.match(folded):
        # « même au-dessus de 1 million ? » (a fallback, live test, session 12)
        return _only_amount_or_date(text)
    # (an amount or a date counts as a word: « et si c'est 5 000 € au 1er mars
    # 2025 ? » is short)
    if not _FOLLOW_UP.match(folded) or len(_without_spans(folded, " N ").split()) > _MAX_FOLLOW_UP_WORDS:
        return False
    return bool(find_amount_spans(text) or find_date_spans(text)) or says_now(text)


# What a follow-up that only names another purchase may say: « et pour des
# travaux ? », « et pour un marché de travaux ? », « et si c'est des travaux ? ».
_PURCHASE_WORDS = frozenset(
    "des les un une marche marches cas travaux travau traveaux"
    " services fournitures fourniture prestation prestations intellectuelle intellectuelles"
    " etude etudes".split())


# « c'est pareil ? », « idem ? », « ça change ? »
_SAME_ASKED = re.compile(r"\b(?:pareil\w*|idem|(?:la\s+)?meme\s+chose|les\s+memes|aussi|egalement|ca\s+change"
                         r"|different\w*|valable|s\s?applique\w*)\b")
# the structures that follow the local authorities' thresholds
LOCAL_STRUCTURES = ("commune", "epci", "syndicat", "departement", "region")


def structure_follow_up(text: str) -> Optional[str]:
    """The structure type of « et pour une interco c pareil ? », « et pour un
    syndicat mixte aussi ? » after a procurement answer: the same question
    for another buyer (it started the diagnostic: live test, session 17).
    Starts like a follow-up, names a structure, asks whether the same holds,
    names no amount nor date; None otherwise."""
    text = (text or "").strip()
    words = _words(text)
    count = len(words.split())
    if not _FOLLOW_UP.match(fold(text)) or count > _MAX_FOLLOW_UP_WORDS \
            or not (_SAME_ASKED.search(words) or count <= 5) \
            or find_amount_spans(text) or find_date_spans(text):
        return None
    structure = parsing.parse_structure(text)
    return structure if structure in STRUCTURE_TYPES else None


def names_only_a_purchase(text: str) -> bool:
    """« et pour des travaux ? » after « c koi le seuil de dispense ? » (r2-c1,
    heard as a question on the AMO's independence): the same question for
    works. Starts like a follow-up, names works and nothing else."""
    text = (text or "").strip()
    if not _FOLLOW_UP.match(fold(text)) or purchase_category(text) is None:
        return False
    words = set(_words(text).split())
    return bool(words & _PURCHASE_WORDS - {"des", "les", "un", "une", "marche", "marches", "cas"}) \
        and words <= _FOLLOW_UP_FILLER | _PURCHASE_WORDS


# « et pour 50 000 € à ces deux dates ? » after « seuil de dispense au 15 mars
# 2026 et au 15 avril 2026 » (r2-g5): every date of the question before.
_EARLIER_DATES = re.compile(
    r"\b(?:a|aux|pour|sur)\s+(?:ces|les)\s+(?:deux|2|trois|3)\s+dates\b|\b(?:a|aux|pour)\s+ces\s+dates\b"
    r"|\ba\s+chacune\s+(?:de\s+)?ces\s+dates\b|\baux\s+deux\s+dates\b")


def refers_to_earlier_dates(text: str) -> bool:
    """« à ces deux dates », « aux deux dates », « pour ces dates »: the
    question is asked again at each date of the question before."""
    return bool(_EARLIER_DATES.search(_words(text or "")))


def _only_amount_or_date(text: str, limit: int = _MAX_FOLLOW_UP_WORDS) -> bool:
    """``text`` names an amount or a date and says nothing else: its other
    words are ``_FOLLOW_UP_FILLER``, at most ``limit`` words in all (an amount
    or a date counting as one)."""
    if not (find_amount_spans(text) or find_date_spans(text)):
        return False
    if len(_without_spans(fold(text), " N ").split()) > limit:
        return False
    return set(_words(_without_spans(text)).split()) <= _FOLLOW_UP_FILLER


# « 90 000 pile », « 60 000 tout rond »: a number said exactly, as one
# compares it with a threshold — an amount, though bare (it started the
# diagnostic with that budget after a route answer, live test, session 15).
_EXACTLY = re.compile(r"\b(?:pile|tout\s+rond|exactement|tout\s+juste|precisement|pile\s+poil)\b")


def is_amount_alone(text: str) -> bool:
    """« 30 000 TTC », « 45k€ HT ? », « pour 40 000 euros »: an amount said
    with its currency or taxes (``states_an_amount``), and nothing else of
    substance (``_FOLLOW_UP_FILLER``): no « et » before it, unlike a
    follow-up; a bare number (« 30 000 ») is not enough to say an amount,
    unless said exactly (« 90 000 pile », ``_EXACTLY``).
    Not a date alone, not a statement of the need's total (« ça fait 51100
    au total »)."""
    text = (text or "").strip()
    if not text or text.startswith("/") or not find_amount_spans(text) \
            or not (states_an_amount(text) or _EXACTLY.search(fold(text))):
        return False
    # (one word fewer than a follow-up, which counts its « et »)
    return need_follow_up(text) is None and _only_amount_or_date(text, _MAX_FOLLOW_UP_WORDS - 1)


def is_bare_follow_up(text: str) -> bool:
    """A procurement follow-up that says nothing but its amount, its date or
    « maintenant », after « et », « mais » or « sinon »: « et aujourd'hui ? »,
    « et si c 20000 », « et 90 000 pile », « ok et 72 000 TTC ? », « et
    230 000 en 2028 ». Such a message cannot be a goodbye, a thank-you or a
    pause, whatever the classifier heard (« et aujourd'hui ? » was heard as
    ``stop``: « D'accord. Je reste à votre disposition… »). Not « ok pour
    45 000 », which may agree."""
    text = (text or "").strip()
    if not is_procurement_follow_up(text) or need_follow_up(text) is not None:
        return False
    words = _words(text).split()
    lead = [w for w in words[:3] if w in ("et", "mais", "sinon", "meme", "non")]
    return bool(lead) and set(_words(_without_spans(text)).split()) <= _FOLLOW_UP_FILLER


_LEAD_QUESTION = re.compile(r"^([^?]*\?+)\s*(.*)$", re.S)


def follow_up_with_context(text: str) -> Optional[str]:
    """« et en 2023 ? nous avions fait faire l'étude mobilité par un bureau
    d'études »: a short procurement follow-up question
    (``is_procurement_follow_up``) then a statement that only gives some
    context (no amount, no date, no other question). The follow-up alone
    (« et en 2023 ? »), which asks for the route of the question just
    answered; None for anything else, a follow-up alone included (the
    context is no project, no budget of a diagnostic: final D-M1)."""
    match = _LEAD_QUESTION.match((text or "").strip())
    if match is None:
        return None
    lead, rest = match.group(1).strip(), match.group(2).strip()
    if not rest or not is_procurement_follow_up(lead) or need_follow_up(lead) is not None:
        return None
    if find_amount_spans(rest) or find_date_spans(rest) or "?" in rest or phrased_as_question(rest):
        return None
    return lead


# Words without which a question is no procurement question (« les élections
# c'est en mars 2026 ? » names a date, nothing else): every example of
# ask_procurement in data/nlu and the holdout has one, or an amount, or is a
# follow-up (« et en 2027 ? »).
_PROCUREMENT_WORDS = re.compile(
    r"\b(?:seuils?|marches?|concurren\w*|appels? d offres?|publi\w*|annonces?|avis|procedures?"
    r"|mapa|devis|achat\w*|achet\w*|consult\w*|gre a gre|dispense\w*|boamp|joue|jal|europ\w*"
    r"|r\d{4}|l\d{4}|articles?|code|commande publique|contrat\w*|regles?|reglement\w*|prestat\w*"
    r"|amo|montants?|euros?|k|ht|ttc|budgets?|cout\w*|prix|tarif\w*|passer|attribu\w*|candidat\w*"
    r"|offres?|cahier|formalis\w*|negoci\w*|plafonds?|limites?|obligat\w*|oblige\w*|combien"
    r"|chang\w*|nouveaux?|nouvelles?|evolu\w*|reforme|decret|travaux|fournitures?|services?"
    r"|etudes?|missions?|mise en concurrence|acheteurs?|pub)\b")


_AROUND_A_DATE = frozenset("et en au a le la l de du d pour si avant apres depuis debut fin mi "
                           "partir courant alors ok mais sinon".split())


def mentions_procurement(text: str) -> bool:
    """Whether a message says anything of public procurement: one of its
    words (seuil, marché, mise en concurrence, devis, publicité, travaux…) or
    an amount (« 45 000 € »). A date alone (« en 2027 ? », « au 1er mars
    2026 ? ») may ask again the question just answered: it counts."""
    text = text or ""
    if _PROCUREMENT_WORDS.search(_words(text)) or find_amount_spans(text) or "€" in text:
        return True
    spans = find_date_spans(text)
    rest = text
    for span in sorted(spans, key=lambda d: -d.start):
        rest = rest[:span.start] + " " + rest[span.end:]
    return bool(spans) and set(_words(rest).split()) <= _AROUND_A_DATE


_MAX_ADDITION_WORDS = 20


def is_need_addition(text: str) -> bool:
    """« en fait il y a une option en plus de 12 600 »: a short statement that
    adds a part (an option, a tranche…) to an amount said before, rather than
    giving a new amount (``parse_amount`` with a base adds it only then). Or
    that says the total of the amount said before (``TOTAL_STATED``: « ça fait
    51100 au total »): both are about the need just given, not a new budget."""
    text = (text or "").strip()
    if not text or text.startswith("/") or len(fold(text).split()) > _MAX_ADDITION_WORDS \
            or not find_amount_spans(text):
        return False
    if need_follow_up(text) == TOTAL_STATED:
        return True
    alone, added = parse_amount(text), parse_amount(text, base=1.0)
    return alone.value_ht is not None and added.value_ht is not None \
        and added.value_ht != alone.value_ht


# -- « donc au total ça fait combien ? », « et sans l'option ? » --------------------------

TOTAL_ASKED = "total_asked"          # « donc au total ça fait combien ? »
WITHOUT_OPTION = "without_option"    # « et si je prends pas l'option ? »
TOTAL_STATED = "total_stated"        # « ça fait 51100 au total »
DURATION_ASKED = "duration_asked"    # « et si on fait que 1 an ? »

_MAX_NEED_FOLLOW_UP_WORDS = 12
_TOTAL = re.compile(r"\b(?:au total|en tout|total|tout compris|au final|en cumule|cumules?)\b")
_HOW_MUCH = re.compile(r"\bcombien\b|\bquel\w* (?:est |serait )?(?:le |la )?(?:montant|total|valeur|somme)\b")
# « pas l'option », « sans les options », « si on enlève la tranche optionnelle »
_WITHOUT_OPTION = re.compile(
    r"\b(?:sans|hors|pas|plus|enlev\w*|retir\w*|supprim\w*|oubli\w*)(?:\s+\w+){0,2}?\s+"
    r"(?:(?:l|les|la|cette|ces|mon|ma|notre|nos|d|de)\s+)?"
    r"(?:options?|tranches?\s+optionnelles?|tranches?\s+conditionnelles?|reconductions?)\b")
# « et si on fait que 1 an ? », « et seulement sur 2 ans ? », « et 1 an seulement ? »
_YEAR_COUNT = r"(\d{1,2}|un|une|deux|trois|quatre|cinq)"
_SHORTER = re.compile(
    rf"\b(?:que|qu|seulement|juste|uniquement)\s+(?:sur\s+|pendant\s+)?{_YEAR_COUNT}\s+ans?\b"
    rf"|\b{_YEAR_COUNT}\s+ans?\s+(?:seulement|uniquement)\b")
_YEAR_WORDS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5}
# A verb that says the sum: « ça fait », « ça donne », « total = ».
_MAKES = re.compile(r"\b(?:fait|font|ferait|feraient|donne|donnerait|revient|reviendrait|monte|montera|est)\b|=")


def need_follow_up(text: str) -> Optional[str]:
    """A short message about the value of the need just given, whose answer
    is that value: ``TOTAL_ASKED`` (« donc au total ça fait combien pour le
    seuil ? »), ``WITHOUT_OPTION`` (« et si je prends pas l'option ? »), or
    ``TOTAL_STATED``, the total said back (« ça fait 51100 au total »: one
    amount, a word of total and a verb of sum, not « budget 30 000 au
    total »). None for anything else."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return None
    words = " ".join(re.sub(r"[^\w=]+", " ", fold(text)).split())
    if len(words.split()) > _MAX_NEED_FOLLOW_UP_WORDS:
        return None
    amounts = find_amount_spans(text)
    if not amounts:
        if _WITHOUT_OPTION.search(words):
            return WITHOUT_OPTION
        if _FOLLOW_UP.match(words) and _SHORTER.search(words):
            return DURATION_ASKED
        if _TOTAL.search(words) and _HOW_MUCH.search(words):
            return TOTAL_ASKED
        return None
    if len(amounts) == 1 and _TOTAL.search(words) and _MAKES.search(words) and not _HOW_MUCH.search(words):
        return TOTAL_STATED
    return None


def years_asked(text: str) -> Optional[int]:
    """The number of years of « et si on fait que 1 an ? » (``DURATION_ASKED``)."""
    m = _SHORTER.search(" ".join(re.sub(r"[^\w=]+", " ", fold(text or "")).split()))
    if m is None:
        return None
    said = m.group(1) or m.group(2)
    return int(said) if said.isdigit() else _YEAR_WORDS[said]


# -- « en gros, une fourchette ? » after the price answer --------------------------------

_MAX_ROUGH_WORDS = 8
_ROUGH = re.compile(r"\b(?:en gros|grosso modo|fourchettes?|a peu pres|a peu pret|approximati\w*|approx"
                    r"|ordres? de grandeur|a la louche|au pif|a vue de nez|environ|en moyenne|moyennes?"
                    r"|estimati\w*|idee|vaguement)\b")


def asks_rough_price(text: str) -> bool:
    """« en gros, une fourchette ? », « a peu pres combien ? », « meme
    approximatif ? »: a short message (at most ``_MAX_ROUGH_WORDS`` words, no
    amount) that asks for a rough figure. Right after the price answer, it
    asks for a price range all the same (``actions.faq``)."""
    text = (text or "").strip()
    if not text or text.startswith("/") or any(c.isdigit() for c in text) or find_amount_spans(text):
        return False        # (« on est environ 800 » says a number)
    said = _words(text)
    return bool(_ROUGH.search(said)) and len(said.split()) <= _MAX_ROUGH_WORDS


# -- what earlier messages said in passing -------------------------------------------

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def statement_spans(text: str) -> List[Tuple[int, int]]:
    """(start, end) of the sentences of ``text`` that are statements, not
    questions: « je suis secrétaire de mairie dans un village de 350 âmes. »
    tells about the user; « c'est quoi un syndicat mixte ? » does not."""
    text = text or ""
    if text.lstrip().startswith("/"):
        return []
    spans = []
    for m in _SENTENCE.finditer(text):
        # (a question dictated without punctuation after a statement is cut
        # off it: « je suis le maire de saint-jean 600 habitants on veut … est
        # ce qu il faut un amo », live test, session 26)
        cuts = [m.start()] + [m.start() + d.start() for d in DICTATED_QUESTION.finditer(fold_same_length(m.group()))]
        bounds = cuts + [m.end()]
        spans += [(a, b) for a, b in zip(bounds, bounds[1:]) if is_statement(text[a:b])]
    return spans


# -- context, then the question --------------------------------------------------------

_CLAUSE = re.compile(r"[^.!?,;:\n…]+[.!?…]*")


def question_clause(text: str) -> Optional[str]:
    """The question of a message that is more than a question: the last
    clause phrased as a question, when the message has other clauses before
    or around it. « Commune de 650 habitants, on refait la salle polyvalente.
    Qu'est-ce qu'un AMO pourrait prendre en charge ? » → « Qu'est-ce qu'un AMO
    pourrait prendre en charge ? »; « je sais pas, c'est quoi le prix ? » →
    « c'est quoi le prix ? ». None for a single clause or no question."""
    text = (text or "").strip()
    if text.startswith("/"):
        return None
    clauses = [m.group().strip() for m in _CLAUSE.finditer(text)]
    clauses = [c for c in clauses if c.strip(".!?… ")]
    if len(clauses) < 2:
        return None
    return next((c for c in reversed(clauses) if phrased_as_question(c)), None)


# -- corrections of an earlier answer --------------------------------------------------

# Earlier answers a correction may change while another question waits; the
# population (below) and the amount are corrected through the entities the
# NLU finds (and the structure and theme too, when the intent is inform).
CORRECTABLE = ("need_kinds", "duration", "internal_resources", "partners_status", "sponsor",
               "structure_type", "theme")
# « le thème c'est la biodiversité »
_THEME_WORDS = re.compile(r"\b(?:theme|themes|thematique|domaine|sujet)\b")
_YES_NO_WORDS = re.compile(r"(?i)\b(?:oui|ouais|ouai|non|nan|nope|si)\b")
_GROUPED = re.compile(r"(?<=\d)[ \u00a0\u202f.](?=\d{3}\b)")
_NOT_THAT = re.compile(r"\b(?P<new>\d+)\s*(?:habitants?|hab)?\s*,?\s*(?:et\s+)?(?:pas|non)\s+"
                       r"(?P<old>\d+)\b"
                       r"|\bpas\s+(?P<old2>\d+)\s*(?:habitants?|hab)?\s*,?\s*(?:mais\s+)?"
                       r"(?P<new2>\d+)\b")


def without_yes_no(text: str) -> str:
    """The text without its « oui » / « non » words (« ah non pardon, c'est
    ponctuel » does not answer « non » to the question asked)."""
    return _YES_NO_WORDS.sub(" ", text or "")


def _population_correction(text: str, current: Any) -> Optional[int]:
    """« en fait on est 1300 pas 300 » when 300 inhabitants were noted: 1300.
    The number said instead of the one noted; not an amount."""
    if isinstance(current, bool) or not isinstance(current, (int, float)) \
            or states_an_amount(text):
        return None
    folded = _GROUPED.sub("", fold(text))
    for m in _NOT_THAT.finditer(folded):
        new, old = (m.group("new"), m.group("old")) if m.group("new") else (
            m.group("new2"), m.group("old2"))
        if int(old) == int(current) and int(new) > 0:
            return int(new)
    numbers = {int(n) for n in re.findall(r"\d+", folded)}
    if parsing.is_correction(text) and int(current) in numbers and len(numbers) == 2:
        new = (numbers - {int(current)}).pop()
        return new if new > 0 else None
    return None


def _answer_of(slot: str, text: str, explicit: bool = False) -> Any:
    """The answer to ``slot`` that ``text`` gives, canonical, or None.
    ``explicit``: said in the question's own words, not only implied
    (« on n'a pas le temps » implies a need of capacity; « de la capacité »
    names it)."""
    if slot == "need_kinds":
        kinds = parsing.parse_need_kinds(text, explicit=explicit) or frozenset()
        return sorted(k for k in kinds if k in NEED_KINDS) or None
    if slot == "duration":
        value = parsing.parse_duration(text, explicit=explicit)
        return value if value in DURATIONS else None
    if slot == "internal_resources":
        value = None if explicit else parsing.parse_resources(text)
        return value if value in RESOURCES else None
    if slot == "partners_status":
        status, named = parsing.parse_partners(text)
        strong = bool(named) if explicit else (
            bool(named) or status != "non_consultes" or parsing.says_not_yet(text))
        return status if status in PARTNER_STATUSES and strong else None
    if slot == "sponsor":
        value = parsing.parse_sponsor(text)
        return value if value in SPONSOR and parsing.names_an_elected_official(text) else None
    if slot == "structure_type":
        # what the user says they are (« nous sommes un syndicat mixte », « c'est
        # un syndicat mixte »), not a structure mentioned (« le maire », « la com com »)
        return parsing.stated_structure(text)
    if slot == "theme":
        named = [t for t in parsing.themes_named(text) if t in THEMES and t != "autre"]
        if not named:
            return None
        said = _THEME_WORDS.search(fold(text)) or parsing.themes_named(text, negated=True)
        return named[0] if said or not explicit else None
    return None


def _only_answer(text: str) -> Optional[Tuple[str, Any]]:
    """(slot, value) of a short message that names a structure and nothing else
    (« un PETR » typed while the population is asked): the structure said
    again, as if its question were still open."""
    structure = parsing.only_structure(text)
    return ("structure_type", structure) if structure in STRUCTURE_TYPES else None


# « le projet c'est X », « correction du projet : X », « le projet c'est pas
# ça, c'est X »: the project said again.
_PROJECT_SAID = re.compile(
    r"\b(?:le|notre|mon|du|ce)\s+projet\s*(?:,\s*)?(?:c['’ ]?\s?est\s+|c\s+|est\s+|:\s*|=\s*|concerne\s+"
    r"|porte\s+sur\s+)(?:pas\s+(?:ça|ca|cela|celui[- ]l[aà])\s*,?\s*(?:c['’ ]?\s?est\s+|mais\s+)?)?(?P<x>.+)$",
    re.I | re.S)


def _project_said(text: str) -> Optional[str]:
    """The project a message says again (``_PROJECT_SAID``), as noted
    (``project_phrase``), or None."""
    match = _PROJECT_SAID.search(text or "")
    if match is None:
        return None
    phrase = project_phrase(match.group("x").strip(" .!"), answer=True)
    if phrase is None or (len(phrase.split()) < 2 and parsing.parse_theme(phrase) is None):
        return None     # (« notre projet c'est top »)
    return phrase


# A clause that gives a reason, to the end of the sentence.
_REASON = re.compile(r"(?:,\s*)?\b(?:parce\s+qu|car\b|vu\s+qu|puisqu|[eé]tant\s+donn[eé]\s+qu|du\s+fait\s+qu"
                     r"|[aà]\s+cause\s+d)\w*[^.;!?]*", re.IGNORECASE)


def corrected_answer(asked: Optional[str], text: str, answers: Mapping[str, Any],
                     after_going_back: bool = False) -> Optional[Tuple[str, Any]]:
    """(slot, new canonical value) of the earlier answer that a statement typed
    while ``asked`` waits corrects: « en fait on est 1300 pas 300 » (300
    inhabitants noted) → population 1300; « en fait non c plutôt de la
    capacité, on a pas le temps » → need_kinds [capacite]; « ah non pardon,
    c'est ponctuel, l'élaboration du plan dure 18 mois » → duration;
    « attendez, le parc n'est pas une intercommunalité, c'est un syndicat
    mixte » → structure_type; « le thème c'est la biodiversité, pas le
    numérique » → theme. A correction says so (« en fait », « plutôt », « je me
    suis trompé », « X n'est pas Y, c'est Z »…, see ``parsing.is_correction``),
    or follows a request to go back (``after_going_back``); a short message
    that names only a structure (« un PETR ») corrects the one noted. ``answers``: the answers noted before the
    message. None when it corrects nothing, the question asked itself, or
    more than one earlier answer (unless only one is said in its own words)."""
    if not is_statement(text) or bare_correction_request(text):
        return None
    project = _project_said(text)
    if project is not None and asked != "project" and answers.get("project") is not None \
            and project != answers.get("project"):
        # « non le projet c'est la réhabilitation de la station d'épuration »
        # was no correction (live test, session 11)
        return "project", project
    if asked not in (None, "population"):
        population = _population_correction(text, answers.get("population"))
        if population is not None and population != answers.get("population"):
            return "population", population
    if not (parsing.is_correction(text) or after_going_back):
        # (not at the partners or sponsor question: « une com com » may be a
        # partner, « un élu de la commune » the sponsor)
        short = _only_answer(text)
        if short and short[0] != asked and answers.get(short[0]) not in (None, short[1]) \
                and asked not in ("partners_status", "sponsor") \
                and not (asked and answers_question(asked, text)):
            return short
        return None
    rest = without_yes_no(text)
    if find_amount_spans(text):
        # « en fait plutôt 65 000 parce qu'il y a la concertation » after the
        # result corrects the budget (its validator's): the reason given is
        # no new answer (the need was replaced by « intermédiation », live
        # test, session 25)
        rest = _REASON.sub("", rest)
    found: Dict[str, Any] = {}
    for slot in CORRECTABLE:
        before = answers.get(slot)
        if slot == asked or before is None:
            continue
        value = _answer_of(slot, rest)
        if value is not None and value != before:
            found[slot] = value
    if found and asked is not None and answers_question(asked, rest):
        # The message also answers the question asked (« plutôt 40 000 €, on
        # n'a pas le temps de chiffrer mieux »): only an answer said in its
        # own words is a correction.
        found = {slot: value for slot, value in found.items()
                 if _answer_of(slot, rest, explicit=True) is not None}
    if len(found) > 1:
        # Said in a question's own words first (« plutôt de la capacité, on a
        # pas le temps » corrects the need); then the internal resources,
        # named by people or time (« on a un agent à mi-temps, pas personne »
        # implies nothing else for sure).
        for strong in (lambda slot: _answer_of(slot, rest, explicit=True) is not None,
                       lambda slot: slot == "internal_resources"):
            chosen = {slot: value for slot, value in found.items() if strong(slot)}
            if chosen:
                found = chosen
                break
    return next(iter(found.items())) if len(found) == 1 else None


# -- a statement once the result is given ------------------------------------------------

# The answers a few words can give alone, in their question's own words.
_BARE_SLOTS = ("need_kinds", "duration")
_BARE_WORDS = 4


def bare_answer_after_result(text: str, answers: Mapping[str, Any]) -> Optional[Tuple[str, Any]]:
    """(slot, value) of a few words typed once the result is given that name
    another answer to one question, in that question's own words:
    « ponctuel » after « durable » was noted, « de la capacité ». It said « je
    mets à jour le résultat » and changed nothing (live test, session 17).
    None when the message says more, names several answers, or the one noted."""
    if not is_statement(text) or len(_words(text).split()) > _BARE_WORDS:
        return None
    found = {slot: value for slot in _BARE_SLOTS if answers.get(slot) is not None
             for value in [_answer_of(slot, text, explicit=True)] if value is not None}
    if len(found) != 1:
        return None
    slot, value = next(iter(found.items()))
    return None if value == answers.get(slot) else (slot, value)


# People in-house: what a statement on the internal resources speaks of.
_IN_HOUSE = re.compile(r"\b(?:en\s+interne|equipes?|agents?|personnel|services?\s+techniques?"
                       r"|(?:on|nous)\s+(?:n\s+)?(?:a|avons)\s+personne|personne\s+pour)\b")


def update_after_result(text: str, answers: Mapping[str, Any]
                        ) -> Optional[Tuple[str, Any, Tuple[str, ...]]]:
    """(slot, new value, partners named) of what a statement typed once the
    result is given says anew, without a word of correction: the partners'
    answer (« le cerema peut pas nous aider », « l'ATD ne peut pas », « on a
    vu le CAUE, ils font pas ça »: they got the partner's description, live
    test, session 12) with the partners it names, added to those noted; the
    internal resources (« personne en interne », « l'équipe existe mais elle
    n'a pas du tout la compétence data »: « Le conseil reste le même »).
    None when it says nothing new of them, or is a question."""
    if not is_statement(text):
        return None
    status, named = parsing.parse_partners(text)
    if named and status in ("consultes_insuffisant", "convention_disponible"):
        consulted = tuple(sorted(set(answers.get("partners_consulted") or ()) | named))
        if answers.get("partners_status") == "convention_disponible" and status == "consultes_insuffisant" \
                and set(answers.get("partners_consulted") or ()) - named:
            status = "convention_disponible"   # (another partner still could help)
        if status != answers.get("partners_status") or set(consulted) != set(answers.get("partners_consulted") or ()):
            return "partners_status", status, consulted
        return None
    folded = " ".join(fold(text).replace("'", " ").replace("’", " ").split())
    resources = parsing.parse_resources(text) if _IN_HOUSE.search(folded) else None
    if resources in RESOURCES and resources != answers.get("internal_resources"):
        return "internal_resources", resources, ()
    return None


# -- « revenir en arrière » -------------------------------------------------------------

_GO_BACK = re.compile(r"""
    \b(?:revenir|retourner|retour|reculer|aller|repartir)\s+(?:en\s+)?arriere\b
  | \ben\s+arriere\b
  | \b(?:question|etape|reponse)s?\s+(?:precedente?s?|d\s?avant|davant|passee?s?)\b
  | \b(?:corriger|modifier|changer|rectifier)\s+(?:ma|mes|une|la|les|cette|des)\s+reponses?\b
  | \b(?:corriger|modifier|changer|rectifier)\s+(?:le|la|les|l|mon|ma|mes|notre|nos)?\s*
      (?:type\s+de\s+(?:structure|collectivite|besoin)|structure(?!\s+(?:de|du|des|d)\s)
       |theme|domaine|population
       |nombre\s+d\s?habitants|budget|montant|duree|besoins?
       |ressources(?:\s+internes?)?|suivi\s+en\s+interne|partenaires?(?:\s+publics)?
       |porteur|portage|elu\s+porteur|sponsor)\b
  | \b(?:je\s+veux|je\s+voudrais|j\s?voudrais|on\s+peut|je\s+peux|peut\s+on|puis\s+je)\s+
      (?:corriger|modifier|rectifier|revenir)\b
  | ^\W*(?:retour|back|precedent|precedente|oups?|je\s+me\s+suis\s+trompee?s?
          |j\s?me\s+suis\s+trompee?s?|erreur|correction)\W*$
""", re.X)
# « retour à la case départ », « je me suis trompé partout, on recommence »: a restart
_RESTART = re.compile(r"\b(?:recommenc\w*|zero|debut|depart|refaire|remettre|reinitialis\w*"
                      r"|premiere\s+question|effacer|tout\s+reprendre)\b")


# « diag », « faire le diagnostic », « je veux faire le diag »: the whole
# message asks for the diagnostic, and says nothing of starting it again.
_START_REQUEST = re.compile(r"""^(?:(?:ok|bon|alors|oui|d\s?accord|bonjour|slt|salut|euh|allez)\s+)*
    (?:(?:je\s+(?:veux|voudrais|souhaite|peux)|j\s?voudrais|on\s+(?:veut|peut|va)|on|je|nous\s+voulons
        |pouvez\s+vous|peut\s+on|est\s+ce\s+qu\s+on\s+peut)\s+)?
    (?:(?:faire|lancer|commencer|continuer|poursuivre|passer\s+au?|aller\s+au?|fait|fais|lance)\s+)?
    (?:(?:le|un|au|du|ce|votre)\s+)?
    (?:diag|diagnostic|diagno|diagnostique)
    (?:\s+(?:svp|stp|s\s+il\s+vous\s+plait|merci|alors|maintenant|du\s+besoin))*$""", re.X)


def asks_for_the_diagnostic(text: str) -> bool:
    """« diag », « diagnostic », « faire le diag », « je veux faire le
    diagnostic »: the whole message asks for the diagnostic, without asking
    to start it again (« recommencer le diagnostic », « nouveau diagnostic »
    are restarts). Typed while a diagnostic is under way, it goes on with
    it: « diag » after « slt on est une com com de 40 communes on veut faire
    notre PCAET » was heard as a restart and wiped what was noted (live
    test, session 12)."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return False
    folded = " ".join(fold(text).replace("'", " ").replace("-", " ").replace("?", " ")
                      .replace("!", " ").replace(".", " ").split())
    return bool(_START_REQUEST.match(folded)) and not _RESTART.search(folded)


# -- coming back after a pause ----------------------------------------------------------

# What says « I am back » or « let us go on », once the diagnostic was paused:
# « je reviens », « je suis de retour », « me revoilà », « on reprend », « on
# peut reprendre », « c'est reparti ». Not « je reviendrai », « je reviens plus
# tard », « je vais chercher le dossier et je reviens »: the whole message is
# made of these and of the words around them (``_RETURN_AROUND``).
_RETURN = re.compile(r"""(?:(?:
    (?:je|j)\s+(?:re)?viens(?:\s+(?:la|ici))?
  | (?:je\s+suis|j\s+suis|jsuis|jsui|chui|chuis|suis|nous\s+sommes|on\s+est)\s+
        (?:de\s+retour|revenue?s?|rentree?s?|la|dispo|disponibles?)
  | (?:je\s+suis|j\s+suis|jsuis|chui|chuis)\s+(?:pret|prete)(?:\s+a\s+(?:reprendre|continuer))?
  | (?:me|m|nous|re)\s+(?:re)?(?:voila|voici|voilou)(?:\s+de\s+retour)?
  | de\s+retour
  | (?:on|nous|je)\s+(?:peut|peux|peu|pourrait|pourrions|pouvons|va|vas)\s+(?:reprendre|continuer|poursuivre|repartir)
  | (?:on|je)\s+(?:reprend|reprends|continue|repart|poursuit|poursuis)
  | (?:reprenons|continuons|poursuivons|reprendre|continuer|reprise|on\s+y\s+retourne|on\s+y\s+va)
  | (?:et\s+)?(?:c\s+est|cest|c|ca\s+est)\s+(?:reparti|repartie|repartis|repartit)
  | ca\s+repart
  | (?:fin\s+de\s+(?:la\s+)?pause|pause\s+(?:terminee|finie|fini))
)(?:\s+(?:le|la|notre|mon|au|avec\s+le)\s+(?:diagnostic|diag|questionnaire|questions|question))?
)(?=\s|$)""", re.X)
_RETURN_AROUND = re.compile(r"""(?:
    c\s+est\s+bon|cest\s+bon|c\s+bon|c\s+ok|c\s+est\s+ok|ok|okay|oki|bon|ben|bah|bien|voila|et\s+voila|alors|allez
  | re|rebonjour|re\s+bonjour|bonjour|coucou|salut|hello|rere
  | ca\s+y\s+est|ayest|aye|oui|ouais|merci|pardon|desole|desolee|excusez\s+moi|dsl
  | svp|stp|s\s+il\s+vous\s+plait|maintenant|enfin|finalement|du\s+coup|donc|euh|hop
)(?=\s|$)""", re.X)
# Words a typo away from these (« je revien », « je suis de retours », « on reprent »)
_RETURN_WORDS = ("reviens", "retour", "revoila", "reprendre", "reprend", "reprends", "reparti", "repartir",
                 "continuer", "continue", "poursuivre", "revenu", "revenue")


def comes_back(text: str) -> bool:
    """Whether the whole message says the user is back and the diagnostic
    may go on: « c bon je reviens », « je suis de retour », « me revoilà »,
    « c'est bon on peut reprendre », « c'est reparti » (typed after a pause,
    « c bon je reviens » was heard as a new pause, « je suis de retour » not
    understood). Not « je reviendrai », « je reviens plus tard », « je vais
    chercher le dossier et je reviens » (a pause), nor « on peut reprendre
    le bureau d'études de 2024 ? » (a question)."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return False
    said = re.sub(r"(\w)\1{2,}", r"\1", _words(text))      # « me revoilaaa »
    said = " ".join(word if word in _RETURN_WORDS
                    else next((target for target in _RETURN_WORDS if is_typo_of(word, target)), word)
                    for word in said.split())
    position, back = 0, False
    while position < len(said):
        if said[position] == " ":
            position += 1
            continue
        for pattern in (_RETURN, _RETURN_AROUND):
            found = pattern.match(said, position)
            if found:
                back = back or pattern is _RETURN
                position = found.end()
                break
        else:
            return False
    return back


# « on sait pas trop ce qu'il nous faut », « je ne sais pas de quoi on a besoin »:
# a doubt about the need, whatever question is asked.
_NEED_DOUBT = re.compile(r"""\b(?:sai[st]|savons|savez|sachant)\s+(?:pas|plus|point)\s+
    (?:(?:trop|vraiment|bien|tres\s+bien|encore|exactement|du\s+tout)\s+)*
    (?:ce\s+qu\s?(?:il|i)\s+(?:nous|me|leur|vous)\s+faut
      |ce\s+dont\s+(?:on|nous|je|j)\s+(?:a|avons|ai|aurait|aurions|aurais)\s+besoin
      |de\s+quoi\s+(?:on|nous|je|j)\s+(?:a|avons|ai|aurait)\s+besoin
      |ce\s+qu\s+(?:on|nous)\s+(?:veut|voulons|cherche|cherchons)
      |quoi\s+faire|par\s+ou\s+commencer|ce\s+qu\s+il\s+faut\s+faire)\b""", re.X)


def doubts_the_need(text: str) -> bool:
    """« on sait pas trop ce qu'il nous faut en fait »: the user does not know
    what they need (the diagnostic's very purpose), which answers no question
    about who they are: at the structure's question it was recorded
    « Structure : je ne sais pas » (live test, session 12)."""
    return bool(_NEED_DOUBT.search(fold(text or "").replace("'", " ").replace("’", " ")))


# What a request to correct names: « corriger le type de structure ».
_TARGETS = (
    ("structure_type", re.compile(r"\b(?:structure|collectivite)\b")),
    ("theme", re.compile(r"\b(?:theme|domaine)\b")),
    ("population", re.compile(r"\b(?:population|habitants)\b")),
    ("amount", re.compile(r"\b(?:budget|montant)\b")),
    ("need_kinds", re.compile(r"\bbesoins?\b")),
    ("duration", re.compile(r"\bduree\b")),
    ("internal_resources", re.compile(r"\b(?:ressources|suivi\s+en\s+interne)\b")),
    ("partners_status", re.compile(r"\bpartenaires?\b")),
    ("sponsor", re.compile(r"\b(?:porteur|portage|elu|sponsor)\b")),
)


def correction_target(text: str) -> Optional[str]:
    """The answer a request to correct names (« corriger le type de structure »
    → structure_type), or None (« revenir en arrière »)."""
    folded = fold(text or "").replace("'", " ")
    # the first named (« changer la durée du besoin » names the duration)
    found = [(m.start(), slot) for slot, pattern in _TARGETS for m in [pattern.search(folded)] if m]
    return min(found)[1] if found else None


# Words around a request to correct that say nothing of the new answer.
_REQUEST_FILLER = frozenset(
    "je j veux voudrais voudrait aimerais souhaite souhaiterais on peut peux puis pourrait "
    "pouvez vous est ce que il faut le la les l de du des d un une mon ma mes notre nos votre "
    "vos type svp stp merci please bonjour alors bon ok euh si possible internes interne "
    "publics public".split())


def bare_correction_request(text: str) -> bool:
    """« changer les ressources internes », « je veux modifier le type de
    structure »: a request to correct that names an answer and says nothing
    of the new one (its words are no answer: « ressources internes » is not
    « suffisantes »)."""
    if not asks_to_go_back(text) or correction_target(text) is None:
        return False
    folded = fold(text).replace("'", " ").replace("-", " ")
    rest = _GO_BACK.sub(" ", folded)
    for _, pattern in _TARGETS:
        rest = pattern.sub(" ", rest)
    return all(word in _REQUEST_FILLER for word in re.findall(r"[a-z0-9]+", rest))


def asks_to_go_back(text: str) -> bool:
    """« revenir en arrière », « retour », « question précédente », « je veux
    corriger ma réponse », « je me suis trompée »: the user wants to change an
    earlier answer without saying the new one (the assistant then says how:
    give the right answer, « en fait, … »). Not a restart (« retour à la case
    départ », « on recommence »), nor a command (``/intent``)."""
    text = (text or "").strip()
    if text.startswith("/"):
        return False
    folded = fold(text).replace("'", " ").replace("-", " ")
    return bool(_GO_BACK.search(folded)) and not _RESTART.search(folded)




# -- « c quoi un MAPA ? » --------------------------------------------------------------

@dataclass(frozen=True)
class Asked:
    """What a definition question names: a ``term`` (knowledge/roles.yml), a
    ``programme`` or a ``partner`` (partners.yml), or a word of the diagnostic's
    own questions: a ``need_kind`` or a ``duration`` (needs.yml). ``also``:
    the other options of the same kind the question compares it with (« c koi
    la diff entre capacité et expertise ? »)."""
    kind: str
    id: str
    also: Tuple[str, ...] = ()


# Words around the question that say nothing (« euh c quoi un MAPA exactement ? »).
_LEAD = (r"(?:(?:et|mais|euh|bon|ok|alors|donc|du coup|au fait|pardon|dsl|desolee?"
         r"|excusez moi|attendez|attends|juste|svp|stp|re)\s+)*")
_TRAIL = (r"(?:\s+(?:exactement|au juste|au fait|d ailleurs|deja|svp|stp|s il vous plait|s il te plait|en fait"
          r"|concretement|precisement|donc|alors|en gros|ca|ici|la dedans|dans ce cas|merci))*")
# « c quoi », « c koi », « cé quoi », « c'est quoi », « qu'est-ce que (c'est que) »,
# « ça veut dire quoi », « que signifie », « définition de », « c'est qui »…
_WHAT = (r"(?:(?:c|ce|cest|c est|ces)\s+(?:quoi|koi)(?:\s+(?:un|une|le|la|les|l|des|du))?"
         r"|ckoi|cestquoi|qu est ce (?:que|qu)(?: c est (?:que|qu))?|quest ce (?:que|qu)|kesk|keske"
         r"|(?:ca |sa )?(?:veut dire|signifie) quoi|(?:ca|sa|que) (?:veut dire|signifie)"
         r"|(?:la )?definition (?:de|du|des|d)|c est qui|c qui|qui est|qui sont"
         r"|(?:vous pouvez |pouvez vous |tu peux |peux tu )?(?:m |me )?(?:expliquer|expliquez|explique)"
         r"(?: moi)? (?:ce qu est|ce que c est que|ce que veut dire|ce que signifie|c est quoi))")
# « MAPA c'est quoi », « CAUE c koi », « intermédiation ça veut dire quoi », « ALEC kesako »
_WHAT_AFTER = (r"(?:(?:c|ce|cest|c est|ca|sa)\s+)?(?:quoi|koi)|(?:ca |sa )?(?:veut dire|signifie) quoi"
               r"|kesako|quesaco|c est qui|c qui")
_QUESTION_FIRST = re.compile(rf"^{_LEAD}(?:{_WHAT})\s+(?P<x>.+?){_TRAIL}$")
_QUESTION_LAST = re.compile(rf"^{_LEAD}(?P<x>.+?)\s+(?:{_WHAT_AFTER}){_TRAIL}$")
# « le CCAG-PI est-il obligatoire ? », « faut-il viser le CCAG-PI dans le CCAP ? »:
# whether a word of public procurement is compulsory.
_COMPULSORY = re.compile(
    rf"^{_LEAD}(?:est ce que\s+)?(?P<x>.+?)\s+(?:est\s+(?:il\s+|elle\s+)?|c est\s+|cest\s+)?"
    r"(?:obligatoire|facultatif|facultative|impose|imposee)\b")
_COMPULSORY_TO = re.compile(
    rf"^{_LEAD}(?:faut il|il faut|doit on|on doit|est on obligee?|sommes nous obligee?s)\s+(?:de\s+|d\s+)?"
    r"(?:viser|appliquer|utiliser|respecter|signer|citer|annexer|se referer|faire reference)"
    r"\s+(?:a\s+|au\s+)?(?P<x>.+)$")
_DETERMINER = re.compile(r"^(?:un|une|le|la|les|l|des|du|d|de|ce|cet|cette|ces|votre|vos|notre|nos)\s+")
# « c koi la diff entre ponctuel et durable ? », « quelle différence entre
# capacité et expertise » : two options of a diagnostic question compared.
_COMPARED = re.compile(
    rf"^{_LEAD}(?:(?:{_WHAT})\s+|quelles?\s+(?:est\s+|sont\s+)?(?:la\s+|les\s+)?|la\s+|les\s+)?"
    r"(?:diff|difference|differences|nuance)\s+(?:entre\s+)?(?P<x>.+?)\s+(?:et|ou|vs|versus)\s+(?P<y>.+?)"
    rf"{_TRAIL}$")
# « un besoin d'intermédiation », « la catégorie regard extérieur »
_NEED_WORDS = re.compile(r"^(?:(?:un|le|ce|la)\s+)?(?:besoin|categorie|type|type de besoin|notion)\s+"
                         r"(?:de\s+|d\s+|en\s+)?(?:(?:un|une|le|la|l)\s+)?")


@functools.lru_cache(maxsize=4)
def _index(kb) -> Dict[str, Asked]:
    """Every way the knowledge data names something, as read by ``_words``; the
    first kind wins: terms, programmes, partners, then the diagnostic's words."""
    index: Dict[str, Asked] = {}

    def add(keys, asked: Asked) -> None:
        for key in keys:
            words = _words(key or "")
            if words:
                index.setdefault(words, asked)

    for term in kb.terms.values():
        add((term.id, term.label, term.acronym, *term.synonyms), Asked("term", term.id))
    for partner in kb.partners.values():
        for programme in partner.programmes:
            add(label_keys(programme.label), Asked("programme", programme.id))
    for partner in kb.partners.values():
        add((partner.id, *label_keys(partner.label), *partner.synonyms), Asked("partner", partner.id))
    for kind in kb.need_kinds.values():
        add((kind.id, *label_keys(kind.label)), Asked("need_kind", kind.id))
    durations = kb.fiche.values.get("duration", {})
    for duration_id, note in kb.durations.items():
        if duration_id in durations:
            add((duration_id, note.label, *label_keys(durations[duration_id])),
                Asked("duration", duration_id))
    return index


def _named(words: str, index: Dict[str, Asked]) -> Optional[Asked]:
    """What ``words`` name, whole, after a determiner or « besoin de »."""
    for candidate in (words, _DETERMINER.sub("", words)):
        if candidate in index:
            return index[candidate]
    rest = _NEED_WORDS.sub("", words)
    found = index.get(rest) if rest != words else None
    return found if found and found.kind in ("need_kind", "duration") else None


def _either(words: str, index: Dict[str, Asked]) -> Optional[Asked]:
    """« ponctuel ou durable », « capacité et expertise »: two options of one
    diagnostic question, both explained (« ça veut dire quoi ponctuel ou
    durable exactement ? » had no definition: live test, session 17)."""
    parts = re.split(r"\s+(?:ou|et|ou\s+bien)\s+", re.sub(r"\s+(?:exactement|au\s+juste|svp|stp)$", "", words))
    if len(parts) != 2:
        return None
    first, other = (_named(part, index) for part in parts)
    if first and other and first.kind == other.kind and first.kind in ("need_kind", "duration") \
            and first.id != other.id:
        return Asked(first.kind, first.id, (other.id,))
    return None


def _procurement_word(words: str, index: Dict[str, Asked], whole: bool) -> Optional[Asked]:
    """The word of public procurement (a term of kind ``term`` in roles.yml, not
    a role such as the AMO) that ``words`` are (``whole``) or start with, after a
    determiner."""
    tokens = _DETERMINER.sub("", words).split()
    terms = load_knowledge().terms
    for size in [len(tokens)] if whole else range(len(tokens), 0, -1):
        found = index.get(" ".join(tokens[:size]))
        if found and found.kind == "term" and terms[found.id].kind == "term":
            return found
    return None


_AND_LEAD = re.compile(r"^(?:et|puis|sinon|ok|d accord)\s+(?:et\s+)?")


def definition_question(text: str) -> Optional[Asked]:
    """What a short question asks the meaning of, when it names, whole, a term,
    a partner or programme of the knowledge data, or a word of the diagnostic's
    questions: « c quoi AMO », « cest quoi un MAPA ? », « c koi le CAUE »,
    « ça veut dire quoi intermédiation », « ponctuel c'est quoi ? »,
    « qu'est-ce que le CEP »; two options of a diagnostic question compared
    (« c koi la diff entre ponctuel et durable ? »). None for anything else, including questions about
    what a term does (« qu'est-ce qu'un AMO peut faire ? ») and commands.

    Also whether a word of public procurement, the subject of the question, is
    compulsory: « le CCAG-PI est-il obligatoire ? », « faut-il viser le CCAG-PI
    dans le CCAP ? ». Its definition says when it applies (the CCAG-PI: only if
    the contract refers to it); the classifier heard « is an AMO compulsory? »
    in the first and the DCE's content in the second. Not for the roles (« un
    AMO est-il obligatoire ? » has its own answer) nor for a word that is not
    the subject (« la négociation est-elle obligatoire en MAPA ? »).

    Deterministic, for the shortest questions of text messages: in three words
    the classifier has little to go on (« c quoi ponctuel » came out ``help``),
    and while the diagnostic waited, « c quoi CAUE » was taken for an answer."""
    text = (text or "").strip()
    if not text or text.startswith("/") or len(text) > 200:
        return None
    index = _index(load_knowledge())
    words = _words(text)
    compared = _COMPARED.match(words)
    if compared:
        # (while the duration was asked, « c koi la diff entre ponctuel et
        # durable? » was taken for the answer: session 11)
        first, other = (_named(compared.group(g), index) for g in ("x", "y"))
        if first and other and first.kind == other.kind and first.kind in ("need_kind", "duration") \
                and first.id != other.id:
            return Asked(first.kind, first.id, (other.id,))
    for pattern in (_QUESTION_FIRST, _QUESTION_LAST):
        match = pattern.match(words)
        if match:
            found = _named(match.group("x"), index) or _either(match.group("x"), index)
            if found:
                return found
    if text.endswith("?") and len(words.split()) <= 4:
        # « JOUE ? », « CAUE ? »: a name alone, asked (« JOUE ? » got the
        # help, live test, session 18)
        # (not an option of the diagnostic's questions: « ponctuel ? » may
        # be a hesitant answer)
        # (« et le CCAP ? » after the CCTP's definition got the DCE's content:
        # live test, session 27)
        found = _named(words, index) or _named(_AND_LEAD.sub("", words), index)
        if found and found.kind in ("term", "partner", "programme"):
            return found
    # « le CCAG-PI est-il obligatoire » (the whole subject), « faut-il viser le
    # CCAG-PI dans le CCAP » (what follows the verb begins with it)
    for pattern, whole in ((_COMPULSORY, True), (_COMPULSORY_TO, False)):
        match = pattern.match(words)
        if match:
            found = _procurement_word(match.group("x"), index, whole)
            if found:
                return found
    return None


# -- « non merci c'est bon j'ai ce qu'il faut » (live test, session 15) -------------------

_DECLINE_LEAD = re.compile(r"^(?:(?:non|nan|bon|ok|bah|ben)\s+)*(?:merci(?:\s+(?:bien|beaucoup|bcp))?\s*)?")
_ENOUGH = re.compile(
    r"\b(?:c\s?est\s+bon|ca\s+ira|ca\s+va\s+aller|pas\s+besoin|plus\s+besoin|ca\s+suffit|ca\s+me\s+suffit"
    r"|j\s?ai\s+(?:tout\s+)?ce\s+qu\s?il\s+(?:me\s+)?faut|j\s?ai\s+(?:eu\s+)?(?:ma|mes|la|les)\s+reponses?"
    r"|j\s?ai\s+ce\s+que\s+je\s+voulais|je\s+n\s?ai\s+pas\s+besoin\s+de\s+plus)\b")
_DECLINE_FILLER = frozenset("c est bon ca ira va aller pas plus besoin suffit me j ai tout ce qu il faut eu ma mes "
                            "la les reponse reponses que je voulais n de merci non nan ok bien beaucoup bcp "
                            "vous pour l aide votre".split())


def declines_to_go_on(text: str) -> bool:
    """« non merci c'est bon j'ai ce qu'il faut », « merci ça ira », « c'est
    bon j'ai ma réponse »: the user has what they came for and does not
    want to go on, nothing more. At the structure's question it was noted
    as « une équipe dédiée » (« ce qu'il faut » read as sufficient
    resources, live test, session 15): such a message answers no question."""
    folded = _words(text)
    if not folded or not _ENOUGH.search(folded):
        return False
    rest = _DECLINE_LEAD.sub("", folded)
    return bool(rest) and set(rest.split()) <= _DECLINE_FILLER


# -- « non je ne veux pas de diagnostic. Quel est le seuil… ? » (live test, session 15) ----

_ARTICLE = r"(?:(?:le|ce|du|de|d|un|votre|vos|les|ces|toutes?\s+(?:ces|vos|les))\s+)?"
_FORM_WORD = r"(?:diagnostics?|diags?|questionnaires?)"
_FORM_OR_QUESTIONS = r"(?:diagnostics?|diags?|questionnaires?|questions?)"
_WANT_NOT = (r"(?:je\s+(?:ne\s+)?(?:veux|voulais|souhaite)|j\s?veux|jveu|on\s+(?:ne\s+)?(?:veut|voulait))\s+pas"
             r"(?:\s+(?:faire|repondre\s+a|passer\s+par|de|d))?\s+")
_HAVE_NOT = (r"(?:j\s?ai|on\s+(?:n\s?)?a|(?:il\s+)?(?:n\s?)?y\s+a)\s+pas\s+(?:besoin|envie|le\s+temps)"
             r"\s+(?:de\s+|d\s?|pour\s+)?(?:faire\s+|repondre\s+a\s+)?")
_DROPS = re.compile(
    r"\b(?:" + _WANT_NOT + _ARTICLE + _FORM_OR_QUESTIONS
    + r"|" + _HAVE_NOT + _ARTICLE + _FORM_OR_QUESTIONS
    + r"|pas\s+(?:de|d)\s+" + _FORM_WORD
    # (« sans diagnostic svp : … », not « on ne peut rien faire sans diagnostic »)
    + r"|^(?:(?:non|ok|bon|d\s?accord)\s+)*sans\s+(?:faire\s+|passer\s+par\s+)?" + _ARTICLE + _FORM_WORD
    + r"|(?:laissez|laisse|laissons|on\s+laisse)\s+tomber\s+" + _ARTICLE + _FORM_OR_QUESTIONS
    + r"|(?:arretez|arrete|arretons|on\s+arrete|stop(?:pez|pe)?|oubliez|oublions|annulez|annule|zappez|zappons"
    r"|passez|passons)\s+(?:avec\s+|sur\s+)?" + _ARTICLE + _FORM_OR_QUESTIONS + r")\b")
# « pas de diagnostic énergétique », « sans diagnostic des bâtiments »: a
# diagnostic of something, the project's, not this one
_QUALIFIED = re.compile(r"^(?:de|des|du|d|sur|\w+(?:iques?|iels?|ielles?|aux?|ales?|ables?))\b(?!\s+tout\b)")


# « annuler », « on arrête », « stop » alone: a command to stop
_STOP_ALONE = re.compile(
    r"^(?:(?:bon|ok|non|bah|ben|alors)\s+)*(?:annul\w*|arret\w*|on\s+arrete|j\s?arrete|stop(?:pe|pez|per)?"
    r"|quitt\w*|abandon\w*|laisse[rz]?\s+tomber|on\s+laisse\s+tomber|terminer|fin|sortir|cancel|exit|quit)"
    r"(?:\s+(?:la|le|tout|ca|cela|svp|stp|merci|maintenant|ici|là|la\s+conversation))*$")


def says_stop(text: str) -> bool:
    """« annuler », « on arrête là », « stop svp » typed alone: the user wants
    to stop (during the diagnostic, « annuler » got « je ne peux pas vous
    aider sur ce point » and the question again: live test, session 17)."""
    return bool(_STOP_ALONE.match(_words(text)))


def drops_the_diagnostic(text: str) -> bool:
    """« non je ne veux pas de diagnostic. Quel est le seuil… ? », « laissez
    tomber le questionnaire, c'est quoi un AMO ? »: while the diagnostic asks
    its questions, the message says the user does not want it. The question is
    answered, and the diagnostic paused rather than asked again (it was asked
    again, live test, session 15). « le diagnostic » itself must be named:
    « je ne veux pas d'AMO » or « pas de questions de budget » are answers."""
    folded = _words(text)
    if not folded:
        return False
    match = _DROPS.search(folded)
    if not match:
        return False
    # « pas de questions sur le budget », « on n'a pas de diagnostic
    # énergétique »: something else than this diagnostic
    return not _QUALIFIED.match(folded[match.end():].strip())


# « combien de temps ça prend votre diagnostic ? », « il est long votre
# questionnaire ? »: how long the diagnostic takes (heard as the price, it got
# the refusal of a price range: live test, session 26).
_DIAGNOSTIC_NAMED = re.compile(r"\b(?:diagnostic|diag|questionnaire|vos\s+questions|test)\b")
_HOW_LONG = re.compile(r"\b(?:combien\s+de\s+(?:temps|minutes|questions)|(?:c\s+est|il\s+est|est\s+il)\s+long"
                       r"|ca\s+prend\s+(?:du|combien|longtemps)|duree|longtemps)\b")


def asks_diagnostic_length(text: str) -> bool:
    words = _words(text or "")
    return bool(_DIAGNOSTIC_NAMED.search(words) and _HOW_LONG.search(words)) and phrased_as_question(text)
