"""Parties pures du pont Matrix : mise en forme, choix, identifiants, débit, configuration.

Bibliothèque standard seulement : ces tests passent avec l'environnement de
Rasa (``make test-unit``) comme avec celui du pont (``scripts/test-matrix.sh``).
"""
from __future__ import annotations

import asyncio
import re

import pytest

from bridge.config import ConfigError, from_env, load_secret, parse_dotenv
from bridge.conversation import ChoiceMemory, sender_id
from bridge.formatting import (
    CHOICE_HINT,
    UNAVAILABLE_TEXT,
    Button,
    fold,
    format_response,
    markdown_to_html,
    markdown_to_plain,
    parse_buttons,
    render_choices,
    resolve_choice,
    strip_reply_fallback,
    unavailable_reply,
)
from bridge.ratelimit import Backoff, RoomQueues, RoomRateLimiter

MENU = (
    Button("Faire le diagnostic", "/start_diagnostic"),
    Button("Les seuils d'achat", "/ask_procurement"),
    Button("Qu'est-ce qu'un AMO ?", '/ask_definition{"term": "amo"}'),
    Button("Parler à quelqu'un", "/human_handoff"),
)


# -- boutons → choix numérotés -------------------------------------------------

def test_buttons_become_numbered_choices_with_hint():
    reply = format_response([
        {"recipient_id": "x", "text": "Bonjour."},
        {"recipient_id": "x", "text": "Que souhaitez-vous faire ?",
         "buttons": [{"title": b.title, "payload": b.payload} for b in MENU]},
    ])
    assert reply.body == (
        "Bonjour.\n\nQue souhaitez-vous faire ?\n\n"
        "1. Faire le diagnostic\n2. Les seuils d'achat\n3. Qu'est-ce qu'un AMO ?\n"
        "4. Parler à quelqu'un\n\n" + CHOICE_HINT
    )
    assert reply.buttons == MENU
    assert "<ol><li>Faire le diagnostic</li><li>Les seuils d'achat</li>" in reply.html
    assert reply.html.endswith(f"<p><em>{CHOICE_HINT}</em></p>")
    content = reply.content()
    assert content["msgtype"] == "m.text"
    assert content["format"] == "org.matrix.custom.html"
    assert content["formatted_body"] == reply.html and content["body"] == reply.body


def test_buttons_of_several_messages_are_numbered_in_sequence():
    reply = format_response([
        {"text": "A", "buttons": [{"title": "Oui", "payload": "/affirm"}]},
        {"text": "B", "buttons": [{"title": "Non", "payload": "/deny"}]},
    ])
    assert "1. Oui" in reply.body and "2. Non" in reply.body
    assert '<ol start="2"><li>Non</li></ol>' in reply.html
    assert reply.body.count(CHOICE_HINT) == 1
    assert [b.payload for b in reply.buttons] == ["/affirm", "/deny"]


def test_response_without_buttons_has_no_hint():
    reply = format_response([{"text": "Au revoir."}])
    assert reply.body == "Au revoir." and reply.buttons == ()
    assert CHOICE_HINT not in reply.body


def test_empty_or_malformed_responses():
    assert format_response([]).empty
    assert format_response(None).empty
    assert format_response([{"custom": {"x": 1}}, "texte", 3]).empty
    reply = format_response([{"buttons": [{"title": "Seul", "payload": "/x"}]}])
    assert reply.body == "1. Seul\n\n" + CHOICE_HINT


def test_parse_buttons_skips_invalid_and_defaults_payload_to_title():
    raw = [{"title": " Commune ", "payload": "/inform"}, {"title": ""}, {"payload": "/x"}, "bouton",
           {"title": "Autre"}]
    assert parse_buttons(raw) == (Button("Commune", "/inform"), Button("Autre", "Autre"))
    assert parse_buttons(None) == ()


def test_button_titles_are_escaped():
    plain, rich = render_choices([Button("<b>Gras</b> & co", "/x")])
    assert plain == "1. <b>Gras</b> & co"
    assert rich == "<ol><li>&lt;b&gt;Gras&lt;/b&gt; &amp; co</li></ol>"


