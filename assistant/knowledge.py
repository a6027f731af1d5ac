"""The knowledge base: YAML data of ``assistant/knowledge/`` as typed, frozen objects.

Everything is loaded and validated once, at start-up (``load_knowledge()``).
Validation is strict: an unknown key, a missing or unknown source, a bad
date, a message too long for a phone, overlapping or gapped periods of the same
rule, a tax rate out of bounds… raise a ``KnowledgeError`` that names the file
and the entry.

French texts are stored with plain spaces and get French typography
(``assistant.typography.fr_typo``) when loaded.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import string
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Dict, FrozenSet, Iterable, Mapping, Optional, Sequence, Tuple

import yaml

from assistant.profile import NEED_KINDS, STRUCTURE_TYPES, THEMES
from assistant.text import fold, words as folded_words
from assistant.typography import NNBSP, fr_typo

if TYPE_CHECKING:
    from assistant.fiche_data import FicheData

KNOWLEDGE_DIR = Path(__file__).with_name("knowledge")

MAX_MESSAGE_CHARS = 350

SOURCE_KINDS = ("legal", "seed", "official")
TERM_KINDS = ("role", "term")
BUYERS = ("collectivite", "etat", "entite_adjudicatrice")
RULE_KINDS = ("threshold", "obligation")
RULE_ROLES = ("written_contract", "dispense", "free_dce", "publicity", "eu_threshold", "criterion")
RULE_CATEGORIES = ("services", "travaux", "all")
SUCCESS_GROUPS = ("relation", "cadrage", "choix", "responsabilites")
VERDICTS = ("hire_amo", "consult_partners", "internalise", "need_more_info")
MISSION_FAMILIES = ("strategique", "technique", "juridique", "financiere", "administrative")
DURATION_KEYS = ("ponctuel", "durable", "inconnu")
INTERNAL_OPTIONS = ("internaliser", "recruter", "mutualiser")
TOPIC_INCLUDES = ("mission_families", "need_kinds", "risks", "success_conditions",
                  "internal_options", "partners", "partner_notes", "public_contracting")

REQUIRED_TERMS = ("mo", "amo", "moe", "mandataire", "conduite_operation",
                  "dce", "mapa", "gre_a_gre", "ccag_pi")
REQUIRED_TOPICS = ("amo_mandatory", "independence", "mission_families", "splitting",
                   "dce_content", "criteria", "negotiation", "collaboration",
                   "success_conditions", "risks", "apres_mission", "need_kinds",
                   "internalise", "price", "scope")
REQUIRED_PARTNERS = ("syndicat_energie", "epci", "alec", "caue",
                     "agence_technique_departementale", "departement", "ademe", "anct",
                     "cerema", "banque_des_territoires", "opsn", "actee", "fonds_vert")
REQUIRED_RISKS = ("perte_competences", "cahier_des_charges_rigide", "offres_a_minima",
                  "portage_politique_faible", "information_perdue", "saucissonnage",
                  "valeur_estimee_inconnue")
REQUIRED_RISK_TRIGGERS = {
    "perte_competences": ("resources_aucune", "resources_inconnu"),
    "cahier_des_charges_rigide": ("duration_durable", "theme_numerique"),
    "offres_a_minima": ("price_focus",),
    "portage_politique_faible": ("sponsor_non", "sponsor_inconnu"),
    "information_perdue": ("hire_amo",),
    "saucissonnage": ("near_threshold",),
    "valeur_estimee_inconnue": ("amount_unknown", "amount_missing"),
}
REQUIRED_RATES = ("vat_standard",)
# A rate outside these bounds (in percent) is a typo: 0.2 written for 20, 196 for 19.6.
RATE_PERCENT_MIN, RATE_PERCENT_MAX = Decimal(1), Decimal(50)
REQUIRED_RULES = ("written_contract", "dispense_services", "free_dce", "mapa_publicity",
                  "eu_services_collectivite", "eu_services_etat", "environmental_criterion")
REQUIRED_REASONS = ("convention_available", "partners_not_consulted", "partners_unknown",
                    "partners_answer_unknown",
                    "partners_not_said", "resources_sufficient", "durable_need",
                    "durable_resources_unknown", "third_party_part", "third_party_better",
                    "partners_unable", "ponctuel_need", "duration_unclear", "need_unclear",
                    "nobody_to_follow", "no_sponsor")
REQUIRED_MISSING = ("subject", "partners_status", "duration", "internal_resources",
                    "structure_type")
REQUIRED_PROFILE_ADVICE = ("partners_named", "structure_unknown", "structure_other", "state_buyer")
REQUIRED_PROCUREMENT_TEXTS = (
    "services_note", "works_note", "works_overview", "works_separate", "mission_separate",
    "services_and_works_apart", "contracting_entity_above", "contracting_entity_below",
    "contracting_entity_note",
    "launch_date", "no_data", "no_data_rule", "missing_rule",
    "route_dispense", "route_mapa_publicite_adaptee", "route_mapa_publicite_boamp_jal",
    "route_procedure_formalisee",
    "publicity_dispense", "publicity_adaptee", "publicity_boamp_jal", "publicity_formalisee",
    "dispense_pertinence", "dispense_deniers", "dispense_rotation", "dispense_devis",
    "written_contract_yes", "written_contract_no", "free_dce_yes", "free_dce_no",
    "negotiation_mapa", "estimated_value", "splitting_near",
    "rule_line_open", "rule_line_closed", "change_amount", "change_new",
    "change_obligation", "no_change",
    "threshold_yes", "threshold_yes_beyond", "threshold_yes_below", "threshold_no",
    "threshold_no_longer", "threshold_not_yet", "threshold_is", "threshold_was",
    "threshold_will_be", "threshold_unknown",
    "criterion_yes", "criterion_not_yet", "criterion_depends", "criterion_how",
    "formalised_list", "formalised_when", "formalised_below", "formalised_choice",
)
TEMPLATE_FIELDS = frozenset({"amount", "threshold", "next", "date", "label", "start", "end",
                             "reference", "old", "new", "caveat", "partners", "structures",
                             "population", "audience", "weight", "suggested", "criteria", "duration", "who"})


class KnowledgeError(ValueError):
    """The knowledge data is invalid (the message names the file and the entry)."""


# --------------------------------------------------------------------------- #
# Typed data
# --------------------------------------------------------------------------- #

@dataclass(frozen=True)
class Source:
    id: str
    label: str
    kind: str                     # SOURCE_KINDS
    url: Optional[str] = None
    short: Optional[str] = None   # the label in a short answer (« Décret n° 2025-1386 »)


@dataclass(frozen=True)
class Term:
    id: str
    kind: str                     # "role" or "term"
    label: str                    # plain words, e.g. « assistant à maîtrise d'ouvrage »
    acronym: Optional[str]
    messages: Tuple[str, ...]
    synonyms: Tuple[str, ...]
    sources: Tuple[str, ...]

    @property
    def display(self) -> str:
        """Plain words first, then the acronym: « maître d'œuvre (MOE) »."""
        return f"{self.label} ({self.acronym})" if self.acronym else self.label


