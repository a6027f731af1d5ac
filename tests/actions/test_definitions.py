"""Definitions and partners' cards (``actions.definitions``): what a term, a
partner or a programme is, and how a public partner can be entrusted."""
import datetime as dt

import pytest

from actions.faq import ActionAnswerQuestion
from tests.actions.conftest import ask
from tests.actions.question_helpers import NBSP, NNBSP, after_message, plain


def test_definition_from_entity(tracker_for, run):
    result = ask(tracker_for, run, "c'est quoi un moe", "ask_definition",
                 entities=[{"entity": "term", "value": "moe"}])
    assert "maître d'œuvre (MOE)" in result.text and "conçoit" in result.text


def test_definition_found_in_text_without_entity(tracker_for, run):
    result = ask(tracker_for, run, "ca veut dire quoi mandataire ?", "ask_definition")
    assert "mandataire" in result.text.lower() and "L2422-5" in result.text


def test_definition_without_term_asks_which(tracker_for, run):
    result = ask(tracker_for, run, "une définition svp", "ask_definition")
    assert "quel terme" in result.text.lower() and len(result.buttons) == 4


def test_named_partner(tracker_for, run):
    result = ask(tracker_for, run, "c'est quoi le caue", "ask_partners",
                 entities=[{"entity": "partner", "value": "caue"}])
    assert "CAUE" in result.text and "maître d'œuvre" in result.text


def test_the_agency_of_the_departement_gets_its_own_card(tracker_for, run):
    """maire M6: « l'agence technique du departement aussi ? », heard as the
    département, got the Conseil départemental's card; the agency is in the
    partners data, and « la joindre » agrees with « l'agence »."""
    result = ask(tracker_for, run, "l'agence technique du departement aussi ?", "ask_partners",
                 entities=[{"entity": "partner", "value": "departement"}])
    assert result.text.startswith("**Agence technique départementale**")
    assert "Conseil départemental" not in result.text
    assert f"Pour la joindre{NBSP}: l'agence technique de votre département" in result.text
    department = ask(tracker_for, run, "et le conseil départemental ?", "ask_partners",
                     entities=[{"entity": "partner", "value": "departement"}])
    assert department.text.startswith("**Conseil départemental**")
    assert f"Pour le joindre{NBSP}:" in department.text


def test_a_partner_reached_directly_is_not_named_twice(tracker_for, run):
    """« Pour le joindre : le Cerema, en vous renseignant sur l'adhésion. »
    (live test, session 12) said nothing: the contact is the partner itself."""
    result = ask(tracker_for, run, "c'est quoi le cerema ?", "ask_partners",
                 entities=[{"entity": "partner", "value": "cerema"}])
    assert result.text.startswith("**Cerema**")
    assert f"Pour le joindre{NBSP}: adressez-vous directement au Cerema, en vous renseignant" in result.text
    assert f"Pour le joindre{NBSP}: le Cerema" not in result.text


def test_a_partner_card_names_its_open_programmes(tracker_for, run, on):
    """maire M6: the ANCT's card said nothing of Villages d'avenir, which the
    partners data has; Petites villes de demain, ended in March 2026, is not
    offered after it."""
    on(dt.date(2026, 11, 22))
    result = ask(tracker_for, run, "et l'ANCT ? on est village d'avenir", "ask_partners",
                 entities=[{"entity": "partner", "value": "anct"}])
    assert f"Pour la joindre{NBSP}: la préfecture" in result.text
    assert "**Villages d'avenir**" in result.text and "Petites villes de demain" not in result.text
    assert len(result.texts) <= 4 and all(len(t) <= 600 for t in result.texts)
    on(dt.date(2026, 3, 1))
    before = ask(tracker_for, run, "et l'ANCT ?", "ask_partners",
                 entities=[{"entity": "partner", "value": "anct"}])
    assert "Petites villes de demain" in before.text


