"""Processus du test de bout en bout du pont Matrix (bibliothèque standard seulement).

Démarre, sur la boucle locale (127.0.0.1) uniquement :
- Synapse (son propre environnement ``.venv-synapse``, SQLite, configuration
  générée par ``--generate-config`` puis complétée par un second fichier) ;
- le serveur d'actions (``python -m actions.server``, qui sert aussi les fiches
  de cadrage) et Rasa (``.venv``), ou rien si ``fake_rasa`` ;
- ``rasa_proxy.py`` devant Rasa (panne simulée, journal des messages reçus) ;
- le pont (``.venv-bridge/bin/python -m bridge``).

Chaque processus a son propre groupe de processus (arrêté en entier) ; les
identifiants sont aussi écrits dans ``<dossier>/pids`` pour que
``scripts/test-matrix.sh`` puisse tout arrêter même si pytest est tué.
Toutes les attentes sont bornées.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SERVER_NAME = "localhost"
SHARED_SECRET = "test-registration-secret"


class StackError(RuntimeError):
    pass


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def pick_port(preferred: int) -> int:
    """``preferred`` s'il est libre, sinon un port libre quelconque."""
    if port_free(preferred):
        return preferred
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_ok(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def http_json(method: str, url: str, payload=None, timeout: float = 30.0):
    data = None if payload is None else json.dumps(payload).encode("utf-8")
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read() or b"null")


