"""Configuration du pont : variables d'environnement, complétées par un fichier ``.env``.

Bibliothèque standard seulement. Une variable déjà présente dans
l'environnement l'emporte sur le fichier ``.env`` (chemin : ``BRIDGE_ENV_FILE``,
par défaut ``.env`` dans le répertoire courant).

Variables (voir ``bridge/.env.example``) :

=============================  =====================================================
MATRIX_HOMESERVER              URL du serveur (Tchap : https://matrix.agent.<instance>.tchap.gouv.fr)
MATRIX_USER_ID                 compte du robot (ex. @assistant-amo:example.org)
MATRIX_PASSWORD                mot de passe (première connexion ; le jeton est ensuite réutilisé)
MATRIX_ACCESS_TOKEN            ou un jeton d'accès existant (alors pas de mot de passe)
MATRIX_DEVICE_ID               identifiant fixe de l'appareil du robot (défaut AMOBRIDGE)
MATRIX_DEVICE_NAME             nom affiché de l'appareil (défaut « Assistant AMO »)
MATRIX_STORE_DIR               dossier des clés de chiffrement, du jeton et du secret (défaut .matrix-store)
MATRIX_ALLOWED_INVITERS        domaines ou comptes autorisés à inviter le robot (vide = tous)
RASA_URL                       URL de Rasa (défaut http://localhost:5005)
RASA_TIMEOUT                   délai de réponse de Rasa en secondes (défaut 30)
BRIDGE_SECRET                  secret du HMAC des conversations (sinon généré dans le dossier)
BRIDGE_ROOM_MIN_INTERVAL       secondes entre deux envois dans un salon (défaut 1)
BRIDGE_MAX_BACKOFF             attente maximale entre deux reconnexions, en s (défaut 60)
BRIDGE_LOG_LEVEL               DEBUG, INFO (défaut), WARNING…
FICHES_PUBLIC_URL              début des liens des fiches de cadrage (celui du serveur d'actions,
                               défaut http://localhost:5055) : seuls ces liens sont joints en fichier
BRIDGE_FICHES_URL              adresse où le pont télécharge les fiches (défaut FICHES_PUBLIC_URL ;
                               par exemple l'adresse interne du serveur d'actions)
BRIDGE_FICHE_FILES             1 (défaut) : la fiche est aussi envoyée en fichier PDF ; 0 : lien seul
BRIDGE_FICHE_TIMEOUT           délai de téléchargement d'une fiche, en s (défaut 60 : le PDF est
                               produit à la première demande)
=============================  =====================================================
"""
from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Mapping, MutableMapping, Optional, Tuple

from bridge.fiche import check_base_url

DEFAULT_DEVICE_ID = "AMOBRIDGE"
DEFAULT_DEVICE_NAME = "Assistant AMO"
DEFAULT_STORE_DIR = ".matrix-store"
DEFAULT_RASA_URL = "http://localhost:5005"
DEFAULT_FICHES_URL = "http://localhost:5055"
SECRET_FILE = "sender-secret"
CREDENTIALS_FILE = "credentials.json"

_USER_ID = re.compile(r"^@[^:\s]+:[^\s]+$")
_DEVICE_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$")


class ConfigError(Exception):
    """Configuration incomplète ou invalide (message en français, pour l'exploitant)."""


def parse_dotenv(text: str) -> Dict[str, str]:
    """``KEY=valeur`` par ligne ; lignes vides et ``#`` ignorées ; ``export``
    permis ; valeurs entre guillemets simples (telles quelles) ou doubles
    (``\\n``, ``\\"`` et ``\\\\`` interprétés) ; ``# commentaire`` en fin de
    valeur non citée ignoré."""
    values: Dict[str, str] = {}
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        match = _LINE.match(raw)
        if not match:
            continue
        key, value = match.group(1), match.group(2)
        if len(value) >= 2 and value[0] == value[-1] == "'":
            value = value[1:-1]
        elif len(value) >= 2 and value[0] == value[-1] == '"':
            value = re.sub(r'\\([n"\\])', lambda m: "\n" if m.group(1) == "n" else m.group(1), value[1:-1])
        else:
            value = re.split(r"\s+#", value, maxsplit=1)[0].strip()
        values[key] = value
    return values


def load_dotenv(path: Path, environ: MutableMapping[str, str]) -> bool:
    """Ajoute à ``environ`` les variables de ``path`` qui n'y sont pas déjà."""
    if not path.is_file():
        return False
    for key, value in parse_dotenv(path.read_text(encoding="utf-8")).items():
        environ.setdefault(key, value)
    return True


def _float(env: Mapping[str, str], name: str, default: float, minimum: float = 0.0) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} doit être un nombre (reçu « {raw} »).") from None
    if value < minimum:
        raise ConfigError(f"{name} doit être au moins {minimum:g} (reçu « {raw} »).")
    return value


_TRUE = ("1", "true", "yes", "oui", "on")
_FALSE = ("0", "false", "no", "non", "off")


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ConfigError(f"{name} doit valoir 1 ou 0 (reçu « {raw} »).")