@dataclass(frozen=True)
class Example:
    theme: str                    # a THEMES key or "*"
    text: str


@dataclass(frozen=True)
class MissionFamily:
    id: str
    label: str
    summary: str
    need_kinds: Tuple[str, ...]
    examples: Tuple[Example, ...]
    sources: Tuple[str, ...]

    def examples_for(self, theme: Optional[str]) -> Tuple[str, ...]:
        """The examples of this theme, else the general ones."""
        specific = tuple(e.text for e in self.examples if theme and e.theme == theme)
        return specific or tuple(e.text for e in self.examples if e.theme == "*")


@dataclass(frozen=True)
class Note:
    """A labelled group of short messages with its sources."""
    id: str
    label: str
    messages: Tuple[str, ...]
    sources: Tuple[str, ...]


@dataclass(frozen=True)
class NeedKind:
    id: str
    label: str
    summary: str
    third_party_advantage: bool   # a third party does it better than the team
    families: Tuple[str, ...]
    messages: Tuple[str, ...]
    sources: Tuple[str, ...]
    # The last message, by the duration of the need when it depends on it
    # (a renfort « ponctuel » or « durable »): DURATION_KEYS -> text.
    by_duration: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def messages_for(self, duration: Optional[str]) -> Tuple[str, ...]:
        """The messages for a need of that duration (ponctuel, durable, or not known)."""
        if duration in self.by_duration:
            return (*self.messages[:-1], self.by_duration[duration])
        return self.messages


@dataclass(frozen=True)
class Eligibility:
    structure_types: Tuple[str, ...]
    population_below: Optional[int] = None
    themes: Tuple[str, ...] = ()      # empty: any theme
    domains: Tuple[str, ...] = ()     # empty: any domain

    @property
    def theme_specific(self) -> bool:
        return bool(self.themes or self.domains)


@dataclass(frozen=True)
class Programme:
    id: str
    label: str
    offer: Tuple[str, ...]
    eligibility: Tuple[Eligibility, ...]
    contact: str
    start: Optional[dt.date]
    end: Optional[dt.date]
    caveat: Optional[str]
    sources: Tuple[str, ...]
    gender: Optional[str] = None  # "m" | "f" (« Pour le / la joindre »); None: a programme

    def active_at(self, at: dt.date) -> bool:
        return (self.start is None or at >= self.start) and (self.end is None or at <= self.end)


@dataclass(frozen=True)
class Partner(Programme):
    synonyms: Tuple[str, ...] = ()
    programmes: Tuple[Programme, ...] = ()
    priority: int = 0             # extra rank (partners the fiche names first)
    funding: bool = False         # a funding programme (Fonds vert), not a partner that accompanies


@dataclass(frozen=True)
class SuccessCondition:
    id: str
    group: str
    label: str
    messages: Tuple[str, ...]
    checklist: str
    emphasis: Optional[str]
    verdicts: Tuple[str, ...]
    sources: Tuple[str, ...]


@dataclass(frozen=True)
class Risk:
    id: str
    label: str
    messages: Tuple[str, ...]
    mitigation: Tuple[str, ...]
    triggers: Mapping[str, str]   # trigger id -> why the risk is raised, in French
    sources: Tuple[str, ...]


@dataclass(frozen=True)
class PartnerWording:
    """Words describing who a partner is for."""
    structure_types: Mapping[str, str]   # structure type -> plural label (« communes »)
    population: str                      # template: {structures}, {population}
    audience: str                        # template: {audience}
    audience_separator: str
    funding_label: str                   # template: {label}; a funding among the partners
    structure_one: Mapping[str, str] = dataclasses.field(default_factory=dict)  # « une commune »
    eligible: str = ""                   # template: {who}, {audience}
    not_eligible: str = ""               # template: {who}, {audience}


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    messages: Tuple[str, ...]
    include: Tuple[str, ...]
    outro: Tuple[str, ...]
    rules: Tuple[str, ...]
    sources: Tuple[str, ...]


@dataclass(frozen=True)
class Template:
    """A sourced French text, possibly with {placeholders}."""
    id: str
    text: str
    sources: Tuple[str, ...]

    def render(self, **values: Any) -> str:
        return self.text.format(**values) if values else self.text


class _Dated:
    """A period in force from ``start`` to ``end`` (None: still in force), both
    included: a threshold's (``Period``) or a rate's (``RatePeriod``)."""
    start: dt.date
    end: Optional[dt.date]

    def contains(self, at: dt.date) -> bool:
        return self.start <= at and (self.end is None or at <= self.end)


def _period_at(periods: Sequence[_Dated], at: dt.date) -> Optional[Any]:
    """The one of ``periods`` in force at ``at``, or None."""
    for period in periods:
        if period.contains(at):
            return period
    return None


@dataclass(frozen=True)
class Period(_Dated):
    amount: Optional[float]       # € HT; None for an obligation
    start: dt.date
    end: Optional[dt.date]        # None: still in force
    sources: Tuple[str, ...]
    note: Optional[str] = None
    caveat: Optional[str] = None
    brief_caveat: Optional[str] = None    # the caveat inside a short line


@dataclass(frozen=True)
class Rule:
    id: str
    label: str
    short_label: str              # inside a sentence: « seuil européen des services (État) »
    reference: str                # « art. R2122-8 »
    kind: str                     # RULE_KINDS
    role: str                     # RULE_ROLES
    category: str                 # RULE_CATEGORIES
    buyers: Tuple[str, ...]
    periods: Tuple[Period, ...]
    texts: Mapping[str, str]      # in_force, upcoming; optional: single, in_force_brief, upcoming_brief
    brief_label: Optional[str] = None     # in a short list of thresholds: « Seuil européen »
    keywords: Tuple[str, ...] = ()        # folded words a question names the rule by (« boamp », « europ* »)

    @property
    def list_label(self) -> str:
        """The label in a short list of thresholds."""
        return self.brief_label or self.label

    @property
    def coverage_start(self) -> dt.date:
        return self.periods[0].start

    @property
    def coverage_end(self) -> Optional[dt.date]:
        return self.periods[-1].end

    def period_at(self, at: dt.date) -> Optional[Period]:
        return _period_at(self.periods, at)

    def next_period(self, at: dt.date) -> Optional[Period]:
        for period in self.periods:
            if period.start > at:
                return period
        return None

    def previous_of(self, period: Period) -> Optional[Period]:
        index = self.periods.index(period)
        return self.periods[index - 1] if index else None


