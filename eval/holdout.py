"""The held-out set (tests/holdout/) and the check that none of its texts is
in the training data.

Messages are read with Rasa's own readers (test stories and NLU YAML), so the
annotations mean exactly what they mean to ``rasa test``.

Run alone: ``python -m eval.holdout`` prints the counts and fails (exit 1) when
a held-out text is also a training text (after normalisation: case, accents,
apostrophes, punctuation and spaces ignored).
"""
from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Sequence

ROOT = Path(__file__).resolve().parents[1]
HOLDOUT = ROOT / "tests" / "holdout"
STORIES = HOLDOUT / "test_stories.yml"   # « test_ »: read by rasa test core --e2e
NLU = HOLDOUT / "nlu.yml"
TRAIN_NLU = ROOT / "data" / "nlu"


@dataclass
class Example:
    text: str
    intent: str
    entities: List[Dict[str, Any]] = field(default_factory=list)
    source: str = ""   # "stories" or "nlu"


def normalise(text: str) -> str:
    """Case, accents, apostrophes, punctuation and spacing folded."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("œ", "oe"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9€%]+", text))


def _entities(raw: Iterable[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [
        {k: e[k] for k in ("entity", "value", "start", "end") if k in e}
        for e in raw or []
    ]


def story_examples(path: Path = STORIES) -> List[Example]:
    """User turns of test stories that carry a text (button turns skipped)."""
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader

    steps = YAMLStoryReader().read_from_file(str(path))
    examples = []
    for step in steps:
        for event in step.events:
            if isinstance(event, UserUttered) and event.text and not event.text.startswith("/"):
                examples.append(Example(
                    text=event.text.strip(),
                    intent=(event.intent or {}).get("name"),
                    entities=_entities(event.entities),
                    source="stories",
                ))
    return examples


def nlu_examples(path: Path = NLU) -> List[Example]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [
        Example(
            text=m.get("text"), intent=m.get("intent"),
            entities=_entities(m.get("entities")), source="nlu",
        )
        for m in data.intent_examples
    ]


def training_texts(path: Path = TRAIN_NLU) -> List[str]:
    from rasa.shared.nlu.training_data.loading import load_data

    return [m.get("text") for m in load_data(str(path)).intent_examples]


def leaks(held_out: Sequence[str], training: Sequence[str]) -> List[str]:
    """Held-out texts equal to a training text once normalised."""
    seen = {normalise(t) for t in training}
    return [t for t in held_out if normalise(t) in seen]


def duplicates(texts: Sequence[str]) -> List[str]:
    counts = Counter(normalise(t) for t in texts)
    return sorted(t for t, n in counts.items() if n > 1)


def load_all() -> List[Example]:
    return story_examples() + nlu_examples()


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(list(argv))
    examples = load_all()
    train = training_texts()
    leaked = leaks([e.text for e in examples], train)
    by_source = Counter(e.source for e in examples)
    intents = Counter(e.intent for e in examples)
    print(f"held-out messages: {len(examples)} ({dict(by_source)}), intents: {len(intents)}")
    for text in duplicates([e.text for e in examples]):
        print(f"warning: repeated held-out text: {text!r}")
    if leaked:
        for text in leaked:
            print(f"LEAK: held-out text present in data/nlu: {text!r}", file=sys.stderr)
        return 1
    print("no held-out text in data/nlu")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