class Stack:
    """Les processus démarrés pour le test, et leur arrêt (même en cas d'échec)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.logs = root / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.procs: Dict[str, subprocess.Popen] = {}
        self.pid_file = root / "pids"

    # -- processus ---------------------------------------------------------

    def start(self, name: str, argv: List[str], env: Optional[dict] = None,
              cwd: Optional[Path] = None) -> subprocess.Popen:
        if name in self.procs and self.procs[name].poll() is None:
            raise StackError(f"{name} tourne déjà")
        log = open(self.logs / f"{name}.log", "ab")
        log.write(f"\n===== {time.strftime('%H:%M:%S')} {' '.join(argv)}\n".encode())
        log.flush()
        full_env = dict(os.environ)
        full_env.update(env or {})
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                cwd=str(cwd or REPO), env=full_env, start_new_session=True)
        log.close()
        self.procs[name] = proc
        with open(self.pid_file, "a", encoding="utf-8") as handle:
            handle.write(f"{proc.pid}\n")
        return proc

    def alive(self, name: str) -> bool:
        proc = self.procs.get(name)
        return proc is not None and proc.poll() is None

    def stop(self, name: str, timeout: float = 15.0) -> Optional[int]:
        """SIGTERM au groupe du processus, SIGKILL après ``timeout`` s ; renvoie le code de sortie."""
        proc = self.procs.get(name)
        if proc is None:
            return None
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(10)
        else:
            # Le chef est mort : ses enfants éventuels aussi doivent partir.
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        return proc.returncode

    def stop_all(self) -> None:
        for name in reversed(list(self.procs)):
            try:
                self.stop(name)
            except Exception as exc:  # noqa: BLE001 - on arrête tout ce qu'on peut
                print(f"arrêt de {name} : {exc}", file=sys.stderr)

    def log_tail(self, name: str, lines: int = 40) -> str:
        path = self.logs / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def wait_until(self, name: str, check, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if check():
                return
            if not self.alive(name):
                raise StackError(f"{name} s'est arrêté ({what}) :\n{self.log_tail(name)}")
            time.sleep(0.25)
        raise StackError(f"{name} : {what} non atteint en {timeout:.0f} s :\n{self.log_tail(name)}")

    def wait_log(self, name: str, text: str, timeout: float, after: int = 0) -> int:
        """Attend ``text`` dans le journal de ``name`` (après l'octet ``after``) ;
        renvoie la position après la ligne trouvée."""
        path = self.logs / f"{name}.log"
        found = {}

        def check() -> bool:
            data = path.read_bytes()[after:] if path.exists() else b""
            i = data.find(text.encode("utf-8"))
            if i >= 0:
                found["pos"] = after + i + len(text)
                return True
            return False

        self.wait_until(name, check, timeout, f"« {text} » dans le journal")
        return found["pos"]

    def log_size(self, name: str) -> int:
        path = self.logs / f"{name}.log"
        return path.stat().st_size if path.exists() else 0


# -- Synapse -----------------------------------------------------------------

def synapse_python() -> Path:
    return Path(os.environ.get("SYNAPSE_PYTHON", REPO / ".venv-synapse/bin/python"))


def setup_synapse(root: Path, port: int) -> List[Path]:
    """Génère la configuration (SQLite, boucle locale, pas de fédération) ; renvoie
    les fichiers à passer à ``-c``."""
    conf = root / "synapse"
    conf.mkdir(parents=True, exist_ok=True)
    main = conf / "homeserver.yaml"
    subprocess.run(
        [str(synapse_python()), "-m", "synapse.app.homeserver", "--server-name", SERVER_NAME,
         "--config-path", str(main), "--generate-config", "--report-stats=no",
         "--data-directory", str(conf / "data")],
        check=True, timeout=120, stdout=subprocess.DEVNULL, cwd=str(conf),
    )
    relaxed = {"per_second": 1000, "burst_count": 1000}
    overrides = {
        # Un seul écouteur, client seulement, sur 127.0.0.1 : pas de fédération.
        "listeners": [{"port": port, "bind_addresses": ["127.0.0.1"], "type": "http", "tls": False,
                       "x_forwarded": False, "resources": [{"names": ["client"], "compress": False}]}],
        "enable_registration": False,
        "registration_shared_secret": SHARED_SECRET,
        "report_stats": False,
        "trusted_key_servers": [],
        "suppress_key_server_warning": True,
        "federation_domain_whitelist": [],
        "presence": {"enabled": False},
        "url_preview_enabled": False,
        "rc_message": relaxed,
        "rc_login": {"address": relaxed, "account": relaxed, "failed_attempts": relaxed},
        "rc_joins": {"local": relaxed, "remote": relaxed},
        "rc_invites": {"per_room": relaxed, "per_user": relaxed, "per_issuer": relaxed},
        "rc_registration": relaxed,
        "rc_key_requests": relaxed,
        "rc_admin_redaction": relaxed,
    }
    extra = conf / "test-overrides.yaml"
    extra.write_text(json.dumps(overrides, indent=2))  # JSON est du YAML valide
    return [main, extra]


def start_synapse(stack: Stack, config_files: List[Path], port: int, timeout: float = 90) -> None:
    argv = [str(synapse_python()), "-m", "synapse.app.homeserver"]
    for path in config_files:
        argv += ["-c", str(path)]
    stack.start("synapse", argv, cwd=config_files[0].parent)
    stack.wait_until("synapse", lambda: http_ok(f"http://127.0.0.1:{port}/health"), timeout,
                     "réponse sur /health")


def register_user(port: int, user: str, password: str) -> str:
    tool = synapse_python().parent / "register_new_matrix_user"
    subprocess.run(
        [str(tool), "-u", user, "-p", password, "--no-admin", "-k", SHARED_SECRET,
         f"http://127.0.0.1:{port}"],
        check=True, timeout=60, stdout=subprocess.DEVNULL,
    )
    return f"@{user}:{SERVER_NAME}"


# -- Rasa ------------------------------------------------------------------

def fiches_public_url(actions_port: int) -> str:
    """Début des liens des fiches (``FICHES_PUBLIC_URL``). « localhost » exprès :
    le pont, lui, télécharge par 127.0.0.1 (``BRIDGE_FICHES_URL``), jamais par le lien."""
    return f"http://localhost:{actions_port}"


def start_rasa(stack: Stack, actions_port: int, rasa_port: int, model: Path) -> None:
    """Démarre le serveur d'actions (avec la route des fiches de cadrage, fiches
    dans ``<dossier>/fiches``) et Rasa, sans attendre (voir ``wait_rasa``)."""
    env = {"PYTHONPATH": str(REPO), "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
           "PYTHONHASHSEED": "0"}
    rasa = str(REPO / ".venv/bin/rasa")
    actions_env = {**env, "SANIC_HOST": "127.0.0.1", "FICHES_DIR": str(stack.root / "fiches"),
                   "FICHES_PUBLIC_URL": fiches_public_url(actions_port)}
    stack.start("actions", [str(REPO / ".venv/bin/python"), "-m", "actions.server", "--actions", "actions",
                            "--port", str(actions_port)], env=actions_env)
    # Une copie : un « make train » lancé pendant le test ne change pas le modèle servi.
    copy = stack.root / "model.tar.gz"
    shutil.copyfile(model, copy)
    model = copy
    endpoints = stack.root / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://localhost:{actions_port}/webhook"\n')
    stack.start("rasa", [rasa, "run", "--model", str(model), "--endpoints", str(endpoints),
                         "--credentials", str(REPO / "credentials.yml"), "--port", str(rasa_port),
                         "--interface", "127.0.0.1"], env=env)


def wait_rasa(stack: Stack, actions_port: int, rasa_port: int, timeout: float = 300) -> None:
    stack.wait_until("actions", lambda: http_ok(f"http://127.0.0.1:{actions_port}/health"), timeout,
                     "réponse sur /health")
    stack.wait_until("rasa", lambda: http_ok(f"http://127.0.0.1:{rasa_port}/"), timeout,
                     "réponse sur /")


def start_proxy(stack: Stack, port: int, upstream: Optional[str]) -> None:
    argv = [sys.executable, str(HERE / "rasa_proxy.py"), "--port", str(port)]
    if upstream:
        argv += ["--upstream", upstream]
    stack.start("rasa_proxy", argv)
    stack.wait_until("rasa_proxy", lambda: http_ok(f"http://127.0.0.1:{port}/_requests"), 20,
                     "réponse sur /_requests")


# -- Pont --------------------------------------------------------------------

def bridge_python() -> Path:
    return Path(os.environ.get("BRIDGE_PYTHON", REPO / ".venv-bridge/bin/python"))


def start_bridge(stack: Stack, env: dict, name: str = "bridge") -> None:
    full = {"BRIDGE_ENV_FILE": str(stack.root / "no-such.env"), "PYTHONUNBUFFERED": "1"}
    full.update(env)
    stack.start(name, [str(bridge_python()), "-m", "bridge"], env=full, cwd=REPO)
