"""Turns the engine's typed results into short chat messages.

Plain functions (no Rasa import). Read on a phone, between two tasks: short
paragraphs packed into a few messages (``MAX_BUBBLE`` characters each), lists
of three or four items, and the public texts behind the answer in a last
compact line (``sources_line``: legal and official sources only, at most
``MAX_SOURCES``; the seed fiche's references stay in the fiche de cadrage).
Everything said comes from ``assistant/`` (knowledge data and computations);
this module only arranges it.

The diagnostic's result is a first screen (``advice_messages``: verdict, why,
what to do first, the procurement route); its details are answers of their
own, asked by buttons (``risk_messages``, ``checklist_messages``,
``partner_suggestions_messages``, the procurement route) and in the fiche.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from assistant.amounts import ttc_label, typed_ttc
from assistant.engine import PREREQUISITES, AdviceResult, PartnerSuggestion, TopicAnswer, answer_topic, partner_audience
from assistant.knowledge import Partner, Programme, format_date_fr, load_knowledge
from assistant.procurement import (NamedThresholds, known_today, RouteResult, RulesOverview, SourcedText, ThresholdCheck,
                                   YearChanges)
from assistant.profile import UNKNOWN, is_unknown
from assistant.text import fold
from assistant.typography import fr_typo, format_eur, format_number

MAX_ITEMS = 4
MAX_BUBBLE = 600          # characters of one chat message (a phone screen)
MAX_SOURCES = 3           # references under an answer
MAX_ARTICLES = 4          # articles of one code in a reference
CHAT_SOURCE_KINDS = ("legal", "official")   # not the seed fiche: it stays in the fiche de cadrage

# Routes whose « Publicité : … » only repeats their summary.
_PUBLICITY_IN_SUMMARY = ("dispense", "mapa_publicite_adaptee", "procedure_formalisee")


# --------------------------------------------------------------------------- #
# Building blocks
# --------------------------------------------------------------------------- #

@dataclass(frozen=True)
class Listed:
    """A list under its title: packed item by item, it may go on in the next message."""
    title: Optional[str]
    items: Tuple[str, ...]


def bullets(title: str, items: Iterable[str], limit: int = MAX_ITEMS) -> Optional[str]:
    items = [i for i in items if i][:limit]
    if not items:
        return None
    return title + "\n" + "\n".join(f"- {item}" for item in items)


def listed(title: Optional[str], items: Iterable[str], limit: Optional[int] = MAX_ITEMS) -> Optional[Listed]:
    items = tuple(i for i in items if i)[:limit]
    return Listed(title, items) if items else None


Block = Union[str, Listed, None]


def pack(blocks: Iterable[Block], size: int = MAX_BUBBLE) -> List[str]:
    """Paragraphs and lists packed, in order, into as few messages as fit in
    ``size`` characters each: a blank line between two paragraphs of a
    message; a list starts a new message rather than being cut, and a list
    longer than a message goes on in the next one between two items (never a
    title alone at the end of a message)."""
    bubbles: List[str] = []

    def add(text: str, joint: str) -> None:
        if bubbles and len(bubbles[-1]) + len(joint) + len(text) <= size:
            bubbles[-1] += joint + text
        else:
            bubbles.append(text)

    for block in blocks:
        if not block:
            continue
        if isinstance(block, str):
            add(block, "\n\n")
            continue
        lines = [f"- {item}" for item in block.items]
        head = f"{block.title}\n{lines[0]}" if block.title else lines[0]
        whole = "\n".join([head, *lines[1:]])
        if bubbles and len(bubbles[-1]) + 2 + len(whole) > size >= len(whole):
            bubbles.append(whole)             # a list that fits in a message is not cut
            continue
        add(head, "\n\n")
        for line in lines[1:]:
            add(line, "\n")
    return bubbles


# « Code de la commande publique, art. R2122-8 », « …, annexe 2 (seuils de procédure) »
_CODE_PART = re.compile(r"^(Code [^,(]+?), (art\. )?(.+?)(?: \([^()]*\))?$")
# « Code de la commande publique (en vigueur depuis le 1er avril 2019) »
_CODE_ALONE = re.compile(r"^(Code [^,(]+?)(?: \([^()]*\))?$")


def _said(part: str, text: str) -> bool:
    """Whether an article (« R2121-1 et suivants », « annexe 2 ») is already cited in the text."""
    key = part if part.startswith("annexe") else part.split()[0]
    return re.search(re.escape(key) + r"(?![\w-])", text) is not None


def chat_references(source_ids: Iterable[str], said: str = "", limit: int = MAX_SOURCES,
                    short: bool = False) -> List[str]:
    """The public texts behind an answer, compact: legal and official sources
    only, in order of first citation; the articles of one code together
    (« Code de la commande publique, art. R2121-6, R2121-7 »), without those
    the answer already cites in its text (``said``); at most ``limit``.
    ``short``: a source's short label when it has one (« Décret n° 2025-1386 »)."""
    kb = load_knowledge()
    order: List[str] = []                              # a code's name or a source's label
    articles: Dict[str, List[Tuple[bool, str]]] = {}   # code -> (is an article, part) not said
    said_codes = set()
    for source_id in dict.fromkeys(source_ids):
        source = kb.sources.get(source_id)
        if source is None or source.kind not in CHAT_SOURCE_KINDS:
            continue
        part, alone = _CODE_PART.match(source.label), _CODE_ALONE.match(source.label)
        code = part.group(1) if part else (alone.group(1) if alone else None)
        if code is None:
            label = source.short if short and source.short else source.label
            if label not in order:
                order.append(label)
            continue
        if code not in articles:
            articles[code] = []
            order.append(code)
        if part is None:
            continue
        entry = (bool(part.group(2)), part.group(3))
        if _said(entry[1], said):
            said_codes.add(code)
        elif entry not in articles[code]:
            articles[code].append(entry)
    references = []
    for name in order:
        if name not in articles:
            references.append(name)
            continue
        found = articles[name][:MAX_ARTICLES]
        if not found and name in said_codes:
            continue                                   # every article is in the text already
        arts = [p for is_article, p in found if is_article]
        others = [p for is_article, p in found if not is_article]
        text = name + (", art. " + ", ".join(arts) if arts else "")
        references.append(text + "".join(f", {o}" for o in others))
    return references[:limit]


