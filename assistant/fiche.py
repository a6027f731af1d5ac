"""The fiche de cadrage: the diagnostic's result as a one-to-three-page document.

``build_fiche(profile, result)`` arranges into a ``Fiche`` (sections of
blocks) the texts of the knowledge data (``knowledge/fiche.yml`` and the rest)
and of the engine's ``AdviceResult``: Python writes no sentence here.
``to_markdown(fiche)`` renders it as Markdown; ``assistant.fiche_pdf`` renders
the same ``Fiche`` as HTML and PDF. ``write_fiche`` stores the Markdown and the
HTML under an unguessable id (``assistant.fiche_store``); ``ensure_pdf`` renders
the PDF the first time it is asked for; ``purge_fiches`` deletes old fiches.

Every string of a ``Fiche`` is final text (French typography applied); user
text (the project) is never trusted: the renderers escape every string.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, List, Optional, Sequence, Tuple

from assistant.amounts import ttc_label, typed_ttc
from assistant.engine import PREREQUISITES, AdviceResult, known_needs
from assistant.fiche_data import FicheData, FicheItem
from assistant.fiche_store import StoredFiche, fiche_path, purge_fiches, save_fiche, store_file
from assistant.knowledge import Knowledge, format_date_fr, load_knowledge
from assistant.procurement import SourcedText, criterion_text, describe_rules
from assistant.profile import UNKNOWN, Profile
from assistant.typography import NBSP, NNBSP, format_eur, format_number, fr_typo

BLOCK_KINDS = ("text", "lead", "warning", "note", "heading", "items", "checklist", "table")
MAX_PARTNERS = 4
MAX_EXAMPLES = 2

__all__ = ["Item", "Block", "Section", "Fiche", "build_fiche", "to_markdown", "write_fiche",
           "ensure_pdf", "purge_fiches", "StoredFiche"]


# --------------------------------------------------------------------------- #
# The document
# --------------------------------------------------------------------------- #

@dataclass(frozen=True)
class Item:
    text: str
    label: Optional[str] = None          # bold lead-in
    details: Tuple[str, ...] = ()        # lines under the item
    url: Optional[str] = None            # a link (sources)
    source: Optional[str] = None         # « Sources : … », right after the text


@dataclass(frozen=True)
class Block:
    kind: str                            # BLOCK_KINDS
    text: str = ""                       # paragraph, or the title of a list
    items: Tuple[Item, ...] = ()
    rows: Tuple[Tuple[str, ...], ...] = ()   # table: header row first


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: Tuple[Block, ...]


@dataclass(frozen=True)
class Fiche:
    date: dt.date
    verdict: str
    title: str
    subtitle: str
    date_line: str
    sections: Tuple[Section, ...]
    sources: Tuple[str, ...]             # source ids cited, in order of first citation
    disclaimer: str
    footer: str

    def section(self, section_id: str) -> Optional[Section]:
        return next((s for s in self.sections if s.id == section_id), None)


_BLANKS = re.compile(r"[ \t\r\n\f\v]+")      # not the no-break spaces (str.split() would eat them)


def one_line(text: str) -> str:
    return _BLANKS.sub(" ", str(text)).strip()


def _t(text: str) -> str:
    """Final text: one line, French typography."""
    return fr_typo(one_line(text))


def _item(text: str, label: Optional[str] = None, details: Iterable[Optional[str]] = (),
          url: Optional[str] = None, source: Optional[str] = None) -> Item:
    return Item(_t(text), _t(label) if label else None, tuple(_t(d) for d in details if d), url,
                _t(source) if source else None)


def _block(kind: str, text: str = "", items: Iterable[Item] = (),
           rows: Sequence[Sequence[str]] = ()) -> Block:
    return Block(kind, _t(text) if text else "", tuple(items), tuple(tuple(_t(c) for c in r) for r in rows))


class _Context:
    """What the section builders share, and the sources they cite."""

    def __init__(self, profile: Profile, result: AdviceResult, kb: Knowledge):
        self.profile, self.result, self.kb, self.data = profile, result, kb, kb.fiche
        self.cited: dict = {}

    @property
    def verdict(self) -> str:
        return self.result.verdict

    @property
    def dispense(self) -> bool:
        route = self.result.route
        return route is not None and route.route == "dispense"

    def cite(self, *groups: Iterable[str]) -> None:
        for group in groups:
            for source_id in group:
                self.cited.setdefault(source_id, None)

    def cite_items(self, items: Iterable[object]) -> None:
        for item in items:
            self.cite(getattr(item, "sources", ()))

    def word(self, key: str, **values) -> str:
        return self.data.word(key, **values)

    def title(self, section_id: str) -> str:
        return self.data.sections[section_id].title.format(date=format_date_fr(self.profile.date))

    def shown(self, section_id: str) -> bool:
        return self.verdict in self.data.sections[section_id].verdicts

    def intro(self, section_id: str) -> List[Block]:
        text = self.data.sections[section_id].intro.get(self.verdict)
        return [_block("text", text)] if text else []


# --------------------------------------------------------------------------- #
# Profile
# --------------------------------------------------------------------------- #

def _is_unset(value) -> bool:
    return value is None or value == UNKNOWN


def _label(ctx: _Context, field: str, value: Optional[str]) -> str:
    if value is None:
        return ctx.word("not_given")
    if value == UNKNOWN:
        return ctx.word("unknown")
    return ctx.data.values[field][value]


def _needs_label(ctx: _Context) -> str:
    labels = [ctx.kb.need_kinds[n].label for n in known_needs(ctx.profile)]
    if UNKNOWN in ctx.profile.need_kinds:
        labels.append(ctx.word("unknown"))
    return ", ".join(labels) or ctx.word("not_given")


def _partners_label(ctx: _Context) -> str:
    text = _label(ctx, "partners_status", ctx.profile.partners_status)
    named = sorted(ctx.profile.partners_consulted)
    if named:
        names = ", ".join(ctx.kb.partners[p].label if p in ctx.kb.partners else p for p in named)
        text = f"{text} ; {ctx.word('partners_named', partners=names)}"
    return text


def _amount_typed(p: Profile) -> str:
    """The amount in € HT; for an amount typed TTC, that amount first, then
    its HT value (``ttc_label``, final F-L2): the user finds what they typed."""
    ttc = typed_ttc(p.amount_ht, p.amount_ttc)
    return ttc_label(ttc, p.amount_ht) if ttc else format_eur(p.amount_ht)


def _amount_label(ctx: _Context) -> str:
    p = ctx.profile
    if p.amount_ht is not None:
        return _amount_typed(p)
    return ctx.word("unknown") if p.amount_unknown else ctx.word("not_given")


def _population_label(ctx: _Context) -> str:
    if ctx.profile.population is None:
        return ctx.word("not_given")
    return ctx.word("population", population=format_number(ctx.profile.population))


def _profile_values(ctx: _Context) -> List[Tuple[str, str, bool]]:
    """(field, value shown, left unknown) for each field of the profile."""
    p = ctx.profile
    project = (p.project or "").strip()
    return [
        ("structure_type", _label(ctx, "structure_type", p.structure_type), _is_unset(p.structure_type)),
        ("population", _population_label(ctx), p.population is None),
        ("project", project or ctx.word("not_given"), not project),
        ("theme", _label(ctx, "theme", p.theme), _is_unset(p.theme)),
        ("need_kinds", _needs_label(ctx), not known_needs(p)),
        ("duration", _label(ctx, "duration", p.duration), _is_unset(p.duration)),
        ("internal_resources", _label(ctx, "internal_resources", p.internal_resources),
         _is_unset(p.internal_resources)),
        ("partners_status", _partners_label(ctx), _is_unset(p.partners_status)),
        ("sponsor", _label(ctx, "sponsor", p.sponsor), _is_unset(p.sponsor)),
        ("amount", _amount_label(ctx), p.amount_ht is None),
    ]


def _profile_section(ctx: _Context) -> Section:
    values = _profile_values(ctx)
    fields = ctx.data.fields
    blocks = [_block("items", items=[_item(value, fields[f]) for f, value, _ in values])]
    unknown = [fields[f] for f, _, unset in values if unset]
    if unknown:
        blocks.append(_block("note", f"{ctx.word('to_clarify')} {', '.join(unknown)}."))
    return Section("profile", ctx.title("profile"), tuple(blocks))


# --------------------------------------------------------------------------- #
# Verdict
# --------------------------------------------------------------------------- #

def _families(ctx: _Context) -> List[Block]:
    families = ctx.result.mission_families
    ctx.cite_items(families)
    items = [_item(f"{f.summary} {ctx.word('examples')} {' ; '.join(f.examples[:MAX_EXAMPLES])}."
                   if f.examples else f.summary, f.label) for f in families]
    return [_block("items", ctx.word("families"), items)]


def _partners(ctx: _Context) -> List[Block]:
    partners = [p for p in ctx.result.partners
                if (p.can_help or not p.already_consulted) and not p.funding][:MAX_PARTNERS]
    ctx.cite_items(partners)
    ctx.cite_items(ctx.result.partner_notes)
    items = [_item(p.offer[0], p.label, [f"{ctx.word('contact')} {p.contact}.", p.caveat])
             for p in partners]
    blocks = [_block("items", ctx.word("partners"), items)] if items else []
    return blocks + [_block("note", n.text) for n in ctx.result.partner_notes]


def _options(ctx: _Context) -> List[Block]:
    ctx.cite_items(ctx.result.internal_options)
    return [_block("items", ctx.word("options"), [_item(o.text) for o in ctx.result.internal_options])]


def _missing(ctx: _Context) -> List[Block]:
    return [_block("items", ctx.word("missing"), [_item(m) for m in ctx.result.missing])]


_SPECIFICS = {"hire_amo": _families, "consult_partners": _partners, "internalise": _options,
              "need_more_info": _missing}


def _profile_advice(ctx: _Context) -> list:
    """The engine's advice on the profile; « partners_named » speaks of the partners
    listed below it, so only where they are (the profile already names them)."""
    return [a for a in ctx.result.profile_advice
            if a.id != "partners_named" or ctx.verdict == "consult_partners"]


def _verdict_section(ctx: _Context) -> Section:
    r = ctx.result
    advice = _profile_advice(ctx)
    ctx.cite(ctx.kb.verdicts[r.verdict].sources)
    ctx.cite_items(r.reasons)
    ctx.cite_items(r.need_advice)
    ctx.cite_items(advice)
    blocks = [_block("lead", r.verdict_label), _block("text", " ".join(r.verdict_messages))]
    first = [_item(a.text) for a in r.reasons if a.id in PREREQUISITES]
    why = [_item(a.text) for a in r.reasons if a.id not in PREREQUISITES]
    if first:
        blocks.append(_block("items", ctx.word("prerequisites"), first))
    if why:
        blocks.append(_block("items", ctx.word("reasons"), why))
    blocks += _SPECIFICS[r.verdict](ctx)
    notes = [_item(n.messages[-1], n.label) for n in r.need_advice]
    notes += [_item(a.text) for a in advice]
    blocks.append(_block("items", ctx.word("needs"), notes))
    return Section("verdict", ctx.title("verdict"), tuple(blocks))


# --------------------------------------------------------------------------- #
# Procurement
# --------------------------------------------------------------------------- #

def _sourced(ctx: _Context, kind: str, text: Optional[SourcedText]) -> List[Block]:
    if text is None:
        return []
    ctx.cite(text.sources)
    return [_block(kind, text.text)]


def _thresholds(ctx: _Context) -> List[Block]:
    """The service thresholds in force at the fiche's date, each with its sources."""
    overview = describe_rules(ctx.profile.date, ctx.profile.buyer)
    if not overview.covered:
        return _sourced(ctx, "warning", overview.no_data)
    items = []
    for applied, line in zip(overview.thresholds, overview.lines):
        if ctx.kb.rule(applied.rule_id).category != "travaux":
            ctx.cite(applied.sources)
            items.append(_item(line.text, source=applied.source_text))
    return [_block("items", ctx.word("thresholds"), items)]


