"""The fiche de cadrage: content per verdict, typography, escaping, data, PDF, storage."""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.engine import advise
from assistant.fiche import build_fiche, ensure_pdf, to_markdown, write_fiche
from assistant.fiche_pdf import render_html, render_pdf
from assistant.fiche_store import fiche_path, purge_fiches, save_fiche, valid_id
from assistant.knowledge import KNOWLEDGE_DIR, KnowledgeError, load_knowledge, load_knowledge_from
from assistant.profile import UNKNOWN, Profile
from assistant.typography import NBSP, NNBSP

DAY = dt.date(2026, 11, 22)
EUR = NBSP + "€"

HIRE = Profile(structure_type="commune", population=800, project="Étude énergie des bâtiments communaux",
               theme="energie", need_kinds=frozenset({"expertise"}), duration="ponctuel",
               internal_resources="aucune", partners_status="consultes_insuffisant", sponsor="non",
               amount_ht=45000.0, date=DAY)
MAPA = Profile(structure_type="epci", population=25000, project="Plan climat", theme="climat",
               need_kinds=frozenset({"audit", "expertise"}), duration=UNKNOWN, internal_resources="partielle",
               partners_status="consultes_insuffisant", sponsor=UNKNOWN, amount_ht=85000.0,
               price_focus=True, date=DAY)
PARTNERS = Profile(structure_type="commune", population=800, project="Rénovation de l'école",
                   theme="energie", need_kinds=frozenset({"capacite"}), duration="ponctuel",
                   internal_resources="aucune", partners_status="non_consultes", sponsor="oui",
                   amount_unknown=True, date=DAY)
INTERNALISE = Profile(structure_type="commune", population=4000, project="Site internet", theme="numerique",
                      need_kinds=frozenset({"capacite"}), duration="durable", internal_resources="suffisante",
                      partners_status="consultes_insuffisant", sponsor="oui", date=DAY)
MORE_INFO = Profile(need_kinds=frozenset({UNKNOWN}), date=DAY)
PROFILES = {"hire": HIRE, "mapa": MAPA, "partners": PARTNERS, "internalise": INTERNALISE, "more": MORE_INFO}


def md_of(profile: Profile) -> str:
    return to_markdown(build_fiche(profile, advise(profile)))


def section(md: str, title_start: str) -> str:
    """The Markdown of the section whose title starts with ``title_start``."""
    match = re.search(rf"^## {re.escape(title_start)}.*?(?=^## |\Z)", md, re.M | re.S)
    assert match, f"no section {title_start!r}"
    return match.group(0)


@pytest.fixture(scope="module")
def mds():
    return {name: md_of(p) for name, p in PROFILES.items()}


# --------------------------------------------------------------------------- #
# Content per verdict
# --------------------------------------------------------------------------- #

def test_hire_amo_fiche(mds):
    md = mds["hire"]
    assert "**Faire appel à un assistant à maîtrise d'ouvrage (AMO)**" in md
    assert f"**Structure**{NBSP}: Commune" in md and "800 habitants" in md
    assert "Restent à préciser" not in md
    # nobody in-house and no elected sponsor: settled first, apart from the why
    first = md.index("À régler d'abord")
    assert first < md.index("Personne ne suit la mission") < md.index("Aucun élu ne porte le projet") \
        < md.index("Pourquoi") < md.index("Vos partenaires publics ont été consultés")
    assert "Assistance technique" in md and "Par exemple" in md
    route = section(md, "La procédure d'achat au 22 novembre 2026")
    assert f"sous le seuil de dispense de 60{NNBSP}000{EUR}{NBSP}HT" in route
    assert f"la valeur du besoin entier" in route
    dispense = next(line for line in route.splitlines() if line.startswith("- Dispense de publicité"))
    assert "depuis le 1er avril 2026" in dispense and "Décret n° 2025-1386" in dispense
    assert "Sources" in dispense
    dce = section(md, "Préparer le dossier de consultation")
    assert "Sous le seuil de dispense" in dce and "- [ ] **Budget estimé**" in dce
    assert f"Votre estimation actuelle{NBSP}: 45{NNBSP}000{EUR}{NBSP}HT" in dce
    assert "Aucun texte ne fixe la pondération" in dce
    assert "consultations lancées depuis le 21 août 2026" in dce       # environmental criterion, in force
    governance = section(md, "Piloter la démarche")
    for label in ("Élu référent", "Comité de pilotage (COPIL)", "Agent référent", "Temps interne à prévoir",
                  "Transmission de l'information", "Après la mission", "| Lancement et cadrage | Collaborer |"):
        assert label in governance, label
    assert "Aucun élu ne porte encore clairement le projet" in governance  # engine's emphasis