def test_partners_for_the_profile(tracker_for, run):
    result = ask(tracker_for, run, "qui peut nous aider gratuitement", "ask_partners",
                 slots={"structure_type": "commune", "population": 800, "theme": "energie"})
    assert "syndicat" in result.text.lower()


def _listed(result) -> list:
    """The partners listed by « Selon votre situation », in order."""
    return [line.split("**")[1] for line in result.text.splitlines() if line.startswith("- **")]


def test_the_question_says_the_project_and_the_structure(tracker_for, run):
    """« on veut numériser nos démarches, on est un syndicat mixte, qui peut
    nous aider ? » outside the diagnostic (no answer kept): a digital project
    of a syndicat gets the OPSN first, as the diagnostic's result would; it
    got the partners of any project (EPCI, agence technique, département,
    ANCT) without the OPSN (live bot, session 11)."""
    for text in ("on veut numériser nos démarches (portail citoyen), on est un syndicat mixte, "
                 "qui peut nous aider ?", "qui peut nous aider pour un projet numerique ?"):
        result = ask(tracker_for, run, text, "ask_partners",
                     entities=[{"entity": "theme", "value": "numerique"}])
        assert _listed(result)[0] == "Opérateur public de services numériques (OPSN)", text
    anything = ask(tracker_for, run, "qui peut nous aider ?", "ask_partners")
    assert "Opérateur public de services numériques (OPSN)" not in _listed(anything)


def test_the_theme_asked_wins_over_the_diagnostics(tracker_for, run):
    """During a diagnostic on an energy project, a question on a digital
    project is answered for that project; a question naming no theme keeps
    the diagnostic's (the syndicat d'énergie for an energy project)."""
    slots = {"structure_type": "commune", "population": 800, "theme": "energie"}
    digital = ask(tracker_for, run, "et pour la dématérialisation des démarches, qui peut aider ?",
                  "ask_partners", slots=slots)
    assert _listed(digital)[0] == "Opérateur public de services numériques (OPSN)"
    same = ask(tracker_for, run, "qui peut nous aider ?", "ask_partners", slots=slots)
    assert "Opérateur public de services numériques (OPSN)" not in _listed(same)
    assert any("énergie" in name.lower() for name in _listed(same))


def test_the_structure_said_is_the_askers(tracker_for, run):
    """« on est une commune de 600 habitants » in the question: the partners
    of a small commune (Territoires Conseils is for communes under 10 000
    inhabitants and every intercommunality; a region is not eligible)."""
    small = ask(tracker_for, run, "on est une commune de 600 habitants, qui peut nous aider gratuitement ?",
                "ask_partners", entities=[{"entity": "population", "value": 600}])
    region = ask(tracker_for, run, "on est une région, qui peut nous aider ?", "ask_partners")
    assert _listed(small) != _listed(region)


def in_diagnostic(tracker_for, run, text, intent, slot):
    return run(ActionAnswerQuestion(), tracker_for(
        text=text, intent=intent, active_loop="diagnostic_form", slots={"requested_slot": slot}))


@pytest.mark.parametrize("text, intent, slot, expected", [
    ("c quoi AMO", "ask_definition", "need_kinds", "assistant à maîtrise d'ouvrage (AMO)"),
    ("c quoi AMO", "ask_definition", "duration", "assistant à maîtrise d'ouvrage (AMO)"),
    ("c quoi un MAPA", "ask_definition", "partners_status", "marché à procédure adaptée (MAPA)"),
    ("c quoi CAUE", "ask_partners", "partners_status",
     "Conseil d'architecture, d'urbanisme et de l'environnement (CAUE)"),
    ("c quoi un CEP", "ask_partners", "partners_status", "Conseil en énergie partagé (CEP)"),
    ("c quoi ponctuel", "ask_need_kinds", "duration", "Besoin ponctuel : une étude, quelques mois."),
    ("c koi la diff entre ponctuel et durable?", "ask_need_kinds", "duration",
     "Besoin ponctuel : une étude, quelques mois.\nBesoin durable : plusieurs années, récurrent."),
    ("quelle différence entre capacité et expertise ?", "ask_need_kinds", "need_kinds", "Expertise"),
])
def test_a_short_definition_question_is_answered_during_the_diagnostic(
        tracker_for, run, text, intent, slot, expected):
    result = in_diagnostic(tracker_for, run, text, intent, slot)
    assert expected in result.text.replace(NBSP, " ").replace(NNBSP, " ")
    assert len(result.texts) <= 4          # (short answers: a phone's screen)
    assert "Fiche source" not in result.text   # (an internal reference: final retest)


