"""Chat rendering: short messages, compact public sources (testers' reports:
secretaire M5/M7, dgs M8, maire M2)."""
import datetime as dt

import pytest

from actions.render import (
    MAX_BUBBLE,
    Listed,
    advice_messages,
    advice_update_messages,
    chat_references,
    checklist_messages,
    named_thresholds_messages,
    other_thresholds_messages,
    overview_messages,
    pack,
    partner_messages,
    partner_suggestions_messages,
    risk_messages,
    route_messages,
    sources_line,
    topic_messages,
)
from actions.slots import profile_from_slots
from assistant.engine import advise, answer_term, answer_topic, suggest_partners
from assistant.knowledge import load_knowledge
from assistant.procurement import changes_in_year, describe_rules, named_thresholds, route

DAY = dt.date(2026, 11, 22)
NNBSP = "\u202f"
PROFILE = {
    "structure_type": "commune", "population": 800, "project": "étude énergie",
    "theme": "energie", "need_kinds": ["expertise"], "duration": "ponctuel",
    "internal_resources": "aucune", "partners_status": "consultes_insuffisant",
    "sponsor": "non", "amount": 45000.0,
}


def result_for(**changes):
    return advise(profile_from_slots({**PROFILE, **changes}, DAY, load_knowledge().partners))


def short(messages, bubbles=4):
    """Readable on a phone: a few messages of at most MAX_BUBBLE characters,
    no internal reference of the seed fiche."""
    assert 0 < len(messages) <= bubbles, messages
    assert all(len(m) <= MAX_BUBBLE for m in messages), [len(m) for m in messages]
    assert not any("Fiche source" in m for m in messages)
    return "\n".join(messages)


# -- building blocks ----------------------------------------------------------

def test_pack_joins_paragraphs_up_to_the_size_and_never_cuts_one():
    assert pack(["a" * 10, "b" * 10, None, "c" * 10], size=25) == ["a" * 10 + "\n\n" + "b" * 10, "c" * 10]
    assert pack(["x" * 40], size=25) == ["x" * 40]


def test_pack_keeps_a_list_whole_when_it_fits_and_never_leaves_its_title_alone():
    items = ("one", "two", "three")
    assert pack(["p" * 20, Listed("Title :", items)], size=30) == ["p" * 20, "Title :\n- one\n- two\n- three"]
    long = pack([Listed("Title :", ("a" * 12, "b" * 12, "c" * 12))], size=30)
    assert long == ["Title :\n- " + "a" * 12, "- " + "b" * 12 + "\n- " + "c" * 12]


def test_sources_show_public_texts_only_grouped_and_without_what_the_text_cites():
    ids = ["fiche_2c", "ccp_r2122_8", "ccp", "ccp_r2121_6", "decret_2025_1386", "marche_public_pi"]
    assert chat_references(ids) == [
        "Code de la commande publique, art. R2122-8, R2121-6",
        "Décret n° 2025-1386 du 29 décembre 2025 (JO du 30 décembre 2025)",
    ]
    # An article already given in the answer is not repeated under it.
    said = "… (art. R2122-8 du Code de la commande publique)."
    assert chat_references(ids, said) == [
        "Code de la commande publique, art. R2121-6",
        "Décret n° 2025-1386 du 29 décembre 2025 (JO du 30 décembre 2025)",
    ]
    assert chat_references(["ccp_r2122_8", "ccp"], said) == []
    assert chat_references(["ccp"]) == ["Code de la commande publique"]
    assert sources_line(["fiche_2c", "fiche_3e"]) is None


def test_sources_are_at_most_three_whole_references():
    every = list(load_knowledge().sources)
    line = sources_line(every)
    assert line.count(";") == 2 and "Fiche source" not in line
    assert all(ref.strip() in {s.label for s in load_knowledge().sources.values()}
               or ref.strip().startswith("Code ")
               for ref in line.split(":", 1)[1].split(NNBSP + ";"))


# -- questions ----------------------------------------------------------------

def test_a_procurement_answer_is_short_and_says_each_thing_once():
    """dgs M8: 6 messages, 10 to 15 sources, the publicity repeating the summary."""
    for amount in (12000, 55000, 80000, 120000, 250000):
        messages = route_messages(route(amount, DAY))
        text = short(messages, bubbles=3)
        assert text.count("Sources") <= 1 and text.count(";") < 8
    adaptee = short(route_messages(route(80000, DAY)))
    assert "Publicité" not in adaptee and "publicité est libre" in adaptee
    boamp = short(route_messages(route(120000, DAY)))
    assert "presse spécialisée" in boamp          # what « Publicité » adds there is kept
    near = short(route_messages(route(55000, DAY)))
    assert near.count("juste sous") == 1 and "R2121-4" in near