def sources_line(source_ids: Iterable[str], said: str = "", short: bool = False) -> Optional[str]:
    """« Sources : Code de la commande publique, art. R2121-6 ; Décret n° … », or None."""
    references = chat_references(source_ids, said, short=short)
    if not references:
        return None
    head = "Source" if len(references) == 1 else "Sources"
    return fr_typo(f"{head} : " + " ; ".join(references))


def with_sources(bubbles: List[str], source_ids: Iterable[str], short: bool = False,
                 always: bool = False) -> List[str]:
    """The messages, the sources line closing the last one (alone if it does
    not fit). ``short``: the sources' short labels. ``always``: a source is
    named even when the text cites every article already (« Source : Code de
    la commande publique, art. R2131-12 » under a line citing it)."""
    bubbles = list(bubbles)
    source_ids = list(source_ids)
    line = sources_line(source_ids, said="\n".join(bubbles), short=short)
    if not line and always:
        line = sources_line(source_ids, short=short)
    if not line:
        return bubbles
    if bubbles and len(bubbles[-1]) + 1 + len(line) <= MAX_BUBBLE:
        bubbles[-1] += "\n" + line
    else:
        bubbles.append(line)
    return bubbles


def _sources_of(parts: Iterable[Optional[object]]) -> List[str]:
    return [s for p in parts if p is not None for s in getattr(p, "sources", ())]


# --------------------------------------------------------------------------- #
# Questions
# --------------------------------------------------------------------------- #