def test_what_a_short_question_names_decides_the_answer(tracker_for, run):
    """The classifier may hear another question in three words: « c quoi un
    CEP » is about the CEP, not about the syndicat d'énergie that offers it;
    « ça veut dire quoi intermédiation » about that need, not the four kinds."""
    cep = ask(tracker_for, run, "c quoi un CEP", "ask_partners",
              entities=[{"entity": "partner", "value": "syndicat_energie"}])
    assert "conseiller en énergie partagé" in cep.text and "Syndicat" not in cep.text
    need = ask(tracker_for, run, "ca veut dire quoi intermediation", "ask_need_kinds")
    assert need.texts[0].replace(NBSP, " ").startswith("Intermédiation (porter un message) : faire porter par un tiers")
    assert "Capacité" not in need.text
    amo = ask(tracker_for, run, "c quoi AMO", "ask_mission_families")
    assert amo.texts[0].startswith("Un assistant à maîtrise d'ouvrage (AMO) conseille")


def test_both_durations_are_explained_the_asked_one_first(tracker_for, run):
    result = ask(tracker_for, run, "durable ça veut dire quoi ?", "ask_need_kinds")
    assert result.texts[0].replace(NBSP, " ").split("\n") == ["Besoin durable : plusieurs années, récurrent.",
                                           "Besoin ponctuel : une étude, quelques mois."]


# -- quasi-régie, SPL, coopération entre acheteurs publics (fresh H4) -----------------

@pytest.mark.parametrize("text, intent, expected", [
    # « Je ne suis pas sûr d'avoir compris » (fallback 0.30, ask_definition 0.28):
    # the term decides the intent, and its definition is the answer.
    ("Qu'est-ce que la quasi-régie ?", "ask_success_conditions", "L2511-1 et L2511-3"),
    # « De quel terme parlez-vous ? »: the SPL was no term.
    ("c'est quoi une SPL ?", "ask_definition", "société publique locale (SPL)"),
    ("qu'est-ce que l'entente public-public ?", "ask_partners", "L2511-6"),
])
def test_quasi_regie_spl_and_public_cooperation_are_defined(tracker_for, run, text, intent, expected):
    result = ask(tracker_for, run, text, intent)
    text = plain(result)
    assert expected in text and "sans publicité ni mise en concurrence" in text
    assert "service juridique" in text and "préfecture" in text
    assert len(result.texts) <= 2 and all(len(t) <= 600 for t in result.texts)


@pytest.mark.parametrize("text, intent, expected", [
    # The thresholds table (fresh c1, c3): the quasi-régie needs no competition,
    # whatever the amount.
    ("Est-ce qu'un syndicat mixte peut contracter avec une SPL sans publicité ni mise en concurrence ?",
     "ask_procurement", "L2511-1 et L2511-3"),
    ("Est-ce qu'on peut confier ça directement à la SPL dont nous sommes actionnaires sans mise en "
     "concurrence ?", "ask_procurement", "L2511-1 et L2511-3"),
    # The département's card (fresh c2), a list of partners (fresh c3).
    ("et une convention de coopération avec le département (entente public-public), c'est possible ?",
     "ask_partners", "L2511-6"),
    ("et la coopération public-public article L2511-6 ?", "ask_partners", "L2511-6"),
])
def test_a_public_partner_named_without_competition_gets_its_rule(tracker_for, run, on, text, intent,
                                                                  expected):
    on(dt.date(2026, 11, 22))
    result = ask(tracker_for, run, text, intent)
    words = plain(result)
    assert expected in words and "sans publicité ni mise en concurrence" in words
    assert "service juridique ou par la préfecture" in words
    assert "Seuils en vigueur" not in words and "Conseil départemental" not in words
    assert len(result.texts) <= 4 and all(len(t) <= 600 for t in result.texts)


