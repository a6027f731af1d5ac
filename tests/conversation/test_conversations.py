"""Whole conversations through the REST channel, with the real model and the
real action server: what a user of the portal actually sees."""
import re
import urllib.request

import pytest

pytestmark = pytest.mark.slow

ASKS = {
    "structure_type": "Pour quelle structure",
    "population": "Combien d'habitants",
    "project": "Quel est le projet",
    "theme": "Dans quel domaine",
    "need_kinds": "De quoi avez-vous surtout besoin",
    "duration": "ponctuel (une étude",
    "internal_resources": "Qui pourrait suivre ce projet",
    "partners_status": "sollicité vos partenaires",
    "sponsor": ("Un élu porte-t-il", "Ce projet est-il porté par vous"),   # (to an elected user)
    "amount": "Quel budget estimez-vous",
}


def asks(conversation, slot) -> bool:
    asked = ASKS[slot]
    return any(a in conversation.text for a in ((asked,) if isinstance(asked, str) else asked))


def test_greeting_in_french_with_a_menu(talk):
    c = talk()
    c.say("Bonjour")
    assert "assistant à maîtrise d'ouvrage (AMO)" in c.text
    assert "/start_diagnostic" in [b["payload"] for b in c.buttons]


def test_full_diagnostic_in_free_text(talk):
    c = talk()
    c.say("bonjour, on voudrait savoir si on a besoin d'un bureau d'etudes")
    assert asks(c, "structure_type")
    for answer, next_slot in [
        ("on est une communaute de communes", "population"),
        ("environ 12 000 habitants", "project"),
        ("elaborer notre plan climat air energie", "need_kinds"),
        ("on manque de competences techniques", "duration"),
        ("c'est ponctuel, une etude d'un an", "internal_resources"),
        ("une chargee de mission a mi temps", "partners_status"),
        ("oui le syndicat d'energie mais ils ne peuvent pas", "sponsor"),
        ("oui le vice-president porte le sujet", "amount"),
    ]:
        c.say(answer)
        assert asks(c, next_slot), (answer, c.text)
    c.say("80 000 € HT")
    assert "80\u202f000\u00a0€\u00a0HT" in c.text
    assert "procédure adaptée" in c.text or "MAPA" in c.text
    assert "utiles" in c.text  # feedback question
    fiche = [m["custom"]["fiche"] for m in c.last if "custom" in m][0]
    with urllib.request.urlopen(fiche["pdf"], timeout=60) as response:
        assert response.headers["Content-Type"].startswith("application/pdf")
        assert response.read(5) == b"%PDF-"
    assert fiche["pdf"] in c.text  # the link is in the text, for every channel
    c.say("oui")
    assert "Merci" in c.text


def test_answers_that_sound_like_something_else_are_recorded(talk):
    """Statements that the classifier may hear as a question or as off-topic:
    the question waiting for an answer decides, and no unasked answer comes."""
    c = talk()
    c.say("je suis maire d'une commune de 800 habitants et on a un projet de renovation energetique de l'ecole")
    assert asks(c, "need_kinds"), c.text
    for answer, next_slot in [
        ("plutot de l'expertise technique", "duration"),
        ("quelques semaines seulement", "internal_resources"),
        ("la secretaire de mairie a mi-temps", "partners_status"),
        ("on a appele le CAUE, ils peuvent nous aider en partie", "sponsor"),
        ("oui le maire", "amount"),
    ]:
        c.say(answer)
        assert asks(c, next_slot), (answer, c.text)
        if next_slot == "sponsor":
            # the mayor is asked whether they carry it (live test, session 15)
            assert "Ce projet est-il porté par vous" in c.text, c.text
    c.say("on a mis 40 000 euros de cote pour ca")
    # First the amount recorded (no procurement answer to a question nobody
    # asked), then the result and the feedback question.
    assert c.last[0]["text"].startswith("C'est noté") and "40\u202f000" in c.last[0]["text"], c.text
    assert "utiles" in c.text
    assert "Je ne peux pas vous aider" not in c.text


def test_first_message_is_not_asked_again(talk):
    c = talk()
    c.say("je suis maire d'une commune de 800 habitants et on a 30 000 € pour une étude énergie")
    assert "30\u202f000" in c.text
    for slot in ("structure_type", "population", "project", "theme", "amount"):
        assert not asks(c, slot), slot
    assert asks(c, "need_kinds")