def test_risks_follow_the_profile(mds):
    hire = section(mds["hire"], "Les risques")
    for present in ("Perte de compétences", "Portage politique faible", "Information perdue en fin de mission"):
        assert present in hire
    for absent in ("a minima", "saucissonnage", "Montant non estimé", "Cahier des charges rigide"):
        assert absent not in hire
    mapa = section(mds["mapa"], "Les risques")
    assert "Offres «" in mapa and "saucissonnage" in mapa and "Perte de compétences" not in mapa
    assert "Vous ne savez pas encore si un élu portera le projet" in mapa
    partners = section(mds["partners"], "Les risques")
    assert "Montant non estimé" in partners and "Portage politique faible" not in partners


def test_mapa_route_thresholds_and_price_focus(mds):
    md = mds["mapa"]
    route = section(md, "La procédure d'achat")
    assert "marché à procédure adaptée (MAPA)" in route and f"juste sous le" in route
    assert f"90{NNBSP}000{EUR}{NBSP}HT" in route and f"216{NNBSP}000{EUR}{NBSP}HT" in route
    assert "Avis relatif aux seuils de procédure, JO du 26 décembre 2025" in route
    assert "Vous cherchez surtout le moins cher" in section(md, "Préparer le dossier")
    assert "Restent à préciser" in md and "Durée du besoin, Portage par un élu" in md
    # fresh M4: « Durée du besoin : inconnu » did not agree; « à préciser » fits every field
    assert f"**Durée du besoin**{NBSP}: à préciser" in md and "inconnu" not in md


def test_consult_partners_fiche(mds):
    md = mds["partners"]
    assert "**Consulter d'abord vos partenaires publics**" in md
    assert "Syndicat départemental d'énergie" in section(md, "Notre recommandation")
    assert f"**Montant estimé du besoin**{NBSP}: à préciser" in md
    route = section(md, "La procédure d'achat")
    assert route.splitlines()[2].startswith("Si vos partenaires ne peuvent pas couvrir le besoin")
    assert "Le montant n'est pas renseigné" in route and f"60{NNBSP}000{EUR}{NBSP}HT" in route
    assert "Si vous lancez ensuite une consultation" in section(md, "Préparer le dossier")
    assert "| Lancement et cadrage |" not in md          # the phases are for an AMO mission


def test_internalise_fiche(mds):
    md = mds["internalise"]
    assert "**Faire en interne, recruter ou mutualiser**" in md
    assert "Faire en interne, en formant vos agents" in md
    assert "## Préparer le dossier de consultation" not in md
    assert "Collaborer ou coopérer" not in md
    assert "Cahier des charges rigide" in section(md, "Les risques")
    assert f"**Montant estimé du besoin**{NBSP}: non renseigné" in md


def test_the_advice_on_a_renfort_follows_its_duration(mds):
    """fresh L6: a durable need got « Capacité : Si le renfort est ponctuel… »
    in the fiche; the advice now says what the duration noted calls for."""
    durable = section(mds["internalise"], "Notre recommandation")
    assert "Si le renfort est ponctuel" not in durable
    assert f"**Capacité (renfort d'équipe)**{NBSP}: Votre manque de temps ou de personnes est durable" in durable
    ponctuel = section(mds["partners"], "Notre recommandation")
    assert f"**Capacité (renfort d'équipe)**{NBSP}: Votre renfort est ponctuel{NBSP}: confiez à un agent" in ponctuel


def test_under_the_dispense_the_checklist_speaks_of_a_demande_de_devis():
    """fresh L5: under the dispense, the checklist said « Prévoyez dans le
    règlement de la consultation… auditions »: there is no règlement de la
    consultation there, the points go in the demande de devis."""
    dce = section(md_of(HIRE.with_(amount_ht=29166.67)), "Préparer le dossier")
    assert "règlement de la consultation" not in dce and "R2123-5" not in dce
    assert "Annoncez dans votre demande de devis que vous pourrez échanger avec les prestataires" in dce
    assert "Dites dans votre demande de devis sur quels critères" in dce
    above = section(md_of(HIRE.with_(amount_ht=85000.0)), "Préparer le dossier")
    assert "Prévoyez dans le règlement de la consultation de pouvoir négocier" in above
    assert "R2123-5" in above