@dataclass(frozen=True)
class RatePeriod(_Dated):
    percent: Decimal              # 20 for 20 %
    start: dt.date
    end: Optional[dt.date]        # None: still in force
    sources: Tuple[str, ...]

    @property
    def rate(self) -> Decimal:
        """The rate as a fraction: Decimal("0.2") for 20 %."""
        return self.percent / 100


@dataclass(frozen=True)
class TaxRate:
    """A tax rate over time (taxes.yml): the standard VAT rate…"""
    id: str
    label: str
    reference: str                # « art. 278 du Code général des impôts »
    periods: Tuple[RatePeriod, ...]

    def period_at(self, at: dt.date) -> Optional[RatePeriod]:
        return _period_at(self.periods, at)

    def rate_at(self, at: dt.date) -> Decimal:
        """The rate in force at ``at``, as a fraction; a date before the data
        raises LookupError (the data never guesses)."""
        period = self.period_at(at)
        if period is None:
            raise LookupError(f"no {self.id} rate at {at} (data from {self.periods[0].start})")
        return period.rate


@dataclass(frozen=True, eq=False)
class Knowledge:
    sources: Mapping[str, Source]
    terms: Mapping[str, Term]
    families: Mapping[str, MissionFamily]
    expert_groups: Note
    need_kinds: Mapping[str, NeedKind]
    unknown_need: Note
    durations: Mapping[str, Note]
    internal_options: Mapping[str, Note]
    principles: Mapping[str, Note]
    partners: Mapping[str, Partner]
    partner_notes: Mapping[str, Note]
    partner_wording: PartnerWording
    conditions: Mapping[str, SuccessCondition]
    risks: Mapping[str, Risk]
    topics: Mapping[str, Topic]
    rules: Mapping[str, Rule]
    procurement_texts: Mapping[str, Template]
    rates: Mapping[str, TaxRate]   # taxes.yml
    verdicts: Mapping[str, Note]
    reasons: Mapping[str, Template]
    missing: Mapping[str, str]
    profile_advice: Mapping[str, Template]
    fiche: "FicheData"             # texts of the fiche de cadrage (fiche.yml)

    # -- accessors ------------------------------------------------------- #
    def term(self, term_id: str) -> Term:
        return _get(self.terms, term_id, "term")

    def partner(self, partner_id: str) -> Partner:
        return _get(self.partners, partner_id, "partner")

    def accompanying(self, partner_ids: Iterable[str]) -> FrozenSet[str]:
        """``partner_ids`` without the funding programmes (the Fonds vert
        finances, it does not accompany: no partner consulted)."""
        return frozenset(p for p in partner_ids
                         if not (p in self.partners and self.partners[p].funding))

    def topic(self, topic_id: str) -> Topic:
        return _get(self.topics, topic_id, "topic")

    def risk(self, risk_id: str) -> Risk:
        return _get(self.risks, risk_id, "risk")

    def rule(self, rule_id: str) -> Rule:
        return _get(self.rules, rule_id, "rule")

    def rate(self, rate_id: str) -> TaxRate:
        return _get(self.rates, rate_id, "rate")

    def text(self, text_id: str) -> Template:
        return _get(self.procurement_texts, text_id, "procurement text")

    def source(self, source_id: str) -> Source:
        return _get(self.sources, source_id, "source")

    def sources_text(self, item_or_ids: Any) -> str:
        """« Sources : Code de la commande publique, art. R2122-8 ; Fiche source, 2.C »."""
        ids = _source_ids(item_or_ids)
        labels = [self.source(i).label for i in ids]
        if not labels:
            return ""
        head = "Source" if len(labels) == 1 else "Sources"
        return fr_typo(f"{head} : " + " ; ".join(labels))

    def find_term(self, text: str) -> Optional[Term]:
        """The term whose id, label, acronym or synonym is ``text`` (accents and case folded)."""
        return _lookup(self.terms.values(), text, lambda t: (t.id, t.label, t.acronym, *t.synonyms))

    def find_partner(self, text: str) -> Optional[Partner]:
        return _lookup(self.partners.values(), text, lambda p: (p.id, p.label, *p.synonyms))

    def terms_in(self, text: str) -> Tuple[Term, ...]:
        """The terms named anywhere in a sentence, in the order they appear."""
        return _search(self.terms.values(), text, lambda t: (t.label, t.acronym, *t.synonyms))

    def partners_in(self, text: str) -> Tuple[Partner, ...]:
        """The partners named anywhere in a sentence, in the order they appear."""
        return _search(self.partners.values(), text, lambda p: (p.label, *p.synonyms))

    def partners_asked(self, text: str) -> Tuple[Partner, ...]:
        """The partners a question is about: those of ``partners_in``, except a
        name that only says whose the partner before it is. « l'agence
        technique du département » is the agency, not the département too;
        « le CAUE ou le département » names both."""
        haystack = f" {normalise_key(text)} "
        spans = []
        for partner in self.partners_in(text):
            keys = [normalise_key(k) for k in (partner.label, *partner.synonyms) if k]
            found = [(haystack.find(f" {k} "), -len(k)) for k in keys if k and f" {k} " in haystack]
            start, minus_length = min(found)
            spans.append((start + 1, start + 1 - minus_length, partner))
        kept = []
        for i, (start, _, partner) in enumerate(spans):
            if any(_OWNER.fullmatch(haystack[end:start].strip()) for _, end, _ in spans[:i]):
                continue
            kept.append(partner)
        return tuple(kept)

    def programmes_named(self, text: str) -> Tuple[Tuple["Programme", ...], str]:
        """The programmes a question names, and the rest of its words: by their
        label (« villages d'avenir », « petites villes de demain »), its head or
        its acronym (« conseil en énergie partagé », « le CEP »); a word of six
        letters or more may be longer in the text (« conseiller en énergie
        partagé »). « on est une commune de 12 000 habitants, on peut avoir un
        conseiller en energie partagé ? » got the card of the syndicat d'énergie,
        whose public (communes, intercommunalités, syndicats) said « y a accès »,
        while the CEP is for communes under 10 000 inhabitants (live test,
        session 18)."""
        said = folded_words(text).split()
        used = [False] * len(said)
        found = []
        for partner in self.partners.values():
            for programme in partner.programmes:
                for key in label_keys(programme.label):
                    wanted = folded_words(key).split()
                    for i in range(len(said) - len(wanted) + 1) if wanted else ():
                        if all(w == k or (len(k) >= 6 and w.startswith(k))
                               for w, k in zip(said[i:i + len(wanted)], wanted)):
                            used[i:i + len(wanted)] = [True] * len(wanted)
                            if programme not in found:
                                found.append(programme)
        return tuple(found), " ".join(w for w, u in zip(said, used) if not u)


_PARENTHESIS = re.compile(r"^(?P<head>[^(]+?)\s*\((?P<inner>[^)]+)\)\s*$")