def test_correction_digression_pause_and_resume(talk):
    c = talk()
    c.say("je veux faire le diagnostic")
    c.say("une commune")
    assert asks(c, "population")
    c.say("en fait c'est plutôt une communauté d'agglomération")
    assert asks(c, "population")
    c.say("c'est quoi un MOE ?")
    assert "maître d'œuvre" in c.text and asks(c, "population")
    c.say("pause")
    assert "pause" in c.text and not asks(c, "population")
    c.say("on reprend le diagnostic")
    assert "Reprenons" in c.text and asks(c, "population")


def test_a_question_that_drops_the_diagnostic_is_answered_and_the_diagnostic_paused(talk):
    """« non je ne veux pas de diagnostic. Quel est le seuil… ? »: answered,
    the diagnostic paused, its question not asked again (live test, session
    15), and still there to be resumed."""
    c = talk()
    c.say("je veux faire le diagnostic")
    c.say("une commune")
    c.say("non en fait je ne veux pas de diagnostic. quel est le seuil pour un marché de services ?")
    said = c.text.replace("\u202f", " ").replace("\xa0", " ")
    assert "216 000 € HT" in said and "pause" in said and not asks(c, "population")
    c.say("c'est quoi un MOE ?")
    assert "maître d'œuvre" in c.text and not asks(c, "population")
    c.say("on reprend le diagnostic")
    assert asks(c, "population")


def test_dont_know_and_forged_amount(talk):
    c = talk()
    c.say("je suis secretaire de mairie d'un village de 300 habitants, on veut refaire le site internet")
    assert asks(c, "need_kinds"), c.text
    for _ in range(5):
        c.say("je ne sais pas")
    assert asks(c, "amount"), c.text
    c.say('/inform{"amount": "-500"}')
    assert asks(c, "amount") and "HT" in c.text
    c.say("je sais pas")
    assert "Ces conseils vous sont-ils utiles" in c.text
    # a detail opened from the result, then « non »: the answer to « utiles ? »
    c.say("/ask_risks")
    c.say("non")
    assert "Qu'est-ce qui n'allait pas" in c.text, c.text
    c.say("trop long a lire sur un telephone")
    assert "Merci" in c.text and "Qu'est-ce qui n'allait pas" not in c.text, c.text


def test_invalid_answer_is_explained_and_asked_again(talk):
    c = talk()
    c.say("je veux faire le diagnostic")
    c.say("une commune")
    c.say("pas mal de monde")
    # the refusal says what is expected; the question, without buttons, is
    # not said again right after it (session 12), and it still waits
    assert "Je n'ai pas compris le nombre d'habitants" in c.text and "800" in c.text
    assert "J'ai noté" not in c.text
    c.say("800")
    assert asks(c, "project")      # the population recorded, the next question asked


def test_procurement_question_at_todays_thresholds(talk):
    c = talk()
    c.say("pour 45 000 € faut-il mettre en concurrence ?")
    assert "dispense" in c.text and "R2122-8" in c.text
    # A follow-up changes the date only: same amount, thresholds of that date.
    c.say("et au 15 mars 2026 ?")
    assert "MAPA" in c.text and "45\u202f000" in c.text and "15 mars 2026" in c.text


def test_handoff_without_a_portal_contact_points_to_real_interlocutors(talk):
    """The shipped config/portal.yml gives no contact (it used to give example
    values, shown as real): the assistant says so and points to public
    interlocutors. A configured contact is tested in tests/actions/test_hygiene.py."""
    c = talk()
    c.say("je voudrais parler a un conseiller")
    assert "directement en relation" in c.text and "préfecture" in c.text
    assert "@" not in c.text and "exemple" not in c.text


@pytest.mark.parametrize(
    "message",
    ["", "   ", "😀😀😀", "<script>alert(1)</script>", "x" * 10_000,
     "'; DROP TABLE events; --", "Wie ist das Wetter?", "\u0000\u0007 bonjour"],
)
def test_bad_input_gets_a_french_answer(talk, message):
    c = talk()
    c.say(message)
    assert c.last, "a reply is always given"
    assert "Traceback" not in c.text and "Exception" not in c.text


def test_a_partner_named_is_asked_about_and_a_forged_amount_is_bounded(talk):
    c = talk()
    c.say("je suis secretaire de mairie d'un village de 300 habitants, on veut refaire le site internet")
    assert asks(c, "need_kinds"), c.text
    for answer in ("un regard exterieur sur le projet", "c'est ponctuel", "personne en interne"):
        c.say(answer)
    assert asks(c, "partners_status"), c.text
    c.say("on a vu le SDE")
    assert "Un accompagnement de ce côté est-il possible" in c.text, c.text
    assert "Je n'ai pas compris" not in c.text
    c.say("non")
    assert asks(c, "sponsor"), c.text
    c.say("oui le maire")
    assert asks(c, "amount"), c.text
    c.say('/inform{"amount": 1e15}')
    assert "milliard" in c.text and asks(c, "amount"), c.text
    c.say("25 000 € HT")
    assert "25\u202f000" in c.text and "Ces conseils vous sont-ils utiles" in c.text


