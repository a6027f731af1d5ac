"""assistant.text: normalisation and folding of what users type."""
import pytest
from hypothesis import given, strategies as st

from assistant.text import (
    MAX_INPUT_CHARS,
    edit_distance,
    fold,
    fold_aligned,
    is_typo_of,
    normalize,
    normalize_chars,
    truncate,
)


@pytest.mark.parametrize("typed, expected", [
    ("l’EPCI", "l'EPCI"),
    ("l‘EPCI", "l'EPCI"),
    ("lʼEPCI", "l'EPCI"),
    ("l´EPCI", "l'EPCI"),
    ("l`EPCI", "l'EPCI"),
    ("“devis”", '"devis"'),
    ("45\u00a0000\u00a0€", "45 000 €"),
    ("45\u202f000 €", "45 000 €"),
    ("45\u2009000 €", "45 000 €"),
    ("a\u2007b\u3000c", "a b c"),
    ("  trop   d'espaces\t ici  ", "trop d'espaces ici"),
    ("ligne 1\nligne 2\r\nligne 3", "ligne 1 ligne 2 ligne 3"),
    ("bip\x07 \x00nul", "bip nul"),
    ("zero\u200bwidth\ufeff", "zerowidth"),
    ("co\u00adtisation", "cotisation"),
    ("e\u0301nergie", "énergie"),                 # NFD → NFC
    ("moins\u2011disant", "moins-disant"),
    ("\u22125 000 €", "-5 000 €"),
    ("Éclairage PUBLIC", "Éclairage PUBLIC"),      # case and accents kept
    ("", ""),
    (None, ""),
])
def test_normalize(typed, expected):
    assert normalize(typed) == expected


@pytest.mark.parametrize("typed, expected", [
    ("l’AMO", "l'AMO"),
    ("“devis”", '"devis"'),
    ("45\u00a0000\u202f€", "45 000 €"),
    ("a\tb\nc", "a b c"),
    ("zero\u200bwidth", "zero width"),           # kept as a space: same length
    ("bip\x07", "bip "),
    ("moins\u2011disant", "moins-disant"),
    ("  deux  espaces ", "  deux  espaces "),      # not collapsed
    ("e\u0301", "e\u0301"),                      # no NFC
    (None, ""),
])
def test_normalize_chars_keeps_the_length(typed, expected):
    assert normalize_chars(typed) == expected


@given(st.text(max_size=200))
def test_normalize_chars_keeps_offsets(text):
    normalized = normalize_chars(text)
    assert len(normalized) == len(text)
    assert all(new == old or new in " '\"-" for new, old in zip(normalized, text))
    assert normalize_chars(normalized) == normalized


@pytest.mark.parametrize("typed, expected", [
    ("Éclairage  PUBLIC", "eclairage public"),
    ("Rénovation énergétique", "renovation energetique"),
    ("maîtrise d’œuvre", "maitrise d'oeuvre"),
    ("ÇA DÉPEND", "ca depend"),
    ("e\u0301nergie", "energie"),
    ("1ᵉʳ avril", "1er avril"),
    ("50–70 k€", "50-70 k€"),
    ("45\u202f000\u00a0€", "45 000 €"),
    ("Straße", "strasse"),
    ("  ", ""),
    (None, ""),
])
def test_fold(typed, expected):
    assert fold(typed) == expected


def test_fold_aligned_maps_back_to_what_was_typed():
    typed = "  Le 1ᵉʳ  AVRIL, l’Œuvre coûte 45\u202f000 €"
    folded = fold_aligned(typed)
    assert folded.text == "le 1er avril, l'oeuvre coute 45 000 €"
    i = folded.text.index("oeuvre")
    start, end = folded.span(i, i + len("oeuvre"))
    assert typed[start:end] == "Œuvre"
    i = folded.text.index("45 000 €")
    start, end = folded.span(i, i + len("45 000 €"))
    assert typed[start:end] == "45\u202f000 €"
    i = folded.text.index("1er")
    start, end = folded.span(i, i + 3)
    assert typed[start:end] == "1ᵉʳ"