def topic_messages(answer: TopicAnswer) -> List[str]:
    """A topic or a definition: its paragraphs, its generated list as a list
    under the paragraph that introduces it."""
    blocks: List[Block] = []
    for message in answer.messages:
        if message not in answer.items:
            blocks.append(message)
        elif blocks and isinstance(blocks[-1], Listed):
            blocks[-1] = Listed(blocks[-1].title, blocks[-1].items + (message,))
        elif blocks and isinstance(blocks[-1], str) and blocks[-1].rstrip().endswith(":"):
            blocks[-1] = Listed(blocks[-1], (message,))
        else:
            blocks.append(Listed(None, (message,)))
    return with_sources(pack(blocks), answer.sources)


def route_messages(result: RouteResult, before: Optional[SourcedText] = None) -> List[str]:
    """The procurement route of an amount at a date, with its legal bases;
    ``before``: what is said first (a threshold value corrected)."""
    if not result.covered:
        return [t.text for t in (before, result.no_data, result.estimated_value_warning) if t]
    launch = result.notes[-1] if result.notes else None      # the date the thresholds are read at
    publicity = result.publicity if result.route not in _PUBLICITY_IN_SUMMARY else None
    implied = [t for t in (publicity, *result.obligations) if t]
    blocks = [
        before.text if before else None,
        " ".join(t.text for t in (result.lead, result.summary, launch) if t),
        result.splitting_warning.text if result.splitting_warning else None,
        listed("Ce que cela implique :", (t.text for t in implied), limit=None),
        result.estimated_value_warning.text,
    ]
    parts = [before, result.lead, result.summary, result.splitting_warning, *implied,
             result.estimated_value_warning, launch]
    return with_sources(pack(blocks), _sources_of(parts))


def threshold_check_messages(check: ThresholdCheck, details: Sequence[SourcedText] = (),
                             end: Optional[str] = None) -> List[str]:
    """A threshold value stated in a question, confirmed or corrected (with
    ``end``, when it ends, on the next line), then what it implies
    (``details``: the obligations under the dispense, or what the rule
    says), with the legal bases."""
    texts = [d.text for d in details]
    follow: Block = listed("Ce que cela implique :", texts, limit=None) if len(texts) > 1 else (
        texts[0] if texts else None)
    head = f"{check.text.text}\n{end}" if end else check.text.text
    return with_sources(pack([head, follow]), _sources_of([check.text, *details]))


# The short list of the thresholds asked again (« quels sont les seuils ? »
# twice): the list, said to be a reminder.
AS_SAID = "comme indiqué plus haut"
_AUDIENCE = {"services": "pour une mission d'AMO (services, hors taxes)", "travaux": "pour des travaux (hors taxes)"}


def _as_said(text: str) -> str:
    """« … (art. R2131-12, depuis le 1er avril 2019), comme indiqué plus haut. »"""
    return (text[:-1] if text.endswith(".") else text) + f", {AS_SAID}."


def _next_changes_title(changes, today: Optional[dt.date]) -> str:
    """« À venir : » over the changes after a date asked, « Ensuite : » when
    some of them are already in force today (« quels étaient les seuils en
    novembre 2025 ? » asked in 2026: the change of January 2026 is no longer
    to come)."""
    if today is not None and any(c.date <= today for c in changes):
        return "Ensuite :"
    return "À venir :"