def _route_blocks(ctx: _Context) -> List[Block]:
    route = ctx.result.route
    if route is None:
        return [_block("text", ctx.word("no_amount"))]
    if not route.covered:
        return _sourced(ctx, "warning", route.no_data)
    blocks = _sourced(ctx, "lead", route.summary) + _sourced(ctx, "warning", route.splitting_warning)
    blocks += _sourced(ctx, "text", route.publicity)
    ctx.cite(*(o.sources for o in route.obligations))
    blocks.append(_block("items", ctx.word("obligations"), [_item(o.text) for o in route.obligations]))
    for note in route.notes:
        blocks += _sourced(ctx, "note", note)
    return blocks


def _estimated_value(ctx: _Context) -> List[Block]:
    route = ctx.result.route
    if route is not None:
        return _sourced(ctx, "warning", route.estimated_value_warning)
    template = ctx.kb.text("estimated_value")
    ctx.cite(template.sources)
    return [_block("warning", template.render())]


def _procurement_section(ctx: _Context) -> Section:
    blocks = ctx.intro("procurement") + _route_blocks(ctx) + _estimated_value(ctx) + _thresholds(ctx)
    return Section("procurement", ctx.title("procurement"), tuple(dict.fromkeys(blocks)))  # « no data » once


# --------------------------------------------------------------------------- #
# DCE checklist and criteria
# --------------------------------------------------------------------------- #

