"""The advice engine: ``advise(profile) -> AdviceResult``, a pure function.

The decision follows the seed fiche (section 2):

1. too little information (no subject, or none of the decision answers)
   -> ``need_more_info``, saying what is missing;
2. internal resources sufficient (and the need is not one a third party does
   better) -> ``internalise``: internalising comes first (fiche, 2.B); a team
   with a need of expertise covers the project in part only (the need says
   the team lacks that knowledge: fiche, 2.A, 2.C);
3. partners not consulted, unknown, not said, or a convention available
   -> ``consult_partners`` (fiche, 2.C);
4. partners consulted and unable; durable need of capacity or expertise with
   no, partial or unknown resources -> ``internalise`` (recruit, mutualise);
5. otherwise (ponctuel need, audit or intermediation, unclear duration)
   -> ``hire_amo`` with the recommended mission families.

``UNKNOWN`` answers are taken into account (an unknown duration is advice to
clarify it, not a blocker); ``None`` means the question was not asked yet.
All texts come from ``assistant/knowledge/`` with their sources. The engine
never states a price.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from assistant.knowledge import (Eligibility, Knowledge, Note, Partner, Period, Programme, Rule, Template,
                                 format_date_fr, load_knowledge)
from assistant.procurement import RouteResult, criterion_text, formalised_procedures, route, rule_text_at
from assistant.profile import NEED_KINDS, STRUCTURE_TYPES, THEMES, UNKNOWN, Profile
from assistant.typography import format_number

VERDICT_HIRE = "hire_amo"
VERDICT_PARTNERS = "consult_partners"
VERDICT_INTERNALISE = "internalise"
VERDICT_MORE_INFO = "need_more_info"
VERDICTS = (VERDICT_HIRE, VERDICT_PARTNERS, VERDICT_INTERNALISE, VERDICT_MORE_INFO)

RISK_IDS = ("perte_competences", "cahier_des_charges_rigide", "offres_a_minima",
            "portage_politique_faible", "information_perdue", "saucissonnage",
            "valeur_estimee_inconnue")


# --------------------------------------------------------------------------- #
# Result types
# --------------------------------------------------------------------------- #

@dataclass(frozen=True)
class Advice:
    """One sourced piece of advice."""
    id: str
    text: str
    sources: Tuple[str, ...]
    source_text: str


@dataclass(frozen=True)
class MissionFamilyAdvice:
    id: str
    label: str
    summary: str
    examples: Tuple[str, ...]       # examples for the profile's theme, else general ones
    sources: Tuple[str, ...]
    source_text: str


@dataclass(frozen=True)
class NeedAdvice:
    id: str                         # a NEED_KINDS id, or UNKNOWN when the need is to qualify
    label: str
    messages: Tuple[str, ...]
    sources: Tuple[str, ...]
    source_text: str


@dataclass(frozen=True)
class RiskWarning:
    id: str                         # RISK_IDS
    label: str
    triggers: Tuple[str, ...]       # trigger ids (e.g. "sponsor_non")
    why: Tuple[str, ...]            # the triggers, in French
    messages: Tuple[str, ...]
    mitigation: Tuple[str, ...]
    sources: Tuple[str, ...]
    source_text: str


@dataclass(frozen=True)
class ChecklistItem:
    id: str                         # a success condition id, or "critere_environnemental"
    label: str
    text: str
    priority: bool                  # the profile shows this point needs attention
    emphasis: Optional[str]         # why, when priority
    sources: Tuple[str, ...]
    source_text: str


@dataclass(frozen=True)
class ProgrammeSuggestion:
    id: str
    label: str
    offer: Tuple[str, ...]
    contact: str
    audience: str                   # « Public visé : communes de moins de 3 500 habitants. »
    caveat: Optional[str]
    end: Optional[dt.date]
    sources: Tuple[str, ...]
    source_text: str


@dataclass(frozen=True)
class PartnerSuggestion:
    id: str
    label: str
    offer: Tuple[str, ...]
    contact: str
    audience: str
    caveat: Optional[str]
    theme_specific: bool            # chosen for the profile's theme
    already_consulted: bool
    programmes: Tuple[ProgrammeSuggestion, ...]
    sources: Tuple[str, ...]
    source_text: str
    # consulted, and the user said it could help (« oui l'un d'eux pourrait, le SDE »)
    can_help: bool = False
    # a funding programme (the Fonds vert): it finances, it does not accompany
    funding: bool = False


@dataclass(frozen=True)
class AdviceResult:
    verdict: str                                  # VERDICTS
    verdict_label: str
    verdict_messages: Tuple[str, ...]
    reasons: Tuple[Advice, ...]
    mission_families: Tuple[MissionFamilyAdvice, ...]   # hire_amo only
    internal_options: Tuple[Advice, ...]          # internalise only: internaliser, recruter, mutualiser
    missing: Tuple[str, ...]                      # need_more_info: what is missing, in French
    need_advice: Tuple[NeedAdvice, ...]
    profile_advice: Tuple[Advice, ...]
    route: Optional[RouteResult]                  # when an amount is known
    risks: Tuple[RiskWarning, ...]
    checklist: Tuple[ChecklistItem, ...]
    partners: Tuple[PartnerSuggestion, ...]
    partner_notes: Tuple[Advice, ...]
    sources: Tuple[str, ...]                      # every source cited in the result

    @property
    def risk_ids(self) -> Tuple[str, ...]:
        return tuple(r.id for r in self.risks)

    @property
    def partner_ids(self) -> Tuple[str, ...]:
        return tuple(p.id for p in self.partners)

    @property
    def family_ids(self) -> Tuple[str, ...]:
        return tuple(f.id for f in self.mission_families)


@dataclass(frozen=True)
class TopicAnswer:
    id: str
    label: str
    messages: Tuple[str, ...]
    sources: Tuple[str, ...]
    source_text: str
    items: Tuple[str, ...] = ()     # the messages that form a list (a topic's ``include``)


# --------------------------------------------------------------------------- #
# Small helpers
# --------------------------------------------------------------------------- #

def _advice(kb: Knowledge, advice_id: str, text: str, sources: Iterable[str]) -> Advice:
    sources = tuple(dict.fromkeys(sources))
    return Advice(advice_id, text, sources, kb.sources_text(sources))


def _from_template(kb: Knowledge, template: Template, **values) -> Advice:
    return _advice(kb, template.id, template.render(**values), template.sources)


def _from_note(kb: Knowledge, note: Note) -> Advice:
    return _advice(kb, note.id, " ".join(note.messages), note.sources)


def known_needs(profile: Profile) -> Tuple[str, ...]:
    """The need kinds of the profile, in canonical order, without UNKNOWN."""
    return tuple(n for n in NEED_KINDS if n in profile.need_kinds)


def _has_subject(profile: Profile) -> bool:
    return bool(known_needs(profile)) or bool(profile.project and profile.project.strip()) \
        or profile.theme in THEMES


def _third_party_needs(profile: Profile, kb: Knowledge) -> Tuple[str, ...]:
    return tuple(n for n in known_needs(profile) if kb.need_kinds[n].third_party_advantage)


def _structure_known(profile: Profile) -> bool:
    return profile.structure_type in STRUCTURE_TYPES


# --------------------------------------------------------------------------- #
# Decision
# --------------------------------------------------------------------------- #

@dataclass(frozen=True)
class _Decision:
    verdict: str
    reasons: Tuple[str, ...]
    options: Tuple[str, ...] = ()


def _missing(profile: Profile) -> Tuple[str, ...]:
    """Ids of ``verdicts.yml: missing`` when there is too little to decide, else ()."""
    decision_fields = {"partners_status": profile.partners_status, "duration": profile.duration,
                       "internal_resources": profile.internal_resources}
    no_answers = all(v is None for v in decision_fields.values())
    if _has_subject(profile) and not no_answers:
        return ()
    missing = [] if _has_subject(profile) else ["subject"]
    missing += [k for k, v in decision_fields.items() if v is None]
    if profile.structure_type is None:
        missing.append("structure_type")
    return tuple(missing)


def _internal_options(resources: Optional[str]) -> Tuple[str, ...]:
    if resources == "suffisante":
        return ("internaliser",)
    if resources == "partielle":
        return ("internaliser", "mutualiser", "recruter")
    if resources == "aucune":
        return ("recruter", "mutualiser")
    return ("internaliser", "recruter", "mutualiser")


# Reasons that are things to settle before hiring, shown apart (« À régler
# d'abord : »), before why the verdict is given.
PREREQUISITES = ("nobody_to_follow", "no_sponsor")


def _decide(profile: Profile, kb: Knowledge) -> _Decision:
    third_party = _third_party_needs(profile, kb)
    needs = known_needs(profile)
    third_party_only = bool(needs) and len(third_party) == len(needs)
    part = ("third_party_part",) if third_party and not third_party_only else ()
    resources, status = profile.internal_resources, profile.partners_status
    lead: Tuple[str, ...] = ()
    if resources == "suffisante" and "expertise" in needs:
        # A team to follow the project, and a need of expertise: the need says
        # the team lacks that knowledge, so its presence does not make the
        # project one to do in-house (« Expertise » + « Une équipe dédiée »
        # got « Vos ressources internes semblent suffire », live test,
        # session 12). The team covers the project in part.
        resources, lead = "partielle", ("team_without_expertise",)

    if resources == "suffisante" and not third_party_only:
        return _Decision(VERDICT_INTERNALISE, ("resources_sufficient",) + part, ("internaliser",))
    partner_reason = {"convention_disponible": "convention_available",
                      "non_consultes": "partners_not_consulted", UNKNOWN: "partners_unknown",
                      None: "partners_not_said"}.get(status)
    if status == UNKNOWN and _consulted_names(profile, kb):
        # « on a appelé le CAUE », then « je sais pas » to « un accompagnement
        # de ce côté est-il possible ? »: whether they can help is unknown,
        # not whether they were asked (live test, session 12)
        partner_reason = "partners_answer_unknown"
    if partner_reason is not None:
        return _Decision(VERDICT_PARTNERS, lead + (partner_reason,))
    # Partners were consulted and cannot cover the need.
    if profile.duration == "durable" and not third_party_only:
        reason = "durable_need" if resources in ("aucune", "partielle") else "durable_resources_unknown"
        # (the team's lack of expertise, said in the verdict's own terms: not
        # « faire en interne ne suffit pas » above « Faire en interne… »)
        lead = tuple("team_without_expertise_durable" if r == "team_without_expertise" else r for r in lead)
        return _Decision(VERDICT_INTERNALISE, lead + ("partners_unable", reason) + part,
                         _internal_options(resources))
    # What an AMO cannot replace, named before why one is justified: someone
    # in-house to follow it and an elected sponsor (« personne » and « les
    # élus s'en fichent » got « faire appel à un AMO se justifie » with
    # neither named, live test, session 15).
    missing = {"nobody_to_follow": resources == "aucune", "no_sponsor": profile.sponsor == "non"}
    prerequisites = tuple(reason for reason in PREREQUISITES if missing[reason])
    reasons = [*prerequisites, *lead, "partners_unable"]
    if third_party:
        reasons.append("third_party_better")
    if profile.duration == "ponctuel":
        reasons.append("ponctuel_need")
    elif profile.duration != "durable":
        reasons.append("duration_unclear")
    if not needs:
        reasons.append("need_unclear")
    return _Decision(VERDICT_HIRE, tuple(reasons))


def _mission_families(profile: Profile, kb: Knowledge) -> Tuple[MissionFamilyAdvice, ...]:
    ids: Dict[str, None] = {}
    for need in known_needs(profile):
        for family in kb.need_kinds[need].families:
            ids.setdefault(family, None)
    if not ids:
        ids["strategique"] = None          # a framing mission first
    result = []
    for fid in ids:
        family = kb.families[fid]
        result.append(MissionFamilyAdvice(fid, family.label, family.summary,
                                          family.examples_for(profile.theme), family.sources,
                                          kb.sources_text(family.sources)))
    return tuple(result)


# --------------------------------------------------------------------------- #
# Need and profile advice
# --------------------------------------------------------------------------- #

def _need_advice(profile: Profile, kb: Knowledge) -> Tuple[NeedAdvice, ...]:
    result = [NeedAdvice(n, kb.need_kinds[n].label, kb.need_kinds[n].messages_for(profile.duration),
                         kb.need_kinds[n].sources,
                         kb.sources_text(kb.need_kinds[n].sources)) for n in known_needs(profile)]
    if not result or UNKNOWN in profile.need_kinds:
        note = kb.unknown_need
        result.append(NeedAdvice(UNKNOWN, note.label, note.messages, note.sources,
                                 kb.sources_text(note.sources)))
    return tuple(result)


def _profile_advice(profile: Profile, verdict: str, kb: Knowledge) -> Tuple[Advice, ...]:
    items: List[Advice] = []
    if profile.duration is not None:           # None: not asked yet (listed as missing)
        duration = profile.duration if profile.duration in ("ponctuel", "durable") else "inconnu"
        items.append(_from_note(kb, kb.durations[duration]))
    if profile.internal_resources in (None, UNKNOWN):
        items.append(_from_note(kb, kb.principles["objectiver"]))
    if verdict == VERDICT_HIRE:
        items.append(_from_note(kb, kb.principles["enjeu_budget"]))
        if profile.internal_resources == "partielle":
            items.append(_from_note(kb, kb.principles["internalisation_priorite"]))
        if profile.theme == "numerique":
            items.append(_from_note(kb, kb.expert_groups))
    if profile.partners_consulted:
        names = ", ".join(_partner_name(kb, p) for p in sorted(profile.partners_consulted))
        items.append(_from_template(kb, kb.profile_advice["partners_named"], partners=names))
    if profile.structure_type == "etat":
        items.append(_from_template(kb, kb.profile_advice["state_buyer"]))
    elif profile.structure_type == "autre":
        items.append(_from_template(kb, kb.profile_advice["structure_other"]))
    elif not _structure_known(profile):
        items.append(_from_template(kb, kb.profile_advice["structure_unknown"]))
    return tuple(items)


def _consulted_names(profile: Profile, kb: Knowledge) -> str:
    """« Conseil d'architecture… (CAUE), Agence technique départementale »:
    the partners of the data that the user says they consulted."""
    return ", ".join(kb.partners[p].label for p in sorted(profile.partners_consulted)
                     if p in kb.partners)


def _partner_name(kb: Knowledge, partner_id: str) -> str:
    partner = kb.partners.get(partner_id)
    return partner.label if partner else partner_id


# --------------------------------------------------------------------------- #
# Risks
# --------------------------------------------------------------------------- #

def _risk_triggers(profile: Profile, verdict: str, route_result: Optional[RouteResult]
                   ) -> Dict[str, Tuple[str, ...]]:
    """Risk id -> trigger ids raised by the profile."""
    checks: Dict[str, Sequence[Tuple[str, bool]]] = {
        "perte_competences": (("resources_aucune", profile.internal_resources == "aucune"),
                              ("resources_inconnu", profile.internal_resources == UNKNOWN)),
        "cahier_des_charges_rigide": (("duration_durable", profile.duration == "durable"),
                                      ("theme_numerique", profile.theme == "numerique")),
        "offres_a_minima": (("price_focus", profile.price_focus),),
        "portage_politique_faible": (("sponsor_non", profile.sponsor == "non"),
                                     ("sponsor_inconnu", profile.sponsor == UNKNOWN)),
        "information_perdue": (("hire_amo", verdict == VERDICT_HIRE),),
        "saucissonnage": (("near_threshold",
                           route_result is not None and route_result.splitting_warning is not None),),
        "valeur_estimee_inconnue": (
            ("amount_unknown", profile.amount_ht is None and profile.amount_unknown),
            ("amount_missing", profile.amount_ht is None and not profile.amount_unknown
             and verdict == VERDICT_HIRE)),
    }
    result = {}
    for risk_id, conditions in checks.items():
        raised = tuple(trigger for trigger, on in conditions if on)
        if raised:
            result[risk_id] = raised
    return result


def _risks(profile: Profile, verdict: str, route_result: Optional[RouteResult],
           kb: Knowledge) -> Tuple[RiskWarning, ...]:
    result = []
    for risk_id, triggers in _risk_triggers(profile, verdict, route_result).items():
        risk = kb.risk(risk_id)
        mitigation = risk.mitigation
        if risk_id == "saucissonnage" and route_result is not None:
            mitigation = (route_result.splitting_warning.text,) + mitigation
        result.append(RiskWarning(risk_id, risk.label, triggers,
                                  tuple(risk.triggers[t] for t in triggers), risk.messages,
                                  mitigation, risk.sources, kb.sources_text(risk.sources)))
    return tuple(result)


# --------------------------------------------------------------------------- #
# Checklist
# --------------------------------------------------------------------------- #

_EMPHASIS: Dict[str, Callable[[Profile], bool]] = {
    "precision_attendus": lambda p: not known_needs(p),
    "portage_politique": lambda p: p.sponsor in ("non", UNKNOWN),
    "perimetre": lambda p: p.amount_ht is None,
    "ressources_internes": lambda p: p.internal_resources in ("aucune", "partielle", UNKNOWN),
    "phasage": lambda p: p.duration in ("durable", UNKNOWN) or p.theme == "numerique",
    "apres_mission": lambda p: p.duration == "durable",
    "poids_prix": lambda p: p.price_focus,
    "budget_estime": lambda p: p.price_focus,
    "proximite_transfert": lambda p: p.internal_resources in ("aucune", UNKNOWN),
}


def _checklist(profile: Profile, verdict: str, route_result: Optional[RouteResult],
               kb: Knowledge) -> Tuple[ChecklistItem, ...]:
    if verdict == VERDICT_MORE_INFO:
        return ()
    items = []
    for condition in kb.conditions.values():
        if verdict not in condition.verdicts:
            continue
        priority = bool(condition.emphasis) and _EMPHASIS.get(condition.id, lambda p: False)(profile)
        items.append(ChecklistItem(condition.id, condition.label, condition.checklist, priority,
                                   condition.emphasis if priority else None, condition.sources,
                                   kb.sources_text(condition.sources)))
    dispense = route_result is not None and route_result.route == "dispense"
    if verdict == VERDICT_HIRE and not dispense:
        criterion = criterion_text(profile.date, kb)
        if criterion is not None:
            rule = kb.rule("environmental_criterion")
            items.append(ChecklistItem("critere_environnemental", rule.label, criterion.text, False,
                                       None, criterion.sources, criterion.source_text))
    return tuple(sorted(items, key=lambda i: not i.priority))


# --------------------------------------------------------------------------- #
# Partners
# --------------------------------------------------------------------------- #

def _fits(cond: Eligibility, profile: Profile) -> bool:
    """Whether the profile may fit a condition (unknown answers do not exclude)."""
    if _structure_known(profile) and profile.structure_type not in cond.structure_types:
        return False
    if cond.population_below is not None and profile.population is not None \
            and profile.population >= cond.population_below:
        return False
    if cond.theme_specific:
        if profile.theme not in THEMES:
            return False
        return profile.theme in cond.themes or THEMES[profile.theme] in cond.domains
    return True


def _audience(conditions: Sequence[Eligibility], kb: Knowledge) -> str:
    wording = kb.partner_wording
    parts = []
    for cond in conditions:
        names = [wording.structure_types[s] for s in cond.structure_types]
        structures = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]
        if cond.population_below is not None:
            structures = wording.population.format(structures=structures,
                                                   population=format_number(cond.population_below))
        parts.append(structures)
    return wording.audience.format(audience=wording.audience_separator.join(parts))


def _programme_suggestion(prog: Programme, kb: Knowledge) -> ProgrammeSuggestion:
    return ProgrammeSuggestion(prog.id, prog.label, prog.offer, prog.contact,
                               _audience(prog.eligibility, kb), prog.caveat, prog.end, prog.sources,
                               kb.sources_text(prog.sources))


def _fit_score(cond: Eligibility, profile: Profile) -> int:
    """How specifically a fitting condition targets the profile."""
    score = 3 if cond.themes else (1 if cond.domains else 0)
    if cond.population_below is not None and profile.population is not None:
        score += 1
    return score


def _partner_suggestion(partner: Partner, profile: Profile, kb: Knowledge
                        ) -> Optional[Tuple[int, PartnerSuggestion]]:
    """The suggestion and its rank score, or None when the partner does not fit."""
    at = profile.date
    if not partner.active_at(at) or partner.id in profile.own_bodies:
        # (a syndicat d'énergie is not told to ask the syndicat d'énergie:
        # live test, session 12)
        return None
    own = [c for c in partner.eligibility if _fits(c, profile)]
    programmes = [g for g in partner.programmes
                  if g.active_at(at) and any(_fits(c, profile) for c in g.eligibility)]
    can_help = partner.id in profile.partners_consulted \
        and profile.partners_status == "convention_disponible"
    if not own and not programmes and not can_help:
        return None
    # (a partner the user says could help is suggested even when the
    # knowledge does not list it for this theme: they asked it)
    fitting = own + [c for g in programmes for c in g.eligibility if _fits(c, profile)]
    score = partner.priority + max((_fit_score(c, profile) for c in fitting), default=0)
    sources = tuple(dict.fromkeys((*partner.sources, *(s for g in programmes for s in g.sources))))
    suggestion = PartnerSuggestion(
        partner.id, partner.label, partner.offer, partner.contact,
        _audience(partner.eligibility, kb), partner.caveat,
        any(c.theme_specific for c in fitting), partner.id in profile.partners_consulted,
        tuple(_programme_suggestion(g, kb) for g in programmes), sources, kb.sources_text(sources),
        can_help, partner.funding)
    return score, suggestion


def suggest_partners(profile: Profile) -> Tuple[PartnerSuggestion, ...]:
    """Partners to contact first, filtered by structure, population, theme and date.

    Ranked: those consulted that the user says could help first (« oui l'un
    d'eux pourrait, le SDE »: final retest S-M2, M-M3), then those not yet
    consulted, then by how specifically they fit the profile (theme,
    population) plus the partners the fiche names first. The funding
    programmes (the Fonds vert, ``PartnerSuggestion.funding``) come after
    the partners not consulted: they finance, they do not accompany.
    """
    kb = load_knowledge()
    found = [x for x in (_partner_suggestion(p, profile, kb) for p in kb.partners.values()) if x]
    ranked = sorted(enumerate(found), key=lambda x: (
        not x[1][1].can_help, x[1][1].already_consulted, x[1][1].funding, -x[1][0], x[0]))
    return tuple(suggestion for _, (_, suggestion) in ranked)


def partner_examples(profile: Profile, limit: int = 4) -> Tuple[str, ...]:
    """The short names (first synonym in the partner data: « syndicat
    d'énergie », « OPSN ») of the partners that best fit the profile, in the
    order of ``suggest_partners``: the examples of the partners question. A
    digital project gets the OPSN, not the syndicat d'énergie and the CAUE
    (final F-M5)."""
    kb = load_knowledge()
    names = []
    for suggestion in [s for s in suggest_partners(profile) if not s.funding][:limit]:
        partner = kb.partners[suggestion.id]
        names.append(partner.synonyms[0] if partner.synonyms else suggestion.label)
    return tuple(names)


def partners_among(profile: Profile, partner_ids: Iterable[str]) -> Tuple[PartnerSuggestion, ...]:
    """The partners of ``partner_ids`` (in that order) that fit the profile:
    structure, size, date; unknown answers do not exclude. The public
    interlocutors pointed to when the portal has given no contact (an
    intercommunality is not sent to « votre intercommunalité »). Ids that
    the knowledge does not hold are skipped."""
    kb = load_knowledge()
    found = (_partner_suggestion(kb.partners[pid], profile, kb)
             for pid in partner_ids if pid in kb.partners)
    return tuple(suggestion for _, suggestion in (x for x in found if x))


def _partner_notes(verdict: str, profile: Profile, kb: Knowledge) -> Tuple[Advice, ...]:
    ids: List[str] = []
    if profile.partners_status == "convention_disponible":
        ids.append("conventions")
    if verdict == VERDICT_PARTNERS:
        ids += ["cooperation_public_public", "cartographie_ingenierie", "quasi_regie"]
    return tuple(_from_note(kb, kb.partner_notes[i]) for i in dict.fromkeys(ids))


# --------------------------------------------------------------------------- #
# advise()
# --------------------------------------------------------------------------- #

def _all_sources(*groups: Iterable[object]) -> Tuple[str, ...]:
    seen: Dict[str, None] = {}
    for group in groups:
        for item in group:
            for source in getattr(item, "sources", ()):
                seen.setdefault(source, None)
    return tuple(seen)


def advise(profile: Profile) -> AdviceResult:
    """Advice for a profile: verdict, reasons, route, risks, checklist, partners."""
    kb = load_knowledge()
    missing = _missing(profile)
    decision = _Decision(VERDICT_MORE_INFO, ()) if missing else _decide(profile, kb)
    verdict = decision.verdict
    route_result = route(profile.amount_ht, profile.date, profile.buyer, ttc=profile.amount_ttc) \
        if profile.amount_ht is not None else None
    note = kb.verdicts[verdict]
    reasons = tuple(_from_template(kb, kb.reasons[r], partners=_consulted_names(profile, kb))
                    for r in decision.reasons)
    families = _mission_families(profile, kb) if verdict == VERDICT_HIRE else ()
    options = tuple(_from_note(kb, kb.internal_options[o]) for o in decision.options)
    needs = _need_advice(profile, kb)
    profile_advice = _profile_advice(profile, verdict, kb)
    risks = _risks(profile, verdict, route_result, kb)
    checklist = _checklist(profile, verdict, route_result, kb)
    partners = suggest_partners(profile)
    notes = _partner_notes(verdict, profile, kb)
    route_sources = [route_result.summary] if route_result and route_result.summary else []
    return AdviceResult(
        verdict=verdict, verdict_label=note.label, verdict_messages=note.messages,
        reasons=reasons, mission_families=families, internal_options=options,
        missing=tuple(kb.missing[m] for m in missing), need_advice=needs,
        profile_advice=profile_advice, route=route_result, risks=risks, checklist=checklist,
        partners=partners, partner_notes=notes,
        sources=_all_sources([note], reasons, families, options, needs, profile_advice, risks,
                             checklist, partners, notes, route_sources))


# --------------------------------------------------------------------------- #
# Questions answered at any time
# --------------------------------------------------------------------------- #

def _included(kind: str, at: dt.date, kb: Knowledge) -> List[Tuple[str, Tuple[str, ...]]]:
    """(message, sources) pairs generated from other data for a topic."""
    if kind == "mission_families":
        groups = kb.expert_groups
        return [(f"{f.label} : {f.summary}", f.sources) for f in kb.families.values()] + [
            (f"{groups.label} : {groups.messages[0][:1].lower()}{groups.messages[0][1:]}",
             groups.sources)]
    if kind == "need_kinds":
        return [(f"{n.label} : {n.summary}", n.sources) for n in kb.need_kinds.values()]
    if kind == "risks":
        return [(f"{r.label}. {r.mitigation[0]}", r.sources) for r in kb.risks.values()]
    if kind == "success_conditions":
        return [(f"{c.label} : {c.checklist}", c.sources) for c in kb.conditions.values()]
    if kind == "internal_options":
        return [(o.messages[0], o.sources) for o in kb.internal_options.values()]
    if kind == "partners":
        items = []
        for p in kb.partners.values():
            if p.active_at(at):
                # (the Fonds vert finances, it does not accompany: said so)
                label = kb.partner_wording.funding_label.format(label=p.label) if p.funding else p.label
                items.append((f"{label}. {p.offer[0]}", p.sources))
                if p.caveat:
                    items.append((p.caveat, p.sources))
        return items
    if kind == "partner_notes":
        return [(m, n.sources) for n in kb.partner_notes.values() for m in n.messages]
    if kind == "public_contracting":
        # The quasi-régie and the cooperation between public buyers (their first
        # message: the rule), then the partners one may join and entrust
        # without competition (their sources cite the quasi-régie: the Cerema).
        notes = [kb.partner_notes[n] for n in ("quasi_regie", "cooperation_public_public")]
        items = [(n.messages[0], n.sources) for n in notes]
        for p in kb.partners.values():
            if p.active_at(at) and "ccp_l2511_1_3" in p.sources:
                items.append((f"{p.label} : {p.offer[-1][:1].lower()}{p.offer[-1][1:]}", p.sources))
        return items
    raise KeyError(f"unknown include {kind!r}")


def topic_size(topic_id: str, at: Optional[dt.date] = None) -> int:
    """How many items the lists a topic includes have (the 7 risks)."""
    kb = load_knowledge()
    return sum(len(_included(kind, at or dt.date.today(), kb)) for kind in kb.topic(topic_id).include)


def answer_topic(topic_id: str, at: Optional[dt.date] = None, part: Optional[slice] = None) -> TopicAnswer:
    """The messages answering a question topic at date ``at`` (today by default).
    ``part``: only these items of its included list, with their sources (the
    3 main risks first, the others when asked)."""
    kb = load_knowledge()
    at = at or dt.date.today()
    topic = kb.topic(topic_id)
    messages, sources = list(topic.messages), list(topic.sources)
    items = []
    included = [pair for kind in topic.include for pair in _included(kind, at, kb)]
    for text, item_sources in (included[part] if part is not None else included):
        messages.append(text)
        items.append(text)
        sources.extend(item_sources)
    messages.extend(topic.outro)
    for rule_id in topic.rules:
        text = rule_text_at(rule_id, at, kb)
        if text is not None:
            messages.append(text.text)
            sources.extend(text.sources)
    sources = list(dict.fromkeys(sources))
    return TopicAnswer(topic.id, topic.label, tuple(messages), tuple(sources), kb.sources_text(sources),
                       tuple(items))


def answer_term(term_id: str) -> TopicAnswer:
    """The definition of a term (``ask_definition``)."""
    kb = load_knowledge()
    term = kb.term(term_id)
    return TopicAnswer(term.id, term.display, term.messages, term.sources, kb.sources_text(term))


def answer_rough_price() -> TopicAnswer:
    """« en gros, une fourchette ? », « même approximatif ? » right after the
    price answer: no range even a rough one (topic ``price_rough``), then the
    advice of the price topic on estimating the cost (its second message, from
    the fiche, as ``price_rough``'s source), not the whole price answer again."""
    kb = load_knowledge()
    rough, price = kb.topic("price_rough"), kb.topic("price")
    messages = (*rough.messages, *price.messages[1:2])
    return TopicAnswer(rough.id, rough.label, messages, rough.sources, kb.sources_text(rough.sources))


def free_offer(programme: Programme) -> Optional[str]:
    """The line of a partner's or programme's offer that says it is free
    (« Le CAUE conseille gratuitement les collectivités… »), or None when its
    data say nothing of the cost (« et c'est gratuit ? » after the CAUE's
    card got the list of the partners: live test, session 25)."""
    from assistant.text import fold
    return next((line for line in programme.offer if "gratuit" in fold(line)), None)


def eligibility_answer(programme, structure_type: Optional[str], population: Optional[float]
                       ) -> Optional[Tuple[bool, str]]:
    """Whether the asker may use a partner or a programme of partners.yml,
    from its conditions of structure and size: (True, « D'après ses
    conditions, une commune de 2 000 habitants y a accès. Public visé : … »),
    (False, « … n'y a pas accès. … »), or None when what is known does not
    decide it (no condition, nothing known, a size needed and not said).
    Theme conditions are left to the card (« villages d'avenir, on est 4200
    hab, on peut ? » got a generic card, live test, session 17)."""
    kb = load_knowledge()
    conditions = programme.eligibility
    structure = structure_type if structure_type in STRUCTURE_TYPES else None
    size = population if isinstance(population, (int, float)) and not isinstance(population, bool) \
        and population > 0 else None
    if not conditions or (structure is None and size is None):
        return None

    def structure_ok(cond: Eligibility) -> bool:
        return structure is None or structure in cond.structure_types

    def size_ok(cond: Eligibility) -> bool:
        return cond.population_below is None or size is None or size < cond.population_below

    if not any(structure_ok(c) and size_ok(c) for c in conditions):
        allowed = False
    elif structure is not None and any(
            structure in c.structure_types and (c.population_below is None or (size is not None and size < c.population_below))
            for c in conditions):
        allowed = True
    else:
        return None
    wording = kb.partner_wording
    who = wording.structure_one.get(structure, "votre structure") if structure else "votre structure"
    if size is not None:
        who = f"{who} de {format_number(size)} habitants"
    template = wording.eligible if allowed else wording.not_eligible
    return allowed, template.format(who=who, audience=_audience(conditions, kb))


def partner_audience(partner) -> str:
    """Whom a partner (or a programme) of partners.yml is for: « Public visé :
    communes et intercommunalités de moins de 40 000 habitants. »"""
    return _audience(partner.eligibility, load_knowledge())


def answer_public_contracting(named: Sequence[str], at: Optional[dt.date] = None) -> TopicAnswer:
    """Whether a public partner can be entrusted without competition
    (``assistant.questions.public_contracting``): the definition of the term
    named (quasi-régie, SPL, coopération entre acheteurs publics: the rule, its
    condition, to have it checked), of both when both are named, or the ways
    of entrusting a public partner in general (``named`` empty)."""
    kb = load_knowledge()
    terms = [kb.term(t) for t in dict.fromkeys(named)]
    if not terms:
        return answer_topic("public_partner_contracting", at)
    if len(terms) == 1:
        return answer_term(terms[0].id)
    messages = [t.messages[0] for t in terms]
    messages += [m for t in terms for m in t.messages[1:] if m not in messages]
    sources = tuple(dict.fromkeys(s for t in terms for s in t.sources))
    return TopicAnswer("+".join(t.id for t in terms), " ; ".join(t.display for t in terms),
                       tuple(dict.fromkeys(messages)), sources, kb.sources_text(sources))


@dataclass(frozen=True)
class _Launch:
    """Where a launch date stands against the rule environmental_criterion."""
    state: str          # "applies" | "before" | "depends" (a month or a year straddling its start)
    when: str           # « aujourd'hui », « le 1er septembre 2026 », « en janvier 2027 », « en 2026 »
    near: bool          # the date asked is within a day of the start: its caveat applies


def _criterion_launch(at: dt.date, period=None) -> Tuple[_Launch, Rule, Period]:
    """The launch date asked (``period``, or ``at`` without one) against the
    first period of the rule environmental_criterion of procurement.yml; also
    the rule and that period."""
    rule = load_knowledge().rule("environmental_criterion")
    first = rule.periods[0]
    start, end = (period.start, period.end) if period is not None else (at, at)
    when = "aujourd'hui" if period is None else (
        f"le {format_date_fr(start)}" if period.kind == "day" else
        f"en {format_date_fr(start).split(' ', 1)[1]}" if period.kind == "month" else f"en {start.year}")
    state = "applies" if start >= first.start else "before" if end < first.start else "depends"
    near = start <= first.start + dt.timedelta(days=1) and end >= first.start - dt.timedelta(days=1)
    return _Launch(state, when, near), rule, first


def answer_criterion(at: dt.date, period=None, when: bool = False) -> TopicAnswer:
    """Whether the environmental award criterion (L2152-7) is compulsory for a
    consultation launched in ``period`` (an ``assistant.amounts.DatePeriod``:
    « en janvier 2027 », « le 1er septembre 2026 »), or on ``at`` without one:
    « Oui » or « Non, pas encore » first, for that date, from the dated rule of
    procurement.yml (« Cela dépend du jour » for a month or a year that
    straddles its start), its caveat when the date is close to the start, then
    how to announce it. ``when``: the question asks from when (« qd est ce que
    le critère environnemental devient obligatoire ? » got « Oui : … », live
    test, session 11): the date first, with its caveat."""
    kb = load_knowledge()
    launch, rule, first = _criterion_launch(at, period)
    key = {"applies": "criterion_yes", "before": "criterion_not_yet", "depends": "criterion_depends"}[launch.state]
    if key == "criterion_not_yet" and first.start <= at:
        key = "criterion_was_not"       # (in force today: not « pas encore »)
    if when and period is None:
        key = "criterion_when"
    template = kb.text(key)
    lead = template.render(date=launch.when, start=format_date_fr(first.start), reference=rule.reference)
    messages = [lead]
    if first.caveat and (launch.near or key == "criterion_when"):
        messages[0] += " " + first.caveat
    how = kb.text("criterion_how")
    messages.append(how.text)
    sources = tuple(dict.fromkeys((*template.sources, *first.sources, *how.sources)))
    return TopicAnswer("environmental_criterion", rule.label, tuple(messages), sources,
                       kb.sources_text(sources))


def answer_criterion_without_consultation(at: dt.date, period=None) -> Optional[TopicAnswer]:
    """« le critère environnemental c'est obligatoire pour un devis à 10 000 ? »:
    under the dispense threshold the purchase may be concluded without a
    consultation, so no criteria need be announced; the rule (L2152-7) binds
    the consultations, from its start. It got « Oui : … au moins un critère de
    choix doit porter sur … » (live test, session 23). The text said after the
    route of that amount; None when the rule does not apply yet at that date
    (``answer_criterion`` says « pas encore »)."""
    kb = load_knowledge()
    launch, rule, first = _criterion_launch(at, period)
    if launch.state != "applies":
        return None
    template = kb.text("criterion_without_consultation")
    text = template.render(start=format_date_fr(first.start), reference=rule.reference)
    sources = tuple(dict.fromkeys((*template.sources, *first.sources)))
    return TopicAnswer("environmental_criterion", rule.label, (text,), sources, kb.sources_text(sources))


def answer_price_weight(weight: int, at: dt.date, period=None) -> TopicAnswer:
    """« le prix a 70% ca va ? », « on peut mettre 100 % prix ? », « le prix
    le plus bas seulement, c'est légal ? » (``weight`` 100): what the data
    says about that weight of the price criterion for a consultation launched
    in ``period`` (an ``assistant.amounts.DatePeriod``), or on ``at`` (the
    date of the question) without one, then the weighting the fiche de
    cadrage proposes (fiche.yml; no rule fixes weights).

    The price as the only criterion is read against the dated rule
    environmental_criterion (procurement.yml): « Non » and the reason, with
    the rule's caveat on its date, for a consultation launched since its
    start; « Cela dépend du jour » for a month or a year straddling it; before
    it, the usual answer on a heavy weight and when the rule starts. A lower
    weight gets the usual answer (heavy or moderate, against the fiche's price
    weight) and, when the rule applies, that the rest of the weighting must
    include an environmental criterion."""
    kb = load_knowledge()
    criteria = kb.fiche.weighting.criteria
    suggested = next(c.weight for c in criteria if c.id == "prix")
    launch, rule, first = _criterion_launch(at, period)
    dated = dict(date=launch.when, start=format_date_fr(first.start), reference=rule.reference)
    usual = kb.text("price_weight_heavy" if weight > suggested else "price_weight_moderate")
    if weight >= 100:
        # The price alone, before the environmental criterion: only for
        # standardised services or supplies (R2152-7), which a mission of
        # advice is not; it was « c'est permis » (session 11)
        usual = kb.text("price_only_standardised")
    usual_text = usual.render(weight=_percent(weight), suggested=_percent(suggested))
    if weight >= 100 and launch.state != "before":
        lead = kb.text("price_only_no" if launch.state == "applies" else "price_only_depends")
        leads = [(lead, " ".join(t for t in (lead.render(**dated), first.caveat) if t))]
    else:
        leads = [(usual, usual_text)]
        key = ("price_only_before" if weight >= 100 and launch.state == "before" else
               "price_weight_rest" if launch.state == "applies" else
               "price_weight_rest_depends" if launch.state == "depends" else None)
        if key is not None:
            note = kb.text(key)
            caveat = first.caveat if launch.near else None
            leads.append((note, " ".join(t for t in (note.render(**dated), caveat) if t)))
    suggestion = kb.text("price_weight_suggestion")
    listed = ", ".join(f"{c.label[0].lower()}{c.label[1:]} {_percent(c.weight)}" for c in criteria)
    messages = (*(text for _, text in leads), suggestion.render(criteria=listed))
    legal = first.sources if any(t is not usual for t, _ in leads) else ()
    sources = tuple(dict.fromkeys((*(s for t, _ in leads for s in t.sources), *legal, *suggestion.sources)))
    return TopicAnswer("price_weight", kb.topic("criteria").label, messages, sources, kb.sources_text(sources))


# Whom to ask how to choose among the formalised procedures (partners.yml):
# the departmental technical agency, Territoires Conseils' free legal line.
FORMALISED_ADVISERS = ("agence_technique_departementale", "banque_des_territoires")


def answer_formalised(at: dt.date, buyer: str, when: Optional[str] = None) -> TopicAnswer:
    """« quelle procédure formalisée choisir ? », « appel d'offres ou
    procédure avec négociation ? »: the formalised procedures, when they are
    required at ``at`` (``assistant.procurement.formalised_procedures``), and
    whom to ask how to choose among them, which the data do not say."""
    kb = load_knowledge()
    advisers = [kb.partner(p) for p in FORMALISED_ADVISERS]
    partners = ", ou ".join(_to(p.contact) for p in advisers)
    texts = formalised_procedures(at, buyer, when, partners)
    sources = tuple(dict.fromkeys([s for t in texts for s in t.sources] + [s for p in advisers for s in p.sources]))
    return TopicAnswer("formalised_procedures", "Les procédures formalisées", tuple(t.text for t in texts),
                       sources, kb.sources_text(sources))


def _to(phrase: str) -> str:
    """« à » before a noun phrase: « au service … », « aux … », « à l'agence … »."""
    for article, contracted in (("le ", "au "), ("les ", "aux ")):
        if phrase.startswith(article):
            return contracted + phrase[len(article):]
    return f"à {phrase}"


def _percent(value: int) -> str:
    """60 → « 60 % » (narrow no-break space)."""
    return f"{value}\u202f%"


def answer_comparison(term_ids: Sequence[str], both: bool = False, architect: bool = False) -> TopicAnswer:
    """« quelle différence entre AMO et mandataire ? »: each term in its first
    message, one under the other, then the sentence of the second that sets it
    against the first, if it has one (« L'AMO conseille ; le mandataire,
    lui, … »), not two whole definitions. ``both`` (« j'ai besoin des deux
    ? », AMO and MOE): whether both are needed, first. ``architect``: the
    architect named is compared as the MOE, said first."""
    kb = load_knowledge()
    terms = [kb.term(t) for t in dict.fromkeys(term_ids)]
    lead: List[str] = []
    sources: List[str] = []
    for topic_id, wanted in (("amo_and_moe_both", both and {t.id for t in terms} == {"amo", "moe"}),
                             ("architect_moe", architect)):
        if wanted:
            topic = kb.topic(topic_id)
            lead.extend(topic.messages)
            sources.extend(topic.sources)
    items = tuple(t.messages[0] for t in terms)
    first, second = terms[0], terms[-1]
    names = [n for n in (first.acronym, first.label) if n]
    contrast = next((m for m in second.messages[1:]
                     if any(n.lower() in m.lower() for n in names)), None)
    messages = [*lead, "En bref :", *items, *([contrast] if contrast else [])]
    sources.extend(s for t in terms for s in t.sources)
    sources = list(dict.fromkeys(sources))
    return TopicAnswer("+".join(t.id for t in terms), " ; ".join(t.display for t in terms),
                       tuple(messages), tuple(sources), kb.sources_text(sources), items)