def test_partners_already_consulted():
    named = HIRE.with_(partners_consulted=frozenset({"syndicat_energie"}))
    md = md_of(named)
    assert f"Consultés, sans pouvoir couvrir le besoin ; déjà consultés{NBSP}: Syndicat départemental d'énergie".replace(
        " ;", NNBSP + ";") in md
    assert "Les autres partenaires proposés" not in md        # no partner list under a hire_amo verdict
    partners = md_of(PARTNERS.with_(partners_consulted=frozenset({"caue"})))
    # secretaire L3: the list is above the advice that speaks of it
    verdict = section(partners, "Notre recommandation")
    assert verdict.index("À solliciter d'abord") < verdict.index("Les autres partenaires proposés ci-dessus")
    assert "ci-dessous" not in verdict
    assert "- **Conseil d'architecture, d'urbanisme et de l'environnement (CAUE)**" not in partners


def test_the_partner_that_could_help_is_listed_first():
    """« oui l'un d'eux pourrait, le SDE » (final retest S-M2): the SDE is the
    first partner to ask, not left out as « déjà consulté »."""
    md = md_of(PARTNERS.with_(partners_status="convention_disponible",
                              partners_consulted=frozenset({"syndicat_energie"})))
    first = next(line for line in section(md, "Notre recommandation").splitlines()
                 if line.startswith("- **"))
    assert "Syndicat départemental d'énergie" in first, md


def test_need_more_info_lists_what_is_unknown(mds):
    md = mds["more"]
    assert "**Il me manque des informations**" in md
    assert "si le besoin est ponctuel ou durable" in md
    assert md.count("non renseigné") >= 7 and f"**Type de besoin**{NBSP}: à préciser" in md
    unknown = next(line for line in md.splitlines() if "Restent à préciser" in line)
    for field in ("Structure", "Projet", "Type de besoin", "Portage par un élu", "Montant estimé"):
        assert field in unknown
    assert "## Préparer le dossier" not in md
    assert "aucun des risques suivis" in section(md, "Les risques")


def test_thresholds_at_an_earlier_date():
    md = md_of(HIRE.with_(date=dt.date(2026, 3, 15)))
    route = section(md, "La procédure d'achat au 15 mars 2026")
    assert f"Pour 45{NNBSP}000{EUR}{NBSP}HT, il faut un marché à procédure adaptée" in route
    assert f"40{NNBSP}000{EUR}{NBSP}HT (art. R2122-8, du 1er janvier 2020 au 31 mars 2026)" in route
    assert "Décret n° 2019-1344 du 12 décembre 2019" in route
    assert "Pour les consultations lancées à partir du 21 août 2026" in md      # criterion upcoming


def test_no_guess_outside_the_data():
    md = md_of(HIRE.with_(date=dt.date(2028, 6, 1)))
    route = section(md, "La procédure d'achat au 1er juin 2028")
    assert route.count("Je n'ai pas de données fiables sur les seuils applicables au 1er juin 2028") == 1
    assert "€" not in route.replace(f"45{NNBSP}000{EUR}", "")


def test_state_buyer_thresholds():
    md = md_of(HIRE.with_(structure_type="etat", population=None, amount_ht=150000.0))
    assert f"seuil européen de 140{NNBSP}000{EUR}{NBSP}HT" in md and "(État)" in md


def test_sources_and_disclaimer(mds):
    kb = load_knowledge()
    fiche = build_fiche(HIRE, advise(HIRE))
    refs = section(mds["hire"], "Sources")
    for source_id in fiche.sources:
        assert kb.source(source_id).label.replace("*", r"\*") in refs
    result = advise(HIRE)
    shown = [s for item in (*result.reasons, *result.risks, *result.mission_families, result.route.summary)
             for s in item.sources]
    assert set(shown) <= set(fiche.sources)
    assert list(fiche.sources) == [s for s in kb.sources if s in fiche.sources]   # registry order
    assert "(https://www.marche-public.fr/" in refs
    assert "aide à la décision, pas un avis juridique" in mds["hire"].split("## ")[0]


