"""What a procurement question is about: works (travaux) or a service.

The thresholds differ: an AMO mission, a study or any intellectual service
follows the supplies and services thresholds; works (« des travaux de
70 000 € ») have their own. ``assistant.procurement`` takes the category as
a parameter; this module reads it in what the user typed.

- ``purchase_category(text)``: ``TRAVAUX`` when the message speaks of works and
  of no service (AMO, mission, étude…), ``SERVICES`` when it names a service,
  None when it says neither.
- ``amount_categories(text)``: the purchase each amount of the message belongs
  to (« AMO 20 000, travaux 180 000 »: services, then works).
- ``keep_amounts(text, category)``: the text with the amounts of the other
  purchase blanked out (same length, so offsets stay valid), to read the
  amount of one purchase with ``assistant.amounts``.

Plain Python, no Rasa import.
"""
from __future__ import annotations

import bisect
import re
from typing import List, Optional, Tuple

from .amounts import AmountSpan, find_amount_spans
from .text import fold_aligned

SERVICES = "services"
TRAVAUX = "travaux"
CATEGORIES = (SERVICES, TRAVAUX)

# « le suivi de chantier » is a mission (the AMO's or the MOE's), not works.
_FOLLOW_UP = r"suivi\s+(?:de|du|des)\s+(?:chantiers?|travaux)"
_WORKS = re.compile(r"(?<!suivi de )(?<!suivi du )(?<!suivi des )\b(?:travaux|travau|traveaux|chantiers?)\b")
_SERVICE = re.compile(
    rf"\b(?:{_FOLLOW_UP}|amo|a\.m\.o|assistan(?:ce|t)s?\s+a\s+maitrise\s+d'\s?ouvrage|assistance|accompagnement"
    r"|missions?|etudes?|prestations?|prestataires?|cabinets?|bureaux?\s+d'\s?etudes?|moe"
    r"|maitrise\s+d'\s?oeuvre|maitres?\s+d'\s?oeuvre|audits?"
    # (« et pour les services ? » after the works' threshold got the partners:
    # live test, session 24; supplies share the services' thresholds)
    r"|services|fournitures?)\b")
# Clause boundaries: an amount belongs to the purchase named in its clause.
_CLAUSE_END = re.compile(r"[,;:.!?()\n]|\b(?:mais|et|alors\s+que|tandis\s+que|puis|sinon)\b")
# « 95 000 de travaux », « 20 000 € HT d'AMO » (not « pour » : « AMO à 20 000 €
# pour des travaux de 180 000 € » prices the AMO)
_NAMED_AFTER = re.compile(
    r"\s*(?:de|d'|du|des|en)\s*(?:(?:la|le|les|l'|des|une|un|nos|vos|ces|d')\s*)?")


def _category_at(folded: str, i: int) -> Optional[Tuple[int, str]]:
    """(start, category) of the category word at ``folded[i:]``, if any."""
    for pattern, category in ((_WORKS, TRAVAUX), (_SERVICE, SERVICES)):
        m = pattern.match(folded, i)
        if m:
            return m.start(), category
    return None


def _words(folded: str, start: int, end: int) -> List[Tuple[int, str]]:
    found = [(m.start(), TRAVAUX) for m in _WORKS.finditer(folded, start, end)]
    found += [(m.start(), SERVICES) for m in _SERVICE.finditer(folded, start, end)]
    return sorted(found)


def purchase_category(text: str) -> Optional[str]:
    """``TRAVAUX`` when ``text`` speaks of works and of no service,
    ``SERVICES`` when it names a service (an AMO mission, a study…), None
    when it names neither.

    >>> purchase_category("pour des travaux de 70000 euros ht on doit mettre en concurrence ?")
    'travaux'
    >>> purchase_category("une AMO pour les travaux de l'école")
    'services'
    """
    folded = fold_aligned(text).text
    if _SERVICE.search(folded):
        return SERVICES
    if _WORKS.search(folded):
        return TRAVAUX
    return None


def amount_categories(text: str, default: Optional[str] = None) -> List[Tuple[AmountSpan, str]]:
    """Each amount of ``text`` (``find_amount_spans``) with the purchase it is
    the price of: the category word right after it (« 95 000 de travaux »),
    else the nearest one before it in its clause (« les travaux c'est
    180 000 »), else the first one after it in its clause (« 180 000 pour
    les travaux »); an amount that
    names none belongs to what the whole message is about
    (``purchase_category``), else to ``default`` (what the conversation was
    about: « et pour 120 000 € ? » after a works question), else to a service."""
    text = text or ""
    aligned = fold_aligned(text)
    folded = aligned.text
    default = purchase_category(text) or default or SERVICES
    result = []
    for span in find_amount_spans(text):
        start = bisect.bisect_left(aligned.starts, span.start)
        end = bisect.bisect_left(aligned.starts, span.end)
        result.append((span, _category_of(folded, start, end) or default))
    return result


def _category_of(folded: str, start: int, end: int) -> Optional[str]:
    bounds = [m for m in _CLAUSE_END.finditer(folded)]
    clause_start = max((m.end() for m in bounds if m.end() <= start), default=0)
    clause_end = min((m.start() for m in bounds if m.start() >= end), default=len(folded))
    after = re.match(r"\s*(?:(?:€|euros?|eur|ht|ttc|k€?)\s*)*", folded[end:clause_end])
    named = _NAMED_AFTER.match(folded, end + after.end(), clause_end)
    if named:
        found = _category_at(folded, named.end())
        if found:
            return found[1]
    before = _words(folded, clause_start, start)
    if before:
        return before[-1][1]
    following = _words(folded, end, clause_end)
    return following[0][1] if following else None


def keep_amounts(text: str, category: str, default: Optional[str] = None) -> str:
    """``text`` with the amounts of the other purchase replaced by spaces (the
    same length: offsets in it are offsets in ``text``); ``default`` as for
    ``amount_categories``."""
    text = text or ""
    spans = [span for span, found in amount_categories(text, default) if found != category]
    for span in spans:
        text = text[:span.start] + " " * (span.end - span.start) + text[span.end:]
    return text
