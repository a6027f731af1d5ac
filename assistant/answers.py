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

import re
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from . import parsing
from .amounts import (find_amount_spans, find_date_spans, parse_amount, parse_population,
                      states_an_amount)
from .profile import DURATIONS, NEED_KINDS, PARTNER_STATUSES, RESOURCES, SPONSOR
from .text import fold


def _population(text: str) -> bool:
    return parse_population(text) is not None or parse_population(f"{text} habitants") is not None


def _partners(text: str) -> bool:
    status, named = parsing.parse_partners(text)
    return status is not None or bool(named)


# One recogniser per question; the project has no parser of its own: a
# project is recognised by its theme (« refaire l'éclairage public »).
RECOGNISERS: Dict[str, Callable[[str], bool]] = {
    "structure_type": lambda text: parsing.parse_structure(text) is not None,
    "population": _population,
    "project": lambda text: parsing.parse_theme(text) is not None,
    "theme": lambda text: parsing.parse_theme(text) is not None,
    "need_kinds": lambda text: bool(parsing.parse_need_kinds(text)),
    "duration": lambda text: parsing.parse_duration(text) is not None,
    "internal_resources": lambda text: parsing.parse_resources(text) is not None,
    "partners_status": _partners,
    "sponsor": lambda text: parsing.parse_sponsor(text) is not None,
    "amount": lambda text: parse_amount(text).value_ht is not None,
}


def is_statement(text: str) -> bool:
    """Typed text not phrased as a question. Commands (``/intent``) and empty
    text are not statements."""
    text = (text or "").strip()
    return bool(text) and not text.startswith("/") and not parsing.looks_like_question(text)


def answers_question(slot: str, text: str) -> bool:
    """Whether ``text`` is a statement that answers the question about ``slot``:
    « je ne sais pas », or understood by the question's parser."""
    recognise = RECOGNISERS.get(slot)
    if recognise is None or not is_statement(text):
        return False
    return parsing.is_dont_know(text) or recognise(text)


# -- answers ahead of their question ------------------------------------------------

# Questions whose answer may come before they are asked, while another question
# waits (« ponctuel je pense, c'est une étude » when the need is asked). Not the
# structure, population, theme or amount (entities fill them from any message)
# nor the project (any theme word would look like one).
AHEAD_SLOTS = ("need_kinds", "duration", "internal_resources", "partners_status", "sponsor")
_ELECTED = re.compile(r"\b(?:maire|elus?|elue?s?|president|presidente|adjointe?s?|conseil"
                      r"|vice|bureau|conseillere?s?|deleguee?s?)\b")
_YES_NO = re.compile(r"^(?:\W*\b(?:oui|ouais|ouai|ouep|yes|si|non|nan|nope|ok|bah|ben|bon|euh)\b)+\W*")


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
    # A yes or a no answers whatever was asked: what follows it must say more.
    rest = _YES_NO.sub("", fold(text))
    if not any(c.isalpha() for c in rest):
        return None
    found = [slot for slot in AHEAD_SLOTS
             if slot != asked and slot in unanswered and RECOGNISERS[slot](rest)]
    if "sponsor" in found and not _ELECTED.search(rest):
        found.remove("sponsor")
    return found[0] if len(found) == 1 else None


# -- « et en 2024 ? » ------------------------------------------------------------------

_FOLLOW_UP = re.compile(r"^\s*(?:et|mais|sinon|ok|d'accord|dac|bon)\b[\s,]*(?:et\b)?", re.I)
_MAX_FOLLOW_UP_WORDS = 10


def is_procurement_follow_up(text: str) -> bool:
    """A short follow-up that only changes the date or the amount of the
    procurement question just answered: « et en 2024 ? », « et pour 90 000 € ? »,
    « et si c'est 150 000 ? ». Starts with « et » (or « mais », « sinon »…),
    names a date or an amount, and says nothing else of substance."""
    text = (text or "").strip()
    folded = fold(text)
    if not _FOLLOW_UP.match(folded) or len(folded.split()) > _MAX_FOLLOW_UP_WORDS:
        return False
    return bool(find_amount_spans(text) or find_date_spans(text))


# -- what earlier messages said in passing -------------------------------------------

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def statement_spans(text: str) -> List[Tuple[int, int]]:
    """(start, end) of the sentences of ``text`` that are statements, not
    questions: « je suis secrétaire de mairie dans un village de 350 âmes. »
    tells about the user; « c'est quoi un syndicat mixte ? » does not."""
    text = text or ""
    if text.lstrip().startswith("/"):
        return []
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if is_statement(m.group())]


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
    return next((c for c in reversed(clauses) if parsing.looks_like_question(c)), None)


# -- corrections of an earlier answer --------------------------------------------------

# Earlier answers a correction may change while another question waits; the
# structure, population (below), theme and amount are also corrected through
# the entities the NLU finds.
CORRECTABLE = ("need_kinds", "duration", "internal_resources", "partners_status", "sponsor")
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
        return value if value in SPONSOR and _ELECTED.search(fold(text)) else None
    return None


def corrected_answer(asked: Optional[str], text: str, answers: Mapping[str, Any],
                     after_going_back: bool = False) -> Optional[Tuple[str, Any]]:
    """(slot, new canonical value) of the earlier answer that a statement typed
    while ``asked`` waits corrects: « en fait on est 1300 pas 300 » (300
    inhabitants noted) → population 1300; « en fait non c plutôt de la
    capacité, on a pas le temps » → need_kinds [capacite]; « ah non pardon,
    c'est ponctuel, l'élaboration du plan dure 18 mois » → duration. A
    correction says so (« en fait », « plutôt », « je me suis trompé »…, see
    ``parsing.is_correction``), or follows a request to go back
    (``after_going_back``). ``answers``: the answers noted before the
    message. None when it corrects nothing, the question asked itself, or
    more than one earlier answer (unless only one is said in its own words)."""
    if not is_statement(text):
        return None
    if asked not in (None, "population"):
        population = _population_correction(text, answers.get("population"))
        if population is not None and population != answers.get("population"):
            return "population", population
    if not (parsing.is_correction(text) or after_going_back):
        return None
    rest = without_yes_no(text)
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


# -- « revenir en arrière » -------------------------------------------------------------

_GO_BACK = re.compile(r"""
    \b(?:revenir|retourner|retour|reculer|aller|repartir)\s+(?:en\s+)?arriere\b
  | \ben\s+arriere\b
  | \b(?:question|etape|reponse)s?\s+(?:precedente?s?|d\s?avant|davant|passee?s?)\b
  | \b(?:corriger|modifier|changer|rectifier)\s+(?:ma|mes|une|la|les|cette|des)\s+reponses?\b
  | \b(?:je\s+veux|je\s+voudrais|j\s?voudrais|on\s+peut|je\s+peux|peut\s+on|puis\s+je)\s+
      (?:corriger|modifier|rectifier|revenir)\b
  | ^\W*(?:retour|back|precedent|precedente|oups?|je\s+me\s+suis\s+trompee?s?
          |j\s?me\s+suis\s+trompee?s?|erreur|correction)\W*$
""", re.X)
# « retour à la case départ », « je me suis trompé partout, on recommence »: a restart
_RESTART = re.compile(r"\b(?:recommenc\w*|zero|debut|depart|refaire|remettre|reinitialis\w*"
                      r"|premiere\s+question|effacer|tout\s+reprendre)\b")


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