def test_entrusting_the_partners_named_before_without_competition(tracker_for, run, on):
    """maire H4 (c15): after the com com and the agence technique
    départementale, « et on peut leur confier sans appel d'offres ? » got the
    thresholds table: the ways of entrusting a public partner without
    competition, then the value of the need for anything else."""
    on(dt.date(2026, 11, 22))
    tracker = after_message(tracker_for(text="et on peut leur confier sans appel d'offres ?",
                                 intent="ask_procurement"),
                     "l'agence technique du departement aussi ?", "ask_partners")
    after_message(tracker, "est ce que je suis obligée de prendre un AMO pour mon ombrière solaire ? "
                    "la com com dit qu'elle peut nous aider", "ask_amo_mandatory")
    result = run(ActionAnswerQuestion(), tracker)
    words = plain(result)
    assert "quasi-régie (art. L2511-1 et L2511-3)" in words and "L2511-6" in words
    assert "Cerema" in words and "valeur du besoin" in words
    assert "service juridique ou par la préfecture" in words
    assert "5 404 000" not in words and "Seuils en vigueur" not in words
    assert len(result.texts) <= 4 and all(len(t) <= 600 for t in result.texts)


def test_a_private_provider_without_competition_is_still_a_procurement_question(tracker_for, run, on):
    on(dt.date(2026, 11, 22))
    tracker = after_message(tracker_for(text="et on peut leur confier sans appel d'offres ?",
                                 intent="ask_procurement"),
                     "on a trouvé deux bureaux d'études", "inform")
    assert "Seuils en vigueur" in plain(run(ActionAnswerQuestion(), tracker))
    result = ask(tracker_for, run, "peut-on confier la mission à un bureau d'études sans mise en "
                                   "concurrence ?", "ask_procurement")
    assert "Seuils en vigueur" in plain(result) and "L2511" not in plain(result)


@pytest.mark.parametrize("text, intent, slot", [
    # Splitting a need (fresh c2), groups of experts (fresh c3), the syndicat
    # d'énergie's card (dgs M7): the knowledge data has no rule on it.
    ("et un groupement de commandes avec la communauté de communes voisine qui a le même besoin ?",
     "ask_splitting", "need_kinds"),
    ("Peut-on faire un groupement de commandes entre deux EPCI pour recruter un AMO ?",
     "ask_mission_families", None),
    ("peut on faire un groupement de commandes avec le syndicat d'energie pour l'etude de faisabilite "
     "du reseau de chaleur ? qui est coordonnateur ?", "ask_partners", None),
    ("qu'est-ce qu'un groupement de commandes ?", "ask_mission_families", None),
])
def test_a_groupement_de_commandes_is_said_to_be_outside_what_is_known(tracker_for, run, text, intent,
                                                                       slot):
    tracker = tracker_for(text=text, intent=intent, active_loop="diagnostic_form" if slot else None,
                          slots={"requested_slot": slot} if slot else None)
    words = plain(run(ActionAnswerQuestion(), tracker))
    assert "groupement de commandes sort de ce que je peux vous détailler" in words
    assert "service juridique" in words and "préfecture" in words
    assert "saucissonnage" not in words and "Groupement d'experts" not in words
    assert "Syndicat" not in words and "R2121" not in words


