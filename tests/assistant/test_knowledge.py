"""Knowledge base: loading, strict validation, data quality (sources, dates, no prices)."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest
import yaml

from assistant import knowledge as K
from assistant.knowledge import (KNOWLEDGE_DIR, KnowledgeError, Period, check_periods, find_partner,
                                 find_term, format_date_fr, get_partner, get_term, get_topic,
                                 load_knowledge, load_knowledge_from, normalise_key, sources_text)
from assistant.profile import NEED_KINDS

# An amount range in euros: « 10 000 à 30 000 € », « 5-10 k€ », « entre 20 000 et 40 000 euros ».
_NUM = r"\d[\d\s\u00a0\u202f.,]*"
PRICE_RANGE = re.compile(
    rf"{_NUM}\s*(?:k|K|M)?\s*(?:€|euros?)?\s*(?:à|-|–|—|et)\s*{_NUM}\s*(?:k|K|M)?\s*(?:€|euros?)",
    re.IGNORECASE)
MONEY = re.compile(r"€|\beuros?\b|\bk€", re.IGNORECASE)


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


def _walk_strings(node, path="") -> Iterator[Tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk_strings(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk_strings(value, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node


def _raw(name: str):
    return yaml.safe_load((KNOWLEDGE_DIR / name).read_text(encoding="utf-8"))


NON_PROCUREMENT_FILES = sorted(p.name for p in KNOWLEDGE_DIR.glob("*.yml")
                               if p.name not in ("procurement.yml", "sources.yml"))


def _sourced_items(kb) -> Iterator[Tuple[str, object]]:
    groups = {"term": kb.terms, "family": kb.families, "need": kb.need_kinds,
              "duration": kb.durations, "option": kb.internal_options, "principle": kb.principles,
              "partner": kb.partners, "partner_note": kb.partner_notes, "condition": kb.conditions,
              "risk": kb.risks, "topic": kb.topics, "verdict": kb.verdicts, "reason": kb.reasons,
              "profile_advice": kb.profile_advice, "procurement_text": kb.procurement_texts}
    for group, items in groups.items():
        for item_id, item in items.items():
            yield f"{group}.{item_id}", item
    yield "expert_groups", kb.expert_groups
    yield "unknown_need", kb.unknown_need
    for partner in kb.partners.values():
        for programme in partner.programmes:
            yield f"programme.{partner.id}.{programme.id}", programme
    for rule in kb.rules.values():
        for i, period in enumerate(rule.periods):
            yield f"rule.{rule.id}[{i}]", period


# --------------------------------------------------------------------------- #
# Loading and content
# --------------------------------------------------------------------------- #

def test_loads_and_is_cached(kb):
    assert load_knowledge() is kb
    assert len(kb.sources) > 30


def test_required_entries_present(kb):
    assert set(K.REQUIRED_TERMS) <= set(kb.terms)
    assert set(K.REQUIRED_TOPICS) <= set(kb.topics)
    assert set(K.REQUIRED_PARTNERS) <= set(kb.partners)
    assert set(K.REQUIRED_RISKS) <= set(kb.risks)
    assert tuple(kb.families) == K.MISSION_FAMILIES
    assert set(kb.need_kinds) == set(NEED_KINDS)


def test_need_kinds_implications(kb):
    assert kb.need_kinds["audit"].third_party_advantage
    assert kb.need_kinds["intermediation"].third_party_advantage
    assert not kb.need_kinds["capacite"].third_party_advantage
    assert not kb.need_kinds["expertise"].third_party_advantage
    assert set(kb.internal_options) == {"internaliser", "recruter", "mutualiser"}


def test_roles_distinguish_amo_moe_and_independence(kb):
    amo = " ".join(get_term("amo").messages)
    assert "indépendant" in amo.lower() or "pas de lien" in amo
    moe = " ".join(get_term("moe").messages)
    assert "conçoit" in moe and "AMO" in moe
    assert "au nom et pour le compte" in " ".join(get_term("mandataire").messages)
    assert "ne peut pas" in " ".join(get_term("conduite_operation").messages)


def test_terms_spell_out_acronym_first(kb):
    for term in kb.terms.values():
        if term.acronym:
            assert f"({term.acronym})" in term.messages[0], term.id
            assert term.display == f"{term.label} ({term.acronym})"


def test_mission_family_examples_by_theme(kb):
    technique = kb.families["technique"]
    assert any("SIG" in e or "logiciel" in e for e in technique.examples_for("numerique"))
    assert technique.examples_for("alimentation")  # falls back to general examples
    assert any("PCAET" in e for e in kb.families["strategique"].examples_for("climat"))


# --------------------------------------------------------------------------- #
# Sources and dates
# --------------------------------------------------------------------------- #

def test_every_entry_has_known_sources(kb):
    for where, item in _sourced_items(kb):
        assert item.sources, f"{where} has no source"
        for source_id in item.sources:
            assert source_id in kb.sources, f"{where}: unknown source {source_id}"


def test_every_source_id_used_in_yaml_exists():
    registry = set(_raw("sources.yml")["sources"])
    used = set()

    def collect(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "sources":
                    assert isinstance(value, list) and value, f"empty sources: {node}"
                    used.update(value)
                else:
                    collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    for path in KNOWLEDGE_DIR.glob("*.yml"):
        if path.name != "sources.yml":
            collect(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert used - registry == set()
    assert registry - used == set(), "sources never cited"


def test_source_kinds_and_urls(kb):
    for source in kb.sources.values():
        assert source.kind in ("legal", "seed", "official")
        assert source.url is None or source.url.startswith("https://")


def test_every_dated_figure_has_a_start_date(kb):
    for rule in kb.rules.values():
        assert rule.periods, rule.id
        for period in rule.periods:
            assert isinstance(period.start, dt.date), rule.id
            assert period.end is None or period.end >= period.start
            if rule.kind == "threshold":
                assert period.amount and period.amount > 0, rule.id
            else:
                assert period.amount is None


def test_periods_of_each_rule_neither_overlap_nor_gap(kb):
    for rule in kb.rules.values():
        check_periods(rule.periods, rule.id)
        for before, after in zip(rule.periods, rule.periods[1:]):
            assert after.start == before.end + dt.timedelta(days=1), rule.id


def test_check_periods_detects_overlap_and_gap():
    p = lambda s, e: Period(1.0, dt.date.fromisoformat(s), e and dt.date.fromisoformat(e), ("ccp",))
    check_periods([p("2024-01-01", "2025-12-31"), p("2026-01-01", None)])
    with pytest.raises(KnowledgeError, match="overlap"):
        check_periods([p("2024-01-01", "2026-01-01"), p("2026-01-01", None)])
    with pytest.raises(KnowledgeError, match="overlap"):
        check_periods([p("2024-01-01", None), p("2026-01-01", None)])
    with pytest.raises(KnowledgeError, match="gap"):
        check_periods([p("2024-01-01", "2025-12-30"), p("2026-01-01", None)])


def test_facts_table_figures(kb):
    def amounts(rule_id):
        return [(p.amount, p.start, p.end) for p in kb.rule(rule_id).periods]
    d = dt.date
    assert amounts("dispense_services") == [(40000, d(2020, 1, 1), d(2026, 3, 31)),
                                            (60000, d(2026, 4, 1), None)]
    assert amounts("dispense_travaux") == [(100000, d(2026, 1, 1), None)]
    assert amounts("written_contract") == [(25000, d(2019, 4, 1), None)]
    assert amounts("free_dce") == [(40000, d(2020, 1, 1), d(2026, 3, 31)), (60000, d(2026, 4, 1), None)]
    assert amounts("mapa_publicity")[0][0] == 90000
    assert [a for a, _, _ in amounts("eu_services_etat")] == [143000, 140000]
    assert [a for a, _, _ in amounts("eu_services_collectivite")] == [221000, 216000]
    assert [a for a, _, _ in amounts("eu_entites_adjudicatrices")] == [443000, 432000]
    assert [a for a, _, _ in amounts("eu_travaux")] == [5538000, 5404000]
    assert kb.rule("environmental_criterion").periods[0].start == d(2026, 8, 21)
    assert "22 août" in kb.rule("environmental_criterion").periods[0].caveat
    assert "2025-1386" in kb.sources_text(kb.rule("dispense_services").periods[1])


# --------------------------------------------------------------------------- #
# Texts: no price, short, typography
# --------------------------------------------------------------------------- #

@pytest.mark.parametrize("name", NON_PROCUREMENT_FILES)
def test_no_price_range_nor_amount_outside_procurement(name):
    for path, text in _walk_strings(_raw(name)):
        assert not PRICE_RANGE.search(text), f"{name}{path}: price range in {text!r}"
        assert not MONEY.search(text), f"{name}{path}: amount in {text!r}"


def test_vat_standard_rate_figures(kb):
    """The standard VAT rate (CGI art. 278): 19,6 % from 2000-04-01, 20 % since
    2014-01-01 (loi n° 2012-1510, art. 68), still in force; none before."""
    vat = kb.rate("vat_standard")
    d = dt.date
    assert [(p.percent, p.start, p.end) for p in vat.periods] == [
        (Decimal("19.6"), d(2000, 4, 1), d(2013, 12, 31)), (Decimal(20), d(2014, 1, 1), None)]
    assert vat.periods[-1].sources == ("cgi_278", "loi_2012_1510")
    assert vat.rate_at(d(2014, 1, 1)) == Decimal("0.2") and vat.rate_at(d(2013, 12, 31)) == Decimal("0.196")
    assert vat.rate_at(d(2000, 4, 1)) == Decimal("0.196") and vat.rate_at(dt.date.today()) == Decimal("0.2")
    with pytest.raises(LookupError, match="vat_standard"):
        vat.rate_at(d(2000, 3, 31))


def test_price_range_regex_catches_ranges():
    for text in ("entre 10 000 et 30 000 €", "de 5 000 à 15 000 euros", "5-10 k€", "20 000 – 40 000 €"):
        assert PRICE_RANGE.search(text), text
    assert not PRICE_RANGE.search("un poids de 50 à 60 % est courant")


def test_messages_are_short(kb):
    texts: List[str] = []
    for _, item in _sourced_items(kb):
        texts += list(getattr(item, "messages", ()) or ())
        texts += list(getattr(item, "offer", ()) or ())
        texts += list(getattr(item, "mitigation", ()) or ())
    assert texts
    for text in texts:
        assert len(text) <= K.MAX_MESSAGE_CHARS, text


def test_french_typography_applied(kb):
    for _, item in _sourced_items(kb):
        for text in getattr(item, "messages", ()) or ():
            assert " :" not in text and " ;" not in text and " ?" not in text, text
            assert "« " not in text and " »" not in text, text


def test_no_invented_contact_details(kb):
    phone = re.compile(r"\d{2}[ .]\d{2}[ .]\d{2}")
    for partner in kb.partners.values():
        for programme in (partner, *partner.programmes):
            assert "http" not in programme.contact and "@" not in programme.contact
            assert not phone.search(programme.contact)


# --------------------------------------------------------------------------- #
# Partners data
# --------------------------------------------------------------------------- #

def test_partner_limits_and_dates(kb):
    cep = next(g for g in get_partner("syndicat_energie").programmes if g.id == "cep")
    assert cep.eligibility[0].population_below == 10000
    assert get_partner("agence_technique_departementale").eligibility[0].population_below == 40000
    anct = get_partner("anct")
    villages = next(g for g in anct.programmes if g.id == "villages_avenir")
    assert villages.eligibility[0].population_below == 3500
    pvd = next(g for g in anct.programmes if g.id == "petites_villes_de_demain")
    assert pvd.end == dt.date(2026, 3, 31)
    assert pvd.active_at(dt.date(2026, 3, 31)) and not pvd.active_at(dt.date(2026, 4, 1))
    assert "2026" in get_partner("actee").caveat
    assert get_partner("fonds_vert").caveat
    bdt = get_partner("banque_des_territoires").eligibility
    assert bdt[0].population_below == 10000 and "epci" in bdt[1].structure_types
    assert get_partner("opsn").eligibility[0].themes == ("numerique",)


def test_partners_named_in_a_question(kb):
    """maire M6: « l'agence technique du departement » is the agency, the
    département only says whose it is; two partners joined by « ou » are two."""
    def ids(text):
        return [p.id for p in kb.partners_asked(text)]
    assert ids("l'agence technique du departement aussi ?") == ["agence_technique_departementale"]
    assert ids("l'agence technique de notre département") == ["agence_technique_departementale"]
    assert ids("le CAUE ou le département ?") == ["caue", "departement"]
    assert ids("et le département ?") == ["departement"]
    # a name glued to its punctuation (live test, session 20: « et l'ademe? »)
    assert ids("et l'ademe?") == ["ademe"]
    assert ids("on a vu l'ADEME, le Cerema.") == ["ademe", "cerema"]
    assert ids("(CAUE)/ALEC!") == ["caue", "alec"]
    assert [t.id for t in kb.terms_in("c quoi un mapa?")] == ["mapa"]
    assert [p.id for p in kb.partners_in("l'agence technique du departement")] == [
        "agence_technique_departementale", "departement"]


def test_partners_have_the_gender_of_their_name(kb):
    assert {get_partner(p).gender for p in ("alec", "anct", "agence_technique_departementale", "epci")} == {"f"}
    assert {get_partner(p).gender for p in ("caue", "syndicat_energie", "departement", "cerema")} == {"m"}
    assert all(p.gender in ("m", "f") for p in kb.partners.values())


def test_partner_notes_cover_public_contracts_and_loire_map(kb):
    assert "L2511-1" in " ".join(kb.partner_notes["quasi_regie"].messages)
    assert "L2511-6" in " ".join(kb.partner_notes["cooperation_public_public"].messages)
    note = kb.partner_notes["cartographie_ingenierie"]
    assert "Loire" in note.messages[0]
    assert kb.source("cartographie_loire").url.startswith("https://www.loire.gouv.fr/")


# --------------------------------------------------------------------------- #
# API
# --------------------------------------------------------------------------- #

def test_accessors_and_lookup():
    assert get_term("amo").display == "assistant à maîtrise d'ouvrage (AMO)"
    assert get_topic("price").id == "price"
    with pytest.raises(KeyError, match="unknown topic"):
        get_topic("nope")
    assert find_term("Maîtrise d’œuvre").id == "moe"
    assert find_term("maitre d oeuvre").id == "moe"
    assert find_term("gré-à-gré").id == "gre_a_gre"
    assert find_term("ccag pi").id == "ccag_pi"
    assert find_term("inconnu au bataillon") is None
    assert find_partner("Com Com").id == "epci"
    assert find_partner("CEP").id == "syndicat_energie"
    assert find_partner("Villages d'avenir").id == "anct"


def test_synonyms_are_unique_per_entity_kind(kb):
    for items, keys in ((kb.terms, lambda t: (t.id, t.label, t.acronym, *t.synonyms)),
                        (kb.partners, lambda p: (p.id, p.label, *p.synonyms))):
        owner = {}
        for item_id, item in items.items():
            for key in {normalise_key(k) for k in keys(item) if k}:
                assert owner.setdefault(key, item_id) == item_id, key


def test_sources_text_rendering(kb):
    text = sources_text(["ccp_r2122_8", "fiche_2c"])
    assert text.startswith("Sources\u00a0: Code de la commande publique, art. R2122-8")
    assert "Fiche source, 2.C" in text
    assert sources_text("ccp_r2122_8").startswith("Source\u00a0:")
    assert "R2112-1" in sources_text(kb.rule("written_contract").periods[0])


def test_format_date_fr():
    assert format_date_fr(dt.date(2026, 4, 1)) == "1er avril 2026"
    assert format_date_fr(dt.date(2026, 8, 21)) == "21 août 2026"


# --------------------------------------------------------------------------- #
# Strict validation on broken copies of the data
# --------------------------------------------------------------------------- #

@pytest.fixture
def data_copy(tmp_path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target


def _edit(directory: Path, name: str, old: str, new: str) -> None:
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_copy_loads(data_copy):
    assert load_knowledge_from(data_copy).term("amo")


@pytest.mark.parametrize("name, old, new, message", [
    ("roles.yml", "    kind: role\n    label: \"maître d'ouvrage\"",
     "    kind: role\n    colour: blue\n    label: \"maître d'ouvrage\"", "unknown key"),
    ("risks.yml", "    sources: [fiche_3c]\n", "    sources: []\n", "missing sources"),
    ("risks.yml", "    sources: [fiche_3c]\n", "    sources: [fiche_9z]\n", "unknown id 'fiche_9z'"),
    ("procurement.yml", "        start: 2026-04-01\n", "        start: 2026-04-31\n", "ISO date"),
    ("procurement.yml", "        start: 2026-04-01\n", "        start: 2026-03-01\n", "overlap"),
    ("procurement.yml", "        start: 2026-04-01\n", "        start: 2026-05-01\n", "gap"),
    ("procurement.yml", "        end: 2026-03-31\n", "        end: null\n", "overlap"),
    ("partners.yml", "        themes: [numerique]", "        themes: [informatique]", "unknown id"),
    ("topics.yml", "    rules: [free_dce]", "    rules: [free_beer]", "unknown id"),
    ("success.yml", "    verdicts: [hire_amo]\n", "    verdicts: [hire_robot]\n", "unknown id"),
    ("roles.yml", "  mapa:\n", "  mo:\n", "duplicate key"),
    ("sources.yml", "    kind: legal\n", "    kind: blog\n", "kind"),
    ("procurement.yml", "{amount}, vous êtes", "{montant}, vous êtes", "placeholder"),
    ("topics.yml", "  scope:\n", "  scope_renamed:\n", "missing required"),
    ("needs.yml", "  capacite:\n", "  renfort:\n", "expected exactly"),
    ("partners.yml", "        population_below: 3500", "        population_below: beaucoup",
     "positive integer"),
    ("partners.yml", "    gender: f\n", "", "gender"),
    ("needs.yml", "      durable: \"Votre manque", "      longue: \"Votre manque", "unknown duration"),
    ("partners.yml", "    gender: f\n", "    gender: feminin\n", "gender"),
    ("procurement.yml", '"boamp", "jal"', '"BOAMP", "jal"', "folded words"),
    ("procurement.yml", "      single: \"{threshold} : à partir", "      single: \"{seuil} : à partir", "placeholder"),
    ("sources.yml", '    short: "Décret n° 2025-1386"\n', '    short: ""\n', "non-empty string"),
])
def test_invalid_data_raises_clear_error(data_copy, name, old, new, message):
    _edit(data_copy, name, old, new)
    with pytest.raises(KnowledgeError, match=message) as info:
        load_knowledge_from(data_copy)
    assert name in str(info.value)


_VAT_20 = "      - percent: 20\n"


@pytest.mark.parametrize("old, new, message", [
    # a missing rate
    (_VAT_20 + "        start: 2014-01-01", "      - start: 2014-01-01", r"missing key\(s\) \['percent'\]"),
    (_VAT_20, "      - percent: null\n", "rate in percent"),
    ("  vat_standard:\n", "  vat_normal:\n", "missing required entries \\['vat_standard'\\]"),
    # an absurd rate: a fraction for a percent, a typo, not a number
    (_VAT_20, "      - percent: 0.2\n", "rate in percent between 1 and 50"),
    (_VAT_20, "      - percent: 196\n", "rate in percent"),
    (_VAT_20, "      - percent: -20\n", "rate in percent"),
    (_VAT_20, "      - percent: 0\n", "rate in percent"),
    (_VAT_20, "      - percent: .nan\n", "rate in percent"),
    (_VAT_20, "      - percent: \"20 %\"\n", "rate in percent"),
    (_VAT_20, "      - percent: true\n", "rate in percent"),
    # dates and sources as for the thresholds
    ("        start: 2014-01-01\n", "        start: 2013-06-01\n", "overlap"),
    ("        start: 2014-01-01\n", "        start: 2014-02-01\n", "gap"),
    ("        end: null\n", "        end: 2030-12-31\n", "must still be in force"),
    ("        sources: [cgi_278]\n", "        sources: []\n", "missing sources"),
    ("        sources: [cgi_278]\n", "        sources: [cgi_999]\n", "unknown id 'cgi_999'"),
])
def test_invalid_vat_rate_rejected(data_copy, old, new, message):
    _edit(data_copy, "taxes.yml", old, new)
    with pytest.raises(KnowledgeError, match=message) as info:
        load_knowledge_from(data_copy)
    assert "taxes.yml" in str(info.value)


def test_too_long_message_rejected(data_copy):
    _edit(data_copy, "topics.yml", "Je ne vous en donnerai donc pas.",
          "Je ne vous en donnerai donc pas. " + "Vraiment. " * 40)
    with pytest.raises(KnowledgeError, match="max 350"):
        load_knowledge_from(data_copy)


def test_missing_file_rejected(data_copy):
    (data_copy / "risks.yml").unlink()
    with pytest.raises(KnowledgeError, match="risks.yml: file not found"):
        load_knowledge_from(data_copy)


def test_obligation_with_amount_rejected(data_copy):
    _edit(data_copy, "procurement.yml", "      - amount: null\n        start: 2026-08-21",
          "      - amount: 5\n        start: 2026-08-21")
    with pytest.raises(KnowledgeError, match="obligation has no amount"):
        load_knowledge_from(data_copy)