# --------------------------------------------------------------------------- #
# Typography and escaping
# --------------------------------------------------------------------------- #

@pytest.mark.parametrize("name", sorted(PROFILES))
def test_french_typography(mds, name):
    md = mds[name]
    assert not re.search(r" [:;?!](?=\s|$)", md, re.M), "plain space before : ; ? !"
    assert "« " not in md and " »" not in md
    assert not re.search(r"\d[ \u00a0]\d{3}\b", md), "thousands need a narrow no-break space"
    for amount in re.findall(r"[\d\u202f]+(?=\s*€)", md):
        assert re.fullmatch(r"\d{1,3}(?:\u202f\d{3})*", amount), amount
    assert " €" not in md and f"{NNBSP}€" not in md and "€" in md


def test_user_text_cannot_inject_markup():
    typed = 'Projet <script>alert(1)</script> **gras** [clic](javascript:alert(1)) <img src=x onerror=y>'
    profile = HIRE.with_(project=typed)
    fiche = build_fiche(profile, advise(profile))
    md, page = to_markdown(fiche), render_html(fiche)
    assert "<script>" not in md and "\\<script\\>" in md and "\\*\\*gras\\*\\*" in md
    assert "[clic](" not in md and "\\[clic\\]" in md
    assert "<script" not in page and "<img" not in page and "&lt;script&gt;" in page
    assert 'href="javascript' not in page and "javascript:alert(1)" in page


# --------------------------------------------------------------------------- #
# The data: weighting is a sourced suggestion that lives in fiche.yml
# --------------------------------------------------------------------------- #

@pytest.fixture
def data_copy(tmp_path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target


def _edit(directory: Path, old: str, new: str) -> None:
    path = directory / "fiche.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_weighting_comes_from_the_data(data_copy, mds):
    kb = load_knowledge()
    for criterion in kb.fiche.weighting.criteria:
        assert f"| {criterion.label} | {criterion.weight}{NNBSP}% |" in mds["hire"]
        assert criterion.sources
    assert sum(c.weight for c in kb.fiche.weighting.criteria) == 100
    _edit(data_copy, "      weight: 60\n", "      weight: 55\n")
    _edit(data_copy, "      weight: 30\n", "      weight: 35\n")
    md = to_markdown(build_fiche(HIRE, advise(HIRE), load_knowledge_from(data_copy)))
    assert f"| Valeur technique | 55{NNBSP}% |" in md and f"| Prix | 35{NNBSP}% |" in md


def test_python_writes_no_weight():
    source = Path(__file__).resolve().parents[2] / "assistant" / "fiche.py"
    assert not re.search(r"\b(?:60|30|10)\b", source.read_text(encoding="utf-8"))


@pytest.mark.parametrize("old, new, message", [
    ("      weight: 30\n", "      weight: 40\n", "add up to 110"),
    ("      weight: 30\n", "      weight: trente\n", "whole percentage"),
    ("      conditions: [budget_estime]\n", "      conditions: [budget_secret]\n", "unknown id 'budget_secret'"),
    ("      rule: environmental_criterion\n", "      rule: green_rule\n", "unknown id 'green_rule'"),
    ("      sources: [fiche_3c, ccp_r2123_5]\n", "      sources: [fiche_9z]\n", "unknown id 'fiche_9z'"),
    ("        posture: cooperer\n", "        posture: subir\n", "unknown id 'subir'"),
    ("  title: \"Fiche de cadrage\"\n", "  titre: \"Fiche de cadrage\"\n", "expected exactly"),
    ("    sponsor: \"Portage par un élu\"\n", "", "expected exactly"),
    ("  verdict:\n    title:", "  verdict:\n    colour: blue\n    title:", "unknown key"),
])
def test_invalid_fiche_data_is_rejected(data_copy, old, new, message):
    _edit(data_copy, old, new)
    with pytest.raises(KnowledgeError, match=message) as error:
        load_knowledge_from(data_copy)
    assert "fiche.yml" in str(error.value)


# --------------------------------------------------------------------------- #
# PDF
# --------------------------------------------------------------------------- #

def test_pdf_renders_and_page_one_converts_to_png(tmp_path):
    pytest.importorskip("weasyprint", reason="bash scripts/install-fiche-deps.sh")
    pdf = tmp_path / "fiche.pdf"
    pdf.write_bytes(render_pdf(build_fiche(HIRE, advise(HIRE))))
    assert pdf.read_bytes().startswith(b"%PDF-") and pdf.stat().st_size > 10_000
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert 1 <= pages <= 3 and "A4" in info
    subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", "60", "-png", str(pdf), str(tmp_path / "page")],
                   check=True)
    png = next(tmp_path.glob("page*.png"))
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 20_000
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Fiche de cadrage" in text and "Votre situation" in text