def label_keys(label: str) -> Tuple[str, ...]:
    """« Regard extérieur (audit) » is named by the whole label, « regard
    extérieur » or « audit »."""
    match = _PARENTHESIS.match(label)
    return (label, match.group("head"), match.group("inner")) if match else (label,)


def _get(mapping: Mapping[str, Any], key: str, what: str) -> Any:
    try:
        return mapping[key]
    except KeyError:
        raise KeyError(f"unknown {what} id {key!r} (known: {', '.join(mapping)})") from None


def _source_ids(item_or_ids: Any) -> Tuple[str, ...]:
    if isinstance(item_or_ids, str):
        return (item_or_ids,)
    ids = getattr(item_or_ids, "sources", item_or_ids)
    ordered: Dict[str, None] = {}
    for source_id in ids:
        ordered.setdefault(source_id, None)
    return tuple(ordered)


def _lookup(items: Iterable[Any], text: str, keys) -> Optional[Any]:
    wanted = normalise_key(text)
    if not wanted:
        return None
    for item in items:
        if any(k and normalise_key(k) == wanted for k in keys(item)):
            return item
    return None


# « du », « de notre »…: what links a partner's name to its owner's
# (« l'agence technique du département »), as normalise_key writes it.
_OWNER = re.compile(r"(?:du|des|d|de(?: la| l| votre| notre| mon| ma| nos| vos| leur)?)")


def _search(items: Iterable[Any], text: str, keys) -> Tuple[Any, ...]:
    """Items one of whose keys occurs as whole words in ``text`` (folded),
    ordered by first occurrence; a longer key wins over a shorter one inside it."""
    haystack = f" {normalise_key(text)} "
    found = []
    for item in items:
        positions = [
            (haystack.find(f" {key} "), -len(key))
            for key in (normalise_key(k) for k in keys(item) if k)
            if key and f" {key} " in haystack
        ]
        if positions:
            found.append((min(positions), item))
    found.sort(key=lambda pair: pair[0])
    return tuple(item for _, item in found)


# --------------------------------------------------------------------------- #
# Small public helpers
# --------------------------------------------------------------------------- #

_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre")


def format_date_fr(value: dt.date) -> str:
    """2026-04-01 -> « 1er avril 2026 »."""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {_MONTHS[value.month - 1]} {value.year}"


def normalise_key(text: str) -> str:
    """Lower case, no accents, œ -> oe; apostrophes, hyphens and punctuation
    as spaces: « et l'ademe? », « on a vu l'ADEME, le Cerema. » name the ADEME
    and the Cerema (a word glued to its punctuation was not found: live test,
    session 20, « et l'ademe? » after the Cerema's card started the
    diagnostic)."""
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_NOT_A_WORD.sub(" ", text).split())


# Anything but letters, digits and spaces (normalise_key)
_NOT_A_WORD = re.compile(r"[^\w\s]|_")


def typo(text: str) -> str:
    """French typography of a stored text (fr_typo, plus a narrow space before %)."""
    return fr_typo(text).replace(" %", NNBSP + "%")


# --------------------------------------------------------------------------- #
# Validation helpers
# --------------------------------------------------------------------------- #

