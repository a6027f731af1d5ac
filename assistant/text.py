"""Normalisation of what users type (French, informal, from a phone or a PC).

- ``normalize(text)``: the text to keep and show (NFC, one kind of apostrophe,
  plain spaces, no control characters, whitespace collapsed);
- ``normalize_chars(text)``: the same character replacements, one for one,
  so the length and the offsets of the text do not change (for the NLU
  pipeline, whose training data carries entity offsets);
- ``fold(text)``: the text to match against (``normalize`` + lower case, no
  accents, ligatures split: « Œuvre » → « oeuvre »);
- ``fold_aligned(text)``: ``fold`` that remembers, for every character, where
  it came from in the original text (so a match found in the folded text can
  be reported as a span of what the user typed);
- ``truncate(text)``: a prefix short enough for the parsers.

Plain Python, no Rasa import.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, FrozenSet, Iterable, List, Optional, Tuple, Union

# Longest text the parsers look at. A chat answer is a few hundred characters;
# beyond this it is a pasted document and only its beginning is parsed.
MAX_INPUT_CHARS = 2000

_APOSTROPHES = "\u2019\u2018\u02bc\u00b4`\u2032\u201b\uff07"   # ’ ‘ ʼ ´ ` ′ ‛ ＇
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033"              # “ ” „ ‟ ″
_HYPHENS = "\u2010\u2011\u2212"                                # ‐ ‑ − (minus sign)
_DASHES = "\u2012\u2013\u2014\u2015"                           # ‒ – — ― (folded only)
_LIGATURES = {"œ": "oe", "æ": "ae"}
_SPACES = re.compile(" {2,}")


def _map_char(ch: str) -> str:
    """The character ``normalize`` keeps for ``ch``: itself, a replacement,
    a space (any kind of space or line break), or '' (dropped)."""
    if ch in _APOSTROPHES:
        return "'"
    if ch in _DOUBLE_QUOTES:
        return '"'
    if ch in _HYPHENS:
        return "-"
    category = unicodedata.category(ch)
    if category in ("Zs", "Zl", "Zp") or ch in "\t\n\r\v\f\x1c\x1d\x1e\x1f\x85":
        return " "
    if category in ("Cc", "Cf", "Cs", "Co", "Cn"):
        # control, format (zero-width spaces, BOM, soft hyphen, bidi marks),
        # lone surrogates, private use, unassigned
        return ""
    return ch


# An HTML tag or comment (« <b> », « </p> », « <br/> », « <!-- … --> »)
_TAG = re.compile(r"<!--.*?-->|<\s*/?\s*[a-zA-Z][^<>]{0,200}>", re.S)


def strip_markup(text: Optional[str]) -> str:
    """``text`` without HTML: tags and comments (« <b>rénovation</b> »),
    entities decoded (« &gt; », « &#39; », « &amp; »), tags that were escaped
    removed too, and a stray « < » or « > » left as a space: text pasted from
    a web page or an e-mail, not what the user means to say.

    >>> strip_markup("<b>renovation</b> de l&#39;ecole &gt; 2026")
    " renovation  de l'ecole   2026"
    """
    if not text:
        return ""
    text = _TAG.sub(" ", text)
    if "&" in text:
        text = _TAG.sub(" ", html.unescape(text))
    return text.replace("<", " ").replace(">", " ")


def normalize(text: Optional[str]) -> str:
    """The user's text, cleaned but otherwise as typed (case and accents kept).

    >>> normalize("l’EPCI\u00a0:  45\u202f000 €\\n")
    "l'EPCI : 45 000 €"
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = "".join(_map_char(ch) for ch in text)
    return _SPACES.sub(" ", text).strip()


def normalize_chars(text: Optional[str]) -> str:
    """``normalize`` character for character: apostrophes, quotes, hyphens and
    spaces in their plain form, control and invisible characters as spaces.
    No NFC, no collapsing: ``len(normalize_chars(t)) == len(t)``.

    >>> normalize_chars("l’AMO\u00a0:\u200b45")
    "l'AMO : 45"
    """
    return "".join(_map_char(ch) or " " for ch in text or "")


def _fold_char(ch: str) -> str:
    mapped = _map_char(ch)
    if not mapped or mapped == " ":
        return mapped
    if mapped in _DASHES:
        return "-"
    out = []
    for c in unicodedata.normalize("NFKD", mapped):
        if unicodedata.combining(c):
            continue
        c = c.casefold()
        out.append(_LIGATURES.get(c, c))
    return "".join(out)


@dataclass(frozen=True)
class Aligned:
    """A transformed text that knows where each character came from.

    ``starts[i]`` / ``ends[i]`` delimit, in the original text, the characters
    that produced ``text[i]``.
    """

    text: str
    starts: Tuple[int, ...]
    ends: Tuple[int, ...]

    def span(self, i: int, j: int) -> Tuple[int, int]:
        """Original span of ``self.text[i:j]`` (``i < j``)."""
        return self.starts[i], self.ends[j - 1]

    def replace(self, edits: Iterable[Tuple[int, int, str]]) -> "Aligned":
        """Replace non-overlapping ``text[i:j]`` by strings; every character of
        a replacement maps to the whole original span of what it replaces."""
        text: List[str] = []
        starts: List[int] = []
        ends: List[int] = []
        pos = 0
        for i, j, new in sorted(edits):
            if i < pos or j <= i:
                raise ValueError("edits must be non-empty and must not overlap")
            text.append(self.text[pos:i])
            starts.extend(self.starts[pos:i])
            ends.extend(self.ends[pos:i])
            start, end = self.span(i, j)
            text.append(new)
            starts.extend([start] * len(new))
            ends.extend([end] * len(new))
            pos = j
        text.append(self.text[pos:])
        starts.extend(self.starts[pos:])
        ends.extend(self.ends[pos:])
        return Aligned("".join(text), tuple(starts), tuple(ends))

    def sub(self, pattern: "re.Pattern[str]",
            repl: Union[str, Callable[["re.Match[str]"], str]]) -> "Aligned":
        """``re.sub`` that keeps the alignment (empty matches are ignored)."""
        edits = []
        for m in pattern.finditer(self.text):
            if m.end() > m.start():
                edits.append((m.start(), m.end(), repl(m) if callable(repl) else repl))
        return self.replace(edits) if edits else self


def fold_aligned(text: Optional[str]) -> Aligned:
    """``fold(text)`` with, for every folded character, its origin in ``text``."""
    out: List[str] = []
    starts: List[int] = []
    ends: List[int] = []
    for i, ch in enumerate(text or ""):
        folded = _fold_char(ch)
        if folded == " " and (not out or out[-1] == " "):
            folded = ""                      # collapse runs of spaces, no leading space
        if not folded:
            if ends:
                ends[-1] = i + 1              # dropped character: part of the previous one
            continue
        for c in folded:
            out.append(c)
            starts.append(i)
            ends.append(i + 1)
    if out and out[-1] == " ":
        out.pop()
        starts.pop()
        ends.pop()
    return Aligned("".join(out), tuple(starts), tuple(ends))


def fold(text: Optional[str]) -> str:
    """Lower case, accents removed, for matching: « Éclairage  PUBLIC » → « eclairage public »."""
    return fold_aligned(text).text


def words(text: Optional[str]) -> str:
    """The words the recognisers read: folded (lower case, no accents, œ → oe),
    punctuation as single spaces: « Intercommunalité (EPCI) » → « intercommunalite
    epci », « c'est quoi ? » → « c est quoi »."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).replace("_", " ").split())


def truncate(text: Optional[str], limit: int = MAX_INPUT_CHARS) -> str:
    """A prefix of ``text`` of at most ``limit`` characters, cut between words
    when possible. Being a prefix, spans found in it are spans of ``text``."""
    if not text:
        return ""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return cut[:space] if space > limit // 2 else cut


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal string alignment distance (insertions, deletions, substitutions,
    transpositions of two neighbours), capped at ``limit + 1``."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: List[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


@lru_cache(maxsize=65536)
def is_typo_of(word: str, target: str) -> bool:
    """Whether folded ``word`` is ``target`` with a typo.

    Deterministic and conservative: both words have at least 5 letters and the
    same first letter; one edit allowed (two when both have 9 letters or more).
    """
    if word == target:
        return True
    if len(word) < 5 or len(target) < 5 or word[0] != target[0]:
        return False
    if not (word.isalpha() and target.isalpha()):
        return False
    allowed = 2 if min(len(word), len(target)) >= 9 else 1
    return edit_distance(word, target, allowed) <= allowed


# --------------------------------------------------------------------------- English

# Words of English that are no French word (nor a French word once its accents
# are gone: « thé » is not « the », the text is not folded), and the French
# function words that say a message is French.
_ENGLISH_WORDS = frozenset("""
    the is it to for of and what how does do can could should would my i you your we our
    need with this that there are be have has please which when where why who ask mandatory
    about from if not am will any it's i'm don't isn't can't we're you're must
    sorry english speak quotes quote tender threshold thresholds procurement hire
    so an hello hi thanks thank yes
""".split())
_FRENCH_WORDS = frozenset("""
    le la les de des du un une est et pour que qui je nous vous il elle ce c en au aux à a sur
    pas ne mais avec dans mon ma mes notre nos quoi comment faut on ça ca si y d l qu j t s n
    bonjour merci oui non
""".split())
_WORD = re.compile(r"[a-zà-ÿœæ]+(?:'[a-z]+)?")


# Common words of German, Spanish and Italian that are no French word, nor a
# frequent French typo or abbreviation: not « de », « la », « es », « en », « il »,
# « non », « ma », « mi », « y », « con », « come » (« comme » mistyped), « ciao »,
# « uber », « comune » (« commune » mistyped)…
_FOREIGN_WORDS = {
    "de": frozenset("""
        ich bin wir sie und oder aber auch nicht kein keine ist sind der die das dem den
        ein eine einen einer eines für fur wie wo warum wann welche welcher was wer können
        konnen kann könnten möchte mochte brauche brauchen hilfe helfen bitte danke vielen
        dank guten tag morgen abend haben habe hat sprechen deutsch zu auf von mit noch nur
        sehr mein meine unsere unser projekt frage gemeinde nein gibt
    """.split()),
    "es": frozenset("""
        hola necesito necesitamos ayuda quiero queremos puedo puede pueden usted ustedes
        somos soy estoy estamos está tengo tenemos tiene hacer nuestro nuestra nuestros el
        los una por favor gracias buenos buenas días pero muy como cómo cuál cual cuando
        cuándo dónde qué hay también tambien del ayuntamiento municipio proyecto hablo habla
        español espanol necesita ayudar sobre alcalde alcaldesa pueblo asesor
    """.split()),
    "it": frozenset("""
        buongiorno buonasera salve bisogno aiuto aiutare aiutarmi vorrei voglio posso
        può puo mio mia nostro nostra questo questa anche perché perche progetto cosa dove
        quando sono siamo abbiamo grazie molto della dello degli delle gli che parla parlo
        italiano lei sei vuole essere fare ciao sapere funziona sindaco sindaca piccolo
    """.split()),
}
# Words of those languages that are French words too (« de », « un », « non »):
# no sign of French in a message of that language
_SHARED_WORDS = {
    "de": frozenset("es an in so man des".split()),
    "es": frozenset("de la en que es y a no con un se me te mi o las si".split()),
    "it": frozenset("di il non ma per come la un a e in mi ti si ci".split()),
}


def foreign_language(text: str) -> Optional[str]:
    """The language a message is written in, when it is not French: « en »
    (``looks_english``), « de », « es » or « it », by the same rule on
    common words of that language that are no French word (« Guten Tag,
    ich brauche Hilfe », « Hola, necesito ayuda », « Buongiorno, ho bisogno
    di aiuto »); None for French, even typed fast or with a foreign word or
    two (« ciao merci », « bref. let's go »)."""
    if looks_english(text):
        return "en"
    words = _message_words(text)
    if len(words) < 3:
        return None
    for language, known in _FOREIGN_WORDS.items():
        if _written_in(words, known, _SHARED_WORDS[language]):
            return language
    return None


def looks_english(text: str) -> bool:
    """Whether a message is written in English: at least three English
    function words (« the », « is », « what », « should »…), making at least
    40 % of its words and twice as many as the French ones (« sorry, my
    english is better, is it mandatory to ask for 3 quotes ? »), or two,
    half of its words, without any French one (« What is an AMO? »). A French
    message with an English word or two (« hello, adjoint numerique… »,
    « ok thanks », « let's go ») is not. A small heuristic, for the answer to
    a message the assistant did not understand."""
    words = _message_words(text)
    return len(words) >= 3 and _written_in(words, _ENGLISH_WORDS)


def _message_words(text: Optional[str]) -> List[str]:
    return _WORD.findall((text or "").lower().replace("’", "'"))


def _written_in(words: List[str], known: FrozenSet[str], shared: FrozenSet[str] = frozenset()) -> bool:
    """The rule of ``looks_english`` for the words ``known`` of a language:
    two of them, half of the words, and no French word (« What is an AMO? »),
    or three, 40 % of the words and twice as many as the French ones. The
    French words ``shared`` with that language (« de », « un ») are no sign
    of French."""
    count = sum(w in known for w in words)
    french = sum((w in _FRENCH_WORDS or w.split("'")[0] in _FRENCH_WORDS) and w not in shared for w in words)
    return (count >= 2 and french == 0 and count >= 0.5 * len(words)) \
        or (count >= 3 and count >= 0.4 * len(words) and count >= 2 * french)


# A question dictated without punctuation after what the user says first
# (« … on veut refaire la toiture de l eglise et mettre des panneaux est ce
# qu il faut un amo et combien ca coute »): it starts at one of these inverted
# question openers, never used in a statement (« commune de 600 hab, faut-il
# un AMO ? » too). On lower-case text without
# accents (``fold``, or a same-length fold): where the question starts.
DICTATED_QUESTION = re.compile(
    r"(?<=[a-z0-9])[,;:]?\s+(?=(?:est[- ]?ce\s+qu|faut[- ]?il\b|qu'?\s?est[- ]?ce\s+qu|y\s?a[- ]?t[- ]?il\b"
    r"|doit[- ]?on\b|peut[- ]?on\b|pourrait[- ]?on\b))")


def fold_same_length(text: str) -> str:
    """Lower case, no accents, plain apostrophes and hyphens: one character
    for one, so that spans found in it are spans of ``text`` (new lines kept)."""
    out = []
    for ch in "".join(c if c == "\n" else normalize_chars(c) for c in text).lower():
        base = unicodedata.normalize("NFD", ch)[:1]
        out.append(base if base.isascii() and base else ch)
    return "".join(out)
