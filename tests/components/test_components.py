"""The custom NLU components, on real Rasa messages."""
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.french_numbers import FrenchNumbersExtractor
from components.normalizer import FrenchTextNormalizer


def test_normalizer_turns_typographic_apostrophes_and_spaces_into_plain_ones():
    message = Message(data={TEXT: "C’est quoi l’AMO\u00a0? 45\u202f000\u00a0€"})
    FrenchTextNormalizer().process([message])
    assert message.get(TEXT) == "C'est quoi l'AMO ? 45 000 €"


def test_normalizer_keeps_training_entity_offsets_valid():
    text = "une com\u200bcom d’agglo"
    example = Message(data={TEXT: text, "intent": "inform",
                            ENTITIES: [{"start": 4, "end": 11, "value": "epci", "entity": "structure_type"}]})
    FrenchTextNormalizer().process_training_data(TrainingData([example]))
    assert len(example.get(TEXT)) == len(text)
    assert example.get(TEXT)[4:11] == "com com"


def extract(text):
    message = Message(data={TEXT: text})
    FrenchNumbersExtractor().process([message])
    return {(e["entity"], e["value"]) for e in message.get(ENTITIES, [])}


def test_extractor_finds_amount_population_and_date():
    found = extract("commune de 800 habitants, 30 000 € HT, au 1er avril 2026")
    assert ("population", "800") in found
    assert ("date", "2026-04-01") in found
    assert any(entity == "amount" and "30 000" in value for entity, value in found)


def test_extractor_does_not_take_a_population_or_a_year_for_an_amount():
    found = extract("nous sommes 1 200 habitants en 2025")
    assert not any(entity == "amount" for entity, _ in found)


def test_extractor_offsets_point_at_the_text():
    text = "on a 45k€ pour l'étude"
    message = Message(data={TEXT: text})
    FrenchNumbersExtractor().process([message])
    amount = [e for e in message.get(ENTITIES) if e["entity"] == "amount"][0]
    assert text[amount["start"]:amount["end"]] == amount["value"] == "45k€"
