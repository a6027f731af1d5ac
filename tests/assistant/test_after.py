"""What a message typed after the result asks of the assistant itself."""
import pytest

from assistant.after import asks_next_steps


@pytest.mark.parametrize("text", [
    "et maintenant", "et maintenant ?", "Et maintenant ?", "on fait quoi maintenant",
    "on fait quoi maintenant ?", "ok, et maintenant ?", "et après ?", "et ensuite ?",
    "quelle est la suite ?", "que faire maintenant ?", "je fais quoi maintenant ?",
    "prochaines étapes ?", "maintenant on fait quoi",
    # (live test, session 26: the list of what the assistant can do)
    "merci, et maintenant je fais quoi concrètement ?", "on fait quoi concrètement ?",
])
def test_what_now_asks_the_next_steps(text):
    assert asks_next_steps(text)


@pytest.mark.parametrize("text", [
    "que faire après la mission ?", "et après le départ du prestataire ?", "et en 2024 ?",
    "le seuil européen c'est combien maintenant", "on fait quoi avec le CAUE ?",
    "la suite du projet sera portée par l'EPCI", "",
])
def test_other_questions_do_not(text):
    assert not asks_next_steps(text)


# -- complaints about the answers (final M-M8) --------------------------------------

from assistant.after import complaint, is_sigh  # noqa: E402

# Examples of data/nlu read as complaints: all are (« t'es nul » is out of
# scope for the classifier; the others answer « Ces conseils vous sont-ils
# utiles ? », where the feedback rules take them first).
NLU_COMPLAINTS = {"t'es nul", "non ça ne m'aide pas", "bof", "ça ne m'aide pas du tout", "t'es con ou quoi"}


@pytest.mark.parametrize("text", [
    "ok merci. mon avis : les réponses sont justes mais bcp trop longues et ya des sources partout, "
    "moi je veux 3 lignes",
    "mon avis : vos reponses sont trop longues", "super, ça m'aide pas bcp ton truc 🙄", "pfff",
    "🙄", "les conseils sont trop generiques", "ça sert à rien ce truc", "trop de texte",
    # an insult: « Je ne peux pas vous aider sur ce point » (live test, session 18)
    "espece de bot de merde", "t'es débile", "robot de merde !!",
])
def test_complaints_about_the_answers(text):
    assert complaint(text)


@pytest.mark.parametrize("text", [
    "merci", "c'est clair, merci", "le cabinet ne répond pas", "le SDE ne peut pas nous aider",
    "la réponse du CAUE est trop longue à venir ?", "/thank", "", "quel est votre avis sur le CEP ?",
])
def test_other_messages_are_not_complaints(text):
    assert not complaint(text)


def test_a_sigh_has_nothing_to_record():
    assert is_sigh("pfff") and is_sigh("🙄") and not is_sigh("vos réponses sont trop longues")


def test_no_example_of_the_nlu_data_is_read_as_a_complaint_but_those_listed():
    from tests.assistant.test_text import _nlu_examples

    examples = list(_nlu_examples())
    assert len(examples) > 1000
    read = {e for e in examples if complaint(e)}
    assert read == NLU_COMPLAINTS, read ^ NLU_COMPLAINTS


# -- « c'est trop long » (final M-M8) -----------------------------------------------

from hypothesis import given, strategies as st  # noqa: E402

from assistant.after import MAX_SHORT, asks_shorter, short_version  # noqa: E402


@pytest.mark.parametrize("text, expected", [
    ("c'est trop long", True), ("vos réponses sont trop longues, faites court", True),
    ("trop long", True), ("c'est beaucoup trop long à lire", True), ("plus court svp", True),
    ("vous pouvez faire plus court ?", True),
    ("mon avis : les réponses sont justes mais bcp trop longues", True),
    ("le délai est trop long", False), ("la réponse du CAUE est trop longue à venir ?", False),
    ("c'est plus court par la route nationale", False), ("MAPA : c'est quoi, en deux lignes ?", False),
    ("merci", False), ("/thank", False),
])
def test_asks_shorter(text, expected):
    assert asks_shorter(text) is expected
    if expected:
        assert complaint(text)


