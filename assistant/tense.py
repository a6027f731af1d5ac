"""The tense a launch is told in, for a month or a day said without its year:
« et si on l'avait lancée en avril ? », « si on avait publié en avril ? »,
« et en avril dernier ? » speak of a launch gone by (``PAST``); « et si on
attend avril ? », « et si on lance en avril ? », « en avril prochain ? » of a
launch to come (``FUTURE``). ``assistant.amounts.date_asked_in`` reads the
year of such a date from it.

Deterministic: the verb groups of the folded text (no accents, lower case)
are marked; the tense of a date is that of the nearest mark before it (the
verb that governs « en avril » comes first: « si on l'avait lancée en
avril »), else of the first one after it (« et en avril dernier ? »).

Plain Python, no Rasa import.
"""
from __future__ import annotations

import re
from typing import List, Optional, Tuple

from .text import fold

PAST = "past"
FUTURE = "future"

# Words after an auxiliary that are no past participle (« on avait un
# budget », « il a des devis ») or that tell a plan, not a launch (« on avait
# prévu de lancer en avril » tells nothing of the launch's tense).
_NOT_PARTICIPLES = (
    r"un|une|des|le|la|les|du|de|ce|cette|ces|que|qui|quoi|notre|votre|nos|vos|leur|leurs|besoin|rien"
    r"|droit|plus|moins|assez|trop|tout|toute|peu|beaucoup"
    r"|prevu|prevue|prevus|prevues|decide|decidee|choisi|choisie|pense|envisage|envisagee|programme"
    r"|programmee|planifie|planifiee|convenu|fixe|fixee|souhaite|voulu|dit|demande|propose|cru|compte")
# A past participle, spelt with or without its accent, or typed as the
# infinitive (« si on avait lancer »).
_PARTICIPLE = (r"(?!(?:" + _NOT_PARTICIPLES + r")\b)"
               r"[a-z]+(?:e|ee|es|ees|i|ie|is|ies|it|ite|u|ue|us|ues|t|te|er)\b")
# Adverbs between the auxiliary and its participle (« on l'avait déjà lancée »).
_ADVERBS = r"(?:(?:deja|bien|plutot|pas|jamais|directement|finalement|effectivement|vraiment|aussi|meme)\s+)*"
# Pluperfect and conditional past, with or without a subject (« si la
# consultation avait été lancée », « si on l'avait lancée », « si on lavait
# lancée », « si on l'aurait lancée »); and the typos « avé », « avai ».
_PAST_AUXILIARY = (r"\b(?:l'?\s?)?(?:avais|avait|avai|avaient|avions|aviez|ave"
                   r"|aurais|aurait|auraient|aurions|auriez|orais|orait)\s+")
# Passé composé: only after its subject (« on l'a lancée en février »; « à
# partir d'avril » is no auxiliary), or in the passive (« elle a été lancée »).
_PRESENT_AUXILIARY = (r"(?:\b(?:on|nous|j'|je|il|elle|ils|elles|vous|qui|qu'\s?on)\s*"
                      r"(?:(?:l'|les\s|y\s|en\s|n'|ne\s)\s*)*(?:a|ai|avons|avez|ont)\s+"
                      r"|\b(?:a|ont)\s+(?=ete\b))")
_PAST_MARKS = re.compile(
    r"(?:" + _PAST_AUXILIARY + r"|" + _PRESENT_AUXILIARY + r")" + _ADVERBS
    + r"(?:du\s+[a-z]+(?:er|ir|re)\b|" + _PARTICIPLE + r")"          # « on aurait dû lancer »
    + r"(?:\s+" + _PARTICIPLE + r")?"                                # « avait été lancé »
    + r"|\b(?:dernier|derniere)\b(?!\s+delai)")                     # « en avril dernier »
# A launch to come: « si on attend avril », « si on lance en avril », « si on
# la lançait en avril », « on la publiera en avril », « en avril prochain ».
_FUTURE_MARKS = re.compile(
    r"\b(?:prochaine?s?|attend(?:s|re|ons|ez|ent|ait|rait|rions|ra|rons)?)\b"
    r"|\b(?:re)?(?:lanc|publi|sign|notifi|attribu|demarr|commenc|decal|report|repouss)"
    r"(?:e|es|ent|ons|ez|er|era|eras|erons|erez|eront|erai|erait|erais|erions|eraient"
    r"|ait|ais|ions|iez|aient)\b")


def _marks(folded: str) -> List[Tuple[int, int, str]]:
    """(start, end, tense) of the verb groups and words that tell a tense,
    left to right; a future mark inside a past one (« lancée » of « on
    l'avait lancée ») does not count."""
    past = [(m.start(), m.end(), PAST) for m in _PAST_MARKS.finditer(folded)]
    future = [(m.start(), m.end(), FUTURE) for m in _FUTURE_MARKS.finditer(folded)
              if not any(start < m.end() and m.start() < end for start, end, _ in past)]
    return sorted(past + future)


def launch_tense(text: str, at: Optional[int] = None) -> Optional[str]:
    """``PAST``, ``FUTURE`` or None (nothing tells) for the date at index
    ``at`` of ``fold(text)`` (the end of the text when None): the tense of
    the nearest mark before it, else of the first one after it."""
    folded = fold(text or "")
    at = len(folded) if at is None else at
    marks = _marks(folded)
    before = [tense for start, _, tense in marks if start < at]
    if before:
        return before[-1]
    after = [tense for start, _, tense in marks if start >= at]
    return after[0] if after else None