@dataclass(frozen=True)
class Config:
    homeserver: str
    user_id: str
    password: Optional[str] = field(default=None, repr=False)
    access_token: Optional[str] = field(default=None, repr=False)
    device_id: str = DEFAULT_DEVICE_ID
    device_name: str = DEFAULT_DEVICE_NAME
    store_dir: Path = Path(DEFAULT_STORE_DIR)
    rasa_url: str = DEFAULT_RASA_URL
    rasa_timeout: float = 30.0
    room_min_interval: float = 1.0
    max_backoff: float = 60.0
    allowed_inviters: Tuple[str, ...] = ()
    secret: Optional[str] = field(default=None, repr=False)
    log_level: str = "INFO"
    fiches_public_url: str = DEFAULT_FICHES_URL
    fiches_url: str = DEFAULT_FICHES_URL
    fiche_files: bool = True
    fiche_timeout: float = 60.0

    @property
    def server_name(self) -> str:
        return self.user_id.split(":", 1)[1]

    def inviter_allowed(self, user_id: str) -> bool:
        """Un compte peut-il inviter le robot ? (liste vide : tout le monde)."""
        if not self.allowed_inviters:
            return True
        domain = user_id.split(":", 1)[1] if ":" in user_id else ""
        for allowed in self.allowed_inviters:
            if allowed.startswith("@"):
                if user_id == allowed:
                    return True
            elif domain == allowed or domain.endswith("." + allowed):
                return True
        return False

    @property
    def credentials_path(self) -> Path:
        return self.store_dir / CREDENTIALS_FILE


def from_env(environ: Optional[Mapping[str, str]] = None) -> Config:
    """La configuration lue dans ``environ`` (par défaut ``os.environ`` + ``.env``)."""
    if environ is None:
        env: Dict[str, str] = dict(os.environ)
        load_dotenv(Path(env.get("BRIDGE_ENV_FILE", ".env")), env)
    else:
        env = dict(environ)

    def get(name: str, default: str = "") -> str:
        return env.get(name, "").strip() or default

    missing = [n for n in ("MATRIX_HOMESERVER", "MATRIX_USER_ID") if not get(n)]
    password, token = env.get("MATRIX_PASSWORD") or None, get("MATRIX_ACCESS_TOKEN") or None
    if not password and not token:
        missing.append("MATRIX_PASSWORD ou MATRIX_ACCESS_TOKEN")
    if missing:
        raise ConfigError("Variables manquantes : " + ", ".join(missing)
                          + " (voir bridge/.env.example).")

    homeserver = get("MATRIX_HOMESERVER").rstrip("/")
    if not re.match(r"^https?://[^/\s]+", homeserver):
        raise ConfigError(f"MATRIX_HOMESERVER doit être une URL http(s) (reçu « {homeserver} »).")
    user_id = get("MATRIX_USER_ID")
    if not _USER_ID.match(user_id):
        raise ConfigError(f"MATRIX_USER_ID doit avoir la forme @nom:serveur (reçu « {user_id} »).")
    device_id = get("MATRIX_DEVICE_ID", DEFAULT_DEVICE_ID)
    if not _DEVICE_ID.match(device_id):
        raise ConfigError("MATRIX_DEVICE_ID : lettres, chiffres, « _ », « - » ou « . » seulement.")
    rasa_url = get("RASA_URL", DEFAULT_RASA_URL).rstrip("/")
    if not re.match(r"^https?://[^/\s]+", rasa_url):
        raise ConfigError(f"RASA_URL doit être une URL http(s) (reçu « {rasa_url} »).")
    fiches_public_url = get("FICHES_PUBLIC_URL", DEFAULT_FICHES_URL).rstrip("/")
    fiches_url = get("BRIDGE_FICHES_URL", fiches_public_url).rstrip("/")
    for name, url in (("FICHES_PUBLIC_URL", fiches_public_url), ("BRIDGE_FICHES_URL", fiches_url)):
        problem = check_base_url(url)
        if problem:
            raise ConfigError(f"{name} : {problem} (reçu « {url} »).")
    inviters = tuple(x.strip() for x in re.split(r"[,\s]+", get("MATRIX_ALLOWED_INVITERS")) if x.strip())
    return Config(
        homeserver=homeserver,
        user_id=user_id,
        password=password,
        access_token=token,
        device_id=device_id,
        device_name=get("MATRIX_DEVICE_NAME", DEFAULT_DEVICE_NAME),
        store_dir=Path(get("MATRIX_STORE_DIR", DEFAULT_STORE_DIR)).expanduser(),
        rasa_url=rasa_url,
        rasa_timeout=_float(env, "RASA_TIMEOUT", 30.0, minimum=1.0),
        room_min_interval=_float(env, "BRIDGE_ROOM_MIN_INTERVAL", 1.0),
        max_backoff=_float(env, "BRIDGE_MAX_BACKOFF", 60.0, minimum=1.0),
        allowed_inviters=inviters,
        secret=env.get("BRIDGE_SECRET") or None,
        log_level=get("BRIDGE_LOG_LEVEL", "INFO").upper(),
        fiches_public_url=fiches_public_url,
        fiches_url=fiches_url,
        fiche_files=_bool(env, "BRIDGE_FICHE_FILES", True),
        fiche_timeout=_float(env, "BRIDGE_FICHE_TIMEOUT", 60.0, minimum=1.0),
    )


def ensure_store_dir(path: Path) -> Path:
    """Crée le dossier de stockage, lisible par son seul propriétaire."""
    path.mkdir(parents=True, exist_ok=True)
    try:
        path.chmod(0o700)
    except OSError:
        pass
    return path


def write_private(path: Path, text: str) -> None:
    """Écrit ``text`` dans ``path`` (droits 0600), de façon atomique."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def load_secret(config: Config) -> bytes:
    """Le secret du HMAC : ``BRIDGE_SECRET``, sinon celui du dossier de stockage
    (généré au premier lancement). Le changer change toutes les conversations."""
    if config.secret:
        return config.secret.encode("utf-8")
    path = ensure_store_dir(config.store_dir) / SECRET_FILE
    if path.is_file():
        value = path.read_text(encoding="utf-8").strip()
        if value:
            return value.encode("utf-8")
    value = secrets.token_hex(32)
    write_private(path, value + "\n")
    return value.encode("utf-8")