def test_aligned_replace_keeps_the_origin():
    folded = fold_aligned("cinquante mille euros")
    replaced = folded.replace([(0, 15, "50000")])
    assert replaced.text == "50000 euros"
    assert replaced.span(0, 5) == (0, 15)
    assert replaced.span(6, 11) == (16, 21)
    with pytest.raises(ValueError):
        folded.replace([(0, 5, "x"), (3, 8, "y")])


@given(st.text(max_size=200))
def test_fold_aligned_is_consistent(text):
    folded = fold_aligned(text)
    assert folded.text == fold(text)
    assert len(folded.starts) == len(folded.ends) == len(folded.text)
    assert all(0 <= s < e <= len(text) for s, e in zip(folded.starts, folded.ends))
    assert list(folded.starts) == sorted(folded.starts)


@given(st.text(max_size=200))
def test_normalize_and_fold_are_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)
    assert fold(fold(text)) == fold(text)
    assert fold(normalize(text)) == fold(text)
    assert "  " not in normalize(text) and normalize(text) == normalize(text).strip()


def test_truncate_keeps_a_prefix():
    text = "mot " * 1000
    cut = truncate(text)
    assert len(cut) <= MAX_INPUT_CHARS
    assert text.startswith(cut)
    assert not cut.endswith("mo")
    assert truncate("court") == "court"
    assert truncate("x" * 5000, limit=10) == "x" * 10
    assert truncate(None) == ""


@pytest.mark.parametrize("a, b, distance", [
    ("energie", "energie", 0),
    ("energie", "enrgie", 1),
    ("energie", "energei", 1),        # transposition
    ("commune", "comune", 1),
    ("kitten", "sitting", 3),
])
def test_edit_distance(a, b, distance):
    assert edit_distance(a, b) == distance


@pytest.mark.parametrize("word, target, expected", [
    ("enrgie", "energie", True),
    ("comunaute", "communaute", True),
    ("departemant", "departement", True),
    ("intercomunalite", "intercommunalite", True),
    ("eau", "eaux", False),            # short words: exact only
    ("mobilier", "mobilite", False),   # two edits on 8 letters
    ("mobilier", "mobilites", False),
    ("nergie", "energie", False),      # first letter must match
])
def test_is_typo_of(word, target, expected):
    assert is_typo_of(word, target) is expected


# -- a message in English (final M-M9) ----------------------------------------------

from pathlib import Path  # noqa: E402

import yaml  # noqa: E402

from assistant.text import looks_english  # noqa: E402

# The examples of data/nlu written in English (out of scope, « who are you? »…).
ENGLISH_EXAMPLES = {
    "are you human?", "who are you?", "I don't know", "I don't know, sorry", "what is the weather today",
    "can you speak english", "where is the town hall", "i need help with my taxes",
    "how are you doing today", "what time is it in Paris", "what can I do in Brittany this weekend",
    "how do I apply for a French visa", "thank you so much",
}


