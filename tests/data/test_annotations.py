"""Entity annotations of the NLU data are consistent: a phrase annotated as an
entity (or listed as a synonym) somewhere is annotated everywhere, so DIET is
never taught that the same words are and are not an entity."""
import collections
import re
from functools import lru_cache
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.loading import load_data

ROOT = Path(__file__).resolve().parents[2]
LEARNED = ("term", "partner", "structure_type", "theme")
# Words that are an entity in one sense only (« une autre commune » is not the
# structure type « autre » ; « la Région » may be the partner or the structure).
AMBIGUOUS = {"autre", "région", "region", "etat", "état", "conseil régional",
             "conseil regional", "département", "departement"}


@lru_cache(maxsize=None)
def data():
    return load_data(str(ROOT / "data" / "nlu"))


def known_forms():
    """Every surface form annotated somewhere, and every synonym variant."""
    td = data()
    types = {}
    forms = {}
    for message in td.training_examples:
        for e in message.get("entities") or []:
            if e["entity"] in LEARNED:
                types[str(e["value"])] = e["entity"]
                forms[message.get("text")[e["start"]:e["end"]].lower()] = e["entity"]
    for variant, canonical in td.entity_synonyms.items():
        if canonical in types:
            forms[variant.lower()] = types[canonical]
    return {f: t for f, t in forms.items() if len(f) >= 3 and f not in AMBIGUOUS}


def test_every_known_entity_phrase_is_annotated():
    forms = known_forms()
    missing = []
    for message in data().training_examples:
        if not message.get("intent"):
            continue
        text = message.get("text")
        low = text.lower()
        spans = [(e["start"], e["end"]) for e in message.get("entities") or []]
        for form, entity in forms.items():
            for found in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", low):
                if not any(s <= found.start() and found.end() <= e for s, e in spans):
                    missing.append(f"{message.get('intent')}: « {text} » — {entity} « {form} »")
    assert not missing, f"{len(missing)} unannotated:\n" + "\n".join(sorted(set(missing))[:40])


def test_annotated_values_are_canonical():
    """An annotation's value is a canonical id known to the actions."""
    values = collections.defaultdict(set)
    for message in data().training_examples:
        for e in message.get("entities") or []:
            if e["entity"] in LEARNED:
                values[e["entity"]].add(str(e["value"]))
    for entity, found in values.items():
        odd = [v for v in found if not re.fullmatch(r"[a-z0-9_]+", v)]
        assert not odd, f"{entity}: non canonical values {odd}"
