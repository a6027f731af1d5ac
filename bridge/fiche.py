"""La fiche de cadrage en pièce jointe Matrix (``m.file``).

Quand l'assistant envoie une fiche de cadrage, la réponse du canal REST de
Rasa contient, après le texte (qui porte déjà les liens), un élément
``{"custom": {"fiche": {"pdf": URL, "markdown": URL}}}`` (voir
``actions/fiche.py``). Le pont envoie alors aussi le PDF comme fichier :

1. ``fiche_pdf_links(messages)`` : les liens PDF des éléments ``custom.fiche`` ;
2. ``FicheFetcher.fiche_id(lien)`` : l'identifiant de la fiche, **seulement**
   si le lien est exactement ``FICHES_PUBLIC_URL/fiches/<identifiant>.pdf`` ;
3. ``FicheFetcher.fetch(identifiant)`` : le PDF, téléchargé depuis
   ``BRIDGE_FICHES_URL/fiches/<identifiant>.pdf``. L'adresse téléchargée est
   reconstruite à partir de la configuration et d'un identifiant validé : un
   lien qui désignerait un autre serveur n'est jamais suivi (pas de
   redirection, pas de mandataire pris dans l'environnement, taille bornée,
   type ``application/pdf`` et début ``%PDF-`` exigés) ;
4. ``upload_fiche(client, …)`` : le dépôt sur le serveur Matrix, chiffré
   (``encrypt=True`` : la clé part dans l'événement, lui-même chiffré, sous
   ``file``) dans un salon chiffré, en clair (``url``) sinon ; renvoie le
   contenu de l'événement ``m.file`` (``application/pdf``, nom
   ``fiche-de-cadrage-AAAA-MM-JJ.pdf``, taille dans ``info``).

En cas d'échec, rien n'est envoyé de plus : le lien du texte reste le moyen
d'obtenir la fiche. Les journaux ne contiennent ni lien ni identifiant de
fiche (le lien est la seule clé d'accès à la fiche), ni texte de message.

Bibliothèque standard seulement, sauf ``FicheFetcher.fetch`` (aiohttp, présent
dans les deux environnements) ; ``upload_fiche`` reçoit le client matrix-nio
sans importer nio.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import re
from typing import Any, Callable, Dict, List, Optional
from urllib.parse import urlsplit

ROUTE = "/fiches/"
PDF_MIMETYPE = "application/pdf"
MAX_BYTES = 10 * 1024 * 1024
DEFAULT_TIMEOUT = 60.0
_PDF_NAME = re.compile(r"([A-Za-z0-9_-]{22})\.pdf")      # secrets.token_urlsafe(16), comme le serveur
_CHUNK = 64 * 1024


class FicheUnavailable(Exception):
    """La fiche n'a pas pu être jointe (message sans lien ni identifiant)."""


def fiche_pdf_links(messages: Any) -> List[str]:
    """Les liens PDF des éléments ``{"custom": {"fiche": {"pdf": …}}}`` d'une
    réponse Rasa, dans l'ordre et sans doublon."""
    links: List[str] = []
    if not isinstance(messages, list):
        return links
    for message in messages:
        custom = message.get("custom") if isinstance(message, dict) else None
        fiche = custom.get("fiche") if isinstance(custom, dict) else None
        pdf = fiche.get("pdf") if isinstance(fiche, dict) else None
        if isinstance(pdf, str) and pdf.strip() and pdf.strip() not in links:
            links.append(pdf.strip())
    return links