def test_a_message_sent_again_with_its_id_is_answered_from_the_conversation(talk):
    """A client that lost a reply sends the message again with the same id: it
    gets the replies of the first copy, and the message is not processed
    twice (processed again, « une commune » would be an invalid number of
    inhabitants and get another answer)."""
    c = talk()
    start = c.say("je veux faire le diagnostic", message_id="msg-1")
    assert asks(c, "structure_type")
    answer = c.say("une commune", message_id="msg-2")
    assert asks(c, "population")
    assert c.say("une commune", message_id="msg-2") == answer
    assert c.say("je veux faire le diagnostic", message_id="msg-1") == start
    c.say("800 habitants", message_id="msg-3")
    assert asks(c, "project")
    # Same id, other text: a new message, processed.
    c.say("c'est quoi un MOE ?", message_id="msg-3")
    assert "maître d'œuvre" in c.text and asks(c, "project")


def test_what_was_said_before_the_diagnostic_is_not_asked_again(talk):
    c = talk()
    c.say("Je suis maire d'une commune de 800 habitants. Pour 45 000 € faut-il mettre en concurrence ?")
    assert "dispense" in c.text
    c.say("je veux faire le diagnostic")
    assert "J'ai noté" in c.text and "commune" in c.text and "800 habitants" in c.text
    assert not asks(c, "structure_type") and not asks(c, "population") and asks(c, "project")
    # The amount of the purchase asked about is the budget, said back with how
    # to correct it (final retest M-H3/X3: it was lost, and asked again).
    assert re.search(r"budget 45\s000\s€\sHT", c.text) and "Corrigez-moi" in c.text


def test_the_amount_of_the_need_is_followed_through_the_questions(talk):
    """The testers' cases, end to end (final retest S-H8, M-H1, S-H3, M-M8):
    the amount just named, the total of an option added, a works amount asked
    as a follow-up, and a complaint heard as thanks."""
    c = talk()
    c.say("bonjour on a un devis de 12000 euros pour refaire le site de la mairie, est ce qu on a "
          "besoin d un amo ou pas ?")
    assert c.text.startswith("Non.")
    c.say("ok mais on prend le devis direct ou faut en demander d autres")
    assert "message précédent" in c.text and re.search(r"Pour 12\s000\s€\sHT", c.text), c.text
    assert "Seuils en vigueur" not in c.text
    c = talk()
    c.say("mission AMO 38 500 € HT sans mise en concurrence ?")
    c.say("en fait il y a une option en plus de 12600")
    assert re.search(r"38\s500 \+ 12\s600 = 51\s100", c.text), c.text
    c.say("donc au total ça fait combien ?")
    assert re.search(r"^Au total\s: 38\s500 \+ 12\s600 = 51\s100", c.text), c.text
    c.say("et si je prends pas l'option ?")
    assert re.search(r"^Sans l'option\s: 38\s500\s€\sHT", c.text), c.text
    c = talk()
    c.say("on doit isoler la toiture de l'ecole, il nous faut un AMO ?")
    c.say("et 95 000 de travaux d isolation ?")
    assert re.search(r"Pour 95\s000\s€\sHT", c.text) and "travaux" in c.text
    assert "Faisons le point" not in c.text and not asks(c, "structure_type")
    c.say("mon avis : vos reponses sont trop longues")
    assert "c'est noté" in c.text and "Avec plaisir" not in c.text, c.text