def _emphases(ctx: _Context, item: FicheItem) -> List[str]:
    """What the engine flags for the profile on the item's conditions."""
    flagged = [c.emphasis for c in ctx.result.checklist
               if c.id in item.conditions and c.priority and c.emphasis]
    return [f"{ctx.word('emphasis')} {e}" for e in dict.fromkeys(flagged)]


def _fiche_item(ctx: _Context, item: FicheItem, extra: Iterable[str] = ()) -> Item:
    if ctx.dispense and item.dispense_text:
        # No règlement de la consultation under the dispense: a demande de devis.
        ctx.cite(item.dispense_sources)
        return _item(item.dispense_text, item.label, [*_emphases(ctx, item), *extra])
    ctx.cite(item.sources)
    return _item(item.text, item.label, [*_emphases(ctx, item), *extra])


def _dce_item(ctx: _Context, item: FicheItem) -> Item:
    extra = []
    if item.id == "budget" and ctx.profile.amount_ht is not None:
        extra.append(ctx.word("your_estimate", amount=_amount_typed(ctx.profile)))
    return _fiche_item(ctx, item, extra)


def _percent(weight: int) -> str:
    return f"{weight}{NNBSP}%"


def _weighting(ctx: _Context) -> List[Block]:
    w = ctx.data.weighting
    ctx.cite(w.sources)
    tables = ctx.data.tables["weighting"]
    rows = [tables] + [(c.label, _percent(c.weight), c.rationale) for c in w.criteria]
    blocks = [_block("heading", ctx.word("weighting")), _block("text", w.intro), _block("table", rows=rows)]
    for criterion in w.criteria:
        if criterion.rule == "environmental_criterion":
            blocks += _sourced(ctx, "note", criterion_text(ctx.profile.date, ctx.kb, horizon=None))
    if ctx.dispense:
        blocks.append(_block("note", w.dispense_note))
    return blocks