def overview_messages(overview: RulesOverview, changes: Optional[YearChanges] = None,
                      when: Optional[str] = None, repeated: bool = False,
                      today: Optional[dt.date] = None) -> List[str]:
    """The thresholds in force at a date, short (read on a phone): the four
    that decide the route of the purchase (``RulesOverview.key``), one line
    each; the environmental criterion in a line; what changes soon in them
    (or what changed in the year asked); the sources, short. The other
    thresholds are given on demand (``other_thresholds_messages``).
    ``when``: the month or year asked, as asked (« en 2023 »), whose first
    day the thresholds are read at. ``repeated``: the same list was said
    earlier in the conversation: the lines alone, said to be a reminder."""
    if not overview.covered:
        title, lines = known_today(overview.date, today, overview.buyer, overview.category, when) \
            if today else (None, ())
        if not title:
            return [overview.no_data.text] if overview.no_data else []
        blocks = [overview.no_data.text if overview.no_data else None,
                  listed(title.text, (line.text for line in lines), limit=None)]
        return with_sources(pack(blocks), _sources_of(lines), short=True)
    year = changes is not None and bool(changes.changes)      # the year's changes are the answer
    date = when or "le " + format_date_fr(overview.date)
    audience = _AUDIENCE.get(overview.category, "(hors taxes)")
    if repeated:
        title = f"Seuils en vigueur {date} {audience}, {AS_SAID} :"
        return pack([listed(title, (line.text for line in overview.key), limit=None)])
    blocks: List[Block] = [
        listed(f"Seuils en vigueur {date} {audience} :",
               (line.text for line in overview.key), limit=None),
        *(m.text for m in overview.missing),      # (a past date: a rule without data)
        overview.criterion_brief.text if overview.criterion_brief else None,
        # (works: that an AMO mission is a service; for a service, the title says it)
        *(n.text for n in (overview.notes if overview.category != "services" else ())),
    ]
    if year:
        blocks.append(listed(f"Ce qui a changé en {changes.year} :", (c.text for c in changes.changes), limit=6))
        upcoming = []
    else:
        upcoming = [c for c in overview.upcoming if c.rule_id in overview.key_rules]
        blocks.append(listed(_next_changes_title(upcoming, today), (c.text for c in upcoming), limit=None))
    source_ids = _sources_of([*overview.key, overview.criterion_brief])
    source_ids += [s for c in (changes.changes if year else upcoming) for s in c.sources]
    if overview.category != "services":
        source_ids += _sources_of(overview.notes)
    return with_sources(pack(blocks), source_ids, short=True)


def other_thresholds_messages(overview: RulesOverview, when: Optional[str] = None,
                              today: Optional[dt.date] = None) -> List[str]:
    """The thresholds left out of the short list (the button « Seuils des
    travaux et autres »): free documents online, the works' own thresholds
    for a service (or the services' for works), which thresholds apply to
    an AMO mission, what changes soon in them, with their sources."""
    if not overview.covered:
        return [overview.no_data.text] if overview.no_data else []
    date = when or "le " + format_date_fr(overview.date)
    upcoming = [c for c in overview.upcoming if c.rule_id not in overview.key_rules]
    blocks: List[Block] = [
        listed(f"Autres seuils en vigueur {date} (hors taxes) :", (line.text for line in overview.others),
               limit=None),
        *(n.text for n in overview.notes),
        listed(_next_changes_title(upcoming, today), (c.text for c in upcoming), limit=None),
    ]
    source_ids = _sources_of([*overview.others, *overview.notes])
    source_ids += [s for c in upcoming for s in c.sources]
    return with_sources(pack(blocks), source_ids)


def named_thresholds_messages(named: NamedThresholds, repeated: bool = False) -> List[str]:
    """The thresholds a question names (« c'est quoi le seuil pour publier au
    BOAMP ? »), one line each (a list when there are several), their next
    change, then their source, short. ``repeated``: these lines were said
    earlier in the conversation: the lines alone, said to be a reminder."""
    lines = [line.text for line in named.lines]
    if repeated:
        lines[-1] = _as_said(lines[-1])
    head: Block = lines[0] if len(lines) == 1 else listed(None, lines, limit=None)
    if repeated:
        return pack([head])
    blocks: List[Block] = [head, *(u.text for u in named.upcoming)]
    return with_sources(pack(blocks), _sources_of([*named.lines, *named.upcoming]), short=True, always=True)


# How to reach a partner, by the gender of its name (partners.yml); a
# programme has none.
CONTACT_LEAD = {"m": "Pour le joindre", "f": "Pour la joindre", None: "Contact"}


# The contact that names the partner itself (« le Cerema, en vous renseignant
# sur l'adhésion »): « Pour le joindre : le Cerema, … » said nothing (live
# test, session 12).
CONTACT_SELF = "adressez-vous directement {to}"


