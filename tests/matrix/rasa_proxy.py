"""Rasa pour les tests du pont Matrix (bibliothèque standard seulement).

Se place entre le pont et Rasa :

- avec ``--upstream URL`` : relaie ``GET /`` et ``POST /webhooks/rest/webhook``
  vers le vrai Rasa ;
- sans : répond lui-même comme un petit Rasa factice (salutation avec menu,
  diagnostic, écho), pour développer le pont sans modèle entraîné.

Pour les tests :

- ``POST /_control {"down": true}`` : répond 503 (Rasa « arrêté ») jusqu'à
  ``{"down": false}`` ;
- ``GET /_requests`` : la liste des ``{"sender", "message", "message_id"}``
  reçus (ce que le pont a réellement envoyé à Rasa).

Le Rasa factice fait comme le canal REST (channels/guard.py) pour un message
reçu une seconde fois (même ``message_id``, même texte) : il renvoie les
réponses de la première fois (``"replayed": true`` dans le journal).

    python tests/matrix/rasa_proxy.py --port 5399 [--upstream http://127.0.0.1:5305]
"""
from __future__ import annotations

import argparse
import json
import re
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MENU = [
    {"title": "Faire le diagnostic", "payload": "/start_diagnostic"},
    {"title": "Les seuils d'achat", "payload": "/ask_procurement"},
    {"title": "Qu'est-ce qu'un AMO ?", "payload": '/ask_definition{"term": "amo"}'},
    {"title": "Parler à quelqu'un", "payload": "/human_handoff"},
]


def fake_answer(sender: str, message: str) -> list:
    """Les réponses du Rasa factice (assez proches du vrai pour les tests)."""
    text = message.strip()
    if re.match(r"(?i)^(bonjour|salut|hello)\b", text):
        return [
            {"recipient_id": sender, "text": "Bonjour. J'aide les communes à décider s'il faut recourir "
             "à un assistant à maîtrise d'ouvrage (AMO) pour un projet de transition écologique ou numérique."},
            {"recipient_id": sender, "text": "Je peux vous aider de trois façons :\n- **faire le point** sur votre besoin ;\n"
             "- **répondre à vos questions** ;\n- vous orienter vers une personne."},
            {"recipient_id": sender, "text": "Que souhaitez-vous faire ?", "buttons": MENU},
        ]
    if text == "/start_diagnostic":
        return [{"recipient_id": sender, "text": "Pour quelle structure faites-vous cette démarche ?",
                 "buttons": [{"title": "Commune", "payload": '/inform{"structure_type": "commune"}'},
                             {"title": "Intercommunalité (EPCI)", "payload": '/inform{"structure_type": "epci"}'}]}]
    if text == "/help":
        return [{"recipient_id": sender, "text": "Je peux vous aider de trois façons :\n"
                 "- **faire le point sur votre besoin** ;\n- **répondre à vos questions** ;\n"
                 "- **vous orienter** vers une personne si besoin.",
                 "buttons": MENU[:1]}]
    if text.startswith("/"):
        return [{"recipient_id": sender, "text": f"(intention {text})"}]
    return [{"recipient_id": sender, "text": f"Vous avez écrit : {text}"}]


class State:
    def __init__(self, upstream: str | None) -> None:
        self.upstream = upstream.rstrip("/") if upstream else None
        self.down = False
        self.requests: list = []
        self.answers: dict = {}        # (sender, message_id) -> (message, réponses)
        self.lock = threading.Lock()

    def fake(self, sender: str, message: str, message_id) -> tuple:
        """(réponses du Rasa factice, rejouées ?)."""
        with self.lock:
            stored = self.answers.get((sender, message_id)) if message_id else None
            if stored is not None and stored[0] == message:
                return stored[1], True
            answer = fake_answer(sender, message)
            if message_id:
                self.answers[(sender, message_id)] = (message, answer)
            return answer, False


def make_handler(state: State):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):  # silencieux
            pass

        def _send(self, status: int, payload) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _forward(self, method: str, path: str, data: bytes | None) -> None:
            """Relaie la requête vers le vrai Rasa et renvoie sa réponse telle quelle."""
            req = urllib.request.Request(state.upstream + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(req, timeout=120) as resp:
                    status, body = resp.status, resp.read()
                    ctype = resp.headers.get("Content-Type", "application/json")
            except urllib.error.HTTPError as exc:
                status, body, ctype = exc.code, exc.read(), "text/plain"
            except (urllib.error.URLError, OSError) as exc:
                return self._send(502, {"error": str(exc)})
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            if self.path == "/_requests":
                with state.lock:
                    return self._send(200, list(state.requests))
            if self.path == "/":
                if state.down:
                    return self._send(503, {"error": "down"})
                if state.upstream:
                    return self._forward("GET", "/", None)
                return self._send(200, {"version": "fake"})
            self._send(404, {"error": "not found"})

        def do_POST(self):
            body = self._body()
            if self.path == "/_control":
                state.down = bool(json.loads(body or b"{}").get("down"))
                return self._send(200, {"down": state.down})
            if self.path != "/webhooks/rest/webhook":
                return self._send(404, {"error": "not found"})
            try:
                payload = json.loads(body)
                sender, message = str(payload["sender"]), str(payload["message"])
                message_id = payload.get("message_id")
            except (ValueError, KeyError, TypeError, AttributeError):
                return self._send(400, {"error": "bad request"})
            record = {"sender": sender, "message": message, "message_id": message_id, "down": state.down}
            with state.lock:
                state.requests.append(record)
            if state.down:
                return self._send(503, {"error": "down"})
            if state.upstream:
                return self._forward("POST", "/webhooks/rest/webhook", body)
            answer, record["replayed"] = state.fake(sender, message, message_id)
            return self._send(200, answer)

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", default=None)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(State(args.upstream)))
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