def _dce_section(ctx: _Context) -> Section:
    intro = [_block("text", ctx.data.dce_dispense_intro)] if ctx.dispense else ctx.intro("dce")
    items = [_dce_item(ctx, i) for i in ctx.data.dce if ctx.verdict in i.verdicts]
    blocks = intro + [_block("checklist", items=items)] + _weighting(ctx)
    return Section("dce", ctx.title("dce"), tuple(blocks))


# --------------------------------------------------------------------------- #
# Governance, risks, sources
# --------------------------------------------------------------------------- #

def _phases(ctx: _Context) -> List[Block]:
    phases = ctx.data.phases
    if ctx.verdict not in phases.verdicts:
        return []
    ctx.cite(phases.sources)
    rows = [ctx.data.tables["phases"]]
    rows += [(p.label, ctx.data.postures[p.posture], p.why) for p in phases.items]
    return [_block("heading", ctx.word("phases")), _block("table", rows=rows)]


def _governance_section(ctx: _Context) -> Section:
    items = [_fiche_item(ctx, i) for i in ctx.data.governance if ctx.verdict in i.verdicts]
    blocks = [_block("items", items=items)] + _phases(ctx)
    return Section("governance", ctx.title("governance"), tuple(blocks))


def _risks_section(ctx: _Context) -> Section:
    risks = ctx.result.risks
    ctx.cite_items(risks)
    if not risks:
        return Section("risks", ctx.title("risks"), (_block("text", ctx.word("no_risk")),))
    items = [_item(" ".join(r.why), r.label, [f"{ctx.word('mitigation')} {' '.join(r.mitigation)}"])
             for r in risks]
    return Section("risks", ctx.title("risks"), (_block("items", items=items),))


def _cited_sources(ctx: _Context) -> list:
    """The sources cited, in the registry's order (the seed fiche, then the law…)."""
    return [source for source_id, source in ctx.kb.sources.items() if source_id in ctx.cited]


