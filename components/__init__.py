"""Custom Rasa NLU components: thin adapters over ``assistant/``."""
from components import spacy_pipes

spacy_pipes.install()
