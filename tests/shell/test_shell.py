"""« make shell »: a tester's French conversation in the terminal (rasa shell
with the action server), driven through a real pseudo-terminal."""
import os
import re
import signal
import socket
from pathlib import Path

import pexpect
import pytest

from tests.net import free_port

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
DOWN = "\x1b[B"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def test_shell_holds_a_french_conversation(tmp_path):
    actions_port, rasa_port = free_port(), free_port()
    env = {**os.environ, "ACTIONS_PORT": str(actions_port), "RASA_PORT": str(rasa_port),
           "TERM": "xterm", "COLUMNS": "120", "LINES": "40"}
    log = (tmp_path / "shell.log").open("w")
    shell = pexpect.spawn("bash", ["scripts/run.sh", "--shell"], cwd=str(ROOT), env=env,
                          encoding="utf-8", dimensions=(40, 120), timeout=300)
    shell.logfile_read = log
    try:
        shell.expect("Your input ->")
        shell.sendline("Bonjour")
        shell.expect("maîtrise d'ouvrage", timeout=60)
        shell.expect("Faire le diagnostic", timeout=60)  # the menu, as a selection
        shell.send("\r")                                 # first choice: start the diagnostic
        shell.expect("Pour quelle structure", timeout=60)
        shell.expect("Type out your own message", timeout=30)
        shell.send(DOWN * 4 + "\r")                      # after the 4 buttons: free text
        shell.expect("Your input ->", timeout=30)
        shell.sendline("une communaute de communes")
        shell.expect("Combien d'habitants", timeout=60)
        shell.expect("Your input ->", timeout=30)
        shell.sendline("/stop")
        shell.expect(pexpect.EOF, timeout=60)
    finally:
        if shell.isalive():
            shell.kill(signal.SIGINT)
            shell.expect(pexpect.EOF, timeout=30)
        log.close()
    transcript = ANSI.sub("", (tmp_path / "shell.log").read_text())
    assert "Traceback" not in transcript
    assert port_is_free(actions_port), "the action server was stopped with the shell"