# --------------------------------------------------------------------------- #
# Storage and purge
# --------------------------------------------------------------------------- #

def test_write_then_render_pdf_once(tmp_path):
    stored = write_fiche(HIRE, advise(HIRE), tmp_path)
    assert valid_id(stored.id) and stored.markdown.read_text(encoding="utf-8").startswith("# Fiche de cadrage")
    assert oct(stored.markdown.stat().st_mode & 0o777) == "0o600"
    assert fiche_path(stored.id, "pdf", tmp_path) is None
    pytest.importorskip("weasyprint", reason="bash scripts/install-fiche-deps.sh")
    pdf = ensure_pdf(stored.id, tmp_path)
    assert pdf == tmp_path / f"{stored.id}.pdf" and pdf.read_bytes().startswith(b"%PDF-")
    mtime = pdf.stat().st_mtime_ns
    assert ensure_pdf(stored.id, tmp_path).stat().st_mtime_ns == mtime     # kept, not re-rendered


@pytest.mark.parametrize("fiche_id, extension", [
    ("../../etc/passwd", "md"), ("..", "pdf"), ("a" * 22 + "/", "md"), ("a" * 21, "md"), ("a" * 23, "md"),
    ("a" * 22, "txt"), ("a" * 22, "../md"), (None, "md"),
])
def test_bad_ids_and_extensions_give_nothing(tmp_path, fiche_id, extension):
    (tmp_path / "passwd").write_text("secret")
    assert fiche_path(fiche_id, extension, tmp_path) is None
    assert ensure_pdf("b" * 22, tmp_path) is None          # unknown id


def test_ids_are_unguessable_and_distinct(tmp_path):
    ids = {save_fiche("# x", "<p>x</p>", tmp_path).id for _ in range(20)}
    assert len(ids) == 20 and all(valid_id(i) and len(i) == 22 for i in ids)


def test_purge_removes_old_fiches_only(tmp_path):
    now = dt.datetime(2026, 11, 22, 12, 0)
    old, recent = save_fiche("# old", "<p>old</p>", tmp_path), save_fiche("# new", "<p>new</p>", tmp_path)
    (tmp_path / f"{old.id}.pdf").write_bytes(b"%PDF-old")
    (tmp_path / "notes.txt").write_text("not a fiche")
    (tmp_path / f".{old.id}.pdf.0a1b2c3d.tmp").write_bytes(b"%PDF-interrupted")
    stale = (now - dt.timedelta(days=31)).timestamp()
    for path in [*tmp_path.glob(f"{old.id}.*"), *tmp_path.glob(f".{old.id}.*"), tmp_path / "notes.txt"]:
        os.utime(path, (stale, stale))
    edge = (now - dt.timedelta(days=29)).timestamp()
    os.utime(recent.markdown, (edge, edge))
    assert purge_fiches(30, now=now, directory=tmp_path) == 1
    assert not list(tmp_path.glob(f"*{old.id}*"))
    assert recent.markdown.exists() and recent.html.exists() and (tmp_path / "notes.txt").exists()
    assert purge_fiches(30, now=now.timestamp(), directory=tmp_path) == 0
    assert purge_fiches(0, now=now + dt.timedelta(seconds=1), directory=tmp_path) == 1
    assert purge_fiches(30, directory=tmp_path / "missing") == 0
    with pytest.raises(ValueError):
        purge_fiches(-1, directory=tmp_path)


def test_fiches_dir_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FICHES_DIR", str(tmp_path / "elsewhere"))
    stored = save_fiche("# x", "<p>x</p>", None)
    assert stored.markdown.parent == tmp_path / "elsewhere"
    assert fiche_path(stored.id, "md") == stored.markdown
