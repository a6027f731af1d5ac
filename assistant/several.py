"""Several questions in one message.

New users write several questions at once: « c'est quoi un AMO ? et faut-il
mettre en concurrence pour 45 000 € ? », « Bonjour, je suis secrétaire de
mairie (600 hab). Est-ce que l'AMO est obligatoire ? Et combien ça coûte en
général ? ». Classified whole, the message got one intent and one answer; the
other question was silently lost (live tests with new users, session 12).

``split_questions`` cuts such a message into its questions:

- where a « ? » is followed by more text, at the end of a sentence (« . », « ! »,
  « … », a new line), and before « , », « ; » or « et » when what follows
  starts as a question (« et faut-il… », « , c'est quoi… », « et combien… »);
- a clause phrased as a question (``answers.phrased_as_question``) is a
  question; any other is a statement: context (« je suis secrétaire de mairie
  (600 hab). », « on a 40 000 € pour un audit. »). A statement is read with
  every question after it (prefixed), and statements after the last question
  with that question (appended): an amount or a theme given as context still
  reaches the question that needs it (the procurement answer reads the amount
  in the text);
- a question ends with « ? » or starts as one: « c'est quoi un DCE ? je vois
  ce sigle partout sans savoir ce qu'il veut dire » asks one;
- a question with no subject of its own (« est-ce obligatoire ? », « c'est
  légal ? », « pourquoi ? ») asks again the question before it: « Faut-il
  viser le CCAG-PI dans le CCAP ? est-ce obligatoire ? » is one question.
  After a definition question (« c koi un amo ? et c obligatoire ? ») it asks
  about what that question named: it is read as « amo c obligatoire ? ».
  After a statement it asks about what the statement says: the message is
  read whole (« un collègue m'a parlé d'un OPSN, c'est quoi et est-ce qu'il
  peut nous aider ? »);
- a short question that does not start as one, or one that offers an
  alternative, continues the question before it (« c'est qui le maître
  d'ouvrage ? moi ou le bureau d'études ? », « … ? dans le RC ? »).

Only a message with at least two questions is split: one question, with or
without context, is left whole (``answers.question_clause`` picks its question
out). « AMO et MOE, c'est quoi la différence ? », « entre 20 et 30 k€ »,
« faut-il 3 devis et une publicité ? » are one question each.

Plain Python, no Rasa import.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import List, Optional, Tuple

from .answers import _QUESTION_FIRST, _QUESTION_LAST, definition_question, phrased_as_question
from .text import DICTATED_QUESTION, fold_same_length, normalize_chars, words

Span = Tuple[int, int]

MAX_CHARS = 2000       # a longer message (a pasted document) is not split


@dataclass(frozen=True)
class Question:
    """One question of a message. ``start``/``end``: its span in the message
    (connector « et » left out); ``spans``: the pieces of the message its
    answer reads, in order (the context before it, the subject it refers to,
    itself, the statements after the last question)."""
    start: int
    end: int
    spans: Tuple[Span, ...]
    subject: Optional[Span] = None     # what an elliptic question asks about

    def text_in(self, message: str) -> str:
        """The question as classified: itself, after its subject if elliptic."""
        own = message[self.start:self.end]
        if self.subject is None:
            return own
        return f"{message[self.subject[0]:self.subject[1]]} {own}"

    def read_in(self, message: str) -> str:
        """The text its answer reads: its pieces joined by a space."""
        return " ".join(message[s:e] for s, e in self.spans)


# What starts a question, after « , », « ; » or « et » (folded text, apostrophes
# and hyphens as typed: « faut-il », « qu'est-ce »).
_ASKING = (
    r"(?:faut[- ]?il|faudrait[- ]?il|doit[- ]?on|doit[- ]?il|dois[- ]?je|peut[- ]?on|peut[- ]?il"
    r"|peut[- ]?elle|peuvent[- ]?ils|puis[- ]?je|pourrait[- ]?on|pourriez[- ]?vous|est[- ]?ce\b"
    r"|est[- ]il\b|est[- ]elle\b|qu'?est[- ]?ce|c'?est\s+quoi|c\s+(?:quoi|koi)|ckoi|cest\s+quoi|c'est\s+qui"
    r"|quel(?:le)?s?\b|combien\b|comment\b|pourquoi\b|quand\b|lequel\b|laquelle\b|lesquel"
    r"|qui\s+(?:peut|peuvent|doit|paie|paye|finance|contacter|appeler|decide|choisit|fait)\b"
    r"|y\s?a[- ]?t[- ]?il|a[- ]t[- ]on|que\s+(?:faire|dois|doit|faut)|on\s+(?:peut|doit)\b"
    r"|il\s+faut\b|ca\s+coute|cela\s+coute"
    # « faut un contrat ecrit ? », « c obligatoire un amo ? » (typed as in a
    # text message: live test, session 12, the three questions made one)
    r"|faut\s+(?:un|une|des|le|la|les|l'|du|pas|passer|faire|mettre|publier|demander)\b"
    r"|(?:c'?\s?est|c|cest)\s+(?:obligatoire|oblige|legal|possible|permis|interdit)\s+(?=\w))")
# Boundaries inside a sentence: before a question introduced by « , », « ; »,
# « et » (« , et » too). The group is where the question starts.
_CONNECTOR = re.compile(r"(?:[,;]\s*(?:et|mais|puis)?|\bet|\bmais)\s+(?=" + _ASKING + ")")
# Ends of sentences: « ? » (and « ?! », « ?? »), « . », « ! », « … », new lines.
_END = re.compile(r"[?!]+|\.{2,}|…|\.(?=\s)|\n")
# « M. le maire », « etc. », « 600 hab. »: no sentence ends after these.
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]|\bmme|\betc|\bcf|\bart|\bex|\benv|\bhab|\bn°|\bno|\bst)$")
_LEADING = re.compile(r"^(?:[\s,;:\-]|et\b|mais\b|puis\b|alors\b|sinon\b|aussi\b)+")

# Words of a question with no subject of its own (« est-ce obligatoire ? »,
# « c'est légal ? », « et pourquoi ? », « ou pas ? »).
_ELLIPTIC_WORDS = frozenset((
    "et mais ou donc alors sinon aussi vraiment bien toujours encore pas non oui "
    "est ce c cest ca cela il elle on y a t se s l le la en que qu si "
    "obligatoire obligatoires oblige obligee obligatoirement legal legale possible permis autorise "
    "autorisee interdit interdite vrai normal ok grave necessaire indispensable conseille "
    "recommande faut faudrait doit peut pourquoi comment quoi koi lequel laquelle dans ce cas "
    "marche passe va sur sure suffit suffisant tout du gratuit gratuite payant payante cher chere").split())


def _clauses(text: str) -> List[Span]:
    """Spans of the clauses of ``text`` (sentences, and parts of a sentence
    that start as a question), stripped of spaces and connectors."""
    folded = fold_same_length(text)
    cuts = {0, len(text)}
    for match in _END.finditer(folded):
        if match.group() == "." and _ABBREVIATION.search(folded[:match.start()]):
            continue
        cuts.add(match.end())
    for match in _CONNECTOR.finditer(folded):
        cuts.add(match.start())
    for match in DICTATED_QUESTION.finditer(folded):
        cuts.add(match.start())           # (« … des panneaux est ce qu il faut un amo … »)
    spans: List[Span] = []
    bounds = sorted(cuts)
    for start, end in zip(bounds, bounds[1:]):
        lead = _LEADING.match(folded[start:end])
        if lead:
            start += lead.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        if any(ch.isalnum() for ch in text[start:end]):
            spans.append((start, end))
    return spans


_ASKS_FIRST = re.compile(r"^(?:(?:et|mais|alors|donc|sinon|bon|ok|et\s+sinon)\s+)?" + _ASKING)


def _starts_asking(clause: str) -> bool:
    """Whether a clause starts as a question (« faut-il… », « c koi… »,
    « combien… »), or is a short definition question (« AMO c'est quoi ? »)."""
    return bool(_ASKS_FIRST.match(fold_same_length(clause.strip()))) or definition_question(clause) is not None


def _is_question(clause: str) -> bool:
    """A clause phrased as a question that ends with « ? » or starts as a
    question: « je vois ce sigle partout sans savoir ce qu'il veut dire »
    (``phrased_as_question``: « veut dire ») is a statement here."""
    if not phrased_as_question(clause):
        return False
    return clause.rstrip().endswith("?") or _starts_asking(clause)


MAX_CONTINUATION_WORDS = 4


def continues(clause: str) -> bool:
    """A question that does not start as one and is short or offers an
    alternative: it continues the question before it (« c'est qui le maître
    d'ouvrage ? moi ou le bureau d'études ? », « on liste les pièces ? dans
    le RC ? », « … ? c'est un risque ? »)."""
    if _starts_asking(clause):
        return False
    said = words(clause).split()
    return len(said) <= MAX_CONTINUATION_WORDS or "ou" in said


def elliptic(clause: str) -> bool:
    """A question with no subject of its own: it asks about what the question
    before it named (« est-ce obligatoire ? », « c'est légal ? », « pourquoi ? »)."""
    said = words(clause).split()
    return bool(said) and all(w in _ELLIPTIC_WORDS for w in said)


def _subject(text: str, span: Span) -> Optional[Span]:
    """The span of what a definition question (« c koi un amo ? ») names, in
    ``text``, or None."""
    clause = text[span[0]:span[1]]
    if definition_question(clause) is None:
        return None
    said = words(clause)
    for pattern in (_QUESTION_FIRST, _QUESTION_LAST):
        match = pattern.match(said)
        if match:
            named = match.group("x").split()
            tokens = list(re.finditer(r"[^\W_]+", clause))
            for i in range(len(tokens) - len(named) + 1):
                run = tokens[i:i + len(named)]
                if [words(t.group()) for t in run] == named:
                    return span[0] + run[0].start(), span[0] + run[-1].end()
    return None


# A question numbered in a list (« Questions : 1) faut-il un AMO ? 2) quelle
# procédure ? »): its own question, even elliptic (the second was read as the
# first one continued, and left unanswered: live test, session 26).
_NUMBERED = re.compile(r"^\s*(?:\d{1,2}\s*[).°/-]|[a-e]\)|[-•*–]\s)")


def split_questions(text: str) -> List[Question]:
    """The questions of ``text`` (module docstring), in order; empty when it
    has fewer than two (it is then read whole)."""
    text = text or ""
    if not text.strip() or text.lstrip().startswith("/") or len(text) > MAX_CHARS:
        return []
    clauses = _clauses(text)
    # [start, end, subject] of each question, elliptic ones merged or given a subject
    asked: List[list] = []
    context: List[Span] = []
    since = False           # a statement since the last question
    for span in clauses:
        clause = text[span[0]:span[1]]
        if not _is_question(clause):
            context.append(span)
            since = True
            continue
        if elliptic(clause) and (since or not asked):
            # « un collègue m'a parlé d'un OPSN, c'est quoi et est-ce qu'il peut
            # nous aider ? »: what it asks about is in a statement; read whole
            return []
        if asked and not since and (elliptic(clause) or continues(clause)) and not _NUMBERED.match(clause):
            previous = asked[-1]
            subject = _subject(text, (previous[0], previous[1])) \
                if previous[2] is None and elliptic(clause) else None
            if subject is None:
                previous[1] = span[1]           # one question, asked again or continued
                continue
            entry = [span[0], span[1], subject]
        else:
            entry = [span[0], span[1], None]
        asked.append(entry)
        since = False
    if len(asked) < 2:
        return []
    questions: List[Question] = []
    for number, (start, end, subject) in enumerate(asked):
        seen = [s for s in context if s[1] <= start]      # every statement before it
        after = [s for s in context if s[0] >= end] if number == len(asked) - 1 else []
        own = [subject] if subject is not None else []
        questions.append(Question(start, end, tuple(seen + own + [(start, end)] + after), subject))
    return questions