def contact_of(partner: Partner) -> str:
    """How to reach a partner, after « Pour le joindre : »: its contact
    (partners.yml), or « adressez-vous directement au Cerema, … » when the
    contact is the partner itself."""
    contact = partner.contact
    folded, label = fold(contact).replace("'", " "), fold(partner.label).replace("'", " ")
    for article, to in (("le ", "au "), ("la ", "à la "), ("l ", "à l'"), ("les ", "aux ")):
        if folded.startswith(article + label):
            rest = contact[len(article) if article != "l " else 2:]
            return CONTACT_SELF.format(to=to + rest)
    return contact


def partner_messages(partner: Partner, at: dt.date, eligibility: Optional[str] = None) -> List[str]:
    """One partner: what it offers, whether the asker may use it when its
    conditions decide it (``eligibility``: « D'après ses conditions, une
    commune de 15 000 habitants n'y a pas accès… »), how to reach it, its
    programmes open at the date (the ANCT's Villages d'avenir), its public
    sources."""
    # (the Fonds vert finances, it does not accompany: said so in its title)
    title = load_knowledge().partner_wording.funding_label.format(label=f"**{partner.label}**") \
        if getattr(partner, "funding", False) else f"**{partner.label}**"
    blocks = [f"{title}\n{partner.offer[0]}", *partner.offer[1:], eligibility]
    if not partner.active_at(at):
        blocks.append("Attention : ce dispositif n'est plus ouvert à cette date.")
    if partner.caveat:
        blocks.append(partner.caveat)
    blocks.append(f"{CONTACT_LEAD[partner.gender]} : {contact_of(partner)}.")
    programmes = [g for g in getattr(partner, "programmes", ()) if g.active_at(at)]
    blocks.append(listed("Ses programmes :", (
        f"**{g.label}** : {g.offer[0]}" + ("" if g.contact == partner.contact else f" Contact : {g.contact}.")
        for g in programmes)))
    sources = [*partner.sources, *(s for g in programmes for s in g.sources)]
    return with_sources(pack(blocks), sources)


def programme_messages(programme: Programme, at: dt.date, eligibility: Optional[str] = None) -> List[str]:
    """A programme named in the question (« villages d'avenir, on peut ? »,
    « on est dans petites villes de demain »): what it offers, for whom
    (whether the asker may use it, when its conditions decide it), whether it
    is still open, how to reach it, its sources; not the whole card of its
    partner (the ANCT's, which hid a programme closed at the date)."""
    closed = not programme.active_at(at)
    # (not its partner's name: the CEP is also offered by intercommunalities)
    blocks = [f"**{programme.label}**\n{programme.offer[0]}", *programme.offer[1:],
              (None if closed else eligibility) or (partner_audience(programme) if programme.eligibility else None)]
    if closed:
        blocks.append("Attention : ce dispositif n'est plus ouvert à cette date.")
    if programme.caveat:
        blocks.append(programme.caveat)
    blocks.append(f"Contact : {programme.contact}.")
    return with_sources(pack(blocks), [*programme.sources])


def partner_or_provider_messages(answer: TopicAnswer, partners: Sequence[Partner]) -> List[str]:
    """A public partner or a private provider (topic ``partner_or_provider``):
    its first message, then each partner named, what it does, for whom
    (``assistant.engine.partner_audience``) and how to reach it, then the
    rest of the topic (when a private AMO is justified)."""
    cards = [f"**{p.label}** : {' '.join(p.offer)} {partner_audience(p)} "
             f"{CONTACT_LEAD[p.gender]} : {p.contact}." for p in partners]
    blocks = [answer.messages[0], *cards, *answer.messages[1:]]
    return with_sources(pack(blocks), [*answer.sources, *(s for p in partners for s in p.sources)])


PARTNERS_INTRO = ("Avant de recourir à un prestataire privé, sollicitez vos partenaires publics : "
                  "leur appui est souvent gratuit ou déjà prévu par une convention.")


