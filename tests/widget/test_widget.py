"""The web widget in a real browser (Debian's Chromium driven by Playwright).

Run by scripts/test-widget.sh (« make test-widget »), which installs Chromium,
Playwright and axe-core, and sets AMO_WIDGET_TESTS=1.
"""
from __future__ import annotations

import json
import re
from typing import List

import pytest
from playwright.sync_api import Page, expect

from widget_support import (
    ARTIFACTS, BASE, DEMARCHES, DEMO, RASA_URL, STORAGE_KEY, WEBHOOK, FakeRasa, tracker_user_texts,
)

pytestmark = pytest.mark.slow

LAUNCHER = ".amo-w__launcher"
PANEL = "#amo-w-panel"
INPUT = "#amo-w-input"
LOG = ".amo-w__log"
STATUS = ".amo-w [role=status]"


# ---------------------------------------------------------------- helpers

def norm(text: str) -> str:
    return re.sub(r"[\u00a0\u202f\s]+", " ", text).strip()


def messages(page: Page) -> List[tuple]:
    """The transcript as shown: (who, text) for each message."""
    rows = page.eval_on_selector_all(
        ".amo-w__msg",
        """els => els.map(e => [e.className.match(/amo-w__msg--(\\w+)/)[1],
                            (e.querySelector('.amo-w__bubble') || {}).innerText || ''])""",
    )
    return [(who, norm(text)) for who, text in rows]


def bot_count(page: Page) -> int:
    return page.locator(".amo-w__msg--bot").count()


def wait_bot_after(page: Page, count: int, contains: str) -> None:
    """Waits for a new bot message containing `contains` (beyond the first `count`)."""
    page.wait_for_function(
        """([n, needle]) => {
             const bots = [...document.querySelectorAll('.amo-w__msg--bot')].slice(n);
             return bots.some(b => b.innerText.replace(/[\\u00a0\\u202f]/g, ' ').includes(needle));
           }""",
        arg=[count, contains],
        timeout=60000,
    )


def stored(page: Page) -> dict:
    return json.loads(page.evaluate("k => localStorage.getItem(k)", STORAGE_KEY))


def open_widget(page: Page) -> None:
    page.click(LAUNCHER)
    expect(page.locator(PANEL)).to_be_visible()


def type_message(page: Page, text: str) -> None:
    page.fill(INPUT, text)
    page.press(INPUT, "Enter")