def test_the_short_version_of_a_result():
    texts = ["**Faire appel à un AMO**\nD'après vos réponses, un AMO se justifie. Restez aux commandes.\n\n"
             "Pourquoi :\n- Vos partenaires ne peuvent pas.\n- Votre besoin est ponctuel.",
             "Pour 45 000 € HT, vous êtes sous le seuil (art. R2122-8 du Code). Même sans mise en "
             "concurrence, choisissez bien.\nSource : Décret",
             "Votre fiche est prête : [la fiche en PDF](http://x/f.pdf) · [la version texte](http://x/f.md)."]
    assert short_version(texts) == (
        "**Faire appel à un AMO** : D'après vos réponses, un AMO se justifie.\n"
        "[la fiche en PDF](http://x/f.pdf) · [la version texte](http://x/f.md)")


@pytest.mark.parametrize("note", [
    "Les seuils s'appliquent hors taxes : 35 000 € TTC, soit environ 29 167 € HT (TVA à 20 %).",
    "J'ai noté : budget d'environ 40 000 € HT, à confirmer.",
])
def test_a_note_before_the_title_is_not_the_key_sentence(note):
    """Live bot: « c'est trop long » after a result whose budget was typed TTC
    got the TTC note as the answer in short, not the verdict."""
    texts = [note, "**Consulter d'abord vos partenaires publics**\nAvant de faire appel à un prestataire "
             "privé, vérifiez auprès d'eux. Ensuite seulement, un AMO."]
    assert short_version(texts) == ("**Consulter d'abord vos partenaires publics** : Avant de faire appel à "
                                    "un prestataire privé, vérifiez auprès d'eux.")


def test_the_short_version_keeps_a_lead_with_its_first_item_and_whole_abbreviations():
    assert short_version(["Les pistes :\n- Recruter un agent.\n- Partager un poste."]) == \
        "Les pistes : Recruter un agent."
    assert short_version(["Voir l'art. R2122-8 du Code. Puis le reste."]) == \
        "Voir l'art. R2122-8 du Code."


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=900),
                max_size=4))
def test_the_short_version_is_two_lines_at_most(texts):
    short = short_version(texts)
    lines = short.split("\n") if short else []
    assert len(lines) <= 2
    if lines and not lines[0].startswith("["):
        assert len(lines[0]) <= MAX_SHORT + 1


# -- a wish to give one's opinion (live test, session 11) --------------------------

from assistant.after import wants_to_give_feedback  # noqa: E402


@pytest.mark.parametrize("text", [
    "je voudrais donner mon avis sur l'outil", "j'ai une remarque", "je peux vous faire un retour ?",
    "j'aimerais faire quelques suggestions", "j'ai une petite remarque à faire",
])
def test_a_wish_to_give_an_opinion_is_recognised(text):
    assert wants_to_give_feedback(text)


@pytest.mark.parametrize("text", [
    "mon avis : les réponses sont trop longues",        # gives it (a complaint)
    "je voudrais un avis juridique sur le marché", "je voudrais un avis",   # asks for one
    "je veux un retour sur investissement", "on peut donner un avis sur le DCE ?",
    "j'ai un avis de marché à publier", "commune", "/inform",
])
def test_other_messages_are_no_wish_to_give_an_opinion(text):
    assert not wants_to_give_feedback(text)


@pytest.mark.parametrize("text, expected", [
    ("vous avez noté combien d'habitants ?", True), ("qu'est-ce que vous avez noté ?", True),
    ("rappelez-moi mes réponses", True),
    ("vous avez noté que le maire porte le projet", False), ("j'ai noté vos conseils", False),
    ("", False),
])
def test_what_was_noted_asked_back(text, expected):
    from assistant.after import asks_what_was_noted
    assert asks_what_was_noted(text) is expected


@pytest.mark.parametrize("text, expected", [
    # live tests, session 11: taken for the project, or the help menu
    ("par contre c est un peu long a lire sur le telephone", True),
    ("votre outil est nul il comprend rien", True), ("c'est long à lire", True),
    ("le DGS il comprend rien au dossier", False), ("on a un long chemin à faire", False),
    ("le maire est nul en informatique", False),
])
def test_more_complaints_about_the_answers(text, expected):
    from assistant.after import complaint
    assert complaint(text) is expected


