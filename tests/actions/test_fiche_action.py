"""The fiche de cadrage in the chat (real trackers) and its download route."""
from __future__ import annotations

import asyncio
import datetime as dt
import http.client
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from actions.slots import DIAGNOSTIC_SLOTS

from actions import clock
import actions.fiche as action_fiche
from actions.advice import ActionGiveAdvice
from actions.faq import ActionAnswerQuestion
from actions.fiche import ActionSendFiche, link_message
from actions.server import create_app, serve_fiche
from assistant.fiche_store import save_fiche
from tests.net import free_port

ROOT = Path(__file__).resolve().parents[2]
PROFILE = {
    "structure_type": "commune", "population": 800, "project": "étude énergie <b>mairie</b>",
    "theme": "energie", "need_kinds": ["expertise"], "duration": "ponctuel",
    "internal_resources": "aucune", "partners_status": "consultes_insuffisant",
    "sponsor": "non", "amount": 45000.0,
}
LINK = re.compile(r"\[la fiche en PDF\]\((https://amo\.exemple\.fr/fiches/([\w-]{22})\.pdf)\)"
                  r" · \[la version texte\]\((https://amo\.exemple\.fr/fiches/[\w-]{22}\.md)\)")


@pytest.fixture(autouse=True)
def setting(monkeypatch, tmp_path):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 11, 22))
    monkeypatch.setenv("FICHES_DIR", str(tmp_path))
    monkeypatch.setenv("FICHES_PUBLIC_URL", "https://amo.exemple.fr/")
    return tmp_path


def _fiche_message(result):
    found = [m for m in result.messages if m.get("custom")]
    assert len(found) == 1, result.messages
    return found[0]


def test_end_of_diagnostic_ends_with_the_link(tracker_for, run, setting):
    result = run(ActionGiveAdvice(), tracker_for(slots=PROFILE))
    message = _fiche_message(result)
    match = LINK.search(message["text"])
    assert match, message["text"]
    assert message["custom"] == {"fiche": {"pdf": match.group(1), "markdown": match.group(3)}}
    assert result.texts[-1] == message["text"] and "Source" in result.texts[-2]
    assert "Ce lien est personnel" in message["text"] and "\n\n" not in message["text"]
    fiche_id = match.group(2)
    markdown = (setting / f"{fiche_id}.md").read_text(encoding="utf-8")
    assert "**Faire appel à un assistant à maîtrise d'ouvrage (AMO)**" in markdown
    assert "\\<b\\>mairie\\</b\\>" in markdown
    assert (setting / f"{fiche_id}.html").exists()
    assert result.slots == {"diagnostic_done": True}


def test_summary_on_request(tracker_for, run, setting):
    tracker = tracker_for(text="envoyez-moi la synthèse", intent="ask_summary",
                          slots={**PROFILE, "diagnostic_done": True})
    result = run(ActionAnswerQuestion(), tracker)
    # maire M10 / fresh M3: on a phone, the answers themselves first, then the links
    assert len(result.messages) == 2 and result.texts[0].startswith("Ce que j'ai noté")
    noted = result.texts[0].split("\n")[1:]
    assert len(noted) == sum(1 for k in PROFILE if k in DIAGNOSTIC_SLOTS and PROFILE[k] is not None)
    fiche_id = LINK.search(_fiche_message(result)["text"]).group(2)
    assert "Perte de compétences" in (setting / f"{fiche_id}.md").read_text(encoding="utf-8")


def test_summary_before_the_diagnostic_writes_nothing(tracker_for, run, setting):
    result = run(ActionAnswerQuestion(), tracker_for(text="la synthese", intent="ask_summary"))
    assert result.buttons[0]["payload"] == "/start_diagnostic"
    assert not list(setting.iterdir())


