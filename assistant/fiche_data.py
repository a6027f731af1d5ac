"""The texts of the fiche de cadrage (``knowledge/fiche.yml``), typed and validated.

Parsed by ``assistant.knowledge.load_knowledge_from`` with the rest of the
knowledge base (``Knowledge.fiche``), with the same strict reader: unknown
keys, unknown source, condition or rule ids, a weighting that does not add up
to 100… raise a ``KnowledgeError`` naming the file and the entry.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional, Tuple

from assistant.knowledge import (VERDICTS, KnowledgeError, Rule, Source, SuccessCondition, _frozen,
                                 _read_yaml, _Reader)
from assistant.profile import (DURATIONS, PARTNER_STATUSES, RESOURCES, SPONSOR, STRUCTURE_TYPES,
                               THEMES)

FICHE_FILE = "fiche.yml"
WORDING_KEYS = (
    "title", "subtitle", "date_line", "not_given", "unknown", "to_clarify", "population",
    "partners_named", "reasons", "families", "examples", "partners", "contact", "options",
    "missing", "prerequisites", "needs", "thresholds", "obligations", "no_amount", "your_estimate", "emphasis",
    "mitigation", "weighting", "phases", "no_risk", "sources_intro", "disclaimer", "footer",
    "chat_ready", "link_pdf", "link_markdown", "chat_private", "chat_failed")
SECTION_IDS = ("profile", "verdict", "procurement", "dce", "governance", "risks", "references")
PROFILE_FIELDS = ("structure_type", "population", "project", "theme", "need_kinds", "duration",
                  "internal_resources", "partners_status", "sponsor", "amount")
PROFILE_VALUES = {"structure_type": STRUCTURE_TYPES, "theme": tuple(THEMES), "duration": DURATIONS,
                  "internal_resources": RESOURCES, "partners_status": PARTNER_STATUSES,
                  "sponsor": SPONSOR}
POSTURES = ("collaborer", "cooperer")
TABLES = {"weighting": 3, "phases": 3}
WEIGHT_TOTAL = 100


@dataclass(frozen=True)
class FicheSection:
    id: str
    title: str                       # may hold {date}
    verdicts: Tuple[str, ...]        # shown for these verdicts
    intro: Mapping[str, str]         # verdict -> first sentence


@dataclass(frozen=True)
class FicheItem:
    """A point of the DCE checklist or of the governance."""
    id: str
    label: str
    text: str
    conditions: Tuple[str, ...]      # success.yml ids whose emphasis is shown
    verdicts: Tuple[str, ...]
    sources: Tuple[str, ...]
    # Under the dispense threshold, where there is no règlement de la
    # consultation: the item as written in a demande de devis (None: ``text``).
    dispense_text: Optional[str] = None
    dispense_sources: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    weight: int                      # percent, a suggestion
    rationale: str
    rule: Optional[str]              # a dated rule of procurement.yml
    sources: Tuple[str, ...]


@dataclass(frozen=True)
class Weighting:
    intro: str
    dispense_note: str
    criteria: Tuple[Criterion, ...]

    @property
    def sources(self) -> Tuple[str, ...]:
        return tuple(dict.fromkeys(s for c in self.criteria for s in c.sources))


@dataclass(frozen=True)
class Phase:
    label: str
    posture: str                     # POSTURES
    why: str


@dataclass(frozen=True)
class Phases:
    verdicts: Tuple[str, ...]
    items: Tuple[Phase, ...]
    sources: Tuple[str, ...]


@dataclass(frozen=True)
class FicheData:
    wording: Mapping[str, str]
    tables: Mapping[str, Tuple[str, ...]]
    postures: Mapping[str, str]
    sections: Mapping[str, FicheSection]
    fields: Mapping[str, str]                     # profile field -> label
    values: Mapping[str, Mapping[str, str]]       # profile field -> canonical id -> label
    dce_dispense_intro: str
    dce: Tuple[FicheItem, ...]
    weighting: Weighting
    governance: Tuple[FicheItem, ...]
    phases: Phases

    def word(self, key: str, **values: Any) -> str:
        text = self.wording[key]
        return text.format(**values) if values else text


# --------------------------------------------------------------------------- #
# Parsing
# --------------------------------------------------------------------------- #

def _labels(r: _Reader, node: Any, where: str, expected: Tuple[str, ...]) -> Mapping[str, str]:
    labels = {k: r.template(v, f"{where}.{k}") for k, v in r.entries(node, where).items()}
    r.exact_keys(labels, where, expected)
    return _frozen(labels)


def _verdicts(r: _Reader, node: Any, where: str) -> Tuple[str, ...]:
    return VERDICTS if node is None else r.ids(node, where, VERDICTS)


def _sections(r: _Reader, node: Any) -> Mapping[str, FicheSection]:
    result = {}
    for sid, snode in r.entries(node, "sections").items():
        w = f"sections.{sid}"
        f = r.fields(snode, w, ["title"], ["verdicts", "intro"])
        intro = {k: r.text(v, f"{w}.intro.{k}") for k, v in (f.get("intro") or {}).items()}
        r.ids(list(intro), f"{w}.intro", VERDICTS, allow_empty=True)
        result[sid] = FicheSection(sid, r.template(f["title"], f"{w}.title"),
                                   _verdicts(r, f.get("verdicts"), f"{w}.verdicts"), _frozen(intro))
    r.exact_keys(result, "sections", SECTION_IDS)
    return _frozen(result)


def _items(r: _Reader, node: Any, where: str, conditions) -> Tuple[FicheItem, ...]:
    items = []
    for iid, inode in r.entries(node, where).items():
        w = f"{where}.{iid}"
        f = r.fields(inode, w, ["label", "text", "sources"], ["conditions", "verdicts", "dispense"])
        dispense_text, dispense_sources = None, ()
        if f.get("dispense") is not None:
            d = r.fields(f["dispense"], f"{w}.dispense", ["text", "sources"])
            dispense_text = r.text(d["text"], f"{w}.dispense.text")
            dispense_sources = r.sources_of(d["sources"], f"{w}.dispense.sources")
        items.append(FicheItem(iid, r.text(f["label"], f"{w}.label"), r.text(f["text"], f"{w}.text"),
                               r.ids(f.get("conditions"), f"{w}.conditions", conditions,
                                     allow_empty=True),
                               _verdicts(r, f.get("verdicts"), f"{w}.verdicts"),
                               r.sources_of(f["sources"], f"{w}.sources"),
                               dispense_text, dispense_sources))
    return tuple(items)


def _weight(r: _Reader, value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= WEIGHT_TOTAL:
        raise r.fail(where, f"expected a whole percentage between 1 and 100, got {value!r}")
    return value


def _weighting(r: _Reader, node: Any, rules) -> Weighting:
    f = r.fields(node, "weighting", ["intro", "dispense_note", "criteria"])
    criteria = []
    for cid, cnode in r.entries(f["criteria"], "weighting.criteria").items():
        w = f"weighting.criteria.{cid}"
        c = r.fields(cnode, w, ["label", "weight", "rationale", "sources"], ["rule"])
        rule = r.ids([c["rule"]], f"{w}.rule", rules)[0] if c.get("rule") is not None else None
        criteria.append(Criterion(cid, r.text(c["label"], f"{w}.label"), _weight(r, c["weight"], f"{w}.weight"),
                                  r.text(c["rationale"], f"{w}.rationale"), rule,
                                  r.sources_of(c["sources"], f"{w}.sources")))
    total = sum(c.weight for c in criteria)
    if total != WEIGHT_TOTAL:
        raise r.fail("weighting.criteria", f"weights add up to {total}, not {WEIGHT_TOTAL}")
    return Weighting(r.text(f["intro"], "weighting.intro"),
                     r.text(f["dispense_note"], "weighting.dispense_note"), tuple(criteria))


def _phases(r: _Reader, node: Any) -> Phases:
    f = r.fields(node, "governance.phases", ["items", "sources"], ["verdicts"])
    if not isinstance(f["items"], list) or not f["items"]:
        raise r.fail("governance.phases.items", "expected a non-empty list")
    phases = []
    for i, pnode in enumerate(f["items"]):
        w = f"governance.phases.items[{i}]"
        p = r.fields(pnode, w, ["label", "posture", "why"])
        posture = r.ids([p["posture"]], f"{w}.posture", POSTURES)[0]
        phases.append(Phase(r.text(p["label"], f"{w}.label"), posture, r.text(p["why"], f"{w}.why")))
    return Phases(_verdicts(r, f.get("verdicts"), "governance.phases.verdicts"), tuple(phases),
                  r.sources_of(f["sources"], "governance.phases.sources"))


def _profile(r: _Reader, node: Any):
    f = r.fields(node, "profile", ["fields", *PROFILE_VALUES])
    fields = _labels(r, f["fields"], "profile.fields", PROFILE_FIELDS)
    values = {k: _labels(r, f[k], f"profile.{k}", ids) for k, ids in PROFILE_VALUES.items()}
    return fields, _frozen(values)


def _tables(r: _Reader, node: Any) -> Mapping[str, Tuple[str, ...]]:
    tables = {k: r.texts(v, f"tables.{k}") for k, v in r.entries(node, "tables").items()}
    r.exact_keys(tables, "tables", tuple(TABLES))
    for key, width in TABLES.items():
        if len(tables[key]) != width:
            raise r.fail(f"tables.{key}", f"expected {width} column headers")
    return _frozen(tables)


def parse_fiche(directory: Path, sources: Mapping[str, Source], rules: Mapping[str, Rule],
                conditions: Mapping[str, SuccessCondition]) -> FicheData:
    """Read and validate ``fiche.yml`` of ``directory`` against the other data."""
    r, data = _read_yaml(directory, FICHE_FILE, ["wording", "tables", "postures", "sections",
                                                 "profile", "dce", "weighting", "governance"])
    r.sources = sources
    fields, values = _profile(r, data["profile"])
    dce = r.fields(data["dce"], "dce", ["dispense_intro", "items"])
    governance = r.fields(data["governance"], "governance", ["items", "phases"])
    return FicheData(
        wording=_labels(r, data["wording"], "wording", WORDING_KEYS),
        tables=_tables(r, data["tables"]),
        postures=_labels(r, data["postures"], "postures", POSTURES),
        sections=_sections(r, data["sections"]), fields=fields, values=values,
        dce_dispense_intro=r.text(dce["dispense_intro"], "dce.dispense_intro"),
        dce=_items(r, dce["items"], "dce.items", conditions),
        weighting=_weighting(r, data["weighting"], rules),
        governance=_items(r, governance["items"], "governance.items", conditions),
        phases=_phases(r, governance["phases"]))


__all__ = ["FicheData", "FicheItem", "FicheSection", "Criterion", "Weighting", "Phase", "Phases",
           "parse_fiche", "KnowledgeError"]