def test_image_becomes_link_and_unsafe_image_is_dropped():
    reply = format_response([{"image": "https://example.org/a.png"}, {"image": "javascript:alert(1)"}])
    assert reply.body == "https://example.org/a.png"
    assert 'href="https://example.org/a.png"' in reply.html and "javascript" not in reply.html


# -- réponse par numéro ou par titre -----------------------------------------------

@pytest.mark.parametrize("text, payload", [
    ("1", "/start_diagnostic"),
    (" 2 ", "/ask_procurement"),
    ("2.", "/ask_procurement"),
    ("3)", '/ask_definition{"term": "amo"}'),
    ("n° 4", "/human_handoff"),
    ("No 4", "/human_handoff"),
    ("choix 1", "/start_diagnostic"),
    ("faire le diagnostic", "/start_diagnostic"),
    ("FAIRE LE DIAGNOSTIC !", "/start_diagnostic"),
    ("les seuils d’achat", "/ask_procurement"),
    ("Les Seuils D'Achat", "/ask_procurement"),
    ("qu est ce qu un amo", '/ask_definition{"term": "amo"}'),
    ("Qu’est-ce qu’un AMO\u00a0?", '/ask_definition{"term": "amo"}'),
    ("parler a quelqu'un", "/human_handoff"),
    ("PARLER À QUELQU'UN", "/human_handoff"),
    ("1. Faire le diagnostic", "/start_diagnostic"),
])
def test_resolve_choice(text, payload):
    assert resolve_choice(text, MENU) == payload


@pytest.mark.parametrize("text", [
    "0", "5", "12", "1 bonjour", "2. Faire le diagnostic", "diagnostic", "faire le diagnostic svp",
    "", "   ", "?", "1200 habitants",
])
def test_resolve_choice_rejects(text):
    assert resolve_choice(text, MENU) is None


def test_resolve_choice_without_buttons():
    assert resolve_choice("1", ()) is None
    assert resolve_choice("Faire le diagnostic", []) is None


def test_fold():
    assert fold("Énergie, BÂTIMENTS") == "energie batiments"
    assert fold("Œuvre  d’art") == "oeuvre d art"
    assert fold(None) == ""


# -- Markdown → HTML ------------------------------------------------------------

def test_bold_list_and_link_to_html():
    text = ("Je peux vous aider :\n- **faire le point** sur votre besoin ;\n"
            "- voir [le guide](https://example.org/guide?a=1&b=2).")
    assert markdown_to_html(text) == (
        "<p>Je peux vous aider :</p><ul><li><strong>faire le point</strong> sur votre besoin ;</li>"
        '<li>voir <a href="https://example.org/guide?a=1&amp;b=2">le guide</a>.</li></ul>'
    )
    assert markdown_to_plain(text) == (
        "Je peux vous aider :\n- faire le point sur votre besoin ;\n"
        "- voir le guide (https://example.org/guide?a=1&b=2)."
    )


def test_html_of_the_bot_text_is_escaped():
    text = '<script>alert("x")</script> & <b>gras</b> **vrai gras**'
    out = markdown_to_html(text)
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;" in out and "&amp;" in out
    assert "<strong>vrai gras</strong>" in out


def test_unsafe_link_targets_are_not_linked():
    out = markdown_to_html("[clic](javascript:alert(1)) et [ok](https://a.fr)")
    assert 'href="javascript' not in out
    assert '<a href="https://a.fr">ok</a>' in out


def test_link_attribute_cannot_be_broken_out_of():
    out = markdown_to_html('[x](https://a.fr/"onmouseover="alert(1)) <a href=x onclick=y>')
    # Le seul élément <a> produit n'a qu'un attribut href sûr ; le reste est du texte.
    assert re.findall(r"<a [^>]*>", out) == ['<a href="https://a.fr/">']
    assert "&lt;a href=x onclick=y&gt;" in out


def test_bare_urls_are_linked_without_trailing_punctuation():
    out = markdown_to_html("Voir https://www.marches-publics.gouv.fr/. Merci")
    assert '<a href="https://www.marches-publics.gouv.fr/">https://www.marches-publics.gouv.fr/</a>. Merci' in out