def test_summary_during_the_diagnostic_is_provisional(tracker_for, run, setting):
    """« envoyez-moi la synthèse » at any time: what is known so far, the rest left open."""
    partial = {"structure_type": "commune", "population": 800, "project": "étude énergie",
               "theme": "energie"}
    result = run(ActionAnswerQuestion(), tracker_for(text="envoyez-moi la synthèse",
                                                     intent="ask_summary", slots=partial,
                                                     active_loop="diagnostic_form"))
    assert "provisoire" in result.texts[0]
    assert result.texts[1].replace("\u202f", " ").replace("\u00a0", " ").split("\n") == [
        "Ce que j'ai noté :", "- Commune", "- 800 habitants", "- Projet « étude énergie »",
        "- Énergie, bâtiments"]
    fiche_id = LINK.search(_fiche_message(result)["text"]).group(2)
    markdown = (setting / f"{fiche_id}.md").read_text(encoding="utf-8")
    assert "800" in markdown and "étude énergie" in markdown
    assert "non renseigné" in markdown.lower() or "inconnu" in markdown.lower(), markdown[:1500]


def test_an_answer_i_do_not_know_is_noted_with_its_question(tracker_for, run, setting):
    """maire M10: the provisional summary listed « - Je ne sais pas » without
    saying for which question."""
    partial = {"structure_type": "commune", "need_kinds": ["inconnu"], "duration": "durable",
               "internal_resources": "inconnu"}
    result = run(ActionAnswerQuestion(), tracker_for(text="recap", intent="ask_summary", slots=partial,
                                                     active_loop="diagnostic_form"))
    noted = result.texts[1].replace("\u202f", " ").replace("\u00a0", " ").split("\n")
    assert noted == ["Ce que j'ai noté :", "- Commune", "- Type de besoin : je ne sais pas",
                     "- Besoin durable (plusieurs années, récurrent)",
                     "- Ressources internes : je ne sais pas"]


def test_action_send_fiche(tracker_for, run, setting):
    result = run(ActionSendFiche(), tracker_for(slots={**PROFILE, "partners_status": "non_consultes"}))
    fiche_id = LINK.search(_fiche_message(result)["text"]).group(2)
    assert "Consulter d'abord vos partenaires publics" in (setting / f"{fiche_id}.md").read_text(encoding="utf-8")


def test_when_the_fiche_fails_the_chat_goes_on(tracker_for, run, monkeypatch, setting):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(action_fiche, "write_fiche", broken)
    summary = run(ActionAnswerQuestion(), tracker_for(text="synthèse", intent="ask_summary",
                                                      slots={**PROFILE, "diagnostic_done": True}))
    assert summary.texts[0].startswith("Ce que j'ai noté")       # the answers, then the failure
    assert summary.texts[1].startswith("Je n'ai pas pu produire") and "seuil de dispense" in summary.text
    advice = run(ActionGiveAdvice(), tracker_for(slots=PROFILE))
    assert "seuil de dispense" in advice.text and not any(m.get("custom") for m in advice.messages)
    assert "Source" in advice.texts[-1] and advice.slots == {"diagnostic_done": True}


def test_rest_channel_returns_the_text_with_the_custom_payload(tracker_for, run):
    """One item: a plain REST client that shows each item's text no longer
    shows « None » for a text-less custom item (live test, session 15)."""
    from channels.rest import RestCollector

    result = run(ActionAnswerQuestion(), tracker_for(text="synthèse", intent="ask_summary",
                                                     slots={**PROFILE, "diagnostic_done": True}))
    channel = RestCollector()
    message = {k: v for k, v in _fiche_message(result).items() if v not in (None, [], "")}
    asyncio.run(channel.send_response("user", message))
    (item,) = channel.messages
    assert LINK.search(item["text"]) and set(item) == {"recipient_id", "text", "custom"}
    assert set(item["custom"]["fiche"]) == {"pdf", "markdown"}
    # a custom payload alone, and a text alone, stay items of their own
    asyncio.run(channel.send_response("user", {"custom": {"kind": "progress"}}))
    asyncio.run(channel.send_response("user", {"text": "Bonjour.\n\nSuite."}))
    assert channel.messages[1:] == [{"recipient_id": "user", "custom": {"kind": "progress"}},
                                    {"recipient_id": "user", "text": "Bonjour."},
                                    {"recipient_id": "user", "text": "Suite."}]
    asyncio.run(channel.send_response("user", {"text": "A\n\nB", "custom": {"x": 1}}))
    assert channel.messages[-2:] == [{"recipient_id": "user", "text": "A"},
                                     {"recipient_id": "user", "text": "B", "custom": {"x": 1}}]