def test_the_acronyms_of_a_procurement_answer_are_spelled_out_at_first_use():
    """dgs L1: « … la presse spécialisée ou le JOUE » in a bullet, spelled out nowhere."""
    spelled = {"BOAMP": "Bulletin officiel des annonces des marchés publics (BOAMP)",
               "JAL": "journal d'annonces légales (JAL)",
               "JOUE": "Journal officiel de l'Union européenne (JOUE)"}
    for amount in (12000, 55000, 80000, 120000, 250000):
        text = "\n".join(route_messages(route(amount, DAY))).replace("\u00a0", " ").replace("\u202f", " ")
        for acronym, long in spelled.items():
            if acronym in text:
                assert long in text and text.index(long) + long.index(acronym) == text.index(acronym), (
                    amount, acronym)


def test_a_dispense_answer_keeps_every_obligation():
    text = short(route_messages(route(12000, DAY)))
    for words in ("offre pertinente", "argent public", "même prestataire", "plusieurs devis",
                  "contrat écrit n'est pas obligatoire", "valeur du besoin entier"):
        assert words in text, words
    # final D-M8: 8 to 10 lines; the three obligations of R2122-8 are one bullet
    for amount in (12000, 55000):
        text = "\n".join(route_messages(route(amount, DAY)))
        assert text.count("\n- ") == 3 and text.count("R2122-8") == 2, amount


def test_thresholds_overview_is_short():
    """« quels sont les seuils ? » on a phone (live tests, session 12: 13
    lines): the four thresholds of an AMO mission, the criterion and the
    sources, short, in 7 lines; the works' thresholds, the free documents
    and the note on services are given on demand."""
    messages = overview_messages(describe_rules(DAY))
    text = short(messages, bubbles=2)
    assert "216" + NNBSP + "000" in text and "L2152-7" in text and "22 août 2026" in text
    assert text.count("\n") + 1 <= 7, text
    assert "5" + NNBSP + "404" not in text and "R2132-2" not in text and "Et aussi" not in text
    assert "prestation intellectuelle" not in text
    assert text.splitlines()[-1] == ("Sources\u00a0: Décret n° 2025-1386\u202f; Règlements (UE) 2025/2150 à 2152"
                                     "\u202f; Avis sur les seuils (JO du 26 décembre 2025)")


def test_the_thresholds_asked_again_are_a_reminder():
    first = "\n".join(overview_messages(describe_rules(DAY)))
    again = short(overview_messages(describe_rules(DAY), repeated=True), bubbles=1)
    assert again != first and "comme indiqué plus haut" in again
    assert "Source" not in again and "L2152-7" not in again and again.count("\n- ") == 4


def test_the_other_thresholds_on_demand():
    text = short(other_thresholds_messages(describe_rules(DAY)), bubbles=2)
    assert text.startswith("Autres seuils en vigueur le 22 novembre 2026")
    for words in ("R2132-2", "5" + NNBSP + "404" + NNBSP + "000", "100" + NNBSP + "000", "prestation intellectuelle",
                  "Source"):
        assert words in text, words
    assert "216" + NNBSP + "000" not in text


def test_one_threshold_named_is_one_line_and_its_source():
    text = short(named_thresholds_messages(named_thresholds(DAY, ("publicity",))), bubbles=1)
    assert text.splitlines() == [
        "90" + NNBSP + "000\u00a0€\u00a0HT\u00a0: à partir de ce montant, un marché à procédure adaptée est annoncé "
        "au BOAMP ou dans un JAL (art. R2131-12, depuis le 1er avril 2019).",
        "Source\u00a0: Code de la commande publique, art. R2131-12"]
    dispense = short(named_thresholds_messages(named_thresholds(DAY, ("dispense",))), bubbles=1)
    assert dispense.count("\n") == 1 and dispense.endswith("Source\u00a0: Décret n° 2025-1386")
    again = short(named_thresholds_messages(named_thresholds(DAY, ("dispense",)), repeated=True), bubbles=1)
    assert again.endswith("(art. R2122-8, depuis le 1er avril 2026), comme indiqué plus haut.") and "\n" not in again