def test_a_word_the_data_do_not_know_is_said_unknown_as_typed(tracker_for, run):
    """« c'est quoi la DETR » got « De quel terme parlez-vous ? » (live test,
    session 11, tb20): no definition of « DETR », said plainly, then the terms
    known, on buttons."""
    result = ask(tracker_for, run, "c'est quoi la DETR", "ask_definition")
    assert result.texts == [f"Je n'ai pas de définition de «{NBSP}DETR{NBSP}» dans mes données. "
                            f"Je peux vous expliquer ces termes, par exemple{NBSP}:"]
    assert [b["title"] for b in result.buttons] == ["AMO", "Maîtrise d'œuvre (MOE)", "DCE", "MAPA"]
    # no markup echoed, and no more than 40 characters of it
    marked = ask(tracker_for, run, "c'est quoi la <script>DETR</script> " + "x" * 50, "ask_definition")
    assert "<" not in marked.text and f"«{NBSP}script DETR script {'x' * 20}…{NBSP}»" in marked.text
    sentence = ask(tracker_for, run, "c'est quoi la meilleure facon de lancer un marche", "ask_definition")
    assert sentence.texts == [f"De quel terme parlez-vous{NNBSP}?"]
    tagged = ask(tracker_for, run, "c'est quoi <b>" + "y" * 60, "ask_definition")
    assert "<" not in tagged.text and "y" * 30 + "…" in tagged.text


# -- a public partner or a private provider (live test, session 12) --------------------

@pytest.mark.parametrize("text, intent, partner, said", [
    ("ds quel cas on prend l'ATD plutôt qu'un amo privé", "nlu_fallback", "**Agence technique départementale**",
     "Public visé : communes et intercommunalités de moins de 40 000 habitants."),
    ("vaut mieux le CAUE ou un bureau d'etudes ?", "ask_internalise",
     "**Conseil d'architecture, d'urbanisme et de l'environnement (CAUE)**", "conseille gratuitement"),
    ("quand passer par le syndicat d'energie plutot qu'un prestataire ?", "ask_internalise",
     "**Syndicat départemental d'énergie**", "Pour le joindre : votre syndicat départemental d'énergie."),
])
def test_a_public_partner_against_a_private_provider(tracker_for, run, text, intent, partner, said):
    """These fell back or got « faire en interne »: the public partner first
    if it can cover the need, what it does, for whom, how to reach it (from
    partners.yml), and when a private AMO is justified."""
    from actions.hygiene import ActionDefaultAskAffirmation

    action = ActionDefaultAskAffirmation() if intent == "nlu_fallback" else ActionAnswerQuestion()
    words = plain(run(action, tracker_for(text=text, intent=intent)))
    assert words.startswith("Le partenaire public d'abord, s'il peut couvrir votre besoin"), words
    assert partner in words and said in words
    assert "Un AMO privé se justifie quand vos partenaires publics, consultés, ne peuvent pas couvrir le besoin" \
        in words
    assert "La priorité est de faire en interne" not in words and "Vouliez-vous" not in words


def test_an_organisation_without_card_against_a_private_provider(tracker_for, run):
    """Live test, session 27: « faut il un AMO ou le CNFPT suffit ? » got
    « Vouliez-vous parler de : Savoir si un AMO est obligatoire ». No card
    on it, then the public partner first and when a private AMO is
    justified."""
    from actions.hygiene import ActionDefaultAskAffirmation

    text = "on veut faire un plan de sobriété numérique, faut il un AMO ou le CNFPT suffit ?"
    words = plain(run(ActionDefaultAskAffirmation(), tracker_for(text=text, intent="nlu_fallback")))
    assert words.startswith("Je n'ai pas de fiche sur cet organisme (CNFPT)"), words
    assert "Un AMO privé se justifie quand vos partenaires publics, consultés" in words
    assert "Vouliez-vous" not in words


def test_a_partner_or_provider_question_heard_as_information_is_answered(tracker_for, run):
    from actions.diagnostic import ActionStartDiagnostic

    result = run(ActionStartDiagnostic(), tracker_for(text="vaut mieux le CAUE ou un bureau d'etudes ?",
                                                      intent="inform"))
    assert "**Conseil d'architecture" in plain(result) and "Faisons le point" not in plain(result)


