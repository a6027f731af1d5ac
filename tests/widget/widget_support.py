"""Constants and helpers shared by the widget's browser tests: ports, URLs,
a page.route stand-in for Rasa's REST channel, the real tracker's user texts."""
from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Callable, Dict, List

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts" / "widget"
AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
MODEL = ROOT / "models" / "current.tar.gz"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

ACTIONS_PORT, RASA_PORT, WEB_PORT = 5255, 5205, 8280
RASA_URL = f"http://localhost:{RASA_PORT}"
WEBHOOK = f"{RASA_URL}/webhooks/rest/webhook"
BASE = f"http://127.0.0.1:{WEB_PORT}"           # the origin allowed by Rasa's --cors
DEMO = f"{BASE}/demo/"
DEMARCHES = f"{BASE}/demo/demarches.html"
STORAGE_KEY = f"amo-widget:v1:{RASA_URL}"


def tracker_user_texts(sender: str) -> List[str]:
    """What the real Rasa received from a conversation (--enable-api, tests only)."""
    with urllib.request.urlopen(f"{RASA_URL}/conversations/{sender}/tracker", timeout=10) as response:
        tracker = json.load(response)
    return [e.get("text") for e in tracker.get("events", []) if e.get("event") == "user"]


# ---------------------------------------------------------------- fake Rasa

CORS = {"Access-Control-Allow-Origin": BASE, "Access-Control-Allow-Headers": "Content-Type",
        "Access-Control-Allow-Methods": "POST, OPTIONS"}

MENU = [
    {"title": "Faire le diagnostic", "payload": "/start_diagnostic"},
    {"title": "Les seuils d'achat", "payload": "/ask_procurement"},
    {"title": "Qu'est-ce qu'un AMO\u00a0?", "payload": '/ask_definition{"term": "amo"}'},
    {"title": "Parler à quelqu'un", "payload": "/human_handoff"},
]


def default_answers(message: str) -> List[Dict]:
    if message.lower().startswith("bonjour"):
        return [
            {"text": "Bonjour. J'aide les communes, intercommunalités et syndicats à décider s'il faut "
                     "recourir à un assistant à maîtrise d'ouvrage (AMO)."},
            {"text": "Que souhaitez-vous faire\u00a0?", "buttons": MENU},
        ]
    if message == "/human_handoff":
        return [{"text": "Vous pouvez joindre **le service d'appui aux communes**\u00a0:\n"
                         "- par courriel\u00a0: appui@example.org\n"
                         "- sur le site\u00a0: https://www.example.org/appui"}]
    return [{"text": f"Réponse à\u00a0: {message}"}]


class FakeRasa:
    """page.route stand-in for Rasa's REST channel. `hold=True` keeps requests
    unanswered until release() (a slow server)."""

    def __init__(self, page, answers: Callable[[str], List[Dict]] = default_answers, hold: bool = False):
        self.page, self.answers, self.hold = page, answers, hold
        self.bodies: List[Dict] = []
        self.held: List = []
        page.route(WEBHOOK, self.handle)

    def handle(self, route) -> None:
        if route.request.method == "OPTIONS":
            route.fulfill(status=204, headers=CORS)
            return
        body = route.request.post_data_json
        self.bodies.append(body)
        if self.hold:
            self.held.append(route)
        else:
            self.answer(route)

    def answer(self, route) -> None:
        body = route.request.post_data_json
        replies = [dict(r, recipient_id=body["sender"]) for r in self.answers(body["message"])]
        route.fulfill(status=200, headers=CORS, content_type="application/json", body=json.dumps(replies))

    def wait_held(self, count: int = 1) -> None:
        """Waits until `count` requests are held (the route handler runs while
        the test waits on Playwright, so poll through it)."""
        for _ in range(150):
            if len(self.held) >= count:
                return
            self.page.wait_for_timeout(100)
        raise AssertionError(f"{len(self.held)} request(s) held, expected {count}")

    def release(self) -> None:
        self.wait_held()
        held, self.held = self.held, []
        for route in held:
            self.answer(route)

    def remove(self) -> None:
        self.page.unroute(WEBHOOK, self.handle)