def test_a_years_changes_come_instead_of_the_informative_thresholds():
    text = "\n".join(overview_messages(describe_rules(dt.date(2026, 1, 1)), changes_in_year(2026)))
    assert "Ce qui a changé en 2026 :\n- " in text and "1er avril 2026" in text
    assert "Et aussi" not in text and len(text) < 2400
    upcoming = "\n".join(overview_messages(describe_rules(dt.date(2026, 3, 1))))
    assert "À venir :\n- Pour les consultations lancées à partir du 1er avril 2026" in upcoming
    # asked later about that day: the change is in force, no longer « à venir »
    later = "\n".join(overview_messages(describe_rules(dt.date(2026, 3, 1)), today=dt.date(2026, 11, 23)))
    assert "Ensuite :\n- Pour les consultations lancées à partir du 1er avril 2026" in later
    assert "À venir" not in later
    same_day = "\n".join(overview_messages(describe_rules(dt.date(2026, 3, 1)), today=dt.date(2026, 3, 1)))
    assert "À venir :\n- " in same_day


def test_every_topic_and_definition_is_short():
    kb = load_knowledge()
    for topic in kb.topics:
        if topic != "partners":        # listed by partner_suggestions_messages instead
            short(topic_messages(answer_topic(topic, DAY)))
    for term in kb.terms:
        short(topic_messages(answer_term(term)), bubbles=2)


def test_the_risks_answer_is_a_list_without_repetition():
    """maire M2: 8 paragraphs with « perte de compétences » twice."""
    messages = topic_messages(answer_topic("risks", DAY))
    text = short(messages, bubbles=3)
    assert text.count("un agent associé à chaque étape") == 1
    assert text.count("\n- ") >= len(load_knowledge().risks) - 1


def test_partners_answer_is_short_with_few_whole_sources():
    """maire M2: a 15-item source list cut in the middle of a word."""
    profile = profile_from_slots({"structure_type": "commune", "population": 640, "theme": "energie"}, DAY)
    text = short(partner_suggestions_messages(suggest_partners(profile)), bubbles=2)
    assert "syndicat" in text.lower() and text.count(";") <= 2
    caue = short(partner_messages(load_knowledge().partner("caue"), DAY), bubbles=1)
    assert "Loi n° 77-2" in caue


# -- the diagnostic's result ----------------------------------------------------

def test_first_screen_is_verdict_why_and_route_with_the_dispense_obligations():
    """secretaire M5 (14 messages) and M7 (the obligations under the dispense missing)."""
    text = short(advice_messages(result_for(amount=30000.0)), bubbles=3)
    assert text.startswith("**Faire appel à un assistant à maîtrise d'ouvrage (AMO)**")
    assert "Pourquoi" in text and "seuil de dispense" in text
    # the profile has nobody in-house and no sponsor: named first
    assert text.index("À régler d'abord :") < text.index("Personne ne suit") < text.index("Pourquoi")
    assert "Aucun élu ne porte le projet" in text
    settled = short(advice_messages(result_for(amount=30000.0, internal_resources="partielle", sponsor="oui")),
                    bubbles=3)
    assert "À régler d'abord" not in settled
    for words in ("offre pertinente", "argent public", "même prestataire", "contrat écrit est obligatoire"):
        assert words in text, words
    assert "Perte de compétences" not in text and "Points de vigilance" not in text   # details
    under = short(advice_messages(result_for(amount=12000.0)), bubbles=3)
    assert "offre pertinente" in under and "contrat écrit" not in under


def test_first_screen_near_a_threshold_warns_once():
    """dgs M8: the splitting warning twice in a 55 000 € result."""
    text = short(advice_messages(result_for(amount=55000.0)), bubbles=3)
    assert text.count("juste sous") == 1


def test_first_screen_of_each_verdict_says_what_to_do_first():
    partners = short(advice_messages(result_for(partners_status="non_consultes")), bubbles=3)
    assert "À solliciter d'abord" in partners and "CAUE" in partners
    internal = short(advice_messages(result_for(duration="durable", internal_resources="partielle",
                                                need_kinds=["capacite"])), bubbles=3)
    assert "Les pistes" in internal
    unknown = short(advice_messages(result_for(amount="unknown")), bubbles=3)
    assert "Montant non estimé" in unknown


def test_after_a_correction_only_what_changed_under_a_reminder():
    before, after = result_for(amount=55000.0), result_for(amount=80000.0)
    messages = advice_update_messages(before, after)
    text = short(messages, bubbles=1)
    assert text.startswith("Le conseil reste le même : **Faire appel")
    assert "MAPA" in text and "Pourquoi" not in text and "55" not in text
    changed = short(advice_update_messages(before, result_for(amount=55000.0, partners_status="non_consultes")))
    assert changed == short(advice_messages(result_for(amount=55000.0, partners_status="non_consultes")))