def partner_suggestions_messages(suggestions: Sequence[PartnerSuggestion],
                                 notes: Sequence[object] = ()) -> List[str]:
    """The partners to ask first for a profile, and the notes that go with
    them after the diagnostic (cooperation between public buyers, quasi-régie…).
    A funding programme (the Fonds vert) is no partner to ask: not listed."""
    shown = [p for p in suggestions if not p.funding][:MAX_ITEMS]
    blocks = [PARTNERS_INTRO,
              listed("Selon votre situation :", (f"**{p.label}** : {p.offer[0]}" for p in shown)),
              *(getattr(n, "text", None) for n in notes)]
    return with_sources(pack(blocks), _sources_of([*shown, *notes]))


# --------------------------------------------------------------------------- #
# The diagnostic's result
# --------------------------------------------------------------------------- #

def _verdict_blocks(result: AdviceResult) -> List[Block]:
    """The verdict, what to settle first (nobody in-house, no sponsor), why —
    three items in all when possible — and what to do first."""
    first = [r.text for r in result.reasons if r.id in PREREQUISITES]
    return [
        f"**{result.verdict_label}**\n" + " ".join(result.verdict_messages[:1] if first else result.verdict_messages),
        listed("À régler d'abord :", first),
        listed("Pourquoi :", (r.text for r in result.reasons if r.id not in PREREQUISITES),
               limit=max(1, 3 - len(first))),
        _verdict_specifics(result),
    ]


def _verdict_specifics(result: AdviceResult) -> Block:
    """What to do first, in a few words (the details: buttons and fiche)."""
    if result.verdict == "hire_amo":
        families = [f"**{f.label[:1].lower()}{f.label[1:]}**" for f in result.mission_families[:3]]
        if families:
            names = families[0] if len(families) == 1 else ", ".join(families[:-1]) + " et " + families[-1]
            return f"Mission d'AMO à envisager : {names}."
        return None
    if result.verdict == "internalise":
        return listed("Les pistes :", (o.text for o in result.internal_options), limit=3)
    if result.verdict == "consult_partners":
        return listed("À solliciter d'abord :",
                      (p.label for p in result.partners
                       if (p.can_help or not p.already_consulted) and not p.funding),
                      limit=3)
    if result.verdict == "need_more_info":
        return listed("Pour conclure, dites-moi encore :", result.missing, limit=5)
    return None


def _route_blocks(result: AdviceResult) -> Tuple[List[Block], List[str]]:
    """The procurement route in a few sentences, with the obligations that
    remain under the dispense; and its sources."""
    route = result.route
    if route is None:
        unknown = [r for r in result.risks if r.id == "valeur_estimee_inconnue"]
        return [f"**{r.label}** : {r.mitigation[0]}" for r in unknown], _sources_of(unknown)
    if not route.covered:
        return [route.no_data.text if route.no_data else None], _sources_of([route.no_data])
    parts: List[Optional[object]] = [route.summary]
    if route.route == "dispense":
        parts.append(load_knowledge().text("dispense_reminder"))
        if route.written_contract_required:
            parts.append(route.obligations[0])     # the written contract, from its threshold
    text = " ".join(getattr(p, "text") for p in parts if p is not None)
    blocks = [text, route.splitting_warning.text if route.splitting_warning else None]
    return blocks, _sources_of([*parts, route.splitting_warning])


def advice_messages(result: AdviceResult) -> List[str]:
    """The diagnostic's first screen: verdict, why, what to do first, the
    procurement route. Risks, checklist and partners are details (buttons, fiche)."""
    route, source_ids = _route_blocks(result)
    return with_sources(pack([*_verdict_blocks(result), *route]), source_ids)


def advice_update_messages(before: AdviceResult, after: AdviceResult) -> List[str]:
    """After a correction (« en fait c'est plutôt 80 000 € »): what changed in
    the first screen, under a one-line reminder when the verdict stays."""
    if before.verdict != after.verdict:
        return advice_messages(after)
    old_verdict, (old_route, _) = _verdict_blocks(before), _route_blocks(before)
    new_verdict, (new_route, source_ids) = _verdict_blocks(after), _route_blocks(after)
    changed = [b for b in new_verdict if b and b not in old_verdict]
    route = new_route if new_route != old_route else []
    reminder = f"Le conseil reste le même : **{after.verdict_label}**."
    return with_sources(pack([reminder, *changed, *route]), source_ids if route else [])


