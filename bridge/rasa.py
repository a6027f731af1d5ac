"""Client du canal REST de Rasa : POST {RASA_URL}/webhooks/rest/webhook."""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List, Optional

import aiohttp

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/rest/webhook"


class RasaUnavailable(Exception):
    """Rasa n'a pas répondu correctement (arrêté, en erreur, trop lent)."""


class RasaClient:
    def __init__(self, base_url: str, timeout: float = 30.0,
                 session: Optional[aiohttp.ClientSession] = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._session = session
        self._own_session = session is None

    async def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.timeout),
                headers={"User-Agent": "amo-matrix-bridge"},
            )
            self._own_session = True
        return self._session

    async def send(self, sender: str, message: str,
                   message_id: Optional[str] = None) -> List[Dict[str, Any]]:
        """Envoie ``message`` pour la conversation ``sender`` ; renvoie les messages du robot.

        ``message_id`` : identifiant du message, le même s'il est renvoyé ; Rasa
        répond alors à la copie par les réponses déjà données (canal REST)."""
        session = await self._get_session()
        url = self.base_url + WEBHOOK_PATH
        body = {"sender": sender, "message": message}
        if message_id:
            body["message_id"] = message_id
        try:
            async with session.post(url, json=body) as resp:
                if resp.status != 200:
                    body = (await resp.text())[:200]
                    raise RasaUnavailable(f"HTTP {resp.status} : {body}")
                data = await resp.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            raise RasaUnavailable(f"{type(exc).__name__} : {exc}") from exc
        if not isinstance(data, list):
            raise RasaUnavailable(f"réponse inattendue : {str(data)[:200]}")
        return [m for m in data if isinstance(m, dict)]

    async def healthy(self) -> bool:
        """Rasa répond-il sur ``/`` ?"""
        session = await self._get_session()
        try:
            async with session.get(self.base_url + "/", timeout=aiohttp.ClientTimeout(total=5)) as resp:
                return resp.status == 200
        except (aiohttp.ClientError, asyncio.TimeoutError):
            return False

    async def close(self) -> None:
        if self._own_session and self._session is not None and not self._session.closed:
            await self._session.close()