def test_details_for_the_profile():
    result = result_for(amount=55000.0)
    risks = short(risk_messages(result), bubbles=2)
    assert "Perte de compétences" in risks and "Portage politique faible" in risks
    assert "Les autres risques" in risks and "Cahier des charges rigide" in risks
    checklist = short(checklist_messages(result), bubbles=2)
    assert "À prévoir en priorité" in checklist and "Portage politique" in checklist
    assert "Expertise" in checklist            # the advice for the need goes with it


@pytest.mark.parametrize("amount", [30000.0, 55000.0, 80000.0, 150000.0, 300000.0])
def test_first_screen_is_short_for_every_route(amount):
    short(advice_messages(result_for(amount=amount)), bubbles=3)


def test_no_reason_refers_to_the_seed_fiche():
    """« La fiche recommande… » meant the seed fiche, which the user has never seen."""
    for reason in load_knowledge().reasons.values():
        assert "La fiche" not in reason.text and "Fiche source" not in reason.text, reason.id


def test_the_partner_that_could_help_comes_first():
    """Final retest S-M2 / M-M3: « oui l'un d'eux pourrait, le SDE » gave
    « À solliciter d'abord : CAUE, ALEC, ACTEE », without the SDE the user
    said could help: it comes first."""
    result = result_for(project="ombrière photovoltaïque sur le parking du cimetière",
                        need_kinds=["capacite", "expertise"], sponsor="oui", amount=50000.0,
                        partners_status="convention_disponible",
                        partners_consulted=["syndicat_energie"])
    assert result.verdict == "consult_partners"
    assert result.partners[0].id == "syndicat_energie" and result.partners[0].can_help
    text = "\n".join(advice_messages(result))
    first = text.split("À solliciter d'abord")[1].splitlines()[1]
    assert "Syndicat départemental d'énergie" in first, text
    # Consulted without a solution: not suggested again
    other = result_for(partners_consulted=["syndicat_energie"])
    assert all(not p.can_help for p in other.partners)


def test_the_recap_and_the_fiche_show_a_ttc_budget_as_typed():
    """Final F-L2: « 35 000 TTC » was « Budget 29 166,67 € HT » in the recap
    and « 29 166,67 € HT » in the fiche. Both show the amount typed with its
    HT value; the profile (the computations) keeps the HT value. A budget
    corrected since (its TTC amount no longer matches) is shown alone."""
    from actions.render import noted_lines
    from assistant.engine import advise
    from assistant.fiche import build_fiche, to_markdown

    typed = "35\u202f000\u00a0€ TTC, soit environ 29\u202f167\u00a0€\u00a0HT (TVA à 20\u202f%)"
    slots = {"structure_type": "commune", "population": 800, "project": "étude énergie",
             "theme": "energie", "need_kinds": ["expertise"], "duration": "ponctuel",
             "internal_resources": "aucune", "partners_status": "consultes_insuffisant",
             "sponsor": "non", "amount": 29166.67, "amount_ttc": 35000.0}
    assert noted_lines(slots)[-1] == "Budget " + typed
    profile = profile_from_slots(slots, dt.date(2026, 11, 22))
    assert profile.amount_ht == 29166.67 and profile.amount_ttc == 35000.0
    md = to_markdown(build_fiche(profile, advise(profile)))
    assert f"Montant estimé du besoin**\u00a0: {typed}" in md
    assert f"Votre estimation actuelle\u00a0: {typed}, pour tout le besoin." in md
    corrected = {**slots, "amount": 40000.0}
    assert noted_lines(corrected)[-1] == "Budget 40\u202f000\u00a0€\u00a0HT"
    assert profile_from_slots(corrected, dt.date(2026, 11, 22)).amount_ttc is None


def test_the_missing_answers_are_not_announced_three_times():
    """« Il me manque des informations / Il me manque quelques informations…
    / Pour conclure, il me manque : » (live test, session 15)."""
    from assistant.profile import Profile

    result = advise(Profile(date=DAY))
    assert result.verdict == "need_more_info"
    text = short(advice_messages(result), bubbles=3)
    assert text.lower().count("manque") == 1, text
    assert "Pour conclure, dites-moi encore :" in text and "ponctuel ou durable" in text