def _nlu_examples():
    import re
    for path in sorted((Path(__file__).resolve().parents[2] / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            for line in (block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    # annotations [text](entity) / [text]{...} → text
                    yield re.sub(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})", r"\1", line[2:])


def test_no_french_example_of_the_nlu_data_is_taken_for_english():
    examples = list(_nlu_examples())
    assert len(examples) > 1000
    english = {e for e in examples if looks_english(e)}
    assert english <= ENGLISH_EXAMPLES, english - ENGLISH_EXAMPLES


@pytest.mark.parametrize("text, expected", [
    ("sorry, my english is better, is it mandatory to ask for 3 quotes ?", True),
    ("What is an AMO?", True), ("Do I need to put the contract out to tender?", True),
    ("Can you help me with procurement thresholds?", True),
    ("hello, adjoint numerique commune 3200 hab", False), ("bref. let's go for the diagnostic", False),
    ("ok thanks", False), ("un thé ?", False), ("c'est what ?", False), ("", False),
    # (live test, session 25: the two-stage fallback's buttons)
    ("ok so what is an AMO?", True), ("on a 1 an", False), ("un an ou deux", False),
])
def test_a_message_in_english(text, expected):
    assert looks_english(text) is expected


def test_words_are_what_the_recognisers_read():
    from assistant.text import words

    assert words("Intercommunalité (EPCI)") == "intercommunalite epci"
    assert words("c'est quoi ? Œuvre__d’art !") == "c est quoi oeuvre d art"
    assert words(None) == "" and words(" ,;! ") == ""


@given(st.text(max_size=200))
def test_words_are_stable_and_plain(text):
    from assistant.text import words

    once = words(text)
    assert words(once) == once and "  " not in once and once == once.strip()
    assert all(ch.isalnum() or ch == " " for ch in once)


# -- a message in German, Spanish or Italian (live test, session 12) ---------------------

from assistant.text import foreign_language  # noqa: E402

# The examples of data/nlu written in another language than French or English
# (out of scope): the only ones that may be taken for foreign.
OTHER_LANGUAGE_EXAMPLES = {
    "wie spät ist es": "de", "Ich verstehe kein Französisch": "de", "wo ist der Bahnhof": "de",
    "Ich habe eine Frage zu meiner Steuer": "de", "¿dónde está el ayuntamiento?": "es",
    "hola, qué tal": "es",
}


def test_no_french_example_of_the_nlu_data_is_taken_for_foreign():
    """Every example of data/nlu (typos, SMS, no accents included) is French,
    except the English ones and the few others listed: none is read as
    written in another language."""
    examples = list(_nlu_examples())
    assert len(examples) > 1000
    foreign = {e: foreign_language(e) for e in examples if foreign_language(e)}
    expected = {**{e: "en" for e in ENGLISH_EXAMPLES}, **OTHER_LANGUAGE_EXAMPLES}
    assert {e: lang for e, lang in foreign.items() if expected.get(e) != lang} == {}
    assert set(OTHER_LANGUAGE_EXAMPLES) <= set(foreign)


@pytest.mark.parametrize("text, language", [
    ("Guten Tag, ich brauche Hilfe", "de"),
    ("Hallo, wir sind eine Gemeinde und brauchen Hilfe", "de"),
    ("Wir brauchen einen Berater für die Gemeinde", "de"),
    ("Was ist ein AMO?", "de"),
    ("Hola, necesito ayuda", "es"),
    ("Necesito ayuda con un proyecto de energía", "es"),
    ("Hola, soy la alcaldesa de un pueblo, necesito un asesor", "es"),
    ("Buenos días, necesito información", "es"),
    ("Buongiorno, ho bisogno di aiuto", "it"),
    ("Buongiorno, sono il sindaco di un piccolo comune", "it"),
    ("Ciao, vorrei sapere come funziona", "it"),
    ("What is an AMO?", "en"),
    # French, typed fast, with a foreign word or two
    ("ciao merci", None), ("ok ciao, merci pour tout", None), ("el maire veut un audit", None),
    ("la sono de la salle des fetes", None), ("de la com com", None), ("un pb avec le sde", None),
    ("che cosa", None), ("bref. let's go for the diagnostic", None),
    ("slt jai besoin d aide pr un projet", None), ("on est une petite comune de 800 hab", None),
    ("kel est le seuil pr une amo", None), ("c koi la diff entre amo et moe", None),
    ("le maire a dit non pour le projet", None), ("la mairie de Saint-Denis", None),
    ("pas encore, la comcom est debordee", None), ("", None),
])
def test_the_language_of_a_message(text, language):
    assert foreign_language(text) == language