class _StrictLoader(yaml.SafeLoader):
    """A YAML loader refusing duplicate keys (safe_load silently keeps the last)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise KnowledgeError(f"duplicate key {key!r} at line {key_node.start_mark.line + 1}")
        seen.add(key)
    return loader.construct_mapping(node, deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay strings here: _Reader.date parses them and reports bad ones clearly.
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp",
                              lambda loader, node: loader.construct_scalar(node))


class _Reader:
    """Reads one YAML file, knows the source registry, raises located errors."""

    def __init__(self, file: str, sources: Optional[Mapping[str, Source]] = None):
        self.file = file
        self.sources = sources or {}

    def fail(self, where: str, message: str) -> KnowledgeError:
        return KnowledgeError(f"{self.file}: {where}: {message}")

    def fields(self, node: Any, where: str, required: Sequence[str],
               optional: Sequence[str] = ()) -> Dict[str, Any]:
        if not isinstance(node, dict):
            raise self.fail(where, f"expected a mapping, got {type(node).__name__}")
        unknown = sorted(set(node) - set(required) - set(optional))
        if unknown:
            allowed = ", ".join([*required, *optional])
            raise self.fail(where, f"unknown key(s) {unknown} (allowed: {allowed})")
        missing = [k for k in required if k not in node]
        if missing:
            raise self.fail(where, f"missing key(s) {missing}")
        return node

    def entries(self, node: Any, where: str) -> Dict[str, Any]:
        if not isinstance(node, dict) or not node:
            raise self.fail(where, "expected a non-empty mapping of entries")
        for key in node:
            if not isinstance(key, str) or not key.isidentifier():
                raise self.fail(where, f"bad id {key!r} (lower-case identifier expected)")
        return node

    def string(self, value: Any, where: str, *, optional: bool = False) -> Optional[str]:
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"expected a non-empty string, got {value!r}")
        return value.strip()

    def text(self, value: Any, where: str, *, optional: bool = False) -> Optional[str]:
        raw = self.string(value, where, optional=optional)
        if raw is None:
            return None
        text = typo(raw)
        if len(text) > MAX_MESSAGE_CHARS:
            raise self.fail(where, f"text of {len(text)} characters, max {MAX_MESSAGE_CHARS}")
        return text

    def texts(self, value: Any, where: str, *, allow_empty: bool = False) -> Tuple[str, ...]:
        if value is None and allow_empty:
            return ()
        if not isinstance(value, list) or (not value and not allow_empty):
            raise self.fail(where, "expected a non-empty list of texts")
        return tuple(self.text(v, f"{where}[{i}]") for i, v in enumerate(value))

    def ids(self, value: Any, where: str, allowed: Optional[Iterable[str]] = None, *,
            allow_empty: bool = False) -> Tuple[str, ...]:
        if value is None and allow_empty:
            return ()
        if not isinstance(value, list) or (not value and not allow_empty):
            raise self.fail(where, "expected a non-empty list of ids")
        allowed_set = None if allowed is None else set(allowed)
        for item in value:
            if not isinstance(item, str):
                raise self.fail(where, f"expected ids, got {item!r}")
            if allowed_set is not None and item not in allowed_set:
                allowed_text = ", ".join(sorted(allowed_set))
                raise self.fail(where, f"unknown id {item!r} (allowed: {allowed_text})")
        if len(set(value)) != len(value):
            raise self.fail(where, "duplicate ids")
        return tuple(value)

    def sources_of(self, value: Any, where: str) -> Tuple[str, ...]:
        if not value:
            raise self.fail(where, "missing sources (every entry needs at least one)")
        return self.ids(value, where, self.sources)

    def date(self, value: Any, where: str, *, optional: bool = False) -> Optional[dt.date]:
        if value is None and optional:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(where, f"expected an ISO date (YYYY-MM-DD), got {value!r}")

    def integer(self, value: Any, where: str, *, optional: bool = False) -> Optional[int]:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise self.fail(where, f"expected a positive integer, got {value!r}")
        return value

    def amount(self, value: Any, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise self.fail(where, f"expected a positive amount, got {value!r}")
        return float(value)

    def boolean(self, value: Any, where: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(where, f"expected true or false, got {value!r}")
        return value

    def template(self, value: Any, where: str) -> str:
        text = self.text(value, where)
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        except ValueError as exc:
            raise self.fail(where, f"bad template: {exc}") from None
        unknown = sorted(n for n in names if n not in TEMPLATE_FIELDS)
        if unknown:
            raise self.fail(where, f"unknown placeholder(s) {unknown}")
        return text

    def exact_keys(self, node: Mapping[str, Any], where: str, expected: Sequence[str]) -> None:
        if set(node) != set(expected):
            raise self.fail(where, f"expected exactly {sorted(expected)}, got {sorted(node)}")

    def require_keys(self, node: Mapping[str, Any], where: str, expected: Sequence[str]) -> None:
        missing = [k for k in expected if k not in node]
        if missing:
            raise self.fail(where, f"missing required entries {missing}")


def _read_yaml(directory: Path, name: str, top_keys: Sequence[str]) -> Tuple[_Reader, Dict[str, Any]]:
    path = directory / name
    if not path.is_file():
        raise KnowledgeError(f"{name}: file not found in {directory}")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)  # noqa: S506
    except KnowledgeError as exc:
        raise KnowledgeError(f"{name}: {exc}") from None
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{name}: invalid YAML: {exc}") from None
    reader = _Reader(name)
    reader.fields(data, "top level", top_keys)
    return reader, data


def _frozen(mapping: Dict[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


# --------------------------------------------------------------------------- #
# Parsers, one per file
# --------------------------------------------------------------------------- #

def _parse_sources(directory: Path) -> Mapping[str, Source]:
    r, data = _read_yaml(directory, "sources.yml", ["sources"])
    result = {}
    for sid, node in r.entries(data["sources"], "sources").items():
        where = f"sources.{sid}"
        f = r.fields(node, where, ["label", "kind"], ["url", "short"])
        kind = r.string(f["kind"], f"{where}.kind")
        if kind not in SOURCE_KINDS:
            raise r.fail(where, f"kind {kind!r} not in {SOURCE_KINDS}")
        url = r.string(f.get("url"), f"{where}.url", optional=True)
        if url is not None and not url.startswith("https://"):
            raise r.fail(where, "url must start with https://")
        short = r.string(f.get("short"), f"{where}.short", optional=True)
        result[sid] = Source(sid, typo(r.string(f["label"], f"{where}.label")), kind, url,
                             typo(short) if short else None)
    return _frozen(result)


def _check_synonyms(r: _Reader, where: str, items: Mapping[str, Any], keys) -> None:
    owner: Dict[str, str] = {}
    for item_id, item in items.items():
        for key in {normalise_key(k) for k in keys(item) if k}:
            if key in owner and owner[key] != item_id:
                raise r.fail(where, f"synonym {key!r} used by both {owner[key]!r} and {item_id!r}")
            owner[key] = item_id


def _parse_terms(directory: Path, sources) -> Mapping[str, Term]:
    r, data = _read_yaml(directory, "roles.yml", ["terms"])
    r.sources = sources
    result = {}
    for tid, node in r.entries(data["terms"], "terms").items():
        w = f"terms.{tid}"
        f = r.fields(node, w, ["kind", "label", "messages", "synonyms", "sources"], ["acronym"])
        kind = r.string(f["kind"], f"{w}.kind")
        if kind not in TERM_KINDS:
            raise r.fail(w, f"kind {kind!r} not in {TERM_KINDS}")
        synonyms = tuple(r.string(s, f"{w}.synonyms") for s in f["synonyms"] or [])
        if not synonyms:
            raise r.fail(w, "at least one synonym is needed")
        result[tid] = Term(tid, kind, r.text(f["label"], f"{w}.label"),
                           r.string(f.get("acronym"), f"{w}.acronym", optional=True),
                           r.texts(f["messages"], f"{w}.messages"), synonyms,
                           r.sources_of(f["sources"], f"{w}.sources"))
    r.require_keys(result, "terms", REQUIRED_TERMS)
    _check_synonyms(r, "terms", result, lambda t: (t.id, t.label, t.acronym, *t.synonyms))
    return _frozen(result)


def _parse_note(r: _Reader, nid: str, node: Any, where: str) -> Note:
    f = r.fields(node, where, ["label", "messages", "sources"])
    return Note(nid, r.text(f["label"], f"{where}.label"), r.texts(f["messages"], f"{where}.messages"),
                r.sources_of(f["sources"], f"{where}.sources"))


def _parse_notes(r: _Reader, node: Any, where: str) -> Mapping[str, Note]:
    return _frozen({nid: _parse_note(r, nid, n, f"{where}.{nid}")
                    for nid, n in r.entries(node, where).items()})


def _parse_missions(directory: Path, sources):
    r, data = _read_yaml(directory, "missions.yml", ["families", "expert_groups"])
    r.sources = sources
    families = {}
    for fid, node in r.entries(data["families"], "families").items():
        w = f"families.{fid}"
        f = r.fields(node, w, ["label", "summary", "need_kinds", "examples", "sources"])
        examples = []
        for i, ex in enumerate(f["examples"] or []):
            e = r.fields(ex, f"{w}.examples[{i}]", ["theme", "text"])
            theme = r.string(e["theme"], f"{w}.examples[{i}].theme")
            if theme != "*" and theme not in THEMES:
                raise r.fail(f"{w}.examples[{i}]", f"unknown theme {theme!r}")
            examples.append(Example(theme, r.text(e["text"], f"{w}.examples[{i}].text")))
        if not any(e.theme == "*" for e in examples):
            raise r.fail(w, "needs at least one general example (theme: \"*\")")
        families[fid] = MissionFamily(fid, r.text(f["label"], f"{w}.label"),
                                      r.text(f["summary"], f"{w}.summary"),
                                      r.ids(f["need_kinds"], f"{w}.need_kinds", NEED_KINDS),
                                      tuple(examples), r.sources_of(f["sources"], f"{w}.sources"))
    r.exact_keys(families, "families", MISSION_FAMILIES)
    expert_groups = _parse_note(r, "expert_groups", data["expert_groups"], "expert_groups")
    return _frozen(families), expert_groups


def _parse_needs(directory: Path, sources, families):
    top = ["need_kinds", "unknown_need", "durations", "internal_options", "principles"]
    r, data = _read_yaml(directory, "needs.yml", top)
    r.sources = sources
    kinds = {}
    for kid, node in r.entries(data["need_kinds"], "need_kinds").items():
        w = f"need_kinds.{kid}"
        f = r.fields(node, w, ["label", "summary", "third_party_advantage", "families",
                               "messages", "sources"], ["by_duration"])
        by_duration = {k: r.text(v, f"{w}.by_duration.{k}")
                       for k, v in (r.entries(f["by_duration"], f"{w}.by_duration").items()
                                    if f.get("by_duration") is not None else ())}
        unknown = sorted(set(by_duration) - set(DURATION_KEYS))
        if unknown:
            raise r.fail(f"{w}.by_duration", f"unknown duration(s) {unknown} (known: {DURATION_KEYS})")
        kinds[kid] = NeedKind(kid, r.text(f["label"], f"{w}.label"),
                              r.text(f["summary"], f"{w}.summary"),
                              r.boolean(f["third_party_advantage"], f"{w}.third_party_advantage"),
                              r.ids(f["families"], f"{w}.families", families),
                              r.texts(f["messages"], f"{w}.messages"),
                              r.sources_of(f["sources"], f"{w}.sources"), _frozen(by_duration))
    r.exact_keys(kinds, "need_kinds", NEED_KINDS)
    durations = _parse_notes(r, data["durations"], "durations")
    r.exact_keys(durations, "durations", DURATION_KEYS)
    options = _parse_notes(r, data["internal_options"], "internal_options")
    r.exact_keys(options, "internal_options", INTERNAL_OPTIONS)
    return (_frozen(kinds), _parse_note(r, "unknown_need", data["unknown_need"], "unknown_need"),
            durations, options, _parse_notes(r, data["principles"], "principles"))


def _parse_eligibility(r: _Reader, node: Any, where: str) -> Tuple[Eligibility, ...]:
    if not isinstance(node, list) or not node:
        raise r.fail(where, "expected a non-empty list of conditions")
    result = []
    for i, cond in enumerate(node):
        w = f"{where}[{i}]"
        f = r.fields(cond, w, ["structure_types"], ["population_below", "themes", "domains"])
        result.append(Eligibility(
            r.ids(f["structure_types"], f"{w}.structure_types", STRUCTURE_TYPES),
            r.integer(f.get("population_below"), f"{w}.population_below", optional=True),
            r.ids(f.get("themes"), f"{w}.themes", THEMES, allow_empty=True),
            r.ids(f.get("domains"), f"{w}.domains", set(THEMES.values()), allow_empty=True)))
    return tuple(result)


_PROGRAMME_KEYS = ["label", "offer", "eligibility", "contact", "sources"]
_PROGRAMME_OPTIONAL = ["start", "end", "caveat", "gender"]
GENDERS = ("m", "f")


def _programme_fields(r: _Reader, f: Mapping[str, Any], w: str) -> Dict[str, Any]:
    start = r.date(f.get("start"), f"{w}.start", optional=True)
    end = r.date(f.get("end"), f"{w}.end", optional=True)
    if start and end and end < start:
        raise r.fail(w, f"end {end} before start {start}")
    return dict(label=r.text(f["label"], f"{w}.label"), offer=r.texts(f["offer"], f"{w}.offer"),
                eligibility=_parse_eligibility(r, f["eligibility"], f"{w}.eligibility"),
                contact=r.text(f["contact"], f"{w}.contact"), start=start, end=end,
                caveat=r.text(f.get("caveat"), f"{w}.caveat", optional=True),
                sources=r.sources_of(f["sources"], f"{w}.sources"),
                gender=_gender(r, f.get("gender"), f"{w}.gender"))


def _gender(r: "_Reader", value: Any, where: str) -> Optional[str]:
    """The grammatical gender of a partner's name (« l'ALEC » → "f": « Pour la
    joindre »); written in the data, never guessed from the label."""
    if value is not None and value not in GENDERS:
        raise r.fail(where, f"expected one of {GENDERS}, got {value!r}")
    return value


def _parse_partners(directory: Path, sources):
    r, data = _read_yaml(directory, "partners.yml", ["partners", "notes", "wording"])
    r.sources = sources
    partners = {}
    for pid, node in r.entries(data["partners"], "partners").items():
        w = f"partners.{pid}"
        f = r.fields(node, w, _PROGRAMME_KEYS + ["synonyms"],
                     _PROGRAMME_OPTIONAL + ["programmes", "priority", "funding"])
        programmes = []
        for gid, gnode in (r.entries(f["programmes"], f"{w}.programmes").items()
                           if f.get("programmes") is not None else ()):
            gw = f"{w}.programmes.{gid}"
            g = r.fields(gnode, gw, _PROGRAMME_KEYS, _PROGRAMME_OPTIONAL)
            programmes.append(Programme(gid, **_programme_fields(r, g, gw)))
        if f.get("gender") is None:
            raise r.fail(w, f"missing key(s) ['gender'] (one of {GENDERS})")
        synonyms = tuple(r.string(s, f"{w}.synonyms") for s in f["synonyms"] or [])
        if not synonyms:
            raise r.fail(w, "at least one synonym is needed")
        priority = f.get("priority", 0)
        if isinstance(priority, bool) or not isinstance(priority, int) or priority < 0:
            raise r.fail(f"{w}.priority", f"expected an integer >= 0, got {priority!r}")
        funding = f.get("funding", False)
        if not isinstance(funding, bool):
            raise r.fail(f"{w}.funding", f"expected true or false, got {funding!r}")
        partners[pid] = Partner(pid, **_programme_fields(r, f, w), synonyms=synonyms,
                                programmes=tuple(programmes), priority=priority,
                                funding=funding)
    r.require_keys(partners, "partners", REQUIRED_PARTNERS)
    _check_synonyms(r, "partners", partners, lambda p: (p.id, p.label, *p.synonyms))
    return _frozen(partners), _parse_notes(r, data["notes"], "notes"), _parse_wording(r, data["wording"])


def _parse_wording(r: _Reader, node: Any) -> PartnerWording:
    f = r.fields(node, "wording", ["structure_types", "population", "audience", "audience_separator",
                                   "funding_label", "structure_one", "eligible", "not_eligible"])
    labels = {k: r.text(v, f"wording.structure_types.{k}")
              for k, v in r.entries(f["structure_types"], "wording.structure_types").items()}
    r.exact_keys(labels, "wording.structure_types", STRUCTURE_TYPES)
    separator = f["audience_separator"]
    if not isinstance(separator, str) or not separator.strip():
        raise r.fail("wording.audience_separator", "expected a non-empty string")
    one = {k: r.text(v, f"wording.structure_one.{k}")
           for k, v in r.entries(f["structure_one"], "wording.structure_one").items()}
    r.exact_keys(one, "wording.structure_one", STRUCTURE_TYPES)
    return PartnerWording(_frozen(labels), r.template(f["population"], "wording.population"),
                          r.template(f["audience"], "wording.audience"), typo(separator),
                          r.template(f["funding_label"], "wording.funding_label"),
                          _frozen(one), r.template(f["eligible"], "wording.eligible"),
                          r.template(f["not_eligible"], "wording.not_eligible"))


def _parse_success(directory: Path, sources) -> Mapping[str, SuccessCondition]:
    r, data = _read_yaml(directory, "success.yml", ["conditions"])
    r.sources = sources
    result = {}
    for cid, node in r.entries(data["conditions"], "conditions").items():
        w = f"conditions.{cid}"
        f = r.fields(node, w, ["group", "label", "messages", "checklist", "verdicts", "sources"],
                     ["emphasis"])
        group = r.string(f["group"], f"{w}.group")
        if group not in SUCCESS_GROUPS:
            raise r.fail(w, f"group {group!r} not in {SUCCESS_GROUPS}")
        result[cid] = SuccessCondition(
            cid, group, r.text(f["label"], f"{w}.label"), r.texts(f["messages"], f"{w}.messages"),
            r.text(f["checklist"], f"{w}.checklist"),
            r.text(f.get("emphasis"), f"{w}.emphasis", optional=True),
            r.ids(f["verdicts"], f"{w}.verdicts", VERDICTS), r.sources_of(f["sources"], f"{w}.sources"))
    return _frozen(result)


def _parse_risks(directory: Path, sources) -> Mapping[str, Risk]:
    r, data = _read_yaml(directory, "risks.yml", ["risks"])
    r.sources = sources
    result = {}
    for rid, node in r.entries(data["risks"], "risks").items():
        w = f"risks.{rid}"
        f = r.fields(node, w, ["label", "messages", "mitigation", "triggers", "sources"])
        triggers = {k: r.text(v, f"{w}.triggers.{k}")
                    for k, v in r.entries(f["triggers"], f"{w}.triggers").items()}
        r.require_keys(triggers, f"{w}.triggers", REQUIRED_RISK_TRIGGERS.get(rid, ()))
        result[rid] = Risk(rid, r.text(f["label"], f"{w}.label"),
                           r.texts(f["messages"], f"{w}.messages"),
                           r.texts(f["mitigation"], f"{w}.mitigation"), _frozen(triggers),
                           r.sources_of(f["sources"], f"{w}.sources"))
    r.require_keys(result, "risks", REQUIRED_RISKS)
    return _frozen(result)


def _parse_topics(directory: Path, sources, rules) -> Mapping[str, Topic]:
    r, data = _read_yaml(directory, "topics.yml", ["topics"])
    r.sources = sources
    result = {}
    for tid, node in r.entries(data["topics"], "topics").items():
        w = f"topics.{tid}"
        f = r.fields(node, w, ["label", "messages", "sources"], ["include", "outro", "rules"])
        result[tid] = Topic(tid, r.text(f["label"], f"{w}.label"),
                            r.texts(f["messages"], f"{w}.messages"),
                            r.ids(f.get("include"), f"{w}.include", TOPIC_INCLUDES, allow_empty=True),
                            r.texts(f.get("outro"), f"{w}.outro", allow_empty=True),
                            r.ids(f.get("rules"), f"{w}.rules", rules, allow_empty=True),
                            r.sources_of(f["sources"], f"{w}.sources"))
    r.require_keys(result, "topics", REQUIRED_TOPICS)
    return _frozen(result)


def _parse_period(r: _Reader, node: Any, w: str, kind: str) -> Period:
    f = r.fields(node, w, ["amount", "start", "end", "sources"], ["note", "caveat", "brief_caveat"])
    if kind == "threshold":
        amount: Optional[float] = r.amount(f["amount"], f"{w}.amount")
    elif f["amount"] is not None:
        raise r.fail(w, "an obligation has no amount (amount: null)")
    else:
        amount = None
    start, end = _start_end(r, f, w)
    return Period(amount, start, end, r.sources_of(f["sources"], f"{w}.sources"),
                  r.text(f.get("note"), f"{w}.note", optional=True),
                  r.text(f.get("caveat"), f"{w}.caveat", optional=True),
                  r.text(f.get("brief_caveat"), f"{w}.brief_caveat", optional=True))


def _start_end(r: _Reader, f: Mapping[str, Any], w: str) -> Tuple[dt.date, Optional[dt.date]]:
    """The start and end (None: still in force) of a period, in that order."""
    start = r.date(f["start"], f"{w}.start")
    end = r.date(f["end"], f"{w}.end", optional=True)
    if end is not None and end < start:
        raise r.fail(w, f"end {end} before start {start}")
    return start, end


def check_periods(periods: Sequence[_Dated], where: str = "periods") -> None:
    """Periods of one rule (or rate) must follow each other: no overlap, no gap."""
    for before, after in zip(periods, periods[1:]):
        if before.end is None or after.start <= before.end:
            raise KnowledgeError(f"{where}: periods overlap ({before.start}..{before.end} "
                                 f"and {after.start}..{after.end})")
        if after.start != before.end + dt.timedelta(days=1):
            raise KnowledgeError(f"{where}: gap between {before.end} and {after.start}")


def _parse_periods(r: _Reader, node: Any, w: str,
                   parse: Callable[[Any, str], _Dated]) -> Tuple[Any, ...]:
    """The periods of the rule or rate ``w``, each read by ``parse`` (its node,
    where it is); they must follow each other (``check_periods``)."""
    if not isinstance(node, list) or not node:
        raise r.fail(w, "expected a non-empty list of periods")
    periods = tuple(parse(p, f"{w}.periods[{i}]") for i, p in enumerate(node))
    check_periods(periods, f"{r.file}: {w}")
    return periods


def _parse_rule(r: _Reader, rid: str, node: Any) -> Rule:
    w = f"rules.{rid}"
    f = r.fields(node, w, ["label", "short_label", "reference", "kind", "role", "category", "buyers",
                           "periods", "texts"], ["brief_label", "keywords"])
    kind, role, category = (r.string(f[k], f"{w}.{k}") for k in ("kind", "role", "category"))
    for value, allowed, key in ((kind, RULE_KINDS, "kind"), (role, RULE_ROLES, "role"),
                                (category, RULE_CATEGORIES, "category")):
        if value not in allowed:
            raise r.fail(w, f"{key} {value!r} not in {allowed}")
    periods = _parse_periods(r, f["periods"], w, lambda p, pw: _parse_period(r, p, pw, kind))
    t = r.fields(f["texts"], f"{w}.texts", ["in_force", "upcoming"],
                 ["single", "in_force_brief", "upcoming_brief"])
    texts = {k: r.template(v, f"{w}.texts.{k}") for k, v in t.items()}
    keywords = r.texts(f.get("keywords"), f"{w}.keywords", allow_empty=True)
    for i, keyword in enumerate(keywords):
        if keyword != fold(keyword) or not re.fullmatch(r"[a-z0-9]+\*?(?: [a-z0-9]+\*?)*", keyword):
            raise r.fail(f"{w}.keywords[{i}]", f"expected folded words (« boamp », « europ* »), got {keyword!r}")
    return Rule(rid, r.text(f["label"], f"{w}.label"), r.text(f["short_label"], f"{w}.short_label"),
                r.string(f["reference"], f"{w}.reference"),
                kind, role, category, r.ids(f["buyers"], f"{w}.buyers", BUYERS), periods,
                _frozen(texts), r.text(f.get("brief_label"), f"{w}.brief_label", optional=True), keywords)


def _parse_templates(r: _Reader, node: Any, where: str) -> Mapping[str, Template]:
    result = {}
    for tid, tnode in r.entries(node, where).items():
        w = f"{where}.{tid}"
        f = r.fields(tnode, w, ["text", "sources"])
        result[tid] = Template(tid, r.template(f["text"], f"{w}.text"),
                               r.sources_of(f["sources"], f"{w}.sources"))
    return _frozen(result)


def _parse_procurement(directory: Path, sources):
    r, data = _read_yaml(directory, "procurement.yml", ["rules", "texts"])
    r.sources = sources
    rules = {rid: _parse_rule(r, rid, node) for rid, node in r.entries(data["rules"], "rules").items()}
    r.require_keys(rules, "rules", REQUIRED_RULES)
    texts = _parse_templates(r, data["texts"], "texts")
    r.require_keys(texts, "texts", REQUIRED_PROCUREMENT_TEXTS)
    return _frozen(rules), texts


def _parse_rate_period(r: _Reader, node: Any, w: str) -> RatePeriod:
    f = r.fields(node, w, ["percent", "start", "end", "sources"])
    value = f["percent"]
    percent = (Decimal(str(value)) if isinstance(value, (int, float)) and not isinstance(value, bool)
               else Decimal("NaN"))
    if not (percent.is_finite() and RATE_PERCENT_MIN <= percent <= RATE_PERCENT_MAX):
        raise r.fail(f"{w}.percent", f"expected a rate in percent between {RATE_PERCENT_MIN} "
                                     f"and {RATE_PERCENT_MAX} (20 for 20 %), got {value!r}")
    return RatePeriod(percent, *_start_end(r, f, w), r.sources_of(f["sources"], f"{w}.sources"))


def _parse_taxes(directory: Path, sources) -> Mapping[str, TaxRate]:
    r, data = _read_yaml(directory, "taxes.yml", ["rates"])
    r.sources = sources
    rates = {}
    for rid, node in r.entries(data["rates"], "rates").items():
        w = f"rates.{rid}"
        f = r.fields(node, w, ["label", "reference", "periods"])
        periods = _parse_periods(r, f["periods"], w, lambda p, pw: _parse_rate_period(r, p, pw))
        if periods[-1].end is not None:
            raise r.fail(w, "the last period must still be in force (end: null)")
        rates[rid] = TaxRate(rid, r.text(f["label"], f"{w}.label"),
                             r.string(f["reference"], f"{w}.reference"), periods)
    r.require_keys(rates, "rates", REQUIRED_RATES)
    return _frozen(rates)


def _parse_verdicts(directory: Path, sources):
    r, data = _read_yaml(directory, "verdicts.yml", ["verdicts", "reasons", "missing", "profile_advice"])
    r.sources = sources
    verdicts = _parse_notes(r, data["verdicts"], "verdicts")
    r.exact_keys(verdicts, "verdicts", VERDICTS)
    reasons = _parse_templates(r, data["reasons"], "reasons")
    r.require_keys(reasons, "reasons", REQUIRED_REASONS)
    missing = {k: r.text(v, f"missing.{k}") for k, v in r.entries(data["missing"], "missing").items()}
    r.require_keys(missing, "missing", REQUIRED_MISSING)
    advice = _parse_templates(r, data["profile_advice"], "profile_advice")
    r.require_keys(advice, "profile_advice", REQUIRED_PROFILE_ADVICE)
    return verdicts, reasons, _frozen(missing), advice


# --------------------------------------------------------------------------- #
# Loading
# --------------------------------------------------------------------------- #

def load_knowledge_from(directory: Path) -> Knowledge:
    """Load and validate the YAML files of ``directory`` (not cached)."""
    directory = Path(directory)
    sources = _parse_sources(directory)
    rules, procurement_texts = _parse_procurement(directory, sources)
    families, expert_groups = _parse_missions(directory, sources)
    need_kinds, unknown_need, durations, options, principles = _parse_needs(directory, sources, families)
    partners, partner_notes, partner_wording = _parse_partners(directory, sources)
    verdicts, reasons, missing, profile_advice = _parse_verdicts(directory, sources)
    conditions = _parse_success(directory, sources)
    from assistant.fiche_data import parse_fiche  # late import: fiche_data uses this module
    return Knowledge(
        sources=sources, terms=_parse_terms(directory, sources), families=families,
        expert_groups=expert_groups, need_kinds=need_kinds, unknown_need=unknown_need,
        durations=durations, internal_options=options, principles=principles,
        partners=partners, partner_notes=partner_notes, partner_wording=partner_wording,
        conditions=conditions, risks=_parse_risks(directory, sources),
        topics=_parse_topics(directory, sources, rules), rules=rules,
        procurement_texts=procurement_texts, rates=_parse_taxes(directory, sources),
        verdicts=verdicts, reasons=reasons,
        missing=missing, profile_advice=profile_advice,
        fiche=parse_fiche(directory, sources, rules, conditions))


@functools.lru_cache(maxsize=1)
def load_knowledge() -> Knowledge:
    """The knowledge base of ``assistant/knowledge/``, loaded once and cached."""
    return load_knowledge_from(KNOWLEDGE_DIR)


def get_term(term_id: str) -> Term:
    return load_knowledge().term(term_id)


def get_partner(partner_id: str) -> Partner:
    return load_knowledge().partner(partner_id)


def get_topic(topic_id: str) -> Topic:
    return load_knowledge().topic(topic_id)


def get_risk(risk_id: str) -> Risk:
    return load_knowledge().risk(risk_id)


def sources_text(item_or_ids: Any) -> str:
    """The sources of an item (anything with ``.sources``, or ids) rendered as text."""
    return load_knowledge().sources_text(item_or_ids)


def find_term(text: str) -> Optional[Term]:
    return load_knowledge().find_term(text)


def find_partner(text: str) -> Optional[Partner]:
    return load_knowledge().find_partner(text)