def risk_messages(result: AdviceResult) -> List[str]:
    """The risks the profile raises and how to limit them; the others named."""
    if not result.risks:
        return topic_messages(answer_topic("risks"))
    raised = {r.id for r in result.risks}
    others = [r.label for r in load_knowledge().risks.values() if r.id not in raised]
    blocks = [
        listed("Pour votre projet, les points de vigilance :",
               (f"**{r.label}** : {r.mitigation[0]}" for r in result.risks), limit=None),
        ("Les autres risques d'une mission d'AMO : " + ", ".join(others) + ".") if others else None,
    ]
    return with_sources(pack(blocks), _sources_of(result.risks))


def checklist_messages(result: AdviceResult) -> List[str]:
    """What to prepare first for the profile, then the other points named."""
    if not result.checklist:
        return topic_messages(answer_topic("success_conditions"))
    priority = [c for c in result.checklist if c.priority]
    others = [c.label for c in result.checklist if not c.priority]
    blocks = [
        listed("À prévoir en priorité :", (f"**{c.label}** : {c.emphasis or c.text}" for c in priority),
               limit=None),
        *(f"**{n.label}** : {n.messages[-1]}" for n in result.need_advice[:2]),
        ("Et aussi : " + ", ".join(others) + ".") if others else None,
        "Le détail de chaque point est dans votre fiche de cadrage.",
    ]
    return with_sources(pack(blocks), _sources_of([*priority, *result.need_advice]))


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
        if suffix and fold(suffix.strip(" ()")).split()[-1] in fold(label):
            suffix = ""     # (« personne pour suivre le projet en interne (suivi en interne) »)
        return prefix + label[:1].lower() + label[1:] + suffix
    return None


def budget_label(value: float, ttc=None, hesitant: bool = False) -> str:
    """« budget 30 000 € HT »; « budget 35 000 € TTC, soit environ 29 167 € HT
    (TVA à 20 %) » when the amount was typed TTC (``ttc``, see
    ``assistant.amounts.typed_ttc``); « budget d'environ 40 000 € HT, à
    confirmer » when it was said unsure (``hesitant``: « environ », « 30 ou
    40 000 », « je sais pas trop »)."""
    typed = typed_ttc(value, ttc)
    amount = ttc_label(typed, value) if typed else format_eur(value)
    return f"budget d'environ {amount}, à confirmer" if hesitant else f"budget {amount}"


def noted_lines(values: Dict[str, Any]) -> List[str]:
    """The diagnostic's answers noted so far, one line each, in the order of
    the questions (« commune », « 1 500 habitants », « budget 30 000 € HT »…);
    questions not answered yet are left out."""
    from actions.slots import DIAGNOSTIC_SLOTS   # (actions.slots imports this module)

    fields = load_knowledge().fiche.fields
    lines = []
    for slot in DIAGNOSTIC_SLOTS:
        value = values.get(slot)
        unknown = is_unknown(value)
        label = answer_label(slot, UNKNOWN if unknown else value)
        if slot == "amount" and typed_ttc(value, values.get("amount_ttc")):
            # « Budget 35 000 € TTC, soit environ 29 167 € HT (TVA à 20 %) » (F-L2)
            label = budget_label(value, values.get("amount_ttc"))
        if label and unknown and slot in fields:
            # « je ne sais pas » alone does not say to what (maire M10)
            label = f"{fields[slot]} : {label}"
        if label:
            lines.append(label[:1].upper() + label[1:])
    return lines


# Answers that do not say which question they answer (« J'ai noté : pas encore
# consultés »): the question, in a few words, around them.
ANSWER_CONTEXT = {
    "duration": ("besoin ", ""),
    "internal_resources": ("", " (suivi en interne)"),
    "partners_status": ("", " (partenaires publics)"),
}
