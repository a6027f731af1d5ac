"""Procurement thresholds in force at a date, and the procurement route of an amount.

An AMO mission is a service (prestations intellectuelles): the supplies and
services thresholds apply. Works (travaux) have their own dispense and EU
thresholds; the category of the purchase is a parameter (``category``), never
guessed here (``assistant.purchase`` reads it in a question). Every figure
comes from ``knowledge/procurement.yml`` with its effective dates and sources;
a date outside the data's coverage gives a "no data" result, never a guess.
Dates are those of the launch of the consultation.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Iterable, List, Optional, Tuple

from assistant import parsing
from assistant.amounts import amount_words, find_amount_spans, parse_amount, read_as_ht_clause
from assistant.knowledge import Knowledge, Period, Rule, Template, format_date_fr, load_knowledge
from assistant.profile import BUYER_CONTRACTING, BUYER_LOCAL, BUYER_STATE
from assistant.purchase import CATEGORIES, SERVICES, TRAVAUX, amount_categories
from assistant.text import words
from assistant.typography import format_eur, fr_typo

ROUTES = ("dispense", "mapa_publicite_adaptee", "mapa_publicite_boamp_jal", "procedure_formalisee")
BUYER_TYPES = (BUYER_LOCAL, BUYER_STATE, BUYER_CONTRACTING)
# The buyers whose whole route the data holds (dispense, publicity, EU
# threshold). For an entité adjudicatrice it holds only the EU threshold:
# it can be named or checked, not routed.
ROUTED_BUYERS = (BUYER_LOCAL, BUYER_STATE)
SPLITTING_MARGIN = 0.10          # « juste sous un seuil » : within 10 % below it
UPCOMING_HORIZON = dt.timedelta(days=366)

# The thresholds the route of a purchase depends on, by role.
_ROUTE_ROLES = ("written_contract", "dispense", "free_dce", "publicity", "eu_threshold")
# The thresholds of the short list (« quels sont les seuils ? »), in this
# order; the others (free documents online, the works' own thresholds for a
# service) are given on demand (``RulesOverview.others``).
KEY_ROLES = ("written_contract", "dispense", "publicity", "eu_threshold")


# --------------------------------------------------------------------------- #
# Result types
# --------------------------------------------------------------------------- #

@dataclass(frozen=True)
class SourcedText:
    text: str
    sources: Tuple[str, ...]
    source_text: str             # the sources rendered, « Sources : … »


@dataclass(frozen=True)
class AppliedThreshold:
    rule_id: str
    role: str
    label: str
    short_label: str             # inside a sentence
    reference: str               # « art. R2122-8 »
    amount: float                # € HT
    amount_text: str             # « 60 000 € HT »
    start: dt.date
    end: Optional[dt.date]
    note: Optional[str]
    sources: Tuple[str, ...]
    source_text: str


@dataclass(frozen=True)
class ThresholdSet:
    """The thresholds of a purchase (services or works) at a date, for a buyer type."""
    date: dt.date
    buyer: str
    category: str                          # assistant.purchase.CATEGORIES
    covered: bool                          # False: no data for that date
    written_contract: Optional[AppliedThreshold]
    dispense: Optional[AppliedThreshold]
    free_dce: Optional[AppliedThreshold]
    publicity: Optional[AppliedThreshold]
    eu: Optional[AppliedThreshold]
    missing_rules: Tuple[str, ...]         # rules without data at that date

    @property
    def all(self) -> Tuple[AppliedThreshold, ...]:
        items = (self.written_contract, self.dispense, self.free_dce, self.publicity, self.eu)
        return tuple(t for t in items if t is not None)


@dataclass(frozen=True)
class RouteResult:
    amount_ht: float
    date: dt.date
    buyer: str
    category: str                                  # assistant.purchase.CATEGORIES
    covered: bool                                  # False: no data, nothing else is filled
    route: Optional[str]                           # ROUTES
    summary: Optional[SourcedText]                 # the route in one message
    lead: Optional[SourcedText]                    # said just before it (works: which thresholds)
    written_contract_required: Optional[bool]
    free_online_dce: Optional[bool]                # documents free online if a notice is published
    free_online_dce_text: Optional[SourcedText]
    thresholds: Tuple[AppliedThreshold, ...]
    obligations: Tuple[SourcedText, ...]
    publicity: Optional[SourcedText]
    estimated_value_warning: SourcedText
    splitting_warning: Optional[SourcedText]
    notes: Tuple[SourcedText, ...]                 # services thresholds, launch date
    no_data: Optional[SourcedText]

    def messages(self) -> Tuple[str, ...]:
        """Every text, in the order the assistant says them."""
        if not self.covered:
            return tuple(t.text for t in (self.no_data, self.estimated_value_warning) if t)
        parts: List[Optional[SourcedText]] = [self.lead, self.summary, self.splitting_warning, self.publicity,
                                              *self.obligations, self.estimated_value_warning,
                                              *self.notes]
        return tuple(p.text for p in parts if p is not None)


@dataclass(frozen=True)
class RuleChange:
    rule_id: str
    label: str
    date: dt.date
    old_amount: Optional[float]
    new_amount: Optional[float]
    text: str
    sources: Tuple[str, ...]
    source_text: str


@dataclass(frozen=True)
class RulesOverview:
    """The rules in force at a date (« quels sont les seuils ? »)."""
    date: dt.date
    buyer: str
    covered: bool
    thresholds: Tuple[AppliedThreshold, ...]
    lines: Tuple[SourcedText, ...]           # one per rule in force
    missing: Tuple[SourcedText, ...]         # rules without data at that (past) date
    criterion: Optional[SourcedText]         # the environmental criterion, in force or upcoming
    upcoming: Tuple[RuleChange, ...]         # changes within the next year
    notes: Tuple[SourcedText, ...]
    no_data: Optional[SourcedText]
    category: str = SERVICES
    key: Tuple[SourcedText, ...] = ()        # the short list: one brief line per KEY_ROLES threshold
    key_rules: Tuple[str, ...] = ()          # the rules of the short list (with data or not)
    others: Tuple[SourcedText, ...] = ()     # the other thresholds, on demand (full lines)
    criterion_brief: Optional[SourcedText] = None   # the criterion in one short line

    def messages(self) -> Tuple[str, ...]:
        parts = [self.no_data, *self.lines, *self.missing, self.criterion, *self.notes]
        return tuple(p.text for p in parts if p is not None) + tuple(c.text for c in self.upcoming)


@dataclass(frozen=True)
class YearChanges:
    year: int
    buyer: str
    covered: bool                            # the whole year is covered by the data
    changes: Tuple[RuleChange, ...]
    no_data: Optional[SourcedText]

    def messages(self) -> Tuple[str, ...]:
        texts = tuple(c.text for c in self.changes)
        if not texts:
            texts = (_sourced(_kb().text("no_change"), _kb()).text,)
        return ((self.no_data.text,) if self.no_data else ()) + texts


# --------------------------------------------------------------------------- #
# Helpers
# --------------------------------------------------------------------------- #

def _kb() -> Knowledge:
    return load_knowledge()


def _sourced(template: Template, kb: Knowledge, extra_sources: Iterable[str] = (),
             **values) -> SourcedText:
    sources = tuple(dict.fromkeys((*template.sources, *extra_sources)))
    return SourcedText(template.render(**values), sources, kb.sources_text(sources))


def _check_buyer(buyer: str, routed: bool = False) -> None:
    """``routed``: the caller needs the buyer's whole route (``ROUTED_BUYERS``)."""
    allowed = ROUTED_BUYERS if routed else BUYER_TYPES
    if buyer not in allowed:
        raise ValueError(f"buyer must be one of {allowed}, got {buyer!r}"
                         + (" (only its EU threshold is in the data)" if buyer in BUYER_TYPES else ""))


