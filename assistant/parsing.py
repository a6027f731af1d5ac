"""Free-text answers of the diagnostic → canonical ids of ``assistant.profile``.

Users answer in informal French, with typos, without accents: « on est une
comcom », « pas d'agent », « oui le SDE mais ils peuvent pas »… Each parser
returns a canonical id, ``UNKNOWN`` when the user says they do not know, and
``None`` when nothing is recognised (the bot then asks again).

How it works (deterministic, no model):

- the text is folded (lower case, no accents) and cut into words; articles
  are ignored (« le », « la », « de »…); punctuation and words such as
  « mais » end a clause; « je ne sais pas » and its variants are marked;
- each parser has a lexicon ``{canonical id: phrases}``; the longest phrase
  wins; a word of 5 letters or more may carry one typo (two from 9 letters);
  an acronym written ``=CA`` must be typed in capitals (« ça » is not a
  communauté d'agglomération);
- a phrase is *negated* when « pas », « aucun », « sans », « ni », « jamais »…
  comes shortly before it in the same clause: « pas d'agent », « pas de
  convention ».

Plain Python, no Rasa import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Tuple

from text_to_num import text2num

from .profile import NEED_KINDS, UNKNOWN
from .text import fold, fold_aligned, is_typo_of, truncate, words as plain_words

YES = "oui"
NO = "non"

# --------------------------------------------------------------------------- words

_ARTICLES = frozenset("le la les l de du des d au aux a notre nos votre vos leur leurs "
                      "mon ma mes son sa ses ce cet cette ces".split())
_CLAUSE_BREAKS = frozenset("mais sauf cependant pourtant toutefois neanmoins car donc parce "
                           "puisque sinon".split())
# « et » starts a new clause when a subject follows: « pas le temps et on manque
# de compétences » negates the first part only.
_SUBJECTS = frozenset("on nous je j il ils elle elles c ca".split())
# (not « non »: « non on est une commune » answers the bot, it does not negate)
# « ne / n' » alone too: « on ne maîtrise pas le sujet » (« pas » comes after).
_NEGATORS = frozenset("pas jamais aucun aucune aucuns aucunes sans ni rien nul nulle "
                      "guere ne n".split())
# A « lack » of something is a need: « manque de temps », « peu d'agents ».
_LACK_MARKERS = _NEGATORS | frozenset("manque manquons manquent manquer manquez peu besoin "
                                      "insuffisant insuffisante insuffisants insuffisantes "
                                      "faute".split())
_STRONG_NEGATORS = _NEGATORS - {"ne", "n"}
_NEGATORS_AFTER = frozenset("pas plus jamais rien".split())
_WINDOW = 5            # how many words back a negation reaches
_BREAK = "|"           # clause break
_DONT_KNOW = "?"       # « je ne sais pas » (and the rest of the clause after « si »)

_DONT_KNOW_PATTERN = re.compile(r"""
    (?:
        (?:\b(?:(?:je|j'|j|on|nous)\s?)?(?:ne\s|n'\s?)?(?:en\s|l'\s?)?(?:sais|sait|savons|sai)
         |\b(?:je|j'|j)\s?(?:ne\s|n'\s?)?(?:c|se))                # « je c pas », « je se pas »
          \s+(?:pas|plus|rien|point)\b
          (?!\s+(?:faire|le\s+faire|comment|trop\s+faire|vraiment\s+faire))
          # (« je sais pas combien ça coûte » is about the budget, not the
          # question asked: ``cost_not_known``; live test, session 27)
          (?!\s+(?:encore\s+|trop\s+|vraiment\s+)?(?:combien\s+(?:ca|cela)\s+(?:coute|couterait|va\s+couter|peut\s+couter)
                 |combien\s+(?:mettre|prevoir|budgeter|compter)
                 |(?:quel|le|du)\s+(?:budget|cout|prix|montant)\b))
      | \bjen\s+sais\s+rien\b
      | \b(?:jsp|nsp|jsais\s+pas|j'sais\s+pas|chais\s+pas|chai\s+pas|chepa|chaipa|jsai\s+pas)\b
      | \b(?:aucune?|pas\s+d'\s?|pas\s+la\s+moindre|sans)\s?idee\b
          (?!\s+(?:(?:du|de\s+la|des|de)\s+(?:budget|cout|prix|montant|tarifs?)\b|(?:de\s+)?combien\s+(?:ca|cela)\s+\w*cout))
      | \baucune\s+id\b
      | \bpas\s+(?:sure?s?|certaine?s?)\b
          (?!\s+(?:le|la|les|l'|un|une|des|plusieurs|place|site|ce|cette|du|de|d'|notre|nos
                  |tout|toute|toutes|tous|deux|trois|quelques|chaque))
      | \b(?:incertaine?s?|inconnue?s?)\b
      | \b(?:je|j'|on|nous)\s?(?:ne\s|n')?(?:le\s|l')?(?:ignore|ignorons)\b
      | \b(?:difficile|dur|impossible)\s+a\s+dire\b
      | \b(?:je|on)\s+(?:ne\s|n')?(?:connais|connait)\s+pas\s*[.!?]*$
      | \ba\s+(?:definir|determiner|preciser)\b
      | \bpeut-?\s?etre\b\s*[.!?]*$
    )
    (?:\s+(?:trop|vraiment|encore|bien|du\s+tout|exactement))?
    (?:\s+si\b[^.,;:!?]*)?
""", re.X)


@dataclass(frozen=True)
class _Word:
    text: str           # folded
    raw: str            # as typed (for acronyms in capitals)


def _fix_repeats(word: str) -> str:
    """« ouiiii » → « oui », « nonnn » → « non » (not « e »: « créée »)."""
    return re.sub(r"([a-df-z])\1{2,}", r"\1", word)


@lru_cache(maxsize=1024)
def _words(text: str) -> Tuple[_Word, ...]:
    """Content words of ``text``, with ``_BREAK`` and ``_DONT_KNOW`` markers."""
    folded = fold_aligned(truncate(text))
    # NUL never survives folding: a safe placeholder for « je ne sais pas »
    marked = folded.sub(_DONT_KNOW_PATTERN, " \0 ")
    out: List[_Word] = []
    tokens = list(re.finditer(r"\0|[a-z0-9]+|[^\sa-z0-9'\-]", marked.text))
    for index, m in enumerate(tokens):
        token = m.group()
        following = tokens[index + 1].group() if index + 1 < len(tokens) else ""
        if token == "\0":
            out.append(_Word(_DONT_KNOW, ""))
        elif not token[0].isalnum():
            if out and out[-1].text != _BREAK:
                out.append(_Word(_BREAK, token))
        else:
            token = _fix_repeats(token)
            after = tokens[index + 2].group() if index + 2 < len(tokens) else ""
            previous = tokens[index - 1].group() if index else ""
            if (token == "sans" and (following == "doute" or (following == "aucun" and after == "doute"))) \
                    or (token == "aucun" and previous == "sans" and following == "doute"):
                # « sans doute de l'expertise » is probably some, not none (it
                # negated the expertise: live test, session 25)
                continue
            if token in _CLAUSE_BREAKS or (token == "et" and following in _SUBJECTS):
                out.append(_Word(_BREAK, token))
            elif token not in _ARTICLES:
                start, end = marked.span(m.start(), m.end())
                out.append(_Word(token, text[start:end]))
    return tuple(out)


# --------------------------------------------------------------------------- lexicons

@dataclass(frozen=True)
class _Match:
    key: str
    start: int          # index in the word list
    end: int
    negated: bool       # a negation shortly before, in the same clause
    lacking: bool       # a negation or « manque / peu / besoin » shortly before


# Real words one or two letters away from a phrase word: never read as its
# typo (« secrétaire de mairie » says nothing of the maire's support; « l'OPSN
# départemental » names no département; « deux chargés de mission en interne »
# and « l'internat » are not about « internet »; « un atlas de la biodiversité
# intercommunale » names no intercommunalité).
_NOT_TYPOS = frozenset({"mairie", "mairies", "departemental", "departementale",
                        "departementaux", "departementales", "interne", "internes", "internat",
                        "internats", "intercommunal", "intercommunale", "intercommunales",
                        "intercommunaux",
                        # (« les points à prévoir », the button's title typed
                        # during the diagnostic, was noted as « expertise »:
                        # « points » read as « pointu », live test, session 21)
                        "point", "points",
                        # (« on a une agente technique mais elle est débordée »
                        # was the agence technique départementale, consulted:
                        # live test, session 24)
                        "agent", "agente", "agents", "agentes",
                        # (« on a pas d'argent en fait » at the need's question
                        # was noted « capacité »: « argent » read as « agent »,
                        # live test, session 25)
                        "argent", "argents",
                        # (« je sais pas combien ça coute » was a lasting need:
                        # « coute » read as « court », negated; live test,
                        # session 27)
                        "coute", "coutent", "couter", "coutera", "couterait", "couteront", "cout",
                        "couts", "coutait",
                        # (« on a une DSI de 6 personnes » was « personne »,
                        # nobody, for the sponsor and the partners: live test,
                        # session 25)
                        "personnes"})


class _Lexicon:
    """Phrases → keys. A phrase word ending with ``*`` matches any word that
    starts with it; ``=WORD`` matches WORD typed in capitals only.

    ``negation_after``: « pas » right after a phrase negates it too (« on
    maîtrise pas »): right for verbs, wrong for « oui pas de souci »."""

    def __init__(self, entries: Mapping[str, Iterable[str]], negation_after: bool = False):
        self._negation_after = negation_after
        phrases = []
        for key, texts in entries.items():
            for text in texts:
                parts = tuple(self._part(word) for word in text.split())
                parts = tuple(p for p in parts if p[0] not in _ARTICLES)
                phrases.append((parts, key))
        # longest first; for equal lengths, the order of the entries
        phrases.sort(key=lambda item: -len(item[0]))
        # indexes: by first word (exact), by first letter (typos), the others
        self._by_word: Dict[str, List[Tuple[tuple, str]]] = {}
        self._by_letter: Dict[str, List[Tuple[tuple, str]]] = {}
        self._special: List[Tuple[tuple, str]] = []
        for parts, key in phrases:
            first, kind = parts[0]
            if kind != "word":
                self._special.append((parts, key))
                continue
            self._by_word.setdefault(first, []).append((parts, key))
            if len(first) >= 5:
                self._by_letter.setdefault(first[0], []).append((parts, key))

    @staticmethod
    def _part(word: str) -> Tuple[str, str]:
        if word.startswith("="):
            return word[1:], "caps"
        if word.endswith("*"):
            return word[:-1], "prefix"
        return word.replace("'", ""), "word"

    @staticmethod
    def _word_matches(word: _Word, part: Tuple[str, str], fuzzy: bool) -> bool:
        text, kind = part
        if word.text in (_BREAK, _DONT_KNOW):
            return False
        if kind == "caps":
            return word.raw == text
        if kind == "prefix":
            return word.text.startswith(text)
        return word.text == text or (
            fuzzy and word.text not in _NOT_TYPOS and is_typo_of(word.text, text))

    def _match_at(self, words: Sequence[_Word], i: int) -> Optional[Tuple[str, int]]:
        """(key, length) of the longest phrase at ``i``; exact spelling first
        (« personnel » is not a typo of « personne »)."""
        word = words[i].text
        exact = sorted(self._by_word.get(word, []) + self._special, key=lambda item: -len(item[0]))
        typos = self._by_letter.get(word[:1], []) if len(word) >= 5 else []
        for fuzzy, candidates in ((False, exact), (True, typos)):
            for parts, key in candidates:
                n = len(parts)
                if i + n <= len(words) and all(
                        self._word_matches(words[i + k], parts[k], fuzzy) for k in range(n)):
                    return key, n
        return None

    def find(self, words: Sequence[_Word]) -> List[_Match]:
        matches = []
        i = 0
        while i < len(words):
            found = self._match_at(words, i)
            if found is None:
                i += 1
                continue
            key, n = found
            negated = _negated(words, i, i + n, self._negation_after)
            lacking = negated or bool(_LACK_MARKERS.intersection(_clause_before(words, i)))
            matches.append(_Match(key, i, i + n, negated=negated, lacking=lacking))
            i += n
        return matches


def _clause_before(words: Sequence[_Word], i: int) -> List[str]:
    before = []
    for word in reversed(words[max(0, i - _WINDOW):i]):
        if word.text in (_BREAK, _DONT_KNOW):
            break
        if word.text == "pas" and before and before[-1] == "mal":
            before.pop()        # « pas mal de monde » (quite a lot): no negation
            continue
        before.append(word.text)
    return before


def _negated(words: Sequence[_Word], start: int, end: int, after: bool) -> bool:
    """A negation shortly before ``words[start:end]`` in its clause, or (if
    ``after``) « pas » right after it. « ne … que » restricts, it does not
    negate (« on n'a que la secrétaire »)."""
    before = _clause_before(words, start)
    if _STRONG_NEGATORS.intersection(before):
        return True
    if ("ne" in before or "n" in before) and "que" not in before:
        return True
    return after and end < len(words) and words[end].text in _NEGATORS_AFTER


def _clause_negative(words: Sequence[_Word], i: int) -> bool:
    """Whether the clause that holds word ``i`` contains a negation."""
    start = i
    while start > 0 and words[start - 1].text not in (_BREAK, _DONT_KNOW):
        start -= 1
    end = i
    while end < len(words) and words[end].text not in (_BREAK, _DONT_KNOW):
        end += 1
    clause = [w.text for w in words[start:end]]
    return bool(_NEGATORS.intersection(clause))


def _clause_of(words: Sequence[_Word], i: int) -> int:
    """Number of the clause that holds word ``i``."""
    return sum(1 for w in words[:i] if w.text in (_BREAK, _DONT_KNOW))


def _has_dont_know(words: Sequence[_Word]) -> bool:
    return any(w.text == _DONT_KNOW for w in words)


# --------------------------------------------------------------------------- don't know, yes / no

def is_dont_know(text: str) -> bool:
    """« je ne sais pas », « jsp », « aucune idée », « pas sûr », « nsp »…
    (not « on ne sait pas faire »: that is a need of expertise)."""
    return _has_dont_know(_words(text or ""))


_YES_NO = _Lexicon({
    NO: ["non", "nan", "nope", "no", "pas du tout", "absolument pas", "pas vraiment",
         "pas question", "surement pas", "certainement pas", "jamais", "aucunement",
         "negatif", "non merci", "pas encore", "pas forcement", "toujours pas"],
    YES: ["oui", "ouais", "ouai", "oue", "ouep", "ouaip", "yes", "yep", "ok", "okay", "oki",
          "accord", "dac", "bien sur", "tout a fait", "exact", "exactement", "absolument",
          "affirmatif", "effectivement", "en effet", "carrement", "evidemment",
          "certainement", "volontiers", "c est ca", "voila", "bien entendu", "vi", "certes",
          "oui oui", "of course", "evidement"],
})


def _yes_no(words: Sequence[_Word]) -> Optional[str]:
    answers = set()
    for match in _YES_NO.find(words):
        if match.key == YES and match.negated:
            answers.add(NO)                    # « pas d'accord », « pas exactement »
        else:
            answers.add(match.key)
    if len(answers) == 1:
        return answers.pop()
    if not answers and [w.text for w in words] == ["si"]:
        return YES
    return None


def parse_yes_no(text: str) -> Optional[str]:
    """``YES`` (« oui », « ouais », « bien sûr »…), ``NO`` (« non », « pas
    vraiment »…), ``UNKNOWN`` (« je ne sais pas ») or None (nothing, or both)."""
    words = _words(text or "")
    answer = _yes_no(words)
    if answer:
        return answer
    return UNKNOWN if _has_dont_know(words) else None


# --------------------------------------------------------------------------- structure

_EPCI = ["epci", "=CC", "cc", "=CA", "=CU", "ca agglo", "comcom", "com com", "comm com",
         "cdc", "communaute de com", "cte de communes", "cte communes",
         "communaute de communes", "communaute des communes", "communaute commune",
         "communaute d agglomeration", "communaute agglomeration", "communaute urbaine",
         "agglomeration", "agglo", "metropole", "interco", "intercommunalite",
         "intercommunalites", "intercommunal", "intercommunale", "etablissement public "
         "de cooperation intercommunale"]

_STRUCTURES = _Lexicon({
    "syndicat": ["syndicat mixte", "syndicat intercommunal", "syndicat", "syndicats", "sivu",
                 "sivom", "sde", "sdee", "sydev", "siel", "syane", "smictom", "sictom", "siaep",
                 "spanc", "petr", "pole d equilibre territorial",
                 # a parc naturel régional is a syndicat mixte (L333-3 code de l'environnement)
                 "parc naturel regional", "parcs naturels regionaux", "=PNR", "pnr"],
    "epci": _EPCI,
    "commune": ["commune", "communes", "mairie", "village", "ville", "municipalite",
                "conseil municipal", "commune nouvelle", "maire", "bourg"],
    "departement": ["conseil departemental", "departement", "departemental", "=CD",
                    "conseil general", "dept"],
    "region": ["conseil regional", "region", "regional", "collectivite territoriale de corse"],
    "etat": ["prefecture", "sous prefecture", "service de l etat", "services de l etat",
             "administration de l etat", "services deconcentres", "service deconcentre",
             "ddt", "ddtm", "dreal", "ddfip", "sgar", "ministere", "c est l etat",
             "on est l etat", "pour l etat", "etat"],
    "autre": ["association", "etablissement public", "office de tourisme", "office",
              "=SEM", "=SPL", "societe publique locale", "ccas", "cias", "bailleur social",
              "ehpad", "hopital", "universite", "lycee", "college", "autre", "autres"],
})


def parse_structure(text: str) -> Optional[str]:
    """Type of structure (``STRUCTURE_TYPES``): commune, epci, syndicat,
    departement, region, etat, autre. The first one named wins
    (« une commune membre de la CC » is a commune)."""
    words = _words(text or "")
    for match in _STRUCTURES.find(words):
        if match.negated:
            continue
        alone = [w.text for w in words if w.text != _BREAK] == ["etat"]
        if words[match.start].text == "etat" and match.end - match.start == 1 and not alone:
            continue          # « en l'état », « état des lieux »: the State only as a whole answer
        return match.key
    return UNKNOWN if _has_dont_know(words) else None


# « communes » as what a structure covers or groups: « couvre 230 communes »,
# « regroupe douze communes », « fédère 3 EPCI et 80 communes », « de 14
# communes », « sur 230 communes membres », « syndicat d'énergie, 230
# communes ». After a verb, the number may be left out (« couvre toutes les
# communes du canton »); after « de », « sur », « avec » or a comma, it is
# needed (« communauté de communes » names an EPCI).
_NUMBER_WORDS = (r"(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze"
                 r"|seize|vingts?|trente|quarante|cinquante|soixante|cents?|mille|et)")
_COMMUNES_COUNT = (r"(?:(?:\d[\d\s.]*\d|\d)|" + _NUMBER_WORDS + r"(?:[\s-]+" + _NUMBER_WORDS + r")*"
                   r"|plusieurs|nombreuses|quelques"
                   r"|une\s+(?:dizaine|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|soixantaine"
                   r"|centaine)\s+(?:de|d'))\s*")
_COMMUNES_QUANTIFIERS = (r"(?:(?:ses|les|nos|leurs|ces|toutes|environ|presque|pres\s+de|plus\s+de|moins\s+de"
                         r"|quelque|pas\s+moins\s+de)\s+)*")
_COVERED_COMMUNES = re.compile(
    r"(?:\b(?:couvr\w*|regroup\w*|fede?r\w*|rassembl\w*|compt\w*|compren\w*|represent\w*|englob\w*"
    r"|reuni\w*|associ\w*|intervien\w*\s+sur|dessert|desservant)\s+"
    r"(?:[^,.;:!?]{1,30}?\s+et\s+)?" + _COMMUNES_QUANTIFIERS            # « 3 EPCI et 80 communes »
    + r"(?:" + _COMMUNES_COUNT + r")?"
    r"|(?:\b(?:de|sur|avec)\s+|\bd'\s?|[,:(]\s*)" + _COMMUNES_QUANTIFIERS + _COMMUNES_COUNT + r")"
    r"comm?unes?\b(?:\s+(?:membres?|adherentes?|rurales?))?")
# « de toutes les communes adhérentes », « pour les communes membres »: the
# communes a structure groups, without their number (« syndicat informatique
# de 30 communes, … le logiciel de toutes les communes adherentes » was read
# as a commune: live test, session 23).
_MEMBER_COMMUNES = re.compile(r"(?:\b(?:de|des|pour|sur|avec|a|aux)\s+)?" + _COMMUNES_QUANTIFIERS
                              + r"\bcomm?unes?\s+(?:membres?|adherentes?)\b")
# « …couvre 230 communes dont la nôtre »: the user's is one of them.
_ONE_OF_THEM = re.compile(r"\bdont\s+(?:la\s+)?(?:notre|nous|la\s+mienne|ma|mon)\b")


def structure_covering_communes(text: str) -> Optional[str]:
    """The structure a message names as its subject when « communes » is only
    what it covers or groups: « le SDE couvre 230 communes, 600 000
    habitants », « le SIVOM regroupe 12 communes » → syndicat; « une com com
    de 14 communes » → epci. None when no structure comes before the
    communes covered, when it is a commune (« commune de 800 habitants »), or
    when a commune is named otherwise too (« je suis maire, le SDE couvre 230
    communes », « …dont la nôtre »)."""
    folded = fold(truncate(text or ""))
    found = [m for m in (_COVERED_COMMUNES.search(folded), _MEMBER_COMMUNES.search(folded)) if m]
    if not found or _ONE_OF_THEM.search(folded):
        return None
    subject = parse_structure(folded[:min(m.start() for m in found)])
    if subject in (None, UNKNOWN, "commune"):
        return None
    rest = _MEMBER_COMMUNES.sub(" ", _COVERED_COMMUNES.sub(" ", folded))
    if any(m.key == "commune" and not m.negated for m in _STRUCTURES.find(_words(rest))):
        return None
    return subject


_COUNTED_COMMUNES = re.compile(r"\b(?!(?:un|une)\s+comm?une)(" + _COMMUNES_COUNT + r")comm?unes\b(?:\s+(?:membres?|adherentes?))?")


def communes_counted(text: str) -> Optional[str]:
    """« 18 communes » when a message counts communes (« attendez je me suis
    trompé c'est 18 communes » from a syndicat: its members, not a commune,
    live test, session 24) and names no commune otherwise; None otherwise."""
    folded = fold(truncate(text or ""))
    m = _COUNTED_COMMUNES.search(folded)
    if m is None or not m.group(1).strip():
        return None
    rest = folded[:m.start()] + " " + folded[m.end():]
    if any(k.key == "commune" and not k.negated for k in _STRUCTURES.find(_words(rest))):
        return None
    return m.group(0)


_NO_BUDGET = re.compile(
    r"\b(?:pas\s+(?:encore\s+|vraiment\s+)?(?:de|d)\s+(?:budget|montant|enveloppe)"
    r"|aucun\s+(?:budget|montant)|aucune\s+enveloppe|sans\s+budget"
    # « on a pas d'argent en fait » (live test, session 25: « Je n'ai pas
    # reconnu le type de structure »)
    r"|pas\s+(?:d|de|un|les)\s+(?:argent|sous|rond|sou|moyens?(?!\s+(?:humains?|en\s+interne|techniques?))"
    r"|financements?|tune|thune|budget)\b"
    r"|\b(?:caisses?|budgets?)\s+(?:sont\s+|est\s+)?vides?\b"
    r"|\bsans\s+(?:argent|moyens?\s+financiers?|financement)\b"
    r"|(?:budget|montant|enveloppe)\s+(?:n\s+est\s+)?(?:pas|non|toujours\s+pas)\s+(?:encore\s+)?"
    r"(?:defini|fixe|vote|arrete|connu|estime|chiffre|prevu|decide))")


def budget_not_set(text: str) -> bool:
    """« on a pas de budget defini encore », « le budget n'est pas voté »,
    « on a pas d'argent »: no budget yet; said while another question waits,
    it was taken for « je ne sais pas » to that question (live test, session
    24); at the budget's question, « je n'ai pas reconnu de montant »
    (session 25). A sentence that also gives an amount is not this."""
    folded = re.sub(r"[^\w]+", " ", fold(truncate(text or "")))
    return bool(_NO_BUDGET.search(folded))


_COST_NOT_KNOWN = re.compile(
    r"\b(?:sais|sait|savons|savez|connais|connait)\s+(?:pas|rien)\s+(?:encore\s+|trop\s+|vraiment\s+)?"
    r"(?:combien\s+(?:ca|cela|ça)\s+(?:coute|couterait|va\s+couter|peut\s+couter)"
    r"|combien\s+(?:mettre|prevoir|budgeter|compter)"
    r"|(?:quel|le|du)\s+(?:budget|cout|prix|montant)|(?:les?\s+)?(?:prix|tarifs?))\b"
    r"|\baucune\s+idee\s+(?:du|de\s+la|des|de)\s+(?:budget|cout|prix|montant|tarifs?)\b"
    r"|\baucune\s+idee\s+(?:de\s+)?combien\s+(?:ca|cela)\s+(?:coute|couterait|va\s+couter)\b")


def cost_not_known(text: str) -> bool:
    """« je sais pas combien ça coûte », « aucune idée du budget »: the budget
    is not known. Said while another question waits, it was noted « je ne
    sais pas » for that question (the domain, live test, session 27)."""
    folded = re.sub(r"[^\w]+", " ", fold(truncate(text or "")))
    return bool(_COST_NOT_KNOWN.search(folded))


def without_cost_not_known(text: str) -> str:
    """The text, folded, without what says that the cost is not known: the
    rest answers the question asked (« aucune idée du budget » was « non »
    at the sponsor's question: « aucune » read as nobody; live test,
    session 27)."""
    folded = re.sub(r"[^\w']+", " ", fold(truncate(text or "")))
    return _COST_NOT_KNOWN.sub(" ", folded).strip()


# The whole answer, to the budget's question, says there is none.
_NOTHING = frozenset({"aucun", "aucune", "rien", "rien du tout", "nada", "zero", "que dalle", "aucun budget",
                      "0 budget", "zero budget", "non aucun", "non rien", "non"})


def no_budget_answer(text: str) -> bool:
    """The answer to the budget's question says there is none yet: « pas de
    budget », « on a pas d'argent », « aucun » (« Je n'ai pas reconnu de
    montant », live test, session 25). Not when it gives an amount."""
    from .amounts import find_amount_spans
    if not text or find_amount_spans(text):
        return False
    words = re.sub(r"[^\w]+", " ", fold(truncate(text))).strip()
    return budget_not_set(text) or words in _NOTHING


# The user speaking of their own structure: « on est une comcom », « je suis
# maire », « le maire veut… », « président de la comcom », « notre EPCI ».
_OWN = re.compile(
    r"\b(?:on\s+est|on\s+et|nous\s+sommes|je\s+suis|j\s?suis|je\s+travaille|je\s+bosse"
    r"|je\s+represente|notre|ma|mon|(?:vice\s+)?president(?:e)?|dgs|secretaire|maire|elue?"
    r"|directeur|directrice)\b")
# The structure comes right after (« je suis DGS d'un syndicat »), not a partner
# met later in the sentence (« je suis en contact avec le département »).
_OWN_END = re.compile(r"[.;:!?()\n]|,|\s(?:mais|car|donc|et\s+(?:on|nous|je|il|elle|ils)|avec"
                      r"|aupres|vu|voir|contact\w*|parle|demande|appele|rencontre|aide\w*"
                      r"|accompagn\w*|propose\w*|sollicite\w*|consulte\w*|qui|que)\b")
# (« je suis chargée de mission biodiversité dans un parc naturel régional »)
_OWN_WORDS = 12
# Saying what one is (for a correction: « en fait c'est le maire qui porte le
# projet » says nothing of the structure)
_OWN_STRICT = re.compile(r"\b(?:on\s+est|on\s+et|nous\s+sommes|je\s+suis|j\s?suis)\b")


_CONFUSION = re.compile(r"\b(?:confon\w*|confusion|melang\w*|pris\s+pour|prenais\s+pour|au\s+lieu\s+d[eu]?)\b")


def names_a_confusion(text: str) -> bool:
    """« je confondais avec la com com », « j'ai mélangé avec le syndicat »:
    what follows is what the user is not."""
    return bool(_CONFUSION.search(fold(text or "").replace("'", " ")))


def parse_own_structure(text: str, strict: bool = False) -> Optional[str]:
    """The structure the user says they are or work for, in a message that
    says more: « bjr, on est une comcom de 9800 hab, … pour les 17 communes »
    → epci; « je suis maire de Saint-Julien » → commune (a maire is a
    commune's); « président de la comcom » → epci; « je suis DGS d'un syndicat
    mixte (SCoT + énergie) qui couvre 3 EPCI » → syndicat. None when no
    structure is named about the user: « la com com dit qu'elle peut nous
    aider » names a partner. ``strict``: only « on est », « nous sommes »,
    « je suis » (« je suis maire » is a commune, « le maire porte le projet »
    says nothing of the structure)."""
    original = truncate(text or "")
    aligned = fold_aligned(original)
    folded = aligned.text.replace("'", " ").replace("-", " ")
    for marker in (_OWN_STRICT if strict else _OWN).finditer(folded):
        rest = folded[marker.start():]
        end = _OWN_END.search(rest, len(marker.group()))
        stop = _words_end(rest, end.start() if end else len(rest), _OWN_WORDS)
        found = parse_structure(_typed(original, aligned, marker.start(), marker.start() + stop))
        if found in ("commune", "epci", "syndicat", "departement", "region", "etat", "autre"):
            return found
    return None if strict else (_structure_with_its_size(original, aligned, folded)
                                or _structure_of_a_place(original))


def _words_end(text: str, limit: int, count: int) -> int:
    """Where the first ``count`` words of ``text[:limit]`` end."""
    ends = [m.end() for m in re.finditer(r"\S+", text[:limit])][:count]
    return ends[-1] if ends else 0


def _typed(original: str, aligned, start: int, end: int) -> str:
    """The text typed behind ``aligned.text[start:end]``: the structures are
    read there, where « CA » and « CU » keep their capitals (folded, « une ca
    de 60 000 hab » named none: live test, session 21)."""
    if end <= start:
        return ""
    return original[aligned.starts[start]:aligned.ends[end - 1]]


# « mairie de 2800 habitants », « petite commune 2100 hab »: a structure given
# with its number of inhabitants is the user's own (a partner is not described
# by its size). The structure is among the few words right before the number.
_SIZE = re.compile(r"\b\d[\d\s.]*\s*(?:habitants?|hab|ames)\b")
_SIZE_WORDS = 5


def _structure_with_its_size(original: str, aligned, folded: str) -> Optional[str]:
    for size in _SIZE.finditer(folded):
        before = folded[:size.start()]
        clause_start = max((before.rfind(c) + 1 for c in ".;:!?()\n,"), default=0)
        starts = [m.start() + clause_start for m in re.finditer(r"\S+", before[clause_start:])]
        for start in starts[-_SIZE_WORDS:]:
            found = parse_structure(_typed(original, aligned, start, len(before.rstrip())))
            if found not in (None, UNKNOWN):
                return found
    return None


# « mairie de Saint-Martin, 900 habitants, … », « Bonjour, commune de
# Saint-Jean (1800 hab) »: the message opens on a structure and its place's
# name (capitalised), before its first comma or bracket: the user's own (it
# was not read: live tests, sessions 24 and 25).
_PLACE_OPENING = re.compile(
    r"^\W*(?i:(?:bonjour|bonsoir|bjr|salut|hello)\W+)?(?:ici\s+)?(?P<article>(?i:la|le|l')\s*)?"
    r"(?P<structure>[^,.;:!?()\n]{2,40}?)\s+(?:de|du|des|d')\s*(?:la\s+|le\s+|l')?"
    r"(?P<place>[A-ZÀ-Ý][\w'’-]*(?:[\s-]+(?:[A-ZÀ-Ý][\w'’-]*|sur|sous|en|lès|les|de|du|la|le|d'\w+))*)"
    r"\s*(?=[,.;:!?(\n]|$)")


def _structure_of_a_place(original: str) -> Optional[str]:
    match = _PLACE_OPENING.match(original)
    if not match or len(match.group("structure").split()) > 4:
        return None
    town_hall = re.fullmatch(r"(?i)(?:mairie|ville)", match.group("structure").strip())
    if match.group("article") and not town_hall:
        return None         # « la com com de Vitré, ils peuvent nous aider ? »: a partner
    found = "commune" if town_hall else parse_structure(match.group("structure"))
    return found if found in ("commune", "epci", "syndicat") else None


# Saying what a structure is, with an indefinite article (« c'est un syndicat
# mixte », « le parc est un syndicat mixte », « plutôt une comcom »): not « c'est
# le maire qui porte le projet ».
_IS_A = re.compile(r"\b(?:c\s?est|est|sommes|suis|plutot|mais|s\s?agit\s+d)\s+"
                   r"(?:(?:plutot|bien|en\s+fait|donc)\s+)*(?=(?:un|une)\s)")
_IS_A_WORDS = 6
# What may come with a structure in a message that says only that (« un PETR »,
# « on est un syndicat mixte ouvert »).
_ONLY_WITH = frozenset("un une on est nous sommes c plutot en fait non ah euh oups pardon bien "
                       "ouvert ouverte ferme fermee donc alors".split())


def stated_structure(text: str) -> Optional[str]:
    """The structure a message says the user's is, to correct the one noted:
    « je me suis trompée : nous sommes un syndicat mixte » (``parse_own_structure``,
    strict), « le parc n'est pas une intercommunalité, c'est un syndicat mixte
    ouvert », « plutôt une comcom ». None otherwise: a structure mentioned (« pas
    la com com »), a maire (« c'est le maire qui porte le projet »)."""
    own = parse_own_structure(text, strict=True)
    if own is not None:
        return own
    original = truncate(text or "")
    aligned = fold_aligned(original)
    folded = aligned.text.replace("'", " ").replace("-", " ")
    for marker in _IS_A.finditer(folded):
        rest = folded[marker.end():]
        end = _OWN_END.search(rest)
        stop = _words_end(rest, end.start() if end else len(rest), _IS_A_WORDS)
        found = parse_structure(_typed(original, aligned, marker.end(), marker.end() + stop))
        if found not in (None, UNKNOWN):
            return found
    return None


def _structure_alone(text: str):
    """(the structure a short message names, the other words read) when it
    names one and nothing else but ``_ONLY_WITH`` words; else None."""
    words = [w for w in _words(text or "") if w.text != _BREAK]
    matches = [m for m in _STRUCTURES.find(words) if not m.negated]
    if len(matches) != 1 or any(w.text == _DONT_KNOW for w in words):
        return None
    match = matches[0]
    rest = words[:match.start] + words[match.end:]
    if match.key == "etat" or words[match.start].text == "maire" \
            or not all(w.text in _ONLY_WITH for w in rest):
        return None
    return match.key, {w.text for w in rest}


def only_structure(text: str) -> Optional[str]:
    """The structure a short message names and nothing else, with an
    indefinite article (« un PETR », « on est une comcom », « un syndicat
    mixte »), else None."""
    alone = _structure_alone(text)
    # what one is, with « un / une »: « la commune », « les communes » or « le
    # syndicat » are more likely partners or staff than the user's structure
    return alone[0] if alone and {"un", "une"} & alone[1] else None


def bare_structure(text: str) -> Optional[str]:
    """The structure a message names bare, and nothing else: « syndicat
    mixte », « une comcom », « on est un syndicat » (not « la com com », « le
    SDE », a partner more likely). Typed while another question of the
    diagnostic waits, it corrects the structure noted (« syndicat mixte »
    after « syndicat informatique de 30 communes » was read as a commune got
    « C'est déjà noté : commune »: live test, session 23)."""
    alone = _structure_alone(text)
    # (the reader drops « le », « la »: « la com com », « le SDE » name a partner)
    if alone is None or _DEFINITE & set(fold(text or "").replace("'", " ").split()):
        return None
    return alone[0]


_DEFINITE = frozenset("le la les l du des au aux".split())


# --------------------------------------------------------------------------- theme

_THEMES = _Lexicon({
    "energie": ["energie", "energies", "energetique", "energetiques", "renovation energetique",
                "eclairage public", "eclairage", "chaufferie", "chaufferies", "chaudiere",
                "chauffage", "photovoltaique", "photovoltaiques", "panneaux solaires",
                "solaire", "eolien", "eolienne", "methanisation", "geothermie",
                "reseau de chaleur", "bois energie", "enr", "=CEP", "isolation",
                "decret tertiaire", "economies d energie", "sobriete energetique",
                "econome de flux", "thermique", "pompe a chaleur", "led", "sobriete"],
    "climat": ["pcaet", "plan climat", "plan climat air energie", "plan climat air energie territorial",
               "bilan carbone", "beges", "ges",
               "gaz a effet de serre", "adaptation", "climat", "climatique", "climatiques",
               "changement climatique", "ilots de chaleur", "decarbonation", "carbone",
               "neutralite carbone", "resilience"],
    "mobilite": ["mobilite", "mobilites", "velo", "velos", "transport", "transports",
                 "covoiturage", "piste cyclable", "pistes cyclables", "plan de mobilite",
                 "autopartage", "navette", "bus", "irve", "bornes de recharge", "cyclable",
                 "transport a la demande", "pedibus", "deplacements", "stationnement"],
    "dechets": ["dechets", "dechet", "tri", "biodechets", "biodechet", "compost",
                "compostage", "recyclage", "collecte", "dechetterie", "decheterie",
                "ordures menageres", "economie circulaire", "reemploi", "redevance incitative",
                # (« On veut mettre en place la tarification incitative » named
                # no project: live test, session 26)
                "tarification incitative", "teom", "teomi", "reom", "reomi"],
    "eau": ["eau", "eaux", "assainissement", "gemapi", "eau potable", "eaux pluviales",
            "station d epuration", "step", "inondation", "inondations", "riviere", "rivieres",
            "captage", "spanc", "reseau d eau", "milieux aquatiques"],
    "biodiversite": ["biodiversite", "trame verte", "trame bleue", "trame verte et bleue",
                     "haies", "haie", "espaces verts", "zero phyto", "atlas de la biodiversite",
                     "nature en ville", "arbres", "plantation", "plantations",
                     "vegetalisation", "renaturation", "zones humides", "faune", "flore",
                     "ecologique", "vegetalis*", "desimpermeabilis*", "renatur*"],
    "alimentation": ["alimentation", "alimentaire", "=PAT", "pat", "projet alimentaire",
                     "projet alimentaire territorial", "cantine", "cantines",
                     "restauration collective", "restauration scolaire", "circuits courts",
                     "circuit court", "egalim", "repas", "maraichage", "bio"],
    "urbanisme": ["plu", "plui", "urbanisme", "amenagement", "amenagements", "zan",
                  "zero artificialisation nette", "artificialisation", "carte communale",
                  "scot", "revitalisation", "centre bourg", "petites villes de demain", "pvd",
                  "opah", "habitat", "logement", "logements", "friche", "friches",
                  "lotissement", "sobriete fonciere", "foncier", "document d urbanisme",
                  # (« un plan de paysage avec les communes » named no project:
                  # live test, session 27)
                  "plan de paysage", "plans de paysage", "paysage", "paysages"],
    "numerique": ["numerique", "site internet", "site web", "internet", "dematerialisation",
                  "logiciel", "logiciels", "sig", "cybersecurite", "cyber", "fibre",
                  "informatique", "inclusion numerique", "rgpd", "donnees", "open data",
                  "telephonie", "wifi", "application", "parc informatique", "messagerie",
                  "serveur", "outils numeriques", "digital", "digitalisation",
                  # (« un portail citoyen pour les demarches en ligne », final F-H3 c9)
                  "portail citoyen", "portail famille", "demarches en ligne", "teleservice",
                  "teleservices",
                  # (« refaire le site de la mairie + passer au cloud » was no
                  # theme: live test, session 12)
                  "cloud", "site de la mairie", "site de la commune", "site de la ville",
                  "site communal", "site de l intercommunalite", "site de la communaute de communes",
                  "hebergement des donnees", "sauvegardes informatiques",
                  # (« schéma directeur des systèmes d'information »: no theme,
                  # live test, session 25)
                  "systeme d information", "systemes d information", "sdsi",
                  "systemes informatiques", "guichet numerique", "dematerialiser",
                  # (« on doit faire l'adressage de la commune (numeroter les
                  # rues) » named no project: live test, session 27)
                  "adressage", "base adresse locale", "base adresse nationale", "base adresse",
                  "=BAL", "=BAN", "numerotation des rues", "numeroter les rues",
                  "numerotation des voies", "denomination des voies",
                  # (« un plan de sobriété numérique » was energy: live test,
                  # session 27)
                  "sobriete numerique", "numerique responsable", "green it",
                  "impact environnemental du numerique", "impact du numerique"],
})


# Buildings belong to the theme « énergie, bâtiments », but only when nothing
# more specific is named: « rénover le réseau d'eau » is about water.
_BUILDINGS = _Lexicon({
    "energie": ["renover", "renovation", "rehabilitation", "rehabiliter", "batiment",
                "batiments", "ecole", "ecoles", "groupe scolaire", "gymnase",
                "salle des fetes", "salle polyvalente", "patrimoine bati", "toiture",
                "menuiseries"],
})


# « Autre domaine » (the button's title, typed): « autre » only as a whole
# answer, not in « un autre projet de voirie ».
_OTHER_THEME = frozenset({("autre",), ("autres",), ("autre", "domaine"), ("autre", "chose"),
                          ("autre", "sujet"), ("autre", "theme")})


def themes_named(text: str, negated: bool = False) -> List[str]:
    """The themes the text names, not negated, in the order named (« le thème
    c'est la biodiversité, pas le numérique » → [biodiversite]); a building's
    theme only when no theme is named. ``negated``: the themes it negates
    instead ([numerique])."""
    words = _words(text or "")
    for lexicon in (_THEMES, _BUILDINGS):
        named: List[str] = []
        for match in lexicon.find(words):
            if match.negated == negated and match.key not in named:
                named.append(match.key)
        if named or negated:
            return named
    return []


# An elected official's portfolio: « l'adjoint au numérique », « la VP
# mobilité », « la conseillère déléguée à l'environnement ».
_PORTFOLIO = re.compile(
    r"\b(?:adjointe?s?|vice\s+president\w*|vp|deleguee?s?|conseill\w+(?:\s+delegue\w*)?|elue?s?"
    r"|referente?s?|president\w*\s+de\s+la\s+commission|commission)\s+"
    r"(?:(?:au|aux|a\s+la|a\s+l|a|en\s+charge\s+(?:de\s+la|du|des|de\s+l|de|d)|chargee?s?\s+(?:de\s+la|du|des|de\s+l|de|d)"
    r"|de\s+la|du|des|de\s+l|d)\s+)?"
    r"(?!(?:du|de|des|la|le|les|l|au|aux|en|et|qui|que|oui|non|porte|portent|mais)\b)\w+(?:\s+(?!(?:oui|non|qui|porte|mais|et)\b)\w+)?")


def without_portfolios(text: str) -> str:
    """The text, folded, without the portfolios of the elected officials it
    names: « l'adjoint au numérique oui » names the sponsor, not the theme
    (« C'est corrigé : numérique », then the sponsor asked again: live test,
    session 12)."""
    folded = " ".join(fold(text or "").replace("'", " ").replace("’", " ").replace("-", " ").split())
    return _PORTFOLIO.sub(" ", folded)


def parse_theme(text: str) -> Optional[str]:
    """Theme of the project (keys of ``THEMES``): the first named; a building
    (« rénover l'école ») when no theme is; « autre » only as a whole answer
    (« autre domaine »)."""
    words = _words(text or "")
    for lexicon in (_THEMES, _BUILDINGS):
        for match in lexicon.find(words):
            if match.key == "biodiversite" and words[match.start].text == "ecologique" and match.start \
                    and words[match.start - 1].text in ("transition", "transitions"):
                # « transition écologique » is the whole field, not
                # biodiversity (« contrat de relance et de transition
                # écologique (CRTE) », live test, session 24)
                continue
            if not match.negated:
                return match.key
    if tuple(w.text for w in words if w.text != _BREAK) in _OTHER_THEME:
        return "autre"
    return UNKNOWN if _has_dont_know(words) else None


# --------------------------------------------------------------------------- needs

# "+": the need itself (« un audit »), negated it is not a need (« pas besoin d'audit »).
# "-": what is lacking (« le temps », « les compétences »): a need when lacking only.
_NEEDS = _Lexicon({
    "audit+": ["audit", "audits", "auditer", "diagnostic", "diagnostics", "diag",
               "regard exterieur", "oeil exterieur", "oeil neuf", "avis exterieur", "regard neuf",
               "regard extern", "regard ext", "oeil ext", "prendre du recul", "recul", "evaluation", "evaluer",
               "etat des lieux", "faire le point", "bilan", "analyse", "analyser",
               "point de vue exterieur", "vision exterieure", "objectiver"],
    "intermediation+": ["intermediation", "intermediaire", "porter un message",
                        "porter message", "porter la parole", "conduite du changement",
                        "faire accepter", "faire adherer", "mediation", "mediateur",
                        "concertation", "concerter", "animation", "animer", "mobiliser",
                        "convaincre", "facilitation", "facilitateur", "faire le lien",
                        "tiers de confiance", "tiers", "neutre", "acceptabilite",
                        "participation", "sensibiliser", "sensibilisation", "pedagogie",
                        "embarquer", "fedérer", "federer", "dialogue", "apaiser",
                        "porte parole", "faire passer un message", "faire passer message",
                        "arbitrer", "arbitrage", "arbitrages", "mettre d accord",
                        "mettre tout le monde d accord", "trouver un consensus", "consensus"],
    # (« il nous faut quelqu'un pour écrire le cahier des charges et suivre le
    # déploiement » was « Je n'ai pas reconnu le besoin »: live test, session 26)
    "capacite+": ["capacite", "renfort", "renforts", "renforcer", "surcharge", "surcharges",
                  "quelqu un pour", "qqn pour", "quelqu un qui nous", "une personne pour",
                  "debordes", "deborde", "debordee", "debordees", "sous effectif",
                  "charge de travail", "plan de charge", "bras", "main d oeuvre",
                  "externaliser", "sous traiter", "deleguer", "soulager", "decharger"],
    "capacite-": ["temps", "agents", "agent", "personnel", "effectif", "effectifs",
                  "monde", "ressources humaines", "moyens humains", "disponibilite",
                  "bras", "personne pour le faire", "assez de monde"],
    "expertise+": ["expertise", "expert", "experts", "specialiste", "specialistes",
                   "specialise", "connaissances pointues", "technicite", "pointu", "pointue",
                   "ingenierie", "competences techniques", "expertise technique",
                   "sait pas faire", "savons pas faire", "sais pas faire",
                   "ne sait pas faire", "ne savons pas faire", "ne sais pas faire", "juridique",
                   "sait pas trop faire", "sais pas trop faire", "savons pas trop faire",
                   "sait pas comment faire", "sais pas comment faire", "savons pas comment faire",
                   "sait pas s y prendre", "sais pas s y prendre", "sait pas comment s y prendre",
                   "sais pas comment s y prendre", "nous depasse", "me depasse",
                   "ne sait pas trop faire", "ne savons pas trop faire", "ne sait pas comment faire",
                   "ne sais pas comment faire", "ne savons pas comment faire",
                   "ne sait pas comment s y prendre", "ne sais pas comment s y prendre",
                   "ne sait pas s y prendre", "ne sais pas s y prendre",
                   "depasse nos competences", "hors de nos competences",
                   "technique", "techniques", "complexe", "s y connait", "s y connaisse",
                   "s y connaissent"],
    # (articles are dropped: « les 4 » alone would be any « 4 », and « 30 000 €
    # par an pendant 4 ans » was every kind of need: live test, session 11)
    "all": ["un peu de tout", "tout ca", "tous les quatre", "tous les 4", "les quatre besoins",
            "les 4 besoins", "les quatre types", "les 4 types", "les quatre a la fois",
            "les 4 a la fois", "les quatre categories", "les 4 categories", "tout a la fois",
            "un peu tout"],
    "expertise-": ["competences", "competence", "connaissances", "connaissance",
                   "technicien", "techniciens", "ingenieur", "ingenieurs", "service technique",
                   "services techniques", "bureau d etudes interne",
                   "savoir faire", "compris", "maitrise", "maitrisons", "connait", "connais",
                   "connaissons", "qualification"],
}, negation_after=True)


# Sharing something out between several parties: a third party to arbitrate
# (« un AMO pour nous aider à répartir les enveloppes foncières entre les
# EPCI » was not understood: live test, session 27). Articles are dropped.
_BETWEEN_PARTIES = re.compile(
    r"\b(?:repartir|repartition|arbitrer|arbitrage|arbitrages|negocier|ventiler|ventilation)\b"
    # (not the costs nor the staff: « la répartition des coûts entre les
    # communes » is a question of money)
    r"(?:\s+(?!couts?\b|frais\b|charges?\b|depenses?\b|agents?\b|postes?\b|personnels?\b|financements?\b)\w+){0,6}?"
    r"\s+entre\s+(?:\w+\s+)?(?:epci|communes|elus|intercommunalites|acteurs|partenaires"
    r"|membres|collectivites|territoires|intercos|comcoms|communautes)\b")


_THE_FOUR = re.compile(r"(?:(?:un\s+peu\s+)?(?:de\s+)?tous\s+)?les\s+(?:4|quatre)"
                       r"(?:\s+(?:besoins|types|categories|options|choix|reponses|a\s+la\s+fois|svp|stp|merci))*")


def parse_need_kinds(text: str, explicit: bool = False) -> Optional[FrozenSet[str]]:
    """The kinds of need (``NEED_KINDS``) the text names, several allowed;
    ``frozenset({UNKNOWN})`` for « je ne sais pas »; None if nothing.
    ``explicit``: only the needs named (« de la capacité », « un audit »),
    not what is lacking (« on n'a pas le temps », also an answer about the
    internal resources)."""
    words = _words(text or "")
    kinds = set()
    # « les 4 », « les quatre » as the whole answer (the question lists four)
    everything = bool(_THE_FOUR.fullmatch(fold(text or "").strip(" .!")))
    for match in _NEEDS.find(words):
        if match.key == "all":
            everything = True
            continue
        kind, polarity = match.key[:-1], match.key[-1]
        if explicit and polarity == "-":
            continue
        if polarity == "+" and not match.negated:
            kinds.add(kind)
        elif polarity == "-" and match.lacking:
            kinds.add(kind)
    if _BETWEEN_PARTIES.search(" ".join(w.text for w in words)):
        kinds.add("intermediation")
    if everything and not kinds:
        # (« un peu tout : on a pas le temps et pas les compétences »: the
        # kinds that follow say what « tout » is)
        kinds.update(NEED_KINDS)
    if kinds:
        return frozenset(kinds)
    return frozenset({UNKNOWN}) if _has_dont_know(words) else None


# « du temps », « des agents », « plus de monde » typed to « De quoi avez-vous
# surtout besoin ? »: what is wanted, so a capacity, unless the clause says it
# is had (« on a des agents »). (« du temps » elsewhere is no need: « ça prendra
# du temps » at the duration's question.)
_WANTED_CAPACITY = re.compile(
    r"(?:^|[^\w])(?:du|des|de\s+la|de\s+l|d|plus\s+de|plus\s+d|davantage\s+de|davantage\s+d"
    r"|un\s+peu\s+de|un\s+peu\s+d)\s+(?:temps|agents?|personnel|monde|bras|effectifs?|moyens\s+humains"
    r"|ressources\s+humaines|disponibilite|renforts?|main\s+d\s+oeuvre)\b")
_HAD = re.compile(r"\b(?:on\s+a|j\s+ai|nous\s+avons|avons|ont|il\s+y\s+a|y\s+a|dispos\w*|possed\w*"
                  r"|compt\w*|prend\w*|prendr\w*|faut)\b")


def parse_need_answer(text: str) -> Optional[FrozenSet[str]]:
    """``parse_need_kinds`` for an answer to the need question itself: « du
    temps », « surtout de l'expertise et du temps », « des agents » name a
    capacity wanted (live test, session 22: « du temps » was refused, « des
    agents » noted as a dedicated team, « de l'expertise et du temps » as
    expertise alone)."""
    kinds = parse_need_kinds(text)
    folded = " ".join(fold(text or "").replace("'", " ").replace("’", " ").split())
    for match in _WANTED_CAPACITY.finditer(folded):
        clause = re.split(r"[,;.!?]|\bmais\b", folded[:match.start() + 1])[-1]
        if _HAD.search(clause) or _NEGATED_CLAUSE.search(clause):
            continue
        known = set(kinds or ()) - {UNKNOWN}
        return frozenset(known | {"capacite"})
    return kinds


_NEGATED_CLAUSE = re.compile(r"\b(?:pas|plus|jamais|aucun\w*(?<!sans aucun)(?!\s+doute)|sans(?!\s+(?:aucun\s+)?doute))\b")


# --------------------------------------------------------------------------- duration

_DURATIONS = _Lexicon({
    "ponctuel": ["ponctuel", "ponctuelle", "ponctuels", "ponctuellement", "une fois",
                 "une seule fois", "one shot", "quelques mois", "quelques semaines",
                 "etude", "court", "courte", "court terme", "courte duree", "temporaire",
                 "limite dans le temps", "limitee dans le temps", "ponctu",
                 "fin des travaux", "duree des travaux", "duree du projet", "temps des travaux",
                 "juste pour", "le temps du projet", "une mission"],
    "durable": ["durable", "durables", "durablement", "permanent", "permanente",
                "permanence", "recurrent", "recurrente", "recurrents", "tous les ans",
                "chaque annee", "chaque annees", "chaque mois", "toute l annee",
                "plusieurs annees", "plusieurs ans", "long terme", "longue duree",
                "dans la duree", "sur la duree", "pluriannuel", "pluriannuelle", "continu",
                "en continu", "regulier", "reguliere", "regulierement", "perenne",
                "perennes", "a l annee", "annuel", "annuelle", "tout le mandat", "mandat",
                "par an", "une fois par an", "tout le temps",
                "reconductible", "suivi", "sur le long", "plusieurs fois",
                "au long cours", "tout au long"],
})
_OPPOSITE = {"ponctuel": "durable", "durable": "ponctuel"}
_SPAN = re.compile(r"(?P<n>\d+|[a-z]+(?:-[a-z]+)*)\s+(?P<unit>mois|ans|an|annees|annee|semaines)\b")


# A thing that ends, given its length: « projet sur 2 ans », « l'étude dure 18 mois ».
_BOUNDED = re.compile(r"\b(?:projet|etude|mission|chantier|travaux|operation|programme)\s+"
                      r"(?:(?:va\s+)?(?:dure|durera|durer|prend|prendra|prendre|s\s+etale|s\s+etalera)\s+)?"
                      r"(?:sur|en|de|pendant|d\s+environ|environ)?\s*(?:\d+|[a-z]+)\s+(?:mois|ans?|annees?)\b")


def _span_duration(folded_words: str) -> Optional[str]:
    """« 6 mois » → ponctuel; « 18 mois », « 3 ans » → durable."""
    for m in _SPAN.finditer(folded_words):
        n = m.group("n")
        try:
            number = int(n) if n.isdigit() else text2num(n, "fr")
        except ValueError:
            continue
        months = number * (12 if m.group("unit").startswith("an") else 1)
        if m.group("unit") == "semaines":
            months = number / 4
        return "ponctuel" if months <= 12 else "durable"
    return None


_LENGTH_TYPED = re.compile(r"\b(?:(?:environ|pres\s+de|a\s+peu\s+pres|peut\s+etre)\s+)?"
                           r"(?:\d{1,3}|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|dix\s+huit)"
                           r"(?:\s+(?:ou|a)\s+(?:\d{1,3}|deux|trois|quatre|cinq|six|dix|douze))?"
                           r"\s+(?:mois|ans|an|annees|annee|semaines)"
                           r"(?:\s+ou\s+(?:deux|trois|plus))?\b")


def length_typed(text: str) -> Optional[str]:
    """The length of time a message gives (« environ 1 an », « un an ou
    deux », « ponctuel, 18 mois »), to say back with the duration it gave
    (« besoin ponctuel (une étude, quelques mois) » for « environ 1 an »: live
    test, session 24); None otherwise."""
    folded = re.sub(r"[^\w]+", " ", fold(text or ""))
    m = _LENGTH_TYPED.search(folded)
    if m is None:
        return None
    return re.sub(r"\bannees?\b", lambda a: a.group(0).replace("annee", "année"),
                  re.sub(r"\ba\b", "à", re.sub(r"\bpres\b", "près", m.group(0))))


# The words of the question itself (« ponctuel ou durable ? »), and their
# synonyms: the user's own classification of the need.
_EXPLICIT_DURATION = ("ponctu", "durab", "perman", "recurr", "perenn")


def parse_duration(text: str, explicit: bool = False) -> Optional[str]:
    """``DURATIONS``: ponctuel (« une étude », « quelques mois ») or durable
    (« tous les ans », « sur plusieurs années »). « pas ponctuel » is durable.
    When both are named, durable wins (a lasting need is there). A length
    (« 6 mois », « 3 ans ») decides only when the user does not say the word:
    « ponctuel, 18 mois environ » is a study of 18 months, a one-off mission,
    not a lasting need (the seed's « rapport au besoin dans le temps »: a
    mission limited in time, or a need that calls for a post). ``explicit``:
    only those words (« ponctuel », « durable », « permanent »…)."""
    words = _words(text or "")
    found = set()
    said = set()
    for match in _DURATIONS.find(words):
        key = _OPPOSITE[match.key] if match.negated else match.key
        found.add(key)
        if words[match.start].text.startswith(_EXPLICIT_DURATION):
            said.add(key)
    if explicit:
        found = said
    folded = " ".join(w.text for w in words)
    spanned = None if explicit else _span_duration(folded)
    if spanned == "durable" and "durable" not in found and _BOUNDED.search(folded):
        # « projet sur 2 ans »: a project, a study or works that end, bounded
        # in time, a one-off mission rather than a post (filed « besoin
        # durable (… récurrent) », live test, session 12); a length alone
        # (« 3 ans ») or a recurrence (« tous les ans ») stays durable
        spanned = "ponctuel"
    if spanned and len(said) != 1:
        found.add(spanned)
    if "durable" in found:
        return "durable"
    if found:
        return "ponctuel"
    return UNKNOWN if _has_dont_know(words) else None


# --------------------------------------------------------------------------- resources

# "people": a person or a team; negated it means none.
# "enough" / "some": how much; negated « pas assez » means some.
_RESOURCES = _Lexicon({
    "aucune": ["personne", "personne en interne", "rien", "rien en interne", "aucun", "aucune",
               "aucun agent", "aucune ressource", "aucune competence",
               "zero agent", "zero", "seuls", "seul", "que moi", "juste moi", "moi seul",
               "moi seule", "nous seuls"],
    "partielle": ["mi temps", "temps partiel", "un peu", "secretaire de mairie", "secretaire",
                  "partiellement", "en partie", "quelques heures", "pas assez",
                  "pas suffisamment", "limite", "limitee", "limitees", "limites", "partielle",
                  "partielles", "une personne", "un agent", "1 agent", "polyvalent",
                  "polyvalente", "dgs", "un informaticien", "une informaticienne", "quelques competences", "insuffisant",
                  "insuffisante", "insuffisants", "insuffisantes", "pas toutes",
                  "pas toujours", "ponctuellement", "sur le cote", "en plus de",
                  "deborde", "debordes", "debordee", "debordees", "surcharge", "surcharges",
                  "pas le temps", "pas forme", "pas formes", "pas formee", "pas formees",
                  # busy with something else: « un chargé de mission, déjà sur l'urbanisme »
                  "deja sur", "deja pris", "deja prise", "deja pris par", "deja occupe",
                  "deja occupee", "deja occupes", "pas dispo", "pas disponible",
                  "peu disponible", "peu de temps", "pas beaucoup de temps",
                  # « un technicien mais déjà bien occupé » was « une équipe
                  # dédiée » (live test, session 21)
                  "bien occupe", "bien occupee", "bien occupes", "bien occupees",
                  "tres occupe", "tres occupee", "tres occupes", "tres occupees",
                  "trop occupe", "trop occupee", "trop occupes", "trop occupees",
                  "surbooke", "surbookee", "surbookes", "surbookees", "beaucoup de travail",
                  "tres pris", "tres prise", "tres prises", "bien pris", "bien prise",
                  "tres charge", "tres chargee", "tres charges", "peu de disponibilite",
                  # « nos 3 agents sont pris par l'exploitation » was « une
                  # équipe dédiée » (live test, session 22)
                  "pris par", "prise par", "prises par", "accapare", "accaparee", "accapares",
                  "accaparees", "absorbe", "absorbee", "absorbes", "absorbees",
                  "occupes par", "occupees par", "occupe par", "occupee par",
                  "mobilises sur", "mobilisees sur", "mobilise sur", "mobilisee sur",
                  # « 2 techniciens mais ils sont sur la maintenance » was
                  # « une équipe dédiée » (live test, session 23)
                  "sur autres", "sur autre chose", "sur maintenance", "sur exploitation",
                  "sur entretien", "sur gestion courante", "sur quotidien",
                  # not there yet: « une chargée de mission mobilité mais elle
                  # arrive qu'en janvier » was « une équipe dédiée », and the
                  # verdict « faire en interne » (live test, session 25)
                  "arrive qu en", "arrive qu a", "arrive en", "arrive le", "arrive dans", "arrivera",
                  "va arriver", "doit arriver", "pas encore arrive", "pas encore arrivee",
                  "prend son poste", "prendra son poste", "prend ses fonctions",
                  "en cours de recrutement", "recrutement en cours", "en recrutement",
                  "pas encore recrute", "pas encore recrutee", "a recruter", "poste vacant",
                  "poste non pourvu",
                  # leaving: « on a un géomaticien mais il part a la retraite »
                  # was « Je n'ai pas reconnu le besoin » (live test, session 26)
                  "part a la retraite", "part en retraite", "partira a la retraite",
                  "partira en retraite", "depart a la retraite", "depart en retraite",
                  "va partir", "doit partir", "s en va", "nous quitte", "va nous quitter",
                  "est mute", "est mutee"],
    "people": ["service", "services", "equipe", "equipes", "agent", "agents", "personnel",
               "technicien", "techniciens", "ingenieur", "ingenieurs", "charge de mission",
               "chargee de mission", "chef de projet", "competences", "competence",
               "ressources", "ressource", "direction", "economes de flux", "econome de flux",
               "referent", "referente", "informaticien", "informaticiens", "informaticienne",
               "geomaticien", "geomaticienne", "geomaticiens", "sigiste", "sigistes", "urbaniste",
               "juriste", "acheteur", "acheteuse", "technicienne", "ingenieure",
               # (« un service de 4 personnes »: read as such, « personnes » is
               # no typo of « personne », nobody)
               "personnes"],
    "suffisante": ["temps plein", "service dedie", "equipe dediee", "dedie", "dediee",
                   "plusieurs agents", "suffisant", "suffisante", "suffisants", "suffisantes",
                   "suffisamment", "assez", "ce qu il faut", "tout ce qu il faut",
                   "competents", "competent", "competentes", "bien equipes", "equipe complete",
                   "plein temps", "les competences", "on a les competences"],
})


# « on a rien demandé encore à personne », « on n'a vu personne »: nobody was
# asked (the partners' question), not « nobody in-house ».
_ASKED_NOBODY = re.compile(
    r"\b(?:demande|sollicite|contacte|consulte|appele|interroge|vu|ecrit|parle)\w*"
    r"(?:\s+\w+){0,3}?\s+(?:a\s+|aupres\s+de\s+)?personne\b")


# « on a pas encore demandé », « on n'a contacté personne »: about asking the
# partners (their question), not about the staff.
_ASKED_SOMEONE = re.compile(r"\b(?:demande|sollicite|contacte|consulte|appele|interroge|ecrit|saisi)e?s?\b")


_COMPARATIVE = frozenset({"que", "qu"})
# Someone part-time: « à 50 % », « 20% de son temps », « à temps partiel ».
_PART_TIME = re.compile(r"\b(?:[1-9]|[1-9][0-9])\s*(?:%|pour\s*cent|pourcent)|\btemps\s+partiel\b|\bmi\s*temps\b"
                        r"|\b(?:un|1|2|deux)\s+jours?\s+par\s+semaine\b")
# « on a le temps mais pas les compétences »: someone to follow the project,
# without the expertise (it was noted « personne », live test, session 18).
_HAVE_TIME = re.compile(r"\b(?:on|nous|j)\s+(?:a|avons|ai|aurait|aurions|aura|aurons)\s+"
                        r"(?:bien\s+|quand\s+meme\s+)?(?:le|du|un\s+peu\s+de)\s+temps\b")


def _no_more(words: Sequence[_Word], match: _Match) -> bool:
    """« on a plus d'agent », « y a plus de technicien »: spoken French for
    « n'… plus » (none left), « ne » dropped; read as « enough staff » at the
    resources question (live test, session 13). « plus » right before the
    phrase (« de » is an article here), not « en plus » / « de plus », and no
    comparison in the clause after it (« plus d'agents que l'an dernier »
    is more)."""
    if match.start == 0 or words[match.start - 1].text != "plus":
        return False
    if match.start >= 2 and words[match.start - 2].text in ("en", "de", "d", "le", "les"):
        return False
    for word in words[match.end:]:
        if word.text in (_BREAK, _DONT_KNOW):
            break
        if word.text in _COMPARATIVE:
            return False
    return True


# A number of people: « 4 personnes », « deux personnes », « plusieurs personnes ».
_COUNTED_PEOPLE = re.compile(r"^(?:[2-9]|[1-9][0-9]+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze"
                             r"|vingt|plusieurs)$")


# « c'est moi qui suivrai », « moi je m'en occupe », « je vais le suivre »: the
# user follows the project in-house (on the folded words).
ME_FOLLOWING = re.compile(
    r"\b(?:c\s?est\s+moi\s+qui|moi\s+qui|moi\s+je)\s+(?:(?:le|la|les|l|m|vais|veux|pourrai|pourrais|peux|devrai"
    r"|en|y)\s+)*(?:suivr\w*|suis|occup\w*|pilot\w*|ger\w*)\b"
    r"|\b(?:je|j)\s+(?:(?:vais|veux|pourrai|pourrais|peux|devrai)\s+)?(?:le|la|les|l|m\s+en|m\s+y)\s+"
    r"(?:suivr\w*|suis|occup\w*|pilot\w*|ger\w*)\b"
    r"|\bje\s+(?:suivrai|suivrais|vais\s+suivre)\b"
    r"|\b(?:c\s?est\s+moi|je\s+(?:serai|suis))\s+(?:la|le)\s+referente?\b")


# « personne dans l'équipe », « personne dans nos services », « personne ici »
_NOBODY_THERE = re.compile(r"\bpersonne\s+(?:ici\s+|(?:dans|chez|a)\s+(?:l|les|nos|notre|la|le)\s+"
                           r"(?:equipe|services?|mairie|commune|collectivite|syndicat)\b)")


# A power held (« la compétence écoles est communale », « c'est de notre
# compétence », « la compétence a été transférée à la com com »), not skills.
_LEGAL_COMPETENCE = re.compile(
    r"\bcompetences?(?:\s+\w+){0,3}?\s+(?:est|sont|a\s+ete|ont\s+ete|reste|restent|n\s+est\s+pas)\s+"
    r"(?:pas\s+)?(?:communale?s?|intercommunale?s?|transferee?s?|departementale?s?|regionale?s?|a\s+la|au|aux|chez)\b"
    r"|\b(?:de|dans)\s+(?:notre|leur|sa|la)\s+competence\b"
    r"|\bcompetences?\s+(?:communale?s?|intercommunale?s?|transferee?s?|obligatoires?|optionnelles?)\b")


def parse_resources(text: str) -> Optional[str]:
    """``RESOURCES``: aucune (« aucun agent », « personne », « pas de service »),
    partielle (« un agent à mi-temps », « la secrétaire de mairie », « un peu »)
    or suffisante (« un service dédié », « une équipe », « oui on a les
    compétences »)."""
    plain = plain_words(text or "")
    if _LEGAL_COMPETENCE.search(plain):
        # « c'est nous, la compétence écoles est communale »: who holds the
        # power, not skills (noted « une équipe dédiée », live test, session 24)
        plain = _LEGAL_COMPETENCE.sub(" ", plain)
        text = plain
    if _NOBODY_THERE.search(plain):
        # « personne dans l'équipe qui s'y connaît »: the team is where nobody
        # is, not a team (it was noted « en partie »)
        text = _NOBODY_THERE.sub("aucun agent", plain)
    words = _words(text or "")
    texts = [w.text for w in words]
    if texts[:1] in (["personne"], ["aucun"], ["aucune"]) and texts[1:2] in ([], [_BREAK]):
        # « personne, la secrétaire est débordée »: the answer first, then why
        return "aucune"
    owned = _owned_by_a_partner(words)
    signals = set()
    if ME_FOLLOWING.search(plain_words(text or "")):
        # « c'est moi qui suivrai », « moi je suivrai (secrétaire) »: the user,
        # one person (the question was asked again: live test, session 17)
        signals.add("partielle")
    if _HAVE_TIME.search(plain_words(text or "")):
        signals.add("people")
    if _PART_TIME.search(fold(text or "")):
        # « une chargée de mission à 50 % qui arrive en janvier » (live test,
        # session 15: noted « une équipe dédiée »)
        signals.add("partielle")
    # « on n'a rien demandé à personne »: the partners, not the staff
    asked_nobody = bool(_ASKED_NOBODY.search(fold(text or "")))
    for match in _RESOURCES.find(words):
        key = match.key
        if key == "aucune" and asked_nobody or match.start in owned:
            continue
        if key == "aucune" and match.start > 0 and _COUNTED_PEOPLE.match(words[match.start - 1].text) \
                and words[match.start].text.startswith("personne"):
            # « un service de 4 personnes à temps plein » (noted « en partie »:
            # « personnes » read as « personne », nobody)
            signals.add("people")
            continue
        if key == "aucune":
            # « pas rien » is some; « on n'a personne », « nous n'avons aucun
            # agent »: « ne » goes with « personne », « aucun », « rien »
            signals.add("partielle" if _STRONG_NEGATORS.intersection(
                _clause_before(words, match.start)) else "aucune")
        elif key == "partielle":
            signals.add("partielle")
        elif key == "people":
            signals.add("aucune" if match.negated or _no_more(words, match) else "people")
        elif key == "suffisante":
            signals.add("partielle" if match.negated else "suffisante")
    if "aucune" in signals and signals - {"aucune"}:
        return "partielle"                 # « un service, mais pas de compétences en énergie »
    if "partielle" in signals:
        return "partielle"
    if "suffisante" in signals:
        return "suffisante"
    if "people" in signals:
        return "suffisante"
    if "aucune" in signals:
        return "aucune"
    if names_an_elected_official(text):
        # « l'adjoint au numerique oui » names the sponsor: it was noted
        # « Une équipe dédiée » at the resources question, and the sponsor
        # asked again (live test, session 12)
        return UNKNOWN if _has_dont_know(words) else None
    if asked_nobody or _PARTNERS.find(words) or _ASKED_SOMEONE.search(plain_words(text or "")):
        # « on a pas encore demandé au cerema » at the resources question:
        # its « pas » answers the partners' question, not this one (it was
        # noted « personne », and the resources never asked: live test,
        # session 21)
        return UNKNOWN if _has_dont_know(words) else None
    answer = _yes_no(words)
    if answer is not None and parse_duration(text or "") is not None and not is_correction(text or ""):
        # « ok disons ponctuel » at the resources question answers the
        # duration: its « ok » was « une équipe dédiée » (live test, session 24)
        return None
    if answer == YES:
        return "suffisante"
    if answer == NO:
        return "aucune"
    return UNKNOWN if _has_dont_know(words) else None


def _owned_by_a_partner(words: Sequence[_Word]) -> FrozenSet[int]:
    """Indexes of the words that say what an outside partner has: « le
    département a un service qui aide » (noted « une équipe dédiée » of the
    commune, live test, session 27). Not the EPCI nor the syndicat
    d'énergie, which may be the user itself."""
    owned = set()
    for match in _PARTNERS.find(words):
        if match.key in ("epci", "syndicat_energie") or match.end >= len(words):
            continue
        # (« a » is dropped with the articles: « département un service »)
        if words[match.end].text in _PARTNER_HAS:
            owned.update(range(match.end + 1, min(len(words), match.end + 5)))
        elif words[match.end].text in ("un", "une", "plusieurs"):
            owned.update(range(match.end, min(len(words), match.end + 4)))
    return frozenset(owned)


_PARTNER_HAS = frozenset({"a", "ont", "avait", "avaient", "possede", "possedent", "dispose", "disposent",
                          "propose", "proposent", "met", "mettent"})


# --------------------------------------------------------------------------- partners

_PARTNERS = _Lexicon({
    "syndicat_energie": ["sde", "sde*", "syde*", "sdee", "siel", "sieds", "sieda", "syane",
                         "syndicat d energie", "syndicat de l energie",
                         "syndicat departemental d energie", "syndicat d electricite",
                         "syndicat d electrification", "syndicat intercommunal d energie",
                         "territoire d energie", "syndicat energie", "syndicat d energies",
                         "cep", "conseil en energie partage", "conseiller en energie partage"],
    # (not the adjectives: « un atlas de la biodiversité intercommunale »)
    "epci": [w for w in _EPCI if w not in ("intercommunal", "intercommunale")],
    "alec": ["alec", "=ALE", "agence locale de l energie", "agence locale de l energie et du "
             "climat", "agence de l energie et du climat", "agence locale energie",
             "espace info energie", "eie"],
    "caue": ["caue", "conseil d architecture", "conseil d architecture d urbanisme et de "
             "l environnement"],
    "agence_technique_departementale": ["atd", "agence technique departementale",
                                        "agence technique", "agence departementale",
                                        "ingenierie departementale"],
    "departement": ["conseil departemental", "departement", "=CD", "conseil general"],
    "ademe": ["ademe", "agence de la transition ecologique",
              "territoire engage transition ecologique", "territoire engage"],
    "anct": ["anct", "agence nationale de la cohesion des territoires",
             "cohesion des territoires", "ingenierie sur mesure", "villages d avenir",
             "village d avenir", "petites villes de demain", "pvd"],
    "cerema": ["cerema", "centre d etudes et d expertise sur les risques"],
    "banque_des_territoires": ["banque des territoires", "bdt", "caisse des depots",
                               "=CDC", "territoires conseils"],
    "opsn": ["opsn", "operateur public de services numeriques", "operateur public",
             "syndicat informatique", "syndicat numerique", "declic"],
    "actee": ["actee", "programme actee", "fnccr", "econome de flux", "economes de flux"],
    "fonds_vert": ["fonds vert", "fonds d acceleration de la transition ecologique"],
    "region": ["conseil regional", "region"],
})
_AT_NUMBER = re.compile(r"at\d{2,3}$")     # « AT86 »: agence technique + n° of the département

# A partner that pointed the user to a private firm does not cover the need
# itself: « l'ANCT nous a orientés vers un cabinet ».
_POINTED_TO_A_FIRM = [f"{verb} vers {firm}"
                      for verb in ("oriente", "orientes", "orientee", "renvoye", "renvoyes", "redirige",
                                   "rediriges")
                      for firm in ("un cabinet", "des cabinets", "un prestataire", "des prestataires", "un bureau",
                                   "des bureaux", "le prive", "un consultant")]

_PARTNER_STATUS = _Lexicon({
    # could cover the need
    "convention": ["convention", "conventions", "conventionne", "conventionnes", "adherent",
                   "adherents", "adhere", "adherons", "adhesion", "cep",
                   "conseil en energie partage", "conseiller en energie partage",
                   "mise a disposition", "mis a disposition", "mutualise", "mutualisation",
                   "accompagne", "accompagnent", "accompagner", "accompagnement",
                   "pourrait nous aider", "pourraient nous aider", "peut nous aider",
                   "peuvent nous aider", "pourrait aider", "pourraient aider", "va nous aider",
                   "vont nous aider", "nous aide", "nous aident", "ils peuvent", "il peut",
                   "elle peut", "elles peuvent", "pourraient", "pourrait", "propose",
                   "proposent", "disponible", "disponibles", "d accord pour",
                   "suit le projet", "suivent le projet", "on travaille avec",
                   "travaille avec", "partenariat", "ils vont", "elle va", "il va",
                   "dit oui", "ont dit oui", "a dit oui", "ont accepte", "a accepte",
                   # (« le SDE nous a dit qu'il pouvait faire l'étude
                   # d'opportunité » was a need « ponctuel »: live test, session 27)
                   "pouvait", "pouvaient",
                   "pourra", "pourront", "peut le faire", "peuvent le faire", "peut faire",
                   "peuvent faire"],
    # asked, cannot cover the need
    "insufficient": ["ne peuvent pas", "ne peut pas", "peuvent pas", "peut pas",
                     "ne pouvait pas", "pouvait pas", "ne pouvaient pas", "pouvaient pas",
                     "ne pourra pas", "pourra pas", "ne pourront pas", "pourront pas",
                     "aucun ne peut", "aucune ne peut", "aucun ne pouvait", "aucun ne pourra",
                     "personne ne peut",
                     # longer than « ils peuvent » (could help), so read first
                     "ils peuvent pas", "ils ne peuvent pas", "il peut pas", "il ne peut pas",
                     "elle peut pas", "elle ne peut pas", "elles peuvent pas",
                     "elles ne peuvent pas", "ils pourront pas", "ils ne pourront pas",
                     "ils pourraient pas", "ils ne pourraient pas", "il pourra pas",
                     "il ne pourra pas", "ils vont pas", "ils ne vont pas",
                     "pas le temps", "pas les moyens", "pas dispo", "pas disponible",
                     "pas disponibles", "indisponible", "indisponibles", "refuse", "refuser",
                     "pas assez", "trop charge", "trop charges", "debordes", "deborde",
                     "pas competent", "pas competents", "ne fait pas", "ne font pas",
                     # (« on a appelé l'ALEC, ils font pas de concertation » was
                     # the project: live test, session 26)
                     "font pas", "fait pas",
                     "pas possible", "impossible", "insuffisant", "insuffisante",
                     "pas suffisant", "pas suffisante", "delais trop longs", "trop long",
                     "limite", "limites", "n ont pas pu", "pas pu", "pas la competence",
                     "pas leur role", "pas dans leurs missions", "hors de leur champ",
                     "ne couvre pas", "ne couvrent pas", "pas de reponse", "sans reponse",
                     "sans suite", "pas de suite", "pas repondu", "aucune reponse",
                     "pas de service",
                     "pas donne suite", "decu", "decus", "pas concluant", "pas aboutit",
                     "pas abouti", "n a rien donne", "rien donne", "trop petit", "saturés",
                     "satures", "sature",
                     # « on a appelé le SDE, ils ont dit non » (live bot, session 11)
                     "dit non", "ont dit non", "a dit non", "repondu non", "reponse negative",
                     "refus", "un refus", "decline", "declinent", "ont decline", "c est non",
                     "pas accepte", "a pas accepte", "ont pas accepte",
                     # (longer than « toujours pas », not asked)
                     "toujours pas de reponse", "toujours pas repondu",
                     "toujours pas de retour", "tjs pas de reponse", "tjs pas de retour",
                     # « on a vu le CAUE, ils font pas ça », « le caue nous a
                     # dit de prendre un amo » (live test, session 12)
                     "font pas ca", "fait pas ca", "font pas cela", "fait pas cela",
                     "font pas ce genre", "fait pas ce genre",
                     # « l'OPSN du departement, ils font pas d'AMO » (live test, session 18)
                     "font pas d amo", "fait pas d amo", "font pas d assistance", "fait pas d assistance",
                     "dit de prendre", "dit de passer par", "conseille de prendre",
                     "conseille de passer par",
                     # « l'ANCT nous a orientés vers un cabinet » (live test,
                     # session 24: « Je n'ai pas reconnu le type de structure »)
                     *_POINTED_TO_A_FIRM],
    # nobody asked yet (« pas encor », « toujours pas », « tjs pas »: typed
    # fast; the typos of « encore » are listed, « pas » being too short for
    # the lexicon's typo rule)
    "not_asked": ["pas encore", "pas encor", "pas encors", "pas encoe", "pas ancore",
                  "pas enocre", "pas encre", "pa encore", "pas encore encore",
                  "toujours pas", "tjs pas", "tjrs pas", "tjr pas", "pas consulte", "pas consultes", "pas contacte",
                  "pas contactes", "pas demande", "pas sollicite", "pas sollicites",
                  "pas pense", "jamais", "personne", "aucun", "aucune", "non",
                  "pas du tout", "pas vraiment", "ne les connais pas", "connais pas",
                  "ne connaissons pas", "pas encore fait", "pas eu le temps"],
    # asked (outcome given by the other signals)
    "asked": ["consulte", "consultes", "contacte", "contactes", "demande", "sollicite",
              "sollicites", "rencontre", "rencontres", "appele", "vu", "echange",
              "echanges", "discute", "oui",
              # a meeting or a call with them (final F-M5: « on a eu un call
              # avec le centre de gestion »)
              "call", "calls", "rdv", "rendez vous avec", "reunion avec", "visio avec",
              "au telephone",
              # asked, their answer awaited (longer than « pas encore »)
              "pas encore de reponse", "pas encore de retour", "pas encore repondu",
              "en attente de reponse", "en attente de leur reponse", "en attente de retour",
              "attend leur reponse", "attendons leur reponse", "attend leur retour",
              "attendons leur retour",
              # « on a appelé le CAUE mais pas de réponse encore » was read as
              # « they cannot » (live test, session 17)
              "pas de reponse encore", "pas de retour encore", "pas encore eu de reponse",
              "pas encore eu de retour", "pas eu de reponse encore", "pas eu de retour encore",
              "attend la reponse", "attendons la reponse", "attend le retour", "attendons le retour",
              "attend sa reponse", "attend son retour", "en attente", "demande en cours", "en cours d examen"],
})


_NOT_YET = re.compile(r"\b(?:pas\s+encore?s?|jamais|(?:toujours|tjr?s?)\s+pas)\b")


def says_not_yet(text: str) -> bool:
    """« pas encore », « jamais », « toujours pas »: nobody was asked yet
    (a plain « non » may also refuse what was asked)."""
    return bool(_NOT_YET.search(fold(text or "")))


# « non », « personne », « aucun » answer the whole question; « pas encore »,
# « pas contacté », « jamais »… may be about one partner only.
_WEAK_NOT_ASKED = frozenset({"non", "personne", "aucun", "aucune"})


# Organisations users name as partners that the partner data has no card on
# (often associations, not public partners: final F-L8): their names as typed.
_OTHER_PARTNERS = re.compile(
    r"\b(?:CPIE|CEN|LPO|FNE|ADIL|conservatoires?(?:\s+(?:r[ée]gional\s+)?d['’ ]?\s?espaces?\s+naturels?)?"
    r"|chambres?\s+d['’ ]?\s?agriculture|agences?\s+de\s+l['’ ]?\s?eau"
    r"|centres?\s+de\s+gestion|CDG\s?\d{0,3}"
    # (« le PNR nous a proposé de nous aider » was not said back: live test, session 21)
    r"|PNR|parcs?\s+naturels?\s+r[ée]gion(?:al|aux)"
    # (« et l'ONF ? » got the general list of partners: live test, session 24)
    r"|ONF|office\s+national\s+des\s+for[êe]ts|CRPF|CNPF|CNFPT|DDTM?|DREAL|SAFER)(?![\w])", re.I)


def other_partners(text: str) -> List[str]:
    """The names of organisations the partner data does not know (« le CPIE
    et le conservatoire d'espaces naturels »), as typed, in order."""
    names: List[str] = []
    for match in _OTHER_PARTNERS.finditer(text or ""):
        name = " ".join(match.group().split())
        if name.lower() not in (n.lower() for n in names):
            names.append(name)
    return names


# « lademe », « latd »: the article glued to a partner's acronym
_GLUED_PARTNERS = {"lademe": "ademe", "latd": "agence_technique_departementale",
                   "lalec": "alec", "lanct": "anct", "lepci": "epci", "lopsn": "opsn"}
# The words of a clause that only says « not yet » about the partner named
# alone just before it (« l'ATD, pas encore appelée », « l'ATD, on l'a pas
# encore vue »), besides its status phrases
_NOT_YET_FILLERS = frozenset("on nous ils il elle elles y en encore fait eu vue vus vues "
                             "appelee appelees contactee contactees".split())
# What was done with a partner or what it answered: consulted
_AFFIRMATIVE = frozenset({"asked", "convention", "insufficient"})


def _partner_clauses(words: Sequence[_Word], statuses: Sequence[Tuple[_Match, str]],
                     mentions: Sequence[Tuple[int, str]]) -> List[int]:
    """The number of the clause of each word, as far as the partners are
    concerned: the clauses of ``_clause_of``, but a clause that says both
    what was done with a partner and « not yet » cut before the next partner
    (« on a appelé le CAUE | et l'ATD pas encore », « CAUE oui | l'ATD pas
    encore », « l'ATD on l'a pas encore appelée | et le CAUE oui »)."""
    base, number = [], 0
    for word in words:
        number += word.text in (_BREAK, _DONT_KNOW)
        base.append(number)
    starts = {i for i, _ in mentions}
    signals = {m.start: key for m, key in statuses
               if key in _AFFIRMATIVE or _not_yet(words, m, key)}
    mixed = {number for number in set(base)
             if {signals[i] for i in signals if base[i] == number} >= {"not_asked"}
             and _AFFIRMATIVE.intersection(signals[i] for i in signals if base[i] == number)}
    ids: List[int] = []
    current, previous = -1, None
    partner = signal = signal_after_partner = False
    for i, word in enumerate(words):
        cut = base[i] in mixed and (
            (word.text == "et" and i + 1 in starts and partner and signal)
            or (i in starts and signal_after_partner))
        if base[i] != previous or cut:
            current += 1
            partner = signal = signal_after_partner = False
        previous = base[i]
        ids.append(current)
        partner = partner or i in starts
        if i in signals:
            signal = True
            signal_after_partner = signal_after_partner or partner
    return ids


def _coordinated_part(words: Sequence[_Word], i: int, starts: FrozenSet[int]) -> Tuple[int, int]:
    """(start, end) of the part of its clause that holds word ``i``, the
    clause cut before each « et » followed by a partner (« pas encore appelé
    l'ATD | et le CAUE oui »)."""
    first = i
    while first > 0 and words[first - 1].text not in (_BREAK, _DONT_KNOW) \
            and not (words[first - 1].text == "et" and first in starts):
        first -= 1
    if first > 0 and words[first - 1].text == "et":
        first -= 1
    last = i + 1
    while last < len(words) and words[last].text not in (_BREAK, _DONT_KNOW) \
            and not (words[last].text == "et" and last + 1 in starts):
        last += 1
    return first, last


def _not_yet(words: Sequence[_Word], match: _Match, key: str) -> bool:
    """« pas encore », « pas contacté », « jamais », « toujours pas »: about
    some partners only, unlike a « non », « personne » that answers the
    whole question."""
    return key == "not_asked" and words[match.start].text not in _WEAK_NOT_ASKED


_MEMBERSHIP = frozenset({"adherent", "adherents", "adhere", "adherons", "adhesion", "convention", "conventions",
                         "conventionne", "conventionnes"})


def _named_alone_then_not_yet(words: Sequence[_Word], ids: Sequence[int],
                              statuses: Sequence[Tuple[_Match, str]],
                              mentions: Sequence[Tuple[int, str]]) -> FrozenSet[int]:
    """The clauses that only name partners, followed by one that only says
    « not yet » (« l'ATD, pas encore appelée »): it is about them."""
    covered: Dict[int, str] = {}
    for match, key in statuses:
        for i in range(match.start, match.end):
            covered[i] = key
    partners = {ids[i] for i, _ in mentions}
    # (a membership says no more than a name: « adhérent au SDE, pas encore
    # demandé » was said back as consulted, live test, session 27)
    spoken = {ids[m.start] for m, _ in statuses
              if " ".join(w.text for w in words[m.start:m.end]) not in _MEMBERSHIP}
    found = set()
    for clause in partners - spoken:
        after = [i for i, word in enumerate(words) if ids[i] == clause + 1
                 and word.text not in (_BREAK, _DONT_KNOW)]
        if after and clause + 1 not in partners \
                and any(_not_yet(words, m, key) for m, key in statuses
                        if ids[m.start] == clause + 1) \
                and all(covered.get(i) == "not_asked" or words[i].text in _NOT_YET_FILLERS
                        for i in after):
            found.add(clause)
    return frozenset(found)


_OF_THE_DEPARTEMENT = re.compile(r"\b(?:du|de\s+notre|de\s+votre|de\s+mon)\s+departement\b")


def parse_partners(text: str) -> Tuple[Optional[str], FrozenSet[str]]:
    """(status, partners consulted).

    status: ``PARTNER_STATUSES`` — non_consultes (« non », « pas encore »),
    consultes_insuffisant (« oui le SDE mais ils ne peuvent pas »),
    convention_disponible (« on a une convention avec le CAUE », « l'EPCI
    pourrait nous aider ») — or ``UNKNOWN``, or None when not recognised (also
    for a bare « oui » / « on a vu le SDE »: consulted, but whether they can
    help is not said: ask).

    partners: partner ids named as consulted, whatever they answered; not
    those of a clause that says they were not asked yet (« on a vu le SDE et
    l'ALEC, pas encore le CAUE »: SDE and ALEC; « on a appelé le CAUE et
    l'ATD pas encore », « CAUE oui. l'ATD, pas encore appelée »: the CAUE).
    When some partners were consulted, a « pas encore » is about the others:
    it does not make the answer « not consulted »."""
    words = _words(text or "")
    mentions = [(match.start, match.key) for match in _PARTNERS.find(words)]
    mentions += [(i, "agence_technique_departementale") for i, word in enumerate(words)
                 if _AT_NUMBER.match(word.text)]
    mentions += [(i, _GLUED_PARTNERS[word.text]) for i, word in enumerate(words)
                 if word.text in _GLUED_PARTNERS]
    # « l'OPSN du département », « le syndicat d'énergie du département »: the
    # département says where the other partner is, it was not consulted (it
    # was noted so, live test, session 18)
    if _OF_THE_DEPARTEMENT.search(fold(text or "")):
        mentions = [(i, key) for i, key in mentions
                    if not (key == "departement" and any(
                        0 < i - j <= 3 and other != key and not {"et", "ou"} & {w.text for w in words[j:i]}
                        for j, other in mentions))]

    statuses: List[Tuple[_Match, str]] = []
    starts = {i for i, _ in mentions}
    for match in _PARTNER_STATUS.find(words):
        key = match.key
        # (« on n'a pas encore appelé l'ATD et le CAUE oui »: the negation is
        # about the ATD; « et » and another partner start another part)
        first, last = _coordinated_part(words, match.start, starts)
        if key == "convention" and (match.negated or _clause_negative(words, match.start)) \
                and _NEGATORS.intersection(w.text for w in words[first:last]):
            key = "negated_convention"      # « pas de convention », « ils ne pourraient pas »
        elif key == "asked" and match.negated and _STRONG_NEGATORS.intersection(
                w.text for w in words[max(first, match.start - _WINDOW):match.start]):
            key = "not_asked"              # « on n'a pas consulté »
        statuses.append((match, key))
    signals = [(match.start, key) for match, key in statuses]
    clauses = _partner_clauses(words, statuses, mentions)
    not_yet_clauses = {clauses[match.start] for match, key in statuses
                       if _not_yet(words, match, key)}
    not_yet_clauses |= _named_alone_then_not_yet(words, clauses, statuses, mentions)
    named = {key for i, key in mentions if clauses[i] not in not_yet_clauses}
    if named:
        signals = [(i, key) for i, key in signals if key != "not_asked"]
    keys = [key for _, key in signals]

    status: Optional[str] = None
    if no_reply(text) and "convention" not in keys:
        # « on a appelé le SDE il y a un an, pas de réponse » was read as a
        # partner who cannot help, and a private AMO advised (live test,
        # session 22): asked, whether they can help is not known
        return UNKNOWN, frozenset(named)
    if "convention" in keys:
        last_convention = max(i for i, key in signals if key == "convention")
        later_limit = any(key == "insufficient" and i > last_convention
                          for i, key in signals) or _limited_to_other_things(text)
        status = "consultes_insuffisant" if later_limit else "convention_disponible"
    elif "insufficient" in keys or ("negated_convention" in keys and "asked" in keys):
        status = "consultes_insuffisant"
    elif "not_asked" in keys or "negated_convention" in keys:
        status = "non_consultes"
    elif _has_dont_know(words):
        status = UNKNOWN
    return status, frozenset(named)


# A partner asked who has not answered: « pas de réponse », « jamais eu de
# retour », « on attend leur réponse », « toujours rien ».
_NO_REPLY = re.compile(
    r"\b(?:pas|jamais|toujours\s+pas|aucune?|toujours\s+aucune?)\s+(?:encore\s+)?(?:eu\s+|recu\s+)?(?:de\s+|d\s+)?"
    r"(?:reponses?|retours?|nouvelles?)\b"
    r"|\bsans\s+(?:reponses?|retours?|nouvelles?)\b|\bpas\s+(?:encore\s+)?(?:repondu|rappele?s?)\b"
    r"|\bjamais\s+(?:repondu|rappele?s?)\b|\b(?:on\s+)?attend\w*\s+(?:toujours\s+)?(?:leur|la|sa|une)\s+"
    r"(?:reponses?|retours?)\b|\ben\s+attente\s+(?:de|d)\s+(?:leur\s+|la\s+|sa\s+)?(?:reponses?|retours?)\b"
    r"|\btoujours\s+rien\b")


def no_reply(text: str) -> bool:
    """Whether ``text`` says a partner has not answered (« pas de réponse »,
    « on attend leur retour »)."""
    return bool(_NO_REPLY.search(plain_words(text or "")))


# « ils font du CEP pour les communes mais pas le PCAET » (live test, session
# 15: read as a partner who could cover the need): what they do, then what
# they do not, which is the need; not « le CAUE mais pas le SDE » (a partner
# not asked).
_BUT_NOT = re.compile(r"\bmais\s+(?:pas|plus|jamais)\s+(?:le|la|les|l|pour|sur|ce|ca|cela|notre|nos|un|une|dans)\s+"
                      r"(?!encore\b)(.*)$")


# « on adhère à l'OPSN mais ils font que la maintenance » (live test, session 20:
# read as a convention that could cover the need): they only do something else
_ONLY_DO = re.compile(r"\b(?:font|fait|proposent|propose|assurent|assure|occupent|occupe|gerent|gere"
                      r"|peuvent\s+faire|peut\s+faire)\s+(?:que|seulement|uniquement|juste)\b"
                      # « le SDE nous a proposé un accompagnement mais seulement pour
                      # le volet photovoltaïque » was a partner who could cover the
                      # need (live test, session 26)
                      r"|\bmais\s+(?:seulement|uniquement|juste|que)\s+(?:pour|sur|le|la|les|l|du|de\s+la|des)\b"
                      r"|\bmais\s+(?:pour|sur)\s+(?:le|la|les|l)\s+(?:\w+\s+){0,3}?(?:seulement|uniquement)\b")


def _limited_to_other_things(text: str) -> bool:
    """Whether what the partners do is then said not to include something
    else than a partner: « … du CEP mais pas le PCAET », or said to be
    something else only: « … mais ils font que la maintenance »."""
    if _ONLY_DO.search(plain_words(text)):
        return True
    match = _BUT_NOT.search(plain_words(text))
    if match is None or not match.group(1).strip():
        return False
    rest = match.group(1)
    return not any(True for _ in _PARTNERS.find(_words(rest)))


# The kinds of body a syndicat may itself be (partners.yml ids): a syndicat
# d'énergie is not told to ask the syndicat d'énergie (live test, session 12).
_OWN_BODIES = (
    ("syndicat_energie", re.compile(
        r"\b(?:syndicat|sm)\s+(?:mixte\s+|intercommunal\s+|departemental\s+)*(?:d\s+|de\s+l\s+|des\s+)?"
        r"(?:energies?|electri\w+)\b|\b(?:sde\w*|syde\w*|territoire\s+d\s+energie)\b")),
    ("opsn", re.compile(
        r"\b(?:syndicat|sm)\s+(?:mixte\s+|intercommunal\s+|departemental\s+)*(?:informatique|numerique)\b"
        r"|\b(?:opsn|operateur\s+public\s+de\s+services\s+numeriques)\b")),
)
# « on est », « nous sommes », « je suis DGS du … », « pour le compte du … »
_IS_BODY = re.compile(r"\b(?:on\s+est|on\s+et|nous\s+sommes|je\s+suis|j\s?suis|je\s+travaille|je\s+represente"
                      r"|pour\s+le\s+compte\s+d)\b")
_BODY_WORDS = 8


def own_bodies(text: str, structure_answer: bool = False) -> FrozenSet[str]:
    """The partner ids (``_OWN_BODIES``) of the kind of body the user says
    they are: « on est un syndicat mixte d'énergie », « je suis DGS du SDE »
    → syndicat_energie. ``structure_answer``: the text answers the structure
    question (« syndicat mixte d'énergie »), the body named is the user's."""
    folded = " ".join(fold(text or "").replace("'", " ").replace("’", " ").replace("-", " ").split())
    segments = []
    if structure_answer:
        segments.append(folded)
    for marker in _IS_BODY.finditer(folded):
        rest = folded[marker.end():]
        end = _OWN_END.search(" " + rest)
        segments.append(" ".join((rest[:end.start() - 1] if end else rest).split()[:_BODY_WORDS]))
    return frozenset(body for body, pattern in _OWN_BODIES for seg in segments if pattern.search(seg))


def says_consulted(text: str) -> bool:
    """Whether the text says that partners were asked, or what they answered
    (« on a vu le SDE », « l'EPCI pourrait nous aider », « pas encore »), not
    only names one: « le parc n'est pas une intercommunalité » consulted no
    one. Outside the partners question, naming a partner is no answer to it."""
    status, _ = parse_partners(text)
    if status is not None:
        return True
    return any(match.key == "asked" and not match.negated
               for match in _PARTNER_STATUS.find(_words(text or "")))


# --------------------------------------------------------------------------- sponsor

_SPONSORS = _Lexicon({
    "elected": ["maire", "adjoint", "adjointe", "adjoints", "elu", "elue", "elus", "elues",
                "president", "presidente", "vice president", "vice presidente",
                # « oui la vp mobilite » (live test, session 11)
                "vp", "vpdt", "vice pdt", "pdt", "pdte",
                "conseiller", "conseillere", "conseillers", "conseil municipal",
                "conseil communautaire", "bureau", "delegue", "deleguee", "referent",
                "referente", "equipe municipale", "majorite", "executif", "dgs",
                "direction generale",
                # « le comité syndical a voté » (live test, session 25: « C'est
                # déjà noté : syndicat »)
                "comite syndical", "conseil syndical", "bureau syndical", "assemblee",
                "assemblee deliberante", "conseil d administration"],
    "carried": ["porte", "portent", "porter", "portage", "porteur", "porteuse", "soutient",
                "soutiennent", "soutien", "soutenu", "motive", "motivee", "motives",
                "implique", "impliquee", "impliques", "moteur", "pilote", "pilotent",
                "convaincu", "convaincue", "convaincus", "volontaire", "engage", "engagee",
                "tient", "tiennent", "suit", "suivent", "defend", "defendent", "a coeur",
                "priorite", "vote", "votee", "votes", "delibere", "deliberation", "valide",
                "validee", "adopte", "adoptee"],
    "nobody": ["personne", "aucun elu", "aucun", "pas vraiment", "pas de portage",
               "pas de porteur", "pas de soutien", "pas encore", "pas trop", "bof"],
    "reluctant": ["reticent", "reticente", "reticents", "reticentes", "partage", "partages",
                  "partagee", "partagees", "divise", "divises", "hesitant", "hesitante",
                  "hesitants", "sceptique", "sceptiques", "contre", "oppose", "opposes",
                  "frileux", "mitige", "mitiges", "pas convaincu", "pas convaincus"],
})


# An elected official named (« le maire », « mon adjointe », « le vice-président »,
# « le bureau », « l'équipe municipale »…): the union of the words the sponsor's
# readers used (``assistant.answers``, ``assistant.spontaneous``, actions.validators),
# not the bureau d'études (a provider).
_ELECTED = re.compile(r"""\b(?:maire|mairesse|elus?|elues?|president\w*|adjointe?s?|vice|vp
    |conseil|conseillere?s?|conseill\w+\s+(?:municipa\w*|communautaire\w*|delegue\w*)|deleguee?s?
    |bureau(?!\s+d\s?etudes?\b)|equipe\s+municipale|majorite|executif|municipalite
    |comite\s+syndical|assemblee(?:\s+deliberante)?)\b""", re.X)


def names_an_elected_official(text: Optional[str]) -> bool:
    """« le maire », « mon adjointe », « le vice-président », « le bureau »,
    « la majorité »: the text names an elected official (the sponsor's answer
    must name who carries the project)."""
    return bool(_ELECTED.search(plain_words(text)))


# The whole answer says the user carries the project.
_ME = frozenset({"moi", "moi meme", "c est moi", "oui moi", "oui c est moi", "ben moi", "bah moi",
                 "c est moi meme", "oui moi meme", "c moi"})


def parse_sponsor(text: str) -> Optional[str]:
    """``SPONSOR``: oui (« le maire porte le projet », « un élu référent »,
    « l'adjoint ») or non (« pas vraiment », « personne »), ``UNKNOWN``, None.

    The first clause that speaks of an elected official or of support
    decides: « le maire porte le projet mais pas le conseil » is oui,
    « oui mais le maire n'est pas convaincu » is non."""
    words = _words(text or "")
    if plain_words(text) in _ME:
        return "oui"         # « c'est moi », to « un élu porte-t-il ce projet ? »
    matches = _SPONSORS.find(words)
    for match in matches:
        if match.key in ("nobody", "reluctant"):
            return "non"
        clause = _clause_of(words, match.start)
        reluctant = any(m.key == "reluctant" and _clause_of(words, m.start) == clause
                        for m in matches)
        return "non" if reluctant or _clause_negative(words, match.start) else "oui"
    answer = _yes_no(words)
    if answer:
        return answer
    return UNKNOWN if _has_dont_know(words) else None


# --------------------------------------------------------------------------- price

_PRICE_FOCUS = _Lexicon({
    "price": ["moins cher", "moins chere", "moins chers", "moins cheres", "moins disant",
              "moins disante", "moins disants", "meilleur prix", "prix le plus bas",
              "plus bas prix", "prix les plus bas", "moins couteux", "moins couteuse",
              "moins onereux", "moins onereuse", "pas cher", "pas chere", "prix bas",
              "petit prix", "low cost", "critere prix", "prix uniquement", "uniquement prix",
              "seulement prix", "que prix", "prix avant tout", "prix d abord", "abord prix",
              "plus economique", "offre la plus basse", "la moins chere",
              "cout le plus bas", "au rabais"],
})


def detect_price_focus(text: str) -> bool:
    """Whether the user means to choose on price (« le moins cher »,
    « moins-disant », « au meilleur prix »), not negated (« pas forcément
    le moins cher »)."""
    return any(not match.negated for match in _PRICE_FOCUS.find(_words(text or "")))


# --------------------------------------------------------------------------- questions

_QUESTION = re.compile(
    r"\?|\b(?:difference\s+entre|definition|veut\s+dire|signifie|c\s?est\s+quoi|c\s?koi|ckoi"
    r"|kesako|quesaco)\b"
    r"|(?:^|[,;:]|\bet\b)\s*(?:c\s?est\s+(?:quoi|qui)|qu\s?est\s?ce|quoi\b|comment\b|pourquoi"
    r"|quel(?:le)?s?\b|combien|est\s?ce|peut\s?on|peut\s?il|peut\s?elle|peuvent"
    r"|faut\s?il|doit\s?on|doit\s?il|dois\s?je|puis\s?je|a\s?t\s?on|y\s?a\s?t\s?il|ou\s|qui\s"
    r"|ca\s+veut\s+dire|que\s+(?:veut|signifie|faire|dois|doit|faut)|definition|difference"
    r"|expliquez|explique|dites\s?moi)",
)


def looks_like_question(text: str) -> bool:
    """Whether a message is phrased as a question (« c'est quoi un MOE »,
    « pour 45 000 €, faut-il… ? ») rather than as an answer (« élaborer notre
    plan climat »). Used while the diagnostic waits for an answer: a statement
    is taken as the answer even if it sounds like a topic of the assistant."""
    folded = fold(truncate(text or "")).replace("'", " ").replace("-", " ")
    return bool(_QUESTION.search(folded))


# --------------------------------------------------------------------------- corrections

_CORRECTION_MARKERS = re.compile(
    r"\b(?:en fait|plutot|finalement|pardon|je voulais dire|je veux dire|rectif\w*|corrig\w*"
    r"|correction|erreur|trompee?s?|modifier|changer|change|non c est|c est pas|attendez"
    r"|mal exprimee?s?|mal compris|oups?)\b"
    r"|^\W*attends\b")
_CONTRASTS = re.compile(
    # « le parc n'est pas une intercommunalité, c'est un syndicat mixte »
    r"\bn est pas\s[^.;!?]{1,60}?[,;:]?\s*\b(?:c est|mais)\b"
    # « c'est la biodiversité, pas le numérique »
    r"|\bc est\s[^.;!?,]{1,60}?,?\s+(?:et\s+)?(?:pas|non)\s+(?:un|une|le|la|les|l|du|de|des|d\b"
    r"|(?!(?:encore|assez|trop|tout|du tout|vraiment|plus|mal|sur|si|beaucoup|forcement"
    r"|toujours|facile|simple|grand chose|evident|gagne|dit|sure?)\b)[a-z]{3,})"
    # « pas une commune mais un syndicat »
    r"|\bpas\s+(?:un|une|le|la|les|l|du|de la|des|d)\s*[a-z0-9]+(?:\s+[a-z0-9]+){0,3}\s*,?\s+"
    r"mais\s+(?:plutot\s+|bien\s+)?(?:un|une|le|la|l|du|des|c est|on est|nous sommes)\b")


def is_correction(text: str, contrast: bool = True) -> bool:
    """« en fait c'est plutôt une com com », « je me suis trompé, c'est la mobilité »,
    « attendez, … », « le parc n'est pas une intercommunalité, c'est un syndicat
    mixte », « c'est la biodiversité, pas le numérique », « pas une commune mais un
    syndicat »: the message corrects an earlier answer (and is not a mere mention).
    ``contrast``: the contrasts count (« X n'est pas Y, c'est Z »…); without
    them, only the words that say so (« en fait », « je me suis trompée »…):
    « pas la com com mais le SDE » answers the partners question."""
    folded = fold(text or "").replace("'", " ")
    return bool(_CORRECTION_MARKERS.search(folded)
                or (contrast and _CONTRASTS.search(folded)))
