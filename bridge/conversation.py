"""Une conversation Rasa par (salon, utilisateur) : identifiant et derniers boutons.

Bibliothèque standard seulement.

L'identifiant envoyé à Rasa (``sender``) est un HMAC-SHA256 de l'identifiant du
salon et de celui de l'utilisateur, avec un secret propre à l'installation : il
est stable (la conversation reprend après un redémarrage du pont tant que Rasa
garde son historique), ne révèle ni l'adresse Matrix ni le salon (les journaux
et la base de Rasa ne contiennent pas d'identifiants Tchap) et ne peut pas être
deviné sans le secret.

Chaque message relayé porte aussi un identifiant (``message_id`` du canal REST)
tiré de l'identifiant de l'événement Matrix, HMAC avec le même secret : un
événement vu deux fois (deux processus du pont pendant un déploiement, un
événement redélivré après que la mémoire du pont l'a oublié) reçoit de Rasa les
réponses enregistrées la première fois, sans être traité ni compté une seconde
fois. Les réponses du robot à un événement sont envoyées avec des identifiants
de transaction Matrix tirés de lui aussi (``reply_txn_id``) : le serveur Matrix
ne publie pas deux fois la même réponse du même appareil.
"""
from __future__ import annotations

import hashlib
import hmac
import time
from collections import OrderedDict
from typing import Callable, Hashable, Optional, Tuple

from bridge.formatting import Button

SENDER_PREFIX = "mx-"
# Le canal REST accepte [A-Za-z0-9_.:-]{1,64} : « mx- » et 40 chiffres hexadécimaux.
MESSAGE_ID_HEX = 40


def sender_id(secret: bytes, room_id: str, user_id: str) -> str:
    """Identifiant Rasa de la conversation de ``user_id`` dans ``room_id``."""
    if not secret:
        raise ValueError("secret vide")
    message = room_id.encode("utf-8") + b"\x1f" + user_id.encode("utf-8")
    return SENDER_PREFIX + hmac.new(secret, message, hashlib.sha256).hexdigest()


def message_id(secret: bytes, event_id: str) -> str:
    """``message_id`` envoyé à Rasa pour l'événement Matrix ``event_id`` (qui
    contient « $ » et « : », refusés par le canal REST) : stable, propre à
    l'installation, sans rien révéler de l'événement."""
    if not secret:
        raise ValueError("secret vide")
    digest = hmac.new(secret, b"event\x1f" + event_id.encode("utf-8"), hashlib.sha256)
    return SENDER_PREFIX + digest.hexdigest()[:MESSAGE_ID_HEX]


def reply_txn_id(event_id: str, part: str) -> str:
    """Identifiant de transaction Matrix de la partie ``part`` (« reponse »,
    « fiche-0 »…) de la réponse à ``event_id`` : renvoyée une seconde fois par
    le même appareil, elle n'est pas publiée de nouveau (le serveur reconnaît
    la transaction). ``part`` distingue aussi une réponse « service
    indisponible » de la vraie réponse donnée plus tard au même événement."""
    digest = hashlib.sha256(event_id.encode("utf-8")).hexdigest()[:32]
    return f"amo-{digest}-{part}"


class ChoiceMemory:
    """Les derniers boutons proposés à chaque conversation (en mémoire).

    Bornée (les conversations les plus anciennes sont oubliées au-delà de
    ``max_entries``) et les choix expirent après ``ttl`` secondes : une réponse
    « 1 » le lendemain n'est plus prise pour un choix.
    """

    def __init__(self, max_entries: int = 10_000, ttl: float = 24 * 3600,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_entries = max_entries
        self.ttl = ttl
        self._clock = clock
        self._data: "OrderedDict[Hashable, Tuple[float, Tuple[Button, ...]]]" = OrderedDict()

    def get(self, key: Hashable) -> Tuple[Button, ...]:
        item = self._data.get(key)
        if item is None:
            return ()
        stamp, buttons = item
        if self._clock() - stamp > self.ttl:
            del self._data[key]
            return ()
        return buttons

    def set(self, key: Hashable, buttons: Optional[Tuple[Button, ...]]) -> None:
        """Retient ``buttons`` (une réponse sans boutons efface les précédents)."""
        if not buttons:
            self._data.pop(key, None)
            return
        self._data[key] = (self._clock(), tuple(buttons))
        self._data.move_to_end(key)
        while len(self._data) > self.max_entries:
            self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)