def test_the_theme_said_is_the_text_s_or_else_the_entity_s():
    """One rule for the partners' answers and their follow-ups: the theme
    named in the words wins, the NLU's entity fills in (its first value that
    is a theme), « autre » or nothing says none."""
    from actions.definitions import theme_said

    assert theme_said("et pour le PCAET ?", ["numerique"]) == "climat"
    assert theme_said("et pour nous ?", ["communaux", "numerique"]) == "numerique"
    assert theme_said("et pour nous ?", []) is None
    assert theme_said("autre domaine", ["autre"]) is None


@pytest.mark.parametrize("text, intent", [
    ("Peut-on confier une mission d'AMO au Cerema sans mise en concurrence ?", "ask_procurement"),
    ("on peut confier l'amo au cerema de gré à gré ?", "ask_mission_families"),
])
def test_entrusting_the_cerema_without_competition_gets_its_card(tracker_for, run, text, intent):
    """Heard as a procurement question, it got the table of the thresholds
    (live test, session 15): the Cerema's card says how (adhesion, loi 3DS)."""
    result = ask(tracker_for, run, text, intent)
    assert result.text.startswith("**Cerema**"), result.text
    assert "sans mise en concurrence" in result.text and "3DS" in result.text
    assert "seuil" not in result.text.lower()


def test_a_private_provider_without_competition_is_still_a_procurement_question(tracker_for, run, on):
    on(dt.date(2026, 11, 23))
    result = ask(tracker_for, run, "peut-on confier l'AMO à un bureau d'études sans mise en concurrence pour 45 000 € ?",
                 "ask_procurement")
    assert "Cerema" not in result.text and "seuil de dispense" in plain(result)


@pytest.mark.parametrize("text, said, not_said", [
    # a programme named: its own card and whether the asker may use it (live test, session 17)
    ("villages d'avenir on est une commune de 4200 hab on peut ?", "une commune de 4 200 habitants n'y a pas accès",
     "Ses programmes"),
    ("on est dans petites villes de demain, on peut avoir un chef de projet ?", "n'est plus ouvert", "y a accès"),
    # the asker's own structure is no partner to ask
    ("qui peut nous aider gratuitement ? on est une comcom de 12 000 habitants", "Selon votre situation",
     "peut partager des agents ou des services"),
    ("on est une interco de 45 000 habitants, l'agence technique departementale peut nous aider ?",
     "une intercommunalité de 45 000 habitants n'y a pas accès", "Intercommunalité (EPCI)**"),
    # the CEP named (label, head, acronym, « conseiller »): its own public, not
    # the syndicat d'énergie's (communes, intercommunalités, syndicats: « y a
    # accès » for 12 000 inhabitants and for a syndicat, live test, session 18)
    ("on est une commune de 12 000 habitants, on peut avoir un conseiller en energie partagé ?",
     "une commune de 12 000 habitants n'y a pas accès", "Syndicat départemental d'énergie"),
    ("on est un syndicat mixte dechets, on peut avoir le CEP ?", "un syndicat n'y a pas accès", "y a accès."),
    ("commune de 11 500 habitants, droit au CEP ?", "une commune de 11 500 habitants n'y a pas accès",
     "Syndicat départemental"),
    ("commune de 800 habitants, droit au conseil en énergie partagé ?", "une commune de 800 habitants y a accès",
     "Syndicat départemental"),
])
def test_partners_for_the_asker(tracker_for, run, text, said, not_said):
    result = ask(tracker_for, run, text, "ask_partners")
    words = result.text.replace(NBSP, " ").replace(NNBSP, " ")
    assert said in words and not_said not in words


def test_a_partner_named_with_its_programme_keeps_its_card(tracker_for, run):
    """The CEP named with the partner that carries it: the partner's card,
    the CEP among its programmes."""
    result = ask(tracker_for, run, "le syndicat d'energie fait du CEP ?", "ask_partners")
    assert result.texts[0].startswith("**Syndicat départemental d'énergie**")


