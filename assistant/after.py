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
)
# (« merci, et maintenant je fais quoi concrètement ? » got the list of what
# the assistant can do: live test, session 26)
(?:\s+(?:concretement|exactement|en\s+pratique|precisement|alors|du\s+coup|donc|la|svp|stp))*$""", re.X)


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
  # « espece de bot de merde » got « Je ne peux pas vous aider sur ce point »
  # (live test, session 18): a complaint, however worded
  | (?:espece\s+de\s+)?(?:bot|robot|outil|assistant|truc|machin|chatbot|ia)\s+(?:de\s+merde|pourri|debile|naze|stupide|a\s+chier)
  | (?:t\s+es|vous\s+etes|tu\s+es)\s+(?:debile|con|stupide|naze|idiot)s?
  | trop\s+de\s+(?:texte|sources|blabla|lignes)
  # « par contre c est un peu long a lire sur le telephone », « votre outil est
  # nul il comprend rien » (live tests, session 11)
  | (?:c\s+est|c|cest|ca\s+fait|c\s+etait)\s+(?:un\s+peu\s+|beaucoup\s+|bien\s+|vraiment\s+|trop\s+)?
        (?:long|longs|longue|indigeste|illisible|dur|difficile|penible)\s+a\s+lire
  | (?:difficile|dur|penible)\s+a\s+lire\s+sur\s+(?:le|mon|un)\s+(?:telephone|portable|mobile|smartphone)
  | {_THING}\s+(?:est\s+)?(?:nul|nulle|inutile|pourri|naze)\b
  | (?:ton\s+truc|votre\s+truc|le\s+bot|l\s+outil|le\s+robot)\s+(?:ne\s+)?comprend\s+(?:rien|pas\s+grand\s+chose)
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
    return bool(_FEEDBACK_MARKER.search(folded) or _COMPLAINT.search(words) or _SIGH.match(words)
                or asks_shorter(raw))


def is_sigh(text: str) -> bool:
    """A sigh or a grimace alone (« pfff », « 🙄 »): nothing to record."""
    words = _words(text)
    return bool(_SIGH.match(words)) if words else complaint(text)


# « je voudrais donner mon avis sur l'outil », « j'ai une remarque à faire »,
# « je peux vous faire un retour ? »: the whole message offers feedback.
_FEEDBACK_NOUN = r"(?:avis|retours?|remarques?|feedback|suggestions?|commentaires?|critiques?)"
_FEEDBACK_WISH = re.compile(rf"""^(?:(?:bonjour|bonsoir|bon|ok|alors|euh|oui|sinon|au\s+fait|moi)\s+)*
    (?:(?:je\s+(?:voudrais|veux|souhaite|souhaiterais|aimerais|vais|peux|pourrais)
         |j\s+aimerais|j\s+ai\s+envie\s+de|est\s+ce\s+que\s+je\s+(?:peux|pourrais)|puis\s+je
         |on\s+peut|comment|ou)\s+
       (?:vous\s+|te\s+)?(?:donner|laisser|faire|dire|partager|envoyer|formuler)
     |j\s+ai)
    \s+(?:(?:un|une|mon|ma|des|quelques|petit|petite|petits|petites)\s+)*{_FEEDBACK_NOUN}
    (?:\s+(?:sur|a\s+propos\s+de|concernant|au\s+sujet\s+de)\s+
       (?:l\s+outil|l\s+assistant|le\s+bot|le\s+chatbot|cet\s+outil|ce\s+bot|ce\s+chatbot|vous|toi
        |vos\s+reponses|les\s+reponses|votre\s+outil|le\s+site|ce\s+site|l\s+application|ce\s+service))?
    (?:\s+(?:svp|stp|s\s+il\s+vous\s+plait|a\s+faire|a\s+vous\s+faire|a\s+donner))?$""", re.X)


def wants_to_give_feedback(text: str) -> bool:
    """Whether the whole message offers feedback on the assistant, without
    giving it yet: « je voudrais donner mon avis sur l'outil », « j'ai une
    remarque », « je peux vous faire un retour ? » (live test, session 11:
    heard as information, it started the diagnostic, and the remark that
    followed was refused as the type of structure). Not « mon avis : … »,
    which gives it (``complaint``)."""
    raw = (text or "").strip()
    if not raw or raw.startswith("/"):
        return False
    return bool(_FEEDBACK_WISH.match(_words(raw)))


# -- « c'est trop long » (final M-M8) -------------------------------------------------

# The whole message says the answer is too long: « c'est trop long », « trop
# long », « vraiment trop long à lire » (not « le délai est trop long »: a
# subject other than the answer).
_TOO_LONG = re.compile(r"""^(?:(?:bon|ok|alors|euh|franchement|bref|mais|oui|ouais|hmm|pfff?)\s+)*
    (?:(?:c\s+est|cest|c|ca\s+fait|ca\s+reste|tout\s+ca\s+c\s+est|votre\s+reponse\s+est|ta\s+reponse\s+est
       |vos\s+reponses\s+sont|tes\s+reponses\s+sont)\s+)?
    (?:(?:beaucoup|bcp|vraiment|un\s+peu|bien|carrement|franchement|encore|toujours|super|grave)\s+)*
    trop\s+(?:longs?|longues?|verbeux|bavard|detaille|de\s+texte|de\s+blabla|de\s+lignes)\b""", re.X)
_MORE = re.compile(r"\bplus\s+(?:court|courte|courts|concis|succinct|bref)\b")


def asks_shorter(text: str) -> bool:
    """Whether the message complains that the answers are too long, or asks
    for shorter ones: « c'est trop long », « vos réponses sont trop longues,
    faites court », « plus court svp » (final M-M8: the assistant offered
    « posez une question plus courte » and did not shorten its answer)."""
    raw = (text or "").strip()
    if not raw or raw.startswith("/"):
        return False
    words = _words(raw)
    if _TOO_LONG.search(words):
        return True
    if _MORE.search(words) and (len(words.split()) <= 4 or re.search(
            r"\b(?:faire|faites|fais|repondre|repondez|reponds|ecrire|ecrivez|svp|stp|s\s+il\s+vous\s+plait)\b",
            words)):
        return True       # « plus court svp », « vous pouvez faire plus court ? »
    return bool(re.search(rf"{_ANSWERS}\s+(?:sont\s+|est\s+|c\s+est\s+)?(?:\w+\s+mais\s+)?"
                          r"(?:(?:beaucoup|bcp|vraiment|un\s+peu|bien|carrement|franchement)\s+)?"
                          r"trop\s+long", words)
                or re.search(r"\b(?:faites|fais|soyez|sois|repondez|reponds)\s+(?:plus\s+)?"
                             r"(?:court|bref|concis|succinct)", words)
                or re.search(r"^(?:(?:une|la|en)\s+)?(?:version\s+courte|en\s+bref|bref)(?:\s+svp|\s+stp)?$"
                             r"|\bje\s+veux\s+(?:deux|2|trois|3)\s+lignes\b", words))


MAX_SHORT = 220          # characters of the short version's key sentence(s)
# A sentence ends there, not after « art. », « n° », « cf. »
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[«*A-ZÀ-Ý0-9])")
_ABBREVIATIONS = ("art.", "cf.", "al.", "p.", "n°", "M.", "etc.")
_LINK = re.compile(r"\[[^\]\n]+\]\([^)\s]+\)")
_TITLE = re.compile(r"^\*\*(.+?)\*\*$")


def _sentences(paragraph: str) -> list:
    pieces = _SENTENCE_END.split(paragraph.strip())
    sentences: list = []
    for piece in pieces:
        if sentences and sentences[-1].endswith(_ABBREVIATIONS):
            sentences[-1] += " " + piece
        else:
            sentences.append(piece)
    return [s for s in sentences if s]


def short_version(texts) -> str:
    """The short version of an answer sent in ``texts`` (its messages): its
    key sentence (the title and first sentence of its first message; a list's
    lead with its first item), at most ``MAX_SHORT`` characters, then its
    links on a second line. Sources, lists and the rest are left out. "" when
    there is nothing to shorten."""
    links = list(dict.fromkeys(link for text in texts for link in _LINK.findall(text or "")))
    texts = list(texts)
    # A note said before the answer's title (« Les seuils s'appliquent hors
    # taxes : 35 000 € TTC… », « J'ai noté… ») is not its key sentence.
    titled = [i for i, text in enumerate(texts)
              if any(_TITLE.match(line.strip()) for line in (text or "").splitlines())]
    if titled:
        texts = texts[titled[0]:]
    key = ""
    title = None
    for text in texts:
        lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
        for index, line in enumerate(lines):
            if line.startswith(("Source :", "Sources :", "Source\u00a0:", "Sources\u00a0:")):
                continue
            heading = _TITLE.match(line)
            if heading and title is None and not key:
                title = heading.group(1)
                continue
            if line.startswith("- "):
                if key.endswith(":"):
                    key += " " + line[2:]
                    break
                continue
            if _LINK.sub("", line).strip(" .:·") == "" or key:
                continue
            key = _sentences(_LINK.sub(lambda m: m.group(0).split("](")[0][1:], line))[0]
            if not key.endswith(":"):
                break
        if key and not key.endswith(":"):
            break
    if title:
        key = f"**{title}**" + (f" : {key}" if key else "")
    if len(key) > MAX_SHORT:
        cut = max(key.rfind(sep, 0, MAX_SHORT) for sep in (", ", " ; ", " : "))
        key = (key[:cut] if cut > MAX_SHORT // 2 else key[:MAX_SHORT].rsplit(" ", 1)[0]) + "…"
    return "\n".join(part for part in (key, " · ".join(links)) if part)


# « vous avez noté combien d'habitants ? »: what was noted, asked back.
_NOTED_ASKED = re.compile(r"""(?:
    \b(?:vous\s+avez|avez\s+vous|qu\s?avez\s+vous|t\s?as|tu\s+as|as\s+tu)\s+(?:bien\s+|deja\s+)?
        (?:note|notes|retenu|enregistre|compris|garde)\b
  | \b(?:qu\s?est\s+ce\s+que|ce\s+que)\s+(?:vous\s+avez|j\s?ai)\s+(?:note|dit|repondu|donne)\b
  | \brappel\w*\s+(?:moi\s+)?(?:mes|les)\s+reponses\b
  | \b(?:mes|les)\s+reponses\s+(?:notees|enregistrees|jusqu\s?ici)\b
)""", re.X)


def asks_what_was_noted(text: str) -> bool:
    """« vous avez noté combien d'habitants ? », « qu'est-ce que vous avez
    noté ? », « rappelez-moi mes réponses »: the answers noted, asked back
    (heard as a price question, it got the refusal to give a price range:
    live test, session 11)."""
    words = fold(text or "").replace("'", " ").replace("-", " ")
    return "?" in (text or "") or words.startswith("rappel") or "reponses" in words \
        if _NOTED_ASKED.search(words) else False


# « j'ai déjà fait le diagnostic hier, je voudrais revoir les conseils »: the
# result asked again (live test, session 23: heard as a request to start, it
# began a new diagnostic without a word).
_AGAIN_VERB = (r"(?:revoir|ravoir|reavoir|retrouver|retrouve|relire|reafficher|redonner|redonnez|redonne"
               r"|renvoyer|renvoyez|remontrer|remontrez|reconsulter|recuperer|revenir\s+sur"
               r"|remettre|remettez|reprendre)")
_RESULT_WORD = (r"(?:conseils?|resultats?|fiche|fiche\s+de\s+cadrage|synthese|recommandations?"
                r"|preconisations?|diagnostic|diag|verdict)")
_RESULT_AGAIN = re.compile(rf"""(?:
    \b{_AGAIN_VERB}\s+(?:\w+\s+){{0,2}}?(?:le|la|les|mon|ma|mes|notre|nos|votre|vos|ce|ces|cette)\s+
        (?:\w+\s+)?{_RESULT_WORD}\b
  | \b(?:j\s?ai|on\s+a|nous\s+avons|avons)\s+(?:deja\s+)?(?:fait|rempli|termine|fini|realise)\s+
        (?:le|mon|notre|un|ce|votre|vos)\s+(?:\w+\s+)?(?:diagnostic|diag|questionnaire)\b
)""", re.X)
# « reprendre le diagnostic » is resuming it, not its result asked again
_RESUMING = re.compile(r"\b(?:reprendre|remettre|revenir\s+sur)\s+(?:\w+\s+){0,2}?(?:le|mon|notre|ce)\s+"
                       r"(?:diagnostic|diag|questionnaire)\b")


def asks_result_again(text: str) -> bool:
    """« j'ai déjà fait le diagnostic hier, je voudrais revoir les conseils »,
    « je peux retrouver ma fiche ? », « redonnez-moi les résultats »: the
    result of a diagnostic done before, asked again, not a new diagnostic.
    Not « reprendre le diagnostic » (resuming it)."""
    words = fold(text or "").replace("'", " ").replace("-", " ")
    words = re.sub(r"[^\w\s]", " ", words)
    return bool(_RESULT_AGAIN.search(words)) and not _RESUMING.search(words)


# -- feedback on the result (live test, session 12) -------------------------------------

_THANKS = r"(?:merci+|mercii|thanks|thx)(?:\s+(?:beaucoup|bcp|bien|infiniment|encore|a\s+vous|pour\s+(?:tout|votre\s+aide|l\s+aide|les\s+conseils|vos\s+conseils|ca|cela|les\s+infos|ces\s+infos)))?"
_GOOD = (r"(?:clair|claire|clairs|bien|top|super|utile|utiles|parfait|genial|interessant|pratique|efficace"
         r"|nickel|impeccable|cool|sympa|precis|complet|pertinent|bon|instructif|limpide|simple"
         r"|bons|bonne|bonnes|belle|belles|beau|excellent|excellente|excellents|excellentes|bravo|chouette"
         r"|formidable|remarquable)")
# The work praised: « bon travail », « du bon boulot », « bon job ».
_WORK = r"(?:travail|boulot|job|taf)\b"
# What the praise is about: « super outil », « outil très utile », « bon travail ».
_THING = (rf"(?:outil|outils|assistant|bot|chatbot|robot|service|diagnostic|{_WORK}|conseils?|reponses?"
          r"|questionnaire|appli|application|site|idee)")
_PRAISE = re.compile(rf"""^(?:(?:un|une|le|l|cet|ce|votre|vos|ton|ta)\s+)?(?:{_THING}\s+(?:(?:est|etait)\s+)?)?
    (?:(?:c\s+etait|c\s+est|cetait|cest|ca\s+etait|ca\s+a\s+ete|ca\s+m\s+a\s+ete|c\s+etai|ct)\s+)?
    (?:(?:un|une|du)\s+)?
    (?:(?:tres|vraiment|super|hyper|trop|assez|plutot|bien|franchement|globalement|plutot)\s+)*{_GOOD}
    (?:\s+(?:et|mais)\s+(?:(?:tres|vraiment|super|assez|plutot)\s+)*{_GOOD})*
    (?:\s+(?:pour\s+(?:le|la|les|l|ce|cet|cette|ces|votre|vos|ton|ta|tes)\s+)?{_THING})?$""", re.X)
# « peut etre un peu long sur telephone »: a remark on the form of the answers
_REMARK = re.compile(r"""^(?:(?:peut\s+etre|mais|par\s+contre|juste|seulement|juste\s+que)\s+)*
    (?:(?:c\s+etait|c\s+est|cetait|cest|ca\s+fait|c)\s+)?
    (?:(?:un\s+peu|trop|assez|plutot|un\s+poil|legerement|beaucoup|bcp)\s+)+
    (?:long|longs|longue|longues|dense|denses|charge|chargee|verbeux|technique|complique)
    (?:\s+(?:a\s+lire\s+)?(?:sur|pour|depuis)\s+(?:le\s+|un\s+|mon\s+)?(?:telephone|portable|mobile|smartphone|tel|ecran))?$
  # « peut etre un peu long sur les questions », « un peu trop de questions »
  | ^(?:(?:peut\s+etre|mais|par\s+contre|juste|seulement|juste\s+que)\s+)*
    (?:(?:c\s+etait|c\s+est|cetait|cest|ca\s+fait|c|il\s+y\s+a|y\s+a)\s+)?
    (?:(?:(?:un\s+peu|trop|assez|plutot|un\s+poil|legerement|beaucoup|bcp)\s+)+
       (?:long|longs|longue|longues)\s+(?:sur|pour|avec)\s+(?:les\s+|des\s+|le\s+|ces\s+)?
       (?:questions?|diagnostic|questionnaire|reponses?)
     | (?:(?:un\s+peu|un\s+poil|legerement|beaucoup|bcp)\s+)*(?:trop|beaucoup|bcp)\s+de\s+questions?)$""",
                     re.X)
_FEEDBACK_CLAUSES = re.compile(r"\s*(?:[,;.!?]+|\s(?:mais|et|par\s+contre)\s)\s*")


def feedback_on_the_result(text: str) -> bool:
    """Whether the whole message is feedback on the answers: thanks, praise,
    a remark on their form (« merci c'était clair, peut etre un peu long sur
    telephone », « c'etait bien », « top merci ») or a complaint
    (``complaint``), with nothing else in it. Read after the result, it was
    taken for a correction (« telephone » became the domain numérique: live
    test, session 12). « c'est bien une commune » says more: not feedback."""
    raw = (text or "").strip()
    if not raw or raw.startswith("/"):
        return False
    if complaint(raw):
        return True
    folded = fold(raw).replace("'", " ").replace("’", " ").replace("-", " ")
    clauses = [c for c in _FEEDBACK_CLAUSES.split(folded) if c and c.strip()]
    if not clauses:
        return False
    said = False
    for clause in clauses:
        clause = " ".join(re.sub(r"[^\w]+", " ", clause).split())
        # (« bon » is a filler before anything but the thing it praises:
        # « bon travail », « bon boulot, merci », « bon outil », not « bon,
        # merci c'était utile »)
        clause = re.sub(rf"^(?:(?:ok|bon(?!\s+{_THING}\b)|alors|oui|ouais|bah|eh\s+bien|en\s+tout\s+cas|sinon)"
                        r"(?:\s+|$))*", "", clause)
        bare = re.sub(rf"^{_THANKS}\s*|\s*{_THANKS}$", "", clause).strip()
        if not bare:
            said = said or bool(clause)       # « merci » (not « oui » alone)
            continue
        clause = bare
        if _PRAISE.match(clause) or _REMARK.match(clause):
            said = True
            continue
        return False
    return said


def feedback_remark(text: str) -> bool:
    """Whether feedback on the result (``feedback_on_the_result``) says more
    than thanks or praise: a remark on the answers' form (« un peu long sur
    telephone ») or a complaint, worth keeping for the usage report."""
    if complaint(text):
        return True
    folded = fold(text or "").replace("'", " ").replace("’", " ").replace("-", " ")
    return any(_REMARK.match(" ".join(re.sub(r"[^\w]+", " ", clause).split()))
               for clause in _FEEDBACK_CLAUSES.split(folded) if clause)