def test_link_message_typography():
    text = link_message({"pdf": "http://localhost:5055/fiches/x.pdf", "markdown": "http://localhost:5055/fiches/x.md"})
    assert "prête\u00a0: [la fiche en PDF](http://localhost:5055/fiches/x.pdf)" in text
    assert not re.search(r" [:;?!]", text)


# --------------------------------------------------------------------------- #
# The route, called directly
# --------------------------------------------------------------------------- #

def _serve(name: str):
    return asyncio.run(serve_fiche(None, name))


def test_route_serves_markdown_with_safe_headers(setting):
    stored = save_fiche("# Fiche de cadrage\n", "<p>x</p>", setting)
    reply = _serve(f"{stored.id}.md")
    assert reply.status == 200 and reply.body == b"# Fiche de cadrage\n"
    assert reply.content_type == "text/markdown; charset=utf-8"
    headers = {k.lower(): v for k, v in reply.headers.items()}
    assert headers["cache-control"] == "no-store" and headers["x-content-type-options"] == "nosniff"
    assert headers["content-disposition"].startswith("attachment; filename=")


def test_route_renders_the_pdf(setting):
    pytest.importorskip("weasyprint", reason="bash scripts/install-fiche-deps.sh")
    stored = save_fiche("# x", "<html><body><h1>Fiche</h1></body></html>", setting)
    reply = _serve(f"{stored.id}.pdf")
    assert reply.status == 200 and reply.body.startswith(b"%PDF-") and reply.content_type == "application/pdf"
    assert {k.lower(): v for k, v in reply.headers.items()}["content-disposition"].startswith("inline;")


@pytest.mark.parametrize("name", [
    "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "A" * 22 + ".pdf", "A" * 22 + ".md", "H" * 22 + ".html",
    "A" * 21 + ".md", "A" * 22 + ".md.bak", ".md", "", "A" * 22,
])
def test_route_refuses_bad_or_unknown_ids(setting, name):
    save_fiche("# x", "<p>x</p>", setting)
    (setting / ("H" * 22 + ".html")).write_text("<p>stored, never served as is</p>")
    reply = _serve(name)
    assert reply.status == 404 and b"introuvable" in reply.body.lower()


def test_pdf_failure_is_a_503(setting, monkeypatch):
    import actions.server as server

    def broken(fiche_id):
        raise OSError("no pango")

    monkeypatch.setattr(server, "ensure_pdf", broken)
    assert _serve("B" * 22 + ".pdf").status == 503


def test_create_app_keeps_the_sdk_routes_and_adds_the_fiches():
    from sanic import Sanic

    Sanic.test_mode = True       # several apps in one test process
    app = create_app("actions")
    paths = {route.path for route in app.router.routes}
    assert {"health", "webhook", "actions", "fiches/<name:str>"} <= paths


# --------------------------------------------------------------------------- #
# The real server: python -m actions.server
# --------------------------------------------------------------------------- #