def test_italic_paragraphs_line_breaks_and_ordered_lists():
    out = markdown_to_html("*Note* : a\nb\n\n1. un\n2. deux\n\nfin")
    assert out == "<p><em>Note</em> : a<br>b</p><ol><li>un</li><li>deux</li></ol><p>fin</p>"


def test_star_list_items_and_lone_stars():
    assert markdown_to_html("* un\n* deux") == "<ul><li>un</li><li>deux</li></ul>"
    assert markdown_to_html("3 * 4 = 12") == "<p>3 * 4 = 12</p>"


def test_plain_text_keeps_french_typography():
    text = "Montant\u00a0: 40\u202f000\u00a0€ HT\u202f!"
    assert markdown_to_plain(text) == text
    assert markdown_to_html(text) == f"<p>{text}</p>"


def test_unavailable_reply():
    reply = unavailable_reply()
    assert reply.body == UNAVAILABLE_TEXT
    assert reply.body == "Le service est momentanément indisponible, réessayez dans quelques instants."
    assert reply.buttons == ()


def test_strip_reply_fallback():
    assert strip_reply_fallback("> <@a:b> Que souhaitez-vous ?\n> 1. X\n\n1") == "1"
    assert strip_reply_fallback("Bonjour") == "Bonjour"
    assert strip_reply_fallback("") == ""


# -- conversations ----------------------------------------------------------------

def test_sender_id_is_stable_unguessable_and_per_room_and_user():
    secret = b"s" * 32
    a = sender_id(secret, "!salon:x", "@alice:x")
    assert re.fullmatch(r"mx-[0-9a-f]{64}", a)
    assert a == sender_id(secret, "!salon:x", "@alice:x")
    assert a != sender_id(secret, "!autre:x", "@alice:x")
    assert a != sender_id(secret, "!salon:x", "@bob:x")
    assert a != sender_id(b"t" * 32, "!salon:x", "@alice:x")
    # Pas d'ambiguïté entre (salon, utilisateur) collés différemment.
    assert sender_id(secret, "!a:x", "b@c:x") != sender_id(secret, "!a:xb", "@c:x")
    assert "alice" not in a
    with pytest.raises(ValueError):
        sender_id(b"", "!salon:x", "@alice:x")


def test_choice_memory_keeps_last_buttons_with_expiry_and_bound():
    now = [0.0]
    memory = ChoiceMemory(max_entries=2, ttl=100, clock=lambda: now[0])
    memory.set("a", MENU)
    assert memory.get("a") == MENU
    memory.set("a", ())
    assert memory.get("a") == ()
    memory.set("a", MENU[:1])
    memory.set("b", MENU[:2])
    memory.set("c", MENU[:3])
    assert memory.get("a") == () and len(memory) == 2
    now[0] = 101
    assert memory.get("b") == ()


# -- débit par salon ------------------------------------------------------------------

class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def __call__(self):
        return self.now

    async def sleep(self, delay):
        self.sleeps.append(round(delay, 6))
        self.now += delay


def test_rate_limiter_spaces_sends_per_room():
    clock = FakeClock()
    limiter = RoomRateLimiter(1.0, clock=clock, sleep=clock.sleep)

    async def scenario():
        waits = [await limiter.wait("!a"), await limiter.wait("!a"), await limiter.wait("!b")]
        clock.now += 0.4
        waits.append(await limiter.wait("!a"))
        clock.now += 5
        waits.append(await limiter.wait("!a"))
        return waits

    assert asyncio.run(scenario()) == [0.0, 1.0, 0.0, pytest.approx(0.6), 0.0]


def test_rate_limiter_real_time():
    limiter = RoomRateLimiter(0.05)

    async def scenario():
        loop = asyncio.get_running_loop()
        start = loop.time()
        await asyncio.gather(*(limiter.wait("!a") for _ in range(3)))
        return loop.time() - start

    assert asyncio.run(scenario()) >= 0.095


