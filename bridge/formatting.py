"""Fonctions pures de mise en forme (bibliothèque standard seulement).

- ``format_response(messages)`` : la réponse du webhook REST de Rasa (liste de
  ``{"text", "buttons": [{"title", "payload"}], "image"}``) devient un seul
  message Matrix : ``body`` en texte brut et ``formatted_body`` en HTML, les
  boutons devenant des choix numérotés suivis de ``CHOICE_HINT`` ;
- ``markdown_to_html`` / ``markdown_to_plain`` : le sous-ensemble de Markdown
  qu'écrit l'assistant (``**gras**``, ``*italique*``, listes « - » et « 1. »,
  liens ``[texte](https://…)`` et adresses nues) ; tout autre HTML du texte est
  échappé ;
- ``resolve_choice(text, buttons)`` : « 1 », « 1. », « n° 1 » ou le titre d'un
  bouton (sans tenir compte de la casse, des accents ni de la ponctuation)
  donnent le payload du bouton, sinon ``None`` ;
- ``strip_reply_fallback(body)`` : enlève la citation qu'ajoutent les clients
  Matrix en tête d'une réponse (« > <@x:y> … »).
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable, List, Optional, Sequence, Tuple

CHOICE_HINT = "Répondez par le numéro ou le texte du choix."
UNAVAILABLE_TEXT = "Le service est momentanément indisponible, réessayez dans quelques instants."
HTML_FORMAT = "org.matrix.custom.html"


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    """Un message Matrix prêt à envoyer et les boutons qu'il propose."""

    body: str
    html: str
    buttons: Tuple[Button, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.body.strip()

    def content(self) -> dict:
        """Contenu d'un événement ``m.room.message`` (``m.text``)."""
        return {
            "msgtype": "m.text",
            "body": self.body,
            "format": HTML_FORMAT,
            "formatted_body": self.html,
        }


# --------------------------------------------------------------------------
# Comparaison de textes (choix par leur titre)

_APOSTROPHES = "\u2019\u2018\u02bc\u00b4`\u2032"
_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss"}


def fold(text: Optional[str]) -> str:
    """Minuscules, sans accents, ponctuation et espaces réduits à une espace :
    « Qu’est-ce qu’un AMO ? » → « qu est ce qu un amo »."""
    if not text:
        return ""
    out: List[str] = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            continue
        ch = ch.casefold()
        ch = _LIGATURES.get(ch, ch)
        out.append(ch if ch.isalnum() else " ")
    return " ".join("".join(out).split())


_NUMBER_CHOICE = re.compile(
    r"^\s*(?:(?:n[°o]|num(?:ero|éro)?)\.?\s*|#\s*|choix\s+)?(\d{1,3})\s*[.)°\-:]?\s*(.*?)\s*$",
    re.IGNORECASE | re.DOTALL,
)


def resolve_choice(text: Optional[str], buttons: Sequence[Button]) -> Optional[str]:
    """Le payload du bouton que désigne ``text``, ou ``None``.

    « 2 », « 2. », « 2) », « n° 2 », « choix 2 » désignent le 2e bouton (un
    numéro hors de la liste ne désigne rien) ; « 2. Les seuils d'achat » aussi,
    si le texte après le numéro est bien le titre du 2e bouton. Le titre seul,
    sans tenir compte de la casse, des accents ni de la ponctuation, désigne
    son bouton.
    """
    if not text or not buttons:
        return None
    match = _NUMBER_CHOICE.match(text)
    if match:
        index = int(match.group(1))
        rest = fold(match.group(2))
        if 1 <= index <= len(buttons) and (not rest or rest == fold(buttons[index - 1].title)):
            return buttons[index - 1].payload
    folded = fold(text)
    if not folded:
        return None
    for button in buttons:
        if fold(button.title) == folded:
            return button.payload
    return None


def parse_buttons(raw: Any) -> Tuple[Button, ...]:
    """Les boutons valides d'un message Rasa (un titre non vide ; sans payload,
    le titre sert de payload)."""
    if not isinstance(raw, (list, tuple)):
        return ()
    buttons = []
    for item in raw:
        if not isinstance(item, dict):
            continue
        title = str(item.get("title") or "").strip()
        if not title:
            continue
        payload = item.get("payload")
        payload = title if payload is None or str(payload) == "" else str(payload)
        buttons.append(Button(title, payload))
    return tuple(buttons)


# --------------------------------------------------------------------------
# Markdown (sous-ensemble) → HTML Matrix et texte brut

# Caractères d'usage privé qui marquent l'emplacement d'un lien déjà rendu.
_PH_OPEN, _PH_CLOSE = "\ue000", "\ue001"
_PLACEHOLDER = re.compile(_PH_OPEN + r"(\d+)" + _PH_CLOSE)
_SAFE_URL = r"(?:https?://|mailto:)[^\s<>\"'()\[\]]+"
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\(\s*(" + _SAFE_URL + r")\s*\)")
_AUTOLINK = re.compile(r"(?<![\w/@])(https?://[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?»])")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_BULLET = re.compile(r"^ {0,3}[-*•]\s+(.*)$")
_ORDERED = re.compile(r"^ {0,3}(\d{1,3})[.)]\s+(.*)$")


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace(_PH_OPEN, "").replace(_PH_CLOSE, "")


def _emphasis_html(escaped: str) -> str:
    escaped = _BOLD.sub(r"<strong>\1</strong>", escaped)
    return _ITALIC.sub(r"<em>\1</em>", escaped)


def _emphasis_plain(text: str) -> str:
    text = _BOLD.sub(r"\1", text)
    return _ITALIC.sub(r"\1", text)


def _inline_html(text: str) -> str:
    """Une ligne de Markdown → HTML (le texte est échappé, sauf le sous-ensemble)."""
    anchors: List[str] = []

    def keep(anchor: str) -> str:
        anchors.append(anchor)
        return f"{_PH_OPEN}{len(anchors) - 1}{_PH_CLOSE}"

    def md_link(m: "re.Match[str]") -> str:
        label = _emphasis_html(html.escape(m.group(1)))
        return keep(f'<a href="{html.escape(m.group(2), quote=True)}">{label}</a>')

    def bare_link(m: "re.Match[str]") -> str:
        url = html.escape(m.group(1), quote=True)
        return keep(f'<a href="{url}">{url}</a>')

    text = _MD_LINK.sub(md_link, text)
    text = _AUTOLINK.sub(bare_link, text)
    text = _emphasis_html(html.escape(text, quote=False))
    return _PLACEHOLDER.sub(lambda m: anchors[int(m.group(1))], text)


def _inline_plain(text: str) -> str:
    def md_link(m: "re.Match[str]") -> str:
        label, url = _emphasis_plain(m.group(1)), m.group(2)
        shown = url[len("mailto:"):] if url.startswith("mailto:") else url
        return label if label.strip() in (url, shown) else f"{label} ({shown})"

    return _emphasis_plain(_MD_LINK.sub(md_link, text))


def _blocks(text: str) -> Iterable[Tuple[str, Any]]:
    """Découpe en blocs : ("p", [lignes]), ("ul", [éléments]), ("ol", (début, [éléments]))."""
    paragraph: List[str] = []
    items: List[str] = []
    kind: Optional[str] = None
    start = 1
    for line in _clean(text).split("\n"):
        bullet = _BULLET.match(line)
        ordered = None if bullet else _ORDERED.match(line)
        new_kind = "ul" if bullet else "ol" if ordered else None
        if kind and new_kind != kind:
            yield (kind, items if kind == "ul" else (start, items))
            kind, items = None, []
        if new_kind:
            if paragraph:
                yield ("p", paragraph)
                paragraph = []
            if kind is None:
                kind = new_kind
                start = int(ordered.group(1)) if ordered else 1
            items.append(bullet.group(1).strip() if bullet else ordered.group(2).strip())
        elif not line.strip():
            if paragraph:
                yield ("p", paragraph)
                paragraph = []
        else:
            paragraph.append(line.strip())
    if kind:
        yield (kind, items if kind == "ul" else (start, items))
    if paragraph:
        yield ("p", paragraph)


def markdown_to_html(text: Optional[str]) -> str:
    """HTML Matrix (``formatted_body``) du texte de l'assistant."""
    parts: List[str] = []
    for kind, data in _blocks(text or ""):
        if kind == "p":
            parts.append("<p>" + "<br>".join(_inline_html(line) for line in data) + "</p>")
        elif kind == "ul":
            parts.append("<ul>" + "".join(f"<li>{_inline_html(i)}</li>" for i in data) + "</ul>")
        else:
            start, items = data
            attr = f' start="{start}"' if start != 1 else ""
            parts.append(f"<ol{attr}>" + "".join(f"<li>{_inline_html(i)}</li>" for i in items) + "</ol>")
    return "".join(parts)


def markdown_to_plain(text: Optional[str]) -> str:
    """Texte brut (``body``) : sans marques d'emphase, liens « texte (adresse) »,
    listes et retours à la ligne gardés."""
    lines = [_inline_plain(line.rstrip()) for line in _clean(text or "").split("\n")]
    return "\n".join(lines).strip("\n")


# --------------------------------------------------------------------------
# Réponse complète

def render_choices(buttons: Sequence[Button], start: int = 1) -> Tuple[str, str]:
    """Les boutons en choix numérotés : (texte brut, HTML)."""
    plain = "\n".join(f"{start + i}. {b.title}" for i, b in enumerate(buttons))
    attr = f' start="{start}"' if start != 1 else ""
    rich = f"<ol{attr}>" + "".join(f"<li>{html.escape(b.title, quote=False)}</li>" for b in buttons) + "</ol>"
    return plain, rich


def format_response(messages: Any) -> Reply:
    """Les messages d'une réponse Rasa réunis en un seul message Matrix.

    Les boutons de tous les messages sont numérotés à la suite (1, 2, 3…) et
    ``CHOICE_HINT`` suit le dernier groupe de choix. ``Reply.buttons`` garde
    ces boutons dans l'ordre des numéros.
    """
    plain_parts: List[str] = []
    html_parts: List[str] = []
    buttons: List[Button] = []
    if not isinstance(messages, list):
        messages = []
    for message in messages:
        if not isinstance(message, dict):
            continue
        text = message.get("text")
        if isinstance(text, str) and text.strip():
            plain_parts.append(markdown_to_plain(text))
            html_parts.append(markdown_to_html(text))
        image = message.get("image")
        if isinstance(image, str) and re.fullmatch(_SAFE_URL, image.strip()):
            url = image.strip()
            plain_parts.append(url)
            escaped = html.escape(url, quote=True)
            html_parts.append(f'<p><a href="{escaped}">{escaped}</a></p>')
        group = parse_buttons(message.get("buttons"))
        if group:
            plain, rich = render_choices(group, start=len(buttons) + 1)
            plain_parts.append(plain)
            html_parts.append(rich)
            buttons.extend(group)
    if buttons:
        plain_parts.append(CHOICE_HINT)
        html_parts.append(f"<p><em>{html.escape(CHOICE_HINT)}</em></p>")
    return Reply("\n\n".join(plain_parts), "".join(html_parts), tuple(buttons))


def unavailable_reply() -> Reply:
    return Reply(UNAVAILABLE_TEXT, f"<p>{html.escape(UNAVAILABLE_TEXT)}</p>")


# --------------------------------------------------------------------------
# Messages reçus

def strip_reply_fallback(body: Optional[str]) -> str:
    """Le texte d'une réponse sans la citation de repli (« > … » puis une ligne
    vide) que les clients mettent en tête."""
    if not body:
        return ""
    lines = body.split("\n")
    if not lines[0].startswith(">"):
        return body
    i = 0
    while i < len(lines) and lines[i].startswith(">"):
        i += 1
    if i < len(lines) and not lines[i].strip():
        i += 1
    return "\n".join(lines[i:])