def run_axe(page: Page, axe_source: str, context: str) -> List[dict]:
    """axe-core on `context`; evaluated through the DevTools protocol, which the
    page's CSP (script-src 'self') does not block, unlike an injected <script>."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    return page.evaluate(
        """async (ctx) => {
             const r = await axe.run(ctx, {runOnly: {type: 'tag', values:
               ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
             return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.map(n => n.target.join(' ') + ' : ' + n.failureSummary)}));
           }""",
        context,
    )


def assert_axe_clean(page: Page, axe_source: str, label: str) -> None:
    violations = run_axe(page, axe_source, ".amo-w")
    (ARTIFACTS / f"axe-{label}.json").write_text(json.dumps(violations, indent=2, ensure_ascii=False))
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(serious, indent=2, ensure_ascii=False)
    assert not violations, json.dumps(violations, indent=2, ensure_ascii=False)


# ---------------------------------------------------------------- the real assistant

def test_keyboard_conversation_survives_reload_and_navigation(new_tab, real_bot, axe_source):
    page = new_tab().page
    page.goto(DEMO)

    # Tab through the portal to the launcher, open it with Enter: focus goes to the input.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('amo-w__launcher')"):
            break
    else:
        pytest.fail("the launcher is not reachable with Tab")
    launcher = page.locator(LAUNCHER)
    expect(launcher).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    expect(page.locator(PANEL)).to_be_visible()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(page.locator(INPUT)).to_be_focused()

    # Typed message.
    page.keyboard.type("Bonjour")
    page.keyboard.press("Enter")
    wait_bot_after(page, 0, "J'aide les communes")
    expect(page.get_by_role("button", name="Faire le diagnostic")).to_be_visible()
    sender = stored(page)["sender"]
    assert re.fullmatch(r"[0-9a-f]{32}", sender)

    # Quick reply: its title is shown, its payload is sent.
    n = bot_count(page)
    page.get_by_role("button", name="Faire le diagnostic").click()
    wait_bot_after(page, n, "Pour quelle structure")
    shown = messages(page)
    assert [t for who, t in shown if who == "user"] == ["Bonjour", "Faire le diagnostic"]
    assert not any("/start_diagnostic" in t for _, t in shown)
    assert tracker_user_texts(sender) == ["Bonjour", "/start_diagnostic"]
    assert_axe_clean(page, axe_source, "real-desktop")

    # Reload: same transcript, same conversation, and it goes on.
    page.reload()
    expect(page.locator(PANEL)).to_be_visible()      # it was open: it stays open
    expect(page.locator(INPUT)).not_to_be_focused()  # … without taking the focus
    assert messages(page) == shown
    assert stored(page)["sender"] == sender
    n = bot_count(page)
    page.get_by_role("button", name="Commune", exact=True).click()
    wait_bot_after(page, n, "habitants")
    after = messages(page)
    assert after[: len(shown)] == shown
    assert [t for who, t in after if who == "user"] == ["Bonjour", "Faire le diagnostic", "Commune"]
    assert sum("J'aide les communes" in t for _, t in after) == 1
    assert tracker_user_texts(sender) == ["Bonjour", "/start_diagnostic", '/inform{"structure_type": "commune"}']

    # Another page of the portal: the conversation follows.
    page.get_by_role("navigation").get_by_role("link", name="Démarches").click()
    page.wait_for_url(DEMARCHES)
    expect(page.locator(PANEL)).to_be_visible()
    assert messages(page) == after
    assert stored(page)["sender"] == sender
    n = bot_count(page)
    type_message(page, "800 habitants")
    wait_bot_after(page, n, "projet")
    assert tracker_user_texts(sender)[-1] == "800 habitants"
    assert [t for who, t in messages(page) if who == "user"].count("800 habitants") == 1


def test_fiche_link_downloads_the_pdf(new_tab, real_bot):
    """A whole diagnostic typed in the widget ends with a link to the fiche de
    cadrage, rendered as a safe link, which downloads the PDF."""
    page = new_tab().page
    page.goto(DEMO)
    open_widget(page)
    for text, expected in [
        ("je suis maire d'une commune de 800 habitants et on a 30 000 € pour une étude énergie",
         "De quoi avez-vous surtout besoin"),
        ("de l'expertise", "ponctuel"),
        ("ponctuel", "en interne"),
        ("personne", "partenaires"),
        ("oui mais ils ne peuvent pas", "élu"),
        ("oui le maire", "fiche de cadrage"),
    ]:
        n = bot_count(page)
        type_message(page, text)
        wait_bot_after(page, n, expected)
    link = page.get_by_role("link", name="la fiche en PDF")
    expect(link).to_have_attribute("rel", re.compile("noopener"))
    href = link.get_attribute("href")
    assert re.fullmatch(r"http://localhost:\d+/fiches/[A-Za-z0-9_-]{16,}\.pdf", href)
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/pdf")
    assert response.body()[:5] == b"%PDF-"


def test_reconnection_delivers_the_queued_message_once(new_tab, servers):
    tab = new_tab()
    tab.allow.append(r"net::ERR_")  # the refused connections themselves
    page = tab.page
    page.goto(DEMO)
    fake = None if servers.real_bot else FakeRasa(page)
    refused = []

    def refuse(route):
        refused.append(route.request.method)
        route.abort("connectionrefused")

    page.route(WEBHOOK, refuse)
    open_widget(page)
    type_message(page, "Bonjour")
    status = page.locator(STATUS)
    expect(status).to_contain_text("Connexion au service impossible", timeout=10000)
    expect(page.locator(".amo-w__msg--user .amo-w__pending")).to_be_visible()
    expect(page.get_by_role("button", name="Réessayer maintenant")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "desktop-offline.png"))
    page.wait_for_timeout(3500)                       # a few attempts, with growing delays
    assert 2 <= len(refused) <= 4, refused
    assert bot_count(page) == 0

    delivered = []
    page.on("requestfinished", lambda r: r.url == WEBHOOK and r.method == "POST" and delivered.append(r))
    page.unroute(WEBHOOK, refuse)                     # the server is back
    wait_bot_after(page, 0, "J'aide les communes" if fake is None else "Bonjour.")
    expect(status).to_contain_text("Connexion rétablie")
    expect(page.locator(".amo-w__msg--user .amo-w__pending")).to_be_hidden()
    page.wait_for_timeout(1500)
    assert len(delivered) == 1
    assert [t for who, t in messages(page) if who == "user"] == ["Bonjour"]
    assert stored(page)["queue"] == []
    if fake is None:
        assert tracker_user_texts(stored(page)["sender"]) == ["Bonjour"]
    else:
        assert [b["message"] for b in fake.bodies] == ["Bonjour"]


# ---------------------------------------------------------------- through a fake server

def test_transport_and_conversation_id(new_tab, servers):
    page = new_tab().page
    response = page.goto(DEMO)
    assert response.headers["content-security-policy"] == (
        f"default-src 'self'; connect-src 'self' {RASA_URL}; img-src 'self' data:; "
        "style-src 'self'; script-src 'self'"
    )
    fake = FakeRasa(page)
    open_widget(page)
    type_message(page, "Bonjour")
    wait_bot_after(page, 0, "Bonjour.")
    page.get_by_role("button", name="Parler à quelqu'un").click()
    wait_bot_after(page, 2, "service d'appui")
    state = stored(page)
    assert re.fullmatch(r"[0-9a-f]{32}", state["sender"])
    ids = [b.pop("message_id", None) for b in fake.bodies]
    assert fake.bodies == [
        {"sender": state["sender"], "message": "Bonjour"},
        {"sender": state["sender"], "message": "/human_handoff"},
    ]
    # Each message has its own id (the same only when it is sent again).
    assert all(re.fullmatch(r"[0-9a-f]{32}", i or "") for i in ids) and ids[0] != ids[1]
    assert [t for who, t in messages(page) if who == "user"] == ["Bonjour", "Parler à quelqu'un"]
    # Markdown subset: bold, list, links (mailto and http in a new window).
    last = page.locator(".amo-w__msg--bot").last
    expect(last.locator("strong")).to_have_text("le service d'appui aux communes")
    expect(last.locator("li")).to_have_count(2)
    mail = last.locator("a[href^='mailto:']")
    expect(mail).to_have_attribute("href", "mailto:appui@example.org")
    web = last.locator("a[href^='https:']")
    expect(web).to_have_attribute("target", "_blank")
    expect(web).to_have_attribute("rel", "noopener noreferrer")
    expect(web).to_contain_text("(nouvelle fenêtre)")
    # Colour from data-color, set through the CSSOM without breaking style-src 'self'.
    accent = page.evaluate("getComputedStyle(document.querySelector('.amo-w')).getPropertyValue('--amo-accent')")
    assert accent.strip() == "rgb(35 92 59)"
    assert page.evaluate("document.querySelector('.amo-w').lang") == "fr"
    # Two conversations never share an id.
    page.get_by_role("button", name="Nouvelle conversation").click()
    assert stored(page)["sender"] != state["sender"]
    assert messages(page) == []
    expect(page.locator(STATUS)).to_have_text("Nouvelle conversation commencée.")
    expect(page.locator(INPUT)).to_be_focused()


def test_user_text_is_never_markup(new_tab, servers):
    page = new_tab().page
    page.goto(DEMO)
    FakeRasa(page, answers=lambda m: [{"text": "Bien reçu."}])
    open_widget(page)
    attack = "<img src=x onerror=alert(1)> **gras** [lien](javascript:alert(2))"
    type_message(page, attack)
    wait_bot_after(page, 0, "Bien reçu.")
    bubble = page.locator(".amo-w__msg--user .amo-w__bubble")
    expect(bubble).to_have_text(attack)
    assert page.locator(".amo-w__log").locator("img, strong, a").count() == 0
    page.wait_for_timeout(300)                        # a dialog would have fired by now


def test_bot_text_is_rendered_inert(new_tab, servers):
    crafted = [
        {"text": "<script>alert('script')</script>Texte <img src=x onerror=alert('img')> fin"},
        {"text": "Voir [ce lien](javascript:alert('lien')) et [cet autre](JaVaScRiPt:alert(1)) "
                 "ou [données](data:text/html,<script>alert(3)</script>) ou https://exemple.fr/ok."},
        {"text": '**<b onmouseover="alert(4)">gras</b>**\n- <svg onload=alert(5)>\n- [x](/relatif)',
         "buttons": [{"title": "<img src=x onerror=alert('bouton')>", "payload": "/greet"}]},
        {"image": "javascript:alert('image')"},
        {"custom": {"html": "<script>alert('custom')</script>"}},
    ]
    tab = new_tab()
    page = tab.page
    page.goto(DEMO)
    FakeRasa(page, answers=lambda m: crafted)
    open_widget(page)
    type_message(page, "Bonjour")
    wait_bot_after(page, 0, "Texte")
    page.wait_for_timeout(500)
    log = page.locator(LOG)
    assert log.locator("script, img, svg:not(.amo-w__icon), iframe, b, object, embed").count() == 0
    hrefs = log.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert hrefs == ["https://exemple.fr/ok"]
    attrs = page.evaluate(
        """() => [...document.querySelectorAll('.amo-w *')].flatMap(e =>
             [...e.attributes].map(a => a.name)).filter(n => n.startsWith('on'))"""
    )
    assert attrs == []
    text = norm(log.inner_text())
    assert "<script>alert('script')</script>Texte <img src=x onerror=alert('img')> fin" in text
    assert "Voir ce lien et cet autre ou données ou https://exemple.fr/ok" in text
    expect(page.get_by_role("button", name="<img src=x onerror=alert('bouton')>")).to_be_visible()
    expect(log.locator("strong")).to_have_text('<b onmouseover="alert(4)">gras</b>')
    assert bot_count(page) == 3                      # image and custom messages are ignored
    log.locator("strong").hover()
    assert tab.dialogs == []


def test_escape_closes_and_focus_is_never_stolen(new_tab, servers):
    page = new_tab().page
    page.goto(DEMO)
    fake = FakeRasa(page, hold=True)
    open_widget(page)
    expect(page.locator(INPUT)).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(PANEL)).to_be_hidden()
    expect(page.locator(LAUNCHER)).to_be_focused()
    expect(page.locator(LAUNCHER)).to_have_attribute("aria-expanded", "false")

    # The reader moves on to the portal while the assistant « writes ».
    page.keyboard.press("Enter")
    type_message(page, "Bonjour")
    expect(page.locator(STATUS)).to_have_text("L'assistant écrit…")
    page.locator("main a[href='demarches.html']").focus()
    fake.release()
    wait_bot_after(page, 0, "Bonjour.")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "demarches.html"
    expect(page.locator(STATUS)).to_have_text("")

    # Keyboard only: Tab reaches the quick replies, Enter sends one.
    fake.hold = False
    page.locator(INPUT).focus()
    for _ in range(20):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.textContent") == "Faire le diagnostic":
            break
    else:
        pytest.fail("quick replies not reachable with the keyboard")
    page.keyboard.press("Enter")
    wait_bot_after(page, 2, "/start_diagnostic")
    expect(page.locator(INPUT)).to_be_focused()        # the clicked button is gone
    page.keyboard.press("Escape")
    expect(page.locator(LAUNCHER)).to_be_focused()


def test_navigation_during_a_request_sends_it_again_with_the_same_id(new_tab, servers):
    """The reply to a message is lost when the user changes page: the next
    page sends the message again, with the same message_id (the server then
    answers from the conversation instead of processing it twice); the
    transcript shows the message and its answer once."""
    page = new_tab().page
    page.goto(DEMO)
    fake = FakeRasa(page, hold=True)
    open_widget(page)
    type_message(page, "Bonjour")
    expect(page.locator(STATUS)).to_have_text("L'assistant écrit…")
    fake.wait_held()                                   # the request is on its way…
    fake.hold = False
    page.goto(DEMARCHES)                               # … and its answer never comes back
    wait_bot_after(page, 0, "Bonjour.")
    assert [b["message"] for b in fake.bodies] == ["Bonjour", "Bonjour"]
    ids = [b.get("message_id") for b in fake.bodies]
    assert ids[0] and ids[0] == ids[1] and re.fullmatch(r"[0-9a-f]{32}", ids[0])
    assert [t for who, t in messages(page) if who == "user"] == ["Bonjour"]
    expect(page.locator(".amo-w__msg--note")).to_have_count(0)
    # The next message has its own id.
    type_message(page, "Merci")
    wait_bot_after(page, 2, "Réponse à : Merci")
    assert fake.bodies[-1]["message_id"] not in (None, ids[0])


def test_two_tabs_share_the_conversation_and_send_once(new_tab, servers):
    first = new_tab().page
    second = new_tab(context=first.context).page
    fakes = [FakeRasa(first), FakeRasa(second)]
    first.goto(DEMO)
    second.goto(DEMARCHES)
    open_widget(first)
    type_message(first, "Bonjour")
    wait_bot_after(first, 0, "Bonjour.")
    wait_bot_after(second, 0, "Bonjour.")            # through the storage event
    first.wait_for_timeout(500)
    assert messages(first) == messages(second)
    assert sum(len(f.bodies) for f in fakes) == 1


@pytest.mark.parametrize("width,height", [(1280, 800), (320, 640)])
def test_axe_finds_no_violation(new_tab, servers, axe_source, width, height):
    page = new_tab(width, height).page
    page.goto(DEMO)
    FakeRasa(page)
    assert_axe_clean(page, axe_source, f"closed-{width}")
    open_widget(page)
    type_message(page, "Bonjour")
    wait_bot_after(page, 0, "Bonjour.")
    page.get_by_role("button", name="Parler à quelqu'un").click()
    wait_bot_after(page, 2, "service d'appui")
    type_message(page, "encore")
    wait_bot_after(page, 3, "encore")
    assert_axe_clean(page, axe_source, f"open-{width}")
    # The portal page as a whole, widget included.
    page_violations = [v for v in run_axe(page, axe_source, "html") if v["impact"] in ("serious", "critical")]
    assert not page_violations, page_violations
    if width == 320:                                 # full screen, nothing wider than the viewport
        box = page.locator(PANEL).bounding_box()
        assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 320, 640)
        assert page.evaluate("document.querySelector('.amo-w__log').scrollWidth <= 320")


SIZES = {"desktop": (1280, 800, 1), "320px": (320, 640, 1), "zoom200": (640, 400, 2)}


@pytest.mark.parametrize("name", SIZES)
def test_screenshots(new_tab, servers, name):
    """Closed and open widget, for a person to look at (tests/artifacts/widget/).
    « zoom200 » is a 1280×800 screen at 200 %: 640×400 CSS pixels, scale 2."""
    width, height, scale = SIZES[name]
    page = new_tab(width, height, scale).page
    page.goto(DEMO)
    if not servers.real_bot:
        FakeRasa(page)
    expect(page.locator(LAUNCHER)).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / f"{name}-closed.png"))
    open_widget(page)
    type_message(page, "Bonjour")
    wait_bot_after(page, 0, "Bonjour")
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / f"{name}-open.png"))
    page.locator(INPUT).focus()
    page.keyboard.press("Shift+Tab")                  # keyboard focus on the last quick reply
    expect(page.locator(".amo-w__reply").last).to_be_focused()
    page.screenshot(path=str(ARTIFACTS / f"{name}-focus.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_small_screen_reload_does_not_cover_the_page(new_tab, servers):
    """Full screen on a phone: after a reload or another page, the panel stays
    closed (the conversation is kept) instead of hiding the page asked for."""
    page = new_tab(320, 640).page
    page.goto(DEMO)
    FakeRasa(page)
    open_widget(page)
    type_message(page, "Bonjour")
    wait_bot_after(page, 0, "Bonjour.")
    page.goto(DEMARCHES)
    expect(page.locator(PANEL)).to_be_hidden()
    open_widget(page)
    assert [t for who, t in messages(page) if who == "user"] == ["Bonjour"]
    expect(page.locator(LAUNCHER)).to_be_hidden()     # under the full-screen panel
    page.keyboard.press("Escape")
    expect(page.locator(LAUNCHER)).to_be_focused()


NEUTRAL_CONTACT = "demandez à l'assistant vers qui vous tourner."


@pytest.mark.parametrize("setting, shown, href", [
    ("", NEUTRAL_CONTACT, None),                       # the demo portal: no contact given
    ('data-contact="appui.communes@exemple-interco.fr"', NEUTRAL_CONTACT, None),
    ('data-contact="01 23 45 67 89"', NEUTRAL_CONTACT, None),
    ('data-contact="amo@cc-du-val.fr"', "amo@cc-du-val.fr", "mailto:amo@cc-du-val.fr"),
])
def test_footer_contact_is_the_portal_setting(new_tab, servers, setting, shown, href):
    """The footer's « Parler à une personne » comes from data-contact; without
    it, or with an example value, a neutral line that is no contact."""
    page = new_tab().page
    if setting:
        def configure(route):
            response = route.fetch()
            route.fulfill(response=response, body=response.text().replace(
                'data-color="#235c3b"', f'data-color="#235c3b" {setting}'))

        page.route(DEMO, configure)
    page.goto(DEMO)
    open_widget(page)
    contact = page.locator(".amo-w__footer .amo-w__contact")
    expect(contact).to_contain_text("Parler à une personne")
    expect(contact).to_contain_text(shown)
    if href:
        expect(contact.locator("a")).to_have_attribute("href", href)
    else:
        expect(contact.locator("a")).to_have_count(0)
        expect(page.locator(".amo-w__footer")).not_to_contain_text("exemple")


@pytest.mark.parametrize("color", ["#f4d35e", "#7fb3ff", "#000"])
def test_any_data_color_keeps_contrasts(new_tab, servers, axe_source, color):
    """A pale or dark accent: the text colours derived from it stay ≥ 4.5:1."""
    page = new_tab().page

    def recolour(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace('data-color="#235c3b"', f'data-color="{color}"'))

    page.route(DEMO, recolour)
    page.goto(DEMO)
    FakeRasa(page)
    open_widget(page)
    type_message(page, "Bonjour")
    wait_bot_after(page, 0, "Bonjour.")
    page.get_by_role("button", name="Parler à quelqu'un").click()
    wait_bot_after(page, 2, "service d'appui")
    assert_axe_clean(page, axe_source, f"color-{color.lstrip('#')}")