def test_room_queues_keep_order_per_room_and_survive_errors():
    seen = []

    async def handler(room, item):
        await asyncio.sleep(0.001 if room == "!a" else 0)
        if item == "boom":
            raise RuntimeError("erreur de traitement")
        seen.append((room, item))

    async def scenario():
        queues = RoomQueues(handler, max_pending=3, idle_timeout=0.05)
        results = [queues.submit("!a", i) for i in ("1", "boom", "2", "3")]
        queues.submit("!b", "x")
        await queues.join(2)
        await asyncio.sleep(0.15)  # les tâches inoccupées s'arrêtent
        idle = queues.pending()
        queues.submit("!a", "4")
        await queues.join(2)
        await queues.close()
        return results, idle, queues.submit("!a", "après")

    results, idle, after_close = asyncio.run(scenario())
    assert results == [True, True, True, False]  # file pleine au 4e
    assert [i for r, i in seen if r == "!a"] == ["1", "2", "4"]
    assert ("!b", "x") in seen
    assert idle == 0 and after_close is False


def test_backoff_grows_caps_and_resets():
    backoff = Backoff(1, 8, jitter=0.0)
    assert [backoff.next() for _ in range(6)] == [1, 2, 4, 8, 8, 8]
    backoff.reset()
    assert backoff.next() == 1
    jittered = Backoff(10, 10, jitter=0.5, rand=lambda: 1.0)
    assert jittered.next() == 5


# -- configuration ---------------------------------------------------------------------

BASE = {"MATRIX_HOMESERVER": "https://matrix.example.org/", "MATRIX_USER_ID": "@amo:example.org",
        "MATRIX_PASSWORD": "pw"}


def test_config_defaults_and_values(tmp_path):
    config = from_env(dict(BASE, MATRIX_STORE_DIR=str(tmp_path), MATRIX_ALLOWED_INVITERS="agent.tchap.gouv.fr, @x:y",
                           RASA_URL="http://127.0.0.1:5005/", BRIDGE_ROOM_MIN_INTERVAL="2"))
    assert config.homeserver == "https://matrix.example.org"
    assert config.rasa_url == "http://127.0.0.1:5005"
    assert config.device_id == "AMOBRIDGE"
    assert config.room_min_interval == 2.0
    assert config.inviter_allowed("@a:agent.tchap.gouv.fr")
    assert config.inviter_allowed("@a:sub.agent.tchap.gouv.fr")
    assert config.inviter_allowed("@x:y")
    assert not config.inviter_allowed("@a:evil.org")
    assert not config.inviter_allowed("@a:notagent.tchap.gouv.fr")
    assert "pw" not in repr(config)


def test_config_errors():
    with pytest.raises(ConfigError, match="MATRIX_PASSWORD ou MATRIX_ACCESS_TOKEN"):
        from_env({"MATRIX_HOMESERVER": "https://a", "MATRIX_USER_ID": "@a:b"})
    with pytest.raises(ConfigError, match="MATRIX_USER_ID"):
        from_env(dict(BASE, MATRIX_USER_ID="amo"))
    with pytest.raises(ConfigError, match="MATRIX_HOMESERVER"):
        from_env(dict(BASE, MATRIX_HOMESERVER="matrix.example.org"))
    with pytest.raises(ConfigError, match="RASA_TIMEOUT"):
        from_env(dict(BASE, RASA_TIMEOUT="vite"))
    with pytest.raises(ConfigError, match="MATRIX_DEVICE_ID"):
        from_env(dict(BASE, MATRIX_DEVICE_ID="a b"))


def test_parse_dotenv():
    text = ('# commentaire\nexport A=1\nB = "deux mots"\nC=\'$pas#interprété\'\nD=valeur # note\n'
            'E="x\\"y\\nz"\nligne invalide\n\n')
    assert parse_dotenv(text) == {"A": "1", "B": "deux mots", "C": "$pas#interprété", "D": "valeur",
                                  "E": 'x"y\nz'}


def test_secret_generated_once_and_private(tmp_path):
    config = from_env(dict(BASE, MATRIX_STORE_DIR=str(tmp_path / "store")))
    first = load_secret(config)
    assert len(first) == 64 and first == load_secret(config)
    path = tmp_path / "store" / "sender-secret"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert oct((tmp_path / "store").stat().st_mode & 0o777) == "0o700"
    assert load_secret(from_env(dict(BASE, BRIDGE_SECRET="env-secret"))) == b"env-secret"
