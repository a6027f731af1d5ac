"""Fixtures of the browser tests of the web widget (run by scripts/test-widget.sh).

Starts, on ports of their own (5255 actions, 5205 Rasa, 8280 widget/serve.py),
the real assistant and the demo portal, and Debian's Chromium through Playwright.
Without models/current.tar.gz only the demo server starts, and the tests that
need the real assistant are skipped (the others answer through page.route fakes).
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import List

import pytest

# Shared helpers live beside this file; pytest's --import-mode=importlib does not
# put this folder on sys.path, so do it here (test_widget.py imports them too).
sys.path.insert(0, str(Path(__file__).resolve().parent))
from widget_support import (  # noqa: E402
    ACTIONS_PORT, ARTIFACTS, AXE_JS, BASE, CHROMIUM, CHROMIUM_ARGS, DEMO, MODEL, RASA_PORT, RASA_URL,
    ROOT, WEB_PORT,
)

if os.environ.get("AMO_WIDGET_TESTS") != "1":
    collect_ignore = ["test_widget.py"]  # browser tests: « make test-widget » only


# ---------------------------------------------------------------- servers

def _port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _wait_http(url: str, proc: subprocess.Popen, seconds: int, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[:3]} exited ({proc.returncode}); see {log}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"{url} not ready after {seconds} s; see {log}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


@dataclass
class Servers:
    real_bot: bool


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    real = MODEL.is_file()
    ports = [WEB_PORT] + ([ACTIONS_PORT, RASA_PORT] if real else [])
    busy = [p for p in ports if not _port_free(p)]
    if busy:
        pytest.fail(f"ports already in use: {busy} (another test run?)")
    env = dict(os.environ, PYTHONPATH=str(ROOT), RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
    venv = ROOT / ".venv" / "bin"
    procs: List[subprocess.Popen] = []

    def start(name: str, cmd: List[str]) -> subprocess.Popen:
        log = ARTIFACTS / f"{name}.log"
        with open(log, "w") as out:
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
        procs.append(proc)
        return proc

    try:
        web = start("serve", [str(venv / "python"), "widget/serve.py", "--port", str(WEB_PORT),
                              "--rasa-url", RASA_URL])
        _wait_http(DEMO, web, 20, ARTIFACTS / "serve.log")
        if real:
            endpoints = tmp_path_factory.mktemp("rasa") / "endpoints.yml"
            endpoints.write_text(f'action_endpoint:\n  url: "http://localhost:{ACTIONS_PORT}/webhook"\n')
            env["FICHES_DIR"] = str(tmp_path_factory.mktemp("fiches"))
            env["FICHES_PUBLIC_URL"] = f"http://localhost:{ACTIONS_PORT}"
            actions = start("actions", [str(venv / "python"), "-m", "actions.server",
                                        "--port", str(ACTIONS_PORT)])
            rasa = start("rasa", [str(venv / "rasa"), "run", "--model", str(MODEL), "--endpoints", str(endpoints),
                                  "--credentials", "credentials.yml", "--port", str(RASA_PORT),
                                  "--cors", BASE, "--enable-api"])
            _wait_http(f"http://localhost:{ACTIONS_PORT}/health", actions, 120, ARTIFACTS / "actions.log")
            _wait_http(f"{RASA_URL}/", rasa, 300, ARTIFACTS / "rasa.log")
        yield Servers(real_bot=real)
    finally:
        for proc in reversed(procs):
            _stop(proc)


@pytest.fixture
def real_bot(servers):
    if not servers.real_bot:
        pytest.skip(f"no trained model at {MODEL} (make train)")
    return True


# ---------------------------------------------------------------- browser

@pytest.fixture(scope="session")
def browser(servers):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


CSP_PROBE = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@dataclass
class Tab:
    """A page with what went wrong in it: console errors, page errors, dialogs,
    CSP violations. `allow` holds regexes of expected console errors."""
    page: object
    errors: List[str] = field(default_factory=list)
    dialogs: List[str] = field(default_factory=list)
    allow: List[str] = field(default_factory=list)

    def problems(self) -> List[str]:
        found = [e for e in self.errors if not any(re.search(a, e) for a in self.allow)]
        found += [f"dialog: {d}" for d in self.dialogs]
        try:
            found += [f"CSP: {v}" for v in self.page.evaluate("window.__csp || []")]
        except Exception:  # page closed or navigating
            pass
        return found


@pytest.fixture
def new_tab(browser):
    """new_tab(width, height, scale, context=None) -> Tab; checks at the end of
    the test that no page logged an error, opened a dialog or broke the CSP."""
    contexts, tabs = [], []

    def factory(width: int = 1280, height: int = 800, scale: float = 1, context=None) -> Tab:
        if context is None:
            context = browser.new_context(viewport={"width": width, "height": height},
                                          device_scale_factor=scale, locale="fr-FR")
            contexts.append(context)
        context.add_init_script(CSP_PROBE)
        page = context.new_page()
        page.set_default_timeout(15000)
        tab = Tab(page)
        page.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
        page.on("pageerror", lambda e: tab.errors.append(f"pageerror: {e}"))
        page.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
        tabs.append(tab)
        return tab

    yield factory
    problems = [p for tab in tabs for p in tab.problems()]
    for context in contexts:
        context.close()
    assert not problems, problems


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} missing: scripts/test-widget.sh installs it (npm install axe-core@4)")
    return AXE_JS.read_text(encoding="utf-8")