def check_base_url(url: str) -> Optional[str]:
    """Ce qui ne va pas dans une adresse de base (``None`` si elle convient) :
    http(s), un hôte, ni identifiants, ni paramètres, ni fragment."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - lève ValueError pour un port invalide
    except ValueError:
        return "adresse invalide"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "une URL http(s) est attendue"
    if parts.username is not None or parts.password is not None:
        return "pas d'identifiants dans l'adresse"
    if parts.query or parts.fragment or "?" in url or "#" in url:
        return "pas de paramètres ni de fragment"
    return None


def _origin(parts) -> tuple:
    return (parts.scheme.lower(), (parts.hostname or "").lower(), parts.port)


def fiche_id_from_link(link: Any, public_url: str) -> Optional[str]:
    """L'identifiant de la fiche si ``link`` est exactement
    ``public_url/fiches/<identifiant>.pdf``, sinon ``None``."""
    if not isinstance(link, str):
        return None
    try:
        parts, base = urlsplit(link.strip()), urlsplit(public_url)
        if _origin(parts) != _origin(base):
            return None
    except ValueError:
        return None
    if parts.username is not None or parts.password is not None or parts.query or parts.fragment:
        return None
    prefix = base.path.rstrip("/") + ROUTE
    if not parts.path.startswith(prefix):
        return None
    match = _PDF_NAME.fullmatch(parts.path[len(prefix):])
    return match.group(1) if match else None


def fiche_filename(day: Optional[dt.date] = None) -> str:
    """« fiche-de-cadrage-AAAA-MM-JJ.pdf » (par défaut, la date du jour)."""
    return f"fiche-de-cadrage-{(day or dt.date.today()).isoformat()}.pdf"


def file_content(filename: str, size: int, content_uri: str,
                 decryption: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """Le contenu d'un événement ``m.room.message`` de type ``m.file``.

    ``decryption`` (clés rendues par ``AsyncClient.upload(encrypt=True)``) :
    fichier chiffré, décrit sous ``file`` (EncryptedFile du standard Matrix)
    au lieu de ``url``.
    """
    content: Dict[str, Any] = {
        "msgtype": "m.file",
        "body": filename,
        "filename": filename,
        "info": {"mimetype": PDF_MIMETYPE, "size": size},
    }
    if decryption is None:
        content["url"] = content_uri
    else:
        content["file"] = {
            "url": content_uri,
            "key": decryption["key"],
            "iv": decryption["iv"],
            "hashes": decryption["hashes"],
            "v": decryption.get("v", "v2"),
            "mimetype": PDF_MIMETYPE,
        }
    return content


class FicheFetcher:
    """Téléchargement des PDF depuis le serveur des fiches configuré, et lui seul."""

    def __init__(self, public_url: str, fetch_url: Optional[str] = None,
                 timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_BYTES,
                 session_factory: Optional[Callable[[], Any]] = None) -> None:
        self.public_url = public_url.rstrip("/")
        self.fetch_url = (fetch_url or public_url).rstrip("/")
        for name, url in (("FICHES_PUBLIC_URL", self.public_url), ("BRIDGE_FICHES_URL", self.fetch_url)):
            problem = check_base_url(url)
            if problem:
                raise ValueError(f"{name} : {problem}")
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._session_factory = session_factory
        self._session: Any = None

    def fiche_id(self, link: Any) -> Optional[str]:
        return fiche_id_from_link(link, self.public_url)

    def download_url(self, fiche_id: str) -> str:
        if _PDF_NAME.fullmatch(f"{fiche_id}.pdf") is None:
            raise ValueError("identifiant de fiche invalide")
        return f"{self.fetch_url}{ROUTE}{fiche_id}.pdf"

    def _get_session(self):
        if self._session is None or getattr(self._session, "closed", False):
            if self._session_factory is not None:
                self._session = self._session_factory()
            else:
                import aiohttp

                self._session = aiohttp.ClientSession(
                    timeout=aiohttp.ClientTimeout(total=self.timeout),
                    headers={"User-Agent": "amo-matrix-bridge"},
                    trust_env=False,          # jamais de mandataire pris dans l'environnement
                )
        return self._session

    async def fetch(self, fiche_id: str) -> bytes:
        """Le PDF de la fiche ; ``FicheUnavailable`` s'il n'a pas pu être obtenu."""
        url = self.download_url(fiche_id)
        session = self._get_session()
        try:
            async with session.get(url, allow_redirects=False) as resp:
                if resp.status != 200:
                    raise FicheUnavailable(f"le serveur des fiches a répondu HTTP {resp.status}")
                if (resp.content_type or "").lower() != PDF_MIMETYPE:
                    raise FicheUnavailable("le serveur des fiches n'a pas renvoyé un PDF")
                declared = resp.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise FicheUnavailable(f"PDF trop gros ({declared} octets)")
                data = bytearray()
                async for chunk in resp.content.iter_chunked(_CHUNK):
                    data.extend(chunk)
                    if len(data) > self.max_bytes:
                        raise FicheUnavailable(f"PDF de plus de {self.max_bytes} octets")
        except FicheUnavailable:
            raise
        except asyncio.TimeoutError:
            raise FicheUnavailable(f"le serveur des fiches n'a pas répondu en {self.timeout:.0f} s") from None
        except Exception as exc:  # noqa: BLE001 - aiohttp.ClientError, OSError…
            raise FicheUnavailable(f"serveur des fiches injoignable ({type(exc).__name__})") from None
        if not data.startswith(b"%PDF-"):
            raise FicheUnavailable("le fichier reçu n'est pas un PDF")
        return bytes(data)

    async def close(self) -> None:
        if self._session is not None and not getattr(self._session, "closed", True):
            await self._session.close()


async def upload_fiche(client: Any, data: bytes, filename: str, encrypt: bool) -> Dict[str, Any]:
    """Dépose ``data`` sur le serveur Matrix (``client`` : ``nio.AsyncClient``)
    et renvoie le contenu de l'événement ``m.file`` à envoyer.

    Chiffré (``encrypt``) : le nom du fichier n'est pas transmis au dépôt (le
    serveur ne voit qu'un contenu chiffré), il n'est que dans l'événement chiffré.
    """
    resp, keys = await client.upload(
        lambda *_: data,                 # rappelé tel quel si le dépôt est réessayé
        content_type=PDF_MIMETYPE,
        filename=None if encrypt else filename,
        encrypt=encrypt,
        filesize=len(data),
    )
    uri = getattr(resp, "content_uri", None)
    if not isinstance(uri, str) or not uri.startswith("mxc://"):
        detail = " ".join(str(x) for x in (getattr(resp, "status_code", None),
                                           getattr(resp, "message", None)) if x)
        raise FicheUnavailable(f"dépôt du fichier refusé par le serveur Matrix ({detail or type(resp).__name__})")
    if encrypt:
        if not isinstance(keys, dict) or not all(keys.get(k) for k in ("key", "iv", "hashes")):
            raise FicheUnavailable("clés de chiffrement du fichier absentes")
        return file_content(filename, len(data), uri, keys)
    return file_content(filename, len(data), uri)
