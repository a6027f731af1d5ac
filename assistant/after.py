"""Messages typed once the diagnostic's result is given: what they ask of the
assistant itself, read deterministically (the classifier hears other topics
in them).

« et maintenant ? », « on fait quoi maintenant » after the result ask for the
next steps (the « Et maintenant ? » menu), not for what to plan after the AMO's
mission: the classifier hears ``ask_apres_mission`` in them (final S-L4).
"""
from __future__ import annotations

import re

from assistant.text import fold


def _words(text: str) -> str:
    """Lower case, no accents, punctuation as spaces."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(text or "")).replace("_", " ").split())


_NEXT = r"(?:maintenant|apres|ensuite|desormais)"
_NEXT_STEPS = re.compile(rf"""^(?:(?:bon|ok|d\s?accord|bien|tres\s+bien|merci|alors|du\s+coup)\s+)*(?:
    (?:et\s+)?{_NEXT}(?:\s+(?:on|je|nous)\s+fai[ts]?\s+quoi|\s+quoi|\s+on\s+fait\s+comment)?
  | (?:et\s+)?(?:{_NEXT}\s+)?(?:on|je|nous)\s+(?:fai[ts]|faisons)\s+quoi(?:\s+{_NEXT})?
  | (?:et\s+)?(?:que|qu\s+est\s+ce\s+qu\s+on|qu\s+est\s+ce\s+que\s+je)\s+(?:faire|fait|fais|doi[st]\s+faire)\s+{_NEXT}
  | (?:et\s+)?quoi\s+faire\s+{_NEXT}
  | (?:et\s+)?(?:c\s+est\s+)?quoi\s+la\s+suite
  | (?:et\s+)?(?:quelle\s+est\s+)?la\s+suite
  | (?:et\s+)?(?:quelles\s+sont\s+les\s+)?(?:prochaines?\s+etapes?|etapes?\s+suivantes?)
  | (?:et\s+)?par\s+ou\s+(?:je\s+|on\s+)?commence[rz]?\s+{_NEXT}
)$""", re.X)


def asks_next_steps(text: str) -> bool:
    """« et maintenant ? », « on fait quoi maintenant », « quelle est la
    suite ? », « prochaines étapes ? »: the whole message asks what to do
    next. A question on what comes after the mission (« que faire après la
    mission ? », « et après le départ du prestataire ? ») says more, and is
    not this."""
    return bool(_NEXT_STEPS.match(_words(text)))