def _check_category(category: str) -> None:
    if category not in CATEGORIES:
        raise ValueError(f"category must be one of {CATEGORIES}, got {category!r}")


def _as_date(value: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if not isinstance(value, dt.date):
        raise TypeError(f"expected a datetime.date, got {value!r}")
    return value


def _applied(rule: Rule, period: Period, kb: Knowledge) -> AppliedThreshold:
    return AppliedThreshold(rule.id, rule.role, rule.label, rule.short_label, rule.reference,
                            period.amount, format_eur(period.amount), period.start, period.end,
                            period.note, period.sources, kb.sources_text(period.sources))


def _category_rules(kb: Knowledge, buyer: str, category: str) -> List[Rule]:
    """The rules of a category of purchase, and those common to all."""
    return [r for r in kb.rules.values() if buyer in r.buyers and r.category in (category, "all")]


def _rule_for_role(kb: Knowledge, buyer: str, role: str, category: str = SERVICES) -> Rule:
    matches = [r for r in _category_rules(kb, buyer, category) if r.role == role]
    if len(matches) != 1:
        raise LookupError(f"expected one {role!r} rule for {buyer!r} ({category}), found {len(matches)}")
    return matches[0]


# --------------------------------------------------------------------------- #
# Thresholds at a date
# --------------------------------------------------------------------------- #

def thresholds_at(date: dt.date, buyer: str = BUYER_LOCAL, category: str = SERVICES) -> ThresholdSet:
    """The thresholds of a ``category`` purchase (services or works) in force
    at ``date`` (launch of the consultation)."""
    _check_buyer(buyer, routed=True)
    _check_category(category)
    date = _as_date(date)
    kb = _kb()
    found, missing = {}, []
    for role in _ROUTE_ROLES:
        rule = _rule_for_role(kb, buyer, role, category)
        period = rule.period_at(date)
        if period is None:
            missing.append(rule.id)
        else:
            found[role] = _applied(rule, period, kb)
    return ThresholdSet(date, buyer, category, not missing, found.get("written_contract"), found.get("dispense"),
                        found.get("free_dce"), found.get("publicity"), found.get("eu_threshold"),
                        tuple(missing))


def coverage(buyer: str = BUYER_LOCAL, category: str = SERVICES) -> Tuple[dt.date, Optional[dt.date]]:
    """First and last dates (None: open) for which ``route`` can answer."""
    _check_buyer(buyer, routed=True)
    _check_category(category)
    kb = _kb()
    rules = [_rule_for_role(kb, buyer, role, category) for role in _ROUTE_ROLES]
    start = max(r.coverage_start for r in rules)
    ends = [r.coverage_end for r in rules if r.coverage_end is not None]
    return start, (min(ends) if ends else None)


# --------------------------------------------------------------------------- #
# Route of an amount
# --------------------------------------------------------------------------- #

def _route_code(amount: float, ts: ThresholdSet) -> Tuple[Optional[str], Optional[str]]:
    """(route, None), or (None, the role of a threshold it depends on) when
    that threshold has no data at the date. The thresholds an amount stays
    under do not matter: 45 000 € in 2023 is a MAPA whatever that year's EU
    threshold."""
    for role, applied in (("written_contract", ts.written_contract), ("dispense", ts.dispense),
                          ("free_dce", ts.free_dce)):
        if applied is None:
            return None, role
    if amount < ts.dispense.amount:
        return "dispense", None
    if ts.publicity is None:
        return None, "publicity"
    if amount < ts.publicity.amount:
        return "mapa_publicite_adaptee", None
    if ts.eu is None:
        return None, "eu_threshold"
    if amount < ts.eu.amount:
        return "mapa_publicite_boamp_jal", None
    return "procedure_formalisee", None


def _after_coverage(ts: ThresholdSet, kb: Knowledge) -> bool:
    """A rule the route depends on has ended before the date: the data stops
    there (later thresholds are not known yet), whatever the amount."""
    return any(kb.rule(rule_id).coverage_end is not None and ts.date > kb.rule(rule_id).coverage_end
               for rule_id in ts.missing_rules)


def _summary(code: str, amount: float, ts: ThresholdSet, kb: Knowledge, said: str) -> SourcedText:
    applied = {"dispense": ts.dispense, "mapa_publicite_adaptee": ts.dispense,
               "mapa_publicite_boamp_jal": ts.publicity, "procedure_formalisee": ts.eu}[code]
    return _sourced(kb.text(f"route_{code}"), kb, applied.sources, amount=said,
                    threshold=applied.amount_text, next=ts.publicity.amount_text)


def _publicity(code: str, kb: Knowledge) -> SourcedText:
    key = {"dispense": "publicity_dispense", "mapa_publicite_adaptee": "publicity_adaptee",
           "mapa_publicite_boamp_jal": "publicity_boamp_jal",
           "procedure_formalisee": "publicity_formalisee"}[code]
    return _sourced(kb.text(key), kb)


def _splitting_warning(amount: float, ts: ThresholdSet, kb: Knowledge,
                       said: Optional[str] = None) -> Optional[SourcedText]:
    """A warning when the amount is just below (within 10 %) a threshold."""
    deciding = [ts.written_contract, ts.dispense, ts.eu]
    if ts.publicity is not None and ts.publicity.amount > ts.dispense.amount:
        deciding.append(ts.publicity)      # (works: under the dispense, no publicity at all)
    near = [t for t in deciding if t is not None and t.amount * (1 - SPLITTING_MARGIN) <= amount < t.amount]
    if not near:
        return None
    nearest = min(near, key=lambda t: t.amount)
    return _sourced(kb.text("splitting_near"), kb, amount=said or format_eur(amount),
                    threshold=nearest.amount_text, label=nearest.short_label)


def criterion_text(date: dt.date, kb: Optional[Knowledge] = None,
                   horizon: Optional[dt.timedelta] = UPCOMING_HORIZON) -> Optional[SourcedText]:
    """The environmental award criterion (L2152-7): in force, or coming within ``horizon``."""
    return rule_text_at("environmental_criterion", date, kb, horizon)


def rule_text_at(rule_id: str, date: dt.date, kb: Optional[Knowledge] = None,
                 horizon: Optional[dt.timedelta] = None) -> Optional[SourcedText]:
    """What a dated rule says at ``date``, plus its next change if known.

    ``horizon`` limits how far ahead an upcoming change is mentioned (None: no
    limit). Returns None when the rule has no data for that date and nothing
    is coming within the horizon.
    """
    kb = kb or _kb()
    date = _as_date(date)
    rule = kb.rule(rule_id)
    current, upcoming = rule.period_at(date), rule.next_period(date)
    if upcoming is not None and horizon is not None and upcoming.start - date > horizon:
        upcoming = None
    parts, sources = [], []
    for key, period in (("in_force", current), ("upcoming", upcoming)):
        if period is None:
            continue
        parts.append(_render_rule(rule, key, period))
        if period.caveat:
            parts.append(period.caveat)
        sources.extend(period.sources)
    if not parts:
        return None
    sources = list(dict.fromkeys(sources))
    return SourcedText(" ".join(parts), tuple(sources), kb.sources_text(sources))


def _render_rule(rule: Rule, key: str, period: Period) -> str:
    return rule.texts[key].format(
        threshold=format_eur(period.amount) if period.amount is not None else "",
        start=format_date_fr(period.start),
        end=format_date_fr(period.end) if period.end else "",
        reference=rule.reference, label=rule.short_label, caveat=period.caveat or "")


def _obligations(code: str, ts: ThresholdSet, amount: float, kb: Knowledge) -> Tuple[SourcedText, ...]:
    written = "written_contract_yes" if amount >= ts.written_contract.amount else "written_contract_no"
    items = [_sourced(kb.text(written), kb, ts.written_contract.sources,
                      threshold=ts.written_contract.amount_text)]
    if code == "dispense":
        # the three obligations of R2122-8 in one bullet: 3 lines, not 5, on a phone
        items += [_sourced(kb.text(k), kb) for k in ("dispense_reminder", "dispense_devis")]
        return tuple(items)
    if code.startswith("mapa"):
        items.append(_sourced(kb.text("negotiation_mapa"), kb))
    criterion = criterion_text(ts.date, kb)
    if criterion is not None:
        items.append(criterion)
    return tuple(items)


def _no_data(date: dt.date, kb: Knowledge, when: Optional[str] = None) -> SourcedText:
    return _sourced(kb.text("no_data"), kb, date=when or _at(date))


def _at(date: dt.date) -> str:
    """« au 1er janvier 2023 »."""
    return f"au {format_date_fr(date)}"


def contracting_entity_route(amount_ht: float, date: dt.date) -> Optional[SourcedText]:
    """Where a price of an entité adjudicatrice stands against its European
    threshold (the only threshold of its own in the data); None when the data
    have none at ``date``."""
    kb = _kb()
    rule = _rule_for_role(kb, BUYER_CONTRACTING, "eu_threshold", SERVICES)
    period = rule.period_at(_as_date(date))
    if period is None or period.amount is None:
        return None
    key = "contracting_entity_above" if amount_ht >= period.amount else "contracting_entity_below"
    return _sourced(kb.text(key), kb, period.sources, amount=format_eur(amount_ht),
                    threshold=format_eur(period.amount), reference=rule.reference)


def eu_threshold_values() -> Tuple[float, ...]:
    """Every amount the European thresholds of the data have had, for any
    buyer and purchase: a value the user quotes as one (« j'avais 443 000 en
    tête ») is a threshold, not a budget."""
    kb = _kb()
    return tuple(sorted({p.amount for r in kb.rules.values() if r.role == "eu_threshold"
                         for p in r.periods if p.amount is not None}))


def contracting_entity_note(date: dt.date) -> Optional[SourcedText]:
    """After the European threshold of the entités adjudicatrices: that it
    holds for purchases of a network activity only, and the local
    authorities' threshold at ``date`` for the others. None when the data
    have no local threshold at that date."""
    date = _as_date(date)
    kb = _kb()
    period = _rule_for_role(kb, BUYER_LOCAL, "eu_threshold", SERVICES).period_at(date)
    if period is None:
        return None
    return _sourced(kb.text("contracting_entity_note"), kb, period.sources,
                    threshold=format_eur(period.amount))


def period_words(date: dt.date, kind: str = "day") -> str:
    """A launch date said as the user gave it: « le 22 novembre 2026 » (a day),
    « en novembre 2025 » (a month), « en 2023 » (a year). A month or a year
    never becomes an invented day in the answer."""
    if kind == "year":
        return f"en {date.year}"
    if kind == "month":
        return f"en {format_date_fr(date).split(' ', 1)[1]}"
    return f"le {format_date_fr(date)}"


def route(amount_ht: float, date: dt.date, buyer: str = BUYER_LOCAL,
          category: str = SERVICES, when: Optional[str] = None,
          until: Optional[dt.date] = None, ttc: Optional[float] = None,
          read_ht: bool = False) -> RouteResult:
    """The procurement route of a purchase whose whole need is worth ``amount_ht`` € HT.

    ``date`` is the launch date of the consultation; ``buyer`` is
    ``profile.BUYER_LOCAL`` ('collectivite') or ``profile.BUYER_STATE`` ('etat');
    ``category`` is ``purchase.SERVICES`` (an AMO mission, a study) or
    ``purchase.TRAVAUX`` (works).

    A month or a year asked (« en novembre 2025 », « en 2023 ») is computed on
    its first day, ``date``: the thresholds change on the first day of a month
    (1 January, 1 April in procurement.yml), so that day stands for the whole
    month. ``when`` says the period as the user did (``period_words``);
    ``until`` is its last day: if the route changes inside the period (a
    year), a note says from which day.

    ``ttc``: the amount as the user typed it TTC (``amount_ht`` is its HT
    value): the sentences say « 35 000 € TTC (environ 29 167 € HT) »; the
    computation keeps the HT value.

    ``read_ht``: the amount was typed without HT or TTC and read as HT
    (``assistant.amounts.read_as_ht``): the summary says so after it, with
    its HT value if it was TTC (« Pour 12 000 € HT (montant lu hors taxes ;
    s'il est TTC, divisez-le par 1,2 : 10 000 € HT), vous êtes… »).
    """
    _check_buyer(buyer, routed=True)
    _check_category(category)
    date = _as_date(date)
    if isinstance(amount_ht, bool) or not isinstance(amount_ht, (int, float)) \
            or not math.isfinite(amount_ht) or amount_ht < 0:
        raise ValueError(f"amount_ht must be a finite amount >= 0, got {amount_ht!r}")
    amount = float(amount_ht)
    kb = _kb()
    ts = thresholds_at(date, buyer, category)
    estimated = _sourced(kb.text("estimated_value"), kb)
    # Past dates before some rule's data starts (the EU thresholds of 2023)
    # are answered when the route does not depend on that rule.
    code, lacking = (None, None) if _after_coverage(ts, kb) else _route_code(amount, ts)
    if code is None:
        no_data = _no_data(date, kb, when)
        if lacking is not None:
            rule = _rule_for_role(kb, buyer, lacking, category)
            no_data = _sourced(kb.text("no_data_rule"), kb, label=rule.short_label,
                               date=when or _at(date))
        return RouteResult(amount, date, buyer, category, False, None, None, None, None, None, None, (), (), None,
                           estimated, None, (), no_data)
    free_dce = amount >= ts.free_dce.amount
    free_dce_text = _sourced(kb.text("free_dce_yes" if free_dce else "free_dce_no"), kb,
                             ts.free_dce.sources, threshold=ts.free_dce.amount_text)
    obligations = _obligations(code, ts, amount, kb)
    if code != "dispense":
        obligations = obligations[:1] + (free_dce_text,) + obligations[1:]
    launch = _sourced(kb.text("launch_date"), kb, date=when or period_words(date))
    change = _route_change(amount, date, until, buyer, category, code) if until else None
    if change is not None:
        launch = _sourced(kb.text("launch_period_changes"), kb, date=when or period_words(date),
                          start=format_date_fr(date), end=format_date_fr(change))
    if category == TRAVAUX:
        # Works: which thresholds apply is said first, with the route (the
        # services ones are the best known, and those of an AMO mission).
        lead, notes = _sourced(kb.text("works_note"), kb, ts.dispense.sources), (launch,)
    else:
        lead, notes = None, (_sourced(kb.text("services_note"), kb), launch)
    said = amount_words(amount, ttc)
    if read_ht and ttc is None:
        said = f"{said} {read_as_ht_clause(amount)}"
    return RouteResult(
        amount_ht=amount, date=date, buyer=buyer, category=category, covered=True, route=code,
        summary=_summary(code, amount, ts, kb, said), lead=lead,
        written_contract_required=amount >= ts.written_contract.amount,
        free_online_dce=free_dce, free_online_dce_text=free_dce_text, thresholds=ts.all,
        obligations=obligations, publicity=_publicity(code, kb),
        estimated_value_warning=estimated,
        splitting_warning=_splitting_warning(amount, ts, kb, amount_words(amount, ttc)),
        notes=notes, no_data=None)


def _route_change(amount: float, start: dt.date, until: dt.date, buyer: str, category: str,
                  code: str) -> Optional[dt.date]:
    """The first day after ``start``, up to ``until``, whose route for
    ``amount`` is not ``code`` (None if it stays the same)."""
    day = start + dt.timedelta(days=1)
    while day <= until:
        ts = thresholds_at(day, buyer, category)
        if not _after_coverage(ts, _kb()) and _route_code(amount, ts)[0] not in (code, None):
            return day
        day += dt.timedelta(days=1)
    return None


# --------------------------------------------------------------------------- #
# Rules in force, changes in a year
# --------------------------------------------------------------------------- #

def _rule_line(applied: AppliedThreshold, kb: Knowledge) -> SourcedText:
    key = "rule_line_closed" if applied.end else "rule_line_open"
    return _sourced(kb.text(key), kb, applied.sources, label=applied.label,
                    threshold=applied.amount_text, reference=applied.reference,
                    start=format_date_fr(applied.start),
                    end=format_date_fr(applied.end) if applied.end else "")


def _informative_thresholds(date: dt.date, buyer: str, kb: Knowledge) -> List[AppliedThreshold]:
    """Works thresholds, shown in the overview though an AMO mission is a service."""
    result = []
    for rule in kb.rules.values():
        if buyer in rule.buyers and rule.category == "travaux" and rule.kind == "threshold":
            period = rule.period_at(date)
            if period is not None:
                result.append(_applied(rule, period, kb))
    return result


def describe_rules(date: dt.date, buyer: str = BUYER_LOCAL, category: str = SERVICES,
                   when: Optional[str] = None) -> RulesOverview:
    """The thresholds in force at ``date`` with their sources, and what changes soon.
    ``when``: the month or year asked (« en 2023 »), whose first day is ``date``.

    Services (an AMO mission): the services thresholds, then the works ones
    for information. Works: the works thresholds and the common ones."""
    _check_buyer(buyer, routed=True)
    _check_category(category)
    date = _as_date(date)
    kb = _kb()
    ts = thresholds_at(date, buyer, category)
    # A past date before some rule's data starts: the rules known, and what
    # is not (« seuil européen… » in 2023); after the data ends: no data.
    covered = ts.covered or (ts.dispense is not None and not _after_coverage(ts, kb))
    applied = list(ts.all) if covered else []
    missing = tuple(_sourced(kb.text("missing_rule"), kb, label=kb.rule(rule_id).short_label,
                             date=when or _at(date))
                    for rule_id in ts.missing_rules) if covered else ()
    if category == SERVICES and covered:
        applied += _informative_thresholds(date, buyer, kb)
    upcoming = tuple(c for c in _changes(buyer, kb)
                     if date < c.date <= date + UPCOMING_HORIZON and c.new_amount is not None)
    key_rules = tuple(_rule_for_role(kb, buyer, role, category).id for role in KEY_ROLES)
    key = sorted((a for a in applied if a.rule_id in key_rules), key=lambda a: key_rules.index(a.rule_id))
    return RulesOverview(
        date=date, buyer=buyer, covered=covered, thresholds=tuple(applied),
        lines=tuple(_rule_line(a, kb) for a in applied), missing=missing,
        criterion=criterion_text(date, kb, horizon=None) if covered else None,
        upcoming=upcoming,
        notes=(_sourced(kb.text("services_note" if category == SERVICES else "works_overview"), kb),),
        no_data=None if covered else _no_data(date, kb, when),
        category=category,
        key=tuple(_brief_line(a, kb) for a in key) if covered else (),
        key_rules=key_rules,
        others=tuple(_rule_line(a, kb) for a in applied if a.rule_id not in key_rules),
        criterion_brief=criterion_brief(date, kb) if covered else None)


def known_today(date: dt.date, today: dt.date, buyer: str = BUYER_LOCAL,
                category: str = SERVICES, when: Optional[str] = None) -> Tuple[Optional[SourcedText], Tuple[SourcedText, ...]]:
    """A date after the data's end (« dans 2 ans », « en 2028 »): the title and
    the short list of the thresholds in force ``today``, each with its end
    when one is fixed, said not to be a forecast; (None, ()) for a date the
    data cover, or in the past. « dans 2 ans les seuils seront les mêmes ? »
    got « pas de données fiables » alone (live test, session 17)."""
    date, today = _as_date(date), _as_date(today)
    kb = _kb()
    if date <= today or describe_rules(date, buyer, category).covered:
        return None, ()
    now = describe_rules(today, buyer, category)
    if not now.covered:
        return None, ()
    title = _sourced(kb.text("known_today"), kb, start=format_date_fr(today), date=when or _at(date))
    return title, now.key


def _brief_line(applied: AppliedThreshold, kb: Knowledge) -> SourcedText:
    """A threshold in the short list: its brief label; a closed period, its end only."""
    key = "rule_line_brief_closed" if applied.end else "rule_line_open"
    return _sourced(kb.text(key), kb, applied.sources, label=kb.rule(applied.rule_id).list_label,
                    threshold=applied.amount_text, reference=applied.reference,
                    start=format_date_fr(applied.start),
                    end=format_date_fr(applied.end) if applied.end else "")


def criterion_brief(date: dt.date, kb: Optional[Knowledge] = None) -> Optional[SourcedText]:
    """The environmental criterion in one short line, with its caveat in
    short: in force at ``date``, else coming (whenever); None if the data
    have no brief text or nothing in force or coming."""
    kb = kb or _kb()
    date = _as_date(date)
    rule = kb.rule("environmental_criterion")
    current, upcoming = rule.period_at(date), rule.next_period(date)
    key, period = ("in_force_brief", current) if current is not None else ("upcoming_brief", upcoming)
    if period is None or key not in rule.texts:
        return criterion_text(date, kb, horizon=None)
    text = rule.texts[key].format(start=format_date_fr(period.start), reference=rule.reference,
                                  caveat=period.brief_caveat or period.caveat or "",
                                  label=rule.short_label, threshold="", end="")
    sources = tuple(dict.fromkeys(period.sources))
    return SourcedText(text, sources, kb.sources_text(sources))


# --------------------------------------------------------------------------- #
# The thresholds a question names
# --------------------------------------------------------------------------- #

@dataclass(frozen=True)
class NamedThresholds:
    """The thresholds a question names (« c'est quoi le seuil pour publier au
    BOAMP ? »), each in one line at a date, with what changes soon."""
    date: dt.date
    rule_ids: Tuple[str, ...]
    lines: Tuple[SourcedText, ...]         # one per threshold: its value, what it triggers, since when
    upcoming: Tuple[SourcedText, ...]      # their next change within UPCOMING_HORIZON


def _period_span(period: Period) -> str:
    """« depuis le 1er avril 2019 », « du 1er janvier 2026 au 31 décembre 2027 »."""
    if period.end is None:
        return f"depuis le {format_date_fr(period.start)}"
    return f"du {format_date_fr(period.start)} au {format_date_fr(period.end)}"


def named_thresholds(date: dt.date, roles: Iterable[str], buyer: str = BUYER_LOCAL,
                     category: Optional[str] = None, when: Optional[str] = None,
                     today: Optional[dt.date] = None) -> NamedThresholds:
    """The thresholds of ``roles`` (``assistant.questions.asked_thresholds``)
    for a ``category`` purchase (None: services, an AMO mission) at ``date``,
    each in one line (the rule's ``single`` text); no role: the category's own
    thresholds (works: their dispense and European thresholds). A rule
    without data at the date says so. ``when``: the month or year asked,
    said first (« En 2023, 40 000 € HT : … »). ``today``: the day of the
    question; a next change already in force then is told in the past's
    words (« Pour les consultations lancées à partir du 1er janvier 2026 :
    …, de 221 000 € HT à 216 000 € HT »), not « ce seuil sera de »."""
    _check_buyer(buyer)
    category = category or SERVICES
    _check_category(category)
    date = _as_date(date)
    kb = _kb()
    roles = tuple(dict.fromkeys(roles))
    if roles:
        rules = []
        for role in roles:
            try:
                rules.append(_rule_for_role(kb, buyer, role, category))
            except LookupError:
                continue
    else:
        rules = [r for r in _category_rules(kb, buyer, category)
                 if r.category == category and r.kind == "threshold"]
    lines, upcoming = [], []
    for rule in rules:
        period = rule.period_at(date)
        if period is None:
            lines.append(_sourced(kb.text("missing_rule"), kb, label=rule.short_label, date=when or _at(date)))
        else:
            template = rule.texts.get("single")
            values = dict(threshold=format_eur(period.amount), reference=rule.reference, label=rule.label,
                          start=format_date_fr(period.start), date=_period_span(period))
            text = template.format(**values) if template else kb.text("rule_line_open").render(**values)
            if when:
                text = f"{when[:1].upper()}{when[1:]}, {text}"
            sources = tuple(dict.fromkeys(period.sources))
            lines.append(SourcedText(text, sources, kb.sources_text(sources)))
        coming = rule.next_period(date)
        if coming is not None and coming.amount is not None and coming.start - date <= UPCOMING_HORIZON:
            sources = tuple(dict.fromkeys(coming.sources))
            told = _change(rule, coming, kb).text if today is not None and coming.start <= _as_date(today) \
                else _render_rule(rule, "upcoming", coming)
            upcoming.append(SourcedText(told, sources, kb.sources_text(sources)))
    return NamedThresholds(date, tuple(r.id for r in rules), tuple(lines), tuple(upcoming))


def _change(rule: Rule, period: Period, kb: Knowledge) -> RuleChange:
    previous = rule.previous_of(period)
    values = dict(start=format_date_fr(period.start), label=rule.short_label, reference=rule.reference)
    if rule.kind == "obligation":
        template = kb.text("change_obligation")
    elif previous is not None and previous.amount is not None:
        template = kb.text("change_amount")
        values.update(old=format_eur(previous.amount), new=format_eur(period.amount))
    else:
        template = kb.text("change_new")
        values.update(new=format_eur(period.amount))
    text = template.render(**values)
    if period.note:
        text = f"{text[:-1]}, {period.note}." if text.endswith(".") else f"{text} ({period.note})"
    sources = tuple(dict.fromkeys(period.sources))
    return RuleChange(rule.id, rule.label, period.start,
                      previous.amount if previous is not None else None, period.amount,
                      text, sources, kb.sources_text(sources))


def _changes(buyer: str, kb: Knowledge) -> List[RuleChange]:
    changes = [_change(rule, period, kb) for rule in kb.rules.values() if buyer in rule.buyers
               for period in rule.periods]
    return sorted(changes, key=lambda c: c.date)


def changes_in_year(year: int, buyer: str = BUYER_LOCAL) -> YearChanges:
    """What changed (or changes) in the rules during ``year``."""
    _check_buyer(buyer, routed=True)
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError(f"year must be an int, got {year!r}")
    kb = _kb()
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    uncovered = [d for d in (first, last) if not thresholds_at(d, buyer).covered]
    changes = tuple(c for c in _changes(buyer, kb) if c.date.year == year)
    no_data = _no_data(uncovered[0], kb) if uncovered else None
    return YearChanges(year, buyer, not uncovered, changes, no_data)


# --------------------------------------------------------------------------- #
# A threshold value stated in a question
# --------------------------------------------------------------------------- #

# The rules a value may be the threshold of, the best known first.
_CHECK_ROLES = ("dispense", "written_contract", "publicity", "eu_threshold", "free_dce")
UNDER, ABOVE = "under", "above"


@dataclass(frozen=True)
class ThresholdCheck:
    """A threshold value stated in a question, confirmed or corrected at a date."""
    value: float                   # € HT, as stated
    date: dt.date
    rule_id: Optional[str]         # the rule it speaks of; None: no threshold known has that value
    role: Optional[str]
    threshold: Optional[float]     # that rule's threshold at the date
    holds: bool                    # what the question states is true at the date
    text: SourcedText              # « Oui, et même au-delà : le seuil … était de … ; il est de … »


def _match(rule: Rule, value: float, date: dt.date) -> Optional[str]:
    """Whether ``value`` is ``rule``'s threshold at ``date`` ("now"), was it
    before ("before") or will be ("later")."""
    current = rule.period_at(date)
    if current is not None and current.amount == value:
        return "now"
    if any(p.amount == value and p.end is not None and p.end < date for p in rule.periods):
        return "before"
    if any(p.amount == value and p.start > date for p in rule.periods):
        return "later"
    return None


def _rule_of_claim(kb: Knowledge, value: float, date: dt.date, buyer: str, category: str,
                   roles: Tuple[str, ...]) -> Optional[Rule]:
    """The rule a stated value speaks of: among the rules its words name
    (``roles``), or all the thresholds of the purchase, the one whose value it
    is (now, before, later); else, among the rules named, the one whose
    threshold at the date is nearest (« sous 50 000 pas d'appel d'offres ? »:
    the dispense, not the European threshold)."""
    candidates = []
    for role in roles or _CHECK_ROLES:
        try:
            candidates.append(_rule_for_role(kb, buyer, role, category))
        except LookupError:
            continue
    candidates = [r for r in candidates if r.kind == "threshold"]
    for when in ("now", "before", "later"):
        for rule in candidates:
            if _match(rule, value, date) == when:
                return rule
    current = [r for r in candidates if r.period_at(date) is not None] if roles else []
    if not current:
        return None
    return min(current, key=lambda r: abs(math.log(r.period_at(date).amount / value)))


def check_threshold(value: float, date: dt.date, buyer: str = BUYER_LOCAL, category: str = SERVICES,
                    roles: Tuple[str, ...] = (), direction: Optional[str] = None,
                    says_threshold: bool = False, answer: bool = True) -> Optional[ThresholdCheck]:
    """Confirms or corrects a threshold value stated in a question, against
    the thresholds in force at ``date`` (``assistant.questions.threshold_claim``).

    « sous 40 000 on peut signer direct ? » (``UNDER``, dispense) on
    22 November 2026: « Oui, et même au-delà : le seuil de dispense … était de
    40 000 € HT jusqu'au 31 mars 2026 ; il est de 60 000 € HT pour les
    consultations lancées depuis le 1er avril 2026 (art. R2122-8). »
    « 90 000 c'est le seuil ? »: « Oui : le seuil de l'avis au BOAMP ou dans un
    JAL est de 90 000 € HT… ». A value that is no threshold known at the date:
    « Non : … ne fait pas partie des seuils que je connais » if the question
    says « seuil » (``says_threshold``), else None (an amount to route). None
    also when the rule has no data at the date. ``answer``: start with « Oui »,
    « Non »…; False when a yes or a no would be ambiguous (« faut-il consulter
    sous 60 000 € ? » asks an obligation under the value, not whether the
    value is right): then what the rule is, alone."""
    _check_buyer(buyer)
    _check_category(category)
    date = _as_date(date)
    kb = _kb()
    rule = _rule_of_claim(kb, value, date, buyer, category, roles)
    if rule is None:
        if not says_threshold:
            return None
        text = _sourced(kb.text("threshold_unknown"), kb, amount=format_eur(value),
                        date=format_date_fr(date))
        return ThresholdCheck(value, date, None, None, None, False, text)
    current = rule.period_at(date)
    if current is None:
        return None
    threshold = current.amount
    when = _match(rule, value, date)
    if direction == UNDER:
        holds = value <= threshold
    elif direction == ABOVE:
        holds = value >= threshold
    else:
        holds = value == threshold
    values = dict(label=rule.short_label, reference=rule.reference, threshold=format_eur(threshold),
                  start=format_date_fr(current.start))
    sources = list(current.sources)
    if when == "before":
        old = max((p for p in rule.periods if p.amount == value and p.end is not None and p.end < date),
                  key=lambda p: p.start)
        body = kb.text("threshold_was").render(**values, old=format_eur(value), new=format_eur(threshold),
                                               end=format_date_fr(old.end))
        lead = "threshold_yes_beyond" if holds and direction == UNDER else (
            "threshold_yes_below" if holds and direction == ABOVE else "threshold_no_longer")
        sources = list(old.sources) + sources
    elif when == "later":
        later = min((p for p in rule.periods if p.amount == value and p.start > date), key=lambda p: p.start)
        body = kb.text("threshold_will_be").render(**{**values, "start": format_date_fr(later.start)},
                                                   old=format_eur(threshold), new=format_eur(value))
        lead = "threshold_not_yet"
        sources += later.sources
    else:
        body = kb.text("threshold_is").render(**values)
        lead = "threshold_yes" if value == threshold else (
            ("threshold_yes_beyond" if direction == UNDER else "threshold_yes_below") if holds
            else "threshold_no")
    sources = tuple(dict.fromkeys(sources))
    said = f"{kb.text(lead).text} {body}" if answer else body[:1].upper() + body[1:]
    text = SourcedText(said, sources, kb.sources_text(sources))
    return ThresholdCheck(value, date, rule.id, rule.role, threshold, holds, text)


# --------------------------------------------------------------------------- #
# The formalised procedures
# --------------------------------------------------------------------------- #

def formalised_procedures(date: dt.date, buyer: str = BUYER_LOCAL, when: Optional[str] = None,
                          partners: str = "") -> Tuple[SourcedText, ...]:
    """« quelle procédure formalisée choisir ? »: which the formalised
    procedures are, from when a services contract needs one at ``date`` (the
    buyer's European threshold, read in procurement.yml), what an AMO mission
    goes through below it (MAPA, or the dispense), and that the data do not
    give the conditions for choosing among them, with whom to ask
    (``partners``, already worded: « l'agence technique de votre département
    … »). A threshold without data at the date is said to be unknown."""
    _check_buyer(buyer)
    date = _as_date(date)
    kb = _kb()
    texts = [_sourced(kb.text("formalised_list"), kb)]
    eu_rule = _rule_for_role(kb, buyer, "eu_threshold", SERVICES)
    eu = eu_rule.period_at(date)
    if eu is None:
        texts.append(_sourced(kb.text("missing_rule"), kb, label=eu_rule.short_label, date=when or _at(date)))
    else:
        period = (f"du {format_date_fr(eu.start)} au {format_date_fr(eu.end)}" if eu.end
                  else f"depuis le {format_date_fr(eu.start)}")
        texts.append(_sourced(kb.text("formalised_when"), kb, eu.sources, label=eu_rule.short_label,
                              threshold=format_eur(eu.amount), reference=eu_rule.reference, date=period))
    dispense = _rule_for_role(kb, buyer, "dispense", SERVICES).period_at(date)
    if dispense is not None:
        texts.append(_sourced(kb.text("formalised_below"), kb, dispense.sources,
                              threshold=format_eur(dispense.amount)))
    texts.append(_sourced(kb.text("formalised_choice"), kb, partners=partners))
    return tuple(texts)


@dataclass(frozen=True)
class SeparateNeeds:
    """The messages of ``needs_apart`` and the sources of their rule."""
    texts: Tuple[str, ...]
    sources: Tuple[str, ...]


# « même projet », « la suite de l'étude »: the parts are said to be one need.
_ONE_NEED = re.compile(r"\b(?:meme\s+(?:projet|besoin|operation|demarche|mission|prestataire)|la\s+suite"
                       r"|puis|ensuite|(?:1|2|premiere?|deuxieme|seconde?)\s+(?:phase|tranche|etape))\b")


def needs_apart(text: str, today: dt.date, buyer: str, launch: dt.date, when: Optional[str] = None,
                until: Optional[dt.date] = None) -> Optional[SeparateNeeds]:
    """« bilan carbone 25 000 et site internet 40 000 c 2 marchés séparés ? »:
    several services, each with its amount, got the splitting rule alone
    (« C'est interdit… additionnez-les »), though the answer's own condition
    says that needs of a different nature are estimated apart (live test,
    session 18). Each part is named by what precedes its amount; parts of
    different themes (``parsing.themes_named``) are said to be estimated
    apart, each with its route, then the route of their total if they were
    one need; parts said to be one need (« même projet », « puis ») or of
    no known theme get the total first, then each apart. The routes are read
    on ``launch`` (``when``, ``until``: the period as asked) for ``buyer``.
    None unless 2 to 4 amounts of services, each readable, are given."""
    spans = find_amount_spans(text)
    if not 2 <= len(spans) <= 4 or any(c != SERVICES for _, c in amount_categories(text)):
        return None
    values, themes, previous = [], [], 0
    for span in spans:
        value = parse_amount(text[span.start:span.end], today)
        if not value.ok or value.value_ht is None or value.ttc:
            return None
        values.append(value.value_ht)
        named = parsing.themes_named(text[previous:span.start])
        themes.append(named[-1] if named else None)
        previous = span.end
    total = sum(values)

    def summary(value: float) -> Optional[str]:
        result = route(value, launch, buyer, SERVICES, when, until)
        return result.summary.text if result.covered and result.summary else None

    kb = load_knowledge()
    apart = None not in themes and len(set(themes)) == len(themes) and not _ONE_NEED.search(words(text))
    each = [summary(v) for v in values]
    together = summary(total)
    if None in each or together is None:
        return None
    added = " + ".join(format_eur(v, ht=False) for v in values) + f" = {format_eur(total)}"
    if apart:
        texts = [kb.text("needs_apart").render(), *each,
                 kb.text("needs_apart_if_one").render(amount=added) + " " + together]
        sources = kb.text("needs_apart").sources
    else:
        texts = [kb.text("needs_together").render(amount=added) + " " + together,
                 kb.text("needs_together_else").render(), *each]
        sources = kb.text("needs_together").sources
    return SeparateNeeds(tuple(fr_typo(t) for t in texts), tuple(sources))
