"""Turns the engine's typed results into short chat messages.

Plain functions (no Rasa import): one idea per message, lists of three or four
items at most, the sources in a last short message. Everything said comes from
``assistant/`` (knowledge data and computations); this module only arranges it.
"""
from __future__ import annotations

from typing import Iterable, List, Optional, Sequence

from assistant.engine import AdviceResult, TopicAnswer
from assistant.knowledge import format_date_fr, load_knowledge
from assistant.procurement import RouteResult, RulesOverview, SourcedText, YearChanges
from assistant.profile import UNKNOWN
from assistant.typography import format_eur, format_number

MAX_ITEMS = 4


def bullets(title: str, items: Iterable[str], limit: int = MAX_ITEMS) -> Optional[str]:
    items = [i for i in items if i][:limit]
    if not items:
        return None
    return title + "\n" + "\n".join(f"- {item}" for item in items)


def sources_line(source_ids: Iterable[str]) -> Optional[str]:
    ids = list(dict.fromkeys(source_ids))
    return load_knowledge().sources_text(ids) if ids else None


def _sources_of(parts: Iterable[Optional[SourcedText]]) -> List[str]:
    return [s for p in parts if p is not None for s in p.sources]


def topic_messages(answer: TopicAnswer) -> List[str]:
    return [*answer.messages, answer.source_text]


def route_messages(result: RouteResult) -> List[str]:
    """The procurement route of an amount at a date, with its legal bases."""
    if not result.covered:
        return [t.text for t in (result.no_data, result.estimated_value_warning) if t]
    messages = [" ".join(t.text for t in (result.lead, result.summary) if t)] if result.summary else []
    if result.splitting_warning:
        messages.append(result.splitting_warning.text)
    if result.publicity and result.route != "dispense":
        messages.append(result.publicity.text)
    obligations = bullets("Ce que cela implique :", (o.text for o in result.obligations))
    if obligations:
        messages.append(obligations)
    messages.append(result.estimated_value_warning.text)
    messages.extend(n.text for n in result.notes[-1:])  # the date the thresholds are read at
    parts = [result.lead, result.summary, result.splitting_warning, result.publicity,
             *result.obligations, result.estimated_value_warning, *result.notes]
    line = sources_line(_sources_of(parts))
    return messages + ([line] if line else [])


def overview_messages(overview: RulesOverview, changes: Optional[YearChanges] = None) -> List[str]:
    """The thresholds in force at a date (and what changed in a year)."""
    if not overview.covered:
        return [overview.no_data.text] if overview.no_data else []
    lines = [line.text for line in overview.lines]
    messages = []
    for start in range(0, len(lines), 4):
        title = (
            f"Seuils en vigueur le {format_date_fr(overview.date)} (montants hors taxes) :"
            if start == 0 else "Et aussi :"
        )
        messages.append(bullets(title, lines[start:start + 4]))
    messages.extend(m.text for m in overview.missing)      # (a past date: a rule without data)
    if overview.criterion:
        messages.append(overview.criterion.text)
    messages.extend(n.text for n in overview.notes)
    if changes is not None and changes.changes:
        messages.append(bullets(f"Ce qui a changé en {changes.year} :", (c.text for c in changes.changes), limit=6))
    else:
        messages.extend(c.text for c in overview.upcoming)
    source_ids = _sources_of([*overview.lines, overview.criterion, *overview.notes])
    source_ids += [s for c in (changes.changes if changes else overview.upcoming) for s in c.sources]
    line = sources_line(source_ids)
    return [m for m in messages if m] + ([line] if line else [])


def advice_messages(result: AdviceResult) -> List[str]:
    """The diagnostic's result: verdict, why, what to do, route, vigilance."""
    messages: List[Optional[str]] = [
        f"**{result.verdict_label}**\n" + " ".join(result.verdict_messages),
        bullets("Pourquoi :", (r.text for r in result.reasons), limit=3),
    ]
    messages.extend(_verdict_specifics(result))
    for need in result.need_advice[:2]:
        messages.append(f"**{need.label}** : {need.messages[-1]}")
    if result.route is not None and result.route.covered and result.route.summary:
        messages.append(result.route.summary.text)
        if result.route.splitting_warning:
            messages.append(result.route.splitting_warning.text)
    messages.append(
        bullets(
            "Points de vigilance :",
            (f"**{r.label}** : {r.mitigation[0]}" for r in result.risks),
        )
    )
    messages.append(
        bullets(
            "À prévoir en priorité :",
            (f"{c.label} : {c.emphasis or c.text}" for c in result.checklist if c.priority),
            limit=3,
        )
    )
    key_sources = [s for r in result.reasons for s in r.sources]
    if result.route is not None and result.route.summary:
        key_sources += list(result.route.summary.sources)
    messages.append(sources_line(key_sources))
    return [m for m in messages if m]


def _verdict_specifics(result: AdviceResult) -> Sequence[Optional[str]]:
    if result.verdict == "hire_amo":
        return [
            bullets(
                "Mission d'AMO à envisager :",
                (
                    f"**{f.label}** : {f.summary}"
                    + (f" Par exemple : {f.examples[0]}." if f.examples else "")
                    for f in result.mission_families
                ),
                limit=2,
            )
        ]
    if result.verdict == "internalise":
        return [bullets("Les pistes :", (o.text for o in result.internal_options), limit=3)]
    if result.verdict == "consult_partners":
        return [
            bullets(
                "À solliciter d'abord :",
                (f"**{p.label}** : {p.offer[0]}" for p in result.partners if not p.already_consulted),
                limit=3,
            ),
            *(n.text for n in result.partner_notes[:2]),
        ]
    if result.verdict == "need_more_info":
        return [bullets("Pour conclure, il me manque :", result.missing, limit=5)]
    return []


def answer_label(slot: str, value) -> Optional[str]:
    """An answer of the diagnostic as the user reads it (« 1 500 habitants »,
    « énergie, bâtiments », « budget 30 000 € HT »), or None when there is
    nothing to show."""
    if value is None:
        return None
    if value == UNKNOWN:
        return "je ne sais pas"
    kb = load_knowledge()
    labels = kb.fiche.values
    if slot == "population" and isinstance(value, (int, float)):
        return f"{format_number(value)} habitants"
    if slot == "amount" and isinstance(value, (int, float)):
        return f"budget {format_eur(value)}"
    if slot == "project" and isinstance(value, str):
        return f"projet « {value} »"
    if slot == "need_kinds" and isinstance(value, (list, tuple)):
        shown = [kb.need_kinds[v].label.lower() for v in value if v in kb.need_kinds]
        return ", ".join(shown) or None
    if slot in labels and isinstance(value, str) and value in labels[slot]:
        label = labels[slot][value]
        prefix, suffix = ANSWER_CONTEXT.get(slot, ("", ""))
        return prefix + label[:1].lower() + label[1:] + suffix
    return None


# Answers that do not say which question they answer (« J'ai noté : pas encore
# consultés »): the question, in a few words, around them.
ANSWER_CONTEXT = {
    "duration": ("besoin ", ""),
    "internal_resources": ("", " (suivi en interne)"),
    "partners_status": ("", " (partenaires publics)"),
}