from assistant.after import feedback_on_the_result, feedback_remark  # noqa: E402


@pytest.mark.parametrize("text, feedback", [
    ("merci c'était clair, peut etre un peu long sur telephone", True),
    ("c'etait bien", True), ("top merci", True), ("très clair et utile, merci !", True),
    ("merci beaucoup", True),
    # answers, corrections: not feedback
    ("c'est bien une commune", False), ("en fait on est 5000 habitants", False),
    ("en fait c'est numérique", False), ("c est plutot durable", False), ("non", False),
])
def test_feedback_on_the_result(text, feedback):
    assert feedback_on_the_result(text) is feedback


def test_a_remark_in_the_feedback_is_told_from_praise():
    assert feedback_remark("merci c'était clair, peut etre un peu long sur telephone")
    assert not feedback_remark("c'etait bien, merci")


# -- feedback at « Ces conseils vous sont-ils utiles ? » (session 13) ---------------------

@pytest.mark.parametrize("text, remark", [
    ("super outil merci, peut etre un peu long sur les questions", True),
    ("outil très utile, un peu long sur le diagnostic", True),
    ("top merci mais trop de questions", True),
    ("votre outil est super", False),
    ("un super outil !", False),
    ("super outil mais on est un EPCI", None),          # a correction, no feedback
    ("super le CAUE", None),
])
def test_feedback_with_the_tool_named_and_a_remark_on_the_questions(text, remark):
    assert feedback_on_the_result(text) is (remark is not None)
    if remark is not None:
        assert feedback_remark(text) is remark


# -- « bon travail » is praise, not a filler and a word -------------------------------------

@pytest.mark.parametrize("text, feedback", [
    ("bon travail merci", True), ("bon boulot, merci", True), ("du bon boulot", True), ("bon job", True),
    ("merci, bon travail", True), ("c'est du bon boulot, merci", True), ("bon travail !", True),
    # a leading filler « bon, » keeps working as before
    ("bon, merci c'était utile", True), ("bon merci", True), ("bon, super outil merci", True),
    ("bon, on continue", False), ("bon, on est une commune", False), ("bon", False),
    ("bon travail mais on est un EPCI", False), ("bon courage", False),
])
def test_good_work_is_feedback(text, feedback):
    assert feedback_on_the_result(text) is feedback


def test_good_work_with_a_remark_keeps_the_remark():
    assert feedback_remark("bon travail, peut etre un peu long sur telephone")
    assert not feedback_remark("bon boulot, merci")


# -- other praise: « top, bonne réponse », « bravo pour l'outil » (session 14's list) -----------

@pytest.mark.parametrize("text, feedback", [
    ("top, bonne réponse", True), ("bonne réponse merci", True), ("très bonnes réponses, merci", True),
    ("bon outil", True), ("bon diagnostic, merci", True), ("belles réponses", True), ("beau travail", True),
    ("excellent", True), ("excellent travail !", True), ("bravo", True), ("bravo pour le travail", True),
    ("bravo pour ce bot", True), ("chouette outil merci", True),
    # a wish, a question or something else: no feedback
    ("bonne continuation", False), ("bonne journée", False), ("belle journée", False), ("bonne question", False),
    ("bon je reviens", False), ("bonne réponse mais on est un syndicat", False), ("bravo pour 30 000 €", False),
])
def test_other_praise_is_feedback(text, feedback):
    assert feedback_on_the_result(text) is feedback


@pytest.mark.parametrize("text, expected", [
    # live test, session 23: a new diagnostic began without a word
    ("bonjour j'ai deja fait le diagnostic hier, je voudrais revoir les conseils", True),
    ("je voudrais revoir les conseils", True), ("je peux retrouver ma fiche ?", True),
    ("redonnez-moi les résultats svp", True), ("j ai fait le diag la semaine derniere", True),
    # resuming, starting, or another thing done
    ("je veux reprendre le diagnostic", False), ("on reprend le diagnostic", False),
    ("faire le diagnostic", False), ("recommencer le diagnostic", False),
    ("on a fait un bilan carbone", False), ("je voudrais revoir mes réponses", False), ("", False),
])
def test_the_result_asked_again(text, expected):
    from assistant.after import asks_result_again
    assert asks_result_again(text) is expected