def test_whether_the_asker_may_use_the_partner_just_shown(tracker_for, run):
    """« et nous on est une commune de 15000 hab on y a droit ? » after the
    card of Territoires Conseils started the diagnostic (live test, session 17)."""
    from actions.diagnostic import ActionStartDiagnostic

    card = ask(tracker_for, run, "territoires conseils c'est quoi ?", "ask_partners")
    tracker = tracker_for(text="et nous on est une commune de 15000 hab on y a droit ?", intent="inform")
    tracker.events[:0] = [{"event": "user", "text": "territoires conseils c'est quoi ?"},
                          {"event": "action", "name": "action_answer_question"},
                          *({"event": "bot", "text": t} for t in card.texts)]
    result = run(ActionStartDiagnostic(), tracker)
    words = result.text.replace(NBSP, " ").replace(NNBSP, " ")
    assert words.startswith("D'après ses conditions, une commune de 15 000 habitants n'y a pas accès")
    assert "Faisons le point" not in words


@pytest.mark.parametrize("first, follow_up, said", [
    # (live test, session 25: the list of the partners)
    ("le CAUE peut nous aider pour la renovation de l'ecole ?", "et c'est gratuit ?",
     "Oui. Le CAUE conseille gratuitement les collectivités"),
    ("c'est quoi l'agence technique departementale ?", "c'est payant ?",
     "Je n'ai pas d'information sûre sur le coût de cet appui : demandez-le directement à l'agence technique "
     "de votre département"),
    ("c'est quoi le CAUE ?", "ça coûte combien ?", "Oui. Le CAUE conseille gratuitement"),
])
def test_the_cost_of_the_partner_just_shown(tracker_for, run, first, follow_up, said):
    from actions.faq import ActionAnswerQuestion

    card = ask(tracker_for, run, first, "ask_partners")
    tracker = tracker_for(text=follow_up, intent="ask_partners")
    tracker.events[:0] = [{"event": "user", "text": first},
                          {"event": "action", "name": "action_answer_question"},
                          *({"event": "bot", "text": t} for t in card.texts)]
    words = run(ActionAnswerQuestion(), tracker).text.replace(NBSP, " ").replace(NNBSP, " ")
    assert words.startswith(said), words
    alone = run(ActionAnswerQuestion(), tracker_for(text=follow_up, intent="ask_partners"))
    assert not alone.text.startswith(("Oui.", "Je n'ai pas d'information sûre"))


@pytest.mark.parametrize("text, entities, said", [
    # heard as information, it started the diagnostic (live test, session 18)
    ("agence technique departementale, on est une comcom de 45 000 habitants, on peut y aller ?",
     [{"entity": "partner", "value": "agence_technique_departementale"},
      {"entity": "structure_type", "value": "epci"}, {"entity": "population", "value": "45000"}],
     "une intercommunalité de 45 000 habitants n'y a pas accès"),
    ("commune de 800 habitants, le CEP on y a droit ?", [{"entity": "population", "value": "800"}],
     "une commune de 800 habitants y a accès"),
])
def test_a_question_whether_the_asker_may_use_a_partner_heard_as_information(tracker_for, run, text, entities,
                                                                             said):
    from actions.diagnostic import ActionStartDiagnostic

    result = run(ActionStartDiagnostic(), tracker_for(text=text, intent="inform", entities=entities))
    words = result.text.replace(NBSP, " ").replace(NNBSP, " ")
    assert said in words and "Faisons le point" not in words


def test_a_statement_naming_a_partner_still_starts_the_diagnostic(tracker_for, run):
    from actions.diagnostic import ActionStartDiagnostic

    result = run(ActionStartDiagnostic(), tracker_for(
        text="on est une comcom de 45 000 habitants, l'agence technique ne peut pas nous aider", intent="inform",
        entities=[{"entity": "partner", "value": "agence_technique_departementale"}]))
    assert "Faisons le point" in result.text
