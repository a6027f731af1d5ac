"""What a message typed after the result asks of the assistant itself."""
import pytest

from assistant.after import asks_next_steps


@pytest.mark.parametrize("text", [
    "et maintenant", "et maintenant ?", "Et maintenant ?", "on fait quoi maintenant",
    "on fait quoi maintenant ?", "ok, et maintenant ?", "et après ?", "et ensuite ?",
    "quelle est la suite ?", "que faire maintenant ?", "je fais quoi maintenant ?",
    "prochaines étapes ?", "maintenant on fait quoi",
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
