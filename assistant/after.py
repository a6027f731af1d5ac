"""Messages typed once the diagnostic's result is given: what they ask of the
assistant itself, read deterministically (the classifier hears other topics
in them).

« et maintenant ? », « on fait quoi maintenant » after the result ask for the
next steps (the « Et maintenant ? » menu), not for what to plan after the AMO's
mission: the classifier hears ``ask_apres_mission`` in them (final S-L4).
"""
from __future__ import annotations

import re

from assistant.text import fold, words as _words


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


# -- complaints about the answers (final M-M8) ---------------------------------------

# « mon avis : … », « petite remarque : … »: what follows is feedback.
_FEEDBACK_MARKER = re.compile(
    r"\b(?:mon\s+avis|ma\s+remarque|petite\s+remarque|mon\s+retour|petit\s+retour|un\s+retour"
    r"|feedback|critique)\s*:\s*\S")
_ANSWERS = (r"(?:vos|tes|les|ces|votre|ta|ton|la|le|tes)\s+(?:reponses?|conseils?|explications?|messages?"
            r"|textes?|infos?|resultats?)")
_THING = (r"(?:ca|cela|ton\s+truc|votre\s+truc|ce\s+truc|ce\s+bot|ce\s+chatbot|ce\s+chat|cet\s+outil|l\s+outil"
          r"|le\s+bot|le\s+chatbot|votre\s+outil|vos\s+reponses|tes\s+reponses|vos\s+conseils|ce\s+site)")
_BAD = (r"(?:(?:beaucoup|bcp|vraiment|un\s+peu|bien|carrement|franchement)\s+)?"
        r"(?:trop\s+(?:long|longs|longue|longues|generiques?|vagues?|compliquee?s?|theoriques?)"
        r"|inutiles?|nulle?s?|a\s+cote\s+de\s+la\s+plaque|hors\s+sujet|pas\s+(?:claire?s?|utiles?|precise?s?"
        r"|adaptee?s?|terribles?|top))")
_COMPLAINT = re.compile(rf"""\b(?:
    {_ANSWERS}\s+(?:sont\s+|est\s+|c\s+est\s+)?{_BAD}
  | {_THING}\s+(?:ne\s+)?m\s+aide\s+(?:pas|rien|guere)
  | {_THING}\s+(?:ne\s+)?m\s+a\s+pas\s+aide
  | {_THING}\s+(?:ne\s+)?sert\s+(?:a\s+rien|pas\s+a\s+grand\s+chose)
  | (?:vous|tu)\s+(?:ne\s+)?(?:repondez|reponds|comprenez|comprends)\s+(?:pas|rien|jamais)\s*(?:a\s+(?:ma|la)\s+question)?$
  | vous\s+etes\s+(?:nul|inutile)s?|t\s+es\s+(?:nul|inutile)
  | trop\s+de\s+(?:texte|sources|blabla|lignes)
)""", re.X)
# A sigh or a grimace alone: « pfff », « bof », « 🙄 ».
_SIGH = re.compile(r"^(?:p+f+|bof+|mouais+|grr+|rho+|pfiou|rah+|ouf+)$")
_GRIMACES = set("🙄😒😤😑😕🙁☹👎😠😡🤦")


def complaint(text: str) -> bool:
    """Whether the message complains about the assistant's answers or gives
    an opinion on them: « mon avis : les réponses sont justes mais bcp trop
    longues », « ça m'aide pas bcp ton truc 🙄 », « pfff » (final M-M8: they
    got « Avec plaisir », the capability list, « hors sujet »). Not a
    complaint about a partner or a provider (« le cabinet ne répond pas »)."""
    raw = (text or "").strip()
    if not raw or raw.startswith("/"):
        return False
    folded = fold(raw).replace("’", "'")
    words = _words(raw)
    if not words:
        return bool(raw) and all(ch in _GRIMACES or not ch.strip() or ch == "\ufe0f" for ch in raw)
    return bool(_FEEDBACK_MARKER.search(folded) or _COMPLAINT.search(words) or _SIGH.match(words))


def is_sigh(text: str) -> bool:
    """A sigh or a grimace alone (« pfff », « 🙄 »): nothing to record."""
    words = _words(text)
    return bool(_SIGH.match(words)) if words else complaint(text)