def test_the_cases_answered_from_the_data_are_answered_once(talk):
    """Session 10's cases on the real model: the PCAET question (heard as
    nlu_fallback, it was answered ten times in one turn), an architect
    question, a consultant's e-mail, a price weight typed first, the
    formalised procedures, a follow-up with context, a correction after the
    result and a complaint about length."""
    c = talk()
    c.say("une commune peut faire un PCAET ?")
    assert c.text.count("plan climat-air-énergie territorial") == 1, c.text
    assert "pas de règles vérifiées" in c.text
    c.say("il faut un architecte ?")
    assert c.text.count("maître d'œuvre (MOE)") == 1 and "CAUE" in c.text, c.text
    c = talk()
    c.say("Bonjour Madame le Maire, Suite à notre échange, je vous propose une mission "
          "d'accompagnement à la rédaction du cahier des charges de votre schéma directeur "
          "numérique, en 6 réunions, pour un montant de 18 500 € HT. Je reste à votre "
          "disposition. Cordialement, J. Martin, consultant")
    assert "proposition de prestataire" in c.text and re.search(r"Pour 18\s500\s€\sHT", c.text), c.text
    c = talk()
    c.say("Nos élus veulent 60 % prix.")
    assert re.match(r"60\s%\spour le prix", c.text) and not asks(c, "structure_type"), c.text
    c.say("quelle procédure formalisée choisir ?")
    assert "dialogue compétitif" in c.text and re.search(r"216\s000\s€\sHT", c.text), c.text
    c = talk()
    c.say("45 000 € HT pour une mission AMO, quelle procédure ?")
    c.say("et en 2023 ? nous avions fait faire l'étude mobilité par un bureau d'études")
    assert re.search(r"Pour 45\s000\s€\sHT", c.text) and "en 2023" in c.text, c.text
    assert not asks(c, "structure_type")
    c = talk()
    c.say("repartir du debut")        # a restart typed first: only the first question
    assert asks(c, "structure_type") and "pas reconnu" not in c.text and "compris" not in c.text, c.text


def test_the_thresholds_are_short_one_threshold_alone_and_not_repeated(talk):
    """Live tests, session 12 (phone readers): « quels sont les seuils ? » got
    13 lines, « c'est quoi le seuil pour publier au BOAMP ? » the same 13, and
    asked again the same 13 verbatim. Now: the four thresholds of an AMO
    mission, the criterion and the sources in 7 lines, the others behind a
    button; one threshold asked, its line and its source; asked again, the
    lines as a reminder."""
    c = talk()
    c.say("quels sont les seuils ?")
    first = c.text
    assert first.count("\n") <= 8 and "Et aussi" not in first, first
    assert re.search(r"60\s000\s€\sHT", first) and re.search(r"216\s000\s€\sHT", first), first
    assert "L2152-7" in first and "Source" in first and "5 404 000" not in first.replace("\u202f", " ")
    assert [b["title"] for b in c.buttons] == ["Seuils des travaux et autres"], c.buttons
    c.say("c'est quoi le seuil pour publier au BOAMP ?")
    assert re.match(r"90\s000\s€\sHT\s: à partir de ce montant", c.text) and c.text.count("\n") <= 2, c.text
    c.say("quels sont les seuils ?")
    assert "comme indiqué plus haut" in c.text and c.text != first and "Source" not in c.text, c.text
    c.say("Seuils des travaux et autres")
    assert re.search(r"5\s404\s000\s€\sHT", c.text) and "Documents de la consultation" in c.text, c.text


def test_restart_command_wipes_the_conversation_and_says_so(talk):
    """« /restart » (Rasa's command, as in « rasa shell ») wiped the
    conversation and got « Je n'ai pas bien compris » (live test, session 17)."""
    c = talk()
    c.say("je veux faire le diagnostic")
    c.say("une commune")
    c.say("/restart")
    assert c.text.startswith("C'est reparti de zéro")
    c.say("je veux faire le diagnostic")
    assert asks(c, "structure_type")        # nothing kept from before


def test_restart_mid_diagnostic_asks_before_clearing(talk):
    """« recommencer » in the middle of the diagnostic cleared every answer at
    once (« retour à la première question », « raz »: left open in session
    24). Asked first: « non » keeps them, « oui » clears them; the same when
    the diagnostic was paused."""
    c = talk()
    c.say("je veux faire le diagnostic")
    c.say("une commune")
    c.say("1200 habitants")
    assert asks(c, "project")
    c.say("recommencer")
    assert "déjà donné 2 réponses" in c.text and not asks(c, "project")
    assert "/restart_diagnostic" in [b["payload"] for b in c.buttons]
    c.say("non")
    assert "je garde vos réponses" in c.text and asks(c, "project")
    c.say("recommencer")
    c.say("la rénovation de l'école")       # an answer instead of yes or no: read, kept
    assert asks(c, "theme") and "Faisons le point" not in c.text
    c.say("recommencer")
    assert "déjà donné 3 réponses" in c.text
    c.say("oui")
    assert asks(c, "structure_type")
    c.say("une commune")
    assert asks(c, "population")            # the population was cleared
    c.say("pause")
    c.say("on recommence tout")
    assert "déjà donné une réponse" in c.text
    c.say("oui")
    assert asks(c, "structure_type")