def _get(port: int, path: str):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    reply = conn.getresponse()
    return reply.status, dict(reply.getheaders()), reply.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    directory = tmp_path_factory.mktemp("fiches")
    port = free_port()
    env = {**os.environ, "FICHES_DIR": str(directory), "PYTHONPATH": str(ROOT), "SANIC_HOST": "127.0.0.1"}
    process = subprocess.Popen([sys.executable, "-m", "actions.server", "--port", str(port)], cwd=ROOT,
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 90
        while True:
            try:
                if _get(port, "/health")[0] == 200:
                    break
            except OSError:
                pass
            assert time.time() < deadline and process.poll() is None, "the action server did not start"
            time.sleep(0.5)
        yield port, directory
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_real_server_serves_fiches_and_refuses_traversal(server):
    port, directory = server
    stored = save_fiche("# Fiche de cadrage\n", "<p>x</p>", directory)
    status, headers, body = _get(port, f"/fiches/{stored.id}.md")
    assert status == 200 and body == b"# Fiche de cadrage\n" and headers["Cache-Control"] == "no-store"
    for path in ("/fiches/../../etc/passwd", "/fiches/..%2F..%2Fetc%2Fpasswd", f"/fiches/{stored.id}.html",
                 f"/fiches/%2e%2e%2f{stored.id}.md", "/fiches/" + "C" * 22 + ".pdf", "/nothing"):
        assert _get(port, path)[0] == 404, path
    assert json.loads(_get(port, "/health")[2]) == {"status": "ok"}


AGAIN = "bonjour j'ai deja fait le diagnostic hier, je voudrais revoir les conseils"


def test_the_result_asked_again_with_none_here_says_where_to_find_it(tracker_for, run, setting):
    """Live test, session 23: « bonjour j'ai deja fait le diagnostic hier, je
    voudrais revoir les conseils » (start_diagnostic 0.67) began a new
    diagnostic without a word. No result in this conversation: said, the
    fiche's link named, the diagnostic offered; nothing reset, no fiche."""
    from actions.diagnostic import ActionStartDiagnostic

    result = run(ActionStartDiagnostic(), tracker_for(text=AGAIN, intent="start_diagnostic"))
    assert result.texts[0].startswith("Je ne retrouve pas de diagnostic terminé"), result.texts
    assert "fiche de cadrage" in result.texts[0] and len(result.messages) == 1
    assert result.buttons == [{"title": "Faire le diagnostic", "payload": "/start_diagnostic"}]
    assert [(e.get("event"), e.get("name")) for e in result.events] == [("followup", "action_listen")]
    assert not list(setting.iterdir())


@pytest.mark.parametrize("intent", ["start_diagnostic", "restart_diagnostic"])
def test_the_result_asked_again_after_the_diagnostic_is_the_summary(tracker_for, run, setting, intent):
    """The same words once the diagnostic is done: the answers noted and the
    fiche again, not a reset of every answer."""
    from actions.diagnostic import ActionResetDiagnostic, ActionStartDiagnostic

    tracker = tracker_for(text=AGAIN, intent=intent, slots={**PROFILE, "diagnostic_done": True})
    if intent == "restart_diagnostic":
        # (its rule runs action_reset_diagnostic first)
        assert run(ActionResetDiagnostic(), tracker).events == []
    result = run(ActionStartDiagnostic(), tracker)
    assert result.texts[0].startswith("Ce que j'ai noté"), result.texts
    assert _fiche_message(result) and not result.slots, result.events


@pytest.mark.parametrize("done", [True, False])
def test_the_result_asked_again_not_understood(tracker_for, run, setting, done):
    """« je voudrais revoir les conseils » (nlu_fallback 0.30): the summary if
    the diagnostic is done, else where to find it, not « Vouliez-vous… »."""
    from actions.hygiene import ActionDefaultAskAffirmation

    slots = {**PROFILE, "diagnostic_done": True} if done else {}
    result = run(ActionDefaultAskAffirmation(),
                 tracker_for(text="je voudrais revoir les conseils", intent="nlu_fallback", slots=slots))
    first = "Ce que j'ai noté" if done else "Je ne retrouve pas de diagnostic terminé"
    assert result.texts[0].startswith(first), result.texts
    assert "Vouliez-vous" not in result.text