def _references_section(ctx: _Context) -> Section:
    items = [_item(s.label, url=s.url) for s in _cited_sources(ctx)]
    blocks = (_block("text", ctx.word("sources_intro")), _block("items", items=items))
    return Section("references", ctx.title("references"), blocks)


_BUILDERS = (("profile", _profile_section), ("verdict", _verdict_section),
             ("procurement", _procurement_section), ("dce", _dce_section),
             ("governance", _governance_section), ("risks", _risks_section))


def build_fiche(profile: Profile, result: AdviceResult, kb: Optional[Knowledge] = None) -> Fiche:
    """The fiche de cadrage of a profile and of the engine's result for it."""
    ctx = _Context(profile, result, kb or load_knowledge())
    sections = [build(ctx) for section_id, build in _BUILDERS if ctx.shown(section_id)]
    sections.append(_references_section(ctx))
    return Fiche(date=profile.date, verdict=result.verdict, title=_t(ctx.word("title")),
                 subtitle=_t(ctx.word("subtitle")),
                 date_line=_t(ctx.word("date_line", date=format_date_fr(profile.date))),
                 sections=tuple(sections), sources=tuple(s.id for s in _cited_sources(ctx)),
                 disclaimer=_t(ctx.word("disclaimer")), footer=_t(ctx.word("footer")))


# --------------------------------------------------------------------------- #
# Markdown
# --------------------------------------------------------------------------- #

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")


def md_escape(text: str) -> str:
    """Text shown as is by any Markdown renderer (no markup, no HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", one_line(text))


def _md_item(item: Item, prefix: str = "- ") -> List[str]:
    text = md_escape(item.text)
    if item.url:
        text = f"[{text}]({item.url})"
    if item.label:
        text = f"**{md_escape(item.label)}**{NBSP}: {text}"
    if item.source:
        text = f"{text} *{md_escape(item.source)}*"
    return [prefix + text] + [f"  - {md_escape(d)}" for d in item.details]


def _md_table(rows: Tuple[Tuple[str, ...], ...]) -> List[str]:
    head, *body = rows
    lines = ["| " + " | ".join(md_escape(c) for c in head) + " |",
             "|" + "|".join("---" for _ in head) + "|"]
    return lines + ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in body]


def _md_block(block: Block) -> List[str]:
    text = md_escape(block.text)
    if block.kind == "items":
        title = [text, ""] if text else []
        return title + [line for item in block.items for line in _md_item(item)]
    if block.kind == "checklist":
        return [line for item in block.items for line in _md_item(item, "- [ ] ")]
    if block.kind == "table":
        return _md_table(block.rows)
    return {"lead": [f"**{text}**"], "warning": [f"> {text}"], "note": [f"*{text}*"],
            "heading": [f"### {text}"]}.get(block.kind, [text])


def to_markdown(fiche: Fiche) -> str:
    lines = [f"# {md_escape(fiche.title)}", "", f"**{md_escape(fiche.subtitle)}**", "",
             md_escape(fiche.date_line), "", f"*{md_escape(fiche.disclaimer)}*"]
    for section in fiche.sections:
        lines += ["", f"## {md_escape(section.title)}"]
        for block in section.blocks:
            lines += [""] + _md_block(block)
    return "\n".join(lines + [""])


# --------------------------------------------------------------------------- #
# Writing the files
# --------------------------------------------------------------------------- #

def write_fiche(profile: Profile, result: AdviceResult, directory: Optional[Path] = None) -> StoredFiche:
    """Build the fiche and store it (Markdown, and the HTML of its PDF) under a new id.

    Fast (no PDF rendering here): the PDF is rendered by ``ensure_pdf`` when
    the link is first opened.
    """
    from assistant.fiche_pdf import render_html

    fiche = build_fiche(profile, result)
    return save_fiche(to_markdown(fiche), render_html(fiche), directory)


def ensure_pdf(fiche_id: str, directory: Optional[Path] = None) -> Optional[Path]:
    """The PDF of a stored fiche, rendered and kept the first time; None if no such fiche.

    Raises when the PDF cannot be rendered (WeasyPrint or Pango missing).
    """
    existing = fiche_path(fiche_id, "pdf", directory)
    if existing is not None:
        return existing
    html_file = fiche_path(fiche_id, "html", directory)
    if html_file is None:
        return None
    from assistant.fiche_pdf import html_to_pdf

    return store_file(fiche_id, "pdf", html_to_pdf(html_file.read_text(encoding="utf-8")), directory)
