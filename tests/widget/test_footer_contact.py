"""The human contact in the widget's footer is a setting of the portal
(``data-contact``), without a browser: what the demo server puts in its pages,
and the rule that keeps example values out (run by Node, the same as the
assistant's ``actions.common.is_placeholder``). The footer itself, in
Chromium, is tested in test_widget.py."""
from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import threading
import urllib.request
from functools import partial
from http.server import ThreadingHTTPServer

import pytest

from widget_support import ROOT

WIDGET_JS = ROOT / "widget" / "amo-widget.js"
DEMO_PAGES = sorted((ROOT / "widget" / "demo").glob("*.html"))


def _serve_module():
    spec = importlib.util.spec_from_file_location("widget_serve", ROOT / "widget" / "serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_demo_pages_carry_no_contact_of_their_own():
    """The demo portal showed « appui.communes@exemple-interco.fr » as the
    person to talk to: a contact that looks real and is not."""
    for page in DEMO_PAGES:
        text = page.read_text(encoding="utf-8")
        assert "data-contact" not in text and "exemple-interco" not in text, page.name


@pytest.fixture
def demo_page():
    serve = _serve_module()

    def fetch(argv):
        handler = serve.configured(serve.options(argv))
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(serve.ROOT)))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}/demo/"
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.read().decode("utf-8")
        finally:
            server.shutdown()
            server.server_close()

    return serve, fetch


def test_the_demo_server_gives_the_portal_contact(demo_page, monkeypatch):
    serve, fetch = demo_page
    monkeypatch.delenv("AMO_CONTACT_EMAIL", raising=False)
    page = fetch(["--rasa-url", "http://localhost:5005"])
    assert "data-contact" not in page                   # none: the widget's neutral line
    page = fetch(["--contact", 'amo@cc-du-val.fr" onload="x'])
    assert 'data-contact="amo@cc-du-val.fr&quot; onload=&quot;x"' in page
    # The assistant's own setting (AMO_CONTACT_EMAIL) by default: both say the same.
    monkeypatch.setenv("AMO_CONTACT_EMAIL", "amo@cc-du-val.fr")
    assert serve.options([]).contact == "amo@cc-du-val.fr"
    assert 'data-server="http://localhost:5005" data-contact="amo@cc-du-val.fr"' in fetch([])


VALUES = [
    "", "   ", "appui.communes@exemple-interco.fr", "contact@example.org", "https://www.exemple.fr/appui",
    "EXEMPLE", "01 23 45 67 89", "+33 1 23 45 67 89", "00 00 00 00 00",
    "amo@cc-du-val.fr", "03 81 00 00 12", "https://www.cc-val-de-loue.fr/appui",
    "exemplaire@mairie.fr", "service contre-exemples", "Mme Dupont, mairie de Val",
]


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js absent")
def test_the_widget_refuses_the_same_example_values_as_the_assistant():
    from actions.common import is_placeholder

    source = WIDGET_JS.read_text(encoding="utf-8")
    rule = re.search(r"// contact:start[^\n]*\n(.*?)// contact:end", source, re.S)
    assert rule, "contact:start / contact:end markers missing in amo-widget.js"
    script = rule.group(1) + f"\nprocess.stdout.write(JSON.stringify({json.dumps(VALUES)}.map(realContact)));"
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    for value, kept in zip(VALUES, shown):
        assert (kept == "") == is_placeholder(value), (value, kept)
        assert kept in ("", value.strip())
    assert shown[VALUES.index("amo@cc-du-val.fr")] == "amo@cc-du-val.fr"
    assert shown[VALUES.index("appui.communes@exemple-interco.fr")] == ""
