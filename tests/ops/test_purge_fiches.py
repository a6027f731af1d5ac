"""ops/purge.py purges the fiches de cadrage with the conversations.

Fast (no server, no Rasa import): a temporary SQLite database with the
``events`` table of Rasa's SQLTrackerStore, and a temporary ``FICHES_DIR``.
The fiches are written by ``assistant.fiche_store`` itself, then aged with
``os.utime``; the conversations are aged through their timestamps.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from assistant.fiche import ensure_pdf
from assistant.fiche_store import fiche_path, save_fiche
from ops import purge

ROOT = Path(__file__).resolve().parents[2]
DAY = 86_400


def make_tracker_db(path: Path, conversations: dict) -> str:
    """``conversations``: sender -> ages (days) of its events. Same columns as
    the ``events`` table of Rasa 3.6's SQLTrackerStore."""
    url = f"sqlite:///{path}"
    engine = sa.create_engine(url)
    metadata = sa.MetaData()
    events = sa.Table(
        "events", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False, index=True),
        sa.Column("type_name", sa.String(255), nullable=False),
        sa.Column("timestamp", sa.Float),
        sa.Column("intent_name", sa.String(255)),
        sa.Column("action_name", sa.String(255)),
        sa.Column("data", sa.Text),
    )
    metadata.create_all(engine)
    now = time.time()
    with engine.begin() as connection:
        for sender, ages in conversations.items():
            for age in ages:
                connection.execute(events.insert(), {
                    "sender_id": sender, "type_name": "user", "timestamp": now - age * DAY,
                    "intent_name": "greet", "data": '{"event": "user", "text": "bonjour"}'})
    engine.dispose()
    return url


def senders(url: str) -> set:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT DISTINCT sender_id FROM events")).fetchall()
    engine.dispose()
    return {row[0] for row in rows}


def age_files(paths, days: float) -> None:
    stamp = time.time() - days * DAY
    for path in paths:
        os.utime(path, (stamp, stamp))


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch):
    """Never the real database nor the repository's ``.env`` (ops/purge.py reads
    it unless AMO_NO_DOTENV is set)."""
    monkeypatch.setenv("AMO_NO_DOTENV", "1")
    for name in ("DB_URL", "SQLITE_PATH", "RETENTION_DAYS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fiches(tmp_path, monkeypatch):
    """Three fiches in a temporary FICHES_DIR (the default folder is never touched):

    - ``old``: made 40 days ago, PDF rendered 40 days ago;
    - ``old_late_pdf``: made 35 days ago, its PDF first downloaded 2 days ago
      (and an interrupted PDF rendering left behind);
    - ``recent``: made 29 days ago, PDF rendered today.
    """
    directory = tmp_path / "fiches"
    monkeypatch.setenv("FICHES_DIR", str(directory))
    made = {}
    for name in ("old", "old_late_pdf", "recent"):
        stored = save_fiche(f"# {name}", f"<p>{name}</p>")
        (directory / f"{stored.id}.pdf").write_bytes(b"%PDF-1.7 " + name.encode())
        made[name] = stored
    age_files([made["old"].markdown, made["old"].html, directory / f"{made['old'].id}.pdf"], 40)
    age_files([made["old_late_pdf"].markdown, made["old_late_pdf"].html], 35)
    age_files([directory / f"{made['old_late_pdf'].id}.pdf"], 2)
    (directory / f".{made['old_late_pdf'].id}.pdf.0a1b2c3d.tmp").write_bytes(b"%PDF-partial")
    age_files([made["recent"].markdown, made["recent"].html], 29)
    (directory / "LISEZMOI.txt").write_text("pas une fiche")
    age_files([directory / "LISEZMOI.txt"], 400)
    return directory, made


def files_of(directory: Path, fiche_id: str) -> list:
    return sorted(p.name for p in directory.iterdir() if fiche_id in p.name)


def test_purge_removes_old_conversations_and_old_fiches(tmp_path, fiches):
    directory, made = fiches
    url = make_tracker_db(tmp_path / "rasa.db", {"vieille": [45, 40], "active": [60, 0.5], "neuve": [1]})

    assert purge.main(["--days", "30", "--db-url", url]) == 0

    assert senders(url) == {"active", "neuve"}
    assert files_of(directory, made["old"].id) == []
    # Every format goes with the fiche, even a PDF rendered after its creation.
    assert files_of(directory, made["old_late_pdf"].id) == []
    assert fiche_path(made["old_late_pdf"].id, "pdf") is None
    assert ensure_pdf(made["old_late_pdf"].id) is None        # the server answers 404
    recent = made["recent"].id
    assert files_of(directory, recent) == [f"{recent}.html", f"{recent}.md", f"{recent}.pdf"]
    assert (directory / "LISEZMOI.txt").exists()
    # Nothing left to purge.
    assert purge.main(["--days", "30", "--db-url", url]) == 0
    assert len(files_of(directory, recent)) == 3


def test_dry_run_deletes_nothing(tmp_path, fiches):
    directory, made = fiches
    url = make_tracker_db(tmp_path / "rasa.db", {"vieille": [45], "neuve": [1]})
    before = sorted(p.name for p in directory.iterdir())
    assert purge.main(["--days", "30", "--db-url", url, "--dry-run"]) == 0
    assert senders(url) == {"vieille", "neuve"}
    assert sorted(p.name for p in directory.iterdir()) == before


def test_retention_comes_from_the_command_line(tmp_path, fiches):
    directory, made = fiches
    url = make_tracker_db(tmp_path / "rasa.db", {"vieille": [45]})
    assert purge.main(["--days", "50", "--db-url", url]) == 0
    assert senders(url) == {"vieille"}
    assert all(files_of(directory, stored.id) for stored in made.values())
    assert purge.main(["--days", "28", "--db-url", url]) == 0
    assert senders(url) == set()
    assert not any(files_of(directory, stored.id) for stored in made.values())


def test_a_failing_fiche_purge_makes_the_exit_code_1(tmp_path, fiches, monkeypatch):
    url = make_tracker_db(tmp_path / "rasa.db", {"vieille": [45]})

    def broken(days):
        raise PermissionError("lecture seule")

    monkeypatch.setattr(purge, "fiche_purger", lambda: broken)
    assert purge.main(["--days", "30", "--db-url", url]) == 1
    assert senders(url) == set()        # the conversations are purged all the same


def test_command_line_with_environment(tmp_path, fiches):
    """As cron runs it: ``python ops/purge.py``, RETENTION_DAYS, SQLITE_PATH, FICHES_DIR."""
    directory, made = fiches
    db = tmp_path / "rasa.db"
    make_tracker_db(db, {"vieille": [45], "neuve": [1]})
    env = {**os.environ, "RETENTION_DAYS": "30", "SQLITE_PATH": str(db), "FICHES_DIR": str(directory),
           "AMO_NO_DOTENV": "1"}
    done = subprocess.run([sys.executable, str(ROOT / "ops" / "purge.py")], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Fiches de cadrage de plus de 30 jours supprimées : 2" in done.stderr
    assert senders(f"sqlite:///{db}") == {"neuve"}
    assert files_of(directory, made["old"].id) == files_of(directory, made["old_late_pdf"].id) == []
    assert len(files_of(directory, made["recent"].id)) == 3
